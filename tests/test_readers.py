"""Readers: every format officials export, headers found below title rows, aliases, and Excel's row numbers."""

from __future__ import annotations

import datetime as dt
import zipfile

import pandas as pd
import pytest

from kkb_dashboard.errors import InputError
from kkb_dashboard.rules import schema
from kkb_dashboard.storage.readers import ROW, read_table

KAMPUNG = schema.KAMPUNG
KEGIATAN = schema.KEGIATAN

HEADER = ["Kode Desa", "Nama Kampung KB", "Kelurahan"]
ROWS = [["36.72.01.1005", "KKB Teratai", "Karang Asem"], ["36.72.05.1004", "KKB Kosambi", "Panggung Rawi"]]


def _cells(table, column):
    return list(table.frame[column])


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_separators_and_utf8_with_or_without_bom(write_csv, sep, encoding):
    path = write_csv("kampung.csv", [HEADER, *ROWS], sep=sep, encoding=encoding)
    table = read_table(path, KAMPUNG)
    assert table.separator == sep
    assert table.encoding == encoding
    # With a BOM the first header would read "\ufeffKode Desa" and miss its column if the BOM stayed.
    assert table.columns == {"kode_desa": "Kode Desa", "nama_kampung": "Nama Kampung KB", "desa_kelurahan": "Kelurahan"}
    assert _cells(table, "kode_desa") == ["36.72.01.1005", "36.72.05.1004"]
    assert _cells(table, "nama_kampung") == ["KKB Teratai", "KKB Kosambi"]
    assert _cells(table, ROW) == [2, 3]


def test_windows_1252_csv_keeps_accents_and_curly_quotes(write_csv):
    path = write_csv(
        "kampung.csv",
        [HEADER, ["36.72.01.1005", "KKB Café", "Karang Asem"], ["36.72.05.1004", "KKB Ma’u", "Panggung Rawi"]],
        sep=";",
        encoding="cp1252",
    )
    table = read_table(path, KAMPUNG)
    assert table.encoding == "cp1252"
    assert _cells(table, "nama_kampung") == ["KKB Café", "KKB Ma’u"]


def test_csv_row_numbers_are_the_line_numbers_a_user_sees(write_csv):
    lines = [["Daftar Kampung KB Kota Cilegon"], ["Tahun 2023"], [], HEADER, ROWS[0], [], ["", "", ""], ROWS[1]]
    table = read_table(write_csv("kampung.csv", lines, sep=";"), KAMPUNG)
    assert table.header_row == 4
    assert _cells(table, ROW) == [5, 8]
    assert _cells(table, "nama_kampung") == ["KKB Teratai", "KKB Kosambi"]


def test_xlsx_title_rows_merged_title_and_number_column(write_xlsx):
    rows = [
        ["DAFTAR KAMPUNG KB KOTA CILEGON TAHUN 2023"],
        ["Dinas Pengendalian Penduduk dan KB"],
        [],
        ["No.", *HEADER],
        [1, *ROWS[0]],
        [],
        [2, *ROWS[1]],
        [3],  # a template numbered further than it was filled in
        [4],
    ]
    path = write_xlsx("kampung.xlsx", {"Kampung KB": rows}, merge={"Kampung KB": ["A1:D1", "A2:D2"]})
    table = read_table(path, KAMPUNG)
    assert table.header_row == 4
    assert table.sheet == "Kampung KB"
    assert _cells(table, ROW) == [5, 7]
    assert set(table.frame.columns) == {ROW, "kode_desa", "nama_kampung", "desa_kelurahan"}
    assert "No." not in table.extra
    assert _cells(table, "desa_kelurahan") == ["Karang Asem", "Panggung Rawi"]


def test_semicolon_csv_with_decimal_commas_keeps_its_cells(write_csv):
    lines = [
        ["Kode Wilayah", "Periode", "Indikator", "Nilai"],
        ["36.72", "2024", "Prevalensi stunting (%)", "21,5"],
        ["36.04", "2024", "Prevalensi stunting (%)", "24,28"],
        ["36.01", "2024", "CPR (%)", "60,1"],
    ]
    table = read_table(write_csv("indikator.csv", lines, sep=";"), schema.INDIKATOR)
    assert table.separator == ";"
    assert _cells(table, "nilai") == ["21,5", "24,28", "60,1"]


def test_xlsx_reads_the_first_sheet_unless_one_is_named(write_xlsx):
    path = write_xlsx(
        "data.xlsx",
        {
            "Petunjuk": [["Isi sheet Kampung KB"], ["Kode Desa", "Nama Kampung KB"], ["36.72.08.1002", "KKB Petunjuk"]],
            "Kampung KB": [
                ["Kode Desa", "Nama Kampung KB"],
                ["36.72.08.1002", "KKB Rampai"],
                ["36.72.04.1005", "KKB Lumba"],
            ],
        },
    )
    first = read_table(path, KAMPUNG)
    assert first.sheet == "Petunjuk"
    assert _cells(first, "nama_kampung") == ["KKB Petunjuk"]
    assert _cells(first, ROW) == [3]
    named = read_table(path, KAMPUNG, sheet="Kampung KB")
    assert named.sheet == "Kampung KB"
    assert _cells(named, "nama_kampung") == ["KKB Rampai", "KKB Lumba"]
    assert _cells(named, ROW) == [2, 3]


def test_xlsx_unknown_sheet_lists_the_sheets(write_xlsx):
    path = write_xlsx("data.xlsx", {"Kampung KB": [["Kode Desa"], ["36.72.08.1002"]], "Rekap": [["x"]]})
    with pytest.raises(InputError) as caught:
        read_table(path, KAMPUNG, sheet="Sheet1")
    assert "Sheet1" in caught.value.message
    assert "Kampung KB, Rekap" in caught.value.message


def test_xlsx_keeps_native_cell_types(write_xlsx):
    path = write_xlsx(
        "kegiatan.xlsx",
        {
            "Sheet": [
                ["Kode Desa", "Tanggal", "Jenis Kegiatan", "Peserta"],
                [3672081002, dt.datetime(2024, 5, 27), "BKB", 25],
            ]
        },
    )
    record = read_table(path, KEGIATAN).frame.iloc[0]
    assert record["kode_desa"] == 3672081002
    assert record["tanggal"] == dt.datetime(2024, 5, 27)
    assert record["peserta"] == 25


def test_parquet(tmp_path):
    path = tmp_path / "kampung.parquet"
    pd.DataFrame(
        {"kode_wilayah": ["36.72.01.1005", "36.72.05.1004"], "Nama KKB": ["KKB Teratai", None], "lat": [-6.0, -6.01]}
    ).to_parquet(path)
    table = read_table(path, KAMPUNG)
    assert table.columns == {"kode_desa": "kode_wilayah", "nama_kampung": "Nama KKB", "lat": "lat"}
    assert _cells(table, ROW) == [2, 3]
    assert _cells(table, "kode_desa") == ["36.72.01.1005", "36.72.05.1004"]
    assert _cells(table, "lat") == [-6.0, -6.01]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("kode_desa", "kode_desa"),
        ("KODE WILAYAH", "kode_desa"),
        ("Kode  Wilayah ", "kode_desa"),
        ("Kode-Wilayah", "kode_desa"),
        ("Kode Kel.", "kode_desa"),
        ("Nama Kampung KB", "nama_kampung"),
        ("nama kkb", "nama_kampung"),
        ("KELURAHAN", "desa_kelurahan"),
        ("Desa/Kel", "desa_kelurahan"),
        ("Pekon", "desa_kelurahan"),
        ("Kab/Kota", "kabupaten_kota"),
        ("Kec.", "kecamatan"),
        ("Tgl. Pencanangan", "tanggal_pencanangan"),
        ("Tahun Pembentukan", "tanggal_pencanangan"),
        ("No. SK", "nomor_sk"),
        ("Latitude", "lat"),
    ],
)
def test_header_aliases_ignore_case_spaces_and_punctuation(write_csv, header, column):
    table = read_table(write_csv("kampung.csv", [[header, "Keterangan"], ["x", "y"]]), KAMPUNG)
    assert table.columns[column] == header.strip()
    assert _cells(table, column) == ["x"]


def test_kegiatan_aliases(write_csv):
    lines = [
        ["Kode", "Bulan", "Poktan", "Frekuensi", "Jumlah Peserta", "Fungsi Keluarga", "Mitra"],
        ["3672081002", "2024-05", "BKB", "2", "25", "Reproduksi", "Puskesmas"],
    ]
    table = read_table(write_csv("kegiatan.csv", lines), KEGIATAN)
    assert list(table.columns) == ["kode_desa", "periode", "jenis_kegiatan", "jumlah", "peserta", "seksi", "instansi"]


def test_unknown_headers_are_reported_as_extra(write_csv):
    table = read_table(write_csv("kampung.csv", [["Kode Desa", "Warna Favorit"], ["36.72.01.1005", "biru"]]), KAMPUNG)
    assert table.extra == ["Warna Favorit"]
    assert list(table.frame.columns) == [ROW, "kode_desa"]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("kampung.xls", b"\xd0\xcf\x11\xe0 old excel", ["xls", "xlsx"]),
        ("kampung.docx", b"PK\x03\x04", ["docx"]),
        ("kampung.xlsx", b"this is not a zip archive", ["tidak dapat dibaca"]),
        ("kampung.parquet", b"PAR1 not really parquet", ["tidak dapat dibaca"]),
        ("kampung.csv", b"", ["tidak dapat dibaca"]),
        ("kampung.csv", b"halo;dunia\r\n1;2\r\n", ["judul kolom", "kode_desa"]),
    ],
)
def test_unusable_files_raise_input_error_with_the_fix(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_table(path, KAMPUNG)
    assert caught.value.file == name
    for word in words:
        assert word in caught.value.message


def test_a_zip_that_is_not_a_workbook_is_an_input_error(tmp_path):
    path = tmp_path / "kampung.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError) as caught:
        read_table(path, KAMPUNG, lang="en")
    assert "cannot be read" in caught.value.message


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        read_table(tmp_path / "nowhere.csv", KAMPUNG)
    assert "nowhere.csv" in str(caught.value)
