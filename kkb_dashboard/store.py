"""The store: an embedded DuckDB file holding every imported table and the import log.

Tables follow the file kinds in `schema` (codes only, no names: names come from the region registry).
Each import is one transaction: its rows replace stored rows with the same key (so importing a file twice
changes nothing), and the log row is written with them, or nothing is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from . import config, schema

_SQL_TYPES = {"int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "date": "DATE", "tanggal_or_year": "DATE",
              "year": "INTEGER"}
_PANDAS_TYPES = {"BIGINT": "Int64", "INTEGER": "Int64", "DOUBLE": "Float64", "BOOLEAN": "boolean"}

LOG_COLUMNS = {
    "import_id": "BIGINT", "waktu": "TIMESTAMP", "file": "VARCHAR", "kind": "VARCHAR", "sha256": "VARCHAR",
    "stored_path": "VARCHAR", "sheet": "VARCHAR", "wilayah": "VARCHAR", "rows_read": "BIGINT",
    "rows_imported": "BIGINT", "rows_rejected": "BIGINT", "warnings": "BIGINT", "skip_invalid": "BOOLEAN",
    "synthetic": "BOOLEAN",
}


def table_columns(kind: str) -> dict[str, str]:
    """Stored column → SQL type for a kind (location names are matched to codes and not stored)."""
    columns = {}
    for column in schema.KINDS[kind].columns:
        if column.name in schema.LOCATION_COLUMNS[1:] or (column.name == "nama_kampung" and kind != "kampung"):
            continue
        columns[column.name] = _SQL_TYPES.get(column.type, "VARCHAR")
        if column.name == "tanggal_pencanangan":
            columns["tahun_pencanangan"] = "INTEGER"
    columns["import_id"] = "BIGINT"
    return columns


class Store:
    """A connection to the dashboard's DuckDB file; use as a context manager so it is closed promptly."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = config.db_path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path), read_only=read_only)
        if not read_only:
            self.ensure_schema()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the file (DuckDB lets one process write at a time)."""
        self.con.close()

    def ensure_schema(self) -> None:
        """Create missing tables; existing data is never touched."""
        for kind in schema.KINDS:
            self._create(kind, table_columns(kind))
        self._create("import_log", LOG_COLUMNS)

    def _create(self, name: str, columns: dict[str, str]) -> None:
        body = ", ".join(f'"{c}" {t}' for c, t in columns.items())
        self.con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({body})")

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query and return its rows."""
        return self.con.execute(query, params or []).df()

    def table(self, kind: str) -> pd.DataFrame:
        """Every stored row of a kind (or `import_log`), typed as stored."""
        if kind not in schema.KINDS and kind != "import_log":
            raise KeyError(kind)
        return self.sql(f"SELECT * FROM {kind}")

    def row_counts(self) -> dict[str, int]:
        """Rows per table, import log included."""
        return {name: self.scalar(f"SELECT count(*) FROM {name}") for name in (*schema.KINDS, "import_log")}

    def scalar(self, query: str, params: list | None = None):
        """The first value of a query's first row (the result is fetched whole, as DuckDB 2 requires
        before the connection's next statement)."""
        rows = self.con.execute(query, params or []).fetchall()
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
        self.con.execute("BEGIN TRANSACTION")
        try:
            import_id = self.scalar("SELECT coalesce(max(import_id), 0) + 1 FROM import_log")
            staged["import_id"] = import_id
            self.con.register("staged", staged)
            match = " AND ".join(f't."{k}" IS NOT DISTINCT FROM s."{k}"' for k in key if k in columns)
            self.con.execute(f"DELETE FROM {kind} t WHERE EXISTS (SELECT 1 FROM staged s WHERE {match})")
            names = ", ".join(f'"{c}"' for c in columns)
            casts = ", ".join(f'CAST("{c}" AS {t})' for c, t in columns.items())
            self.con.execute(f"INSERT INTO {kind} ({names}) SELECT {casts} FROM staged")
            entry = {**{c: None for c in LOG_COLUMNS}, **log, "import_id": import_id,
                     "waktu": log.get("waktu") or dt.datetime.now()}
            placeholders = ", ".join("?" for _ in LOG_COLUMNS)
            self.con.execute(f"INSERT INTO import_log VALUES ({placeholders})", [entry[c] for c in LOG_COLUMNS])
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self.con.unregister("staged")
        return import_id


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
