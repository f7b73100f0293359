"""Whole files that used to fail with a stack-trace word (KeyError, ParseError, "File is not a zip file") or be read
wrongly: each is now read correctly or refused with a sentence that says what to do, and `--json` stays JSON.

Header-only file: exit 0, "0 rows", with a warning that says the file has no data rows (documented in README).
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from test_cli_import import _no_nan, run_cli

from kkb_dashboard.errors import InputError
from kkb_dashboard.rules import schema
from kkb_dashboard.storage import importer, readers
from kkb_dashboard.storage.store import Store

HEADER = "kode_desa,nama_kampung"


def _kampung(path, **options) -> importer.ImportReport:
    return importer.import_file(path, "kampung", **options)


def _stored_names(db) -> list[str]:
    with Store(db, read_only=True) as store:
        return store.sql("SELECT nama_kampung FROM kampung ORDER BY kode_desa")["nama_kampung"].tolist()


# --- header only --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content", [f"{HEADER}\n", "kode_desa;nama_kampung\r\n\r\n;\r\n", "Judul laporan\n\nkode_desa;tanggal;jenis\n"]
)
def test_a_header_only_file_imports_zero_rows_and_says_so(tmp_path, db, content):
    kind = "kegiatan" if "jenis" in content else "kampung"
    path = tmp_path / "kosong.csv"
    path.write_text(content, encoding="utf-8")
    result = run_cli("import", path, "--kind", kind, "--db", db, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout, parse_constant=_no_nan)
    assert (report["rows_read"], report["rows_imported"], report["errors"]) == (0, 0, [])
    [warning] = report["warnings"]
    assert "tanpa baris data" in warning["message"]
    assert "kesalahan tak terduga" not in result.stderr


def test_a_header_only_workbook_in_english(write_xlsx, db):
    report = _kampung(write_xlsx("kosong.xlsx", {"Sheet1": [["Kode Desa", "Nama Kampung KB"]]}), db=db, lang="en")
    assert report.exit_code == 0 and report.rows_read == 0
    assert "only the header row (row 1)" in report.warnings[0].message


# --- duplicated headers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "words"),
    [
        (["kode_desa", "nama_kampung", "nama_kampung"], ["'nama_kampung'", "B, C"]),
        (
            ["Kode Desa", "Nama Kampung KB", "Keterangan", "Catatan"],
            ["'keterangan'", "'Keterangan', 'Catatan'", "C, D"],
        ),
    ],
)
def test_two_headers_for_one_column_are_refused_not_dropped(write_csv, db, header, words):
    path = write_csv("ganda.csv", [header, ["36.72.01.1005", "KKB A", "pertama", "kedua"][: len(header)]])
    result = run_cli("import", path, "--kind", "kampung", "--db", db, "--json")
    assert result.returncode == 2
    message = json.loads(result.stdout, parse_constant=_no_nan)["errors"][0]["message"]
    for word in words:
        assert word in message
    assert "muncul lebih dari sekali" in message
    assert not db.exists() or _stored_names(db) == []


def test_a_column_named_exactly_is_not_taken_for_another_columns_alias(write_csv, db):
    """`target_mandiri_plus` shares its header key with the alias `Target Mandiri Plus (%)` of the percentage:
    both columns are read (the count was silently dropped before)."""
    path = write_csv(
        "target.csv",
        [["kode_wilayah", "tahun", "target_mandiri_plus_persen", "target_mandiri_plus"], ["36.04", "2023", "40", "94"]],
    )
    report = importer.import_file(path, "target", db=db)
    assert report.exit_code == 0
    with Store(db, read_only=True) as store:
        row = store.table("target").iloc[0]
    assert (row["target_mandiri_plus_persen"], row["target_mandiri_plus"]) == (40.0, 94)


def test_a_wide_indicator_file_with_one_indicator_twice_is_refused(write_csv):
    path = write_csv(
        "indikator.csv", [["kode_wilayah", "periode", "stunting", "stunting"], ["36.72", "2024", "1", "2"]]
    )
    with pytest.raises(InputError, match="stunting"):
        readers.read_table(path, schema.KINDS["indikator"])


# --- workbooks ----------------------------------------------------------------------------------------------------


def _workbook_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_password_protected_workbook_is_named_as_such(tmp_path, db):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(_workbook_bytes([["kode_desa"], ["36.72.01.1005"]]))
    locked = tmp_path / "terkunci.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("rahasia", target)
    for lang, word in (("id", "dilindungi kata sandi"), ("en", "password-protected")):
        result = run_cli("--lang", lang, "import", locked, "--kind", "kampung", "--db", db, "--json")
        assert result.returncode == 2
        message = json.loads(result.stdout, parse_constant=_no_nan)["errors"][0]["message"]
        assert word in message and "zip" not in message


def test_an_old_xls_renamed_to_xlsx_says_save_as_xlsx(tmp_path):
    path = tmp_path / "lama.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError, match="Excel 97-2003"):
        readers.read_table(path, schema.KINDS["kampung"])


def test_a_workbook_with_broken_sheet_xml_names_the_damaged_part(tmp_path, db):
    good = _workbook_bytes([["kode_desa", "nama_kampung"], ["36.72.01.1005", "KKB Teratai"]])
    path = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    result = run_cli("import", path, "--kind", "kampung", "--db", db, "--json")
    assert result.returncode == 2
    message = json.loads(result.stdout, parse_constant=_no_nan)["errors"][0]["message"]
    assert "rusak" in message and "xl/worksheets/sheet1.xml" in message
    assert "ParseError" not in message and "kesalahan tak terduga" not in result.stderr


# --- encodings ----------------------------------------------------------------------------------------------------


def test_rows_in_utf8_and_windows_1252_in_one_file_keep_their_letters(tmp_path, db):
    path = tmp_path / "campur.csv"
    path.write_bytes(
        f"{HEADER}\n".encode()
        + "36.72.01.1005,KKB Ñusa Café\n".encode()
        + "36.72.01.1004,KKB Señora Café\n".encode("cp1252")
    )
    report = _kampung(path, db=db)
    assert report.exit_code == 0
    assert [row["row"] for row in report.rows] == [2, 3]  # the line numbers the user sees
    assert _stored_names(db) == ["KKB Señora Café", "KKB Ñusa Café"]
    assert readers.read_table(path, schema.KINDS["kampung"]).encoding == "utf-8+cp1252"


def test_a_line_mixing_both_encodings_is_refused_with_its_line_number(tmp_path):
    path = tmp_path / "campur.csv"
    path.write_bytes(
        f"{HEADER}\n36.72.01.1005,KKB A\n".encode() + "36.72.01.1004,Ñusa ".encode() + "Café\n".encode("cp1252")
    )
    with pytest.raises(InputError, match="Baris 3") as raised:
        readers.read_table(path, schema.KINDS["kampung"])
    assert "CSV UTF-8" in raised.value.message


def test_a_windows_1252_file_is_still_read(tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_bytes(f"{HEADER}\n36.72.01.1005,KKB Café\n".encode("cp1252"))
    table = readers.read_table(path, schema.KINDS["kampung"])
    assert table.encoding == "cp1252" and table.frame["nama_kampung"].tolist() == ["KKB Café"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_utf16_is_read(tmp_path, db, encoding):
    """Excel's "Unicode Text (*.txt)": UTF-16 with a BOM, tab-separated; also without a BOM."""
    path = tmp_path / "unicode.txt"
    path.write_bytes("Kode Desa\tNama Kampung KB\r\n36.72.01.1005\tKKB Ñusa\r\n".encode(encoding))
    report = _kampung(path, db=db)
    assert report.exit_code == 0, report.as_json()
    assert report.columns == {"kode_desa": "Kode Desa", "nama_kampung": "Nama Kampung KB"}
    assert _stored_names(db) == ["KKB Ñusa"]


# --- --json on every exit code -------------------------------------------------------------------------------------


def test_json_stays_json_when_a_command_fails(tmp_path, db):
    missing = tmp_path / "tidak_ada.csv"
    result = run_cli("import", missing, "--kind", "kampung", "--db", db, "--json")
    assert result.returncode == 2
    report = json.loads(result.stdout, parse_constant=_no_nan)
    assert report["rows_imported"] == 0 and "tidak_ada.csv" in report["errors"][0]["message"]
    result = run_cli("tiers", missing, "--json")
    assert result.returncode == 2 and json.loads(result.stdout) == []
    assert "tidak_ada.csv" in result.stderr


def test_strict_json_writes_missing_numbers_as_null():
    import math

    import pandas as pd

    from kkb_dashboard import cli

    data = {"a": math.nan, "b": [math.inf, 1.5, pd.NA, pd.NaT], "c": (-math.inf,)}
    assert json.loads(json.dumps(cli._strict(data), allow_nan=False)) == {
        "a": None,
        "b": [None, 1.5, None, None],
        "c": [None],
    }
