"""Correct answers in many forms, and every kind of mistake with its diagnosis.

The reference formulas below are the textbook ones (the superposition article and the Wikipedia article),
typed here as the *students'* answers: the engine derives its own.
"""
import pytest

from derive.checker.grade import Grader

INAMP = "(1+2*R5/RG)*R2/R1*(V1-V2)"


@pytest.fixture(scope="module")
def grader():
    return Grader()


def codes(result):
    return [d["code"] for d in result["diagnosis"]]


@pytest.mark.parametrize("answer", [
    INAMP,
    "R2/R1*(1 + 2R5/RG)*(V1 - V2)",
    "(R2*(RG + 2*R5)*(V1 - V2))/(R1*RG)",
    "R2*V1/R1 + 2*R2*R5*V1/(R1*RG) - R2*V2/R1 - 2*R2*R5*V2/(R1*RG)",
    "(V1-V2)*(R2/R1)*(RG+2R5)/RG",
    "-(1+2*R5/RG)*R2/R1*(V2-V1)",
    "(1+(R5+R6)/RG)*R4/R3*(V1-V2)",       # the matched resistors, written unmatched
    "Vout1 + Vout2",                        # the superposition sum
    "(1+2*R5/RG)*R2/R1*(V1-V2) + sqrt(R1^2) - R1",   # a root that cancels (SymPy stage)
    r"\left(1+\frac{2R_5}{R_G}\right)\frac{R_2}{R_1}(V_1-V_2)",
    r"\frac{R_2}{R_1}\left(1+\frac{2 R_{5}}{R_{G}}\right)\left(V_{1}-V_{2}\right)",
    r"\frac{R_2\,(R_G+2R_5)}{R_1 R_G}\cdot(V_1-V_2)",
    r"V_{out} = \left(1 + \frac{2R_5}{R_G}\right) \frac{R_2}{R_1} (V_1 - V_2)",
])
def test_correct_forms_of_the_inamp_output(grader, answer):
    r = grader.check(answer, "inamp")
    assert r["equivalent"] is True and r["status"] == "equal", r["feedback"]


@pytest.mark.parametrize("quantity, answer", [
    ("V11", "V1*(1 + R5/RG)"),
    ("V12", "-R5*V1/RG"),
    ("Vout1", "R2/R1*(1+2R5/RG)*V1"),
    ("Vout1", "R2/R1*(V11 - V12)"),
    ("V22", "V2*(RG+R5)/RG"),
    ("Vout2", "-(R2/R1)(1+2R5/RG)V2"),
    ("I_RG", "(V1 - V2)/RG"),               # the current of the virtual-short derivation
    ("I_{R_G}", r"\frac{V_1-V_2}{R_G}"),
])
def test_intermediate_quantities(grader, quantity, answer):
    r = grader.check(answer, "inamp", quantity=quantity)
    assert r["status"] == "equal", r["feedback"]


def test_wrong_sign(grader):
    r = grader.check("-(1+2*R5/RG)*R2/R1*(V1+V2)", "inamp")
    assert r["equivalent"] is False
    r = grader.check("-V1*(1+R5/RG)", "inamp", quantity="V11")
    assert codes(r) == ["wrong_sign"]


def test_inputs_swapped_is_named(grader):
    r = grader.check("(1+2*R5/RG)*R2/R1*(V2-V1)", "inamp")
    assert codes(r) == ["sign_or_swap"]
    assert "V1 and V2 swapped" in r["feedback"]


def test_missing_two(grader):
    r = grader.check("(1+R5/RG)*R2/R1*(V1-V2)", "inamp")
    assert codes(r) == ["scaled_symbol"]
    assert "a factor 2 is missing next to R5" in r["feedback"]


def test_constant_factor(grader):
    r = grader.check("2*(1+2*R5/RG)*R2/R1*(V1-V2)", "inamp")
    assert codes(r) == ["constant_factor"]
    assert r["diagnosis"][0]["factor"] == "2"
    r = grader.check("-(1+2*R5/RG)*R2/R1*(V1-V2)/2", "inamp")
    assert codes(r) == ["constant_factor_sign"]


def test_missing_gain_of_the_difference_stage(grader):
    r = grader.check("(1+2*R5/RG)*(V1-V2)", "inamp")
    assert codes(r) == ["missing_factor"]
    assert r["diagnosis"][0]["missing"] == "R2/R1"


def test_rg_in_the_wrong_place(grader):
    r = grader.check("(1+2*RG/R5)*R2/R1*(V1-V2)", "inamp")
    assert codes(r) == ["swapped_symbols"]
    assert {r["diagnosis"][0]["a"], r["diagnosis"][0]["b"]} == {"R5", "RG"}
    r = grader.check("(1+2*R5)/RG*R2/R1*(V1-V2)", "inamp")
    assert codes(r)[0] == "inconsistent_units"
    assert "1 (no unit) is added to 2*R5 (Ω)" in r["feedback"]


def test_wrong_unit_of_a_formula(grader):
    r = grader.check("R2/R1*(1+2*R5/RG)*RG", "inamp")
    assert codes(r)[0] == "wrong_dimension"
    assert "in Ω, but Vout is in V" in r["feedback"]


def test_right_only_if_matched_resistors(grader):
    r = grader.check(INAMP, "inamp", general=True)
    assert codes(r) == ["only_if"]
    assert r["diagnosis"][0]["conditions"] == "R5 = R6, R1 = R3, R2 = R4"
    r = grader.check("(1+(R5+R6)/RG)*R2/R1*(V1-V2)", "inamp", general=True)
    assert r["diagnosis"][-1]["conditions"] == "R1 = R3, R2 = R4"


def test_right_only_if_r2_equals_r3_in_seed_000(grader):
    r = grader.check("(V2-V1)*(1+2R1/Rg)", "inamp-wiki")
    assert "only_if" in codes(r)
    assert "R2 = R3" in r["feedback"]
    assert grader.check("(V2-V1)*(1+2R1/Rg)*R3/R2", "inamp-wiki")["status"] == "equal"


def test_answer_for_another_quantity(grader):
    r = grader.check("V1*(1+R5/RG)", "inamp", quantity="Vout1")
    assert codes(r) == ["other_quantity"]
    assert "This is V11" in r["feedback"]
    r = grader.check("R2/R1*(1+2R5/RG)*V1", "inamp")
    assert r["diagnosis"][0]["name"] == "Vout1"


def test_answer_for_a_quantity_of_another_method(grader):
    r = grader.check("(V1-V2)/RG", "inamp")
    assert codes(r)[-1] == "other_quantity_method"
    assert r["diagnosis"][-1]["name"] == "I_RG"


def test_spanish_feedback(grader):
    r = grader.check("(1+2*R5/RG)*R2/R1*(V2-V1)", "inamp", lang="es")
    assert r["feedback"].startswith("No es igual a Vout. El signo está mal")
    r = grader.check(INAMP, "inamp", lang="es")
    assert r["feedback"] == "Correcto: tu respuesta es igual a Vout."


def test_interpretation_is_returned(grader):
    r = grader.check("(1+2R5/R_G)(V1-V2)R2/R1", "inamp")
    assert r["interpreted_as"] == "(1 + 2*R5/RG)*(V1 - V2)*R2/R1"


def test_answer_written_for_another_quantity_is_refused(grader):
    r = grader.check("V11 = V1*(1+R5/RG)", "inamp", quantity="Vout1")
    assert r["status"] == "invalid" and "--quantity V11" in r["error"]


def test_answer_using_the_asked_quantity_is_refused(grader):
    assert grader.check("Vout", "inamp")["status"] == "invalid"


def test_right_only_if_r5_equals_r6(grader):
    # the engine's own general Vout, with R6 written as R5: right only when R5 = R6
    from derive.checker.tree import from_sympy, show

    general = grader.problem("inamp", general=True).sympy
    r6, r5 = (grader.context("inamp", True).sympy_symbol(n) for n in ("R6", "R5"))
    answer = show(from_sympy(general.subs(r6, r5)))
    r = grader.check(answer, "inamp", general=True)
    assert r["diagnosis"][-1] == {**r["diagnosis"][-1], "code": "only_if", "conditions": "R5 = R6"}
    assert "right only if R5 = R6" in r["feedback"]


def test_missing_reference_term(grader):
    r = grader.check("(1+2R/RG)(Vinp-Vinm)", "inamp-ic")
    assert codes(r) == ["missing_term"] and r["diagnosis"][0]["term"] == "Vref"
    r = grader.check("(1+2R/RG)(Vinp-Vinm)+2Vref", "inamp-ic")
    assert codes(r) == ["extra_term"]
