"""The store and the importer: all or nothing, re-imports change nothing, later files replace values."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import pytest

from kkb_dashboard.storage.importer import import_file
from kkb_dashboard.storage.store import Store, connections, duckdb_backend

TODAY = dt.date(2025, 6, 30)
TABLES = ("kampung", "kegiatan", "profil", "klasifikasi", "target", "indikator", "import_log")

KAMPUNG = [
    ["Kode Desa", "Nama Kampung KB", "Tahun Pencanangan"],
    ["36.72.01.1005", "KKB Teratai", "2017"],
    ["36.72.05.1004", "KKB Kosambi", "2018"],
    ["36.72.08.1002", "KKB Rampai", "2019"],
]
KEGIATAN = [
    ["Kode Desa", "Tanggal", "Jenis Kegiatan", "Jumlah", "Peserta", "Seksi"],
    ["36.72.01.1005", "27/05/2024", "BKB", "2", "25", ""],
    ["36.72.08.1002", "28/05/2024", "PIK R", "", "12", ""],
]
PROFIL = [
    ["Kode Desa", "Periode", "PUS", "Pokja Ada", "Sumber Dana"],
    ["36.72.01.1005", "2024-05", "100", "ya", "APBD"],
]
TARGET = [["Kode Wilayah", "Tahun", "Target Kampung KB"], ["36", "2023", "1.161"]]


@pytest.fixture
def load(write_csv):
    """Import `lines` as a `;`-separated CSV of `kind`; returns the report."""

    def run(kind: str, lines: list[list[object]], name: str | None = None, **options):
        path = write_csv(name or f"{kind}.csv", lines, sep=";")
        return import_file(path, kind, today=TODAY, **options)

    return run


@pytest.fixture
def stored(load) -> dict[str, int]:
    """A store that already holds a register, activities, a profile and a target; returns its row counts."""
    for kind, lines in (("kampung", KAMPUNG), ("kegiatan", KEGIATAN), ("profil", PROFIL), ("target", TARGET)):
        assert load(kind, lines).exit_code == 0
    with Store() as store:
        counts = store.row_counts()
    assert counts == {
        "kampung": 3,
        "kegiatan": 2,
        "profil": 1,
        "klasifikasi": 0,
        "target": 1,
        "indikator": 0,
        "import_log": 4,
    }
    return counts


def _counts() -> dict[str, int]:
    with Store() as store:
        return store.row_counts()


def _table(kind: str, *columns: str, order: str = "kode_desa") -> list[tuple]:
    with Store(read_only=True) as store:
        return [tuple(r) for r in store.sql(f"SELECT {', '.join(columns)} FROM {kind} ORDER BY {order}").values]


def test_a_new_store_has_every_table_empty(db):
    with Store() as store:
        assert store.row_counts() == dict.fromkeys(TABLES, 0)
    assert db.exists()


def test_stored_values_are_typed(stored):
    assert _table("kampung", "kode_desa", "nama_kampung", "tahun_pencanangan") == [
        ("36.72.01.1005", "KKB Teratai", 2017),
        ("36.72.05.1004", "KKB Kosambi", 2018),
        ("36.72.08.1002", "KKB Rampai", 2019),
    ]
    rows = _table("kegiatan", "kode_desa", "tanggal", "periode", "jenis_kegiatan", "jumlah", "peserta")
    assert [(r[0], r[1].date(), *r[2:]) for r in rows] == [
        ("36.72.01.1005", dt.date(2024, 5, 27), "2024-05", "BKB", 2, 25),
        ("36.72.08.1002", dt.date(2024, 5, 28), "2024-05", "PIK-R", 1, 12),
    ]
    assert _table("profil", "pus", "pokja_ada", "sumber_dana") == [(100, True, "APBD")]
    assert _table("target", "kode_wilayah", "tahun", "target_kampung", order="kode_wilayah") == [("36", 2023, 1161)]


def test_one_bad_row_stores_nothing_in_any_table(load, stored, data_dir):
    uploads = sorted((data_dir / "uploads").iterdir())
    lines = [
        *KEGIATAN,
        ["36.72.05.1004", "29/05/2024", "BKR", "1", "10", ""],
        ["36.72.05.1004", "30/05/2024", "Senam", "1", "10", ""],
    ]
    report = load("kegiatan", lines, name="kegiatan_juni.csv")
    assert (report.rows_read, report.rows_rejected, report.import_id, report.exit_code) == (4, 1, None, 1)
    assert _counts() == stored
    assert sorted((data_dir / "uploads").iterdir()) == uploads  # a refused file is not kept either


class _FailingConnection:
    """A DuckDB connection whose statements starting with `prefix` fail, as a full disk would."""

    def __init__(self, connection, prefix: str):
        self._connection, self._prefix = connection, prefix

    def execute(self, query: str, *args):
        if query.lstrip().startswith(self._prefix):
            raise duckdb.IOException(f"simulated failure in: {query[:40]}")
        return self._connection.execute(query, *args)

    def __getattr__(self, name):
        return getattr(self._connection, name)


@pytest.mark.parametrize("prefix", ["DELETE FROM kampung", "INSERT INTO kampung", "INSERT INTO import_log"])
def test_a_failure_inside_the_transaction_changes_nothing(load, stored, prefix):
    connect = duckdb.connect
    renamed = [KAMPUNG[0], ["36.72.01.1005", "KKB Teratai Baru", "2017"], ["36.72.06.1004", "KKB Sakura", "2020"]]
    # Its own MonkeyPatch: undoing the test's one would also undo the isolated KKB_DB.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(duckdb_backend.duckdb, "connect", lambda *a, **k: _FailingConnection(connect(*a, **k), prefix))
        with pytest.raises(duckdb.IOException):
            load("kampung", renamed, name="kampung_baru.csv")
    assert _counts() == stored
    assert _table("kampung", "nama_kampung") == [("KKB Teratai",), ("KKB Kosambi",), ("KKB Rampai",)]


def test_skip_invalid_stores_exactly_the_valid_rows(load, db):
    lines = [
        ["Kode Desa", "Kelurahan", "Nama Kampung KB"],
        ["36.72.01.1005", "", "KKB Teratai"],
        ["36.72.09.1001", "", "KKB Kode Salah"],
        ["", "Deringo", "KKB Rampai"],
        ["", "Antah", "KKB Entah"],
    ]
    report = load("kampung", lines, wilayah="36.72", skip_invalid=True)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 2, 2)
    assert report.exit_code == 1
    assert [e.row for e in report.errors] == [3, 5]
    assert _table("kampung", "kode_desa", "nama_kampung") == [
        ("36.72.01.1005", "KKB Teratai"),
        ("36.72.08.1002", "KKB Rampai"),
    ]
    [log] = Store(db, read_only=True).import_log().to_dict("records")
    assert (log["rows_read"], log["rows_imported"], log["rows_rejected"], log["skip_invalid"]) == (4, 2, 2, True)


def test_importing_the_same_file_twice_changes_nothing_and_keeps_the_original_once(load, write_csv, db, data_dir):
    for kind, lines in (("kampung", KAMPUNG), ("kegiatan", KEGIATAN), ("profil", PROFIL)):
        load(kind, lines)
    first = _counts()
    for kind, lines in (("kampung", KAMPUNG), ("kegiatan", KEGIATAN), ("profil", PROFIL)):
        assert load(kind, lines).exit_code == 0
    second = _counts()
    assert {k: v for k, v in second.items() if k != "import_log"} == {
        k: v for k, v in first.items() if k != "import_log"
    }
    assert (first["import_log"], second["import_log"]) == (3, 6)

    original = write_csv("kampung.csv", KAMPUNG, sep=";")
    sha256 = hashlib.sha256(original.read_bytes()).hexdigest()
    kept = data_dir / "uploads" / f"{sha256}.csv"
    assert kept.read_bytes() == original.read_bytes()
    assert len(list((data_dir / "uploads").iterdir())) == 3

    with Store(db, read_only=True) as store:
        log = store.sql(
            "SELECT file, kind, sha256, stored_path, rows_read, rows_imported, rows_rejected "
            "FROM import_log WHERE kind = 'kampung' ORDER BY import_id"
        ).values.tolist()
    assert log == [["kampung.csv", "kampung", sha256, str(kept), 3, 3, 0]] * 2


def test_a_later_file_with_the_same_keys_replaces_values(load, stored):
    load(
        "profil",
        [
            PROFIL[0],
            ["36.72.01.1005", "Mei 2024", "120", "tidak", "Dana Desa"],
            ["36.72.01.1005", "2024-06", "121", "ya", "APBD"],
        ],
        name="profil_revisi.csv",
    )
    assert _table("profil", "periode", "pus", "pokja_ada", "sumber_dana", order="periode") == [
        ("2024-05", 120, False, "Dana Desa"),
        ("2024-06", 121, True, "APBD"),
    ]
    load("kampung", [KAMPUNG[0], ["3672011005", "KKB Teratai Indah", "2017"]], name="kampung_revisi.csv")
    assert _table("kampung", "kode_desa", "nama_kampung")[0] == ("36.72.01.1005", "KKB Teratai Indah")
    assert _counts() == {**stored, "profil": 2, "import_log": 6}


def test_a_preview_stores_nothing_and_creates_no_database(load, db):
    report = load("kampung", KAMPUNG, dry_run=True)
    assert (report.rows_read, report.rows_imported, report.import_id) == (3, 3, None)
    assert list(report.frame["kode_desa"]) == ["36.72.01.1005", "36.72.05.1004", "36.72.08.1002"]
    assert not db.exists()


def test_an_excel_original_is_kept_with_its_suffix(write_xlsx, data_dir):
    path = write_xlsx("Register KKB.xlsx", {"Data": KAMPUNG})
    report = import_file(path, "kampung", today=TODAY)
    assert report.exit_code == 0
    assert (data_dir / "uploads" / f"{report.sha256}.xlsx").read_bytes() == path.read_bytes()
    with Store(read_only=True) as store:
        [log] = store.import_log().to_dict("records")
    assert (log["file"], log["sheet"]) == ("Register KKB.xlsx", "Data")


def test_read_only_stores_share_one_connection_and_see_the_next_import(load, stored, db):
    with Store(db, read_only=True) as first, Store(db, read_only=True) as second:
        assert first.scalar("SELECT count(*) FROM kampung") == second.scalar("SELECT count(*) FROM kampung") == 3
    extra = [*KAMPUNG, ["36.72.02.1001", "KKB Baru", "2020"]]
    assert load("kampung", extra, name="kampung2.csv").exit_code == 0  # writes while the shared reader is open
    with Store(db, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM kampung") == 4


def test_an_idle_shared_reader_lets_another_process_import(load, stored, db, monkeypatch):
    import subprocess
    import sys
    import time

    monkeypatch.setattr(connections.ConnectionPool, "IDLE_S", 0.05)
    with Store(db, read_only=True) as store:
        store.scalar("SELECT count(*) FROM kampung")
    time.sleep(0.5)
    write = f"import duckdb; duckdb.connect({str(db)!r}).execute('DELETE FROM target').close()"
    done = subprocess.run([sys.executable, "-c", write], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with Store(db, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM target") == 0


def test_closing_every_shared_reader_frees_the_file_at_once(load, stored, db):
    """What the process does at exit: no connection is left to close, and no idle timer to fire, while it shuts down."""
    import subprocess
    import sys

    with Store(db, read_only=True) as store:
        store.scalar("SELECT count(*) FROM kampung")
    connections.READERS.close_all()
    assert not connections.READERS._open and not connections.READERS._timers
    write = f"import duckdb; duckdb.connect({str(db)!r}).execute('DELETE FROM target').close()"
    done = subprocess.run([sys.executable, "-c", write], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
