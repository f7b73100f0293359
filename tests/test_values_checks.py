"""Every value is checked before it is stored: numbers finite and plausible, percentages 0–100, dates 1990–2100,
text without control characters; each problem a row problem (file, row, column, value, fix), never an abort.

Both validation paths (row by row, and DuckDB for large tables) must reject the same cells with the same words.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import pytest
from test_cli_import import _no_nan, run_cli

from kkb_dashboard.rules import schema, values
from kkb_dashboard.storage import importer, readers
from kkb_dashboard.storage import store as store_module
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import templates

TODAY = dt.date(2025, 6, 30)
PEOPLE = schema.PEOPLE_IN_DESA


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("NaN", "data.not_finite"),
        ("nan", "data.not_finite"),
        ("inf", "data.not_finite"),
        ("-Infinity", "data.not_finite"),
        (math.inf, "data.not_finite"),
        (math.nan, "data.not_finite"),
        ("1e308", "data.out_of_range"),
        (1e308, "data.out_of_range"),
        ("9223372036854775808", "data.out_of_range"),  # 2^63: one more than a BIGINT holds
        (2**63, "data.out_of_range"),
        (10**400, "data.out_of_range"),
        ("1e18", "data.out_of_range"),
        ("500001", "data.out_of_range"),
        ("1_000", "data.not_number"),  # Python's digit separator is no way people write numbers
        ("0x10", "data.not_number"),
        ("-5", "data.negative"),
        ("12.5", "data.not_whole"),
    ],
)
def test_a_count_outside_reason_is_a_problem_not_an_exception(cell, key):
    value, problem = values.parse_count(cell, PEOPLE)
    assert value is None and problem[0] == key


@pytest.mark.parametrize(("cell", "expected"), [("12", 12), ("12.0", 12), (12.0, 12), ("1.161", 1161), ("1E+03", 1000)])
def test_ordinary_counts_still_parse(cell, expected):
    assert values.parse_count(cell, PEOPLE) == (expected, None)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("40", (40.0, None)), ("24,28 %", (24.28, None)), ("0", (0.0, None)), ("100", (100.0, None))],
)
def test_a_percentage_within_0_to_100(cell, expected):
    assert values.parse_float(cell, schema.PERCENT) == expected


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("100.5", "data.out_of_range"),
        ("-5", "data.negative"),
        ("1e308", "data.out_of_range"),
        ("inf", "data.not_finite"),
    ],
)
def test_a_percentage_outside_0_to_100_is_refused(cell, key):
    assert values.parse_float(cell, schema.PERCENT)[1][0] == key


@pytest.mark.parametrize(
    ("parse", "cell"),
    [
        (values.parse_date, "0001-01-01"),
        (values.parse_date, "1900-02-01"),
        (values.parse_date, dt.datetime(1900, 2, 1)),  # an Excel date cell
        (values.parse_period, "1900-02"),
        (values.parse_period, "0001-01"),
        (values.parse_period, dt.date(1989, 12, 1)),
        (values.parse_tanggal_or_year, "0001-01-01"),
        (values.parse_tanggal_or_year, "0000-01"),
    ],
)
def test_dates_and_months_before_1990_are_refused(parse, cell):
    value, problem = parse(cell, TODAY)
    assert value is None and problem[0] == "data.year_out_of_range"


def test_dates_in_range_still_parse():
    assert values.parse_date("1990-01-01", TODAY) == (dt.date(1990, 1, 1), None)
    assert values.parse_period(dt.date(2024, 5, 27), TODAY) == ("2024-05", None)


@pytest.mark.parametrize("cell", ["KKB\x00Teratai", "KKB\x1b[31mMerah", "KKB\x7f", "KKB\x85"])
def test_text_with_a_control_character_is_refused_and_named(cell):
    value, problem = values.parse_text(cell)
    assert value is None and problem[0] == "data.control_character"
    assert problem[1]["code"].startswith("U+00")


def test_text_keeps_tabs_and_line_breaks():
    assert values.parse_text(" Baris satu\nbaris dua\t ") == ("Baris satu\nbaris dua", None)
    assert values.parse_agencies("Dinkes;\x00PKK")[1][0] == "data.control_character"


# --- whole imports, both validation paths ------------------------------------------------------------------------

PROFILE = [
    ["kode_desa", "periode", "pus", "keterangan"],
    ["36.72.01.1005", "2024-05", "NaN", ""],
    ["36.72.01.1004", "2024-05", "inf", ""],
    ["36.72.05.1004", "2024-05", "1e308", ""],
    ["36.72.06.1003", "2024-05", "9223372036854775808", ""],
    ["36.72.03.1001", "2024-05", "1_000", ""],
    ["36.72.07.1005", "2024-05", "1e18", ""],
    ["36.72.02.1001", "1900-02", "10", ""],
    ["36.72.08.1002", "2024-05", "10", "ada\x00NUL"],
    ["36.72.04.1005", "2024-05", "120", "baik"],
]
TARGETS = [
    ["kode_wilayah", "tahun", "target_kampung", "target_mandiri_plus_persen"],
    ["36.72", "2024", "30", "inf"],
    ["36.04", "2024", "260", "1e308"],
    ["36.01", "2024", "100", "-5"],
    ["36.02", "2024", "100", "100,5"],
    ["36.03", "2024", "-1", "40"],
    ["36.71", "2024", "1e18", "40"],
    ["36.73", "2024", "20", "40"],
]
KAMPUNG = [
    ["kode_desa", "nama_kampung", "tanggal_pencanangan", "lat", "lon"],
    ["36.72.01.1005", "KKB\x00Teratai", "2023-03-15", "-6.0", "106.0"],
    ["36.72.01.1004", "KKB Tulip", "0001-01-01", "", ""],
    ["36.72.05.1004", "KKB Kosambi", "1900-02-01", "", ""],
    ["36.72.06.1003", "KKB Melati", "2019", "nan", "1e308"],
    ["36.72.03.1001", "KKB Wijaya Kusuma", "2020", "-6.0", "106.0"],
]
KEGIATAN = [
    ["kode_desa", "tanggal", "jenis_kegiatan", "jumlah", "peserta"],
    ["36.72.01.1005", "0001-01-01", "BKB", "1", "10"],
    ["36.72.01.1005", "2024-05-27", "BKR", "inf", "10"],
    ["36.72.01.1005", "2024-05-28", "BKL", "2", "1e18"],
    ["36.72.01.1005", "2024-05-29", "PIK-R", "2", "25"],
]
CASES = {
    "profil": (PROFILE, {2: "pus", 3: "pus", 4: "pus", 5: "pus", 6: "pus", 7: "pus", 8: "periode", 9: "keterangan"}),
    "target": (
        TARGETS,
        {2: "target_mandiri_plus_persen", 3: "target_mandiri_plus_persen", 4: "target_mandiri_plus_persen"}
        | {5: "target_mandiri_plus_persen", 6: "target_kampung", 7: "target_kampung"},
    ),
    "kampung": (KAMPUNG, {2: "nama_kampung", 3: "tanggal_pencanangan", 4: "tanggal_pencanangan", 5: "lon"}),
    "kegiatan": (KEGIATAN, {2: "tanggal", 3: "jumlah", 4: "peserta"}),
}


def _issues(report) -> list[tuple]:
    return sorted((e.row, e.column, e.value, e.message) for e in report.errors)


@pytest.mark.parametrize("kind", CASES)
def test_both_paths_reject_the_same_cells_with_the_same_words(kind, write_csv, db, monkeypatch):
    lines, expected = CASES[kind]
    path = write_csv(f"{kind}.csv", lines)
    monkeypatch.setattr(readers, "LARGE_TABLE", 10**9)
    rows = importer.import_file(path, kind, db=db, dry_run=True, today=TODAY)
    monkeypatch.setattr(readers, "LARGE_TABLE", 1)
    bulk = importer.import_file(path, kind, db=db, dry_run=True, today=TODAY)
    assert rows.exit_code == bulk.exit_code == 1
    assert {e.row: e.column for e in rows.errors} == expected
    assert _issues(rows) == _issues(bulk)
    assert rows.rows_rejected == bulk.rows_rejected == len(expected)


def test_a_parquet_file_with_native_infinities_agrees_on_both_paths(tmp_path, db, monkeypatch):
    """Typed cells (float inf, 1e308, NaN as an empty cell) from Parquet, on both paths."""
    frame = pd.DataFrame(
        {
            "kode_desa": ["36.72.01.1005", "36.72.01.1004", "36.72.05.1004", "36.72.06.1003"],
            "periode": ["2024-05"] * 4,
            "pus": [math.inf, -math.inf, 1e308, math.nan],
            "keluarga": [10.0, 10.0, 10.0, 2.0**63],
        }
    )
    path = tmp_path / "profil.parquet"
    frame.to_parquet(path, index=False)
    monkeypatch.setattr(readers, "LARGE_TABLE", 10**9)
    rows = importer.import_file(path, "profil", db=db, dry_run=True, today=TODAY)
    monkeypatch.setattr(readers, "LARGE_TABLE", 1)
    bulk = importer.import_file(path, "profil", db=db, dry_run=True, today=TODAY)
    assert {(e.row, e.column) for e in rows.errors} == {(2, "pus"), (3, "pus"), (4, "pus"), (5, "keluarga")}
    assert _issues(rows) == _issues(bulk)


def test_out_of_range_messages_name_the_range_in_the_users_language(write_csv, db):
    path = write_csv("profil.csv", [PROFILE[0], PROFILE[3]])
    [indonesian] = importer.import_file(path, "profil", db=db, dry_run=True, today=TODAY).errors
    [english] = importer.import_file(path, "profil", db=db, dry_run=True, today=TODAY, lang="en").errors
    assert indonesian.message.startswith("Baris 2, kolom 'pus': ") and "0 sampai 500.000" in indonesian.message
    assert english.message.startswith("Row 2, column 'pus': ") and "0 to 500,000" in english.message
    assert indonesian.value == "1e308"


def test_cli_import_reports_every_bad_number_as_a_row_and_stores_nothing(write_csv, db):
    result = run_cli("import", write_csv("profil.csv", PROFILE), "--kind", "profil", "--db", db, "--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout, parse_constant=_no_nan)
    assert report["rows_rejected"] == 8 and report["rows_imported"] == 0
    by_row = {e["row"]: e for e in report["errors"]}
    assert (by_row[4]["column"], by_row[4]["value"]) == ("pus", "1e308")
    assert by_row[9]["column"] == "keterangan" and "U+0000" in by_row[9]["message"]
    assert "kesalahan tak terduga" not in result.stderr
    assert not store_module.exists(db)  # nothing stored: not even an empty store is made


def test_impossible_targets_are_refused_so_scenarios_never_see_them(write_csv, db):
    result = run_cli("import", write_csv("target.csv", TARGETS), "--kind", "target", "--db", db, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout, parse_constant=_no_nan)
    assert sorted(e["row"] for e in report["errors"]) == [2, 3, 4, 5, 6, 7]
    result = run_cli("import", write_csv("target.csv", TARGETS), "--kind", "target", "--db", db, "--skip-invalid")
    with Store(db, read_only=True) as store:
        stored = store.table("target")
    assert stored["kode_wilayah"].tolist() == ["36.73"]


def test_tiers_reports_bad_numbers_by_row_with_strict_json(write_csv):
    result = run_cli("tiers", write_csv("profil.csv", PROFILE), "--json")
    assert result.returncode == 1
    [record] = json.loads(result.stdout, parse_constant=_no_nan)  # the one valid row is classified
    assert record["kode_desa"] == "36.72.04.1005"
    assert "Baris 4, kolom 'pus'" in result.stderr and "kesalahan tak terduga" not in result.stderr


def test_the_data_dictionary_states_ranges_and_years():
    dictionary = templates.data_dictionary("id")
    keys = dictionary["Kolom"] + "@" + dictionary["Jenis data"]
    accepted = dict(zip(keys, dictionary["Nilai yang diterima"], strict=True))
    assert "0 sampai 500.000" in accepted["pus@profil"]
    assert "0 sampai 100" in accepted["target_mandiri_plus_persen@target"]
    assert "0 sampai 100.000" in accepted["target_kampung@target"]
    assert "1990–2100" in accepted["tanggal@kegiatan"] and "1990–2100" in accepted["periode@profil"]
    assert "karakter kontrol" in accepted["nama_kampung@kampung"]
    english = templates.data_dictionary("en")
    assert any("0 to 500,000" in text for text in english.iloc[:, -1])
