"""A fixed-seed subset of the any-circuit fuzz (tests/support/fuzz.py).

Random textbook circuits through every method and back through the checker:
no internal error, no false "singular", no positive-feedback circuit answered,
no result that differs from the reference solver, no right answer graded
wrong, no perturbed answer graded right. ``DERIVE_FUZZ=2000`` runs the full
fuzz (slow: about an hour on two shared cores); the default is a CI-sized draw.
"""
import os

from tests.support.fuzz import BAD, fuzz

COUNT = int(os.environ.get("DERIVE_FUZZ", "12"))


def test_fuzz_finds_no_bad_outcome():
    problems = []
    counts = fuzz(COUNT, seed=2026, log=problems)
    assert counts["circuits"] >= min(COUNT, 10)
    assert counts["proved"] > 0 and counts["answers_right"] > 0
    bad = {k: counts[k] for k in BAD if counts[k]}
    assert not bad, (bad, "\n".join(problems[:5]))
