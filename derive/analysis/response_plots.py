"""Figures of an s-domain response: Bode diagram with the -3 dB edges, the
pole-zero map in the s-plane, and the step response over a few time constants.

Each function takes a numeric ``H(s)`` (see :func:`derive.analysis.response.with_values`)
or a :class:`~derive.analysis.response.StepResponse`, returns a matplotlib
Figure (a notebook shows it) and, with ``path``, also saves it (PNG without a
timestamp, so the file is reproducible). Built without pyplot; the axes are
labelled in ``lang`` (the ``analysis`` catalog).

>>> from sympy import Symbol
>>> s = Symbol("s")
>>> fig = bode_plot(1000 / (s + 1000))
>>> [ax.get_ylabel() for ax in fig.axes]
['|H| (dB)', 'phase (°)']
>>> [ax.get_ylabel() for ax in bode_plot(1000 / (s + 1000), lang="es").axes]
['|H| (dB)', 'fase (°)']
"""
import numpy as np

from ..circuit.elements import LAPLACE
from ..text.numerals import formatted
from ..text import ui
from .bode import bode_arrays, bode_figure, localize_axes, log_range, save_figure
from .response import bandwidth, poles_zeros


def _say(key, lang, **params):
    """A label of the ``analysis`` catalog in ``lang``."""
    return ui(key, lang, "analysis", **params)


def _frequencies(h, band):
    """Characteristic frequencies (Hz) of ``h``: its poles, zeros and band edges."""
    poles, zeros = poles_zeros(h)
    found = [abs(complex(r.evalf())) / (2 * np.pi) for r in poles + zeros]
    found += [float(e) for e in band.edges()]
    return [f for f in found if f > 0]


def bode_plot(h, path=None, title=None, band=None, lang="en"):
    """Magnitude (dB) and phase of numeric ``h`` against frequency, the -3 dB edges dashed.

    ``band`` is the :class:`~derive.analysis.response.Band` (computed if not given);
    the frequency axis spans a decade beyond the poles, zeros and edges.
    """
    band = bandwidth(h) if band is None else band
    f, db, phase = bode_arrays(h, LAPLACE, log_range(_frequencies(h, band)))
    fig = bode_figure(f, db, phase, marks=[float(e) for e in band.edges()], title=title, size=(6.4, 4.2),
                      lang=lang)
    if band.reference is not None and band.edges():
        level = 20 * np.log10(float(band.reference)) - 10 * np.log10(2)
        fig.axes[0].axhline(level, linestyle=":", linewidth=0.8, color="C1")
    return save_figure(fig, path)


def pole_zero_plot(h, path=None, title=None, lang="en"):
    """The s-plane (rad/s): poles as crosses, zeros as circles, each labelled with its value.

    When the magnitudes span more than two decades (the ECG front end's
    0.3 rad/s and 1000 rad/s) both axes are symmetric-logarithmic, linear
    within a tenth of the smallest non-zero magnitude, so every point stays visible.
    """
    from matplotlib.figure import Figure

    poles, zeros = poles_zeros(h)
    fig = Figure(figsize=(6.4, 3.2))
    ax = fig.add_subplot()
    points = []
    for roots, style in ((poles, {"marker": "x", "color": "C0"}),
                         (zeros, {"marker": "o", "facecolors": "none", "edgecolors": "C0"})):
        values = [complex(r.evalf()) for r in roots]
        points += values
        if values:
            ax.scatter([v.real for v in values], [v.imag for v in values], s=80, linewidths=1.5, zorder=3,
                       **style)
        for v in values:
            label = formatted(v.real, ".4g", lang) if abs(v.imag) < 1e-12 * (1 + abs(v)) else \
                formatted(v.real, ".4g", lang) + formatted(v.imag, "+.4g", lang) + "j"
            ax.annotate(label, (v.real, v.imag), textcoords="offset points", xytext=(6, 8), fontsize=8)
    magnitudes = [abs(v) for v in points if abs(v) > 0]
    reach = max(magnitudes, default=1.0) * 1.6
    right = max(reach / 4, max((v.real for v in points), default=0) * 1.6)
    if magnitudes and max(magnitudes) / min(magnitudes) > 100:
        _symlog_axis(ax, min(magnitudes) / 10, reach, right)
        ax.set_xlabel(_say("plot_sigma_symlog", lang))
    else:
        ax.set_xlim(-reach, right)
        ax.set_xlabel(_say("plot_sigma", lang))
    if all(abs(v.imag) < 1e-12 * (1 + abs(v)) for v in points):
        ax.set_ylim(-1, 1)           # all on the real axis: the height carries no scale
        ax.set_yticks([0])
    else:
        ax.set_ylim(-reach / 2, reach / 2)
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.axvline(0, color="0.5", linewidth=0.8)
    ax.set_ylabel(_say("plot_jomega", lang))
    ax.grid(True, which="both", alpha=0.3)
    if title:
        ax.set_title(title)
    localize_axes(fig, lang)
    fig.tight_layout()
    return save_figure(fig, path)


def _symlog_axis(ax, threshold, reach, right):
    """A symmetric-log real axis with a tick at 0 and at each decade beyond ``threshold``."""
    import math

    from matplotlib.ticker import NullLocator

    ax.set_xscale("symlog", linthresh=threshold)
    right = threshold * 10 if right <= reach / 4 else right
    ax.set_xlim(-reach, right)
    first = math.ceil(math.log10(threshold * 10))
    ticks = [0.0] + [-(10.0**k) for k in range(first, math.ceil(math.log10(reach)) + 1)]
    ticks += [10.0**k for k in range(first, math.floor(math.log10(right)) + 1)]
    ax.set_xticks(sorted(t for t in ticks if -reach <= t <= right))
    ax.xaxis.set_major_formatter(lambda x, _: "0" if x == 0 else f"{x:g}")
    ax.xaxis.set_minor_locator(NullLocator())


def step_plot(response, path=None, title=None, t_end=None, points=600, lang="en"):
    """``y(t)`` of a numeric step response from 0 to ``t_end`` (default five of its
    longest time constants), the time constants dotted.

    A response with an impulse at ``t = 0`` (an improper ``H``) is drawn for
    ``t > 0`` only; the title says so.
    """
    from matplotlib.figure import Figure
    from sympy import lambdify

    taus = [float(t) for t in response.time_constants if getattr(t, "is_number", True)]
    if t_end is None:
        t_end = 5 * max(taus) if taus else 1.0
    t = np.linspace(0, float(t_end), points)
    y = np.asarray(lambdify(response.t, response.expression, "numpy")(t), float) * np.ones_like(t)
    fig = Figure(figsize=(6.4, 3.2))
    ax = fig.add_subplot()
    ax.plot(t, y)
    for tau in taus:
        if tau <= t_end:
            ax.axvline(tau, linestyle=":", linewidth=0.8, color="C1")
            ax.annotate(_say("plot_time_constant", lang, tau=formatted(tau, ".4g", lang)), (tau, 0), textcoords="offset points",
                        xytext=(4, 4), fontsize=8, color="C1")
    ax.set_xlabel(_say("plot_time", lang))
    ax.set_ylabel(_say("plot_step_output", lang))
    ax.grid(True, alpha=0.3)
    note = _say("plot_impulse_not_drawn", lang) if response.impulse else None
    heading = "; ".join(x for x in (title, note) if x)
    if heading:
        ax.set_title(heading)
    localize_axes(fig, lang)
    fig.tight_layout()
    return save_figure(fig, path)
