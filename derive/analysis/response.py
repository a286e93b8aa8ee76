"""What H(s) does, from the derived transfer function: the -3 dB band, poles and
zeros, and the step response by exact inverse Laplace transform.

The starting point is the proved ``H(s)`` of :func:`derive.analysis.sdomain.transfer_forms`
(its first step), with numbers for the element values where a plot needs them
(``--set``). Nothing here is a textbook formula: the band edges are the roots
of ``|H(j w)|^2 = |H_ref|^2/2``, a polynomial equation in ``w^2``; the step
response is SymPy's inverse Laplace transform of ``H(s)/s``.

>>> from sympy import Symbol
>>> s = Symbol("s")
>>> band = bandwidth(1000 / (s + 1000))
>>> band.kind, band.high
('low-pass', 500/pi)
>>> step_response(1000 / (s + 1000)).expression
1 - exp(-1000*t)
"""
from dataclasses import dataclass

from sympy import (DiracDelta, Heaviside, Poly, S, Symbol, cancel, collect, exp, expand, factor, fraction, im,
                   inverse_laplace_transform, pi, powsimp, re, roots, sqrt)

from sympy.integrals.transforms import InverseLaplaceTransform

from ..circuit.elements import LAPLACE
from ..errors import DeriveError
from ..render.text import math_text
from ..text.messages import Message

T = Symbol("t", positive=True)


def transfer(forms):
    """The proved ``H(s)`` of a :func:`~derive.analysis.sdomain.transfer_forms` analysis."""
    return forms.step("transfer_function").equation.rhs


def with_values(h, values):
    """``h`` with numbers for its symbols (``{Symbol or name: number}``); only ``s`` may remain.

    >>> from sympy import symbols
    >>> R, C = symbols("R C", positive=True)
    >>> with_values(1 / (1 + LAPLACE * R * C), {"R": "1k", C: S(1) / 10**6})
    1/(s/1000 + 1)
    >>> with_values(1 / (1 + LAPLACE * R * C), {"R": 1000})
    Traceback (most recent call last):
    ...
    derive.errors.DeriveError: give values for C with --set (e.g. --set "C=..."): the response needs numbers for every element
    """
    by_name = {getattr(k, "name", k): _number(v) for k, v in values.items()}
    mapping = {sym: by_name[sym.name] for sym in h.free_symbols if sym.name in by_name}
    out = h.xreplace(mapping)
    missing = sorted(str(x) for x in out.free_symbols - {LAPLACE})
    if missing:
        example = ", ".join(f"{m}=..." for m in missing)
        raise DeriveError(Message("response_values_missing", names=", ".join(missing), example=example))
    return out


def _number(value):
    """A value as an exact SymPy number: text through the netlist's reader (``"4.7u"``), never sympify."""
    if isinstance(value, str):
        from ..circuit.values import parse_number

        return parse_number(value)
    return S(value)


def _polys(h):
    num, den = fraction(cancel(h))
    return Poly(num, LAPLACE), Poly(den, LAPLACE)


def _squared_magnitude(p, x):
    """``|p(j w)|^2`` as a polynomial in ``x = w^2`` (``p(s) p(-s)`` with ``s^2 = -x``)."""
    even = Poly(expand(p.as_expr() * p.as_expr().subs(LAPLACE, -LAPLACE)), LAPLACE)
    return Poly(sum(c * (-x) ** (k // 2) for (k,), c in even.terms()), x)


@dataclass(frozen=True)
class Band:
    """The -3 dB band of ``H``: ``kind`` (``low-pass``, ``high-pass``, ``band-pass`` or
    ``None`` when ``|H|`` has no finite reference, as for an integrator), the
    reference gain ``|H_ref|`` (at DC, at high frequency, or at the peak), and
    the edges ``low`` and ``high`` in Hz (``None`` where the band is open)."""

    kind: str
    reference: object = None
    low: object = None
    high: object = None
    peak: object = None

    def edges(self):
        """The edges that exist, lowest first."""
        return [e for e in (self.low, self.high) if e is not None]


def _positive_roots(poly):
    """The positive real roots of ``poly`` (exact where the coefficients are rational)."""
    if poly.degree() <= 0:
        return []
    if all(c.is_Rational for c in poly.all_coeffs()):
        return sorted({r for r in poly.real_roots() if r > 0}, key=float)
    found = [r for r in poly.nroots(n=30, maxsteps=200) if abs(im(r)) < 1e-20 * (1 + abs(r)) and re(r) > 0]
    return sorted({re(r) for r in found}, key=float)


def bandwidth(h):
    """The -3 dB band of a numeric ``h`` (a function of ``s`` only).

    Low-pass (finite, non-zero gain at DC): the reference is ``|H(0)|`` and the
    upper edge is the first frequency where ``|H|^2`` falls to half of it.
    High-pass (zero at DC, finite gain at high frequency): the reference is
    ``|H(oo)|``, the lower edge the last crossing. Band-pass (zero at both
    ends): the reference is the peak (a root of ``d|H|^2/dw^2``), with an edge
    on each side. Edge frequencies are ``f = w/(2 pi)``.

    >>> bandwidth(LAPLACE / (LAPLACE + 10)).low
    5/pi
    """
    x = Symbol("x", positive=True)
    num, den = _polys(h)
    a, b = _squared_magnitude(num, x), _squared_magnitude(den, x)
    at_dc, at_hf = num.eval(0), num.degree() - den.degree()
    if den.eval(0) == 0 or at_hf > 0:
        return Band(None)
    if at_dc != 0:
        kind, ref, peak = "low-pass", a.eval(0) / b.eval(0), None
    elif at_hf == 0:
        kind, ref, peak = "high-pass", a.LC() / b.LC(), None
    else:
        kind = "band-pass"
        slope = a.diff(x) * b - a * b.diff(x)
        candidates = _positive_roots(slope)
        if not candidates:
            raise DeriveError(Message("band_no_peak", h=math_text(h)))
        peak = max(candidates, key=lambda r: float(a.eval(r) / b.eval(r)))
        ref = a.eval(peak) / b.eval(peak)
    crossings = _positive_roots(Poly(2 * a.as_expr() - ref * b.as_expr(), x))
    hz = [sqrt(r) / (2 * pi) for r in crossings]
    if kind == "low-pass":
        return Band(kind, sqrt(ref), high=hz[0] if hz else None)
    if kind == "high-pass":
        return Band(kind, sqrt(ref), low=hz[-1] if hz else None)
    below = [f for f, r in zip(hz, crossings) if float(r) < float(peak)]
    above = [f for f, r in zip(hz, crossings) if float(r) > float(peak)]
    return Band(kind, sqrt(ref), low=below[-1] if below else None, high=above[0] if above else None,
                peak=sqrt(peak) / (2 * pi))


def poles_zeros(h):
    """``(poles, zeros)`` of ``h``: exact roots where SymPy finds them all, else numeric.

    >>> poles_zeros(LAPLACE / ((LAPLACE + 1) * (LAPLACE + 1000)))
    ([-1000, -1], [0])
    """
    num, den = _polys(h)

    def found(p):
        exact = roots(p)
        if sum(exact.values()) == p.degree():
            return sorted((r for r, m in exact.items() for _ in range(m)), key=_sort_key)
        return sorted(p.nroots(n=15), key=_sort_key)

    return found(den), found(num)


def _sort_key(r):
    value = complex(r.evalf()) if r.is_number else 0
    return (value.real, value.imag, str(r))


@dataclass(frozen=True)
class StepResponse:
    """``y(t)`` for ``t > 0`` after a unit step at the input; ``time_constants``
    (``-1/Re(p)`` of each pole in the left half-plane); ``impulse`` is True when
    ``H`` is improper, so the response also has an impulse at ``t = 0``
    that ``expression`` (for ``t > 0``) leaves out."""

    expression: object
    time_constants: tuple
    impulse: bool
    t: object = T


def step_response(h):
    """The unit-step response of ``h`` (symbolic or numeric): ``L^-1{H(s)/s}``.

    >>> from sympy import symbols
    >>> R, C = symbols("R C", positive=True)
    >>> r = step_response(1 / (1 + LAPLACE * R * C))
    >>> r.expression, r.time_constants
    (1 - exp(-t/(C*R)), (C*R,))
    """
    num, den = _polys(h)
    try:
        y = inverse_laplace_transform(h / LAPLACE, LAPLACE, T)
    except Exception as exc:  # SymPy raises many kinds here; say what could not be done
        raise DeriveError(Message("step_not_inverted", h=math_text(h / LAPLACE), reason=type(exc).__name__)) from None
    if y.has(InverseLaplaceTransform):
        raise DeriveError(Message("step_not_closed", h=math_text(h / LAPLACE)))
    y = y.xreplace({Heaviside(T): S.One}).replace(lambda e: isinstance(e, DiracDelta), lambda e: S.Zero)
    y = _tidy(y)
    poles, _ = poles_zeros(h)
    taus = []
    for p in poles:
        real = re(p) if p.is_number else p
        if p.is_number and not float(real) < 0:
            continue
        if not p.is_number and not (-p).is_positive:
            continue
        tau = cancel(-1 / real)
        if tau not in taus:
            taus.append(tau)
    return StepResponse(y, tuple(taus), num.degree() > den.degree())


def _tidy(y):
    """``y`` as a sum of exponentials, each exponent cancelled and each coefficient factored."""
    y = powsimp(expand(y, power_exp=False), combine="exp")
    y = y.replace(lambda e: isinstance(e, exp), lambda e: exp(factor(cancel(e.args[0]))))
    y = expand(y, power_exp=False)
    return collect(y, sorted(y.atoms(exp), key=str), func=factor)


def value_at_time(response, t):
    """``y(t)`` of a numeric step response as a float.

    >>> value_at_time(step_response(1 / (LAPLACE + 1)), 1.0) == 1 - float(exp(-1))
    True
    """
    return float(response.expression.subs(response.t, t))
