"""Numbers in answers: exact values, SI prefixes and units.

A number is read exactly (``131.35m`` is 2627/20000, never a float). After a
number may come an SI prefix and/or a unit, as people write them: ``49.4k``,
``8.49 kΩ``, ``8491 ohm``, ``5 V``, ``3 mA``. Prefixes are case-sensitive as in
SI (``m`` milli, ``M`` mega); ``K`` and SPICE's ``meg`` are accepted too. The
prefixes and units come from :func:`derive.notation.units.si_table`.

>>> read_number("131.35")
Fraction(2627, 20)
>>> suffix("kΩ")
(Fraction(1000, 1), 'ohm')
>>> suffix("meg"), suffix("R5")
((Fraction(1000000, 1), None), None)
"""
from fractions import Fraction
from functools import lru_cache

from ..notation.decimals import exact_decimal
from ..notation.units import si_table
from .errors import AnswerError
from .limits import LIMITS

UNIT_SPELLINGS = {"ohm": ("ohm", "ohms", "Ohm", "Ohms"), "volt": ("volt", "volts"),
                  "ampere": ("amp", "amps", "ampere", "amperes")}
PREFIX_SPELLINGS = {"k": ("K",), "µ": ("u", "μ"), "M": ("meg", "Meg", "MEG")}


@lru_cache(maxsize=1)
def _tables():
    data = si_table()
    prefixes = {p["symbol"]: Fraction(10) ** p["exponent"] for p in data["prefixes"] if p["symbol"]}
    for symbol, spellings in PREFIX_SPELLINGS.items():
        for s in spellings:
            prefixes[s] = prefixes[symbol]
    units = {u["symbol"]: name for name, u in data["units"].items()}
    units["Ω"] = "ohm"
    for name, spellings in UNIT_SPELLINGS.items():
        for s in spellings:
            units[s] = name
    return prefixes, units


def unit_symbol(unit):
    """The symbol of a unit name: ``ohm`` -> ``Ω``."""
    return si_table()["units"][unit]["symbol"]


def suffix(word):
    """``(multiplier, unit or None)`` for an SI prefix and/or unit, else ``None``."""
    prefixes, units = _tables()
    if word in units:
        return Fraction(1), units[word]
    if word in prefixes:
        return prefixes[word], None
    for p in sorted(prefixes, key=len, reverse=True):
        if word.startswith(p) and word[len(p):] in units:
            return prefixes[p], units[word[len(p):]]
    return None


def read_number(text, limits=LIMITS):
    """The exact value of a number literal such as ``8.49`` or ``2e3``.

    Raises :class:`AnswerError` for too many digits or too large an exponent.
    """
    mantissa, _, exponent = text.lower().partition("e")
    digits = len(mantissa.replace(".", "").lstrip("0"))
    if digits > limits.max_digits:
        raise AnswerError("too_many_digits", number=text[:40], limit=limits.max_digits)
    value = Fraction(mantissa if mantissa != "." else "0")
    if exponent:
        e = int(exponent)
        if abs(e) > limits.max_decimal_exponent:
            raise AnswerError("number_too_large", number=text[:40], limit=limits.max_decimal_exponent)
        value *= Fraction(10) ** e
    return value


def decimal_text(value, digits=6):
    """A short decimal text for an exact value: exact when it terminates
    within ``digits`` places, else rounded to ``digits`` significant digits.

    >>> decimal_text(Fraction(131351, 1000)), decimal_text(Fraction(1, 3))
    ('131.351', '0.333333')
    """
    value = Fraction(value)
    return exact_decimal(value, digits) or f"{float(value):.{digits}g}"
