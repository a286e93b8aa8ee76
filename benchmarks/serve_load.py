"""Load test of ``derive serve``: simulated students on loopback, the server
killed and restarted in the middle, and a count of the attempts afterwards.

Each simulated student signs in, then submits typical answers (right and wrong
formulas in text and LaTeX, numbers with units) one after another over a
keep-alive connection, as fast as the server answers. A check is one POST of
an answer: the attempt is stored, graded in a worker process, its verdict
stored, and the redirect to the verdict page returned. Halfway through, the
server process is killed with SIGKILL and started again on the same database;
students whose request failed reconnect and go on. At the end every attempt
the server acknowledged must be in the database with its verdict (attempts
left pending by the kill are graded again by the restarted server).

Bounded: loopback only, at most ``--students`` threads, the run stops after
``--seconds`` (plus at most a minute to start, restart and drain).

    python benchmarks/serve_load.py [--students 60] [--seconds 20] [--rate 200] [--workers 2] [--no-kill] [--write]

``--rate`` is the offered load: each student pauses between answers so that all
together send that many checks per second (as a class does; 0 = no pause, which
measures the most the server answers, with latencies set by the queue).

Goal (issue 18): at least 200 checks/s sustained with a 95th percentile under
300 ms for typical answers on a 2-core machine, and no attempt lost.
"""
import argparse
import http.client
import os
import platform
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = """
title.en = "Load test"
title.es = "Prueba de carga"
[limits]
checks_per_minute = 100000
check_burst = 1000
signins_per_minute = 100000
signin_burst = 10000
[[questions]]
id = "gain"
circuit = "inamp"
quantity = "Vout"
[[questions]]
id = "v11"
circuit = "inamp"
quantity = "V11"
[[questions]]
id = "rg"
circuit = "inamp"
quantity = "RG"
given = { R1 = "10k", R2 = "10k", R5 = "24.9k", V1 = ["150m", "250m"], V2 = ["10m", "60m"], Vout = "5" }
"""
ANSWERS = {
    "gain": ["(1+2*R5/RG)*R2/R1*(V1-V2)", r"\left(1+\frac{2R_5}{R_G}\right)\frac{R_2}{R_1}(V_1-V_2)",
             "(1+R5/RG)*R2/R1*(V1-V2)", "(1+2*R5/RG)*R2/R1*(V2-V1)", "(1+2*R5/RG)*(V1-V2)",
             r"\frac{R_2 (R_G + 2R_5)}{R_1 R_G} \cdot (V_1 - V_2)"],
    "v11": ["V1*(1+R5/RG)", r"V_1\left(1+\frac{R_5}{R_G}\right)", "V1*(1+2*R5/RG)", "V1*R5/RG"],
    "rg": ["8.49 kΩ", "8490 ohm", "9.2k", "12.1 kΩ"],
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``derive serve`` in a child process (loopback only)."""

    def __init__(self, folder, port, workers):
        self.cmd = [sys.executable, "-m", "derive", "serve", "--assignment", str(folder / "load.toml"),
                    "--port", str(port), "--workers", str(workers), "--host", "127.0.0.1"]
        self.port = port
        self.log = open(folder / "server.log", "a")
        self.proc = None

    def start(self, timeout=120):
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen(self.cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/")
                if c.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.1)
            if self.proc.poll() is not None:
                break
        raise SystemExit(f"the server did not start; see {self.log.name}")

    def kill(self):
        """SIGKILL the server (its worker processes see their parent gone and exit)."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


class Student(threading.Thread):
    def __init__(self, name, port, run, period=0.0):
        super().__init__(daemon=True)
        self.period = period         # seconds between this student's checks (0: no pause)
        self.name_ = name
        self.port = port
        self.run_ = run
        self.cookie = ""
        self.csrf = None
        self.conn = None
        self.latencies = []          # (start time, seconds, first check of that question?) acknowledged
        self.tried = set()
        self.opened = set()
        self.acked = []              # (question, attempt number)
        self.failed = 0

    def request(self, method, path, body=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body)
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        text = r.read().decode("utf-8", "replace")
        cookie = r.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return r, text

    def sign_in(self):
        _, page = self.request("GET", "/")
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        r, _ = self.request("POST", "/signin", {"csrf": self.csrf, "student": self.name_})
        assert r.status == 303, r.status

    def check(self, qid, answer):
        start = time.perf_counter()
        r, _ = self.request("POST", f"/q/{qid}", {"csrf": self.csrf, "answer": answer})
        took = time.perf_counter() - start
        if r.status != 303:
            raise RuntimeError(f"status {r.status}")
        number = int(re.search(r"attempt=(\d+)", r.getheader("Location")).group(1))
        return start, took, number

    def run(self):
        k = int(self.name_[1:] or 0) if self.name_[1:].isdigit() else 0
        due = time.perf_counter() + self.period * (k % 97) / 97      # spread the students' phases
        while not self.run_["stop"].is_set():
            if self.period:
                pause = due - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                due = max(due + self.period, time.perf_counter() - self.period)
            try:
                if self.csrf is None:
                    self.sign_in()
                qid = ("gain", "v11", "rg")[k % 3]
                answer = ANSWERS[qid][k % len(ANSWERS[qid])]
                k += 1
                if qid not in self.tried and qid not in self.opened:     # a student reads the page first
                    self.request("GET", f"/q/{qid}")
                    self.opened.add(qid)
                    continue
                start, took, number = self.check(qid, answer)
                if self.run_["measuring"].is_set():
                    self.latencies.append((start, took, qid not in self.tried, qid))
                self.tried.add(qid)
                self.acked.append((qid, number))
            except (OSError, http.client.HTTPException, RuntimeError, AttributeError):
                self.failed += 1               # the server was killed: reconnect and go on
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                time.sleep(0.05)


def warm_up(port, run):
    """One student checks one answer per question: the workers have prepared every
    circuit before the crowd arrives (after a restart they prepare them again)."""
    probe = Student("warmup", port, run)
    probe.sign_in()
    for qid, answers in ANSWERS.items():
        probe.check(qid, answers[0])
    probe.conn.close()


def wait_for_verdicts(db, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(db, timeout=10) as c:
            if c.execute("SELECT COUNT(*) FROM attempts WHERE status IS NULL").fetchone()[0] == 0:
                return True
        time.sleep(0.2)
    return False


def cpu_seconds(pid):
    """CPU seconds used so far by ``pid`` and by its children (psutil; None without it)."""
    try:
        import psutil
    except ImportError:
        return None
    try:
        proc = psutil.Process(pid)
        procs = [proc] + proc.children(recursive=True)
        server = sum(proc.cpu_times()[:2])
        workers = sum(sum(p.cpu_times()[:2]) for p in procs[1:])
    except psutil.Error:
        return None
    return server, workers, sum(os.times()[:2])


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=200.0,
                        help="checks per second offered by all students together (0: each student "
                             "sends the next answer as soon as the last is answered)")
    parser.add_argument("--no-kill", action="store_true", help="do not kill and restart the server")
    parser.add_argument("--write", action="store_true", help="write benchmarks/SERVE_RESULTS.md")
    args = parser.parse_args(argv)
    students = max(1, min(args.students, 500))
    seconds = max(1.0, min(args.seconds, 600.0))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "load.toml").write_text(ASSIGNMENT, encoding="utf-8")
        server = Server(folder, free_port(), args.workers)
        run = {"stop": threading.Event(), "measuring": threading.Event()}
        period = students / args.rate if args.rate > 0 else 0.0
        crowd = [Student(f"s{i:03d}", server.port, run, period) for i in range(students)]
        try:
            server.start()
            warm_up(server.port, run)
            for s in crowd:
                s.start()
            time.sleep(min(3.0, seconds / 4))                    # sign-ins, each student's first numbers
            run["measuring"].set()
            t0 = time.perf_counter()
            cpu0 = cpu_seconds(server.proc.pid)
            killed_at = restarted_at = None
            if not args.no_kill:
                time.sleep(seconds / 2)
                cpu1 = cpu_seconds(server.proc.pid)
                killed_at = time.perf_counter()
                server.kill()
                server.start()
                restarted_at = time.perf_counter()
                time.sleep(max(0.0, t0 + seconds - time.perf_counter()))
            else:
                time.sleep(seconds)
                cpu1 = cpu_seconds(server.proc.pid)
            t1 = time.perf_counter()
            run["stop"].set()
            for s in crowd:
                s.join(35)
            drained = wait_for_verdicts(folder / "load.sqlite3")
        finally:
            run["stop"].set()
            server.stop()
        db = sqlite3.connect(folder / "load.sqlite3")
        stored = {(s, q, n): st for s, q, n, st in
                  db.execute("SELECT student, question, number, status FROM attempts")}
        pending = sum(1 for st in stored.values() if st is None)
        acked = [(s.name_, q, n) for s in crowd for q, n in s.acked]
        lost = [a for a in acked if a not in stored]
        lat = [took for s in crowd for start, took, _, _ in s.latencies]
        before = [took for s in crowd for start, took, _, _ in s.latencies
                  if killed_at is None or start + took < killed_at]
        repeat = [took for s in crowd for start, took, first, _ in s.latencies
                  if not first and (killed_at is None or start + took < killed_at)]
        window_before = (killed_at or t1) - t0
        per_question = {q: [took for s in crowd for start, took, _, qq in s.latencies
                            if qq == q and (killed_at is None or start + took < killed_at)] for q in ANSWERS}
        measured = len(lat)
        cpu = None
        if cpu0 and cpu1 and before:
            cpu = [(b - a) / len(before) * 1000 for a, b in zip(cpu0, cpu1)]
        report = {
            "students": students, "workers": args.workers, "seconds": round(t1 - t0, 1),
            "checks": measured, "rate": measured / (t1 - t0),
            "rate_before_kill": len(before) / window_before,
            "p50": percentile(lat, 50) * 1000, "p95": percentile(lat, 95) * 1000,
            "p50_before": percentile(before, 50) * 1000, "p95_before": percentile(before, 95) * 1000,
            "p50_repeat": percentile(repeat, 50) * 1000, "p95_repeat": percentile(repeat, 95) * 1000,
            "downtime": None if killed_at is None else restarted_at - killed_at,
            "failed": sum(s.failed for s in crowd), "acked": len(acked), "stored": len(stored),
            "lost": len(lost), "pending": pending, "drained": drained,
        }
    lines = [
        f"derive serve load test: {students} simulated students offering "
        + (f"{args.rate:g} checks/s together" if args.rate > 0 else "as many checks as answered (no pause)")
        + f", {args.workers} worker processes, "
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), loopback",
        f"checks measured: {measured} in {report['seconds']} s = {report['rate']:.0f} checks/s overall"
        + ("" if killed_at is None else f" (server killed and restarted once: {report['downtime']:.1f} s down)"),
        f"before the kill: {report['rate_before_kill']:.0f} checks/s, p50 {report['p50_before']:.0f} ms, "
        f"p95 {report['p95_before']:.0f} ms",
        f"before the kill, leaving out each student's first check of a question (when the worker "
        f"prepares that student's numbers; solving for RG takes SymPy about 0.2 s): "
        f"p50 {report['p50_repeat']:.0f} ms, p95 {report['p95_repeat']:.0f} ms",
        "before the kill, per question: " + "; ".join(
            f"{q} {len(v)} checks, p50 {percentile(v, 50) * 1000:.0f} ms, p95 {percentile(v, 95) * 1000:.0f} ms"
            for q, v in per_question.items()),
        f"whole run: p50 {report['p50']:.0f} ms, p95 {report['p95']:.0f} ms",
        "CPU per check before the kill: " + ("not measured (pip install psutil)" if cpu is None else
            f"server {cpu[0]:.1f} ms, checker workers {cpu[1]:.1f} ms, simulated students {cpu[2]:.1f} ms; "
            f"on {os.cpu_count()} otherwise idle cores the server and its workers would sustain about "
            f"{os.cpu_count() * 1000 / (cpu[0] + cpu[1]):.0f} checks/s"),
        f"load average of the machine during the run: {os.getloadavg()[0]:.1f} (shared machine)",
        f"attempts acknowledged: {report['acked']}, stored: {report['stored']}, lost: {report['lost']}, "
        f"left without a verdict: {report['pending']}; requests refused or cut while the server was down (retried): {report['failed']}",
    ]
    print("\n".join(lines))
    if args.write:
        out = ROOT / "benchmarks" / "SERVE_RESULTS.md"
        old = out.read_text("utf-8") if out.exists() else "# derive serve: load test\n"
        out.write_text(old.rstrip("\n") + "\n\n" + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
                       + f", `python benchmarks/serve_load.py --students {students} --seconds {seconds:g} --rate {args.rate:g}"
                       + f" --workers {args.workers}{' --no-kill' if args.no_kill else ''}`\n\n"
                       + "\n".join(f"- {line}" for line in lines) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    r = main()
    sys.exit(0 if r["lost"] == 0 and r["pending"] == 0 else 1)
