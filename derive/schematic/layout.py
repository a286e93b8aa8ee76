"""Place a circuit on the page: one geometry for every schematic backend.

Op-amps stand in columns by signal depth (those fed by the sources first, then
the stages they drive); the input op-amps of an in-amp stack top and bottom
with the gain resistor between their inverting inputs; feedback resistors run
above or below their op-amp; resistors to ground hang from the input they load;
grounded sources become input terminals. What does not fit these patterns is
drawn in a row below and wired by a small router that never lets a wire touch
another node's wire, so every connection of an arbitrary netlist is drawn.

>>> from derive.circuit.library import load_circuit
>>> lay = layout_circuit(load_circuit("inamp"))
>>> sorted(op.element for op in lay.opamps), len(lay.parts)
(['U1', 'U2', 'U3'], 7)
>>> [op.flipped for op in lay.opamps]      # U1 has + on top, U2 - on top
[True, False, True]
"""
from ..circuit.nodes import GROUND
from .geometry import Layout, OpAmpBlock, Part, Terminal, check_layout, junction_dots, snap
from .labels import name_label, value_label
from . import chains, loops
from .ladder import place_ladders
from .roles import PINS, classify, opamp_order
from .router import Router

PIN_X, PIN_Y = 1.5, 0.49    # op-amp pins relative to its centre
XJ, XO = 2.0, 2.0           # input junction column (left), output column (right)
FB = 1.75                   # feedback level above / below the centre
HANG = 2.0                  # resistor hanging from an input to ground
SIDE_LEG = 2.75             # horizontal resistor from a junction to ground
STACKED = 1.0               # distance between stacked legs (summing-amplifier inputs)
BRIDGE_UP = 1.25            # a bridge between two columns runs this far beyond the feedback
PART = 2.5                  # a series resistor from an input terminal
TERM = 1.25                 # terminal to a pin fed directly
OUT = 1.25                  # output wire to the output terminal
LOAD = 1.5                  # spacing of load resistors hanging from an output
COLUMN = 8.0                # distance between op-amp columns
GAP = 1.0                   # free space between stacked op-amps
PAIR = 2 * FB + 3.0         # centre distance of a bridged pair (gain resistor 3 long)


class LayoutError(RuntimeError):
    """The drawing does not reproduce the circuit: a bug in the layout, not the user's fault."""


class _Place:
    """Builds one layout; methods are the placement steps in order."""

    XJ, XO, FB, PIN_Y, STACKED = XJ, XO, FB, PIN_Y, STACKED   # for the chains module

    def __init__(self, circuit, structured=True):
        self.c = circuit
        self.structured = structured
        self.r = classify(circuit)
        self.fed_right = set()       # op-amps whose output feeds a later column
        self.loads = {}              # op-amp -> resistors from its output to ground
        if not structured:   # every two-terminal element to the fallback router
            r = self.r
            r.generic += [e for e in circuit.elements if e not in r.generic and (
                e.admittance() is not None or (e.is_source and not e.sets_voltage))]
            r.feedback, r.legs, r.more_legs, r.series, r.bridges = {}, {}, {}, {}, []
            r.parallel, r.ladders, r.tees, r.more_series, r.more_ladders = {}, {}, {}, {}, {}
        self.order = opamp_order(circuit)
        self.ops = self.r.opamps
        self.router = Router()
        self.blocks, self.parts, self.grounds, self.terminals = [], [], [], []
        self.pos, self.flip, self.depth = {}, {}, {}
        self.used_sources = set()
        self.source_at = {}          # source node -> where its terminal is drawn
        self.returns = []            # (node, rail point, driving op-amp): loops.draw_returns
        self.generic = list(self.r.generic)

    # --- helpers -------------------------------------------------------
    def wire(self, net, *points):
        self.router.add_wire(net, [snap(p) for p in points])

    def part(self, e, start, end, nodes, side):
        if e.admittance() is None and tuple(nodes) != tuple(e.nodes):   # a source has a direction
            start, end, nodes = end, start, tuple(nodes)[::-1]
        part = Part(e.name, e.drawing, snap(start), snap(end), nodes, value_label(e.value, e.unit), side)
        self.parts.append(part)
        self.router.add_contact(nodes[0], part.start)
        self.router.add_contact(nodes[1], part.end)
        self.router.add_body(part.start, part.end)

    def ground(self, p):
        self.grounds.append(snap(p))

    def terminal(self, src, p, facing):
        self.used_sources.add(src.name)
        if src.value == 0:          # a source set to zero: its input is grounded
            self.ground(p)
            self.router.add_contact(src.nodes[0], snap(p))
            return
        t = Terminal(snap(p), src.nodes[0], value_label(src.value, "volt"), src.name, facing)
        self.source_at[src.nodes[0]] = snap(p)
        self.terminals.append(t)
        self.router.add_contact(t.node, t.at)

    def side(self, name, pin):
        """+1 if the pin is on top of its op-amp, -1 if at the bottom."""
        top = "+" if self.flip[name] else "-"
        return 1 if pin == top else -1

    def pin_point(self, name, pin):
        x, y = self.pos[name]
        if pin == "out":
            return (x + PIN_X, y)
        return (x - PIN_X, y + PIN_Y * self.side(name, pin))

    # --- 1. columns ----------------------------------------------------
    def drives(self):
        """(op-amp, node driving one of its inputs through a series part or wire)."""
        found = [(name, node) for (name, _pin), (_e, node) in self.r.series.items()]
        return found + [(name, node) for (name, _pin), more in self.r.more_series.items() for _e, node in more]

    def has_junction(self, name, pin):
        key = (name, pin)
        return (key in self.r.feedback or key in self.r.tees
                or any(key in (ka, kb) for _, ka, kb in self.r.bridges))

    def columns(self):
        depth = {n: 0 for n in self.order}
        self.forward = loops.forward([(n, self.r.driver_op.get(node)) for n, node in self.drives()], self.order)
        for _ in range(len(self.order)):
            for name, node in self.drives():
                drv = self.r.driver_op.get(node)
                if (name, drv) in self.forward:
                    depth[name] = max(depth[name], min(depth[drv] + 1, len(self.order)))
        self.depth = depth
        for name, node in self.drives():
            drv = self.r.driver_op.get(node)
            if drv is not None and depth[drv] == depth[name] - 1:
                self.fed_right.add(drv)
        for drv in self.order:   # loads and output resistors on a last-stage output
            if self.structured and drv not in self.fed_right:
                steps = chains.output_chain(self, drv)
                if steps:
                    self.loads[drv] = steps
        cols = {}
        for n in self.order:
            cols.setdefault(depth[n], []).append(n)
        return [cols[d] for d in sorted(cols)]

    def drivers_y(self, name, pin):
        node = self.r.series.get((name, pin), (None, None))[1]
        drv = self.r.driver_op.get(node)
        return self.pos[drv][1] if drv in self.pos else None

    # --- 2. orientation and vertical positions -------------------------
    def pairs(self, column):
        paired, pairs = set(), []
        for e, (a, pa), (b, pb) in self.r.bridges:
            if a in column and b in column and not {a, b} & paired and a != b:
                if column.index(a) > column.index(b):
                    (a, pa), (b, pb) = (b, pb), (a, pa)
                pairs.append((a, pa, b, pb))
                paired |= {a, b}
        return pairs

    def extent(self, name, s):
        """How far the drawing of op-amp ``name`` reaches on side s (+1 top, -1 bottom)."""
        pin = [p for p in PINS if self.side(name, p) == s][0]
        key = (name, pin)
        reach = 1.3
        if key in self.r.feedback or any(key in (ka, kb) for _, ka, kb in self.r.bridges):
            reach = FB + 0.8 + STACKED * len(self.r.parallel.get(key, ()))
        if key in self.r.legs:
            reach = max(reach, FB + 0.8 if s > 0 or key in self.r.feedback else PIN_Y + HANG + 0.8)
            if s < 0 and self.hangs_from_junction(name, pin):
                reach = FB + HANG + 0.8
        reach += STACKED * len(self.r.more_legs.get(key, ()))
        if any(key in (ka, kb) for _, ka, kb in self.r.bridges):
            reach = max(reach, FB + BRIDGE_UP + 0.6)
        if s < 0 and self.loads.get(name):
            reach = max(reach, HANG + 0.8)
        if s < 0:
            reach = max(reach, chains.shunt_reach_below(self, name))
        return max(reach, chains.extent(self, name, pin))

    def hangs_from_junction(self, name, pin):
        """Feedback and one resistor to ground on this input, nothing else beside them."""
        key = (name, pin)
        return (key in self.r.feedback and self.r.legs.get(key, (None, None))[1] == GROUND
                and not self.r.more_legs.get(key) and not self.r.parallel.get(key)
                and not self.r.more_ladders.get(key)
                and not any(key in (ka, kb) for _, ka, kb in self.r.bridges))

    def place_columns(self):
        x = 0.0
        for c, column in enumerate(self.columns()):
            blocks = []
            pairs = self.pairs(column)
            in_pair = {}
            for a, pa, b, pb in pairs:
                self.flip[a] = pa == "-"       # bridged pin at the bottom of the top op-amp
                self.flip[b] = pb == "+"       # and at the top of the bottom one
                in_pair[a] = in_pair[b] = (a, b)
            for n in column:
                if n in in_pair:
                    if in_pair[n][0] == n:
                        blocks.append(in_pair[n])
                    continue
                yp, ym = self.drivers_y(n, "+"), self.drivers_y(n, "-")
                taps = [p for p in PINS if (n, p) in self.r.ladders
                        and any(self.r.ladders[(n, p)].taps.values())]
                if yp is not None and ym is not None:
                    self.flip[n] = yp > ym
                elif taps:   # a part from the ladder to the output runs over the op-amp
                    self.flip[n] = taps[0] == "+"
                else:   # a resistor to ground on (-) hangs below it (beside the feedback or not)
                    leg = self.r.legs.get((n, "-"), (None, None))[1] == GROUND
                    self.flip[n] = self.hangs_from_junction(n, "-") or (leg and not self.has_junction(n, "-"))
                blocks.append((n,))
            reach = max((chains.ladder_length(self, n, p) for n in column for p in PINS), default=0.0)
            if c:
                x += COLUMN + max(0.0, reach - (COLUMN - XJ - XO - 0.5))
            self.stack(x, blocks)

    def stack(self, x, blocks):
        def wanted(block):
            ys = [y - PIN_Y * self.side(n, p) for n in block for p in PINS   # the pin at the driver's height
                  if (y := self.drivers_y(n, p)) is not None]
            return sum(ys) / len(ys) if ys else None

        wishes = [(wanted(b), i, b) for i, b in enumerate(blocks)]
        wishes.sort(key=lambda w: (w[0] is None, -(w[0] or 0), w[1]))
        floor = None
        for want, _, block in wishes:
            pair = chains.pair_span(self, block)
            top = self.extent(block[0], 1) + (pair / 2 if len(block) == 2 else 0)
            centre = want if want is not None else (0.0 if floor is None else floor - top)
            if floor is not None:
                centre = min(centre, floor - top)
            if len(block) == 2:
                self.pos[block[0]] = (x, centre + pair / 2)
                self.pos[block[1]] = (x, centre - pair / 2)
                floor = centre - pair / 2 - self.extent(block[1], -1) - GAP
            else:
                self.pos[block[0]] = (x, centre)
                floor = centre - self.extent(block[0], -1) - GAP

    # --- 3. op-amps and what hangs on them -----------------------------
    def draw_opamps(self):
        for n in self.order:
            op = self.ops[n]
            pins = {p: snap(self.pin_point(n, p)) for p in ("+", "-", "out")}
            nodes = {"+": op.plus, "-": op.minus, "out": op.output}
            self.blocks.append(OpAmpBlock(n, snap(self.pos[n]), self.flip[n], pins, nodes, name_label(n)))
            for p in pins:
                self.router.add_contact(nodes[p], pins[p])
            x, y = self.pos[n]
            self.router.add_box((x - 1.2, y - 1.0), (x + 1.2, y + 1.0))
            self.wire(op.output, pins["out"], (x + XO, y))

    def junction(self, name, pin):
        x, y = self.pos[name]
        return (x - XJ, y + FB * self.side(name, pin))

    def lead(self, name, pin, node, to_junction=False):
        x, y = self.pos[name]
        p = self.pin_point(name, pin)
        corner = (x - XJ, p[1])
        self.wire(node, p, corner)
        if to_junction:
            self.wire(node, corner, self.junction(name, pin))
        return corner

    def draw_pins(self):
        bridged = {k for _, ka, kb in self.r.bridges for k in (ka, kb)}
        for n in self.order:
            op = self.ops[n]
            for pin, node in zip(PINS, op.nodes):
                key = (n, pin)
                if key in self.r.grounded_pins:
                    self.ground(self.lead(n, pin, node))
                    continue
                fb = key in self.r.feedback
                self.lead(n, pin, node, to_junction=fb or key in bridged or key in self.r.tees)
                if fb:
                    self.draw_feedback(n, pin, node)
                if key in self.r.tees:
                    chains.draw_tee(self, n, pin, node)
                if key in self.r.legs:
                    self.draw_leg(n, pin, node, has_junction=self.has_junction(n, pin))
                if key in self.r.series:
                    self.draw_series(n, pin, node)
                if key in self.r.ladders:
                    chains.draw_ladder(self, n, pin, node)
                chains.draw_more_ladders(self, n, pin, node)
                chains.draw_more_series(self, n, pin, node)

    def draw_feedback(self, n, pin, node):
        x, y = self.pos[n]
        j = self.junction(n, pin)
        end = (x + XO, j[1])
        e = self.r.feedback[(n, pin)]
        if e is None:
            self.wire(node, j, end)
        else:
            self.part(e, j, end, (node, self.ops[n].output), "above" if j[1] > y else "below")
        self.wire(self.ops[n].output, end, (x + XO, y))
        s = 1 if j[1] > y else -1   # elements in parallel with it stack further out (Rf || Cf)
        for k, other in enumerate(self.r.parallel.get((n, pin), ()), start=1):
            level = j[1] + s * STACKED * k
            self.wire(node, (j[0], level - s * STACKED), (j[0], level))
            self.wire(self.ops[n].output, (end[0], level - s * STACKED), (end[0], level))
            self.part(other, (j[0], level), (end[0], level), (node, self.ops[n].output),
                      "above" if s > 0 else "below")

    def far_end(self, far, p, facing):
        if far == GROUND:
            self.ground(p)
        elif far in self.r.terminal_sources and self.r.terminal_sources[far].name not in self.used_sources:
            self.terminal(self.r.terminal_sources[far], p, facing)

    def draw_leg(self, n, pin, node, has_junction):
        e, far = self.r.legs[(n, pin)]
        x, y = self.pos[n]
        s = self.side(n, pin)
        if has_junction and s < 0 and self.hangs_from_junction(n, pin):   # below the feedback
            j = self.junction(n, pin)
            bottom = (j[0], j[1] - HANG)
            self.part(e, j, bottom, (node, far), "right")
            self.ground(bottom)
            return
        if has_junction:                     # beside the feedback junction, to the left
            j = self.junction(n, pin)
            start = (j[0] - SIDE_LEG, j[1])
            self.part(e, start, j, (far, node), "above" if s > 0 else "below")
            self.far_end(far, start, "left")
            for k, (e, far) in enumerate(self.r.more_legs.get((n, pin), ()), start=1):
                level = j[1] + s * STACKED * k
                self.wire(node, (j[0], level - s * STACKED), (j[0], level))
                self.part(e, (j[0] - SIDE_LEG, level), (j[0], level), (far, node),
                          "above" if s > 0 else "below")
                self.far_end(far, (j[0] - SIDE_LEG, level), "left")
            return
        self.generic += [e for e, _ in self.r.more_legs.get((n, pin), ())]
        if chains.leg_on_rail(self, n, pin):   # a divider's tap: hanging from the rail
            top = (chains.rail_end(self, n, pin), y + PIN_Y)
            self.part(e, top, (top[0], top[1] - HANG), (node, far), "left")
            self.far_end(far, (top[0], top[1] - HANG), "below")
        elif s < 0:                          # hanging from the input lead
            top = (x - XJ, y - PIN_Y)
            bottom = (top[0], top[1] - HANG)
            self.part(e, top, bottom, (node, far), "right")
            self.far_end(far, bottom, "below")
        else:                                # over the op-amp, to the right
            j = self.junction(n, pin)
            self.wire(node, (x - XJ, y + PIN_Y), j)
            end = (x + 0.75, j[1])
            self.part(e, j, end, (node, far), "above")
            self.far_end(far, end, "right")

    def draw_series(self, n, pin, node):
        e, drv_node = self.r.series[(n, pin)]
        x, y = self.pos[n]
        end = (chains.rail_end(self, n, pin), self.pin_point(n, pin)[1])
        more = max(len(self.r.more_series.get((n, p), ())) for p in PINS)
        if more:    # room for other drivers' wires to rise to a rail (crossing wire, not part)
            end = (x - XJ - 0.75 * (more + 1), end[1])
        if end[0] != x - XJ:
            self.wire(node, end, (x - XJ, end[1]))
        s = self.side(n, pin)
        side = "above" if s > 0 else "below"
        drv = self.r.driver_op.get(drv_node)
        src = self.r.terminal_sources.get(drv_node)
        if drv is not None and self.depth[drv] == self.depth[n] - 1:
            dx, dy = self.pos[drv]
            start = (dx + XO, end[1])
            self.wire(drv_node, (dx + XO, dy), start)
        elif src is not None and src.name not in self.used_sources:
            start = (end[0] - (PART if e is not None else TERM), end[1])
            if e is not None:
                self.terminal(src, (start[0] - 0.75, start[1]), "left")
                self.wire(drv_node, (start[0] - 0.75, start[1]), start)
            else:
                self.terminal(src, start, "left")
        else:
            start = (end[0] - PART, end[1])
            if drv is not None and self.structured:
                self.returns.append((drv_node, start, drv))
        if e is not None:
            self.part(e, start, end, (drv_node, node), side)
        else:
            self.wire(node, start, end)

    def draw_bridges(self):
        for e, (a, pa), (b, pb) in self.r.bridges:
            ja, jb = self.junction(a, pa), self.junction(b, pb)
            na, nb = self.ops[a].nodes[PINS.index(pa)], self.ops[b].nodes[PINS.index(pb)]
            sa, sb = self.side(a, pa), self.side(b, pb)
            if ja[0] == jb[0] and sa == -sb and (ja[1] - jb[1]) * sa < 0:
                top, bottom = (ja, jb) if ja[1] > jb[1] else (jb, ja)
                nodes = (na, nb) if ja[1] > jb[1] else (nb, na)
                chains.draw_span(self, e, top, bottom, nodes, "left")
            elif sa == sb and ja[0] != jb[0]:
                level = (max if sa > 0 else min)(ja[1], jb[1]) + sa * BRIDGE_UP
                (l, ln), (r, rn) = sorted([(ja, na), (jb, nb)])
                self.wire(ln, l, (l[0], level))
                self.wire(rn, r, (r[0], level))
                chains.draw_span(self, e, (l[0], level), (r[0], level), (ln, rn), "above" if sa > 0 else "below")
            else:
                self.generic += e.elements() if hasattr(e, "elements") else [e]

    def draw_loads(self):
        """Loads hang from a last-stage output's wire; output resistors continue it."""
        self.out_end = {self.ops[n].output: (self.pos[n][0] + XO, self.pos[n][1])
                        for n in self.order if n not in self.fed_right}
        for name, steps in self.loads.items():
            x, y = self.pos[name]
            cur = (x + XO, y)
            for kind, e, node, far in steps:
                if kind == "shunt":
                    top = (cur[0] + LOAD, y)
                    self.wire(node, cur, top)
                    self.part(e, top, (top[0], y - HANG), (node, GROUND), "right")
                    self.ground((top[0], y - HANG))
                else:
                    top = (cur[0] + chains.PART, y)
                    self.part(e, cur, top, (node, far), "above")
                cur = top
                self.out_end[far if kind == "series" else node] = cur

    def draw_output(self):
        p = self.out_end.get(self.c.output)
        if p is not None:
            end = (p[0] + OUT, p[1])
            self.wire(self.c.output, p, end)
            self.output_terminal(end, "right")
            return True
        return chains.output_at_input(self)

    def output_terminal(self, p, facing):
        t = Terminal(snap(p), self.c.output, name_label(self.c.output_name), None, facing)
        self.terminals.append(t)
        self.router.add_contact(t.node, t.at)

    # --- 4. the fallback row and the router ----------------------------
    def draw_generic(self, output_done):
        sources = [s for s in self.r.terminal_sources.values() if s.name not in self.used_sources]
        items = [e for e in self.generic if e.name not in self.used_sources]
        if sources and items and self.structured:
            items, sources, output_done = place_ladders(self, items, sources, output_done)
        nets = {n for e in items for n in e.nodes} | {s.nodes[0] for s in sources}
        if not output_done:
            nets.add(self.c.output)
        if not (items or sources or not output_done) and not self.router.split_nets():
            return
        xmin, ymin, _, _ = self.router.bbox() or (0.0, 0.0, 0.0, 0.0)
        tracks = sorted((set(self.router.split_nets()) | nets) - {GROUND}, key=str)
        track_y = {n: ymin - 1.5 - 0.6 * i for i, n in enumerate(tracks)}
        row = ymin - 1.5 - 0.6 * len(tracks) - 1.2
        x = xmin
        for src in sources:
            self.terminal(src, (x, row), "below")
            x += 2.0
        for e in items:
            self.part(e, (x, row), (x + 2.5, row), e.nodes, "below")
            for node, p in zip(e.nodes, ((x, row), (x + 2.5, row))):
                if node == GROUND:
                    self.ground(p)
            x += 4.0
        if not output_done:
            self.output_terminal((x, row), "below")
        for net in tracks:
            self.router.connect(net, track_y[net])

    def build(self):
        self.place_columns()
        self.draw_opamps()
        self.draw_pins()
        self.draw_bridges()
        self.draw_loads()
        output_done = self.draw_output()
        loops.draw_returns(self)
        self.draw_generic(output_done)
        wires = tuple(self.router.merged_wires())
        contact_pts = [p for b in self.blocks for p in b.pins.values()]
        contact_pts += [q for part in self.parts for q in (part.start, part.end)] + self.grounds
        terminal_pts = {t.at for t in self.terminals}
        dots = tuple(d for d in junction_dots(wires, contact_pts) if d not in terminal_pts)
        return Layout(self.c.name, tuple(self.blocks), tuple(self.parts), wires,
                      tuple(self.grounds), tuple(self.terminals), dots)


def layout_circuit(circuit, patterns=True):
    """The :class:`~derive.schematic.geometry.Layout` of a circuit.

    The patterns above are tried first (unless ``patterns`` is false); if
    their drawing does not reproduce the circuit exactly (checked from the
    geometry alone), every two-terminal element is handed to the router
    instead. :class:`LayoutError` if even that fails.
    """
    problems = []
    for structured in ((True, False) if patterns else (False,)):
        lay = _Place(circuit, structured).build()
        problems = check_layout(lay, circuit)
        if not problems:
            return lay
    raise LayoutError(
        f"cannot draw {circuit.name} faithfully: {problems[0]} "
        "(please report this netlist as a bug)"
    )
