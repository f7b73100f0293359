"""The national synthetic dataset (one small province) and the bulk import path for large files.

The generator must be deterministic, give every desa a Kampung KB with 24 months of profiles and about ten
activity types a month, and about a quarter Mandiri plus; its files import with zero errors. The bulk path
(tables of readers.LARGE_TABLE rows or more, validated in DuckDB) must keep the importer's contract: exact row
numbers and the same messages as the row-by-row path, all or nothing, --skip-invalid, idempotent re-import.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kkb_dashboard.rules import classification, regions, schema
from kkb_dashboard.storage import importer, readers
from kkb_dashboard.storage import store as store_module
from kkb_dashboard.storage.store import Store
from tools import national

PROVINCE = "31"  # DKI Jakarta: 267 kelurahan, small enough to generate and import in a few seconds


@pytest.fixture(scope="module")
def dki(tmp_path_factory):
    """The generated files of DKI Jakarta (seed 2025)."""
    return national.generate(tmp_path_factory.mktemp("dki"), provinces=[PROVINCE])


@pytest.fixture(scope="module")
def dki_store(dki, tmp_path_factory):
    """A store with the DKI files imported (kampung first: activities are checked against the register)."""
    db = tmp_path_factory.mktemp("store") / "kkb.duckdb"
    reports = {
        kind: importer.import_file(dki[kind], kind, db=db, synthetic=True)
        for kind in ("kampung", "target", "profil", "kegiatan")
    }
    return db, reports


def test_generator_is_deterministic(dki, tmp_path):
    again = national.generate(tmp_path, provinces=[PROVINCE])
    for kind, path in dki.items():
        pd.testing.assert_frame_equal(pd.read_parquet(path), pd.read_parquet(again[kind]))


def test_a_kampung_kb_in_every_desa_with_24_months(dki):
    kampung, profil = pd.read_parquet(dki["kampung"]), pd.read_parquet(dki["profil"])
    desa = set(regions.descendants(PROVINCE, 4)["kode"])
    assert set(kampung["kode_desa"].astype(str)) == desa and len(kampung) == len(desa)
    months = sorted(profil["periode"].astype(str).unique())
    assert months == national.months_ending("2024-12", 24) and months[0] == "2023-01"
    assert set(profil["kode_desa"].astype(str)) == desa
    # one profile per village and month, from the month after its formation
    assert not profil.duplicated(["kode_desa", "periode"]).any()
    assert len(profil) > 0.85 * len(desa) * 24
    for path in dki.values():
        assert set(pd.read_parquet(path)["keterangan"].astype(str)) == {"SINTETIS"}


def test_about_ten_activity_types_per_village_month(dki):
    kegiatan, profil = pd.read_parquet(dki["kegiatan"]), pd.read_parquet(dki["profil"])
    assert 9 <= len(kegiatan) / len(profil) <= 11.5
    assert set(kegiatan["jenis_kegiatan"].astype(str)) <= set(schema.ACTIVITY_TYPES)
    assert not kegiatan.duplicated(["kode_desa", "periode", "jenis_kegiatan", "seksi"]).any()


def test_targets_per_kab_kota(dki):
    target = pd.read_parquet(dki["target"])
    kab = regions.descendants(PROVINCE, 2)["kode"]
    assert set(target["kode_wilayah"]) == set(kab) and sorted(target["tahun"].unique()) == [2023, 2024]
    desa = regions.descendants(PROVINCE, 4)
    per_kab = desa["kode"].str[:5].value_counts()
    assert (target.set_index("kode_wilayah")["target_kampung"] == per_kab.reindex(target["kode_wilayah"]).values).all()


def test_files_import_with_zero_errors(dki_store):
    db, reports = dki_store
    for kind, report in reports.items():
        assert report.unusable is None and report.errors == [] and report.warnings == [], kind
        assert report.rows_rejected == 0 and report.rows_imported == report.rows_read > 0, kind
    assert reports["kegiatan"].rows_read >= readers.LARGE_TABLE  # so the bulk path imported it
    with Store(db, read_only=True) as store:
        counts = store.row_counts()
    assert {k: counts[k] for k in reports} == {k: r.rows_read for k, r in reports.items()}


def test_about_a_quarter_mandiri_plus(dki_store):
    db, _ = dki_store
    with Store(db, read_only=True) as store:
        kampung, profil = store.table("kampung"), store.table("profil")
    tiers_then = classification.classify_kampung(kampung, profil, "2024-12")
    share = tiers_then["klasifikasi"].isin(schema.MANDIRI_PLUS).mean()
    assert 0.15 <= share <= 0.35, share
    assert set(tiers_then["klasifikasi"]) == set(schema.TIERS)
    earlier = (
        classification.classify_kampung(kampung, profil, "2023-06")["klasifikasi"].isin(schema.MANDIRI_PLUS).mean()
    )
    assert earlier < share  # villages improve over the window


# --- the bulk path keeps the contract ------------------------------------------------------------------------


def _activities(n_codes: int, types: int) -> pd.DataFrame:
    """Banten desa × 24 months × `types` activity types: one valid row each."""
    codes = regions.descendants("36", 4)["kode"].to_numpy()[:n_codes]
    months = national.months_ending("2024-12", 24)
    jenis = list(schema.ACTIVITY_TYPES)[:types]
    grid = pd.MultiIndex.from_product([codes, months, jenis], names=["kode_desa", "periode", "jenis_kegiatan"])
    frame = grid.to_frame(index=False)
    frame["jumlah"] = np.arange(len(frame)) % 3 + 1
    frame["peserta"] = 20
    return frame


#: position → (column, bad value, message key); the Excel row number is position + 2
PLANTED = {
    1_000: ("kode_desa", "99.99.99.9999", "data.unknown_code"),
    30_000: ("kode_desa", "36.72", "data.wrong_level"),
    50_000: ("jenis_kegiatan", "Senam", "data.unknown_activity"),
    51_000: ("jenis_kegiatan", None, "data.required_empty"),
    120_000: ("jumlah", -3, "data.negative"),
    150_000: ("periode", "2024-13", "data.not_period"),
}


def _planted(frame: pd.DataFrame, scale: float = 1.0) -> tuple[pd.DataFrame, dict[int, str]]:
    """The frame with a bad cell at each PLANTED position (scaled) and a duplicate of row 10 at the end."""
    frame = frame.copy()
    expected = {}
    for position, (column, value, key) in PLANTED.items():
        at = int(position * scale)
        frame.loc[at, column] = value
        expected[at + 2] = key
    frame = pd.concat([frame, frame.iloc[[10]]], ignore_index=True)
    expected[len(frame) + 1] = "data.duplicate"
    return frame, expected


def test_large_file_reports_exact_rows_and_messages(tmp_path, db):
    frame, expected = _planted(_activities(1552, 6))  # 223,488 rows
    assert len(frame) > 200_000
    path = tmp_path / "kegiatan.parquet"
    frame.to_parquet(path, index=False)
    report = importer.import_file(path, "kegiatan", db=db, lang="en")
    assert report.rows_read == len(frame) and report.rows_rejected == len(expected)
    assert {e.row: e.key for e in report.errors} == expected
    duplicate = next(e for e in report.errors if e.key == "data.duplicate")
    assert duplicate.message.startswith(f"Row {len(frame) + 1}, column 'kode_desa': ") and "12" in duplicate.message
    negative = next(e for e in report.errors if e.key == "data.negative")
    assert (negative.row, negative.column, negative.value) == (120_002, "jumlah", "-3")
    assert [r["row"] for r in report.rows] == sorted(expected) and {r["status"] for r in report.rows} == {"rejected"}
    # all or nothing: nothing stored, then only the valid rows, then the same again (idempotent)
    assert report.import_id is None
    assert not store_module.exists(db)  # a rejected file stores nothing, not even an empty store
    for _ in range(2):
        report = importer.import_file(path, "kegiatan", db=db, skip_invalid=True)
        assert report.import_id is not None and report.rows_imported == len(frame) - len(expected)
        with Store(db, read_only=True) as store:
            assert store.row_counts()["kegiatan"] == report.rows_imported
            assert store.scalar("SELECT count(DISTINCT import_id) FROM kegiatan") == 1


def test_bulk_and_row_paths_give_the_same_issues(tmp_path, db, monkeypatch):
    frame, expected = _planted(_activities(600, 5), scale=0.4)  # 72,000 rows, bad cells at 40 % of the positions
    frame.loc[7, "kode_desa"] = "3601012001"  # a code without dots is fine on both paths
    path = tmp_path / "kegiatan.parquet"
    frame.to_parquet(path, index=False)
    bulk = importer.import_file(path, "kegiatan", db=db, dry_run=True)
    monkeypatch.setattr(readers, "LARGE_TABLE", 10**9)
    rows = importer.import_file(path, "kegiatan", db=db, dry_run=True)

    def issues(report):
        return sorted((e.row, e.column, str(e.value), e.message) for e in report.errors)

    assert issues(bulk) == issues(rows)
    assert bulk.rows_rejected == rows.rows_rejected == len(expected)
    valid = ["kode_desa", "periode", "jenis_kegiatan", "jumlah"]
    left = bulk.frame[valid].astype(str).sort_values(valid).reset_index(drop=True)
    right = rows.frame[valid].astype(str).sort_values(valid).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)
