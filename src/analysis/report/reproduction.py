"""Computed tables beside the printed ones, as the reader sees them: marked cells, small cells
hidden, the misses listed."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.core.formats import decimals_of, nl_number, nl_pct
from analysis.published.reproduction import BASES, misses, overall, summary
from analysis.published.tables import table_meta
from analysis.report.html import html, table


def note_text(row: pd.Series) -> str:
    """A comparison's note in words (empty for a cell within or outside its precision)."""
    status = row["status"]
    if status == "not_compared":
        return f"niet vergeleken: {row['reason']}"
    if status == "not_reproduced":
        return "niet gereproduceerd"
    if status == "contradiction":
        alternative = float(row["alternative"])
        return (
            "gepubliceerde cijfers spreken elkaar tegen; gereproduceerd is de waarde die uit de "
            f"andere gedrukte cijfers volgt ({nl_number(alternative, decimals_of(alternative))})"
        )
    if status == "explained":
        return str(row["reason"])
    return ""


def with_notes(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with a ``note`` column: each comparison worded (:func:`note_text`)."""
    notes = rows.apply(note_text, axis=1) if len(rows) else pd.Series(dtype=str)
    return rows.assign(note=notes)


def misses_view(case: str, rows: pd.DataFrame) -> pd.DataFrame:
    """The misses with the printed table number and column header, for the report."""
    from analysis.published.tables import table_meta

    out = with_notes(misses(rows))
    metas = {t: table_meta(case, t) for t in out["table_id"].unique()}
    out["column"] = [
        metas[t].headers.get(c, c) for t, c in zip(out["table_id"], out["column"], strict=True)
    ]
    out["table_id"] = [metas[t].number for t in out["table_id"]]
    return out[["table_id", "row", "column", "published", "reproduced", "note"]]


def render(
    case: str,
    table_id: str,
    reproduced: pd.DataFrame,
    comparison: pd.DataFrame,
    min_cell: int,
    source: str = "Bron: bestandsanalyse op basis van het cliëntenbestand van deze casus.",
) -> str:
    """A reproduced table in house style, with its comparison to the published one below it.

    Captions and headers are the published table's (labels, not figures); person counts below
    ``min_cell`` are hidden.
    """
    from analysis.published.tables import table_meta
    from analysis.report.disclosure import suppress_small
    from analysis.report.html import escape, number_format, table

    meta = table_meta(case, table_id)
    shown, hidden = suppress_small(reproduced, min_cell)
    formats = {
        c: number_format(meta.units.get(c, "number"))
        for c in reproduced.columns
        if c != "label" and meta.units.get(c) not in ("text", "label")
    }
    totals = [
        i
        for i, label in enumerate(reproduced["label"])
        if str(label).startswith(("Totaal", "Subtotaal"))
    ]
    html = table(
        shown,
        caption=f"{meta.number} – {meta.title} (herberekend)",
        source=source,
        headers={**meta.headers, "label": meta.headers.get("label", "")},
        formats=formats,
        total_rows=totals,
    )
    compared = comparison[comparison["within_tolerance"].notna()]
    ok = int(compared["within_tolerance"].astype(bool).sum())
    lines = [
        f"Vergeleken met de gedrukte tabel: {ok} van de {len(compared)} cijfers binnen de marge."
    ]
    for _, m in misses(comparison).iterrows():
        lines.append(
            f"Afwijking: {m['row']} / {meta.headers.get(m['column'], m['column'])}: "
            f"gedrukt {m['published']:g}, herberekend {m['reproduced']:g}."
        )
    comparison = with_notes(comparison)
    noted = comparison[comparison["note"].str.len() > 0]
    skipped = noted[noted["within_tolerance"].isna()]
    for column, part in skipped.groupby("column", sort=False):
        header = meta.headers.get(column, column)
        lines.append(f"Kolom ‘{header}’ ({len(part)} cijfers) {part['note'].iloc[0]}.")
    for _, m in noted[noted["within_tolerance"].notna()].iterrows():
        if m["within_tolerance"]:
            lines.append(f"{m['row']} / {meta.headers.get(m['column'], m['column'])}: {m['note']}.")
    if hidden:
        lines.append(f"{hidden} cel(len) met minder dan {min_cell} personen zijn afgeschermd.")
    notes = "".join(f"<li>{escape(line)}</li>" for line in dict.fromkeys(lines))
    return html + f"<ul class='audit-note'>{notes}</ul>"


def recovered_sentence(rows: pd.DataFrame, synthetic: bool) -> str:
    """How many printed figures were found again, separately for those recomputed from the
    registry and those recomputed from other printed figures; on a synthetic registry, in the
    same sentence, that it was calibrated to these tables."""
    parts = []
    for basis, source in BASES.items():
        within, compared = overall(rows, basis)
        if not compared:
            continue
        part = (
            f"{source} herberekend: {nl_number(within)} van de {nl_number(compared)} gedrukte "
            f"cijfers ({nl_pct(100 * within / compared)}) teruggevonden"
        )
        if basis == "registry" and synthetic:
            part += (
                " – het cliëntenbestand is een synthetisch demobestand dat op deze tabellen is "
                "gekalibreerd, dus de overeenkomst toetst de werking van de analyse, niet de "
                "gemeente"
            )
        parts.append(part)
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


SUMMARY_HEADERS = {
    "titel": "tabel",
    "cells_n": "vergeleken cijfers",
    "within_n": "binnen de marge",
    "not_compared_n": "niet vergeleken",
    "within_pct": "% binnen de marge",
}
MISSES_HEADERS = {
    "table_id": "tabel",
    "row": "rij",
    "column": "kolom",
    "published": "gedrukt",
    "reproduced": "herberekend",
    "note": "toelichting",
}


def summary_parts(case: str, rows: pd.DataFrame, synthetic: bool) -> list[Any]:
    """Section "Reproductie": the share found again per basis, per table, and what was missed."""
    per_table = summary(rows)
    per_table.insert(1, "titel", [table_meta(case, t).number for t in per_table["table_id"]])
    parts: list[Any] = [
        html(
            f"<p>{recovered_sentence(rows, synthetic)}</p>",
            table(
                per_table.drop(columns=["table_id"]),
                caption="Reproductie per tabel",
                headers=SUMMARY_HEADERS,
                formats={"within_pct": lambda v: nl_pct(v)},
            ),
        )
    ]
    missed = misses_view(case, rows)
    if len(missed):
        parts.append(table(missed, caption="Niet gereproduceerde cijfers", headers=MISSES_HEADERS))
    return parts


def misses_parts(case: str, rows: pd.DataFrame, what: str) -> list[Any]:
    """The share of compared printed figures of ``what`` found again, and the misses."""
    compared = rows[rows["within_tolerance"].notna()]
    share = 100 * compared["within_tolerance"].astype(bool).mean()
    parts: list[Any] = [
        f"<p>Van de {nl_number(len(compared))} vergeleken gedrukte cijfers in {what} ligt "
        f"{nl_pct(share)} binnen de marge (bedragen binnen de afronding van het gedrukte "
        "cijfer).</p>"
    ]
    missed = misses_view(case, rows)
    if len(missed):
        parts.append(table(missed, caption="Niet gereproduceerde cijfers", headers=MISSES_HEADERS))
    return parts
