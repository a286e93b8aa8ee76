"""PNG (matplotlib) and SVG (schemdraw's SVG backend) from the same layout."""
import xml.etree.ElementTree as ET

import pytest

from derive.circuit import builtin_names, load_circuit, parse_netlist
from derive.cli import main
from derive.schematic.layout import layout_circuit
from derive.schematic.schemdraw_backend import draw, save

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name", builtin_names())
def test_png_and_svg_written(name, tmp_path):
    paths = save(load_circuit(name), tmp_path / name)
    assert [p.name for p in paths] == [f"{name}.png", f"{name}.svg"]
    png, svg = paths
    assert png.read_bytes()[:8] == PNG_MAGIC and png.stat().st_size > 5000
    root = ET.fromstring(svg.read_text("utf-8"))
    assert root.tag.endswith("svg") and len(list(root.iter())) > 20


def test_schemdraw_places_parts_where_the_layout_says():
    circuit = load_circuit("inamp")
    lay = layout_circuit(circuit)
    d = draw(circuit, canvas="svg", layout=lay)
    from schemdraw import elements as elm

    resistors = [e for e in d.elements if isinstance(e, elm.Resistor)]

    def ends(a, b):
        return tuple(sorted((round(float(p[0]), 6), round(float(p[1]), 6)) for p in (a, b)))

    drawn = sorted(ends(e.absanchors["start"], e.absanchors["end"]) for e in resistors)
    assert drawn == sorted(ends(p.start, p.end) for p in lay.parts)


def test_user_netlist_with_a_floating_source_draws(tmp_path):
    circuit = parse_netlist("V1 a 0 V1\nVb b a 2\nR1 b out R1\nR2 out 0 R2\n", name="user")
    png, svg = save(circuit, tmp_path / "user.png")
    assert png.stat().st_size > 2000 and svg.stat().st_size > 2000


def test_cli_writes_images_and_refuses_body_for_them(tmp_path, capsys):
    target = tmp_path / "fig.svg"
    assert main(["schematic", "inamp2", "-o", str(target)]) == 0
    assert target.read_text("utf-8").lstrip().startswith("<svg")
    assert main(["schematic", "diffamp", "-o", str(tmp_path / "d"), "--format", "png"]) == 0
    assert (tmp_path / "d.png").read_bytes()[:8] == PNG_MAGIC
    assert main(["schematic", "diffamp", "--format", "png", "--body"]) == 2
    assert "--body applies to LaTeX" in capsys.readouterr().err


def test_cli_speaks_the_language_of_lang(tmp_path, capsys):
    target = tmp_path / "fig.svg"
    assert main(["schematic", "inverting", "-o", str(target), "--lang", "es"]) == 0
    assert capsys.readouterr().out == f"se ha escrito {target}\n"
    assert main(["schematic", "inverting", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"wrote {target}\n"
    assert main(["schematic", "diffamp", "--format", "png", "--body", "--lang", "es"]) == 2
    assert "--body solo vale para la salida LaTeX" in capsys.readouterr().err


def test_images_are_deterministic():
    """Notebooks embed these bytes: the same circuit must give the same picture."""
    circuit = load_circuit("inamp-ic")
    for canvas, fmt in (("matplotlib", "png"), ("svg", "svg")):
        first, second = (draw(circuit, canvas).get_imagedata(fmt) for _ in range(2))
        assert first == second and len(first) > 5000


def test_cli_general_labels_every_resistor_with_its_own_symbol(capsys):
    assert main(["schematic", "inamp-wiki", "--body"]) == 0
    matched = capsys.readouterr().out
    assert matched.count("=$R_{1}$") == 2 and "R_{1a}" not in matched
    assert main(["schematic", "inamp-wiki", "--body", "--general"]) == 0
    general = capsys.readouterr().out
    assert "=$R_{1a}$" in general and "=$R_{1b}$" in general and "=$R_{1}$" not in general
