"""Build the nodal equations of a circuit from its elements' stamps.

Unknowns are the node voltages that no grounded source fixes, plus the current
of each floating voltage source (a :class:`BranchCurrent`). Elements stamp
themselves (see :mod:`derive.circuit.elements`); a two-terminal passive
through the one :meth:`NodalSystem.admittance` stamp. An ideal op-amp is a nullor: its nullator adds
the equation V+ = V-, its norator (the output) adds an unknown current that
appears only in the KCL of the output node, so that KCL equation and that
current are dropped together. The finite-gain op-amp does the same with
V(out) = A (V+ - V-).

>>> from derive.circuit.library import load_circuit
>>> system = NodalSystem(load_circuit("inamp"))
>>> len(system.unknowns), len(system.rows)
(7, 7)
"""
from typing import NamedTuple

from sympy import Add, S

from ..circuit.nodes import GROUND


class BranchCurrent(NamedTuple):
    """The unknown current through a voltage source (or a 0 Ω short), by element name."""

    element: str

    def __str__(self):
        return f"I({self.element})"


class NodalSystem:
    """Linear equations ``sum(coeff * unknown) = rhs`` assembled from stamps."""

    def __init__(self, circuit):
        self.circuit = circuit
        self.known = {GROUND: S.Zero}
        self.driven = set()
        self._fixing = set()   # names of grounded sources that fixed a node
        for e in circuit.elements:
            e.constrain(self)
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

    # --- which nodes are fixed or driven (called by ``constrain``) ---------
    def fix(self, element, node, value):
        """``element`` (a grounded source) fixes ``node`` at ``value``, unless
        another source already did (then ``element`` stamps an equation)."""
        if node not in self.known:
            self.known[node] = value
            self._fixing.add(element.name)

    def drive(self, node):
        """An output drives ``node``: its KCL equation is dropped with its current."""
        self.driven.add(node)

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
    def admittance(self, a, b, y):
        """Admittance ``y`` between nodes ``a`` and ``b`` (every two-terminal passive)."""
        for here, there in ((a, b), (b, a)):
            self._kcl_add(here, here, y)
            self._kcl_add(here, there, -y)

    def current_source(self, a, b, value):
        """A current ``value`` leaving node ``a`` and entering node ``b``."""
        for node, sign in ((a, -1), (b, 1)):
            if node in self._kcl:
                self._kcl_rhs[node].append(sign * value)

    def voltage_source(self, element, plus, minus, value):
        if element.name in self._fixing:
            return
        current = BranchCurrent(element.name)
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
