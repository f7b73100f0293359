"""Which measure a map draws: the built-in ones per level, imported indicators, and how a value reads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...i18n import format_number, t
from ...rules import regions
from ...rules.filters import Filters
from ...storage.store import Store

INDICATOR = "indikator:"
TIER_METRIC = "tingkat_dominan"


@dataclass(frozen=True)
class Metric:
    """A column of `metrics.region_table` that can be mapped: its unit (i18n key; empty when the measure's name
    already says what is counted, "Jumlah Kampung KB", so no legend reads "(kampung)") and decimals shown."""

    column: str
    unit: str
    decimals: int


METRICS = {
    "jumlah_kampung": Metric("jumlah_kampung", "", 0),
    "cakupan_persen": Metric("cakupan_persen", "maps.unit_percent", 1),
    "mandiri_plus_persen": Metric("mandiri_plus_persen", "maps.unit_percent_kampung", 1),
    TIER_METRIC: Metric(TIER_METRIC, "maps.unit_tier", 0),
    "kegiatan_per_kampung_bulan": Metric("kegiatan_per_kampung_bulan", "maps.unit_rate", 2),
    "hari_sejak_laporan": Metric("hari_sejak_laporan", "maps.unit_days", 0),
}
#: At desa level a share of desa or of Kampung KB is 0 or 100 for each desa: not worth a map.
_DESA_METRICS = (TIER_METRIC, "kegiatan_per_kampung_bulan", "hari_sejak_laporan")


# --- which measure -------------------------------------------------------------------------------------------


def desa_level(wilayah: str) -> bool:
    """True when the map of `wilayah` shows desa (a kecamatan is chosen)."""
    return regions.level_of(wilayah) >= 3


def metric_options(wilayah: str, indicators: list[str] = ()) -> list[str]:
    """The measures offered for the map of `wilayah`: the built-in ones, then `indikator:<name>` overlays."""
    built_in = list(_DESA_METRICS if desa_level(wilayah) else METRICS)
    return built_in + [INDICATOR + name for name in indicators]


def known_metric(metric: str) -> bool:
    """Is `metric` a measure at all (at some level), as opposed to a mistyped link value?"""
    return metric in METRICS or (metric.startswith(INDICATOR) and len(metric) > len(INDICATOR))


def default_metric(wilayah: str) -> str:
    """Tiers at desa level (every Kampung KB in its tier colour), else the number of Kampung KB."""
    return TIER_METRIC if desa_level(wilayah) else "jumlah_kampung"


def metric_label(metric: str, lang: str = "id", wilayah: str = "") -> str:
    """The measure's name as shown in the selector and the legend."""
    if metric.startswith(INDICATOR):
        return t("maps.metric_indikator", lang, name=metric[len(INDICATOR) :])
    if metric == TIER_METRIC and desa_level(wilayah):
        return t("maps.metric_tingkat_desa", lang)
    return t(f"maps.metric_{metric}", lang)


# --- indicators (table `indikator`) --------------------------------------------------------------------------


def _sub_pattern(wilayah: str) -> tuple[str, int]:
    """LIKE pattern and code length of the regions one level below `wilayah`."""
    length = {0: 2, 1: 5, 2: 8, 3: 13}[min(regions.level_of(wilayah), 3)]
    return (f"{wilayah}.%" if wilayah else "%"), length


def _period_key(column: str) -> str:
    # A yearly figure (`2024`) counts from January of that year: it is the figure for that year.
    return f"CASE WHEN length({column}) = 4 THEN {column} || '-01' ELSE {column} END"


def indicator_names(store: Store, wilayah: str) -> list[str]:
    """Imported indicators that have values for the sub-regions of `wilayah`."""
    pattern, length = _sub_pattern(wilayah)
    rows = store.sql(
        "SELECT DISTINCT indikator FROM indikator WHERE kode_wilayah LIKE ? "
        "AND length(kode_wilayah) = ? AND nilai IS NOT NULL ORDER BY 1",
        [pattern, length],
    )
    return list(rows["indikator"])


def indicator_values(store: Store, f: Filters, indikator: str) -> pd.DataFrame:
    """One row per sub-region of `f.wilayah` (kode, nama, nilai, satuan, periode): the indicator's latest
    value for a period up to `f.sampai` (NaN where there is none)."""
    pattern, length = _sub_pattern(f.wilayah)
    where = "kode_wilayah LIKE ? AND length(kode_wilayah) = ? AND indikator = ? AND nilai IS NOT NULL"
    params: list = [pattern, length, indikator]
    if f.sampai:
        where += f" AND {_period_key('periode')} <= ?"
        params.append(f.sampai)
    # Plain SQL (no QUALIFY) so it runs on DuckDB and PostgreSQL alike.
    query = (
        f"SELECT kode, nilai, satuan, periode FROM (SELECT kode_wilayah AS kode, nilai, satuan, periode, "
        f"row_number() OVER (PARTITION BY kode_wilayah ORDER BY {_period_key('periode')} DESC) AS urutan "
        f"FROM indikator WHERE {where}) AS terbaru WHERE urutan = 1"
    )
    latest = store.sql(query, params)
    subs = regions.children(f.wilayah)[["kode", "nama"]]
    return subs.merge(latest, on="kode", how="left")


# --- how a value reads --------------------------------------------------------------------------------------


def measure_frame(values: pd.DataFrame, metric: str) -> tuple[pd.DataFrame, str]:
    """(kode, nama, value, kampung) of the measure, and its unit (`satuan` for indicators). A measure shown with no
    decimals is rounded here (a median of 12.5 days is 12), so each region is classed by the number it shows."""
    if metric.startswith(INDICATOR):
        units = values.get("satuan", pd.Series(dtype=object)).dropna()
        frame = values.assign(value=values["nilai"], kampung=np.nan)
        return frame, str(units.iloc[0]) if len(units) else ""
    measure = METRICS[metric]
    value = values[measure.column]
    if measure.decimals == 0 and metric != TIER_METRIC:
        value = pd.to_numeric(value, errors="coerce").round(0)
    return values.assign(value=value, kampung=values["jumlah_kampung"]), ""


def format_value(value, metric: str, lang: str = "id") -> str:
    """A value as shown in hover, tooltips and the legend (Indonesian number format for `id`)."""
    if value is None or pd.isna(value):
        return t("maps.no_data", lang)
    if metric == TIER_METRIC:
        return str(value)
    decimals = METRICS[metric].decimals if metric in METRICS else (0 if float(value).is_integer() else 2)
    return format_number(float(value), decimals, lang)


def unit_text(metric: str, lang: str, unit: str = "") -> str:
    """The legend's unit: `%`, `kegiatan/KKB/bulan`, `hari`… or an indicator's `satuan`."""
    if metric.startswith(INDICATOR):
        return unit
    key = METRICS[metric].unit
    return t(key, lang) if key else ""


def value_texts(frame: pd.DataFrame, metric: str, unit: str, lang: str) -> list[str]:
    """Each region's value as read in a tooltip or popup, with its unit (not escaped): `12,5 %`, `Mandiri`."""
    if metric == TIER_METRIC:
        return [v if isinstance(v, str) else t("maps.no_kampung", lang) for v in frame["value"]]
    return [format_value(v, metric, lang) + (f" {unit}" if unit and pd.notna(v) else "") for v in frame["value"]]


def plain_number(value):
    """A value as a float for `format_number`, None when missing."""
    return None if value is None or pd.isna(value) else float(value)
