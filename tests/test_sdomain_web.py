"""derive serve grades s-domain answers with the same checker: a cutoff frequency as
a number with its unit, f0 as a formula with π in LaTeX, the live preview of both."""
import re

import pytest

pytest.importorskip("starlette")
pytest.importorskip("jinja2")
from starlette.testclient import TestClient  # noqa: E402

from derive.web.app import create_app  # noqa: E402
from derive.web.assignment import load_assignment  # noqa: E402

ASSIGNMENT = """
title.en = "Filters"
title.es = "Filtros"
[[questions]]
id = "cutoff"
circuit = "tia"
quantity = "f_c"
given = { Rf = "100k", Cf = "1n" }
[[questions]]
id = "f0"
circuit = "sallen-key-lp"
quantity = "f0"
"""


def test_s_domain_answers_over_http(tmp_path):
    path = tmp_path / "filters.toml"
    path.write_text(ASSIGNMENT, encoding="utf-8")
    app = create_app(load_assignment(path), str(tmp_path / "f.sqlite3"), workers=1, timeout=20)
    with TestClient(app) as c:
        c.get("/lang/en")
        token = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/").text).group(1)
        assert c.post("/signin", data={"csrf": token, "student": "eva"}).status_code == 200
        page = c.get("/q/cutoff")
        assert "hertz (Hz)" in page.text and "1 nF" in page.text
        page = c.post("/q/cutoff", data={"answer": "10 krad/s", "csrf": token})
        assert "Attempt 1: Not right" in page.text and "two_pi_times_hz" in page.text
        page = c.post("/q/cutoff", data={"answer": "1.59 kHz", "csrf": token})
        assert "Attempt 2: Right" in page.text
        page = c.post("/q/f0", data={"answer": r"\frac{1}{2\pi\sqrt{R_1R_2C_1C_2}}", "csrf": token})
        assert "Attempt 1: Right" in page.text
        preview = c.post("/api/preview/f0", json={"answer": r"\frac{1}{2\pi\sqrt{R_1R_2C_1C_2}}"},
                         headers={"X-CSRF-Token": token}).json()
        assert preview["ok"] and r"\pi" in preview["latex"]
        preview = c.post("/api/preview/cutoff", json={"answer": "10 krad/s"}, headers={"X-CSRF-Token": token}).json()
        assert preview == {"ok": True, "latex": r"10000\,\mathrm{rad/s}"}
