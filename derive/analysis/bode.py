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
import numpy as np
from sympy import lambdify

from ..errors import DeriveError
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
    return fig


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
