"""A guard driver: the follower on the middle of an in-amp's split gain resistor.

The two halves of the gain resistor run down between the stacked input
op-amps as usual; the follower stands to the left of them, its (+) junction
level with the middle node, so one straight wire joins them over the
follower. Its output feeds back to (-) below it and its loads hang from the
output wire. When the halves run across between two columns (a two-op-amp
in-amp), the follower stands beyond them (above a span over the op-amps,
below one under them) with its (+) lead right over the middle node: one
straight wire again. Drawn any other way, the follower is left without that
wire, the drawing is not faithful and the layout falls back to the router.

>>> from derive.circuit.netlist import parse_netlist
>>> from derive.schematic.layout import layout_circuit
>>> c = parse_netlist("V1 a 0 V1\\nV2 b 0 V2\\nU1 a g1 o1\\nU2 b g2 o2\\nR5 o1 g1 R5\\nR6 g2 o2 R6\\n"
...                   "Ra g1 m Ra\\nRb m g2 Rb\\nU4 m d d\\nRd d 0 Rd\\nR1 o1 p R1\\nR2 p 0 R2\\n"
...                   "R3 o2 n R3\\nR4 n out R4\\nU3 p n out\\n")
>>> lay = layout_circuit(c)
>>> ops = {op.element: op for op in lay.opamps}
>>> ops["U4"].center[0] < ops["U1"].center[0], ops["U4"].pins["+"][1] < ops["U1"].center[1]
(True, True)
>>> lay.bbox()[1] > min(op.center[1] for op in lay.opamps) - 3     # no router's row below
True
"""
from .dims import BRIDGE_UP, FB, XJ

AWAY = 6.0    # the follower's centre this far left of a vertical span: its loads and labels fit between
BEYOND = 3.5  # the follower's centre this far beyond a horizontal span: its load's ground clears it


def followers(place):
    """The guard followers, which stand beside a pair instead of in a column."""
    return set(place.r.guards)


def place_guards(place):
    """Put each guard follower beside its span, (+) lead towards the middle node."""
    for name, mid in place.r.guards.items():
        (a, pa), (b, pb) = next((ka, kb) for e, ka, kb in place.r.bridges if mid in getattr(e, "mids", ()))
        place.flip[name], place.pos[name] = True, (0.0, 0.0)
        if a not in place.pos or b not in place.pos:
            continue
        ja, jb = place.junction(a, pa), place.junction(b, pb)
        sa, sb = place.side(a, pa), place.side(b, pb)
        if ja[0] == jb[0] and sa == -sb:        # a vertical span between a stacked pair
            place.pos[name] = (ja[0] - AWAY, (ja[1] + jb[1]) / 2 - FB)
        elif sa == sb and ja[0] != jb[0]:       # across between two columns, as pins.draw_bridges
            level = (max if sa > 0 else min)(ja[1], jb[1]) + sa * BRIDGE_UP
            place.flip[name] = sa < 0           # (+) at the side facing the span
            place.pos[name] = ((ja[0] + jb[0]) / 2 + XJ, level + sa * BEYOND)


def draw_guards(place):
    """The wire from the span's middle node to the follower's (+) lead."""
    for name, mid in place.r.guards.items():
        point = next((q for part in place.parts for q, node in zip((part.start, part.end), part.nodes)
                      if node == mid), None)
        x, y = place.pos[name]
        corner = (x - XJ, place.pin_point(name, "+")[1])
        if point is None:
            continue
        if abs(point[0] - corner[0]) < 1e-6:                      # right under (or over) the lead
            place.wire(mid, corner, point)
        elif abs(point[1] - (y + FB)) < 1e-6 and point[0] > x:    # level with the (+) junction
            place.wire(mid, corner, (x - XJ, y + FB), point)
        # else: not where the follower stands: the check sends the circuit to the router
