"""derive serve in a real browser: Debian's Chromium driven by Selenium through
chromium-driver, with every host but 127.0.0.1 unresolvable (no network).

A student signs in and answers with the keyboard alone: the live preview shows
how the answer is read, rendered as math by the local MathJax, before it is
submitted; then the verdict and the diagnosis, in English and in Spanish. The
instructor sees the attempts, the diagnosis histogram and the CSV. On a
phone-sized window nothing overflows sideways.

Set DERIVE_SCREENSHOTS=docs/images to save the README's screenshots.
"""
import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
pytest.importorskip("starlette", reason="the web extra is not installed (pip install -e '.[web]')")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    pytest.skip("Chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "homework.toml"
WRONG_TEXT = "(1+R5/RG)*R2/R1*(V1-V2)"
RIGHT_LATEX = r"\left(1+\frac{2R_5}{R_G}\right)\frac{R_2}{R_1}(V_1-V_2)"
WAIT = 30


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    for name in ("homework.toml", "divider-stage.net"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, "-m", "derive", "serve", "--assignment", str(folder / "homework.toml"),
         "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=folder)
    token = None
    base = f"http://127.0.0.1:{port}/"
    try:
        for line in proc.stdout:
            found = re.search(r"token \(shown only now\): (\S+)", line)
            if found:
                token = found.group(1)
                break
        assert token, "derive serve printed no instructor token"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base, timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "derive serve did not start"
                time.sleep(0.2)
        yield base, token, folder / "homework.sqlite3"
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,1300",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


def type_keys(driver, text):
    """Type into whatever has the keyboard focus (no clicks)."""
    driver.switch_to.active_element.send_keys(text)


def wait(driver, condition):
    return WebDriverWait(driver, WAIT).until(condition)


def tab_to_answer(driver):
    """Press Tab until the answer box has the focus (after a verdict, the focus is on it)."""
    for _ in range(6):
        if driver.switch_to.active_element.get_attribute("id") == "answer":
            return
        driver.switch_to.active_element.send_keys(Keys.TAB)
    raise AssertionError("the answer box cannot be reached with Tab")


def preview_after_typing(driver, text):
    tab_to_answer(driver)
    box = driver.switch_to.active_element
    before = driver.find_element(By.ID, "preview").get_attribute("data-rendered") or ""
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(text)
    if text.startswith("R1 +*"):     # an unreadable answer: the reason, no math
        wait(driver, lambda d: d.find_element(By.ID, "preview").get_attribute("data-state") == "error")
        return None
    wait(driver, lambda d: (d.find_element(By.ID, "preview").get_attribute("data-rendered") or "") != before)
    return driver.find_element(By.ID, "preview")


def sign_in(driver, base, student, lang):
    driver.get(base + f"lang/{lang}?next=/")
    assert driver.switch_to.active_element.get_attribute("id") == "student"      # autofocus
    type_keys(driver, student + Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "ol.questions"))


def answer(driver, base, text):
    """Type an answer, read the preview, submit with Enter; return (preview, verdict) texts."""
    if not driver.current_url.startswith(base + "q/gain"):
        driver.get(base + "q/gain")
    preview = preview_after_typing(driver, text)
    assert preview.find_elements(By.CSS_SELECTOR, "#preview-math mjx-container svg"), "preview not rendered as math"
    shown = preview.text
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#verdict h2") and "attempt=" in d.current_url)
    verdict = driver.find_element(By.ID, "verdict")
    wait(driver, lambda d: verdict.find_elements(By.CSS_SELECTOR, "mjx-container svg"))
    return shown, verdict.text


def no_alert(driver):
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text


def only_local(driver, base):
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(base) for u in urls), urls
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors            # a blocked script or a CSP violation would show here


def class_of_six(base):
    """More students with typical answers, for the instructor's screenshot only."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from serve_load import Student

    port = int(base.rsplit(":", 1)[1].strip("/"))
    answers = {"gain": ["(1+2*R5/RG)*R2/R1*(V1-V2)", "(1+R5/RG)*R2/R1*(V1-V2)", "(1+2*R5/RG)*R2/R1*(V2-V1)",
                        "(1+2*RG/R5)*R2/R1*(V1-V2)", "(1+2*R5/RG)*(V1-V2)", r"\frac{R_2}{R_1}(V_1-V_2)"],
               "v11": ["V1*(1+R5/RG)", "V1*(1+2*R5/RG)", "V1*(1+R5/RG)", "V1*R5/RG", "V1*(1+R5/RG)", "V1"]}
    for k, name in enumerate(["carmen", "david", "elena", "farid", "gloria", "hiro"]):
        s = Student(name, port, {})
        s.sign_in()
        for qid, options in answers.items():
            s.check(qid, options[k])
            if k % 2:
                s.check(qid, options[0])


def test_student_in_english_with_the_keyboard(server, browser):
    base, _, _ = server
    sign_in(browser, base, "ana", "en")
    browser.get(base + "q/gain")
    assert browser.switch_to.active_element.get_attribute("id") == "answer"
    shown, verdict = answer(browser, base, WRONG_TEXT)
    assert shown.startswith("We read your answer as")
    assert "Attempt 1: Not right" in verdict and "scaled_symbol" in verdict
    assert "a factor 2 is missing next to R5" in verdict
    assert preview_after_typing(browser, "R1 +* R2") is None
    assert "We cannot read it yet:" in browser.find_element(By.ID, "preview").text
    shown, verdict = answer(browser, base, RIGHT_LATEX)
    assert "Attempt 2: Right" in verdict
    rows = browser.find_elements(By.CSS_SELECTOR, "section.attempts tbody tr")
    assert len(rows) == 2 and rows[0].find_elements(By.CSS_SELECTOR, "mjx-container svg")
    only_local(browser, base)
    no_alert(browser)
    if os.environ.get("DERIVE_SCREENSHOTS"):
        browser.execute_script("document.getElementById('answer').blur(); window.scrollTo(0, 0)")
        browser.find_element(By.ID, "answer").send_keys("(1+2*R5/RG)*R2/R1*(V1-V2)")
        wait(browser, lambda d: d.find_element(By.ID, "preview").get_attribute("data-rendered"))
        height = browser.execute_script("return document.body.scrollHeight")
        browser.set_window_size(1000, min(height + 40, 2000))
        browser.save_screenshot(str(Path(os.environ["DERIVE_SCREENSHOTS"]) / "serve-student.png"))
        browser.set_window_size(1100, 1300)


def test_student_in_spanish(server, browser):
    base, _, _ = server
    browser.delete_all_cookies()
    sign_in(browser, base, "berta", "es")
    shown, verdict = answer(browser, base, WRONG_TEXT)
    assert shown.startswith("Leemos tu respuesta como")
    assert "Intento 1: Incorrecta" in verdict and "junto a R5 te falta un factor 2" in verdict
    shown, verdict = answer(browser, base, "(1+2R5/RG)*R2/R1*(V1-V2)")
    assert "Intento 2: Correcta" in verdict
    only_local(browser, base)


def test_phone_sized_screen(server, browser):
    base, _, _ = server
    browser.set_window_size(390, 844)
    try:
        browser.get(base + "q/rg")
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".given mjx-container svg"))
        wide = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert wide[0] <= wide[1] + 1, wide
        box = browser.find_element(By.ID, "answer").rect
        assert box["x"] >= 0 and box["x"] + box["width"] <= wide[1]
    finally:
        browser.set_window_size(1100, 1300)


def test_instructor_sees_the_class_and_the_csv(server, browser):
    base, token, _ = server
    browser.delete_all_cookies()          # the instructor's own browser, no student signed in
    browser.get(base + "lang/en?next=/instructor")
    assert browser.switch_to.active_element.get_attribute("id") == "secret"
    type_keys(browser, token + Keys.ENTER)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table.stats"))
    stats = browser.find_element(By.CSS_SELECTOR, "table.stats").text
    assert re.search(r"gain 2 4 0 % \(0/2\) 2/2", stats), stats
    histogram = browser.find_element(By.CSS_SELECTOR, "section.codes table.histogram").text
    assert "scaled_symbol 2" in histogram
    text = browser.execute_async_script(
        "const done = arguments[0]; fetch('/instructor/attempts.csv').then(r => r.text()).then(done)")
    rows = list(csv.DictReader(io.StringIO(text)))
    mine = [(r["student"], r["attempt"], r["status"], r["diagnosis"]) for r in rows]
    assert mine == [("ana", "1", "not_equal", "scaled_symbol"), ("ana", "2", "equal", ""),
                    ("berta", "1", "not_equal", "scaled_symbol"), ("berta", "2", "equal", "")]
    assert rows[2]["feedback"].startswith("No es igual a Vout.")
    only_local(browser, base)
    if os.environ.get("DERIVE_SCREENSHOTS"):
        class_of_six(base)
        browser.get(base + "instructor")
        height = browser.execute_script("return document.body.scrollHeight")
        browser.set_window_size(1000, min(height + 40, 1600))
        browser.save_screenshot(str(Path(os.environ["DERIVE_SCREENSHOTS"]) / "serve-instructor.png"))
        browser.set_window_size(1100, 1300)
