"""The view's filters — region, month range, tiers, activity types — as one hashable value, and its link form.

A `Filters` value is what every page computes from and what every cache is keyed on; `to_query`/`from_query`
turn it into the link's query parameters and back, so a copied link reopens the same view. A bad parameter
falls back to the default and is reported as a notice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from kkb_dashboard.rules import schema

from . import regions
from .values import parse_period


@dataclass(frozen=True)
class Filters:
    """What the user is looking at. Empty tuples mean "all"."""

    wilayah: str = ""
    dari: str | None = None
    sampai: str | None = None
    tingkat: tuple[str, ...] = ()
    kegiatan: tuple[str, ...] = ()

    @property
    def level(self) -> int:
        """The chosen region's level (0 = Indonesia)."""
        return regions.level_of(self.wilayah)

    def months(self) -> list[str]:
        """Every month from `dari` to `sampai`, inclusive."""
        if not self.dari or not self.sampai:
            return []
        return month_range(self.dari, self.sampai)

    def to_query(self) -> dict[str, str]:
        """Query parameters for the link (defaults left out)."""
        query = {
            "wilayah": self.wilayah,
            "dari": self.dari or "",
            "sampai": self.sampai or "",
            "tingkat": ",".join(self.tingkat),
            "kegiatan": ",".join(self.kegiatan),
        }
        return {key: value for key, value in query.items() if value}

    def with_region(self, code: str) -> Filters:
        """The same view for another region (drill-down and breadcrumb)."""
        return replace(self, wilayah=code)


def shift_month(month: str, delta: int) -> str:
    """`2024-01` shifted by -1 → `2023-12`."""
    year, number = int(month[:4]), int(month[5:7]) - 1 + delta
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    """Months from `first` to `last` inclusive (empty when first > last)."""
    months, month = [], first
    while month <= last:
        months.append(month)
        month = shift_month(month, 1)
    return months


def default_filters(latest: str | None) -> Filters:
    """All of Indonesia, the 12 months up to the latest month with data, every tier and activity type."""
    if not latest:
        return Filters()
    return Filters(dari=shift_month(latest, -11), sampai=latest)


def _region(value: str, notices: list[tuple[str, str]]) -> str:
    code = regions.normalize_code(value)
    if code is None or not regions.is_known(code) or regions.level_of(code) > 3:
        notices.append(("wilayah", value))
        return ""
    return code


def _month(value: str, fallback: str | None, notices: list[tuple[str, str]], name: str) -> str | None:
    month, problem = parse_period(value, dt.date.today())
    if problem:
        notices.append((name, value))
        return fallback
    return month


def _names(value: str, accepted: tuple[str, ...], notices: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in accepted]
    if unknown:
        notices.append((name, ",".join(unknown)))
    return tuple(part for part in accepted if part in chosen)


def from_query(params: dict[str, str], latest: str | None) -> tuple[Filters, list[tuple[str, str]]]:
    """Filters from link parameters; returns the filters and (parameter, bad value) notices for fallbacks."""
    base, notices = default_filters(latest), []
    wilayah = _region(params["wilayah"], notices) if params.get("wilayah") else base.wilayah
    sampai = _month(params["sampai"], base.sampai, notices, "sampai") if params.get("sampai") else base.sampai
    dari = _month(params["dari"], base.dari, notices, "dari") if params.get("dari") else base.dari
    if dari and sampai and dari > sampai:
        notices.append(("dari", params.get("dari", dari)))
        dari = shift_month(sampai, -11)
    tingkat = _names(params.get("tingkat", ""), schema.TIERS, notices, "tingkat")
    kegiatan = _names(params.get("kegiatan", ""), tuple(schema.ACTIVITY_TYPES), notices, "kegiatan")
    return Filters(wilayah, dari, sampai, tingkat, kegiatan), notices


def meeting_from_query(value: str, choices: list[str]) -> tuple[str | None, list[tuple[str, str]]]:
    """The follow-up page's `rapat` link parameter (the last meeting's month, `YYYY-MM`) when it is one of
    `choices`; else None, with a (parameter, bad value) notice unless the parameter is empty."""
    if not value:
        return None, []
    month, problem = parse_period(value, dt.date.today())
    if problem or month not in choices:
        return None, [("rapat", value)]
    return month, []
