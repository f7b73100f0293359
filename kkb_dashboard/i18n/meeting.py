"""Texts of the meeting brief (HTML) and the meeting deck (PowerPoint) beyond those they share with the exports."""

MESSAGES = {
    "meeting.map_heading": {"id": "Peta", "en": "Map"},
    "meeting.progress_heading": {
        "id": "Kemajuan menuju target Mandiri plus",
        "en": "Progress toward the Mandiri-plus target",
    },
    "meeting.progress_no_target": {
        "id": "Belum ada target Mandiri plus untuk {year}.",
        "en": "No Mandiri-plus target for {year} yet.",
    },
    "meeting.series_plus": {"id": "% Mandiri plus", "en": "% Mandiri plus"},
    "meeting.series_target": {"id": "Target {value}", "en": "Target {value}"},
    "meeting.col_laporan_terakhir": {"id": "Laporan terakhir", "en": "Last report"},
    "meeting.col_hari_sejak_laporan": {"id": "Hari sejak laporan", "en": "Days since report"},
    "meeting.never_reported": {"id": "belum pernah", "en": "never"},
    "meeting.one_more_closest": {
        "id": "… dan 1 desa lainnya (lihat halaman Tindak lanjut).",
        "en": "… and 1 more village (see the Follow-up page).",
    },
    "meeting.more_closest": {
        "plural": "n",
        "en_one": "… and {n} more village (see the Follow-up page).",
        "id": "… dan {n} desa lainnya (lihat halaman Tindak lanjut).",
        "en": "… and {n} more villages (see the Follow-up page).",
    },
    "meeting.more_rows": {
        "id": "… dan {n} Kampung KB lainnya (lihat unduhan XLSX di halaman Kegiatan).",
        "en": "… and {n} more Kampung KB (see the XLSX download on the Kegiatan page).",
    },
    "meeting.one_more_row": {
        "id": "… dan 1 Kampung KB lainnya (lihat unduhan XLSX di halaman Kegiatan).",
        "en": "… and 1 more Kampung KB (see the XLSX download on the Kegiatan page).",
    },
    "meeting.deck_title": {"id": "Rapat Kampung KB — {region}", "en": "Kampung KB meeting — {region}"},
    "meeting.deck_kpis": {"id": "Angka utama, {month}", "en": "Key figures, {month}"},
    "meeting.deck_silent_none": {
        "id": "Semua Kampung KB melapor dalam 3 bulan terakhir.",
        "en": "Every Kampung KB reported in the last 3 months.",
    },
    "meeting.deck_download": {"id": "Unduh presentasi (PPTX)", "en": "Download the deck (PPTX)"},
    "meeting.deck_help": {
        "id": "Presentasi PowerPoint dengan grafik yang bisa diedit, peta, dan daftar Kampung KB tanpa laporan.",
        "en": "A PowerPoint deck with editable charts, the map and the Kampung KB that stopped reporting.",
    },
}
