"""The checker in the s-domain: right and wrong answers, text and LaTeX, and their diagnoses."""
import pytest

from derive.cli import main


@pytest.mark.parametrize("circuit, answer, status, words", [
    ("tia", "-Ip*Rf/(1+s*Rf*Cf)", 0, "Correct"),
    ("tia", r"-\frac{I_p R_f}{1+sR_fC_f}", 0, "Correct"),
    ("integrator", r"-\frac{V_{in}}{sRC}", 0, "Correct"),
    ("tia", "-Ip*Rf/(1+Rf*Cf)", 1, "the Laplace variable s is missing"),
    ("tia", "-Ip*(Rf+1/(s*Cf))", 1, "treats Rf and Cf as in series"),
    ("differentiator", "-R*C*Vin", 1, "a factor s is missing"),
    ("sallen-key-lp", "Vin/(1+s*R1*(C2+R2)+s^2*R1*R2*C1*C2)", 1, "R1 and C2 are in each other"),
])
def test_s_domain_answers_and_diagnoses(capsys, circuit, answer, status, words):
    assert main(["check", circuit, answer]) == status
    assert words in capsys.readouterr().out


def test_s_domain_diagnosis_in_spanish(capsys):
    assert main(["check", "tia", "-Ip*(Rf+1/(s*Cf))", "--lang", "es"]) == 1
    assert "en serie" in capsys.readouterr().out


# Answers written in jω are H(s) at s = jω: read back in s exactly, then graded as any answer.
@pytest.mark.parametrize("circuit, answer, status, words", [
    ("lossy-integrator", "-Rf*Vin/Rin/(1+j*w*Rf*Cf)", 0, "Correct"),
    ("lossy-integrator", "-Rf*Vin/(Rin*(1+jωRfCf))", 0, "Correct"),
    ("lossy-integrator", r"-\frac{R_f V_{in}}{R_{in}\left(1+j\omega R_f C_f\right)}", 0, "Correct"),
    ("lossy-integrator", "-Rf*Vin/Rin/(1+j*w*Rin*Cf)", 1, "Not equal"),
    ("integrator", "j*Vin/(w*R*C)", 0, "Correct"),              # 1/(jωRC) = -j/(ωRC)
    ("integrator", r"\frac{-V_{in}}{j\omega RC}", 0, "Correct"),
    ("integrator", "-j*Vin/(w*R*C)", 1, "minus the right one"),
    ("tia", "-Ip*Rf/(1+j*w*Rf*Cf)", 0, "Correct"),
    ("tia", "-Ip*(Rf+1/(j*w*Cf))", 1, "treats Rf and Cf as in series"),
    ("sallen-key-lp", "Vin/(1 + j*w*C2*(R1+R2) - w^2*R1*R2*C1*C2)", 0, "Correct"),
    ("sallen-key-lp", "Vin/(1 + j*w*C2*(R1+R2) + w^2*R1*R2*C1*C2)", 1, "Not equal"),
])
def test_answers_in_jomega(capsys, circuit, answer, status, words):
    assert main(["check", circuit, answer]) == status
    assert words in capsys.readouterr().out


@pytest.mark.parametrize("answer, words", [
    ("-Rf*Vin/Rin/(1+w*Rf*Cf)", "not H(jω) of any transfer function"),   # j forgotten
    ("-Rf*Vin/Rin/(1+j*s*Rf*Cf)", "mixes s and jω"),
])
def test_jomega_and_tau_refusals(capsys, answer, words):
    assert main(["check", "lossy-integrator", answer]) == 2
    assert words in capsys.readouterr().err


def test_jomega_refusal_in_spanish(capsys):
    assert main(["check", "lossy-integrator", "-Rf*Vin/Rin/(1+w*Rf*Cf)", "--lang", "es"]) == 2
    assert "no es H(jω)" in capsys.readouterr().err


GIVEN_C = ["--quantity", "C", "--given", "R=10k, Vin=1, s=1, Vout=-2"]      # C = 1/(2 s R) = 50 µF


@pytest.mark.parametrize("answer, status, words", [
    ("50 µF", 0, "exact value of C is 50 µF"),
    (r"\SI{50}{\micro\farad}", 0, "Correct"),
    ("50 mH", 1, "C is measured in F, not in H"),
    ("314.2 µF", 1, "2π times the right value of C"),          # 2π · 50 µF
    ("7.958 µF", 1, "1/(2π) times the right value of C"),      # 50 µF / (2π)
    ("60 µF", 1, "Outside the 1 % tolerance"),
])
def test_numbers_in_farads_and_the_two_pi_diagnosis(capsys, answer, status, words):
    assert main(["check", "integrator", answer, *GIVEN_C]) == status
    out = capsys.readouterr().out
    assert words in out
    if "2π" not in words:
        assert "2π" not in out
    assert "frequency" not in out      # C is a capacitance: the 2π message says nothing of ω or f


def test_two_pi_diagnosis_in_spanish(capsys):
    assert main(["check", "integrator", "314.2 µF", *GIVEN_C, "--lang", "es"]) == 1
    out = capsys.readouterr().out
    assert "2π veces el valor correcto de C" in out and "frecuencia" not in out


def test_given_in_the_wrong_unit_is_refused(capsys):
    assert main(["check", "integrator", "10k", "--quantity", "R", "--given", "C=50 mH, Vin=1, s=1, Vout=-2"]) == 2
    assert "henry" in capsys.readouterr().err


# τ and ω_p are quantities where the textbook forms of H(s) derive them; elsewhere τ is refused.
@pytest.mark.parametrize("circuit, answer, args, status, words", [
    ("lossy-integrator", "Rf*Cf", ["--quantity", "tau"], 0, "Correct"),
    ("lossy-integrator", r"R_{in}C_f", ["--quantity", "tau"], 1, "Not equal"),
    ("lossy-integrator", r"-\frac{R_f V_{in}}{R_{in}(1+s\tau)}", [], 0, "Correct"),
    ("integrator", r"-\frac{V_{in}}{s\tau}", [], 0, "Correct"),
    ("integrator", "-Vin*s*tau", [], 1, "Not equal"),
    ("tia", "1/(Rf*Cf)", ["--quantity", "omega_p"], 0, "Correct"),
    ("tia", "1000", ["--quantity", "omega_p", "--given", "Rf=100k, Cf=10 nF"], 0, "Correct"),
    ("tia", "159.2", ["--quantity", "omega_p", "--given", "Rf=100k, Cf=10 nF"], 1, "1/(2π) times"),
    ("tia", "6283", ["--quantity", "omega_p", "--given", "Rf=100k, Cf=10 nF"], 1, "2π times"),
])
def test_time_constant_and_pole_as_quantities(capsys, circuit, answer, args, status, words):
    assert main(["check", circuit, answer, *args]) == status
    assert words in capsys.readouterr().out


def test_tau_where_no_form_defines_it(capsys):
    assert main(["check", "sallen-key-lp", "Vin/(1+s*tau)"]) == 2
    assert "'tau' (a time constant) is not defined" in capsys.readouterr().err
