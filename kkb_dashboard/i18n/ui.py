"""Texts of the app's pages and the command line."""

MESSAGES: dict[str, dict[str, str]] = {
    "cli.unexpected": {
        "id": "Terjadi kesalahan tak terduga ({error}). Laporkan ke pengelola dasbor beserta berkasnya.",
        "en": "An unexpected error occurred ({error}). Report it to the dashboard's maintainers with the file.",
    },
    # `summary` without --json
    "cli.summary_title": {"id": "{region}, {month}", "en": "{region}, {month}"},
    "cli.summary_kampung": {
        "plural": "desa",
        "id": "Kampung KB: {n} di {desa} desa/kelurahan (cakupan {cover})",
        "en": "Kampung KB: {n} in {desa} villages (coverage {cover})",
        "en_one": "Kampung KB: {n} in {desa} village (coverage {cover})",
    },
    "cli.summary_tiers": {"id": "Klasifikasi: {counts}", "en": "Tiers: {counts}"},
    "cli.summary_activities": {"id": "Kegiatan {month}: {counts}", "en": "Activities in {month}: {counts}"},
    "cli.rows_header": {
        "id": "   baris  kode desa      cocok         skor",
        "en": "     row  desa code      match         score",
    },
    "ui.unexpected": {
        "id": "Bagian ini tidak dapat ditampilkan karena kesalahan tak terduga. Muat ulang halaman; bila tetap "
        "terjadi, laporkan ke pengelola dasbor.",
        "en": "This part cannot be shown because of an unexpected error. Reload the page; if it persists, "
        "report it to the dashboard's maintainers.",
    },
    "ui.bad_link": {
        "id": "Sebagian tautan tidak dikenal ({value}); nilai bawaan dipakai untuk bagian itu.",
        "en": "Part of the link is not recognised ({value}); the default is used for that part.",
    },
    "ui.page_ringkasan": {"id": "Ringkasan", "en": "Overview"},
    "ui.page_data": {"id": "Data", "en": "Data"},
    "ui.level_1": {"id": "Provinsi", "en": "Province"},
    "ui.level_2": {"id": "Kabupaten/Kota", "en": "Regency/City"},
    "ui.level_3": {"id": "Kecamatan", "en": "District"},
    "ui.level_4": {"id": "Desa/Kelurahan", "en": "Village"},
    "ui.all": {"id": "Semua", "en": "All"},
    "ui.download_csv": {"id": "Unduh CSV", "en": "Download CSV"},
    "ui.download_xlsx": {"id": "Unduh Excel", "en": "Download Excel"},
    "ui.brief_download": {"id": "Unduh ringkasan rapat (HTML)", "en": "Download the meeting brief (HTML)"},
    "ui.brief_help": {
        "id": "Satu berkas HTML yang terbuka tanpa internet: filter, angka utama, grafik dan peta tampilan ini.",
        "en": "One HTML file that opens offline: this view's filters, key figures, charts and map.",
    },
    "ui.months": {"id": "Rentang bulan", "en": "Month range"},
    "ui.tiers": {"id": "Klasifikasi", "en": "Tiers"},
    "ui.activity_types": {"id": "Jenis kegiatan", "en": "Activity types"},
    "ui.no_data": {
        "id": "Belum ada data. Impor berkas di halaman Data, atau jalankan `python -m kkb_dashboard demo`.",
        "en": "No data yet. Import files on the Data page, or run `python -m kkb_dashboard demo`.",
    },
    "ui.demo_banner": {
        "id": "Data demo: register Kampung KB dan target mengikuti berita yang dipublikasikan; kegiatan, profil, "
        "indikator dan register Kab. Serang adalah SINTETIS (dibuat generator), bukan data resmi.",
        "en": "Demo data: the Kampung KB register and targets follow published news; activities, profiles, "
        "indicators and the Kab. Serang register are SYNTHETIC (generated), not official data.",
    },
    "ui.last_import": {"id": "Impor terakhir: {file}, {when}.", "en": "Last import: {file}, {when}."},
    "ui.paths": {"id": "Folder data lokal: {data}", "en": "Local data folder: {data}"},
    "ui.kpi_kampung": {"id": "Kampung KB", "en": "Kampung KB"},
    "ui.kpi_cakupan_delta": {
        "plural": "desa",
        "id": "{persen} dari {desa} desa/kelurahan",
        "en": "{persen} of {desa} villages",
        "en_one": "{persen} of {desa} village",
    },
    "ui.kpi_mandiri_plus": {"id": "Mandiri plus", "en": "Mandiri plus"},
    "ui.kpi_mandiri_plus_help": {
        "id": "{n} Kampung KB berklasifikasi Mandiri atau Berkelanjutan (dihitung dengan aturan portal).",
        "en": "{n} Kampung KB are Mandiri or Berkelanjutan (computed with the portal's rule).",
    },
    "ui.kpi_below": {"id": "{gap} poin di bawah target {target}", "en": "{gap} points below the {target} target"},
    "ui.kpi_above": {"id": "{gap} poin di atas target {target}", "en": "{gap} points above the {target} target"},
    "ui.kpi_no_target_year": {"id": "belum ada target {tahun}", "en": "no target set for {tahun}"},
    "ui.kpi_kegiatan": {"id": "Kegiatan bulan terakhir", "en": "Activities last month"},
    "ui.kpi_kegiatan_help": {
        "id": "Jumlah kegiatan pada bulan terakhir rentang, dibanding bulan sebelumnya.",
        "en": "Activities in the range's last month, compared with the month before.",
    },
    "ui.kpi_vs_last": {"id": "{diff} dari bulan sebelumnya", "en": "{diff} on the month before"},
    "ui.kpi_silent": {"id": "Tanpa laporan 3 bulan", "en": "No report for 3 months"},
    "ui.kpi_silent_help": {
        "id": "Kampung KB tanpa laporan kegiatan dalam 3 bulan terakhir rentang.",
        "en": "Kampung KB with no activity report in the range's last 3 months.",
    },
    "ui.kind": {"id": "Jenis data", "en": "Kind of data"},
    "ui.file": {"id": "Berkas (.xlsx, .xlsm, .csv, .parquet)", "en": "File (.xlsx, .xlsm, .csv, .parquet)"},
    "ui.sheet": {"id": "Sheet", "en": "Sheet"},
    "ui.parent_region": {"id": "Wilayah induk (kode)", "en": "Parent region (code)"},
    "ui.parent_help": {
        "id": "Untuk berkas tanpa kode desa: nama desa/kelurahan dicocokkan di dalam wilayah ini, mis. 36.72.",
        "en": "For files without desa codes: desa/kelurahan names are matched inside this region, e.g. 36.72.",
    },
    "ui.import_all": {"id": "Impor semua baris", "en": "Import all rows"},
    "ui.import_valid": {
        "plural": "n",
        "en_one": "Import only the {n} valid row",
        "id": "Impor hanya {n} baris yang valid",
        "en": "Import only the {n} valid rows",
    },
    "ui.imported": {
        "plural": "n",
        "en_one": "{n} row imported into '{kind}'.",
        "id": "{n} baris diimpor ke '{kind}'.",
        "en": "{n} rows imported into '{kind}'.",
    },
    "ui.rows_read": {"id": "Baris dibaca", "en": "Rows read"},
    "ui.rows_ok": {"id": "Baris valid", "en": "Valid rows"},
    "ui.rows_rejected": {"id": "Baris ditolak", "en": "Rows rejected"},
    "ui.errors_heading": {
        "plural": "n",
        "en_one": "{n} error — this row is rejected",
        "id": "{n} kesalahan — baris ini ditolak",
        "en": "{n} errors — these rows are rejected",
    },
    "ui.warnings_heading": {
        "plural": "n",
        "en_one": "{n} warning — check it; it is not rejected",
        "id": "{n} peringatan — periksa, tetapi tidak ditolak",
        "en": "{n} warnings — check them; they are not rejected",
    },
}
