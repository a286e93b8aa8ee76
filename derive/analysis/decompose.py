"""Differential / common-mode decomposition, as proved steps.

Any circuit with two inputs V1, V2 (other sources held at zero) is linear:
``Vout = a1 V1 + a2 V2``. With ``Vd = V1 - V2`` and ``Vcm = (V1 + V2)/2``, so
that ``V1 = Vcm + Vd/2`` and ``V2 = Vcm - Vd/2``, it becomes
``Vout = Ad Vd + Acm Vcm`` and ``CMRR = Ad/Acm``. Nothing here is a typed-in
formula: a1 and a2 come from the nodal solution, and ``A_d``, ``A_cm`` are
*defined* by two more evaluations of it (``V1 = 1/2, V2 = -1/2`` and
``V1 = V2 = 1``), which is what every step is proved against.

For a two-stage circuit (an output difference stage fed by two op-amp outputs,
as in the 3-op-amp in-amp) the decomposition is also done stage by stage, which
derives that ``A_cm`` is the difference stage's own common-mode gain and that,
with the first stage matched, the first stage's gain multiplies the CMRR.

>>> a = decompose("diffamp")
>>> a.step("acm").equation
Eq(A_cm, (-R1*R4 + R2*R3)/(R3*(R1 + R2)))
>>> a.result
Eq(CMRR, (R1*R4 + R2*R3 + 2*R2*R4)/(2*(-R1*R4 + R2*R3)))
"""
from sympy import Abs, Add, Eq, Float, Mul, log, Rational, S, Symbol, cancel, factor, factor_terms, fraction

from ..circuit.library import as_circuit
from ..errors import DeriveError
from ..text.messages import Message
from ..solver import solve
from ..derivation.forms import gain_form
from ..derivation.topology import driver, source_nodes, stage_output, stage_ports
from .decibels import decibels
from .steps import AnalysisBuilder

HALF = Rational(1, 2)
VD, VCM = Symbol("V_d", real=True), Symbol("V_cm", real=True)
AD, ACM, CMRR = Symbol("A_d", real=True), Symbol("A_cm", real=True), Symbol("CMRR", real=True)


def _signal(source):
    value = source.value
    if not isinstance(value, Symbol):
        raise DeriveError(Message("decompose_not_symbol", name=source.name, value=value))
    return value


def input_pair(circuit, inputs=None):
    """The two input sources ``(plus, minus)`` of a circuit.

    Default: the first two sources, ordered so that the matched circuit's
    differential gain is positive (``V2 - V1`` for the Wikipedia article's in-amp).
    """
    sources = {e.name: e for e in circuit.sources}
    if inputs:
        missing = [n for n in inputs if n not in sources]
        if missing or len(inputs) != 2:
            raise DeriveError(Message("decompose_inputs", sources=", ".join(sources), got=", ".join(inputs)))
        return sources[inputs[0]], sources[inputs[1]]
    if len(sources) < 2:
        key = "decompose_one_input" if len(sources) == 1 else "decompose_two_inputs"
        raise DeriveError(Message(key, circuit=circuit.name, n=len(sources)))
    p, m = list(sources.values())[:2]
    matched = circuit.matched().with_sources({e.name: 0 for e in circuit.sources if e not in (p, m)})
    out = solve(matched).output
    ad = out.subs({_signal(p): HALF, _signal(m): -HALF})
    point = {s: Rational(3 + 2 * i, 7 + i) for i, s in enumerate(sorted(ad.free_symbols, key=str))}
    if ad.subs(point) < 0:
        p, m = m, p
    return p, m


def _dm(expr, v1, v2):
    """Coefficients of Vd and Vcm of a linear function of v1, v2."""
    sub = expr.subs({v1: VCM + VD / 2, v2: VCM - VD / 2}, simultaneous=True)
    sub = cancel(sub)
    return factor(sub.diff(VD)), factor(sub.diff(VCM))


def tidy(expr):
    """A ratio of factored polynomials with as few minus signs as possible.

    >>> from sympy import symbols
    >>> a, b, c = symbols("a b c", positive=True)
    >>> tidy((a + b)/(c - a)), tidy(-(a - b)/c)
    ((a + b)/(-a + c), (-a + b)/c)
    """
    num, den = fraction(cancel(expr))
    options = []
    for n, d in ((factor(num), factor(den)), (factor_terms(num), factor_terms(den))):
        options += [n / d, _neg(n) / _neg(d), -(_neg(n) / d), -(n / _neg(d))]
    return min(options, key=lambda e: (str(e).count("-"), len(str(e))))


def _neg(x):
    """``-x`` with the sign taken into a sum factor: ``2*(a - b)`` -> ``2*(b - a)``."""
    if isinstance(x, Mul):
        for i, f in enumerate(x.args):
            if isinstance(f, Add):
                return Mul(*x.args[:i], -f, *x.args[i + 1:], evaluate=False)
    return -x


def _pretty(expr):
    expr = cancel(expr)
    if expr == 0:
        return S.Zero
    form = gain_form(expr)
    plain = tidy(expr)
    return form if str(form).count("-") <= str(plain).count("-") else plain


def decompose(circuit, inputs=None, general=True):
    """Decompose a two-input circuit's output into differential and common mode.

    ``general=True`` (default) keeps every resistor distinct, so ``A_cm`` and
    the CMRR are those of a mismatched circuit; ``general=False`` applies the
    matching conditions (then ``A_cm`` is usually 0). Returns an
    :class:`~derive.analysis.steps.Analysis` whose result is the CMRR step.
    """
    c0 = as_circuit(circuit)
    p, m = input_pair(c0, inputs)
    c = c0.general() if general else c0.matched()
    others = {e.name: 0 for e in c.sources if e.name not in (p.name, m.name)}
    c = c.with_sources(others)
    v1, v2 = _signal(p), _signal(m)
    sol = solve(c)
    vout_sym = c.output_symbol
    vout = sol.output
    a1, a2 = factor(vout.diff(v1)), factor(vout.diff(v2))
    if cancel(vout - a1 * v1 - a2 * v2) != 0:
        raise DeriveError(Message("decompose_not_linear", circuit=c.name, a=v1, b=v2))

    b = AnalysisBuilder("decomposition", c)
    b.values.update(plus=v1, minus=v2, general=general)
    b.define(vout_sym, vout)
    b.define(VD, v1 - v2)
    b.define(VCM, (v1 + v2) / 2)
    ad_value = cancel(vout.subs({v1: HALF, v2: -HALF}))
    acm_value = cancel(vout.subs({v1: 1, v2: 1}))
    b.define(AD, ad_value)
    b.define(ACM, acm_value)

    uses = []
    for e in c0.sources:
        if e.name in others:
            b.define(e.value, 0)
            uses.append(b.add(f"zero-{e.name}", "other_inputs_zero", e.value, 0, source=e.name))
    transfer = b.add("transfer", "transfer", vout_sym, Mul(_pretty(a1), v1) + Mul(_pretty(a2), v2),
                     uses=uses, circuit=c.name)
    d1 = b.add("define-vd", "define_differential", VD, v1 - v2, vd=VD, v1=v1, v2=v2)
    d2 = b.add("define-vcm", "define_common_mode", VCM, (v1 + v2) / 2, vcm=VCM, v1=v1, v2=v2)
    i1 = b.add("inverse-v1", "inverse", v1, VCM + VD / 2, uses=[d1, d2], v=v1)
    i2 = b.add("inverse-v2", "inverse", v2, VCM - VD / 2, uses=[d1, d2], v=v2)
    sub = b.add("substitute", "substitution",
                vout_sym, Mul(_pretty(a1), VCM + VD / 2, evaluate=False)
                + Mul(_pretty(a2), VCM - VD / 2, evaluate=False), uses=[transfer, i1, i2])
    ad_expr, acm_expr = factor(ad_value), factor(acm_value)
    col = b.add("collect", "collect", vout_sym, Mul(_pretty(ad_expr), VD) + Mul(_pretty(acm_expr), VCM),
                uses=[sub], vd=VD, vcm=VCM)
    s_ad = b.add("ad", "differential_gain", AD, _pretty(ad_expr), uses=[col], ad=AD, vd=VD)
    s_acm = b.add("acm", "common_mode_gain", ACM, tidy(acm_value), uses=[col], acm=ACM, vcm=VCM)
    form = b.add("decomposed", "decomposed", vout_sym, AD * VD + ACM * VCM, uses=[s_ad, s_acm])
    if acm_value == 0:
        result = b.add("cmrr-infinite", "cmrr_infinite", ACM, 0, uses=[s_acm], acm=ACM)
    else:
        b.define(CMRR, ad_value / acm_value)
        result = b.add("cmrr", "cmrr", CMRR, tidy(ad_value / acm_value), uses=[s_ad, s_acm],
                       cmrr=CMRR, ad=AD, acm=ACM)
    stage_steps = _cascade(b, c0, c, sol, v1, v2, form)
    if stage_steps is not None:
        result = stage_steps if acm_value != 0 else result
    ratio = cancel(ad_value / acm_value) if acm_value != 0 else None
    if ratio == 0:
        raise DeriveError(Message("decompose_no_differential", circuit=c.name, a=v1, b=v2))
    if ratio is not None and not ratio.free_symbols:      # a circuit with numbers: the CMRR in dB
        db = Symbol("CMRR_dB", real=True)
        b.define(db, 20 * log(Abs(ratio), 10))      # the ratio is proved equal to CMRR by step "cmrr"
        b.values["cmrr_db"] = decibels(ratio)
        result = b.add("cmrr-db", "decibels", db, Float(f"{decibels(ratio):.2f}"), uses=["cmrr"],
                       rounded=0.0051, ratio=CMRR)
    return b.finish(result)


# --- the stage-by-stage decomposition of a two-stage circuit -----------------------

def _first_stage_conditions(c0, first_stage_resistors):
    """Matching conditions among the first stage's resistors: ``[(kept, replaced)]``.

    From the netlist's ``.match`` lines and from a symbol shared by several
    resistors (``R`` twice in the integrated in-amp, split by the general form).
    """
    names = {r.name for r in first_stage_resistors}
    found = []
    groups = {}
    for r in c0.resistors:
        if r.name in names and isinstance(r.value, Symbol):
            groups.setdefault(r.value, []).append(r)
    for rs in groups.values():
        if len(rs) > 1:
            kept = rs[0].own_symbol()
            found += [(kept, r.own_symbol()) for r in rs[1:]]
    values = {r.value for r in c0.resistors if r.name in names}
    found += [(k, r) for k, r, _ in c0.matches if k in values and r in values]
    return found


def _cascade(b, c0, c, sol, v1, v2, form):
    """Stage-by-stage steps for an output difference stage fed by two op-amps.

    Returns the final step (the CMRR as the first stage's gain times the
    difference stage's CMRR) or None when the circuit is not of that shape.
    """
    out_op = driver(c, c.output)
    if out_op is None or not out_op.ideal:
        return None
    ports = stage_ports(c, out_op)
    fixed = source_nodes(c)
    driven = [n for n in ports if driver(c, n) is not None]
    # The other ports must be grounded (or held at 0): an input there (Vref decomposed
    # against Vinp) is no two-stage cascade.
    if len(driven) != 2 or any(fixed.get(n, 1) != 0 for n in ports if n not in driven):
        return None
    o1, o2 = driven
    g_dd, g_dc = _dm(sol.v(o1) - sol.v(o2), v1, v2)
    if cancel(g_dd.subs({s: 1 for s in g_dd.free_symbols})).is_negative:
        o1, o2 = o2, o1
    vo1, vo2 = sol.v(o1), sol.v(o2)
    g_dd, g_dc = _dm(vo1 - vo2, v1, v2)
    g_cd, g_cc = _dm((vo1 + vo2) / 2, v1, v2)
    if g_dd == 0:
        return None
    s1, s2 = Symbol(f"V_{o1}", real=True), Symbol(f"V_{o2}", real=True)
    sod, soc = Symbol("V_od", real=True), Symbol("V_ocm", real=True)
    b.define(s1, vo1)
    b.define(s2, vo2)
    b.define(sod, vo1 - vo2)
    b.define(soc, (vo1 + vo2) / 2)
    st1 = b.add("stage1-out1", "first_stage_output", s1, _linear(vo1, v1, v2), opamp=driver(c, o1).name)
    st2 = b.add("stage1-out2", "first_stage_output", s2, _linear(vo2, v1, v2), opamp=driver(c, o2).name)
    dd = b.add("stage1-dm", "first_stage_differential", sod, Mul(_pretty(g_dd), VD) + Mul(_pretty(g_dc), VCM),
               uses=[st1, st2, "inverse-v1", "inverse-v2"], vod=sod, out1=s1, out2=s2)
    cc = b.add("stage1-cm", "first_stage_common_mode", soc, Mul(_pretty(g_cd), VD) + Mul(_pretty(g_cc), VCM),
               uses=[st1, st2, "inverse-v1", "inverse-v2"], vocm=soc, out1=s1, out2=s2)

    # The difference stage alone, driven by s1 and s2: solved as its own small circuit.
    values = {n: fixed[n] for n in ports if n in fixed}
    values.update({o1: s1, o2: s2})
    vout2 = stage_output(c, out_op, values)
    ad2_value, acm2_value = cancel(vout2.subs({s1: HALF, s2: -HALF})), cancel(vout2.subs({s1: 1, s2: 1}))
    ad2, acm2 = Symbol("A_d2", real=True), Symbol("A_cm2", real=True)
    b.define(ad2, ad2_value)
    b.define(acm2, acm2_value)
    st3 = b.add("stage2", "second_stage", c.output_symbol, ad2 * sod + acm2 * soc, uses=[dd, cc],
                opamp=out_op.name, ad2=ad2, acm2=acm2, vod=sod, vocm=soc)
    s_ad2 = b.add("stage2-ad", "stage_differential_gain", ad2, _pretty(ad2_value), uses=[st3],
                  opamp=out_op.name)
    s_acm2 = b.add("stage2-acm", "stage_common_mode_gain", acm2, tidy(acm2_value), uses=[st3],
                   opamp=out_op.name)
    comp = b.add("compose", "compose", c.output_symbol,
                 (ad2 * g_dd + acm2 * g_cd) * VD + (ad2 * g_dc + acm2 * g_cc) * VCM, uses=[st3, dd, cc])
    acm_stage = b.add("acm-stage", "common_mode_from_stage", ACM, ad2 * g_dc + acm2 * g_cc,
                      uses=[comp, form], opamp=out_op.name, acm=ACM, acm2=acm2)
    b.add("ad-stage", "differential_from_stages", AD, ad2 * g_dd + acm2 * g_cd, uses=[comp, form],
          ad=AD, ad2=ad2)
    if acm2_value == 0:
        return None
    first = [r for r in c.resistors if r.name not in {x.name for x in c.resistors
                                                      if {out_op.plus, out_op.minus} & set(x.nodes)}]
    conditions = _first_stage_conditions(c0, first) if c is not c0 else []
    conds = [b.add(f"assume-{r}", "assumption", k, r, conditions=[Eq(k, r)], kept=k, replaced=r)
             for k, r in conditions]
    eqs = [s.equation for s in conds]
    mapping = {r: k for k, r in conditions}
    g1 = _pretty(g_dd.subs(mapping))
    if cancel(g_cd.subs(mapping)) != 0 or cancel(g_dc) != 0:
        return None
    g1_sym = Symbol("G_1", real=True)
    b.define(g1_sym, g_dd)
    sg1 = b.add("stage1-gain", "first_stage_gain", g1_sym, g1, uses=[dd] + conds, conditions=eqs, g1=g1_sym)
    ad_m = b.add("ad-matched", "differential_matched", AD, g1_sym * ad2, uses=["ad-stage", sg1] + conds,
                 conditions=eqs, ad=AD)
    cmrr2 = Symbol("CMRR_2", real=True)
    b.define(cmrr2, ad2_value / acm2_value)
    s_c2 = b.add("stage2-cmrr", "stage_cmrr", cmrr2, ad2 / acm2, uses=[s_ad2, s_acm2], cmrr2=cmrr2,
                 opamp=out_op.name)
    return b.add("cmrr-stages", "cmrr_multiplied", CMRR, g1_sym * cmrr2,
                 uses=[ad_m, acm_stage, s_c2], conditions=eqs, g1=g1_sym, cmrr2=cmrr2, cmrr=CMRR)


def _linear(expr, v1, v2):
    return Mul(_pretty(expr.diff(v1)), v1) + Mul(_pretty(expr.diff(v2)), v2)
