"""Schematics drawn from the circuit itself: one layout, two backends.

- :mod:`.layout` places op-amps, parts, wires, grounds and terminals, with
  :mod:`.roles` (what each element does), :mod:`.ladder` (resistor dividers)
  and :mod:`.router` (the fallback wiring); :mod:`.geometry` holds the drawing
  and rebuilds its connectivity from the coordinates alone;
- :mod:`.circuitikz` writes that layout as circuitikz code (LaTeX);
- :mod:`.schemdraw_backend` draws it with schemdraw (PNG and SVG).

The backends are imported on demand (schemdraw and matplotlib are heavy).
"""
from .layout import LayoutError, layout_circuit

__all__ = ["LayoutError", "layout_circuit"]
