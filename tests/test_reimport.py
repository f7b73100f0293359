"""A later import never loses what is stored: a column the file lacks keeps each row's stored value.

Officials often send a short register (codes and names only) after a full one; that must not blank the formation
dates, SK numbers and notes imported before. A column present with an empty cell is a deliberate blank. The same
holds on the bulk path (large tables, validated in DuckDB) and for every kind that replaces rows by key.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kkb_dashboard.storage import importer, readers
from kkb_dashboard.storage.store import Store

FULL = [
    ["kode_desa", "nama_kampung", "tanggal_pencanangan", "cakupan", "nomor_sk", "lat", "lon", "keterangan"],
    ["36.72.01.1005", "KKB Teratai", "2023-03-15", "Desa", "SK/1/2023", "-6.01", "106.02", "dari dinas"],
    ["36.72.05.1004", "KKB Kosambi", "2019", "RW", "SK/2/2019", "", "", "berita 2019"],
]
SHORT = [["kode_desa", "nama_kampung"], ["36.72.01.1005", "KKB Teratai Baru"], ["36.72.05.1004", "KKB Kosambi"]]


@pytest.fixture(params=["rows", "bulk"])
def path_kind(request, monkeypatch):
    """Both validation paths: row by row, and the DuckDB bulk path (forced by a threshold of one row)."""
    if request.param == "bulk":
        monkeypatch.setattr(readers, "LARGE_TABLE", 1)
    return request.param


def _stored(db, kind: str, order: str) -> list[dict]:
    with Store(db, read_only=True) as store:
        frame = store.sql(f"SELECT * FROM {kind} ORDER BY {order}").drop(columns="import_id")
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _import(path, kind: str, db) -> importer.ImportReport:
    report = importer.import_file(path, kind, db=db)
    assert report.exit_code == 0, report.as_json()
    return report


def test_a_short_register_keeps_the_fields_it_does_not_carry(write_csv, db, path_kind):
    _import(write_csv("lengkap.csv", FULL), "kampung", db)
    before = _stored(db, "kampung", "kode_desa")
    report = _import(write_csv("pendek.csv", SHORT), "kampung", db)
    assert report.rows_imported == 2
    after = _stored(db, "kampung", "kode_desa")
    assert after[0]["nama_kampung"] == "KKB Teratai Baru"
    assert after[0]["tanggal_pencanangan"] == pd.Timestamp(dt.date(2023, 3, 15))
    assert (after[0]["tahun_pencanangan"], after[0]["cakupan"], after[0]["nomor_sk"]) == (2023, "Desa", "SK/1/2023")
    assert (after[0]["lat"], after[0]["lon"], after[0]["keterangan"]) == (-6.01, 106.02, "dari dinas")
    # everything but the new name is as it was, on both rows
    assert [{**r, "nama_kampung": None} for r in after] == [{**r, "nama_kampung": None} for r in before]
    assert after[1] == before[1]


def test_an_empty_cell_in_a_present_column_is_a_deliberate_blank(write_csv, db, path_kind):
    _import(write_csv("lengkap.csv", FULL), "kampung", db)
    _import(
        write_csv("hapus_sk.csv", [["kode_desa", "nomor_sk"], ["36.72.01.1005", ""], ["36.72.05.1004", "SK/9/2024"]]),
        "kampung",
        db,
    )
    first, second = _stored(db, "kampung", "kode_desa")
    assert first["nomor_sk"] is None and first["nama_kampung"] == "KKB Teratai" and first["cakupan"] == "Desa"
    assert second["nomor_sk"] == "SK/9/2024" and second["keterangan"] == "berita 2019"


def test_a_new_row_gets_nothing_from_other_rows(write_csv, db, path_kind):
    _import(write_csv("lengkap.csv", FULL), "kampung", db)
    _import(write_csv("baru.csv", [["kode_desa", "nama_kampung"], ["36.72.06.1003", "KKB Melati"]]), "kampung", db)
    new = next(r for r in _stored(db, "kampung", "kode_desa") if r["kode_desa"] == "36.72.06.1003")
    assert new["nama_kampung"] == "KKB Melati"
    assert all(new[c] is None for c in ("tanggal_pencanangan", "cakupan", "nomor_sk", "lat", "keterangan"))


def test_targets_keep_the_percentage_when_only_counts_are_sent(write_csv, db, path_kind):
    _import(
        write_csv(
            "target.csv",
            [
                ["kode_wilayah", "tahun", "target_kampung", "target_mandiri_plus_persen", "keterangan"],
                ["36.04", "2024", "260", "40", "RPJMD"],
                ["36.72", "2024", "30", "35,5", "RPJMD"],
            ],
        ),
        "target",
        db,
    )
    _import(
        write_csv("jumlah.csv", [["kode_wilayah", "tahun", "target_kampung"], ["36.04", "2024", "270"]]), "target", db
    )
    rows = {r["kode_wilayah"]: r for r in _stored(db, "target", "kode_wilayah")}
    assert (rows["36.04"]["target_kampung"], rows["36.04"]["target_mandiri_plus_persen"]) == (270, 40.0)
    assert rows["36.04"]["keterangan"] == "RPJMD" and rows["36.72"]["target_mandiri_plus_persen"] == 35.5


def test_activities_keep_participants_and_partners_by_their_whole_key(write_csv, db, path_kind):
    header = ["kode_desa", "periode", "jenis_kegiatan", "jumlah", "peserta", "instansi"]
    _import(
        write_csv(
            "kegiatan.csv",
            [
                header,
                ["36.72.01.1005", "2024-05", "BKB", "2", "25", "Puskesmas"],
                ["36.72.01.1005", "2024-05", "BKR", "1", "9", ""],
            ],
        ),
        "kegiatan",
        db,
    )
    _import(
        write_csv(
            "jumlah.csv",
            [["kode_desa", "periode", "jenis_kegiatan", "jumlah"], ["36.72.01.1005", "2024-05", "BKB", "3"]],
        ),
        "kegiatan",
        db,
    )
    rows = {r["jenis_kegiatan"]: r for r in _stored(db, "kegiatan", "jenis_kegiatan")}
    assert (rows["BKB"]["jumlah"], rows["BKB"]["peserta"], rows["BKB"]["instansi"]) == (3, 25, "Puskesmas")
    assert (rows["BKR"]["jumlah"], rows["BKR"]["peserta"]) == (1, 9)


def test_the_bulk_insert_leaves_nothing_on_the_stores_connection(write_csv, tmp_path, monkeypatch):
    """The bulk path runs the validated rows' query on the store's own connection: the temporary tables and views
    it makes there (and the merged columns' frame of a re-import) are gone once the rows are stored."""
    from kkb_dashboard.storage.store import duckdb_backend

    monkeypatch.setattr(readers, "LARGE_TABLE", 1)
    original, left = duckdb_backend.DuckDBBackend.bulk_insert, []

    def inspected(self, store, kind, rows, log):
        made = original(self, store, kind, rows, log)
        assert any(part[0] == "table" for part in rows.parts)  # the query read tables of the validation
        left.append(
            self.con.sql(
                "SELECT table_name FROM duckdb_tables() WHERE temporary UNION ALL "
                "SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal"
            ).fetchall()
        )
        return made

    monkeypatch.setattr(duckdb_backend.DuckDBBackend, "bulk_insert", inspected)
    db = tmp_path / "kkb.duckdb"
    _import(write_csv("lengkap.csv", FULL), "kampung", db)
    _import(write_csv("pendek.csv", SHORT), "kampung", db)  # a re-import: staged, merged, delete-then-insert
    assert left == [[], []]
    assert _stored(db, "kampung", "kode_desa")[0]["nama_kampung"]  # the rows are there


def test_both_paths_store_the_same_rows(write_csv, tmp_path, monkeypatch):
    stored = {}
    for name, threshold in (("rows", 10**9), ("bulk", 1)):
        monkeypatch.setattr(readers, "LARGE_TABLE", threshold)
        db = tmp_path / f"{name}.duckdb"
        _import(write_csv("lengkap.csv", FULL), "kampung", db)
        _import(write_csv("pendek.csv", SHORT), "kampung", db)
        stored[name] = _stored(db, "kampung", "kode_desa")
    assert stored["rows"] == stored["bulk"]
