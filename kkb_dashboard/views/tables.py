"""Tables as a user reads them (pure: a frame in, a styled frame out): headers in the chosen language, numbers,
dates and months written the language's way, "–" for an empty cell, the columns a user reads first placed first.

The figures stay numbers underneath: a pandas Styler gives Streamlit the text to show beside the values, and
Streamlit sorts a column on its values (1.161 after 999, "Juni 2024" after "Januari 2024"). Streamlit draws an
empty number cell as "None" whatever the Styler says, so empty numbers are held as −∞ (sorted first, shown "–").
The language is the dashboard's, never the browser's locale.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler  # loaded by `DataFrame.style` when a table is first shown

from ..i18n import CATALOG, format_month, format_number, format_percent, t

EMPTY = "–"
_PERIOD = re.compile(r"^\d{4}-\d{2}$")
_SHORT_MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
#: Columns holding months (`2024-06`), shown as "Juni 2024".
_PERIOD_COLUMNS = frozenset({"periode", "bulan", "bulan_profil", "periode_profil"})
#: The import log: what a user reads first (file, time, rows read / imported / rejected, who), the rest after.
IMPORT_LOG_ORDER = (
    "file",
    "waktu",
    "rows_read",
    "rows_imported",
    "rows_rejected",
    "imported_by",
    "warnings",
    "kind",
    "wilayah",
    "sheet",
)


def short_date(value: dt.date | dt.datetime, lang: str = "id", time: bool = False) -> str:
    """2024-09-30 → `30 Sep 2024`; with `time`, `30 Sep 2024 14:05`."""
    text = f"{value.day} {_SHORT_MONTHS.get(lang, _SHORT_MONTHS['id'])[value.month - 1]} {value.year}"
    return f"{text} {value:%H:%M}" if time and isinstance(value, dt.datetime) else text


def _short_month(periode: str, lang: str) -> str:
    return f"{_SHORT_MONTHS.get(lang, _SHORT_MONTHS['id'])[int(periode[5:7]) - 1]} {periode[:4]}"


#: Columns of times written by the server's clock (`datetime.now()`, no zone stored: the import log, users):
#: their header names the server's zone, so "4 Des 2026 02:13" is not read as the reader's own time.
_SERVER_TIMES = frozenset({"waktu"})


def server_zone() -> str:
    """The server's time zone as an offset: "UTC", "UTC+7", "UTC+5:30", "UTC-3"."""
    minutes = round(dt.datetime.now().astimezone().utcoffset().total_seconds() / 60)
    if not minutes:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02d}" if rest else "")


def label(column: object, lang: str = "id") -> str:
    """The header for a column: its catalogue label (`tables.col.<name>`; a server time with its zone, "Waktu
    (UTC)"), a month `2024-06` as `Jun 2024`; a header already written for people (translated upstream) stays as
    it is."""
    name = str(column)
    key = f"tables.col.{name}"
    if key in CATALOG:
        return f"{t(key, lang)} ({server_zone()})" if name in _SERVER_TIMES else t(key, lang)
    if _PERIOD.match(name):
        return _short_month(name, lang)
    if "_" in name and name == name.lower():  # snake_case that no catalogue names: at least not code-like
        return name.replace("_", " ").capitalize()
    return name


def value_text(value: object, lang: str = "id", words: bool = True) -> object:
    """A text cell in the user's language: ok/rejected, atas/bawah, Lainnya…; empty → "–"; others unchanged."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return EMPTY
    if isinstance(value, str):
        if not value.strip():
            return EMPTY
        key = f"tables.value.{value}"
        return t(key, lang) if words and key in CATALOG else value
    return value


def _is_percent(name: str, shown: str, percent: set[str]) -> bool:
    return name in percent or shown in percent or "persen" in name or "%" in shown


def _number_format(values: np.ndarray, is_percent: bool, lang: str):
    """The text of each value of a column of `values` (float64, NaN for an empty cell): whole numbers without
    decimals unless a percentage, else two decimals."""
    values = values[~np.isnan(values)]
    whole = bool((np.isinf(values) | (values == np.floor(values))).all())  # an empty cell (−∞) makes no decimals
    decimals = 0 if whole and not is_percent else 2

    def text(value: float) -> str:
        if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
            return EMPTY
        return format_percent(value, decimals, lang) if is_percent else format_number(value, decimals, lang)

    return text


def _date_format(series: pd.Series, lang: str):
    with_time = pd.api.types.is_datetime64_any_dtype(series.dtype) and bool(
        (series.dropna().dt.normalize() != series.dropna()).any()
    )

    def text(value) -> str:
        if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return EMPTY
        if value == dt.date.min or (isinstance(value, pd.Timestamp) and value.year < 1700):
            return EMPTY  # an empty date, held as the earliest one
        return short_date(value.to_pydatetime() if isinstance(value, pd.Timestamp) else value, lang, with_time)

    return text


def _dates_without_gaps(series: pd.Series) -> pd.Series:
    """Empty dates as the earliest date there is (sorted first, shown "–"): Streamlit shows "None" for a null."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series.fillna(pd.Timestamp.min.ceil("s"))
    return series.astype(object).where(series.notna(), dt.date.min)


def _is_dates(series: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return True
    if series.dtype != object:
        return False
    sample = series.dropna().tolist()
    return bool(sample) and all(isinstance(v, dt.date) for v in sample)  # a column of names stops at its first


def _is_periods(name: str, series: pd.Series) -> bool:
    if not (pd.api.types.is_string_dtype(series.dtype) or series.dtype == object):
        return False
    sample = series.dropna()
    if sample.empty:
        return False
    # a column of names stops at its first value, before its values are listed
    return name in _PERIOD_COLUMNS or (
        bool(_PERIOD.match(str(sample.iloc[0]))) and all(_PERIOD.match(str(v)) for v in sample.tolist())
    )


def _texts(series: pd.Series, lang: str, words: bool) -> pd.Series:
    """`value_text` of every cell, worked out once per distinct value (a column repeats its tiers and names)."""
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # cells that cannot be told apart by hashing (lists …): one by one
        return series.map(lambda v: value_text(v, lang, words))
    values = uniques.tolist()
    texts = [value_text(v, lang, words) for v in values]
    unchanged = all(text is value for text, value in zip(texts, values, strict=True)) and not (codes < 0).any()
    if unchanged and (series.dtype == object or isinstance(series.dtype, pd.StringDtype)):
        return series  # names, codes …: every cell shows its own value
    shown = np.array([*texts, EMPTY], dtype=object)
    dtype = series.dtype if isinstance(series.dtype, pd.StringDtype) else object  # text stays text, as with `map`
    return pd.Series(shown[codes], index=series.index, name=series.name, dtype=dtype)  # code −1 (empty): "–"


def _ordered(frame: pd.DataFrame, first: tuple[str, ...]) -> pd.DataFrame:
    leading = [c for c in first if c in frame.columns]
    return frame[leading + [c for c in frame.columns if c not in leading]]


def styled(
    frame: pd.DataFrame, lang: str = "id", *, first: tuple[str, ...] = (), percent=(), words: bool = True
) -> Styler:
    """`frame` ready for `st.dataframe`: columns in `first` placed first, headers translated, numbers (percent
    for `*persen*` columns, headers with %, and the headers or names in `percent`), dates, months, yes/no and
    known words in `lang` (`words=False` keeps a user's own file's headers and words), "–" for empty cells.
    Values stay as they are underneath, so sorting stays numeric."""
    data, formats = _prepared(frame, lang, first, percent, words)
    return data.style.format({data.columns[i]: f for i, f in formats.items()}, na_rep=EMPTY)


def cell_texts(
    frame: pd.DataFrame, lang: str = "id", *, first: tuple[str, ...] = (), percent=(), words: bool = True
) -> tuple[pd.DataFrame, dict[int, np.ndarray]]:
    """What `styled` shows, worked out a column at a time: the values underneath (as `styled(...).data`) and, for
    each column written the language's way (numbers, dates, months; keyed by its position), the text of every
    cell — each distinct value formatted once. The other columns show their values as they are."""
    data, formats = _prepared(frame, lang, first, percent, words)
    texts = {}
    for position, text in formats.items():
        codes, uniques = pd.factorize(data.iloc[:, position], use_na_sentinel=True)
        shown = np.array([text(v) for v in uniques.tolist()] + [EMPTY], dtype=object)
        texts[position] = shown[codes]  # code −1 (empty): "–"
    return data, texts


def _prepared(
    frame: pd.DataFrame, lang: str, first: tuple[str, ...], percent, words: bool
) -> tuple[pd.DataFrame, dict]:
    """The values underneath a shown table (headers translated) and the text function of each column written
    the language's way, keyed by the column's position."""
    source = _ordered(frame, first)
    percent, formats, columns = set(percent), {}, {}
    for name in source.columns:
        series, shown = source[name], label(name, lang)
        if pd.api.types.is_bool_dtype(series.dtype):
            columns[name] = series.map(lambda v: t("tables.value.yes" if v else "tables.value.no", lang))
        elif pd.api.types.is_numeric_dtype(series.dtype):
            values = series.to_numpy(dtype="float64", na_value=np.nan)
            gaps = np.isnan(values)
            columns[name] = pd.Series(np.where(gaps, -math.inf, values), index=source.index) if gaps.any() else series
            formats[name] = _number_format(values, _is_percent(str(name), shown, percent), lang)
        elif _is_dates(series):
            formats[name] = _date_format(series, lang)
            columns[name] = _dates_without_gaps(series)
        elif _is_periods(str(name), series):
            formats[name] = lambda v, lang=lang: format_month(v, lang) if isinstance(v, str) and v else EMPTY
            columns[name] = series.fillna("")  # an empty month sorts first and shows "–"
        else:
            columns[name] = _texts(series, lang, words)
    labels = {name: label(name, lang) if words else str(name) for name in source.columns}
    data = pd.DataFrame(columns, index=source.index)
    data.columns = [labels[name] for name in source.columns]
    return data, {source.columns.get_loc(name): f for name, f in formats.items()}


#: At most this many cells are styled at once. Streamlit writes every cell of a styled table as text on each
#: rerun, so a table's cost grows with its cells, and it refuses one over 262,144 cells. A larger table (e.g.
#: every Kampung KB of a province) is sorted on its values over all its rows and shown a page of this many cells
#: at a time (about 240 rows of the 21-column village table: far more than a projector shows), each page styled
#: like any table: numbers read 1.161 in Indonesian whatever the browser's locale, which Streamlit's own number
#: formats cannot do.
STYLED_CELLS = 5_000


def page_size(frame: pd.DataFrame) -> int:
    """Rows on one page of `frame`: as many as fit in STYLED_CELLS cells (at least one)."""
    return max(STYLED_CELLS // max(len(frame.columns), 1), 1)


def pages(frame: pd.DataFrame) -> int:
    """How many pages `frame` takes (1 for a table that fits)."""
    return max(math.ceil(len(frame) / page_size(frame)), 1)


def sorted_positions(frame: pd.DataFrame, by: object, descending: bool) -> list[int]:
    """The positions of `frame`'s rows sorted on column `by`'s values (numbers as numbers, empty cells last)."""
    values = frame[by].reset_index(drop=True)
    try:
        ordered = values.sort_values(ascending=not descending, kind="stable", na_position="last")
    except TypeError:  # a column mixing kinds of values (numbers and text): sorted as the text they show
        ordered = values.astype(str).where(values.notna()).sort_values(ascending=not descending, kind="stable")
    return [int(p) for p in ordered.index]


def page(frame: pd.DataFrame, by: object, descending: bool, number: int) -> tuple[pd.DataFrame, list[int]]:
    """Page `number` (from 1) of `frame` sorted on column `by`, and the positions in `frame` of its rows (to map
    a selection on the page back to `frame`)."""
    size = page_size(frame)
    start = (min(max(number, 1), pages(frame)) - 1) * size
    positions = sorted_positions(frame, by, descending)[start : start + size]
    return frame.iloc[positions], positions


def for_export(frame: pd.DataFrame, lang: str = "id", *, first: tuple[str, ...] = ()) -> pd.DataFrame:
    """The same table for a CSV/XLSX download: headers and known words in `lang`, values left as values."""
    data = _ordered(frame, first).copy()
    for name in data.columns:
        series = data[name]
        if pd.api.types.is_bool_dtype(series.dtype):
            data[name] = series.map(lambda v: t("tables.value.yes" if v else "tables.value.no", lang))
        elif series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            data[name] = series.map(lambda v: t(f"tables.value.{v}", lang) if f"tables.value.{v}" in CATALOG else v)
    return data.rename(columns={name: label(name, lang) for name in data.columns})
