"""A synthetic registry for Rekenkamer Amsterdam, *Werken met een arbeidsbeperking* (research
design 2023, report 2025), 2015–2024: the demo case ``amsterdam_2024``.

The report's registry analysis is not published; its summary (seed ``001``) states findings
without tables. This generator draws a Participatiewet registry (the data model of
``docs/registry.md``) whose figures, after the intake and under the definitions of
``docs/registry.md`` ("Reach", "Work with support", "Durable work"), show what the summary
states (:data:`CALIBRATION`, each with its quote). The one number the summary prints — about
2.500 people registered with UWV but not in view of the city — and the college's goals are read
from the case files (``facts.csv``; the goals named in ``placements.goals`` of ``case.yml``
from ``goals.csv``), never written here. Everything else is an
invented rate of :data:`RATES` with its reason (seed ``004``, the national evaluation of the
Participatiewet, where it gives a figure). Its figures describe nobody; the report says so.

Three populations on distinct BSNs, drawn in this order from the case's seed:

1. *Placed persons* (:func:`_placed`): one work episode started with support each (loonkosten-
   subsidie, beschut werk, jobcoach, detachering), some after a benefit spell, some back on
   benefit after the job ended. The number at work with support at each year-end follows the
   invented path ``at_work_with_support_n`` exactly: each year's starts are drawn until the
   year-end count is met (:func:`_fill`), and the path is checked against the goals.
2. *Benefit clients* (:func:`_caseload`): a scaled-down caseload drawn as in ``demo_2022``
   (:mod:`analysis.synthetic.caseload`), with exemptions, preparing provisions and unsupported
   jobs after an exit to work.
3. *Register-only persons* (:func:`_register_only`): in UWV's target-group register, never a
   client; as many as make the last year's "registered, not supported" count land on the
   report's figure, after the registered placed and benefit clients who were not supported that
   year.

Planted for the intake (:func:`analysis.synthetic.caseload.plant`): records without or with an
invalid BSN, persons past the AOW age, active-and-passive duplicates, special assistance only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core import paths
from analysis.core.cases import Case
from analysis.published.tables import fact, load_facts
from analysis.registry.model import BENEFIT_SCHEMES, MODEL
from analysis.synthetic import caseload
from analysis.synthetic.caseload import MONTH_DAYS, Draw
from analysis.synthetic.draw import DAY, dates, day, valid_bsns

REGISTERED_ONLY_FACT = "uwv_niet_in_beeld_gemeente_n"
JOBCOACH_FACT = "jobcoach_begeleiding_max_years"

CALIBRATION: dict[str, tuple[str, str, str]] = {
    "registered_only": (
        f"the last year's registered_only_n of steps.reach.by_year equals facts.csv "
        f"'{REGISTERED_ONLY_FACT}' (2.500; the test allows ±2%)",
        "Een aantal van hen (ongeveer 2.500 mensen) staat geregistreerd bij het UWV, maar is "
        "niet in beeld bij de gemeente.",
        "001 (rapport 2025, samenvatting) r. 23-24",
    ),
    "placements_rising": (
        "persons at work with support at each year-end rise every year (at_work_with_support_n)",
        "Steeds meer mensen met een arbeidsbeperking vinden werk met steun van de gemeente.",
        "001 r. 14",
    ),
    "placements_behind_goals": (
        "the last year's count is below every goal of placements.goals (case.yml) in goals.csv, "
        "and its trend over the last three years does not reach a goal with a deadline by that "
        "deadline",
        "Het zijn er minder dan het college wilde",
        "001 r. 14-15; goals G08 (4.500, 000 r. 225-229) and G09 (3.200 eind 2026, r. 229-235)",
    ),
    "retention": (
        "of the episodes started with support, the share at work 12 months after the start rises "
        "over the start cohorts (early_loss_share falls), and the share at work 12 months after "
        "the support ended rises over the years it ended (after_support_keep_share rises)",
        "wie een baan vindt, blijft wel vaker aan het werk. Ook nadat de hulp is gestopt.",
        "001 r. 15-16; also r. 4-5 'blijven ook vaker aan het werk nadat de gemeente stopt met "
        "ondersteuning'",
    ),
    "regular_employers": (
        "the share of regular employers among those at work with support rises (regular_share)",
        "En mensen gaan meer aan de slag bij een gewone werkgever.",
        "001 r. 16",
    ),
}
"""What the generator lands on: target → (how, quote, source)."""

RATES: dict[str, tuple[object, str]] = {
    # --- placed persons: work with support ------------------------------------------------
    "at_work_with_support_n": (
        {
            2015: 1200,
            2016: 1320,
            2017: 1460,
            2018: 1610,
            2019: 1760,
            2020: 1810,
            2021: 1950,
            2022: 2120,
            2023: 2310,
            2024: 2500,
        },
        "invented path (the report prints no count): rising every year ('steeds meer', 001 r. "
        "14), slowly while beschut werk and LKS got going (004 r. 5761-5765: beschut werk lagged "
        "behind expectations in 2016), a pause in 2020 (the pandemic), faster after the LKS "
        "intensifications of 2021 and 2023 (000 r. 306-307); 2.500 at the end of 2024 is below "
        "G08's 4.500, and the last three years' trend (+183 a year) reaches about 2.870 by the "
        "end of 2026, short of G09's 3.200 ('minder dan het college wilde', 001 r. 14-15); "
        "checked against goals.csv at every run",
    ),
    "stock_at_start_n": (
        1100,
        "at work with support on 1 January 2015 under the WWB's wage subsidies, secondments and "
        "job coaching, a little under the 2015 year-end count",
    ),
    "placed_stock_from": ("2008-01-01", "the earliest start of a job the stock still held"),
    "instrument_mix": (
        {
            2008: {"lks": 0.45, "detachering": 0.35, "jobcoach": 0.20, "beschut_werk": 0.0},
            2015: {"lks": 0.55, "detachering": 0.22, "jobcoach": 0.20, "beschut_werk": 0.03},
            2017: {"lks": 0.58, "detachering": 0.16, "jobcoach": 0.17, "beschut_werk": 0.09},
            2021: {"lks": 0.64, "detachering": 0.11, "jobcoach": 0.16, "beschut_werk": 0.09},
        },
        "shares of the starts from the year given: beschut werk nearly absent before its "
        "obligation of 1 January 2017 (004 r. 218; 230 advices in the whole country up to March "
        "2017, r. 3509), LKS the main instrument (004 r. 33, 280) and intensified in 2021 and "
        "2023 (000 r. 306-307, goals G10/G11); secondments fade (invented)",
    ),
    "lks_structural_share": (
        0.5,
        "LKS 'zolang het nodig is, zo nodig tot de AOW' (004 r. 5542) for half; the rest "
        "temporary, 'tenminste tot het volgende moment van loonwaardemeting' (004 r. 634-638)",
    ),
    "temporary_support_months": (
        (12.0, 30.0),
        "a temporary LKS or secondment lasts at least a year (after the forfaitaire LKS of 6 "
        "months the wage value is measured, 004 r. 204-206) plus an exponential 30 months on "
        "average (invented)",
    ),
    "jobcoach_min_months": (
        6.0,
        "job coaching alone lasts from 6 months to the maximum of facts.csv "
        f"'{JOBCOACH_FACT}' (3 years, 000 r. 255-256), uniformly",
    ),
    "jobcoach_with_lks_share": (
        0.9,
        "'Plaatsing met loonkostensubsidie, maar ook beschut werken, gaat bijna altijd samen met "
        "begeleiding door een jobcoach' (004 r. 6155-6157)",
    ),
    "early_loss_share": (
        (0.30, 0.12),
        "share of jobs lost within 12 months, for starts in the first → last year of the period "
        "(linear): UWV found 25% of the Participatiewet target group lost work in a year "
        "(Q3 2015 – Q3 2016), more among recent starters, and about 50% of the Wajong inflow "
        "(004 r. 5625-5650); falling, so that retention after the start rises (001 r. 15)",
    ),
    "kept_mean_months": (96.0, "after the first year, jobs with support last long (invented)"),
    "after_support_keep_share": (
        (0.45, 0.80),
        "share still at work 12 months after the support ended, for support ending in the first "
        "→ last year of the period (linear, invented): rising, 'ook nadat de hulp is gestopt' "
        "(001 r. 15-16)",
    ),
    "after_support_mean_months": (60.0, "jobs kept a year after the support last on (invented)"),
    "regular_share": (
        (0.50, 0.82),
        "share of regular employers among LKS and job-coach starts in the first → last year of "
        "the period (linear): 'mensen gaan meer aan de slag bij een gewone werkgever' (001 r. "
        "16); the rest by other_employers",
    ),
    "other_employers": (
        {"social_firm": 0.5, "municipality": 0.3, "sw_company": 0.2},
        "the non-regular employers of LKS and job-coach jobs (invented)",
    ),
    "fixed_employers": (
        {
            "beschut_werk": {
                "sw_company": 0.68,
                "regular": 0.18,
                "social_firm": 0.11,
                "municipality": 0.03,
            },
            "detachering": {"sw_company": 0.7, "social_firm": 0.2, "municipality": 0.1},
        },
        "beschut werk mostly inside the SW company ('Binnen de bestaande SW-organisatie 67,9', "
        "reguliere bedrijven 17,9, sociale ondernemingen 11,3: 004 Tabel 6.9, r. 6099-6130); a "
        "secondment's payroll employer is the SW company or a social firm (invented)",
    ),
    "hours_per_week": (
        {"lks": (16, 36), "beschut_werk": (12, 32), "jobcoach": (16, 38), "detachering": (20, 36)},
        "contract hours drawn uniformly per instrument (invented)",
    ),
    "hours_missing_share": (0.03, "payroll records without hours (invented)"),
    "job_change_share": (
        0.25,
        "when the support ends, a quarter moves to another (regular) employer within 25 days: a "
        "change of job, not leaving work (invented)",
    ),
    "from_benefit_share": (
        {"lks": 0.75, "jobcoach": 0.7, "detachering": 0.85, "beschut_werk": 0.45},
        "share of placed persons who came from benefit; the rest are non-claimants ('nuggers'), "
        "'vooral nuggers met indicatie banenafspraak of advies beschut werk' (004 r. 523-537)",
    ),
    "benefit_before_mean_months": (30.0, "time on benefit before the placement (invented)"),
    "return_after_job_share": (
        (0.45, 0.15),
        "share back on benefit at some time after the supported job ended: of those who came "
        "from benefit, of the others (invented; 004 r. 5595-5600 'veel plaatsingen, veel uitval')",
    ),
    "return_after_job_gap_months": (4.0, "a return soon after the job ended (invented)"),
    "placed_register_share": (
        {"lks": 0.45, "beschut_werk": 1.0, "jobcoach": 0.2, "detachering": 0.2},
        "share of placed persons in UWV's register: beschut werk needs UWV's advice; LKS goes "
        "with an indication or the Praktijkroute (004 r. 547-557) but not always (gemeentelijke "
        "LKS without an indication, 004 r. 600-606; from 2023 for a broader group, 000 r. "
        "309-311); job coaching alone and secondments less often (invented shares)",
    ),
    "praktijkroute_share": (
        0.35,
        "of the registered LKS persons placed from 2017, registered by the Praktijkroute after "
        "the start ('Sinds januari 2017 is via de Praktijkroute ook instroom in het "
        "doelgroepregister mogelijk', 004 r. 555-557); the others by an indication before it",
    ),
    "stock_register_share": (
        0.2,
        "of the persons placed before 2015, the share in the register: it began in 2015 (000 "
        "footnote 2), and only those who needed an indication for the banenafspraak got one "
        "(invented)",
    ),
    "moved_after_job_share": (
        0.3,
        "of those whose job ended and who did not come back on benefit, the share who moved out "
        "of the city within a year; their registration in the city's register extract ends "
        "then (invented: Amsterdam's population turns over fast)",
    ),
    "wajong_share": (0.1, "of the other registered placed persons, a Wajong registration"),
    "register_from": (
        "2015-01-01",
        "the register starts with the Participatiewet and the banenafspraak in 2015 (004 r. "
        "901; 000 footnote 2)",
    ),
    "provision_cost_per_year_eur": (
        {
            "lks": (8000, 16000),
            "beschut_werk": (15000, 25000),
            "jobcoach": (2000, 5000),
            "detachering": (5000, 12000),
        },
        "cost per year of the provision, times its length up to the extract date (invented)",
    ),
    # --- benefit clients (analysis.synthetic.caseload) ------------------------------------
    "persons_n": (
        11000,
        "benefit clients besides the placed persons: a scaled-down sample of the city's "
        "caseload (tens of thousands of households), so the demo builds in seconds; outflow and "
        "re-inflow tables are shares, their sizes are not the city's",
    ),
    "stock_share": (0.55, "over half were on benefit before 2015 (stock)"),
    "stock_years": (3, "the stock's spells started in the three years before the period"),
    "stock_mean_months": (48.0, "long stays in the stock (invented)"),
    "inflow_mean_months": (20.0, "newcomers leave sooner than the stock (invented)"),
    "return_after_work": (0.25, "a quarter of those who leave for work come back at some point"),
    "return_after_other": (0.35, "other exits come back more often than exits to work"),
    "return_gap_mean_months": (8.0, "a return typically within a year of leaving"),
    "exempt_share": (0.25, "a quarter has an exemption from the duty to work (invented)"),
    "provision_share": (0.35, "about a third gets a provision preparing for work (invented)"),
    "prep_instruments": (
        {
            "trajectory": (0.40, 1500, 6000),
            "training": (0.20, 500, 3000),
            "werkervaringsplaats": (0.12, 800, 2500),
            "proefplaatsing": (0.10, 300, 1200),
            "social_activation": (0.13, 200, 1000),
            "other": (0.05, 200, 2000),
        },
        "instrument → (weight, cost low, cost high in euros) of the provisions that prepare for "
        "work — none a work-support instrument (invented; proefplaatsing of one to three months, "
        "004 r. 696)",
    ),
    "cost_missing_share": (0.05, "some provisions have no cost recorded (invented)"),
    "caseload_register_share": (
        0.02,
        "benefit clients with a register ground who were never placed (invented)",
    ),
    "caseload_grounds": (
        {"indicatie_banenafspraak": 0.6, "wajong": 0.3, "beschut_werk": 0.1},
        "their grounds (no Praktijkroute: it needs an LKS job) (invented)",
    ),
    # --- register-only persons -------------------------------------------------------------
    "register_only_grounds": (
        {
            "wajong": 0.45,
            "wsw": 0.2,
            "indicatie_banenafspraak": 0.25,
            "praktijkroute": 0.03,
            "beschut_werk": 0.07,
        },
        "grounds of the persons the city never saw: mostly UWV's own Wajong and the old Wsw "
        "(000 r. 43-45: the Participatiewet replaced the Wsw and much of the Wajong) (invented)",
    ),
    "register_at_start_share": (
        0.6,
        "of the Wajong and Wsw registrations, the share in the register from its first day",
    ),
    "register_birth_missing_share": (0.02, "register rows without a birth date (invented)"),
    "register_left_share": (
        0.1,
        "extra register-only persons whose registration ended before the last year (moved "
        "away): they count in earlier years only (invented)",
    ),
    # --- planted for the intake (analysis.synthetic.caseload.plant) -------------------------
    "special_assistance_only_n": (40, "planted: persons with only special assistance"),
    "past_aow_n": (12, "planted: persons past the AOW age on the period start"),
    "missing_bsn_n": (6, "planted: records without a BSN"),
    "invalid_bsn_n": (8, "planted: BSNs failing the 11-proef"),
    "duplicates_n": (5, "planted: persons registered as active and as passive partner"),
}
"""Every invented rate of this generator: key → (value, why, with the seed line where a figure
comes from). A pair (first, last) is linear over the years of the period."""

WORK_SUPPORT = ("lks", "beschut_werk", "jobcoach", "detachering")
"""Instruments of support in work (docs/registry.md, "Work with support")."""
SUBSIDISED = ("lks", "beschut_werk", "detachering")
"""Instruments whose job is subsidised or financed by the municipality."""
BORN_FROM = day("1959-01-01")
"""Nobody drawn reaches the AOW age in the period (67 from 2024); the planted are older."""


def rate(key: str):
    """The rate ``key`` (a KeyError names an unlogged one)."""
    return RATES[key][0]


# ---------------------------------------------------------------------------------------------
# targets


@dataclass(frozen=True)
class Targets:
    """What the generator reads from the case files."""

    registered_only_n: int
    goals: dict[str, tuple[float, int | None]]
    """Goal id → (target value, deadline year or None)."""
    jobcoach_max_months: float


def read_targets(case: str, goal_ids: tuple[str, ...]) -> Targets:
    """The calibration targets of ``case``: the report's figure (``facts.csv``), the goals
    ``goal_ids`` (``placements.goals``; target and deadline from ``goals.csv``) and the longest
    job coaching (``facts.csv``)."""
    facts = load_facts(case)
    register = pd.read_csv(paths.raw_dir(case) / "goals.csv", dtype=str).set_index("goal_id")
    goals = {}
    for goal in goal_ids:
        row = register.loc[goal]
        deadline = row["deadline"]
        goals[goal] = (
            float(row["target_value"]),
            int(str(deadline)[:4]) if isinstance(deadline, str) and deadline else None,
        )
    return Targets(
        registered_only_n=int(fact(facts, REGISTERED_ONLY_FACT)),
        goals=goals,
        jobcoach_max_months=12 * fact(facts, JOBCOACH_FACT),
    )


def check_path(path: dict[int, int], targets: Targets) -> None:
    """The invented path rises every year and stays behind every goal (the report: "minder dan
    het college wilde"); a ValueError says which goal it would meet."""
    years = sorted(path)
    values = [path[y] for y in years]
    if any(b <= a for a, b in zip(values, values[1:], strict=False)):
        raise ValueError(f"at_work_with_support_n must rise every year: {path}")
    last = years[-1]
    k = min(3, len(years) - 1)
    trend = (path[last] - path[last - k]) / k
    for goal, (target, deadline) in targets.goals.items():
        projected = path[last] + trend * (deadline - last) if deadline else path[last]
        if path[last] >= target or projected >= target:
            raise ValueError(
                f"at_work_with_support_n would meet goal {goal} ({target:.0f}"
                f"{f' by {deadline}' if deadline else ''}: {projected:.0f}); the report says "
                "fewer than the college wanted"
            )


# ---------------------------------------------------------------------------------------------
# generate


def generate(case: Case) -> dict[str, pd.DataFrame]:
    """The raw registry of ``case`` (with BSN and names, as an extract would have them)."""
    targets = read_targets(case.name, case.placement_goals)
    path = {int(y): int(n) for y, n in rate("at_work_with_support_n").items()}
    if sorted(path) != list(range(case.period_start.year, case.period_end.year + 1)):
        raise ValueError(f"at_work_with_support_n must give every year of the period: {path}")
    check_path(path, targets)
    start, stock_years = day(str(case.period_start)), int(rate("stock_years"))
    d = Draw(
        np.random.default_rng(case["seed"]),
        start,
        day(str(case.period_end)),
        day(str(case.registry_extract_date or case.period_end)),
        RATES,
        stock_from=day(f"{case.period_start.year - stock_years}-01-01"),
    )
    episodes = _placed(d, targets, path)
    n, m = int(rate("persons_n")), len(episodes)
    bsn = valid_bsns(d.rng, n + m + int(1.5 * targets.registered_only_n) + 500)
    frames = _caseload(d, bsn[:n])
    placed = _placed_tables(d, episodes.assign(bsn=bsn[n : n + m]), targets)
    for table, frame in placed.items():
        frames[table] = pd.concat([frames[table], frame], ignore_index=True)
    frames["clients"] = caseload.client_rows(
        frames["clients"]["bsn"].to_numpy(), frames["clients"]["birth_date"].to_numpy(), "A"
    )
    spare = list(bsn[n + m :])
    old = (str(case.period_start.year - 75), f"{case.period_start.year - 68}-01-01")
    caseload.plant(d, frames, spare[-100:], old_born=old)
    frames["target_register"] = pd.concat(
        [frames["target_register"], _register_only(d, frames, spare[:-100], targets)],
        ignore_index=True,
    )
    return {t: f[list(MODEL[t])].reset_index(drop=True) for t, f in frames.items()}


# ---------------------------------------------------------------------------------------------
# placed persons: work episodes started with support


def _year(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, "datetime64[Y]").astype(int) + 1970


def _trend(d: Draw, key: str, years: np.ndarray) -> np.ndarray:
    """A (first, last) rate at each year: linear over the period's years, flat outside."""
    first, last = rate(key)
    y0, y1 = _year(d.start), _year(d.end)
    share = np.clip((np.asarray(years) - y0) / max(1, y1 - y0), 0, 1)
    return first + share * (last - first)


def _days(months: np.ndarray) -> np.ndarray:
    finite = np.nan_to_num(np.asarray(months, float), posinf=0.0)
    return (finite * MONTH_DAYS).astype(int) * DAY


def _instruments(d: Draw, years: np.ndarray) -> np.ndarray:
    """The instrument of each start, by the mix in force in its year."""
    mix = rate("instrument_mix")
    era = np.array([max([y for y in mix if y <= year] or [min(mix)]) for year in years])
    out = np.empty(len(years), dtype=object)
    u = d.rng.random(len(years))
    for first, weights in mix.items():
        edges = np.cumsum(list(weights.values()))
        pick = np.minimum(np.searchsorted(edges, u * edges[-1], side="right"), len(edges) - 1)
        chosen = np.array(list(weights), dtype=object)[pick]
        out = np.where(era == first, chosen, out)
    return out


def _support_months(d: Draw, instrument: np.ndarray, targets: Targets) -> np.ndarray:
    """How long the support is planned to last (inf: as long as the work)."""
    rng, n = d.rng, len(instrument)
    low, mean = rate("temporary_support_months")
    temporary = low + rng.exponential(mean, n)
    coach = rng.uniform(rate("jobcoach_min_months"), targets.jobcoach_max_months, n)
    structural = rng.random(n) < rate("lks_structural_share")
    months = np.where(instrument == "jobcoach", coach, temporary)
    months = np.where((instrument == "lks") & structural, np.inf, months)
    return np.where(instrument == "beschut_werk", np.inf, months)


def _episodes(d: Draw, lo: np.datetime64, hi: np.datetime64, n: int, t: Targets) -> pd.DataFrame:
    """``n`` work episodes started with support between ``lo`` and ``hi``: the job is lost in
    the first year (early_loss_share), or kept while supported; when the support stops first,
    kept a year longer by after_support_keep_share."""
    rng = d.rng
    start = dates(rng, np.full(n, lo), np.full(n, hi))
    instrument = _instruments(d, _year(start))
    support = _support_months(d, instrument, t)
    early = rng.random(n) < _trend(d, "early_loss_share", _year(start))
    loss = np.where(
        early, rng.uniform(0.5, 12, n), 12 + rng.exponential(rate("kept_mean_months"), n)
    )
    within = loss <= support  # the work ends while supported: support as long as the work
    support_end = start + _days(np.where(within, 0, support))
    kept = rng.random(n) < _trend(d, "after_support_keep_share", _year(support_end))
    after = np.where(
        kept, 12 + rng.exponential(rate("after_support_mean_months"), n), rng.uniform(0.5, 12, n)
    )
    end = start + _days(np.where(within, loss, np.where(within, 0, support) + after))
    return pd.DataFrame(
        {
            "start": start,
            "end": end,
            "support_end": np.where(within, end, support_end),
            "instrument": instrument,
        }
    )


def _with_support(episodes: pd.DataFrame, on: np.datetime64) -> np.ndarray:
    """Whether each episode is at work with support on the day ``on``."""
    on = pd.Timestamp(on)
    return ((episodes["start"] <= on) & (episodes["support_end"] >= on)).to_numpy()


def _placed(d: Draw, t: Targets, path: dict[int, int]) -> pd.DataFrame:
    """The stock at the period start, then each year's starts until its year-end count is the
    path's (the year-end of the last year is the period end)."""
    stock = _stock(d, t)
    parts = [stock]
    for year, target in path.items():
        low = max(day(f"{year}-01-01"), d.start)
        high = min(day(f"{year}-12-31"), d.end)
        running = int(_with_support(pd.concat(parts), high).sum())
        if running >= target:
            raise ValueError(
                f"{running} are still at work with support at the end of {year}, not fewer than "
                f"the path's {target}: lower stock_at_start_n or shorten the support"
            )
        parts.append(_fill(d, t, low, high, target - running))
    return pd.concat(parts, ignore_index=True)


def _stock(d: Draw, t: Targets) -> pd.DataFrame:
    """Episodes started before the period and at work with support on its first day."""
    n, parts = int(rate("stock_at_start_n")), []
    while sum(len(p) for p in parts) < n:
        batch = _episodes(d, day(rate("placed_stock_from")), d.start - DAY, 4 * n, t)
        alive = batch[_with_support(batch, d.start)]
        parts.append(alive.iloc[: n - sum(len(p) for p in parts)])
    return pd.concat(parts, ignore_index=True)


def _fill(d: Draw, t: Targets, low: np.datetime64, high: np.datetime64, need: int):
    """Starts between ``low`` and ``high``, in drawing order, up to the one that makes ``need``
    of them at work with support on ``high``."""
    parts, got = [], 0
    while got < need:
        batch = _episodes(d, low, high, max(2 * (need - got), 50), t)
        reached = got + np.cumsum(_with_support(batch, high))
        stop = int(np.argmax(reached >= need)) + 1 if reached[-1] >= need else len(batch)
        parts.append(batch.iloc[:stop])
        got = int(reached[stop - 1])
    return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------------------------------------
# placed persons: their records


def _choice(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    p = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=p / p.sum())


def _per_instrument(key: str, instrument: np.ndarray, part: int | None = None) -> np.ndarray:
    values = rate(key)
    return np.array([values[i] if part is None else values[i][part] for i in instrument], float)


def _births(d: Draw, anchor: np.ndarray) -> np.ndarray:
    """A birth date 18 to 62 years before ``anchor`` (a placement or a first spell), not before
    :data:`BORN_FROM`."""
    anchor = np.asarray(anchor, "datetime64[D]")
    high = anchor - int(18 * 365.25 + 31) * DAY
    low = np.maximum(anchor - int(62 * 365.25) * DAY, BORN_FROM)
    return dates(d.rng, np.minimum(low, high), high)


EMPLOYER_IDS = {"sw_company": (1, 3), "municipality": (3, 4), "social_firm": (10, 80)}
"""Payroll numbers per employer type (regular employers: 100–1999), shown as "Werkgever 0042"."""


def _employer_ids(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    low = np.array([EMPLOYER_IDS.get(k, (100, 2000))[0] for k in kind])
    high = np.array([EMPLOYER_IDS.get(k, (100, 2000))[1] for k in kind])
    return np.array([f"Werkgever {i:04d}" for i in rng.integers(low, high)], dtype=object)


def _attributes(d: Draw, ep: pd.DataFrame) -> pd.DataFrame:
    """Employer, hours, whether the person came from benefit and changes job when the support
    stops, and the birth date."""
    rng, n = d.rng, len(ep)
    instrument = ep["instrument"].to_numpy()
    start = ep["start"].to_numpy().astype("datetime64[D]")
    regular = rng.random(n) < _trend(d, "regular_share", _year(start))
    kind = np.where(regular, "regular", _choice(rng, rate("other_employers"), n))
    for fixed, weights in rate("fixed_employers").items():
        kind = np.where(instrument == fixed, _choice(rng, weights, n), kind)
    hours = np.round(
        rng.uniform(
            _per_instrument("hours_per_week", instrument, 0),
            _per_instrument("hours_per_week", instrument, 1),
        )
    )
    return ep.assign(
        employer_type=kind,
        employer_id=_employer_ids(rng, kind),
        hours=np.where(rng.random(n) < rate("hours_missing_share"), np.nan, hours),
        from_benefit=rng.random(n) < _per_instrument("from_benefit_share", instrument),
        change=rng.random(n) < rate("job_change_share"),
        birth_date=_births(d, start),
    )


def _after_the_job(d: Draw, ep: pd.DataFrame) -> pd.DataFrame:
    """Of the jobs that ended: who comes back on benefit (``returns``), and who of the others
    moves out of the city within a year (``moved``: the day; NaT for the others)."""
    rng, n = d.rng, len(ep)
    end = ep["end"].to_numpy().astype("datetime64[D]")
    share = np.where(ep["from_benefit"], *rate("return_after_job_share"))
    returns = (end < d.extract) & (rng.random(n) < share)
    moving = ~returns & (end < d.end) & (rng.random(n) < rate("moved_after_job_share"))
    day_moved = np.minimum(end + rng.integers(1, 366, n) * DAY, d.extract)
    return ep.assign(returns=returns, moved=np.where(moving, day_moved, np.datetime64("NaT")))


def _placed_tables(d: Draw, ep: pd.DataFrame, t: Targets) -> dict[str, pd.DataFrame]:
    """The records of the placed persons (``ep``: one work episode each, with ``bsn``)."""
    ep = _after_the_job(d, _attributes(d, ep))
    return {
        "clients": ep[["bsn", "birth_date"]],
        "benefit_spells": _placed_spells(d, ep),
        "provisions": _support_provisions(d, ep, t),
        "employment": _placed_jobs(d, ep),
        "target_register": _placed_register(d, ep),
    }


def _known(d: Draw, end: np.ndarray) -> np.ndarray:
    """An end date as the extract has it: empty when it lies after the extract date."""
    end = np.asarray(end, "datetime64[D]")
    return np.where(end > d.extract, np.datetime64("NaT"), end)


def _placed_spells(d: Draw, ep: pd.DataFrame) -> pd.DataFrame:
    """A benefit spell that ends for work the day before the job (for those from benefit), and
    a return to benefit after some of the jobs ended."""
    rng = d.rng
    came = ep[ep["from_benefit"]]
    start = came["start"].to_numpy().astype("datetime64[D]")
    before = np.maximum(
        caseload.months(rng, rate("benefit_before_mean_months"), len(came)), 30 * DAY
    )
    adult = came["birth_date"].to_numpy().astype("datetime64[D]") + int(18 * 365.25) * DAY
    begin = np.maximum(start - before, adult)
    earlier = caseload.spell_round(d, came["bsn"].to_numpy(), begin, start - DAY - begin)
    earlier["end_reason"] = "work_employee"
    end = ep["end"].to_numpy().astype("datetime64[D]")
    back = ep["returns"].to_numpy()
    gap = caseload.months(rng, rate("return_after_job_gap_months"), int(back.sum()))
    again = end[back] + DAY + gap
    keep = again <= d.extract
    span = caseload.months(rng, rate("inflow_mean_months"), int(keep.sum()))
    later = caseload.spell_round(d, ep["bsn"].to_numpy()[back][keep], again[keep], span)
    return pd.concat([earlier, later], ignore_index=True)


def _support_provisions(d: Draw, ep: pd.DataFrame, t: Targets) -> pd.DataFrame:
    """The work-support provisions: the instrument from the start to the support end, and a job
    coach beside most LKS and beschut werk jobs (at most the longest coaching)."""
    rng, n = d.rng, len(ep)
    instrument = ep["instrument"].to_numpy()
    start = ep["start"].to_numpy().astype("datetime64[D]")
    stop = ep["support_end"].to_numpy().astype("datetime64[D]")
    coached = (instrument == "jobcoach") | (
        np.isin(instrument, ["lks", "beschut_werk"])
        & (rng.random(n) < rate("jobcoach_with_lks_share"))
    )
    longest = start + _days(np.full(n, t.jobcoach_max_months))
    main = ep.assign(start_date=start, end_date=stop)[instrument != "jobcoach"]
    coach = ep.assign(instrument="jobcoach", start_date=start, end_date=np.minimum(stop, longest))
    rows = pd.concat([main, coach[coached]], ignore_index=True)
    k = len(rows)
    kind = rows["instrument"].to_numpy()
    began = rows["start_date"].to_numpy().astype("datetime64[D]")
    ended = rows["end_date"].to_numpy().astype("datetime64[D]")
    years = (np.minimum(ended, d.extract) - began).astype(int).clip(1) / 365.25
    yearly = rng.uniform(
        _per_instrument("provision_cost_per_year_eur", kind, 0),
        _per_instrument("provision_cost_per_year_eur", kind, 1),
    )
    cost = np.round(yearly * years, 2)
    provider = np.array([f"Aanbieder {i:02d}" for i in rng.integers(1, 9, k)], dtype=object)
    return pd.DataFrame(
        {
            "provision_id": [f"W{i:06d}" for i in range(1, k + 1)],
            "bsn": rows["bsn"].to_numpy(),
            "instrument": kind,
            "start_date": began,
            "end_date": _known(d, ended),
            "provider": np.where(np.isin(kind, ["jobcoach", "detachering"]), provider, None),
            "cost_eur": np.where(rng.random(k) < rate("cost_missing_share"), np.nan, cost),
            "wage_value_pct": np.where(kind == "lks", np.round(rng.uniform(30, 80, k)), np.nan),
        }
    )


def _placed_jobs(d: Draw, ep: pd.DataFrame) -> pd.DataFrame:
    """The payroll rows of each episode: the job (subsidised for LKS, beschut werk and
    secondments) up to the support end; when the work goes on, an unsubsidised row at the same
    employer from the next day, or at a new regular employer after a gap of under a month."""
    rng, n = d.rng, len(ep)
    start = ep["start"].to_numpy().astype("datetime64[D]")
    stop = ep["support_end"].to_numpy().astype("datetime64[D]")
    end = ep["end"].to_numpy().astype("datetime64[D]")
    subsidised = np.isin(ep["instrument"].to_numpy(), SUBSIDISED)
    on = (stop < end) & (stop + DAY <= d.extract)  # the support stopped, the work went on
    change = on & ep["change"].to_numpy() & (end - stop > 60 * DAY) & (stop + 60 * DAY < d.end)
    split = on & (subsidised | change)
    first = ep.assign(start_date=start, end_date=_known(d, np.where(split, stop, end)))
    gap = np.where(change, rng.integers(1, 26, n), 1) * DAY
    new_kind = np.array(["regular"] * n, dtype=object)
    second = ep.assign(
        start_date=stop + gap,
        end_date=_known(d, end),
        employer_type=np.where(change, new_kind, ep["employer_type"]),
        employer_id=np.where(change, _employer_ids(rng, new_kind), ep["employer_id"]),
        hours=np.where(change, np.round(rng.uniform(16, 38, n)), ep["hours"]),
    )[split]
    rows = pd.concat(
        [first.assign(subsidised=subsidised), second.assign(subsidised=False)], ignore_index=True
    )
    return rows.rename(columns={"hours": "hours_per_week"})


def _placed_register(d: Draw, ep: pd.DataFrame) -> pd.DataFrame:
    """UWV's register for most placed persons: beschut werk by its advice; LKS from 2017 partly
    by the Praktijkroute after the start; otherwise an indication (or Wajong) before it."""
    rng, n = d.rng, len(ep)
    instrument = ep["instrument"].to_numpy()
    start = ep["start"].to_numpy().astype("datetime64[D]")
    end = ep["end"].to_numpy().astype("datetime64[D]")
    share = _per_instrument("placed_register_share", instrument)
    share = np.where(start < d.start, rate("stock_register_share"), share)
    chosen = rng.random(n) < share
    after = start + rng.integers(60, 241, n) * DAY
    practice = (
        (instrument == "lks")
        & (start >= day("2017-01-01"))
        & (after <= end)
        & (rng.random(n) < rate("praktijkroute_share"))
    )
    wajong = rng.random(n) < rate("wajong_share")
    ground = np.where(wajong, "wajong", "indicatie_banenafspraak")
    ground = np.where(practice, "praktijkroute", ground)
    ground = np.where(instrument == "beschut_werk", "beschut_werk", ground)
    began = np.where(practice, after, start - rng.integers(30, 366, n) * DAY)
    opened = day(rate("register_from")) + rng.integers(0, 180, n) * DAY
    began = np.maximum(began, opened)
    moved = ep["moved"].to_numpy().astype("datetime64[D]")
    keep = chosen & (began <= d.extract) & ~(moved < began)
    return pd.DataFrame(
        {
            "bsn": ep["bsn"].to_numpy()[keep],
            "birth_date": ep["birth_date"].to_numpy()[keep],
            "ground": ground[keep],
            "start_date": began[keep],
            "end_date": moved[keep],  # a registration ends when the person moves away
        }
    )


# ---------------------------------------------------------------------------------------------
# benefit clients and register-only persons


def _caseload(d: Draw, bsn: np.ndarray) -> dict[str, pd.DataFrame]:
    """The benefit clients (as ``demo_2022``'s caseload): spells with returns, exemptions,
    provisions preparing for work, unsubsidised regular jobs after an exit to work, and a few
    in the register."""
    spells = caseload.spells(d, bsn)
    first = spells.groupby("bsn", sort=False)["spell_start"].min().reindex(bsn)
    clients = pd.DataFrame({"bsn": bsn, "birth_date": _births(d, first.to_numpy())})
    rng, n = d.rng, len(bsn)
    chosen = clients[rng.random(n) < rate("caseload_register_share")]
    k = len(chosen)
    register = pd.DataFrame(
        {
            "bsn": chosen["bsn"].to_numpy(),
            "birth_date": chosen["birth_date"].to_numpy(),
            "ground": _choice(rng, rate("caseload_grounds"), k),
            "start_date": dates(rng, np.full(k, day(rate("register_from"))), np.full(k, d.end)),
            "end_date": pd.NaT,
        }
    )
    return {
        "clients": clients,
        "benefit_spells": spells,
        "exemptions": caseload.exemptions(d, spells),
        "provisions": caseload.provisions(d, spells, rate("prep_instruments")),
        "employment": caseload.jobs_after_work_exits(d, spells, {"regular": 1.0}, 0.0),
        "target_register": register,
    }


def _last_year(d: Draw) -> tuple[pd.Timestamp, pd.Timestamp]:
    high = pd.Timestamp(d.end)
    return max(pd.Timestamp(year=high.year, month=1, day=1), pd.Timestamp(d.start)), high


def _over(frame: pd.DataFrame, first: str, last: str, low, high) -> pd.Series:
    begin, end = pd.to_datetime(frame[first]), pd.to_datetime(frame[last])
    return (begin <= high) & (end.isna() | (end >= low))


def registered_not_supported(d: Draw, frames: dict[str, pd.DataFrame]) -> int:
    """Persons in the register in the last year of the period whom the municipality did not
    support that year (no benefit spell, provision or subsidised job), leaving out the persons
    the intake drops (the planted duplicates): the calibration count of the reach target."""
    low, high = _last_year(d)
    reg = frames["target_register"]
    spells = frames["benefit_spells"]
    spells = spells[spells["scheme"].isin(BENEFIT_SCHEMES)]
    provisions, jobs = frames["provisions"], frames["employment"]
    jobs = jobs[jobs["subsidised"].astype(bool)]
    registered = set(reg["bsn"][_over(reg, "start_date", "end_date", low, high)])
    supported = (
        set(spells["bsn"][_over(spells, "spell_start", "spell_end", low, high)])
        | set(provisions["bsn"][_over(provisions, "start_date", "end_date", low, high)])
        | set(jobs["bsn"][_over(jobs, "start_date", "end_date", low, high)])
    )
    clients = frames["clients"]
    dropped = set(clients["bsn"][clients["household_role"] == "passive"])
    return len(registered - supported - dropped)


def _register_only(
    d: Draw, frames: dict[str, pd.DataFrame], spare: list[str], t: Targets
) -> pd.DataFrame:
    """Persons in UWV's register whom the municipality never saw: as many registered in the
    last year as bring its registered-only count to the report's figure, and a few whose
    registration ended before (register_left_share)."""
    rng = d.rng
    need = t.registered_only_n - registered_not_supported(d, frames)
    if need < 0:
        raise ValueError(
            f"already {t.registered_only_n - need} registered persons without support in the "
            f"last year, more than the report's {t.registered_only_n}: lower the register shares"
        )
    k = need + int(round(need * rate("register_left_share")))
    if k > len(spare):
        raise ValueError(f"{k} register-only persons need more spare BSNs than {len(spare)}")
    ground = _choice(rng, rate("register_only_grounds"), k)
    opened = day(rate("register_from"))
    low, _high = _last_year(d)
    first_day = np.datetime64(low.date(), "D")
    at_start = np.isin(ground, ["wajong", "wsw"]) & (
        rng.random(k) < rate("register_at_start_share")
    )
    began = np.where(at_start, opened, dates(rng, np.full(k, opened), np.full(k, d.end)))
    left = np.arange(k) >= need
    left_start = dates(rng, np.full(k, opened), np.full(k, first_day - 2 * DAY))
    began = np.where(left, left_start, began)
    last = np.full(k, first_day - DAY)
    ended = np.where(left, dates(rng, np.minimum(began, last), last), np.datetime64("NaT"))
    older = ground == "wsw"
    births = np.where(
        older,
        dates(rng, np.full(k, BORN_FROM), np.full(k, day("1985-12-31"))),
        dates(rng, np.full(k, day("1970-01-01")), np.full(k, d.end - int(18 * 365.25) * DAY)),
    )
    missing = rng.random(k) < rate("register_birth_missing_share")
    return pd.DataFrame(
        {
            "bsn": spare[:k],
            "birth_date": np.where(missing, np.datetime64("NaT"), births),
            "ground": ground,
            "start_date": began,
            "end_date": ended,
        }
    )


__all__ = ["CALIBRATION", "RATES", "generate", "rate", "read_targets"]
