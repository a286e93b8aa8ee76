"""Notebook 4: checking a homework answer with :mod:`derive.checker`.

Right and wrong answers about the in-amp (formulas in text and LaTeX, an
intermediate step, a number with its unit). The code cells grade them in the
kernel and show what does not depend on the language (equal or not, how the
answer was read, the diagnosis codes); the checker's feedback, in the
notebook's language, is quoted in the prose beside them.
"""
import json
from functools import lru_cache
from importlib import resources

from sympy import Symbol

from ..text.escape import markdown_code
from .build import make_context
from .cells import Section, notebook, python_literal
from .sections import circuit, exercise, intro, say

SECTIONS = ("right", "wrong", "steps", "numbers")


@lru_cache(maxsize=None)
def cases():
    """The answers of ``data/homework.json``."""
    return json.loads(resources.files(__package__).joinpath("data", "homework.json").read_text("utf-8"))


@lru_cache(maxsize=None)
def _grader():
    from ..checker import Grader

    return Grader()


def _feedback(case, lang):
    from ..checker import check

    question = {k: case[k] for k in ("quantity", "given") if k in case}
    return check(case["answer"], cases()["circuit"], lang=lang, grader=_grader(), **question)["feedback"]


def _literal(answer):
    """The answer as a Python literal; LaTeX as a raw string, so it reads as the student typed it."""
    if "\\" in answer and '"' not in answer and not answer.endswith("\\") and "\n" not in answer:
        return f'r"{answer}"'
    return python_literal(answer)


def _call(case):
    args = [_literal(case["answer"])]
    args += [f"{k}={python_literal(case[k])}" for k in ("quantity", "given") if k in case]
    return f"grade({', '.join(args)})"


def setup(ctx):
    s = Section("grader")
    s.md(f"## {say('grader_heading', ctx.lang)}", say("grader_text", ctx.lang))
    s.code(
        "from derive.checker import Grader, check\n\n"
        "grader = Grader()\n\n\n"
        "def grade(answer, **question):\n"
        f"    result = check(answer, {python_literal(cases()['circuit'])}, grader=grader, **question)\n"
        "    return result[\"status\"], result[\"interpreted_as\"], [d[\"code\"] for d in result[\"diagnosis\"]]"
    )
    return s


def answers(ctx, name):
    """One group of answers: each with its feedback quoted, then graded in a code cell."""
    s = Section(f"answers-{name}")
    s.md(f"## {say(f'homework_{name}_heading', ctx.lang)}", say(f"homework_{name}_text", ctx.lang))
    for case in cases()["sections"][name]:
        asked = case.get("quantity", "Vout")
        s.md(say("homework_case", ctx.lang, answer=markdown_code(case["answer"]), quantity=ctx.inline(Symbol(asked))),
             "> " + _feedback(case, ctx.lang))
        s.code(_call(case))
    return s


def homework_notebook(lang):
    """Notebook 4 in ``lang``."""
    ctx = make_context(cases()["circuit"], lang)
    sections = [intro(ctx, say("title_04_homework", lang), "homework_intro"), circuit(ctx), setup(ctx)]
    sections += [answers(ctx, name) for name in SECTIONS]
    sections.append(exercise(ctx, "homework_exercise"))
    return notebook(sections, lang)
