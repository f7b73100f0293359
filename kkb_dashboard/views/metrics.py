"""Figures for a region and month, read from the store: coverage, tiers, activities, target progress.

Aggregations run in the store (SQL); the tier rule runs on the profiles of the region's Kampung KB only.
A region is a code prefix (`""` = Indonesia); a month is `YYYY-MM`. A Kampung KB counts from its formation
date; one with only a formation year counts from January of that year, one with neither always counts.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import queries

from ..errors import InputError
from ..i18n import t
from ..rules import classification, regions, scenarios
from ..rules.filters import Filters, shift_month
from ..storage.queries import INSIDE, month_end
from ..storage.queries import kampung_as_of as kampung_as_of  # base-table readers, kept here for their callers
from ..storage.queries import last_reports as last_reports
from ..storage.queries import partner_mentions as partner_mentions
from ..storage.queries import profiles as profiles
from ..storage.store import Store

log = logging.getLogger(__name__)

#: The columns of the Kampung KB that stopped reporting (`silent_among`).
SILENT_COLUMNS = [
    "kode_desa",
    "nama_desa",
    "kecamatan",
    "nama_kampung",
    "klasifikasi",
    "laporan_terakhir",
    "hari_sejak_laporan",
]


def _inside(wilayah: str) -> list[str]:
    return list(queries.code_range(wilayah))


def _checked_region(wilayah: str | None, lang: str = "id") -> str:
    code = regions.normalize_code(wilayah) if wilayah else ""
    if code is None or (code and not regions.is_known(code)):
        raise InputError(t("data.bad_wilayah", lang, value=wilayah))
    return code


def latest_month(store: Store) -> str | None:
    """The latest month with an activity report or a profile."""
    return queries.latest_month(store)


def latest_profiles(store: Store, wilayah: str, until: str) -> pd.DataFrame:
    """Each village's latest stored profile up to `until` inside `wilayah` (what the tier rule reads as of
    `until`; far fewer rows than `profiles` when profiles are monthly)."""
    query = (
        "SELECT p.* FROM profil p JOIN (SELECT kode_desa, max(periode) AS periode FROM profil "
        f"WHERE {INSIDE} AND periode <= ? GROUP BY kode_desa) l "
        "ON p.kode_desa = l.kode_desa AND p.periode = l.periode "
        "WHERE p.kode_desa >= ? AND p.kode_desa < ?"
    )  # the range on both sides: each scan is pruned
    return queries.profile_types(store.sql(query, [*_inside(wilayah), until, *_inside(wilayah)]))


def tiers_as_of(store: Store, wilayah: str, periode: str) -> pd.DataFrame:
    """`classification.classify_kampung` for the Kampung KB of `wilayah` as of `periode`."""
    kampung = kampung_as_of(store, wilayah, periode)
    return classification.classify_kampung(
        kampung["kode_desa"], profiles(store, wilayah, periode), periode, partner_mentions(store, wilayah, periode)
    )


def activity_counts(store: Store, wilayah: str, periode: str) -> dict[str, int]:
    """Activities per type in one month (sum of `jumlah`), every known type listed."""
    rows = store.sql(
        f"SELECT jenis_kegiatan, sum(jumlah) AS n FROM kegiatan WHERE {INSIDE} AND periode = ? GROUP BY 1",
        [*_inside(wilayah), periode],
    )
    counts = dict.fromkeys(schema.ACTIVITY_TYPES, 0)
    counts.update({k: int(v) for k, v in zip(rows["jenis_kegiatan"], rows["n"], strict=True)})
    return counts


def summary(wilayah: str = "", periode: str | None = None, db: str | Path | None = None) -> dict:
    """The CLI's `summary` contract, English-keyed like `needed_for_target`: region (code), name, month
    (`periode`, default: the latest month), desa (desa and kelurahan in the region), kampung_kb, coverage_percent,
    tiers {tier: count} as of the month, activities {type: count} in the month."""
    code = _checked_region(wilayah)
    with Store(db, read_only=True) as store:
        month = periode or latest_month(store)
        kampung = kampung_as_of(store, code, month)
        desa = int(regions.desa_per_child(code).sum())
        counts = dict.fromkeys(schema.TIERS, 0)
        if month and len(kampung):
            counts.update(tiers_as_of(store, code, month)["klasifikasi"].value_counts().to_dict())
        return {
            "region": code,
            "name": regions.name_of(code),
            "month": month,
            "desa": desa,
            "kampung_kb": len(kampung),
            "coverage_percent": round(100 * len(kampung) / desa, 2) if desa else 0.0,
            "tiers": {tier: int(counts[tier]) for tier in schema.TIERS},
            "activities": activity_counts(store, code, month) if month else dict.fromkeys(schema.ACTIVITY_TYPES, 0),
        }


def year_month(store: Store, tahun: int) -> str:
    """The month a year's tiers are read at: December, or the latest month with data if that is earlier."""
    latest = latest_month(store)
    december = f"{tahun:04d}-12"
    return min(december, latest) if latest and latest[:4] == str(tahun) else december


def target_of(store: Store, wilayah: str, tahun: int) -> dict | None:
    """The imported target row of a region and year, or None. A number outside its column's plausible range
    (a store filled before imports checked ranges may hold inf or -5) reads as no target, never as a figure.
    Read once per snapshot of a read-only store: a page asks for its region's target in several of its figures (a
    store that may change meanwhile, a writer's or PostgreSQL's, reads it each time)."""
    read = store.facts("_targets") if store.snapshot is not None else {}
    if (wilayah, tahun) not in read:
        read[(wilayah, tahun)] = _target_row(store, wilayah, tahun)
    row = read[(wilayah, tahun)]
    return None if row is None else dict(row)


def _target_row(store: Store, wilayah: str, tahun: int) -> dict | None:
    rows = store.sql("SELECT * FROM target WHERE kode_wilayah = ? AND tahun = ?", [wilayah, tahun])
    if rows.empty:
        return None
    row = rows.iloc[0].to_dict()
    for column in schema.KINDS["target"].columns:
        value = row.get(column.name)
        if column.bounds and value is not None and value == value and not _within(value, column.bounds):
            log.warning("target of %s %s: %s = %r is out of range, ignored", wilayah, tahun, column.name, value)
            row[column.name] = None
    return row


def _within(value: float, bounds: tuple[float, float]) -> bool:
    return math.isfinite(float(value)) and bounds[0] <= float(value) <= bounds[1]


def needed_for_target(
    wilayah: str, tahun: int, target_persen: float | None = None, db: str | Path | None = None, lang: str = "id"
) -> dict:
    """The CLI's `scenario` contract: how many and which villages must move up for `wilayah` to reach
    `target_persen` % Mandiri plus by the end of `tahun` (default: the imported target, else 40 %):
    `scenarios.needed_for_target`'s keys, plus the region's "name", the "year", the "month" tiers are read at and
    each village's "name"."""
    code = _checked_region(wilayah, lang)
    with Store(db, read_only=True) as store:
        month = year_month(store, tahun)
        target = target_of(store, code, tahun)
        if target_persen is None:
            stored = target.get("target_mandiri_plus_persen") if target else None
            target_persen = float(stored) if stored is not None and stored == stored else 40.0
        classified = tiers_as_of(store, code, month)
    result = scenarios.needed_for_target(classified, code, target_persen, lang=lang)
    for village in result["villages"]:
        village["name"] = regions.name_of(village["kode_desa"])
    return {"name": regions.name_of(code), "year": tahun, "month": month, **result}


# --- the dashboard's views: one region, a month range, tiers and activity types (filters.Filters) ----------


def available_months(store: Store) -> list[str]:
    """Every month that has an activity report or a profile, ascending."""
    return queries.months(store)


def activity_totals(store: Store, f: Filters) -> pd.DataFrame:
    """Activities per Kampung KB, type and month in the filters' range: kode_desa, jenis_kegiatan, periode,
    jumlah, peserta (restricted to the chosen activity types)."""
    query = (
        "SELECT kode_desa, jenis_kegiatan, periode, sum(jumlah) AS jumlah, sum(peserta) AS peserta "
        f"FROM kegiatan WHERE {INSIDE} AND periode BETWEEN ? AND ?"
    )
    params: list = [*_inside(f.wilayah), f.dari or "0000-00", f.sampai or "9999-99"]
    if f.kegiatan:
        query += f" AND jenis_kegiatan IN ({', '.join('?' for _ in f.kegiatan)})"
        params += list(f.kegiatan)
    return store.sql(query + " GROUP BY 1, 2, 3", params)


def village_table(store: Store, f: Filters) -> pd.DataFrame:
    """Every Kampung KB of the region formed by `sampai`, with its tier as of `sampai`, indices and scores,
    its activities in the month range, and days since its last report; restricted to the chosen tiers."""
    if not f.sampai:
        return pd.DataFrame(columns=["kode_desa", "klasifikasi"])
    table = with_names(queries.villages(store, f, (*queries.TIER_COLUMNS, *queries.VILLAGE_EXTRAS)))
    table["bulan_aktif"] = queries.months_active(table, f).to_numpy()
    table = table[[c for c in table.columns if c != "kegiatan"] + ["kegiatan"]]
    return _report_days(table, f.sampai).drop(columns=["tanggal_pencanangan", "tahun_pencanangan"])


def _report_days(table: pd.DataFrame, sampai: str) -> pd.DataFrame:
    """`terakhir` (latest report) → laporan_terakhir, and hari_sejak_laporan: days from it to the end of `sampai`."""
    table["laporan_terakhir"] = pd.to_datetime(table.pop("terakhir"))
    table["hari_sejak_laporan"] = (month_end(sampai) - table["laporan_terakhir"]).dt.days.astype("Int64")
    return table


def with_names(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with nama_desa and kecamatan (names from the region registry) inserted after kode_desa."""
    frame = frame.copy(deep=False)  # the caller's frame keeps its columns
    position = list(frame.columns).index("kode_desa") + 1
    frame.insert(position, "nama_desa", regions.names(frame["kode_desa"]))
    frame.insert(position + 1, "kecamatan", regions.names(frame["kode_desa"].str.slice(0, 8)))
    return frame


def silent_among(table: pd.DataFrame, sampai: str, months: int = 3) -> pd.DataFrame:
    """Kampung KB of `village_table` with no activity report in the last `months` months up to `sampai`, those never
    reported first, then by the date of their latest report (and code)."""
    silent = table["laporan_terakhir"].isna() | (table["laporan_terakhir"] < _window_start(sampai, months))
    return (
        table.loc[silent, SILENT_COLUMNS]
        .sort_values("laporan_terakhir", na_position="first", kind="stable")
        .reset_index(drop=True)
    )


def _window_start(sampai: str, months: int) -> pd.Timestamp:
    """The first day of the `months`-month reporting window ending with `sampai`."""
    return pd.Timestamp(sampai + "-01") - pd.DateOffset(months=months - 1)


def silent_villages(store: Store, f: Filters, months: int = 3) -> pd.DataFrame:
    """`silent_among` of the view's `village_table`, of which only the silent Kampung KB's rows are read."""
    since = _window_start(f.sampai, months).date()
    rows = queries.villages(store, f, ("klasifikasi", "terakhir"), silent_since=since)
    return silent_among(_report_days(with_names(rows), f.sampai), f.sampai, months)


def region_table(store: Store, f: Filters) -> pd.DataFrame:
    """One row per sub-region one level below the chosen region: desa count, Kampung KB, coverage, tier
    counts, % Mandiri plus, dominant tier, activities per Kampung KB per month, median days since the last
    report. At kecamatan level the rows are the desa themselves (`klasifikasi` = their Kampung KB's tier)."""
    if not f.sampai:
        return region_rows(
            f, pd.DataFrame(columns=["kode", *schema.TIERS, "kegiatan", "bulan_aktif", "hari_sejak_laporan"])
        )
    return region_rows(f, queries.region_sums(store, f, regions.CODE_WIDTH[min(f.level + 1, 4)]))


def region_tiers(store: Store, f: Filters) -> pd.DataFrame:
    """`region_table`'s tier columns alone, read without its activities and report days: one row per sub-region
    one level below the chosen region with kode, nama, jumlah_kampung, a column per tier, mandiri_plus and
    mandiri_plus_persen, of the Kampung KB of the view (its tier filter applied, as in `region_table`)."""
    subs = regions.children(f.wilayah)
    if f.sampai:
        sums = queries.region_tiers(store, f, regions.CODE_WIDTH[min(f.level + 1, 4)])
    else:
        sums = pd.DataFrame(columns=["kode", *schema.TIERS])
    sums = sums.set_index("kode").reindex(pd.Index(subs["kode"]))
    return pd.DataFrame({"kode": subs["kode"], "nama": subs["nama"], **_tier_columns(sums)})


def _tier_columns(sums: pd.DataFrame) -> dict[str, np.ndarray]:
    """jumlah_kampung, a column per tier, mandiri_plus and mandiri_plus_persen from sums per region (a column per
    tier, a row per region shown; NA where a region has none)."""
    # plain arrays, one frame at the end: column by column in pandas, the largest tables are slow
    counts = np.column_stack([sums[tier].fillna(0).to_numpy(dtype="int64") for tier in schema.TIERS])
    kampung = counts.sum(axis=1)
    plus = counts[:, schema.TIERS.index("Mandiri")] + counts[:, schema.TIERS.index("Berkelanjutan")]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(kampung > 0, 100 * plus / kampung, np.nan).round(2)
    return {
        "jumlah_kampung": kampung,
        **{tier: counts[:, i] for i, tier in enumerate(schema.TIERS)},
        "mandiri_plus": plus,
        "mandiri_plus_persen": share,
    }


def region_rows(f: Filters, sums: pd.DataFrame) -> pd.DataFrame:
    """`region_table` from the sums per sub-region (`queries.region_sums`' columns: kode, Kampung KB per tier,
    kegiatan, bulan_aktif, hari_sejak_laporan): every sub-region listed, with the shares and rates derived."""
    subs = regions.children(f.wilayah)
    sums = sums.set_index("kode").reindex(pd.Index(subs["kode"]))
    tiers = _tier_columns(sums)
    desa = regions.desa_per_child(f.wilayah).reindex(subs["kode"]).fillna(0).to_numpy(dtype="int64")
    kampung = tiers["jumlah_kampung"]
    counts = np.column_stack([tiers[tier] for tier in schema.TIERS])
    activity = sums["kegiatan"].fillna(0).to_numpy(dtype="int64")
    exposure = sums["bulan_aktif"].fillna(0).to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        table = pd.DataFrame(
            {
                "kode": subs["kode"],
                "nama": subs["nama"],
                "jumlah_desa": desa,
                "jumlah_kampung": kampung,
                **{tier: tiers[tier] for tier in schema.TIERS},
                "cakupan_persen": np.where(desa > 0, 100 * kampung / desa, np.nan).round(2),
                "mandiri_plus": tiers["mandiri_plus"],
                "mandiri_plus_persen": tiers["mandiri_plus_persen"],
                "tingkat_dominan": pd.Series(
                    np.asarray(schema.TIERS, dtype=object)[counts.argmax(axis=1)] if len(counts) else [], dtype="str"
                ).where(kampung > 0),
                "kegiatan": activity,
                "kegiatan_per_kampung_bulan": np.where(exposure > 0, activity / exposure, np.nan).round(2),
                "hari_sejak_laporan": sums["hari_sejak_laporan"].to_numpy(dtype="float64"),
            }
        )
    return table


def kpis(store: Store, f: Filters) -> dict:
    """The overview's cards: Kampung KB and coverage, % Mandiri plus against the year's target and the gap,
    activities in the last month vs the month before, Kampung KB with no report in the last 3 months."""
    if not f.sampai:
        return _kpi_cards(store, f, dict.fromkeys(schema.TIERS, 0), [None, None], 0)
    counts = queries.tier_summary(store, f, _window_start(f.sampai, 3).date())  # silent_among's window
    before = shift_month(f.sampai, -1)
    sums = queries.activity_sums(store, f, ("periode",), dari=before, tier_filter=False)
    by_month = dict(zip(sums["periode"], sums["jumlah"], strict=True))
    activity = [int(by_month.get(f.sampai, 0)), int(by_month.get(before, 0))]
    return _kpi_cards(store, f, counts, activity, counts["_silent"])


def headline(store: Store, f: Filters) -> dict:
    """The figures the headline sentence reads (`headline_figures`), for a page that shows no KPI cards: the
    region's Kampung KB per tier as of f.sampai and the year's target, without the cards' activity counts."""
    if not f.sampai:
        return headline_figures(dict.fromkeys(schema.TIERS, 0), None, None)
    counts = queries.tier_summary(store, f, pd.Timestamp(f.sampai + "-01").date())
    year = int(f.sampai[:4])
    return headline_figures(counts, _number(target_of(store, f.wilayah, year), "target_mandiri_plus_persen"), year)


def headline_figures(counts: dict[str, int], target_persen: float | None, tahun: int | None) -> dict:
    """The headline's figures, in the keys of `kpis`, from a region's Kampung KB per tier (every tier) and the
    year's Mandiri-plus target (%, or None) — for a page that has read both for its own charts."""
    total = sum(counts[tier] for tier in schema.TIERS)
    plus = sum(counts[tier] for tier in schema.MANDIRI_PLUS)
    return {
        "jumlah_kampung": total,
        "mandiri_plus": plus,
        "mandiri_plus_persen": 100 * plus / total if total else None,
        "tahun": tahun,
        "target_persen": target_persen,
    }


def _kpi_cards(store: Store, f: Filters, counts: dict[str, int], activity: list, silent: int) -> dict:
    """The cards' figures from the tier counts: the headline's, coverage, the target as counts, the gap."""
    desa = int(regions.desa_per_child(f.wilayah).sum())
    year = int(f.sampai[:4]) if f.sampai else None
    target = target_of(store, f.wilayah, year) if year else None
    target_persen = _number(target, "target_mandiri_plus_persen")
    shown = headline_figures(counts, target_persen, year)
    total, share = shown["jumlah_kampung"], shown["mandiri_plus_persen"]
    return {
        "jumlah_desa": desa,
        "jumlah_kampung": total,
        "cakupan_persen": 100 * total / desa if desa else None,
        "mandiri_plus": shown["mandiri_plus"],
        "mandiri_plus_persen": share,
        "tahun": year,
        "target_kampung": _number(target, "target_kampung"),
        "target_persen": target_persen,
        "target_mandiri_plus": _number(target, "target_mandiri_plus"),
        "selisih_persen": share - target_persen if share is not None and target_persen is not None else None,
        "kegiatan_bulan_ini": activity[0],
        "kegiatan_bulan_lalu": activity[1],
        "tanpa_laporan_3_bulan": silent,
    }


def _number(row: dict | None, column: str) -> float | None:
    value = row.get(column) if row else None
    return None if value is None or value != value else float(value)


def tier_counts(villages: pd.DataFrame) -> dict[str, int]:
    """Kampung KB per tier, every tier listed in order."""
    counts = villages["klasifikasi"].value_counts()
    return {tier: int(counts.get(tier, 0)) for tier in schema.TIERS}


def monthly_activity(store: Store, f: Filters) -> pd.DataFrame:
    """Activities per month and type in the range (periode, jenis_kegiatan, jumlah), every month present."""
    totals = activity_totals(store, f).groupby(["periode", "jenis_kegiatan"], as_index=False)["jumlah"].sum()
    return totals.sort_values(["periode", "jenis_kegiatan"]).reset_index(drop=True)
