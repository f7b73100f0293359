"""Re-imports keep what a file does not carry: a stored field is never blanked by a column the file lacks.

An import replaces the stored rows that share its rows' key (`schema.Kind.key`). Columns the new file has are
taken from it, an empty cell included (a deliberate blank); a column the file does not have at all keeps each
row's stored value. So a short register with only `kode_desa` and `nama_kampung` renames Kampung KB without
losing their formation dates, SK numbers or notes. Only stored rows that hold a value in such a column are read,
and only those of the codes in the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import pandas as pd

from kkb_dashboard.rules import schema

from .store import table_columns

#: A stored column that is present whenever the column it is derived from is (validation derives it).
_DERIVED = {"tahun_pencanangan": "tanggal_pencanangan"}


def absent_columns(kind: str, present: Iterable[str]) -> list[str]:
    """Stored columns of `kind` (neither its key nor `import_id`) that the validated rows do not carry."""
    present = set(present)
    key = set(schema.KINDS[kind].key)
    return [
        column
        for column in table_columns(kind)
        if column not in key and column != "import_id" and column not in present and _DERIVED.get(column) not in present
    ]


def stored_values(store, kind: str, absent: list[str], codes: Callable[[], Iterable[str]]) -> pd.DataFrame | None:
    """The key and `absent` columns of the stored rows of `codes()` (the key's first column) that hold a value in
    one of them, or None when there is nothing to keep. `codes` is called only when some stored row holds such a
    value: listing a national table's codes costs a scan, and a first import has nothing to keep."""
    if not absent:
        return None
    some_value = " OR ".join(f'"{c}" IS NOT NULL' for c in absent)
    if not store.scalar(f"SELECT count(*) FROM (SELECT 1 FROM {kind} WHERE {some_value} LIMIT 1) t"):
        return None
    wanted = [c for c in dict.fromkeys(codes()) if c is not None]
    if not wanted:
        return None
    key = [k for k in schema.KINDS[kind].key if k in table_columns(kind)]
    columns = ", ".join(f'"{c}"' for c in (*key, *absent))
    of_codes = f'"{key[0]}" IN (SELECT unnest(CAST(? AS VARCHAR[])))'
    rows = store.sql(f"SELECT {columns} FROM {kind} WHERE {of_codes} AND ({some_value})", [wanted])
    return None if rows.empty else rows


def fill(frame: pd.DataFrame, kind: str, stored: pd.DataFrame | None) -> pd.DataFrame:
    """`frame` (validated rows) with its absent columns taken from the stored row of the same key."""
    if stored is None:
        return frame
    key = [k for k in schema.KINDS[kind].key if k in stored.columns]
    kept = [c for c in stored.columns if c not in key]
    by_key = {_key(values): position for position, values in enumerate(stored[key].itertuples(index=False))}
    found = [by_key.get(_key(values)) for values in frame.reindex(columns=key).itertuples(index=False)]
    frame = frame.copy()
    for column in kept:
        values = stored[column].astype(object)
        frame[column] = pd.Series(
            [None if at is None or pd.isna(values.iloc[at]) else values.iloc[at] for at in found],
            index=frame.index,
            dtype=object,
        )
    return frame


def _key(values: tuple) -> tuple:
    """A key as comparable text: a parsed date and a stored timestamp, or 2024 and 2024.0, compare equal."""
    return tuple(_text(v) for v in values)


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
