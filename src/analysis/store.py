"""Every processed artefact by name: its path, writer, reader and schema.

A notebook computes a frame and hands it to :func:`write`; a later step or the front page asks
for it with :func:`read` (``None`` when the step that writes it did not run for the case) or
:func:`require` (an error naming the notebook to run). Nobody else builds a path under
``data/processed/<case>/`` or calls ``to_csv``: the name is the contract, the schema says which
columns a reader may rely on, and every write replaces the file in one step (a crashed build
never leaves half a file).

The list of artefacts, with who writes and who reads each, is in ``docs/architecture.md``.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.core import paths
from analysis.core.labels import row_ids
from analysis.published.reproduction import merge_rows
from analysis.registry.model import TABLES, Registry


@dataclass(frozen=True)
class Artefact:
    """One processed file: where it lives, who writes it, which columns readers rely on."""

    name: str
    file: str  # relative to data/processed/<case>/; ``{table_id}`` for one file per table
    written_by: str  # the notebook that writes it
    description: str
    columns: tuple[str, ...] = ()
    float_format: str | None = None

    @property
    def schema(self) -> pa.DataFrameSchema:
        return pa.DataFrameSchema({c: pa.Column(nullable=True) for c in self.columns})


ARTEFACTS: dict[str, Artefact] = {
    a.name: a
    for a in (
        Artefact(
            "funnel",
            "funnel.csv",
            "00_registry",
            "records dropped per intake rule and table",
            ("step", "rule", "description", "table", "records_in", "dropped", "records_out"),
        ),
        Artefact(
            "goals_scored",
            "goals_scored.csv",
            "01_policy_goals",
            "the goal register with the pre-scores under the case's norm set and the auditor's "
            "scores",
            ("goal_id", "auditor_specific", "auditor_time_bound"),
        ),
        Artefact(
            "table",
            "tables/{table_id}.csv",
            "02_outflow, 03_costs",
            "a table of the report computed by the pipeline, with the printed labels and columns "
            "and a stable row_id (the label without a count it carries)",
            ("row_id", "label"),
        ),
        Artefact(
            "reproduction",
            "reproduction.csv",
            "02_outflow, 03_costs",
            "every printed cell beside the recomputed one, with the verdict",
            (
                "table_id",
                "row",
                "column",
                "published",
                "reproduced",
                "within_tolerance",
                "status",
                "reason",
                "alternative",
                "basis",
            ),
        ),
        Artefact(
            "key_figures",
            "key_figures.csv",
            "03_costs",
            "key figures of a step that are not a cell of a printed table",
            ("section", "figure", "value"),
        ),
        Artefact(
            "payment_findings",
            "payment_findings.csv",
            "03_costs",
            "payments a payment rule flags, one row per payment and rule",
            ("rule", "payment_id", "client_key", "provider", "amount_eur"),
        ),
        Artefact(
            "casestudy_verdicts",
            "casestudy_verdicts.csv",
            "04_case_studies",
            "verdicts per norm, phase and trajectory derived from the coded files",
            ("level", "phase", "trajectory_id", "verdict"),
        ),
        Artefact(
            "casestudy_comparison",
            "casestudy_comparison.csv",
            "04_case_studies",
            "derived verdicts beside the printed ones",
            ("agrees",),
        ),
        Artefact(
            "information_waiting_times",
            "information_waiting_times.csv",
            "05_information",
            "days between a document being available or scheduled and the council handling it",
            ("document", "from_event", "from_date", "to_event", "to_date", "days"),
        ),
        Artefact(
            "net_effect",
            "net_effect.csv",
            "02_outflow",
            "the net effect of starting a trajectory: per estimator (naive, matching, duration "
            "model), group and horizon the effect in percentage points, its 95% interval and the "
            "starters it rests on",
            ("estimator", "category", "horizon", "effect_pp", "ci_low", "ci_high", "treated_n"),
            float_format="%.6f",
        ),
        Artefact(
            "contributions",
            "contributions.csv",
            "03_costs",
            "what each client (pseudonymous key) or provider contributes to each money cell of "
            "the cost tables, for the dominance rules of disclosure control; never published",
            ("table_id", "label", "column", "provider", "client_key", "value_eur"),
        ),
        Artefact(
            "disclosure",
            "disclosure.csv",
            "the build (python -m analysis.build index)",
            "the disclosure check of every table and figure of the case's pages: rules applied, "
            "cells suppressed (primary, secondary, dominance), survival cuts, outcome",
            ("page", "output", "title", "status", "rules", "primary_n", "secondary_n"),
        ),
        Artefact(
            "consistency",
            "consistency.csv",
            "90_consistency",
            "every arithmetic check on the printed figures with its verdict",
            ("table_id", "check", "location", "printed", "recomputed", "verdict", "note"),
            float_format="%.6g",
        ),
    )
}


def _artefact(name: str) -> Artefact:
    try:
        return ARTEFACTS[name]
    except KeyError:
        raise KeyError(f"no processed artefact '{name}' (known: {', '.join(ARTEFACTS)})") from None


def path(case: str, name: str, **fields: str) -> Path:
    """Where artefact ``name`` of ``case`` lives (``table_id=…`` for per-table artefacts)."""
    return paths.PROCESSED / case / _artefact(name).file.format(**fields)


def write(case: str, name: str, frame: pd.DataFrame, **fields: str) -> Path:
    """Check ``frame`` against the artefact's schema and replace the file with it."""
    artefact = _artefact(name)
    artefact.schema.validate(frame)
    file = path(case, name, **fields)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f".{file.name}.new")
    frame.to_csv(tmp, index=False, float_format=artefact.float_format)
    os.replace(tmp, file)
    return file


def with_row_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``row_id`` first (:func:`analysis.core.labels.row_id` of its labels)."""
    if "row_id" in frame.columns:
        return frame
    return frame.assign(row_id=row_ids(frame["label"]))[["row_id", *frame.columns]]


def write_tables(case: str, tables: Mapping[str, pd.DataFrame]) -> None:
    """Write each computed table under its id (artefact ``table``), with its row ids."""
    for table_id, frame in tables.items():
        write(case, "table", with_row_ids(frame), table_id=table_id)


def read(case: str, name: str, **fields: str) -> pd.DataFrame | None:
    """Artefact ``name`` of ``case``, or ``None`` when the step that writes it has not run."""
    file = path(case, name, **fields)
    if not file.is_file():
        return None
    frame = pd.read_csv(file)
    _artefact(name).schema.validate(frame)
    return frame


def require(case: str, name: str, **fields: str) -> pd.DataFrame:
    """Artefact ``name`` of ``case``; a FileNotFoundError names the notebook that writes it."""
    frame = read(case, name, **fields)
    if frame is None:
        raise FileNotFoundError(
            f"{path(case, name, **fields)}: not written yet; run notebook "
            f"{_artefact(name).written_by} first"
        )
    return frame


# ---------------------------------------------------------------------------------------------
# key figures: one file, a section per notebook


@contextmanager
def _merging(case: str, name: str) -> Iterator[None]:
    """Hold the lock of artefact ``name`` while a notebook reads, merges and rewrites it: two
    notebooks that `make -j` runs side by side (02 and 03) merge into the same files."""
    target = path(case, name)
    lock = target.with_name(f".{target.stem}.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_key_figures(case: str, section: str, figures: Mapping[str, float]) -> Path:
    """Store the key figures a notebook computed, replacing that section's earlier rows (the
    sections in name order, whichever notebook finished first)."""
    rows = pd.DataFrame(
        {"section": section, "figure": list(figures), "value": [float(v) for v in figures.values()]}
    )
    with _merging(case, "key_figures"):
        old = read(case, "key_figures")
        if old is not None:
            rows = pd.concat([old[old["section"] != section], rows], ignore_index=True)
        rows = rows.sort_values("section", kind="stable", ignore_index=True)
        return write(case, "key_figures", rows)


def key_figures(case: str) -> dict[str, float]:
    """All stored key figures as ``{figure: value}``."""
    frame = read(case, "key_figures")
    return {} if frame is None else dict(zip(frame["figure"], frame["value"], strict=True))


def update_reproduction(case: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Merge a notebook's comparison rows into ``reproduction`` (replacing its tables' rows)."""
    with _merging(case, "reproduction"):
        try:
            existing = read(case, "reproduction")
        except pa.errors.SchemaError:
            # written by an older version of the pipeline; a changed source reruns every
            # notebook, so the rows of the other notebooks are rewritten after this one
            existing = None
        merged = merge_rows(existing, rows)
        write(case, "reproduction", merged)
        return merged


# ---------------------------------------------------------------------------------------------
# the cleaned registry and the ledger: parquet folders, replaced whole


def _replace_folder(folder: Path, tables: Registry) -> None:
    with paths.replaced(folder) as fresh:
        fresh.mkdir()
        for table, frame in tables.tables.items():
            frame.to_parquet(fresh / f"{table}.parquet", index=False)
        if tables.present is not None:
            (fresh / PRESENT).write_text("".join(f"{t}\n" for t in sorted(tables.present)))


PRESENT = "present.txt"
"""Beside the cleaned registry: the tables the extract had (the others are empty)."""


def write_intake(case: str, registry: Registry, ledger: Registry | None, funnel: pd.DataFrame):
    """The cleaned registry, the pseudonymised ledger (payment audit) and the funnel."""
    processed = paths.processed_dir(case)
    _replace_folder(processed / "registry", registry)
    if ledger is not None:
        _replace_folder(processed / "ledger", ledger)
    write(case, "funnel", funnel)
    return processed / "registry"


def load_cleaned(case: str) -> Registry:
    """The cleaned registry written by notebook ``00_registry``."""
    folder = paths.PROCESSED / case / "registry"
    missing = [t for t in TABLES if not (folder / f"{t}.parquet").is_file()]
    if missing:
        raise FileNotFoundError(
            f"{folder}: no cleaned registry ({', '.join(missing)} missing); "
            "run notebook 00_registry"
        )
    listed = folder / PRESENT
    present = frozenset(listed.read_text().split()) if listed.is_file() else None
    return Registry({t: pd.read_parquet(folder / f"{t}.parquet") for t in TABLES}, present=present)


def load_ledger(case: str) -> Registry:
    """The pseudonymised full ledger written by notebook ``00_registry`` (payment audit)."""
    folder = paths.PROCESSED / case / "ledger"
    files = sorted(folder.glob("*.parquet"))
    if not files:
        raise FileNotFoundError(f"{folder}: no ledger; run notebook 00_registry")
    return Registry({f.stem: pd.read_parquet(f) for f in files})


@dataclass(frozen=True)
class EffectCheck:
    """The registry with a known effect of trajectories that a synthetic case carries
    (``python -m analysis.synthetic.effect``): the registry the estimators read, its period, and
    apart the true effects, which only the report reads (to draw them as markers)."""

    registry: Registry
    start: pd.Timestamp
    end: pd.Timestamp
    truth: pd.DataFrame


def load_effect_check(case: str) -> EffectCheck | None:
    """The known-effect registry of a synthetic case, or None where it has none."""
    folder = paths.synthetic_dir(case) / "effect"
    registry, truth = folder / "registry", folder / "truth" / "effects.csv"
    if not (registry / "period.csv").is_file() or not truth.is_file():
        return None
    tables = {f.stem: pd.read_parquet(f) for f in sorted(registry.glob("*.parquet"))}
    period = pd.read_csv(registry / "period.csv", parse_dates=["start", "end"]).iloc[0]
    return EffectCheck(Registry(tables), period["start"], period["end"], pd.read_csv(truth))
