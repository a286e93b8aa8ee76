"""``derive check CIRCUIT ANSWER``: is a student's answer right, and if not, why?

Exit status: 0 equal, 1 not equal, 2 invalid input, 3 undecided (or timed out).
With ``--steps FILE`` each line of FILE is one step (``V11 = ...``); with
``--batch answers.csv -o results.csv`` a whole class is graded.
"""
from . import options
from ..text.messages import Message


def register(sub):
    h = options.help_texts(sub, "check")
    p = sub.add_parser(
        "check", help=h["help"], description=h["description"],
    )
    options.add_circuit(p)
    p.add_argument("answer", metavar="ANSWER", nargs="?", help=h["answer"])
    p.add_argument("--quantity", "-q", metavar="Q", help=h["quantity"])
    p.add_argument("--given", metavar="VALUES", help=h["given"])
    p.add_argument("--tolerance", type=float, default=1.0, metavar="PERCENT", help=h["tolerance"])
    options.add_general(p)
    p.add_argument("--method", choices=options.METHODS, help=h["method"])
    p.add_argument("--steps", metavar="FILE", help=h["steps"])
    p.add_argument("--batch", metavar="CSV", help=h["batch"])
    p.add_argument("-o", "--output", metavar="FILE", default="-", help=h["output"])
    p.add_argument("--jobs", "-j", type=int, metavar="N", help=h["jobs"])
    p.add_argument("--dask", metavar="ADDRESS", help=h["dask"])
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help=h["timeout"])
    options.add_json(p)
    options.add_lang(p)
    p.set_defaults(run=run)


def _question(args):
    from fractions import Fraction

    from ..checker.batch import circuit_spec
    from ..errors import DeriveError

    import math

    if not (math.isfinite(args.timeout) and args.timeout > 0):
        raise DeriveError(Message("check_timeout", timeout=f"{args.timeout:g}"))
    if not 0 <= args.tolerance < 100:
        raise DeriveError(Message("check_tolerance", tolerance=f"{args.tolerance:g}"))
    return {"circuit": circuit_spec(args.circuit), "quantity": args.quantity, "given": args.given,
            "general": args.general, "method": args.method,
            "tolerance": str(Fraction(str(args.tolerance)) / 100)}


def run(args):
    import sys

    from ..circuit.library import load_circuit
    from ..errors import DeriveError

    modes = [m for m in (args.answer is not None, args.steps, args.batch) if m]
    if len(modes) != 1:
        raise DeriveError(Message("check_one_input"))
    if args.dask and not args.batch:
        raise DeriveError(Message("check_dask_batch"))
    if "\n" not in args.circuit:
        from ..circuit.cost import CHECK_BUDGET, check_cost

        circuit = load_circuit(args.circuit)    # a clear error for an unknown circuit, before any worker starts
        check_cost(circuit.general() if args.general else circuit, CHECK_BUDGET, "check")
    question = _question(args)
    if args.batch:
        _readable(args.batch, Message("answers_file"))
        options.check_writable(args.output)
        return _batch(args, question, sys.stderr)
    if args.steps and args.steps != "-":
        _readable(args.steps, Message("steps_file"))
    if args.steps:
        return _steps(args, question)
    return _single(args, question)


def _readable(path, what):
    """Refuse, before grading anything, an input file that cannot be read."""
    import os

    from ..errors import DeriveError

    if not os.path.isfile(path):
        raise DeriveError(Message("input_missing", what=what, path=path))
    if not os.access(path, os.R_OK):
        raise DeriveError(Message("input_denied", what=what, path=path))


def _print_json(obj):
    import json

    print(json.dumps(obj, indent=2, ensure_ascii=False))


def _single(args, question):
    import sys

    from ..checker.grade import exit_status
    from ..text.numerals import localized
    from ..text import message
    from ..checker.worker import Worker

    with Worker(timeout=args.timeout) as worker:
        result = worker.check(args.answer, question, args.lang)
    status = exit_status(result)
    if args.json:
        _print_json({k: result.get(k) for k in ("equivalent", "quantity", "interpreted_as", "feedback",
                                                 "diagnosis", "status", "answer", "exact", "error")
                     if k in result})
    else:
        if result.get("interpreted_as"):
            print(message("interpreted_as", args.lang, text=localized(result["interpreted_as"], args.lang)))
        if result["status"] != "invalid":
            print(result["feedback"])
    if result["status"] == "invalid":
        print(f"derive: error: {result.get('error') or result['feedback']}", file=sys.stderr)
    return status


def _steps(args, question):
    import sys
    from pathlib import Path

    from ..checker.grade import EXIT
    from ..text import message
    from ..checker.steps import split_lines
    from ..checker.worker import Worker
    from ..errors import DeriveError

    try:
        text = sys.stdin.read() if args.steps == "-" else Path(args.steps).read_text("utf-8")
    except OSError as err:
        raise DeriveError(Message("steps_unreadable", path=args.steps, reason=err.strerror)) from None
    lines = split_lines(text)
    if not lines:
        raise DeriveError(Message("steps_empty", path=args.steps))
    with Worker(timeout=args.timeout) as worker:      # the limit is per line
        result = worker.check_steps(lines, question, args.lang)
    if args.json:
        _print_json(result)
    elif "steps" in result:
        for r in result["steps"]:
            key = "step_ok" if r["status"] == "equal" else ("step_wrong" if r["status"] == "not_equal"
                                                            else "step_invalid")
            reason = r.get("error") or r["feedback"]
            print(message(key, args.lang, line=r["line"], quantity=r["quantity"] or "?", reason=reason))
        print(result["feedback"])
    else:
        print(result["feedback"])
    return EXIT[result["status"]]


def _batch(args, question, stream):
    """Grade a CSV; rows reach the output as they are graded, and a stopped batch
    (Ctrl-C, SIGTERM, the overall --time-limit) keeps every graded row."""
    import signal

    from ..checker.batch import grade_rows, grade_rows_dask
    from ..checker.csvio import ResultsWriter, read_rows
    from ..text import message
    from ..errors import DeriveError
    from .limits import LimitExceeded

    rows = read_rows(args.batch, args.lang)
    writer = ResultsWriter(args.output, rows, args.lang)

    class Terminated(KeyboardInterrupt):
        """SIGTERM: stop like Ctrl-C, keeping the graded rows."""

    def terminated(signum, frame):
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    stopped = None
    try:
        if args.dask:
            results = grade_rows_dask(rows, question, args.dask, args.timeout, args.lang, progress=stream)
            for i, result in enumerate(results):
                writer.add(i, result)
        else:
            grade_rows(rows, question, args.jobs, args.timeout, args.lang, progress=stream,
                       on_result=writer.add)
    except LimitExceeded as exc:
        stopped = (message("batch_reason_time_limit", args.lang, seconds=f"{exc.seconds:g}"), 2)
    except KeyboardInterrupt as exc:
        stopped = (message("batch_reason_interrupted", args.lang), 143 if isinstance(exc, Terminated) else 130)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if stopped is None and writer.graded < len(rows):   # another error: keep what was graded
            writer.stop(message("batch_reason_interrupted", args.lang))
    if stopped is None:
        writer.finish()
        return 0
    reason, status = stopped
    graded = writer.stop(reason)
    where = writer.partial or "the standard output"
    text = message("batch_stopped", args.lang, reason=reason, graded=graded, total=len(rows), path=where)
    if status == 2:
        raise DeriveError(text)
    print(f"derive: {text}", file=stream)
    return status
