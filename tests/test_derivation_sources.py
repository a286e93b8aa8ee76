"""Both source documents' derivations, step by step, against their own formulas.

The superposition article (notation R1..R6, RG) and the Wikipedia article (virtual short,
notation R1, Rg, R2, R3), each checked in both notations, matched and unmatched.
"""
import pytest
from sympy import Symbol, cancel

from derive.derivation import derive


def R(name):
    return Symbol(name, positive=True)


def V(name):
    return Symbol(name, real=True)


V1, V2 = V("V1"), V("V2")
R1, R2, R3, R4, R5, R6, RG = (R(n) for n in ("R1", "R2", "R3", "R4", "R5", "R6", "RG"))
Rg = R("Rg")


def same(a, b):
    return cancel(a - b) == 0


def rhs_of(d, lhs_name):
    """Right-hand sides of every step whose left side is the named quantity."""
    return [s.equation.rhs for s in d.steps if str(s.equation.lhs) == lhs_name]


# ---- the superposition article, superposition, matched (R5 = R6, R1 = R3, R2 = R4) ---------------
@pytest.fixture(scope="module")
def superposition_article():
    return derive("inamp", method="superposition")


def test_superposition_article_assumptions_are_explicit_steps(superposition_article):
    assert {str(a) for a in superposition_article.assumptions} == {"Eq(R5, R6)", "Eq(R1, R3)", "Eq(R2, R4)"}
    assert all(superposition_article.step(f"assume-{r}").kind == "assumption" for r in ("R6", "R3", "R4"))


def test_superposition_article_eq2_difference_stage(superposition_article):
    s = superposition_article.step("s1-stage-U3")
    assert s.kind == "difference_stage" and str(s.equation.lhs) == "Vout1"
    assert same(s.equation.rhs, R2 / R1 * (V("V11") - V("V12")))
    assert {"assume-R3", "assume-R4"} <= set(s.uses)


def test_superposition_article_eq3_to_eq5(superposition_article):
    eq3 = superposition_article.step("s1-U1")
    assert eq3.kind == "noninverting_stage" and same(eq3.equation.rhs, V1 * (1 + R5 / RG))
    eq4 = superposition_article.step("s1-U2-current")
    assert eq4.kind == "series_current"
    # V11/(R5 + RG) = -V12/R6: both sides are the shared current
    assert same(eq4.equation.lhs, V("V11") / (R5 + RG)) and same(eq4.equation.rhs, -V("V12") / R6)
    eq5 = superposition_article.step("s1-U2")
    assert same(eq5.equation.rhs, -V1 * R6 / RG)


def test_superposition_article_eq6_eq7(superposition_article):
    eq6 = superposition_article.step("s1-substitute")
    assert same(eq6.equation.rhs, R2 / R1 * (V1 * (1 + R5 / RG) + V1 * R6 / RG))
    eq7 = superposition_article.step("s1-simplify")
    assert same(eq7.equation.rhs, V1 * R2 / R1 * (1 + 2 * R5 / RG))
    assert "assume-R6" in eq7.uses


def test_superposition_article_eq8_to_eq12(superposition_article):
    assert same(superposition_article.step("s2-stage-U3").equation.rhs, R2 / R1 * (V("V21") - V("V22")))
    assert same(superposition_article.step("s2-U2").equation.rhs, V2 * (1 + R6 / RG))          # (9)
    eq10 = superposition_article.step("s2-U1-current")
    assert same(eq10.equation.lhs, V("V22") / (R6 + RG)) and same(eq10.equation.rhs, -V("V21") / R5)
    assert same(superposition_article.step("s2-U1").equation.rhs, -V2 * R5 / RG)                # (11)
    assert same(superposition_article.step("s2-simplify").equation.rhs, -V2 * R2 / R1 * (1 + 2 * R5 / RG))  # (12)


def test_superposition_article_eq13_sum_and_result(superposition_article):
    assert str(superposition_article.step("sum").equation.rhs) == "Vout1 + Vout2"
    assert same(superposition_article.result.rhs, R2 / R1 * (1 + 2 * R5 / RG) * (V1 - V2))
    assert superposition_article.result_id == "result"


@pytest.mark.parametrize("name, value", [
    ("V11", V1 * (1 + R5 / RG)), ("V12", -V1 * R5 / RG), ("Vout1", V1 * R2 / R1 * (1 + 2 * R5 / RG)),
    ("V21", -V2 * R5 / RG), ("V22", V2 * (1 + R5 / RG)), ("Vout2", -V2 * R2 / R1 * (1 + 2 * R5 / RG)),
    ("Vout", R2 / R1 * (1 + 2 * R5 / RG) * (V1 - V2)),
])
def test_superposition_article_quantities_matched(superposition_article, name, value):
    assert same(superposition_article.quantity(name), value)


# ---- the superposition article, unmatched ------------------------------------------------------
def test_superposition_article_general_uses_full_difference_amplifier_formula():
    d = derive("inamp", method="superposition", general=True)
    assert not d.assumptions
    # The superposition article's comment: Vout = V1 R2/(R1+R2) (1 + R4/R3) - V2 R4/R3, applied to V11, V12.
    eq2 = d.step("s1-stage-U3").equation.rhs
    assert same(eq2, V("V11") * R2 / (R1 + R2) * (1 + R4 / R3) - V("V12") * R4 / R3)
    assert same(d.quantity("V11"), V1 * (1 + R5 / RG)) and same(d.quantity("V12"), -V1 * R6 / RG)
    assert same(d.quantity("V21"), -V2 * R5 / RG) and same(d.quantity("V22"), V2 * (1 + R6 / RG))
    expected = (R2 / (R1 + R2) * (1 + R4 / R3) * V1 * (1 + R5 / RG) + R4 / R3 * V1 * R6 / RG
                - R2 / (R1 + R2) * (1 + R4 / R3) * V2 * R5 / RG - R4 / R3 * V2 * (1 + R6 / RG))
    assert same(d.result.rhs, expected)


# ---- the Wikipedia article, virtual short, Wikipedia notation --------------------------------
@pytest.fixture(scope="module")
def wikipedia_article():
    return derive("inamp-wiki", method="virtual-short")


def test_wikipedia_article_virtual_shorts_and_current(wikipedia_article):
    assert same(wikipedia_article.step("vs-U1").equation.rhs, V1) and same(wikipedia_article.step("vs-U2").equation.rhs, V2)
    current = wikipedia_article.step("current-Rg")
    assert str(current.equation.lhs) == "I_Rg" and same(current.equation.rhs, (V2 - V1) / Rg)


def test_wikipedia_article_voltage_between_first_stage_outputs(wikipedia_article):
    branch = wikipedia_article.step("branch-value")
    assert same(branch.equation.lhs, V("V_o2") - V("V_o1"))
    assert same(branch.equation.rhs, (V2 - V1) * (1 + 2 * R1 / Rg))
    assert wikipedia_article.step("branch").kind == "series_branch"


def test_wikipedia_article_general_formula_for_r2_ne_r3(wikipedia_article):
    assert same(wikipedia_article.step("stage-U3").equation.rhs, R3 / R2 * (V("V_o2") - V("V_o1")))
    assert same(wikipedia_article.result.rhs, (V2 - V1) * (1 + 2 * R1 / Rg) * (R3 / R2))


def test_wikipedia_article_r2_equal_r3_is_a_substitution_step(wikipedia_article):
    (case,) = wikipedia_article.case_ids
    step = wikipedia_article.step(case)
    assert step.kind == "special_case"
    assert same(step.equation.rhs, (V2 - V1) * (1 + 2 * R1 / Rg))
    assert wikipedia_article.step("case-R3").kind == "case_assumption"


def test_wikipedia_article_unmatched_wiki_resistors():
    d = derive("inamp-wiki", method="virtual-short", general=True)
    R1a, R1b = R("R1a"), R("R1b")
    assert same(d.step("branch-value").equation.rhs, (V2 - V1) * (1 + (R1a + R1b) / Rg))
    assert same(d.quantity("I_Rg"), (V2 - V1) / Rg)


# ---- each seed's route in the other notation ---------------------------------
def test_virtual_short_route_in_superposition_article_notation():
    d = derive("inamp", method="virtual-short")
    assert same(d.quantity("I_RG"), (V1 - V2) / RG)
    assert same(d.step("branch-value").equation.rhs, (V1 - V2) * (1 + 2 * R5 / RG))
    assert same(d.result.rhs, R2 / R1 * (1 + 2 * R5 / RG) * (V1 - V2))


def test_superposition_route_in_wiki_notation():
    d = derive("inamp-wiki", method="superposition")
    assert same(d.quantity("V11"), V1 * (1 + R1 / Rg)) and same(d.quantity("V12"), -V1 * R1 / Rg)
    assert same(d.quantity("V22"), V2 * (1 + R1 / Rg)) and same(d.quantity("V21"), -V2 * R1 / Rg)
    assert same(d.result.rhs, (V2 - V1) * (1 + 2 * R1 / Rg) * R3 / R2)
