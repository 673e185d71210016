"""Report views of the goal analysis (notebook ``01_policy_goals``): tables, chart, sentences.

The logic lives in :mod:`analysis.steps.goals`; this module turns its frames into what a reviewer
reads: the audit's goal tables with the scores as coloured symbols, the realisation tables, the
bar chart, and conclusions whose every figure is counted from the data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from analysis.core.formats import nl_count, nl_number, nl_pct
from analysis.published.tables import SCORES
from analysis.report.disclosure import public
from analysis.report.html import Part, escape, html, score_badge, sentences, table
from analysis.steps.goal_norms_2024 import key_term_uses, undefined_terms_by_term
from analysis.steps.goals import (
    CRITERIA,
    Agreement,
    agreement,
    category_label,
    consistency_by_indicator,
    disagreements,
    goal_criteria,
    indicator_labels,
)


def change_sentences(changes: pd.DataFrame, labels: Mapping[str, str] | None = None) -> list[str]:
    """Dutch sentences for the definition changes and gaps found (indicators named by
    ``labels``: :func:`analysis.steps.goals.indicator_labels`)."""
    out = []
    labels = labels or {}
    for _, c in changes.iterrows():
        c = c.copy()
        c["indicator"] = labels.get(c["indicator"], c["indicator"])
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


def realisation_figure(scored: pd.DataFrame, max_label: int = 45):
    """Horizontal bars: recomputed and printed realisation (%) per goal with a realisation."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS, wrap_label

    data = scored.dropna(subset=["realised_pct_computed"], how="all")
    data = data[data["realised_pct_computed"].notna() | data["realised_pct_printed_value"].notna()]
    if data.empty:
        return None
    labels = [
        wrap_label(f"{g} – {t}", max_label, 2)
        for g, t in zip(data["goal_id"], data["text"], strict=True)
    ]
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(data) + 1.2))
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
    fig.disclosure = public("doelen en realisatie uit beleidsstukken en het gedrukte rapport")
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


def _labels(norms: Mapping[str, Any] | None) -> dict[str, str]:
    """Dutch label per criterion; without norms the 2007 labels (the defaults of old callers)."""
    if norms is None:
        return {"specific": "specifiek", "time_bound": "tijdgebonden"}
    return {c: spec["label"] for c, spec in norms["criteria"].items()}


def shown_criteria(norms: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The criteria with a pre-score column in the goal tables: those scored per goal, less
    those the norm file marks as not assessable from the register (a column of empty cells
    says nothing; the section says why instead)."""
    criteria = norms["criteria"] if norms else {}
    return tuple(
        c for c in goal_criteria(norms) if criteria.get(c, {}).get("assessable_from_register", True)
    )


def goal_table_html(
    part: pd.DataFrame,
    caption: str,
    source: str,
    with_auditor: bool,
    norms: Mapping[str, Any] | None = None,
) -> str:
    """The goals of one group with the auditors' scores and the pre-scores as coloured symbols,
    for the criteria of the norm set (without ``norms``: 2007)."""
    from analysis.report.html import score_badge, table

    labels = _labels(norms)
    columns = {"goal_id": "nr", "document": "document", "text": "doel"}
    if with_auditor:
        columns |= {f"auditor_{c}": f"{labels[c]} (rekenkamer)" for c in CRITERIA}
    columns |= {f"pre_{c}": f"{labels[c]} (voorlopig)" for c in shown_criteria(norms)}
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


def scoring_sentences(
    part: pd.DataFrame, with_auditor: bool, norms: Mapping[str, Any] | None = None
) -> list[str]:
    """What the scores of one group of goals say, counted per criterion of the norm set
    (Dutch). A pre-score the rule could not give is counted as 'niet te beoordelen'."""
    who, prefix = ("de rekenkamer", "auditor") if with_auditor else ("de voorlopige score", "pre")
    labels = _labels(norms)
    criteria = CRITERIA if with_auditor else shown_criteria(norms)
    scored = part.dropna(subset=[f"{prefix}_{c}" for c in criteria], how="all")
    if scored.empty:
        return [
            f"Geen van deze {nl_count(len(part), 'doel', 'doelen')} heeft een oordeel van {who}."
        ]
    counts = []
    for c in criteria:
        text = f"{labels[c]}: {_score_counts(scored[f'{prefix}_{c}'])}"
        missing = int(scored[f"{prefix}_{c}"].isna().sum())
        if prefix == "pre" and missing:
            text += f", {missing} niet te beoordelen"
        counts.append(text)
    return [f"Volgens {who}, over {nl_count(len(scored), 'doel', 'doelen')} — {'; '.join(counts)}."]


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
        f"Van {nl_count(len(with_realisation), 'doel', 'doelen')} is een realisatie "
        "gerapporteerd; voor "
        f"{int(computed.sum())} daarvan is het gerealiseerde deel te herberekenen, en "
        f"{int(reached)} daarvan is volledig gehaald (100% of meer)."
    ]
    if unknown:
        out.append(
            f"Bij {nl_count(unknown, 'doel', 'doelen')} is de realisatie niet in een getal uit "
            "te drukken "
            "(niet gerapporteerd, onbekend, of zonder streefwaarde)."
        )
    if differs.any():
        ids = ", ".join(with_realisation.loc[differs, "goal_id"])
        out.append(
            f"Bij {nl_count(differs.sum(), 'doel', 'doelen')} ({ids}) wijkt het gedrukte "
            "realisatiepercentage "
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
            f"Bij {nl_count(len(realised_elsewhere), 'doel', 'doelen')} is de realisatie "
            "gerapporteerd voor een andere "
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
    "<p><strong>Deze casus heeft geen doelenregister</strong> bij de bronbestanden; "
    "de beoordeling van beleidsdoelen is voor deze casus niet uitgevoerd.</p>"
)


def where(lines: str, norms: Mapping[str, Any]) -> str:
    """A seed reference of a norm file (``000 r. 571-573``) in words a reader knows
    (``onderzoeksopzet 2023, r. 571-573``), by the file's ``documents``."""
    for seed, name in norms.get("documents", {}).items():
        lines = re.sub(rf"(?<!\d){re.escape(str(seed))} r\.", f"{name}, r.", lines)
    return lines


def norms_parts(norms: Mapping[str, Any]) -> list[Part]:
    """Section "Normenkader": the norm, its criteria and the scale.

    A norm file that gives per criterion the seed lines (``lines``) and this analysis's reading
    rule (``reading``) gets those as columns too, so the rekenkamer's words and the analysis's
    reading stand apart.
    """
    specs = list(norms["criteria"].values())
    rows = []
    for c in specs:
        row = {"criterium": c["label"], "omschrijving": " ".join(str(c["description"]).split())}
        if any("lines" in s for s in specs):
            row["omschrijving"] = f"‘{row['omschrijving']}’ ({where(c.get('lines', ''), norms)})"
        if any("reading" in s for s in specs):
            row["leesregel van deze analyse"] = where(
                " ".join(str(c.get("reading", "")).split()), norms
            )
        rows.append(row)
    scale = "; ".join(f"<strong>{k}</strong> = {v}" for k, v in norms["scale"].items())
    norm = " ".join(str(norms["norm"]).split())
    if "norm_lines" in norms:
        norm = f"{escape(norm)}</em> ({escape(where(norms['norm_lines'], norms))})<em>"
    return [
        html(
            f"<p><em>{norm}</em></p>",
            table(
                pd.DataFrame(rows),
                caption="Normen voor de formulering van doelen",
                source=f"Bron: {' '.join(str(norms['source']).split())}",
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
                goal_table_html(group["goals"], group["caption"], source, with_auditor, norms),
                sentences(scoring_sentences(group["goals"], with_auditor, norms)),
            )
        )
    if goal_criteria(norms) != CRITERIA:
        parts += evidence_parts(scored, norms)
    return parts


def _score_and_evidence(value: tuple[Any, Any]) -> str:
    # no badge where the rule gives no score: the evidence then says why
    score, evidence = value
    return f"{score_badge(score)} {escape('' if pd.isna(evidence) else str(evidence))}".strip()


def evidence_parts(scored: pd.DataFrame, norms: Mapping[str, Any]) -> list[Part]:
    """Per goal the pre-score of each shown criterion with the evidence that led to it, and the
    criteria the register cannot judge (for a norm set whose pre-score stands alone: there is
    no auditors' verdict per goal to set it beside)."""
    labels, criteria = _labels(norms), shown_criteria(norms)
    view = scored[["goal_id"]].copy()
    for c in criteria:
        view[c] = list(zip(scored[f"pre_{c}"], scored[f"pre_{c}_evidence"], strict=True))
    parts: list[Part] = [
        table(
            view,
            caption="Waarom deze voorlopige scores: de gevonden kenmerken per doel",
            headers={"goal_id": "nr", **{c: labels[c] for c in criteria}},
            formats={c: _score_and_evidence for c in criteria},
        )
    ]
    hidden = [c for c in goal_criteria(norms) if c not in criteria]
    for c in hidden:
        reasons = scored[f"pre_{c}_evidence"].dropna().unique()
        reason = f" ({where(reasons[0], norms)})" if len(reasons) == 1 else ""
        parts.append(
            f"<p class='audit-note'><strong>{escape(labels[c].capitalize())}</strong> krijgt "
            f"per doel geen voorlopige score{escape(reason)}.</p>"
        )
    return parts


def key_term_sentences(scored: pd.DataFrame, uses: pd.DataFrame) -> list[str]:
    """Counted conclusions on key terms without a definition (Dutch)."""
    undefined = uses[~uses["is_defined"].astype(bool)]
    goals_n = undefined["goal_id"].nunique()
    out = []
    if undefined.empty:
        out.append(
            f"Geen van de {len(scored)} doelen gebruikt een kernbegrip zonder definitie in het "
            "doelenregister."
        )
    else:
        per_goal = undefined.groupby("goal_id", sort=False)["term"].agg(
            lambda t: ", ".join(f"‘{x}’" for x in t)
        )
        listed = "; ".join(f"{g} ({terms})" for g, terms in per_goal.items())
        out.append(
            f"{goals_n} van de {len(scored)} doelen "
            f"{'gebruikt' if goals_n == 1 else 'gebruiken'} een kernbegrip dat het "
            f"doelenregister niet definieert: {listed}. Zonder definitie is niet na te gaan of "
            f"{'dit doel wordt' if goals_n == 1 else 'deze doelen worden'} gehaald."
        )
    defined = uses[uses["is_defined"].astype(bool)]
    if not defined.empty:
        out.append(
            f"{nl_count(defined['goal_id'].nunique(), 'doel gebruikt', 'doelen gebruiken')} een "
            "kernbegrip dat wel is "
            f"gedefinieerd ({', '.join(f'‘{t}’' for t in dict.fromkeys(defined['term']))})."
        )
    return out


def key_term_parts(
    scored: pd.DataFrame, norms: Mapping[str, Any], definitions: pd.DataFrame | None
) -> list[Part]:
    """Section "Kernbegrippen zonder definitie": the count, and per term the goals that use it
    and why the norm set counts it as a key term."""
    if not norms.get("key_terms"):
        return ["<p>Dit normenkader noemt geen kernbegrippen.</p>"]
    uses = key_term_uses(scored, norms, definitions)
    parts: list[Part] = [sentences(key_term_sentences(scored, uses))]
    by_term = undefined_terms_by_term(uses)
    if not by_term.empty:
        by_term["basis"] = [
            f"“{basis}” ({'; '.join(x for x in (where(lines, norms), note) if x)})"
            for basis, lines, note in zip(
                by_term["basis"], by_term["lines"], by_term["note"], strict=True
            )
        ]
        parts.append(
            table(
                by_term.drop(columns=["lines", "note"]),
                caption="Kernbegrippen zonder definitie",
                source=f"Bron: doelenregister van deze casus; kernbegrippen: {norms['source']}",
                headers={
                    "term": "kernbegrip",
                    "goal_ids": "gebruikt in doel",
                    "goals_n": "aantal doelen",
                    "basis": "waarom een kernbegrip",
                },
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
        found = change_sentences(changes, indicator_labels(register))
        parts.append(html("<h3>Gevonden wijzigingen</h3>", sentences(found)))
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
            consistency_by_indicator(register, changes).assign(
                indicator=lambda f: f["indicator"].map(indicator_labels(register))
            ),
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
