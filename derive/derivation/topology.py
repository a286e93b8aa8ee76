"""Reading a circuit's structure: stages, virtual shorts, series branches.

These helpers find *where* a textbook rule applies; the values always come
from solving (a stage's own small circuit, or Ohm's law on a branch).

>>> from derive.circuit.library import load_circuit
>>> c = load_circuit("inamp")
>>> [r.name for r in series_chain(c, c.element("RG"))[1]]
['R5', 'RG', 'R6']
"""
from sympy import S

from ..circuit.circuit import Circuit
from ..circuit.elements import VoltageSource
from ..circuit.nodes import GROUND
from ..solver import solve


def passives_at(circuit, node):
    """``[(element, other node), ...]`` for every passive (R, C, L) touching ``node``."""
    out = []
    for r in circuit.passives:
        a, b = r.nodes
        if a == node:
            out.append((r, b))
        elif b == node:
            out.append((r, a))
    return out


def source_nodes(circuit):
    """``{node: value}`` for nodes a grounded source fixes (ground is 0)."""
    fixed = {GROUND: S.Zero}
    for e in circuit.voltage_sources:
        plus, minus = e.nodes
        if minus == GROUND:
            fixed.setdefault(plus, e.value)
        elif plus == GROUND:
            fixed.setdefault(minus, -e.value)
    return fixed


def driver(circuit, node):
    """The op-amp whose output is ``node``, or None."""
    for op in circuit.opamps:
        if op.output == node:
            return op
    return None


def is_current_node(circuit, node):
    """True if only passives and op-amp inputs meet at ``node`` (KCL over admittances)."""
    for e in circuit.elements_at(node):
        if e.is_source or node in e.driven_nodes():
            return False
    return node != GROUND


def series_chain(circuit, resistor):
    """The series branch through ``resistor``: ``(nodes, passives)`` end to end.

    The branch extends through nodes where exactly two passives meet and
    nothing else draws current (op-amp inputs draw none), so one current flows
    through all of it.
    """
    nodes = list(resistor.nodes)
    chain = [resistor]
    for end in (0, -1):
        while True:
            node = nodes[end]
            if not is_current_node(circuit, node):
                break
            rs = [(r, o) for r, o in passives_at(circuit, node) if r not in chain]
            if len(rs) != 1 or len(passives_at(circuit, node)) != 2:
                break
            r, other = rs[0]
            if end == 0:
                nodes.insert(0, other)
                chain.insert(0, r)
            else:
                nodes.append(other)
                chain.append(r)
    return nodes, chain


def held_nodes(circuit, opamp=None):
    """Nodes whose voltage something other than ``opamp`` sets: grounded sources,
    ground, other op-amps' outputs, and the inverting inputs that other ideal
    op-amps hold by virtual short to a source or ground.
    """
    sources = source_nodes(circuit)
    held = set(sources)
    for op in circuit.opamps:
        if op is opamp:
            continue
        held.add(op.output)
        if op.ideal and op.plus in sources and op.minus != op.output:
            held.add(op.minus)
    return held


def _stage_nodes(circuit, opamp):
    """``(inner nodes, ports)`` of an op-amp's stage.

    Inner nodes are the op-amp's inputs unless something else fixes them (a
    grounded source, ground, another op-amp's output): a fixed input is a port.
    The stage's elements are the passives and current sources touching an inner
    node (:func:`_stage_elements`); ports are their far ends (other than the
    op-amp's own output) plus the fixed inputs.
    """
    fixed = held_nodes(circuit, opamp)
    inner = [n for n in (opamp.plus, opamp.minus) if n not in fixed and n != opamp.output]
    ports = [n for n in (opamp.plus, opamp.minus) if n in fixed]
    for e in _stage_elements(circuit, inner):
        for other in e.nodes:
            if other not in inner and other != opamp.output and other not in ports:
                ports.append(other)
    return inner, ports


def _stage_elements(circuit, inner):
    """The elements that carry the stage's KCL at its ``inner`` nodes: passives and
    current sources (a voltage source or an output there makes the node held)."""
    return [e for e in circuit.elements if set(inner) & set(e.nodes)
            and (e.admittance() is not None or e.is_source and not e.sets_voltage)]


def stage_ports(circuit, opamp):
    """Nodes outside an op-amp's stage that drive it (see :func:`_stage_nodes`)."""
    return _stage_nodes(circuit, opamp)[1]


def stage_output(circuit, opamp, port_values):
    """Solve one op-amp stage with its ports held at ``port_values``.

    Returns the op-amp's output voltage as an expression of the port values,
    e.g. the difference stage in terms of V11 and V12.
    """
    inner, _ = _stage_nodes(circuit, opamp)
    elements = _stage_elements(circuit, inner)
    elements.append(opamp)
    for i, node in enumerate(port for port in port_values if port != GROUND):
        elements.append(VoltageSource(f"Vport{i}", (node, GROUND), S(port_values[node])))
    local = Circuit(name="stage", title="stage", elements=tuple(elements), output=opamp.output)
    return solve(local).output


def classify_stage(circuit, opamp, port_values):
    """The textbook name of an op-amp stage given which ports carry a signal.

    One of ``follower``, ``noninverting_stage``, ``inverting_stage``,
    ``difference_stage``, ``summing_stage``, ``transimpedance_stage`` (a current
    source into the inverting input) or ``stage`` (anything else).
    """
    if opamp.minus == opamp.output and not passives_at(circuit, opamp.plus):
        return "follower"
    live = {p for p, v in port_values.items() if v != 0}
    plus_side = _side_ports(circuit, opamp, opamp.plus) & live
    minus_side = _side_ports(circuit, opamp, opamp.minus) & live
    if plus_side and minus_side:
        return "difference_stage"
    if not plus_side and not minus_side and any(
            e.is_source and not e.sets_voltage and e.value != 0 and opamp.minus in e.nodes
            for e in circuit.elements):
        return "transimpedance_stage"   # a current source into the inverting input
    if plus_side and not minus_side:
        return "noninverting_stage"
    if minus_side and not plus_side:
        return "inverting_stage" if len(minus_side) == 1 else "summing_stage"
    return "stage"


def _side_ports(circuit, opamp, node):
    inner, ports = _stage_nodes(circuit, opamp)
    if node not in inner:
        return {node}
    return {o for _, o in passives_at(circuit, node) if o in ports}
