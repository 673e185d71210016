"""The payment checks as the reader sees them (notebook 03): findings per rule and provider,
the referral chain redrawn from the ledger, one sentence per rule."""

from __future__ import annotations

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import nl_eur, nl_number
from analysis.registry.model import Registry
from analysis.report.disclosure import Check, review
from analysis.report.html import Part, sentences, table
from analysis.steps.payments import chain_flow, summary


def chain_figure(flow: dict, min_cell: int = 10):
    """Figuur 5.1 redrawn from the ledger: premiums to the placing providers, the payments to the
    receiving provider, and what became of the clients. Numbers of clients below ``min_cell``
    are shown as ``<min_cell``."""
    import matplotlib.pyplot as plt

    from analysis.core.formats import nl_eur
    from analysis.report.style import COLOURS

    def people(n: int) -> str:
        return f"<{min_cell}" if 0 < n < min_cell else str(n)

    providers = flow["providers"]
    fig, ax = plt.subplots(figsize=(11, 5.2))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.axis("off")

    def box(x, y, text, colour, w=2.5, h=0.8):
        ax.add_patch(
            plt.Rectangle(
                (x - w / 2, y - h / 2), w, h, facecolor=colour, edgecolor="#333", alpha=0.9
            )
        )
        ax.text(x, y, text, ha="center", va="center", fontsize=8)

    def arrow(x0, y0, x1, y1, text, colour):
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.4},
        )
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.15, text, ha="center", fontsize=7.5, color=colour)

    box(5, 9.2, "Dienst Werk en Inkomen (gemeente)", "#f0f0f0", w=4)
    n = len(providers)
    ys = [8 - i * (6.5 / max(n - 1, 1)) for i in range(n)]
    for y, (_, p) in zip(ys, providers.iterrows(), strict=True):
        premium = nl_eur(p["premium_eur"])
        label = f"{p['provider']}\n{people(p['clients_n'])} cliënten · premie {premium}"
        box(1.6, y, label, "#dbe9f6", w=2.9, h=0.75)
        ax.annotate(
            "",
            xy=(2.6, y + 0.38),
            xytext=(4.0, 8.8),
            arrowprops={"arrowstyle": "->", "color": COLOURS["orange"], "lw": 0.7},
        )
        ax.annotate(
            "",
            xy=(4.6, 4.6),
            xytext=(3.05, y),
            arrowprops={"arrowstyle": "->", "color": COLOURS["blue"], "lw": 0.8},
        )
    box(
        5.4,
        4.4,
        f"{flow['receiver']}\n{people(flow['clients_n'])} cliënten: stage, dan\n"
        "baan betaald door de gemeente",
        "#fde9c9",
        w=2.6,
        h=1.2,
    )
    paid = flow["receiver_paid"]
    arrow(
        5.6,
        8.8,
        5.6,
        5.05,
        f"{nl_eur(sum(paid.values()))} aan {flow['receiver']}",
        COLOURS["vermillion"],
    )
    outcomes = flow["outcomes"]
    oy = [7.5 - i * 1.35 for i in range(len(outcomes))]
    for y, (label, count) in zip(oy, outcomes.items(), strict=True):
        box(8.55, y, f"{people(count)} × {label}", "#e6f4ea", w=2.8, h=0.7)
        ax.annotate(
            "",
            xy=(7.15, y),
            xytext=(6.7, 4.4),
            arrowprops={"arrowstyle": "->", "color": "#555", "lw": 0.8},
        )
    ax.text(
        0.1,
        0.2,
        f"Oranje: uitstroompremies aan de plaatsende bedrijven, samen "
        f"{nl_eur(providers['premium_eur'].sum())}. Blauw: cliënten die zij bij {flow['receiver']} "
        f"plaatsten. Situatie volgens de gegevens tot {flow['as_of']:%d-%m-%Y}.",
        fontsize=8,
    )
    ax.set_title(
        "Geldstroom bij plaatsing op een door de gemeente gefinancierd traject", loc="left"
    )
    fig.disclosure = review(
        "aantallen cliënten onder de drempel als <10; bedragen per bedrijf zijn "
        "bevindingen over dat bedrijf: voor publicatie beoordelen"
    )
    return fig


RULE_LABELS = {
    "premium_for_financed_placement": (
        "Uitstroompremie voor een plaatsing die de gemeente zelf financiert"
    ),
    "double_payment_same_service": (
        "Twee bedrijven betaald voor dezelfde dienst aan één cliënt in dezelfde periode"
    ),
    "premium_before_sustained_work": (
        "Uitstroompremie betaald voordat de cliënt duurzaam regulier werkte"
    ),
    "payment_for_invalid_or_unknown_client": "Betaling voor een ongeldig of onbekend BSN",
}
SERVICE_LABELS = {
    "guidance": "begeleiding",
    "wage_costs": "loonkosten",
    "qualification_internship": "kwalificatie en stage",
}
BREAK_LABELS = {"unemployment_benefit": "WW-uitkering", "social_assistance": "bijstand"}
BSN_LABELS = {
    "no_bsn": "geen BSN",
    "invalid_bsn": "BSN voldoet niet aan de 11-proef",
    "unknown_bsn": "BSN onbekend in het cliëntenbestand",
}


def finding_detail(finding: pd.Series, sustained_months: int) -> str:
    """One finding of a payment rule in words (the rule returns fields; this says them)."""
    rule, reason = finding["rule"], finding["reason"]
    if rule == "premium_for_financed_placement":
        what = "baan gefinancierd door de gemeente" if reason == "financed_job" else "activiteit"
        return (
            f"in de {sustained_months} maanden vóór de premie: {what} bij {finding['counterpart']}"
        )
    if rule == "double_payment_same_service":
        return (
            f"{SERVICE_LABELS[reason]}: ook {finding['counterpart']} betaald "
            f"({nl_eur(finding['counterpart_amount_eur'])}) voor dezelfde periode"
        )
    if rule == "premium_before_sustained_work":
        if reason == "no_regular_job":
            return "geen reguliere baan in de gegevens"
        text = (
            f"regulier werk sinds {finding['period_start']:%d-%m-%Y} "
            f"({nl_number(finding['months_at_payment'], 1)} maanden bij de betaling)"
        )
        if isinstance(finding["interrupted_by"], str):
            text += f"; onderbroken door {BREAK_LABELS[finding['interrupted_by']]}"
        return text
    return BSN_LABELS[reason]


RULE_HEADERS = {
    "rule": "regel",
    "payments_n": "betalingen",
    "clients_n": "cliënten",
    "amount_eur": "bedrag",
}


NO_PAYMENTS = (
    "<p>Het cliëntenbestand van deze casus bevat geen betalingsgegevens; de controle van "
    "betalingen is niet uitgevoerd.</p>"
)


def _letters(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA: spreadsheet column names."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("A") + r) + out
    return out


NAMED_COLUMNS = ("provider", "counterpart")


def neutral_mapping(findings: pd.DataFrame, *more: str) -> dict[str, str]:
    """Real firm name → Bedrijf A, B, … for every firm in the findings' named columns and in
    ``more`` (in the alphabetical order of the real names)."""
    present = [c for c in NAMED_COLUMNS if c in findings]
    names = sorted({str(v) for c in present for v in findings[c].dropna()} | set(more))
    return {name: f"Bedrijf {_letters(i)}" for i, name in enumerate(names)}


def neutral_names(findings: pd.DataFrame, mapping: dict[str, str] | None = None) -> pd.DataFrame:
    """Findings with the firms named Bedrijf A, B, … (:func:`neutral_mapping`), the same letter
    for a firm in every column.

    A synthetic registry draws its payments under the provider names of the printed report;
    findings it invents must not read as findings about those firms.
    """
    mapping = neutral_mapping(findings) if mapping is None else mapping
    present = [c for c in NAMED_COLUMNS if c in findings]
    return findings.assign(**{c: findings[c].map(mapping, na_action="ignore") for c in present})


def neutral_flow(flow: dict, mapping: dict[str, str]) -> dict:
    """The referral chain with the firms renamed as in the tables, so that an amount in the
    figure cannot tie a Bedrijf letter back to a real name."""
    providers = flow["providers"].assign(provider=flow["providers"]["provider"].map(mapping))
    return {**flow, "providers": providers, "receiver": mapping[flow["receiver"]]}


NEUTRAL_NOTE = (
    "<p class='audit-note'>De bedrijven heten hier Bedrijf A, B, …: de betalingen van "
    "het "
    "synthetische demobestand zijn getrokken onder de namen uit het rapport, en de "
    "bevindingen "
    "daarover zijn verzonnen. De geldstroom volgt de opbouw van figuur 5.1 van het rapport, "
    "met dezelfde letters.</p>"
)


def audit_parts(ledger: Registry | None, findings: pd.DataFrame | None, cfg: Case) -> list[Part]:
    """Section "Controle van betalingen": findings per rule (small client counts hidden), per
    rule and provider, the referral chain, and one sentence per rule; one sentence when the
    registry has no payments. In a synthetic case the firms of the findings get neutral names
    (:func:`neutral_names`)."""
    if ledger is None or findings is None:
        return [NO_PAYMENTS]
    neutral = cfg.synthetic_registry
    flow = chain_flow(ledger, findings)
    if neutral:
        # the printed report named the firms of figuur 5.1, but the amounts drawn for them are
        # invented: in the figure too they get the letters of the tables
        firms = () if flow is None else (*flow["providers"]["provider"], flow["receiver"])
        mapping = neutral_mapping(findings, *map(str, firms))
        findings = neutral_names(findings, mapping)
        flow = None if flow is None else neutral_flow(flow, mapping)
    min_cell = cfg["min_cell"]
    by_rule = summary(findings)
    by_rule["rule"] = by_rule["rule"].map(RULE_LABELS)
    shown = by_rule.assign(
        clients_n=by_rule["clients_n"].map(
            lambda n: f"<{min_cell}" if 0 < n < min_cell else nl_number(n)
        )
    )
    by_provider = (
        findings.groupby(["rule", "provider"])
        .agg(payments_n=("payment_id", "size"), amount_eur=("amount_eur", "sum"))
        .reset_index()
    )
    by_provider["rule"] = by_provider["rule"].map(RULE_LABELS)
    small = int(by_rule["clients_n"].map(lambda n: 0 < n < min_cell).sum())
    rule_check = Check(
        (f"drempel {min_cell} op aantallen cliënten",),
        primary=small,
        status="suppressed" if small else "pass",
        notes=(
            "aantallen cliënten onder de drempel als <10; bedragen per regel tellen betalingen "
            "aan bedrijven op (een bevinding over betalingen, geen kenmerk van personen)",
        ),
    )
    parts: list[Part] = [
        table(
            shown,
            caption="Bevindingen per regel",
            headers=RULE_HEADERS,
            formats={"amount_eur": nl_eur},
            check=rule_check,
            source="Bron: betalingen in het cliëntenbestand van de casus; duurzaam werk = "
            f"{cfg['sustained_months']} maanden (een instelling van de analyse).",
        ),
        table(
            by_provider,
            caption="Bevindingen per regel en bedrijf",
            headers={**RULE_HEADERS, "provider": "betaald aan"},
            formats={"amount_eur": nl_eur},
            check=review(
                "bevindingen per bedrijf zijn bewust tot het bedrijf te herleiden (een "
                "rekenkamer noemt bedrijven bij naam); beoordelen dat geen cliënt herkenbaar is"
            ),
        ),
    ]
    if flow is not None:
        parts.append(chain_figure(flow, min_cell))
    lines = [
        f"{RULE_LABELS[r]}: {nl_number(len(p))} betalingen, samen {nl_eur(p['amount_eur'].sum())}."
        for r, p in findings.groupby("rule", sort=False)
    ]
    parts.append(
        sentences(
            lines or ["Geen van de regels vond een betaling die niet had mogen worden gedaan."]
        )
    )
    if neutral:
        parts.append(NEUTRAL_NOTE)
    return parts
