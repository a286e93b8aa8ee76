"""The Python API of the homework checker.

:class:`Checker` grades answers about one circuit with the same machinery as
``derive check``: a warm worker process with a hard time limit per answer, a
local process pool or a Dask cluster for batches.

>>> with Checker("inamp") as c:
...     r = c.check(r"\\left(1+\\frac{2R_5}{R_G}\\right)\\frac{R_2}{R_1}(V_1-V_2)")
...     r["equivalent"], r["interpreted_as"]
(True, '(1 + 2*R5/RG)*(R2/R1)*(V1 - V2)')

For a quick check in the current process, without a time limit, use
:func:`check`:

>>> check("V1*(1+R5/RG)", "inamp", quantity="Vout1")["diagnosis"][0]["code"]
'other_quantity'
"""
from fractions import Fraction

from .batch import circuit_spec, grade_rows, grade_rows_dask
from .grade import Grader, exit_status
from .problem import DEFAULT_TOLERANCE
from .worker import DEFAULT_TIMEOUT, Worker


def check(answer, circuit="inamp", quantity=None, given=None, general=False, method=None,
          tolerance=DEFAULT_TOLERANCE, lang="en", grader=None):
    """Grade one answer in this process (no time limit; see :class:`Checker`).

    Returns the result dict: ``equivalent`` (True, False or None),
    ``status``, ``quantity``, ``interpreted_as``, ``feedback``, ``diagnosis``.
    """
    grader = grader or Grader()
    return grader.check(answer, circuit, quantity, given, general, method, tolerance, lang)


class Checker:
    """Grade answers about one circuit, each within a hard time limit.

    ``tolerance`` is relative (0.01 is 1 %); ``timeout`` is in seconds per answer.
    """

    def __init__(self, circuit="inamp", general=False, method=None, given=None,
                 tolerance=DEFAULT_TOLERANCE, timeout=DEFAULT_TIMEOUT, lang="en"):
        self.question = {"circuit": circuit_spec(circuit), "general": bool(general), "method": method,
                         "given": given, "tolerance": str(Fraction(str(tolerance)))}
        self.timeout = timeout
        self.lang = lang
        self._worker = Worker(timeout=timeout)

    def _q(self, quantity=None, given=None):
        q = dict(self.question, quantity=quantity)
        if given is not None:
            q["given"] = given
        return q

    def check(self, answer, quantity=None, given=None):
        """Grade one answer (a formula in text or LaTeX, or a number with unit)."""
        return self._worker.check(answer, self._q(quantity, given), self.lang)

    def check_steps(self, lines):
        """Check a derivation line by line (``["V11 = ...", "V12 = ..."]``)."""
        return self._worker.check_steps(lines, self._q(), self.lang)

    def grade(self, rows, jobs=None, dask=None, progress=None):
        """Grade rows (dicts with ``answer``, optional ``quantity``/``given``):
        on a local pool of ``jobs`` processes, or on the Dask cluster at ``dask``
        (an address or a ``Client``). One result per row, in order."""
        if dask is not None:
            return grade_rows_dask(rows, self._q(), dask, self.timeout, self.lang, progress)
        return grade_rows(rows, self._q(), jobs, self.timeout, self.lang, progress)

    def close(self):
        self._worker.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


__all__ = ["Checker", "Grader", "check", "exit_status"]
