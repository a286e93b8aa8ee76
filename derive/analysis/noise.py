"""White noise referred to the input, each source's gain derived from the circuit.

Every noise source is an element of the model (:mod:`.nonideal`): each
resistor's thermal noise ``sqrt(4 k T R)`` a voltage source in series with it,
each op-amp's voltage noise in series with its + input and its current noise
drawn out of both inputs (for an integrated part: its input- and output-stage
voltage noise and the current noise at the two pins, with the external
resistors' thermal noise). Superposition of the solved model gives one derived
gain per source; uncorrelated sources add in power, so the output density is
the root-sum-square of gain times density; divided by the differential gain it
is the input-referred density, and times the square root of the bandwidth (a
brick-wall band) the rms noise. With capacitors or inductors the gains are
functions of ``s``: a spot frequency gives the density there, and a band is
integrated through ``|G(j 2π f)|²`` (:mod:`.noise_band`), source by source,
to the output's rms noise over it, referred to the input with the gain at DC
(or at the spot frequency).

>>> n = noise("noninverting", values={"Rf": "9k", "Rin": "1k"}, en="4n", in_="1p", temperature=300)
>>> round(float(n.rti) * 1e9, 3), n.dominant.name
(5.632, 'e_n,U1')
"""
from dataclasses import dataclass, replace

from sympy import Abs, I, Rational, S, Symbol, cancel, oo, pi, sqrt

from ..circuit.library import as_circuit
from ..circuit.elements import LAPLACE
from ..circuit.values import parse_number
from ..errors import DeriveError
from ..text.messages import Message
from .decompose import AD, _signal, input_pair, tidy
from .design import find_part
from .input_range import _collect, resolve_values
from .noise_band import total_power
from .nonideal import (opamp_parameter, solve_model, with_current, with_offset, with_series_noise, with_series_source,
                       with_source_resistances)
from .parts import part_spec, require_specs
from .steps import AnalysisBuilder

BOLTZMANN = Rational("1.380649e-23")      # J/K, exact since the 2019 SI
K_B, TEMP = Symbol("k_B", positive=True), Symbol("T", positive=True)
E_OUT_N, E_IN_N = Symbol("e_n,out", positive=True), Symbol("e_n,in", positive=True)
V_OUT_N = Symbol("v_n,out", real=True)      # the instantaneous output noise voltage (linear in the sources)


@dataclass(frozen=True)
class Source:
    """One noise source: its symbol, its density (V/√Hz or A/√Hz) and its derived gain to the output.

    ``power`` is its mean-square part of the output noise over the band
    (V²), integrated through the frequency-dependent gain, when the circuit
    has capacitors or inductors and a band was asked for.
    """

    name: str
    symbol: object
    density: object
    gain: object          # output volts per unit of the source, at the numbers (a function of s over a band)
    power: object = None

    @property
    def output(self):
        """This source's part of the output density (V/√Hz)."""
        return abs(self.gain) * self.density


@dataclass(frozen=True)
class NoiseReport:
    analysis: object
    sources: tuple
    gain: object          # the differential gain (over a band: the reference gain, see ``reference``)
    temperature: object
    bandwidth: object     # f_high - f_low (None without a band)
    band: tuple = None    # (f_low, f_high), f_high may be oo
    reference: object = None   # where the reference gain is taken over a band: 0 (DC) or a frequency
    enbw: object = None   # noise bandwidth of the signal gain over the band: ∫|A_d|² df / |A_d,ref|²

    @property
    def banded(self):
        """True when the rms was integrated through frequency-dependent gains."""
        return any(s.power is not None for s in self.sources)

    @property
    def output(self):
        """Output noise density: the root-sum-square of every source's part."""
        return sqrt(sum(s.output ** 2 for s in self.sources))

    @property
    def rti(self):
        """Input-referred noise density."""
        return self.output / abs(self.gain)

    @property
    def output_rms(self):
        """The output's rms noise over the band (None without a band)."""
        if self.banded:
            return sqrt(sum(s.power for s in self.sources))
        return None if self.bandwidth is None else self.output * sqrt(self.bandwidth)

    @property
    def rms(self):
        """Input-referred rms noise over the band (None without a band): output rms / |gain|."""
        out = self.output_rms
        return None if out is None else out / abs(self.gain)

    def _power(self, source):
        return source.power if self.banded else source.output ** 2

    @property
    def dominant(self):
        return max(self.sources, key=self._power)

    def share(self, source):
        """The fraction of the output noise power from ``source`` (over the band when integrated)."""
        return self._power(source) / sum(self._power(s) for s in self.sources)


def _band(bandwidth):
    """``(f_low, f_high)`` from a bandwidth ``B`` (``0 .. B``), a pair, or ``oo``."""
    if bandwidth is None:
        return None
    low, high = bandwidth if isinstance(bandwidth, (tuple, list)) else (0, bandwidth)
    low = _num(low, "--bandwidth")
    high = oo if (isinstance(high, str) and high.strip().lower() in ("inf", "oo")) else _num(high, "--bandwidth")
    if not (0 <= low < high):
        raise DeriveError(Message("analysis_band_order", low=low, high=high))
    return low, high


def thermal_density(resistance, temperature=300):
    """``sqrt(4 k T R)`` in V/√Hz, exact.

    >>> round(float(thermal_density(1000, 290)) * 1e9, 3)
    4.002
    """
    return sqrt(4 * BOLTZMANN * S(temperature) * S(resistance))


def _num(text, what):
    if text is None:
        return None
    if isinstance(text, str):
        value = parse_number(text)
        if value is None:
            raise DeriveError(Message("analysis_not_number", option=what, text=repr(text)))
        return S(value)
    return S(text)


def noise(circuit, part=None, gain=None, values=None, temperature=300, en=None, in_=None, bandwidth=None,
          source_resistance=(0, 0), inputs=None, grade="typ", frequency=None):
    """The noise of ``circuit`` referred to its input, as a :class:`NoiseReport` of proved steps.

    Without a part every op-amp has voltage noise ``en`` and current noise
    ``in_``; with a part (INA128, AD620, ...) its datasheet densities are used.
    ``values`` may use names (``{"Rf": "9k"}``) or symbols. In a circuit with
    capacitors or inductors the gains are functions of ``s``: ``frequency``
    then gives the spot noise at that frequency (``s = j 2 pi f``).
    """
    c0 = as_circuit(circuit)
    temperature = _num(temperature, "--temperature")
    if temperature <= 0:
        raise DeriveError(Message("analysis_temperature"))
    if values:
        symbols = {s.name: s for s in c0.symbols}
        values = {symbols.get(k, k) if isinstance(k, str) else k: _num(v, str(k)) for k, v in values.items()}
    part = require_specs(find_part(part) if isinstance(part, str) else part, "noise")
    two = len(c0.sources) >= 2
    p, m = input_pair(c0, inputs) if two else (c0.sources[0], None)
    c1, numbers, _ = resolve_values(c0, gain, part, values)
    rs = [_num(v, "--source-resistance") for v in source_resistance]
    model, pins = (with_source_resistances(c1, p, m, rs) if two else
                   with_source_resistances(c1, p, p, (rs[0], 0)))
    sources = []          # (name, symbol, density)

    def thermal(model, r):
        sym = Symbol(f"e_{r.name}", positive=True)
        value = cancel(S(r.value).subs(numbers))
        sources.append((r.name, sym, thermal_density(value, temperature)))
        return with_series_noise(model, r.name, sym, f"VN{r.name}")

    internal = set()
    if part is not None:
        internal = {r.name for r in c1.resistors if r.name.lower() != "rg"}
    for r in list(model.resistors):
        if r.name not in internal:
            model = thermal(model, r)
    if part is not None:
        e_in, e_out = part_spec(part.name, "en_in", grade), part_spec(part.name, "en_out", grade)
        i_n = part_spec(part.name, "in", grade)
        on_plus = [u for u in c1.opamps if u.plus == pins[p.name]]
        if e_in is not None:
            sym = Symbol("e_ni", positive=True)
            model = (with_offset(model, on_plus[0].name, sym, "VNI") if on_plus
                     else with_series_source(model, p.name, sym, "VNI"))
            sources.append(("e_ni", sym, e_in))
        refs = [e for e in c1.sources if e.name not in (p.name, getattr(m, "name", None))]
        if e_out is not None and refs:
            sym = Symbol("e_no", positive=True)
            model = with_series_source(model, refs[0].name, sym, "VNO")
            sources.append(("e_no", sym, e_out))
        if i_n is not None:
            for tag, pin in (("+", pins[p.name]), ("-", pins[m.name] if m else None)):
                if pin is not None:
                    sym = Symbol(f"i_n{tag}", positive=True)
                    model = with_current(model, pin, sym, f"IN{'p' if tag == '+' else 'm'}")
                    sources.append((f"i_n{tag}", sym, i_n))
    else:
        # --en/--in for every op-amp, else each op-amp's own from the netlist's .opamp en=/in=
        en_of = opamp_parameter(c1, "en", _num(en, "--en"))
        in_of = opamp_parameter(c1, "in", _num(in_, "--in"))
        for u in c1.opamps:
            en_v, in_v = en_of.get(u.name), in_of.get(u.name)
            if en_v is not None:
                sym = Symbol(f"e_n,{u.name}", positive=True)
                model = with_offset(model, u.name, sym, f"VN_{u.name}")
                sources.append((f"e_n,{u.name}", sym, en_v))
            if in_v is not None:
                for tag, node in (("+", u.plus), ("-", u.minus)):
                    node = next(e for e in model.opamps if e.name == u.name).nodes[0 if tag == "+" else 1]
                    sym = Symbol(f"i_n{tag},{u.name}", positive=True)
                    model = with_current(model, node, sym, f"IN{'p' if tag == '+' else 'm'}{u.name}")
                    sources.append((f"i_n{tag},{u.name}", sym, in_v))
    if not sources:
        raise DeriveError(Message("analysis_no_noise_sources"))
    signal_names = {e.name for e in c1.sources}
    sol = solve_model(model.with_sources({n: 0 for n in signal_names}))
    out = cancel(sol.output)
    if two:
        ad_value = cancel(solve_model(c1.with_sources({e.name: 0 for e in c1.sources if e.name not in
                                                        (p.name, m.name)})).output.subs(
            {_signal(p): Rational(1, 2), _signal(m): -Rational(1, 2)}))
    else:
        ad_value = cancel(solve_model(c1).output.diff(_signal(p)))

    band = _band(bandwidth)
    point = {}
    reactive = LAPLACE in (out.free_symbols | S(ad_value).free_symbols)
    if reactive:
        if frequency is None and band is None:
            raise DeriveError(Message("analysis_noise_frequency", circuit=c1.name))
        if frequency is not None:
            point = {LAPLACE: 2 * pi * I * _num(frequency, "--frequency")}
    elif band is not None and band[1] == oo:
        raise DeriveError(Message("analysis_flat_unbounded"))
    b = AnalysisBuilder("noise", c1)
    syms = [s for _, s, _ in sources]
    b.define(V_OUT_N, out)
    model_step = b.add("noise-model", "noise_model", V_OUT_N, _collect(out, syms), sources=syms)
    b.define(AD, ad_value)
    ad_step = b.add("noise-ad", "budget_gain", AD, tidy(ad_value), ad=AD)
    results, gain_syms = [], []
    for name, sym, density in sources:
        g_sym = Symbol(f"G_{sym.name}", real=True) if not reactive else Symbol(f"G_{sym.name}")
        g_value = cancel(out.diff(sym))
        b.define(g_sym, g_value)
        gain_syms.append((g_sym, sym))
        b.add(f"noise-gain-{name}", "noise_gain", g_sym, tidy(g_value), uses=[model_step], source=sym)
        g_num = cancel(g_value.subs(numbers))
        power = (total_power([(g_num, density, name)], *band) if reactive and band is not None else None)
        results.append(Source(name, sym, density, g_num.subs(point) if point or not reactive else g_num, power))
    for n, s, _ in sources:
        if n in {r.name for r in model.resistors}:
            r = model.element(n)
            b.add(f"noise-thermal-{n}", "thermal_noise", s, sqrt(4 * K_B * TEMP * r.value), r=r.name,
                  at={K_B: BOLTZMANN, TEMP: temperature, s: thermal_density(S(r.value).subs(numbers), temperature),
                      **numbers})
    rss = sqrt(sum(Abs(g) ** 2 * s ** 2 for g, s in gain_syms))
    b.define(E_OUT_N, rss)
    rss_step = b.add("noise-rss", "noise_rss", E_OUT_N, rss, uses=[f"noise-gain-{n}" for n, _, _ in sources])
    b.define(E_IN_N, rss / abs(ad_value))
    rti_step = b.add("noise-rti", "noise_rti", E_IN_N, E_OUT_N / abs(AD), uses=[rss_step, ad_step], ad=AD)
    ad_num = cancel(ad_value.subs(numbers))
    extra = {}
    if reactive and band is not None:
        g, extra["reference"] = _reference_gain(ad_num, point, c1.name)
        extra["enbw"] = total_power([(ad_num, 1, "the signal")], *band) / abs(g) ** 2
    else:
        g = ad_num.subs(point)
    bw = None if band is None else band[1] - band[0]
    report = NoiseReport(None, tuple(results), g, temperature, bw, band, **extra)
    if not reactive or point:
        at = {**numbers, **{s: d for _, s, d in sources}, **point}
        b.add("noise-rti-value", "noise_value", E_IN_N, report.rti, uses=[rti_step], at=at, rounded=S(10) ** -20)
    return replace(report, analysis=b.finish(b.steps[-1]))


def _reference_gain(ad, point, name):
    """The gain that refers a band's output noise to the input: at the given frequency, else at DC."""
    if point:
        return ad.subs(point), cancel(point[LAPLACE] / (2 * pi * I))
    dc = cancel(ad.subs(LAPLACE, 0))
    if dc.is_finite and dc != 0:
        return dc, S(0)
    raise DeriveError(Message("analysis_reference_infinite" if not dc.is_finite else "analysis_reference_zero",
                              circuit=name))


__all__ = ["NoiseReport", "Source", "noise", "thermal_density"]
