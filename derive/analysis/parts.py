"""The integrated in-amps' datasheet values (``data/parts.json``), read exactly.

One module for the part data that the error budget and the noise analysis both
read (neither imports the other for it). Every number in the file names its
source -- the data sheet, revision and table -- in the part's
``specs.provenance``, or says that it could not be verified.

>>> part_spec("AD620", "ib", "typ"), part_spec("INA128", "cmrr_db", "max", gain=500)
(1/2000000000, 120)
>>> parts_with_specs()
['INA128', 'AD620', 'AD8221', 'INA333']
"""
import json
from functools import lru_cache
from importlib import resources

from sympy import S

from ..circuit.values import parse_number
from ..errors import DeriveError
from ..text.messages import Message

PER_GAIN = ("cmrr_db", "gain_error_percent")


@lru_cache(maxsize=None)
def all_parts():
    """Every part entry of ``data/parts.json`` by name."""
    return json.loads(resources.files(__package__).joinpath("data", "parts.json").read_text("utf-8"))["parts"]


def parts_with_specs():
    """The parts whose datasheet errors and noise are in the data."""
    return [n for n, e in all_parts().items() if "specs" in e]


def require_specs(part, what):
    """``part`` (a :class:`~derive.analysis.design.Part` or None), refused when it has no datasheet specs.

    ``what`` says what the caller needs them for (``"errors"``, ``"noise"``).

    >>> require_specs(None, "errors") is None
    True
    """
    if part is not None and "specs" not in all_parts().get(part.name, {}):
        raise DeriveError(Message(f"analysis_no_specs_{what}", part=part.name, parts=", ".join(parts_with_specs())))
    return part


def conditions(name):
    """The grade and test conditions of a part's specs (a sentence of the data sheet)."""
    return all_parts()[name]["specs"]["conditions"]


def part_spec(name, key, grade="max", gain=None):
    """A datasheet value of a part, exactly (``None`` when the datasheet gives none).

    ``grade`` is ``"typ"`` or ``"max"`` (for CMRR, the worst is the minimum).
    For per-gain values the entry at the listed gain that is worse for ``gain``
    is used: the next lower gain for CMRR, the next higher for gain error. A
    row the data sheet does not give (or that could not be verified and was
    left empty) gives ``None``.
    """
    spec = all_parts()[name].get("specs", {}).get(key)
    if spec is None:
        return None
    if key in PER_GAIN:
        gains = sorted(spec, key=int)
        g = S(gain or 1)
        if key == "cmrr_db":
            listed = [x for x in gains if int(x) <= g] or gains[:1]
            spec = spec[listed[-1]]
        else:
            listed = [x for x in gains if int(x) >= g] or gains[-1:]
            spec = spec[listed[0]]
    order = {"typ": ("typ", "max", "min"), "max": ("max", "min", "typ")}[grade]
    if key == "cmrr_db":
        order = {"typ": ("typ", "min"), "max": ("min", "typ")}[grade]
    for k in order:
        if k in spec:
            return parse_number(spec[k])
    return None


__all__ = ["all_parts", "conditions", "part_spec", "parts_with_specs", "require_specs"]
