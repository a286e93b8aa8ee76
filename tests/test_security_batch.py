"""Batch grading under stress: slow answers, a low overall limit, SIGTERM and SIGKILL
halfway. Every graded row is on disk in order, and no worker process survives.

The workers are :mod:`support.instant_worker` (the checker's protocol, no SymPy),
so hundreds of time-outs and restarts take seconds; the process handling is the
real one (derive.checker.worker.Worker, derive.cli)."""
import csv
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from derive.checker.csvio import read_rows
from derive.checker.errors import AnswerError
from derive.checker.worker import Worker
from derive.text.escape import csv_value

ROOT = Path(__file__).resolve().parents[1]
SUPPORT = Path(__file__).parent / "support"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def answers_csv(path, n=2000, slow=150, seed=1):
    hang = set(random.Random(seed).sample(range(n), slow))
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "answer"])
        for i in range(n):
            w.writerow([f"s{i}", "HANG" if i in hang else f"R{i}"])
    return hang


def processes_with(marker):
    """Pids of live processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
                state = (entry / "stat").read_text().split(")")[-1].split()[0]
            except OSError:
                continue
            if marker.encode() in cmdline and state != "Z":
                found.append(int(entry.name))
    return found


def start(marker, *args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, str(SUPPORT / "batch_cli.py"), marker, *map(str, args)],
                            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def check_file(path, hang, total=2000):
    """Rows in input order, each either graded (equal/timeout) or not_graded after the last graded."""
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert [r["student"] for r in rows] == [f"s{i}" for i in range(total)]
    statuses = [r["status"] for r in rows]
    for i, s in enumerate(statuses):
        if s != "not_graded":
            assert s == ("timeout" if i in hang else "equal"), (i, s)
    return statuses


def wait_gone(marker, seconds=5.0):
    end = time.monotonic() + seconds
    while processes_with(marker) and time.monotonic() < end:
        time.sleep(0.05)
    return processes_with(marker)


def test_low_overall_limit_keeps_every_graded_row_in_order(tmp_path):
    hang = answers_csv(tmp_path / "answers.csv")
    marker = f"derive-test-{os.getpid()}-limit"
    p = start(marker, "--time-limit", 5, "check", "inamp", "--batch", "answers.csv", "-o", "results.csv",
              "--timeout", 0.2, "--jobs", 2, cwd=tmp_path)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 2, err
    graded = int(err.split("after grading ")[1].split(" ")[0])
    assert "results.partial.csv" in err and err.count("derive: error") == 1
    assert not (tmp_path / "results.csv").exists()          # only a complete file gets the real name
    statuses = check_file(tmp_path / "results.partial.csv", hang)
    assert sum(s != "not_graded" for s in statuses) == graded > 0
    assert "timeout" in statuses and statuses[-1] == "not_graded"
    assert not wait_gone(marker)


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_a_batch_killed_halfway_keeps_its_rows_and_leaves_no_worker(tmp_path, how):
    hang = answers_csv(tmp_path / "answers.csv", slow=20)
    marker = f"derive-test-{os.getpid()}-{how}"
    p = start(marker, "check", "inamp", "--batch", "answers.csv", "-o", "results.csv", "--timeout", 0.2,
              "--jobs", 2, cwd=tmp_path)
    partial = tmp_path / "results.partial.csv"
    end = time.monotonic() + 60
    while time.monotonic() < end and (not partial.exists() or partial.read_text().count("\n") < 300):
        time.sleep(0.05)
    assert len(processes_with(marker)) >= 2          # the batch and its workers are running
    p.send_signal(getattr(signal, how))
    out, err = p.communicate(timeout=60)
    assert not wait_gone(marker), "a worker outlived its parent"
    rows = list(csv.DictReader(partial.open(encoding="utf-8", newline="")))
    assert [r["student"] for r in rows] == [f"s{i}" for i in range(len(rows))]    # a prefix, in order
    graded = [r for r in rows if r["status"] != "not_graded"]
    assert len(graded) >= 299
    if how == "SIGKILL":
        assert p.returncode == -signal.SIGKILL
    else:
        assert p.returncode == (143 if how == "SIGTERM" else 130), err
        assert len(rows) == 2000 and "every graded row is in results.partial.csv" in err
        check_file(partial, hang)


def test_a_complete_batch_is_renamed_and_times_out_each_slow_answer(tmp_path):
    hang = answers_csv(tmp_path / "answers.csv", n=300, slow=15)
    (tmp_path / "results.csv").write_text("an earlier, complete file\n")
    p = start("derive-test-complete", "check", "inamp", "--batch", "answers.csv", "-o", "results.csv",
              "--timeout", 0.2, "--jobs", 2, cwd=tmp_path)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert not (tmp_path / "results.partial.csv").exists()
    assert "not_graded" not in check_file(tmp_path / "results.csv", hang, total=300)


# ----------------------------------------------------------- worker process
def _limits(pid):
    text = Path(f"/proc/{pid}/limits").read_text()
    return {line[:26].strip(): line[26:].split()[0] for line in text.splitlines()[1:]}


def test_worker_has_its_own_group_memory_limit_and_cpu_bound():
    script = (
        "import resource, sys, time\n"
        "resource.setrlimit(resource.RLIMIT_AS, (3 * 2**29, resource.RLIM_INFINITY))\n"
        "from derive.checker.worker import Worker\n"
        f"w = Worker(timeout=7, command=[sys.executable, {str(SUPPORT / 'instant_worker.py')!r}])\n"
        "w.run({'op': 'check', 'answer': 'R1', 'question': {}})\n"
        "print(w.proc.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        pid = int(parent.stdout.readline())
        assert os.getpgid(pid) == pid != os.getpgid(parent.pid)       # its own process group
        assert _limits(pid)["Max address space"] == str(3 * 2**29)    # the parent's lower limit, not 2 GiB
    finally:
        parent.kill()
        parent.wait()
    end = time.monotonic() + 5
    while Path(f"/proc/{pid}").exists() and time.monotonic() < end:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]


def test_the_real_worker_bounds_its_own_cpu_time():
    with Worker(timeout=3) as w:
        w.run({"op": "check", "answer": "R1", "question": {"circuit": "inamp"}})
        limits = _limits(w.proc.pid)
        cpu = limits["Max cpu time"]
        assert cpu != "unlimited" and int(cpu) < 600


# --------------------------------------------------------------- CSV input
def _csv(tmp_path, data, name="answers.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_csv_encodings_and_huge_cells_are_read(tmp_path):
    text = "student,answer\nMaría,R2/R1\nJosé,(1+2R5/RG)\n"
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"):
        rows = read_rows(_csv(tmp_path, text.encode(encoding)))
        assert [r["student"] for r in rows] == ["María", "José"], encoding
    huge = "student,answer\na," + "R1+" * 60_000 + "R1\nb,R2\n"
    rows = read_rows(_csv(tmp_path, huge.encode()))
    assert len(rows) == 2 and len(rows[0]["answer"]) > 131_072


@pytest.mark.parametrize("data, words", [
    (b'student,answer\na,"R1\nb,R2\nc,R3\n', ["line 2", "quote"]),
    (b"student,answer,answer\na,R1,R2\n", ["'answer' twice", "columns 2 and 3"]),
    (b"student,answer\na,R1,R2,R3\n", ["line 2", "4 fields", "2 columns"]),
])
def test_csv_mistakes_are_one_sentence_naming_the_line(tmp_path, data, words):
    with pytest.raises(AnswerError) as err:
        read_rows(_csv(tmp_path, data))
    text = str(err.value)
    assert all(w in text for w in words) and "\n" not in text, text


def test_batch_cli_with_a_bad_csv_exits_2(tmp_path):
    _csv(tmp_path, b'student,answer\na,"R1\nb,R2\n')
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "derive", "check", "inamp", "--batch", "answers.csv"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "line 2" in done.stderr


def test_neutralised_cells_read_back_as_written():
    assert csv_value("'=1+1") == "=1+1" and csv_value("R1") == "R1"


def test_a_busy_worker_dies_with_its_killed_parent():
    """A web back end's subprocess.run(timeout=5) kills the checker with SIGKILL:
    the worker, stuck in an answer, must not compute on for minutes."""
    script = (
        "import sys, time\n"
        "from derive.checker.worker import Worker\n"
        f"w = Worker(timeout=600, command=[sys.executable, {str(SUPPORT / 'instant_worker.py')!r}])\n"
        "w.send({'op': 'check', 'answer': 'HANG', 'question': {}})\n"
        "print(w.proc.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    pid = int(parent.stdout.readline())
    time.sleep(0.3)
    assert Path(f"/proc/{pid}").exists()
    parent.kill()
    parent.wait()
    end = time.monotonic() + 5
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
        except OSError:
            break
        if state == "Z":
            break
        time.sleep(0.05)
    else:
        pytest.fail("the worker outlived its parent")


def test_steps_time_limit_is_per_line(tmp_path):
    """One slow line among 60 times out alone; the others are graded, well within
    the overall limit (which used to be what stopped the slow line)."""
    lines = [f"V{i} = R{i}" for i in range(60)]
    lines[17] = "HANG"
    (tmp_path / "steps.txt").write_text("\n".join(lines) + "\n")
    start_time = time.monotonic()
    p = start("derive-test-steps", "--time-limit", 60, "check", "inamp", "--steps", "steps.txt", "--timeout", 0.5,
              "--json", cwd=tmp_path)
    out, err = p.communicate(timeout=120)
    import json

    result = json.loads(out)
    assert [s["status"] for s in result["steps"]] == ["equal"] * 17 + ["timeout"] + ["equal"] * 42
    assert result["first_wrong"] == 18 and p.returncode == 3
    assert time.monotonic() - start_time < 30
