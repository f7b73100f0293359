"""Name matching with the spellings officials really write, inside the parent region they name."""

from __future__ import annotations

import datetime as dt

import pytest

from kkb_dashboard.rules import matching, schema
from kkb_dashboard.storage.readers import read_table
from kkb_dashboard.storage.validation import validate

TODAY = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def cilegon():
    return matching.matcher_for("36.72", 4)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Taman Sari", "36.72.03.1001"),  # the list writes Tamansari
        ("Lebak Gede", "36.72.03.1002"),  # Lebakgede
        ("Banjarnegara", "36.72.04.1001"),  # Banjar Negara
        ("Kota Bumi", "36.72.07.1002"),  # Kotabumi: "Kota" is part of the name here, not a prefix
        ("Kel. Karang Asem", "36.72.01.1005"),
        ("Kelurahan Karang Asem", "36.72.01.1005"),
        ("KARANG  ASEM", "36.72.01.1005"),
        ("karang-asem", "36.72.01.1005"),
        ("Kel. Kota Bumi", "36.72.07.1002"),
        ("Kelurahan Kotasari", "36.72.06.1001"),
        ("Desa Kepuh", "36.72.04.1005"),
        ("Ds. Gerem", "36.72.06.1004"),
        ("Ds.Gerem", "36.72.06.1004"),
        ("KKB Cikerai", "36.72.01.1004"),
        ("Panggung Rawi", "36.72.05.1004"),
    ],
)
def test_exact_after_folding_case_spaces_punctuation_and_prefixes(cilegon, written, code):
    found = cilegon(written)
    assert (found.code, found.match, found.score) == (code, "exact", 100.0)


def test_deringo_matches_dringo_approximately_with_its_score(cilegon):
    found = cilegon("Deringo")
    assert (found.code, found.match) == ("36.72.08.1002", "approximate")
    assert matching.MIN_SCORE <= found.score < 100
    assert found.score == pytest.approx(92.3, abs=0.1)


@pytest.mark.parametrize(
    ("parent", "written", "code"),
    [
        ("18.04", "Pekon Way Mengaku", "18.04.04.1003"),
        ("18.04", "Pekon Kubu Perahu", "18.04.04.2002"),
        ("11.01.01", "Gampong Ujong Mangki", "11.01.01.2002"),
        ("11.01.01", "Gampong Drien", "11.01.01.2004"),  # "Gampong" is part of this official name
        ("13.01.01", "Nagari Inderapura", "13.01.01.2001"),
        ("13.01.01", "Nagari Inderapura Barat", "13.01.01.2004"),
    ],
)
def test_regional_prefixes_pekon_gampong_nagari(parent, written, code):
    found = matching.matcher_for(parent, 4)(written)
    assert (found.code, found.match) == (code, "exact")


def test_an_ambiguous_name_is_refused_with_its_candidates():
    found = matching.matcher_for("18.04", 4)("Sukarame")
    assert found.code is None
    assert (found.match, found.reason) == ("failed", "ambiguous")
    assert found.candidates == ("Sukarame (18.04.04.2010)", "Sukarame (18.04.06.2006)")


@pytest.mark.parametrize("written", ["Xyzzy Qwerty", "Jakarta Pusat", "", "Kel."])
def test_a_name_that_is_not_there_fails(cilegon, written):
    found = cilegon(written)
    assert (found.code, found.match) == (None, "failed")
    assert found.reason == "not_found"


def test_a_name_from_another_city_is_not_found_inside_cilegon(cilegon):
    assert cilegon("Mampang").code is None  # Kota Depok
    assert matching.matcher_for("32.76", 4)("Mampang").code is not None


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Kel. Lebak Gede", "lebakgede"),
        ("Desa Sukarame", "sukarame"),
        ("Ds. Sukarame", "sukarame"),
        ("Pekon Sukarame", "sukarame"),
        ("Gampong Baro", "baro"),
        ("Nagari Koto Baru", "kotobaru"),
        ("KKB Teratai", "teratai"),
        ("Kampung KB Teratai", "teratai"),
        ("Kab. Serang", "serang"),
        ("Kota Cilegon", "cilegon"),
        ("Kec. Pancoran Mas", "pancoranmas"),
        ("Desamulya", "desamulya"),
    ],
)
def test_fold(written, folded):
    assert matching.fold(written) == folded


# --- each row's outcome in an import -----------------------------------------------------------------------


def _validate(write_csv, lines, **options):
    table = read_table(write_csv("kampung.csv", lines, sep=";"), schema.KAMPUNG)
    return validate(table, schema.KAMPUNG, today=TODAY, **options)


def test_each_rows_outcome_is_code_exact_approximate_or_failed(write_csv):
    checked = _validate(
        write_csv,
        [
            ["Kode Desa", "Kelurahan", "Nama Kampung KB"],
            ["3672011005", "", "KKB Teratai"],
            ["", "Taman Sari", "KKB Wijaya Kusuma"],
            ["", "Deringo", "KKB Rampai"],
            ["", "Antah Berantah", "KKB Entah"],
        ],
        wilayah="36.72",
    )
    outcomes = [(r["row"], r["kode_desa"], r["match"]) for r in checked.rows]
    assert outcomes == [
        (2, "36.72.01.1005", "code"),
        (3, "36.72.03.1001", "exact"),
        (4, "36.72.08.1002", "approximate"),
        (5, None, "failed"),
    ]
    assert [r["score"] for r in checked.rows][:3] == [100.0, 100.0, pytest.approx(92.3, abs=0.1)]
    assert [r["status"] for r in checked.rows] == ["ok", "ok", "ok", "rejected"]
    assert [(e.row, e.column, e.value) for e in checked.errors] == [(5, "Kelurahan", "Antah Berantah")]
    assert "Kota Cilegon (36.72)" in checked.errors[0].message
    assert list(checked.frame["kode_desa"]) == ["36.72.01.1005", "36.72.03.1001", "36.72.08.1002"]


def test_ambiguous_row_lists_candidates_and_a_kecamatan_column_settles_it(write_csv):
    ambiguous = _validate(write_csv, [["Desa"], ["Pekon Sukarame"]], wilayah="18.04")
    assert ambiguous.rows[0]["match"] == "failed"
    [error] = ambiguous.errors
    assert (error.row, error.column, error.value) == (2, "Desa", "Pekon Sukarame")
    assert "18.04.04.2010" in error.message and "18.04.06.2006" in error.message
    assert "kecamatan" in error.message

    settled = _validate(
        write_csv,
        [["Kecamatan", "Desa"], ["Belalau", "Pekon Sukarame"], ["Kec. Balik Bukit", "Sukarame"]],
        wilayah="18.04",
    )
    assert settled.errors == []
    assert [(r["kode_desa"], r["match"]) for r in settled.rows] == [
        ("18.04.06.2006", "exact"),
        ("18.04.04.2010", "exact"),
    ]


def test_names_from_provinsi_down_without_wilayah(write_csv):
    checked = _validate(
        write_csv, [["Provinsi", "Kab/Kota", "Kecamatan", "Kelurahan"], ["Banten", "Kota Cilegon", "Grogol", "Gerem"]]
    )
    assert checked.errors == []
    assert checked.rows[0]["kode_desa"] == "36.72.06.1004"


def test_a_name_alone_without_wilayah_is_refused_with_the_fix(write_csv):
    checked = _validate(write_csv, [["Kelurahan"], ["Gerem"]])
    [error] = checked.errors
    assert "--wilayah" in error.message
    assert checked.frame.empty
