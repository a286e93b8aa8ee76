"""Step checking and the message catalogs."""
import json
from importlib import resources

from derive.checker.grade import Grader
from derive.text import placeholders
from derive.checker.steps import check_steps, split_lines

STUDENT = """
# superposition, V2 = 0
V11 = V1*(1 + R5/RG)
V12 = R5*V1/RG
Vout1 = R2/R1*(V11 - V12)
"""


def test_first_wrong_step_is_named():
    r = check_steps(Grader(), split_lines(STUDENT), "inamp")
    assert [s["status"] for s in r["steps"]] == ["equal", "not_equal", "equal"]
    assert r["first_wrong"] == 2
    assert r["steps"][1]["step"] == "s1-U2" and r["steps"][1]["diagnosis"][0]["code"] == "wrong_sign"
    assert r["feedback"].startswith("The first wrong step is line 2 (V12); it corresponds to step s1-U2")


def test_all_right():
    lines = ["V11 = V1*(1+R5/RG)", "V12 = -R5*V1/RG", "Vout1 = R2/R1*(V11-V12)",
             "Vout2 = -R2/R1*(1+2R5/RG)*V2", "Vout = Vout1 + Vout2"]
    r = check_steps(Grader(), lines, "inamp", lang="es")
    assert r["equivalent"] is True and r["first_wrong"] is None
    assert r["feedback"] == "Los 5 pasos están bien."


def test_one_right_step_is_worded_in_the_singular():
    r = check_steps(Grader(), ["V11 = V1*(1+R5/RG)"], "inamp", lang="es")
    assert r["feedback"] == "El paso está bien."
    assert check_steps(Grader(), ["V11 = V1*(1+R5/RG)"], "inamp")["feedback"] == "The step is right."


def test_virtual_short_steps():
    lines = ["I_RG = (V1-V2)/RG", "V_o1 = V1 + R5*I_RG", "V_o2 = V2 - R5*I_RG",
             "Vout = R2/R1*(V_o2 - V_o1)"]
    r = check_steps(Grader(), lines, "inamp", method="virtual-short")
    assert [s["status"] for s in r["steps"]] == ["equal", "equal", "equal", "not_equal"]
    assert r["first_wrong"] == 4 and r["steps"][3]["diagnosis"][0]["code"] == "sign_or_swap"


def test_unreadable_line():
    r = check_steps(Grader(), ["V11 V1"], "inamp")
    assert r["steps"][0]["status"] == "invalid" and r["first_wrong"] == 1


def test_catalogs_have_the_same_keys_and_placeholders():
    def load(lang):
        text = resources.files("derive.text").joinpath("catalogs", f"check_{lang}.json").read_text("utf-8")
        return json.loads(text)

    en, es = load("en"), load("es")
    assert set(en) == set(es)
    for key in en:
        assert placeholders(en[key]) == placeholders(es[key]), key
        assert en[key] != es[key] or key == "unit_none", key
