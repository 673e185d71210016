"""Interviews with clients: the selection funnel and the findings coded by theme.

An audit that interviews clients reports who was invited, who responded, who was selected and who
was interviewed, and what they said, by theme and by how satisfied they were (Rekenkamer Uithoorn
2019, §1.3 and §3.3: 250 invited, 35 filled in the screening questionnaire, 14 left contact
details, 8 interviewed — 4 less satisfied, 4 more positive). Three files in
``data/raw/<case>/interviews/`` (contract and templates: ``docs/interviews.md``,
``data/raw/templates/interview_*.csv``):

* ``funnel.csv`` — per step of the selection the number of persons, and where the audit splits a
  step (by satisfaction) the number per group;
* ``themes.csv`` — the themes findings are coded under, each optionally tied to a norm of the
  case's norm framework (:mod:`analysis.steps.norms`);
* ``codings.csv`` — one row per coded statement: theme, respondent group, satisfaction group,
  direction, and either a respondent (own interviews: counted) or the quantifier the source
  prints ("enkele cliënten", "een deel"; a published report: not counted).

The funnel's arithmetic is checked (a step never holds more persons than the one before it, the
groups of a step add up to it); counts of respondents per theme are small by nature, so the report
shows them only through the disclosure rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.published.tables import read_csv_with_units

FOLDER = "interviews"
FILES = ("funnel", "themes", "codings")

UNITS: dict[str, dict[str, str]] = {
    "funnel": {
        "step": "count",
        "stage": "text",
        "group": "text",
        "persons_n": "count",
        "source": "text",
    },
    "themes": {"theme_id": "text", "theme": "text", "norm_id": "text", "source": "text"},
    "codings": {
        "coding_id": "text",
        "theme_id": "text",
        "respondent_id": "text",
        "respondent_group": "text",
        "satisfaction": "text",
        "direction": "text",
        "quantifier": "text",
        "finding": "text",
        "quote": "text",
        "source": "text",
    },
}
REQUIRED = {
    "funnel": ("step", "stage", "persons_n", "source"),
    "themes": ("theme_id", "theme"),
    "codings": (
        "coding_id",
        "theme_id",
        "respondent_group",
        "satisfaction",
        "direction",
        "finding",
    ),
}
SATISFACTION = ("tevreden", "minder tevreden", "beide", "onbekend")
"""Satisfaction groups of a statement (codes; ``beide``: said by satisfied and less satisfied
clients alike)."""
DIRECTIONS = ("positief", "negatief", "gemengd")


class InterviewError(ValueError):
    """Interview files that do not meet their contract."""


@dataclass(frozen=True)
class Interviews:
    funnel: pd.DataFrame
    themes: pd.DataFrame
    codings: pd.DataFrame

    @property
    def counted(self) -> bool:
        """Whether the codings name respondents (own interviews), so that they can be counted."""
        return bool(self.codings["respondent_id"].notna().any())


def interview_dir(case: str) -> Path:
    return paths.RAW / case / FOLDER


def has_interviews(case: str) -> bool:
    return all((interview_dir(case) / f"{name}.csv").is_file() for name in FILES)


def load_interviews(
    case: str, folder: Path | None = None, norm_ids: list[str] | None = None
) -> Interviews:
    """The three interview files of ``case`` (or of ``folder``), typed and checked.

    ``norm_ids``: the norms a theme may refer to (the case's framework); None: not checked.

    Raises:
        TableError: a cell does not meet its unit (file, line, column).
        InterviewError: an unknown theme, norm, satisfaction group or direction; an id used
            twice; a respondent coded in two groups; a coding with neither a respondent nor a
            quantifier.
    """
    folder = folder or interview_dir(case)
    frames = {
        name: read_csv_with_units(folder / f"{name}.csv", UNITS[name], REQUIRED[name])
        for name in FILES
    }
    problems = _problems(frames, norm_ids)
    if problems:
        raise InterviewError(f"{folder}: " + "\n  ".join(problems))
    funnel = frames["funnel"]
    # per step the total first, then its groups in the order of the file
    order = funnel.assign(_split=funnel["group"].notna()).sort_values(
        ["step", "_split"], kind="stable"
    )
    return Interviews(
        funnel.loc[order.index].reset_index(drop=True), frames["themes"], frames["codings"]
    )


def _problems(frames: dict[str, pd.DataFrame], norm_ids: list[str] | None) -> list[str]:
    themes, codings, funnel = frames["themes"], frames["codings"], frames["funnel"]
    problems = [
        f"{name}.csv: {column} {value!r} occurs more than once"
        for name, column in (("themes", "theme_id"), ("codings", "coding_id"))
        for value in frames[name][column][frames[name][column].duplicated()]
    ]
    for i, row in enumerate(codings.to_dict("records")):
        where = f"codings.csv line {i + 2}"
        if row["theme_id"] not in set(themes["theme_id"]):
            problems.append(f"{where}: theme_id {row['theme_id']!r} is not in themes.csv")
        if row["satisfaction"] not in SATISFACTION:
            problems.append(
                f"{where}: satisfaction {row['satisfaction']!r} is not one of {list(SATISFACTION)}"
            )
        if row["direction"] not in DIRECTIONS:
            problems.append(
                f"{where}: direction {row['direction']!r} is not one of {list(DIRECTIONS)}"
            )
        if pd.isna(row["respondent_id"]) and pd.isna(row["quantifier"]):
            problems.append(f"{where}: give a respondent_id or the quantifier the source prints")
    named = codings.dropna(subset=["respondent_id"])
    for column in ("respondent_group", "satisfaction"):
        twice = named.groupby("respondent_id")[column].nunique()
        problems += [
            f"codings.csv: respondent {r!r} is coded with more than one {column}"
            for r in twice[twice > 1].index
        ]
    if norm_ids is not None:
        problems += [
            f"themes.csv: norm_id {n!r} is not a norm of the case's framework"
            for n in themes["norm_id"].dropna()
            if n not in norm_ids
        ]
    totals = funnel[funnel["group"].isna()]
    problems += [
        f"funnel.csv: step {s} has {n} rows without a group (one: the step's total)"
        for s, n in totals["step"].value_counts().items()
        if n > 1
    ]
    problems += [
        f"funnel.csv: step {s} has groups but no total row"
        for s in sorted(set(funnel["step"]) - set(totals["step"]))
    ]
    return problems


def funnel_steps(funnel: pd.DataFrame) -> pd.DataFrame:
    """The selection funnel: per step the persons, the share of the step before and of the
    first step (%), and the groups a step is split into as ``group: n`` text."""
    totals = funnel[funnel["group"].isna()].sort_values("step").reset_index(drop=True)
    persons = totals["persons_n"].astype(float)
    out = totals[["step", "stage", "persons_n"]].copy()
    out["of_previous_pct"] = 100 * persons / persons.shift(1)
    out["of_first_pct"] = 100 * persons / persons.iloc[0] if len(persons) else []
    groups = funnel[funnel["group"].notna()]
    split = groups.groupby("step").apply(
        lambda g: "; ".join(f"{r.group}: {r.persons_n}" for r in g.itertuples()),
        include_groups=False,
    )
    out["groups"] = out["step"].map(split) if len(groups) else pd.NA
    return out


def funnel_checks(funnel: pd.DataFrame) -> pd.DataFrame:
    """The funnel's arithmetic, one row per check: ``kind`` (``not_more_than_previous``: a step
    holds no more persons than the step before it; ``groups_add_up``: the groups of a split step
    add up to it), ``stage``, ``previous_stage`` (the first kind), ``expected_n`` (the bound or
    the total), ``parts`` (the groups' counts, the second kind), ``found_n``, ``holds``."""
    totals = funnel[funnel["group"].isna()].sort_values("step")
    rows = []
    for before, after in zip(totals.itertuples(), totals.iloc[1:].itertuples(), strict=False):
        rows.append(
            {
                "kind": "not_more_than_previous",
                "stage": after.stage,
                "previous_stage": before.stage,
                "expected_n": int(before.persons_n),
                "parts": (),
                "found_n": int(after.persons_n),
                "holds": bool(after.persons_n <= before.persons_n),
            }
        )
    for step, groups in funnel[funnel["group"].notna()].groupby("step"):
        total = totals.loc[totals["step"] == step].iloc[0]
        parts = tuple(int(n) for n in groups["persons_n"])
        rows.append(
            {
                "kind": "groups_add_up",
                "stage": total["stage"],
                "previous_stage": None,
                "expected_n": int(total["persons_n"]),
                "parts": parts,
                "found_n": sum(parts),
                "holds": sum(parts) == total["persons_n"],
            }
        )
    columns = ["kind", "stage", "previous_stage", "expected_n", "parts", "found_n", "holds"]
    return pd.DataFrame(rows, columns=columns)


def theme_counts(interviews: Interviews) -> pd.DataFrame:
    """Per theme the number of respondents with a positive, a negative and a mixed statement,
    by satisfaction group (own interviews; columns ``<satisfaction>_<direction>_n``) and the
    number of respondents coded on the theme (``respondents_n``). A respondent counts once per
    cell however many statements they made."""
    named = interviews.codings.dropna(subset=["respondent_id"])
    out = interviews.themes[["theme_id", "theme"]].copy()
    for satisfaction in ("tevreden", "minder tevreden"):
        for direction in DIRECTIONS:
            cell = named[
                (named["satisfaction"] == satisfaction) & (named["direction"] == direction)
            ]
            per_theme = cell.groupby("theme_id")["respondent_id"].nunique()
            column = f"{satisfaction.replace(' ', '_')}_{direction}_n"
            out[column] = out["theme_id"].map(per_theme).fillna(0).astype(int)
    out["respondents_n"] = (
        out["theme_id"].map(named.groupby("theme_id")["respondent_id"].nunique()).fillna(0)
    ).astype(int)
    return out


def theme_findings(interviews: Interviews) -> pd.DataFrame:
    """Per coded statement, in theme order: theme, norm, satisfaction group and direction (codes),
    how many said it (the printed quantifier, or — own interviews — left to
    :func:`theme_counts`), the finding and the quote."""
    themes = interviews.themes.set_index("theme_id")
    order = {t: i for i, t in enumerate(interviews.themes["theme_id"])}
    codings = interviews.codings.assign(_order=interviews.codings["theme_id"].map(order))
    codings = codings.sort_values("_order", kind="stable")
    return pd.DataFrame(
        {
            "theme": codings["theme_id"].map(themes["theme"]).to_numpy(),
            "norm_id": codings["theme_id"].map(themes["norm_id"]).to_numpy(),
            "satisfaction": codings["satisfaction"].to_numpy(),
            "direction": codings["direction"].to_numpy(),
            "quantifier": codings["quantifier"].to_numpy(),
            "finding": codings["finding"].to_numpy(),
            "quote": codings["quote"].to_numpy(),
            "source": codings["source"].to_numpy(),
        }
    )
