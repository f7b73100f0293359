"""The stored tables and their SQL types, and the conversions between them and pandas both backends share.

Type names are ones DuckDB and PostgreSQL both understand; rows come back as the DataFrame DuckDB's `.df()`
gives, whichever backend read them (`arrow_frame`).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kkb_dashboard.rules import schema

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
#: Who may sign in (kkb_dashboard.storage.access). Not one of TABLES: rebuilding the data never touches the users.
USER_COLUMNS = {"email": "VARCHAR", "role": "VARCHAR", "wilayah": "VARCHAR", "waktu": "TIMESTAMP"}
TABLES = (*schema.KINDS, "import_log")


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


def sql_type(series: pd.Series) -> str:
    """The column type for a DataFrame column (object columns by the values they hold, as DuckDB infers)."""
    if series.dtype.kind in _DTYPE_KINDS:
        return _DTYPE_KINDS[series.dtype.kind]
    return _INFERRED.get(pd.api.types.infer_dtype(series, skipna=True), "VARCHAR")


def typed(rows: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The rows with exactly the stored columns, in pandas types DuckDB maps without guessing."""
    staged = pd.DataFrame(index=rows.index)
    for column, stored_type in columns.items():
        values = rows[column] if column in rows.columns else pd.Series(None, index=rows.index, dtype=object)
        if stored_type in _PANDAS_TYPES:
            staged[column] = values.astype(object).where(values.notna(), None).astype(_PANDAS_TYPES[stored_type])
        elif stored_type == "DATE":
            staged[column] = pd.to_datetime(values, errors="coerce")
        else:
            staged[column] = values.astype(object).where(values.notna(), None).astype("string")
    return staged.reset_index(drop=True)


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


def arrow_frame(table) -> pd.DataFrame:
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
