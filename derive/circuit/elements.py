"""Circuit elements: each class says everything the rest of derive needs to know.

An element type is one class here. It carries

* what it is in a netlist: its ``letter``, its ``terminals`` (the node fields
  in order), whether its value may be left out, and the ``role`` of its value
  (a symbol keeps one role in a netlist: a resistance is never also a voltage);
* its value's ``unit`` (an SI unit name of ``derive/notation/si_prefixes.json``,
  used by LaTeX, schematic labels and the checker) and the values it accepts
  (:meth:`Element.check_number`), with the range random test values are drawn
  from (``decades``);
* how it enters the nodal equations: a two-terminal passive gives only its
  :meth:`~Passive.admittance` and shares one stamp (Y between two nodes);
  sources and op-amps stamp themselves through the few stamps of
  :class:`~derive.solver.mna.NodalSystem` (``admittance``, ``current_source``,
  ``voltage_source``, ``nullor``, ``vcvs``); ``constrain`` runs first and lets
  an element fix a node (a grounded source) or drive one (an op-amp output);
* how it is drawn (``drawing``: the schematic symbol) and written to SPICE
  (:meth:`Element.spice_card`).

Nothing outside this module switches on element types: the solver, the
derivations, the renderers and the exporters ask the element. A new element
type is a subclass, passed to :func:`~derive.circuit.netlist.parse_netlist`
in ``types`` (see :data:`ELEMENT_TYPES`).

Reactive elements are written in the Laplace domain (zero initial
conditions): their admittances contain :data:`LAPLACE`, the symbol ``s``.

>>> from sympy import Symbol
>>> r = Resistor("RG", ("g1", "g2"), Symbol("RG", positive=True))
>>> str(r.describe()), r.admittance()
('RG between g1 and g2', 1/RG)
>>> Capacitor("C1", ("a", "0"), Symbol("C1", positive=True)).impedance()
1/(C1*s)
"""
from dataclasses import dataclass, field, replace

from sympy import Expr, S, Symbol

from ..text.messages import Message
from .nodes import GROUND

LAPLACE = Symbol("s")
"""The Laplace variable ``s`` (a complex frequency: no assumptions)."""



def role_text(role):
    """What a value is (``"resistance"``), as a sentence of the errors catalog (with its article).

    >>> role_text("resistance").text("es")
    'una resistencia'
    """
    return Message("role_" + role)


def kind_text(kind):
    """What an element is (``"voltage source"``), as a sentence of the errors catalog.

    >>> kind_text("voltage source").text("es")
    'fuente de tensión'
    """
    return Message("kind_" + kind.replace(" ", "_").replace("-", ""))


@dataclass(frozen=True)
class Element:
    """Base class: a named element between nodes, with a SymPy value."""

    name: str
    nodes: tuple
    value: Expr
    line: int = field(default=None, compare=False)

    letter = "?"
    terminals = ()
    kind = "element"          # how prose and messages name it
    role = "value"            # what its value is (one role per symbol in a netlist)
    unit = None               # SI unit of its value, or None (a pure number)
    drawing = None            # schematic symbol: resistor, capacitor, inductor, voltage source, ...
    value_optional = False    # True: no value means something (the ideal op-amp)
    is_source = False         # an independent source: one of the circuit's inputs
    sets_voltage = False      # fixes the voltage between its nodes (KCL cannot see its current)
    decades = None            # random test values: mantissa 1.00..9.99 times 10**k, k in this range
    symbol_assumptions = {"real": True}

    def with_value(self, value):
        """Return a copy of this element with another value."""
        return replace(self, value=value)

    def own_symbol(self):
        """The symbol named after the element itself (used by the general form)."""
        return Symbol(self.name, **self.symbol_assumptions)

    def describe(self):
        """One line for people: what it is and where it sits."""
        return Message("describe_between", name=self.name, a=self.nodes[0], b=self.nodes[1])

    def conducting_pairs(self):
        """Node pairs this element ties together for DC (used to find floating nodes)."""
        return [(self.nodes[0], self.nodes[1])]

    def driven_nodes(self):
        """Nodes whose voltage this element's output sets (an op-amp's output)."""
        return ()

    @classmethod
    def check_number(cls, value, shown=None):
        """Why the number ``value`` (written ``shown``) is not a valid value for
        this element type, or None."""
        return None

    # --- the nodal equations -------------------------------------------------
    def admittance(self):
        """The element's admittance Y (current = Y * voltage), or None if it has none."""
        return None

    def impedance(self):
        """``1/Y``: the element's impedance, or None if it has no admittance."""
        y = self.admittance()
        return None if y is None else 1 / y

    def constrain(self, system):
        """Before any stamp: tell ``system`` which node this element fixes or drives."""

    def stamp(self, system):
        """Add this element's equations to ``system`` (a NodalSystem)."""
        raise NotImplementedError(f"{type(self).__name__} has no stamp")

    def current_leaving(self, node, voltages):
        """The current leaving ``node`` through this element, as a SymPy expression
        of the node ``voltages`` (a mapping), or None if KCL cannot write it
        (a voltage source's or an op-amp output's current is an unknown)."""
        return None

    def current(self, voltages):
        """The current through the element from its first node to its second."""
        return self.current_leaving(self.nodes[0], voltages)

    # --- SPICE -------------------------------------------------------------
    def spice_name(self, letter):
        """The element's name as SPICE reads it: its type is the first letter."""
        return self.name if self.name[0].lower() == letter else letter + self.name

    def spice_card(self, nodes, number, opamp_gain=None, ac=False):
        """``(SPICE element name, rest of the card)``; ``nodes`` are SPICE node
        names, ``number`` turns a value into SPICE text (raising if it is not a
        number), ``ac`` asks sources for an AC phasor equal to their value."""
        raise NotImplementedError(f"{type(self).__name__} has no SPICE card")


@dataclass(frozen=True)
class Passive(Element):
    """A two-terminal linear element known by its admittance alone.

    Its one stamp is the admittance between its nodes; KCL, Ohm's law with
    impedances, SPICE and the schematic follow from the class attributes and
    :meth:`admittance`. Subclasses set ``letter``, ``kind``, ``role``, ``unit``,
    ``drawing`` and define :meth:`admittance`.
    """

    terminals = ("a", "b")
    symbol_assumptions = {"positive": True}
    decades = (1, 5)
    drawing = "resistor"

    @classmethod
    def check_number(cls, value, shown=None):
        if value <= 0:
            return Message("must_be_positive", role=role_text(cls.role), value=shown or value)
        return None

    def stamp(self, system):
        system.admittance(self.nodes[0], self.nodes[1], self.admittance())

    def current_leaving(self, node, voltages):
        a, b = self.nodes
        if node not in (a, b):
            return None
        other = b if node == a else a
        return (voltages[node] - voltages[other]) * self.admittance()

    def spice_card(self, nodes, number, opamp_gain=None, ac=False):
        return self.spice_name(self.letter.lower()), f"{nodes[0]} {nodes[1]} {number(self.value)}"


@dataclass(frozen=True)
class Resistor(Passive):
    """A resistor; a value of exactly 0 is a short (a wire)."""

    letter = "R"
    kind = "resistor"
    role = "resistance"
    unit = "ohm"

    def admittance(self):
        return 1 / self.value

    @classmethod
    def check_number(cls, value, shown=None):
        if value < 0:
            return Message("resistance_negative", value=shown or value)
        return None

    def stamp(self, system):
        if self.value == 0:
            system.voltage_source(self, self.nodes[0], self.nodes[1], 0)
        else:
            super().stamp(system)

    def current_leaving(self, node, voltages):
        return None if self.value == 0 else super().current_leaving(node, voltages)

    def spice_card(self, nodes, number, opamp_gain=None, ac=False):
        if self.value == 0:   # SPICE rejects R = 0: a 0 V source is the same wire
            return f"v{self.name}_short", f"{nodes[0]} {nodes[1]} DC 0"
        return super().spice_card(nodes, number)


@dataclass(frozen=True)
class Capacitor(Passive):
    """A capacitor, in the Laplace domain: Y = sC, Z = 1/(sC)."""

    letter = "C"
    kind = "capacitor"
    role = "capacitance"
    unit = "farad"
    drawing = "capacitor"
    decades = (-11, -7)

    def admittance(self):
        return LAPLACE * self.value


@dataclass(frozen=True)
class Inductor(Passive):
    """An inductor, in the Laplace domain: Y = 1/(sL), Z = sL."""

    letter = "L"
    kind = "inductor"
    role = "inductance"
    unit = "henry"
    drawing = "inductor"
    decades = (-5, -2)

    def admittance(self):
        return 1 / (LAPLACE * self.value)


@dataclass(frozen=True)
class VoltageSource(Element):
    """An independent voltage source: V(plus) - V(minus) = value."""

    letter = "V"
    terminals = ("+", "-")
    kind = "voltage source"
    role = "voltage"
    unit = "volt"
    drawing = "voltage source"
    is_source = True
    sets_voltage = True
    decades = None            # random voltages: 1 mV to 2 V, either sign (derive.spice.points)

    def constrain(self, system):
        plus, minus = self.nodes
        if minus == GROUND:
            system.fix(self, plus, self.value)
        elif plus == GROUND:
            system.fix(self, minus, -self.value)

    def stamp(self, system):
        system.voltage_source(self, self.nodes[0], self.nodes[1], self.value)

    def describe(self):
        return Message("describe_voltage_source", name=self.name, minus=self.nodes[1], plus=self.nodes[0])

    def spice_card(self, nodes, number, opamp_gain=None, ac=False):
        dc = number(self.value)
        return self.spice_name("v"), f"{nodes[0]} {nodes[1]} DC {dc}" + (f" AC {dc}" if ac else "")


@dataclass(frozen=True)
class CurrentSource(Element):
    """An independent current source, SPICE's direction: ``value`` flows from
    node ``a`` through the source into node ``b`` (it leaves ``a``, enters ``b``)."""

    letter = "I"
    terminals = ("a", "b")
    kind = "current source"
    role = "current"
    unit = "ampere"
    drawing = "current source"
    is_source = True
    decades = (-9, -4)

    def stamp(self, system):
        system.current_source(self.nodes[0], self.nodes[1], self.value)

    def describe(self):
        return Message("describe_current_source", name=self.name, a=self.nodes[0], b=self.nodes[1])

    def conducting_pairs(self):
        return []   # an ideal current source conducts no DC path of its own

    def current_leaving(self, node, voltages):
        a, b = self.nodes
        return self.value if node == a else -self.value if node == b else None

    def spice_card(self, nodes, number, opamp_gain=None, ac=False):
        dc = number(self.value)
        return self.spice_name("i"), f"{nodes[0]} {nodes[1]} DC {dc}" + (f" AC {dc}" if ac else "")


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
    role = "gain"
    drawing = "op-amp"
    value_optional = True
    decades = (3, 5)
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

    @classmethod
    def check_number(cls, value, shown=None):
        if value <= 0:
            return Message("gain_not_positive", value=shown or value)
        return None

    def driven_nodes(self):
        return (self.output,)

    def constrain(self, system):
        system.drive(self.output)

    def stamp(self, system):
        if self.ideal:
            system.nullor(self, self.plus, self.minus, self.output)
        else:
            system.vcvs(self, self.plus, self.minus, self.output, self.value)

    def describe(self):
        model = Message("model_ideal") if self.ideal else Message("model_gain", gain=self.value)
        return Message("describe_opamp", name=self.name, plus=self.plus, minus=self.minus, out=self.output,
                       model=model)

    def conducting_pairs(self):
        # The output is driven against ground; the inputs draw no current.
        return [(self.output, GROUND)]

    def current_leaving(self, node, voltages):
        return S.Zero if node in (self.plus, self.minus) and node != self.output else None

    def spice_card(self, nodes, number, opamp_gain=None, ac=False):
        plus, minus, out = nodes
        gain = self.value if self.value is not None else opamp_gain
        if gain is None:   # the exact nullor: the branch equation reduces to V+ = V-
            return self.spice_name("b"), f"{out} 0 V = V({out}) + V({plus}) - V({minus})"
        return self.spice_name("e"), f"{out} 0 {plus} {minus} {number(gain)}"


def element_types(*classes):
    """``{letter: class}`` for element classes (e.g. to add one to a netlist reader).

    >>> sorted(element_types(Resistor, OpAmp))
    ['R', 'U']
    """
    return {cls.letter: cls for cls in classes}


ELEMENT_TYPES = element_types(Resistor, Capacitor, Inductor, VoltageSource, CurrentSource, OpAmp)
"""Every element type the netlist reader knows, by letter."""
