"""Op-amp non-idealities and the signal source as elements of the circuit model.

Nothing here is a formula for an error: each non-ideality is an element added
to the netlist, and the nodal solution of the new circuit says what it does.

* :func:`with_source_resistances` -- a resistor between each input source and
  the amplifier's input pin (electrodes, a bridge);
* :func:`with_offset` -- an input offset voltage: a voltage source in series
  with an op-amp's + input (or with any source, for an output-referred offset
  at the reference pin);
* :func:`with_current` -- a current drawn out of a node (an input bias
  current, a noise current): a current source ``Iname node 0 value``;
* :func:`simulation_model` -- the netlist's ``.opamp`` offsets and bias
  currents as those elements at their numbers, the circuit ``derive spice``
  writes and ``derive verify`` checks.

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

from ..circuit.elements import CurrentSource, OpAmp, Resistor, VoltageSource
from ..circuit.values import parse_number
from ..errors import DeriveError
from ..notation.units import si_plain
from ..text.messages import Message
from ..solver import solve
from .report import ui


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
        raise DeriveError(Message("analysis_no_such_opamp", circuit=circuit.name, opamp=opamp)) from None
    if not isinstance(u, OpAmp):
        raise DeriveError(Message("analysis_not_an_opamp", circuit=circuit.name, opamp=opamp))
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
    return replace(circuit, elements=circuit.elements + (CurrentSource(f"I{name}", (node, "0"), current),))


def with_series_noise(circuit, resistor, value, name):
    """A voltage source ``value`` in series with ``resistor`` (its thermal noise)."""
    r = circuit.element(resistor)
    node = _fresh(circuit, f"{r.nodes[0]}_{name}")
    elements = [replace(e, nodes=(node,) + e.nodes[1:]) if e is r else e for e in circuit.elements]
    return replace(circuit, elements=tuple(elements) + (VoltageSource(name, (r.nodes[0], node), value),))


def opamp_parameter(circuit, key, override=None):
    """``{op-amp name: value}`` of one non-ideality: an option for every op-amp, else the netlist's.

    ``override`` (a command-line value such as ``--vos``) applies to every
    op-amp; without it the values are those of the netlist's ``.opamp`` lines
    (op-amps without one are left out).

    >>> from derive.circuit.netlist import parse_netlist
    >>> c = parse_netlist("V1 p 0\\nR1 out m 9k\\nR2 m 0 1k\\nU1 p m out\\n.opamp U1 vos=2m")
    >>> opamp_parameter(c, "vos"), opamp_parameter(c, "vos", 1), opamp_parameter(c, "ib")
    ({'U1': 1/500}, {'U1': 1}, {})
    """
    if override is not None:
        value = parse_number(override) if isinstance(override, str) else S(override)   # never sympify text
        if value is None:
            raise DeriveError(Message("analysis_override_not_number", text=repr(override), parameter=key))
        return {u.name: value for u in circuit.opamps}
    params = circuit.opamp_parameters()
    return {u.name: params[u.name][key] for u in circuit.opamps if key in params.get(u.name, {})}


def opamp_bias_currents(circuit):
    """``{(op-amp, "+" or "-"): current}`` from the netlist's ``ib`` and ``ios``.

    The two input currents of an op-amp are ``I_B + I_OS/2`` (+ input) and
    ``I_B - I_OS/2`` (- input): their mean is the bias current, their
    difference the offset current, as a data sheet defines them.
    """
    ib, ios = opamp_parameter(circuit, "ib"), opamp_parameter(circuit, "ios")
    out = {}
    for u in circuit.opamps:
        if u.name in ib or u.name in ios:
            b, o = ib.get(u.name, S(0)), ios.get(u.name, S(0))
            out[(u.name, "+")], out[(u.name, "-")] = b + o / 2, b - o / 2
    return out


def with_opamp_errors(circuit, skip=()):
    """The netlist's op-amp offsets and bias currents (``.opamp`` lines) as elements of the model.

    Returns ``(model, {symbol: value})``: a source ``V_OS,U1`` in series with
    each + input that has an offset, a current ``I_B+,U1`` / ``I_B-,U1`` out of
    each input that has a bias current. ``skip`` lists ``(op-amp, terminal)``
    pairs whose current the caller models itself (an in-amp's input pins).

    >>> from derive.circuit.netlist import parse_netlist
    >>> c = parse_netlist("V1 p 0\\nR1 out m 9k\\nR2 m 0 1k\\nU1 p m out\\n.opamp U1 vos=1m ib=1n")
    >>> model, values = with_opamp_errors(c.with_sources({"V1": 0}))
    >>> sorted(map(str, values)), solve_model(model).output.subs(values)
    (['I_B+,U1', 'I_B-,U1', 'V_OS,U1'], 10009/1000000)
    """
    model, values = circuit, {}
    for name, v in opamp_parameter(circuit, "vos").items():
        sym = Symbol(f"V_OS,{name}", real=True)
        model = with_offset(model, name, sym)
        values[sym] = v
    for (name, terminal), current in opamp_bias_currents(circuit).items():
        if (name, terminal) in skip:
            continue
        u = circuit.element(name)
        sym = Symbol(f"I_B{terminal},{name}", real=True)
        model = with_current(model, u.plus if terminal == "+" else u.minus, sym,
                             f"B{'p' if terminal == '+' else 'm'}{name}")
        values[sym] = current
    return model, values


def simulation_model(circuit, lang="en"):
    """The circuit a simulator should run for a netlist with ``.opamp`` lines, and what it says of them.

    Returns ``(model, notes)``: the model of :func:`with_opamp_errors` with the
    netlist's numbers in its sources (each offset a DC source in series with
    the + input, each input current ``I_B ± I_OS/2`` a DC current drawn out of
    the input), and sentences in ``lang`` naming those sources and saying that
    the noise densities (``en``, ``in``) are not simulated. A circuit without
    ``.opamp`` lines comes back as it is, with no notes.

    >>> from derive.circuit.netlist import parse_netlist
    >>> c = parse_netlist("V1 p 0\\nR1 out m 9k\\nR2 m 0 1k\\nU1 p m out\\n.opamp U1 vos=1m ib=1n en=4n")
    >>> model, notes = simulation_model(c)
    >>> sorted(e.name for e in model.elements[len(c.elements):]), model.symbols
    (['IBmU1', 'IBpU1', 'VOS_U1'], (V1,))
    >>> print(notes[1])
    The .opamp noise densities (en of U1) are not simulated: an operating point has no noise (derive noise derives it).
    """
    model, values = with_opamp_errors(circuit)
    notes = []
    if values:
        added = model.elements[len(circuit.elements):]   # the with_* helpers append their elements
        described = ", ".join(f"{e.name} = {si_plain(values[e.value], 'volt' if isinstance(e, VoltageSource) else 'ampere')}"
                              for e in added)
        notes.append(ui("spice_opamp_errors", lang, values=described))
        model = model.substitute(values)
    noise = [ui("spice_opamp_noise_item", lang, parameter=key, opamp=name) for name, key, _, _ in circuit.nonideal
             if key in ("en", "in")]
    if noise:
        notes.append(ui("spice_opamp_noise", lang, names=", ".join(noise)))
    return model, notes


def solve_model(circuit):
    """The nodal solution of a model (every added element is an ordinary element)."""
    return solve(circuit)


__all__ = ["opamp_bias_currents", "opamp_parameter", "simulation_model", "solve_model", "with_current", "with_opamp_errors", "with_offset", "with_series_noise", "with_series_source",
           "with_source_resistances"]
