"""Build the nodal equations of a circuit from its elements' stamps.

Unknowns are the node voltages that no grounded source fixes, plus the current
of each floating voltage source. An ideal op-amp is a nullor: its nullator adds
the equation V+ = V-, its norator (the output) adds an unknown current that
appears only in the KCL of the output node, so that KCL equation and that
current are dropped together. The finite-gain op-amp does the same with
V(out) = A (V+ - V-).

>>> from derive.circuit.library import load_circuit
>>> system = NodalSystem(load_circuit("inamp"))
>>> len(system.unknowns), len(system.rows)
(7, 7)
"""
from sympy import S

GROUND = "0"


class NodalSystem:
    """Linear equations ``sum(coeff * unknown) = rhs`` assembled from stamps."""

    def __init__(self, circuit):
        self.circuit = circuit
        self.known = {GROUND: S.Zero}
        self.driven = set()
        self._find_known_and_driven()
        self.unknowns = [n for n in circuit.nodes if n not in self.known]
        self._kcl = {n: {} for n in self.unknowns if n not in self.driven}
        self._kcl_rhs = {n: S.Zero for n in self._kcl}
        self._extra = []      # (label, coeffs, rhs, element)
        for e in circuit.elements:
            e.stamp(self)
        self.rows = [(f"KCL {n}", self._kcl[n], self._kcl_rhs[n], None) for n in self._kcl]
        self.rows += self._extra

    # --- which nodes are fixed or driven ---------------------------------
    def _find_known_and_driven(self):
        self._fixing = set()   # names of grounded sources that fixed a node
        for e in self.circuit.sources:
            plus, minus = e.nodes
            if minus == GROUND and plus not in self.known:
                self.known[plus] = e.value
                self._fixing.add(e.name)
            elif plus == GROUND and minus not in self.known:
                self.known[minus] = -e.value
                self._fixing.add(e.name)
        for e in self.circuit.opamps:
            self.driven.add(e.output)

    # --- helpers ----------------------------------------------------------
    def _add(self, coeffs, rhs, node, coeff):
        """Add ``coeff * V(node)`` to an equation (known voltages go to the rhs)."""
        if node in self.known:
            return rhs - coeff * self.known[node]
        coeffs[node] = coeffs.get(node, S.Zero) + coeff
        return rhs

    def _kcl_add(self, at, node, coeff):
        if at in self._kcl:
            self._kcl_rhs[at] = self._add(self._kcl[at], self._kcl_rhs[at], node, coeff)

    # --- stamps (called by the elements) ----------------------------------
    def resistor(self, a, b, resistance):
        g = 1 / resistance
        for here, there in ((a, b), (b, a)):
            self._kcl_add(here, here, g)
            self._kcl_add(here, there, -g)

    def voltage_source(self, element, plus, minus, value):
        if element.name in self._fixing:
            return
        current = f"I({element.name})"
        self.unknowns.append(current)
        if plus in self._kcl:
            self._kcl[plus][current] = self._kcl[plus].get(current, S.Zero) + 1
        if minus in self._kcl:
            self._kcl[minus][current] = self._kcl[minus].get(current, S.Zero) - 1
        coeffs, rhs = {}, S(value)
        rhs = self._add(coeffs, rhs, plus, S.One)
        rhs = self._add(coeffs, rhs, minus, S.NegativeOne)
        self._extra.append((f"{element.name} sets V({plus}) - V({minus})", coeffs, rhs, element))

    def nullor(self, element, plus, minus, output):
        coeffs, rhs = {}, S.Zero
        rhs = self._add(coeffs, rhs, plus, S.One)
        rhs = self._add(coeffs, rhs, minus, S.NegativeOne)
        self._extra.append((f"virtual short of {element.name}", coeffs, rhs, element))

    def vcvs(self, element, plus, minus, output, gain):
        coeffs, rhs = {}, S.Zero
        rhs = self._add(coeffs, rhs, output, S.One)
        rhs = self._add(coeffs, rhs, plus, -gain)
        rhs = self._add(coeffs, rhs, minus, gain)
        self._extra.append((f"open-loop gain of {element.name}", coeffs, rhs, element))

    # --- matrix form --------------------------------------------------------
    def matrix_rows(self):
        """The augmented rows ``[coeff_1, ..., coeff_n, rhs]`` as SymPy expressions."""
        index = {u: i for i, u in enumerate(self.unknowns)}
        out = []
        for _, coeffs, rhs, _ in self.rows:
            row = [S.Zero] * (len(self.unknowns) + 1)
            for u, c in coeffs.items():
                row[index[u]] = c
            row[-1] = rhs
            out.append(row)
        return out
