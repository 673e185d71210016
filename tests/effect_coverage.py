"""Coverage of the net-effect intervals over many seeds of the known-effect registry.

    .venv/bin/python tests/effect_coverage.py --seeds 30

A 95% interval should hold the true effect in about 95% of the draws; ``test_effect.py`` checks
one fixed seed, this script shows how often the intervals hold the truth (and the mean error) over
``--seeds`` registries with and without an effect. It takes about 20 s per seed.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from analysis.registry.model import Registry
from analysis.steps import effect
from analysis.synthetic import effect as model


def one(design: model.Design) -> list[dict]:
    drawn = model.draw(design)
    people = effect.people_of(Registry(drawn.tables), None, *model.period(design))
    truth = model.truth(drawn)
    truth = truth[truth["category"] == "alle"].set_index(["estimand", "horizon"])["effect_pp"]
    naive = effect.naive(people).set_index("horizon")["naive_pp"]
    rows = []
    for name, frame, column, estimand in (
        ("matching", effect.matching(people).estimates, "att_pp", "now_vs_later"),
        ("duurmodel", effect.duration_model(people).estimates, "effect_pp", "now_vs_never"),
    ):
        frame = frame[frame["category"] == "alle"].set_index("horizon")
        for h, row in frame.iterrows():
            true = truth[(estimand, h)]
            rows.append(
                {
                    "estimator": name,
                    "horizon": h,
                    "error_pp": row[column] - true,
                    "holds_truth": row["ci_low"] <= true <= row["ci_high"],
                    "excludes_naive": not row["ci_low"] <= naive[h] <= row["ci_high"],
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=30)
    args = parser.parse_args()
    rows = []
    started = time.perf_counter()
    for seed in range(1, args.seeds + 1):
        for label, design in (
            ("effect", model.Design(seed=seed)),
            ("zero", model.Design(seed=seed).zero()),
        ):
            rows += [dict(r, design=label, seed=seed) for r in one(design)]
        print(f"seed {seed}/{args.seeds} ({time.perf_counter() - started:.0f} s)", flush=True)
    frame = pd.DataFrame(rows)
    summary = frame.groupby(["design", "estimator", "horizon"]).agg(
        coverage_pct=("holds_truth", lambda s: 100 * s.mean()),
        mean_error_pp=("error_pp", "mean"),
        sd_error_pp=("error_pp", "std"),
        naive_outside_pct=("excludes_naive", lambda s: 100 * s.mean()),
    )
    print(summary.round(2).to_string())


if __name__ == "__main__":
    main()
