"""A notebook from a derivation, for any circuit (the committed set is in :mod:`.registry`).

>>> nb = derivation_notebook("inverting", "es")
>>> nb.metadata.kernelspec.name, nb.cells[0].id
('python3', 'intro-1')
"""
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import nbformat

from ..circuit.library import builtin_names, load_circuit
from ..circuit.netlist import netlist_text
from ..derivation import derive
from ..errors import DeriveError
from ..notation.names import latex_symbol_name
from ..text import LANGUAGES
from ..text.messages import Message
from .cells import display, inline, notebook, python_literal
from .sections import DERIVATION_SECTIONS, say


@dataclass(frozen=True)
class Example:
    """Numbers for a circuit: ``values`` by symbol name, the resistor to sweep and its range."""

    values: dict
    sweep: str = None
    sweep_range: tuple = ("100", "1meg")


@dataclass
class Context:
    """What the sections of one notebook read."""

    derivation: object
    lang: str
    name: str
    builtin: bool
    load_code: str
    example: Example
    numbers: dict = field(default_factory=dict)   # step id -> equation number
    counter: int = 0                              # equations numbered so far (analysis sections)

    @property
    def signals(self):
        """The circuit's inputs, which lead the terms of a sum."""
        return tuple(src.value for src in self.derivation.circuit.sources)

    def inline(self, obj):
        """Inline math for prose."""
        return inline(obj, self.signals)

    def display(self, obj, tag=None):
        """Display math, numbered with ``tag``."""
        return display(obj, tag, self.signals)

    @property
    def sweep_tex(self):
        return latex_symbol_name(self.example.sweep) if self.example.sweep else ""


@lru_cache(maxsize=None)
def _examples():
    text = resources.files(__package__).joinpath("data", "examples.json").read_text("utf-8")
    return json.loads(text)


def example_for(derivation, name):
    """The example numbers of a built-in circuit, or defaults for any other.

    >>> example_for(derive("inamp"), "inamp").sweep
    'RG'
    >>> ex = example_for(derive("inverting"), "my.net")
    >>> ex.values["Rin"], ex.sweep
    ('10k', 'Rf')
    """
    data = _examples()
    own = data["circuits"].get(name)
    if own:
        return Example(dict(own["values"]), own.get("sweep"), tuple(own["range"]))
    default = data["default"]
    circuit = derivation.circuit
    values = {}
    for r in circuit.resistors:
        for s in r.value.free_symbols:
            values.setdefault(s.name, default["resistor"])
    for source, number in zip(circuit.sources, default["sources"] * len(circuit.sources)):
        for s in source.value.free_symbols:
            values.setdefault(s.name, number)
    in_result = sorted(s.name for s in derivation.result.rhs.free_symbols if s.name in values)
    resistors = [n for n in in_result if any(s.name == n for r in circuit.resistors for s in r.value.free_symbols)]
    sweep = next((n for n in default["sweep_names"] if n in resistors), resistors[0] if resistors else None)
    return Example(values, sweep, tuple(default["range"]))


def _source(circuit):
    """(name, built-in?, Python code that makes ``circuit`` in the kernel)."""
    if hasattr(circuit, "elements"):
        raise DeriveError(Message("notebook_circuit_object", circuit=circuit.name))
    text = str(circuit)
    if text in builtin_names():
        return text, True, f"circuit = load_circuit({python_literal(text)})"
    path = Path(text)
    if not path.is_file():
        load_circuit(text)  # raises the library's clear error
    load_circuit(path)      # parse now: a bad netlist (or not UTF-8) fails here, with its line number
    # as read_netlist reads it: a SPICE deck (or an LTspice export) translated line for line,
    # so that parse_netlist in the kernel reads the same circuit; Windows line ends made plain
    netlist = "\n".join(netlist_text(path).splitlines()) + "\n"
    name = path.stem
    return name, False, (
        f"NETLIST = {python_literal(netlist)}\n"
        f"circuit = parse_netlist(NETLIST, name={python_literal(name)})"
    )


@lru_cache(maxsize=32)
def _derive(circuit, method, general):
    """One derivation per circuit for both languages (a Derivation is immutable)."""
    return derive(circuit, method=method, general=general)


def make_context(circuit, lang, method=None, general=False):
    """The Context of a notebook about ``circuit`` (built-in name or netlist path)."""
    if lang not in LANGUAGES:
        raise DeriveError(Message("language_unknown", lang=lang, languages=", ".join(LANGUAGES)))
    name, builtin, load_code = _source(circuit)
    d = _derive(load_circuit(circuit), method, general)
    return Context(d, lang, name, builtin, load_code, example_for(d, name))


def derivation_notebook(circuit, lang="en", method=None, general=False, heading=None, extra=()):
    """A notebook deriving ``circuit`` (built-in name or netlist path) step by step.

    The netlist of a file is copied into the notebook, so it runs anywhere.
    ``extra`` adds section functions after the standard ones.
    """
    ctx = make_context(circuit, lang, method, general)
    sections = [DERIVATION_SECTIONS[0](ctx, heading)]
    sections += [f(ctx) for f in DERIVATION_SECTIONS[1:-1]]
    sections += [f(ctx) for f in extra]
    sections.append(DERIVATION_SECTIONS[-1](ctx))
    return notebook(sections, lang)


def to_text(nb):
    """The notebook as the exact text written to disk (validated, sorted keys)."""
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"
