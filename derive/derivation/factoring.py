"""Factor the polynomials of a circuit's solution quickly, with SymPy's result.

:func:`factor_list` returns exactly what ``poly.factor_list()`` returns (the
same content, the same factors, in the same order) but does not pay for
SymPy's general multivariate factorisation (square-free part, then Wang's
algorithm: seconds on the ladder's determinants) when the polynomial is
*multilinear* — of degree at most one in every variable — as the numerators
and denominators of a resistive circuit's node voltages are (a nodal
determinant is linear in each conductance).

The multilinear factors are found by :mod:`derive.solver.multilinear`
(variable-disjoint blocks, each product checked exactly); where that route
gives up, SymPy factors the polynomial.

>>> from sympy import ZZ
>>> from sympy.polys.rings import ring
>>> _, a, b, c, x = ring("a,b,c,x", ZZ)
>>> p = -6*x*(a + b)*(b*c + 2)
>>> factor_list(p) == p.factor_list()
True
>>> factor_list(p)
(-6, [(b*c + 2, 1), (x, 1), (a + b, 1)])
"""
from functools import cmp_to_key, lru_cache
from math import gcd
from random import Random

from ..solver.multilinear import PRIME, exact_quotient, is_multilinear, multilinear_factors


def _s_weights(ring):
    """Weights that make an s-domain determinant homogeneous: s and each
    capacitance 1 (they meet as sC), each inductance -1 (as 1/(sL)), else 0;
    None when the ring has no ``s``."""
    names = [str(x) for x in ring.symbols]
    if "s" not in names:
        return None
    return [0 if n == "s" else 1 if n.startswith("C") else -1 if n.startswith("L") else 0
            for n in names], names.index("s")


def _graded_factors(g):
    """Irreducible factors of a primitive ``g`` (no monomial content, positive
    leading coefficient) of an RLC circuit, or None (then ask SymPy).

    Admittances enter a nodal determinant as ``sC`` and ``1/(sL)``: each
    term's power of s is a constant plus its capacitance degree minus its
    inductance degree. Then ``g`` is ``g1`` (s = 1) with every C replaced by
    sC and L by L/s, ``g1`` is multilinear when ``g`` is in the element
    values, and since the factors of a graded polynomial are graded, the
    factors of ``g`` are those of ``g1`` lifted the same way (less a power of
    s, which ``g`` has none of). The product is checked against ``g``
    exactly; a leading ``-1`` in the list says the sign of ``g`` flipped.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, C1, C2, R1, R2, s = ring("C1,C2,R1,R2,s", ZZ)
    >>> sorted(map(str, _graded_factors((s*C1*R1 + 1) * (s*C2*R2 + 1))))
    ['C1*R1*s + 1', 'C2*R2*s + 1']
    """
    ring = g.ring
    found = _s_weights(ring)
    if found is None:
        return None
    weights, ks = found

    def weight(m):
        return sum(w * e for w, e in zip(weights, m))

    if len({m[ks] - weight(m) for m in g.keys()}) != 1:
        return None
    g1 = ring.from_dict({m[:ks] + (0,) + m[ks + 1:]: c for m, c in g.items()})
    if len(g1) != len(g) or not is_multilinear(g1):
        return None
    sign = 1
    if g1.LC < 0:
        g1, sign = -g1, -1
    factors = multilinear_factors(g1)
    if factors is None:
        return None
    lifted, product = [], ring.one
    for f in factors:
        base = min(weight(m) for m in f.keys())
        h = ring.from_dict({m[:ks] + (weight(m) - base,) + m[ks + 1:]: c for m, c in f.items()})
        if h.LC < 0:
            h, sign = -h, -sign
        lifted.append(h)
        product *= h
    if product != sign * g:
        return None
    return ([-1] if sign < 0 else []) + lifted


def factor_list(poly):
    """``poly.factor_list()`` for a polynomial over ZZ, fast when multilinear.

    Results are remembered per polynomial (a circuit's determinant is the
    denominator of every node voltage of every scenario).
    """
    coeff, factors = _factor_list(poly)
    return coeff, list(factors)


@lru_cache(maxsize=2048)
def _factor_list(poly):
    found = _fast_factor_list(poly)
    if found is not None:
        return found
    coeff, factors = poly.factor_list()
    return coeff, tuple(factors)


def _fast_factor_list(poly):
    """:func:`factor_list` by the multilinear or graded route, or None where
    neither applies (then only SymPy's general factorisation would do)."""
    ring = poly.ring
    if len(poly) <= 1:
        return None
    low = tuple(map(min, zip(*poly.keys())))
    content = gcd(*poly.values())
    sign = -1 if poly.LC < 0 else 1
    g = poly
    if any(low) or content != 1 or sign < 0:
        g = ring.from_dict({tuple(a - b for a, b in zip(m, low)): c // (sign * content)
                            for m, c in poly.items()})
    found = multilinear_factors(g) if is_multilinear(g) else _graded_factors(g)
    if found is None:
        return None
    if found and found[0] == -1:          # the graded route flipped g's sign
        sign, found = -sign, found[1:]
    factors = [(ring.gens[k], e) for k, e in enumerate(low) if e] + [(f, 1) for f in found]
    return ring.domain(sign * content), tuple(sort_factors(factors))


@lru_cache(maxsize=512)
def split_factors(poly):
    """``{factor: multiplicity}`` of a primitive polynomial with a positive
    leading coefficient and no monomial content, by the fast routes; None
    where they do not apply.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, x, y = ring("x,y", ZZ)
    >>> split_factors((x + 1)*(y + 2)) == {x + 1: 1, y + 2: 1}, split_factors(x**2 + x*y + 1)
    (True, None)
    """
    found = _fast_factor_list(poly)
    if found is None or found[0] != 1:
        return None
    return dict(found[1])


def cancel_factors(num, den):
    """The factor lists of ``num/den`` in lowest terms, or None.

    Returns ``(cn, numerator factors, cd, denominator factors)`` exactly as
    ``factor_list`` gives them for the numerator and denominator of the
    reduced fraction (up to one common integer in ``cn`` and ``cd``), found by
    removing the irreducible factors the two share. None unless
    every factor has a positive leading coefficient, the normal form that
    makes equal factors equal polynomials.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, x, y = ring("x,y", ZZ)
    >>> cancel_factors(2*x*y*(x + y), 4*x**2*(x + y))
    (2, [(y, 1)], 4, [(x, 1)])
    """
    if not num:
        return None
    cd, fd = factor_list(den)
    if any(f.LC < 0 for f, _ in fd):
        return None
    return cancel_by(num, cd, fd)


def cancel_by(num, cd, fd):
    """:func:`cancel_factors` of ``num`` over a denominator known by its
    factors: ``cd`` times the product of ``fd`` (irreducible, positive leading
    coefficients, as ``factor_list`` gives them), without expanding it.

    ``num`` is first divided by each denominator factor that divides it
    (exactly, and checked), so that only what is left is factored.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, x, y = ring("x,y", ZZ)
    >>> cancel_by(3*x**2*(x + y)**2, 2, [(x**2 + y, 1), (x + y, 1)])
    (3, [(x + y, 1), (x, 2)], 2, [(x**2 + y, 1)])
    """
    if not num:
        return None
    num, fd = _divide_out(num, fd)
    cn, fn = _factor_list(num)
    if any(f.LC < 0 for f, _ in fn):
        return None
    return cn, list(fn), cd, sort_factors(fd)


def _divide_out(num, fd):
    """``num`` divided by each factor of ``fd`` as often as it divides, and
    the factors left in the denominator. A multilinear ``num`` is divided by
    reading the quotient off at a point (:func:`exact_quotient`); any other by
    polynomial division, after a test at a point where the factor vanishes."""
    rng, left = Random(1), []
    for f, m in fd:
        k = 0
        while k < m:
            if is_multilinear(num):
                q = exact_quotient(num, f)
            else:
                q, r = num.div(f) if _may_divide(num, f, rng) else (None, None)
                q = None if r else q
            if q is None:
                break
            num, k = q, k + 1
        if m > k:
            left.append((f, m - k))
    return num, left


def _may_divide(num, f, rng):
    """False if ``f`` is proved not to divide ``num``: at a point (mod a
    prime) where ``f`` vanishes, found by solving for a variable of degree
    one, ``num`` does not. True when no such point is found (then divide)."""
    x = next((k for k, d in enumerate(f.degrees()) if d == 1), None)
    if x is None:
        return True
    point = [rng.randint(2, PRIME - 2) for _ in range(f.ring.ngens)]
    point[x] = 0
    a, b = 0, _value(f, point)
    for m, c in f.items():
        if m[x]:
            a += int(c) * _value_monomial(m, point, skip=x)
    a %= PRIME
    if not a:
        return True
    point[x] = -b * pow(a, -1, PRIME) % PRIME
    return _value(num, point) == 0


def _value_monomial(monom, point, skip=None):
    value = 1
    for k, e in enumerate(monom):
        if e and k != skip:
            value = value * pow(point[k], e, PRIME) % PRIME
    return value


def _value(poly, point):
    """``poly`` at ``point``, modulo the prime."""
    return sum(int(c) * _value_monomial(m, point) for m, c in poly.items()) % PRIME


# --- SymPy's order of factors, without building dense polynomials ------------

def sort_factors(factors):
    """``factors`` (pairs ``(poly, multiplicity)``) in the order SymPy's
    ``factor_list`` gives them: by the key ``(len(dense), multiplicity, dense)``
    of ``sympy.polys.polyutils._sort_factors``, where ``dense`` is the
    polynomial's recursive dense list. The dense lists are compared lazily,
    term groups only as far as the first difference, so a large factor costs
    one pass over its terms rather than a conversion.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, x, y = ring("x,y", ZZ)
    >>> sort_factors([(x*y + 1, 1), (y, 2), (x + 2, 1), (y + 3, 1)])
    [(y + 3, 1), (y, 2), (x + 2, 1), (x*y + 1, 1)]
    """
    def compare(a, b):
        (f, m), (g, n) = a, b
        ka, kb = (_length(f), m), (_length(g), n)
        if ka != kb:
            return -1 if ka < kb else 1
        return _compare_dense(list(f.items()), list(g.items()), 0, f.ring.ngens)

    return sorted(factors, key=cmp_to_key(compare))


def _length(poly):
    """``len`` of the polynomial's dense list (1 for zero: ``[[]]``-like)."""
    if not poly:
        return 1 if poly.ring.ngens > 1 else 0
    return max(m[0] for m in poly.keys()) + 1


def _rows(items, j):
    """Terms grouped by the exponent of variable ``j``: {exponent: terms}."""
    rows = {}
    for m, c in items:
        rows.setdefault(m[j], []).append((m, c))
    return rows


def _compare_dense(a, b, j, n):
    """-1, 0, 1 as Python compares the dense lists of the polynomials with
    terms ``a`` and ``b`` at level ``j`` (variables ``j`` .. ``n - 1``)."""
    if j == n - 1:
        # innermost level: lists of integers, highest degree first
        la, lb = _int_list(a, j), _int_list(b, j)
        return (la > lb) - (la < lb)
    ra, rb = _rows(a, j), _rows(b, j)
    # the zero polynomial at this level is a one-element list [zero below]
    da, db = max(ra, default=0), max(rb, default=0)
    for i in range(min(da, db) + 1):
        c = _compare_dense(ra.get(da - i, []), rb.get(db - i, []), j + 1, n)
        if c:
            return c
    return (da > db) - (da < db)


def _int_list(items, j):
    if not items:
        return []
    coeffs = {m[j]: int(c) for m, c in items}
    top = max(coeffs)
    return [coeffs.get(top - i, 0) for i in range(top + 1)]


# --- SymPy's factor() of an expression, with this module's factor_list -------

def factor_expression(expr):
    """``expr.factor()`` for a rational function with integer coefficients.

    The same steps as SymPy's ``factor`` (``together``, then each base of the
    product as a ``Poly`` in its own generators, factored, and the product
    rebuilt with ``_keep_coeff``), with each polynomial factored by
    :func:`factor_list`; anything else is handed to ``expr.factor()``.

    >>> from sympy import symbols
    >>> x, y = symbols("x y", positive=True)
    >>> e = (2*x*y + 2*y)/(x**2 + 2*x*y + y**2) + y/(x + y)
    >>> factor_expression(e) == e.factor(), factor_expression(e)
    (True, y*(3*x + y + 2)/(x + y)**2)
    """
    from sympy import Mul, Poly, S, ZZ, together
    from sympy.core.mul import _keep_coeff
    from sympy.polys.polyerrors import PolificationFailed
    from sympy.polys.rings import PolyRing

    from ..solver.rational import as_expr

    combined = together(expr)
    coeff, factors = S.One, []
    for arg in Mul.make_args(combined):
        if arg.is_Number:
            coeff *= arg
            continue
        base, exp = (arg.base, arg.exp) if arg.is_Pow else (arg, S.One)
        if base.is_Number or not exp.is_Integer:
            return expr.factor()
        try:
            poly = Poly(base)
        except PolificationFailed:
            return expr.factor()
        if poly.domain != ZZ or not all(g.is_Symbol for g in poly.gens):
            return expr.factor()
        ring = PolyRing(poly.gens, ZZ)
        c, found = factor_list(ring.from_dict(dict(poly.as_dict(native=True))))
        c = ZZ.to_sympy(c)
        if c is not S.One:
            coeff *= c**exp
        factors += [(as_expr(f), k * exp) for f, k in found]
    return _keep_coeff(coeff, Mul(*[f**k for f, k in factors]))
