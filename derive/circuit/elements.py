"""Circuit elements, one class each, each able to ``stamp`` itself.

An element knows its name, its nodes, its value and the netlist line it came
from. ``stamp(system)`` adds its equations to a nodal system (see
:mod:`derive.solver.mna`); the solver never looks at element types itself.

>>> from sympy import Symbol
>>> r = Resistor("RG", ("g1", "g2"), Symbol("RG", positive=True))
>>> r.describe()
'RG between g1 and g2'
"""
from dataclasses import dataclass, field, replace

from sympy import Expr, Symbol


@dataclass(frozen=True)
class Element:
    """Base class: a named element between nodes, with a SymPy value."""

    name: str
    nodes: tuple
    value: Expr
    line: int = field(default=None, compare=False)

    letter = "?"
    terminals = ()
    kind = "element"

    def with_value(self, value):
        """Return a copy of this element with another value."""
        return replace(self, value=value)

    def own_symbol(self):
        """The symbol named after the element itself (used by the general form)."""
        return Symbol(self.name, **self.symbol_assumptions)

    symbol_assumptions = {"real": True}

    def describe(self):
        """One line for people: what it is and where it sits."""
        return f"{self.name} between {self.nodes[0]} and {self.nodes[1]}"

    def conducting_pairs(self):
        """Node pairs this element ties together for DC (used to find floating nodes)."""
        return [(self.nodes[0], self.nodes[1])]


@dataclass(frozen=True)
class Resistor(Element):
    """A resistor; a value of exactly 0 is a short (a wire)."""

    letter = "R"
    terminals = ("a", "b")
    kind = "resistor"
    symbol_assumptions = {"positive": True}

    def stamp(self, system):
        a, b = self.nodes
        if self.value == 0:
            system.voltage_source(self, a, b, 0)
        else:
            system.resistor(a, b, self.value)


@dataclass(frozen=True)
class VoltageSource(Element):
    """An independent voltage source: V(plus) - V(minus) = value."""

    letter = "V"
    terminals = ("+", "-")
    kind = "voltage source"

    def stamp(self, system):
        system.voltage_source(self, self.nodes[0], self.nodes[1], self.value)

    def describe(self):
        return f"{self.name} from {self.nodes[1]} (-) to {self.nodes[0]} (+)"


@dataclass(frozen=True)
class OpAmp(Element):
    """An op-amp with nodes (non-inverting, inverting, output).

    ``value`` is ``None`` for the ideal op-amp (a nullor: V+ = V-, no input
    current, the output current whatever the circuit needs) or the open-loop
    gain A for the finite-gain model (Vout = A (V+ - V-)).
    """

    letter = "U"
    terminals = ("+", "-", "out")
    kind = "op-amp"
    symbol_assumptions = {"positive": True}

    @property
    def ideal(self):
        return self.value is None

    @property
    def plus(self):
        return self.nodes[0]

    @property
    def minus(self):
        return self.nodes[1]

    @property
    def output(self):
        return self.nodes[2]

    def stamp(self, system):
        if self.ideal:
            system.nullor(self, self.plus, self.minus, self.output)
        else:
            system.vcvs(self, self.plus, self.minus, self.output, self.value)

    def describe(self):
        model = "ideal" if self.ideal else f"open-loop gain {self.value}"
        return f"{self.name} (+ {self.plus}, - {self.minus}, out {self.output}; {model})"

    def conducting_pairs(self):
        # The output is driven against ground; the inputs draw no current.
        return [(self.output, "0")]


ELEMENT_TYPES = {cls.letter: cls for cls in (Resistor, VoltageSource, OpAmp)}
