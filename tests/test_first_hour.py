"""Issue 13, the first hour of a new user: the command line reads as people type.

Each test is one thing a new user tried that went wrong; run in-process
(``derive.cli.main(argv)``) so they stay quick.
"""
import pytest

from derive.checker.lexer import normalise, tokenize
from derive.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


# --- derive check: what people type ------------------------------------------------

def test_an_answer_that_begins_with_a_minus_sign_is_graded(capsys):
    status, out, err = run(capsys, "check", "inverting", "-Rf/Rin*Vin")
    assert status == 0, err
    assert out.endswith("Correct: your answer is equal to Vout.\n")


@pytest.mark.parametrize("argv", [
    ["check", "inamp", "--general", "(1+2*R5/RG)*R2/R1*(V1-V2)"],
    ["check", "inamp", "(1+2*R5/RG)*R2/R1*(V1-V2)", "--general"],
    ["check", "--general", "inamp", "(1+2*R5/RG)*R2/R1*(V1-V2)"],
])
def test_options_go_anywhere(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 1 and "only if R5 = R6" in out, err       # general: the matched formula is wrong


def test_options_after_a_negative_answer_and_a_value_that_starts_with_minus(capsys):
    status, out, _ = run(capsys, "check", "inverting", "-Rf/Rin*Vin", "--lang", "es")
    assert status == 0 and out.endswith("Correcto: tu respuesta es igual a Vout.\n")
    status, out, _ = run(capsys, "check", "inverting", "-q", "Vout", "--given", "Rf=10k, Rin=1k, Vin=-1", "10 V")
    assert status == 0, out


def test_an_unknown_option_is_still_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "inamp", "--genral", "x"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: --genral" in capsys.readouterr().err


@pytest.mark.parametrize("answer", [
    "8.49×10^3 Ω", "8.49 k\u2126", "$8.49 \\times 10^{3}\\,\\Omega$", "8490 ohm", "８４９０ Ω",
])
def test_numbers_as_people_write_them(capsys, answer):
    status, out, err = run(capsys, "check", "inamp-ic", "-q", "RG", "--given", "R=24.7k, Vinp=1m, Vinm=0, Vref=0, "
                           "Vout=6.818", answer)
    assert err == "" and "8490 Ω" in out.splitlines()[0], (answer, out, err)


def test_the_ohm_sign_is_the_letter_omega():
    assert normalise("10 k\u2126") == normalise("10 k\u03a9") == "10 kΩ"
    assert [t.text for t in tokenize("R²")] == ["R", "^", "2"]          # superscripts stay powers


@pytest.mark.parametrize("text", ["$-\\frac{R_f}{R_{in}}V_{in}$", "$$-\\frac{Rf}{Rin} Vin$$",
                                  "\\(-\\frac{Rf}{Rin} Vin\\)", "\\[-Rf/Rin\\cdot Vin\\]"])
def test_latex_in_math_delimiters(capsys, text):
    status, out, err = run(capsys, "check", "inverting", text)
    assert status == 0, (text, out, err)


@pytest.mark.parametrize("circuit, answer", [
    ("inamp", "(1+2*R5/RG)*R2/R1"), ("inamp-wiki", "(1+2*R1/Rg)*R3/R2"), ("inverting", "-Rf/Rin"),
    ("inamp-ic", "G = 1 + 2R/RG"),
])
def test_the_gain_g_can_be_asked_for(capsys, circuit, answer):
    status, out, err = run(capsys, "check", circuit, "--quantity", "G", answer)
    assert status == 0, (out, err)
    assert out.endswith("equal to G.\n")


def test_a_wrong_gain_is_not_equal(capsys):
    status, out, _ = run(capsys, "check", "inamp", "-q", "G", "(1+R5/RG)*R2/R1")
    assert status == 1


# --- -o, --version, files that are missing -----------------------------------------

def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("derive 0.")


def test_cmrr_and_design_write_to_a_file(capsys, tmp_path):
    target = tmp_path / "cmrr.tex"
    status, out, _ = run(capsys, "cmrr", "diffamp", "--latex", "-o", str(target))
    assert status == 0 and out == f"wrote {target}\n"
    assert target.read_text("utf-8").startswith("\\documentclass")
    target = tmp_path / "design.txt"
    status, out, _ = run(capsys, "design", "inamp-ic", "--gain", "100", "-o", str(target), "--lang", "es")
    assert status == 0 and out == f"escrito {target}\n" and "RG" in target.read_text("utf-8")


def test_latex_says_what_it_wrote(capsys, tmp_path):
    target = tmp_path / "inv.tex"
    status, out, _ = run(capsys, "latex", "inverting", "-o", str(target))
    assert status == 0 and out == f"wrote {target}\n" and target.is_file()


@pytest.mark.parametrize("argv, sentence", [
    (["check", "inamp", "--batch", "missing.csv"],
     "derive: error: cannot read the answers file (--batch) missing.csv: there is no such file; "
     "check the name and folder\n"),
    (["latex", "inamp", "-o", "/no/such/dir/r.tex"],
     "derive: error: cannot write /no/such/dir/r.tex: the folder /no/such/dir does not exist; "
     "create it or choose another path with -o\n"),
])
def test_file_errors_exit_2_with_one_sentence(capsys, monkeypatch, tmp_path, argv, sentence):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *argv)
    assert (status, err) == (2, sentence)


def test_batch_output_folder_is_checked_before_grading(capsys, tmp_path):
    answers = tmp_path / "a.csv"
    answers.write_text("answer\n(1+2*R5/RG)*R2/R1*(V1-V2)\n", encoding="utf-8")
    status, out, err = run(capsys, "check", "inamp", "--batch", str(answers), "-o", "/no/such/dir/r.csv")
    assert status == 2 and err.count("\n") == 1 and "graded" not in err
    assert "the folder /no/such/dir does not exist" in err
