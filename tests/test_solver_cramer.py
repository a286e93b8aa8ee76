"""The Cramer/conductance route of the solver against elimination and the numeric reference."""
import random

import pytest
from sympy import ZZ, cancel, symbols
from sympy.polys.rings import PolyRing

from derive.circuit.library import builtin_names, load_circuit
from derive.circuit.netlist import parse_netlist
from derive.solver import solve
from derive.solver.mna import NodalSystem
from derive.solver.rational import as_expr, proved_coprime, reduce_fraction
from derive.solver.solve import _solve_elimination
from reference import numeric_point, reference_voltages


def _ladder(bits):
    lines = []
    for k in range(bits):
        lines += [f"VB{k} b{k} 0 D{k}", f"RL{k} b{k} n{k} RL{k}"]
        if k < bits - 1:
            lines.append(f"RS{k} n{k} n{k + 1} RS{k}")
    lines += ["RT n0 0 RT", f"RI n{bits - 1} m RI", "RF m out RF", "U1 0 m out"]
    return parse_netlist("\n".join(lines))


def _variants(circuit):
    yield circuit
    yield circuit.general()
    if len(circuit.opamps) <= 4:   # five symbolic gains and s: the reference alone takes minutes
        yield circuit.general().with_finite_gain()


@pytest.mark.parametrize("name", builtin_names())
def test_same_voltages_as_elimination(name):
    for circuit in _variants(load_circuit(name)):
        fast = solve(circuit)
        slow = _solve_elimination(circuit, NodalSystem(circuit))
        for node, value in slow.items():
            assert cancel(fast.v(node) - value) == 0, (name, node)


@pytest.mark.parametrize("bits", [1, 2, 3, 4])
def test_ladder_matches_numeric_reference(bits):
    circuit = _ladder(bits)
    solution = solve(circuit)
    point = numeric_point(circuit.symbols, seed=bits)
    reference = reference_voltages(circuit.substitute(point), {})
    for node in ("out", "n0", f"n{bits - 1}"):
        assert solution.v(node).subs(point) == reference[node], node


def test_matched_ladder_is_the_textbook_dac():
    # R-2R ladder, RI = R and RF = 2R: Vout = -sum D_k 2**k / 2**N (a textbook formula, the reference)
    bits = 4
    circuit = _ladder(bits)
    R = symbols("R", positive=True)
    values = {s: (2 * R if s.name.startswith(("RL", "RF", "RT")) else R)
              for s in circuit.symbols if s.name.startswith("R")}
    out = solve(circuit.substitute(values)).output
    D = symbols(f"D0:{bits}", real=True)
    textbook = -sum(d * 2**k for k, d in enumerate(D)) / 2**bits
    assert cancel(out.subs({s: d for s in out.free_symbols for d in D if s.name == d.name}) - textbook) == 0


def test_lowest_terms_and_sign():
    x, y, z = PolyRing(symbols("x y z"), ZZ).gens
    num, den = reduce_fraction((x + y) * (x - z) * 6, -(x + y) * y * 4)
    assert (num, den) == (-3 * x + 3 * z, 2 * y)


def test_coprime_proof_is_refused_when_a_factor_is_shared():
    x, y, z = PolyRing(symbols("x y z"), ZZ).gens
    assert proved_coprime(x * y + z, x + y)
    assert not proved_coprime((x * y + z) * (x + 1), (x + 1) * (y + z))


def test_fast_expression_is_sympys_own():
    syms = symbols("A R1 RG x", positive=True) + symbols("V1 W", real=True)
    ring = PolyRing(syms, ZZ)
    rng = random.Random(5)
    for _ in range(500):
        terms = {tuple(rng.choice([0, 0, 1, 2]) for _ in syms): rng.choice([1, -1, 3, -7])
                 for _ in range(rng.randint(0, 6))}
        p = ring.from_dict(terms)
        fast, slow = as_expr(p), p.as_expr()
        assert fast == slow and fast.args == slow.args and hash(fast) == hash(slow)


def test_limit_of_a_finite_gain_solution_is_the_ideal_one():
    circuit = load_circuit("inamp").general()
    limit = solve(circuit.with_finite_gain()).limit_infinite_gain()
    ideal = solve(circuit)
    for node in ideal.voltages:
        assert cancel(limit.v(node) - ideal.v(node)) == 0, node


def test_open_loop_output_has_no_limit():
    from sympy import Symbol

    from derive.errors import CircuitError

    circuit = parse_netlist("V1 in 0 Vin\nU1 in 0 out\nR1 out 0 RL")
    limit = solve(circuit.with_finite_gain(Symbol("A", positive=True))).limit_infinite_gain()
    with pytest.raises(CircuitError, match="grows without bound as A"):
        limit.output


def test_resistance_that_is_not_a_symbol_takes_the_field_route():
    # R2 = R1 + RG is no single conductance: the rows go through the fraction field
    circuit = load_circuit("inamp").general()
    R1, R2, RG = (next(s for s in circuit.symbols if s.name == n) for n in ("R1", "R2", "RG"))
    odd = circuit.substitute({R2: R1 + RG})
    fast = solve(odd).output
    slow = _solve_elimination(odd, NodalSystem(odd))["out"]
    assert cancel(fast - slow) == 0 and fast.has(R1) and not fast.has(R2)
