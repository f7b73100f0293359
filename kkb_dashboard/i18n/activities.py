"""Texts of the Kegiatan (activities) page and its charts."""

MESSAGES: dict[str, dict[str, str]] = {
    "activities.page_title": {"id": "Kegiatan", "en": "Activities"},
    "activities.intro": {
        "id": "Kegiatan Kampung KB di {region}, {first} – {last}. Jumlah kegiatan = jumlah kali kegiatan dilaporkan.",
        "en": "Kampung KB activities in {region}, {first} – {last}. Activities = the number of times reported.",
    },
    "activities.no_months": {
        "id": "Belum ada bulan dengan data. Impor kegiatan di halaman Data.",
        "en": "No month has data yet. Import activities on the Data page.",
    },
    "activities.empty": {
        "id": "Tidak ada kegiatan untuk pilihan ini (wilayah, bulan, klasifikasi, jenis kegiatan). Ubah filter di "
        "samping.",
        "en": "No activities match this selection (region, months, tiers, activity types). Change the filters on "
        "the side.",
    },
    "activities.kpi_total": {"id": "Kegiatan dalam rentang", "en": "Activities in the range"},
    "activities.kpi_total_help": {
        "plural": "months",
        "en_one": "{months} month, {kampung} Kampung KB",
        "id": "{months} bulan, {kampung} Kampung KB",
        "en": "{months} months, {kampung} Kampung KB",
    },
    "activities.kpi_rate": {"id": "Per Kampung KB per bulan", "en": "Per Kampung KB per month"},
    "activities.kpi_month": {"id": "Kegiatan {month}", "en": "Activities in {month}"},
    "activities.kpi_month_help": {"id": "Dibanding {month}: {value}", "en": "Compared with {month}: {value}"},
    "activities.kpi_silent": {"id": "Tanpa laporan 3 bulan", "en": "No report for 3 months"},
    "activities.heatmap_heading": {"id": "Jenis kegiatan per bulan", "en": "Activity types by month"},
    "activities.heatmap_title": {"id": "Kegiatan per jenis dan bulan", "en": "Activities by type and month"},
    "activities.axis_month": {"id": "Bulan", "en": "Month"},
    "activities.axis_type": {"id": "Jenis kegiatan", "en": "Activity type"},
    "activities.axis_count": {"id": "Kegiatan", "en": "Activities"},
    "activities.axis_participants": {"id": "Peserta", "en": "Participants"},
    "activities.axis_rate": {"id": "Kegiatan per Kampung KB per bulan", "en": "Activities per Kampung KB per month"},
    "activities.hover_count": {"id": "Kegiatan", "en": "Activities"},
    "activities.region_heading": {"id": "Perbandingan wilayah", "en": "Regions compared"},
    "activities.region_title": {
        "id": "Kegiatan per Kampung KB per bulan, per {level}",
        "en": "Activities per Kampung KB per month, by {level}",
    },
    "activities.level_1": {"id": "Provinsi", "en": "province"},
    "activities.level_2": {"id": "Kabupaten/Kota", "en": "regency/city"},
    "activities.level_3": {"id": "Kecamatan", "en": "district"},
    "activities.level_4": {"id": "Desa/Kelurahan", "en": "village"},
    "activities.region_top": {"id": "Tertinggi", "en": "Highest"},
    "activities.region_bottom": {"id": "Terendah", "en": "Lowest"},
    "activities.region_caption": {
        "id": "Dibagi jumlah Kampung KB dan jumlah bulan agar wilayah besar dan kecil sebanding. Hanya wilayah "
        "yang punya Kampung KB.",
        "en": "Divided by the number of Kampung KB and of months so large and small regions compare fairly. Only "
        "regions with a Kampung KB.",
    },
    "activities.region_none": {
        "id": "Tidak ada sub-wilayah dengan Kampung KB untuk pilihan ini.",
        "en": "No sub-region has a Kampung KB for this selection.",
    },
    "activities.hover_kampung": {"id": "Kampung KB", "en": "Kampung KB"},
    "activities.hover_code": {"id": "Kode", "en": "Code"},
    "activities.trend_heading": {"id": "Tren per jenis kegiatan", "en": "Trend by activity type"},
    "activities.trend_pick": {"id": "Jenis kegiatan", "en": "Activity type"},
    "activities.trend_title": {"id": "Tren kegiatan per bulan", "en": "Activities per month"},
    "activities.trend_none": {
        "id": "Tidak ada kegiatan jenis {jenis} pada periode dan wilayah ini.",
        "en": "No activity of type {jenis} in this period and region.",
    },
    "activities.trend_title_type": {"id": "Tren {jenis} per bulan", "en": "{jenis} per month"},
    "activities.participants_heading": {"id": "Peserta", "en": "Participants"},
    "activities.participants_title": {"id": "Peserta per jenis kegiatan", "en": "Participants by activity type"},
    "activities.hover_per_activity": {"id": "Peserta per kegiatan", "en": "Participants per activity"},
    "activities.seksi_heading": {"id": "8 fungsi keluarga", "en": "The 8 family functions"},
    "activities.seksi_title": {"id": "Kegiatan per fungsi keluarga", "en": "Activities by family function"},
    "activities.seksi_empty": {"id": "(tidak diisi)", "en": "(not stated)"},
    "activities.seksi_caption": {
        "id": '"Lainnya" dan "(tidak diisi)" bukan bagian dari 8 fungsi keluarga; ditampilkan abu-abu.',
        "en": '"Other" and "(not stated)" are not among the 8 family functions; shown in grey.',
    },
    "activities.seksi_share": {"id": "Bagian", "en": "Share"},
    "activities.agencies_heading": {"id": "Instansi mitra", "en": "Partner agencies"},
    "activities.agencies_title": {
        "id": "Kegiatan yang diikuti tiap instansi",
        "en": "Activities each agency took part in",
    },
    "activities.agencies_partner": {"id": "Mitra (dihitung)", "en": "Partner (counted)"},
    "activities.agencies_own": {
        "id": "Kantor sendiri (tidak dihitung dalam klasifikasi)",
        "en": "Own office (not counted in the tier rule)",
    },
    "activities.agencies_caption": {
        "id": "OPD PPKB dan Perwakilan BKKBN adalah kantor program sendiri: ditampilkan, tetapi tidak dihitung "
        "sebagai instansi mitra dalam klasifikasi.",
        "en": "OPD PPKB and Perwakilan BKKBN are the program's own offices: shown, but not counted as partner "
        "agencies by the tier rule.",
    },
    "activities.agencies_none": {
        "id": "Tidak ada kegiatan yang menyebut instansi mitra untuk pilihan ini.",
        "en": "No activity names a partner agency for this selection.",
    },
    "activities.silent_heading": {
        "id": "Kampung KB tanpa laporan 3 bulan terakhir",
        "en": "Kampung KB with no report in the last 3 months",
    },
    "activities.silent_caption": {
        "id": "Tidak ada laporan kegiatan jenis apa pun dari {first} sampai {last}. Yang belum pernah melapor di atas.",
        "en": "No activity report of any type from {first} to {last}. Those that never reported come first.",
    },
    "activities.silent_none": {
        "id": "Semua Kampung KB dalam pilihan ini melapor dalam 3 bulan terakhir.",
        "en": "Every Kampung KB in this selection reported in the last 3 months.",
    },
    "activities.show_table": {"id": "Tabel dan unduhan", "en": "Table and downloads"},
    "activities.seksi.Agama": {"id": "Agama", "en": "Religion"},
    "activities.seksi.Sosial Budaya": {"id": "Sosial Budaya", "en": "Socio-cultural"},
    "activities.seksi.Cinta Kasih": {"id": "Cinta Kasih", "en": "Love and affection"},
    "activities.seksi.Perlindungan": {"id": "Perlindungan", "en": "Protection"},
    "activities.seksi.Reproduksi": {"id": "Reproduksi", "en": "Reproduction"},
    "activities.seksi.Sosialisasi dan Pendidikan": {
        "id": "Sosialisasi dan Pendidikan",
        "en": "Socialisation and education",
    },
    "activities.seksi.Ekonomi": {"id": "Ekonomi", "en": "Economy"},
    "activities.seksi.Pembinaan Lingkungan": {"id": "Pembinaan Lingkungan", "en": "Environment"},
    "activities.seksi.Lainnya": {"id": "Lainnya", "en": "Other"},
}
