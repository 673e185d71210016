"""analysis.steps.reach on a tiny hand-made registry: persons in only one of the two sources,
in both, in different years (figures worked out by hand in the comments)."""

from __future__ import annotations

import pandas as pd

from analysis.registry.intake import Period
from analysis.registry.model import Registry
from analysis.steps import reach

PERIOD = Period.of("2023-01-01", "2024-12-31")


def _frame(rows, columns, dates) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _registry() -> Registry:
    register = _frame(
        [
            ("a", "wajong", "2020-01-01", None),  # both years; benefit both years → in view
            ("b", "wajong", "2023-03-01", "2023-06-30"),  # 2023 only; never supported
            ("c", "praktijkroute", "2022-01-01", None),  # both years; a provision in 2024 only
            ("d", "beschut_werk", "2024-05-01", None),  # 2024; a subsidised job → in view
            ("e", "wsw", "2021-01-01", "2022-12-31"),  # ended before the period: not counted
            ("c", "wajong", "2024-06-01", None),  # c's later row: ground wajong in 2024
        ],
        ["client_key", "ground", "start_date", "end_date"],
        ["start_date", "end_date"],
    )
    spells = _frame(
        [
            ("a", "2019-01-01", None, "pw"),
            ("f", "2023-02-01", "2023-08-31", "pw"),  # supported in 2023, not registered
            ("b", "2023-01-01", None, "special_assistance_only"),  # not a benefit
        ],
        ["client_key", "spell_start", "spell_end", "scheme"],
        ["spell_start", "spell_end"],
    )
    provisions = _frame(
        [("c", "2024-02-01", "2024-05-31")],
        ["client_key", "start_date", "end_date"],
        ["start_date", "end_date"],
    )
    employment = _frame(
        [("d", "2024-06-01", None, True), ("b", "2023-04-01", None, False)],  # b's job: regular
        ["client_key", "start_date", "end_date", "subsidised"],
        ["start_date", "end_date"],
    )
    return Registry(
        {
            "target_register": register,
            "benefit_spells": spells,
            "provisions": provisions,
            "employment": employment,
        }
    )


def test_reach_per_year():
    table = reach.by_year(_registry(), PERIOD).set_index("label")
    # 2023: registered a, b, c; supported a, f → both a; registered only b, c; supported only f
    assert table.loc["2023", ["registered_n", "supported_n", "both_n"]].tolist() == [3, 2, 1]
    assert table.loc["2023", ["registered_only_n", "supported_only_n"]].tolist() == [2, 1]
    assert table.loc["2023", "match_pct"] == 33.3
    # 2024: registered a, c, d; supported a, c (provision), d (subsidised job) → all in view
    assert table.loc["2024", ["registered_n", "both_n", "registered_only_n"]].tolist() == [3, 3, 0]
    assert table.loc["2024", "match_pct"] == 100.0


def test_reach_by_ground_takes_the_latest_row_of_a_person():
    table = reach.by_ground(_registry(), PERIOD, 2024).set_index("label")
    # 2024: a wajong, c wajong (its 2024-06 row starts later than the praktijkroute one), d beschut
    assert table.loc["Wajong", ["registered_n", "supported_n"]].tolist() == [2, 2]
    assert "praktijkroute" not in table.index
    assert table.loc["Totaal", ["registered_n", "registered_only_n"]].tolist() == [3, 0]
    in_2023 = reach.by_ground(_registry(), PERIOD, 2023).set_index("label")
    # 2023: a wajong (in view), b wajong (not), c praktijkroute (not: its provision is in 2024)
    assert in_2023.loc["Wajong", ["registered_n", "registered_only_n"]].tolist() == [2, 1]
    assert in_2023.loc["praktijkroute", "registered_only_n"] == 1


def test_the_reach_section_hides_small_counts_also_in_its_sentence():
    from analysis.report import reach as reach_view

    per_year = reach.by_year(_registry(), PERIOD)
    per_ground = reach.by_ground(_registry(), PERIOD, 2024)
    parts = reach_view.parts(per_year, per_ground, 2024, min_cell=10)
    text = " ".join(p for p in parts if isinstance(p, str))
    assert "&lt;10" in text and "stonden 3 inwoners" not in text  # every count here is below 10
    assert "Aantallen onder de 10 personen zijn afgeschermd" in text
    shown = reach_view.parts(per_year, per_ground, 2024, min_cell=1)
    assert "In 2024 stonden 3 inwoners in het doelgroepregister; 0 van hen" in " ".join(
        p for p in shown if isinstance(p, str)
    )


def test_pages_with_registry_figures_carry_the_demo_notice_of_a_synthetic_registry():
    from analysis.core.cases import load_case
    from analysis.report.registry import demo_parts

    assert "verzonnen kansen" in demo_parts(load_case("demo_2022"))[0]
    assert "gepubliceerde tabellen" in demo_parts(load_case("amsterdam_2006"))[0]
    assert demo_parts(load_case("uithoorn_2018")) == []  # no registry
