"""The audit's norm framework scored per norm (notebook 06): the norms with their criteria,
finding, score and the conclusion sentence it is read from, and the count per part."""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import without_line_references
from analysis.report.disclosure import public
from analysis.report.html import FINDING_HEADERS, Part, html, score_badge, sentences, table

NO_NORMS = (
    "<p><strong>Voor deze casus is geen normenkader met bevindingen per norm vastgelegd</strong>; "
    "dit onderdeel is niet uitgevoerd. Hoe een normenkader en de bevindingen per norm worden "
    "vastgelegd, staat in de handleiding (docs/norms.md).</p>"
)


def _criteria(criteria: Any) -> str:
    items = "".join(f"<li>{escape(str(c))}</li>" for c in criteria)
    return f"<ul class='criteria'>{items}</ul>"


def framework_parts(header: dict[str, Any], norms: pd.DataFrame) -> list[Part]:
    """Section "Het normenkader": per part the norms with their criteria, verbatim."""
    shown = norms[["part", "norm", "criteria"]].copy()
    shown["criteria"] = shown["criteria"].map(_criteria)
    shown["norm"] = shown["norm"].map(escape)
    shown["part"] = shown["part"].map(escape)
    scale = "; ".join(
        f"<strong>{escape(k)}</strong> = {escape(v)}" for k, v in header["scale"].items()
    )
    return [
        html(
            table(
                shown,
                caption=str(header.get("title", "Normenkader")),
                headers={"part": "onderdeel", "norm": "norm", "criteria": "criteria"},
                escape=False,
                source=f"Bron: {header['source']}, letterlijk overgenomen.",
                check=public("normen uit het gedrukte rapport"),
            ),
            f"<p class='audit-note'>Schaal van deze analyse: {scale}. "
            f"{escape(str(header.get('scale_note', '')))}</p>",
        )
    ]


def findings_parts(cfg: Case, norms: pd.DataFrame) -> list[Part]:
    """Section "Oordeel per norm": finding, score and the sentence it is read from, per norm."""
    # the part of each norm is in the framework table above: the findings need the width
    shown = norms[["norm", "finding", "score", "score_basis", "source"]].copy()
    for column in ("finding", "score_basis", "source"):
        shown[column] = shown[column].map(
            lambda v: v if pd.isna(v) else without_line_references(str(v))
        )
    return [
        table(
            shown.drop(columns="source"),
            caption="Bevindingen en oordeel per norm",
            headers={"norm": "norm", **FINDING_HEADERS},
            formats={"score": score_badge},
            source=f"Bron: {cfg.auditor} ({cfg.published}); het oordeel is gelezen uit de "
            "conclusies van het rapport, dat de normen niet zelf scoort.",
            check=public("bevindingen uit het gedrukte rapport"),
        )
    ]


def counts_parts(counts: pd.DataFrame) -> list[Part]:
    """Section "Oordelen per onderdeel": how many norms per part score +, +/-, - or none."""
    total = counts.iloc[-1]
    unscored = int(total["none_n"])
    lines = [
        f"Van de {int(total['norms_n'])} normen voldoet de gemeente volgens de conclusies aan "
        f"{int(total['plus_n'])}, deels aan {int(total['partly_n'])} en niet aan "
        f"{int(total['minus_n'])}."
    ]
    if unscored:
        lines.append(
            f"Over {unscored} {'norm geeft' if unscored == 1 else 'normen geven'} de conclusies "
            "geen oordeel; die blijven open."
        )
    return [
        table(
            counts,
            caption="Oordelen per onderdeel van het normenkader",
            headers={
                "part": "onderdeel",
                "norms_n": "normen",
                "plus_n": "voldoet (+)",
                "partly_n": "deels (+/−)",
                "minus_n": "voldoet niet (−)",
                "none_n": "geen oordeel",
            },
            total_rows=[len(counts) - 1],
            source="Bron: de tabel hierboven, geteld.",
            check=public("geteld uit oordelen uit het gedrukte rapport"),
        ),
        sentences(lines),
    ]
