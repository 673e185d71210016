"""Transcribed text of a printed report, and the shared glossary, as data.

A rekenkamer report is more than its tables: the college's reaction (*bestuurlijke reactie*), the
rekenkamer's afterword (*nawoord*) and the printed conclusions are read as written, so they are
transcribed verbatim with their place in the text extraction (docs/transcription.md):

- ``data/raw/<case>/administrative_response.csv``: ``part`` (``inleiding`` | ``reactie`` |
  ``nawoord``), ``nr``,
  ``section``, ``heading``, ``text``, ``lines``;
- ``data/raw/<case>/conclusions.csv``: ``nr``, ``heading``, ``text``, ``lines``;
- ``data/raw/glossary.csv``: ``term``, ``explanation``, ``cases`` (``;``-separated, empty = every
  case), ``source``.

Each loader returns ``None`` when the case has no such file, and stops with the file, row, column
and value of anything it cannot read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core import paths, provenance
from analysis.core.errors import InputError

RESPONSE_PARTS = {
    "inleiding": "Wederhoor",
    "reactie": "Bestuurlijke reactie van het college",
    "nawoord": "Nawoord van de rekenkamer",
}
"""The parts of chapter 'Bestuurlijke reactie en nawoord', in their printed order (the
chapter's own introduction first)."""


def _read(file: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{file}: missing column(s) {', '.join(missing)}; expected {columns}")
    for column in required:
        empty = frame.index[frame[column].str.strip() == ""]
        if len(empty):
            raise InputError(f"{file}, row {empty[0] + 2}, column {column}: empty value")
    provenance.record_input(file)
    return frame


def administrative_response(case: str) -> pd.DataFrame | None:
    """The college's reaction and the rekenkamer's afterword, paragraph by paragraph in printed
    order, or ``None`` when the case's report has none transcribed."""
    file = paths.raw_dir(case) / "administrative_response.csv"
    if not file.is_file():
        return None
    frame = _read(file, ("part", "nr", "section", "heading", "text", "lines"), ("part", "text"))
    bad = frame.index[~frame["part"].isin(list(RESPONSE_PARTS))]
    if len(bad):
        row = bad[0]
        raise InputError(
            f"{file}, row {row + 2}, column part: '{frame.loc[row, 'part']}' is not one of "
            f"{', '.join(RESPONSE_PARTS)}"
        )
    order = {part: i for i, part in enumerate(RESPONSE_PARTS)}
    frame["_order"] = frame["part"].map(order)
    frame["_nr"] = pd.to_numeric(frame["nr"], errors="coerce")
    return frame.sort_values(["_order", "_nr"], kind="stable").drop(columns=["_order", "_nr"])


def printed_conclusions(case: str) -> pd.DataFrame | None:
    """The conclusions as the report prints them (verbatim paragraphs), or ``None``."""
    file = paths.raw_dir(case) / "conclusions.csv"
    if not file.is_file():
        return None
    return _read(file, ("nr", "heading", "text", "lines"), ("text",))


def glossary(case: str | None = None) -> pd.DataFrame:
    """The glossary (term, explanation), for ``case`` only the terms that apply to it, sorted by
    term; empty when the project has no glossary file."""
    file = paths.RAW / "glossary.csv"
    if not file.is_file():
        return pd.DataFrame(columns=["term", "explanation"])
    frame = _read(file, ("term", "explanation", "cases", "source"), ("term", "explanation"))
    if case is not None:
        applies = frame["cases"].str.strip().eq("") | frame["cases"].str.split(";").map(
            lambda cases: case in [c.strip() for c in cases]
        )
        frame = frame[applies]
    return (
        frame.sort_values("term", key=lambda s: s.str.casefold(), kind="stable")
        .loc[:, ["term", "explanation"]]
        .reset_index(drop=True)
    )
