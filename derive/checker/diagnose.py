"""The mistake catalogue: say *what* is wrong with an answer.

Each diagnosis is a ``(code, params)`` pair; the code is a key of the message
catalogs (``check_en.json``, ``check_es.json``). Every test is exact: the
answer is compared, at the same random rational points as the equivalence
check (:mod:`~derive.checker.candidates`), with the reference changed in one
typical way (:mod:`~derive.checker.formula_mistakes`) —

* the sign (``wrong_sign``), or the inputs exchanged (``sign_or_swap``),
* a constant factor (``constant_factor``), a factor of symbols (``missing_factor``),
* an input voltage missing or extra as a whole term (``missing_term``: no ``+ Vref``),
* two symbols exchanged (``swapped_symbols``: RG in R5's place),
* one symbol scaled by 2 or 1/2 (``scaled_symbol``: the missing 2 in 2R5/RG),
* the answer right only under some of the circuit's conditions (``only_if``),
* another quantity of the derivation, of any method (``other_quantity``),
* in the s-domain (:mod:`~derive.checker.sdomain_mistakes`): the s left out
  (``missing_s``: right only at s = 1), a resistor and a capacitor exchanged
  (``rc_swapped``), and two elements in parallel written as in series
  (``parallel_as_sum``: R + 1/(sC) for R ∥ 1/(sC)),

and the answer's units are checked (:mod:`~derive.checker.dimensions`:
``inconsistent_units``, ``wrong_dimension``). Numeric answers
(:mod:`~derive.checker.number_mistakes`) get ``within_tolerance``/
``outside_tolerance``, ``wrong_unit``, ``prefix_off``, ``number_sign`` and
``two_pi_times``/``two_pi_over`` (off by 2π: an angular frequency ω given for
a frequency f in Hz, or the other way).

This module is the checker's one entry to the diagnoses; the modules above each
hold one kind.

>>> from derive.checker.context import Context
>>> from derive.checker.equivalence import prepare
>>> from derive.checker.parser import parse
>>> from derive.checker.problem import Problem
>>> problem = Problem(Context("inverting"), "Vout")
>>> raw = parse("Rf/Rin*Vin", problem.context.vocabulary).tree
>>> formula_diagnosis(prepare(raw, problem), raw, problem)
[('wrong_sign', {})]
"""
from .dimensions import dimension, unit_diagnosis, unit_text
from .formula_mistakes import formula_diagnosis
from .number_mistakes import answer_unit, number_diagnosis, percent, two_pi_formula

__all__ = ["answer_unit", "dimension", "formula_diagnosis", "number_diagnosis", "percent", "two_pi_formula",
           "unit_diagnosis", "unit_text"]
