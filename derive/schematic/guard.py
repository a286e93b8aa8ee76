"""A guard driver: the follower on the middle of an in-amp's split gain resistor.

The two halves of the gain resistor run down between the stacked input
op-amps as usual; the follower stands to the left of them, its (+) junction
level with the middle node, so one straight wire joins them over the
follower. Its output feeds back to (-) below it and its loads hang from the
output wire. When the halves are not drawn as one vertical span (op-amps in
different columns), the follower is left without that wire: the drawing is
not faithful and the layout falls back to the router.

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
from .dims import FB, XJ

AWAY = 6.0    # the follower's centre this far left of the span: its loads and labels fit between


def followers(place):
    """The guard followers, which stand beside a pair instead of in a column."""
    return set(place.r.guards)


def place_guards(place):
    """Put each guard follower left of its span, (+) on top, its junction level with the middle."""
    for name, mid in place.r.guards.items():
        span = next(((ka, kb) for e, ka, kb in place.r.bridges if mid in getattr(e, "mids", ())), None)
        place.flip[name] = True
        (a, pa), (b, pb) = span
        if a in place.pos and b in place.pos:
            ja, jb = place.junction(a, pa), place.junction(b, pb)
            x, y = min(ja[0], jb[0]) - AWAY, (ja[1] + jb[1]) / 2 - FB
        else:
            x, y = 0.0, 0.0
        place.pos[name] = (x, y)


def draw_guards(place):
    """The wire from the span's middle node to the follower's (+) lead, over the follower."""
    for name, mid in place.r.guards.items():
        point = next((q for part in place.parts for q, node in zip((part.start, part.end), part.nodes)
                      if node == mid), None)
        x, y = place.pos[name]
        corner = place.pin_point(name, "+")
        if point is None or abs(point[1] - (y + FB)) > 1e-6 or point[0] < x:
            continue        # not drawn as a vertical span: the check sends it to the router
        place.wire(mid, (x - XJ, corner[1]), (x - XJ, y + FB), point)
