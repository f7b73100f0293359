"""The DuckDB backend: an embedded file, read through shared connections and written as a new version.

Readers get a cursor of the process's one read-only connection to the file (`connections`). A writer takes the
file's write lock and writes a copy, which replaces the file when the store is closed (`concurrency.FileWriter`):
readers in any process keep reading the version they opened until then.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import concurrency

from .connections import READERS
from .sql_types import TABLES, arrow_frame, table_columns

#: DuckDB's memory in a connection that writes (imports and their rollups): it would keep up to 80 % of the RAM of
#: the pages it writes; capped, it writes them out instead, so a national import stays in the app's memory budget.
WRITE_MEMORY_LIMIT = "256MB"
#: … and while the rollups are refreshed: by then the import's rows are stored and its validation is closed, so
#: the same budget leaves the writer more room (less of the sums spills to disk).
ROLLUP_MEMORY_LIMIT = "512MB"
#: A writer's copy is checkpointed once, when it is closed and becomes the store (`close`); DuckDB would otherwise
#: checkpoint at every commit after 16 MB of log, rewriting a table the rollup refresh updates part by part at
#: each of its commits.
WRITE_CONFIG = {"memory_limit": WRITE_MEMORY_LIMIT, "checkpoint_threshold": "1TB"}


# --- a store as a whole (`store.scratch`, `store.replace` …) ----------------------------------------------


def scratch(target: Path | str) -> Path:
    """An empty file beside `target`: `<file>.new`."""
    fresh = Path(target).with_name(Path(target).name + ".new")
    fresh.unlink(missing_ok=True)
    return fresh


def replace(target: Path | str, fresh: Path | str) -> None:
    """Rename `fresh` over `target`."""
    Path(fresh).replace(target)


def discard(fresh: Path | str) -> None:
    """Remove the scratch file and its lock file (nothing happens when they are already gone)."""
    Path(fresh).unlink(missing_ok=True)
    concurrency.lock_file(Path(fresh)).unlink(missing_ok=True)


@contextlib.contextmanager
def write_lock(target: Path | str):
    """The file's lock file (see `concurrency`)."""
    with concurrency.write_lock(Path(target)):
        yield


# --- one connection ---------------------------------------------------------------------------------------


class DuckDBBackend:
    """A Store's connection to a DuckDB file: a cursor of the shared read-only connection (a missing file raises
    StoreUnavailable, nothing is created), or, for writing, a connection to a copy of the file made under its
    write lock."""

    name = "duckdb"

    def __init__(self, path: Path, *, read_only: bool):
        self.path = self.where = path
        self._shared = read_only
        self._writer: concurrency.FileWriter | None = None
        #: What this store reads, while it cannot change (a shared read-only file): see `Store.snapshot`.
        self.snapshot: tuple | None = None
        if read_only:
            self.con, self.snapshot = READERS.cursor(path)
        else:
            self._writer = concurrency.FileWriter(path)
            self.con = self._open_copy()

    def _open_copy(self) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(str(self._writer.work), config=WRITE_CONFIG)
        except BaseException as exc:
            self._writer.abandon()
            raise concurrency.explain(exc, self.path) or exc from exc

    @property
    def writing(self) -> bool:
        """Whether this connection writes a copy that has not replaced the file yet."""
        return self._writer is not None

    def execute(self, query: str, params: list | None = None):
        return self.con.execute(query, params or [])

    @contextlib.contextmanager
    def rollup_memory(self):
        """The writer's memory raised to ROLLUP_MEMORY_LIMIT for the block."""
        self.execute(f"SET memory_limit = '{ROLLUP_MEMORY_LIMIT}'")
        try:
            yield
        finally:
            self.execute(f"SET memory_limit = '{WRITE_MEMORY_LIMIT}'")

    def frame(self, query: str, params: list | None = None) -> pd.DataFrame:
        rows = self.con.sql(query, params=params or None)
        return pd.DataFrame() if rows is None else arrow_frame(rows.to_arrow_table())

    def beside(self) -> DuckDBBackend | None:
        """A second connection to the copy this writer writes (a cursor: its own transactions, the same data), for
        a thread that reads or writes beside this connection; None for a reader. Close it before this one."""
        if self._writer is None:
            return None
        other = object.__new__(DuckDBBackend)
        other.__dict__.update(self.__dict__)
        other.con, other._writer, other._shared, other.snapshot = self.con.cursor(), None, False, None
        return other

    def close(self) -> None:
        """A writer's copy becomes the store (checkpointed, synced, renamed over the file)."""
        if self._writer is not None:
            try:
                self.con.execute("CHECKPOINT")
                self.con.close()
            except BaseException as exc:
                self.abandon()
                raise concurrency.explain(exc, self.path) or exc from exc
            writer, self._writer = self._writer, None
            writer.publish()
            return
        self.con.close()
        self._release()

    def abandon(self) -> None:
        """Close without keeping anything a writer wrote (the file stays as it was)."""
        with contextlib.suppress(Exception):
            self.con.close()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.abandon()
        self._release()

    def _release(self) -> None:
        if self._shared:
            READERS.done(self.path)
            self._shared = False

    def ensure_schema(self, store) -> None:
        for name in TABLES:
            store._create(name, table_columns(name))

    @staticmethod
    def definitions(columns: dict[str, str]) -> str:
        return ", ".join(f'"{c}" {t}' for c, t in columns.items())

    @staticmethod
    def match(key: list[str]) -> str:
        """The condition pairing a stored row `t` with a staged row `s` of the same key (NULL matching NULL)."""
        return " AND ".join(f't."{k}" IS NOT DISTINCT FROM s."{k}"' for k in key)

    def stage(self, store, staged: pd.DataFrame, columns: dict[str, str]) -> None:
        """The rows visible as table `staged`: a registered DataFrame."""
        self.con.register("staged", staged)

    def unstage(self) -> None:
        self.con.unregister("staged")

    def begin(self, store) -> None:
        """Nothing to take in a transaction: a writer already holds the file's write lock."""

    def analyze(self, *tables: str) -> None:
        """Nothing to do: DuckDB keeps its statistics as it writes."""

    def fill(self, store, table: str, frame: pd.DataFrame, order: str | None) -> None:
        """`Store.write_frame` inside its transaction: the table (made when missing) gets the registered frame's
        rows, sorted."""
        sort = f" ORDER BY {order}" if order else ""
        names = ", ".join(f'"{c}"' for c in frame.columns)
        self.con.register("_frame", frame)
        try:
            self.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM _frame LIMIT 0")
            self.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _frame{sort}")
        finally:
            self.con.unregister("_frame")

    def bulk_insert(self, store, kind: str, rows, log: dict) -> int:
        """`Store.bulk_insert`: the validated rows' query run on this connection (`BulkRows.into`), or the batches
        of a RecordBatchReader scanned. An empty table takes a plain insert; otherwise the rows are staged once in a
        temporary table (the query reads the file again, a reader can be read only once) for the
        delete-then-insert. Whatever the insert made on this connection goes afterwards, also after an error
        (the cleanup's own failure, on a connection an error broke, does not hide that error)."""
        columns = {c: t for c, t in table_columns(kind).items() if c != "import_id"}
        names = ", ".join(f'"{c}"' for c in columns)
        casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in columns.items())
        try:
            if hasattr(rows, "into"):
                source = f"({rows.into(self.con)}) valid_rows"
            else:
                self.con.register("staged_batches", rows)
                source = "staged_batches"
            with store.transaction():
                import_id = store.scalar("SELECT coalesce(max(import_id), 0) + 1 FROM import_log")
                if store.scalar(f"SELECT count(*) FROM (SELECT 1 FROM {kind} LIMIT 1)"):
                    self.execute(f"CREATE TEMP TABLE staged_rows AS SELECT {casts} FROM {source}")
                    source = "staged_rows"
                    match = self.match([k for k in schema.KINDS[kind].key if k in columns])
                    store.delete_replaced(kind, "staged_rows", match)
                # Every core compresses the rows when their order need not be kept: each part of the file is a
                # few neighbouring codes (a region's rows stay in a few blocks) and readers sort.
                self.execute("SET preserve_insertion_order = false")
                self.execute(f'INSERT INTO {kind} ({names}, "import_id") SELECT {casts}, ? FROM {source}', [import_id])
                store._log(import_id, log)
        finally:
            release = rows.forget if hasattr(rows, "forget") else lambda con: con.unregister("staged_batches")
            for cleanup in (
                lambda: self.execute("RESET preserve_insertion_order"),
                lambda: release(self.con),
                lambda: self.execute("DROP TABLE IF EXISTS staged_rows"),
            ):
                with contextlib.suppress(duckdb.Error):
                    cleanup()
        return import_id
