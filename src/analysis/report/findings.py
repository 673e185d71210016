"""One computed key finding per audit component, as a Dutch sentence.

Used by the front page (one per section) and by the summary (the finding that supports each
recommendation). Every figure in a sentence is read from ``data/processed/<case>/`` or from the
case's coded data at build time; a component whose outputs are missing gets no sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from analysis import store
from analysis.core import paths
from analysis.core.cases import Case
from analysis.core.formats import nl_eur, nl_number, nl_pct, nl_signed
from analysis.published.tables import load_table, table_files
from analysis.report.disclosure import Rules, shown_count, told
from analysis.report.reproduction import recovered_sentence
from analysis.steps import conclusions as summary


def _sources(inputs: Inputs) -> str | None:
    case = inputs.case
    from analysis.published.tables import check_case, has_transcriptions

    if not has_transcriptions(case):
        return None
    inventory = check_case(case)
    return (
        f"Uit het rapport overgenomen: {nl_number(inventory.tables)} tabellen en figuren met "
        f"{nl_number(inventory.cells)} cijfers en teksten, en {nl_number(inventory.facts)} cijfers "
        "uit de lopende tekst, elk met bron."
    )


def _registry(inputs: Inputs) -> str | None:
    case = inputs.case
    funnel = store.read(case, "funnel")
    if funnel is None:
        return None
    clients = funnel[funnel["table"] == "clients"]
    first, last = clients.iloc[0], clients.iloc[-1]
    rules = funnel["rule"].nunique()
    return (
        f"Na {rules} selectie- en opschoonregels blijven {nl_number(last['records_out'])} van de "
        f"{nl_number(first['records_in'])} cliënten in het bestand over."
    )


def _goals(inputs: Inputs) -> str | None:
    case = inputs.case
    goals = store.read(case, "goals_scored")
    if goals is None or goals.empty:
        return None
    if inputs.cfg.goal_norms != "2007":
        return _goals_by_norms(inputs.cfg, goals)
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


def _goals_by_norms(cfg: Case, goals: pd.DataFrame) -> str:
    """The goals finding under a norm set without the auditors' scores per goal (2024): the
    pre-scores counted per criterion, the goals with an undefined key term, and the criteria
    the register cannot judge."""
    from analysis.steps.goal_norms_2024 import undefined_term_goals
    from analysis.steps.goals import goal_criteria, load_norms

    norms = load_norms(cfg)
    labels = {c: spec["label"] for c, spec in norms["criteria"].items()}
    counted, unjudged = [], []
    for c in goal_criteria(norms):
        column = goals.get(f"pre_{c}")
        if column is None or column.isna().all():
            unjudged.append(labels[c])
            continue
        text = f"{nl_number(int((column == '+').sum()))} {labels[c]}"
        if column.isna().any():
            text += f" (van de {nl_number(int(column.notna().sum()))} die te beoordelen zijn)"
        counted.append(text)
    text = (
        f"Van de {nl_number(len(goals))} beleidsdoelen zijn er volgens de voorlopige score "
        f"{', '.join(counted[:-1])} en {counted[-1]}"
        if len(counted) > 1
        else f"Van de {nl_number(len(goals))} beleidsdoelen zijn er volgens de voorlopige score "
        f"{''.join(counted)}"
    )
    text += "; een oordeel van de rekenkamer per doel staat niet in het doelenregister."
    undefined = undefined_term_goals(goals)
    if len(undefined):
        terms = dict.fromkeys(t for ts in undefined["undefined_key_terms"] for t in ts.split("; "))
        text += (
            f" {nl_number(len(undefined))} "
            f"{'doel gebruikt' if len(undefined) == 1 else 'doelen gebruiken'} een kernbegrip "
            f"zonder definitie ({', '.join(f'‘{t}’' for t in sorted(terms))})."
        )
    if unjudged:
        text += (
            f" {', '.join(u.capitalize() for u in unjudged)}: niet uit het register te beoordelen."
        )
    return text


@dataclass
class Inputs:
    """What the finders read; the conclusions are computed once, on first use."""

    cfg: Case

    @property
    def case(self) -> str:
        return self.cfg.name

    @cached_property
    def conclusions(self) -> pd.DataFrame:
        return summary.conclusions(self.case, self.cfg["contract_success_pct"])

    def values(self, *figure_ids: str) -> list[float] | None:
        """The computed conclusions ``figure_ids``, or None when the case lacks any of them."""
        try:
            return [summary.value(self.conclusions, f) for f in figure_ids]
        except KeyError:
            return None


def _outflow(inputs: Inputs) -> str | None:
    found = inputs.values(
        "outflow_to_work_pct", "outflow_after_trajectory_pct", "work_of_completers_pct"
    )
    if found is None:
        return None
    work, after, completers = found
    return (
        f"{nl_pct(work)} van de cliënten met een uitkering vond regulier werk, {nl_pct(after)} na "
        f"een afgerond traject; van wie een traject afrondde, vond {nl_pct(completers, 0)} werk."
    )


def _outflow_without_trajectories(inputs: Inputs) -> str | None:
    """A registry without re-integration activities: outflow to work of Tabel 4.6's total."""
    t46 = store.read(inputs.case, "table", table_id="t4_6")
    if t46 is None or not len(t46):
        return None
    total = t46.iloc[-1]
    return (
        f"{nl_pct(total['uitstroom_werk_pct'])} van de {nl_number(total['beginstand_n'])} "
        "cliënten met een uitkering in de periode vond werk."
    )


def _reinflow(inputs: Inputs) -> str | None:
    table = store.read(inputs.case, "table", table_id="r_reason")
    if table is None:
        return None
    total = table[table["label"] == "Totaal"].iloc[0]
    if not total["observed_12m_n"]:
        return None
    return (
        f"Van wie in de periode uit de uitkering stroomde en een jaar te volgen is, had "
        f"{nl_pct(total['back_12m_pct'])} binnen twaalf maanden weer een uitkering."
    )


NET_EFFECT_HORIZON = 12
"""The horizon (months after the start) of the net effect told on the front page: the one the
section ranks contracts on."""


def _net_effect(inputs: Inputs) -> str | None:
    estimates = store.read(inputs.case, "net_effect")
    if estimates is None or estimates.empty:
        return None
    at = estimates[(estimates["category"] == "alle") & (estimates["horizon"] == NET_EFFECT_HORIZON)]
    by = at.set_index("estimator")
    if not {"matching", "naive"} <= set(by.index):
        return None
    matched, naive = by.loc["matching"], by.loc["naive"]
    if not matched["treated_n"] >= inputs.cfg["min_cell"]:
        return None
    return (
        f"Netto-effect van een traject (vergeleken met vergelijkbare cliënten die (nog) niet "
        f"startten): {nl_signed(matched['effect_pp'])} procentpunt uitstroom naar werk binnen "
        f"{NET_EFFECT_HORIZON} maanden (95%-interval {nl_signed(matched['ci_low'])} tot "
        f"{nl_signed(matched['ci_high'])}); de naïeve vergelijking geeft "
        f"{nl_signed(naive['effect_pp'])}."
    )


def _label(value: object) -> str:
    """A row label read back from a stored table: a year stays a year (2024, not 2024.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _reach(inputs: Inputs) -> str | None:
    table = store.read(inputs.case, "table", table_id="rc_year")
    if table is None or not len(table):
        return None
    table = told(table, Rules.of(inputs.cfg))
    last, min_cell = table.iloc[-1], inputs.cfg["min_cell"]
    if not last["registered_n"] >= min_cell or not shown_count(last["registered_only_n"], min_cell):
        return None
    return (
        f"In {_label(last['label'])} stonden {nl_number(last['registered_n'])} inwoners in het "
        f"doelgroepregister van UWV; {nl_number(last['registered_only_n'])} van hen waren dat jaar "
        "niet in beeld bij de gemeente."
    )


def _placements(inputs: Inputs) -> str | None:
    per_year = store.read(inputs.case, "table", table_id="pl_year")
    if per_year is None or not len(per_year):
        return None
    per_year = told(per_year, Rules.of(inputs.cfg))
    last = per_year.iloc[-1]
    if not last["total_n"] >= inputs.cfg["min_cell"] or pd.isna(last["regular_pct"]):
        return None
    text = (
        f"Eind {_label(last['label'])} waren {nl_number(last['total_n'])} mensen met "
        f"ondersteuning aan het werk, {nl_pct(last['regular_pct'])} bij een reguliere werkgever"
    )
    goals = store.read(inputs.case, "table", table_id="pl_goals")
    if goals is not None and len(goals):
        shares = [
            f"{nl_pct(g['realised_pct'])} van doel {g['goal_id']} ({nl_number(g['target_n'])})"
            for g in goals.to_dict("records")
        ]
        text += "; dat is " + " en ".join(shares)
    return text + "."


def _durable(inputs: Inputs) -> str | None:
    table = store.read(inputs.case, "table", table_id="dw_start")
    k, min_cell = inputs.cfg["durable_months"], inputs.cfg["min_cell"]
    if table is None or f"observed_{k}m_n" not in table:
        return None
    table = told(table, Rules.of(inputs.cfg))
    total = table[table["label"] == "Totaal"].iloc[0]
    observed, at_work = total[f"observed_{k}m_n"], total[f"at_work_{k}m_n"]
    if not observed >= min_cell or not shown_count(at_work, min_cell):
        return None
    if pd.isna(total[f"at_work_{k}m_pct"]):
        return None
    return (
        f"Van wie met ondersteuning aan het werk ging, werkte {nl_pct(total[f'at_work_{k}m_pct'])} "
        f"na {k} maanden nog (duurzaam werk volgens de instelling van deze analyse)."
    )


def _contracts(inputs: Inputs) -> str | None:
    cfg = inputs.cfg
    found = inputs.values("contracts_successful_n", "contracts_examined_n")
    if found is None:
        return None
    good, total = found
    return (
        f"{nl_number(good)} van de {nl_number(total)} contracten halen ten minste "
        f"{cfg['contract_success_pct']:g}% uitstroom naar werk."
    )


def _costs(inputs: Inputs) -> str | None:
    found = inputs.values("cost_per_client_eur", "cost_per_exit_eur")
    if found is None:
        return None
    per_client, per_exit = found
    text = (
        f"Gemiddeld {nl_eur(per_client)} re-integratiekosten per cliënt met een uitkering; "
        f"{nl_eur(per_exit)} per cliënt die na een traject werk vond"
    )
    years = inputs.values("break_even_years")
    if years is not None:
        text += f", terug te verdienen in {nl_number(years[0], 1)} jaar uit de uitkering"
    return text + "."


def _provision_costs(inputs: Inputs) -> str | None:
    """A Participatiewet registry: the known costs of provisions per client."""
    table = store.read(inputs.case, "table", table_id="tp_costs")
    if table is None:
        return None
    total = table[table["label"] == "Totaal"].iloc[0]
    if not total["clients_n"]:
        return None
    return (
        f"Voor {nl_number(total['clients_n'])} cliënten begon in de periode een voorziening; "
        f"bekende kosten {nl_eur(total['cost_eur'])}, gemiddeld "
        f"{nl_eur(total['cost_per_client_eur'])} per cliënt."
    )


def _payments(inputs: Inputs) -> str | None:
    case = inputs.case
    findings = store.read(case, "payment_findings")
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


def _casestudies(inputs: Inputs) -> str | None:
    case = inputs.case
    verdicts = store.read(case, "casestudy_verdicts")
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
    compared = store.read(case, "casestudy_comparison")
    if compared is not None and len(compared):
        text += (
            f" {nl_number(compared['agrees'].sum())} van de {nl_number(len(compared))} gedrukte "
            f"oordelen volgen uit de regel."
        )
    return text


def _information(inputs: Inputs) -> str | None:
    case = inputs.case
    from analysis.steps import information

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


def _participation(inputs: Inputs) -> str | None:
    from analysis.report.participation import change_sentence
    from analysis.steps.participation import active_share

    case = inputs.case
    if "s_volume" not in set(table_files(case)):
        return None
    text = change_sentence(load_table(case, "s_volume"), "Het aantal bijstandsuitkeringen")
    if "t4_1" in set(table_files(case)):
        active = active_share(load_table(case, "t4_1"))
        if active is not None:
            text += (
                f" {nl_number(active)}% van de cliënten heeft ten minste één activiteit "
                "(participatie)."
            )
    return text


def _norms(inputs: Inputs) -> str | None:
    from analysis.steps import norms

    cfg = inputs.cfg
    if cfg.audit_norms is None or not norms.has_findings(cfg.name):
        return None
    _, framework = norms.load_framework(cfg.audit_norms)
    total = norms.counts_by_part(norms.load_findings(cfg.name, framework)).iloc[-1]
    text = (
        f"Van de {nl_number(total['norms_n'])} normen uit het normenkader voldoet de gemeente "
        f"volgens de conclusies van het rapport aan {nl_number(total['plus_n'])}, deels aan "
        f"{nl_number(total['partly_n'])} en niet aan {nl_number(total['minus_n'])}"
    )
    if total["none_n"]:
        text += f"; over {nl_number(total['none_n'])} geven de conclusies geen oordeel"
    return text + "."


def _interviews(inputs: Inputs) -> str | None:
    from analysis.steps import interviews

    case = inputs.case
    if not (inputs.cfg.has("interviews") and interviews.has_interviews(case)):
        return None
    coded = interviews.load_interviews(case)
    themes = f"{nl_number(len(coded.themes))} thema's"
    if coded.counted:  # counts of own interviews only through the disclosure rules
        return f"De uitspraken van de geïnterviewde cliënten zijn gecodeerd onder {themes}."
    steps = interviews.funnel_steps(coded.funnel)
    first, last = steps.iloc[0], steps.iloc[-1]
    negative = int((coded.codings["direction"] == "negatief").sum())
    return (
        f"Van de {nl_number(first['persons_n'])} uitgenodigde cliënten zijn er "
        f"{nl_number(last['persons_n'])} geïnterviewd; {nl_number(negative)} van de "
        f"{nl_number(len(coded.codings))} gecodeerde uitspraken onder {themes} zijn negatief."
    )


def _peers(inputs: Inputs) -> str | None:
    from analysis.published import peers as peer_data
    from analysis.report.peers import describe_size_class
    from analysis.steps import peers

    cfg = inputs.cfg
    snapshot = peer_data.latest_snapshot() if cfg.has("peers") else None
    if snapshot is None:
        return None
    figures, _ = peer_data.load_snapshot(snapshot)
    table = peers.indicators(figures)
    code = peers.find_municipality(figures, cfg.municipality_code, cfg.municipality)
    size = cfg["peer_size_class"]
    found = peers.position(table, code, size, "bijstand_per_1000")
    if found.empty:
        return None
    last = found.iloc[-1]
    return (
        f"In {int(last['year'])} had {cfg.municipality} {nl_number(last['value'], 1)} personen "
        f"met bijstand per 1.000 inwoners, tegen een mediaan van {nl_number(last['median'], 1)} "
        f"bij {nl_number(last['peers_n'])} {describe_size_class(size)}."
    )


def _consistency(inputs: Inputs) -> str | None:
    case = inputs.case
    checks = store.read(case, "consistency")
    if checks is None or checks.empty:
        return None
    findings = int((checks["verdict"] == "finding").sum())
    verb = "vindt" if findings == 1 else "vinden"
    return (
        f"{nl_number(findings)} van de {nl_number(len(checks))} rekenkundige controles op de "
        f"gedrukte cijfers {verb} een inconsistentie in het rapport."
    )


def _reproduction(inputs: Inputs) -> str | None:
    rows = store.read(inputs.case, "reproduction")
    if rows is None or rows.empty:
        return None
    return recovered_sentence(rows, inputs.cfg.synthetic_registry)


def _research_questions(inputs: Inputs) -> str | None:
    mapping = research_question_steps(inputs.case)
    if mapping is None:
        return None
    status = question_status(inputs.cfg, mapping)
    answered = int(status["answered"].sum())
    interviews = int(status["interviews_only"].sum())
    sentence = (
        f"Van de {nl_number(len(status))} deelvragen zijn er {nl_number(answered)} beantwoord "
        "met berekende cijfers of gecodeerde bevindingen uit de gegevens van deze casus"
    )
    if interviews:
        sentence += (
            f"; {nl_number(interviews)} vragen alleen interviews of dossiers, die niet in de "
            "gegevens zitten"
        )
    return sentence + "."


ANSWERS: dict[str, str] = {
    "computed": "berekend uit de gegevens",
    "coded": "gecodeerde bevinding",
    "interviews": "interviews of dossiers (niet in de gegevens van deze casus)",
}
"""What answers a research question (column ``answer`` of ``research_question_steps.csv``)."""


def research_question_steps(case: str) -> pd.DataFrame | None:
    """The case's research questions mapped onto the audit's components
    (``data/raw/<case>/research_question_steps.csv``: nr, component, answer (one of
    :data:`ANSWERS`), outputs (``;``-separated stored outputs that answer it: an artefact of
    :mod:`analysis.store` or ``table:<id>``), toelichting)."""
    from analysis.core.cases import COMPONENTS

    file = paths.raw_dir(case) / "research_question_steps.csv"
    if not file.is_file():
        return None
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    problems = []
    for line, row in enumerate(frame.to_dict("records"), start=2):
        if row["component"] not in COMPONENTS:
            problems.append(
                f"row {line}, column component: '{row['component']}' is not one of "
                f"{', '.join(COMPONENTS)}"
            )
        if row["answer"] not in ANSWERS:
            problems.append(
                f"row {line}, column answer: '{row['answer']}' is not one of {', '.join(ANSWERS)}"
            )
        if row["answer"] != "interviews" and not row["outputs"]:
            problems.append(f"row {line}, column outputs: empty for an answer from the data")
    if problems:
        raise ValueError(f"{file}: " + "; ".join(problems))
    return frame


def _output_exists(case: str, output: str) -> bool:
    kind, _, table_id = output.partition(":")
    if kind == "table":
        return store.path(case, "table", table_id=table_id).is_file()
    return store.path(case, output).is_file()


def question_status(cfg: Case, mapping: pd.DataFrame) -> pd.DataFrame:
    """Per research question: ``answered`` (a row answered from the data whose component the
    case has and whose outputs all exist), ``interviews_only`` (every row needs interviews or
    dossiers) and ``how`` (Dutch: what answers it, or what is missing)."""
    rows = []
    for nr, group in mapping.groupby("nr", sort=False):
        done, missing = [], []
        for row in group.to_dict("records"):
            if row["answer"] == "interviews":
                continue
            outputs = [o for o in row["outputs"].split(";") if o]
            if cfg.has(row["component"]) and all(_output_exists(cfg.name, o) for o in outputs):
                done.append(ANSWERS[row["answer"]])
            else:
                missing.append(row["component"])
        interviews_only = (group["answer"] == "interviews").all()
        if done:
            how = " en ".join(dict.fromkeys(done))
        elif interviews_only:
            how = ANSWERS["interviews"]
        else:
            how = "nog niet: de uitkomsten van " + ", ".join(dict.fromkeys(missing)) + " ontbreken"
        rows.append(
            {"nr": nr, "answered": bool(done), "interviews_only": interviews_only, "how": how}
        )
    return pd.DataFrame(rows)


FINDERS: dict[str, Callable[[Inputs], str | None]] = {
    "sources": _sources,
    "registry": _registry,
    "goals": _goals,
    "outflow": lambda inputs: _outflow(inputs) or _outflow_without_trajectories(inputs),
    "reinflow": _reinflow,
    "net_effect": _net_effect,
    "reach": _reach,
    "placements": _placements,
    "durable_work": _durable,
    "contracts": _contracts,
    "costs": _costs,
    "provision_costs": _provision_costs,
    "payments": _payments,
    "casestudies": _casestudies,
    "information": _information,
    "norms": _norms,
    "interviews": _interviews,
    "peers": _peers,
    "participation": _participation,
    "consistency": _consistency,
    "reproduction": _reproduction,
    "research_questions": _research_questions,
}


def component_findings(cfg: Case) -> dict[str, str]:
    """``{component: sentence}`` for every component whose outputs exist."""
    inputs = Inputs(cfg)
    out = {}
    for component, finder in FINDERS.items():
        sentence = finder(inputs)
        if sentence:
            out[component] = sentence
    return out
