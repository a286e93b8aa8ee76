"""Finite open-loop gain: exact gain, gain error, the limit A -> oo, bandwidth.

Every op-amp becomes ``Vo = A (V+ - V-)`` (one A for all by default, or
``A_U1, A_U2, ...``). The circuit is solved again -- nothing is typed in -- and
the steps show the exact signal gain, its error against the ideal one, the
limit ``A -> oo`` recovering the ideal result (dividing numerator and
denominator by the highest power of A), and the first-order error ``c/A``.
With the single-pole model ``A(s) = omega_t/s`` the poles of the gain follow;
each is ``omega_t`` over a stage's noise gain, so the in-amp's first stage sits
at about ``GBW/G1``.

>>> fg = finite_gain("noninverting")
>>> fg.step("fg-error").equation
Eq(epsilon, -(Rf + Rin)/(A*Rin + Rf + Rin))
>>> fg.step("fg-first-order").equation
Eq(epsilon_1, -(Rf + Rin)/(A*Rin))
"""
import numpy as np
from sympy import Eq, Limit, Mul, Pow, Poly, Rational, Symbol, cancel, expand, factor, fraction, lambdify
from sympy import oo, pi, roots

from ..circuit.library import as_circuit
from ..errors import DeriveError
from ..solver import solve
from ..solver.solve import limit_infinite
from ..text.messages import Message
from ..derivation.forms import gain_form
from .bode import bode_arrays, bode_figure, save_figure
from .decompose import input_pair, tidy
from .steps import AnalysisBuilder

A = Symbol("A", positive=True)
S_VAR = Symbol("s")
OMEGA_T = Symbol("omega_t", positive=True)
F_T = Symbol("f_t", positive=True)
GA, G_IDEAL, EPS, EPS1, G_S = (Symbol("G_A", real=True), Symbol("G", real=True),
                               Symbol("epsilon", real=True), Symbol("epsilon_1", real=True),
                               Symbol("G_s"))


def signal_point(circuit):
    """Source values for a unit signal: ``{V1: 1/2, V2: -1/2}`` (differential) or ``{Vin: 1}``."""
    sources = circuit.sources
    if len(sources) >= 2:
        p, m = input_pair(circuit)
        point = {e.value: 0 for e in sources if isinstance(e.value, Symbol)}
        point.update({p.value: Rational(1, 2), m.value: -Rational(1, 2)})
        return point, "differential"
    if not sources or not isinstance(sources[0].value, Symbol):
        raise DeriveError(Message("finite_gain_no_input", circuit=circuit.name))
    return {sources[0].value: 1}, "single"


def finite_gain(circuit, per_opamp=False, general=False, single_pole=True):
    """The finite-gain analysis of a circuit as proved steps (an Analysis)."""
    c0 = as_circuit(circuit)
    c = c0.general() if general else c0.matched()
    if not c.opamps:
        raise DeriveError(Message("finite_gain_no_opamp", circuit=c.name))
    if any(not op.ideal for op in c.opamps):
        raise DeriveError(Message("finite_gain_already", circuit=c.name))
    point, mode = signal_point(c0)
    cf = c.with_finite_gain(None if per_opamp else A)
    gains = list(cf.open_loop_gains())
    sol_f, sol_i = solve(cf), solve(c)
    ga = factor(cancel(sol_f.output.subs(point)))
    gi = cancel(sol_i.output.subs(point))
    if gi == 0:
        raise DeriveError(Message("finite_gain_zero", circuit=c.name))
    b = AnalysisBuilder("finite_gain", cf)
    b.values.update(mode=mode, gains=gains)
    b.define(GA, sol_f.output.subs(point))
    b.define(G_IDEAL, gi)
    models = []
    node_syms = {}
    for op in cf.opamps:
        for node in (op.plus, op.minus, op.output):
            if node not in node_syms:
                name = cf.output_name if node == cf.output else f"V_{node}"
                sym = Symbol(name, real=True)
                node_syms[node] = sym
                b.define(sym, sol_f.v(node))
        models.append(b.add(f"fg-model-{op.name}", "open_loop_model", node_syms[op.output],
                            op.value * (node_syms[op.plus] - node_syms[op.minus]), opamp=op.name,
                            gain=op.value))
    s_exact = b.add("fg-exact", "finite_gain_exact", GA, ga, uses=models, mode=mode, g=GA)
    s_ideal = b.add("fg-ideal", "ideal_gain", G_IDEAL, tidy(gi), g=G_IDEAL)
    eps = factor(cancel((ga - gi) / gi))
    b.define(EPS, (GA - G_IDEAL) / G_IDEAL)
    s_err = b.add("fg-error", "gain_error", EPS, eps, uses=[s_exact, s_ideal], eps=EPS)
    uses = [s_exact]
    if len(gains) == 1:
        num, den = fraction(cancel(ga))
        d = Poly(den, A).degree()
        top, bottom = expand(num / A**d), expand(den / A**d)
        uses.append(b.add("fg-divide", "divide_by_gain", GA, Mul(top, Pow(bottom, -1), evaluate=False),
                          uses=[s_exact], power=A**d))
    lim = ga
    for g in gains:
        lim = Limit(lim, g, oo)
    s_lim = b.add("fg-limit", "limit_ideal", lim, tidy(gi), uses=uses + [s_ideal], gains=gains)
    if len(gains) == 1:
        c1 = limit_infinite(A * eps, [A])
        b.define(EPS1, limit_infinite(A * (b.definitions[GA] - gi) / gi, [A]) / A)
        result = b.add("fg-first-order", "first_order_error", EPS1, tidy(c1 / A), uses=[s_err], eps=EPS,
                       a=A)
    else:
        result = s_lim
    if single_pole and len(gains) == 1:
        result = _single_pole(b, ga, result)
    return b.finish(result)


def _single_pole(b, ga, last):
    """Steps for A(s) = omega_t/s: G(s), its poles, each as a bandwidth."""
    model = b.add("fg-pole-model", "single_pole_model", A, OMEGA_T / S_VAR,
                  conditions=[Eq(OMEGA_T / S_VAR, A)], omega=OMEGA_T)
    gs = factor(cancel(ga.subs(A, OMEGA_T / S_VAR)))
    b.define(G_S, b.definitions[GA].subs(A, OMEGA_T / S_VAR))
    s_gs = b.add("fg-transfer-s", "transfer_s", G_S, gs, uses=[last, model])
    _, den = fraction(gs)
    poles = []
    for k, (root, mult) in enumerate(sorted(roots(Poly(den, S_VAR)).items(), key=lambda r: str(r[0])),
                                     start=1):
        if root == 0:
            continue
        p = Symbol(f"p_{k}", real=True)
        if cancel(den.subs(S_VAR, root)) != 0:   # the root finder is trusted, but checked
            raise DeriveError(f"internal: {root} is not a pole of {gs}")
        b.define(p, root)
        poles.append(b.add(f"fg-pole-{k}", "pole", p, tidy(root), uses=[s_gs], pole=p, mult=mult))
    steps = []
    for k, step in enumerate(poles, start=1):
        f = Symbol(f"f_{k}", positive=True)
        b.define(f, -b.definitions[step.equation.lhs] / (2 * pi))
        value = cancel(-step.equation.rhs.subs(OMEGA_T, 2 * pi * F_T) / (2 * pi))
        noise_gain = cancel(F_T / value)
        value = F_T / gain_form(noise_gain) if not noise_gain.has(F_T) and noise_gain != 1 else value
        steps.append(b.add(f"fg-bandwidth-{k}", "pole_bandwidth", f, value, uses=[step],
                           conditions=[Eq(2 * pi * F_T, OMEGA_T)], f=f, ft=F_T))
    return steps[-1] if steps else s_gs


def transfer_s(analysis):
    """``G(s)`` of a single-pole finite-gain analysis (in ``s`` and ``omega_t``)."""
    return analysis.step("fg-transfer-s").equation.rhs


def _numeric_gs(analysis, values, f_t):
    """``G(s)`` with the circuit's numbers and ``omega_t = 2 pi f_t``."""
    return transfer_s(analysis).subs(values).subs(OMEGA_T, 2 * float(np.pi) * f_t)


def bode_data(analysis, values, f_t, freqs=None):
    """Bode data of ``G(j 2 pi f)``: ``(f, magnitude in dB, phase in degrees)``.

    ``values`` gives numbers for the circuit's symbols; ``f_t`` is the op-amps'
    unity-gain frequency (GBW) in Hz. Frequencies default to 1 Hz .. 10 f_t.
    """
    g = _numeric_gs(analysis, values, f_t)
    f = np.logspace(0, np.log10(10 * f_t), 400) if freqs is None else np.asarray(freqs, float)
    return bode_arrays(g, S_VAR, f)


def bandwidth(analysis, values, f_t):
    """The -3 dB frequency (Hz) of the exact single-pole response, found by bisection."""
    g = _numeric_gs(analysis, values, f_t)
    fn = lambdify(S_VAR, g, "numpy")
    dc = abs(complex(fn(2j * np.pi * 1e-3)))
    lo, hi = 1e-3, 100.0 * f_t
    target = dc / np.sqrt(2)
    if abs(complex(fn(2j * np.pi * hi))) > target:
        raise DeriveError(Message("finite_gain_no_bandwidth"))
    for _ in range(200):
        mid = np.sqrt(lo * hi)
        if abs(complex(fn(2j * np.pi * mid))) > target:
            lo = mid
        else:
            hi = mid
    return float(np.sqrt(lo * hi))


def bode_plot(analysis, values, f_t, path=None, title=None, lang="en"):
    """A matplotlib Bode plot (magnitude and phase, the -3 dB frequency dashed),
    its axes labelled in ``lang``.

    Returns the Figure (a notebook shows it); with ``path`` it is also saved
    (PNG without a timestamp, so the file is reproducible). Built without
    pyplot, so it never changes the backend of the caller.
    """
    f, mag, phase = bode_data(analysis, values, f_t)
    fig = bode_figure(f, mag, phase, quantity="G", marks=[bandwidth(analysis, values, f_t)], title=title,
                      lang=lang)
    return save_figure(fig, path)
