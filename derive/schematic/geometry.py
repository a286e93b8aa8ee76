"""The drawing a layout produces, and what its geometry connects.

A :class:`Layout` is plain geometry: op-amp blocks with three pins, two-terminal
parts between two points, wires as orthogonal polylines, ground symbols and
terminals. Nothing in it says which node a wire belongs to: :func:`connectivity`
finds that from the coordinates alone (wire ends, points lying on wires), the
way a reader of the figure would, and :func:`check_layout` compares the result
with the circuit's nodes. Both backends draw exactly these primitives.
"""
from dataclasses import dataclass, field

EPS = 1e-6


def snap(p):
    """A point rounded to the layout grid (avoids float noise in comparisons)."""
    return (round(p[0], 4) + 0.0, round(p[1], 4) + 0.0)


@dataclass(frozen=True)
class Label:
    """The text beside an element: LaTeX (circuitikz) and mathtext (matplotlib)."""

    latex: str
    mathtext: str


@dataclass(frozen=True)
class Part:
    """A two-terminal element (resistor or source) drawn from ``start`` to ``end``.

    ``side`` says where its label goes: above, below, left or right.
    """

    element: str
    kind: str            # the element's drawing: "resistor", "capacitor", "voltage source", ...
    start: tuple
    end: tuple
    nodes: tuple         # the element's node at start, at end
    label: Label
    side: str = "above"


@dataclass(frozen=True)
class OpAmpBlock:
    """An op-amp centred at ``center``; ``flipped`` puts the + input on top."""

    element: str
    center: tuple
    flipped: bool
    pins: dict           # "+", "-", "out" -> point where wiring attaches
    nodes: dict          # "+", "-", "out" -> node
    label: Label


@dataclass(frozen=True)
class Terminal:
    """An open circle: a grounded source's input (``element`` its name) or the output.

    ``facing`` is the side the label is on (left, right, above, below).
    """

    at: tuple
    node: str
    label: Label
    element: str = None  # None for the output terminal
    facing: str = "left"


@dataclass(frozen=True)
class Layout:
    """The placed schematic of one circuit."""

    name: str
    opamps: tuple
    parts: tuple
    wires: tuple                 # tuples of points (orthogonal polylines)
    grounds: tuple               # points where a ground symbol hangs
    terminals: tuple
    dots: tuple = field(default=())

    def bbox(self):
        """(xmin, ymin, xmax, ymax) of every point of the drawing."""
        pts = [p for w in self.wires for p in w]
        pts += [q for part in self.parts for q in (part.start, part.end)]
        pts += list(self.grounds) + [t.at for t in self.terminals]
        for op in self.opamps:
            pts += list(op.pins.values())
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)


def segments(wire):
    """The straight pieces of a polyline."""
    return [(wire[i], wire[i + 1]) for i in range(len(wire) - 1) if wire[i] != wire[i + 1]]


def on_segment(p, seg, interior=False):
    """Is point ``p`` on the axis-parallel segment ``seg`` (strictly inside if ``interior``)?"""
    (x1, y1), (x2, y2) = seg
    if abs(x1 - x2) < EPS:
        if abs(p[0] - x1) > EPS:
            return False
        lo, hi = sorted((y1, y2))
        return lo + (EPS if interior else -EPS) < p[1] < hi - (EPS if interior else -EPS)
    if abs(y1 - y2) < EPS:
        if abs(p[1] - y1) > EPS:
            return False
        lo, hi = sorted((x1, x2))
        return lo + (EPS if interior else -EPS) < p[0] < hi - (EPS if interior else -EPS)
    raise ValueError(f"segment {seg} is not horizontal or vertical")


class _Union:
    def __init__(self):
        self.parent = {}

    def find(self, a):
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def join(self, a, b):
        self.parent[self.find(a)] = self.find(b)


GROUND_REF = ("ground",)


def contacts(layout):
    """Every point where an element touches wiring: ((owner, terminal), point)."""
    found = []
    for op in layout.opamps:
        for pin, p in op.pins.items():
            found.append(((op.element, pin), p))
    for part in layout.parts:
        found.append(((part.element, 0), part.start))
        found.append(((part.element, 1), part.end))
    for i, g in enumerate(layout.grounds):
        found.append((("ground", i), g))
    for t in layout.terminals:
        found.append(((t.element or "output", "terminal"), t.at))
    return found


def connectivity(layout):
    """Group contacts into the conductors the geometry draws.

    Returns ``{(owner, terminal): group id}``; every ground symbol and the
    implied reference of every source terminal share the group of
    ``GROUND_REF``. Two things connect when they share a point, or when one's
    end (or a contact) lies on a wire.
    """
    u = _Union()
    segs = [(i, s) for i, w in enumerate(layout.wires) for s in segments(w)]
    # every vertex of a polyline (ends and corners) can touch another wire
    ends = [(("wire", i), p) for i, w in enumerate(layout.wires) for p in w]
    for key, p in ends + contacts(layout):
        u.find(key)
        for i, s in segs:
            if on_segment(p, s):
                u.join(key, ("wire", i))
    points = {}
    for key, p in ends + contacts(layout):
        points.setdefault(snap(p), []).append(key)
    for keys in points.values():
        for k in keys[1:]:
            u.join(keys[0], k)
    u.find(GROUND_REF)
    for i, _ in enumerate(layout.grounds):
        u.join(("ground", i), GROUND_REF)
    return {key: u.find(key) for key, _ in contacts(layout)} | {GROUND_REF: u.find(GROUND_REF)}


def _bad_touches(layout):
    """Wire ends or contacts lying inside a part's body: drawn, but ambiguous."""
    problems = []
    bodies = [(part.element, (part.start, part.end)) for part in layout.parts]
    points = [("a wire", p) for w in layout.wires for p in w]
    points += [(f"{owner}", p) for (owner, _), p in contacts(layout)]
    for what, p in points:
        for name, body in bodies:
            if on_segment(p, body, interior=True):
                problems.append(f"{what} at {p} touches the body of {name}")
    return problems


def check_layout(layout, circuit):
    """Compare what the geometry connects with the circuit's nodes.

    Returns a list of problems (empty when the drawing is faithful): an element
    terminal missing, two nodes drawn as one, one node drawn in pieces. A
    grounded source of value 0 may be drawn as a ground on its node (the
    superposition figures: "V2 = 0, the input of U2 connected to ground").
    """
    from ..circuit.nodes import GROUND

    groups = connectivity(layout)
    problems = _bad_touches(layout)
    node_groups = {}
    terminal_of = {t.element: t for t in layout.terminals if t.element}
    parts = {part.element: part for part in layout.parts}
    # A source of 0 V that is not drawn is a wire: its input is drawn grounded.
    same = _Union()
    for e in circuit.sources:
        if e.value == 0 and e.name not in terminal_of and e.name not in parts:
            same.join(e.nodes[0], e.nodes[1])
    rep = {n: same.find(n) for n in circuit.nodes}
    rep[GROUND] = same.find(GROUND)

    def see(node, key, what):
        if key not in groups:
            problems.append(f"{what} is not drawn")
            return
        node_groups.setdefault(rep[node], set()).add(groups[key])

    node_groups[rep[GROUND]] = {groups[GROUND_REF]}
    for e in circuit.elements:
        if e.sets_voltage and e.name not in terminal_of and e.name not in parts:
            continue
        if e.driven_nodes():   # an op-amp: its three pins
            for pin, node in zip(("+", "-", "out"), e.nodes):
                see(node, (e.name, pin), f"pin {pin} of {e.name}")
        elif e.name in terminal_of:
            plus, minus = e.nodes
            see(plus, (e.name, "terminal"), f"terminal of {e.name}")
            node_groups.setdefault(rep[minus], set()).add(groups[GROUND_REF])
        else:
            drawn = parts.get(e.name)
            order = drawn.nodes if drawn is not None else e.nodes
            if drawn is not None and not (order == e.nodes or (
                    e.admittance() is not None and order == e.nodes[::-1])):
                problems.append(f"{e.name} is drawn between {order}, not {e.nodes}")
            for i, node in enumerate(order):
                see(node, (e.name, i), f"terminal {i + 1} of {e.name}")
    see(circuit.output, ("output", "terminal"), "the output terminal")
    for node, gs in node_groups.items():
        if len(gs) > 1:
            problems.append(f"node {node} is drawn as {len(gs)} separate pieces")
    owners = {}
    for node, gs in node_groups.items():
        for g in gs:
            if g in owners and owners[g] != node:
                problems.append(f"nodes {owners[g]} and {node} are drawn connected")
            owners[g] = node
    return problems


def junction_dots(wires, contact_points):
    """Points where three or more wire ends, wire runs or contacts meet."""
    segs = [s for w in wires for s in segments(w)]
    candidates = {snap(p) for w in wires for p in w} | {snap(p) for p in contact_points}
    dots = []
    for p in sorted(candidates):
        degree = sum(1 for q in contact_points if snap(q) == p)
        for a, b in segs:
            if snap(a) == p or snap(b) == p:
                degree += 1
            elif on_segment(p, (a, b), interior=True):
                degree += 2
        if degree >= 3:
            dots.append(p)
    return tuple(dots)
