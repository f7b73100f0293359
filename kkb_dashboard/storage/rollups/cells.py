"""The rows of `ru_kampung_bulan`: every Kampung KB as of each month, its tier from `classification.classify`.

`build` decides which villages and months to make again; this module makes their cells (`cells_of`) and stores
them (`store_cells`), a part (`chunks`) at a time.
"""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema

from ...rules import classification, tier_rule

TIER_COLUMNS = (
    "klasifikasi",
    "tingkat",
    *(f"indeks_{g}" for g in tier_rule.INDEX_NAMES),
    *(f"lulus_{g}" for g in tier_rule.INDEX_NAMES),
    *(f"skor_{n}" for n in tier_rule.SCORE_NAMES),
    "periode_profil",
    "ada_profil",
    "mitra_dari_kegiatan",
)
#: Kampung KB classified or updated at once at most (every month of each).
DESA_CHUNK = 8000
#: Cells made at once: about one DuckDB row group, so a part bounds the tier rollup's memory whatever the number of
#: months, and a stored part fills whole row groups.
PART_CELLS = 122_880


def chunks(kampung: pd.DataFrame, months: int = 1, most: int | None = None) -> list[pd.DataFrame]:
    """The Kampung KB rows in parts of about PART_CELLS cells over `months` months, at most `most` villages
    (default `DESA_CHUNK`; none when there are none)."""
    size = max(1, min(DESA_CHUNK if most is None else most, PART_CELLS // max(months, 1)))
    return [kampung.iloc[i : i + size] for i in range(0, len(kampung), size)]


def store_cells(store, frame: pd.DataFrame, replace_rows: bool = True) -> None:
    """Add `frame`'s cells to `ru_kampung_bulan` (created from the first frame), replacing the cells stored
    with the same kode_desa and periode. Written in code order (a full refresh adds code-ordered chunks), so a
    region's cells are a contiguous range the engine prunes to."""
    if not replace_rows or not store.has_table("ru_kampung_bulan"):
        store.write_frame("ru_kampung_bulan", frame, "kode_desa, periode", append=True)
        return
    store.write_frame("ru_stage", frame, "kode_desa, periode")
    try:
        store.execute(
            "DELETE FROM ru_kampung_bulan t WHERE EXISTS (SELECT 1 FROM ru_stage s "
            "WHERE s.kode_desa = t.kode_desa AND s.periode = t.periode)",
        )
        names = ", ".join(frame.columns)
        store.execute(f"INSERT INTO ru_kampung_bulan ({names}) SELECT {names} FROM ru_stage")
    finally:
        store.execute("DROP TABLE IF EXISTS ru_stage")


def formation_month(kampung: pd.DataFrame) -> pd.Series:
    """The month each Kampung KB counts from: its formation date's month, else January of its year, else ""."""
    formed = pd.to_datetime(kampung["tanggal_pencanangan"]).dt.strftime("%Y-%m")
    formed = formed.fillna(kampung["tahun_pencanangan"].astype("Int64").astype("string") + "-01")
    return formed.fillna("").astype(object)


def cells_of(store, kampung: pd.DataFrame, chunk: list[str], keep_tiers: bool = False) -> pd.DataFrame:
    """The rollup's rows for the Kampung KB `kampung` (sorted by code) and the months `chunk` (sorted), month-major.
    With `keep_tiers` (only activities changed) a cell keeps its stored tier unless the tier reads activities:
    no partner agencies in its profile (the rule then counts those named in kegiatan) or no stored cell."""
    codes = kampung["kode_desa"].to_numpy(dtype=object)
    n, m = len(codes), len(chunk)
    frame = pd.DataFrame({"kode_desa": np.tile(codes, m), "periode": np.repeat(np.asarray(chunk, dtype=object), n)})
    formed = np.tile(formation_month(kampung).to_numpy(), m)
    frame["terbentuk"] = formed <= frame["periode"].to_numpy()
    classified = _tiers(store, codes, chunk, keep_tiers)
    for column in TIER_COLUMNS:
        frame[column] = classified[column].to_numpy() if len(classified) else pd.Series(dtype=object)
    frame["kegiatan"], frame["bulan_terakhir"], frame["terakhir"] = _activity(store, codes, chunk)
    # fixed column types: a chunk whose column is all empty must not create (or fail to fill) a NULL-typed column
    return frame.astype(
        {
            **dict.fromkeys(("kode_desa", "periode", "klasifikasi", "periode_profil"), "str"),
            "bulan_terakhir": "datetime64[us]",
            "terakhir": "datetime64[us]",
        }
    )


#: No report (the smallest datetime64 value is NaT).
_NONE = np.iinfo(np.int64).min


def _activity(store, codes: np.ndarray, chunk: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell (month-major): `kegiatan` (sum of jumlah in the month), `bulan_terakhir` (its latest report in the
    month) and `terakhir` (its latest report up to the end of the month, earlier months included), from the month
    table `ru_kegiatan_bulan` that `sums` keeps."""
    n, m = len(codes), len(chunk)
    if not n or not m:
        nothing = np.zeros(0, dtype=np.int64)
        return nothing, nothing.view("datetime64[us]"), nothing.view("datetime64[us]")
    among, params = _among(codes)
    rows = store.sql(
        f"SELECT kode_desa, periode, kegiatan, bulan_terakhir FROM ru_kegiatan_bulan WHERE {among} AND periode <= ?",
        [*params, chunk[-1]],
    )
    desa = pd.Index(codes).get_indexer(rows["kode_desa"].astype(object))
    months = np.asarray(chunk, dtype=object)
    periode = rows["periode"].to_numpy(dtype=object)
    # column 0 holds what came before the first month; column j + 1 the month chunk[j] (or the months up to it)
    column = np.searchsorted(months, periode, "right")
    exact = (column > 0) & (months[np.maximum(column - 1, 0)] == periode) & (desa >= 0)
    kegiatan = np.zeros((n, m), dtype=np.int64)
    kegiatan[desa[exact], column[exact] - 1] = rows["kegiatan"].fillna(0).to_numpy(dtype=np.int64)[exact]
    reported = rows["bulan_terakhir"].to_numpy(dtype="datetime64[us]").view(np.int64)  # NaT is the smallest
    latest = np.full((n, m + 1), _NONE, dtype=np.int64)
    known = desa >= 0
    np.maximum.at(latest, (desa[known], column[known]), reported[known])
    in_month = np.where(exact, reported, _NONE)
    month_latest = np.full((n, m), _NONE, dtype=np.int64)
    np.maximum.at(month_latest, (desa[exact], column[exact] - 1), in_month[exact])
    carried = np.maximum.accumulate(latest, axis=1)[:, 1:]
    return kegiatan.T.ravel(), _month_major_times(month_latest), _month_major_times(carried)


def _month_major_times(grid: np.ndarray) -> np.ndarray:
    """A desa × month grid of times (int64 microseconds) as datetime64, flattened month-major like the cells."""
    return grid.T.ravel().view("datetime64[us]")


def span(codes: np.ndarray) -> list[str]:
    """The code range [first, last] of sorted `codes` (a range every engine prunes; rows outside are dropped)."""
    return [codes[0], codes[-1]]


#: At most this many codes are also named one by one (`_among`).
NAMED = 2000


def _among(codes: np.ndarray) -> tuple[str, list[str]]:
    """The condition on `kode_desa` selecting sorted `codes`, and its parameters: their range, and, for at most
    NAMED codes, the codes themselves, so that villages scattered over a wide range (those whose tier reads
    activities) read only their own rows."""
    if len(codes) > NAMED:
        return "kode_desa >= ? AND kode_desa <= ?", span(codes)
    named = ", ".join("?" * len(codes))
    return f"kode_desa >= ? AND kode_desa <= ? AND kode_desa IN ({named})", [*span(codes), *codes]


#: The tier columns `classification.classify` gives (the rollup adds periode_profil and ada_profil from the pick).
_RULE_COLUMNS = [c for c in TIER_COLUMNS if c not in ("periode_profil", "ada_profil")]


def _tiers(store, codes: np.ndarray, chunk: list[str], keep_tiers: bool = False) -> pd.DataFrame:
    """TIER_COLUMNS of each Kampung KB of `codes` in each month of `chunk` (month-major): `classify` of its
    latest profile up to the month. A profile naming its partner agencies is classified once, for every month
    it is the latest; a cell whose tier reads the activities (its profile names none, or it has none) is
    classified with the agencies named in kegiatan up to its month. With `keep_tiers` (only activities changed)
    the other cells keep their stored tier."""
    if not chunk or not len(codes):
        return pd.DataFrame()
    profil = _profile_frame(store, codes, chunk[-1])
    picks = _latest_profiles(profil, codes, chunk)
    has = picks >= 0
    reads = ~has
    reads[has] = profil["instansi_mitra"].isna().to_numpy()[picks[has]]
    if keep_tiers:
        stored, found = _stored_tiers(store, codes, chunk)
        reads |= ~found
        alone = stored[~reads]
    else:
        own, at = np.unique(picks[~reads], return_inverse=True)
        # the rule's columns only: the profile's own columns (text among them) are not copied per cell
        alone = classification.classify(profil.iloc[own].reset_index(drop=True), only=_RULE_COLUMNS).iloc[at]
    if not reads.any():  # every cell in its own order already
        rows = alone[_RULE_COLUMNS].reset_index(drop=True)
    else:
        parts = [(~reads, alone), (reads, _classify_reading(store, profil, picks, reads, codes, chunk))]
        order = np.concatenate([np.flatnonzero(mask) for mask, _ in parts])
        rows = pd.concat([part[_RULE_COLUMNS].reset_index(drop=True) for _, part in parts], ignore_index=True)
        rows = rows.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    rows["ada_profil"] = has
    rows["periode_profil"] = (
        np.where(has, profil["periode"].to_numpy(dtype=object)[np.maximum(picks, 0)], None) if len(profil) else None
    )
    return rows[list(TIER_COLUMNS)]


def _latest_profiles(profil: pd.DataFrame, codes: np.ndarray, chunk: list[str]) -> np.ndarray:
    """Per cell (month-major), the row of `profil` (sorted by desa and month) that is the Kampung KB's latest
    profile up to the month, or -1."""
    desa = pd.Index(codes).get_indexer(profil["kode_desa"])
    # the first month of `chunk` at or after each profile's month: from there on it is the latest one
    month_of = np.searchsorted(np.asarray(chunk, dtype=object), profil["periode"].to_numpy(dtype=object), "left")
    grid = np.full((len(codes), len(chunk)), -1, dtype=np.int64)
    np.maximum.at(grid, (desa, month_of), np.arange(len(profil)))  # rows sorted by month: the latest wins
    return np.maximum.accumulate(grid, axis=1).T.ravel()


def _classify_reading(
    store, profil: pd.DataFrame, picks: np.ndarray, reads: np.ndarray, codes: np.ndarray, chunk: list[str]
) -> pd.DataFrame:
    """`classify` of the cells `reads` marks, each its latest profile (or none) as of its own month, with the
    partner agencies its village's kegiatan named by then."""
    cells = np.flatnonzero(reads)
    some = picks[cells] >= 0
    blank = classification.missing_profile_row("", chunk[0]).drop(columns=["kode_desa", "periode", "ada_profil"])
    frame = pd.concat(
        [profil.iloc[picks[cells][some]], blank.iloc[np.zeros((~some).sum(), dtype=np.int64)]], ignore_index=True
    )  # the cells with a profile first, then those without
    cells = np.concatenate([cells[some], cells[~some]])
    frame["kode_desa"] = codes[cells % len(codes)]
    frame["periode"] = np.asarray(chunk, dtype=object)[cells // len(codes)]
    mentions = _mentions(store)
    classified = classification.classify(
        frame, mentions[mentions["kode_desa"].isin(pd.Index(codes))], only=_RULE_COLUMNS
    )
    return classified.iloc[np.argsort(cells, kind="stable")]


def _stored_tiers(store, codes: np.ndarray, chunk: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The stored tier columns of each cell (month-major) and whether the cell is stored at all."""
    stored = store.sql(
        f"SELECT kode_desa, periode, {', '.join(_RULE_COLUMNS)} FROM ru_kampung_bulan "
        "WHERE kode_desa >= ? AND kode_desa <= ? AND periode >= ? AND periode <= ?",
        [*span(codes), chunk[0], chunk[-1]],
    )
    keys = pd.DataFrame(
        {"kode_desa": np.tile(codes, len(chunk)), "periode": np.repeat(np.asarray(chunk, dtype=object), len(codes))}
    )
    stored = keys.merge(
        stored.astype({"kode_desa": object, "periode": object}), how="left", on=["kode_desa", "periode"], indicator=True
    )
    return stored, (stored["_merge"] == "both").to_numpy()


def _profile_frame(store, codes: np.ndarray, last: str) -> pd.DataFrame:
    """The profiles of the Kampung KB `codes` up to `last`, sorted by desa and month, in the types the tier rule
    expects."""
    among, params = _among(codes)
    query = f"SELECT * FROM profil WHERE {among} AND periode <= ? ORDER BY kode_desa, periode"
    frame = store.sql(query, [*params, last])
    frame["kode_desa"] = frame["kode_desa"].astype(object)
    frame = frame[frame["kode_desa"].isin(pd.Index(codes))].reset_index(drop=True)
    for column in schema.PROFIL.columns:
        if column.name in frame and column.type == "int":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.name in frame and column.type == "bool":
            frame[column.name] = frame[column.name].astype("boolean")
    return frame.drop(columns=["import_id", "keterangan"], errors="ignore")


#: Parts are made by two threads at once (`build`): the national mentions are read by one of them.
_MENTIONS_READ = threading.Lock()


def _mentions(store) -> pd.DataFrame:
    """Each village's agency strings in kegiatan with the month first named (what the tier rule's fill reads);
    read once for a store and the connections beside it (`Store.beside` shares its cached facts)."""
    cache = store.__dict__.setdefault("_rollups_mentions", {})
    with _MENTIONS_READ:
        if "m" not in cache:
            cache["m"] = store.sql(
                "SELECT kode_desa, min(periode) AS periode, instansi FROM kegiatan "
                "WHERE instansi IS NOT NULL AND instansi <> '' GROUP BY kode_desa, instansi"
            )
    return cache["m"]
