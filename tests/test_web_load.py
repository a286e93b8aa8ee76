"""The load test of derive serve, small: a few simulated students, the server
killed with SIGKILL and restarted halfway, and not one acknowledged attempt lost
(benchmarks/serve_load.py; the full run is in benchmarks/SERVE_RESULTS.md)."""
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed (pip install -e '.[web]')")
pytest.importorskip("uvicorn", reason="the web extra is not installed (pip install -e '.[web]')")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import serve_load  # noqa: E402


def test_no_attempt_lost_when_the_server_is_killed_and_restarted():
    report = serve_load.main(["--students", "6", "--seconds", "6", "--workers", "2"])
    assert report["acked"] > 0 and report["checks"] > 0
    assert report["lost"] == 0 and report["pending"] == 0 and report["drained"]
    assert report["stored"] >= report["acked"]


def test_the_cli_refuses_a_bad_assignment_in_one_sentence(tmp_path):
    bad = tmp_path / "hw.toml"
    bad.write_text('title.en = "x"\n[[questions]]\ncircuit = "nosuch"\n', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "derive", "serve", "--assignment", str(bad)],
                       capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("derive: error: hw.toml, question 'q1': 'nosuch' is neither a built-in circuit")
    assert r.stderr.count("\n") == 1


def test_the_cli_refuses_a_busy_port_and_a_bad_database_path(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = subprocess.run([sys.executable, "-m", "derive", "serve", "--port", str(port),
                            "--db", str(tmp_path / "a.sqlite3")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr == (f"derive: error: cannot listen on 127.0.0.1:{port} "
                                              "(Address already in use); choose another --port or --host\n")
    r = subprocess.run([sys.executable, "-m", "derive", "serve", "--port", str(port),
                        "--db", str(tmp_path / "missing" / "a.sqlite3")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "cannot open the database" in r.stderr and "Traceback" not in r.stderr
