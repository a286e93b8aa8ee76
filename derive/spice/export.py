"""Write a circuit with numeric values as a SPICE deck that ngspice runs.

Each element writes its own card (:meth:`~derive.circuit.elements.Element.spice_card`);
they map one to one:

* resistor ``R`` -> SPICE resistor (a value of exactly 0 becomes a 0 V source,
  because SPICE rejects a zero resistance);
* capacitor ``C``, inductor ``L`` -> SPICE capacitor and inductor;
* voltage source ``V`` -> DC voltage source, current source ``I`` -> DC
  current source (same direction: from its first node through it to its second);
* ideal op-amp -> by default an exact *nullor*: a behavioural source
  ``B`` whose branch equation ``V(out) = V(out) + V(+) - V(-)`` reduces to the
  virtual short ``V(+) = V(-)`` while its output current is whatever the
  circuit needs -- the ideal op-amp itself, with no large gain and no model
  error. With ``opamp_gain=A`` it is instead a VCVS ``E`` of open-loop gain A,
  the classic very-high-gain stand-in (its error is about noise gain / A);
* finite-gain op-amp (``value`` A) -> VCVS ``E`` of gain A.

SPICE names are case-insensitive, so node and element names are lowered and,
only if two would collide, given a suffix; :class:`SpiceDeck` keeps the map.

>>> from derive.circuit import parse_netlist
>>> c = parse_netlist("V1 in 0 1\\nR1 in m 1k\\nR2 m out 10k\\nU1 0 m out\\n.output out")
>>> print(spice_deck(c).text, end="")
* netlist
* exported by derive; run it with: ngspice -b FILE
v1 in 0 DC 1
r1 in m 1000
r2 m out 10000
bu1 out 0 V = V(out) + V(0) - V(m)
.op
.end
"""
from dataclasses import dataclass

from sympy import Float, Integer, Rational

from ..circuit.nodes import GROUND
from ..errors import DeriveError
from ..text import circuit_title, ui
from ..text.messages import Message
from ..notation.decimals import exact_decimal
from ..text.escape import spice_comment

MAX_DECIMALS = 40


class SpiceExportError(DeriveError):
    """A circuit that cannot be written as a SPICE deck (e.g. symbols left without values)."""


@dataclass(frozen=True)
class SpiceDeck:
    """A SPICE deck and the names it gave to the circuit's nodes and elements.

    ``nodes`` maps each node of the circuit to its SPICE name (ground is ``0``);
    ``elements`` maps each element name to the SPICE element(s) written for it.
    """

    text: str
    nodes: dict
    elements: dict
    opamp_model: str

    def spice_node(self, node):
        """The SPICE name of ``node``."""
        return self.nodes[node]


def spice_number(value):
    """A SPICE number for an exact SymPy number, exact whenever a decimal can be.

    Rationals whose denominator has only the factors 2 and 5 are written as
    exact decimals; other rationals as the nearest double, in the shortest
    form that reads back to it.

    >>> spice_number(Rational(4700000)), spice_number(Rational(-1234, 1000)), spice_number(Rational(1, 3))
    ('4700000', '-1.234', '0.3333333333333333')
    """
    value = _as_number(value)
    if isinstance(value, Integer):
        return str(int(value))
    if isinstance(value, Rational):
        text = exact_decimal(value, MAX_DECIMALS)
        if text is not None and len(text.replace("-", "").replace(".", "")) <= MAX_DECIMALS:
            return text
    return repr(float(value))


def _as_number(value):
    if isinstance(value, (Integer, Rational)):
        return value
    if isinstance(value, int):
        return Integer(value)
    if isinstance(value, float):
        return Rational(repr(value))  # the decimal the user wrote, 0.1 -> 1/10
    if isinstance(value, Float):
        return Rational(value)
    if getattr(value, "is_number", False) and value.is_real:
        return Rational(Float(value, 20))
    raise SpiceExportError(Message("spice_not_number", value=value))


class _Names:
    """Case-insensitive unique SPICE names, as SPICE wants them."""

    def __init__(self):
        self.used = {GROUND, "gnd"}     # ngspice reads any spelling of gnd as ground

    def take(self, wanted):
        base = wanted.lower()
        name, k = base, 2
        while name in self.used:
            name, k = f"{base}_{k}", k + 1
        self.used.add(name)
        return name


def spice_deck(circuit, *, opamp_gain=None, control=None, title=None, ac=False, notes=(), lang="en"):
    """The SPICE deck of ``circuit``, whose values must all be numbers.

    ``ac``: every source also gets an AC phasor equal to its value (phase 0),
    so that an ``.ac`` analysis computes the node voltages of the Laplace-domain
    solution at s = j*2*pi*f.

    ``opamp_gain``: None models ideal op-amps as exact nullors; a number models
    them as VCVS of that open-loop gain. ``control``: lines for a ``.control``
    block to use instead of the plain ``.op`` card (the verifier asks for
    full-precision printing this way). Raises :class:`SpiceExportError` naming
    the symbols still without a value. ``notes``: sentences written as comment
    cards under the heading (what the deck models of the netlist's ``.opamp``
    lines, and what it cannot); ``lang`` the language of the comment cards.
    """
    missing = list(circuit.symbols)
    if missing:
        names = ", ".join(s.name for s in missing)
        example = ", ".join(f"{s.name}=1k" if s.is_positive else f"{s.name}=1" for s in missing[:3])
        raise SpiceExportError(Message("spice_symbols_left", circuit=circuit.name, names=names, example=example))
    node_names = _Names()
    nodes = {GROUND: GROUND}
    for n in circuit.nodes:
        if n != GROUND:
            nodes[n] = node_names.take(n)
    element_names = _Names()
    lines = [f"* {spice_comment(title or circuit_title(circuit, lang) or circuit.name)}"]
    lines.append(f"* {spice_comment(ui('spice_exported', lang))}")
    lines += [f"* {spice_comment(note)}" for note in notes]
    renamed = [f"{n}->{s}" for n, s in nodes.items() if n != s]
    if renamed:
        lines.append(f"* {spice_comment(ui('spice_node_names', lang, names=', '.join(renamed)))}")
    elements = {}
    cards = []
    for e in circuit.elements:
        card, spice_name = _card(e, nodes, element_names, opamp_gain, ac)
        elements[e.name] = spice_name
        cards.append(card)
    lines += cards
    if ac:   # a linear circuit needs no operating point (an integrator has none at DC)
        lines.append(".options noopac")
    if control:
        lines += [".control", *control, ".endc"]
    else:
        lines.append(".op")
    lines.append(".end")
    model = "nullor" if opamp_gain is None else f"vcvs gain {spice_number(_as_number(opamp_gain))}"
    return SpiceDeck("\n".join(lines) + "\n", nodes, elements, model)


def _card(e, nodes, names, opamp_gain, ac=False):
    if e.value is not None:
        problem = e.check_number(_as_number(e.value))
        if problem:
            raise SpiceExportError(Message("spice_cannot_simulate", element=e.name, problem=problem))
    wanted, body = e.spice_card([nodes[x] for x in e.nodes], spice_number, opamp_gain, ac)
    name = names.take(wanted)
    return f"{name} {body}", name
