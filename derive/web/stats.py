"""What the class gets wrong: per question, the share right at first try and
the histogram of diagnosis codes; and the attempts as CSV with the columns of
``derive check --batch``.

>>> rows = [dict(student="ana", question="q1", number=1, status="not_equal", equivalent=False,
...              diagnosis="sign_or_swap", answer="a", quantity="Vout", given="", created=0,
...              interpreted_as="a", feedback="No."),
...         dict(student="ana", question="q1", number=2, status="equal", equivalent=True,
...              diagnosis="", answer="b", quantity="Vout", given="", created=1,
...              interpreted_as="b", feedback="Yes."),
...         dict(student="bob", question="q1", number=1, status="equal", equivalent=True,
...              diagnosis="", answer="b", quantity="Vout", given="", created=2,
...              interpreted_as="b", feedback="Yes.")]
>>> s = question_stats(rows, {"q1": 3})["q1"]
>>> s["students"], s["first_right"], s["share_first"], s["codes"]
(2, 1, 0.5, [('sign_or_swap', 1)])
>>> csv_text(rows).splitlines()[0]
'student,question,attempt,counts,created,answer,quantity,given,status,equivalent,interpreted_as,diagnosis,feedback'
"""
import csv
import io
from collections import Counter
from datetime import datetime, timezone

from ..checker.csvio import RESULT_COLUMNS, result_cells
from ..text.escape import csv_cell

INPUT_COLUMNS = ("student", "question", "attempt", "counts", "created", "answer", "quantity", "given")


def question_stats(rows, attempts_count):
    """``{question: {...}}`` from attempt rows; ``attempts_count`` maps a question
    to how many attempts count. Keys: ``students``, ``attempts``, ``first_right``,
    ``share_first`` (None with no student), ``right`` (right within the attempts
    that count), ``codes`` (``[(code, count)]``, most frequent first)."""
    out = {}
    for row in rows:
        q = out.setdefault(row["question"], {"students": set(), "attempts": 0, "first_right": 0,
                                             "right": set(), "codes": Counter()})
        q["students"].add(row["student"])
        q["attempts"] += 1
        if row["number"] == 1 and row["equivalent"] is True:
            q["first_right"] += 1
        if row["equivalent"] is True and row["number"] <= attempts_count.get(row["question"], 1):
            q["right"].add(row["student"])
        for code in filter(None, (row["diagnosis"] or "").split(";")):
            q["codes"][code] += 1
    for q in out.values():
        n = len(q["students"])
        q["students"] = n
        q["right"] = len(q["right"])
        q["share_first"] = q["first_right"] / n if n else None
        q["codes"] = sorted(q["codes"].items(), key=lambda kv: (-kv[1], kv[0]))
    return out


def csv_text(rows, attempts_count=None):
    """The attempts as CSV: who, which question, which attempt, the answer, then
    the result columns of ``derive check --batch``, built by the same function
    and escaped by the same :func:`~derive.text.escape.csv_cell`."""
    attempts_count = attempts_count or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(INPUT_COLUMNS + RESULT_COLUMNS)
    for row in rows:
        counts = row["number"] <= attempts_count.get(row["question"], row["number"])
        created = datetime.fromtimestamp(row["created"], timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        given = dict(zip(INPUT_COLUMNS, (row["student"], row["question"], row["number"], str(counts).lower(),
                                         created, row["answer"], row["quantity"] or "", row["given"] or "")))
        result = row.get("result") or {"status": "pending", "equivalent": None}
        cells = result_cells(given, result)
        writer.writerow([csv_cell(cells[c]) for c in INPUT_COLUMNS + RESULT_COLUMNS])
    return buffer.getvalue()
