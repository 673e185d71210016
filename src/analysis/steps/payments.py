"""Payment audit: payments to providers that should not have been made (§5.4).

Four rules over the whole payments ledger (pseudonymised by the intake, before any selection),
each a named function that returns the matching cases with client, providers, amounts and dates:

1. :func:`premium_for_financed_placement` – an outflow premium for a placement the municipality
   finances itself: in the months that should have been sustained work the client had a job the
   municipality paid for, or an activity at another provider or in subsidised work. The chain of
   §5.4.2: provider A is paid a premium for placing a client with provider B, whose trajectory the
   municipality also pays.
2. :func:`double_payment_same_service` – two providers paid for the same kind of service for one
   client in overlapping periods, such as a qualification premium and an internship fee for one
   internship (§5.4.1).
3. :func:`premium_before_sustained_work` – an outflow premium paid before the client had worked
   ``sustained_months`` in regular work, judged from the employment and benefit records; a return
   to social assistance or an unemployment benefit in that time breaks it (§5.4.3).
4. :func:`payment_for_invalid_or_unknown_client` – any payment for a BSN that fails the 11-proef,
   for nobody in the client records, or without a BSN.

The findings table (:func:`audit`) goes to ``data/processed/<case>/payment_findings.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.frames import is_in
from analysis.registry.model import Registry

SERVICE_GROUPS = {
    "fee": "guidance",
    "wage_contribution": "wage_costs",
    "internship_fee": "qualification_internship",
    "qualification_premium": "qualification_internship",
}
"""Which invoice kinds pay for the same service (rule 2). Outflow premiums are judged by rules 1
and 3."""

RULES = (
    "premium_for_financed_placement",
    "double_payment_same_service",
    "premium_before_sustained_work",
    "payment_for_invalid_or_unknown_client",
)
"""The four payment rules, in the order they are applied and reported."""
COLUMNS = [
    "rule",
    "payment_id",
    "client_key",
    "provider",
    "kind",
    "amount_eur",
    "payment_date",
    "counterpart",
    "period_start",
    "period_end",
    "reason",
    "counterpart_amount_eur",
    "months_at_payment",
    "interrupted_by",
]
"""A finding is fields, never a sentence (``report.payments`` words it). ``reason`` by rule:
1 ``financed_job`` | ``activity`` (what the municipality paid for in the window); 2 the service
group of :data:`SERVICE_GROUPS`; 3 ``no_regular_job`` | ``too_soon`` | ``too_short`` |
``interrupted`` (with ``interrupted_by``: ``unemployment_benefit`` | ``social_assistance``, and
``months_at_payment`` of regular work); 4 ``no_bsn`` | ``invalid_bsn`` | ``unknown_bsn``."""


def _premiums(ledger: Registry) -> pd.DataFrame:
    pay = ledger["payments"]
    return pay[pay["kind"] == "outflow_premium"]


def _window(dates: pd.Series, months: int) -> pd.Series:
    return dates - pd.DateOffset(months=months)


def _overlaps(start: pd.Series, end: pd.Series, lo: pd.Series, hi: pd.Series) -> pd.Series:
    return (start <= hi) & (end.fillna(pd.Timestamp.max) >= lo)


def premium_for_financed_placement(ledger: Registry, sustained_months: int = 6) -> pd.DataFrame:
    """Rule 1: outflow premiums whose would-be sustained work was financed by the municipality."""
    premiums = _premiums(ledger).copy()
    premiums["lo"] = _window(premiums["payment_date"], sustained_months)
    jobs = ledger["employment"]
    financed = jobs[jobs["subsidised"]][["client_key", "employer_id", "start_date", "end_date"]]
    financed = financed.rename(columns={"employer_id": "counterpart"})
    acts = ledger["activities"]
    contracts = ledger["contracts"].set_index("contract_id")
    activity = acts.assign(counterpart=acts["contract_id"].map(contracts["provider"]))
    # a placement the municipality pays for: an activity it paid a provider for, or subsidised
    # work (secondment, wage subsidy); an open registration nobody was paid for is none
    paid = ledger["payments"]["activity_id"].dropna()
    activity = activity[
        (activity["counterpart"].notna() & is_in(activity["activity_id"], paid))
        | activity["kind"].isin(["detachering", "loonkostensubsidie"])
    ]
    activity = activity.assign(
        counterpart=activity["counterpart"].fillna("gemeente (" + activity["kind"] + ")")
    )
    placements = pd.concat(
        [
            financed.assign(what="financed_job"),
            activity[["client_key", "counterpart", "start_date", "end_date"]].assign(
                what="activity"
            ),
        ],
        ignore_index=True,
    )
    joined = premiums.merge(placements, on="client_key", how="inner", validate="m:m")
    hit = joined[
        _overlaps(joined["start_date"], joined["end_date"], joined["lo"], joined["payment_date"])
        & (joined["counterpart"] != joined["provider"])
    ]
    hit = hit.sort_values(["payment_id", "what"]).drop_duplicates("payment_id")
    return _findings(
        hit,
        "premium_for_financed_placement",
        hit["counterpart"],
        hit["start_date"],
        hit["end_date"],
        hit["what"],
    )


def double_payment_same_service(ledger: Registry) -> pd.DataFrame:
    """Rule 2: two providers paid for the same kind of service for one client at the same time."""
    pay = ledger["payments"]
    pay = pay[pay["kind"].isin(SERVICE_GROUPS)].assign(
        service=lambda p: p["kind"].map(SERVICE_GROUPS)
    )
    acts = ledger["activities"].set_index("activity_id")
    pay = pay.assign(
        period_start=pay["activity_id"].map(acts["start_date"]),
        period_end=pay["activity_id"].map(acts["end_date"]),
    ).dropna(subset=["period_start"])
    pairs = pay.merge(pay, on=["client_key", "service"], suffixes=("", "_other"))
    pairs = pairs[
        (pairs["provider"] != pairs["provider_other"])
        & _overlaps(
            pairs["period_start"],
            pairs["period_end"],
            pairs["period_start_other"],
            pairs["period_end_other"],
        )
    ]
    hit = pairs.drop_duplicates("payment_id")
    return _findings(
        hit,
        "double_payment_same_service",
        hit["provider_other"],
        hit["period_start"],
        hit["period_end"],
        hit["service"],
        counterpart_amount=hit["amount_eur_other"],
    )


def premium_before_sustained_work(
    ledger: Registry, sustained_months: int = 6, exclude: set[str] | None = None
) -> pd.DataFrame:
    """Rule 3: outflow premiums paid before ``sustained_months`` of uninterrupted regular work.

    The regular work is the latest job not financed by the municipality that started on or
    before the payment. It is sustained when it started at least ``sustained_months`` before the
    payment, lasted that long, and no unemployment benefit or social-assistance spell overlaps
    it before the payment. Premiums caught by rule 1 (``exclude``) are left to that rule.
    """
    premiums = _premiums(ledger)
    if exclude:
        premiums = premiums[~premiums["payment_id"].isin(exclude)]
    jobs = ledger["employment"]
    regular = jobs.loc[~jobs["subsidised"], ["client_key", "employer_id", "start_date", "end_date"]]
    candidates = premiums[["payment_id", "client_key", "payment_date"]].merge(
        regular, on="client_key"
    )
    candidates = candidates[candidates["start_date"] <= candidates["payment_date"]]
    latest = candidates.sort_values("start_date").drop_duplicates("payment_id", keep="last")
    work = premiums.merge(
        latest[["payment_id", "employer_id", "start_date", "end_date"]], on="payment_id", how="left"
    )
    sustained_from = work["start_date"] + pd.DateOffset(months=sustained_months)
    no_job = work["start_date"].isna()
    too_soon = ~no_job & (sustained_from > work["payment_date"])
    too_short = ~no_job & work["end_date"].notna() & (work["end_date"] < sustained_from)

    breaks = pd.concat(
        [
            ledger["unemployment_benefits"][["client_key", "start_date", "end_date"]].assign(
                what="unemployment_benefit"
            ),
            ledger["benefit_spells"][["client_key", "spell_start", "spell_end"]]
            .rename(columns={"spell_start": "start_date", "spell_end": "end_date"})
            .assign(what="social_assistance"),
        ],
        ignore_index=True,
    )
    breaks = breaks.rename(columns={"start_date": "start_date_break", "end_date": "end_date_break"})
    overlap = work[["payment_id", "client_key", "start_date", "payment_date"]].merge(
        breaks, on="client_key"
    )
    # a break counts when it runs into the job: ending on the day the job starts is the exit
    overlap = overlap[
        overlap["start_date"].notna()
        & (overlap["start_date_break"] <= overlap["payment_date"])
        & (overlap["end_date_break"].isna() | (overlap["end_date_break"] > overlap["start_date"]))
    ]
    interrupted = work["payment_id"].map(
        overlap.drop_duplicates("payment_id").set_index("payment_id")["what"]
    )
    hit_mask = no_job | too_soon | too_short | interrupted.notna()
    hit = work[hit_mask]
    months = ((hit["payment_date"] - hit["start_date"]).dt.days / 30.44).round(1)
    reason = pd.Series("interrupted", index=hit.index, dtype=object)
    reason[too_short[hit_mask]] = "too_short"
    reason[too_soon[hit_mask]] = "too_soon"
    reason[no_job[hit_mask]] = "no_regular_job"
    return _findings(
        hit,
        "premium_before_sustained_work",
        hit["employer_id"],
        hit["start_date"],
        hit["payment_date"],
        reason,
        months_at_payment=months,
        interrupted_by=interrupted[hit_mask],
    )


def payment_for_invalid_or_unknown_client(ledger: Registry) -> pd.DataFrame:
    """Rule 4: payments for a BSN that fails the 11-proef, is unknown, or is missing."""
    pay = ledger["payments"]
    persons = ledger["persons"].set_index("client_key")
    valid = pay["client_key"].map(persons["bsn_valid"])
    known = pay["client_key"].map(persons["known_client"])
    missing = pay["client_key"].isna()
    bad = missing | valid.eq(False) | known.eq(False)
    hit = pay[bad].copy()
    reason = pd.Series("unknown_bsn", index=hit.index)
    reason[hit["client_key"].map(persons["bsn_valid"]).eq(False)] = "invalid_bsn"
    reason[hit["client_key"].isna()] = "no_bsn"
    return _findings(
        hit,
        "payment_for_invalid_or_unknown_client",
        pd.Series(None, index=hit.index, dtype=object),
        pd.Series(pd.NaT, index=hit.index),
        pd.Series(pd.NaT, index=hit.index),
        reason,
    )


def _findings(
    hit: pd.DataFrame,
    rule: str,
    counterpart: pd.Series,
    start: pd.Series,
    end: pd.Series,
    reason: pd.Series,
    counterpart_amount: pd.Series | None = None,
    months_at_payment: pd.Series | None = None,
    interrupted_by: pd.Series | None = None,
) -> pd.DataFrame:
    def column(values: pd.Series | None, dtype: str) -> np.ndarray:
        if values is None:
            return pd.Series(None, index=hit.index, dtype=dtype).to_numpy()
        return pd.Series(values).astype(dtype).to_numpy()

    out = pd.DataFrame(
        {
            "rule": rule,
            "payment_id": hit["payment_id"].to_numpy(),
            "client_key": hit["client_key"].to_numpy(),
            "provider": hit["provider"].to_numpy(),
            "kind": hit["kind"].to_numpy(),
            "amount_eur": hit["amount_eur"].to_numpy(),
            "payment_date": hit["payment_date"].to_numpy(),
            "counterpart": pd.Series(counterpart).to_numpy(),
            "period_start": pd.Series(start).to_numpy(),
            "period_end": pd.Series(end).to_numpy(),
            "reason": pd.Series(reason).to_numpy(),
            "counterpart_amount_eur": column(counterpart_amount, "float64"),
            "months_at_payment": column(months_at_payment, "float64"),
            "interrupted_by": column(interrupted_by, "object"),
        }
    )
    return out[COLUMNS]


def audit(ledger: Registry, sustained_months: int = 6) -> pd.DataFrame:
    """All four rules; the findings in rule order (content of ``payment_findings.csv``)."""
    first = premium_for_financed_placement(ledger, sustained_months)
    frames = [
        first,
        double_payment_same_service(ledger),
        premium_before_sustained_work(ledger, sustained_months, exclude=set(first["payment_id"])),
        payment_for_invalid_or_unknown_client(ledger),
    ]
    return pd.concat([f for f in frames if not f.empty], ignore_index=True).reindex(columns=COLUMNS)


def summary(findings: pd.DataFrame) -> pd.DataFrame:
    """Per rule (id, in rule order): cases (payments), clients, amount."""
    rows = []
    for rule in RULES:
        part = findings[findings["rule"] == rule]
        rows.append(
            {
                "rule": rule,
                "payments_n": len(part),
                "clients_n": part["client_key"].nunique(),
                "amount_eur": float(part["amount_eur"].sum()),
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# the chain of rule 1 as a money flow (Figuur 5.1)


def chain_flow(ledger: Registry, findings: pd.DataFrame) -> dict | None:
    """The largest chain found by rule 1: who placed clients with whom, what was paid, and what
    became of the clients after the financed job, all from the ledger.

    Returns ``None`` when rule 1 found no placement with another provider or employer.
    """
    rule1 = findings[findings["rule"] == "premium_for_financed_placement"]
    if rule1.empty:
        return None
    receiver = rule1["counterpart"].value_counts().index[0]
    chain = rule1[rule1["counterpart"] == receiver]
    clients = set(chain["client_key"])
    pay = ledger["payments"]
    to_receiver = pay[(pay["provider"] == receiver) & pay["client_key"].isin(clients)]
    jobs = ledger["employment"]
    financed = jobs[
        jobs["subsidised"] & jobs["client_key"].isin(clients) & (jobs["employer_id"] == receiver)
    ]
    job_end = financed.groupby("client_key")["end_date"].max()
    as_of = max(pay["payment_date"].max(), jobs["start_date"].max())
    outcomes = {}
    ww = ledger["unemployment_benefits"]
    spells = ledger["benefit_spells"]
    regular = jobs[~jobs["subsidised"]]
    for client in sorted(clients):  # sorted: set order varies between runs (hash seed)
        end = job_end.get(client, pd.NaT)
        if pd.isna(end):
            outcomes[client] = "onbekend"
            continue
        later_jobs = regular[(regular["client_key"] == client) & (regular["start_date"] >= end)]
        later_ww = ww[(ww["client_key"] == client) & (ww["start_date"] >= end)]
        later_spell = spells[(spells["client_key"] == client) & (spells["spell_start"] >= end)]
        if len(later_spell):
            outcomes[client] = "terug in de bijstand"
        elif len(later_jobs):
            start = later_jobs["start_date"].max()
            long_enough = start + pd.DateOffset(months=6) <= as_of
            outcomes[client] = (
                "regulier werk (> 6 maanden)" if long_enough else "aan het werk (< 6 maanden)"
            )
        elif len(later_ww):
            outcomes[client] = "WW-uitkering"
        else:
            outcomes[client] = "elders (geen werk, WW of bijstand)"
    return {
        "receiver": receiver,
        "as_of": as_of,
        "providers": chain.groupby("provider")
        .agg(clients_n=("client_key", "nunique"), premium_eur=("amount_eur", "sum"))
        .reset_index(),
        "clients_n": len(clients),
        "receiver_paid": to_receiver.groupby("kind")["amount_eur"].sum().to_dict(),
        "outcomes": pd.Series(outcomes, dtype=object)
        .value_counts()
        .sort_index()
        .sort_values(ascending=False, kind="stable")
        .to_dict(),
    }
