"""The Simulasi page in AppTest on the demo database: "what if" for Kab. Serang (54 villages needed), operations
from the link and the widgets, the scenario mirrored in the link, English, bad parameters, empty states."""

from __future__ import annotations

import math

import pytest
from test_page_klasifikasi import chart, open_app, texts
from test_tierviews import csv_tiers

from kkb_dashboard import schema

SERANG = {"wilayah": "36.04", "dari": "2023-01", "sampai": "2023-12"}


@pytest.fixture(scope="module")
def serang_2023():
    return csv_tiers("36.04", "2023-12")


def _param(at, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_what_if_for_kab_serang(demo_db, tmp_path, serang_2023):
    at = open_app(tmp_path, "simulasi", {**SERANG, "target": "40", "tahun": "2023"})
    assert not at.exception and not at.error
    plus = int(serang_2023["klasifikasi"].isin(schema.MANDIRI_PLUS).sum())
    needed = math.ceil(0.40 * len(serang_2023)) - plus
    assert (len(serang_2023), plus, needed) == (234, 40, 54)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mandiri plus awal"] == metrics["Mandiri plus skenario"] == "17,09 %"
    assert metrics["Target"] == "40 %"
    page = texts(at)
    assert "masih dibutuhkan 54 desa Mandiri plus lagi (sekarang 40 dari 234)" in page
    assert "kurang 54 desa" in page
    shown = len(at.dataframe)  # the villages' list is folded: not searched, not drawn
    assert at.expander[-1].label == "Daftar 54 desa dan perubahan yang dibutuhkan" and shown == 1
    at.session_state["sim_needed_open"] = True  # what unfolding it sends
    at.run()
    assert not at.exception and len(at.dataframe) == shown + 1
    listed = at.dataframe[-1].value
    assert len(listed) == 54 and {"Desa/Kelurahan", "Perubahan yang dibutuhkan"} <= set(listed.columns)
    assert listed["Perubahan yang dibutuhkan"].str.len().gt(0).all()
    bars = chart(at, "sim_bars")["data"]  # four baseline tier traces, then four scenario ones
    awal = [sum(trace["x"]) for trace in bars[:4]]
    assert awal == [int((serang_2023["klasifikasi"] == t).sum()) for t in schema.TIERS]
    assert awal == [sum(trace["x"]) for trace in bars[4:]]  # no operation: scenario = baseline
    assert _param(at, "target") == "40" and _param(at, "tahun") == "2023"


def test_operations_from_the_link(demo_db, tmp_path):
    at = open_app(
        tmp_path, "simulasi", {**SERANG, "tahun": "2023", "naik": "10", "ubah": "pokja_terlatih", "untuk": "36.04.05"}
    )
    assert not at.exception and not at.error
    assert at.number_input(key="sim_naik").value == 10
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mandiri plus skenario"] != metrics["Mandiri plus awal"]
    changed = at.dataframe[1].value
    assert (changed["Alasan"].str.contains("termurah")).sum() == 10
    bars = chart(at, "sim_bars")["data"]
    assert sum(bars[6]["x"]) + sum(bars[7]["x"]) >= 50  # 40 Mandiri plus + 10 moved up
    assert _param(at, "naik") == "10" and _param(at, "untuk") == "36.04.05"


def test_widgets_update_the_link(demo_db, tmp_path):
    at = open_app(tmp_path, "simulasi", {**SERANG, "tahun": "2023"})
    at.number_input(key="sim_naik").set_value(5).run()
    at.selectbox(key="sim_ubah").set_value("cpr").run()
    assert not at.exception
    assert _param(at, "naik") == "5" and _param(at, "ubah") == "cpr" and _param(at, "nilai") == "5"
    at.number_input(key="sim_target_36.04_2023").set_value(20.0).run()
    assert _param(at, "target") == "20"
    assert "Target 20 %" in texts(at)


def test_english_and_a_bad_link(demo_db, tmp_path):
    at = open_app(tmp_path, "simulasi", {**SERANG, "lang": "en", "tahun": "2023", "target": "abc", "ubah": "zz"})
    assert not at.exception and not at.error
    assert at.title[0].value.startswith("What if")
    assert any("target=abc" in w.value and "ubah=zz" in w.value for w in at.warning)
    assert "54 more villages must become Mandiri plus" in texts(at)
    assert {m.label for m in at.metric} >= {"Mandiri plus, baseline", "Mandiri plus, scenario", "Target"}


def test_region_without_kampung_kb(demo_db, tmp_path):
    at = open_app(tmp_path, "simulasi", {"wilayah": "11", "sampai": "2024-12", "dari": "2024-01"})
    assert not at.exception and not at.error
    assert "Tidak ada Kampung KB" in texts(at) and not at.get("plotly_chart")
