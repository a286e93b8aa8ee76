"""Circuits users bring (not built-ins): every method, matched and general.

Each netlist in tests/data/anycircuit/ is derived with the default method and
with each strategy, matched and ``--general``. A derivation must be proved
and equal to the independent reference solver (tests/support/reference.py);
a strategy may decline (then ``derive`` falls back and says so), never fail.
Circuits with positive feedback are refused with one sentence naming the
op-amp and the input the feedback reaches.
"""
from pathlib import Path

import pytest
from sympy import Symbol, cancel

from derive.circuit.netlist import read_netlist
from derive.derivation import STRATEGIES, Declined, PositiveFeedbackError, derive
from derive.render.text import render_text
from derive.text import catalog, placeholders
from tests.support.reference import numeric_point, reference_voltages

DATA = Path(__file__).parent / "data" / "anycircuit"
NETLISTS = sorted(DATA.glob("*.net"))
POSITIVE_FEEDBACK = {"swapped_inverting", "schmitt", "schmitt_noninv"}
AMPLIFIERS = [p for p in NETLISTS if p.stem not in POSITIVE_FEEDBACK]
METHODS = [None, *STRATEGIES]


def test_the_corpus_covers_twenty_circuits():
    assert len(AMPLIFIERS) + len(POSITIVE_FEEDBACK) >= 20
    assert {p.stem for p in NETLISTS} >= POSITIVE_FEEDBACK


def _circuit(path, general):
    c = read_netlist(path)
    return c.general() if general else c


def _reference_output(circuit, seed):
    matched = circuit.matched()
    point = numeric_point(matched.symbols, seed)
    return point, reference_voltages(matched, point)[matched.output]


@pytest.mark.parametrize("general", [False, True], ids=["matched", "general"])
@pytest.mark.parametrize("path", AMPLIFIERS, ids=lambda p: p.stem)
def test_every_method_is_proved_and_agrees_with_the_reference(path, general):
    circuit = _circuit(path, general)
    replaced = set(circuit.match_substitutions())
    point, expected = _reference_output(circuit, seed=len(path.stem))
    for method in METHODS:
        d = derive(path, method, general)
        if method is not None and d.method != method:
            assert d.declined and d.declined[0][0] == method, (path.stem, method)
        assert not d.result.rhs.free_symbols & replaced, f"{path.stem} {method}: matching ignored"
        assert cancel(d.result.rhs.subs(point) - expected) == 0, (path.stem, method, d.result)
        for step in d.steps:    # no placeholder renders empty ("... at .")
            needed = placeholders(catalog("en")["steps"][step.kind])
            assert all(step.params.get(k) not in (None, "", [], ()) for k in needed), (step.kind, path.stem)
        seen = [(s.kind, s.equation, s.scenario) for s in d.steps]
        assert len(seen) == len(set(seen)), f"{path.stem} {method}: a step is written twice"
        for step in d.steps:    # "solving the equations above": the equations are above
            if step.kind == "solution":
                shown = {u.kind for u in d.steps if u.id in step.uses}
                assert shown & {"kcl", "kcl_impedances", "kcl_elements", "open_loop_gain"}, (path.stem, method)
        text = render_text(d)
        assert " at ." not in text and "{" not in text
        if any(not op.ideal for op in circuit.opamps):
            assert "are ideal" not in text


@pytest.mark.parametrize("path", AMPLIFIERS, ids=lambda p: p.stem)
@pytest.mark.parametrize("method", list(STRATEGIES))
def test_a_strategy_proves_or_declines(path, method):
    for general in (False, True):
        circuit = _circuit(path, general)
        try:
            STRATEGIES[method](circuit, general)
        except Declined as exc:
            assert method != "nodal" and exc.reason.startswith("decline_")


@pytest.mark.parametrize("name", sorted(POSITIVE_FEEDBACK))
def test_positive_feedback_is_refused_naming_the_opamp_and_input(name):
    for general in (False, True):
        for method in METHODS:
            with pytest.raises(PositiveFeedbackError) as info:
                derive(DATA / f"{name}.net", method, general)
            message = str(info.value.reason)
            assert str(info.value).split(": U1")[0].endswith(f"line {info.value.opamp.line}")   # U1's line
            assert message.startswith("U1") and "non-inverting input (+" in message
            assert message.count(". ") == 0 and message.endswith(".")


def test_the_default_says_why_it_fell_back():
    from derive.text import method_text

    d = derive(DATA / "bridge_diffamp.net")
    assert d.method == "nodal"
    assert d.declined == (("virtual-short", "decline_nodal"), ("superposition", "decline_nodal"))
    assert "do not apply: on this circuit it would only write Kirchhoff" in method_text(d, "en")
    assert "no se aplican" in method_text(d, "es")
    t = derive(DATA / "t_inverting.net")          # once called singular: now its own textbook route
    assert t.method == "virtual-short" and not t.declined
    assert "node_current" in {s.kind for s in t.steps}
    t = derive(DATA / "t_input.net")              # fell back to nodal: now Millman's theorem at the T
    assert t.method == "virtual-short" and not t.declined
    step = next(s for s in t.steps if s.kind == "millman")
    Ra, Rb, Rc, Rf, Vin = (next(x for x in t.result.rhs.free_symbols if x.name == n)
                           for n in ("Ra", "Rb", "Rc", "Rf", "Vin"))
    assert cancel(t.result.rhs + Rf * Rb * Vin / (Ra * Rb + Ra * Rc + Rb * Rc)) == 0
    assert len(step.params["resistors"]) == 3 and step.equation.lhs.name == "V_t"


def test_user_names_are_never_captured():
    d = derive(DATA / "summing12.net", "superposition")
    assert d.method == "superposition" and not d.declined
    inputs = {Symbol(f"V{i}", real=True) for i in range(1, 13)}
    assert inputs <= d.result.rhs.free_symbols
    assert not {q.symbol for q in d.quantities} & inputs


@pytest.mark.parametrize("method", METHODS)
def test_check_grades_a_matched_answer_right_by_every_method(method):
    from derive.checker import check

    path = str(DATA / "inamp_pot.net")
    right = "R4a/R3a*(1 + 2*R2a/(R1f + Rp))*(V1 - V2)"
    assert check(right, path, method=method)["equivalent"] is True
    wrong = check("R4a/R3a*(1 + 2*R2a/R1f)*(V1 - V2)", path, method=method)
    assert wrong["equivalent"] is False
    assert "1 times" not in wrong["feedback"] and "each other's place" not in wrong["feedback"]


def test_check_on_a_four_opamp_inamp_is_decided():
    from derive.checker import check

    path = str(DATA / "inamp4_gainref.net")
    for method in METHODS:
        assert check("R2/R1*(1 + 2*R5/RG)*(V1 - V2) - Vref", path, method=method)["equivalent"] is True


def test_when_no_diagnosis_fits_the_checker_says_where_the_answer_differs():
    from derive.checker import check

    r = check("R2/R1*(1+2*R5/RG)*V1 - R2/R1*(1+R5/RG)*V2", "inamp")
    assert r["equivalent"] is False
    assert [d["code"] for d in r["diagnosis"]] == ["differs_in"]
    assert "multiplies V2" in r["feedback"] and "V1" not in r["feedback"].split("multiplies")[1]
