"""Texts of the headline sentence, the filter strip and presentation mode."""

MESSAGES: dict[str, dict[str, str]] = {
    "headline.sentence": {
        "id": "{where}: {kampung} Kampung KB; Mandiri plus {persen} {target}",
        "en": "{where}: {kampung} Kampung KB; Mandiri plus {persen} {target}",
    },
    "headline.none": {"id": "{where}: belum ada Kampung KB", "en": "{where}: no Kampung KB yet"},
    "headline.below": {
        "plural": "short",
        "en_one": "— {gap} points below the {target} target ({short} village short)",
        "id": "— {gap} poin di bawah target {target} (kurang {short} desa)",
        "en": "— {gap} points below the {target} target ({short} villages short)",
    },
    "headline.met": {
        "id": "— target {target} tercapai ({gap} poin di atasnya)",
        "en": "— the {target} target is met ({gap} points above it)",
    },
    "headline.below_sim": {
        "plural": "short",
        "en_one": "— {gap} points below the simulation's {target} target ({short} village short)",
        "id": "— {gap} poin di bawah target simulasi {target} (kurang {short} desa)",
        "en": "— {gap} points below the simulation's {target} target ({short} villages short)",
    },
    "headline.met_sim": {
        "id": "— target simulasi {target} tercapai ({gap} poin di atasnya)",
        "en": "— the simulation's {target} target is met ({gap} points above it)",
    },
    "headline.no_target": {"id": "— belum ada target untuk {tahun}", "en": "— no target set for {tahun}"},
    "headline.region": {"id": "Wilayah", "en": "Region"},
    "headline.period": {"id": "Periode", "en": "Period"},
    "headline.filtered": {
        "id": "Filter aktif: angka dan daftar yang difilter hanya mencakup klasifikasi/jenis kegiatan yang dipilih, "
        "bukan total.",
        "en": "Filters on: filtered figures and lists cover only the chosen tiers/activity types, not the totals.",
    },
    "ui.presentation": {"id": "Mode presentasi", "en": "Presentation mode"},
    "ui.presentation_help": {
        "id": "Untuk proyektor: sidebar disembunyikan, angka besar, kalimat utama di atas. Tersimpan di tautan "
        "(presentasi=1). Buka sidebar dengan tanda › di kiri atas untuk keluar.",
        "en": "For a projector: sidebar hidden, large figures, the headline on top. Kept in the link "
        "(presentasi=1). Open the sidebar with the › at the top left to leave it.",
    },
}
