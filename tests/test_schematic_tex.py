"""Every built-in schematic compiles with pdflatex and with xelatex."""
import shutil
import subprocess

import pytest

from derive.circuit import builtin_names, load_circuit, parse_netlist
from derive.cli import main
from derive.schematic.circuitikz import PREAMBLE, standalone_document, to_circuitikz

NUMERIC = parse_netlist(
    "V1 in1 0 131.35m\nV2 in2 0 0\nU1 in1 g1 o1\nU2 in2 g2 o2\nR5 o1 g1 24.7k\nRG g1 g2 49.4\n"
    "R6 g2 o2 24.7k\nR1 o1 p3 10k\nR2 p3 0 10k\nR3 o2 m3 10k\nR4 m3 out 10k\nU3 p3 m3 out\n",
    name="numeric",
)
ENGINES = ("pdflatex", "xelatex")


def compile_tex(engine, tmp_path, text, name="doc"):
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not installed")
    (tmp_path / f"{name}.tex").write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240,
    )
    log = proc.stdout[-3000:]
    assert proc.returncode == 0, f"{engine} failed:\n{log}"
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.stat().st_size > 1000
    return pdf


@pytest.mark.parametrize("engine", ENGINES)
def test_every_builtin_compiles(engine, tmp_path):
    pictures = [to_circuitikz(load_circuit(n)) for n in builtin_names()] + [to_circuitikz(NUMERIC)]
    body = "\n\\newpage\n".join(f"\\resizebox{{\\linewidth}}{{!}}{{%\n{p}}}" for p in pictures)
    doc = f"\\documentclass{{article}}\n{PREAMBLE}\\begin{{document}}\n{body}\n\\end{{document}}\n"
    compile_tex(engine, tmp_path, doc)
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert f"({len(pictures)} pages" in log, "one page per schematic"
    assert "Undefined control sequence" not in log and "Missing $" not in log


@pytest.mark.parametrize("engine", ENGINES)
def test_standalone_document_from_the_command_line_compiles(engine, tmp_path, capsys):
    assert main(["schematic", "inamp-ic"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("\\documentclass") and "node[op amp" in text
    compile_tex(engine, tmp_path, text)


def test_numbers_go_through_siunitx_and_symbols_get_subscripts():
    tex = to_circuitikz(NUMERIC)
    assert r"\SI{49.4}{\ohm}" in tex and r"\SI{24.7}{\kilo\ohm}" in tex
    assert r"\SI{131.35}{\milli\volt}" in tex
    tex = standalone_document(load_circuit("inamp"))
    assert "$R_{G}$" in tex and "$V_{out}$" in tex
    assert tex.count("node[op amp") == 3 and "yscale=-1" in tex
    assert tex.count("node[ground]") == 1 and tex.count("node[ocirc]") == 3
