"""H(s) in the forms textbooks use, each step proved: DC gain, behaviour at high
frequency, first-order K(1 + s/w_z)/(1 + s/w_p) with its time constant, second
order with w0, Q and K, poles and zeros, and the value at one frequency.

Every named quantity (H, K, w_p, w0, Q, ...) is *defined* from the circuit's
nodal solution (the output for a unit input), independently of the
derivation; each step's right-hand side comes from the derivation's proved
result, so a step holds only if both routes agree. The forms are then
identities once the definitions are substituted.

>>> a = transfer_forms("sallen-key-lp")
>>> [s.kind for s in a.steps]
['transfer_function', 'dc_gain', 'hf_limit', 'natural_frequency', 'quality_factor', 'second_order_lowpass']
>>> a.step("natural_frequency").equation.rhs
1/(sqrt(C1)*sqrt(C2)*sqrt(R1)*sqrt(R2))
"""
from sympy import I, Poly, S, Symbol, cancel, factor, fraction, pi, roots, sqrt

from ..circuit.elements import LAPLACE
from ..errors import CircuitError, DeriveError
from ..text.numerals import formatted
from ..text.messages import Message
from ..solver.solve import limit_s
from .steps import AnalysisBuilder

H = Symbol("H")
H0, HINF = Symbol("H_0"), Symbol("H_inf")
K, WP, WZ, TAU = Symbol("K"), Symbol("omega_p"), Symbol("omega_z"), Symbol("tau")
W0, Q = Symbol("omega_0"), Symbol("Q")


def _input(circuit):
    """``(label, per_unit)``: the first input, and the function that turns an
    output into H (its coefficient, or the output over a numeric input)."""
    sources = circuit.sources
    if not sources:
        raise DeriveError(Message("sdomain_no_input", circuit=circuit.name))
    value = sources[0].value
    if not value.free_symbols:
        if value == 0:
            raise DeriveError(Message("sdomain_zero_input", name=sources[0].name, circuit=circuit.name))
        return Symbol(sources[0].name), lambda out: out / value
    vin = sorted(value.free_symbols, key=lambda s: s.name)[0]
    return vin, lambda out: out.diff(vin)


def transfer_forms(circuit, method=None, general=False):
    """The proved textbook forms of the transfer function of ``circuit`` (a name,
    path or Circuit) from its first input to its output; an Analysis.
    ``general`` keeps every element its own symbol (no matching conditions).

    >>> a = transfer_forms("lossy-integrator")
    >>> a.step("first_order").equation.rhs
    K/(1 + s/omega_p)
    >>> a.value(K), a.value(TAU)
    (-Rf/Rin, Cf*Rf)
    """
    from ..circuit.library import load_circuit
    from ..derivation import derive
    from ..solver import solve

    if not hasattr(circuit, "elements"):
        circuit = load_circuit(circuit)
    circuit = circuit.general() if general else circuit.matched()
    vin, per_unit = _input(circuit)
    d = derive(circuit, method=method)
    derived = cancel(per_unit(d.result.rhs))             # from the proved derivation
    nodal = per_unit(solve(circuit).output)              # the independent definition
    b = AnalysisBuilder("transfer", circuit)
    b.values["input"] = vin
    b.define(H, nodal)
    top = b.add("transfer_function", "transfer_function", H, derived, input=vin, output=circuit.output_symbol)
    num, den = (Poly(p, LAPLACE) for p in fraction(cancel(derived)))
    try:
        h0 = limit_s(derived, False)
        b.define(H0, limit_s(nodal, False))
        b.add("dc_gain", "dc_gain", H0, h0, uses=[top])
    except CircuitError:
        b.add("dc_gain", "dc_unbounded", 1 / H, S.Zero, uses=[top], at={LAPLACE: S.Zero})
    try:
        hinf = limit_s(derived, True)
        b.define(HINF, limit_s(nodal, True))
        b.add("hf_limit", "hf_limit", HINF, hinf, uses=[top])
    except CircuitError:
        pass
    last = top
    if den.degree() <= 1 and num.degree() <= 1 and den.degree() + num.degree() >= 1:
        last = _first_order(b, top, num, den, nodal)
    elif den.degree() == 2 and num.is_monomial:
        last = _second_order(b, top, num, den, nodal)
    b.values["poles"] = [r for r, m in roots(den.as_expr(), LAPLACE).items() for _ in range(m)]
    b.values["zeros"] = [r for r, m in roots(num.as_expr(), LAPLACE).items() for _ in range(m)]
    return b.finish(last)


def _coefficients(expr):
    n, d = (Poly(p, LAPLACE) for p in fraction(cancel(expr)))
    return [n.coeff_monomial(LAPLACE**k) for k in range(3)], [d.coeff_monomial(LAPLACE**k) for k in range(3)]


def _first_order(b, top, num, den, nodal):
    """K (1 + s/w_z)/(1 + s/w_p); a pole or zero at s = 0 as the integrator's K/(s tau)."""
    (n0, n1, _), (d0, d1, _) = [num.coeff_monomial(LAPLACE**k) for k in range(3)], \
        [den.coeff_monomial(LAPLACE**k) for k in range(3)]
    (m0, m1, _), (e0, e1, _) = _coefficients(nodal)
    s = LAPLACE
    if d0 != 0 and n0 != 0:
        b.define(K, m0 / e0)
        b.define(WP, e0 / e1)
        b.define(TAU, e1 / e0)
        steps = [b.add("time_constant", "time_constant", TAU, factor(d1 / d0), uses=[top]),
                 b.add("pole", "pole_frequency", WP, 1 / TAU, uses=[top])]
        b.values["cutoff_hz"] = cancel(d0 / d1) / (2 * pi)
        if n1 != 0:
            b.define(WZ, m0 / m1)
            steps.append(b.add("zero", "zero_frequency", WZ, factor(n0 / n1), uses=[top]))
            form = K * (1 + s / WZ) / (1 + s / WP)
        else:
            form = K / (1 + s / WP)
        return b.add("first_order", "first_order", H, form, uses=[top] + steps, gain=factor(n0 / d0))
    if d0 == 0 and n1 == 0:       # integrator: H = n0/(d1 s) = K/(s tau), |K| = 1
        b.define(TAU, abs(e1 / m0))
        b.define(K, (m0 / e1) * abs(e1 / m0))
        tau = b.add("time_constant", "time_constant", TAU, factor(abs(d1 / n0)), uses=[top])
        return b.add("first_order", "integrator_form", H, K / (s * TAU), uses=[top, tau])
    if n0 == 0 and d1 == 0:       # differentiator: H = n1 s/d0 = K s tau
        b.define(TAU, abs(m1 / e0))
        b.define(K, (m1 / e0) / abs(m1 / e0))
        tau = b.add("time_constant", "time_constant", TAU, factor(abs(n1 / d0)), uses=[top])
        return b.add("first_order", "differentiator_form", H, K * s * TAU, uses=[top, tau])
    return top


def _second_order(b, top, num, den, nodal):
    """K w0^2/(s^2 + (w0/Q) s + w0^2), or its band-pass and high-pass forms."""
    d0, d1, d2 = (den.coeff_monomial(LAPLACE**k) for k in range(3))
    (m0, m1, m2), (e0, e1, e2) = _coefficients(nodal)
    s = LAPLACE
    b.define(W0, sqrt(cancel(e0 / e2)))
    b.define(Q, sqrt(cancel(e0 / e2)) * cancel(e2 / e1))
    w0 = b.add("natural_frequency", "natural_frequency", W0, sqrt(factor(d0 / d2)), uses=[top])
    q = b.add("quality_factor", "quality_factor", Q, factor(sqrt(factor(d0 / d2)) * d2 / d1), uses=[top])
    b.values["f0_hz"] = sqrt(cancel(d0 / d2)) / (2 * pi)
    shape = num.degree()
    n = num.LC()
    denominator = s**2 + W0 / Q * s + W0**2
    if shape == 0:
        b.define(K, m0 / e0)
        return b.add("second_order", "second_order_lowpass", H, K * W0**2 / denominator,
                     uses=[top, w0, q], gain=factor(n / d0))
    if shape == 1:
        b.define(K, m1 / e1)
        return b.add("second_order", "second_order_bandpass", H, K * (W0 / Q) * s / denominator,
                     uses=[top, w0, q], gain=factor(n / d1))
    b.define(K, m2 / e2)
    return b.add("second_order", "second_order_highpass", H, K * s**2 / denominator,
                 uses=[top, w0, q], gain=factor(n / d2))


def value_at(expr, frequency):
    """``expr`` (a function of s) at s = j*2*pi*f: the exact complex value.

    >>> value_at(1/(1 + LAPLACE), 1/(2*pi))
    (1 - I)/2
    """
    return expr.xreplace({LAPLACE: 2 * pi * I * S(frequency)})


def characteristic_frequencies(analysis):
    """``[(catalog key, symbol, value in Hz)]``: the cutoff ``f_c = w_p/(2 pi)`` of a
    first-order H, the natural frequency ``f_0 = w_0/(2 pi)`` of a second-order one.

    >>> characteristic_frequencies(transfer_forms("lossy-integrator"))
    [('cutoff_line', f_c, 1/(2*pi*Cf*Rf))]
    """
    out = []
    if "cutoff_hz" in analysis.values:
        out.append(("cutoff_line", Symbol("f_c"), analysis.values["cutoff_hz"]))
    if "f0_hz" in analysis.values:
        out.append(("f0_line", Symbol("f_0"), analysis.values["f0_hz"]))
    return out


def forms_latex(analysis, lang="en"):
    """The forms as a LaTeX body: the proved steps (labelled equations), then the
    poles, zeros and characteristic frequency as a paragraph of inline math."""
    from sympy import Eq

    from ..render.latex import equation_lines
    from .report import escape, latex_math, render_steps_latex, ui

    out = [render_steps_latex(analysis, lang).rstrip(), "", f"\\subsection*{{{escape(ui('poles_zeros_heading', lang))}}}", ""]
    for key, name in (("poles", "p"), ("zeros", "z")):
        found = analysis.values.get(key) or []
        if not found:
            out.append(f"\\noindent {escape(ui(key, lang))}: {escape(ui('none', lang))}.\\par")
            continue
        rows = [line for k, r in enumerate(found, start=1)
                for line in equation_lines(Eq(Symbol(f"{name}_{k}") if len(found) > 1 else Symbol(name), r))]
        out += [f"\\noindent {escape(ui(key, lang))}:", "\\begin{align*}", " \\\\\n".join(f"  {r}" for r in rows),
                "\\end{align*}"]
    for key, symbol, value in characteristic_frequencies(analysis):
        out.append(f"\\noindent {escape(ui(key, lang))}: {latex_math(Eq(symbol, value))}.\\par")
    return "\n".join(out) + "\n"


def forms_text(analysis, lang="en", frequency=None, values=None):
    """The forms as terminal text: a heading, the numbered steps, poles and zeros,
    and the value of H at ``frequency`` (Hz) if one is given (with ``values``,
    numbers for the elements, that value is a number)."""
    from sympy import Eq

    from ..render.text import equation_block, labelled_equations
    from .report import render_steps_text, title, ui

    out = [title(analysis, lang), "", render_steps_text(analysis, lang).rstrip(), ""]
    for key in ("poles", "zeros"):
        found = analysis.values.get(key) or []
        if not found:
            out.append(f"{ui(key, lang)}: {ui('none', lang)}")
            continue
        names = [LAPLACE] if len(found) == 1 else [Symbol(f"s{k}") for k in range(1, len(found) + 1)]
        out += labelled_equations(ui(key, lang), [Eq(n, r) for n, r in zip(names, found)])
    for key, symbol, value in characteristic_frequencies(analysis):
        out += labelled_equations(ui(key, lang), [Eq(symbol, value)])
    if frequency is not None:
        h = analysis.value(H)
        if values:
            h = h.xreplace({sym: v for sym, v in values.items() if sym in h.free_symbols})
        h = value_at(h, frequency)
        out.append("")
        out.append(ui("value_at", lang, frequency=formatted(frequency, "g", lang)) + ":")
        out.append(equation_block(Eq(H, h), lang=lang))
        if h.is_number:
            z = complex(h.evalf(30))
            import cmath
            import math

            magnitude = abs(z)
            db = 20 * math.log10(magnitude) if magnitude else float("-inf")
            out.append("    " + ui("value_polar", lang, magnitude=formatted(magnitude, ".6g", lang),
                                    db=formatted(db, ".4g", lang),
                                    phase=formatted(math.degrees(cmath.phase(z)), ".5g", lang)))
    return "\n".join(out) + "\n"
