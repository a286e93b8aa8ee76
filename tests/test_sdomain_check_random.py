"""A right answer is never graded wrong, in the s-domain: the engine's own results
(H(s) and the quantities of its textbook forms: tau, omega_p, omega_0, f_c, f_0, Q, K)
printed as text and as LaTeX, in forms SymPy rewrites them into, and as numbers
with their unit for values hypothesis draws, are fed back to the checker."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import Symbol, cancel, expand, factor, latex, together

from derive.checker.context import OHM, UNIT_DIMS
from derive.checker.grade import Grader
from derive.notation.units import unit_symbol

CIRCUITS = ("integrator", "differentiator", "lossy-integrator", "tia", "sallen-key-lp", "mfb-bandpass",
            "ecg-front-end")
REWRITES = {"as derived": lambda e: e, "expanded": expand, "factored": factor, "together": together,
            "cancelled": cancel}
GRADER = Grader()
SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def quantities(circuit):
    ctx = GRADER.context(circuit)
    return ctx, sorted(ctx.own)


@SETTINGS
@given(st.data())
def test_the_engines_own_formulas_are_right(data):
    circuit = data.draw(st.sampled_from(CIRCUITS), "circuit")
    ctx, names = quantities(circuit)
    name = data.draw(st.sampled_from(names), "quantity")
    value = data.draw(st.sampled_from(sorted(REWRITES)), "rewrite")
    expr = REWRITES[value](ctx.own[name])
    text = data.draw(st.sampled_from([str(expr), latex(expr), "$" + latex(expr) + "$"]), "printed")
    r = GRADER.check(text, circuit, name)
    assert r["equivalent"] is True, (circuit, name, text, r["feedback"])


@SETTINGS
@given(st.data())
def test_the_engines_own_formulas_in_j_omega(data):
    """H(jω) written out in j and ω is read back as H(s) (the Laplace reader), and
    H(−jω), the conjugate, another real function of ω, is never graded right."""
    circuit = data.draw(st.sampled_from(CIRCUITS), "circuit")
    ctx, names = quantities(circuit)
    name = data.draw(st.sampled_from([n for n in names if "s" in {x.name for x in ctx.own[n].free_symbols}]),
                     "quantity")
    s = next(x for x in ctx.own[name].free_symbols if x.name == "s")
    value = data.draw(st.sampled_from(sorted(REWRITES)), "rewrite")
    expr = REWRITES[value](ctx.own[name])
    omega = data.draw(st.sampled_from(["w", "ω"]), "omega")
    j, w = Symbol("j"), Symbol(omega)
    right = str(expr.subs(s, j * w))
    r = GRADER.check(right, circuit, name)
    assert r["equivalent"] is True, (circuit, name, right, r["feedback"])
    wrong = str(expr.subs(s, -j * w))
    r = GRADER.check(wrong, circuit, name)
    assert r["equivalent"] is not True, (circuit, name, wrong, r["feedback"])


def _given_text(ctx, symbols, digits):
    """Values for every symbol: resistances in kΩ, capacitances in nF, the rest in mV."""
    items = []
    for sym, m in zip(sorted(symbols, key=lambda s: s.name), digits):
        dims = ctx.dims.get(sym.name)
        suffix = "k" if dims == OHM else "n" if dims == UNIT_DIMS["farad"] else "m"
        items.append(f"{sym.name}={m}{suffix}")
    return ", ".join(items)


@SETTINGS
@given(st.data())
def test_the_engines_own_numbers_are_right(data):
    circuit = data.draw(st.sampled_from(CIRCUITS), "circuit")
    ctx, names = quantities(circuit)
    name = data.draw(st.sampled_from([n for n in names if "s" not in {x.name for x in ctx.own[n].free_symbols}]),
                     "quantity")
    symbols = ctx.own[name].free_symbols
    digits = data.draw(st.lists(st.integers(1, 999), min_size=len(symbols), max_size=len(symbols)), "values")
    given_text = _given_text(ctx, symbols, digits)
    problem = GRADER.problem(circuit, name, given_text)
    shown = f"{float(problem.value):.6g}"
    unit = ctx.units.get(name)
    answers = [shown] + ([f"{shown} {unit_symbol(unit)}"] if unit else [])
    answer = data.draw(st.sampled_from(answers), "answer")
    r = GRADER.check(answer, circuit, name, given_text)
    assert r["equivalent"] is True, (circuit, name, given_text, answer, r["feedback"])


@pytest.mark.parametrize("circuit", CIRCUITS)
def test_every_circuit_has_its_textbook_quantities(circuit):
    ctx, names = quantities(circuit)
    expected = {"K"} | ({"tau"} if circuit in ("integrator", "differentiator", "lossy-integrator", "tia")
                        else {"omega_0", "f_0", "Q"})
    assert expected <= set(names)
