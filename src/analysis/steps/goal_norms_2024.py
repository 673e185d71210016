"""Pre-scoring of policy goals against the 2024 norm set: helder, concreet, consistent, onderbouwd.

Implements deelvraag 1 of the research design of Rekenkamer Amsterdam (2023), *Werken met een
arbeidsbeperking* (seed 000, §4.2 r. 534-536 and §5 r. 559-583): is the policy framework
"voldoende helder, concreet, consistent en onderbouwd?", and the finding of its report (2025,
seed 001 r. 27-30) that goals are not measurable because key terms are undefined: the city does
not share whether people get 'passend' or 'duurzaam' work "omdat niemand precies weet wat dat
betekent". The norms, with the seed's wording and line numbers, are
``data/raw/norms/goal_norms_2024.yml``; a case chooses them with ``goal_norms: 2024``.

As in :mod:`analysis.steps.goals`, the *pre-score* is an aid, never the verdict: explicit
reading rules on the goal's text and the register's structured fields, each returning a score
(``+``, ``+/-``, ``-``, or none where the register cannot say) and its evidence in Dutch.

*Key terms* — the norm file's ``key_terms`` (``passend``, ``duurzaam``, ``perspectief op
werk``): a goal *uses* a key term when its text contains one of the term's ``forms`` as whole
words (any case). The term is *defined* when the case's ``goal_definitions.csv`` has a row for
it (:func:`analysis.steps.goals.load_definitions`); no file: nothing is defined.

*Helder* — one reading:

- a key term the register does not define → ``-`` (what the goal aims at cannot be counted);
- else a vague formulation (the words of :data:`analysis.steps.goals.VAGUE_WORDS`, the same list
  as the 2007 rule for *specifiek*) or a target that depends on an unknown reference
  (:data:`analysis.steps.goals.AMBIGUITY_MARKERS`) → ``+/-``;
- neither → ``+``. A key term the register defines does not lower the score.

*Concreet* — a target value, a target group and a term:

- target value: ``target_value`` or a figure in the text that is not a date, year or duration;
- target group: ``target_group`` or a population word in the text (the 2007 rule's reading);
- term: the 2007 *tijdgebonden* rule scores ``+`` (a ``deadline``, a date or year in the text,
  or the plan year of an annual plan with a measurable goal); a relative window (*binnen een
  jaar*) is no term;
- all three → ``+``; no target value and no term → ``-`` (there is nothing to check the goal
  against at any moment); otherwise → ``+/-``.

*Consistent* — the indicator-level reading of the 2007 set
(:func:`analysis.steps.goals.consistency_by_indicator` over
:func:`analysis.steps.goals.definition_changes`), given to each goal of the indicator:

- the target group changes, or the goal vanishes and returns → ``-``;
- only the target value changes → ``+/-``;
- stated the same in every document and year → ``+``;
- an indicator stated once → no score: one statement cannot be judged over time.

*Onderbouwd* — never scored from the register (no score, the reason as evidence). The research
design means the framework's problem analysis, vision, the choice of means and instruments and
their coherence, the *beleidstheorie* (000 r. 569-579), and answers it with document analysis
and interviews. The register copies goal sentences (for ``amsterdam_2024`` from the research
design, without the policy documents), so an empty field would say "not transcribed", not "not
substantiated"; scoring it ``-`` would turn a gap in the transcription into a verdict on the
municipality (``docs/goals.md``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.steps.goals import (
    AMBIGUITY_MARKERS,
    VAGUE_WORDS,
    PreScore,
    _text,
    consistency_by_indicator,
    definition_changes,
    indicator_labels,
    prescore_time_bound,
    target_and_group,
    with_prescores,
)

CRITERIA = ("clear", "concrete", "consistent", "substantiated")
"""The criteria of the 2024 set, each scored per goal (``pre_<criterion>``)."""


@dataclass(frozen=True)
class KeyTerm:
    """A term a goal needs defined to be measurable: the seed's words that make it one
    (``basis``), where they stand (``lines``) and, if needed, a remark (``note``)."""

    term: str
    forms: tuple[str, ...]
    basis: str
    lines: str
    note: str = ""

    @property
    def pattern(self) -> re.Pattern[str]:
        # whole words, so 'passend' does not match inside 'aanpassend'
        words = "|".join(re.escape(f) for f in sorted(self.forms, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def key_terms(norms: Mapping[str, Any]) -> list[KeyTerm]:
    """The norm set's key terms (none for a set without ``key_terms``)."""
    return [
        KeyTerm(
            term=t["term"],
            forms=tuple(t.get("forms") or [t["term"]]),
            basis=" ".join(str(t.get("basis", "")).split()),
            lines=str(t.get("lines", "")),
            note=" ".join(str(t.get("note", "")).split()),
        )
        for t in norms.get("key_terms", [])
    ]


def terms_used(text: str, terms: list[KeyTerm]) -> list[KeyTerm]:
    """The key terms ``text`` uses, in the order of the norm file."""
    return [t for t in terms if t.pattern.search(text)]


def _defined(definitions: pd.DataFrame | None) -> dict[str, Mapping[str, Any]]:
    if definitions is None or definitions.empty:
        return {}
    return {row["term"]: row for row in definitions.to_dict("records")}


def key_term_uses(
    goals: pd.DataFrame, norms: Mapping[str, Any], definitions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per goal and key term its text uses: ``goal_id``, ``term``, ``is_defined``,
    ``definition`` and ``definition_source`` (empty when undefined), ``basis``, ``lines`` and
    ``note`` (why the norm file counts it as a key term)."""
    terms, defined = key_terms(norms), _defined(definitions)
    rows = []
    for goal in goals.to_dict("records"):
        for term in terms_used(_text(goal, "text"), terms):
            found = defined.get(term.term)
            rows.append(
                {
                    "goal_id": goal["goal_id"],
                    "term": term.term,
                    "is_defined": found is not None,
                    "definition": found["definition"] if found else pd.NA,
                    "definition_source": found["source"] if found else pd.NA,
                    "basis": term.basis,
                    "lines": term.lines,
                    "note": term.note,
                }
            )
    columns = ["goal_id", "term", "is_defined", "definition", "definition_source", "basis"]
    return pd.DataFrame(rows, columns=[*columns, "lines", "note"]).astype({"is_defined": "boolean"})


def undefined_terms_by_term(uses: pd.DataFrame) -> pd.DataFrame:
    """Per key term without a definition: the goals that use it (``goal_ids``, ``goals_n``),
    the norm file's ``basis``, ``lines`` and ``note``; in the order the terms first occur."""
    undefined = uses[~uses["is_defined"].astype(bool)]
    rows = [
        {
            "term": term,
            "goal_ids": ", ".join(dict.fromkeys(group["goal_id"])),
            "goals_n": group["goal_id"].nunique(),
            "basis": group["basis"].iloc[0],
            "lines": group["lines"].iloc[0],
            "note": group["note"].iloc[0],
        }
        for term, group in undefined.groupby("term", sort=False)
    ]
    return pd.DataFrame(rows, columns=["term", "goal_ids", "goals_n", "basis", "lines", "note"])


def _quoted(terms: list[str]) -> str:
    return ", ".join(f"'{t}'" for t in terms)


def prescore_clear(
    goal: Mapping[str, Any],
    terms: list[KeyTerm],
    definitions: pd.DataFrame | None = None,
) -> PreScore:
    """Pre-score of *helder* (one reading) for one goal."""
    text = _text(goal, "text")
    used, defined = terms_used(text, terms), _defined(definitions)
    undefined = [t.term for t in used if t.term not in defined]
    evidence: list[str] = []
    if undefined:
        evidence.append(f"kernbegrip zonder definitie: {_quoted(undefined)}")
    evidence += [
        f"kernbegrip gedefinieerd: '{t.term}' ({defined[t.term]['source']})"
        for t in used
        if t.term in defined
    ]
    lower = text.lower()
    vague = [w for w in VAGUE_WORDS if w in lower]
    if vague:
        evidence.append(f"vage formulering: {_quoted(vague)}")
    ambiguity = [reason for marker, reason in AMBIGUITY_MARKERS.items() if marker in lower]
    evidence += ambiguity
    if undefined:
        return PreScore("-", tuple(evidence))
    if vague or ambiguity:
        return PreScore("+/-", tuple(evidence))
    return PreScore("+", (*evidence, "geen kernbegrip zonder definitie en geen vage formulering"))


def prescore_concrete(goal: Mapping[str, Any]) -> PreScore:
    """Pre-score of *concreet* (target value, target group, term) for one goal."""
    has_value, has_group, evidence = target_and_group(goal, "streefwaarde")

    term = prescore_time_bound(goal)
    has_term = term.score == "+"
    evidence.append(term.evidence[0] if has_term or term.score == "+/-" else "geen termijn")

    if has_value and has_group and has_term:
        return PreScore("+", tuple(evidence))
    if not has_value and not has_term:
        return PreScore("-", tuple(evidence))
    return PreScore("+/-", tuple(evidence))


def prescore_consistent(goals: pd.DataFrame) -> dict[str, PreScore]:
    """Pre-score of *consistent* per goal: the score of its indicator over documents and years
    (``None`` for an indicator stated once, with its reason as evidence)."""
    by_indicator = consistency_by_indicator(goals, definition_changes(goals)).set_index("indicator")
    out: dict[str, PreScore] = {}
    labels = indicator_labels(goals)
    for goal in goals.to_dict("records"):
        row = by_indicator.loc[goal["indicator"]]
        others = goals.loc[goals["indicator"] == goal["indicator"], "goal_id"]
        where = f"indicator ‘{labels[goal['indicator']]}’ ({', '.join(others)})"
        score = None if pd.isna(row["pre_consistent"]) else str(row["pre_consistent"])
        out[goal["goal_id"]] = PreScore(score, (f"{where}: {row['evidence']}",))
    return out


NOT_FROM_REGISTER = (
    "niet uit het doelenregister te beoordelen: onderbouwing (probleemanalyse, visie, keuze en "
    "samenhang van middelen en instrumenten) vraagt documentanalyse"
)


def prescore_substantiated(goal: Mapping[str, Any], norms: Mapping[str, Any]) -> PreScore:
    """*Onderbouwd*: not assessable from the register (no score), with the reason."""
    lines = norms.get("criteria", {}).get("substantiated", {}).get("lines", "")
    return PreScore(None, (NOT_FROM_REGISTER + (f" ({lines})" if lines else ""),))


def prescore_goals(
    goals: pd.DataFrame, norms: Mapping[str, Any], definitions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The register with ``pre_<criterion>`` and ``pre_<criterion>_evidence`` for the four
    criteria, and ``key_terms`` / ``undefined_key_terms``: the key terms its text uses, and those
    of them the register does not define (``; ``-joined, empty when none)."""
    terms = key_terms(norms)
    records = goals.to_dict("records")
    consistent = prescore_consistent(goals)
    scores = {
        "clear": [prescore_clear(g, terms, definitions) for g in records],
        "concrete": [prescore_concrete(g) for g in records],
        "consistent": [consistent[g["goal_id"]] for g in records],
        "substantiated": [prescore_substantiated(g, norms) for g in records],
    }
    out = with_prescores(goals, {criterion: scores[criterion] for criterion in CRITERIA})
    uses = key_term_uses(goals, norms, definitions)
    joined = {
        column: uses[mask].groupby("goal_id")["term"].agg("; ".join)
        for column, mask in (
            ("key_terms", pd.Series(True, index=uses.index)),
            ("undefined_key_terms", ~uses["is_defined"].astype(bool)),
        )
    }
    for column, terms_of in joined.items():
        out[column] = pd.array(out["goal_id"].map(terms_of), dtype="string")
    return out


def undefined_term_goals(scored: pd.DataFrame) -> pd.DataFrame:
    """The goals of ``goals_scored`` that use a key term the register does not define."""
    if "undefined_key_terms" not in scored:
        return scored.iloc[0:0]
    return scored[scored["undefined_key_terms"].notna() & scored["undefined_key_terms"].ne("")]
