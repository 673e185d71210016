"""The 2024 norm set (helder, concreet, consistent, onderbouwd): rules, key terms, norm file."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.steps.goal_norms_2024 import (
    CRITERIA,
    key_term_uses,
    key_terms,
    prescore_clear,
    prescore_concrete,
    prescore_consistent,
    prescore_substantiated,
    undefined_terms_by_term,
)
from analysis.steps.goals import GOAL_UNITS, GoalError, load_definitions, load_norms

from toycase import write_case

NORMS = {
    "norm_set": "2024",
    "source": "Onderzoeksopzet 2023",
    "criteria": {"substantiated": {"lines": "000 r. 569-579"}},
    "key_terms": [
        {"term": "passend", "forms": ["passend", "passende"], "basis": "b1", "lines": "001 r. 29"},
        {
            "term": "duurzaam",
            "forms": ["duurzaam", "duurzame"],
            "basis": "b2",
            "lines": "001 r. 29",
        },
    ],
}
TERMS = key_terms(NORMS)


def goal(**fields):
    row = {column: None for column in GOAL_UNITS}
    row.update(
        goal_id="G01",
        document="Coalitieakkoord 2022-2026",
        year=2022,
        category="employment",
        indicator="people_at_work",
        text="",
    )
    row.update(fields)
    return row


def definitions(*terms: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "term": list(terms),
            "definition": [f"wat {t} is" for t in terms],
            "source": ["Beleidsnota 2024, p. 3"] * len(terms),
        }
    )


# --- helder -----------------------------------------------------------------------------------


def test_a_goal_without_key_term_or_vague_word_is_clear():
    result = prescore_clear(goal(text="3.200 Amsterdammers aan het werk eind 2026"), TERMS)
    assert result.score == "+"
    assert result.evidence == ("geen kernbegrip zonder definitie en geen vage formulering",)


def test_a_vague_word_or_an_unknown_reference_makes_a_goal_partly_clear():
    vague = prescore_clear(goal(text="Het inzetten op meer doorstroom naar sociaal werk"), TERMS)
    assert vague.score == "+/-"
    assert vague.evidence == ("vage formulering: 'inzetten op'",)
    relative = prescore_clear(goal(text="500 meer uitstroom dan het landelijk gemiddelde"), TERMS)
    assert relative.score == "+/-"
    assert "landelijk gemiddelde" in relative.evidence[0]


def test_an_undefined_key_term_makes_a_goal_unclear_in_any_form_and_case():
    result = prescore_clear(goal(text="Begeleiden naar Duurzame, passende banen"), TERMS)
    assert result.score == "-"
    assert result.evidence == ("kernbegrip zonder definitie: 'passend', 'duurzaam'",)


def test_a_key_term_inside_another_word_is_not_a_use():
    result = prescore_clear(goal(text="Een aanpassend werkrooster voor 40 mensen"), TERMS)
    assert result.score == "+"


def test_a_defined_key_term_does_not_lower_the_score_and_is_named():
    result = prescore_clear(
        goal(text="Passend werk voor 500 mensen"), TERMS, definitions("passend")
    )
    assert result.score == "+"
    assert result.evidence[0] == "kernbegrip gedefinieerd: 'passend' (Beleidsnota 2024, p. 3)"


def test_an_undefined_key_term_outweighs_a_vague_word():
    result = prescore_clear(goal(text="Stimuleren van duurzaam werk"), TERMS)
    assert result.score == "-"
    assert result.evidence == (
        "kernbegrip zonder definitie: 'duurzaam'",
        "vage formulering: 'stimuleren'",
    )


# --- concreet ---------------------------------------------------------------------------------


def test_target_value_group_and_deadline_make_a_goal_concrete():
    result = prescore_concrete(
        goal(
            text="dat er eind 2026 3.200 Amsterdammers met ondersteuning aan het werk zijn",
            target_value=3200,
            target_group="Amsterdammers met ondersteuning",
            deadline="2026-12-31",
        )
    )
    assert result.score == "+"
    assert result.evidence == (
        "streefwaarde: 3.200",
        "doelgroep: Amsterdammers met ondersteuning",
        "einddatum: 31-12-2026",
    )


def test_a_target_without_term_is_partly_concrete():
    result = prescore_concrete(
        goal(
            document="bestuurlijke opdracht 2018",
            text="het aantal werknemers in sociaal werk laten groeien tot 4.500",
            target_value=4500,
            target_group="werknemers in sociaal werk",
        )
    )
    assert result.score == "+/-"
    assert result.evidence[-1] == "geen termijn"


def test_a_term_without_target_is_partly_concrete_and_a_relative_term_is_no_term():
    dated = prescore_concrete(goal(text="Meer mensen met loonkostensubsidie aan het werk in 2025"))
    assert dated.score == "+/-"
    assert "geen streefwaarde" in dated.evidence
    relative = prescore_concrete(
        goal(text="40% van de nieuwe cliënten binnen een jaar aan het werk", target_value=40)
    )
    assert relative.score == "+/-"
    assert "binnen een jaar" in relative.evidence[-1]


def test_no_target_and_no_term_is_not_concrete_even_with_a_group():
    result = prescore_concrete(
        goal(text="dat alle Amsterdammers volwaardig moeten kunnen meedoen in de samenleving")
    )
    assert result.score == "-"
    assert result.evidence == (
        "geen streefwaarde",
        "doelgroep in de tekst ('amsterdammer…')",
        "geen termijn",
    )


# --- consistent -------------------------------------------------------------------------------


def test_consistency_is_the_score_of_the_goals_indicator_over_documents_and_years():
    goals = pd.DataFrame(
        [
            goal(goal_id="G1", indicator="stock", year=2021, target_group="cliënten met WWB"),
            goal(
                goal_id="G2",
                indicator="stock",
                year=2022,
                target_group="cliënten met re-integratiedoel",
            ),
            goal(goal_id="G3", indicator="lks", year=2021, target_value=100),
            goal(goal_id="G4", indicator="lks", year=2022, target_value=200),
            goal(goal_id="G5", indicator="same", year=2021, target_group="jongeren"),
            goal(goal_id="G6", indicator="same", year=2022, target_group="jongeren"),
            goal(goal_id="G7", indicator="once", year=2022),
        ]
    )
    result = prescore_consistent(goals)
    assert result["G1"].score == result["G2"].score == "-"
    assert result["G2"].evidence == ("indicator ‘stock’ (G1, G2): definitie gewijzigd",)
    assert result["G3"].score == "+/-"
    assert result["G5"].score == "+"
    assert result["G7"].score is None
    assert result["G7"].evidence == (
        "indicator ‘once’ (G7): één keer geformuleerd; niet over de tijd te beoordelen",
    )


# --- onderbouwd -------------------------------------------------------------------------------


def test_substantiation_is_never_scored_from_the_register_and_says_why():
    result = prescore_substantiated(goal(text="3.200 mensen aan het werk in 2026"), NORMS)
    assert result.score is None
    assert result.evidence[0].startswith("niet uit het doelenregister te beoordelen")
    assert result.evidence[0].endswith("(000 r. 569-579)")


# --- key terms --------------------------------------------------------------------------------


def test_key_term_uses_list_each_goal_and_term_with_whether_it_is_defined():
    goals = pd.DataFrame(
        [
            goal(goal_id="G1", text="naar duurzaam, passend werk"),
            goal(goal_id="G2", text="passende banen"),
            goal(goal_id="G3", text="3.200 mensen aan het werk"),
        ]
    )
    uses = key_term_uses(goals, NORMS, definitions("passend"))
    assert list(zip(uses["goal_id"], uses["term"], uses["is_defined"], strict=True)) == [
        ("G1", "passend", True),
        ("G1", "duurzaam", False),
        ("G2", "passend", True),
    ]
    by_term = undefined_terms_by_term(uses)
    assert by_term[["term", "goal_ids", "goals_n"]].to_dict("records") == [
        {"term": "duurzaam", "goal_ids": "G1", "goals_n": 1}
    ]


def test_definitions_are_optional_and_name_only_key_terms_once(raw):
    write_case(raw)
    norms = {**NORMS}
    assert load_definitions("toy", norms).empty
    write_case(
        raw,
        files={"goal_definitions.csv": "term,definition,source\nvast,een vaste baan,nota p. 1\n"},
    )
    with pytest.raises(GoalError, match=r"goal_definitions.csv: line 2: term 'vast'"):
        load_definitions("toy", norms)
    twice = "term,definition,source\npassend,a,nota\npassend,b,nota\n"
    write_case(raw, files={"goal_definitions.csv": twice})
    with pytest.raises(GoalError, match="'passend' is defined more than once"):
        load_definitions("toy", norms)
    write_case(raw, files={"goal_definitions.csv": "term,definition,source\npassend,a,nota\n"})
    assert list(load_definitions("toy", norms)["term"]) == ["passend"]


# --- the norm file and the shipped case -------------------------------------------------------


def test_each_case_loads_its_own_norm_set_with_the_shared_categories():
    old, new = load_norms("amsterdam_2006"), load_norms("amsterdam_2024")
    assert old["norm_set"] == "2007" and set(old["criteria"]) == {
        "specific",
        "time_bound",
        "consistent",
    }
    assert new["norm_set"] == "2024" and tuple(new["criteria"]) == CRITERIA
    assert new["categories"] == old["categories"]
    assert load_norms()["norm_set"] == "2007"
    assert load_norms("uithoorn_2018")["norm_set"] == "2018"
    assert {t["term"] for t in new["key_terms"]} >= {"passend", "duurzaam", "perspectief op werk"}


def test_amsterdam_2024_is_scored_on_the_2024_criteria_only():
    from analysis.steps.goals import load_goals, score_goals

    norms = load_norms("amsterdam_2024")
    scored = score_goals(
        load_goals("amsterdam_2024"), norms, load_definitions("amsterdam_2024", norms)
    )
    pre = {c for c in scored.columns if c.startswith("pre_") and not c.endswith("_evidence")}
    assert pre == {f"pre_{c}" for c in CRITERIA}
    assert scored["pre_clear"].isin(["+", "+/-", "-"]).all()
    assert scored["pre_substantiated"].isna().all()
    # the 2025 report: 'passend' and 'duurzaam' are undefined (001 r. 29-30)
    undefined = scored.set_index("goal_id")["undefined_key_terms"].dropna()
    assert undefined.to_dict() == {"G04": "duurzaam; perspectief op werk", "G06": "passend"}
    assert set(scored.loc[scored["goal_id"].isin(["G04", "G06"]), "pre_clear"]) == {"-"}


SEEDS = Path("/work/shared/seeds")


def _seed_text(reference: str) -> str:
    """The seed text at ``000 r. 569-579`` (or ``001 r. 29``), printed lines joined by a space."""
    match = re.match(r"(\d{3}) r\. (\d+)(?:-(\d+))?", reference)
    assert match, reference
    seed = next(SEEDS.glob(f"{match.group(1)}_*.txt"))
    lines = seed.read_text(encoding="utf-8").splitlines()
    first, last = int(match.group(2)), int(match.group(3) or match.group(2))
    return " ".join(line.strip() for line in lines[first - 1 : last] if line.strip())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are not at hand")
def test_every_quote_of_the_norm_file_stands_in_the_seed_at_its_lines():
    norms = load_norms("amsterdam_2024")
    quotes = [(norms["norm"], norms["norm_lines"])]
    quotes += [(c["description"], c["lines"]) for c in norms["criteria"].values()]
    quotes += [(t["basis"], t["lines"]) for t in norms["key_terms"]]
    for quote, lines in quotes:
        assert " ".join(quote.split()) in _seed_text(lines), lines


# --- the report -------------------------------------------------------------------------------


def test_the_key_term_section_counts_goals_from_the_register():
    from analysis.report.goals import key_term_parts

    goals = pd.DataFrame(
        [
            goal(goal_id="G1", text="naar duurzaam werk"),
            goal(goal_id="G2", text="passende banen"),
            goal(goal_id="G3", text="3.200 mensen aan het werk"),
        ]
    )
    sentence, table = key_term_parts(goals, NORMS, None)
    assert "2 van de 3 doelen gebruiken een kernbegrip" in sentence
    assert "G1 (‘duurzaam’); G2 (‘passend’)" in sentence
    assert "Kernbegrippen zonder definitie" in table and "“b2”" in table
    assert "r. 29" not in table  # the extraction's line numbers are not reader text
    (sentence,) = key_term_parts(goals, NORMS, definitions("passend", "duurzaam"))
    assert "Geen van de 3 doelen gebruikt een kernbegrip zonder definitie" in sentence
    assert "2 doelen gebruiken een kernbegrip dat wel is gedefinieerd" in sentence


def test_the_goal_table_and_sentences_follow_the_norm_set():
    from analysis.report.goals import goal_table_html, scoring_sentences
    from analysis.steps.goals import load_goals, score_goals

    norms = load_norms("amsterdam_2024")
    scored = score_goals(load_goals("amsterdam_2024"), norms)
    html = goal_table_html(scored, "Doelen", "Bron", False, norms)
    assert "helder (voorlopig)" in html and "concreet (voorlopig)" in html
    assert "specifiek (" not in html and "tijdgebonden (" not in html  # G03 says "specifiek"
    assert "onderbouwd" not in html  # not assessable: said once below the table, no empty column
    (sentence,) = scoring_sentences(scored, False, norms)
    assert sentence.startswith("Volgens de voorlopige score, over 11 doelen — helder: ")
    consistent_n = int(scored["pre_consistent"].isna().sum())
    assert f"{consistent_n} niet te beoordelen" in sentence


def test_the_front_page_words_a_2024_case_by_its_own_criteria(tmp_path, monkeypatch):
    from analysis import store
    from analysis.core import paths
    from analysis.core.cases import load_case
    from analysis.report import findings, frontpage
    from analysis.steps.goals import load_goals, score_goals

    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    cfg = load_case("amsterdam_2024")
    scored = score_goals(load_goals(cfg.name), load_norms(cfg))
    store.write(cfg.name, "goals_scored", scored)
    sentence = findings.component_findings(cfg)["goals"]
    clear = int((scored["pre_clear"] == "+").sum())
    assert f"Van de 11 beleidsdoelen zijn er volgens de voorlopige score {clear} helder" in sentence
    assert "2 doelen gebruiken een kernbegrip zonder definitie" in sentence
    assert "Onderbouwd: niet uit het register te beoordelen." in sentence
    assert "specifiek" not in sentence and "tijdgebonden" not in sentence
    step = frontpage.Step("01_policy_goals", "Beleidsdoelen", True)
    body = frontpage.step_html(cfg, step, {"goals": sentence})
    assert "helder, concreet, consistent en onderbouwd" in body and "specifiek" not in body
    old = frontpage.step_html(load_case("amsterdam_2006"), step, {})
    assert "specifiek, tijdgebonden en consistent" in old


def test_notebook_cells_of_the_other_norm_set_are_left_out():
    from analysis.build import case_components

    assert "goal-norms-2024" in case_components("amsterdam_2024")
    assert "goal-norms-2007" not in case_components("amsterdam_2024")
    assert "goal-norms-2007" in case_components("amsterdam_2006")
