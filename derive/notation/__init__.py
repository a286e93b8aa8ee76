"""Notation shared by every output: symbol names as LaTeX, SI prefixes and units.

This package sits below the renderers, the schematics and the checker (it
imports nothing of derive), so each of them formats a name or a value the same
way. The prefixes and units live in ``si_prefixes.json``.
"""
