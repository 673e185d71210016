"""Synthetic demo registry for the Amsterdam case (``make data``).

A real audit office runs the registry analysis on its own confidential extract. So that the demo
case works and every intake rule is exercised, this module draws a registry whose aggregates,
after the audit's selection and cleaning, land on the published figures of chapter 4 and the
client counts of chapter 5. The published figures are *calibration targets* here and nowhere
else: the analysis modules (:mod:`analysis.registry.intake`, :mod:`analysis.steps.outflow`) never
read them, they only read the registry this module writes.

Targets (all exact counts unless said otherwise):

* Tabel 4.6 – clients per inflow cohort by status on 1 July 2006 (the rows; see conflicts);
* Tabel 4.7 – clients per age group, exits and exits to work within one year;
* Tabel 4.8 – exemptions by reason and cohort; Tabel 4.14 – reach per cohort;
* Tabel 5.7 – completers per cohort (with 4.14: 38 exempted clients also completed);
* Tabel 4.15 – exits to work after a completed trajectory per cohort;
* Tabel 4.16 – end status by completion, and the 4.435 clients without benefit;
* Tabel 4.13 – ladder rungs of the clients on benefit (shares: the audit's 41.062 clients on
  benefit are DWI's count, the file holds 39.967);
* Tabel 4.17 / 4.18 – 163 paid contracts by outflow bucket (contracts, participants, exits;
  categories and closed intake of the 9 best), plus the 11 unpaid of 174;
* footnote 25 – 45,1% of the contract participants on more than one contract (within rounding);
* §4.3.4 – 588 completers whose benefit ended for an unknown reason.

Where the published tables contradict each other the generator follows one side, written down
here and in the reproduction notes: Tabel 4.6 prints 39.987 clients still on benefit but its rows
add up to 39.967, which Tabel 4.16 also prints → the rows; Tabel 5.8 prints 3.321 / 11.948
completers whose benefit ended for other reasons / did not end, Tabel 4.16 prints 3.349 / 11.920
→ Tabel 4.16 (its text repeats it).

Planted for the intake to drop: records without BSN, with a BSN failing the 11-proef, persons
aged 65+, the 437 active/passive duplicates, earlier spells of re-entrants, activities in rungs
1–2, started before 2004, not completed, not meeting the norm (among them all activities on the
11 unpaid contracts) or not approved, wage-subsidy payments after the period, and exemptions that
ended before the period (these do not count as exemptions).

Everything is drawn from one ``numpy.random.Generator`` seeded from ``case.yml``; two runs with
the same seed write byte-identical parquet files. :func:`generate` runs the phases in a fixed
order (population, re-entrants, exemptions, ladder, contracts, activities, ledger, planted
persons), and that order is part of what a seed produces.

Integer allocation and raking live in :mod:`analysis.synthetic.allocation`; where the generator
lands beside a printed figure on purpose, the offset and its reason are in
:mod:`analysis.synthetic.assumptions`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core import paths
from analysis.core.cases import Case, load_case
from analysis.published.reproduction import CALIBRATION_NOTES
from analysis.published.tables import fact, load_facts, load_table
from analysis.registry.codes import CodeMap, load_codes
from analysis.registry.extract import GENERATED_STAMP, ReadOptions, read_table
from analysis.registry.model import EXEMPTION_GROUNDS, MODEL, TABLES, RegistryError, registry_dir
from analysis.synthetic import amsterdam_2024, participatiewet
from analysis.synthetic import ledger as ledger
from analysis.synthetic.allocation import allocate, allocate_columns, ipf
from analysis.synthetic.assumptions import assumed
from analysis.synthetic.draw import dates as _dates
from analysis.synthetic.draw import day as _day
from analysis.synthetic.draw import invalidate as _invalidate
from analysis.synthetic.draw import valid_bsns as _valid_bsns

DAY = np.timedelta64(1, "D")


# ---------------------------------------------------------------------------------------------
# targets


@dataclass(frozen=True)
class Targets:
    """The published figures the generator calibrates to (read from the transcriptions)."""

    cohorts: list[str]
    begin: np.ndarray  # per cohort
    on: np.ndarray
    work: np.ndarray
    other: np.ndarray
    completed: np.ndarray  # per cohort (Tabel 5.7)
    completed_not_exempt: np.ndarray  # Tabel 4.14 Afgerond
    exempt: np.ndarray  # Tabel 4.14 Ontheffing
    work_after_trajectory: np.ndarray  # Tabel 4.15
    other_completed: int  # Tabel 4.16
    on_completed: int
    without_benefit: int
    unknown_reason_completed: int
    age_labels: list[str]
    age_n: np.ndarray
    age_exit_1y: np.ndarray
    age_work_1y: np.ndarray
    exemption_reasons: pd.DataFrame  # reason code × cohort
    rung_shares: dict[int | None, float]  # None = not placed
    buckets: pd.DataFrame  # label, contracts, participants, work
    best_categories: pd.DataFrame  # label, contracts, intake closed
    contracts_total: int
    contracts_unpaid: int
    multi_contract_pct: float
    duplicates: int
    # chapter 5 (costs)
    costs: dict[str, float] = field(default_factory=dict)
    cohort_avg_eur: np.ndarray = field(default_factory=lambda: np.zeros(0))
    bucket_avg_eur: np.ndarray = field(default_factory=lambda: np.zeros(0))
    zero_bucket_no_benefit: int = 0
    zero_bucket_on_benefit: int = 0
    cost_free_clients: int = 0
    cost_free_exits: int = 0


def _col(frame: pd.DataFrame, column: str, rows: slice | list[int]) -> np.ndarray:
    return frame[column].iloc[rows].to_numpy(dtype=int)


def read_targets(case: str) -> Targets:
    """The calibration targets of ``case`` from its transcribed tables and facts."""
    facts = load_facts(case)
    return Targets(
        **_population_targets(case, facts),
        **_contract_targets(case, facts),
        **_cost_targets_of_chapter_5(case, facts),
    )


def _population_targets(case: str, facts: pd.DataFrame) -> dict:
    """Cohorts, status, completion, exemptions and ages (Tabel 4.6–4.8, 4.13–4.16, 5.7)."""
    t46, t47, t48 = (load_table(case, t) for t in ("t4_6", "t4_7", "t4_8"))
    t413, t414, t415 = (load_table(case, t) for t in ("t4_13", "t4_14", "t4_15"))
    t416 = load_table(case, "t4_16").set_index("label")
    t57 = load_table(case, "t5_7")
    cohorts = slice(0, 4)
    work = _col(t46, "uitstroom_werk_n", cohorts)
    cohort_cols = [c for c in t414.columns if c.endswith("_n") and not c.startswith("totaal")]
    by_label = t414.set_index("label")
    return {
        "cohorts": ["stock", "2004", "2005", "2006"],
        "begin": _col(t46, "beginstand_n", cohorts),
        "on": _col(t46, "in_uitkering_n", cohorts),
        "work": work,
        "other": _col(t46, "uitstroom_n", cohorts) - work,
        "completed": _col(t57, "clienten_afgerond_n", cohorts),
        "completed_not_exempt": by_label.loc["Afgerond", cohort_cols].to_numpy(dtype=int),
        "exempt": by_label.loc["Ontheffing", cohort_cols].to_numpy(dtype=int),
        "work_after_trajectory": _col(t415, "uitstroom_werk_traject_n", cohorts),
        "other_completed": int(
            t416.loc["Uitkering beëindigd door andere oorzaken", "traject_afgerond_n"]
        ),
        "on_completed": int(t416.loc["Uitkering niet beëindigd", "traject_afgerond_n"]),
        "without_benefit": int(t416.loc["Cliënten zonder uitkering", "traject_afgerond_n"]),
        "unknown_reason_completed": int(fact(facts, "completed_outflow_cause_unknown_n")),
        "age_labels": list(t47["label"].iloc[:-1]),
        "age_n": t47["aantal_clienten_n"].iloc[:-1].to_numpy(dtype=int),
        "age_exit_1y": t47["uitstroom_1jaar_n"].iloc[:-1].to_numpy(dtype=int),
        "age_work_1y": t47["uitstroom_werk_1jaar_n"].iloc[:-1].to_numpy(dtype=int),
        "exemption_reasons": _exemption_reasons(t48),
        "rung_shares": _rung_shares(t413),
        "duplicates": int(fact(facts, "duplicate_sofinummers_n")),
    }


def _exemption_reasons(t48: pd.DataFrame) -> pd.DataFrame:
    """Tabel 4.8 as reason code × cohort number (0 the stock)."""
    reasons = t48.iloc[: len(WWB_REASONS)].copy()
    reasons.index = list(WWB_REASONS)
    reasons = reasons[[c for c in t48.columns if c.endswith("_n") and c != "totaal_n"]].fillna(0)
    reasons.columns = range(4)
    return reasons.astype(int)


def _rung_shares(t413: pd.DataFrame) -> dict[int | None, float]:
    """Tabel 4.13's share per ladder rung; ``None`` for the clients not yet placed."""
    rung_rows = t413.iloc[:5]
    shares: dict[int | None, float] = {
        rung: float(p)
        for rung, p in zip(range(1, 6), rung_rows["aantal_clienten_pct"], strict=True)
    }
    shares[None] = float(
        t413.loc[t413["label"] == "Nog niet ingedeeld", "aantal_clienten_pct"].iloc[0]
    )
    return shares


def _contract_targets(case: str, facts: pd.DataFrame) -> dict:
    """Contracts per outflow bucket and the best bucket's categories (Tabel 4.17, 4.18)."""
    t417, t418 = load_table(case, "t4_17"), load_table(case, "t4_18")
    return {
        "buckets": t417.iloc[:-1].rename(
            columns={
                "aantal_contracten_n": "contracts",
                "aantal_clienten_n": "participants",
                "aantal_clienten_werk_n": "work",
            }
        ),
        "best_categories": t418.rename(
            columns={"aantal_contracten_n": "contracts", "instroom_afgesloten_n": "closed"}
        ).fillna({"closed": 0}),
        "contracts_total": int(fact(facts, "contracts_in_analysis_n")),
        "contracts_unpaid": int(fact(facts, "contracts_not_paid_n")),
        "multi_contract_pct": fact(facts, "clients_multiple_contracts_pct"),
    }


def _cost_targets_of_chapter_5(case: str, facts: pd.DataFrame) -> dict:
    """The cost figures and the client counts of chapter 5 (Tabel 5.5–5.9, §5.3.2)."""
    t57, t59 = load_table(case, "t5_7"), load_table(case, "t5_9")
    return {
        "costs": _cost_figures(case, facts),
        "cohort_avg_eur": t57["gemiddelde_re_integratiekosten_eur"].iloc[:4].to_numpy(dtype=float),
        "bucket_avg_eur": t59["gemiddelde_kosten_per_uitgestroomde_client_eur"]
        .iloc[1:5]
        .to_numpy(dtype=float),
        "zero_bucket_no_benefit": int(fact(facts, "contracts_zero_outflow_no_benefit_clients_n")),
        "zero_bucket_on_benefit": int(fact(facts, "contracts_zero_outflow_stayed_on_benefit_n")),
        "cost_free_clients": int(fact(facts, "cost_free_trajectories_clients_n")),
        "cost_free_exits": int(fact(facts, "cost_free_trajectories_to_work_n")),
    }


def _cost_figures(case: str, facts: pd.DataFrame) -> dict[str, float]:
    """The cost figures of chapter 5 the ledger is calibrated to (euros)."""
    t55 = load_table(case, "t5_5").set_index("label")
    t58 = load_table(case, "t5_8").set_index("label")
    col = "totale_kosten_eur_mln"
    return {
        "bvs": 1e6
        * float(
            t55.loc["Arbeidsactivering en -toeleiding (contracten DWI en Sociale Dienst)", col]
        ),
        "m2000": 1e6
        * float(t55.loc["Arbeidsactivering en -toeleiding (contracten Maatwerk)", col]),
        "lks_2004_2005": 1e6 * float(t55.loc["Loonkostensubsidies 2004 en 2005", col]),
        "lks_2006": 1e6 * float(t55.loc["Loonkostensubsidies 2006", col]),
        "revenue": 1e6 * fact(facts, "secondment_revenue_period_eur_mln"),
        "per_exit": fact(facts, "cost_per_exit_to_work_all_costs_eur"),
        "avg_work": float(
            t58.loc["Uitkering beëindigd en uitgestroomd naar arbeid", "gemiddelde_kosten_eur"]
        ),
        "avg_on": float(t58.loc["Uitkering niet beëindigd", "gemiddelde_kosten_eur"]),
        "avg_without": float(t58.loc["Cliënten zonder uitkering", "gemiddelde_kosten_eur"]),
        "zero_bucket": fact(facts, "contracts_zero_outflow_cost_eur"),
        "zero_bucket_no_benefit_pct": fact(
            facts, "contracts_zero_outflow_no_benefit_cost_share_pct"
        ),
        "zero_bucket_on_benefit": 1e6
        * fact(facts, "contracts_zero_outflow_stayed_on_benefit_cost_eur_mln"),
        "low_bucket_pre2004": 1e6 * fact(facts, "contracts_low_outflow_pre2004_cost_eur_mln"),
    }


# ---------------------------------------------------------------------------------------------
# helpers for drawing


def _flag_first(rng: np.random.Generator, index: np.ndarray, k: int) -> np.ndarray:
    """A random subset of ``index`` of size ``k``."""
    if k > len(index):
        raise ValueError(f"need {k} of {len(index)}")
    return rng.permutation(index)[:k]


@dataclass
class Population:
    """The clients with benefit, one array entry each, as the generator builds them up."""

    cohort: np.ndarray  # 0 stock, 1.. years
    status: np.ndarray  # "on_benefit", "work", "other"
    within_1y: np.ndarray
    completed: np.ndarray
    exempt: np.ndarray
    reason: np.ndarray  # exemption reason code or None
    age_group: np.ndarray
    age: np.ndarray

    def __len__(self) -> int:
        return len(self.cohort)


# ---------------------------------------------------------------------------------------------
# the population: cohorts, status, completion, exemption, age


def build_population(rng: np.random.Generator, t: Targets) -> Population:
    """The clients with benefit: cohort and status (Tabel 4.6), exit within a year (4.7),
    completion (4.15, 4.16, 5.7), exemption and its reason (4.8, 4.14) and age (4.7)."""
    n_cohorts = len(t.cohorts)
    cohort, status = [], []
    for c in range(n_cohorts):
        for name, count in (("on_benefit", t.on[c]), ("work", t.work[c]), ("other", t.other[c])):
            cohort += [c] * int(count)
            status += [name] * int(count)
    cohort, status = np.array(cohort), np.array(status, dtype=object)
    within = _exits_within_a_year(rng, t, cohort, status)
    completed = _completion(rng, t, cohort, status)
    exempt = _exemption(rng, t, cohort, status, completed)
    reason = _exemption_reasons_drawn(rng, t, cohort, status, exempt)
    # age: groups per (status, within one year) from Tabel 4.7, matched to clients by a
    # propensity so that age fits exemption reason and cohort
    age_group, age = _assign_ages(rng, t, cohort, status, within, reason, exempt)
    return Population(cohort, status, within, completed, exempt, reason, age_group, age)


def _exits_within_a_year(
    rng: np.random.Generator, t: Targets, cohort: np.ndarray, status: np.ndarray
) -> np.ndarray:
    """Who left within a year of inflow (Tabel 4.7's totals over the cohorts)."""
    n_cohorts = len(t.cohorts)
    within = np.zeros(len(cohort), bool)
    # the last cohort (half a year of inflow) can only exit within a year
    work_1y, exit_1y = int(t.age_work_1y.sum()), int(t.age_exit_1y.sum())
    last = n_cohorts - 1
    for name, total, propensity in (
        ("work", work_1y, [0.15, 0.7, 0.9]),
        ("other", exit_1y - work_1y, [0.12, 0.6, 0.8]),
    ):
        sizes = np.array([((cohort == c) & (status == name)).sum() for c in range(n_cohorts)])
        forced = sizes[last]
        counts = np.append(
            allocate(total - forced, np.array(propensity) * sizes[:last], caps=sizes[:last]), forced
        )
        for c in range(n_cohorts):
            idx = np.flatnonzero((cohort == c) & (status == name))
            within[_flag_first(rng, idx, counts[c])] = True
    return within


def _completion(
    rng: np.random.Generator, t: Targets, cohort: np.ndarray, status: np.ndarray
) -> np.ndarray:
    """Who completed an activity, per cohort and status (Tabel 4.15, 4.16, 5.7)."""
    n_cohorts = len(t.cohorts)
    completed = np.zeros(len(cohort), bool)
    rest = t.completed - t.work_after_trajectory
    sizes = np.array(
        [
            [((cohort == c) & (status == s)).sum() for s in ("other", "on_benefit")]
            for c in range(n_cohorts)
        ]
    )
    split = allocate_columns(rest, [t.other_completed, t.on_completed], seed=sizes * [1.0, 1.2])
    for c in range(n_cohorts):
        for s, k in (
            ("work", t.work_after_trajectory[c]),
            ("other", split[c, 0]),
            ("on_benefit", split[c, 1]),
        ):
            idx = np.flatnonzero((cohort == c) & (status == s))
            completed[_flag_first(rng, idx, int(k))] = True
    return completed


def _exemption(
    rng: np.random.Generator,
    t: Targets,
    cohort: np.ndarray,
    status: np.ndarray,
    completed: np.ndarray,
) -> np.ndarray:
    """Who was exempted, per cohort and completion (Tabel 4.14 with 5.7: completers who are
    also exempt)."""
    exempt = np.zeros(len(cohort), bool)
    completed_exempt = t.completed - t.completed_not_exempt
    for c in range(len(t.cohorts)):
        for done, k in ((True, completed_exempt[c]), (False, t.exempt[c] - completed_exempt[c])):
            groups = [
                np.flatnonzero((cohort == c) & (completed == done) & (status == s))
                for s in ("on_benefit", "other", "work")
            ]
            counts = allocate(
                int(k),
                [1.3 * len(groups[0]), 1.0 * len(groups[1]), 0.1 * len(groups[2])],
                caps=[len(g) for g in groups],
            )
            for g, kk in zip(groups, counts, strict=True):
                exempt[_flag_first(rng, g, int(kk))] = True
    return exempt


AGE_BASED_REASONS = ("born_before_1941_11", "older_than_57_5")
WWB_REASONS = tuple(code for code, (era, _) in EXEMPTION_GROUNDS.items() if era == "wwb")
"""The exemption reasons Amsterdam registered (rows of Tabel 4.8), in the table's order."""
"""Exemption reasons that follow from age: they go to clients still on benefit first."""


def _exemption_reasons_drawn(
    rng: np.random.Generator,
    t: Targets,
    cohort: np.ndarray,
    status: np.ndarray,
    exempt: np.ndarray,
) -> np.ndarray:
    """An exemption reason per exempted client, per cohort as Tabel 4.8 counts them."""
    reason = np.full(len(cohort), None, dtype=object)
    for c in range(len(t.cohorts)):
        pool = np.flatnonzero((cohort == c) & exempt)
        on_first = rng.permutation(pool[status[pool] == "on_benefit"])
        rest_pool = list(rng.permutation(pool[status[pool] != "on_benefit"]))
        order = list(on_first) + rest_pool
        counts = t.exemption_reasons[c]
        if counts.sum() != len(pool):
            raise ValueError(
                f"Tabel 4.8 cohort {c}: {counts.sum()} reasons for {len(pool)} exempted"
            )
        taken = 0
        for code in AGE_BASED_REASONS:
            k = int(counts[code])
            reason[order[taken : taken + k]] = code
            taken += k
        remaining = rng.permutation(np.array(order[taken:]))
        start = 0
        for code in WWB_REASONS:
            if code in AGE_BASED_REASONS:
                continue
            k = int(counts[code])
            reason[remaining[start : start + k]] = code
            start += k
    return reason


AGE_BOUNDS = (
    (16, 18),
    (19, 23),
    (24, 27),
    (28, 30),
    (31, 35),
    (36, 40),
    (41, 45),
    (46, 50),
    (51, 56),
    (57, 64),
)


def _assign_ages(rng, t: Targets, cohort, status, within, reason, exempt):
    n = len(cohort)
    cells = [
        ("work", True),
        ("other", True),
        ("work", False),
        ("other", False),
        ("on_benefit", False),
    ]
    size = {cell: int(((status == cell[0]) & (within == cell[1])).sum()) for cell in cells}
    fixed_work = t.age_work_1y
    fixed_other = t.age_exit_1y - t.age_work_1y
    rest_rows = t.age_n - t.age_exit_1y
    rest_cols = [size[("work", False)], size[("other", False)], size[("on_benefit", False)]]
    rate = t.age_exit_1y / t.age_n
    seed = np.column_stack([rate * 2, rate * 4, np.ones(len(rate))])
    rest = allocate_columns(rest_rows, rest_cols, seed)
    counts = {
        cells[0]: fixed_work,
        cells[1]: fixed_other,
        cells[2]: rest[:, 0],
        cells[3]: rest[:, 1],
        cells[4]: rest[:, 2],
    }
    age_group = np.full(n, -1)
    age = np.zeros(n, int)
    for cell in cells:
        idx = np.flatnonzero((status == cell[0]) & (within == cell[1]))
        if counts[cell].sum() != len(idx):
            raise ValueError(f"age counts {counts[cell].sum()} ≠ clients {len(idx)} in {cell}")
        key = rng.normal(0, 12, len(idx)) + 8 * (cohort[idx] == 0) + 5 * exempt[idx]
        key += 1000 * np.isin(reason[idx], ["born_before_1941_11", "older_than_57_5"])
        key -= 15 * (reason[idx] == "child_under_5") + 20 * (reason[idx] == "education")
        groups = np.repeat(np.arange(len(AGE_BOUNDS)), counts[cell])
        ages = np.array([rng.integers(AGE_BOUNDS[g][0], AGE_BOUNDS[g][1] + 1) for g in groups])
        # born before 1-11-1941 means 62 or older on 1-1-2004; older than 57,5 means 58 or older
        order = np.argsort(key, kind="stable")
        age_group[idx[order]] = groups
        age[idx[order]] = ages
    fix = reason == "born_before_1941_11"
    age[fix] = np.maximum(age[fix], 62)
    fix = reason == "older_than_57_5"
    age[fix] = np.maximum(age[fix], 58)
    if (reason[np.isin(reason, ["born_before_1941_11", "older_than_57_5"])] is None) or (
        age_group[np.isin(reason, ["born_before_1941_11", "older_than_57_5"])]
        != len(AGE_BOUNDS) - 1
    ).any():
        raise ValueError("an age-based exemption did not land in the oldest age group")
    return age_group, age


# ---------------------------------------------------------------------------------------------
# dates of benefit spells


def spell_dates(
    rng: np.random.Generator, pop: Population, start: np.datetime64, end: np.datetime64
) -> tuple[np.ndarray, np.ndarray]:
    """Spell start and end per client, consistent with cohort, status and exit-within-a-year.

    Completers who left need room for an activity before the exit, so their spells last at
    least 45 days and end at least 45 days after the period start.
    """
    n = len(pop)
    s = np.empty(n, "datetime64[D]")
    e = np.full(n, np.datetime64("NaT"), "datetime64[D]")
    exits = pop.status != "on_benefit"
    min_len = np.where(pop.completed & exits, 45, 14)
    years = [int(str(start)[:4]) + c - 1 for c in range(len(np.unique(pop.cohort)))]
    for c in np.unique(pop.cohort):
        in_c = pop.cohort == c
        if c == 0:
            on = np.flatnonzero(in_c & ~exits)
            back = np.minimum(rng.exponential(5 * 365, len(on)).astype(int), 20 * 365)
            s[on] = start - 1 - back * DAY
            quick = np.flatnonzero(in_c & exits & pop.within_1y)
            s[quick] = _dates(
                rng, np.full(len(quick), start - 364 + 45), np.full(len(quick), start - 1)
            )
            lo = np.maximum(start + min_len[quick] * DAY, s[quick] + min_len[quick] * DAY)
            e[quick] = _dates(rng, lo, s[quick] + 365)
            slow = np.flatnonzero(in_c & exits & ~pop.within_1y)
            back = np.minimum(rng.exponential(4 * 365, len(slow)).astype(int), 20 * 365)
            s[slow] = start - 1 - back * DAY
            lo = np.maximum(start + min_len[slow] * DAY, s[slow] + 366)
            e[slow] = _dates(rng, lo, np.full(len(slow), end))
            continue
        year_start = np.datetime64(f"{years[c]}-01-01", "D")
        year_end = min(np.datetime64(f"{years[c]}-12-31", "D"), end)
        on = np.flatnonzero(in_c & ~exits)
        latest = np.where(pop.completed[on], np.minimum(year_end, end - 45), year_end)
        s[on] = _dates(rng, np.full(len(on), year_start), latest)
        quick = np.flatnonzero(in_c & exits & pop.within_1y)
        latest = np.minimum(year_end, end - min_len[quick] * DAY)
        s[quick] = _dates(rng, np.full(len(quick), year_start), latest)
        hi = np.minimum(s[quick] + 365, end)
        e[quick] = _dates(rng, s[quick] + min_len[quick] * DAY, hi)
        slow = np.flatnonzero(in_c & exits & ~pop.within_1y)
        latest = np.minimum(year_end, end - 366)
        if len(slow) and latest < year_start:
            raise ValueError(f"cohort {years[c]}: no room for exits after more than a year")
        s[slow] = _dates(rng, np.full(len(slow), year_start), np.full(len(slow), latest))
        e[slow] = _dates(rng, s[slow] + 366, np.full(len(slow), end))
    return s, e


def end_reasons(rng: np.random.Generator, pop: Population, unknown_completed: int) -> np.ndarray:
    """Work for exits to work; for other exits a mix, with exactly ``unknown_completed``
    completers whose reason is unknown (§4.3.4: 588)."""
    reasons = np.full(len(pop), None, dtype=object)
    reasons[pop.status == "work"] = "work"
    others = ["moved", "partner_income", "detention", "death", "no_information", "other_income"]
    weights = np.array([0.22, 0.24, 0.05, 0.06, 0.16, 0.27])
    other = pop.status == "other"
    done = np.flatnonzero(other & pop.completed)
    unknown = _flag_first(rng, done, unknown_completed)
    reasons[unknown] = "unknown"
    rest = np.flatnonzero(other & (reasons == None))  # noqa: E711  (object array)
    reasons[rest] = rng.choice(others, size=len(rest), p=weights / weights.sum())
    not_done = np.flatnonzero(other & ~pop.completed)
    reasons[not_done[rng.random(len(not_done)) < 0.08]] = "unknown"
    return reasons


def birth_dates(rng: np.random.Generator, age: np.ndarray, on_day: np.ndarray) -> np.ndarray:
    """A birth date per client such that the age in whole years on ``on_day`` is ``age``."""
    latest = on_day.astype("datetime64[Y]") - age.astype("timedelta64[Y]")
    latest = latest.astype("datetime64[D]") + (
        on_day - on_day.astype("datetime64[Y]").astype("datetime64[D]")
    )
    earliest = latest - 364 * DAY
    born = _dates(rng, earliest, latest)
    # guard the leap-day and year-length edge cases by recomputing the age
    born_ts, day_ts = pd.to_datetime(born), pd.to_datetime(on_day)
    before = (born_ts.month > day_ts.month) | (
        (born_ts.month == day_ts.month) & (born_ts.day > day_ts.day)
    )
    actual = day_ts.year - born_ts.year - before.astype(int)
    off = np.asarray(actual) != age
    born[off] = born[off] + (np.asarray(actual)[off] - age[off]) * 365 * DAY
    return born


# ---------------------------------------------------------------------------------------------
# contracts (Tabel 4.17, 4.18)

CATEGORIES = (
    "3. Arbeidsactivering",
    "3. Scholing en training",
    "3. Werkervaringsplaats",
    "3. Begeleiding naar werk",
    "4. Arbeidstoeleiding",
    "4. Begeleiding naar werk",
    "4. Directe bemiddeling naar werk",
)


def _exit_bounds(size: int, low: float, high: float, last: bool) -> tuple[int, int]:
    """Smallest and largest number of exits that give a share in the bucket [low, high)."""
    if high == 0:
        return 0, 0
    lo = max(int(np.ceil(low / 100 * size - 1e-9)), 1 if low == 0 else 0)
    hi = size if last else int(np.ceil(high / 100 * size - 1e-9)) - 1
    return lo, hi


def contract_sizes(rng: np.random.Generator, t: Targets, edges: Sequence[float]) -> pd.DataFrame:
    """Participants and exits per paid contract, bucket by bucket, hitting Tabel 4.17 exactly.

    The cost-free trajectories (§5.3.2: 829 clients, 166 exits) are one contract of the bucket
    their share falls in.
    """
    bounds = [(0.0, 0.0)] + list(zip(edges[:-1], edges[1:], strict=True))
    free_share = 100 * t.cost_free_exits / t.cost_free_clients if t.cost_free_clients else None
    rows = []
    for b, (_, row) in enumerate(t.buckets.iterrows()):
        low, high = bounds[b]
        last = b == len(bounds) - 1
        k, total, exits = int(row["contracts"]), int(row["participants"]), int(row["work"])
        if free_share is not None and low <= free_share < high and high > 0:
            rows.append(
                {
                    "bucket": b,
                    "participants": t.cost_free_clients,
                    "exits": t.cost_free_exits,
                    "cost_free": True,
                }
            )
            k, total, exits = k - 1, total - t.cost_free_clients, exits - t.cost_free_exits
        for _attempt in range(200):
            weights = rng.dirichlet(np.full(k, 0.9))
            minimum = 1 if high == 0 else max(3, int(np.ceil(100 / max(high - low, 1))) + 1)
            sizes = minimum + allocate(total - minimum * k, weights)
            lohi = np.array([_exit_bounds(int(s), low, high, last) for s in sizes])
            if (lohi[:, 0] <= lohi[:, 1]).all() and lohi[:, 0].sum() <= exits <= lohi[:, 1].sum():
                break
        else:
            raise ValueError(f"no feasible contract sizes for bucket {row['label']}")
        extra = allocate(exits - int(lohi[:, 0].sum()), sizes, caps=lohi[:, 1] - lohi[:, 0])
        for size, x in zip(sizes, lohi[:, 0] + extra, strict=True):
            rows.append(
                {"bucket": b, "participants": int(size), "exits": int(x), "cost_free": False}
            )
    return pd.DataFrame(rows)


def build_contracts(rng: np.random.Generator, t: Targets, edges: Sequence[float]) -> pd.DataFrame:
    """174 contracts: the paid ones with their size and exits, and the unpaid ones."""
    paid = contract_sizes(rng, t, edges)
    categories, closed = _best_bucket_categories(rng, t, paid)
    n_unpaid = t.contracts_total - len(paid)
    if n_unpaid != t.contracts_unpaid:
        raise ValueError(
            f"{t.contracts_total} contracts − {len(paid)} paid ≠ {t.contracts_unpaid} unpaid"
        )
    unpaid = pd.DataFrame(
        {"bucket": -1, "participants": 0, "exits": 0, "cost_free": False}, index=range(n_unpaid)
    )
    contracts = pd.concat([paid, unpaid], ignore_index=True)
    n = len(contracts)
    unpaid_categories = rng.choice(CATEGORIES, size=n_unpaid)
    contracts["category"] = list(categories) + list(unpaid_categories)
    contracts["intake_closed"] = list(closed) + list(rng.random(n_unpaid) < 0.5)
    contracts["contract_id"] = [f"C{i:03d}" for i in range(1, n + 1)]
    order = rng.permutation(n)  # contract numbers do not give away the bucket
    contracts["contract_id"] = contracts["contract_id"].to_numpy()[order]
    contracts["provider"] = [
        f"Re-integratiebedrijf {chr(65 + i % 26)}{i // 26 + 1}" for i in rng.integers(0, 60, n)
    ]
    contracts["name"] = [
        f"{cat.split('. ', 1)[1]} {cid}"
        for cat, cid in zip(contracts["category"], contracts["contract_id"], strict=True)
    ]
    contracts["rung"] = [int(cat[0]) for cat in contracts["category"]]
    contracts["system"] = np.where(
        contracts["bucket"] == paid["bucket"].max(), "M2000", rng.choice(["M2000", "BVS"], size=n)
    )
    _contract_terms(rng, contracts)
    return contracts.sort_values("contract_id").reset_index(drop=True)


def _best_bucket_categories(
    rng: np.random.Generator, t: Targets, paid: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Category and closed intake per paid contract: at random, except that the best bucket's
    contracts have the categories and closed intakes of Tabel 4.18."""
    best = paid["bucket"] == paid["bucket"].max()
    categories = np.array(rng.choice(CATEGORIES, size=len(paid)), dtype=object)
    closed = rng.random(len(paid)) < 0.5
    best_idx = np.flatnonzero(best)
    position = 0
    for _, row in t.best_categories.iterrows():
        idx = best_idx[position : position + int(row["contracts"])]
        categories[idx] = row["label"]
        closed[idx] = False
        closed[idx[: int(row["closed"])]] = True
        position += int(row["contracts"])
    if position != len(best_idx):
        raise ValueError("Tabel 4.18 does not describe every contract of the best bucket")
    # the most successful contracts' categories must not occur by chance among the others'
    # share: keep them, they are what Tabel 4.18 describes
    return categories, closed


def _contract_terms(rng: np.random.Generator, contracts: pd.DataFrame) -> None:
    """Dates, price and premium of every contract (in place); the cost-free one costs nothing."""
    n = len(contracts)
    # most contracts date from before 2004 ("voor 2004 afgesloten", §5.3.2), the rest from 2004
    early = rng.random(n) < 0.55
    contracts["start_date"] = np.where(
        early,
        _dates(rng, np.full(n, _day("2002-01-01")), np.full(n, _day("2003-12-31"))),
        _dates(rng, np.full(n, _day("2004-01-01")), np.full(n, _day("2004-09-30"))),
    )
    contracts["end_date"] = contracts["start_date"].to_numpy() + rng.integers(900, 1600, n) * DAY
    contracts["price_eur"] = np.round(rng.uniform(1200, 6500, n), -1)
    contracts["premium_eur"] = np.where(
        rng.random(n) < 0.6, np.round(rng.uniform(500, 2500, n), -1), 0.0
    )
    free = contracts["cost_free"].to_numpy()
    contracts.loc[free, ["category", "name", "system", "price_eur", "premium_eur"]] = [
        "3. Kosteloos traject",
        "Kosteloze trajecten (registratie in BVS)",
        "BVS",
        0.0,
        0.0,
    ]


# ---------------------------------------------------------------------------------------------
# the registry tables


@dataclass
class _Builder:
    """Accumulates rows of every raw table."""

    rows: dict[str, list[pd.DataFrame]]

    def add(self, table: str, frame: pd.DataFrame) -> None:
        self.rows.setdefault(table, []).append(frame)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {t: pd.concat(self.rows[t], ignore_index=True) for t in TABLES if t in self.rows}


@dataclass
class _Run:
    """What every phase of :func:`generate` shares. The phases draw from one generator in a
    fixed order, so the order of the calls in :func:`generate` is part of the seed's meaning."""

    rng: np.random.Generator
    t: Targets
    start: np.datetime64
    end: np.datetime64
    out: _Builder


@dataclass
class _Clients:
    """Everyone in the registry, one array entry each: the clients with benefit (the
    population, with their spells) first, then the clients without benefit."""

    pop: Population
    n_without: int
    bsn: np.ndarray
    spare: list[str]  # valid BSNs of nobody yet; planted persons and payments take from it
    spell_start: np.ndarray
    spell_end: np.ndarray

    @property
    def n(self) -> int:
        return len(self.pop)

    @property
    def total(self) -> int:
        return self.n + self.n_without

    def windows(self, start: np.datetime64, end: np.datetime64) -> tuple[np.ndarray, np.ndarray]:
        """Per person the days of the period an activity can fall in: the benefit spell within
        the period, or the whole period for the clients without benefit."""
        lo = np.maximum(self.spell_start, start)
        hi = np.where(np.isnat(self.spell_end), end, np.minimum(self.spell_end, end))
        lo_all = np.concatenate([lo, np.full(self.n_without, start)])
        hi_all = np.concatenate([hi, np.full(self.n_without, end)])
        return lo_all, hi_all


@dataclass
class _Placed:
    """What the contracts phase hands on: the contracts, the planted chain of §5.4, the
    qualifying activities and the start of each chain client's WorkstaR job."""

    contracts: pd.DataFrame
    chain: ledger.Chain
    qualifying: list[pd.DataFrame]  # on a contract, and outside contracts
    workstart: np.ndarray


def generate(
    case: Case, targets: Targets | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, pd.DataFrame]:
    """Draw the raw registry of ``case`` (with BSN and names, as an extract would have them)."""
    say = progress or (lambda _msg: None)
    run = _Run(
        rng=np.random.default_rng(case["seed"]),
        t=targets or read_targets(case.name),
        start=np.datetime64(case.period_start, "D"),
        end=np.datetime64(case.period_end, "D"),
        out=_Builder({}),
    )
    say("population: cohorts, status, completion, exemptions, ages")
    clients = _population_phase(run)
    say("re-entrants: earlier spells")
    _reentrants_phase(run, clients)
    say("exemptions")
    _exemptions_phase(run, clients)
    say("ladder rungs on the reference date")
    _ladder_phase(run, clients)
    say("contracts, seats, activities")
    placed = _contracts_phase(run, clients, case["contract_buckets_pct"])
    say("activities the intake must drop")
    activities = _activities_phase(run, clients, placed)
    say("employment after exit, payments, secondments, wage subsidies")
    _ledger_phase(run, clients, placed, activities)
    say("persons the intake must drop")
    _planted_persons(run, clients.spare)
    return as_exported(run.out.frames())


# ---------------------------------------------------------------------------------------------
# phases of generate, in the order they draw


def _population_phase(run: _Run) -> _Clients:
    """The population with BSNs, benefit spells and end reasons; writes clients and spells."""
    rng, t = run.rng, run.t
    pop = build_population(rng, t)
    total = len(pop) + t.without_benefit
    bsn = _valid_bsns(rng, total + 2000)
    spell_start, spell_end = spell_dates(rng, pop, run.start, run.end)
    reasons = end_reasons(rng, pop, t.unknown_reason_completed)
    clients = _Clients(
        pop=pop,
        n_without=t.without_benefit,
        bsn=bsn[:total],
        spare=list(bsn[total:]),
        spell_start=spell_start,
        spell_end=spell_end,
    )
    run.out.add("clients", _client_rows(rng, clients, run.start))
    run.out.add("benefit_spells", _spell_rows(rng, clients, reasons, run.end))
    return clients


def _client_rows(rng: np.random.Generator, clients: _Clients, start: np.datetime64) -> pd.DataFrame:
    """Number, name, birth date and household role of everyone in the registry."""
    n_without, total = clients.n_without, clients.total
    age_day = np.maximum(clients.spell_start, start)
    # clients without benefit: mostly young people and secondments (§4.3.4)
    young = rng.random(n_without) < 0.6
    age_without = np.where(young, rng.integers(17, 28, n_without), rng.integers(28, 60, n_without))
    births = np.concatenate(
        [
            birth_dates(rng, clients.pop.age, age_day),
            birth_dates(rng, age_without, np.full(n_without, start)),
        ]
    )
    roles = np.where(rng.random(total) < 0.85, "active", "passive")
    return pd.DataFrame(
        {
            "bsn": clients.bsn,
            "client_number": [f"K{i:07d}" for i in range(1, total + 1)],
            "name": [f"Cliënt {i:06d}" for i in range(1, total + 1)],
            "birth_date": births,
            "household_role": roles,
        }
    )


def _spell_rows(
    rng: np.random.Generator, clients: _Clients, reasons: np.ndarray, end: np.datetime64
) -> pd.DataFrame:
    """The benefit spells as the extract shows them."""
    n = clients.n
    # a few spells run on past the period end (the extract is from November 2006)
    later = (clients.pop.status == "on_benefit") & (rng.random(n) < 0.04)
    shown_end = clients.spell_end.copy()
    shown_end[later] = _dates(rng, np.full(later.sum(), end + 1), np.full(later.sum(), end + 120))
    shown_reason = reasons.copy()
    shown_reason[later] = rng.choice(["work", "moved", "other_income"], size=later.sum())
    return pd.DataFrame(
        {
            "bsn": clients.bsn[:n],
            "spell_start": clients.spell_start,
            "spell_end": shown_end,
            "end_reason": shown_reason,
        }
    )


def _reentrants_phase(run: _Run, clients: _Clients) -> None:
    """Earlier spells of re-entrants (the intake keeps the latest spell)."""
    rng = run.rng
    reentrant = np.flatnonzero(rng.random(clients.n) < 0.05)
    earlier_end = clients.spell_start[reentrant] - rng.integers(30, 700, len(reentrant)) * DAY
    earlier_start = earlier_end - rng.integers(60, 1500, len(reentrant)) * DAY
    run.out.add(
        "benefit_spells",
        pd.DataFrame(
            {
                "bsn": clients.bsn[reentrant],
                "spell_start": earlier_start,
                "spell_end": earlier_end,
                "end_reason": rng.choice(["work", "other_income", "moved"], size=len(reentrant)),
            }
        ),
    )


def _exemptions_phase(run: _Run, clients: _Clients) -> None:
    """Exemptions in the period (Tabel 4.8), and exemptions that ended before it."""
    rng, start, end, pop = run.rng, run.start, run.end, clients.pop
    exempt = np.flatnonzero(pop.exempt)
    spell_start, spell_end = clients.spell_start[exempt], clients.spell_end[exempt]
    eff_end = np.where(np.isnat(spell_end), end, np.minimum(spell_end, end))
    ex_start = _dates(rng, np.maximum(spell_start, _day("2001-01-01")), eff_end)
    ex_end = np.where(
        rng.random(len(exempt)) < 0.6,
        np.datetime64("NaT"),
        ex_start + rng.integers(90, 900, len(exempt)) * DAY,
    )
    ex_end = np.where(~np.isnat(ex_end) & (ex_end < start), start + 30 * DAY, ex_end)
    run.out.add(
        "exemptions",
        pd.DataFrame(
            {
                "bsn": clients.bsn[exempt],
                "reason": pop.reason[exempt],
                "start_date": ex_start,
                "end_date": ex_end,
            }
        ),
    )
    former = _flag_first(rng, np.flatnonzero(~pop.exempt & (pop.cohort == 0)), 600)
    f_start = _dates(
        rng, np.full(len(former), _day("2000-01-01")), np.full(len(former), _day("2002-06-30"))
    )
    run.out.add(
        "exemptions",
        pd.DataFrame(
            {
                "bsn": clients.bsn[former],
                "reason": rng.choice(list(WWB_REASONS), size=len(former)),
                "start_date": f_start,
                "end_date": f_start + rng.integers(60, 500, len(former)) * DAY,
            }
        ),
    )  # ended before the period: not an exemption in the period


def _ladder_phase(run: _Run, clients: _Clients) -> None:
    """Ladder rungs on the reference date (Tabel 4.13's shares); completers rank higher."""
    rng, pop = run.rng, clients.pop
    # on benefit on the ladder date: still on benefit, or the benefit's last day is that date
    on = np.flatnonzero((pop.status == "on_benefit") | (clients.spell_end == run.end))
    shares = run.t.rung_shares
    labels = [5, 4, 3, None, 2, 1]
    counts = allocate(len(on), [shares[r] for r in labels])
    score = 2.0 * pop.completed[on] - 2.0 * pop.exempt[on] + rng.normal(0, 1, len(on))
    ordered = on[np.argsort(-score, kind="stable")]
    bounds = np.cumsum(np.concatenate([[0], counts]))
    ladder = [
        (ordered[bounds[i] : bounds[i + 1]], r) for i, r in enumerate(labels) if r is not None
    ]
    run.out.add(
        "ladder",
        pd.DataFrame(
            {
                "bsn": np.concatenate([clients.bsn[idx] for idx, _ in ladder]),
                "rung": np.concatenate([np.full(len(idx), r) for idx, r in ladder]),
                "reference_date": run.end,
            }
        ),
    )


def _contracts_phase(run: _Run, clients: _Clients, edges: Sequence[float]) -> _Placed:
    """Contracts, seats on them, the planted chain, and the qualifying activities."""
    contracts, seats, chain = _seat_contracts(run, clients, edges)
    on_contracts, workstart = _activities_on_contracts(run, clients, contracts, seats, chain)
    outside = _activities_outside_contracts(run, clients, seats)
    return _Placed(contracts, chain, [on_contracts, outside], workstart)


def _seat_contracts(
    run: _Run, clients: _Clients, edges: Sequence[float]
) -> tuple[pd.DataFrame, ledger.Seats, ledger.Chain]:
    """The contracts and their seats, with the WorkstaR chain planted (Tabel 4.17, §5.4)."""
    rng, t, pop, n = run.rng, run.t, clients.pop, clients.n
    contracts = build_contracts(rng, t, edges)
    seats = ledger.assign_seats(
        rng,
        contracts,
        pop.status,
        pop.completed,
        clients.n_without,
        t.multi_contract_pct,
        t.zero_bucket_no_benefit,
        t.zero_bucket_on_benefit,
    )
    chain = ledger.plant_chain(
        rng, seats, contracts, pop.status, pop.cohort, clients.spell_start, clients.spell_end, n
    )
    contracts = ledger.name_chain_contracts(contracts, chain)
    chain_clients = set(chain.clients["client"]) | set(chain.fourstar_extra)
    zero_ids = set(contracts.loc[contracts["bucket"] == 0, "contract_id"])
    ledger.fix_zero_bucket(
        rng, seats, zero_ids, pop.status, n, t.zero_bucket_on_benefit, chain_clients
    )
    return contracts, seats, chain


def _activities_on_contracts(
    run: _Run,
    clients: _Clients,
    contracts: pd.DataFrame,
    seats: ledger.Seats,
    chain: ledger.Chain,
) -> tuple[pd.DataFrame, np.ndarray]:
    """One completed activity per seat, inside the client's window and after the contract's
    start; the chain's dates as Figuur 5.1 draws them. Writes the chain's earlier spells."""
    rng, start = run.rng, run.start
    lo_all, hi_all = clients.windows(start, run.end)
    contract_start = contracts.set_index("contract_id")["start_date"]
    pair_lo = np.maximum(
        lo_all[seats.client], contract_start.loc[seats.contract].to_numpy().astype("datetime64[D]")
    )
    pair_lo = np.where(pair_lo >= hi_all[seats.client] - 30, lo_all[seats.client], pair_lo)
    pair_hi = hi_all[seats.client].copy()
    _sequential_windows(seats.client, pair_lo, pair_hi)
    begin, finish = _activities_in_windows(rng, pair_lo, pair_hi)
    contract_rung = contracts.set_index("contract_id")["rung"]
    kind = np.full(len(seats.client), "traject", dtype=object)
    workstart = np.full(clients.total, np.datetime64("NaT"), "datetime64[D]")
    spell_start, spell_end = clients.spell_start, clients.spell_end
    extra_spells = _chain_dates(
        rng, chain, seats, begin, finish, kind, spell_start, spell_end, workstart, start
    )
    rung = contract_rung.loc[seats.contract].to_numpy()
    qualifying = _activity_frame(
        seats.client, seats.contract, kind, rung, begin, finish, pair=True, exit=seats.exit
    )
    if len(extra_spells):
        run.out.add(
            "benefit_spells",
            extra_spells.assign(bsn=clients.bsn[extra_spells.pop("client").to_numpy()])[
                ["bsn", "spell_start", "spell_end", "end_reason"]
            ],
        )
    return qualifying, workstart


def _activities_outside_contracts(
    run: _Run, clients: _Clients, seats: ledger.Seats
) -> pd.DataFrame:
    """Completers outside contracts: internships, secondments, wage subsidies."""
    rng, n = run.rng, clients.n
    lo_all, hi_all = clients.windows(run.start, run.end)
    on_contract = np.zeros(clients.total, bool)
    on_contract[seats.client] = True
    completed_all = np.concatenate([clients.pop.completed, np.ones(clients.n_without, bool)])
    outside = np.flatnonzero(completed_all & ~on_contract)
    benefit_side = outside < n
    kinds = np.where(
        benefit_side,
        rng.choice(
            ["stage", "loonkostensubsidie", "detachering"], size=len(outside), p=[0.6, 0.3, 0.1]
        ),
        rng.choice(
            ["detachering", "stage", "loonkostensubsidie"], size=len(outside), p=[0.7, 0.2, 0.1]
        ),
    )
    o_begin, o_end = _activities_in_windows(rng, lo_all[outside], hi_all[outside])
    rung = np.where(kinds == "stage", 3, 5)
    return _activity_frame(outside, None, kinds, rung, o_begin, o_end, pair=False, exit=False)


def _activity_frame(
    client: np.ndarray,
    contract_id: np.ndarray | None,
    kind: np.ndarray | str,
    rung: np.ndarray | int,
    begin: np.ndarray,
    end: np.ndarray,
    **flags: np.ndarray | bool,
) -> pd.DataFrame:
    """Activity rows, completed, meeting the norm and approved unless ``flags`` say otherwise
    (extra flags become extra columns, in order)."""
    return pd.DataFrame(
        {
            "client": client,
            "contract_id": contract_id,
            "kind": kind,
            "rung": rung,
            "start_date": begin,
            "end_date": end,
            "completed": True,
            "meets_norm": True,
            "approved": True,
            **flags,
        }
    )


ACTIVITY_COLUMNS = [
    "activity_id",
    "bsn",
    "contract_id",
    "kind",
    "rung",
    "start_date",
    "end_date",
    "completed",
    "meets_norm",
    "approved",
]
"""The columns of the raw activities table, in the order the extract has them."""


def _activities_phase(run: _Run, clients: _Clients, placed: _Placed) -> pd.DataFrame:
    """All activities, the qualifying ones and those the intake must drop, shuffled and
    numbered; writes the activities table and returns the rows with the client index."""
    rng, n = run.rng, clients.n
    lo_all, hi_all = clients.windows(run.start, run.end)
    planted = _unqualified_activities(rng, placed.contracts, n, lo_all[:n], hi_all[:n], run.start)
    planted = planted.assign(pair=False, exit=False)
    activities = pd.concat(
        [
            *(frame.assign(qualifying=True) for frame in placed.qualifying),
            planted.assign(qualifying=False),
        ],
        ignore_index=True,
    )
    activities = activities.iloc[rng.permutation(len(activities))].reset_index(drop=True)
    activities.insert(0, "activity_id", [f"A{i:07d}" for i in range(1, len(activities) + 1)])
    public = activities.assign(bsn=clients.bsn[activities["client"].to_numpy()])
    run.out.add("activities", public[ACTIVITY_COLUMNS])
    return activities


def _people_frame(clients: _Clients, workstart: np.ndarray) -> pd.DataFrame:
    """One row per person (index = client index) with what the ledger needs to know of them."""
    n_without = clients.n_without
    no_date = np.full(n_without, np.datetime64("NaT"), "datetime64[D]")
    return pd.DataFrame(
        {
            "bsn": clients.bsn,
            "has_benefit": np.arange(clients.total) < clients.n,
            "cohort": np.concatenate([clients.pop.cohort, np.full(n_without, -1)]),
            "status": np.concatenate(
                [clients.pop.status, np.full(n_without, "none", dtype=object)]
            ),
            "spell_start": np.concatenate([clients.spell_start, no_date]),
            "spell_end": np.concatenate([clients.spell_end, no_date]),
            "workstar_start": workstart,
        }
    )


def _ledger_phase(run: _Run, clients: _Clients, placed: _Placed, activities: pd.DataFrame) -> None:
    """Employment after exit, payments, secondments and wage subsidies (:mod:`ledger`), the
    payments the audit must flag, and the contracts table."""
    rng, bsn, contracts, chain = run.rng, clients.bsn, placed.contracts, placed.chain
    people = _people_frame(clients, placed.workstart)
    jobs, ww, sustained = ledger.employment_after_exit(rng, people, chain, run.end)
    run.out.add(
        "employment",
        jobs.assign(bsn=bsn[jobs.pop("client").to_numpy()])[list(MODEL["employment"])],
    )
    run.out.add(
        "unemployment_benefits",
        ww.assign(bsn=bsn[ww.pop("client").to_numpy()])[["bsn", "start_date", "end_date"]],
    )
    targets = cost_targets(run.t, clients.pop)
    payments, secondments, subsidies = ledger.build_money(
        rng, people, activities, contracts, chain, sustained, targets, run.start, run.end
    )
    planted_payments = _planted_payments(rng, contracts, clients.spare)
    payments = pd.concat([payments, planted_payments], ignore_index=True)
    payments.insert(0, "payment_id", [f"P{i:07d}" for i in range(1, len(payments) + 1)])
    run.out.add("payments", payments)
    run.out.add("secondments", secondments)
    run.out.add("wage_subsidies", subsidies)
    run.out.add(
        "contracts", contracts.drop(columns=["bucket", "participants", "exits", "cost_free"])
    )


def _activities_in_windows(rng, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An activity of weeks to months inside each window [lo, hi] (ending before the exit)."""
    span = (hi - lo).astype(int)
    length = np.minimum(rng.integers(28, 270, len(lo)), np.maximum(span - 1, 1))
    begin = lo + (rng.random(len(lo)) * np.maximum(span - length, 0)).astype(int) * DAY
    return begin, begin + length * DAY


def _unqualified_activities(
    rng, contracts: pd.DataFrame, n: int, lo: np.ndarray, hi: np.ndarray, start
) -> pd.DataFrame:
    """Activities each intake rule must drop (rung 1–2, before the period, not completed, not
    meeting the norm, not approved) and the activities on the unpaid contracts."""
    paid_ids = contracts.loc[contracts["bucket"] >= 0, "contract_id"].to_numpy()
    unpaid = contracts[contracts["bucket"] < 0]
    frames = []

    def in_period(k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        who = rng.integers(0, n, k)
        return (who, *_activities_in_windows(rng, np.maximum(lo[who], start), hi[who]))

    who, b, e = in_period(6000)
    frames.append(_activity_frame(who, None, "traject", rng.integers(1, 3, len(who)), b, e))
    k = 1500
    who = rng.integers(0, n, k)
    b = _dates(rng, np.full(k, start - 360), np.full(k, start - 1))
    contract_id = rng.choice(paid_ids, k)
    frames.append(
        _activity_frame(who, contract_id, "traject", 3, b, b + rng.integers(60, 300, k) * DAY)
    )
    for k, change in ((2500, "completed"), (900, "meets_norm"), (400, "approved")):
        who, b, e = in_period(k)
        frame = _activity_frame(who, rng.choice(paid_ids, k), "traject", 4, b, e)
        frame[change] = False
        if change == "completed":
            frame.loc[rng.random(k) < 0.7, "end_date"] = pd.NaT
        frames.append(frame)
    who, b, e = in_period(40 * len(unpaid))
    frames.append(
        _activity_frame(
            who,
            np.repeat(unpaid["contract_id"].to_numpy(), 40),
            "traject",
            np.repeat(unpaid["rung"].to_numpy(), 40),
            b,
            e,
            meets_norm=False,
        )
    )
    return pd.concat(frames, ignore_index=True)


def _planted_persons(run: _Run, spare: list[str]) -> None:
    """Persons whose records the person rules drop: no BSN, invalid BSN, 65+, duplicates."""
    counter = iter(range(9_000_001, 9_999_999))  # client numbers the population does not use
    groups = [
        (np.full(180, None, dtype=object), "missing"),
        (_invalidate(np.array([spare.pop() for _ in range(140)], dtype=object)), "invalid"),
        (np.array([spare.pop() for _ in range(420)], dtype=object), "old"),
    ]
    for bsns, kind in groups:
        _planted_group(run, bsns, kind, counter)
    _planted_duplicates(run, spare, counter)


def _add_person(
    run: _Run, bsns: np.ndarray, births: np.ndarray, role: str, numbers: list[str]
) -> None:
    """A planted person's client record and an open benefit spell."""
    k = len(bsns)
    s = _dates(run.rng, np.full(k, run.start - 2000), np.full(k, run.end - 30))
    clients = pd.DataFrame(
        {
            "bsn": bsns,
            "client_number": numbers,
            "name": [f"Persoon {x}" for x in numbers],
            "birth_date": births,
            "household_role": np.full(k, role),
        }
    )
    spells = pd.DataFrame({"bsn": bsns, "spell_start": s, "spell_end": pd.NaT, "end_reason": None})
    run.out.add("clients", clients)
    run.out.add("benefit_spells", spells)


def _planted_group(run: _Run, bsns: np.ndarray, kind: str, counter: Iterator[int]) -> None:
    """Persons without BSN, with an invalid one, or aged 65+; a third with an activity."""
    rng, start, k = run.rng, run.start, len(bsns)
    if kind == "old":
        births = _dates(rng, np.full(k, _day("1930-01-01")), np.full(k, _day("1938-12-31")))
    else:
        births = _dates(rng, np.full(k, _day("1950-01-01")), np.full(k, _day("1985-12-31")))
    numbers = [f"K{next(counter):07d}" for _ in range(k)]
    _add_person(run, bsns, births, "active", numbers)
    some = rng.random(k) < 0.3
    run.out.add(
        "activities",
        pd.DataFrame(
            {
                "activity_id": [f"X{next(counter):07d}" for _ in range(int(some.sum()))],
                "bsn": bsns[some],
                "contract_id": None,
                "kind": "stage",
                "rung": 3,
                "start_date": start + 10,
                "end_date": start + 100,
                "completed": True,
                "meets_norm": True,
                "approved": True,
            }
        ),
    )


def _planted_duplicates(run: _Run, spare: list[str], counter: Iterator[int]) -> None:
    """Persons registered once as active and once as passive partner (bijlage 3: 437)."""
    rng, t, start, end = run.rng, run.t, run.start, run.end
    k = t.duplicates
    bsns = np.array([spare.pop() for _ in range(k)], dtype=object)
    births = _dates(rng, np.full(k, _day("1945-01-01")), np.full(k, _day("1984-12-31")))
    for role in ("active", "passive"):
        numbers = [f"K{next(counter):07d}" for _ in range(k)]
        _add_person(run, bsns, births, role, numbers)
    run.out.add("ladder", pd.DataFrame({"bsn": bsns[:100], "rung": 1, "reference_date": end}))
    pay = rng.random(k) < 0.2
    run.out.add(
        "payments",
        pd.DataFrame(
            {
                "payment_id": [f"Q{next(counter):07d}" for _ in range(int(pay.sum()))],
                "bsn": bsns[pay],
                "contract_id": None,
                "provider": "Re-integratiebedrijf A1",
                "kind": "fee",
                "amount_eur": 1000.0,
                "payment_date": start + 200,
            }
        ),
    )


# ---------------------------------------------------------------------------------------------
# writing


def check_target(folder: Path) -> Path:
    """The folder the generator may write to, or a RegistryError: never under ``data/raw``
    (where an audit office's own extract lives), never over files it did not write."""
    folder = folder.resolve()
    if folder.is_relative_to(paths.RAW.resolve()):
        raise RegistryError(
            f"{folder}: the demo generator never writes under {paths.RAW} (an audit office's own "
            f"extract lives there); it writes to {paths.SYNTHETIC}/<case>/registry"
        )
    ours = {f"{t}.parquet" for t in TABLES} | {GENERATED_STAMP}
    foreign = (
        sorted(p.name for p in folder.iterdir() if p.name not in ours) if folder.is_dir() else []
    )
    if foreign:
        raise RegistryError(
            f"{folder}: holds files the demo generator did not write ({', '.join(foreign[:5])}); "
            "it writes only into an empty folder or one it wrote before"
        )
    return folder


def as_exported(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables as Amsterdam's export writes them: its own codes (:data:`OWN_CODES`, read
    back through ``data/raw/amsterdam_2006/codes.yml``), every spell under the WWB, no inflow
    reason (the 2006 extract has none), columns in the model's order."""
    out = dict(frames)
    spells = frames["benefit_spells"].assign(scheme="pw", inflow_reason=None)
    out["benefit_spells"] = spells[list(MODEL["benefit_spells"])]
    for table, columns in OWN_CODES.items():
        frame = out[table].copy()
        for column, mapping in columns.items():
            frame[column] = frame[column].map(lambda v, m=mapping: m.get(v, v) if v else v)
        out[table] = frame
    return out


OWN_CODES: dict[str, dict[str, dict[str, str]]] = {
    "benefit_spells": {
        "scheme": {"pw": "WWB"},
        "end_reason": {
            "work": "WERK",
            "moved": "VERH",
            "partner_income": "SAMW",
            "detention": "DETN",
            "death": "OVL",
            "no_information": "GINL",
            "other_income": "ANDI",
            "unknown": "ONB",
        },
    },
    "exemptions": {
        "reason": {
            "born_before_1941_11": "GEB41",
            "child_under_5": "KIND5",
            "education": "OPL",
            "older_than_57_5": "575",
            "social_activation": "SOCACT",
            "distance_to_labour_market": "AFST",
            "medical": "MED",
            "social": "SOC",
            "trajectory_obligations": "TRAJ",
        }
    },
}
"""The generator's 2006 codes → the codes Amsterdam's export writes (modelled on one: the real
export's codes are not published). ``codes.yml`` of the case maps them onto the model."""


def case_codes(case: str) -> CodeMap:
    """The case's ``codes.yml`` (own codes → model codes), empty without one."""
    file = paths.raw_dir(case) / "codes.yml"
    return load_codes(file) if file.is_file() else {}


def write_registry(
    frames: dict[str, pd.DataFrame],
    folder: Path,
    codes: CodeMap | None = None,
    extract_date: dt.date | None = None,
) -> list[Path]:
    """Check every table against the data model (read through the case's ``codes``, as the
    analysis will read it) and write it as parquet, as exported (deterministic row order), with
    the stamp that marks the folder as a generated demo registry.

    Raises:
        RegistryError: ``folder`` is not one the generator may write to (:func:`check_target`).
    """
    folder = check_target(folder)
    folder.mkdir(parents=True, exist_ok=True)
    opts = ReadOptions(
        codes=codes or {}, synthetic=True, extract_date=extract_date or dt.date(2100, 1, 1)
    )
    written = []
    for table, frame in frames.items():
        frame = frame.reset_index(drop=True)
        typed, _ = read_table(table, frame, f"synthetic {table}", opts)
        for column in opts.codes.get(table, {}):  # on disk: the export's own codes
            typed[column] = frame[column].astype(typed[column].dtype)
        frame = typed
        file = folder / f"{table}.parquet"
        frame.to_parquet(file, index=False, engine="pyarrow")
        written.append(file)
    (folder / GENERATED_STAMP).write_text(
        "Generated by analysis.synthetic.generate: a synthetic demo registry, no real clients.\n",
        encoding="utf-8",
    )
    return written


def write_calibration_notes(notes: dict[tuple[str, str, str], str], file: Path) -> Path:
    """The printed cells the demo registry cannot meet (the report contradicts itself), with the
    reason, beside the registry: the reproduction shows the reason instead of a bare miss. The
    analysis reads this file (``published.reproduction.calibration_notes``), never this module."""
    rows = [
        {"table_id": t, "row": r, "column": c, "note": note} for (t, r, c), note in notes.items()
    ]
    pd.DataFrame(rows, columns=["table_id", "row", "column", "note"]).to_csv(file, index=False)
    return file


PARTICIPATIEWET_GENERATORS = {
    "participatiewet": participatiewet.generate,  # invented rates, no printed report
    "amsterdam_2024": amsterdam_2024.generate,  # what the 2025 report states, invented rates
}
"""The demo generators of the Participatiewet era by ``demo_generator``: written in the model's
codes, checked against the case's extract date."""


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.synthetic <case> [--seed N] [--out DIR]``: write the demo registry."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m analysis.synthetic")
    parser.add_argument("case")
    parser.add_argument("--seed", type=int, default=None, help="override the seed of case.yml")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder (default data/synthetic/<case>/registry)"
    )
    args = parser.parse_args(argv)
    case = load_case(args.case, seed=args.seed)
    if not case.synthetic_registry:
        raise RegistryError(
            f"{case.path}: case '{args.case}' has synthetic_registry: false, so its registry is "
            "the audit office's own extract; the demo generator does not write for it"
        )
    folder = check_target(args.out or registry_dir(args.case, synthetic=True))
    started = time.perf_counter()
    if case.demo_generator in PARTICIPATIEWET_GENERATORS:  # the Participatiewet era
        frames = PARTICIPATIEWET_GENERATORS[case.demo_generator](case)
        write_registry(frames, folder, case_codes(args.case), case.registry_extract_date)
    else:
        frames = generate(case, progress=lambda msg: print(f"  {msg}", flush=True))
        write_registry(frames, folder, case_codes(args.case))
        write_calibration_notes(ledger.KNOWN_DEVIATIONS, folder.parent / CALIBRATION_NOTES)
    counts = ", ".join(f"{t} {len(f):,}".replace(",", ".") for t, f in frames.items())
    print(
        f"Synthetic registry for {args.case} (seed {case['seed']}) in {folder} "
        f"({time.perf_counter() - started:.1f} s): {counts}"
    )
    return 0


# ---------------------------------------------------------------------------------------------
# ledger helpers


def _sequential_windows(client: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
    """A client on two contracts follows them one after the other: split the window in two."""
    order = np.argsort(client, kind="stable")
    sorted_clients = client[order]
    second = np.flatnonzero(sorted_clients[1:] == sorted_clients[:-1]) + 1
    for j in second:
        a, b = order[j - 1], order[j]
        span = int((hi[a] - lo[a]).astype(int))
        mid = lo[a] + (span // 2) * DAY
        hi[a] = mid
        lo[b] = max(lo[b], mid + DAY)
        if lo[b] > hi[b]:
            lo[b] = hi[b]


def _chain_dates(
    rng, chain, seats, begin, finish, kind, spell_start, spell_end, workstart, period_start
):
    """Dates of the planted WorkstaR chain (Figuur 5.1) and of the FourstaR double payments.

    Clients who left benefit start the WorkstaR job on their exit date; clients who are back on
    benefit had an earlier spell that ended when the WorkstaR job began (returned as extra
    spells). Before the job: a two-month internship at WorkstaR; before or, for FourstaR,
    around it: the first provider's trajectory.
    """
    extra = []
    frame = chain.clients
    frame["workstar_premium"] = frame["role"] != ""
    frame["early_premium"] = frame["role"] == "early_premium"
    for _, row in frame.iterrows():
        c = int(row["client"])
        slots = np.flatnonzero(seats.client == c)
        ws_slot = slots[seats.contract[slots] == chain.workstar_contract][0]
        pr_slot = slots[seats.contract[slots] != chain.workstar_contract][0]
        if row["status"] == "work":
            ws = spell_end[c]
            earliest = max(spell_start[c], period_start)
        else:
            ws = spell_start[c] - (ledger.WORKSTAR_JOB_DAYS + int(rng.integers(5, 30))) * DAY
            earlier_start = ws - int(rng.integers(200, 600)) * DAY
            extra.append((c, earlier_start, ws, "work"))
            earliest = max(earlier_start, period_start)
        workstart[c] = ws
        internship = ws - ledger.WORKSTAR_INTERNSHIP_DAYS * DAY
        begin[ws_slot], finish[ws_slot], kind[ws_slot] = internship, ws - DAY, "stage"
        # FourstaR's trajectory runs up to the WorkstaR job, the others' end before the internship
        stop = ws - DAY if row["provider"] == ledger.FOURSTAR else internship - DAY
        first = max(earliest, stop - int(rng.integers(60, 150)) * DAY)
        begin[pr_slot], finish[pr_slot] = min(first, stop - 20 * DAY), stop
    for c in chain.fourstar_extra:
        slots = np.flatnonzero(seats.client == c)
        ws_slot = slots[seats.contract[slots] == chain.workstar_contract][0]
        fs_slot = slots[seats.contract[slots] != chain.workstar_contract][0]
        a = max(spell_start[c], period_start) + int(rng.integers(0, 60)) * DAY
        begin[fs_slot], finish[fs_slot] = a, a + 120 * DAY
        begin[ws_slot], finish[ws_slot], kind[ws_slot] = a + 60 * DAY, a + 120 * DAY, "stage"
    return pd.DataFrame(extra, columns=["client", "spell_start", "spell_end", "end_reason"])


def _planted_payments(rng, contracts: pd.DataFrame, spare: list[str]) -> pd.DataFrame:
    """Payments the payment audit must flag under rule 4: three for BSNs that fail the 11-proef,
    two for valid BSNs of nobody in the registry."""
    invalid = _invalidate(np.array([spare.pop() for _ in range(3)], dtype=object))
    unknown = np.array([spare.pop() for _ in range(2)], dtype=object)
    paid = contracts[contracts["bucket"] > 0].sample(5, random_state=int(rng.integers(0, 2**31)))
    return pd.DataFrame(
        {
            "bsn": np.concatenate([invalid, unknown]),
            "contract_id": paid["contract_id"].to_numpy(),
            "activity_id": None,
            "provider": paid["provider"].to_numpy(),
            "kind": "fee",
            "amount_eur": np.round(rng.uniform(900, 2500, 5), 2),
            "payment_date": _dates(
                rng, np.full(5, _day("2005-01-01")), np.full(5, _day("2005-12-31"))
            ),
        }
    )


def cost_targets(t: Targets, pop: Population) -> ledger.CostTargets:
    """The sums of chapter 5 (Tabel 5.5–5.9, §5.3) as targets for the ledger, with the choices
    where the report contradicts itself (see :mod:`analysis.synthetic.ledger`)."""
    c = t.costs
    with_total = c["per_exit"] * int(t.work_after_trajectory.sum())
    cohort_totals = t.cohort_avg_eur * t.completed
    cohort_totals *= with_total / cohort_totals.sum()  # within the rounding of each average
    work = c["avg_work"] * int(t.work_after_trajectory.sum())
    on = c["avg_on"] * t.on_completed
    status_totals = np.array([work, with_total - work - on, on])
    statuses = ["work", "other", "on_benefit"]
    seed = np.array(
        [
            [((pop.cohort == k) & (pop.status == s) & pop.completed).sum() for s in statuses]
            for k in range(len(t.cohorts))
        ],
        dtype=float,
    )
    cells = ipf(seed, cohort_totals, status_totals)
    without = c["avg_without"] * t.without_benefit
    exits = t.buckets["work"].to_numpy()
    buckets = {0: c["zero_bucket"]}
    buckets.update({b: float(avg * exits[b]) for b, avg in enumerate(t.bucket_avg_eur, start=1)})
    contracts_total = sum(buckets.values())
    m2000 = c["m2000"] + assumed("m2000_rounding_eur")
    lks = c["lks_2004_2005"] + c["lks_2006"]
    return ledger.CostTargets(
        cells={
            (k, s): float(cells[k, j])
            for k in range(len(t.cohorts))
            for j, s in enumerate(statuses)
        },
        without_benefit=without,
        buckets=buckets,
        systems={"M2000": m2000, "BVS": contracts_total - m2000},
        wage_subsidy_years={"2004-2005": c["lks_2004_2005"], "2006": c["lks_2006"]},
        secondments=with_total + without - contracts_total - lks,
        revenue=c["revenue"] + assumed("secondment_revenue_offset_eur"),
        zero_bucket_no_benefit=c["zero_bucket"] * c["zero_bucket_no_benefit_pct"] / 100,
        zero_bucket_on_benefit=c["zero_bucket_on_benefit"],
        low_bucket_pre2004=c["low_bucket_pre2004"] + assumed("low_bucket_pre2004_offset_eur"),
    )
