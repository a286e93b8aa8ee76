"""Assignments for derive serve: each student's own numbers (seeded by their
identifier) are the numbers graded; the instructor's password hash; clear
errors for a malformed file."""
import re
from fractions import Fraction

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from derive.errors import DeriveError  # noqa: E402
from derive.web.app import create_app  # noqa: E402
from derive.web.assignment import parse_assignment  # noqa: E402
from derive.web.security import hash_password  # noqa: E402

RG_QUESTION = """
title.en = "RG"
title.es = "RG"
instructor_password = "{hash}"
[[questions]]
id = "rg"
circuit = "inamp"
quantity = "RG"
given = {{ R1 = "10k", R2 = "10k", R5 = "24.9k", V1 = ["150m", "250m"], V2 = ["10m", "60m"], Vout = "5" }}
"""


def numbers_on_page(text):
    """``{name: value}`` from the student's data list (values like 187 mV, 24.9 kΩ)."""
    scale = {"m": Fraction(1, 1000), "k": Fraction(1000), "": Fraction(1)}
    found = {}
    for name, number, prefix in re.findall(
            r'<li><span class="math" data-latex="[^"]*">(\w+)</span> = <span class="value">([-\d.]+) ([mk]?)[VΩ]</span>',
            text):
        found[name] = Fraction(number) * scale[prefix]
    return found


def rg_from(n):
    """The textbook in-amp (the superposition article): Vout = (R2/R1)(1 + 2 R5/RG)(V1 - V2)."""
    gain = n["Vout"] / (n["R2"] / n["R1"] * (n["V1"] - n["V2"]))
    return 2 * n["R5"] / (gain - 1)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("assign")
    a = parse_assignment(RG_QUESTION.format(hash=hash_password("correct horse battery")), "rg.toml", folder)
    application = create_app(a, str(folder / "rg.sqlite3"), workers=1)
    with TestClient(application) as client:
        yield application, client


def student(app, client, name):
    c = TestClient(app)
    c.portal = client.portal
    token = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/").text).group(1)
    c.post("/signin", data={"csrf": token, "student": name})
    return c, token


def test_each_student_is_graded_with_their_own_numbers(app):
    application, client = app
    ana, ana_token = student(application, client, "ana")
    ben, ben_token = student(application, client, "ben")
    ana_numbers, ben_numbers = numbers_on_page(ana.get("/q/rg").text), numbers_on_page(ben.get("/q/rg").text)
    assert set(ana_numbers) == {"R1", "R2", "R5", "V1", "V2", "Vout"}
    assert ana_numbers != ben_numbers                                     # seeded by the identifier
    assert numbers_on_page(ana.get("/q/rg").text) == ana_numbers          # and stable
    assert Fraction(150, 1000) <= ana_numbers["V1"] <= Fraction(250, 1000)
    mine, theirs = rg_from(ana_numbers), rg_from(ben_numbers)
    assert abs(mine - theirs) / mine > Fraction(2, 100)
    page = ana.post("/q/rg", data={"csrf": ana_token, "answer": f"{float(mine):.1f} ohm"})
    assert "Attempt 1: Right" in page.text
    page = ana.post("/q/rg", data={"csrf": ana_token, "answer": f"{float(theirs):.1f} ohm"})
    assert "Attempt 2: Not right" in page.text and "outside_tolerance" in page.text


def test_password_hash_in_the_assignment(app):
    application, client = app
    assert application.state.web.secret.token is None                     # no token when a hash is given
    c, _ = student(application, client, "carl")
    token = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/instructor").text).group(1)
    assert c.post("/instructor/login", data={"csrf": token, "secret": "wrong horse"}).status_code == 403
    page = c.post("/instructor/login", data={"csrf": token, "secret": "correct horse battery"})
    assert page.status_code == 200 and "Right at first try" in page.text


@pytest.mark.parametrize("text, message", [
    ('title.en = "x"\n', "there are no questions"),
    ('title.en = "x"\n[[questions]]\ncircuit = "inamp"\nattempts = 0\n', "'attempts' must be a whole number"),
    ('title.en = "x"\n[[questions]]\ncircuit = "inamp"\ngiven = { R1 = ["1k"] }\n', "must have two ends"),
    ('title.en = "x"\n[[questions]]\ncircuit = "../etc/passwd"\n', "must be next to the assignment file"),
    ('title.en = "x"\n[[questions]]\ncircuit = "inamp"\n[[questions]]\ncircuit = "inamp"\nid = "q1"\n',
     "two questions have the id 'q1'"),
    ('title = [1]\n', "'title' must be text"),
    ('title.en = "x"\ninstructor_password = "plain"\n[[questions]]\ncircuit = "inamp"\n', "must be a hash"),
])
def test_malformed_assignments_are_one_sentence(tmp_path, text, message):
    with pytest.raises(DeriveError) as err:
        parse_assignment(text, "hw.toml", tmp_path)
    assert message in str(err.value) and str(err.value).startswith("hw.toml")
