"""Every chart builder's figure is valid plotly: built without plotly's checks (`charts.figure`), it must be what
plotly's checks accept unchanged — rebuilt with them on, the JSON sent to the browser says the same (keys may come
in another order)."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.colors import sequential

from kkb_dashboard.rules import schema
from kkb_dashboard.rules.filters import Filters
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import activities, maps, metrics
from kkb_dashboard.views import tiers as tierviews
from kkb_dashboard.views.charts import activities as activity_charts
from kkb_dashboard.views.charts import tiers as tier_charts

VIEWS = [
    Filters("36.04", "2024-01", "2024-06"),
    Filters("", "2023-07", "2024-06", ("Mandiri", "Berkelanjutan")),
    Filters("36.72.01", "2024-01", "2024-12", (), ("Posyandu", "BKB")),
]


@pytest.fixture(scope="module")
def store(built_demo):
    with Store(built_demo, read_only=True) as opened:
        yield opened


def checked(fig: go.Figure) -> go.Figure:
    """Fails when plotly's checks reject a property or would change a value."""
    rebuilt = go.Figure(fig.to_dict())  # checks on: an unknown property or bad value raises ValueError
    assert json.loads(pio.to_json(rebuilt, validate=False)) == json.loads(pio.to_json(fig, validate=False))
    return fig


def _scenario_counts(names: list[str]) -> pd.DataFrame:
    sides = {"awal": (3, 2, 1, 0), "skenario": (1, 3, 1, 1)}
    return pd.DataFrame(
        {
            "kode": [str(i) for i in range(len(names))],
            "nama": names,
            "jumlah_kampung": 6,
            **{
                f"{t.lower()}_{side}": v
                for side, values in sides.items()
                for t, v in zip(schema.TIERS, values, strict=True)
            },
        }
    )


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("f", VIEWS, ids=lambda f: f.wilayah or "indonesia")
def test_activity_charts_are_valid_plotly(store, f, lang):
    cells = activities.cells(store, f)
    checked(activity_charts.heatmap(activities.heatmap(cells, f), lang))
    ranking = activities.region_ranking(store, f)
    if len(ranking):
        checked(activity_charts.region_bars(ranking, "Kecamatan", lang))
    checked(activity_charts.monthly_trend(activities.trend(cells, f, "Posyandu"), lang, "Posyandu"))
    checked(activity_charts.monthly_trend(metrics.monthly_activity(store, f), lang))
    checked(activity_charts.participants(activities.participants(cells, f), lang))
    checked(activity_charts.family_functions(activities.family_functions(cells, f), lang))
    partners = activities.partner_agencies(store, f)
    if len(partners):
        checked(activity_charts.agencies(partners, lang))


def test_the_checks_catch_what_plotly_would_change():
    """The comparison is not vacuous: a list of colours is a colorscale plotly rewrites as pairs."""
    from kkb_dashboard.views.charts import figure

    with pytest.raises(AssertionError):
        checked(figure({"type": "heatmap", "z": [[1]], "colorscale": ["#000000", "#ffffff"]}, {}))
    with pytest.raises(ValueError):
        checked(figure({"type": "bar", "x": [1], "colour": "red"}, {}))


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("f", VIEWS, ids=lambda f: f.wilayah or "indonesia")
def test_tier_charts_are_valid_plotly(store, f, lang):
    checked(tier_charts.tier_distribution(tierviews.region_counts(store, f), lang, 40.0, "Title"))
    checked(tier_charts.tier_distribution({}, lang))
    table = tierviews.distribution(store, f)
    for percent in (True, False):
        for target in (40.0, None):
            checked(tier_charts.tier_bars(table, lang, percent, target, "Title"))
    moved = tierviews.transition(store, f, f.dari, f.sampai)
    checked(tier_charts.transition_heatmap(moved["matrix"], lang, f.dari, f.sampai))
    checked(tier_charts.scenario_bars(_scenario_counts(["A <b>", "B", "C"]), lang, "Title"))


@pytest.mark.parametrize("f", VIEWS, ids=lambda f: f.wilayah or "indonesia")
def test_maps_are_valid_plotly(store, f):
    values = metrics.region_table(store, f)
    for metric in maps.metric_options(f.wilayah):
        checked(maps.choropleth(values, geojson_url="app/static/geo/x.geojson", metric=metric, wilayah=f.wilayah))
    checked(maps.choropleth(values, geojson_url="x", metric=maps.default_metric(f.wilayah), lang="en", basemap=True))


@pytest.mark.parametrize(
    "colors", [activity_charts.SEQUENTIAL, tuple(sequential.Cividis[::-1]), ("#fee838", "#00224e")]
)
def test_zero_grey_scale_is_one_plotly_js_accepts_for_every_top(colors):
    """plotly.js draws a heatmap in its default red–blue when a colorscale does not start at exactly 0 and end at
    exactly 1 (the Klasifikasi transition matrix of the demo, top 102, ended at 1.0000000000000002)."""
    from kkb_dashboard.views.charts import zero_grey_scale

    for top in range(1, 400):
        stops = [stop for stop, _ in zero_grey_scale(colors, top)]
        assert stops[0] == 0 and stops[-1] == 1, top
        assert stops == sorted(stops), top


def test_transition_matrix_of_the_demo_keeps_its_colours():
    tiers = list(schema.TIERS)
    matrix = pd.DataFrame([[102, 23, 14, 0], [0, 66, 0, 8], [0, 0, 28, 5], [0, 0, 0, 12]], index=tiers, columns=tiers)
    colorscale = tier_charts.transition_heatmap(matrix, "id").data[0].colorscale
    assert colorscale[-1][0] == 1


@pytest.mark.parametrize(("lang", "other"), [("id", "Lainnya"), ("en", "Other")])
def test_activity_charts_name_the_other_type_in_the_language(lang, other):
    """Program names stay as they are (BKB, Posyandu); the catch-all type "Lainnya" reads "Other" in English."""
    heat = pd.DataFrame({"jenis_kegiatan": ["BKB", "Lainnya"], "2024-01": [3, 0]})
    assert list(activity_charts.heatmap(heat, lang).data[0].y) == ["BKB", other]
    people = pd.DataFrame(
        {"jenis_kegiatan": ["BKB", "Lainnya"], "peserta": [10, 0], "kegiatan": [2, 0], "peserta_per_kegiatan": [5, 0]}
    )
    assert list(activity_charts.participants(people, lang).data[0].y) == ["BKB", other]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_family_functions_caption_names_the_grey_bars_as_the_chart_does(lang):
    from kkb_dashboard.i18n import t

    caption = t("activities.seksi_caption", lang)
    assert f'"{activity_charts.seksi_label("Lainnya", lang)}"' in caption
    assert f'"{activity_charts.seksi_label(None, lang)}"' in caption


def test_scenario_bars_tick_whole_kampung_kb():
    """A sub-region of a few Kampung KB: the count axes of both panels tick 0, 1, 2…, never 0.5; larger counts are
    left to plotly's own ticks."""
    small = _scenario_counts(["A", "B"])
    small[[f"{t.lower()}_awal" for t in schema.TIERS]] = [1, 1, 1, 0]
    small[[f"{t.lower()}_skenario" for t in schema.TIERS]] = [0, 1, 1, 2]  # one more village moved up
    small["jumlah_kampung"] = 3
    layout = tier_charts.scenario_bars(small).to_plotly_json()["layout"]
    assert layout["xaxis"]["dtick"] == layout["xaxis2"]["dtick"] == 1
    assert layout["xaxis"]["range"] == layout["xaxis2"]["range"] and layout["xaxis"]["range"][1] >= 4  # both sides
    large = tier_charts.scenario_bars(_scenario_counts(["A", "B"])).to_plotly_json()["layout"]
    assert "dtick" not in large["xaxis"]
