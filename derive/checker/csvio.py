"""The answers CSV in and the results CSV out, as spreadsheets and students make them.

Reading: UTF-8 (with or without BOM), UTF-16/32 with a BOM, or else Windows-1252
(what spreadsheets export as "CSV"); a cell of any size (an oversized answer is
graded ``invalid``, not a crash); and one sentence naming the line for what
cannot be read safely: a header naming a column twice, a row with more fields
than the header, an answer running over several lines (a quote left open,
which would swallow the rows after it).

Writing: :class:`ResultsWriter` writes each row as soon as it and every row
before it are graded, to ``NAME.partial.csv``, renamed to ``NAME.csv`` at the
end (so an earlier results file is replaced only by a complete one). When the
batch is stopped (Ctrl-C, SIGTERM, the overall time limit) the rows graded so
far are written in order, the others marked ``not_graded``, and the file keeps
its ``.partial`` name. Every cell goes through
:func:`~derive.text.escape.csv_cell`, so a spreadsheet never runs an answer
such as ``=HYPERLINK(...)``.

>>> decode("R1;ñ".encode("cp1252")), decode("R1".encode("utf-16"))
('R1;ñ', 'R1')
"""
import codecs
import csv
import io
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from ..text.escape import csv_cell
from .errors import AnswerError
from ..text import message

RESULT_COLUMNS = ("status", "equivalent", "interpreted_as", "diagnosis", "feedback")
MAX_BYTES = 64 * 2**20          # an answers file larger than this is not a class's homework
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(raw):
    """The text of a CSV file's bytes: by its BOM, else UTF-8, else Windows-1252."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


@contextmanager
def _field_limit(size):
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, size + 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _header(names, source):
    columns, seen = [], {}
    for k, name in enumerate(names, start=1):
        name = name.strip() or f"column{k}"
        if name in seen:
            raise AnswerError("batch_duplicate_column", source=source, column=name, first=seen[name], second=k)
        seen[name] = k
        columns.append(name)
    return columns


def read_rows(path, lang="en"):
    """The rows of an answers CSV as dicts (``-`` reads stdin), in order.

    >>> import tempfile, os
    >>> f = tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False)
    >>> _ = f.write("student,answer\\nAna,R2/R1\\n".encode("utf-16")); f.close()
    >>> read_rows(f.name)
    [{'student': 'Ana', 'answer': 'R2/R1'}]
    >>> os.remove(f.name)
    """
    source = message("standard_input", lang) if str(path) == "-" else str(path)
    try:
        if str(path) == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise AnswerError("batch_unreadable", source=source, reason=err.strerror or str(err)) from None
    if len(raw) > MAX_BYTES:
        raise AnswerError("batch_too_large", source=source, limit=MAX_BYTES // 2**20)
    text = decode(raw)
    with _field_limit(len(text)):
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            columns = _header(next(reader, []), source)
            if "answer" not in columns:
                raise AnswerError("batch_missing_column", column="answer", columns=", ".join(columns) or "-")
            rows, first_line = [], reader.line_num + 1
            for record in reader:
                line, first_line = first_line, reader.line_num + 1
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) > len(columns):
                    raise AnswerError("batch_extra_fields", source=source, line=line, fields=len(record),
                                      columns=len(columns))
                row = dict(zip(columns, record + [""] * (len(columns) - len(record))))
                if "\n" in row["answer"] or "\r" in row["answer"]:
                    raise AnswerError("batch_open_quote", source=source, line=line)
                rows.append(row)
        except csv.Error as err:
            raise AnswerError("batch_bad_csv", source=source, line=reader.line_num, reason=str(err)) from None
    return rows


def result_cells(row, result):
    """The output cells of one graded row (before escaping)."""
    eq = result.get("equivalent")
    return dict(row, status=result["status"], equivalent="" if eq is None else str(eq).lower(),
                interpreted_as=result.get("interpreted_as") or "",
                diagnosis=";".join(d["code"] for d in result.get("diagnosis", [])),
                feedback=result.get("feedback") or "")


def partial_path(path):
    """Where rows go while a batch runs: ``results.csv`` -> ``results.partial.csv``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.partial{path.suffix or '.csv'}")


_STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGALRM)


class ResultsWriter:
    """Writes graded rows in input order as soon as they can be (see the module doc)."""

    def __init__(self, path, rows, lang="en"):
        self.rows = list(rows)
        self.lang = lang
        self.columns = []
        for row in self.rows:
            self.columns += [c for c in row if c not in self.columns and c not in RESULT_COLUMNS]
        self.columns += list(RESULT_COLUMNS)
        self.path = None if str(path) == "-" else Path(path)
        self.partial = None if self.path is None else partial_path(self.path)
        try:
            self.handle = sys.stdout if self.path is None else open(self.partial, "w", newline="",
                                                                     encoding="utf-8")
        except OSError as err:
            raise AnswerError("batch_unwritable", source=str(self.partial), reason=err.strerror) from None
        self.writer = csv.DictWriter(self.handle, fieldnames=self.columns, extrasaction="ignore")
        self.results = {}
        self.written = 0
        self._write(self.writer.writeheader)

    def _write(self, action):
        # no signal may cut a row in half: they wait until the row is out
        blocked = hasattr(signal, "pthread_sigmask")
        if blocked:
            old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
        try:
            action()
            self.handle.flush()
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)

    def _row(self, i, result):
        cells = result_cells({c: self.rows[i].get(c, "") for c in self.columns if c not in RESULT_COLUMNS},
                             result)
        self.writer.writerow({c: csv_cell(v) for c, v in cells.items()})

    def add(self, i, result):
        """Row ``i`` is graded: write it and every graded row after it that now can be."""
        self.results[i] = result
        while self.written in self.results:
            self._write(lambda: self._row(self.written, self.results.pop(self.written)))
            self.written += 1

    @property
    def graded(self):
        return self.written + len(self.results)

    def finish(self):
        """Every row is written: close the file and give it its final name."""
        self._close()
        if self.path is not None:
            os.replace(self.partial, self.path)
        return self.path

    def stop(self, reason):
        """The batch was stopped: write the graded rows, mark the others ``not_graded``,
        keep the ``.partial`` name; return how many rows were graded."""
        graded = self.graded
        not_graded = {"status": "not_graded", "equivalent": None,
                      "feedback": message("verdict_not_graded", self.lang, reason=reason)}
        while self.written < len(self.rows):
            result = self.results.pop(self.written, not_graded)
            self._write(lambda: self._row(self.written, result))
            self.written += 1
        self._close()
        return graded

    def _close(self):
        if self.handle is not sys.stdout and not self.handle.closed:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
