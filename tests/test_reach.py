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
            ("a", "wajong", "2020-01-01", None, 1997),  # both years; benefit both years → in view
            ("b", "wajong", "2023-03-01", "2023-06-30", 1996),  # 2023 only; never supported
            ("c", "praktijkroute", "2022-01-01", None, None),  # both years; a provision in 2024
            ("d", "beschut_werk", "2024-05-01", None, 1969),  # 2024; a subsidised job → in view
            ("e", "wsw", "2021-01-01", "2022-12-31", 1980),  # ended before the period
            ("c", "wajong", "2024-06-01", None, None),  # c's later row: ground wajong in 2024
        ],
        ["client_key", "ground", "start_date", "end_date", "birth_year"],
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
    clients = pd.DataFrame({"client_key": ["a", "b", "f", "d"]})
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
            "clients": clients,
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


def test_reach_by_age_counts_the_year_minus_the_birth_year():
    table = reach.by_age(_registry(), PERIOD, 2024).set_index("label")
    # 2024: a 2024 − 1997 = 27 (the group from 27 on), c no birth year, d 55
    assert table["registered_n"].to_dict() == {
        "27 tot 35 jaar": 1,
        "55 jaar en ouder": 1,
        "onbekend": 1,
        "Totaal": 3,
    }
    in_2023 = reach.by_age(_registry(), PERIOD, 2023).set_index("label")
    # 2023: a 26 and b 27 — the boundary; b not in view
    assert in_2023.loc["tot 27 jaar", ["registered_n", "registered_only_n"]].tolist() == [1, 0]
    assert in_2023.loc["27 tot 35 jaar", ["registered_n", "registered_only_n"]].tolist() == [1, 1]


def test_linkage_counts_register_persons_the_registry_holds_at_all():
    # registered in the period: a, b, c, d (e ended before it); in the clients table: a, b, d
    assert reach.linkage(_registry(), PERIOD) == {
        "registered_n": 4,
        "linked_n": 3,
        "linked_pct": 75.0,
    }


def _texts(parts) -> str:
    """The text of the HTML parts and of the figures' labels."""
    out = [p for p in parts if isinstance(p, str)]
    for fig in (p for p in parts if not isinstance(p, str)):
        out += [t.get_text() for ax in fig.axes for t in ax.texts]
    return " ".join(out)


def test_the_reach_section_hides_small_counts_also_in_its_sentence_and_figure():
    from analysis.report import reach as reach_view

    registry = _registry()
    per_year = reach.by_year(registry, PERIOD)
    per_ground = reach.by_ground(registry, PERIOD, 2024)
    per_age = reach.by_age(registry, PERIOD, 2024)
    linkage = reach.linkage(registry, PERIOD)
    text = _texts(reach_view.parts(per_year, per_ground, per_age, linkage, 2024, rules=10))
    assert "&lt;10" in text and "stonden 3 inwoners" not in text  # every count here is below 10
    assert "Koppeling" not in text  # 4 registered persons: too few to tell
    assert "Aantallen onder de 10 personen zijn afgeschermd" in text
    # the Venn figure is drawn to scale beside visible totals: with a small region it is left out
    assert "De figuur van register en gemeente in 2024 is weggelaten" in text
    assert " 3 " not in f" {text} "
    assert "jaar/jaren weggelaten" in text  # the bar chart leaves out years with a small part
    shown = _texts(reach_view.parts(per_year, per_ground, per_age, linkage, 2024, rules=1))
    assert "In 2024 stonden 3 inwoners in het doelgroepregister; 0 van hen" in shown
    assert "komen er 3 (75,0%) ergens in het cliëntenbestand" in shown


def test_pages_with_registry_figures_carry_the_demo_notice_of_a_synthetic_registry():
    from analysis.core.cases import load_case
    from analysis.report.registry import demo_banner

    assert "verzonnen kansen" in demo_banner(load_case("demo_2022"))
    assert "gepubliceerde tabellen" in demo_banner(load_case("amsterdam_2006"))
    assert "2.500 mensen" in demo_banner(load_case("amsterdam_2024"))
    assert demo_banner(load_case("uithoorn_2018")) == ""  # no registry


def test_a_person_with_only_a_subsidised_job_in_the_period_is_in_the_file():
    from analysis.registry.intake import persons_in_file

    day = pd.Timestamp
    tables = {
        "clients": pd.DataFrame({"bsn": ["w", "r", "x"]}),
        "benefit_spells": pd.DataFrame(  # all three had benefit before the period only
            {
                "bsn": ["w", "r", "x"],
                "spell_start": [day("2015-01-01")] * 3,
                "spell_end": [day("2019-12-31")] * 3,
                "scheme": ["pw"] * 3,
            }
        ),
        "activities": pd.DataFrame({"bsn": []}),
        "employment": pd.DataFrame(
            {
                "bsn": ["w", "r", "x"],
                "start_date": [day("2020-01-01"), day("2020-01-01"), day("2020-01-01")],
                "end_date": [pd.NaT, pd.NaT, day("2022-12-31")],
                "subsidised": [True, False, True],  # r: a regular job is no support
            }
        ),
    }
    # w: a Wsw-like subsidised job in the period; x: its subsidised job ended before it
    assert set(persons_in_file(tables, PERIOD)) == {"w"}
