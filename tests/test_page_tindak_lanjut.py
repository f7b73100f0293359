"""The Tindak lanjut page in AppTest on the demo database: since the last meeting for Kota Cilegon (13 Kampung KB in
2023, 23 by 2024), the follow-up lists and the chat text for Kabupaten Serang, the `rapat` link round trip, English,
and the provinsi level where the lists wait for a kab/kota."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import open_app
from test_followup import _formed_by, _silent
from test_page_klasifikasi import texts
from test_tierviews import csv_tiers

from kkb_dashboard import i18n
from kkb_dashboard.rules import regions, schema
from kkb_dashboard.views import followup


def _warnings(at) -> list[str]:
    """The page's warnings other than the demo's banner (the demo says on every page that it is partly synthetic)."""
    banners = {i18n.t("ui.demo_banner", lang) for lang in i18n.LANGUAGES}
    return [w.value for w in at.warning if w.value not in banners]


CILEGON = {"wilayah": "36.72", "dari": "2024-01", "sampai": "2024-12"}
SERANG = {"wilayah": "36.04", "dari": "2024-01", "sampai": "2024-12"}


def _param(at, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def _table(at, header: str):
    """The one dataframe on the page with a column `header`."""
    found = [frame.value for frame in at.dataframe if header in frame.value.columns]
    assert len(found) == 1, [list(frame.value.columns) for frame in at.dataframe]
    return found[0]


def test_since_the_last_meeting_in_kota_cilegon(demo_db, tmp_path):
    at = open_app("tindak_lanjut", {**CILEGON, "rapat": "2023-12"})
    assert not at.exception and not at.error and _warnings(at) == []
    assert at.title[0].value == "Tindak lanjut — Kota Cilegon"
    assert at.selectbox(key="w_rapat").value == "2023-12" and _param(at, "rapat") == "2023-12"
    then, now = csv_tiers("36.72", "2023-12"), csv_tiers("36.72", "2024-12")
    plus = [int(frame["klasifikasi"].isin(schema.MANDIRI_PLUS).sum()) for frame in (then, now)]
    page = texts(at)
    assert f"({plus[0]} dari 13) pada Desember 2023 → 30,43 % ({plus[1]} dari 23) pada Desember 2024." in page
    assert "Target 2024 40 %: kurang 3 desa Mandiri plus (9,57 poin)." in page  # ⌈40 % of 23⌉ = 10, 7 now
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kampung KB baru"] == "10" and metrics["Mandiri plus"] == "30,43 %"
    labels = [tab.label for tab in at.tabs]
    assert labels[3] == "Kampung KB baru (10)" and labels[0].startswith("Perpindahan tingkat (")
    new = _table(at, "Tanggal pencanangan")
    expected = _formed_by("36.72", "2024-12") - _formed_by("36.72", "2023-12")
    assert set(new["Kode desa"]) == expected and set(new["Tanggal pencanangan"]) == {"2024"}  # only a year given
    assert list(new.columns)[:2] == ["Desa/Kelurahan", "Kecamatan"]


def test_follow_up_lists_and_chat_text_for_kabupaten_serang(demo_db, tmp_path):
    at = open_app("tindak_lanjut", {**SERANG, "rapat": "2024-06"})
    assert not at.exception and not at.error
    silent = _table(at, "Hari sejak laporan")
    assert set(silent["Kode desa"]) == _silent("36.04", "2024-12") and len(silent) == 16
    # dates as dates (sorted by date, written "30 Sep 2024" by the table), never text sorted alphabetically
    assert silent["Laporan terakhir"].map(lambda v: isinstance(v, dt.date)).all()
    closest = _table(at, "Perubahan yang dibutuhkan")
    # the tiers from and to, then the change in a wide column, in rows tall enough to wrap it: read without
    # hovering, all within 1366 px
    drawn = next(d for d in at.dataframe if "Perubahan yang dibutuhkan" in d.value.columns)
    first = ["Desa/Kelurahan", "Kecamatan", "Dari", "Ke", "Perubahan yang dibutuhkan"]
    assert list(closest.columns)[:5] == first
    assert json.loads(drawn.proto.columns)["Perubahan yang dibutuhkan"]["width"] == followup.CHANGE_WIDTH
    assert drawn.proto.row_height >= 65
    assert closest.groupby("Kecamatan").size().max() == 3 and closest["Perubahan yang dibutuhkan"].str.len().gt(0).all()
    chat = at.code[0].value
    lines = chat.splitlines()
    assert lines[0] == "*Tindak lanjut Kampung KB — Kabupaten Serang, Desember 2024*"
    assert lines[1].startswith("Sejak rapat Juni 2024: ") and "16 baru tidak melapor" in lines[1]
    for kecamatan in set(closest["Kecamatan"]):
        assert f"*Kecamatan {kecamatan}*" in lines
    for village in silent["Desa/Kelurahan"]:
        assert any(line.startswith(f"- {village} (") and "laporan terakhir" in line for line in lines)
    assert sum(line.startswith("- ") for line in lines) == len(silent) + len(closest)  # one line per village
    assert {b.label for b in at.get("download_button")} >= {"Unduh Excel", "Unduh teks"}


def test_the_meeting_month_in_the_link(demo_db, tmp_path):
    at = open_app("tindak_lanjut", SERANG)  # no rapat: three months before December
    assert not at.exception and _warnings(at) == []
    assert at.selectbox(key="w_rapat").value == "2024-09" and _param(at, "rapat") == "2024-09"
    at.selectbox(key="w_rapat").set_value("2024-03").run()
    assert not at.exception and _param(at, "rapat") == "2024-03"
    assert "Sejak rapat Maret 2024: " in at.code[0].value
    reopened = open_app("tindak_lanjut", {**SERANG, "rapat": _param(at, "rapat")})  # the copied link
    assert reopened.selectbox(key="w_rapat").value == "2024-03"
    assert reopened.code[0].value == at.code[0].value


@pytest.mark.parametrize("bad", ["2030-01", "2024-12", "maret"])
def test_a_bad_meeting_month_falls_back_with_a_notice(demo_db, tmp_path, bad):
    at = open_app("tindak_lanjut", {**SERANG, "rapat": bad})
    assert not at.exception and not at.error
    assert any(f"rapat={bad}" in w.value for w in at.warning)
    assert at.selectbox(key="w_rapat").value == "2024-09" and _param(at, "rapat") == "2024-09"


def test_in_english(demo_db, tmp_path):
    at = open_app("tindak_lanjut", {**CILEGON, "rapat": "2023-12", "lang": "en"})
    assert not at.exception and not at.error
    assert at.title[0].value == "Follow-up — Kota Cilegon"
    assert {m.label for m in at.metric} == {"Mandiri plus", "Tier up / down", "Newly silent", "New Kampung KB"}
    assert {m.label: m.value for m in at.metric}["Mandiri plus"] == "30.43%"
    page = texts(at)
    assert "in December 2023 → 30.43% (7 of 23) in December 2024." in page
    assert "2024 target 40%: 3 Mandiri-plus villages (9.57 points) short." in page
    assert [tab.label for tab in at.tabs][3] == "New Kampung KB (10)"
    assert "Date formed" in _table(at, "Date formed").columns
    assert at.code[0].value.startswith("*Kampung KB follow-up — Kota Cilegon, December 2024*\nSince the December 2023")
    assert not any(word in page for word in ("Sejak", "kurang", "dari 23"))
    # one English word for one thing: "District", as the sidebar and the tables' headers say (issue 14 review)
    assert "Follow-up lists by district" in page and "by kecamatan" not in page and "per kecamatan" not in page
    assert "*Cibeber District*" in at.code[0].value.splitlines()


def test_provinsi_level_asks_for_a_kab_kota(demo_db, tmp_path):
    at = open_app("tindak_lanjut", {"wilayah": "36", "dari": "2024-01", "sampai": "2024-12"})
    assert not at.exception and not at.error
    assert at.title[0].value == f"Tindak lanjut — {regions.name_of('36')}"
    assert any("Pilih kabupaten/kota atau kecamatan" in i.value for i in at.info)
    assert not at.code and len(at.metric) == 4


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"wilayah": "11.71", "dari": "2024-01", "sampai": "2024-12"}, "Tidak ada Kampung KB di Kota Banda Aceh"),
        ({"wilayah": "36.04.05", "dari": "2023-01", "sampai": "2023-01"}, "Belum ada data sebelum Januari 2023"),
        ({"wilayah": "", "dari": "2024-01", "sampai": "2024-12"}, "Pilih kabupaten/kota atau kecamatan"),
    ],
)
def test_empty_and_edge_views(demo_db, tmp_path, params, says):
    # a kab/kota with no Kampung KB, a first month with nothing before it, all of Indonesia
    at = open_app("tindak_lanjut", params)
    assert not at.exception and not at.error
    assert says in texts(at)
