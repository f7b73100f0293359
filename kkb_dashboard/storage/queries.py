"""The query layer: every figure of the dashboard's views is read here, one function per figure.

The figures come from the rollups (`rollups`: part of the store's schema, current after every import). The one
shape they cannot answer is a tier month they do not hold (a month with no report and no profile, such as
December of a year whose data ends earlier, or a month before the first data): those functions then read the base
tables and classify. That choice is made here only, from the query, never from the state of the store; views and
pages call these functions and never choose. A store written by an older version and opened read-only is not
current: every function here then raises `StoreUnavailable("outdated")`, which names the command that upgrades it.

Queries stay portable (DuckDB and PostgreSQL): `?` placeholders, a region as a code range, no dialect functions.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import rollups

from ..rules import classification
from .concurrency import StoreUnavailable

SUMS = ("jumlah", "peserta", "jumlah_peserta")
TIER_COLUMNS = rollups.TIER_COLUMNS
#: What `villages` returns besides the tier columns: the latest report up to the end of the month, and the
#: activities in the view's range.
VILLAGE_EXTRAS = ("terakhir", "kegiatan")
#: A region's villages as a code range (`code_range`): unlike LIKE 'prefix%', the store prunes it to the region's
#: blocks.
INSIDE = "kode_desa >= ? AND kode_desa < ?"
_SUMMED = (
    "CAST(sum(jumlah) AS BIGINT) AS jumlah, CAST(sum(peserta) AS BIGINT) AS peserta, "
    "CAST(sum(jumlah_peserta) AS BIGINT) AS jumlah_peserta"
)
_REGISTER = ["kode_desa", "nama_kampung", "tanggal_pencanangan", "tahun_pencanangan"]


# ---------------------------------------------------------------------------------------------- regions, months


def code_range(wilayah: str) -> tuple[str, str]:
    """The codes inside a region as a half-open range [low, high): a prefix scan every engine can prune."""
    if not wilayah:
        return "", "~"
    return wilayah, wilayah[:-1] + chr(ord(wilayah[-1]) + 1)


def _inside(wilayah: str) -> list[str]:
    return list(code_range(wilayah))


def _source_for(wilayah: str) -> str:
    """The coarsest activity rollup that still resolves one level below `wilayah` (a table to select from)."""
    level = 0 if not wilayah else {2: 1, 5: 2, 8: 3}.get(len(wilayah), 4)
    return {0: "ru_kegiatan_kab", 1: "ru_kegiatan_kab", 2: "ru_kegiatan_kec"}.get(level, rollups.DESA)


def _ready(store) -> None:
    """Raise StoreUnavailable("outdated") for a store whose rollups an older version left behind."""
    if not rollups.current(store):
        raise StoreUnavailable("outdated", store.name)


def months(store) -> list[str]:
    """Every month with an activity report or a profile, ascending."""
    _ready(store)
    return list(rollups.months(store))


def latest_month(store) -> str | None:
    """The latest month with an activity report or a profile: the rollup's last month, or the base tables' on a
    store an older version wrote (the CLI's summary and scenario still answer there)."""
    if rollups.current(store):
        rolled = rollups.months(store)
        return rolled[-1] if rolled else None
    return store.scalar(
        "SELECT max(p) FROM (SELECT max(periode) p FROM kegiatan UNION ALL SELECT max(periode) FROM profil) AS m"
    )


def _rolled(store, periode: str | None) -> bool:
    """Whether the tier rollup holds `periode` (every month with data)."""
    return bool(periode) and periode in months(store)


def month_end(periode: str) -> pd.Timestamp:
    """The last day of a `YYYY-MM` month."""
    return pd.Timestamp(periode + "-01") + pd.offsets.MonthEnd(0)


def _in(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join("?" for _ in values)


# ---------------------------------------------------------------------------------------------- base tables


def kampung_as_of(store, wilayah: str, periode: str | None, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """The Kampung KB inside `wilayah` formed by the end of `periode` (all of them when periode is None): the
    register's rows, or only its `columns`."""
    query = f"SELECT {', '.join(columns) or '*'} FROM kampung WHERE " + INSIDE
    params: list = _inside(wilayah)
    if periode:
        # Portable SQL (DuckDB and PostgreSQL): the month's last day and year are computed here.
        query += (
            " AND (tanggal_pencanangan <= ? OR (tanggal_pencanangan IS NULL AND "
            "(tahun_pencanangan IS NULL OR tahun_pencanangan <= ?)))"
        )
        params += [month_end(periode).date(), int(periode[:4])]
    return store.sql(query + " ORDER BY kode_desa", params)


def profiles(store, wilayah: str, until: str | None = None) -> pd.DataFrame:
    """Stored profiles inside `wilayah` up to `until`, in the types the tier rule expects."""
    query, params = "SELECT * FROM profil WHERE " + INSIDE, _inside(wilayah)
    if until:
        query += " AND periode <= ?"
        params.append(until)
    return profile_types(store.sql(query, params))


def profile_types(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (profile rows) with its integer and yes/no columns in the nullable types the tier rule reads."""
    kinds = {"int": "Int64", "bool": "boolean"}
    return frame.astype({c.name: kinds[c.type] for c in schema.PROFIL.columns if c.name in frame and c.type in kinds})


def partner_mentions(store, wilayah: str, until: str | None = None) -> pd.DataFrame:
    """Partner agencies named in activity reports (the tier rule counts them when a profile lists none): each
    village's distinct `instansi` texts with the first month they appear (kode_desa, periode, instansi)."""
    query = (
        f"SELECT kode_desa, min(periode) AS periode, instansi FROM kegiatan WHERE {INSIDE} "
        "AND instansi IS NOT NULL AND instansi <> ''"
    )
    params: list = _inside(wilayah)
    if until:
        query += " AND periode <= ?"
        params.append(until)
    return store.sql(query + " GROUP BY kode_desa, instansi", params)


def last_reports(store, wilayah: str, until: str) -> pd.DataFrame:
    """Per Kampung KB: the date of its latest activity report up to the end of `until` (kode_desa, terakhir).
    A monthly count without a date counts as reported on the month's last day."""
    rows = store.sql(
        "SELECT kode_desa, max(CASE WHEN tanggal IS NULL THEN periode END) AS bulan, max(tanggal) AS tanggal "
        f"FROM kegiatan WHERE {INSIDE} AND periode <= ? GROUP BY kode_desa",
        [*_inside(wilayah), until],
    )
    by_month = pd.to_datetime(rows["bulan"] + "-01") + pd.offsets.MonthEnd(0)
    dated = pd.to_datetime(rows["tanggal"])
    return pd.DataFrame(
        {"kode_desa": rows["kode_desa"], "terakhir": by_month.where(dated.isna() | (by_month > dated), dated)}
    )


def activity_rows(store, f, columns: list[str], *, dari: str | None = None) -> pd.DataFrame:
    """Stored activity rows (`columns`) inside the region, months `dari` (default f.dari) to f.sampai, of the chosen
    types; no tier filter."""
    query = f"SELECT {', '.join(columns)} FROM kegiatan WHERE {INSIDE} AND periode BETWEEN ? AND ?"
    params: list = [*_inside(f.wilayah), dari or f.dari or "0000-00", f.sampai or "9999-99"]
    if f.kegiatan:
        query += f" AND jenis_kegiatan IN ({_in(f.kegiatan)})"
        params += list(f.kegiatan)
    return store.sql(query, params)


def _classified(store, f, tingkat: tuple[str, ...]) -> pd.DataFrame:
    """`villages` from the base tables: the register's Kampung KB formed by f.sampai, classified as of it."""
    kampung = kampung_as_of(store, f.wilayah, f.sampai)
    if kampung.empty:
        return pd.DataFrame(columns=[*_REGISTER, *TIER_COLUMNS, *VILLAGE_EXTRAS])
    classified = classification.classify_kampung(
        kampung["kode_desa"],
        profiles(store, f.wilayah, f.sampai),
        f.sampai,
        partner_mentions(store, f.wilayah, f.sampai),
    )
    table = kampung[_REGISTER].merge(classified[["kode_desa", *TIER_COLUMNS]], on="kode_desa", how="left")
    last = last_reports(store, f.wilayah, f.sampai).set_index("kode_desa")["terakhir"]
    table["terakhir"] = pd.to_datetime(table["kode_desa"].map(last.to_dict()))  # a dict: last may be empty
    activity = activity_rows(store, f, ["kode_desa", "jumlah"]).groupby("kode_desa")["jumlah"].sum()
    table["kegiatan"] = table["kode_desa"].map(activity).fillna(0).astype("int64")
    if tingkat:
        table = table[table["klasifikasi"].isin(tingkat)]
    return table.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- Kampung KB


def _chosen(f, *, tingkat: tuple[str, ...] | None = None) -> tuple[str, list]:
    """SQL (and its parameters) selecting the codes of the Kampung KB of the view from the tier rollup: formed by
    `sampai`, inside the region, with a tier as of `sampai` among `tingkat` (default: the view's; empty = every
    tier)."""
    where, params = _view_rows(f, tingkat=tingkat)
    return f"SELECT kode_desa FROM ru_kampung_bulan WHERE {where}", params


def _view_rows(f, alias: str = "", *, tingkat: tuple[str, ...] | None = None) -> tuple[str, list]:
    """The Kampung KB of the view (as `_chosen`) as a WHERE clause, and its parameters, on the tier rollup's own rows
    (`alias` names the table): a query reading those rows needs no IN over the same table (one row per village and
    month)."""
    tingkat = f.tingkat if tingkat is None else tingkat
    a = f"{alias}." if alias else ""
    where = f"{a}periode = ? AND {a}terbentuk AND {a}kode_desa >= ? AND {a}kode_desa < ?"
    params = [f.sampai, *code_range(f.wilayah)]
    if tingkat:
        where += f" AND {a}klasifikasi IN ({_in(tingkat)})"
        params += list(tingkat)
    return where, params


def villages(
    store, f, columns: tuple[str, ...], *, tingkat: tuple[str, ...] | None = None, silent_since=None
) -> pd.DataFrame:
    """The Kampung KB of the view as of f.sampai — formed by then, inside the region, with a tier among `tingkat`
    (default: the view's; empty = every tier) — sorted by kode_desa: kode_desa, nama_kampung, tanggal_pencanangan,
    tahun_pencanangan and `columns` (of TIER_COLUMNS and VILLAGE_EXTRAS: `terakhir` the latest report up to the end
    of f.sampai, `kegiatan` the activities of the chosen types in the range). With `silent_since` (a date), only
    those whose latest report is before it or missing."""
    tingkat = f.tingkat if tingkat is None else tingkat
    if not _rolled(store, f.sampai):
        table = _classified(store, f, tingkat)
        if silent_since is not None:
            table = table[table["terakhir"].isna() | (table["terakhir"] < pd.Timestamp(silent_since))]
        return table[[*_REGISTER, *columns]].reset_index(drop=True)
    where, params = _view_rows(f, "r", tingkat=tingkat)
    picked = ", ".join(f"r.{c}" for c in columns if c != "kegiatan")
    query = (
        f"SELECT r.kode_desa, k.nama_kampung, k.tanggal_pencanangan, k.tahun_pencanangan{', ' if picked else ''}"
        f"{picked} FROM ru_kampung_bulan r JOIN kampung k ON k.kode_desa = r.kode_desa WHERE {where}"
    )
    if silent_since is not None:
        query += " AND (r.terakhir IS NULL OR r.terakhir < ?)"
        params.append(silent_since)
    rows = store.sql(query + " ORDER BY r.kode_desa", params)
    if "kegiatan" in columns:
        activity = _village_activity(store, f, tingkat=tingkat)
        rows["kegiatan"] = rows["kode_desa"].map(activity).fillna(0).astype("int64")
    return rows[[*_REGISTER, *columns]]


def _village_activity(store, f, *, tingkat: tuple[str, ...] | None = None, width: int = 13) -> pd.Series:
    """Activities in the range per Kampung KB of the view (kode_desa → sum of jumlah of the chosen types); with a
    `width` below 13, summed per region instead (the codes cut to `width`). From the rollups."""
    chosen, params = _chosen(f, tingkat=tingkat)
    if f.kegiatan:
        query = (
            f"SELECT substr(kode_wilayah, 1, {int(width)}) AS kode, CAST(sum(jumlah) AS BIGINT) AS n "
            f"FROM {rollups.DESA} WHERE kode_wilayah IN ({chosen}) AND periode BETWEEN ? AND ? "
            f"AND jenis_kegiatan IN ({_in(f.kegiatan)}) GROUP BY 1"
        )
        params = [*params, f.dari, f.sampai, *f.kegiatan]
    else:
        query = (
            f"SELECT substr(kode_desa, 1, {int(width)}) AS kode, CAST(sum(kegiatan) AS BIGINT) AS n "
            f"FROM ru_kampung_bulan WHERE kode_desa IN ({chosen}) AND periode BETWEEN ? AND ? GROUP BY 1"
        )
        params = [*params, f.dari, f.sampai]
    rows = store.sql(query, params)
    return pd.Series(rows["n"].to_numpy(dtype="int64"), index=rows["kode"].to_numpy(dtype=object))


def tier_summary(store, f, since) -> dict[str, int]:
    """Kampung KB of the region as of f.sampai (every tier): per tier, the total, and (`_silent`) those whose latest
    report is before `since` (a date) or missing."""
    counts = {tier: 0 for tier in schema.TIERS}
    if not _rolled(store, f.sampai):
        table = _classified(store, f, ())
        counts.update(table["klasifikasi"].value_counts().to_dict())
        counts["_silent"] = int((table["terakhir"].isna() | (table["terakhir"] < pd.Timestamp(since))).sum())
        return {k: int(v) for k, v in counts.items()}
    where, params = _view_rows(f, tingkat=())
    rows = store.sql(
        "SELECT klasifikasi, count(*) AS n, sum(CASE WHEN terakhir IS NULL OR terakhir < ? THEN 1 "
        f"ELSE 0 END) AS silent FROM ru_kampung_bulan WHERE {where} GROUP BY klasifikasi",
        [since, *params],
    )
    counts.update({k: int(v) for k, v in zip(rows["klasifikasi"], rows["n"], strict=True)})
    counts["_silent"] = int(rows["silent"].fillna(0).sum())
    return counts


def months_active(kampung: pd.DataFrame, f) -> pd.Series:
    """Months of the range each Kampung KB existed (from its formation month; a year alone → January; unknown →
    the whole range), so a village formed mid-range is not compared over months before it existed."""
    months_ = f.months()
    formed = pd.to_datetime(kampung["tanggal_pencanangan"]).dt.strftime("%Y-%m")
    formed = formed.fillna(kampung["tahun_pencanangan"].astype("Int64").astype("string") + "-01")
    # bisect_left of each formation month in the range's months, vectorised
    before = np.searchsorted(np.asarray(months_, dtype=str), formed.fillna("").to_numpy(dtype=str), side="left")
    return pd.Series(len(months_) - before, index=kampung.index, dtype=int)


def _month_number(periode: str) -> int:
    return int(periode[:4]) * 12 + int(periode[5:7])


def region_sums(store, f, width: int) -> pd.DataFrame:
    """Per region (codes cut to `width`) of the Kampung KB of the view as of f.sampai: kode, Kampung KB per tier (a
    column per tier), activities in the range (`kegiatan`, the chosen types), the months of the range each Kampung
    KB existed (`bulan_aktif`, as `months_active`), and the median days from its latest report to the end of
    f.sampai (`hari_sejak_laporan`; never reported: left out). Summed in the store."""
    if not _rolled(store, f.sampai):
        return _region_sums_of(villages(store, f, ("klasifikasi", *VILLAGE_EXTRAS)), f, width)
    where, params = _view_rows(f, "r")
    span = f.months()
    first, last = _month_number(span[0]), _month_number(span[-1])
    end = month_end(f.sampai).date().isoformat()
    formed = (
        "COALESCE(EXTRACT(year FROM k.tanggal_pencanangan) * 12 + EXTRACT(month FROM k.tanggal_pencanangan), "
        "k.tahun_pencanangan * 12 + 1)"
    )
    counts = ", ".join(f'sum(CASE WHEN v.klasifikasi = ? THEN 1 ELSE 0 END) AS "{tier}"' for tier in schema.TIERS)
    query = (
        f"SELECT substr(v.kode_desa, 1, {int(width)}) AS kode, {counts}, "
        "sum(CASE WHEN v.bulan IS NULL OR v.bulan <= ? THEN ? WHEN v.bulan > ? THEN 0 ELSE ? - v.bulan END) "
        "AS bulan_aktif, percentile_cont(0.5) WITHIN GROUP (ORDER BY v.hari) AS hari_sejak_laporan "
        "FROM (SELECT r.kode_desa, r.klasifikasi, "
        "CAST(CAST(? AS DATE) - CAST(r.terakhir AS DATE) AS DOUBLE PRECISION) AS hari, "
        f"{formed} AS bulan FROM ru_kampung_bulan r JOIN kampung k ON k.kode_desa = r.kode_desa "
        f"WHERE {where}) v GROUP BY 1"
    )
    frame = store.sql(query, [*schema.TIERS, first, len(span), last, last + 1, end, *params])
    frame = frame.astype(
        {**dict.fromkeys(schema.TIERS, "int64"), "bulan_aktif": "int64", "hari_sejak_laporan": "float64"}
    )
    activity = _village_activity(store, f, width=width)
    frame["kegiatan"] = frame["kode"].map(activity).fillna(0).astype("int64")
    return frame


def region_tiers(store, f, width: int) -> pd.DataFrame:
    """Per region (codes cut to `width`) the Kampung KB of the view as of f.sampai per tier: kode and a column per
    tier — `region_sums` without the activities and report days a tier table does not show."""
    if not _rolled(store, f.sampai):
        return region_sums(store, f, width)[["kode", *schema.TIERS]]
    where, params = _view_rows(f)
    counts = ", ".join(f'sum(CASE WHEN klasifikasi = ? THEN 1 ELSE 0 END) AS "{tier}"' for tier in schema.TIERS)
    frame = store.sql(
        f"SELECT substr(kode_desa, 1, {int(width)}) AS kode, {counts} FROM ru_kampung_bulan WHERE {where} GROUP BY 1",
        [*schema.TIERS, *params],
    )
    return frame.astype(dict.fromkeys(schema.TIERS, "int64"))


def _region_sums_of(table: pd.DataFrame, f, width: int) -> pd.DataFrame:
    """`region_sums` from the rows of `villages`."""
    by_sub = table.assign(
        kode=table["kode_desa"].str.slice(0, width),
        bulan_aktif=months_active(table, f).to_numpy(),
        hari=(month_end(f.sampai) - pd.to_datetime(table["terakhir"])).dt.days.astype("float64"),
    )
    counts = (
        by_sub.pivot_table(index="kode", columns="klasifikasi", values="kode_desa", aggfunc="count", observed=False)
        .reindex(columns=list(schema.TIERS))
        .fillna(0)
        .astype("int64")
    )
    grouped = by_sub.groupby("kode")
    sums = counts.join(
        pd.DataFrame(
            {
                "bulan_aktif": grouped["bulan_aktif"].sum(),
                "hari_sejak_laporan": grouped["hari"].median(),
                "kegiatan": grouped["kegiatan"].sum(),
            }
        ),
        how="outer",
    )
    return sums.rename_axis("kode").reset_index()


def tier_moves(store, f, month_a: str, month_b: str) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The Kampung KB of f.wilayah formed by the earlier month, tier as of `month_a` against tier as of `month_b`:
    the from × to counts (index dari, columns ke, every tier), the Kampung KB whose tier differs (kode_desa, dari,
    ke; by code) and how many were compared."""
    first, last = sorted((month_a, month_b))
    order = list(schema.TIERS)
    if not (_rolled(store, month_a) and _rolled(store, month_b)):
        kampung = kampung_as_of(store, f.wilayah, first)
        matrix, moved = classification.transitions(
            kampung["kode_desa"],
            profiles(store, f.wilayah, last),
            month_a,
            month_b,
            kegiatan=partner_mentions(store, f.wilayah, last),
        )
        matrix.index, matrix.columns = list(matrix.index.astype(str)), list(matrix.columns.astype(str))
        return (
            matrix.reindex(index=order, columns=order, fill_value=0),
            moved.astype({"dari": str, "ke": str}),
            len(kampung),
        )
    chosen, params = _chosen(replace(f, sampai=first), tingkat=())
    # Both sides also bounded to the region's codes: the engine then skips the rest of the rollup whatever join
    # order its statistics suggest (with the IN list alone, DuckDB may scan the whole table for each side).
    pairs = (
        "FROM ru_kampung_bulan a JOIN ru_kampung_bulan b ON b.kode_desa = a.kode_desa AND b.periode = ? "
        "WHERE a.periode = ? AND a.kode_desa >= ? AND a.kode_desa < ? AND b.kode_desa >= ? AND b.kode_desa < ? "
        f"AND a.kode_desa IN ({chosen})"
    )
    params = [month_b, month_a, *_inside(f.wilayah), *_inside(f.wilayah), *params]
    # One pass over the pairs: a row per village that moved (n = 1), one per tier for those that stayed (no code).
    rows = store.sql(
        "SELECT CASE WHEN a.klasifikasi <> b.klasifikasi THEN a.kode_desa END AS kode_desa, "
        f"a.klasifikasi AS dari, b.klasifikasi AS ke, count(*) AS n {pairs} GROUP BY 1, 2, 3",
        params,
    )
    cells = np.zeros((len(order), len(order)), dtype="int64")  # at most 16 pairs: no pivot_table
    where = {tier: i for i, tier in enumerate(order)}
    for dari, ke, n in zip(rows["dari"], rows["ke"], rows["n"], strict=True):
        if dari in where and ke in where:
            cells[where[dari], where[ke]] += int(n)
    matrix = pd.DataFrame(cells, index=order, columns=order)
    moved = rows[rows["kode_desa"].notna()].sort_values("kode_desa")[["kode_desa", "dari", "ke"]]
    return matrix, moved.reset_index(drop=True).astype({"dari": str, "ke": str}), int(rows["n"].sum())


# ---------------------------------------------------------------------------------------------- activities


def activity_sums(store, f, by: tuple[str, ...], *, dari: str | None = None, tier_filter: bool = True) -> pd.DataFrame:
    """Activities under the view summed per `by` (periode, jenis_kegiatan, seksi): columns `by` + jumlah, peserta,
    jumlah_peserta (the activities whose row reported participants). Months from `dari` (default f.dari) to
    f.sampai, the chosen types, and with `tier_filter` only the Kampung KB of the chosen tiers as of f.sampai."""
    _ready(store)
    use_tiers = tier_filter and bool(f.tingkat)
    if use_tiers and not _rolled(store, f.sampai):
        rows = activity_rows(store, f, ["kode_desa", *by, "jumlah", "peserta"], dari=dari)
        rows = rows[rows["kode_desa"].isin(villages(store, f, ())["kode_desa"])]
        rows = rows.assign(jumlah_peserta=rows["jumlah"].where(rows["peserta"].notna()))
        grouped = rows.groupby(list(by), dropna=False)[list(SUMS)].sum().reset_index()
        return grouped.astype({c: "int64" for c in SUMS})
    source = rollups.DESA if use_tiers else _source_for(f.wilayah)
    select = ", ".join(by)
    query = (
        f"SELECT {select}{', ' if by else ''}{_SUMMED} FROM {source} "
        "WHERE kode_wilayah >= ? AND kode_wilayah < ? AND periode BETWEEN ? AND ?"
    )
    params: list = [*code_range(f.wilayah), dari or f.dari, f.sampai]
    if f.kegiatan:
        query += f" AND jenis_kegiatan IN ({_in(f.kegiatan)})"
        params += list(f.kegiatan)
    if use_tiers:
        chosen, more = _chosen(f)
        query += f" AND kode_wilayah IN ({chosen})"
        params += more
    if by:
        query += " GROUP BY " + select
    frame = store.sql(query, params)
    for column in SUMS:
        frame[column] = frame[column].fillna(0).astype("int64")
    return frame


def partner_sums(store, f) -> pd.DataFrame:
    """Per agency named in `instansi` (split on `;`, named twice in a row counts once): activities (`kegiatan`, sum
    of jumlah) and Kampung KB (`kampung`, distinct desa) under the view, the tier filter as `activity_sums`."""
    _ready(store)
    if f.tingkat and not _rolled(store, f.sampai):
        rows = activity_rows(store, f, ["kode_desa", "jumlah", "instansi"])
        rows = rows[rows["kode_desa"].isin(villages(store, f, ())["kode_desa"])]
        named = rows.assign(instansi=rows["instansi"].fillna("").str.split(";")).explode("instansi")
        named["instansi"] = named["instansi"].str.strip()
        named = named[named["instansi"] != ""].reset_index().drop_duplicates(["index", "instansi"])
        return named.groupby("instansi").agg(kegiatan=("jumlah", "sum"), kampung=("kode_desa", "nunique")).reset_index()
    query = (
        "SELECT instansi, CAST(sum(jumlah) AS BIGINT) AS kegiatan, count(DISTINCT kode_desa) AS kampung "
        "FROM ru_mitra WHERE kode_desa >= ? AND kode_desa < ? AND periode BETWEEN ? AND ?"
    )
    params: list = [*code_range(f.wilayah), f.dari, f.sampai]
    if f.kegiatan:
        query += f" AND jenis_kegiatan IN ({_in(f.kegiatan)})"
        params += list(f.kegiatan)
    if f.tingkat:
        chosen, more = _chosen(f)
        query += f" AND kode_desa IN ({chosen})"
        params += more
    return store.sql(query + " GROUP BY instansi", params)
