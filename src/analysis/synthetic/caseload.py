"""Drawing a Participatiewet caseload: the pieces the demo generators of the Participatiewet era
share (``demo_2022``: :mod:`analysis.synthetic.participatiewet`; ``amsterdam_2024``:
:mod:`analysis.synthetic.amsterdam_2024`).

Benefit spells with returns after an exit, art. 9/9a exemptions, provisions, payroll jobs after
an exit to work, client rows with neutral names, and the records every intake rule of
``docs/registry.md`` must drop. Each function draws from the generator's rates
(:attr:`Draw.rates`: key → (value, why)), so a generator's assumptions log is its own ``RATES``;
the shares below that both generators use are invented and say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.registry.model import EXEMPTION_GROUNDS, INFLOW_REASONS
from analysis.synthetic.draw import DAY, dates, day, invalidate

END_WEIGHTS = {
    "work_employee": 0.33,
    "work_self_employed": 0.05,
    "other_income": 0.15,
    "household_change": 0.10,
    "moved": 0.10,
    "detention": 0.02,
    "death": 0.02,
    "other_unknown": 0.23,
}
"""Invented shares of the end reasons (the AOW age ends no spell here: the persons drawn are too
young to reach it in the period, and the planted older ones never leave)."""
NO_RETURN = ("death",)
SCHEME_WEIGHTS = {"pw": 0.9, "ioaw": 0.06, "ioaz": 0.01, "bbz": 0.03}
"""Invented shares of the benefit schemes: nearly everyone is on general assistance."""
PW_GROUNDS = tuple(code for code, (era, _) in EXEMPTION_GROUNDS.items() if era == "pw")
MONTH_DAYS = 30.44


@dataclass
class Draw:
    """One generator run: its random stream, the period, the extract date and its rates."""

    rng: np.random.Generator
    start: np.datetime64
    end: np.datetime64
    extract: np.datetime64
    rates: Mapping[str, tuple[object, str]] = field(default_factory=dict)
    stock_from: np.datetime64 = day("2015-01-01")
    """The earliest start of a spell of the stock (persons on benefit at the period start)."""

    def rate(self, key: str):
        """The generator's rate ``key`` (a KeyError names an unlogged one)."""
        return self.rates[key][0]


def months(rng: np.random.Generator, mean: float, size: int) -> np.ndarray:
    """Exponential durations of ``mean`` months, at least one day each (timedelta64[D])."""
    return np.maximum(1, rng.exponential(mean, size) * MONTH_DAYS).astype(int) * DAY


def client_rows(bsn: np.ndarray, births: np.ndarray, prefix: str = "D") -> pd.DataFrame:
    """Active client registrations with neutral names ("Cliënt 000123")."""
    n = len(bsn)
    return pd.DataFrame(
        {
            "bsn": bsn,
            "client_number": [f"{prefix}{i:06d}" for i in range(1, n + 1)],
            "name": [f"Cliënt {i:06d}" for i in range(1, n + 1)],
            "birth_date": births,
            "household_role": "active",
        }
    )


def spells(d: Draw, bsn: np.ndarray) -> pd.DataFrame:
    """A first spell per person (stock or inflow), then returns after some exits (rates
    ``stock_share``, ``stock_mean_months``, ``inflow_mean_months``, ``return_after_work``,
    ``return_after_other``, ``return_gap_mean_months``)."""
    rng, n = d.rng, len(bsn)
    stock = rng.random(n) < d.rate("stock_share")
    first = np.where(
        stock,
        dates(rng, np.full(n, d.stock_from), np.full(n, d.start - DAY)),
        dates(rng, np.full(n, d.start), np.full(n, d.end)),
    )
    length = np.where(
        stock,
        months(rng, d.rate("stock_mean_months"), n),
        months(rng, d.rate("inflow_mean_months"), n),
    )
    rows, person, begin, span = [], np.arange(n), first, length
    for _round in range(3):  # a person leaves and comes back at most twice
        part = spell_round(d, bsn[person], begin, span)
        rows.append(part)
        back = (
            part["spell_end"].notna().to_numpy() & ~part["end_reason"].isin(NO_RETURN).to_numpy()
        ) & (
            rng.random(len(part))
            < np.where(
                part["end_reason"].fillna("").str.startswith("work").to_numpy(dtype=bool),
                d.rate("return_after_work"),
                d.rate("return_after_other"),
            )
        )
        gap = months(rng, d.rate("return_gap_mean_months"), int(back.sum()))
        begin = part["spell_end"].to_numpy()[back].astype("datetime64[D]") + gap + DAY
        keep = begin <= d.extract
        person, begin = person[back][keep], begin[keep]
        span = months(rng, d.rate("inflow_mean_months"), len(person))
    return pd.concat(rows, ignore_index=True)


def spell_round(d: Draw, bsn: np.ndarray, begin: np.ndarray, span: np.ndarray) -> pd.DataFrame:
    """One spell per person: scheme, inflow reason, end (open when after the extract date)."""
    rng, n = d.rng, len(bsn)
    finish = begin + span
    open_ = finish > d.extract
    reasons = rng.choice(list(END_WEIGHTS), size=n, p=list(END_WEIGHTS.values()))
    return pd.DataFrame(
        {
            "bsn": bsn,
            "spell_start": begin,
            "spell_end": np.where(open_, np.datetime64("NaT"), finish),
            "scheme": rng.choice(list(SCHEME_WEIGHTS), size=n, p=list(SCHEME_WEIGHTS.values())),
            "inflow_reason": rng.choice(list(INFLOW_REASONS), size=n),
            "end_reason": np.where(open_, None, reasons),
        }
    )


def period_persons(d: Draw, spells: pd.DataFrame) -> pd.DataFrame:
    """Per person with a spell overlapping the period: the first such spell."""
    over = spells[
        (spells["spell_start"] <= d.end)
        & (spells["spell_end"].isna() | (spells["spell_end"] >= d.start))
    ]
    return over.drop_duplicates("bsn").reset_index(drop=True)


def exemptions(d: Draw, spells: pd.DataFrame) -> pd.DataFrame:
    """An art. 9/9a exemption for a share ``exempt_share`` of the persons on benefit in the
    period (invented ground shares: medical most often)."""
    rng = d.rng
    people = period_persons(d, spells)
    chosen = people[rng.random(len(people)) < d.rate("exempt_share")]
    low = np.maximum(chosen["spell_start"].to_numpy().astype("datetime64[D]"), d.start)
    began = dates(rng, low, np.full(len(chosen), d.end))
    ends = began + months(rng, 10, len(chosen))
    return pd.DataFrame(
        {
            "bsn": chosen["bsn"].to_numpy(),
            "reason": rng.choice(PW_GROUNDS, size=len(chosen), p=[0.45, 0.2, 0.15, 0.1, 0.1]),
            "start_date": began,
            # an end after the extract date is not known yet: open (the reader refuses later dates)
            "end_date": np.where(
                (rng.random(len(chosen)) < 0.4) | (ends > d.extract), np.datetime64("NaT"), ends
            ),
        }
    )


def provisions(
    d: Draw,
    spells: pd.DataFrame,
    instruments: Mapping[str, tuple[float, float, float]],
    prefix: str = "V",
) -> pd.DataFrame:
    """A provision for a share ``provision_share`` of the persons on benefit in the period:
    ``instruments`` maps instrument → (weight, cost low, cost high) in euros; a share
    ``cost_missing_share`` has no cost recorded."""
    rng = d.rng
    people = period_persons(d, spells)
    chosen = people[rng.random(len(people)) < d.rate("provision_share")]
    k = len(chosen)
    codes = list(instruments)
    weights = [w for w, _, _ in instruments.values()]
    instrument = rng.choice(codes, size=k, p=weights)
    low = np.maximum(chosen["spell_start"].to_numpy().astype("datetime64[D]"), d.start - 90 * DAY)
    began = dates(rng, low, np.full(k, d.end))
    ends = np.minimum(began + months(rng, 6, k), d.extract)
    lows = np.array([instruments[i][1] for i in instrument])
    highs = np.array([instruments[i][2] for i in instrument])
    cost = np.round(lows + rng.random(k) * (highs - lows), 2)
    cost = np.where(rng.random(k) < d.rate("cost_missing_share"), np.nan, cost)
    return pd.DataFrame(
        {
            "provision_id": [f"{prefix}{i:06d}" for i in range(1, k + 1)],
            "bsn": chosen["bsn"].to_numpy(),
            "instrument": instrument,
            "start_date": began,
            "end_date": np.where(ends >= d.extract, np.datetime64("NaT"), ends),
            "provider": rng.choice(["Werkpunt Oost", "Leerbedrijf Noord", None], size=k),
            "cost_eur": cost,
            "wage_value_pct": np.where(
                instrument == "lks", np.round(rng.uniform(30, 80, k)), np.nan
            ),
        }
    )


def jobs_after_work_exits(
    d: Draw, spells: pd.DataFrame, employers: Mapping[str, float], subsidised_share: float
) -> pd.DataFrame:
    """A payroll job from the day a spell ends for work (mean 14 months): employer type by the
    weights ``employers``; subsidised if not a regular employer or, of the rest, a share
    ``subsidised_share``."""
    rng = d.rng
    work = spells[spells["end_reason"].eq("work_employee") & (spells["spell_end"] < d.extract)]
    k = len(work)
    began = work["spell_end"].to_numpy().astype("datetime64[D]") + DAY
    ends = began + months(rng, 14, k)
    kind = rng.choice(list(employers), size=k, p=list(employers.values()))
    return pd.DataFrame(
        {
            "bsn": work["bsn"].to_numpy(),
            "employer_id": [f"Werkgever {i:04d}" for i in rng.integers(1, 400, k)],
            "employer_type": kind,
            "start_date": began,
            "end_date": np.where(ends > d.extract, np.datetime64("NaT"), ends),
            "hours_per_week": np.round(rng.uniform(8, 40, k)),
            "subsidised": (kind != "regular") | (rng.random(k) < subsidised_share),
        }
    )


def plant(
    d: Draw,
    frames: dict[str, pd.DataFrame],
    spare: list[str],
    old_born: tuple[str, str] = ("1948", "1950-01-01"),
) -> None:
    """Records and persons the intake must drop, on spare BSNs (each rule of docs/registry.md):
    records without a BSN and with one failing the 11-proef (copies of the first spells), persons
    born in ``old_born`` (from, before: past the AOW age on the period start), persons with only
    special assistance, and the first clients registered a second time as passive partner
    (rates ``missing_bsn_n``, ``invalid_bsn_n``, ``past_aow_n``, ``special_assistance_only_n``,
    ``duplicates_n``)."""
    clients, spells = frames["clients"], frames["benefit_spells"]
    template = spells.iloc[: int(d.rate("missing_bsn_n"))].assign(bsn=None)
    invalid = invalidate(np.array(clients["bsn"].iloc[-int(d.rate("invalid_bsn_n")) :]))
    bad = spells.iloc[: len(invalid)].assign(bsn=invalid)
    old = extra_people(
        d, [spare.pop() for _ in range(int(d.rate("past_aow_n")))], old_born[1], old_born[0]
    )
    special = extra_people(
        d,
        [spare.pop() for _ in range(int(d.rate("special_assistance_only_n")))],
        "2000-01-01",
        "1965",
    )
    special_spells = extra_spells(d, special["bsn"], "special_assistance_only")
    dup = clients.iloc[: int(d.rate("duplicates_n"))].assign(
        household_role="passive", client_number=lambda f: f["client_number"] + "P"
    )
    frames["clients"] = pd.concat([clients, old, special, dup], ignore_index=True)
    frames["benefit_spells"] = pd.concat(
        [spells, template, bad, extra_spells(d, old["bsn"], "pw"), special_spells],
        ignore_index=True,
    )


def extra_people(
    d: Draw, bsn: list[str], born_before: str, born_from: str = "1948"
) -> pd.DataFrame:
    """Client rows of persons outside the drawn caseload (planted, or register persons)."""
    n = len(bsn)
    births = dates(d.rng, np.full(n, day(f"{born_from}-01-01")), np.full(n, day(born_before)))
    return pd.DataFrame(
        {
            "bsn": bsn,
            "client_number": [f"X{b}" for b in bsn],
            "name": [f"Cliënt X{i:03d}" for i in range(n)],
            "birth_date": births,
            "household_role": "active",
        }
    )


def extra_spells(d: Draw, bsn: pd.Series, scheme: str) -> pd.DataFrame:
    """One open spell of ``scheme`` per person, starting in the period."""
    n = len(bsn)
    return pd.DataFrame(
        {
            "bsn": bsn.to_numpy(),
            "spell_start": dates(d.rng, np.full(n, d.start), np.full(n, d.end)),
            "spell_end": pd.NaT,
            "scheme": scheme,
            "inflow_reason": None,
            "end_reason": None,
        }
    )
