"""The activity rollups: sums per desa, kecamatan and kab/kota, the partner-agency rows, and each desa's month.

Per desa, a monthly count without a date is already one row per desa, month, type and family function (the
import rejects a repeated key): those rows are read from `kegiatan` itself, and only the dated reports are summed,
into `ru_kegiatan_tanggal`; `DESA` reads the two as one table (copying millions of counts would only duplicate
them). A refresh remakes only what the imports since the last one touched: the months of the rows they brought,
within the range of their desa codes (widened to whole kecamatan and kab/kota for those tables). An import
replaces rows with the same key (desa and month among it), so its rows name every desa and month whose sums
changed: a monthly file of one kab/kota remakes that kab/kota's month. The first refresh, or one on a store whose
tables are missing, makes everything. SQL runs in the store; portable (DuckDB and PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

WIDTH = {"kab": 5, "kec": 8, "desa": 13}
#: Every table this module keeps; a refresh remakes them all when one is missing.
TABLES = ("ru_kegiatan_tanggal", "ru_kegiatan_kec", "ru_kegiatan_kab", "ru_mitra", "ru_mitra_nama", "ru_kegiatan_bulan")
#: The per-desa table of versions before `ru_kegiatan_tanggal` (it copied the monthly counts too): dropped when a
#: store is upgraded.
_LEGACY = "ru_kegiatan_desa"
_DESA_COLUMNS = "kode_desa AS kode_wilayah, periode, jenis_kegiatan, seksi"
#: A row's activities when it reported participants (`jumlah_peserta`).
_WITH_PEOPLE = "CASE WHEN peserta IS NOT NULL THEN jumlah END"
#: Activities summed per desa, as a table to select from (kode_wilayah, periode, jenis_kegiatan, seksi, jumlah,
#: peserta, jumlah_peserta): the monthly counts as stored, then the dated reports summed per month. A group may
#: have two rows (a count and dated reports), so readers always sum. Both engines push a reader's conditions into
#: the two parts.
DESA = (
    f"(SELECT {_DESA_COLUMNS}, CAST(jumlah AS BIGINT) AS jumlah, CAST(peserta AS BIGINT) AS peserta, "
    f"CAST({_WITH_PEOPLE} AS BIGINT) AS jumlah_peserta FROM kegiatan "
    "WHERE tanggal IS NULL UNION ALL SELECT kode_wilayah, periode, jenis_kegiatan, seksi, jumlah, peserta, "
    "jumlah_peserta FROM ru_kegiatan_tanggal) per_desa"
)


@dataclass(frozen=True)
class Touched:
    """What imports changed: their months, and the range of their desa codes (first and last)."""

    months: tuple[str, ...]
    first: str
    last: str

    def where(self, code: str = "kode_wilayah", width: int = 13, prefix: str = " WHERE ") -> str:
        """The condition selecting the touched rows of a table whose `code` column holds codes `width` long:
        the touched months, and every code from the first's region to the last's (whole regions)."""
        months = ", ".join(_literal(m) for m in self.months)
        low, high = _literal(self.first[:width]), _literal(self.last[:width] + "~")  # "~" sorts after digits and "."
        return f"{prefix}periode IN ({months}) AND {code} >= {low} AND {code} < {high}"


def _literal(text: str) -> str:
    """Text as an SQL literal: months and codes come from the store, checked at import; quoted anyway."""
    return "'" + str(text).replace("'", "''") + "'"


def refresh(store, done: int | None) -> None:
    """Remake the activity rollups for what the imports after `done` (an import id) brought, or everything when
    `done` is None or a table is missing."""
    touched = _touched(store, done) if done is not None and present(store) else None
    if touched is not None and not touched.months:
        return
    if touched is None:
        store.execute(f"DROP TABLE IF EXISTS {_LEGACY}")
    _renew(store, "ru_kegiatan_tanggal", _dated_rows(touched), _where(touched))
    for level, finer in (("kec", DESA), ("kab", "ru_kegiatan_kec")):
        width = WIDTH[level]
        # sorted by code alone: a reader selects a region's codes, and sorting by month as well costs more than
        # it would prune
        grouped = (
            f"SELECT substr(kode_wilayah, 1, {width}) AS kode_wilayah, periode, jenis_kegiatan, seksi, "
            f"{_sums('jumlah_peserta')} FROM {finer}{_where(touched, width=width)} "
            f"GROUP BY substr(kode_wilayah, 1, {width}), periode, jenis_kegiatan, seksi ORDER BY kode_wilayah"
        )
        _renew(store, f"ru_kegiatan_{level}", grouped, _where(touched, width=width))
    _renew(store, "ru_kegiatan_bulan", _month_rows(touched), _where(touched, "kode_desa"))
    _partners(store, touched)
    store.analyze(*TABLES)


def present(store) -> bool:
    """Whether the store holds every table of this module."""
    found = store.sql(
        f"SELECT table_name FROM information_schema.tables WHERE table_name IN ({', '.join('?' * len(TABLES))}) "
        "AND table_schema = current_schema()",
        list(TABLES),
    )
    return len(set(found["table_name"])) == len(TABLES)


def _touched(store, done: int) -> Touched:
    """The months and code range of the activity rows imported after import `done`."""
    rows = store.sql(
        "SELECT periode, min(kode_desa) AS first, max(kode_desa) AS last FROM kegiatan WHERE import_id > ? "
        "AND periode IS NOT NULL GROUP BY periode ORDER BY periode",
        [done],
    )
    if rows.empty:
        return Touched((), "", "")
    return Touched(tuple(rows["periode"]), min(rows["first"]), max(rows["last"]))


def _where(touched: Touched | None, code: str = "kode_wilayah", width: int = 13, prefix: str = " WHERE ") -> str:
    return "" if touched is None else touched.where(code, width, prefix)


def _renew(store, table: str, select: str, where: str) -> None:
    """Replace `table` with `select`'s rows (`where` empty: everything), or its rows `where` selects with theirs."""
    with store.transaction():  # a reader on another connection sees the old rows or the new ones
        if not where:
            store.execute(f"DROP TABLE IF EXISTS {table}")
            store.execute(f"CREATE TABLE {table} AS {select}")
        else:
            store.execute(f"DELETE FROM {table}{where}")
            store.execute(f"INSERT INTO {table} {select}")


def _sums(with_people: str) -> str:
    return (
        "CAST(sum(jumlah) AS BIGINT) AS jumlah, CAST(sum(peserta) AS BIGINT) AS peserta, "
        f"CAST(sum({with_people}) AS BIGINT) AS jumlah_peserta"
    )


def _dated_rows(touched: Touched | None) -> str:
    """`ru_kegiatan_tanggal`: the dated reports summed per desa, month, type and family function, sorted by code (a
    region's rows are contiguous ranges the engine prunes to)."""
    return (
        f"SELECT {_DESA_COLUMNS}, {_sums(_WITH_PEOPLE)} FROM kegiatan "
        f"WHERE tanggal IS NOT NULL{_where(touched, 'kode_desa', prefix=' AND ')} "
        "GROUP BY kode_desa, periode, jenis_kegiatan, seksi ORDER BY kode_wilayah, periode"
    )


#: The last day of a row's month, when a monthly count without a date counts as reported.
_MONTH_END = "CAST(CAST(periode || '-01' AS DATE) + INTERVAL '1 month' - INTERVAL '1 day' AS TIMESTAMP)"


def _month_rows(touched: Touched | None) -> str:
    """`ru_kegiatan_bulan`: per desa and month, `kegiatan` (sum of jumlah) and `bulan_terakhir`, its latest
    report in the month (a monthly count without a date counts as reported on the month's last day)."""
    return (
        "SELECT kode_desa, periode, CAST(sum(jumlah) AS BIGINT) AS kegiatan, "
        f"max(CASE WHEN tanggal IS NULL THEN {_MONTH_END} ELSE CAST(tanggal AS TIMESTAMP) END) AS bulan_terakhir "
        f"FROM kegiatan{_where(touched, 'kode_desa')} GROUP BY kode_desa, periode ORDER BY kode_desa, periode"
    )


def _partners(store, touched: Touched | None) -> None:
    """`ru_mitra`: kode_desa, periode, jenis_kegiatan, instansi, jumlah — one row per agency a row names (named
    twice in a row counts once), summed. Agency names are split on `;` and stripped as `activities.partner_agencies`
    reads them, in Python once per distinct text (`ru_mitra_nama`: teks → instansi); the join and the sums run in
    the store, so millions of named rows never become Python objects."""
    texts = store.sql(
        "SELECT DISTINCT instansi FROM kegiatan WHERE instansi IS NOT NULL AND instansi <> ''"
        + _where(touched, "kode_desa", prefix=" AND ")
    )
    pairs = [
        (text, name)
        for text in texts["instansi"].to_numpy(dtype=object)
        for name in sorted({part.strip() for part in text.split(";")} - {""})
    ]
    names = pd.DataFrame(pairs, columns=["teks", "instansi"], dtype=object).astype(str)  # text even when empty
    if touched is None:
        store.write_frame("ru_mitra_nama", names, "teks")
    else:  # texts already split stay; the new ones join them
        store.write_frame("ru_mitra_baru", names)
        store.execute(
            "INSERT INTO ru_mitra_nama SELECT b.teks, b.instansi FROM ru_mitra_baru b "
            "WHERE NOT EXISTS (SELECT 1 FROM ru_mitra_nama m WHERE m.teks = b.teks)"
        )
        store.execute("DROP TABLE IF EXISTS ru_mitra_baru")
    _renew(
        store,
        "ru_mitra",
        "SELECT k.kode_desa, k.periode, k.jenis_kegiatan, m.instansi, "
        "CAST(COALESCE(sum(k.jumlah), 0) AS BIGINT) AS jumlah FROM kegiatan k "
        f"JOIN ru_mitra_nama m ON m.teks = k.instansi{_where(touched, 'k.kode_desa', prefix=' WHERE k.')} "
        "GROUP BY k.kode_desa, k.periode, k.jenis_kegiatan, m.instansi ORDER BY k.kode_desa, k.periode",
        _where(touched, "kode_desa"),
    )
