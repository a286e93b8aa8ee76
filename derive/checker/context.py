"""What the checker knows about one circuit: names, units, quantities, points.

A :class:`Context` is built once per (circuit, general, method) and reused for
every answer (the worker keeps it warm). It holds the derivation, the names an
answer may use, the unit of each name, the value of every quantity of the
derivation (and, when a diagnosis needs them, of the other methods'
derivations too), the matching conditions, and the random exact points the
numeric stage evaluates at.

>>> ctx = Context("inamp")
>>> ctx.quantity_value("V11")
V1*(R5/RG + 1)
>>> ctx.dims["RG"], ctx.dims["Vout1"]
((0, 1, 0), (1, 0, 0))
>>> sk = Context("sallen-key-lp")
>>> sk.quantity_value("f_0"), sk.units["f_0"], sk.dims["Q"]
(1/(2*pi*sqrt(C1)*sqrt(C2)*sqrt(R1)*sqrt(R2)), 'hertz', (0, 0, 0))
"""
import random
from fractions import Fraction
from functools import cached_property

from ..circuit.elements import LAPLACE
from ..circuit.library import as_circuit
from .laplace import NAMES as JOMEGA_NAMES
from .tree import PI, PI_NAMES, from_sympy
from .vocabulary import GREEK_WORDS, Vocabulary, normal

# Dimensions as exponents of (volt, ohm, second): F = s/Ω, H = Ω·s, Hz = rad/s = 1/s.
VOLT, OHM, AMPERE, NONE = (1, 0, 0), (0, 1, 0), (1, -1, 0), (0, 0, 0)
SECOND, PER_SECOND = (0, 0, 1), (0, 0, -1)
UNIT_DIMS = {"volt": VOLT, "ohm": OHM, "ampere": AMPERE, "siemens": (0, -1, 0), "farad": (0, -1, 1),
             "henry": (0, 1, 1), "second": SECOND, "hertz": PER_SECOND, "radian_per_second": PER_SECOND}
# The quantities of the textbook forms of H(s) a question may ask for: {name: (unit, dimension)};
# K's dimension is the output's over the input's (Ω for a transimpedance).
FORM_QUANTITIES = {"tau": ("second", SECOND), "omega_p": ("radian_per_second", PER_SECOND),
                   "omega_z": ("radian_per_second", PER_SECOND), "omega_0": ("radian_per_second", PER_SECOND),
                   "f_c": ("hertz", PER_SECOND), "f_0": ("hertz", PER_SECOND), "Q": (None, NONE), "K": (None, None)}
# Names of the s-domain that are no circuit symbol: the Laplace variable s, ω (and w), j.
SDOMAIN_DIMS = {"s": PER_SECOND, "ω": PER_SECOND, "w": PER_SECOND, "j": NONE}
POINTS = 4          # random points of the numeric stage
SPARE_POINTS = 8    # used when the answer is undefined at some of them
SEED = 2026


def log_uniform(rng, low=1, high=6):
    """A positive exact number, log-uniform between 10**low and 10**high, 4 digits."""
    u = rng.uniform(low, high)
    k = int(u) - 3
    return Fraction(round(10 ** (u - k)), 1) * Fraction(10) ** k


def _chained(subs):
    """``{replaced: kept}`` with chains followed (R4 -> R2 -> R1)."""
    for _ in range(len(subs)):
        nxt = {k: v.xreplace(subs) for k, v in subs.items()}
        if nxt == subs:
            break
        subs = nxt
    return subs


def _matched(value, matching):
    """``value`` with the matching conditions applied, in lowest terms."""
    if not matching or not value.free_symbols & set(matching):
        return value
    return value.xreplace(matching).factor()


class Context:
    """The circuit-level data shared by every question about one circuit."""

    def __init__(self, circuit, general=False, method=None):
        from ..derivation import derive

        self.original = as_circuit(circuit)
        self.general = bool(general)
        self.derivation = derive(self.original, method, general)
        self.method = self.derivation.method
        self.circuit = self.derivation.circuit
        self.output = self.original.output_name
        symbols = {}
        for c in (self.original, self.original.general(), self.circuit):
            symbols.update({s.name: s for s in c.symbols})
        if self.original.reactive:   # answers in the s-domain name the Laplace variable
            symbols[LAPLACE.name] = LAPLACE
        self.symbols = symbols
        # One trustworthy reference: each quantity from the independent nodal
        # solution, with every matching condition of a matched question applied
        # (not only those the derivation's steps happened to use).
        matching = {} if self.general else _chained(self.original.match_substitutions())
        self.own = {name: _matched(self.derivation.quantity(name, textbook=True), matching)
                    for name in self.derivation.quantity_symbols()}
        forms = {}
        if self.original.reactive:   # τ, ω_p, ω₀, f_c, f₀, Q, K where the textbook forms of H(s) derive them
            forms = {k: v for k, v in self._form_quantities().items() if k not in self.own and k not in symbols}
            self.own.update({k: v for k, (v, _) in forms.items()})
        self.dims = self._dims()
        # The SI unit of each element symbol and of each quantity of the textbook forms.
        self.units = {sym.name: e.unit for c in (self.original, self.original.general())
                      for e in c.elements if e.unit for sym in getattr(e.value, "free_symbols", ())}
        for name, (_, dims) in forms.items():
            unit, fixed = FORM_QUANTITIES[name]
            if unit:
                self.units[name] = unit
            self.dims[name] = fixed if fixed is not None else dims
        names = list(symbols) + [n for n in self.own if n not in symbols]
        if self.original.reactive:   # ... or j and ω (read back in s by checker.laplace)
            names += [n for n in JOMEGA_NAMES if n not in names]
        names += [n for n in PI_NAMES if n not in names]      # π (pi, \pi) in any formula
        self.vocabulary = Vocabulary(names)
        # {replaced name: kept name} in force for a matched question.
        self.matching = {} if self.general else {
            r.name: k.name for k, r, _ in self.original.matches}
        conditions = [] if not self.general else [(k.name, r.name) for k, r, _ in self.original.matches]
        self.conditions = conditions + [(k.name, r.name) for k, r, _ in self.original.cases]
        self.points = self._points()

    def _form_quantities(self):
        """``{name: (value, dimension of K or None)}`` for τ, ω_p, ω_z, ω₀, Q, K and the
        frequencies f_c = ω_p/(2π) (first order) and f₀ = ω₀/(2π) (second order), as
        the proved textbook forms of H(s) (:mod:`derive.analysis.sdomain`) derive them."""
        from ..analysis.sdomain import K, Q, TAU, W0, WP, WZ, transfer_forms

        try:
            forms = transfer_forms(self.original, self.method, self.general)
        except Exception:   # noqa: BLE001 - no textbook form: no such quantities to ask for
            return {}
        found = {}
        for symbol in (TAU, WP, WZ, W0, Q, K):
            try:
                found[symbol.name] = (forms.value(symbol), None)
            except KeyError:   # this form has no such parameter
                continue
        for name, key in (("f_c", "cutoff_hz"), ("f_0", "f0_hz")):
            if key in forms.values:
                found[name] = (forms.values[key], None)
        if "K" in found:       # K = output/input: its unit is the output's over the input's
            vin = forms.values["input"]
            source = next((e for e in self.original.sources if vin in getattr(e.value, "free_symbols", ())), None)
            out, inp = VOLT, UNIT_DIMS.get(getattr(source, "unit", None), VOLT)
            found["K"] = (found["K"][0], tuple(a - b for a, b in zip(out, inp)))
        return found

    # --- names and units --------------------------------------------------
    def _dims(self):
        dims = {}
        for c in (self.original, self.original.general()):
            for e in c.elements:   # each element's value in its own unit
                if e.unit in UNIT_DIMS:
                    for s in getattr(e.value, "free_symbols", ()):
                        dims[s.name] = UNIT_DIMS[e.unit]
        dims[self.output] = VOLT
        for q in self.derivation.quantities:
            dims[q.symbol.name] = VOLT if q.what == "node" else AMPERE
        if self.original.reactive:
            dims.update({k: v for k, v in SDOMAIN_DIMS.items() if k not in dims})
        dims.setdefault(PI, NONE)
        return dims

    def sympy_symbol(self, name):
        """The SymPy symbol of a circuit name (positive for resistances)."""
        from sympy import Symbol

        if name in self.symbols:
            return self.symbols[name]
        return Symbol(name, positive=True) if self.dims.get(name) == OHM else Symbol(name, real=True)

    # --- quantities -------------------------------------------------------
    def find_quantity(self, word):
        """``(method, name)`` of the quantity ``word`` names, or ``None``.

        The question's own derivation is searched first, then the other
        methods' (the current ``I_RG`` of the virtual-short route). Greek
        spellings name the quantities of the textbook forms (``w0``, ``ω0``, ``τ``)."""
        key = normal(GREEK_WORDS.get(word, word))
        for name in self.own:
            if normal(name) == key:
                return self.method, name
        for (method, name) in self.other_quantities:
            if normal(name) == key:
                return method, name
        for name in self.own:
            if normal(name).lower() == key.lower():
                return self.method, name
        return None

    def quantity_value(self, name, method=None):
        """The value of a quantity in terms of the inputs (SymPy)."""
        if method in (None, self.method):
            return self.own[name]
        return self.other_quantities[(method, name)]

    @cached_property
    def other_quantities(self):
        """``{(method, name): value}`` for the other derivation methods."""
        from ..derivation import STRATEGIES, derive

        found = {}
        for method in STRATEGIES:
            if method == self.method:
                continue
            try:
                d = derive(self.original, method, self.general)
            except Exception:   # noqa: BLE001 - another route failing never changes a verdict
                continue
            if d.method != method:
                continue        # it declined: its fallback is the question's own route
            matching = {} if self.general else _chained(self.original.match_substitutions())
            for name in d.quantity_symbols():
                found[(method, name)] = _matched(d.quantity(name, textbook=True), matching)
        return found

    @cached_property
    def quantity_trees(self):
        """``[(method, name, tree)]`` of every quantity of every method, distinct values only."""
        seen, out = set(), []
        items = [((self.method, n), v) for n, v in self.own.items()] + list(self.other_quantities.items())
        for (method, name), value in items:
            key = (name, str(value))
            if key in seen:
                continue
            seen.add(key)
            try:
                out.append((method, name, from_sympy(value)))
            except ValueError:
                continue
        return out

    @cached_property
    def ring(self):
        """``(ring, {name: generator})``: polynomials over QQ in every circuit symbol and π.

        π is transcendental, so two rational functions of π and the symbols are
        equal exactly when they are equal with π as one more indeterminate."""
        from sympy import QQ, Symbol
        from sympy.polys.rings import ring

        names = sorted(self.symbols) + [PI]
        r = ring([Symbol(n) for n in names], QQ)[0]
        return r, dict(zip(names, r.gens))

    # --- points -------------------------------------------------------------
    def _points(self):
        rng = random.Random(SEED)
        points = []
        for _ in range(POINTS + SPARE_POINTS):
            p = {}
            for name in sorted(self.symbols):
                if self.dims.get(name) == VOLT:
                    p[name] = Fraction(rng.choice((-1, 1)) * rng.randint(1, 2000), 1000)
                else:
                    p[name] = log_uniform(rng)
            for replaced, kept in self.matching.items():
                p[replaced] = p[kept]
            points.append(p)
        return points
