"""``derive verify`` on circuits with C and L: the AC points, and ngspice's ``.op``
against the s -> 0 limit of the derived H(s) where the DC gain is finite."""
import json
import shutil

import pytest
from sympy import Symbol, limit

from derive.circuit import load_circuit, parse_netlist
from derive.circuit.elements import LAPLACE
from derive.cli import main
from derive.solver import solve
from derive.spice.report import format_table
from derive.spice.verify import claims_from_solution, dc_points, verify

pytestmark = pytest.mark.skipif(
    shutil.which("ngspice") is None, reason="ngspice is not installed (apt-get install ngspice)"
)

FINITE_DC = ["differentiator", "lossy-integrator", "tia", "sallen-key-lp", "mfb-bandpass", "ecg-front-end"]


@pytest.mark.parametrize("name", FINITE_DC)
def test_dc_operating_point_agrees_with_the_limit_of_h(name):
    circuit = load_circuit(name).general()
    report = verify(circuit, points=2, seed=3)
    assert report.ok, format_table(report, all_nodes=True)
    assert report.dc_note is None
    assert len(report.dc_points) == len(report.points) == 2
    output = solve(circuit).output
    nodes = {n for n in circuit.nodes if n != "0"}
    for ac, dc in zip(report.points, report.dc_points):
        assert {c.node for c in dc.checks} == nodes          # every node at DC too
        values = {s: v for s, v in ac.values.items() if s.name != "f"}
        expected = limit(output.xreplace(values), LAPLACE, 0)   # SymPy's own limit as the reference
        (check,) = [c for c in dc.checks if c.label == f"V({circuit.output})"]
        assert abs(float(check.expected) - float(expected)) <= 1e-12 * max(1.0, abs(float(expected)))
        assert abs(check.simulated - float(expected)) <= 1e-9 * max(1.0, abs(float(expected)))


def test_an_integrator_says_its_dc_gain_is_not_finite_instead_of_failing():
    report = verify(load_circuit("integrator").general(), points=2, seed=1)
    assert report.ok and report.dc_points == ()
    assert "no finite DC value" in str(report.dc_note)
    assert "no finite DC value" in format_table(report)


def test_a_wrong_dc_gain_is_caught():
    circuit = load_circuit("sallen-key-lp").general()
    r1, c1 = Symbol("R1", positive=True), Symbol("C1", positive=True)
    claims = claims_from_solution(solve(circuit))
    # twice the output at DC, (almost) unchanged at high frequency
    wrong = [(label, n, e * (2 + LAPLACE * r1 * c1) / (1 + LAPLACE * r1 * c1) if n == "out" else e)
             for label, n, e in claims]
    values = [verify(circuit, points=1, seed=2).points[0].values]
    checks, note = dc_points(circuit, values, wrong)
    assert note is None
    assert {c.node for p in checks for c in p.failures()} == {"out"}


def test_a_node_that_floats_at_dc_is_a_note_not_a_disagreement(tmp_path):
    # a capacitive divider into a follower: the s -> 0 limit C1/(C1 + C2) is finite,
    # but with the capacitors open there is no DC operating point
    c = parse_netlist("Vin in 0 Vin\nC1 in p C1\nC2 p 0 C2\nU1 p out out\n.output out Vout\n", name="cdiv")
    report = verify(c, points=1, seed=0)
    assert report.ok and report.dc_points == ()
    assert "no DC operating point" in str(report.dc_note)


def test_cli_json_has_the_dc_points(capsys):
    assert main(["verify", "tia", "--points", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["agree"] and data["dc_note"] is None
    (point,) = data["dc_points"]
    assert point["index"] == "DC 1" and all(c["agree"] for c in point["checks"])
