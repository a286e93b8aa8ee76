"""Multilinear polynomials: their irreducible factors, and exact quotients.

The numerators and denominators of a resistive circuit's node voltages are
*multilinear* — of degree at most one in every variable (a nodal determinant
is linear in each conductance, and so in each resistance once cleared).

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
polynomial back exactly, else (an unlucky point) :func:`multilinear_factors`
gives up and the caller asks SymPy.

A factor ``f`` of a multilinear ``p`` leaves a quotient free of ``f``'s
variables, so setting those variables to numbers gives ``f``'s value times
the quotient: :func:`exact_quotient` divides that way and checks the product.
"""
from math import gcd
from random import Random

PRIME = 2**61 - 1


def is_multilinear(poly):
    """True if ``poly`` has degree at most one in every variable.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, x, y = ring("x,y", ZZ)
    >>> is_multilinear(x*y + 1), is_multilinear(x**2 + y)
    (True, False)
    """
    return all(e <= 1 for m in poly.keys() for e in m)


def _blocks(poly, variables, rng):
    """Variables grouped so that each group is proved to lie in one factor."""
    point = [rng.randint(2, PRIME - 2) for _ in range(poly.ring.ngens)]
    inverse = [pow(v, -1, PRIME) for v in point]
    holding = {}          # x -> [(value of a term with x at the point, its variables)]
    total = 0
    single = {}           # x -> P_x at the point
    for monom, coeff in poly.items():
        support = [k for k, e in enumerate(monom) if e]
        value = int(coeff) % PRIME
        for k in support:
            value = value * point[k] % PRIME
        total += value
        for k in support:
            single[k] = (single.get(k, 0) + value * inverse[k]) % PRIME
            holding.setdefault(k, []).append((value, support))
    total %= PRIME
    todo, blocks = sorted(variables), []
    while todo:
        x, rest = todo[0], todo[1:]
        double = {}       # y -> P_xy at the point
        for value, support in holding.get(x, ()):
            vx = value * inverse[x] % PRIME
            for y in support:
                if y != x:
                    double[y] = (double.get(y, 0) + vx * inverse[y]) % PRIME
        block = [x] + [y for y in rest
                       if (total * double.get(y, 0) - single.get(x, 0) * single.get(y, 0)) % PRIME]
        blocks.append(block)
        todo = [y for y in rest if y not in block]
    return blocks


def _block_factors(poly, blocks):
    """The primitive factor of ``poly`` in the variables of each block, if
    ``poly`` is their product (the caller checks that).

    The terms of a product of polynomials in disjoint variables are the
    products of one term of each, with no two alike; so the terms that agree
    with one chosen term outside a block are that block's factor times one
    fixed term of the others. One pass over the terms reads every factor."""
    ring = poly.ring
    owner = {k: i for i, block in enumerate(blocks) for k in block}
    items = list(poly.items())
    first = items[0][0]
    found = [{} for _ in blocks]
    for monom, coeff in items:
        differ = [k for k, (a, b) in enumerate(zip(monom, first)) if a != b]
        hit = {owner.get(k) for k in differ}
        for i in (hit if len(hit) == 1 else () if hit else range(len(blocks))):
            if i is None:
                continue
            block = blocks[i]
            key = [0] * ring.ngens
            for k in block:
                key[k] = monom[k]
            found[i][tuple(key)] = coeff
    factors = []
    for terms in found:
        content = gcd(*(int(c) for c in terms.values()))
        f = ring.from_dict({m: c // content for m, c in terms.items()})
        factors.append(-f if f.LC < 0 else f)
    return factors


def multilinear_factors(g):
    """The irreducible factors of a primitive multilinear ``g`` with positive
    leading coefficient and no monomial content, or None (then ask SymPy).

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, a, b, c, x = ring("a,b,c,x", ZZ)
    >>> sorted(map(str, multilinear_factors((a + b)*(c + 2)*(x + 1))))
    ['a + b', 'c + 2', 'x + 1']
    """
    variables = [k for k, d in enumerate(map(max, zip(*g.keys()))) if d > 0]
    blocks = _blocks(g, variables, Random(1))
    if len(blocks) == 1:
        return [g]
    factors = _block_factors(g, blocks)
    product = g.ring.one
    for f in factors:
        product *= f
    return factors if product == g else None


def exact_quotient(p, f):
    """``p / f`` for a multilinear ``p`` and a factor ``f`` of positive degree,
    or None if ``f`` does not divide ``p``. The quotient is read off at a point
    for ``f``'s variables and proved by multiplying back.

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> _, a, b, c = ring("a,b,c", ZZ)
    >>> exact_quotient((a + b)*(2*c + 1), a + b), exact_quotient(a*c + b, a + b)
    (2*c + 1, None)
    """
    inside = [k for k, d in enumerate(f.degrees()) if d > 0]
    degrees = p.degrees()
    if any(degrees[k] <= 0 for k in inside):
        return None
    for value in (1, 2, 3):
        scale = sum(int(c) * value ** sum(m) for m, c in f.items())
        if scale:
            break
    else:
        return None
    terms = {}
    for monom, coeff in p.items():
        weight = int(coeff)
        m = list(monom)
        for k in inside:
            if m[k]:
                weight *= value ** m[k]
                m[k] = 0
        key = tuple(m)
        terms[key] = terms.get(key, 0) + weight
    if any(c % scale for c in terms.values()):
        return None
    q = p.ring.from_dict({m: c // scale for m, c in terms.items() if c})
    return q if q * f == p else None
