"""Schematics of user netlists read as drawn: checked from the geometry alone.

Two independent checks, neither using derive's own connectivity code:

* :func:`conductors` rebuilds what the drawing connects on a 0.01 grid, where
  a horizontal and a vertical run join only at a corner or a wire's end (a
  plain crossing is no connection, as a reader takes it), and compares it
  with the netlist's nodes;
* :func:`style_problems` lists what makes a drawing hard to read: wires
  crossing (connected or not), a wire over a part or along another wire, two
  wires of different nodes closer than 0.3 along a stretch, a T-joint without
  its junction dot, an element drawn twice or not at all.

The corpus of user netlists (tests/data/anycircuit), the examples and the
built-ins must be drawn with no style problem; random circuits of the kinds
users bring (tests/support/circuits.py) must at least be drawn faithfully.
"""
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from derive.circuit import builtin_names, load_circuit, parse_netlist
from derive.schematic.layout import layout_circuit
from tests.support.circuits import op_amp_circuits

ROOT = Path(__file__).resolve().parent.parent
USER_FILES = sorted((ROOT / "tests/data/anycircuit").glob("*.net")) + [
    p for p in sorted((ROOT / "examples").glob("*.net")) if p.name != "bad.net"]
GRID = 100
NEAR = 0.3


def cell(p):
    return (round(p[0] * GRID), round(p[1] * GRID))


def _segments(lay):
    return [(i, (a, b)) for i, w in enumerate(lay.wires) for a, b in zip(w, w[1:]) if a != b]


def _contacts(lay):
    found = []
    for op in lay.opamps:
        found += [((op.element, pin), p) for pin, p in op.pins.items()]
    for part in lay.parts:
        found += [((part.element, 0), part.start), ((part.element, 1), part.end)]
    found += [(("ground", i), g) for i, g in enumerate(lay.grounds)]
    found += [((t.element or "output", "t"), t.at) for t in lay.terminals]
    return found


def conductors(lay):
    """{contact key: conductor id}; ground symbols share one conductor, "GND"."""
    parent = {}

    def find(a):
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(a, b):
        parent[find(a)] = find(b)

    vertices = {cell(p) for w in lay.wires for p in w}
    for _, (a, b) in _segments(lay):
        (x1, y1), (x2, y2) = cell(a), cell(b)
        d = "h" if y1 == y2 else "v"
        assert d == "h" or x1 == x2, f"wire {a}-{b} is not orthogonal"
        pts = ([(x, y1) for x in range(min(x1, x2), max(x1, x2) + 1)] if d == "h"
               else [(x1, y) for y in range(min(y1, y2), max(y1, y2) + 1)])
        for p, q in zip(pts, pts[1:]):
            join((p, d), (q, d))
    for v in vertices:   # a corner or a wire's end joins the runs through it
        join((v, "h"), (v, "v"))
    for key, p in _contacts(lay):
        join(key, (cell(p), "h"))
        join(key, (cell(p), "v"))
    for i, _ in enumerate(lay.grounds):
        join(("ground", i), "GND")
    return {key: find(key) for key, _ in _contacts(lay)} | {"GND": find("GND")}


def drawn_nodes(circuit, lay):
    """{node: set of conductors} as the drawing shows the netlist's nodes."""
    found = conductors(lay)
    seen = {"0": {found["GND"]}}
    parts = {p.element: p for p in lay.parts}
    terminals = {t.element: t for t in lay.terminals if t.element}
    for e in circuit.elements:
        if e.kind == "op-amp":
            keys = [((e.name, pin), node) for pin, node in zip(("+", "-", "out"), e.nodes)]
        elif e.name in terminals:
            keys = [((e.name, "t"), e.nodes[0])]
        elif e.name in parts:
            assert sorted(parts[e.name].nodes) == sorted(e.nodes), f"{e.name} drawn on other nodes"
            keys = [((e.name, i), node) for i, node in enumerate(parts[e.name].nodes)]
        else:
            assert e.sets_voltage and e.value == 0, f"{e.name} is not drawn"
            continue
        for key, node in keys:
            seen.setdefault(node, set()).add(found[key])
    seen.setdefault(circuit.output, set()).add(found[("output", "t")])
    return seen


def assert_faithful(circuit, lay):
    seen = drawn_nodes(circuit, lay)
    assert set(seen) == set(circuit.nodes) | {"0"}
    owners = {}
    for node, comps in seen.items():
        assert len(comps) == 1, f"node {node} is drawn in {len(comps)} pieces"
        for c in comps:
            assert owners.setdefault(c, node) == node, f"nodes {owners[c]} and {node} touch"


def _inside(p, seg):
    """Is p strictly inside the axis-parallel segment seg?"""
    (x1, y1), (x2, y2) = seg
    if abs(x1 - x2) < 1e-9:
        return abs(p[0] - x1) < 1e-9 and min(y1, y2) + 1e-9 < p[1] < max(y1, y2) - 1e-9
    return abs(p[1] - y1) < 1e-9 and min(x1, x2) + 1e-9 < p[0] < max(x1, x2) - 1e-9


def _horizontal(seg):
    return abs(seg[0][1] - seg[1][1]) < 1e-9


def style_problems(circuit, lay):
    """What makes the drawing hard to read (empty: nothing)."""
    problems = []
    wires = _segments(lay)
    bodies = [(("part", p.element), (p.start, p.end)) for p in lay.parts]
    lines = [(("wire", i), s) for i, s in wires] + bodies
    for k, (who, a) in enumerate(lines):
        for other, b in lines[k + 1:]:
            if who == other:
                continue
            if _horizontal(a) != _horizontal(b):
                h, v = (a, b) if _horizontal(a) else (b, a)
                p = (v[0][0], h[0][1])
                if _inside(p, h) and _inside(p, v):
                    problems.append(f"{who} crosses {other} at {p}")
                continue
            axis, along = (1, 0) if _horizontal(a) else (0, 1)
            lo = max(min(a[0][along], a[1][along]), min(b[0][along], b[1][along]))
            hi = min(max(a[0][along], a[1][along]), max(b[0][along], b[1][along]))
            gap = abs(a[0][axis] - b[0][axis])
            if hi - lo > 1e-6 and gap < 1e-9:
                problems.append(f"{who} runs along {other} from {lo} to {hi}")
            elif hi - lo > NEAR and gap < NEAR and "part" not in (who[0], other[0]):
                problems.append(f"{who} runs {gap:.2f} from {other} from {lo} to {hi}")
    for owner, p in [(f"{w} end", q) for w, s in lines if w[0] == "wire" for q in s] + [
            (f"{k}", q) for k, q in _contacts(lay)]:
        for who, body in bodies:
            if _inside(p, body):
                problems.append(f"{owner} at {p} touches the body of {who[1]}")
    dots = {cell(d) for d in lay.dots}
    terminals = {cell(t.at) for t in lay.terminals}
    degree = {}
    for _, (a, b) in wires:
        for q in (a, b):
            degree[cell(q)] = degree.get(cell(q), 0) + 1
    for _, q in _contacts(lay):
        degree[cell(q)] = degree.get(cell(q), 0) + 1
    for c in list(degree):
        p = (c[0] / GRID, c[1] / GRID)
        degree[c] += 2 * sum(1 for _, s in wires if _inside(p, s))
    for c, d in degree.items():
        if d >= 3 and c not in dots and c not in terminals:
            problems.append(f"a joint of {d} wires at {(c[0] / GRID, c[1] / GRID)} has no dot")
    for c in dots:
        if degree.get(c, 0) < 3:
            problems.append(f"a dot at {(c[0] / GRID, c[1] / GRID)} joins nothing")
    names = [p.element for p in lay.parts] + [op.element for op in lay.opamps]
    names += [t.element for t in lay.terminals if t.element]
    expected = [e.name for e in circuit.elements if not (e.sets_voltage and e.value == 0 and e.name not in names)]
    if sorted(names) != sorted(expected):
        problems.append(f"drawn {sorted(names)}, netlist has {sorted(expected)}")
    return problems


def _user(path):
    return parse_netlist(path.read_text("utf-8"), name=path.stem)


# No drawing of ours has a crossing now. (The Tow-Thomas output, taken inside its
# three-op-amp loop, had its terminal wired back to the bottom left across the loop's
# return wire: it is now on a short lead under U2's output. A driven reference into
# the difference stage's (+) used to come up from below U3 across the (-) input's
# rail: its buffer now stands over the in-amp's pair and comes down, crossing nothing.)
CROSSINGS = {}


@pytest.mark.parametrize("path", USER_FILES, ids=lambda p: p.stem)
def test_user_netlist_is_drawn_faithfully_and_readably(path):
    circuit = _user(path)
    lay = layout_circuit(circuit)
    assert_faithful(circuit, lay)
    problems = style_problems(circuit, lay)
    crossings = [p for p in problems if p.startswith("('wire'") and " crosses ('wire'" in p]
    assert len(crossings) == CROSSINGS.get(path.stem, 0), problems
    assert [p for p in problems if p not in crossings] == []


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_is_drawn_readably(name):
    circuit = load_circuit(name)
    lay = layout_circuit(circuit)
    assert_faithful(circuit, lay)
    assert style_problems(circuit, lay) == []


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(op_amp_circuits(positive_share=0.0))
def test_random_user_circuits_are_drawn_faithfully(drawn):
    from derive.errors import DeriveError

    try:
        circuit = parse_netlist(drawn.text, name="random")
    except DeriveError:
        return
    assert_faithful(circuit, layout_circuit(circuit))


def _fixture(text):
    circuit = parse_netlist(text, name="fixture")
    return circuit, layout_circuit(circuit)


def test_the_checks_see_a_crossing_a_missing_dot_and_a_wire_over_a_part():
    from dataclasses import replace

    circuit, lay = _fixture((ROOT / "examples/t-network.net").read_text("utf-8"))
    assert style_problems(circuit, lay) == []
    part = lay.parts[0]
    (x1, y1), (x2, y2) = part.start, part.end
    mid = ((x1 + x2) / 2, (y1 + y2) / 2)
    if y1 == y2:
        across = ((mid[0], mid[1] - 1), (mid[0], mid[1] + 1))
    else:
        across = ((mid[0] - 1, mid[1]), (mid[0] + 1, mid[1]))
    assert any("crosses" in p for p in style_problems(circuit, replace(lay, wires=lay.wires + (across,))))
    assert any("has no dot" in p for p in style_problems(circuit, replace(lay, dots=lay.dots[1:])))
    along = (part.start, part.end)
    assert any("runs along" in p for p in style_problems(circuit, replace(lay, wires=lay.wires + (along,))))
    # a crossing is no connection to the independent check: a wire across two nodes joins nothing
    w = lay.wires[0]
    assert_faithful(circuit, lay)
    with pytest.raises(AssertionError):
        assert_faithful(circuit, replace(lay, wires=lay.wires[1:] if len(w) > 1 else lay.wires))


T_NETWORK = "Vin in 0 Vin\nR1 in m R1\nR2 m t R2\nR3 t out R3\nR4 t 0 R4\nU1 0 m out\n"


def test_t_network_feedback_runs_over_the_op_amp_with_its_leg_to_ground_between():
    circuit, lay = _fixture(T_NETWORK)
    parts = {p.element: p for p in lay.parts}
    u1 = lay.opamps[0]
    top = u1.center[1] + 1.0
    assert parts["R2"].start[1] == parts["R2"].end[1] == parts["R3"].start[1] > top
    assert parts["R2"].end == parts["R3"].start == parts["R4"].start, "R4 hangs from the tee's middle"
    assert min(parts["R4"].end[1], parts["R4"].start[1]) > top, "its ground sits above the op-amp"
    assert cell(parts["R4"].start) in {cell(d) for d in lay.dots}


def test_a_divider_shunt_at_the_input_hangs_from_the_input_rail():
    """Not drawn over the op-amp, where a feedback resistor goes."""
    circuit, lay = _fixture((ROOT / "examples/divider-stage.net").read_text("utf-8"))
    parts = {p.element: p for p in lay.parts}
    rb, ra = parts["Rb"], parts["Ra"]
    pin = next(op for op in lay.opamps).pins["+"]
    assert rb.start[0] == rb.end[0] < pin[0], "Rb vertical, left of the op-amp"
    assert max(rb.start[1], rb.end[1]) == ra.end[1] == pin[1]


def test_source_resistances_and_a_bridge_are_rails_into_the_inputs():
    for name in ("diff_source", "bridge_diffamp"):
        circuit = _user(ROOT / f"tests/data/anycircuit/{name}.net")
        lay = layout_circuit(circuit)
        generic_row = min(op.center[1] for op in lay.opamps) - 4.0
        assert all(min(p.start[1], p.end[1]) > generic_row for p in lay.parts), name
        horizontal = [p for p in lay.parts if p.start[1] == p.end[1]]
        assert len(horizontal) >= 5, name


def test_two_op_amps_into_one_summing_input_need_no_router():
    circuit = _user(ROOT / "tests/data/anycircuit/cascade3_summing.net")
    lay = layout_circuit(circuit)
    r6 = next(p for p in lay.parts if p.element == "R6")
    u2 = next(op for op in lay.opamps if op.element == "U2")
    assert r6.start[1] == r6.end[1] == u2.center[1], "R6 runs at the height of U2's output"


def test_an_output_resistor_and_a_load_continue_the_output_wire():
    circuit = _user(ROOT / "tests/data/anycircuit/source_load.net")
    lay = layout_circuit(circuit)
    parts = {p.element: p for p in lay.parts}
    out = next(op for op in lay.opamps).pins["out"]
    ro, rl = parts["Ro"], parts["RL"]
    assert ro.start[1] == ro.end[1] == out[1] and min(ro.start[0], ro.end[0]) > out[0]
    assert rl.start[0] == rl.end[0] and max(rl.start[1], rl.end[1]) == out[1]
    assert [t.at[1] for t in lay.terminals if t.element is None] == [out[1]]


def test_a_reference_leg_gives_way_to_a_ladder_into_the_same_input():
    text = ("V1 in_1 0 V1\nRs1 in_1 s_1 Rs1\nV2 in_2 0 V2\nV3 ref_1 0 V3\nR1 s_1 p_1 R1\n"
            "R2 p_1 ref_1 R2\nR3 in_2 m_1 R3\nR4 m_1 out R4\nU1 p_1 m_1 out\n")
    circuit, lay = _fixture(text)
    assert style_problems(circuit, lay) == []
    parts = {p.element: p for p in lay.parts}
    assert parts["Rs1"].start[1] == parts["R1"].start[1], "Rs1 and R1 in one rail"


LOOPS = {
    # U2 inverts U1's output and R5 returns it to U1's input
    "inverting-loop": "V1 in 0 Vin\nR1 in m1 R1\nU1 0 m1 o1\nR2 m1 o1 R2\nR3 o1 m2 R3\n"
                      "U2 0 m2 out\nR4 m2 out R4\nR5 out m1 R5\n",
    # a composite amplifier: U2 inside U1's feedback loop
    "composite": "V1 in 0 Vin\nU1 in m1 o1\nR1 m1 0 R1\nU2 o1 m2 out\nR2 m2 0 R2\n"
                 "R3 m2 out R3\nR4 out m1 R4\n",
}


@pytest.mark.parametrize("name", sorted(LOOPS))
def test_two_op_amps_in_a_loop_stand_side_by_side_and_the_return_runs_clear(name):
    """The return wire used to run 0.1 from the output wire along its whole length."""
    circuit, lay = _fixture(LOOPS[name])
    assert_faithful(circuit, lay)
    assert style_problems(circuit, lay) == []
    ops = {op.element: op for op in lay.opamps}
    assert ops["U1"].center[0] < ops["U2"].center[0]
    driven = ops["U2"].pins["+" if name == "composite" else "-"]
    if name == "composite":   # a wire from U1's output straight into U2's (+): no jog
        assert driven[1] == ops["U1"].pins["out"][1]


def test_most_random_user_circuits_are_drawn_without_a_style_problem():
    """Measured on 300 draws: 177 had a style problem before ladders, tees, output
    chains, loops and summing ladders; 16 after. A guard buffer on the gain
    resistor's midpoint stands beside the in-amp's pair (it was left out here while
    the router drew it). At most one in ten may have more than one crossing or any
    other problem."""
    from derive.errors import DeriveError

    drawn = []

    @settings(max_examples=80, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(op_amp_circuits(positive_share=0.0))
    def collect(d):
        drawn.append(d.text)

    collect()
    bad, total = [], 0
    for text in drawn:
        try:
            circuit = parse_netlist(text, name="random")
        except DeriveError:
            continue
        total += 1
        problems = style_problems(circuit, layout_circuit(circuit))
        crossings = [p for p in problems if p.startswith("('wire'") and " crosses ('wire'" in p]
        # one wire crossing another is tolerated; anything else is not
        if len(crossings) > 1 or len(problems) > len(crossings):
            bad.append(text)
    assert total > 40 and len(bad) <= total // 10, bad[:2]


def test_a_summing_node_fed_through_dividers_stacks_one_rail_per_input():
    text = ("V1 in_1 0 V1\nRt1 in_1 d_1 Rt1\nRb1 d_1 0 Rb1\nV2 in_2 0 V2\nRt2 in_2 d_2 Rt2\n"
            "Rb2 d_2 0 Rb2\nRsum1 d_1 m_1 Rsum1\nRsum2 d_2 m_1 Rsum2\nRf1 m_1 out Rf1\nU1 0 m_1 out\n")
    circuit, lay = _fixture(text)
    assert_faithful(circuit, lay)
    assert style_problems(circuit, lay) == []
    parts = {p.element: p for p in lay.parts}
    for i in (1, 2):
        rail, shunt = parts[f"Rt{i}"], parts[f"Rb{i}"]
        assert rail.start[1] == rail.end[1] == parts[f"Rsum{i}"].start[1]
        assert shunt.start[0] == shunt.end[0] and max(shunt.start[1], shunt.end[1]) == rail.end[1]


def test_an_output_at_an_op_amp_input_ends_that_inputs_column():
    """The Howland pump's VL used to wander off to a router track below the drawing."""
    circuit = _user(ROOT / "tests/data/anycircuit/howland.net")
    lay = layout_circuit(circuit)
    out = next(t for t in lay.terminals if t.element is None)
    op = lay.opamps[0]
    pin = op.pins["+"]
    assert out.at[0] == pin[0] - 0.5 and out.at[1] < pin[1] and out.facing == "below"
    assert out.at[1] > op.center[1] - 5.0, "right under the stacked legs, not far below"


GUARD2 = ("V1 in_1 0 V1\nV2 in_2 0 V2\nU1 in_1 m_1 o_1\nR1 m_1 0 R1\nR2 o_1 m_1 R2\nR3 o_1 m_2 R3\n"
          "R4 m_2 o_2 R4\nRG1 m_1 w_1 RG1\nRG2 w_1 m_2 RG2\nU2 w_1 g_1 g_1\nRguard1 g_1 0 Rguard1\n"
          "U3 in_2 m_2 o_2\n.output o_2 Vout\n")


@pytest.mark.parametrize("text", [(ROOT / "tests/data/anycircuit/inamp_guard.net").read_text("utf-8"), GUARD2],
                         ids=["stacked pair", "two-op-amp in-amp"])
def test_a_guard_follower_stands_beside_the_split_gain_resistor_one_straight_wire_from_its_middle(text):
    """The router drew these with wires across the page; now one straight wire joins the
    gain resistor's middle node to the follower's (+) lead."""
    circuit, lay = _fixture(text)
    assert_faithful(circuit, lay)
    assert style_problems(circuit, lay) == []
    follower = next(op for op in lay.opamps if op.nodes["-"] == op.nodes["out"])
    mid = follower.nodes["+"]
    point = next(q for p in lay.parts for q, n in zip((p.start, p.end), p.nodes) if n == mid)
    lead = [w for w in lay.wires if point in w]
    assert len(lead) == 1 and (lead[0][0], lead[0][-1]) == (point, follower.pins["+"]), lead
    # one straight run from the middle node, then down (or up) into the pin's lead
    assert len(lead[0]) <= 4 and (lead[0][1][0] == point[0] or lead[0][1][1] == point[1])
