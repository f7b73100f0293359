"""The `tiers` and `scenario` commands: their JSON contracts and exit codes, end to end from files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kkb_dashboard.rules import tier_rule
from kkb_dashboard.storage import importer

REPO = Path(__file__).resolve().parents[1]
HEADER = (
    "kode_desa,periode,pokja_ada,pokja_anggota,pokja_terlatih,sumber_dana,program_aktif,plkb_pendamping,"
    "regulasi,penggunaan_data,mekanisme_operasional,instansi_mitra,pus,keluarga,remaja,keluarga_balita,"
    "keluarga_remaja,keluarga_lansia,peserta_bkb,peserta_bkr,peserta_bkl,peserta_uppka,peserta_pikr,kb_iud,"
    "kb_mow,kb_mop,kb_kondom,kb_implan,kb_suntik,kb_pil,tidak_kb_hamil,tidak_kb_ingin_anak_segera,"
    "tidak_kb_iat,tidak_kb_tial"
)
# tier-rule.md's worked example, written the way an official's export spells things.
WORKED = (
    "3672011005,Mei 2024,Ya,9,ya,APBD; Dana Desa; CSR,BKB;BKR;BKL;UPPKA;Sekretariat KKB,y,tidak,"
    "PK;Potensi Desa;Data sektoral,Rapat perencanaan;Rapat koordinasi;Sosialisasi;Monev;Penyusunan laporan,"
    "Dinkes;Puskesmas;Dukcapil;PUPR;Kemenag,400,400,150,120,80,50,30,12,20,15,30,20,10,0,70,30,80,20,5,5,14,20"
)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kkb_dashboard", *args], capture_output=True, text=True, cwd=REPO, timeout=180
    )


def test_tiers_classifies_the_worked_example_without_storing(tmp_path, db):
    path = tmp_path / "profil.csv"
    path.write_text(f"{HEADER}\n{WORKED}\n", encoding="utf-8")
    done = _run("tiers", str(path), "--json")
    assert done.returncode == 0, done.stderr
    [record] = json.loads(done.stdout)
    assert list(record) == ["kode_desa", "month", "scores", "indices", "tier"]  # English keys, like `scenario`
    assert record["kode_desa"] == "36.72.01.1005" and record["month"] == "2024-05"
    assert record["scores"] == {
        "pokja": 4,
        "sumber_dana": 3,
        "program": 3,
        "sarana": 2,
        "plkb_regulasi": 2,
        "penggunaan_data": 3,
        "mekanisme": 4,
        "mitra": 3,
        "poktan": 3,
        "cpr": 4,
        "mkjp": 4,
        "unmet_need": 3,
    }
    assert list(record["scores"]) == list(tier_rule.SCORE_NAMES)
    assert record["indices"] == {"input": 2.8, "proses": 3.33, "output": 3.5}
    assert record["tier"] == "Mandiri"
    assert not db.exists()


def test_tiers_rejected_rows_exit_1_with_row_errors(tmp_path):
    bad = WORKED.replace(",400,400,", ",-5,400,", 1)
    path = tmp_path / "profil.csv"
    path.write_text(f"{HEADER}\n{WORKED}\n{bad.replace('3672011005', '3672011001')}\n", encoding="utf-8")
    done = _run("tiers", str(path), "--json")
    assert done.returncode == 1
    assert len(json.loads(done.stdout)) == 1
    assert "Baris 3" in done.stderr and "pus" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02 not a table"])
def test_tiers_unusable_file_exit_2(tmp_path, content):
    path = tmp_path / "profil.csv"
    path.write_bytes(content)
    done = _run("tiers", str(path), "--json")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()


@pytest.fixture
def demo_db(tmp_path_factory, db) -> Path:
    built = tmp_path_factory.mktemp("demo") / "kkb.duckdb"
    importer.load_demo(built)
    shutil.copyfile(built, db)
    return db


def test_scenario_for_kab_serang_reaching_40_percent(demo_db):
    done = _run(
        "scenario", "--wilayah", "36.04", "--tahun", "2023", "--target-persen", "40", "--db", str(demo_db), "--json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    # 234 Kampung KB, 40 Mandiri plus (the published 2023 figure); 40 % of 234 is 93.6 → 94 needed → 54 more.
    assert (data["kampung_kb"], data["mandiri_plus"], data["needed"]) == (234, 40, 54)
    assert len(data["villages"]) == 54 and data["enough"]
    costs = [village["cost"] for village in data["villages"]]
    assert costs == sorted(costs)
    assert all(v["kode_desa"].startswith("36.04.") and v["change"] for v in data["villages"])
    assert {v["to_tier"] for v in data["villages"]} <= {"Mandiri", "Berkelanjutan"}


def test_scenario_uses_the_imported_target_when_none_is_given(demo_db):
    done = _run("scenario", "--wilayah", "36.04", "--tahun", "2023", "--db", str(demo_db), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["target_percent"] == 40.0
