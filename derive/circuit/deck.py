"""Read a SPICE deck (what ``derive spice`` writes, and plain decks like it) as a netlist.

A deck is translated line for line into derive's netlist format, so every
error still names the deck's own line:

* the first line is the title, as in SPICE (``* Inverting amplifier``);
* ``V``/``I`` sources keep their ``DC`` value (``vin in 0 DC -0.242``); a source
  with only an ``AC`` value is the input of a transfer function and becomes a
  symbol named after it;
* the op-amp patterns are mapped where they are unambiguous:
  ``E1 out 0 p m GAIN`` (a VCVS against ground) is an op-amp of open-loop gain
  GAIN (ideal when the gain is left out) and the nullor that ``derive spice``
  writes, ``B1 out 0 V = V(out) + V(p) - V(m)``, an ideal op-amp;
* the path of the schematic that LTspice writes as the first line gives the
  schematic's name as the title (``Draft1``);
* analysis and output lines (``.op``, ``.ac``, ``.tran``, ``.print``,
  ``.control`` ... ``.endc``, ``.options``, LTspice's ``.backanno``) are skipped, ``+`` continues a line,
  nothing after ``.end`` is read;
* with no node called ``out`` and no ``.output``, the output is the last op-amp's.

Subcircuits, models and includes (``X``, ``.subckt``, ``.model``, ``.include``)
are refused with one sentence saying what to write instead.

>>> print(deck_to_netlist("* Inverting amplifier\\nvin in 0 DC -0.242\\nrin in m 96.7\\n"
...                       "rf m out 237000\\nbu1 out 0 V = V(out) + V(0) - V(m)\\n.op\\n.end\\n"), end="")
.title Inverting amplifier
vin in 0 -0.242
rin in m 96.7
rf m out 237000
U1 0 m out
* .op
.end
"""
import re

from ..errors import NetlistError
from ..text.messages import Message

DECK_SUFFIXES = (".cir", ".sp", ".spice", ".ckt", ".deck")
SKIPPED = (".op", ".ac", ".dc", ".tran", ".noise", ".tf", ".print", ".plot", ".probe", ".options",
           ".option", ".save", ".meas", ".measure", ".temp", ".width", ".four", ".ic", ".nodeset",
           ".backanno")      # LTspice ends every netlist it exports with .backanno
REFUSED = {".subckt": "subcircuits", ".model": "models", ".include": "includes",
           ".inc": "includes", ".lib": "libraries", ".param": "parameters", ".func": "functions"}
_NULLOR = re.compile(r"^v\s*=\s*v\((?P<o>[^()\s]+)\)\s*\+\s*v\((?P<p>[^()\s]+)\)\s*-\s*v\((?P<m>[^()\s]+)\)$",
                     re.IGNORECASE)
_SOURCE_WORDS = re.compile(r"\b(dc|ac)\b", re.IGNORECASE)


def looks_like_deck(text, path=None):
    """True for a file to read as a SPICE deck: by its suffix or by SPICE-only lines.

    >>> looks_like_deck("V1 in 0\\nR1 in out 1k\\n"), looks_like_deck("v1 in 0 DC 1\\n.op\\n")
    (False, True)
    """
    if path is not None and str(path).lower().endswith(DECK_SUFFIXES):
        return True
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "*;#":
            continue
        word = line.split()[0].lower()
        if word in SKIPPED or word in (".control", ".endc") or word[0] in "ebx":
            return True
        if word[0] in "vi" and _SOURCE_WORDS.search(line):
            return True
    return False


def deck_to_netlist(text, path=None):
    """The deck ``text`` as derive's netlist format, one line for each line of the deck."""
    lines = text.splitlines()
    out = []
    title_line = bool(lines) and (lines[0].lstrip().startswith("*") or (
        path is not None and str(path).lower().endswith(DECK_SUFFIXES)))
    in_control = ended = False
    last_opamp_out, has_output = None, False
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if lineno == 1 and title_line:
            title = _title(line.lstrip("*").strip())
            out.append(f".title {title}" if title else "")
            continue
        if ended or not line or line[0] in "*;#":
            out.append(raw if not ended else "")
            continue
        if line.startswith("+"):            # a continuation of the previous card
            previous = max((k for k, t in enumerate(out) if t.strip() and not t.lstrip().startswith("*")),
                           default=None)
            if previous is None:
                raise NetlistError(Message("deck_continuation"), lineno)
            out[previous] += " " + line[1:].strip()
            out.append("")
            continue
        word = line.split()[0].lower()
        if in_control:
            in_control = word != ".endc"
            out.append(f"* {line}")
            continue
        if word == ".control":
            in_control = True
            out.append(f"* {line}")
        elif word in SKIPPED:
            out.append(f"* {line}")
        elif word == ".end":
            ended = True
            out.append(".end")
        elif word in REFUSED:
            raise NetlistError(Message("deck_refused", word=word, what=Message("deck_" + REFUSED[word])), lineno)
        elif word.startswith("."):
            has_output = has_output or word == ".output"
            out.append(line)
        else:
            card, opamp_out = _card(line, lineno)
            last_opamp_out = opamp_out or last_opamp_out
            out.append(card)
    nodes = {t for card in out if card and card[0].isalpha() for t in card.split()[1:4]}
    if not has_output and "out" not in nodes and last_opamp_out is not None:
        out.append(f".output {last_opamp_out}")
    return "\n".join(out) + "\n"


def _title(text):
    """A deck's first line as a title; LTspice writes the schematic's path there, so a
    path to a ``.asc`` file gives the schematic's name.

    >>> _title(r"C:\\Users\\ana\\Documents\\LTspiceXVII\\Draft1.asc"), _title("Inverting amplifier")
    ('Draft1', 'Inverting amplifier')
    """
    if text.lower().endswith(".asc"):
        return re.split(r"[\\/]", text)[-1][: -len(".asc")]
    return text


def _opamp_name(name):
    """``eu1`` -> ``U1``, ``E1`` -> ``UE1``: a name the netlist reads as an op-amp."""
    rest = name[1:]
    return "U" + rest[1:] if rest[:1].lower() == "u" and len(rest) > 1 else "U" + name


def _card(line, lineno):
    """One element card translated, and the op-amp output node it defines (or None)."""
    fields = line.split()
    name, letter = fields[0], fields[0][0].lower()
    if letter in "vi":
        return _source(fields, lineno), None
    if letter == "e":
        if len(fields) not in (5, 6):
            raise NetlistError(Message("deck_vcvs_fields", name=name, got=len(fields) - 1), lineno)
        out, ref, plus, minus = fields[1:5]
        if ref.lower() not in ("0", "gnd"):
            raise NetlistError(Message("deck_vcvs_ground", name=name), lineno)
        gain = f" {fields[5]}" if len(fields) == 6 else ""
        return f"{_opamp_name(name)} {plus} {minus} {out}{gain}", out
    if letter == "b":
        nullor = _NULLOR.match(" ".join(fields[3:])) if len(fields) > 3 else None
        if not nullor or fields[2].lower() not in ("0", "gnd") or nullor["o"].lower() != fields[1].lower():
            raise NetlistError(Message("deck_behavioural", name=name), lineno)
        return f"{_opamp_name(name)} {nullor['p']} {nullor['m']} {fields[1]}", fields[1]
    if letter == "x":
        raise NetlistError(Message("deck_subcircuit", name=name), lineno)
    if letter == "u":
        return line, fields[3] if len(fields) > 3 else None
    return line, None


def _source(fields, lineno):
    """``V1 a b [DC] x [AC mag [phase]]`` -> ``V1 a b x`` (AC only: the symbol V1)."""
    name, nodes, rest = fields[0], fields[1:3], fields[3:]
    if len(nodes) < 2:
        return " ".join(fields)
    words = [w.lower() for w in rest]
    if "dc" in words:
        k = words.index("dc")
        if k + 1 >= len(rest):
            raise NetlistError(Message("deck_dc_value", name=name), lineno)
        value = rest[k + 1]
    elif "ac" in words:
        value = name                              # the input of a transfer function
    elif rest and not re.match(r"^[a-z]+\(", words[0]):
        value = rest[0]
        if len(rest) > 1:
            raise NetlistError(Message("deck_source_value", name=name, rest=" ".join(rest[1:])), lineno)
    elif rest:
        raise NetlistError(Message("deck_waveform", name=name, waveform=rest[0].split("(")[0].upper()), lineno)
    else:
        value = ""
    return " ".join([name, *nodes, value]).strip()
