"""The Kegiatan page in AppTest on the demo data: figures' numbers against pandas sums over data/demo/*.csv,
the silent list, `?jenis=` in the link, the English switch and the empty state."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import pytest
from conftest import open_app
from streamlit.testing.v1 import AppTest

from kkb_dashboard import config

DEMO = config.demo_dir()


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return pd.read_csv(DEMO / "kegiatan.csv", dtype={"kode_desa": str, "periode": str, "seksi": str})


def run_page(**params: str) -> AppTest:
    """The page through app.py with the given link parameters (fails when app.py does not register it)."""
    at = open_app("kegiatan", params, timeout=60)
    assert not at.exception
    return at


def _plain(value):
    """Plotly writes numpy arrays as typed arrays ({dtype, bdata, shape}); turn them back into lists."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = [int(n) for n in str(value.get("shape", len(array))).split(",")]
        return array.reshape(shape).tolist()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def figures(at: AppTest) -> dict[str, dict]:
    """The page's plotly figures by title, typed arrays decoded."""
    specs = [_plain(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]
    return {spec["layout"]["title"]["text"]: spec for spec in specs}


def _view(rows, wilayah, dari, sampai, jenis=None):
    chosen = rows[rows["kode_desa"].str.startswith(wilayah) & rows["periode"].between(dari, sampai)]
    return chosen[chosen["jenis_kegiatan"] == jenis] if jenis else chosen


def test_serang_figures_match_the_csv(demo_db, rows):
    at = run_page(wilayah="36.04", dari="2024-01", sampai="2024-06", jenis="BKR")
    view = _view(rows, "36.04", "2024-01", "2024-06")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kegiatan dalam rentang"] == f"{view['jumlah'].sum():,}".replace(",", ".")
    june, may = (view.loc[view["periode"] == m, "jumlah"].sum() for m in ("2024-06", "2024-05"))
    assert metrics["Kegiatan Juni 2024"] == str(june)
    assert at.metric[2].delta == str(june - may)

    figs = figures(at)
    heat = figs["Kegiatan per jenis dan bulan"]["data"][0]
    cells = view.pivot_table(index="jenis_kegiatan", columns="periode", values="jumlah", aggfunc="sum")
    assert heat["x"] == [f"2024-0{m}" for m in range(1, 7)]
    assert heat["z"][heat["y"].index("BKB")] == cells.loc["BKB"].tolist()
    assert heat["z"][heat["y"].index("Lainnya")] == [0] * 6

    trend = figs["Tren BKR per bulan"]["data"]
    bkr = _view(rows, "36.04", "2024-01", "2024-06", "BKR").groupby("periode")[["jumlah", "peserta"]].sum()
    assert trend[0]["y"] == bkr["jumlah"].tolist() and trend[1]["y"] == bkr["peserta"].astype(int).tolist()
    assert at.selectbox(key="jenis").value == "BKR" and at.query_params["jenis"] == "BKR"

    people = figs["Peserta per jenis kegiatan"]["data"][0]
    assert people["x"][people["y"].index("Posyandu")] == view.loc[view["jenis_kegiatan"] == "Posyandu", "peserta"].sum()


def test_region_bars_are_rates_per_kampung_per_month(demo_db, rows):
    at = run_page(wilayah="36.72", dari="2024-01", sampai="2024-12")
    register = pd.read_csv(DEMO / "kampung.csv", dtype=str)
    cilegon = register[register["kode_desa"].str.startswith("36.72")]
    view = _view(rows, "36.72", "2024-01", "2024-12")
    per_kec = view.groupby(view["kode_desa"].str[:8])["jumlah"].sum()
    rates = (per_kec / (cilegon.groupby(cilegon["kode_desa"].str[:8]).size() * 12)).round(2)
    bars = figures(at)["Kegiatan per Kampung KB per bulan, per kecamatan"]["data"]
    assert len(bars) == 1  # 8 kecamatan: all listed once
    assert bars[0]["x"] == sorted(rates.tolist(), reverse=True)
    assert bars[0]["y"][0] == "Purwakarta" and bars[0]["customdata"][0][0] == rates.idxmax()


def test_region_panels_share_one_scale(demo_db):
    """Kabupaten Serang's 29 kecamatan: the highest and the lowest side by side on one scale, so a longer bar is
    always a larger rate, with room beside the longest bar for its figure."""
    at = run_page(wilayah="36.04", dari="2024-01", sampai="2024-12")
    spec = figures(at)["Kegiatan per Kampung KB per bulan, per kecamatan"]
    top, bottom = spec["data"]
    assert min(top["x"]) >= max(bottom["x"])
    ranges = [spec["layout"][axis]["range"] for axis in ("xaxis", "xaxis2")]
    assert ranges[0] == ranges[1] and ranges[0][1] > max(top["x"]) * 1.1


def test_silent_list_matches_the_csv(demo_db, rows):
    at = run_page(wilayah="", dari="2024-01", sampai="2024-12")
    register = pd.read_csv(DEMO / "kampung.csv", dtype=str)
    last = rows.groupby("kode_desa")["periode"].max()
    expected = {code for code in register["kode_desa"] if last.get(code, "") < "2024-10"}
    silent = at.dataframe[-1].value
    assert set(silent["Kode desa"]) == expected and len(expected) == 18
    assert at.metric[3].value == "18"


def test_english_switch_changes_titles(demo_db):
    at = run_page(wilayah="36.04", dari="2024-01", sampai="2024-06", lang="en")
    assert at.title[0].value == "Activities"
    figs = figures(at)
    assert {
        "Activities by type and month",
        "BKB per month",
        "Participants by activity type",
        "Activities by family function",
        "Activities each agency took part in",
    } <= set(figs)
    assert figs["Activities by type and month"]["layout"]["separators"] == ".,"
    assert at.metric[0].value == "5,754"


def test_choosing_a_type_updates_the_link(demo_db):
    at = run_page(wilayah="36.72", dari="2024-01", sampai="2024-06")
    at.selectbox(key="jenis").set_value("KIE").run()
    assert not at.exception
    assert at.query_params["jenis"] == "KIE" and "Tren KIE per bulan" in figures(at)


def test_the_other_type_reads_other_in_english(demo_db):
    """The trend's picker and title name the catch-all type in the language; the link keeps its value."""
    at = run_page(wilayah="36.72", dari="2024-01", sampai="2024-06", lang="en", jenis="Lainnya")
    picker = at.selectbox(key="jenis")
    assert picker.value == "Lainnya" and "Other" in picker.options and "Lainnya" not in picker.options
    assert "No activity of type Other in this period and region." in [i.value for i in at.info]  # none there


def test_bad_type_in_the_link_falls_back_with_a_notice(demo_db):
    at = run_page(wilayah="36.72", dari="2024-01", sampai="2024-06", jenis="Arisan")
    assert any("jenis=Arisan" in w.value for w in at.warning)
    assert at.selectbox(key="jenis").value == "BKB"


def test_activity_type_filter_limits_every_chart(demo_db, rows):
    at = run_page(wilayah="36.04", dari="2024-01", sampai="2024-06", kegiatan="BKB,KIE", jenis="KIE")
    heat = figures(at)["Kegiatan per jenis dan bulan"]["data"][0]
    assert heat["y"] == ["BKB", "KIE"]
    view = _view(rows, "36.04", "2024-01", "2024-06")
    assert sum(map(sum, heat["z"])) == view.loc[view["jenis_kegiatan"].isin(["BKB", "KIE"]), "jumlah"].sum()
    assert at.selectbox(key="jenis").options == ["BKB", "KIE"]


@pytest.mark.parametrize("params", [{"wilayah": "36.04", "kegiatan": "Lainnya"}, {"wilayah": "11"}])
def test_empty_selection_shows_the_empty_state(demo_db, params):
    at = run_page(dari="2024-01", sampai="2024-06", **params)
    assert not at.get("plotly_chart")
    assert any("Tidak ada kegiatan untuk pilihan ini" in i.value for i in at.info)
    assert at.metric[0].value == "0"


def test_chart_tables_are_drawn_only_when_unfolded(demo_db, rows):
    at = run_page(wilayah="36.04", dari="2024-01", sampai="2024-06")
    folded = len(at.dataframe)  # the silent list's, if any: the six folded tables are not drawn
    assert len(at.expander) == 6 and folded <= 1 and len(at.get("download_button")) == 2 * folded
    at.session_state["heatmap_table_open"] = True  # what unfolding the heatmap's table sends
    at.run()
    assert not at.exception and len(at.dataframe) == folded + 1 and len(at.get("download_button")) == 2 * folded + 2
    grid = at.dataframe[0].value.set_index("Jenis kegiatan")
    view = _view(rows, "36.04", "2024-01", "2024-06")
    assert grid.to_numpy().sum() == view["jumlah"].sum()
    assert {b.label for b in at.get("download_button")} == {"Unduh CSV", "Unduh Excel"}


@pytest.mark.parametrize(
    ("lang", "notice"),
    [
        ("id", "Tidak ada kegiatan jenis Lainnya pada periode dan wilayah ini."),
        ("en", "No activity of type Other in this period and region."),
    ],
)
def test_a_type_without_activities_says_so_instead_of_an_empty_trend(demo_db, lang, notice):
    # the demo's Kota Cilegon has no "Lainnya" activity: one line, not an empty chart with 0.2 ticks
    at = open_app(
        "kegiatan", {"wilayah": "36.72", "dari": "2024-01", "sampai": "2024-12", "jenis": "Lainnya", "lang": lang}
    )
    assert not at.exception and not at.error
    assert notice in [i.value for i in at.info]
    title = {"id": "Tren Lainnya per bulan", "en": "Other per month"}[lang]
    assert not any(title in chart.proto.spec for chart in at.get("plotly_chart"))
