"""The audit's own norm framework (normenkader), scored per norm.

A rekenkamer states in an annex the norms it audits against — Rekenkamer Uithoorn (2019): parts
*Beleid*, *Praktijk*, *Resultaten* and *Bijsturing*, each norm with its criteria — and reaches its
verdicts in the conclusions. Two inputs (contract: ``docs/norms.md``):

* the framework, verbatim, with the seed lines it is copied from:
  ``data/raw/norms/audit_norms_<set>.yml``, chosen per case by ``audit_norms`` in case.yml;
* per case the finding on each norm, the score read from the audit's own conclusion and the
  sentence it rests on: ``data/raw/<case>/norm_findings.csv``. The report scores no norm itself;
  a norm on which the conclusions give no verdict has an empty score and says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.core import paths, provenance
from analysis.published.tables import SCORES, read_csv_with_units

FINDINGS_FILE = "norm_findings.csv"
FINDINGS_UNITS = {
    "norm_id": "text",
    "finding": "text",
    "score": "score",
    "score_basis": "text",
    "source": "text",
}


class NormError(ValueError):
    """A norm framework or findings file that does not meet its contract."""


def framework_file(norm_set: str) -> Path:
    return paths.RAW / "norms" / f"audit_norms_{norm_set}.yml"


def norm_sets() -> tuple[str, ...]:
    """The norm frameworks there are files for (``audit_norms_<set>.yml``)."""
    files = sorted((paths.RAW / "norms").glob("audit_norms_*.yml"))
    return tuple(f.stem.removeprefix("audit_norms_") for f in files)


def load_framework(norm_set: str, file: Path | None = None) -> tuple[dict[str, Any], pd.DataFrame]:
    """The framework's header (title, source, scale) and one row per norm: ``part``, ``norm_id``,
    ``norm``, ``criteria`` (a tuple of texts), ``lines``; in the printed order.

    Raises:
        NormError: no such set, a norm without id, text or criteria, or an id used twice.
    """
    file = file or framework_file(norm_set)
    if not file.is_file():
        known = ", ".join(norm_sets()) or "none"
        raise NormError(f"{file}: no norm framework {norm_set!r} (known: {known})")
    provenance.record_input(file)
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    rows, problems = [], []
    for part in data.get("parts", []):
        for norm in part.get("norms", []):
            criteria = tuple(str(c["text"]) for c in norm.get("criteria", []) if c.get("text"))
            if not norm.get("id") or not norm.get("norm") or not criteria:
                problems.append(
                    f"part {part.get('part')!r}: norm {norm.get('id')!r} needs id, "
                    "norm and at least one criterion"
                )
            rows.append(
                {
                    "part": str(part.get("part", "")),
                    "norm_id": str(norm.get("id", "")),
                    "norm": " ".join(str(norm.get("norm", "")).split()),
                    "criteria": criteria,
                    "lines": str(norm.get("lines", "")),
                }
            )
    frame = pd.DataFrame(rows, columns=["part", "norm_id", "norm", "criteria", "lines"])
    problems += [
        f"norm id {i!r} occurs more than once"
        for i in frame["norm_id"][frame["norm_id"].duplicated()]
    ]
    if frame.empty:
        problems.append("no norms (expected parts: - part: …, norms: - id: …)")
    if problems:
        raise NormError(f"{file}: " + "\n  ".join(problems))
    header = {k: v for k, v in data.items() if k != "parts"}
    return header, frame


def findings_file(case: str) -> Path:
    return paths.RAW / case / FINDINGS_FILE


def has_findings(case: str) -> bool:
    return findings_file(case).is_file()


def load_findings(case: str, framework: pd.DataFrame, file: Path | None = None) -> pd.DataFrame:
    """The findings per norm, in the framework's order, one row per norm of the framework.

    Raises:
        TableError: a cell does not meet its unit (file, line, column).
        NormError: a norm id that is not in the framework, occurs twice, or a norm of the
            framework without a row (an unscored norm has a row with an empty score).
    """
    file = file or findings_file(case)
    frame = read_csv_with_units(file, FINDINGS_UNITS, ("norm_id", "finding", "score_basis"))
    known = list(framework["norm_id"])
    problems = [
        f"line {i + 2}: norm_id {n!r} is not a norm of the framework (known: {', '.join(known)})"
        for i, n in enumerate(frame["norm_id"])
        if n not in known
    ]
    problems += [
        f"norm_id {n!r} occurs more than once"
        for n in frame["norm_id"][frame["norm_id"].duplicated()]
    ]
    missing = [n for n in known if n not in set(frame["norm_id"])]
    if missing:
        problems.append(f"no row for norm {', '.join(missing)} (leave the score empty if unscored)")
    if problems:
        raise NormError(f"{file}: " + "\n  ".join(problems))
    return scored(framework, frame)


def scored(framework: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """The framework with each norm's finding, score, score basis and source."""
    return framework.merge(findings, on="norm_id", how="left", validate="1:1")


def counts_by_part(norms: pd.DataFrame) -> pd.DataFrame:
    """Per part (in printed order) and in total: the number of norms scored ``+``, ``+/-``,
    ``-`` and without verdict."""
    columns = dict(zip(SCORES, ("plus_n", "partly_n", "minus_n"), strict=True))
    rows = []
    for part, group in norms.groupby("part", sort=False):
        row = {"part": part, "norms_n": len(group)}
        row.update({name: int((group["score"] == s).sum()) for s, name in columns.items()})
        row["none_n"] = int(group["score"].isna().sum())
        rows.append(row)
    out = pd.DataFrame(rows, columns=["part", "norms_n", *columns.values(), "none_n"])
    total = out.drop(columns="part").sum().to_dict()
    return pd.concat([out, pd.DataFrame([{"part": "Totaal", **total}])], ignore_index=True)
