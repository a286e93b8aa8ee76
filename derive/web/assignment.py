"""Assignments: the TOML file an instructor writes, read into questions.

A file holds a title in each language and a list of questions; each question
names a circuit (a built-in, or a netlist file next to the assignment), the
quantity asked, the method, the values given (fixed, or a range each student
draws from), the tolerance and how many attempts count::

    title.en = "Homework 3: the instrumentation amplifier"
    title.es = "Tarea 3: el amplificador de instrumentación"

    [[questions]]
    id = "rg"
    circuit = "inamp"
    quantity = "RG"
    given = { R1 = "10k", R2 = "10k", R5 = "24.9k", V1 = ["100m", "200m"], V2 = "0", Vout = "5" }
    tolerance = 0.01
    attempts = 3

A range's value is drawn per student, seeded by the student's identifier, and
rounded to three significant digits, so the number shown is the number graded.

>>> a = parse_assignment('title.en = "HW"\\ntitle.es = "Tarea"\\n'
...                      '[[questions]]\\nid = "gain"\\ncircuit = "inamp"\\n', "hw.toml")
>>> a.title("es"), a.questions[0].circuit, a.questions[0].attempts
('Tarea', 'inamp', 3)
"""
import hashlib
import random
import re
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..errors import DeriveError
from ..text import LANGUAGES
from ..text.messages import Message

DEFAULT_ATTEMPTS = 3
DEFAULT_TOLERANCE = Fraction(1, 100)
MAX_QUESTIONS = 200
SIGNIFICANT = 3
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,2})?$")
QUESTION_KEYS = {"id", "circuit", "quantity", "method", "given", "tolerance", "attempts", "text"}
TOP_KEYS = {"title", "questions", "instructor_password", "seed", "language", "limits"}
LIMIT_KEYS = {"checks_per_minute", "check_burst", "previews_per_minute", "signins_per_minute",
              "signin_burst"}


@dataclass(frozen=True)
class Question:
    """One question: ``circuit`` is a built-in name or the netlist text;
    ``given`` is ``((name, low, high), ...)`` as written (``low == high`` when fixed)."""

    id: str
    circuit: str
    circuit_label: str
    quantity: str
    method: str = None
    given: tuple = ()
    tolerance: Fraction = DEFAULT_TOLERANCE
    attempts: int = DEFAULT_ATTEMPTS
    text: tuple = ()          # ((lang, text), ...)

    def prompt(self, lang):
        """The instructor's own wording in ``lang`` (or the other language), or ''."""
        texts = dict(self.text)
        return texts.get(lang) or next(iter(texts.values()), "")


@dataclass(frozen=True)
class Assignment:
    """A problem set: titles per language, questions, the instructor's password hash."""

    titles: tuple
    questions: tuple
    password_hash: str = None
    seed: str = ""
    language: str = "en"
    limits: tuple = ()       # ((key, number), ...) overriding the rate limits
    source: str = ""

    def title(self, lang):
        titles = dict(self.titles)
        return titles.get(lang) or next(iter(titles.values()), "")

    def question(self, qid):
        """The question with id ``qid``, or None."""
        return next((q for q in self.questions if q.id == qid), None)


def _fail(where, code, /, **params):
    """Refuse the assignment: ``where`` (a file, or a Message naming a question) and
    the sentence ``code`` of the errors catalog, worded in the reader's language."""
    raise DeriveError(Message("assignment_where", where=where, what=Message(code, **params)))


def _texts(value, where, key):
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not value or set(value) - set(LANGUAGES) \
            or not all(isinstance(v, str) and v.strip() for v in value.values()):
        _fail(where, "assignment_texts", key=key)
    return tuple((k, value[k].strip()[:2000]) for k in LANGUAGES if k in value)


def _number_text(value, where, name):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = repr(value)
    if not isinstance(value, str) or not value.strip() or len(value) > 40:
        _fail(where, "assignment_number", name=name)
    return value.strip()


def _given(table, where):
    if not isinstance(table, dict):
        _fail(where, "assignment_given_table")
    out = []
    for name, value in table.items():
        if not _NAME.match(name):
            _fail(where, "assignment_given_name", name=name[:40])
        if isinstance(value, list):
            if len(value) != 2:
                _fail(where, "assignment_range_ends", name=name)
            low, high = (_number_text(v, where, name) for v in value)
        else:
            low = high = _number_text(value, where, name)
        out.append((name, low, high))
    return tuple(out)


def _question(raw, index, base, where_file):
    where = Message("assignment_question_number", file=where_file, n=index + 1)
    if not isinstance(raw, dict):
        _fail(where, "assignment_question_table")
    unknown = sorted(set(raw) - QUESTION_KEYS)
    if unknown:
        _fail(where, "assignment_unknown_key", key=unknown[0], keys=", ".join(sorted(QUESTION_KEYS)))
    qid = str(raw.get("id", f"q{index + 1}"))
    if not _ID.match(qid):
        _fail(where, "assignment_id", id=qid[:40])
    where = Message("assignment_question_id", file=where_file, id=qid)
    circuit = raw.get("circuit")
    if not isinstance(circuit, str) or not circuit.strip():
        _fail(where, "assignment_circuit_missing")
    circuit, label = _circuit(circuit.strip(), base, where)
    quantity = raw.get("quantity", None)
    if quantity is not None and (not isinstance(quantity, str) or not _NAME.match(quantity)):
        _fail(where, "assignment_quantity")
    method = raw.get("method")
    if method is not None and method not in _methods():
        _fail(where, "assignment_method", method=str(method)[:40], methods=", ".join(_methods()))
    tolerance = raw.get("tolerance", float(DEFAULT_TOLERANCE))
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 < tolerance < 1:
        _fail(where, "assignment_tolerance")
    attempts = raw.get("attempts", DEFAULT_ATTEMPTS)
    if isinstance(attempts, bool) or not isinstance(attempts, int) or not 1 <= attempts <= 100:
        _fail(where, "assignment_attempts")
    text = _texts(raw["text"], where, "text") if "text" in raw else ()
    return Question(qid, circuit, label, quantity or "", method, _given(raw.get("given", {}), where),
                    Fraction(str(tolerance)), attempts, text)


def _methods():
    from ..derivation import STRATEGIES

    return tuple(STRATEGIES)


def _circuit(name, base, where):
    from ..circuit.library import builtin_names

    if name in builtin_names():
        return name, name
    path = (base / name) if base is not None else Path(name)
    if base is not None:
        try:
            path.resolve().relative_to(base.resolve())
        except ValueError:
            _fail(where, "assignment_netlist_outside", name=name[:80])
    if not path.is_file():
        _fail(where, "assignment_circuit_unknown", name=name[:80])
    if path.stat().st_size > 200_000:
        _fail(where, "assignment_netlist_large", name=name[:80])
    return path.read_text("utf-8"), path.name


def parse_assignment(text, name="assignment", base=None):
    """An :class:`Assignment` from TOML text; ``base`` is the folder netlists are read from."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise DeriveError(Message("assignment_toml", name=name, reason=err)) from None
    unknown = sorted(set(raw) - TOP_KEYS)
    if unknown:
        _fail(name, "assignment_unknown_key", key=unknown[0], keys=", ".join(sorted(TOP_KEYS)))
    if "title" not in raw:
        _fail(name, "assignment_title_missing")
    titles = _texts(raw["title"], name, "title")
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        _fail(name, "assignment_no_questions")
    if len(questions) > MAX_QUESTIONS:
        _fail(name, "assignment_too_many", n=MAX_QUESTIONS)
    out = tuple(_question(q, i, base, name) for i, q in enumerate(questions))
    ids = [q.id for q in out]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup:
        _fail(name, "assignment_duplicate_id", id=dup)
    password = raw.get("instructor_password")
    if password is not None and (not isinstance(password, str) or not password.startswith("scrypt$")):
        _fail(name, "assignment_password")
    language = raw.get("language", "en")
    if language not in LANGUAGES:
        _fail(name, "assignment_language", languages=", ".join(LANGUAGES))
    limits = raw.get("limits", {})
    if not isinstance(limits, dict) or set(limits) - LIMIT_KEYS or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 1_000_000 for v in limits.values()):
        _fail(name, "assignment_limits", keys=", ".join(sorted(LIMIT_KEYS)))
    return Assignment(titles, out, password, str(raw.get("seed", "")), language,
                      tuple(sorted(limits.items())), name)


def load_assignment(path):
    """Read an assignment file (netlists are looked up next to it)."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except OSError as err:
        raise DeriveError(Message("assignment_unreadable", path=path, reason=err.strerror)) from None
    return parse_assignment(text, path.name, path.parent)


# --- each student's numbers -------------------------------------------------------
def round_significant(value, digits=SIGNIFICANT):
    """``value`` rounded to ``digits`` significant digits, as an exact Fraction.

    >>> round_significant(Fraction(1234567, 1000)), round_significant(Fraction(-27417, 1000000))
    (Fraction(1230, 1), Fraction(-137, 5000))
    """
    return Fraction(format(float(value), f".{digits - 1}e"))


def student_rng(seed, question_id, student):
    """The random generator of one student's variant of one question (stable across runs)."""
    digest = hashlib.sha256("\0".join((seed, question_id, student)).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def draw(low, high, rng):
    """A value in ``[low, high]`` rounded to three significant digits (``low`` when equal).

    >>> draw(Fraction(1), Fraction(1), None)
    Fraction(1, 1)
    >>> v = draw(Fraction(100), Fraction(200), random.Random(1)); 100 <= v <= 200
    True
    """
    if low == high:
        return low
    value = round_significant(Fraction(rng.uniform(float(low), float(high))))
    return min(max(value, min(low, high)), max(low, high))
