"""The classic s-domain mistakes of a formula answer, found exactly.

The s left out (``missing_s``: right only at s = 1), a resistor and a capacitor
exchanged (``rc_swapped``), and two elements in parallel written as in series
(``parallel_as_sum``: R + 1/(sC) for R ∥ 1/(sC)).
"""
from .candidates import matches, memo, point_values, swapped_values


def sdomain_diagnosis(answer, points, problem):
    """The classic s-domain mistakes (see the module doc), tried in that order."""
    if "s" not in problem.names:
        return []
    at_one = memo(problem, "s=1", lambda: point_values(problem.tree, [dict(p, s=1) for p in points]))
    if matches(answer, at_one):
        return [("missing_s", {})]
    roles = _roles(problem.context)
    for r in [n for n in problem.names if roles.get(n) == "resistance"]:
        for c in [n for n in problem.names if roles.get(n) == "capacitance"]:
            if matches(answer, swapped_values(problem, points, r, c)):
                return [("rc_swapped", {"r": r, "c": c})]
    for names, tree in _in_series(problem):
        if matches(answer, memo(problem, ("series", names), lambda: point_values(tree, points))):
            return [("parallel_as_sum", {"a": names[0], "b": names[1]})]
    return []


def _roles(context):
    """``{symbol name: role of its element's value}`` ('resistance', 'capacitance', ...)."""
    out = {}
    for c in (context.original, context.original.general()):
        for e in c.elements:
            for s in getattr(e.value, "free_symbols", ()):
                out.setdefault(s.name, e.role)
    return out


def _in_series(problem):
    """``[((name, name), tree)]``: the quantity asked with each pair of passives in
    parallel drawn in series instead (only for the output, the usual question)."""
    from dataclasses import replace

    from ..solver import solve
    from .tree import from_sympy

    ctx = problem.context
    if problem.quantity != ctx.output or problem.given:
        return []
    circuit = ctx.derivation.circuit
    groups = {}
    for e in circuit.passives:
        groups.setdefault(frozenset(e.nodes), []).append(e)
    out = []
    for group in groups.values():
        if len(group) != 2:
            continue
        first, second = group
        middle = "_series_" + first.name
        elements = tuple(
            replace(e, nodes=(e.nodes[0], middle)) if e is first
            else replace(e, nodes=(middle, e.nodes[1])) if e is second else e
            for e in circuit.elements)
        try:
            value = solve(replace(circuit, elements=elements)).output
        except Exception:   # the series circuit may have no solution: no candidate
            continue
        out.append(((first.name, second.name), from_sympy(value.subs(circuit.match_substitutions()))))
    return out
