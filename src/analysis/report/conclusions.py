"""The conclusions (notebook 99) as a reader sees them: values in Dutch notation, the table of
computed against printed, the sentences for what disagrees, and Figuur 8.1."""

from __future__ import annotations

import pandas as pd

from analysis import store
from analysis.core import paths
from analysis.core.cases import Case
from analysis.core.formats import MISSING, decimals_of, nl_eur, nl_number, nl_pct
from analysis.published.reproduction import summary as reproduction_summary
from analysis.published.tables import load_table, table_meta
from analysis.report.definitions import DEFINITIONS
from analysis.report.disclosure import review
from analysis.report.html import Part, escape, sentences, table
from analysis.steps.conclusions import value


def figure_8_1(case: str):
    """Figuur 8.1 as computed (processed f8_1) next to the printed one, as stacked bars (None
    without a printed one: notebook 02 shows the computed bar)."""
    import matplotlib.pyplot as plt

    from analysis.published.tables import load_table
    from analysis.report.style import COLOURS

    computed = store.read(case, "table", table_id="f8_1")
    if computed is None or not (paths.raw_dir(case) / "tables" / "f8_1.csv").is_file():
        return None
    printed = load_table(case, "f8_1")
    parts = computed[~computed["label"].str.contains("totaal")].reset_index(drop=True)
    colours = [COLOURS["grey"], COLOURS["sky"], COLOURS["orange"], COLOURS["blue"]]
    short = [
        "nog in de bijstand",
        "uitkering beëindigd om andere redenen",
        "werk zonder afgerond traject",
        "werk na afgerond traject",
    ]
    bars = [("berekend", parts["aandeel_pct"].tolist())]
    lookup = dict(zip(printed["label"], printed["aandeel_pct"], strict=True))
    bars.append(("rapport", [lookup.get(label) for label in parts["label"]]))
    fig, ax = plt.subplots(figsize=(10, 2.6))
    for y, (_, values) in enumerate(bars):
        left = 0.0
        for i, share in enumerate(values):
            if share is None or share != share:
                continue
            ax.barh(y, share, left=left, color=colours[i % 4], label=short[i] if y == 0 else None)
            if share >= 3:
                ax.text(
                    left + share / 2,
                    y,
                    f"{share:.1f}".replace(".", ","),
                    ha="center",
                    va="center",
                    color="white" if i in (0, 3) else "black",
                    fontsize=9,
                )
            left += share
    ax.set_yticks(range(len(bars)), [b[0] for b in bars])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% van de cliënten met een uitkering in de periode")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=4, fontsize=8, frameon=False)
    ax.set_title("Figuur 8.1 – Wat werd er van de cliënten met een uitkering?")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    fig.disclosure = review(
        "aandelen van alle cliënten met een uitkering (tienduizenden); de aantallen "
        "erachter draagt de figuur niet mee"
    )
    return fig


def format_value(value: float, unit: str) -> str:
    """A conclusion's value in Dutch notation for its unit."""
    if value != value:  # NaN: the case does not print this figure
        return MISSING
    if unit == "pct":
        return nl_pct(value, 1)
    if unit == "eur":
        return nl_eur(value)
    if unit == "years":
        return f"{nl_number(value, 1)} jaar"
    return nl_number(value)


def format_step(step: float | None, unit: str) -> str:
    """The rounding step of a printed figure: ``0,1 procentpunt``, ``€ 1.000``, ``0,5 jaar``."""
    if step is None or step != step:
        return MISSING
    if unit == "pct":
        return f"{nl_number(step, decimals_of(step))} procentpunt"
    if unit == "years":
        return f"{nl_number(step, decimals_of(step))} jaar"
    return nl_eur(step) if unit == "eur" else nl_number(step)


THEMES = {
    "outflow": "Uitstroom naar werk",
    "contracts": "Contracten",
    "costs": "Kosten",
    "payments": "Betalingen",
}
_T415 = "{t4_15}: van {clients} cliënten met een uitkering"
_T416 = "{t4_16}: van {completed} cliënten met een afgerond traject"
_PER_EXIT = (
    "kosten van cliënten met een uitkering en een afgerond traject, gedeeld door de "
    "{work_after_trajectory} die daarna werk vonden (onderdeel 3)"
)
_RULE_1 = "betalingscontrole, controleregel 1 (onderdeel 3)"
WORDING: dict[str, tuple[str, str]] = {
    "outflow_to_work_pct": (
        "Cliënten met een uitkering die regulier werk vonden",
        _T415 + " vonden er {work} werk",
    ),
    "clients_found_work_n": ("Aantal cliënten dat regulier werk vond", "{t4_15}"),
    "outflow_after_trajectory_pct": (
        "… van wie werk vond na afronding van een re-integratieactiviteit",
        _T415 + " vonden er {after} werk na een afgerond traject",
    ),
    "work_of_completers_pct": (
        "Cliënten met een afgerond traject die regulier werk vonden",
        _T416 + " vonden er {work} werk",
    ),
    "still_on_benefit_of_completers_pct": (
        "Cliënten met een afgerond traject die nog in de bijstand zitten",
        _T416 + " hadden er {still} nog een uitkering",
    ),
    "contracts_examined_n": (
        "Onderzochte contracten met re-integratiebedrijven",
        "{t4_17}",
    ),
    "contracts_successful_n": (
        "Contracten met ten minste {success_pct:g}% uitstroom naar werk",
        "contracten met ten minste {success_pct:g}% uitstroom (een instelling van de "
        "analyse, "
        "onderdeel 2)",
    ),
    "contracts_low_outflow_n": (
        "Contracten met 0% tot {edge_pct:g}% uitstroom naar werk",
        "{t4_17}, klassen tot {edge_pct:g}%",
    ),
    "clients_on_low_outflow_contracts_n": (
        "Cliënten op die contracten",
        "{t4_17}; het rapport schrijft 'ruim'",
    ),
    "cost_per_client_eur": (
        "Gemiddelde re-integratiekosten per cliënt met een uitkering",
        "{t5_6}",
    ),
    "cost_per_exit_eur": ("Kosten per uitstroom naar werk (§5.3.1)", _PER_EXIT),
    "cost_per_exit_eur_ch8": ("Kosten per uitstroom naar werk (hoofdstuk 8: 'circa')", _PER_EXIT),
    "break_even_years": (
        "Jaren uit de uitkering om de kosten terug te verdienen",
        "kosten per uitstroom gedeeld door de uitkeringskosten per maand (onderdeel 3)",
    ),
    "low_outflow_cost_pct": (
        "Deel van het contractgeld naar contracten met hooguit {edge_pct:g}% uitstroom",
        "{t5_9_part}",
    ),
    "financed_placement_premium_clients_n": (
        "Cliënten voor wie een uitstroompremie werd betaald voor een baan die de gemeente "
        "zelf "
        "financierde",
        _RULE_1,
    ),
    "financed_placement_premium_eur": ("… bedrag van die premies", _RULE_1),
    "payment_findings_eur": (
        "Alle betalingen die een controleregel raakt",
        "betalingscontrole, controleregels 1–4 (onderdeel 3)",
    ),
}
"""Per conclusion: its label and what it is computed from, filled in from its ``parts``
(counts in Dutch notation, thresholds as set) and the table references (:func:`table_refs`)."""
OWN_WORDING: dict[str, tuple[str, str]] = {
    "cost_per_exit_eur": ("Kosten per uitstroom naar werk", _PER_EXIT),
    "clients_on_low_outflow_contracts_n": ("Cliënten op die contracten", "{t4_17}"),
}
"""The wording of conclusions whose usual wording quotes the printed report, for a case without
one."""
PRINTED_ONLY = ("cost_per_exit_eur_ch8",)
"""Conclusions that only repeat another one to meet a second printed statement of it."""


def table_refs(printed: bool) -> dict[str, str]:
    """How the basis of a conclusion names a computed table: by its printed number where the
    case has a printed report, else by its own title (``report.definitions``)."""
    ids = ("t4_15", "t4_16", "t4_17", "t5_6", "t5_9")
    if printed:
        refs = {t: f"tabel {t[1:].replace('_', '.')} (herberekend)" for t in ids}
        return {**refs, "t5_9_part": "tabel 5.9 (herberekend, onderdeel 3)"}
    refs = {t: f"tabel ‘{DEFINITIONS[t].title}’" for t in ids}
    return {**refs, "t5_9_part": f"{refs['t5_9']} (onderdeel 3)"}


def is_printed(conclusions: pd.DataFrame) -> bool:
    """Whether any conclusion has a printed figure (a case with a printed report)."""
    return bool(conclusions["printed"].notna().any())


def _fill(template: str, parts: dict[str, float], refs: dict[str, str] | None = None) -> str:
    counts = {k: nl_number(v) for k, v in parts.items() if not k.endswith("_pct")}
    return template.format(**{**(refs or table_refs(True)), **parts, **counts})


def worded(conclusions: pd.DataFrame) -> pd.DataFrame:
    """The conclusions with ``label``, ``basis`` and the theme in words (without a printed
    report: without the conclusions and words that only refer to it)."""
    printed = is_printed(conclusions)
    if not printed:
        conclusions = conclusions[~conclusions["id"].isin(PRINTED_ONLY)]
    refs = table_refs(printed)
    labels, bases = [], []
    for figure_id, parts in zip(conclusions["id"], conclusions["parts"], strict=True):
        label, basis = (
            WORDING[figure_id] if printed else OWN_WORDING.get(figure_id, WORDING[figure_id])
        )
        labels.append(_fill(label, parts, refs))
        bases.append(_fill(basis, parts, refs))
    return conclusions.assign(theme=conclusions["theme"].map(THEMES), label=labels, basis=bases)


def conclusions_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The conclusions as a reader's table: computed and printed side by side (computed only
    for a case without a printed report)."""
    printed = is_printed(frame)
    frame = worded(frame)
    agree = frame["agrees"].map({True: "ja", False: "nee"}).fillna("–")
    if not printed:
        return pd.DataFrame(
            {
                "onderwerp": frame["theme"],
                "conclusie": frame["label"],
                "berekend": [
                    format_value(v, u)
                    for v, u in zip(frame["computed"], frame["unit"], strict=True)
                ],
                "berekend uit": frame["basis"],
            }
        )
    return pd.DataFrame(
        {
            "onderwerp": frame["theme"],
            "conclusie": frame["label"],
            "berekend": [
                format_value(v, u) for v, u in zip(frame["computed"], frame["unit"], strict=True)
            ],
            "in het rapport": [
                format_value(v, u) for v, u in zip(frame["printed"], frame["unit"], strict=True)
            ],
            "afronding van het rapport": [
                format_step(st, u) for st, u in zip(frame["step"], frame["unit"], strict=True)
            ],
            "binnen de afronding": agree,
            "berekend uit": frame["basis"],
        }
    )


def disagreement_sentences(frame: pd.DataFrame) -> list[str]:
    """One sentence per conclusion whose computed value is outside the printed rounding."""
    frame = worded(frame)
    out = []
    for _, r in frame[frame["agrees"].eq(False)].iterrows():
        out.append(
            f"{r['label']}: berekend {format_value(r['computed'], r['unit'])}, het rapport drukt "
            f"{format_value(r['printed'], r['unit'])} (“{r['quote']}”)."
        )
    return out


# ---------------------------------------------------------------------------------------------
# the sections of notebook 99, as output parts

NO_CONCLUSIONS = (
    "<p>Voor deze casus is geen cliëntenbestand beschikbaar; de hoofdconclusies over "
    "uitstroom en "
    "kosten zijn daarom niet te berekenen. Hieronder staan de bevindingen van de "
    "onderdelen die "
    "wel zijn uitgevoerd.</p>"
)
NO_TRAJECTORY_CONCLUSIONS = (
    "<p>De hoofdconclusies van de audit van 2007 (uitstroom na een afgerond traject, "
    "kosten per "
    "uitstroom) vragen trajecten en kosten die het cliëntenbestand van deze casus "
    "niet heeft. "
    "Hieronder staan de bevindingen van de onderdelen die wel zijn uitgevoerd.</p>"
)
TABLE_SOURCE = (
    "Berekend uit de tussenresultaten van de eerdere onderdelen. 'Afronding van het "
    "rapport': "
    "de stap waarop het rapport het cijfer afrondt, zoals het gedrukt staat; 'binnen de "
    "afronding': het berekende cijfer ligt binnen een halve stap van het gedrukte."
)


VERDICTS = {
    "outflow": "De effectiviteit van re-integratie is laag.",
    "costs": "De kosten staan niet in verhouding tot de resultaten.",
}
"""The printed report's verdicts that lead the paragraphs of its main conclusions."""
OWN_HEADINGS = {"outflow": "Uitstroom naar werk.", "costs": "Kosten."}


def headline_paragraphs(cfg: Case, conclusions: pd.DataFrame) -> str:
    """The audit's main conclusions as paragraphs, each figure computed (those the case has)."""
    ids = set(conclusions["id"])

    def v(figure_id: str) -> float:
        return value(conclusions, figure_id)

    def f(figure_id: str) -> str:
        row = conclusions[conclusions["id"] == figure_id].iloc[0]
        return format_value(row["computed"], row["unit"])

    period = f"{cfg.period_start:%d-%m-%Y} en {cfg.period_end:%d-%m-%Y}"
    # the verdicts are the printed report's; without one the figures stand on their own
    printed = is_printed(conclusions)
    verdicts = VERDICTS if printed else OWN_HEADINGS
    lines = []
    if "outflow_to_work_pct" in ids:
        lines.append(
            f"<strong>{verdicts['outflow']}</strong> Tussen "
            f"{period} vond {f('outflow_to_work_pct')} van de cliënten met een uitkering regulier "
            f"werk, {f('outflow_after_trajectory_pct')} na afronding van een "
            "re-integratieactiviteit. Van wie een traject afrondde, vond "
            f"{nl_pct(v('work_of_completers_pct'), 0)} werk; "
            f"{nl_pct(v('still_on_benefit_of_completers_pct'), 0)} zat nog in de bijstand."
        )
    if "contracts_successful_n" in ids:
        lines.append(
            f"Van de {f('contracts_examined_n')} contracten met re-integratiebedrijven halen er "
            f"{f('contracts_successful_n')} ten minste {cfg['contract_success_pct']:g}% uitstroom "
            f"naar werk; {f('contracts_low_outflow_n')} halen hooguit "
            f"{cfg['contract_buckets_pct'][1]:g}%."
        )
    if "cost_per_exit_eur" in ids:
        text = (
            f"<strong>{verdicts['costs']}</strong> De gemeente "
            f"gaf gemiddeld {f('cost_per_client_eur')} per cliënt met een uitkering uit aan "
            "re-integratie; per cliënt die na een traject werk vond is dat "
            f"{f('cost_per_exit_eur')}"
        )
        if "break_even_years" in ids:
            text += (
                f". Bij {nl_eur(cfg['benefit_cost_per_month_eur'])} uitkeringskosten per maand "
                f"moet zo'n cliënt {nl_number(v('break_even_years'), 1)} jaar uit de uitkering "
                "blijven om die kosten terug te verdienen"
            )
        lines.append(text + ".")
    if "financed_placement_premium_eur" in ids:
        lines.append(
            f"De gemeente betaalde {f('financed_placement_premium_eur')} aan uitstroompremies "
            f"voor {f('financed_placement_premium_clients_n')} cliënten die een baan kregen die "
            "zij zelf ook financierde."
        )
    return "".join(f"<p>{line}</p>" for line in lines)


def headline_parts(cfg: Case, conclusions: pd.DataFrame, found: dict[str, str]) -> list[Part]:
    """Section "Hoofdconclusies": the paragraphs, the table computed against printed, and the
    sentences for what lies outside the printed rounding."""
    if conclusions.empty:
        why = NO_TRAJECTORY_CONCLUSIONS if cfg.has("registry") else NO_CONCLUSIONS
        # the consistency finding has a section of its own further down the page
        return [why, sentences([v for k, v in found.items() if k != "consistency"])]
    if not is_printed(conclusions):
        return [
            headline_paragraphs(cfg, conclusions),
            table(
                conclusions_view(conclusions),
                caption="Hoofdconclusies: berekende cijfers",
                source="Berekend uit de tussenresultaten van de eerdere onderdelen.",
            ),
        ]
    agree = conclusions["agrees"].dropna()
    lines = [
        f"{int(agree.astype(bool).sum())} van de {len(agree)} gedrukte cijfers liggen binnen hun "
        "afronding van de berekening.",
        *disagreement_sentences(conclusions),
    ]
    return [
        headline_paragraphs(cfg, conclusions),
        table(
            conclusions_view(conclusions),
            caption="Hoofdconclusies: berekend en gedrukt",
            source=TABLE_SOURCE,
        ),
        sentences(lines),
    ]


def reproduction_parts(case: str, rows: pd.DataFrame, found: dict[str, str]) -> list[Part]:
    """Section "Hoeveel gedrukte cijfers vindt de analyse terug?": per table, and the finding."""
    per_table = reproduction_summary(rows)
    per_table.insert(1, "tabel", [table_meta(case, t).number for t in per_table["table_id"]])
    return [
        table(
            per_table.drop(columns=["table_id"]),
            caption="Reproductie per tabel",
            headers={
                "cells_n": "vergeleken cijfers",
                "within_n": "binnen de marge",
                "not_compared_n": "niet vergeleken",
                "within_pct": "% binnen de marge",
            },
            formats={"within_pct": lambda x: nl_pct(x)},
            source="Berekend uit de vergelijkingen met het rapport in de eerdere onderdelen.",
        ),
        sentences([found["reproduction"]]),
    ]


def consistency_parts(found: dict[str, str]) -> list[Part]:
    """Section "Gedrukte cijfers die onderling niet kloppen": the finding, with a link to the
    consistency page that lists them (listed once, not here again)."""
    return [
        sentences([found["consistency"]]),
        "<p>Elke bevinding staat met de gedrukte en de herberekende waarde op de pagina "
        "<a href='90_consistency.html'>Consistentie van gepubliceerde cijfers</a>.</p>",
    ]


STEP_NAMES = {
    "goals": "doelen",
    "outflow": "uitstroom",
    "costs": "kosten",
    "payments": "betalingen",
    "casestudies": "uitvoering",
    "information": "informatie",
    "benchmark": "vergelijking met andere gemeenten",
    "participation": "participatie",
    "registry": "cliëntenbestand",
    "research_questions": "onderzoeksvragen",
    "reach": "bereik",
    "norms": "normenkader",
    "interviews": "interviews met cliënten",
    "peers": "vergelijking met gemeenten van dezelfde grootte",
}


def bullets(text: str, heading: str | None = None) -> str:
    """A printed recommendation as HTML: its printed heading in bold where the transcription
    gives it (``heading`` of recommendations.csv, with which the text begins), the lead
    sentence, then its printed bullets (``•``) as a list, so they do not run together in one
    cell."""
    text = str(text)
    out = ""
    if isinstance(heading, str) and heading and text.startswith(heading):
        out, text = f"<p><strong>{escape(heading)}</strong></p>", text[len(heading) :]
    lead, *items = [part.strip() for part in text.split("•")]
    out += f"<p>{escape(lead)}</p>" if lead else ""
    if items:
        out += "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items if item) + "</ul>"
    return out


def _printed_section(recommendations: pd.DataFrame) -> str:
    """The § the recommendations stand in (``§8.5, aanbeveling 1`` → ``§8.5``)."""
    found = recommendations["chapter_section"].dropna().astype(str).str.extract(r"(§[\d.]+)")[0]
    sections = list(dict.fromkeys(found.dropna()))
    return ", ".join(sections)


def recommendation_parts(
    cfg: Case, recommendations: pd.DataFrame, found: dict[str, str]
) -> list[Part]:
    """Section "Aanbevelingen": each recommendation with the computed findings it rests on (and,
    where the report addresses them to the college or the council, to whom)."""
    support = [
        " ".join(found[c] for c in addresses if c in found) or "–"
        for addresses in recommendations["addresses"]
    ]
    columns = {
        "nr": recommendations["rec_id"],
        "aanbeveling": [
            bullets(text, heading)
            for text, heading in zip(
                recommendations["recommendation"],
                recommendations.get("heading", pd.Series(None, index=recommendations.index)),
                strict=True,
            )
        ],
    }
    addressees = (
        recommendations["addressee"].fillna("")
        if "addressee" in recommendations
        else pd.Series("", index=recommendations.index)
    )
    columns["onderdeel"] = [
        escape(", ".join(STEP_NAMES.get(c, c) for c in a if c))
        for a in recommendations["addresses"]
    ]
    columns["berekende bevinding"] = [escape(s) for s in support]
    frame = pd.DataFrame(columns, index=recommendations.index)
    where = _printed_section(recommendations)
    source = (
        f"Aanbevelingen: {cfg.auditor} ({cfg.published}), {where or 'het rapport'}, "
        "letterlijk. Bevindingen: berekend in de onderdelen."
    )
    basis = f" ({where})" if where else ""
    # a report that addresses the college and the council: one table each, in printed order
    groups = list(dict.fromkeys(addressees)) if addressees.ne("").all() else [None]
    parts: list[Part] = []
    for group in groups:
        rows = frame if group is None else frame[addressees == group]
        to = "" if group is None else f" {ADDRESSEES.get(group, 'aan ' + group)}"
        parts.append(
            table(
                rows,
                caption=f"Aanbevelingen{to}{basis} met de onderbouwing uit deze analyse",
                source=source,
                escape=False,
            )
        )
    return parts


ADDRESSEES = {"college": "voor het college", "raad": "voor de gemeenteraad"}
"""How a caption names the addressee of recommendations (``addressee`` of
recommendations.csv)."""


QUESTION_STEPS = {
    "goals": "1 – beleidsdoelen",
    "registry": "0/2 – cliëntenbestand (bereik)",
    "outflow": "2 – uitstroom en werk met ondersteuning",
    "casestudies": "4 – uitvoering",
    "information": "5 – informatievoorziening",
    "costs": "3 – kosten",
}


def research_question_parts(cfg: Case, mapping: pd.DataFrame) -> list[Part]:
    """Section "Onderzoeksvragen": the research plan's sub-questions, what answers each (a
    computed figure, a coded finding, or interviews and dossiers this case lacks), and whether
    it is answered in this build."""
    from analysis.report.findings import ANSWERS, question_status

    questions = load_table(cfg.name, "s_research_questions")
    questions = questions[questions["nr"] != "centraal"]
    merged = mapping.merge(questions[["nr", "vraag"]], on="nr", how="left")
    merged["stap"] = merged["component"].map(QUESTION_STEPS)
    merged["antwoord"] = merged["answer"].map(ANSWERS)
    status = question_status(cfg, mapping)
    answered = status.loc[status["answered"], "nr"].tolist()
    interviews = status.loc[status["interviews_only"], "nr"].tolist()
    lines = [
        f"Van de {len(status)} deelvragen zijn er {len(answered)} beantwoord uit de gegevens van "
        f"deze casus ({', '.join(answered) or 'geen'}): met cijfers die de notebooks berekenen of "
        "bevindingen die uit gecodeerde gegevens volgen. Waar een vraag daarnaast "
        "interviews of "
        "documentanalyse vraagt, staat dat als eigen regel in de tabel."
    ]
    if interviews:
        which = (
            f"Deelvraag {interviews[0]} vraagt"
            if len(interviews) == 1
            else f"Deelvragen {', '.join(interviews[:-1])} en {interviews[-1]} vragen"
        )
        lines.append(
            f"{which} alleen interviews of dossiers; die zitten niet in de gegevens van deze "
            "casus en worden hier niet beantwoord."
        )
    return [
        table(
            merged[["nr", "vraag", "stap", "antwoord", "toelichting"]],
            caption="Deelvragen van het onderzoeksplan en wat ze beantwoordt",
            headers={"nr": "deelvraag", "antwoord": "beantwoord door"},
            source="Deelvragen: het onderzoeksplan van de casus (letterlijk). Welk onderdeel een "
            "deelvraag beantwoordt, staat in een bronbestand van de casus (zie de verantwoording).",
        ),
        sentences(lines),
    ]
