"""The one number reader: what ``1M``, ``1MΩ``, ``4.7meg`` and ``10kohm`` mean, everywhere.

Netlists, SPICE decks, ``--values``, ``--set``, ``--gain``, ``--given`` and the
answers of ``derive check`` all read numbers here, exactly (``4.7meg`` is the
rational 4700000, never a float). The rule:

* A number **followed by a unit** (``Ω``, ``ohm``, ``V``, ``A``, ``F``, ``Hz``...)
  takes its SI prefix as written: ``1MΩ`` is mega, ``1mΩ`` milli, ``10kΩ`` and
  ``10KΩ`` kilo, ``1megohm`` mega.
* A **bare** suffix in a netlist or a SPICE deck (rule :data:`SPICE`) follows
  SPICE, case-insensitive: ``1M`` = ``1m`` = milli, ``1meg`` = mega, and
  ``t g k u n p f``.
* In a netlist or a deck, the **RKM code** of IEC 60062 printed on parts and
  schematics: the prefix letter stands for the decimal point (``4k7`` = 4.7k,
  ``2u2`` = 2.2u, ``4R7`` = 4.7, ``100R`` = 100, ``4k7Ω`` = 4.7kΩ). ``1M5`` is refused like a
  bare ``M``: RKM reads it as mega, SPICE's rule as milli.
* A bare ``M`` typed on the command line or in an answer (rule :data:`TYPED`)
  is refused with one sentence: write ``meg`` or the unit. There the other
  prefixes are SI's (``m`` milli, ``k``/``K`` kilo, ``u``/``µ`` micro, ``G``, ``T``).

The Ohm sign (U+2126) is the letter Ω (NFKC), as are other compatibility forms.

>>> parse_number("4.7meg"), parse_number("1M"), parse_number("1MΩ")
(4700000, 1/1000, 1000000)
>>> read_suffix("kΩ", TYPED), read_suffix("R5", TYPED)
((Fraction(1000, 1), 'ohm'), None)
>>> read_suffix("M", TYPED)
Traceback (most recent call last):
...
derive.circuit.values.BareMega: a bare 'M' is ambiguous (SPICE reads it as milli, SI as mega): write 'meg' or the unit, e.g. 1meg or 1MΩ for mega, 1m for milli
"""
import re
import unicodedata
from fractions import Fraction
from functools import lru_cache

from sympy import Rational, Symbol

from ..text.messages import Message
from ..notation.units import si_table

SPICE, TYPED = "spice", "typed"
MAX_DIGITS = 30
MAX_EXPONENT = 30

# SPICE scale factors, case-insensitive (``m`` is milli, ``meg`` mega).
SPICE_SCALES = {"t": 12, "g": 9, "meg": 6, "k": 3, "m": -3, "u": -6, "µ": -6, "μ": -6,
                "n": -9, "p": -12, "f": -15}
# Spellings of SI prefixes people type besides the symbol itself.
PREFIX_SPELLINGS = {"k": ("K",), "µ": ("u", "μ"), "M": ("meg", "Meg", "MEG")}
UNIT_SPELLINGS = {"ohm": ("ohm", "ohms", "Ohm", "Ohms", "Ω"), "volt": ("volt", "volts"),
                  "ampere": ("amp", "amps", "ampere", "amperes")}

_NUMBER = re.compile(r"^(?P<sign>[+-]?)(?P<mant>(\d+\.?\d*|\.\d+))(e(?P<exp>[+-]?\d+))?(?P<rest>.*)$",
                     re.IGNORECASE | re.ASCII)   # ASCII digits only: "１０k" is not 10k
# Units read only in typed text (answers, --given): in a netlist, "1s" stays what it was (siemens).
TYPED_ONLY_UNITS = ("second", "radian_per_second")
# RKM code (IEC 60062): digits, a prefix letter as the decimal point, digits, an optional unit.
_RKM = re.compile(r"^(?P<sign>[+-]?)(?P<whole>\d+)(?:(?P<letter>[RtTgGkKmMunpfµμ])(?P<frac>\d+)|R)(?P<unit>\D*)$",
                  re.ASCII)
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class BadValue(ValueError):
    """Raised for a value token that is neither a number nor a symbol name.

    ``message`` is a :class:`~derive.text.messages.Message`, worded in the user's language when shown.
    """

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))

    def text(self, lang="en"):
        """The sentence in ``lang``."""
        return self.message.text(lang) if hasattr(self.message, "text") else str(self.message)


class BareMega(BadValue):
    """A bare ``M`` where it is refused (answers, ``--given``, options)."""

    def __init__(self):
        super().__init__(Message("bare_mega"))


@lru_cache(maxsize=1)
def _tables():
    """``(SI prefixes as written, units)``: ``{spelling: Fraction}``, ``{spelling: unit name}``."""
    data = si_table()
    prefixes = {p["symbol"]: Fraction(10) ** p["exponent"] for p in data["prefixes"] if p["symbol"]}
    for symbol, spellings in PREFIX_SPELLINGS.items():
        for s in spellings:
            prefixes[s] = prefixes[symbol]
    units = {u["symbol"]: name for name, u in data["units"].items()}
    for name, spellings in UNIT_SPELLINGS.items():
        for s in spellings:
            units[s] = name
    return prefixes, units


def _unit(word, rule):
    units = _tables()[1]
    if rule == SPICE:                     # SPICE decks are case-insensitive: 10KOHM, 5v
        lowered = {k.lower(): v for k, v in units.items() if v not in TYPED_ONLY_UNITS}
        return lowered.get(word.lower())
    return units.get(word)


def read_suffix(word, rule):
    """``(multiplier, unit name or None)`` for what follows a number, or None if it is not a suffix.

    ``rule`` is :data:`SPICE` (netlists, decks) or :data:`TYPED` (answers,
    ``--given`` and the command line's options); see the module. Raises
    :class:`BareMega` for a bare ``M`` under :data:`TYPED`.

    >>> read_suffix("M", SPICE), read_suffix("MΩ", SPICE), read_suffix("mV", TYPED)
    ((Fraction(1, 1000), None), (Fraction(1000000, 1), 'ohm'), (Fraction(1, 1000), 'volt'))
    """
    word = unicodedata.normalize("NFKC", word)
    if not word:
        return None
    if rule == SPICE and word.lower() in SPICE_SCALES:
        return Fraction(10) ** SPICE_SCALES[word.lower()], None
    unit = _unit(word, rule)
    if unit is not None:
        return Fraction(1), unit
    prefixes = _tables()[0]
    for p in sorted(prefixes, key=len, reverse=True):          # a prefix as written, then a unit
        if word.startswith(p) and word != p:
            unit = _unit(word[len(p):], rule)
            if unit is not None:
                return prefixes[p], unit
    for p in sorted(SPICE_SCALES, key=len, reverse=True):     # 1NF, 1UF: any case but m/M before a unit
        if word.lower().startswith(p) and p != "m" and len(word) > len(p):
            unit = _unit(word[len(p):], rule)
            if unit is not None:
                return Fraction(10) ** SPICE_SCALES[p], unit
    if word == "M":
        if rule == TYPED:
            raise BareMega()
        return None
    if word in prefixes and rule == TYPED:
        return prefixes[word], None
    return None


def read_decimal(text, max_digits=MAX_DIGITS, max_exponent=MAX_EXPONENT):
    """The exact value of a number literal (``8.49``, ``2e3``, ``.5``) as a Fraction.

    Raises :class:`BadValue` for more than ``max_digits`` digits or an
    exponent beyond ``max_exponent``.

    >>> read_decimal("131.35"), read_decimal("1.5e-3")
    (Fraction(2627, 20), Fraction(3, 2000))
    """
    mantissa, _, exponent = text.lower().partition("e")
    if len(mantissa.replace(".", "").lstrip("0")) > max_digits:
        raise TooManyDigits(Message("too_many_digits", number=text[:40], limit=max_digits))
    value = Fraction(mantissa if mantissa != "." else "0")
    if exponent:
        e = int(exponent)
        if abs(e) > max_exponent:
            raise ExponentRange(Message("exponent_range", number=text[:40], limit=max_exponent))
        value *= Fraction(10) ** e
    return value


class TooManyDigits(BadValue):
    """A number literal with more digits than allowed."""


class ExponentRange(BadValue):
    """A number literal whose exponent is out of range."""


def _from_rkm(text):
    """``4k7`` as ``4.7k``, ``4R7`` as ``4.7`` (IEC 60062); other text unchanged.

    >>> _from_rkm("4k7"), _from_rkm("2u2F"), _from_rkm("4R7"), _from_rkm("100R"), _from_rkm("10k")
    ('4.7k', '2.2uF', '4.7', '100', '10k')
    """
    match = _RKM.match(text)
    if not match:
        return text
    letter = match["letter"]
    if letter is None:                                  # 100R, 0R: ohms, as printed on parts
        return f"{match['sign']}{match['whole']}" + (match["unit"] or "")
    if letter == "M":
        raise BadValue(Message("rkm_mega", token=text, whole=match["whole"], frac=match["frac"]))
    number = f"{match['sign']}{match['whole']}.{match['frac']}"
    return number + ("" if letter == "R" else letter) + match["unit"]


def reads_as_milli(token):
    """True for a netlist value such as ``1M`` or ``2.2M``: SPICE's rule reads its
    bare capital ``M`` as milli, though who wrote it most likely meant mega (a
    lower-case ``1m`` is taken as meant).

    >>> [reads_as_milli(t) for t in ("1M", "2.2M", "1m", "1meg", "1MΩ", "RM")]
    [True, True, False, False, False, False]
    """
    match = _NUMBER.match(token.strip())
    return bool(match) and match["rest"] == "M"


def read_unit(token, rule=SPICE):
    """The unit a number token is written in (``'farad'`` for ``2.2uF``), or None for a bare number.

    >>> read_unit("2.2uF"), read_unit("10k"), read_unit("4k7Ω"), read_unit("R5")
    ('farad', None, 'ohm', None)
    """
    text = unicodedata.normalize("NFKC", token.strip())
    text = _from_rkm(text) if rule == SPICE else text
    match = _NUMBER.match(text)
    if not match or not match["rest"]:
        return None
    found = read_suffix(match["rest"].strip() if rule == TYPED else match["rest"], rule)
    return found[1] if found else None


def read_number(token, rule=SPICE):
    """The exact Fraction a whole token spells (``10kΩ``), or None if it does not start like a number.

    In a netlist (rule :data:`SPICE`) the RKM code is read too (``4k7``).

    >>> read_number("10kΩ", TYPED), read_number("R5"), read_number("4k7")
    (Fraction(10000, 1), None, Fraction(4700, 1))
    """
    token = token.strip()
    if rule == SPICE and any(c.isdigit() and not c.isascii() for c in token):
        return None        # a netlist's numbers are ASCII: NFKC would read "１０k" as 10k
    text = unicodedata.normalize("NFKC", token)
    if rule == SPICE:
        text = _from_rkm(text)
    match = _NUMBER.match(text)
    if not match:
        return None
    mant, exp, rest = match["mant"], match["exp"], match["rest"]
    value = read_decimal(mant + (f"e{exp}" if exp is not None else ""))
    if rest:
        found = read_suffix(rest.strip() if rule == TYPED else rest, rule)
        if found is None:
            if rule == SPICE and re.match(r",\d", rest):       # 2,2k: a decimal comma
                raise BadValue(Message("decimal_comma", token=token, fixed=token.replace(",", ".", 1)))
            raise BadValue(Message("unknown_suffix", token=token, suffix=rest))
        value *= found[0]
    return -value if match["sign"] == "-" else value


def parse_number(token, rule=SPICE):
    """Return the exact SymPy number a token spells, or ``None`` if it is not one.

    Raises :class:`BadValue` for a token that starts like a number but has a
    suffix or size we do not accept. ``rule`` as in :func:`read_suffix`.

    >>> parse_number("49.9"), parse_number("R5"), parse_number("10kΩ", TYPED)
    (499/10, None, 10000)
    """
    value = read_number(token, rule)
    if value is None:
        return None
    return Rational(value.numerator, value.denominator)


def parse_value(token, *, positive):
    """Return the SymPy value of a netlist ``token``: an exact number or a symbol.

    ``positive`` makes symbols positive (resistances) or merely real (voltages).

    >>> parse_value("RG", positive=True).is_positive
    True
    """
    number = parse_number(token, SPICE)
    if number is not None:
        return number
    if IDENTIFIER.match(token):
        return Symbol(token, positive=True) if positive else Symbol(token, real=True)
    raise BadValue(Message("not_a_value", token=token))
