"""Peer benchmark from open data: the snapshot contract, the StatLine fetcher (with a stand-in
for cbsodata) and the peer arithmetic, computed by hand on an invented fixture."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.published import peers as peer_data
from analysis.report import peers as peers_view
from analysis.steps import peers

FIXTURE = Path(__file__).parent / "fixtures" / "peers" / "statline_2026-01-15"


@pytest.fixture
def table() -> pd.DataFrame:
    figures, _ = peer_data.load_snapshot(FIXTURE)
    return peers.indicators(figures)


def test_the_fixture_is_a_valid_snapshot_with_its_provenance():
    figures, meta = peer_data.load_snapshot(FIXTURE)
    assert len(figures) == 14 and figures["municipality_code"].nunique() == 7
    assert meta["tables"][0]["id"] == "70072ned"
    assert "INVENTED" in (FIXTURE / "provenance.yml").read_text(encoding="utf-8")


def test_volume_per_1000_against_the_peers_by_hand(table):
    # 2018, class 0-50000, without A itself: B 5,0  C 15,0  D 8,0  E 12,0  G 6,0 (F: 120.000
    # inhabitants, outside); A = 300 / 30.000 × 1000 = 10,0
    # 2019: E has 50.000 inhabitants (the upper bound does not count) → B 4,5  C 15,0  D 8,0
    # G 6,6; A = 330 / 30.000 × 1000 = 11,0
    got = peers.position(table, "GM9001", "0-50000", "bijstand_per_1000").set_index("year")
    assert got.loc[2018, "value"] == pytest.approx(10.0)
    assert got.loc[2018, "peers_n"] == 5
    assert got.loc[2018, "median"] == pytest.approx(8.0)
    assert got.loc[2018, "mean"] == pytest.approx(46 / 5)
    assert (got.loc[2018, "rank"], got.loc[2018, "ranked_n"]) == (4, 6)  # 5, 6, 8 lie below
    assert got.loc[2018, "below_pct"] == pytest.approx(60.0)
    assert got.loc[2019, "peers_n"] == 4
    assert got.loc[2019, "median"] == pytest.approx((6.6 + 8.0) / 2)
    assert got.loc[2019, "mean"] == pytest.approx((4.5 + 15 + 8 + 6.6) / 4)
    assert (got.loc[2019, "rank"], got.loc[2019, "ranked_n"]) == (4, 5)


def test_change_and_flows_against_the_peers_by_hand(table):
    # stock change 2019: A +10%, B −10%, C 615/600 = +2,5%, D 0%, G +10% (a tie: not below)
    change = peers.position(table, "GM9001", "0-50000", "stock_change_pct").iloc[0]
    assert change["value"] == pytest.approx(10.0)
    assert change["median"] == pytest.approx((0 + 2.5) / 2)
    assert change["mean"] == pytest.approx((-10 + 2.5 + 0 + 10) / 4)
    assert change["rank"] == 4
    # outflow 2019 as % of the stock at the end of 2018: A 30/300 = 10, B 30/100 = 30,
    # C 75/600 = 12,5, D 16/80 = 20, G 15/150 = 10; E has no flows
    outflow = peers.position(table, "GM9001", "0-50000", "outflow_pct").iloc[0]
    assert outflow["value"] == pytest.approx(10.0)
    assert outflow["peers_n"] == 4
    assert outflow["median"] == pytest.approx((12.5 + 20) / 2)
    assert outflow["mean"] == pytest.approx((30 + 12.5 + 20 + 10) / 4)
    assert outflow["rank"] == 1 and outflow["below_pct"] == 0


def test_a_year_without_the_year_before_has_no_change(table):
    first = table[table["year"] == 2018]
    assert first["stock_change_pct"].isna().all() and first["outflow_pct"].isna().all()
    assert peers.available_indicators(table) == list(peers.INDICATORS)


@pytest.mark.parametrize(
    ("text", "bounds"),
    [("0-50000", (0, 50000)), ("20.000-50.000", (20000, 50000)), ("250000-", (250000, None))],
)
def test_size_class(text, bounds):
    assert peers.size_class(text) == bounds


@pytest.mark.parametrize("text", ["50000", "tot 50000", "50000-20000", "-5"])
def test_a_size_class_that_cannot_be_read(text):
    with pytest.raises(peers.PeerError, match="peer_size_class"):
        peers.size_class(text)


def test_the_size_class_in_words():
    assert peers_view.describe_size_class("0-50000") == "gemeenten tot 50.000 inwoners"
    assert (
        peers_view.describe_size_class("20000-50000") == "gemeenten met 20.000 tot 50.000 inwoners"
    )
    assert peers_view.describe_size_class("0-") == "alle gemeenten"


def test_the_municipality_by_code_or_by_its_one_name(table):
    assert peers.find_municipality(table, None, "voorbeeldgemeente c ") == "GM9003"
    assert peers.find_municipality(table, "GM9002", "whatever") == "GM9002"
    with pytest.raises(peers.PeerError, match="set municipality_code"):
        peers.find_municipality(table, None, "Uithoorn")
    with pytest.raises(peers.PeerError, match="GM0451"):
        peers.find_municipality(table, "GM0451", "Uithoorn")


def test_a_changed_snapshot_is_refused(tmp_path):
    folder = tmp_path / "statline_2026-01-15"
    shutil.copytree(FIXTURE, folder)
    data = folder / "peers.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(",300,", ",301,"), encoding="utf-8")
    with pytest.raises(peer_data.PeerDataError, match="SHA-256"):
        peer_data.load_snapshot(folder)


def test_the_latest_snapshot_is_the_newest_dated_folder(tmp_path):
    assert peer_data.latest_snapshot(tmp_path) is None
    for name in ("statline_2025-12-01", "statline_2026-02-01", "notes", "statline_2026-01-01"):
        (tmp_path / name).mkdir()
    assert peer_data.latest_snapshot(tmp_path).name == "statline_2026-02-01"


class FakeCbs:
    """A stand-in for cbsodata with the answers of table 70072ned in the shape cbsodata gives
    them (recorded shape; invented numbers): codes padded with spaces, numbered field keys."""

    __version__ = "test"

    def __init__(self, titles=("Totale bevolking", "Bijstand tot de AOW-leeftijd")):
        self.titles = titles
        self.calls = []

    def get_meta(self, table_id, name):
        if name == "TableInfos":
            return [{"Title": "Regionale kerncijfers Nederland", "Modified": "2026-07-30"}]
        keys = ["TotaleBevolking_1", "BijstandTotDeAOWLeeftijd_160"]
        return [{"Key": "ID", "Title": "ID"}] + [
            {"Key": k, "Title": t, "Type": "Topic"} for k, t in zip(keys, self.titles, strict=True)
        ]

    def download_data(self, table_id, select=None, filters=None):
        self.calls.append((table_id, select, filters))
        return {
            "RegioS": [
                {"Key": "GM9001", "Title": "Voorbeeldgemeente A"},
                {"Key": "GM9002", "Title": "Voorbeeldgemeente B"},
            ],
            "TypedDataSet": [
                {
                    "RegioS": "GM9001",
                    "Perioden": "2018JJ00",
                    "TotaleBevolking_1": 30000,
                    "BijstandTotDeAOWLeeftijd_160": 300,
                },
                {
                    "RegioS": "GM9002  ",
                    "Perioden": "2018JJ00",
                    "TotaleBevolking_1": 20000,
                    "BijstandTotDeAOWLeeftijd_160": 100,
                },
                # a year CBS has not published yet: no figures, left out
                {
                    "RegioS": "GM9002  ",
                    "Perioden": "2019JJ00",
                    "TotaleBevolking_1": 20100,
                    "BijstandTotDeAOWLeeftijd_160": None,
                },
            ],
        }


def test_the_fetcher_finds_fields_by_title_and_keeps_codes(tmp_path):
    client = FakeCbs()
    frame, meta = peer_data.fetch_statline([2018, 2019], client)
    ((table_id, select, filters),) = client.calls
    assert table_id == "70072ned"
    assert select == ["RegioS", "Perioden", "TotaleBevolking_1", "BijstandTotDeAOWLeeftijd_160"]
    assert "startswith(RegioS,'GM')" in filters and "Perioden eq '2019JJ00'" in filters
    assert frame[["municipality_code", "municipality", "year", "bijstand_n"]].values.tolist() == [
        ["GM9001", "Voorbeeldgemeente A", 2018, 300],
        ["GM9002", "Voorbeeldgemeente B", 2018, 100],
    ]
    folder = peer_data.write_snapshot(frame, meta, tmp_path, day=pd.Timestamp("2026-03-01").date())
    assert folder.name == "statline_2026-03-01"
    again, provenance = peer_data.load_snapshot(folder)
    assert again["population_n"].tolist() == [30000, 20000]
    assert provenance["tables"][0]["fields"]["bijstand_n"]["key"] == "BijstandTotDeAOWLeeftijd_160"
    with pytest.raises(peer_data.PeerDataError, match="exists"):
        peer_data.write_snapshot(frame, meta, tmp_path, day=pd.Timestamp("2026-03-01").date())


def test_the_fetcher_names_the_fields_when_a_title_changed():
    with pytest.raises(peer_data.PeerDataError, match="Bijstand tot de AOW-leeftijd.*its fields"):
        peer_data.fetch_statline([2018], FakeCbs(titles=("Totale bevolking", "Bijstand")))


def test_the_section_shows_the_computation_or_how_to_fetch(table):
    figures, meta = peer_data.load_snapshot(FIXTURE)
    cfg = SimpleNamespace(municipality="Voorbeeldgemeente A", municipality_code="GM9001")
    parts = peers_view.comparison_parts(cfg, figures, meta, "0-50000")
    text = "".join(p for p in parts if isinstance(p, str))
    assert "4 van 6" in text and "8,0" in text and "gemeenten tot 50.000 inwoners" in text
    assert sum(not isinstance(p, str) for p in parts) == 4  # one figure per indicator
    import matplotlib.pyplot as plt

    plt.close("all")
    how = "".join(peers_view.no_snapshot_parts())
    assert peer_data.FETCH_COMMAND in how


def test_an_unreachable_statline_is_one_clear_error():
    class Offline(FakeCbs):
        def get_meta(self, table_id, name):
            raise ConnectionError("Name or service not known")  # what requests raises, an OSError

    with pytest.raises(peer_data.PeerDataError, match="could not be reached.*copy the folder"):
        peer_data.fetch_statline([2018], Offline())
