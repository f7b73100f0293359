"""Building the rollups: which are fresh, and `refresh` after an import (see the package's docstring).

The activity sums are made in the store (SQL); the tier rollup's cells come from `cells`.
"""

from __future__ import annotations

import collections
import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pandas as pd

from ..store import WRITE_LOCK
from . import sums
from .cells import DESA_CHUNK, NAMED, cells_of, chunks, span, store_cells

#: Rollup group → the kinds whose imports change it (the kampung group reads `sums`' month table: after it).
GROUPS = {"kegiatan": ("kegiatan",), "kampung": ("kampung", "kegiatan", "profil")}


# ---------------------------------------------------------------------------------------------- freshness


def _execute(store, query: str, params: list | None = None) -> None:
    store.execute(query, params or [])


def _latest_imports(store) -> dict[str, int]:
    rows = store.sql("SELECT kind, max(import_id) AS id FROM import_log GROUP BY kind")
    return {k: int(v) for k, v in zip(rows["kind"], rows["id"], strict=True)}


def _wanted(store, group: str) -> int:
    latest = _latest_imports(store)
    return max((latest.get(kind, 0) for kind in GROUPS[group]), default=0)


def fresh(store, group: str) -> bool:
    """Whether the rollups of `group` reflect every import of the kinds they are made of."""
    cache = store.facts("_rollups_fresh")
    if group not in cache:
        cache[group] = _check(store, group)
    return cache[group]


def _check(store, group: str) -> bool:
    if not store.has_table("ru_status"):
        return False
    done = store.scalar("SELECT import_id FROM ru_status WHERE grp = ?", [group])
    if group == "kegiatan" and not sums.present(store):  # a store from a version without one of its tables
        return False
    return done is not None and int(done) == _wanted(store, group)


def months(store) -> list[str]:
    """The months `ru_kampung_bulan` holds (every month with an activity report or a profile)."""
    cache = store.facts("_rollups_months")
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


def _refresh_kegiatan(store) -> None:
    """The activity sums (`sums`), for the months the imports since their last refresh touched."""
    done = None
    if store.has_table("ru_status"):
        done = store.scalar("SELECT import_id FROM ru_status WHERE grp = 'kegiatan'")
    with store.rollup_memory():  # SQL alone: the import's own memory is freed by then
        sums.refresh(store, None if done is None else int(done))


def _refresh_kampung(store) -> None:
    """Tiers, activities and the latest report of every Kampung KB as of every month with data: only the cells
    the imports since the last refresh touched (`_changes`), else every cell; a part (`cells.chunks`) at a time.
    After activity imports alone a cell keeps its stored tier unless the tier reads activities."""
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
        parts = chunks(kampung, len(month_list)) or [kampung]
        _store_parts(store, parts, lambda reader, part: cells_of(reader, part, month_list), replace_rows=False)
        return
    touched, profiles_changed = changes
    added = [m for m in month_list if m not in set(before)]
    mine = kampung["kode_desa"].isin(touched.index)
    if mine.any():
        since = [m for m in month_list if m >= touched.min()]
        if profiles_changed or set(added) & set(since):
            keep = not profiles_changed
            parts = chunks(kampung[mine], len(since))
            _store_parts(store, parts, lambda reader, part: cells_of(reader, part, since, keep_tiers=keep))
        else:  # activities alone: the tiers that read them, then every touched cell's activity columns
            _retier_activity_readers(store, kampung[mine], since)
            _fill_activity(store, kampung.loc[mine, "kode_desa"].to_numpy(), since[0])
    if added and (~mine).any():  # a month new to the rollup: every other Kampung KB gets its row
        since = [m for m in month_list if m >= added[0]]  # contiguous: the latest report carries across months
        _store_parts(store, chunks(kampung[~mine], len(since)), lambda reader, part: cells_of(reader, part, since))


def _store_parts(store, parts: list[pd.DataFrame], make: Callable, **how) -> None:
    """The cells `make(reader, part)` gives for each of `parts`, stored in order (`store_cells` with `how`): on
    DuckDB made two at a time (`_made_ahead`) and written by a third thread (`_written_behind`)."""
    with _written_behind(store) as write, _made_ahead(store, parts) as made:
        for cells in made(make):
            write(cells, **how)


#: Parts made at once on DuckDB (`_made_ahead`).
AHEAD = 2


@contextlib.contextmanager
def _made_ahead(store, parts: list[pd.DataFrame]) -> Iterator[Callable[..., Iterator[pd.DataFrame]]]:
    """A function `made(make)` that yields `make(reader, part)` for each of `parts`, in order. On DuckDB, AHEAD
    parts are made at once by threads, each reading through its own connection (`Store.beside`, sharing this
    store's cached facts): one part's Python work runs while the engine reads for another. Elsewhere one part after
    the other, on `store`. Leaving the block waits for the threads and closes their connections."""
    store.__dict__.setdefault("_rollups_mentions", {})  # shared with the readers: the mentions are read once
    with contextlib.ExitStack() as undo:  # on leaving: cancel what waits, wait for the threads, close the readers
        readers = []
        while len(readers) < AHEAD and (reader := store.beside()) is not None:
            undo.callback(reader.close)
            readers.append(reader)
        if not readers:
            yield lambda make: (make(store, part) for part in parts)
            return
        pool = ThreadPoolExecutor(len(readers), thread_name_prefix="rollup-part")
        undo.callback(pool.shutdown, wait=True)
        pending: collections.deque[Future] = collections.deque()
        undo.callback(lambda: [future.cancel() for future in pending])

        def made(make) -> Iterator[pd.DataFrame]:
            for i, part in enumerate(parts):  # part i on reader i % len: at most one running part per reader
                pending.append(pool.submit(make, readers[i % len(readers)], part))
                if len(pending) == len(readers):
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

        yield made


@contextlib.contextmanager
def _written_behind(store) -> Iterator[Callable[..., None]]:
    """A function that stores a part's cells (`store_cells`). On DuckDB the parts are written in order by a thread
    on a second connection (`Store.beside`) while this one makes the next part: the two take about as long, and
    the engine's writing runs beside Python's work. Leaving the block waits until every part is written and
    raises the first error a write met (the parts after it are not written; the import then keeps nothing).
    On PostgreSQL each part is written in turn."""
    second = store.beside()
    if second is None:
        yield lambda frame, **how: store_cells(store, frame, **how)
        return
    parts: queue.Queue = queue.Queue(maxsize=1)  # one part waiting at most: a part is ~100 MB at national scale
    failed: list[BaseException] = []

    def writer() -> None:
        while (part := parts.get()) is not None:
            if not failed:
                try:
                    store_cells(second, part[0], **part[1])
                except BaseException as exc:  # noqa: BLE001 — raised again in the caller's thread
                    failed.append(exc)

    def write(frame: pd.DataFrame, **how) -> None:
        if failed:  # stop making parts as soon as one could not be written
            raise failed[0]
        parts.put((frame, how))

    thread = threading.Thread(target=writer, name="rollup-writer", daemon=True)
    thread.start()
    try:
        yield write
    finally:
        parts.put(None)
        thread.join()
        second.close()
    if failed:
        raise failed[0]


def _retier_activity_readers(store, kampung: pd.DataFrame, since: list[str]) -> None:
    """After activity imports only: the Kampung KB whose tier reads activities in one of these months (a profile
    without partner agencies, or none) get their cells rebuilt; every other stored tier stands."""
    codes = kampung["kode_desa"].to_numpy(dtype=object)
    reads = store.sql(  # a cell's tier read activities when its partner agencies came from them
        "SELECT kode_desa, max(periode) AS bis FROM ru_kampung_bulan WHERE kode_desa >= ? AND kode_desa <= ? "
        "AND periode >= ? AND mitra_dari_kegiatan GROUP BY kode_desa",
        [*span(codes), since[0]],
    )
    bis = pd.Series(reads["bis"].to_numpy(dtype=object), index=reads["kode_desa"].to_numpy(dtype=object))
    if bis.empty:
        return
    # parts of villages few enough to be named one by one: only their own profiles and months are read
    parts = chunks(kampung[kampung["kode_desa"].isin(bis.index)], len(since), most=NAMED)

    def rebuilt(reader, again: pd.DataFrame) -> pd.DataFrame:
        last = bis[again["kode_desa"].to_numpy()].max()  # the last month whose tier reads activities
        return cells_of(reader, again, [m for m in since if m <= last])

    _store_parts(store, parts, rebuilt)


def _fill_activity(store, codes: np.ndarray, first: str) -> None:
    """The activity columns of the stored cells from `first` on, for the Kampung KB between the first and last of
    the sorted `codes` (any other Kampung KB in that range gets the same values again): `kegiatan` and
    `bulan_terakhir` from the month table `ru_kegiatan_bulan` (`sums`), and `terakhir`, its latest report up to
    the end of the month, earlier months included — as `cells` computes them for the cells it makes.

    Updated in place, `DESA_CHUNK` villages at a time, each part its own transaction: an update holds what it
    replaces in memory until it commits, so a part bounds the writer's memory whatever the store's size, and the
    other columns of the cells are not written again. (A DuckDB writer works on a copy that readers see only when
    the import is done; on PostgreSQL a reader may see some parts updated before the others, as with `cells`.)"""
    cells = (
        "SELECT c.kode_desa, c.periode, COALESCE(r.kegiatan, 0) AS kegiatan, r.bulan_terakhir, "
        "max(r.bulan_terakhir) OVER (PARTITION BY c.kode_desa ORDER BY c.periode ROWS UNBOUNDED PRECEDING) "
        "AS terakhir FROM ru_kampung_bulan c LEFT JOIN ru_kegiatan_bulan r ON r.kode_desa = c.kode_desa "
        "AND r.periode = c.periode WHERE c.kode_desa >= ? AND c.kode_desa <= ?"
    )
    update = (
        "UPDATE ru_kampung_bulan SET kegiatan = n.kegiatan, bulan_terakhir = n.bulan_terakhir, "
        f"terakhir = n.terakhir FROM ({cells}) n WHERE n.kode_desa = ru_kampung_bulan.kode_desa "
        "AND n.periode = ru_kampung_bulan.periode AND ru_kampung_bulan.periode >= ?"
    )
    for start in range(0, len(codes), DESA_CHUNK):
        with store.transaction():
            _execute(store, update, [*span(codes[start : start + DESA_CHUNK]), first])
    store.analyze("ru_kampung_bulan")


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
