"""Pre-scoring of policy goals against the 2018 norm set: meetbaar, bereikt.

The normenkader of Rekenkamer Uithoorn (2019, seed 003, annex; the whole framework is
``data/raw/norms/audit_norms_2018.yml``) judges goals by two criteria of its part *Resultaten*:
"de doelen zijn meetbaar" (under the norm that policy offers a handle for monitoring its effects)
and the norm "de doelen gesteld in het beleid worden bereikt". A case chooses them with
``goal_norms: 2018``; the wording and lines are in ``data/raw/norms/goal_norms_2018.yml``.

As for the other sets (:mod:`analysis.steps.goals`), a pre-score is an aid, never the verdict:
a reading rule on the register's fields returning ``+``, ``+/-``, ``-`` or none, with evidence.

*Meetbaar* — whether one can tell from a figure whether the goal is met:

- a target value (``target_value`` or a figure in the text, as the 2007 rule reads it) → ``+``;
- no target value but a direction (``increase``, ``decrease``: *beperken*, *bevorderen*) →
  ``+/-``: a change can be measured, a result cannot be judged against a target;
- neither → ``-``.

*Bereikt* — the realised share of the target (:func:`analysis.steps.goals.realised_share`):
100% or more → ``+``; more than 0% → ``+/-`` (partly); 0% or less → ``-``; no realisation or no
target → no score, with the reason (the Uithoorn report prints no realisation of any goal: "college
noch raad beschikt over actuele informatie over de mate waarin de doelen ... zijn behaald").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from analysis.steps.goals import (
    PreScore,
    _text,
    realised_share,
    target_and_group,
    with_prescores,
)

CRITERIA = ("measurable", "achieved")


def prescore_measurable(goal: Mapping[str, Any]) -> PreScore:
    """Pre-score of *meetbaar* for one goal."""
    has_value, _, evidence = target_and_group(goal, "streefwaarde")
    direction = _text(goal, "direction")
    if has_value:
        return PreScore("+", (evidence[0],))
    if direction in ("increase", "decrease"):
        word = "stijging" if direction == "increase" else "daling"
        return PreScore("+/-", (evidence[0], f"alleen een richting ({word}), geen maat"))
    return PreScore("-", (evidence[0], "geen richting"))


def prescore_achieved(goal: Mapping[str, Any]) -> PreScore:
    """Pre-score of *bereikt* for one goal, from its realised share of the target."""
    share, method = realised_share(goal)
    if math.isnan(share):
        return PreScore(None, (method,))
    shown = f"{share:.0f}% van het doel ({method})"
    if share >= 100:
        return PreScore("+", (shown,))
    return PreScore("+/-" if share > 0 else "-", (shown,))


def prescore_goals(
    goals: pd.DataFrame, norms: Mapping[str, Any], definitions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The register with ``pre_<criterion>`` and ``pre_<criterion>_evidence`` for both criteria
    (``norms`` and ``definitions`` are read by other sets; this one needs neither)."""
    records = goals.to_dict("records")
    return with_prescores(
        goals,
        {
            "measurable": [prescore_measurable(g) for g in records],
            "achieved": [prescore_achieved(g) for g in records],
        },
    )
