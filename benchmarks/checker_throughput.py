"""Answers per second of the homework checker on one core, for typical answers.

Three figures: the grading function in this process (what each worker runs),
the same through one warm worker process (JSON over a pipe, the time limit
armed), and a mix with wrong answers that need a diagnosis. Goal: at least
200 answers/s on one core.

    python3 benchmarks/checker_throughput.py [--seconds 5]
"""
import argparse
import time

from derive.checker.grade import Grader
from derive.checker.worker import Worker

CORRECT = [
    "(1+2*R5/RG)*R2/R1*(V1-V2)",
    "R2/R1*(1 + 2R5/RG)*(V1 - V2)",
    r"\left(1+\frac{2R_5}{R_G}\right)\frac{R_2}{R_1}(V_1-V_2)",
    r"\frac{R_2 (R_G + 2R_5)}{R_1 R_G} \cdot (V_1 - V_2)",
    "(R2*(RG + 2*R5)*(V1 - V2))/(R1*RG)",
]
WRONG = [
    "(1+2*R5/RG)*R2/R1*(V2-V1)",        # inputs swapped
    "(1+R5/RG)*R2/R1*(V1-V2)",          # the missing 2
    "(1+2*R5/RG)*(V1-V2)",              # the missing R2/R1
    "(1+2*RG/R5)*R2/R1*(V1-V2)",        # RG in the wrong place
    "R2/R1*(1+2*R5/RG)*V1",             # Vout1, not Vout
]
NUMBERS = ["8491 ohm", "8.49 kΩ", "9.2k"]
SEED_002 = "R1=R2=R5=200k, V1=131.35m, V2=27.41m, Vout=5"


def rate(fn, answers, seconds):
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for a in answers:
            fn(a)
        n += len(answers)
    return n / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    grader = Grader()
    problem = grader.problem("inamp")
    numbers = grader.problem("inamp", "RG", SEED_002)
    problem.context.quantity_trees          # warm, as a worker is
    from derive.checker.grade import grade

    figures = {
        "correct formulas (text and LaTeX), in process": rate(lambda a: grade(problem, a), CORRECT, args.seconds),
        "wrong formulas with diagnosis, in process": rate(lambda a: grade(problem, a), WRONG, args.seconds),
        "numbers with units (the superposition article's RG), in process": rate(lambda a: grade(numbers, a), NUMBERS, args.seconds),
        "typical mix (2/3 right), in process": rate(lambda a: grade(problem, a), CORRECT * 2 + WRONG,
                                                     args.seconds),
    }
    with Worker(timeout=10) as w:
        q = {"circuit": "inamp"}
        w.check(CORRECT[0], q)
        figures["typical mix (2/3 right), one worker process"] = rate(lambda a: w.check(a, q), CORRECT * 2 + WRONG,
                                                                      args.seconds)
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value:8.0f} answers/s")
    print("goal: at least 200 answers/s on one core")


if __name__ == "__main__":
    main()
