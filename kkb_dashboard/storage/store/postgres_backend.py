"""The PostgreSQL backend: psycopg connections, `?` placeholders rewritten as `%s`, COPY, schemas, the advisory lock.

Several app replicas share one database: every writer takes the advisory lock `WRITE_LOCK` in its transaction, so
replicas importing at the same time queue up. Rows come back as the DataFrames the DuckDB backend gives.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import concurrency

from ... import config
from ..concurrency import StoreUnavailable
from .sql_types import TABLES, arrow_frame, sql_type, table_columns

#: PostgreSQL advisory lock taken by every writer (imports, schema creation, demo swap): replicas importing at
#: the same time queue up instead of computing the same next import id.
WRITE_LOCK = 0x6B6B62  # "kkb"


def connect(url: str, *, read_only: bool):
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


def cursor_frame(cursor) -> pd.DataFrame:
    """A psycopg result as the DataFrame DuckDB gives for the same columns (Int64 where a NULL is present,
    datetime64 dates, `str` text): the rows as an Arrow table, converted as DuckDB's are (`arrow_frame`)."""
    import pyarrow as pa

    rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(cursor.description)
    arrays = [
        pa.array(values, type=_arrow_type(column, cursor))
        for values, column in zip(columns, cursor.description, strict=True)
    ]
    return arrow_frame(pa.table(arrays, names=[column.name for column in cursor.description]))


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


def _copy_rows(staged: pd.DataFrame, columns: dict[str, str]):
    """The staged rows as Python values for a binary COPY (None for missing, dates as dates)."""
    values = {}
    for column, stored_type in columns.items():
        series = staged[column]
        if stored_type == "DATE":
            series = series.dt.date
        values[column] = series.astype(object).where(series.notna(), None)
    return zip(*values.values(), strict=True)


def _with_schema(url: str, name: str) -> str:
    """`url` with its tables in schema `name` (created here): libpq's `options=-c search_path=…` replaces any
    search path the URL set."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    options = " ".join(v for k, v in query if k == "options")
    options = re.sub(r"-c\s*search_path=\S+", "", options).strip()
    query = [(k, v) for k, v in query if k != "options"] + [("options", f"{options} -c search_path={name}".strip())]
    with connect(url, read_only=False) as con:
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def _search_path(url: str) -> str:
    with connect(url, read_only=True) as con:
        return con.execute("SELECT current_schema()").fetchone()[0]


def safe_url(url: str | None) -> str:
    """A database URL without its password, to name it in a message."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = parts.hostname or ""
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{user}{host}{port}", query=""))


# --- a store as a whole (`store.scratch`, `store.replace` …) ----------------------------------------------


def scratch(target: str) -> str:
    """A fresh schema in the same database."""
    return _with_schema(target, f"kkb_scratch_{secrets.token_hex(6)}")


def replace(target: str, fresh: str) -> None:
    """Copy every table of `fresh`'s schema into `target` in one transaction readers see all at once."""
    from . import Store  # the facade is built on this module

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


def discard(fresh: str) -> None:
    """Drop the scratch schema (nothing happens when it is already gone)."""
    with connect(fresh, read_only=False) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{_search_path(fresh)}" CASCADE')


@contextlib.contextmanager
def write_lock(target: str):
    """Nothing: every write transaction takes the advisory lock itself."""
    yield


# --- one connection ---------------------------------------------------------------------------------------


class PostgresBackend:
    """A Store's connection to a PostgreSQL database (`url`); every transaction read-only with `read_only`."""

    name = "postgresql"
    #: Nothing is shared between PostgreSQL stores: another writer may change the data at any time.
    snapshot = None
    writing = False

    def __init__(self, url: str, *, read_only: bool):
        self.url = url
        self.where = safe_url(url)
        self.con = connect(url, read_only=read_only)

    def execute(self, query: str, params: list | None = None):
        return self.con.execute(pg_query(query), list(params or []))

    def frame(self, query: str, params: list | None = None) -> pd.DataFrame:
        return cursor_frame(self.execute(query, params))

    @staticmethod
    def beside() -> None:
        """None: a PostgreSQL store writes on its one connection, so its callers write in turn (`Store.beside`)."""
        return None

    def close(self) -> None:
        self.con.close()

    def abandon(self) -> None:
        with contextlib.suppress(Exception):
            self.con.close()

    def ensure_schema(self, store) -> None:
        missing = [n for n in TABLES if store.scalar("SELECT to_regclass(?) IS NULL", [n])]
        if missing:  # replicas starting together: one creates, the others wait and find the tables there
            with store.transaction():
                for name in missing:
                    store._create(name, table_columns(name))

    @staticmethod
    def definitions(columns: dict[str, str]) -> str:
        """Column definitions. PostgreSQL text compares byte by byte (COLLATE "C") as DuckDB's does: a locale
        collation such as en-US ignores punctuation, so '3672' would sort after '36.72.01' and the code range
        ['', '~') would hold no code at all."""
        collate = ' COLLATE "C"'
        return ", ".join(f'"{c}" {t}{collate if t == "VARCHAR" else ""}' for c, t in columns.items())

    @staticmethod
    def match(key: list[str]) -> str:
        """The condition pairing a stored row `t` with a staged row `s` of the same key (NULL matching NULL).
        PostgreSQL cannot hash `IS NOT DISTINCT FROM`, so alone it loops over every pair (seconds for 20 000 rows,
        never for millions): a hashable text equality comes first and the exact test stays as a filter."""
        text = [f"""coalesce(CAST(t."{k}" AS VARCHAR), '') = coalesce(CAST(s."{k}" AS VARCHAR), '')""" for k in key]
        return " AND ".join(text + [f't."{k}" IS NOT DISTINCT FROM s."{k}"' for k in key])

    def stage(self, store, staged: pd.DataFrame, columns: dict[str, str]) -> None:
        """The rows as temporary table `staged`, filled by a binary COPY (dropped at commit or rollback)."""
        store._execute(f"CREATE TEMP TABLE staged ({self.definitions(columns)}) ON COMMIT DROP")
        self.copy("staged", staged, columns)
        store.analyze("staged")

    def unstage(self) -> None:
        """Nothing to do: the staged table goes with the transaction."""

    def begin(self, store) -> None:
        """Inside a new transaction: take the writers' lock (see `advisory_lock`)."""
        self.advisory_lock(store)

    def advisory_lock(self, store, session: bool = False) -> None:
        """Take the writers' advisory lock (for the transaction, or the session until `pg_advisory_unlock`): at
        once when free, else after telling the user, waiting at most `config.write_wait_s()`."""
        kind = "" if session else "_xact"
        if store.scalar(f"SELECT pg_try_advisory{kind}_lock(?)", [WRITE_LOCK]):
            return
        seconds = config.write_wait_s()
        if (callback := concurrency._ON_WAIT.get()) is not None:
            callback(seconds)
        self.execute(f"SET lock_timeout = {int(seconds * 1000)}")
        try:
            self.execute(f"SELECT pg_advisory{kind}_lock(?)", [WRITE_LOCK])
        except Exception as exc:
            explained = concurrency.explain(exc, self.where)
            if explained is not None and explained.reason == "busy":
                raise StoreUnavailable("busy", self.where, seconds=seconds) from exc
            raise
        finally:
            with contextlib.suppress(Exception):
                self.execute("SET lock_timeout = 0")

    @staticmethod
    def rollup_memory():
        """Nothing to raise: the server manages its own memory."""
        return contextlib.nullcontext()

    def analyze(self, *tables: str) -> None:
        """Gather the planner's statistics for tables just written. Until autovacuum comes by, a new table has
        none and the planner guesses, e.g. nested loops over a rollup (seconds instead of milliseconds)."""
        for table in tables:
            self.execute(f"ANALYZE {table}")

    def fill(self, store, table: str, frame: pd.DataFrame, order: str | None) -> None:
        """`Store.write_frame` inside its transaction: the table (made when missing) gets the rows by a COPY."""
        columns = {c: sql_type(frame[c]) for c in frame.columns}
        store._create(table, columns)
        rows = frame.sort_values([c.strip() for c in order.split(",")]) if order else frame
        self.copy(table, rows, columns)

    def copy(self, table: str, frame: pd.DataFrame, columns: dict[str, str]) -> None:
        """Stream `frame`'s rows into `table` with a binary COPY."""
        names = ", ".join(f'"{c}"' for c in columns)
        with self.con.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types([_COPY_TYPES[t] for t in columns.values()])
            for row in _copy_rows(frame, columns):
                copy.write_row(row)

    def bulk_insert(self, store, kind: str, rows, log: dict) -> int:
        """`Store.bulk_insert`: each Arrow batch written as CSV by pyarrow (C speed, strings quoted so an empty
        string stays one and a NULL stays NULL) into a temporary table by COPY, then the same delete-then-insert
        and log row as `save_import`, in one transaction."""
        import pyarrow.csv

        batches = rows.batches() if hasattr(rows, "batches") else rows

        columns = {c: t for c, t in table_columns(kind).items() if c != "import_id"}
        names = ", ".join(f'"{c}"' for c in columns)
        casts = ", ".join(f'CAST("{c}" AS {t})' for c, t in columns.items())
        key = [k for k in schema.KINDS[kind].key if k in columns]
        match = self.match(key)
        options = pyarrow.csv.WriteOptions(include_header=False)
        with store.transaction():
            import_id = store.scalar("SELECT coalesce(max(import_id), 0) + 1 FROM import_log")
            self.execute(f"CREATE TEMP TABLE staged ({self.definitions(columns)}) ON COMMIT DROP")
            with self.con.cursor() as cursor, cursor.copy(f"COPY staged ({names}) FROM STDIN (FORMAT csv)") as copy:
                for batch in batches:
                    sink = pyarrow.BufferOutputStream()
                    pyarrow.csv.write_csv(batch.select(list(columns)), sink, options)
                    copy.write(memoryview(sink.getvalue()))
            self.analyze("staged")
            store.delete_replaced(kind, "staged", match)
            self.execute(f'INSERT INTO {kind} ({names}, "import_id") SELECT {casts}, ? FROM staged', [import_id])
            store._log(import_id, log)
        self.analyze(kind, "import_log")
        return import_id
