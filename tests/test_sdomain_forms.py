"""Textbook forms of H(s): each quantity against the textbook formula, every step proved."""
from sympy import Symbol, simplify, sqrt

from derive.analysis.sdomain import K, Q, TAU, W0, WP, transfer_forms
from derive.cli import main


def P(name):
    return Symbol(name, positive=True)


def test_sallen_key_natural_frequency_and_q_are_the_textbook_ones():
    a = transfer_forms("sallen-key-lp")
    r1, r2, c1, c2 = P("R1"), P("R2"), P("C1"), P("C2")
    assert simplify(a.step("natural_frequency").equation.rhs - 1 / sqrt(r1 * r2 * c1 * c2)) == 0
    assert simplify(a.step("quality_factor").equation.rhs - sqrt(r1 * r2 * c1 * c2) / (c2 * (r1 + r2))) == 0
    assert a.step("second_order").kind == "second_order_lowpass" and a.value(K) == 1
    assert a.step("dc_gain").equation.rhs == 1 and a.step("hf_limit").equation.rhs == 0


def test_mfb_bandpass_centre_frequency_q_and_gain():
    a = transfer_forms("mfb-bandpass")
    r1, r2, r3, c1, c2 = (P(n) for n in ("R1", "R2", "R3", "C1", "C2"))
    assert simplify(a.value(W0) - sqrt((r1 + r2) / (r1 * r2 * r3 * c1 * c2))) == 0
    assert simplify(a.value(W0) / a.value(Q) - (c1 + c2) / (r3 * c1 * c2)) == 0
    assert simplify(a.value(K) + r3 * c2 / (r1 * (c1 + c2))) == 0   # -R3 C2/(R1 (C1 + C2))
    assert a.step("second_order").kind == "second_order_bandpass"


def test_first_order_forms():
    lossy = transfer_forms("lossy-integrator")
    assert simplify(lossy.value(K) + P("Rf") / P("Rin")) == 0
    assert simplify(lossy.value(TAU) - P("Rf") * P("Cf")) == 0
    assert simplify(lossy.value(WP) - 1 / (P("Rf") * P("Cf"))) == 0
    integrator = transfer_forms("integrator")
    assert integrator.step("first_order").kind == "integrator_form"
    assert integrator.value(TAU) == P("R") * P("C") and integrator.value(K) == -1
    assert integrator.step("dc_gain").kind == "dc_unbounded"
    differentiator = transfer_forms("differentiator")
    assert differentiator.step("first_order").kind == "differentiator_form"
    assert differentiator.value(TAU) == P("R") * P("C") and differentiator.value(K) == -1


def test_show_prints_the_forms_and_the_value_at_a_frequency(capsys, tmp_path):
    net = tmp_path / "rc.net"
    net.write_text("V1 in 0 1\nR1 in m 10k\nR2 m out 10k\nC1 m out 15.9n\nU1 0 m out\n", encoding="utf-8")
    assert main(["show", str(net), "--at", "f=1k"]) == 0
    out = capsys.readouterr().out
    assert "ω₀" not in out and "τ" in out
    # |H| = 1/sqrt(1 + (2 pi 1k 10k 15.9n)^2) = 0.7075 (just under the corner), phase 180 - 45.0
    assert "|H| = 0.707451 (-3.006 dB)" in out and "phase 135.03°" in out
    assert main(["show", "sallen-key-lp", "--lang", "es"]) == 0
    assert "Forma de paso bajo de segundo orden" in capsys.readouterr().out
    assert main(["show", "inverting"]) == 0
    assert "ω" not in capsys.readouterr().out      # resistive circuits: no s-domain section
    assert main(["show", "integrator", "--at", "f=-1"]) == 2
