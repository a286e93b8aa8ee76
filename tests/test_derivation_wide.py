"""A wide summing amplifier (twelve inputs, source resistances, input dividers).

Its result is linear in twelve sources over twelve different branch
denominators: brought over one common denominator and factored whole, it took
minutes. Each method must give a proved result equal to the independent
reference solver at exact rational values, matched and ``--general``, written
as one factored term per input (never one large fraction).
"""
from pathlib import Path

import pytest
from sympy import Add, fraction

from derive.circuit.netlist import read_netlist
from derive.derivation import STRATEGIES, derive
from tests.support.reference import numeric_point, reference_voltages

SUMMER = Path(__file__).parent / "data" / "wide" / "summer12_dividers.net"


@pytest.mark.parametrize("general", [False, True], ids=["matched", "general"])
@pytest.mark.parametrize("method", sorted(STRATEGIES))
def test_the_wide_summer_agrees_with_the_reference_term_by_term(method, general):
    circuit = read_netlist(SUMMER)
    circuit = circuit.general() if general else circuit
    matched = circuit.matched()
    point = numeric_point(matched.symbols, seed=12)
    expected = reference_voltages(matched, point)[matched.output]
    d = derive(SUMMER, method, general)
    rhs = d.result.rhs
    assert rhs.subs(point) == expected, (method, general)
    replaced = set(circuit.match_substitutions())
    assert not rhs.free_symbols & replaced, "a matching condition was not applied"
    signals = {s for e in circuit.sources for s in e.value.free_symbols}
    terms = Add.make_args(rhs)
    assert len(terms) == len(signals) == 12
    for term in terms:
        held = term.free_symbols & signals
        assert len(held) == 1, term                     # one term per input
        # each coefficient in lowest terms on its own: a branch polynomial of at
        # most three terms below, not the product of all twelve branches
        _, den = fraction(term.together())
        assert len(Add.make_args(den.expand())) <= 3, term


def test_the_checker_grades_a_wide_cascade_and_names_each_quantity_in_textbook_form():
    # Found by the fuzz: the checker's reference quantities were factored whole
    # (minutes for each op-amp output of this cascade); now term by term.
    from derive.checker.grade import Grader

    path = SUMMER.parent / "summer12_cascade.net"
    text = path.read_text("utf-8")
    d = derive(path)
    right, grader = str(d.result.rhs), Grader()
    assert grader.check(right, text)["status"] == "equal"
    flipped = grader.check(f"-({right})", text)
    assert flipped["status"] == "not_equal" and flipped["diagnosis"][0]["code"] == "wrong_sign"
    stage = d.quantity(d.result.lhs.name, textbook=True)   # the checker's reference: one term per input
    signals = {s for e in d.circuit.sources for s in e.value.free_symbols}
    assert len(Add.make_args(stage)) == len(stage.free_symbols & signals) == 12
