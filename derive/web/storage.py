"""Every attempt in SQLite, stored before its verdict is shown.

One table of attempts (one row per answer a student submits: the answer,
then the verdict once graded) and a small key/value table (the session key,
so sessions survive a restart). The database runs in WAL mode: readers never
block the writer, and a committed attempt survives the server being killed
(``synchronous=NORMAL``: only a power cut can lose the last commits). An
attempt whose verdict never came (the server died while grading it) stays
``pending`` and is graded again when the server restarts.

>>> s = Storage(":memory:")
>>> a = s.add_attempt("ana", "q1", "R2/R1", "en", "Vout", "")
>>> s.record(a["id"], {"status": "not_equal", "equivalent": False, "interpreted_as": "R2/R1",
...                    "diagnosis": [{"code": "sign_or_swap"}], "feedback": "No."})
>>> [(r["number"], r["status"], r["diagnosis"]) for r in s.attempts("ana", "q1")]
[(1, 'not_equal', 'sign_or_swap')]
"""
import json
import secrets
import sqlite3
import threading
import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student TEXT NOT NULL,
    question TEXT NOT NULL,
    number INTEGER NOT NULL,
    answer TEXT NOT NULL,
    lang TEXT NOT NULL,
    quantity TEXT,
    given TEXT,
    created REAL NOT NULL,
    status TEXT,
    equivalent INTEGER,
    interpreted_as TEXT,
    diagnosis TEXT,
    feedback TEXT,
    result TEXT,
    checked REAL,
    UNIQUE (student, question, number)
);
CREATE INDEX IF NOT EXISTS attempts_by_student ON attempts (student, question);
"""
COLUMNS = ("id", "student", "question", "number", "answer", "lang", "quantity", "given", "created",
           "status", "equivalent", "interpreted_as", "diagnosis", "feedback", "result", "checked")


def _row(values):
    row = dict(zip(COLUMNS, values))
    if row["equivalent"] is not None:
        row["equivalent"] = bool(row["equivalent"])
    row["result"] = json.loads(row["result"]) if row["result"] else None
    return row


class Storage:
    """The attempts database at ``path`` (created if missing)."""

    def __init__(self, path):
        self.path = str(path)
        self._lock = threading.Lock()
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self):
        with self._lock:
            self.db.close()

    # --- secrets that outlive a restart ------------------------------------------
    def secret(self, key):
        """A random secret stored under ``key`` (made on first use)."""
        with self._lock:
            self.db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                            (key, secrets.token_urlsafe(32)))
            return self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    # --- attempts ----------------------------------------------------------------
    def add_attempt(self, student, question, answer, lang, quantity, given):
        """Store a new attempt (no verdict yet); returns ``{"id", "number"}``.

        One statement, so one transaction: the number is the student's next for
        the question even when two of their answers arrive at once."""
        with self._lock:
            row = self.db.execute(
                "INSERT INTO attempts (student, question, number, answer, lang, quantity, given, created)"
                " SELECT ?, ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ? FROM attempts"
                " WHERE student = ? AND question = ? RETURNING id, number",
                (student, question, answer, lang, quantity, given, time.time(), student, question)).fetchone()
        return {"id": row[0], "number": row[1]}

    def record(self, attempt_id, result):
        """Store the verdict of an attempt."""
        eq = result.get("equivalent")
        codes = ";".join(d["code"] for d in result.get("diagnosis", []))
        with self._lock:
            self.db.execute(
                "UPDATE attempts SET status = ?, equivalent = ?, interpreted_as = ?, diagnosis = ?,"
                " feedback = ?, result = ?, checked = ? WHERE id = ?",
                (result["status"], None if eq is None else int(bool(eq)), result.get("interpreted_as"),
                 codes, result.get("feedback"), json.dumps(result, ensure_ascii=False, default=str),
                 time.time(), attempt_id))

    def _select(self, where="", params=(), order="id", limit=None):
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        with self._lock:
            rows = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM attempts {where} ORDER BY {order}{tail}",
                                   params).fetchall()
        return [_row(r) for r in rows]

    def attempts(self, student, question):
        """One student's attempts at one question, oldest first."""
        return self._select("WHERE student = ? AND question = ?", (student, question), "number")

    def attempt(self, attempt_id):
        rows = self._select("WHERE id = ?", (attempt_id,))
        return rows[0] if rows else None

    def latest_by_question(self, student):
        """``{question: (attempt count, any right)}`` for one student."""
        with self._lock:
            rows = self.db.execute(
                "SELECT question, COUNT(*), MAX(COALESCE(equivalent, 0)) FROM attempts"
                " WHERE student = ? GROUP BY question", (student,)).fetchall()
        return {q: (n, bool(right)) for q, n, right in rows}

    def pending(self):
        """Attempts stored without a verdict (the server stopped while grading them)."""
        return self._select("WHERE status IS NULL")

    def all(self, limit=None):
        """Every attempt, oldest first (``limit``: the newest ``limit`` only)."""
        if limit is None:
            return self._select()
        return list(reversed(self._select(order="id DESC", limit=limit)))

    def count(self):
        with self._lock:
            return self.db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
