"""Numeric answers: SI prefixes, units, tolerance, solving for RG (the superposition article)."""
from fractions import Fraction

import pytest

from derive.checker.errors import AnswerError
from derive.checker.grade import Grader

# The superposition article, a reader's question: all resistors 200 kΩ, V1 = 131.35 mV,
# V2 = 27.41 mV, Vout = 5 V. "I find the value of RG is about 8491 ohm. Is my
# calculation correct?"  By hand: 1 + 2*200k/RG = 5/(0.13135 - 0.02741), so
# RG = 400000/(5/0.10394 - 1) = 8491.726... Ω.
SEED_002 = "R1=R2=R5=200k, V1=131.35m, V2=27.41m, Vout=5"
RG_EXACT = Fraction(400000) / (Fraction(5) / (Fraction(13135, 100000) - Fraction(2741, 100000)) - 1)


@pytest.fixture(scope="module")
def grader():
    return Grader()


def rg(grader, answer, **kw):
    return grader.check(answer, "inamp", quantity="RG", given=SEED_002, **kw)


def test_the_reference_value_is_solved_exactly(grader):
    assert grader.problem("inamp", "RG", SEED_002).value == RG_EXACT


@pytest.mark.parametrize("answer", ["8491 ohm", "8491", "8491 Ω", "8.49 kΩ", "8.49k", "8.4917 kohm",
                                    r"\SI{8.49}{\kilo\ohm}", "8.49e3", "0.00849 MΩ",
                                    "400k/(5/(131.35m-27.41m)-1)"])
def test_the_readers_rg_is_right(grader, answer):
    r = rg(grader, answer)
    assert r["status"] == "equal", r["feedback"]
    assert r["diagnosis"][0]["code"] == "within_tolerance"
    assert r["diagnosis"][0]["exact"] == "8491.73"


def test_feedback_gives_the_exact_value_and_the_error(grader):
    r = rg(grader, "8491 ohm")
    assert r["feedback"] == ("Correct: your answer is equal to RG. Within the 1 % tolerance: the exact "
                             "value of RG is 8491.73 Ω (your answer is off by 0.00855 %).")
    assert abs(r["exact"] - 8491.726) < 1e-3


def test_outside_tolerance(grader):
    r = rg(grader, "9.2 kΩ")
    assert r["status"] == "not_equal"
    assert r["diagnosis"][0]["code"] == "outside_tolerance"
    assert r["diagnosis"][0]["error"] == "8.34"
    assert rg(grader, "8.6k", tolerance=Fraction(2, 100))["status"] == "equal"


def test_wrong_prefix(grader):
    r = rg(grader, "8.49 Ω")
    assert [d["code"] for d in r["diagnosis"]] == ["outside_tolerance", "prefix_off"]
    assert r["diagnosis"][1]["factor"] == "0.001"
    assert rg(grader, "8.49 MΩ")["diagnosis"][1]["factor"] == "1000"


def test_wrong_unit(grader):
    r = rg(grader, "8.49 kV")
    assert r["status"] == "not_equal"
    assert r["diagnosis"][0]["code"] == "wrong_unit"
    assert "RG is measured in Ω, not in V" in r["feedback"]


def test_wrong_sign_of_a_number(grader):
    assert "number_sign" in [d["code"] for d in rg(grader, "-8491 ohm")["diagnosis"]]


def test_output_voltage_from_numbers(grader):
    given = "R1=R2=R5=200k, RG=8.2k, V1=131.35m, V2=27.41m"
    # Vout = (1 + 400/8.2)(0.10394) = 49.78049 * 0.10394 = 5.17418... V
    r = grader.check("5.17 V", "inamp", given=given)
    assert r["status"] == "equal", r["feedback"]
    assert r["diagnosis"][0]["exact"] == "5.17418"
    assert grader.check("5.17 mV", "inamp", given=given)["status"] == "not_equal"


def test_spanish_uses_the_decimal_comma(grader):
    r = rg(grader, "8491 ohm", lang="es")
    assert "8491,73 Ω" in r["feedback"] and "0,00855 %" in r["feedback"]


def test_a_formula_with_the_given_numbers(grader):
    assert rg(grader, "2*R5/(Vout/(V1-V2)*R1/R2-1)")["status"] == "equal"


@pytest.mark.parametrize("given, code", [
    ("R1=200k, V1=131.35m", "missing_given"),
    ("R1=200k V1=131.35m", "given_item"),
    ("R1=200k, X=3", "given_unknown"),
    ("R1=200 V, R2=R5=200k, V1=131.35m, V2=27.41m, Vout=5", "given_unit"),
    ("R1=200k, R3=100k, R2=R5=200k, V1=131.35m, V2=27.41m, Vout=5", "given_conflict"),
    ("R1=R2=R5=200k, V1=131,35m, V2=27.41m, Vout=5", "given_item"),
])
def test_bad_given_lists_are_refused(grader, given, code):
    with pytest.raises(AnswerError) as err:
        grader.check("8491", "inamp", quantity="RG", given=given)
    assert err.value.code == code


def test_a_symbol_needs_numbers():
    with pytest.raises(AnswerError) as err:
        Grader().check("8491", "inamp", quantity="RG")
    assert err.value.code == "symbol_needs_given"


def test_number_answer_to_a_symbolic_question_is_not_equal(grader):
    r = grader.check("5", "inamp")
    assert r["status"] == "not_equal"


def test_decimal_comma_as_written_in_spanish(grader):
    given = "R1=R2=R5=200k; V1=131,35m; V2=27,41m; Vout=5"
    r = grader.check("8,49 kΩ", "inamp", quantity="RG", given=given, lang="es")
    assert r["status"] == "equal" and r["interpreted_as"] == "8490 Ω"
    r = grader.check("8,491 kΩ", "inamp", quantity="RG", given=given)   # 8.491 or 8491?
    assert r["status"] == "invalid" and r["error_code"] == "ambiguous_comma"


def test_a_quantity_that_is_zero(grader):
    # V_g2 is the virtual ground of U2 while V2 = 0: exactly zero, no relative error
    assert grader.check("0", "inamp", quantity="V_g2")["status"] == "equal"
    r = grader.check("1m", "inamp", quantity="V_g2")
    assert r["status"] == "not_equal" and r["diagnosis"][0]["code"] == "exact_zero"
