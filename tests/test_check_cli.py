"""``derive check`` on the command line: output, JSON, exit statuses."""
import json
import subprocess
import sys

import pytest

SEED_002 = "R1=R2=R5=200k, V1=131.35m, V2=27.41m, Vout=5"


def derive(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "derive", *args], capture_output=True, text=True,
                          input=stdin, timeout=300)


def test_equal_exits_0_and_echoes_the_interpretation():
    run = derive("check", "inamp", r"\left(1+\frac{2R_5}{R_G}\right)\frac{R_2}{R_1}(V_1-V_2)")
    assert run.returncode == 0, run.stderr
    assert run.stdout == ("interpreted as: (1 + 2*R5/RG)*(R2/R1)*(V1 - V2)\n"
                          "Correct: your answer is equal to Vout.\n")


def test_not_equal_exits_1_with_the_mistake():
    run = derive("check", "inamp", "(1+R5/RG)*R2/R1*(V1-V2)", "--lang", "es")
    assert run.returncode == 1
    assert "te falta un factor 2" in run.stdout


def test_invalid_exits_2_with_one_sentence_on_stderr():
    run = derive("check", "inamp", "__import__('os').system('ls')")
    assert run.returncode == 2
    assert run.stderr.startswith("derive: error: the character '_'") and run.stderr.count("\n") == 1
    assert "Traceback" not in run.stderr


def test_timeout_exits_3():
    run = derive("check", "inamp", "(1+2R5/RG)*R2/R1*(V1-V2) + (R1+R2+R5+RG)^30 - (R1+R2+R5+RG)^30",
                 "--timeout", "0.005")   # the exact comparison alone takes longer
    assert run.returncode == 3
    assert "took longer than 0.005 s" in run.stdout


def test_json_as_in_design():
    run = derive("check", "inamp", "8491 ohm", "--quantity", "RG", "--given", SEED_002, "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert {"equivalent", "quantity", "interpreted_as", "feedback", "diagnosis"} <= set(data)
    assert data["equivalent"] is True and data["quantity"] == "RG"
    assert data["interpreted_as"] == "8491 Ω"
    assert data["diagnosis"][0]["code"] == "within_tolerance"


def test_json_for_an_invalid_answer():
    run = derive("check", "inamp", "9^9^9", "--json")
    assert run.returncode == 2
    data = json.loads(run.stdout)
    assert data["equivalent"] is None and data["status"] == "invalid"


def test_steps_from_stdin():
    run = derive("check", "inamp", "--steps", "-", stdin="V11 = V1*(1+R5/RG)\nV12 = R5*V1/RG\n")
    assert run.returncode == 1
    assert run.stdout.splitlines()[:2] == ["line 1: V11 is right", "line 2: V12 is wrong"]


@pytest.mark.parametrize("args, message", [
    (["check", "inamp"], "give exactly one of ANSWER"),
    (["check", "nonexistent", "R1"], "neither a built-in circuit"),
    (["check", "inamp", "R1", "--quantity", "Q"], "'Q' is not a quantity"),
    (["check", "inamp", "8491", "--quantity", "RG"], "give the other values with --given"),
])
def test_usage_errors(args, message):
    run = derive(*args)
    assert run.returncode == 2
    assert message in run.stderr


def test_readme_python_example_of_the_checker():
    import doctest
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("## Checking homework", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert blocks
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner()
    for block in blocks:
        runner.run(parser.get_doctest(block, {}, "README", "README.md", 0))
    assert runner.summarize(verbose=False).failed == 0
