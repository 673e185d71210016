"""analysis.steps.participation: changes between the values a report names, and the activity share."""

from __future__ import annotations

import pandas as pd

from analysis.report import participation as participation_view
from analysis.steps import participation


def test_change_sentence_for_counts_and_percentages():
    volume = pd.DataFrame(
        {"label": ["jan", "okt"], "maand": ["2017-01-01", "2018-10-01"], "x_n": [200, 150]}
    )
    assert (
        participation_view.change_sentence(volume, "Het aantal")
        == "Het aantal ging van 200 (jan) naar 150 (okt): −50 (−25,0%)."
    )
    inflow = volume.rename(columns={"x_n": "x_pct"}).assign(x_pct=[4.0, 5.0])
    assert participation_view.change_sentence(inflow, "De instroom").endswith(
        "+1,0 procentpunt (+25,0%)."
    )


def test_active_share_is_the_complement_of_no_activity():
    shares = pd.DataFrame({"label": ["Traject", "Geen activiteit"], "clienten_pct": [60, 20]})
    assert participation.active_share(shares) == 80
    assert participation.active_share(shares.iloc[:1]) is None
    assert participation.participation_sum(shares) == 80
