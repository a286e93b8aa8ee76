"""Place a circuit on the page: one geometry for every schematic backend.

Op-amps stand in columns by signal depth (those fed by the sources first, then
the stages they drive); the input op-amps of an in-amp stack top and bottom
with the gain resistor between their inverting inputs; feedback resistors run
above or below their op-amp; resistors to ground hang from the input they load;
grounded sources become input terminals. What does not fit these patterns is
drawn in a row below and wired by a small router that never lets a wire touch
another node's wire, so every connection of an arbitrary netlist is drawn.

This module holds one placement's state and runs its steps in order: the
columns (:mod:`.columns`), what hangs on the pins (:mod:`.pins`, :mod:`.chains`),
the return wires of loops (:mod:`.loops`) and the fallback row (:mod:`.fallback`).

>>> from derive.circuit.library import load_circuit
>>> lay = layout_circuit(load_circuit("inamp"))
>>> sorted(op.element for op in lay.opamps), len(lay.parts)
(['U1', 'U2', 'U3'], 7)
>>> [op.flipped for op in lay.opamps]      # U1 has + on top, U2 - on top
[True, False, True]
"""
from . import columns, fallback, guard, loops, pins
from .dims import FB, PIN_X, PIN_Y, STACKED, XJ, XO
from .geometry import Layout, Part, Terminal, check_layout, junction_dots, snap
from .labels import name_label, value_label
from .roles import classify, opamp_order
from .router import Router


class LayoutError(RuntimeError):
    """The drawing does not reproduce the circuit: a bug in the layout, not the user's fault."""


class _Place:
    """The state of one placement; :meth:`build` runs its steps in order."""

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
            r.guards = {}
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

    def junction(self, name, pin):
        x, y = self.pos[name]
        return (x - XJ, y + FB * self.side(name, pin))

    def output_terminal(self, p, facing):
        t = Terminal(snap(p), self.c.output, name_label(self.c.output_name), None, facing)
        self.terminals.append(t)
        self.router.add_contact(t.node, t.at)

    def build(self):
        columns.place_columns(self)
        pins.draw_opamps(self)
        pins.draw_pins(self)
        pins.draw_bridges(self)
        guard.draw_guards(self)
        pins.draw_loads(self)
        output_done = pins.draw_output(self)
        loops.draw_returns(self)
        fallback.draw_generic(self, output_done)
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
