"""The meeting brief: one self-contained HTML file — plotly.js once, no external URL, escaped names, the filters,
Indonesian number and date formats, the demo flag, and a map whose geometry is inside the file."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely
from plotly.offline import get_plotlyjs

from kkb_dashboard import boundaries, brief, importer, regions
from kkb_dashboard.filters import Filters
from kkb_dashboard.store import Store

EVIL = "<script>alert('x')</script>"
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
METRIC_KPIS = {
    "jumlah_desa": 1552,
    "jumlah_kampung": 1161,
    "cakupan_persen": 74.81,
    "mandiri_plus": 282,
    "mandiri_plus_persen": 24.28,
    "tahun": 2023,
    "target_kampung": 1161.0,
    "target_persen": 40.0,
    "target_mandiri_plus": 474.0,
    "selisih_persen": -15.72,
    "kegiatan_bulan_ini": 1234,
    "kegiatan_bulan_lalu": 987,
    "tanpa_laporan_3_bulan": 12,
}


def _square(x: float, y: float, size: float = 0.01, points: int = 40) -> shapely.Polygon:
    """A square with many nearly collinear points on its edges (so simplification has something to drop)."""
    edge = [(x + size * i / points, y + 1e-7 * (i % 2)) for i in range(points)]
    return shapely.Polygon([*edge, (x + size, y), (x + size, y + size), (x, y + size)])


def _geojson(codes: list[str]) -> dict:
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"kode": code},
            "geometry": shapely.geometry.mapping(_square(106.0 + i * 0.01, -6.0)),
        }
        for i, code in enumerate(codes)
    ]
    return {"type": "FeatureCollection", "features": features}


def _figures() -> list[tuple[str, go.Figure]]:
    bars = go.Figure(go.Bar(x=[EVIL, "Cibeber"], y=[3, 4], name=EVIL))
    line = go.Figure(go.Scatter(x=["2024-01", "2024-02"], y=[1, 2]))
    return [(f"Grafik {EVIL}", bars), ("Tren", line)]


def _brief(**changes) -> str:
    arguments = {
        "title": f"Ringkasan {EVIL}",
        "filters_text": [f"Wilayah: {EVIL} (36.72)", "Bulan: Mei 2024"],
        "kpis": METRIC_KPIS,
        "figures": _figures(),
        "tables": [(f"Tabel {EVIL}", pd.DataFrame({EVIL: [EVIL, "Cibeber"], "jumlah": [1161, 2]}))],
        "notes": [f"Catatan {EVIL}"],
        "lang": "id",
        "synthetic": True,
        "sources": ["Batas wilayah: https://github.com/cahyadsn/wilayah_boundaries (MIT)"],
        "today": dt.date(2024, 5, 27),
    }
    return brief.meeting_brief(**(arguments | changes))


def _without_plotlyjs(document: str) -> str:
    bundle = get_plotlyjs()
    assert document.count(bundle) == 1
    return document.replace(bundle, "")


def test_plotlyjs_is_inlined_exactly_once():
    document = _brief()
    assert document.count(get_plotlyjs()) == 1
    assert document.count("Plotly.newPlot(") == 2


def test_no_external_resources():
    document = _brief()
    assert "<script src=" not in document
    assert "<link" not in document
    rest = _without_plotlyjs(document)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", rest)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", rest)
    footer = rest[rest.index("<footer>") :]
    assert rest.count("https://") == footer.count("https://") == 1  # the plain-text source attribution only


def test_untrusted_names_are_escaped_everywhere():
    rest = _without_plotlyjs(_brief())
    assert "alert(" in rest  # the name is there …
    assert EVIL not in rest  # … but never as markup
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in rest
    tags = re.findall(r"<script[^>]*>", rest)
    assert len(tags) == 2 + 2  # PlotlyConfig, the bundle, one per figure
    assert "\\u003cscript\\u003e" in rest  # inside the figures' JSON, plotly escapes < as well


def test_filters_are_stated_before_the_figures():
    rest = _without_plotlyjs(_brief())
    filters = rest.index("Tampilan yang dipakai")
    assert filters < rest.index("Angka utama") < rest.index("Grafik</h2>")
    assert "Bulan: Mei 2024" in rest[filters : rest.index("Angka utama")]


def test_kpis_in_indonesian_format():
    rest = _without_plotlyjs(_brief())
    assert "24,28 %" in rest
    assert ">1.161<" in rest
    assert "74,81 % dari 1.552 desa/kelurahan" in rest
    assert "target 40,00 %, selisih -15,72 poin" in rest
    assert ">1.234<" in rest and "bulan sebelumnya 987" in rest


def test_kpis_in_english_format():
    rest = _without_plotlyjs(_brief(lang="en"))
    assert "24.28%" in rest and ">1,161<" in rest and "gap -15.72 points" in rest
    assert "Generated 27 May 2024" in rest


def test_plain_kpis_are_shown_as_given():
    rest = _without_plotlyjs(_brief(kpis={"Kampung KB": 1161, EVIL: "24,28 %"}))
    assert ">1.161<" in rest and "24,28 %" in rest and EVIL not in rest


def test_generation_date_demo_flag_and_sources():
    rest = _without_plotlyjs(_brief())
    assert "Dibuat 27 Mei 2024" in rest
    assert "SINTETIS" in rest
    assert "SINTETIS" not in _brief(synthetic=False)
    assert "cahyadsn/wilayah_boundaries" in rest


def test_table_numbers_in_indonesian_format_and_print_css():
    document = _brief()
    assert '<td class="num">1.161</td>' in document
    assert "@page { size: A4" in document


def test_without_figures_there_is_no_plotlyjs():
    document = _brief(figures=[])
    assert get_plotlyjs()[:2000] not in document
    assert "<script" not in document


def _map(geojson) -> go.Figure:
    return go.Figure(
        go.Choroplethmap(geojson=geojson, locations=["36.72.01", "36.72.02"], z=[3, 5], featureidkey="properties.kode")
    )


def test_a_map_with_a_url_geojson_is_refused():
    with pytest.raises(ValueError, match="inline_geometry"):
        _brief(figures=[("Peta", _map("app/static/kecamatan_36.geojson"))])


def test_inline_geometry_embeds_only_the_mapped_regions_simplified_and_rounded():
    geojson = _geojson(["36.72.01", "36.72.02", "36.72.03"])
    original = json.dumps(geojson)
    fig = brief.inline_geometry(_map("app/static/kecamatan_36.geojson"), geojson)
    embedded = fig.data[0].geojson
    assert [f["properties"]["kode"] for f in embedded["features"]] == ["36.72.01", "36.72.02"]
    ring = embedded["features"][0]["geometry"]["coordinates"][0]
    assert len(ring) < 10  # 44 points on a square → its corners
    assert all(len(str(value).split(".")[-1]) <= brief.ROUND_DIGITS for point in ring for value in point)
    assert json.dumps(geojson) == original  # the cached geometry is never mutated
    document = _brief(figures=[("Peta", fig)])
    assert document.count('"36.72.02"') >= 2  # in the locations and in the embedded features


# --- brief_for on the demo data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "kkb.duckdb"
    importer.load_demo(path)
    return path


@pytest.fixture
def store(demo_db, db):
    shutil.copyfile(demo_db, db)
    with Store(db, read_only=True) as opened:
        yield opened


def _cache_cilegon_kecamatan() -> list[str]:
    """A fake kecamatan layer for Banten holding Kota Cilegon's kecamatan as small squares."""
    kecamatan = regions.children("36.72")
    codes, names = list(kecamatan["kode"]), list(kecamatan["nama"])
    frame = gpd.GeoDataFrame(
        {"kode": codes, "nama": names, "level": [3] * len(codes)},
        geometry=[_square(106.0 + i * 0.01, -6.0) for i in range(len(codes))],
        crs="EPSG:4326",
    )
    path = boundaries.cache_path("kecamatan", "36")
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path)
    return codes


def _cilegon_kampung(until: str) -> int:
    register = pd.read_csv(DEMO / "kampung.csv", dtype=str)
    formed = register["tanggal_pencanangan"].str.slice(0, 7)
    return int((register["kode_desa"].str.startswith("36.72.") & (formed <= until)).sum())


def test_brief_for_cilegon_has_kpis_charts_map_and_demo_flag(store):
    codes = _cache_cilegon_kecamatan()
    document = brief.brief_for(store, Filters("36.72", "2024-01", "2024-12"), "id", today=dt.date(2024, 12, 31))
    rest = _without_plotlyjs(document)
    kampung, desa = _cilegon_kampung("2024-12"), len(regions.descendants("36.72", 4))
    assert kampung == 23
    assert f'<div class="value">{kampung}</div>' in rest
    share = f"{100 * kampung / desa:.2f}".replace(".", ",")
    assert f"{share} % dari {desa} desa/kelurahan" in rest
    assert "Kota Cilegon (36.72)" in rest and "Januari 2024 – Desember 2024" in rest
    assert "SINTETIS" in rest and "Dibuat 31 Desember 2024" in rest
    assert rest.count("Plotly.newPlot(") == 3
    assert '"type":"choroplethmap"' in rest
    assert len(codes) == 8 and all(f'"{code}"' in rest for code in codes)
    assert '"white-bg"' in rest
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", rest)
    assert "Peta tidak disertakan" not in rest


def test_brief_for_without_boundaries_says_the_map_is_left_out(store):
    document = brief.brief_for(store, Filters("36.72", "2024-01", "2024-12"), "en")
    rest = _without_plotlyjs(document)
    assert "Map left out" in rest
    assert rest.count("Plotly.newPlot(") == 2


def test_brief_for_an_empty_view_still_renders(store):
    document = brief.brief_for(store, Filters("32.76.01", "2023-01", "2023-02"), "id")
    assert "Plotly.newPlot(" in document and "Tampilan yang dipakai" in document


def test_brief_name():
    assert brief.brief_name(Filters("36.72", "2024-01", "2024-12")) == "ringkasan_rapat_36.72_2024-12.html"
    assert brief.brief_name(Filters()) == "ringkasan_rapat_indonesia_semua.html"


def test_fallback_builders_keep_tier_order_and_colours():
    fig = brief.tier_figure({"Mandiri": 5, "Dasar": 10}, "en", "2024-12")
    assert list(fig.data[0].y) == ["Dasar", "Berkembang", "Mandiri", "Berkelanjutan"]
    assert list(fig.data[0].x) == [10, 0, 5, 0]
    assert fig.layout.separators == ".,"
    monthly = pd.DataFrame(
        {"periode": ["2024-01", "2024-01", "2024-02"], "jenis_kegiatan": ["BKB", "BKR", "BKB"], "jumlah": [2, 3, 4]}
    )
    trend = brief.activity_figure(monthly, "id")
    assert list(trend.data[0].x) == ["Januari 2024", "Februari 2024"] and list(trend.data[0].y) == [5, 4]
