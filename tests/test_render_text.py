"""Terminal and JSON rendering of derivations."""
import json

import pytest
from sympy import cancel, sympify

from derive.circuit import builtin_names
from derive.cli import main
from derive.derivation import derive
from derive.render.text import arrange, render_text


@pytest.mark.parametrize("name", builtin_names())
def test_arrange_never_changes_a_value(name):
    d = derive(name, general=True)
    for step in d.steps:
        for side in (step.equation.lhs, step.equation.rhs):
            assert cancel(arrange(side).doit() - side) == 0, step.id


def test_text_numbers_steps_and_cites_uses():
    d = derive("inamp")
    text = render_text(d)
    assert text.count("\n(") >= len(d.steps) - len(d.case_ids)
    assert "(uses (4), (2), (3))" in text          # eq. 2 uses the scenario and R1 = R3, R2 = R4
    assert "virtual ground" in text and "difference amplifier" in text


def test_spanish_text_reads_spanish():
    text = render_text(derive("inamp-wiki"), "es")
    assert "cortocircuito virtual" in text and "Resultado" in text and "Casos particulares" in text
    assert "The " not in text


def test_show_json_matches_design(capsys):
    assert main(["show", "inamp", "--json", "--lang", "es"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"circuit", "method", "assumptions", "steps", "result"}
    assert data["method"] == "superposition"
    for step in data["steps"]:
        assert set(step) >= {"id", "kind", "lhs", "rhs", "latex", "explanation", "uses"}
    d = derive("inamp")
    for step, ours in zip(data["steps"], d.steps):
        assert step["id"] == ours.id and step["rhs"] == str(ours.equation.rhs)
        assert step["latex"].count("=") == 1
    rhs = sympify(data["result"]["rhs"])
    assert str(rhs) == str(d.result.rhs)


def test_json_explanations_are_the_terminal_prose(capsys):
    """The JSON explanation is the sentence the terminal prints, formulas in its
    plain-text form (R₂·V₁/…), never SymPy source (R2*V1/(R1 + R2))."""
    for lang in ("en", "es"):
        assert main(["show", "diffamp", "--method", "virtual-short", "--json", "--lang", "es"
                     if lang == "es" else "en"]) == 0
        steps = json.loads(capsys.readouterr().out)["steps"]
        assert main(["show", "diffamp", "--method", "virtual-short", "--lang", lang]) == 0
        terminal = " ".join(capsys.readouterr().out.split())
        short = next(s["explanation"] for s in steps if s["kind"] == "virtual_short")
        assert "(R₂/(R₁ + R₂))·V₁" in short
        for step in steps:
            assert "*" not in step["explanation"] and "**" not in step["explanation"]
            assert " ".join(step["explanation"].split()) in terminal, step["explanation"]


def test_show_methods_and_general(capsys):
    for method in ("superposition", "virtual-short", "nodal"):
        assert main(["show", "inamp", "--method", method, "--general"]) == 0
        out = capsys.readouterr().out
        assert "every resistor has its own value" in out
