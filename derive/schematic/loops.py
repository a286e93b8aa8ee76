"""Op-amps in a loop: columns from the forward drives only, returns routed around.

When op-amp B is driven by A's output and A (through a part into one of its
inputs) by B's, the two cannot both stand right of each other. The drives are
taken in netlist order and one that would close a loop is a *return*: it does
not set columns; its part sits on the input's rail and a wire runs from there
around the drawing (below it, else above) to the driver's output column,
never touching another node's wire, a part or an op-amp.

>>> from derive.circuit import parse_netlist
>>> from derive.schematic.layout import layout_circuit
>>> text = ("V1 in 0 Vin\\nR1 in m1 R1\\nU1 0 m1 o1\\nR2 m1 o1 R2\\nR3 o1 m2 R3\\n"
...         "U2 0 m2 out\\nR4 m2 out R4\\nR5 out m1 R5\\n")
>>> ops = {op.element: op.center for op in layout_circuit(parse_netlist(text)).opamps}
>>> ops["U1"][0] < ops["U2"][0]          # U2 right of U1, its output returning to U1
True
"""


def forward(drives, order):
    """The drives ``(op-amp, driving op-amp)`` that close no loop, in the order given.

    >>> forward([("U2", "U1"), ("U1", "U2")], ["U1", "U2"])
    {('U2', 'U1')}
    """
    ahead = {n: set() for n in order}          # op-amp -> op-amps it drives (accepted)
    kept = set()
    for name, drv in drives:
        if drv == name or drv not in ahead:
            continue
        seen, stack = set(), [name]
        while stack:                            # does ``name`` already reach ``drv``?
            n = stack.pop()
            if n not in seen:
                seen.add(n)
                stack.extend(ahead[n])
        if drv in seen:
            continue
        ahead[drv].add(name)
        kept.add((name, drv))
    return kept


def _paths(place, p, target):
    """Candidate wires from rail point ``p`` around the drawing to the driver's ``target``."""
    xmin, ymin, xmax, ymax = place.router.bbox()
    for k in range(6):
        for dx in (0.5, 1.0, 1.5):
            x = round(p[0] - dx, 4)
            # 1.0 beyond the wiring: clear of the labels of the outermost parts
            low, high = round(ymin - 1.0 - 0.6 * k, 4), round(ymax + 1.0 + 0.6 * k, 4)
            for level in (low, high):
                yield [p, (x, p[1]), (x, level), (target[0], level), target]


def draw_returns(place):
    """Route every return recorded by the layout (``place.returns``)."""
    for node, p, drv in place.returns:
        x, y = place.pos[drv]
        target = (x + place.XO, y)
        for path in _paths(place, p, target):
            segs = [(path[i], path[i + 1]) for i in range(len(path) - 1) if path[i] != path[i + 1]]
            if place.router._clear(node, segs, p):
                place.wire(node, *path)
                break
