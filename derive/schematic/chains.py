"""Ladders into an op-amp input and T networks in its feedback, drawn as in a book.

A *ladder* (:class:`~derive.schematic.roles.Ladder`) runs as a horizontal rail
from its source terminal into the input: its parts in a row, a part to ground
hanging down from the node between two of them, a part to the op-amp's output
(Sallen-Key's C1, the MFB's C1) rising from that node and running over the
op-amp to the output column. A *tee* runs over (or under) the op-amp from the
input's feedback junction to the output column, its middle part hanging to
ground. A second op-amp driving the same input (a summing stage fed by two
op-amps) comes in at the driver's height and rises to the input's rail.

>>> from derive.circuit import parse_netlist
>>> from derive.schematic.layout import layout_circuit
>>> text = "V1 in 0 Vs\\nR1 in a Ra\\nR2 a 0 Rb\\nR3 a m Rc\\nR4 m out Rf\\nU1 0 m out\\n"
>>> parts = {p.element: p for p in layout_circuit(parse_netlist(text)).parts}
>>> parts["R1"].end == parts["R3"].start == parts["R2"].start   # Rb hangs from the rail
True
"""
from ..circuit.nodes import GROUND
from .roles import has_junction, hangs_from_junction

PART = 2.5        # a part along a rail
LEAD = 0.75       # terminal to the first part
SHUNT = 2.0       # a part hanging from the rail to ground
RAISE = 3.0       # a top rail with parts hanging from it, lifted over the other input's rail
TOP_LEG = 1.0     # a top input's part to ground hangs this far left of the junction column
TEE_UP = 3.9      # a tee over the op-amp: its middle part hangs down to a ground above the op-amp
TEE_DOWN = 2.75   # a tee under the op-amp: its middle part hangs further down
TAP_GAP = 1.3     # a tap runs this far beyond the input's feedback (its label between)


def has_rail(place, n, pin):
    """Does a wire come into this input from the left (a source, a driver, a ladder)?"""
    return (n, pin) in place.r.series or (n, pin) in place.r.ladders


def other(pin):
    return "-" if pin == "+" else "+"


def leg_on_rail(place, n, pin):
    """A top input's part to ground hangs down from its rail (a divider's tap)."""
    key = (n, pin)
    return (place.side(n, pin) > 0 and key in place.r.legs and has_rail(place, n, pin)
            and not has_junction(place.r, n, pin) and not has_rail(place, n, other(pin))
            and place.r.legs[key][1] == GROUND and not place.r.more_legs.get(key))


def rail_end(place, n, pin):
    """Where the rail into an input ends (a hanging part may push it left)."""
    x = place.pos[n][0] - place.XJ
    return x - TOP_LEG if leg_on_rail(place, n, pin) else x


def raised(place, n, pin):
    ladder = place.r.ladders.get((n, pin))
    return (ladder is not None and place.side(n, pin) > 0 and has_rail(place, n, other(pin))
            and any(ladder.shunts.get(m) for m in ladder.mids))


def ladder_length(place, n, pin):
    """How far a ladder's drawing reaches left of the input's junction column."""
    ladder = place.r.ladders.get((n, pin))
    fan = max((PART * len(f.parts) + LEAD for f in place.r.more_ladders.get((n, pin), ())), default=0.0)
    if ladder is None:
        return fan
    return max(fan, PART * len(ladder.parts) + LEAD + (TOP_LEG if leg_on_rail(place, n, pin) else 0.0))


def tap_offset(place, n, pin):
    """Height of a ladder's part to the output over (or under) the op-amp's centre."""
    key = (n, pin)
    s = place.side(n, pin)
    if raised(place, n, pin):
        return place.PIN_Y + RAISE + TAP_GAP
    if key in place.r.tees:
        return s * ((TEE_UP if s > 0 else TEE_DOWN) + TAP_GAP)
    if key in place.r.feedback:
        return s * (place.FB + place.STACKED * len(place.r.parallel.get(key, ())) + TAP_GAP)
    return s * place.FB


def extent(place, n, pin):
    """How far the chains on this input reach above (top input) or below (bottom) the centre."""
    key = (n, pin)
    s = place.side(n, pin)
    reach = 0.0
    ladder = place.r.ladders.get(key)
    if ladder is not None:
        if raised(place, n, pin):
            reach = place.PIN_Y + RAISE + 0.8
        elif s < 0 and any(ladder.shunts.get(m) for m in ladder.mids):
            reach = place.PIN_Y + SHUNT + 0.8
        if any(ladder.taps.get(m) for m in ladder.mids):
            reach = max(reach, abs(tap_offset(place, n, pin)) + 0.8)
    if key in place.r.tees:
        reach = max(reach, TEE_UP + 0.8 if s > 0 else TEE_DOWN + SHUNT + 0.8)
    fan = place.r.more_ladders.get(key, ())
    if fan:
        hangs = s < 0 and any(fan[-1].shunts.get(m) for m in fan[-1].mids)
        reach = max(reach, abs(fan_levels(place, n, pin)[-1]) + (SHUNT + 0.9 if hangs else 0.8))
    return reach


def shunt_reach_below(place, n):
    """A top input's parts to ground hang below the centre: how far."""
    reach = 0.0
    for pin in ("+", "-"):
        if place.side(n, pin) < 0:
            continue
        ladder = place.r.ladders.get((n, pin))
        if leg_on_rail(place, n, pin) or (ladder and not raised(place, n, pin)
                                          and any(ladder.shunts.get(m) for m in ladder.mids)):
            reach = SHUNT - place.PIN_Y + 0.9
    return reach


def draw_ladder(place, n, pin, node):
    """The rail from the ladder's source into input ``pin`` of ``n``."""
    ladder = place.r.ladders[(n, pin)]
    x, y = place.pos[n]
    s = place.side(n, pin)
    py = place.pin_point(n, pin)[1]
    end = rail_end(place, n, pin)
    level = py + RAISE if raised(place, n, pin) else py
    corner = (x - place.XJ, py)
    if level != py:
        place.wire(node, corner, (corner[0], level))
        place.wire(node, (corner[0], level), (end, level))
    else:
        place.wire(node, corner, (end, py))
    _rail(place, n, pin, ladder, node, end, level, start_x(place, n))


def _rail(place, n, pin, ladder, node, end, level, start):
    """The ladder's parts in a row at height ``level`` from ``start`` to ``end``."""
    nodes = [ladder.driver] + ladder.mids + [node]
    xs = [end - PART * (len(ladder.parts) - i) for i in range(len(ladder.parts) + 1)]
    if xs[0] > start:
        place.wire(ladder.driver, (start, level), (xs[0], level))
    for i, e in enumerate(ladder.parts):
        place.part(e, (xs[i], level), (xs[i + 1], level), (nodes[i], nodes[i + 1]),
                   "below" if place.side(n, pin) < 0 else "above")
    for i, mid in enumerate(ladder.mids, start=1):
        p = (xs[i], level)
        for e in ladder.shunts.get(mid, ()):
            place.part(e, p, (p[0], p[1] - SHUNT), (mid, GROUND), "right")
            place.ground((p[0], p[1] - SHUNT))
        for e in ladder.taps.get(mid, ()):
            draw_tap(place, n, pin, e, mid, p)
    source_end(place, ladder.driver, (min(start, xs[0]), level))


def fan_levels(place, n, pin):
    """Heights (from the centre) of the summing node's ladder inputs, stacked outward."""
    key = (n, pin)
    s = place.side(n, pin)
    last = None
    if key in place.r.legs:
        last = s * (place.FB + place.STACKED * len(place.r.more_legs.get(key, ())))
    levels, before = [], False
    for ladder in place.r.more_ladders.get(key, ()):
        hangs = any(ladder.shunts.get(m) for m in ladder.mids)
        if last is None:   # clear of the rail at the pin's height and what hangs from either
            first = place.r.ladders.get(key)
            low = first is not None and any(first.shunts.get(m) for m in first.mids)
            clear = first is not None and ((s > 0 and hangs) or (s < 0 and low))
            level = s * max(place.FB, place.PIN_Y + SHUNT + 1.0 if clear else 0.0)
        else:
            wide = (s > 0 and hangs) or (s < 0 and before)
            level = last + s * (SHUNT + 1.0 if wide else place.STACKED)
        levels.append(level)
        last, before = level, hangs
    return levels


def draw_more_ladders(place, n, pin, node):
    """More ladders into a summing node: rails stacked beside its feedback junction."""
    x, y = place.pos[n]
    col = x - place.XJ
    j = place.junction(n, pin)
    for ladder, level in zip(place.r.more_ladders.get((n, pin), ()), fan_levels(place, n, pin)):
        place.wire(node, j, (col, y + level))
        _rail(place, n, pin, ladder, node, col, y + level, col - PART * len(ladder.parts))


def draw_tap(place, n, pin, e, mid, p):
    """A part from a ladder's node over the op-amp to its output."""
    x, y = place.pos[n]
    out = place.ops[n].output
    level = y + tap_offset(place, n, pin)
    left = (x - place.XJ, level)
    place.wire(mid, p, (p[0], level), left)
    place.part(e, left, (x + place.XO, level), (mid, out), "above" if level > y else "below")
    place.wire(out, (x + place.XO, level), (x + place.XO, y))


def start_x(place, n):
    """Ladders of one op-amp from one source start at one column, joined by a wire."""
    lengths = [PART * len(place.r.ladders[(n, p)].parts) for p in ("+", "-") if (n, p) in place.r.ladders]
    return min(rail_end(place, n, p) for p in ("+", "-") if (n, p) in place.r.ladders) - max(lengths)


def source_end(place, node, p):
    """The ladder's source terminal at ``p`` (or a wire to the one already drawn beside it)."""
    src = place.r.terminal_sources[node]
    at = (p[0] - LEAD, p[1])
    place.wire(node, p, at)
    if src.name not in place.used_sources:
        place.terminal(src, at, "left")
        place.source_at[node] = at
        return
    drawn = place.source_at.get(node)
    if drawn is not None and abs(drawn[0] - at[0]) < 1e-6:
        place.wire(node, at, drawn)      # a bridge: both arms from one terminal


def draw_tee(place, n, pin, node):
    """A T network from the input's feedback junction to the output column."""
    tee = place.r.tees[(n, pin)]
    x, y = place.pos[n]
    s = place.side(n, pin)
    out = place.ops[n].output
    level = y + s * (TEE_UP if s > 0 else TEE_DOWN)
    place.wire(node, place.junction(n, pin), (x - place.XJ, level))
    first, second = tee.parts[::-1]          # from the input to the output
    mid = tee.mids[0]
    side = "above" if s > 0 else "below"
    place.part(first, (x - place.XJ, level), (x, level), (node, mid), side)
    place.part(second, (x, level), (x + place.XO, level), (mid, out), side)
    for e in tee.shunts.get(mid, ()):
        place.part(e, (x, level), (x, level - SHUNT), (mid, GROUND), "right")
        place.ground((x, level - SHUNT))
    place.wire(out, (x + place.XO, level), (x + place.XO, y))


def draw_more_series(place, n, pin, node):
    """More op-amps driving this input: in at the driver's height, up to the rail."""
    x, _ = place.pos[n]
    py = place.pin_point(n, pin)[1]
    for k, (e, drv_node) in enumerate(place.r.more_series.get((n, pin), ()), start=1):
        drv = place.r.driver_op[drv_node]
        dx, dy = place.pos[drv]
        col = x - place.XJ - 0.75 * k
        place.wire(drv_node, (dx + place.XO, dy), (col - PART, dy))
        place.part(e, (col - PART, dy), (col, dy), (drv_node, node), "below" if dy < py else "above")
        place.wire(node, (col, dy), (col, py))


def pair_span(place, block):
    """Centre distance of two op-amps bridged by a gain resistor (a chain of them: longer)."""
    parts = max((len(e.parts) for e, (a, _), (b, _) in place.r.bridges
                 if hasattr(e, "parts") and {a, b} == set(block)), default=1)
    return 2 * place.FB + 3.0 * parts


def draw_span(place, e, start, end, nodes, side):
    """One part, or a chain of parts in a row (a split gain resistor), from ``start`` to ``end``."""
    if not hasattr(e, "parts"):
        place.part(e, start, end, nodes, side)
        return
    parts, mids = e.parts, e.mids
    if nodes[0] != e.driver:            # parts[0] sits at the driver's end
        parts, mids = parts[::-1], mids[::-1]
    seq = [nodes[0]] + mids + [nodes[1]]
    k = len(parts)
    pts = [(start[0] + (end[0] - start[0]) * i / k, start[1] + (end[1] - start[1]) * i / k) for i in range(k + 1)]
    for i, part in enumerate(parts):
        place.part(part, pts[i], pts[i + 1], (seq[i], seq[i + 1]), side)


def output_chain(place, name):
    """Loads on op-amp ``name``'s output and output resistors on to the circuit's output.

    Steps ``(kind, part, node, far node)`` in drawing order ("shunt": to ground,
    "series": along the output wire); taken out of ``place.generic``.
    """
    c = place.c
    busy = {n for op in c.opamps for n in op.nodes} | {n for s in c.sources for n in s.nodes}
    node, seen, steps = place.ops[name].output, set(), []
    while True:
        seen.add(node)
        here = [e for e in place.generic if e.admittance() is not None and node in e.nodes]
        steps += [("shunt", e, node, GROUND) for e in here if set(e.nodes) == {node, GROUND}]
        onward = [e for e in here if GROUND not in e.nodes and e.nodes[0] != e.nodes[1]]
        if node == c.output or len(onward) != 1:
            break
        e = onward[0]
        far = e.nodes[1] if e.nodes[0] == node else e.nodes[0]
        if far in seen or far in busy or any(
                f not in place.generic for f in c.elements if far in f.nodes):
            break
        steps.append(("series", e, node, far))
        node = far
    if node != c.output:   # output resistors that lead elsewhere stay with the router
        while steps and any(k == "series" for k, *_ in steps):
            steps.pop()
    for _, e, _, _ in steps:
        place.generic.remove(e)
    return steps


def output_at_input(place):
    """The output taken at an op-amp input (a Howland pump's load): its terminal at
    the end of that input's junction column, beyond the parts stacked on it.
    False when that column is not free."""
    key = place.r.owner.get(place.c.output)
    if key is None or not has_junction(place.r, *key) or hangs_from_junction(place.r, *key):
        return False
    n, pin = key
    x, y = place.pos[n]
    s = place.side(n, pin)
    levels = [s * place.FB] + fan_levels(place, n, pin)
    if key in place.r.legs:
        levels.append(s * (place.FB + place.STACKED * len(place.r.more_legs.get(key, ()))))
    far = max(levels, key=abs) + s * place.STACKED
    j = place.junction(n, pin)
    end = (j[0], y + far)
    place.wire(place.c.output, j, end)
    place.output_terminal(end, "above" if s > 0 else "below")
    return True
