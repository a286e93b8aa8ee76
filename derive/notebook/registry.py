"""The committed notebooks (``notebooks/{en,es}/*.ipynb``): file stem -> maker.

Each maker takes a language and returns a notebook; :mod:`.site` and
``build_docs.py`` write, execute and export them in this order.

>>> sorted(NOTEBOOKS)[:2]
['01_superposition', '02_virtual_short']
"""
from .build import derivation_notebook
from .frequency import frequency_notebook
from .homework import homework_notebook
from .practice import practice_notebook
from .sections import say


def _superposition(lang):
    return derivation_notebook("inamp", lang, method="superposition",
                               heading=say("title_01_superposition", lang))


def _virtual_short(lang):
    return derivation_notebook("inamp-wiki", lang, method="virtual-short",
                               heading=say("title_02_virtual_short", lang))


NOTEBOOKS = {
    "01_superposition": _superposition,
    "02_virtual_short": _virtual_short,
    "03_in_practice": practice_notebook,
    "04_homework": homework_notebook,
    "05_ecg_front_end": frequency_notebook,
}


def committed_notebooks(lang):
    """``{file name: notebook}`` of the committed set in ``lang``."""
    return {f"{key}.ipynb": make(lang) for key, make in NOTEBOOKS.items()}
