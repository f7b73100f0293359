"""Every user-facing text, in Bahasa Indonesia (default) and English, plus Indonesian number and date formats.

Catalogues are split by area (one module per area in this package, each with a `MESSAGES` dict) only to keep
files short; `t()` is the one way to get a text. A key missing in English falls back to Indonesian; an unknown
key raises KeyError. Counts: an entry with `"plural": "n"` and an `"en_one"` text uses that text when the value
`n` is 1 or "1" ("1 row was rejected", not "1 rows were rejected"); Indonesian nouns do not change with the count.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import pkgutil

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

CATALOG: dict[str, dict[str, str]] = {}
for _info in pkgutil.iter_modules(__path__):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    _overlap = CATALOG.keys() & _module.MESSAGES.keys()
    if _overlap:
        raise RuntimeError(f"translation keys defined twice: {sorted(_overlap)}")
    CATALOG.update(_module.MESSAGES)


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled from `values`."""
    entry = CATALOG[key]
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    if "plural" in entry and str(values.get(entry["plural"])) == "1":  # 1, or the count already written out
        template = entry.get(f"{lang}_one", template)
    return template.format(**values) if values else template


_MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def format_number(value: float | int | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """1161 → `1.161` (id) or `1,161` (en); 24.28 with decimals=2 → `24,28` (id)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def format_percent(value: float | None, decimals: int = 2, lang: str = DEFAULT_LANGUAGE) -> str:
    """24.28 → `24,28 %` (id) or `24.28%` (en)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = format_number(value, decimals, lang)
    return f"{number} %" if lang == "id" else f"{number}%"


def format_date(value: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """2024-05-27 → `27 Mei 2024` (id) or `27 May 2024` (en)."""
    return f"{value.day} {_MONTHS[lang][value.month - 1]} {value.year}"


def format_month(periode: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """`2024-05` → `Mei 2024`."""
    year, month = periode.split("-")
    return f"{_MONTHS[lang][int(month) - 1]} {year}"
