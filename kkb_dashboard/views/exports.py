"""Exports: tables as CSV and XLSX with spreadsheet formulas neutralised.

Every name in the data is untrusted: a cell that starts with `=`, `+`, `-` or `@` would run as a formula when
a spreadsheet opens it, so such text gets a leading apostrophe (the OWASP "CSV injection" advice).

The XLSX is written with XlsxWriter, row by row in its constant-memory mode: a frozen, filterable header row,
columns as wide as their content, the unit in the header of a percentage column, and number formats (whole
numbers with thousands separators, two decimals, dates as `30 Sep 2024`). Excel shows the separators of the
reader's own locale (1.161 in Indonesian Excel). Codes stay text, so their leading zeros and dots are kept.
"""

from __future__ import annotations

import io
import math
import re

import pandas as pd
import xlsxwriter

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Widths in characters: never narrower than a short number, never wider than a long name.
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_PERCENT = re.compile(r"persen|percent|%", re.IGNORECASE)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


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


# --- XLSX ----------------------------------------------------------------------------------------------------


def _kind(series: pd.Series) -> str:
    """How a column is written: bool, int, float, date or text."""
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        whole = series.dropna()
        return "int" if len(whole) and bool((whole == whole.round()).all()) else "float"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    if inferred in ("date", "datetime"):
        return "date"
    if inferred == "integer":
        return "int"
    if inferred in ("floating", "mixed-integer-float"):
        return "float"
    return "text"


def header_with_unit(name: str, units: dict[str, str] | None = None) -> str:
    """The header as written: `units[name]` or, for a percentage column without a `%` yet, `(%)` appended."""
    unit = (units or {}).get(name)
    if unit:
        return f"{name} ({unit})"
    if _PERCENT.search(name) and "%" not in name:
        return f"{name} (%)"
    return name


def _width(series: pd.Series, header: str, kind: str) -> float:
    if kind == "date":
        longest = 11  # 30 Sep 2024
    elif kind in ("int", "float"):
        numbers = pd.to_numeric(series, errors="coerce").abs().dropna()
        top = float(numbers.max()) if len(numbers) else 0.0
        digits = len(f"{top:,.0f}") + (3 if kind == "float" else 0)
        longest = digits + 1
    else:
        lengths = series.dropna().astype(str).str.len()
        longest = int(lengths.max()) if len(lengths) else 0
    return float(min(_MAX_WIDTH, max(_MIN_WIDTH, longest + 2, len(header) + 3)))


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _writer(sheet, kind: str, fmt):
    """A function (row, col, value) writing one cell of this kind; a missing value is left blank."""

    def write(row: int, col: int, value: object) -> None:
        if _missing(value):
            return
        if kind == "bool":
            sheet.write_boolean(row, col, bool(value))
        elif kind in ("int", "float"):
            sheet.write_number(row, col, float(value), fmt)
        elif kind == "date":
            sheet.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), fmt)
        else:
            sheet.write_string(row, col, str(value))

    return write


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data", *, units: dict[str, str] | None = None) -> bytes:
    """An XLSX workbook of one sheet named `sheet` (cut to Excel's 31 characters): text cells neutralised, a
    frozen and filterable header row with units (`units` maps a column to its unit; percentages get `(%)`),
    columns sized to their content and numbers, percentages and dates formatted."""
    safe = safe_frame(frame)
    buffer = io.BytesIO()
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    name = _SHEET_FORBIDDEN.sub("_", str(sheet))[:31] or "data"
    worksheet = workbook.add_worksheet(name)
    head = workbook.add_format({"bold": True, "bg_color": "#EEEAF6", "bottom": 1, "valign": "top"})
    formats = {
        "int": workbook.add_format({"num_format": "#,##0"}),
        "float": workbook.add_format({"num_format": "#,##0.00"}),
        "date": workbook.add_format({"num_format": "d mmm yyyy", "align": "left"}),
        "bool": None,
        "text": None,
    }
    originals = [str(c) for c in frame.columns]
    headers = [neutralise(header_with_unit(original, units)) for original in originals]
    writers = []
    for col, header in enumerate(headers):
        series = safe.iloc[:, col]
        kind = _kind(series)
        worksheet.set_column(col, col, _width(series, header, kind))
        worksheet.write_string(0, col, header, head)
        writers.append(_writer(worksheet, kind, formats[kind]))
    for row, record in enumerate(safe.itertuples(index=False, name=None), start=1):
        for col, value in enumerate(record):
            writers[col](row, col, value)
    worksheet.freeze_panes(1, 0)
    if len(safe.columns):
        worksheet.autofilter(0, 0, max(len(safe), 1), len(safe.columns) - 1)
    workbook.close()
    return buffer.getvalue()
