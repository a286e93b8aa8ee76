"""The built-in circuits, each a netlist file shipped in ``netlists/``.

>>> builtin_names()[:3]
['inamp', 'inamp-wiki', 'inamp-ic']
>>> load_circuit("diffamp").title
'Difference amplifier (one op-amp, four resistors)'
"""
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import UnknownCircuitError
from ..text.messages import Message
from .netlist import parse_netlist, read_netlist

ORDER = ("inamp", "inamp-wiki", "inamp-ic", "inamp2", "diffamp", "inverting", "noninverting", "follower",
         "integrator", "differentiator", "lossy-integrator", "tia", "sallen-key-lp", "mfb-bandpass",
         "ecg-front-end")


def builtin_names():
    """Names of the built-in circuits, the in-amps first."""
    files = resources.files(__package__).joinpath("netlists")
    found = sorted(p.name[:-4] for p in files.iterdir() if p.name.endswith(".net"))
    return [n for n in ORDER if n in found] + [n for n in found if n not in ORDER]


def builtin_text(name):
    """The netlist text of a built-in circuit."""
    return resources.files(__package__).joinpath("netlists", f"{name}.net").read_text("utf-8")


@lru_cache(maxsize=None)
def _builtin(name):
    return parse_netlist(builtin_text(name), name=name, source=f"{name}.net")


def load_circuit(name_or_path):
    """A built-in circuit by name, or a circuit read from a netlist file.

    Raises UnknownCircuitError for a name that is neither.
    """
    name = str(name_or_path)
    if name in builtin_names():
        return _builtin(name)
    path = Path(name)
    if path.is_file():
        return read_netlist(path)
    if path.suffix or len(path.parts) > 1:       # meant as a file: say which one is missing
        where = path.parent if str(path.parent) != "." else Path.cwd()
        raise UnknownCircuitError(Message("no_netlist_file", name=name, folder=str(where)))
    lowered = [b for b in builtin_names() if b.lower() == name.lower()]
    if lowered:                                   # INAMP: the built-in names are lower case
        raise UnknownCircuitError(Message("builtin_case", name=name, builtin=lowered[0]))
    raise UnknownCircuitError(Message("unknown_circuit", name=name, builtins=", ".join(builtin_names())))


def as_circuit(circuit):
    """A Circuit from what a caller may hand in: a Circuit (kept), netlist text
    (anything with a line break), a built-in name or a netlist path.

    The one loader behind ``derive()``, the checker and the analyses.

    >>> as_circuit("inverting") is load_circuit("inverting")
    True
    >>> as_circuit("Vin in 0 Vin\\nU1 in m out\\nR1 out m 1k\\nR2 m 0 1k\\n.output out Vout\\n").name
    'netlist'
    """
    if hasattr(circuit, "elements"):
        return circuit
    if "\n" in str(circuit):
        return parse_netlist(str(circuit), name="netlist", source="netlist")
    return load_circuit(circuit)
