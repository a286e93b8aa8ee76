"""Grading one answer: parse, compare, diagnose, and say it in words.

:class:`Grader` is the grading function the command line, the worker
processes, the batch pool and Dask all run. It keeps the circuits' contexts
and the problems it has prepared (one Grader per process: a warm worker
answers typical questions in milliseconds).

>>> g = Grader()
>>> r = g.check("(1+2R5/RG)*R2/R1*(V2-V1)", "inamp")
>>> r["equivalent"], r["diagnosis"][0]["code"]
(False, 'sign_or_swap')
"""
import re

from ..text.numerals import localized
from ..text import message
from .context import Context
from .diagnose import answer_unit, formula_diagnosis, number_diagnosis
from .equivalence import compare, prepare
from .errors import AnswerError
from .laplace import in_s
from ..notation.units import unit_symbol
from .numbers import PREFIXED_UNITS, with_prefix
from .parser import parse
from .problem import DEFAULT_TOLERANCE, Problem
from .result import answer_result, invalid
from .tree import names, show

_DECIMAL = re.compile(r"^-?\d+\.\d+$")
STATUS = {True: "equal", False: "not_equal", None: "undecided"}
EXIT = {"equal": 0, "not_equal": 1, "invalid": 2, "undecided": 3, "timeout": 3, "crashed": 3}


def _key(circuit):
    try:
        hash(circuit)
        return circuit
    except TypeError:
        return id(circuit)


class Grader:
    """Grades answers; caches contexts per circuit and problems per question."""

    def __init__(self):
        self._contexts = {}
        self._problems = {}

    def context(self, circuit, general=False, method=None):
        """The (cached) :class:`Context` of a circuit."""
        key = (_key(circuit), bool(general), method)
        if key not in self._contexts:
            self._contexts[key] = Context(circuit, general, method)
        return self._contexts[key]

    def problem(self, circuit, quantity=None, given=None, general=False, method=None,
                tolerance=DEFAULT_TOLERANCE):
        """The (cached) :class:`Problem` for a question."""
        key = (_key(circuit), quantity, given if isinstance(given, (str, type(None))) else
               tuple(sorted(given.items())), bool(general), method, str(tolerance))
        if key not in self._problems:
            ctx = self.context(circuit, general, method)
            self._problems[key] = Problem(ctx, quantity, given, tolerance)
        return self._problems[key]

    def check(self, answer, circuit, quantity=None, given=None, general=False, method=None,
              tolerance=DEFAULT_TOLERANCE, lang="en"):
        """Grade one answer; returns the result dict (see :func:`grade`)."""
        problem = self.problem(circuit, quantity, given, general, method, tolerance)
        return grade(problem, answer, lang)


def grade(problem, answer, lang="en"):
    """Grade ``answer`` against ``problem``.

    Returns ``{"equivalent": True|False|None, "status": ..., "quantity": ...,
    "answer": ..., "interpreted_as": ..., "feedback": ..., "diagnosis": [...]}``;
    ``status`` is ``equal``, ``not_equal``, ``undecided`` or ``invalid``. Each
    diagnosis is ``{"code": ..., "message": ..., **params}``.
    """
    result = answer_result(problem.quantity, answer)
    try:
        parsed = parse(answer, problem.context.vocabulary)
        if parsed.lhs is not None and parsed.lhs != problem.quantity:
            raise AnswerError("lhs_mismatch", lhs=parsed.lhs, quantity=problem.quantity)
        tree = parsed.tree
        if parsed.alternative is not None and not problem.numeric:
            tree = parsed.alternative  # "10 s" where a formula is asked: 10·s, not 10 seconds
        result["interpreted_as"] = interpretation(tree)
        raw = in_s(tree)               # an answer in jω, read back as H(s)
        tree = prepare(raw, problem)
        verdict = compare(tree, problem)
    except AnswerError as err:
        return invalid(problem.quantity, answer, err.text(lang), lang, err.code,
                       interpreted_as=result["interpreted_as"])
    found = []
    if problem.numeric:
        equal, found = number_diagnosis(raw, verdict, problem)
    else:
        equal = verdict.equal
        if equal is False:
            found = formula_diagnosis(tree, raw, problem)
        intermediates = sorted(n for n in names(raw) if n in problem.context.own
                               and n not in problem.context.symbols)
        if intermediates:
            found.append(("uses_intermediates", {"names": ", ".join(intermediates)}))
    status = STATUS[equal]
    diagnosis = [_diagnosis(code, params, lang) for code, params in found]
    verdict_text = message("verdict_" + status, lang, quantity=problem.quantity)
    result.update(equivalent=equal, status=status, diagnosis=diagnosis,
                  feedback=" ".join([verdict_text] + [d["message"] for d in diagnosis]))
    if problem.numeric:
        result["exact"] = float(problem.value)
    return result


def _localized(value, lang):
    """Decimal numbers with the reader's decimal mark (8491,73 in Spanish)."""
    if value is None:
        return message("unit_none", lang)
    if isinstance(value, str) and _DECIMAL.match(value):
        return localized(value, lang)
    return value


def _diagnosis(code, params, lang):
    shown = {k: _localized(v, lang) for k, v in params.items()}
    if "exact" in params and "unit" in params:   # a pure number alone: Q is 1, not '1 '
        shown["exact_shown"] = f"{shown['exact']} {shown['unit']}" if shown["unit"] else shown["exact"]
    if "method" in params:
        shown["method"] = message("method_" + params["method"], lang)
    return dict(code=code, message=message(code, lang, **shown), **params)


def interpretation(tree):
    """How the answer was read: the tree in plain text, a number with its unit."""
    unit = answer_unit(tree)
    if unit is not None:
        number = tree[1] if tree[0] == "neg" else tree
        mantissa, symbol = with_prefix(-number[1] if tree[0] == "neg" else number[1], unit, 12)
        if unit in PREFIXED_UNITS:
            return f"{mantissa} {symbol}"
        return show(tree) + " " + unit_symbol(unit)
    return show(tree)


def exit_status(result):
    """The command-line exit status of a result: 0 equal, 1 not, 2 invalid, 3 undecided."""
    return EXIT[result["status"]]
