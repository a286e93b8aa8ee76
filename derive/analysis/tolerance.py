"""CMRR under resistor tolerance: first-order estimate, exact worst case, Monte Carlo.

The common-mode gain ``A_cm`` of the general (mismatched) circuit comes from
:func:`~derive.analysis.decompose.decompose`. Three views of it:

* first order, as proved steps: the sensitivities ``S_i = R_i dA_cm/dR_i`` at
  the matched point give ``|A_cm| <= T sum|S_i|`` and the estimate
  ``CMRR_1 = A_d / (T sum|S_i|)`` -- for the difference amplifier the engine
  arrives at the overview's ``(1 + R2/R1)/(4T)`` by itself;
* the exact worst case: ``|A_d/A_cm|`` at every corner ``R_i (1 +- T)`` of the
  resistors ``A_cm`` depends on (the stage that matters), the smallest kept;
* a Monte Carlo distribution (NumPy, seeded): every resistor drawn within
  ``+-T``.

>>> from sympy import Rational
>>> r = tolerance_analysis("diffamp", Rational(1, 1000), gain=100)
>>> round(r.worst_db, 1), round(r.first_order_db, 1)
(88.0, 88.0)
"""
from dataclasses import dataclass, field
from itertools import product

import numpy as np
from sympy import Abs, Eq, Float, Rational, S, Symbol, cancel, diff, lambdify, limit, log, oo
from sympy import solve as sym_solve

from ..circuit.library import as_circuit
from ..errors import DeriveError
from ..render.text import math_text
from ..solver import solve
from ..text import ui
from ..text.messages import Message
from .decibels import Percent, decibels
from .decompose import ACM, AD, decompose, input_pair, tidy
from .steps import AnalysisBuilder

DEFAULT_RESISTANCE = S(10000)    # ohms, for resistors the user leaves open (CMRR needs only ratios)
MAX_CORNERS_RESISTORS = 14        # 2**14 corners at most
T_SYM = Symbol("T", positive=True)
CMRR1, CMRRW = Symbol("CMRR_1", positive=True), Symbol("CMRR_wc", positive=True)


def matched_symbol_map(c0):
    """``{general symbol: matched symbol}``: Ra -> R, R6 -> R5, Rd4 -> Rd, ..."""
    match = c0.match_substitutions()
    general = c0.general()
    out = {}
    for e in general.resistors:
        orig = c0.element(e.name).value
        out[e.value] = orig.subs(match) if orig is not None else orig
    return out


def gain_symbol(c0, ad_matched):
    """The resistor that sets the gain: RG if there is one, else the one whose
    increase raises the gain most (the feedback resistor of a difference amp)."""
    symbols = [s for s in ad_matched.free_symbols if s in {r.value for r in c0.matched().resistors}]
    for s in symbols:
        if s.name.lower() == "rg":
            return s
    point = {s: DEFAULT_RESISTANCE for s in ad_matched.free_symbols}
    elasticity = {}
    for s in symbols:     # relative change of the gain per relative change of s, at 10 kΩ each
        e = cancel(diff(ad_matched, s) * s / ad_matched).subs(point) if ad_matched != 0 else S.NaN
        if e.is_real and e.is_finite and e > 0:
            elasticity[s] = e
    if not elasticity:
        raise DeriveError(Message("tolerance_no_gain_resistor", circuit=c0.name))
    return max(sorted(elasticity, key=lambda s: s.name), key=lambda s: elasticity[s])


def nominal_values(circuit, gain=None, values=None):
    """Numbers for every resistor symbol of the matched circuit.

    ``values`` gives some ({symbol: number}); with ``gain`` the gain resistor
    is solved from the matched differential gain; the rest default to 10 kΩ.
    Returns ``({matched symbol: value}, matched differential gain expression)``.
    """
    c0 = as_circuit(circuit)
    p, m = input_pair(c0)
    cm = c0.matched().with_sources({e.name: 0 for e in c0.sources if e not in (p, m)})
    ad = cancel(solve(cm).output.subs({p.value: Rational(1, 2), m.value: -Rational(1, 2)}))
    given = dict(values or {})
    out = {}
    unknown = None
    if gain is not None:
        unknown = gain_symbol(c0, ad)
        if unknown in given:
            raise DeriveError(Message("tolerance_gain_and_value", name=unknown))
    for r in cm.resistors:
        for s in r.value.free_symbols:
            if s != unknown:
                out[s] = S(given.get(s, DEFAULT_RESISTANCE))
    if unknown is not None:
        roots = [x for x in sym_solve(ad.subs(out) - S(gain), unknown) if x.is_positive]
        if not roots:
            raise DeriveError(Message("tolerance_gain_unreachable", name=unknown, gain=gain, circuit=c0.name,
                                      limit=math_text(_limit_gain(ad.subs(out), unknown))))
        out[unknown] = roots[0]
    return out, ad


def _limit_gain(expr, s):
    return limit(expr, s, oo)


@dataclass(frozen=True)
class ToleranceReport:
    """Numbers and proved steps of a tolerance analysis (see :func:`tolerance_analysis`)."""

    analysis: object
    tolerance: object
    nominal: dict
    gain: object
    first_order: float
    worst: float
    worst_corner: dict
    monte_carlo: dict = field(default_factory=dict)

    @property
    def worst_db(self):
        return decibels(self.worst)

    @property
    def first_order_db(self):
        return decibels(self.first_order)


def tolerance_analysis(circuit, tolerance, gain=None, values=None, samples=20000, seed=1,
                       distribution="uniform"):
    """CMRR of ``circuit`` with resistors of tolerance ``tolerance`` (0.001 = ±0.1 %).

    Returns a :class:`ToleranceReport` with the proved steps (``.analysis``),
    the first-order estimate, the exact worst case at the corners, and a
    seeded Monte Carlo summary (``samples=0`` skips it).
    """
    tolerance = Rational(repr(tolerance)) if isinstance(tolerance, float) else S(tolerance)
    if not (0 < tolerance < 1):
        raise DeriveError(Message("tolerance_range", tolerance=tolerance))
    c0 = as_circuit(circuit)
    dec = decompose(c0)
    acm_g, ad_g = dec.value(ACM), dec.value(AD)
    nominal, ad_matched = nominal_values(c0, gain, values)
    to_matched = matched_symbol_map(c0)
    general_nominal = {g: nominal[m] for g, m in to_matched.items() if m in nominal}
    stage = sorted((s for s in acm_g.free_symbols if s in to_matched), key=lambda s: s.name)
    if not stage:
        raise DeriveError(Message("tolerance_no_resistor", circuit=c0.name))

    b = AnalysisBuilder("tolerance", dec.circuit)
    b.values["tol"] = Percent(tolerance)
    b.define(ACM, acm_g)
    b.define(AD, ad_g)
    matched = {g: m for g, m in to_matched.items() if g != m}
    conds = [Eq(m, g) for g, m in matched.items() if g in acm_g.free_symbols or g in ad_g.free_symbols]
    s_acm = b.add("tol-acm", "tolerance_common_mode", ACM, tidy(acm_g), uses=(), acm=ACM)
    sens, total, signs = [], S.Zero, {}
    for r in stage:
        s_sym = Symbol(f"S_{r.name}", real=True)
        value = cancel((r * diff(acm_g, r)).subs(matched))
        b.define(s_sym, (r * diff(acm_g, r)).subs(matched))
        sign = _sign(value, nominal)
        signs[r] = sign
        total += sign * s_sym
        sens.append(b.add(f"tol-sens-{r.name}", "sensitivity", s_sym, tidy(value), uses=[s_acm],
                          resistor=r, s=s_sym))
    sum_sym = Symbol("S_sum", positive=True)
    sum_value = cancel(sum(signs[r] * cancel((r * diff(acm_g, r)).subs(matched)) for r in stage))
    b.define(sum_sym, total)
    s_sum = b.add("tol-sum", "sensitivity_sum", sum_sym, tidy(sum_value), uses=sens, s=sum_sym)
    ad_m = cancel(ad_g.subs(matched))
    b.define(CMRR1, AD / (T_SYM * sum_sym))
    s_first = b.add("tol-first-order", "first_order_cmrr", CMRR1, tidy(ad_m / (T_SYM * sum_value)),
                    uses=[s_sum], conditions=conds, t=T_SYM, cmrr1=CMRR1)

    # Numbers: nominal values, the first-order estimate, the worst corner.
    at = dict(general_nominal)
    at.update(nominal)
    at[T_SYM] = tolerance
    first = ad_m.subs(at) / (tolerance * sum_value.subs(at))
    n_first = b.add("tol-first-order-n", "first_order_value", CMRR1, first, uses=[s_first],
                    conditions=conds, at=at, tol=Percent(tolerance))
    worst, corner = _worst_corner(ad_g, acm_g, stage, general_nominal, tolerance)
    corner_at = {r: general_nominal[r] * (1 + sign * tolerance) for r, sign in corner.items()}
    point = dict(general_nominal)
    point.update(corner_at)
    b.define(CMRRW, Abs(AD / ACM))
    worst_exact = Abs(ad_g.subs(point) / acm_g.subs(point))
    n_worst = b.add("tol-worst", "worst_case_value", CMRRW, worst_exact, at=point, tol=Percent(tolerance),
                    corner=", ".join(f"{r.name}{'+' if s > 0 else '-'}" for r, s in corner.items()))
    for sym, value, step in ((CMRR1, first, n_first), (CMRRW, worst_exact, n_worst)):
        db_sym = Symbol(f"{sym.name}_dB", real=True)
        b.define(db_sym, 20 * log(sym, 10))
        b.add(f"{step.id}-db", "decibels", db_sym, Float(f"{decibels(value):.2f}"), uses=[step],
              at=point if sym == CMRRW else at, rounded=0.0051, ratio=sym)
    analysis = b.finish(b.steps[-1])
    mc = monte_carlo(ad_g, acm_g, general_nominal, tolerance, samples, seed, distribution) if samples else {}
    return ToleranceReport(analysis, tolerance, nominal, gain, float(first), float(worst_exact),
                           corner, mc)


def _sign(value, nominal):
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    v = value.subs(nominal)
    return 1 if v >= 0 else -1


def _worst_corner(ad, acm, stage, nominal, tolerance):
    """The corner of ``stage`` resistors (others nominal) with the smallest |A_d/A_cm|."""
    if len(stage) > MAX_CORNERS_RESISTORS:
        raise DeriveError(Message("tolerance_too_many_corners", n=len(stage), corners=2 ** len(stage),
                                  most=MAX_CORNERS_RESISTORS))
    others = {s: v for s, v in nominal.items() if s not in stage}
    f_ad = lambdify(stage, ad.subs(others), "numpy")
    f_acm = lambdify(stage, acm.subs(others), "numpy")
    signs = np.array(list(product((-1.0, 1.0), repeat=len(stage))))
    t = float(tolerance)
    cols = [float(nominal[r]) * (1 + t * signs[:, i]) for i, r in enumerate(stage)]
    with np.errstate(divide="ignore"):
        ratio = np.abs(np.asarray(f_ad(*cols), float) / np.asarray(f_acm(*cols), float))
    k = int(np.argmin(ratio))
    return float(ratio[k]), {r: int(signs[k, i]) for i, r in enumerate(stage)}


def monte_carlo(ad, acm, nominal, tolerance, samples=20000, seed=1, distribution="uniform"):
    """CMRR in dB over ``samples`` random circuits, every resistor within ``±tolerance``.

    ``distribution`` is ``uniform`` (anywhere in the band) or ``normal`` (σ =
    tolerance/3, clipped to the band). Seeded with ``numpy.random.default_rng``,
    so the same call gives the same numbers. Returns percentiles and the samples.
    """
    if distribution not in ("uniform", "normal"):
        raise DeriveError(Message("tolerance_distribution", distribution=distribution))
    symbols = sorted(nominal, key=lambda s: s.name)
    rng = np.random.default_rng(seed)
    t = float(tolerance)
    if distribution == "uniform":
        dev = rng.uniform(-t, t, size=(samples, len(symbols)))
    else:
        dev = np.clip(rng.normal(0.0, t / 3, size=(samples, len(symbols))), -t, t)
    cols = [float(nominal[s]) * (1 + dev[:, i]) for i, s in enumerate(symbols)]
    f_ad, f_acm = lambdify(symbols, ad, "numpy"), lambdify(symbols, acm, "numpy")
    a_d = np.broadcast_to(np.asarray(f_ad(*cols), float), (samples,))
    a_cm = np.broadcast_to(np.asarray(f_acm(*cols), float), (samples,))
    with np.errstate(divide="ignore"):
        db = 20 * np.log10(np.abs(a_d / a_cm))
    pct = {f"p{q}": float(np.percentile(db, q)) for q in (1, 5, 50)}
    return {"samples": samples, "seed": seed, "distribution": distribution, "min": float(db.min()),
            **pct, "db": db}


def cmrr_histogram(report, path=None, bins=60, lang="en"):
    """A histogram of the Monte Carlo CMRR (dB) with the worst case and first-order
    estimate marked, labelled in ``lang``; returns the matplotlib Figure (saved to
    ``path`` if given).

    >>> fig = cmrr_histogram(tolerance_analysis("diffamp", Rational(1, 1000), gain=10, samples=200), lang="es")
    >>> fig.axes[0].get_ylabel(), [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ('circuitos', ['peor caso', 'primer orden'])
    """
    from matplotlib.figure import Figure

    from .bode import localize_axes

    mc = report.monte_carlo
    if not mc:
        raise DeriveError(Message("tolerance_no_samples"))
    fig = Figure(figsize=(6.4, 3.6))
    ax = fig.subplots()
    ax.hist(mc["db"], bins=bins, alpha=0.8)
    ax.axvline(report.worst_db, color="k", linestyle="--", linewidth=0.9,
               label=ui("histogram_worst", lang, "analysis"))
    ax.axvline(report.first_order_db, color="k", linestyle=":", linewidth=0.9,
               label=ui("histogram_first_order", lang, "analysis"))
    ax.set_xlabel(ui("plot_cmrr", lang, "analysis"))
    ax.set_ylabel(ui("histogram_circuits", lang, "analysis"))
    ax.legend()
    localize_axes(fig, lang)
    fig.tight_layout()
    if path is not None:
        png = str(path).lower().endswith(".png")
        fig.savefig(path, metadata={"Software": None} if png else None)
    return fig
