"""Property test: on random op-amp circuits every strategy's derivation is proved
and equals the nodal solution (or the circuit is refused with a clear error)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import cancel

from derive.circuit import parse_netlist
from derive.derivation import STRATEGIES, derive
from derive.errors import DeriveError
from derive.solver import solve


@st.composite
def netlists(draw):
    n_sources = draw(st.integers(1, 2))
    lines = [f"V{i} in{i} 0 V{i}" for i in range(1, n_sources + 1)]
    nodes = ["0"] + [f"in{i}" for i in range(1, n_sources + 1)]
    n_ops = draw(st.integers(1, 3))
    for k in range(1, n_ops + 1):
        plus = draw(st.sampled_from(nodes))
        minus, out = f"m{k}", f"o{k}"
        lines.append(f"U{k} {plus} {minus} {out}")
        # negative feedback, and an input resistor from an earlier node
        lines.append(f"Rf{k} {out} {minus} Rf{k}")
        lines.append(f"Ri{k} {draw(st.sampled_from(nodes))} {minus} Ri{k}")
        nodes += [minus, out]
    for j in range(draw(st.integers(0, 3))):
        a, b = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        if a != b:
            lines.append(f"Rx{j} {a} {b} Rx{j}")
    lines.append(f".output o{n_ops}")
    return "\n".join(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(netlists())
def test_random_circuits_derive_and_prove(text):
    try:
        circuit = parse_netlist(text)
        expected = solve(circuit).output
    except DeriveError:
        return  # refused with a clear error: fine
    for method in STRATEGIES:
        d = derive(circuit, method=method)
        assert cancel(d.result.rhs - expected) == 0, (method, text)
