"""Where the op-amps stand: columns by signal depth, stacked in each column.

Op-amps fed by the sources stand in the first column, the stages they drive in
the next; two op-amps bridged by a gain resistor stack as a pair (the bridged
pins facing each other); each op-amp sits at the height of what drives it when
there is room, below the one above otherwise.

>>> from derive.circuit.library import load_circuit
>>> from derive.schematic.layout import layout_circuit
>>> [op.center for op in layout_circuit(load_circuit("inamp")).opamps]
[(0.0, 3.25), (0.0, -3.25), (8.0, 0.0)]
"""
from ..circuit.nodes import GROUND
from . import chains, guard, loops
from .dims import BRIDGE_UP, COLUMN, FB, GAP, HANG, PIN_Y, STACKED, XJ, XO
from .roles import PINS, has_junction, hangs_from_junction


def drives(place):
    """(op-amp, node driving one of its inputs through a series part or wire)."""
    found = [(name, node) for (name, _pin), (_e, node) in place.r.series.items()]
    return found + [(name, node) for (name, _pin), more in place.r.more_series.items() for _e, node in more]


def columns(place):
    depth = {n: 0 for n in place.order}
    place.forward = loops.forward([(n, place.r.driver_op.get(node)) for n, node in drives(place)], place.order)
    for _ in range(len(place.order)):
        for name, node in drives(place):
            drv = place.r.driver_op.get(node)
            if (name, drv) in place.forward:
                depth[name] = max(depth[name], min(depth[drv] + 1, len(place.order)))
    place.depth = depth
    for name, node in drives(place):
        drv = place.r.driver_op.get(node)
        if drv is not None and depth[drv] == depth[name] - 1:
            place.fed_right.add(drv)
    for drv in place.order:   # loads and output resistors on a last-stage output
        if place.structured and drv not in place.fed_right:
            steps = chains.output_chain(place, drv)
            if steps:
                place.loads[drv] = steps
    cols = {}
    for n in place.order:
        if n not in guard.followers(place):
            cols.setdefault(depth[n], []).append(n)
    return [cols[d] for d in sorted(cols)]


def drivers_y(place, name, pin):
    node = place.r.series.get((name, pin), (None, None))[1]
    drv = place.r.driver_op.get(node)
    return place.pos[drv][1] if drv in place.pos else None


def bridged_pairs(place, column):
    paired, pairs = set(), []
    for e, (a, pa), (b, pb) in place.r.bridges:
        if a in column and b in column and not {a, b} & paired and a != b:
            if column.index(a) > column.index(b):
                (a, pa), (b, pb) = (b, pb), (a, pa)
            pairs.append((a, pa, b, pb))
            paired |= {a, b}
    return pairs


def extent(place, name, s):
    """How far the drawing of op-amp ``name`` reaches on side s (+1 top, -1 bottom)."""
    pin = [p for p in PINS if place.side(name, p) == s][0]
    key = (name, pin)
    reach = 1.3
    if key in place.r.feedback or any(key in (ka, kb) for _, ka, kb in place.r.bridges):
        reach = FB + 0.8 + STACKED * len(place.r.parallel.get(key, ()))
    if key in place.r.legs:
        reach = max(reach, FB + 0.8 if s > 0 or key in place.r.feedback else PIN_Y + HANG + 0.8)
        if s < 0 and hangs_from_junction(place.r, name, pin):
            reach = FB + HANG + 0.8
    reach += STACKED * len(place.r.more_legs.get(key, ()))
    if any(key in (ka, kb) for _, ka, kb in place.r.bridges):
        reach = max(reach, FB + BRIDGE_UP + 0.6)
    if s < 0 and place.loads.get(name):
        reach = max(reach, HANG + 0.8)
    if s < 0:
        reach = max(reach, chains.shunt_reach_below(place, name))
    return max(reach, chains.extent(place, name, pin))


def place_columns(place):
    x = 0.0
    for c, column in enumerate(columns(place)):
        blocks = []
        pairs = bridged_pairs(place, column)
        in_pair = {}
        for a, pa, b, pb in pairs:
            place.flip[a] = pa == "-"       # bridged pin at the bottom of the top op-amp
            place.flip[b] = pb == "+"       # and at the top of the bottom one
            in_pair[a] = in_pair[b] = (a, b)
        for n in column:
            if n in in_pair:
                if in_pair[n][0] == n:
                    blocks.append(in_pair[n])
                continue
            yp, ym = drivers_y(place, n, "+"), drivers_y(place, n, "-")
            taps = [p for p in PINS if (n, p) in place.r.ladders
                    and any(place.r.ladders[(n, p)].taps.values())]
            if yp is not None and ym is not None:
                place.flip[n] = yp > ym
            elif taps:   # a part from the ladder to the output runs over the op-amp
                place.flip[n] = taps[0] == "+"
            else:   # a resistor to ground on (-) hangs below it (beside the feedback or not)
                leg = place.r.legs.get((n, "-"), (None, None))[1] == GROUND
                place.flip[n] = hangs_from_junction(place.r, n, "-") or (leg and not has_junction(place.r, n, "-"))
            blocks.append((n,))
        reach = max((chains.ladder_length(place, n, p) for n in column for p in PINS), default=0.0)
        if c:
            x += COLUMN + max(0.0, reach - (COLUMN - XJ - XO - 0.5))
        stack(place, x, blocks)
    guard.place_guards(place)


def stack(place, x, blocks):
    def wanted(block):
        ys = [y - PIN_Y * place.side(n, p) for n in block for p in PINS   # the pin at the driver's height
              if (y := drivers_y(place, n, p)) is not None]
        return sum(ys) / len(ys) if ys else None

    def over_pair(block):
        """Its output drives (beside another op-amp) the input a pair's top op-amp drives:
        standing over the pair, its wire comes down to that input's rail, crossing nothing."""
        out = place.ops[block[0]].output
        tops = {place.ops[b[0]].output for b in blocks if len(b) == 2}
        return len(block) == 1 and any(
            place.r.series.get(key, (None, None))[1] in tops and any(d == out for _, d in more)
            for key, more in place.r.more_series.items())

    wishes = [(wanted(b), i, b) for i, b in enumerate(blocks)]
    wishes.sort(key=lambda w: (not over_pair(w[2]), w[0] is None, -(w[0] or 0), w[1]))
    floor = None
    for want, _, block in wishes:
        pair = chains.pair_span(place, block)
        top = extent(place, block[0], 1) + (pair / 2 if len(block) == 2 else 0)
        centre = want if want is not None else (0.0 if floor is None else floor - top)
        if floor is not None:
            centre = min(centre, floor - top)
        if len(block) == 2:
            place.pos[block[0]] = (x, centre + pair / 2)
            place.pos[block[1]] = (x, centre - pair / 2)
            floor = centre - pair / 2 - extent(place, block[1], -1) - GAP
        else:
            place.pos[block[0]] = (x, centre)
            floor = centre - extent(place, block[0], -1) - GAP
