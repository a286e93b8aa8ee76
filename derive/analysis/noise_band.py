"""White noise through frequency-dependent gains: the power over a band, integrated.

A noise source of density ``e`` (V/√Hz or A/√Hz) seen through a derived gain
``G(s)`` puts ``e² |G(j 2π f)|²`` V²/Hz at the output; uncorrelated sources
add in power, and the output's mean-square noise over the band
``f_low .. f_high`` is the integral of their sum. The gains are the rational
functions of ``s`` the nodal solution gives (:mod:`.noise`), with numbers for
every element; ``|G(j 2π f)|²`` is evaluated from their polynomials and
integrated numerically (mpmath, which SymPy already depends on), split at the
poles' frequencies so that a sharp resonance is not stepped over. A band may
run to infinity (``f_high = oo``) when every gain falls at high frequency.

>>> from sympy import Symbol, pi, oo
>>> from derive.circuit.elements import LAPLACE as s
>>> lp = 1 / (1 + s / (2 * pi * 1000))            # an RC low-pass, f_c = 1 kHz
>>> round(float(band_power(lp, 0, oo)) / 1000, 6), round(float(pi / 2), 6)   # noise bandwidth / f_c
(1.570796, 1.570796)
"""
import mpmath
from sympy import Float, Poly, S, cancel, fraction, oo

from ..circuit.elements import LAPLACE
from ..errors import DeriveError
from ..text.messages import Message

DIGITS = 30


def _poly(expr, what):
    free = S(expr).free_symbols - {LAPLACE}
    if free:
        names = ", ".join(sorted(str(x) for x in free))
        raise DeriveError(Message("analysis_band_symbols", source=what, names=names))
    return [mpmath.mpc(complex(c)) for c in Poly(expr, LAPLACE).all_coeffs()]


def _response(gain, what):
    """``(|G(j 2π f)|² as a function of f, the poles' frequencies, does it fall at high f)``."""
    num, den = fraction(cancel(S(gain)))
    if not S(num).has(LAPLACE) and not S(den).has(LAPLACE):
        value = complex(num / den) if not (S(num).free_symbols | S(den).free_symbols) else None
        if value is None:
            _poly(num / den, what)
        g2 = abs(value) ** 2
        return (lambda f: mpmath.mpf(g2)), [], g2 == 0
    pn, pd = _poly(num, what), _poly(den, what)

    def g2(f):
        s = 2j * mpmath.pi * f
        return abs(mpmath.polyval(pn, s)) ** 2 / abs(mpmath.polyval(pd, s)) ** 2

    try:
        roots = mpmath.polyroots(pd, maxsteps=200, extraprec=60) if len(pd) > 1 else []
    except mpmath.libmp.NoConvergence:      # no split points: quad still integrates, only less surely
        roots = []
    poles = [abs(r) / (2 * mpmath.pi) for r in roots]
    falls = Poly(num, LAPLACE).degree() < Poly(den, LAPLACE).degree() or S(num) == 0
    return g2, poles, falls


def band_power(gain, f_low, f_high, density=1, what="the source"):
    """``∫ density² |gain(j 2π f)|² df`` from ``f_low`` to ``f_high`` (``oo`` allowed), as a Float."""
    return total_power([(gain, density, what)], f_low, f_high)


def total_power(terms, f_low, f_high):
    """The output's mean-square noise over the band: the integral of ``Σ density² |gain|²``.

    ``terms`` are ``(gain(s), density, name)``. Raises a :class:`DeriveError`
    for an infinite band through a gain that does not fall at high frequency.
    """
    with mpmath.workdps(DIGITS):
        parts, splits = [], set()
        for gain, density, what in terms:
            g2, poles, falls = _response(gain, what)
            if f_high == oo and not falls:
                raise DeriveError(Message("analysis_band_not_falling", source=what))
            d2 = mpmath.mpf(complex(S(density)).real) ** 2
            parts.append((g2, d2))
            splits |= set(poles)
        low = mpmath.mpf(float(f_low))
        high = mpmath.inf if f_high == oo else mpmath.mpf(float(f_high))
        points = [low] + sorted(p for p in splits if low < p < high) + [high]

        def psd(f):
            return sum(d2 * g2(f) for g2, d2 in parts)

        value = mpmath.quad(psd, points)
        return Float(mpmath.nstr(value, 20), 20)


__all__ = ["band_power", "total_power"]
