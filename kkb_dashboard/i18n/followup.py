"""Texts for the Tindak lanjut (follow-up) page, its lists and its chat text: {"id": Bahasa, "en": English}."""

_COLUMNS = {
    "kode_desa": ("Kode desa", "Village code"),
    "nama_desa": ("Desa/Kelurahan", "Village"),
    "kecamatan": ("Kecamatan", "District"),
    "nama_kampung": ("Nama Kampung KB", "Kampung KB name"),
    "klasifikasi": ("Klasifikasi", "Tier"),
    "dari": ("Dari", "From"),
    "ke": ("Ke", "To"),
    "arah": ("Arah", "Direction"),
    "laporan_terakhir": ("Laporan terakhir", "Last report"),
    "hari_sejak_laporan": ("Hari sejak laporan", "Days since report"),
    "tanggal_pencanangan": ("Tanggal pencanangan", "Date formed"),
    "langkah": ("Langkah skor", "Score steps"),
    "perubahan": ("Perubahan yang dibutuhkan", "Change needed"),
}

MESSAGES: dict[str, dict[str, str]] = {
    **{f"followup.col.{k}": {"id": i, "en": e} for k, (i, e) in _COLUMNS.items()},
    "followup.arah.naik": {"id": "naik", "en": "up"},
    "followup.arah.turun": {"id": "turun", "en": "down"},
    "followup.page_title": {"id": "Tindak lanjut", "en": "Follow-up"},
    "followup.scope": {
        "id": "Semua Kampung KB di {region} sampai {month}. Filter klasifikasi dan jenis kegiatan di sidebar tidak "
        "dipakai di halaman ini.",
        "en": "Every Kampung KB in {region} up to {month}. The sidebar's tier and activity-type filters do not "
        "apply on this page.",
    },
    "followup.no_month": {
        "id": "Belum ada data bulanan. Impor kegiatan atau profil di halaman Data.",
        "en": "No monthly data yet. Import activities or profiles on the Data page.",
    },
    "followup.no_kampung": {
        "id": "Tidak ada Kampung KB di {region} sampai {month}.",
        "en": "No Kampung KB in {region} up to {month}.",
    },
    # Since the last meeting.
    "followup.since_heading": {"id": "Sejak rapat lalu", "en": "Since the last meeting"},
    "followup.rapat": {"id": "Bulan rapat lalu", "en": "Month of the last meeting"},
    "followup.rapat_help": {
        "id": "Perubahan dihitung dari akhir bulan ini sampai akhir bulan terakhir di sidebar.",
        "en": "Changes are counted from the end of this month to the end of the sidebar's last month.",
    },
    "followup.no_earlier": {
        "id": "Belum ada data sebelum {month}: pilih bulan terakhir yang lebih akhir di sidebar.",
        "en": "No data before {month}: choose a later last month in the sidebar.",
    },
    "followup.kpi_mandiri": {"id": "Mandiri plus", "en": "Mandiri plus"},
    "followup.kpi_mandiri_delta": {"id": "{points} poin", "en": "{points} points"},
    "followup.kpi_mandiri_help": {
        "id": "Persen Mandiri plus sekarang; di bawahnya perubahannya sejak {rapat}, dalam poin persen.",
        "en": "The Mandiri-plus share now; below it, its change since {rapat}, in percentage points.",
    },
    "followup.kpi_moves": {"id": "Naik / turun tingkat", "en": "Tier up / down"},
    "followup.kpi_silent": {"id": "Baru tidak melapor", "en": "Newly silent"},
    "followup.kpi_silent_delta": {"id": "{n} kembali melapor", "en": "{n} reporting again"},
    "followup.kpi_new": {"id": "Kampung KB baru", "en": "New Kampung KB"},
    "followup.kpi_silent_help": {
        "id": "Kampung KB tanpa laporan kegiatan selama 3 bulan, yang belum begitu pada {rapat}.",
        "en": "Kampung KB with no activity report for 3 months that were not so in {rapat}.",
    },
    "followup.progress": {
        "id": "Mandiri plus {then} ({then_n} dari {then_total}) pada {rapat} → {now} ({now_n} dari {now_total}) "
        "pada {sampai}.",
        "en": "Mandiri plus {then} ({then_n} of {then_total}) in {rapat} → {now} ({now_n} of {now_total}) in {sampai}.",
    },
    "followup.progress_short": {
        "plural": "short",
        "en_one": "{year} target {target}: {short} Mandiri-plus village ({points} points) short.",
        "id": "Target {year} {target}: kurang {short} desa Mandiri plus ({points} poin).",
        "en": "{year} target {target}: {short} Mandiri-plus villages ({points} points) short.",
    },
    "followup.progress_met": {
        "id": "Target {year} {target} tercapai.",
        "en": "The {year} target of {target} is met.",
    },
    "followup.progress_no_target": {
        "id": "Belum ada target Mandiri plus {year} untuk {region}.",
        "en": "No {year} Mandiri-plus target imported for {region}.",
    },
    "followup.tab_moves": {"id": "Perpindahan tingkat ({n})", "en": "Tier moves ({n})"},
    "followup.tab_silent": {"id": "Baru tidak melapor ({n})", "en": "Newly silent ({n})"},
    "followup.tab_again": {"id": "Kembali melapor ({n})", "en": "Reporting again ({n})"},
    "followup.tab_new": {"id": "Kampung KB baru ({n})", "en": "New Kampung KB ({n})"},
    "followup.none_moves": {
        "id": "Tidak ada Kampung KB yang berpindah tingkat sejak {rapat}.",
        "en": "No Kampung KB changed tier since {rapat}.",
    },
    "followup.none_silent": {
        "id": "Tidak ada Kampung KB yang baru berhenti melapor sejak {rapat}.",
        "en": "No Kampung KB stopped reporting since {rapat}.",
    },
    "followup.none_again": {
        "id": "Tidak ada Kampung KB yang kembali melapor sejak {rapat}.",
        "en": "No silent Kampung KB started reporting again since {rapat}.",
    },
    "followup.none_new": {
        "id": "Tidak ada Kampung KB baru sejak {rapat}.",
        "en": "No new Kampung KB since {rapat}.",
    },
    # Follow-up lists.
    "followup.lists_heading": {"id": "Daftar tindak lanjut per kecamatan", "en": "Follow-up lists by district"},
    "followup.lists_level": {
        "id": "Pilih kabupaten/kota atau kecamatan di sidebar untuk melihat daftar per kecamatan.",
        "en": "Choose a regency/city or a district in the sidebar to see the lists by district.",
    },
    "followup.silent_heading": {
        "id": "Kampung KB tanpa laporan kegiatan 3 bulan ({n})",
        "en": "Kampung KB with no activity report for 3 months ({n})",
    },
    "followup.silent_none": {
        "id": "Semua Kampung KB melapor dalam 3 bulan terakhir.",
        "en": "Every Kampung KB reported in the last 3 months.",
    },
    "followup.closest_heading": {
        "plural": "n",
        "en_one": "Closest to the next tier: {n} village per kecamatan and the one change it needs",
        "id": "Paling dekat naik tingkat: {n} desa per kecamatan dan satu perubahan yang dibutuhkan",
        "en": "Closest to the next tier: {n} villages per district and the one change each needs",
    },
    "followup.closest_none": {
        "id": "Tidak ada desa yang jalan naiknya dapat dihitung.",
        "en": "No village has a computable way up.",
    },
    "followup.chat_heading": {"id": "Teks untuk pesan (WhatsApp)", "en": "Text for a chat message (WhatsApp)"},
    "followup.chat_help": {
        "id": "Salin dengan tombol di pojok kanan atas kotak, lalu tempel di grup.",
        "en": "Copy it with the button at the box's top right corner, then paste it in the group.",
    },
    "followup.download_txt": {"id": "Unduh teks", "en": "Download text"},
    "followup.chat_title": {
        "id": "Tindak lanjut Kampung KB — {region}, {month}",
        "en": "Kampung KB follow-up — {region}, {month}",
    },
    "followup.chat_kecamatan": {"id": "Kecamatan {name}", "en": "{name} District"},
    "followup.chat_silent": {"id": "Tidak melapor 3 bulan ({n}):", "en": "No report for 3 months ({n}):"},
    "followup.chat_closest": {"id": "Paling dekat naik tingkat:", "en": "Closest to the next tier:"},
    "followup.chat_nothing": {
        "id": "Tidak ada Kampung KB yang perlu ditindaklanjuti.",
        "en": "No Kampung KB needs follow-up.",
    },
    "followup.never_reported": {"id": "belum pernah melapor", "en": "never reported"},
    "followup.last_report": {"id": "laporan terakhir {date}", "en": "last report {date}"},
    "followup.since_line": {
        "id": "Sejak rapat {rapat}: {up} naik tingkat, {down} turun; {silent} baru tidak melapor, {again} kembali "
        "melapor; Mandiri plus {then} → {now} ({target}); {new} Kampung KB baru.",
        "en": "Since the {rapat} meeting: {up} up a tier, {down} down; {silent} newly silent, {again} reporting "
        "again; Mandiri plus {then} → {now} ({target}); {new} new Kampung KB.",
    },
    "followup.since_target": {"id": "target {target}", "en": "target {target}"},
    "followup.no_target": {"id": "belum ada target", "en": "no target set"},
}
