"""Every built-in circuit against its textbook closed form and an independent solver."""
import pytest
from sympy import Rational, Symbol, cancel, simplify

from derive.circuit import builtin_names, load_circuit
from derive.solver import solve
from reference import numeric_point, reference_voltages


def R(name):
    return Symbol(name, positive=True)


def V(name):
    return Symbol(name, real=True)


s = Symbol("s")   # the Laplace variable


# Textbook closed forms, under each circuit's matching conditions (docs/design.md).
TEXTBOOK = {
    "inamp": (R("R2") / R("R1")) * (1 + 2 * R("R5") / R("RG")) * (V("V1") - V("V2")),
    "inamp-wiki": (V("V2") - V("V1")) * (1 + 2 * R("R1") / R("Rg")) * (R("R3") / R("R2")),
    "inamp-ic": (1 + 2 * R("R") / R("RG")) * (V("Vinp") - V("Vinm")) + V("Vref"),
    "inamp2": (1 + R("R4") / R("R3") + 2 * R("R4") / R("RG")) * (V("V2") - V("V1")),
    "diffamp": (R("R2") / R("R1")) * (V("V1") - V("V2")),
    "inverting": -R("Rf") / R("Rin") * V("Vin"),
    "noninverting": (1 + R("Rf") / R("Rin")) * V("Vin"),
    "follower": V("Vin"),
    # s-domain (zero initial conditions), the forms of any op-amp or active-filter text
    "integrator": -V("Vin") / (s * R("R") * R("C")),
    "differentiator": -s * R("R") * R("C") * V("Vin"),
    "lossy-integrator": -(R("Rf") / R("Rin")) / (1 + s * R("Rf") * R("Cf")) * V("Vin"),
    "tia": -R("Rf") / (1 + s * R("Rf") * R("Cf")) * V("Ip"),
    "sallen-key-lp": V("Vin") / (1 + s * R("C2") * (R("R1") + R("R2")) + s**2 * R("R1") * R("R2") * R("C1") * R("C2")),
    "mfb-bandpass": -(s / (R("R1") * R("C1"))) * V("Vin") / (
        s**2 + s * (R("C1") + R("C2")) / (R("R3") * R("C1") * R("C2"))
        + (R("R1") + R("R2")) / (R("R1") * R("R2") * R("R3") * R("C1") * R("C2"))),
    "ecg-front-end": (R("R2") / R("R1")) * (1 + 2 * R("R5") / R("RG")) * (V("V1") - V("V2"))
    * (s * R("Rh") * R("Ch") / (1 + s * R("Rh") * R("Ch"))) / (1 + s * R("Rl") * R("Cl")),
}


def test_every_builtin_has_a_textbook_form():
    assert set(TEXTBOOK) == set(builtin_names())


@pytest.mark.parametrize("name", sorted(TEXTBOOK))
def test_matched_output_equals_textbook(name):
    result = solve(load_circuit(name).matched()).output
    assert simplify(result - TEXTBOOK[name]) == 0


def test_wiki_special_case_r2_equals_r3():
    c = load_circuit("inamp-wiki")
    (kept, replaced, _), = c.cases
    out = solve(c.substitute({replaced: kept})).output
    assert simplify(out - (V("V2") - V("V1")) * (1 + 2 * R("R1") / R("Rg"))) == 0


def test_diffamp_general_form_of_seed_002():
    # The superposition article, comment: Vout = V1 R2/(R1+R2) (1 + R4/R3) - V2 R4/R3.
    out = solve(load_circuit("diffamp").general()).output
    r1, r2, r3, r4 = (R(f"R{i}") for i in range(1, 5))
    assert simplify(out - (V("V1") * r2 / (r1 + r2) * (1 + r4 / r3) - V("V2") * r4 / r3)) == 0


@pytest.mark.parametrize("name", sorted(TEXTBOOK))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_general_output_matches_independent_solver(name, seed):
    circuit = load_circuit(name).general()
    solution = solve(circuit)
    point = numeric_point(circuit.symbols, seed)
    reference = reference_voltages(circuit.substitute(point), {})
    for node, value in reference.items():   # (rational functions of s in the s-domain)
        assert cancel(solution.v(node).subs(point) - value) == 0, node


def test_general_inamp_has_seven_distinct_resistors():
    c = load_circuit("inamp").general()
    assert sorted(s.name for s in c.symbols if s.is_positive) == ["R1", "R2", "R3", "R4", "R5", "R6", "RG"]
    assert not c.matches


def test_general_wiki_gives_each_resistor_its_own_symbol():
    c = load_circuit("inamp-wiki").general()
    assert sorted(str(e.value) for e in c.resistors) == ["R1a", "R1b", "R2a", "R2b", "R3a", "R3b", "Rg"]


@pytest.mark.parametrize("name", sorted(TEXTBOOK))
def test_finite_gain_tends_to_ideal(name):
    circuit = load_circuit(name).general()
    ideal = solve(circuit).output
    finite = solve(circuit.with_finite_gain())
    assert finite.output != ideal or not circuit.opamps
    assert simplify(finite.limit_infinite_gain().output - ideal) == 0


def test_finite_gain_inverting_closed_form():
    A = R("A")
    out = solve(load_circuit("inverting").with_finite_gain(A)).output
    # Classic result: -Rf/Rin * 1 / (1 + (1 + Rf/Rin)/A)
    rin, rf, vin = R("Rin"), R("Rf"), V("Vin")
    assert simplify(out - (-rf / rin * vin / (1 + (1 + rf / rin) / A))) == 0


def test_finite_gain_numeric_against_reference():
    circuit = load_circuit("inamp").general().with_finite_gain()
    point = numeric_point(circuit.symbols, 7)
    point.update({g: Rational(10**5) for g in circuit.open_loop_gains()})
    ref = reference_voltages(circuit.substitute(point), {})
    assert solve(circuit).output.subs(point) == ref["out"]


def test_node_voltages_and_currents_of_inamp():
    s = solve(load_circuit("inamp").general())
    assert s.v("g1") == V("V1") and s.v("g2") == V("V2")
    assert simplify(s.current("RG") - (V("V1") - V("V2")) / R("RG")) == 0
    assert simplify(s.current("R5") - s.current("RG")) == 0
    assert simplify(s.v("o1") - s.v("o2") - (V("V1") - V("V2")) * (1 + (R("R5") + R("R6")) / R("RG"))) == 0
