"""Report views of the goal analysis (notebook ``01_policy_goals``): tables, chart, sentences.

The logic lives in :mod:`analysis.steps.goals`; this module turns its frames into what a reviewer
reads: the audit's goal tables with the scores as coloured symbols, the realisation tables, the
bar chart, and conclusions whose every figure is counted from the data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from analysis.core.formats import nl_number, nl_pct
from analysis.published.tables import SCORES
from analysis.report.html import Part, html, score_badge, sentences, table
from analysis.steps.goals import (
    CRITERIA,
    Agreement,
    agreement,
    category_label,
    consistency_by_indicator,
    disagreements,
)


def change_sentences(changes: pd.DataFrame) -> list[str]:
    """Dutch sentences for the definition changes and gaps found."""
    out = []
    for _, c in changes.iterrows():
        if c["kind"] == "definition":
            out.append(
                f"Indicator ‘{c['indicator']}’: in {c['from_document']} ({c['from_goal']}) "
                f"gaat het om {c['before']}, in {c['to_document']} ({c['to_goal']}) "
                f"om {c['after']}."
            )
        elif c["kind"] == "target":
            out.append(
                f"Indicator ‘{c['indicator']}’: de streefwaarde verandert van {c['before']} "
                f"({c['from_document']}) in {c['after']} ({c['to_document']})."
            )
        else:
            out.append(
                f"Indicator ‘{c['indicator']}’: staat in {c['from_document']}, "
                f"{c['before'].replace('ontbreekt in', 'ontbreekt in de documenten van')} en keert "
                f"terug in {c['to_document']}."
            )
    return out


def realisation_figure(scored: pd.DataFrame, max_label: int = 60):
    """Horizontal bars: recomputed and printed realisation (%) per goal with a realisation."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    data = scored.dropna(subset=["realised_pct_computed"], how="all")
    data = data[data["realised_pct_computed"].notna() | data["realised_pct_printed_value"].notna()]
    if data.empty:
        return None
    labels = [
        f"{g} – {t[:max_label]}{'…' if len(t) > max_label else ''}"
        for g, t in zip(data["goal_id"], data["text"], strict=True)
    ]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(data) + 1.2))
    y = range(len(data))
    ax.barh(
        [i + 0.2 for i in y],
        data["realised_pct_computed"],
        height=0.4,
        color=COLOURS["blue"],
        label="herberekend",
    )
    ax.barh(
        [i - 0.2 for i in y],
        data["realised_pct_printed_value"],
        height=0.4,
        color=COLOURS["orange"],
        label="gedrukt in het rapport",
    )
    ax.axvline(100, color="#333", linewidth=0.8, linestyle="--")
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xlabel("gerealiseerd deel van het doel (%)")
    ax.legend(loc="lower right")
    ax.set_title("Realisatie per doel: herberekend en gedrukt")
    return fig


def group_caption(case: str, table_id: Any, fallback: str) -> tuple[str, str]:
    """Caption and table number for a group of goals printed in ``table_id``."""
    from analysis.published.tables import table_meta

    if (
        table_id is None
        or table_id is pd.NA
        or (isinstance(table_id, float) and math.isnan(table_id))
    ):
        return fallback, ""
    meta = table_meta(case, str(table_id))
    number = meta.number
    return (f"{number} – {meta.title}" if number else meta.title), number


def goal_groups(case: str, scored: pd.DataFrame, norms: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Goals grouped as the audit prints them: per source table, else per category."""
    groups = []
    keys = scored["source_table"].fillna("cat:" + scored["category"].astype(str))
    for key in dict.fromkeys(keys):  # printed order
        part = scored[keys == key]
        if str(key).startswith("cat:"):
            caption, number = category_label(str(key)[4:], norms).capitalize(), ""
        else:
            caption, number = group_caption(case, key, key)
        groups.append({"key": key, "caption": caption, "number": number, "goals": part})
    return groups


def goal_table_html(part: pd.DataFrame, caption: str, source: str, with_auditor: bool) -> str:
    """The goals of one group with the auditors' scores and the pre-scores as coloured symbols."""
    from analysis.report.html import score_badge, table

    columns = {"goal_id": "nr", "document": "document", "text": "doel"}
    if with_auditor:
        columns |= {
            "auditor_specific": "specifiek (rekenkamer)",
            "auditor_time_bound": "tijdgebonden (rekenkamer)",
        }
    columns |= {
        "pre_specific": "specifiek (voorlopig)",
        "pre_time_bound": "tijdgebonden (voorlopig)",
    }
    badge_cols = [c for c in columns if c.startswith(("auditor_", "pre_"))]
    return table(
        part[list(columns)],
        caption=caption,
        source=source,
        headers=columns,
        formats={c: score_badge for c in badge_cols},
    )


def realisation_table_html(part: pd.DataFrame, caption: str, source: str) -> str:
    """Goals against what was realised: printed and recomputed share, with the method."""
    from analysis.core.formats import nl_pct
    from analysis.report.html import table

    view = part.assign(
        afwijking=part["differs"].map({True: "ja", False: "nee"}).fillna("–"),
        gedrukt=part["realised_pct_printed"].fillna(""),
    )
    columns = {
        "goal_id": "nr",
        "document": "document",
        "text": "doel",
        "realised_text": "realisatie (zoals gerapporteerd)",
        "gedrukt": "gerealiseerd % (gedrukt)",
        "realised_pct_computed": "gerealiseerd % (herberekend)",
        "method": "berekening",
        "afwijking": "wijkt af",
        "printed_basis": "gedrukt % volgt uit",
    }
    return table(
        view[list(columns)],
        caption=caption,
        source=source,
        headers=columns,
        formats={"realised_pct_computed": lambda v: nl_pct(v, 1)},
    )


def agreement_html(result: Agreement, label: str) -> str:
    from analysis.core.formats import nl_number
    from analysis.report.html import table

    confusion = result.confusion.reset_index().rename(
        columns={"rekenkamer": "rekenkamer ↓ / voorlopig →"}
    )
    confusion.columns = [str(c) for c in confusion.columns]
    kappa = "niet te bepalen" if math.isnan(result.kappa) else nl_number(result.kappa, 2)
    return table(
        confusion,
        caption=(
            f"{label.capitalize()}: {result.agreed} van {result.n} doelen gelijk "
            f"({nl_number(100 * result.share_agreed, 0) if result.n else '–'}%), "
            f"Cohens kappa {kappa}"
        ),
    )


_SCORE_WORDS = {"+": "voldoet", "+/-": "voldoet deels", "-": "voldoet niet"}


def _score_counts(series: pd.Series) -> str:
    counts = series.value_counts()
    parts = [f"{int(counts[s])} {_SCORE_WORDS[s]} ({s})" for s in SCORES if counts.get(s, 0)]
    return ", ".join(parts) if parts else "geen oordeel"


def scoring_sentences(part: pd.DataFrame, with_auditor: bool) -> list[str]:
    """What the scores of one group of goals say, counted (Dutch)."""
    who, prefix = ("de rekenkamer", "auditor") if with_auditor else ("de voorlopige score", "pre")
    scored = part.dropna(subset=[f"{prefix}_specific", f"{prefix}_time_bound"], how="all")
    if scored.empty:
        return [f"Geen van deze {len(part)} doelen heeft een oordeel van {who}."]
    return [
        f"Volgens {who}, over {len(scored)} doelen — specifiek: "
        f"{_score_counts(scored[f'{prefix}_specific'])}; tijdgebonden: "
        f"{_score_counts(scored[f'{prefix}_time_bound'])}."
    ]


def realisation_sentences(scored: pd.DataFrame) -> list[str]:
    """Counted conclusions on realisation (Dutch)."""
    with_realisation = scored[scored["realised_text"].notna() | scored["realised_value"].notna()]
    if with_realisation.empty:
        return ["Voor geen van de doelen is een realisatie gerapporteerd."]
    computed = with_realisation["realised_pct_computed"].notna()
    reached = (with_realisation["realised_pct_computed"] >= 100).sum()
    unknown = (~computed).sum()
    differs = with_realisation["differs"].fillna(False).astype(bool)
    out = [
        f"Van {len(with_realisation)} doelen is een realisatie gerapporteerd; voor "
        f"{int(computed.sum())} daarvan is het gerealiseerde deel te herberekenen, en "
        f"{int(reached)} daarvan is volledig gehaald (100% of meer)."
    ]
    if unknown:
        out.append(
            f"Bij {int(unknown)} doelen is de realisatie niet in een getal uit te drukken "
            "(niet gerapporteerd, onbekend, of zonder streefwaarde)."
        )
    if differs.any():
        ids = ", ".join(with_realisation.loc[differs, "goal_id"])
        out.append(
            f"Bij {int(differs.sum())} doelen ({ids}) wijkt het gedrukte realisatiepercentage "
            "af van wat uit de gedrukte streefwaarde en realisatie volgt."
        )
    else:
        out.append(
            "Waar het rapport een realisatiepercentage drukt, volgt dat uit de gedrukte cijfers."
        )
    return out


def consistency_sentences(changes: pd.DataFrame, realised_elsewhere: pd.DataFrame) -> list[str]:
    """Counted conclusions on consistency (Dutch)."""
    definition = changes[changes["kind"] == "definition"]["indicator"].nunique()
    absent = changes[changes["kind"] == "absent"]["indicator"].nunique()
    out = [
        f"{definition} {'indicator verandert' if definition == 1 else 'indicatoren veranderen'} "
        f"van definitie tussen documenten of jaren; {absent} "
        f"{'doel verdwijnt' if absent == 1 else 'doelen verdwijnen'} uit een jaarplan en "
        f"{'keert' if absent == 1 else 'keren'} later terug."
    ]
    if not realised_elsewhere.empty:
        out.append(
            f"Bij {len(realised_elsewhere)} doelen is de realisatie gerapporteerd voor een andere "
            "groep dan het doel noemt, zodat doel en realisatie niet te vergelijken zijn."
        )
    return out


def agreement_sentences(results: list[Agreement], norms: Mapping[str, Any]) -> list[str]:
    from analysis.core.formats import nl_number

    out = []
    for r in results:
        if not r.n:
            continue
        label = norms["criteria"][r.criterion]["label"]
        kappa = "niet te bepalen" if math.isnan(r.kappa) else nl_number(r.kappa, 2)
        out.append(
            f"{label.capitalize()}: de voorlopige score komt bij {r.agreed} van de {r.n} doelen "
            f"overeen met de rekenkamer ({nl_number(100 * r.share_agreed, 0)}%; "
            f"Cohens kappa {kappa})."
        )
    return out


# ---------------------------------------------------------------------------------------------
# the sections of notebook 01, as output parts

NO_GOALS = (
    "<p><strong>Deze casus heeft geen doelenregister</strong> (<code>goals.csv</code>); "
    "de beoordeling van beleidsdoelen is voor deze casus niet uitgevoerd.</p>"
)


def norms_parts(norms: Mapping[str, Any]) -> list[Part]:
    """Section "Normenkader": the norm, its criteria and the scale."""
    criteria = pd.DataFrame(
        [
            {"criterium": c["label"], "omschrijving": c["description"]}
            for c in norms["criteria"].values()
        ]
    )
    scale = "; ".join(f"<strong>{k}</strong> = {v}" for k, v in norms["scale"].items())
    return [
        html(
            f"<p><em>{norms['norm']}</em></p>",
            table(
                criteria,
                caption="Normen voor de formulering van doelen",
                source=f"Bron: {norms['source']}",
            ),
            f"<p class='audit-note'>Schaal: {scale}.</p>",
        )
    ]


def goal_group_parts(
    case: str, scored: pd.DataFrame, norms: Mapping[str, Any], source: str, with_auditor: bool
) -> list[Part]:
    """Section "Doelen per beleidsterrein": one table with its sentences per printed table."""
    parts: list[Part] = []
    if not with_auditor:
        parts.append(
            "<p>Voor deze casus zijn geen oordelen van de rekenkamer per doel gepubliceerd; "
            "de tabellen tonen alleen de voorlopige score.</p>"
        )
    for group in goal_groups(case, scored, norms):
        parts.append(
            html(
                goal_table_html(group["goals"], group["caption"], source, with_auditor),
                sentences(scoring_sentences(group["goals"], with_auditor)),
            )
        )
    return parts


def consistency_parts(
    register: pd.DataFrame, changes: pd.DataFrame, realised_elsewhere: pd.DataFrame
) -> list[Part]:
    """Section "Consistentie": sentences, the changes found, realisation for another group, and
    the pre-score per indicator."""
    parts: list[Part] = [sentences(consistency_sentences(changes, realised_elsewhere))]
    if not changes.empty:
        parts.append(html("<h3>Gevonden wijzigingen</h3>", sentences(change_sentences(changes))))
    if not realised_elsewhere.empty:
        parts.append(
            table(
                realised_elsewhere,
                caption="Realisatie gerapporteerd voor een andere groep dan het doel noemt",
                headers={
                    "goal_id": "nr",
                    "document": "document",
                    "target_group": "doelgroep van het doel",
                    "realised_group": "groep in de realisatie",
                    "realised_source": "bron realisatie",
                },
            )
        )
    parts.append(
        table(
            consistency_by_indicator(register, changes),
            caption="Voorlopige score consistentie per indicator",
            headers={
                "indicator": "indicator",
                "goals_n": "aantal doelen",
                "years": "jaren",
                "pre_consistent": "consistent (voorlopig)",
                "evidence": "onderbouwing",
            },
            formats={"pre_consistent": score_badge},
        )
    )
    return parts


def decrease_example(scored: pd.DataFrame) -> str | None:
    """The rule for a goal that aims at a decrease, shown on the register's own goal with the
    largest realised share (``None`` when the register has no such goal)."""
    numeric = scored[
        scored["direction"].eq("decrease")
        & scored[["baseline_value", "target_value", "realised_value"]].notna().all(axis=1)
        & scored["realised_pct_computed"].notna()
    ]
    if numeric.empty:
        return None
    goal = numeric.loc[numeric["realised_pct_computed"].idxmax()]
    aimed = goal["baseline_value"] - goal["target_value"]
    reached = goal["baseline_value"] - goal["realised_value"]
    return (
        f"<p>Voorbeeld uit dit register: doel {goal['goal_id']} ({goal['document']}) beoogt een "
        f"daling van {nl_number(goal['baseline_value'])} naar {nl_number(goal['target_value'])}; "
        f"met een stand van {nl_number(goal['realised_value'])} is {nl_number(reached)} van de "
        f"{nl_number(aimed)} bereikt, dus {nl_pct(goal['realised_pct_computed'], 0)}.</p>"
    )


def realisation_parts(case: str, scored: pd.DataFrame, source: str) -> list[Part]:
    """Section "Realisatie": the worked example, sentences, one table per printed table, chart."""
    example = decrease_example(scored)
    parts: list[Part] = [example] if example else []
    parts.append(sentences(realisation_sentences(scored)))
    realised = scored[scored["realised_text"].notna() | scored["realised_value"].notna()]
    keys = realised["realised_table"].fillna("")
    for key in dict.fromkeys(keys):
        caption, _ = group_caption(case, key or None, "Realisatie van doelen")
        parts.append(realisation_table_html(realised[keys == key], caption, source))
    figure = realisation_figure(scored)
    if figure is not None:
        parts.append(figure)
    return parts


def agreement_parts(scored: pd.DataFrame, norms: Mapping[str, Any]) -> list[Part]:
    """Section "Hulpmiddel": agreement of the pre-score with the auditor, and where they differ."""
    results = [agreement(scored, c) for c in CRITERIA]
    parts: list[Part] = [
        sentences(agreement_sentences(results, norms)),
        html(*[agreement_html(r, norms["criteria"][r.criterion]["label"]) for r in results]),
    ]
    differ = disagreements(scored)
    if not differ.empty:
        differ["criterion"] = differ["criterion"].map(lambda c: norms["criteria"][c]["label"])
        parts.append(
            table(
                differ,
                caption="Doelen waar de voorlopige score afwijkt van de rekenkamer",
                headers={
                    "goal_id": "nr",
                    "criterion": "criterium",
                    "text": "doel",
                    "auditor": "rekenkamer",
                    "prescore": "voorlopig",
                    "evidence": "onderbouwing voorlopige score",
                },
                formats={"auditor": score_badge, "prescore": score_badge},
            )
        )
    return parts
