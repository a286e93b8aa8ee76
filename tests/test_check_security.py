"""Answers are untrusted: nothing is executed, bombs are refused, nothing hangs.

Every payload goes through the real worker process with a hard limit of 2 s
per answer; each must come back *refused* (status ``invalid``, with a
sentence saying why) — never ``timeout``, never executed. The hypothesis
tests fuzz the parser: the only exception it may raise is AnswerError.
"""
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.checker.errors import AnswerError
from derive.checker.parser import parse
from derive.checker.vocabulary import Vocabulary
from derive.checker.worker import Worker

MARKER = "/tmp/derive_check_pwned"
PAYLOADS = [
    f"__import__('os').system('touch {MARKER}')",
    f"__import__(\"os\").system(\"touch {MARKER}\")",
    "R1.__class__.__mro__[1].__subclasses__()",
    "R1.__dict__",
    "(lambda: 1)()",
    "lambda x: x",
    "eval('1+1')",
    "exec('import os')",
    "open('/etc/passwd').read()",
    "__builtins__",
    "globals()",
    "R1; import os",
    "R1 if True else R2",
    "[x for x in ()]",
    "f'{R1}'",
    "`ls`",
    "$(touch /tmp/x)",
    "R1 @ R2",
    "R1 % R2",
    "R1 & R2",
    "R1 == R2",
    "R1 < R2",
    "\\input{/etc/passwd}",
    "\\def\\x{1}\\x",
    "\\immediate\\write18{touch /tmp/x}",
]
BOMBS = [
    "9^9^9", "10**100**100", "2^2^2^2^2^2", "(R1+R2)^64^64", "R1^65", "R1^-1000", "2^9999999",
    "(((R1+R2)^10)^10)^10", "1" * 40, "1e400", "1e-400", "9" * 31 + ".5",
    "(R1+R2+R5)^60*(R1+RG)^60*(V1+V2)^60",
    # equal at every point, but 11 million terms once expanded
    "(1+2*R5/RG)*R2/R1*(V1-V2) + (R1+R2+R5+RG+V1+V2)^64 - (R1+R2+R5+RG+V1+V2)^64",
]
DEEP = ["(" * 200 + "R1" + ")" * 200, "-" * 500 + "R1", "{" * 100 + "R1" + "}" * 100,
        "\\frac{" * 60 + "R1" + "}{R2}" * 60, "R1^" * 150 + "2", "sqrt(" * 100 + "R1" + ")" * 100]
HUGE = ["R1+" * 350_000 + "R1", "R1*" * 600 + "R1", "1" * (1 << 20), "(" * (1 << 20)]
MALFORMED_LATEX = [
    "\\frac{R_1}", "\\frac{R_1}{", "\\left(R_1", "R_{1", "R_{}", "\\sqrt", "\\sqrt{}", "\\frac{}{}",
    "\\left.R_1\\right|", "R_{\\frac{1}{2}}", "\\mathrm{", "\\begin{matrix}R_1\\end{matrix}",
    "\\frac{R_1}{R_2}}", "^{2}", "_1", "\\", "\\\\", "{}", "\\left(\\right)",
]


@pytest.fixture(scope="module")
def worker():
    with Worker(timeout=2.0) as w:
        w.check("R1", {"circuit": "inamp"})        # prepared: the 2 s are for the answer alone
        yield w


@pytest.mark.parametrize("payload", PAYLOADS + BOMBS + DEEP + MALFORMED_LATEX)
def test_refused_within_the_limit_and_never_executed(worker, payload):
    if os.path.exists(MARKER):
        os.remove(MARKER)
    result = worker.check(payload, {"circuit": "inamp"})
    assert result["status"] == "invalid", result
    assert result["error"] and "\n" not in result["error"]
    assert not os.path.exists(MARKER)


@pytest.mark.parametrize("payload", HUGE, ids=["sum-1MB", "many-tokens", "digits-1MB", "parens-1MB"])
def test_megabyte_inputs_are_refused_by_length(worker, payload):
    result = worker.check(payload, {"circuit": "inamp"})
    assert result["status"] == "invalid"
    assert result["error"].startswith("the answer is") or "too many" in result["error"]


def test_code_payload_message_is_clear(worker):
    result = worker.check("__import__('os').system('ls')", {"circuit": "inamp"})
    assert "'_'" in result["error"] and "not allowed" in result["error"]
    result = worker.check("eval(R1)", {"circuit": "inamp"})
    assert result["error"].startswith("unknown name 'eval'")


def test_exponent_bomb_message_is_clear(worker):
    result = worker.check("9^9^9", {"circuit": "inamp"})
    assert result["error"] == "an exponent is too large (at most 64 in absolute value)"


def test_timeout_gives_undecided_and_the_worker_recovers():
    slow = "(1+2R5/RG)*R2/R1*(V1-V2) + (R1+R2+R5+RG)^30 - (R1+R2+R5+RG)^30"
    with Worker(timeout=0.005) as w:
        w.check("R1", {"circuit": "inamp"})
        result = w.check(slow, {"circuit": "inamp"})
        assert result["status"] == "timeout" and result["equivalent"] is None
        assert "0.005 s" in result["feedback"]
        w.timeout = 20
        assert w.check("(1+2R5/RG)*R2/R1*(V1-V2)", {"circuit": "inamp"})["status"] == "equal"


VOCAB = Vocabulary(["R1", "R2", "R5", "RG", "V1", "V2", "Vout", "V_g1"])
ALPHABET = st.sampled_from(list("R12GV5g_{}()[]+-*/^=.,;'\"\\ kΩmeE0123456789") +
                           ["\\frac", "\\left(", "\\right)", "\\cdot", "sqrt(", "abs(", "**", "R_G",
                            "V_{1}", "__", "lambda", "eval"])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_fuzz_grammar_like_text_raises_only_answer_error(text):
    try:
        parse(text, VOCAB)
    except AnswerError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_any_text_raises_only_answer_error(text):
    try:
        parse(text, VOCAB)
    except AnswerError:
        pass


ATOMS = st.sampled_from(["R1", "R2", "R3", "R5", "R6", "RG", "V1", "V2", "2", "1", "0", "0.5", "V11", "3k"])


def _combine(children):
    return st.one_of(
        st.tuples(children, st.sampled_from("+-*/"), children).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(children, st.sampled_from(["^2", "^-1", "^(1/2)"])).map(lambda t: f"({t[0]}){t[1]}"),
        children.map(lambda c: f"-{c}"), children.map(lambda c: f"sqrt({c})"),
        children.map(lambda c: f"abs({c})"))


@pytest.fixture(scope="module")
def problems():
    from derive.checker.grade import Grader

    g = Grader()
    return [g.problem("inamp"), g.problem("inamp-wiki", general=True),
            g.problem("inamp", "RG", "R1=R2=R5=200k, V1=131.35m, V2=27.41m, Vout=5")]


@settings(max_examples=150, deadline=None)
@given(st.recursive(ATOMS, _combine, max_leaves=10), st.integers(0, 2))
def test_fuzz_grading_well_formed_formulas_never_crashes(problems, text, k):
    from derive.checker.grade import grade

    result = grade(problems[k], text)
    assert result["status"] in ("equal", "not_equal", "invalid", "undecided")
    assert result["feedback"]
