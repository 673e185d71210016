"""The net effect of trajectories as the reader sees it (notebook 02, "Netto-effect van
trajecten"): naive, matched and duration-model estimates side by side, SEO's printed effect,
the balance after matching, common support, the caliper and the net effect per category with the
cost per additional exit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.formats import nl_eur, nl_number
from analysis.report.disclosure import Check, Rules, as_rules, counts_check, public
from analysis.report.html import Part, html, sentences, table
from analysis.steps.effect import MIN_CONTRACT_STARTERS

SOURCE = (
    "Bron: cliëntenbestand van deze casus; nieuwe instroom in de periode, eerste traject per "
    "persoon. Schattingen op eigen berekening (dynamische matching, Cox-model)."
)


RANKING_HORIZON = 12
"""Months after the start at which contracts are ranked by their net effect."""


def _pp(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:+.1f}".replace(".", ",")


def _ci(low: float, high: float) -> str:
    if pd.isna(low) or pd.isna(high):
        return "–"
    return f"{_pp(low)} tot {_pp(high)}"


def _check(counts, rules: Rules) -> Check:
    check = counts_check(counts, rules, "groepen")
    if check.status == "pass":
        return Check(
            check.rules,
            status="pass",
            notes=(f"schattingen over groepen van ten minste {rules.threshold} personen",),
        )
    return check


def _enough(n: float, rules: Rules) -> bool:
    return not rules.is_small(n)


def estimates_table(matched, duration, naive: pd.DataFrame, rules: Rules) -> str:
    """One row per horizon: starters, the three estimates with their intervals."""
    m = matched.estimates[matched.estimates["category"] == "alle"].set_index("horizon")
    d = duration.estimates[duration.estimates["category"] == "alle"].set_index("horizon")
    nv = naive.set_index("horizon")
    rows = []
    shown = []
    for h in m.index:
        ok = _enough(m.at[h, "treated_n"], rules) and _enough(nv.at[h, "never_n"], rules)
        shown.append(m.at[h, "treated_n"] if ok else rules.threshold)
        rows.append(
            {
                "horizon": f"binnen {h} maanden",
                "starters": nl_number(m.at[h, "treated_n"]) if ok else f"<{rules.threshold}",
                "naive": _pp(nv.at[h, "naive_pp"]) if ok else "–",
                "matched": _pp(m.at[h, "att_pp"]) if ok else "–",
                "matched_ci": _ci(m.at[h, "ci_low"], m.at[h, "ci_high"]) if ok else "–",
                "cox": _pp(d.at[h, "effect_pp"]) if ok and h in d.index else "–",
                "cox_ci": _ci(d.at[h, "ci_low"], d.at[h, "ci_high"])
                if ok and h in d.index
                else "–",
            }
        )
    headers = {
        "horizon": "Uitstroom naar werk",
        "starters": "starters te volgen",
        "naive": "naïef (procentpunt)",
        "matched": "matching (procentpunt)",
        "matched_ci": "95%-interval",
        "cox": "duurmodel (procentpunt)",
        "cox_ci": "95%-interval",
    }
    return table(
        pd.DataFrame(rows),
        "Netto-effect van de start van een traject op uitstroom naar werk",
        SOURCE,
        headers=headers,
        numeric=list(headers)[1:],
        check=_check(shown, rules),
    )


def figure(matched, duration, naive: pd.DataFrame, truth: pd.DataFrame | None = None, rules=10):
    """Naive, matched and duration-model estimates per horizon, with intervals (and, on a
    registry with a known effect, the true effects as markers)."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    rules = as_rules(rules)
    m = matched.estimates[matched.estimates["category"] == "alle"].set_index("horizon")
    d = duration.estimates[duration.estimates["category"] == "alle"].set_index("horizon")
    nv = naive.set_index("horizon")
    keep = [h for h in m.index if _enough(m.at[h, "treated_n"], rules)]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    x = np.arange(len(keep))
    ax.scatter(x - 0.2, nv.loc[keep, "naive_pp"], color=COLOURS["grey"], marker="s", label="naïef")
    for shift, frame, column, colour, label in (
        (0.0, m, "att_pp", COLOURS["blue"], "matching"),
        (0.2, d, "effect_pp", COLOURS["vermillion"], "duurmodel"),
    ):
        hs = [h for h in keep if h in frame.index]
        pos = np.array([keep.index(h) for h in hs]) + shift
        val = frame.loc[hs, column].to_numpy()
        err = [val - frame.loc[hs, "ci_low"].to_numpy(), frame.loc[hs, "ci_high"].to_numpy() - val]
        ax.errorbar(pos, val, yerr=err, fmt="o", color=colour, capsize=3, label=label)
    if truth is not None:
        marks = (("now_vs_later", 0.0), ("now_vs_never", 0.2))
        for estimand, shift in marks:
            t = truth[(truth["estimand"] == estimand) & (truth["category"] == "alle")]
            t = t.set_index("horizon").reindex(keep)
            ax.scatter(x + shift, t["effect_pp"], marker="x", color="black", zorder=5,
                       label="werkelijk effect" if shift == 0 else None)  # fmt: skip
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, [f"{h} maanden" for h in keep])
    ax.set_ylabel("procentpunt meer uitstroom naar werk")
    ax.set_title("Effect van een traject: naïef, matching en duurmodel")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    fig.disclosure = _check([m.at[h, "treated_n"] for h in keep], rules)
    fig.tight_layout()
    return fig


def seo_sentence(matched, printed: pd.DataFrame | None) -> str:
    """Our 24-month estimate beside SEO's printed effect for Amsterdam (Tabel 4.10)."""
    m = matched.estimates[matched.estimates["category"] == "alle"].set_index("horizon")
    if printed is None or 24 not in m.index or pd.isna(m.at[24, "att_pp"]):
        return ""
    row = printed[printed["label"].str.startswith("Effect")]
    if row.empty:
        return ""
    seo = float(row["amsterdam_pct"].iloc[0])
    return (
        f"SEO vond voor de Amsterdamse instroom van 2001–2004 een effect van {_pp(seo)} "
        f"procentpunt op werk binnen twee jaar (Tabel 4.10, gedrukt als {nl_number(seo, 1)}%); "
        f"deze analyse schat met matching {_pp(m.at[24, 'att_pp'])} procentpunt "
        f"(95%-interval {_ci(m.at[24, 'ci_low'], m.at[24, 'ci_high'])}). SEO volgde andere "
        "jaren met een eigen bestand; de cijfers zijn een vergelijking, geen controle."
    )


def _mean(covariate: str, value: float) -> str:
    # a year is written without a thousands dot
    return f"{value:.2f}".replace(".", ",") if covariate == "cohort" else nl_number(value, 2)


def balance_table(matched, rules: Rules) -> str:
    b = matched.balance
    frame = pd.DataFrame(
        {
            "label": b["label"],
            **{
                group: [
                    _mean(n, v) for n, v in zip(b["covariate"], b[f"{group}_mean"], strict=True)
                ]
                for group in ("treated", "control", "matched")
            },
            "before": [_pp(v) for v in b["std_diff_before_pct"]],
            "after": [_pp(v) for v in b["std_diff_after_pct"]],
        }
    )
    headers = {
        "label": "Kenmerk",
        "treated": "starters",
        "control": "nog niet gestart",
        "matched": "na matching",
        "before": "gestand. verschil vóór (%)",
        "after": "na (%)",
    }
    n = matched.estimates.loc[matched.estimates["category"] == "alle", "treated_n"].max()
    return table(
        frame,
        "Balans van de kenmerken vóór en na matching",
        SOURCE + " Gestandaardiseerd verschil: verschil in gemiddelden gedeeld door de "
        "gepoolde standaardafwijking; onder 10% geldt als in balans.",
        headers=headers,
        numeric=list(headers)[1:],
        check=_check([n], rules),
    )


def support_figure(matched, rules=10):
    """Starters and not-yet-starters by the logit of their propensity to start (bars of fewer
    than the threshold are left out)."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    rules = as_rules(rules)
    s = matched.support
    mid = (s["low"] + s["high"]) / 2
    width = float((s["high"] - s["low"]).iloc[0])
    t = s["treated_n"].where(~s["treated_n"].map(rules.is_small), 0)
    c = s["control_n"].where(~s["control_n"].map(rules.is_small), 0)
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.bar(
        mid,
        100 * c / c.sum(),
        width=width,
        color=COLOURS["grey"],
        alpha=0.6,
        label="nog niet gestart",
    )
    ax.bar(mid, 100 * t / t.sum(), width=width * 0.5, color=COLOURS["blue"], label="starters")
    ax.set_xlabel("kans om te starten (logit van de propensity score)")
    ax.set_ylabel("% van de groep")
    ax.set_title("Gemeenschappelijk bereik (common support)")
    ax.legend(fontsize=8)
    drawn = [v for v in list(t) + list(c) if v > 0]
    fig.disclosure = counts_check(drawn, rules, "staven")
    fig.tight_layout()
    return fig


def caliper_table(matched, rules: Rules) -> str:
    cal = matched.calipers.pivot(index="caliper", columns="horizon", values="att_pp")
    off = matched.calipers.groupby("caliper")["off_support_n"].max()
    frame = pd.DataFrame({"caliper": [nl_number(c, 3) for c in cal.index]})
    for h in cal.columns:
        frame[f"h{h}"] = [_pp(v) for v in cal[h]]
    frame["off"] = [
        nl_number(v) if not rules.is_small(v) or v == 0 else f"<{rules.threshold}" for v in off
    ]
    headers = {"caliper": "bandbreedte (sd van de logit)"}
    headers |= {f"h{h}": f"effect binnen {h} mnd" for h in cal.columns}
    headers["off"] = "starters buiten bereik"
    n = matched.estimates.loc[matched.estimates["category"] == "alle", "treated_n"].max()
    return table(
        frame,
        "Gevoeligheid van het matching-effect voor de bandbreedte",
        SOURCE,
        headers=headers,
        numeric=list(headers)[1:],
        check=_check([n], rules),
    )


def unit_names(people: pd.DataFrame, contracts: pd.DataFrame, synthetic: bool) -> dict[str, str]:
    """Display name of each unit of :func:`analysis.steps.effect.by_contract`: a contract by its
    provider and name, on a synthetic registry by a neutral letter (Contract A, B, …: an invented
    finding must not read as one about a real provider); a category as itself."""
    units = people.dropna(subset=["category"]).drop_duplicates("category")
    own = units[units["category"].str.startswith("contract ")].sort_values("contract_id")
    info = contracts.drop_duplicates("contract_id").set_index("contract_id")
    names = {}
    for i, row in enumerate(own.itertuples()):
        if synthetic:
            label = f"Contract {chr(ord('A') + i % 26)}{'' if i < 26 else i // 26}"
        else:
            label = f"{info.at[row.contract_id, 'provider']}: {info.at[row.contract_id, 'name']}"
        names[row.category] = f"{label} ({row.contract_category})"
    for unit in units["category"]:
        names.setdefault(unit, unit)
    return names


def category_table(
    matched, duration, costs: pd.DataFrame, horizon: int, rules: Rules, names=None
) -> str:
    """Per contract (where large enough) or category: starters, gross share in work, net
    effect, hazard ratio, cost per starter and per additional exit to work (cost ÷ (net effect
    × starters)), ranked by the cost per additional exit."""
    names = names or {}
    m = matched.estimates[
        (matched.estimates["horizon"] == horizon) & (matched.estimates["category"] != "alle")
    ]
    hr = duration.hazard_ratios.set_index("category")
    rows, shown = [], []
    for r in m.itertuples():
        if not _enough(r.treated_n, rules):
            continue
        shown.append(r.treated_n)
        cost = costs.get(r.category, np.nan)
        cost = np.nan if cost == 0 else cost  # nothing paid per activity: no cost to divide
        extra = r.att_pp / 100 * r.treated_n
        per_exit = cost * r.treated_n / extra if extra > 0 and r.ci_low > 0 else np.nan
        rows.append(
            {
                "category": names.get(r.category, r.category),
                "rank": per_exit if pd.notna(per_exit) else np.inf,
                "n": nl_number(r.treated_n),
                "gross": nl_number(r.treated_rate_pct, 1),
                "net": _pp(r.att_pp),
                "ci": _ci(r.ci_low, r.ci_high),
                "hr": "–"
                if r.category not in hr.index
                else nl_number(hr.at[r.category, "hazard_ratio"], 2),
                "cost": "–" if pd.isna(cost) else nl_eur(cost),
                "per_exit": "niet te bepalen" if pd.isna(per_exit) else nl_eur(per_exit),
            }
        )
    frame = pd.DataFrame(
        rows, columns=["category", "rank", "n", "gross", "net", "ci", "hr", "cost", "per_exit"]
    )
    frame = frame.sort_values("rank", kind="stable").drop(columns="rank")
    headers = {
        "category": "Contract of soort traject",
        "n": f"starters {horizon} mnd te volgen",
        "gross": f"% werk binnen {horizon} mnd (bruto)",
        "net": "netto-effect (procentpunt)",
        "ci": "95%-interval",
        "hr": "hazard ratio",
        "cost": "kosten per starter",
        "per_exit": "kosten per extra uitstroom",
    }
    return table(
        frame,
        "Netto-effect en kosten per extra uitstroom naar werk, per contract of soort traject "
        f"({horizon} maanden)",
        SOURCE + f" Een contract met ten minste {MIN_CONTRACT_STARTERS} starters heeft een eigen "
        "rij; de andere zijn "
        "samengenomen per soort traject. Kosten per extra uitstroom alleen waar het interval boven "
        "nul ligt; gerangschikt van laag naar hoog.",
        headers=headers,
        numeric=list(headers)[1:],
        check=_check(shown, rules),
    )


def parts(
    matched,
    duration,
    naive: pd.DataFrame,
    costs: pd.Series,
    printed: pd.DataFrame | None,
    rules: Rules | int,
    names: dict[str, str] | None = None,
) -> list[Part]:
    """Section "Netto-effect van trajecten"."""
    rules = as_rules(rules)
    est = matched.estimates[matched.estimates["category"] == "alle"]
    if est.empty or not _enough(est["treated_n"].max(), rules):
        return [
            "<p>Te weinig starters met een traject in de nieuwe instroom voor een schatting.</p>"
        ]
    horizons = [
        h for h in est["horizon"] if _enough(est.set_index("horizon").at[h, "treated_n"], rules)
    ]
    # the ranking at 12 months where it can be followed: at 24 months a period of 30 months
    # leaves only the earliest starters of each contract
    ranking = RANKING_HORIZON if RANKING_HORIZON in horizons else max(horizons)
    lines = [seo_sentence(matched, printed)]
    off = est["off_support_n"].sum()
    outside = "geen starters" if off == 0 else nl_number(off)
    if off and rules.is_small(off):
        outside = f"minder dan {rules.threshold} starters"
    lines.append(
        "Buiten het gemeenschappelijk bereik (geen vergelijkbare cliënt die nog niet startte): "
        f"{outside}."
    )
    return [
        html(estimates_table(matched, duration, naive, rules)),
        figure(matched, duration, naive, None, rules),
        sentences([x for x in lines if x]),
        html(category_table(matched, duration, costs, ranking, rules, names)),
        html(balance_table(matched, rules), caliper_table(matched, rules)),
        support_figure(matched, rules),
    ]


def _with_ci(row: pd.Series, column: str) -> str:
    return f"{_pp(row[column])} ({_ci(row['ci_low'], row['ci_high'])})"


def method_check_parts(matched, duration, naive: pd.DataFrame, truth: pd.DataFrame) -> list[Part]:
    """ "Toets van de methode": the same estimators on a synthetic registry with a known effect,
    the true effects beside them and in the figure."""
    m = matched.estimates[matched.estimates["category"] == "alle"].set_index("horizon")
    d = duration.estimates[duration.estimates["category"] == "alle"].set_index("horizon")
    nv = naive.set_index("horizon")
    t = truth[truth["category"] == "alle"].set_index(["estimand", "horizon"])["effect_pp"]
    rows = []
    for h in m.index:
        later, never = t[("now_vs_later", h)], t[("now_vs_never", h)]
        rows.append(
            {
                "horizon": f"binnen {h} maanden",
                "naive": _pp(nv.at[h, "naive_pp"]),
                "true_later": _pp(later),
                "matched": _with_ci(m.loc[h], "att_pp"),
                "hit_m": "ja" if m.at[h, "ci_low"] <= later <= m.at[h, "ci_high"] else "nee",
                "true_never": _pp(never),
                "cox": _with_ci(d.loc[h], "effect_pp"),
                "hit_d": "ja" if d.at[h, "ci_low"] <= never <= d.at[h, "ci_high"] else "nee",
            }
        )
    headers = {
        "horizon": "Uitstroom naar werk",
        "naive": "naïef",
        "true_later": "werkelijk: nu of later",
        "matched": "matching (95%-interval)",
        "hit_m": "binnen interval",
        "true_never": "werkelijk: nu of nooit",
        "cox": "duurmodel (95%-interval)",
        "hit_d": "binnen interval",
    }
    source = (
        "Bron: synthetisch bestand met een vooraf ingesteld effect (geen personen, geen casus); "
        "het werkelijke effect is uit het model berekend en wordt door de schatting niet gelezen."
    )
    check = public("synthetisch bestand met bekend effect; beschrijft geen personen")
    text = (
        "<p>Werkt de methode? Op een synthetisch bestand waarin het effect van een traject vooraf "
        "is ingesteld, en waarin kansrijkere cliënten vaker een traject krijgen, moet de schatting "
        "het werkelijke effect vinden en de naïeve vergelijking niet. Matching schat het effect "
        "van nu starten tegenover (nog) niet nu; het duurmodel van nu starten tegenover nooit. "
        "Een juist 95%-interval mist het werkelijke effect in één op de twintig bestanden; op "
        "vele van zulke bestanden doen de intervallen van beide schattingen dat ongeveer zo "
        "vaak, dus op één bestand kan ook een juist interval missen.</p>"
    )
    fig = figure(matched, duration, naive, truth, rules=1)
    fig.axes[0].set_title("Toets van de methode: bestand met een bekend effect")
    fig.disclosure = check
    return [
        text,
        html(
            table(
                pd.DataFrame(rows),
                "Toets van de methode op een bestand met een bekend effect",
                source,
                headers=headers,
                numeric=list(headers)[1:],
                check=check,
            )
        ),  # fmt: skip
        fig,
    ]
