"""The *bestuurlijke nota* of the front page, in the order of a rekenkamer report.

Main conclusions (computed) and recommendations first, then the college's reaction and the
rekenkamer's afterword where the case's report has them (transcribed), then, on the front page,
the *nota van bevindingen* per audit step (:mod:`analysis.report.frontpage`). Also the reading
guide (*leeswijzer*) and the glossary every report ends with.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import without_line_references
from analysis.published import texts
from analysis.published.tables import has_transcriptions
from analysis.report.conclusions import bullets, headline_paragraphs, recommendation_parts
from analysis.steps import conclusions as summary

GUIDE: tuple[tuple[str, str], ...] = (
    (
        "printed",
        "<strong>Herberekend</strong>: een cijfer dat deze analyse zelf uitrekent. <em>Herberekend "
        "uit het cliëntenbestand</em> komt uit de gegevens over personen; <em>herberekend uit "
        "gedrukte aantallen</em> komt uit andere cijfers van het rapport (bijvoorbeeld een "
        "percentage uit twee gedrukte aantallen).",
    ),
    (
        "printed",
        "<strong>Marge</strong> of <strong>binnen de afronding</strong>: het rapport rondt af (op "
        "hele getallen, tientallen, één decimaal). Een herberekend cijfer telt als gelijk aan het "
        "gedrukte als het binnen een halve afrondingsstap ligt.",
    ),
    (
        "goals",
        "<strong>Voorlopige score</strong>: een score (+, +/−, −) die de analyse met vaste "
        "leesregels uit de tekst van een doel afleidt. Het is geen oordeel van de rekenkamer; waar "
        "een oordeel van de rekenkamer bekend is, staat dat ernaast.",
    ),
    (
        "registry",
        "<strong>&lt;10</strong>: een aantal personen onder de tien (of de gekozen grens) wordt "
        "niet getoond, zodat niemand in een tabel te herkennen is.",
    ),
    (
        "demo",
        "<strong>Synthetisch demobestand</strong>: een getrokken bestand zonder echte personen, om "
        "de analyse te laten zien; de cijfers daaruit zijn geen bevindingen.",
    ),
    (
        "printed",
        "<strong>Tabel- en figuurnummers</strong> als <em>Tabel 4.6</em> volgen het rapport.",
    ),
    (
        "",
        "<strong>Eigen tabellen en figuren</strong> heten <em>Tabel A2.1</em> of <em>Figuur "
        "A2.1</em>: A voor analyse, 2 voor het onderdeel (de pagina), 1 voor de eerste tabel of "
        "figuur van die pagina.",
    ),
    (
        "",
        "<strong>Verantwoording</strong>: onderaan elk onderdeel staat met welke instellingen, "
        "bronbestanden en softwareversies het is gemaakt.",
    ),
)
"""The reading guide: what the report's recurring words and marks mean, each with the case
property it needs (``printed``: a transcribed printed report; ``demo``: a synthetic registry; a
component; empty: every case)."""


def leeswijzer(cfg: Case) -> str:
    """The reading guide for this case: only the words and marks its pages use."""
    have = {
        "printed": has_transcriptions(cfg.name),
        "demo": cfg.has("registry") and cfg.synthetic_registry,
        "": True,
    }
    items = [text for need, text in GUIDE if (have[need] if need in have else cfg.has(need))]
    return "<ul class='guide'>" + "".join(f"<li>{t}</li>" for t in items) + "</ul>"


_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,2})\.\s+(?=[A-ZÀ-Ý])")


def enumeration(text: str) -> tuple[str, list[str]] | None:
    """A printed numbered list run into one paragraph ("… aanbevelingen: 1. Investeer … 2. Leer
    …") as its lead and items; None when the paragraph has no run 1., 2., … of at least two
    numbers, each before a capital."""
    run: list[re.Match] = []
    for match in _NUMBER.finditer(text):
        if int(match.group(1)) == len(run) + 1:
            run.append(match)
    if len(run) < 2:
        return None
    ends = [m.start() for m in run[1:]] + [len(text)]
    items = [text[m.end() : end].strip() for m, end in zip(run, ends, strict=True)]
    return text[: run[0].start()].strip(), items


def _paragraphs(frame: pd.DataFrame) -> str:
    """Paragraphs under their printed sub-headings (a heading shown once, where it starts)."""
    out, heading = [], None
    for row in frame.itertuples():
        if row.heading and row.heading != heading:
            out.append(f"<h4>{html.escape(row.heading)}</h4>")
        heading = row.heading
        text = html.escape(without_line_references(row.text))
        if "•" in text:
            out.append(bullets(without_line_references(row.text)))
        elif (numbered := enumeration(text)) is not None:
            lead, items = numbered
            lis = "".join(f"<li>{i}</li>" for i in items)
            out.append((f"<p>{lead}</p>" if lead else "") + f"<ol>{lis}</ol>")
        else:
            out.append(f"<p>{text}</p>")
    return "".join(out)


def response_html(cfg: Case) -> str:
    """The college's reaction and the rekenkamer's afterword, verbatim (nothing when the
    case's report has none transcribed)."""
    response = texts.administrative_response(cfg.name)
    if response is None or response.empty:
        return ""
    out = []
    for part, title in texts.RESPONSE_PARTS.items():
        rows = response[response["part"] == part]
        if rows.empty:
            continue
        section = rows["section"].iloc[0]
        heading = f"{title} ({section})" if section.startswith("§") else title
        out.append(
            f"<section class='response' id='{part}'><h3>{html.escape(heading)}</h3>"
            f"<div class='quoted'>{_paragraphs(rows)}</div>"
            f"<p class='audit-source'>Bron: {html.escape(cfg.auditor)} ({cfg.published}), "
            f"{html.escape(section)}, letterlijk overgenomen.</p></section>"
        )
    return "".join(out)


def response_title(cfg: Case) -> str:
    """How the front page's contents name the reaction: with or without an afterword (empty
    when the case's report has neither transcribed)."""
    response = texts.administrative_response(cfg.name)
    if response is None or response.empty:
        return ""
    parts = set(response["part"])
    return "Bestuurlijke reactie en nawoord" if "nawoord" in parts else "Bestuurlijke reactie"


FINDINGS = (
    "goals",
    "outflow",
    "reinflow",
    "reach",
    "placements",
    "durable_work",
    "contracts",
    "costs",
    "provision_costs",
    "payments",
    "casestudies",
    "information",
    "norms",
    "interviews",
    "peers",
    "participation",
)
"""The components whose computed finding is a conclusion about policy (not about the sources,
the intake or the printed report's arithmetic), in the order of the audit."""


def headline_html(cfg: Case, found: dict[str, str]) -> str:
    """The main conclusions: the computed headline paragraphs where the case has them (else the
    computed finding of each step about policy), and the conclusions as its report prints them
    where transcribed."""
    out = []
    computed = summary.conclusions(cfg.name, cfg["contract_success_pct"])
    key = [found[c] for c in FINDINGS if c in found]
    if computed.empty and key:
        items = "".join(f"<li>{html.escape(k)}</li>" for k in key)
        out.append(
            "<p>De belangrijkste bevindingen, berekend uit de gegevens van deze casus:</p>"
            f"<ul class='key'>{items}</ul>"
        )
    if not computed.empty:
        out.append(headline_paragraphs(cfg, computed))
        printed = has_transcriptions(cfg.name)
        beside = " zet ze naast de gedrukte" if printed else " geeft ze per stap"
        out.append(
            "<p class='note'>De cijfers in deze conclusies zijn bij het bouwen berekend; "
            f"<a href='99_summary.html'>de samenvatting</a>{beside}.</p>"
        )
    printed = texts.printed_conclusions(cfg.name)
    if printed is not None and not printed.empty:
        out.append(
            "<h4>Conclusies zoals het rapport ze drukt</h4>"
            f"<div class='quoted'>{_paragraphs(printed)}</div>"
            f"<p class='audit-source'>Bron: {html.escape(cfg.auditor)} ({cfg.published}), "
            "letterlijk overgenomen.</p>"
        )
    if not out:
        out.append(
            "<p>Deze casus heeft geen conclusies met berekende cijfers; de bevindingen per stap "
            "staan hieronder in de nota van bevindingen.</p>"
        )
    return "".join(out)


def recommendations_html(cfg: Case, found: dict[str, str]) -> str:
    """The report's recommendations with the computed findings they rest on; for a case without
    them, why there are none."""
    recommendations = summary.load_recommendations(cfg.name)
    if recommendations is not None and not recommendations.empty:
        return "".join(recommendation_parts(cfg, recommendations, found))
    if not has_transcriptions(cfg.name):
        return (
            "<p>Deze casus heeft geen eerder rapport en dus geen aanbevelingen van een "
            "rekenkamer; die formuleert de rekenkamer zelf op grond van de bevindingen.</p>"
        )
    return "<p>De aanbevelingen van dit rapport zijn (nog) niet overgenomen.</p>"


def glossary_html(cfg: Case) -> str:
    """The glossary terms that occur in this case's report, as a definition list."""
    terms = texts.glossary(cfg.name)
    if terms.empty:
        return ""
    items = "".join(
        f"<dt>{html.escape(t.term)}</dt><dd>{html.escape(t.explanation)}</dd>"
        for t in terms.itertuples()
    )
    return f"<dl class='glossary'>{items}</dl>"
