"""The outline of a Derivation: its parts in reading order, decided once for every renderer.

A textbook page of a derivation reads: the assumptions (ideal op-amps, the
matching conditions), then the derivation itself, in runs of one superposition
case each (``scenario``) and the combination of the cases, or in one run
(``derivation``) when there are no cases; then the result; then the special
cases the source shows after it (a case's condition and its result). The
terminal text, the LaTeX document and the notebook all format this outline;
none of them decides the order again, so a new renderer formats
:func:`outline` and inherits it.

>>> from derive.derivation import derive
>>> [(p.kind, len(p.steps)) for p in outline(derive("inamp-wiki"))]
[('assumptions', 0), ('derivation', 6), ('result', 1), ('special_cases', 2)]
>>> [p.kind for p in outline(derive("inamp"))][:4]
['assumptions', 'scenario', 'scenario', 'combination']
"""
from dataclasses import dataclass

from .model import FULL

CASE_KINDS = ("case_assumption", "special_case")


@dataclass(frozen=True)
class Part:
    """One part of a derivation's outline.

    ``kind`` is ``assumptions``, ``scenario`` (one superposition case; its
    :class:`~derive.derivation.model.Scenario` in ``scenario``),
    ``combination`` (the full circuit after the cases), ``derivation`` (the
    full circuit, no cases before), ``result`` or ``special_cases``.
    ``steps`` are the part's steps in order (a part may have none: the
    assumptions of a circuit without matching conditions, the derivation of
    a circuit whose result is its only step).
    """

    kind: str
    steps: tuple
    scenario: object = None


def step_order(d):
    """The steps of ``d`` in outline order (how every renderer numbers them).

    >>> from derive.derivation import derive
    >>> [s.id for s in step_order(derive("follower"))] == [s.id for s in derive("follower").steps]
    True
    """
    return tuple(s for part in outline(d) for s in part.steps)


def outline(d):
    """The parts of derivation ``d`` in reading order; every step is in exactly one part.

    >>> from derive.derivation import derive
    >>> d = derive("inamp")
    >>> sum(len(p.steps) for p in outline(d)) == len(d.steps)
    True
    """
    cases = set(d.case_ids)
    special = tuple(s for s in d.steps if s.id in cases or s.kind in CASE_KINDS)
    assumptions = tuple(s for s in d.steps if s.kind == "assumption")
    placed = {s.id for s in special + assumptions} | {d.result_id}
    parts = [Part("assumptions", assumptions)]
    seen_case = False
    for scenario, steps in _runs([s for s in d.steps if s.id not in placed]):
        if scenario.id != FULL:
            parts.append(Part("scenario", steps, scenario))
            seen_case = True
        else:
            parts.append(Part("combination" if seen_case else "derivation", steps, scenario))
    if len(parts) == 1:      # the result is the whole derivation (a follower): the part is still there
        parts.append(Part("derivation", ()))
    parts.append(Part("result", (d.step(d.result_id),)))
    if special:
        parts.append(Part("special_cases", special))
    return tuple(parts)


def _runs(steps):
    """Consecutive steps of one scenario, as ``(scenario, steps)`` pairs."""
    runs = []
    for s in steps:
        if runs and runs[-1][0].id == s.scenario.id:
            runs[-1][1].append(s)
        else:
            runs.append((s.scenario, [s]))
    return [(scenario, tuple(group)) for scenario, group in runs]
