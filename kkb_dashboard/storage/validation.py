"""Row-level validation of an imported table: where each row is, parsed values, errors and warnings.

One pipeline: `validate` checks the file as a whole (region, columns, rows at all), then hands the rows to one of
two executors of the same rules (`rowrules`, `values`): row by row here, or `bulk` for large tables located by code.
`bulk` never imports this module (the collector of issues is passed to it), so the two form no cycle.

Errors reject a row (file, sheet, Excel row number, column, value and how to fix it, in Bahasa Indonesia or
English); warnings (implausible values such as participants above their denominator) are shown with the data
and do not reject anything. The output frame holds only valid rows, with canonical columns and `_row`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.rules.schema import Kind
from kkb_dashboard.storage import bulk

from ..errors import InputError
from ..i18n import format_number, t
from ..rules import regions
from ..rules.matching import NameMatcher, matcher_for
from ..rules.values import is_empty, parse_series
from .readers import ROW, RawTable, read_table
from .rowrules import CONTRACEPTIVE_USERS, DENOMINATORS, code_problem

_LOCATION_LEVELS = (("provinsi", 1), ("kabupaten_kota", 2), ("kecamatan", 3), ("desa_kelurahan", 4))


@dataclass
class Issue:
    """One error or warning, tied to a row and column as the user sees them."""

    row: int | None
    column: str | None
    value: str | None
    message: str
    key: str = ""

    def as_dict(self) -> dict:
        """The CLI's JSON form: row, column, value, message."""
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class Validated:
    """The result of validating one table: the valid rows and every row's outcome."""

    kind: str
    frame: pd.DataFrame
    rows: list[dict]
    rows_read: int
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    #: large tables (`bulk`): rejected rows as counted in DuckDB (`errors` then holds the first ones per column)
    rejected_rows: int | None = None
    #: large tables: the valid rows, still in DuckDB (`frame` is then empty and `rows` lists rejected rows only)
    bulk: bulk.BulkRows | None = None

    @property
    def rejected(self) -> set[int]:
        """Row numbers with at least one error (of the errors listed)."""
        return {e.row for e in self.errors if e.row is not None}

    @property
    def rejected_count(self) -> int:
        """How many rows were rejected."""
        return self.rejected_rows if self.rejected_rows is not None else len(self.rejected)

    def close(self) -> None:
        """Free the bulk path's in-memory database (nothing to do for small tables)."""
        if self.bulk is not None:
            self.bulk.close()


class _Collector:
    """Gathers issues with the file's own header names, in the chosen language."""

    def __init__(self, raw: RawTable, lang: str):
        self.raw, self.lang = raw, lang
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []

    def header(self, column: str | None) -> str | None:
        return self.raw.columns.get(column, column) if column else None

    # Positional-only and formatted here, not by `t(key, lang, **params)`: a message's own `{key}`
    # placeholder (data.duplicate) would collide with those parameter names.
    def add(self, target: list[Issue], row, column, value, message_key, /, **params) -> None:
        template = t(message_key, self.lang)
        params = {k: self._number(v) if k in ("low", "high") else v for k, v in params.items()}
        problem = template.format(**params) if params else template
        shown = None if value is None or is_empty(value) else str(value)
        where = t("data.where", self.lang, row=row, column=self.header(column) or "-") if row else ""
        target.append(
            Issue(int(row) if row is not None else None, self.header(column), shown, f"{where}{problem}", message_key)
        )

    def _number(self, value: object) -> object:
        """A range's end as the user writes numbers (500.000 in Bahasa Indonesia, 500,000 in English)."""
        return format_number(value, 0, self.lang) if isinstance(value, int | float) else value

    def error(self, row, column, value, message_key, /, **params) -> None:
        self.add(self.errors, row, column, value, message_key, **params)

    def warn(self, row, column, value, message_key, /, **params) -> None:
        self.add(self.warnings, row, column, value, message_key, **params)


def validate(
    raw: RawTable,
    kind: Kind,
    *,
    wilayah: str | None = None,
    lang: str = "id",
    today: dt.date | None = None,
    register: pd.DataFrame | None = None,
) -> Validated:
    """Validate `raw` as `kind`. `wilayah` is the parent region for name matching; `register` the stored
    Kampung KB (kode_desa, nama_kampung), used to match `nama_kampung` and to warn about unregistered villages.
    Raises InputError when the table as a whole is unusable (a required column missing, a bad `wilayah`).

    Tables of readers.LARGE_TABLE rows or more located by code are checked in DuckDB (`bulk`): same checks and
    messages, but only the first `bulk.MAX_ISSUES` messages per column and problem, and `rows` lists the
    rejected rows only; call `close()` on the result when done."""
    today = today or dt.date.today()
    scope = _check_wilayah(wilayah, raw, lang)
    _check_columns(raw, kind, lang)
    issues = _Collector(raw, lang)
    if raw.row_count == 0:  # a header and nothing under it: nothing to store, said so (exit 0, README)
        issues.warn(None, None, None, "data.no_rows", header_row=raw.header_row)
        return Validated(kind.name, pd.DataFrame(columns=[ROW]), [], 0, [], issues.warnings)
    if bulk.eligible(raw, kind):
        found = bulk.validate(raw, kind, scope, issues, today, register)
        if found is not None:
            rows_read, outcomes, rejected, rows = found
            return Validated(
                kind.name,
                pd.DataFrame(columns=[ROW]),
                outcomes,
                rows_read,
                issues.errors,
                issues.warnings,
                rejected_rows=rejected,
                bulk=rows,
            )
    if raw.parquet is not None:  # a large file with rows to locate by name: read it whole, row by row
        raw = read_table(raw.parquet, kind, source=raw.source, lang=lang, whole=True)
        issues = _Collector(raw, lang)
    for row in raw.overflow_rows:
        issues.error(row, None, None, "data.overflow_cells", separator=raw.separator or ",")
    frame = raw.frame.copy()
    outcomes = _locate(frame, kind, scope, register, issues)
    frame = _parse_columns(frame, kind, today, issues)
    frame = _KIND_CHECKS.get(kind.name, lambda f, *_: f)(frame, issues, register, today)
    _check_duplicates(frame, kind, issues)
    rejected = {e.row for e in issues.errors if e.row is not None}
    for outcome in outcomes:
        outcome["status"] = "rejected" if outcome["row"] in rejected else "ok"
    valid = frame[~frame[ROW].isin(rejected)].reset_index(drop=True)
    return Validated(kind.name, valid, outcomes, len(raw.frame), issues.errors, issues.warnings)


def _check_wilayah(wilayah: str | None, raw: RawTable, lang: str) -> str | None:
    if wilayah is None or str(wilayah).strip() == "":
        return None
    code = regions.normalize_code(wilayah)
    if code is None or not regions.is_known(code):
        raise InputError(t("data.bad_wilayah", lang, value=wilayah), file=raw.source)
    return code


def _check_columns(raw: RawTable, kind: Kind, lang: str) -> None:
    present = set(raw.frame.columns)
    for column in kind.columns:
        if column.required and column.name not in present:
            aliases = ", ".join((column.name, *column.aliases))
            raise InputError(t("data.missing_column", lang, column=column.name, aliases=aliases), file=raw.source)
    if kind.by_desa and not present & {"kode_desa", "desa_kelurahan", "nama_kampung"}:
        aliases = ", ".join(("kode_desa", *kind.column("kode_desa").aliases))
        raise InputError(t("data.missing_location", lang, aliases=aliases), file=raw.source)
    if kind.name == "kegiatan" and not present & {"tanggal", "periode"}:
        raise InputError(t("data.missing_when", lang), file=raw.source)
    if kind.name == "indikator" and not ({"indikator", "nilai"} <= present or raw.extra):
        raise InputError(t("data.missing_indicator", lang), file=raw.source)


# --- where each row is -------------------------------------------------------------------------------------


def _locate(frame: pd.DataFrame, kind: Kind, scope: str | None, register, issues: _Collector) -> list[dict]:
    """Fill `kode_desa` (or check `kode_wilayah`) and return each row's outcome (row, code, match, score)."""
    if not kind.by_desa:
        return _check_region_codes(frame, scope, issues)
    if "kode_desa" not in frame.columns:
        frame["kode_desa"] = None
    coded = ~frame["kode_desa"].map(is_empty)
    checked = _checked_codes(frame[coded], "kode_desa", 4, scope, issues)
    # Built whole: a masked assignment (`codes[coded] = …`) turns the other rows' None into NaN (pandas 3),
    # and NaN is truthy, is not a code and is not valid JSON.
    codes = pd.Series([checked.get(i) for i in frame.index], index=frame.index, dtype=object)
    matches = pd.Series("failed", index=frame.index, dtype=object)
    matches[coded & codes.notna()] = "code"
    scores = pd.Series(0.0, index=frame.index)
    scores[coded & codes.notna()] = 100.0
    name_matchers: dict[tuple[str, int], NameMatcher] = {}
    kampung_matchers: dict[str, NameMatcher] = {}
    for index, record in frame[~coded].iterrows():
        codes[index], matches[index], scores[index] = _locate_by_name(
            record, scope, register, issues, name_matchers, kampung_matchers
        )
    frame["kode_desa"] = codes
    return [
        {"row": int(r), "kode_desa": c, "match": m, "score": round(float(s), 1)}
        for r, c, m, s in zip(frame[ROW], codes, matches, scores, strict=True)
    ]


def _locate_by_name(record, scope, register, issues, name_matchers, kampung_matchers):
    if not is_empty(record.get("desa_kelurahan")):
        return _match_names(record, scope, issues, name_matchers)
    if not is_empty(record.get("nama_kampung")) and register is not None:
        return _match_kampung(record, scope, register, issues, kampung_matchers)
    issues.error(record[ROW], "kode_desa", None, "data.no_location")
    return None, "failed", 0.0


def _checked_codes(frame: pd.DataFrame, column: str, level: int, scope, issues) -> pd.Series:
    """Codes of `column`, checked once per distinct value; rows with a bad code get an error and None."""
    results = {value: code_problem(value, level, scope) for value in frame[column].drop_duplicates()}
    for row, value in zip(frame[ROW], frame[column], strict=True):
        problem = results[value][1]
        if problem:
            issues.error(row, column, value, problem[0], **problem[1])
    return pd.Series([results[value][0] for value in frame[column]], index=frame.index, dtype=object)


def _match_names(record, scope, issues, matchers):
    """Walk provinsi → kab/kota → kecamatan → desa names, each inside the last region found.

    A desa name is only matched inside a region the user named (`--wilayah` or a provinsi, kab/kota or
    kecamatan column): across all of Indonesia a name such as Taman Sari has dozens of namesakes."""
    row, parent = record[ROW], scope or ""
    worst = ("exact", 100.0)
    given = [(col, lvl) for col, lvl in _LOCATION_LEVELS if not is_empty(record.get(col))]
    for column, level in given:
        if level <= regions.level_of(parent):
            continue  # the region the user named already fixes this level
        if level == 4 and not parent:
            break  # a desa name with no parent region named is searched nowhere (need_wilayah below)
        if (parent, level) not in matchers:  # setdefault would build a matcher for every row
            matchers[parent, level] = matcher_for(parent, level)
        matcher = matchers[parent, level]
        found = matcher(record[column])
        if found.code is None:
            _name_error(row, column, record[column], found, parent, issues)
            return None, "failed", found.score
        if found.match == "approximate" and found.score < worst[1]:
            worst = ("approximate", found.score)
        parent = found.code
    if regions.level_of(parent) != 4:
        issues.error(row, "desa_kelurahan", record.get("desa_kelurahan"), "data.need_wilayah")
        return None, "failed", 0.0
    return parent, worst[0], worst[1]


def _name_error(row, column, value, found, parent, issues) -> None:
    where = regions.label(parent)
    if found.reason == "ambiguous":
        issues.error(row, column, value, "data.ambiguous_name", where=where, candidates="; ".join(found.candidates))
    elif found.candidates:
        issues.error(
            row, column, value, "data.name_not_found_near", where=where, candidates="; ".join(found.candidates)
        )
    else:
        issues.error(row, column, value, "data.name_not_found", where=where)


def _match_kampung(record, scope, register, issues, matchers):
    row = record[ROW]
    if not scope:
        issues.error(row, "nama_kampung", record["nama_kampung"], "data.need_wilayah")
        return None, "failed", 0.0
    if scope not in matchers:
        inside = register[register["kode_desa"].str.startswith(scope + ".") & register["nama_kampung"].notna()]
        matchers[scope] = NameMatcher(inside.rename(columns={"kode_desa": "kode", "nama_kampung": "nama"}))
    found = matchers[scope](record["nama_kampung"])
    if found.code is None:
        _name_error(row, "nama_kampung", record["nama_kampung"], found, scope, issues)
        return None, "failed", found.score
    return found.code, found.match, found.score


def _check_region_codes(frame: pd.DataFrame, scope, issues) -> list[dict]:
    empty = frame["kode_wilayah"].map(is_empty)
    for row in frame.loc[empty, ROW]:
        issues.error(row, "kode_wilayah", None, "data.required_empty")
    checked = _checked_codes(frame[~empty], "kode_wilayah", 0, scope, issues)
    codes = pd.Series([checked.get(i) for i in frame.index], index=frame.index, dtype=object)
    frame["kode_wilayah"] = codes
    return [
        {
            "row": int(r),
            "kode_desa": c if c and regions.level_of(c) == 4 else None,
            "kode_wilayah": c,
            "match": "code" if c else "failed",
            "score": 100.0 if c else 0.0,
        }
        for r, c in zip(frame[ROW], codes, strict=True)
    ]


# --- values ------------------------------------------------------------------------------------------------


def _parse_columns(frame: pd.DataFrame, kind: Kind, today: dt.date, issues: _Collector) -> pd.DataFrame:
    skip = {"kode_desa", "kode_wilayah", *schema.LOCATION_COLUMNS}
    for column in kind.columns:
        if column.name in skip or column.name not in frame.columns:
            continue
        values, problems = parse_series(frame[column.name], column.type, today, column.bounds)
        for row, raw_value, problem in zip(frame[ROW], frame[column.name], problems, strict=True):
            if problem is not None:
                issues.error(row, column.name, raw_value, problem[0], **problem[1])
            elif column.required and is_empty(raw_value):
                issues.error(row, column.name, None, "data.required_empty")
        frame[column.name] = values
    return frame


def _check_kampung(frame, issues, register, today):
    if "tanggal_pencanangan" in frame.columns:
        pairs = frame["tanggal_pencanangan"]
        frame["tahun_pencanangan"] = pairs.map(lambda p: p[1] if isinstance(p, tuple) else None)
        frame["tanggal_pencanangan"] = pairs.map(lambda p: p[0] if isinstance(p, tuple) else None)
    for row, lat, lon in zip(frame[ROW], frame.get("lat", []), frame.get("lon", []), strict=False):
        # is_empty, not `is None`: an empty cell arrives as NaN, and a register without points must not warn
        if not is_empty(lat) and not -11.5 <= lat <= 6.5 or not is_empty(lon) and not 94.5 <= lon <= 141.5:
            issues.warn(row, "lat", f"{lat}, {lon}", "data.point_outside_indonesia")
    return frame


def _check_kegiatan(frame, issues, register, today):
    if "tanggal" in frame.columns:
        from_date = frame["tanggal"].map(lambda d: f"{d.year:04d}-{d.month:02d}" if d else None)
        frame["periode"] = from_date.where(from_date.notna(), frame.get("periode"))
    # `periode` now holds the date's month too, so an empty one means both cells are empty (a missing value
    # may be NaN here, not None); a cell already reported as unreadable is not reported again as empty.
    when = {issues.header("tanggal"), issues.header("periode")}
    reported = {e.row for e in issues.errors if e.column in when}
    for row, period in zip(frame[ROW], frame["periode"], strict=True):
        if is_empty(period) and row not in reported:
            issues.error(row, "periode", None, "data.no_period")
    frame["jumlah"] = frame["jumlah"].map(lambda v: 1 if v is None else v) if "jumlah" in frame else 1
    if register is not None:
        known = set(register["kode_desa"])
        for row, code in zip(frame[ROW], frame["kode_desa"], strict=True):
            if code and code not in known:
                issues.warn(row, "kode_desa", code, "data.not_registered", code=regions.label(code))
    return frame


def _check_profil(frame, issues, register, today):
    for record in frame.to_dict("records"):
        row = record[ROW]
        for part, whole in DENOMINATORS:
            if (record.get(part) or 0) > (record.get(whole) or 0) and record.get(whole) is not None:
                issues.warn(
                    row, part, record[part], "data.above_denominator", whole=issues.header(whole), total=record[whole]
                )
        users = sum(record.get(c) or 0 for c in CONTRACEPTIVE_USERS)
        if record.get("pus") is not None and users > record["pus"]:
            issues.warn(row, "pus", record["pus"], "data.cpr_above_100", users=users)
    return frame


def _check_indikator(frame, issues, register, today):
    if "indikator" not in frame.columns:
        frame = _wide_to_long(frame, issues)
    for row, name, value in zip(frame[ROW], frame["indikator"], frame["nilai"], strict=True):
        if is_empty(name):
            issues.error(row, "indikator", None, "data.required_empty")
        elif value is not None and "%" in str(name) and not 0 <= value <= 100:
            issues.warn(row, "nilai", value, "data.percent_out_of_range")
    return frame


def _wide_to_long(frame: pd.DataFrame, issues: _Collector) -> pd.DataFrame:
    """Wide indicator tables (one column per indicator) become long rows, one per non-empty cell."""
    fixed = [c for c in (ROW, "kode_wilayah", "periode", "satuan", "keterangan") if c in frame.columns]
    indicators = [c for c in frame.columns if c not in fixed]
    long = frame.melt(id_vars=fixed, value_vars=indicators, var_name="indikator", value_name="nilai")
    long = long[~long["nilai"].map(is_empty)].reset_index(drop=True)
    values, problems = parse_series(long["nilai"], "float", dt.date.today(), schema.INDICATOR_VALUE)
    for row, name, raw_value, problem in zip(long[ROW], long["indikator"], long["nilai"], problems, strict=True):
        if problem is not None:
            issues.add(issues.errors, row, name, raw_value, problem[0], **problem[1])
    long["nilai"] = values
    return long


_KIND_CHECKS = {
    "kampung": _check_kampung,
    "kegiatan": _check_kegiatan,
    "profil": _check_profil,
    "indikator": _check_indikator,
}


def _check_duplicates(frame: pd.DataFrame, kind: Kind, issues: _Collector) -> None:
    """Two rows with the same key (e.g. the same Kampung KB and period): the later one is an error."""
    key = [c for c in kind.key if c in frame.columns]
    located = frame.dropna(subset=[key[0]])
    as_text = located[key].astype(str)
    duplicated = as_text.duplicated(keep="first")
    if not duplicated.any():
        return
    first_row: dict[tuple, int] = {}
    for values, row in zip(map(tuple, as_text.values.tolist()), located[ROW], strict=True):
        first_row.setdefault(values, row)
    for position in duplicated[duplicated].index:
        issues.error(
            located.at[position, ROW],
            key[0],
            located.at[position, key[0]],
            "data.duplicate",
            first=first_row[tuple(as_text.loc[position])],
            key=", ".join(key),
        )
