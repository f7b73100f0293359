"""Building the rollups: which are fresh, and `refresh` after an import (see the package's docstring).

The activity sums are made in the store (SQL); the tier rollup's cells come from `cells`.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pandas as pd

from ..store import WRITE_LOCK
from .cells import cells_of, chunks, span, store_cells

#: Rollup group → the kinds whose imports change it.
GROUPS = {"kegiatan": ("kegiatan",), "kampung": ("kampung", "kegiatan", "profil")}
WIDTH = {"kab": 5, "kec": 8, "desa": 13}
#: Code ranges the activity sums per desa are made in (bounds the memory of the aggregation).
SUM_PARTS = 8


# ---------------------------------------------------------------------------------------------- freshness


def _execute(store, query: str, params: list | None = None) -> None:
    store.execute(query, params or [])


def _latest_imports(store) -> dict[str, int]:
    rows = store.sql("SELECT kind, max(import_id) AS id FROM import_log GROUP BY kind")
    return {k: int(v) for k, v in zip(rows["kind"], rows["id"], strict=True)}


def _wanted(store, group: str) -> int:
    latest = _latest_imports(store)
    return max((latest.get(kind, 0) for kind in GROUPS[group]), default=0)


#: Facts about a read-only snapshot of the store (`Store.snapshot`), shared by every Store reading it: a page's dozen
#: cached calls each open a Store, and checking freshness costs three queries.
_SNAPSHOTS: dict[tuple, dict] = {}


def _facts(store, name: str) -> dict:
    snapshot = getattr(store, "snapshot", None)
    if snapshot is None:
        return store.__dict__.setdefault(name, {})
    if snapshot not in _SNAPSHOTS:
        while len(_SNAPSHOTS) >= 8:
            _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
        _SNAPSHOTS[snapshot] = {}
    return _SNAPSHOTS[snapshot].setdefault(name, {})


def fresh(store, group: str) -> bool:
    """Whether the rollups of `group` reflect every import of the kinds they are made of."""
    cache = _facts(store, "_rollups_fresh")
    if group not in cache:
        cache[group] = _check(store, group)
    return cache[group]


def _check(store, group: str) -> bool:
    exists = store.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ru_status' "
        "AND table_schema = current_schema()"
    )
    if not exists:
        return False
    done = store.scalar("SELECT import_id FROM ru_status WHERE grp = ?", [group])
    return done is not None and int(done) == _wanted(store, group)


def months(store) -> list[str]:
    """The months `ru_kampung_bulan` holds (every month with an activity report or a profile)."""
    cache = _facts(store, "_rollups_months")
    if "m" not in cache:
        cache["m"] = list(store.sql("SELECT periode FROM ru_bulan ORDER BY 1")["periode"])
    return cache["m"]


def current(store) -> bool:
    """Whether every rollup reflects every import (false only for a store written by an older version)."""
    return all(fresh(store, group) for group in GROUPS)


def upgrade(store) -> None:
    """Make the rollups a written store lacks or that an older version left behind (a new store gets them empty):
    called whenever a store is opened for writing, so a store from an older version is upgraded on its first
    write."""
    if not current(store):
        refresh(store, "")


# ---------------------------------------------------------------------------------------------- refresh


def refresh(store, kind: str) -> None:
    """Rebuild the rollups an import of `kind` changes (called by the importer after a successful import), and any
    that are not current (a store from an older version)."""
    _forget(store)
    with _one_writer(store):  # on PostgreSQL another replica may have refreshed meanwhile: checked under the lock
        for group, kinds in GROUPS.items():
            if kind in kinds or not fresh(store, group):
                {"kegiatan": _refresh_kegiatan, "kampung": _refresh_kampung}[group](store)
                _mark(store, group)
            _forget(store)


def _forget(store) -> None:
    for cached in ("_rollups_fresh", "_rollups_months", "_rollups_mentions"):
        store.__dict__.pop(cached, None)


@contextlib.contextmanager
def _one_writer(store):
    """On PostgreSQL, replicas refreshing at once take turns (the import's write lock, held for the session):
    the rollup tables, staging included, are shared by every replica."""
    if getattr(store, "backend", "duckdb") != "postgresql":
        yield
        return
    store.pg_write_lock(session=True)
    try:
        yield
    finally:
        store.execute("SELECT pg_advisory_unlock(?)", [WRITE_LOCK])


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
    return (
        "CAST(sum(jumlah) AS BIGINT) AS jumlah, CAST(sum(peserta) AS BIGINT) AS peserta, "
        f"CAST(sum({with_people}) AS BIGINT) AS jumlah_peserta"
    )


def _refresh_kegiatan(store) -> None:
    """Activity sums per desa, kecamatan and kab/kota (SQL in the store), and the partner-agency rows.

    The desa table holds each monthly count as stored (a row without a date is one per desa, month, type and
    function) and the dated reports summed per month, so it may hold two rows of one group; every reader sums
    again: grouping monthly counts that are already one a group costs more than sorting them."""
    _execute(store, "DROP TABLE IF EXISTS ru_kegiatan_desa")
    columns = "kode_desa AS kode_wilayah, periode, jenis_kegiatan, seksi"
    select = (
        f"SELECT {columns}, jumlah, peserta, CASE WHEN peserta IS NOT NULL THEN jumlah END AS jumlah_peserta "
        "FROM kegiatan WHERE tanggal IS NULL AND kode_desa >= ? AND kode_desa < ? UNION ALL "
        f"SELECT {columns}, {_sums('kegiatan')} FROM kegiatan WHERE tanggal IS NOT NULL AND kode_desa >= ? "
        "AND kode_desa < ? GROUP BY kode_desa, periode, jenis_kegiatan, seksi ORDER BY kode_wilayah, periode"
    )
    # a few provinces at a time: one sort of every activity row would need memory in proportion to them all
    for i, bounds in enumerate(_code_parts(store)):
        _execute(
            store,
            f"{'INSERT INTO' if i else 'CREATE TABLE'} ru_kegiatan_desa {'' if i else 'AS '}{select}",
            [*bounds, *bounds],
        )
    store.analyze("ru_kegiatan_desa")
    for level, finer in (("kec", "desa"), ("kab", "kec")):
        width = WIDTH[level]
        _replace(
            store,
            f"ru_kegiatan_{level}",
            f"SELECT substr(kode_wilayah, 1, {width}) AS kode_wilayah, periode, "
            f"jenis_kegiatan, seksi, {_sums('ru_')} FROM ru_kegiatan_{finer} "
            f"GROUP BY substr(kode_wilayah, 1, {width}), periode, jenis_kegiatan, seksi "
            "ORDER BY kode_wilayah, periode",
        )
    _refresh_partners(store)


def _code_parts(store) -> list[tuple[str, str]]:
    """`SUM_PARTS` code ranges [low, high) of whole provinces covering every activity row (one when none)."""
    provinces = list(store.sql("SELECT DISTINCT substr(kode_desa, 1, 2) AS p FROM kegiatan ORDER BY 1")["p"])
    starts = [provinces[i] for i in range(0, len(provinces), max(1, -(-len(provinces) // SUM_PARTS)))]
    edges = ["", *starts[1:], "~"]
    return list(zip(edges[:-1], edges[1:], strict=True))


def _refresh_partners(store) -> None:
    """`ru_mitra`: kode_desa, periode, jenis_kegiatan, instansi, jumlah — one row per agency a row names (named twice
    in a row counts once), summed. Agency names are split on `;` and stripped as `activities.partner_agencies` reads
    them, in Python once per distinct text (`ru_mitra_nama`: teks → instansi); the join and the sums run in the
    store, so 1.5 M named rows never become Python objects."""
    texts = store.sql("SELECT DISTINCT instansi FROM kegiatan WHERE instansi IS NOT NULL AND instansi <> ''")
    pairs = [
        (text, name)
        for text in texts["instansi"].to_numpy(dtype=object)
        for name in sorted({part.strip() for part in text.split(";")} - {""})
    ]
    names = pd.DataFrame(pairs, columns=["teks", "instansi"], dtype=object).astype(str)  # text even when empty
    store.write_frame("ru_mitra_nama", names, "teks")
    _replace(
        store,
        "ru_mitra",
        "SELECT k.kode_desa, k.periode, k.jenis_kegiatan, m.instansi, "
        "CAST(COALESCE(sum(k.jumlah), 0) AS BIGINT) AS jumlah FROM kegiatan k "
        "JOIN ru_mitra_nama m ON m.teks = k.instansi "
        "GROUP BY k.kode_desa, k.periode, k.jenis_kegiatan, m.instansi ORDER BY k.kode_desa, k.periode",
    )


def _refresh_kampung(store) -> None:
    """Tiers, activities and the latest report of every Kampung KB as of every month with data: only the cells
    the imports since the last refresh touched (`_changes`), else every cell; `DESA_CHUNK` villages at a time for
    the tiers, then the activity columns of every changed cell in one statement (`_fill_activity`)."""
    month_list = list(
        store.sql(
            "SELECT DISTINCT periode FROM (SELECT periode FROM kegiatan UNION ALL "
            "SELECT periode FROM profil) u WHERE periode IS NOT NULL ORDER BY 1"
        )["periode"]
    )
    kampung = store.sql("SELECT kode_desa, tanggal_pencanangan, tahun_pencanangan FROM kampung ORDER BY kode_desa")
    kampung["kode_desa"] = kampung["kode_desa"].astype(object)
    before = _rolled_months(store)
    changes = _changes(store) if before and set(before) <= set(month_list) else None
    store.write_frame("ru_bulan", pd.DataFrame({"periode": pd.Series(month_list, dtype=object)}), "periode")
    if changes is None:  # first refresh, a register import, or an old store: every cell
        _execute(store, "DROP TABLE IF EXISTS ru_kampung_bulan")
        for part in chunks(kampung) or [kampung]:
            store_cells(store, cells_of(store, part, month_list), replace_rows=False)
        if len(kampung) and month_list:
            _fill_activity(store, kampung["kode_desa"].to_numpy(), month_list[0])
        return
    touched, profiles_changed = changes
    added = [m for m in month_list if m not in set(before)]
    mine = kampung["kode_desa"].isin(touched.index)
    if mine.any():
        since = [m for m in month_list if m >= touched.min()]
        if profiles_changed or set(added) & set(since):
            for part in chunks(kampung[mine]):
                store_cells(store, cells_of(store, part, since, keep_tiers=not profiles_changed))
        else:
            _retier_activity_readers(store, kampung[mine], since)
        _fill_activity(store, kampung.loc[mine, "kode_desa"].to_numpy(), since[0])
    if added and (~mine).any():  # a month new to the rollup: every other Kampung KB gets its row
        since = [m for m in month_list if m >= added[0]]  # contiguous: the latest report carries across months
        for part in chunks(kampung[~mine]):
            store_cells(store, cells_of(store, part, since))
        _fill_activity(store, kampung.loc[~mine, "kode_desa"].to_numpy(), since[0])


def _retier_activity_readers(store, kampung: pd.DataFrame, since: list[str]) -> None:
    """After activity imports only: the Kampung KB whose tier reads activities in one of these months (a profile
    without partner agencies, or none) get their cells rebuilt; every other stored tier stands."""
    codes = kampung["kode_desa"].to_numpy(dtype=object)
    reads = store.sql(
        "SELECT r.kode_desa, max(r.periode) AS bis FROM ru_kampung_bulan r LEFT JOIN profil p "
        "ON p.kode_desa = r.kode_desa AND p.periode = r.periode_profil WHERE r.kode_desa >= ? "
        "AND r.kode_desa <= ? AND r.periode >= ? AND p.instansi_mitra IS NULL GROUP BY r.kode_desa",
        [*span(codes), since[0]],
    )
    bis = pd.Series(reads["bis"].to_numpy(dtype=object), index=reads["kode_desa"].to_numpy(dtype=object))
    for part in chunks(kampung):  # a chunk's codes are a narrow range: its profiles are read, not the country's
        again = part[part["kode_desa"].isin(bis.index)]
        if len(again):  # up to the last month whose tier reads activities (often before a first profile)
            last = bis[again["kode_desa"].to_numpy()].max()
            store_cells(store, cells_of(store, again, [m for m in since if m <= last]))


#: The last day of a row's month (a monthly count without a date counts as reported then).
_MONTH_END = "CAST(CAST(r.periode || '-01' AS DATE) + INTERVAL '1 month' - INTERVAL '1 day' AS TIMESTAMP)"


def _fill_activity(store, codes: np.ndarray, first: str) -> None:
    """The activity columns of the stored cells from `first` on, for the Kampung KB between the first and last of
    the sorted `codes` (any other Kampung KB in that range gets the same values again): `kegiatan` (sum of jumlah
    in the month), `bulan_terakhir` (its latest report in the month) and `terakhir` (its latest report up to the
    end of the month, earlier months included). One statement in the store, so 20 M activity rows never leave it."""
    bounds = span(codes)
    reports = (
        "SELECT kode_desa, periode, CAST(sum(jumlah) AS BIGINT) AS kegiatan, "
        "max(CASE WHEN tanggal IS NULL THEN 1 ELSE 0 END) AS tanpa_tanggal, "
        "CAST(max(tanggal) AS TIMESTAMP) AS tanggal FROM kegiatan WHERE kode_desa >= ? AND kode_desa <= ? "
        "GROUP BY kode_desa, periode"
    )
    latest = (
        f"SELECT r.kode_desa, r.periode, r.kegiatan, CASE WHEN r.tanpa_tanggal > 0 AND (r.tanggal IS NULL "
        f"OR {_MONTH_END} > r.tanggal) THEN {_MONTH_END} ELSE r.tanggal END AS bulan_terakhir FROM ({reports}) r"
    )
    cells = (
        "SELECT c.kode_desa, c.periode, COALESCE(r.kegiatan, 0) AS kegiatan, r.bulan_terakhir, "
        "max(r.bulan_terakhir) OVER (PARTITION BY c.kode_desa ORDER BY c.periode ROWS UNBOUNDED PRECEDING) "
        f"AS terakhir FROM ru_kampung_bulan c LEFT JOIN ({latest}) r ON r.kode_desa = c.kode_desa "
        "AND r.periode = c.periode WHERE c.kode_desa >= ? AND c.kode_desa <= ?"
    )
    _execute(
        store,
        "UPDATE ru_kampung_bulan SET kegiatan = s.kegiatan, bulan_terakhir = s.bulan_terakhir, "
        f"terakhir = s.terakhir FROM ({cells}) s WHERE ru_kampung_bulan.kode_desa = s.kode_desa "
        "AND ru_kampung_bulan.periode = s.periode AND s.periode >= ?",
        [*bounds, *bounds, first],
    )


def _rolled_months(store) -> list[str] | None:
    """The months the tier rollup holds, or None when it has never been built."""
    exists = store.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN "
        "('ru_status', 'ru_bulan', 'ru_kampung_bulan') AND table_schema = current_schema()"
    )
    if exists != 3 or store.scalar("SELECT import_id FROM ru_status WHERE grp = 'kampung'") is None:
        return None
    return list(store.sql("SELECT periode FROM ru_bulan ORDER BY 1")["periode"])


def _changes(store) -> tuple[pd.Series, bool] | None:
    """What the imports since the tier rollup's last refresh touched: kode_desa → the first month, and whether
    profiles changed (else only activities did). None when the register changed (every cell is rebuilt).
    A re-import replaces rows with the same key (desa and month among it), so the new rows name every cell."""
    done = int(store.scalar("SELECT import_id FROM ru_status WHERE grp = 'kampung'"))
    kinds = set(store.sql("SELECT DISTINCT kind FROM import_log WHERE import_id > ?", [done])["kind"])
    if "kampung" in kinds:
        return None
    parts = [
        store.sql(
            f"SELECT kode_desa, min(periode) AS dari FROM {kind} WHERE import_id > ? AND periode IS "
            "NOT NULL GROUP BY kode_desa",
            [done],
        )
        for kind in ("profil", "kegiatan")
        if kind in kinds
    ]
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["kode_desa", "dari"])
    touched = rows.groupby(rows["kode_desa"].astype(object))["dari"].min()
    return touched, "profil" in kinds
