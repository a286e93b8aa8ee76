"""Exact rational-function arithmetic for the derivation's forms and proofs.

A SymPy expression is evaluated once into a :class:`Fraction`: a polynomial
numerator over ZZ and a denominator kept as a product of the polynomials it
was built from (``{factor: exponent}``). Sums take the least common multiple
of those products factor by factor, so adding ``a/D`` and ``b/(R D)`` costs a
multiplication by ``R``, not a product of two large polynomials; nothing is
cancelled on the way (no gcd per operation, as a field of fractions would do).
:func:`to_fraction` reduces the result to lowest terms once, with the
solver's coprimality proof (:func:`derive.solver.rational.reduce_fraction`).

>>> from sympy import symbols
>>> R1, R2, V1 = symbols("R1 R2 V1", positive=True)
>>> is_zero(V1*R2/(R1 + R2) - V1/(1 + R1/R2))
True
>>> to_fraction(V1/(1 + R1/R2))[1:]
(R2*V1, R1 + R2)
>>> from sympy import sqrt
>>> to_fraction(sqrt(R1 + R2)/R1)[1]
(sqrt(R1 + R2))
"""
from functools import lru_cache
from math import gcd

from sympy import Add, S, ZZ
from sympy.core.numbers import Rational
from sympy.polys.fields import field, sfield
from sympy.polys.rings import PolyRing

from ..solver.rational import as_expr, reduce_fraction
from .factoring import cancel_by, factor_list, sort_factors, split_factors


class NotRational(Exception):
    """The expression is not a rational function over ZZ of the ring's symbols."""


@lru_cache(maxsize=256)
def _field(gens):
    return field(gens, ZZ)[0]


@lru_cache(maxsize=256)
def polynomial_ring(gens):
    """The polynomial ring over ZZ in ``gens`` (in that order, lex)."""
    return PolyRing(gens, ZZ)


class Fraction:
    """``num / (scale * prod(f**e for f, e in den.items()))``.

    Every factor in ``den`` is a primitive polynomial with a positive leading
    coefficient, either one generator or a polynomial with no monomial
    content; ``scale`` is a positive integer.
    """

    __slots__ = ("num", "den", "scale")

    def __init__(self, num, den=None, scale=1):
        self.num, self.den, self.scale = num, den or {}, scale

    def denominator(self):
        """The denominator as one expanded polynomial."""
        ring = self.num.ring
        out = ring(self.scale)
        for f, e in self.den.items():
            out *= f**e
        return out

    def pair(self):
        """``(numerator, denominator)`` in lowest terms (canonical: integer
        content removed, positive leading coefficient of the denominator)."""
        return reduce_fraction(self.num, self.denominator())


SPLIT_TERMS = 4   # denominators with this many terms or more are split into their factors


def denominator_factors(poly):
    """``(sign, scale, {factor: exponent})`` with ``poly = sign*scale*prod(...)``.

    A large polynomial that the fast routes factor (a determinant, a product
    of branch polynomials) is split into its irreducible factors, so that
    sums over it and over its factors share one common denominator.

    >>> from sympy.polys.rings import ring
    >>> _, x, y = ring("x,y", ZZ)
    >>> denominator_factors(-6*x**2*y - 4*x*y)
    (-1, 2, {x: 1, y: 1, 3*x + 2: 1})
    """
    ring = poly.ring
    if not poly:
        raise NotRational("division by zero")
    low = tuple(map(min, zip(*poly.keys())))
    content = gcd(*poly.values())
    sign = -1 if poly.LC < 0 else 1
    factors = {ring.gens[k]: e for k, e in enumerate(low) if e}
    if len(poly) > 1:
        if factors or content != 1 or sign < 0:
            k = sign * content
            poly = ring.from_dict({tuple(a - b for a, b in zip(m, low)): c // k
                                   for m, c in poly.items()})
        split = split_factors(poly) if len(poly) >= SPLIT_TERMS else None
        factors.update(split or {poly: 1})
    return sign, content, factors


def _from_polynomial(num, den):
    sign, scale, factors = denominator_factors(den)
    return Fraction(num if sign > 0 else -num, factors, scale)


def add(fracs, ring):
    """The sum of ``fracs`` over the factor-by-factor common denominator."""
    fracs = [f for f in fracs if f.num]
    if not fracs:
        return Fraction(ring.zero)
    if len(fracs) == 1:
        return fracs[0]
    den, scale = {}, 1
    for f in fracs:
        scale = scale * f.scale // gcd(scale, f.scale)
        for p, e in f.den.items():
            if den.get(p, 0) < e:
                den[p] = e
    num = ring.zero
    for f in fracs:
        term = f.num * (scale // f.scale) if scale != f.scale else f.num
        for p, e in den.items():
            missing = e - f.den.get(p, 0)
            if missing:
                term = term * p**missing
        num += term
    return Fraction(num, den, scale)


def multiply(fracs, ring):
    """The product of ``fracs`` (denominators merged, nothing cancelled)."""
    num, den, scale = ring.one, {}, 1
    for f in fracs:
        num = num * f.num
        scale *= f.scale
        for p, e in f.den.items():
            den[p] = den.get(p, 0) + e
    return Fraction(num, den, scale)


def invert(frac):
    """``1/frac`` (raises NotRational for zero)."""
    return _from_polynomial(frac.denominator(), frac.num)


def power(frac, n):
    """``frac**n`` for an integer ``n``."""
    if n < 0:
        frac, n = invert(frac), -n
    return Fraction(frac.num**n, {p: e * n for p, e in frac.den.items()}, frac.scale**n)


def equal(a, b):
    """Whether two Fractions are the same rational function (exact).

    ``a.num/a.den == b.num/b.den`` exactly when ``a.num*b.den == b.num*a.den``;
    the factors both denominators share are left out, so only products are
    formed, never a gcd (reducing both sides to lowest terms took minutes on
    wide summers into cascades).

    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", ZZ)
    >>> equal(Fraction(x * (x + y), {x + y: 1, y: 1}), Fraction(x, {y: 1}))
    True
    >>> equal(Fraction(x, {x + y: 1}), Fraction(x, {y: 1}))
    False
    """
    if not b.num or not a.num:
        return not a.num and not b.num
    if a.den == b.den:
        return a.num * b.scale == b.num * a.scale
    left, right = a.num * b.scale, b.num * a.scale
    for f in a.den.keys() | b.den.keys():
        ea, eb = a.den.get(f, 0), b.den.get(f, 0)
        if eb > ea:
            left *= f ** (eb - ea)
        elif ea > eb:
            right *= f ** (ea - eb)
    return left == right


MEMO_TERMS = 16    # sums with more terms than this are remembered


def symbols_in(expr, found=None):
    """The symbols of ``expr`` (its ``free_symbols`` for the rational
    expressions of a derivation), collected in one walk into one set.

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> sorted(symbols_in(x**2*y + 1/(x + 3)), key=str)
    [x, y]
    """
    found = set() if found is None else found
    todo = [expr]
    while todo:
        e = todo.pop()
        if e.is_Symbol:
            found.add(e)
        elif e.is_Add or e.is_Mul or (e.is_Pow and e.exp.is_Number):
            for a in e.args:
                if a.is_Symbol:
                    found.add(a)
                elif not a.is_Number:
                    todo.append(a)
        elif not e.is_Number:
            found |= e.free_symbols
    return found


class Evaluator:
    """Evaluate SymPy expressions into :class:`Fraction` s of one ring.

    ``generators`` maps a symbol to the index of the generator it stands for,
    or to None for zero (default: each of the ring's symbols is its own
    generator); any other symbol is looked up with ``leaf(symbol)``, which
    returns a Fraction. Anything that is not a rational function with integer
    coefficients (a float, a square root, a function) raises
    :class:`NotRational`.

    >>> from sympy import symbols
    >>> x, y, q = symbols("x y q")
    >>> ring = polynomial_ring((x, y))
    >>> value = Evaluator(ring, leaf={q: Fraction(ring.gens[1], {ring.gens[0]: 1})}.__getitem__)
    >>> value(x*q + 1).pair()
    (y + 1, 1)
    """

    def __init__(self, ring, leaf=None, generators=None, memo=None):
        self.ring = ring
        self.memo = memo          # {large sum: Fraction}, for sums met again
        self._plain = leaf is None and generators is None
        self.index = generators if generators is not None else {s: i for i, s in enumerate(ring.symbols)}
        self.leaf = leaf or self._unknown

    @staticmethod
    def _unknown(symbol):
        raise NotRational(f"{symbol} is not a generator")

    def symbol(self, symbol):
        """The value of one symbol."""
        if symbol in self.index:
            k = self.index[symbol]
            return Fraction(self.ring.gens[k] if k is not None else self.ring.zero)
        return self.leaf(symbol)

    def _monomial_term(self, expr):
        """``(monomial, coefficient)`` of a product of generators with an integer
        coefficient (coefficient 0 if a factor is zero), or None: a quick path
        for expanded polynomials."""
        coeff, monom, index = 1, [0] * self.ring.ngens, self.index
        for f in (expr.args if expr.is_Mul else (expr,)):
            if f.is_Symbol:
                base, e = f, 1
            elif f.is_Integer:
                coeff *= int(f)
                continue
            elif f.is_Pow and f.base.is_Symbol and f.exp.is_Integer:
                base, e = f.base, int(f.exp)
            else:
                return None
            if base not in index or e <= 0:
                return None
            k = index[base]
            if k is None:
                coeff = 0
            else:
                monom[k] += e
        return tuple(monom), coeff

    def __call__(self, expr):
        ring = self.ring
        if expr.is_Symbol:
            return self.symbol(expr)
        if expr.is_Integer:
            return Fraction(ring(int(expr)))
        if isinstance(expr, Rational):
            return Fraction(ring(int(expr.p)), {}, int(expr.q))
        if expr.is_Add:
            if len(expr.args) <= MEMO_TERMS:
                return self._sum(expr)
            if self._plain:
                return _plain_sum(expr, ring)
            if self.memo is None:
                return self._sum(expr)
            if expr not in self.memo:
                self.memo[expr] = self._sum(expr)
            return self.memo[expr]
        if expr.is_Mul:
            return multiply([self(f) for f in expr.args], ring)
        if expr.is_Pow and expr.exp.is_Integer:
            return power(self(expr.base), int(expr.exp))
        raise NotRational(f"{type(expr).__name__} is not a rational operation")

    def _sum(self, expr):
        ring = self.ring
        terms, rest = {}, []
        for t in expr.args:
            found = self._monomial_term(t)
            if found is None:
                rest.append(self(t))
            else:
                terms[found[0]] = terms.get(found[0], 0) + found[1]
        if terms:
            rest.append(Fraction(ring.from_dict({m: ZZ(c) for m, c in terms.items() if c})))
        return add(rest, ring)


@lru_cache(maxsize=64)
def _plain_sum(expr, ring):
    """A large sum read into ``ring`` with every symbol its own generator,
    remembered: a circuit's determinant is the denominator of every voltage
    of a scenario, and the solver hands out the same expression for each."""
    return Evaluator(ring)._sum(expr)


def expression_ring(expr, extra=()):
    """The polynomial ring over ZZ in the symbols of ``expr`` (and ``extra``),
    sorted by name; None when there are none."""
    gens = tuple(sorted(symbols_in(expr, set(extra)), key=lambda s: s.name))
    return polynomial_ring(gens) if gens else None


def to_fraction(expr, extra=()):
    """``(ring, numerator, denominator)`` of ``expr`` as polynomials over ZZ,
    in lowest terms.

    ``extra`` symbols are included among the generators even if absent.
    Returns ``(None, expr, 1)`` for an expression with no symbols.
    """
    expr = S(expr)
    ring = expression_ring(expr, extra)
    if ring is None:
        return None, expr, S.One
    try:
        frac = Evaluator(ring)(expr)
    except NotRational:
        frac = None
    if frac is not None:
        found = fraction_factors(frac) if frac.num else None
        if found is None:
            return (ring, *frac.pair())
        return (ring, *_products(ring, found))
    try:
        f = _field(ring.symbols).from_expr(expr)
    except ValueError:
        # Not rational in its symbols (a square root in a pole, say): let the
        # offending subexpressions be generators of their own.
        _, f = sfield(expr, domain=ZZ)
    return f.field.ring, f.numer, f.denom


def lowest_terms(expr):
    """``expr`` as one fraction in lowest terms, as :func:`sympy.cancel` writes it
    (expanded numerator over expanded denominator), by :func:`to_fraction`'s
    routes: on a wide summer's output SymPy's ``cancel`` took over a minute.

    >>> from sympy import symbols
    >>> R1, R2, V1 = symbols("R1 R2 V1", positive=True)
    >>> lowest_terms(V1/(1 + R1/R2) + V1*R1/(R1 + R2))
    V1
    >>> lowest_terms(R1/(R1*R2 + R1**2))
    1/(R1 + R2)
    """
    ring, num, den = to_fraction(expr)
    if ring is None:
        return expr
    return as_expr(num) / as_expr(den)


def _products(ring, found):
    """The numerator and denominator (joint integer content removed, positive
    denominator) from the factor lists of :func:`fraction_factors`."""
    cn, fn, cd, fd = found
    k = gcd(int(cn), int(cd)) * (-1 if cd < 0 else 1)
    out = []
    for c, factors in ((cn // k, fn), (cd // k, fd)):
        p = ring(c)
        for f, m in factors:
            p *= f**m
        out.append(p)
    return tuple(out)


def to_factored(expr):
    """``(ring, cn, fn, cd, fd)``: ``expr`` in lowest terms as the factor lists
    of its numerator and denominator (``factor_list`` of each, up to a common
    integer), or None when ``expr`` is not a rational function over ZZ of its
    symbols, or has none.

    The denominator is factored as the expression built it, one factor at a
    time, and the numerator only after the denominator's factors that divide
    it are taken out: no large product is expanded and then factored.

    >>> from sympy import symbols
    >>> R1, R2, R3 = symbols("R1 R2 R3", positive=True)
    >>> to_factored(2*R1/(R1*(R2 + R3)*(R2 + R3)))[1:]
    (2, [], 1, [(R2 + R3, 2)])
    """
    expr = S(expr)
    ring = expression_ring(expr)
    if ring is None:
        return None
    try:
        frac = Evaluator(ring)(expr)
    except NotRational:
        return None
    found = fraction_factors(frac) if frac.num else None
    return None if found is None else (ring, *found)


def fraction_factors(frac):
    """:func:`derive.derivation.factoring.cancel_by` of a Fraction: its
    denominator factored entry by entry (each entry as it was built)."""
    cd, merged = frac.scale, {}
    for f, e in frac.den.items():
        c, factors = factor_list(f)
        cd *= int(c) ** e
        for g, m in factors:
            if g.LC < 0:
                g, cd = -g, cd * (-1) ** (m * e)
            merged[g] = merged.get(g, 0) + m * e
    return cancel_by(frac.num, cd, sort_factors(list(merged.items())))


def linear_parts(expr, ring, signals):
    """``{k: Fraction}`` with ``expr == sum(x_k * part_k) + part[None]``, ``x_k``
    the generator of each signal and no part depending on a signal; None if
    ``expr`` is not of that form (or not rational).

    Each sum's terms are grouped by the signals they hold and each group
    evaluated alone, so that a sum of per-input terms is never brought over
    one common denominator.

    >>> from sympy import symbols
    >>> R1, R2, V1, V2 = symbols("R1 R2 V1 V2")
    >>> ring = polynomial_ring((R1, R2, V1, V2))
    >>> parts = linear_parts(R2*V1/(R1 + R2) - V2/R1 + 1, ring, [V1, V2])
    >>> parts[2].pair(), parts[3].pair(), parts[None].pair()
    ((R2, R1 + R2), (-1, R1), (1, 1))
    """
    index = {s: i for i, s in enumerate(ring.symbols)}
    chosen = {s: index[s] for s in signals if s in index}
    groups = {}
    for arg in Add.make_args(expr):
        key = frozenset(symbols_in(arg) & chosen.keys())
        groups.setdefault(key, []).append(arg)
    evaluate, parts = Evaluator(ring), {}
    try:
        fracs = [evaluate(Add(*args)) for args in groups.values()]
    except NotRational:
        return None
    ks = sorted(chosen.values())
    for frac in fracs:
        if any(f.degree(k) > 0 for f in frac.den for k in ks):
            return None
        split = {}
        for m, c in frac.num.items():
            held = [k for k in ks if m[k]]
            if len(held) > 1 or (held and m[held[0]] > 1):
                return None
            key = held[0] if held else None
            if key is not None:
                m = m[:key] + (0,) + m[key + 1:]
            split.setdefault(key, {})[m] = c
        for key, terms in split.items():
            parts.setdefault(key, []).append(Fraction(ring.from_dict(terms), frac.den, frac.scale))
    return {k: add(fs, ring) for k, fs in parts.items()}


def is_zero(expr):
    """True if ``expr`` is exactly zero as a rational function."""
    expr = S(expr)
    gens = tuple(sorted(symbols_in(expr), key=lambda s: s.name))
    if not gens:
        return expr == 0
    try:
        return not Evaluator(polynomial_ring(gens))(expr).num
    except NotRational:
        ring, num, _ = to_fraction(expr)
        return num == 0
