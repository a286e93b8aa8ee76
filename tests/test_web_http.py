"""derive serve over HTTP (Starlette's test client): CSRF, rate limits, size
limits, a hostile answer that hangs its worker while other students go on,
escaping of everything a student or a netlist supplies, attempts stored before
their verdict and graded again after a restart, the instructor's pages and CSV."""
import re
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("jinja2")
from starlette.testclient import TestClient  # noqa: E402

from derive.checker.batch import RESULT_COLUMNS  # noqa: E402
from derive.web.app import create_app  # noqa: E402
from derive.web.assignment import load_assignment  # noqa: E402
from derive.web.security import InstructorSecret  # noqa: E402
from derive.web.stats import INPUT_COLUMNS  # noqa: E402
from derive.web.storage import Storage  # noqa: E402

SUPPORT = Path(__file__).parent / "support"
RIGHT = "(1+2R5/RG)*R2/R1*(V1-V2)"
MISSING_TWO = "(1+R5/RG)*R2/R1*(V1-V2)"
EVIL = "<script>alert('x')</script>"

ASSIGNMENT = """
title.en = "Homework <script>alert('t')</script>"
title.es = "Tarea <b>uno</b>"
[limits]
check_burst = {burst}
checks_per_minute = 6
[[questions]]
id = "gain"
circuit = "inamp"
quantity = "Vout"
attempts = 2
text.en = "Find it <img src=x onerror=alert(1)>"
[[questions]]
id = "evil"
circuit = "evil.net"
quantity = "Vout"
"""
EVIL_NET = """.title Inverting <script>alert('n')</script> stage
Vin in 0 Vin
U1 0 m out
Rin in m Rin
Rf out m Rf
.output out Vout
"""


def write_assignment(folder, burst=50):
    (folder / "evil.net").write_text(EVIL_NET, encoding="utf-8")
    path = folder / "hw.toml"
    path.write_text(ASSIGNMENT.format(burst=burst), encoding="utf-8")
    return load_assignment(path)


def csrf(page):
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def sign_in(client, student, lang="en"):
    client.get(f"/lang/{lang}")
    token = csrf(client.get("/"))
    r = client.post("/signin", data={"csrf": token, "student": student})
    assert r.status_code == 200, r.text
    return token


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    app = create_app(write_assignment(folder), str(folder / "hw.sqlite3"), workers=2, timeout=3,
                     secret=InstructorSecret(token="letmein"),
                     worker_command=[sys.executable, str(SUPPORT / "crashing_worker.py")])
    with TestClient(app) as client:
        app.state.test_portal = client.portal
        yield app, client


def other_client(app):
    """A second browser (its own cookies) on the running application: it shares the
    first client's event loop, where the worker pool and the lifespan live."""
    c = TestClient(app)
    c.portal = app.state.test_portal
    return c


def test_csrf_refused_on_every_form(served):
    app, _ = served
    c = other_client(app)
    token = sign_in(c, "csrf-student")
    before = app.state.web.storage.count()
    assert c.post("/q/gain", data={"answer": RIGHT}).status_code == 403
    assert c.post("/q/gain", data={"answer": RIGHT, "csrf": "forged"}).status_code == 403
    assert c.post("/signin", data={"student": "x"}).status_code == 403
    assert c.post("/signout", data={}).status_code == 403
    assert c.post("/instructor/login", data={"secret": "letmein"}).status_code == 403
    assert c.post("/api/preview/gain", json={"answer": RIGHT}).status_code == 403
    assert app.state.web.storage.count() == before         # nothing stored
    assert c.post("/q/gain", data={"answer": RIGHT, "csrf": token}).status_code == 200


def test_a_right_and_a_wrong_answer_in_english_and_spanish(served):
    app, _ = served
    c = other_client(app)
    token = sign_in(c, "ana")
    page = c.post("/q/gain", data={"answer": MISSING_TWO, "csrf": token})
    assert "Attempt 1: Not right" in page.text and "scaled_symbol" in page.text
    assert "a factor 2 is missing next to R5" in page.text
    es = other_client(app)
    token = sign_in(es, "berta", "es")
    page = es.post("/q/gain", data={"answer": MISSING_TWO, "csrf": token})
    assert "Intento 1: Incorrecta" in page.text and "scaled_symbol" in page.text
    assert "junto a R5 te falta un factor 2" in page.text
    page = es.post("/q/gain", data={"answer": r"\left(1+\frac{2R_5}{R_G}\right)\frac{R_2}{R_1}(V_1-V_2)",
                                    "csrf": token})
    assert "Intento 2: Correcta" in page.text


def test_preview_reads_text_and_latex_and_explains_errors(served):
    app, _ = served
    c = other_client(app)
    token = sign_in(c, "carla")
    r = c.post("/api/preview/gain", json={"answer": r"\frac{R_2}{R_1}(V_1-V_2)"},
               headers={"X-CSRF-Token": token}).json()
    assert r == {"ok": True, "latex": r"\frac{R_{2}}{R_{1}} \cdot \left(V_{1} - V_{2}\right)"}
    r = c.post("/api/preview/gain", json={"answer": "__import__('os')"}, headers={"X-CSRF-Token": token}).json()
    assert r["ok"] is False and "_" in r["message"]


def test_rate_limit_per_student(tmp_path):
    app = create_app(write_assignment(tmp_path, burst=3), str(tmp_path / "rl.sqlite3"), workers=1, warm=False)
    with TestClient(app) as c:
        app.state.test_portal = c.portal
        token = sign_in(c, "dani")
        codes = [c.post("/q/gain", data={"answer": RIGHT, "csrf": token}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = c.post("/q/gain", data={"answer": RIGHT, "csrf": token})
        assert int(limited.headers["Retry-After"]) >= 1 and "wait" in limited.text
        other = other_client(app)           # another student is not held back
        assert other.post("/q/gain", data={"answer": RIGHT, "csrf": sign_in(other, "eva")}).status_code == 200
        assert app.state.web.storage.count() == 4


def test_size_limits_before_parsing(served):
    app, _ = served
    c = other_client(app)
    token = sign_in(c, "fer")
    before = app.state.web.storage.count()
    page = c.post("/q/gain", data={"answer": "R1+" * 700 + "R1", "csrf": token})
    assert page.status_code == 400 and "at most 2000" in page.text
    assert c.post("/q/gain", data={"answer": "x" * 20000, "csrf": token}).status_code == 413
    big = c.post("/api/preview/gain", json={"answer": "R1+" * 700}, headers={"X-CSRF-Token": token})
    assert big.json()["ok"] is False
    assert app.state.web.storage.count() == before


def test_hostile_answer_times_out_while_others_are_graded(served):
    app, _ = served
    storage = app.state.web.storage
    hostile, honest = other_client(app), other_client(app)
    h_token, ok_token = sign_in(hostile, "mallory"), sign_in(honest, "gil")
    out = {}

    def attack():
        start = time.monotonic()
        out["page"] = hostile.post("/q/gain", data={"answer": "HANG", "csrf": h_token})
        out["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=attack)
    thread.start()
    time.sleep(0.5)
    pending = storage.attempts("mallory", "gain")
    assert [a["status"] for a in pending] == [None]          # stored before any verdict
    start = time.monotonic()
    page = honest.post("/q/gain", data={"answer": RIGHT, "csrf": ok_token})
    assert "Attempt 1: Right" in page.text
    assert time.monotonic() - start < 2.5                    # not stuck behind the hostile answer
    thread.join(30)
    assert out["seconds"] < 10 and "Took too long" in out["page"].text
    assert storage.attempts("mallory", "gain")[0]["status"] == "timeout"
    again = hostile.post("/q/gain", data={"answer": RIGHT, "csrf": h_token})   # a fresh worker took over
    assert "Attempt 2: Right" in again.text


def test_nothing_supplied_is_rendered_unescaped(served):
    app, _ = served
    c = other_client(app)
    token = sign_in(c, "hugo")
    c.post("/q/gain", data={"answer": EVIL, "csrf": token})
    pages = [c.get("/"), c.get("/q/gain"), c.get("/q/evil")]
    admin = other_client(app)
    admin.post("/instructor/login", data={"secret": "letmein", "csrf": csrf(admin.get("/instructor"))})
    pages.append(admin.get("/instructor"))
    for page in pages:
        assert page.status_code == 200
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in pages[1].text      # the answer, as text
    assert "Inverting &lt;script&gt;" in pages[2].text                              # the netlist title
    assert "Homework &lt;script&gt;" in pages[0].text                               # the assignment title
    assert "<script>" not in c.get("/schematic/evil.svg").text
    bad = other_client(app)
    r = bad.post("/signin", data={"student": "<b>x</b>", "csrf": csrf(bad.get("/"))})
    assert r.status_code == 400 and "<b>x</b>" not in r.text


def test_instructor_pages_and_csv(served):
    app, _ = served
    c = other_client(app)
    token = csrf(c.get("/instructor"))
    assert c.post("/instructor/login", data={"secret": "wrong", "csrf": token}).status_code == 403
    assert c.get("/instructor/attempts.csv").headers["content-type"].startswith("text/html")   # login page
    c.post("/instructor/login", data={"secret": "letmein", "csrf": token})
    page = c.get("/instructor")
    assert "Right at first try" in page.text and "scaled_symbol" in page.text
    csv = c.get("/instructor/attempts.csv")
    lines = csv.text.splitlines()
    assert lines[0].split(",") == list(INPUT_COLUMNS + RESULT_COLUMNS)
    assert any(line.startswith("ana,gain,1,true,") and ",not_equal,false," in line and "scaled_symbol" in line
               for line in lines)


def test_attempt_left_pending_is_graded_after_a_restart(tmp_path):
    assignment = write_assignment(tmp_path)
    db = tmp_path / "restart.sqlite3"
    storage = Storage(db)
    storage.add_attempt("ivan", "gain", MISSING_TWO, "es", "Vout", "")     # the server died here
    storage.close()
    app = create_app(assignment, str(db), workers=1)
    with TestClient(app):
        deadline = time.monotonic() + 60
        while app.state.web.storage.attempts("ivan", "gain")[0]["status"] is None:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        row = app.state.web.storage.attempts("ivan", "gain")[0]
    assert row["status"] == "not_equal" and row["diagnosis"] == "scaled_symbol"
    assert row["feedback"].startswith("No es igual a Vout.")          # in the language it was sent in


def test_practice_without_an_assignment(tmp_path):
    app = create_app(None, str(tmp_path / "p.sqlite3"), workers=1, warm=False)
    with TestClient(app) as c:
        token = sign_in(c, "julia")
        page = c.get("/")
        assert 'value="inamp.Vout"' in page.text and 'value="inverting.Vout"' in page.text
        assert c.get("/pick?q=inverting.Vout", follow_redirects=False).headers["location"] == "/q/inverting.Vout"
        page = c.post("/q/inverting.Vout", data={"answer": "-Rf/Rin*Vin", "csrf": token})
        assert "Attempt 1: Right" in page.text
