"""CMRR with resistor tolerance: the overview's numbers, the derived first-order
formula against the textbook one, the exact worst case and the Monte Carlo."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import Rational, Symbol, cancel

from derive.analysis.decibels import cmrr_table, decibels, referred_error, required_cmrr
from derive.analysis.tolerance import T_SYM, tolerance_analysis
from derive.circuit.netlist import parse_netlist
from derive.errors import DeriveError
from analysis_strategies import random_circuits

MILLI = Rational(1, 1000)


def R(name):
    return Symbol(name, positive=True)


@pytest.mark.parametrize("tol, db", [(MILLI, 88), (10 * MILLI, 68)])
def test_seed_001_discrete_difference_amplifier(tol, db):
    r = tolerance_analysis("diffamp", tol, gain=100, samples=0)
    # The overview: CMRR ~ (1 + Rf/Rin) / (4 dR/R) = 101/(4 T): 25,250 = 88 dB at 0.1 %, 68 dB at 1 %.
    textbook = (1 + 100) / (4 * tol)
    assert r.first_order == pytest.approx(float(textbook), rel=1e-12)
    assert round(r.worst_db) == db and round(r.first_order_db) == db
    # The exact worst case sits beside the approximation, within a tolerance's worth.
    assert abs(r.worst - r.first_order) / r.first_order < 2 * float(tol)


def test_first_order_formula_is_derived_not_typed():
    r = tolerance_analysis("diffamp", MILLI, gain=100, samples=0)
    step = r.analysis.step("tol-first-order")
    R1, R2 = R("R1"), R("R2")
    assert cancel(step.equation.rhs - (1 + R2 / R1) / (4 * T_SYM)) == 0


def test_in_amp_first_stage_gain_multiplies_the_cmrr():
    unity = tolerance_analysis("diffamp", MILLI, gain=1, samples=0)
    inamp = tolerance_analysis("inamp", MILLI, gain=100, samples=0)
    assert inamp.first_order == pytest.approx(100 * unity.first_order)
    assert inamp.worst == pytest.approx(100 * unity.worst, rel=1e-6)
    # Only the difference stage's resistors are varied for the worst case.
    assert {s.name for s in inamp.worst_corner} == {"R1", "R2", "R3", "R4"}


def test_worst_corner_is_the_mismatch_that_hurts():
    r = tolerance_analysis("diffamp", MILLI, gain=100, samples=0)
    signs = {s.name: v for s, v in r.worst_corner.items()}
    assert signs["R2"] * signs["R3"] == 1 and signs["R1"] * signs["R4"] == 1
    assert signs["R2"] == -signs["R1"]


def test_monte_carlo_is_seeded_and_never_beats_the_worst_case():
    a = tolerance_analysis("diffamp", MILLI, gain=100, samples=5000, seed=7)
    b = tolerance_analysis("diffamp", MILLI, gain=100, samples=5000, seed=7)
    c = tolerance_analysis("diffamp", MILLI, gain=100, samples=5000, seed=8)
    assert np.array_equal(a.monte_carlo["db"], b.monte_carlo["db"])
    assert not np.array_equal(a.monte_carlo["db"], c.monte_carlo["db"])
    assert a.monte_carlo["min"] >= a.worst_db - 1e-9
    assert a.monte_carlo["p1"] < a.monte_carlo["p50"]
    normal = tolerance_analysis("diffamp", MILLI, gain=100, samples=5000, seed=7, distribution="normal")
    assert normal.monte_carlo["p50"] > a.monte_carlo["p50"]      # tighter spread, better CMRR


def test_numeric_steps_are_proved_and_printed():
    r = tolerance_analysis("diffamp", 10 * MILLI, gain=100, samples=0)
    assert r.analysis.step("tol-first-order-n").equation.rhs == 2525
    assert float(r.analysis.step("tol-worst-db").equation.rhs) == round(r.worst_db, 2)


def test_ecg_cmrr_requirement_seed_001():
    # 2 V of mains common mode must look like less than 0.1 mV: CMRR > 86 dB.
    ratio, db = required_cmrr(2, Rational(1, 10000))
    assert ratio == pytest.approx(20000)
    assert 86 < db < 86.1


def test_cmrr_in_db_table_seed_001():
    rows = {db: err for db, _, err in cmrr_table()}
    assert rows[60] == pytest.approx(1e-3)       # 60 dB: 1 V of common mode looks like 1 mV
    assert rows[100] == pytest.approx(1e-5)      # 100 dB: 10 µV
    assert rows[120] == pytest.approx(1e-6)      # 120 dB: 1 µV
    assert decibels(25250) == pytest.approx(88.045, abs=1e-3)
    assert referred_error(120, 2) == pytest.approx(2e-6)


@pytest.mark.parametrize("tol", [0, 1, Rational(3, 2)])
def test_bad_tolerance_is_a_clear_error(tol):
    with pytest.raises(DeriveError, match="tolerance"):
        tolerance_analysis("diffamp", tol, samples=0)


def test_unreachable_gain_is_a_clear_error():
    with pytest.raises(DeriveError, match="no positive RG"):
        tolerance_analysis("inamp", MILLI, gain=Rational(1, 2), samples=0)


def test_histogram_of_the_monte_carlo(tmp_path):
    from derive.analysis.tolerance import cmrr_histogram

    r = tolerance_analysis("diffamp", MILLI, gain=100, samples=2000)
    fig = cmrr_histogram(r, path=tmp_path / "mc.png")
    counts = sum(p.get_height() for p in fig.axes[0].patches)
    assert counts == 2000
    assert (tmp_path / "mc.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(DeriveError, match="no Monte Carlo"):
        cmrr_histogram(tolerance_analysis("diffamp", MILLI, gain=100, samples=0))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_circuits(), st.sampled_from([None, 10]))
def test_tolerance_on_random_circuits_answers_or_says_why(text, gain):
    try:
        circuit = parse_netlist(text, name="random")
        r = tolerance_analysis(circuit, Rational(1, 100), gain=gain, samples=200)
    except DeriveError:
        return                      # a one-sentence reason (no input pair, no gain resistor, ...)
    assert np.isfinite(r.first_order) and r.first_order > 0
    assert np.isfinite(r.worst) and r.worst > 0
    assert len(r.monte_carlo["db"]) == 200
