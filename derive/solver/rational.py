"""Exact rational functions as (numerator, denominator) polynomial pairs.

Reducing ``num/den`` to lowest terms with a multivariate gcd is the slow part
of a symbolic solve: on a ladder of a dozen resistors the gcd is almost always
a monomial (or 1), yet SymPy's general gcd takes seconds to find that out.
:func:`reduce_fraction` first removes the common monomial and integer content,
then *proves* that what is left is coprime from univariate images modulo a
prime, and only when that proof fails runs the general gcd.

The proof: if ``h = gcd(f, g)`` has degree ``d > 0`` in a variable ``x``,
then for any point at which the leading coefficient of ``f`` in ``x`` does
not vanish (mod p), the images of ``f`` and ``g`` as univariate polynomials
in ``x`` share the image of ``h``, of degree ``d``. So a constant gcd of the
images, for every variable, proves ``h`` constant. Nothing here is
probabilistic: an unlucky point only means the fast route gives up.

>>> from sympy import ZZ
>>> from sympy.polys.rings import ring
>>> _, x, y = ring("x,y", ZZ)
>>> reduce_fraction(2*x**2*y + 2*x*y, 4*x*y**2)
(x + 1, 2*y)
>>> reduce_fraction(x**2 - y**2, x*y - y**2)
(x + y, y)
"""
from functools import cmp_to_key, lru_cache
from math import gcd
from random import Random

from sympy import Add, Integer, Mul, Pow, S, Symbol, ZZ
from sympy.polys.galoistools import gf_gcd
from sympy.polys.rings import PolyRing

from .multilinear import exact_quotient, is_multilinear, multilinear_factors

PRIME = 2**31 - 1


def _common_monomial(f, g):
    monoms = list(f.monoms()) + list(g.monoms())
    return tuple(min(m[k] for m in monoms) for k in range(len(monoms[0])))


def _divide_monomial(p, monom):
    ring = p.ring
    return ring.from_dict({tuple(a - b for a, b in zip(m, monom)): c for m, c in p.terms()})


def _univariate_images(poly, point, p=PRIME):
    """For each variable ``k``: ``poly`` as a polynomial in ``x_k`` alone (dict
    degree -> coefficient mod p), every other variable set to ``point``."""
    top = [max(d, 0) for d in poly.degrees()]
    powers = [[pow(v, e, p) for e in range(d + 1)] for v, d in zip(point, top)]
    inverse_powers = [[pow(v, -e, p) for e in range(d + 1)] for v, d in zip(point, top)]
    images = [{} for _ in point]
    total = 0
    for monom, coeff in poly.terms():
        support = [(k, e) for k, e in enumerate(monom) if e]
        full = int(coeff) % p
        for k, e in support:
            full = full * powers[k][e] % p
        total += full
        for k, e in support:
            image = images[k]
            image[e] = (image.get(e, 0) + full * inverse_powers[k][e]) % p
            image[0] = image.get(0, 0) - full   # the constant term is the rest
    for image in images:
        image[0] = (image.get(0, 0) + total) % p
    return images


def _dense(image):
    degree = max((d for d, c in image.items() if c), default=-1)
    return [image.get(d, 0) for d in range(degree, -1, -1)]


def proved_coprime(f, g, tries=3, seed=1):
    """True if ``gcd(f, g)`` is proved constant; False if not proved (maybe not)."""
    todo = {k for k in range(f.ring.ngens) if f.degree(k) > 0 and g.degree(k) > 0}
    rng = Random(seed)
    for _ in range(tries):
        if not todo:
            return True
        point = [rng.randint(2, PRIME - 2) for _ in range(f.ring.ngens)]
        f_images, g_images = _univariate_images(f, point), _univariate_images(g, point)
        for k in sorted(todo):
            a, b = _dense(f_images[k]), _dense(g_images[k])
            if len(a) - 1 != f.degree(k) and len(b) - 1 != g.degree(k):
                continue  # both leading coefficients vanish here: try another point
            if len(gf_gcd(a, b, PRIME, ZZ)) > 1:
                return False
            todo.discard(k)
    return not todo


def reduce_fraction(num, den):
    """``num/den`` in lowest terms, integer content removed, ``den``'s leading coefficient positive.

    ``num`` and ``den`` are polynomials of one ring over ZZ; ``den`` nonzero.
    """
    ring = den.ring
    if not num:
        return ring.zero, ring.one
    monom = _common_monomial(num, den)
    if any(monom):
        num, den = _divide_monomial(num, monom), _divide_monomial(den, monom)
    content = gcd(*(int(c) for c in num.coeffs()), *(int(c) for c in den.coeffs()))
    if content > 1:
        num, den = num.quo_ground(content), den.quo_ground(content)
    if not proved_coprime(num, den):
        num, den = cancel_multilinear(num, den)
        if not proved_coprime(num, den):
            common = num.gcd(den)
            num, den = num.exquo(common), den.exquo(common)
    if den.LC < 0:
        num, den = -num, -den
    return num, den


def cancel_multilinear(num, den):
    """``num/den`` with every irreducible factor of a multilinear ``den`` that
    divides ``num`` divided out of both (exactly, :mod:`.multilinear`): the
    common factors of a node voltage are factors of the determinant, found
    without a general gcd. Unchanged if ``den`` is not multilinear.

    The factors of a multilinear polynomial share no variable, so each
    coefficient of a product is one product of the factors' coefficients: a
    numerator or denominator with coefficients of one sign keeps that property.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, a, b, c, d, e = ring("a,b,c,d,e", ZZ)
    >>> cancel_multilinear(e*(a + b), (a + b)*(c + d))
    (e, c + d)
    """
    (num,), den = cancel_multilinear_all([num], den)
    return num, den


def cancel_multilinear_all(nums, den):
    """``nums`` over one ``den`` (a row of fractions) with every irreducible factor
    of a multilinear ``den`` that divides all of ``nums`` divided out: a row of
    the loop matrix in the terms its own entries need, without a gcd.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, a, b, c, d, e = ring("a,b,c,d,e", ZZ)
    >>> cancel_multilinear_all([e*(a + b), 0*a, (a + b)*c], (a + b)*(c + d))
    ([e, 0, c], c + d)
    """
    factors = _core_factors(den) if is_multilinear(den) else None
    for f in factors or ():
        quotients = [exact_quotient(n, f) if n else n for n in nums]
        if all(q is not None for q in quotients):
            nums, den = quotients, exact_quotient(den, f)
    return list(nums), den


def _core_factors(poly):
    """The irreducible factors of ``poly`` less its monomial and integer
    content, or None. The factorisation is remembered in the ring of the
    variables ``poly`` holds: the scenarios of a superposition share one
    determinant, each in a ring of its own symbols."""
    ring = poly.ring
    low = tuple(map(min, zip(*poly.keys())))
    k = gcd(*(int(c) for c in poly.values())) * (-1 if poly.LC < 0 else 1)
    present = [j for j, d in enumerate(map(max, zip(*poly.keys()))) if d > low[j]]
    if not present:
        return None
    names = tuple(ring.symbols[j] for j in present)
    core = PolyRing(names, ZZ).from_dict({tuple(m[j] - low[j] for j in present): c // k
                                          for m, c in poly.items()})
    found = _factors_of(core)
    if found is None:
        return None
    back = []
    for f in found:
        terms = {}
        for m, c in f.items():
            full = [0] * ring.ngens
            for j, e in zip(present, m):
                full[j] = e
            terms[tuple(full)] = c
        back.append(ring.from_dict(terms))
    return back


@lru_cache(maxsize=64)
def _factors_of(core):
    return multilinear_factors(core) if len(core) > 1 else None


def as_expr(poly):
    """``poly.as_expr()``, built in SymPy's canonical order without re-flattening.

    A polynomial's terms are already distinct monomials, so there is nothing
    for ``Mul``/``Add`` to collect: each factor list and the term list are only
    sorted the way SymPy's own flatten sorts them, which gives the very same
    expression (equal, same hash) several times faster on thousands of terms.
    The sort uses keys that order exactly as ``Basic.compare`` does on these
    terms (class, then number of arguments, then argument by argument), with
    each symbol's place among the ring's symbols found once by ``compare``.

    >>> from sympy import ZZ, symbols
    >>> from sympy.polys.rings import ring
    >>> _, x, y = ring("x,y", ZZ)
    >>> p = 3*x**2*y - y + 2
    >>> as_expr(p) == p.as_expr(), as_expr(p)
    (True, 3*x**2*y - y + 2)
    """
    symbols = poly.ring.symbols
    if not all(type(s) is Symbol for s in symbols):
        return poly.as_expr()
    rank, classes = _ranks(symbols)
    powers = {}
    constant, terms = S.Zero, []
    for monom, coeff in poly.terms():
        c = Integer(int(coeff))
        factors = []
        for k, e in enumerate(monom):
            if e:
                if e == 1:
                    factors.append(((classes[Symbol], rank[k]), symbols[k]))
                else:
                    if (k, e) not in powers:
                        powers[k, e] = Pow(symbols[k], e)
                    factors.append(((classes[Pow], (rank[k], e)), powers[k, e]))
        if not factors:
            constant = c
            continue
        factors.sort(key=_first)
        if c is not S.One:
            factors.insert(0, ((classes[type(c)], int(c)), c))
        if len(factors) == 1:
            terms.append(factors[0])
        else:
            key = (classes[Mul], (len(factors), tuple(k for k, _ in factors)))
            terms.append((key, Mul._from_args([f for _, f in factors], is_commutative=True)))
    if not terms:
        return constant
    if len(terms) == 1 and constant is S.Zero:
        return terms[0][1]
    terms.sort(key=_first)
    args = [t for _, t in terms]
    if constant is not S.Zero:
        args.insert(0, constant)
    return Add._from_args(args, is_commutative=True)


def _first(pair):
    return pair[0]


@lru_cache(maxsize=256)
def _ranks(symbols):
    """Each symbol's place in SymPy's canonical order, and a rank per class
    (Integer, -1, Symbol, Pow, Mul) in the same order ``Basic.compare`` gives."""
    order = sorted(range(len(symbols)), key=cmp_to_key(lambda i, j: symbols[i].compare(symbols[j])))
    rank = [0] * len(symbols)
    for place, k in enumerate(order):
        rank[k] = place
    x, y = Symbol("x"), Symbol("y")
    samples = [Integer(2), S.NegativeOne, x, Pow(x, 2), Mul(x, y)]
    samples.sort(key=cmp_to_key(lambda a, b: a.compare(b)))
    return rank, {type(e): i for i, e in enumerate(samples)}


def trailing_part(num, den, k):
    """Limit of ``num/den`` as variable ``k`` goes to 0, as a pair, or None if
    it grows without bound (the lowest powers of ``k`` decide).

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, a, s = ring("a,s", ZZ)
    >>> trailing_part(a*s + 2, 3*s + a, 1)
    (2, a)
    """
    ring = den.ring
    if not num:
        return ring.zero, ring.one
    low_n = min(m[k] for m in num.monoms())
    low_d = min(m[k] for m in den.monoms())
    if low_n > low_d:
        return ring.zero, ring.one
    if low_n < low_d:
        return None
    x = ring.gens[k]
    return reduce_fraction(num.coeff_wrt(x, low_n), den.coeff_wrt(x, low_d))


def leading_part(num, den, k):
    """Limit of ``num/den`` as variable ``k`` goes to +infinity, as a pair, or
    None if it grows without bound. The other variables are held fixed.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, a, x = ring("a,x", ZZ)
    >>> leading_part(a*x, a + 1, 0)
    (x, 1)
    """
    dn, dd = num.degree(k), den.degree(k)
    ring = den.ring
    if not num or dn < dd:
        return ring.zero, ring.one
    if dn > dd:
        return None
    x = ring.gens[k]
    return reduce_fraction(num.coeff_wrt(x, dn), den.coeff_wrt(x, dd))
