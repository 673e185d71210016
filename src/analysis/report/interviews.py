"""Interviews with clients (notebook 04): the selection funnel with its arithmetic, and the
findings coded by theme.

Interviews transcribed from a printed report (no respondent ids: each statement carries the
quantifier the report prints) are public figures and shown as printed. Own interviews (coded per
respondent) are counted per theme and satisfaction group, and every count of persons — the
funnel's too — passes the disclosure rules of the case: an interview group is small by nature.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import nl_number, nl_pct, without_line_references
from analysis.report.disclosure import Rules, legend, protect, public
from analysis.report.html import Part, sentences, table
from analysis.steps.interviews import Interviews, funnel_checks, funnel_steps, theme_counts

NO_INTERVIEWS = (
    "<p><strong>Voor deze casus zijn geen interviews met cliënten gecodeerd</strong>; dit "
    "onderdeel is niet uitgevoerd. De sjablonen staan in <code>data/raw/templates/</code> "
    "(<code>interview_*.csv</code>).</p>"
)
PUBLISHED = "aantallen en bevindingen uit het gedrukte rapport"
SATISFACTION = {
    "tevreden": "tevreden",
    "minder tevreden": "minder tevreden",
    "beide": "tevreden en minder tevreden",
    "onbekend": "niet bekend",
}
"""How the report names the satisfaction groups of ``analysis.steps.interviews``."""


def worded_checks(checks: pd.DataFrame, hidden: bool) -> pd.DataFrame:
    """The funnel's checks (:func:`analysis.steps.interviews.funnel_checks`) as the report shows
    them: the check in words, what was expected and found (``afgeschermd`` when the funnel's
    counts are hidden), and the outcome."""
    rows = []
    for row in checks.itertuples():
        if row.kind == "not_more_than_previous":
            check = f"‘{row.stage}’ ≤ ‘{row.previous_stage}’"
            expected, found = f"≤ {nl_number(row.expected_n)}", nl_number(row.found_n)
        else:
            check = f"groepen van ‘{row.stage}’ tellen op tot de stap"
            expected = nl_number(row.expected_n)
            found = " + ".join(nl_number(n) for n in row.parts) + f" = {nl_number(row.found_n)}"
        if hidden:
            expected = found = "afgeschermd"
        rows.append(
            {
                "check": check,
                "expected": expected,
                "found": found,
                "holds": "klopt" if row.holds else "klopt niet",
            }
        )
    return pd.DataFrame(rows, columns=["check", "expected", "found", "holds"])


def _source(cfg: Case | None, interviews: Interviews) -> str:
    if interviews.counted or cfg is None:
        return "Bron: eigen interviews, gecodeerd per respondent."
    return f"Bron: {cfg.auditor} ({cfg.published}), zoals gedrukt."


def funnel_figure(steps: pd.DataFrame, hidden: set[int]):
    """Horizontal bars from the first step down; a hidden step is drawn without its bar."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    fig, ax = plt.subplots(figsize=(8, 0.6 + 0.5 * len(steps)))
    y = range(len(steps))[::-1]
    values = [0 if i in hidden else n for i, n in enumerate(steps["persons_n"])]
    ax.barh(list(y), values, color=COLOURS["blue"])
    for pos, n, i in zip(y, steps["persons_n"], range(len(steps)), strict=True):
        text = "afgeschermd" if i in hidden else nl_number(n)
        ax.annotate(text, (values[i], pos), xytext=(4, 0), textcoords="offset points", va="center")
    ax.set_yticks(list(y), steps["stage"])
    ax.set_xlabel("personen")
    ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle("Werving van de geïnterviewde cliënten: personen per stap")
    return fig


def funnel_rows(funnel: pd.DataFrame) -> pd.DataFrame:
    """The funnel as rows to show: each step (with its shares) followed by its groups
    (``waarvan <group>``, no shares)."""
    steps = funnel_steps(funnel).set_index("step")
    rows = []
    for step, group in funnel.groupby("step", sort=True):
        total = steps.loc[step]
        rows.append(
            {
                "label": total["stage"],
                "persons_n": int(total["persons_n"]),
                "of_previous_pct": total["of_previous_pct"],
                "of_first_pct": total["of_first_pct"],
                "is_step": True,
            }
        )
        for part in group.dropna(subset=["group"]).itertuples():
            rows.append(
                {
                    "label": f"waarvan {part.group}",
                    "persons_n": int(part.persons_n),
                    "is_step": False,
                    "step_label": total["stage"],
                }
            )
    out = pd.DataFrame(
        rows,
        columns=["label", "persons_n", "of_previous_pct", "of_first_pct", "is_step", "step_label"],
    )
    twice = out["label"].duplicated(keep=False) & ~out["is_step"].astype(bool)
    out.loc[twice, "label"] = out.loc[twice, "label"] + " (" + out.loc[twice, "step_label"] + ")"
    return out.drop(columns="step_label")


def _group_parts(rows: pd.DataFrame) -> dict[str, list[str]]:
    """Step label → the labels of its groups: the relation a reader can use to recompute a
    hidden group from the step and the other groups."""
    parts: dict[str, list[str]] = {}
    current = None
    for row in rows.itertuples():
        if row.is_step:
            current = row.label
        else:
            parts.setdefault(current, []).append(row.label)
    return parts


def funnel_parts(cfg: Case | None, interviews: Interviews, rules: Rules) -> list[Part]:
    """Section "Werving en selectie": the funnel as table and figure, and its arithmetic. Own
    interviews pass the disclosure rules (a group of a step is small by nature)."""
    rows = funnel_rows(interviews.funnel)
    shown = rows.drop(columns="is_step").astype(object)
    if interviews.counted:
        protected = protect(
            rows[["label", "persons_n"]],
            rules,
            counts=["persons_n"],
            row_parts=_group_parts(rows),
        )
        check, note = protected.check, legend(rules, protected)
        hidden = {i for i, _ in protected.primary | protected.secondary}
        shown["persons_n"] = protected.shown["persons_n"]
        for i in hidden:  # a share of a hidden count gives it away
            shown.loc[i, ["of_previous_pct", "of_first_pct"]] = "–"
    else:
        check, note, hidden = public(PUBLISHED), "", set()
    steps = rows[rows["is_step"]].reset_index()
    fig = funnel_figure(
        steps.rename(columns={"label": "stage"}),
        {k for k, i in enumerate(steps["index"]) if i in hidden},
    )
    fig.disclosure = check
    # the check of a hidden count would show it
    checks = worded_checks(funnel_checks(interviews.funnel), hidden=bool(hidden))
    failed = checks[checks["holds"] != "klopt"]
    lines = (
        [
            f"Een controle klopt niet: {r.check} (verwacht {r.expected}, gevonden {r.found})."
            for r in failed.itertuples()
        ]
        if len(failed)
        else [
            f"De {len(checks)} rekenkundige controles van de werving kloppen: geen stap telt "
            "meer personen dan de stap ervoor en de groepen tellen op tot hun stap."
        ]
    )
    pct = lambda v: v if isinstance(v, str) else ("" if pd.isna(v) else nl_pct(v))  # noqa: E731
    return [
        table(
            shown,
            caption="Werving en selectie van de geïnterviewde cliënten",
            headers={
                "label": "stap",
                "persons_n": "personen",
                "of_previous_pct": "% van vorige stap",
                "of_first_pct": "% van de eerste stap",
            },
            formats={"of_previous_pct": pct, "of_first_pct": pct},
            numeric=("persons_n",),
            source=_source(cfg, interviews),
            check=check,
        ),
        note,
        fig,
        table(
            checks,
            caption="Rekenkundige controle van de werving",
            headers={
                "check": "controle",
                "expected": "verwacht",
                "found": "gevonden",
                "holds": "uitkomst",
            },
            source="Bron: de tabel hierboven, nagerekend.",
            check=check,
        ),
        sentences(lines),
    ]


def findings_parts(
    cfg: Case,
    interviews: Interviews,
    findings: pd.DataFrame,
    framework: pd.DataFrame | None = None,
) -> list[Part]:
    """Section "Bevindingen per thema": each coded statement with its group, direction and
    how many said it (the printed quantifier); which norm of ``framework`` (the case's norm
    framework) the themes inform, in a sentence."""
    shown = findings.drop(columns=["source", "norm_id"]).copy()
    shown["satisfaction"] = shown["satisfaction"].map(SATISFACTION)
    shown["quote"] = shown["quote"].map(
        lambda v: v if pd.isna(v) else without_line_references(str(v))
    )
    by_theme = findings.groupby("theme", sort=False).size()
    lines = [
        f"{len(findings)} gecodeerde uitspraken onder {len(by_theme)} thema's; "
        f"{int((findings['direction'] == 'negatief').sum())} negatief, "
        f"{int((findings['direction'] == 'positief').sum())} positief, "
        f"{int((findings['direction'] == 'gemengd').sum())} gemengd."
    ]
    if framework is not None:
        norm_text = framework.set_index("norm_id")
        for norm_id, themes in findings.dropna(subset=["norm_id"]).groupby("norm_id", sort=False):
            norm = norm_text.loc[norm_id]
            names = "; ".join(f"‘{t}’" for t in themes["theme"].unique())
            lines.append(
                f"Deze thema's zeggen iets over de norm ‘{norm['norm']}’ ({norm['part']}, "
                f"onderdeel Normenkader): {names}."
            )
    return [
        table(
            shown,
            caption="Ervaringen van cliënten per thema",
            headers={
                "theme": "thema",
                "satisfaction": "groep",
                "direction": "strekking",
                "quantifier": "hoeveel (zoals gedrukt)",
                "finding": "bevinding",
                "quote": "citaat",
            },
            source=_source(cfg, interviews),
            check=public(PUBLISHED) if not interviews.counted else None,
        ),
        sentences(lines),
    ]


def counts_parts(interviews: Interviews, rules: Rules) -> list[Part]:
    """Section "Respondenten per thema" (own interviews only): per theme and satisfaction group
    the respondents with a positive, negative or mixed statement, small groups hidden."""
    counts = theme_counts(interviews).drop(columns="theme_id").rename(columns={"theme": "label"})
    protected = protect(counts, rules)
    headers = {"label": "thema", "respondents_n": "respondenten"}
    for column in counts.columns:
        if column.endswith("_n") and column != "respondents_n":
            group, direction = column.removesuffix("_n").rsplit("_", 1)
            headers[column] = f"{group.replace('_', ' ')}: {direction}"
    return [
        table(
            protected.shown,
            caption="Respondenten per thema, naar tevredenheid en strekking",
            headers=headers,
            numeric=[c for c in counts.columns if c.endswith("_n")],
            source="Bron: eigen interviews, gecodeerd per respondent.",
            check=protected.check,
        ),
        legend(rules, protected),
    ]
