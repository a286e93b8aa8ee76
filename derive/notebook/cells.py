"""Notebook cells with fixed ids, and the notebook that holds them.

Every cell id is ``<section>-<n>`` (the section's name and the cell's place in
it), so generating the same notebook twice gives the same bytes, and a cell
keeps its id in both languages.

>>> s = Section("intro")
>>> s.md("# Title").id, s.code("x = 1").id
('intro-1', 'intro-2')
>>> nb = notebook([s], "en")
>>> nb.metadata.kernelspec.name, [c.cell_type for c in nb.cells]
('python3', ['markdown', 'code'])
"""
import json
import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,50}$")


class Section:
    """The cells of one part of a notebook, numbered in order."""

    def __init__(self, name):
        if not _ID.match(name):
            raise ValueError(f"section name {name!r}: use lower-case letters, digits and '-'")
        self.name = name
        self.cells = []

    def _add(self, cell):
        cell.id = f"{self.name}-{len(self.cells) + 1}"
        self.cells.append(cell)
        return cell

    def md(self, *paragraphs):
        """A markdown cell of ``paragraphs`` (empty ones are left out)."""
        return self._add(new_markdown_cell("\n\n".join(p for p in paragraphs if p)))

    def code(self, source):
        """A code cell (no outputs: execution fills them in)."""
        return self._add(new_code_cell(source.strip("\n")))


def notebook(sections, lang):
    """An nbformat v4 notebook of ``sections``, with an explicit ``python3`` kernel."""
    nb = new_notebook()
    nb.metadata = nbformat.from_dict({
        "kernelspec": dict(KERNEL),
        "language_info": {"name": "python"},
        "derive": {"lang": lang},
    })
    ids = set()
    for section in sections:
        for cell in section.cells:
            if cell.id in ids:
                raise ValueError(f"two cells with id {cell.id!r}: give each section its own name")
            ids.add(cell.id)
            nb.cells.append(cell)
    return nb


def tex(obj, signals=()):
    r"""LaTeX of a SymPy object in textbook notation (:mod:`derive.render.latex`).

    ``signals`` (the circuit's inputs) order the terms of a sum.

    >>> from sympy import Eq, symbols
    >>> V11, V1 = symbols("V11 V1", real=True)
    >>> R5, RG = symbols("R5 RG", positive=True)
    >>> print(tex(Eq(V11, V1 * (1 + R5 / RG))))
    V_{11} = \left(1 + \frac{R_{5}}{R_{G}}\right) V_{1}
    """
    from ..render.latex import latex

    return latex(obj, signals=signals)


def inline(obj, signals=()):
    """Inline math for prose: ``$...$``."""
    return f"${tex(obj, signals)}$"


def display(obj, tag=None, signals=()):
    """Display math on its own line, with an equation number when ``tag`` is given."""
    number = f" \\tag{{{tag}}}" if tag is not None else ""
    return f"$$\n{tex(obj, signals)}{number}\n$$"


def python_literal(text):
    """``text`` as a Python string literal for a code cell (triple-quoted if it has lines).

    >>> python_literal("inamp")
    '"inamp"'
    >>> python_literal("a\\x00b\\nc")
    '"a\\\\u0000b\\\\nc"'
    """
    readable = all(ch == "\n" or ch.isprintable() for ch in text)
    if "\n" in text and readable and '"' not in text and "\\" not in text:
        return '"""\\\n' + text + '"""'
    return json.dumps(text, ensure_ascii=False)
