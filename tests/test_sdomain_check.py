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
