"""Analysis of a circuit beyond its transfer function (issue 6).

* :func:`decompose` -- differential / common-mode gains and CMRR, as proved steps;
* :func:`tolerance_analysis` -- CMRR with resistor tolerance: first order, worst
  case at the corners, seeded Monte Carlo;
* :func:`finite_gain` -- exact gain with open-loop gain A, gain error, the limit
  A -> oo; single-pole bandwidth and Bode data;
* :func:`design` / :func:`gain_for` -- RG for a gain, nearest E-series value.

Every result is an :class:`Analysis` (``.steps``, ``.result``) of the same
:class:`~derive.derivation.model.Step` objects a derivation has.
"""
from .decompose import decompose
from .design import design, find_part, gain_for, nearest_standard
from .finite_gain import bandwidth, bode_data, bode_plot, finite_gain
from .steps import Analysis
from .tolerance import tolerance_analysis

__all__ = ["Analysis", "bandwidth", "bode_data", "bode_plot", "decompose", "design", "find_part",
           "finite_gain", "gain_for", "nearest_standard", "tolerance_analysis"]
