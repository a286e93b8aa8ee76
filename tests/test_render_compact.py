"""Large results in `derive show`: long sums named once, nothing hidden.

The text of a 4-bit R-2R ladder's derivation is read back: every name Δk is
written out exactly once, before (or where) it is used, and the printed
result with the printed definitions put back in is the derived result.
"""
import re
import sys
from pathlib import Path

from sympy import Symbol
from sympy.parsing.sympy_parser import parse_expr

from derive.derivation import derive
from derive.notation.names import unicode_symbol_name
from derive.render.text import render_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import cases  # noqa: E402


DELTA = "Δ[0-9₀-₉]+"


def _delta(token):
    return Symbol("Delta_" + token[1:].translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")))


def _reader(circuit):
    """Text (our own output) back to SymPy, the terminal names mapped to the symbols."""
    names = {unicode_symbol_name(s.name): s for s in circuit.symbols}
    pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)) + "|" + DELTA)

    def read(text):
        local = {}

        def name(match):
            token = match.group(0)
            symbol = names.get(token) or _delta(token)
            local[symbol.name] = symbol
            return symbol.name

        return parse_expr(pattern.sub(name, text.replace("·", "*").replace("^", "**")), local_dict=local)
    return read


def _blocks(text):
    """(header, [equation lines]) per numbered step and for the result."""
    blocks, current = [], None
    for line in text.splitlines():
        if re.match(r"^\(\d+\) |^Result$", line):
            current = (line, [])
            blocks.append(current)
        elif current is not None:
            current[1].append(line)
    return blocks


def _joined(lines):
    """Wrapped one-line text put back on one line (continuations are indented deeper)."""
    out = []
    for line in lines:
        if out and line.startswith("        ") and not line.strip().startswith(("Δ", "written", "where")):
            out[-1] += " " + line.strip()
        else:
            out.append(line.strip())
    return out


def test_a_ladder_result_is_printed_once_in_full_and_reads_back():
    d = derive(cases.ladder_circuit(4))
    text = render_text(d)
    assert "↪" not in text                 # no two-dimensional fraction broken over rows
    read = _reader(d.circuit)
    definitions, seen_before = {}, set()
    result_line = None
    for header, lines in _blocks(text):
        for line in _joined(lines):
            m = re.match(f"^({DELTA}) = (.*)$", line)
            if m:
                assert m.group(1) not in definitions, f"{m.group(1)} written out twice"
                definitions[m.group(1)] = read(m.group(2))
            elif line.startswith("written out above:"):
                seen_before |= set(re.findall(DELTA, line))
            elif header == "Result" and line.startswith("Vout ="):
                result_line = line.split("=", 1)[1]
    assert definitions and seen_before <= set(definitions)
    assert result_line is not None
    result = read(result_line)
    back = {_delta(k): v for k, v in definitions.items()}
    while result.free_symbols & set(back):
        result = result.xreplace(back)
    assert (result - d.result.rhs).cancel() == 0


def test_small_results_are_still_drawn_in_two_dimensions():
    text = render_text(derive("inamp", general=True))
    assert "Δ" not in text and "──" in text
