"""Execution case studies: norms, coded client files, scores and verdicts (chapter 6, §6.1–6.6).

The audit scores the municipality per norm in three phases (choosing a trajectory, monitoring it,
following up) and states a verdict per phase (Tabel 6.4, 6.5, 6.10) and overall (Tabel 6.11).
Here the norm scores are data (``casestudies/scores.csv``) and the verdicts are *derived* by an
explicit rule, then set against the printed ones; every disagreement is listed, none is forced.

The rule (``aggregation.rule`` in ``data/raw/norms/execution_norms.yml``):

* ``half_negative`` – ``+`` when every score is ``+``; ``-`` when at least half are ``-``;
  otherwise ``+/-``. Applied to the norms of a phase (per trajectory where the audit scores per
  trajectory), then to the trajectories' verdicts of that phase, then to the three phases.
* ``majority_negative`` – as above, but ``-`` only when more than half are ``-``.
* ``worst`` – the lowest score.

Contract: ``docs/casestudies.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.core import paths, provenance
from analysis.core.rounding import percent
from analysis.published.tables import SCORES, read_csv_with_units, table_files

RULES = ("half_negative", "majority_negative", "worst")
RANK = {"-": 0, "+/-": 1, "+": 2}

UNITS: dict[str, dict[str, str]] = {
    "trajectories": {
        "trajectory_id": "text",
        "provider": "text",
        "name": "text",
        "goal": "text",
        "rung": "number",
        "duration_months": "number",
        "duration_text": "text",
        "phases": "text",
        "participants_n": "count",
        "max_fee_eur": "eur",
        "premium_eur": "eur",
        "premium_share_pct_printed": "pct",
        "notes": "text",
    },
    "contracts": {
        "contract_key": "text",
        "trajectory_id": "text",
        "name": "text",
        "commissioner": "text",
        "start_date": "date",
        "end_date": "date",
        "agreed_performance": "text",
        "agreed_effect": "text",
        "agreed_outflow_pct": "pct",
        "participants_n": "count",
        "realised_performance": "text",
        "realised_effect": "text",
        "realised_outflow_n": "count",
        "realised_outflow_pct_printed": "pct",
        "realised_date": "date",
        "notes": "text",
    },
    "clients": {
        "client_id": "text",
        "trajectory_id": "text",
        "route": "text",
        "interviewed": "text",
        "trajectory_plan_in_file": "text",
        "outcome": "text",
        "source": "text",
        "notes": "text",
    },
    "interviewees": {
        "group": "text",
        "trajectory_id": "text",
        "count_n": "count",
        "source": "text",
    },
    "scores": {
        "norm_id": "text",
        "trajectory_id": "text",
        "score": "score",
        "justification": "text",
        "source": "text",
    },
}
REQUIRED = {
    "trajectories": ("trajectory_id", "provider"),
    "contracts": ("contract_key", "trajectory_id"),
    "clients": ("client_id", "trajectory_id"),
    "interviewees": ("group",),
    "scores": ("norm_id", "trajectory_id", "score"),
}
ROUTES = ("client_manager", "other_provider", "own_initiative")
YES_NO = ("yes", "no")


class CaseStudyError(ValueError):
    """Coded case-study files are inconsistent with each other or with the norms."""


def load_norms(file: Path | None = None) -> dict[str, Any]:
    file = file or paths.RAW / "norms" / "execution_norms.yml"
    provenance.record_input(file)
    norms = yaml.safe_load(file.read_text(encoding="utf-8"))
    rule = norms.get("aggregation", {}).get("rule")
    if rule not in RULES:
        raise CaseStudyError(f"{file}: aggregation.rule must be one of {RULES}, got {rule!r}")
    return norms


def norms_frame(norms: dict[str, Any]) -> pd.DataFrame:
    """One row per norm: phase, id, printed number, wording, research questions."""
    rows = []
    for phase in norms["phases"]:
        for norm in phase["norms"]:
            rows.append(
                {
                    "phase": phase["id"],
                    "phase_label": phase["label"],
                    "phase_short": phase.get("summary_label", phase["label"]),
                    "norm_id": norm["id"],
                    "printed_number": norm.get("printed_number"),
                    "text": norm["text"],
                    "research_questions": ", ".join(
                        str(q) for q in norm.get("research_questions", [])
                    ),
                }
            )
    return pd.DataFrame(rows)


def casestudy_dir(case: str) -> Path:
    return paths.raw_dir(case) / "casestudies"


def load_casestudies(
    case: str, folder: Path | None = None, norms: dict | None = None
) -> dict[str, pd.DataFrame]:
    """Read and check the coded files of ``case`` (or of ``folder``).

    Raises:
        TableError: a cell does not meet its unit (file, line, column).
        CaseStudyError: ids that do not match between files or the norms, or bad codes.
    """
    folder = folder or casestudy_dir(case)
    norms = norms or load_norms()
    frames = {
        name: read_csv_with_units(folder / f"{name}.csv", units, REQUIRED[name])
        for name, units in UNITS.items()
    }
    problems = []
    trajectories = set(frames["trajectories"]["trajectory_id"])
    for name in ("contracts", "clients"):
        unknown = set(frames[name]["trajectory_id"]) - trajectories
        problems += [
            f"{name}.csv: trajectory_id '{t}' is not in trajectories.csv" for t in sorted(unknown)
        ]
    for name in ("scores", "interviewees"):
        unknown = set(frames[name]["trajectory_id"].dropna()) - trajectories - {"all"}
        problems += [
            f"{name}.csv: trajectory_id '{t}' is not in trajectories.csv" for t in sorted(unknown)
        ]
    known_norms = set(norms_frame(norms)["norm_id"])
    unknown = set(frames["scores"]["norm_id"]) - known_norms
    problems += [
        f"scores.csv: norm_id '{n}' is not in execution_norms.yml" for n in sorted(unknown)
    ]
    clients = frames["clients"]
    bad_route = clients["route"].dropna()[~clients["route"].dropna().isin(ROUTES)]
    problems += [f"clients.csv: route '{r}' is not one of {ROUTES}" for r in bad_route]
    for column in ("interviewed", "trajectory_plan_in_file"):
        bad = clients[column].dropna()[~clients[column].dropna().isin(YES_NO)]
        problems += [f"clients.csv: {column} '{v}' is not yes/no" for v in bad]
    if clients["client_id"].duplicated().any():
        problems.append("clients.csv: client_id occurs twice")
    if problems:
        raise CaseStudyError(f"{folder}: " + "\n  ".join(problems))
    return frames


# ---------------------------------------------------------------------------------------------
# aggregation


def aggregate(scores: Sequence[str], rule: str = "half_negative") -> str | None:
    """One verdict from several scores by ``rule`` (see the module docstring); ``None`` if empty."""
    scores = [s for s in scores if isinstance(s, str) and s in SCORES]
    if not scores:
        return None
    if rule == "worst":
        return min(scores, key=RANK.get)
    negative = sum(s == "-" for s in scores)
    if all(s == "+" for s in scores):
        return "+"
    if (rule == "half_negative" and 2 * negative >= len(scores)) or (
        rule == "majority_negative" and 2 * negative > len(scores)
    ):
        return "-"
    return "+/-"


def derive_verdicts(
    scores: pd.DataFrame, norms: dict[str, Any], rule: str | None = None
) -> pd.DataFrame:
    """Verdicts per phase (per trajectory where scored per trajectory, and over all), and the total.

    Columns: ``level`` (``phase`` or ``total``), ``phase``, ``trajectory_id`` (a trajectory or
    ``all``), ``verdict``, and what it was derived from, as scores separated by spaces (``–`` for
    a part without a verdict): ``norm_scores`` (the norms scored directly),
    ``trajectory_verdicts`` (the verdicts of the trajectories), ``phase_verdicts`` (the phases,
    for the total). ``report.casestudies.derived_from`` words them.
    """
    rule = rule or norms["aggregation"]["rule"]
    table = norms_frame(norms)
    scored = scores.merge(table[["norm_id", "phase"]], on="norm_id", how="left", validate="m:1")
    rows = []

    def listed(verdicts: list[str | None]) -> str:
        return " ".join(v or "–" for v in verdicts)

    for phase in norms["phases"]:
        part = scored[scored["phase"] == phase["id"]]
        if part.empty:
            continue
        per_trajectory = part[part["trajectory_id"] != "all"]
        overall = part[part["trajectory_id"] == "all"]
        verdicts = []
        for trajectory, group in per_trajectory.groupby("trajectory_id", sort=False):
            verdict = aggregate(group["score"].tolist(), rule)
            verdicts.append(verdict)
            rows.append(("phase", phase["id"], trajectory, verdict, listed(group["score"]), "", ""))
        verdict = aggregate(overall["score"].tolist() + verdicts, rule)
        rows.append(
            ("phase", phase["id"], "all", verdict, listed(overall["score"]), listed(verdicts), "")
        )
    phase_all = [r[3] for r in rows if r[2] == "all"]
    rows.append(("total", "all", "all", aggregate(phase_all, rule), "", "", listed(phase_all)))
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


VERDICT_COLUMNS = [
    "level",
    "phase",
    "trajectory_id",
    "verdict",
    "norm_scores",
    "trajectory_verdicts",
    "phase_verdicts",
]


def printed_verdicts(case: str, norms: dict[str, Any]) -> pd.DataFrame:
    """The verdicts the audit prints: the 'Eindoordeel' row of each phase's table (per trajectory
    where it has one column per trajectory) and the phase rows of the overall table."""
    from analysis.published.tables import load_table

    present = set(table_files(case))
    rows = []
    for phase in norms["phases"]:
        table_id = phase.get("table")
        if table_id in present:
            frame = load_table(case, table_id)
            final = frame[frame["label"].str.startswith("Eindoordeel")]
            if not final.empty:
                final = final.iloc[0]
                score_columns = [
                    c
                    for c in frame.columns
                    if c != "label" and frame.attrs["meta"].units[c] == "score"
                ]
                for column in score_columns:
                    trajectory = "all" if len(score_columns) == 1 else column
                    rows.append((phase["id"], trajectory, final[column], table_id))
        summary = norms.get("summary_table")
        if summary in present and phase.get("summary_label"):
            frame = load_table(case, summary).set_index("label")
            if phase["summary_label"] in frame.index:
                score_column = [
                    c for c in frame.columns if frame.attrs["meta"].units[c] == "score"
                ][0]
                rows.append(
                    (
                        phase["id"],
                        "all (" + summary + ")",
                        frame.loc[phase["summary_label"], score_column],
                        summary,
                    )
                )
    return pd.DataFrame(rows, columns=["phase", "trajectory_id", "printed", "table_id"])


def compare_verdicts(derived: pd.DataFrame, printed: pd.DataFrame) -> pd.DataFrame:
    """Derived against printed verdicts, one row per printed verdict, with ``agrees``."""
    key = printed["trajectory_id"].str.replace(r" \(.*\)$", "", regex=True)
    merged = printed.assign(_key=key).merge(
        derived[derived["level"] == "phase"].rename(columns={"trajectory_id": "_key"}),
        on=["phase", "_key"],
        how="left",
    )
    merged["agrees"] = merged["verdict"] == merged["printed"]
    return merged[["phase", "trajectory_id", "table_id", "printed", *VERDICT_COLUMNS[3:], "agrees"]]


# ---------------------------------------------------------------------------------------------
# fees and effects


def premium_shares(trajectories: pd.DataFrame) -> pd.DataFrame:
    """Tabel 6.3: the premium as a share of fee plus premium, recomputed, next to the print."""
    total = trajectories["max_fee_eur"] + trajectories["premium_eur"]
    out = trajectories[["trajectory_id", "provider", "max_fee_eur", "premium_eur"]].copy()
    out["total_eur"] = total
    out["premium_share_pct"] = percent(trajectories["premium_eur"], total, 0)
    out["premium_share_pct_printed"] = trajectories["premium_share_pct_printed"]
    out["agrees"] = (out["premium_share_pct"] - out["premium_share_pct_printed"]).abs() <= 0.5
    return out


def outflow_by_contract(contracts: pd.DataFrame) -> pd.DataFrame:
    """Tabel 6.7–6.9: agreed against realised outflow per contract, the share recomputed from
    the printed numbers where both are stated; ``below_agreement`` compares the recomputed share
    with the agreement (empty where it cannot be recomputed)."""
    out = contracts[
        [
            "contract_key",
            "trajectory_id",
            "name",
            "agreed_outflow_pct",
            "participants_n",
            "realised_outflow_n",
            "realised_outflow_pct_printed",
        ]
    ].copy()
    out["realised_outflow_pct"] = percent(out["realised_outflow_n"], out["participants_n"], 0)
    out["gap_pct_points"] = out["realised_outflow_pct"] - out["agreed_outflow_pct"]
    # Judged on the recomputed share: the report's own figure may use another denominator
    # (Global Start: of those who left) or count all outflow to work (WorkstaR), which the notes
    # explain; it is kept beside it (``realised_outflow_pct_printed``), never used as the verdict.
    out["below_agreement"] = (
        out["realised_outflow_pct"].astype("Float64") < out["agreed_outflow_pct"].astype("Float64")
    ).astype("boolean")
    out["printed_differs"] = (
        (out["realised_outflow_pct_printed"] - out["realised_outflow_pct"]).abs() > 0.5
    ).astype("boolean")
    return out


# ---------------------------------------------------------------------------------------------
# figures
