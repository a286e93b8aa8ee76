"""What fits no pattern: a row of parts below the drawing, wired by the router.

Every two-terminal element left over (and every source not drawn as a
terminal) stands in a row below the drawing; each net gets a track of its own
between the drawing and the row, and the router joins the pieces of every net
to its track without touching another net.

>>> from derive.circuit.library import load_circuit
>>> from derive.schematic.layout import layout_circuit
>>> lay = layout_circuit(load_circuit("inamp"), patterns=False)
>>> sorted(p.element for p in lay.parts if p.start[1] == min(q.start[1] for q in lay.parts))
['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'RG']
"""
from ..circuit.nodes import GROUND
from .ladder import place_ladders


def draw_generic(place, output_done):
    sources = [s for s in place.r.terminal_sources.values() if s.name not in place.used_sources]
    items = [e for e in place.generic if e.name not in place.used_sources]
    if sources and items and place.structured:
        items, sources, output_done = place_ladders(place, items, sources, output_done)
    nets = {n for e in items for n in e.nodes} | {s.nodes[0] for s in sources}
    if not output_done:
        nets.add(place.c.output)
    if not (items or sources or not output_done) and not place.router.split_nets():
        return
    xmin, ymin, _, _ = place.router.bbox() or (0.0, 0.0, 0.0, 0.0)
    tracks = sorted((set(place.router.split_nets()) | nets) - {GROUND}, key=str)
    track_y = {n: ymin - 1.5 - 0.6 * i for i, n in enumerate(tracks)}
    row = ymin - 1.5 - 0.6 * len(tracks) - 1.2
    x = xmin
    for src in sources:
        place.terminal(src, (x, row), "below")
        x += 2.0
    for e in items:
        place.part(e, (x, row), (x + 2.5, row), e.nodes, "below")
        for node, p in zip(e.nodes, ((x, row), (x + 2.5, row))):
            if node == GROUND:
                place.ground(p)
        x += 4.0
    if not output_done:
        place.output_terminal((x, row), "below")
    for net in tracks:
        place.router.connect(net, track_y[net])
