"""Random op-amp circuits of the kinds users bring, as a hypothesis strategy.

``op_amp_circuits()`` draws a netlist text built from textbook blocks: input
sources (with source resistances, dividers or a Wheatstone bridge), stages
(inverting with a plain, T-network or divider-tap feedback and an optional
bias resistor; non-inverting with plain, T or tap feedback and an input
divider; followers; summing amplifiers with up to 12 inputs; difference
amplifiers with a reference; two-, three- and four-op-amp in-amps with a gain
pot, a split RG and a driven reference; Howland pumps) in cascades of up to
three stages, with optional output resistor and load, and matching conditions
(``.match``) where a textbook would state them. With a small probability the
circuit is a positive-feedback one only (inputs swapped, Schmitt triggers).

Each draw is a :class:`Drawn`: the netlist ``text`` and ``positive``, True
when the circuit was built with positive feedback (it must be refused).

>>> from hypothesis import given, settings
>>> found = []
>>> @settings(max_examples=5, database=None)
... @given(op_amp_circuits())
... def collect(drawn):
...     found.append(drawn)
>>> collect()
>>> all(".output" in d.text for d in found)
True
"""
from dataclasses import dataclass, field

from hypothesis import strategies as st


@dataclass
class Drawn:
    """A generated circuit: its netlist text and whether it has positive feedback."""

    text: str
    positive: bool = False
    kinds: tuple = ()

    def __repr__(self):   # hypothesis prints this on failure: the netlist itself
        return f"Drawn(positive={self.positive}, kinds={self.kinds}, text=\n{self.text})"


@dataclass
class _Net:
    """Collects lines, fresh names and matching conditions while blocks are drawn."""

    lines: list = field(default_factory=list)
    matches: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    kinds: list = field(default_factory=list)

    def name(self, prefix):
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{prefix}{self.counts[prefix]}"

    def node(self, prefix="n"):
        return self.name(f"{prefix}_")

    def r(self, a, b, prefix="R"):
        n = self.name(prefix)
        self.lines.append(f"{n} {a} {b} {n}")
        return n

    def source(self, node):
        n = self.name("V")
        self.lines.append(f"{n} {node} 0 {n}")
        return n

    def opamp(self, plus, minus, out):
        self.lines.append(f"{self.name('U')} {plus} {minus} {out}")


# --- inputs ---------------------------------------------------------------------

def _input(draw, net):
    """A node carrying a signal: a source, behind a source resistance or a divider."""
    node = net.node("in")
    net.source(node)
    shape = draw(st.sampled_from(["plain", "plain", "series", "divider"]))
    if shape == "series":
        after = net.node("s")
        net.r(node, after, "Rs")
        net.kinds.append("source_resistance")
        return after
    if shape == "divider":
        tap = net.node("d")
        net.r(node, tap, "Rt")
        net.r(tap, "0", "Rb")
        net.kinds.append("input_divider")
        return tap
    return node


def _bridge(net):
    """A Wheatstone bridge on one excitation source: two signal nodes."""
    ex = net.node("ex")
    net.source(ex)
    a, b = net.node("a"), net.node("b")
    net.r(ex, a, "Rbr")
    net.r(a, "0", "Rbr")
    net.r(ex, b, "Rbr")
    net.r(b, "0", "Rbr")
    net.kinds.append("bridge")
    return a, b


# --- feedback networks -----------------------------------------------------------

def _feedback(draw, net, out, minus):
    """From ``out`` back to ``minus``: a resistor, a T network or a divider tap."""
    shape = draw(st.sampled_from(["plain", "plain", "t", "tap"]))
    if shape == "t":
        t = net.node("t")
        net.r(minus, t, "Rf")
        net.r(t, out, "Rf")
        net.r(t, "0", "Rt")
        net.kinds.append("t_network")
    elif shape == "tap":
        t = net.node("t")
        net.r(out, t, "Ra")
        net.r(t, "0", "Rb")
        net.r(t, minus, "Rf")
        net.kinds.append("divider_tap")
    else:
        net.r(minus, out, "Rf")


# --- single-input stages ---------------------------------------------------------

def _inverting(draw, net, x):
    m, out = net.node("m"), net.node("o")
    net.r(x, m, "Rin")
    _feedback(draw, net, out, m)
    plus = "0"
    if draw(st.booleans()):
        plus = net.node("p")
        net.r(plus, "0", "Rc")
    net.opamp(plus, m, out)
    net.kinds.append("inverting")
    return out


def _noninverting(draw, net, x):
    m, out = net.node("m"), net.node("o")
    net.r(m, "0", "Rg")
    _feedback(draw, net, out, m)
    net.opamp(x, m, out)
    net.kinds.append("noninverting")
    return out


def _follower(draw, net, x):
    out = net.node("o")
    net.opamp(x, out, out)
    net.kinds.append("follower")
    return out


def _summing(draw, net, xs):
    m, out = net.node("m"), net.node("o")
    names = [net.r(x, m, "Rsum") for x in xs]
    net.r(m, out, "Rf")
    net.opamp("0", m, out)
    if draw(st.booleans()):
        net.matches += [f"{names[0]}={n}" for n in names[1:]]
    net.kinds.append("summing")
    return out


# --- two-input stages --------------------------------------------------------------

def _reference(draw, net):
    """Ground, a reference source, or one driven by a fourth op-amp."""
    shape = draw(st.sampled_from(["ground", "ground", "source", "driven"]))
    if shape == "ground":
        return "0"
    node = net.node("ref")
    net.source(node)
    if shape == "source":
        return node
    drv = net.node("rd")
    net.opamp(node, drv, drv)
    net.kinds.append("driven_reference")
    return drv


def _difference(draw, net, x1, x2, ref=None):
    p, m, out = net.node("p"), net.node("m"), net.node("o")
    ref = ref if ref is not None else _reference(draw, net)
    r1 = net.r(x1, p, "R")
    r2 = net.r(p, ref, "R")
    r3 = net.r(x2, m, "R")
    r4 = net.r(m, out, "R")
    net.opamp(p, m, out)
    if draw(st.booleans()):
        net.matches += [f"{r1}={r3}", f"{r2}={r4}"]
    net.kinds.append("difference")
    return out


def _gain_resistor(draw, net, a, b):
    """RG between a and b: one resistor, a fixed part and a pot, or two halves."""
    shape = draw(st.sampled_from(["one", "pot", "split"]))
    if shape == "one":
        net.r(a, b, "RG")
        return
    mid = net.node("w")
    first = net.r(a, mid, "RG")
    second = net.r(mid, b, "RP" if shape == "pot" else "RG")
    if shape == "split":
        net.kinds.append("split_rg")
        if draw(st.booleans()):
            net.matches.append(f"{first}={second}")
        if draw(st.booleans()):       # a guard buffer at the midpoint
            g = net.node("g")
            net.opamp(mid, g, g)
            net.r(g, "0", "Rguard")
    else:
        net.kinds.append("gain_pot")


def _inamp3(draw, net, x1, x2):
    g1, g2, o1, o2 = net.node("g"), net.node("g"), net.node("o"), net.node("o")
    net.opamp(x1, g1, o1)
    net.opamp(x2, g2, o2)
    r5 = net.r(o1, g1, "R")
    _gain_resistor(draw, net, g1, g2)
    r6 = net.r(g2, o2, "R")
    if draw(st.booleans()):
        net.matches.append(f"{r5}={r6}")
    net.kinds.append("inamp3")
    return _difference(draw, net, o1, o2)


def _inamp2(draw, net, x1, x2):
    m1, o1, m2, out = net.node("m"), net.node("o"), net.node("m"), net.node("o")
    net.opamp(x1, m1, o1)
    r1 = net.r(m1, "0", "R")
    r2 = net.r(o1, m1, "R")
    r3 = net.r(o1, m2, "R")
    r4 = net.r(m2, out, "R")
    _gain_resistor(draw, net, m1, m2)
    net.opamp(x2, m2, out)
    if draw(st.booleans()):
        net.matches += [f"{r1}={r4}", f"{r2}={r3}"]
    net.kinds.append("inamp2")
    return out


def _howland(draw, net, x):
    """Howland current pump; the output is the load node."""
    m, p, out = net.node("m"), net.node("p"), net.node("o")
    r1 = net.r(x, m, "R")
    r2 = net.r(m, out, "R")
    r3 = net.r(p, "0", "R")
    r4 = net.r(p, out, "R")
    net.r(p, "0", "RL")
    net.opamp(p, m, out)
    net.matches += [f"{r1}={r3}", f"{r2}={r4}"]   # stable for every load only when matched
    net.kinds.append("howland")
    return p


# --- positive feedback only ---------------------------------------------------------

def _positive(draw, net):
    x = _input(draw, net)
    out = net.node("o")
    shape = draw(st.sampled_from(["swapped_inverting", "schmitt_inverting", "schmitt_noninverting",
                                  "swapped_noninverting"]))
    if shape == "swapped_inverting":
        p = net.node("p")
        net.r(x, p, "Rin")
        net.r(p, out, "Rf")
        net.opamp(p, "0", out)
    elif shape == "schmitt_inverting":
        p = net.node("p")
        net.r(out, p, "R")
        net.r(p, "0", "R")
        net.opamp(p, x, out)
    elif shape == "schmitt_noninverting":
        p = net.node("p")
        net.r(x, p, "R")
        net.r(p, out, "R")
        net.opamp(p, "0", out)
    else:
        m = net.node("m")
        net.r(m, "0", "Rg")
        net.r(m, out, "Rf")
        net.opamp(m, x, out)
    net.kinds.append(shape)
    return out


# --- the strategy ---------------------------------------------------------------------

@st.composite
def op_amp_circuits(draw, positive_share=0.1):
    """A random op-amp circuit users could bring (see the module docstring)."""
    net = _Net()
    if draw(st.floats(0, 1)) < positive_share:
        out = _positive(draw, net)
        return _finish(draw, net, out, positive=True)
    first = draw(st.sampled_from(["single", "single", "summing", "difference", "inamp3", "inamp2",
                                  "howland", "bridge"]))
    if first == "single":
        out = _single(draw, net, _input(draw, net))
    elif first == "summing":
        out = _summing(draw, net, [_input(draw, net) for _ in range(draw(st.integers(2, 12)))])
    elif first == "difference":
        out = _difference(draw, net, _input(draw, net), _input(draw, net))
    elif first == "inamp3":
        out = _inamp3(draw, net, _input(draw, net), _input(draw, net))
    elif first == "inamp2":
        out = _inamp2(draw, net, _input(draw, net), _input(draw, net))
    elif first == "howland":
        out = _howland(draw, net, _input(draw, net))
    else:
        a, b = _bridge(net)
        out = draw(st.sampled_from([_inamp3, _difference]))(draw, net, a, b)
    for _ in range(draw(st.integers(0, 2))):      # cascade
        if "howland" in net.kinds:
            break
        out = _single(draw, net, out)
        net.kinds.append("cascade")
    return _finish(draw, net, out)


def _single(draw, net, x):
    return draw(st.sampled_from([_inverting, _noninverting, _follower]))(draw, net, x)


def _finish(draw, net, out, positive=False):
    if not positive and "howland" not in net.kinds and draw(st.booleans()):
        load = net.node("load")
        net.r(out, load, "Ro")
        net.r(load, "0", "RL")
        net.kinds.append("load")
        out = load
    lines = list(net.lines) + [f".output {out} Vout"]
    if net.matches:
        lines.append(".match " + " ".join(net.matches))
    return Drawn("\n".join(lines) + "\n", positive, tuple(net.kinds))
