"""The benchmark circuits, as derive netlist text and as Lcapy netlist text.

Both netlists of a case come from one derive :class:`Circuit`, so the two
tools are handed the same circuit element for element: :func:`lcapy_netlist`
translates a circuit, it does not describe one of its own.

>>> print(ladder_netlist(2))
.title 2-bit R-2R ladder DAC into an inverting summer
VB0  b0  0  D0
RL0  b0  n0  RL0
RS0  n0  n1  RS0
VB1  b1  0  D1
RL1  b1  n1  RL1
RT  n0  0  RT
RI  n1  m  RI
RF  m  out  RF
U1  0  m  out
.output out Vout
>>> print(lcapy_netlist(ladder_circuit(2), gain="A"))
VB0 b0 0 {D0}
RL0 b0 n0 RL0
RS0 n0 n1 RS0
VB1 b1 0 {D1}
RL1 b1 n1 RL1
RT n0 0 RT
RI n1 m RI
RF m out RF
EU1 out 0 opamp 0 m A
"""
from derive.circuit.elements import Capacitor, Inductor, OpAmp, Resistor, VoltageSource
from derive.circuit.library import builtin_text
from derive.circuit.netlist import parse_netlist

INAMP = "inamp"

# The s-domain circuits, every element its own symbol (the same netlists as the
# built-ins sallen-key-lp and mfb-bandpass).
SALLEN_KEY = """.title Sallen-Key low-pass (unity gain), general
Vin  in  0   Vin
R1   in  a   R1
R2   a   b   R2
C1   a   out C1
C2   b   0   C2
U1   b   out out
.output out Vout"""

MFB_BANDPASS = """.title Multiple-feedback band-pass, general
Vin  in  0   Vin
R1   in  a   R1
R2   a   0   R2
C2   a   m   C2
C1   a   out C1
R3   m   out R3
U1   0   m   out
.output out Vout"""


def rc_ladder_netlist(sections):
    """An N-section RC low-pass ladder (series ``Rk``, shunt ``Ck``) buffered by a follower.

    >>> print(rc_ladder_netlist(2))
    .title 2-section RC ladder, buffered
    Vin  in  0  Vin
    R1  in  n1  R1
    C1  n1  0  C1
    R2  n1  n2  R2
    C2  n2  0  C2
    U1  n2  out  out
    .output out Vout
    """
    if sections < 1:
        raise ValueError(f"a ladder needs at least one section, not {sections}")
    lines = [f".title {sections}-section RC ladder, buffered", "Vin  in  0  Vin"]
    prev = "in"
    for k in range(1, sections + 1):
        lines += [f"R{k}  {prev}  n{k}  R{k}", f"C{k}  n{k}  0  C{k}"]
        prev = f"n{k}"
    lines += [f"U1  {prev}  out  out", ".output out Vout"]
    return "\n".join(lines)


def ladder_netlist(bits):
    """An N-bit voltage-mode R-2R ladder driving an inverting op-amp summer.

    Bit k is a source ``Dk`` behind its leg resistor ``RLk`` (2R in the
    textbook DAC) into ladder node ``nk``; ``RSk`` (R) joins ``nk`` to
    ``nk+1``; ``RT`` (2R) terminates the LSB end; the MSB node feeds the
    summing junction ``m`` through ``RI``, with ``RF`` from ``m`` to the output.
    Every resistor is its own symbol: 2N + 2 resistances, N sources.
    """
    if bits < 1:
        raise ValueError(f"a ladder needs at least one bit, not {bits}")
    lines = [f".title {bits}-bit R-2R ladder DAC into an inverting summer"]
    for k in range(bits):
        lines += [f"VB{k}  b{k}  0  D{k}", f"RL{k}  b{k}  n{k}  RL{k}"]
        if k < bits - 1:
            lines.append(f"RS{k}  n{k}  n{k + 1}  RS{k}")
    lines += [
        "RT  n0  0  RT",
        f"RI  n{bits - 1}  m  RI",
        "RF  m  out  RF",
        "U1  0  m  out",
        ".output out Vout",
    ]
    return "\n".join(lines)


def summer_netlist(inputs, matched=True):
    """An inverting summing amplifier of ``inputs`` inputs: input k comes
    behind a source resistance ``Rsk`` (k = 1, 4, 7, ...), straight (k = 2, 5,
    ...) or behind a divider ``Rtk``/``Rbk`` (k = 3, 6, ...) into its summing
    resistor ``Rsumk``; ``Rf1`` is the feedback. ``matched``: every ``Rsumk``
    equals ``Rsum1`` (``.match``). The wide summer of issue 12 is
    ``summer_netlist(12)``: its result is one term per input, each over its
    own branch polynomial.

    >>> print(summer_netlist(3))
    .title 3-input summing amplifier, source resistances and dividers
    V1  in_1  0  V1
    Rs1  in_1  s_1  Rs1
    Rsum1  s_1  m_1  Rsum1
    V2  in_2  0  V2
    Rsum2  in_2  m_1  Rsum2
    V3  in_3  0  V3
    Rt3  in_3  d_3  Rt3
    Rb3  d_3  0  Rb3
    Rsum3  d_3  m_1  Rsum3
    Rf1  m_1  o_1  Rf1
    U1  0  m_1  o_1
    .output o_1 Vout
    .match Rsum1=Rsum2 Rsum1=Rsum3
    """
    if inputs < 1:
        raise ValueError(f"a summer needs at least one input, not {inputs}")
    lines = [f".title {inputs}-input summing amplifier, source resistances and dividers"]
    for k in range(1, inputs + 1):
        lines.append(f"V{k}  in_{k}  0  V{k}")
        shape = (k - 1) % 3
        if shape == 0:
            lines += [f"Rs{k}  in_{k}  s_{k}  Rs{k}", f"Rsum{k}  s_{k}  m_1  Rsum{k}"]
        elif shape == 1:
            lines.append(f"Rsum{k}  in_{k}  m_1  Rsum{k}")
        else:
            lines += [f"Rt{k}  in_{k}  d_{k}  Rt{k}", f"Rb{k}  d_{k}  0  Rb{k}",
                      f"Rsum{k}  d_{k}  m_1  Rsum{k}"]
    lines += ["Rf1  m_1  o_1  Rf1", "U1  0  m_1  o_1", ".output o_1 Vout"]
    if matched and inputs > 1:
        lines.append(".match " + " ".join(f"Rsum1=Rsum{k}" for k in range(2, inputs + 1)))
    return "\n".join(lines)


def summer_circuit(inputs):
    """The summer of :func:`summer_netlist` as a derive Circuit (matched)."""
    return parse_netlist(summer_netlist(inputs), name=f"summer{inputs}")


def ladder_circuit(bits):
    """The ladder of :func:`ladder_netlist` as a derive Circuit."""
    return parse_netlist(ladder_netlist(bits), name=f"ladder{bits}")


def inamp_circuit():
    """The built-in 3-op-amp in-amp with seven distinct resistor symbols."""
    circuit = parse_netlist(builtin_text(INAMP), name=INAMP).general()
    return circuit


def _value(value):
    """An element value in Lcapy's syntax: a bare symbol, or braces around anything else."""
    text = str(value)
    return text if text.isidentifier() else "{" + text + "}"


def lcapy_netlist(circuit, gain="A"):
    """Lcapy netlist text for ``circuit``; every op-amp becomes ``E.. opamp``
    with open-loop gain ``gain`` (Lcapy has no nullor: take ``gain`` to oo).

    Source values go in braces so that Lcapy reads them as a DC value; in a
    circuit with capacitors or inductors they are Laplace-domain values
    (``V.. s {Vin}``), as derive's are, and the answer is ``.V(s)``.
    A resistor of value 0 (a wire) is not supported and raises ValueError.

    >>> print(lcapy_netlist(parse_netlist(rc_ladder_netlist(1))))
    Vin in 0 s {Vin}
    R1 in n1 R1
    C1 n1 0 C1
    EU1 out 0 opamp n1 out A
    """
    lines = []
    laplace = " s" if circuit.reactive else ""
    for e in circuit.elements:
        if isinstance(e, (Capacitor, Inductor)):
            lines.append(f"{e.name} {e.nodes[0]} {e.nodes[1]} {_value(e.value)}")
        elif isinstance(e, Resistor):
            if e.value == 0:
                raise ValueError(f"{e.name} is a short; Lcapy's netlist needs a wire instead")
            lines.append(f"{e.name} {e.nodes[0]} {e.nodes[1]} {_value(e.value)}")
        elif isinstance(e, VoltageSource):
            lines.append(f"{e.name} {e.nodes[0]} {e.nodes[1]}{laplace} {{{e.value}}}")
        elif isinstance(e, OpAmp):
            a = gain if e.ideal else _value(e.value)
            lines.append(f"E{e.name} {e.output} 0 opamp {e.plus} {e.minus} {a}")
        else:
            raise ValueError(f"no Lcapy translation for {e.describe()}")
    return "\n".join(lines)
