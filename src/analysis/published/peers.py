"""Comparison figures of municipalities from open data: the snapshot contract, its reader and
the fetcher from CBS StatLine.

A snapshot is a folder ``data/raw/peers/<source>_<YYYY-MM-DD>/`` (the day it was fetched) with

* ``peers.csv`` — one row per municipality and year (contract: ``docs/peers.md``):
  ``municipality_code`` (CBS ``GM`` code), ``municipality``, ``year``, ``population_n``
  (inhabitants on 1 January), ``bijstand_n`` (persons with a bijstand benefit under the AOW age
  on 31 December), ``inflow_n`` and ``outflow_n`` (persons who started or ended bijstand in the
  year; empty where the source has none);
* ``provenance.yml`` — where every column comes from (tables, fields, filter), when it was
  fetched, with which tool, and the SHA-256 of ``peers.csv``: the reader refuses a file that no
  longer matches it.

The fetcher (``python -m analysis peers fetch``) reads CBS StatLine table **70072ned**
(*Regionale kerncijfers Nederland*) with ``cbsodata``: fields *Totale bevolking* (on 1 January)
and *Bijstand tot de AOW-leeftijd* (persons, on the last day of the year), found by their title
in the table's ``DataProperties`` because CBS renumbers the keys (``TotaleBevolking_1``,
``BijstandTotDeAOWLeeftijd_158``) when it revises the table. StatLine publishes no inflow or
outflow of bijstand per municipality (table 85615NED, *(her)instromers en uitstromers*, is
national only); those columns stay empty unless a Divosa benchmark export or a CBS custom table
(maatwerk) is converted to this contract. A snapshot works offline: the analysis reads only the
folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.core import paths, provenance
from analysis.core.errors import InputError
from analysis.published.tables import read_csv_with_units

PEERS_DIR = "peers"
DATA_FILE = "peers.csv"
PROVENANCE_FILE = "provenance.yml"
UNITS = {
    "municipality_code": "text",
    "municipality": "text",
    "year": "year",
    "population_n": "count",
    "bijstand_n": "count",
    "inflow_n": "count",
    "outflow_n": "count",
    "source": "text",
}
REQUIRED = ("municipality_code", "municipality", "year", "population_n", "bijstand_n")
SNAPSHOT_NAME = re.compile(r"^(?P<source>[a-z0-9]+)_(?P<date>\d{4}-\d{2}-\d{2})$")

STATLINE_TABLE = "70072ned"
STATLINE_FIELDS = {
    "population_n": "Totale bevolking",
    "bijstand_n": "Bijstand tot de AOW-leeftijd",
}
"""Column of ``peers.csv`` → the title of its field in table 70072ned."""
FETCH_COMMAND = "python -m analysis peers fetch --from 2015 --to 2025"


class PeerDataError(InputError):
    """A snapshot that does not meet its contract, or a source that does not give what the
    fetcher needs."""


def peers_root() -> Path:
    return paths.RAW / PEERS_DIR


def snapshots(root: Path | None = None) -> list[Path]:
    """The snapshot folders under ``root`` (default ``data/raw/peers/``), oldest first."""
    root = root or peers_root()
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and SNAPSHOT_NAME.match(p.name)]
    return sorted(found, key=lambda p: (SNAPSHOT_NAME.match(p.name)["date"], p.name))


def latest_snapshot(root: Path | None = None) -> Path | None:
    """The most recently fetched snapshot, or None when there is none."""
    found = snapshots(root)
    return found[-1] if found else None


def sha256(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def load_snapshot(folder: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The figures of a snapshot, typed and checked, and its provenance.

    Raises:
        PeerDataError: no provenance, a checksum that does not match, a municipality and year
            twice, or a code that is not ``GM`` and four digits.
        TableError: a cell that does not meet its unit (file, line, column).
    """
    data, meta_file = folder / DATA_FILE, folder / PROVENANCE_FILE
    if not meta_file.is_file():
        raise PeerDataError(f"{folder}: no {PROVENANCE_FILE} (where the figures come from)")
    meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) or {}
    if meta.get("sha256") != sha256(data):
        raise PeerDataError(
            f"{data}: its SHA-256 differs from the one in {PROVENANCE_FILE}: the file was changed "
            "after it was fetched (fetch a new snapshot instead of editing one)"
        )
    provenance.record_input(data)
    frame = read_csv_with_units(data, UNITS, REQUIRED)
    problems = [
        f"line {i + 2}: municipality_code {code!r} is not GM and four digits"
        for i, code in enumerate(frame["municipality_code"])
        if not re.fullmatch(r"GM\d{4}", str(code))
    ]
    twice = frame[frame.duplicated(["municipality_code", "year"], keep=False)]
    problems += [
        f"municipality {c} has more than one row for {y}"
        for c, y in twice[["municipality_code", "year"]].drop_duplicates().itertuples(index=False)
    ]
    if problems:
        raise PeerDataError(f"{data}: " + "\n  ".join(problems))
    return frame, meta


def write_snapshot(
    frame: pd.DataFrame, meta: dict[str, Any], root: Path | None = None, day: dt.date | None = None
) -> Path:
    """Write ``frame`` (the columns of :data:`UNITS`) and its provenance as a new snapshot
    ``<root>/<source>_<day>/``; refuses to overwrite one."""
    day = day or dt.date.today()
    folder = (root or peers_root()) / f"{meta['source_id']}_{day.isoformat()}"
    if folder.exists():
        raise PeerDataError(f"{folder}: a snapshot of this day exists; remove it to fetch again")
    folder.mkdir(parents=True)
    data = folder / DATA_FILE
    frame.reindex(columns=list(UNITS)).to_csv(data, index=False, lineterminator="\n")
    meta = {**meta, "fetched": day.isoformat(), "file": DATA_FILE, "sha256": sha256(data)}
    (folder / PROVENANCE_FILE).write_text(
        yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


def _field_keys(properties: Sequence[dict[str, Any]]) -> dict[str, str]:
    """The field key of each column of :data:`STATLINE_FIELDS`, by its title (any case)."""
    by_title = {str(p.get("Title", "")).strip().lower(): p["Key"] for p in properties}
    missing = [t for t in STATLINE_FIELDS.values() if t.lower() not in by_title]
    if missing:
        titles = ", ".join(sorted(str(p.get("Title")) for p in properties if p.get("Title")))
        raise PeerDataError(
            f"CBS table {STATLINE_TABLE} has no field titled {', '.join(map(repr, missing))}; "
            f"its fields: {titles}"
        )
    return {column: by_title[title.lower()] for column, title in STATLINE_FIELDS.items()}


def fetch_statline(years: Sequence[int], client: Any = None) -> tuple[pd.DataFrame, dict]:
    """The figures of every municipality for ``years`` from CBS table 70072ned, and their
    provenance. ``client`` is the ``cbsodata`` module (or a stand-in with ``get_meta`` and
    ``download_data``, as in the tests)."""
    if client is None:
        try:
            client = importlib.import_module("cbsodata")
        except ModuleNotFoundError as exc:
            raise PeerDataError(
                "fetching from CBS StatLine needs the package cbsodata: "
                "pip install -e '.[peers]' (or make peers)"
            ) from exc
    try:
        keys = _field_keys(client.get_meta(STATLINE_TABLE, "DataProperties"))
        periods = " or ".join(f"Perioden eq '{y}JJ00'" for y in years)
        filters = f"startswith(RegioS,'GM') and ({periods})"
        select = ["RegioS", "Perioden", *keys.values()]
        # download_data keeps the dimension codes (GM0451, 2018JJ00); get_data swaps in titles
        raw = client.download_data(STATLINE_TABLE, select=select, filters=filters)
        info = client.get_meta(STATLINE_TABLE, "TableInfos")
    except OSError as exc:  # requests' errors are OSErrors
        raise PeerDataError(
            f"CBS StatLine could not be reached ({exc}). A snapshot is fetched once: run this "
            "where there is internet and copy the folder under data/raw/peers/"
        ) from exc
    names = {str(r["Key"]).strip(): str(r["Title"]).strip() for r in raw.get("RegioS", [])}
    rows = []
    for record in raw["TypedDataSet"]:
        code = str(record["RegioS"]).strip()
        row = {
            "municipality_code": code,
            "municipality": names.get(code, code),
            "year": int(str(record["Perioden"]).strip()[:4]),
        }
        row.update({column: record.get(key) for column, key in keys.items()})
        row["source"] = f"CBS StatLine {STATLINE_TABLE}"
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[c for c in UNITS if c not in ("inflow_n", "outflow_n")])
    frame = frame.dropna(subset=list(keys)).sort_values(["municipality_code", "year"])
    for column in keys:
        frame[column] = frame[column].astype("int64")
    meta = {
        "source_id": "statline",
        "source": "CBS StatLine, open data (opendata.cbs.nl)",
        "tables": [
            {
                "id": STATLINE_TABLE,
                "title": str(info[0].get("Title", "")) if info else "",
                "modified": str(info[0].get("Modified", "")) if info else "",
                "fields": {
                    column: {"key": keys[column], "title": STATLINE_FIELDS[column]}
                    for column in keys
                },
                "filter": filters,
            }
        ],
        "definitions": {
            "population_n": "inwoners op 1 januari van het jaar",
            "bijstand_n": "personen met bijstand tot de AOW-leeftijd op 31 december",
            "inflow_n": "niet in StatLine per gemeente (85615NED is landelijk): leeg",
            "outflow_n": "niet in StatLine per gemeente (85615NED is landelijk): leeg",
        },
        "tool": f"cbsodata {getattr(client, '__version__', 'onbekend')}",
    }
    return frame.reset_index(drop=True), meta


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis peers fetch --from YEAR --to YEAR [--out DIR]``."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m analysis peers",
        description="Fetch comparison figures of all municipalities from CBS StatLine into a "
        "dated, checksummed snapshot under data/raw/peers/.",
    )
    parser.add_argument("action", choices=["fetch"])
    parser.add_argument("--from", dest="first", type=int, required=True, help="first year")
    parser.add_argument("--to", dest="last", type=int, required=True, help="last year")
    parser.add_argument("--out", type=Path, help="snapshot root (default: data/raw/peers)")
    args = parser.parse_args(argv)
    if args.last < args.first:
        parser.error("--to lies before --from")
    print(f"fetching CBS {STATLINE_TABLE} for {args.first}-{args.last} …", flush=True)
    frame, meta = fetch_statline(range(args.first, args.last + 1))
    folder = write_snapshot(frame, meta, args.out)
    print(f"{len(frame)} rows, {frame['municipality_code'].nunique()} municipalities → {folder}")
    return 0
