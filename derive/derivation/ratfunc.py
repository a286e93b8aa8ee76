"""Exact rational-function arithmetic for the derivation's forms and proofs.

SymPy expressions are mapped once into a field of fractions of polynomials
(``sympy.polys.fields``), where cancelling, comparing with zero and reading
coefficients are plain polynomial operations, much cheaper than ``cancel`` on
nested expressions.

>>> from sympy import symbols
>>> R1, R2, V1 = symbols("R1 R2 V1", positive=True)
>>> is_zero(V1*R2/(R1 + R2) - V1/(1 + R1/R2))
True
>>> from sympy import sqrt
>>> to_fraction(sqrt(R1 + R2)/R1)[1]
(sqrt(R1 + R2))
"""
from functools import lru_cache

from sympy import S, ZZ
from sympy.polys.fields import field, sfield


@lru_cache(maxsize=256)
def _field(gens):
    return field(gens, ZZ)[0]


def to_fraction(expr, extra=()):
    """``(ring, numerator, denominator)`` of ``expr`` as polynomials over ZZ.

    ``extra`` symbols are included among the generators even if absent.
    Returns ``(None, expr, 1)`` for an expression with no symbols.
    """
    expr = S(expr)
    gens = tuple(sorted(set(expr.free_symbols) | set(extra), key=lambda s: s.name))
    if not gens:
        return None, expr, S.One
    try:
        f = _field(gens).from_expr(expr)
    except ValueError:
        # Not rational in its symbols (a square root in a pole, say): let the
        # offending subexpressions be generators of their own.
        _, f = sfield(expr, domain=ZZ)
    return f.field.ring, f.numer, f.denom


def is_zero(expr):
    """True if ``expr`` is exactly zero as a rational function."""
    ring, num, _ = to_fraction(expr)
    return num == 0 if ring is not None else expr == 0
