"""Imports and viewing at the same time, on a DuckDB file: readers never see a lock error or half an import, writers
take turns, read-only commands never create a store, and a locked, busy, full or read-only store is a sentence."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from kkb_dashboard.storage import concurrency
from kkb_dashboard.storage import store as store_module
from kkb_dashboard.storage.importer import import_file
from kkb_dashboard.storage.store import Store, connections, duckdb_backend, postgres_backend

REPO = Path(__file__).resolve().parents[1]
KAMPUNG = [["Kode Desa", "Nama Kampung KB"], ["36.72.01.1005", "KKB Teratai"], ["36.72.05.1004", "KKB Kosambi"]]
MORE = [["Kode Desa", "Nama Kampung KB"], ["36.72.08.1002", "KKB Rampai"]]
EVEN_MORE = [["Kode Desa", "Nama Kampung KB"], ["36.72.06.1003", "KKB Melati"]]


def cli(*args: object, env: dict | None = None, **options) -> subprocess.Popen:
    """Start `python -m kkb_dashboard …` in another process (this test's data folder and store)."""
    return subprocess.Popen(
        [sys.executable, "-m", "kkb_dashboard", *map(str, args)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


def finished(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    assert "Traceback" not in err + out, err
    return process.returncode, out, err


class Writer:
    """Another process that opens the store for writing, deletes the targets and waits until told to close it."""

    SCRIPT = textwrap.dedent(
        """
        import sys
        from kkb_dashboard.storage.store import Store
        with Store(sys.argv[1]) as store:
            store.execute("DELETE FROM kampung WHERE kode_desa = '36.72.05.1004'")
            print("written", flush=True)
            sys.stdin.readline()
        print("closed", flush=True)
        """
    )

    def __init__(self, db: Path, script: str | None = None):
        self.process = subprocess.Popen(
            [sys.executable, "-c", script or self.SCRIPT, str(db)],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        assert line.strip() in ("written", "holding"), self.process.stderr.read()

    def close(self) -> None:
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        out, err = self.process.communicate(timeout=120)
        assert self.process.returncode == 0, err


def codes(db: Path) -> list[str]:
    with Store(db, read_only=True) as store:
        return store.sql("SELECT kode_desa FROM kampung ORDER BY 1")["kode_desa"].tolist()


@pytest.fixture
def registered(write_csv, db) -> Path:
    """A store holding two Kampung KB of Kota Cilegon."""
    assert import_file(write_csv("kampung.csv", KAMPUNG), "kampung").exit_code == 0
    assert codes(db) == ["36.72.01.1005", "36.72.05.1004"]
    return db


def test_a_reader_opens_while_another_process_writes_and_sees_the_last_version(registered):
    writer = Writer(registered)
    try:
        assert codes(registered) == ["36.72.01.1005", "36.72.05.1004"]  # not a lock error, not half a write
    finally:
        writer.close()
    assert codes(registered) == ["36.72.01.1005"]  # the write shows once it is closed


def test_a_cli_import_runs_while_this_process_reads(registered, write_csv):
    with Store(registered, read_only=True) as reading:
        before = reading.scalar("SELECT count(*) FROM kampung")
        code, _, err = finished(cli("import", write_csv("more.csv", MORE), "--kind", "kampung"))
        assert code == 0, err
        # the version this reader opened stays whole and the same while it reads
        assert reading.scalar("SELECT count(*) FROM kampung") == before == 2
    assert codes(registered) == ["36.72.01.1005", "36.72.05.1004", "36.72.08.1002"]


def test_a_reader_that_opened_the_old_version_keeps_reading_it(registered, write_csv):
    with Store(registered, read_only=True) as old:
        assert import_file(write_csv("more.csv", MORE), "kampung").exit_code == 0
        assert old.scalar("SELECT count(*) FROM kampung") == 2
        with Store(registered, read_only=True) as same_thread:  # a nested read in one thread: the same version
            assert same_thread.scalar("SELECT count(*) FROM kampung") == 2
    with Store(registered, read_only=True) as new:
        assert new.scalar("SELECT count(*) FROM kampung") == 3


def test_a_second_import_waits_its_turn_and_both_land(registered, write_csv):
    writer = Writer(registered)
    second = cli("import", write_csv("more.csv", MORE), "--kind", "kampung", "--json")
    try:
        line = second.stderr.readline()  # printed as soon as it starts waiting
        assert "menunggu giliran" in line
    finally:
        writer.close()
    code, out, err = finished(second)
    assert code == 0, err
    assert '"rows_imported": 1' in out
    assert codes(registered) == ["36.72.01.1005", "36.72.08.1002"]  # the first one's delete and the second's row


def test_two_cli_imports_at_once_both_land(registered, write_csv):
    first = cli("import", write_csv("more.csv", MORE), "--kind", "kampung")
    second = cli("import", write_csv("even_more.csv", EVEN_MORE), "--kind", "kampung")
    assert finished(first)[0] == 0
    assert finished(second)[0] == 0
    assert codes(registered) == ["36.72.01.1005", "36.72.05.1004", "36.72.06.1003", "36.72.08.1002"]
    with Store(registered, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM import_log") == 3


def test_an_import_that_waited_too_long_is_refused_and_stores_nothing(registered, write_csv):
    writer = Writer(registered)
    try:
        code, out, err = finished(
            cli("--lang", "en", "import", write_csv("more.csv", MORE), "--kind", "kampung", env={"KKB_WRITE_WAIT": "1"})
        )
    finally:
        writer.close()
    assert code == 2
    assert "Another import is running; this one waits its turn (at most 1 second)" in err
    assert f"Another import into {registered} was still running after waiting 1 second: nothing was stored" in err
    assert "36.72.08.1002" not in codes(registered)


@pytest.mark.parametrize(
    "command", [["summary", "--wilayah", "36.72"], ["scenario", "--wilayah", "36.72", "--tahun", "2024"]]
)
def test_a_read_only_command_on_a_missing_store_exits_2_and_creates_nothing(tmp_path, command):
    missing = tmp_path / "salah ketik" / "kkb.duckdb"
    code, out, err = finished(cli(*command, "--db", missing, "--json"))
    assert code == 2
    assert f"Basis data tidak ditemukan: {missing}" in err
    assert f"Basis data tidak ditemukan: {missing}" in json.loads(out)["errors"][0]["message"]  # --json: still JSON
    assert not missing.parent.exists()


def test_summary_reads_while_another_process_writes(registered):
    writer = Writer(registered)
    try:
        code, out, err = finished(cli("summary", "--wilayah", "36.72", "--json"))
    finally:
        writer.close()
    assert code == 0, err
    assert '"kampung_kb": 2' in out


def test_a_program_holding_the_file_for_writing_is_named_not_a_traceback(registered):
    hold = "import duckdb, sys\ncon = duckdb.connect(sys.argv[1])\nprint('holding', flush=True)\nsys.stdin.readline()\n"
    connections.READERS.close_all()  # this process's idle reader would keep that program out
    writer = Writer(registered, hold)
    try:
        code, _, err = finished(cli("--lang", "en", "summary", "--wilayah", "36.72", env={"KKB_READ_WAIT": "0.5"}))
    finally:
        writer.close()
    assert code == 2
    assert f"The database {registered} is held open for writing by another program" in err
    assert "Could not set lock" not in err and "PID" not in err


def test_a_killed_writer_leaves_the_store_whole_and_the_next_import_cleans_up(registered, write_csv):
    writer = Writer(registered)
    writer.process.kill()
    writer.process.wait(timeout=60)
    assert list(registered.parent.glob("kkb.duckdb.writing-*"))  # what it was writing
    assert codes(registered) == ["36.72.01.1005", "36.72.05.1004"]
    assert import_file(write_csv("more.csv", MORE), "kampung").exit_code == 0
    assert codes(registered) == ["36.72.01.1005", "36.72.05.1004", "36.72.08.1002"]
    assert not list(registered.parent.glob("kkb.duckdb.writing-*"))


def _table_hash(db: Path) -> list:
    with Store(db, read_only=True) as store:
        return [store.sql(f"SELECT * FROM {t} ORDER BY ALL").to_csv() for t in store_module.TABLES]


def test_a_full_disk_while_copying_names_the_cause_and_changes_nothing(registered, write_csv, monkeypatch):
    before = _table_hash(registered)

    def full(source, target):
        Path(target).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(concurrency, "_copy", full)
    report = import_file(write_csv("more.csv", MORE), "kampung", lang="en")
    assert report.exit_code == 2 and report.import_id is None
    assert report.unusable.startswith(f"The disk is full while writing {registered}: nothing was stored")
    assert "No space left on device" in report.unusable
    assert _table_hash(registered) == before
    assert not list(registered.parent.glob("kkb.duckdb.writing-*"))


class _FullDisk:
    """A DuckDB connection that fails as a full disk does: the insert with "No space left on device", then the
    rollback with "cannot rollback" (what DuckDB really reported)."""

    def __init__(self, connection):
        self._connection = connection

    def execute(self, query: str, *args):
        if query.startswith("INSERT INTO kampung"):
            raise duckdb.IOException('Could not write file "kkb.duckdb.writing": No space left on device')
        if query.startswith("ROLLBACK"):
            raise duckdb.TransactionException("TransactionContext Error: cannot rollback")
        return self._connection.execute(query, *args)

    def __getattr__(self, name):
        return getattr(self._connection, name)


def test_a_full_disk_while_writing_is_named_not_the_failed_rollback(registered, write_csv):
    before = _table_hash(registered)
    connect = duckdb.connect
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(duckdb_backend.duckdb, "connect", lambda *a, **k: _FullDisk(connect(*a, **k)))
        report = import_file(write_csv("more.csv", MORE), "kampung")
    assert report.exit_code == 2
    assert report.unusable.startswith(f"Disk penuh saat menulis {registered}: tidak ada yang disimpan")
    assert "No space left on device" in report.unusable and "rollback" not in report.unusable
    assert _table_hash(registered) == before


def _namespace() -> list[str]:
    """A private mount namespace where this test may mount a small tmpfs (skipped where that is not allowed)."""
    command = ["unshare", "--user", "--map-root-user", "--mount"]
    if not shutil.which("unshare") or subprocess.run([*command, "true"], capture_output=True).returncode:
        pytest.skip("no user namespaces here: a small tmpfs cannot be mounted")
    return command


def test_a_really_full_disk_is_named_and_the_store_is_unchanged(tmp_path, write_csv):
    """A 5 MB tmpfs holding a store: an import that does not fit fails with the cause, and the store reads as before."""
    from activity_data import write_activities

    disk = tmp_path / "disk"
    disk.mkdir()
    activities = write_activities(tmp_path / "kegiatan.csv", "2025-01", 20000)
    register = write_csv("kampung.csv", [["kode_desa", "nama_kampung"], *[[c, "KKB"] for c in _demo_codes()]])
    script = textwrap.dedent(
        f"""
        set -e
        mount -t tmpfs -o size=5m tmpfs {disk}
        export KKB_DATA_DIR={disk} PYTHONPATH={REPO}
        {sys.executable} -m kkb_dashboard import {register} --kind kampung --db {disk}/kkb.duckdb > /dev/null
        {sys.executable} -m kkb_dashboard summary --db {disk}/kkb.duckdb --json > {tmp_path}/before.json
        set +e
        {sys.executable} -m kkb_dashboard --lang en import {activities} --kind kegiatan --db {disk}/kkb.duckdb
        echo "exit $?"
        {sys.executable} -m kkb_dashboard summary --db {disk}/kkb.duckdb --json > {tmp_path}/after.json
        """
    )
    done = subprocess.run([*_namespace(), "sh", "-c", script], capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert "exit 2" in done.stdout, done.stdout + done.stderr
    assert "The disk is full while writing" in done.stdout + done.stderr
    assert "No space left on device" in done.stdout + done.stderr
    assert "cannot rollback" not in done.stdout + done.stderr
    assert (tmp_path / "after.json").read_text() == (tmp_path / "before.json").read_text()


def _demo_codes() -> list[str]:
    from activity_data import demo_villages

    return demo_villages()


def test_a_read_only_folder_refuses_imports_and_still_answers_summary(tmp_path, write_csv):
    disk = tmp_path / "disk"
    disk.mkdir()
    register = write_csv("kampung.csv", KAMPUNG)
    script = textwrap.dedent(
        f"""
        set -e
        mount -t tmpfs -o size=8m tmpfs {disk}
        export KKB_DATA_DIR={disk} PYTHONPATH={REPO}
        {sys.executable} -m kkb_dashboard import {register} --kind kampung --db {disk}/kkb.duckdb > /dev/null
        mount -o remount,ro {disk}
        set +e
        {sys.executable} -m kkb_dashboard --lang en import {register} --kind kampung --db {disk}/kkb.duckdb
        echo "import exit $?"
        {sys.executable} -m kkb_dashboard summary --wilayah 36.72 --db {disk}/kkb.duckdb --json
        echo "summary exit $?"
        """
    )
    done = subprocess.run([*_namespace(), "sh", "-c", script], capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert "import exit 2" in output and "summary exit 0" in output, output
    assert f"Cannot write {disk}/kkb.duckdb (a read-only folder or file, or no write permission)" in output
    assert '"kampung_kb": 2' in done.stdout


def test_a_database_is_named_without_its_password():
    named = postgres_backend.safe_url("postgresql://kkb:secret@db.internal:5432/kkb?sslmode=require")
    assert named == "postgresql://kkb@db.internal:5432/kkb"
