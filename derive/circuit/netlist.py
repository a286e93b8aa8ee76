"""Read the netlist format into a :class:`~derive.circuit.circuit.Circuit`.

One element a line, SPICE-like::

    * comment (also # or ;)          blank lines are ignored
    .title Three-op-amp in-amp       ; the rest of the line, verbatim
    .title.es Amplificador de instrumentación de tres operacionales
    V1  in1 0   V1                   ; voltage source: name, +, -, value
    I1  a   b   I1                   ; current source: flows from a through it to b
    R5  o1  g1  R5                   ; resistor: name, a, b, value
    C1  o1  x   10n                  ; capacitor (L1 a b 1m: inductor), Laplace domain
    U1  in1 g1  o1                   ; ideal op-amp: name, +, -, output
    U2  in2 g2  o2  A                ; op-amp with finite open-loop gain A
    .output out Vout                 ; output node, and the symbol it is called
    .match R5=R6 R1=R3               ; matching conditions: R6 is set to R5, ...
    .case R2=R3                      ; a special case shown after the result
    .method virtual-short            ; the default derivation method
    .opamp U1 vos=50uV ib=2n ios=0.5n en=4n in=0.3p
                                     ; op-amp U1's input offset voltage, bias and
                                     ; offset current, voltage and current noise
                                     ; density (read by derive budget, range, noise)

A value is a symbol name (shared by every element that names it) or a number
read by :mod:`derive.circuit.values` (10k, 4.7meg, 49.9, 1m, 1MΩ). Omitted, it is
the element's name. Ground is node ``0`` (``gnd`` too). Every error names its line.
The element types (the first letter of a name) are those of
:data:`~derive.circuit.elements.ELEMENT_TYPES`, or the ``types`` given.
``;`` and ``$`` start a comment anywhere; ``*``, ``#`` and ``;`` a comment line. A
``#`` inside a line is refused with a hint (SPICE does not read it as a comment).
A UTF-8 byte-order mark at the start (Windows editors write one) is skipped.

>>> c = parse_netlist("V1 in 0\\nR1 in out 10k\\nR2 out 0 10k")
>>> c.element("R1").value
10000
"""
import re

from sympy import Symbol

from ..errors import NetlistError
from ..text.messages import Message
from .checks import check_circuit
from .circuit import METHODS, Circuit
from .deck import deck_to_netlist, looks_like_deck
from .elements import ELEMENT_TYPES, LAPLACE, kind_text, role_text
from .nodes import GROUND, GROUND_ALIASES
from ..notation.units import si_plain, unit_symbol
from ..text.numerals import Numeral
from .values import IDENTIFIER, SPICE, BadValue, parse_number, parse_value, read_unit, reads_as_milli

MAX_CHARS = 200_000
MAX_LINES = 2_000
MAX_LINE_LENGTH = 500
MAX_ELEMENTS = 200
NODE_NAME = re.compile(r"^[A-Za-z0-9_]+$")
DIRECTIVES = (".title", ".title.en", ".title.es", ".output", ".match", ".case", ".method", ".opamp", ".end")
# .opamp parameters (offset voltage, bias and offset current, voltage and current noise density):
# may the value be negative?
OPAMP_PARAMETERS = {"vos": True, "ib": True, "ios": True, "en": False, "in": False}
TITLE = re.compile(r"^\.title(?:\.(?P<lang>[a-z]{2}))?(?:\s+(?P<text>.*))?$", re.IGNORECASE)
BOM = "\ufeff"


def _strip_comment(text, lineno):
    for mark in (";", "$"):
        cut = text.find(mark)
        if cut >= 0:
            text = text[:cut]
    if "#" in text:
        raise NetlistError(Message("hash_comment"), lineno)
    return text.strip()


def _node(token, lineno):
    if token in GROUND_ALIASES:
        return GROUND
    if not NODE_NAME.match(token):
        raise NetlistError(Message("bad_node_name", token=token), lineno)
    return token


def _pairs(args, lineno, directive):
    text = " ".join(args).replace(",", " ")
    pairs = []
    for item in text.split():
        left, sep, right = item.partition("=")
        if not sep or not IDENTIFIER.match(left) or not IDENTIFIER.match(right):
            raise NetlistError(Message("condition_syntax", directive=directive, item=item), lineno)
        pairs.append((left, right))
    if not pairs:
        raise NetlistError(Message("condition_missing", directive=directive), lineno)
    return pairs


class _Reader:
    """Collects elements and directives line by line."""

    def __init__(self, name, types):
        self.name = name
        self.types = types
        self.title = None
        self.titles = {}        # {lang: title} from .title.es, .title.en
        self.elements = []
        self.names = {}
        self.output = None
        self.output_name = "Vout"
        self.output_line = None
        self.matches = []
        self.cases = []
        self.symbol_roles = {}   # symbol name -> (role, line)
        self.method = None
        self.opamp_lines = []    # (op-amp, parameter, value, line)
        self.notes = []          # (line, Message): read as written, but likely not what was meant

    def read_line(self, lineno, raw):
        if len(raw) > MAX_LINE_LENGTH:
            raise NetlistError(Message("line_too_long", length=len(raw), limit=MAX_LINE_LENGTH), lineno)
        stripped = raw.strip()
        if not stripped or stripped[0] in "*#;":
            return
        title = TITLE.match(stripped)
        if title:                         # the rest of the line is the title, $ and # included
            self.set_title(lineno, title["lang"], (title["text"] or "").strip())
            return
        text = _strip_comment(stripped, lineno)
        if not text:
            return
        if text[0] == ".":
            self.directive(lineno, text)
        else:
            self.element(lineno, text.split())

    def set_title(self, lineno, lang, text):
        from ..text import LANGUAGES

        if not text:
            raise NetlistError(Message("title_empty"), lineno)
        if lang is None:
            self.title = text
        elif lang.lower() in LANGUAGES:
            self.titles[lang.lower()] = text
        else:
            raise NetlistError(Message("title_language", lang=lang, languages=", ".join(LANGUAGES)), lineno)

    def directive(self, lineno, text):
        word, _, rest = text.partition(" ")
        word = word.lower()
        args = rest.split()
        if word == ".output":
            if len(args) not in (1, 2):
                raise NetlistError(Message("output_syntax"), lineno)
            self.output = _node(args[0], lineno)
            self.output_line = lineno
            if len(args) == 2:
                if not IDENTIFIER.match(args[1]):
                    raise NetlistError(Message("output_symbol", token=args[1]), lineno)
                self.output_name = args[1]
        elif word == ".match":
            self.matches += [(l, r, lineno) for l, r in _pairs(args, lineno, ".match")]
        elif word == ".case":
            self.cases += [(l, r, lineno) for l, r in _pairs(args, lineno, ".case")]
        elif word == ".method":
            if len(args) != 1 or args[0] not in METHODS:
                raise NetlistError(Message("method_syntax", methods=", ".join(METHODS)), lineno)
            self.method = args[0]
        elif word == ".opamp":
            self.opamp_directive(lineno, args)
        elif word == ".end":
            pass
        else:
            raise NetlistError(Message("unknown_directive", word=word, known=", ".join(DIRECTIVES)), lineno)

    def opamp_directive(self, lineno, args):
        if len(args) < 2 or "=" in args[0]:
            raise NetlistError(Message("opamp_syntax"), lineno)
        name, seen = args[0], {}
        for item in args[1:]:
            key, sep, token = item.partition("=")
            key = key.lower()
            if not sep or key not in OPAMP_PARAMETERS:
                raise NetlistError(Message("opamp_parameter", name=name, item=item,
                                           known=", ".join(k + "=" for k in OPAMP_PARAMETERS)), lineno)
            if key in seen:
                raise NetlistError(Message("opamp_twice", name=name, parameter=key), lineno)
            try:
                value = parse_number(token, SPICE)
            except BadValue as exc:
                raise NetlistError(Message("opamp_value", name=name, parameter=key, reason=exc.message),
                                   lineno) from None
            if value is None:
                raise NetlistError(Message("opamp_not_number", name=name, parameter=key, token=token), lineno)
            if value < 0 and not OPAMP_PARAMETERS[key]:
                raise NetlistError(Message("opamp_negative", name=name, parameter=key, token=token), lineno)
            seen[key] = value
        self.opamp_lines += [(name, key, value, lineno) for key, value in seen.items()]

    def _opamp_parameters(self):
        first = {}
        for name, key, _, lineno in self.opamp_lines:
            element = next((e for e in self.elements if e.name == name), None)
            if element is None:
                raise NetlistError(Message("opamp_no_element", name=name), lineno)
            if element.kind != "op-amp":
                raise NetlistError(Message("opamp_not_opamp", name=name, kind=kind_text(element.kind)), lineno)
            if (name, key) in first:
                raise NetlistError(Message("opamp_given_before", name=name, parameter=key, first=first[(name, key)]),
                                   lineno)
            first[(name, key)] = lineno
        return tuple(self.opamp_lines)

    def element(self, lineno, tokens):
        name = tokens[0]
        if not IDENTIFIER.match(name):
            raise NetlistError(Message("bad_element_name", name=name), lineno)
        cls = self.types.get(name[0].upper())
        if cls is None:
            known = [Message("letter_kind", letter=t.letter, kind=kind_text(t.kind)) for t in self.types.values()]
            raise NetlistError(Message("unknown_element", name=name, known=Message.joined(known)), lineno)
        if name in self.names:
            raise NetlistError(Message("duplicate_element", name=name, first=self.names[name]), lineno)
        n_nodes = len(cls.terminals)
        args = tokens[1:]
        if len(args) < n_nodes:
            raise NetlistError(Message("too_few_nodes", kind=kind_text(cls.kind), name=name, count=n_nodes,
                                       terminals=", ".join(cls.terminals), got=len(args)), lineno)
        if len(args) == n_nodes + 2 and _split_value(args[n_nodes], args[n_nodes + 1]):
            raise NetlistError(Message("value_with_space", name=name, token=" ".join(args[n_nodes:]),
                                       fixed="".join(args[n_nodes:])), lineno)
        if len(args) > n_nodes + 1:
            raise NetlistError(Message("too_many_fields", kind=kind_text(cls.kind), name=name, count=n_nodes,
                                       got=" ".join(args)), lineno)
        nodes = tuple(_node(t, lineno) for t in args[:n_nodes])
        value = self.value(cls, name, args[n_nodes] if len(args) > n_nodes else None, lineno)
        self.names[name] = lineno
        self.elements.append(cls(name, nodes, value, lineno))

    def value(self, cls, name, token, lineno):
        if cls.value_optional and token is None:
            return None  # e.g. the ideal op-amp
        token = token if token is not None else name
        try:
            value = parse_value(token, positive=cls.symbol_assumptions.get("positive", False))
        except BadValue as exc:
            raise NetlistError(Message("bad_value", name=name, reason=exc.message), lineno) from None
        if value.is_number:
            unit = read_unit(token)
            if unit is not None and cls.unit is not None and unit != cls.unit:
                raise NetlistError(Message("bad_value", name=name, reason=Message(
                    "wrong_unit", token=token, unit=unit_symbol(unit), name=name, kind=kind_text(cls.kind),
                    expected=unit_symbol(cls.unit))), lineno)
            problem = cls.check_number(value, token)
            if problem:
                raise NetlistError(Message("bad_value", name=name, reason=problem), lineno)
            if reads_as_milli(token) and cls.unit == "ohm":     # a megaohm is common, a milliohm is not
                self.notes.append((lineno, self._milli_note(cls, name, token, value)))
            return value
        if value.name == LAPLACE.name:
            raise NetlistError(Message("bad_value", name=name, reason=Message("laplace_name")), lineno)
        role = cls.role
        known = self.symbol_roles.setdefault(value.name, (role, lineno))
        if known[0] != role:
            raise NetlistError(Message("symbol_two_roles", symbol=value.name, role=role_text(role),
                                       other_role=role_text(known[0]), other_line=known[1]), lineno)
        if cls.is_source and known[1] != lineno:
            # each source is an input of its own: superposition turns them off one at a time
            raise NetlistError(Message("source_symbol_shared", name=name, symbol=value.name,
                                       other_line=known[1]), lineno)
        return value

    @staticmethod
    def _milli_note(cls, name, token, value):
        mega = token.strip()[:-1] + "meg"
        return Message("note_bare_m", name=name, token=token.strip(), read=Numeral(si_plain(value, cls.unit)),
                       meant=Numeral(si_plain(value * 10**9, cls.unit)), mega=mega,
                       unit=unit_symbol(cls.unit))

    def circuit(self, nlines):
        if not self.elements:
            raise NetlistError(Message("no_elements"), nlines or 1)
        output = self.output
        if output is None:
            if "out" not in {n for e in self.elements for n in e.nodes}:
                raise NetlistError(Message("no_output"), nlines)
            output = "out"
        if self.output_name in self.symbol_roles or self.output_name in self.names:
            raise NetlistError(Message("output_name_taken", name=self.output_name), self.output_line)
        matches = self._conditions(self.matches, ".match")
        cases = self._conditions(self.cases, ".case")
        return Circuit(
            name=self.name,
            title=self.title or self.titles.get("en") or self.name,
            titles=tuple(sorted(self.titles.items())),
            elements=tuple(self.elements),
            output=output,
            output_name=self.output_name,
            matches=matches,
            cases=cases,
            method=self.method,
            nonideal=self._opamp_parameters(),
            notes=tuple(self.notes),
        ), self.output_line

    def _conditions(self, pairs, directive):
        symbols = {}
        for e in self.elements:
            if e.value is not None:
                symbols.update({s.name: s for s in e.value.free_symbols})
        out = []
        replaced = {}     # symbol name -> (what replaces it, line)
        for left, right, lineno in pairs:
            for side in (left, right):
                if side not in symbols:
                    raise NetlistError(Message("condition_unknown", directive=directive, symbol=side), lineno)
            if left == right:
                raise NetlistError(Message("condition_empty", directive=directive, left=left, right=right),
                                   lineno)
            roles = [self.symbol_roles.get(side, ("?", None))[0] for side in (left, right)]
            if roles[0] != roles[1]:
                raise NetlistError(Message("condition_roles", directive=directive, left=left, right=right,
                                           role=role_text(roles[1]), other_role=role_text(roles[0])), lineno)
            if right in replaced:
                raise NetlistError(Message("condition_twice", directive=directive, symbol=right,
                                           kept=replaced[right][0], other_line=replaced[right][1]), lineno)
            kept, seen = left, {right}
            while kept in replaced:        # follow R5=R6, R4=R5 ...: a chain must not come back
                seen.add(kept)
                kept = replaced[kept][0]
                if kept in seen:
                    raise NetlistError(Message("condition_undoes_line", directive=directive, left=left,
                                               right=right, other_line=replaced[left][1]), lineno)
            if left == right or kept == right:
                raise NetlistError(Message("condition_undoes", directive=directive, left=left, right=right),
                                   lineno)
            replaced[right] = (left, lineno)
            out.append((symbols[left], symbols[right], lineno))
        return tuple(out)


def parse_netlist(text, name="netlist", source=None, types=ELEMENT_TYPES):
    """Parse netlist ``text`` into a checked Circuit; errors name the line.

    ``types`` maps a name's first letter to its element class (default
    :data:`~derive.circuit.elements.ELEMENT_TYPES`).

    >>> parse_netlist("R1 a 0 1k\\nQ1 a 0 x")
    Traceback (most recent call last):
    ...
    derive.errors.NetlistError: line 2: unknown element 'Q1': the first letter says what it is (R resistor, C capacitor, L inductor, V voltage source, I current source, U op-amp)
    """
    try:
        text = text[len(BOM):] if text.startswith(BOM) else text
        if len(text) > MAX_CHARS:
            raise NetlistError(Message("netlist_too_large", size=len(text), limit=MAX_CHARS))
        lines = text.splitlines()
        if len(lines) > MAX_LINES:
            raise NetlistError(Message("too_many_lines", count=len(lines), limit=MAX_LINES))
        reader = _Reader(name, types)
        for lineno, raw in enumerate(lines, start=1):
            reader.read_line(lineno, raw)
            if len(reader.elements) > MAX_ELEMENTS:
                raise NetlistError(Message("too_many_elements", limit=MAX_ELEMENTS), lineno)
        circuit, output_line = reader.circuit(len(lines))
        check_circuit(circuit, output_line=output_line, last_line=len(lines))
        return circuit
    except NetlistError as exc:
        if source and exc.source is None:
            raise exc.with_source(source) from None
        raise


def _split_value(number, suffix):
    """True for a value typed with a space before its prefix or unit (``10 k``, ``4.7 kΩ``).

    >>> _split_value("10", "k"), _split_value("10", "out")
    (True, False)
    """
    try:
        return (parse_number(number, SPICE) is not None and not number[-1:].isalpha()
                and parse_number(number + suffix, SPICE) is not None)
    except BadValue:
        return False


def read_netlist(path):
    """Read a netlist file (or a SPICE deck); the circuit is named after the file.

    Errors name the file and the line.

    >>> read_netlist("examples/t-network.net").name
    't-network'
    """
    from pathlib import Path

    return parse_netlist(netlist_text(path), name=Path(path).stem, source=str(path))


def netlist_text(path):
    """The netlist a file holds, as :func:`read_netlist` reads it: at most the size
    limit read, UTF-8 without its byte-order mark, a SPICE deck translated line for line.

    What the checker sends to its workers, so that a deck or a Windows file is
    graded as ``derive show`` reads it. Errors name the file and the line.

    >>> netlist_text("examples/t-network.net").splitlines()[1]
    '.title T-network inverting amplifier'
    """
    from pathlib import Path

    path = Path(path)
    limit = MAX_CHARS * 4             # bytes: a character is at most four in UTF-8
    try:
        with path.open("rb") as f:    # read at most the limit: a 2 GB file is not loaded whole
            raw = f.read(limit + 1)
    except OSError as exc:
        raise NetlistError(Message("cannot_read", path=path, reason=exc.strerror)) from None
    if len(raw) > limit:
        raise NetlistError(Message("file_too_large", limit=limit, chars=MAX_CHARS), source=str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise NetlistError(Message("not_utf8"), line, str(path)) from None
    text = text[len(BOM):] if text.startswith(BOM) else text
    if looks_like_deck(text, path):     # a SPICE deck: translated line for line
        try:
            text = deck_to_netlist(text, path)
        except NetlistError as exc:
            raise NetlistError(exc.reason, exc.line, str(path)) from None
    return text
