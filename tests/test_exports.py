"""Exports: formula-like cells neutralised in CSV and XLSX; XLSX templates that import cleanly; the data dictionary."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import importer
from kkb_dashboard.views import exports, templates

DANGEROUS = ['=HYPERLINK("http://x","klik")', "+62 812", "-1+2", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_neutralise_prefixes_formula_starts(text):
    assert exports.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Karang Asem", "KKB Teratai", "36.72.01.1005", "", 12, -3, -2.5, 0.0, None])
def test_neutralise_leaves_plain_values(value):
    assert exports.neutralise(value) == value


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "nama": DANGEROUS,
            "angka": [-1, -2, 3, 4, -5, 6],
            "pecahan": [-1.5, 2.0, -0.25, 4.0, 5.5, -6.0],
            "=header": ["a", "b", "c", "d", "e", "f"],
        }
    )


def test_safe_frame_keeps_numbers_and_neutralises_headers():
    safe = exports.safe_frame(_frame())
    assert list(safe.columns) == ["nama", "angka", "pecahan", "'=header"]
    assert safe["angka"].tolist() == [-1, -2, 3, 4, -5, 6]
    assert safe["pecahan"].tolist() == [-1.5, 2.0, -0.25, 4.0, 5.5, -6.0]
    assert all(v.startswith("'") for v in safe["nama"])


def test_safe_frame_does_not_change_the_original():
    frame = _frame()
    exports.safe_frame(frame)
    assert frame["nama"].tolist() == DANGEROUS


def test_csv_neutralised_and_numbers_stay_numbers():
    data = exports.to_csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel on Windows reads UTF-8
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns)[-1] == "'=header"
    assert back["nama"].tolist() == ["'" + text for text in DANGEROUS]  # a CR in a cell does not split the row
    assert back["angka"].tolist() == [-1, -2, 3, 4, -5, 6]
    assert back["pecahan"].tolist() == [-1.5, 2.0, -0.25, 4.0, 5.5, -6.0]


def test_xlsx_has_no_formula_cells_and_numbers_stay_numbers():
    sheet = load_workbook(io.BytesIO(exports.to_xlsx_bytes(_frame(), "tabel")))["tabel"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert cells and all(cell.data_type != "f" for cell in cells)
    assert sheet["D1"].value == "'=header"
    texts = [sheet.cell(row=r, column=1).value for r in range(2, 8)]
    assert all(isinstance(v, str) and v.startswith("'") for v in texts)
    assert [sheet.cell(row=r, column=2).value for r in range(2, 8)] == [-1, -2, 3, 4, -5, 6]
    assert all(sheet.cell(row=r, column=2).data_type == "n" for r in range(2, 8))
    assert sheet.cell(row=7, column=3).value == -6.0


def test_xlsx_long_sheet_name_is_cut_to_excel_limit():
    workbook = load_workbook(io.BytesIO(exports.to_xlsx_bytes(_frame(), "x" * 40)))
    assert workbook.sheetnames == ["x" * 31]


# --- templates and the data dictionary ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("kind", list(schema.KINDS))
def test_template_example_row_imports_cleanly(kind, lang, tmp_path):
    path = tmp_path / templates.template_name(kind)
    path.write_bytes(templates.template_xlsx(kind, lang))
    report = importer.import_file(path, kind, dry_run=True)
    assert report.unusable is None
    assert (report.rows_read, report.rows_rejected, report.errors) == (1, 0, [])
    assert report.rows[0]["match"] == "code"


@pytest.mark.parametrize("kind", list(schema.KINDS))
def test_template_headers_are_canonical_and_instructions_list_every_column(kind):
    workbook = load_workbook(io.BytesIO(templates.template_xlsx(kind, "id")))
    assert workbook.sheetnames == [kind, "petunjuk"]
    headers = [c.value for c in workbook[kind][1]]
    assert headers == [c.name for c in schema.KINDS[kind].columns]
    listed = [row[0] for row in workbook["petunjuk"].iter_rows(min_row=2, values_only=True)]
    assert listed[: len(headers)] == headers


def test_template_in_english_names_the_instructions_sheet():
    workbook = load_workbook(io.BytesIO(templates.template_xlsx("kegiatan", "en")))
    assert workbook.sheetnames == ["kegiatan", "instructions"]
    assert [c.value for c in workbook["instructions"][1]][:3] == ["Column", "Aliases", "Required"]
    notes = {row[0]: row[1] for row in workbook["instructions"].iter_rows(values_only=True) if row[0]}
    assert notes["Notes"].startswith("Activities: one row per activity")


def test_template_code_cells_are_text_so_excel_keeps_the_dots():
    sheet = load_workbook(io.BytesIO(templates.template_xlsx("kampung", "id")))["kampung"]
    assert sheet["A2"].value == "36.72.01.1005"
    assert sheet["A2"].number_format == "@"


def test_template_of_unknown_kind_raises():
    with pytest.raises(KeyError):
        templates.template_xlsx("batas", "id")


def test_data_dictionary_lists_every_column_of_every_kind():
    dictionary = templates.data_dictionary("id")
    assert list(dictionary.columns) == [
        "Jenis data",
        "Kolom",
        "Alias",
        "Wajib",
        "Tipe",
        "Keterangan",
        "Nilai yang diterima",
    ]
    expected = sum(len(kind.columns) for kind in schema.KINDS.values())
    assert len(dictionary) == expected
    assert set(dictionary["Jenis data"]) == set(schema.KINDS)


def test_data_dictionary_describes_every_column_in_the_language():
    """An English reader gets English descriptions (they were the schema's Indonesian ones in both languages)."""
    indonesian, english = templates.data_dictionary("id"), templates.data_dictionary("en")
    pairs = zip(indonesian["Kolom"], indonesian["Keterangan"], english["Description"], strict=True)
    same = {column for column, id_text, en_text in pairs if id_text == en_text}
    assert same == {"target_mandiri_plus_persen"}  # "Target % Mandiri + Berkelanjutan" reads the same
    assert english["Description"].str.len().gt(0).all() and indonesian["Keterangan"].str.len().gt(0).all()
    described = dict(zip(english["Kind of data"] + "." + english["Column"], english["Description"], strict=True))
    assert described["kampung.kode_desa"] == "Kemendagri code of the desa/kelurahan, 10 digits (dots allowed)"
    assert described["profil.periode"] == "Month of the profile (YYYY-MM)"
    assert described["indikator.periode"] == "YYYY or YYYY-MM"
    assert described["profil.tidak_kb_tial"] == "Couples (PUS) not using contraception: want no more children (TIAL)"
    workbook = load_workbook(io.BytesIO(templates.template_xlsx("kegiatan", "en")))
    rows = {row[0]: row[4] for row in workbook["instructions"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert rows["tanggal"] == "Date of the activity"


def _accepted(dictionary: pd.DataFrame, kind: str, column: str) -> str:
    row = dictionary[(dictionary["Kind of data"] == kind) & (dictionary["Column"] == column)]
    return row["Accepted values"].item()


def test_data_dictionary_states_the_vocabularies():
    dictionary = templates.data_dictionary("en")
    activity = _accepted(dictionary, "kegiatan", "jenis_kegiatan")
    assert all(name in activity for name in schema.ACTIVITY_TYPES)
    assert "UPPKS" in activity
    assert all(name in _accepted(dictionary, "kegiatan", "seksi") for name in schema.FAMILY_FUNCTIONS)
    assert _accepted(dictionary, "klasifikasi", "klasifikasi") == "Dasar, Berkembang, Mandiri, Berkelanjutan"
    assert all(name in _accepted(dictionary, "profil", "sumber_dana") for name in schema.VOCABULARIES["sumber_dana"])
    assert "ya, tidak" in _accepted(dictionary, "profil", "pokja_ada")


def test_data_dictionary_says_what_is_required():
    dictionary = templates.data_dictionary("id")
    required = dict(zip(dictionary["Jenis data"] + "." + dictionary["Kolom"], dictionary["Wajib"], strict=True))
    assert required["kegiatan.jenis_kegiatan"] == "ya"
    assert required["kegiatan.kode_desa"] == "kode_desa, atau nama wilayah"
    assert required["kegiatan.tanggal"] == "tanggal atau periode"
    assert required["target.kode_wilayah"] == "ya"
    assert required["kampung.nama_kampung"] == "tidak"


def test_data_dictionary_exports_neutralised():
    data = exports.to_xlsx_bytes(templates.data_dictionary("id"), "kamus_data")
    sheet = load_workbook(io.BytesIO(data))["kamus_data"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# --- XLSX layout: frozen header, widths, units, number formats ----------------------------------------------


def _report() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Kode desa": ["36.72.01.1001", "36.72.02.1001", "36.04.01.2001"],
            "Nama Kampung KB": ["KKB Raudhatunnisa", "=1+1", None],
            "Jumlah Kampung KB": pd.array([1161, 23, pd.NA], dtype="Int64"),
            "mandiri_plus_persen": [24.28, 30.4347, float("nan")],
            "Laporan terakhir": pd.to_datetime(["2024-09-30", None, "2024-12-31"]),
            "Hari sejak laporan": [92.0, float("nan"), 0.0],
        }
    )


def _sheet(data: bytes, name: str = "laporan"):
    return load_workbook(io.BytesIO(data))[name]


def test_xlsx_header_row_frozen_filterable_and_bold():
    sheet = _sheet(exports.to_xlsx_bytes(_report(), "laporan"))
    assert sheet.freeze_panes == "A2"  # the header stays in view while scrolling
    assert sheet.auto_filter.ref == "A1:F4"
    assert all(cell.font.b for cell in sheet[1])


def test_xlsx_units_in_headers():
    sheet = _sheet(exports.to_xlsx_bytes(_report(), "laporan", units={"Hari sejak laporan": "hari"}))
    headers = [cell.value for cell in sheet[1]]
    assert headers == [
        "Kode desa",
        "Nama Kampung KB",
        "Jumlah Kampung KB",
        "mandiri_plus_persen (%)",
        "Laporan terakhir",
        "Hari sejak laporan (hari)",
    ]
    assert exports.header_with_unit("% Mandiri plus") == "% Mandiri plus"  # already says its unit


def test_xlsx_columns_as_wide_as_their_content():
    sheet = _sheet(exports.to_xlsx_bytes(_report(), "laporan"))
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEF"}
    assert widths["A"] >= len("36.72.01.1001") and widths["B"] >= len("KKB Raudhatunnisa")
    assert widths["D"] >= len("mandiri_plus_persen (%)")
    long = pd.DataFrame({"nama": ["x" * 500]})
    assert _sheet(exports.to_xlsx_bytes(long, "s"), "s").column_dimensions["A"].width <= 61  # capped


def test_xlsx_number_and_date_formats_keep_values_numeric():
    sheet = _sheet(exports.to_xlsx_bytes(_report(), "laporan"))
    assert sheet["A2"].value == "36.72.01.1001" and sheet["A2"].data_type == "s"  # codes stay text
    assert sheet["C2"].value == 1161 and sheet["C2"].number_format == "#,##0"
    assert sheet["D3"].value == pytest.approx(30.4347) and sheet["D3"].number_format == "#,##0.00"
    assert sheet["E2"].value.date().isoformat() == "2024-09-30" and sheet["E2"].number_format == "d mmm yyyy"
    assert sheet["F2"].value == 92 and sheet["F2"].number_format == "#,##0"  # whole floats read as counts
    assert sheet["B4"].value is None and sheet["C4"].value is None and sheet["E3"].value is None  # no "None"/"nan"
    assert sheet["B3"].value == "'=1+1" and sheet["B3"].data_type == "s"


def test_xlsx_sheet_name_made_valid():
    workbook = load_workbook(io.BytesIO(exports.to_xlsx_bytes(_report(), "kampung/tanpa:laporan?")))
    assert workbook.sheetnames == ["kampung_tanpa_laporan_"]


def test_xlsx_of_an_empty_table_keeps_its_headers():
    sheet = _sheet(exports.to_xlsx_bytes(_report().iloc[:0], "laporan"))
    assert [cell.value for cell in sheet[1]][:2] == ["Kode desa", "Nama Kampung KB"]
    assert sheet.max_row == 1
