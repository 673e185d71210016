"""Outflow from benefit to work, computed from the cleaned registry (chapter 4, §4.2.2–4.3.5).

Implements Tabel 4.6 (outflow by inflow cohort), 4.7 (within one year by age), 4.8
(exemptions), 4.13 (ladder rungs), 4.14 (reach), 4.15 (work after a completed trajectory and the
success ratio of Figuur 4.1), 4.16 (end reason by completion), 4.17 (contracts by outflow bucket)
and 4.18 (most successful contracts), and the breakdown of Figuur 8.1. Every function takes
frames and parameters and returns a frame whose labels and column names follow the
transcription of the published table, so that :mod:`analysis.published.reproduction` can set them
side by side. This module never reads a published figure: the definitions are in
``docs/registry.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.core.frames import hashed_keys, is_in, is_unique, lookup, map_few, taken
from analysis.core.rounding import percent
from analysis.registry.intake import Period
from analysis.registry.model import (
    EXEMPTION_GROUNDS,
    EXEMPTION_REASONS,
    WORK_END_REASONS,
    Registry,
)
from analysis.registry.spells import counted_spells, last_per_person

AGE_GROUPS: tuple[tuple[int, int | None, str], ...] = (
    (0, 18, "tot 18 jaar"),
    (19, 23, "19 t/m 23 jaar"),
    (24, 27, "24 t/m 27 jaar"),
    (28, 30, "28 t/m 30 jaar"),
    (31, 35, "31 t/m 35 jaar"),
    (36, 40, "36 t/m 40 jaar"),
    (41, 45, "41 t/m 45 jaar"),
    (46, 50, "46 t/m 50 jaar"),
    (51, 56, "51 t/m 56 jaar"),
    (57, None, "57 jaar en ouder"),
)
RUNGS: dict[int, str] = {
    1: "Trede 1: Zorg",
    2: "Trede 2: Maatschappelijke participatie (‘Meedoen’ en ‘Terugdoen’)",
    3: "Trede 3: Stappen op weg naar werk (Arbeidsactivering)",
    4: "Trede 4: Begeleiding naar Werk (Arbeidstoeleiding)",
    5: "Trede 5: Werk",
}
STATUS_ORDER = ("work", "other", "on_benefit")


def _named(
    codes: np.ndarray, names: list[str], dtype: str = "str"
) -> pd.api.extensions.ExtensionArray:
    """``names[code]`` for each code, missing where the code is -1: taken from the few names
    by Arrow rather than a Python string per client (at a million clients, seconds; through a
    categorical, a quarter of a second)."""
    positions = pa.array(codes, mask=np.asarray(codes) < 0, type=pa.int64())
    return pd.array(pa.array(names, type=pa.large_string()).take(positions), dtype=dtype)


def _cohorts(
    start: pd.Series, has_benefit: pd.Series, period: Period
) -> pd.api.extensions.ExtensionArray:
    """Per client ``stock`` (on benefit before the period) or the year of inflow as text."""
    has_benefit = has_benefit.to_numpy(dtype=bool)
    before = has_benefit & (start < period.start).to_numpy(dtype=bool)
    later = has_benefit & ~before
    year = start.dt.year.to_numpy(dtype=float, na_value=np.nan)
    years = np.unique(year[later]).astype(int)
    codes = np.full(len(start), -1)
    codes[before] = 0
    codes[later] = 1 + np.searchsorted(years, year[later].astype(int))
    return _named(codes, ["stock", *(str(y) for y in years)])


def age_group(age: pd.Series) -> pd.Series:
    """The label of Tabel 4.7's age group for each age."""
    years = age.to_numpy(dtype=float, na_value=np.nan)  # a missing age is in no group
    codes = np.full(len(age), -1)
    for i, (low, high, _) in enumerate(AGE_GROUPS):
        codes[(years >= low) & (years <= (np.inf if high is None else high))] = i
    labels = _named(codes, [label for _, _, label in AGE_GROUPS], "string")
    return pd.Series(labels, index=age.index)


def client_status(registry: Registry, period: Period, spells: str = "period") -> pd.DataFrame:
    """One row per client in the file with every attribute the tables of chapter 4 use.

    ``spells`` is the case's reading of which spell counts (``intake.spells``,
    :mod:`analysis.registry.spells`; the 2006 audit: ``latest``).

    Columns: ``client_key, has_benefit, cohort, spell_start, spell_end, scheme, end_status,
    duration_days, exit_within_1y, age, age_group, exempt, exemption_reason, completed,
    work_after_trajectory``. Definitions: ``docs/registry.md``.
    """
    # every comparison of keys below is on the keys as integers where they are pseudonyms
    client, spell, exempted, active = hashed_keys(
        registry["clients"]["client_key"],
        registry["benefit_spells"]["client_key"],
        registry["exemptions"]["client_key"],
        registry["activities"]["client_key"],
    )
    clients = registry["clients"][["client_key"]].assign(_key=client)
    if not is_unique(clients["_key"]):  # the intake keeps one record per client
        clients = clients.drop_duplicates("_key")
    counted = counted_spells(
        registry["benefit_spells"].assign(client_key=spell),
        period.start,
        period.end,
        spells,
        "client_key",
    )
    columns = ["spell_start", "spell_end", "scheme", "end_reason", "age_at_start_n"]
    # a left join on the key by lookup (counted_spells keeps one spell per client): a merge on a
    # million text keys takes a second
    clients = clients.reset_index(drop=True)
    at = lookup(clients["_key"], counted["client_key"])
    status = pd.concat([clients, taken(counted[columns], at, clients.index)], axis=1)
    status["has_benefit"] = status["spell_start"].notna()
    status["cohort"] = _cohorts(status["spell_start"], status["has_benefit"], period)
    ended = status["spell_end"].notna() & (status["spell_end"] <= period.end)
    work = status["end_reason"].isin(WORK_END_REASONS).to_numpy(dtype=bool)
    ending = np.where(~ended, 0, np.where(work, 1, 2))
    status["end_status"] = _named(
        np.where(status["has_benefit"], ending, -1), ["on_benefit", "work", "other"]
    )
    status["duration_days"] = (status["spell_end"] - status["spell_start"]).dt.days.where(ended)
    status["exit_within_1y"] = ended & (status["duration_days"] <= 365)
    status["age"] = status["age_at_start_n"].astype(
        "Int64"
    )  # on the later of start and period start
    status["age_group"] = age_group(status["age"])

    latest = latest_exemptions(registry["exemptions"].assign(client_key=exempted), period)
    status["exempt"] = is_in(status["_key"], latest.index)
    at = lookup(status["_key"], latest.index)
    status["exemption_reason"] = taken(latest["reason"], at, status.index)

    status["completed"] = is_in(status["_key"], active)
    status["work_after_trajectory"] = (status["end_status"] == "work") & status["completed"]
    return status.drop(columns=["_key", "age_at_start_n", "end_reason"])


def latest_exemptions(exemptions: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Per client the exemption whose reason counts (Tabel 4.8): of those overlapping the period,
    the latest start; on the same start day the one that runs longest (open-ended longest); then
    the reason listed first in Tabel 4.8. Indexed by ``client_key``."""
    overlapping = exemptions[
        (exemptions["start_date"] <= period.end)
        & (exemptions["end_date"].isna() | (exemptions["end_date"] >= period.start))
    ]
    rank = {code: i for i, code in enumerate(EXEMPTION_REASONS)}
    # an open end (NaT) sorts last: it runs longest
    ranked = overlapping.assign(_listed=-map_few(overlapping["reason"], rank).astype(float))
    latest = last_per_person(ranked, "client_key", ["start_date", "end_date", "_listed"])
    return latest.set_index("client_key").drop(columns="_listed")


def exemption_rows(reasons: pd.Series) -> dict[str, str]:
    """The exemption grounds a table lists: every ground of each era (Participatiewet, WWB)
    that occurs among ``reasons``, in the model's order — so a 2006 extract shows the rows of
    Tabel 4.8 and a 2026 extract the grounds of art. 9 and 9a Pw, zero rows included."""
    eras = {EXEMPTION_GROUNDS[r][0] for r in reasons.dropna().unique()}
    return {
        code: EXEMPTION_REASONS[code] for code, (era, _) in EXEMPTION_GROUNDS.items() if era in eras
    }


def cohorts(period: Period) -> list[tuple[str, str]]:
    """(cohort code, year label) in printed order: the stock, then each year of the period."""
    years = range(period.start.year, period.end.year + 1)
    return [("stock", "")] + [(str(y), str(y)) for y in years]


def _benefit(status: pd.DataFrame) -> pd.DataFrame:
    return status[status["has_benefit"]]


def table_4_6(status: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Tabel 4.6 – outflow and outflow to work per inflow cohort, on the reference date."""
    benefit = _benefit(status)
    rows = []
    for code, year in cohorts(period):
        part = benefit[benefit["cohort"] == code]
        label = (
            f"Bijstandscliënten per {period.start.day}-{period.start.month}-{period.start.year}"
            if code == "stock"
            else f"Nieuwe instroom in {year}"
        )
        rows.append((label, part))
    rows.append(("Totaal bijstandscliënten", benefit))
    out = pd.DataFrame(
        {
            "label": [r[0] for r in rows],
            "beginstand_n": [len(r[1]) for r in rows],
            "in_uitkering_n": [(r[1]["end_status"] == "on_benefit").sum() for r in rows],
            "uitstroom_n": [(r[1]["end_status"] != "on_benefit").sum() for r in rows],
            "uitstroom_werk_n": [(r[1]["end_status"] == "work").sum() for r in rows],
        }
    )
    out["uitstroom_werk_pct"] = percent(out["uitstroom_werk_n"], out["beginstand_n"])
    return out


def table_4_7(status: pd.DataFrame) -> pd.DataFrame:
    """Tabel 4.7 – outflow (to work) within one year of inflow, by age group."""
    benefit = _benefit(status)
    rows = []
    for _, _, label in AGE_GROUPS:
        rows.append((label, benefit[benefit["age_group"] == label]))
    rows.append(("Totaal uitkeringsgerechtigden", benefit))
    out = pd.DataFrame(
        {
            "label": [r[0] for r in rows],
            "aantal_clienten_n": [len(r[1]) for r in rows],
            "uitstroom_1jaar_n": [r[1]["exit_within_1y"].sum() for r in rows],
            "uitstroom_werk_1jaar_n": [
                (r[1]["exit_within_1y"] & (r[1]["end_status"] == "work")).sum() for r in rows
            ],
        }
    )
    out.insert(
        3, "uitstroom_1jaar_pct", percent(out["uitstroom_1jaar_n"], out["aantal_clienten_n"])
    )
    out["uitstroom_werk_1jaar_pct"] = percent(
        out["uitstroom_werk_1jaar_n"], out["aantal_clienten_n"]
    )
    return out


def _cohort_columns(period: Period) -> list[tuple[str, str]]:
    start = f"stand_{period.start.day}_{period.start.month}_{period.start.year}_n"
    return [("stock", start)] + [
        (str(y), f"instroom_{y}_n") for y in range(period.start.year, period.end.year + 1)
    ]


def table_4_8(status: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Tabel 4.8 – exempted clients by reason and inflow cohort (counts, % of all clients)."""
    benefit = _benefit(status)
    columns = _cohort_columns(period)
    rows = []
    for code, label in exemption_rows(status["exemption_reason"]).items():
        part = benefit[benefit["exemption_reason"] == code]
        rows.append({"label": label, **{c: (part["cohort"] == k).sum() for k, c in columns}})
    exempt = benefit[benefit["exempt"]]
    rows.append(
        {"label": "Totaal ontheffingen", **{c: (exempt["cohort"] == k).sum() for k, c in columns}}
    )
    rows.append(
        {"label": "Totaal cliënten", **{c: (benefit["cohort"] == k).sum() for k, c in columns}}
    )
    out = pd.DataFrame(rows)
    cohort_cols = [c for _, c in columns]
    out["totaal_n"] = out[cohort_cols].sum(axis=1)
    total = out.loc[out["label"] == "Totaal cliënten", "totaal_n"].iloc[0]
    out["totaal_pct"] = percent(out["totaal_n"], total, 0)
    # the audit prints the exempted share per cohort as a row of whole percentages
    exempt_row = out[out["label"] == "Totaal ontheffingen"].iloc[0]
    clients_row = out[out["label"] == "Totaal cliënten"].iloc[0]
    share = {
        c: float(percent(exempt_row[c], clients_row[c], 0)) for c in [*cohort_cols, "totaal_n"]
    }
    out = pd.concat(
        [out, pd.DataFrame([{"label": "Percentage per jaar", **share}])], ignore_index=True
    )
    counts = [*cohort_cols, "totaal_n"]
    out[counts] = out[counts].round().astype("Int64")
    return out


def table_4_13(registry: Registry, status: pd.DataFrame) -> pd.DataFrame:
    """Tabel 4.13 – clients on benefit per ladder rung on the ladder's reference date."""
    ladder = registry["ladder"]
    if ladder.empty:
        raise ValueError("the registry has no ladder rows")
    reference = ladder["reference_date"].max()
    # only the columns read: a filter copies every column, and status has a million texts
    benefit = _benefit(status[["client_key", "has_benefit", "spell_start", "spell_end"]])
    on_benefit = benefit[
        (benefit["spell_start"] <= reference)
        & (benefit["spell_end"].isna() | (benefit["spell_end"] >= reference))
    ]
    key, ladder_key = hashed_keys(on_benefit["client_key"], ladder["client_key"])
    rungs = taken(ladder["rung"], lookup(key, ladder_key), on_benefit.index)
    rows = [(label, int((rungs == rung).sum())) for rung, label in RUNGS.items()]
    placed = sum(n for _, n in rows)
    rows += [("Subtotaal", placed), ("Nog niet ingedeeld", len(on_benefit) - placed)]
    rows.append(("Totaal", len(on_benefit)))
    out = pd.DataFrame(rows, columns=["label", "aantal_clienten_n"])
    out["aantal_clienten_pct"] = percent(out["aantal_clienten_n"], len(on_benefit))
    return out


def table_4_14(status: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Tabel 4.14 – reach: completed (not exempt), not completed (not exempt), exempt; by cohort."""
    benefit = _benefit(status)
    groups = {
        "Afgerond": benefit["completed"] & ~benefit["exempt"],
        "Geen of niet afgerond": ~benefit["completed"] & ~benefit["exempt"],
        "Ontheffing": benefit["exempt"],
    }
    columns = _cohort_columns(period)
    data = {"label": [*groups, "Totaal"]}
    for code, col in [*columns, ("total", "totaal_n")]:
        in_cohort = (
            benefit["cohort"] == code if code != "total" else pd.Series(True, index=benefit.index)
        )
        counts = [int((mask & in_cohort).sum()) for mask in groups.values()]
        counts.append(int(in_cohort.sum()))
        data[col] = counts
        data[col.replace("_n", "_pct")] = percent(counts, counts[-1], 0)
    return pd.DataFrame(data)


def table_4_15(status: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Tabel 4.15 – outflow to work, and to work after a completed trajectory, per cohort.

    The last column is the success ratio of Figuur 4.1: clients who completed re-integration
    activities and left for work, as a percentage of the clients in the cohort.
    """
    benefit = _benefit(status)
    rows = []
    for code, year in cohorts(period):
        label = (
            f"Bijstandscliënten {period.start.day}-{period.start.month}-{period.start.year}"
            if code == "stock"
            else f"Nieuwe instroom in {year}"
        )
        rows.append((label, benefit[benefit["cohort"] == code]))
    rows.append(("Totaal cliënten", benefit))
    out = pd.DataFrame(
        {
            "label": [r[0] for r in rows],
            "beginstand_n": [len(r[1]) for r in rows],
            "uitstroom_werk_n": [(r[1]["end_status"] == "work").sum() for r in rows],
            "uitstroom_werk_traject_n": [r[1]["work_after_trajectory"].sum() for r in rows],
        }
    )
    out.insert(3, "uitstroom_werk_pct", percent(out["uitstroom_werk_n"], out["beginstand_n"]))
    out["uitstroom_werk_traject_pct"] = percent(
        out["uitstroom_werk_traject_n"], out["beginstand_n"]
    )
    return out


def table_4_16(status: pd.DataFrame) -> pd.DataFrame:
    """Tabel 4.16 – end of benefit by completion of re-integration activities (% of clients)."""
    benefit = _benefit(status)
    without = status[~status["has_benefit"]]
    labels = {
        "work": "Uitkering beëindigd en uitgestroomd naar arbeid",
        "other": "Uitkering beëindigd door andere oorzaken",
        "on_benefit": "Uitkering niet beëindigd",
    }
    total = len(benefit)
    rows = []
    for code, label in labels.items():
        part = benefit[benefit["end_status"] == code]
        rows.append((label, (~part["completed"]).sum(), part["completed"].sum()))
    rows.append(
        (
            "Subtotaal cliënten met een uitkering",
            (~benefit["completed"]).sum(),
            benefit["completed"].sum(),
        )
    )
    out = pd.DataFrame(rows, columns=["label", "geen_traject_afgerond_n", "traject_afgerond_n"])
    out["totaal_n"] = out["geen_traject_afgerond_n"] + out["traject_afgerond_n"]
    for col in ("geen_traject_afgerond", "traject_afgerond", "totaal"):
        out[f"{col}_pct"] = percent(out[f"{col}_n"], total, 0)
    extra = pd.DataFrame(
        [
            {
                "label": "Cliënten zonder uitkering",
                "geen_traject_afgerond_n": pd.NA,
                "traject_afgerond_n": int(without["completed"].sum()),
                "totaal_n": len(without),
            },
            {
                "label": "Totaal cliënten",
                "geen_traject_afgerond_n": int(
                    (~benefit["completed"]).sum() + (~without["completed"]).sum()
                ),
                "traject_afgerond_n": int(status["completed"].sum()),
                "totaal_n": len(status),
            },
        ]
    )
    out = pd.concat([out, extra], ignore_index=True)
    return out[
        [
            "label",
            "geen_traject_afgerond_n",
            "geen_traject_afgerond_pct",
            "traject_afgerond_n",
            "traject_afgerond_pct",
            "totaal_n",
            "totaal_pct",
        ]
    ]


def contract_outcomes(registry: Registry, status: pd.DataFrame) -> pd.DataFrame:
    """Per paid contract: participants and their exits to work.

    Participants are the clients in the file with a remaining activity on the contract, with or
    without benefit (§5.3.2 counts 317 clients without benefit among the 1.111 on the
    zero-outflow contracts); exits are those whose benefit ended for work. A client on several
    contracts counts for each (footnote 25).
    """
    acts = registry["activities"].dropna(subset=["contract_id"])
    key, client = hashed_keys(acts["client_key"], status["client_key"])
    pairs = acts[["contract_id"]].assign(client_key=key).drop_duplicates()
    # the keys as a column, not an index: an index of a million text keys is slow to slice
    pairs = pairs[is_in(pairs["client_key"], client)]
    at_work = client[(status["end_status"] == "work").to_numpy(dtype=bool)]
    pairs = pairs.assign(work=is_in(pairs["client_key"], at_work))
    per = pairs.groupby("contract_id").agg(
        participants_n=("client_key", "size"), work_n=("work", "sum")
    )
    contracts = registry["contracts"].set_index("contract_id")
    out = contracts[["provider", "name", "category", "rung", "system", "intake_closed"]].join(
        per, how="left"
    )
    out[["participants_n", "work_n"]] = out[["participants_n", "work_n"]].fillna(0).astype(int)
    out["work_pct"] = percent(out["work_n"], out["participants_n"].replace(0, np.nan), 2)
    return out.reset_index()


def bucket_labels(edges: Sequence[float]) -> list[str]:
    """Bucket labels: ``[0, 10, 35, 100]`` → ``0%``, ``0% - 10%``, ``10% - 35%``, ``35% - 100%``."""

    def fmt(x: float) -> str:
        return f"{x:g}%"

    return [fmt(edges[0])] + [
        f"{fmt(a)} - {fmt(b)}" for a, b in zip(edges[:-1], edges[1:], strict=True)
    ]


def bucket(share_pct: pd.Series, edges: Sequence[float]) -> pd.Series:
    """Bucket label per share: exactly the first edge → its own bucket; then lower edge
    inclusive, the last bucket including its upper edge."""
    labels = bucket_labels(edges)
    out = pd.Series(pd.NA, index=share_pct.index, dtype="string")
    out[share_pct == edges[0]] = labels[0]
    for i, (low, high) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        last = i == len(edges) - 2
        lower_ok = share_pct > low if i == 0 else share_pct >= low
        upper_ok = share_pct <= high if last else share_pct < high
        out[lower_ok & upper_ok] = labels[i + 1]
    return out


def contract_shares(outcomes: pd.DataFrame) -> pd.DataFrame:
    """The paid contracts with participants, with ``share_pct``: the share of participants who
    left benefit for work (the measure of every contract figure in chapters 4, 5 and 8)."""
    paid = outcomes[outcomes["participants_n"] > 0].copy()
    paid["share_pct"] = 100 * paid["work_n"] / paid["participants_n"]
    return paid


def is_successful(share_pct: pd.Series, success_pct: float) -> pd.Series:
    """A successful contract: at least ``success_pct`` of its participants left for work."""
    return share_pct >= success_pct


def is_low_outflow(share_pct: pd.Series, edges: Sequence[float]) -> pd.Series:
    """A low-outflow contract: below the second bucket edge (the buckets ``0%`` and ``0% - 10%``
    of Tabel 4.17 with the audit's edges; §5.3.2 and chapter 8 say "hooguit 10%")."""
    return share_pct < edges[1]


def contract_success(
    outcomes: pd.DataFrame, edges: Sequence[float], success_pct: float
) -> dict[str, float]:
    """The contract figures of §4.3.5 and chapter 8 (the key figures of section
    ``contracts``), from the one definition of :func:`is_successful` and
    :func:`is_low_outflow`, whatever ``success_pct`` and ``edges`` are."""
    paid = contract_shares(outcomes)
    successful = is_successful(paid["share_pct"], success_pct)
    low = is_low_outflow(paid["share_pct"], edges)
    return {
        "contracts_examined_n": len(paid),
        "contracts_successful_n": int(successful.sum()),
        "contracts_low_outflow_n": int(low.sum()),
        "clients_on_low_outflow_contracts_n": int(paid.loc[low, "participants_n"].sum()),
        "contract_success_pct": float(success_pct),
        "low_outflow_edge_pct": float(edges[1]),
    }


def table_4_17(outcomes: pd.DataFrame, edges: Sequence[float]) -> pd.DataFrame:
    """Tabel 4.17 – contracts by share of participants who left for work."""
    paid = outcomes[outcomes["participants_n"] > 0]
    buckets = bucket(100 * paid["work_n"] / paid["participants_n"], edges)
    rows = []
    for label in bucket_labels(edges):
        part = paid[buckets == label]
        rows.append((label, len(part), part["participants_n"].sum(), part["work_n"].sum()))
    rows.append(("Totaal", len(paid), paid["participants_n"].sum(), paid["work_n"].sum()))
    return pd.DataFrame(
        rows,
        columns=["label", "aantal_contracten_n", "aantal_clienten_n", "aantal_clienten_werk_n"],
    )


def table_4_18(outcomes: pd.DataFrame, success_pct: float) -> pd.DataFrame:
    """Tabel 4.18 – the most successful contracts (share ≥ ``success_pct``) by category."""
    paid = contract_shares(outcomes)
    best = paid[is_successful(paid["share_pct"], success_pct)]
    grouped = best.groupby("category", sort=True).agg(
        aantal_contracten_n=("contract_id", "size"), instroom_afgesloten_n=("intake_closed", "sum")
    )
    grouped["instroom_afgesloten_n"] = grouped["instroom_afgesloten_n"].astype(int)
    return grouped.reset_index().rename(columns={"category": "label"})


def figure_8_1(status: pd.DataFrame) -> pd.DataFrame:
    """Figuur 8.1 – what became of the clients with benefit (% of all of them)."""
    benefit = _benefit(status)
    total = len(benefit)
    parts = [
        ("Cliënten die een bijstandsuitkering hebben", benefit["end_status"] == "on_benefit"),
        (
            "Cliënten waarvan de uitkering is beëindigd door verhuizing, huwelijk, detentie,",
            benefit["end_status"] == "other",
        ),
        (
            "Cliënten die een reguliere baan hebben gevonden zonder re-integratieactiveiten "
            "(uit trede 3, 4 of 5) te hebben afgerond",
            (benefit["end_status"] == "work") & ~benefit["completed"],
        ),
        (
            "Cliënten die een reguliere baan hebben gevonden nadat zij re-integratieactiveiten "
            "(uit trede 3, 4, of 5) hebben afgerond",
            benefit["work_after_trajectory"],
        ),
        ("Reguliere baan gevonden (totaal)", benefit["end_status"] == "work"),
    ]
    return pd.DataFrame(
        {"label": [p[0] for p in parts], "aandeel_pct": [percent(m.sum(), total) for _, m in parts]}
    )


class Outflow(NamedTuple):
    """What the outflow step computes (:func:`analyse`)."""

    status: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    contracts: dict[str, float]
    outcomes: pd.DataFrame | None
    """Per contract its participants and exits (:func:`contract_outcomes`), which the cost step
    reads too."""


def analyse(
    registry: Registry,
    period: Period,
    edges: Sequence[float],
    success_pct: float,
    spells: str = "period",
) -> Outflow:
    """The outflow step: each client's status, every chapter-4 table the registry has the data
    for, the contract figures and outcomes (empty and None without a contracts table)."""
    status = client_status(registry, period, spells)
    outcomes = contract_outcomes(registry, status) if registry.has("contracts") else None
    tables = all_tables(registry, status, period, edges, success_pct, outcomes)
    contracts = {}
    if outcomes is not None:
        contracts = contract_success(outcomes, edges, success_pct)
    return Outflow(status, tables, contracts, outcomes)


def all_tables(
    registry: Registry,
    status: pd.DataFrame,
    period: Period,
    edges: Sequence[float],
    success_pct: float,
    outcomes: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table of chapter 4 the registry has the data for, by table id: the exemption table
    needs ``exemptions``, the rung table a ``ladder``, the contract tables ``contracts``; the
    reach and trajectory tables read activities, which an extract without them has none of.
    ``outcomes``: :func:`contract_outcomes`, where the caller has them already."""
    counting = for_counting(status)
    tables = {
        "t4_6": table_4_6(counting, period),
        "t4_7": table_4_7(counting),
    }
    if registry.has("exemptions"):
        tables["t4_8"] = table_4_8(counting, period)
    if registry.has("ladder"):
        tables["t4_13"] = table_4_13(registry, status)
    if registry.has("activities"):
        tables["t4_14"] = table_4_14(counting, period)
        tables["t4_15"] = table_4_15(counting, period)
        tables["t4_16"] = table_4_16(counting)
    if registry.has("contracts"):
        if outcomes is None:
            outcomes = contract_outcomes(registry, status)
        tables["t4_17"] = table_4_17(outcomes, edges)
        tables["t4_18"] = table_4_18(outcomes, success_pct)
    if registry.has("activities"):
        tables["f8_1"] = figure_8_1(counting)
    return tables


def for_counting(status: pd.DataFrame) -> pd.DataFrame:
    """``status`` (or the cost per client) as the tables that only count read it: without the
    client key, its text columns as categories. They filter it dozens of times, and a filter
    copies every column: a million text values each time, where a category is one byte."""
    labels = ["scheme", "cohort", "end_status", "age_group", "exemption_reason"]
    slim = status.drop(columns=["client_key"])
    return slim.astype({c: "category" for c in labels if c in slim.columns})
