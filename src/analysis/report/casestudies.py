"""The execution step as the reader sees it (notebook 04): the trajectories and coded files,
the norm heatmap, verdicts derived beside the printed ones, fees and results per contract."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import nl_eur, nl_number
from analysis.report.disclosure import public, review, suppress_small
from analysis.report.html import Part, escape, score_badge, sentences, table
from analysis.steps.casestudies import norms_frame, outflow_by_contract, premium_shares


def heatmap_figure(scores: pd.DataFrame, norms: dict[str, Any], trajectories: pd.DataFrame):
    """Norms × trajectories coloured by score (colour-blind safe); overall scores span the row."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from analysis.report.style import SCORE_COLOURS, wrap_label

    table = norms_frame(norms)
    columns = list(trajectories["trajectory_id"])
    names = dict(zip(trajectories["trajectory_id"], trajectories["provider"], strict=True))
    fig, ax = plt.subplots(figsize=(11, 0.75 * len(table) + 1.4))
    for i, norm in enumerate(table.itertuples()):
        row = scores[scores["norm_id"] == norm.norm_id]
        overall = row[row["trajectory_id"] == "all"]
        for j, trajectory in enumerate(columns):
            hit = row[row["trajectory_id"] == trajectory]
            score = (
                hit["score"].iloc[0]
                if len(hit)
                else (overall["score"].iloc[0] if len(overall) else None)
            )
            colour = SCORE_COLOURS.get(score, "#eeeeee")
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=colour, edgecolor="white", lw=2))
            ax.text(
                j + 0.5,
                i + 0.5,
                score or "–",
                ha="center",
                va="center",
                color="white",
                fontweight="bold",
            )
    # the norm's whole text, wrapped (a cut label hid what the norm asks)
    labels = [
        wrap_label(f"{n.phase_short} · {n.printed_number}. {n.text}", 70, 6)
        for n in table.itertuples()
    ]
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(table), 0)
    ax.set_xticks([j + 0.5 for j in range(len(columns))], [names[c] for c in columns])
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(table))], labels, fontsize=8)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    ax.set_title(
        "Oordeel per norm en traject (normen zonder uitsplitsing gelden voor alle trajecten)",
        pad=28,
    )
    fig.disclosure = review(
        "oordelen per dossier uit het dossieronderzoek: geen aantallen, wel per traject; "
        "voor publicatie beoordelen"
    )
    return fig


def effects_figure(outflow: pd.DataFrame):
    """Agreed against realised outflow to work per contract (mid-period)."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    data = outflow[
        outflow["agreed_outflow_pct"].notna()
        | outflow["realised_outflow_pct"].notna()
        | outflow["realised_outflow_pct_printed"].notna()
    ].reset_index(drop=True)
    realised = data["realised_outflow_pct"].astype(float)
    printed = data["realised_outflow_pct_printed"].astype(float)
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(data) + 1.3))
    y = range(len(data))
    ax.barh(
        [i - 0.2 for i in y],
        data["agreed_outflow_pct"].astype(float).fillna(0),
        height=0.4,
        color=COLOURS["grey"],
        label="afgesproken",
    )
    ax.barh(
        [i + 0.2 for i in y],
        realised.fillna(0),
        height=0.4,
        color=COLOURS["blue"],
        label="gerealiseerd (tussenstand, herberekend)",
    )
    ax.scatter(
        printed,
        [i + 0.2 for i in y],
        marker="|",
        s=180,
        color="black",
        label="gerealiseerd volgens het rapport",
        zorder=3,
    )
    for i, value in enumerate(data["agreed_outflow_pct"]):
        if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            ax.text(0.5, i - 0.2, "geen afspraak", va="center", fontsize=8, color="#555")
    ax.set_yticks(
        list(y), [f"{n[:55]}{'…' if len(n) > 55 else ''}" for n in data["name"]], fontsize=8
    )
    ax.invert_yaxis()
    ax.set_xlabel("% van de deelnemers uitgestroomd naar werk")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Afgesproken en gerealiseerde uitstroom naar werk per contract")
    fig.disclosure = public("afspraken en resultaten per contract uit het gedrukte rapport")
    return fig


# ---------------------------------------------------------------------------------------------
# the sections of notebook 04, as output parts

NO_CASESTUDIES = (
    "<p><strong>Voor deze casus zijn geen casestudies gecodeerd</strong>; dit "
    "onderdeel is niet "
    "uitgevoerd. Een rekenkamer kan dossiers coderen met de sjablonen in "
    "<code>data/raw/templates/</code>.</p>"
)
ROUTES = {
    "client_manager": "klantmanager",
    "other_provider": "ander re-integratiebedrijf",
    "own_initiative": "eigen initiatief",
}
YES_NO = {"yes": "ja", "no": "nee"}
UNKNOWN = "niet vermeld"


def trajectory_parts(
    cfg: Case, trajectories: pd.DataFrame, clients: pd.DataFrame, names: dict[str, str]
) -> list[Part]:
    """Section "De onderzochte trajecten en dossiers": Tabel 6.1, the coded files, counts."""
    coded = clients.assign(trajectory=clients["trajectory_id"].map(names))
    view = pd.DataFrame(
        {
            "dossier": coded["client_id"],
            "traject": coded["trajectory"],
            "toegeleid door": coded["route"].map(ROUTES).fillna(UNKNOWN),
            "interview": coded["interviewed"].map(YES_NO).fillna(UNKNOWN),
            "trajectplan in dossier": coded["trajectory_plan_in_file"].map(YES_NO).fillna(UNKNOWN),
            "uitkomst (voor zover gerapporteerd)": coded["outcome"].fillna(UNKNOWN),
        }
    )
    interviewed = (clients["interviewed"] == "yes").sum()
    plans = (clients["trajectory_plan_in_file"] == "yes").sum()
    known_plans = clients["trajectory_plan_in_file"].notna().sum()
    columns = ["provider", "name", "goal", "rung", "duration_text", "phases", "participants_n"]
    return [
        table(
            trajectories[columns],
            caption="Tabel 6.1 – De geselecteerde trajecten",
            headers=dict(
                zip(
                    columns,
                    ["bedrijf", "traject", "doel", "trede", "duur", "opbouw", "deelnemers"],
                    strict=True,
                )
            ),
            source=f"Bron: {cfg.auditor} ({cfg.published}), tabel 6.1 en figuur 6.1–6.3.",
        ),
        table(
            view,
            caption="Gecodeerde cliëntdossiers",
            source="Bron: hoofdstuk 6 van het rapport; 'niet vermeld' = het rapport zegt er niets "
            "over voor dit dossier.",
        ),
        sentences(
            [
                f"{len(clients)} dossiers in {len(trajectories)} trajecten; met {interviewed} van "
                "de cliënten is gesproken.",
                f"In {plans} van de {known_plans} dossiers waarover het rapport het zegt, zat een "
                "trajectplan."
                if known_plans
                else "Het rapport zegt per dossier niet of er een trajectplan in zat.",
            ]
        ),
    ]


def norm_parts(
    scores: pd.DataFrame, norms: dict[str, Any], trajectories: pd.DataFrame, names: dict
) -> list[Part]:
    """Section "Normen en oordelen per traject": the heatmap and the findings behind each score."""
    reasons = scores.merge(
        norms_frame(norms)[["norm_id", "printed_number", "phase_label"]], on="norm_id"
    )
    reasons["traject"] = reasons["trajectory_id"].map(names).fillna("alle trajecten")
    return [
        heatmap_figure(scores, norms, trajectories),
        table(
            reasons[["phase_label", "printed_number", "traject", "score", "justification"]],
            caption="Onderbouwing van de oordelen",
            headers={
                "phase_label": "fase",
                "printed_number": "norm",
                "traject": "traject",
                "score": "oordeel",
                "justification": "bevinding waarop het oordeel rust",
            },
            formats={"score": score_badge},
            source="Bron: hoofdstuk 6 van het rapport (oordelen als gedrukt in tabel 6.4, 6.5 en "
            "6.10).",
        ),
    ]


def aggregation_html(norms: dict[str, Any]) -> str:
    """The aggregation rule of the norm set, as the norm set states it."""
    rule = norms["aggregation"]["description"]
    return (
        f"<p>De regel (uit het normenkader): {escape(rule)}. Zo per traject, dan over de "
        "trajecten, dan over de fasen.</p>"
    )


def derived_from(row: pd.Series) -> str:
    """What a derived verdict rests on, in words: ``+ + -; trajecten: + -``, ``fasen: …``."""

    def text(column: str) -> str:
        value = row.get(column)
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) else value

    if row["level"] == "total":
        return f"fasen: {text('phase_verdicts')}"
    scores, trajectories = text("norm_scores"), text("trajectory_verdicts")
    if not str(row["trajectory_id"]).startswith("all") or (scores and not trajectories):
        return scores
    return f"{scores}; trajecten: {trajectories}" if scores else f"trajecten: {trajectories}"


def verdict_parts(
    derived: pd.DataFrame, compared: pd.DataFrame | None, norms: dict[str, Any], names: dict
) -> list[Part]:
    """Section "Oordelen per fase en totaal": derived verdicts, beside the printed ones where the
    report prints them, and the sentences for what differs."""
    labels = {p["id"]: p["label"] for p in norms["phases"]}
    derived = derived.assign(from_scores=derived.apply(derived_from, axis=1))
    parts: list[Part] = [aggregation_html(norms)]
    if compared is None:
        view = derived.assign(
            fase=derived["phase"].map(labels).fillna("totaal"),
            traject=derived["trajectory_id"].map(names).fillna("alle"),
        )
        parts.append(
            "<p>Voor deze casus zijn geen gedrukte oordelen per fase beschikbaar; alleen de "
            "afgeleide oordelen staan hieronder.</p>"
        )
        parts.append(
            table(
                view[["fase", "traject", "verdict", "from_scores"]],
                caption="Afgeleide oordelen",
                headers={"verdict": "afgeleid oordeel", "from_scores": "uit"},
                formats={"verdict": score_badge},
            )
        )
        return parts
    view = compared.assign(
        from_scores=compared.assign(level="phase").apply(derived_from, axis=1),
        fase=compared["phase"].map(labels),
        traject=compared["trajectory_id"].map(lambda t: names.get(t, "alle trajecten")),
        tabel=compared["table_id"].str[1:].str.replace("_", "."),
    )
    parts.append(
        table(
            view[["fase", "traject", "tabel", "printed", "verdict", "from_scores"]],
            caption="Tabel 6.4, 6.5, 6.10 en 6.11 – oordeel per fase: gedrukt en afgeleid",
            headers={"printed": "gedrukt", "verdict": "afgeleid", "from_scores": "afgeleid uit"},
            formats={"printed": score_badge, "verdict": score_badge},
        )
    )
    total = derived[derived["level"] == "total"].iloc[0]
    lines = [
        f"{int(view['agrees'].sum())} van de {len(view)} gedrukte oordelen volgen uit de regel."
    ]
    for _, d in view[~view["agrees"]].iterrows():
        lines.append(
            f"{d['fase']} ({d['traject']}, tabel {d['tabel']}): gedrukt {d['printed']}, volgens "
            f"de regel {d['verdict']} (uit {d['from_scores']})."
        )
    lines.append(
        f"Totaaloordeel volgens de regel: {total['verdict']} ({total['from_scores']}); het rapport "
        "drukt geen totaal over de fasen."
    )
    parts.append(sentences(lines))
    return parts


OUTFLOW_HEADERS = {
    "name": "contract",
    "agreed_outflow_pct": "afgesproken %",
    "participants_n": "deelnemers",
    "realised_outflow_n": "naar werk",
    "realised_outflow_pct": "% herberekend",
    "realised_outflow_pct_printed": "% gedrukt",
}


def fee_parts(trajectories: pd.DataFrame, contracts: pd.DataFrame) -> list[Part]:
    """Section "Vergoedingen en resultaten": Tabel 6.3 recomputed, agreed against realised
    outflow per contract (judged on the recomputed share), and the sentences."""
    shares = premium_shares(trajectories)
    fee_columns = {
        "max_fee_eur": "maximale vergoeding",
        "premium_eur": "maximale premie",
        "total_eur": "totaal",
        "premium_share_pct": "premie in % (herberekend)",
        "premium_share_pct_printed": "premie in % (gedrukt)",
    }
    outflow = outflow_by_contract(contracts)
    agreed = outflow["agreed_outflow_pct"].notna()
    below = int(outflow["below_agreement"].fillna(False).sum())
    lines = [
        f"Bij {below} van de {int(agreed.sum())} contracten met een afspraak over uitstroom ligt "
        "de tussenstand onder de afspraak.",
        f"Bij {int((~agreed).sum())} contract(en) is niets afgesproken over het percentage "
        "uitstroom naar werk.",
    ]
    for _, r in outflow[outflow["printed_differs"].fillna(False)].iterrows():
        lines.append(
            f"{r['name']}: het rapport drukt {nl_number(r['realised_outflow_pct_printed'])}%, uit "
            f"de gedrukte aantallen volgt {nl_number(r['realised_outflow_pct'])}% "
            f"({int(r['realised_outflow_n'])} van {int(r['participants_n'])}): het rapport rekent "
            "met een andere noemer of telt andere uitstroom (toelichting bij de overgenomen "
            "contractgegevens, zie de bronbestanden in de verantwoording)."
        )
    return [
        table(
            shares.assign(bedrijf=shares["provider"])[["bedrijf", *fee_columns]],
            caption="Tabel 6.3 – Vergoeding en uitstroompremie: aandeel premie herberekend",
            headers=fee_columns,
            formats={"max_fee_eur": nl_eur, "premium_eur": nl_eur, "total_eur": nl_eur},
        ),
        effects_figure(outflow),
        table(
            outflow[list(OUTFLOW_HEADERS)],
            caption="Tabel 6.8 en 6.9 – afgesproken en gerealiseerde uitstroom naar werk per "
            "contract (medio 2006)",
            headers=OUTFLOW_HEADERS,
            source="Bron: tabel 6.7–6.9 van het rapport; het herberekende percentage is 'naar "
            "werk' gedeeld door 'deelnemers'.",
        ),
        sentences(lines),
    ]


def premium_flow_parts(cfg: Case, f51: pd.DataFrame) -> list[Part]:
    """Section "De geldstroom bij WorkstaR": Figuur 5.1 as printed (small counts hidden) and the
    premiums paid to the placing providers."""
    f51 = f51[f51["bedrag_eur"].notna() | f51["clienten_n"].notna()]
    shown, _ = suppress_small(
        f51[["label", "van", "naar", "bedrag_eur", "clienten_n"]], cfg["min_cell"]
    )  # printed figures: public, small counts hidden all the same
    # the premiums to the placing providers: the payment from the municipality to several
    # providers at once (found by who pays whom, not by the printed label)
    money = f51[f51["soort"].eq("Geld") & f51["naar"].fillna("").str.contains(";")]
    providers = len(money.iloc[0]["naar"].split(";"))
    return [
        table(
            shown,
            caption="Figuur 5.1 – vergoeding uitstroompremie (cijfers zoals gedrukt)",
            headers={
                "label": "stroom",
                "van": "van",
                "naar": "naar",
                "bedrag_eur": "bedrag",
                "clienten_n": "cliënten",
            },
            formats={"bedrag_eur": lambda v: v if isinstance(v, str) else nl_eur(v)},
            source=f"Bron: {cfg.auditor} ({cfg.published}), figuur 5.1. Aantallen onder "
            f"{cfg['min_cell']} zijn afgeschermd.",
            numeric=["bedrag_eur", "clienten_n"],
            check=public("figuur 5.1 van het gedrukte rapport"),
        ),
        sentences(
            [
                f"De gemeente betaalde {nl_number(providers)} bedrijven samen "
                f"{nl_eur(money.iloc[0]['bedrag_eur'])} aan uitstroompremies voor plaatsingen bij "
                "een traject dat zij zelf ook betaalde; onderdeel 3 vindt deze betalingen terug "
                "in het betalingsbestand."
            ]
        ),
    ]
