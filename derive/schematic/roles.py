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
- *ladder*: a chain of parts from a grounded source into an op-amp input,
  whose inner nodes have only parts to ground (a divider, a source
  resistance, a bridge arm) or to that op-amp's output (Sallen-Key, MFB);
- *tee*: feedback through two parts with a part to ground at their middle
  node (a T network, a divider tap);
- *guard*: a follower whose input is the middle of a gain resistor split in
  two between the inputs of two op-amps (it drives a cable guard at the
  common-mode voltage); the two halves are one bridge with that middle node;
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
    more_series: dict = field(default_factory=dict)  # (U, pin) -> [(part, driver op-amp output node)]
    ladders: dict = field(default_factory=dict)    # (U, pin) -> Ladder
    more_ladders: dict = field(default_factory=dict)  # (U, pin) -> [Ladder] (inputs of a summing node)
    tees: dict = field(default_factory=dict)       # (U, pin) -> Ladder from the input to the output
    guards: dict = field(default_factory=dict)     # follower name -> the gain resistor's middle node


@dataclass
class Ladder:
    """A chain of parts ``parts[0]`` (at ``driver``) ... ``parts[-1]`` (at the pin).

    ``mids[i]`` is the node between ``parts[i]`` and ``parts[i + 1]``; on it hang
    ``shunts[mid]`` (parts to ground) and ``taps[mid]`` (parts to the op-amp's output).
    """

    driver: str
    parts: list
    mids: list
    shunts: dict = field(default_factory=dict)
    taps: dict = field(default_factory=dict)

    def elements(self):
        """Every part of the ladder."""
        return self.parts + [e for m in self.mids for e in self.shunts.get(m, []) + self.taps.get(m, [])]


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
    taken = _guards(r, circuit)
    resistors = [e for e in resistors if e not in taken]
    # First the roles that fix an op-amp's own drawing, then drives from
    # other op-amps, then from sources, then legs ending at a source.
    for rule in (_own, _from_opamp, _from_source, _leg_to_source):
        left = []
        for e in resistors:
            if not rule(r, e):
                left.append(e)
        resistors = left
    r.generic += _chains(r, circuit, resistors)
    return r


def _guards(r, circuit):
    """Find guard drivers: a follower on the middle node of two resistors that join
    the inputs of two other op-amps. Record each and its span; return the resistors taken.

    >>> from derive.circuit.netlist import parse_netlist
    >>> c = parse_netlist("V1 a 0 V1\\nV2 b 0 V2\\nU1 a g1 o1\\nU2 b g2 o2\\nR5 o1 g1 R\\n"
    ...                   "R6 g2 o2 R\\nRa g1 m Ra\\nRb m g2 Rb\\nU4 m d d\\nR1 o1 o2 R1\\n.output o1\\n")
    >>> r = Roles(opamps={op.name: op for op in c.opamps}, owner={"g1": ("U1", "-"), "g2": ("U2", "-"), "m": ("U4", "+")})
    >>> sorted(e.name for e in _guards(r, c)), r.guards
    (['Ra', 'Rb'], {'U4': 'm'})
    """
    taken = []
    for op in circuit.opamps:
        mid = op.plus
        if op.minus != op.output or r.owner.get(mid) != (op.name, "+"):
            continue
        at_mid = [e for e in circuit.elements if mid in e.nodes and e is not op]
        if len(at_mid) != 2 or any(e.admittance() is None or e in taken for e in at_mid):
            continue
        ends = [e.nodes[1] if e.nodes[0] == mid else e.nodes[0] for e in at_mid]
        keys = [r.owner.get(n) for n in ends]
        if None in keys or len({keys[0][0], keys[1][0], op.name}) != 3:
            continue
        span = Ladder(ends[0], list(at_mid), [mid])      # parts[0] at ends[0]
        r.bridges.append((span, keys[1], keys[0]))
        r.guards[op.name] = mid
        taken += at_mid
    return taken


def _chains(r, circuit, left):
    """Find ladders and tees among the parts ``left`` over; return what is still left."""
    busy = {n for op in circuit.opamps for n in op.nodes} | {n for s in circuit.sources for n in s.nodes}
    at = {}
    for e in circuit.elements:
        for n in e.nodes:
            at.setdefault(n, []).append(e)
    free = set(left)

    def walk(node, first, ends, tap):
        """Follow a chain from ``node`` over ``first`` to a node of ``ends``: a Ladder or None."""
        parts, mids, shunts, taps, e = [first], [], {}, {}, first
        while True:
            nxt = e.nodes[1] if e.nodes[0] == node else e.nodes[0]
            if nxt in ends:
                return Ladder(nxt, parts[::-1], mids[::-1], shunts, taps)
            if nxt in busy or nxt == GROUND or nxt in mids or len(parts) > 3:
                return None
            others = [f for f in at[nxt] if f is not e]
            if not all(f in free and f.admittance() is not None for f in others):
                return None
            sh = [f for f in others if GROUND in f.nodes]
            tp = [f for f in others if tap is not None and tap in f.nodes]
            onward = [f for f in others if f not in sh and f not in tp]
            if len(onward) != 1 or len(tp) > 1 or len(sh) > 1:   # one of each hangs from a node
                return None
            mids.append(nxt)
            shunts[nxt], taps[nxt] = sh, tp
            node, e = nxt, onward[0]
            parts.append(e)

    for node, key in r.owner.items():
        out = r.opamps[key[0]].output
        for e in [f for f in at[node] if f in free and f.admittance() is not None]:
            if e not in free:
                continue
            if key not in r.feedback and key not in r.tees:
                tee = walk(node, e, {out}, None)
                if tee is not None and len(tee.parts) > 1:
                    r.tees[key] = tee
                    free -= set(tee.elements())
                    continue
            others = {n: k for n, k in r.owner.items() if k[0] != key[0]}
            span = walk(node, e, set(others), None)
            if span is not None and len(span.parts) > 1 and not any(span.shunts.values()) and not any(
                    {key, others[span.driver]} == {ka, kb} for _, ka, kb in r.bridges):
                r.bridges.append((span, key, others[span.driver]))
                free -= set(span.elements())
                continue
            fed = r.series.get(key)
            # a part from a source already taken as the feed (Vref's R2) gives way to a ladder
            to_source = fed is not None and fed[0] is not None and fed[1] in r.terminal_sources
            summing = key in r.ladders and key in r.feedback
            if (key not in r.ladders and (fed is None or to_source)) or summing:
                ladder = walk(node, e, set(r.terminal_sources), out)
                if ladder is not None and len(ladder.parts) > 1 and summing:
                    if not any(ladder.taps.values()):
                        r.more_ladders.setdefault(key, []).append(ladder)
                        free -= set(ladder.elements())
                elif ladder is not None and len(ladder.parts) > 1:
                    if fed is not None:
                        del r.series[key]
                        _add_leg(r, key, fed[0], fed[1])
                    r.ladders[key] = ladder
                    free -= set(ladder.elements())
    return [e for e in left if e in free]


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
        if other in r.driver_op and other != r.opamps[key[0]].output:
            if _free_for_series(r, key):
                r.series[key] = (e, other)
                return True
            if r.series[key][1] != other:   # a second op-amp into the same input (summing)
                r.more_series.setdefault(key, []).append((e, other))
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


def has_junction(r, name, pin):
    """Whether input ``pin`` of op-amp ``name`` has a junction beside the op-amp
    (feedback, a tee or a gain resistor meets its lead there).

    >>> from derive.circuit.library import load_circuit
    >>> r = classify(load_circuit("inamp"))
    >>> has_junction(r, "U1", "-"), has_junction(r, "U1", "+")
    (True, False)
    """
    key = (name, pin)
    return (key in r.feedback or key in r.tees
            or any(key in (ka, kb) for _, ka, kb in r.bridges))


def hangs_from_junction(r, name, pin):
    """Feedback and one resistor to ground on this input, nothing else beside them.

    >>> from derive.circuit.library import load_circuit
    >>> hangs_from_junction(classify(load_circuit("noninverting")), "U1", "-")
    True
    """
    key = (name, pin)
    return (key in r.feedback and r.legs.get(key, (None, None))[1] == GROUND
            and not r.more_legs.get(key) and not r.parallel.get(key)
            and not r.more_ladders.get(key)
            and not any(key in (ka, kb) for _, ka, kb in r.bridges))
