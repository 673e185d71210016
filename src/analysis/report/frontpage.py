"""The front page of a case report (``reports/<case>/index.html``): title, case, period, one
paragraph per audit step with its computed key figures and a link, the build date and provenance.

The paragraph per step says what the step asks (fixed text); the key figures are the computed
sentences of :mod:`analysis.report.findings`, read from ``data/processed/<case>/`` (and, for the
transcribed tables, the information to the council and the research questions, from
``data/raw/<case>/``) when the page is built.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from analysis.core.cases import Case
from analysis.registry.model import declared_tables
from analysis.report import findings, nota
from analysis.report.registry import demo_banner

# Per notebook number: what the step asks, and the components whose findings it shows.
STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "00": (
        "Welke cliënten telt het onderzoek? De selectie- en opschoonregels van de bestandsanalyse, "
        "toegepast op het cliëntenbestand, en wat elke regel laat vallen.",
        ("sources", "registry"),
    ),
    "01": (
        "Zijn de doelen van het re-integratiebeleid specifiek, tijdgebonden en consistent, "
        "en wat is ervan gerealiseerd?",
        ("goals",),
    ),
    "02": (
        "Hoeveel cliënten stromen uit naar werk, met en zonder traject of ondersteuning, en "
        "blijven zij aan het werk?",
        (
            "outflow",
            "reinflow",
            "net_effect",
            "placements",
            "durable_work",
            "reach",
            "contracts",
            "participation",
            "peers",
        ),
    ),
    "03": (
        "Staat het geld voor re-integratie in verhouding tot de resultaten?",
        ("costs", "provision_costs", "payments"),
    ),
    "04": (
        "Kiest de gemeente het juiste traject, bewaakt zij de voortgang en volgt zij cliënten na "
        "afloop, en hoe ervaren cliënten de ondersteuning? Casestudies van trajecten en "
        "interviews met cliënten.",
        ("casestudies", "interviews"),
    ),
    "05": (
        "Heeft de gemeente zicht op de resultaten, en krijgt de raad tijdig volledige en "
        "betrouwbare informatie?",
        ("information",),
    ),
    "06": (
        "Voldoet de gemeente aan de normen van de rekenkamer voor beleid, praktijk, resultaten en "
        "bijsturing? Het normenkader met het oordeel per norm uit de conclusies.",
        ("norms",),
    ),
    "90": (
        "Kloppen de gepubliceerde cijfers onderling? Elke optelling, elk percentage en elk "
        "cijfer dat op meer plaatsen staat, nagerekend.",
        ("consistency",),
    ),
    "99": (
        "De hoofdconclusies en aanbevelingen van het rapport, met de berekende cijfers naast de "
        "gedrukte.",
        ("reproduction", "research_questions"),
    ),
}


@dataclass(frozen=True)
class Step:
    name: str  # notebook stem
    title: str
    built: bool


def _research_questions(case: Case, components: tuple[str, ...]) -> str:
    mapping = findings.research_question_steps(case.name)
    if mapping is None:
        return ""
    numbers = sorted(set(mapping.loc[mapping["component"].isin(components), "nr"]), key=int)
    if not numbers:
        return ""
    label = "Deelvraag" if len(numbers) == 1 else "Deelvragen"
    return (
        f"<p class='rq'>{label} {', '.join(numbers)} van het onderzoeksplan van deze casus "
        f"{'hoort' if len(numbers) == 1 else 'horen'} bij deze stap.</p>"
    )


GOAL_QUESTIONS: dict[str, str] = {
    "2024": "Is het beleidskader helder, concreet, consistent en onderbouwd, en wat is van de "
    "doelen gerealiseerd?",
    "2018": "Zijn de doelen meetbaar, en worden de doelen gesteld in het beleid bereikt?",
}
"""What step 01 asks for a case whose goals are scored against another norm set than 2007
(``goal_norms`` in case.yml); the 2007 question is in :data:`STEPS`."""

WITH_COMPONENT: dict[str, tuple[str, str]] = {
    "02": ("benchmark", "Hoe verhoudt de gemeente zich tot het land en andere gemeenten?"),
}
"""A question a step adds when the case has the component (notebook number → component, text)."""

WITH_REGISTRY_TABLE: dict[str, tuple[str, str]] = {
    "03": ("payments", "en zijn betalingen aan re-integratiebedrijven terecht gedaan?"),
}
"""A question a step adds when the case's registry has the table (the payment audit needs the
payments to providers; a registry of provisions has none)."""

WITHOUT_PRINTED_REPORT: dict[str, str] = {
    "99": "De hoofdconclusies over uitstroom, contracten, kosten en betalingen, met de cijfers "
    "berekend uit de eerdere onderdelen.",
}
"""What a step asks, for a case without a transcription of a printed report, where the usual
text refers to one."""


def step_html(case: Case, step: Step, found: dict[str, str]) -> str:
    from analysis.published.tables import has_transcriptions

    question, components = STEPS.get(step.name[:2], ("", ()))
    if step.name[:2] == "01":
        question = GOAL_QUESTIONS.get(case.goal_norms, question)
    if not has_transcriptions(case.name):
        question = WITHOUT_PRINTED_REPORT.get(step.name[:2], question)
    component, extra = WITH_COMPONENT.get(step.name[:2], ("", ""))
    if component and case.has(component):
        question += " " + extra
    table, asked = WITH_REGISTRY_TABLE.get(step.name[:2], ("", ""))
    if table and case.has("registry") and table in declared_tables(case.registry_tables):
        question = question.removesuffix("?") + ", " + asked
    sentences = [found[c] for c in components if c in found]
    title = html.escape(step.title)
    head = f"<h3><a href='{step.name}.html'>{title}</a></h3>" if step.built else f"<h3>{title}</h3>"
    body = f"<p>{html.escape(question)}</p>" if question else ""
    if not step.built:
        body += "<p class='missing'>Dit onderdeel is (nog) niet gebouwd.</p>"
    elif sentences:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
        body += f"<ul class='key'>{items}</ul>"
    else:
        body += (
            "<p class='missing'>Voor deze casus zijn hier geen gegevens; het onderdeel zegt welke "
            "gegevens nodig zijn.</p>"
        )
    body += _research_questions(case, components)
    return f"<section class='step'>{head}{body}</section>"


def _toc(items: list[tuple[str, str]]) -> str:
    links = "".join(
        f"<li><a href='#{anchor}'>{html.escape(text)}</a></li>" for anchor, text in items
    )
    return f"<nav class='toc' aria-label='Inhoud'><strong>Inhoud</strong><ol>{links}</ol></nav>"


def front_page_body(
    case: Case,
    steps: list[Step],
    built_at: str,
    code_version: str,
    command: str = "",
    params_banner: str = "",
) -> str:
    """The front page: the *bestuurlijke nota* (main conclusions, recommendations, the college's
    reaction and the afterword where the report has them), the *nota van bevindingen* (one
    paragraph per audit step), the reading guide, the glossary and the colophon with the build
    ``command``."""
    found = findings.component_findings(case)
    banner = demo_banner(case, heading="Demonstratiegegevens")
    period = f"{case.period_start:%d-%m-%Y} t/m {case.period_end:%d-%m-%Y}"
    response = nota.response_html(case)
    glossary = nota.glossary_html(case)
    toc = [
        ("conclusies", "Hoofdconclusies"),
        ("aanbevelingen", "Aanbevelingen"),
        *([("reactie", nota.response_title(case))] if response else []),
        ("bevindingen", "Nota van bevindingen: het onderzoek in stappen"),
        ("leeswijzer", "Leeswijzer"),
        *([("begrippen", "Begrippen en afkortingen")] if glossary else []),
    ]
    command = command or f"make report CASE={case.name}"
    return (
        "<p><a href='../index.html'>← Alle casussen</a></p>"
        f"<h1>{html.escape(case.title)}</h1>"
        f"<p class='sub'>{html.escape(case.auditor)} ({case.published}) · gemeente "
        f"{html.escape(case.municipality)} · onderzoeksperiode {period}</p>"
        f"{banner}{params_banner}{_toc(toc)}"
        "<h2 id='nota'>Bestuurlijke nota</h2>"
        f"<h3 id='conclusies'>Hoofdconclusies</h3>{nota.headline_html(case, found)}"
        f"<h3 id='aanbevelingen'>Aanbevelingen</h3>{nota.recommendations_html(case, found)}"
        + (f"<div id='reactie'>{response}</div>" if response else "")
        + "<h2 id='bevindingen'>Nota van bevindingen: het onderzoek in stappen</h2>"
        + "".join(step_html(case, s, found) for s in steps)
        + f"<h2 id='leeswijzer'>Leeswijzer</h2>{nota.leeswijzer(case)}"
        + (f"<h2 id='begrippen'>Begrippen en afkortingen</h2>{glossary}" if glossary else "")
        + f"<footer>Casus <code>{html.escape(case.name)}</code> · gebouwd op "
        f"{html.escape(built_at)} met <code>{html.escape(command)}</code> · code-versie "
        f"<code>{html.escape(code_version)}</code>. "
        "De kerncijfers hierboven zijn bij het bouwen berekend uit de tussenresultaten in "
        f"<code>data/processed/{html.escape(case.name)}/</code>; die over de overgenomen "
        "tabellen, de informatie aan de raad, het bijstandsvolume en de deelvragen rechtstreeks "
        f"uit de bronbestanden in <code>data/raw/{html.escape(case.name)}/</code>. "
        "Elk onderdeel eindigt met een verantwoording van "
        "parameters, bronbestanden (met sha256) en softwareversies.</footer>"
    )
