"""The store: every imported table and the import log, in an embedded DuckDB file or a PostgreSQL database.

DuckDB is the default (`data/kkb.duckdb`, one machine). `KKB_DATABASE_URL=postgresql://…` (or a `postgresql://`
URL passed as the path) makes it PostgreSQL, for several app replicas sharing one database. Queries are written
once, portable: `?` placeholders (translated for psycopg), no DuckDB-only functions; results come back as
the same DataFrames on both. What differs lives in one backend class each (`duckdb_backend`, `postgres_backend`).

Tables follow the file kinds in `schema` (codes only, no names: names come from the region registry).
Each import is one transaction: its rows replace stored rows with the same key (so importing a file twice
changes nothing), and the log row is written with them, or nothing is. A DuckDB file is written as a new version
swapped in whole, one writer at a time, so readers in any process never wait (see `concurrency`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import threading
from pathlib import Path

import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import concurrency

from ... import config
from . import duckdb_backend, postgres_backend
from .duckdb_backend import WRITE_MEMORY_LIMIT, DuckDBBackend
from .postgres_backend import WRITE_LOCK, PostgresBackend, pg_query, safe_url
from .sql_types import LOG_COLUMNS, TABLES, USER_COLUMNS, table_columns, typed

__all__ = [
    "LOG_COLUMNS",
    "TABLES",
    "USER_COLUMNS",
    "WRITE_LOCK",
    "WRITE_MEMORY_LIMIT",
    "Store",
    "discard",
    "exists",
    "import_running",
    "is_url",
    "locate",
    "pg_query",
    "replace",
    "scratch",
    "table_columns",
    "version",
    "write_lock",
]

log = logging.getLogger(__name__)
_CREATED_AS = re.compile(r'\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?("?[\w.]+"?)\s+AS\b', re.IGNORECASE)


# --- where the store is ---------------------------------------------------------------------------------------


def is_url(target: object) -> bool:
    """Whether `target` names a PostgreSQL database rather than a DuckDB file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def locate(db: str | os.PathLike | None = None) -> Path | str:
    """The store to open: an explicit `db` (a file path or a `postgresql://` URL), else `KKB_DATABASE_URL`,
    else the DuckDB file (`KKB_DB`, default `data/kkb.duckdb`)."""
    if db is not None and is_url(str(db)):
        return str(db)
    if db:
        return Path(db)
    return config.database_url() or config.db_path()


def exists(db: str | os.PathLike | None = None) -> bool:
    """Whether the store has been created (the file exists; the database holds the import log)."""
    target = locate(db)
    if not is_url(target):
        return target.exists()
    with postgres_backend.connect(target, read_only=True) as con:
        return con.execute("SELECT to_regclass('import_log') IS NOT NULL").fetchone()[0]


def version(db: str | os.PathLike | None = None) -> float:
    """Changes whenever an import lands (a cache key): the file's mtime, or the database's latest import time."""
    target = locate(db)
    if not is_url(target):
        return target.stat().st_mtime if target.exists() else 0.0
    with Store(target, read_only=True) as store:
        latest = store.scalar("SELECT max(waktu) FROM import_log")
    return pd.Timestamp(latest).timestamp() if latest is not None else 0.0


def import_running(db: str | os.PathLike | None = None) -> bool:
    """Whether an import is writing a new version of a DuckDB store right now (readers still see the last one).
    Always False on PostgreSQL, where an import's rows appear at its commit."""
    target = locate(db)
    return not is_url(target) and concurrency.writing(Path(target))


def _backend(target: Path | str):
    """The module of the backend that keeps `target`."""
    return postgres_backend if is_url(target) else duckdb_backend


def scratch(target: Path | str) -> Path | str:
    """An empty store beside `target` to build a replacement in: `<file>.new`, or a fresh schema in the same
    PostgreSQL database."""
    return _backend(target).scratch(target)


def replace(target: Path | str, fresh: Path | str) -> None:
    """Make `target` hold exactly what `fresh` holds, atomically (a rename, or one transaction that readers
    see all at once), then remove `fresh`. Tables derived at import (rollups) come along."""
    _backend(target).replace(target, fresh)


def discard(fresh: Path | str) -> None:
    """Remove a scratch store made by `scratch` (nothing happens when it is already gone)."""
    _backend(fresh).discard(fresh)


def write_lock(target: Path | str):
    """Hold the writers' lock of the store around the block: a DuckDB file's lock file (see `concurrency`); nothing
    on PostgreSQL, where every write transaction takes the advisory lock itself."""
    return _backend(target).write_lock(target)


# --- the store ------------------------------------------------------------------------------------------------


#: `Store.facts` of the latest read-only snapshots of the store, each shared by every Store reading it.
_SNAPSHOTS: dict[tuple, dict] = {}
_SNAPSHOTS_LOCK = threading.Lock()


class Store:
    """A connection to the dashboard's store; use as a context manager so it is closed promptly.

    `path` is a DuckDB file or a `postgresql://` URL (default: `locate()`); `.path` is the file (None on
    PostgreSQL, where `.url` is set). Read-only opens the file read-only (a missing file raises StoreUnavailable,
    nothing is created), or makes every PostgreSQL transaction read-only. The backend (`DuckDBBackend`,
    `PostgresBackend`) does what differs between the two; queries here are written once, for both.

    Writing a DuckDB file takes its write lock (another import is waited for, at most `config.write_wait_s()`) and
    writes a copy of it, which replaces the file when the store is closed (`concurrency.FileWriter`): readers in
    any process keep reading the version they opened until then. Leaving the `with` block on an error drops the
    copy, so nothing written in the block is kept."""

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False):
        target = locate(path)
        self.url: str | None = target if is_url(target) else None
        self.path: Path | None = None if self.url else target
        self.engine: DuckDBBackend | PostgresBackend = (
            PostgresBackend(self.url, read_only=read_only)
            if self.url
            else DuckDBBackend(self.path, read_only=read_only)
        )
        self.backend = self.engine.name
        #: What this store reads, while it cannot change (a shared read-only DuckDB file): a key for facts derived
        #: from the data, such as whether the rollups are fresh; None when another writer may change it meanwhile.
        self.snapshot: tuple | None = self.engine.snapshot
        if not read_only:
            self.ensure_schema()
            self._ensure_access()
            self._ensure_rollups()

    def facts(self, name: str) -> dict:
        """A dict (one per `name`) for facts derived from the data this store reads — whether the rollups are fresh,
        the months, a region's target: shared by every Store reading the same `snapshot` (a page's dozen cached
        calls each open one), else this store's own."""
        if self.snapshot is None:
            return self.__dict__.setdefault(name, {})
        with _SNAPSHOTS_LOCK:  # pages' helper threads open Stores too
            if self.snapshot not in _SNAPSHOTS:
                while len(_SNAPSHOTS) >= 8:
                    _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
                _SNAPSHOTS[self.snapshot] = {}
            return _SNAPSHOTS[self.snapshot].setdefault(name, {})

    @property
    def con(self):
        """The backend's connection (a DuckDB cursor or connection, or a psycopg connection)."""
        return self.engine.con

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if error is None:
            self.close()
            return
        writing = self.engine.writing
        self._abandon()
        explained = concurrency.explain(error, self.path) if writing else None
        if explained is not None and explained is not error:
            raise explained from error

    def beside(self) -> Store | None:
        """A second connection to what this DuckDB writer writes, for a thread that reads or writes beside this
        store (see `rollups.build`), sharing its cached facts; None on PostgreSQL or for a reader. Close it before
        this store."""
        engine = self.engine.beside()
        if engine is None:
            return None
        other = object.__new__(Store)
        other.__dict__.update(self.__dict__)
        other.engine, other.snapshot = engine, None
        return other

    def close(self) -> None:
        """Release the file or the database connection; a DuckDB writer's copy becomes the store (checkpointed,
        synced, renamed over the file)."""
        self.engine.close()

    def _abandon(self) -> None:
        """Close without keeping anything a DuckDB writer wrote (the store stays as it was)."""
        self.engine.abandon()

    def _execute(self, query: str, params: list | None = None):
        return self.engine.execute(query, params)

    def ensure_schema(self) -> None:
        """Create missing tables; existing data is never touched."""
        self.engine.ensure_schema(self)

    @property
    def name(self) -> str:
        """The store as a message names it: the file, or the database URL without its password."""
        return str(self.path) if self.path else safe_url(self.url)

    def _ensure_rollups(self) -> None:
        """The rollups are part of the schema: made in a new store, brought up to date in one an older version
        wrote (its first write upgrades it)."""
        from .. import rollups  # rollups builds on this module

        rollups.upgrade(self)

    def has_table(self, name: str) -> bool:
        """Whether the store has table `name` (a store made by an older version may lack one)."""
        query = (
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = current_schema()"
        )
        return bool(self.scalar(query, [name]))

    def _ensure_access(self) -> None:
        """The users table, and the import log's `imported_by` in a store made before there was login."""
        has_column = (
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'import_log' "
            "AND column_name = 'imported_by' AND table_schema = current_schema()"
        )
        if self.has_table("users") and self.scalar(has_column):
            return
        with self.transaction():
            self._create("users", USER_COLUMNS)
            if not self.scalar(has_column):
                self._execute("ALTER TABLE import_log ADD COLUMN imported_by VARCHAR")

    def _create(self, name: str, columns: dict[str, str]) -> None:
        self._execute(f"CREATE TABLE IF NOT EXISTS {name} ({self._definitions(columns)})")

    def _definitions(self, columns: dict[str, str]) -> str:
        return self.engine.definitions(columns)

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query (`?` placeholders) and return its rows."""
        return self.engine.frame(query, params)

    def table(self, kind: str) -> pd.DataFrame:
        """Every stored row of a kind (or `import_log`), typed as stored."""
        if kind not in TABLES:
            raise KeyError(kind)
        return self.sql(f"SELECT * FROM {kind}")

    def row_counts(self) -> dict[str, int]:
        """Rows per table, import log included."""
        return {name: self.scalar(f"SELECT count(*) FROM {name}") for name in TABLES}

    def scalar(self, query: str, params: list | None = None):
        """The first value of a query's first row (the result is fetched whole, as DuckDB 2 requires
        before the connection's next statement)."""
        rows = self._execute(query, params).fetchall()
        return rows[0][0] if rows else None

    def import_log(self) -> pd.DataFrame:
        """The import log, newest first."""
        return self.sql("SELECT * FROM import_log ORDER BY import_id DESC")

    def save_import(self, kind: str, rows: pd.DataFrame, log: dict) -> int:
        """Store `rows` of `kind` and the log entry in one transaction; returns the import id.

        Rows replace stored rows with the same key (schema.Kind.key); on any failure nothing is changed.
        """
        columns = table_columns(kind)
        staged = typed(rows, columns)
        key = schema.KINDS[kind].key
        try:
            with self.transaction():
                import_id = self.scalar("SELECT coalesce(max(import_id), 0) + 1 FROM import_log")
                staged["import_id"] = import_id
                self.engine.stage(self, staged, columns)
                self.delete_replaced(kind, "staged", self.engine.match([k for k in key if k in columns]))
                names = ", ".join(f'"{c}"' for c in columns)
                casts = ", ".join(f'CAST("{c}" AS {t})' for c, t in columns.items())
                self._execute(f"INSERT INTO {kind} ({names}) SELECT {casts} FROM staged")
                self._log(import_id, log)
        finally:
            self.engine.unstage()
        self.analyze(kind, "import_log")
        return import_id

    def delete_replaced(self, kind: str, staged: str, match: str) -> None:
        """Delete the stored rows of `kind` that rows of the table `staged` replace (`match`: same key). The staged
        rows' code range bounds the search: a monthly file of one kab/kota reads that kab/kota's stored rows,
        not the country's."""
        code = "kode_desa" if schema.KINDS[kind].by_desa else "kode_wilayah"
        bounds, params = "", []
        if code in schema.KINDS[kind].key:
            low, high = self.sql(f'SELECT min("{code}") AS low, max("{code}") AS high FROM {staged}').iloc[0]
            if pd.isna(low):
                return
            bounds, params = f't."{code}" >= ? AND t."{code}" <= ? AND ', [low, high]
        self._execute(f"DELETE FROM {kind} t WHERE {bounds}EXISTS (SELECT 1 FROM {staged} s WHERE {match})", params)

    def _log(self, import_id: int, log: dict) -> None:
        entry = {
            **{c: None for c in LOG_COLUMNS},
            **log,
            "import_id": import_id,
            "waktu": log.get("waktu") or dt.datetime.now(),
        }
        placeholders = ", ".join("?" for _ in LOG_COLUMNS)
        self._execute(f"INSERT INTO import_log VALUES ({placeholders})", [entry[c] for c in LOG_COLUMNS])

    def bulk_insert(self, kind: str, rows, log: dict) -> int:
        """`save_import` for millions of rows: `rows` (the validated `bulk.BulkRows`, or a pyarrow RecordBatchReader,
        with the kind's stored columns but `import_id`, typed as stored) go into the table; returns the import id.
        DuckDB runs the validated rows' query in the store's own engine, PostgreSQL streams their batches.

        Same contract: one transaction with the log row, rows replace stored rows with the same key. An empty
        table takes a plain insert; otherwise the rows are staged once in a temporary table for the
        delete-then-insert (PostgreSQL stages the batches with a CSV COPY)."""
        return self.engine.bulk_insert(self, kind, rows, log)

    @contextlib.contextmanager
    def transaction(self):
        """BEGIN … COMMIT around the block, ROLLBACK on any error. On PostgreSQL it first takes the write lock
        every writer takes, so replicas writing at once queue up (see `pg_write_lock`). A full disk, a read-only
        file or a busy lock is raised as StoreUnavailable, naming the cause (not the failed rollback after it)."""
        self._execute("BEGIN TRANSACTION")
        try:
            self.engine.begin(self)
            yield self
            self._execute("COMMIT")
        except BaseException as exc:
            try:
                self._execute("ROLLBACK")
            except Exception:  # noqa: BLE001 — DuckDB cannot roll back after a failed write; the cause is `exc`
                log.info("rollback after %r failed", exc, exc_info=True)
            raise concurrency.explain(exc, self.engine.where) or exc from exc

    def rollup_memory(self):
        """A block of SQL-only rollup work after an import: DuckDB's writer may use more memory then
        (see duckdb_backend.ROLLUP_MEMORY_LIMIT)."""
        return self.engine.rollup_memory()

    def pg_write_lock(self, session: bool = False) -> None:
        """PostgreSQL: take the writers' advisory lock (for the transaction, or the session until
        `pg_advisory_unlock`): at once when free, else after telling the user, waiting at most
        `config.write_wait_s()`."""
        self.engine.advisory_lock(self, session)

    def execute(self, query: str, params: list | None = None) -> None:
        """Run a statement that returns no rows (`?` placeholders), e.g. one building a derived table (which
        is then analysed, see `analyze`)."""
        self._execute(query, params)
        created = _CREATED_AS.match(query)
        if created:
            self.analyze(created.group(1))

    def analyze(self, *tables: str) -> None:
        """PostgreSQL: gather the planner's statistics for tables just written. Until autovacuum comes by, a new
        table has none and the planner guesses, e.g. nested loops over a rollup (seconds instead of
        milliseconds). DuckDB keeps its statistics as it writes: nothing to do."""
        self.engine.analyze(*tables)

    def write_frame(self, table: str, frame: pd.DataFrame, order: str | None = None, *, append: bool = False) -> None:
        """Replace `table` with `frame`'s rows (sorted by `order`, e.g. "periode, kode_desa") in one transaction;
        column types follow the frame's dtypes. With `append`, add the rows instead (the table is made when
        missing)."""
        with self.transaction():
            if not append:
                self._execute(f"DROP TABLE IF EXISTS {table}")
            self.engine.fill(self, table, frame, order)
        self.analyze(table)
