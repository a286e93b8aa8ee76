"""The any-circuit fuzz harness: random circuits through every method and the checker.

``fuzz(count, seed)`` draws ``count`` circuits from
:func:`tests.support.circuits.op_amp_circuits`, derives each with every
strategy (matched or ``--general``, drawn), compares every result with the
independent reference solver, and feeds the engine's own result back to the
checker as text, as LaTeX and rearranged (each must be graded right) and
perturbed (sign flipped, a factor missing: never graded right). It returns a
Counter of outcomes; the ``BAD`` keys must all be zero.
"""
import random
import signal
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from sympy import latex, together

from derive.checker.grade import Grader
from derive.circuit.netlist import parse_netlist
from derive.derivation import STRATEGIES, PositiveFeedbackError, derive
from derive.errors import CircuitError
from tests.support.circuits import op_amp_circuits
from tests.support.reference import numeric_point, reference_stable_for_all_bandwidths, reference_voltages

BAD = ("too_slow", "internal_error", "false_singular", "positive_answered", "false_positive_feedback",
       "wrong_result", "matching_ignored", "right_graded_wrong", "right_undecided",
       "perturbed_graded_right")


def _reference(circuit, seed):
    matched = circuit.matched()
    point = numeric_point(matched.symbols, seed)
    try:
        return point, reference_voltages(matched, point)[matched.output]
    except AssertionError:
        return point, None


def check_circuit(drawn, general, counts, grader, seed=0, log=None):
    """Run one drawn circuit through every method and the checker, counting outcomes."""
    try:
        circuit = parse_netlist(drawn.text)
    except Exception as exc:   # noqa: BLE001 - a generator bug, counted
        counts["internal_error"] += 1
        _log(log, "parse", drawn, exc)
        return
    base = circuit.general() if general else circuit
    point, expected = _reference(base, seed)
    replaced = set(base.match_substitutions())
    results = []
    for method in STRATEGIES:
        counts["derivations"] += 1
        try:
            d = derive(circuit, method, general)
        except PositiveFeedbackError as exc:
            if drawn.positive or not reference_stable_for_all_bandwidths(base.matched(), point):
                counts["refused_positive_feedback"] += 1
            else:
                counts["false_positive_feedback"] += 1
                _log(log, "false positive feedback", drawn, exc)
            continue
        except CircuitError as exc:
            if expected is None:
                counts["refused_singular"] += 1
            else:
                counts["false_singular"] += 1
                _log(log, "false singular", drawn, exc)
            continue
        except Exception as exc:   # noqa: BLE001 - counted, never hidden
            counts["internal_error"] += 1
            _log(log, f"internal error ({method})", drawn, exc)
            continue
        if drawn.positive:
            counts["positive_answered"] += 1
            _log(log, "positive feedback answered", drawn, d.result)
            continue
        if d.method != method:
            counts[f"declined_{method}"] += 1
        if d.result.rhs.free_symbols & replaced:
            counts["matching_ignored"] += 1
            _log(log, "matching ignored", drawn, d.result)
        if expected is None or d.result.rhs.subs(point) != expected:
            counts["wrong_result"] += 1
            _log(log, f"wrong result ({method})", drawn, d.result)
            continue
        counts["proved"] += 1
        results.append(d)
    if results:
        try:
            _round_trip(drawn, general, results[0], counts, grader, log)
        except Exception as exc:   # noqa: BLE001 - the checker crashed: counted, never hidden
            counts["internal_error"] += 1
            _log(log, f"internal error (check): {type(exc).__name__}", drawn, exc)


def _round_trip(drawn, general, d, counts, grader, log):
    rhs = d.result.rhs
    right = [str(rhs), latex(rhs), str(together(rhs))]
    resistors = sorted((s for s in rhs.free_symbols if s.is_positive), key=lambda s: s.name)
    wrong = [str(-rhs)]
    if len(resistors) >= 2:
        wrong.append(str(rhs * resistors[0] / resistors[1]))
    def grade(answer):
        return grader.check(answer, drawn.text, None, None, general, d.method, "0.01", "en")

    for answer in right:
        r = grade(answer)
        counts["answers_right"] += 1
        if r["equivalent"] is False:
            counts["right_graded_wrong"] += 1
            _log(log, "right graded wrong", drawn, answer)
        elif r["equivalent"] is None and _over_limits(r):
            counts["right_over_limits"] += 1     # refused by the checker's documented size limits
        elif r["equivalent"] is None:
            counts["right_undecided"] += 1
            _log(log, f"right undecided: {r.get('feedback')}", drawn, answer)
    for answer in wrong:
        r = grade(answer)
        counts["answers_perturbed"] += 1
        if r["equivalent"] is True:
            counts["perturbed_graded_right"] += 1
            _log(log, "perturbed graded right", drawn, answer)


def _over_limits(result):
    text = str(result.get("feedback", ""))
    return any(words in text for words in
               ("characters long", "too complex", "too large", "too many symbols"))


def _log(log, what, drawn, detail):
    if log is not None:
        log.append(f"--- {what}: {str(detail)[:300]}\n{drawn.text}")


class _TooSlow(BaseException):
    """Not an Exception: the handlers that count a method's failure must not
    swallow it (the rest of the circuit would then run without a bound)."""


def _out_of_time(signum, frame):
    raise _TooSlow


def _bounded(seconds, work):
    """Run ``work()``; False if it used more than ``seconds`` of CPU time.

    A circuit that a user could type must not keep the engine busy for
    minutes (a 12-input summer with input dividers once took over ten minutes
    in the feedback check); the bound turns such a circuit into a counted,
    logged outcome instead of a fuzz run that never ends.
    """
    previous = signal.signal(signal.SIGPROF, _out_of_time)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        work()
        return True
    except _TooSlow:
        return False
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def fuzz(count, seed=0, log=None, progress=None, cpu_limit=120):
    """``Counter`` of outcomes over ``count`` random circuits (fixed ``seed``).

    The seed fixes both the circuits hypothesis draws and the numeric points,
    so two streams with different seeds cover different circuits. A circuit
    whose methods and checks together use more than ``cpu_limit`` seconds of
    CPU counts as ``too_slow`` (a bad outcome).
    """
    counts = Counter()
    grader = Grader()
    rng = random.Random(seed)

    @hypothesis_seed(seed)
    @settings(max_examples=count, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(op_amp_circuits(), st.booleans())
    def run(drawn, general):
        counts["circuits"] += 1
        if progress and counts["circuits"] % 25 == 0:
            progress(counts)
        counts["positive" if drawn.positive else "amplifiers"] += 1
        point_seed = rng.randint(0, 10**6)
        if not _bounded(cpu_limit, lambda: check_circuit(drawn, general, counts, grader,
                                                         seed=point_seed, log=log)):
            counts["too_slow"] += 1
            _log(log, f"too slow (over {cpu_limit} s of CPU)", drawn, "")

    run()
    return counts


if __name__ == "__main__":   # python -m tests.support.fuzz 2000 [SEED]
    import sys
    import time

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    stream = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    t0 = time.time()
    problems = []
    shown = [0]

    def progress(counts):   # the counts so far, and each problem as soon as it is found
        print("\n".join(problems[shown[0]:]), dict(sorted(counts.items())), flush=True)
        shown[0] = len(problems)

    result = fuzz(n, seed=stream, log=problems, progress=progress)
    print("\n".join(problems[shown[0]:]))
    print(dict(sorted(result.items())))
    print(f"{time.time() - t0:.0f} s")
