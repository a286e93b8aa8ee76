"""Exact numbers with SI prefixes: ``49400`` ohm -> ``\\SI{49.4}{\\kilo\\ohm}``.

Values are exact rationals (SymPy numbers, ``Fraction`` or ``int``): a value
with a short decimal expansion is printed exactly, any other one rounded to
four significant digits. The prefixes and units live in ``si_prefixes.json``.

>>> si_latex(49400, "ohm")
'\\\\SI{49.4}{\\\\kilo\\\\ohm}'
>>> si_plain(4700000, "ohm")
'4.7 MΩ'
"""
import json
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from importlib import resources

from sympy import Symbol

from ..errors import NotationError
from ..text.messages import Message
from .decimals import as_fraction, exact_decimal, rounded_decimal
from ..text.numerals import localized

EXACT_DIGITS = 6      # decimals printed exactly up to this many places
ROUNDED_DIGITS = 4    # significant digits otherwise


@lru_cache(maxsize=None)
def si_table():
    """The SI prefixes and units as stored: ``{"prefixes": [...], "units": {...}}``.

    Every reader of prefixes (formatting here, number reading in the circuit
    and the checker) takes them from this one table; treat it as read-only.

    >>> si_table()["units"]["ohm"]["symbol"]
    'Ω'
    """
    text = resources.files(__package__).joinpath("si_prefixes.json").read_text("utf-8")
    return json.loads(text)


def unit_symbol(unit):
    """The symbol of an SI unit name (``'ohm'`` -> ``'Ω'``), as the table stores it.

    >>> unit_symbol("ohm"), unit_symbol("farad")
    ('Ω', 'F')
    """
    return si_table()["units"][unit]["symbol"]


@lru_cache(maxsize=None)
def _table():
    data = si_table()
    prefixes = sorted(data["prefixes"], key=lambda p: p["exponent"], reverse=True)
    return tuple(prefixes), data["units"]


def _decimal(m):
    """The decimal text of the rational ``m``: exact if short, else rounded."""
    return exact_decimal(m, EXACT_DIGITS) or rounded_decimal(m, ROUNDED_DIGITS)


def _split(value, unit):
    """(mantissa text, prefix entry, unit entry) for an exact value."""
    prefixes, units = _table()
    if unit not in units:
        raise NotationError(Message("unit_unknown", unit=repr(unit), units=", ".join(sorted(units))))
    v = as_fraction(value)
    chosen = next(p for p in prefixes if p["exponent"] == 0)
    if v != 0:
        for p in prefixes:
            if abs(v) >= Fraction(10) ** p["exponent"]:
                chosen = p
                break
        else:
            chosen = prefixes[-1]
    text = _decimal(v / Fraction(10) ** chosen["exponent"])
    # Rounding may carry into the next prefix (999.96 -> 1000): move up one.
    bigger = [p for p in prefixes if p["exponent"] == chosen["exponent"] + 3]
    if bigger and abs(Decimal(text)) >= 1000:
        chosen = bigger[0]
        text = _decimal(v / Fraction(10) ** chosen["exponent"])
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text, chosen, units[unit]


def si_latex(value, unit):
    """The siunitx ``\\SI`` command for an exact value in ``unit`` (ohm, volt, ...).

    >>> si_latex(10000, "ohm"), si_latex(0, "volt")
    ('\\\\SI{10}{\\\\kilo\\\\ohm}', '\\\\SI{0}{\\\\volt}')
    >>> from sympy import Rational
    >>> si_latex(Rational(1, 1000), "volt"), si_latex(Rational(1, 3) * 1000, "ohm")
    ('\\\\SI{1}{\\\\milli\\\\volt}', '\\\\SI{333.3}{\\\\ohm}')
    """
    text, prefix, u = _split(value, unit)
    return f"\\SI{{{text}}}{{{prefix['macro']}{u['macro']}}}"


def si_plain(value, unit, lang="en"):
    """The same value as plain text with the unit symbol, for figures and terminals,
    with ``lang``'s decimal mark.

    >>> si_plain(49400, "ohm"), si_plain(-5, "volt"), si_plain(49400, "ohm", "es")
    ('49.4 kΩ', '-5 V', '49,4 kΩ')
    """
    text, prefix, u = _split(value, unit)
    return f"{localized(text, lang)} {prefix['symbol']}{u['symbol']}"


def measured(value, unit):
    """A number with its unit as a SymPy atom for prose (``100 mV``): the terminal
    prints it as plain text, LaTeX as ``\\SI``. Only for text, never for algebra.

    >>> from sympy import Rational, latex
    >>> m = measured(Rational(1, 10), "volt")
    >>> str(m), latex(m)
    ('100 mV', '\\\\SI{100}{\\\\milli\\\\volt}')
    """
    return _Measured(si_plain(value, unit), si_latex(value, unit))



class _Measured(Symbol):
    """A Symbol whose name is ``100 mV`` and whose LaTeX is ``\\SI{100}{\\milli\\volt}``."""

    def __new__(cls, text, tex):
        obj = Symbol.__new__(cls, text, positive=True)
        obj._tex = tex
        return obj

    def __getnewargs_ex__(self):
        return (self.name, self._tex), {}

    def _latex(self, printer):
        return self._tex

    _textbook_latex = _latex
