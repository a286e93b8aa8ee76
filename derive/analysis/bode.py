"""Bode data and figures of any transfer function of ``s`` with numbers in it.

Shared by the finite-gain analysis (``G(s)`` with the single-pole op-amp
model) and the s-domain response (``H(s)`` of a circuit with capacitors): the
expression is evaluated at ``s = j 2 pi f``; the figures are built without
pyplot, so they never change the caller's backend, and saved without a
timestamp, so the files are reproducible.

>>> from sympy import Symbol
>>> s = Symbol("s")
>>> f, db, phase = bode_arrays(1 / (1 + s / 1000), s, [1000 / (2 * 3.141592653589793)])
>>> round(float(db[0]), 3), round(float(phase[0]), 1)
(-3.01, -45.0)
"""
from functools import lru_cache

import numpy as np
from sympy import lambdify

from ..errors import DeriveError
from ..text.numerals import localized
from ..text import ui
from ..text.messages import Message


def response(h, s, f):
    """``h`` at ``s = j 2 pi f`` as a complex array (one value per frequency in ``f``).

    >>> from sympy import Symbol
    >>> response(Symbol("s"), Symbol("s"), [1.0]).round(6)
    array([0.+6.283185j])
    """
    free = h.free_symbols - {s}
    if free:
        raise DeriveError(Message("response_symbols", names=", ".join(sorted(map(str, free)))))
    f = np.asarray(f, float)
    return np.asarray(lambdify(s, h, "numpy")(2j * np.pi * f), complex) * np.ones_like(f)


def bode_arrays(h, s, f):
    """``(f, magnitude in dB, phase in degrees)`` of ``h`` at the frequencies ``f`` (Hz).

    The phase is unwrapped, so it runs on continuously through -180 degrees.
    """
    f = np.asarray(f, float)
    values = response(h, s, f)
    with np.errstate(divide="ignore"):
        db = 20 * np.log10(np.abs(values))
    return f, db, np.degrees(np.unwrap(np.angle(values)))


def log_range(frequencies, decades=1, points=400):
    """Frequencies (Hz) spanning ``decades`` below and above the given characteristic ones.

    >>> f = log_range([10.0, 1000.0])
    >>> float(f[0]), float(f[-1]), len(f)
    (1.0, 10000.0, 400)
    """
    positive = [float(x) for x in frequencies if float(x) > 0]
    if not positive:
        positive = [1.0, 1e6]
    low = np.floor(np.log10(min(positive))) - decades
    high = np.ceil(np.log10(max(positive))) + decades
    return np.logspace(low, high, points)


def bode_figure(f, db, phase, quantity="H", marks=(), title=None, size=(6.4, 4.8), lang="en"):
    """A matplotlib Figure: magnitude of ``quantity`` (dB) over phase, shared log
    frequency axis, labelled in ``lang``.

    ``marks`` are frequencies (Hz) drawn as dashed vertical lines (e.g. the
    -3 dB edges).

    >>> fig = bode_figure([1.0, 10.0], [0.0, -3.0], [0.0, -45.0], quantity="G", lang="es")
    >>> [ax.get_ylabel() for ax in fig.axes], fig.axes[1].get_xlabel()
    (['|G| (dB)', 'fase (°)'], 'f (Hz)')
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=size)
    a1, a2 = fig.subplots(2, 1, sharex=True)
    a1.semilogx(f, db)
    a1.set_ylabel(ui("plot_magnitude", lang, "analysis", quantity=quantity))
    a1.grid(True, which="both", alpha=0.3)
    for mark in marks:
        a1.axvline(float(mark), linestyle="--", linewidth=0.8, color="C1")
        a2.axvline(float(mark), linestyle="--", linewidth=0.8, color="C1")
    a2.semilogx(f, phase)
    a2.set_ylabel(ui("plot_phase", lang, "analysis"))
    a2.set_xlabel(ui("plot_frequency", lang, "analysis"))
    a2.grid(True, which="both", alpha=0.3)
    if title:
        a1.set_title(title)
    fig.tight_layout()
    return localize_axes(fig, lang)


def localize_axes(fig, lang="en"):
    """Write the tick labels of every axis of ``fig`` with ``lang``'s decimal mark
    (each axis keeps its own formatter; only the text it writes is localized).
    Called once a figure is built, after any formatter of its own is set.

    >>> from matplotlib.figure import Figure
    >>> fig = Figure(); ax = fig.add_subplot(); _ = ax.plot([0, 0.5], [0, 1])
    >>> fig = localize_axes(fig, "es"); fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_xticklabels()][1:3]
    ['0,0', '0,1']
    """
    if lang == "en":
        return fig
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for major in (True, False):
                inner = axis.get_major_formatter() if major else axis.get_minor_formatter()
                if not isinstance(inner, _localized_formatter()):
                    wrapped = _localized_formatter()(inner, lang)
                    (axis.set_major_formatter if major else axis.set_minor_formatter)(wrapped)
    return fig


@lru_cache(maxsize=None)
def _localized_formatter():
    """The class of a tick formatter that writes what another one writes, in a
    language's notation (built on first use: matplotlib is imported lazily)."""
    from matplotlib.ticker import Formatter

    class Localized(Formatter):
        def __init__(self, inner, lang):
            self.inner, self.lang = inner, lang

        def set_axis(self, axis):
            super().set_axis(axis)
            self.inner.set_axis(axis)

        def set_locs(self, locs):
            self.inner.set_locs(locs)

        def format_ticks(self, values):
            return [localized(t, self.lang) for t in self.inner.format_ticks(values)]

        def __call__(self, x, pos=None):
            return localized(self.inner(x, pos), self.lang)

        def get_offset(self):
            return localized(self.inner.get_offset(), self.lang)

        def format_data_short(self, value):
            return localized(self.inner.format_data_short(value), self.lang)

    return Localized


def save_figure(fig, path):
    """Save ``fig`` to ``path`` (PNG without the Software timestamp metadata; SVG, PDF by extension)."""
    if path is None:
        return fig
    png = str(path).lower().endswith(".png")
    try:
        fig.savefig(path, metadata={"Software": None} if png else None)
    except (OSError, ValueError) as exc:
        raise DeriveError(Message("figure_not_written", path=str(path), reason=str(exc))) from None
    return fig
