"""Read officials' Excel/CSV/Parquet exports into a table of raw cells with the row numbers they see in Excel.

Finds the header row below any title rows, maps headers to the kind's canonical columns by alias, drops a
"No." column and blank rows, and remembers each data row's spreadsheet row number in `_row`. Values are not
parsed here (that is `validation`): CSV cells stay text, Excel cells keep their native type (dates, numbers).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .i18n import t
from .schema import Kind, header_key

ROW = "_row"
_HEADER_SCAN_ROWS = 30
_NUMBER_COLUMNS = {"no", "nomor", "nourut", "nomorurut", "num", "number"}
_CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}
_LARGE_CSV = 20_000_000  # characters; above this the C parser reads the file
#: Rows from which a table is validated in DuckDB (`bulk`) and a Parquet file is not read into memory here.
LARGE_TABLE = 50_000


@dataclass
class RawTable:
    """Cells of one sheet under canonical column names, with `_row` the row number as Excel shows it."""

    frame: pd.DataFrame
    source: str
    sheet: str | None = None
    header_row: int = 1
    #: canonical column → the header as written in the file
    columns: dict[str, str] = field(default_factory=dict)
    #: headers that matched no column (kept as-is only for kinds that keep extra columns)
    extra: list[str] = field(default_factory=list)
    encoding: str | None = None
    separator: str | None = None
    #: Excel row numbers of rows with filled cells under no header (e.g. an unquoted `;` inside a CSV cell)
    overflow_rows: list[int] = field(default_factory=list)
    #: a large Parquet file left on disk: `frame` then holds only its first rows (a preview), `parquet_columns`
    #: maps canonical names to the file's columns and `parquet_rows` counts its rows (blank ones included)
    parquet: Path | None = None
    parquet_columns: dict[str, str] = field(default_factory=dict)
    parquet_rows: int = 0

    @property
    def row_count(self) -> int:
        """Data rows: the frame's, or a large Parquet file's (before blank rows are dropped)."""
        return self.parquet_rows if self.parquet is not None else len(self.frame)


def read_table(
    path: str | Path,
    kind: Kind,
    *,
    sheet: str | None = None,
    source: str | None = None,
    lang: str = "id",
    whole: bool = False,
) -> RawTable:
    """Read `path` (CSV, XLSX or Parquet) as a table of `kind`; raises InputError when unusable.

    A Parquet file of LARGE_TABLE rows or more stays on disk (see RawTable.parquet) unless `whole`."""
    path = Path(path)
    source = source or path.name
    suffix = path.suffix.lower()
    try:
        if suffix in _CSV_SUFFIXES:
            grid, encoding, separator = _csv_grid(path)
            return _from_grid(grid, kind, source, None, lang, encoding=encoding, separator=separator)
        if suffix in _EXCEL_SUFFIXES:
            grid, sheet_name = _excel_grid(path, sheet, source, lang)
            return _from_grid(grid, kind, source, sheet_name, lang)
        if suffix in _PARQUET_SUFFIXES:
            return _from_parquet(path, kind, source, lang, whole)
    except InputError:
        raise
    except (OSError, ValueError, KeyError, UnicodeError, csv.Error, zipfile.BadZipFile) as exc:
        # BadZipFile: an .xlsx is a zip archive; a damaged or renamed file fails there, not in openpyxl
        raise InputError(t("data.unreadable", lang, detail=str(exc)[:200]), file=source) from exc
    if suffix == ".xls":
        raise InputError(t("data.xls_old", lang), file=source)
    raise InputError(t("data.unknown_format", lang, suffix=suffix or "?"), file=source)


def sheet_names(path: str | Path) -> list[str]:
    """The sheet names of an XLSX file, in workbook order (for the upload page's sheet picker)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _decode(raw: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) when it decodes, else Windows-1252 (Excel's 'CSV' on Indonesian Windows)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _separator(text: str) -> str:
    """`;` (Excel with Indonesian regional settings), `,` or tab: whichever splits the first lines best."""
    sample = "\n".join(line for line in text.splitlines()[:_HEADER_SCAN_ROWS] if line.strip())
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {sep: sample.count(sep) for sep in (";", ",", "\t")}
        return max(counts, key=counts.get)


def _csv_grid(path: Path) -> tuple[pd.DataFrame, str, str]:
    text, encoding = _decode(path.read_bytes())
    if not text.strip():
        raise ValueError("file is empty")
    separator = _separator(text)
    # Rows keep their line positions (blank lines included) so `_row` is the line number the user sees;
    # title rows above the header have fewer fields, so the grid is as wide as the widest row.
    sample = list(csv.reader(io.StringIO("\n".join(text.splitlines()[:_HEADER_SCAN_ROWS])), delimiter=separator))
    width = max(len(r) for r in sample)
    if len(text) > _LARGE_CSV:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    else:
        rows = list(csv.reader(io.StringIO(text), delimiter=separator))
        width = max(len(r) for r in rows)
        grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    return grid, encoding, separator


def _excel_grid(path: Path, sheet: str | None, source: str, lang: str) -> tuple[pd.DataFrame, str]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=True)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise InputError(t("data.no_sheet", lang, sheet=sheet, sheets=", ".join(workbook.sheetnames)), file=source)
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows = list(worksheet.iter_rows(min_row=1, values_only=True))
        return pd.DataFrame(rows, dtype=object), worksheet.title
    finally:
        workbook.close()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def _find_header(grid: pd.DataFrame, kind: Kind) -> tuple[int, int]:
    """(position, score) of the row that names most of the kind's columns, among the first rows."""
    known = set().union(*(c.keys() for c in kind.columns))
    best, best_score = -1, 0
    for position in range(min(_HEADER_SCAN_ROWS, len(grid))):
        score = sum(header_key(v) in known for v in grid.iloc[position] if not _is_blank(v))
        if score > best_score:
            best, best_score = position, score
    return best, best_score


def _map_headers(headers: list[object], kind: Kind) -> tuple[dict[int, str], dict[str, str], list[str]]:
    """Column position → canonical name; canonical → original header; headers that matched nothing."""
    by_key = {}
    for column in kind.columns:
        for key in sorted(column.keys(), key=lambda k: k != header_key(column.name)):
            by_key.setdefault(key, column.name)
    positions, originals, extra = {}, {}, []
    for position, header in enumerate(headers):
        if _is_blank(header) or header_key(header) in _NUMBER_COLUMNS:
            continue
        name = by_key.get(header_key(header))
        if name and name not in originals:
            positions[position], originals[name] = name, str(header).strip()
        else:
            extra.append(str(header).strip())
            if kind.keeps_extra_columns and not name:
                positions[position] = str(header).strip()
    return positions, originals, extra


def _from_grid(grid: pd.DataFrame, kind: Kind, source: str, sheet: str | None, lang: str, **detected: str) -> RawTable:
    position, score = _find_header(grid, kind)
    if score == 0:
        expected = ", ".join(c.name for c in kind.columns[:8])
        raise InputError(t("data.no_header", lang, kind=kind.name, expected=expected), file=source)
    positions, originals, extra = _map_headers(list(grid.iloc[position]), kind)
    body = grid.iloc[position + 1 :, list(positions)]
    body.columns = list(positions.values())
    body = body.reset_index(drop=True)
    body.insert(0, ROW, range(position + 2, position + 2 + len(body)))
    blank = _blank_cells(body.drop(columns=ROW)).all(axis=1)
    frame = body[~blank].reset_index(drop=True)
    table = RawTable(frame, source, sheet, position + 1, originals, extra, **detected)
    table.overflow_rows = _overflow_rows(grid, position)
    return table


def _overflow_rows(grid: pd.DataFrame, header: int) -> list[int]:
    """Rows with values in columns that have no header: their cells were probably split by a separator."""
    unnamed = [i for i, value in enumerate(grid.iloc[header]) if _is_blank(value)]
    if not unnamed:
        return []
    cells = grid.iloc[header + 1 :, unnamed]
    spill = ~_blank_cells(cells).all(axis=1)
    return [int(i) + 1 for i in cells.index[spill]]


def _blank_cells(frame: pd.DataFrame) -> np.ndarray:
    """`_is_blank` of every cell, column by column (vectorised: a large CSV has millions of cells)."""
    out = np.empty(frame.shape, dtype=bool)
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        text = column.astype("string")  # None and NaN → <NA>; other values as str() writes them
        out[:, i] = (text.isna() | text.str.strip().eq("")).to_numpy(dtype=bool, na_value=True)
    return out


def _from_parquet(path: Path, kind: Kind, source: str, lang: str, whole: bool = False) -> RawTable:
    import pyarrow.parquet as pq

    metadata = pq.ParquetFile(path).metadata
    if metadata.num_rows >= LARGE_TABLE and not whole:
        return _large_parquet(path, kind, source, lang, metadata.num_rows)
    data = pd.read_parquet(path)
    header = pd.DataFrame([list(data.columns)], dtype=object)
    grid = pd.concat([header, data.astype(object).set_axis(range(data.shape[1]), axis=1)], ignore_index=True)
    return _from_grid(grid, kind, source, None, lang)


def _large_parquet(path: Path, kind: Kind, source: str, lang: str, rows: int) -> RawTable:
    """A RawTable over a large Parquet file: headers mapped from its schema, a preview of its first rows."""
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    headers = handle.schema_arrow.names
    positions, originals, extra = _map_headers(headers, kind)
    if not positions:
        expected = ", ".join(c.name for c in kind.columns[:8])
        raise InputError(t("data.no_header", lang, kind=kind.name, expected=expected), file=source)
    first = next(handle.iter_batches(batch_size=20, columns=[headers[p] for p in positions])).to_pandas()
    preview = first.astype(object).set_axis(list(positions.values()), axis=1)
    preview.insert(0, ROW, range(2, 2 + len(preview)))
    mapped = {name: headers[position] for position, name in positions.items()}
    return RawTable(preview, source, None, 1, originals, extra, parquet=path, parquet_columns=mapped, parquet_rows=rows)
