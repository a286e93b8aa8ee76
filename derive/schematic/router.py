"""The fallback router: join the separate pieces of a node with orthogonal wires.

The layout draws what it recognises and registers here every wire (with its
node), every contact point and every obstacle (part bodies, op-amp boxes).
:meth:`Router.connect` then gives a node one horizontal track below the drawing
and drops a wire from each piece onto it, shifting a drop sideways until it
touches nothing of another node and crosses no part or op-amp.

>>> r = Router()
>>> r.add_wire("a", [(0, 0), (1, 0)])
>>> r.add_contact("a", (5, 0))
>>> len(r.islands("a"))
2
>>> r.connect("a", -2.0)
>>> len(r.islands("a"))
1
"""
from .geometry import EPS, _Union, on_segment, segments, snap

OFFSETS = (0.0, 0.3, -0.3, 0.6, -0.6, 0.9, -0.9, 1.2, -1.2, 1.5, -1.5, 2.1, -2.1, 2.7, -2.7)
MAX_PORTS = 8


def _overlap(a, b, allowed=()):
    """Do axis-parallel segments a and b share a point other than those in ``allowed``?"""
    (ax1, ay1), (ax2, ay2) = a
    (bx1, by1), (bx2, by2) = b
    lox, hix = max(min(ax1, ax2), min(bx1, bx2)), min(max(ax1, ax2), max(bx1, bx2))
    loy, hiy = max(min(ay1, ay2), min(by1, by2)), min(max(ay1, ay2), max(by1, by2))
    if lox > hix + EPS or loy > hiy + EPS:
        return False
    if abs(lox - hix) < EPS and abs(loy - hiy) < EPS:
        return snap((lox, loy)) not in allowed
    return True


class Router:
    """Wires by node, contacts and obstacles; connects split nodes."""

    def __init__(self):
        self.wires = []       # (points, net)
        self.contacts = []    # (net, point)
        self.bodies = []      # part bodies (segments)
        self.boxes = []       # op-amp boxes ((x1, y1), (x2, y2))

    def add_wire(self, net, points):
        pts = [snap(p) for p in points]
        if len(pts) >= 2 and any(p != pts[0] for p in pts):
            self.wires.append((pts, net))

    def add_contact(self, net, p):
        self.contacts.append((net, snap(p)))

    def add_body(self, a, b):
        self.bodies.append((snap(a), snap(b)))

    def add_box(self, lo, hi):
        self.boxes.append((lo, hi))

    def bbox(self):
        pts = [p for w, _ in self.wires for p in w] + [p for _, p in self.contacts]
        pts += [p for b in self.boxes for p in b]
        if not pts:
            return None
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    # --- pieces of one node ----------------------------------------------
    def islands(self, net):
        """The separately drawn pieces of ``net``: lists of points."""
        u = _Union()
        wires = [w for w, n in self.wires if n == net]
        points = [p for n, p in self.contacts if n == net]
        for i, w in enumerate(wires):
            for p in w:
                u.join(p, ("w", i))
        for p in points + [p for w in wires for p in w]:
            u.find(p)
            for i, w in enumerate(wires):
                if any(on_segment(p, s) for s in segments(w)):
                    u.join(p, ("w", i))
        groups = {}
        for p in dict.fromkeys(points + [p for w in wires for p in w]):
            groups.setdefault(u.find(p), []).append(p)
        return list(groups.values())

    def split_nets(self):
        """Nodes drawn in more than one piece."""
        nets = dict.fromkeys(n for n, _ in self.contacts)
        nets.update(dict.fromkeys(n for _, n in self.wires))
        return [n for n in nets if len(self.islands(n)) > 1]

    # --- conflicts ---------------------------------------------------------
    def _clear(self, net, new, port):
        """Can segments ``new`` (net ``net``, leaving ``port``) be drawn?"""
        allowed = {snap(port)}
        for seg in new:
            for w, n in self.wires:
                if n == net:
                    continue
                for f in segments(w):
                    if any(on_segment(p, f) for p in seg) or any(on_segment(p, seg) for p in f):
                        return False
            for n, p in self.contacts:
                if n != net and on_segment(p, seg):
                    return False
            for body in self.bodies:
                if _overlap(seg, body, allowed):
                    return False
            for (x1, y1), (x2, y2) in self.boxes:
                (sx1, sy1), (sx2, sy2) = seg
                if (min(sx1, sx2) < x2 and max(sx1, sx2) > x1
                        and min(sy1, sy2) < y2 and max(sy1, sy2) > y1):
                    return False
        return True

    def _simple_paths(self, port, y):
        for dx in OFFSETS:
            x = round(port[0] + dx, 4)
            yield [port, (x, port[1]), (x, y)]
        for dy in (-0.6, 0.6, -1.2, 1.2):   # a step off the port's row first
            for dx in OFFSETS[1:]:
                x, level = round(port[0] + dx, 4), round(port[1] + dy, 4)
                yield [port, (port[0], level), (x, level), (x, y)]

    def _escape_paths(self, port, y):
        """Out sideways beyond the drawing, or up and over it, then to height ``y``."""
        xmin, _, xmax, ymax = self.bbox()
        for k in range(4):
            for side_x in (round(xmin - 0.6 - 0.3 * k, 4), round(xmax + 0.6 + 0.3 * k, 4)):
                yield [port, (side_x, port[1]), (side_x, y)]
                over = round(ymax + 0.6 + 0.3 * k, 4)
                for dx in OFFSETS[:7]:
                    x = round(port[0] + dx, 4)
                    yield [port, (x, port[1]), (x, over), (side_x, over), (side_x, y)]

    def _drop(self, net, island, y):
        """A path from a point of ``island`` to height ``y`` touching nothing foreign.

        Straight drops are tried from every point of the piece before detours.
        """
        ports = sorted(island, key=lambda p: (abs(p[1] - y), p[0]))[:MAX_PORTS]
        first = None
        for paths in (self._simple_paths, self._escape_paths):
            for port in ports:
                for path in paths(port, y):
                    if first is None:
                        first = path
                    if self._clear(net, segments(path), port):
                        return path
        return first

    def merged_wires(self):
        """The wires with overlaps of one node merged and straight runs chained.

        Returns polylines (tuples of points); no piece of wire is drawn twice.
        """
        out = []
        for net in dict.fromkeys(n for _, n in self.wires):
            lines = {}
            for w, n in self.wires:
                if n != net:
                    continue
                for (x1, y1), (x2, y2) in segments(w):
                    key = ("h", y1) if abs(y1 - y2) < EPS else ("v", x1)
                    lo, hi = sorted((x1, x2)) if key[0] == "h" else sorted((y1, y2))
                    lines.setdefault(key, []).append([lo, hi])
            segs = []
            for (kind, c), spans in lines.items():
                spans.sort()
                merged = [spans[0]]
                for lo, hi in spans[1:]:
                    if lo <= merged[-1][1] + EPS:
                        merged[-1][1] = max(merged[-1][1], hi)
                    else:
                        merged.append([lo, hi])
                for lo, hi in merged:
                    segs.append(((lo, c), (hi, c)) if kind == "h" else ((c, lo), (c, hi)))
            vertices = {snap(p) for w, n in self.wires if n == net for p in w}
            out += _chain([(snap(a), snap(b)) for a, b in _split_at_joints(segs, vertices)])
        return out

    def connect(self, net, y):
        """Join every piece of ``net`` through a horizontal track at height ``y``."""
        pieces = self.islands(net)
        if len(pieces) < 2:
            return
        drops = [self._drop(net, piece, y) for piece in pieces]
        for path in drops:
            self.add_wire(net, path)
        xs = sorted(path[-1][0] for path in drops)
        self.add_wire(net, [(xs[0], y), (xs[-1], y)])


def _split_at_joints(segs, vertices):
    """Split a merged segment where a wire of the same node used to join it.

    Merging collinear runs can turn a joint (a wire ending on another) into a
    plain crossing of two straight runs; cutting one of them there keeps the
    joint visible to the eye and to the connectivity check.
    """
    cuts = {i: set() for i in range(len(segs))}
    for i, a in enumerate(segs):
        for b in segs:
            if a[0][1] == a[1][1] and b[0][0] == b[1][0]:      # a horizontal, b vertical
                p = snap((b[0][0], a[0][1]))
                if p in vertices and on_segment(p, a, interior=True) and on_segment(p, b, interior=True):
                    cuts[i].add(p)
    out = []
    for i, (a, b) in enumerate(segs):
        points = sorted({a, b} | cuts[i])
        out += list(zip(points, points[1:]))
    return out


def _chain(segs):
    """Join segments meeting end to end (and nothing else there) into polylines."""
    ends = {}
    for i, (a, b) in enumerate(segs):
        ends.setdefault(a, []).append(i)
        ends.setdefault(b, []).append(i)
    used, lines = set(), []
    for i, (a, b) in enumerate(segs):
        if i in used:
            continue
        used.add(i)
        line = [a, b]
        for forward in (True, False):
            while True:
                tip = line[-1] if forward else line[0]
                nxt = [j for j in ends[tip] if j not in used]
                if len(ends[tip]) != 2 or len(nxt) != 1:
                    break
                j = nxt[0]
                used.add(j)
                other = segs[j][1] if segs[j][0] == tip else segs[j][0]
                if forward:
                    line.append(other)
                else:
                    line.insert(0, other)
        lines.append(tuple(line))
    return lines
