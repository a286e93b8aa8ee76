"""The LaTeX document: its equations are the derivation's, its references resolve."""
import re
from functools import lru_cache

import pytest
from latex_reader import read_equation
from sympy import cancel

from derive.circuit.library import builtin_names
from derive.cli import main
from derive.derivation import derive as _derive
from derive.render.latex import equation_lines
from derive.render import latex_document
from derive.render.latex_document import PACKAGES, render_steps
from derive.schematic.circuitikz import document_drawing
from derive.notation.names import latex_symbol_name


@lru_cache(maxsize=None)
def derive(name, method=None, general=False):
    """Derivations are immutable: derive each once for the whole module."""
    return _derive(name, method=method, general=general)


def document(d, lang):
    """The document as ``derive latex`` writes it: with the circuit's schematic."""
    return latex_document.document(d, lang, document_drawing(d.circuit))


def body(d, lang):
    """The body as ``derive latex --body`` writes it: with the circuit's schematic."""
    return latex_document.body(d, lang, document_drawing(d.circuit))


def labelled_equations(tex):
    """{step id: the LaTeX of its equation} for every labelled equation in the text."""
    found = {}
    for env in re.findall(r"\\begin\{(?:align|equation)\}\n(.*?)\\end\{(?:align|equation)\}", tex, re.S):
        rows = env.split(" \\\\\n")
        pending = []
        for row in rows:
            m = re.search(r"\\label\{eq:([^}]+)\}", row)
            if m:
                text = row[: m.start()]
                found[m.group(1)] = " ".join(pending + [text]).strip()
                pending = []
            else:
                pending.append(row)
    return found


def _unbox(tex):
    tex = tex.strip()
    if tex.startswith(r"\boxed{"):
        tex = tex[len(r"\boxed{"):].rstrip()[:-1]
    for mark in (r"\nonumber", r"\begin{aligned}", r"\end{aligned}"):
        tex = tex.replace(mark, "")
    return tex


def _normal(tex):
    return " ".join(_unbox(tex).replace("&", "").replace(r"\\", " ").split())


CASES = [(name, general, lang) for name in builtin_names() for general in (False, True) for lang in ("en", "es")]


@pytest.mark.parametrize("name, general, lang", CASES)
def test_every_step_is_a_labelled_equation_equal_to_the_derivation(name, general, lang):
    d = derive(name, general=general)
    tex = document(d, lang)
    equations = labelled_equations(tex)
    assert set(equations) == {s.id for s in d.steps}
    signals = [s.value for s in d.circuit.sources]
    for step in d.steps:
        printed = _normal(" ".join(equation_lines(step.equation, signals)))
        assert _normal(equations[step.id]) == printed, step.id
        # and, independently of the printer, the math reads back as the step
        table = {latex_symbol_name(s.name): s for s in step.equation.free_symbols}
        back = read_equation(_unbox(equations[step.id]).replace("&=", "="), table)
        assert cancel(back.lhs - step.equation.lhs) == 0
        assert cancel(back.rhs - step.equation.rhs) == 0


@pytest.mark.parametrize("name", builtin_names())
def test_references_point_at_labels_and_follow_the_uses(name):
    d = derive(name)
    tex = body(d, "en")
    labels = set(re.findall(r"\\label\{eq:([^}]+)\}", tex))
    refs = set(re.findall(r"\\eqref\{eq:([^}]+)\}", tex))
    assert refs <= labels
    assert refs == {u for s in d.steps for u in s.uses}


def test_inamp_result_is_boxed_in_textbook_order():
    tex = document(derive("inamp"), "es")
    assert (
        r"\boxed{V_{out} = \frac{R_{2}}{R_{1}} \left(1 + \frac{2 R_{5}}{R_{G}}\right) (V_{1} - V_{2})}"
        r"" in tex
    )
    assert tex.count(r"\boxed{") == 1
    # the schematic is drawn from the circuit, with its names
    assert r"\begin{circuitikz}" in tex and "$R_{G}$" in tex and "$V_{out}$" in tex


def test_spanish_document_keeps_tikz_and_decimals_working():
    tex = document(derive("inamp"), "es")
    assert r"\usepackage[spanish,es-noshorthands]{babel}" in tex
    assert r"\sisetup{output-decimal-marker={,}}" in tex
    assert "Caso 1: solo actúa $V_{1}$" in tex
    assert "A partir de \\eqref{eq:s1-V2}" in tex
    english = document(derive("inamp"), "en")
    assert "[english]{babel}" in english and "output-decimal-marker" not in english


def test_general_document_has_the_unmatched_formula_and_no_matching():
    matched, general = derive("inamp"), derive("inamp", general=True)
    tex = document(general, "en")
    assert "no matching conditions" in tex
    assert "matched in pairs" not in tex and r"\label{eq:assume-" not in tex
    boxed = re.search(r"\\boxed\{(.*?)\}\n  \\label", tex, re.S).group(1)
    table = {latex_symbol_name(s.name): s for s in general.result.free_symbols}
    back = read_equation(boxed.replace(r"\begin{aligned}", "").replace(r"\end{aligned}", ""), table)
    assert cancel(back.rhs - general.result.rhs) == 0
    assert cancel(back.rhs - matched.result.rhs) != 0        # really the unmatched one


def test_body_lists_the_packages_it_needs_and_has_no_preamble():
    text = body(derive("inamp-wiki"), "es")
    first = text.splitlines()[0]
    assert first.startswith("% ")
    for package, options, _ in PACKAGES:
        assert f"{{{package}}}" in first
    assert r"\documentclass" not in text and r"\begin{document}" not in text


def test_special_case_of_seed_000_follows_the_result():
    tex = document(derive("inamp-wiki"), "en")
    result_at = tex.index(r"\boxed{")
    assert tex.index("Special cases") > result_at
    assert r"\label{eq:case-R3-result}" in tex[result_at:]


def test_numeric_values_are_written_with_siunitx(tmp_path):
    net = tmp_path / "numeric.net"
    net.write_text(
        "V1 in 0 V1\nU1 in m out\nR1 m 0 10k\nR2 out m 49.4k\n.output out Vout\n", encoding="utf-8"
    )
    tex = document(_derive(str(net)), "es")
    assert r"$R_{2} = \SI{49.4}{\kilo\ohm}$" in tex


def test_render_steps_for_other_outputs():
    d = derive("inverting")
    tex = render_steps(d.steps[1:], "es")
    # a reference to a step outside the list is not written (it would be undefined)
    assert r"\eqref{eq:vs-U1}" not in tex and r"\eqref{eq:current-Rin}" in tex
    assert tex.count(r"\begin{align}") == len(d.steps) - 1


def test_cli_writes_a_document_and_a_body(tmp_path, capsys):
    out = tmp_path / "inamp.tex"
    assert main(["latex", "inamp", "--lang", "es", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"se ha escrito {out}\n"          # -o says what it wrote
    assert out.read_text(encoding="utf-8") == document(derive("inamp"), "es")
    assert main(["latex", "diffamp", "--body", "--method", "superposition"]) == 0
    assert capsys.readouterr().out == body(derive("diffamp", method="superposition"), "en")


def test_cli_errors_are_one_sentence(tmp_path, capsys):
    assert main(["latex", "no-such-circuit"]) == 2
    assert main(["latex", "inamp", "-o", str(tmp_path / "missing" / "x.tex")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("derive: error: ") for line in err)
    assert "-o" in err[1]


def test_readme_latex_excerpt_is_the_real_output():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme[readme.index("## LaTeX export"):]
    excerpt = re.search(r"```latex\n(.*?)```", section, re.S).group(1)
    text = body(derive("inamp"), "en")
    assert text.endswith(excerpt)
    first = re.search(r"first line is\n`([^`]+)`", section).group(1)
    assert text.splitlines()[0] == first


def test_finite_gain_op_amps_are_not_called_ideal(tmp_path):
    net = tmp_path / "finite.net"
    net.write_text("Vin in 0 Vin\nU1 in m out A\nRin m 0 1k\nRf out m 49.4k\n.output out Vout\n", encoding="utf-8")
    tex = document(_derive(str(net)), "en")
    assert "are ideal" not in tex
    assert "their open-loop gain is finite: $A$ ($U_{1}$)." in tex
    assert "are ideal" in document(derive("inverting"), "en")
