"""Batch grading: one row out per row in, in order, whatever happens to a row."""
import csv
import subprocess
import sys
from pathlib import Path

import pytest

from derive.checker.batch import grade_rows, grade_rows_dask, read_rows, write_results

SUPPORT = Path(__file__).parent / "support"
ROWS = [
    {"student": "ana", "answer": "(1+2*R5/RG)*R2/R1*(V1-V2)"},
    {"student": "ben", "answer": r"\left(1+\frac{2R_5}{R_G}\right)\frac{R_2}{R_1}(V_1-V_2)"},
    {"student": "cai", "answer": "(1+R5/RG)*R2/R1*(V1-V2)"},
    {"student": "dan", "answer": "__import__('os').system('ls')"},
    {"student": "eva", "answer": "V1*(1+R5/RG)", "quantity": "V11"},
    {"student": "fay", "answer": "8491 ohm", "quantity": "RG",
     "given": "R1=R2=R5=200k, V1=131.35m, V2=27.41m, Vout=5"},
]
EXPECTED = ["equal", "equal", "not_equal", "invalid", "equal", "equal"]


def test_local_pool_grades_every_row_in_order(capsys):
    results = grade_rows(ROWS, {"circuit": "inamp"}, jobs=2, progress=sys.stderr)
    assert [r["status"] for r in results] == EXPECTED
    assert results[2]["diagnosis"][0]["code"] == "scaled_symbol"
    assert "graded 6/6" in capsys.readouterr().err


def test_crashes_and_timeouts_lose_no_row():
    rows = [{"answer": "R1"}, {"answer": "CRASH"}, {"answer": "(1+2*R5/RG)*R2/R1*(V1-V2)"},
            {"answer": "HANG"}, {"answer": "(1+2*R5/RG)*R2/R1*(V1-V2)"}]
    command = [sys.executable, str(SUPPORT / "crashing_worker.py")]
    results = grade_rows(rows, {"circuit": "inamp"}, jobs=2, timeout=1.0, command=command)
    assert [r["status"] for r in results] == ["not_equal", "crashed", "equal", "timeout", "equal"]
    assert "simulated crash" in results[1]["feedback"]
    assert all(r["answer"] == row["answer"] for r, row in zip(results, rows))


def test_csv_round_trip(tmp_path):
    path = tmp_path / "answers.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["student", "answer", "quantity", "given"])
        w.writeheader()
        w.writerows(ROWS)
    rows = read_rows(path)
    out = tmp_path / "results.csv"
    write_results(out, rows, grade_rows(rows, {"circuit": "inamp"}, jobs=1))
    with open(out, newline="", encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    assert [r["student"] for r in got] == [r["student"] for r in ROWS]
    assert [r["status"] for r in got] == EXPECTED
    assert got[2]["diagnosis"] == "scaled_symbol" and got[0]["equivalent"] == "true"


def test_cli_batch(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("student,answer\nana,(1+2*R5/RG)*R2/R1*(V1-V2)\nbob,9^9^9\n", encoding="utf-8")
    out = tmp_path / "results.csv"
    run = subprocess.run([sys.executable, "-m", "derive", "check", "inamp", "--batch", str(path),
                          "-o", str(out), "--jobs", "1"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "graded 2/2" in run.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["status"] for r in rows] == ["equal", "invalid"]


def test_missing_answer_column(tmp_path):
    from derive.checker.errors import AnswerError

    path = tmp_path / "answers.csv"
    path.write_text("student,reply\nana,R1\n", encoding="utf-8")
    with pytest.raises(AnswerError) as err:
        read_rows(path)
    assert "no 'answer' column" in str(err.value)


def test_dask_local_cluster_grades_the_same():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        results = grade_rows_dask(ROWS, {"circuit": "inamp"}, cluster.scheduler_address, chunk=2)
    assert [r["status"] for r in results] == EXPECTED
