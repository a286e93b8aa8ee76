"""Design of the gain resistor: RG for a target gain, the nearest standard value.

The gain equation is derived, not typed in: the matched circuit's differential
gain G(RG) is solved, its value with RG open is ``G0 = lim G`` as RG -> oo,
and ``K = RG (G - G0)`` must not depend on RG -- the form ``G = G0 + K/RG``
of every 3-op-amp in-amp (``inamp-ic``: G0 = 1, K = 2R). A part from
``data/parts.json`` (or a user's ``"1 + 49.4k/RG"``) supplies the number K.

>>> r = design("inamp-ic", 1000, part="AD620", series="E96")
>>> r.rg_exact                              # 49.4 kΩ / 999, exactly
49400/999
>>> r.standard, round(float(r.gain_actual), 2), round(float(r.error) * 100, 2)
(Decimal('49.9'), 990.98, -0.9)
"""
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from sympy import Limit, Rational, S, Symbol, cancel, limit, oo

from ..circuit.library import as_circuit
from ..circuit.values import TYPED, BadValue, parse_number
from ..errors import DeriveError
from ..render.text import math_text
from ..solver import solve
from ..text.messages import Message
from .decibels import Percent
from .decompose import input_pair, tidy
from .steps import AnalysisBuilder

G_SYM, G0_SYM, K_SYM = Symbol("G", positive=True), Symbol("G_0", positive=True), Symbol("K", positive=True)
GACT, ERR = Symbol("G_actual", positive=True), Symbol("epsilon", real=True)


@dataclass(frozen=True)
class Part:
    """An integrated in-amp with ``G = 1 + K/RG``."""

    name: str
    k: object          # exact ohms
    source: object = ""    # a Citation, or a Message for a formula the user gave


@dataclass(frozen=True)
class Citation:
    """A part's source from ``parts.json``: ``source``, and ``source_es`` where the
    prose joining the document's name and its quoted words is translated (the
    names and quotes stay as the document writes them).

    >>> c = find_part("AD620").source
    >>> c.text("en").split("; ")[-1], c.text("es").split("; ")[-1]
    ('the overview (R = 24.7 kΩ)', 'la descripción general (R = 24.7 kΩ)')
    >>> find_part("INA826").source.text("es") == find_part("INA826").source.text("en")
    True
    """

    en: str
    es: str = ""

    def text(self, lang="en"):
        """The citation in ``lang`` (as written when it has no prose to translate)."""
        return (self.es if lang == "es" else "") or self.en

    def __bool__(self):
        return bool(self.en)

    def __str__(self):
        return self.en


@lru_cache(maxsize=None)
def _data(name):
    return json.loads(resources.files(__package__).joinpath("data").joinpath(name).read_text("utf-8"))


def part_names():
    """The parts in ``data/parts.json``.

    >>> part_names()[:2]
    ['INA128', 'INA129']
    """
    return list(_data("parts.json")["parts"])


_FORM = re.compile(r"^\s*(?:1\s*\+\s*(?P<k1>[^/\s]+)\s*/\s*(?P<r1>R_?G)|(?P<k2>[^/\s]+)\s*/\s*(?P<r2>R_?G)\s*\+\s*1)\s*$",
                   re.IGNORECASE)


def find_part(text):
    """A part by name (case-insensitive) or from a gain formula ``"1 + K/RG"``.

    >>> find_part("ad620").k, find_part("1 + 49.4k/RG").k
    (49400, 49400)
    """
    parts = _data("parts.json")["parts"]
    for name, entry in parts.items():
        if name.lower() == text.strip().lower():
            return Part(name, parse_number(entry["K"]),
                        Citation(entry.get("source", ""), entry.get("source_es", "")))
    m = _FORM.match(text)
    if m:
        token = m["k1"] or m["k2"]
        try:
            k = parse_number(token, TYPED)
        except BadValue as exc:
            raise DeriveError(Message("design_constant_not_number", token=token, text=text, reason=exc)) from None
        if k is None or k <= 0:
            raise DeriveError(Message("design_constant_positive", text=text))
        return Part(f"G = 1 + {token}/RG", k, Message("design_part_given"))
    raise DeriveError(Message("design_unknown_part", text=text, parts=", ".join(parts)))


def standard_values(series="E24"):
    """Every value of an E series from 1 Ω to the top decade, as exact Decimals."""
    data = _data("eseries.json")
    if series.upper() not in data["series"]:
        raise DeriveError(Message("design_unknown_series", series=series, choices=", ".join(data["series"])))
    mantissas = [Decimal(m) for m in data["series"][series.upper()]]
    lo, hi = data["decades"]["min_exponent"], data["decades"]["max_exponent"]
    return [Decimal(format(m.scaleb(e), "f")) for e in range(lo, hi + 1) for m in mantissas]


def nearest_standard(value, series="E24"):
    """The standard value nearest ``value`` on a log scale (equal ratio above and below).

    >>> nearest_standard(Rational(50000, 199)), nearest_standard(Rational(50000, 199), "E96")
    (Decimal('240'), Decimal('249'))
    """
    value = S(value)
    values = standard_values(series)
    if not (values[0] <= value <= values[-1]):
        raise DeriveError(Message("design_outside_series", value=f"{float(value):g}", series=series,
                                  low=values[0], high=values[-1]))
    return min(values, key=lambda v: _ratio(Rational(str(v)) / value))


def _ratio(x):
    # |log x| without floats: compare x and 1/x
    return max(x, 1 / x)


@dataclass(frozen=True)
class GainEquation:
    """``G = G0 + K/RG`` derived from a circuit: the symbols and expressions."""

    circuit: object
    rg: object          # the gain resistor's symbol
    gain: object        # G(RG), the matched differential gain
    g0: object          # the gain with RG open
    k: object           # K = RG (G - G0)


def gain_equation(circuit):
    """Derive ``G = G0 + K/RG`` for a circuit with a gain resistor named RG (or Rg)."""
    c0 = as_circuit(circuit)
    rgs = [r for r in c0.resistors if r.name.lower() == "rg"]
    if not rgs or not isinstance(rgs[0].value, Symbol):
        raise DeriveError(Message("design_no_rg", circuit=c0.name))
    rg = rgs[0].value
    p, m = input_pair(c0)
    cm = c0.matched().with_sources({e.name: 0 for e in c0.sources if e not in (p, m)})
    gain = cancel(solve(cm).output.subs({p.value: Rational(1, 2), m.value: -Rational(1, 2)}))
    g0 = limit(gain, rg, oo)
    k = cancel(rg * (gain - g0))
    if k.has(rg) or g0 in (oo, -oo):
        raise DeriveError(Message("design_not_g0_k", circuit=c0.name, gain=math_text(gain), rg=rg))
    return GainEquation(c0, rg, gain, g0, k)


@dataclass(frozen=True)
class DesignReport:
    analysis: object
    part: object
    target: object
    rg_exact: object
    series: str
    standard: object
    gain_actual: object
    error: object       # relative gain error (G_actual - G)/G
    rg: object = None            # the gain resistor's symbol
    gain_expr: object = None     # G(RG) with the numbers in
    values: dict = None          # numbers for the circuit's symbols ({R: 24700} for the AD620)

    def gain_at(self, rg):
        """The gain a resistor of ``rg`` ohms gives (a Decimal or number)."""
        return self.gain_expr.subs(self.rg, Rational(str(rg)))


def _numeric_circuit_values(eq, part, values):
    """Numbers for the symbols of G0 and K: from ``values``, then the part's K."""
    given = {s: S(v) for s, v in (values or {}).items()}
    unknown = sorted((eq.k.free_symbols | S(eq.g0).free_symbols) - set(given), key=lambda s: s.name)
    if part is not None:
        if len(unknown) != 1:
            names = ", ".join(s.name for s in unknown) or "-"
            raise DeriveError(Message("design_part_leaves_open", k=part.k, circuit=eq.circuit.name,
                                      constant=math_text(eq.k), names=names))
        from sympy import solve as sym_solve

        roots = [r for r in sym_solve(eq.k.subs(given) - part.k, unknown[0]) if r.is_positive]
        if not roots:
            raise DeriveError(Message("design_part_no_root", name=unknown[0], k=part.k, circuit=eq.circuit.name))
        given[unknown[0]] = roots[0]
    elif unknown:
        return given, unknown
    return given, []


def design(circuit="inamp-ic", gain=None, part=None, series="E24", values=None):
    """RG for ``gain``: exact, nearest standard value, the gain it gives, the error.

    ``part`` is a name from ``parts.json`` or ``"1 + K/RG"``. Without a part
    (and with symbolic resistors) only the symbolic steps are returned and the
    numbers are None.
    """
    eq = gain_equation(circuit)
    part = find_part(part) if isinstance(part, str) else part
    target = S(gain)
    given, unknown = _numeric_circuit_values(eq, part, values)
    g0_num = S(eq.g0).subs(given)
    if (not unknown or g0_num.is_number) and target < g0_num:     # G0 alone decides: no RG gives less
        from ..notation.decimals import exact_decimal
        from ..text.numerals import Numeral

        shown = exact_decimal(target, 6) if target.is_Rational else None
        raise DeriveError(Message("design_below_g0", gain=Numeral(shown or gain), g0=math_text(g0_num), rg=eq.rg,
                                  circuit=eq.circuit.name))
    b = AnalysisBuilder("design", eq.circuit)
    b.values["gain"] = str(target)
    b.define(G_SYM, eq.gain)
    b.define(G0_SYM, eq.g0)
    b.define(K_SYM, eq.k)
    rg = eq.rg
    s_g = b.add("design-gain", "gain_equation", G_SYM, G0_SYM + K_SYM / rg, rg=rg, g=G_SYM)
    b.add("design-g0", "gain_open", G0_SYM, tidy(eq.g0), uses=[s_g], rg=rg)
    s_k = b.add("design-k", "gain_constant", K_SYM, tidy(eq.k), uses=[s_g], rg=rg, k=K_SYM)
    s_rg = b.add("design-solve", "solve_rg", rg, K_SYM / (G_SYM - G0_SYM), uses=[s_g], rg=rg)
    if unknown:
        return DesignReport(b.finish(s_rg), part, target, None, series, None, None, None, rg)
    uses = [s_rg]
    if part is not None:
        uses.append(b.add("design-part", "part_constant", K_SYM, part.k, uses=[s_k], at=given,
                          part=part.name, source=part.source, k=K_SYM))
    # Exact RG for the target gain: the gain equation at G = target, solved.
    k_num = eq.k.subs(given)
    if target == g0_num:
        rg_exact = oo
        last = b.add("design-open", "rg_open", Limit(G_SYM, rg, oo), g0_num, uses=uses, at=given,
                     rg=rg, g0=g0_num)
        return DesignReport(b.finish(last), part, target, oo, series, None, g0_num, S.Zero, rg,
                            eq.gain.subs(given), given)
    rg_exact = k_num / (target - g0_num)
    s_num = b.add("design-rg", "rg_value", rg, rg_exact, uses=uses,
                  at={**given, rg: rg_exact}, rg=rg, g=target)
    std = nearest_standard(rg_exact, series)
    rg_std = Rational(str(std))
    actual = eq.gain.subs(given).subs(rg, rg_std)
    b.define(GACT, eq.gain.subs(rg, rg_std))
    s_std = b.add("design-standard", "standard_value", rg, rg_std, uses=[s_num], at={rg: rg_std},
                  rg=rg, series=series.upper())
    s_act = b.add("design-actual", "actual_gain", GACT, actual, uses=[s_std, s_g], at=given, g=GACT)
    error = (actual - target) / target
    b.define(ERR, (GACT - target) / target)
    s_err = b.add("design-error", "gain_error_value", ERR, error, uses=[s_act], at=given,
                  percent=Percent(error), target=target)
    return DesignReport(b.finish(s_err), part, target, rg_exact, series.upper(), std, actual, error, rg,
                        eq.gain.subs(given), given)


def gain_for(circuit="inamp-ic", rg=None, part=None, values=None):
    """The gain a given RG sets (``rg=None`` or ``oo``: RG open).

    >>> [gain_for(rg=r, part="INA128") for r in (50, 500, 5000, None)]
    [1001, 101, 11, 1]
    """
    eq = gain_equation(circuit)
    part = find_part(part) if isinstance(part, str) else part
    given, unknown = _numeric_circuit_values(eq, part, values)
    if unknown:
        raise DeriveError(Message("design_gain_depends", circuit=eq.circuit.name,
                                  names=", ".join(map(str, unknown))))
    if rg is None or rg == oo:
        return S(eq.g0).subs(given)
    rg = S(rg)
    if rg <= 0:
        raise DeriveError(Message("design_rg_short", rg=eq.rg, value=rg, g0=math_text(S(eq.g0).subs(given))))
    return eq.gain.subs(given).subs(eq.rg, rg)
