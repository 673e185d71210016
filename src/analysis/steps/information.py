"""Information to the council (chapter 7): norms with the audit's findings, and the timeline of
documents scheduled, due, published and discussed.

Inputs (``data/raw/<case>/``): ``information.csv`` (one row per norm or part of a norm: the norm
verbatim, the finding, the score read from the audit's conclusion and the sentence it rests on)
and ``information_timeline.csv`` (one row per dated event of a document). Both are described in
``docs/information.md``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.published.tables import SCORES, read_csv_with_units

FINDINGS_FILE = "information.csv"
TIMELINE_FILE = "information_timeline.csv"

# Events that set a moment the council could have acted from, and events where it acted.
START_EVENTS = ("gepland", "uiterste datum", "gepubliceerd", "verzonden")
ACTION_EVENTS = ("besproken in commissie", "besproken in raad", "vastgesteld")

EVENT_LABELS = {
    "gepland": "geagendeerd",
    "uiterste datum": "uiterste datum",
    "gepubliceerd": "gepubliceerd",
    "verzonden": "naar de raad gestuurd",
    "besproken in commissie": "besproken in de raadscommissie",
    "besproken in raad": "besproken in de raad",
    "vastgesteld": "vastgesteld door de raad",
}


class InformationError(ValueError):
    """An information file that does not meet its contract."""


FINDINGS_UNITS = {
    "norm_id": "text",
    "section": "text",
    "norm": "text",
    "finding": "text",
    "score": "score",
    "score_basis": "text",
    "source": "text",
}
TIMELINE_UNITS = {"document": "text", "event": "text", "date": "date", "source": "text"}


def has_information(case: str) -> bool:
    """Whether the case has coded chapter-7 findings."""
    return (paths.RAW / case / FINDINGS_FILE).is_file()


def load_findings(case: str, file: Path | None = None) -> pd.DataFrame:
    """The norms with finding and score (empty where the audit gives no verdict).

    Raises:
        TableError: a cell does not meet its unit (file, line, column).
        InformationError: a norm id that occurs twice.
    """
    file = file or paths.RAW / case / FINDINGS_FILE
    frame = read_csv_with_units(file, FINDINGS_UNITS, ("norm_id", "norm", "score_basis"))
    twice = frame.loc[frame["norm_id"].duplicated(), "norm_id"]
    if len(twice):
        raise InformationError(f"{file}: norm_id {', '.join(twice)} occurs more than once")
    return frame


def load_timeline(case: str, file: Path | None = None) -> pd.DataFrame:
    """The dated events in date order.

    Raises:
        TableError: a cell does not meet its unit (file, line, column).
        InformationError: an event that is not one of ``EVENT_LABELS``.
    """
    file = file or paths.RAW / case / TIMELINE_FILE
    frame = read_csv_with_units(file, TIMELINE_UNITS, ("document", "event", "date"))
    unknown = sorted(set(frame["event"]) - set(EVENT_LABELS))
    if unknown:
        raise InformationError(
            f"{file}: event {', '.join(map(repr, unknown))} is not one of {list(EVENT_LABELS)}"
        )
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.sort_values(["date", "document"], kind="stable").reset_index(drop=True)


def score_counts(findings: pd.DataFrame) -> dict[str, int]:
    """How many norm parts score ``+``, ``+/-``, ``-``, and how many have no verdict."""
    counts = {score: int((findings["score"] == score).sum()) for score in SCORES}
    counts["none"] = int(findings["score"].isna().sum())
    return counts


def waiting_times(timeline: pd.DataFrame) -> pd.DataFrame:
    """Per document: days from each moment the council could act (scheduled, due, published,
    sent) to each later moment it did (discussed, adopted). Negative days never occur: only
    later actions are paired."""
    rows = []
    for document, events in timeline.groupby("document", sort=False):
        starts = events[events["event"].isin(START_EVENTS)]
        actions = events[events["event"].isin(ACTION_EVENTS)]
        for _, start in starts.iterrows():
            for _, action in actions[actions["date"] >= start["date"]].iterrows():
                rows.append(
                    {
                        "document": document,
                        "from_event": start["event"],
                        "from_date": start["date"],
                        "to_event": action["event"],
                        "to_date": action["date"],
                        "days": int((action["date"] - start["date"]).days),
                    }
                )
    return pd.DataFrame(
        rows, columns=["document", "from_event", "from_date", "to_event", "to_date", "days"]
    )


def conflicting_dates(timeline: pd.DataFrame) -> pd.DataFrame:
    """Events the sources date differently (same document and event, more than one date)."""
    dated = timeline.groupby(["document", "event"], sort=False)["date"].nunique()
    conflicts = dated[dated > 1].index
    keyed = timeline.set_index(["document", "event"])
    return keyed.loc[list(conflicts)].reset_index() if len(conflicts) else timeline.iloc[0:0]
