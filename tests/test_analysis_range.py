"""``derive range``: the input-range region against hand derivations and an independent nodal check."""
import json
from fractions import Fraction
from random import Random

import pytest
from sympy import Rational, S, Symbol, cancel

from derive.analysis.decompose import VCM
from derive.analysis.input_range import input_range, range_plot
from derive.circuit.library import load_circuit
from derive.cli import main
from derive.errors import DeriveError
from derive.solver import solve

VOUT, VREF = Symbol("Vout", real=True), Symbol("Vref", real=True)


def test_three_opamp_unity_difference_stage_matches_the_hand_derivation():
    r = input_range("inamp-ic", (-15, 15), gain=100, part="INA128")
    # By hand: the first stage passes V_cm with gain 1 and splits Vd*G = Vout - Vref evenly.
    vo1 = VCM + (VOUT - VREF) / 2
    vo2 = VCM - (VOUT - VREF) / 2
    steps = r.analysis
    assert cancel(steps.step("node-o1").equation.rhs - vo1) == 0
    assert cancel(steps.step("node-o2").equation.rhs - vo2) == 0
    # The difference stage's + input divides V_o1 against Vref with two equal resistors.
    assert cancel(steps.step("node-p3").equation.rhs - (vo1 + VREF) / 2) == 0
    # The inputs: V_cm +- Vd/2 with Vd = (Vout - Vref)/G, G = 100.
    at = {VREF: 0}
    rhs = steps.step("node-inp").equation.rhs.subs({Symbol("R", positive=True): 25000,
                                                     Symbol("RG", positive=True): Rational(50000, 99)})
    assert cancel(rhs.subs(at) - (VCM + VOUT / 200)) == 0
    # Rails +-15 V, no headroom: U1, U2 outputs cut the corners, U3's output the sides.
    assert r.vertices == [(-15, Rational(-15, 2)), (0, -15), (15, Rational(-15, 2)),
                          (15, Rational(15, 2)), (0, 15), (-15, Rational(15, 2))]
    names = [(e.opamp, e.node, e.side) for e in r.edges]
    assert names == [("U1", "o1", "low"), ("U2", "o2", "low"), ("U3", "out", "high"),
                     ("U1", "o1", "high"), ("U2", "o2", "high"), ("U3", "out", "low")]


def test_input_headroom_flattens_the_top_where_the_hand_lines_cross():
    r = input_range("inamp-ic", (-15, 15), headroom_in=2, swing=1, gain=100, part="INA128")
    # V_o1 = V_cm + Vout/2 = 14 meets V_inp = V_cm + Vout/200 = 13 at Vout (1/2 - 1/200) = 1.
    x = Rational(1) / (Rational(1, 2) - Rational(1, 200))
    corner = (x, 13 - x / 200)
    assert corner in r.vertices and corner == (Rational(200, 99), Rational(1286, 99))
    assert len(r.vertices) == 10
    lo, hi, below, above = r.vcm_limits(0)
    assert (lo, hi) == (-13, 13) and below.terminal == "+" and above.terminal == "+"
    lo, hi, _, above = r.vout_limits(10)
    # At V_cm = 10: U1's output V_cm + Vout/2 <= 14 gives Vout <= 8.
    assert (lo, hi) == (-8, 8) and above.node in ("o1", "o2")


def test_the_reference_moves_the_region():
    r = input_range("inamp-ic", (0, 5), gain=10, part="AD620", vref=Rational(5, 2))
    # With Vout = Vref the first stage outputs sit at V_cm: the full 0..5 V common mode.
    assert r.vcm_limits(Rational(5, 2))[:2] == (0, 5)
    # By hand: V_o1 = V_cm + (Vout - 2.5)/2 <= 5 at V_cm = 2.5 gives Vout <= 7.5, clipped by U3 at 5.
    assert r.vout_limits(Rational(5, 2))[:2] == (0, 5)


def _numeric_node_voltages(circuit, values, vout, vcm):
    """Every node voltage at (vout, vcm), from the numeric nodal solution alone."""
    c = circuit.substitute(values)

    def solved(vd):
        v1, v2 = vcm + vd / 2, vcm - vd / 2
        return solve(c.with_sources({"V1": v1, "V2": v2}))

    o0, o1 = solved(Fraction(0)).output, solved(Fraction(1)).output
    vd = (vout - o0) / (o1 - o0)      # the output is linear in Vd
    sol = solved(vd)
    return {n: sol.v(n) for n in c.nodes if n != "0"}


def _limits_hold(circuit, volts, low, high, headroom, swing):
    bad = []
    for u in circuit.opamps:
        for terminal, node in (("+", u.plus), ("-", u.minus), ("out", u.output)):
            v = volts.get(node, 0)
            h = swing if terminal == "out" else headroom
            if v < low + h:
                bad.append((u.name, node, "low"))
            if v > high - h:
                bad.append((u.name, node, "high"))
    return bad


MISMATCHED = {"R1": 10000, "R2": 10200, "R3": 9900, "R4": 10100, "R5": 24000, "R6": 25500, "RG": 2100}


@pytest.mark.parametrize("seed", [1, 2])
def test_mismatched_region_against_an_independent_nodal_check(seed):
    c = load_circuit("inamp").general()
    values = {Symbol(k, positive=True): S(v) for k, v in MISMATCHED.items()}
    low, high, headroom, swing = -12, 12, Rational(3, 2), 1
    r = input_range(c, (low, high), headroom_in=headroom, swing=swing, values=values)
    rng = Random(seed)
    for _ in range(6):                 # points inside: every limit holds in the nodal solution
        w = [Fraction(rng.randint(1, 100)) for _ in r.vertices]
        x = sum(wi * Fraction(str(vx)) for wi, (vx, _) in zip(w, r.vertices)) / sum(w)
        y = sum(wi * Fraction(str(vy)) for wi, (_, vy) in zip(w, r.vertices)) / sum(w)
        volts = _numeric_node_voltages(c, values, S(x), S(y))
        assert _limits_hold(c, volts, low, high, headroom, swing) == []
    for e in r.edges:                  # just outside each edge: the named limit is the one broken
        (x0, y0), (x1, y1) = e.start, e.end
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        cx = sum(v[0] for v in r.vertices) / len(r.vertices)
        cy = sum(v[1] for v in r.vertices) / len(r.vertices)
        px, py = mx + (mx - cx) / 1000, my + (my - cy) / 1000
        volts = _numeric_node_voltages(c, values, px, py)
        broken = _limits_hold(c, volts, low, high, headroom, swing)
        assert (e.opamp, e.node, e.side) in broken
        assert e.limit in r.violated(px, py)


def test_two_opamp_inamp_and_every_step_proved():
    r = input_range("inamp2", (-15, 15), gain=10)
    kinds = {s.kind for s in r.analysis.steps}
    assert {"range_output", "range_solve_vd", "node_out", "range_edge"} <= kinds
    for x, y in r.vertices:
        assert r.inside(x, y) and any(lim.slack(x, y) == 0 for lim in r.limits)


def test_plot_labels_every_edge(tmp_path):
    r = input_range("inamp-ic", (-15, 15), headroom_in=2, swing=1, gain=100, part="INA128")
    path = tmp_path / "diamond.png"
    fig = range_plot(r, path)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == len(r.edges) and "U1 + (inp) 13 V" in texts
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_cli_json(capsys):
    assert main(["range", "inamp-ic", "--supply", "-15,15", "--part", "INA128", "--gain", "100", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["vertices"][:2] == [[-15.0, -7.5], [0.0, -15.0]]
    assert data["edges"][0] == {"opamp": "U1", "node": "o1", "terminal": "out", "limit": "V_o1 >= -15",
                                "side": "low", "bound": -15.0, "equation": "V_cm = -Vout/2 - 15",
                                "from": [-15.0, -7.5], "to": [0.0, -15.0], "also": []}
    assert data["vcm_at_vout"]["low"] == -15.0 and data["values"]["RG"] == "50000/99"


@pytest.mark.parametrize("argv, words", [
    (["range", "inamp", "--supply", "-15,15"], "gain resistor RG"),
    (["range", "inverting", "--supply", "-15,15"], "input source"),
    (["range", "diffamp", "--supply", "15,-15"], "negative rail first"),
    (["range", "inamp-ic", "--supply", "-1,1", "--gain", "10", "--headroom-in", "2"], "headroom"),
    (["range", "inamp-ic", "--supply", "-15,15", "--part", "AD620"], "give the gain"),
])
def test_cli_errors(capsys, argv, words):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_empty_region_is_a_clear_error():
    with pytest.raises(DeriveError, match="no input range"):
        input_range("inamp-ic", (-15, 15), gain=10, vref=100)


INAMP_NET = """V1 in1 0 V1
V2 in2 0 V2
Vr ref 0 Vref
U1 {u1p} g1 o1
U2 in2 g2 o2
R5 o1 g1 10k
RG g1 g2 RG
R6 g2 o2 10k
R1 o1 p 10k
R2 p ref 10k
R3 o2 m 10k
R4 m out 10k
U3 {u3p} m out
"""


def test_netlist_opamp_offsets_and_bias_currents_move_the_region_as_explicit_sources_do():
    from derive.circuit.netlist import parse_netlist

    netlist = INAMP_NET.format(u1p="in1", u3p="p") + ".opamp U1 vos=50m\n.opamp U3 vos=-20m ib=1u ios=0.4u\n"
    report = input_range(parse_netlist(netlist), (-15, 15), gain=100)
    plain = input_range(parse_netlist(INAMP_NET.format(u1p="in1", u3p="p")), (-15, 15), gain=100)
    assert report.vertices != plain.vertices
    # Independently: the offsets as voltage sources in series with the + inputs, the bias currents as
    # current sources out of U3's inputs (I+ = 1.2 uA, I- = 0.8 uA), written into the netlist and solved.
    explicit = parse_netlist(INAMP_NET.format(u1p="x1", u3p="x3") + "Vos1 x1 in1 50m\nVos3 x3 p -20m\n"
                             "Ib3p p 0 1.2u\nIb3m m 0 0.8u\n")
    sol = solve(explicit.substitute({Symbol("RG", positive=True): report.values[Symbol("RG", positive=True)]}))
    v1, v2, vref = (Symbol(n, real=True) for n in ("V1", "V2", "Vref"))
    terminals = ["in1", "g1", "o1", "in2", "g2", "o2", "p", "m", "out"]
    for vout, vcm in report.vertices:
        vd = report.vdiff(vout, vcm)
        at = {v1: vcm + vd / 2, v2: vcm - vd / 2, vref: 0}
        assert cancel(sol.output.subs(at) - vout) == 0
        volts = [cancel(sol.v(n).subs(at)) for n in terminals]
        assert all(-15 <= v <= 15 for v in volts)
        assert sum(abs(v) == 15 for v in volts) >= 2          # a vertex: two limits bind
