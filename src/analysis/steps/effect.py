"""Net effect of trajectories: dynamic matching, a duration model and the naive comparison.

None of the audits estimated what the trajectories *caused*; the 2007 audit cites SEO's study
(Tabel 4.10/4.11, about 4 percentage points). This module estimates it from the registry alone
(it reads no printed figure), for new inflow as SEO did:

* **Who.** Per person the first benefit spell (a scheme of :data:`BENEFIT_SCHEMES`) when it starts
  in the period: new inflow, followed from its first month to the period end. The characteristics
  are those the registry holds for everyone: age at inflow (5-year bands), household role
  (active/passive partner), an exemption from the duty to work at inflow, and the cohort (year of
  inflow).
* **Treatment.** The first trajectory that starts during the spell: an activity of kind ``traject``
  (all of them, from the pseudonymised ledger, also those the audit's cost selection drops: the
  effect of *starting* is estimated, and conditioning on completion would select on the outcome),
  or a provision of an instrument in :data:`TRAJECTORY_INSTRUMENTS`; its category is the
  contract's category (or the instrument).
* **Outcome.** Exit from benefit to work (end reason work) within h months of the month the
  trajectory starts (months d … d+h−1 of the spell), h in :data:`HORIZONS`; a person counts for
  horizon h only when those months lie in the period.
* **Dynamic matching** (Sianesi 2004; SEO's approach): for each month d of benefit duration, the
  persons who start in month d against those on benefit at d who have not started (yet; they may
  start later: the estimand is *now against later*). The propensity to start in month d is a logit
  on the risk set of person-months (duration, age band, household role, exemption, cohort);
  controls of the same month d are weighted by an Epanechnikov kernel on the logit of the
  propensity with bandwidth ``caliper`` × its standard deviation; a treated cell without a control
  within the bandwidth is off common support and left out (counted). The ATT is the mean over the
  treated of own outcome minus the kernel-weighted controls'. Confidence intervals: bootstrap over
  persons (Poisson weights, propensity re-estimated each replicate; percentile intervals from
  the 5th and 195th of 199 replicates).
* **Duration model**: Cox proportional hazards (statsmodels ``PHReg``, counting-process rows
  with left truncation) of exit to work with the trajectory as a time-varying covariate from its
  start (one coefficient per category), and one of other exits; the hazard ratios, and the effect
  in percentage points implied for the treated (cumulative incidence of work in h months from the
  start, trajectory against none: *now against never*), its interval from the coefficients'
  sampling distribution (baseline hazards held at their estimate).
* **Naive**: share in work within h months of the start among the starters, against the share in
  work within h months of inflow among those who never started — the comparison the succesratio
  invites; biased by selection (the better-placed are sent) and by the never-starters' early exits.

Everything works on cells (month × characteristics) rather than person-months: the logit, the
kernel and the bootstrap sum counts, so a city's registry takes seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import sparse
from statsmodels.duration.hazard_regression import PHReg

from analysis.core.frames import is_in
from analysis.registry.model import BENEFIT_SCHEMES, WORK_END_REASONS

HORIZONS = (6, 12, 24)
"""Months after the start within which an exit to work counts (SEO: 24)."""
MAX_DURATION = 36
"""Months of benefit duration at which a start is studied (later starts are few)."""
AGE_CENTRE = 40.0
AGE_EDGES = (0, 23, 28, 33, 38, 43, 48, 53, 58, 200)
"""Five-year age bands. Within a band the starters are a little younger than the controls (the
better-placed are sent more often): on the synthetic registry this leaves about +0.3 to +0.8
percentage point of bias (eight seeds); two-year bands multiply the cell pairs by six."""
TRAJECTORY_INSTRUMENTS = (
    "trajectory",
    "training",
    "werkervaringsplaats",
    "jobcoach",
    "proefplaatsing",
)
"""Provisions (Participatiewet era) that count as a trajectory."""
CALIPERS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
"""Bandwidths (in standard deviations of the logit of the propensity) of the sensitivity table."""
CALIPER = 0.01
BOOTSTRAP = 199
COVARIATES = {
    "duration": "Duur in de uitkering (maanden)",
    "age": "Leeftijd bij instroom (jaren, middelpunt klasse)",
    "passive": "Passieve partner (aandeel)",
    "exempt": "Ontheffing bij instroom (aandeel)",
    "cohort": "Jaar van instroom",
}


def _month(dates: pd.Series) -> np.ndarray:
    return (dates.dt.year * 12 + dates.dt.month - 1).to_numpy(dtype=float)


def trajectory_starts(
    activities: pd.DataFrame,
    contracts: pd.DataFrame,
    payments: pd.DataFrame | None = None,
    provisions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every trajectory start: ``client_key, start_date, category, contract_id, cost_eur``.

    Activities of kind ``traject`` with their contract's category; the cost is what was paid for
    the activity (``payments`` by ``activity_id``), else the contract's price. Without activities,
    provisions of :data:`TRAJECTORY_INSTRUMENTS` (category = instrument, cost = ``cost_eur``)."""
    acts = activities[activities["kind"] == "traject"] if len(activities) else activities
    if len(acts):
        info = contracts.set_index("contract_id")
        out = pd.DataFrame(
            {
                "client_key": acts["client_key"].to_numpy(),
                "start_date": pd.to_datetime(acts["start_date"]).to_numpy(),
                "contract_id": acts["contract_id"].to_numpy(),
                "category": acts["contract_id"]
                .map(info["category"])
                .fillna("zonder contract")
                .to_numpy(),
            }
        )
        price = acts["contract_id"].map(info["price_eur"]).astype(float).to_numpy()
        if payments is not None and len(payments) and "activity_id" in payments:
            paid = payments.groupby("activity_id")["amount_eur"].sum()
            price = acts["activity_id"].map(paid).fillna(0.0).astype(float).to_numpy()
        out["cost_eur"] = price
        return out
    if provisions is None or not len(provisions):
        return pd.DataFrame(
            columns=["client_key", "start_date", "contract_id", "category", "cost_eur"]
        )
    prov = provisions[provisions["instrument"].isin(TRAJECTORY_INSTRUMENTS)]
    return pd.DataFrame(
        {
            "client_key": prov["client_key"].to_numpy(),
            "start_date": pd.to_datetime(prov["start_date"]).to_numpy(),
            "contract_id": prov.get("provider", pd.Series(pd.NA, index=prov.index)).to_numpy(),
            "category": prov["instrument"].to_numpy(),
            "cost_eur": prov["cost_eur"].astype(float).to_numpy(),
        }
    )


def inflow(
    spells: pd.DataFrame,
    clients: pd.DataFrame,
    exemptions: pd.DataFrame,
    starts: pd.DataFrame,
    period_start: pd.Timestamp,
    period_end: pd.Timestamp,
) -> pd.DataFrame:
    """One row per person of the new inflow (see the module text): ``client_key, cohort,
    age_band, age, passive, exempt, follow`` (months observed), ``exit`` (month of duration of
    the spell end in the period, NaN: still on benefit), ``to_work``, ``start`` (month of
    duration of the first trajectory start, NaN: none), ``category``, ``cost_eur``."""
    benefit = spells[spells["scheme"].isin(BENEFIT_SCHEMES)] if "scheme" in spells else spells
    first = benefit.sort_values(["client_key", "spell_start"], kind="stable").drop_duplicates(
        "client_key"
    )
    first = first[(first["spell_start"] >= period_start) & (first["spell_start"] <= period_end)]
    s = _month(first["spell_start"])
    end_month = float(period_end.year * 12 + period_end.month - 1)
    ended = first["spell_end"].notna() & (first["spell_end"] <= period_end)
    exit_ = np.where(ended, _month(first["spell_end"].where(ended, period_end)) - s, np.nan)
    birth = clients.drop_duplicates("client_key").set_index("client_key")["birth_year"]
    role = clients.drop_duplicates("client_key").set_index("client_key")["household_role"]
    out = pd.DataFrame(
        {
            "client_key": first["client_key"].to_numpy(),
            "cohort": first["spell_start"].dt.year.to_numpy(),
            "follow": end_month - s + 1,
            "exit": exit_,
            "to_work": (ended & first["end_reason"].isin(WORK_END_REASONS)).to_numpy(),
        }
    )
    out["age"] = out["cohort"] - out["client_key"].map(birth).astype(float).to_numpy()
    band = pd.cut(out["age"], AGE_EDGES, right=False, labels=False)
    out["age_band"] = band.fillna(0).astype(int)
    out["passive"] = out["client_key"].map(role).eq("passive").to_numpy()
    spell_start = first.set_index("client_key")["spell_start"]
    ex = exemptions.assign(at=exemptions["client_key"].map(spell_start)).dropna(subset=["at"])
    on = (ex["start_date"] <= ex["at"]) & (ex["end_date"].isna() | (ex["end_date"] >= ex["at"]))
    out["exempt"] = is_in(out["client_key"], ex.loc[on, "client_key"])
    out["spell_start"] = first["spell_start"].to_numpy()
    spell_end = first["spell_end"].where(ended, period_end).to_numpy()
    st = starts.merge(out[["client_key", "spell_start"]], on="client_key")
    st = st[(st["start_date"] >= st["spell_start"])]
    st = st[
        st["start_date"]
        <= st["client_key"].map(dict(zip(out["client_key"], spell_end, strict=True)))
    ]
    st = st.sort_values(["client_key", "start_date"], kind="stable").drop_duplicates("client_key")
    st = st.set_index("client_key")
    rel = _month(st["start_date"]) - _month(st["spell_start"])
    out["start"] = out["client_key"].map(pd.Series(rel, index=st.index)).astype(float)
    out["category"] = out["client_key"].map(st["category"])
    out["contract_id"] = out["client_key"].map(st["contract_id"])
    out["cost_eur"] = out["client_key"].map(st["cost_eur"]).astype(float)
    # the order of the persons fixes which of them a bootstrap replicate draws: sorted on what
    # the estimators read (not on the pseudonym), the same extract gives the same intervals
    # whatever the key; persons alike in all of it are interchangeable
    order = ["spell_start", "follow", "exit", "to_work", "start", "category", "contract_id"]
    order += ["cost_eur", "age", "passive", "exempt", "cohort"]
    out = out.sort_values(order, kind="stable", na_position="last").reset_index(drop=True)
    return out.drop(columns="spell_start")


# --- cells --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """The person-months of the risk sets, as arrays (one row: person at duration d)."""

    person: np.ndarray
    d: np.ndarray
    cell: np.ndarray
    age: np.ndarray  # exact age at inflow per row
    treated: np.ndarray  # starts in month d
    category: np.ndarray  # index into ``categories`` for treated rows, -1 otherwise
    followed: dict[int, np.ndarray]
    work: dict[int, np.ndarray]
    cells: pd.DataFrame  # one row per cell: d, age_band, passive, exempt, cohort
    categories: tuple[str, ...]
    persons: int


def person_months(people: pd.DataFrame, horizons=HORIZONS, max_duration=MAX_DURATION) -> Rows:
    """The risk set of each month of duration: a person is in it from inflow until the month
    of the start, of the exit or the last month observed, whichever comes first."""
    follow = people["follow"].to_numpy(dtype=int)
    exit_ = people["exit"].to_numpy()
    start = people["start"].to_numpy()
    last = np.minimum.reduce(
        [
            np.where(np.isnan(start), np.inf, start),
            np.where(np.isnan(exit_), np.inf, exit_),
            follow - 1.0,
            np.full(len(people), max_duration - 1.0),
        ]
    ).astype(int)
    n_rows = np.maximum(last + 1, 0)
    person = np.repeat(np.arange(len(people)), n_rows)
    d = np.arange(n_rows.sum()) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
    treated = start[person] == d
    categories = tuple(sorted(people["category"].dropna().unique()))
    code = people["category"].map({c: i for i, c in enumerate(categories)}).fillna(-1)
    category = np.where(treated, code.to_numpy(dtype=int)[person], -1)
    to_work = people["to_work"].to_numpy()[person]
    ex = exit_[person]
    followed, work = {}, {}
    for h in horizons:
        followed[h] = d + h <= follow[person]
        work[h] = to_work & (ex >= d) & (ex <= d + h - 1)
    keys = pd.DataFrame(
        {
            "d": d,
            "age_band": people["age_band"].to_numpy()[person],
            "passive": people["passive"].to_numpy()[person].astype(int),
            "exempt": people["exempt"].to_numpy()[person].astype(int),
            "cohort": people["cohort"].to_numpy()[person],
        }
    )
    grouped = keys.groupby(list(keys.columns), sort=True)
    cell = grouped.ngroup().to_numpy()
    cells = grouped.size().reset_index()[list(keys.columns)]
    age = people["age"].to_numpy(dtype=float)[person]
    return Rows(
        person, d, cell, age, treated, category, followed, work, cells, categories, len(people)
    )


def _design(cells: pd.DataFrame) -> np.ndarray:
    d = cells["d"].to_numpy()
    blocks = [np.ones((len(cells), 1))]
    duration = np.minimum(d, 12) + np.where(d >= 18, 1, 0) + np.where(d >= 24, 1, 0)
    for frame in (duration, cells["age_band"].to_numpy(), cells["cohort"].to_numpy()):
        levels = np.unique(frame)
        blocks.append((frame[:, None] == levels[None, 1:]).astype(float))
    blocks.append(cells[["passive", "exempt"]].to_numpy(dtype=float))
    x = np.hstack(blocks)
    return x[:, np.abs(x).sum(axis=0) > 0]


@dataclass(frozen=True)
class Sums:
    """Per cell: persons at risk, starters (of the category studied), and per horizon the
    followed starters and controls and their exits to work."""

    n: np.ndarray
    treated: np.ndarray
    control: np.ndarray
    t_followed: dict[int, np.ndarray]
    t_work: dict[int, np.ndarray]
    c_followed: dict[int, np.ndarray]
    c_work: dict[int, np.ndarray]
    t_age: dict[int, np.ndarray]  # sums of the exact age (the cells hold five-year bands)
    c_age: dict[int, np.ndarray]
    c_age2: dict[int, np.ndarray]
    c_age_work: dict[int, np.ndarray]


@dataclass(frozen=True)
class Counter:
    """The cell sums of every group as one sparse matrix on the persons: a replicate's sums are
    one product with its person weights (the bootstrap's inner loop)."""

    matrix: sparse.csr_matrix
    columns: dict[tuple, int]
    cells: int

    @classmethod
    def of(cls, rows: Rows) -> Counter:
        one = np.ones(len(rows.person))
        age = rows.age - AGE_CENTRE
        control = ~rows.treated
        masks: dict[tuple, tuple[np.ndarray, np.ndarray]] = {("control",): (control, one)}
        for h, followed in rows.followed.items():
            masks[("c_followed", h)] = (control & followed, one)
            masks[("c_work", h)] = (control & followed & rows.work[h], one)
            masks[("c_age", h)] = (control & followed, age)
            masks[("c_age2", h)] = (control & followed, age**2)
            masks[("c_age_work", h)] = (control & followed & rows.work[h], age)
        groups = [None, *range(len(rows.categories))]
        for g in groups:
            is_t = rows.treated if g is None else rows.category == g
            masks[("treated", g)] = (is_t, one)
            for h, followed in rows.followed.items():
                masks[("t_followed", g, h)] = (is_t & followed, one)
                masks[("t_work", g, h)] = (is_t & followed & rows.work[h], one)
                masks[("t_age", g, h)] = (is_t & followed, age)
        columns = {key: j for j, key in enumerate(masks)}
        width = len(columns)
        r, c, v = [], [], []
        for key, (mask, value) in masks.items():
            r.append(rows.cell[mask] * width + columns[key])
            c.append(rows.person[mask])
            v.append(value[mask])
        r, c, v = np.concatenate(r), np.concatenate(c), np.concatenate(v)
        shape = (len(rows.cells) * width, rows.persons)
        matrix = sparse.csr_matrix((v, (r, c)), shape=shape)
        return cls(matrix, columns, len(rows.cells))

    @property
    def horizons(self) -> list[int]:
        return [key[1] for key in self.columns if key[0] == "c_followed"]

    def all(self, weight: np.ndarray) -> np.ndarray:
        """The sums of every column for the person weights ``weight`` (cells × columns)."""
        return (self.matrix @ weight).reshape(self.cells, len(self.columns))

    def pick(self, all_: np.ndarray, group: int | None) -> Sums:
        """The sums of ``group`` (None: every starter) out of :meth:`all`."""

        def col(*key) -> np.ndarray:
            return all_[:, self.columns[key]]

        horizons = self.horizons
        treated, control = col("treated", group), col("control")
        return Sums(
            treated + control,
            treated,
            control,
            {h: col("t_followed", group, h) for h in horizons},
            {h: col("t_work", group, h) for h in horizons},
            {h: col("c_followed", h) for h in horizons},
            {h: col("c_work", h) for h in horizons},
            {h: col("t_age", group, h) for h in horizons},
            {h: col("c_age", h) for h in horizons},
            {h: col("c_age2", h) for h in horizons},
            {h: col("c_age_work", h) for h in horizons},
        )


def propensity(x: np.ndarray, sums: Sums) -> tuple[np.ndarray, np.ndarray]:
    """Logit of starting in the month (cells: starters among starters and controls); returns the
    linear predictor per cell and the coefficients."""
    n = sums.n
    keep = n > 0
    share = np.divide(sums.treated, n, out=np.zeros_like(n), where=keep)
    model = sm.GLM(share[keep], x[keep], family=sm.families.Binomial(), var_weights=n[keep])
    fit = model.fit(maxiter=50)
    return x @ fit.params, np.asarray(fit.params)


def _newton(x: np.ndarray, sums: Sums, start: np.ndarray, steps: int = 4) -> np.ndarray:
    """The same logit on a bootstrap replicate: Newton steps from the full-sample coefficients
    (statsmodels' GLM costs 50 ms a fit in set-up alone; two steps from a close start already
    agree to 1e-6 with the converged fit)."""
    beta = start.copy()
    for _ in range(steps):
        eta = x @ beta
        p = 1 / (1 + np.exp(-eta))
        grad = x.T @ (sums.treated - sums.n * p)
        hess = (x * (sums.n * p * (1 - p))[:, None]).T @ x
        step = np.linalg.solve(hess + 1e-9 * np.eye(len(beta)), grad)
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    return x @ beta


def pairs(cells: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Every (treated cell, control cell) of the same month of duration, as index arrays: the
    pairs a kernel can weigh (fixed for all bootstrap replicates)."""
    d = cells["d"].to_numpy()
    order = np.argsort(d, kind="stable")
    left, right = [], []
    for idx in np.split(order, np.flatnonzero(np.diff(d[order])) + 1):
        left.append(np.repeat(idx, len(idx)))
        right.append(np.tile(idx, len(idx)))
    return np.concatenate(left), np.concatenate(right)


def _kernel(lp: np.ndarray, pair: tuple[np.ndarray, np.ndarray], bandwidth: float):
    """Epanechnikov weight of each pair on the logit of the propensity: the pairs within the
    bandwidth and their weights."""
    u = (lp[pair[0]] - lp[pair[1]]) / bandwidth
    near = np.abs(u) < 1
    return 0.75 * (1 - u[near] ** 2), (pair[0][near], pair[1][near])


def _smooth(k: np.ndarray, pair: tuple[np.ndarray, np.ndarray], values: np.ndarray) -> np.ndarray:
    """Per cell the kernel-weighted sum of ``values`` over the cells of its month."""
    return np.bincount(pair[0], weights=k * values[pair[1]], minlength=len(values))


def _spread(lp: np.ndarray, sums: Sums) -> float:
    w = sums.n
    mean = np.average(lp, weights=w)
    return float(np.sqrt(np.average((lp - mean) ** 2, weights=w)))


def _age_slope(sums: Sums, h: int) -> float:
    """Within-cell least-squares slope of work within h months on age, among the controls."""
    n = sums.c_followed[h]
    ok = n > 1
    a, a2, w, aw = (
        x[ok] for x in (sums.c_age[h], sums.c_age2[h], sums.c_work[h], sums.c_age_work[h])
    )
    cov = (aw - a * w / n[ok]).sum()
    var = (a2 - a**2 / n[ok]).sum()
    return float(cov / var) if var > 0 else 0.0


def _att(sums: Sums, lp: np.ndarray, pair, caliper: float) -> dict:
    """ATT per horizon with the numbers on and off common support."""
    k, pair = _kernel(lp, pair, caliper * _spread(lp, sums))
    out = {}
    for h, tf in sums.t_followed.items():
        mc = _smooth(k, pair, sums.c_followed[h])
        mw = _smooth(k, pair, sums.c_work[h])
        ma = _smooth(k, pair, sums.c_age[h])
        on = (mc > 0) & (tf > 0)
        own = sums.t_work[h][on].sum()
        # bias correction (Abadie and Imbens 2011): the cells hold five-year age bands, within
        # which the starters are younger; the controls' outcomes are moved by the within-cell
        # slope of work on age times the age gap between a starter and its matched controls
        gap = (sums.t_age[h][on] - tf[on] * ma[on] / mc[on]).sum()
        matched = (tf[on] * mw[on] / mc[on]).sum() + _age_slope(sums, h) * gap
        weight = tf[on].sum()
        off = tf[~on & (tf > 0)].sum()
        out[h] = {
            "att_pp": 100 * (own - matched) / weight if weight else np.nan,
            "treated_rate_pct": 100 * own / weight if weight else np.nan,
            "control_rate_pct": 100 * matched / weight if weight else np.nan,
            "on_support": weight,
            "off_support": off,
        }
    return out


@dataclass(frozen=True)
class Matching:
    """Dynamic-matching estimates: ``estimates`` (category, horizon, att_pp, ci_low, ci_high,
    treated/control rates, treated_n on support, off_support_n), ``balance``, ``support``
    (histogram of the logit of the propensity) and ``calipers`` (sensitivity)."""

    estimates: pd.DataFrame
    balance: pd.DataFrame
    support: pd.DataFrame
    calipers: pd.DataFrame


def matching(
    people: pd.DataFrame,
    caliper: float = CALIPER,
    bootstrap: int = BOOTSTRAP,
    seed: int = 1,
    horizons: tuple[int, ...] = HORIZONS,
    progress: Callable[[str], None] | None = None,
    per_category: bool = True,
) -> Matching:
    """Dynamic matching for all starters and per category (see the module text).

    ``per_category=False``: all starters together only. Their estimate and interval are the same
    either way (a replicate draws its person weights once for all groups); the coverage script
    uses it to afford hundreds of registries."""
    rows = person_months(people, horizons)
    x = _design(rows.cells)
    pair = pairs(rows.cells)
    counter = Counter.of(rows)
    full = counter.all(np.ones(rows.persons))
    fits = {}
    estimates, calipers = [], []
    balance = support = None
    groups = [(None, "alle"), *enumerate(rows.categories)]
    for code, name in groups if per_category else groups[:1]:
        sums = counter.pick(full, code)
        if sums.treated.sum() == 0:
            continue
        lp, params = propensity(x, sums)
        # a replicate's propensities differ little from the sample's: only pairs well within
        # reach of the bandwidth can get a weight (a fivefold margin)
        near = np.abs(lp[pair[0]] - lp[pair[1]]) < 5 * caliper * _spread(lp, sums)
        fits[code] = (name, params, (pair[0][near], pair[1][near]), _att(sums, lp, pair, caliper))
        if code is None:
            balance = _balance(rows, sums, lp, caliper)
            support = _support(sums, lp)
            for c in CALIPERS:
                for h, value in _att(sums, lp, pair, c).items():
                    calipers.append({"caliper": c, "horizon": h, **value})
    draws = _bootstrap(counter, x, fits, caliper, bootstrap, seed, rows.persons, progress)
    for code, (name, _, _, point) in fits.items():
        for h in horizons:
            sample = np.asarray(draws[code][h])
            sample = sample[np.isfinite(sample)]
            # the (B+1)·2.5%-th and (B+1)·97.5%-th of the B replicates (the 5th and 195th of 199):
            # numpy's default interpolation takes the 5.95th and 194.05th, and an interval
            # between those holds the truth in 94% of samples even when the replicates mimic
            # the sampling distribution exactly (188.1 of 200 exchangeable positions)
            low, high = (
                np.percentile(sample, [2.5, 97.5], method="weibull")
                if len(sample)
                else (np.nan, np.nan)
            )
            estimates.append(
                {"category": name, "horizon": h, **point[h], "ci_low": low, "ci_high": high}
            )
    names = {"on_support": "treated_n", "off_support": "off_support_n"}
    est = pd.DataFrame(estimates).rename(columns=names)
    return Matching(est, balance, support, pd.DataFrame(calipers).rename(columns=names))


def _bootstrap(counter, x, fits, caliper, replicates, seed, persons, progress) -> dict:
    """Per group and horizon the ATT of each replicate (persons drawn with Poisson weights;
    the cell sums of all groups in one product per replicate)."""
    rng = np.random.default_rng(seed)
    draws = {code: {h: [] for h in counter.horizons} for code in fits}
    for b in range(replicates):
        every = counter.all(rng.poisson(1.0, persons).astype(float))
        for code, (_, params, reach, _) in fits.items():
            s = counter.pick(every, code)
            try:
                lp_b = _newton(x, s, params)
            except np.linalg.LinAlgError:  # a replicate without starters in some level
                continue
            for h, value in _att(s, lp_b, reach, caliper).items():
                draws[code][h].append(value["att_pp"])
        if progress and (b + 1) % 50 == 0:
            progress(f"netto-effect: bootstrap {b + 1} van {replicates}")
    return draws


def _covariates(cells: pd.DataFrame) -> pd.DataFrame:
    edges = np.array(AGE_EDGES[1:-1], dtype=float)
    mid = np.concatenate([[edges[0] - 1], edges + 1])
    return pd.DataFrame(
        {
            "duration": cells["d"].astype(float),
            "age": mid[cells["age_band"].to_numpy()],
            "passive": cells["passive"].astype(float),
            "exempt": cells["exempt"].astype(float),
            "cohort": cells["cohort"].astype(float),
        }
    )


def _balance(rows: Rows, sums: Sums, lp: np.ndarray, caliper: float) -> pd.DataFrame:
    """Standardised differences (%) of the characteristics, starters against controls before
    matching and against the kernel-weighted controls after."""
    cov = _covariates(rows.cells)
    pair = pairs(rows.cells)
    k, pair = _kernel(lp, pair, caliper * _spread(lp, sums))
    mc = _smooth(k, pair, sums.control)
    share = np.divide(sums.treated, mc, out=np.zeros_like(mc), where=mc > 0)
    # each control cell's weight: the starters it stands in for, shared by kernel weight
    matched_w = np.bincount(pair[1], weights=k * share[pair[0]], minlength=len(mc)) * sums.control
    out = []
    for name, label in COVARIATES.items():
        v = cov[name].to_numpy()
        mt = np.average(v, weights=sums.treated)
        mc = np.average(v, weights=sums.control)
        mm = np.average(v, weights=matched_w)
        vt = np.average((v - mt) ** 2, weights=sums.treated)
        vc = np.average((v - mc) ** 2, weights=sums.control)
        sd = np.sqrt((vt + vc) / 2) or 1.0
        out.append(
            {
                "covariate": name,
                "label": label,
                "treated_mean": mt,
                "control_mean": mc,
                "matched_mean": mm,
                "std_diff_before_pct": 100 * (mt - mc) / sd,
                "std_diff_after_pct": 100 * (mt - mm) / sd,
            }
        )
    return pd.DataFrame(out)


def _support(sums: Sums, lp: np.ndarray, bins: int = 30) -> pd.DataFrame:
    """Persons at risk by the logit of their propensity to start, starters and controls."""
    edges = np.linspace(lp.min(), lp.max() + 1e-9, bins + 1)
    t, _ = np.histogram(lp, edges, weights=sums.treated)
    c, _ = np.histogram(lp, edges, weights=sums.control)
    return pd.DataFrame({"low": edges[:-1], "high": edges[1:], "treated_n": t, "control_n": c})


# --- duration model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    """Cox model: ``hazard_ratios`` (category, hazard_ratio, ci_low, ci_high, treated_n) and the
    implied ``estimates`` in percentage points (category, horizon, effect_pp, ci_low, ci_high,
    treated_n)."""

    hazard_ratios: pd.DataFrame
    estimates: pd.DataFrame


def _episodes(people: pd.DataFrame, categories: tuple[str, ...]) -> pd.DataFrame:
    """Counting-process rows: (entry, stop] before and from the start.

    Months are whole units from inflow; an exit is placed in the middle of its month (``exit`` +
    0.5) and a start at the beginning of its month. Exits of a month are then neither tied with
    a start nor counted as at risk in the month after (statsmodels counts a row as at risk at its
    entry time: an exit on a whole month would meet the starts of that month as already treated).
    """
    stop = np.where(np.isnan(people["exit"]), people["follow"], people["exit"] + 0.5)
    exited = ~np.isnan(people["exit"].to_numpy())
    start = people["start"].to_numpy()
    has = ~np.isnan(start)
    base = _baseline(people)
    first = base.assign(
        entry=0.0,
        stop=np.where(has, start, stop),
        work=~has & exited & people["to_work"].to_numpy(),
        other=~has & exited & ~people["to_work"].to_numpy(),
    )
    for c in categories:
        first[f"t_{c}"] = 0.0
    second = base[has].assign(
        entry=start[has],
        stop=stop[has],
        work=(exited & people["to_work"].to_numpy())[has],
        other=(exited & ~people["to_work"].to_numpy())[has],
    )
    for c in categories:
        second[f"t_{c}"] = (people["category"].to_numpy()[has] == c).astype(float)
    out = pd.concat([first, second], ignore_index=True)
    return out[out["stop"] > out["entry"]]


def _baseline(people: pd.DataFrame) -> pd.DataFrame:
    x = pd.DataFrame(index=people.index)
    for level in range(1, len(AGE_EDGES) - 1):
        x[f"age_{level}"] = (people["age_band"] == level).astype(float)
    x["passive"] = people["passive"].astype(float)
    x["exempt"] = people["exempt"].astype(float)
    for year in sorted(people["cohort"].unique())[1:]:
        x[f"cohort_{year}"] = (people["cohort"] == year).astype(float)
    return x.loc[:, x.abs().sum() > 0]


COX_MIN_STARTERS = 30
"""A category (or contract) with fewer starters shares one coefficient in the duration model
(:data:`POOLED`): alone it may have no exit of a kind, and its coefficient would not converge."""
POOLED = "overige (klein)"


def duration_model(
    people: pd.DataFrame,
    horizons: tuple[int, ...] = HORIZONS,
    draws: int = 400,
    seed: int = 1,
    min_starters: int = COX_MIN_STARTERS,
) -> Duration:
    """Cox model of exit to work (and of other exits) with the trajectory as a time-varying
    covariate; the effect in percentage points for the treated (see the module text)."""
    counts = people["category"].value_counts()
    small = people["category"].isin(counts[counts < min_starters].index)
    people = people.assign(category=people["category"].mask(small, POOLED))
    categories = tuple(sorted(people["category"].dropna().unique()))
    ep = _episodes(people, categories)
    covs = [c for c in ep.columns if c not in ("entry", "stop", "work", "other")]
    treat = [f"t_{c}" for c in categories]
    work, other = (_cox(ep, covs, event) for event in ("work", "other"))
    hr = []
    t_idx = [covs.index(t) for t in treat]
    ci = work.conf_int()
    for c, i in zip(categories, t_idx, strict=True):
        if np.isnan(ci[i, 0]):
            continue
        hr.append(
            {
                "category": c,
                "hazard_ratio": float(np.exp(work.params[i])),
                "ci_low": float(np.exp(ci[i, 0])),
                "ci_high": float(np.exp(ci[i, 1])),
                "treated_n": int((people["category"] == c).sum()),
            }
        )
    base_work, base_other = work.baseline, other.baseline
    rng = np.random.default_rng(seed)
    sampled = rng.multivariate_normal(work.params, work.cov, size=draws)
    estimates = []
    for h in horizons:
        sel = people[
            people["start"].notna()
            & (people["start"] < MAX_DURATION)
            & (people["start"] + h <= people["follow"])
        ]
        if sel.empty:
            continue
        x = _baseline(people).loc[sel.index, [c for c in covs if c not in treat]].to_numpy()
        z = np.stack([(sel["category"] == c).to_numpy(float) for c in categories], axis=1)
        t0 = sel["start"].to_numpy(dtype=int)

        grid = (t0[:, None] + np.arange(h + 1)[None, :]).astype(float)
        dw, do = np.diff(base_work(grid), axis=1), np.diff(base_other(grid), axis=1)

        def effect(params: np.ndarray, x=x, z=z, dw=dw, do=do) -> np.ndarray:
            return _cif_gap(params, other.params, x, z, dw, do)

        point = effect(work.params)
        per_draw = np.stack([effect(p) for p in sampled])
        for name, mask in [("alle", np.ones(len(sel), bool))] + [
            (c, (sel["category"] == c).to_numpy()) for c in categories
        ]:
            if not mask.any():
                continue
            values = 100 * per_draw[:, mask].mean(axis=1)
            low, high = np.percentile(values, [2.5, 97.5])
            estimates.append(
                {
                    "category": name,
                    "horizon": h,
                    "effect_pp": 100 * point[mask].mean(),
                    "ci_low": low,
                    "ci_high": high,
                    "treated_n": int(mask.sum()),
                }
            )
    return Duration(pd.DataFrame(hr), pd.DataFrame(estimates))


@dataclass(frozen=True)
class _Fit:
    """A Cox fit with its coefficients over every covariate (0 where left out, without
    variance), and the baseline cumulative hazard."""

    params: np.ndarray
    cov: np.ndarray
    baseline: Callable[[np.ndarray], np.ndarray]

    def conf_int(self) -> np.ndarray:
        se = np.sqrt(np.diag(self.cov))
        se = np.where(se > 0, se, np.nan)
        return np.stack([self.params - 1.96 * se, self.params + 1.96 * se], axis=1)


def _cox(ep: pd.DataFrame, covs: list[str], event: str) -> _Fit:
    """Cox model of one kind of exit. A yes/no covariate with no such exit among those who
    have it (31 exempted persons, a small contract without an exit to work) has no finite
    coefficient (monotone likelihood); it is left out of this model (coefficient 0)."""
    status = ep[event].astype(int)
    keep = [c for c in covs if (ep[c] * status).sum() > 0 and (ep[c] * status).sum() < status.sum()]
    model = PHReg(ep["stop"], ep[keep], status=status, entry=ep["entry"], ties="efron")
    fit = model.fit()
    idx = [covs.index(c) for c in keep]
    params = np.zeros(len(covs))
    params[idx] = fit.params
    cov = np.zeros((len(covs), len(covs)))
    cov[np.ix_(idx, idx)] = fit.cov_params()
    return _Fit(params, cov, model.baseline_cumulative_hazard_function(fit.params)[0])


def _cif_gap(params, ow, x, z, dw, do) -> np.ndarray:
    """Per treated person: P(work within h months of the start | trajectory) − (| none), from
    the baseline hazard increments ``dw``, ``do`` of the months from the start."""
    bw = params[: x.shape[1]]
    bt = params[x.shape[1] :]
    lw = np.exp(x @ bw)[:, None] * dw
    lo = np.exp(x @ ow[: x.shape[1]] + z @ ow[x.shape[1] :])[:, None] * do
    gap = np.zeros(len(x))
    for treated in (1, 0):
        rate = lw * (np.exp(z @ bt)[:, None] if treated else 1.0)
        total = rate + lo
        leave = 1 - np.exp(-total)
        alive = np.cumprod(np.hstack([np.ones((len(x), 1)), np.exp(-total[:, :-1])]), axis=1)
        cif = (
            alive * leave * np.divide(rate, total, out=np.zeros_like(rate), where=total > 0)
        ).sum(axis=1)
        gap += cif if treated else -cif
    return gap


# --- naive --------------------------------------------------------------------------------------


def naive(people: pd.DataFrame, horizons: tuple[int, ...] = HORIZONS) -> pd.DataFrame:
    """Starters' exits to work within h months of the start against never-starters' within h
    months of inflow: ``horizon, treated_rate_pct, never_rate_pct, naive_pp, treated_n,
    never_n``."""
    rows = []
    exit_ = people["exit"].to_numpy()
    work = people["to_work"].to_numpy()
    start = people["start"].to_numpy()
    follow = people["follow"].to_numpy()
    for h in horizons:
        t = ~np.isnan(start) & (start < MAX_DURATION) & (start + h <= follow)
        t_work = work & (exit_ >= start) & (exit_ <= start + h - 1)
        n = np.isnan(start) & (h <= follow)
        n_work = work & (exit_ <= h - 1)
        tr = 100 * t_work[t].mean() if t.any() else np.nan
        nr = 100 * n_work[n].mean() if n.any() else np.nan
        rows.append(
            {
                "horizon": h,
                "treated_rate_pct": tr,
                "never_rate_pct": nr,
                "naive_pp": tr - nr,
                "treated_n": int(t.sum()),
                "never_n": int(n.sum()),
            }
        )
    return pd.DataFrame(rows)


# --- the case's registry ------------------------------------------------------------------------


def people_of(
    registry, ledger, period_start: pd.Timestamp, period_end: pd.Timestamp
) -> pd.DataFrame:
    """:func:`inflow` from the cleaned registry, the trajectories taken from the pseudonymised
    ledger where it has them (every start, also those the cost selection drops)."""

    def pick(name: str) -> pd.DataFrame | None:
        for source in (ledger, registry):
            if source is not None and name in source.tables and len(source.tables[name]):
                return source.tables[name]
        return None

    empty = pd.DataFrame(columns=["client_key", "kind", "contract_id", "start_date", "activity_id"])
    activities = pick("activities")
    starts = trajectory_starts(
        empty if activities is None else activities,
        pick("contracts")
        if pick("contracts") is not None
        else pd.DataFrame(columns=["contract_id", "category", "price_eur"]),
        pick("payments"),
        pick("provisions"),
    )
    return inflow(
        registry["benefit_spells"],
        registry["clients"],
        registry["exemptions"],
        starts,
        period_start,
        period_end,
    )


def costs_per_category(people: pd.DataFrame) -> pd.Series:
    """Mean cost per starter (what was paid for the trajectory) per category."""
    return people.dropna(subset=["category"]).groupby("category")["cost_eur"].mean()


MIN_CONTRACT_STARTERS = 100
"""A contract with at least this many starters in the new inflow gets its own estimate; the
others are pooled per category (an estimate on fewer starters has an interval too wide to rank)."""


def by_contract(people: pd.DataFrame, min_starters: int = MIN_CONTRACT_STARTERS) -> pd.DataFrame:
    """``people`` with ``category`` replaced by the unit the net effect is estimated for:
    ``contract <id>`` for a contract with at least ``min_starters`` starters, else the category
    (the original category stays in ``contract_category``)."""
    counts = people["contract_id"].value_counts()
    big = people["contract_id"].isin(counts[counts >= min_starters].index)
    unit = people["category"].where(~big, "contract " + people["contract_id"].astype(str))
    return people.assign(category=unit, contract_category=people["category"])


def summary(matched: Matching, duration: Duration, naive_: pd.DataFrame) -> pd.DataFrame:
    """The estimates in one frame (store artefact ``net_effect``): ``estimator`` (naive,
    matching, duration), ``category``, ``horizon``, ``effect_pp``, ``ci_low``, ``ci_high``,
    ``treated_n``."""
    m = matched.estimates.rename(columns={"att_pp": "effect_pp"}).assign(estimator="matching")
    d = duration.estimates.assign(estimator="duration")
    n = naive_.rename(columns={"naive_pp": "effect_pp"}).assign(
        estimator="naive", category="alle", ci_low=np.nan, ci_high=np.nan
    )
    columns = ["estimator", "category", "horizon", "effect_pp", "ci_low", "ci_high", "treated_n"]
    return pd.concat([n[columns], m[columns], d[columns]], ignore_index=True)
