"""XLSX templates per file kind and the data dictionary, both printed from `schema` (pure: data in, bytes out).

A template has the kind's canonical headers and one example row that imports cleanly, then a second sheet that
explains every column: aliases, whether it is required, its type and the values accepted.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kkb_dashboard.rules import schema

from ..i18n import CATALOG, format_number, t
from ..rules import values

_DICTIONARY_KEYS = ("kind", "column", "aliases", "required", "type", "description", "accepted")
_TEXT_FORMAT = "@"  # Excel would turn 3672011005 into a number and drop leading zeros of other codes
_SIMPLE_TYPES = ("code", "int", "float", "bool", "date", "period", "period_or_year", "year", "tanggal_or_year")


def _names(vocabulary: dict[str, tuple[str, ...]]) -> str:
    """`BKB (Bina Keluarga Balita) · Posyandu · …`: canonical names with their accepted spellings."""
    return " · ".join(
        f"{name} ({', '.join(spellings)})" if spellings else name for name, spellings in vocabulary.items()
    )


def type_label(column: schema.Column, lang: str = "id") -> str:
    """The column's type in words (`set:sumber_dana` → "names separated by ;")."""
    kind = "set" if column.type.startswith("set:") else column.type
    return t(f"exports.type_{kind}", lang)


def accepted_values(column: schema.Column, lang: str = "id") -> str:
    """What a cell of this column may hold: formats for simple types (with the plausible range of a number and
    the years of a date), the vocabulary for controlled ones."""
    if column.type in _SIMPLE_TYPES:
        return "; ".join([t(f"exports.accept_{column.type}", lang), *_limits(column, lang)])
    if column.type == "activity":
        return _names(schema.ACTIVITY_TYPES)
    if column.type == "seksi":
        return _names(schema.FAMILY_FUNCTIONS)
    if column.type == "tier":
        return ", ".join(schema.TIERS)
    if column.type == "agencies":
        return t("exports.accept_agencies", lang, names=_names(schema.AGENCIES)) + "; " + t("data.accept_text", lang)
    if column.type == "text":
        return t("data.accept_text", lang)
    if column.type.startswith("set:"):
        return _names(schema.VOCABULARIES[column.type[4:]])
    return ""


def _limits(column: schema.Column, lang: str) -> list[str]:
    """The checks beyond the format (values.py): a number's range, a date's years, text without control codes."""
    if column.bounds is not None:
        low, high = (format_number(v, 0, lang) for v in column.bounds)
        return [t("data.accept_range", lang, low=low, high=high)]
    if column.type in ("date", "period", "period_or_year", "tanggal_or_year"):
        return [t("data.accept_years", lang, low=values.FIRST_YEAR, high=values.LAST_YEAR)]
    return []


def column_description(kind: schema.Kind, column: schema.Column, lang: str = "id") -> str:
    """What `column` of `kind` holds, in `lang`: the kind's own text when the column means something else there
    (`columns.profil.periode`), else the column's (`columns.kode_desa`)."""
    own = f"columns.{kind.name}.{column.name}"
    return t(own if own in CATALOG else f"columns.{column.name}", lang)


def required_label(kind: schema.Kind, column: schema.Column, lang: str = "id") -> str:
    """ "ya", "tidak", or the alternative that makes it required (a code or names; a date or a month)."""
    if column.required:
        return t("exports.yes", lang)
    if kind.by_desa and column.name in schema.LOCATION_COLUMNS:
        return t("exports.required_location", lang)
    if kind.name == "kegiatan" and column.name in ("tanggal", "periode"):
        return t("exports.required_when", lang)
    if kind.name == "indikator" and column.name in ("indikator", "nilai"):
        return t("exports.required_long", lang)
    return t("exports.no", lang)


def _headers(lang: str) -> list[str]:
    return [t(f"exports.col_{key}", lang) for key in _DICTIONARY_KEYS]


def _rows(kind: schema.Kind, lang: str) -> list[list[str]]:
    return [
        [
            kind.name,
            c.name,
            ", ".join(c.aliases),
            required_label(kind, c, lang),
            type_label(c, lang),
            column_description(kind, c, lang),
            accepted_values(c, lang),
        ]
        for c in kind.columns
    ]


def data_dictionary(lang: str = "id") -> pd.DataFrame:
    """Every column of every kind: kind, column, aliases, required, type, description, accepted values
    (headers in `lang`)."""
    rows = [row for kind in schema.KINDS.values() for row in _rows(kind, lang)]
    return pd.DataFrame(rows, columns=_headers(lang))


def example_value(column: schema.Column) -> object:
    """The example as the cell should hold it: numbers as numbers (so `-6.0` is not text), the rest as text."""
    if not column.example:
        return None
    if column.type == "int":
        return int(column.example)
    if column.type == "float":
        return float(column.example)
    return column.example


def _data_sheet(sheet, kind: schema.Kind) -> None:
    for number, column in enumerate(kind.columns, start=1):
        header = sheet.cell(row=1, column=number, value=column.name)
        header.font = Font(bold=True)
        cell = sheet.cell(row=2, column=number, value=example_value(column))
        if column.type in ("code", "period", "period_or_year", "text"):
            cell.number_format = _TEXT_FORMAT
        sheet.column_dimensions[get_column_letter(number)].width = max(12, len(column.name) + 2)
    sheet.freeze_panes = "A2"


def _instruction_sheet(sheet, kind: schema.Kind, lang: str) -> None:
    headers = _headers(lang)[1:]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(kind, lang):
        sheet.append(row[1:])
    sheet.append([])
    notes = [t("exports.note_example", lang, sheet=kind.name), t("exports.note_headers", lang)]
    if kind.by_desa:
        notes.append(t("exports.note_location", lang))
    sheet.append([t("exports.notes_title", lang), t(f"data_page.kind_{kind.name}", lang)])
    for note in notes:
        sheet.append(["", note])
    for number, width in enumerate((28, 40, 22, 22, 50, 70), start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"


def template_xlsx(kind: str, lang: str = "id") -> bytes:
    """An XLSX template for `kind`: sheet `kind` (headers + an example row) and an instructions sheet."""
    spec = schema.KINDS[kind]
    workbook = Workbook()
    data = workbook.active
    data.title = spec.name
    _data_sheet(data, spec)
    _instruction_sheet(workbook.create_sheet(t("exports.sheet_instructions", lang)), spec, lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_name(kind: str) -> str:
    """The download's file name: `templat_kampung.xlsx`."""
    return f"templat_{kind}.xlsx"
