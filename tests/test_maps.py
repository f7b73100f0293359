"""The map: static boundary files built from the shared national layers (budgets, codes, validity), the plotly
choropleth (URL geometry, classes and legend units, tier colours, escaped hover, payload) and the folium export."""

from __future__ import annotations

import bisect
import gzip
import html
import importlib
import json
import os
import re
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from kkb_dashboard import config
from kkb_dashboard.errors import InputError
from kkb_dashboard.rules import schema
from kkb_dashboard.rules.filters import Filters
from kkb_dashboard.storage import boundaries, importer
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import maps, metrics
from kkb_dashboard.views.charts import NO_KAMPUNG_COLOR, SEQUENTIAL, TIER_COLORS
from kkb_dashboard.views.maps import geometry, svg
from kkb_dashboard.views.maps import layers as mapdata

EVIL = "<script>alert(1)</script>"
STATIC = Path(__file__).resolve().parents[1] / "static"
#: (level, prov, shared file imported into the cache)
LAYERS = [
    ("provinsi", None, "idn_provinsi.geojson"),
    ("kabkota", None, "idn_kabkota.geojson"),
    ("desa", "36", "idn_desa_36_banten.geojson"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared) -> dict:
    """The shared national layers and Banten's desa imported into a cache, and their static files built."""
    root = tmp_path_factory.mktemp("maps")
    cache, static = root / "cache", root / "static"
    for level, prov, name in LAYERS:
        boundaries.import_file(shared / "geo" / name, level=level, cache_dir=cache)
        mapdata.build_static(level, prov, cache_dir=cache, static_dir=static)
    return {"cache": cache, "static": static}


def _collection(built, level, prov) -> dict:
    return json.loads(mapdata.static_path(level, prov, built["static"]).read_text(encoding="utf-8"))


# --- the static files ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "prov"), [(lv, pr) for lv, pr, _ in LAYERS])
def test_static_file_within_budget(built, level, prov):
    data = mapdata.static_path(level, prov, built["static"]).read_bytes()
    assert len(data) <= 5_000_000
    assert len(gzip.compress(data)) <= 1_500_000


@pytest.mark.parametrize(("level", "prov"), [(lv, pr) for lv, pr, _ in LAYERS])
def test_every_code_kept_with_only_id_and_kode(built, level, prov):
    layer = boundaries.load(level, prov if level == "desa" else None, built["cache"])
    features = _collection(built, level, prov)["features"]
    assert [f["id"] for f in features] == layer["kode"].tolist()
    assert all(f["properties"] == {"kode": f["id"]} for f in features)
    assert set(mapdata.feature_bounds(level, prov, built["static"])) == set(layer["kode"])


@pytest.mark.parametrize(("level", "prov"), [(lv, pr) for lv, pr, _ in LAYERS])
def test_geometries_valid_and_close_to_the_original(built, level, prov):
    layer = boundaries.load(level, prov if level == "desa" else None, built["cache"])
    simplified = mapdata.load_static(level, prov, built["static"])
    geoms = simplified.geometry.values
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    assert set(simplified.geom_type) <= {"Polygon", "MultiPolygon"}
    # Simplification may drop specks of islands and shave corners, not whole regions.
    ratio = shapely.area(geoms) / shapely.area(layer.geometry.values)
    assert np.median(ratio) == pytest.approx(1, abs=0.02)
    assert ratio.min() > 0.5


def test_shared_edges_simplified_once(built):
    """Coverage simplification keeps neighbours together: hardly any overlap between kab/kota."""
    geoms = mapdata.load_static("kabkota", None, built["static"]).geometry.values
    total = shapely.area(geoms).sum()
    overlap = total - shapely.area(shapely.union_all(geoms))
    assert overlap / total < 1e-4


def test_coordinates_rounded(built):
    text = mapdata.static_path("provinsi", None, built["static"]).read_text()
    numbers = json.loads(text)["features"][0]["geometry"]["coordinates"][0][0]
    assert all(len(str(x).split(".")[-1]) <= 4 for point in numbers for x in point)


def test_build_skips_when_up_to_date(built):
    path = mapdata.static_path("provinsi", None, built["static"])
    before = path.stat().st_mtime_ns
    assert mapdata.build_static("provinsi", cache_dir=built["cache"], static_dir=built["static"]) == path
    assert path.stat().st_mtime_ns == before


def test_rebuilt_after_a_newer_import(tmp_path, shared):
    cache, static = tmp_path / "cache", tmp_path / "static"
    boundaries.import_file(shared / "geo" / "idn_provinsi_simpl.geojson", level="provinsi", cache_dir=cache)
    path = mapdata.build_static("provinsi", cache_dir=cache, static_dir=static)
    old = path.stat().st_mtime
    os.utime(path, (old - 100, old - 100))  # as if the cache had been re-imported after the build
    assert not mapdata.up_to_date("provinsi", cache_dir=cache, static_dir=static)
    mapdata.build_static("provinsi", cache_dir=cache, static_dir=static)
    assert mapdata.up_to_date("provinsi", cache_dir=cache, static_dir=static)


def test_kabkota_of_one_province(tmp_path, shared):
    """A national kabkota file that holds Banten only is available for Banten, not for Jawa Barat."""
    layer = boundaries.read_boundary_file(shared / "geo" / "idn_kabkota.geojson", level="kabkota")[0]
    banten = tmp_path / "banten.geojson"
    layer[layer["kode"].str.startswith("36.")].to_file(banten, driver="GeoJSON")
    cache, static = tmp_path / "cache", tmp_path / "static"
    boundaries.import_file(banten, level="kabkota", cache_dir=cache)
    mapdata.build_static("kabkota", "36", cache_dir=cache, static_dir=static)
    assert mapdata.available("kabkota", "36", static) and not mapdata.available("kabkota", "32", static)
    assert mapdata.needs_fetch("kabkota", "32", cache) and not mapdata.needs_fetch("kabkota", "36", cache)
    assert mapdata.static_path("kabkota", "36", static).name == "kabkota.geojson"


def test_fetch_through_a_local_mirror(tmp_path, shared, monkeypatch):
    monkeypatch.setenv("KKB_BOUNDARY_URL", (shared / "geo" / "raw").as_uri())
    seen = []
    path = mapdata.build_static(
        "kecamatan",
        "36",
        cache_dir=tmp_path / "c",
        static_dir=tmp_path / "s",
        progress=lambda done, text: seen.append(done),
    )
    assert path.name == "kecamatan_36.geojson" and seen and seen[-1] == 1.0
    codes = {f["id"] for f in json.loads(path.read_text())["features"]}
    assert "36.72.01" in codes and all(c.startswith("36.") for c in codes)


def test_no_boundaries_says_how_to_get_them(tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_BOUNDARY_URL", (tmp_path / "nowhere").as_uri())
    with pytest.raises(InputError, match="KKB_BOUNDARY_URL"):
        mapdata.build_static("desa", "36", cache_dir=tmp_path / "c", static_dir=tmp_path / "s")
    assert not mapdata.available("desa", "36", tmp_path / "s")


def test_static_dir_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_STATIC_DIR", str(tmp_path))
    assert mapdata.static_path("desa", "36") == tmp_path / "geo" / "desa_36.geojson"
    monkeypatch.delenv("KKB_STATIC_DIR")
    assert mapdata.static_root() == Path(mapdata.__file__).resolve().parents[3] / "static"


@pytest.mark.parametrize(
    ("wilayah", "layer"),
    [("", ("provinsi", None)), ("36", ("kabkota", "36")), ("36.72", ("kecamatan", "36")), ("36.72.01", ("desa", "36"))],
)
def test_layer_one_level_below(wilayah, layer):
    assert mapdata.layer_for(wilayah) == layer


def test_geometry_url_is_relative_and_versioned(built):
    url = mapdata.geometry_url("desa", "36", built["static"])
    assert url.startswith("app/static/geo/desa_36.geojson?v=")
    assert mapdata.geometry_url("kabkota", "18", built["static"]).startswith("app/static/geo/kabkota.geojson")


def test_view_frames_the_box():
    box = (105.9, -6.1, 106.1, -5.9)
    view = geometry.view(box, width=800, height=560)
    assert view["center"]["lon"] == pytest.approx(106.0)
    assert view["center"]["lat"] == pytest.approx(-6.0, abs=0.01)
    # 0.2° must fit in 560 px at 512-px tiles: 512·2^z·0.2/360 ≤ 560
    assert 512 * 2 ** view["zoom"] * 0.2 / 360 <= 560
    assert geometry.view((95.0, -11.0, 141.0, 6.0))["zoom"] < 5


# --- the plotly figure -----------------------------------------------------------------------------------------


def _values(codes, **columns) -> pd.DataFrame:
    frame = pd.DataFrame({"kode": codes, "nama": [f"Wilayah {c}" for c in codes]})
    defaults = {
        "jumlah_kampung": 0,
        "cakupan_persen": np.nan,
        "mandiri_plus_persen": np.nan,
        "tingkat_dominan": None,
        "kegiatan_per_kampung_bulan": np.nan,
        "hari_sejak_laporan": np.nan,
        "jumlah_desa": 10,
        **{tier: 0 for tier in schema.TIERS},
    }
    for name, default in defaults.items():
        frame[name] = columns.get(name, default)
    return frame


def test_figure_references_the_geometry_by_url():
    values = _values(["36.72", "36.04"], jumlah_kampung=[23, 234])
    fig = maps.choropleth(values, geojson_url="app/static/geo/kabkota.geojson", metric="jumlah_kampung")
    spec = json.loads(fig.to_json())
    trace = spec["data"][0]
    assert trace["type"] == "choroplethmap" and trace["geojson"] == "app/static/geo/kabkota.geojson"
    assert trace["featureidkey"] == "properties.kode"
    assert trace["locations"] == ["36.72", "36.04"]
    colors, _ = maps.feature_colors(values, "jumlah_kampung")
    assert _plotly_colors(fig.data[0]) == [colors["36.72"], colors["36.04"]]  # the values are in customdata
    style = spec["layout"]["map"]["style"]
    assert [layer["id"] for layer in style["layers"]] == ["kkb-background", maps.LABEL_LAYER]
    assert not any("tiles" in source for source in style["sources"].values())  # offline: no tile server
    assert trace["below"] == maps.LABEL_LAYER  # the regions under their names
    basemap = maps.choropleth(values, geojson_url="x", metric="jumlah_kampung", basemap=True).layout.map.style
    assert basemap["sources"]["osm"]["tiles"] == ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]
    assert [layer["id"] for layer in basemap["layers"]] == ["kkb-background", "osm", maps.LABEL_LAYER]


def test_names_on_the_map_come_from_the_label_points_and_the_local_font():
    values = _values(["36.72", "36.04", "36.99"], jumlah_kampung=[23, 234, 0])
    values["nama"] = ["Kota Cilegon", "Kabupaten Serang", "Tanpa Titik"]
    labels = {"36.72": (106.0, -6.0, 0.05), "36.04": (106.2, -6.1, 0.2)}
    style = maps.choropleth(values, geojson_url="x", metric="jumlah_kampung", labels=labels).layout.map.style
    features = style["sources"][maps.LABEL_LAYER]["data"]["features"]
    assert [(f["properties"]["nama"], f["geometry"]["coordinates"]) for f in features] == [
        ("Kota Cilegon", [106.0, -6.0]),
        ("Kab. Serang", [106.2, -6.1]),  # shortened; a region with no label point is not named
    ]
    # the roomier region is placed first (lower sort key) when names collide
    assert features[1]["properties"]["urutan"] < features[0]["properties"]["urutan"]
    assert style["font-faces"] == {maps.LABEL_FONT: maps.FONT_URL} and "glyphs" not in style
    assert (STATIC / "fonts" / maps.LABEL_FONT_FILE).is_file()
    (label,) = [layer for layer in style["layers"] if layer["id"] == maps.LABEL_LAYER]
    assert label["layout"]["text-font"] == [maps.LABEL_FONT]
    assert label["paint"]["text-halo-color"] == "#ffffff" and label["paint"]["text-halo-width"] >= 1.5
    # no labels given (a desa map): an empty source, the style still valid
    plain = maps.choropleth(values, geojson_url="x", metric="jumlah_kampung").layout.map.style
    assert plain["sources"][maps.LABEL_LAYER]["data"]["features"] == []


def test_hover_escapes_names():
    values = _values(["36.72"], jumlah_kampung=[3])
    values["nama"] = [EVIL]
    fig = maps.choropleth(values, geojson_url="x", metric="jumlah_kampung")
    text = fig.to_json()
    assert EVIL not in text and "<script" not in text and "&lt;script&gt;alert(1)&lt;" in text
    assert fig.data[0].customdata[0][0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "%{customdata[0]}" in fig.data[0].hovertemplate and fig.data[0].customdata[0][1] == "3"


def _hover(fig, row: int = 0) -> str:
    """The hover text of one region as plotly fills the template in (customdata only)."""
    trace = fig.data[0]
    return re.sub(r"%\{customdata\[(\d)\]\}", lambda m: trace.customdata[row][int(m.group(1))], trace.hovertemplate)


def test_hover_says_name_value_unit_and_tier_mix_once():
    values = _values(["36.04", "36.01"], jumlah_kampung=[234, 0], Dasar=[200, 0], Mandiri=[34, 0])
    values["mandiri_plus_persen"] = [14.53, np.nan]
    count = maps.choropleth(values, geojson_url="x", metric="jumlah_kampung")
    assert _hover(count) == "<b>Wilayah 36.04</b><br>Jumlah Kampung KB: 234<br>Dasar 200 · Mandiri 34<extra></extra>"
    assert _hover(count).count("234") == 1
    plus = maps.choropleth(values, geojson_url="x", metric="mandiri_plus_persen", lang="en")
    assert _hover(plus, 0) == (
        "<b>Wilayah 36.04</b><br>Mandiri plus (Mandiri + Berkelanjutan): 14.5 % of Kampung KB"
        "<br>Kampung KB: 234 (Dasar 200 · Mandiri 34)<extra></extra>"
    )
    assert _hover(plus, 1) == "<b>Wilayah 36.01</b><br>Mandiri plus (Mandiri + Berkelanjutan): no data<extra></extra>"


@pytest.mark.parametrize(
    "metric", ["jumlah_kampung", "mandiri_plus_persen", "cakupan_persen", "kegiatan_per_kampung_bulan"]
)
def test_zero_and_no_data_share_one_grey_in_map_and_legend(metric):
    values = _values(["36.01", "36.02", "36.03", "36.04"], **{metric: [0, np.nan, 23, 234]})
    trace = maps.choropleth(values, geojson_url="x", metric=metric).data[0]

    def color(z):
        stops = [(position, c) for position, c in trace.colorscale]
        at = (z - trace.zmin) / (trace.zmax - trace.zmin)
        return [c for position, c in stops if position <= at][-1]

    assert color(trace.z[0]) == color(trace.z[1]) == NO_KAMPUNG_COLOR
    assert NO_KAMPUNG_COLOR not in {color(trace.z[2]), color(trace.z[3])}
    assert trace.colorbar.ticktext[0] == "0 atau tidak ada data"
    assert color(trace.colorbar.tickvals[0]) == NO_KAMPUNG_COLOR
    colors, legend = maps.feature_colors(values, metric)
    assert colors["36.01"] == colors["36.02"] == NO_KAMPUNG_COLOR != colors["36.03"]
    assert legend[0] == (NO_KAMPUNG_COLOR, "0 atau tidak ada data")


def _whole_spans(legend, lang: str) -> dict[str, tuple[int, int]]:
    """Colour → (first, last) whole number of each class, read back from the legend's labels."""
    thousands = "." if lang == "id" else ","
    spans = {}
    for color, label in legend[1:]:
        low, _, high = label.replace(thousands, "").partition(" – ")
        spans[color] = (int(low), int(high or low))
    return spans


@pytest.mark.parametrize(
    ("metric", "numbers"),
    [
        ("jumlah_kampung", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 23, 40, 80, 234]),
        ("jumlah_kampung", list(range(1, 30))),
        ("jumlah_kampung", [1, 2, 3, 4, 5, 6]),
        ("jumlah_kampung", [1, 2, 3, 1500, 2000, 2500, 3000, 5000]),
        ("hari_sejak_laporan", [3, 5, 7, 9, 11, 13, 100]),
        ("hari_sejak_laporan", [2.5, 7, 12.5, 13, 40, 90.5, 120, 200]),  # a median of days can end in .5
    ],
)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_whole_number_legend_names_the_numbers_each_class_holds(metric, numbers, lang):
    """Counts and days read "1 – 4", "5 – 7": the number each region shows is inside its own class's label, and
    no number is in two classes (edge labels "1 – 4", "4 – 7" left a 4 in both)."""
    codes = [f"36.{n:02d}" for n in range(1, len(numbers) + 1)]
    colors, legend = maps.feature_colors(_values(codes, **{metric: numbers}), metric, lang)
    spans = _whole_spans(legend, lang)
    for code, number in zip(codes, numbers, strict=True):
        low, high = spans[colors[code]]
        assert low <= round(number) <= high, (number, legend)  # shown with no decimals: 12.5 days read "12"
    ordered = sorted(spans.values())
    assert all(below[1] + 1 == above[0] for below, above in zip(ordered, ordered[1:], strict=False)), legend
    assert ordered[0][0] == min(map(round, numbers)) and ordered[-1][1] == max(map(round, numbers))


def test_an_indicator_of_whole_numbers_reads_as_counts_and_others_by_their_edges():
    codes = [f"36.{n:02d}" for n in range(1, 9)]
    posyandu = _values(codes).assign(nilai=[1, 4, 6, 9, 13, 20, 31, 45], satuan="unit")
    colors, legend = maps.feature_colors(posyandu, "indikator:Posyandu")
    spans = _whole_spans(legend, "id")
    assert all(spans[colors[c]][0] <= n <= spans[colors[c]][1] for c, n in zip(codes, posyandu["nilai"], strict=True))
    ordered = sorted(spans.values())
    assert all(below[1] + 1 == above[0] for below, above in zip(ordered, ordered[1:], strict=False)), legend
    rates = posyandu.assign(nilai=[0.5, 4, 6, 9, 13, 20, 31, 45])
    labels = [label for _, label in maps.feature_colors(rates, "indikator:Rasio")[1][1:]]
    assert all(a.split(" – ")[1] == b.split(" – ")[0] for a, b in zip(labels, labels[1:], strict=False)), labels


@pytest.mark.parametrize(
    ("metric", "shares"),
    [
        ("mandiri_plus_persen", [0.5, 12.3, 20, 33.3, 45, 60, 71.2, 88]),
        ("cakupan_persen", [10, 20, 30, 40, 50, 60, 70, 80]),  # whole by chance: still a share
        ("kegiatan_per_kampung_bulan", [1, 2, 3, 4, 5, 6, 7, 8]),
    ],
)
def test_a_share_or_rate_legend_keeps_the_edges_its_classes_share(metric, shares):
    codes = [f"36.{n:02d}" for n in range(1, 9)]
    _, legend = maps.feature_colors(_values(codes, **{metric: shares}), metric)
    labels = [label for _, label in legend[1:]]
    assert len(labels) > 1
    assert all(a.split(" – ")[1] == b.split(" – ")[0] for a, b in zip(labels, labels[1:], strict=False)), labels
    low, high = (maps.format_value(v, metric) for v in (min(shares), max(shares)))
    assert labels[0].startswith(f"{low} – ") and labels[-1].endswith(f" – {high}")


def test_a_clicked_desa_is_outlined_and_no_desa_is_faded():
    tiers = ["Dasar", "Berkembang", None]
    values = _values([f"36.72.01.100{n}" for n in range(1, 4)], tingkat_dominan=tiers)
    fig = maps.choropleth(
        values, geojson_url="x", metric="tingkat_dominan", wilayah="36.72.01", selected="36.72.01.1002"
    )
    regions_trace, outline = fig.data
    assert regions_trace.unselected.marker.opacity == regions_trace.selected.marker.opacity == 1
    assert regions_trace.marker.opacity == 1
    assert list(outline.locations) == ["36.72.01.1002"] and outline.marker.line.width >= 2
    assert outline.hoverinfo == "skip"
    assert len(maps.choropleth(values, geojson_url="x", metric="tingkat_dominan", selected="99").data) == 1


def test_framing_keeps_the_whole_region_in_the_map_beside_the_legend():
    # Banten's box: wider than tall; the frame left of the legend must hold all of it
    box = (105.1, -7.02, 106.79, -5.8)
    values = _values(["36.01", "36.72"], jumlah_kampung=[1, 2])
    bounds = {"36.01": (105.1, -7.02, 106.2, -6.2), "36.72": (105.9, -6.1, 106.79, -5.8)}
    fig = maps.choropleth(values, geojson_url="x", metric="jumlah_kampung", bounds=bounds, width=900, height=500)
    zoom, lon = fig.layout.map.zoom, fig.layout.map.center.lon
    degrees_shown = (900 - maps.LEGEND_WIDTH) * 360 / (512 * 2**zoom)
    assert lon - degrees_shown / 2 <= box[0] and lon + degrees_shown / 2 >= box[2]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_legend_title_lines_fit_the_legend_room(lang):
    values = _values(["36.01"], mandiri_plus_persen=[12.5])
    title = maps.choropleth(values, geojson_url="x", metric="mandiri_plus_persen", lang=lang).data[0].colorbar.title
    lines = title.text.split("<br>")
    assert len(lines) >= 3 and all(len(html.unescape(line)) <= maps.LEGEND_CHARS for line in lines)
    assert "Mandiri plus" in title.text and "Kampung KB)" in lines[-1]


def test_known_metric_tells_a_typo_from_another_levels_measure():
    assert maps.known_metric("jumlah_kampung") and maps.known_metric("indikator:Stunting")
    assert not maps.known_metric("jumlah_kampungg") and not maps.known_metric("indikator:")


@pytest.mark.parametrize(
    ("metric", "unit"),
    [
        ("cakupan_persen", "%"),
        ("kegiatan_per_kampung_bulan", "kegiatan/KKB/bulan"),
        ("hari_sejak_laporan", "hari"),
        ("jumlah_kampung", ""),
    ],
)
def test_classes_and_legend_with_units(metric, unit):
    codes = [f"36.{n:02d}" for n in range(1, 21)]
    values = _values(codes, **{metric: np.linspace(0, 95, 20)})
    trace = maps.choropleth(values, geojson_url="x", metric=metric).data[0]
    assert unit in trace.colorbar.title.text
    edges = list(trace.colorbar.tickvals)[1:]  # the first tick is the grey class of zero and no data
    assert 2 <= len(edges) <= 6 and edges == sorted(edges)
    assert trace.zmin < edges[0] and trace.zmax == edges[-1]
    colors = [stop[1] for stop in trace.colorscale][::2]
    assert colors[0] == NO_KAMPUNG_COLOR and set(colors[1:]) <= set(SEQUENTIAL) and len(colors) == len(edges)


@pytest.mark.parametrize(("lang", "title"), [("id", "Jumlah Kampung KB"), ("en", "Number of Kampung KB")])
def test_a_legend_title_does_not_repeat_the_measures_name_as_its_unit(lang, title):
    # issue 14 review: "Jumlah Kampung KB (kampung)"; units that add something stay: "(%)", "(hari)"
    values = _values(["36.01", "36.02"], jumlah_kampung=[3, 9])
    assert maps.choropleth(values, geojson_url="x", metric="jumlah_kampung", lang=lang).data[0].colorbar.title.text in (
        title,
        title.replace(" Kampung", "<br>Kampung"),
    )
    assert maps.unit_text("jumlah_kampung", lang) == ""
    assert maps.unit_text("hari_sejak_laporan", lang) == {"id": "hari", "en": "days"}[lang]


def test_class_breaks():
    assert maps.class_breaks([]) == []
    assert maps.class_breaks([7, 7, 7]) == [7, 8]
    edges = maps.class_breaks(range(101))
    assert edges[0] == 0 and edges[-1] == 100 and len(edges) == 6
    assert [maps.class_of(v, edges) for v in (0, 100, float("nan"))] == [0, 4, None]
    # Most regions without a Kampung KB: 0 keeps a class of its own instead of one colour for the whole map.
    skewed = maps.class_breaks([0] * 30 + [1, 2, 5, 40, 136, 257, 3])
    assert skewed[:2] == [0, 1.4] and skewed[-1] == 257 and len(skewed) == 6
    few = maps.class_breaks([0] * 34 + [23, 136, 257])
    assert few[:-1] == [0, 23, 136, 257] and few[-1] > 257


def _not_grey(color: str) -> bool:
    """Whether a `#rrggbb` colour has a hue a reader sees (its channels differ by more than a sixth of the range)."""
    channels = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return max(channels) - min(channels) > 42


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_class_colours_distinct_and_not_the_no_data_grey(count):
    colors = maps.class_colors(count)
    assert len(set(colors)) == count and set(colors) <= set(SEQUENTIAL) and NO_KAMPUNG_COLOR not in colors
    assert all(_not_grey(color) for color in colors)  # grey is zero and no data, on the map and in its caption


def test_one_class_per_value_labels_the_values():
    values = _values(["36.01", "36.02", "36.03"], jumlah_kampung=[0, 23, 234])
    trace = maps.choropleth(values, geojson_url="x", metric="jumlah_kampung").data[0]
    assert list(trace.colorbar.ticktext) == ["0 atau tidak ada data", "23", "234"]


def test_missing_values_in_the_same_trace_below_the_classes():
    values = _values(["36.01", "36.02", "36.03"], kegiatan_per_kampung_bulan=[np.nan, 1.5, 2.0])
    (trace,) = maps.choropleth(values, geojson_url="x", metric="kegiatan_per_kampung_bulan").data
    assert list(trace.locations) == ["36.01", "36.02", "36.03"]
    assert trace.zmin < trace.z[0] < trace.z[1] < trace.z[2] <= trace.zmax
    assert _plotly_colors(trace)[0] == NO_KAMPUNG_COLOR not in _plotly_colors(trace)[1:]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_count_colour_bar_ticks_the_first_number_of_each_class(lang):
    """Between "1 – 4" and "5 – 7" the colour bar's tick reads 5, not the edge 4.2 rounded to "4"; its top tick is
    the largest count."""
    counts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 23, 40, 80, 234]
    values = _values([f"36.{n:02d}" for n in range(1, len(counts) + 1)], jumlah_kampung=counts)
    trace = maps.choropleth(values, geojson_url="x", metric="jumlah_kampung", lang=lang).data[0]
    _, legend = maps.feature_colors(values, "jumlah_kampung", lang)
    assert list(trace.colorbar.ticktext)[1:-1] == [label.split(" – ")[0] for _, label in legend[1:]]
    assert trace.colorbar.ticktext[-1] == legend[-1][1].split(" – ")[-1] == "234"


def _plotly_colors(trace) -> list[str]:
    """Each region's fill as plotly.js picks it: the bounds of the colour scale's steps at zmin + position ×
    (zmax − zmin), in floats, and the step a value falls in by a right bisection, as d3's scale finds it."""
    colors = [color for _, color in trace.colorscale]
    bounds = [trace.zmin + position * (trace.zmax - trace.zmin) for position, _ in trace.colorscale]
    return [colors[bisect.bisect_right(bounds, z, 1, len(bounds) - 1) - 1] for z in trace.z]


@pytest.mark.parametrize("metric", ["jumlah_kampung", "hari_sejak_laporan", "mandiri_plus_persen", "cakupan_persen"])
def test_the_interactive_map_colours_every_region_as_the_legend_says(metric):
    """The plotly map paints each region in the class `feature_colors` gives it (the brief's, the deck's and the
    small map's colours). A region whose value was exactly a class edge used to take the class below: with 21 the
    smallest of these counts, the kab/kota with 21 Kampung KB was painted in the grey of no data."""
    rng = np.random.default_rng(7)
    cases = [[0, 21, 30, 49, 57, 60, 76, 90, 110, 177]]
    for _ in range(150):
        size = int(rng.integers(6, 40))
        numbers = rng.integers(0, 300, size) if metric in ("jumlah_kampung", "hari_sejak_laporan") else None
        cases.append(list(numbers) if numbers is not None else list(np.round(rng.uniform(0, 100, size), 1)))
    for numbers in cases:
        codes = [f"36.{n:02d}" for n in range(1, len(numbers) + 1)]
        values = _values(codes, **{metric: numbers})
        trace = maps.choropleth(values, geojson_url="x", metric=metric).data[0]
        colors, _ = maps.feature_colors(values, metric)
        assert _plotly_colors(trace) == [colors[code] for code in codes], numbers


def test_desa_in_tier_colours():
    tiers = ["Dasar", None, "Mandiri", "Berkelanjutan", "Berkembang"]
    values = _values([f"36.72.01.100{n}" for n in range(1, 6)], tingkat_dominan=tiers)
    trace = maps.choropleth(values, geojson_url="x", metric="tingkat_dominan", wilayah="36.72.01").data[0]
    assert list(trace.z) == [0, -1, 2, 3, 1]
    colors = [stop[1] for stop in trace.colorscale][::2]
    assert colors == [NO_KAMPUNG_COLOR, *TIER_COLORS.values()]
    assert list(trace.colorbar.ticktext) == ["Tanpa Kampung KB", *schema.TIERS]
    assert [row[1] for row in trace.customdata] == [
        "Dasar",
        "Tanpa Kampung KB",
        "Mandiri",
        "Berkelanjutan",
        "Berkembang",
    ]


def test_payload_under_one_megabyte_for_the_largest_layer(built):
    codes = list(mapdata.feature_bounds("desa", "36", built["static"]))
    values = _values(codes, jumlah_kampung=np.arange(len(codes)), tingkat_dominan="Mandiri")
    for metric in ("jumlah_kampung", "tingkat_dominan"):
        fig = maps.choropleth(
            values,
            geojson_url=mapdata.geometry_url("desa", "36", built["static"]),
            metric=metric,
            bounds=mapdata.feature_bounds("desa", "36", built["static"]),
        )
        assert len(fig.to_json()) <= 1_000_000
        assert isinstance(fig.data[-1].geojson, str)


def test_metric_options_per_level():
    assert maps.metric_options("36")[:2] == ["jumlah_kampung", "cakupan_persen"]
    assert "cakupan_persen" not in maps.metric_options("36.72.01")
    assert maps.default_metric("36.72.01") == "tingkat_dominan"
    assert maps.metric_options("36", ["CPR (%)"])[-1] == "indikator:CPR (%)"


# --- data behind the map (demo) ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "kkb.duckdb"
    importer.load_demo(path)
    return path


def _reported(indikator: str, sampai: str) -> pd.Series:
    """From data/demo/indikator.csv with pandas: the latest value per kab/kota of Banten up to `sampai`."""
    rows = pd.read_csv(config.demo_dir() / "indikator.csv", dtype={"kode_wilayah": str, "periode": str})
    rows = rows[(rows["indikator"] == indikator) & rows["kode_wilayah"].str.match(r"^36\.\d\d$")]
    rows = rows[rows["periode"].str.slice(0, 4) <= sampai[:4]].sort_values("periode")
    return rows.groupby("kode_wilayah")["nilai"].last()


@pytest.mark.parametrize("sampai", ["2023-12", "2024-12"])
def test_indicator_values_latest_period(demo, sampai):
    with Store(demo, read_only=True) as store:
        names = maps.indicator_names(store, "36")
        values = maps.indicator_values(store, Filters("36", "2023-01", sampai), "prevalensi stunting (%)")
    assert "prevalensi stunting (%)" in names
    expected = _reported("prevalensi stunting (%)", sampai)
    got = values.dropna(subset=["nilai"]).set_index("kode")["nilai"]
    assert len(got) and got.to_dict() == pytest.approx(expected.loc[got.index].to_dict())
    assert set(values["kode"]) == set(metrics.regions.children("36")["kode"])


def test_desa_card(demo):
    with Store(demo, read_only=True) as store:
        villages = metrics.village_table(store, Filters("36.72", "2024-01", "2024-12"))
    named = villages[villages["nama_kampung"].notna()].iloc[0]
    card = maps.desa_card(villages, named["kode_desa"], "id")
    assert card.iloc[0, 1] == named["nama_kampung"] and named["klasifikasi"] in card.iloc[:, 1].tolist()
    unnamed = villages[villages["nama_kampung"].isna()]
    if len(unnamed):
        assert maps.desa_card(villages, unnamed["kode_desa"].iloc[0], "id").iloc[0, 1] == "–"
    assert maps.desa_card(villages, "36.72.01.9999", "id") is None


def _points(path: str) -> np.ndarray:
    """The absolute points of SVG path data made of `M x y l dx dy … z` rings."""
    out = []
    for ring in re.findall(r"M([^l]*)l([^z]*)z", path):
        start = np.array(ring[0].split(), dtype=int)
        moves = np.array(ring[1].split(), dtype=int).reshape(-1, 2)
        out.append(np.vstack([start, start + np.cumsum(moves, axis=0)]))
    return np.vstack(out)


def test_picture_frames_every_region_compactly(built):
    codes = metrics.regions.children("")["kode"]
    width, height, paths = svg.picture("provinsi", None, codes, built["static"], width=1000, height=400)
    assert set(paths) == set(codes)  # every province drawn, the smallest too
    assert (width == 1000 and height <= 400) or (height == 400 and width <= 1000)
    points = np.vstack([_points(p) for p in paths.values()])
    assert points.min() >= 0 and points[:, 0].max() <= width and points[:, 1].max() <= height
    assert points[:, 0].max() >= width - 2 and points[:, 1].max() >= height - 2  # framed tight (specks aside)
    file_bytes = mapdata.static_path("provinsi", None, built["static"]).stat().st_size
    assert sum(map(len, paths.values())) < file_bytes / 5  # specks of islands left out, whole units


def test_pictures_asked_during_the_start_up_read_wait_for_it(built):
    """The server's start-up reads the national outlines while the first page already runs (`warmup`): pages
    asking for a picture meanwhile wait for that read instead of reading the same file again."""
    svg._read_outlines.cache_clear()
    svg._picture.cache_clear()
    codes = tuple(metrics.regions.children("")["kode"])
    threads = [threading.Thread(target=svg.read_national_outlines, args=(built["static"],))]
    threads += [threading.Thread(target=svg.picture, args=("provinsi", None, codes, built["static"])) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert svg._read_outlines.cache_info().misses == 2  # the provinsi and kab/kota files, each read once


def test_picture_of_one_province_keeps_its_small_kota(built):
    codes = metrics.regions.children("36")["kode"]
    width, height, paths = svg.picture("kabkota", "36", codes, built["static"])
    assert set(paths) == set(codes) and "36.72" in paths  # Kota Cilegon, a few km across
    points = _points(paths["36.72"])
    assert np.ptp(points[:, 0]) >= 5 and np.ptp(points[:, 1]) >= 5  # framed on Banten, not on Indonesia


def test_small_map_only_when_built(built, tmp_path):
    values = _values(["36", "32", "99"], jumlah_kampung=[1, 2, 0])
    assert maps.small_map(Filters(""), values, static_dir=tmp_path) is None
    assert maps.small_map(Filters(""), values.iloc[:0], static_dir=built["static"]) is None
    markup = maps.small_map(Filters(""), values, static_dir=built["static"])
    colors, legend = maps.feature_colors(values, "jumlah_kampung")
    shapes = re.findall(r'<path d="[^"]+" fill="([^"]+)"><title>([^<]*)</title></path>', markup)
    assert [fill for fill, _ in shapes] == [colors["36"], colors["32"]]  # 99 has no boundary: not drawn
    assert shapes[0][1] == "Wilayah 36 (36)\nJumlah Kampung KB: 1"
    assert markup.count("<svg") == 1 and "plotly" not in markup
    for color, label in legend:  # the legend below: every class with its range, and "no data"
        assert f"background:{color};" in markup and html.escape(label) in markup


def test_small_map_in_tier_colours_and_english(built):
    values = _values(["36.01.01.2001", "36.01.01.2002"], tingkat_dominan=["Mandiri", None], jumlah_kampung=[1, 0])
    markup = maps.small_map(Filters("36.01.01"), values, "en", static_dir=built["static"])
    assert f'fill="{TIER_COLORS["Mandiri"]}"' in markup and f'fill="{NO_KAMPUNG_COLOR}"' in markup
    assert "Kampung KB tier: Mandiri" in markup and "Kampung KB tier: No Kampung KB" in markup


def test_small_map_escapes_names(built):
    values = _values(["36"], jumlah_kampung=[3])
    values["nama"] = [EVIL]
    markup = maps.small_map(Filters(""), values, static_dir=built["static"])
    assert "<script" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt; (36)" in markup


# --- folium ----------------------------------------------------------------------------------------------------


def test_folium_html_escapes_and_explains_offline(built):
    geometry = mapdata.load_static("provinsi", None, built["static"])
    values = _values(["36", "32"], jumlah_kampung=[23, 5])
    values.loc[0, "nama"] = EVIL
    page = maps.folium_html(
        values, geometry, metric="jumlah_kampung", f=Filters("", "2024-01", "2024-12", ("Mandiri",))
    ).decode()
    assert EVIL not in page and "alert(1)" in page  # present, but only escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    note = page.split('id="kkb-leaflet-missing"', 1)[1].split(">", 1)[0]
    assert "display:none" not in note.replace(" ", "")  # visible by default …
    assert "window.L" in page and "Leaflet" in page  # … hidden only once Leaflet has loaded
    assert "Januari 2024" in page and "Mandiri" in page  # the filters used


def test_folium_html_never_evaluates_template_syntax_from_data(built):
    """branca compiles folium's HTML pieces as Jinja templates: a name from an import must stay text."""
    geometry = mapdata.load_static("provinsi", None, built["static"])
    values = _values(["36", "32"], jumlah_kampung=[23, 5])
    values["nama"] = ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}"]
    page = maps.folium_html(values, geometry, metric="jumlah_kampung", f=Filters("")).decode()
    assert "<td>49</td>" not in page and "xxx" not in page
    assert "&#123;&#123; 7*7 &#125;&#125;" in page


def test_folium_map_colours_and_tooltips(built):
    geometry = mapdata.load_static("desa", "36", built["static"])
    codes = geometry["kode"].head(3).tolist()
    values = _values(codes, tingkat_dominan=["Mandiri", None, "Dasar"])
    fmap = maps.folium_map(values, geometry, metric="tingkat_dominan", wilayah="36.72.01")
    page = fmap.get_root().render()
    assert TIER_COLORS["Mandiri"] in page and NO_KAMPUNG_COLOR in page and TIER_COLORS["Dasar"] in page
    assert "GeoJsonTooltip" in page or "bindTooltip" in page


# --- zero in the charts' grey too --------------------------------------------------------------------------------


def _color_at(trace, z: float) -> str:
    """The colour plotly gives `z` on a colorscale made of flat steps and linear runs (the stop at or below)."""
    at = (z - trace.zmin) / (trace.zmax - trace.zmin)
    return [c for position, c in trace.colorscale if position <= at][-1]


def test_activity_heatmap_paints_zero_cells_grey():
    from kkb_dashboard.views.charts import activities as activity_charts

    frame = pd.DataFrame({"jenis_kegiatan": ["Posyandu", "Pertemuan Pokja"], "2024-05": [0, 3], "2024-06": [12, 1]})
    trace = activity_charts.heatmap(frame).data[0]
    assert trace.zmin == 0 and _color_at(trace, 0) == NO_KAMPUNG_COLOR
    assert _color_at(trace, 1) == SEQUENTIAL[0] and NO_KAMPUNG_COLOR not in {_color_at(trace, 12)}


def test_transition_matrix_paints_zero_cells_grey():
    from kkb_dashboard.views.charts import tiers as tier_charts

    matrix = pd.DataFrame(
        [[5, 2, 0, 0], [0, 7, 1, 0], [0, 0, 3, 0], [0, 0, 0, 1]], index=schema.TIERS, columns=schema.TIERS
    )
    trace = tier_charts.transition_heatmap(matrix).data[0]
    assert _color_at(trace, 0) == NO_KAMPUNG_COLOR and _color_at(trace, 1) != NO_KAMPUNG_COLOR
    assert not trace.reversescale


# --- where the names go ---------------------------------------------------------------------------------------------


def _ring(cx: float, cy: float, outer: float, inner: float):
    return shapely.box(cx - outer, cy - outer, cx + outer, cy + outer).difference(
        shapely.box(cx - inner, cy - inner, cx + inner, cy + inner)
    )


@pytest.mark.parametrize(
    "shape",
    [
        shapely.box(100, -7, 102, -5),
        shapely.Polygon([(0, 0), (10, 0), (10, 1), (1, 1), (1, 9), (10, 9), (10, 10), (0, 10)]),  # a "C"
        _ring(106, -6, 1.0, 0.8),  # a ring around a hole (a kota inside a kabupaten)
        shapely.MultiPolygon([shapely.box(0, 0, 0.1, 0.1), shapely.box(5, 5, 8, 8)]),  # an islet and an island
    ],
)
def test_label_point_lies_inside_the_region_where_there_is_room(shape):
    ((x, y, room),) = geometry.label_points([shape])
    point = shapely.Point(x, y)
    largest = max(shapely.get_parts(shape), key=lambda part: part.area)
    assert largest.contains(point)
    # the roomiest place: the name's circle fits inside, within the tolerance of the search
    assert abs(largest.boundary.distance(point) - room) < 0.01 * max(largest.bounds[2] - largest.bounds[0], 1)
    assert room >= 0.9 * shapely.maximum_inscribed_circle(largest, 1e-4).length


def test_label_point_of_a_square_is_its_centre():
    ((x, y, room),) = geometry.label_points([shapely.box(100, -7, 102, -5)])
    assert (x, y, room) == pytest.approx((101, -6, 1), abs=0.01)


def test_labels_written_at_build_time_for_named_levels_only(built):
    for level, prov, _ in LAYERS:
        path = mapdata.labels_path(level, prov, built["static"])
        assert path.exists() == (level in mapdata.LABELLED)
        if path.exists():
            labels = json.loads(path.read_text(encoding="utf-8"))
            assert set(labels) == {f["properties"]["kode"] for f in _collection(built, level, prov)["features"]}
    layer = mapdata.layer_source("provinsi", cache_dir=built["cache"], static_dir=built["static"])
    shapes = {f["properties"]["kode"]: f["geometry"] for f in _collection(built, "provinsi", None)["features"]}
    lon, lat, _ = layer.labels["36"]
    assert shapely.from_geojson(json.dumps(shapes["36"])).contains(shapely.Point(lon, lat))
    assert (
        mapdata.layer_source("desa", "36", "36.72.01", cache_dir=built["cache"], static_dir=built["static"]).labels
        == {}
    )


def test_a_layer_without_its_labels_is_rebuilt(built, tmp_path):
    static = tmp_path / "static"
    path = mapdata.build_static("provinsi", cache_dir=built["cache"], static_dir=static)
    mapdata.labels_path("provinsi", None, static).unlink()  # built before names were on the map
    assert not mapdata.up_to_date("provinsi", cache_dir=built["cache"], static_dir=static)
    assert path in mapdata.build_cached(cache_dir=built["cache"], static_dir=static)
    assert mapdata.labels_path("provinsi", None, static).exists()


@pytest.mark.parametrize("name", ["provinsi", "kabkota", "kecamatan_18", "kecamatan_32", "kecamatan_36"])
def test_shipped_named_layers_have_a_label_inside_every_region(name):
    labels = json.loads((STATIC / mapdata.SHIPPED_DIR / f"{name}.labels.json").read_text(encoding="utf-8"))
    features = json.loads((STATIC / mapdata.SHIPPED_DIR / f"{name}.geojson").read_text(encoding="utf-8"))["features"]
    assert set(labels) == {f["properties"]["kode"] for f in features}
    shapes = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
    points = shapely.points([labels[f["properties"]["kode"]][:2] for f in features])
    assert shapely.contains(shapes, points).all()


# --- the layers shipped in git ------------------------------------------------------------------------------------

SHIPPED = STATIC / mapdata.SHIPPED_DIR


def test_shipped_layers_within_the_git_budget_with_their_licence():
    files = sorted(SHIPPED.glob("*.json")) + sorted(SHIPPED.glob("*.geojson"))
    assert sum(len(gzip.compress(f.read_bytes(), 9)) for f in files) <= 3_000_000
    assert "MIT License" in (SHIPPED / "LICENSE-wilayah_boundaries.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("wilayah", "count"),
    [("", 38), ("36", 8), ("18", 15), ("36.72", 8), ("18.04", 15), ("32.76", 11), ("36.72.01", 6), ("32.76.01", 6)],
)
def test_shipped_layers_hold_every_demo_region(wilayah, count, tmp_path):
    level, prov = mapdata.layer_for(wilayah)
    static = SHIPPED.parent
    assert mapdata.shipped(level, prov, wilayah, static)
    children = set(metrics.regions.children(wilayah)["kode"])
    layer = mapdata.layer_source(level, prov, wilayah, cache_dir=tmp_path, static_dir=static)
    assert layer.url.startswith(f"app/static/layers/{mapdata.file_name(level, prov)}?v=")
    assert len(children) >= count and children <= set(layer.bounds)
    collection = json.loads(mapdata.shipped_path(level, prov, static).read_text(encoding="utf-8"))
    assert all(shapely.from_geojson(json.dumps(f["geometry"])).is_valid for f in collection["features"][:50])


def test_a_built_layer_wins_over_the_shipped_one(built, tmp_path):
    static = tmp_path / "static"
    (static / "geo").mkdir(parents=True)
    (static / mapdata.SHIPPED_DIR).mkdir()
    for name in ("provinsi.geojson", "provinsi.bounds.json"):
        (static / mapdata.SHIPPED_DIR / name).write_bytes((SHIPPED / name).read_bytes())
    shipped = mapdata.layer_source("provinsi", cache_dir=built["cache"], static_dir=static)
    assert shipped.url.startswith("app/static/layers/provinsi.geojson")
    assert mapdata.build_cached(cache_dir=built["cache"], static_dir=static)  # what start-up does
    assert mapdata.layer_source("provinsi", cache_dir=built["cache"], static_dir=static).url.startswith(
        "app/static/geo/provinsi.geojson"
    )
    assert mapdata.build_cached(cache_dir=built["cache"], static_dir=static) == []  # nothing left to build


@pytest.mark.parametrize("metric", ["mandiri_plus_persen", "hari_sejak_laporan", "jumlah_kampung"])
def test_table_shows_the_mapped_measure_beside_the_names(metric):
    """At 1366 px the map's table scrolls sideways: the measure on the map comes right after code and name, so it
    is never among the columns off screen; every other column follows, once."""
    values = _values(["36.01", "36.02"], jumlah_kampung=[3, 4])
    table = maps.table_for(values, metric, "en")
    assert list(table.columns[:3]) == ["Code", "Name", maps.metric_label(metric, "en")]
    module = importlib.import_module("kkb_dashboard.views.maps.choropleth")  # `maps.choropleth` is its function
    shown = [c for c in module._TABLE_COLUMNS if c in values]
    assert len(set(table.columns)) == len(table.columns) == 2 + len(shown)
