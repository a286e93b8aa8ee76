"""The README's console examples are the real commands with their real output."""
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def examples():
    text = README.read_text("utf-8")
    for block in re.findall(r"```console\n(.*?)\n```", text, flags=re.S):
        parts = re.split(r"^\$ ", block, flags=re.M)
        for part in parts[1:]:
            command, _, output = part.partition("\n")
            yield command, output


@pytest.mark.parametrize("command, output", list(examples()), ids=lambda x: str(x)[:40])
def test_readme_console_example_is_real(command, output):
    argv = shlex.split(command)
    assert argv[0] == "derive", "README console examples run derive"
    proc = subprocess.run([sys.executable, "-m", "derive", *argv[1:]], capture_output=True, text=True,
                          timeout=300, cwd=README.parent)
    shown = (proc.stdout + proc.stderr).rstrip("\n")
    assert [l.rstrip() for l in shown.splitlines()] == [l.rstrip() for l in output.splitlines()]
