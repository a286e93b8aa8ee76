"""Prove every step of a derivation against an independent nodal solution.

For each step, the quantities it mentions (V11, I_RG, ...) are replaced by
their values in the nodal solution of the step's scenario, the sources that
scenario zeroes are set to 0, the matching conditions the step relies on are
applied, and left minus right must cancel to exactly 0. A step that fails
raises :class:`~derive.errors.UnprovedStepError`; it is never printed.
"""
from sympy import S, cancel

from ..errors import UnprovedStepError
from ..solver import solve
from .ratfunc import is_zero


def quantity_values(circuit, quantities):
    """``{symbol: value}`` for quantities, each from its scenario's nodal solution."""
    solutions, values = {}, {}
    for q in quantities:
        sc = q.scenario
        if sc.id not in solutions:
            solutions[sc.id] = solve(sc.apply(circuit))
        sol = solutions[sc.id]
        values[q.symbol] = sol.v(q.ref) if q.what == "node" else sol.current(q.ref)
    return values


def _zeroed_sources(circuit, scenario):
    out = {}
    for e in circuit.sources:
        if e.name in scenario.zeroed:
            out.update({s: S.Zero for s in e.value.free_symbols})
    return out


def residual(step, derivation, known):
    """Left minus right of ``step`` with quantities, scenario and conditions applied.

    ``known`` maps each quantity symbol to its value in the step's scenario.
    """
    expr = step.equation.lhs - step.equation.rhs
    expr = expr.xreplace(known)
    expr = expr.xreplace(_zeroed_sources(derivation.circuit, step.scenario))
    expr = expr.xreplace(derivation.conditions(step))
    return expr


def _scenario_values(derivation, values):
    """``{scenario id: {symbol: value}}``: a scenario's own quantities, plus the
    quantities of other scenarios whose symbol is used only once (Vout1 in the sum)."""
    counts = {}
    for q in derivation.quantities:
        counts[q.symbol] = counts.get(q.symbol, 0) + 1
    shared = {q.symbol: values[(q.scenario.id, q.symbol)]
              for q in derivation.quantities if counts[q.symbol] == 1}
    out = {}
    for step in derivation.steps:
        sc = step.scenario.id
        if sc not in out:
            own = {q.symbol: values[(sc, q.symbol)] for q in derivation.quantities if q.scenario.id == sc}
            out[sc] = {**shared, **own}
    return out


def verify(derivation):
    """Raise UnprovedStepError unless every step holds; return the derivation."""
    by_scenario = {}
    for q in derivation.quantities:
        by_scenario.setdefault(q.scenario.id, []).append(q)
    values = {}
    for qs in by_scenario.values():
        for sym, v in quantity_values(derivation.circuit, qs).items():
            values[(qs[0].scenario.id, sym)] = v
    known = _scenario_values(derivation, values)
    for step in derivation.steps:
        expr = residual(step, derivation, known[step.scenario.id])
        if expr != 0 and not is_zero(expr):
            raise UnprovedStepError(step, cancel(expr.together()))
    return derivation
