"""The one front-end to the message catalogs (``catalogs/``, one JSON file per
catalog and language, en and es with the same keys and placeholders).

- :func:`catalog` reads a catalog: the main one (``en.json``: step
  explanations and interface strings) or a named one (``latex``,
  ``notebook``, ``analysis``, ``circuits``, ``check``);
- :func:`explain` writes a step's explanation (a derivation's or an analysis's);
- :func:`ui` a fixed string of a sectioned catalog, :func:`message` one of the
  checker's flat catalog.

>>> from sympy import Eq, Symbol
>>> from derive.derivation.model import Step
>>> R5, R6 = Symbol("R5"), Symbol("R6")
>>> step = Step("a", "assumption", Eq(R5, R6),
...             params={"kept": R5, "replaced": R6, "condition": Eq(R5, R6)})
>>> explain(step, "es")
'Condición de apareamiento: suponemos R5 = R6; en adelante R6 se sustituye por R5.'
"""
import json
import string
from functools import lru_cache
from importlib import resources

from ..errors import DeriveError
from .numerals import localized

LANGUAGES = ("en", "es")


@lru_cache(maxsize=None)
def catalog(lang, name=None):
    """The message catalog for ``lang`` (``name`` picks a catalog such as ``latex``)."""
    if lang not in LANGUAGES:
        raise DeriveError(f"unknown language '{lang}' (choose {', '.join(LANGUAGES)})")
    filename = f"{name}_{lang}.json" if name else f"{lang}.json"
    text = resources.files(__package__).joinpath("catalogs", filename).read_text("utf-8")
    return json.loads(text)


def placeholders(template):
    """The named placeholders of a template, e.g. ``{'kept', 'replaced'}``."""
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def _render(value, lang, math):
    if isinstance(value, str):
        return value
    if hasattr(value, "text"):        # a value that words itself per language (a percentage)
        return value.text(lang)
    if isinstance(value, (list, tuple)):
        parts = [_render(v, lang, math) for v in value]
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + f" {catalog(lang)['ui']['and']} " + parts[-1]
    shown = math(value)
    # a number inside plain prose (1.5 V) takes the language's mark; LaTeX leaves it to siunitx
    return shown if "\\" in shown or "$" in shown else localized(shown, lang)


def plain_math(obj):
    """SymPy's ``str`` form, with equations written ``a = b``."""
    if getattr(obj, "is_Relational", False) and obj.rel_op == "==":
        return f"{obj.lhs} = {obj.rhs}"
    return str(obj)


def explain(step, lang="en", math=plain_math, name=None):
    """The explanation of ``step`` in ``lang``; ``math`` renders SymPy objects.

    ``name`` picks the catalog whose ``steps`` hold the kind (``analysis`` for
    the steps of an analysis; default: the derivation's main catalog).
    """
    template = catalog(lang, name)["steps"][step.kind]
    values = {k: _render(step.params.get(k, ""), lang, math) for k in placeholders(template)}
    return template.format(**values)


def message(key, lang="en", /, *, catalog_name="check", **params):
    """A message of a flat catalog (``{key: template}``; the checker's by default).

    >>> message("verdict_equal", "es", quantity="Vout")
    'Correcto: tu respuesta es igual a Vout.'
    """
    return catalog(lang, catalog_name)[key].format_map(params)


def ui(key, lang="en", name=None, **params):
    """A fixed interface string, e.g. ``ui("result", "es") == "Resultado"``."""
    return catalog(lang, name)["ui"][key].format(**params)


def circuit_title(circuit, lang="en"):
    """The circuit's title in ``lang``: the netlist's ``.title.es`` (``.title.en``) if
    given, a built-in title translated, else the ``.title`` as written.

    >>> from derive.circuit.library import load_circuit
    >>> circuit_title(load_circuit("inverting"), "es")
    'amplificador inversor'
    """
    own = dict(getattr(circuit, "titles", ()))
    if lang in own:
        return own[lang]
    return catalog(lang, "circuits")["titles"].get(circuit.title, circuit.title)


class ZeroedSources:
    """How sources set to zero are left, worded per language when shown: a
    voltage source at zero is a short (its input tied to ground when one end is
    grounded), a current source at zero an open circuit (it is left open).

    ``kinds`` holds ``"grounded"``, ``"short"`` or ``"open"``, one per source;
    ``+`` joins two (for a sentence naming several sources).

    >>> ZeroedSources(["open"]).text("es")
    'se deja abierta: una fuente de corriente nula es un circuito abierto'
    >>> (ZeroedSources(["grounded"]) + ZeroedSources(["open"])).text("en")
    'each voltage source becomes a short circuit and each current source is left open'
    """

    def __init__(self, kinds):
        self.kinds = tuple(kinds)

    def __add__(self, other):
        return ZeroedSources(self.kinds + other.kinds)

    def __eq__(self, other):
        return isinstance(other, ZeroedSources) and self.kinds == other.kinds

    def __hash__(self):
        return hash(self.kinds)

    def __repr__(self):
        return f"ZeroedSources({list(self.kinds)!r})"

    def text(self, lang="en"):
        """The words in ``lang``."""
        kinds = set(self.kinds)
        if "open" in kinds and len(kinds) > 1:
            return ui("zeroed_mixed", lang)
        kind = kinds.pop() if len(kinds) == 1 else "short"      # grounded and floating: all shorts
        return ui(f"zeroed_{kind}" + ("_many" if len(self.kinds) > 1 else ""), lang)


def title_key(circuit, lang="en"):
    """``"title"`` for a title in ``lang`` (built-in or ``.title.es``), else ``"title_as_written"``.

    A ``.title`` that is not translated keeps its own words, so the sentence
    around it must not need an article that suits only ``lang``: "Función de
    transferencia del Three-input summing amplifier" reads as
    "Three-input summing amplifier: función de transferencia".

    >>> from derive.circuit.library import load_circuit
    >>> title_key(load_circuit("inverting"), "es")
    'title'
    """
    if lang in dict(getattr(circuit, "titles", ())) or circuit.title in catalog(lang, "circuits")["titles"]:
        return "title"
    return "title_as_written"


def method_text(derivation, lang="en"):
    """"Method: ..." for a derivation, saying which strategies declined and why.

    >>> from derive.circuit.netlist import parse_netlist
    >>> from derive.derivation import derive
    >>> bridge = parse_netlist(chr(10).join(["Vx x 0", "Ra x a", "Rb a 0", "R1 a p", "R2 p 0",
    ...                                      "Rc x m", "Rf m out", "U1 p m out"]))
    >>> method_text(derive(bridge, "virtual-short"), "es")
    'Método: análisis nodal (cortocircuito virtual y corrientes de rama y superposición no se aplican: en este circuito solo escribiría la ley de corrientes de Kirchhoff en cada nodo)'
    """
    method = ui(f"method_{derivation.method}", lang)
    declined = getattr(derivation, "declined", ())
    if not declined:
        return ui("method", lang, method=method)
    by_reason = {}
    for m, r in declined:
        by_reason.setdefault(r, []).append(ui(f"method_{m}", lang))
    reasons = "; ".join(
        ui("declined", lang, method=ms[0], reason=ui(r, lang)) if len(ms) == 1
        else ui("declined_many", lang, methods=_render(ms, lang, plain_math), reason=ui(r, lang))
        for r, ms in by_reason.items())
    return ui("method_fallback", lang, method=method, declined=reasons)


def model_assumptions(derivation, lang="en", math=plain_math):
    """The op-amp model and any feedback condition, one sentence each.

    >>> from derive.derivation import derive
    >>> model_assumptions(derive("inverting"))[0][:22]
    'The op-amps are ideal:'
    """
    opamps = derivation.circuit.opamps
    finite = [op.name for op in opamps if not op.ideal]
    if not finite:
        lines = [ui("ideal_opamps", lang)]
    else:
        key = "finite_opamps" if len(finite) == len(opamps) else "mixed_opamps"
        lines = [ui(key, lang, opamps=_render(finite, lang, math))]
    # sufficient conditions of one loop are enough only together: one sentence for them all
    conditions, together = [], {}
    for cond in getattr(derivation, "feedback", ()):
        if getattr(cond, "kind", "exact") == "sufficient":
            if cond.opamp not in together:
                together[cond.opamp] = []
                conditions.append(cond)
            together[cond.opamp].append(cond.condition)
        else:
            conditions.append(cond)
    for cond in conditions:
        loop = cond.opamp.split("+")        # "U1+U2": a condition of the loop through both
        kind = getattr(cond, "kind", "exact")
        one = len(loop) == 1
        if kind.startswith("sampled"):      # no condition proved: checked at sample values
            key = "feedback_" + kind + ("_one" if one and kind == "sampled_fast" else "")
            lines.append(ui(key, lang, opamp=loop[0] if one else _render(loop, lang, math)))
            continue
        sufficient = kind == "sufficient"
        if one:
            key = "feedback_condition_sufficient_one" if sufficient else "feedback_condition"
        else:
            key = "feedback_condition_sufficient" if sufficient else "feedback_condition_loop"
        names = loop[0] if one else _render(loop, lang, math)
        stated = together[cond.opamp] if sufficient else [cond.condition]
        lines.append(ui(key, lang, opamp=names, condition=_render(stated, lang, math)))
    return lines
