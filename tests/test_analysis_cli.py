"""``derive design`` and ``derive cmrr`` as a user runs them."""
import json
import shutil
import subprocess
import sys

import pytest

from derive.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "derive", *args], capture_output=True, text=True, timeout=300)


def test_design_ad620_json(capsys):
    assert main(["design", "inamp-ic", "--gain", "1000", "--part", "AD620", "--series", "E96", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rg_exact"] == "49400/999" and data["rg_exact_value"] == pytest.approx(49.45, abs=0.01)
    assert data["rg_standard"] == "49.9" and data["error"] == pytest.approx(-0.00902, abs=1e-5)


@pytest.mark.parametrize("rg, gain", [("50", "1001"), ("500", "101"), ("5k", "11"), ("open", "1")])
def test_design_gain_from_rg_ina128(capsys, rg, gain):
    assert main(["design", "inamp-ic", "--rg", rg, "--part", "INA128"]) == 0
    assert f"G = {gain} " in capsys.readouterr().out


def test_design_text_shows_steps_and_numbers(capsys):
    assert main(["design", "inamp-ic", "--gain", "200", "--part", "INA128"]) == 0
    out = capsys.readouterr().out
    assert "K = 2⋅R" in out                       # derived from the circuit
    assert "RG exact: 251.3 Ω" in out and "Nearest E24: 240 Ω" in out


def test_design_spanish(capsys):
    assert main(["design", "inamp-ic", "--gain", "200", "--part", "INA128", "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert "RG exacta: 251,3 Ω" in out and "Despejando" in out


@pytest.mark.parametrize("args, words", [
    (["--rg", "0", "--part", "INA128"], "short"),
    (["--gain", "0.5", "--part", "INA128"], "cannot attenuate"),
    (["--gain", "100", "--part", "NE5532"], "unknown part"),
    (["--gain", "-3", "--part", "INA128"], "positive"),
])
def test_design_errors_are_one_line_and_exit_2(args, words):
    proc = run("design", "inamp-ic", *args)
    assert proc.returncode == 2
    assert words in proc.stderr and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


@pytest.mark.parametrize("tol, db", [("0.1%", 88.0), ("1%", 68.0)])
def test_cmrr_seed_001_difference_amplifier(capsys, tol, db):
    assert main(["cmrr", "diffamp", "--tolerance", tol, "--gain", "100", "--samples", "2000", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["tolerance"]
    assert data["worst_db"] == pytest.approx(db, abs=0.1)
    assert data["first_order_db"] == pytest.approx(db, abs=0.1)
    assert data["monte_carlo"]["samples"] == 2000


def test_cmrr_text_requirement_and_table(capsys):
    assert main(["cmrr", "diffamp", "--common-mode", "2", "--max-error", "0.1m", "--table"]) == 0
    out = capsys.readouterr().out
    assert "86.02 dB" in out
    assert any(l.split()[:1] == ["120"] and "1 µV" in l for l in out.splitlines())
    assert any(l.split()[:1] == ["60"] and "1 mV" in l for l in out.splitlines())


def test_cmrr_of_given_resistor_values(capsys):
    assert main(["cmrr", "diffamp", "--set", "R1=10k, R2=1meg, R3=10.01k, R4=1meg", "--brief"]) == 0
    out = capsys.readouterr().out
    assert "CMRR = 202001/2" in out and "CMRR_dB = 100.09" in out


def test_cmrr_inamp_shows_the_stage_result(capsys):
    assert main(["cmrr", "inamp"]) == 0
    out = capsys.readouterr().out
    assert "A_cm = A_cm2" in out and "CMRR = CMRR₂⋅G₁" in out


def test_cmrr_latex(capsys):
    assert main(["cmrr", "diffamp", "--latex", "--tolerance", "1%", "--gain", "100", "--samples", "0"]) == 0
    out = capsys.readouterr().out
    assert r"\begin{align}" in out and r"\mathrm{CMRR}" in out and "A_{cm}" in out
    assert r"\label{eq:decomposition-cmrr}" in out and r"\eqref{eq:decomposition-ad}" in out
    assert out.startswith(r"\documentclass") and out.rstrip().endswith(r"\end{document}")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.parametrize("lang", ["en", "es"])
def test_latex_output_compiles(tmp_path, capsys, lang):
    assert main(["cmrr", "inamp", "--latex", "--tolerance", "0.1%", "--gain", "100", "--samples", "500",
                 "--common-mode", "2", "--max-error", "0.1m", "--table", "--lang", lang]) == 0
    (tmp_path / "cmrr.tex").write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["design", "inamp-ic", "--gain", "1000", "--part", "AD620", "--latex", "--lang", lang]) == 0
    (tmp_path / "design.tex").write_text(capsys.readouterr().out, encoding="utf-8")
    for name in ("cmrr", "design"):
        proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout[-2000:]
        assert (tmp_path / f"{name}.pdf").stat().st_size > 1000


def test_cmrr_errors():
    proc = run("cmrr", "inverting")
    assert proc.returncode == 2 and "two" in proc.stderr
    proc = run("cmrr", "diffamp", "--tolerance", "200%")
    assert proc.returncode == 2 and "tolerance" in proc.stderr
    proc = run("cmrr", "diffamp", "--gain", "10")
    assert proc.returncode == 2 and "--tolerance" in proc.stderr
    proc = run("cmrr", "diffamp", "--set", "R9=1k")
    assert proc.returncode == 2 and "R9" in proc.stderr and "R1" in proc.stderr


def test_design_bandwidth_with_gbw(capsys):
    # First stage at G = 1000 with 1 MHz op-amps: GBW/G1 ~ 1 kHz; unity difference stage: GBW/2.
    assert main(["design", "inamp-ic", "--gain", "1000", "--part", "AD620", "--series", "E96",
                 "--gbw", "1meg", "--brief"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert "1.009 kHz at -3 dB" in line and "500 kHz (f_2)" in line
    assert main(["design", "inamp-ic", "--gain", "100", "--part", "INA128", "--gbw", "1meg", "--latex", "--body"]) == 0
    tex = capsys.readouterr().out
    assert r"\label{eq:finite_gain-fg-limit}" in tex and r"\lim" in tex and r"\omega_{t}" in tex
