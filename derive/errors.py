"""Exceptions derive raises on purpose.

Every error a user can cause is a :class:`DeriveError`; the command line prints
its message as one sentence on stderr and exits with status 2. Nothing else
should escape to the user as a traceback.

The sentence is worded in the user's language when it is shown: an error
raised with a :class:`Message` (a key of the ``errors`` catalog and its
values) reads ``str(exc)`` in English and ``exc.text("es")`` in Spanish.
"""


class Message:
    """A sentence of the ``errors`` catalog, put into words when it is shown.

    A value may itself be a Message (or anything with ``text(lang)``): it is
    worded in the same language.

    >>> m = Message("node_dangling", node="typo", element="R3")
    >>> str(m)
    'node typo is connected only to R3: is a node name misspelled?'
    >>> m.text("es")
    'el nodo typo solo está conectado a R3: ¿hay un nombre de nodo mal escrito?'
    """

    def __init__(self, key, /, **params):
        self.key, self.params = key, params

    def text(self, lang="en"):
        """The sentence in ``lang`` (en, es)."""
        from .text import catalog

        values = {k: (v.text(lang) if hasattr(v, "text") else v) for k, v in self.params.items()}
        return catalog(lang, "errors")[self.key].format(**values)

    def __str__(self):
        return self.text("en")

    def __repr__(self):
        return f"Message({self.key!r}, **{self.params!r})"

    @staticmethod
    def joined(items, separator=", "):
        """Several values (messages or text) as one, each worded, joined by ``separator``.

        >>> Message.joined([Message("role_gain"), "x"]).text("es")
        'una ganancia, x'
        """
        return _Joined(tuple(items), separator)


class _Joined:
    def __init__(self, items, separator):
        self.items, self.separator = items, separator

    def text(self, lang="en"):
        return self.separator.join(worded(i, lang) for i in self.items)

    def __str__(self):
        return self.text("en")


def worded(message, lang="en"):
    """``message`` (a :class:`Message` or plain text) in ``lang``.

    >>> worded("as written", "es"), worded(Message("no_elements"), "es")
    ('as written', 'la netlist no tiene elementos')
    """
    return message.text(lang) if hasattr(message, "text") else str(message)


class DeriveError(Exception):
    """Base class for errors caused by the user's input.

    ``message`` is plain text or a :class:`Message`; :meth:`text` words it.
    """

    def __init__(self, message="", *args):
        self.message = message
        super().__init__(str(message), *args)

    def text(self, lang="en"):
        """The error's sentence in ``lang`` (English for a message not in the catalogs).

        >>> DeriveError(Message("no_elements")).text("es")
        'la netlist no tiene elementos'
        """
        message = getattr(self, "message", None)
        return worded(message, lang) if hasattr(message, "text") else str(self)


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
        if self.line is not None:
            where += worded(Message("where_line", line=self.line), lang)
        return where

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
        """``file: line N: reason`` in ``lang``.

        >>> NetlistError(Message("no_elements"), 1, "a.net").text("es")
        'a.net: línea 1: la netlist no tiene elementos'
        """
        return self._where(lang) + worded(self.reason, lang)


class CircuitError(NetlistError):
    """A netlist that reads well but describes a circuit that cannot be solved."""


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
