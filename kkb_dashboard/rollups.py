"""Rollups made at import, so a filter change reads a few thousand pre-summed rows instead of millions.

Tables in the store (every app replica shares them), rebuilt by `refresh(store, kind)` after an import:

- `ru_kegiatan_desa` / `ru_kegiatan_kec` / `ru_kegiatan_kab`: activities summed per region (kode_wilayah: the desa,
  kecamatan or kab/kota code), month, type and family function — jumlah, peserta, jumlah_peserta (the activities
  whose row reported participants). Sorted by code, so a region's rows are one contiguous range.
- `ru_mitra`: activities per desa, month, type and partner agency named in `instansi` (one row per agency).
- `ru_kampung_bulan`: every Kampung KB as of every month with data — whether it was formed by then (`terbentuk`),
  its tier, indices and 12 scores from `tiers.classify` (its latest profile up to that month, partner agencies
  from kegiatan up to that month, as `metrics.tiers_as_of`), its activities in that month and its latest report up
  to the end of that month (`terakhir`).
- `ru_status`: per rollup group, the import it reflects. A group is fresh when no import of a kind it depends on
  came later; readers fall back to the base tables otherwise (an old store, a read-only one), never to stale data.

Queries stay portable (DuckDB and PostgreSQL): `?` placeholders, a region as a code range, no dialect functions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema, tiers

#: Rollup group → the kinds whose imports change it.
GROUPS = {"kegiatan": ("kegiatan",), "kampung": ("kampung", "kegiatan", "profil")}
WIDTH = {"kab": 5, "kec": 8, "desa": 13}
SUMS = ("jumlah", "peserta", "jumlah_peserta")
TIER_COLUMNS = ("klasifikasi", "tingkat", *(f"indeks_{g}" for g in tiers.INDEX_NAMES),
                *(f"lulus_{g}" for g in tiers.INDEX_NAMES), *(f"skor_{n}" for n in tiers.SCORE_NAMES),
                "periode_profil", "ada_profil", "mitra_dari_kegiatan")
#: Months classified at once: bounds the memory of the tier rollup at national scale.
MONTH_CHUNK = 4


# ---------------------------------------------------------------------------------------------- regions

def code_range(wilayah: str) -> tuple[str, str]:
    """The codes inside a region as a half-open range [low, high): a prefix scan every engine can prune."""
    if not wilayah:
        return "", "~"
    return wilayah, wilayah[:-1] + chr(ord(wilayah[-1]) + 1)


def source_for(wilayah: str) -> str:
    """The coarsest activity rollup that still resolves one level below `wilayah`."""
    level = 0 if not wilayah else {2: 1, 5: 2, 8: 3}.get(len(wilayah), 4)
    return {0: "kab", 1: "kab", 2: "kec"}.get(level, "desa")


# ---------------------------------------------------------------------------------------------- freshness

def _execute(store, query: str, params: list | None = None) -> None:
    runner = getattr(store, "execute", None)
    if callable(runner):
        runner(query, params or [])
    else:
        store.con.execute(query, params or [])


def _latest_imports(store) -> dict[str, int]:
    rows = store.sql("SELECT kind, max(import_id) AS id FROM import_log GROUP BY kind")
    return {k: int(v) for k, v in zip(rows["kind"], rows["id"], strict=True)}


def _wanted(store, group: str) -> int:
    latest = _latest_imports(store)
    return max((latest.get(kind, 0) for kind in GROUPS[group]), default=0)


def fresh(store, group: str) -> bool:
    """Whether the rollups of `group` reflect every import of the kinds they are made of."""
    cache = store.__dict__.setdefault("_rollups_fresh", {})
    if group not in cache:
        cache[group] = _check(store, group)
    return cache[group]


def _check(store, group: str) -> bool:
    exists = store.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ru_status'")
    if not exists:
        return False
    done = store.scalar("SELECT import_id FROM ru_status WHERE grp = ?", [group])
    return done is not None and int(done) == _wanted(store, group)


def months(store) -> list[str]:
    """The months `ru_kampung_bulan` holds (every month with an activity report or a profile)."""
    cache = store.__dict__.setdefault("_rollups_months", {})
    if "m" not in cache:
        cache["m"] = list(store.sql("SELECT periode FROM ru_bulan ORDER BY 1")["periode"])
    return cache["m"]


def covers(store, periode: str | None) -> bool:
    """Whether the tier rollup is fresh and holds `periode`."""
    return bool(periode) and fresh(store, "kampung") and periode in months(store)


# ---------------------------------------------------------------------------------------------- refresh

def refresh(store, kind: str) -> None:
    """Rebuild the rollups an import of `kind` changes (called by the importer after a successful import)."""
    for cached in ("_rollups_fresh", "_rollups_months", "_rollups_mentions"):
        store.__dict__.pop(cached, None)
    for group, kinds in GROUPS.items():
        if kind in kinds:
            {"kegiatan": _refresh_kegiatan, "kampung": _refresh_kampung}[group](store)
            _mark(store, group)
    store.__dict__.pop("_rollups_fresh", None)


def refresh_all(store) -> None:
    """Rebuild every rollup (after a bulk load that bypassed `importer.import_file`)."""
    refresh(store, "kegiatan")
    refresh(store, "kampung")


def _mark(store, group: str) -> None:
    _execute(store, "CREATE TABLE IF NOT EXISTS ru_status (grp VARCHAR, import_id BIGINT)")
    _execute(store, "DELETE FROM ru_status WHERE grp = ?", [group])
    _execute(store, "INSERT INTO ru_status VALUES (?, ?)", [group, _wanted(store, group)])


def _replace(store, table: str, select: str) -> None:
    _execute(store, f"DROP TABLE IF EXISTS {table}")
    _execute(store, f"CREATE TABLE {table} AS {select}")


def _sums(source: str) -> str:
    """The three sums, from base kegiatan rows or from an activity rollup (`ru_`)."""
    with_people = "jumlah_peserta" if source.startswith("ru_") else "CASE WHEN peserta IS NOT NULL THEN jumlah END"
    return ("CAST(sum(jumlah) AS BIGINT) AS jumlah, CAST(sum(peserta) AS BIGINT) AS peserta, "
            f"CAST(sum({with_people}) AS BIGINT) AS jumlah_peserta")


def _refresh_kegiatan(store) -> None:
    """Activity sums per desa, kecamatan and kab/kota (SQL in the store), and the partner-agency rows."""
    _replace(store, "ru_kegiatan_desa", "SELECT kode_desa AS kode_wilayah, periode, jenis_kegiatan, seksi, "
             f"{_sums('kegiatan')} FROM kegiatan GROUP BY kode_desa, periode, jenis_kegiatan, seksi "
             "ORDER BY kode_wilayah, periode")
    for level, finer in (("kec", "desa"), ("kab", "kec")):
        width = WIDTH[level]
        _replace(store, f"ru_kegiatan_{level}", f"SELECT substr(kode_wilayah, 1, {width}) AS kode_wilayah, periode, "
                 f"jenis_kegiatan, seksi, {_sums('ru_')} FROM ru_kegiatan_{finer} "
                 f"GROUP BY substr(kode_wilayah, 1, {width}), periode, jenis_kegiatan, seksi "
                 "ORDER BY kode_wilayah, periode")
    _write(store, "ru_mitra", _partner_rows(store), "kode_desa, periode")


def _partner_rows(store) -> pd.DataFrame:
    """kode_desa, periode, jenis_kegiatan, instansi, jumlah: one row per agency a row names (named twice in a row
    counts once), summed; agency names split on `;` and stripped, as `activities.partner_agencies` reads them."""
    rows = store.sql("SELECT kode_desa, periode, jenis_kegiatan, instansi, CAST(sum(jumlah) AS BIGINT) AS jumlah "
                     "FROM kegiatan WHERE instansi IS NOT NULL AND instansi <> '' "
                     "GROUP BY kode_desa, periode, jenis_kegiatan, instansi")
    names = pd.Series(rows["instansi"].unique(), dtype=object)
    split = {text: sorted({part.strip() for part in text.split(";")} - {""}) for text in names}
    rows["instansi"] = rows["instansi"].map(split)
    rows = rows.explode("instansi").dropna(subset=["instansi"])
    keys = ["kode_desa", "periode", "jenis_kegiatan", "instansi"]
    out = rows.groupby(keys, as_index=False, sort=False)["jumlah"].sum()
    return out.astype({"jumlah": "int64", **{k: object for k in keys}})


def _write(store, table: str, frame: pd.DataFrame, order: str) -> None:
    """Replace `table` with `frame`, sorted by `order` (the store's own bulk path when it has one)."""
    writer = getattr(store, "write_frame", None)
    if callable(writer):
        writer(table, frame, order)
        return
    name = f"_ru_{table}"
    store.con.register(name, frame)
    try:
        _replace(store, table, f"SELECT * FROM {name} ORDER BY {order}")
    finally:
        store.con.unregister(name)


def _refresh_kampung(store) -> None:
    """Tiers, activities and the latest report of every Kampung KB as of every month with data."""
    month_list = list(store.sql("SELECT DISTINCT periode FROM (SELECT periode FROM kegiatan UNION ALL "
                                "SELECT periode FROM profil) u WHERE periode IS NOT NULL ORDER BY 1")["periode"])
    _write(store, "ru_bulan", pd.DataFrame({"periode": pd.Series(month_list, dtype=object)}), "periode")
    kampung = store.sql("SELECT kode_desa, tanggal_pencanangan, tahun_pencanangan FROM kampung ORDER BY kode_desa")
    frames = [_kampung_months(store, kampung, month_list[i:i + MONTH_CHUNK])
              for i in range(0, len(month_list), MONTH_CHUNK)]
    frame = pd.concat(frames, ignore_index=True) if frames else _kampung_months(store, kampung, [])
    _write(store, "ru_kampung_bulan", frame, "periode, kode_desa")


def formation_month(kampung: pd.DataFrame) -> pd.Series:
    """The month each Kampung KB counts from: its formation date's month, else January of its year, else ""."""
    formed = pd.to_datetime(kampung["tanggal_pencanangan"]).dt.strftime("%Y-%m")
    formed = formed.fillna(kampung["tahun_pencanangan"].astype("Int64").astype("string") + "-01")
    return formed.fillna("").astype(object)


def _kampung_months(store, kampung: pd.DataFrame, chunk: list[str]) -> pd.DataFrame:
    codes = kampung["kode_desa"].astype(object).to_numpy()
    n, m = len(codes), len(chunk)
    classified = _tiers(store, codes, chunk)
    frame = pd.DataFrame({"kode_desa": np.tile(codes, m), "periode": np.repeat(np.asarray(chunk, dtype=object), n)})
    formed = np.tile(formation_month(kampung).to_numpy(), m)
    frame["terbentuk"] = formed <= frame["periode"].to_numpy()
    for column in TIER_COLUMNS:
        frame[column] = classified[column].to_numpy() if len(classified) else pd.Series(dtype=object)
    reports = _reports(store, chunk)
    frame = frame.merge(reports, on=["kode_desa", "periode"], how="left")
    frame["kegiatan"] = frame["kegiatan"].fillna(0).astype("int64")
    frame["terakhir"] = _carry_last(store, frame, chunk)
    return frame


def _tiers(store, codes: np.ndarray, chunk: list[str]) -> pd.DataFrame:
    """`tiers.classify` of each Kampung KB's latest profile up to each month of `chunk` (month-major order)."""
    if not chunk or not len(codes):
        return pd.DataFrame()
    profil = _profile_frame(store, chunk[0], chunk[-1])
    position = pd.Index(codes).get_indexer(profil["kode_desa"].astype(object))
    keep = position >= 0
    profil = profil[keep].reset_index(drop=True)
    desa = position[keep]
    month_of = np.searchsorted(np.asarray(chunk, dtype=object), profil["periode"].to_numpy(dtype=object), "right") - 1
    # Rows are sorted by (desa, month): the running maximum of row numbers per desa is its latest profile so far.
    grid = np.full((len(codes), len(chunk)), -1, dtype=np.int64)
    before = month_of < 0
    latest_before = pd.Series(np.flatnonzero(before)).groupby(desa[before]).max()
    grid[latest_before.index.to_numpy(), 0] = latest_before.to_numpy()
    inside = ~before
    grid[desa[inside], month_of[inside]] = np.flatnonzero(inside)
    grid = np.maximum.accumulate(grid, axis=1)
    picks = grid.T.ravel()  # month-major, like the rollup's rows
    missing = len(profil)
    blank = tiers.missing_profile_row("", chunk[0]).drop(columns=["kode_desa", "periode", "ada_profil"])
    profil = pd.concat([profil, blank], ignore_index=True)
    frame = profil.iloc[np.where(picks < 0, missing, picks)].reset_index(drop=True)
    frame["ada_profil"] = picks >= 0
    frame["periode_profil"] = frame["periode"].where(frame["ada_profil"], None)
    frame["kode_desa"] = np.tile(codes, len(chunk))
    frame["periode"] = np.repeat(np.asarray(chunk, dtype=object), len(codes))
    return tiers.classify(frame, _mentions(store))


def _profile_frame(store, first: str, last: str) -> pd.DataFrame:
    """Each village's latest profile before `first` and its profiles from `first` to `last`, sorted by desa and
    month, in the types the tier rule expects."""
    frame = store.sql(
        "SELECT p.* FROM profil p JOIN (SELECT kode_desa, max(periode) AS periode FROM profil WHERE periode < ? "
        "GROUP BY kode_desa) l ON p.kode_desa = l.kode_desa AND p.periode = l.periode "
        "UNION ALL SELECT * FROM profil WHERE periode BETWEEN ? AND ? ORDER BY kode_desa, periode",
        [first, first, last])
    for column in schema.PROFIL.columns:
        if column.name in frame and column.type == "int":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.name in frame and column.type == "bool":
            frame[column.name] = frame[column.name].astype("boolean")
    return frame.drop(columns=["import_id", "keterangan"], errors="ignore")


def _mentions(store) -> pd.DataFrame:
    """Each village's agency strings in kegiatan with the month first named (what the tier rule's fill reads)."""
    cache = store.__dict__.setdefault("_rollups_mentions", {})
    if "m" not in cache:
        cache["m"] = store.sql("SELECT kode_desa, min(periode) AS periode, instansi FROM kegiatan "
                               "WHERE instansi IS NOT NULL AND instansi <> '' GROUP BY kode_desa, instansi")
    return cache["m"]


def _reports(store, chunk: list[str]) -> pd.DataFrame:
    """Per desa and month of `chunk`: activities (sum of jumlah) and the latest report date in that month (an
    undated monthly count counts as the month's last day)."""
    if not chunk:
        return pd.DataFrame(columns=["kode_desa", "periode", "kegiatan", "bulan_terakhir"])
    rows = store.sql("SELECT kode_desa, periode, CAST(sum(jumlah) AS BIGINT) AS kegiatan, "
                     "max(CASE WHEN tanggal IS NULL THEN 1 ELSE 0 END) AS tanpa_tanggal, max(tanggal) AS tanggal "
                     "FROM kegiatan WHERE periode BETWEEN ? AND ? GROUP BY kode_desa, periode", [chunk[0], chunk[-1]])
    month_end = pd.to_datetime(rows["periode"] + "-01") + pd.offsets.MonthEnd(0)
    dated = pd.to_datetime(rows["tanggal"])
    by_month = month_end.where(rows["tanpa_tanggal"] > 0)
    rows["bulan_terakhir"] = by_month.where(dated.isna() | (by_month > dated), dated)
    return rows[["kode_desa", "periode", "kegiatan", "bulan_terakhir"]].astype({"kode_desa": object,
                                                                               "periode": object})


def _carry_last(store, frame: pd.DataFrame, chunk: list[str]) -> np.ndarray:
    """The latest report up to the end of each row's month: the latest of this month's and every month before."""
    if not len(frame):
        return np.array([], dtype="datetime64[us]")
    wide = frame.pivot(index="kode_desa", columns="periode", values="bulan_terakhir").reindex(columns=chunk)
    start = _last_before(store, chunk[0]).reindex(wide.index)
    values = pd.concat([start.rename("_"), wide], axis=1).astype("datetime64[us]")
    # cummax leaves a month without a report empty; the forward fill carries the latest report into it
    carried = values.cummax(axis=1).ffill(axis=1).drop(columns="_")
    long = carried.reset_index().melt(id_vars="kode_desa", var_name="periode", value_name="terakhir")
    merged = frame[["kode_desa", "periode"]].merge(long, on=["kode_desa", "periode"], how="left")
    return merged["terakhir"].to_numpy()


def _last_before(store, first: str) -> pd.Series:
    """Per desa, its latest report date in the months before `first`."""
    rows = store.sql("SELECT kode_desa, max(CASE WHEN tanggal IS NULL THEN periode END) AS bulan, "
                     "max(tanggal) AS tanggal FROM kegiatan WHERE periode < ? GROUP BY kode_desa", [first])
    by_month = pd.to_datetime(rows["bulan"] + "-01") + pd.offsets.MonthEnd(0)
    dated = pd.to_datetime(rows["tanggal"])
    last = by_month.where(dated.isna() | (by_month > dated), dated)
    return pd.Series(last.to_numpy(), index=rows["kode_desa"].astype(object).to_numpy(), dtype="datetime64[us]")


# ---------------------------------------------------------------------------------------------- reading

def _in(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join("?" for _ in values)


def chosen_kampung(f, *, tingkat: tuple[str, ...] | None = None) -> tuple[str, list]:
    """SQL (and its parameters) selecting the codes of the Kampung KB of the view: formed by `sampai`, inside the
    region, with a tier as of `sampai` among `tingkat` (default: the view's; empty = every tier)."""
    tingkat = f.tingkat if tingkat is None else tingkat
    query = ("SELECT kode_desa FROM ru_kampung_bulan WHERE periode = ? AND terbentuk "
             "AND kode_desa >= ? AND kode_desa < ?")
    params = [f.sampai, *code_range(f.wilayah)]
    if tingkat:
        query += f" AND klasifikasi IN ({_in(tingkat)})"
        params += list(tingkat)
    return query, params


def activity_sums(store, f, by: tuple[str, ...], *, dari: str | None = None, tier_filter: bool = True,
                  sub_width: int | None = None) -> pd.DataFrame | None:
    """Activities under the view summed per `by` (periode, jenis_kegiatan, seksi; "kode" = the code cut to
    `sub_width`): columns `by` + jumlah, peserta, jumlah_peserta. Months from `dari` (default f.dari) to f.sampai,
    the chosen types, and with `tier_filter` only the Kampung KB of the chosen tiers (as `activities.activity_rows`).
    None when the rollups cannot answer (not fresh, or the tier month is not rolled up): use the base tables."""
    if not fresh(store, "kegiatan"):
        return None
    use_tiers = tier_filter and bool(f.tingkat)
    if use_tiers and not covers(store, f.sampai):
        return None
    source = "desa" if use_tiers else source_for(f.wilayah)
    if sub_width and sub_width > WIDTH[source]:
        source = "desa" if sub_width > WIDTH["kec"] else "kec"
    columns = [f"substr(kode_wilayah, 1, {sub_width})" if c == "kode" else c for c in by]
    select = ", ".join(f"{c} AS {name}" for c, name in zip(columns, by, strict=True))
    query = (f"SELECT {select}{', ' if by else ''}{_sums('ru_')} FROM ru_kegiatan_{source} "
             "WHERE kode_wilayah >= ? AND kode_wilayah < ? AND periode BETWEEN ? AND ?")
    params: list = [*code_range(f.wilayah), dari or f.dari, f.sampai]
    if f.kegiatan:
        query += f" AND jenis_kegiatan IN ({_in(f.kegiatan)})"
        params += list(f.kegiatan)
    if use_tiers:
        chosen, more = chosen_kampung(f)
        query += f" AND kode_wilayah IN ({chosen})"
        params += more
    if by:
        query += " GROUP BY " + ", ".join(columns)
    frame = store.sql(query, params)
    for column in SUMS:
        frame[column] = frame[column].fillna(0).astype("int64")
    return frame


def partner_sums(store, f) -> pd.DataFrame | None:
    """Per agency: activities (sum of jumlah) and Kampung KB (distinct desa) under the view; None as above."""
    if not fresh(store, "kegiatan") or (f.tingkat and not covers(store, f.sampai)):
        return None
    query = ("SELECT instansi, CAST(sum(jumlah) AS BIGINT) AS kegiatan, count(DISTINCT kode_desa) AS kampung "
             "FROM ru_mitra WHERE kode_desa >= ? AND kode_desa < ? AND periode BETWEEN ? AND ?")
    params: list = [*code_range(f.wilayah), f.dari, f.sampai]
    if f.kegiatan:
        query += f" AND jenis_kegiatan IN ({_in(f.kegiatan)})"
        params += list(f.kegiatan)
    if f.tingkat:
        chosen, more = chosen_kampung(f)
        query += f" AND kode_desa IN ({chosen})"
        params += more
    return store.sql(query + " GROUP BY instansi", params)


def village_rows(store, f, columns: tuple[str, ...], *, tingkat: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The Kampung KB of the view as of f.sampai (see `chosen_kampung`) with `columns` of `ru_kampung_bulan` and
    the register's nama_kampung, tanggal_pencanangan, tahun_pencanangan; sorted by kode_desa."""
    chosen, params = chosen_kampung(f, tingkat=tingkat)
    picked = ", ".join(f"r.{c}" for c in columns)
    query = (f"SELECT r.kode_desa, k.nama_kampung, k.tanggal_pencanangan, k.tahun_pencanangan, {picked} "
             "FROM ru_kampung_bulan r JOIN kampung k ON k.kode_desa = r.kode_desa "
             f"WHERE r.periode = ? AND r.kode_desa IN ({chosen}) ORDER BY r.kode_desa")
    return store.sql(query, [f.sampai, *params])


def village_activity(store, f, *, tingkat: tuple[str, ...] | None = None) -> pd.Series:
    """Activities in the range per Kampung KB of the view (kode_desa → sum of jumlah of the chosen types)."""
    chosen, params = chosen_kampung(f, tingkat=tingkat)
    if f.kegiatan:
        query = ("SELECT kode_wilayah AS kode_desa, CAST(sum(jumlah) AS BIGINT) AS n FROM ru_kegiatan_desa "
                 f"WHERE kode_wilayah IN ({chosen}) AND periode BETWEEN ? AND ? "
                 f"AND jenis_kegiatan IN ({_in(f.kegiatan)}) GROUP BY kode_wilayah")
        params = [*params, f.dari, f.sampai, *f.kegiatan]
    else:
        query = ("SELECT kode_desa, CAST(sum(kegiatan) AS BIGINT) AS n FROM ru_kampung_bulan "
                 f"WHERE kode_desa IN ({chosen}) AND periode BETWEEN ? AND ? GROUP BY kode_desa")
        params = [*params, f.dari, f.sampai]
    rows = store.sql(query, params)
    return pd.Series(rows["n"].to_numpy(dtype="int64"), index=rows["kode_desa"].to_numpy(dtype=object))


def tier_summary(store, f, since: str) -> dict[str, int]:
    """Kampung KB of the region as of f.sampai (every tier): per tier, the total, and those whose latest report
    is before `since` (a date) or missing."""
    chosen, params = chosen_kampung(f, tingkat=())
    rows = store.sql("SELECT klasifikasi, count(*) AS n, sum(CASE WHEN terakhir IS NULL OR terakhir < ? THEN 1 "
                     f"ELSE 0 END) AS stale FROM ru_kampung_bulan WHERE periode = ? AND kode_desa IN ({chosen}) "
                     "GROUP BY klasifikasi", [since, f.sampai, *params])
    counts = {tier: 0 for tier in schema.TIERS}
    counts.update({k: int(v) for k, v in zip(rows["klasifikasi"], rows["n"], strict=True)})
    counts["_stale"] = int(rows["stale"].fillna(0).sum())
    return counts


def tiers_at(store, codes_query: tuple[str, list], periode: str) -> pd.DataFrame:
    """kode_desa, klasifikasi as of `periode` for the Kampung KB `codes_query` selects."""
    chosen, params = codes_query
    return store.sql(f"SELECT kode_desa, klasifikasi FROM ru_kampung_bulan WHERE periode = ? AND kode_desa IN "
                     f"({chosen}) ORDER BY kode_desa", [periode, *params])
