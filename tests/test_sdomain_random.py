"""Random RC op-amp circuits: every method's proved result equals the reference solver.

Each example is one op-amp stage with a voltage or current source and three to
six resistors and capacitors between random nodes. Whatever strategy derives it
(virtual short, superposition, nodal), the result -- every step already proved
against derive's own nodal solution -- must equal the independent reference
solver (tests/support/reference.py, capacitors as 1/(sC)) exactly, as a rational
function of s at random values. A fixed-seed subset runs by default;
DERIVE_FUZZ=1 runs many more examples.
"""
import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sympy import cancel

from derive.circuit.netlist import parse_netlist
from derive.derivation import derive
from derive.errors import DeriveError
from reference import numeric_point, reference_voltages

EXAMPLES = 300 if os.environ.get("DERIVE_FUZZ") else 12
NODES = ("in", "m", "p", "out", "x", "0")


@st.composite
def rc_circuits(draw):
    source = draw(st.sampled_from(["V1 in 0 Vin", "I1 0 in Iin"]))
    lines = [source, "U1 p m out"]
    count = draw(st.integers(3, 6))
    for k in range(count):
        letter = draw(st.sampled_from("RC"))
        a, b = draw(st.lists(st.sampled_from(NODES), min_size=2, max_size=2, unique=True))
        lines.append(f"{letter}{k + 1} {a} {b}")
    return "\n".join(lines) + "\n.output out\n"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(rc_circuits())
def test_every_method_equals_the_reference_on_random_rc_circuits(text):
    try:
        circuit = parse_netlist(text, name="random")
        point = numeric_point(circuit.symbols, seed=7)
        expected = reference_voltages(circuit.substitute(point), {})[circuit.output]
    except (DeriveError, AssertionError):
        assume(False)   # not a valid circuit, or no unique solution
        return
    derived = 0
    for method in ("virtual-short", "superposition", "nodal"):
        try:
            d = derive(circuit, method=method)
        except DeriveError:
            continue   # e.g. no negative feedback for this strategy: it refuses, never lies
        derived += 1
        assert cancel(d.result.rhs.subs(point) - expected) == 0, (method, text)
    assume(derived)   # every strategy may refuse (no negative feedback): then nothing to compare


@pytest.mark.parametrize("text", [
    "V1 in 0 Vin\nR1 in m\nC1 m out\nR2 m out\nU1 0 m out\n",          # lossy integrator
    "V1 in 0 Vin\nR1 in a\nR2 a p\nC1 a out\nC2 p 0\nU1 p out out\n",   # Sallen-Key
    "I1 0 m Ip\nR1 m out\nC1 m out\nU1 0 m out\n",                       # TIA
])
def test_fixed_rc_circuits_by_every_method(text):
    circuit = parse_netlist(text, name="fixed")
    point = numeric_point(circuit.symbols, seed=3)
    expected = reference_voltages(circuit.substitute(point), {})[circuit.output]
    for method in ("virtual-short", "superposition", "nodal"):
        assert cancel(derive(circuit, method=method).result.rhs.subs(point) - expected) == 0, method
