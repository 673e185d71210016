"""A registry with a known net effect of trajectories: the truth the estimators are tested on.

The calibrated Amsterdam demo (:mod:`analysis.synthetic.generate`) lands on printed marginals; its
trajectories and exits are placed to hit tables, not drawn from a causal model, so it has no true
effect to recover. This generator draws a registry of new inflow from a model in which the effect
is set: month by month of benefit duration a person on benefit

1. may start a trajectory (if not started yet): a monthly hazard that rises with what also raises
   the chance of work (younger, active partner, no exemption, later cohort: the better-placed
   are sent more often) — selection on observed characteristics, strength ``selection``;
2. may leave benefit, for work or for another reason: the work hazard falls with duration and
   depends on the same characteristics, and from the month a trajectory starts it is multiplied by
   the true hazard ratio of the trajectory's category (``effects``); other exits do not depend on
   the trajectory.

The naive comparison (work after a trajectory against work without one) is biased upwards by the
selection; an estimator that adjusts for the observed characteristics and the duration so far
should find the true effect.

:func:`truth` gives the true effects as the estimators define them, computed exactly from the
model's hazards (expected outcomes, not one draw): per treated person, the probability of exit to
work within h months of the start month if treated then, against not treated then but possibly
later as the policy would have it (``now_vs_later``, the estimand of dynamic matching), or never
(``now_vs_never``, the estimand of the duration model); averaged over the treated persons whose
h months can be observed. The estimators never read it (``python -m analysis.synthetic effect``
writes it to a file beside the registry; the tests read it).

The tables are in the shape of the cleaned registry (pseudonymous ``client_key``, birth year), so
they go straight into :mod:`analysis.steps.effect`.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.cli import run

HORIZONS = (6, 12, 24)
MAX_DURATION = 36
"""Months of duration at which a start is studied (as in :mod:`analysis.steps.effect`)."""

CATEGORIES = (
    "Directe bemiddeling naar werk",
    "Scholing en training",
    "Werkervaringsplaats",
)


@dataclass(frozen=True)
class Design:
    """The model of the registry; the defaults give a positive effect and strong selection."""

    persons: int = 20_000
    stock: int = 1_500
    """Spells that started before the period (not new inflow: the estimators leave them out)."""
    start: str = "2004-01-01"
    months: int = 60
    effects: dict[str, float] = field(
        default_factory=lambda: dict(zip(CATEGORIES, (1.7, 1.35, 1.0), strict=True))
    )
    """True hazard ratio of exit to work from the start of a trajectory, per category."""
    selection: float = 3.0
    """How strongly the chance to start follows the chance of work (0: no selection)."""
    seed: int = 20261202

    def zero(self) -> Design:
        """The same design with no effect at all."""
        return Design(
            self.persons,
            self.stock,
            self.start,
            self.months,
            dict.fromkeys(self.effects, 1.0),
            self.selection,
            self.seed,
        )


@dataclass(frozen=True)
class _People:
    inflow: np.ndarray  # month index from the period start
    age: np.ndarray
    passive: np.ndarray
    exempt: np.ndarray
    cohort: np.ndarray
    index: np.ndarray  # log work-hazard multiplier from the characteristics


def _people(rng: np.random.Generator, d: Design) -> _People:
    n = d.persons
    inflow = rng.integers(0, d.months, n)
    age = rng.integers(18, 64, n)
    passive = rng.random(n) < 0.2
    exempt = rng.random(n) < 0.08 + 0.25 * (age >= 55)
    cohort = 2004 + (np.datetime64(d.start, "M") - np.datetime64("2004-01", "M")).astype(int) // 12
    cohort = cohort + inflow // 12
    index = -0.35 * (age - 40) / 10 - 0.4 * passive - 1.2 * exempt + 0.15 * (cohort - 2004)
    return _People(inflow, age, passive, exempt, cohort, index)


def _work_hazard(people: _People, duration: np.ndarray | int) -> np.ndarray:
    return 0.045 * np.exp(-0.03 * np.asarray(duration)) * np.exp(people.index)


def _other_hazard(people: _People) -> np.ndarray:
    return 0.02 * np.exp(0.1 * (people.age - 40) / 10)


def _start_hazard(people: _People, duration: np.ndarray | int, d: Design) -> np.ndarray:
    ramp = np.minimum(1.0, (np.asarray(duration) + 1) / 4)
    base = 0.035 * ramp * np.exp(d.selection * (people.index - 0.3))
    return np.where(people.exempt, 0.05 * base, base)


def _type_probs(people: _People) -> np.ndarray:
    """Which category a starter gets: the younger more often direct placement."""
    young = (people.age < 35).astype(float)
    logits = np.stack([0.6 * young, 0.3 * np.ones_like(young), -0.2 * young], axis=1)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def _ratios(d: Design) -> np.ndarray:
    return np.array([d.effects[c] for c in CATEGORIES])


@dataclass(frozen=True)
class Drawn:
    """The registry tables and what the truth needs."""

    tables: dict[str, pd.DataFrame]
    people: _People
    start: np.ndarray  # month of duration the trajectory started, -1 none
    kind: np.ndarray  # category index, -1 none
    design: Design


def draw(design: Design) -> Drawn:
    """Draw the registry (cleaned shape) from ``design``."""
    rng = np.random.default_rng(design.seed)
    people = _people(rng, design)
    n = design.persons
    follow = design.months - people.inflow
    horizon = int(follow.max())
    u_start, u_exit, u_cause = (rng.random((n, horizon)) for _ in range(3))
    u_type = rng.random(n)
    cum = _type_probs(people).cumsum(axis=1)
    chosen = (u_type[:, None] > cum).sum(axis=1)
    ratios = _ratios(design)
    on = np.ones(n, bool)
    start = np.full(n, -1)
    exit_month = np.full(n, -1)
    to_work = np.zeros(n, bool)
    other = _other_hazard(people)
    for m in range(horizon):
        alive = on & (m < follow)
        starts = (
            alive & (start < 0) & (u_start[:, m] < 1 - np.exp(-_start_hazard(people, m, design)))
        )
        start[starts] = m
        ratio = np.where(start >= 0, ratios[chosen], 1.0)
        work = _work_hazard(people, m) * ratio
        total = work + other
        leaves = alive & (u_exit[:, m] < 1 - np.exp(-total))
        exit_month[leaves] = m
        to_work[leaves] = u_cause[leaves, m] < work[leaves] / total[leaves]
        on &= ~leaves
    kind = np.where(start >= 0, chosen, -1)
    tables = _tables(rng, design, people, start, kind, exit_month, to_work)
    return Drawn(tables, people, start, kind, design)


def _day_in(rng: np.random.Generator, first: np.datetime64, month: np.ndarray) -> np.ndarray:
    months = first + month.astype("timedelta64[M]")
    length = (
        (months + np.timedelta64(1, "M")).astype("datetime64[D]") - months.astype("datetime64[D]")
    ).astype(int)
    return months.astype("datetime64[D]") + (rng.random(len(month)) * length).astype(
        "timedelta64[D]"
    )


def _tables(rng, design: Design, people: _People, start, kind, exit_month, to_work) -> dict:
    n = design.persons
    first = np.datetime64(design.start, "M")
    keys = np.array([f"E{i:06d}" for i in range(n + design.stock)])
    spell_start = _day_in(rng, first, people.inflow)
    # The spell starts on a day in its month; the months are counted from that month.
    ended = exit_month >= 0
    spell_end = np.full(n, np.datetime64("NaT"), "datetime64[D]")
    spell_end[ended] = _day_in(rng, first, people.inflow[ended] + exit_month[ended])
    spell_end[ended] = np.maximum(spell_end[ended], spell_start[ended])
    reasons = np.where(to_work, "work_employee", "other_income").astype(object)
    reasons[~ended] = None
    stock_start = _day_in(rng, first - np.timedelta64(36, "M"), rng.integers(0, 30, design.stock))
    spells = pd.DataFrame(
        {
            "client_key": keys,
            "spell_start": np.concatenate([spell_start, stock_start]),
            "spell_end": np.concatenate([spell_end, np.full(design.stock, np.datetime64("NaT"))]),
            "scheme": "pw",
            "inflow_reason": "other_unknown",
            "end_reason": np.concatenate([reasons, np.full(design.stock, None, object)]),
        }
    )
    births = np.concatenate([people.cohort - people.age, rng.integers(1945, 1985, design.stock)])
    clients = pd.DataFrame(
        {
            "client_key": keys,
            "birth_year": births,
            "household_role": np.concatenate(
                [np.where(people.passive, "passive", "active"), np.full(design.stock, "active")]
            ),
        }
    )
    ex = np.flatnonzero(people.exempt)
    exemptions = pd.DataFrame(
        {
            "client_key": keys[ex],
            "reason": "medical",
            "start_date": spell_start[ex],
            "end_date": spell_end[ex],
        }
    )
    activities, contracts = _activities(
        rng, design, people, keys, spell_start, spell_end, start, kind
    )
    for frame in (spells, exemptions, activities):
        for column in frame.columns:
            if column.endswith(("_date", "_start", "_end")):
                frame[column] = pd.to_datetime(frame[column])
    return {
        "clients": clients,
        "benefit_spells": spells,
        "exemptions": exemptions,
        "activities": activities,
        "contracts": contracts,
        "payments": pd.DataFrame(columns=["client_key", "activity_id", "amount_eur"]),
        "provisions": pd.DataFrame(columns=["client_key", "instrument", "start_date", "cost_eur"]),
    }


def _activities(rng, design: Design, people: _People, keys, spell_start, spell_end, start, kind):
    """Each starter's trajectory on a contract of its category, and the contracts."""
    first = np.datetime64(design.start, "M")
    contracts = _contracts(design)
    treated = np.flatnonzero(start >= 0)
    per_category = contracts.groupby("category")["contract_id"].apply(list)
    contract = [
        per_category[CATEGORIES[k]][i % len(per_category[CATEGORIES[k]])]
        for i, k in zip(treated, kind[treated], strict=True)
    ]
    act_start = _day_in(rng, first, people.inflow[treated] + start[treated])
    act_start = np.maximum(act_start, spell_start[treated])
    # started first in the month it ends in: on or before the last day on benefit
    ends = spell_end[treated]
    act_start = np.where(np.isnat(ends), act_start, np.minimum(act_start, ends))
    activities = pd.DataFrame(
        {
            "client_key": keys[treated],
            "activity_id": [f"A{i:06d}" for i in range(len(treated))],
            "contract_id": contract,
            "kind": "traject",
            "rung": 4,
            "start_date": act_start,
            "end_date": act_start + np.timedelta64(180, "D"),
            "completed": rng.random(len(treated)) < 0.7,
            "meets_norm": True,
            "approved": True,
        }
    )
    return activities, contracts


def _contracts(design: Design) -> pd.DataFrame:
    rows = []
    for k, category in enumerate(CATEGORIES):
        for j in range(4):
            rows.append(
                {
                    "contract_id": f"C{k}{j}",
                    "provider": f"Aanbieder {'ABCDEFGHIJKL'[4 * k + j]}",
                    "category": category,
                    "price_eur": 2500.0 + 1000 * k + 250 * j,
                }
            )
    return pd.DataFrame(rows)


def truth(drawn: Drawn, horizons: tuple[int, ...] = HORIZONS) -> pd.DataFrame:
    """The true effects: ``estimand``, ``category`` (``alle`` or one), ``horizon``, ``treated_n``
    (treated persons whose h months are observed), ``effect_pp`` (percentage points) and the true
    ``hazard_ratio`` of the category (empty for ``alle``)."""
    d = drawn.design
    p = drawn.people
    follow = d.months - p.inflow
    rows = []
    ratios = _ratios(d)
    probs = _type_probs(p)
    other = _other_hazard(p)
    for h in horizons:
        sel = np.flatnonzero(
            (drawn.start >= 0) & (drawn.start < MAX_DURATION) & (drawn.start + h <= follow)
        )
        sub = _subset(p, sel)
        t0 = drawn.start[sel]
        k = drawn.kind[sel]
        now = _cif_fixed(sub, other[sel], t0, h, ratios[k])
        never = _cif_fixed(sub, other[sel], t0, h, np.ones(len(sel)))
        later = _cif_later(sub, other[sel], t0, h, ratios, probs[sel], d)
        for name, cf in (("now_vs_later", later), ("now_vs_never", never)):
            diff = 100 * (now - cf)
            rows.append((name, "alle", h, len(sel), diff.mean(), np.nan))
            for j, category in enumerate(CATEGORIES):
                mask = k == j
                rows.append((name, category, h, int(mask.sum()), diff[mask].mean(), ratios[j]))
    return pd.DataFrame(
        rows, columns=["estimand", "category", "horizon", "treated_n", "effect_pp", "hazard_ratio"]
    )


def _subset(p: _People, sel: np.ndarray) -> _People:
    return _People(*(getattr(p, f)[sel] for f in _People.__dataclass_fields__))


def _cif_fixed(p: _People, other, t0, h, ratio) -> np.ndarray:
    """P(exit to work in months t0 … t0+h−1 | on benefit at t0) with a fixed work-hazard ratio."""
    alive = np.ones(len(t0))
    cif = np.zeros(len(t0))
    for step in range(h):
        work = _work_hazard(p, t0 + step) * ratio
        total = work + other
        leave = alive * (1 - np.exp(-total))
        cif += leave * work / total
        alive -= leave
    return cif


def _cif_later(p: _People, other, t0, h, ratios, probs, d: Design) -> np.ndarray:
    """The same if not started at t0: from t0+1 the person may start as the policy has it."""
    untreated = np.ones(len(t0))
    treated = np.zeros((len(t0), len(ratios)))
    cif = np.zeros(len(t0))
    for step in range(h):
        m = t0 + step
        if step > 0:
            begin = untreated * (1 - np.exp(-_start_hazard(p, m, d)))
            untreated = untreated - begin
            treated += begin[:, None] * probs
        base = _work_hazard(p, m)
        for j in range(-1, len(ratios)):
            mass = untreated if j < 0 else treated[:, j]
            work = base * (1.0 if j < 0 else ratios[j])
            total = work + other
            leave = mass * (1 - np.exp(-total))
            cif += leave * work / total
            if j < 0:
                untreated = untreated - leave
            else:
                treated[:, j] -= leave
    return cif


def period(design: Design) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The period the registry covers (first and last day)."""
    first = pd.Timestamp(design.start)
    return first, first + pd.DateOffset(months=design.months) - pd.Timedelta(days=1)


def write(folder: Path, design: Design) -> Path:
    """Write the registry (parquet, cleaned shape, with ``period.csv``) to ``folder/registry``
    and, apart, the true effects to ``folder/truth/effects.csv``; returns the truth file."""
    drawn = draw(design)
    registry = folder / "registry"
    registry.mkdir(parents=True, exist_ok=True)
    for name, frame in drawn.tables.items():
        frame.to_parquet(registry / f"{name}.parquet", index=False)
    first, last = period(design)
    pd.DataFrame({"start": [first.date()], "end": [last.date()]}).to_csv(
        registry / "period.csv", index=False
    )
    truth_dir = folder / "truth"
    truth_dir.mkdir(exist_ok=True)
    truth(drawn).to_csv(truth_dir / "effects.csv", index=False)
    return truth_dir / "effects.csv"


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.synthetic.effect FOLDER``: the registry with a known effect."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis.synthetic.effect", description=__doc__
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=Design.seed)
    parser.add_argument("--zero", action="store_true", help="no effect at all")
    args = parser.parse_args(argv)
    design = Design(seed=args.seed)
    design = design.zero() if args.zero else design
    started = time.perf_counter()
    truth_file = write(args.folder, design)
    print(
        f"Registry with a known effect of trajectories in {args.folder / 'registry'} "
        f"({design.persons} persons, {time.perf_counter() - started:.1f} s); true effects apart "
        f"in {truth_file}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
