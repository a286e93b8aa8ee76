"""The one error type the checker raises for bad answers.

Every answer that cannot be read (unknown name, bad syntax, too long, an
exponent bomb...) raises :class:`AnswerError`: a :class:`DeriveError`, so the
command line prints it as one sentence and exits with status 2. ``code`` is a
key into the message catalogs (``check_en.json``/``check_es.json``) and
``params`` its placeholders, so the same error can be shown in any language.

>>> err = AnswerError("unknown_name", name="eval", known="R1, R2")
>>> err.code, str(err)
('unknown_name', "unknown name 'eval' (the answer may use R1, R2)")
"""
from ..errors import DeriveError


class AnswerError(DeriveError):
    """An answer (or a ``--given`` list) that cannot be read; never a crash."""

    def __init__(self, code, **params):
        from ..text import message

        self.code = code
        self.params = params
        super().__init__(message(code, "en", **params))

    def text(self, lang="en"):
        """The message in ``lang``."""
        from ..text import message

        return message(self.code, lang, **self.params)
