"""The synthetic ledger: who sits on which contract, what was paid, and the planted cases.

Part of the demo registry (:mod:`analysis.synthetic.generate`). Three jobs:

1. **Seats.** Assign clients to the paid contracts so that Tabel 4.17 holds exactly (contracts,
   participants, exits per bucket), 45,1% of the participants are on two contracts (footnote 25),
   the zero-outflow contracts hold the 317 clients without benefit and the 716 who stayed on
   benefit that §5.3.2 describes, and the 829 clients with 166 exits on the cost-free
   trajectories sit on a contract without cost.
2. **Planted cases of §5.4.** The 29 clients six providers placed in a WorkstaR trajectory (a
   two-month internship, then a six-month job financed by the municipality) with €77.846 in
   outflow premiums to the six; the 16 FourstaR clients paid twice (€800 qualification premium
   to FourstaR and €1.500 internship fee to WorkstaR for the same internship); the WorkstaR
   outflow premium paid about four months early (four months of unemployment benefit between the
   WorkstaR job and the regular one); and a few payments for BSNs that fail the 11-proef or are
   unknown. Lawful premiums (six months of regular work) are paid for the other exits to work.
3. **Calibration of the amounts.** Fees, secondment wage costs and wage subsidies are raked so
   that the cost tables of chapter 5 land on the printed figures (Tabel 5.5–5.9 and the sums in
   §5.3), with premiums and the planted amounts fixed as printed. Where the tables disagree:
   the averages of Tabel 5.8 belong to its own counts (3.321 / 11.948), which contradict Tabel
   4.16 (3.349 / 11.920); the costs per cohort (Tabel 5.7), the total of €17.150 per exit to work
   and the average for clients with work (€3.485) are met, the two other averages of 5.8 follow.
   Tabel 5.6 prints €11.029 for the clients without benefit, Tabel 5.8 €10.903 for the same
   group; the generator follows 5.8, which agrees with the totals.

The printed figures of §5.4 the planted case is built on are the constants below, each citing
its section; the raking itself is :func:`analysis.synthetic.allocation.rake`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.synthetic.allocation import allocate, rake

DAY = np.timedelta64(1, "D")

# ---------------------------------------------------------------------------------------------
# the printed figures of §5.4 (Figuur 5.1) the planted case is built on

CHAIN_PROVIDERS: dict[str, int] = {
    "AGENS Special Products": 3,
    "Alexander Calder Arbeidsintegratie": 4,
    "FourstaR Reïntegratie Service": 10,
    "Hudson Global Resources": 7,
    "SagEnn Reïntegratie": 4,
    "SERIN": 1,
}
"""§5.4.2: the providers that placed 29 clients in the WorkstaR trajectory, and how many each."""
WORKSTAR = "WorkstaR"
FOURSTAR = "FourstaR Reïntegratie Service"
CHAIN_BACK_ON_BENEFIT = 13
"""§5.4.2: of the 29, 13 were back on benefit in November 2006; the other 16 left for work."""
CHAIN_WORKING = 4
"""§5.4.2: of the other 28, 4 were working in November 2006 (one of them after WorkstaR's
premium was paid early, §5.4.3)."""
CHAIN_UNEMPLOYMENT_BENEFIT = 7
"""§5.4.2: of the other 28, 7 had unemployment benefit in November 2006."""
CHAIN_ELSEWHERE = 4
"""§5.4.2: of the other 28, 4 had neither work nor unemployment benefit nor social assistance."""
FOURSTAR_PAID_TWICE = 16
"""§5.4.1: FourstaR clients paid for twice (by FourstaR's premium and WorkstaR's fee)."""
CHAIN_PREMIUMS_EUR = 77846
"""Figuur 5.1: the outflow premiums to the six providers for the 29 clients."""
CASE_PLACEMENT_PREMIUM_EUR = 1200
"""§5.4.2: FourstaR's premium for placing the client of the illustration at WorkstaR."""
QUALIFICATION_PREMIUM_EUR = 800.0
"""§5.4.1: FourstaR's premium for a labour-market qualification."""
INTERNSHIP_FEE_EUR = 1500.0
"""§5.4.1: WorkstaR's fee at the end of the same internship."""
WORKSTAR_PREMIUM_EUR = 3000.0
"""§5.4.3: WorkstaR's outflow premium for six months of regular work."""
WORKSTAR_GUIDANCE_AND_WAGES_EUR = 6500.0
"""Figuur 5.1: € 188.500 for guidance and wages of 29 clients, € 3.500 + € 3.000 each (§5.4.2)."""
WORKSTAR_JOB_DAYS = 182
"""§5.4.2: the employment contract at WorkstaR lasted six months."""
WORKSTAR_INTERNSHIP_DAYS = 61
"""§5.4.2: the internship before the WorkstaR job lasted two months."""
CHAIN_CLIENTS = sum(CHAIN_PROVIDERS.values())
CHAIN_WORK = CHAIN_CLIENTS - CHAIN_BACK_ON_BENEFIT
"""The chain clients who left benefit for work (16)."""
FOURSTAR_EXTRA = FOURSTAR_PAID_TWICE - CHAIN_PROVIDERS[FOURSTAR]
"""FourstaR clients paid twice who are not among the 29 (6; they stay on benefit)."""
if 2 + (CHAIN_WORKING - 1) + CHAIN_UNEMPLOYMENT_BENEFIT + CHAIN_ELSEWHERE != CHAIN_WORK:
    # the lawful and the early premium's clients plus the other situations are the 16 exits
    raise ValueError("the situations of §5.4.2 do not add up to the chain's exits to work")
_SPARE_SEATS = 4  # a chain contract keeps participants outside the chain, as a real one would

KNOWN_DEVIATIONS: dict[tuple[str, str, str], str] = {
    ("t5_5", "Arbeidsactivering en -toeleiding (contracten Maatwerk)", "aandeel_pct"): (
        "met de kosten per contractgroep van tabel 5.9 (samen € 31,4 miljoen) kunnen de aandelen "
        "van 20% en 18% niet allebei kloppen; het demobestand volgt tabel 5.9"
    ),
    ("t5_8", "Uitkering beëindigd om door andere oorzaken", "gemiddelde_kosten_eur"): (
        "tabel 5.8 rekent met 3.321 cliënten, tabel 4.16 en het bestand met 3.349; het gemiddelde "
        "volgt uit de totalen van tabel 5.7 en 5.8"
    ),
}
"""Published cells the demo registry cannot meet because the report contradicts itself."""


@dataclass
class Seats:
    """Client–contract pairs. ``client`` indexes the BSN array (benefit clients first)."""

    client: np.ndarray
    contract: np.ndarray
    exit: np.ndarray
    special: dict[str, np.ndarray] = field(default_factory=dict)


def _holds(seats: Seats, client: int, contract: str) -> bool:
    """Whether ``client`` already has a seat on ``contract``."""
    return bool(np.any((seats.client == client) & (seats.contract == contract)))


def _swap_into(
    rng: np.random.Generator,
    seats: Seats,
    slot: int,
    contract: str,
    protected: set[int],
) -> None:
    """Give ``slot`` the seat ``contract`` by swapping with another slot of the same kind (exit
    or not) that holds it, such that neither client ends up twice on one contract."""
    if seats.contract[slot] == contract:
        return
    owner = seats.client[slot]
    candidates = np.flatnonzero((seats.contract == contract) & (seats.exit == seats.exit[slot]))
    rng.shuffle(candidates)
    mine = seats.contract[slot]
    owner_has_it = _holds(seats, owner, contract)
    for other in candidates:
        if other in protected:
            continue
        other_client = seats.client[other]
        if other_client == owner or owner_has_it or _holds(seats, other_client, mine):
            continue
        seats.contract[slot], seats.contract[other] = contract, mine
        return
    raise ValueError(f"no seat on {contract} to swap into")


def assign_seats(
    rng: np.random.Generator,
    contracts: pd.DataFrame,
    status: np.ndarray,
    completed: np.ndarray,
    n_without: int,
    multi_pct: float,
    zero_bucket_no_benefit: int,
    zero_bucket_on_benefit: int,
) -> Seats:
    """Seats for every participant of the paid contracts (Tabel 4.17, footnote 25, §5.3.2)."""
    paid = contracts[contracts["bucket"] >= 0]
    n = len(status)
    exit_pairs = int(paid["exits"].sum())
    zero = paid[paid["bucket"] == 0]
    benefit_other_pairs = int((paid["participants"] - paid["exits"]).sum()) - zero_bucket_no_benefit
    total = exit_pairs + benefit_other_pairs + zero_bucket_no_benefit
    distinct = round(total / (1 + multi_pct / 100))
    d_w = round(exit_pairs / (1 + multi_pct / 100))
    d_n = distinct - d_w - zero_bucket_no_benefit
    work_done = np.flatnonzero((status == "work") & completed)
    rest_done = np.flatnonzero((status != "work") & completed)
    w = rng.permutation(work_done)[:d_w]
    r = rng.permutation(rest_done)[:d_n]
    nb = n + rng.permutation(n_without)[:zero_bucket_no_benefit]
    slots_w = np.concatenate([w, w[: exit_pairs - d_w]])
    slots_n = np.concatenate([r, r[: benefit_other_pairs - d_n]])

    seats_w = np.repeat(paid["contract_id"].to_numpy(), paid["exits"].to_numpy())
    non_exit = (paid["participants"] - paid["exits"]).to_numpy()
    seats_n = np.repeat(paid["contract_id"].to_numpy(), non_exit)
    # the clients without benefit take zero-outflow seats (§5.3.2: 317 of 1.111)
    zero_ids = zero["contract_id"].to_numpy()
    zero_seat_idx = np.flatnonzero(np.isin(seats_n, zero_ids))
    take = rng.permutation(zero_seat_idx)[:zero_bucket_no_benefit]
    nb_contracts = seats_n[take]
    seats_n = np.delete(seats_n, take)

    seats = Seats(
        client=np.concatenate([slots_w, slots_n, nb]),
        contract=np.concatenate(
            [
                distinct_seats(rng, slots_w, seats_w),
                distinct_seats(rng, slots_n, seats_n),
                nb_contracts,
            ]
        ),
        exit=np.concatenate([np.ones(len(slots_w), bool), np.zeros(len(slots_n) + len(nb), bool)]),
    )
    fix_zero_bucket(rng, seats, set(zero_ids), status, n, zero_bucket_on_benefit)
    return seats


def distinct_seats(rng: np.random.Generator, clients: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """Shuffle ``seats`` over ``clients`` so that no client sits twice on a contract."""
    seats = rng.permutation(seats)
    for _ in range(50):
        frame = pd.DataFrame({"client": clients, "contract": seats})
        dup = frame.duplicated(["client", "contract"], keep="first").to_numpy()
        if not dup.any():
            return seats
        bad = np.flatnonzero(dup)
        partners = rng.integers(0, len(seats), len(bad))
        seats[bad], seats[partners] = seats[partners].copy(), seats[bad].copy()
    raise ValueError("could not place clients on distinct contracts")


def fix_zero_bucket(
    rng: np.random.Generator,
    seats: Seats,
    zero_ids: set[str],
    status: np.ndarray,
    n: int,
    target_on: int,
    protected: set[int] = frozenset(),
) -> None:
    """Swap seats until exactly ``target_on`` participants of the zero-outflow contracts are
    clients still on benefit (§5.3.2: 716). Clients in ``protected`` keep their seats."""
    benefit_slot = (~seats.exit) & (seats.client < n) & ~np.isin(seats.client, list(protected))
    in_zero = np.isin(seats.contract, list(zero_ids))
    slot_status = np.where(seats.client < n, status[np.minimum(seats.client, n - 1)], "none")
    for _ in range(40):
        on_in_zero = np.flatnonzero(benefit_slot & in_zero & (slot_status == "on_benefit"))
        gap = target_on - len(np.unique(seats.client[on_in_zero]))
        if gap == 0:
            return
        want, give = ("on_benefit", "other") if gap > 0 else ("other", "on_benefit")
        inside = rng.permutation(np.flatnonzero(benefit_slot & in_zero & (slot_status == give)))
        outside = rng.permutation(np.flatnonzero(benefit_slot & ~in_zero & (slot_status == want)))
        pairs = pd.Series(seats.contract).groupby(seats.client).agg(set)
        done = 0
        for a, b in zip(inside, outside, strict=False):
            if done == abs(gap):
                break
            ca, cb = seats.contract[a], seats.contract[b]
            if ca in pairs[seats.client[b]] or cb in pairs[seats.client[a]]:
                continue
            seats.contract[a], seats.contract[b] = cb, ca
            pairs[seats.client[a]] = (pairs[seats.client[a]] - {ca}) | {cb}
            pairs[seats.client[b]] = (pairs[seats.client[b]] - {cb}) | {ca}
            done += 1
        in_zero = np.isin(seats.contract, list(zero_ids))
    raise ValueError("could not place the clients who stayed on benefit on zero-outflow contracts")


# ---------------------------------------------------------------------------------------------
# the WorkstaR and FourstaR cases of §5.4


@dataclass
class Chain:
    """The planted clients of §5.4 and their contracts."""

    workstar_contract: str
    provider_contract: dict[str, str]
    clients: pd.DataFrame  # population index, provider, status, outcome
    fourstar_extra: np.ndarray  # clients paid twice for one internship but not in the 29


def plant_chain(
    rng: np.random.Generator,
    seats: Seats,
    contracts: pd.DataFrame,
    status: np.ndarray,
    cohort: np.ndarray,
    spell_start: np.ndarray,
    spell_end: np.ndarray,
    n: int,
) -> Chain:
    """Choose the WorkstaR contract, the six providers' contracts and the chain clients, and
    move their seats onto those contracts (Figuur 5.1; §5.4.1–5.4.2). Retries with other
    draws when a seat cannot be moved without putting a client twice on one contract."""
    for _attempt in range(25):
        trial = Seats(seats.client.copy(), seats.contract.copy(), seats.exit.copy())
        try:
            chain = _plant_chain(rng, trial, contracts, status, cohort, spell_start, spell_end, n)
        except ValueError:
            continue
        seats.contract[:] = trial.contract
        return chain
    raise ValueError("could not plant the WorkstaR case")


def _plant_chain(
    rng: np.random.Generator,
    seats: Seats,
    contracts: pd.DataFrame,
    status: np.ndarray,
    cohort: np.ndarray,
    spell_start: np.ndarray,
    spell_end: np.ndarray,
    n: int,
) -> Chain:
    """One attempt of :func:`plant_chain` on ``seats`` (a ValueError asks for another)."""
    work, on, extra = _chain_clients(rng, seats, status, cohort, spell_start, spell_end, n)
    paid = contracts[
        (contracts["bucket"] > 0)
        & ~contracts["cost_free"]
        & (contracts["bucket"] < contracts["bucket"].max())
    ]
    paid = paid.assign(non_exit=paid["participants"] - paid["exits"])
    ws = paid[
        (paid["exits"] >= CHAIN_WORK + _SPARE_SEATS)
        & (paid["non_exit"] >= CHAIN_BACK_ON_BENEFIT + FOURSTAR_EXTRA + _SPARE_SEATS)
    ]
    workstar = ws["contract_id"].iloc[int(rng.integers(0, min(len(ws), 5)))]
    frame, providers = _chain_frame(rng, work, on)
    provider_contract = _provider_contracts(rng, paid, frame, providers, workstar)
    _move_chain_seats(rng, seats, frame, extra, provider_contract, workstar)
    return Chain(workstar, provider_contract, frame, np.array(extra))


def _chain_candidates(
    seats: Seats,
    status: np.ndarray,
    cohort: np.ndarray,
    spell_start: np.ndarray,
    spell_end: np.ndarray,
    n: int,
) -> tuple[list[int], list[int], list[int]]:
    """Clients on two contracts who can be the chain's exits to work, its clients back on
    benefit, and the extra FourstaR clients."""
    per_client = pd.Series(seats.contract).groupby(seats.client).size()
    two = set(per_client[per_client == 2].index)
    eligible_work = [
        c
        for c in np.flatnonzero(status == "work")
        if c in two
        and np.datetime64("2004-10-01") <= spell_end[c] <= np.datetime64("2006-02-28")
        and all(seats.exit[seats.client == c])
    ]
    eligible_on = [
        c
        for c in np.flatnonzero((status == "on_benefit") & (cohort >= 2))
        if c in two and spell_start[c] >= np.datetime64("2005-06-01")
    ]
    eligible_extra = [
        c for c in two if c < n and status[c] == "on_benefit" and c not in eligible_on
    ]
    return eligible_work, eligible_on, eligible_extra


def _chain_clients(
    rng: np.random.Generator,
    seats: Seats,
    status: np.ndarray,
    cohort: np.ndarray,
    spell_start: np.ndarray,
    spell_end: np.ndarray,
    n: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chain's exits to work (the lawful and the early premium first), its clients back on
    benefit, and the extra FourstaR clients."""
    eligible_work, eligible_on, eligible_extra = _chain_candidates(
        seats, status, cohort, spell_start, spell_end, n
    )
    # two of the clients who left for work have a role in §5.4.3: one (the illustration of
    # §5.4.2) found regular work and WorkstaR's premium for it was lawful; for another WorkstaR
    # was paid about four months early. Their WorkstaR job must end early enough for the
    # premium to be paid before the ledger date, the early one late enough that the regular
    # job is still shorter than six months on that date.
    ends = np.array([spell_end[c] for c in eligible_work])
    lawful_pool = np.array(eligible_work)[ends <= np.datetime64("2005-10-15")]
    early_pool = np.array(eligible_work)[
        (ends >= np.datetime64("2005-07-10")) & (ends <= np.datetime64("2005-10-30"))
    ]
    lawful = rng.choice(lawful_pool)
    early = rng.choice(early_pool[early_pool != lawful])
    rest = np.array(
        [c for c in rng.permutation(np.array(eligible_work)) if c not in (lawful, early)]
    )
    work = np.concatenate([[lawful, early], rest[: CHAIN_WORK - 2]])
    on = rng.permutation(np.array(eligible_on))[:CHAIN_BACK_ON_BENEFIT]
    extra = rng.permutation(np.array(eligible_extra))[:FOURSTAR_EXTRA]
    if len(work) < CHAIN_WORK or len(on) < CHAIN_BACK_ON_BENEFIT or len(extra) < FOURSTAR_EXTRA:
        raise ValueError("not enough clients on two contracts for the planted WorkstaR case")
    return work, on, extra


def _chain_frame(
    rng: np.random.Generator, work: np.ndarray, on: np.ndarray
) -> tuple[pd.DataFrame, list[str]]:
    """The 29 chain clients: status, situation in November 2006, role in §5.4.3 and referring
    provider. Also returns the providers of all but the first client, in drawn order."""
    outcome = ["regular_work", "working_short"] + list(
        rng.permutation(
            ["working_short"] * (CHAIN_WORKING - 1)
            + ["unemployment_benefit"] * CHAIN_UNEMPLOYMENT_BENEFIT
            + ["elsewhere"] * CHAIN_ELSEWHERE
        )
    )
    frame = pd.DataFrame(
        {
            "client": np.concatenate([work, on]),
            "status": ["work"] * CHAIN_WORK + ["on_benefit"] * CHAIN_BACK_ON_BENEFIT,
            "outcome": outcome + ["back_on_benefit"] * CHAIN_BACK_ON_BENEFIT,
            "role": ["lawful_premium", "early_premium"] + [""] * (CHAIN_CLIENTS - 2),
        }
    )
    # providers at random, but the illustrative client is one of FourstaR's (§5.4.2)
    providers = list(
        rng.permutation(np.repeat(list(CHAIN_PROVIDERS), list(CHAIN_PROVIDERS.values())))
    )
    providers.remove(FOURSTAR)
    frame["provider"] = [FOURSTAR] + providers
    return frame, providers


def _provider_contracts(
    rng: np.random.Generator,
    paid: pd.DataFrame,
    frame: pd.DataFrame,
    providers: list[str],
    workstar: str,
) -> dict[str, str]:
    """Per referring provider a contract with room for its chain clients (and, for FourstaR,
    the extra ones) and seats to spare."""
    used = {workstar}
    provider_contract = {}
    # one draw per entry of ``providers``, so a provider listed twice draws twice and keeps the
    # last: the number of draws is part of what a seed produces
    for provider in providers:
        need = frame[frame["provider"] == provider]
        exits_needed = int((need["status"] == "work").sum())
        others_needed = int((need["status"] != "work").sum()) + (
            FOURSTAR_EXTRA if provider == FOURSTAR else 0
        )
        options = paid[
            ~paid["contract_id"].isin(used)
            & (paid["exits"] >= exits_needed + _SPARE_SEATS)
            & (paid["non_exit"] >= others_needed + _SPARE_SEATS)
        ]
        contract = options["contract_id"].iloc[int(rng.integers(0, len(options)))]
        provider_contract[provider] = contract
        used.add(contract)
    return provider_contract


def _move_chain_seats(
    rng: np.random.Generator,
    seats: Seats,
    frame: pd.DataFrame,
    extra: np.ndarray,
    provider_contract: dict[str, str],
    workstar: str,
) -> None:
    """Swap the chain clients' two seats onto their provider's contract and WorkstaR's."""
    protected: set[int] = set()
    moves = [(row["client"], provider_contract[row["provider"]]) for _, row in frame.iterrows()]
    moves += [(client, provider_contract[FOURSTAR]) for client in extra]
    for client, contract in moves:
        slots = np.flatnonzero(seats.client == client)
        _swap_into(rng, seats, int(slots[0]), contract, protected)
        protected.add(int(slots[0]))
        _swap_into(rng, seats, int(slots[1]), workstar, protected)
        protected.add(int(slots[1]))


def name_chain_contracts(contracts: pd.DataFrame, chain: Chain) -> pd.DataFrame:
    """The chain's contracts carry the providers' names (they are printed in the report)."""
    out = contracts.copy()
    ids = out["contract_id"]
    out.loc[ids == chain.workstar_contract, ["provider", "name", "category", "rung", "system"]] = [
        WORKSTAR,
        "Werkervaring met arbeidsovereenkomst",
        "4. Begeleiding naar werk",
        4,
        "M2000",
    ]
    for provider, contract in chain.provider_contract.items():
        out.loc[ids == contract, "provider"] = provider
    out.loc[ids == chain.workstar_contract, "premium_eur"] = WORKSTAR_PREMIUM_EUR
    return out


# ---------------------------------------------------------------------------------------------
# employment after exit, payments, secondments, wage subsidies

LEDGER_DATE = np.datetime64("2006-11-03")
"""The audit received the last files on 3 November 2006 (bijlage 3): later payments are unseen."""


def _dates(rng, low, high):
    low, high = np.asarray(low, "datetime64[D]"), np.asarray(high, "datetime64[D]")
    span = (high - low).astype(int)
    return low + (rng.random(len(low)) * (np.maximum(span, 0) + 1)).astype(int) * DAY


def employment_after_exit(
    rng: np.random.Generator, people: pd.DataFrame, chain: Chain, end: np.datetime64
) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, np.datetime64]]:
    """Jobs and unemployment benefits after leaving benefit for work; the chain's WorkstaR jobs.

    Returns the two tables and, per client of a lawful exit, the start of a job that lasted at
    least six months (only those earn an outflow premium).
    """
    work = people[(people["status"] == "work") & ~people.index.isin(chain.clients["client"])]
    k = len(work)
    long = rng.random(k) < 0.8
    start = work["spell_end"].to_numpy().astype("datetime64[D]") + rng.integers(0, 10, k) * DAY
    length = np.where(long, rng.integers(200, 900, k), rng.integers(40, 170, k))
    job_end = start + length * DAY
    job_end = np.where(job_end > LEDGER_DATE, np.datetime64("NaT"), job_end)
    jobs = pd.DataFrame(
        {
            "client": work.index,
            "employer_id": [f"Werkgever {i % 900 + 1:03d}" for i in rng.integers(0, 10**6, k)],
            "employer_type": "regular",
            "start_date": start,
            "end_date": job_end,
            "hours_per_week": np.nan,
            "subsidised": False,
        }
    )
    short_end = np.flatnonzero(~long & ~np.isnat(job_end))
    ww = pd.DataFrame(
        {
            "client": work.index[short_end],
            "start_date": job_end[short_end] + DAY,
            "end_date": job_end[short_end] + rng.integers(60, 240, len(short_end)) * DAY,
        }
    )
    sustained = {int(c): s for c, s, lg in zip(work.index, start, long, strict=True) if lg}

    chain_jobs, chain_ww = [], []
    for _, row in chain.clients.iterrows():
        c = int(row["client"])
        ws = people.at[c, "workstar_start"]
        we = ws + WORKSTAR_JOB_DAYS * DAY
        chain_jobs.append((c, WORKSTAR, ws, we, True))
        if row["outcome"] == "regular_work":
            chain_jobs.append((c, "Werkgever 901", we + 3 * DAY, np.datetime64("NaT"), False))
        elif row["outcome"] == "working_short":
            if row["early_premium"]:
                chain_ww.append((c, we + DAY, we + 121 * DAY))
                chain_jobs.append((c, "Werkgever 902", we + 122 * DAY, np.datetime64("NaT"), False))
            else:  # a job that started less than six months before the ledger date
                begin = max(we + 10 * DAY, LEDGER_DATE - int(rng.integers(30, 150)) * DAY)
                chain_jobs.append((c, "Werkgever 903", begin, np.datetime64("NaT"), False))
        elif row["outcome"] == "unemployment_benefit":
            chain_ww.append((c, we + DAY, np.datetime64("NaT")))
    chain_frame = pd.DataFrame(
        chain_jobs, columns=["client", "employer_id", "start_date", "end_date", "subsidised"]
    ).assign(employer_type="regular", hours_per_week=np.nan)
    jobs = pd.concat([jobs, chain_frame[jobs.columns]], ignore_index=True)
    ww = pd.concat([ww, pd.DataFrame(chain_ww, columns=ww.columns)], ignore_index=True)
    return jobs, ww, sustained


@dataclass(frozen=True)
class CostTargets:
    """Sums the cost lines must add up to (euros), from chapter 5 (see
    :mod:`analysis.synthetic.generate`)."""

    cells: dict[tuple[int, str], float]  # (cohort, status) of clients with benefit
    without_benefit: float
    buckets: dict[int, float]
    systems: dict[str, float]
    wage_subsidy_years: dict[str, float]  # "2004-2005", "2006"
    secondments: float
    revenue: float
    zero_bucket_no_benefit: float
    zero_bucket_on_benefit: float
    low_bucket_pre2004: float


def _lines_for_contract_pairs(rng, activities: pd.DataFrame, cinfo: pd.DataFrame) -> pd.DataFrame:
    on = activities[activities["pair"]]
    price = cinfo["price_eur"]
    base = price.loc[on["contract_id"]].to_numpy() * rng.lognormal(0, 0.35, len(on))
    return pd.DataFrame(
        {
            "client": on["client"].to_numpy(),
            "contract_id": on["contract_id"].to_numpy(),
            "activity_id": on["activity_id"].to_numpy(),
            "kind": "fee",
            "amount": base,
            "fixed": False,
            "date": on["end_date"].to_numpy().astype("datetime64[D]")
            + rng.integers(10, 60, len(on)) * DAY,
            "line": "contract",
        }
    )


def build_money(
    rng: np.random.Generator,
    people: pd.DataFrame,
    activities: pd.DataFrame,
    contracts: pd.DataFrame,
    chain: Chain,
    sustained: dict[int, np.datetime64],
    targets: CostTargets,
    period_start: np.datetime64,
    period_end: np.datetime64,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Payments, secondments and wage subsidies whose sums land on the chapter-5 targets."""
    cinfo = contracts.set_index("contract_id")
    lines = _fee_lines(rng, activities, cinfo, chain)
    pair_act = activities[activities["pair"]].set_index(["client", "contract_id"])["activity_id"]
    fixed = _lawful_premiums(rng, activities, cinfo, chain, sustained)
    fixed += _chain_payments(rng, people, chain, pair_act)
    fixed += _double_payments(activities, chain, pair_act)
    fixed_lines = pd.DataFrame(
        fixed, columns=["client", "contract_id", "activity_id", "kind", "amount", "date"]
    )
    fixed_lines = fixed_lines.assign(fixed=True, line="contract")
    lines = pd.concat([lines, fixed_lines], ignore_index=True)

    outside = activities[~activities["pair"] & activities["qualifying"]]
    lks_lines = _wage_subsidy_lines(rng, outside, period_end)
    sec_lines = _secondment_lines(rng, outside)
    lines = pd.concat([lines, lks_lines, sec_lines], ignore_index=True)
    lines["amount"] = lines["amount"].astype(float)
    lines = _calibrate(lines, people, cinfo, targets)
    return _tables(rng, lines, people, cinfo, activities, targets, period_end)


_FixedLine = tuple[int, str, str, str, float, np.datetime64]
"""client, contract, activity, kind, amount, date of a payment the raking leaves alone."""


def _fee_lines(rng, activities: pd.DataFrame, cinfo: pd.DataFrame, chain: Chain) -> pd.DataFrame:
    """A fee per client–contract pair (the cost-free contract's at zero), to be raked."""
    lines = _lines_for_contract_pairs(rng, activities, cinfo)
    # WorkstaR is paid for the planted clients by the fixed lines below, not by a fee
    planted = set(chain.clients["client"]) | set(chain.fourstar_extra)
    lines = lines[
        ~((lines["contract_id"] == chain.workstar_contract) & lines["client"].isin(planted))
    ]
    lines = lines.reset_index(drop=True)
    free = cinfo.loc[lines["contract_id"], "cost_free"].to_numpy()
    lines.loc[free, "amount"] = 0.0
    lines.loc[free, "fixed"] = True
    return lines


def _lawful_premiums(
    rng,
    activities: pd.DataFrame,
    cinfo: pd.DataFrame,
    chain: Chain,
    sustained: dict[int, np.datetime64],
) -> list[_FixedLine]:
    """Lawful outflow premiums: six months of regular work on a contract with a premium, paid
    when the ledger date had been reached."""
    chain_clients = set(chain.clients["client"])
    fixed = []
    exits = activities[activities["pair"] & activities["exit"]]
    for client, contract, activity in zip(
        exits["client"], exits["contract_id"], exits["activity_id"], strict=True
    ):
        if (
            client in chain_clients
            or cinfo.at[contract, "premium_eur"] <= 0
            or client not in sustained
        ):
            continue
        date = sustained[client] + (183 + int(rng.integers(5, 60))) * DAY
        if date <= LEDGER_DATE:
            premium = cinfo.at[contract, "premium_eur"]
            fixed.append((client, contract, activity, "outflow_premium", premium, date))
    return fixed


def _chain_payments(
    rng, people: pd.DataFrame, chain: Chain, pair_act: pd.Series
) -> list[_FixedLine]:
    """The WorkstaR chain (Figuur 5.1): premiums to the six providers, WorkstaR's invoice for
    guidance and wages, and WorkstaR's own premium (once lawful, once about four months early)."""
    fixed = []
    premiums = _chain_premiums(rng, chain)
    ws = chain.workstar_contract
    for _, row in chain.clients.iterrows():
        c = int(row["client"])
        start = people.at[c, "workstar_start"]
        contract = chain.provider_contract[row["provider"]]
        paid_on = start + (WORKSTAR_JOB_DAYS + int(rng.integers(20, 40))) * DAY
        fixed.append(
            (c, contract, pair_act[(c, contract)], "outflow_premium", premiums[c], paid_on)
        )
        # one invoice line for guidance and wages during the WorkstaR job
        amount, date = WORKSTAR_GUIDANCE_AND_WAGES_EUR, start + 190 * DAY
        fixed.append((c, ws, pair_act[(c, ws)], "wage_contribution", amount, date))
    for _, row in chain.clients[chain.clients["workstar_premium"]].iterrows():
        c = int(row["client"])
        we = people.at[c, "workstar_start"] + WORKSTAR_JOB_DAYS * DAY
        date = we + (200 if not row["early_premium"] else 185) * DAY
        fixed.append((c, ws, pair_act[(c, ws)], "outflow_premium", WORKSTAR_PREMIUM_EUR, date))
    return fixed


def _double_payments(
    activities: pd.DataFrame, chain: Chain, pair_act: pd.Series
) -> list[_FixedLine]:
    """FourstaR's qualification premium and WorkstaR's internship fee for the same internship
    (§5.4.1)."""
    fixed = []
    ws = chain.workstar_contract
    fourstar = chain.provider_contract[FOURSTAR]
    double = list(chain.clients.loc[chain.clients["provider"] == FOURSTAR, "client"]) + list(
        chain.fourstar_extra
    )
    acts = activities[activities["pair"]].set_index(["client", "contract_id"])
    for c in double:
        fs_end = np.datetime64(acts.at[(c, fourstar), "end_date"], "D")
        ws_end = np.datetime64(acts.at[(c, ws), "end_date"], "D")
        fixed.append(
            (
                c,
                fourstar,
                pair_act[(c, fourstar)],
                "qualification_premium",
                QUALIFICATION_PREMIUM_EUR,
                fs_end + 30 * DAY,
            )
        )
        fixed.append(
            (
                c,
                ws,
                pair_act[(c, ws)],
                "internship_fee",
                INTERNSHIP_FEE_EUR,
                ws_end + 20 * DAY,
            )
        )
    return fixed


def _wage_subsidy_lines(rng, outside: pd.DataFrame, period_end: np.datetime64) -> pd.DataFrame:
    """One to three wage-subsidy payments per wage-subsidy activity, to be raked."""
    lks = outside[outside["kind"] == "loonkostensubsidie"]
    k = rng.integers(1, 4, len(lks))
    idx = np.repeat(np.arange(len(lks)), k)
    lks_dates = (
        lks["start_date"].to_numpy().astype("datetime64[D]")[idx]
        + rng.integers(20, 400, len(idx)) * DAY
    )
    lks_dates = np.minimum(lks_dates, period_end)
    return pd.DataFrame(
        {
            "client": lks["client"].to_numpy()[idx],
            "contract_id": None,
            "activity_id": lks["activity_id"].to_numpy()[idx],
            "kind": "wage_subsidy",
            "amount": rng.uniform(300, 1500, len(idx)),
            "fixed": False,
            "date": lks_dates,
            "line": "lks",
        }
    )


def _secondment_lines(rng, outside: pd.DataFrame) -> pd.DataFrame:
    """The wage cost of each secondment and internship outside contracts, to be raked."""
    sec = outside[outside["kind"].isin(["detachering", "stage"])]
    months = np.maximum((sec["end_date"] - sec["start_date"]).dt.days.to_numpy() / 30.4, 1)
    return pd.DataFrame(
        {
            "client": sec["client"].to_numpy(),
            "contract_id": None,
            "activity_id": sec["activity_id"].to_numpy(),
            "kind": sec["kind"].to_numpy(),
            "amount": months * rng.uniform(1600, 2300, len(sec)),
            "fixed": False,
            "date": sec["start_date"].to_numpy().astype("datetime64[D]"),
            "line": "secondment",
        }
    )


def _chain_premiums(rng, chain: Chain) -> dict[int, float]:
    """Outflow premiums to the six providers: € 77.846 in all (Figuur 5.1), € 1.200 for the
    FourstaR client of the illustration in §5.4.2."""
    frame = chain.clients
    illustrative = frame.index[
        (frame["provider"] == FOURSTAR) & (frame["outcome"] == "regular_work")
    ][0]
    others = [i for i in frame.index if i != illustrative]
    weights = rng.uniform(0.8, 1.2, len(others))
    amounts = allocate(CHAIN_PREMIUMS_EUR - CASE_PLACEMENT_PREMIUM_EUR, weights)
    out = {int(frame.at[illustrative, "client"]): float(CASE_PLACEMENT_PREMIUM_EUR)}
    out.update({int(frame.at[i, "client"]): float(a) for i, a in zip(others, amounts, strict=True)})
    return out


def _calibrate(
    lines: pd.DataFrame, people: pd.DataFrame, cinfo: pd.DataFrame, t: CostTargets
) -> pd.DataFrame:
    """Rake the free amounts so that every chapter-5 sum holds; fixed lines count as given."""
    client = lines["client"].to_numpy()
    has_benefit = people["has_benefit"].to_numpy()[client]
    cohort = people["cohort"].to_numpy()[client]
    status = people["status"].to_numpy()[client]
    is_contract = (lines["line"] == "contract").to_numpy()
    contract = lines["contract_id"].where(lines["line"] == "contract")
    bucket = np.where(is_contract, cinfo["bucket"].reindex(contract).to_numpy(), -9)
    system = np.where(is_contract, cinfo["system"].reindex(contract).to_numpy(), "")
    pre2004 = np.where(
        is_contract,
        cinfo["start_date"].reindex(contract).to_numpy() < np.datetime64("2004-01-01"),
        False,
    )
    year = pd.to_datetime(lines["date"]).dt.year.to_numpy()
    free = ~lines["fixed"].to_numpy()
    amount = lines["amount"].to_numpy()

    masks: dict[str, tuple[np.ndarray, float]] = {}

    def add(name: str, mask: np.ndarray, target: float) -> None:
        masks[name] = (mask & free, target - amount[mask & ~free].sum())

    for (c, s), total in t.cells.items():
        add(f"cell {c} {s}", has_benefit & (cohort == c) & (status == s), total)
    add("without benefit", ~has_benefit, t.without_benefit)
    for b, total in t.buckets.items():
        add(f"bucket {b}", is_contract & (bucket == b), total)
    for s, total in t.systems.items():
        add(f"system {s}", is_contract & (system == s), total)
    lks = (lines["line"] == "lks").to_numpy()
    add("wage subsidies 2004-2005", lks & (year <= 2005), t.wage_subsidy_years["2004-2005"])
    add("wage subsidies 2006", lks & (year == 2006), t.wage_subsidy_years["2006"])
    add("secondments", (lines["line"] == "secondment").to_numpy(), t.secondments)
    add(
        "zero bucket without benefit",
        is_contract & (bucket == 0) & ~has_benefit,
        t.zero_bucket_no_benefit,
    )
    add(
        "zero bucket on benefit",
        is_contract & (bucket == 0) & (status == "on_benefit"),
        t.zero_bucket_on_benefit,
    )
    add("low bucket before 2004", is_contract & (bucket == 1) & pre2004, t.low_bucket_pre2004)
    raked = rake(amount * free, masks) + amount * ~free
    out = lines.assign(amount=np.round(raked, 2))
    # the zero-outflow contracts' cost is printed to the euro (§5.3.2): absorb the cents there
    zero = np.flatnonzero(
        is_contract & (bucket == 0) & free & has_benefit & (status != "on_benefit")
    )
    gap = round(t.buckets[0] - out.loc[is_contract & (bucket == 0), "amount"].sum(), 2)
    out.loc[zero[np.argmax(out.loc[zero, "amount"].to_numpy())], "amount"] += gap
    return out


def _tables(
    rng,
    lines: pd.DataFrame,
    people: pd.DataFrame,
    cinfo: pd.DataFrame,
    activities: pd.DataFrame,
    t: CostTargets,
    period_end: np.datetime64,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The calibrated lines as the payments, secondments and wage-subsidy tables."""
    bsn = people["bsn"]
    contract_lines = lines[lines["line"] == "contract"]
    payments = pd.DataFrame(
        {
            "bsn": bsn.loc[contract_lines["client"]].to_numpy(),
            "contract_id": contract_lines["contract_id"].to_numpy(),
            "activity_id": contract_lines["activity_id"].to_numpy(),
            "provider": cinfo.loc[contract_lines["contract_id"], "provider"].to_numpy(),
            "kind": contract_lines["kind"].to_numpy(),
            "amount_eur": contract_lines["amount"].to_numpy(),
            "payment_date": contract_lines["date"].to_numpy(),
        }
    )
    secondments = _secondment_rows(rng, lines[lines["line"] == "secondment"], bsn, activities, t)
    subsidies = _subsidy_rows(rng, lines[lines["line"] == "lks"], bsn, period_end)
    return payments, secondments, subsidies


def _secondment_rows(
    rng, sec: pd.DataFrame, bsn: pd.Series, activities: pd.DataFrame, t: CostTargets
) -> pd.DataFrame:
    """Secondments with their wage cost and the revenue from the hirer (§5.3's total)."""
    revenue = sec["amount"].to_numpy() * rng.uniform(0.55, 0.8, len(sec))
    revenue = np.round(revenue * t.revenue / revenue.sum(), 2)
    act = activities.set_index("activity_id")
    return pd.DataFrame(
        {
            "activity_id": sec["activity_id"].to_numpy(),
            "bsn": bsn.loc[sec["client"]].to_numpy(),
            "start_date": act.loc[sec["activity_id"], "start_date"].to_numpy(),
            "end_date": act.loc[sec["activity_id"], "end_date"].to_numpy(),
            "wage_cost_eur": sec["amount"].to_numpy(),
            "revenue_eur": revenue,
        }
    )


def _subsidy_rows(
    rng, lks: pd.DataFrame, bsn: pd.Series, period_end: np.datetime64
) -> pd.DataFrame:
    """Wage-subsidy payments, and a few after the period end that the intake leaves out
    (bijlage 3)."""
    late_idx = rng.permutation(len(lks))[: max(1, len(lks) // 20)]
    late = lks.iloc[late_idx]
    late_rows = pd.DataFrame(
        {
            "bsn": bsn.loc[late["client"]].to_numpy(),
            "activity_id": late["activity_id"].to_numpy(),
            "amount_eur": np.round(rng.uniform(300, 1500, len(late)), 2),
            "payment_date": _dates(
                rng, np.full(len(late), period_end + 1), np.full(len(late), period_end + 120)
            ),
        }
    )
    subsidies = pd.concat(
        [
            pd.DataFrame(
                {
                    "bsn": bsn.loc[lks["client"]].to_numpy(),
                    "activity_id": lks["activity_id"].to_numpy(),
                    "amount_eur": lks["amount"].to_numpy(),
                    "payment_date": lks["date"].to_numpy(),
                }
            ),
            late_rows,
        ],
        ignore_index=True,
    )
    subsidies["year"] = pd.to_datetime(subsidies["payment_date"]).dt.year
    subsidies.insert(0, "payment_id", [f"L{i:07d}" for i in range(1, len(subsidies) + 1)])
    return subsidies[["payment_id", "bsn", "activity_id", "year", "amount_eur", "payment_date"]]
