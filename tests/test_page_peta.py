"""The Peta page in AppTest on the demo data: the figure's locations are the chosen region's sub-regions, its z
the numbers counted with pandas from data/demo/kampung.csv and the shared Kemendagri code list; the geometry is a
URL; the measure selector and `?metrik=`; the breadcrumb; the empty state when there are no boundaries."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import open_app, shown
from streamlit.testing.v1 import AppTest

from kkb_dashboard import config
from kkb_dashboard.rules import regions
from kkb_dashboard.views.charts import TIER_COLORS

SAMPAI = "2024-12"  # the demo's latest month: the page's default view ends there


@pytest.fixture(scope="module")
def kampung() -> pd.DataFrame:
    """Kampung KB formed by the end of the demo's last month, from the CSV."""
    rows = pd.read_csv(config.demo_dir() / "kampung.csv", dtype=str)
    formed = rows["tanggal_pencanangan"].fillna("0000").str.slice(0, 7)
    return rows[formed <= SAMPAI]


@pytest.fixture(scope="module")
def codes(shared) -> pd.DataFrame:
    """The Kemendagri 2025 code list (shared reference data, not the package's registry)."""
    return pd.read_csv(
        shared / "geo" / "kode_wilayah_kepmendagri_2025.csv", dtype={"kode": str}, usecols=["kode", "level"]
    )


def run_page(**params: str) -> AppTest:
    """The page through app.py with the given link parameters (fails when app.py does not register it)."""
    at = open_app("peta", params, timeout=60)
    assert not at.exception
    return at


def spec(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _shown(text: str) -> float | str:
    """A hover's value as a number ("1.234" → 1234, "55,6 %" → 55.6; "tidak ada data" → 0), a tier as its name."""
    if text == "tidak ada data":
        return 0
    number = text.split(" ")[0].replace(".", "").replace(",", ".")
    return float(number) if number.replace(".", "", 1).isdigit() else text


def values(at: AppTest) -> dict[str, float | str]:
    """location → the value each region's hover shows."""
    trace = spec(at)["data"][0]
    return {code: _shown(row[1]) for code, row in zip(trace["locations"], trace["customdata"], strict=True)}


def _children(codes: pd.DataFrame, parent: str, level: int) -> list[str]:
    prefix = parent + "." if parent else ""
    return sorted(codes.loc[(codes["level"] == level) & codes["kode"].str.startswith(prefix), "kode"])


def test_kecamatan_of_kota_cilegon(with_geo, kampung, codes):
    at = run_page(wilayah="36.72")
    assert at.title[0].value.endswith("Kota Cilegon")
    counted = kampung["kode_desa"].str.slice(0, 8).value_counts()
    expected = {k: int(counted.get(k, 0)) for k in _children(codes, "36.72", 3)}
    assert values(at) == expected and sum(expected.values()) == 23
    trace = spec(at)["data"][0]
    assert isinstance(trace["geojson"], str) and trace["geojson"].startswith("app/static/geo/kecamatan_36.geojson")
    assert trace["featureidkey"] == "properties.kode"
    style = spec(at)["layout"]["map"]["style"]
    assert not any("tiles" in source for source in style["sources"].values())  # no tile server: works offline
    named = {f["properties"]["nama"] for f in style["sources"]["kkb-labels"]["data"]["features"]}
    assert named == {regions.name_of(k) for k in expected} and len(named) == 8  # every kecamatan named
    assert len(at.get("plotly_chart")[0].proto.spec) < 1_000_000


def test_provinces_of_indonesia(with_geo, kampung, codes):
    at = run_page()
    got = values(at)
    assert sorted(got) == _children(codes, "", 1)
    counted = kampung["kode_desa"].str.slice(0, 2).value_counts()
    assert got == {k: int(counted.get(k, 0)) for k in got}
    assert spec(at)["data"][0]["geojson"].startswith("app/static/geo/provinsi.geojson")


def test_measure_selector_changes_z_and_the_link(with_geo, kampung, codes):
    at = run_page(wilayah="36.72")
    at.selectbox(key="peta_metrik").set_value("cakupan_persen").run()
    assert not at.exception
    desa = codes[codes["level"] == 4]
    per_kec = desa["kode"].str.slice(0, 8).value_counts()
    counted = kampung["kode_desa"].str.slice(0, 8).value_counts()
    expected = {k: round(100 * counted.get(k, 0) / per_kec[k], 1) for k in _children(codes, "36.72", 3)}
    assert values(at) == expected  # shown with one decimal
    assert at.query_params["metrik"] == ["cakupan_persen"] or at.query_params["metrik"] == "cakupan_persen"
    assert "%" in spec(at)["data"][0]["colorbar"]["title"]["text"].replace("<br>", " ")


def test_measure_from_the_link(with_geo):
    at = run_page(wilayah="36.72", metrik="kegiatan_per_kampung_bulan")
    assert at.selectbox(key="peta_metrik").value == "kegiatan_per_kampung_bulan"
    assert "kegiatan/KKB/bulan" in spec(at)["data"][0]["colorbar"]["title"]["text"].replace("<br>", " ")
    bad = run_page(wilayah="36.72", metrik="bogus")
    assert bad.selectbox(key="peta_metrik").value == "jumlah_kampung"
    assert any("metrik=bogus" in w.value for w in bad.warning)


def test_indicator_overlay(with_geo):
    at = run_page(wilayah="36", metrik="indikator:prevalensi stunting (%)")
    trace = spec(at)["data"][0]
    assert "prevalensi stunting" in trace["colorbar"]["title"]["text"].replace("<br>", " ")
    assert all(code.startswith("36.") for code in trace["locations"])


def test_desa_in_tier_colours(with_geo, kampung):
    at = run_page(wilayah="36.72.01")
    trace = spec(at)["data"][0]
    assert trace["geojson"].startswith("app/static/geo/desa_36.geojson")
    assert all(code.startswith("36.72.01.") for code in trace["locations"])
    with_kampung = {k for k, z in zip(trace["locations"], trace["z"], strict=True) if z >= 0}
    assert with_kampung == set(kampung.loc[kampung["kode_desa"].str.startswith("36.72.01."), "kode_desa"])
    assert set(TIER_COLORS.values()) <= {stop[1] for stop in trace["colorscale"]}


def test_breadcrumb_goes_back_up(with_geo, codes):
    at = run_page(wilayah="36.72.01")
    crumbs = [b for b in at.button if b.key and b.key.startswith("peta_crumb_")]
    assert [b.label for b in crumbs] == ["Indonesia", "Banten", "Kota Cilegon", "Cibeber"]
    assert crumbs[-1].disabled
    crumbs[1].click().run()
    assert not at.exception and at.title[0].value.endswith("Banten")
    assert sorted(values(at)) == _children(codes, "36", 2)
    assert spec(at)["data"][0]["geojson"].startswith("app/static/geo/kabkota.geojson")


def test_table_and_downloads(with_geo):
    at = run_page(wilayah="36.72")
    assert len(at.dataframe[0].value) == 8
    labels = [b.label for b in at.get("download_button")]
    assert "Unduh peta (HTML)" in labels and len(labels) >= 3


def test_english(with_geo):
    at = run_page(wilayah="36.72", lang="en")
    assert at.title[0].value == "Map — Kota Cilegon"
    assert "Number of Kampung KB" in spec(at)["data"][0]["colorbar"]["title"]["text"].replace("<br>", " ")


def test_no_boundaries_empty_state(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_BOUNDARY_CACHE", str(tmp_path / "empty_cache"))
    monkeypatch.setenv("KKB_STATIC_DIR", str(tmp_path / "empty_static"))
    monkeypatch.setenv("KKB_BOUNDARY_URL", (tmp_path / "nowhere").as_uri())
    at = run_page(wilayah="36.72")
    assert not at.get("plotly_chart")
    # the first view tried to fetch once, said why it failed, and how to get boundaries
    assert at.warning and "KKB_BOUNDARY_URL" in shown(at.warning[0].value)
    text = shown(" ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info))
    assert "boundaries fetch --level kecamatan --prov 36" in text and "KKB_BOUNDARY_URL" in text
    at.button(key="peta_fetch").click().run()
    assert not at.exception and at.error and "KKB_BOUNDARY_URL" in shown(at.error[0].value)


def test_missing_boundaries_are_fetched_on_first_use(demo_db, tmp_path, monkeypatch, shared):
    monkeypatch.setenv("KKB_BOUNDARY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("KKB_STATIC_DIR", str(tmp_path / "static"))
    monkeypatch.setenv("KKB_BOUNDARY_URL", (shared / "geo" / "raw").as_uri())
    at = run_page(wilayah="36.72")
    assert not at.exception and not at.warning
    assert (tmp_path / "static" / "geo" / "kecamatan_36.geojson").exists()
    assert sorted(values(at))[0] == "36.72.01"


def test_a_measure_of_another_level_falls_back_without_a_warning(with_geo):
    # After a drill-down from Kota Cilegon the link still says metrik=jumlah_kampung, which desa maps do not offer
    at = run_page(wilayah="36.72.01", metrik="jumlah_kampung")
    assert at.selectbox(key="peta_metrik").value == "tingkat_dominan"
    assert not at.warning
    assert at.query_params["metrik"] in ("tingkat_dominan", ["tingkat_dominan"])


def test_desa_card_beside_the_map_and_the_desa_outlined(with_geo, kampung):
    at = run_page(wilayah="36.72.01")
    code = sorted(kampung.loc[kampung["kode_desa"].str.startswith("36.72.01."), "kode_desa"])[0]
    at.session_state["peta_desa"] = code
    at.run()
    assert not at.exception
    beside = [c for c in at.columns if c.get("plotly_chart")]
    assert len(beside) == 1
    card_column = next(c for c in at.columns if any("Kampung KB di" in h.value for h in c.subheader))
    assert card_column is not beside[0] and card_column.get("dataframe")
    outline = spec(at)["data"][-1]
    assert outline["locations"] == [code] and outline["hoverinfo"] == "skip"
