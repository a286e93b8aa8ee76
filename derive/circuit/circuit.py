"""The Circuit: elements, nodes, the output, and the matching conditions.

A Circuit is immutable: every transformation (matching, zeroing sources, the
general form, finite op-amp gain) returns a new one.

>>> from derive.circuit.library import load_circuit
>>> c = load_circuit("inamp")
>>> [e.name for e in c.sources]
['V1', 'V2']
>>> c.output_symbol
Vout
"""
from dataclasses import dataclass, field, replace

from sympy import Eq, Symbol

from ..errors import CircuitError
from ..text.messages import Message
from .elements import LAPLACE, OpAmp, Resistor
from .nodes import GROUND

# The derivation methods a circuit (its netlist's .method) may ask for, in the
# order they are offered; derive.derivation.STRATEGIES implements each one.
METHODS = ("superposition", "virtual-short", "nodal")



@dataclass(frozen=True)
class Circuit:
    """A parsed, checked circuit."""

    name: str
    title: str
    elements: tuple
    output: str
    output_name: str = "Vout"
    matches: tuple = ()       # ((kept symbol, replaced symbol, line), ...)
    cases: tuple = ()         # special cases shown after the general result
    method: str = None        # the derivation method of the source document
    titles: tuple = field(default=(), compare=False)   # ((lang, title), ...) from .title.es
    # ((op-amp, parameter, value, line), ...) from .opamp lines: offsets, bias currents, noise
    nonideal: tuple = field(default=(), compare=False)
    source: str = field(default=None, compare=False)
    # ((line, Message), ...): values read as written but probably not meant so (a bare 1M is milli)
    notes: tuple = field(default=(), compare=False)

    # --- looking things up ---------------------------------------------
    def element(self, name):
        """The element called ``name`` (KeyError if there is none)."""
        for e in self.elements:
            if e.name == name:
                return e
        raise KeyError(name)

    @property
    def nodes(self):
        """All node names, ground first, then in order of first appearance."""
        seen = [GROUND]
        for e in self.elements:
            for n in e.nodes:
                if n not in seen:
                    seen.append(n)
        return tuple(seen)

    @property
    def sources(self):
        """The independent sources (voltage and current): the circuit's inputs."""
        return tuple(e for e in self.elements if e.is_source)

    @property
    def voltage_sources(self):
        """The elements that fix the voltage between their nodes (voltage sources)."""
        return tuple(e for e in self.elements if e.is_source and e.sets_voltage)

    @property
    def opamps(self):
        return tuple(e for e in self.elements if isinstance(e, OpAmp))

    @property
    def passives(self):
        """The two-terminal elements known by their admittance (R, C, L, ...)."""
        return tuple(e for e in self.elements if e.admittance() is not None)

    @property
    def resistors(self):
        return tuple(e for e in self.elements if isinstance(e, Resistor))

    @property
    def reactive(self):
        """True if an admittance contains the Laplace variable s (a C or an L)."""
        return any(LAPLACE in e.admittance().free_symbols for e in self.passives)

    @property
    def output_symbol(self):
        return Symbol(self.output_name, real=True)

    @property
    def symbols(self):
        """Every symbol in the element values, sorted by name."""
        return _value_symbols(self.elements)

    def elements_at(self, node):
        """Elements with a terminal on ``node``."""
        return tuple(e for e in self.elements if node in e.nodes)

    # --- matching conditions and special cases --------------------------
    def match_substitutions(self):
        """``{replaced: kept}`` for the circuit's matching conditions."""
        return {replaced: kept for kept, replaced, _ in self.matches}

    def assumptions(self):
        """The matching conditions as equations ``kept = replaced`` (R5 = R6)."""
        return [Eq(kept, replaced) for kept, replaced, _ in self.matches]

    def matched(self):
        """The circuit with its matching conditions applied (R6 -> R5, ...)."""
        return self.substitute(self.match_substitutions())

    def general(self):
        """The unmatched circuit: every passive element carries its own symbol.

        Elements whose value is a number keep it; a symbol shared by several
        passive elements (the two R1 of the Wikipedia figure) becomes one
        symbol per element, named after the element.
        """
        counts = {}
        passives = self.passives
        for e in passives:
            if isinstance(e.value, Symbol):
                counts[e.value] = counts.get(e.value, 0) + 1
        elements = []
        for e in self.elements:
            if e in passives and isinstance(e.value, Symbol) and counts[e.value] > 1:
                e = e.with_value(e.own_symbol())
            elements.append(e)
        return replace(self, elements=tuple(elements), matches=(), cases=())

    # --- transformations -------------------------------------------------
    def substitute(self, mapping):
        """Replace symbols in element values (mapping: Symbol -> value)."""
        if not mapping:
            return self
        elements = tuple(
            e if e.value is None else e.with_value(e.value.subs(mapping))
            for e in self.elements
        )
        return replace(self, elements=elements)

    def with_sources(self, values):
        """Set source values by element name, e.g. ``{"V2": 0}`` (superposition)."""
        elements = tuple(
            e.with_value(values[e.name]) if e.name in values else e for e in self.elements
        )
        return replace(self, elements=elements)

    def with_finite_gain(self, gain=None):
        """Give every ideal op-amp a finite open-loop gain.

        ``gain`` is one symbol or number for all op-amps; by default each op-amp
        gets its own symbol ``A_<name>`` (A_U1, A_U2, ...).
        """
        elements = []
        for e in self.elements:
            if isinstance(e, OpAmp) and e.ideal:
                a = gain if gain is not None else Symbol(f"A_{e.name}", positive=True)
                e = e.with_value(a)
            elements.append(e)
        return replace(self, elements=tuple(elements))

    def without_shorts(self):
        """The same circuit with every 0 Ω resistor removed and its two nodes merged.

        >>> from derive.circuit.netlist import parse_netlist
        >>> c = parse_netlist(chr(10).join(["V1 in 0 Vin", "R0 in a 0", "R1 a out R1", "R2 out 0 R2"]))
        >>> [e.name for e in c.without_shorts().elements]
        ['V1', 'R1', 'R2']
        """
        c = self
        while True:
            short = next((e for e in c.resistors if e.value == 0), None)
            if short is None:
                return c
            a, b = short.nodes
            if GROUND in (a, b) and (c.output in (a, b) or any(op.output in (a, b) for op in c.opamps)):
                node = a if b == GROUND else b
                what = Message("the_output") if node == c.output else Message(
                    "the_opamp_output", opamp=next(op.name for op in c.opamps if op.output == node))
                raise CircuitError(Message("short_to_ground", element=short.name, what=what, node=node),
                                   short.line)
            keep_b = a != GROUND and (b == GROUND or a != c.output)
            gone, kept = (a, b) if keep_b else (b, a)
            elements = tuple(
                replace(e, nodes=tuple(kept if n == gone else n for n in e.nodes))
                for e in c.elements if e is not short
            )
            c = replace(c, elements=elements, output=kept if c.output == gone else c.output)

    def ideal(self):
        """Every op-amp ideal again (undo :meth:`with_finite_gain`)."""
        return replace(
            self,
            elements=tuple(e.with_value(None) if isinstance(e, OpAmp) else e for e in self.elements),
        )

    def opamp_parameters(self):
        """``{op-amp name: {parameter: value}}`` from the netlist's ``.opamp`` lines.

        >>> from derive.circuit.netlist import parse_netlist
        >>> c = parse_netlist(chr(10).join(["V1 p 0", "R1 out m 9k", "R2 m 0 1k", "U1 p m out",
        ...                                 ".opamp U1 vos=50uV ib=2n"]))
        >>> c.opamp_parameters()
        {'U1': {'vos': 1/20000, 'ib': 1/500000000}}
        """
        out = {}
        for opamp, key, value, _ in self.nonideal:
            out.setdefault(opamp, {})[key] = value
        return out

    def open_loop_gains(self):
        """The symbols used as finite op-amp gains."""
        return _value_symbols(self.opamps)


def _value_symbols(elements):
    """The symbols in the values of ``elements``, sorted by name."""
    found = set()
    for e in elements:
        if e.value is not None:
            found |= e.value.free_symbols
    return tuple(sorted(found, key=lambda s: s.name))
