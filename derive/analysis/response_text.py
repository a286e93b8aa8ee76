"""The numeric response of H(s) as terminal text: ``derive show CIRCUIT --set ...``.

With numbers for every element it prints H(s), the -3 dB band (both edges for
a band-pass), the poles and zeros, the time constants and the step response
``y(t)`` (exact inverse Laplace transform), in the language asked for.

>>> from sympy import Symbol
>>> s = Symbol("s")
>>> for line in response_text(1000 / (s + 1000), "en").splitlines():
...     print(line.rstrip())
             1000
    H(s) = ────────
           1000 + s
-3 dB band (low-pass): up to f_H = 159.2 Hz; reference gain |H| = 1 (0 dB)
Poles: s = -1000 rad/s
Zeros: none
Time constants: τ = 1 ms
Step response for t > 0: y(t) = 1 - exp(-1000·t)
"""
import math

from sympy import Eq, Rational, Symbol

from ..render.text import equation_block, math_text

from ..text.numerals import formatted, localized
from ..notation.units import si_plain
from .report import ui
from .response import bandwidth, poles_zeros, step_response


def quantity(value, unit, lang="en"):
    """A float-sized value with four significant digits and its unit (``159.2 Hz``, ``48.2 mHz``).

    >>> quantity(0.0481995, "hertz"), quantity(3.3, None), quantity(3.3, None, "es")
    ('48.2 mHz', '3.3', '3,3')
    """
    rounded = Rational(format(float(value), ".4g"))
    return si_plain(rounded, unit, lang) if unit else formatted(rounded, "g", lang)


def _db(gain, lang):
    magnitude = float(gain)
    return formatted(20 * math.log10(magnitude), ".4g", lang) + " dB" if magnitude > 0 else "-inf dB"


def band_text(band, lang="en"):
    """One line: the -3 dB band and its reference gain."""
    if band.kind is None:
        return ui("band_none", lang)
    params = {"low": quantity(band.low, "hertz", lang) if band.low is not None else "—",
              "high": quantity(band.high, "hertz", lang) if band.high is not None else "—",
              "gain": quantity(band.reference, None, lang), "db": _db(band.reference, lang)}
    if band.kind == "band-pass":
        params["peak"] = quantity(band.peak, "hertz", lang)
    key = {"low-pass": "band_lowpass", "high-pass": "band_highpass", "band-pass": "band_bandpass"}[band.kind]
    return ui(key, lang, **params)


def _root(value):
    """A pole or zero as people read it: exact, and with four digits when it is not rational.

    >>> from sympy import I, Rational, sqrt
    >>> _root(Rational(-1000)), _root(-Rational(50000, 47) - 50000 * sqrt(3) * I / 47)
    ('-1000', '-50000/47 - 50000·j·√3/47 ≈ -1064 - 1843·j')
    """
    exact = math_text(value)
    if value.is_Rational:
        return exact
    z = complex(value.evalf(30))
    real = format(z.real, ".4g") if z.real or not z.imag else ""
    if not z.imag:
        return f"{exact} ≈ {real}"
    imag = f"{format(abs(z.imag), '.4g')}·j"
    if not real:
        return f"{exact} ≈ {'-' if z.imag < 0 else ''}{imag}"
    return f"{exact} ≈ {real} {'-' if z.imag < 0 else '+'} {imag}"


def _roots(values, lang):
    if not values:
        return ui("none", lang)
    return localized(", ".join(f"s = {_root(r)}" for r in values), lang) + " rad/s"


def values_text(circuit, values, lang="en"):
    """The heading of the numeric part: ``With the values R = 10 kΩ, C = 100 nF:``."""
    units = {s: e.unit for e in circuit.elements for s in (e.value.free_symbols if e.value is not None else ())}
    items = [f"{sym} = {si_plain(v, units[sym], lang) if units.get(sym) else localized(str(v), lang)}" for sym, v in values.items()]
    return ui("response_heading", lang, values=", ".join(items))


def response_text(h, lang="en", step=True):
    """H(s) with numbers, its band, poles and zeros, time constants and step response."""
    band = bandwidth(h)
    poles, zeros = poles_zeros(h)
    out = [equation_block(Eq(Symbol("H(s)"), h), lang=lang), band_text(band, lang),
           f"{ui('poles', lang)}: {_roots(poles, lang)}", f"{ui('zeros', lang)}: {_roots(zeros, lang)}"]
    if step:
        r = step_response(h)
        if r.time_constants:
            taus = ", ".join(f"τ = {quantity(t, 'second', lang)}" for t in r.time_constants)
            out.append(f"{ui('time_constants', lang)}: {taus}")
        line = ui("step_response", lang, y=math_text(r.expression))
        if r.impulse:
            line += " " + ui("step_impulse", lang)
        out.append(line)
    return "\n".join(out) + "\n"
