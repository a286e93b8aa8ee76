"""The response of H(s): -3 dB band, poles and zeros, step response, figures, and
`derive show --set/--bode/--pole-zero/--step` — each against a textbook closed form."""
import pytest
from sympy import I, Rational, Symbol, exp, pi, simplify, sqrt

from derive.analysis.response import (bandwidth, poles_zeros, step_response, transfer, value_at_time,
                                      with_values)
from derive.analysis.response_plots import bode_plot, pole_zero_plot, step_plot
from derive.analysis.sdomain import W0, Q, transfer_forms
from derive.circuit.elements import LAPLACE as s
from derive.cli import main
from derive.errors import DeriveError

t = Symbol("t", positive=True)


def P(name):
    return Symbol(name, positive=True)


def forms_of(tmp_path, text, name="c.net"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return transfer_forms(str(path))


RC_LOWPASS = "Vin in 0 Vin\nR in out R\nC out 0 C\n.output out Vout\n"
RC_HIGHPASS = "Vin in 0 Vin\nC in out C\nR out 0 R\n.output out Vout\n"


def test_rc_lowpass_step_is_one_minus_exp_and_its_cutoff_is_one_over_2_pi_rc(tmp_path):
    h = transfer(forms_of(tmp_path, RC_LOWPASS))
    r = step_response(h)
    assert simplify(r.expression - (1 - exp(-t / (P("R") * P("C"))))) == 0
    assert r.time_constants == (P("R") * P("C"),) and not r.impulse
    numeric = with_values(h, {"R": "10k", "C": "100n"})
    band = bandwidth(numeric)
    assert band.kind == "low-pass" and band.reference == 1
    assert simplify(band.high - 1 / (2 * pi * Rational(10**4) * Rational(1, 10**7))) == 0
    assert abs(value_at_time(step_response(numeric), 1e-3) - (1 - float(exp(-1)))) < 1e-12


def test_rc_highpass_lower_edge_and_step_decay(tmp_path):
    h = transfer(forms_of(tmp_path, RC_HIGHPASS))
    assert simplify(step_response(h).expression - exp(-t / (P("R") * P("C")))) == 0
    band = bandwidth(with_values(h, {"R": "1meg", "C": "1u"}))
    assert band.kind == "high-pass" and band.high is None
    assert simplify(band.low - 1 / (2 * pi)) == 0


def test_integrator_ramps_and_has_no_band():
    h = transfer(transfer_forms("integrator"))
    r = step_response(h)
    assert simplify(r.expression + t / (P("R") * P("C"))) == 0      # -t/(RC): a ramp
    assert bandwidth(with_values(h, {"R": "1k", "C": "1u"})).kind is None
    assert poles_zeros(h) == ([0], [])


def test_differentiator_step_is_an_impulse():
    r = step_response(transfer(transfer_forms("differentiator")))
    assert r.impulse and r.expression == 0


def test_lossy_integrator_settles_at_minus_rf_over_rin_with_tau_rf_cf():
    r = step_response(transfer(transfer_forms("lossy-integrator")))
    rf, rin, cf = P("Rf"), P("Rin"), P("Cf")
    assert simplify(r.expression - (-rf / rin) * (1 - exp(-t / (rf * cf)))) == 0
    assert r.time_constants == (cf * rf,)


def test_sallen_key_at_q_one_over_root_two_cuts_off_exactly_at_omega0():
    forms = transfer_forms("sallen-key-lp")
    values = {"R1": "10k", "R2": "10k", "C1": "20n", "C2": "10n"}     # Q = sqrt(C1/C2)/2 = 1/sqrt(2)
    numbers = {P(k): v for k, v in {"R1": 10**4, "R2": 10**4, "C1": Rational(2, 10**8),
                                     "C2": Rational(1, 10**8)}.items()}
    assert simplify(forms.value(Q).subs(numbers) - 1 / sqrt(2)) == 0
    band = bandwidth(with_values(transfer(forms), values))
    assert band.high == forms.value(W0).subs(numbers) / (2 * pi)            # exactly, not nearly
    poles, zeros = poles_zeros(with_values(transfer(forms), values))
    assert poles == [-5000 - 5000 * I, -5000 + 5000 * I] and zeros == []


def test_mfb_bandpass_edges_are_omega0_over_q_apart_around_f0():
    forms = transfer_forms("mfb-bandpass")
    values = {"R1": "10k", "R2": "1k", "R3": "100k", "C1": "10n", "C2": "10n"}
    numbers = {P(k): with_values(P(k), values) for k in values}
    band = bandwidth(with_values(transfer(forms), values))
    f0 = float(forms.value(W0).subs(numbers) / (2 * pi))
    width = float(forms.value(W0).subs(numbers) / forms.value(Q).subs(numbers) / (2 * pi))
    assert band.kind == "band-pass"
    assert abs(float(band.high - band.low) - width) < 1e-9 * width        # B = w0/Q
    assert abs(float(band.low * band.high) - f0**2) < 1e-9 * f0**2      # geometric centre
    assert abs(float(band.peak) - f0) < 1e-9 * f0


ECG = {"R5": "25k", "RG": "50", "R1": "10k", "R2": "10k", "Rh": "3.3meg", "Ch": "1u", "Rl": "10k", "Cl": "100n"}


def test_ecg_front_end_band_is_the_diagnostic_one():
    forms = transfer_forms("ecg-front-end")
    band = bandwidth(with_values(transfer(forms), ECG))
    tau_h, tau_l = Rational(33, 10), Rational(1, 1000)
    assert band.kind == "band-pass"
    assert abs(float(band.low) - 1 / (2 * float(pi) * 3.3)) < 0.01 * 0.0482     # 0.05 Hz corner
    assert abs(float(band.high) - 1 / (2 * float(pi) * 1e-3)) < 0.01 * 159.2    # 150 Hz corner
    assert simplify(band.peak - 1 / (2 * pi * sqrt(tau_h * tau_l))) == 0        # centre 1/sqrt(tau_h tau_l)
    r = step_response(transfer(forms))
    assert set(r.time_constants) == {P("Ch") * P("Rh"), P("Cl") * P("Rl")}


def test_missing_values_are_named():
    with pytest.raises(DeriveError, match="Ch, Cl"):
        with_values(transfer(transfer_forms("ecg-front-end")), {"R5": "25k"})


def test_figures_mark_the_band_edges_and_time_constants(tmp_path):
    h = with_values(transfer(transfer_forms("ecg-front-end")), ECG)
    band = bandwidth(h)
    fig = bode_plot(h, tmp_path / "b.png", band=band)
    marks = sorted({round(line.get_xdata()[0], 9) for line in fig.axes[0].lines[1:]
                    if line.get_xdata()[0] == line.get_xdata()[-1]})
    assert marks == sorted(round(float(e), 9) for e in band.edges())
    fig = pole_zero_plot(h, tmp_path / "pz.png")
    xs = sorted(float(x) for c in fig.axes[0].collections for x, _ in c.get_offsets())
    assert xs == [-1000.0, -10 / 33, 0.0]
    fig = step_plot(step_response(h), tmp_path / "st.png")
    assert max(fig.axes[0].lines[0].get_xdata()) == pytest.approx(5 * 3.3)
    assert all((tmp_path / n).read_bytes()[:4] == b"\x89PNG" for n in ("b.png", "pz.png", "st.png"))


def test_show_set_prints_the_band_and_writes_figures(capsys, tmp_path):
    values = ", ".join(f"{k}={v}" for k, v in ECG.items())
    bode = tmp_path / "bode.png"
    assert main(["show", "ecg-front-end", "--set", values, "--bode", str(bode), "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert "Banda a -3 dB (paso banda): de f_L = 48,2 mHz a f_H = 159,3 Hz" in out
    assert "Constantes de tiempo: τ = 1 ms, τ = 3,3 s" in out
    assert bode.read_bytes()[:4] == b"\x89PNG" and str(bode) in out


@pytest.mark.parametrize("argv, message", [
    (["show", "inverting", "--set", "Rf=1k"], "inverting has none"),
    (["show", "integrator", "--bode", "x.txt"], "must end in .png"),
    (["show", "integrator", "--step", "out.png"], "give values for C, R with --set"),
    (["show", "integrator", "--set", "C=1u, X=2"], "not a symbol"),
])
def test_show_response_errors_are_one_sentence(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "out.png").exists()


def test_latex_shows_the_textbook_forms_poles_and_natural_frequency(capsys):
    assert main(["latex", "sallen-key-lp", "--body"]) == 0
    tex = capsys.readouterr().out
    assert r"\omega_{0} &= \frac{1}{\sqrt{C_{1} C_{2} R_{1} R_{2}}}" in tex
    assert r"Q &= " in tex and r"p_{1} &= " in tex and r"p_{2} &= " in tex
    assert r"f_{0} = \frac{1}{2 \pi \sqrt{C_{1} C_{2} R_{1} R_{2}}}" in tex
    assert main(["latex", "lossy-integrator", "--lang", "es"]) == 0
    tex = capsys.readouterr().out
    assert r"\tau &= C_{f} R_{f}" in tex and r"Frecuencia de corte: $f_{c} = \frac{1}{2 \pi C_{f} R_{f}}$" in tex
    assert r"\ensuremath{\omega}\ensuremath{_{0}}" not in tex            # first order: no omega_0
    assert main(["latex", "inverting", "--body"]) == 0
    assert "Poles" not in capsys.readouterr().out                         # resistive: no s-domain part


def test_response_errors_are_worded_in_spanish(capsys, tmp_path):
    assert main(["show", "integrator", "--step", str(tmp_path / "s.txt"), "--lang", "es"]) == 2
    assert "debe acabar en .png, .svg o .pdf" in capsys.readouterr().err
    assert main(["show", "integrator", "--step", str(tmp_path / "s.png"), "--lang", "es"]) == 2
    assert "da valores a C, R con --set" in capsys.readouterr().err
    assert not (tmp_path / "s.png").exists()
