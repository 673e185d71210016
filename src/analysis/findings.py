"""One computed key finding per audit component, as a Dutch sentence.

Used by the front page (one per section) and by the summary (the finding that supports each
recommendation). Every figure in a sentence is read from ``data/processed/<case>/`` or from the
case's coded data at build time; a component whose outputs are missing gets no sentence.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis import paths, summary
from analysis.cases import Case
from analysis.report import nl_eur, nl_number, nl_pct, nl_signed
from analysis.tables import load_table, table_files


def _sources(case: str, cfg: Case) -> str | None:
    from analysis.tables import check_case, has_transcriptions

    if not has_transcriptions(case):
        return None
    inventory = check_case(case)
    return (
        f"Uit het rapport overgenomen: {nl_number(inventory.tables)} tabellen en figuren met "
        f"{nl_number(inventory.cells)} cijfers en teksten, en {nl_number(inventory.facts)} cijfers "
        "uit de lopende tekst, elk met bron."
    )


def _registry(case: str, cfg: Case) -> str | None:
    funnel = summary.processed_csv(case, "funnel.csv")
    if funnel is None:
        return None
    clients = funnel[funnel["table"] == "clients"]
    first, last = clients.iloc[0], clients.iloc[-1]
    rules = funnel["rule"].nunique()
    return (
        f"Na {rules} selectie- en opschoonregels blijven {nl_number(last['records_out'])} van de "
        f"{nl_number(first['records_in'])} cliënten in het bestand over."
    )


def _goals(case: str, cfg: Case) -> str | None:
    goals = summary.processed_csv(case, "goals_scored.csv")
    if goals is None or goals.empty:
        return None
    scored = goals["auditor_specific"].notna()
    if scored.any():
        specific = int((goals.loc[scored, "auditor_specific"] == "+").sum())
        timed = int((goals.loc[scored, "auditor_time_bound"] == "+").sum())
        return (
            f"Van de {nl_number(scored.sum())} beleidsdoelen die de rekenkamer beoordeelde, "
            f"zijn er "
            f"{nl_number(specific)} volledig specifiek en {nl_number(timed)} volledig tijdgebonden."
        )
    specific = int((goals["pre_specific"] == "+").sum())
    timed = int((goals["pre_time_bound"] == "+").sum())
    return (
        f"Van de {nl_number(len(goals))} beleidsdoelen zijn er volgens de automatische voorscore "
        f"{nl_number(specific)} specifiek en {nl_number(timed)} tijdgebonden "
        "(het rapport scoort ze niet)."
    )


def _conclusion(case: str, cfg: Case) -> pd.DataFrame:
    return summary.conclusions(case, cfg["contract_success_pct"])


def _outflow(case: str, cfg: Case) -> str | None:
    frame = _conclusion(case, cfg)
    try:
        work = summary.value(frame, "outflow_to_work_pct")
        after = summary.value(frame, "outflow_after_trajectory_pct")
        completers = summary.value(frame, "work_of_completers_pct")
    except KeyError:
        return None
    return (
        f"{nl_pct(work)} van de cliënten met een uitkering vond regulier werk, {nl_pct(after)} na "
        f"een afgerond traject; van wie een traject afrondde, vond {nl_pct(completers, 0)} werk."
    )


def _contracts(case: str, cfg: Case) -> str | None:
    frame = _conclusion(case, cfg)
    try:
        good = summary.value(frame, "contracts_successful_n")
        total = summary.value(frame, "contracts_examined_n")
    except KeyError:
        return None
    return (
        f"{nl_number(good)} van de {nl_number(total)} contracten halen ten minste "
        f"{cfg['contract_success_pct']:g}% uitstroom naar werk."
    )


def _costs(case: str, cfg: Case) -> str | None:
    frame = _conclusion(case, cfg)
    try:
        per_client = summary.value(frame, "cost_per_client_eur")
        per_exit = summary.value(frame, "cost_per_exit_eur")
    except KeyError:
        return None
    text = (
        f"Gemiddeld {nl_eur(per_client)} re-integratiekosten per cliënt met een uitkering; "
        f"{nl_eur(per_exit)} per cliënt die na een traject werk vond"
    )
    if "break_even_years" in set(frame["id"]):
        years = summary.value(frame, "break_even_years")
        text += f", terug te verdienen in {nl_number(years, 1)} jaar uit de uitkering"
    return text + "."


def _payments(case: str, cfg: Case) -> str | None:
    findings = summary.processed_csv(case, "payment_findings.csv")
    if findings is None:
        return None
    unique = findings.drop_duplicates("payment_id")
    first = findings[findings["rule"] == "premium_for_financed_placement"]
    return (
        f"De betalingscontrole vindt {nl_number(len(unique))} betalingen "
        f"({nl_eur(unique['amount_eur'].sum())}) die een controleregel raakt, waaronder "
        f"{nl_number(len(first))} uitstroompremies ({nl_eur(first['amount_eur'].sum())}) "
        "voor banen "
        f"die de gemeente zelf financierde."
    )


def _casestudies(case: str, cfg: Case) -> str | None:
    verdicts = summary.processed_csv(case, "casestudy_verdicts.csv")
    if verdicts is None:
        return None
    phases = verdicts[(verdicts["level"] == "phase") & (verdicts["trajectory_id"] == "all")]
    names = {"before": "voor", "during": "tijdens", "after": "na"}
    words = {"+": "voldoet", "+/-": "voldoet deels", "-": "voldoet niet"}
    parts = "; ".join(
        f"{names.get(p, p)} het traject: {words.get(v, 'geen oordeel')}"
        for p, v in zip(phases["phase"], phases["verdict"], strict=True)
    )
    text = f"Oordeel over de uitvoering, afgeleid uit de normscores: {parts}."
    compared = summary.processed_csv(case, "casestudy_comparison.csv")
    if compared is not None and len(compared):
        text += (
            f" {nl_number(compared['agrees'].sum())} van de {nl_number(len(compared))} gedrukte "
            f"oordelen volgen uit de regel."
        )
    return text


def _information(case: str, cfg: Case) -> str | None:
    from analysis import information

    if not information.has_information(case):
        return None
    counts = information.score_counts(information.load_findings(case))
    total = sum(counts.values())
    text = (
        f"Van de {nl_number(total)} normonderdelen voor informatie aan de raad voldoet de gemeente "
        f"aan {nl_number(counts['+'])}, deels aan {nl_number(counts['+/-'])} en niet aan "
        f"{nl_number(counts['-'])}"
    )
    if counts["none"]:
        text += f"; bij {nl_number(counts['none'])} geeft het rapport geen oordeel"
    return text + "."


def _participation(case: str, cfg: Case) -> str | None:
    from analysis.participation import changes

    if "s_volume" not in set(table_files(case)):
        return None
    volume = load_table(case, "s_volume")
    column = next(c for c in volume.columns if c.endswith("_n"))
    last = changes(volume, column).iloc[-1]
    first = volume.iloc[0]
    text = (
        f"Het aantal bijstandsuitkeringen ging van {nl_number(first[column])} "
        f"({first['label']}) naar {nl_number(last[column])} ({last['label']}): "
        f"{nl_signed(last['change_first'], 0)} ({nl_signed(last['change_first_pct'])}%)."
    )
    if "t4_1" in set(table_files(case)):
        shares = load_table(case, "t4_1")
        none = shares.loc[shares["label"].str.lower().str.startswith("geen"), "clienten_pct"]
        if len(none):
            text += (
                f" {nl_number(100 - none.iloc[0])}% van de cliënten heeft ten minste één "
                "activiteit (participatie)."
            )
    return text


def _consistency(case: str, cfg: Case) -> str | None:
    checks = summary.processed_csv(case, "consistency.csv")
    if checks is None or checks.empty:
        return None
    findings = int((checks["verdict"] == "finding").sum())
    verb = "vindt" if findings == 1 else "vinden"
    return (
        f"{nl_number(findings)} van de {nl_number(len(checks))} rekenkundige controles op de "
        f"gedrukte cijfers {verb} een inconsistentie in het rapport."
    )


def _reproduction(case: str, cfg: Case) -> str | None:
    rows = summary.processed_csv(case, "reproduction.csv")
    if rows is None or rows.empty:
        return None
    compared = rows[rows["within_tolerance"].notna()]
    within = compared["within_tolerance"].astype(str).str.lower().eq("true")
    return (
        f"{nl_number(within.sum())} van de {nl_number(len(compared))} gedrukte cijfers "
        f"({nl_pct(100 * within.mean())}) zijn met de analyse teruggevonden."
    )


def _research_questions(case: str, cfg: Case) -> str | None:
    mapping = research_question_steps(case)
    if mapping is None:
        return None
    covered = mapping[mapping["component"].isin(list(FINDERS))]
    return (
        f"{nl_number(mapping['nr'].nunique())} deelvragen, waarvan "
        f"{nl_number(covered['nr'].nunique())} aansluiten op een stap van deze aanpak."
    )


def research_question_steps(case: str) -> pd.DataFrame | None:
    """The case's research questions mapped onto the audit's components
    (``data/raw/<case>/research_question_steps.csv``: nr, component, toelichting)."""
    from analysis.cases import COMPONENTS

    file = paths.raw_dir(case) / "research_question_steps.csv"
    if not file.is_file():
        return None
    frame = pd.read_csv(file, dtype={"nr": str})
    unknown = sorted(set(frame["component"]) - set(COMPONENTS))
    if unknown:
        raise ValueError(
            f"{file}: unknown component {', '.join(unknown)}; known: {', '.join(COMPONENTS)}"
        )
    return frame


FINDERS: dict[str, Callable[[str, Case], str | None]] = {
    "sources": _sources,
    "registry": _registry,
    "goals": _goals,
    "outflow": _outflow,
    "contracts": _contracts,
    "costs": _costs,
    "payments": _payments,
    "casestudies": _casestudies,
    "information": _information,
    "participation": _participation,
    "consistency": _consistency,
    "reproduction": _reproduction,
    "research_questions": _research_questions,
}


def component_findings(cfg: Case) -> dict[str, str]:
    """``{component: sentence}`` for every component whose outputs exist."""
    out = {}
    for component, finder in FINDERS.items():
        sentence = finder(cfg.name, cfg)
        if sentence:
            out[component] = sentence
    return out
