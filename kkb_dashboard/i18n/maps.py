"""Texts for the map (Peta): metrics, units, legend, hover, the empty state and the folium export."""

MESSAGES: dict[str, dict[str, str]] = {
    "maps.page_title": {"id": "Peta", "en": "Map"},
    "maps.metric": {"id": "Ukuran yang dipetakan", "en": "Measure on the map"},
    "maps.metric_jumlah_kampung": {"id": "Jumlah Kampung KB", "en": "Number of Kampung KB"},
    "maps.metric_cakupan_persen": {"id": "Desa yang memiliki Kampung KB", "en": "Villages with a Kampung KB"},
    "maps.metric_mandiri_plus_persen": {
        "id": "Mandiri plus (Mandiri + Berkelanjutan)",
        "en": "Mandiri plus (Mandiri + Berkelanjutan)",
    },
    "maps.metric_tingkat_dominan": {"id": "Tingkat terbanyak", "en": "Most common tier"},
    "maps.metric_tingkat_desa": {"id": "Tingkat Kampung KB", "en": "Kampung KB tier"},
    "maps.metric_kegiatan_per_kampung_bulan": {
        "id": "Kegiatan per Kampung KB per bulan",
        "en": "Activities per Kampung KB per month",
    },
    "maps.metric_hari_sejak_laporan": {
        "id": "Hari sejak laporan terakhir (median)",
        "en": "Days since the last report (median)",
    },
    "maps.metric_indikator": {"id": "Indikator: {name}", "en": "Indicator: {name}"},
    "maps.unit_percent": {"id": "% desa", "en": "% of villages"},
    "maps.unit_percent_kampung": {"id": "% Kampung KB", "en": "% of Kampung KB"},
    "maps.unit_rate": {"id": "kegiatan/KKB/bulan", "en": "activities/KKB/month"},
    "maps.unit_days": {"id": "hari", "en": "days"},
    "maps.unit_tier": {"id": "tingkat", "en": "tier"},
    "maps.no_kampung": {"id": "Tanpa Kampung KB", "en": "No Kampung KB"},
    "maps.no_data": {"id": "tidak ada data", "en": "no data"},
    "maps.hover_code": {"id": "Kode", "en": "Code"},
    "maps.hover_kampung": {"id": "Kampung KB", "en": "Kampung KB"},
    "maps.grey_note": {
        "id": "Abu-abu: nol atau tidak ada data (misalnya belum ada Kampung KB). {source}",
        "en": "Grey: zero or no data (e.g. no Kampung KB yet). {source}",
    },
    "maps.zero_or_no_data": {"id": "0 atau tidak ada data", "en": "0 or no data"},
    "maps.click_hint": {
        "id": "Klik sebuah wilayah di peta untuk masuk ke tingkat di bawahnya.",
        "en": "Click a region on the map to go one level down.",
    },
    "maps.click_hint_desa": {
        "id": "Klik sebuah desa di peta untuk melihat kartu Kampung KB-nya.",
        "en": "Click a village on the map to see its Kampung KB card.",
    },
    "maps.breadcrumb_help": {"id": "Kembali ke {name}", "en": "Back to {name}"},
    "maps.building": {"id": "Menyiapkan berkas peta {level}…", "en": "Preparing the {level} map file…"},
    "maps.no_boundaries": {
        "id": "Batas wilayah {level} {prov} tidak ada di cache setelah diunduh atau diimpor.",
        "en": "The {level} boundaries {prov} are not in the cache after fetching or importing.",
    },
    "maps.loading": {"id": "Memuat peta…", "en": "Loading the map…"},
    "maps.fetching": {"id": "Mengunduh batas wilayah…", "en": "Downloading boundaries…"},
    "maps.empty_title": {
        "id": "Peta belum bisa digambar: batas wilayah ({layer}) belum ada di komputer ini.",
        "en": "The map cannot be drawn yet: the boundaries ({layer}) are not on this computer.",
    },
    "maps.empty_howto": {
        "id": "Cara mendapatkannya (cukup sekali):\n\n"
        "1. Tekan **Unduh batas wilayah** di bawah (butuh internet).\n"
        "2. Atau di terminal: `python -m kkb_dashboard boundaries fetch --level {level}{prov_arg}`\n"
        "3. Tanpa internet: arahkan `KKB_BOUNDARY_URL` ke salinan lokal repositori wilayah_boundaries "
        "(`file:///…`), atau impor berkas batas Anda sendiri (GeoJSON, GeoPackage, Shapefile .zip) "
        "di halaman **Data**.",
        "en": "How to get them (once):\n\n"
        "1. Press **Download boundaries** below (needs internet).\n"
        "2. Or in a terminal: `python -m kkb_dashboard boundaries fetch --level {level}{prov_arg}`\n"
        "3. Without internet: point `KKB_BOUNDARY_URL` at a local copy of the wilayah_boundaries repository "
        "(`file:///…`), or import your own boundary file (GeoJSON, GeoPackage, zipped Shapefile) "
        "on the **Data** page.",
    },
    "maps.fetch_button": {"id": "Unduh batas wilayah", "en": "Download boundaries"},
    "maps.table_heading": {"id": "Angka per wilayah di peta", "en": "Figures per region on the map"},
    "maps.col_kode": {"id": "Kode", "en": "Code"},
    "maps.col_nama": {"id": "Nama", "en": "Name"},
    "maps.col_jumlah_desa": {"id": "Jumlah desa", "en": "Villages"},
    "maps.col_periode": {"id": "Periode", "en": "Period"},
    "maps.col_satuan": {"id": "Satuan", "en": "Unit"},
    "maps.col_field": {"id": "Keterangan", "en": "Field"},
    "maps.col_value": {"id": "Nilai", "en": "Value"},
    "maps.card_title": {"id": "Kampung KB di {name}", "en": "Kampung KB in {name}"},
    "maps.card_none": {
        "id": "{name} belum memiliki Kampung KB (sampai {month}).",
        "en": "{name} has no Kampung KB (up to {month}).",
    },
    "maps.card_nama_kampung": {"id": "Nama Kampung KB", "en": "Kampung KB name"},
    "maps.card_kecamatan": {"id": "Kecamatan", "en": "District"},
    "maps.card_klasifikasi": {"id": "Tingkat", "en": "Tier"},
    "maps.card_kegiatan": {"id": "Kegiatan dalam rentang bulan", "en": "Activities in the month range"},
    "maps.card_laporan_terakhir": {"id": "Laporan terakhir", "en": "Last report"},
    "maps.card_hari_sejak_laporan": {"id": "Hari sejak laporan terakhir", "en": "Days since the last report"},
    "maps.download_html": {"id": "Unduh peta (HTML)", "en": "Download map (HTML)"},
    "maps.download_html_help": {
        "id": "Satu berkas HTML (peta Leaflet) dari tampilan ini untuk dibagikan. Leaflet dimuat dari internet; "
        "tanpa internet berkas itu menampilkan pesan, bukan kotak kosong.",
        "en": "One HTML file (a Leaflet map) of this view to hand out. Leaflet loads from the internet; "
        "offline the file shows a message instead of a blank box.",
    },
    "maps.basemap": {"id": "Peta dasar OSM", "en": "OSM base map"},
    "maps.basemap_help": {
        "id": "OpenStreetMap: menampilkan jalan dan nama tempat di bawah wilayah. Butuh internet: tanpa internet "
        "latar tetap putih.",
        "en": "OpenStreetMap: shows roads and place names under the regions. Needs internet: offline the background "
        "stays white.",
    },
    "maps.leaflet_missing": {
        "id": "Peta interaktif tidak dapat dimuat: pustaka Leaflet diambil dari internet dan saat ini tidak "
        "tersedia. Buka berkas ini lagi saat terhubung ke internet. Angka per wilayah ada di tabel di bawah.",
        "en": "The interactive map could not load: the Leaflet library comes from the internet and is not "
        "available now. Open this file again when online. The figures per region are in the table below.",
    },
    "maps.html_title": {"id": "{metric} — {region}", "en": "{metric} — {region}"},
    "maps.html_filters": {
        "id": "Bulan {dari} – {sampai}; tingkat: {tiers}; jenis kegiatan: {types}.",
        "en": "Months {dari} – {sampai}; tiers: {tiers}; activity types: {types}.",
    },
    "maps.all": {"id": "semua", "en": "all"},
    "maps.small_missing": {
        "id": "Peta belum tersedia: buka halaman Peta untuk mengunduh batas wilayah.",
        "en": "No map yet: open the Map page to download the boundaries.",
    },
}
