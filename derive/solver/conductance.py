"""The nodal rows in conductances: 1/R becomes a generator G_R of ZZ[...].

Whatever the element, its admittance enters the rows as it is (1/R, s*C,
1/(s*L)); every symbol that appears only inverted (R in 1/R) gets a
generator of its own for its inverse, so the rows of a resistive or RC
circuit are short polynomials (``G1 + G2``, ``G1 + C1*s``) with no
denominators; :class:`ToResistances` maps a solved ``det(A_u)/det(A)`` back
to the element values and lowest terms. Rows that are not polynomial that
way (an inductor's 1/(s*L) beside a capacitor's s*C) go through the fraction
field instead.

>>> from derive.circuit.library import load_circuit
>>> from derive.solver.mna import NodalSystem
>>> c = load_circuit("inverting")
>>> rows, ring, symbols, slots = conductance_rows(c, NodalSystem(c))
>>> symbols, sorted(slots.values(), key=str)
([Rf, Rin, Vin], [Rf, Rin])
"""
from sympy import Dummy, Pow, QQ, S, ZZ, ilcm
from sympy.polys.matrices import DomainMatrix
from sympy.polys.rings import PolyRing

from .rational import reduce_fraction


class NoSymbols(Exception):
    """A purely numeric circuit: elimination over QQ is the better route."""


class _NotPolynomial(Exception):
    """An entry is not a polynomial in the conductances (a resistance 2*R, say)."""


def _polynomial(expr, ring, index, conductance):
    """``expr`` in ``ring`` (over QQ): symbol ``s`` is generator ``index[s]``, and
    ``1/R`` is generator ``conductance[R]`` for each resistance symbol R."""
    if expr.is_Rational:
        return ring.ground_new(QQ(int(expr.p), int(expr.q)))
    if expr.is_Symbol and expr not in conductance:
        return ring.gens[index[expr]]
    if expr.is_Add:
        return sum((_polynomial(a, ring, index, conductance) for a in expr.args), ring.zero)
    if expr.is_Mul:
        out = ring.one
        for a in expr.args:
            out *= _polynomial(a, ring, index, conductance)
        return out
    if expr.is_Pow and expr.exp.is_Integer:
        n = int(expr.exp)
        if n < 0 and expr.base in conductance:
            return ring.gens[conductance[expr.base]] ** -n
        if n >= 0:
            return _polynomial(expr.base, ring, index, conductance) ** n
    raise _NotPolynomial(expr)


def conductance_rows(circuit, system):
    """The augmented rows over ZZ[...] with generator G_R for 1/R; the ring,
    the symbols of its generators read as resistances, and the slots
    ``{generator index: R}``."""
    rows = [[S(c) for c in row] for row in system.matrix_rows()]
    found = set()
    for row in rows:
        for c in row:
            found |= c.free_symbols
    if not found:
        raise NoSymbols()
    resistances = _inverted(rows)
    symbols = sorted(found, key=lambda s: s.name)
    slots = {k: s for k, s in enumerate(symbols) if s in resistances}
    labels = [Dummy(f"G_{s.name}") if s in resistances else s for s in symbols]
    try:
        qring = PolyRing(labels, QQ)
        index = {s: k for k, s in enumerate(symbols)}
        conductance = {s: k for k, s in slots.items()}
        qrows = [[_polynomial(c, qring, index, conductance) for c in row] for row in rows]
    except _NotPolynomial:
        return _conductance_rows_by_field(rows, resistances)
    ring = PolyRing(labels, ZZ)
    out = []
    for row in qrows:
        scale = 1
        for p in row:
            for c in p.values():
                scale = ilcm(scale, c.denominator)
        out.append([ring.from_dict({m: int(c * scale) for m, c in p.items()}) for p in row])
    return out, ring, symbols, slots


def _inverted(rows):
    """The symbols raised to a negative power somewhere in ``rows`` (R in 1/R)."""
    found = set()
    for row in rows:
        for c in row:
            for p in c.atoms(Pow):
                if p.base.is_Symbol and p.exp.is_Integer and p.exp < 0:
                    found.add(p.base)
    return found


def _conductance_rows_by_field(rows, resistances):
    """As :func:`conductance_rows` for any entries, through the fraction field."""
    dummies = {r: Dummy(f"G_{r.name}", positive=True) for r in resistances}
    to_g = {r: 1 / g for r, g in dummies.items()}
    rows = [[c.xreplace(to_g) for c in row] for row in rows]
    found = set()
    for row in rows:
        for c in row:
            found |= c.free_symbols
    final = {g: r for r, g in dummies.items()}
    gens = sorted(found, key=lambda s: final.get(s, s).name)
    field = QQ.frac_field(*gens)
    M = DomainMatrix([[field.from_sympy(c) for c in row] for row in rows],
                     (len(rows), len(rows[0])), field)
    _, M = M.clear_denoms_rowwise(convert=True)
    ring = PolyRing(gens, ZZ)
    out = []
    for row in M.to_list():
        scale = 1
        for p in row:
            scale = ilcm(scale, p.clear_denoms()[0])
        out.append([(p * scale).set_ring(ring) for p in row])
    slots = {k: final[g] for k, g in enumerate(gens) if g in final}
    return out, ring, [final.get(g, g) for g in gens], slots


class ToResistances:
    """Unknown ``u`` as ``det(A_u)/det(A)`` in lowest terms, in resistances.

    The ring's generator ``k`` is G_R in the conductance ring and R in
    ``ring`` for every slot ``k``; both polynomials are multiplied by R**d,
    d the highest power of G_R in either, which leaves polynomials in R.
    """

    def __init__(self, expansion, gring, ring, slots):
        self.expansion, self.gring, self.ring = expansion, gring, ring
        self.det = gring(expansion.det)
        self.det_degree = {k: self.det.degree(k) for k in slots}
        self._dets = {}

    def _back(self, p, degree):
        terms = {}
        for monom, coeff in p.terms():
            m = list(monom)
            for k, d in degree.items():
                m[k] = d - m[k]
            terms[tuple(m)] = coeff
        return self.ring.from_dict(terms)

    def unreduced(self, index):
        """(numerator, denominator) in resistances, not yet in lowest terms (no gcd)."""
        num = self.gring(self.expansion.numerator(index))
        degree = {k: max(num.degree(k), d, 0) for k, d in self.det_degree.items()}
        key = tuple(degree.values())
        if key not in self._dets:
            self._dets[key] = self._back(self.det, degree)
        return self._back(num, degree), self._dets[key]

    def __call__(self, index):
        return reduce_fraction(*self.unreduced(index))
