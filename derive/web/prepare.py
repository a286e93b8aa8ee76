"""Questions made ready to serve: the circuit's names, units and schematic,
and each student's numbers.

The web process keeps one :class:`Prepared` per question. It holds what the
pages and the live preview need (the names an answer may use, the unit of a
numeric answer, the schematic as SVG); the grading itself happens in the
checker's worker processes, which prepare their own copy.

>>> from derive.web.assignment import Question
>>> from derive.checker import Grader
>>> p = Prepared(Question("rg", "inamp", "inamp", "RG",
...              given=(("R1", "10k", "10k"), ("R2", "10k", "10k"), ("R5", "24.9k", "24.9k"),
...                     ("V1", "100m", "200m"), ("V2", "0", "0"), ("Vout", "5", "5"))), "", Grader())
>>> p.numeric, p.unit, p.quantity
(True, 'ohm', 'RG')
>>> p.variant("ana") == p.variant("ana"), p.given_text("ana").startswith("R1=10000, R2=10000")
(True, True)
"""
from functools import cached_property

from ..checker.context import AMPERE, OHM, VOLT
from ..checker.numbers import decimal_text
from ..checker.problem import Problem, parse_given
from ..errors import DeriveError
from ..text.messages import Message
from .assignment import Question, draw, student_rng

UNITS = {VOLT: "volt", OHM: "ohm", AMPERE: "ampere"}
SAMPLE_STUDENT = "sample"


class Prepared:
    """A question with its circuit's context; raises DeriveError naming the question."""

    def __init__(self, question, seed, grader, where="assignment"):
        self.question = question
        self.seed = seed
        where = Message("assignment_question_id", file=where, id=question.id)
        try:
            self.context = grader.context(question.circuit, False, question.method)
            self.given = tuple(self._given(name, low, high) for name, low, high in question.given)
            problem = Problem(self.context, question.quantity or None, self.given_text(SAMPLE_STUDENT),
                              question.tolerance)
        except DeriveError as err:       # an AnswerError too: worded in the reader's language
            raise DeriveError(Message("assignment_where", where=where, what=err)) from None
        self.quantity = problem.quantity
        self.method = problem.method
        self.numeric = problem.numeric
        self.unit = problem.unit

    def _given(self, name, low, high):
        lo = parse_given(f"{name}={low}", self.context)
        hi = parse_given(f"{name}={high}", self.context)
        (canonical, a), (_, b) = next(iter(lo.items())), next(iter(hi.items()))
        if a > b:
            raise DeriveError(Message("assignment_range_order", name=name, low=low, high=high))
        return canonical, a, b, self.context.units.get(canonical) or UNITS.get(self.context.dims.get(canonical))

    # --- per student -----------------------------------------------------------
    def variant(self, student):
        """``[(name, value, unit)]``: this student's numbers (fixed ones included)."""
        rng = student_rng(self.seed, self.question.id, student)
        return [(name, draw(lo, hi, rng), unit) for name, lo, hi, unit in self.given]

    def given_text(self, student):
        """The student's numbers as the checker's ``given`` text (exact decimals)."""
        return ", ".join(f"{name}={decimal_text(v, 15)}" for name, v, _ in self.variant(student))

    def request(self, student):
        """The question as the checker's worker takes it."""
        q = self.question
        return {"circuit": q.circuit, "quantity": q.quantity or None, "method": q.method,
                "given": self.given_text(student) or None, "general": False,
                "tolerance": str(q.tolerance)}

    # --- for the pages --------------------------------------------------------------
    @property
    def vocabulary(self):
        return self.context.vocabulary

    @property
    def circuit(self):
        return self.context.original

    @cached_property
    def schematic_svg(self):
        """The schematic as SVG bytes (drawn once); None when the layout fails."""
        from ..schematic import LayoutError
        from ..schematic.schemdraw_backend import draw as draw_schematic

        try:
            return draw_schematic(self.circuit, "svg").get_imagedata("svg")
        except (LayoutError, ValueError):
            return None


def builtin_questions():
    """One question per (built-in circuit, quantity of its derivation), for the
    page that lets anyone pick a circuit without an assignment file.

    >>> qs = builtin_questions(); ("inamp", "Vout") in [(q.circuit, q.quantity) for q in qs]
    True
    """
    from ..circuit.library import builtin_names
    from ..derivation import derive

    out = []
    for name in builtin_names():
        try:
            derivation = derive(name)
        except DeriveError:
            continue
        for quantity in derivation.quantity_symbols():
            out.append(Question(f"{name}.{quantity}", name, name, quantity))
    return out
