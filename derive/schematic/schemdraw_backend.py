"""The schematic with schemdraw: PNG through matplotlib, SVG through schemdraw's SVG backend.

Same layout as the circuitikz picture (:func:`~derive.schematic.layout.layout_circuit`),
drawn with schemdraw elements placed at the layout's coordinates.

>>> from derive.circuit.library import load_circuit
>>> from schemdraw import elements as elm
>>> d = draw(load_circuit("inverting"), canvas="svg")
>>> sum(1 for e in d.elements if isinstance(e, elm.Resistor))
2
"""
from pathlib import Path

from .layout import layout_circuit

OPAMP_SCALE = 0.49 / 0.625       # schemdraw's op-amp inputs sit at +-0.625 units
FONT_SIZE = 13
# label side -> schemdraw loc; vertical parts are drawn downwards, where "top" is on the left
_SIDE = {"above": "top", "below": "bottom", "right": "bottom", "left": "top"}
_TERMINAL = {"left": "left", "right": "right", "above": "top", "below": "bottom"}


BIPOLES = {"resistor": "Resistor", "capacitor": "Capacitor", "inductor": "Inductor2"}


def _part(elm, part):
    start, end = part.start, part.end
    flipped = (start[0] > end[0]) or (start[0] == end[0] and start[1] < end[1])
    if flipped:
        start, end = end, start
    if part.kind in BIPOLES:
        e = getattr(elm, BIPOLES[part.kind])()
    elif part.kind == "current source":   # the arrow points from start to end, as the current
        e = elm.SourceI()
        if flipped:
            e = e.reverse()
    else:  # schemdraw draws + at the end of a source; our start is the + node
        e = elm.SourceV()
        if not flipped:
            e = e.reverse()
    e = e.endpoints(start, end)
    if part.label.mathtext:
        e = e.label(part.label.mathtext, loc=_SIDE[part.side])
    return e


def draw(circuit, canvas="matplotlib", layout=None):
    """A ``schemdraw.Drawing`` of ``circuit`` (``canvas``: matplotlib or svg)."""
    import schemdraw
    from schemdraw import elements as elm

    lay = layout or layout_circuit(circuit)
    d = schemdraw.Drawing(canvas=canvas, show=False)
    d.config(fontsize=FONT_SIZE, margin=0.6)
    for op in lay.opamps:
        body = elm.Opamp(leads=False, flip=op.flipped).scale(OPAMP_SCALE).anchor("center").at(op.center)
        d.add(body)
        for anchor, pin in (("in1", "-"), ("in2", "+"), ("out", "out")):
            d.add(elm.Line().endpoints(body.absanchors[anchor], op.pins[pin]))
        d.add(elm.Label().at((op.center[0] + 0.1, op.center[1])).label(op.label.mathtext, fontsize=FONT_SIZE - 2))
    for part in lay.parts:
        d.add(_part(elm, part))
    for wire in lay.wires:
        for a, b in zip(wire, wire[1:]):
            d.add(elm.Line().endpoints(a, b))
    for g in lay.grounds:
        d.add(elm.Ground().at(g))
    for p in lay.dots:
        d.add(elm.Dot(radius=0.08).at(p))
    for t in lay.terminals:
        d.add(elm.Dot(open=True, radius=0.1).at(t.at).label(t.label.mathtext, loc=_TERMINAL[t.facing]))
    return d


def save(circuit, path, formats=("png", "svg")):
    """Write the schematic as ``path`` with each suffix in ``formats``; return the paths.

    ``path`` may carry a suffix or not: ``save(c, "inamp")`` writes
    ``inamp.png`` and ``inamp.svg``.
    """
    path = Path(path)
    base = path.with_suffix("") if path.suffix.lower() in (".png", ".svg") else path
    lay = layout_circuit(circuit)
    written = []
    for fmt in formats:
        target = base.with_name(base.name + "." + fmt)
        if fmt == "png":
            draw(circuit, "matplotlib", lay).save(str(target), transparent=False, dpi=110)
        elif fmt == "svg":
            draw(circuit, "svg", lay).save(str(target))
        else:
            raise ValueError(f"unknown image format {fmt!r}: use png or svg")
        written.append(target)
    return written
