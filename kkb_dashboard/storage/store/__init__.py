"""The store: every imported table and the import log, in an embedded DuckDB file or a PostgreSQL database.

DuckDB is the default (`data/kkb.duckdb`, one machine). `KKB_DATABASE_URL=postgresql://…` (or a `postgresql://`
URL passed as the path) makes it PostgreSQL, for several app replicas sharing one database. Queries are written
once, portable: `?` placeholders (translated for psycopg here), no DuckDB-only functions; results come back as
the same DataFrames on both.

Tables follow the file kinds in `schema` (codes only, no names: names come from the region registry).
Each import is one transaction: its rows replace stored rows with the same key (so importing a file twice
changes nothing), and the log row is written with them, or nothing is. A DuckDB file is written as a new version
swapped in whole, one writer at a time, so readers in any process never wait (see `concurrency`).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import logging
import os
import re
import secrets
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import duckdb
import pandas as pd

from ... import config
from .. import concurrency, schema
from ..concurrency import StoreUnavailable

# Type names both DuckDB and PostgreSQL understand (DuckDB reads DOUBLE PRECISION as DOUBLE).
_SQL_TYPES = {
    "int": "BIGINT",
    "float": "DOUBLE PRECISION",
    "bool": "BOOLEAN",
    "date": "DATE",
    "tanggal_or_year": "DATE",
    "year": "INTEGER",
}
_PANDAS_TYPES = {"BIGINT": "Int64", "INTEGER": "Int64", "DOUBLE PRECISION": "Float64", "BOOLEAN": "boolean"}

LOG_COLUMNS = {
    "import_id": "BIGINT",
    "waktu": "TIMESTAMP",
    "file": "VARCHAR",
    "kind": "VARCHAR",
    "sha256": "VARCHAR",
    "stored_path": "VARCHAR",
    "sheet": "VARCHAR",
    "wilayah": "VARCHAR",
    "rows_read": "BIGINT",
    "rows_imported": "BIGINT",
    "rows_rejected": "BIGINT",
    "warnings": "BIGINT",
    "skip_invalid": "BOOLEAN",
    "synthetic": "BOOLEAN",
    "imported_by": "VARCHAR",
}
#: Who may sign in (kkb_dashboard.rules.access). Not one of TABLES: rebuilding the data never touches the users.
USER_COLUMNS = {"email": "VARCHAR", "role": "VARCHAR", "wilayah": "VARCHAR", "waktu": "TIMESTAMP"}
TABLES = (*schema.KINDS, "import_log")

#: PostgreSQL advisory lock taken by every writer (imports, schema creation, demo swap): replicas importing at
#: the same time queue up instead of computing the same next import id.
WRITE_LOCK = 0x6B6B62  # "kkb"
log = logging.getLogger(__name__)
#: DuckDB's memory in a connection that writes (imports and their rollups): it would keep up to 80 % of the RAM of
#: the pages it writes; capped, it writes them out instead, so a national import stays in the app's memory budget.
WRITE_MEMORY_LIMIT = "256MB"
_CREATED_AS = re.compile(r'\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?("?[\w.]+"?)\s+AS\b', re.IGNORECASE)


def table_columns(kind: str) -> dict[str, str]:
    """Stored column → SQL type for a kind (location names are matched to codes and not stored)."""
    if kind == "import_log":
        return dict(LOG_COLUMNS)
    columns = {}
    for column in schema.KINDS[kind].columns:
        if column.name in schema.LOCATION_COLUMNS[1:] or (column.name == "nama_kampung" and kind != "kampung"):
            continue
        columns[column.name] = _SQL_TYPES.get(column.type, "VARCHAR")
        if column.name == "tanggal_pencanangan":
            columns["tahun_pencanangan"] = "INTEGER"
    columns["import_id"] = "BIGINT"
    return columns


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
    with _pg_connect(target, read_only=True) as con:
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


def scratch(target: Path | str) -> Path | str:
    """An empty store beside `target` to build a replacement in: `<file>.new`, or a fresh schema in the same
    PostgreSQL database."""
    if not is_url(target):
        fresh = Path(target).with_name(Path(target).name + ".new")
        fresh.unlink(missing_ok=True)
        return fresh
    return _with_schema(target, f"kkb_scratch_{secrets.token_hex(6)}")


def replace(target: Path | str, fresh: Path | str) -> None:
    """Make `target` hold exactly what `fresh` holds, atomically (a rename, or one transaction that readers
    see all at once), then remove `fresh`. Tables derived at import (rollups) come along."""
    if not is_url(target):
        Path(fresh).replace(target)
        return
    source = _search_path(fresh)
    with Store(target) as store, store.transaction():
        derived = store.sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1", [source]
        )["table_name"]
        for name in TABLES:
            names = ", ".join(f'"{c}"' for c in table_columns(name))
            store.execute(f"DELETE FROM {name}")
            store.execute(f'INSERT INTO {name} ({names}) SELECT {names} FROM "{source}".{name}')
        for name in sorted(set(derived) - set(TABLES)):
            store.execute(f'DROP TABLE IF EXISTS "{name}"')
            store.execute(f'CREATE TABLE "{name}" AS SELECT * FROM "{source}"."{name}"')
    with Store(target) as store:
        store.analyze(*TABLES)
    discard(fresh)


def discard(fresh: Path | str) -> None:
    """Remove a scratch store made by `scratch` (nothing happens when it is already gone)."""
    if not is_url(fresh):
        Path(fresh).unlink(missing_ok=True)
        concurrency.lock_file(Path(fresh)).unlink(missing_ok=True)
        return
    with _pg_connect(fresh, read_only=False) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{_search_path(fresh)}" CASCADE')


@contextlib.contextmanager
def write_lock(target: Path | str):
    """Hold the writers' lock of the store around the block: a DuckDB file's lock file (see `concurrency`); nothing
    on PostgreSQL, where every write transaction takes the advisory lock itself."""
    if is_url(target):
        yield
        return
    with concurrency.write_lock(Path(target)):
        yield


def _with_schema(url: str, name: str) -> str:
    """`url` with its tables in schema `name` (created here): libpq's `options=-c search_path=…` replaces any
    search path the URL set."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    options = " ".join(v for k, v in query if k == "options")
    options = re.sub(r"-c\s*search_path=\S+", "", options).strip()
    query = [(k, v) for k, v in query if k != "options"] + [("options", f"{options} -c search_path={name}".strip())]
    with _pg_connect(url, read_only=False) as con:
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def _search_path(url: str) -> str:
    with _pg_connect(url, read_only=True) as con:
        return con.execute("SELECT current_schema()").fetchone()[0]


# --- the PostgreSQL dialect -----------------------------------------------------------------------------------


def _pg_connect(url: str, *, read_only: bool):
    """A psycopg connection in autocommit mode (transactions are explicit, as on DuckDB); numerics load as float,
    as DuckDB returns sums."""
    import psycopg
    from psycopg.types.numeric import FloatLoader

    con = psycopg.connect(url, autocommit=True)
    con.adapters.register_loader("numeric", FloatLoader)
    if read_only:
        con.execute("SET default_transaction_read_only = on")
    return con


def pg_query(query: str) -> str:
    """`?` placeholders → `%s` and `%` → `%%` for psycopg, leaving quoted strings and names alone."""
    out, quote_char = [], None
    for char in query:
        if quote_char:
            quote_char = None if char == quote_char else quote_char
            out.append("%%" if char == "%" else char)
        elif char in "'\"":
            quote_char = char
            out.append(char)
        else:
            out.append({"?": "%s", "%": "%%"}.get(char, char))
    return "".join(out)


_NULLABLE = {
    "int8": pd.Int8Dtype(),
    "int16": pd.Int16Dtype(),
    "int32": pd.Int32Dtype(),
    "int64": pd.Int64Dtype(),
    "uint8": pd.UInt8Dtype(),
    "uint16": pd.UInt16Dtype(),
    "uint32": pd.UInt32Dtype(),
    "uint64": pd.UInt64Dtype(),
    "bool": pd.BooleanDtype(),
}


def _frame(table) -> pd.DataFrame:
    """DuckDB's rows (an Arrow table) as the DataFrame its `.df()` gives: Int64 (Int32 …) and boolean where a NULL
    is present, datetime64 dates, float64 HUGEINT and DECIMAL, `str` text (object when every value is NULL). Text
    stays in Arrow's buffers: `.df()` makes Python strings, which pandas turns back into Arrow."""
    import pyarrow as pa

    columns = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        kind = column.type
        if str(kind) in _NULLABLE and column.null_count:
            columns[name] = column.to_pandas(types_mapper={kind: _NULLABLE[str(kind)]}.get)
        elif pa.types.is_date(kind):
            columns[name] = column.to_pandas(date_as_object=False).astype("datetime64[us]")
        elif pa.types.is_decimal(kind):
            columns[name] = column.cast(pa.float64()).to_pandas()
        elif pa.types.is_interval(kind) or pa.types.is_nested(kind):
            return duckdb.from_arrow(table).df()  # not read by the dashboard: DuckDB's own conversion
        elif column.null_count == len(column) and (
            pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
        ):
            columns[name] = pd.Series([None] * len(column), dtype=object)
        else:
            columns[name] = column.to_pandas()
    return pd.DataFrame(columns)


_ARROW_TYPES = {
    "int2": "int16",
    "int4": "int32",
    "int8": "int64",
    "float4": "float32",
    "float8": "float64",
    "numeric": "float64",
    "bool": "bool_",
    "date": "date32",
    "text": "string",
    "varchar": "string",
    "bpchar": "string",
    "name": "string",
}


def _pg_frame(cursor) -> pd.DataFrame:
    """A psycopg result as the DataFrame DuckDB gives for the same columns (Int64 where a NULL is present,
    datetime64 dates, `str` text): the rows as an Arrow table, converted as DuckDB's are (`_frame`)."""
    import pyarrow as pa

    rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(cursor.description)
    arrays = [
        pa.array(values, type=_arrow_type(column, cursor))
        for values, column in zip(columns, cursor.description, strict=True)
    ]
    return _frame(pa.table(arrays, names=[column.name for column in cursor.description]))


def _arrow_type(column, cursor):
    import pyarrow as pa

    info = cursor.connection.adapters.types.get(column.type_code)
    name = info.name if info else None
    if name in ("timestamp", "timestamptz"):
        return pa.timestamp("us", tz="UTC" if name == "timestamptz" else None)
    return getattr(pa, _ARROW_TYPES[name])() if name in _ARROW_TYPES else None


_COPY_TYPES = {
    "BIGINT": "int8",
    "INTEGER": "int4",
    "DOUBLE PRECISION": "float8",
    "BOOLEAN": "bool",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "VARCHAR": "text",
}


_DTYPE_KINDS = {"b": "BOOLEAN", "i": "BIGINT", "u": "BIGINT", "f": "DOUBLE PRECISION", "M": "TIMESTAMP"}
_INFERRED = {
    "boolean": "BOOLEAN",
    "integer": "BIGINT",
    "floating": "DOUBLE PRECISION",
    "date": "DATE",
    "mixed-integer-float": "DOUBLE PRECISION",
    "datetime": "TIMESTAMP",
    "datetime64": "TIMESTAMP",
}


def _sql_type(series: pd.Series) -> str:
    """The column type for a DataFrame column (object columns by the values they hold, as DuckDB infers)."""
    if series.dtype.kind in _DTYPE_KINDS:
        return _DTYPE_KINDS[series.dtype.kind]
    return _INFERRED.get(pd.api.types.infer_dtype(series, skipna=True), "VARCHAR")


def _copy_rows(staged: pd.DataFrame, columns: dict[str, str]):
    """The staged rows as Python values for a binary COPY (None for missing, dates as dates)."""
    values = {}
    for column, sql_type in columns.items():
        series = staged[column]
        if sql_type == "DATE":
            series = series.dt.date
        values[column] = series.astype(object).where(series.notna(), None)
    return zip(*values.values(), strict=True)


# --- shared read-only connections ----------------------------------------------------------------------------


class _Readers:
    """One read-only DuckDB connection per file for the whole process; each read-only Store gets a cursor of it.

    Opening a store costs far more than a cursor, and a page makes a dozen cached calls per filter change. Writers never
    open the file itself (they rename a new version over it, see `concurrency`), so a reader never waits for an import.
    The connection is reopened when the file changes: at once when no query runs on it, else after the running queries
    end (at most `DRAIN_S`; meanwhile, and for a thread already reading it, the version it holds is served, whole and
    consistent: DuckDB caches a database by its path, so the new version can only be opened once the old one is closed).
    It is closed after `IDLE_S` seconds unused, which frees the disk space of a version that was replaced."""

    IDLE_S = 2.0
    DRAIN_S = 5.0
    #: After a reader gave up on a file held by another program, the next ones try once, without waiting, for this
    #: long: a page makes a dozen calls, and one wait is enough to know.
    REFUSED_S = 10.0

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._open: dict[Path, tuple[tuple, duckdb.DuckDBPyConnection]] = {}
        self._users: dict[Path, int] = {}
        self._timers: dict[Path, threading.Timer] = {}
        self._mine = threading.local()  # path → cursors this thread holds
        self._refused: dict[Path, float] = {}  # path → when a reader last gave up waiting for it

    @staticmethod
    def _key(path: Path) -> tuple:
        stat = path.stat()
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def cursor(self, path: Path) -> tuple[duckdb.DuckDBPyConnection, tuple]:
        """A cursor of the shared connection and the state of the file it reads (path, inode, mtime, size).
        Raises StoreUnavailable when the file is missing, or held for writing by another program for longer than
        `config.read_wait_s()`."""
        path = Path(path).resolve()
        with self._lock:
            if not path.exists():
                raise StoreUnavailable("missing", path)
            key = self._key(path)
            held = self._open.get(path)
            if held and held[0] != key and not self._mine_count(path):
                self._lock.wait_for(lambda: not self._users.get(path), timeout=self.DRAIN_S)
                held = self._open.get(path)
            if held and held[0] != key and not self._users.get(path):
                self._close(path)
                held = None
            if held is None:
                held = self._open[path] = (key, self._connect(path, self._wait_s(path)))
            timer = self._timers.pop(path, None)
            if timer:
                timer.cancel()
            self._users[path] = self._users.get(path, 0) + 1
            self._mine.__dict__[path] = self._mine_count(path) + 1
            return held[1].cursor(), (path, *held[0])

    def _mine_count(self, path: Path) -> int:
        return self._mine.__dict__.get(path, 0)

    def _wait_s(self, path: Path) -> float:
        refused = self._refused.get(path)
        recently = refused is not None and time.monotonic() - refused < self.REFUSED_S
        return 0.0 if recently else config.read_wait_s()

    def _connect(self, path: Path, wait_s: float) -> duckdb.DuckDBPyConnection:
        """Open read-only; a program holding the file for writing (a DuckDB shell, an older version of this
        dashboard) is waited for `wait_s` seconds, then named in a StoreUnavailable."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                con = duckdb.connect(str(path), read_only=True)
                self._refused.pop(path, None)
                return con
            except duckdb.Error as exc:
                explained = concurrency.explain(exc, path)
                if explained is None:
                    raise
                if explained.reason != "locked" or time.monotonic() >= deadline:
                    self._refused[path] = time.monotonic()
                    raise explained from exc
            time.sleep(0.2)

    def done(self, path: Path) -> None:
        path = Path(path).resolve()
        with self._lock:
            self._mine.__dict__[path] = max(0, self._mine_count(path) - 1)
            self._users[path] = max(0, self._users.get(path, 0) - 1)
            if not self._users[path]:
                self._lock.notify_all()
                if path in self._open:
                    timer = self._timers[path] = threading.Timer(self.IDLE_S, self._idle, args=(path,))
                    timer.daemon = True
                    timer.start()

    def _idle(self, path: Path) -> None:
        with self._lock:
            if not self._users.get(path):
                self._close(path)

    def close_all(self) -> None:
        """Close every shared connection and stop their idle timers (at exit: a timer firing while the interpreter
        shuts down would close a connection from a thread that is being torn down, and abort the process)."""
        with self._lock:
            for path in list(self._open):
                self._close(path)

    def _close(self, path: Path) -> None:
        timer = self._timers.pop(path, None)
        if timer:
            timer.cancel()
        held = self._open.pop(path, None)
        if held:
            held[1].close()


_READERS = _Readers()
atexit.register(_READERS.close_all)


# --- the store ------------------------------------------------------------------------------------------------


class Store:
    """A connection to the dashboard's store; use as a context manager so it is closed promptly.

    `path` is a DuckDB file or a `postgresql://` URL (default: `locate()`); `.path` is the file (None on
    PostgreSQL, where `.url` is set). Read-only opens the file read-only (a missing file raises StoreUnavailable,
    nothing is created), or makes every PostgreSQL transaction read-only.

    Writing a DuckDB file takes its write lock (another import is waited for, at most `config.write_wait_s()`) and
    writes a copy of it, which replaces the file when the store is closed (`concurrency.FileWriter`): readers in
    any process keep reading the version they opened until then. Leaving the `with` block on an error drops the
    copy, so nothing written in the block is kept."""

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False):
        target = locate(path)
        self.url: str | None = target if is_url(target) else None
        self.path: Path | None = None if self.url else target
        self.backend = "postgresql" if self.url else "duckdb"
        self._shared = bool(not self.url and read_only)
        self._writer: concurrency.FileWriter | None = None
        #: What this store reads, while it cannot change (a shared read-only DuckDB file): a key for facts derived
        #: from the data, such as whether the rollups are fresh; None when another writer may change it meanwhile.
        self.snapshot: tuple | None = None
        if self.url:
            self.con = _pg_connect(self.url, read_only=read_only)
        elif read_only:
            self.con, self.snapshot = _READERS.cursor(self.path)
        else:
            self._writer = concurrency.FileWriter(self.path)
            self.con = self._open_copy()
        if not read_only:
            self.ensure_schema()
            self._ensure_access()
            self._ensure_rollups()

    def _open_copy(self) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(str(self._writer.work), config={"memory_limit": WRITE_MEMORY_LIMIT})
        except BaseException as exc:
            self._writer.abandon()
            raise concurrency.explain(exc, self.path) or exc from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if error is None:
            self.close()
            return
        writing = self._writer is not None
        self._abandon()
        explained = concurrency.explain(error, self.path) if writing else None
        if explained is not None and explained is not error:
            raise explained from error

    def close(self) -> None:
        """Release the file or the database connection; a DuckDB writer's copy becomes the store (checkpointed,
        synced, renamed over the file)."""
        if self._writer is not None:
            try:
                self.con.execute("CHECKPOINT")
                self.con.close()
            except BaseException as exc:
                self._abandon()
                raise concurrency.explain(exc, self.path) or exc from exc
            writer, self._writer = self._writer, None
            writer.publish()
            return
        self.con.close()
        if self._shared:
            _READERS.done(self.path)
            self._shared = False

    def _abandon(self) -> None:
        """Close without keeping anything a DuckDB writer wrote (the store stays as it was)."""
        with contextlib.suppress(Exception):
            self.con.close()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.abandon()
        if self._shared:
            _READERS.done(self.path)
            self._shared = False

    def _execute(self, query: str, params: list | None = None):
        if self.url:
            return self.con.execute(pg_query(query), list(params or []))
        return self.con.execute(query, params or [])

    def ensure_schema(self) -> None:
        """Create missing tables; existing data is never touched."""
        if not self.url:
            for name in TABLES:
                self._create(name, table_columns(name))
            return
        missing = [n for n in TABLES if self.scalar("SELECT to_regclass(?) IS NULL", [n])]
        if missing:  # replicas starting together: one creates, the others wait and find the tables there
            with self.transaction():
                for name in missing:
                    self._create(name, table_columns(name))

    @property
    def name(self) -> str:
        """The store as a message names it: the file, or the database URL without its password."""
        return str(self.path) if self.path else _safe_url(self.url)

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
        """Column definitions. PostgreSQL text compares byte by byte (COLLATE "C") as DuckDB's does: a locale
        collation such as en-US ignores punctuation, so '3672' would sort after '36.72.01' and the code range
        ['', '~') would hold no code at all."""
        collate = ' COLLATE "C"' if self.url else ""
        return ", ".join(f'"{c}" {t}{collate if t == "VARCHAR" else ""}' for c, t in columns.items())

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query (`?` placeholders) and return its rows."""
        if not self.url:
            rows = self.con.sql(query, params=params or None)
            return pd.DataFrame() if rows is None else _frame(rows.to_arrow_table())
        return _pg_frame(self._execute(query, params))

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
        staged = _typed(rows, columns)
        key = schema.KINDS[kind].key
        try:
            with self.transaction():
                import_id = self.scalar("SELECT coalesce(max(import_id), 0) + 1 FROM import_log")
                staged["import_id"] = import_id
                self._stage(staged, columns)
                match = self._match([k for k in key if k in columns])
                self._execute(f"DELETE FROM {kind} t WHERE EXISTS (SELECT 1 FROM staged s WHERE {match})")
                names = ", ".join(f'"{c}"' for c in columns)
                casts = ", ".join(f'CAST("{c}" AS {t})' for c, t in columns.items())
                self._execute(f"INSERT INTO {kind} ({names}) SELECT {casts} FROM staged")
                self._log(import_id, log)
        finally:
            if not self.url:
                self.con.unregister("staged")
        self.analyze(kind, "import_log")
        return import_id

    def _log(self, import_id: int, log: dict) -> None:
        entry = {
            **{c: None for c in LOG_COLUMNS},
            **log,
            "import_id": import_id,
            "waktu": log.get("waktu") or dt.datetime.now(),
        }
        placeholders = ", ".join("?" for _ in LOG_COLUMNS)
        self._execute(f"INSERT INTO import_log VALUES ({placeholders})", [entry[c] for c in LOG_COLUMNS])

    def bulk_insert(self, kind: str, batches, log: dict) -> int:
        """`save_import` for millions of rows: `batches` (a pyarrow RecordBatchReader with the kind's stored
        columns but `import_id`, typed as stored) is streamed into the table; returns the import id.

        Same contract: one transaction with the log row, rows replace stored rows with the same key. An empty
        table takes a plain streamed insert; otherwise the rows are staged once in a temporary table (a reader
        can be read only once) for the delete-then-insert. PostgreSQL stages the batches with a CSV COPY."""
        if self.url:
            return self._bulk_postgres(kind, batches, log)
        columns = {c: t for c, t in table_columns(kind).items() if c != "import_id"}
        names = ", ".join(f'"{c}"' for c in columns)
        casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in columns.items())
        self.con.register("staged_batches", batches)
        try:
            with self.transaction():
                import_id = self.scalar("SELECT coalesce(max(import_id), 0) + 1 FROM import_log")
                source = "staged_batches"
                if self.scalar(f"SELECT count(*) FROM (SELECT 1 FROM {kind} LIMIT 1)"):
                    self._execute(f"CREATE TEMP TABLE staged_rows AS SELECT {casts} FROM staged_batches")
                    source = "staged_rows"
                    match = self._match([k for k in schema.KINDS[kind].key if k in columns])
                    self._execute(f"DELETE FROM {kind} t WHERE EXISTS (SELECT 1 FROM staged_rows s WHERE {match})")
                self._execute(f'INSERT INTO {kind} ({names}, "import_id") SELECT {casts}, ? FROM {source}', [import_id])
                self._log(import_id, log)
        finally:
            self.con.unregister("staged_batches")
            self._execute("DROP TABLE IF EXISTS staged_rows")
        return import_id

    def _bulk_postgres(self, kind: str, batches, log: dict) -> int:
        """`bulk_insert` on PostgreSQL: each Arrow batch written as CSV by pyarrow (C speed, strings quoted so
        an empty string stays one and a NULL stays NULL) into a temporary table by COPY, then the same
        delete-then-insert and log row as `save_import`, in one transaction."""
        import pyarrow.csv

        columns = {c: t for c, t in table_columns(kind).items() if c != "import_id"}
        names = ", ".join(f'"{c}"' for c in columns)
        casts = ", ".join(f'CAST("{c}" AS {t})' for c, t in columns.items())
        key = [k for k in schema.KINDS[kind].key if k in columns]
        match = self._match(key)
        options = pyarrow.csv.WriteOptions(include_header=False)
        with self.transaction():
            import_id = self.scalar("SELECT coalesce(max(import_id), 0) + 1 FROM import_log")
            self._execute(f"CREATE TEMP TABLE staged ({self._definitions(columns)}) ON COMMIT DROP")
            with self.con.cursor() as cursor, cursor.copy(f"COPY staged ({names}) FROM STDIN (FORMAT csv)") as copy:
                for batch in batches:
                    sink = pyarrow.BufferOutputStream()
                    pyarrow.csv.write_csv(batch.select(list(columns)), sink, options)
                    copy.write(memoryview(sink.getvalue()))
            self.analyze("staged")
            self._execute(f"DELETE FROM {kind} t WHERE EXISTS (SELECT 1 FROM staged s WHERE {match})")
            self._execute(f'INSERT INTO {kind} ({names}, "import_id") SELECT {casts}, ? FROM staged', [import_id])
            self._log(import_id, log)
        self.analyze(kind, "import_log")
        return import_id

    def _stage(self, staged: pd.DataFrame, columns: dict[str, str]) -> None:
        """Make the rows visible as table `staged` inside the transaction: a registered DataFrame on DuckDB,
        a temporary table filled by a binary COPY on PostgreSQL (dropped at commit or rollback)."""
        if not self.url:
            self.con.register("staged", staged)
            return
        self._execute(f"CREATE TEMP TABLE staged ({self._definitions(columns)}) ON COMMIT DROP")
        self._copy("staged", staged, columns)
        self.analyze("staged")

    def _match(self, key: list[str]) -> str:
        """The condition pairing a stored row `t` with a staged row `s` of the same key (NULL matching NULL).
        PostgreSQL cannot hash `IS NOT DISTINCT FROM`, so alone it loops over every pair (seconds for 20 000 rows,
        never for millions): a hashable text equality comes first and the exact test stays as a filter."""
        exact = [f't."{k}" IS NOT DISTINCT FROM s."{k}"' for k in key]
        if self.url:
            exact = [
                f"""coalesce(CAST(t."{k}" AS VARCHAR), '') = coalesce(CAST(s."{k}" AS VARCHAR), '')""" for k in key
            ] + exact
        return " AND ".join(exact)

    def _copy(self, table: str, frame: pd.DataFrame, columns: dict[str, str]) -> None:
        """PostgreSQL: stream `frame`'s rows into `table` with a binary COPY."""
        names = ", ".join(f'"{c}"' for c in columns)
        with self.con.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types([_COPY_TYPES[t] for t in columns.values()])
            for row in _copy_rows(frame, columns):
                copy.write_row(row)

    @contextlib.contextmanager
    def transaction(self):
        """BEGIN … COMMIT around the block, ROLLBACK on any error. On PostgreSQL it first takes the write lock
        every writer takes, so replicas writing at once queue up (see `pg_write_lock`). A full disk, a read-only
        file or a busy lock is raised as StoreUnavailable, naming the cause (not the failed rollback after it)."""
        self._execute("BEGIN TRANSACTION")
        try:
            if self.url:
                self.pg_write_lock()
            yield self
            self._execute("COMMIT")
        except BaseException as exc:
            try:
                self._execute("ROLLBACK")
            except Exception:  # noqa: BLE001 — DuckDB cannot roll back after a failed write; the cause is `exc`
                log.info("rollback after %r failed", exc, exc_info=True)
            raise concurrency.explain(exc, self.path or _safe_url(self.url)) or exc from exc

    def pg_write_lock(self, session: bool = False) -> None:
        """Take the writers' advisory lock (for the transaction, or the session until `pg_advisory_unlock`): at
        once when free, else after telling the user, waiting at most `config.write_wait_s()`."""
        kind = "" if session else "_xact"
        if self.scalar(f"SELECT pg_try_advisory{kind}_lock(?)", [WRITE_LOCK]):
            return
        seconds = config.write_wait_s()
        if (callback := concurrency._ON_WAIT.get()) is not None:
            callback(seconds)
        self._execute(f"SET lock_timeout = {int(seconds * 1000)}")
        try:
            self._execute(f"SELECT pg_advisory{kind}_lock(?)", [WRITE_LOCK])
        except Exception as exc:
            explained = concurrency.explain(exc, _safe_url(self.url))
            if explained is not None and explained.reason == "busy":
                raise StoreUnavailable("busy", _safe_url(self.url), seconds=seconds) from exc
            raise
        finally:
            with contextlib.suppress(Exception):
                self._execute("SET lock_timeout = 0")

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
        if self.url:
            for table in tables:
                self._execute(f"ANALYZE {table}")

    def write_frame(self, table: str, frame: pd.DataFrame, order: str | None = None, *, append: bool = False) -> None:
        """Replace `table` with `frame`'s rows (sorted by `order`, e.g. "periode, kode_desa") in one transaction;
        column types follow the frame's dtypes. With `append`, add the rows instead (the table is made when
        missing)."""
        sort = f" ORDER BY {order}" if order else ""
        with self.transaction():
            if not append:
                self._execute(f"DROP TABLE IF EXISTS {table}")
            if not self.url:
                names = ", ".join(f'"{c}"' for c in frame.columns)
                self.con.register("_frame", frame)
                try:
                    self._execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM _frame LIMIT 0")
                    self._execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _frame{sort}")
                finally:
                    self.con.unregister("_frame")
                return
            columns = {c: _sql_type(frame[c]) for c in frame.columns}
            self._create(table, columns)
            rows = frame.sort_values([c.strip() for c in order.split(",")]) if order else frame
            self._copy(table, rows, columns)
        self.analyze(table)


def _safe_url(url: str | None) -> str:
    """A database URL without its password, to name it in a message."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = parts.hostname or ""
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{user}{host}{port}", query=""))


def _typed(rows: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The rows with exactly the stored columns, in pandas types DuckDB maps without guessing."""
    staged = pd.DataFrame(index=rows.index)
    for column, sql_type in columns.items():
        values = rows[column] if column in rows.columns else pd.Series(None, index=rows.index, dtype=object)
        if sql_type in _PANDAS_TYPES:
            staged[column] = values.astype(object).where(values.notna(), None).astype(_PANDAS_TYPES[sql_type])
        elif sql_type == "DATE":
            staged[column] = pd.to_datetime(values, errors="coerce")
        else:
            staged[column] = values.astype(object).where(values.notna(), None).astype("string")
    return staged.reset_index(drop=True)
