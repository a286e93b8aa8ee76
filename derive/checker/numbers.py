"""Numbers in answers: exact values, SI prefixes and units.

A number is read exactly (``131.35m`` is 2627/20000, never a float). After a
number may come an SI prefix and/or a unit, as people write them: ``49.4k``,
``8.49 kΩ``, ``8491 ohm``, ``5 V``, ``3 mA``. What a suffix means is decided
by the one number reader, :mod:`derive.circuit.values` (rule ``TYPED``):
followed by a unit, the prefix as written (``MΩ`` mega, ``mΩ`` milli); bare,
SI's prefixes, ``K`` and ``meg`` too, and a bare ``M`` is refused (write
``meg`` or the unit). This module turns its errors into answer errors.

>>> read_number("131.35")
Fraction(2627, 20)
>>> suffix("kΩ")
(Fraction(1000, 1), 'ohm')
>>> suffix("meg"), suffix("R5")
((Fraction(1000000, 1), None), None)
"""
from fractions import Fraction

from ..circuit.values import TYPED, BareMega, ExponentRange, TooManyDigits, read_decimal, read_suffix
from ..notation.decimals import exact_decimal
from ..notation.units import si_table, unit_symbol
from .errors import AnswerError
from .limits import LIMITS


def suffix(word, refuse_bare_mega=True):
    """``(multiplier, unit or None)`` for an SI prefix and/or unit, else ``None``.

    A bare ``M`` raises :class:`AnswerError` (``bare_mega``) unless
    ``refuse_bare_mega`` is False (then it is simply not a suffix).
    """
    try:
        return read_suffix(word, TYPED)
    except BareMega:
        if not refuse_bare_mega:
            return None
        raise AnswerError("bare_mega", word=word) from None


def read_number(text, limits=LIMITS):
    """The exact value of a number literal such as ``8.49`` or ``2e3``.

    Raises :class:`AnswerError` for too many digits or too large an exponent.
    """
    try:
        return read_decimal(text, limits.max_digits, limits.max_decimal_exponent)
    except TooManyDigits:
        raise AnswerError("too_many_digits", number=text[:40], limit=limits.max_digits) from None
    except ExponentRange:
        raise AnswerError("number_too_large", number=text[:40], limit=limits.max_decimal_exponent) from None


def decimal_text(value, digits=6):
    """A short decimal text for an exact value: exact when it terminates
    within ``digits`` places, else rounded to ``digits`` significant digits.

    >>> decimal_text(Fraction(131351, 1000)), decimal_text(Fraction(1, 3))
    ('131.351', '0.333333')
    """
    value = Fraction(value)
    return exact_decimal(value, digits) or f"{float(value):.{digits}g}"


# Units whose values are small numbers: shown with an SI prefix (100 nF, 1 ms), not 1e-07 F.
PREFIXED_UNITS = ("farad", "henry", "second")


def with_prefix(value, unit, digits=6):
    """``(mantissa text, prefixed unit symbol)`` for a value in a unit: an SI prefix
    for farads, henries and seconds, the unit as it is for the others.

    >>> with_prefix(Fraction(1, 10**7), "farad"), with_prefix(Fraction(1, 1000), "second")
    (('100', 'nF'), ('1', 'ms'))
    >>> with_prefix(Fraction(8491), "ohm")
    ('8491', 'Ω')
    """
    value = Fraction(value)
    if unit not in PREFIXED_UNITS or value == 0:
        return decimal_text(value, digits), unit_symbol(unit)
    prefixes = sorted(si_table()["prefixes"], key=lambda p: p["exponent"], reverse=True)
    chosen = next((p for p in prefixes if abs(value) >= Fraction(10) ** p["exponent"]), prefixes[-1])
    return decimal_text(value / Fraction(10) ** chosen["exponent"], digits), chosen["symbol"] + unit_symbol(unit)

