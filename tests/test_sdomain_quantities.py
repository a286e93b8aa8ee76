"""The checker in the s-domain, beyond H(s): the quantities of the textbook forms
(f_c, f_0, omega_0, Q, K, tau) asked and answered in text and LaTeX, numbers with
the units s, Hz, rad/s, F beside V and Ω, π in formulas, the unit s against the
Laplace variable s, and the classic mistakes with their diagnoses.

The references are the engine's (derive.analysis.sdomain); the formulas written
here are the textbooks', as answers a student would type."""
import pytest

from derive.checker.grade import Grader
from derive.cli import main

GRADER = Grader()      # one per module: each circuit's context is built once


def check(circuit, answer, quantity=None, given=None, lang="en"):
    return GRADER.check(answer, circuit, quantity, given, lang=lang)


def codes(result):
    return [d["code"] for d in result["diagnosis"]]


# --- right answers: the textbook formulas, as text and as LaTeX -------------------------
@pytest.mark.parametrize("circuit, quantity, answer", [
    ("sallen-key-lp", "f0", "1/(2*pi*sqrt(R1*R2*C1*C2))"),
    ("sallen-key-lp", "f_0", r"\frac{1}{2\pi\sqrt{R_1R_2C_1C_2}}"),
    ("sallen-key-lp", "f0", "1/(2π√(R1 R2 C1 C2))".replace("√", "sqrt")),
    ("sallen-key-lp", "omega_0", "1/sqrt(R1*R2*C1*C2)"),
    ("sallen-key-lp", "w0", r"\frac{1}{\sqrt{R_1 R_2 C_1 C_2}}"),
    ("sallen-key-lp", "Q", "sqrt(R1*R2*C1*C2)/(C2*(R1+R2))"),
    ("sallen-key-lp", "Q", r"\frac{\sqrt{R_1R_2C_1C_2}}{C_2\left(R_1+R_2\right)}"),
    ("sallen-key-lp", "K", "1"),
    ("mfb-bandpass", "omega_0", "sqrt((R1+R2)/(R1*R2*R3*C1*C2))"),
    ("mfb-bandpass", "Q", r"\frac{\sqrt{R_3(R_1+R_2)C_1C_2/(R_1R_2)}}{C_1+C_2}"),
    ("mfb-bandpass", "K", "-R3*C2/(R1*(C1+C2))"),
    ("tia", "f_c", r"\frac{1}{2\pi R_f C_f}"),
    ("tia", "fc", "1/(2*pi*Rf*Cf)"),
    ("tia", "K", "-Rf"),
    ("tia", "tau", r"R_f C_f"),
    ("lossy-integrator", "f_c", "1/(2 pi Rf Cf)"),
    ("lossy-integrator", "omega_p", r"\frac{1}{R_fC_f}"),
    ("lossy-integrator", "K", r"-\frac{R_f}{R_{in}}"),
    ("integrator", "tau", "R*C"),
    ("integrator", "K", "-1"),
    ("ecg-front-end", "f0", "1/(2*pi*sqrt(Rh*Rl*Ch*Cl))"),
    ("ecg-front-end", "Q", "sqrt(Rh*Rl*Ch*Cl)/(Rh*Ch+Rl*Cl)"),
])
def test_textbook_quantities_are_right(circuit, quantity, answer):
    r = check(circuit, answer, quantity)
    assert r["equivalent"] is True, r["feedback"]


def test_the_command_of_the_issue(capsys):
    assert main(["check", "sallen-key-lp", "--quantity", "f0", "1/(2*pi*sqrt(R1*R2*C1*C2))"]) == 0
    out = capsys.readouterr().out
    assert "interpreted as: 1/(2*π*sqrt(R1*R2*C1*C2))" in out and "Correct" in out


# --- the classic mistakes, with what the checker says --------------------------------
@pytest.mark.parametrize("circuit, quantity, answer, code, words", [
    # ω₀ given where f₀ was asked, and the other way round
    ("sallen-key-lp", "f0", "1/sqrt(R1*R2*C1*C2)", "two_pi_times_hz", "angular frequency ω = 2πf"),
    ("sallen-key-lp", "omega_0", r"\frac{1}{2\pi\sqrt{R_1R_2C_1C_2}}", "two_pi_over_rad",
     "the frequency f = ω/(2π) in Hz"),
    ("tia", "f_c", "1/(Rf*Cf)", "two_pi_times_hz", "angular frequency"),
    # the time constant off by 2π
    ("tia", "tau", r"2\pi R_f C_f", "two_pi_times_s", "time constant tau = 1/ω"),
    ("lossy-integrator", "tau", "Rf*Cf/(2*pi)", "two_pi_over_s", "time constant tau = 1/ω has no 2π"),
    # the Laplace variable left out, in text and in LaTeX
    ("tia", None, r"-\frac{I_p R_f}{1+R_fC_f}", "missing_s", "the Laplace variable s is missing"),
    ("lossy-integrator", None, "-Rf/Rin*Vin/(1+Rf*Cf)", "missing_s", "the Laplace variable s is missing"),
    # R ∥ 1/(sC) written as a sum, in LaTeX
    ("tia", None, r"-I_p\left(R_f+\frac{1}{sC_f}\right)", "parallel_as_sum", "as in series"),
    ("lossy-integrator", None, r"-\frac{V_{in}}{R_{in}}\left(R_f+\frac{1}{sC_f}\right)", "parallel_as_sum",
     "Rf and Cf as in series"),
    # two capacitors exchanged in a quantity with a root (values compared to 40 digits)
    ("sallen-key-lp", "Q", r"\frac{\sqrt{R_1R_2C_1C_2}}{C_1(R_1+R_2)}", "swapped_symbols",
     "C1 and C2 are in each other's place"),
    # a resistor and a capacitor exchanged
    ("sallen-key-lp", None, r"\frac{V_{in}}{1+sR_1(C_2+R_2)+s^2R_1R_2C_1C_2}", "rc_swapped",
     "R1 and C2 are in each other's place"),
])
def test_classic_mistakes(circuit, quantity, answer, code, words):
    r = check(circuit, answer, quantity)
    assert r["equivalent"] is False
    assert code in codes(r) and words in r["feedback"], r["feedback"]


def test_two_pi_messages_in_spanish():
    r = check("sallen-key-lp", "1/sqrt(R1*R2*C1*C2)", "f0", lang="es")
    assert "frecuencia angular ω = 2πf" in r["feedback"]
    r = check("tia", r"2\pi R_f C_f", "tau", lang="es")
    assert "constante de tiempo tau" in r["feedback"]


# --- numbers with units ------------------------------------------------------------------
TIA = "Rf=100k, Cf=1n"             # f_c = 1/(2π·100 kΩ·1 nF) = 1591.5 Hz, ω_p = 10 krad/s, τ = 100 µs
LOSSY = "Rf=100k, Cf=10n, Rin=10k"  # τ = 1 ms


@pytest.mark.parametrize("circuit, quantity, given, answer", [
    ("tia", "f_c", TIA, "1.59 kHz"),
    ("tia", "f_c", TIA, r"\SI{1.59}{\kilo\hertz}"),
    ("tia", "f_c", TIA, "1591.5"),                        # a bare number: in the quantity's unit
    ("tia", "f_c", TIA, "1/(2*pi*100k*1n)"),              # π in a numeric formula
    ("tia", "omega_p", TIA, "10 krad/s"),
    ("tia", "w_p", TIA, r"\SI{10}{\kilo\radian\per\second}"),
    ("tia", "tau", TIA, "100 µs"),
    ("lossy-integrator", "tau", LOSSY, "1 ms"),
    ("lossy-integrator", "tau", LOSSY, r"\SI{1}{\milli\second}"),
    ("lossy-integrator", "tau", LOSSY, "0.001 s"),         # a lone number and s: seconds
    ("tia", "Cf", "Rf=10k, f_c=159.155", "100 nF"),        # designed for a cutoff: solved from f_c
    ("tia", "Cf", "Rf=10k, f_c=159.155", r"\SI{100}{\nano\farad}"),
    ("tia", "Rf", "Cf=100n, f_c=159.155 Hz", "10 kΩ"),
])
def test_numbers_with_units_right(circuit, quantity, given, answer):
    r = check(circuit, answer, quantity, given)
    assert r["equivalent"] is True, r["feedback"]


@pytest.mark.parametrize("circuit, quantity, given, answer, code, words", [
    ("tia", "f_c", TIA, "10 krad/s", "two_pi_times_hz", "angular frequency ω = 2πf"),
    ("tia", "f_c", TIA, "1.59 krad/s", "wrong_unit", "f_c is measured in Hz, not in rad/s"),
    ("tia", "omega_p", TIA, "1.59 kHz", "two_pi_over_rad", "the frequency f = ω/(2π) in Hz"),
    ("tia", "tau", TIA, "628.3 µs", "two_pi_times_s", "1/f = 2π/ω"),
    ("tia", "tau", TIA, "100 ms", "prefix_off", "1000 times the right one"),
    ("tia", "tau", TIA, "100 µF", "wrong_unit", "tau is measured in s, not in F"),
    ("tia", "Cf", "Rf=10k, f_c=159.155", "628 nF", "two_pi_times", "2π times the right value of Cf"),
])
def test_numbers_with_units_wrong(circuit, quantity, given, answer, code, words):
    r = check(circuit, answer, quantity, given)
    assert r["equivalent"] is False
    assert code in codes(r) and words in r["feedback"], r["feedback"]


def test_the_two_pi_message_for_a_resistance_does_not_speak_of_frequency():
    for lang, word in (("en", "frequency"), ("es", "frecuencia")):
        r = check("tia", "62.83 kΩ", "Rf", "Cf=100n, f_c=159.155", lang)    # right: 10 kΩ
        assert "two_pi_times" in codes(r)
        assert word not in r["feedback"] and "ω" not in r["feedback"]
        assert "Rf" in r["feedback"]


# --- the unit s and the Laplace variable s ----------------------------------------------
def test_s_after_a_lone_number_is_seconds_only_where_a_number_is_asked():
    r = check("lossy-integrator", "1 s", "tau", "Rf=1meg, Cf=1u, Rin=10k")
    assert r["equivalent"] is True and r["interpreted_as"] == "1 s"
    r = check("differentiator", "-10 s")                 # a formula is asked: the product -10·s
    assert r["interpreted_as"] == "-10*s" and r["equivalent"] is False
    r = check("integrator", "-Vin/(2 s R C)")            # inside a formula: always the variable
    assert r["interpreted_as"].startswith("-Vin/(2*s") and r["equivalent"] is False
    assert "constant_factor" in codes(r)
    r = check("tia", "5 s*Rf", "tau", TIA)
    assert r["status"] == "invalid"                      # never a unit inside a formula


def test_units_of_a_formula_are_checked_in_seconds_too():
    r = check("tia", "Rf/Cf", "tau")
    assert "wrong_dimension" in codes(r) and "Ω²/s" not in r["feedback"]
    assert "but tau is in s" in r["feedback"]
    r = check("sallen-key-lp", "1/(2*pi*(R1*R2*C1*C2))", "f0")
    assert "but f_0 is in Hz" in r["feedback"]
