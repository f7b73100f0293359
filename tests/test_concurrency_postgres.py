"""Imports and viewing at the same time on PostgreSQL: readers see the last committed import while another runs,
a second import waits for the writers' advisory lock (bounded, with a notice) or is refused with a sentence.

Needs `KKB_TEST_DATABASE_URL` (see `pgfixtures`); skipped with that reason without it."""
# ruff: noqa: F401, F811 — fixtures are imported to override conftest's, then named as parameters.

from __future__ import annotations

import threading

import pytest
from pgfixtures import NEEDS_SERVER, data_dir, db, pg_database, server

from kkb_dashboard.storage import concurrency
from kkb_dashboard.storage.importer import import_file
from kkb_dashboard.storage.store import WRITE_LOCK, Store

pytestmark = NEEDS_SERVER

KAMPUNG = [["Kode Desa", "Nama Kampung KB"], ["36.72.01.1005", "KKB Teratai"], ["36.72.05.1004", "KKB Kosambi"]]
MORE = [["Kode Desa", "Nama Kampung KB"], ["36.72.08.1002", "KKB Rampai"]]


def codes() -> list[str]:
    with Store(read_only=True) as store:
        return store.sql("SELECT kode_desa FROM kampung ORDER BY 1")["kode_desa"].tolist()


@pytest.fixture
def registered(write_csv, db):
    assert import_file(write_csv("kampung.csv", KAMPUNG), "kampung").exit_code == 0
    assert codes() == ["36.72.01.1005", "36.72.05.1004"]


@pytest.fixture
def other_writer(db):
    """Another replica in the middle of an import: a transaction holding the writers' lock, with a row written."""
    import psycopg

    con = psycopg.connect(db)
    con.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
    con.execute("DELETE FROM kampung WHERE kode_desa = '36.72.05.1004'")
    yield con
    con.rollback()
    con.close()


def test_readers_see_the_last_committed_import_while_another_runs(registered, other_writer):
    assert codes() == ["36.72.01.1005", "36.72.05.1004"]
    other_writer.commit()
    assert codes() == ["36.72.01.1005"]


def test_a_second_import_is_refused_after_waiting_and_stores_nothing(registered, other_writer, write_csv, monkeypatch):
    monkeypatch.setenv("KKB_WRITE_WAIT", "1")
    told = []
    with concurrency.waiting_notice(told.append):
        report = import_file(write_csv("more.csv", MORE), "kampung", lang="en")
    assert told == [1.0]
    assert report.exit_code == 2 and report.import_id is None
    assert report.unusable.startswith("Another import into postgresql://")
    assert "was still running after waiting 1 second: nothing was stored" in report.unusable
    other_writer.rollback()
    assert codes() == ["36.72.01.1005", "36.72.05.1004"]


def test_a_second_import_waits_its_turn_then_lands(registered, other_writer, write_csv):
    told, reports = threading.Event(), []

    def second() -> None:
        with concurrency.waiting_notice(lambda seconds: told.set()):
            reports.append(import_file(write_csv("more.csv", MORE), "kampung"))

    thread = threading.Thread(target=second)
    thread.start()
    assert told.wait(timeout=120)
    other_writer.commit()  # the first import ends: the second one goes on
    thread.join(timeout=300)
    assert [r.exit_code for r in reports] == [0]
    assert codes() == ["36.72.01.1005", "36.72.08.1002"]
