"""Topology checks run on every circuit before it is solved.

Each check raises :class:`~derive.errors.CircuitError` naming the netlist line
of the element at fault. Algebraic problems (a circuit with no unique
solution) are found by the solver, which also names a line.
"""
from ..errors import CircuitError
from ..text.messages import Message
from .elements import OpAmp
from .nodes import GROUND


def _first_line(circuit, node):
    for e in circuit.elements:
        if node in e.nodes:
            return e.line
    return None


def _check_elements(circuit):
    driven = {}
    for e in circuit.elements:
        if len(e.nodes) == 2 and e.nodes[0] == e.nodes[1]:
            raise CircuitError(Message("self_loop", element=e.name, node=e.nodes[0]), e.line)
        if isinstance(e, OpAmp):
            if e.plus == e.minus:
                raise CircuitError(Message("opamp_inputs_shorted", opamp=e.name, node=e.plus), e.line)
            if e.output == GROUND:
                raise CircuitError(Message("opamp_output_ground", opamp=e.name), e.line)
        # Nodes driven by an op-amp output.
        for node in e.driven_nodes():
            if node in driven:
                other = driven[node]
                raise CircuitError(Message("outputs_tied", element=e.name, other=other.name,
                                           other_line=other.line, node=node), e.line)
            driven[node] = e
    for e in circuit.voltage_sources:
        for node in e.nodes:
            if node in driven and node != GROUND:
                op = driven[node]
                raise CircuitError(Message("source_on_output", source=e.name, node=node, opamp=op.name,
                                           opamp_line=op.line), e.line)


def _check_ground(circuit, last_line):
    if not any(GROUND in e.nodes for e in circuit.elements):
        raise CircuitError(Message("no_ground"), last_line)


def _check_floating(circuit):
    neighbours = {}
    for e in circuit.elements:
        for a, b in e.conducting_pairs():
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
    reached, frontier = {GROUND}, [GROUND]
    while frontier:
        for nxt in neighbours.get(frontier.pop(), ()):
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    for node in circuit.nodes:
        if node not in reached:
            raise CircuitError(Message("node_floating", node=node), _first_line(circuit, node))


def _check_dangling(circuit):
    for node in circuit.nodes:
        if node in (GROUND, circuit.output):
            continue
        touching = [(e, i) for e in circuit.elements for i, n in enumerate(e.nodes) if n == node]
        if len(touching) == 1:
            e, i = touching[0]
            if node in e.driven_nodes():
                continue
            raise CircuitError(Message("node_dangling", node=node, element=e.name), e.line)


def check_circuit(circuit, output_line=None, last_line=None):
    """Raise CircuitError if the circuit is malformed; return it otherwise."""
    _check_elements(circuit)
    _check_ground(circuit, last_line)
    if circuit.output not in circuit.nodes or circuit.output == GROUND:
        raise CircuitError(Message("output_not_node", node=circuit.output), output_line or last_line)
    for source in circuit.voltage_sources:
        if circuit.output in source.nodes:
            raise CircuitError(Message("output_on_source", node=circuit.output, source=source.name,
                                       source_line=source.line), output_line or last_line)
    _check_floating(circuit)
    _check_dangling(circuit)
    return circuit
