"""Disclosure control of every table and figure drawn from a client registry.

The rules and their defaults are those of ACRO (SACRO project, ``acro/default.yaml``), the
output checker research data centres use; they are case parameters (``min_cell`` and the
``disclosure_*`` parameters of :mod:`analysis.core.cases`):

- **threshold** – a frequency cell of 1 to ``min_cell − 1`` persons is suppressed (primary
  suppression, shown ``<10``); a zero is not disclosive unless ``disclosure_zeros`` says so.
- **secondary suppression** – in a table whose cells add up to totals (rows labelled *Totaal* /
  *Subtotaal*, columns that are the sum of other columns), complementary cells are suppressed
  too (shown ``×``, as CBS marks a secret cell) until no suppressed cell can be recovered exactly
  from the visible cells and totals. Whether a cell is recoverable is decided by integer linear
  programming (:func:`audit`): for each suppressed cell the smallest and largest value it can
  take given every relation, the ``<10`` bound of primary cells and the ``≥ 10`` bound of
  complementary ones. ACRO does not do this (it recomputes the margins from the unsuppressed
  cells, which changes the totals a report must print); sdcTable and τ-Argus do, but are R and a
  Java/Windows program. The algorithm here is the classic greedy one: while some suppressed cell
  is determined, suppress the smallest visible cell that shares a relation with it.
- **shares** – a percentage is hidden when its count or the count it is taken over is hidden.
- **dominance** (magnitude tables: costs, payments) – on the contributions behind each cell
  (per client, contract or provider): fewer than ``min_cell`` contributors, the N–K rule (the
  ``n`` largest make up more than ``k`` of the cell) and the p% rule (the cell minus its two
  largest contributions is less than p% of the largest: the second largest can estimate the
  largest within p%).
- **survival** – a Kaplan–Meier curve or a "still on benefit after …" figure is shown only at
  times where at least ``survival_threshold`` persons are at risk and each shown step holds at
  least ``survival_threshold`` events; the tail is cut.

Each table and figure carries a :class:`Check`: which rules were applied, what was suppressed and
why. The build collects them into ``data/processed/<case>/disclosure.csv`` and the summary in the
Verantwoording of each page, and refuses to publish in strict mode when an output fails.
"""

from __future__ import annotations

import html as _html
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from analysis.core.formats import MISSING, nl_count

SMALL = "<{n}"
SECRET = "×"
"""A complementary suppressed cell (CBS: "geheim")."""

TOTAL_ROW = re.compile(r"^\s*totaal", re.I)
SUBTOTAL_ROW = re.compile(r"^\s*subtotaal", re.I)
SHARE_ROW = re.compile(r"^\s*(percentage|%|aandeel)", re.I)

SURVIVAL_NOTE = (
    "Curven tonen alleen stappen van minstens {n} gebeurtenissen en stoppen waar minder dan {n} "
    "personen in beeld zijn."
)

STATUSES = {
    "pass": "veilig",
    "suppressed": "afgeschermd",
    "review": "handmatig beoordelen",
    "fail": "niet veilig",
    "public": "openbare bron",
}
"""Outcome of a check, as ACRO's pass/fail/review, plus ``suppressed`` (failed a rule, handled
by suppression) and ``public`` (figures of a printed report or open statistics, not the
registry)."""


@dataclass(frozen=True)
class Rules:
    """The disclosure rules of a case (defaults: ACRO's, but zeros are not disclosive)."""

    threshold: int = 10
    nk_n: int = 2
    nk_k: float = 0.90
    p_percent: float = 0.10
    survival_threshold: int = 10
    zeros_are_disclosive: bool = False

    @classmethod
    def of(cls, cfg: Any) -> Rules:
        """The rules of a case (:class:`analysis.core.cases.Case` or a mapping of parameters)."""

        def get(name: str, default: Any) -> Any:
            try:
                value = cfg[name]
            except KeyError:
                return default
            return default if value is None else value

        return cls(
            threshold=int(get("min_cell", cls.threshold)),
            nk_n=int(get("disclosure_nk_n", cls.nk_n)),
            nk_k=float(get("disclosure_nk_k", cls.nk_k)),
            p_percent=float(get("disclosure_p_percent", cls.p_percent)),
            survival_threshold=int(get("disclosure_survival_threshold", cls.survival_threshold)),
            zeros_are_disclosive=bool(get("disclosure_zeros", cls.zeros_are_disclosive)),
        )

    @property
    def small(self) -> str:
        return SMALL.format(n=self.threshold)

    def is_small(self, n: float) -> bool:
        """Whether a person count must be hidden (the threshold rule)."""
        if pd.isna(n):
            return False
        return (0 <= n if self.zeros_are_disclosive else 0 < n) and n < self.threshold

    def describe(self) -> str:
        """The rules in one Dutch sentence (for the Verantwoording)."""
        zeros = (
            "nullen worden ook afgeschermd"
            if self.zeros_are_disclosive
            else ("een nul wordt getoond")
        )
        return (
            f"drempel {self.threshold} personen per cel ({zeros}); secundaire afscherming tegen "
            f"terugrekenen uit totalen; dominantie: de {self.nk_n} grootste bijdragen niet meer "
            f"dan {_pct(self.nk_k)} van een bedrag, p%-regel {_pct(self.p_percent)}; "
            f"overlevingscurven alleen waar minstens {self.survival_threshold} personen risico "
            f"lopen en elke stap minstens {self.survival_threshold} gebeurtenissen telt"
        )


def _pct(share: float) -> str:
    return f"{100 * share:g}%".replace(".", ",")


@dataclass(frozen=True)
class Check:
    """The disclosure check of one table or figure, as an output checker reads it."""

    rules: tuple[str, ...] = ()
    primary: int = 0
    secondary: int = 0
    dominance: int = 0
    survival: str = ""
    status: str = "pass"
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown disclosure status {self.status!r}; known: {list(STATUSES)}")

    def merged(self, other: Check) -> Check:
        """Both checks as one (one output built from several parts)."""
        worst = max(self.status, other.status, key=lambda s: _SEVERITY[s])
        return Check(
            rules=tuple(dict.fromkeys(self.rules + other.rules)),
            primary=self.primary + other.primary,
            secondary=self.secondary + other.secondary,
            dominance=self.dominance + other.dominance,
            survival="; ".join(s for s in (self.survival, other.survival) if s),
            status=worst,
            notes=tuple(dict.fromkeys(self.notes + other.notes)),
        )

    def attribute(self) -> str:
        """The check as an HTML attribute (` data-disclosure='…'`) the build reads back."""
        text = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)
        return f" data-disclosure='{_html.escape(text, quote=True)}'"

    @classmethod
    def from_attribute(cls, text: str) -> Check:
        raw = json.loads(_html.unescape(text))
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})


_SEVERITY = {"public": 0, "pass": 1, "suppressed": 2, "review": 3, "fail": 4}


def public(note: str = "cijfers uit het gedrukte rapport of open statistiek") -> Check:
    """The check of an output that shows no registry data."""
    return Check(rules=("openbare bron",), status="public", notes=(note,))


def review(note: str) -> Check:
    """The check of an output no rule can decide (an output checker must look at it)."""
    return Check(rules=("handmatige beoordeling",), status="review", notes=(note,))


# ---------------------------------------------------------------------------------------------
# frequency tables: threshold, shares, secondary suppression


def is_person_count(column: str) -> bool:
    """Counts of people (``…_n``), as opposed to counts of contracts or money."""
    return column.endswith("_n") and "contract" not in column


Cell = tuple[int, str]
"""A cell: row position and column name."""


@dataclass(frozen=True)
class Relation:
    """An additive relation the reader can see in a table: ``total`` is the sum of ``parts``."""

    total: Cell
    parts: tuple[Cell, ...]


def _labels(frame: pd.DataFrame) -> list[str]:
    if "label" in frame.columns:
        return [str(v) for v in frame["label"]]
    return [str(v) for v in frame.index]


def _holds(values: pd.DataFrame, total: Cell, parts: Sequence[Cell]) -> bool:
    target = values.at[total]
    if pd.isna(target) or not parts:
        return False
    summed = float(np.nansum([values.at[p] for p in parts]))
    return abs(summed - float(target)) < 1e-6 * max(1.0, abs(float(target)))


def relations(
    frame: pd.DataFrame,
    columns: Sequence[str],
    row_parts: Mapping[str, Sequence[str]] | None = None,
) -> list[Relation]:
    """Every additive relation a reader can use on ``columns`` of ``frame``, as far as it holds
    in the data (a relation that does not hold gives nothing away):

    - a row labelled *Totaal…* is the sum of the detail rows (those not labelled total,
      subtotal or share); a row labelled *Subtotaal…* the sum of the detail rows directly above
      it; ``row_parts`` (label → labels of its parts) adds relations the labels do not tell;
    - a column that is the sum of two or more other columns, in every row.
    """
    labels = _labels(frame)
    values = frame[list(columns)].apply(pd.to_numeric, errors="coerce").reset_index(drop=True)
    kinds = [
        "total"
        if TOTAL_ROW.match(x)
        else "subtotal"
        if SUBTOTAL_ROW.match(x)
        else "share"
        if SHARE_ROW.match(x)
        else "detail"
        for x in labels
    ]
    detail = [i for i, k in enumerate(kinds) if k == "detail"]
    candidates: list[tuple[int, tuple[int, ...]]] = []
    for i, kind in enumerate(kinds):
        if kind == "total":
            candidates.append((i, tuple(detail)))
            subtotals = tuple(j for j, k in enumerate(kinds) if k == "subtotal")
            rest = tuple(j for j in detail if not _under_subtotal(kinds, j))
            if subtotals:
                candidates.append((i, subtotals + rest))
        elif kind == "subtotal":
            block = []
            for j in range(i - 1, -1, -1):
                if kinds[j] != "detail":
                    break
                block.append(j)
            candidates.append((i, tuple(sorted(block))))
    position = {label: i for i, label in enumerate(labels)}
    for total, parts in (row_parts or {}).items():
        candidates.append((position[total], tuple(position[p] for p in parts)))
    # the labels do not always say which rows a (sub)total adds up ("Subtotaal uitstroom naar
    # werk" = the two work reasons): a reader can find out from the visible columns, so every
    # set of detail rows that adds up to it in every column counts
    if len(detail) <= MAX_SUBSET_ROWS:
        for i, kind in enumerate(kinds):
            if kind not in ("total", "subtotal"):
                continue
            for size in range(1, len(detail) + 1):
                for parts in itertools.combinations(detail, size):
                    if all(
                        pd.isna(values.at[i, c]) or _holds(values, (i, c), [(p, c) for p in parts])
                        for c in columns
                    ) and any(not pd.isna(values.at[i, c]) for c in columns):
                        candidates.append((i, parts))
    found: dict[tuple[Cell, tuple[Cell, ...]], None] = {}
    for column in columns:
        for total, parts in candidates:
            cells = tuple((p, column) for p in parts if not pd.isna(values.at[p, column]))
            if cells and _holds(values, (total, column), cells):
                found[((total, column), cells)] = None
    # columns that add up to another column in every row
    usable = [c for c in columns if values[c].fillna(0).abs().sum() > 0]
    rows = [i for i, k in enumerate(kinds) if k != "share"]
    for target in usable:
        others = [c for c in usable if c != target]
        for size in range(2, min(len(others), 8) + 1):
            for subset in itertools.combinations(others, size):
                if all(
                    pd.isna(values.at[r, target])
                    or _holds(values, (r, target), [(r, c) for c in subset])
                    for r in rows
                ):
                    for r in rows:
                        cells = tuple((r, c) for c in subset if not pd.isna(values.at[r, c]))
                        if not pd.isna(values.at[r, target]) and cells:
                            found[((r, target), cells)] = None
    return [Relation(total, parts) for total, parts in found]


def _under_subtotal(kinds: list[str], j: int) -> bool:
    """Whether detail row ``j`` belongs to the block right above a subtotal row."""
    for k in range(j + 1, len(kinds)):
        if kinds[k] == "detail":
            continue
        return kinds[k] == "subtotal"
    return False


def audit(
    values: pd.DataFrame,
    suppressed: Mapping[Cell, tuple[float, float]],
    rels: Iterable[Relation],
    integer: bool = True,
) -> dict[Cell, tuple[float, float]]:
    """Per suppressed cell the smallest and largest value it can take, given the visible cells,
    the relations and what a reader knows of each suppressed cell (``suppressed``: cell → its
    lower and upper bound, e.g. 1–9 for a ``<10`` cell). A cell whose range is one value is
    recoverable. Solved as integer linear programmes (scipy ``milp``, HiGHS)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    cells = list(suppressed)
    if not cells:
        return {}
    index = {c: i for i, c in enumerate(cells)}
    rows, rhs = [], []
    for rel in rels:
        involved = [c for c in (rel.total, *rel.parts) if c in index]
        if not involved:
            continue
        row = np.zeros(len(cells))
        constant = 0.0
        for cell, sign in [(rel.total, -1.0)] + [(p, 1.0) for p in rel.parts]:
            if cell in index:
                row[index[cell]] += sign
            else:
                constant += sign * float(values.at[cell])
        rows.append(row)
        rhs.append(-constant)
    lower = np.array([suppressed[c][0] for c in cells], dtype=float)
    upper = np.array([suppressed[c][1] for c in cells], dtype=float)
    constraints = [LinearConstraint(np.array(rows), rhs, rhs)] if rows else []
    integrality = np.ones(len(cells)) if integer else np.zeros(len(cells))
    ranges = {}
    for i, cell in enumerate(cells):
        ends = []
        for sign in (1.0, -1.0):
            objective = np.zeros(len(cells))
            objective[i] = sign
            result = milp(
                objective,
                constraints=constraints,
                bounds=Bounds(lower, upper),
                integrality=integrality,
            )
            if result.status == 2:
                raise ValueError(f"the relations of the table do not hold for cell {cell}")
            ends.append(sign * result.fun if result.status == 0 else sign * np.inf)
        ranges[cell] = (ends[0], ends[1])
    return ranges


UNBOUNDED = 1e12
MAX_SUBSET_ROWS = 14
"""Up to this many detail rows, every subset is tried as the parts of a (sub)total row."""
CANDIDATES = 8
"""How many of the smallest complementary candidates each step of the greedy search compares."""


@dataclass
class Protected:
    """A table after disclosure control: the display frame and what was suppressed."""

    shown: pd.DataFrame
    primary: set[Cell] = field(default_factory=set)
    secondary: set[Cell] = field(default_factory=set)
    relations: list[Relation] = field(default_factory=list)
    check: Check = field(default_factory=Check)

    def hidden(self, row: int, column: str) -> bool:
        return (row, column) in self.primary or (row, column) in self.secondary


def _bounds(cell: Cell, primary: set[Cell], rules: Rules, amounts: bool) -> tuple[float, float]:
    if cell in primary and not amounts:
        return (0.0 if rules.zeros_are_disclosive else 1.0, rules.threshold - 1.0)
    if amounts:
        return (0.0, UNBOUNDED)
    return (float(rules.threshold), UNBOUNDED)


def secondary_suppression(
    values: pd.DataFrame,
    primary: set[Cell],
    rels: list[Relation],
    rules: Rules,
    amounts: bool = False,
) -> tuple[set[Cell], list[Cell]]:
    """Complementary cells to suppress so that no suppressed cell is recoverable exactly
    (:func:`audit`); returns them and the cells still recoverable (empty unless the table cannot
    be protected)."""
    secondary: set[Cell] = set()
    related: dict[Cell, set[Cell]] = {}
    targets = {rel.total for rel in rels}
    for rel in rels:
        members = {rel.total, *rel.parts}
        for cell in members:
            related.setdefault(cell, set()).update(members - {cell})

    def eligible(cell: Cell) -> bool:
        value = values.at[cell]
        if cell in primary or cell in secondary or pd.isna(value):
            return False
        return (value > 0) if amounts else (value >= rules.threshold)

    def exposed_with(hidden: set[Cell]) -> list[Cell]:
        relevant = [r for r in rels if any(c in hidden for c in (r.total, *r.parts))]
        ranges = audit(
            values,
            {c: _bounds(c, primary, rules, amounts) for c in hidden},
            relevant,
            integer=not amounts,
        )
        width = 1e-6 if amounts else 0.5
        return [c for c, (lo, hi) in ranges.items() if hi - lo < width]

    exposed = exposed_with(primary)
    while exposed:
        candidates = sorted(
            {c for cell in exposed for c in related.get(cell, ()) if eligible(c)},
            key=lambda c: (c in targets, float(values.at[c]), c[0], c[1]),
        )
        if not candidates:
            return secondary, sorted(exposed)
        # of the smallest few, the one that leaves the fewest cells exposed (a complement that
        # closes a row and a column at once saves a third cell)
        best = min(
            candidates[:CANDIDATES],
            key=lambda c: (len(exposed_with(primary | secondary | {c})), candidates.index(c)),
        )
        secondary.add(best)
        exposed = exposed_with(primary | secondary)
    return secondary, []


def _share_bases(
    frame: pd.DataFrame, counts: Sequence[str], shares: Mapping[str, str] | None
) -> dict[str, list[str]]:
    """Per share column (``…_pct``) the count columns that give it away when hidden: its twin
    (``…_n``) and the column it is a share of (given, or found as the one that fits every row)."""
    out: dict[str, list[str]] = {}
    numeric = frame.apply(pd.to_numeric, errors="coerce")
    for column in frame.columns:
        if not column.endswith("_pct"):
            continue
        twin = column[:-4] + "_n"
        needs = [twin] if twin in counts else []
        if shares and column in shares:
            needs.append(shares[column])
        elif twin in counts:
            for base in counts:
                if base == twin:
                    continue
                ratio = 100 * numeric[twin] / numeric[base].replace(0, np.nan)
                both = ratio.notna() & numeric[column].notna()
                if both.any() and ((ratio[both] - numeric.loc[both, column]).abs() <= 0.5).all():
                    needs.append(base)
                    break
        out[column] = needs
    return out


def protect(
    frame: pd.DataFrame,
    rules: Rules,
    counts: Sequence[str] | None = None,
    row_parts: Mapping[str, Sequence[str]] | None = None,
    shares: Mapping[str, str] | None = None,
) -> Protected:
    """Threshold, shares and secondary suppression on a table of person counts.

    ``counts``: the person-count columns (default: every ``…_n`` column that is not a count of
    contracts); ``shares``: share column → the count column it is a share of, where that cannot
    be found from the data. Returns the display frame (``<10`` for a small cell, ``×`` for a
    complementary one, ``–`` for a hidden share) and the :class:`Check`.
    """
    frame = frame.reset_index(drop=True)
    counts = [c for c in (counts or [c for c in frame.columns if is_person_count(c)])]
    labels = _labels(frame)
    share_rows = [i for i, x in enumerate(labels) if SHARE_ROW.match(x)]
    values = frame[counts].apply(pd.to_numeric, errors="coerce") if counts else pd.DataFrame()
    primary = {
        (i, c)
        for c in counts
        for i in range(len(frame))
        if i not in share_rows and rules.is_small(values.at[i, c])
    }
    rels = relations(frame, counts, row_parts) if counts else []
    secondary, exposed = (
        secondary_suppression(values, primary, rels, rules)
        if primary
        else (
            set(),
            [],
        )
    )
    shown = frame.astype(object).copy()
    for i, c in primary:
        shown.at[i, c] = rules.small
    for i, c in secondary:
        shown.at[i, c] = SECRET
    hidden = primary | secondary
    for share, needs in _share_bases(frame, counts, shares).items():
        for i in range(len(frame)):
            if any((i, n) in hidden for n in needs):
                shown.at[i, share] = MISSING
    for i in share_rows:  # a row of shares of the totals above: hidden where a total is
        for c in counts:
            if any((j, c) in hidden for j, x in enumerate(labels) if TOTAL_ROW.match(x)):
                shown.at[i, c] = MISSING
    applied = [f"drempel {rules.threshold}"]
    if rels:
        applied.append("secundaire afscherming")
    if any(c.endswith("_pct") for c in frame.columns):
        applied.append("aandelen")
    notes = []
    if primary:
        notes.append(
            f"{nl_count(len(primary), 'cel', 'cellen')} onder de {rules.threshold} personen "
            "afgeschermd"
        )
    if secondary:
        notes.append(
            f"{nl_count(len(secondary), 'cel', 'cellen')} extra afgeschermd (×), zodat geen "
            "afgeschermde cel uit "
            "de totalen is terug te rekenen"
        )
    if exposed:
        notes.append(
            nl_count(len(exposed), "afgeschermde cel blijft", "afgeschermde cellen blijven")
            + " terug te rekenen"
        )
    status = "fail" if exposed else "suppressed" if hidden else "pass"
    check = Check(tuple(applied), len(primary), len(secondary), 0, "", status, tuple(notes))
    return Protected(shown, primary, secondary, rels, check)


# ---------------------------------------------------------------------------------------------
# magnitude tables: contributions, N–K dominance and the p% rule


def dominated(
    contributions: pd.DataFrame, rules: Rules, cell: str = "cell", value: str = "value"
) -> pd.DataFrame:
    """Per cell of a magnitude table the rules on its contributions (``contributions``: one
    row per cell and contributor, ``value`` the contributor's amount in that cell; several rows
    of one contributor are added up first).

    Returns per cell: ``contributors_n``, ``total``, ``too_few`` (fewer contributors than the
    threshold), ``nk`` (the ``nk_n`` largest exceed ``nk_k`` of the total), ``p_rule`` (the
    total minus the two largest is less than ``p_percent`` of the largest) and ``fails``.
    """
    per = (
        contributions.groupby([cell, "contributor"], sort=False)[value]
        .sum()
        .abs()
        .reset_index()
        .sort_values([cell, value], ascending=[True, False])
    )
    out = []
    for key, part in per.groupby(cell, sort=False):
        amounts = part[value].to_numpy(dtype=float)
        amounts = amounts[amounts > 0]
        total = float(amounts.sum())
        top = amounts[: rules.nk_n].sum()
        largest = amounts[0] if len(amounts) else 0.0
        rest = total - amounts[:2].sum()
        out.append(
            {
                cell: key,
                "contributors_n": len(amounts),
                "total": total,
                "too_few": 0 < len(amounts) < rules.threshold,
                "nk": total > 0 and top > rules.nk_k * total,
                "p_rule": total > 0 and rest < rules.p_percent * largest,
            }
        )
    frame = pd.DataFrame(out, columns=[cell, "contributors_n", "total", "too_few", "nk", "p_rule"])
    frame["fails"] = frame["too_few"] | frame["nk"] | frame["p_rule"]
    return frame


def protect_amounts(
    frame: pd.DataFrame,
    amounts: Sequence[str],
    contributions: pd.DataFrame,
    rules: Rules,
    row_key: str = "row_id",
    derived: Mapping[str, str] | None = None,
) -> Protected:
    """Dominance rules and secondary suppression on the money columns of a table.

    ``contributions``: ``row_id`` (of ``frame``), ``column`` (one of ``amounts``),
    ``contributor`` and ``value``. A cell without contributions is checked as having none (it
    passes: nothing was spent). ``derived``: a column computed from an amount column (an
    average per client) → that column; hidden with it.
    """
    frame = frame.reset_index(drop=True)
    values = frame[list(amounts)].apply(pd.to_numeric, errors="coerce")
    keyed = contributions.assign(
        cell=contributions[row_key].astype(str) + "|" + contributions["column"]
    )
    verdict = dominated(keyed, rules).set_index("cell") if len(keyed) else pd.DataFrame()
    primary: set[Cell] = set()
    reasons: dict[str, int] = {"too_few": 0, "nk": 0, "p_rule": 0}
    for i, key in enumerate(frame[row_key].astype(str)):
        for column in amounts:
            name = f"{key}|{column}"
            if name in verdict.index and verdict.at[name, "fails"]:
                primary.add((i, column))
                for reason in reasons:
                    reasons[reason] += int(verdict.at[name, reason])
    rels = relations(frame, amounts)
    secondary, exposed = (
        secondary_suppression(values, primary, rels, rules, amounts=True)
        if primary
        else (set(), [])
    )
    shown = frame.astype(object).copy()
    for cell in primary | secondary:
        shown.at[cell] = SECRET
        for column, source in (derived or {}).items():
            if source == cell[1]:
                shown.at[cell[0], column] = MISSING
    notes = []
    words = {
        "too_few": f"minder dan {rules.threshold} bijdragers",
        "nk": f"de {rules.nk_n} grootste bijdragen boven {_pct(rules.nk_k)}",
        "p_rule": f"p%-regel ({_pct(rules.p_percent)})",
    }
    if primary:
        why = ", ".join(f"{words[r]}: {n}" for r, n in reasons.items() if n)
        notes.append(f"{len(primary)} bedrag(en) afgeschermd ({why})")
    if secondary:
        notes.append(f"{len(secondary)} bedrag(en) extra afgeschermd (×) tegen terugrekenen")
    if exposed:
        notes.append(f"{len(exposed)} afgeschermde bedrag(en) blijven terug te rekenen")
    status = "fail" if exposed else "suppressed" if primary else "pass"
    check = Check(
        ("dominantie (N–K)", "p%-regel", f"drempel {rules.threshold} bijdragers"),
        0,
        len(secondary),
        len(primary),
        "",
        status,
        tuple(notes),
    )
    return Protected(shown, primary, secondary, rels, check)


# ---------------------------------------------------------------------------------------------
# survival curves and figures


def _thin(curve: pd.DataFrame, threshold: int) -> tuple[pd.DataFrame, float | None]:
    keep, pooled, cut_at = [], 0, None
    for pos, (_, row) in enumerate(curve.iterrows()):
        if row["at_risk_n"] < threshold:
            cut_at = float(row["months"])
            break
        pooled += int(row["events_n"])
        if pooled >= threshold:
            keep.append(pos)
            pooled = 0
    return curve.iloc[keep].reset_index(drop=True), cut_at


def from_start(curve: pd.DataFrame, **values: float) -> pd.DataFrame:
    """A thinned curve with its start at month 0 (``values``: the estimate there, e.g.
    ``survival=1.0``), so the first visible step is drawn from the start; empty when the curve
    has no visible step at all (nothing to draw)."""
    if curve.empty:
        return curve
    start = pd.DataFrame([{"months": 0.0, **values}])
    return pd.concat([start, curve], ignore_index=True)


def thin_curve(curve: pd.DataFrame, rules: Rules) -> tuple[pd.DataFrame, Check]:
    """A step curve (``months`` and the estimate, with ``at_risk_n`` and ``events_n`` per step)
    reduced to the steps a reader may see: steps are pooled until they hold at least
    ``survival_threshold`` events (the curve keeps its value at the last step of each pool, so
    every visible drop is made by at least that many persons), and the curve stops before the
    first time with fewer than ``survival_threshold`` persons at risk."""
    threshold = rules.survival_threshold
    shown, cut_at = _thin(curve, threshold)
    notes = []
    survival = ""
    if cut_at is not None:
        survival = f"afgekapt bij {cut_at:.0f} maanden (minder dan {threshold} personen in beeld)"
        notes.append(survival)
    if len(shown) < len(curve) - (0 if cut_at is None else (curve["months"] >= cut_at).sum()):
        notes.append(f"stappen samengevoegd tot elke stap minstens {threshold} gebeurtenissen telt")
    status = "suppressed" if notes else "pass"
    return shown, Check(
        (f"overlevingsdrempel {threshold}",), 0, 0, 0, survival, status, tuple(notes)
    )


def counts_check(counts: Iterable[float], rules: Rules, what: str) -> Check:
    """The check of a figure that draws person counts (bars, areas, labels): it passes when no
    drawn group is below the threshold; the figure builder must already have left such groups
    out or shown them as ``<10``, so a failure here is a programming error caught by strict
    mode."""
    small = [n for n in counts if rules.is_small(n)]
    if small:
        return Check(
            (f"drempel {rules.threshold}",),
            status="fail",
            notes=(f"{len(small)} {what} onder de {rules.threshold} personen getekend",),
        )
    return Check((f"drempel {rules.threshold}",), status="pass")


# ---------------------------------------------------------------------------------------------
# the older helpers, now expressed in the rules above


def suppress_small(frame: pd.DataFrame, min_cell: int) -> tuple[pd.DataFrame, int]:
    """Threshold and secondary suppression with ``min_cell`` (:func:`protect`); returns the
    display frame and how many cells were hidden."""
    result = protect(frame, replace(Rules(), threshold=min_cell))
    return result.shown, len(result.primary) + len(result.secondary)


def shown_count(n: float, min_cell: int) -> bool:
    """Whether a person count may be shown in a sentence (or a share be taken of it): none, or
    at least ``min_cell``; not a count a table hides (NaN in :func:`masked`)."""
    return not pd.isna(n) and not 0 < n < min_cell


def masked(protected: Protected, original: pd.DataFrame) -> pd.DataFrame:
    """``original`` with every cell the table hides (a count shown ``<10`` or ``×``, a share
    shown ``–``) set to NaN: what sentences about the table may draw on."""
    out = original.reset_index(drop=True).copy()
    for column in out.columns:
        if column not in protected.shown.columns or not pd.api.types.is_numeric_dtype(out[column]):
            continue  # labels and keys are no cells
        hidden = protected.shown[column].map(lambda v: isinstance(v, str)) & out[column].notna()
        if hidden.any():
            out[column] = out[column].astype(float)
            out.loc[hidden.to_numpy(), column] = np.nan
    return out


def as_rules(rules: Rules | int) -> Rules:
    """``rules``, or the default rules with threshold ``rules`` (a bare ``min_cell``)."""
    return rules if isinstance(rules, Rules) else replace(Rules(), threshold=int(rules))


def legend(rules: Rules, *tables: Protected) -> str:
    """The sentence under tables that hide cells (empty when none does)."""
    if not any(t.primary for t in tables) and not any(t.secondary for t in tables):
        return ""
    parts = []
    if any(t.primary for t in tables):
        parts.append(
            f"Aantallen onder de {rules.threshold} personen zijn afgeschermd ({rules.small})"
        )
    if any(t.secondary for t in tables):
        parts.append(
            f"met {SECRET} gemarkeerde cellen zijn extra afgeschermd, zodat geen afgeschermd "
            "aantal uit de totalen is terug te rekenen"
        )
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def protect_survival_table(
    frame: pd.DataFrame, rules: Rules, at: Sequence[int], count: str = "clients_n"
) -> Protected:
    """A "still on benefit after …" table (:func:`analysis.steps.survival.still_on_benefit`):
    a share after ``m`` months is shown only where at least ``survival_threshold`` persons are
    still at risk and the step since the time before holds at least that many exits; the group
    size passes the threshold rule. The helper columns are dropped from the display frame."""
    threshold = rules.survival_threshold
    helper = [c for c in frame.columns if c.startswith(("at_risk_", "exits_"))]
    base = protect(frame.drop(columns=helper), rules, counts=[count])
    shown = base.shown
    cut = 0
    for months in at:
        share = f"after_{months}_months_pct"
        small = (frame[f"at_risk_{months}_n"] < threshold) | (
            frame[f"exits_{months}_n"] < threshold
        )
        small &= frame[share].notna()
        shown.loc[small.to_numpy(), share] = MISSING
        cut += int(small.sum())
    notes = list(base.check.notes)
    if cut:
        notes.append(
            f"{nl_count(cut, 'aandeel', 'aandelen')} niet getoond: minder dan {threshold} "
            "personen nog in beeld "
            f"of minder dan {threshold} uitstromers in de stap"
        )
    status = "suppressed" if cut or base.check.status == "suppressed" else base.check.status
    check = replace(
        base.check,
        rules=(*base.check.rules, f"overlevingsdrempel {threshold}"),
        survival=f"{cut} aandelen niet getoond" if cut else "",
        status=status,
        notes=tuple(notes),
    )
    return Protected(shown, base.primary, base.secondary, base.relations, check)


def thin_curves(
    curves: Mapping[str, pd.DataFrame], rules: Rules, events: str = "events_n"
) -> tuple[dict[str, pd.DataFrame], Check]:
    """:func:`thin_curve` on each curve of a figure (keyed by the Dutch name of the curve); one
    check for the figure, its notes in one line: which curves were pooled, where each was cut."""
    threshold = rules.survival_threshold
    out, pooled, cuts = {}, [], []
    for name, curve in curves.items():
        thinned, cut_at = _thin(curve.rename(columns={events: "events_n"}), threshold)
        out[name] = thinned
        if len(thinned) < len(curve) - (0 if cut_at is None else (curve["months"] >= cut_at).sum()):
            pooled.append(name)
        if cut_at is not None:
            cuts.append(f"{name} bij {cut_at:.0f} maanden")
    notes = []
    if pooled:
        notes.append(
            f"stappen samengevoegd tot elke stap minstens {threshold} gebeurtenissen telt "
            f"({', '.join(pooled)})"
        )
    if cuts:
        notes.append(
            f"afgekapt waar minder dan {threshold} personen in beeld zijn: {', '.join(cuts)}"
        )
    return out, Check(
        (f"overlevingsdrempel {threshold}",),
        survival="; ".join(cuts),
        status="suppressed" if notes else "pass",
        notes=tuple(notes),
    )


# ---------------------------------------------------------------------------------------------
# the check report: every table and figure of a page


OUTPUT = re.compile(
    r"<(?P<tag>table|figure)(?P<attrs>[^>]*)>(?P<inner>.*?)</(?P=tag)>"
    r"(?P<after>\s*<p class=.audit-source.>.*?</p>)?",
    re.S,
)
PROVENANCE = re.compile(r"<section[^>]*\bid=[\"']provenance[\"'][^>]*>")
"""The opening tag of a page's Verantwoording (nbconvert may reorder its attributes)."""


def without_provenance(body: str) -> str:
    """A page's HTML up to its Verantwoording: what the reader reads as the report."""
    return PROVENANCE.split(body, maxsplit=1)[0]


CHECK_COLUMNS = (
    "page",
    "output",
    "title",
    "status",
    "rules",
    "primary_n",
    "secondary_n",
    "dominance_n",
    "survival",
    "notes",
)


def _text(fragment: str) -> str:
    return _html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def output_checks(body: str, page: str) -> pd.DataFrame:
    """One row per table and figure of a page's HTML (its Verantwoording and the printed
    figures beside a table left out): the check it carries, or — without one — ``fail`` for a
    table whose source line names the client registry (no rule was applied to it), ``review``
    for a figure and ``public`` for any other table."""
    main = without_provenance(body)
    main = re.sub(r"<details class='beside-printed'>.*?</details>", "", main, flags=re.S)
    rows = []
    for match in OUTPUT.finditer(main):
        tag, attrs, inner = match["tag"], match["attrs"], match["inner"]
        caption = re.search(r"<(?:caption|figcaption)>(.*?)</(?:caption|figcaption)>", inner, re.S)
        title = _text(caption.group(1)) if caption else ""
        found = re.search(r"data-disclosure=(['\"])(.*?)\1", attrs)
        if found:
            check = Check.from_attribute(found.group(2))
        elif tag == "table" and "cliëntenbestand" in (match["after"] or ""):
            check = Check(status="fail", notes=("tabel uit het cliëntenbestand zonder controle",))
        elif tag == "figure":
            check = review("figuur zonder controle")
        else:
            check = public("geen cijfers uit het cliëntenbestand")
        if not title and tag == "table" and not found:
            continue  # an untitled layout table (e.g. a legend), no output of its own
        rows.append(
            {
                "page": page,
                "output": "tabel" if tag == "table" else "figuur",
                "title": title,
                "status": check.status,
                "rules": "; ".join(check.rules),
                "primary_n": check.primary,
                "secondary_n": check.secondary,
                "dominance_n": check.dominance,
                "survival": check.survival,
                "notes": "; ".join(check.notes),
            }
        )
    return pd.DataFrame(rows, columns=list(CHECK_COLUMNS))


def summary_html(checks: pd.DataFrame, rules: Rules) -> str:
    """The disclosure check of a page for its Verantwoording (a closed ``<details>``)."""
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td style='text-align:left;vertical-align:top'>{_html.escape(str(v))}</td>"
            for v in (
                r.title
                if str(r.title).lower().startswith(r.output)
                else f"{r.output}: {r.title}"
                if r.title
                else r.output,
                STATUSES[r.status],
                r.primary_n + r.secondary_n + r.dominance_n or "",
                r.notes,
            )
        )
        + "</tr>"
        for r in checks.itertuples()
    )
    counts = checks["status"].map(STATUSES).value_counts()
    overview = ", ".join(f"{n} {s}" for s, n in counts.items())
    return (
        "<details class='disclosure-check'><summary>Controle op onthulling ("
        f"{nl_count(len(checks), 'tabel of figuur', 'tabellen en figuren')}: "
        f"{_html.escape(overview or 'geen')})</summary>"
        f"<p>Regels: {_html.escape(rules.describe())}. Een tabel of figuur uit het "
        "cliëntenbestand toont geen groep onder de drempel en geen cel die uit de andere is "
        "terug te rekenen; de volledige lijst staat in <code>disclosure.csv</code> bij de "
        "verwerkte gegevens van deze casus.</p>"
        "<table class='disclosure-table' style='table-layout:fixed;width:100%'>"
        "<colgroup><col style='width:34%'><col style='width:15%'><col style='width:11%'>"
        "<col style='width:40%'></colgroup>"
        "<thead><tr><th>uitvoer</th><th>uitkomst</th>"
        "<th>afgeschermd</th><th>toelichting</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )


def told(frame: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """What sentences about a computed table may draw on: the table with every cell its
    disclosure control hides set to NaN (:func:`protect`, :func:`masked`)."""
    return masked(protect(frame, rules), frame)
