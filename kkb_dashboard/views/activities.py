"""Activities of the Kampung KB under the view's filters: type × month, per sub-region, per type, the family
functions, partner agencies, and the Kampung KB that stopped reporting. Pure functions of a store and a Filters.

The filters are the region prefix, the months `dari`..`sampai`, the chosen activity types and — only when tiers
are chosen — the Kampung KB whose tier as of `sampai` is one of them. The sums are read through the query layer
(`queries`); `activity_rows` gives the stored rows themselves. Every count is a sum of `jumlah`, because one row may
stand for several activities.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import queries

from ..rules.filters import Filters, shift_month
from ..storage.store import Store
from . import metrics

ROW_COLUMNS = ["kode_desa", "periode", "jenis_kegiatan", "jumlah", "peserta", "seksi", "instansi"]
SILENT_COLUMNS = metrics.SILENT_COLUMNS
#: What `cells` sums activities by.
CELL_BY = ("jenis_kegiatan", "periode", "seksi")
#: The 8 family functions (Lainnya is not one of them).
FAMILY_FUNCTIONS = tuple(name for name in schema.FAMILY_FUNCTIONS if name != "Lainnya")


def types_shown(f: Filters) -> list[str]:
    """The activity types the view covers, in schema order: the chosen ones, or all."""
    return list(f.kegiatan) or list(schema.ACTIVITY_TYPES)


def pick_type(requested: str | None, f: Filters) -> tuple[str, bool]:
    """The type for the trend chart: `requested` when the view covers it, else the first type; and whether
    `requested` had to be replaced (a link naming an unknown or filtered-out type)."""
    choices = types_shown(f)
    if requested in choices:
        return requested, False
    return choices[0], bool(requested)


def villages(store: Store, f: Filters) -> pd.DataFrame:
    """`metrics.village_table` of the view; an empty table when the region has no Kampung KB by `sampai`."""
    if not f.sampai:
        return pd.DataFrame(columns=SILENT_COLUMNS)
    table = metrics.village_table(store, f)
    return table if len(table) else pd.DataFrame(columns=SILENT_COLUMNS)


def activity_rows(store: Store, f: Filters) -> pd.DataFrame:
    """Stored activity rows under the filters (ROW_COLUMNS)."""
    if not f.dari or not f.sampai:
        return pd.DataFrame(columns=ROW_COLUMNS)
    query = f"SELECT {', '.join(ROW_COLUMNS)} FROM kegiatan WHERE kode_desa LIKE ? AND periode BETWEEN ? AND ?"
    params: list = [f"{f.wilayah}%", f.dari, f.sampai]
    if f.kegiatan:
        query += f" AND jenis_kegiatan IN ({', '.join('?' for _ in f.kegiatan)})"
        params += list(f.kegiatan)
    rows = store.sql(query, params)
    if f.tingkat:
        # village_table applies the tier filter as of `sampai`; it classifies, so only pay for it when needed
        rows = rows[rows["kode_desa"].isin(villages(store, f)["kode_desa"])]
    return rows.reset_index(drop=True)


def sums(store: Store, f: Filters, by: tuple[str, ...], dari: str | None = None) -> pd.DataFrame:
    """Activities under the filters summed per `by` (columns of ROW_COLUMNS): `by` + jumlah, peserta,
    jumlah_peserta (activities whose row reported participants); months from `dari` (default f.dari)."""
    if not f.dari or not f.sampai:
        return pd.DataFrame(columns=[*by, *queries.SUMS])
    return queries.activity_sums(store, f, by, dari=dari)


def cells(store: Store, f: Filters) -> pd.DataFrame:
    """Activities under the view summed per type, month and family function — jenis_kegiatan, periode, seksi,
    jumlah, peserta, jumlah_peserta — from `sampai`'s previous month when that lies before `dari` (`kpis` reads it),
    else from `dari`, to `sampai`: what `heatmap`, `trend`, `participants` and `family_functions` read, in one
    query instead of one each."""
    if not f.dari or not f.sampai:
        return pd.DataFrame(columns=[*CELL_BY, *queries.SUMS])
    return sums(store, f, CELL_BY, dari=min(f.dari, shift_month(f.sampai, -1)))


def _summed(
    cells: pd.DataFrame, f: Filters, by: str, order: list, columns: tuple[str, ...], jenis: str | None = None
) -> np.ndarray:
    """`columns` of the cells in the view's months summed per `order` (values of `by`, in that order; others
    left out): a len(order) × len(columns) array. Plain arrays, not a pandas groupby: this runs on the page's own
    thread for every table."""
    month = pd.Index(f.months()).get_indexer(cells["periode"])
    where = pd.Index(order).get_indexer(cells[by].fillna("") if by == "seksi" else cells[by])
    keep = (month >= 0) & (where >= 0)
    if jenis:
        keep &= (cells["jenis_kegiatan"] == jenis).to_numpy(dtype=bool)
    out = np.zeros((len(order), len(columns)), dtype="int64")
    np.add.at(out, where[keep], cells[list(columns)].to_numpy(dtype="int64")[keep])
    return out


def heatmap(cells: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Activities per type (rows, schema order) and month (one column per month of the range, zeros kept), from
    `cells`: `jenis_kegiatan`, then the months."""
    types, months = types_shown(f), f.months()
    row = pd.Index(types).get_indexer(cells["jenis_kegiatan"])
    column = pd.Index(months).get_indexer(cells["periode"])
    keep = (row >= 0) & (column >= 0)
    grid = np.zeros((len(types), len(months)), dtype="int64")
    np.add.at(grid, (row[keep], column[keep]), cells["jumlah"].to_numpy(dtype="int64")[keep])
    return pd.DataFrame({"jenis_kegiatan": types, **dict(zip(months, grid.T, strict=True))})


def trend(cells: pd.DataFrame, f: Filters, jenis: str | None = None) -> pd.DataFrame:
    """Activities and participants per month of the range (periode, jumlah, peserta; zeros kept), from `cells`,
    for one type when `jenis` is given (one of `types_shown(f)`)."""
    months = f.months()
    sums = _summed(cells, f, "periode", months, ("jumlah", "peserta"), jenis)
    return pd.DataFrame({"periode": months, "jumlah": sums[:, 0], "peserta": sums[:, 1]})


def participants(cells: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Per type, from `cells`: activities, participants, activities that reported participants, and participants
    per such activity (jenis_kegiatan, kegiatan, peserta, kegiatan_dengan_peserta, peserta_per_kegiatan)."""
    types = types_shown(f)
    sums = _summed(cells, f, "jenis_kegiatan", types, queries.SUMS)
    with_people = np.where(sums[:, 2] > 0, sums[:, 2], np.nan)
    return pd.DataFrame(
        {
            "jenis_kegiatan": types,
            "kegiatan": sums[:, 0],
            "peserta": sums[:, 1],
            "kegiatan_dengan_peserta": sums[:, 2],
            "peserta_per_kegiatan": sums[:, 1] / with_people,
        }
    )


def family_functions(cells: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Activities per family function (seksi), from `cells`: the 8 functions, then Lainnya, then rows that left it
    empty (seksi None) — every one listed, zeros kept (seksi, fungsi_keluarga, kegiatan, persen)."""
    order = [*FAMILY_FUNCTIONS, "Lainnya", ""]
    counts = _summed(cells, f, "seksi", order, ("jumlah",))[:, 0]
    total = counts.sum()
    return pd.DataFrame(
        {
            "seksi": [*order[:-1], None],
            "fungsi_keluarga": [s in FAMILY_FUNCTIONS for s in order],
            "kegiatan": counts,
            "persen": (100 * counts / total).round(2) if total else 0.0,
        }
    )


def partner_agencies(store: Store, f: Filters) -> pd.DataFrame:
    """Per agency named in `instansi`: activities it joined (sum of `jumlah` of the rows naming it), Kampung KB
    it worked with, and whether it is the program's own office (not counted as a partner by the tier rule);
    most activities first (instansi, kegiatan, kampung, kantor_sendiri)."""
    if not f.dari or not f.sampai:
        return _agency_table(pd.DataFrame(columns=["instansi", "kegiatan", "kampung"]))
    return _agency_table(queries.partner_sums(store, f))


def _agency_table(table: pd.DataFrame) -> pd.DataFrame:
    table = table.astype({"kegiatan": int, "kampung": int})
    table["kantor_sendiri"] = table["instansi"].isin(schema.OWN_OFFICES)
    return table.sort_values(["kegiatan", "instansi"], ascending=[False, True]).reset_index(drop=True)


def region_ranking(store: Store, f: Filters, n: int = 10) -> pd.DataFrame:
    """Sub-regions one level below the chosen one, ranked by activities per Kampung KB per month (only those
    with a Kampung KB): the top `n` (kelompok "atas") and the bottom `n` ("bawah"), highest first. When there
    are at most 2n, every one is listed once. Columns: kode, nama, jumlah_kampung, kegiatan,
    kegiatan_per_kampung_bulan, kelompok."""
    empty = pd.DataFrame(
        columns=["kode", "nama", "jumlah_kampung", "kegiatan", "kegiatan_per_kampung_bulan", "kelompok"]
    )
    table = metrics.region_table(store, f)
    if not table["jumlah_kampung"].sum():
        return empty
    ranked = table[table["jumlah_kampung"] > 0].sort_values(
        ["kegiatan_per_kampung_bulan", "nama"], ascending=[False, True]
    )
    ranked = ranked[["kode", "nama", "jumlah_kampung", "kegiatan", "kegiatan_per_kampung_bulan"]]
    top, rest = ranked.head(n), ranked.iloc[n:]
    bottom = rest.tail(n)
    return pd.concat([top.assign(kelompok="atas"), bottom.assign(kelompok="bawah")], ignore_index=True)


def silent(store: Store, f: Filters, months: int = 3) -> pd.DataFrame:
    """The Kampung KB of the view (tier filter applied) with no activity report of any type in the last
    `months` months up to `sampai` (`metrics.silent_villages`), never-reported first."""
    if not f.sampai:
        return pd.DataFrame(columns=SILENT_COLUMNS)
    table = metrics.silent_villages(store, f, months)
    if table.empty:
        return pd.DataFrame(columns=SILENT_COLUMNS)
    # a date reads better than midnight timestamps in the table and the spreadsheet
    return table.assign(laporan_terakhir=table["laporan_terakhir"].dt.date)


def kampung_count(store: Store, f: Filters) -> int:
    """Kampung KB of the view (formed by `sampai`, chosen tiers); 0 without a month."""
    if not f.sampai:
        return 0
    counts = queries.tier_summary(store, f, pd.Timestamp(f.sampai + "-01").date())
    return sum(counts[tier] for tier in (f.tingkat or schema.TIERS))


def kpis(cells: pd.DataFrame, kampung: int, f: Filters) -> dict:
    """The page's headline, from `cells` and the view's Kampung KB (`kampung_count`): activities in the range,
    Kampung KB, activities per Kampung KB per month, activities in `sampai` and in the month before
    (`bulan_lalu_periode`, which may lie before `dari`), the change, and the first month of the 3-month reporting
    window (`tanpa_laporan_dari`)."""
    if not f.dari or not f.sampai:
        return {
            "kegiatan": 0,
            "jumlah_kampung": 0,
            "bulan": 0,
            "per_kampung_bulan": None,
            "bulan_ini": None,
            "bulan_lalu": None,
            "selisih": None,
            "bulan_lalu_periode": None,
            "tanpa_laporan_dari": None,
        }
    before = shift_month(f.sampai, -1)
    jumlah, periode = cells["jumlah"].to_numpy(dtype="int64"), cells["periode"].to_numpy(dtype=object)
    total = int(jumlah[periode >= f.dari].sum())
    this, last = int(jumlah[periode == f.sampai].sum()), int(jumlah[periode == before].sum())
    months = len(f.months())
    return {
        "kegiatan": total,
        "jumlah_kampung": kampung,
        "bulan": months,
        "per_kampung_bulan": total / (kampung * months) if kampung else None,
        "bulan_ini": this,
        "bulan_lalu": last,
        "selisih": this - last,
        "bulan_lalu_periode": before,
        "tanpa_laporan_dari": shift_month(f.sampai, -2),
    }
