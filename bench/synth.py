"""A quick seeded national-scale store for the benchmark when `tools.national` is not there yet.

Writes straight into a fresh store's tables with DuckDB SQL (no files, no validation): a Kampung KB in every desa
of the registry (or of the chosen provinces), 24 months of activity counts for about 10 of the 17 types per
village and month, and one profile per village and month whose quality drifts so about a quarter end Mandiri
plus. For measuring queries only; the import time comes from the real import path.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kkb_dashboard.rules import (
    regions,  # noqa: E402
    schema,  # noqa: E402
)
from kkb_dashboard.rules.filters import month_range  # noqa: E402
from kkb_dashboard.storage.store import Store  # noqa: E402

MONTHS = month_range("2023-01", "2024-12")
SEKSI = {
    "BKB": "Cinta Kasih",
    "BKR": "Reproduksi",
    "BKL": "Cinta Kasih",
    "UPPKA": "Ekonomi",
    "PIK-R": "Reproduksi",
    "Posyandu": "Perlindungan",
    "Posyandu Remaja": "Reproduksi",
    "PAUD": "Sosialisasi dan Pendidikan",
    "KIE": "Sosialisasi dan Pendidikan",
    "Dashat": "Pembinaan Lingkungan",
    "Lainnya": "Lainnya",
}
AGENCIES = ["Puskesmas", "Babinsa", "Dinkes", "Kemenag", "TP PKK", "Disdik", "Dinsos", "PUPR", "Bhabinkamtibmas"]


def _sets(column: str, quality: str) -> str:
    """SQL: the first ⌊quality·n⌋ members of a vocabulary, `;`-joined ('tidak ada' when none)."""
    names = list(schema.VOCABULARIES[column])
    parts = " || ".join(
        f"CASE WHEN {quality} * {len(names)} > {i} THEN '{n};' ELSE '' END" for i, n in enumerate(names)
    )
    return f"coalesce(nullif(rtrim({parts}, ';'), ''), 'tidak ada')"


def synthesize(db: Path, provinces: list[str] | None = None) -> dict[str, int]:
    """Build the store at `db` (replaced); returns its row counts."""
    db.unlink(missing_ok=True)
    desa = regions.descendants("", 4)[["kode"]]
    if provinces:
        desa = desa[desa["kode"].str.slice(0, 2).isin(provinces)]
    with Store(db) as store:
        con = store.con
        con.register("desa_df", desa.reset_index(drop=True))
        con.execute(
            "CREATE TEMP TABLE d AS SELECT kode AS kode_desa, row_number() OVER (ORDER BY kode) AS i, "
            "(hash(kode) % 1000) / 1000.0 AS q FROM desa_df"
        )
        con.execute(
            "CREATE TEMP TABLE m AS SELECT * FROM (VALUES "
            + ", ".join(f"('{m}', {k})" for k, m in enumerate(MONTHS))
            + ") t(periode, k)"
        )
        types = list(schema.ACTIVITY_TYPES)
        con.execute(
            "CREATE TEMP TABLE j AS SELECT * FROM (VALUES "
            + ", ".join(f"('{t}', {k}, '{SEKSI.get(t, 'Lainnya')}')" for k, t in enumerate(types))
            + ") t(jenis, k, seksi)"
        )
        con.execute(
            "INSERT INTO kampung (kode_desa, nama_kampung, tanggal_pencanangan, tahun_pencanangan, import_id) "
            "SELECT kode_desa, 'Kampung KB ' || i, DATE '2022-06-01' + CAST(hash(kode_desa, 'f') % 900 AS "
            "INTEGER), NULL, 1 FROM d"
        )
        con.execute("UPDATE kampung SET tahun_pencanangan = year(tanggal_pencanangan)")
        agencies = "[" + ", ".join(f"'{a}'" for a in AGENCIES) + "]"
        con.execute(
            "INSERT INTO kegiatan (kode_desa, tanggal, periode, jenis_kegiatan, jumlah, peserta, seksi, instansi, "
            "keterangan, import_id) SELECT d.kode_desa, NULL, m.periode, j.jenis, 1 + CAST(hash(d.i, m.k, j.k) % 4 "
            "AS INTEGER), CASE WHEN hash(d.i, m.k, j.k, 'p') % 50 = 0 THEN NULL ELSE 5 + CAST(hash(d.i, m.k, j.k, 'n') "
            f"% 60 AS INTEGER) END, j.seksi, CASE WHEN hash(d.i, m.k, j.k, 'a') % 20 = 0 THEN {agencies}"
            "[1 + CAST(hash(d.i, m.k, j.k, 'b') % 9 AS INTEGER)] END, 'SINTETIS', 2 FROM d, m, j "
            "WHERE hash(d.i, m.k, j.k) % 100 < 35 + 40 * d.q"
        )
        quality = "least(1.0, d.q * 0.8 + m.k / 60.0)"
        flags = ", ".join(
            f"(hash(d.i, m.k // 6, '{c}') % 100) / 100.0 < {quality} + 0.2"
            for c in ("pokja_ada", "pokja_terlatih", "plkb_pendamping", "regulasi")
        )
        sets = ", ".join(
            _sets(c, quality) for c in ("sumber_dana", "program_aktif", "penggunaan_data", "mekanisme_operasional")
        )
        con.execute(
            "INSERT INTO profil (kode_desa, periode, pokja_ada, pokja_terlatih, plkb_pendamping, regulasi, "
            "sumber_dana, program_aktif, penggunaan_data, mekanisme_operasional, instansi_mitra, pokja_anggota, pus, "
            "keluarga, remaja, keluarga_balita, keluarga_remaja, keluarga_lansia, peserta_bkb, peserta_bkr, "
            "peserta_bkl, peserta_uppka, peserta_pikr, kb_iud, kb_mow, kb_mop, kb_kondom, kb_implan, kb_suntik, "
            "kb_pil, tidak_kb_hamil, tidak_kb_ingin_anak_segera, tidak_kb_iat, tidak_kb_tial, keterangan, import_id) "
            f"SELECT d.kode_desa, m.periode, {flags}, {sets}, CASE WHEN {quality} > 0.5 THEN "
            "'Puskesmas;Babinsa;TP PKK;Dinkes;Kemenag;Disdik;Dinsos' WHEN d.q > 0.3 THEN 'Puskesmas' END, "
            f"CAST(10 * {quality} AS INTEGER), 400, 600, 300, 120, 150, 130, CAST(40 * {quality} AS INTEGER), "
            f"CAST(50 * {quality} AS INTEGER), CAST(45 * {quality} AS INTEGER), CAST(60 * {quality} AS INTEGER), "
            f"CAST(90 * {quality} AS INTEGER), CAST(50 * {quality} AS INTEGER), 5, 2, 8, CAST(30 * {quality} AS "
            f"INTEGER), 60, 50, 10, 10, CAST(40 * (1 - {quality}) AS INTEGER), CAST(30 * (1 - {quality}) AS "
            "INTEGER), 'SINTETIS', 3 FROM d, m"
        )
        con.execute(
            "INSERT INTO import_log (import_id, waktu, file, kind, rows_imported, synthetic) VALUES "
            "(1, now(), 'synth', 'kampung', 0, true), (2, now(), 'synth', 'kegiatan', 0, true), "
            "(3, now(), 'synth', 'profil', 0, true)"
        )
        return store.row_counts()


if __name__ == "__main__":
    target = Path(sys.argv[1])
    print(synthesize(target, sys.argv[2].split(",") if len(sys.argv) > 2 else None))
