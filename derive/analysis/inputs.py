"""Reading the analysis options a user types: tolerances, gains, resistor values.

Exact and safe: numbers go through :func:`derive.circuit.values.parse_number`
(no ``eval``, no ``sympify``). Errors are one sentence from the analysis
catalog (``errors``), in the user's language.

>>> parse_tolerance("0.1%"), parse_tolerance("1e-3"), parse_tolerance("1 %")
(1/1000, 1/1000, 1/100)
>>> parse_positive("49.4k", "--gain")
49400
>>> parse_positive("-3", "--gain", "es")
Traceback (most recent call last):
...
derive.errors.DeriveError: --gain '-3' debe ser positivo
"""
from dataclasses import dataclass

from sympy import oo

from ..circuit.values import TYPED, BadValue, parse_number
from ..errors import DeriveError
from ..text import catalog


def error(key, lang="en", **params):
    """A :class:`DeriveError` with the sentence ``errors.<key>`` of the analysis catalog in ``lang``.

    >>> str(error("part_needs_gain", "en", part="AD620"))
    '--part gives the internal resistors; give the gain too (e.g. --part AD620 --gain 1000)'
    """
    return DeriveError(catalog(lang, "analysis")["errors"][key].format(**params))


def _number(text, option, lang="en"):
    try:
        value = parse_number(text.strip(), TYPED)
    except BadValue as exc:
        raise error("not_a_number_because", lang, option=option, text=repr(text), reason=exc.text(lang)) from None
    if value is None:
        raise error("not_a_number", lang, option=option, text=repr(text))
    return value


def parse_tolerance(text, lang="en"):
    """A tolerance as a fraction: ``0.1%`` or ``0.001``; must lie strictly between 0 and 100 %."""
    t = text.strip()
    value = (_number(t[:-1], "--tolerance", lang) / 100 if t.endswith("%")
             else _number(t, "--tolerance", lang))
    if not (0 < value < 1):
        raise error("tolerance_range", lang, text=repr(text))
    return value


def parse_positive(text, option, lang="en"):
    """A positive exact number (a gain, a voltage)."""
    value = _number(text, option, lang)
    if value <= 0:
        raise error("not_positive", lang, option=option, text=repr(text))
    return value


def parse_voltage(text, option, lang="en"):
    """A voltage of either sign, exactly: ``"-2.5"`` -> ``-5/2``.

    >>> parse_voltage("-2.5", "--vref"), parse_voltage("0", "--vref")
    (-5/2, 0)
    """
    return _number(text, option, lang)


def parse_source_resistances(text, example, lang="en"):
    """The two source resistances of ``--source-resistance "R+,R-"``, exactly.

    >>> parse_source_resistances("1meg,0", "1meg,0")
    (1000000, 0)
    """
    parts = [t.strip() for t in text.split(",")]
    if len(parts) != 2:
        raise error("source_resistance_two", lang, text=repr(text), example=example)
    values = tuple(_number(t, "--source-resistance", lang) for t in parts)
    if any(v < 0 for v in values):
        raise error("source_resistance_negative", lang, text=repr(text))
    return values


def parse_band(text, option="--bandwidth", lang="en"):
    """A noise band: ``"150"`` (0 to 150 Hz), ``"0.5,150"`` or ``"inf"`` (0 to infinity).

    >>> parse_band("150"), parse_band("0.5, 150"), parse_band("inf")
    ((0, 150), (1/2, 150), (0, oo))
    """
    parts = [t.strip() for t in text.split(",")]
    if len(parts) == 1:
        parts = ["0"] + parts
    if len(parts) != 2 or not all(parts):
        raise error("band_form", lang, option=option, text=repr(text))
    low = _number(parts[0], option, lang)
    high = oo if parts[1].lower() in ("inf", "oo", "infinity") else _number(parts[1], option, lang)
    if not 0 <= low < high:
        raise error("band_order", lang, option=option, text=repr(text))
    return low, high


def parse_supply(text, lang="en"):
    """The two rails ``"-15,15"`` (or ``"0,5"``), negative first.

    >>> parse_supply("-15,15"), parse_supply("0, 3.3")
    ((-15, 15), (0, 33/10))
    """
    parts = [t.strip() for t in text.replace(";", ",").split(",")]
    if len(parts) != 2 or not all(parts):
        raise error("supply_two", lang, text=repr(text))
    low, high = (_number(t, "--supply", lang) for t in parts)
    if not low < high:
        raise error("supply_order", lang, text=repr(text))
    return low, high


def parse_rg(text, lang="en"):
    """A gain resistor: a number of ohms, or ``open``/``inf`` for no resistor (G = G0).

    >>> parse_rg("5k"), parse_rg("open")
    (5000, oo)
    """
    if text.strip().lower() in ("open", "inf", "infinite", "oo"):
        return oo
    return _number(text, "--rg", lang)


def parse_assignments(text, circuit, lang="en"):
    """``"R1=10k, R2=1meg"`` -> ``{R1: 10000, R2: 1000000}`` with the circuit's own symbols."""
    symbols = {s.name: s for s in circuit.symbols}
    out = {}
    for item in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep:
            raise error("set_not_pair", lang, item=repr(item))
        if name not in symbols:
            raise error("set_unknown", lang, name=repr(name), circuit=circuit.name, symbols=", ".join(symbols))
        out[symbols[name]] = parse_positive(value, f"--set {name}=", lang)
    return out


@dataclass(frozen=True)
class DesignOptions:
    """What ``range``, ``budget`` and ``noise`` read alike: the circuit and how its resistors get numbers."""

    circuit: object
    gain: object = None
    part: str = None
    values: dict = None
    source_resistance: tuple = (0, 0)


def read_design_options(args, example_part="AD620", example_rs="1meg,0"):
    """The circuit, ``--gain``, ``--part``, ``--set`` and (if the command has it) ``--source-resistance``.

    ``--part`` needs ``--gain`` (the part fixes the internal resistors, the gain
    the gain resistor). Errors are in ``args.lang``.
    """
    from ..circuit.library import as_circuit

    lang = getattr(args, "lang", "en")
    circuit = as_circuit(args.circuit)
    gain = parse_positive(args.gain, "--gain", lang) if args.gain else None
    if args.part and gain is None:
        raise error("part_needs_gain", lang, part=example_part)
    values = parse_assignments(args.set, circuit, lang) if args.set else None
    rs = getattr(args, "source_resistance", None)
    rs = parse_source_resistances(rs, example_rs, lang) if rs else (0, 0)
    return DesignOptions(circuit, gain, args.part, values, rs)


def optional(args, name, parse, option, lang="en"):
    """``parse(args.<name>, option, lang)`` when the option was given, else None."""
    text = getattr(args, name)
    return None if text is None or text == "" else parse(text, option, lang)


__all__ = ["DesignOptions", "error", "optional", "parse_assignments", "parse_band", "parse_positive", "parse_rg",
           "parse_source_resistances", "parse_supply", "parse_tolerance", "parse_voltage", "read_design_options"]
