"""Textbook forms: write a computed expression the way a textbook would.

These functions only rearrange; the value never changes (tests check that
``cancel(form - expr) == 0``).

>>> from sympy import symbols
>>> R1, R2, R5, RG, V1, V2 = symbols("R1 R2 R5 RG V1 V2", positive=True)
>>> gain_form(R2*(2*R5 + RG)/(R1*RG))
R2*(2*R5/RG + 1)/R1
>>> linear_form(R2*(2*R5 + RG)*(V1 - V2)/(R1*RG), [V1, V2])
R2*(V1 - V2)*(2*R5/RG + 1)/R1
"""
from functools import lru_cache
from operator import itemgetter

from sympy import Add, Mul, Pow, S, Symbol

from ..solver.rational import as_expr, reduce_fraction
from .factoring import cancel_factors, factor_list, sort_factors
from .ratfunc import (expression_ring, fraction_factors, linear_parts, polynomial_ring, to_factored,
                      to_fraction)


def _split(expr):
    """Numeric coefficient, numerator factors, denominator factors (with multiplicity)."""
    found = to_factored(expr)
    if found is not None:
        return _from_factors(found[0], found[1:])
    ring, num, den = to_fraction(expr)
    if ring is None:
        return expr, [], []
    return _split_pair(ring, num, den)


def _split_pair(ring, num, den):
    """:func:`_split` of ``num/den`` in ``ring``: the factors of the fraction in
    lowest terms, found by cancelling the factors the two have in common."""
    found = cancel_factors(num, den)
    if found is None:
        num, den = reduce_fraction(num, den)
        found = factor_list(num) + factor_list(den)
    return _from_factors(ring, found)


def _from_factors(ring, found):
    """:func:`_split` from the factor lists ``(cn, fn, cd, fd)`` of a fraction
    in lowest terms."""
    cn, fn, cd, fd = found
    coeff = S(ring.domain.to_sympy(cn)) / S(ring.domain.to_sympy(cd))
    to_expr = _expression if all(s.is_Symbol for s in ring.symbols) else (lambda p: p.as_expr())
    numer, denom = [], []
    for factors, out in ((fn, numer), (fd, denom)):
        for poly, mult in factors:
            if poly.LC < 0:          # keep every factor's leading sign positive
                poly, coeff = -poly, -coeff if mult % 2 else coeff
            out += [to_expr(poly)] * mult
    return coeff, numer, denom


@lru_cache(maxsize=512)
def _expression(poly):
    """``poly`` as a SymPy expression (a scenario's denominator is a factor of
    every node voltage: it is converted once)."""
    return as_expr(poly)


def gain_form(expr):
    """Rewrite a ratio of polynomials as a product of ``(1 + a/b)`` factors and a ratio.

    Each numerator sum that contains a denominator symbol ``d`` as a plain term
    becomes ``1 + (sum - d)/d``, as in ``(RG + 2 R5)/RG = 1 + 2 R5/RG``.
    """
    return _gain_form(*_split(expr))


def _gain_form(coeff, num, den):
    ones, rest_num = [], []
    for p in num:
        if isinstance(p, Add):
            for d in den:
                if isinstance(d, Symbol) and d in p.args:
                    den.remove(d)
                    ones.append(Add(S.One, Mul(p - d, Pow(d, -1))))
                    break
            else:
                whole = Mul(*[d for d in den if isinstance(d, Symbol)])
                if len(den) > 1 and whole in p.args:
                    # (R3 RG + R4 RG + 2 R3 R4)/(R3 RG) = 1 + R4/R3 + 2 R4/RG
                    den = [d for d in den if not isinstance(d, Symbol)]
                    ones.append(Add(S.One, *[t / whole for t in Add.make_args(p - whole)]))
                else:
                    rest_num.append(p)
        else:
            rest_num.append(p)
    ratio = Mul(*rest_num) / Mul(*den)
    return Mul(coeff, ratio, *ones)


def _ratio_split(ring, num, den):
    """:func:`_split` of ``num.as_expr()/den.as_expr()`` without building that
    expression: the fraction is reduced, and its ring keeps the generators that
    expression would have had, so the factors (and their order) are the same."""
    if len(num) == len(den) or not num or not ring.symbols:
        return _split(as_expr(num) / as_expr(den))
    present = [k for k, used in enumerate(map(any, zip(*num.keys(), *den.keys()))) if used]
    if len(present) < ring.ngens:
        sub = polynomial_ring(tuple(ring.symbols[k] for k in present))
        pick = (lambda m: (m[present[0]],)) if len(present) == 1 else itemgetter(*present)
        num, den = (sub.from_dict({pick(m): c for m, c in p.items()}) for p in (num, den))
        ring = sub
    if not ring.ngens:
        return _split(as_expr(num) / as_expr(den))
    return _split_pair(ring, num, den)


def linear_form(expr, signals):
    """Write a linear function of ``signals`` as textbook terms.

    Two signals with opposite coefficients become ``gain*(s1 - s2)``; the rest
    ``gain*s``; each gain in :func:`gain_form`. Each signal's coefficient is
    reduced and factored on its own (a sum of per-input terms is never put
    over one common denominator), which gives the terms the whole fraction
    in lowest terms would give.
    """
    expr = S(expr)
    ring = expression_ring(expr)
    if ring is None:
        return expr
    parts = linear_parts(expr, ring, signals)
    if parts is not None:
        found = {k: fraction_factors(frac) for k, frac in parts.items() if frac.num}
        if all(f is not None for f in found.values()):
            return _per_signal_terms(ring, found, signals)
    ring, num, den = to_fraction(expr)
    return _linear_terms(ring, num, den, signals)


def _per_signal_terms(ring, found, signals):
    """:func:`linear_form` from the reduced factor lists of each signal's
    coefficient (``found[k]``, ``k`` the signal's generator, None for the
    rest). The factors are ordered in the ring :func:`_ratio_split` would use
    for the whole fraction in lowest terms: the variables of the term's
    numerator and of the common denominator."""
    common = set()
    for _, _, _, fd in found.values():
        for f, _ in fd:
            common |= _variables(f)
    index = {g: i for i, g in enumerate(ring.symbols)}
    split = {}
    for k, (cn, fn, cd, fd) in found.items():
        present = set(common)
        for f, _ in fn:
            present |= _variables(f)
        key = ring.symbols[k] if k is not None else None
        split[key] = _from_factors(*_in_subring(ring, sorted(present), (cn, fn, cd, fd)))

    def opposite(a, b):
        (cn, fn, cd, fd), (cm, fm, ce, fe) = found[index[a]], found[index[b]]
        return fn == fm and fd == fe and cn * ce == -cm * cd

    return _assemble([s for s in signals if s in index and index[s] in found], split, opposite)


def _variables(poly):
    return {k for m in poly.keys() for k, e in enumerate(m) if e}


def _in_subring(ring, present, found):
    """``(subring, factor lists)``: the factors moved to the ring of the
    generators ``present`` and sorted there as ``factor_list`` sorts."""
    cn, fn, cd, fd = found
    if len(present) == ring.ngens or not present:
        return ring, found
    sub = polynomial_ring(tuple(ring.symbols[k] for k in present))
    pick = (lambda m: (m[present[0]],)) if len(present) == 1 else itemgetter(*present)

    def move(factors):
        return sort_factors([(sub.from_dict({pick(m): c for m, c in f.items()}), e) for f, e in factors])

    return sub, (cn, move(fn), cd, move(fd))


def pair_form(ring, num, den, signals):
    """The textbook form of ``num/den`` (polynomials of ``ring`` over ZZ in lowest
    terms, ``den``'s leading coefficient positive, as the solver gives a node
    voltage): :func:`linear_form` if a signal appears, else :func:`gain_form`,
    the same expression they give for ``as_expr(num)/as_expr(den)`` without
    building that expression and reading it back.

    >>> from sympy import symbols
    >>> R1, R2, V1 = symbols("R1 R2 V1", positive=True)
    >>> ring = polynomial_ring((R1, R2, V1))
    >>> r1, r2, v1 = ring.gens
    >>> pair_form(ring, r2 * v1, r1 + r2, [V1])
    R2*V1/(R1 + R2)
    """
    degrees = tuple(map(max, zip(*num.keys(), *den.keys())))
    if any(degrees[k] for k, g in enumerate(ring.symbols) if g in set(signals)):
        return _linear_terms(ring, num, den, signals)
    return _gain_form(*_ratio_split(ring, num, den))


def _linear_terms(ring, num, den, signals):
    """:func:`linear_form` of ``num/den`` in ``ring`` (in lowest terms)."""
    index = {g: i for i, g in enumerate(ring.symbols)}
    degrees = tuple(map(max, zip(*num.keys()))) if num else (0,) * ring.ngens
    signals = [s for s in signals if s in index and degrees[index[s]] > 0]
    coeffs = {s: num.diff(index[s]) for s in signals}
    constant = num - sum((ring.gens[index[s]] * coeffs[s] for s in signals), ring.zero)
    split = {s: _ratio_split(ring, coeffs[s], den) for s in signals}
    if constant != 0:
        split[None] = _ratio_split(ring, constant, den)
    return _assemble(signals, split, lambda a, b: coeffs[a] + coeffs[b] == 0)


def _assemble(signals, split, opposite):
    """The terms of :func:`linear_form`: ``split[s]`` is :func:`_split` of the
    coefficient of signal ``s`` (``split[None]``: of the rest, if any), and
    ``opposite(a, b)`` says whether two coefficients are opposite."""
    terms, used = [], set()
    for i, a in enumerate(signals):
        if a in used:
            continue
        for b in signals[i + 1:]:
            if b not in used and opposite(a, b):
                coeff, numer, denom = split[a]
                if coeff < 0:
                    terms.append(Mul(_gain_form(-coeff, numer, denom), Add(b, -a)))
                else:
                    terms.append(Mul(_gain_form(coeff, numer, denom), Add(a, -b)))
                used |= {a, b}
                break
        else:
            terms.append(Mul(_gain_form(*split[a]), a))
            used.add(a)
    if None in split:
        terms.append(_gain_form(*split[None]))
    return Add(*terms) if terms else S.Zero


def substitute(expr, values):
    """Replace quantity symbols by their values, keeping the textbook structure."""
    return expr.xreplace(values)
