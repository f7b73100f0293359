"""Rollups made at import, so a filter change reads a few thousand pre-summed rows instead of millions.

Tables in the store (every app replica shares them), refreshed by `refresh(store, kind)` after an import, for the
months it touched:

- `DESA` / `ru_kegiatan_kec` / `ru_kegiatan_kab`: activities summed per region (kode_wilayah: the desa,
  kecamatan or kab/kota code), month, type and family function — jumlah, peserta, jumlah_peserta (the activities
  whose row reported participants). Per desa, the monthly counts are read from `kegiatan` as stored and the dated
  reports from their sums in `ru_kegiatan_tanggal` (see `sums.DESA`): a group may have two rows, so readers
  always sum. The kecamatan and kab/kota tables are in code order, so a region's rows are contiguous ranges.
- `ru_kegiatan_bulan`: per desa and month, the sum of its activities and its latest report in the month.
- `ru_mitra`: activities per desa, month, type and partner agency named in `instansi` (one row per agency);
  `ru_mitra_nama`: each distinct `instansi` text with the agencies it names.
- `ru_kampung_bulan`: every Kampung KB as of every month with data — whether it was formed by then (`terbentuk`),
  its tier, indices and 12 scores from `classification.classify` (its latest profile up to that month, partner agencies
  from kegiatan up to that month, as `metrics.tiers_as_of`), its activities in that month and its latest report up
  to the end of that month (`terakhir`).
- `ru_status`: per rollup group, the import it reflects. A group is fresh when no import of a kind it depends on
  came later: every import refreshes what it changed, and opening a store for writing makes what an older version
  left out (`upgrade`), so only a store from an older version opened read-only is not current; the query layer
  (`queries`) then says which command upgrades it.

`build` makes them and says which are fresh; `sums` makes the activity tables, `cells` the rows of the tier
rollup. The rollups are part of the
store's schema; `queries` is the only module that reads them. SQL stays portable (DuckDB and PostgreSQL): `?`
placeholders, no dialect functions.
"""

from .build import GROUPS, current, fresh, months, refresh, refresh_all, upgrade
from .cells import DESA_CHUNK, TIER_COLUMNS, formation_month
from .sums import DESA, WIDTH

__all__ = [
    "DESA",
    "DESA_CHUNK",
    "GROUPS",
    "TIER_COLUMNS",
    "WIDTH",
    "current",
    "formation_month",
    "fresh",
    "months",
    "refresh",
    "refresh_all",
    "upgrade",
]
