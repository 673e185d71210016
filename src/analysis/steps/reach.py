"""Reach of the target group: who is registered with UWV but not in view of the municipality.

Rekenkamer Amsterdam, *Werken met een arbeidsbeperking* (research design 2023, question 2; the
2025 report found about 2.500 people in UWV's target-group register whom the city did not know).
The target-group register (``target_register``, doelgroepregister banenafspraak) is linked to the
municipality's own registry on the keyed pseudonym only — the BSN never leaves the intake —, and
for each year of the period the step counts who is in the register, who the city supports, and
the difference (notebook 02, "Bereik van de doelgroep"; ``report.reach``).

Definitions (``docs/registry.md``, "Reach"): in year *y* (its days inside the period), a person
is *registered* with a register row overlapping those days, and *supported* by the city with a
benefit spell of a benefit scheme, a provision, or a subsidised job overlapping them. A
registered person who is not supported is "bij UWV geregistreerd, niet in beeld bij de
gemeente". The *match rate* is the share of registered persons the city supports.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import pandas as pd

from analysis.core.rounding import percent
from analysis.registry.intake import Period
from analysis.registry.model import TARGET_GROUNDS, Registry
from analysis.registry.spells import DATES, benefit_spells, overlapping

log = logging.getLogger(__name__)


def supported(registry: Registry, low: pd.Timestamp, high: pd.Timestamp) -> set[str]:
    """Pseudonyms the municipality supported between ``low`` and ``high``: benefit, a
    provision, or a subsidised job."""
    spells = overlapping(benefit_spells(registry["benefit_spells"]), low, high)
    provisions = overlapping(registry["provisions"], low, high, DATES)
    jobs = registry["employment"]
    jobs = overlapping(jobs[jobs["subsidised"].astype(bool)], low, high, DATES)
    return set(spells["client_key"]) | set(provisions["client_key"]) | set(jobs["client_key"])


def registered(registry: Registry, low: pd.Timestamp, high: pd.Timestamp) -> pd.DataFrame:
    """Per registered person between ``low`` and ``high`` the ground that counts: of the
    overlapping register rows, the latest start (then the ground listed first)."""
    rows = overlapping(registry["target_register"], low, high, DATES)
    rank = {g: i for i, g in enumerate(TARGET_GROUNDS)}
    ordered = rows.assign(_rank=-rows["ground"].map(rank)).sort_values(
        ["client_key", "start_date", "_rank"], kind="stable"
    )
    return ordered.drop_duplicates("client_key", keep="last").drop(columns="_rank")


def linkage(registry: Registry, period: Period) -> dict[str, float]:
    """The linkage of the register to the registry over the whole period: persons registered,
    of whom the registry holds any record (a client, at any time), and the share (%)."""
    reg = set(registered(registry, period.start, period.end)["client_key"])
    linked = reg & set(registry["clients"]["client_key"])
    share = float(percent(len(linked), len(reg))) if reg else float("nan")
    log.info("reach: %d of %d register persons linked to the registry", len(linked), len(reg))
    return {"registered_n": len(reg), "linked_n": len(linked), "linked_pct": share}


def _years(period: Period) -> list[tuple[int, pd.Timestamp, pd.Timestamp]]:
    out = []
    for year in range(period.start.year, period.end.year + 1):
        low = max(pd.Timestamp(year=year, month=1, day=1), period.start)
        high = min(pd.Timestamp(year=year, month=12, day=31), period.end)
        out.append((year, low, high))
    return out


def by_year(registry: Registry, period: Period) -> pd.DataFrame:
    """Per year of the period: registered, supported, both, registered only (not in view of the
    municipality), supported only, and the match rate (% of the registered who are supported)."""
    rows = []
    for year, low, high in _years(period):
        reg = set(registered(registry, low, high)["client_key"])
        sup = supported(registry, low, high)
        rows.append(
            {
                "label": str(year),
                "registered_n": len(reg),
                "supported_n": len(sup),
                "both_n": len(reg & sup),
                "registered_only_n": len(reg - sup),
                "supported_only_n": len(sup - reg),
            }
        )
    out = pd.DataFrame(rows)
    out["match_pct"] = percent(out["both_n"], out["registered_n"].where(out["registered_n"] > 0))
    return out


def _known(registry: Registry, period: Period, year: int) -> pd.DataFrame:
    """The persons registered in ``year`` with ``known``: whether the city supported them."""
    low, high = next((lo, hi) for y, lo, hi in _years(period) if y == year)
    reg = registered(registry, low, high)
    return reg.assign(known=reg["client_key"].isin(supported(registry, low, high)))


def _split(reg: pd.DataFrame, column: str, labels: Mapping[str, str]) -> pd.DataFrame:
    """Registered, supported and registered only per value of ``column`` (in the order of
    ``labels``: code → label; values without persons left out), then the total."""
    rows = []
    for code, label in [*labels.items(), (None, "Totaal")]:
        part = reg if code is None else reg[reg[column] == code]
        if code is not None and part.empty:
            continue
        rows.append(
            {
                "label": label,
                "registered_n": len(part),
                "supported_n": int(part["known"].sum()),
                "registered_only_n": int((~part["known"]).sum()),
            }
        )
    return pd.DataFrame(rows)


def by_ground(registry: Registry, period: Period, year: int) -> pd.DataFrame:
    """In one year of the period, per register ground: registered, of whom supported and not in
    view of the municipality; the last row the total."""
    return _split(_known(registry, period, year), "ground", TARGET_GROUNDS)


AGE_GROUPS: tuple[tuple[str, int | None, int | None], ...] = (
    ("tot 27 jaar", None, 27),
    ("27 tot 35 jaar", 27, 35),
    ("35 tot 45 jaar", 35, 45),
    ("45 tot 55 jaar", 45, 55),
    ("55 jaar en ouder", 55, None),
)
"""Age groups (label, lowest age, first age no longer in it): 27 is where the Participatiewet's
rules for young people end (art. 13 lid 2 Pw, 'jonger dan 27 jaar')."""
UNKNOWN_AGE = "onbekend"


def age_group(age: pd.Series) -> pd.Series:
    """The label of :data:`AGE_GROUPS` for each age (missing: :data:`UNKNOWN_AGE`)."""
    out = pd.Series(UNKNOWN_AGE, index=age.index, dtype="string")
    for label, low, high in AGE_GROUPS:
        inside = age.notna()
        if low is not None:
            inside &= age >= low
        if high is not None:
            inside &= age < high
        out[inside.fillna(False).astype(bool)] = label
    return out


def by_age(registry: Registry, period: Period, year: int) -> pd.DataFrame:
    """In one year of the period, per age group (the year minus the birth year in the
    register): registered, of whom supported and not in view of the municipality; groups
    without registered persons are left out, the last row the total."""
    reg = _known(registry, period, year)
    reg = reg.assign(group=age_group(year - reg["birth_year"].astype("Float64")).to_numpy())
    labels = [*(g[0] for g in AGE_GROUPS), UNKNOWN_AGE]
    return _split(reg, "group", {label: label for label in labels})
