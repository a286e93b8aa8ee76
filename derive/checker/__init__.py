"""The homework checker: is a student's answer equal to a quantity of the
derivation, and if not, what is the mistake?

Pipeline: answer text -> :mod:`lexer` (text and LaTeX) -> :mod:`parser` (a
whitelisted grammar; nothing is ever evaluated as Python) -> :mod:`equivalence`
(exact values at random points, then polynomial identity) -> :mod:`diagnose`
(the mistake catalogue) -> feedback from the message catalogs. :mod:`worker`
runs it in a killable process with a time limit; :mod:`batch` grades CSV files
on a process pool or a Dask cluster; :mod:`api` is the public entry point.

>>> check("(1+2R5/RG)*R2/R1*(V1-V2)", "inamp")["equivalent"]
True
"""
from .api import Checker, check
from .errors import AnswerError
from .grade import Grader, exit_status

__all__ = ["AnswerError", "Checker", "Grader", "check", "exit_status"]
