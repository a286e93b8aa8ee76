"""The layout draws exactly the circuit: every element, every node, nothing merged.

Connectivity is rebuilt here from the geometry alone, independently of
derive's own check: the wires are rasterised on a 0.01 grid and flooded, so
any two wires that touch (even crossing) count as one conductor. For the
built-in circuits that must give back the netlist's nodes exactly, which also
proves their drawings have no wire crossings at all.
"""
from dataclasses import replace

import pytest

from derive.circuit import builtin_names, load_circuit, parse_netlist
from derive.schematic.geometry import check_layout
from derive.schematic.layout import layout_circuit

GRID = 100


def cell(p):
    return (round(p[0] * GRID), round(p[1] * GRID))


def raster(a, b):
    (x1, y1), (x2, y2) = cell(a), cell(b)
    assert x1 == x2 or y1 == y2, f"wire {a}-{b} is not orthogonal"
    if x1 == x2:
        return {(x1, y) for y in range(min(y1, y2), max(y1, y2) + 1)}
    return {(x, y1) for x in range(min(x1, x2), max(x1, x2) + 1)}


def flood(lay):
    """{(owner, terminal): component} from the wires' pixels."""
    pixels = set()
    for w in lay.wires:
        for a, b in zip(w, w[1:]):
            pixels |= raster(a, b)
    comp, n = {}, 0
    for start in pixels:
        if start in comp:
            continue
        n += 1
        stack = [start]
        comp[start] = n
        while stack:
            x, y = stack.pop()
            for q in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if q in pixels and q not in comp:
                    comp[q] = n
                    stack.append(q)

    def at(p):
        return comp.get(cell(p), ("alone", cell(p)))

    found = {}
    for op in lay.opamps:
        for pin, p in op.pins.items():
            found[(op.element, pin)] = at(p)
    for part in lay.parts:
        found[(part.element, 0)], found[(part.element, 1)] = at(part.start), at(part.end)
    for t in lay.terminals:
        found[(t.element or "output", "t")] = at(t.at)
    grounds = {at(g) for g in lay.grounds}
    return found, grounds


def nodes_from_geometry(circuit, lay):
    """{node: set of components} as the drawing shows it."""
    found, grounds = flood(lay)
    seen = {"0": set(grounds) | {"GND"}}
    parts = {p.element: p for p in lay.parts}
    terminals = {t.element for t in lay.terminals}
    for e in circuit.elements:
        if e.kind == "op-amp":
            keys = [((e.name, pin), node) for pin, node in zip(("+", "-", "out"), e.nodes)]
        elif e.name in terminals:
            keys = [((e.name, "t"), e.nodes[0])]
        else:
            part = parts[e.name]
            assert sorted(part.nodes) == sorted(e.nodes), f"{e.name} drawn on other nodes"
            keys = [((e.name, i), node) for i, node in enumerate(part.nodes)]
        for key, node in keys:
            seen.setdefault(node, set()).add(found[key])
    seen.setdefault(circuit.output, set()).add(found[("output", "t")])
    return seen


DRAWN = builtin_names()


@pytest.mark.parametrize("name", DRAWN)
def test_builtin_drawing_connects_exactly_the_netlist_nodes(name):
    circuit = load_circuit(name)
    seen = nodes_from_geometry(circuit, layout_circuit(circuit))
    assert set(seen) == set(circuit.nodes)
    grounds = seen["0"] - {"GND"}
    for node, comps in seen.items():
        # every ground symbol is node 0: a piece of it is one that reaches none
        pieces = comps - {"GND"} - grounds if node == "0" else comps
        assert len(pieces) <= 1, f"node {node} is drawn in {len(pieces)} pieces"
    owners = {}
    for node, comps in seen.items():
        for c in comps - {"GND"}:
            assert owners.setdefault(c, node) == node, f"nodes {owners[c]} and {node} touch"


def _boxes(lay):
    return [(op.center[0] - 1.2, op.center[1] - 1.0, op.center[0] + 1.2, op.center[1] + 1.0)
            for op in lay.opamps]


def _hits(seg, box, pad=0.0):
    (x1, y1), (x2, y2) = seg
    bx1, by1, bx2, by2 = box
    return (min(x1, x2) < bx2 - pad and max(x1, x2) > bx1 + pad
            and min(y1, y2) < by2 - pad and max(y1, y2) > by1 + pad)


def _label_box(part):
    (x1, y1), (x2, y2) = part.start, part.end
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    return {
        "above": (mx - 0.5, my + 0.2, mx + 0.5, my + 0.65),
        "below": (mx - 0.5, my - 0.65, mx + 0.5, my - 0.2),
        "right": (mx + 0.2, my - 0.25, mx + 1.0, my + 0.25),
        "left": (mx - 1.0, my - 0.25, mx - 0.2, my + 0.25),
    }[part.side]


@pytest.mark.parametrize("name", DRAWN)
def test_builtin_drawing_has_no_overlaps(name):
    lay = layout_circuit(load_circuit(name))
    wire_segs = [s for w in lay.wires for s in zip(w, w[1:])]
    bodies = [(p.element, (p.start, p.end)) for p in lay.parts]
    body_pixels = {e: raster(a, b) - {cell(a), cell(b)} for e, (a, b) in bodies}
    wire_pixels = set().union(*(raster(a, b) for a, b in wire_segs))
    for e, px in body_pixels.items():
        assert not px & wire_pixels, f"a wire runs over {e}"
        for f, other in body_pixels.items():
            assert f == e or not px & other, f"{e} overlaps {f}"
    for box in _boxes(lay):
        for seg in wire_segs + [s for _, s in bodies]:
            assert not _hits(seg, box), f"{seg} crosses an op-amp"
    for part in lay.parts:
        lb = _label_box(part)
        for seg in wire_segs + [s for e, s in bodies if e != part.element]:
            assert not _hits(seg, lb), f"the label of {part.element} sits on {seg}"
        for box in _boxes(lay):
            assert not _hits(((lb[0], lb[1]), (lb[2], lb[3])), box), f"label of {part.element} on an op-amp"


def test_inamp_is_the_classic_three_op_amp_drawing():
    lay = layout_circuit(load_circuit("inamp"))
    ops = {op.element: op for op in lay.opamps}
    parts = {p.element: p for p in lay.parts}
    assert ops["U1"].center[1] > ops["U3"].center[1] > ops["U2"].center[1]
    assert ops["U1"].center[0] == ops["U2"].center[0] < ops["U3"].center[0]
    rg = parts["RG"]
    assert rg.start[0] == rg.end[0], "RG is vertical"
    assert ops["U2"].center[1] < min(rg.start[1], rg.end[1]) < max(rg.start[1], rg.end[1]) < ops["U1"].center[1]
    assert parts["R5"].start[1] < ops["U1"].center[1] and parts["R6"].start[1] > ops["U2"].center[1]


def test_dropping_a_wire_or_moving_a_part_is_detected():
    circuit = load_circuit("inamp")
    lay = layout_circuit(circuit)
    assert check_layout(lay, circuit) == []
    for i in range(len(lay.wires)):
        broken = replace(lay, wires=lay.wires[:i] + lay.wires[i + 1:])
        assert check_layout(broken, circuit), f"dropping wire {lay.wires[i]} went unnoticed"
    parts = list(lay.parts)
    r1 = next(i for i, p in enumerate(parts) if p.element == "R1")
    (x1, y1), (x2, y2) = parts[r1].start, parts[r1].end
    parts[r1] = replace(parts[r1], start=(x1, y1 - 1.0), end=(x2, y2 - 1.0))
    assert check_layout(replace(lay, parts=tuple(parts)), circuit)
    assert check_layout(replace(lay, parts=lay.parts[1:]), circuit)


USER = {
    "divider": "V1 in 0 Vin\nR1 in out Ra\nR2 out 0 Rb\n",
    "summing": "V1 in1 0 V1\nV2 in2 0 V2\nV3 in3 0 1.5\nR1 in1 m 10k\nR2 in2 m 10k\n"
               "R3 in3 m 4.7k\nRf m out 49.4k\nU1 0 m out\n",
    "chain": "V1 in 0 V1\nU1 in o1 o1\nU2 o1 o2 o2\nU3 o2 o3 o3\nR1 o3 0 1k\n.output o2\n",
    "floating": "V1 a 0 V1\nVb b a 2\nR1 b m R1\nU1 0 m o1\nR2 m o1 R2\nU2 o1 m2 out\n"
                "R3 m2 out R3\nR4 m2 0 R4\nR5 o1 0 R5\nU3 a m2 o3\nR6 o3 out R6\n",
    "reversed-source": "V1 0 n V1\nR1 n out R1\nR2 out 0 R2\n",
}


@pytest.mark.parametrize("name", sorted(USER))
def test_user_netlists_draw_every_connection(name):
    circuit = parse_netlist(USER[name], name=name)
    lay = layout_circuit(circuit)  # raises if its own check fails
    assert check_layout(lay, circuit) == []
    drawn = {p.element for p in lay.parts} | {op.element for op in lay.opamps}
    drawn |= {t.element for t in lay.terminals if t.element}
    assert drawn == {e.name for e in circuit.elements}


@pytest.mark.parametrize("name", builtin_names())
def test_router_alone_also_draws_every_builtin_faithfully(name):
    circuit = load_circuit(name)
    lay = layout_circuit(circuit, patterns=False)
    assert check_layout(lay, circuit) == []
    found = nodes_from_geometry(circuit, lay)
    assert set(found) == set(circuit.nodes)


def random_netlists(seed, tries):
    """Random small netlists that the parser accepts (most random ones it refuses)."""
    import random

    from derive.errors import DeriveError

    rng = random.Random(seed)
    for _ in range(tries):
        nodes = ["0"] + [f"n{i}" for i in range(rng.randint(2, 7))]
        lines = [f"V{i} {rng.choice(nodes[1:])} {'0' if rng.random() < 0.8 else rng.choice(nodes)} V{i}"
                 for i in range(rng.randint(1, 3))]
        lines += ["U{} {} {} {}".format(i, *rng.sample(nodes, 3)) for i in range(rng.randint(0, 3))]
        lines += ["R{} {} {} R{}".format(i, *rng.sample(nodes, 2), i) for i in range(rng.randint(1, 8))]
        sourced = {n for line in lines if line.startswith("V") for n in line.split()[1:3]}
        # the output may not be a source's terminal (refused since the netlist checks of 87fa168)
        lines.append(f".output {rng.choice([n for n in nodes[1:] if n not in sourced] or nodes[1:])}")
        text = "\n".join(lines)
        try:
            yield text, parse_netlist(text, name="random")
        except DeriveError:
            continue


def test_random_netlists_are_drawn_with_every_connection():
    drawn = 0
    for text, circuit in random_netlists(seed=11, tries=3000):
        lay = layout_circuit(circuit)
        assert check_layout(lay, circuit) == [], text
        drawn += 1
    assert drawn > 150  # most random netlists are refused (no feedback, outputs tied), so 3,000 tries


def test_a_source_set_to_zero_is_drawn_as_a_grounded_input():
    """The superposition article, Figure 2: with V2 = 0 the input of U2 is connected to ground."""
    circuit = load_circuit("inamp").with_sources({"V2": 0})
    lay = layout_circuit(circuit)
    assert check_layout(lay, circuit) == []
    assert {t.element for t in lay.terminals} == {"V1", None}
    pin = next(op for op in lay.opamps if op.element == "U2").pins["+"]
    assert any(g[1] == pin[1] and g[0] < pin[0] for g in lay.grounds), "U2 (+) wired to a ground"
    # drawn grounded, the input node may not stay apart from ground: the check sees it
    assert check_layout(lay, load_circuit("inamp")) != []


def test_a_load_hangs_from_the_output_and_a_divider_is_a_rail():
    circuit = parse_netlist("Vin in 0 Vin\nRin in m Rin\nRf m out Rf\nU1 0 m out\nRL out 0 RL\n")
    lay = layout_circuit(circuit)
    parts = {p.element: p for p in lay.parts}
    u1 = lay.opamps[0]
    rl = parts["RL"]
    assert rl.start[0] == rl.end[0] > u1.pins["out"][0], "RL vertical, right of U1"
    assert max(rl.start[1], rl.end[1]) == u1.pins["out"][1]
    assert set(nodes_from_geometry(circuit, lay)) == set(circuit.nodes)
    divider = parse_netlist(USER["divider"])
    lay = layout_circuit(divider)
    r1, r2 = sorted(lay.parts, key=lambda p: p.element)
    assert r1.start[1] == r1.end[1] and r2.start[0] == r2.end[0] and r2.start == r1.end
    assert len(lay.wires) <= 2, "no fallback wiring for a plain divider"
