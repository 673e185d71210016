"""Computed tables beside the printed ones, as the reader sees them: marked cells, small cells
hidden, the misses listed."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import MISSING, decimals_of, nl_count, nl_number, nl_pct
from analysis.published.reproduction import BASES, misses, overall, summary
from analysis.published.tables import has_table, table_meta
from analysis.report.definitions import REGISTRY_SOURCE, definition
from analysis.report.html import escape, html, table


def note_text(row: pd.Series) -> str:
    """A comparison's note in words (empty for a cell within or outside its precision)."""
    status = row["status"]
    if status == "not_compared":
        return f"niet vergeleken: {row['reason']}"
    if status == "not_reproduced":
        return "niet gereproduceerd"
    if status == "contradiction":
        alternative = float(row["alternative"])
        return (
            "gepubliceerde cijfers spreken elkaar tegen; gereproduceerd is de waarde die uit de "
            f"andere gedrukte cijfers volgt ({nl_number(alternative, decimals_of(alternative))})"
        )
    if status == "explained":
        return str(row["reason"])
    return ""


def with_notes(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with a ``note`` column: each comparison worded (:func:`note_text`)."""
    notes = rows.apply(note_text, axis=1) if len(rows) else pd.Series(dtype=str)
    return rows.assign(note=notes)


def _hidden_in_tables(case: str, table_ids: Any) -> set[tuple[str, str, str]]:
    """(table id, row label, column) of every cell disclosure control hides in the case's
    computed tables, so no other page shows it."""
    from analysis import store
    from analysis.core.cases import load_case
    from analysis.report.disclosure import Rules, protect

    rules = Rules.of(load_case(case))
    out = set()
    for table_id in table_ids:
        computed = store.read(case, "table", table_id=table_id)
        if computed is None or definition(table_id) is None:
            continue
        cells = hidden_cells(protect(computed.drop(columns=["row_id"], errors="ignore"), rules))
        out |= {(table_id, row, column) for row, column in cells}
    return out


def misses_view(case: str, rows: pd.DataFrame) -> pd.DataFrame:
    """The misses with the printed table number and column header, for the report; a
    recomputed value the table hides is shown as hidden here too."""
    out = with_notes(misses(rows))
    hidden = _hidden_in_tables(case, out["table_id"].unique())
    out["reproduced"] = [
        "afgeschermd" if (t, str(r), c) in hidden else v
        for t, r, c, v in zip(
            out["table_id"], out["row"], out["column"], out["reproduced"], strict=True
        )
    ]
    metas = {t: table_meta(case, t) for t in out["table_id"].unique()}
    out["column"] = [
        metas[t].headers.get(c, c) for t, c in zip(out["table_id"], out["column"], strict=True)
    ]
    out["table_id"] = [metas[t].number for t in out["table_id"]]
    return out[["table_id", "row", "column", "published", "reproduced", "note"]]


def render(
    cfg: Case,
    table_id: str,
    reproduced: pd.DataFrame,
    comparison: pd.DataFrame | None = None,
    source: str | None = None,
) -> str:
    """A computed table in house style; where the case has the printed table, its comparison
    with it below.

    Headers and units are the analysis's own (:mod:`analysis.report.definitions`; a table
    recomputed from printed figures has none and takes the transcription's). Where the case has
    a transcription of the table, the caption is the printed number and title ("Tabel 4.6 – …
    (herberekend)") and ``comparison`` (:func:`analysis.published.reproduction.compare`) is
    worded below the table; without one, the caption is the own title and nothing refers to a
    printed report. Disclosure control (:func:`analysis.report.disclosure.protect`) hides person
    counts below the case's ``min_cell`` and the cells they could be recovered from.
    """
    from analysis.report.disclosure import Rules, legend, protect, public
    from analysis.report.html import number_format

    own = definition(table_id)
    printed = table_meta(cfg.name, table_id) if has_table(cfg.name, table_id) else None
    if own is None and printed is None:
        raise KeyError(f"table {table_id!r} has neither an own definition nor a transcription")
    columns = list(reproduced.columns)
    if own is not None:
        headers = own.headers(columns, cfg.period_end)
        units = own.units(columns)
    else:
        headers, units = dict(printed.headers), dict(printed.units)  # type: ignore[union-attr]
    if printed is not None:
        caption = f"{printed.number} – {printed.title} (herberekend)"
    else:
        caption = own.caption(cfg.period_start, cfg.period_end)  # type: ignore[union-attr]
    if source is None:
        source = own.source if own is not None else REGISTRY_SOURCE
    rules = Rules.of(cfg)
    protected = protect(reproduced, rules)
    money = [c for c in columns if units.get(c) in ("eur", "eur_mln")]
    if own is not None and money:
        protected = _protect_money(cfg, table_id, reproduced, protected, money, rules)
    shown = protected.shown
    check = protected.check
    if own is None:  # recomputed from printed figures only: nothing from the registry
        check = public()
    formats = {
        c: number_format(units.get(c, "number"))
        for c in columns
        if c != "label" and units.get(c) not in ("text", "label")
    }
    totals = [
        i
        for i, label in enumerate(reproduced["label"])
        if str(label).startswith(("Totaal", "Subtotaal"))
    ]
    html = table(
        shown,
        caption=caption,
        source=source,
        headers={**headers, "label": headers.get("label", "")},
        formats=formats,
        total_rows=totals,
        numeric=list(formats),  # right-aligned, also where "<10" made the column text
        check=check,
    )
    lines = []
    if printed is not None and comparison is not None:
        lines = comparison_lines(comparison, printed.headers, hidden_cells(protected))
        html += beside_printed(comparison, headers, units, protected)
    lines.append(legend(rules, protected))
    lines = [line for line in lines if line]
    if not lines:
        return html
    notes = "".join(f"<li>{escape(line)}</li>" for line in dict.fromkeys(lines))
    return html + f"<ul class='audit-note'>{notes}</ul>"


def _protect_money(
    cfg: Case,
    table_id: str,
    reproduced: pd.DataFrame,
    protected: Any,
    money: list[str],
    rules: Any,
) -> Any:
    """``protected`` with the dominance rules applied to the money columns of a table, on the
    contributions behind each cell (store artefact ``contributions``); an average per client
    or per exit is hidden with its sum. Without contributions the table is marked for review."""
    from analysis import store
    from analysis.report.disclosure import Protected, protect_amounts, review

    found = store.read(cfg.name, "contributions")
    mine = None if found is None else found[found["table_id"] == table_id]
    sums = [c for c in money if mine is not None and c in set(mine["column"])]
    if not sums:
        note = "bedragen zonder bijdragen per cel: de dominantieregels (N–K, p%) niet toegepast"
        return Protected(
            protected.shown,
            protected.primary,
            protected.secondary,
            protected.relations,
            protected.check.merged(review(note)),
        )
    provider = mine["provider"].fillna("").astype(str)
    contributor = provider.where(provider != "", mine["client_key"].astype(str))
    amounts = protect_amounts(
        reproduced,
        sums,
        mine.assign(contributor=contributor).rename(columns={"value_eur": "value"}),
        rules,
        row_key="label",
        derived={c: sums[0] for c in money if c not in sums},
    )
    shown = protected.shown.copy()
    for column in money:
        changed = amounts.shown[column] != reproduced.reset_index(drop=True)[column]
        changed &= amounts.shown[column].map(lambda v: isinstance(v, str))
        shown.loc[changed.to_numpy(), column] = amounts.shown.loc[changed.to_numpy(), column]
    return Protected(
        shown,
        protected.primary,
        protected.secondary | amounts.primary | amounts.secondary,
        protected.relations,
        protected.check.merged(amounts.check),
    )


RECOMPUTED = {
    "registry": "herberekend uit het cliëntenbestand",
    "printed": "herberekend uit gedrukte aantallen",
}
"""The two kinds of recomputed figure, named apart wherever they stand beside printed ones."""


def hidden_cells(protected: Any) -> set[tuple[str, str]]:
    """The (row label, column) cells disclosure control hides in a computed table."""
    labels = [str(v) for v in protected.shown["label"]]
    return {(labels[i], c) for i, c in protected.primary | protected.secondary} | {
        (labels[i], c)
        for i in range(len(labels))
        for c in protected.shown.columns
        if c.endswith("_pct") and protected.shown.at[i, c] == MISSING
    }


def beside_printed(
    comparison: pd.DataFrame, headers: dict[str, str], units: dict[str, str], protected: Any
) -> str:
    """On request (a closed ``<details>``, opened in print): per compared cell the recomputed
    figure beside the printed one, labelled by what it was recomputed from. A cell the table
    hides stays hidden here, shown as in the table."""
    from analysis.report.html import number_format

    compared = comparison[comparison["published"].notna()]
    if compared.empty:
        return ""
    basis = str(compared["basis"].iloc[0]) if "basis" in compared else "registry"
    recomputed = RECOMPUTED.get(basis, RECOMPUTED["registry"])
    columns = list(dict.fromkeys(compared["column"]))
    rows = list(dict.fromkeys(compared["row"]))
    own = compared.pivot_table(
        index="row", columns="column", values="reproduced", aggfunc="first", dropna=False
    ).reindex(index=rows, columns=columns)
    printed = compared.pivot_table(
        index="row", columns="column", values="published", aggfunc="first", dropna=False
    ).reindex(index=rows, columns=columns)
    in_table = {
        (str(label), c): protected.shown.at[i, c]
        for i, label in enumerate(protected.shown["label"])
        for c in protected.shown.columns
    }
    hidden = hidden_cells(protected)
    frame: dict[str, list[str]] = {"label": rows}
    shown_headers = {"label": ""}
    for column in columns:
        fmt = number_format(units.get(column, "number"))
        frame[f"{column}__own"] = [
            fmt(in_table.get((str(row), column), v)) if (str(row), column) in hidden else fmt(v)
            for row, v in zip(rows, own[column], strict=True)
        ]
        frame[f"{column}__printed"] = [fmt(v) for v in printed[column]]
        header = headers.get(column, column)
        shown_headers[f"{column}__own"] = f"{header}: {recomputed}"
        shown_headers[f"{column}__printed"] = f"{header}: gedrukt"
    inner = table(
        pd.DataFrame(frame),
        headers=shown_headers,
        numeric=[c for c in frame if c != "label"],
        escape=False,  # cells are formatted (and escaped) above
    )
    return (
        "<details class='beside-printed'><summary>Gedrukte cijfers ernaast tonen</summary>"
        f"{inner}</details>"
    )


def _figure(value: Any) -> str:
    """A printed or recomputed figure in Dutch notation, with the decimals it has (at most 4)."""
    return nl_number(value, decimals_of(value))


def comparison_lines(
    comparison: pd.DataFrame,
    printed_headers: dict[str, str],
    hidden: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
) -> list[str]:
    """A table's comparison with the printed one in words: the share within the margin, each
    miss, the columns not compared and the notes (printed column headers). A miss in a cell
    the table hides (``hidden``: row label, column) is told without the recomputed value."""
    compared = comparison[comparison["within_tolerance"].notna()]
    ok = int(compared["within_tolerance"].astype(bool).sum())
    lines = [
        f"Vergeleken met de gedrukte tabel: {ok} van de {len(compared)} cijfers binnen de marge."
    ]
    for _, m in misses(comparison).iterrows():
        own = (
            "herberekend afgeschermd"
            if (str(m["row"]), m["column"]) in hidden
            else f"herberekend {_figure(m['reproduced'])}"
        )
        lines.append(
            f"Afwijking: {m['row']} / {printed_headers.get(m['column'], m['column'])}: "
            f"gedrukt {_figure(m['published'])}, {own}."
        )
    comparison = with_notes(comparison)
    noted = comparison[comparison["note"].str.len() > 0]
    skipped = noted[noted["within_tolerance"].isna()]
    for column, part in skipped.groupby("column", sort=False):
        header = printed_headers.get(column, column)
        lines.append(
            f"Kolom ‘{header}’ ({nl_count(len(part), 'cijfer', 'cijfers')}) {part['note'].iloc[0]}."
        )
    for _, m in noted[noted["within_tolerance"].notna()].iterrows():
        if m["within_tolerance"]:
            header = printed_headers.get(m["column"], m["column"])
            lines.append(f"{m['row']} / {header}: {m['note']}.")
    return lines


def missing_table(table_id: str) -> str:
    """One sentence for a computed table the case's registry has no data for."""
    own = definition(table_id)
    what = own.needs if own is not None else "gegevens"
    return (
        f"<p>Het cliëntenbestand van deze casus bevat geen {what}; deze tabel is niet berekend.</p>"
    )


def recovered_sentence(rows: pd.DataFrame, synthetic: bool) -> str:
    """How many printed figures were found again, separately for those recomputed from the
    registry and those recomputed from other printed figures; on a synthetic registry, in the
    same sentence, that it was calibrated to these tables."""
    parts = []
    for basis, source in BASES.items():
        within, compared = overall(rows, basis)
        if not compared:
            continue
        share = nl_pct(100 * within / compared)
        if basis == "registry" and synthetic:
            # a registry drawn to fit these tables: agreement checks the code, not the audit
            parts.append(
                f"controle van de analyse op het synthetische demobestand: {nl_number(within)} "
                f"van de {nl_number(compared)} gedrukte cijfers komen {source} terug ({share}); "
                "het demobestand is op deze tabellen afgestemd, dus dit toetst de werking van de "
                "analyse, niet de gemeente en geen herhaling van het onderzoek"
            )
            continue
        parts.append(
            f"{source} herberekend: {nl_number(within)} van de {nl_number(compared)} gedrukte "
            f"cijfers ({share}) teruggevonden"
        )
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


SUMMARY_HEADERS = {
    "titel": "tabel",
    "cells_n": "vergeleken cijfers",
    "within_n": "binnen de marge",
    "not_compared_n": "niet vergeleken",
    "within_pct": "% binnen de marge",
}
MISSES_HEADERS = {
    "table_id": "tabel",
    "row": "rij",
    "column": "kolom",
    "published": "gedrukt",
    "reproduced": "herberekend",
    "note": "toelichting",
}


def summary_parts(case: str, rows: pd.DataFrame, synthetic: bool) -> list[Any]:
    """Section "Reproductie": the share found again per basis, per table, and what was missed."""
    per_table = summary(rows)
    per_table.insert(1, "titel", [table_meta(case, t).number for t in per_table["table_id"]])
    parts: list[Any] = [
        html(
            f"<p>{recovered_sentence(rows, synthetic)}</p>",
            table(
                per_table.drop(columns=["table_id"]),
                caption="Reproductie per tabel",
                headers=SUMMARY_HEADERS,
                formats={"within_pct": lambda v: nl_pct(v)},
            ),
        )
    ]
    missed = misses_view(case, rows)
    if len(missed):
        parts.append(table(missed, caption="Niet gereproduceerde cijfers", headers=MISSES_HEADERS))
    return parts


def misses_parts(case: str, rows: pd.DataFrame, what: str) -> list[Any]:
    """The share of compared printed figures of ``what`` found again, and the misses."""
    compared = rows[rows["within_tolerance"].notna()]
    share = 100 * compared["within_tolerance"].astype(bool).mean()
    parts: list[Any] = [
        f"<p>Van de {nl_number(len(compared))} vergeleken gedrukte cijfers in {what} ligt "
        f"{nl_pct(share)} binnen de marge (bedragen binnen de afronding van het gedrukte "
        "cijfer).</p>"
    ]
    missed = misses_view(case, rows)
    if len(missed):
        parts.append(table(missed, caption="Niet gereproduceerde cijfers", headers=MISSES_HEADERS))
    return parts
