"""Strategy ``virtual-short`` (the Wikipedia article): follow the currents the virtual shorts set.

Each op-amp with negative feedback holds its inverting input at the voltage
of its non-inverting input. With both in-amp inputs across the gain resistor,
the current (V2 - V1)/Rg is known; no current enters the op-amp inputs, so the
same current flows through the whole series branch R1, Rg, R1, and the voltage
between the first-stage outputs follows. The difference stage turns that
voltage into the output. Voltage dividers, single-ended branches (inverting and
non-inverting amplifiers) and anything else are covered by the same rules or,
failing them, by nodal analysis.
"""
from sympy import Add, S, cancel

from ..errors import CircuitError
from ..notation.units import measured
from .builder import Builder
from .forms import gain_form
from .model import FULL_SCENARIO
from .ratfunc import lowest_terms
from .common import (apply_assumptions, prose_name, assumption_steps, case_steps, impedance_steps, nodal_steps,
                     node_name, require_textbook_steps, simplify_step, textbook)
from .topology import (classify_stage, driver, is_current_node, passives_at, series_chain,
                       source_nodes, stage_output, stage_ports)


class _Walk:
    def __init__(self, b, circuit, assumptions):
        self.b, self.c, self.assumptions = b, circuit, assumptions
        self.fixed = source_nodes(circuit)
        self.known = {}       # node -> (value in the inputs, step)
        self.stages = {}      # (op-amp, stage equation) -> its step, written once

    def sym(self, node):
        return self.b.node(node_name(self.c, node), node)

    def value(self, node):
        if node in self.fixed:
            return self.fixed[node], None
        return self.known.get(node, (None, None))

    def _label(self, node):
        """How prose names a node: its source's value, or its voltage symbol."""
        if node not in self.fixed:
            return self.sym(node)
        value = self.fixed[node]
        return measured(value, "volt") if value.is_Rational and value != 0 else value

    def is_known(self, node):
        return node in self.fixed or node in self.known

    # --- rules ------------------------------------------------------------------
    def virtual_shorts(self):
        changed = False
        for op in self.c.opamps:
            if not op.ideal or not self.is_known(op.plus) or self.is_known(op.minus):
                continue
            value, src = self.value(op.plus)
            if op.minus == op.output:
                step = self.b.add(f"vs-{op.name}", "follower", self.sym(op.output), value,
                                  uses=[src], opamp=op.name)
            else:
                kind = "virtual_ground" if value == 0 else "virtual_short"
                step = self.b.add(f"vs-{op.name}", kind, self.sym(op.minus), value, uses=[src],
                                  opamp=op.name, node=self.sym(op.minus), value=value)
            self.known[op.minus] = (value, step)
            changed = True
        return changed

    def dividers(self):
        changed = False
        for op in self.c.opamps:
            node = op.plus
            rs = passives_at(self.c, node)
            if self.is_known(node) or len(rs) != 2 or not is_current_node(self.c, node):
                continue
            if not all(self.is_known(o) for _, o in rs):
                continue
            (ra, a), (rb, bn) = rs
            va, sa = self.value(a)
            vb, sb = self.value(bn)
            za, zb = ra.impedance(), rb.impedance()
            value = textbook((va * zb + vb * za) / (za + zb), self.c)
            step = self.b.add(f"divider-{node}", "voltage_divider", self.sym(node), value,
                              uses=[sa, sb], node=self.sym(node), top=za, bottom=zb)
            self.known[node] = (value, step)
            changed = True
        return changed

    def node_currents(self):
        """KCL at a known node whose resistors all lead to known nodes but one:
        the current that arrives leaves through that one, and Ohm's law gives
        the voltage at its far end (the T network's output, a divider's top)."""
        for node in self.c.nodes:
            if not self.is_known(node) or not is_current_node(self.c, node):
                continue
            rs = passives_at(self.c, node)
            unknown = [(r, o) for r, o in rs if not self.is_known(o)]
            if len(unknown) != 1 or len(rs) < 2:
                continue
            (rx, x), others = unknown[0], [(r, o) for r, o in rs if self.is_known(o)]
            if driver(self.c, x) is None and not is_current_node(self.c, x):
                continue
            vn, sn = self.value(node)
            leaving = Add(*[(vn - self.value(o)[0]) / r.impedance() for r, o in others])
            rhs = vn + rx.impedance() * leaving
            uses = [sn] + [self.value(o)[1] for _, o in others]
            step = self.b.add(f"node-{x}", "node_current", self.sym(x), rhs, uses=uses,
                              node=self._label(node), resistor=prose_name(rx), far=self.sym(x),
                              resistors=[prose_name(r) for r, _ in others])
            simp, value = simplify_step(self.b, f"node-{x}-value", self.sym(x), rhs, self.c, [step],
                                        self.assumptions)
            self.known[x] = (value, simp or step)
            return True
        return False

    def millman(self):
        """KCL at an unknown node whose elements all lead to known nodes (the
        middle of a T network at a virtual ground): one equation in one unknown,
        its voltage the conductance-weighted mean of its neighbours' (Millman)."""
        for node in self.c.nodes:
            if self.is_known(node) or not is_current_node(self.c, node):
                continue
            rs = passives_at(self.c, node)
            if len(rs) < 3 or not all(self.is_known(o) for _, o in rs):
                continue
            total = Add(*[1 / r.impedance() for r, _ in rs])
            # the law with the neighbours' voltages as named, then their values
            named = Add(*[(self.fixed[o] if o in self.fixed else self.sym(o)) / r.impedance()
                          for r, o in rs]) / total
            rhs = Add(*[self.value(o)[0] / r.impedance() for r, o in rs]) / total
            uses = list(dict.fromkeys(self.value(o)[1] for _, o in rs if self.value(o)[1] is not None))
            step = self.b.add(f"millman-{node}", "millman", self.sym(node), named, uses=uses,
                              node=self.sym(node), resistors=[prose_name(r) for r, _ in rs],
                              ends=[self._label(o) for _, o in rs])
            simp, value = simplify_step(self.b, f"millman-{node}-value", self.sym(node), rhs, self.c,
                                        [step] + uses, self.assumptions)
            self.known[node] = (value, simp or step)
            return True
        return False

    def idle_inputs(self):
        """An op-amp input reached by one resistor only: no current, no voltage drop."""
        for op in self.c.opamps:
            node = op.plus
            rs = passives_at(self.c, node)
            if self.is_known(node) or len(rs) != 1 or not is_current_node(self.c, node):
                continue
            r, far = rs[0]
            if not self.is_known(far):
                continue
            value, src = self.value(far)
            step = self.b.add(f"idle-{node}", "no_current", self.sym(node), value, uses=[src],
                              node=self.sym(node), resistor=prose_name(r), opamp=op.name)
            self.known[node] = (value, step)
            return True
        return False

    def chain_currents(self):
        """A series branch with two known nodes inside it (Rs and Rin into a virtual
        ground, Ro and RL after an output): one current, then its unknown ends."""
        done = set()
        for r in self.c.resistors:
            if r.name in done:
                continue
            nodes, chain = series_chain(self.c, r)
            done |= {x.name for x in chain}
            known = [i for i, n in enumerate(nodes) if self.is_known(n)]
            inputs = {op.plus for op in self.c.opamps} | {op.minus for op in self.c.opamps}
            ends = [n for k, n in enumerate(nodes) if not self.is_known(n) and (
                k in (0, len(nodes) - 1) or n == self.c.output or n in inputs)]
            if len(known) < 2 or not ends:
                continue
            i, j = known[0], known[1]
            first = chain[i]
            if first.nodes != (nodes[i], nodes[i + 1]):      # orient along the resistor
                nodes, chain = nodes[::-1], chain[::-1]
                i, j = len(nodes) - 1 - j, len(nodes) - 1 - i
                first = chain[i]
            (vi, si), (vj, sj) = self.value(nodes[i]), self.value(nodes[j])
            current = self.b.current(f"I_{first.name}", first.name)
            i_value = textbook((vi - vj) / Add(*[x.impedance() for x in chain[i:j]]), self.c)
            i_step = self.b.add(f"current-{first.name}", "chain_current", current, i_value,
                                uses=[si, sj], resistors=[prose_name(x) for x in chain[i:j]],
                                a=self._label(nodes[i]), b=self._label(nodes[j]))
            self.branch = (nodes, chain, current, i_value, i_step)
            self.ends_from_current(ends)
            return True
        return False

    def branches(self, two_ended=True):
        """Currents through resistors between two known nodes, and where they lead."""
        done = set()
        for r in self.c.passives:
            a, bn = r.nodes
            if r.name in done or not (self.is_known(a) and self.is_known(bn)):
                continue
            if a in self.fixed and bn in self.fixed:
                continue
            nodes, chain = series_chain(self.c, r)
            done |= {x.name for x in chain}
            unknown = [n for n in (nodes[0], nodes[-1]) if not self.is_known(n)]
            if not unknown or (len(unknown) == 2 and not two_ended):
                continue
            va, sa = self.value(a)
            vb, sb = self.value(bn)
            current = self.b.current(f"I_{r.name}", r.name)
            i_value = textbook((va - vb) / r.impedance(), self.c)
            i_step = self.b.add(f"current-{r.name}", "ohm_current", current, i_value, uses=[sa, sb],
                                resistor=prose_name(r, True), a=self._label(a), b=self._label(bn))
            # Orient the branch along the current: nodes[0] upstream of r.
            if nodes.index(a) > nodes.index(bn):
                nodes, chain = nodes[::-1], chain[::-1]
            self.branch = (nodes, chain, current, i_value, i_step)
            if len(unknown) == 2:
                return "two-ended"
            self.ends_from_current([unknown[0]])
            return "one-ended"
        return None

    def ends_from_current(self, ends, uses=()):
        """Ohm's law from the nearest known node to each unknown end of the branch."""
        nodes, chain, current, i_value, i_step = self.branch
        for end in ends:
            pos = nodes.index(end)
            upstream = not any(self.is_known(nodes[i]) for i in range(pos))
            if upstream:   # nothing known before it: V_end = V_k + I * R(end..k)
                k = next(i for i in range(pos + 1, len(nodes)) if self.is_known(nodes[i]))
                seg = Add(*[x.impedance() for x in chain[pos:k]])
                sign = 1
            else:          # downstream: V_end = V_k - I * R(k..end)
                k = max(i for i in range(0, pos) if self.is_known(nodes[i]))
                seg = Add(*[x.impedance() for x in chain[k:pos]])
                sign = -1
            vk, sk = self.value(nodes[k])
            rhs = vk + sign * current * seg
            step = self.b.add(f"ohm-{end}", "ohm_voltage", self.sym(end), rhs,
                              uses=[i_step, sk] + list(uses), node=self.sym(end),
                              resistors=[prose_name(x) for x in (chain[pos:k] if upstream else chain[k:pos])])
            substituted = rhs.xreplace({current: i_value})
            sub = self.b.add(f"ohm-{end}-current", "substitution", self.sym(end), substituted,
                             uses=[step, i_step])
            simp, value = simplify_step(self.b, f"ohm-{end}-value", self.sym(end), substituted,
                                        self.c, [sub], self.assumptions)
            self.known[end] = (value, simp or sub)

    def branch_voltage(self):
        """The Wikipedia article: the voltage across the whole branch R1, Rg, R1."""
        nodes, chain, current, i_value, i_step = self.branch
        start, end = nodes[0], nodes[-1]
        lhs = self.sym(start) - self.sym(end)
        total = Add(*[x.impedance() for x in chain])
        step = self.b.add("branch", "series_branch", lhs, current * total, uses=[i_step],
                          resistors=[prose_name(x, True) for x in chain], current=current)
        simp, value = simplify_step(self.b, "branch-value", lhs, (current * total).xreplace({current: i_value}),
                                    self.c, [step, i_step], self.assumptions)
        return lhs, value, simp or step

    def output_stage(self, branch):
        op = driver(self.c, self.c.output)
        if op is None or not op.ideal:
            return None
        values, uses, symbols = {}, [], []
        for p in stage_ports(self.c, op):
            if self.is_known(p):
                v, s = self.value(p)
                values[p] = v
                uses.append(s)
            elif driver(self.c, p) is not None:
                values[p] = self.sym(p)
                symbols.append(values[p])
            else:
                return None
        try:
            expr = stage_output(self.c, op, values)
        except CircuitError:   # the stage's feedback leaves it: no stage rule here
            return None
        kind = classify_stage(self.c, op, values)
        own = {r.value for r in self.c.passives if {op.plus, op.minus} & set(r.nodes)}
        expr, used = apply_assumptions(expr, {k: v for k, v in self.assumptions.items()
                                              if k in own and v.equation.lhs in own})
        out = self.sym(self.c.output)
        form = textbook(expr, self.c, extra=symbols)
        stage = self.stages.get((op.name, form))
        if stage is None:     # a second attempt (after the other rules) reuses the stage's step
            uses += impedance_steps(self.b, self.c, op)
            stage = self.b.add(f"stage-{op.name}", kind, out, form, uses=uses + used, opamp=op.name,
                               conditions=[u.equation for u in used])
            self.stages[(op.name, form)] = stage
        if not symbols:
            return stage
        if branch is not None:
            lhs, bvalue, bstep = branch
            start, end = (self.sym(n) for n in (self.branch[0][0], self.branch[0][-1]))
            c1, c2 = cancel(expr.diff(start)), cancel(expr.diff(end))
            if set(symbols) == {start, end} and cancel(c1 + c2) == 0:
                # The stage sees only the difference of the two outputs (the Wikipedia article).
                rhs = form.xreplace({Add(start, -end): bvalue, Add(end, -start): -bvalue})
                if rhs.has(start) or rhs.has(end):
                    rest = textbook(expr.subs({start: 0, end: 0}), self.c)
                    rhs = Add(gain_form(c1) * bvalue, rest)
                sub = self.b.add("substitute", "substitution", out, rhs, uses=[stage, bstep])
                return sub
            unknown = [n for n in (self.branch[0][0], self.branch[0][-1]) if not self.is_known(n)]
            self.ends_from_current(unknown, uses=[bstep])
        subs = {self.sym(p): self.known[p][0] for p in self.known if self.sym(p) in symbols}
        if set(subs) != set(symbols):
            return None
        return self.b.add("substitute", "substitution", out, form.xreplace(subs),
                          uses=[stage] + [self.known[p][1] for p in self.known if self.sym(p) in symbols])


def derive_virtual_short(circuit, general, solved=None):
    """Derive ``circuit`` by following the currents set by the virtual shorts.

    >>> from derive.circuit.library import load_circuit
    >>> d = derive_virtual_short(load_circuit("noninverting"), general=False)
    >>> [s.kind for s in d.steps]
    ['virtual_short', 'ohm_current', 'ohm_voltage', 'substitution', 'simplification']
    """
    b = Builder(circuit, "virtual-short", general, solved)
    assumptions = {} if general else assumption_steps(b, circuit)
    w = _Walk(b, circuit, assumptions)
    while w.virtual_shorts() or w.dividers():
        pass
    branch, final = None, None
    shape = w.branches()
    if shape == "two-ended":
        branch = w.branch_voltage()
    while w.virtual_shorts() or w.dividers():
        pass
    if circuit.output in w.known:
        final = w.known[circuit.output][1]
    else:
        final = w.output_stage(branch)
    if final is None:
        while circuit.output not in w.known and (
                w.virtual_shorts() or w.dividers() or w.idle_inputs() or w.branches(two_ended=False)
                or w.chain_currents() or w.node_currents() or w.millman()):
            pass
        final = w.known[circuit.output][1] if circuit.output in w.known else w.output_stage(None)
    if final is None:
        # Nodal analysis writes no textbook rule: decline now if none was written
        # so far, rather than after solving (the nodal strategy will do that).
        require_textbook_steps(b)
        values = nodal_steps(b, circuit, FULL_SCENARIO, dict(w.known), "", assumptions)
        final = values[circuit.output][1]
    require_textbook_steps(b)
    out = b.node(circuit.output_name, circuit.output)
    value = final.equation.rhs
    applied, used = apply_assumptions(lowest_terms(value), assumptions)
    form = textbook(applied, circuit)
    if form != value or used:
        final = b.add("result", "result", out, form, uses=[final] + used)
    return b.finish(final, case_steps(b, circuit, final))
