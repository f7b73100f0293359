"""The meeting brief: one HTML file with no script and no external URL, drawn with the Ringkasan page's own
pictures (tier donut, trend, map in #peta), every name escaped, Indonesian and English number and date formats,
print CSS for A4, the progress and silent-Kampung KB tables, the demo flag and the sources."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from markupsafe import escape

from kkb_dashboard.rules import regions
from kkb_dashboard.rules.filters import Filters
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import activities, brief, followup, maps, meeting, metrics, tiers
from kkb_dashboard.views.charts import pictures

EVIL = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
CILEGON = Filters("36.72", "2024-01", "2024-12")
KPIS = {
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


def _meeting(lang: str = "id", **changes) -> meeting.Meeting:
    """A meeting built by hand: names that try to be markup everywhere a name can appear."""
    values = pd.DataFrame({"kode": ["36.72.01"], "nama": [EVIL], "jumlah_kampung": [4]})
    progress = pd.DataFrame(
        {
            "kode": ["36.72.01", "36.72.02"],
            "nama": [EVIL, "Cilegon"],
            "jumlah_kampung": [1161, 3],
            "mandiri_plus": [282, 0],
            "mandiri_plus_persen": [24.28, 0.0],
            "target_mandiri_plus": pd.array([465, pd.NA], dtype="Int64"),
        }
    )
    silent = pd.DataFrame(
        {
            "kode_desa": ["36.72.01.1001", "36.72.02.1001"],
            "nama_desa": ["Bagendung", "Kebon Dalem"],
            "kecamatan": ["Cilegon", "Purwakarta"],
            "nama_kampung": [EVIL, None],
            "klasifikasi": ["Dasar", "Mandiri"],
            "laporan_terakhir": [pd.NaT, dt.date(2024, 9, 30)],
            "hari_sejak_laporan": pd.array([pd.NA, 1092], dtype="Int64"),
        }
    )
    closest = pd.DataFrame(
        {
            "kode_kecamatan": ["36.72.01"],
            "kode_desa": ["36.72.01.1001"],
            "nama_desa": ["Bagendung"],
            "kecamatan": ["Cilegon"],
            "nama_kampung": [EVIL],
            "dari": ["Dasar"],
            "ke": ["Berkembang"],
            "perubahan": [f"Sarana: {EVIL}"],
            "langkah": [1],
        }
    )
    trend = pd.DataFrame({"periode": ["2024-11", "2024-12"], "jumlah": [72, 1234], "peserta": [1800, 2100]})
    arguments = dict(
        f=CILEGON,
        lang=lang,
        region=f"{EVIL} (36.72)",
        filters_text=[f"Wilayah: {EVIL}", "Bulan: Mei 2024"],
        kpis=KPIS,
        counts={"Dasar": 10, "Berkembang": 6, "Mandiri": 5, "Berkelanjutan": 2},
        trend=trend,
        values=values,
        progress=progress,
        silent=silent,
        closest=closest,
        sources=[f"Impor terakhir: {EVIL}.csv", "Batas wilayah: cahyadsn/wilayah_boundaries (MIT)"],
        synthetic=True,
        generated=dt.date(2024, 5, 27),
    )
    return meeting.Meeting(**(arguments | changes))


def _no_active_content(document: str) -> None:
    assert "<script" not in document.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|file:)?//""", document)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", document)
    assert not re.search(r"\son[a-z]+\s*=", document)  # no inline event handler


def test_names_from_data_are_text_never_markup(tmp_path):
    document = brief.render(_meeting(), static_dir=tmp_path)
    _no_active_content(document)
    assert EVIL not in document
    # title, filters, progress table, silent table, sources: each escaped by the template
    assert document.count(ESCAPED) >= 5


def test_kpis_dates_and_tables_in_indonesian(tmp_path):
    document = brief.render(_meeting(), static_dir=tmp_path)
    assert '<div class="value">1.161</div>' in document and '<div class="value">24,28 %</div>' in document
    assert "74,81 % dari 1.552 desa/kelurahan" in document
    assert "target 40,00 %, selisih -15,72 poin" in document
    assert '<div class="value">1.234</div>' in document and "bulan sebelumnya 987" in document
    assert "Dibuat 27 Mei 2024" in document and "SINTETIS" in document
    assert '<td class="num">24,28 %</td>' in document and '<td class="num">465</td>' in document
    assert "<td>belum pernah</td>" in document and "<td>30 September 2024</td>" in document
    assert '<td class="num">1.092</td>' in document
    assert "<th>Nama Kampung KB</th>" in document and '<th class="num">Hari sejak laporan</th>' in document
    assert "None" not in document and "nan" not in document.lower().split("<body>")[1].replace("nama", "")


def test_kpis_dates_and_tables_in_english(tmp_path):
    document = brief.render(_meeting("en"), static_dir=tmp_path)
    assert '<div class="value">1,161</div>' in document and "gap -15.72 points" in document
    assert "Generated 27 May 2024" in document and "SYNTHETIC" in document
    assert "<td>never</td>" in document and '<td class="num">1,092</td>' in document
    assert "<th>Kampung KB name</th>" in document and '<html lang="en">' in document


def test_no_demo_flag_for_real_data(tmp_path):
    assert "SINTETIS" not in brief.render(_meeting(synthetic=False), static_dir=tmp_path)


def test_prints_on_a4_without_cutting_a_chart(tmp_path):
    document = brief.render(_meeting(), static_dir=tmp_path)
    assert "@page { size: A4" in document
    assert re.search(r"figure, \.chart, #peta \{ break-inside: avoid; page-break-inside: avoid; \}", document)
    assert "thead { display: table-header-group; }" in document  # a long table repeats its header on each page


def test_without_boundaries_the_map_is_left_out_with_a_note(tmp_path):
    document = brief.render(_meeting("en"), static_dir=tmp_path)
    peta = document[document.index('<div id="peta">') :]
    assert peta.startswith('<div id="peta"><p class="note">Map left out')


def test_a_silent_list_longer_than_the_limit_says_how_many_more():
    m = _meeting()
    table = meeting.silent_table(m, limit=1)
    assert len(table.rows) == 1 and table.note.startswith("… dan 1 Kampung KB lainnya")
    empty = meeting.silent_table(_meeting(silent=m.silent.iloc[:0]))
    assert empty.rows == [] and empty.note.startswith("Semua Kampung KB")


def test_no_target_is_said_in_the_progress_section(tmp_path):
    document = brief.render(_meeting(kpis=KPIS | {"target_persen": None}), static_dir=tmp_path)
    assert "Belum ada target Mandiri plus untuk 2023." in document


# --- brief_for on the demo data, with the boundaries built -------------------------------------------------


def _cilegon_kampung(until: str) -> int:
    register = pd.read_csv(DEMO / "kampung.csv", dtype=str)
    formed = register["tanggal_pencanangan"].str.slice(0, 7)
    return int((register["kode_desa"].str.startswith("36.72.") & (formed <= until)).sum())


@pytest.fixture
def store(with_geo, demo_db):
    with Store(demo_db, read_only=True) as opened:
        yield opened


def test_brief_for_cilegon_draws_the_pages_own_pictures_and_the_map(store):
    document = brief.brief_for(store, CILEGON, "id", today=dt.date(2024, 12, 31))
    _no_active_content(document)
    kampung, desa = _cilegon_kampung("2024-12"), len(regions.descendants("36.72", 4))
    assert kampung == 23
    assert f'<div class="value">{kampung}</div>' in document
    share = f"{100 * kampung / desa:.2f}".replace(".", ",")
    assert f"{share} % dari {desa} desa/kelurahan" in document
    assert "Kota Cilegon (36.72)" in document and "Januari 2024 – Desember 2024" in document
    assert "SINTETIS" in document and "Dibuat 31 Desember 2024" in document
    # one drawing per picture: exactly what the Ringkasan page shows
    kpis = metrics.kpis(store, CILEGON)
    assert pictures.tier_donut(tiers.region_counts(store, CILEGON), "id", kpis["target_persen"]) in document
    trend = activities.trend(activities.cells(store, CILEGON), CILEGON)
    assert pictures.monthly_trend(trend, "id") in document
    small_map = maps.small_map(CILEGON, metrics.region_table(store, CILEGON), "id")
    assert small_map and f'<div id="peta">{small_map}</div>' in document
    peta = document[document.index('<div id="peta">') : document.index("</div>", document.index('<div id="peta">'))]
    assert peta.count("<path ") == len(regions.children("36.72")) == 8


def test_brief_for_lists_the_silent_kampung_kb_in_english(store):
    document = brief.brief_for(store, CILEGON, "en")
    silent = activities.silent(store, CILEGON)
    assert len(silent) == metrics.kpis(store, CILEGON)["tanpa_laporan_3_bulan"] > 0
    section = document[document.index("Kampung KB with no report in the last 3 months") :]
    for name in silent["nama_desa"]:
        assert f"<td>{name}</td>" in section


def test_brief_for_lists_the_villages_closest_to_their_next_tier_with_the_change_each_needs(store):
    document = brief.brief_for(store, CILEGON, "id")
    closest = followup.closest_list(store, CILEGON, "id")
    assert len(closest) > 0
    section = document[document.index("Paling dekat naik tingkat") :]
    for row in closest.itertuples(index=False):
        assert f"<td>{escape(row.perubahan)}</td>" in section
        assert f"<td>{row.dari}</td>" in section and f"<td>{row.ke}</td>" in section


def test_brief_for_an_empty_view_still_renders(store):
    document = brief.brief_for(store, Filters("32.76.01", "2023-01", "2023-02"), "id")
    assert "Tampilan yang dipakai" in document and '<div id="peta">' in document


def test_brief_name():
    assert brief.brief_name(CILEGON) == "ringkasan_rapat_36.72_2024-12.html"
    assert brief.brief_name(Filters()) == "ringkasan_rapat_indonesia_semua.html"
