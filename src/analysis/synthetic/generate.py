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
the same seed write byte-identical parquet files.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core import paths
from analysis.core.cases import Case, load_case
from analysis.published.reproduction import CALIBRATION_NOTES
from analysis.published.tables import fact, load_facts, load_table
from analysis.registry.extract import GENERATED_STAMP, validate
from analysis.registry.model import EXEMPTION_REASONS, TABLES, RegistryError, registry_dir
from analysis.synthetic import ledger as ledger

DAY = np.timedelta64(1, "D")


# ---------------------------------------------------------------------------------------------
# integer allocation


def allocate(
    total: int, weights: Sequence[float], caps: Sequence[float] | None = None
) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` without exceeding ``caps``.

    Water-filling: cells that would exceed their cap are fixed at it and the rest is shared again;
    the integer parts are then topped up by largest remainder. Raises when the caps cannot hold
    the total.
    """
    weights = np.asarray(weights, dtype=float)
    caps = np.full(len(weights), np.inf) if caps is None else np.asarray(caps, dtype=float)
    if total < 0 or total > caps.sum() + 1e-9:
        raise ValueError(f"cannot allocate {total} within caps summing to {caps.sum()}")
    share = np.zeros(len(weights))
    free = np.ones(len(weights), dtype=bool) & (caps > 0)
    remaining = float(total)
    while remaining > 1e-9 and free.any():
        w = np.where(free, weights, 0.0)
        w = w if w.sum() > 0 else free.astype(float)
        proposal = remaining * w / w.sum()
        over = free & (share + proposal > caps)
        if not over.any():
            share += proposal
            break
        remaining -= (caps[over] - share[over]).sum()
        share[over] = caps[over]
        free &= ~over
    counts = np.floor(share + 1e-9).astype(int)
    short = total - counts.sum()
    order = np.argsort(-(share - counts), kind="stable")
    for i in order:
        if short == 0:
            break
        if counts[i] < caps[i]:
            counts[i] += 1
            short -= 1
    if short != 0:
        raise ValueError(f"allocation of {total} left {short} unplaced")
    return counts


def allocate_columns(
    row_totals: Sequence[int], col_totals: Sequence[int], seed: np.ndarray
) -> np.ndarray:
    """An integer matrix with the given row and column totals, shaped like ``seed``.

    Iterative proportional fitting gives real targets; columns are then filled one by one with
    :func:`allocate` (capped by what each row still has), the last column taking the rest.
    """
    rows, cols = np.asarray(row_totals, float), np.asarray(col_totals, float)
    if abs(rows.sum() - cols.sum()) > 1e-9:
        raise ValueError(f"row totals {rows.sum()} and column totals {cols.sum()} differ")
    m = np.asarray(seed, dtype=float) + 1e-9
    for _ in range(200):
        m *= (rows / m.sum(axis=1))[:, None]
        m *= cols / m.sum(axis=0)
    out = np.zeros(m.shape, dtype=int)
    left = np.asarray(row_totals, dtype=int).copy()
    for j in range(m.shape[1] - 1):
        out[:, j] = allocate(int(col_totals[j]), m[:, j], caps=left)
        left -= out[:, j]
    out[:, -1] = left
    return out


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
    t46, t47, t48 = (load_table(case, t) for t in ("t4_6", "t4_7", "t4_8"))
    t413, t414, t415 = (load_table(case, t) for t in ("t4_13", "t4_14", "t4_15"))
    t416, t417, t418 = (load_table(case, t) for t in ("t4_16", "t4_17", "t4_18"))
    t57 = load_table(case, "t5_7")
    facts = load_facts(case)
    cohorts = slice(0, 4)
    begin = _col(t46, "beginstand_n", cohorts)
    on = _col(t46, "in_uitkering_n", cohorts)
    work = _col(t46, "uitstroom_werk_n", cohorts)
    other = _col(t46, "uitstroom_n", cohorts) - work
    cohort_cols = [c for c in t414.columns if c.endswith("_n") and not c.startswith("totaal")]
    by_label = t414.set_index("label")
    reasons = t48.iloc[: len(EXEMPTION_REASONS)].copy()
    reasons.index = list(EXEMPTION_REASONS)
    reasons = reasons[[c for c in t48.columns if c.endswith("_n") and c != "totaal_n"]].fillna(0)
    reasons.columns = range(4)
    rung_rows = t413.iloc[:5]
    shares = {
        rung: float(p)
        for rung, p in zip(range(1, 6), rung_rows["aantal_clienten_pct"], strict=True)
    }
    shares[None] = float(
        t413.loc[t413["label"] == "Nog niet ingedeeld", "aantal_clienten_pct"].iloc[0]
    )
    t416 = t416.set_index("label")
    return Targets(
        cohorts=["stock", "2004", "2005", "2006"],
        begin=begin,
        on=on,
        work=work,
        other=other,
        completed=_col(t57, "clienten_afgerond_n", cohorts),
        completed_not_exempt=by_label.loc["Afgerond", cohort_cols].to_numpy(dtype=int),
        exempt=by_label.loc["Ontheffing", cohort_cols].to_numpy(dtype=int),
        work_after_trajectory=_col(t415, "uitstroom_werk_traject_n", cohorts),
        other_completed=int(
            t416.loc["Uitkering beëindigd door andere oorzaken", "traject_afgerond_n"]
        ),
        on_completed=int(t416.loc["Uitkering niet beëindigd", "traject_afgerond_n"]),
        without_benefit=int(t416.loc["Cliënten zonder uitkering", "traject_afgerond_n"]),
        unknown_reason_completed=int(fact(facts, "completed_outflow_cause_unknown_n")),
        age_labels=list(t47["label"].iloc[:-1]),
        age_n=t47["aantal_clienten_n"].iloc[:-1].to_numpy(dtype=int),
        age_exit_1y=t47["uitstroom_1jaar_n"].iloc[:-1].to_numpy(dtype=int),
        age_work_1y=t47["uitstroom_werk_1jaar_n"].iloc[:-1].to_numpy(dtype=int),
        exemption_reasons=reasons.astype(int),
        rung_shares=shares,
        buckets=t417.iloc[:-1].rename(
            columns={
                "aantal_contracten_n": "contracts",
                "aantal_clienten_n": "participants",
                "aantal_clienten_werk_n": "work",
            }
        ),
        best_categories=t418.rename(
            columns={"aantal_contracten_n": "contracts", "instroom_afgesloten_n": "closed"}
        ).fillna({"closed": 0}),
        contracts_total=int(fact(facts, "contracts_in_analysis_n")),
        contracts_unpaid=int(fact(facts, "contracts_not_paid_n")),
        multi_contract_pct=fact(facts, "clients_multiple_contracts_pct"),
        duplicates=int(fact(facts, "duplicate_sofinummers_n")),
        costs=_cost_figures(case, facts),
        cohort_avg_eur=t57["gemiddelde_re_integratiekosten_eur"].iloc[:4].to_numpy(dtype=float),
        bucket_avg_eur=load_table(case, "t5_9")["gemiddelde_kosten_per_uitgestroomde_client_eur"]
        .iloc[1:5]
        .to_numpy(dtype=float),
        zero_bucket_no_benefit=int(fact(facts, "contracts_zero_outflow_no_benefit_clients_n")),
        zero_bucket_on_benefit=int(fact(facts, "contracts_zero_outflow_stayed_on_benefit_n")),
        cost_free_clients=int(fact(facts, "cost_free_trajectories_clients_n")),
        cost_free_exits=int(fact(facts, "cost_free_trajectories_to_work_n")),
    )


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


def _dates(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """One uniform date per element between ``low`` and ``high`` (inclusive, datetime64[D])."""
    low, high = np.asarray(low, "datetime64[D]"), np.asarray(high, "datetime64[D]")
    span = (high - low).astype(int)
    if (span < 0).any():
        raise ValueError("a date window is empty")
    return low + (rng.random(len(low)) * (span + 1)).astype(int) * DAY


def _day(text: str) -> np.datetime64:
    return np.datetime64(text, "D")


def _flag_first(rng: np.random.Generator, index: np.ndarray, k: int) -> np.ndarray:
    """A random subset of ``index`` of size ``k``."""
    if k > len(index):
        raise ValueError(f"need {k} of {len(index)}")
    return rng.permutation(index)[:k]


def _valid_bsns(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct 9-digit numbers that pass the 11-proef."""
    weights = np.arange(9, 1, -1)
    found: list[str] = []
    seen: set[str] = set()
    while len(found) < n:
        digits = rng.integers(0, 10, size=(2 * (n - len(found)) + 16, 8))
        digits[:, 0] = rng.integers(1, 10, size=len(digits))
        check = (digits * weights).sum(axis=1) % 11
        for row, c in zip(digits, check, strict=True):
            if c == 10:
                continue
            number = "".join(map(str, row)) + str(c)
            if number not in seen:
                seen.add(number)
                found.append(number)
                if len(found) == n:
                    break
    return np.array(found, dtype=object)


def _invalidate(bsns: np.ndarray) -> np.ndarray:
    """Change the last digit so that the 11-proef fails."""
    return np.array([b[:-1] + str((int(b[-1]) + 1) % 10) for b in bsns], dtype=object)


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
    n_cohorts = len(t.cohorts)
    cohort, status = [], []
    for c in range(n_cohorts):
        for name, count in (("on_benefit", t.on[c]), ("work", t.work[c]), ("other", t.other[c])):
            cohort += [c] * int(count)
            status += [name] * int(count)
    cohort, status = np.array(cohort), np.array(status, dtype=object)
    n = len(cohort)
    within = np.zeros(n, bool)
    completed = np.zeros(n, bool)
    exempt = np.zeros(n, bool)

    # exits within one year: the last cohort (half a year of inflow) can only exit within a year
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

    # completion per cohort and status (Tabel 4.15, 4.16, 5.7)
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

    # exemption per cohort and completion (Tabel 4.14 with 5.7: completers who are also exempt)
    completed_exempt = t.completed - t.completed_not_exempt
    for c in range(n_cohorts):
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

    # exemption reasons per cohort (Tabel 4.8); age-based reasons to clients still on benefit
    reason = np.full(n, None, dtype=object)
    age_based = ("born_before_1941_11", "older_than_57_5")
    for c in range(n_cohorts):
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
        for code in age_based:
            k = int(counts[code])
            reason[order[taken : taken + k]] = code
            taken += k
        remaining = rng.permutation(np.array(order[taken:]))
        start = 0
        for code in EXEMPTION_REASONS:
            if code in age_based:
                continue
            k = int(counts[code])
            reason[remaining[start : start + k]] = code
            start += k

    # age: groups per (status, within one year) from Tabel 4.7, matched to clients by a
    # propensity so that age fits exemption reason and cohort
    age_group, age = _assign_ages(rng, t, cohort, status, within, reason, exempt)
    return Population(cohort, status, within, completed, exempt, reason, age_group, age)


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
):
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


def contract_sizes(rng: np.random.Generator, t: Targets, edges: Sequence[float]):
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
    return contracts.sort_values("contract_id").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# the registry tables


@dataclass
class _Builder:
    """Accumulates rows of every raw table."""

    rows: dict[str, list[pd.DataFrame]]

    def add(self, table: str, frame: pd.DataFrame) -> None:
        self.rows.setdefault(table, []).append(frame)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {t: pd.concat(self.rows.get(t, []), ignore_index=True) for t in TABLES}


def generate(
    case: Case, targets: Targets | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, pd.DataFrame]:
    """Draw the raw registry of ``case`` (with BSN and names, as an extract would have them)."""
    say = progress or (lambda _msg: None)
    t = targets or read_targets(case.name)
    rng = np.random.default_rng(case["seed"])
    start = np.datetime64(case.period_start, "D")
    end = np.datetime64(case.period_end, "D")
    out = _Builder({})

    say("population: cohorts, status, completion, exemptions, ages")
    pop = build_population(rng, t)
    n = len(pop)
    n_without = t.without_benefit
    total = n + n_without
    bsn = _valid_bsns(rng, total + 2000)
    spare = list(bsn[total:])  # for planted persons
    bsn = bsn[:total]

    spell_start, spell_end = spell_dates(rng, pop, start, end)
    reasons = end_reasons(rng, pop, t.unknown_reason_completed)
    age_day = np.maximum(spell_start, start)

    # clients without benefit: mostly young people and secondments (§4.3.4)
    young = rng.random(n_without) < 0.6
    age_without = np.where(young, rng.integers(17, 28, n_without), rng.integers(28, 60, n_without))
    births = np.concatenate(
        [
            birth_dates(rng, pop.age, age_day),
            birth_dates(rng, age_without, np.full(n_without, start)),
        ]
    )
    roles = np.where(rng.random(total) < 0.85, "active", "passive")
    out.add(
        "clients",
        pd.DataFrame(
            {
                "bsn": bsn,
                "client_number": [f"K{i:07d}" for i in range(1, total + 1)],
                "name": [f"Cliënt {i:06d}" for i in range(1, total + 1)],
                "birth_date": births,
                "household_role": roles,
            }
        ),
    )
    # a few spells run on past the period end (the extract is from November 2006)
    later = (pop.status == "on_benefit") & (rng.random(n) < 0.04)
    shown_end = spell_end.copy()
    shown_end[later] = _dates(rng, np.full(later.sum(), end + 1), np.full(later.sum(), end + 120))
    shown_reason = reasons.copy()
    shown_reason[later] = rng.choice(["work", "moved", "other_income"], size=later.sum())
    out.add(
        "benefit_spells",
        pd.DataFrame(
            {
                "bsn": bsn[:n],
                "spell_start": spell_start,
                "spell_end": shown_end,
                "end_reason": shown_reason,
            }
        ),
    )

    say("re-entrants: earlier spells")
    reentrant = np.flatnonzero(rng.random(n) < 0.05)
    earlier_end = spell_start[reentrant] - rng.integers(30, 700, len(reentrant)) * DAY
    earlier_start = earlier_end - rng.integers(60, 1500, len(reentrant)) * DAY
    out.add(
        "benefit_spells",
        pd.DataFrame(
            {
                "bsn": bsn[reentrant],
                "spell_start": earlier_start,
                "spell_end": earlier_end,
                "end_reason": rng.choice(["work", "other_income", "moved"], size=len(reentrant)),
            }
        ),
    )

    say("exemptions")
    exempt = np.flatnonzero(pop.exempt)
    eff_end = np.where(np.isnat(spell_end[exempt]), end, np.minimum(spell_end[exempt], end))
    ex_start = _dates(rng, np.maximum(spell_start[exempt], _day("2001-01-01")), eff_end)
    ex_end = np.where(
        rng.random(len(exempt)) < 0.6,
        np.datetime64("NaT"),
        ex_start + rng.integers(90, 900, len(exempt)) * DAY,
    )
    ex_end = np.where(~np.isnat(ex_end) & (ex_end < start), start + 30 * DAY, ex_end)
    out.add(
        "exemptions",
        pd.DataFrame(
            {
                "bsn": bsn[exempt],
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
    out.add(
        "exemptions",
        pd.DataFrame(
            {
                "bsn": bsn[former],
                "reason": rng.choice(list(EXEMPTION_REASONS), size=len(former)),
                "start_date": f_start,
                "end_date": f_start + rng.integers(60, 500, len(former)) * DAY,
            }
        ),
    )  # ended before the period: not an exemption in the period

    say("ladder rungs on the reference date")
    # on benefit on the ladder date: still on benefit, or the benefit's last day is that date
    on = np.flatnonzero((pop.status == "on_benefit") | (spell_end == end))
    shares = t.rung_shares
    labels = [5, 4, 3, None, 2, 1]
    counts = allocate(len(on), [shares[r] for r in labels])
    score = 2.0 * pop.completed[on] - 2.0 * pop.exempt[on] + rng.normal(0, 1, len(on))
    ordered = on[np.argsort(-score, kind="stable")]
    bounds = np.cumsum(np.concatenate([[0], counts]))
    ladder = [
        (ordered[bounds[i] : bounds[i + 1]], r) for i, r in enumerate(labels) if r is not None
    ]
    out.add(
        "ladder",
        pd.DataFrame(
            {
                "bsn": np.concatenate([bsn[idx] for idx, _ in ladder]),
                "rung": np.concatenate([np.full(len(idx), r) for idx, r in ladder]),
                "reference_date": np.datetime64(case.period_end, "D"),
            }
        ),
    )

    say("contracts, seats, activities")
    contracts = build_contracts(rng, t, case["contract_buckets_pct"])
    seats = ledger.assign_seats(
        rng,
        contracts,
        pop.status,
        pop.completed,
        n_without,
        t.multi_contract_pct,
        t.zero_bucket_no_benefit,
        t.zero_bucket_on_benefit,
    )
    cohort_years = pop.cohort
    chain = ledger.plant_chain(
        rng, seats, contracts, pop.status, cohort_years, spell_start, spell_end, n
    )
    contracts = ledger.name_chain_contracts(contracts, chain)
    chain_clients = set(chain.clients["client"]) | set(chain.fourstar_extra)
    zero_ids = set(contracts.loc[contracts["bucket"] == 0, "contract_id"])
    ledger.fix_zero_bucket(
        rng, seats, zero_ids, pop.status, n, t.zero_bucket_on_benefit, chain_clients
    )
    window_lo = np.maximum(spell_start, start)
    window_hi = np.where(np.isnat(spell_end), end, np.minimum(spell_end, end))
    lo_all = np.concatenate([window_lo, np.full(n_without, start)])
    hi_all = np.concatenate([window_hi, np.full(n_without, end)])
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
    workstart = np.full(total, np.datetime64("NaT"), "datetime64[D]")
    extra_spells = _chain_dates(
        rng, chain, seats, begin, finish, kind, spell_start, spell_end, workstart, start
    )
    qualifying = pd.DataFrame(
        {
            "client": seats.client,
            "contract_id": seats.contract,
            "kind": kind,
            "rung": contract_rung.loc[seats.contract].to_numpy(),
            "start_date": begin,
            "end_date": finish,
            "completed": True,
            "meets_norm": True,
            "approved": True,
            "pair": True,
            "exit": seats.exit,
        }
    )
    if len(extra_spells):
        out.add(
            "benefit_spells",
            extra_spells.assign(bsn=bsn[extra_spells.pop("client").to_numpy()])[
                ["bsn", "spell_start", "spell_end", "end_reason"]
            ],
        )

    # completers outside contracts: internships, secondments, wage subsidies
    on_contract = np.zeros(total, bool)
    on_contract[seats.client] = True
    completed_all = np.concatenate([pop.completed, np.ones(n_without, bool)])
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
    outside_frame = pd.DataFrame(
        {
            "client": outside,
            "contract_id": None,
            "kind": kinds,
            "rung": np.where(kinds == "stage", 3, 5),
            "start_date": o_begin,
            "end_date": o_end,
            "completed": True,
            "meets_norm": True,
            "approved": True,
            "pair": False,
            "exit": False,
        }
    )

    say("activities the intake must drop")
    planted = _unqualified_activities(rng, t, contracts, n, window_lo[:n], window_hi[:n], start)
    planted = planted.assign(pair=False, exit=False)
    activities = pd.concat(
        [
            qualifying.assign(qualifying=True),
            outside_frame.assign(qualifying=True),
            planted.assign(qualifying=False),
        ],
        ignore_index=True,
    )
    activities = activities.iloc[rng.permutation(len(activities))].reset_index(drop=True)
    activities.insert(0, "activity_id", [f"A{i:07d}" for i in range(1, len(activities) + 1)])
    public = activities.assign(bsn=bsn[activities["client"].to_numpy()])
    out.add(
        "activities",
        public[
            [
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
        ],
    )

    say("employment after exit, payments, secondments, wage subsidies")
    people = pd.DataFrame(
        {
            "bsn": bsn,
            "has_benefit": np.arange(total) < n,
            "cohort": np.concatenate([pop.cohort, np.full(n_without, -1)]),
            "status": np.concatenate([pop.status, np.full(n_without, "none", dtype=object)]),
            "spell_start": np.concatenate(
                [spell_start, np.full(n_without, np.datetime64("NaT"), "datetime64[D]")]
            ),
            "spell_end": np.concatenate(
                [spell_end, np.full(n_without, np.datetime64("NaT"), "datetime64[D]")]
            ),
            "workstar_start": workstart,
        }
    )
    jobs, ww, sustained = ledger.employment_after_exit(rng, people, chain, end)
    out.add(
        "employment",
        jobs.assign(bsn=bsn[jobs.pop("client").to_numpy()])[
            ["bsn", "employer", "start_date", "end_date", "financed_by_municipality"]
        ],
    )
    out.add(
        "unemployment_benefits",
        ww.assign(bsn=bsn[ww.pop("client").to_numpy()])[["bsn", "start_date", "end_date"]],
    )
    payments, secondments, subsidies = ledger.build_money(
        rng, people, activities, contracts, chain, sustained, cost_targets(t, pop), start, end
    )
    planted_payments = _planted_payments(rng, contracts, spare)
    payments = pd.concat([payments, planted_payments], ignore_index=True)
    payments.insert(0, "payment_id", [f"P{i:07d}" for i in range(1, len(payments) + 1)])
    out.add("payments", payments)
    out.add("secondments", secondments)
    out.add("wage_subsidies", subsidies)
    out.add("contracts", contracts.drop(columns=["bucket", "participants", "exits", "cost_free"]))

    say("persons the intake must drop")
    _planted_persons(rng, out, t, spare, start, end)
    return out.frames()


def _activities_in_windows(rng, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An activity of weeks to months inside each window [lo, hi] (ending before the exit)."""
    span = (hi - lo).astype(int)
    length = np.minimum(rng.integers(28, 270, len(lo)), np.maximum(span - 1, 1))
    begin = lo + (rng.random(len(lo)) * np.maximum(span - length, 0)).astype(int) * DAY
    return begin, begin + length * DAY


def _unqualified_activities(
    rng, t: Targets, contracts: pd.DataFrame, n: int, lo: np.ndarray, hi: np.ndarray, start
) -> pd.DataFrame:
    """Activities each intake rule must drop (rung 1–2, before the period, not completed, not
    meeting the norm, not approved) and the activities on the unpaid contracts."""
    paid_ids = contracts.loc[contracts["bucket"] >= 0, "contract_id"].to_numpy()
    unpaid = contracts[contracts["bucket"] < 0]
    frames = []

    def some(k):
        return rng.integers(0, n, k)

    k = 6000
    who = some(k)
    b, e = _activities_in_windows(rng, np.maximum(lo[who], start), hi[who])
    frames.append(
        pd.DataFrame(
            {
                "client": who,
                "contract_id": None,
                "kind": "traject",
                "rung": rng.integers(1, 3, k),
                "start_date": b,
                "end_date": e,
                "completed": True,
                "meets_norm": True,
                "approved": True,
            }
        )
    )
    k = 1500
    who = some(k)
    b = _dates(rng, np.full(k, start - 360), np.full(k, start - 1))
    frames.append(
        pd.DataFrame(
            {
                "client": who,
                "contract_id": rng.choice(paid_ids, k),
                "kind": "traject",
                "rung": 3,
                "start_date": b,
                "end_date": b + rng.integers(60, 300, k) * DAY,
                "completed": True,
                "meets_norm": True,
                "approved": True,
            }
        )
    )
    for k, change in ((2500, "completed"), (900, "meets_norm"), (400, "approved")):
        who = some(k)
        b, e = _activities_in_windows(rng, np.maximum(lo[who], start), hi[who])
        frame = pd.DataFrame(
            {
                "client": who,
                "contract_id": rng.choice(paid_ids, k),
                "kind": "traject",
                "rung": 4,
                "start_date": b,
                "end_date": e,
                "completed": True,
                "meets_norm": True,
                "approved": True,
            }
        )
        frame[change] = False
        if change == "completed":
            frame.loc[rng.random(k) < 0.7, "end_date"] = pd.NaT
        frames.append(frame)
    k = 40 * len(unpaid)
    who = some(k)
    b, e = _activities_in_windows(rng, np.maximum(lo[who], start), hi[who])
    frames.append(
        pd.DataFrame(
            {
                "client": who,
                "contract_id": np.repeat(unpaid["contract_id"].to_numpy(), 40),
                "kind": "traject",
                "rung": np.repeat(unpaid["rung"].to_numpy(), 40),
                "start_date": b,
                "end_date": e,
                "completed": True,
                "meets_norm": False,
                "approved": True,
            }
        )
    )
    return pd.concat(frames, ignore_index=True)


def _planted_persons(rng, out: _Builder, t: Targets, spare: list[str], start, end) -> None:
    """Persons whose records the person rules drop: no BSN, invalid BSN, 65+, duplicates."""

    def person_rows(bsns, births, roles, numbers):
        k = len(bsns)
        s = _dates(rng, np.full(k, start - 2000), np.full(k, end - 30))
        return (
            pd.DataFrame(
                {
                    "bsn": bsns,
                    "client_number": numbers,
                    "name": [f"Persoon {x}" for x in numbers],
                    "birth_date": births,
                    "household_role": roles,
                }
            ),
            pd.DataFrame({"bsn": bsns, "spell_start": s, "spell_end": pd.NaT, "end_reason": None}),
        )

    counter = iter(range(9_000_001, 9_999_999))
    groups = []
    k = 180
    groups.append((np.full(k, None, dtype=object), "missing"))
    k = 140
    groups.append((_invalidate(np.array([spare.pop() for _ in range(k)], dtype=object)), "invalid"))
    k = 420
    groups.append((np.array([spare.pop() for _ in range(k)], dtype=object), "old"))
    for bsns, kind in groups:
        k = len(bsns)
        if kind == "old":
            births = _dates(rng, np.full(k, _day("1930-01-01")), np.full(k, _day("1938-12-31")))
        else:
            births = _dates(rng, np.full(k, _day("1950-01-01")), np.full(k, _day("1985-12-31")))
        numbers = [f"K{next(counter):07d}" for _ in range(k)]
        clients, spells = person_rows(bsns, births, np.full(k, "active"), numbers)
        out.add("clients", clients)
        out.add("benefit_spells", spells)
        some = rng.random(k) < 0.3
        out.add(
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

    k = t.duplicates  # registered once as active and once as passive partner (bijlage 3: 437)
    bsns = np.array([spare.pop() for _ in range(k)], dtype=object)
    births = _dates(rng, np.full(k, _day("1945-01-01")), np.full(k, _day("1984-12-31")))
    for role in ("active", "passive"):
        numbers = [f"K{next(counter):07d}" for _ in range(k)]
        clients, spells = person_rows(bsns, births, np.full(k, role), numbers)
        out.add("clients", clients)
        out.add("benefit_spells", spells)
    out.add("ladder", pd.DataFrame({"bsn": bsns[:100], "rung": 1, "reference_date": end}))
    pay = rng.random(k) < 0.2
    out.add(
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


def write_registry(frames: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Validate every table and write it as parquet (deterministic row order), with the stamp
    that marks the folder as a generated demo registry.

    Raises:
        RegistryError: ``folder`` is not one the generator may write to (:func:`check_target`).
    """
    folder = check_target(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        frame = validate(table, frames[table].reset_index(drop=True), f"synthetic {table}")
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
    frames = generate(case, progress=lambda msg: print(f"  {msg}", flush=True))
    write_registry(frames, folder)
    write_calibration_notes(ledger.KNOWN_DEVIATIONS, folder.parent / CALIBRATION_NOTES)
    counts = ", ".join(f"{t} {len(frames[t]):,}".replace(",", ".") for t in TABLES)
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
            ws = spell_start[c] - (182 + int(rng.integers(5, 30))) * DAY
            earlier_start = ws - int(rng.integers(200, 600)) * DAY
            extra.append((c, earlier_start, ws, "work"))
            earliest = max(earlier_start, period_start)
        workstart[c] = ws
        begin[ws_slot], finish[ws_slot], kind[ws_slot] = ws - 61 * DAY, ws - DAY, "stage"
        stop = ws - DAY if row["provider"] == ledger.FOURSTAR else ws - 62 * DAY
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


def _ipf(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    m = np.asarray(seed, float) + 1e-9
    for _ in range(500):
        m *= (rows / m.sum(axis=1))[:, None]
        m *= cols / m.sum(axis=0)
    return m


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
    cells = _ipf(seed, cohort_totals, status_totals)
    without = c["avg_without"] * t.without_benefit
    exits = t.buckets["work"].to_numpy()
    buckets = {0: c["zero_bucket"]}
    buckets.update({b: float(avg * exits[b]) for b, avg in enumerate(t.bucket_avg_eur, start=1)})
    contracts_total = sum(buckets.values())
    m2000 = c["m2000"] + 0.2e6  # printed rounded to € 1 mln; BVS and Maatwerk must add to the total
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
        # "circa € 33 miljoen"; Tabel 5.5's net cost (48) needs it just below 33
        revenue=c["revenue"] - 0.15e6,
        zero_bucket_no_benefit=c["zero_bucket"] * c["zero_bucket_no_benefit_pct"] / 100,
        zero_bucket_on_benefit=c["zero_bucket_on_benefit"],
        low_bucket_pre2004=c["low_bucket_pre2004"] + 0.05e6,  # "ruim € 7,1 miljoen"
    )
