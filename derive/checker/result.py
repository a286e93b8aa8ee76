"""The result of checking one answer: one dictionary shape, built here only.

Every path that answers a question (a graded answer, an answer that could not
be read, a line of a derivation, a worker that timed out or crashed) returns
the same keys in the same order, so ``--json`` output, CSV columns and the
notebooks read one shape.

>>> invalid("Vout", "R1+", "the answer ends too soon", "en", "unexpected_end")["feedback"]
'The answer could not be read: the answer ends too soon.'
"""
from ..text import message


def answer_result(quantity, answer, **fields):
    """A result with no verdict yet; ``fields`` fill in or add keys.

    >>> list(answer_result("Vout", "x"))
    ['equivalent', 'status', 'quantity', 'answer', 'interpreted_as', 'feedback', 'diagnosis']
    """
    result = {"equivalent": None, "status": "invalid", "quantity": quantity, "answer": answer,
              "interpreted_as": None, "feedback": None, "diagnosis": []}
    result.update(fields)
    return result


def invalid(quantity, answer, reason, lang="en", code=None, **fields):
    """The result of an answer that could not be read: ``reason`` (one sentence) as its error."""
    result = answer_result(quantity, answer, **fields)
    result.update(feedback=message("verdict_invalid", lang, reason=reason), error=reason)
    if code is not None:
        result["error_code"] = code
    return result
