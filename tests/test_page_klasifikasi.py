"""The Klasifikasi page in AppTest on the demo database: figure data against tiers computed straight from the
demo CSVs, the target line, the explanation card of a linked row, reported vs computed, English, empty states."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import open_app, shown
from streamlit.testing.v1 import AppTest
from test_tierviews import csv_tiers

from kkb_dashboard.rules import schema

REPO = Path(__file__).resolve().parents[1]
CILEGON = {"wilayah": "36.72", "dari": "2024-01", "sampai": "2024-12"}


def chart(at: AppTest, key: str) -> dict:
    """The spec of the plotly chart drawn with `key`."""
    for element in at.get("plotly_chart"):
        if key in element.proto.id:
            return json.loads(element.proto.spec)
    raise KeyError(key)


def texts(at: AppTest) -> str:
    """Every markdown, caption, info, success and warning text on the page, joined."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "success", "warning", "title", "subheader")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.fixture(scope="module")
def cilegon_tiers() -> pd.DataFrame:
    return csv_tiers("36.72", "2024-12")


def test_tier_bars_donut_and_target_line(demo_db, tmp_path, cilegon_tiers):
    at = open_app("klasifikasi", CILEGON)
    assert not at.exception and not at.error
    counts = pd.crosstab(cilegon_tiers["kode_desa"].str[:8], cilegon_tiers["klasifikasi"]).reindex(
        columns=list(schema.TIERS), fill_value=0
    )
    bars = chart(at, "klas_bars")["data"]
    by_name = {trace["name"]: trace for trace in bars}
    for tier in schema.TIERS:
        share = (100 * counts[tier] / counts.sum(axis=1)).round(2)
        assert by_name[tier]["y"] == share.tolist(), tier
    assert by_name["Target 40 %"]["y"] == [40.0] * len(counts)
    plus = counts["Mandiri"] + counts["Berkelanjutan"]
    assert by_name["% Mandiri plus"]["y"] == (100 * plus / counts.sum(axis=1)).round(2).tolist()
    donut = chart(at, "klas_donut")["data"][0]
    assert donut["values"] == [int((cilegon_tiers["klasifikasi"] == t).sum()) for t in schema.TIERS]
    assert sum(donut["values"]) == 23


def test_counts_mode(demo_db, tmp_path, cilegon_tiers):
    at = open_app("klasifikasi", CILEGON)
    at.session_state["klas_mode"] = "jumlah"
    at.run()
    bars = {trace["name"]: trace for trace in chart(at, "klas_bars")["data"]}
    dasar = cilegon_tiers[cilegon_tiers["klasifikasi"] == "Dasar"]["kode_desa"].str[:8].value_counts()
    kecamatan = sorted(cilegon_tiers["kode_desa"].str[:8].unique())
    assert bars["Dasar"]["y"] == [int(dasar.get(k, 0)) for k in kecamatan]
    assert "Target Mandiri plus (jumlah)" in bars


def test_target_column_only_when_the_region_has_a_target(demo_db, tmp_path):
    """At 1366 px the distribution table fits with its target column; a region with no target that year (Banten
    in the demo) shows no column of "–" that would push the others off screen (the caption says there is none)."""
    cilegon = open_app("klasifikasi", CILEGON).dataframe[0].value
    assert "Target Mandiri plus" in cilegon.columns and cilegon["Target Mandiri plus"].notna().all()
    banten = open_app("klasifikasi", {**CILEGON, "wilayah": "36"})
    assert not banten.exception
    assert "Target Mandiri plus" not in banten.dataframe[0].value.columns
    assert "belum ada target" in texts(banten).lower()


def test_sub_region_names_are_not_under_the_legend(demo_db, tmp_path):
    """Many kecamatan's names stand below the bars at an angle: the axis takes the room they need and the legend
    stands above the plot, so no name is hidden behind it."""
    layout = chart(open_app("klasifikasi", {**CILEGON, "wilayah": "36.04"}), "klas_bars")["layout"]
    assert layout["xaxis"]["automargin"] is True
    assert layout["legend"]["y"] >= 1 and layout["legend"]["yanchor"] == "bottom"


def test_transition_matrix(demo_db, tmp_path):
    at = open_app("klasifikasi", CILEGON)
    at.selectbox(key="klas_month_a").set_value("2023-12").run()
    z = chart(at, "klas_transitions")["data"][0]["z"]
    before = csv_tiers("36.72", "2023-12")
    after = csv_tiers("36.72", "2024-12", formed_by="2023-12").set_index("kode_desa")["klasifikasi"]
    expected = pd.crosstab(before["klasifikasi"], before["kode_desa"].map(after)).reindex(
        index=list(schema.TIERS), columns=list(schema.TIERS), fill_value=0
    )
    assert z == expected.to_numpy().tolist() and sum(map(sum, z)) == 13
    assert not at.exception


def test_reported_vs_computed_and_empty_selection(demo_db, tmp_path):
    at = open_app("klasifikasi", CILEGON)
    values = {m.label: m.value for m in at.metric}
    assert values["Kesesuaian"] == "86,96 %"  # 20 of 23, two decimals like every share card
    assert values["Klasifikasi dilaporkan"] == "23" and values["Tidak sesuai"] == "3"
    assert "Belum ada baris yang dipilih" in texts(at)
    assert len(at.dataframe[2].value) == 23  # the village table


def test_linked_row_shows_its_explanation(demo_db, tmp_path):
    at = open_app("klasifikasi", {**CILEGON, "desa": "36.72.01.1004"})
    assert not at.exception
    page = shown(texts(at))
    assert "Cikerai (36.72.01.1004) — Dasar" in page and "Belum ada baris" not in page
    scores = next(df.value for df in at.dataframe if "Skor" in df.value.columns and len(df.value) == 12)
    expected = csv_tiers("36.72", "2024-12").set_index("kode_desa").loc["36.72.01.1004"]
    assert scores["Skor"].tolist() == [
        int(expected[f"skor_{n}"])
        for n in (
            "pokja",
            "sumber_dana",
            "program",
            "sarana",
            "plkb_regulasi",
            "penggunaan_data",
            "mekanisme",
            "mitra",
            "poktan",
            "cpr",
            "mkjp",
            "unmet_need",
        )
    ]
    assert at.query_params["desa"] == ["36.72.01.1004"] or at.query_params["desa"] == "36.72.01.1004"


def test_english(demo_db, tmp_path):
    at = open_app("klasifikasi", {**CILEGON, "lang": "en", "desa": "36.72.01.1004"})
    assert not at.exception
    assert at.title[0].value.startswith("Tiers")
    labels = {m.label for m in at.metric}
    assert {"Agreement", "Reported tiers", "Disagreements"} <= labels
    assert "score" in texts(at) or any("Values behind it" in df.value.columns for df in at.dataframe)
    assert chart(at, "klas_bars")["layout"]["separators"] == ".,"


def test_region_without_kampung_kb(demo_db, tmp_path):
    at = open_app("klasifikasi", {"wilayah": "11", "dari": "2024-01", "sampai": "2024-12"})
    assert not at.exception and not at.error
    assert "Tidak ada Kampung KB" in texts(at)
    assert not at.get("plotly_chart")


def test_download_files_are_written_on_click_not_on_every_rerun(demo_db, tmp_path, monkeypatch):
    from kkb_dashboard.views import exports

    written = []
    monkeypatch.setattr(exports, "to_csv_bytes", lambda frame: written.append("csv") or b"")
    monkeypatch.setattr(exports, "to_xlsx_bytes", lambda frame, sheet="data": written.append("xlsx") or b"")
    at = open_app("klasifikasi", CILEGON)
    assert not at.exception
    buttons = at.get("download_button")
    assert {"klas_villages_dl_csv", "klas_villages_dl_xlsx"} <= {b.key for b in buttons}
    assert written == []  # a table of every Kampung KB in Indonesia would take ~20 s to write as XLSX
