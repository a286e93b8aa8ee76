"""Error sentences of the ``errors`` catalog, put into words when they are shown.

An error is raised with a :class:`Message` (a key and its values):
``str(exc)`` reads it in English, ``exc.text("es")`` in Spanish, and a
:class:`~derive.errors.NetlistError` puts ``file: line N:`` (``línea N``) in
front in the same language.

>>> m = Message("node_dangling", node="typo", element="R3")
>>> str(m)
'node typo is connected only to R3: is a node name misspelled?'
>>> m.text("es")
'el nodo typo solo está conectado a R3: ¿hay un nombre de nodo mal escrito?'
>>> m.located("a.net", 5, "es")
'a.net: línea 5: el nodo typo solo está conectado a R3: ¿hay un nombre de nodo mal escrito?'
"""


def worded(message, lang="en"):
    """``message`` (a :class:`Message` or plain text) in ``lang``.

    >>> worded("as written", "es"), worded(Message("no_elements"), "es")
    ('as written', 'la netlist no tiene elementos')
    """
    return message.text(lang) if hasattr(message, "text") else str(message)


class Message:
    """A sentence of the ``errors`` catalog; a value may itself be a Message
    (or anything with ``text(lang)``), worded in the same language."""

    def __init__(self, key, /, **params):
        self.key, self.params = key, params

    def text(self, lang="en"):
        """The sentence in ``lang`` (en, es)."""
        from . import catalog

        values = {k: worded(v, lang) if hasattr(v, "text") else v for k, v in self.params.items()}
        return catalog(lang, "errors")[self.key].format(**values)

    def located(self, source, line, lang="en"):
        """The sentence after ``source: line N:`` (either may be None), in ``lang``."""
        where = f"{source}: " if source else ""
        if line is not None:
            where += Message("where_line", line=line).text(lang)
        return where + self.text(lang)

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
