"""Read officials' Excel/CSV/Parquet exports into a table of raw cells with the row numbers they see in Excel.

Finds the header row below any title rows, maps headers to the kind's canonical columns by alias, drops a
"No." column and blank rows, and remembers each data row's spreadsheet row number in `_row`. Values are not
parsed here (that is `validation`): CSV cells stay text, Excel cells keep their native type (dates, numbers).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kkb_dashboard.rules.schema import Kind, header_key

from ..errors import InputError
from ..i18n import t

ROW = "_row"
_HEADER_SCAN_ROWS = 30
_NUMBER_COLUMNS = {"no", "nomor", "nourut", "nomorurut", "num", "number"}
_CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}
_LARGE_CSV = 20_000_000  # bytes; above this the C parser reads the file
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
            grid, encoding, separator = _csv_grid(path, source, lang)
            return _from_grid(grid, kind, source, None, lang, encoding=encoding, separator=separator)
        if suffix in _EXCEL_SUFFIXES:
            _check_not_encrypted(path, source, lang)
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


def _decode(raw: bytes, source: str, lang: str) -> tuple[str, str]:
    """The file's text and its encoding: UTF-16 (Excel's "Unicode text"), UTF-8 (with or without BOM), else
    Windows-1252 (Excel's "CSV" on Indonesian Windows) line by line, so a file whose rows were pasted together
    from both keeps every row's letters (`utf-8+cp1252`)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if (utf16 := _utf16_without_bom(raw)) is not None:
        return raw.decode(utf16), utf16
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as first:
        return _decode_lines(raw, first.start, source, lang)


def _utf16_without_bom(raw: bytes) -> str | None:
    """`utf-16-le`/`utf-16-be` when every other byte of the start is NUL (ASCII text in UTF-16), else None."""
    sample = raw[:2000] if len(raw) % 2 == 0 else b""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.9 * len(sample) / 2 and even == 0:
        return "utf-16-le"
    if even >= 0.9 * len(sample) / 2 and odd == 0:
        return "utf-16-be"
    return None


# A multi-byte UTF-8 sequence: in a line that is not UTF-8 as a whole, a sign of two encodings in one line.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _decode_lines(raw: bytes, bad: int, source: str, lang: str) -> tuple[str, str]:
    """Decode from the first undecodable byte on, line by line: UTF-8 where a line is UTF-8, else Windows-1252.
    A line mixing both (or bytes Windows-1252 does not define) is refused: guessing would store wrong letters."""
    start = raw.rfind(b"\n", 0, bad) + 1
    # the UTF-8 lines before, without their last line break (the join below puts it back)
    parts, encodings = ([raw[: start - 1].decode("utf-8")] if start else []), {"cp1252"}
    for number, line in enumerate(raw[start:].split(b"\n"), start=raw.count(b"\n", 0, start) + 1):
        try:
            parts.append(line.decode("utf-8"))
            if max(line, default=0) > 127:
                encodings.add("utf-8")
            continue
        except UnicodeDecodeError:
            text = line.decode("cp1252", errors="replace")
        if _UTF8_SEQUENCE.search(line) or "\ufffd" in text:
            raise InputError(t("data.bad_bytes", lang, row=number), file=source)
        parts.append(text)
    if max(raw[:start], default=0) > 127:
        encodings.add("utf-8")
    return "\n".join(parts), "+".join(sorted(encodings, reverse=True))


def _separator(text: str) -> str:
    """`;` (Excel with Indonesian regional settings), `,` or tab: whichever splits the first lines best."""
    sample = "\n".join(line for line in text.splitlines()[:_HEADER_SCAN_ROWS] if line.strip())
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {sep: sample.count(sep) for sep in (";", ",", "\t")}
        return max(counts, key=counts.get)


def _csv_grid(path: Path, source: str, lang: str) -> tuple[pd.DataFrame, str, str]:
    if path.stat().st_size > _LARGE_CSV and (found := _large_csv_grid(path)) is not None:
        return found
    text, encoding = _decode(path.read_bytes(), source, lang)
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


def _large_csv_grid(path: Path) -> tuple[pd.DataFrame, str, str] | None:
    """`_csv_grid` of a large file in one encoding, parsed by pandas straight from the file: the file's bytes, its
    decoded text and a copy of it for the parser are never all in memory at once. None when the file needs the
    line-by-line decoding (`_decode_lines`) or is blank at the start (the general path then says what it is)."""
    encoding = _single_encoding(path)
    if encoding is None:
        return None
    with path.open(encoding=encoding, newline="") as handle:
        head = "".join(itertools.islice(handle, _HEADER_SCAN_ROWS))
    if not head.strip():
        return None
    separator = _separator(head)
    sample = list(csv.reader(io.StringIO("\n".join(head.splitlines()[:_HEADER_SCAN_ROWS])), delimiter=separator))
    grid = pd.read_csv(
        path,
        encoding=encoding,
        sep=separator,
        header=None,
        names=range(max(len(r) for r in sample)),
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
    )
    return grid, encoding, separator


def _single_encoding(path: Path) -> str | None:
    """The encoding `_decode` would find, when it is one codec for the whole file, read in blocks; else None."""
    with path.open("rb") as handle:
        start = handle.read(2000)
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        if not start.startswith(b"\xef\xbb\xbf") and path.stat().st_size % 2 == 0:
            if (utf16 := _utf16_without_bom(start)) is not None:
                return utf16
        decoder = codecs.getincrementaldecoder("utf-8")()
        handle.seek(0)
        try:
            for block in iter(lambda: handle.read(1 << 22), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return "utf-8-sig" if start.startswith(b"\xef\xbb\xbf") else "utf-8"


_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_not_encrypted(path: Path, source: str, lang: str) -> None:
    """An .xlsx saved with a password is not a zip but an OLE container holding `EncryptedPackage`; an OLE file
    without it is an old .xls renamed. Both get their own message instead of "File is not a zip file"."""
    with path.open("rb") as handle:
        if handle.read(8) != _OLE_SIGNATURE:
            return
        content = handle.read()
    if "EncryptedPackage".encode("utf-16-le") in content:
        raise InputError(t("data.xlsx_password", lang), file=source)
    raise InputError(t("data.xls_old", lang), file=source)


def _excel_grid(path: Path, sheet: str | None, source: str, lang: str) -> tuple[pd.DataFrame, str]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True)
    except SyntaxError as exc:  # xml's ParseError (and lxml's) derive from SyntaxError
        raise _corrupt(path, exc, source, lang) from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise InputError(t("data.no_sheet", lang, sheet=sheet, sheets=", ".join(workbook.sheetnames)), file=source)
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows = list(worksheet.iter_rows(min_row=1, values_only=True))
        return pd.DataFrame(rows, dtype=object), worksheet.title
    except SyntaxError as exc:
        raise _corrupt(path, exc, source, lang) from exc
    finally:
        workbook.close()


def _corrupt(path: Path, error: Exception, source: str, lang: str) -> InputError:
    """The message for a workbook whose XML does not parse, naming the damaged part."""
    from xml.etree import ElementTree

    part = "?"
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    ElementTree.fromstring(archive.read(name))
                except ElementTree.ParseError:
                    part = name
                    break
    return InputError(t("data.corrupt_workbook", lang, part=part, detail=str(error)[:120]), file=source)


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


def _canonical_names(kind: Kind) -> dict[str, str]:
    """header_key of every spelling → canonical column; a spelling two columns share names the first."""
    by_key: dict[str, str] = {}
    for column in kind.columns:
        for key in sorted(column.keys(), key=lambda k: k != header_key(column.name)):
            by_key.setdefault(key, column.name)
    return by_key


def _column_of(header: object, kind: Kind, by_key: dict[str, str]) -> str | None:
    """The canonical column a header names. A header written as a column's own name is that column, even when
    its header_key equals another column's alias (`target_mandiri_plus` vs `Target Mandiri Plus (%)`)."""
    written = str(header).strip().lower()
    if any(column.name == written for column in kind.columns):
        return written
    return by_key.get(header_key(header))


def _map_headers(headers: list[object], kind: Kind) -> tuple[dict[int, str], dict[str, str], list[str]]:
    """Column position → canonical name; canonical → original header; headers that matched nothing."""
    by_key = _canonical_names(kind)
    positions, originals, extra = {}, {}, []
    for position, header in enumerate(headers):
        if _is_blank(header) or header_key(header) in _NUMBER_COLUMNS:
            continue
        name = _column_of(header, kind, by_key)
        if name and name not in originals:
            positions[position], originals[name] = name, str(header).strip()
        else:
            extra.append(str(header).strip())
            if kind.keeps_extra_columns and not name:
                positions[position] = str(header).strip()
    return positions, originals, extra


def _check_duplicate_headers(headers: list[object], kind: Kind, source: str, lang: str) -> None:
    """Two headers naming one column (the same header twice, or two of its aliases): only one could be read,
    so the file is refused rather than the other column's values silently dropped."""
    names = _canonical_names(kind)
    found: dict[str, list[int]] = {}
    for position, header in enumerate(headers):
        if _is_blank(header) or header_key(header) in _NUMBER_COLUMNS:
            continue
        name = _column_of(header, kind, names) or (str(header).strip() if kind.keeps_extra_columns else None)
        if name:
            found.setdefault(name, []).append(position)
    for name, positions in found.items():
        if len(positions) > 1:
            headers_text = ", ".join(f"'{str(headers[p]).strip()}'" for p in positions)
            letters = ", ".join(_column_letter(p) for p in positions)
            raise InputError(
                t("data.duplicate_header", lang, column=name, headers=headers_text, letters=letters), file=source
            )


def _column_letter(position: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _from_grid(grid: pd.DataFrame, kind: Kind, source: str, sheet: str | None, lang: str, **detected: str) -> RawTable:
    position, score = _find_header(grid, kind)
    if score == 0:
        expected = ", ".join(c.name for c in kind.columns[:8])
        raise InputError(t("data.no_header", lang, kind=kind.name, expected=expected), file=source)
    _check_duplicate_headers(list(grid.iloc[position]), kind, source, lang)
    positions, originals, extra = _map_headers(list(grid.iloc[position]), kind)
    body = grid.iloc[position + 1 :, list(positions)]
    body.columns = list(positions.values())
    body = body.reset_index(drop=True)
    body.insert(0, ROW, range(position + 2, position + 2 + len(body)))
    blank = _blank_cells(body.drop(columns=ROW)).all(axis=1)
    frame = body[~blank].reset_index(drop=True) if blank.any() else body  # no copy of a large file's cells
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
    _check_duplicate_headers(headers, kind, source, lang)
    positions, originals, extra = _map_headers(headers, kind)
    if not positions:
        expected = ", ".join(c.name for c in kind.columns[:8])
        raise InputError(t("data.no_header", lang, kind=kind.name, expected=expected), file=source)
    first = next(handle.iter_batches(batch_size=20, columns=[headers[p] for p in positions])).to_pandas()
    preview = first.astype(object).set_axis(list(positions.values()), axis=1)
    preview.insert(0, ROW, range(2, 2 + len(preview)))
    mapped = {name: headers[position] for position, name in positions.items()}
    return RawTable(preview, source, None, 1, originals, extra, parquet=path, parquet_columns=mapped, parquet_rows=rows)
