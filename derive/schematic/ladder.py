"""Resistor ladders fed by an input terminal: dividers and the like, drawn as in a book.

From a grounded source's terminal the ladder walks along its node: resistors
to ground hang from the node, one resistor to a new node continues the rail
to the right, and the walk goes on from there. The output terminal closes the
rail when the walk ends on the output node. What the walk does not take is
left to the fallback row and the router.

>>> from derive.circuit import parse_netlist
>>> from derive.schematic.layout import layout_circuit
>>> lay = layout_circuit(parse_netlist("V1 in 0 Vin\\nR1 in out Ra\\nR2 out 0 Rb"))
>>> [(p.element, p.start, p.end) for p in lay.parts]
[('R1', (1.0, 0.0), (4.0, 0.0)), ('R2', (4.0, 0.0), (4.0, -2.0))]
"""
from ..circuit.nodes import GROUND

SERIES = 3.0      # length of a resistor along the rail
SHUNT = 2.0       # length of a resistor hanging to ground
SHUNT_STEP = 1.5  # distance between resistors hanging from one node
LEAD = 1.0        # terminal to the first node
ROW_GAP = 4.0     # between two ladders


def _other(e, node):
    a, b = e.nodes
    return b if a == node else a


def place_ladders(place, items, sources, output_done):
    """Draw ladders with ``place`` (a layout in progress); return what is left.

    Returns ``(items, sources, output_done)`` still to be drawn by the fallback.
    """
    box = place.router.bbox()
    x0, y = (box[0], box[1] - 3.5) if box else (0.0, 0.0)
    left, unused, placed = list(items), [], set()
    for src in sources:
        node = src.nodes[0]
        if node in placed or not any(node in e.nodes for e in left if e.admittance() is not None):
            unused.append(src)
            continue
        place.terminal(src, (x0, y), "left")
        x = x0 + LEAD
        place.wire(node, (x0, y), (x, y))
        while True:
            placed.add(node)
            shunts = [e for e in left if e.admittance() is not None and set(e.nodes) == {node, GROUND}]
            for k, e in enumerate(shunts):
                if k:
                    place.wire(node, (x, y), (x + SHUNT_STEP, y))
                    x += SHUNT_STEP
                place.part(e, (x, y), (x, y - SHUNT), (node, GROUND), "right")
                place.ground((x, y - SHUNT))
                left.remove(e)
            onward = [e for e in left if e.admittance() is not None and node in e.nodes
                      and _other(e, node) not in placed | {GROUND}]
            if not onward:
                break
            e = onward[0]
            nxt = _other(e, node)
            start = (x + (1.0 if shunts else 0.0), y)
            if shunts:
                place.wire(node, (x, y), start)
            place.part(e, start, (start[0] + SERIES, y), (node, nxt), "above")
            left.remove(e)
            node, x = nxt, start[0] + SERIES
        if node == place.c.output and not output_done:
            place.wire(node, (x, y), (x + 1.25, y))
            place.output_terminal((x + 1.25, y), "right")
            output_done = True
        y -= ROW_GAP
    return left, unused, output_done
