"""Steps every strategy shares: assumptions, simplification, special cases,
and the nodal fallback that finishes any circuit no textbook rule covers."""
from sympy import Add, Eq, S, cancel

from .forms import gain_form, linear_form, pair_form
from .model import FULL_SCENARIO
from .topology import passives_at, source_nodes


def prose_name(element, impedance=False):
    """What the prose calls ``element``: its value when that is symbolic (``Rin``),
    else its own name (``R1``), so a numeric deck's ``R1 a b 10k`` reads "R1" in
    the text, never "10000" (the equations keep the numbers). With ``impedance``,
    its impedance in those terms (``1/(s*C1)``).

    >>> from sympy import Rational
    >>> from derive.circuit.elements import Capacitor, Resistor
    >>> prose_name(Resistor("R1", ("a", "b"), Rational(10000))), prose_name(Capacitor("C1", ("a", "0"), Rational(1, 10**7)), True)
    (R1, 1/(C1*s))
    """
    from dataclasses import replace

    from sympy import Symbol

    value = element.value
    if value is None or value.free_symbols:
        return element.impedance() if impedance else value
    named = replace(element, value=Symbol(element.name, positive=True))
    return named.impedance() if impedance else named.value


def assumption_steps(b, circuit):
    """One step per matching condition (R5 = R6 ...): ``{replaced symbol: step}``."""
    steps = {}
    for kept, replaced, _ in circuit.matches:
        steps[replaced] = b.add(f"assume-{replaced}", "assumption", kept, replaced,
                                kept=kept, replaced=replaced, condition=Eq(kept, replaced, evaluate=False))
    return steps


def apply_assumptions(expr, assumptions):
    """``(expr with the relevant conditions applied, the assumption steps used)``."""
    used = [step for replaced, step in assumptions.items() if expr.has(replaced)]
    if not used:
        return expr, []
    return expr.xreplace({s.equation.rhs: s.equation.lhs for s in used}), used


def signals_of(circuit):
    """The source value symbols, in netlist order (V1, V2, ...)."""
    out = []
    for e in circuit.sources:
        out += sorted(e.value.free_symbols, key=lambda s: s.name)
    return out


def textbook(expr, circuit, extra=()):
    """``expr`` in textbook form: linear in the signals, gains as (1 + a/b)."""
    signals = signals_of(circuit) + list(extra)
    if not expr.free_symbols.isdisjoint(signals):   # one walk, not one per signal
        return linear_form(expr, signals)
    return gain_form(expr)


def solution_form(solution, node, circuit):
    """:func:`textbook` of ``solution.v(node)``, read straight from the solver's
    polynomial pair when it has one (no expression built and read back)."""
    voltages = solution.voltages
    pair = getattr(voltages, "pair", None)
    if pair is None or node not in voltages.pairs_pending():
        return textbook(solution.v(node), circuit)
    num, den = pair(node)
    return pair_form(num.ring, num, den, signals_of(circuit))


def simplify_step(b, step_id, lhs, expr, circuit, uses, assumptions, scenario=FULL_SCENARIO,
                  extra=()):
    """A simplification step if rewriting (and the conditions) change ``expr``'s form."""
    applied, used = apply_assumptions(expr, assumptions)
    form = textbook(applied, circuit, extra)
    if not used and form == expr:
        return None, expr
    kind = "simplification_assumed" if used else "simplification"
    step = b.add(step_id, kind, lhs, form, uses=list(uses) + used, scenario=scenario,
                 conditions=[s.equation for s in used])
    return step, form


def case_steps(b, circuit, result_step):
    """For each ``.case`` (R2 = R3), the assumption and the special-case result."""
    cases = []
    for kept, replaced, _ in circuit.cases:
        condition = Eq(kept, replaced, evaluate=False)
        a = b.add(f"case-{replaced}", "case_assumption", kept, replaced, condition=condition)
        value = textbook(result_step.equation.rhs.xreplace({replaced: kept}), circuit)
        cases.append(b.add(f"case-{replaced}-result", "special_case", result_step.equation.lhs, value,
                           uses=[result_step, a], condition=condition))
    return cases


def impedance_steps(b, circuit, op):
    """One step for each group of passives in parallel at an input of ``op``
    (Rf and Cf between the inverting input and the output): the impedance of the
    group, product over sum, in lowest terms, Z = Rf/(1 + s*Rf*Cf). A step made
    for an earlier scenario is reused."""
    groups = {}
    for e in circuit.passives:
        if {op.plus, op.minus} & set(e.nodes):
            groups.setdefault(frozenset(e.nodes), []).append(e)
    steps = []
    for group in groups.values():
        if len(group) < 2:
            continue
        step_id = "parallel-" + "-".join(e.name for e in group)
        found = next((s for s in b.steps if s.id == step_id), None)
        if found is None:
            zs = [e.impedance() for e in group]
            product_over_sum = 1 / Add(*[1 / z for z in zs]) if len(zs) > 2 else zs[0] * zs[1] / (zs[0] + zs[1])
            found = b.add(step_id, "parallel_impedance", product_over_sum,
                          gain_form(cancel(1 / Add(*[e.admittance() for e in group]))),
                          impedances=zs, a=group[0].nodes[0], b=group[0].nodes[1])
        steps.append(found)
    return steps


def node_name(circuit, node, scenario=FULL_SCENARIO):
    """The symbol name for a node voltage: Vout for the output, V_<node> otherwise."""
    suffix = str(scenario.index) if scenario.index else ""
    if node == circuit.output:
        return f"{circuit.output_name}{suffix}"
    return unused_name(circuit, f"V_{node}{suffix}")


def unused_name(circuit, name):
    """``name``, or ``name`` with a trailing ``_q`` if an element value is already called so
    (the derivation's quantities never capture the user's symbols)."""
    taken = {s.name for s in circuit.symbols}
    while name in taken:
        name += "_q"
    return name


def nodal_steps(b, circuit, scenario, known, prefix, assumptions=None):
    """Finish by nodal analysis: KCL at every unknown node, then the solution.

    ``known`` maps nodes already determined to their values. Matching
    conditions already stated (``assumptions``, as from
    :func:`assumption_steps`) hold here too: the equations are written with
    the kept symbols and use the assumption steps. Returns
    ``{node: (value, step)}`` for every node, the output included.
    """
    stated = list((assumptions or {}).values())
    matched = circuit.substitute({s.equation.rhs: s.equation.lhs for s in stated})
    sc_circuit = scenario.apply(matched)
    fixed = {n: v for n, v in source_nodes(sc_circuit).items()}
    fixed.update({n: v for n, (v, _) in known.items()})
    unknown = [n for n in circuit.nodes if n not in fixed]
    symbols = {n: b.node(node_name(circuit, n, scenario), n, scenario) for n in unknown}
    volt = dict(fixed)
    volt.update(symbols)
    steps = []
    for op in matched.opamps:
        if op.ideal:
            if op.minus in symbols or op.plus in symbols:
                value = volt[op.plus]
                kind = "virtual_ground" if value == 0 else "virtual_short"
                steps.append(b.add(f"{prefix}vs-{op.name}", kind, volt[op.minus], value,
                                   scenario=scenario, opamp=op.name, node=volt[op.minus], value=value))
        elif op.output in symbols or op.plus in symbols or op.minus in symbols:
            rhs = op.value * (volt[op.plus] - volt[op.minus])
            steps.append(b.add(f"{prefix}gain-{op.name}", "open_loop_gain", volt[op.output], rhs,
                               scenario=scenario, opamp=op.name, gain=op.value))
    driven = {op.output for op in circuit.opamps}
    sources = set(source_nodes(sc_circuit))
    for n in circuit.nodes:
        if n in driven or n in sources:
            continue
        at = sc_circuit.elements_at(n)
        if n in known and not any(o in symbols for e in at for o in e.nodes):
            continue    # a known node whose neighbours are all known: its KCL has no unknown
        # A known node (a virtual ground or short) with an unknown neighbour: its KCL
        # is the equation that sets the output of the op-amp holding it.
        label = symbols[n] if n in symbols else b.node(node_name(circuit, n, scenario), n, scenario)
        leaving = Add(*[i for e in at if (i := e.current_leaving(n, volt)) is not None])
        used = [s for s in stated
                if any(s.equation.rhs in e.value.free_symbols for e, _ in passives_at(circuit, n))]
        # the values of known neighbours come with the steps (and conditions) that found them
        near = [o for o in circuit.nodes if o in known and known[o][1] is not None
                and any(o in e.nodes for e in at)]
        kinds = {e.kind for e in at if e.kind != "op-amp" and e.current_leaving(n, volt) is not None}
        kcl = ("kcl" if kinds <= {"resistor"} else "kcl_impedances" if kinds <= {"resistor", "capacitor", "inductor"}
               else "kcl_elements")     # the prose names what the currents flow through
        steps.append(b.add(f"{prefix}kcl-{n}", kcl, leaving, S.Zero, scenario=scenario,
                           uses=used + [known[o][1] for o in near if o != n]
                           + ([known[n][1]] if n in known else []), node=label))
    result = {n: (v, None) for n, v in fixed.items()}
    if unknown:
        solution = b.solve(circuit, scenario)  # the same equations, solved fraction-free
        uses = steps + [s for _, s in known.values() if s is not None]
        uses += [s for s in stated if s not in uses and any(
            s.equation.rhs in e.value.free_symbols for e in circuit.passives)]
        for n in unknown:
            value = solution_form(solution, n, circuit)
            result[n] = (value, b.add(f"{prefix}solve-{n}", "solution", symbols[n], value, uses=uses,
                                      scenario=scenario, node=symbols[n]))
    return result


class Declined(Exception):
    """A strategy whose rules do not fit the circuit; ``reason`` is a catalog key.

    ``derive`` then tries the next strategy and records the reason, so the
    output can say which method was used and why another was not.
    """

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


TEXTBOOK_KINDS = frozenset({
    "ohm_current", "ohm_voltage", "chain_current", "no_current", "voltage_divider", "series_branch", "series_current", "solve_for", "loop_solution",
    "follower", "noninverting_stage", "inverting_stage", "difference_stage", "summing_stage", "stage",
    "transimpedance_stage", "parallel_impedance", "node_current", "millman",
})


def require_textbook_steps(b, extra=()):
    """Decline unless some step is a textbook rule (not KCL and its solution):
    a strategy that only wrote Kirchhoff's law at every node is nodal analysis."""
    kinds = {s.kind for s in b.steps}
    if not kinds & (TEXTBOOK_KINDS | set(extra)):
        raise Declined("decline_nodal")
