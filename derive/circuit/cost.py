"""How large will the symbolic result be? An estimate from the circuit's graph, before any algebra.

Nodal analysis divides by the determinant of the node-admittance matrix. With
every admittance its own symbol, that determinant has exactly one term per
spanning tree of the network (Kirchhoff's matrix-tree theorem); ideal op-amps
make it a sum over trees common to two graphs, one with each op-amp's inputs
joined (virtual short), one with its output joined to ground, so the smaller
of the two tree counts bounds it. Symbols shared by several elements, or
numbers, merge terms: a second bound counts the monomials the symbols can
form at all. The estimate is the smaller bound; a ladder's grows like 2.6ⁿ.

The count is a determinant of a small numeric matrix (the graph's reduced
Laplacian), so the check costs milliseconds. :func:`check_cost` refuses a
circuit whose result would have more terms than a budget, with one sentence
saying why and what to do; ``derive check`` prepares several derivations and
answers per student, so it gets a lower budget than ``show``.

>>> from derive.circuit.library import load_circuit
>>> estimate(load_circuit("inamp")).terms
8
"""
import math
from dataclasses import dataclass

from ..errors import DeriveError
from ..text.messages import Message

SHOW_BUDGET = 500_000        # terms of the result's denominator: show/latex/notebook/verify/...
FEW_EDGES = 14
CHECK_BUDGET = 20_000        # derive check: every method's quantities are prepared, for diagnoses


class CircuitTooLarge(DeriveError):
    """The symbolic result would be too large to derive within the limits."""


@dataclass(frozen=True)
class Cost:
    """``terms``: estimated terms of the result's denominator; ``symbols``: symbolic
    values; ``loops``: independent loops of the network; ``nodes``: its nodes."""

    terms: int
    symbols: int
    loops: int
    nodes: int


class _Graph:
    """Nodes merged by union-find, edges between the merged classes."""

    def __init__(self, nodes):
        self.parent = {n: n for n in nodes}
        self.edges = []

    def find(self, n):
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def join(self, a, b):
        self.parent[self.find(a)] = self.find(b)

    def trees(self):
        """The number of spanning trees (as a float; 0 if disconnected)."""
        import numpy

        roots = sorted({self.find(n) for n in self.parent}, key=str)
        if len(roots) <= 1:
            return 1.0
        index = {r: i for i, r in enumerate(roots)}
        laplacian = numpy.zeros((len(roots), len(roots)))
        for a, b in self.edges:
            i, j = index[self.find(a)], index[self.find(b)]
            if i != j:
                laplacian[i, i] += 1
                laplacian[j, j] += 1
                laplacian[i, j] -= 1
                laplacian[j, i] -= 1
        sign, logdet = numpy.linalg.slogdet(laplacian[1:, 1:])
        return math.exp(min(logdet, 700.0)) if sign > 0 else 0.0


def _graphs(circuit):
    nodes = set(circuit.nodes) | {"0"}
    voltage, current = _Graph(nodes), _Graph(nodes)
    for e in circuit.elements:
        if getattr(e, "sets_voltage", False):          # a voltage source: a short in the determinant
            for g in (voltage, current):
                g.join(*e.nodes[:2])
        elif len(e.nodes) == 3:                        # an op-amp: nullator (if ideal) and norator
            plus, minus, out = e.nodes
            if e.value is None:
                voltage.join(plus, minus)
            current.join(out, "0")
        elif len(e.nodes) == 2 and not getattr(e, "is_source", False):
            for g in (voltage, current):
                g.edges.append(tuple(e.nodes))
    return voltage, current


def estimate(circuit):
    """The :class:`Cost` of solving ``circuit`` symbolically (see the module doc).

    >>> from derive.circuit.netlist import parse_netlist
    >>> rungs = "".join(f"RS{k} n{k} n{k+1} RS{k}\\nRP{k} n{k+1} 0 RP{k}\\n" for k in range(20))
    >>> big = parse_netlist("V1 n0 0\\n" + rungs + "RF n20 m RF\\nRG m out RG\\nU1 0 m out\\n")
    >>> estimate(big).terms > 10**8
    True
    """
    voltage, current = _graphs(circuit)
    finite = sum(1 for e in circuit.elements if len(e.nodes) == 3 and e.value is not None)
    # a finite gain A makes the determinant D0 + A*D1, each bounded by the current graph's trees
    trees = min(voltage.trees(), current.trees()) if not finite else current.trees() * 2 ** finite
    counts = {}
    for e in circuit.elements:
        if (len(e.nodes) == 3 or not getattr(e, "is_source", False)) and e.value is not None:
            for s in e.value.free_symbols:
                counts[s] = counts.get(s, 0) + 1
    monomials = math.prod(c + 1 for c in counts.values())
    n_nodes = len(set(circuit.nodes) | {"0"})
    edges = sum(1 for e in circuit.elements if len(e.nodes) >= 2)
    loops = max(0, edges - n_nodes + 1)
    terms = int(min(trees, monomials)) if trees < 1e300 else monomials
    return Cost(max(1, terms), len(counts), loops, n_nodes)


def check_cost(circuit, budget=SHOW_BUDGET, command=None):
    """Refuse (:class:`CircuitTooLarge`, one sentence) a circuit whose symbolic result
    would exceed ``budget`` terms; return its :class:`Cost` otherwise.

    A circuit of at most ``FEW_EDGES`` two-terminal elements cannot exceed any
    budget (its spanning trees are at most C(14, 7) = 3432) and is passed at once.

    >>> from derive.circuit.netlist import parse_netlist
    >>> def ladder(n):     # n sections of a series and a shunt resistor into an inverting amplifier
    ...     rungs = "".join(f"RS{k} n{k} n{k+1} RS{k}\\nRP{k} n{k+1} 0 RP{k}\\n" for k in range(n))
    ...     return parse_netlist(f"V1 n0 0\\n{rungs}RF n{n} m RF\\nRG m out RG\\nU1 0 m out\\n", name="ladder")
    >>> check_cost(ladder(8)).terms      # Fibonacci: F(18) spanning trees
    2584
    >>> check_cost(ladder(14))
    Traceback (most recent call last):
    ...
    derive.circuit.cost.CircuitTooLarge: circuit 'ladder' is too large to solve symbolically: with 30 symbolic values, 18 nodes and 15 independent loops its result would have about 832,039 terms (the limit is 500,000); give some elements numeric values (e.g. R1 10k) or use one symbol for equal elements
    """
    if sum(len(e.nodes) == 2 for e in circuit.elements) <= FEW_EDGES:
        return None
    cost = estimate(circuit)
    if cost.terms > budget:
        limit = Message("too_large_limit_command" if command else "too_large_limit", command=command,
                        budget=_about(budget))
        raise CircuitTooLarge(Message("too_large", circuit=circuit.name, symbols=cost.symbols, nodes=cost.nodes,
                                      loops=cost.loops, terms=_about(cost.terms), limit=limit))
    return cost


def _about(n):
    """``2300000`` -> ``'2.3 million'`` (a Message: ``'2.3 millones'`` in Spanish, one
    million ``'1 millón'``); small numbers as they are.

    >>> str(_about(2300000)), _about(2 * 10**9).text("es"), _about(10**6).text("es"), _about(4321)
    ('2.3 million', '2 mil millones', '1 millón', '4,321')
    """
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if n >= size:
            if n >= 1000 * size:
                return f"10^{int(math.log10(n))}"
            count = f"{n / size:.2g}" if n < 10 * size else str(round(n / size))
            return Message(f"about_{word}_one") if count == "1" else Message(f"about_{word}", n=count)
    return f"{n:,}"
