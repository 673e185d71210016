"""The cross-footing as the reader sees it (notebook 90 and the summary): checks per table and
one Dutch sentence per finding. The checks and their verdicts are fields computed in
:mod:`analysis.published.crossfoot`; this module words them."""

from __future__ import annotations

import re

import pandas as pd

from analysis.core.formats import nl_number
from analysis.published.crossfoot import VERDICTS, CaseData, findings
from analysis.published.tables import CaseInventory
from analysis.report.html import Part, escape, table


def _table_label(case: str, table_id: str) -> tuple[str, dict[str, str]]:
    """``Tabel 4.6 (Uitstroom naar werk …)`` and the printed headers of the table's columns."""
    from analysis.published.tables import table_meta

    meta = table_meta(case, table_id)
    number = meta.number or f"De reeks ‘{meta.title}’"
    return number, meta.headers


def summary_by_table(case: str, consistency: pd.DataFrame) -> pd.DataFrame:
    """Per table: how many checks ran, how many were consistent, how many are findings."""
    from analysis.published.tables import table_meta

    if consistency.empty:
        return pd.DataFrame(columns=["tabel", "titel", "toetsen", "consistent", "bevindingen"])
    counts = (
        consistency.groupby("table_id", sort=False)["verdict"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=list(VERDICTS), fill_value=0)
    )
    rows = []
    for table_id, row in counts.iterrows():
        meta = table_meta(case, table_id)
        rows.append(
            {
                "tabel": meta.number or "reeks uit de tekst",
                "titel": meta.title,
                "toetsen": int(row.sum()),
                "consistent": int(row["consistent"]),
                "bevindingen": int(row["finding"]),
            }
        )
    return pd.DataFrame(rows)


def _fmt(value: float, decimals: int) -> str:
    from analysis.core.formats import nl_number

    return nl_number(value, decimals)


def finding_sentences(case: str, consistency: pd.DataFrame) -> list[str]:
    """One Dutch sentence per finding, in terms a reviewer understands."""
    from analysis.core.formats import decimals_of, nl_signed

    facts = CaseData.load(case)._facts
    sections = {} if facts is None else dict(zip(facts["fact_id"], facts["section"], strict=True))
    sentences = []
    for _, f in findings(consistency).iterrows():
        location = str(f["location"])
        fact_ids = re.findall(r"fact\('([^']+)'\)", location)
        if fact_ids:
            cited = sorted({sections[i] for i in fact_ids if sections.get(i)})
            where = f"De tekst ({', '.join(cited)})" if cited else "De tekst"
        else:
            number, headers = _table_label(case, f["table_id"])
            parts = location.split(" › ")
            if len(parts) == 2:
                row, col = parts
                where = f"{number}, rij ‘{row}’, kolom ‘{headers.get(col) or col}’,"
            else:  # a computed left side: the check's description says what it is
                where = number
        shown = decimals_of(f["printed"])
        recomputed = float(f["recomputed"])
        precise = shown if recomputed.is_integer() else shown + 1
        sentence = (
            f"{where} drukt {_fmt(f['printed'], shown)} af, terwijl uit de gedrukte cijfers "
            f"{_fmt(recomputed, precise)} volgt (verschil {nl_signed(f['difference'], precise)}). "
            f"Toets: {f['check']}."
        )
        if f["note"]:
            sentence += f" Toelichting: {str(f['note']).strip()}"
        sentences.append(sentence)
    return sentences


NO_CHECKS = (
    "<p>Voor deze casus zijn geen gepubliceerde tabellen met rekenkundige samenhang vastgelegd; er "
    "valt niets te controleren.</p>"
)
SUMMARY_HEADERS = {
    "tabel": "tabel",
    "titel": "titel",
    "toetsen": "toetsen",
    "consistent": "klopt",
    "bevindingen": "bevindingen",
}


def checked_parts(case: str, result: pd.DataFrame, inventory: CaseInventory) -> list[Part]:
    """Section "Wat is gecontroleerd": what was transcribed, how many checks, per table."""
    found = len(findings(result))
    return [
        f"<p>Overgenomen uit het rapport: {inventory.tables} tabellen en figuren met samen "
        f"{nl_number(inventory.cells)} cijfers en teksten, plus {inventory.facts} cijfers uit de "
        f"lopende tekst. Daarop zijn {nl_number(len(result))} rekenkundige toetsen uitgevoerd; "
        f"{found} daarvan {'leverde' if found == 1 else 'leverden'} een bevinding op.</p>",
        table(summary_by_table(case, result), caption="Toetsen per tabel", headers=SUMMARY_HEADERS),
    ]


def findings_html(case: str, result: pd.DataFrame) -> str:
    """Section "Bevindingen": the findings as a numbered list, or that everything agrees."""
    found = finding_sentences(case, result)
    if not found:
        return (
            "<p>Alle gedrukte cijfers zijn binnen hun afronding met elkaar in overeenstemming.</p>"
        )
    return "<ol>" + "".join(f"<li>{escape(s)}</li>" for s in found) + "</ol>"
