"""A synthetic Participatiewet registry for a demo case without a printed report (``demo_2022``).

The Amsterdam 2006 generator (:mod:`analysis.synthetic.generate`) lands on the tables of a printed
audit. A municipality auditing itself in 2026 has no such report, and neither has this demo: its
registry is drawn from the invented rates of :data:`RATES` (each with its reason), in the data
model of the Participatiewet era — schemes, CBS inflow and end reasons, art. 9/9a exemption
grounds, provisions, payroll employment and the target-group register — so that every notebook
runs on it as on an office's own extract. Its figures describe nobody: they are not findings
about any municipality, and the report says it is synthetic.

It also plants what the intake must drop (records without or with an invalid BSN, persons past
the AOW age, active-and-passive duplicates, persons with only special assistance) and returns
to benefit after 6 and 12 months, so that the re-inflow tables have something to count. The
drawing of spells, exemptions, provisions, jobs and planted records is shared with the Amsterdam
2024 demo (:mod:`analysis.synthetic.caseload`); the rates are this module's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.cases import Case
from analysis.registry.model import MODEL
from analysis.synthetic import caseload
from analysis.synthetic.caseload import END_WEIGHTS, Draw
from analysis.synthetic.draw import dates, day, valid_bsns

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

INSTRUMENT_COSTS = {  # instrument → (weight, cost low, cost high) in euros, invented
    "trajectory": (0.35, 1500, 6000),
    "jobcoach": (0.15, 1000, 4000),
    "lks": (0.15, 4000, 15000),
    "training": (0.15, 500, 3000),
    "werkervaringsplaats": (0.1, 800, 2500),
    "beschut_werk": (0.05, 8000, 20000),
    "social_activation": (0.05, 200, 1000),
}
EMPLOYERS = {"regular": 0.9, "social_firm": 0.06, "sw_company": 0.04}
"""Invented employer types of the jobs after an exit to work; a job at a social firm or an SW
company, and 8% of the others, is subsidised."""


def rate(key: str):
    """The invented rate ``key`` (a KeyError names an unlogged one)."""
    return RATES[key][0]


def generate(case: Case) -> dict[str, pd.DataFrame]:
    """The raw registry of ``case`` (with BSN and names, as an extract would have them)."""
    extract = case.registry_extract_date or case.period_end
    d = Draw(
        np.random.default_rng(case["seed"]),
        day(str(case.period_start)),
        day(str(case.period_end)),
        day(str(extract)),
        RATES,
    )
    n = int(rate("persons_n"))
    bsn = valid_bsns(d.rng, n + 400)  # spares: register-only and planted persons
    clients = _clients(d, bsn[:n])
    spells = caseload.spells(d, bsn[:n])
    frames = {
        "clients": clients,
        "benefit_spells": spells,
        "exemptions": caseload.exemptions(d, spells),
        "provisions": caseload.provisions(d, spells, INSTRUMENT_COSTS),
        "employment": caseload.jobs_after_work_exits(d, spells, EMPLOYERS, 0.08),
        "target_register": _target_register(d, clients, list(bsn[n:])),
    }
    caseload.plant(d, frames, list(bsn[n + int(rate("register_only_n")) :]))
    return {t: f[list(MODEL[t])].reset_index(drop=True) for t, f in frames.items()}


def _clients(d: Draw, bsn: np.ndarray) -> pd.DataFrame:
    n = len(bsn)
    births = dates(d.rng, np.full(n, day("1961-01-01")), np.full(n, day("2005-12-31")))
    return caseload.client_rows(bsn, births)


def _target_register(d: Draw, clients: pd.DataFrame, spare: list[str]) -> pd.DataFrame:
    """Some clients, and persons the municipality never saw (on spare BSNs), in UWV's register."""
    rng = d.rng
    chosen = clients[rng.random(len(clients)) < rate("target_register_share")]
    k = int(rate("register_only_n"))
    others = caseload.extra_people(d, spare[:k], "2004-12-31", "1965")
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


__all__ = ["END_WEIGHTS", "RATES", "generate", "rate"]
