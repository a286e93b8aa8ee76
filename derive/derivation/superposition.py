"""Strategy ``superposition`` (the superposition article): one input at a time, stage by stage.

For each source, the others are set to zero; the output stage is written in
terms of the voltages that drive it (eq. 2: Vout1 = R2/R1 (V11 - V12)); each
driving op-amp output is then found, the first from its own stage (eq. 3, a
non-inverting amplifier whose feedback returns to a virtual ground), the next
from the current it shares with the first (eqs. 4-5); they are substituted
(eq. 6) and simplified under the matching conditions (eq. 7). The partial
outputs are summed at the end (eq. 13). Whatever no rule covers is finished by
nodal analysis, so the strategy works on any circuit.
"""
from sympy import Add, FiniteSet, S, linsolve

from ..circuit.nodes import GROUND
from ..errors import CircuitError
from ..text import ZeroedSources
from .builder import Builder
from .common import (Declined, prose_name, apply_assumptions, assumption_steps, case_steps, impedance_steps, nodal_steps,
                     require_textbook_steps, simplify_step, textbook, unused_name)
from .model import FULL_SCENARIO
from .topology import classify_stage, driver, series_chain, source_nodes, stage_output, stage_ports
from .topology import passives_at


class _Stuck(Exception):
    """No textbook rule applies: finish the scenario by nodal analysis."""


class ScenarioWalk:
    """Walks the op-amp stages of one superposition scenario."""

    def __init__(self, b, circuit, scenario, assumptions, scenario_steps):
        self.b, self.c, self.sc = b, circuit, scenario
        self.assumptions = assumptions
        self.scenario_steps = list(scenario_steps)
        self.scenario_circuit = scenario.apply(circuit)   # the other sources at zero
        self.fixed = source_nodes(self.scenario_circuit)
        self.shorts = {}      # node -> (value, step)
        self.derived = {}     # node -> (symbol, value, step)
        self.written = {}     # op-amp output -> (its stage step, the port symbols it names)
        self.prefix = f"{scenario.id}-" if scenario.index else ""
        self.active_node = next((n for n, v in self.fixed.items() if v != 0), None)
        self.taken = {x.name for x in circuit.symbols}

    # --- names --------------------------------------------------------------
    def symbol(self, node):
        c, i = self.c, self.sc.index
        suffix = str(i) if i else ""
        if node == c.output:
            name = f"{c.output_name}{suffix}"
        else:
            op = driver(c, node)
            k = c.opamps.index(op) + 1
            name = f"V{suffix}{k}" if i else f"V_{node}"
            if name in self.taken:      # a user's V11 is never the derivation's V11
                name = unused_name(self.c, f"V_{node}{suffix}")
        return self.b.node(name, node, self.sc)

    # --- what a stage's ports are worth --------------------------------------
    def _shorting(self, node):
        """The ideal op-amp that holds ``node`` at a known voltage, if any."""
        for op in self.c.opamps:
            if op.ideal and op.minus == node and op.plus in self.fixed and node != op.output:
                return op
        return None

    def virtual_short(self, node):
        if node in self.shorts:
            return self.shorts[node]
        op = self._shorting(node)
        if op is None:
            return None
        value = self.fixed[op.plus]
        sym = self.b.node(f"V_{node}", node, self.sc)
        kind = "virtual_ground" if value == 0 else "virtual_short"
        step = self.b.add(f"{self.prefix}vs-{op.name}", kind, sym, value, uses=self.scenario_steps,
                          scenario=self.sc, opamp=op.name, node=sym, value=value)
        self.shorts[node] = (value, step)
        return self.shorts[node]

    def port(self, node, visiting):
        """(value for the stage equation, steps it uses, symbol or None)."""
        if node in self.fixed:
            return self.fixed[node], [], None
        short = self.virtual_short(node)
        if short:
            return short[0], [short[1]], None
        if node in self.derived:
            _, value, step = self.derived[node]
            return value, [step], None
        op = driver(self.c, node)
        if op is not None and op.ideal and node not in visiting:
            return self.symbol(node), [], self.symbol(node)
        raise _Stuck(node)

    # --- stages ----------------------------------------------------------------
    def stage(self, op, lhs, visiting, step_id):
        ports = stage_ports(self.c, op)
        values, uses, symbols = {}, [], []
        for p in ports:
            value, steps, sym = self.port(p, visiting | {op.output})
            values[p] = value
            uses += steps
            if sym is not None and p not in self.derived:
                symbols.append((p, sym))
        try:
            # a current source inside the stage counts only in its own scenario
            expr = stage_output(self.scenario_circuit, op, values)
        except CircuitError:   # the stage's feedback leaves it: no stage rule here
            raise _Stuck(op.output) from None
        kind = classify_stage(self.scenario_circuit, op, values)
        # Matching conditions between this stage's own resistors (R1 = R3 and
        # R2 = R4 in the difference stage) are used at once, as the superposition article does.
        own = {r.value for r in self.c.passives if {op.plus, op.minus} & set(r.nodes)}
        expr, used = apply_assumptions(expr, {k: v for k, v in self.assumptions.items()
                                              if k in own and v.equation.lhs in own})
        form = textbook(expr, self.c, extra=[s for _, s in symbols])
        uses += impedance_steps(self.b, self.c, op)
        step = self.b.add(step_id, kind, lhs, form, uses=self.scenario_steps + uses + used,
                          scenario=self.sc, opamp=op.name, conditions=[u.equation for u in used])
        self.written[op.output] = (step, symbols)
        return step, symbols

    def derive_node(self, node, visiting):
        """Find an op-amp output: by a shared series current, else by its stage."""
        if node in self.derived:
            return self.derived[node]
        op = driver(self.c, node)
        if op is None or not op.ideal:
            raise _Stuck(node)
        sym = self.symbol(node)
        found = self.shared_current(op, sym)
        if found is None:
            step, pending = self.stage(op, sym, visiting, f"{self.prefix}{op.name}")
            found = self.resolve(step, pending, sym, visiting | {node})
        self.derived[node] = found
        return found

    def shared_current(self, op, sym):
        """The superposition article, eqs. 4-5: the current through R5 and RG is the one through R6."""
        for r, _ in passives_at(self.c, op.minus):
            nodes, chain = series_chain(self.c, r)
            if op.output not in (nodes[0], nodes[-1]):
                continue
            if nodes[-1] != op.output:
                nodes, chain = nodes[::-1], chain[::-1]
            start = nodes[0]
            if start not in self.derived:
                continue
            inner = [(i, n) for i, n in enumerate(nodes[1:-1], start=1) if self._shorting(n)]
            if not inner:
                continue
            i, k = inner[-1]
            vk, vk_step = self.virtual_short(k)
            d_sym, d_value, d_step = self.derived[start]
            r_dk = Add(*[x.impedance() for x in chain[:i]])
            r_kp = Add(*[x.impedance() for x in chain[i:]])
            eq = self.b.add(f"{self.prefix}{op.name}-current", "series_current", (d_sym - vk) / r_dk,
                            (vk - sym) / r_kp, uses=[d_step, vk_step], scenario=self.sc,
                            first=[prose_name(x, True) for x in chain[:i]],
                            second=[prose_name(x, True) for x in chain[i:]])
            value = textbook(vk - r_kp * (d_value - vk) / r_dk, self.c)
            step = self.b.add(f"{self.prefix}{op.name}", "solve_for", sym, value, uses=[eq, d_step],
                              scenario=self.sc, unknown=sym)
            return sym, value, step
        return None

    def resolve(self, step, pending, lhs, visiting):
        """Find the pending port voltages, substitute them, simplify."""
        order = sorted(pending, key=lambda ps: driver(self.c, ps[0]).plus != self.active_node)
        subs, used = {}, []
        for node, sym in order:
            _, value, s = self.derive_node(node, visiting)
            subs[sym] = value
            used.append(s)
        if not subs:
            return lhs, step.equation.rhs, step
        substituted = step.equation.rhs.xreplace(subs)
        st = self.b.add(f"{self.prefix}substitute", "substitution", lhs, substituted,
                        uses=[step] + used, scenario=self.sc)
        simp, form = simplify_step(self.b, f"{self.prefix}simplify", lhs, substituted, self.c, [st],
                                   self.assumptions, self.sc)
        return lhs, form, simp or st

    def output(self):
        """The scenario's output, as the last step that gives it."""
        op = driver(self.c, self.c.output)
        try:
            if op is None or not op.ideal:
                raise _Stuck(self.c.output)
            sym = self.symbol(self.c.output)
            step, pending = self.stage(op, sym, set(), f"{self.prefix}stage-{op.name}")
            _, _, final = self.resolve(step, pending, sym, {self.c.output})
            return final
        except _Stuck:
            solved = self.loop()
            if solved is not None:
                return solved
            if not self.sc.index:
                # One input: the steps to come are KCL and its solution, no textbook
                # rule; decline now if none was written, rather than after solving.
                require_textbook_steps(self.b, extra=("scenario",))
            values = nodal_steps(self.b, self.c, self.sc, {}, self.prefix, self.assumptions)
            return values[self.c.output][1]


    def loop(self):
        """Op-amps in one loop (a Tow-Thomas biquad): every stage written in terms
        of the others' outputs, and these stage equations solved together for the
        output. None where some stage has no textbook rule."""
        equations, todo = {}, [self.c.output]
        while todo:
            node = todo.pop()
            if node in equations:
                continue
            if node in self.derived:
                sym, value, step = self.derived[node]
                equations[node] = (sym, value, step)
                continue
            op = driver(self.c, node)
            if op is None or not op.ideal:
                return None
            if node not in self.written:
                try:
                    self.stage(op, self.symbol(node), set(), f"{self.prefix}stage-{op.name}")
                except _Stuck:
                    return None
            step, pending = self.written[node]
            equations[node] = (step.equation.lhs, step.equation.rhs, step)
            todo += [n for n, _ in pending]
        unknowns = [sym for sym, _, _ in equations.values()]
        found = linsolve([sym - value for sym, value, _ in equations.values()], unknowns)
        if not isinstance(found, FiniteSet) or len(found) != 1:
            return None
        values = dict(zip(unknowns, next(iter(found))))
        out = self.symbol(self.c.output)
        if values[out].free_symbols & set(unknowns):
            return None
        uses = [step for _, _, step in equations.values()]
        opamps = sorted(driver(self.c, n).name for n in equations)
        return self.b.add(f"{self.prefix}solve-loop", "loop_solution", out, textbook(values[out], self.c),
                          uses=uses, scenario=self.sc, node=out, opamps=opamps)


def zeroed_how(source):
    """How ``source`` is left when set to zero: a voltage source is a short (its
    input tied to ground when one end is ground), a current source is open.

    >>> from derive.circuit.elements import CurrentSource, VoltageSource
    >>> zeroed_how(CurrentSource("I1", ("m", "0"), 1)).text()
    'it is left open: a current source at zero is an open circuit'
    >>> zeroed_how(VoltageSource("V1", ("in", "0"), 1)).text("es")
    'su entrada se conecta a masa'
    """
    if not getattr(source, "sets_voltage", False):
        return ZeroedSources(["open"])
    return ZeroedSources(["grounded" if GROUND in source.nodes else "short"])


def derive_superposition(circuit, general, solved=None):
    """Derive ``circuit`` by superposition of its sources (the superposition article).

    >>> from derive.circuit.library import load_circuit
    >>> d = derive_superposition(load_circuit("diffamp"), general=True)
    >>> d.result.rhs
    R2*V1*(1 + R4/R3)/(R1 + R2) - R4*V2/R3
    """
    b = Builder(circuit, "superposition", general, solved)
    assumptions = {} if general else assumption_steps(b, circuit)
    sources = circuit.sources
    parts = []
    for i, src in enumerate(sources, start=1):
        if len(sources) == 1:
            sc, steps = FULL_SCENARIO, []
        else:
            zeroed = [s for s in sources if s is not src]
            sc = b.scenario(i, src.name, [s.name for s in zeroed])
            steps = [b.add(f"s{i}-{z.name}", "scenario", z.value, S.Zero, scenario=sc,
                           active=prose_name(src), zeroed=prose_name(z), how=zeroed_how(z)) for z in zeroed]
        parts.append(ScenarioWalk(b, circuit, sc, assumptions, steps).output())
    if len(parts) == 1:
        result = parts[0]
        value, used = apply_assumptions(result.equation.rhs, assumptions)
        if used:
            result = b.add("result", "result", result.equation.lhs, textbook(value, circuit),
                           uses=[result] + used)
    else:
        out = b.node(circuit.output_name, circuit.output)
        total = b.add("sum", "sum", out, Add(*[p.equation.lhs for p in parts]), uses=parts,
                      parts=[p.equation.lhs for p in parts])
        value, used = apply_assumptions(Add(*[p.equation.rhs for p in parts]), assumptions)
        result = b.add("result", "result", out, textbook(value, circuit), uses=[total] + parts + used)
    require_textbook_steps(b, extra=("scenario",))
    shown = [s for s in b.steps if s.kind not in ("assumption", "follower")]
    if len(sources) == 1 and len(shown) == 1:
        # one input, one stage: the stage step alone would state the answer
        raise Declined("decline_one_step")
    return b.finish(result, case_steps(b, circuit, result))
