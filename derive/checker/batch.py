"""Batch grading: a CSV of answers in, a CSV of results out, none lost.

Input columns: ``answer`` (required), and optionally ``quantity`` and
``given`` (per row; else the command's), plus anything else (``student``,
``id``...), copied through. Output: the input columns, then ``status``,
``equivalent``, ``interpreted_as``, ``diagnosis`` (codes, ``;``-separated)
and ``feedback``. Every input row gives exactly one output row, in order,
even when its answer crashes or times out.

Locally the rows go to a pool of :class:`~derive.checker.worker.Worker`
processes (one per core by default); with ``dask_address`` the rows are cut
into chunks and each chunk is graded by the same code on a Dask cluster.

>>> rows = [{"answer": "(1+2R5/RG)*R2/R1*(V1-V2)"}, {"answer": "os.system('x')"}]
>>> [r["status"] for r in grade_rows(rows, {"circuit": "inamp"}, jobs=1)]
['equal', 'invalid']
"""
import os
import selectors
import time
from collections import deque
from pathlib import Path

from ..errors import DeriveError
from ..text import message
from ..text.messages import Message
from .csvio import RESULT_COLUMNS, ResultsWriter, read_rows  # noqa: F401 (read_rows: the batch's API)
from .worker import DEFAULT_TIMEOUT, Worker, failure

CHUNK = 50     # rows per Dask task
CONNECT_TIMEOUT = "20s"


def circuit_spec(circuit):
    """What to send to a worker for a circuit: a built-in name, or the netlist
    text of a file (so a remote Dask worker needs no copy of the file), read as
    ``derive show`` reads it (a SPICE deck translated, a byte-order mark dropped)."""
    from ..circuit.library import builtin_names
    from ..circuit.netlist import netlist_text

    name = str(circuit)
    if name in builtin_names() or "\n" in name:
        return name
    path = Path(name)
    if path.is_file():
        return netlist_text(path)
    return name


def _request(row, question, lang):
    q = dict(question)
    for key in ("quantity", "given"):
        if row.get(key):
            q[key] = row[key]
    return {"op": "check", "answer": row.get("answer") or "", "question": q, "lang": lang}


def _progress(done, total, failed, lang, stream):
    if stream is None:
        return
    end = "\r" if getattr(stream, "isatty", lambda: False)() and done < total else "\n"
    stream.write(message("batch_progress", lang, done=done, total=total, failed=failed) + end)
    stream.flush()


def grade_rows(rows, question, jobs=None, timeout=DEFAULT_TIMEOUT, lang="en", progress=None,
               every=1.0, command=None, on_result=None):
    """Grade rows on a local pool of worker processes; one result per row, in order.

    ``question`` holds :meth:`Grader.problem`'s keywords (``circuit`` as a name
    or netlist text, ``quantity``, ``given``, ``general``, ``method``,
    ``tolerance``). ``progress`` is a stream for progress lines (or None).
    ``on_result(i, result)`` is called as each row is graded (a
    :class:`~derive.checker.csvio.ResultsWriter` writes it at once). Whatever
    stops the loop (KeyboardInterrupt, the overall time limit), the workers are
    killed before the exception goes on.
    """
    rows = list(rows)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(rows) or 1))
    results = [None] * len(rows)
    pending = deque(enumerate(rows))
    workers = [Worker(timeout=timeout, command=command) for _ in range(jobs)]
    busy, done, failed, last = {}, 0, 0, 0.0
    try:
        with selectors.DefaultSelector() as sel:
            while pending or busy:
                for w in workers:
                    if w not in busy and pending:
                        i, row = pending.popleft()
                        w.send(_request(row, question, lang))
                        busy[w] = i
                        sel.register(w.fileno(), selectors.EVENT_READ, w)
                deadline = min(w.deadline for w in busy)
                ready = sel.select(timeout=max(0.0, deadline - time.monotonic()))
                finished = []
                for key, _ in ready:
                    w = key.data
                    fd = key.fd
                    result = w.collect()
                    if result is not None:
                        finished.append((w, fd, result))
                now = time.monotonic()
                for w in list(busy):
                    if all(w is not f[0] for f in finished) and w.deadline <= now:
                        fd = w.fileno()
                        finished.append((w, fd, w.expire()))
                for w, fd, result in finished:
                    sel.unregister(fd)
                    i = busy.pop(w)
                    results[i] = result
                    if on_result is not None:
                        on_result(i, result)
                    done += 1
                    failed += result["status"] in ("timeout", "crashed")
                if progress is not None and (time.monotonic() - last >= every or done == len(rows)):
                    last = time.monotonic()
                    _progress(done, len(rows), failed, lang, progress)
    finally:
        for w in workers:
            w.close()
    for i, r in enumerate(results):     # never lose a row
        if r is None:
            results[i] = failure("crashed", _request(rows[i], question, lang), lang,
                                 reason=message("not_graded", lang))
            if on_result is not None:
                on_result(i, results[i])
    return results


def grade_chunk(rows, question, timeout=DEFAULT_TIMEOUT, lang="en"):
    """Grade one chunk with one local worker process: the Dask task."""
    return grade_rows(rows, question, jobs=1, timeout=timeout, lang=lang, progress=None)


def grade_rows_dask(rows, question, address, timeout=DEFAULT_TIMEOUT, lang="en", progress=None,
                    chunk=CHUNK):
    """Grade rows on a Dask cluster (``address`` of its scheduler, or a Client)."""
    from dask.distributed import Client, as_completed

    rows = list(rows)
    chunks = [rows[i:i + chunk] for i in range(0, len(rows), chunk)]
    own = not hasattr(address, "submit")
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT) if own else address
    except (OSError, TimeoutError) as err:
        raise DeriveError(Message("dask_unreachable", address=address, reason=err)) from None
    try:
        futures = [client.submit(grade_chunk, c, question, timeout, lang, pure=False) for c in chunks]
        index = {f.key: k for k, f in enumerate(futures)}
        out = [None] * len(chunks)
        done = failed = 0
        for future in as_completed(futures):
            k = index[future.key]
            try:
                out[k] = future.result()
            except Exception as err:       # a lost task: its rows are reported, not dropped
                reason = f"{type(err).__name__}: {err}"[:200]
                out[k] = [failure("crashed", _request(r, question, lang), lang, reason=reason) for r in chunks[k]]
            done += len(chunks[k])
            failed += sum(r["status"] in ("timeout", "crashed") for r in out[k])
            _progress(done, len(rows), failed, lang, progress)
    finally:
        if own:
            client.close()
    return [r for part in out for r in part]


def write_results(path, rows, results, lang="en"):
    """Write the output CSV (input columns then the result columns) of finished results."""
    writer = ResultsWriter(path, rows, lang)
    for i, result in enumerate(results):
        writer.add(i, result)
    return writer.finish()
