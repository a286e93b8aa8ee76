"""Input range (the vendors' "diamond plot"), derived and proved.

Every op-amp's inputs and output are written as functions of the output
``Vout``, the common-mode input ``V_cm`` and any reference input (``Vref``):
the nodal solution gives each node voltage in terms of the two inputs, the
decomposition ``V1 = V_cm + V_d/2``, ``V2 = V_cm - V_d/2`` and the solved
transfer function (for ``V_d``) move it into the ``(Vout, V_cm)`` plane. Each
op-amp's limits -- inputs within the rails less the input headroom, the output
within the rails less the swing headroom -- become straight lines there, and
the allowed region is the polygon they enclose: its vertices (exact rationals
when the data are exact), the limit that binds on each edge (op-amp and node),
the widest common mode at an output and the widest output at a common mode.

>>> r = input_range("inamp-ic", (-15, 15), swing=1, headroom_in=2, gain=100, part="INA128")
>>> r.analysis.step("node-o1").equation
Eq(V_o1, V_cm + (Vout - Vref)/2)
>>> r.vertices[:3]
[(-14, -7), (-200/99, -1286/99), (0, -13)]
>>> [(e.opamp, e.terminal, e.node, e.side, e.bound) for e in r.edges][:2]
[('U1', 'out', 'o1', 'low', -14), ('U1', '+', 'inp', 'low', -13)]
>>> r.vcm_limits(0)[:2], r.vout_limits(10)[:2]
((-13, 13), (-8, 8))
"""
import math
from dataclasses import dataclass, field
from itertools import combinations

from sympy import Eq, S, Symbol, cancel, factor

from ..circuit.library import as_circuit
from ..errors import DeriveError
from ..render.text import math_text
from ..text import ui
from ..text.messages import Message
from ..solver import solve
from .decompose import VCM, VD, _signal, input_pair, tidy
from .nonideal import with_opamp_errors
from .steps import AnalysisBuilder

DEFAULT_OHMS = 10000


@dataclass(frozen=True)
class Limit:
    """One limit: ``low <= V(node) <= high`` of an op-amp terminal, a line in the plane.

    ``a Vout + b V_cm + c`` is the node voltage at the numbers; ``side`` is
    ``"low"`` or ``"high"`` and ``bound`` the voltage it may not pass.
    """

    opamp: str
    terminal: str        # "+", "-" or "out"
    node: str
    side: str
    bound: object
    a: object
    b: object
    c: object
    also: tuple = ()     # other (op-amp, terminal, node) with the same line

    def value(self, vout, vcm):
        return self.a * vout + self.b * vcm + self.c

    def slack(self, vout, vcm):
        """How far inside the limit a point is (negative: violated)."""
        v = self.value(vout, vcm)
        return self.bound - v if self.side == "high" else v - self.bound

    def equation(self, vout_sym):
        """The boundary line: ``V_cm = ...`` or, when V_cm drops out, ``Vout = ...``."""
        if self.b != 0:
            return Eq(VCM, cancel((self.bound - self.c - self.a * vout_sym) / self.b))
        return Eq(vout_sym, cancel((self.bound - self.c) / self.a))

    def relation(self, symbol):
        """``symbol <= bound`` or ``symbol >= bound``."""
        from sympy import Ge, Le

        return (Le if self.side == "high" else Ge)(symbol, self.bound, evaluate=False)

    def same_line(self, other):
        return (self.a, self.b, self.c, self.bound, self.side) == (other.a, other.b, other.c, other.bound, other.side)


@dataclass(frozen=True)
class Edge:
    """An edge of the allowed region, from vertex ``start`` to vertex ``end``."""

    limit: Limit
    start: tuple
    end: tuple

    opamp = property(lambda self: self.limit.opamp)
    node = property(lambda self: self.limit.node)
    terminal = property(lambda self: self.limit.terminal)
    side = property(lambda self: self.limit.side)
    bound = property(lambda self: self.limit.bound)


@dataclass(frozen=True)
class RangeReport:
    """The derived node voltages (``analysis``), the limits, and the allowed region."""

    analysis: object
    circuit: object
    supply: tuple
    headroom_in: object
    swing: object
    refs: dict           # reference-source symbol -> its value
    values: dict         # resistor symbol -> number used for the region
    defaults: tuple      # symbols that took the default value
    gain: object         # the differential gain at the numbers
    limits: tuple
    vertices: list
    edges: list
    vd_of: object = field(default=None, repr=False)   # V_d as a function of (Vout, V_cm) at the numbers
    opamp_errors: dict = field(default_factory=dict)   # the netlist's offsets and bias currents -> value

    @property
    def vout_symbol(self):
        return self.circuit.output_symbol

    def vdiff(self, vout, vcm):
        """The differential input at a point of the plane."""
        return self.vd_of(vout, vcm)

    def inside(self, vout, vcm):
        """True when every limit holds at (vout, vcm)."""
        return all(lim.slack(vout, vcm) >= 0 for lim in self.limits)

    def violated(self, vout, vcm):
        """The limits a point breaks (empty inside the region)."""
        return [lim for lim in self.limits if lim.slack(vout, vcm) < 0]

    def vcm_limits(self, vout):
        """``(lowest V_cm, highest V_cm, limit below, limit above)`` at output ``vout``; None outside."""
        return _interval(self.limits, S(vout), along="vcm")

    def vout_limits(self, vcm):
        """``(lowest Vout, highest Vout, limit below, limit above)`` at common mode ``vcm``; None outside."""
        return _interval(self.limits, S(vcm), along="vout")


def _interval(limits, fixed, along):
    lo = hi = None
    for lim in limits:
        k, rest = (lim.b, lim.a * fixed + lim.c) if along == "vcm" else (lim.a, lim.b * fixed + lim.c)
        if k == 0:
            if (lim.bound - rest if lim.side == "high" else rest - lim.bound) < 0:
                return None
            continue
        edge = (lim.bound - rest) / k
        upper = (lim.side == "high") == (k > 0)
        if upper and (hi is None or edge < hi[0]):
            hi = (edge, lim)
        if not upper and (lo is None or edge > lo[0]):
            lo = (edge, lim)
    if lo is None or hi is None or lo[0] > hi[0]:
        return None
    return lo[0], hi[0], lo[1], hi[1]


# --- the numbers ---------------------------------------------------------------

def resolve_values(c0, gain=None, part=None, values=None):
    """Numbers for every resistor symbol: given, from the part, for the gain, or 10 kΩ.

    Returns ``(circuit with the given values and matching applied, numbers, defaults)``.

    >>> from derive.circuit.library import load_circuit
    >>> _, numbers, defaults = resolve_values(load_circuit("inamp-ic"), gain=100, part="INA128")
    >>> numbers, defaults
    ({R: 25000, RG: 50000/99, Rd: 10000}, (Rd,))
    """
    from .design import _numeric_circuit_values, find_part, gain_equation

    sources = {e.value for e in c0.sources}
    given = {k: S(v) for k, v in (values or {}).items()}
    bad = [str(k) for k in given if k in sources]
    if bad:
        raise DeriveError(Message("analysis_set_input", inputs=", ".join(bad)))
    for kept, replaced, _ in c0.matches:
        if replaced not in given and kept in given:
            given[replaced] = given[kept]
    c1 = c0.substitute(given).matched()
    numbers = {}
    if part is not None or gain is not None:
        eq = gain_equation(c1)
        part = find_part(part) if isinstance(part, str) else part
        if part is not None:
            fixed, _ = _numeric_circuit_values(eq, part, {})
            numbers.update(fixed)
        if gain is not None:
            if eq.rg in given:
                raise DeriveError(Message("analysis_gain_and_rg", rg=eq.rg))
            rest = (S(eq.k).free_symbols | S(eq.g0).free_symbols) - set(numbers)
            numbers.update({s: S(DEFAULT_OHMS) for s in rest})
            g0, k = S(eq.g0).subs(numbers), S(eq.k).subs(numbers)
            if S(gain) <= g0:
                raise DeriveError(Message("analysis_gain_too_low", gain=gain, rg=eq.rg, circuit=c0.name,
                                          g0=math_text(g0)))
            numbers[eq.rg] = cancel(k / (S(gain) - g0))
    free = sorted({s for r in c1.resistors for s in S(r.value).free_symbols} - set(numbers), key=str)
    rg = [s for s in free if s.name.lower() == "rg"]
    if rg:
        raise DeriveError(Message("analysis_rg_missing", rg=rg[0], circuit=c0.name))
    defaults = tuple(free)
    numbers.update({s: S(DEFAULT_OHMS) for s in defaults})
    return c1, numbers, defaults


# --- the derivation --------------------------------------------------------------

def _node_symbol(c, node):
    return c.output_symbol if node == c.output else Symbol(f"V_{node}", real=True)


def input_range(circuit, supply, headroom_in=0, swing=0, vref=0, gain=None, part=None, values=None,
                inputs=None):
    """The allowed (Vout, V_cm) region of ``circuit`` on rails ``supply = (low, high)``.

    ``vref`` is the value of every other input (the reference pin); ``gain``,
    ``part`` and ``values`` give the resistors their numbers (see
    :func:`resolve_values`). Returns a :class:`RangeReport`.
    """
    low, high = (S(v) for v in supply)
    headroom_in, swing = S(headroom_in), S(swing)
    if not low < high:
        raise DeriveError(Message("analysis_supply_order", low=low, high=high))
    if headroom_in < 0 or swing < 0:
        raise DeriveError(Message("analysis_headroom_negative"))
    if low + headroom_in >= high - headroom_in or low + swing >= high - swing:
        raise DeriveError(Message("analysis_headroom_too_big", low=low, high=high))
    c0 = as_circuit(circuit)
    if not c0.opamps:
        raise DeriveError(Message("analysis_range_no_opamp", circuit=c0.name))
    if any(not u.ideal for u in c0.opamps):
        raise DeriveError(Message("analysis_range_finite_gain", circuit=c0.name))
    p, m = input_pair(c0, inputs)
    c, numbers, defaults = resolve_values(c0, gain, part, values)
    v1, v2 = _signal(p), _signal(m)
    refs = [_signal(e) for e in c.sources if e.name not in (p.name, m.name)]
    ref_values = {r: S(vref) for r in refs}
    # The netlist's op-amp offsets and bias currents (.opamp lines), as elements: fixed numbers.
    model, errors = with_opamp_errors(c)
    fixed = refs + list(errors)
    sol = solve(model)
    vout_sym = c.output_symbol
    plane = {v1: VCM + VD / 2, v2: VCM - VD / 2}

    def in_plane(expr):
        return cancel(S(expr).subs(plane, simultaneous=True))

    out_dm = in_plane(sol.output)
    ad = cancel(out_dm.diff(VD))
    if ad == 0 or ad.has(VD, VCM):
        raise DeriveError(Message("analysis_range_not_linear", circuit=c.name, v1=v1, v2=v2))
    rest = cancel(out_dm - ad * VD)
    vd_expr = cancel((vout_sym - rest) / ad)

    b = AnalysisBuilder("range", c)
    b.values.update(plus=v1, minus=v2)
    b.define(vout_sym, sol.output)
    b.define(VD, v1 - v2)
    b.define(VCM, (v1 + v2) / 2)
    d1 = b.add("define-vd", "define_differential", VD, v1 - v2, vd=VD, v1=v1, v2=v2)
    d2 = b.add("define-vcm", "define_common_mode", VCM, (v1 + v2) / 2, vcm=VCM, v1=v1, v2=v2)
    tr = b.add("range-output", "range_output", vout_sym, _collect(out_dm, [VD, VCM] + fixed),
               uses=[d1, d2], vd=VD, vcm=VCM)
    s_vd = b.add("range-vd", "range_solve_vd", VD, tidy(vd_expr), uses=[tr], vd=VD, vout=vout_sym)

    node_steps, limits = {}, []
    for u in c.opamps:
        for terminal, node in (("+", u.plus), ("-", u.minus), ("out", u.output)):
            expr = in_plane(sol.v(node)).subs(VD, vd_expr)
            expr = cancel(expr)
            sym = _node_symbol(c, node)
            if node not in node_steps:
                b.define(sym, sol.v(node))
                twin = next((n for n in node_steps if n != c.output and cancel(sol.v(n) - sol.v(node)) == 0), None)
                if node == c.output:
                    node_steps[node] = tr
                elif twin is not None:
                    node_steps[node] = b.add(f"node-{node}", "node_same", sym, _node_symbol(c, twin),
                                             uses=[node_steps[twin]], opamp=u.name, node=sym,
                                             twin=_node_symbol(c, twin))
                else:
                    node_steps[node] = b.add(
                        f"node-{node}", _terminal_key(terminal), sym, _collect(expr, [vout_sym, VCM] + fixed),
                        uses=[s_vd], opamp=u.name, node=sym, vcm=VCM, vd=VD)
            at = {**numbers, **ref_values, **errors}
            num = cancel(expr.subs(at))
            a, bb = num.diff(vout_sym), num.diff(VCM)
            const = cancel(num - a * vout_sym - bb * VCM)
            head = swing if terminal == "out" else headroom_in
            for side, bound in (("low", low + head), ("high", high - head)):
                limits.append(Limit(u.name, terminal, node, side, bound, a, bb, const))
    limits = _merge(limits)
    vertices, edges = _polygon(limits, c.name, low, high)
    at = {**numbers, **ref_values, **errors}
    last = s_vd
    for i, e in enumerate(edges):
        sym = _node_symbol(c, e.node)
        line = e.limit.equation(vout_sym)
        last = b.add(f"edge-{i + 1}", "range_edge", line.lhs, line.rhs, uses=[node_steps[e.node]], at=at,
                     where=[Eq(sym, e.bound)], opamp=e.opamp, node=sym, limit=e.limit.relation(sym))
    b.values["supply"] = f"{low} V, {high} V"
    analysis = b.finish(last)
    g = cancel(ad.subs(numbers))

    def vd_of(x, y):
        return cancel(vd_expr.subs(at).subs({vout_sym: x, VCM: y}))

    return RangeReport(analysis, c, (low, high), headroom_in, swing, ref_values, numbers, defaults, g,
                       tuple(limits), vertices, edges, vd_of, errors)


def _terminal_key(terminal):
    return {"+": "node_plus", "-": "node_minus", "out": "node_out"}[terminal]


def _collect(expr, symbols):
    """``expr`` as one factored coefficient per group of symbols, plus a constant.

    Symbols whose coefficients differ only in sign share one term:
    ``k*(Vout - Vref)``.

    >>> from sympy import symbols
    >>> x, y, z = symbols("x y z")
    >>> _collect(x/4 - y/4 + z + 3, [x, y, z])
    z + (x - y)/4 + 3
    """
    from sympy import Add, Mul

    expr = cancel(expr)
    coeffs = [(s, cancel(expr.diff(s))) for s in symbols]
    const = cancel(expr - sum(k * s for s, k in coeffs))
    groups = []
    for s, k in coeffs:
        if k == 0:
            continue
        for g in groups:
            if cancel(g[0] + k) == 0 or cancel(g[0] - k) == 0:
                g[1].append(s if cancel(g[0] - k) == 0 else -s)
                break
        else:
            groups.append([k, [s]])
    terms = []
    for k, members in groups:
        inner = Add(*members, evaluate=False) if len(members) > 1 else members[0]
        k = factor(k)
        sign = -1 if k.could_extract_minus_sign() or (k.is_Mul and k.args[0].is_negative) else 1
        k = factor(sign * k)
        if k.is_Number:
            terms.append(sign * k * inner if len(members) == 1 else Mul(sign * k, inner, evaluate=False))
        elif k == 1:
            terms.append(inner if sign == 1 else Mul(-1, inner, evaluate=False))
        else:
            terms.append(Mul(k, inner, evaluate=False) if sign == 1 else Mul(-1, k, inner, evaluate=False))
    if const != 0:
        terms.append(factor(const))
    return Add(*terms, evaluate=False) if len(terms) > 1 else (terms[0] if terms else S.Zero)


def _merge(limits):
    """One limit per distinct line: a virtual short puts both inputs on the same one."""
    kept = []
    for lim in limits:
        twin = next((i for i, k in enumerate(kept) if k.same_line(lim)), None)
        if twin is None:
            kept.append(lim)
        else:
            k = kept[twin]
            kept[twin] = Limit(k.opamp, k.terminal, k.node, k.side, k.bound, k.a, k.b, k.c,
                               k.also + ((lim.opamp, lim.terminal, lim.node),))
    return kept


# --- the polygon -------------------------------------------------------------------

def _polygon(limits, name, low, high):
    """Vertices (counter-clockwise) and edges of the region all ``limits`` allow."""
    for lim in limits:
        if lim.a == 0 and lim.b == 0 and lim.slack(0, 0) < 0:
            raise DeriveError(Message("analysis_range_fixed_node", opamp=lim.opamp, node=lim.node, value=lim.c,
                                      bound=lim.bound))
    lines = [lim for lim in limits if lim.a != 0 or lim.b != 0]
    big = 1000 * (abs(low) + abs(high) + 1)
    box = [Limit("", "", "", side, bound, a, b, 0) for side, bound, a, b in
           (("high", big, 1, 0), ("low", -big, 1, 0), ("high", big, 0, 1), ("low", -big, 0, 1))]
    points = []
    for l1, l2 in combinations(lines + box, 2):
        det = l1.a * l2.b - l1.b * l2.a
        if det == 0:
            continue
        r1, r2 = l1.bound - l1.c, l2.bound - l2.c
        x, y = (r1 * l2.b - r2 * l1.b) / det, (l1.a * r2 - l2.a * r1) / det
        if (x, y) not in points and all(lim.slack(x, y) >= 0 for lim in lines + box):
            points.append((x, y))
    if len(points) < 3:
        raise DeriveError(Message("analysis_range_empty" if not points else "analysis_range_degenerate",
                                  circuit=name))
    if any(abs(x) == big or abs(y) == big for x, y in points):
        raise DeriveError(Message("analysis_range_unbounded", circuit=name))
    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    points.sort(key=lambda p: math.atan2(float(p[1] - cy), float(p[0] - cx)))
    start = min(range(len(points)), key=lambda i: (points[i][0], points[i][1]))
    points = points[start:] + points[:start]
    edges = []
    for i, p in enumerate(points):
        q = points[(i + 1) % len(points)]
        tight = [lim for lim in lines if lim.slack(*p) == 0 and lim.slack(*q) == 0]
        edges.append(Edge(tight[0], p, q))
    return points, edges


def terminal_words(terminal, lang="en", short=False):
    """An op-amp terminal (``+``, ``-``, ``out``) in words of ``lang``; ``short``:
    as a crowded plot labels it.

    >>> terminal_words("out", "es"), terminal_words("+"), terminal_words("out", short=True)
    ('salida', '+ input', 'out')
    """
    key = {"+": "terminal_plus", "-": "terminal_minus", "out": "terminal_out"}[terminal]
    return ui(("plot_" if short else "") + key, lang, "analysis")


def range_plot(report, path=None, title=None, labels=None, lang="en"):
    """The allowed region as a matplotlib Figure (built without pyplot), each edge labelled.

    ``labels`` gives each edge's text (default: op-amp, terminal, node and bound,
    in ``lang`` like the axes).
    With ``path`` the figure is also saved (PNG without a timestamp).

    >>> fig = range_plot(input_range("inamp-ic", (-15, 15), gain=10, part="AD620"))
    >>> sorted(t.get_text() for t in fig.axes[0].texts)[:2]
    ['U1 out (o1) -15 V', 'U1 out (o1) 15 V']
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon

    from ..text.numerals import formatted
    from .bode import localize_axes

    pts = [(float(x), float(y)) for x, y in report.vertices]
    fig = Figure(figsize=(6.4, 4.8))
    ax = fig.subplots()
    ax.add_patch(Polygon(pts, closed=True, alpha=0.25, edgecolor="C0", linewidth=1.5))
    xs, ys = zip(*pts)
    ax.plot(xs + xs[:1], ys + ys[:1], color="C0", linewidth=1.5)
    ax.plot(xs, ys, "o", color="C0", markersize=3)
    pad_x = 0.2 * (max(xs) - min(xs) or 1)
    pad_y = 0.2 * (max(ys) - min(ys) or 1)
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    sx, sy = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    for i, e in enumerate(report.edges):
        (x0, y0), (x1, y1) = [(float(x), float(y)) for x, y in (e.start, e.end)]
        text = labels[i] if labels else ui("plot_edge", lang, "analysis", opamp=e.opamp, node=e.node,
                                           terminal=terminal_words(e.terminal, lang, short=True),
                                           bound=formatted(e.bound, "g", lang))
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        tx, ty = (x1 - x0) / sx, (y1 - y0) / sy          # along the edge, in axis-relative units
        length = math.hypot(tx, ty) or 1
        tx, ty = tx / length, ty / length
        nx, ny = ty, -tx                                 # outward: vertices run counter-clockwise
        if nx * (mx - cx) / sx + ny * (my - cy) / sy < 0:
            nx, ny = -nx, -ny
        dist = 14
        if length < 0.25:                               # a short edge: move the label aside, with a leader
            side = 1 if tx * (mx - cx) / sx + ty * (my - cy) / sy >= 0 else -1
            ox, oy = 26 * nx + 40 * side * tx, 26 * ny + 40 * side * ty
        else:
            ox, oy = dist * nx, dist * ny
        ax.annotate(text, (mx, my), xytext=(ox, oy), textcoords="offset points", fontsize=7,
                    ha="center", va="center",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "0.6", "alpha": 0.9},
                    arrowprops={"arrowstyle": "-", "color": "0.5", "linewidth": 0.6} if length < 0.25 else None)
    ax.set_xlabel(ui("plot_output_voltage", lang, "analysis", vout=report.vout_symbol))
    ax.set_ylabel(ui("plot_common_mode", lang, "analysis"))
    ax.grid(True, alpha=0.3)
    ax.axhline(0, color="0.5", linewidth=0.6)
    ax.axvline(0, color="0.5", linewidth=0.6)
    if title:
        import textwrap

        ax.set_title("\n".join(textwrap.wrap(title, 70)), fontsize=10)
    localize_axes(fig, lang)
    fig.tight_layout()
    if path is not None:
        png = str(path).lower().endswith(".png")
        fig.savefig(path, metadata={"Software": None} if png else None)
    return fig


__all__ = ["Edge", "Limit", "RangeReport", "input_range", "range_plot", "resolve_values", "terminal_words"]
