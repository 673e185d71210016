"""Policy goals: pre-scoring, agreement with the auditors, definition changes, realisation.

Implements chapter 3 of the Amsterdam audit (§3.1–3.4, Tabel 3.1–3.6: are the goals specific,
time-bound and consistent?) and the goal-versus-realisation tables of chapter 4 (Tabel 4.1,
4.5, 4.9, 4.12) as a reusable instrument. The register is ``data/raw/<case>/goals.csv``
(contract: ``docs/goals.md``). A case's goals are scored against its norm set (``goal_norms`` in
case.yml, :func:`load_norms`): ``2007`` (``data/raw/norms/goal_norms.yml``, the rules below) or
``2024`` (``data/raw/norms/goal_norms_2024.yml``: helder, concreet, consistent, onderbouwd; its
rules are in :mod:`analysis.steps.goal_norms_2024`).

The *pre-score* is an aid, never the verdict: it applies explicit reading rules to the goal's
text and structured fields and says which evidence led to each score. The auditors' scores stay
the official ones in every table. The rules (each returns its evidence in Dutch):

*Specific* — concrete, one reading, clear performance or effect, clear target group (§3.1):

- a number to aim at (``target_value`` or a figure in the text) and a named population
  (``target_group`` or a population word such as *cliënten*, *jongeren*) → ``+``;
- one of the two, or a target that depends on an unknown reference (*landelijk gemiddelde*),
  only a direction (*stabiel of dalend*, *geen toename*) or a forecast (*prognose*) → ``+/-``;
- neither, or only vague verbs (*bevorderen*, *stimuleren*) without a measure → ``-``.

*Time-bound* — a timeline and an end date (§3.1):

- a date or year in the text, or a ``deadline`` → ``+``;
- only a relative window (*binnen een jaar*) → ``+/-``: it is unclear from when it runs
  (the audit makes this point in §3.3.2);
- no date, but a measurable goal (a target or a direction) in an annual plan → ``+``: the plan
  year is the term (the audit
  reads annual plans this way in §3.3.2: "in de jaarplannen is telkens aangegeven dat ze in het
  betreffende jaar bereikt moeten worden");
- otherwise ``-``; a goal without anything measurable has no term to reach.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.core import paths, provenance
from analysis.core.cases import GOAL_NORM_SETS, Case, load_case
from analysis.core.rounding import Interval
from analysis.published.tables import SCORES, TableError, load_table, read_csv_with_units

GOAL_UNITS: dict[str, str] = {
    "goal_id": "text",
    "document": "text",
    "year": "year",
    "category": "text",
    "indicator": "text",
    "text": "text",
    "target_value": "number",
    "target_unit": "text",
    "direction": "text",
    "baseline_value": "number",
    "baseline_date": "date",
    "deadline": "date",
    "target_group": "text",
    "auditor_specific": "score",
    "auditor_time_bound": "score",
    "source_table": "text",
    "source_row": "text",
    "realised_value": "number",
    "realised_text": "text",
    "realised_group": "text",
    "realised_source": "text",
    "realised_date": "date",
    "realised_pct_printed": "text",
    "realised_table": "text",
    "realised_row": "text",
    "notes": "text",
}
REQUIRED = ("goal_id", "document", "year", "category", "indicator", "text")
DIRECTIONS = ("decrease", "increase", "level", "maintain")
CRITERIA = ("specific", "time_bound")
"""Criteria the auditors score per goal; *consistent* is judged per indicator (see below)."""

POPULATION_WORDS = (
    "cliënt",
    "client",
    "jongeren",
    "mensen",
    "amsterdammer",
    "uitkeringsgerechtigde",
    "bijstandsgerechtigde",
    "huishouden",
    "werkzoekende",
    "deelnemer",
    "id-er",
    "wiw-er",
    "inwoner",
    "personen",
    "doelgroep",
    "ouderen",
    "statushouder",
    "arbeidsbeperking",
)
VAGUE_WORDS = (
    "bevorderen",
    "stimuleren",
    "verbeteren",
    "versterken",
    "vergroten",
    "ondersteunen",
    "streven",
    "inzetten op",
    "bijdragen",
    "zoveel mogelijk",
    "waar mogelijk",
    "herijking",
    "richting werk",
    "aandacht",
    "inspannen",
    "optimaliseren",
)
AMBIGUITY_MARKERS = {
    "landelijk gemiddelde": "streefwaarde hangt af van een vooraf onbekend landelijk gemiddelde",
    "stabiel of dalend": "alleen een richting ('stabiel of dalend'), geen streefwaarde",
    "geen toename": "alleen een richting ('geen toename'), geen streefwaarde",
    "prognose": "een prognose, geen streefwaarde",
}
RELATIVE_TERM = re.compile(
    r"\b(binnen|na|per|in)\s+(een|één|\d+)\s+(jaar|jaren|maanden|maand|weken)\b"
)
ABSOLUTE_DATE = re.compile(
    r"\b\d{1,2}-\d{1,2}-\d{4}\b|\b(eind|begin|medio|in|op|voor|vóór|uiterlijk|per)\s+(\d{4})\b"
    r"|\b(19|20)\d{2}\b"
)
NUMBER = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)*%?")
NOT_A_TARGET = re.compile(
    r"\b\d{1,2}-\d{1,2}-\d{4}\b"  # a date
    r"|\b(?:19|20)\d{2}\b"  # a year
    r"|\b\d+\s*(?:jaar|jaren|maanden|maand|weken|week|dagen)\b",  # a duration
    re.IGNORECASE,
)


def target_numbers(text: str) -> list[str]:
    """Figures in a goal's text that can be a target: not dates, years or durations."""
    return NUMBER.findall(NOT_A_TARGET.sub(" ", text))


ANNUAL_DOCUMENTS = ("jaarplan", "businessplan", "begroting", "jaarverslag", "uitvoeringsnota")


class GoalError(ValueError):
    """The goal register is inconsistent with its contract or with the transcribed tables."""


# ---------------------------------------------------------------------------------------------
# loading


BASE_NORMS = "goal_norms.yml"
"""The 2007 norm set; it also declares the goal categories, shared by every norm set."""


def norms_file(norm_set: str) -> Path:
    """The file of a norm set (:data:`analysis.core.cases.GOAL_NORM_SETS`)."""
    if norm_set not in GOAL_NORM_SETS:
        raise KeyError(f"unknown goal norm set {norm_set!r}; known: {', '.join(GOAL_NORM_SETS)}")
    name = BASE_NORMS if norm_set == GOAL_NORM_SETS[0] else f"goal_norms_{norm_set}.yml"
    return paths.RAW / "norms" / name


def _read_yaml(file: Path) -> dict[str, Any]:
    provenance.record_input(file)
    return yaml.safe_load(file.read_text(encoding="utf-8"))


def load_norms(case: str | Case | None = None) -> dict[str, Any]:
    """The goal norms of a case: criteria with Dutch label and description, the scale, the
    categories, and ``norm_set`` (which set this is).

    ``case`` is a case name or a loaded case; its ``goal_norms`` key chooses the set. Without a
    case: the 2007 set. A norm set file without ``categories`` takes them from
    ``goal_norms.yml``: the categories are the register's vocabulary, declared once for all sets.
    """
    if case is None:
        norm_set = GOAL_NORM_SETS[0]
    else:
        norm_set = (case if isinstance(case, Case) else load_case(case)).goal_norms
    norms = _read_yaml(norms_file(norm_set))
    if "categories" not in norms:
        norms["categories"] = _read_yaml(norms_file(GOAL_NORM_SETS[0]))["categories"]
    norms["norm_set"] = norm_set
    return norms


def goal_criteria(norms: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """The criteria scored per goal (a ``pre_<criterion>`` column) under ``norms``.

    2007: *specific* and *time-bound*; its *consistent* is judged per indicator
    (:func:`consistency_by_indicator`). 2024: all four criteria, per goal.
    """
    if norms is None or norms.get("norm_set", GOAL_NORM_SETS[0]) == GOAL_NORM_SETS[0]:
        return CRITERIA
    return _rules(norms["norm_set"]).CRITERIA


def _rules(norm_set: str) -> Any:
    """The module with the reading rules of a norm set other than 2007
    (``analysis.steps.goal_norms_<set>``); it builds on this module, so it is imported when used."""
    return importlib.import_module(f"analysis.steps.goal_norms_{norm_set}")


def definitions_file(case: str) -> Path:
    return paths.raw_dir(case) / "goal_definitions.csv"


DEFINITION_UNITS: dict[str, str] = {"term": "text", "definition": "text", "source": "text"}


def load_definitions(case: str, norms: Mapping[str, Any]) -> pd.DataFrame:
    """The key terms the case's policy defines (``data/raw/<case>/goal_definitions.csv``,
    optional; contract in ``docs/goals.md``): ``term``, ``definition`` (verbatim), ``source``.

    No file: no term is defined (an empty frame). Every ``term`` must be a key term of the norm
    set (``key_terms`` of its file), once.

    Raises:
        TableError: a cell is empty or not text (file, line, column).
        GoalError: a term is not a key term of the norm set, or is defined twice.
    """
    file = definitions_file(case)
    if not file.is_file():
        return pd.DataFrame({c: pd.Series(dtype="string") for c in DEFINITION_UNITS})
    frame = read_csv_with_units(file, DEFINITION_UNITS, required=tuple(DEFINITION_UNITS))
    known = [t["term"] for t in norms.get("key_terms", [])]
    problems = [
        f"line {i + 2}: term '{term}' is not a key term of norm set {norms['norm_set']} "
        f"(known: {', '.join(known) or 'none'})"
        for i, term in enumerate(frame["term"])
        if term not in known
    ]
    problems += [
        f"term '{t}' is defined more than once" for t in frame["term"][frame["term"].duplicated()]
    ]
    if problems:
        raise GoalError(f"{file}: " + "\n  ".join(problems))
    return frame


def goals_file(case: str) -> Path:
    return paths.raw_dir(case) / "goals.csv"


def load_goals(case: str, check_sources: bool = True) -> pd.DataFrame:
    """The goal register of ``case``, typed and validated.

    Besides the column units this checks: unique ``goal_id``; ``category`` declared in the norms;
    ``direction`` one of :data:`DIRECTIONS`; and (``check_sources``) that every ``source_row`` and
    ``realised_row`` exists verbatim in the transcribed table it names.

    Raises:
        TableError: a cell does not meet its unit (file, line, column, expectation).
        GoalError: any of the checks above fails (file, goal, what is wrong).
    """
    file = goals_file(case)
    goals = read_csv_with_units(file, GOAL_UNITS, required=REQUIRED)
    categories = load_norms()["categories"]
    problems = []
    duplicated = goals["goal_id"][goals["goal_id"].duplicated()]
    problems += [f"goal_id '{g}' occurs more than once" for g in duplicated]
    for _, goal in goals.iterrows():
        gid = goal["goal_id"]
        if goal["category"] not in categories:
            problems.append(f"{gid}: category '{goal['category']}' is not in goal_norms.yml")
        if pd.notna(goal["direction"]) and goal["direction"] not in DIRECTIONS:
            problems.append(f"{gid}: direction '{goal['direction']}' is not one of {DIRECTIONS}")
    if check_sources:
        problems += _check_source_rows(case, goals)
    if problems:
        raise GoalError(f"{file}: " + "\n  ".join(problems))
    return goals


def _check_source_rows(case: str, goals: pd.DataFrame) -> list[str]:
    problems, cache = [], {}
    for table_col, row_col in (("source_table", "source_row"), ("realised_table", "realised_row")):
        for _, goal in goals.dropna(subset=[table_col]).iterrows():
            table_id = goal[table_col]
            if table_id not in cache:
                try:
                    cache[table_id] = set(load_table(case, table_id)["label"])
                except TableError as exc:
                    problems.append(f"{goal['goal_id']}: {table_col} '{table_id}': {exc}")
                    cache[table_id] = set()
                    continue
            if goal[row_col] not in cache[table_id]:
                problems.append(
                    f"{goal['goal_id']}: {row_col} {goal[row_col]!r} is not a row of {table_id}"
                )
    return problems


# ---------------------------------------------------------------------------------------------
# pre-score


@dataclass(frozen=True)
class PreScore:
    """A pre-score and the evidence (Dutch) that led to it; ``score`` is None where the rule
    cannot judge from the register (the evidence says why)."""

    score: str | None
    evidence: tuple[str, ...]


def indicator_labels(goals: pd.DataFrame, width: int = 70) -> dict[str, str]:
    """A reader's name for each indicator of a goal register.

    The register's ``indicator`` column is an identifier for grouping goals over documents
    (``client_stock``); a reader sees the optional ``indicator_label`` column where the register
    has one, else the wording of the earliest goal with that indicator without a leading target
    figure, cut at a word.
    """
    labels: dict[str, str] = {}
    ordered = goals.sort_values(["year", "goal_id"], kind="stable")
    for indicator, group in ordered.groupby("indicator", sort=False):
        given = group["indicator_label"].dropna() if "indicator_label" in group else pd.Series()
        if len(given):
            text = str(given.iloc[0])
        else:  # the words of the goal without its leading target ("1.650 WIW-banen")
            text = " ".join(str(group["text"].iloc[0]).split())
            text = re.sub(r"^[\d.,]+%?\s+(?=\D)", "", text) or str(indicator)
        if len(text) > width:
            text = text[: text.rfind(" ", 0, width - 1)].rstrip(",;:") + " …"
        labels[str(indicator)] = text
    return labels


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array is a value
        return False


def _text(goal: Mapping[str, Any], key: str) -> str:
    value = goal.get(key)
    return "" if _missing(value) else str(value)


def _present(goal: Mapping[str, Any], key: str) -> bool:
    return _text(goal, key) != ""


def _fmt_number(value: Any) -> str:
    from analysis.core.formats import decimals_of, nl_number

    return nl_number(value, min(decimals_of(value), 1))


def population_in_text(text: str) -> str | None:
    """The first population word (:data:`POPULATION_WORDS`) in a goal's text, if any."""
    lower = text.lower()
    return next((w for w in POPULATION_WORDS if w in lower), None)


def target_and_group(goal: Mapping[str, Any], target_label: str) -> tuple[bool, bool, list[str]]:
    """Whether a goal names a target value (a field or a figure in its text) and a target group
    (a field or a population word in its text), with the evidence (Dutch) for both."""
    evidence: list[str] = []
    numbers = target_numbers(_text(goal, "text"))
    has_target = _present(goal, "target_value") or bool(numbers)
    if _present(goal, "target_value"):
        evidence.append(f"{target_label}: {_fmt_number(goal['target_value'])}")
    elif numbers:
        evidence.append(f"getal in de tekst: {numbers[0]}")
    else:
        evidence.append("geen streefwaarde")
    population = population_in_text(_text(goal, "text"))
    has_group = _present(goal, "target_group") or population is not None
    if _present(goal, "target_group"):
        evidence.append(f"doelgroep: {goal['target_group']}")
    elif population:
        evidence.append(f"doelgroep in de tekst ('{population}…')")
    else:
        evidence.append("geen doelgroep genoemd")
    return has_target, has_group, evidence


def prescore_specific(goal: Mapping[str, Any]) -> PreScore:
    """Pre-score of *specific* for one goal (a row of the register as a mapping)."""
    text = _text(goal, "text").lower()
    has_target, has_group, evidence = target_and_group(goal, "streefwaarde genoemd")
    vague = [w for w in VAGUE_WORDS if w in text]
    if vague:
        evidence.append("vage formulering: " + ", ".join(f"'{w}'" for w in vague))
    ambiguity = [reason for marker, reason in AMBIGUITY_MARKERS.items() if marker in text]
    evidence += ambiguity

    if not has_target and (vague or not has_group):
        score = "-"
    elif has_target and has_group and not vague and not ambiguity:
        score = "+"
    else:
        score = "+/-"
    return PreScore(score, tuple(evidence))


def _is_annual(document: str) -> bool:
    document = document.lower()
    return any(word in document for word in ANNUAL_DOCUMENTS)


def prescore_time_bound(goal: Mapping[str, Any]) -> PreScore:
    """Pre-score of *time-bound* for one goal."""
    text = _text(goal, "text")
    absolute = ABSOLUTE_DATE.search(text)
    relative = RELATIVE_TERM.search(text.lower())
    # a direction ("geen toename") is measurable too: the share can be compared over the year
    # unless it is only a vague verb ("bevorderen") without a measure
    vague = any(word in text.lower() for word in VAGUE_WORDS)
    measurable = (
        _present(goal, "target_value")
        or bool(target_numbers(text))
        or (_present(goal, "direction") and not vague)
    )
    if _present(goal, "deadline"):
        deadline = pd.Timestamp(goal["deadline"])
        return PreScore("+", (f"einddatum: {deadline:%d-%m-%Y}",))
    if absolute:
        return PreScore("+", (f"termijn in de tekst: '{absolute.group(0)}'",))
    if relative:
        return PreScore(
            "+/-",
            (f"alleen een relatieve termijn: '{relative.group(0)}'; onduidelijk vanaf wanneer",),
        )
    if measurable and _is_annual(_text(goal, "document")):
        return PreScore(
            "+",
            (
                f"geen datum; het planjaar {goal['year']} van het {goal['document']} "
                "geldt als termijn",
            ),
        )
    if not measurable:
        return PreScore("-", ("geen meetbaar doel en geen termijn",))
    return PreScore("-", ("geen termijn of einddatum",))


def prescore_goals(
    goals: pd.DataFrame,
    norms: Mapping[str, Any] | None = None,
    definitions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add ``pre_<criterion>`` and ``pre_<criterion>_evidence`` columns for each criterion of
    the norm set (:func:`goal_criteria`; without ``norms``: 2007). ``definitions`` are the key
    terms the case defines (:func:`load_definitions`), read by the 2024 rules."""
    if goal_criteria(norms) != CRITERIA:
        return _rules(norms["norm_set"]).prescore_goals(goals, norms, definitions)
    records = goals.to_dict("records")
    return with_prescores(
        goals,
        {
            "specific": [prescore_specific(g) for g in records],
            "time_bound": [prescore_time_bound(g) for g in records],
        },
    )


def with_prescores(goals: pd.DataFrame, scores: Mapping[str, Sequence[PreScore]]) -> pd.DataFrame:
    """``goals`` with ``pre_<criterion>`` and ``pre_<criterion>_evidence`` (the evidence joined
    by ``; ``) for each criterion of ``scores`` (one pre-score per goal, in register order)."""
    out = goals.copy()
    for criterion, found in scores.items():
        out[f"pre_{criterion}"] = pd.array([s.score for s in found], dtype="string")
        out[f"pre_{criterion}_evidence"] = pd.array(
            ["; ".join(s.evidence) for s in found], dtype="string"
        )
    return out


# ---------------------------------------------------------------------------------------------
# agreement with the auditors


@dataclass(frozen=True)
class Agreement:
    """Agreement of pre-score and auditors on one criterion."""

    criterion: str
    n: int
    agreed: int
    kappa: float
    confusion: pd.DataFrame

    @property
    def share_agreed(self) -> float:
        return self.agreed / self.n if self.n else math.nan


def agreement(scored: pd.DataFrame, criterion: str) -> Agreement:
    """Confusion table (rows: auditors, columns: pre-score), share agreed and Cohen's kappa.

    Only goals the auditors scored count. Kappa is computed with statsmodels; it is undefined
    (NaN) when both raters use a single category.
    """
    from statsmodels.stats.inter_rater import cohens_kappa

    pair = scored[[f"auditor_{criterion}", f"pre_{criterion}"]].dropna()
    confusion = pd.crosstab(
        pd.Categorical(pair.iloc[:, 0], categories=SCORES),
        pd.Categorical(pair.iloc[:, 1], categories=SCORES),
        dropna=False,
    )
    confusion.index.name, confusion.columns.name = "rekenkamer", "voorlopige score"
    n = int(confusion.to_numpy().sum())
    agreed = int(sum(confusion.iat[i, i] for i in range(len(SCORES))))
    kappa = math.nan
    if n and (confusion.sum(axis=0) > 0).sum() + (confusion.sum(axis=1) > 0).sum() > 2:
        kappa = float(cohens_kappa(confusion.to_numpy()).kappa)
    return Agreement(criterion, n, agreed, kappa, confusion)


def disagreements(scored: pd.DataFrame) -> pd.DataFrame:
    """Goals where a pre-score differs from the auditors' score, with the evidence."""
    rows = []
    for criterion in CRITERIA:
        auditor, pre = f"auditor_{criterion}", f"pre_{criterion}"
        mask = scored[auditor].notna() & (scored[auditor] != scored[pre])
        for _, goal in scored[mask].iterrows():
            rows.append(
                {
                    "goal_id": goal["goal_id"],
                    "criterion": criterion,
                    "text": goal["text"],
                    "auditor": goal[auditor],
                    "prescore": goal[pre],
                    "evidence": goal[f"{pre}_evidence"],
                }
            )
    return pd.DataFrame(
        rows, columns=["goal_id", "criterion", "text", "auditor", "prescore", "evidence"]
    )


# ---------------------------------------------------------------------------------------------
# consistency across documents and years


_ARTICLES = {"een", "de", "het", "alle", "die", "dat"}
_PEOPLE = {"mensen", "personen", "cliënten", "clienten", "klanten"}


def _norm_definition(value: Any) -> frozenset[str]:
    """The words of a population definition, ignoring articles, word order and the choice
    between synonyms for people (*mensen*, *cliënten*, *personen*), so that only a change of
    substance counts ("met een WWB-uitkering" → "met een re-integratiedoelstelling")."""
    text = "" if _missing(value) else str(value).lower()
    words = {w for w in re.split(r"[^\wëéèïöü]+", text) if w and w not in _ARTICLES}
    return frozenset("cliënten" if w in _PEOPLE else w for w in words)


def definition_changes(goals: pd.DataFrame) -> pd.DataFrame:
    """Indicators whose definition changes between documents or years, and goals that vanish.

    For each indicator, in order of year (and printed order within a year):

    - ``definition``: the target group differs from the previous statement of the indicator;
    - ``target``: the target value or unit differs (information: an ambition may change);
    - ``absent`` / ``returns``: the indicator is missing in a year in which the case has goals,
      between its first and last year, and comes back later.
    """
    rows: list[dict[str, Any]] = []
    years_with_goals = sorted(goals["year"].dropna().unique())
    ordered = goals.assign(_order=range(len(goals))).sort_values(["year", "_order"])
    for indicator, group in ordered.groupby("indicator", sort=False):
        previous = None
        for _, goal in group.iterrows():
            if previous is not None:
                before, after = (
                    _norm_definition(previous["target_group"]),
                    _norm_definition(goal["target_group"]),
                )
                if before and after and before != after:
                    rows.append(
                        _change(
                            indicator,
                            "definition",
                            previous,
                            goal,
                            previous["target_group"],
                            goal["target_group"],
                        )
                    )
                if (
                    pd.notna(previous["target_value"])
                    and pd.notna(goal["target_value"])
                    and (
                        previous["target_value"] != goal["target_value"]
                        or previous["target_unit"] != goal["target_unit"]
                    )
                ):
                    rows.append(
                        _change(
                            indicator, "target", previous, goal, _target(previous), _target(goal)
                        )
                    )
            previous = goal
        present = sorted(group["year"].unique())
        gaps = [y for y in years_with_goals if present[0] < y < present[-1] and y not in present]
        for gap in gaps:
            before = group[group["year"] < gap].iloc[-1]
            after = group[group["year"] > gap].iloc[0]
            rows.append(
                {
                    "indicator": indicator,
                    "kind": "absent",
                    "from_goal": before["goal_id"],
                    "to_goal": after["goal_id"],
                    "from_document": before["document"],
                    "to_document": after["document"],
                    "from_year": int(before["year"]),
                    "to_year": int(after["year"]),
                    "before": f"ontbreekt in {int(gap)}",
                    "after": "keert terug",
                }
            )
    columns = [
        "indicator",
        "kind",
        "from_goal",
        "to_goal",
        "from_document",
        "to_document",
        "from_year",
        "to_year",
        "before",
        "after",
    ]
    return pd.DataFrame(rows, columns=columns)


def _target(goal: Mapping[str, Any]) -> str:
    unit = "%" if goal["target_unit"] == "pct" else ""
    return f"{_fmt_number(goal['target_value'])}{unit}"


def _change(indicator: str, kind: str, before: Mapping, after: Mapping, old: Any, new: Any) -> dict:
    return {
        "indicator": indicator,
        "kind": kind,
        "from_goal": before["goal_id"],
        "to_goal": after["goal_id"],
        "from_document": before["document"],
        "to_document": after["document"],
        "from_year": int(before["year"]),
        "to_year": int(after["year"]),
        "before": str(old),
        "after": str(new),
    }


def realisation_definition_changes(goals: pd.DataFrame) -> pd.DataFrame:
    """Goals whose realisation is reported for another population than the goal names.

    The audit's example (§3.3.1, Tabel 4.1): the goal counts clients "met een WWB-uitkering",
    the 2006 realisation counts clients "met een re-integratiedoelstelling", a larger group.
    """
    both = goals.dropna(subset=["target_group", "realised_group"])
    differs = both["target_group"].map(_norm_definition) != both["realised_group"].map(
        _norm_definition
    )
    return both.loc[
        differs, ["goal_id", "document", "target_group", "realised_group", "realised_source"]
    ].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# realisation


_PCT_IN_TEXT = re.compile(
    r"^\s*(?:min\.|minimaal|ruim|bijna|circa|ca\.)?\s*(-?\d+(?:[.,]\d+)?)\s*%?\s*$", re.IGNORECASE
)


def parse_printed_pct(text: Any) -> tuple[float, int] | None:
    """``'81%'`` → (81.0, 0 decimals); ``'Onbekend'`` → None."""
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
        return None
    match = _PCT_IN_TEXT.match(str(text))
    if not match:
        return None
    number = match.group(1).replace(",", ".")
    decimals = len(number.split(".")[1]) if "." in number else 0
    return float(number), decimals


def realised_share(goal: Mapping[str, Any]) -> tuple[float, str]:
    """The realised share of a goal (%), and how it was computed (Dutch).

    - ``decrease`` from a baseline: the part of the intended reduction achieved,
      ``(baseline − realised) / (baseline − target)``;
    - ``decrease`` without a baseline: the target is a maximum, ``target / realised``;
    - ``increase`` from a baseline: ``(realised − baseline) / (target − baseline)``;
    - ``level`` (or no direction) without a baseline: ``realised / target``;
    - ``maintain`` goals and goals without a numeric target or realisation: not computable.
    """
    target, realised = goal.get("target_value"), goal.get("realised_value")
    if not _present(goal, "realised_value"):
        status = _text(goal, "realised_text") or "geen realisatie gerapporteerd"
        return math.nan, f"niet te berekenen: {status}"
    if not _present(goal, "target_value"):
        return math.nan, "niet te berekenen: geen streefwaarde"
    direction = _text(goal, "direction")
    baseline = goal.get("baseline_value") if _present(goal, "baseline_value") else None
    if direction == "maintain":
        return math.nan, "niet te berekenen: doel is 'gelijk blijven', geen streefwaarde"
    if direction == "decrease" and baseline is not None:
        if baseline == target:
            return math.nan, "niet te berekenen: beginwaarde gelijk aan streefwaarde"
        return 100 * (baseline - realised) / (baseline - target), (
            f"deel van de beoogde daling: ({_fmt_number(baseline)} − {_fmt_number(realised)}) / "
            f"({_fmt_number(baseline)} − {_fmt_number(target)})"
        )
    if direction == "decrease" and baseline is None:
        if realised == 0:
            return math.nan, "niet te berekenen: realisatie 0"
        return 100 * target / realised, (
            f"streefwaarde / realisatie (een maximum: minder is beter): "
            f"{_fmt_number(target)} / {_fmt_number(realised)}"
        )
    if direction == "increase" and baseline is not None:
        if baseline == target:
            return math.nan, "niet te berekenen: beginwaarde gelijk aan streefwaarde"
        return 100 * (realised - baseline) / (target - baseline), (
            f"deel van de beoogde stijging: ({_fmt_number(realised)} − {_fmt_number(baseline)}) / "
            f"({_fmt_number(target)} − {_fmt_number(baseline)})"
        )
    if target == 0:
        return math.nan, "niet te berekenen: streefwaarde 0"
    return (
        100 * realised / target,
        f"gerealiseerd / streefwaarde: {_fmt_number(realised)} / {_fmt_number(target)}",
    )


def _interval(value: float, exact: bool) -> Interval:
    """A printed figure as the interval it stands for (see :mod:`analysis.published.crossfoot`)."""
    from analysis.core.formats import decimals_of

    text = f"{value:.{decimals_of(value)}f}"
    return Interval.printed(text, exact=exact and float(value).is_integer())


def _share_interval(goal: Mapping[str, Any], share: float) -> Interval:
    """The recomputed share with the rounding of its printed inputs propagated."""
    counts = goal.get("target_unit") == "count"
    target = _interval(goal["target_value"], counts)
    realised = _interval(goal["realised_value"], counts)
    hundred = Interval.exact(100)
    baseline = (
        None if _missing(goal.get("baseline_value")) else _interval(goal["baseline_value"], counts)
    )
    direction = _text(goal, "direction")
    if direction == "decrease" and baseline is not None:
        return hundred * (baseline - realised) / (baseline - target)
    if direction == "decrease":
        return hundred * target / realised
    if direction == "increase" and baseline is not None:
        return hundred * (realised - baseline) / (target - baseline)
    return hundred * realised / target


def _matches(share: Interval | float, printed: tuple[float, int]) -> bool:
    value, decimals = printed
    shown = Interval.printed(f"{value:.{decimals}f}", exact=False)
    return shown.overlaps(share if isinstance(share, Interval) else Interval.exact(share))


def printed_basis(goal: Mapping[str, Any], printed: tuple[float, int]) -> str:
    """Which simple ratio of the printed target and realisation gives the printed percentage."""
    target, realised = goal.get("target_value"), goal.get("realised_value")
    if _missing(target) or _missing(realised) or not target or not realised:
        return "niet te herleiden"
    if _matches(100 * realised / target, printed):
        return "realisatie / streefwaarde"
    if _matches(100 * target / realised, printed):
        return "streefwaarde / realisatie"
    return "niet te herleiden uit streefwaarde en realisatie"


def realisation(goals: pd.DataFrame) -> pd.DataFrame:
    """Recomputed realisation per goal next to the printed percentage, with a flag.

    ``differs`` is true when both exist and no unrounded values of the printed inputs could give
    the printed percentage (the tolerance rule of :mod:`analysis.published.crossfoot`: every printed
    figure stands for the interval of its rounding). ``printed_basis`` then says which ratio
    the print used instead, where one fits.
    """
    rows = []
    for goal in goals.to_dict("records"):
        share, method = realised_share(goal)
        printed = parse_printed_pct(goal.get("realised_pct_printed"))
        differs, basis = None, ""
        if printed is not None and not math.isnan(share):
            differs = not _matches(_share_interval(goal, share), printed)
            if differs:
                basis = printed_basis(goal, printed)
        rows.append(
            {
                "goal_id": goal["goal_id"],
                "realised_pct_computed": share,
                "method": method,
                "realised_pct_printed_value": math.nan if printed is None else printed[0],
                "differs": differs,
                "printed_basis": basis,
            }
        )
    out = pd.DataFrame(rows)
    out["differs"] = out["differs"].astype("boolean")
    return out


def score_goals(
    goals: pd.DataFrame,
    norms: Mapping[str, Any] | None = None,
    definitions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The register with pre-scores under the case's norm set (without ``norms``: 2007) and
    realisation: the content of ``goals_scored.csv``."""
    return prescore_goals(goals, norms, definitions).merge(
        realisation(goals), on="goal_id", how="left", validate="1:1"
    )


def category_label(category: str, norms: Mapping[str, Any]) -> str:
    return norms["categories"].get(category, category)


def has_auditor_scores(goals: pd.DataFrame, norms: Mapping[str, Any] | None = None) -> bool:
    """Whether the auditors scored any goal on a criterion of the norm set. The register has
    auditor columns for the 2007 criteria only (``docs/goals.md``)."""
    columns = [f"auditor_{c}" for c in goal_criteria(norms) if f"auditor_{c}" in goals]
    return bool(columns) and bool(goals[columns].notna().any().any())


def consistency_by_indicator(goals: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """Per indicator a pre-score of *consistent*, from the definition changes found.

    ``-`` when the definition changes or the goal vanishes and returns, ``+/-`` when only the
    target changes, ``+`` otherwise. Indicators stated once cannot be judged over time (empty).
    """
    rows = []
    for indicator, group in goals.groupby("indicator", sort=False):
        found = changes[changes["indicator"] == indicator]
        kinds = set(found["kind"])
        if len(group) < 2:
            score, evidence = pd.NA, "één keer geformuleerd; niet over de tijd te beoordelen"
        elif kinds & {"definition", "absent"}:
            score = "-"
            parts = []
            if "definition" in kinds:
                parts.append("definitie gewijzigd")
            if "absent" in kinds:
                parts.append("doel verdwijnt en keert terug")
            evidence = "; ".join(parts)
        elif "target" in kinds:
            score, evidence = "+/-", "streefwaarde gewijzigd, definitie gelijk"
        else:
            score, evidence = "+", "gelijk geformuleerd in alle documenten"
        years = sorted(int(y) for y in group["year"].unique())
        rows.append(
            {
                "indicator": indicator,
                "goals_n": len(group),
                "years": ", ".join(str(y) for y in years),
                "pre_consistent": score,
                "evidence": evidence,
            }
        )
    return pd.DataFrame(rows)
