"""The textbook LaTeX printer: notation, order, and never a changed value."""
import pytest
from latex_reader import read_equation
from sympy import Eq, Float, Rational, Symbol, cancel, symbols

from derive.circuit.library import builtin_names
from derive.derivation import derive
from derive.render.latex import equation_lines, latex, visible_width
from derive.notation.names import latex_symbol_name
from derive.render.textbook import ordered_terms, split_product

R, R1, R2, R3, R5, RG, Rg = symbols("R R1 R2 R3 R5 RG Rg", positive=True)
V1, V2, Vout, Vinp, Vinm, Vref, I = symbols("V1 V2 Vout Vinp Vinm Vref I_Rg", real=True)


def test_inamp_result_in_the_order_of_the_source_document():
    # the superposition article: V_out = (R2/R1)(1 + 2 R5/RG)(V1 - V2)
    tex = latex(Eq(Vout, R2 * (V1 - V2) * (2 * R5 / RG + 1) / R1))
    assert tex == (
        r"V_{out} = \frac{R_{2}}{R_{1}} \left(1 + \frac{2 R_{5}}{R_{G}}\right) (V_{1} - V_{2})"
    )


@pytest.mark.parametrize("expr, expected", [
    (-V1 + V2, "V_{2} - V_{1}"),                                   # positive term first
    (V2 * (-2 * R / RG - 1), r"-\left(1 + \frac{2 R}{R_{G}}\right) V_{2}"),
    ((V2 - V1) / Rg, r"\frac{V_{2} - V_{1}}{R_{g}}"),              # a plain quotient
    (I * (2 * R1 + Rg), "(2 R_{1} + R_{g}) I_{Rg}"),
    (-R5 * V1 / RG, r"-\frac{R_{5}}{R_{G}} V_{1}"),
    (R2 * V1 / (2 * R1), r"\frac{R_{2}}{2 R_{1}} V_{1}"),
    (R2 * V1 / (R1 * (R2 + R3)), r"\frac{R_{2}}{R_{1} (R_{2} + R_{3})} V_{1}"),
    (R2 / R1 + 1, r"1 + \frac{R_{2}}{R_{1}}"),                       # the 1 first
    (Float("0.5") * V1, r"\num{0.5} V_{1}"),                        # decimals through siunitx
])
def test_textbook_notation(expr, expected):
    assert latex(expr) == expected


def test_signals_order_the_terms_of_a_sum():
    expr = Vref + (Vinp - Vinm) * (1 + 2 * R / RG)
    assert latex(expr, signals=[Vinp, Vinm, Vref]) == (
        r"\left(1 + \frac{2 R}{R_{G}}\right) (V_{inp} - V_{inm}) + V_{ref}"
    )
    assert latex(expr, signals=[Vref, Vinp, Vinm]).startswith("V_{ref} + ")


def _all_steps():
    for name in builtin_names():
        for general in (False, True):
            d = derive(name, general=general)
            signals = [s.value for s in d.circuit.sources]
            for step in d.steps:
                yield pytest.param(step.equation, signals, id=f"{name}{'-general' if general else ''}:{step.id}")


STEPS = list(_all_steps())


@pytest.mark.parametrize("equation, signals", STEPS)
def test_textbook_order_keeps_every_value(equation, signals):
    for side in (equation.lhs, equation.rhs):
        for term in ordered_terms(side, signals):
            assert cancel(split_product(term).value() - term) == 0
        assert sum(ordered_terms(side, signals)) - side == 0


@pytest.mark.parametrize("equation, signals", STEPS)
def test_printed_equation_reads_back_as_the_step(equation, signals):
    """Parse the LaTeX back (independent reader) and compare with the step's equation."""
    tex = r" \\ ".join(equation_lines(equation, signals))
    table = {latex_symbol_name(s.name): s for s in equation.free_symbols}
    back = read_equation(tex, table)
    assert cancel(back.lhs - equation.lhs) == 0, tex
    assert cancel(back.rhs - equation.rhs) == 0, tex


def test_reader_catches_a_wrong_print():
    # the check above can fail: a product printed without its parentheses
    table = {"V_{1}": V1, "R_{1}": R1, "R_{g}": Rg}
    back = read_equation("V_{1} = R_{g} + 2 R_{1} V_{1}", table)
    assert cancel(back.rhs - (2 * R1 + Rg) * V1) != 0


def test_long_equations_break_before_a_sign():
    d = derive("inamp", general=True)
    lines = equation_lines(d.result)
    assert len(lines) == 2
    assert lines[0].startswith("V_{out} &= ") and lines[1].startswith(r"&\quad - ")
    assert equation_lines(derive("inamp").result) == [
        r"V_{out} &= \frac{R_{2}}{R_{1}} \left(1 + \frac{2 R_{5}}{R_{G}}\right) (V_{1} - V_{2})"
    ]


def test_visible_width_counts_the_wider_part_of_a_fraction():
    assert visible_width(r"\frac{R_{1} R_{2} R_{3}}{R_{4}}") == pytest.approx(visible_width("R_{1} R_{2} R_{3}") + 0.5)
    assert visible_width(r"V_{out}") < visible_width("Vout")


def test_symbol_names_are_textbook_subscripts():
    assert latex(Symbol("Vout1")) == "V_{out1}"
    assert latex(Rational(1, 2) * Symbol("A_U1", positive=True)) == r"\frac{A_{U1}}{2}"
