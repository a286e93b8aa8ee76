"""Reading the analysis options a user types: tolerances, gains, resistor values.

Exact and safe: numbers go through :func:`derive.circuit.values.parse_number`
(no ``eval``, no ``sympify``).

>>> parse_tolerance("0.1%"), parse_tolerance("1e-3"), parse_tolerance("1 %")
(1/1000, 1/1000, 1/100)
>>> parse_positive("49.4k", "--gain")
49400
"""
from sympy import oo

from ..circuit.values import TYPED, BadValue, parse_number
from ..errors import DeriveError


def _number(text, option):
    try:
        value = parse_number(text.strip(), TYPED)
    except BadValue as exc:
        raise DeriveError(f"{option} {text!r} is not a number: {exc}") from None
    if value is None:
        raise DeriveError(f"{option} {text!r} is not a number (write e.g. 100, 4.7k or 1e-3)")
    return value


def parse_tolerance(text):
    """A tolerance as a fraction: ``0.1%`` or ``0.001``; must lie strictly between 0 and 100 %."""
    t = text.strip()
    value = _number(t[:-1], "--tolerance") / 100 if t.endswith("%") else _number(t, "--tolerance")
    if not (0 < value < 1):
        raise DeriveError(f"--tolerance {text!r} must be between 0 and 100 % (e.g. 0.1% or 0.001)")
    return value


def parse_positive(text, option):
    """A positive exact number (a gain, a voltage)."""
    value = _number(text, option)
    if value <= 0:
        raise DeriveError(f"{option} {text!r} must be positive")
    return value


def parse_voltage(text, option):
    """A voltage of either sign, exactly: ``"-2.5"`` -> ``-5/2``.

    >>> parse_voltage("-2.5", "--vref"), parse_voltage("0", "--vref")
    (-5/2, 0)
    """
    return _number(text, option)


def parse_source_resistances(text, example):
    """The two source resistances of ``--source-resistance "R+,R-"``, exactly.

    >>> parse_source_resistances("1meg,0", "1meg,0")
    (1000000, 0)
    """
    parts = [t.strip() for t in text.split(",")]
    if len(parts) != 2:
        raise DeriveError(f"--source-resistance {text!r} must be two resistances, e.g. \"{example}\"")
    return tuple(_number(t, "--source-resistance") for t in parts)


def parse_supply(text):
    """The two rails ``"-15,15"`` (or ``"0,5"``), negative first.

    >>> parse_supply("-15,15"), parse_supply("0, 3.3")
    ((-15, 15), (0, 33/10))
    """
    parts = [t.strip() for t in text.replace(";", ",").split(",")]
    if len(parts) != 2 or not all(parts):
        raise DeriveError(f"--supply {text!r} must be the two rails separated by a comma, e.g. --supply \"-15,15\"")
    low, high = (_number(t, "--supply") for t in parts)
    if not low < high:
        raise DeriveError(f"--supply {text!r}: give the negative rail first and below the positive one, e.g. -15,15")
    return low, high


def parse_rg(text):
    """A gain resistor: a number of ohms, or ``open``/``inf`` for no resistor (G = G0).

    >>> parse_rg("5k"), parse_rg("open")
    (5000, oo)
    """
    if text.strip().lower() in ("open", "inf", "infinite", "oo"):
        return oo
    return _number(text, "--rg")


def parse_assignments(text, circuit):
    """``"R1=10k, R2=1meg"`` -> ``{R1: 10000, R2: 1000000}`` with the circuit's own symbols."""
    symbols = {s.name: s for s in circuit.symbols}
    out = {}
    for item in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep:
            raise DeriveError(f"--set item {item!r} is not NAME=VALUE (e.g. --set \"R1=10k, R2=1meg\")")
        if name not in symbols:
            raise DeriveError(f"--set names {name!r}, which is not a symbol of {circuit.name} "
                              f"(its symbols: {', '.join(symbols)})")
        out[symbols[name]] = parse_positive(value, f"--set {name}=")
    return out


__all__ = ["parse_assignments", "parse_positive", "parse_rg", "parse_supply", "parse_tolerance", "parse_voltage"]
