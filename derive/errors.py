"""Exceptions derive raises on purpose.

Every error a user can cause is a :class:`DeriveError`; the command line prints
its message as one sentence on stderr and exits with status 2. Nothing else
should escape to the user as a traceback.

The sentence is worded in the user's language when it is shown: an error
raised with a :class:`derive.text.messages.Message` (a key of the ``errors``
catalog and its values) reads ``str(exc)`` in English and ``exc.text("es")``
in Spanish. This module imports nothing of derive: a message words itself.
"""


class DeriveError(Exception):
    """Base class for errors caused by the user's input.

    ``message`` is plain text or a :class:`Message`; :meth:`text` words it.
    """

    def __init__(self, message="", *args):
        self.message = message
        super().__init__(str(message), *args)

    def text(self, lang="en"):
        """The error's sentence in ``lang`` (English for a message not in the catalogs)."""
        message = getattr(self, "message", None)
        return message.text(lang) if hasattr(message, "text") else str(self)


class NetlistError(DeriveError):
    """A netlist that cannot be read, with the line it comes from.

    >>> str(NetlistError("unknown element 'Q1'", line=3))
    "line 3: unknown element 'Q1'"
    """

    def __init__(self, message, line=None, source=None):
        self.line = line
        self.source = source
        self.reason = message
        Exception.__init__(self, self._where("en") + str(message))
        self.message = message

    def _where(self, lang):
        where = f"{self.source}: " if self.source else ""
        return where + (f"line {self.line}: " if self.line is not None else "")

    def with_source(self, source):
        """The same error naming the file ``source`` (a copy; the type is kept).

        >>> str(NetlistError("x", 3).with_source("a.net"))
        'a.net: line 3: x'
        """
        other = type(self).__new__(type(self))
        other.__dict__.update(self.__dict__)
        other.source = source
        other.args = (other._where("en") + str(other.reason),)
        return other

    def text(self, lang="en"):
        """``file: line N: reason`` in ``lang`` (a reason that is a catalog message words both)."""
        if hasattr(self.reason, "located"):
            return self.reason.located(self.source, self.line, lang)
        return self._where(lang) + str(self.reason)


class CircuitError(NetlistError):
    """A netlist that reads well but describes a circuit that cannot be solved."""


class NotationError(DeriveError, ValueError):
    """A name or unit derive's notation cannot write (also a ValueError)."""


class UnknownCircuitError(DeriveError):
    """A circuit name that is neither built in nor a readable file."""


class UnprovedStepError(Exception):
    """A derivation step that does not hold in the circuit: a bug, never printed.

    Raised by the verifier before a Derivation is handed out; it names the step.
    """

    def __init__(self, step, residual):
        self.step = step
        self.residual = residual
        super().__init__(
            f"step {step.id} ({step.kind}) does not hold: {step.equation} "
            f"(left minus right is {residual}, not 0)"
        )
