"""Error budget of an in-amp: every DC error source derived by superposition, then added up.

The error sources are elements of the circuit model (:mod:`.nonideal`): the
part's input-stage offset in series with the + input op-amp, its output-stage
offset in series with the reference input, a bias current drawn out of each
input pin, and the source resistances in front of the pins. The nodal solution
of that model, with the signal at zero, is the output error; superposition
splits it into one derived gain per source, and dividing by the differential
gain refers each to the input. Writing the two bias currents as ``I_B +- I_OS/2``
shows, as steps, why equal source resistances cancel the bias-current offset
and leave only the offset current. CMRR (the part's, or the worst case of a
discrete circuit with resistor tolerance, as ``derive cmrr`` derives it) and
the gain error (from the RG tolerance, derived from the gain equation, and the
part's own) complete the table, in µV referred to the input and in ppm of the
full-scale differential input.

>>> b = budget("inamp-ic", part="AD620", gain=1000, vdiff_fs="1m", vcm=2,
...            source_resistance=("1meg", 0), grade="typ")
>>> [(t.key, round(float(abs(t.rti)) * 1e6, 3)) for t in b.terms][:4]
[('vos_in', 30.0), ('vos_out', 0.4), ('ib', 500.0), ('ios', 150.0)]
"""
from dataclasses import dataclass

from sympy import Abs, Eq, Rational, S, Symbol, cancel, diff, sqrt

from ..circuit.library import as_circuit
from ..circuit.values import parse_number
from ..errors import DeriveError
from ..text.messages import Message
from .decompose import AD, _signal, input_pair, tidy
from .design import find_part, gain_equation
from .input_range import _collect, resolve_values
from .noise import noise
from .nonideal import (opamp_bias_currents, opamp_parameter, solve_model, with_current, with_offset,
                       with_series_source, with_source_resistances)
from .parts import part_spec, require_specs
from .steps import AnalysisBuilder

RS_P, RS_M = Symbol("R_s+", positive=True), Symbol("R_s-", positive=True)
IB_P, IB_M = Symbol("I_B+", real=True), Symbol("I_B-", real=True)
IB, IOS = Symbol("I_B", real=True), Symbol("I_OS", real=True)
VOSI, VOSO = Symbol("V_OSI", real=True), Symbol("V_OSO", real=True)
E_OUT, E_IN, E_BIAS = Symbol("E_out", real=True), Symbol("E_in", real=True), Symbol("E_bias", real=True)
E_CM, E_GAIN = Symbol("E_cm", real=True), Symbol("E_G", real=True)
VCM_B, CMRR_B, VFS, TOL = (Symbol("V_cm", real=True), Symbol("CMRR", positive=True),
                           Symbol("V_d,fs", positive=True), Symbol("T", positive=True))


@dataclass(frozen=True)
class Term:
    """One row of the budget: an error referred to the input, in volts (exact)."""

    key: str
    rti: object
    step: str


@dataclass(frozen=True)
class Budget:
    analysis: object
    terms: tuple
    gain: object
    vdiff_fs: object
    part: object
    grade: str
    numbers: dict
    noise: object = None      # the NoiseReport behind the noise row (with bandwidth)

    @property
    def total(self):
        """The worst case: every error's magnitude added."""
        return sum(abs(t.rti) for t in self.terms)

    @property
    def rss(self):
        """The root-sum-square of the errors (independent sources)."""
        return sqrt(sum(t.rti ** 2 for t in self.terms))

    def ppm(self, volts):
        """An input-referred error in ppm of the full-scale differential input."""
        return S(volts) / self.vdiff_fs * 10 ** 6


def _num(text, what):
    if text is None:
        return None
    value = parse_number(str(text)) if isinstance(text, str) else S(text)
    if value is None:
        raise DeriveError(Message("analysis_not_number", option=what, text=repr(text)))
    return S(value)


def budget(circuit, part=None, gain=None, vdiff_fs=None, vcm=0, source_resistance=(0, 0), tolerance=None,
           grade="max", values=None, inputs=None, vos=None, ib=None, ios=None, bandwidth=None):
    """The DC error budget of ``circuit`` (an in-amp) as a :class:`Budget` of proved steps.

    ``vos``, ``ib``, ``ios`` (volts, amperes) give every op-amp an offset and
    the inputs bias currents when there is no part, or replace the part's.
    ``bandwidth`` adds the rms noise over that band, referred to the input, as
    :func:`derive.analysis.noise.noise` derives it (its own proved steps are in
    ``Budget.noise``).
    """
    from .inputs import parse_tolerance

    c0 = as_circuit(circuit)
    if isinstance(tolerance, str):
        tolerance = parse_tolerance(tolerance)
    if grade not in ("typ", "max"):
        raise DeriveError(Message("analysis_grade", grade=repr(grade)))
    p, m = input_pair(c0, inputs)
    part = require_specs(find_part(part) if isinstance(part, str) else part, "errors")
    c1, numbers, _ = resolve_values(c0, gain, part, values)
    v1, v2 = _signal(p), _signal(m)
    refs = [e for e in c1.sources if e.name not in (p.name, m.name)]
    rs = tuple(_num(v, "--source-resistance") for v in source_resistance)
    if any(r < 0 for r in rs):
        raise DeriveError(Message("analysis_rs_negative"))

    # The model: source resistances, the part's offsets, the bias currents at the pins.
    model, pins = with_source_resistances(c1, p, m, (RS_P, RS_M))
    sources = []
    if part is not None:
        on_plus = [u for u in model.opamps if u.plus == pins[p.name]]
        if on_plus:
            model = with_offset(model, on_plus[0].name, VOSI, "VOSI")
        else:
            model = with_series_source(model, p.name, VOSI, "VOSI")
        sources.append(("vos_in", VOSI))
        if refs:
            model = with_series_source(model, refs[0].name, VOSO, "VOSO")
            sources.append(("vos_out", VOSO))
    fixed = {}            # the op-amps' own offsets and inner bias currents -> their values
    if part is None:
        # --vos for every op-amp, else the netlist's .opamp vos= of each
        for name, v in opamp_parameter(c1, "vos", _num(vos, "--vos")).items():
            sym = Symbol(f"V_OS,{name}", real=True)
            model = with_offset(model, name, sym)
            sources.append((f"vos_{name}", sym))
            fixed[sym] = v
    model = with_current(model, pins[p.name], IB_P, "IBp")
    model = with_current(model, pins[m.name], IB_M, "IBm")
    sources += [("ib_p", IB_P), ("ib_m", IB_M)]
    # The netlist's .opamp ib=/ios=: the currents at the two input pins are I_B+ and I_B- above;
    # every other op-amp input draws its own current, a source of its own.
    at_pin = {(u.name, t): pin for u in c1.opamps for t, node in (("+", u.plus), ("-", u.minus))
              for pin in (p.name, m.name) if node == pins[pin]}
    pin_currents = {p.name: S(0), m.name: S(0)}
    inner = {}
    if part is None:
        for (name, terminal), current in opamp_bias_currents(c1).items():
            if (name, terminal) in at_pin:
                pin_currents[at_pin[(name, terminal)]] += current
                continue
            u = c1.element(name)
            sym = Symbol(f"I_B{terminal},{name}", real=True)
            model = with_current(model, u.plus if terminal == "+" else u.minus, sym,
                                 f"B{'p' if terminal == '+' else 'm'}{name}")
            sources.append((f"ib_{name}{terminal}", sym))
            fixed[sym] = current
            inner.setdefault(name, []).append(sym)
    ref_names = {e.name for e in refs}
    zero = {e.name: 0 for e in model.sources if e.value in (v1, v2) or e.name in ref_names}
    sol = solve_model(model.with_sources(zero))
    e_out = cancel(sol.output)
    ad_value = cancel(solve_model(c1.with_sources({e.name: 0 for e in refs})).output.subs({v1: Rational(1, 2),
                                                                                          v2: -Rational(1, 2)}))
    b = AnalysisBuilder("budget", c1)
    b.define(E_OUT, e_out)
    b.define(AD, ad_value)
    b.define(E_IN, e_out / ad_value)
    model_step = b.add("budget-model", "budget_model", E_OUT, _collect(e_out, [s for _, s in sources]),
                       sources=[s for _, s in sources], rsp=RS_P, rsm=RS_M)
    parts = []
    for key, sym in sources:
        alone = cancel(e_out.subs({s: 0 for _, s in sources if s != sym}))
        contrib = Symbol(f"E_{sym.name}", real=True)
        b.define(contrib, alone)
        parts.append(contrib)
        b.add(f"budget-{key}", "error_source", contrib, _collect(alone, [sym]), uses=[model_step],
              source=sym, key=key)
    sum_step = b.add("budget-sum", "superposition_sum", E_OUT, sum(parts), uses=[f"budget-{k}" for k, _ in sources])
    ad_step = b.add("budget-ad", "budget_gain", AD, tidy(ad_value), ad=AD)
    rti = cancel(e_out / ad_value)
    rti_step = b.add("budget-rti", "refer_to_input", E_IN, _collect(rti, [s for _, s in sources]),
                     uses=[sum_step, ad_step], ad=AD)
    # Bias currents as the mean I_B and the offset current I_OS.
    b.define(IB, (IB_P + IB_M) / 2)
    b.define(IOS, IB_P - IB_M)
    b.add("budget-ib-def", "define_bias", IB, (IB_P + IB_M) / 2, ib=IB, ibp=IB_P, ibm=IB_M)
    b.add("budget-ios-def", "define_offset_current", IOS, IB_P - IB_M, ios=IOS)
    bias_rti = cancel(rti.subs({s: 0 for _, s in sources if s not in (IB_P, IB_M)}))
    b.define(E_BIAS, bias_rti)
    in_terms = cancel(bias_rti.subs({IB_P: IB + IOS / 2, IB_M: IB - IOS / 2}, simultaneous=True))
    ib_coef, ios_coef = cancel(in_terms.diff(IB)), cancel(in_terms.diff(IOS))
    bias_step = b.add("budget-bias", "bias_in_terms", E_BIAS, _collect(in_terms, [IB, IOS]),
                      uses=[rti_step, "budget-ib-def", "budget-ios-def"], ib=IB, ios=IOS)
    cond = [Eq(RS_P, RS_M)]
    b.add("budget-bias-matched", "bias_matched", E_BIAS, _collect(in_terms.subs(RS_M, RS_P), [IB, IOS]),
          uses=[bias_step], conditions=cond, ib=IB, rs=RS_P)

    # --- numbers -------------------------------------------------------------------
    g = cancel(ad_value.subs(numbers))
    fs = _num(vdiff_fs, "--vdiff-fs") if vdiff_fs is not None else S(10) / abs(g)
    vcm = _num(vcm, "--vcm")
    at = {**numbers, RS_P: rs[0], RS_M: rs[1]}
    terms = []

    def add_term(key, value_sym, expr, spec_at, prove_at=None, **params):
        value = cancel(S(expr).subs(at).subs(spec_at))
        b.define(value_sym, expr)
        b.add(f"value-{key}", "error_value", value_sym, value, uses=params.pop("uses", [rti_step]),
              at={**at, **(prove_at or spec_at)}, key=key, **params)
        terms.append(Term(key, value, f"value-{key}"))

    if part is not None:
        vi, vo = part_spec(part.name, "vos_in", grade), part_spec(part.name, "vos_out", grade)
        for key, sym, v in (("vos_in", VOSI, vi), ("vos_out", VOSO, vo)):
            if v is not None and any(k == key for k, _ in sources):
                coef = cancel(rti.diff(sym))
                add_term(key, Symbol({"vos_in": "E_OSI", "vos_out": "E_OSO"}[key], real=True), coef * sym,
                         {sym: v}, source=sym)
        ib_v, ios_v = part_spec(part.name, "ib", grade), part_spec(part.name, "ios", grade)
    else:
        ib_v = ios_v = None
        if any(at_pin.get(k) for k in opamp_bias_currents(c1)):      # the netlist's currents at the pins
            ib_v = (pin_currents[p.name] + pin_currents[m.name]) / 2
            ios_v = pin_currents[p.name] - pin_currents[m.name]
        for key, sym in sources:
            if key.startswith("vos_"):
                add_term(key, Symbol(f"E_in,{key[4:]}", real=True), cancel(rti.diff(sym)) * sym,
                         {sym: fixed[sym]}, source=sym, opamp=key[4:])
        for name, syms in inner.items():
            add_term(f"ib_{name}", Symbol(f"E_IB,{name}", real=True), sum(cancel(rti.diff(s)) * s for s in syms),
                     {s: fixed[s] for s in syms}, source=syms, opamp=name)
    ib_v = _num(ib, "--ib") if ib is not None else ib_v
    ios_v = _num(ios, "--ios") if ios is not None else ios_v
    if ib_v is not None:
        add_term("ib", Symbol("E_IB", real=True), ib_coef * IB, {IB: ib_v}, {IB_P: ib_v, IB_M: ib_v},
                 uses=[bias_step], source=IB)
    if ios_v is not None:
        add_term("ios", Symbol("E_IOS", real=True), ios_coef * IOS, {IOS: ios_v},
                 {IB_P: ios_v / 2, IB_M: -ios_v / 2}, uses=[bias_step], source=IOS)
    cmrr = _cmrr(c0, part, grade, g, tolerance, gain, values)
    if cmrr is not None and vcm != 0:
        b.define(E_CM, VCM_B / CMRR_B)
        value = cancel(vcm / cmrr)
        b.add("value-cmrr", "cmrr_error", E_CM, value, at={VCM_B: vcm, CMRR_B: cmrr}, cmrr=CMRR_B, vcm=VCM_B,
              rounded=S(10) ** -15)
        terms.append(Term("cmrr", value, "value-cmrr"))
    if tolerance is not None:
        tolerance = S(tolerance)
        if any(r.name.lower() == "rg" for r in c1.resistors):
            terms.append(_rg_gain_error(b, c1, numbers, tolerance, fs))
        if part is None:
            terms.append(_resistor_gain_error(b, c0, numbers, tolerance, fs))
    if part is not None:
        ge = part_spec(part.name, "gain_error_percent", grade, gain=g)
        if ge is not None:
            b.define(E_GAIN, VFS * Symbol("epsilon_G", real=True))
            value = ge / 100 * fs
            b.add("value-gain-part", "part_gain_error", E_GAIN, value,
                  at={VFS: fs, Symbol("epsilon_G", real=True): ge / 100}, part=part.name)
            terms.append(Term("gain_part", value, "value-gain-part"))
    noise_report = None
    if bandwidth is not None:
        noise_report = noise(c0, part=part, gain=gain, values=values, bandwidth=bandwidth,
                             source_resistance=rs, inputs=inputs, grade="typ")
        terms.append(Term("noise", noise_report.rms, None))
    last = b.steps[-1]
    return Budget(b.finish(last), tuple(terms), g, fs, part, grade, at, noise_report)


def _cmrr(c0, part, grade, g, tolerance, gain, values):
    """The CMRR as a ratio: the part's (dB from the datasheet) or the worst case for a tolerance."""
    if part is not None:
        db = part_spec(part.name, "cmrr_db", grade, gain=g)
        return None if db is None else S(10) ** (S(db) / 20)
    if tolerance is not None:
        from .tolerance import tolerance_analysis

        report = tolerance_analysis(c0, tolerance, gain=gain, values=values, samples=0)
        return S(report.worst).limit_denominator(10 ** 12) if hasattr(report.worst, "limit_denominator") \
            else S(report.worst)
    return None


def _rg_gain_error(b, c1, numbers, tol, fs):
    """The gain error a tolerance on RG causes: the derived sensitivity of G(RG) times T."""
    eq = gain_equation(c1)
    rg = eq.rg
    sens = Symbol("S_RG", real=True)
    s_value = cancel(rg * diff(eq.gain, rg) / eq.gain)
    b.define(sens, s_value)
    s_step = b.add("budget-s-rg", "rg_sensitivity", sens, tidy(s_value), rg=rg, s=sens)
    e_rg = Symbol("E_RG", real=True)
    b.define(e_rg, Abs(sens) * TOL * VFS)
    at = {**numbers, TOL: tol, VFS: fs}
    value = cancel(Abs(s_value.subs(numbers)) * tol * fs)
    b.add("value-gain-rg", "rg_gain_error", e_rg, value, uses=[s_step], at=at, rg=rg, t=TOL, vfs=VFS)
    return Term("gain_rg", value, "value-gain-rg")


def _resistor_gain_error(b, c0, numbers, tol, fs):
    """The gain error a tolerance on every other resistor causes: derived sensitivities, worst case."""
    from .tolerance import matched_symbol_map

    general = c0.general()
    refs = {e.name: 0 for e in general.sources}
    p, m = input_pair(c0)
    refs.pop(p.name)
    refs.pop(m.name)
    out = solve_model(general.with_sources(refs)).output
    ad = cancel(out.subs({_signal(p): Rational(1, 2), _signal(m): -Rational(1, 2)}))
    nominal = {g: S(v).subs(numbers) for g, v in matched_symbol_map(c0).items()}
    total, uses, sens = S.Zero, [], {}
    for r in sorted(ad.free_symbols, key=str):
        if r.name.lower() == "rg" or r not in nominal:
            continue
        s_sym = Symbol(f"S_{r.name}", real=True)
        s_value = cancel(r * diff(ad, r) / ad)
        b.define(s_sym, s_value)
        at_value = cancel(s_value.subs(nominal))
        sens[s_sym] = at_value
        uses.append(b.add(f"budget-s-{r.name}", "resistor_sensitivity", s_sym, at_value, at=nominal, r=r, s=s_sym))
        total += Abs(at_value)
    e_r = Symbol("E_R", real=True)
    b.define(e_r, sum(Abs(s) for s in sens) * TOL * VFS)
    value = cancel(total * tol * fs)
    b.add("value-gain-resistors", "resistor_gain_error", e_r, value, uses=uses, at={**nominal, TOL: tol, VFS: fs},
          t=TOL, vfs=VFS)
    return Term("gain_resistors", value, "value-gain-resistors")


__all__ = ["Budget", "Term", "budget", "part_spec"]
