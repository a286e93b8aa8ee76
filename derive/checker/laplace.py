"""Answers written in jω: read back as a function of s, exactly.

An answer to a question about a circuit with capacitors or inductors may be
written with ``s`` or with ``j`` and ``ω`` (``jω``, ``j*w``, ``j\\omega``). An
answer A(j, ω) is H(jω) of some H(s) with real coefficients exactly when,
with ω = s/j and j² = −1, it is (N₀ + jN₁)/(D₀ + jD₁) with N₀D₁ = N₁D₀; then
H = N₀/D₀ (or N₁/D₁). Everything is exact polynomial arithmetic (the answer
read as a factored fraction, as for the exact comparison), so the
comparison that follows (numeric points, then the exact identity) is the
same as for an answer written in s.

>>> from fractions import Fraction as F
>>> j, w, R, C = ("sym", "j"), ("sym", "ω"), ("sym", "R"), ("sym", "C")
>>> tree = ("div", ("num", F(1), None), ("add", ("num", F(1), None), ("mul", ("mul", j, w), ("mul", R, C))))
>>> show(in_s(tree))
'1/(1 + C*R*s)'
>>> in_s(("mul", ("num", F(2), None), R))
('mul', ('num', Fraction(2, 1), None), ('sym', 'R'))
"""
from .errors import AnswerError
from .tree import fraction_of, from_sympy, names, show, substitute

IMAGINARY = "j"
OMEGA = "ω"
ALIASES = {"w": OMEGA}
NAMES = (IMAGINARY, OMEGA, "w")
LAPLACE = "s"

__all__ = ["NAMES", "in_s", "show"]


def uses_jomega(tree):
    """True when the answer names ``j`` or ``ω``."""
    return bool(names(tree) & set(NAMES))


def in_s(tree):
    """The answer as a function of ``s`` (the tree itself when it has no j or ω).

    Raises :class:`AnswerError` when the answer is not H(jω) of a real H(s)
    (``not_jomega``), or is not a rational function (``jomega_irrational``).
    """
    if not uses_jomega(tree):
        return tree
    tree = substitute(tree, {a: ("sym", OMEGA) for a in ALIASES})
    if LAPLACE in names(tree):
        raise AnswerError("jomega_and_s")
    tree = substitute(tree, {OMEGA: ("div", ("sym", LAPLACE), ("sym", IMAGINARY))})
    from sympy import ZZ
    from sympy.polys.rings import ring

    used = sorted(names(tree) | {IMAGINARY})
    r, *gens = ring(",".join(used), ZZ)
    gmap = dict(zip(used, gens))
    try:
        frac = fraction_of(tree, r, gmap)
    except ValueError:
        raise AnswerError("jomega_irrational") from None
    num, den = frac.num, frac.denominator()
    unit = gmap[IMAGINARY]
    n0, n1 = _split(num, unit)
    d0, d1 = _split(den, unit)
    if n0 * d1 != n1 * d0:
        raise AnswerError("not_jomega")
    top, bottom = (n0, d0) if d0 else (n1, d1)
    if not bottom:
        raise AnswerError("division_by_zero")
    n, d = (top.as_expr() / bottom.as_expr()).cancel().as_numer_denom()
    return from_sympy(n) if d == 1 else ("div", from_sympy(n), from_sympy(d))


def _split(poly, unit):
    """``(real part, imaginary part)`` of a polynomial in ``unit`` with unit² = −1."""
    i = poly.ring.gens.index(unit)
    real, imag = poly.ring.zero, poly.ring.zero
    for monom, coeff in poly.terms():
        k = monom[i]
        rest = poly.ring({monom[:i] + (0,) + monom[i + 1:]: coeff})
        sign = -1 if k % 4 in (2, 3) else 1
        if k % 2:
            imag += sign * rest
        else:
            real += sign * rest
    return real, imag
