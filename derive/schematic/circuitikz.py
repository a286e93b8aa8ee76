"""The schematic as circuitikz code, drawn from the circuit's layout.

Nothing here is specific to a circuit: every coordinate comes from
:func:`~derive.schematic.layout.layout_circuit`. Op-amps are circuitikz
``op amp`` nodes (american style; ``yscale=-1`` puts + on top), resistors
``to[R, l=...]``, grounded sources input terminals (``ocirc``), ground
``node[ground]``; numbers go through siunitx (``\\SI``).

>>> from derive.circuit.library import load_circuit
>>> tex = to_circuitikz(load_circuit("inamp"))
>>> tex.splitlines()[0]
'\\\\begin{circuitikz}[american]'
>>> "l=$R_{G}$" in tex or "l_=$R_{G}$" in tex
True
"""
from .layout import LayoutError, layout_circuit

PREAMBLE = (
    "\\usepackage[american]{circuitikz}\n"
    "\\usepackage{siunitx}\n"
)


BIPOLES = {"resistor": "R", "capacitor": "C", "inductor": "L"}   # drawn either way round
SOURCES = {"voltage source": "V", "current source": "I"}


def _pt(p):
    return f"({_num(p[0])},{_num(p[1])})"


def _num(v):
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _label_option(part, start, end):
    if not part.label.latex:
        return ""
    horizontal = abs(start[1] - end[1]) < 1e-9
    if horizontal:
        key = "l" if part.side == "above" else "l_"
    else:  # drawn top to bottom: "l" is on the right
        key = "l" if part.side == "right" else "l_"
    return f", {key}={part.label.latex}"


def _part(part):
    start, end = part.start, part.end
    flipped = (start[0] > end[0]) or (start[0] == end[0] and start[1] < end[1])
    if flipped:
        start, end = end, start
    if part.kind in BIPOLES:
        bipole = BIPOLES[part.kind]
    else:  # circuitikz puts the + of a voltage source (the tail of a current
        # source's arrow) at the start of the path
        bipole = SOURCES[part.kind] + (", invert" if flipped else "")
    return f"  \\draw {_pt(start)} to[{bipole}{_label_option(part, start, end)}] {_pt(end)};"


_ANCHOR = {"left": "west", "right": "east", "above": "south", "below": "north"}
_OFFSET = {"left": (-0.15, 0), "right": (0.15, 0), "above": (0, 0.15), "below": (0, -0.15)}


def _terminal_label(t):
    # the label sits on the far side of the circle from the wire
    dx, dy = _OFFSET[t.facing]
    anchor = {"left": "east", "right": "west", "above": "south", "below": "north"}[t.facing]
    return f"  \\node[anchor={anchor}] at {_pt((t.at[0] + dx, t.at[1] + dy))} {{{t.label.latex}}};"


def to_circuitikz(circuit, layout=None):
    """A ``circuitikz`` environment drawing ``circuit``.

    Needs ``\\usepackage[american]{circuitikz}`` and ``\\usepackage{siunitx}``
    (see :data:`PREAMBLE`); compiles with pdflatex and xelatex.
    """
    lay = layout or layout_circuit(circuit)
    out = ["\\begin{circuitikz}[american]"]
    for op in lay.opamps:
        flip = ", yscale=-1" if op.flipped else ""
        name = f"{op.element}"
        out.append(f"  \\draw {_pt(op.center)} node[op amp{flip}] ({name}) {{}};")
        for pin in ("-", "+", "out"):
            out.append(f"  \\draw ({name}.{pin}) -- {_pt(op.pins[pin])};")
        out.append(f"  \\node at {_pt((op.center[0] + 0.25, op.center[1]))} {{{op.label.latex}}};")
    for part in lay.parts:
        out.append(_part(part))
    for wire in lay.wires:
        out.append("  \\draw " + " -- ".join(_pt(p) for p in wire) + ";")
    for g in lay.grounds:
        out.append(f"  \\draw {_pt(g)} node[ground] {{}};")
    for d in lay.dots:
        out.append(f"  \\draw {_pt(d)} node[circ] {{}};")
    for t in lay.terminals:
        out.append(f"  \\draw {_pt(t.at)} node[ocirc] {{}};")
        out.append(_terminal_label(t))
    out.append("\\end{circuitikz}")
    return "\n".join(out) + "\n"


def document_drawing(circuit, lang="en"):
    """The schematic for a LaTeX document: circuitikz code, or a LaTeX comment
    (in ``lang``) saying why the circuit could not be laid out (the document is
    still written).

    >>> from derive.circuit.library import load_circuit
    >>> document_drawing(load_circuit("inverting")).startswith("\\\\begin{circuitikz}")
    True
    """
    try:
        return to_circuitikz(circuit)
    except LayoutError as exc:
        from ..text import ui

        return "% " + ui("schematic_not_laid_out", lang, "latex", reason=" ".join(str(exc).split())) + "\n"


def standalone_document(circuit, layout=None):
    """A complete LaTeX document (class ``standalone``) with the schematic."""
    return (
        "\\documentclass[border=4pt]{standalone}\n"
        + PREAMBLE
        + "\\begin{document}\n"
        + to_circuitikz(circuit, layout)
        + "\\end{document}\n"
    )
