"""Row-level validation: each message names the row, the column as the user wrote it, the value and the fix."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kkb_dashboard.errors import InputError
from kkb_dashboard.rules import schema
from kkb_dashboard.storage.readers import read_table
from kkb_dashboard.storage.validation import validate

TODAY = dt.date(2025, 6, 30)
DESA = "36.72.08.1002"  # Dringo, Kota Cilegon


@pytest.fixture
def check(write_csv):
    """Write `lines` as a `;`-separated CSV (as Excel saves it in Indonesia), read and validate it as `kind`."""

    def run(kind: str, lines: list[list[object]], **options):
        table = read_table(write_csv(f"{kind}.csv", lines, sep=";"), schema.KINDS[kind])
        return validate(table, schema.KINDS[kind], today=TODAY, **options)

    return run


def _values(series) -> list:
    """Cells as a user reads them: a missing value is None whatever pandas holds (None, NaN, NA)."""
    return [None if pd.isna(value) else value for value in series]


def _only_error(checked):
    assert len(checked.errors) == 1, [e.message for e in checked.errors]
    return checked.errors[0]


# --- whole-table problems ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "words"), [("id", ["Kolom wajib", "Tambahkan"]), ("en", ["Required column", "Add"])])
def test_missing_required_column_names_it_and_its_aliases(check, lang, words):
    with pytest.raises(InputError) as caught:
        check("kegiatan", [["Kode Desa", "Tanggal", "Peserta"], [DESA, "2024-05-27", "20"]], lang=lang)
    message = caught.value.message
    assert "jenis_kegiatan" in message
    for alias in ("kegiatan", "jenis", "program", "poktan"):
        assert alias in message
    for word in words:
        assert word in message


def test_missing_periode_in_profil(check):
    with pytest.raises(InputError) as caught:
        check("profil", [["Kode Desa", "PUS"], [DESA, "100"]])
    assert "periode" in caught.value.message and "bulan" in caught.value.message


def test_unknown_wilayah_is_refused(check):
    with pytest.raises(InputError) as caught:
        check("kampung", [["Kelurahan"], ["Gerem"]], wilayah="99.99")
    assert "99.99" in caught.value.message


# --- codes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "options", "id_words", "en_words"),
    [
        (
            "36.72.09.1001",
            {},
            ["Baris 3", "'Kode Desa'", "36.72.09.1001", "Kemendagri 2025", "Periksa"],
            ["Row 3", "'Kode Desa'", "36.72.09.1001", "not in the Kemendagri 2025 list", "Check the digits"],
        ),
        (
            "36.72.08",
            {},
            ["kode Kecamatan", "kode Desa/Kelurahan", "Tulis kode lengkapnya"],
            ["a Kecamatan code", "a Desa/Kelurahan code is expected", "Write the full code"],
        ),
        (
            "36.04.05.2001",
            {"wilayah": "36.72"},
            ["di luar wilayah", "Kota Cilegon (36.72)"],
            ["outside the chosen region", "Kota Cilegon (36.72)"],
        ),
        ("12345", {}, ["bukan kode wilayah", "10 digit"], ["is not a region code", "10 digits"]),
    ],
)
def test_bad_codes(check, value, options, id_words, en_words):
    for lang, words in (("id", id_words), ("en", en_words)):
        checked = check(
            "kampung",
            [["Kode Desa", "Nama Kampung KB"], [DESA, "KKB Rampai"], [value, "KKB Salah"]],
            lang=lang,
            **options,
        )
        error = _only_error(checked)
        assert (error.row, error.column, error.value) == (3, "Kode Desa", value)
        for word in words:
            assert word in error.message, error.message
        assert list(checked.frame["kode_desa"]) == [DESA]
        assert [r["status"] for r in checked.rows] == ["ok", "rejected"]
        assert checked.rows[1]["kode_desa"] is None  # not NaN: the CLI prints it as JSON null


def test_codes_written_without_dots_or_as_excel_floats_are_accepted(check):
    checked = check("kampung", [["kode"], ["3672081002"], ["3672051004.0"], ["36 72 01 1005"]])
    assert checked.errors == []
    assert list(checked.frame["kode_desa"]) == [DESA, "36.72.05.1004", "36.72.01.1005"]


def test_target_accepts_codes_of_any_level(check):
    checked = check(
        "target",
        [
            ["Kode Wilayah", "Tahun", "Target Kampung KB", "Target Mandiri Plus (%)", "Target Mandiri"],
            ["36", "2023", "1.161", "40", ""],
            ["36.04", "2023", "234", "", "94"],
        ],
    )
    assert checked.errors == []
    frame = checked.frame
    assert list(frame["kode_wilayah"]) == ["36", "36.04"]
    assert list(frame["target_kampung"]) == [1161, 234]  # 1.161 is Indonesian for one thousand one hundred…
    assert _values(frame["target_mandiri_plus_persen"]) == [40.0, None]
    assert _values(frame["target_mandiri_plus"]) == [None, 94]
    assert [r["kode_wilayah"] for r in checked.rows] == ["36", "36.04"]


def test_target_without_a_region_code_is_rejected(check):
    checked = check("target", [["Kode Wilayah", "Tahun", "Target"], ["", "2023", "5"], ["36.04", "20x3", "5"]])
    assert [(e.row, e.column) for e in checked.errors] == [(2, "Kode Wilayah"), (3, "Tahun")]
    assert checked.frame.empty
    assert [(r["row"], r["kode_wilayah"], r["match"]) for r in checked.rows] == [
        (2, None, "failed"),
        (3, "36.04", "code"),
    ]


# --- values ------------------------------------------------------------------------------------------------

KEGIATAN_HEADER = ["Kode Desa", "Tanggal", "Jenis Kegiatan", "Jumlah Peserta", "Seksi", "Instansi"]


def test_unknown_activity_lists_the_accepted_ones(check):
    for lang, word in (("id", "jenis kegiatan tidak dikenal"), ("en", "unknown activity type")):
        checked = check("kegiatan", [KEGIATAN_HEADER, [DESA, "2024-05-27", "Senam Lansia", "10", "", ""]], lang=lang)
        error = _only_error(checked)
        assert (error.row, error.column, error.value) == (2, "Jenis Kegiatan", "Senam Lansia")
        assert word in error.message
        for accepted in ("BKB", "BKR", "BKL", "UPPKA", "PIK-R", "Posyandu Remaja", "Pertemuan kader IMP", "Lainnya"):
            assert accepted in error.message


@pytest.mark.parametrize(
    ("written", "activity"),
    [
        ("BKB", "BKB"),
        ("bina keluarga balita", "BKB"),
        ("UPPKS", "UPPKA"),
        ("PIK R", "PIK-R"),
        ("pikr", "PIK-R"),
        ("Posremaja", "Posyandu Remaja"),
        ("penyuluhan", "KIE"),
        ("pelayanan KB-KR", "Pelayanan KB"),
        ("Minilok", "Staff meeting / Minilok"),
        ("Dapur Sehat Atasi Stunting", "Dashat"),
    ],
)
def test_activity_spellings(check, written, activity):
    checked = check("kegiatan", [KEGIATAN_HEADER, [DESA, "2024-05-27", written, "10", "", ""]])
    assert checked.errors == []
    assert checked.frame.at[0, "jenis_kegiatan"] == activity


@pytest.mark.parametrize(
    ("value", "id_word", "en_word"),
    [
        ("-3", "tidak boleh negatif", "must not be negative"),
        ("dua puluh", "bukan angka", "is not a number"),
        ("12,5", "bilangan bulat", "whole number"),
    ],
)
def test_bad_counts(check, value, id_word, en_word):
    for lang, word in (("id", id_word), ("en", en_word)):
        checked = check("kegiatan", [KEGIATAN_HEADER, [DESA, "2024-05-27", "BKB", value, "", ""]], lang=lang)
        error = _only_error(checked)
        assert (error.row, error.column, error.value) == (2, "Jumlah Peserta", value)
        assert word in error.message
        assert checked.frame.empty


@pytest.mark.parametrize(
    ("value", "id_word", "en_word"),
    [
        ("31/02/2024", "bukan tanggal", "is not a date"),
        ("kemarin", "bukan tanggal", "is not a date"),
        ("2025-07-01", "masa depan (hari ini 2025-06-30)", "in the future (today is 2025-06-30)"),
    ],
)
def test_bad_and_future_dates(check, value, id_word, en_word):
    for lang, word in (("id", id_word), ("en", en_word)):
        checked = check("kegiatan", [KEGIATAN_HEADER, [DESA, value, "BKB", "5", "", ""]], lang=lang)
        error = _only_error(checked)
        assert (error.row, error.column, error.value) == (2, "Tanggal", value)
        assert word in error.message


def test_an_empty_jumlah_counts_one_activity(check):
    checked = check(
        "kegiatan",
        [
            ["Kode Desa", "Bulan", "Kegiatan", "Jumlah", "Peserta"],
            [DESA, "2024-05", "BKB", "3", ""],
            [DESA, "2024-05", "BKR", "", "12"],
        ],
    )
    assert checked.errors == []
    assert list(checked.frame["jumlah"]) == [3, 1]
    assert list(checked.frame["peserta"]) == [None, 12]


def test_an_activity_without_date_or_month_is_rejected(check):
    checked = check(
        "kegiatan", [KEGIATAN_HEADER, [DESA, "2024-05-27", "BKB", "5", "", ""], [DESA, "", "BKR", "5", "", ""]]
    )
    error = _only_error(checked)
    assert error.row == 3
    assert "tanggal dan periode kosong" in error.message
    assert list(checked.frame["jenis_kegiatan"]) == ["BKB"]


@pytest.mark.parametrize(
    ("value", "id_word", "en_word"),
    [
        ("bulan lalu", "bukan bulan laporan", "is not a reporting month"),
        ("2024-13", "bukan bulan laporan", "is not a reporting month"),
        ("2025-07", "bulan di masa depan", "month in the future"),
    ],
)
def test_bad_and_future_months(check, value, id_word, en_word):
    for lang, word in (("id", id_word), ("en", en_word)):
        checked = check("profil", [["Kode Desa", "Periode", "PUS"], [DESA, value, "100"]], lang=lang)
        error = _only_error(checked)
        assert (error.row, error.column, error.value) == (2, "Periode", value)
        assert word in error.message


@pytest.mark.parametrize(
    ("written", "period"),
    [
        ("2024-05", "2024-05"),
        ("05/2024", "2024-05"),
        ("Mei 2024", "2024-05"),
        ("2024-05-01", "2024-05"),
        ("2025-06", "2025-06"),
    ],
)
def test_months_as_officials_write_them(check, written, period):
    checked = check("profil", [["Kode Desa", "Bulan"], [DESA, written]])
    assert checked.errors == []
    assert checked.frame.at[0, "periode"] == period


def test_dates_as_officials_write_them(check):
    checked = check(
        "kegiatan",
        [
            ["Kode Desa", "Tanggal", "Kegiatan"],
            [DESA, "27/05/2024", "BKB"],
            [DESA, "27 Mei 2024", "BKR"],
            [DESA, "2024-05-27", "BKL"],
        ],
    )
    assert checked.errors == []
    assert set(checked.frame["tanggal"]) == {dt.date(2024, 5, 27)}
    assert set(checked.frame["periode"]) == {"2024-05"}
    assert list(checked.frame["jumlah"]) == [1, 1, 1]  # no jumlah column: each row is one activity


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("ya", True),
        ("Ya", True),
        ("tidak", False),
        ("TIDAK", False),
        ("y", True),
        ("t", False),
        ("1", True),
        ("0", False),
        ("true", True),
        ("False", False),
        ("ada", True),
        ("tidak ada", False),
        ("Tidak Ada", False),
    ],
)
def test_booleans(check, written, value):
    checked = check("profil", [["Kode Desa", "Periode", "Pokja Ada", "Regulasi"], [DESA, "2024-05", written, written]])
    assert checked.errors == []
    assert checked.frame.at[0, "pokja_ada"] is value
    assert checked.frame.at[0, "regulasi"] is value


def test_a_boolean_that_is_not_one_names_the_accepted_words(check):
    for lang, word in (("id", "bukan ya/tidak"), ("en", "is not yes/no")):
        checked = check(
            "profil", [["Kode Desa", "Periode", "PLKB Pendamping"], [DESA, "2024-05", "mungkin"]], lang=lang
        )
        error = _only_error(checked)
        assert (error.row, error.column, error.value) == (2, "PLKB Pendamping", "mungkin")
        assert word in error.message and "tidak ada" in error.message


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("APBD; Dana Desa", "APBD;Dana Desa"),
        ("dana desa;apbd", "APBD;Dana Desa"),  # case-insensitive, stored in the list's order
        ("CSR", "CSR"),
        ("SWADAYA MASYARAKAT; apbn", "APBN;Swadaya"),
        ("-", ""),
    ],
)
def test_sets(check, written, stored):
    checked = check("profil", [["Kode Desa", "Periode", "Sumber Dana"], [DESA, "2024-05", written]])
    assert checked.errors == []
    assert checked.frame.at[0, "sumber_dana"] == stored


def test_an_unknown_set_item_is_rejected_with_the_accepted_list(check):
    for lang, word in (("id", "nama tidak dikenal: Arisan"), ("en", "unknown names: Arisan")):
        checked = check(
            "profil", [["Kode Desa", "Periode", "Sumber Dana"], [DESA, "2024-05", "APBD; Arisan"]], lang=lang
        )
        error = _only_error(checked)
        assert (error.row, error.column, error.value) == (2, "Sumber Dana", "APBD; Arisan")
        assert word in error.message
        assert "APBN, APBD, Dana Desa, Donasi/Hibah, CSR, Swadaya" in error.message


# --- duplicates --------------------------------------------------------------------------------------------


def test_the_same_kampung_and_period_twice_in_profil_is_an_error(check):
    for lang, word in (("id", "baris ganda: sama dengan baris 2"), ("en", "duplicate row: same as row 2")):
        checked = check(
            "profil",
            [
                ["Kode Desa", "Periode", "PUS"],
                [DESA, "2024-05", "100"],
                [DESA, "2024-06", "100"],
                ["3672081002", "Mei 2024", "120"],
            ],
            lang=lang,
        )
        error = _only_error(checked)
        assert (error.row, error.column) == (4, "Kode Desa")
        assert word in error.message
        assert list(checked.frame["periode"]) == ["2024-05", "2024-06"]


def test_the_same_row_key_twice_in_kegiatan_is_an_error(check):
    checked = check(
        "kegiatan",
        [
            KEGIATAN_HEADER,
            [DESA, "2024-05-27", "BKB", "10", "Reproduksi", ""],
            [DESA, "2024-05-27", "BKB", "12", "Ekonomi", ""],
            [DESA, "2024-05-27", "Bina Keluarga Balita", "14", "reproduksi", ""],
        ],
    )
    error = _only_error(checked)
    assert error.row == 4
    assert "2" in error.message and "jenis_kegiatan" in error.message
    assert len(checked.frame) == 2


def test_the_same_desa_twice_in_the_register_is_an_error(check):
    checked = check("kampung", [["Kode Desa", "Kelurahan"], [DESA, ""], ["", "Deringo"]], wilayah="36.72")
    error = _only_error(checked)
    assert error.row == 3


# --- warnings ----------------------------------------------------------------------------------------------


def test_participants_above_their_denominator_warn_but_keep_the_row(check):
    checked = check(
        "profil",
        [
            ["Kode Desa", "Periode", "Keluarga Balita", "Peserta BKB", "Remaja", "Peserta PIKR"],
            [DESA, "2024-05", "40", "55", "100", "20"],
        ],
    )
    assert checked.errors == []
    [warning] = checked.warnings
    assert (warning.row, warning.column, warning.value) == (2, "Peserta BKB", "55")
    assert "'Keluarga Balita' (40)" in warning.message
    assert len(checked.frame) == 1


def test_cpr_above_100_percent_warns(check):
    for lang, word in (("id", "CPR di atas 100 %"), ("en", "CPR is above 100%")):
        checked = check(
            "profil",
            [
                ["Kode Desa", "Periode", "PUS", "KB Suntik", "KB Pil", "KB IUD"],
                [DESA, "2024-05", "100", "60", "30", "20"],
                [DESA, "2024-06", "100", "60", "30", "10"],
            ],
            lang=lang,
        )
        assert checked.errors == []
        [warning] = checked.warnings
        assert (warning.row, warning.column, warning.value) == (2, "PUS", "100")
        assert word in warning.message and "110" in warning.message
        assert len(checked.frame) == 2


def test_cpr_warning_counts_the_methods_that_are_filled_in(check):
    checked = check(
        "profil",
        [["Kode Desa", "Periode", "PUS", "KB Suntik", "KB Pil", "KB IUD"], [DESA, "2024-05", "100", "60", "50", ""]],
    )
    [warning] = checked.warnings
    assert "110" in warning.message


# --- indikator ---------------------------------------------------------------------------------------------


def test_indikator_long_form(check):
    checked = check(
        "indikator",
        [
            ["Kode Wilayah", "Periode", "Indikator", "Nilai", "Satuan"],
            ["36.72", "2024", "Prevalensi stunting (%)", "21,5", "%"],
            ["36.72.01", "2024-05", "Jumlah PUS", "1.234", "jiwa"],
        ],
    )
    assert checked.errors == []
    records = checked.frame[["kode_wilayah", "periode", "indikator", "nilai"]].values.tolist()
    assert records == [
        ["36.72", "2024", "Prevalensi stunting (%)", 21.5],
        ["36.72.01", "2024-05", "Jumlah PUS", 1234.0],
    ]


def test_indikator_wide_form_becomes_one_row_per_cell(check):
    checked = check(
        "indikator",
        [
            ["Kode Wilayah", "Tahun", "Prevalensi stunting (%)", "Jumlah PUS"],
            ["36.72", "2024", "21,5", "50000"],
            ["36.04", "2024", "", "250000"],
        ],
    )
    assert checked.errors == []
    records = sorted(checked.frame[["kode_wilayah", "periode", "indikator", "nilai"]].values.tolist())
    assert records == [
        ["36.04", "2024", "Jumlah PUS", 250000.0],
        ["36.72", "2024", "Jumlah PUS", 50000.0],
        ["36.72", "2024", "Prevalensi stunting (%)", 21.5],
    ]


def test_indikator_wide_form_bad_cell_names_its_column_and_a_percent_above_100_warns(check):
    checked = check(
        "indikator",
        [["Kode Wilayah", "Tahun", "Prevalensi stunting (%)", "Jumlah PUS"], ["36.72", "2024", "121", "banyak"]],
    )
    error = _only_error(checked)
    assert (error.row, error.column, error.value) == (2, "Jumlah PUS", "banyak")
    [warning] = checked.warnings
    assert (warning.row, warning.column) == (2, "nilai")


def test_indikator_without_indicator_columns_is_refused(check):
    with pytest.raises(InputError):
        check("indikator", [["Kode Wilayah", "Periode"], ["36.72", "2024"]])


# --- kampung -----------------------------------------------------------------------------------------------


def test_kampung_formation_date_or_year_and_a_point_outside_indonesia(check):
    checked = check(
        "kampung",
        [
            ["Kode Desa", "Tanggal Pencanangan", "Lat", "Lon"],
            [DESA, "2017", "-6.0", "106.0"],
            ["36.72.04.1005", "15/03/2023", "106.0", "-6.0"],
            ["36.72.06.1004", "2030", "", ""],
        ],
    )
    assert [(e.row, e.column) for e in checked.errors] == [(4, "Tanggal Pencanangan")]
    frame = checked.frame
    assert list(frame["tahun_pencanangan"]) == [2017, 2023]
    assert list(frame["tanggal_pencanangan"]) == [None, dt.date(2023, 3, 15)]
    [warning] = checked.warnings
    assert warning.row == 3 and "lat" in warning.message


def test_kegiatan_warns_about_a_village_not_in_the_register(check):
    register = pd.DataFrame({"kode_desa": ["36.72.04.1005"], "nama_kampung": ["KKB Lumba-Lumba"]})
    checked = check(
        "kegiatan",
        [
            KEGIATAN_HEADER,
            [DESA, "2024-05-27", "BKB", "5", "", ""],
            ["36.72.04.1005", "2024-05-27", "BKB", "5", "", ""],
        ],
        register=register,
    )
    assert checked.errors == []
    assert [w.row for w in checked.warnings] == [2]
    assert "Dringo (36.72.08.1002)" in checked.warnings[0].message


def test_kegiatan_rows_found_by_kampung_name_inside_wilayah(check):
    register = pd.DataFrame({"kode_desa": ["36.72.04.1005", DESA], "nama_kampung": ["KKB Lumba-Lumba", "KKB Rampai"]})
    checked = check(
        "kegiatan",
        [
            ["Nama Kampung KB", "Bulan", "Kegiatan", "Frekuensi"],
            ["Rampai", "2024-05", "BKB", "2"],
            ["KKB Lumba Lumba", "2024-05", "BKR", "1"],
        ],
        register=register,
        wilayah="36.72",
    )
    assert checked.errors == []
    assert list(checked.frame["kode_desa"]) == [DESA, "36.72.04.1005"]
    assert list(checked.frame["jumlah"]) == [2, 1]


def test_a_cell_split_by_an_unquoted_separator_rejects_its_row(check):
    checked = check(
        "profil",
        [
            ["kode_desa", "periode", "sumber_dana"],
            [DESA, "2025-05", "APBD", " Dana Desa"],
            ["36.72.01.1001", "2025-05", "APBD, CSR"],
        ],
    )
    error = _only_error(checked)
    assert error.row == 2 and "terpecah" in error.message and "xlsx" in error.message
    assert _values(checked.frame["sumber_dana"]) == ["APBD;CSR"]
