"""Factor the polynomials of a circuit's solution quickly, with SymPy's result.

:func:`factor_list` returns exactly what ``poly.factor_list()`` returns (the
same content, the same factors, in the same order) but does not pay for
SymPy's general multivariate factorisation (square-free part, then Wang's
algorithm: seconds on the ladder's determinants) when the polynomial is
*multilinear* — of degree at most one in every variable — as the numerators
and denominators of a resistive circuit's node voltages are (a nodal
determinant is linear in each conductance).

A multilinear polynomial's irreducible factors have disjoint sets of
variables, and two variables ``x, y`` lie in the same factor exactly when
``P * P_xy != P_x * P_y`` (Shpilka and Volkovich, "On the relation between
polynomial identity testing and finding variable disjoint factors", 2010;
write ``P = A x y + B x + C y + D``: the identity is ``A D = B C``, which
makes ``P = (g x + c)(a y + b)``). Evaluating both sides at one integer point
(modulo a prime) and finding them different *proves* the two variables share
a factor; so each block of variables found this way lies inside one
irreducible factor. If there is one block the polynomial is irreducible; if
there are several, the factor of each block is read off by setting the other
variables to numbers, and the product of the factors must give the
polynomial back exactly, else (an unlucky point) SymPy factors it.

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

PRIME = 2**61 - 1


def _is_multilinear(poly):
    return all(e <= 1 for m in poly.keys() for e in m)


def _blocks(poly, variables, rng):
    """Variables grouped so that each group is proved to lie in one factor."""
    point = [rng.randint(2, PRIME - 2) for _ in range(poly.ring.ngens)]
    inverse = [pow(v, -1, PRIME) for v in point]
    terms = []            # (value of the term at the point, its variables)
    total = 0
    single = {}           # x -> P_x at the point
    for monom, coeff in poly.items():
        support = [k for k, e in enumerate(monom) if e]
        value = int(coeff) % PRIME
        for k in support:
            value = value * point[k] % PRIME
        terms.append((value, support))
        total += value
        for k in support:
            single[k] = (single.get(k, 0) + value * inverse[k]) % PRIME
    total %= PRIME
    todo, blocks = sorted(variables), []
    while todo:
        x, rest = todo[0], todo[1:]
        double = {}       # y -> P_xy at the point
        for value, support in terms:
            if x in support:
                vx = value * inverse[x] % PRIME
                for y in support:
                    if y != x:
                        double[y] = (double.get(y, 0) + vx * inverse[y]) % PRIME
        block = [x] + [y for y in rest
                       if (total * double.get(y, 0) - single.get(x, 0) * single.get(y, 0)) % PRIME]
        blocks.append(block)
        todo = [y for y in rest if y not in block]
    return blocks


def _block_factor(poly, block, rng):
    """The primitive factor of ``poly`` in the variables of ``block`` (or None)."""
    ring = poly.ring
    inside = set(block)
    for _ in range(3):
        point = {k: rng.randint(1, 9) for k in range(ring.ngens) if k not in inside}
        found = {}
        for monom, coeff in poly.items():
            value = int(coeff)
            for k, e in enumerate(monom):
                if e and k not in inside:
                    value *= point[k]
            key = tuple(e if k in inside else 0 for k, e in enumerate(monom))
            found[key] = found.get(key, 0) + value
        found = {m: c for m, c in found.items() if c}
        if found:
            f = ring.from_dict(found)
            content = gcd(*found.values())
            f = f.quo_ground(content)
            return -f if f.LC < 0 else f
    return None


def _multilinear_factors(g):
    """The irreducible factors of a primitive multilinear ``g`` with positive
    leading coefficient and no monomial content, or None (then ask SymPy)."""
    variables = [k for k, d in enumerate(map(max, zip(*g.keys()))) if d > 0]
    rng = Random(1)
    blocks = _blocks(g, variables, rng)
    if len(blocks) == 1:
        return [g]
    factors = [_block_factor(g, b, rng) for b in blocks]
    if any(f is None for f in factors):
        return None
    product = g.ring.one
    for f in factors:
        product *= f
    return factors if product == g else None


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
    if len(g1) != len(g) or not _is_multilinear(g1):
        return None
    sign = 1
    if g1.LC < 0:
        g1, sign = -g1, -1
    factors = _multilinear_factors(g1)
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
    ring = poly.ring
    if len(poly) > 1:
        low = tuple(map(min, zip(*poly.keys())))
        content = gcd(*poly.values())
        sign = -1 if poly.LC < 0 else 1
        g = poly
        if any(low) or content != 1 or sign < 0:
            g = ring.from_dict({tuple(a - b for a, b in zip(m, low)): c // (sign * content)
                                for m, c in poly.items()})
        found = _multilinear_factors(g) if _is_multilinear(g) else _graded_factors(g)
        if found is not None:
            if found and found[0] == -1:          # the graded route flipped g's sign
                sign, found = -sign, found[1:]
            factors = [(ring.gens[k], e) for k, e in enumerate(low) if e] + [(f, 1) for f in found]
            return ring.domain(sign * content), tuple(sort_factors(factors))
    coeff, factors = poly.factor_list()
    return coeff, tuple(factors)


def cancel_factors(num, den):
    """The factor lists of ``num/den`` in lowest terms, or None.

    Returns ``(cn, numerator factors, cd, denominator factors)`` exactly as
    ``factor_list`` gives them for the numerator and denominator of the
    reduced fraction (up to one common integer in ``cn`` and ``cd``), found by
    removing the irreducible factors the two share. None unless both are
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
    cn, fn = factor_list(num)
    cd, fd = factor_list(den)
    if any(f.LC < 0 for f, _ in fn + fd):
        return None
    dens = dict(fd)
    common = {}
    for f, m in fn:
        if f in dens:
            common[f] = min(m, dens[f])
    if common:
        fn = [(f, m - common.get(f, 0)) for f, m in fn if m > common.get(f, 0)]
        fd = [(f, m - common.get(f, 0)) for f, m in fd if m > common.get(f, 0)]
        fn, fd = sort_factors(fn), sort_factors(fd)
    return cn, fn, cd, fd


def reduce_pair(num, den):
    """``num/den`` in lowest terms (denominator's leading coefficient positive),
    by :func:`cancel_factors`; None if that does not apply. The polynomials
    themselves are returned when nothing cancels.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, x, y = ring("x,y", ZZ)
    >>> reduce_pair(2*x*y*(x + y), -4*x**2*(x + y))
    (-y, 2*x)
    """
    found = cancel_factors(num, den)
    if found is None:
        return None
    cn, fn, cd, fd = found
    k = gcd(int(cn), int(cd)) * (-1 if cd < 0 else 1)
    if k == 1 and len(fn) + len(fd) == len(factor_list(num)[1]) + len(factor_list(den)[1]):
        return num, den
    ring = num.ring
    out = []
    for c, factors in ((cn // k, fn), (cd // k, fd)):
        p = ring(c)
        for f, m in factors:
            p *= f**m
        out.append(p)
    return tuple(out)


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
