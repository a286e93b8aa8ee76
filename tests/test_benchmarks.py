"""The benchmark's circuits: derive and Lcapy give the same answer on them.

No timing here (speed is measured by ``python benchmarks/run.py``); this only
checks that the case builders produce the circuits the benchmark claims, so
that its comparisons compare like with like.
"""
import doctest
import importlib.util
import sys
from pathlib import Path

import pytest
from sympy import Symbol, cancel, symbols

from derive.solver import solve

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import cases  # noqa: E402
import compare  # noqa: E402
import report  # noqa: E402
import run  # noqa: E402

HAVE_LCAPY = importlib.util.find_spec("lcapy") is not None
needs_lcapy = pytest.mark.skipif(
    not HAVE_LCAPY, reason="Lcapy is not installed (pip install -r benchmarks/requirements.txt)"
)


def _plain(expr):
    return expr.xreplace({s: Symbol(s.name) for s in expr.free_symbols})


def _lcapy_output(circuit):
    from lcapy import Circuit, oo

    return _plain(Circuit(cases.lcapy_netlist(circuit, gain="A"))["out"].v.limit("A", oo).sympy)


@pytest.mark.parametrize("bits", [1, 2, 3, 5])
def test_ladder_has_the_promised_elements(bits):
    circuit = cases.ladder_circuit(bits)
    assert len(circuit.resistors) == 2 * bits + 2
    assert len(circuit.sources) == bits
    assert len({r.value for r in circuit.resistors}) == 2 * bits + 2   # every resistor its own symbol
    assert [op.nodes for op in circuit.opamps] == [("0", "m", "out")]


def test_ladder_is_a_dac_when_matched():
    # Textbook R-2R DAC: legs and termination 2R, series R, RI = R, RF = 2R: Vout = -sum D_k 2**k / 2**N
    bits = 3
    circuit = cases.ladder_circuit(bits)
    R = symbols("R", positive=True)
    values = {s: 2 * R if s.name.startswith(("RL", "RT", "RF")) else R
              for s in circuit.symbols if s.name.startswith("R")}
    out = _plain(solve(circuit.substitute(values)).output)
    D = symbols(f"D0:{bits}")
    assert cancel(out + sum(d * 2**k for k, d in enumerate(D)) / 2**bits) == 0


def test_inamp_case_has_seven_distinct_resistors():
    circuit = cases.inamp_circuit()
    assert len({r.value for r in circuit.resistors}) == 7
    assert all(op.ideal for op in circuit.opamps)


def test_lcapy_netlist_translates_every_element():
    text = cases.lcapy_netlist(cases.inamp_circuit(), gain="A")
    lines = text.splitlines()
    assert len(lines) == len(cases.inamp_circuit().elements)
    assert "EU3 out 0 opamp p3 m3 A" in lines
    assert "V1 in1 0 {V1}" in lines


def test_agree_finds_a_difference_and_proves_an_equality():
    x, y = symbols("x y")
    assert compare.agree((x**2 - y**2) / (x - y), x + y) == "exact"
    assert compare.agree(x / (x + y), x / (x + 2 * y)) == "DIFFERENT"


def test_a_goal_in_seconds_is_judged_on_cpu_time_with_wall_time_beside_it():
    loaded = run.Measurement("ok", times={"solve": [14.0, 12.0, 13.0]}, cpu={"solve": [8.0, 9.5, 8.5]})
    row = report.Row("3", "ladder", loaded, "solve", run.Measurement("timeout", limit=120), "s", "-",
                     goal="derive<10s")
    text, measured, met = row.goal_verdict()
    assert measured == "8.50 s CPU (13.00 s wall)" and met is True
    slow = run.Measurement("ok", times={"solve": [11.0]}, cpu={"solve": [10.5]})
    assert report.Row("3", "ladder", slow, "solve", slow, "solve", "-", goal="derive<10s").goal_verdict()[2] is False
    old = run.Measurement("ok", times={"solve": [9.0]})        # no CPU recorded: judged on wall time
    assert report.Row("3", "ladder", old, "solve", old, "solve", "-", goal="derive<10s").goal_verdict()[1:] == ("9.00 s", True)


def test_ratio_is_a_lower_bound_when_lcapy_times_out():
    class M:
        def __init__(self, status, t=None, limit=None):
            self.status, self.ok, self.limit = status, status == "ok", limit
            self.times = {"s": [t]} if t else {}

        def median(self, stage):
            return self.times[stage][0]

    row = report.Row("3", "x", M("ok", 0.01), "s", M("timeout", limit=120), "s", "-", goal="ratio>=50")
    assert row.ratio() == (pytest.approx(11000), True)
    assert row.goal_verdict()[2] is True


def test_show_row_compares_the_derivation_with_the_solve_and_judges_its_goal():
    solve = run.Measurement("ok", times={"solve": [0.1]})
    derivation = run.Measurement("ok", times={"derivation": [12.0], "show": [30.0]})
    row = report.ShowRow("5", "ladder", "superposition", solve, derivation, "exact", goal="derivation<10s")
    assert row.times_solve() == "120×"
    assert row.goal_verdict()[2] is False
    shown = report.ShowRow("5", "ladder", "superposition", solve, derivation, "exact", text=True)
    assert shown.times_solve() == "300×" and "derive show" in shown.what()


def test_worker_times_derive_show_by_stage():
    m = run.run_worker("derive-show-superposition", "ladder2", reps=1, limit=120)
    assert m.status == "ok", m.message
    assert m.median("derivation") <= m.median("show")
    expected = _plain(solve(cases.ladder_circuit(2)).output)
    assert compare.agree(m.results["show"], expected) == "exact"


@needs_lcapy
@pytest.mark.parametrize("bits", [1, 2, 3])
def test_derive_and_lcapy_agree_on_small_ladders(bits):
    circuit = cases.ladder_circuit(bits)
    assert compare.agree(_plain(solve(circuit).output), _lcapy_output(circuit)) == "exact"


@needs_lcapy
def test_derive_and_lcapy_agree_on_the_general_inamp():
    circuit = cases.inamp_circuit()
    assert compare.agree(_plain(solve(circuit).output), _lcapy_output(circuit)) == "exact"


@pytest.mark.parametrize("module", [cases, compare, report], ids=lambda m: m.__name__)
def test_benchmark_doctests(module):
    assert doctest.testmod(module).failed == 0


def test_worker_measures_and_returns_the_expression():
    m = run.run_worker("derive-solve", "ladder2", reps=2, limit=120)
    assert m.status == "ok", m.message
    assert 1 <= m.runs("solve") <= 2
    assert len(m.cpu["solve"]) == m.runs("solve") and m.cpu_median("solve") > 0
    expected = _plain(solve(cases.ladder_circuit(2)).output)
    assert compare.agree(m.results["solve"], expected) == "exact"


def test_worker_reports_an_abandoned_case_as_a_timeout():
    m = run.run_worker("derive-solve", "ladder9", reps=1, limit=0.5)
    assert m.status == "timeout" and m.limit == 0.5


def test_a_missing_derive_feature_gives_a_not_available_row(monkeypatch, tmp_path):
    import tasks
    import worker

    def missing(case):
        raise ImportError("No module named 'derive.derivation'")
        yield  # a generator, like every task

    monkeypatch.setitem(tasks.TASKS, "derive-derivation", ("derive", missing))
    assert worker.main(["derive-derivation", "inamp", "--out", str(tmp_path / "r.pkl")]) == 3
    m = run.Measurement("unavailable", message="not available: No module named 'derive.derivation'")
    row = report.Row("1", "x", m, "derivation", m, "limit", "-")
    assert row.derive_cell().startswith("not available yet") and row.ratio_cell() == "-"


@pytest.mark.parametrize("sections", [1, 2, 4])
def test_rc_ladder_has_the_promised_elements(sections):
    from derive.circuit.netlist import parse_netlist

    circuit = parse_netlist(cases.rc_ladder_netlist(sections))
    assert circuit.reactive and len(circuit.passives) == 2 * sections
    assert len({e.value for e in circuit.passives}) == 2 * sections    # every R and C its own symbol


def _lcapy_s_output(circuit):
    from lcapy import Circuit, oo, s

    net = cases.lcapy_netlist(circuit, gain="A")
    return _plain(Circuit(net)["out"].V(s).limit("A", oo).sympy)


@needs_lcapy
@pytest.mark.parametrize("text", [cases.SALLEN_KEY, cases.MFB_BANDPASS, cases.rc_ladder_netlist(2)],
                         ids=["sallen-key", "mfb-bandpass", "rc2"])
def test_derive_and_lcapy_agree_in_the_s_domain(text):
    from derive.circuit.netlist import parse_netlist

    circuit = parse_netlist(text)
    assert compare.agree(_plain(solve(circuit).output), _lcapy_s_output(circuit)) == "exact"


def test_the_wide_summer_is_the_netlist_of_the_regression_test():
    circuit = cases.summer_circuit(12)
    assert len(circuit.sources) == 12 and len(circuit.resistors) == 25
    assert len(circuit.matches) == 11
    data = Path(__file__).parent / "data" / "wide" / "summer12_dividers.net"
    lines = [" ".join(line.split()) for line in data.read_text().splitlines()
             if line.strip() and not line.startswith(("*", ".title"))]
    assert [" ".join(line.split()) for line in cases.summer_netlist(12).splitlines()[1:]] == lines


def test_the_summers_bare_solve_is_of_the_matched_circuit():
    import tasks

    (stage, out), = list(tasks.derive_solve("summer3"))
    assert stage == "solve" and {s.name for s in out.free_symbols} == {
        "V1", "V2", "V3", "Rs1", "Rt3", "Rb3", "Rsum1", "Rf1"}
