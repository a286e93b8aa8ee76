"""A value read as written but probably meant otherwise is said, not silently
taken: ``R1 in m 1M`` is one milliohm (SPICE's bare M), and the command line says
so on stderr, in the language of --lang, naming the file and line; the result is
unchanged (the rule stays the rule)."""
from sympy import Rational

from derive.circuit.netlist import parse_netlist
from derive.cli import main

NET = "V1 in 0 Vin\nR1 in m {r1}\nR2 m out 10k\nC1 out 0 1M\nU1 0 m out\n"


def test_a_bare_capital_m_on_a_resistor_is_noted_with_its_line():
    circuit = parse_netlist(NET.format(r1="2.2M"))
    assert circuit.element("R1").value == Rational(22, 10000)
    [(line, message)] = circuit.notes        # the capacitor's 1M is not a resistance: no note
    assert line == 2
    assert str(message) == ("R1 = 2.2M is read as 2.2 mΩ: in a netlist, as in SPICE, a bare M means milli; "
                            "for 2.2 MΩ write 2.2meg or 2.2MΩ")
    assert message.text("es").startswith("R1 = 2.2M se lee como 2,2 mΩ: en una netlist, como en SPICE, una M sola")


def test_what_is_written_as_meant_has_no_note():
    for r1 in ("1meg", "1MΩ", "1m", "1k", "R1", "4k7"):
        assert parse_netlist(NET.format(r1=r1)).notes == (), r1


def test_the_command_line_prints_the_note_once_with_file_and_line(tmp_path, capsys):
    path = tmp_path / "amp.net"
    path.write_text(NET.format(r1="1M"), encoding="utf-8")
    assert main(["show", str(path), "--lang", "es"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [f"derive: nota: {path}: línea 2: R1 = 1M se lee como 1 mΩ: en una netlist, como en SPICE, "
                   "una M sola significa mili; para 1 MΩ escribe 1meg o 1MΩ"]
    path.write_text(NET.format(r1="1meg"), encoding="utf-8")
    assert main(["show", str(path)]) == 0
    assert capsys.readouterr().err == ""
