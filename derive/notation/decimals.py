"""Exact numbers as decimal text: the one formatter every output builds on.

A rational whose expansion terminates within a given number of places is
written exactly (``131351/1000`` -> ``131.351``); otherwise the caller decides
how to round (SI labels to four significant digits, the checker to six, SPICE
decks keep a float).

>>> exact_decimal(Fraction(131351, 1000), 6), exact_decimal(Fraction(1, 3), 6)
('131.351', None)
>>> rounded_decimal(Fraction(1000, 3), 4)
'333.3'
"""
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction


def exact_decimal(value, places):
    """The exact decimal text of ``value`` if it needs at most ``places`` decimals, else ``None``.

    ``value`` is an int, a Fraction or a SymPy Rational; the text has no
    exponent and no trailing zeros.

    >>> exact_decimal(-5, 0), exact_decimal(Fraction(-1, 8), 3), exact_decimal(Fraction(1, 8), 2)
    ('-5', '-0.125', None)
    """
    value = as_fraction(value)
    for p in range(places + 1):
        scaled = value * 10**p
        if scaled.denominator == 1:
            sign, n = ("-" if scaled < 0 else ""), abs(scaled.numerator)
            whole, frac = divmod(n, 10**p)
            return f"{sign}{whole}" + (f".{frac:0{p}d}" if p else "")
    return None


def rounded_decimal(value, significant):
    """``value`` rounded (half to even) to ``significant`` digits, as plain decimal text.

    >>> rounded_decimal(Fraction(2, 3), 4), rounded_decimal(Fraction(-1, 7000), 2)
    ('0.6667', '-0.00014')
    """
    value = as_fraction(value)
    d = Decimal(value.numerator) / Decimal(value.denominator)
    exponent = d.copy_abs().adjusted() - (significant - 1)
    return str(d.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN))


def as_fraction(value):
    """An exact number as a Fraction (a float by its shortest decimal repr).

    >>> as_fraction(0.1), as_fraction(3)
    (Fraction(1, 10), Fraction(3, 1))
    """
    if isinstance(value, bool):
        raise TypeError("a truth value is not a number")
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    try:  # SymPy Rational / Integer
        return Fraction(int(value.p), int(value.q))
    except AttributeError:
        raise TypeError(f"{value!r} is not an exact number") from None
