"""Finite open-loop gain: textbook error formulas, the limit, single-pole bandwidth."""
import pytest
from sympy import Rational, Symbol, cancel

from derive.analysis.finite_gain import (A, F_T, bandwidth, bode_data, bode_plot, finite_gain)


def R(name):
    return Symbol(name, positive=True)


def test_noninverting_gain_error_is_the_textbook_one():
    fg = finite_gain("noninverting")
    G = 1 + R("Rf") / R("Rin")
    # Textbook: G_A = G / (1 + G/A); error = -G/(A + G); first order -G/A.
    assert cancel(fg.step("fg-exact").equation.rhs - G / (1 + G / A)) == 0
    assert cancel(fg.step("fg-error").equation.rhs + G / (A + G)) == 0
    assert cancel(fg.step("fg-first-order").equation.rhs + G / A) == 0
    assert cancel(fg.step("fg-limit").equation.rhs - G) == 0


@pytest.mark.parametrize("name", ["inverting", "follower", "diffamp", "inamp", "inamp-ic", "inamp2"])
def test_limit_recovers_the_ideal_result(name):
    fg = finite_gain(name)
    assert cancel(fg.step("fg-limit").equation.rhs - fg.step("fg-ideal").equation.rhs) == 0


def test_every_opamp_may_have_its_own_gain():
    fg = finite_gain("inamp", per_opamp=True)
    gains = {str(g) for g in fg.step("fg-limit").params["gains"]}
    assert gains == {"A_U1", "A_U2", "A_U3"}
    assert cancel(fg.step("fg-limit").equation.rhs - fg.step("fg-ideal").equation.rhs) == 0


def test_in_amp_first_stage_bandwidth_is_gbw_over_g1():
    fg = finite_gain("inamp-ic")
    g1 = 1 + 2 * R("R") / R("RG")
    poles = [s.equation.rhs for s in fg.steps if s.kind == "pole_bandwidth"]
    assert any(cancel(p - F_T / g1) == 0 for p in poles)
    assert any(cancel(p - F_T / 2) == 0 for p in poles)   # unity difference stage: noise gain 2


def test_numeric_bandwidth_and_bode():
    fg = finite_gain("inamp-ic")
    values = {R("R"): 24700, R("RG"): Rational(49400, 999)}       # AD620 at G = 1000
    fb = bandwidth(fg, values, 1e6)
    assert fb == pytest.approx(1e6 / 1000, rel=0.01)
    f, mag, phase = bode_data(fg, values, 1e6)
    assert mag[0] == pytest.approx(60, abs=0.01)
    assert mag[-1] < 0 and phase[-1] < phase[0]


def test_bode_plot_writes_a_png(tmp_path):
    fg = finite_gain("noninverting")
    path = tmp_path / "bode.png"
    bode_plot(fg, {R("Rf"): 99000, R("Rin"): 1000}, 1e6, path=path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
