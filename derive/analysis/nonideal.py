"""Op-amp non-idealities and the signal source as elements of the circuit model.

Nothing here is a formula for an error: each non-ideality is an element added
to the netlist, and the nodal solution of the new circuit says what it does.

* :func:`with_source_resistances` -- a resistor between each input source and
  the amplifier's input pin (electrodes, a bridge);
* :func:`with_offset` -- an input offset voltage: a voltage source in series
  with an op-amp's + input (or with any source, for an output-referred offset
  at the reference pin);
* :func:`with_current` -- a current drawn out of a node (an input bias
  current, a noise current). A current source is the limit of a voltage source
  ``-I R_x`` behind a resistor ``R_x`` as ``R_x -> oo`` (the Norton source as
  the limit of its Thevenin form), taken exactly by :func:`solve_model`.

>>> from sympy import Symbol
>>> from derive.circuit.library import load_circuit
>>> c = with_offset(load_circuit("noninverting"), "U1", Symbol("V_os"))
>>> solve_model(c).output.factor()
(Rf + Rin)*(V_os + Vin)/Rin
>>> I = Symbol("I_B")
>>> c = with_current(load_circuit("inverting"), "m", I, "IB")
>>> solve_model(c.with_sources({"Vin": 0})).output
I_B*Rf
"""
from dataclasses import replace

from sympy import S, Symbol

from ..circuit.elements import OpAmp, Resistor, VoltageSource
from ..errors import DeriveError
from ..solver import solve
from ..solver.solve import NodalSolution, limit_infinite

R_X = Symbol("R_x", positive=True)     # the resistor whose limit makes a current source


def _fresh(circuit, base):
    taken = set(circuit.nodes)
    name, i = base, 1
    while name in taken:
        i += 1
        name = f"{base}{i}"
    return name


def with_source_resistances(circuit, plus, minus, values):
    """Put resistors ``values = (R+, R-)`` between the sources ``plus``/``minus`` and their nodes.

    Returns ``(circuit, {source name: the new pin node})``; the source now drives
    a new node and the old node (the pin) is reached through the resistor.
    """
    elements, pins = list(circuit.elements), {}
    for src, value, tag in ((plus, values[0], "p"), (minus, values[1], "m")):
        if S(value) == 0:
            pins[src.name] = src.nodes[0]
            continue
        new = _fresh(circuit, f"s_{src.nodes[0]}")
        i = elements.index(src)
        elements[i] = replace(src, nodes=(new,) + tuple(src.nodes[1:]))
        elements.append(Resistor(f"Rs{tag}", (new, src.nodes[0]), S(value)))
        pins[src.name] = src.nodes[0]
        circuit = replace(circuit, elements=tuple(elements))
    return replace(circuit, elements=tuple(elements)), pins


def with_offset(circuit, opamp, value, name=None):
    """A voltage source ``value`` in series with the + input of op-amp ``opamp``."""
    try:
        u = circuit.element(opamp)
    except KeyError:
        raise DeriveError(f"{circuit.name} has no op-amp {opamp}") from None
    if not isinstance(u, OpAmp):
        raise DeriveError(f"{opamp} in {circuit.name} is not an op-amp")
    node = _fresh(circuit, f"{u.plus}_{u.name}")
    src = VoltageSource(name or f"VOS_{u.name}", (node, u.plus), value)
    elements = [replace(e, nodes=(node,) + e.nodes[1:]) if e is u else e for e in circuit.elements]
    return replace(circuit, elements=tuple(elements) + (src,))


def with_series_source(circuit, source, value, name):
    """A voltage source ``value`` in series with the source ``source`` (+ side)."""
    s = circuit.element(source)
    node = _fresh(circuit, f"{s.nodes[0]}_{name}")
    elements = [replace(e, nodes=(node,) + e.nodes[1:]) if e is s else e for e in circuit.elements]
    return replace(circuit, elements=tuple(elements) + (VoltageSource(name, (s.nodes[0], node), value),))


def with_current(circuit, node, current, name):
    """A current ``current`` drawn out of ``node`` to ground (a bias current into a pin)."""
    x = _fresh(circuit, f"x_{name}")
    added = (VoltageSource(f"V{name}", (x, "0"), -current * R_X), Resistor(f"R{name}", (x, node), R_X))
    return replace(circuit, elements=circuit.elements + added)


def with_series_noise(circuit, resistor, value, name):
    """A voltage source ``value`` in series with ``resistor`` (its thermal noise)."""
    r = circuit.element(resistor)
    node = _fresh(circuit, f"{r.nodes[0]}_{name}")
    elements = [replace(e, nodes=(node,) + e.nodes[1:]) if e is r else e for e in circuit.elements]
    return replace(circuit, elements=tuple(elements) + (VoltageSource(name, (r.nodes[0], node), value),))


def solve_model(circuit):
    """The nodal solution with every model current source exact (``R_x -> oo``)."""
    sol = solve(circuit)
    if not any(R_X in S(e.value).free_symbols for e in circuit.resistors):
        return sol
    hidden = {e.nodes[0] for e in circuit.sources if R_X in S(e.value).free_symbols}
    voltages = {n: limit_infinite(sol.v(n), [R_X]) for n in circuit.nodes if n != "0" and n not in hidden}
    voltages["0"] = S.Zero
    return NodalSolution(circuit, voltages)


__all__ = ["R_X", "solve_model", "with_current", "with_offset", "with_series_noise", "with_series_source",
           "with_source_resistances"]
