"""Jupyter notebooks generated from a Derivation, in English and Spanish.

One source of truth: the code cells are the same in every language, the prose
comes from the message catalogs and the equations from the finished
Derivation. ``derive notebook CIRCUIT`` writes one for any circuit;
``python build_docs.py`` regenerates, executes and exports the committed set.

- :mod:`.build` — ``derivation_notebook(circuit, lang)`` for any circuit
- :mod:`.registry` — the committed ``NOTEBOOKS`` (file stem -> maker)
- :mod:`.sections`, :mod:`.practice`, :mod:`.homework` — the cells, section by section
- :mod:`.execute` — run with nbclient and drop what changes between runs
- :mod:`.html` — HTML with a local MathJax, no network
- :mod:`.show` — used *inside* the notebooks: schematic and plots as PNG + SVG

Nothing is imported here, so the kernel's ``from derive.notebook.show import
schematic`` stays cheap.
"""
