"""The intake funnel as a reader sees it: the table of dropped records and its chart."""

from __future__ import annotations

import re

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import nl_number
from analysis.registry.intake import Period
from analysis.registry.model import TABLE_LABELS, Registry
from analysis.registry.spells import counted_spells
from analysis.report.disclosure import review
from analysis.report.html import Part, html, table


def funnel_view(funnel: pd.DataFrame) -> pd.DataFrame:
    """Per rule the records dropped, per table in columns (for a readable funnel table)."""
    wide = funnel.pivot_table(
        index=["step", "description"],
        columns="table",
        values="dropped",
        aggfunc="sum",
        fill_value=0,
    )
    wide = wide.loc[:, (wide != 0).any()].reset_index()
    clients = funnel[funnel["table"] == "clients"].set_index("step")["records_out"]
    wide["clients_out_n"] = wide["step"].map(clients)
    return wide


FUNNEL_CHECK = review(
    "aantallen records per opschoonregel: de kwaliteit van het bestand, geen groep personen met "
    "een kenmerk; geen drempel toegepast, voor publicatie beoordelen"
)


def funnel_figure(funnel: pd.DataFrame):
    """Bars: records dropped per rule (all tables), in rule order."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    per_rule = funnel.groupby(["step", "description"], sort=True)["dropped"].sum().reset_index()
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(per_rule) + 1.2))
    y = range(len(per_rule))
    ax.barh(list(y), per_rule["dropped"], color=COLOURS["blue"])
    ax.set_yticks(
        list(y),
        [f"{s}. {d}" for s, d in zip(per_rule["step"], per_rule["description"], strict=True)],
    )
    ax.invert_yaxis()
    for i, value in enumerate(per_rule["dropped"]):
        ax.text(value, i, f" {value:,}".replace(",", "."), va="center", fontsize=9)
    ax.set_xlabel("verwijderde records (alle tabellen)")
    ax.set_title("Selectie en opschoning: verwijderde records per regel")
    fig.disclosure = FUNNEL_CHECK
    return fig


NO_REGISTRY = (
    "<p><strong>Deze casus heeft geen cliëntenbestand</strong>; de bestandsanalyse is voor deze "
    "casus niet uitgevoerd.</p>"
)
DEMO_LABEL = "synthetisch demobestand"
"""The words that mark figures computed from a generated registry, on every page and in every
source line of a table computed from it."""
DEMO_ORIGINS = {
    "amsterdam_2006": "Het cliëntenbestand is zo gegenereerd dat het na de selectieregels op de "
    "gepubliceerde tabellen uitkomt; de overeenkomst met die tabellen toetst de werking van de "
    "analyse, niet de gemeente.",
    "participatiewet": "Het cliëntenbestand is getrokken uit verzonnen kansen, niet afgestemd "
    "op enig rapport.",
    "amsterdam_2024": "Het cliëntenbestand is zo getrokken dat het uitkomt op wat de "
    "samenvatting van het rapport (2025) zegt — ongeveer 2.500 mensen bij het UWV geregistreerd "
    "maar niet in beeld, steeds meer mensen met steun aan het werk maar minder dan het college "
    "wilde — en verder op verzonnen kansen.",
}
"""Where the demo registry comes from, per demo generator (``demo_generator`` in case.yml)."""


def demo_banner(cfg: Case, style: str = "", heading: str = "Demonstratie") -> str:
    """The banner under the title of every page of a case whose registry is synthetic (empty
    for an office's own extract): what it is, where it comes from, and that its figures are no
    findings."""
    if not (cfg.has("registry") and cfg.synthetic_registry):
        return ""
    styled = f" style='{style}'" if style else ""
    return (
        f"<p class='demo-banner' role='note'{styled}><strong>{heading} – {DEMO_LABEL}."
        f"</strong> {DEMO_ORIGINS[cfg.demo_generator]} Cijfers die uit het cliëntenbestand "
        "zijn berekend, beschrijven geen echte personen, bedrijven of gemeente en zijn geen "
        "bevindingen. Een rekenkamer vervangt het bestand door een eigen extract.</p>"
    )


_SOURCE_LINE = re.compile(r"(<p class=[\"']audit-source[\"']>)([^<]*cliëntenbestand[^<]*)(</p>)")


def label_demo_sources(body: str) -> str:
    """Every table source line that names the cliëntenbestand, marked as from the demo registry
    (a source line of a table computed from the registry names it: the convention of this
    package's report modules)."""
    return _SOURCE_LINE.sub(
        lambda m: (
            m.group(1)
            + m.group(2).rstrip()
            + f" Let op: {DEMO_LABEL}, geen echte cliënten."
            + m.group(3)
            if DEMO_LABEL not in m.group(2)
            else m.group(0)
        ),
        body,
    )


def intake_parts(padded_bsn: dict[str, int], funnel: pd.DataFrame) -> list[Part]:
    """Section "Selectie en opschoning": the zero-padded BSNs, the funnel table and its chart
    (a demo registry is announced by the banner of every page: :func:`demo_banner`)."""
    parts: list[Part] = []
    if padded_bsn:
        parts.append(
            "<p>BSN's van minder dan negen cijfers (een spreadsheet laat de voorloopnul weg) zijn "
            "aangevuld met nullen: "
            + ", ".join(f"{nl_number(n)} in {TABLE_LABELS[t]}" for t, n in padded_bsn.items())
            + ".</p>"
        )
    headers = {
        "step": "stap",
        "description": "regel",
        "clients_out_n": "cliëntregistraties over",
        **TABLE_LABELS,
    }
    parts.append(
        table(
            funnel_view(funnel),
            caption="Selectie en opschoning: verwijderde records per regel en bestand",
            check=FUNNEL_CHECK,
            headers=headers,
            source="Bron: cliëntenbestand van de casus; regels van de bestandsanalyse.",
        )
    )
    parts.append(funnel_figure(funnel))
    return parts


def cleaned_parts(
    registry: Registry, demo_key: bool, period: Period, spells: str = "period"
) -> list[Part]:
    """Section "Het opgeschoonde bestand": records per table the extract has, how many clients
    had benefit in the period (under the case's spell reading), how the BSN was replaced."""
    counts = {t: n for t, n in registry.counts().items() if registry.has(t)}
    counted = counted_spells(
        registry["benefit_spells"], period.start, period.end, spells, "client_key"
    )
    with_benefit = counted["client_key"].nunique()
    records = pd.DataFrame(
        {"bestand": [TABLE_LABELS[t] for t in counts], "records": list(counts.values())}
    )
    key = (
        "<p><strong>Pseudonimisering met de openbare demosleutel.</strong> Het BSN is vervangen "
        "door een sleutelcode (HMAC-SHA256). Voor echte gegevens moet een geheime sleutel worden "
        "gezet in de omgevingsvariabele <code>ANALYSIS_PSEUDONYM_KEY</code>.</p>"
        if demo_key
        else "<p>Het BSN is vervangen door een sleutelcode (HMAC-SHA256 met een geheime "
        "sleutel).</p>"
    )
    return [
        html(
            f"<p>Na selectie en opschoning bevat het bestand {nl_number(counts['clients'])} "
            f"cliënten, van wie {nl_number(with_benefit)} in de periode een uitkering hadden. "
            "Per bestand:</p>",
            table(records, caption="Records in het opgeschoonde bestand"),
        ),
        key,
    ]
