"""Nodal analysis: equations from element stamps, solved fraction-free."""
from .mna import NodalSystem
from .solve import NodalSolution, limit_infinite, solve

__all__ = ["NodalSystem", "NodalSolution", "limit_infinite", "solve"]
