"""The analysis steps: proved (a wrong one is caught), explained in both languages."""
import dataclasses

import pytest
from sympy import Eq, Symbol

from derive.analysis.decompose import decompose
from derive.analysis.design import design
from derive.analysis.finite_gain import finite_gain
from derive.analysis.report import explain, render_steps_latex, render_steps_text
from derive.analysis.steps import verify_analysis
from derive.analysis.tolerance import tolerance_analysis
from derive.errors import UnprovedStepError
from derive.text import catalog, placeholders


@pytest.fixture(scope="module")
def analyses():
    return [decompose("inamp"), decompose("diffamp", general=False), finite_gain("inamp-ic"),
            tolerance_analysis("diffamp", 0.01, gain=100, samples=0).analysis,
            design("inamp-ic", 1000, part="AD620").analysis, design("inamp-ic", 1, part="INA128").analysis,
            design("inamp", 100).analysis]


def test_a_wrong_step_is_caught(analyses):
    a = analyses[0]
    steps = list(a.steps)
    i = next(k for k, s in enumerate(steps) if s.id == "acm")
    wrong = dataclasses.replace(steps[i], equation=Eq(steps[i].lhs, Symbol("R1", positive=True)))
    steps[i] = wrong
    with pytest.raises(UnprovedStepError, match="acm"):
        verify_analysis(dataclasses.replace(a, steps=tuple(steps)))


def test_a_wrong_condition_is_caught(analyses):
    a = analyses[0]
    steps = list(a.steps)
    i = next(k for k, s in enumerate(steps) if s.id == "cmrr-stages")
    params = dict(steps[i].params, conditions=[])          # G1 x CMRR2 needs R5 = R6
    steps[i] = dataclasses.replace(steps[i], params=params)
    with pytest.raises(UnprovedStepError):
        verify_analysis(dataclasses.replace(a, steps=tuple(steps)))


def test_catalogs_have_the_same_keys_and_placeholders():
    en, es = catalog("en", "analysis"), catalog("es", "analysis")
    for section in ("steps", "ui"):
        assert en[section].keys() == es[section].keys()
        for key in en[section]:
            assert placeholders(en[section][key]) == placeholders(es[section][key]), key


def test_every_step_is_explained_with_its_own_parameters(analyses):
    steps = catalog("en", "analysis")["steps"]
    for a in analyses:
        for s in a.steps:
            missing = placeholders(steps[s.kind]) - set(s.params)
            assert not missing, (s.kind, missing)
            for lang in ("en", "es"):
                assert "{" not in explain(s, lang)


def test_text_and_latex_render_every_analysis(analyses):
    for a in analyses:
        text = render_steps_text(a, "es")
        tex = render_steps_latex(a, "en")
        assert text.count("\n(") + text.startswith("(") == len(a.steps)
        assert tex.count(r"\begin{align}") == len(a.steps)
        assert "e_{psilon}" not in tex and "o_{mega" not in tex and "C_{MRR}" not in tex
