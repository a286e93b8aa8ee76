"""``derive verify``: the symbolic results against ngspice, and wrong results caught."""
import json
import shutil

import pytest
from sympy import Rational, Symbol

from derive.circuit import builtin_names, load_circuit, parse_netlist
from derive.cli import main
from derive.errors import DeriveError
from derive.solver import solve
from derive.spice import verify as verify_module
from derive.spice.report import format_table
from derive.spice.verify import NULLOR_RTOL, claims_from_solution, compare_claims, verify

pytestmark = pytest.mark.skipif(
    shutil.which("ngspice") is None, reason="ngspice is not installed (apt-get install ngspice)"
)
R = {name: Symbol(name, positive=True) for name in ("R1", "R2", "R3", "R4", "R5", "R6", "RG")}


def corrupted(claims, node, change):
    return [(label, n, change(e) if n == node else e) for label, n, e in claims]


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_agrees_in_its_general_form(name):
    circuit = load_circuit(name).general()
    report = verify(circuit, points=4, seed=11)
    assert report.ok, format_table(report, all_nodes=True)
    nodes = {n for n in circuit.nodes if n != "0"}
    for p in report.points:
        assert {c.node for c in p.checks} == nodes          # every node, not only the output
        assert all(c.error < NULLOR_RTOL / 100 for c in p.checks)


@pytest.mark.parametrize("name", ["inamp", "inamp-wiki", "inamp-ic", "diffamp"])
def test_matched_forms_agree_too(name):
    assert verify(load_circuit(name).matched(), points=3, seed=5).ok


@pytest.mark.parametrize("name", ["inamp", "inamp2", "noninverting"])
def test_vcvs_stand_in_agrees_within_its_gain_tolerance(name):
    report = verify(load_circuit(name).general(), points=4, seed=2, opamp_gain=1e9)
    assert report.ok, format_table(report, all_nodes=True)
    # The stand-in is measurably off the ideal result, and the tolerance accounts for it.
    assert max(c.error for p in report.points for c in p.checks) > NULLOR_RTOL
    assert "1e+09" in str(report.opamp_model)


def test_a_too_small_gain_is_refused_rather_than_misjudged():
    with pytest.raises(DeriveError, match="too low to stand in"):
        verify(load_circuit("inamp2").general(), points=10, seed=0, opamp_gain=10)


def test_a_wrong_output_is_caught():
    circuit = load_circuit("inamp").general()
    claims = claims_from_solution(solve(circuit))
    # The classic slip: the difference stage's resistors swapped.
    wrong = corrupted(claims, "out", lambda e: e.xreplace({R["R2"]: R["R4"], R["R4"]: R["R2"]}))
    report = verify(circuit, points=3, seed=1, claims=wrong)
    assert not report.ok
    assert {c.node for p in report.points for c in p.failures()} == {"out"}


def test_a_wrong_intermediate_is_caught():
    circuit = load_circuit("inamp").general()
    claims = claims_from_solution(solve(circuit))
    wrong = corrupted(claims, "o1", lambda e: e.xreplace({R["R5"]: R["R6"]}))
    report = verify(circuit, points=3, seed=1, claims=wrong)
    assert {c.node for p in report.points for c in p.failures()} == {"o1"}


def test_an_error_of_one_part_per_million_is_caught():
    circuit = load_circuit("inamp").general()
    claims = claims_from_solution(solve(circuit))
    wrong = corrupted(claims, "out", lambda e: e * Rational(1000001, 1000000))
    assert all(not p.ok for p in verify(circuit, points=3, seed=4, claims=wrong).points)


def test_textbook_formula_of_the_matched_inamp_agrees():
    # The superposition article: Vout = (R2/R1)(1 + 2 R5/RG)(V1 - V2) with R5 = R6, R1 = R3, R2 = R4.
    circuit = load_circuit("inamp").matched()
    V1, V2 = Symbol("V1", real=True), Symbol("V2", real=True)
    textbook = R["R2"] / R["R1"] * (1 + 2 * R["R5"] / R["RG"]) * (V1 - V2)
    assert verify(circuit, points=4, seed=3, claims=[("Vout", "out", textbook)]).ok
    backwards = [("Vout", "out", textbook.xreplace({V1: V2, V2: V1}))]
    assert not verify(circuit, points=4, seed=3, claims=backwards).ok


def test_compare_measures_small_nodes_against_the_point_scale():
    checks = compare_claims([("V(out)", "out", 10), ("V(m)", "m", 0)], {"out": 10.0, "m": 1e-14})
    assert all(c.ok for c in checks)
    checks = compare_claims([("V(out)", "out", 10), ("V(m)", "m", 0)], {"out": 10.0, "m": 1e-6})
    assert [c.ok for c in checks] == [True, False]


def test_a_claim_with_foreign_symbols_is_bad_input():
    circuit = load_circuit("inverting")
    with pytest.raises(DeriveError, match="symbols the circuit does not have: Rx"):
        verify(circuit, points=1, claims=[("Vout", "out", Symbol("Rx"))])


def test_netlist_with_a_symbolic_open_loop_gain(tmp_path):
    circuit = parse_netlist("V1 in 0 Vin\nU1 in m out A\nRf out m Rf\nRin m 0 Rin\n.output out")
    assert verify(circuit, points=3, seed=0).ok


def test_cli_agrees_exit_0(capsys):
    assert main(["verify", "inamp", "--points", "2"]) == 0
    out = capsys.readouterr().out
    assert "agree: all 2 points" in out and "point 1: R1=" in out and "V(out)" in out


def test_cli_checks_the_step_by_step_derivation_too(capsys):
    pytest.importorskip("derive.derivation")
    assert main(["verify", "inamp", "--points", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    labels = {c["quantity"] for c in data["points"][0]["checks"]}
    assert "Vout (derivation)" in labels and data["agree"] is True and data["form"] == "general"


def test_cli_disagrees_exit_1(monkeypatch, capsys):
    def wrong_claims(circuit):
        claims = claims_from_solution(solve(circuit))
        return corrupted(claims, "out", lambda e: -e), []

    monkeypatch.setattr(verify_module, "default_claims", wrong_claims)
    assert main(["verify", "diffamp", "--points", "2"]) == 1
    out = capsys.readouterr().out
    assert "DISAGREE" in out and "V(out)" in out


def test_cli_without_ngspice_exit_2(monkeypatch, capsys):
    monkeypatch.setenv("DERIVE_NGSPICE", "no-such-ngspice-program")
    assert main(["verify", "inamp"]) == 2
    assert "apt-get install ngspice" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["verify", "no-such-circuit"], "neither a built-in circuit"),
    (["verify", "inamp", "--points", "0"], "at least 1"),
    (["verify", "inamp", "--opamp-gain", "-5"], "must be positive"),
    (["verify", "inamp", "--timeout", "0"], "positive number of seconds"),
])
def test_cli_bad_input_exit_2(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_spice_command_writes_a_deck_that_verifies(tmp_path, capsys):
    path = tmp_path / "inamp.cir"
    assert main(["spice", "inamp", "--values", "R1=10k R2=10k R3=10k R4=10k R5=25k R6=25k RG=1k V1=10m V2=-10m",
                 "-o", str(path)]) == 0
    from derive.spice.ngspice import run_ngspice
    stdout, _ = run_ngspice(path.read_text())
    # The overview: G = 1 + 2R/RG = 51, times the 20 mV difference.
    out_line = [l for l in stdout.splitlines() if l.split()[:1] == ["out"]]
    assert float(out_line[0].split()[1]) == pytest.approx(1.02, rel=1e-5)


def test_a_circuit_without_symbols_is_checked_once(capsys, tmp_path):
    path = tmp_path / "numeric.net"
    path.write_text("V1 in 0 1.5\nR1 in m 10k\nR2 m out 47k\nU1 0 m out 1e5\n.output out\n")
    assert main(["verify", str(path), "--points", "4"]) == 0
    out = capsys.readouterr().out
    assert "agree: the one point, 4 checks;" in out and "no symbols" in out


def test_a_crashing_derivation_does_not_hide_the_nodal_check(monkeypatch):
    derivation = pytest.importorskip("derive.derivation")

    def broken(circuit, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(derivation, "derive", broken)
    claims, notes = verify_module.default_claims(load_circuit("diffamp").general())
    assert len(claims) == 5 and "RuntimeError: boom" in str(notes[0])
