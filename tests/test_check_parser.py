"""The answer parser: many written forms read the same, ambiguity refused."""
from fractions import Fraction

import pytest

from derive.checker.errors import AnswerError
from derive.checker.parser import parse
from derive.checker.tree import evaluate, show
from derive.checker.vocabulary import Vocabulary

NAMES = ["R1", "R2", "R5", "R6", "RG", "V1", "V2", "Vout", "V11", "V_g1"]
VOCAB = Vocabulary(NAMES)
POINT = {"R1": Fraction(1000), "R2": Fraction(4700), "R5": Fraction(2200), "R6": Fraction(3300),
         "RG": Fraction(470), "V1": Fraction(3, 10), "V2": Fraction(-1, 5)}
# (1 + 2 R5/RG) R2/R1 (V1 - V2), computed by hand at POINT
EXPECTED = (1 + Fraction(2 * 2200, 470)) * Fraction(4700, 1000) * (Fraction(3, 10) + Fraction(1, 5))

SAME = [
    "(1+2*R5/RG)*R2/R1*(V1-V2)",
    "(1 + 2 R5/RG) (V1 - V2) R2/R1",
    "(1+2R5/RG)*R2*(V1-V2)/R1",
    "R2*(V1-V2)*(1+2*R5*RG^-1)/R1",
    "R2*(V1-V2)*(1+2*R5*RG**-1)/R1",
    "(1+2*R_5/R_G)*R_2/R_1*(V_1-V_2)",
    "(1+2*R_{5}/R_{G})*R_{2}/R_{1}*(V_{1}-V_{2})",
    "(1+2·R5/RG)·R2/R1·(V1−V2)",
    "[1+2*R5/RG]*R2/R1*(V1-V2)",
    "((RG+2R5)/RG)*(R2/R1)*(V1-V2)",
    "Vout = (1+2*R5/RG)*R2/R1*(V1-V2)",
    "(1+2*r5/rg)*R2/R1*(V1-V2)",
    r"\left(1+\frac{2R_5}{R_G}\right)\frac{R_2}{R_1}(V_1-V_2)",
    r"\left(1+\frac{2R_{5}}{R_{G}}\right)\cdot\frac{R_{2}}{R_{1}}\cdot\left(V_{1}-V_{2}\right)",
    r"\frac{R_2}{R_1}\left(1+\frac{2\,R_5}{R_G}\right)\left(V_1-V_2\right)",
    r"\dfrac{R_2 (R_G + 2 R_5)}{R_1 R_G} \times (V_1 - V_2)",
    r"\left(1+\frac{2\mathrm{R}_5}{\mathrm{R}_\mathrm{G}}\right)\frac{R_2}{R_1}(V_1-V_2)",
    r"{\left(1+{2R_5}\cdot{R_G}^{-1}\right)}\frac{R_2}{R_1}(V_1-V_2)",
]


@pytest.mark.parametrize("text", SAME)
def test_written_forms_read_the_same(text):
    assert evaluate(parse(text, VOCAB).tree, POINT) == EXPECTED


def test_interpretation_is_echoed_with_explicit_operators():
    assert show(parse("(1+2R5/R_G)(V1-V2)R2/R1", VOCAB).tree) == "(1 + 2*R5/RG)*(V1 - V2)*R2/R1"
    assert show(parse(r"\frac{R_2}{R_1}", VOCAB).tree) == "R2/R1"
    assert show(parse("R1 - (R2 - R5)", VOCAB).tree) == "R1 - (R2 - R5)"
    assert show(parse("-R5^2", VOCAB).tree) == "-R5^2"
    assert show(parse("(-R5)^2", VOCAB).tree) == "(-R5)^2"


def test_lhs_is_read_and_aliases_resolve():
    p = parse("V_{out} = R1", VOCAB)
    assert p.lhs == "Vout"
    assert show(parse("Vg1 + V_{g1}", VOCAB).tree) == "V_g1 + V_g1"


def test_glued_names_split_when_unambiguous():
    assert show(parse("R2R5RG", VOCAB).tree) == "R2*R5*RG"
    assert show(parse("2R5", VOCAB).tree) == "2*R5"


def test_numbers_with_prefix_and_unit():
    assert parse("49.4k", VOCAB).tree == ("num", Fraction(49400), None)
    assert parse("8.49 kΩ", VOCAB).tree == ("num", Fraction(8490), "ohm")
    assert parse("8491 ohm", VOCAB).tree == ("num", Fraction(8491), "ohm")
    assert parse("131.35 mV", VOCAB).tree == ("num", Fraction(13135, 100000), "volt")
    assert parse(r"\SI{8.49}{\kilo\ohm}", VOCAB).tree == ("num", Fraction(8490), "ohm")
    assert parse(r"8.49\,\mathrm{k\Omega}", VOCAB).tree == ("num", Fraction(8490), "ohm")
    assert parse("2.2meg", VOCAB).tree == ("num", Fraction(2200000), None)
    assert parse("1e3", VOCAB).tree == ("num", Fraction(1000), None)


@pytest.mark.parametrize("text, code", [
    ("R2/R1(V1-V2)", "ambiguous_division"),      # R2/(R1(V1-V2)) or (R2/R1)(V1-V2)?
    ("1/2R5", "ambiguous_division"),
    ("R5 2", "number_after_operand"),
    ("R1 +", "unexpected_end"),
    ("(R1 + R2", "unclosed"),
    ("R1 + R2)", "unexpected"),
    ("R1 R2 = R5", "bad_lhs"),
    ("Vout = R1 = R2", "several_equals"),
    ("R1 + x", "unknown_name"),
    ("R1, R2", "bad_character"),
    ("R1^R2", "symbolic_exponent"),
    ("R1^(1/3)", "bad_exponent"),
    ("", "empty"),
    ("kΩ", "unit_without_number"),
    ("5 kΩ * R1", "unit_in_formula"),
    (r"\frac{R_1}", "latex_group"),
    (r"\frac R_1 R_2", "latex_group"),
    (r"\int R_1", "unknown_command"),
    ("R_", "bad_subscript"),
    ("sqrt R1", "function_needs_parentheses"),
    ("1/0", "division_by_zero"),
])
def test_refusals_name_the_problem(text, code):
    with pytest.raises(AnswerError) as err:
        tree = parse(text, VOCAB).tree
        from derive.checker.parser import constant
        from derive.checker.tree import names
        if not names(tree):       # a constant: folding it finds a division by zero
            constant(tree, __import__("derive.checker.limits", fromlist=["LIMITS"]).LIMITS)
    assert err.value.code == code
    assert str(err.value)          # one readable sentence


def test_ambiguous_glued_names_are_refused():
    vocab = Vocabulary(["Ra", "Rab", "bc", "c"])
    assert show(parse("RaRab", vocab).tree) == "Ra*Rab"
    with pytest.raises(AnswerError) as err:
        parse("Rabc", vocab)        # Ra*bc or Rab*c?
    assert err.value.code == "ambiguous_name"


def test_unit_that_is_also_a_name_is_refused():
    vocab = Vocabulary(["A", "R1"])
    with pytest.raises(AnswerError) as err:
        parse("5 A", vocab)
    assert err.value.code == "ambiguous_unit"


def test_a_reference_of_thousands_of_terms_is_a_shallow_tree():
    """A large circuit's expanded reference (thousands of terms) once became a
    chain one level deep per term, and evaluating it hit Python's recursion
    limit inside `derive check` (found by the any-circuit fuzz)."""
    from fractions import Fraction

    from sympy import Add, symbols

    from derive.checker.tree import evaluate, from_sympy, names, show, to_sympy

    xs = symbols("x0:3000", positive=True)
    expr = Add(*[x * xs[(i + 1) % 3000] for i, x in enumerate(xs)])
    tree = from_sympy(expr)

    def depth(t):
        return 1 + max((depth(c) for c in t[1:] if isinstance(c, tuple)), default=0)

    assert depth(tree) <= 20
    point = {x.name: Fraction(i + 1) for i, x in enumerate(xs)}
    assert evaluate(tree, point) == expr.subs({x: i + 1 for i, x in enumerate(xs)})
    assert len(names(tree)) == 3000
    assert to_sympy(tree, {x.name: x for x in xs}) - expr == 0
    assert show(from_sympy(xs[0] * xs[1] * xs[2] * xs[3])) == "x0*x1*x2*x3"
