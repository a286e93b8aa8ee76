"""What hangs on the op-amps' pins: input leads, feedback, legs to ground,
series parts from a driver, gain resistors between two inputs, loads and
output resistors on an output, and the output terminal.

>>> from derive.circuit.library import load_circuit
>>> from derive.schematic.layout import layout_circuit
>>> sorted((p.element, p.side) for p in layout_circuit(load_circuit("inverting")).parts)
[('Rf', 'above'), ('Rin', 'above')]
"""
from ..circuit.nodes import GROUND
from . import chains
from .dims import BRIDGE_UP, HANG, LOAD, OUT, PART, PIN_Y, SIDE_LEG, STACKED, TERM, XJ, XO

OUTPUT_LEAD = 1.5     # the lead from an op-amp's output wire down (or up) to the output terminal
from .geometry import OpAmpBlock, snap
from .labels import name_label
from .roles import PINS, has_junction, hangs_from_junction


def draw_opamps(place):
    for n in place.order:
        op = place.ops[n]
        pins = {p: snap(place.pin_point(n, p)) for p in ("+", "-", "out")}
        nodes = {"+": op.plus, "-": op.minus, "out": op.output}
        place.blocks.append(OpAmpBlock(n, snap(place.pos[n]), place.flip[n], pins, nodes, name_label(n)))
        for p in pins:
            place.router.add_contact(nodes[p], pins[p])
        x, y = place.pos[n]
        place.router.add_box((x - 1.2, y - 1.0), (x + 1.2, y + 1.0))
        place.wire(op.output, pins["out"], (x + XO, y))


def lead(place, name, pin, node, to_junction=False):
    x, y = place.pos[name]
    p = place.pin_point(name, pin)
    corner = (x - XJ, p[1])
    place.wire(node, p, corner)
    if to_junction:
        place.wire(node, corner, place.junction(name, pin))
    return corner


def draw_pins(place):
    bridged = {k for _, ka, kb in place.r.bridges for k in (ka, kb)}
    for n in place.order:
        op = place.ops[n]
        for pin, node in zip(PINS, op.nodes):
            key = (n, pin)
            if key in place.r.grounded_pins:
                place.ground(lead(place, n, pin, node))
                continue
            fb = key in place.r.feedback
            lead(place, n, pin, node, to_junction=fb or key in bridged or key in place.r.tees)
            if fb:
                draw_feedback(place, n, pin, node)
            if key in place.r.tees:
                chains.draw_tee(place, n, pin, node)
            if key in place.r.legs:
                draw_leg(place, n, pin, node, has_junction=has_junction(place.r, n, pin))
            if key in place.r.series:
                draw_series(place, n, pin, node)
            if key in place.r.ladders:
                chains.draw_ladder(place, n, pin, node)
            chains.draw_more_ladders(place, n, pin, node)
            chains.draw_more_series(place, n, pin, node)


def draw_feedback(place, n, pin, node):
    x, y = place.pos[n]
    j = place.junction(n, pin)
    end = (x + XO, j[1])
    e = place.r.feedback[(n, pin)]
    if e is None:
        place.wire(node, j, end)
    else:
        place.part(e, j, end, (node, place.ops[n].output), "above" if j[1] > y else "below")
    place.wire(place.ops[n].output, end, (x + XO, y))
    s = 1 if j[1] > y else -1   # elements in parallel with it stack further out (Rf || Cf)
    for k, other in enumerate(place.r.parallel.get((n, pin), ()), start=1):
        level = j[1] + s * STACKED * k
        place.wire(node, (j[0], level - s * STACKED), (j[0], level))
        place.wire(place.ops[n].output, (end[0], level - s * STACKED), (end[0], level))
        place.part(other, (j[0], level), (end[0], level), (node, place.ops[n].output),
                  "above" if s > 0 else "below")


def far_end(place, far, p, facing):
    if far == GROUND:
        place.ground(p)
    elif far in place.r.terminal_sources and place.r.terminal_sources[far].name not in place.used_sources:
        place.terminal(place.r.terminal_sources[far], p, facing)


def draw_leg(place, n, pin, node, has_junction):
    e, far = place.r.legs[(n, pin)]
    x, y = place.pos[n]
    s = place.side(n, pin)
    if has_junction and s < 0 and hangs_from_junction(place.r, n, pin):   # below the feedback
        j = place.junction(n, pin)
        bottom = (j[0], j[1] - HANG)
        place.part(e, j, bottom, (node, far), "right")
        place.ground(bottom)
        return
    if has_junction:                     # beside the feedback junction, to the left
        j = place.junction(n, pin)
        start = (j[0] - SIDE_LEG, j[1])
        place.part(e, start, j, (far, node), "above" if s > 0 else "below")
        far_end(place, far, start, "left")
        for k, (e, far) in enumerate(place.r.more_legs.get((n, pin), ()), start=1):
            level = j[1] + s * STACKED * k
            place.wire(node, (j[0], level - s * STACKED), (j[0], level))
            place.part(e, (j[0] - SIDE_LEG, level), (j[0], level), (far, node),
                      "above" if s > 0 else "below")
            far_end(place, far, (j[0] - SIDE_LEG, level), "left")
        return
    place.generic += [e for e, _ in place.r.more_legs.get((n, pin), ())]
    if chains.leg_on_rail(place, n, pin):   # a divider's tap: hanging from the rail
        top = (chains.rail_end(place, n, pin), y + PIN_Y)
        place.part(e, top, (top[0], top[1] - HANG), (node, far), "left")
        far_end(place, far, (top[0], top[1] - HANG), "below")
    elif s < 0:                          # hanging from the input lead
        top = (x - XJ, y - PIN_Y)
        bottom = (top[0], top[1] - HANG)
        place.part(e, top, bottom, (node, far), "right")
        far_end(place, far, bottom, "below")
    else:                                # over the op-amp, to the right
        j = place.junction(n, pin)
        place.wire(node, (x - XJ, y + PIN_Y), j)
        end = (x + 0.75, j[1])
        place.part(e, j, end, (node, far), "above")
        far_end(place, far, end, "right")


def draw_series(place, n, pin, node):
    e, drv_node = place.r.series[(n, pin)]
    x, y = place.pos[n]
    end = (chains.rail_end(place, n, pin), place.pin_point(n, pin)[1])
    more = max(len(place.r.more_series.get((n, p), ())) for p in PINS)
    if more:    # room for other drivers' wires to rise to a rail (crossing wire, not part)
        end = (x - XJ - 0.75 * (more + 1), end[1])
    if end[0] != x - XJ:
        place.wire(node, end, (x - XJ, end[1]))
    s = place.side(n, pin)
    side = "above" if s > 0 else "below"
    drv = place.r.driver_op.get(drv_node)
    src = place.r.terminal_sources.get(drv_node)
    if drv is not None and place.depth[drv] == place.depth[n] - 1:
        dx, dy = place.pos[drv]
        start = (dx + XO, end[1])
        place.wire(drv_node, (dx + XO, dy), start)
    elif src is not None and src.name not in place.used_sources:
        start = (end[0] - (PART if e is not None else TERM), end[1])
        if e is not None:
            place.terminal(src, (start[0] - 0.75, start[1]), "left")
            place.wire(drv_node, (start[0] - 0.75, start[1]), start)
        else:
            place.terminal(src, start, "left")
    else:
        start = (end[0] - PART, end[1])
        if drv is not None and place.structured:
            place.returns.append((drv_node, start, drv))
    if e is not None:
        place.part(e, start, end, (drv_node, node), side)
    else:
        place.wire(node, start, end)


def draw_bridges(place):
    for e, (a, pa), (b, pb) in place.r.bridges:
        ja, jb = place.junction(a, pa), place.junction(b, pb)
        na, nb = place.ops[a].nodes[PINS.index(pa)], place.ops[b].nodes[PINS.index(pb)]
        sa, sb = place.side(a, pa), place.side(b, pb)
        if ja[0] == jb[0] and sa == -sb and (ja[1] - jb[1]) * sa < 0:
            top, bottom = (ja, jb) if ja[1] > jb[1] else (jb, ja)
            nodes = (na, nb) if ja[1] > jb[1] else (nb, na)
            chains.draw_span(place, e, top, bottom, nodes, "left")
        elif sa == sb and ja[0] != jb[0]:
            level = (max if sa > 0 else min)(ja[1], jb[1]) + sa * BRIDGE_UP
            (l, ln), (r, rn) = sorted([(ja, na), (jb, nb)])
            place.wire(ln, l, (l[0], level))
            place.wire(rn, r, (r[0], level))
            chains.draw_span(place, e, (l[0], level), (r[0], level), (ln, rn), "above" if sa > 0 else "below")
        else:
            place.generic += e.elements() if hasattr(e, "elements") else [e]


def draw_loads(place):
    """Loads hang from a last-stage output's wire; output resistors continue it."""
    place.out_end = {place.ops[n].output: (place.pos[n][0] + XO, place.pos[n][1])
                    for n in place.order if n not in place.fed_right}
    for name, steps in place.loads.items():
        x, y = place.pos[name]
        cur = (x + XO, y)
        for kind, e, node, far in steps:
            if kind == "shunt":
                top = (cur[0] + LOAD, y)
                place.wire(node, cur, top)
                place.part(e, top, (top[0], y - HANG), (node, GROUND), "right")
                place.ground((top[0], y - HANG))
            else:
                top = (cur[0] + chains.PART, y)
                place.part(e, cur, top, (node, far), "above")
            cur = top
            place.out_end[far if kind == "series" else node] = cur


def draw_output(place):
    p = place.out_end.get(place.c.output)
    if p is not None:
        end = (p[0] + OUT, p[1])
        place.wire(place.c.output, p, end)
        place.output_terminal(end, "right")
        return True
    return chains.output_at_input(place) or _output_off_the_wire(place)


def _output_off_the_wire(place):
    """The output taken at an op-amp whose output wire goes on to a later stage (the
    middle op-amp of a Tow-Thomas loop): its terminal on a short lead below (else
    above) that wire, beside the op-amp, not at the far end of the drawing.
    False when neither lead is clear."""
    driver = next((n for n in place.order if place.ops[n].output == place.c.output), None)
    if driver is None:
        return False
    x, y = place.pos[driver]
    start = snap((x + XO, y))
    for lead in (-OUTPUT_LEAD, OUTPUT_LEAD):
        end = snap((start[0], y + lead))
        if place.router._clear(place.c.output, [(start, end)], start):
            place.wire(place.c.output, start, end)
            place.output_terminal(end, "below" if lead < 0 else "above")
            return True
    return False
