"""Element values: a symbol name or a number with an SI suffix, read exactly.

Numbers never pass through ``float``: ``4.7meg`` is the exact rational 4700000.
Suffixes follow SPICE (case-insensitive): ``f p n u µ m k meg g t``; note that,
as in SPICE, ``m`` is milli and ``meg`` is mega. A trailing unit (``ohm``, ``Ω``,
``V``, ``H``, ``Hz``, and ``F`` after a prefix: ``1uF``) is accepted and ignored.

>>> parse_number("4.7meg")
4700000
>>> parse_number("1m")
1/1000
>>> parse_number("10kΩ")
10000
"""
import re

from sympy import Integer, Rational, Symbol

SI_SUFFIXES = {
    "t": Integer(10) ** 12,
    "g": Integer(10) ** 9,
    "meg": Integer(10) ** 6,
    "k": Integer(10) ** 3,
    "m": Rational(1, 10**3),
    "u": Rational(1, 10**6),
    "µ": Rational(1, 10**6),
    "μ": Rational(1, 10**6),
    "n": Rational(1, 10**9),
    "p": Rational(1, 10**12),
    "f": Rational(1, 10**15),
}
UNITS = ("ohms", "ohm", "ω", "v", "a", "s", "hz", "h")
MAX_DIGITS = 30
MAX_EXPONENT = 30

_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)(?P<mant>(\d+\.?\d*|\.\d+))(e(?P<exp>[+-]?\d+))?(?P<rest>.*)$",
    re.IGNORECASE,
)
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class BadValue(ValueError):
    """Raised for a value token that is neither a number nor a symbol name."""


def parse_number(token):
    """Return the exact SymPy number a token spells, or ``None`` if it is not one.

    Raises :class:`BadValue` for a token that starts like a number but has a
    suffix or size we do not accept.

    >>> parse_number("49.9"), parse_number("R5")
    (499/10, None)
    """
    match = _NUMBER.match(token)
    if not match:
        return None
    mant, exp, rest = match["mant"], match["exp"], match["rest"]
    if len(mant.replace(".", "")) > MAX_DIGITS:
        raise BadValue(f"the number '{token}' has too many digits (at most {MAX_DIGITS})")
    value = Rational(mant)
    if exp is not None:
        if abs(int(exp)) > MAX_EXPONENT:
            raise BadValue(f"the exponent in '{token}' is out of range (at most ±{MAX_EXPONENT})")
        value *= Integer(10) ** int(exp)
    rest_lower = rest.lower()
    for unit in UNITS:
        if rest_lower.endswith(unit):
            rest_lower = rest_lower[: -len(unit)]
            break
    else:
        if len(rest_lower) > 1 and rest_lower[-1] == "f" and rest_lower[:-1] in SI_SUFFIXES:
            rest_lower = rest_lower[:-1]   # farads after a prefix (1uF); a bare f is femto, as in SPICE
    if rest_lower:
        for suffix in sorted(SI_SUFFIXES, key=len, reverse=True):
            if rest_lower == suffix:
                value *= SI_SUFFIXES[suffix]
                break
        else:
            raise BadValue(
                f"'{token}' is not a number: unknown suffix '{rest}' "
                "(use f, p, n, u, m, k, meg, g or t, as in SPICE)"
            )
    return -value if match["sign"] == "-" else value


def parse_value(token, *, positive):
    """Return the SymPy value of ``token``: an exact number or a symbol.

    ``positive`` makes symbols positive (resistances) or merely real (voltages).

    >>> parse_value("RG", positive=True).is_positive
    True
    """
    number = parse_number(token)
    if number is not None:
        return number
    if IDENTIFIER.match(token):
        return Symbol(token, positive=True) if positive else Symbol(token, real=True)
    raise BadValue(f"'{token}' is neither a number nor a symbol name")
