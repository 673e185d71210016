"""A synthetic Participatiewet registry for a demo case without a printed report (``demo_2022``).

The Amsterdam generator (:mod:`analysis.synthetic.generate`) lands on the tables of a printed
audit. A municipality auditing itself in 2026 has no such report, and neither has this demo: its
registry is drawn from the invented rates of :data:`RATES` (each with its reason), in the data
model of the Participatiewet era — schemes, CBS inflow and end reasons, art. 9/9a exemption
grounds, provisions, payroll employment and the target-group register — so that every notebook
runs on it as on an office's own extract. Its figures describe nobody: they are not findings
about any municipality, and the report says it is synthetic.

It also plants what the intake must drop (records without or with an invalid BSN, persons past
the AOW age, active-and-passive duplicates, persons with only special assistance) and returns
to benefit after 6 and 12 months, so that the re-inflow tables have something to count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.cases import Case
from analysis.registry.model import EXEMPTION_GROUNDS, INFLOW_REASONS, MODEL
from analysis.synthetic.draw import DAY, dates, day, invalidate, valid_bsns

RATES: dict[str, tuple[object, str]] = {
    "persons_n": (3000, "a small municipality's caseload over four years; builds in seconds"),
    "stock_share": (0.5, "half were on benefit before the period start (stock)"),
    "stock_mean_months": (40.0, "long stays in the stock: its members have been in for years"),
    "inflow_mean_months": (15.0, "newcomers leave sooner than the stock"),
    "return_after_work": (0.25, "a quarter of those who leave for work come back at some point"),
    "return_after_other": (0.35, "other exits come back more often than exits to work"),
    "return_gap_mean_months": (8.0, "a return typically within a year of leaving"),
    "exempt_share": (0.2, "a fifth has an exemption from the duty to work"),
    "provision_share": (0.35, "about a third gets a provision"),
    "cost_missing_share": (0.05, "some provisions have no cost recorded"),
    "target_register_share": (0.08, "a few are in UWV's target-group register"),
    "register_only_n": (150, "registered with UWV, never a client of the municipality (reach)"),
    "special_assistance_only_n": (40, "planted: persons with only special assistance"),
    "past_aow_n": (12, "planted: persons past the AOW age on the period start"),
    "missing_bsn_n": (6, "planted: records without a BSN"),
    "invalid_bsn_n": (8, "planted: BSNs failing the 11-proef"),
    "duplicates_n": (5, "planted: persons registered as active and as passive partner"),
}
"""Every invented rate of this generator: key → (value, why). No rate comes from a report."""

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
"""Invented shares of the end reasons (the AOW age ends no spell here: the persons drawn are
born from 1961, and the planted older ones never leave)."""
NO_RETURN = ("death",)
SCHEME_WEIGHTS = {"pw": 0.9, "ioaw": 0.06, "ioaz": 0.01, "bbz": 0.03}
INSTRUMENT_COSTS = {  # instrument → (weight, cost low, cost high) in euros, invented
    "trajectory": (0.35, 1500, 6000),
    "jobcoach": (0.15, 1000, 4000),
    "lks": (0.15, 4000, 15000),
    "training": (0.15, 500, 3000),
    "werkervaringsplaats": (0.1, 800, 2500),
    "beschut_werk": (0.05, 8000, 20000),
    "social_activation": (0.05, 200, 1000),
}
PW_GROUNDS = tuple(code for code, (era, _) in EXEMPTION_GROUNDS.items() if era == "pw")


def rate(key: str):
    """The invented rate ``key`` (a KeyError names an unlogged one)."""
    return RATES[key][0]


@dataclass
class _Draw:
    rng: np.random.Generator
    start: np.datetime64
    end: np.datetime64
    extract: np.datetime64


def generate(case: Case) -> dict[str, pd.DataFrame]:
    """The raw registry of ``case`` (with BSN and names, as an extract would have them)."""
    extract = case.registry_extract_date or case.period_end
    d = _Draw(
        np.random.default_rng(case["seed"]),
        day(str(case.period_start)),
        day(str(case.period_end)),
        day(str(extract)),
    )
    n = int(rate("persons_n"))
    bsn = valid_bsns(d.rng, n + 400)  # spares: register-only and planted persons
    clients = _clients(d, bsn[:n])
    spells = _spells(d, bsn[:n])
    frames = {
        "clients": clients,
        "benefit_spells": spells,
        "exemptions": _exemptions(d, spells),
        "provisions": _provisions(d, spells),
        "employment": _employment(d, spells),
        "target_register": _target_register(d, clients, list(bsn[n:])),
    }
    _plant(d, frames, list(bsn[n + int(rate("register_only_n")) :]))
    return {t: f[list(MODEL[t])].reset_index(drop=True) for t, f in frames.items()}


def _clients(d: _Draw, bsn: np.ndarray) -> pd.DataFrame:
    n = len(bsn)
    births = dates(d.rng, np.full(n, day("1961-01-01")), np.full(n, day("2005-12-31")))
    return pd.DataFrame(
        {
            "bsn": bsn,
            "client_number": [f"D{i:06d}" for i in range(1, n + 1)],
            "name": [f"Cliënt {i:06d}" for i in range(1, n + 1)],
            "birth_date": births,
            "household_role": "active",
        }
    )


def _months(rng: np.random.Generator, mean: float, size: int) -> np.ndarray:
    return np.maximum(1, rng.exponential(mean, size) * 30.44).astype(int) * DAY


def _spells(d: _Draw, bsn: np.ndarray) -> pd.DataFrame:
    """A first spell per person (stock or inflow), then returns after some exits."""
    rng, n = d.rng, len(bsn)
    stock = rng.random(n) < rate("stock_share")
    first = np.where(
        stock,
        dates(rng, np.full(n, day("2015-01-01")), np.full(n, d.start - DAY)),
        dates(rng, np.full(n, d.start), np.full(n, d.end)),
    )
    length = np.where(
        stock,
        _months(rng, rate("stock_mean_months"), n),
        _months(rng, rate("inflow_mean_months"), n),
    )
    rows, person, begin, span = [], np.arange(n), first, length
    for _round in range(3):  # a person leaves and comes back at most twice
        part = _spell_round(d, bsn[person], begin, span)
        rows.append(part)
        back = (
            part["spell_end"].notna().to_numpy() & ~part["end_reason"].isin(NO_RETURN).to_numpy()
        ) & (
            rng.random(len(part))
            < np.where(
                part["end_reason"].fillna("").str.startswith("work").to_numpy(dtype=bool),
                rate("return_after_work"),
                rate("return_after_other"),
            )
        )
        gap = _months(rng, rate("return_gap_mean_months"), int(back.sum()))
        begin = part["spell_end"].to_numpy()[back].astype("datetime64[D]") + gap + DAY
        keep = begin <= d.extract
        person, begin = person[back][keep], begin[keep]
        span = _months(rng, rate("inflow_mean_months"), len(person))
    return pd.concat(rows, ignore_index=True)


def _spell_round(d: _Draw, bsn: np.ndarray, begin: np.ndarray, span: np.ndarray) -> pd.DataFrame:
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


def _period_persons(d: _Draw, spells: pd.DataFrame) -> pd.DataFrame:
    """Per person with a spell overlapping the period: the first such spell."""
    over = spells[
        (spells["spell_start"] <= d.end)
        & (spells["spell_end"].isna() | (spells["spell_end"] >= d.start))
    ]
    return over.drop_duplicates("bsn").reset_index(drop=True)


def _exemptions(d: _Draw, spells: pd.DataFrame) -> pd.DataFrame:
    rng = d.rng
    people = _period_persons(d, spells)
    chosen = people[rng.random(len(people)) < rate("exempt_share")]
    low = np.maximum(chosen["spell_start"].to_numpy().astype("datetime64[D]"), d.start)
    began = dates(rng, low, np.full(len(chosen), d.end))
    ends = began + _months(rng, 10, len(chosen))
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


def _provisions(d: _Draw, spells: pd.DataFrame) -> pd.DataFrame:
    rng = d.rng
    people = _period_persons(d, spells)
    chosen = people[rng.random(len(people)) < rate("provision_share")]
    k = len(chosen)
    codes = list(INSTRUMENT_COSTS)
    weights = [w for w, _, _ in INSTRUMENT_COSTS.values()]
    instrument = rng.choice(codes, size=k, p=weights)
    low = np.maximum(chosen["spell_start"].to_numpy().astype("datetime64[D]"), d.start - 90 * DAY)
    began = dates(rng, low, np.full(k, d.end))
    ends = np.minimum(began + _months(rng, 6, k), d.extract)
    lows = np.array([INSTRUMENT_COSTS[i][1] for i in instrument])
    highs = np.array([INSTRUMENT_COSTS[i][2] for i in instrument])
    cost = np.round(lows + rng.random(k) * (highs - lows), 2)
    cost = np.where(rng.random(k) < rate("cost_missing_share"), np.nan, cost)
    return pd.DataFrame(
        {
            "provision_id": [f"V{i:06d}" for i in range(1, k + 1)],
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


def _employment(d: _Draw, spells: pd.DataFrame) -> pd.DataFrame:
    """A payroll job from the day a spell ends for work; some short, some subsidised."""
    rng = d.rng
    work = spells[spells["end_reason"].eq("work_employee") & (spells["spell_end"] < d.extract)]
    k = len(work)
    began = work["spell_end"].to_numpy().astype("datetime64[D]") + DAY
    ends = began + _months(rng, 14, k)
    kind = rng.choice(["regular", "social_firm", "sw_company"], size=k, p=[0.9, 0.06, 0.04])
    return pd.DataFrame(
        {
            "bsn": work["bsn"].to_numpy(),
            "employer_id": [f"Werkgever {i:04d}" for i in rng.integers(1, 400, k)],
            "employer_type": kind,
            "start_date": began,
            "end_date": np.where(ends > d.extract, np.datetime64("NaT"), ends),
            "hours_per_week": np.round(rng.uniform(8, 40, k)),
            "subsidised": (kind != "regular") | (rng.random(k) < 0.08),
        }
    )


def _target_register(d: _Draw, clients: pd.DataFrame, spare: list[str]) -> pd.DataFrame:
    """Some clients, and persons the municipality never saw (on spare BSNs), in UWV's register."""
    rng = d.rng
    chosen = clients[rng.random(len(clients)) < rate("target_register_share")]
    k = int(rate("register_only_n"))
    others = _extra_people(d, spare[:k], "2004-12-31", "1965")
    people = pd.concat([chosen, others], ignore_index=True)
    grounds = ["wajong", "wsw", "praktijkroute", "indicatie_banenafspraak", "beschut_werk"]
    began = dates(rng, np.full(len(people), day("2016-01-01")), np.full(len(people), d.end))
    return pd.DataFrame(
        {
            "bsn": people["bsn"].to_numpy(),
            "birth_date": people["birth_date"].to_numpy(),
            "ground": rng.choice(grounds, size=len(people), p=[0.35, 0.15, 0.2, 0.25, 0.05]),
            "start_date": began,
            "end_date": pd.NaT,
        }
    )


def _plant(d: _Draw, frames: dict[str, pd.DataFrame], spare: list[str]) -> None:
    """Records and persons the intake must drop, on spare BSNs (each rule of docs/registry.md)."""
    clients, spells = frames["clients"], frames["benefit_spells"]
    template = spells.iloc[: int(rate("missing_bsn_n"))].assign(bsn=None)
    invalid = invalidate(np.array(clients["bsn"].iloc[-int(rate("invalid_bsn_n")) :]))
    bad = spells.iloc[: len(invalid)].assign(bsn=invalid)
    old = _extra_people(d, [spare.pop() for _ in range(int(rate("past_aow_n")))], "1950-01-01")
    special = _extra_people(
        d,
        [spare.pop() for _ in range(int(rate("special_assistance_only_n")))],
        "2000-01-01",
        "1965",
    )
    special_spells = _extra_spells(d, special["bsn"], "special_assistance_only")
    dup = clients.iloc[: int(rate("duplicates_n"))].assign(
        household_role="passive", client_number=lambda f: f["client_number"] + "P"
    )
    frames["clients"] = pd.concat([clients, old, special, dup], ignore_index=True)
    frames["benefit_spells"] = pd.concat(
        [spells, template, bad, _extra_spells(d, old["bsn"], "pw"), special_spells],
        ignore_index=True,
    )


def _extra_people(
    d: _Draw, bsn: list[str], born_before: str, born_from: str = "1948"
) -> pd.DataFrame:
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


def _extra_spells(d: _Draw, bsn: pd.Series, scheme: str) -> pd.DataFrame:
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


__all__ = ["RATES", "generate", "rate"]
