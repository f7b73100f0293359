"""Fixtures that point a test at a PostgreSQL database of its own instead of a DuckDB file.

A test module imports these (they override the conftest fixtures of the same names) and then imports the test
functions of a DuckDB module, so the same functions run again on PostgreSQL. The server comes from
`KKB_TEST_DATABASE_URL` (`.ci/run` starts one on loopback); without it the module is skipped with that reason.
When it is set but the server cannot be reached, every test fails: CI must not skip silently.
"""

from __future__ import annotations

import os
import secrets
from urllib.parse import urlsplit, urlunsplit

import pytest

from kkb_dashboard.storage import importer, store

SERVER = os.environ.get("KKB_TEST_DATABASE_URL")
NEEDS_SERVER = pytest.mark.skipif(
    not SERVER, reason="PostgreSQL tests need KKB_TEST_DATABASE_URL=postgresql://… (.ci/run starts a local server)"
)


#: Test databases sort text the way many servers do (en-US: punctuation ignored), so a query that relies on
#: byte order, as DuckDB has it, fails here rather than on a deployment (PostgreSQL 15+ built with ICU).
_HOSTILE_COLLATION = "TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'"


class Database(str):
    """A `postgresql://` URL of a database made for one test; `exists()` as a database file's would."""

    def exists(self) -> bool:
        return store.exists(self)

    @property
    def name(self) -> str:
        return urlsplit(self).path.lstrip("/")


def _server_command(statement: str) -> None:
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as con:
        con.execute(statement)


def fresh_database(template: Database | None = None, name: str | None = None) -> Database:
    """A new database on the test server, empty or a copy of `template` (dropped with `drop`). A database of
    its own, not a schema: nothing a test does can be seen from another test's connection."""
    name = name or f"kkb_test_{secrets.token_hex(6)}"
    if template:
        _server_command(f'CREATE DATABASE "{name}" TEMPLATE "{template.name}"')
    else:
        _server_command(f'CREATE DATABASE "{name}" {_HOSTILE_COLLATION}')
    return Database(urlunsplit(urlsplit(SERVER)._replace(path=f"/{name}")))


def drop(database: Database) -> None:
    """Remove a test database, closing any connection a test left open."""
    _server_command(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


def clone(source: Database, target: Database) -> None:
    """Make `target` a copy of `source` (what `shutil.copyfile` of a DuckDB file does)."""
    drop(target)
    fresh_database(source, target.name)


@pytest.fixture(scope="session")
def server() -> str:
    """The server's URL, checked once: unreachable is an error, not a skip."""
    import psycopg

    try:
        with psycopg.connect(SERVER, connect_timeout=10) as con:
            con.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        pytest.fail(f"KKB_TEST_DATABASE_URL is set but the server cannot be reached: {exc}")
    return SERVER


@pytest.fixture
def pg_database(server) -> Database:
    """This test's own database, dropped afterwards."""
    database = fresh_database()
    yield database
    drop(database)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch, pg_database):
    """As conftest's, plus `KKB_DATABASE_URL`: every store opened without a path is this test's database."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("KKB_DATA_DIR", str(folder))
    monkeypatch.setenv("KKB_DB", str(folder / "kkb.duckdb"))
    monkeypatch.setenv("KKB_DATABASE_URL", pg_database)
    yield folder
    assert not (folder / "kkb.duckdb").exists(), "a store without a path fell back to DuckDB"


@pytest.fixture
def db(pg_database) -> Database:
    """The test's database (what `KKB_DATABASE_URL` points to)."""
    return pg_database


@pytest.fixture(scope="module")
def built_demo(server, tmp_path_factory) -> Database:
    """The demo dataset loaded once per module into its own database (its originals in a folder of its own)."""
    database = fresh_database()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KKB_DATA_DIR", str(tmp_path_factory.mktemp("demo")))
        reports = importer.load_demo(database)
    assert [r.exit_code for r in reports] == [0] * len(importer.DEMO_ORDER)
    yield database
    drop(database)


@pytest.fixture
def demo_db(built_demo, db) -> Database:
    """A copy of the demo as the test's database."""
    clone(built_demo, db)
    return db
