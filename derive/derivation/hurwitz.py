"""Routh-Hurwitz: is every root of a polynomial in s in the left half-plane?
At numbers (:func:`hurwitz_stable`), and for a loop of op-amps for all
positive values of its symbols and of the op-amps' gain-bandwidths
(:func:`loop_stability`; any polynomial in s whose coefficients are
polynomials in them: :func:`polynomial_stability`).

A loop of n op-amps, each an integrator w_i/s, with loop matrix
``D = diag(1/den_i) C`` (:class:`derive.derivation.loops.Loop`), has the
characteristic polynomial det(s I + W D) = det(s I + U C') with
``u_i = w_i / |den_i|`` and ``C'`` the rows of ``C`` times the sign of their
``den_i``: where every ``den_i`` has one sign for all positive values, each
u_i takes every positive value whatever the resistors, so the u_i and the
circuit's symbols are independent positive variables and ``C'`` is a matrix
of polynomials. The coefficient of s**(n-k) is the sum over k op-amps S of
u_S det C'[S, S]. By the Liénard-Chipart criterion the roots are in the left
half-plane exactly when every coefficient and the Hurwitz determinants
Delta_(n-1), Delta_(n-3), ... are positive; each is a polynomial in the
circuit's symbols and the u_i, and a polynomial whose coefficients are all
positive is positive for all positive values (that is the proof).

Where one is not, it is read as a polynomial in the u_i whose coefficients are
polynomials in the circuit's symbols. Every coefficient positive is enough
(for any speeds of the op-amps), so each coefficient of indefinite sign
becomes a stated condition. A coefficient of the characteristic polynomial
has one term per u_S, each a vertex of its Newton polytope, which dominates
where the u_i are far apart: its condition is also necessary, so conditions
only from those coefficients are exact (``>= 0`` for all speeds, ``> 0`` stated);
a condition from a Hurwitz determinant may be stronger than needed.
"""
from dataclasses import dataclass
from itertools import combinations, permutations

from sympy import S, Symbol

MAX_LOOP = 6           # op-amps in one loop: 2**n principal minors
MAX_TERMS = 50000      # terms of a product of entries in a minor or a Hurwitz determinant


@dataclass(frozen=True)
class LoopStability:
    """What is proved about a loop for all positive values and speeds: ``never``
    (a condition that is nowhere positive: some speeds make it unstable), else
    ``conditions`` (``expr > 0`` each; none: stable for all positive values),
    ``exact`` when they are also necessary."""

    never: bool = False
    conditions: tuple = ()
    exact: bool = True


def loop_stability(ring, row, block, symbols):
    """Liénard-Chipart for the loop of the op-amps ``block`` (indices), proved
    symbolically; None where it cannot be (a row's denominator of either sign,
    a symbol not known positive, or beyond the bounds on size).

    ``ring`` and ``row`` are those of a :class:`derive.derivation.loops.Loop`
    (``row(i)``: op-amp i's row of the loop matrix, numerators and denominator);
    ``symbols`` the circuit's positive symbols.

    >>> from derive.circuit.library import load_circuit
    >>> from derive.derivation.loops import loop_system
    >>> c = load_circuit("inamp")
    >>> loop = loop_system(c)
    >>> loop_stability(loop.ring, loop.row, [0, 1], c.symbols)
    LoopStability(never=False, conditions=(), exact=True)
    """
    n = len(block)
    if n > MAX_LOOP:
        return None
    names = set(symbols)
    kept = [x for x in ring.symbols if x in names]
    if not all(x.is_positive for x in kept) or not (ring.domain.is_ZZ or ring.domain.is_QQ):
        return None
    speeds = [Symbol(f"u_feedback_{k}", positive=True) for k in range(n)]
    from sympy.polys.polyerrors import GeneratorsError
    from sympy.polys.rings import PolyRing

    try:
        new = PolyRing(kept + speeds, ring.domain, ring.order)
        matrix = []
        for i in block:
            entries, den = row(i)
            entries = [entries[j] for j in block]
            sign = definite_sign(den.set_ring(new))
            if not sign:
                return None
            matrix.append([x.set_ring(new) * sign for x in entries])
    except GeneratorsError:     # a row that holds a test drive or a symbol not known positive
        return None
    u = new.gens[len(kept):]
    coeffs = _characteristic_coefficients(new, matrix, u)
    if coeffs is None:
        return None
    return polynomial_stability(new, coeffs, len(kept))


def polynomial_stability(ring, coeffs, nsymbols):
    """Liénard-Chipart for ``coeffs[0] s**n + ... + coeffs[n]``, proved for all
    positive values: each coefficient a polynomial of ``ring``, whose first
    ``nsymbols`` generators are the circuit's symbols and the others the op-amps'
    speeds, of degree at most one in each speed (then every coefficient's terms
    in the speeds are vertices of its Newton polytope: its conditions are exact).
    The coefficients are taken with the sign of the first one of definite sign;
    None where none has one, or beyond the bounds on size.

    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> P, R, C, w = ring("R, C, w", QQ)
    >>> polynomial_stability(P, [R * C, P.one, w], 2)         # R C s**2 + s + w
    LoopStability(never=False, conditions=(), exact=True)
    >>> polynomial_stability(P, [R * C, 1 - w * R * C], 2).never    # R C s + 1 - w R C
    True
    """
    sign = next((x for x in map(definite_sign, coeffs) if x), 0)
    if not sign:
        return None
    coeffs = [a * sign for a in coeffs]
    dets = _hurwitz_determinants(ring, coeffs)
    if dets is None:
        return None
    return _decide([(a, True) for a in coeffs] + [(d, False) for d in dets], nsymbols, ring)


def definite_sign(poly):
    """+1 or -1 if every coefficient of ``poly`` has that sign, else 0 (the sign of
    a polynomial in positive variables for all their values, where it is proved)."""
    signs = {c > 0 for c in poly.coeffs()} if poly else set()
    return 1 if signs == {True} else -1 if signs == {False} else 0


def _characteristic_coefficients(ring, matrix, u):
    """``[1, a_1, ..., a_n]``: a_k is the sum over k rows S of u_S det matrix[S, S];
    None if a minor could have more than :data:`MAX_TERMS` terms."""
    from sympy.polys.matrices import DomainMatrix

    n = len(matrix)
    domain = ring.to_domain()
    coeffs = [ring.one]
    for k in range(1, n + 1):
        total = ring.zero
        for subset in combinations(range(n), k):
            if _product_size(max(len(matrix[i][j]) for j in subset) for i in subset) > MAX_TERMS:
                return None
            minor = DomainMatrix([[matrix[i][j] for j in subset] for i in subset], (k, k), domain).det()
            if minor:
                for i in subset:
                    minor *= u[i]
                total += minor
        coeffs.append(total)
    return coeffs


def _hurwitz_determinants(ring, coeffs):
    """Delta_(n-1), Delta_(n-3), ... down to Delta_2 (Delta_1 is a_1), or None
    if one would have more than :data:`MAX_TERMS` terms."""
    from sympy.polys.matrices import DomainMatrix

    n = len(coeffs) - 1

    def a(k):
        return coeffs[k] if 0 <= k <= n else ring.zero

    out = []
    for order in range(n - 1, 1, -2):
        H = [[a(2 * j - i + 1) for j in range(order)] for i in range(order)]
        if max(_product_size(len(H[i][j]) for i, j in enumerate(p))
               for p in permutations(range(order))) > MAX_TERMS:
            return None
        out.append(DomainMatrix(H, (order, order), ring.to_domain()).det())
    return out


def _product_size(sizes):
    """A bound on the terms of a product of polynomials with these numbers of terms."""
    total = 1
    for size in sizes:
        total *= size
    return total


def _decide(conditions, nsymbols, ring):
    """:class:`LoopStability` from the conditions ``(poly, necessary)``."""
    stated, exact = [], True
    for poly, necessary in conditions:
        sign = definite_sign(poly)
        if sign == 1:
            continue
        if sign == -1 or not poly:
            return LoopStability(never=True)
        by_speeds = {}
        for monom, coeff in poly.terms():
            by_speeds.setdefault(monom[nsymbols:], []).append((monom[:nsymbols], coeff))
        for terms in by_speeds.values():
            signs = {c > 0 for _, c in terms}
            if signs == {True}:
                continue
            if signs == {False}:
                if necessary:          # a vertex term negative for all values: unstable for some speeds
                    return LoopStability(never=True)
                return None            # positive only through the speeds' balance: not decided here
            condition = _condition(terms, nsymbols, ring)
            if condition is not None:
                stated.append(condition)
                exact = exact and necessary
    unique = []
    for c in stated:
        if c not in unique:
            unique.append(c)
    return LoopStability(conditions=tuple(unique), exact=exact)


def _condition(terms, nsymbols, ring):
    """``expr > 0`` for the polynomial with these terms in the circuit's symbols,
    without its factors of one sign (a monomial, a sum of positive terms) or of
    even power; None if no factor is left (then it is only required not zero)."""
    from sympy.polys.rings import PolyRing

    sub = PolyRing(ring.symbols[:nsymbols], ring.domain, ring.order)
    const, factors = sub.from_dict(dict(terms)).factor_list()
    expr, sign = S.One, 1 if const > 0 else -1
    for factor, power in factors:
        definite = definite_sign(factor)
        if definite:
            sign *= definite ** power
        elif power % 2:
            expr *= factor.as_expr()
    return None if expr is S.One else (sign * expr > 0)


def hurwitz_stable(poly):
    """True if every root of ``poly`` (exact coefficients) has a negative real part.

    >>> from sympy import Poly, Symbol
    >>> s = Symbol("s")
    >>> hurwitz_stable(Poly(s**2 + 3*s + 2, s)), hurwitz_stable(Poly(s - 1, s))
    (True, False)
    """
    coeffs = [S(c) for c in poly.all_coeffs()]
    n = len(coeffs) - 1
    if any(c <= 0 for c in coeffs):
        return False
    width = n // 2 + 2

    def pad(row):
        return row + [S.Zero] * (width - len(row))

    rows = [pad(coeffs[0::2]), pad(coeffs[1::2])]
    for _ in range(n - 1):
        a, b = rows[-2], rows[-1]
        if b[0] <= 0:
            return False
        rows.append(pad([(b[0] * a[i + 1] - a[0] * b[i + 1]) / b[0] for i in range(width - 1)]))
    return all(r[0] > 0 for r in rows[:n + 1])
