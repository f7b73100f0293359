"""Exports: tables as CSV and XLSX with spreadsheet formulas neutralised, and the offline meeting brief.

Every name in the data is untrusted: a cell that starts with `=`, `+`, `-` or `@` would run as a formula when
a spreadsheet opens it, so such text gets a leading apostrophe (the OWASP "CSV injection" advice).
"""

from __future__ import annotations

import io

import pandas as pd

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """`=HYPERLINK(...)` → `'=HYPERLINK(...)`; numbers and other text unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and headers) cannot run as formulas."""
    safe = frame.copy()
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM, so Excel on Indonesian Windows opens names with the right letters.

    Lines end in CRLF: Python's csv module then quotes any cell holding a CR or LF, so a stray carriage
    return inside a name cannot split a row (with `\\n` line ends a lone CR is written unquoted)."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """An XLSX workbook of one sheet."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()
