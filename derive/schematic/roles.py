"""What each element does around the op-amps, read from the topology alone.

The layout draws an element according to its role:

- *feedback*: between an op-amp input and that op-amp's output (above or
  below the op-amp); a wire when the input is the output node (follower);
- *leg*: from an op-amp input to ground, or to a grounded source (Vref); more
  legs on one input (the inputs of a summing amplifier) stack beside the first;
- *series*: into an op-amp input from a driver, the output of another op-amp
  or a grounded source (drawn as an input terminal); a wire when the input is
  the driver's node itself;
- *bridge*: between the inputs of two op-amps (RG of an in-amp);
- *generic*: anything else, drawn below and wired by the fallback router.

>>> from derive.circuit.library import load_circuit
>>> r = classify(load_circuit("inamp"))
>>> sorted(e.name for e, *_ in r.bridges), r.feedback[("U1", "-")].name
(['RG'], 'R5')
"""
from dataclasses import dataclass, field

from ..circuit.nodes import GROUND
from ..circuit.elements import OpAmp

PINS = ("+", "-")


@dataclass
class Roles:
    """The role of every element; keys ``(op-amp name, pin)``."""

    opamps: dict                                   # name -> OpAmp
    owner: dict = field(default_factory=dict)      # input node -> (U, pin) drawing its lead
    extra_pins: list = field(default_factory=list)  # (U, pin) on a node another pin owns
    grounded_pins: list = field(default_factory=list)
    feedback: dict = field(default_factory=dict)   # (U, pin) -> Resistor or None (a wire)
    parallel: dict = field(default_factory=dict)   # (U, pin) -> [more feedback elements] (Rf || Cf)
    legs: dict = field(default_factory=dict)       # (U, pin) -> (Resistor, far node)
    more_legs: dict = field(default_factory=dict)  # (U, pin) -> [(Resistor, far node), ...]
    series: dict = field(default_factory=dict)     # (U, pin) -> (Resistor or None, driver node)
    bridges: list = field(default_factory=list)    # (Resistor, (U, pin), (U, pin))
    generic: list = field(default_factory=list)    # elements drawn by the fallback
    terminal_sources: dict = field(default_factory=dict)  # node -> grounded VoltageSource
    driver_op: dict = field(default_factory=dict)  # node -> op-amp name whose output it is


def classify(circuit):
    """The :class:`Roles` of a circuit's elements."""
    ops = {op.name: op for op in circuit.opamps}
    r = Roles(opamps=ops)
    r.driver_op = {op.output: op.name for op in circuit.opamps}
    for src in circuit.sources:
        plus, minus = src.nodes
        if (src.sets_voltage and minus == GROUND and plus != GROUND
                and plus not in r.terminal_sources):
            r.terminal_sources[plus] = src
        elif src.sets_voltage:   # current sources are placed with the passives below
            r.generic.append(src)
    for op in circuit.opamps:
        for pin, node in zip(PINS, op.nodes):
            key = (op.name, pin)
            if node == GROUND:
                r.grounded_pins.append(key)
            elif node == op.output:
                r.feedback[key] = None
            elif node in r.terminal_sources or node in r.driver_op:
                r.series[key] = (None, node)
            elif node in r.owner:
                r.extra_pins.append(key)
            else:
                r.owner[node] = key
    # two-terminal parts placed by role: passives, and current sources (a photodiode
    # into a virtual ground hangs from the input like a resistor)
    resistors = [e for e in circuit.elements
                 if e.admittance() is not None or (e.is_source and not e.sets_voltage)]
    # First the roles that fix an op-amp's own drawing, then drives from
    # other op-amps, then from sources, then legs ending at a source.
    for rule in (_own, _from_opamp, _from_source, _leg_to_source):
        left = []
        for e in resistors:
            if not rule(r, e):
                left.append(e)
        resistors = left
    r.generic += resistors
    return r


def _ends(r, e):
    """(owned input key, that node, the other node) for each end on an owned input."""
    a, b = e.nodes
    return [(r.owner[n], n, other) for n, other in ((a, b), (b, a)) if n in r.owner]


def _own(r, e):
    for key, _, other in _ends(r, e):
        op = r.opamps[key[0]]
        if other == op.output and key not in r.feedback:
            r.feedback[key] = e
            return True
        if other == op.output and r.feedback[key] is not None:   # in parallel with the feedback
            r.parallel.setdefault(key, []).append(e)
            return True
        if other == GROUND:
            _add_leg(r, key, e, GROUND)
            return True
    ends = _ends(r, e)
    if len(ends) == 2 and ends[0][0][0] != ends[1][0][0]:
        r.bridges.append((e, ends[0][0], ends[1][0]))
        return True
    return False


def _free_for_series(r, key):
    return key not in r.series


def _from_opamp(r, e):
    for key, _, other in _ends(r, e):
        if other in r.driver_op and other != r.opamps[key[0]].output and _free_for_series(r, key):
            r.series[key] = (e, other)
            return True
    return False


def _from_source(r, e):
    for key, _, other in _ends(r, e):
        if other in r.terminal_sources and _free_for_series(r, key):
            r.series[key] = (e, other)
            return True
    return False


def _leg_to_source(r, e):
    for key, _, other in _ends(r, e):
        if other in r.terminal_sources:
            _add_leg(r, key, e, other)
            return True
    return False


def _add_leg(r, key, e, far):
    if key in r.legs:
        r.more_legs.setdefault(key, []).append((e, far))
    else:
        r.legs[key] = (e, far)


def opamp_order(circuit):
    """Op-amp names in netlist order."""
    return [e.name for e in circuit.elements if isinstance(e, OpAmp)]
