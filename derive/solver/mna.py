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
from sympy import Add, S

from ..circuit.nodes import GROUND


class NodalSystem:
    """Linear equations ``sum(coeff * unknown) = rhs`` assembled from stamps."""

    def __init__(self, circuit):
        self.circuit = circuit
        self.known = {GROUND: S.Zero}
        self.driven = set()
        self._find_known_and_driven()
        self.unknowns = [n for n in circuit.nodes if n not in self.known]
        # Terms are collected in lists and added once at the end: one SymPy
        # Add per coefficient instead of one per stamp.
        self._kcl = {n: {} for n in self.unknowns if n not in self.driven}
        self._kcl_rhs = {n: [] for n in self._kcl}
        self._extra = []      # (label, coeffs, rhs, element)
        for e in circuit.elements:
            e.stamp(self)
        rows = [(f"KCL {n}", self._kcl[n], self._kcl_rhs[n], None) for n in self._kcl] + self._extra
        self.rows = [
            (label, {u: Add(*terms) for u, terms in coeffs.items()}, Add(*rhs), element)
            for label, coeffs, rhs, element in rows
        ]

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
        """Add ``coeff * V(node)`` to an equation (known voltages go to the rhs terms)."""
        if node in self.known:
            rhs.append(-coeff * self.known[node])
        else:
            coeffs.setdefault(node, []).append(coeff)

    def _kcl_add(self, at, node, coeff):
        if at in self._kcl:
            self._add(self._kcl[at], self._kcl_rhs[at], node, coeff)

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
            self._kcl[plus].setdefault(current, []).append(S.One)
        if minus in self._kcl:
            self._kcl[minus].setdefault(current, []).append(S.NegativeOne)
        coeffs, rhs = {}, [S(value)]
        self._add(coeffs, rhs, plus, S.One)
        self._add(coeffs, rhs, minus, S.NegativeOne)
        self._extra.append((f"{element.name} sets V({plus}) - V({minus})", coeffs, rhs, element))

    def nullor(self, element, plus, minus, output):
        coeffs, rhs = {}, []
        self._add(coeffs, rhs, plus, S.One)
        self._add(coeffs, rhs, minus, S.NegativeOne)
        self._extra.append((f"virtual short of {element.name}", coeffs, rhs, element))

    def vcvs(self, element, plus, minus, output, gain):
        coeffs, rhs = {}, []
        self._add(coeffs, rhs, output, S.One)
        self._add(coeffs, rhs, plus, -gain)
        self._add(coeffs, rhs, minus, gain)
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
