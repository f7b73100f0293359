"""Parse one cell of a given column type: counts, numbers, yes/no, dates, months, years and named sets.

Each parser takes the raw cell (text from CSV, or a native Excel value) and returns `(value, problem)`,
where `problem` is None or `(message_key, params)` for `i18n.t`. Empty cells return `(None, None)`.
Columns are parsed once per distinct value, so a million rows with a few hundred distinct cells is quick.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.rules.schema import header_key

Problem = tuple[str, dict] | None
Parsed = tuple[object, Problem]

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
# A number as people write it once thousands dots and decimal commas are normalised: digits, one decimal point,
# an optional exponent (Excel's CSV writes 1E+15). Not Python's extras: `1_000`, `nan`, `inf`, `Infinity`.
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
# C0 and C1 control characters and DEL; tab, line feed and carriage return are kept (Alt+Enter in Excel).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOT_FINITE = {"nan", "inf", "infinity"}
#: Dates and months are accepted from the program's first records to the end of the century.
FIRST_YEAR, LAST_YEAR = 1990, 2100
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "agt", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nopember", "nov"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}
_TRUE = {"ya", "y", "1", "true", "ada", "yes", "sudah", "benar"}
_FALSE = {"tidak", "t", "0", "false", "tidakada", "no", "n", "belum", "salah", "tdk"}
_EMPTY_SET = {"", "tidakada", "none", "kosong", "0"}  # "" is what "-" folds to


def is_empty(value: object) -> bool:
    """None, NaN, NaT or blank text."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    if value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, str) and not value.strip()


def _number_text(value: object) -> str:
    text = str(value).strip().replace(" ", "").rstrip("%")
    if _THOUSANDS.match(text):  # 1.161 as Indonesians write one thousand one hundred sixty-one
        return text.replace(".", "")
    if "," in text and "." in text:  # 1.234,5
        return text.replace(".", "").replace(",", ".")
    return text.replace(",", ".")


def parse_float(value: object, bounds: tuple[float, float] | None = None) -> Parsed:
    """`24,28`, `24.28`, `24,28 %`, `1.234,5` → a finite float, within `bounds` (low, high) when given."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        # an int too large for a float is clamped (still far outside every range), not an OverflowError
        number = float(value) if isinstance(value, float) else float(min(max(value, -(10**300)), 10**300))
    else:
        text = _number_text(value)
        if not _NUMBER.match(text):
            return None, ("data.not_finite" if text.lower().lstrip("+-") in _NOT_FINITE else "data.not_number", {})
        number = float(text)
    if not math.isfinite(number):
        return None, ("data.not_finite", {})
    return _within(number, bounds)


def _within(number: float, bounds: tuple[float, float] | None) -> Parsed:
    if bounds is None or bounds[0] <= number <= bounds[1]:
        return number, None
    if number < 0 <= bounds[0]:
        return None, ("data.negative", {})
    return None, ("data.out_of_range", {"low": bounds[0], "high": bounds[1]})


def parse_count(value: object, bounds: tuple[float, float] | None = None) -> Parsed:
    """A whole, non-negative count within `bounds`: `12`, `12.0` (Excel), `1.161` (thousands dot)."""
    number, problem = parse_float(value)
    if problem:
        return None, problem
    if number != int(number):
        return None, ("data.not_whole", {})
    number, problem = _within(number, bounds or (0, 2**53))  # beyond 2^53 a float holds no exact count
    return (None, problem) if problem else (int(number), None)


def parse_bool(value: object) -> Parsed:
    """ya/tidak, y/t, 1/0, true/false, ada/tidak ada (any case)."""
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value), None
    key = header_key(value)
    if key in _TRUE:
        return True, None
    if key in _FALSE:
        return False, None
    return None, ("data.not_bool", {})


def _month_number(word: str) -> int | None:
    return _MONTH_NAMES.get(word.lower().strip("."))


def parse_date(value: object, today: dt.date) -> Parsed:
    """2024-05-27, 27/05/2024, 27-05-2024, 27 Mei 2024, or an Excel date → date; 1990 or later, not in the future."""
    parsed = _to_date(value)
    if parsed is None:
        return None, ("data.not_date", {})
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        return None, _year_range()
    if parsed > today:
        return None, ("data.future_date", {"today": today.isoformat()})
    return parsed, None


def _to_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    words = text.replace(",", " ").split()
    if len(words) == 3 and words[0].isdigit() and words[2].isdigit() and _month_number(words[1]):
        try:
            return dt.date(int(words[2]), _month_number(words[1]), int(words[0]))
        except ValueError:
            return None
    return None


def _year_range() -> tuple[str, dict]:
    return "data.year_out_of_range", {"low": str(FIRST_YEAR), "high": str(LAST_YEAR)}


def _to_period(value: object) -> str | None:
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    match = re.match(r"^(\d{4})[-/.](\d{1,2})$", text) or re.match(r"^(\d{4})[-/.](\d{1,2})[-/.]\d{1,2}", text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    elif match := re.match(r"^(\d{1,2})[-/.](\d{4})$", text):
        year, month = int(match.group(2)), int(match.group(1))
    elif (words := text.split()) and len(words) == 2 and words[1].isdigit() and _month_number(words[0]):
        year, month = int(words[1]), _month_number(words[0])
    else:
        return None
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def parse_period(value: object, today: dt.date) -> Parsed:
    """A reporting month `YYYY-MM` from 2024-05, 05/2024, Mei 2024, 2024-05-01 or an Excel date."""
    period = _to_period(value)
    if period is None:
        return None, ("data.not_period", {})
    if not FIRST_YEAR <= int(period[:4]) <= LAST_YEAR:
        return None, _year_range()
    if period > f"{today.year:04d}-{today.month:02d}":
        return None, ("data.future_period", {"today": today.isoformat()[:7]})
    return period, None


def parse_year(value: object, today: dt.date, future_ok: bool = True) -> Parsed:
    """A year 1990–2100 (targets may lie in the future; formation years may not)."""
    number, problem = parse_float(value, (FIRST_YEAR, LAST_YEAR))
    if problem or number != int(number):
        return None, ("data.not_year", {})
    if not future_ok and number > today.year:
        return None, ("data.future_date", {"today": today.isoformat()})
    return int(number), None


def parse_period_or_year(value: object, today: dt.date) -> Parsed:
    """`2024` (a year) or a month `2024-05`, for regional indicators."""
    text = str(value).strip()
    if isinstance(value, int | float) or re.fullmatch(r"\d{4}(\.0)?", text):
        year, problem = parse_year(value, today)
        return (str(year), None) if not problem else (None, ("data.not_period_or_year", {}))
    period, problem = parse_period(value, today)
    return (
        (period, None)
        if not problem
        else (None, problem if problem[0] != "data.not_period" else ("data.not_period_or_year", {}))
    )


def parse_tanggal_or_year(value: object, today: dt.date) -> Parsed:
    """Formation: a full date, a month (first day) or just a year → (date or None, year)."""
    text = str(value).strip()
    if isinstance(value, int | float) or re.fullmatch(r"\d{4}(\.0)?", text):
        year, problem = parse_year(value, today, future_ok=False)
        return ((None, year), None) if not problem else (None, problem)
    date = _to_date(value)
    if date is None and (period := _to_period(value)):
        if not FIRST_YEAR <= int(period[:4]) <= LAST_YEAR:  # year 0000 is no date at all
            return None, _year_range()
        date = dt.date(int(period[:4]), int(period[5:]), 1)
    if date is None:
        return None, ("data.not_date_or_year", {})
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        return None, _year_range()
    if date > today:
        return None, ("data.future_date", {"today": today.isoformat()})
    return (date, date.year), None


def _lookup_parser(vocabulary: dict[str, tuple[str, ...]], key: str) -> Callable[[object], Parsed]:
    lookup = schema.canonical_lookup(vocabulary)
    accepted = ", ".join(vocabulary)

    def parse(value: object) -> Parsed:
        found = lookup.get(header_key(value))
        return (found, None) if found else (None, (key, {"accepted": accepted}))

    return parse


parse_activity = _lookup_parser(schema.ACTIVITY_TYPES, "data.unknown_activity")
parse_seksi = _lookup_parser(schema.FAMILY_FUNCTIONS, "data.unknown_seksi")
parse_tier = _lookup_parser({tier: () for tier in schema.TIERS}, "data.unknown_tier")


def _split(value: object) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n]", str(value)) if part.strip()]


def parse_set(value: object, vocabulary_name: str) -> Parsed:
    """`APBD; dana desa, CSR` → `APBD;Dana Desa;CSR` in vocabulary order; unknown names are an error."""
    vocabulary = schema.VOCABULARIES[vocabulary_name]
    if header_key(value) in _EMPTY_SET:
        return "", None
    lookup = schema.canonical_lookup(vocabulary)
    found, unknown = set(), []
    for part in _split(value):
        canonical = lookup.get(header_key(part))
        (found.add(canonical) if canonical else unknown.append(part))
    if unknown:
        return None, ("data.unknown_set_item", {"items": ", ".join(unknown), "accepted": ", ".join(vocabulary)})
    return ";".join(name for name in vocabulary if name in found), None


_AGENCY_LOOKUP = schema.canonical_lookup(schema.AGENCIES)


def parse_agencies(value: object) -> Parsed:
    """Partner agencies, `;`-separated; known spellings become one name (Dinas Kesehatan → Dinkes)."""
    if problem := _control_problem(value):
        return None, problem
    if header_key(value) in _EMPTY_SET:
        return "", None
    names = dict.fromkeys(_AGENCY_LOOKUP.get(header_key(part), part) for part in _split(value))
    return ";".join(names), None


def parse_text(value: object) -> Parsed:
    """Free text, stripped; numbers from Excel lose a trailing `.0`; control characters (NUL …) are an error."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None
    if problem := _control_problem(value):
        return None, problem
    return str(value).strip(), None


def _control_problem(value: object) -> Problem:
    """A text with a control character (NUL, ESC, …; not tab or line breaks): it is invisible, breaks exports
    and comparisons, and usually means a damaged file or a wrong encoding."""
    found = _CONTROL.search(str(value))
    return ("data.control_character", {"code": f"U+{ord(found.group()):04X}"}) if found else None


def parser_for(
    column_type: str, today: dt.date, bounds: tuple[float, float] | None = None
) -> Callable[[object], Parsed]:
    """The parser for a column of `column_type` (see `schema.Column`); numbers must lie within `bounds`."""
    if column_type.startswith("set:"):
        vocabulary = column_type.split(":", 1)[1]
        return lambda value: parse_set(value, vocabulary)
    parsers: dict[str, Callable[[object], Parsed]] = {
        "int": lambda v: parse_count(v, bounds),
        "float": lambda v: parse_float(v, bounds),
        "bool": parse_bool,
        "text": parse_text,
        "date": lambda v: parse_date(v, today),
        "period": lambda v: parse_period(v, today),
        "year": lambda v: parse_year(v, today),
        "period_or_year": lambda v: parse_period_or_year(v, today),
        "tanggal_or_year": lambda v: parse_tanggal_or_year(v, today),
        "activity": parse_activity,
        "seksi": parse_seksi,
        "tier": parse_tier,
        "agencies": parse_agencies,
    }
    return parsers[column_type]


def parse_series(
    series: pd.Series, column_type: str, today: dt.date, bounds: tuple[float, float] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Parse a column: (values, problems), both aligned with `series`; empty cells give (None, None)."""
    parse = parser_for(column_type, today, bounds)
    results: dict[object, Parsed] = {}
    for value in series.drop_duplicates():
        key = _hashable(value)
        results[key] = (None, None) if is_empty(value) else parse(value)
    keys = [_hashable(value) for value in series]
    # Built from lists as object columns: `Series.map` would infer float64 for counts with an empty cell
    # and turn its None into NaN (so `jumlah` lost its default of 1 and NaN leaked into sums).
    values = pd.Series([results[k][0] for k in keys], index=series.index, dtype=object)
    problems = pd.Series([results[k][1] for k in keys], index=series.index, dtype=object)
    return values, problems


def _hashable(value: object) -> object:
    if isinstance(value, float) and value != value:
        return None
    try:
        hash(value)
        return value
    except TypeError:
        return str(value)
