"""An intruder who tries to recover suppressed cells from a published HTML table.

Written apart from ``analysis.report.disclosure``: it reads only what a reader sees (the table's
cells as printed: numbers, ``<10``, ``×``), guesses the additive relations a reader would
(rows labelled *Totaal* are the sum of the detail rows, *Subtotaal* of the detail rows just above;
a column is the sum of other columns when that holds in every fully visible row), and solves an
integer programme per suppressed cell for its smallest and largest value, knowing that ``<10`` is
1–9 and ``×`` (a complementary cell) at least 10.
"""

from __future__ import annotations

import html
import itertools
import re

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

SECRET, BIG = "×", 1e9


def _cell(text: str):
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    if text.startswith("<") and text[1:].isdigit():
        return ("small", int(text[1:]))
    if text == SECRET:
        return ("secret", None)
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})*", text):
        return ("value", int(text.replace(".", "")))
    return ("other", text)


def published_tables(page: str) -> list[tuple[str, list[str], list[list]]]:
    """(caption, headers, rows of parsed cells) of every table with a suppressed cell."""
    out = []
    # the page up to its Verantwoording (whatever the order of the section's attributes)
    main = re.split(r"<section[^>]*\bid=[\"']provenance[\"']", page, maxsplit=1)[0]
    for match in re.finditer(r"<table class=[\"']audit-table[\"'][^>]*>(.*?)</table>", main, re.S):
        inner = match.group(1)
        if SECRET not in inner and "&lt;" not in inner:
            continue
        caption = re.search(r"<caption>(.*?)</caption>", inner, re.S)
        headers = [
            html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
            for h in re.findall(r"<th[^>]*>(.*?)</th>", inner, re.S)
        ]
        body = re.search(r"<tbody>(.*?)</tbody>", inner, re.S).group(1)
        rows = [
            [_cell(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        ]
        out.append((caption.group(1) if caption else "", headers, rows))
    return out


def _relations(
    headers: list[str], rows: list[list], columns: bool = True
) -> list[tuple[tuple, tuple]]:
    labels = [str(r[0][1]) for r in rows]
    kind = [
        "total"
        if re.match(r"\s*totaal", x, re.I)
        else "subtotal"
        if re.match(r"\s*subtotaal", x, re.I)
        else "share"
        if re.match(r"\s*(percentage|%)", x, re.I)
        else "detail"
        for x in labels
    ]
    count_cols = [
        j
        for j in range(1, len(headers))
        if "%" not in headers[j]
        and any(r[j][0] in ("small", "secret") for r in rows)
        or all(
            r[j][0] in ("small", "secret", "value")
            for r, k in zip(rows, kind, strict=True)
            if k != "share"
        )
        and "%" not in headers[j]
    ]
    rels = []
    detail = [i for i, k in enumerate(kind) if k == "detail"]
    for i, k in enumerate(kind):
        if k == "total":
            groups = [detail]
            subs = [j for j, kk in enumerate(kind) if kk == "subtotal"]
            if subs:
                rest = [
                    j
                    for j in detail
                    if not any(
                        s > j and all(kind[m] == "detail" for m in range(j, s)) for s in subs
                    )
                ]
                groups.append(subs + rest)
        elif k == "subtotal":
            block = []
            for j in range(i - 1, -1, -1):
                if kind[j] != "detail":
                    break
                block.append(j)
            groups = [block]
        else:
            continue
        groups += _subsets_that_add_up(i, detail, count_cols, rows)
        for parts in groups:
            for c in count_cols:
                rels.append(((i, c), tuple((p, c) for p in parts)))
    # column sums inferred from the fully visible rows
    visible = [
        i
        for i, r in enumerate(rows)
        if kind[i] != "share" and all(r[c][0] == "value" for c in count_cols)
    ]
    for target in count_cols if columns and len(visible) >= 2 else []:
        others = [c for c in count_cols if c != target]
        for size in range(2, len(others) + 1):
            for subset in itertools.combinations(others, size):
                if (
                    visible
                    and all(
                        rows[i][target][1] == sum(rows[i][c][1] for c in subset) for i in visible
                    )
                    and any(rows[i][target][1] for i in visible)
                ):
                    for i, k in enumerate(kind):
                        if k != "share":
                            rels.append(((i, target), tuple((i, c) for c in subset)))
    return rels


def _subsets_that_add_up(total: int, detail: list[int], columns: list[int], rows) -> list:
    """Sets of detail rows that add up to row ``total`` in every column where all of them are
    visible (at least two such columns, as a reader checking the labels' meaning would)."""
    if len(detail) > 14:
        return []
    found = []
    for size in range(1, len(detail) + 1):
        for parts in itertools.combinations(detail, size):
            evidence = 0
            for c in columns:
                members = [rows[total][c], *(rows[p][c] for p in parts)]
                if all(m[0] == "value" for m in members):
                    if members[0][1] != sum(m[1] for m in members[1:]):
                        break
                    evidence += 1
            else:
                if evidence >= 2:
                    found.append(list(parts))
    return found


def recoverable(headers: list[str], rows: list[list]) -> list[tuple[int, int, float]]:
    """The suppressed cells whose value the intruder pins down: (row, column, value). A guessed
    column relation that contradicts the table is dropped (the intruder then keeps to the
    totals of the rows)."""
    found = _solve(headers, rows, columns=True)
    return _solve(headers, rows, columns=False) if found is None else found


def _solve(headers: list[str], rows: list[list], columns: bool):
    cells = [
        (i, j) for i, r in enumerate(rows) for j, c in enumerate(r) if c[0] in ("small", "secret")
    ]
    if not cells:
        return []
    index = {c: n for n, c in enumerate(cells)}
    a_rows, rhs = [], []
    for total, parts in _relations(headers, rows, columns):
        members = [(total, -1.0)] + [(p, 1.0) for p in parts]
        if not any(m in index for m, _ in members):
            continue
        if any(rows[m[0]][m[1]][0] not in ("small", "secret", "value") for m, _ in members):
            continue
        row, const = np.zeros(len(cells)), 0.0
        for m, sign in members:
            if m in index:
                row[index[m]] += sign
            else:
                const += sign * rows[m[0]][m[1]][1]
        a_rows.append(row)
        rhs.append(-const)
    lower = [1 if rows[i][j][0] == "small" else 10 for i, j in cells]
    upper = [rows[i][j][1] - 1 if rows[i][j][0] == "small" else BIG for i, j in cells]
    zero, ones = np.zeros(len(cells)), np.ones(len(cells))
    # relations are taken one by one, each only if the table still has a solution with it: a
    # guess the labels got wrong is dropped
    kept_rows, kept_rhs = [], []
    for row, b in zip(a_rows, rhs, strict=True):
        trial = np.array([*kept_rows, row])
        bounds = [*kept_rhs, b]
        ok = milp(zero, constraints=[LinearConstraint(trial, bounds, bounds)],
                  bounds=Bounds(lower, upper), integrality=ones).status != 2  # fmt: skip
        if ok:
            kept_rows.append(row)
            kept_rhs.append(b)
    a_rows, rhs = kept_rows, kept_rhs
    constraints = [LinearConstraint(np.array(a_rows), rhs, rhs)] if a_rows else []
    found = []
    for n, (i, j) in enumerate(cells):
        ends = []
        for sign in (1, -1):
            c = np.zeros(len(cells))
            c[n] = sign
            res = milp(c, constraints=constraints, bounds=Bounds(lower, upper),
                       integrality=np.ones(len(cells)))  # fmt: skip
            if res.status == 2:  # infeasible: a guessed relation does not hold
                return None
            ends.append(sign * res.fun if res.status == 0 else np.inf * sign)
        if ends[1] - ends[0] < 0.5:
            found.append((i, j, ends[0]))
    return found
