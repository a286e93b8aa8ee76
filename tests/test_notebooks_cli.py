"""``derive notebook CIRCUIT``: a notebook for any circuit, including a user's netlist."""
import nbformat

from derive.cli import main


def test_notebook_to_stdout_in_spanish(capsys):
    assert main(["notebook", "inamp", "--lang", "es"]) == 0
    nb = nbformat.reads(capsys.readouterr().out, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.cells[0].source.startswith("# ") and "superposición" in nb.cells[0].source


def test_notebook_of_a_user_netlist_executes(tmp_path):
    net = tmp_path / "amp.net"
    net.write_text(
        "* inverting amplifier with my own names\n"
        "V1 in 0 Vs\nR1 in m Ra\nR2 m out Rb\nU1 0 m out\n.output out Vo\n", "utf-8")
    out = tmp_path / "amp.ipynb"
    assert main(["notebook", str(net), "-o", str(out), "--execute"]) == 0
    nb = nbformat.read(out, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs and c.outputs[0].output_type != "error" for c in code)
    result = next(c for c in code if c.id == "derive-2").outputs[0].data
    assert result["text/latex"] == "$\\displaystyle V_{o} = -\\frac{R_{b}}{R_{a}} V_{s}$"
    assert "-Rb⋅Vs" in result["text/plain"]
    assert any("image/svg+xml" in o.get("data", {}) for c in code for o in c.outputs)


def test_bad_netlist_is_a_one_line_error(tmp_path, capsys):
    net = tmp_path / "bad.net"
    net.write_text("V1 in 0 Vs\nQ1 in 0 x\n", "utf-8")
    assert main(["notebook", str(net)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("derive: error: ") and "line 2" in err and err.count("\n") == 1


def test_unknown_circuit_and_unwritable_output(tmp_path, capsys):
    assert main(["notebook", "no-such-circuit"]) == 2
    assert "neither a built-in circuit" in capsys.readouterr().err
    assert main(["notebook", "inverting", "-o", str(tmp_path / "missing" / "x.ipynb")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_missing_kernel_is_a_clear_error(monkeypatch, capsys):
    from derive.notebook import execute

    monkeypatch.setattr(execute, "KERNEL_NAME", "no-such-kernel")
    assert main(["notebook", "follower", "--execute"]) == 2
    err = capsys.readouterr().err
    assert "no Jupyter kernel named 'no-such-kernel'" in err and "pip install ipykernel" in err


def test_notebook_errors_are_worded_in_spanish(monkeypatch, capsys):
    from derive.notebook import execute

    monkeypatch.setattr(execute, "KERNEL_NAME", "no-such-kernel")
    assert main(["notebook", "follower", "--execute", "--lang", "es"]) == 2
    err = capsys.readouterr().err
    assert "no hay ningún kernel de Jupyter llamado 'no-such-kernel': pip install ipykernel" in err, err


def test_build_docs_speaks_the_language_of_lang(monkeypatch, capsys, tmp_path):
    import sys
    from pathlib import Path

    from derive.errors import DeriveError
    from derive.notebook import site
    from derive.text.messages import Message

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    try:
        import build_docs
    finally:
        sys.path.remove(str(root))

    def fail(*args, **kwargs):
        raise DeriveError(Message("build_needs_pandoc"))

    monkeypatch.setattr(site, "build_site", fail)
    assert build_docs.main(["--out", str(tmp_path / "docs"), "--lang", "es"]) == 1
    assert capsys.readouterr().err == (
        "build_docs: error: los PDF de los cuadernos necesitan pandoc y xelatex: instálalos "
        "(apt-get install pandoc texlive-xetex) o construye con --no-pdf (la salida anterior no ha cambiado)\n")
