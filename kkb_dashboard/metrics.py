"""Figures for a region and month, read from the store: coverage, tiers, activities, target progress.

Aggregations run in the store (SQL); the tier rule runs on the profiles of the region's Kampung KB only.
A region is a code prefix (`""` = Indonesia); a month is `YYYY-MM`. A Kampung KB counts from its formation
date; one with only a formation year counts from January of that year, one with neither always counts.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import regions, scenarios, schema, tiers
from .errors import InputError
from .i18n import t
from .store import Store


def _prefix(wilayah: str) -> str:
    return f"{wilayah}%" if wilayah else "%"


def _checked_region(wilayah: str | None, lang: str = "id") -> str:
    code = regions.normalize_code(wilayah) if wilayah else ""
    if code is None or (code and not regions.is_known(code)):
        raise InputError(t("data.bad_wilayah", lang, value=wilayah))
    return code


def latest_month(store: Store) -> str | None:
    """The latest month with an activity report or a profile."""
    return store.scalar("SELECT max(p) FROM (SELECT max(periode) p FROM kegiatan UNION ALL "
                        "SELECT max(periode) FROM profil)")


def kampung_as_of(store: Store, wilayah: str, periode: str | None) -> pd.DataFrame:
    """The Kampung KB inside `wilayah` formed by the end of `periode` (all of them when periode is None)."""
    query = "SELECT * FROM kampung WHERE kode_desa LIKE ?"
    params: list = [_prefix(wilayah)]
    if periode:
        query += (" AND coalesce(tanggal_pencanangan, make_date(tahun_pencanangan, 1, 1), DATE '1900-01-01')"
                  " <= last_day(CAST(? || '-01' AS DATE))")
        params.append(periode)
    return store.sql(query + " ORDER BY kode_desa", params)


def profiles(store: Store, wilayah: str, until: str | None = None) -> pd.DataFrame:
    """Stored profiles inside `wilayah` up to `until`, in the types the tier rule expects."""
    query, params = "SELECT * FROM profil WHERE kode_desa LIKE ?", [_prefix(wilayah)]
    if until:
        query += " AND periode <= ?"
        params.append(until)
    return _profile_types(store.sql(query, params))


def _profile_types(frame: pd.DataFrame) -> pd.DataFrame:
    for column in schema.PROFIL.columns:
        if column.name in frame and column.type == "int":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.name in frame and column.type == "bool":
            frame[column.name] = frame[column.name].astype("boolean")
    return frame


def partner_mentions(store: Store, wilayah: str, until: str | None = None) -> pd.DataFrame:
    """Activity rows that name partner agencies (the tier rule counts them when a profile lists none)."""
    query = ("SELECT kode_desa, periode, instansi FROM kegiatan WHERE kode_desa LIKE ? "
             "AND instansi IS NOT NULL AND instansi <> ''")
    params: list = [_prefix(wilayah)]
    if until:
        query += " AND periode <= ?"
        params.append(until)
    return store.sql(query, params)


def tiers_as_of(store: Store, wilayah: str, periode: str) -> pd.DataFrame:
    """`tiers.classify_kampung` for the Kampung KB of `wilayah` as of `periode`."""
    kampung = kampung_as_of(store, wilayah, periode)
    return tiers.classify_kampung(kampung["kode_desa"], profiles(store, wilayah, periode), periode,
                                  partner_mentions(store, wilayah, periode))


def activity_counts(store: Store, wilayah: str, periode: str) -> dict[str, int]:
    """Activities per type in one month (sum of `jumlah`), every known type listed."""
    rows = store.sql("SELECT jenis_kegiatan, sum(jumlah) AS n FROM kegiatan WHERE kode_desa LIKE ? "
                     "AND periode = ? GROUP BY 1", [_prefix(wilayah), periode])
    counts = dict.fromkeys(schema.ACTIVITY_TYPES, 0)
    counts.update({k: int(v) for k, v in zip(rows["jenis_kegiatan"], rows["n"], strict=True)})
    return counts


def summary(wilayah: str = "", periode: str | None = None, db: str | Path | None = None) -> dict:
    """The CLI's `summary` contract: wilayah, nama, jumlah_desa, jumlah_kampung, cakupan_persen,
    klasifikasi {tier: count} as of `periode`, kegiatan {type: count} in `periode` (default: latest month)."""
    code = _checked_region(wilayah)
    with Store(db) as store:
        month = periode or latest_month(store)
        kampung = kampung_as_of(store, code, month)
        desa = len(regions.descendants(code, 4))
        counts = dict.fromkeys(schema.TIERS, 0)
        if month and len(kampung):
            counts.update(tiers_as_of(store, code, month)["klasifikasi"].value_counts().to_dict())
        return {
            "wilayah": code, "nama": regions.name_of(code), "periode": month, "jumlah_desa": desa,
            "jumlah_kampung": len(kampung),
            "cakupan_persen": round(100 * len(kampung) / desa, 2) if desa else 0.0,
            "klasifikasi": {tier: int(counts[tier]) for tier in schema.TIERS},
            "kegiatan": activity_counts(store, code, month) if month else dict.fromkeys(schema.ACTIVITY_TYPES, 0),
        }


def year_month(store: Store, tahun: int) -> str:
    """The month a year's tiers are read at: December, or the latest month with data if that is earlier."""
    latest = latest_month(store)
    december = f"{tahun:04d}-12"
    return min(december, latest) if latest and latest[:4] == str(tahun) else december


def target_of(store: Store, wilayah: str, tahun: int) -> dict | None:
    """The imported target row of a region and year, or None."""
    rows = store.sql("SELECT * FROM target WHERE kode_wilayah = ? AND tahun = ?", [wilayah, tahun])
    return None if rows.empty else rows.iloc[0].to_dict()


def needed_for_target(wilayah: str, tahun: int, target_persen: float | None = None,
                      db: str | Path | None = None, lang: str = "id") -> dict:
    """The CLI's `scenario` contract: how many and which villages must move up for `wilayah` to reach
    `target_persen` % Mandiri plus by the end of `tahun` (default: the imported target, else 40 %)."""
    code = _checked_region(wilayah, lang)
    with Store(db) as store:
        month = year_month(store, tahun)
        target = target_of(store, code, tahun)
        if target_persen is None:
            stored = target.get("target_mandiri_plus_persen") if target else None
            target_persen = float(stored) if stored is not None and stored == stored else 40.0
        classified = tiers_as_of(store, code, month)
    result = scenarios.needed_for_target(classified, code, target_persen, lang=lang)
    for village in result["desa"]:
        village["nama"] = regions.name_of(village["kode_desa"])
    return {"nama": regions.name_of(code), "tahun": tahun, "periode": month, **result}
