"""Targets stored before imports checked their ranges (inf, 1e308, -5 %) read as no target, never as a figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from kkb_dashboard.rules.filters import Filters
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import metrics

REPO = Path(__file__).resolve().parents[1]


def _store_target(db: Path, persen: float) -> None:
    """Write a target as an older version of the importer could have stored it (no range check)."""
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE target SET target_mandiri_plus_persen = ? WHERE kode_wilayah = '36.04'", [persen])


@pytest.mark.parametrize("persen", [float("inf"), 1e308, -5.0, 100.5])
def test_an_out_of_range_stored_target_reads_as_none(demo_db, persen):
    _store_target(demo_db, persen)
    with Store(demo_db, read_only=True) as store:
        assert metrics.target_of(store, "36.04", 2023)["target_mandiri_plus_persen"] is None
        kpis = metrics.kpis(store, Filters(wilayah="36.04", dari="2023-01", sampai="2023-12"))
    assert kpis["target_persen"] is None and kpis["selisih_persen"] is None


def test_a_stored_target_in_range_is_read(demo_db):
    _store_target(demo_db, 37.5)
    with Store(demo_db, read_only=True) as store:
        assert metrics.target_of(store, "36.04", 2023)["target_mandiri_plus_persen"] == 37.5


def _scenario(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "kkb_dashboard", "scenario", "--wilayah", "36.04", "--tahun", "2023", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=180)


def test_scenario_with_an_inf_target_in_the_store_falls_back_to_40_percent(demo_db):
    _store_target(demo_db, float("inf"))
    done = _scenario("--db", str(demo_db), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["target_percent"] == 40.0 and data["needed"] < data["kampung_kb"]


@pytest.mark.parametrize("value", ["inf", "1e308", "-5", "abc"])
def test_scenario_refuses_a_target_outside_0_to_100_on_the_command_line(demo_db, value):
    done = _scenario("--db", str(demo_db), "--target-persen", value, "--json")
    assert done.returncode == 2 and "0–100" in done.stderr and "Traceback" not in done.stderr


def test_a_new_target_import_is_read_not_the_one_read_before(demo_db, write_csv):
    # a region's target is read once per snapshot of the store: an import makes a new snapshot
    from kkb_dashboard.storage import importer

    with Store(demo_db, read_only=True) as store:
        assert metrics.target_of(store, "36.04", 2023)["target_mandiri_plus_persen"] == 40
    with Store(demo_db, read_only=True) as store:  # another page's Store of the same snapshot: no query
        store.sql = None
        assert metrics.target_of(store, "36.04", 2023)["target_mandiri_plus_persen"] == 40
    rows = [["kode_wilayah", "tahun", "target_kampung", "target_mandiri_plus_persen"], ["36.04", 2023, 234, 45]]
    assert importer.import_file(write_csv("target_baru.csv", rows), "target", db=demo_db).exit_code == 0
    with Store(demo_db, read_only=True) as store:
        assert metrics.target_of(store, "36.04", 2023)["target_mandiri_plus_persen"] == 45
        kpis = metrics.kpis(store, Filters(wilayah="36.04", dari="2023-01", sampai="2023-12"))
    assert kpis["target_persen"] == 45


def test_a_writer_reads_the_target_it_has_just_changed(demo_db):
    with Store(demo_db) as store:
        assert metrics.target_of(store, "36.04", 2023)["target_mandiri_plus_persen"] == 40
        store.execute("UPDATE target SET target_mandiri_plus_persen = 45 WHERE kode_wilayah = '36.04'")
        assert metrics.target_of(store, "36.04", 2023)["target_mandiri_plus_persen"] == 45
