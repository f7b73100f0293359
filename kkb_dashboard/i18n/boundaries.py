"""Texts for the boundaries area, keyed by a stable name: {"id": Bahasa Indonesia, "en": English}."""

_FIX_ID = (
    "Atur KKB_BOUNDARY_URL ke mirror yang lengkap, atau impor berkas batas Anda sendiri: "
    "python -m kkb_dashboard boundaries import FILE --level {level}"
)
_FIX_EN = (
    "Set KKB_BOUNDARY_URL to a complete mirror, or import your own boundary file: "
    "python -m kkb_dashboard boundaries import FILE --level {level}"
)

MESSAGES: dict[str, dict[str, str]] = {
    "boundaries.attribution": {
        "id": "Batas wilayah: cahyadsn/wilayah_boundaries (lisensi MIT), commit {commit}…, mengikuti Kepmendagri 2025.",
        "en": "Boundaries: cahyadsn/wilayah_boundaries (MIT licence), commit {commit}…, following Kepmendagri 2025.",
    },
    "boundaries.level_unknown": {
        "id": "Tingkat wilayah '{level}' tidak dikenal; pilih salah satu: {choices}.",
        "en": "Unknown boundary level '{level}'; choose one of: {choices}.",
    },
    "boundaries.prov_required": {
        "id": "Batas {level} diunduh per provinsi: sebutkan kode provinsi (misalnya 36 untuk Banten).",
        "en": "{level} boundaries are fetched one province at a time: give a province code (e.g. 36 for Banten).",
    },
    "boundaries.prov_unknown": {
        "id": "Kode provinsi '{prov}' tidak dikenal; gunakan kode dua angka seperti 36 (Banten).",
        "en": "Unknown province code '{prov}'; use a two-digit code such as 36 (Banten).",
    },
    "boundaries.missing": {
        "id": "Berkas batas wilayah tidak ditemukan: {url}. " + _FIX_ID,
        "en": "Boundary file not found: {url}. " + _FIX_EN,
    },
    "boundaries.network": {
        "id": "Gagal mengunduh {url} ({reason}). Periksa koneksi internet. " + _FIX_ID,
        "en": "Could not download {url} ({reason}). Check the internet connection. " + _FIX_EN,
    },
    "boundaries.bad_dump": {
        "id": "Berkas {url} bukan dump SQL wilayah_boundaries yang dikenali (tidak ada baris INSERT). " + _FIX_ID,
        "en": "{url} is not a recognised wilayah_boundaries SQL dump (no INSERT rows). " + _FIX_EN,
    },
    "boundaries.progress": {
        "id": "Mengolah {name} ({done}/{total})",
        "en": "Processing {name} ({done}/{total})",
    },
    "boundaries.progress_cached": {
        "id": "Batas {level} sudah tersimpan di cache",
        "en": "{level} boundaries are already cached",
    },
    "boundaries.unreadable": {
        "id": "Berkas tidak dapat dibaca sebagai data spasial ({reason}). Gunakan GeoJSON, GeoPackage, "
        "Shapefile dalam .zip, atau GeoParquet.",
        "en": "The file could not be read as spatial data ({reason}). Use GeoJSON, GeoPackage, "
        "a zipped Shapefile or GeoParquet.",
    },
    "boundaries.layer_missing": {
        "id": "Lapisan '{layer}' tidak ada di berkas. Lapisan yang tersedia: {layers}.",
        "en": "Layer '{layer}' is not in the file. Available layers: {layers}.",
    },
    "boundaries.code_column_absent": {
        "id": "Kolom '{column}' tidak ada. Kolom yang tersedia: {columns}.",
        "en": "Column '{column}' does not exist. Available columns: {columns}.",
    },
    "boundaries.no_code_column": {
        "id": "Tidak ditemukan kolom kode wilayah (kolom yang ada: {columns}). Beri nama kolom 'kode' berisi "
        "kode Kemendagri (misalnya 36.72.01.1001) atau sebutkan kolomnya dengan --code-column.",
        "en": "No region-code column found (columns: {columns}). Name a column 'kode' holding Kemendagri "
        "codes (e.g. 36.72.01.1001) or name the column with --code-column.",
    },
    "boundaries.mixed_levels": {
        "id": "Kode wilayah di berkas bercampur tingkat ({levels}). Satu berkas hanya boleh berisi satu "
        "tingkat; pisahkan per tingkat lalu impor satu per satu.",
        "en": "The file mixes region levels ({levels}). A file must hold one level only; split it by "
        "level and import each part.",
    },
    "boundaries.wrong_level": {
        "id": "Berkas berisi kode tingkat {found} (misalnya {example}), padahal yang diminta {expected}. "
        "Periksa --level atau kolom kodenya.",
        "en": "The file holds {found} codes (e.g. {example}) but {expected} was requested. "
        "Check --level or the code column.",
    },
    "boundaries.layers_not_built": {
        "id": "Batas wilayah tersimpan, tetapi berkas peta belum dapat disiapkan; halaman Peta akan menyiapkannya "
        "saat pertama dibuka (rincian di log).",
        "en": "The boundaries are stored, but the map files could not be prepared; the Peta page will prepare them "
        "when first opened (details in the log).",
    },
    "boundaries.no_rows": {
        "plural": "rejected",
        "en_one": "No row has a usable region code and polygon ({rejected} row rejected).",
        "id": "Tidak ada baris dengan kode wilayah dan poligon yang dapat dipakai ({rejected} baris ditolak).",
        "en": "No row has a usable region code and polygon ({rejected} rows rejected).",
    },
    "boundaries.projected_no_crs": {
        "id": "Koordinat berkas di luar rentang bujur/lintang (batas {bounds}): kemungkinan koordinat "
        "terproyeksi (mis. UTM dalam meter) tanpa keterangan sistem koordinat. Proyeksikan ulang ke EPSG:4326 "
        "(bujur/lintang), atau sertakan CRS-nya (berkas .prj, atau anggota 'crs' pada GeoJSON), lalu impor lagi.",
        "en": "The file's coordinates lie outside longitude/latitude ranges (bounds {bounds}): most likely "
        "projected coordinates (e.g. UTM metres) without their coordinate reference system. Reproject to "
        "EPSG:4326 (lon/lat), or declare the CRS (a .prj file, or a GeoJSON 'crs' member), and import again.",
    },
    "boundaries.empty": {
        "id": "Berkas tidak berisi satu fitur pun (koleksi fitur kosong). Ekspor ulang lapisan yang berisi "
        "poligon wilayah.",
        "en": "The file holds no features (an empty feature collection). Export the layer holding the region "
        "polygons again.",
    },
    "boundaries.shapefile_incomplete": {
        "id": "Shapefile dalam .zip tidak lengkap: {missing} tidak ada di samping {shp}. Masukkan semua bagian "
        "(.shp, .shx, .dbf, dan .prj) ke dalam satu .zip.",
        "en": "The zipped Shapefile is incomplete: {missing} is missing beside {shp}. Put every part (.shp, "
        ".shx, .dbf and .prj) in one .zip.",
    },
    "boundaries.reject_no_code": {
        "id": "kode kosong: isi kode wilayah fitur ini",
        "en": "no code: fill in this feature's region code",
    },
    "boundaries.reject_unparseable": {
        "id": "kode tidak dapat dibaca sebagai kode wilayah",
        "en": "not readable as a region code",
    },
    "boundaries.reject_unknown": {
        "id": "kode tidak ada dalam daftar Kemendagri 2025",
        "en": "code is not in the Kemendagri 2025 list",
    },
    "boundaries.reject_no_geometry": {
        "id": "tidak ada geometri poligon",
        "en": "no polygon geometry",
    },
}
