"""The demo dataset: deterministic, faithful to the published facts, consistent, and importable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from kkb_dashboard import config
from kkb_dashboard.rules import classification, regions, schema
from tools import demo

CILEGON_NAMES = {  # nama_kampung → the kelurahan as the code list spells it
    "KKB Teratai": "Karang Asem",
    "KKB Kosambi": "Panggung Rawi",
    "KKB Melati": "Rawa Arum",
    "KKB Wijaya Kusuma": "Tamansari",
    "KKB Asafa": "Tegal Bunder",
    "KKB Raudhatunnisa": "Bagendung",
    "KKB Tulip": "Cikerai",
    "KKB Rampai": "Dringo",
    "KKB Lumba-Lumba": "Kepuh",
    "KKB Sakura": "Gerem",
    "KKB Kemangi": "Kotabumi",
}
POKJA_2024 = (
    "Ciwedus",
    "Bendungan",
    "Bulakan",
    "Kalitimbang",
    "Kubangsari",
    "Banjar Negara",
    "Warnasari",
    "Citangkil",
    "Sukmajaya",
    "Kebon Dalem",
    "Kotasari",
    "Lebakgede",
)
REAL_NOTES = {
    demo.NOTE_CILEGON,
    demo.NOTE_POKJA,
    demo.NOTE_POKJA_MEETING,
    demo.NOTE_LAMPUNG,
    demo.NOTE_MAMPANG,
    demo.NOTE_REPORTED,
    "Berita 2023: target Provinsi Banten (dilaporkan)",
    "Berita 2023: target Kabupaten Serang (dilaporkan)",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> dict[str, Path]:
    return demo.generate(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def csv(out) -> dict[str, pd.DataFrame]:
    return {kind: pd.read_csv(path, dtype=str, keep_default_na=False) for kind, path in out.items()}


def _code(parent: str, name: str) -> str:
    found = regions.descendants(parent, 4)
    return found.loc[found["nama"] == name, "kode"].item()


def test_same_seed_same_bytes(out, tmp_path):
    again = demo.generate(tmp_path)
    assert {k: p.read_bytes() for k, p in again.items()} == {k: p.read_bytes() for k, p in out.items()}


def test_committed_files_match_the_generator(out):
    for kind, path in out.items():
        committed = config.demo_dir() / f"{kind}.csv"
        assert committed.read_bytes() == path.read_bytes(), f"{committed} drifted: run python -m tools.demo"


def test_small_files_with_canonical_headers(out):
    assert sum(p.stat().st_size for p in out.values()) < 4_000_000
    for kind, path in out.items():
        header = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert header.split(",") == [c.name for c in schema.KINDS[kind].columns]


def test_cilegon_2023_named_kampung(csv):
    kampung = csv["kampung"].set_index("kode_desa")
    for nama, desa in CILEGON_NAMES.items():
        row = kampung.loc[_code("36.72", desa)]
        assert (row["nama_kampung"], row["tanggal_pencanangan"], row["keterangan"]) == (nama, "2023", demo.NOTE_CILEGON)
    for desa in ("Banjar Negara", "Sukmajaya"):
        row = kampung.loc[_code("36.72", desa)]
        assert (row["nama_kampung"], row["tanggal_pencanangan"]) == ("", "2023")
    assert (kampung["keterangan"] == demo.NOTE_CILEGON).sum() == 13


def test_cilegon_pokja_meeting_2024(csv):
    codes = {_code("36.72", desa) for desa in POKJA_2024}
    meetings = csv["kegiatan"][csv["kegiatan"]["tanggal"] == "2024-05-27"]
    assert set(meetings["kode_desa"]) == codes and len(meetings) == 12
    assert set(meetings["jenis_kegiatan"]) == {"Pertemuan Pokja"}
    assert set(meetings["keterangan"]) == {demo.NOTE_POKJA_MEETING}
    kampung = csv["kampung"].set_index("kode_desa")
    added = kampung[kampung["keterangan"] == demo.NOTE_POKJA]
    assert set(added.index) == codes - {_code("36.72", "Banjar Negara"), _code("36.72", "Sukmajaya")}
    assert set(added["tanggal_pencanangan"]) == {"2024"}


def test_lampung_barat_all_136_by_one_sk(csv):
    rows = csv["kampung"][csv["kampung"]["kode_desa"].str.startswith("18.04.")]
    assert sorted(rows["kode_desa"]) == sorted(regions.descendants("18.04", 4)["kode"])
    assert len(rows) == 136 and set(rows["nomor_sk"]) == {"B/100/KPTS/III.06/2024"}
    assert set(rows["tanggal_pencanangan"]) == {"2024-05"} and set(rows["cakupan"]) == {"Desa"}


def test_mampang_depok(csv):
    rows = csv["kampung"][csv["kampung"]["kode_desa"].str.startswith("32.76.")]
    (code,) = rows["kode_desa"]
    assert regions.name_of(code) == "Mampang" and regions.name_of(code[:8]) == "Pancoran Mas"


def test_targets_and_figures_as_reported(csv):
    target = csv["target"].set_index(["kode_wilayah", "tahun"])
    columns = ["target_kampung", "target_mandiri_plus_persen", "target_mandiri_plus"]
    assert target.loc[("36", "2023"), columns].tolist() == ["1161", "40", "474"]
    assert target.loc[("36.04", "2023"), columns].tolist() == ["234", "40", "94"]
    reported = csv["indikator"][csv["indikator"]["keterangan"] == demo.NOTE_REPORTED]
    assert set(map(tuple, reported[["kode_wilayah", "periode", "indikator", "nilai"]].values.tolist())) == {
        ("36", "2023", "persen mandiri plus (dilaporkan)", "24.28"),
        ("36", "2023", "jumlah mandiri plus (dilaporkan)", "220"),
        ("36.04", "2023", "jumlah mandiri plus (dilaporkan)", "40"),
    }


def test_codes_exist_and_activities_belong_to_the_register(csv):
    known = set(regions.registry()["kode"])
    register = set(csv["kampung"]["kode_desa"])
    assert register <= known and len(register) == len(csv["kampung"])
    for kind in ("kegiatan", "profil", "klasifikasi"):
        assert set(csv[kind]["kode_desa"]) <= register, kind
    for kind in ("target", "indikator"):
        assert set(csv[kind]["kode_wilayah"]) <= known, kind
    serang = csv["kampung"][csv["kampung"]["kode_desa"].str.startswith("36.04.")]
    assert len(serang) == 234 and serang["tanggal_pencanangan"].str[:4].between("2017", "2023").all()


def test_every_row_is_real_or_says_sintetis(csv):
    for kind, frame in csv.items():
        notes = frame["keterangan"]
        assert (notes.str.startswith(demo.SINTETIS) | notes.isin(REAL_NOTES)).all(), kind
    assert (csv["profil"]["keterangan"] == demo.SINTETIS).all()
    assert (
        csv["kampung"]["keterangan"].str.startswith(demo.SINTETIS)
        == csv["kampung"]["kode_desa"].str.startswith("36.04.")
    ).all()


def test_activities_unique_canonical_and_after_formation(csv):
    kegiatan = csv["kegiatan"]
    assert not kegiatan.duplicated(["kode_desa", "periode", "jenis_kegiatan", "seksi"]).any()
    assert set(kegiatan["jenis_kegiatan"]) <= set(schema.ACTIVITY_TYPES)
    assert set(kegiatan["seksi"]) - {""} <= set(schema.FAMILY_FUNCTIONS)
    starts = {v.kode: v.start for v in demo.register()}
    synthetic = kegiatan[kegiatan["keterangan"] == demo.SINTETIS]
    assert (synthetic["periode"] >= synthetic["kode_desa"].map(starts)).all()
    recent = set(kegiatan.loc[kegiatan["periode"] >= "2024-10", "kode_desa"])
    silent = set(csv["kampung"]["kode_desa"]) - recent
    assert len(silent) >= 10  # "no report in 3 months" lists are not empty


@pytest.fixture(scope="module")
def imported(out) -> dict[str, pd.DataFrame]:
    """The demo as the importer parses it (a dry run: nothing stored); every row must be accepted."""
    from kkb_dashboard.storage.importer import DEMO_ORDER, import_file

    frames = {}
    for kind in DEMO_ORDER:
        report = import_file(out[kind], kind, dry_run=True, today=dt.date(2025, 1, 1))
        assert report.exit_code == 0 and not report.warnings, (kind, report.errors[:3], report.warnings[:3])
        frames[kind] = report.frame
    return frames


def _computed(imported, month: str) -> pd.DataFrame:
    return classification.classify_kampung(imported["kampung"], imported["profil"], month, imported["kegiatan"])


@pytest.mark.parametrize("month", ["2023-06", "2023-12", "2024-06", "2024-12"])
def test_computed_tiers_follow_the_plan(imported, month):
    computed = _computed(imported, month).set_index("kode_desa")["klasifikasi"]
    for v in demo.register():
        scores = demo.scores_as_of(v, month)
        planned = demo.tier_of(demo.pattern_of(scores)) if scores else "Dasar"
        assert computed[v.kode] == planned, (v.kode, month)


def _mandiri_plus(imported, month: str, region: str) -> tuple[int, int]:
    computed = _computed(imported, month)
    started = {v.kode for v in demo.register() if v.start <= month}
    mine = computed[computed["kode_desa"].str.startswith(region + ".") & computed["kode_desa"].isin(started)]
    return int(mine["klasifikasi"].isin(schema.MANDIRI_PLUS).sum()), len(mine)


def test_serang_mandiri_plus_mix(imported):
    assert _mandiri_plus(imported, "2023-12", "36.04") == (40, 234)  # the reported 40
    count, total = _mandiri_plus(imported, "2024-12", "36.04")
    assert 0.22 <= count / total <= 0.28


def test_reported_tiers_mostly_agree(imported):
    rate, disagreements = classification.compare_reported(_computed(imported, "2024-06"), imported["klasifikasi"])
    assert 2 <= len(disagreements) <= 3 and rate > 0.8
