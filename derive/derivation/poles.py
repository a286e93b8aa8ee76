"""The closed-loop poles of a circuit's op-amps, proved for all positive values
from the whole nodal matrix: for circuits with capacitors or inductors (the
loop matrix of :mod:`derive.derivation.loops` would depend on s) and those
whose loop matrix does not exist.

Every op-amp i is a single-pole integrator A_i(s) = w_i/s with its own
gain-bandwidth w_i > 0, every source at zero. Op-amp i's gain equation times s
is the row ``s v_out - w_i (v+ - v-)``; every other row is multiplied by the
monomial that clears its denominators (1/R, 1/(s L)). The natural frequencies
are the roots of det M(s), a polynomial in s whose coefficients are
polynomials in the element values and the w_i.

The matrix is split into its irreducible diagonal blocks (rows matched to
unknowns, then the strongly connected components: the block-triangular form)
and det M is the product of theirs, so each stage is decided on its own. A
block without an op-amp is a passive RLC network, never unstable, and is not
checked. A block whose determinant has no term in the product of its op-amps'
speeds is one whose virtual shorts do not determine it (no feedback).

Roots at s = 0 are set aside (det = s**m q(s), q(0) not identically 0): at
s = 0 each op-amp row is w_i (v- - v+), so det M(0) is the nullor circuit's
determinant at DC times the speeds (and a row's scaling by s): a root there is
the same for every speed and every value, the ideal circuit's own pole at DC
(the integrator's 1/s, in its result), and on it the inputs are equal. q is
decided by Liénard-Chipart, symbolically
(:func:`derive.derivation.hurwitz.polynomial_stability`). Each w_i appears in
one row only, so every coefficient is of degree at most one in each w_i; its
terms in the speeds are then corners of the unit cube, each dominating for
some speeds, and the sign conditions read from the coefficients are exact.

>>> from derive.circuit.library import load_circuit
>>> [(b.opamps, b.verdict, b.degree) for b in closed_loop_blocks(load_circuit("sallen-key-lp"))]
[((0,), 'proved', 3)]
"""
from dataclasses import dataclass, field, replace
from random import Random

from sympy import QQ, Poly, S, Symbol
from sympy.utilities.iterables import strongly_connected_components

from .hurwitz import MAX_TERMS, definite_sign, hurwitz_stable, polynomial_stability
from .loops import monomials, speed_symbols

MAX_ROWS = 8        # rows of one block: its determinant is computed symbolically (Bareiss swells beyond)
MAX_DEGREE = 8      # degree in s of one block's polynomial: Hurwitz determinants up to 7 x 7
POINTS = 3          # sample values (each with three draws of the speeds) where nothing is proved


@dataclass(frozen=True)
class PoleBlock:
    """One diagonal block of the nodal matrix with op-amps in it (``opamps``:
    their indices in ``circuit.opamps``). ``verdict``: ``"proved"`` (stable for
    all positive values and speeds, under ``stability.conditions`` if any),
    ``"never"`` (for every value some speeds make it unstable; ``dc`` True when
    already its lowest coefficient, the loop at DC, is nowhere positive),
    ``"none"`` (the virtual shorts do not determine it) or ``"undecided"``
    (beyond the bounds, or signs not settled: :func:`stable_at_samples`)."""

    opamps: tuple
    verdict: str
    stability: object = None
    dc: bool = False
    degree: int = 0
    matrix: tuple = field(default=(), repr=False)
    ring: object = field(default=None, repr=False)


def closed_loop_blocks(circuit):
    """The :class:`PoleBlock` of each block of ``circuit``'s nodal matrix that
    holds an op-amp; None where the matrix cannot be written as polynomials in
    positive symbols (a value that is not a product of them) or is structurally
    singular.

    >>> from derive.circuit.library import load_circuit
    >>> [(b.opamps, b.verdict) for b in closed_loop_blocks(load_circuit("ecg-front-end").matched())]
    [((0, 1), 'proved'), ((2,), 'proved'), ((3,), 'proved'), ((4,), 'proved')]
    """
    built = _polynomial_rows(circuit)
    if built is None:
        return None
    ring, rows, opamp_rows, nsymbols = built
    match = _matching(rows)
    if match is None:
        return None
    row_of = {c: r for r, c in match.items()}
    edges = [(r, row_of[c]) for r, row in enumerate(rows) for c in row if row_of[c] != r]
    out = []
    for component in strongly_connected_components((list(range(len(rows))), edges)):
        ops = tuple(sorted(opamp_rows[r] for r in component if r in opamp_rows))
        if not ops:
            continue
        component = sorted(component)
        cols = [match[r] for r in component]
        matrix = tuple(tuple(rows[r].get(c, ring.zero) for c in cols) for r in component)
        out.append(_decide_block(ring, matrix, ops, nsymbols))
    return sorted(out, key=lambda b: b.opamps)


def _polynomial_rows(circuit):
    """``(ring, rows, opamp_rows, nsymbols)``: the nodal matrix as rows ``{column:
    polynomial}`` in ``ring`` (the circuit's symbols, then the speeds, then s),
    ``opamp_rows`` ``{row: op-amp index}``; None where it cannot be written so."""
    from sympy.polys.rings import PolyRing

    from ..solver import NodalSystem

    s = Symbol("s")
    model = circuit.ideal().with_finite_gain()
    model = replace(model, elements=tuple(e.with_value(S.Zero) if e.is_source else e
                                          for e in model.elements))
    system = NodalSystem(model)
    if len(system.rows) != len(system.unknowns):
        return None
    speeds = speed_symbols(circuit)
    gains = {op.value: k for k, op in enumerate(model.opamps)}
    index = {u: i for i, u in enumerate(system.unknowns)}
    parsed, opamp_rows, symbols = [], {}, set()
    for r, (_, coeffs, _, element) in enumerate(system.rows):
        gain = element.value if element is not None and element.value in gains else None
        row = {}
        for unknown, expr in coeffs.items():
            terms = monomials(expr, s)
            if terms is None:
                return None
            if gain is not None:
                terms = [_integrator_term(t, gain, speeds[gains[gain]]) for t in terms]
                if None in terms:
                    return None
            if terms:
                row[index[unknown]] = terms
                symbols.update(b for t in terms for b, _ in t[2])
        if gain is not None:
            opamp_rows[r] = gains[gain]
        parsed.append(row)
    xs = sorted(symbols - set(speeds), key=lambda x: x.name)
    if not all(x.is_positive for x in xs):
        return None
    ring = PolyRing(xs + speeds + [s], QQ, "grevlex")
    position = {g: k for k, g in enumerate(ring.symbols)}
    return ring, [_scaled_row(ring, row, position) for row in parsed], opamp_rows, len(xs)


def _integrator_term(term, gain, speed):
    """A term of an op-amp's row ``a + b*A`` as a term of ``a*s + b*w``."""
    coeff, power, factors = term
    rest = tuple(f for f in factors if f[0] != gain)
    if len(rest) == len(factors):
        return coeff, power + 1, factors
    if (gain, 1) not in factors:
        return None
    return coeff, power, rest + ((speed, 1),)


def _scaled_row(ring, row, position):
    """A row of monomials ``{column: [(coeff, power of s, factors)]}`` as
    polynomials, multiplied by the monomial that clears its denominators."""
    n = ring.ngens
    low = [0] * n
    entries = {}
    for col, terms in row.items():
        entry = []
        for coeff, power, factors in terms:
            exps = [0] * n
            exps[n - 1] = power
            for base, exp in factors:
                exps[position[base]] += exp
            entry.append((exps, coeff))
            low = [min(a, b) for a, b in zip(low, exps)]
        entries[col] = entry
    out = {}
    for col, entry in entries.items():
        poly = ring.zero
        for exps, coeff in entry:
            poly += ring({tuple(e - m for e, m in zip(exps, low)): coeff})
        if poly:
            out[col] = poly
    return out


def _matching(rows):
    """``{row: column}`` matching every row to a column where it has an entry, or None."""
    owner = {}

    def augment(r, seen):
        for c in rows[r]:
            if c not in seen:
                seen.add(c)
                if c not in owner or augment(owner[c], seen):
                    owner[c] = r
                    return True
        return False

    for r in range(len(rows)):
        if not augment(r, set()):
            return None
    return {r: c for c, r in owner.items()}


def _decide_block(ring, matrix, ops, nsymbols):
    """The :class:`PoleBlock` of one block: its determinant, roots at 0 set aside, decided."""
    from sympy.polys.matrices import DomainMatrix
    from sympy.polys.rings import PolyRing

    block = PoleBlock(ops, "undecided", matrix=matrix, ring=ring)
    k = len(matrix)
    if k > MAX_ROWS or _expansion_size(matrix) > MAX_TERMS:
        return block
    det = DomainMatrix([list(row) for row in matrix], (k, k), ring.to_domain()).det()
    speeds = [nsymbols + i for i in ops]
    if not det or not any(all(m[g] for g in speeds) for m in det.monoms()):
        return replace(block, verdict="none")
    monoms = det.monoms()
    low = [min(m[g] for m in monoms) for g in range(ring.ngens)]
    by_power = {}
    for monom, coeff in det.terms():
        monom = tuple(a - b for a, b in zip(monom, low))
        by_power.setdefault(monom[-1], {})[monom[:-1]] = coeff
    degree = max(by_power)
    block = replace(block, degree=degree)
    if degree > MAX_DEGREE:
        return block
    sub = PolyRing(ring.symbols[:-1], QQ, ring.order)
    coeffs = [sub.from_dict(by_power.get(p, {})) for p in range(degree, -1, -1)]
    stability = polynomial_stability(sub, coeffs, nsymbols)
    if stability is None:
        return block
    if stability.never:
        sign = next(x for x in map(definite_sign, coeffs) if x)
        dc = polynomial_stability(sub, [sub.one, coeffs[-1] * sign], nsymbols)
        return replace(block, verdict="never", dc=bool(dc and dc.never))
    return replace(block, verdict="proved", stability=stability)


def _expansion_size(matrix):
    """The terms of the determinant's expansion before they merge: the permanent
    of the entries' numbers of terms (over subsets of columns, row by row)."""
    sizes = [[len(e) for e in row] for row in matrix]
    counts = {0: 1}
    for row in sizes:
        following = {}
        for mask, count in counts.items():
            for col, size in enumerate(row):
                if size and not mask >> col & 1:
                    key = mask | 1 << col
                    following[key] = following.get(key, 0) + count * size
        counts = following
        if not counts:
            return 0
    return sum(counts.values())


def stable_at_samples(block, points=POINTS, seed=12):
    """Routh-Hurwitz on the block's polynomial at random positive values, each
    with three random draws of the op-amps' speeds, fast beside the circuit:
    between 10**2 and 10**6 times a bound on the ideal circuit's own natural
    frequencies there (the roots of its nullor polynomial, each op-amp row
    its virtual short); roots at s = 0 set aside. True if stable at every one.

    >>> from derive.circuit.library import load_circuit
    >>> stable_at_samples(closed_loop_blocks(load_circuit("mfb-bandpass"))[0])
    True
    """
    ring, matrix = block.ring, block.matrix
    rng = Random(seed)
    nspeeds = len(speed_gens(ring))
    nsymbols = ring.ngens - 1 - nspeeds
    nullor = _nullor_rows(block)
    for _ in range(points):
        values = [QQ(rng.randint(100, 999)) * QQ(10) ** rng.randint(-9, 4) for _ in range(nsymbols)]
        scale = _frequency_bound(_numeric_det(nullor, values + [QQ(1)] * nspeeds))
        for _ in range(3):
            speeds = [scale * QQ(rng.randint(100, 999)) * QQ(10) ** rng.randint(0, 4) for _ in range(nspeeds)]
            coeffs = _numeric_det(matrix, values + speeds)
            if not coeffs or not hurwitz_stable(Poly(coeffs, Symbol("s"), domain=QQ)):
                return False
    return True


def speed_gens(ring):
    """The indices of the op-amps' speeds among the generators of ``ring``."""
    return [k for k, x in enumerate(ring.symbols) if x.name.startswith("w_feedback_")]


def _nullor_rows(block):
    """The block with every op-amp row cut to its speed's terms (its virtual short, speed 1)."""
    gens = speed_gens(block.ring)
    out = []
    for row in block.matrix:
        speed = next((g for g in gens if any(m[g] for e in row for m in e.monoms())), None)
        if speed is None:
            out.append(row)
        else:
            out.append(tuple(block.ring.from_dict({m: c for m, c in e.terms() if m[speed]}) for e in row))
    return tuple(out)


def _numeric_det(matrix, values):
    """The determinant at ``values`` (every generator but s) as coefficients, highest
    power first, roots at s = 0 set aside; [] if it is zero."""
    from sympy.polys.matrices import DomainMatrix

    line = QQ.poly_ring(Symbol("s"))
    numeric = [[line.ring.from_dict(_at_point(e, values)) for e in row] for row in matrix]
    terms = dict(DomainMatrix(numeric, (len(matrix),) * 2, line).det().terms())
    if not terms:
        return []
    low = min(m[0] for m in terms)
    return [terms.get((p,), QQ(0)) for p in range(max(m[0] for m in terms), low - 1, -1)]


def _frequency_bound(coeffs):
    """Fujiwara's bound on the roots' magnitudes (1 where there are none), a power of ten."""
    from math import ceil, log10

    if len(coeffs) < 2:
        return QQ(1)
    lead = abs(coeffs[0])
    bound = 2 * max(float(abs(c) / lead) ** (1 / k) for k, c in enumerate(coeffs[1:], 1))
    return QQ(10) ** ceil(log10(bound)) if bound > 0 else QQ(1)


def _at_point(poly, values):
    """``poly`` with every generator but the last (s) at ``values``: ``{(power,): rational}``."""
    out = {}
    for monom, coeff in poly.terms():
        for value, exp in zip(values, monom):
            if exp:
                coeff *= value ** exp
        key = (monom[-1],)
        out[key] = out.get(key, QQ(0)) + coeff
    return out
