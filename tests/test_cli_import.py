"""`python -m kkb_dashboard import` as a user runs it: the JSON contract, exit codes, and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kkb_dashboard.storage.store import Store

REPO = Path(__file__).resolve().parents[1]
REPORT_KEYS = {"kind", "rows_read", "rows_imported", "rows_rejected", "rows", "errors", "warnings"}
ROW_KEYS = {"row", "kode_desa", "match", "score"}
ISSUE_KEYS = {"row", "column", "value", "message"}

KAMPUNG = [["Kode Desa", "Nama Kampung KB"], ["36.72.01.1005", "KKB Teratai"], ["3672051004", "KKB Kosambi"]]

#: The 13 Kampung KB of Kota Cilegon in 2023 as the news reported them: kelurahan names only, as written there.
CILEGON_2023 = [
    ("KKB Teratai", "Kel. Karang Asem", "36.72.01.1005"),
    ("KKB Kosambi", "Panggung Rawi", "36.72.05.1004"),
    ("KKB Melati", "Rawa Arum", "36.72.06.1003"),
    ("KKB Wijaya Kusuma", "Taman Sari", "36.72.03.1001"),
    ("KKB Asafa", "Tegal Bunder", "36.72.07.1005"),
    ("KKB Raudhatunnisa", "Bagendung", "36.72.02.1001"),
    ("KKB Tulip", "Cikerai", "36.72.01.1004"),
    ("KKB Rampai", "Deringo", "36.72.08.1002"),
    ("KKB Lumba-Lumba", "Kepuh", "36.72.04.1005"),
    ("KKB Sakura", "Gerem", "36.72.06.1004"),
    ("KKB Kemangi", "Kota Bumi", "36.72.07.1002"),
    (None, "Banjar Negara", "36.72.04.1001"),
    (None, "Sukmajaya", "36.72.05.1001"),
]


def _no_nan(token: str):
    raise ValueError(f"{token} is not JSON")


def run_cli(*args: object) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh interpreter with this test's data folder; a traceback is always a failure."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "kkb_dashboard", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout
    return result


def run_json(*args: object) -> tuple[int, dict]:
    """Run `import … --json`; returns the exit code and the report, checked against the contract."""
    result = run_cli("import", *args, "--json")
    report = json.loads(result.stdout, parse_constant=_no_nan)  # NaN would not be JSON to other tools
    assert REPORT_KEYS <= report.keys()
    assert all(ROW_KEYS <= row.keys() for row in report["rows"])
    assert all(ISSUE_KEYS <= issue.keys() for issue in report["errors"] + report["warnings"])
    return result.returncode, report


def _counts(db: Path) -> dict[str, int]:
    with Store(db) as store:
        return store.row_counts()


def test_every_row_imported_exits_0(write_csv, db):
    code, report = run_json(write_csv("kampung.csv", KAMPUNG, sep=";"), "--kind", "kampung")
    assert code == 0
    assert (report["kind"], report["rows_read"], report["rows_imported"], report["rows_rejected"]) == (
        "kampung",
        2,
        2,
        0,
    )
    assert report["rows"] == [
        {"row": 2, "kode_desa": "36.72.01.1005", "match": "code", "score": 100.0},
        {"row": 3, "kode_desa": "36.72.05.1004", "match": "code", "score": 100.0},
    ]
    assert (report["errors"], report["warnings"]) == ([], [])
    assert _counts(db)["kampung"] == 2


def test_a_rejected_row_exits_1_and_stores_nothing(write_csv, db):
    assert run_json(write_csv("kampung.csv", KAMPUNG), "--kind", "kampung")[0] == 0
    before = _counts(db)
    lines = [
        ["Kode Desa", "Tanggal", "Jenis Kegiatan", "Peserta"],
        ["36.72.01.1005", "2024-05-27", "BKB", "20"],
        ["36.72.01.1005", "2024-05-28", "Senam", "-4"],
        ["36.72.01.10", "2024-05-29", "BKR", "5"],
    ]
    code, report = run_json(write_csv("kegiatan.csv", lines), "--kind", "kegiatan")
    assert code == 1
    assert (report["rows_read"], report["rows_imported"], report["rows_rejected"]) == (3, 0, 2)
    assert [(e["row"], e["column"], e["value"]) for e in report["errors"]] == [
        (4, "Kode Desa", "36.72.01.10"),
        (3, "Jenis Kegiatan", "Senam"),
        (3, "Peserta", "-4"),
    ]
    assert all(e["message"].startswith(f"Baris {e['row']}, kolom '{e['column']}'") for e in report["errors"])
    assert [(r["row"], r["kode_desa"], r["match"]) for r in report["rows"]] == [
        (2, "36.72.01.1005", "code"),
        (3, "36.72.01.1005", "code"),
        (4, None, "failed"),
    ]
    assert _counts(db) == before


def test_skip_invalid_stores_the_valid_rows_and_still_exits_1(write_csv, db):
    lines = [*KAMPUNG, ["36.72.99.1001", "KKB Salah"]]
    code, report = run_json(write_csv("kampung.csv", lines), "--kind", "kampung", "--skip-invalid")
    assert code == 1
    assert (report["rows_imported"], report["rows_rejected"]) == (2, 1)
    assert _counts(db)["kampung"] == 2


def test_sheet_and_db_options(write_xlsx, tmp_path, db):
    path = write_xlsx("data.xlsx", {"Petunjuk": [["Isi sheet berikutnya"]], "Kampung KB": KAMPUNG})
    other = tmp_path / "lain" / "kkb.duckdb"
    code, report = run_json(path, "--kind", "kampung", "--sheet", "Kampung KB", "--db", other)
    assert (code, report["rows_imported"]) == (0, 2)
    assert _counts(other)["kampung"] == 2
    assert not db.exists()

    code, report = run_json(path, "--kind", "kampung", "--sheet", "Rekap", "--db", other)
    assert code == 2
    assert "Petunjuk, Kampung KB" in report["errors"][0]["message"]


@pytest.mark.parametrize(
    ("name", "content", "kind", "words"),
    [
        ("kampung.csv", "Kode Desa\n36.72.01.1005\n", "desa", ["'desa'", "kampung, kegiatan, profil"]),
        ("hilang.csv", None, "kampung", ["hilang.csv"]),
        ("rusak.xlsx", b"PK\x03\x04 broken zip", "kampung", ["tidak dapat dibaca"]),
        ("lama.xls", b"\xd0\xcf\x11\xe0", "kampung", [".xlsx"]),
        ("catatan.csv", "apa saja;yang lain\n1;2\n", "kampung", ["judul kolom"]),
        ("kegiatan.csv", "Kode Desa;Tanggal\n36.72.01.1005;2024-05-27\n", "kegiatan", ["jenis_kegiatan", "poktan"]),
    ],
)
def test_unusable_input_exits_2_with_a_sentence(tmp_path, db, name, content, kind, words):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    code, report = run_json(path, "--kind", kind)
    assert code == 2
    message = report["errors"][0]["message"]
    for word in words:
        assert word in message
    assert not db.exists() or sum(_counts(db).values()) == 0


@pytest.mark.parametrize("name", ["hilang.csv", "rusak.xlsx"])
def test_unusable_input_without_json_prints_the_sentence_to_stderr(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".xlsx"):
        path.write_bytes(b"not a workbook")
    result = run_cli("import", path, "--kind", "kampung")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{name}: ")
    assert "tidak dapat dibaca" in result.stderr


def _cilegon_workbook(write_xlsx, extra: list | None = None) -> Path:
    rows = [
        ["DAFTAR KAMPUNG KB KOTA CILEGON TAHUN 2023"],
        ["Sumber: DP3AP2KB Kota Cilegon"],
        [],
        ["No.", "Nama Kampung KB", "Kelurahan"],
    ]
    rows += [[number, name, kelurahan] for number, (name, kelurahan, _) in enumerate(CILEGON_2023, start=1)]
    rows += extra or []
    return write_xlsx("Kampung KB Cilegon 2023.xlsx", {"2023": rows}, merge={"2023": ["A1:C1", "A2:C2"]})


def test_newcomer_imports_cilegon_by_kelurahan_names(write_xlsx, db):
    path = _cilegon_workbook(write_xlsx)
    code, report = run_json(path, "--kind", "kampung", "--wilayah", "36.72")
    assert code == 0, report["errors"]
    assert (report["rows_read"], report["rows_imported"]) == (13, 13)
    outcomes = [(r["row"], r["kode_desa"], r["match"]) for r in report["rows"]]
    expected = [
        (row, code, "approximate" if kelurahan == "Deringo" else "exact")
        for row, (_, kelurahan, code) in enumerate(CILEGON_2023, start=5)
    ]  # header on row 4
    assert outcomes == expected
    deringo = next(r for r in report["rows"] if r["match"] == "approximate")
    assert 85 <= deringo["score"] < 100
    with Store(db, read_only=True) as store:
        stored = store.con.execute("SELECT kode_desa, nama_kampung FROM kampung ORDER BY kode_desa").fetchall()
    assert stored == sorted((code, name) for name, _, code in CILEGON_2023)


def test_newcomer_sees_every_rows_outcome_without_json(write_xlsx, db):
    path = _cilegon_workbook(write_xlsx, extra=[[14, "KKB Anggrek", "Kelurahan Antah Berantah"]])
    result = run_cli("import", path, "--kind", "kampung", "--wilayah", "36.72")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for row, (_, kelurahan, code) in enumerate(CILEGON_2023, start=5):
        match = "approximate" if kelurahan == "Deringo" else "exact"
        assert any(line.split()[:3] == [str(row), code, match] for line in lines), (row, result.stdout)
    assert any(line.split()[:3] == ["18", "-", "failed"] for line in lines)
    assert "Baris 18, kolom 'Kelurahan'" in result.stderr and "Kota Cilegon (36.72)" in result.stderr
    assert "tidak ada yang disimpan" in result.stdout
    assert _counts(db)["kampung"] == 0


def test_messages_in_english(write_csv):
    lines = [["Kode Desa", "Nama Kampung KB"], ["36.72.01", "KKB Teratai"]]
    result = run_cli("--lang", "en", "import", write_csv("kampung.csv", lines), "--kind", "kampung", "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["errors"][0]["message"].startswith("Row 2, column 'Kode Desa': code 36.72.01 is a Kecamatan code")
