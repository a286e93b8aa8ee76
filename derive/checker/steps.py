"""Checking a student's derivation line by line.

Each line gives one quantity of the derivation, ``V11 = V1*(1 + R5/RG)``; its
right side may use the circuit's values and the quantities found before
(``Vout1 = R2/R1*(V11 - V12)``). Every line is graded like a single answer
(with its diagnosis); the report names the first wrong line and the step of
the engine's derivation it corresponds to.

>>> from derive.checker.grade import Grader
>>> r = check_steps(Grader(), ["V11 = V1*(1+R5/RG)", "V12 = R5*V1/RG", "Vout1 = R2/R1*(V11-V12)"], "inamp")
>>> r["first_wrong"], r["steps"][1]["status"]
(2, 'not_equal')
"""
from ..text import message
from .errors import AnswerError
from .grade import grade
from .lexer import EQUALS, IDENT, tokenize
from .result import invalid


def split_lines(text):
    """Lines of a steps file: blank lines and ``#`` comments are skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _lhs(line, context):
    tokens = tokenize(line)
    if len(tokens) < 3 or tokens[0].kind != IDENT or tokens[1].kind != EQUALS:
        raise AnswerError("step_needs_lhs")
    found = context.find_quantity(tokens[0].text)
    if found is None:
        raise AnswerError("step_unknown", name=tokens[0].text[:40], known=", ".join(context.own))
    return found[1]


def _step_of(context, quantity):
    for step in context.derivation.steps:
        lhs = getattr(step.equation, "lhs", None)
        if getattr(lhs, "name", None) == quantity:
            return step
    return None


def check_steps(grader, lines, circuit, general=False, method=None, given=None, lang="en"):
    """Grade each line; return ``{"equivalent", "first_wrong", "steps", "feedback"}``.

    ``first_wrong`` is the 1-based number of the first line that is not right
    (wrong, unreadable or undecided), or ``None`` when all are.
    """
    results = [check_step(grader, number, line, circuit, general, method, given, lang)
               for number, line in enumerate(lines, start=1)]
    return summarize(results, lang)


def check_step(grader, number, line, circuit, general=False, method=None, given=None, lang="en"):
    """Grade line ``number`` of a derivation on its own (lines do not depend on each other,
    so each can have its own time limit).

    >>> from derive.checker.grade import Grader
    >>> r = check_step(Grader(), 3, "Vout1 = R2/R1*(V11-V12)", "inamp")
    >>> r["line"], r["status"]
    (3, 'equal')
    """
    context = grader.context(circuit, general, method)
    try:
        quantity = _lhs(line, context)
        problem = grader.problem(circuit, quantity, given, general, method)
        result = grade(problem, line, lang)
    except AnswerError as err:
        result = invalid(None, line, err.text(lang), lang, err.code)
    result["line"] = number
    step = _step_of(context, result["quantity"]) if result["quantity"] else None
    result["step"] = step.id if step else None
    result["step_kind"] = step.kind if step else None
    return result


def summarize(results, lang="en"):
    """The report on a derivation from the results of its lines (in order)."""
    wrong = next((r for r in results if r["status"] != "equal"), None)
    if wrong is None:
        feedback = message("steps_all_right_one" if len(results) == 1 else "steps_all_right", lang,
                           count=len(results))
    elif wrong.get("step"):
        feedback = message("steps_first_wrong", lang, line=wrong["line"], quantity=wrong["quantity"],
                           step=wrong["step"], kind=wrong["step_kind"]) + " " + wrong["feedback"]
    else:
        feedback = message("steps_first_wrong_nostep", lang, line=wrong["line"],
                           quantity=wrong.get("quantity") or "?") + " " + wrong["feedback"]
    return {"equivalent": wrong is None, "status": "equal" if wrong is None else wrong["status"],
            "first_wrong": None if wrong is None else wrong["line"], "steps": results,
            "feedback": feedback}
