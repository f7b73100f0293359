"""Texts for the Klasifikasi (tiers) and Simulasi (what-if) pages: {"id": Bahasa Indonesia, "en": English}."""

_COLUMNS = {
    "kode": ("Kode", "Code"),
    "nama": ("Wilayah", "Region"),
    "wilayah": ("Kode wilayah", "Region code"),
    "nama_wilayah": ("Wilayah", "Region"),
    "kode_desa": ("Kode desa", "Village code"),
    "nama_desa": ("Desa/Kelurahan", "Village"),
    "kecamatan": ("Kecamatan", "District"),
    "nama_kampung": ("Nama Kampung KB", "Kampung KB name"),
    "klasifikasi": ("Klasifikasi", "Tier"),
    "periode": ("Periode", "Period"),
    "periode_profil": ("Profil bulan", "Profile month"),
    "jumlah_kampung": ("Kampung KB", "Kampung KB"),
    "mandiri_plus": ("Mandiri plus", "Mandiri plus"),
    "mandiri_plus_persen": ("% Mandiri plus", "% Mandiri plus"),
    "target_mandiri_plus": ("Target Mandiri plus", "Mandiri plus target"),
    "dari": ("Dari", "From"),
    "ke": ("Ke", "To"),
    "dilaporkan": ("Dilaporkan", "Reported"),
    "dihitung": ("Dihitung", "Computed"),
    "alasan": ("Alasan", "Reason"),
    "perubahan": ("Perubahan yang dibutuhkan", "Changes needed"),
    "indeks": ("Indeks", "Index"),
    "indikator": ("Indikator", "Indicator"),
    "skor": ("Skor", "Score"),
    "keterangan": ("Nilai di baliknya", "Values behind it"),
    "indeks_input": ("Indeks Input", "Input index"),
    "indeks_proses": ("Indeks Proses", "Process index"),
    "indeks_output": ("Indeks Output", "Output index"),
    "persen_awal": ("% Mandiri plus awal", "% Mandiri plus (baseline)"),
    "persen_skenario": ("% Mandiri plus skenario", "% Mandiri plus (scenario)"),
}

_CHANGES = {
    "pokja_ada": ("Setiap kampung membentuk Pokja", "Every village forms a Pokja"),
    "pokja_terlatih": ("Setiap Pokja dilatih", "Every Pokja gets trained"),
    "regulasi": ("Setiap kampung punya SK/regulasi", "Every village gets a founding regulation"),
    "plkb": ("Setiap kampung didampingi PKB/PLKB", "Every village gets a field officer"),
    "cpr": ("CPR naik … poin", "CPR up by … points"),
    "mkjp": ("Porsi MKJP naik … poin", "MKJP share up by … points"),
    "poktan": ("Partisipasi poktan naik … poin", "Poktan participation up by … points"),
    "unmet": ("Unmet need turun … poin", "Unmet need down by … points"),
    "program": ("Tambah program aktif …", "Add an active program …"),
    "sumber_dana": ("Tambah sumber dana …", "Add a funding source …"),
}

_TIERS = ("Dasar", "Berkembang", "Mandiri", "Berkelanjutan")
_SIDES = {"awal": ("awal", "baseline"), "skenario": ("skenario", "scenario")}

MESSAGES: dict[str, dict[str, str]] = {
    **{
        f"tierviews.col.{tier.lower()}_{side}": {"id": f"{tier} ({i})", "en": f"{tier} ({e})"}
        for tier in _TIERS
        for side, (i, e) in _SIDES.items()
    },
    **{f"tierviews.col.{k}": {"id": i, "en": e} for k, (i, e) in _COLUMNS.items()},
    **{f"tierviews.change.{k}": {"id": i, "en": e} for k, (i, e) in _CHANGES.items()},
    "tierviews.page_klasifikasi": {"id": "Klasifikasi", "en": "Tiers"},
    "tierviews.page_simulasi": {"id": "Simulasi", "en": "What if"},
    "tierviews.as_of": {
        "id": "Klasifikasi per {month}, dihitung dari profil terakhir tiap Kampung KB.",
        "en": "Tiers as of {month}, computed from each Kampung KB's latest profile.",
    },
    "tierviews.no_month": {
        "id": "Belum ada data bulanan. Impor profil atau kegiatan di halaman Data.",
        "en": "No monthly data yet. Import profiles or activities on the Data page.",
    },
    "tierviews.no_kampung": {
        "id": "Tidak ada Kampung KB di wilayah dan periode ini.",
        "en": "No Kampung KB in this region and period.",
    },
    # Distribution.
    "tierviews.dist_heading": {"id": "Sebaran klasifikasi per wilayah", "en": "Tiers by sub-region"},
    "tierviews.dist_whole": {"id": "Sebaran klasifikasi — {region}", "en": "Tier distribution — {region}"},
    "tierviews.mode": {"id": "Tampilkan", "en": "Show"},
    "tierviews.mode_persen": {"id": "Persen", "en": "Percent"},
    "tierviews.mode_jumlah": {"id": "Jumlah", "en": "Counts"},
    "tierviews.axis_persen": {"id": "% Kampung KB", "en": "% of Kampung KB"},
    "tierviews.axis_jumlah": {"id": "Jumlah Kampung KB", "en": "Kampung KB"},
    "tierviews.mandiri_plus_share": {"id": "% Mandiri plus", "en": "% Mandiri plus"},
    "tierviews.target_line": {"id": "Target {value}", "en": "Target {value}"},
    "tierviews.target_count": {"id": "Target Mandiri plus (jumlah)", "en": "Mandiri plus target (count)"},
    "tierviews.no_target": {
        "id": "Belum ada target {year} untuk {region}.",
        "en": "No {year} target imported for {region}.",
    },
    "tierviews.donut_center": {"id": "Mandiri plus<br>{share}", "en": "Mandiri plus<br>{share}"},
    "tierviews.donut_target": {"id": "target {value}", "en": "target {value}"},
    "tierviews.donut_label": {"id": "Kampung KB per klasifikasi", "en": "Kampung KB per tier"},
    "tierviews.filtered_tiers": {
        "id": "Hanya tingkat yang dipilih di sidebar ditampilkan; persentase tetap dari semua Kampung KB.",
        "en": "Only the tiers chosen in the sidebar are shown; percentages are still of all Kampung KB.",
    },
    # Transitions.
    "tierviews.trans_heading": {"id": "Perpindahan klasifikasi", "en": "Tier transitions"},
    "tierviews.month_a": {"id": "Dari bulan", "en": "From month"},
    "tierviews.month_b": {"id": "Ke bulan", "en": "To month"},
    "tierviews.trans_title": {"id": "{a} → {b}", "en": "{a} → {b}"},
    "tierviews.trans_x": {"id": "Klasifikasi {month}", "en": "Tier in {month}"},
    "tierviews.trans_caption": {
        "id": "{n} Kampung KB yang sudah dicanangkan pada {month}; {moved} berpindah tingkat.",
        "en": "{n} Kampung KB formed by {month}; {moved} changed tier.",
    },
    "tierviews.no_moves": {"id": "Tidak ada Kampung KB yang berpindah tingkat.", "en": "No Kampung KB changed tier."},
    "tierviews.moved_heading": {"id": "Kampung KB yang berpindah", "en": "Kampung KB that moved"},
    # Village table and the explanation card.
    "tierviews.table_heading": {
        "id": "Tabel Kampung KB: 12 skor dan 3 indeks",
        "en": "Kampung KB table: 12 scores and 3 indices",
    },
    "tierviews.pick_row": {
        "id": "Belum ada baris yang dipilih. Klik kotak di kiri sebuah baris pada tabel di atas.",
        "en": "No row selected. Click the box at the left of a row in the table above.",
    },
    "tierviews.card_title": {"id": "{name} — {tier}", "en": "{name} — {tier}"},
    "tierviews.index_pass": {"id": "lulus (≥ 3,00)", "en": "passes (≥ 3.00)"},
    "tierviews.index_fail": {"id": "belum lulus (< 3,00)", "en": "does not pass (< 3.00)"},
    "tierviews.scores_heading": {"id": "Skor dan nilai di baliknya", "en": "Scores and the values behind them"},
    "tierviews.lift_heading": {"id": "Perubahan terkecil untuk naik tingkat", "en": "Smallest change to move up"},
    "tierviews.top_tier": {
        "id": "Sudah di tingkat tertinggi (Berkelanjutan).",
        "en": "Already at the top tier (Berkelanjutan).",
    },
    # Reported vs computed.
    "tierviews.rep_heading": {"id": "Dilaporkan vs dihitung", "en": "Reported vs computed"},
    "tierviews.rep_rate": {"id": "Kesesuaian", "en": "Agreement"},
    "tierviews.rep_count": {"id": "Klasifikasi dilaporkan", "en": "Reported tiers"},
    "tierviews.rep_diff": {"id": "Tidak sesuai", "en": "Disagreements"},
    "tierviews.rep_none": {
        "id": "Tidak ada klasifikasi yang dilaporkan untuk wilayah ini sampai {month}.",
        "en": "No reported tiers for this region up to {month}.",
    },
    "tierviews.rep_all_agree": {
        "id": "Semua klasifikasi yang dilaporkan sama dengan hasil hitungan.",
        "en": "Every reported tier matches the computed one.",
    },
    "tierviews.rep_caption": {
        "id": "Tiap laporan dibandingkan dengan klasifikasi yang dihitung per bulan laporannya.",
        "en": "Each report is compared with the tier computed as of its own month.",
    },
    # Simulasi.
    "tierviews.sim_intro": {
        "id": "Simulasi tidak mengubah data: semua perubahan hanya ada di skenario ini.",
        "en": "The simulation never changes the data: every change lives in this scenario only.",
    },
    "tierviews.target_input": {"id": "Target Mandiri plus (%)", "en": "Mandiri-plus target (%)"},
    "tierviews.year": {"id": "Tahun", "en": "Year"},
    "tierviews.ops_heading": {"id": "Operasi skenario", "en": "Scenario operations"},
    "tierviews.op_order": {
        "id": "Urutan: ubah nilai → desa pilihan → N desa paling dekat ke Mandiri plus.",
        "en": "Order: set values → picked villages → the N closest to Mandiri plus.",
    },
    "tierviews.op_naik": {
        "id": "Naikkan ke Mandiri plus N desa yang paling dekat",
        "en": "Move up to Mandiri plus the N closest villages",
    },
    "tierviews.op_ubah": {"id": "Ubah nilai indikator", "en": "Set indicator values"},
    "tierviews.op_ubah_none": {"id": "(tidak ada)", "en": "(none)"},
    "tierviews.op_nilai_points": {"id": "Poin", "en": "Points"},
    "tierviews.op_nilai_name": {"id": "Nama", "en": "Name"},
    "tierviews.op_untuk": {"id": "Untuk", "en": "For"},
    "tierviews.op_semua": {"id": "Semua Kampung KB di {region}", "en": "Every Kampung KB in {region}"},
    "tierviews.op_pilih": {
        "id": "Pilih desa yang dinaikkan ke tingkat terdekat di atasnya",
        "en": "Pick villages to move up to the nearest tier above",
    },
    "tierviews.op_pilih_placeholder": {"id": "Pilih desa…", "en": "Choose villages…"},
    "tierviews.baseline": {"id": "Awal", "en": "Baseline"},
    "tierviews.scenario": {"id": "Skenario", "en": "Scenario"},
    "tierviews.sim_counts_title": {
        "id": "Klasifikasi per wilayah: awal vs skenario ({month})",
        "en": "Tiers by sub-region: baseline vs scenario ({month})",
    },
    "tierviews.kpi_baseline": {"id": "Mandiri plus awal", "en": "Mandiri plus, baseline"},
    "tierviews.kpi_scenario": {"id": "Mandiri plus skenario", "en": "Mandiri plus, scenario"},
    "tierviews.kpi_target": {"id": "Target", "en": "Target"},
    "tierviews.kpi_target_sim": {"id": "Target simulasi", "en": "Simulation target"},
    "tierviews.target_default": {
        "id": "Belum ada target {year} yang diimpor untuk {region}; simulasi memakai {target}.",
        "en": "No {year} target imported for {region}; the simulation uses {target}.",
    },
    "tierviews.target_typed": {
        "id": "Target {year} yang diimpor: {imported}; simulasi memakai {target}.",
        "en": "Imported {year} target: {imported}; the simulation uses {target}.",
    },
    "tierviews.kpi_target_help": {"id": "{count} dari {total} Kampung KB", "en": "{count} of {total} Kampung KB"},
    "tierviews.met": {
        "plural": "count",
        "en_one": "Target {target} met: {count} village ({points} points) to spare.",
        "id": "Target {target} tercapai: lebih {count} desa ({points} poin).",
        "en": "Target {target} met: {count} villages ({points} points) to spare.",
    },
    "tierviews.met_exactly": {
        "id": "Target {target} tercapai ({points} poin di atas target).",
        "en": "Target {target} met ({points} points above it).",
    },
    "tierviews.missed": {
        "plural": "count",
        "en_one": "Target {target} not met: {count} village ({points} points) short.",
        "id": "Target {target} belum tercapai: kurang {count} desa ({points} poin).",
        "en": "Target {target} not met: {count} villages ({points} points) short.",
    },
    "tierviews.met_sim": {
        "plural": "count",
        "en_one": "The simulation's {target} target is met: {count} village ({points} points) to spare.",
        "id": "Target simulasi {target} tercapai: lebih {count} desa ({points} poin).",
        "en": "The simulation's {target} target is met: {count} villages ({points} points) to spare.",
    },
    "tierviews.met_exactly_sim": {
        "id": "Target simulasi {target} tercapai ({points} poin di atas target).",
        "en": "The simulation's {target} target is met ({points} points above it).",
    },
    "tierviews.missed_sim": {
        "plural": "count",
        "en_one": "The simulation's {target} target is not met: {count} village ({points} points) short.",
        "id": "Target simulasi {target} belum tercapai: kurang {count} desa ({points} poin).",
        "en": "The simulation's {target} target is not met: {count} villages ({points} points) short.",
    },
    "tierviews.changes_heading": {"id": "Desa yang diubah skenario", "en": "Villages the scenario changed"},
    "tierviews.no_changes": {
        "id": "Belum ada operasi: skenario sama dengan kondisi awal.",
        "en": "No operations yet: the scenario equals the baseline.",
    },
    "tierviews.needed_heading": {
        "id": "Desa yang perlu naik untuk mencapai target",
        "en": "Villages to move up to reach the target",
    },
    "tierviews.needed": {
        "plural": "needed",
        "en_one": "To reach {target} in {region} ({year}), {needed} more village must become Mandiri plus (now "
        "{plus} of {total}).",
        "id": "Untuk {target} di {region} ({year}) masih dibutuhkan {needed} desa Mandiri plus lagi "
        "(sekarang {plus} dari {total}).",
        "en": "To reach {target} in {region} ({year}), {needed} more villages must become Mandiri plus "
        "(now {plus} of {total}).",
    },
    "tierviews.needed_sim": {
        "plural": "needed",
        "en_one": "To reach the simulation's {target} target in {region} ({year}), {needed} more village must "
        "become Mandiri plus (now {plus} of {total}).",
        "id": "Untuk target simulasi {target} di {region} ({year}) masih dibutuhkan {needed} desa Mandiri plus lagi "
        "(sekarang {plus} dari {total}).",
        "en": "To reach the simulation's {target} target in {region} ({year}), {needed} more villages must become "
        "Mandiri plus (now {plus} of {total}).",
    },
    "tierviews.needed_list": {
        "plural": "n",
        "en_one": "The {n} village and the changes it needs",
        "id": "Daftar {n} desa dan perubahan yang dibutuhkan",
        "en": "The {n} villages and the changes they need",
    },
    "tierviews.needed_none": {
        "id": "Target sudah tercapai; tidak ada desa yang perlu naik.",
        "en": "The target is met; no village needs to move up.",
    },
    "tierviews.not_enough": {
        "plural": "needed",
        "en_one": "Moving villages up cannot reach the {target} target: only {n} of the {needed} village has a "
        "computable way up to Mandiri plus (missing CPR/MKJP/unmet-need data cannot be raised), so at "
        "most {best}.",
        "id": "Target {target} tidak dapat dicapai hanya dengan menaikkan desa: hanya {n} dari {needed} desa yang "
        "dapat dihitung jalan naiknya ke Mandiri plus (data CPR/MKJP/unmet need yang kosong tidak dapat "
        "dinaikkan), jadi paling tinggi {best}.",
        "en": "Moving villages up cannot reach the {target} target: only {n} of the {needed} villages have a "
        "computable way up to Mandiri plus (missing CPR/MKJP/unmet-need data cannot be raised), so at most {best}.",
    },
    "tierviews.needed_how": {
        "plural": "needed",
        "en_one": "Moving up the {needed} village closest to Mandiri plus reaches the {target} target.",
        "id": "Menaikkan {needed} desa yang paling dekat ke Mandiri plus mencapai target {target}.",
        "en": "Moving up the {needed} villages closest to Mandiri plus reaches the {target} target.",
    },
    "tierviews.not_enough_sim": {
        "plural": "needed",
        "en_one": "Moving villages up cannot reach the simulation's {target} target: only {n} of the {needed} "
        "village has a computable way up to Mandiri plus (missing CPR/MKJP/unmet-need data cannot be raised), so "
        "at most {best}.",
        "id": "Target simulasi {target} tidak dapat dicapai hanya dengan menaikkan desa: hanya {n} dari {needed} "
        "desa yang dapat dihitung jalan naiknya ke Mandiri plus (data CPR/MKJP/unmet need yang kosong tidak dapat "
        "dinaikkan), jadi paling tinggi {best}.",
        "en": "Moving villages up cannot reach the simulation's {target} target: only {n} of the {needed} villages "
        "have a computable way up to Mandiri plus (missing CPR/MKJP/unmet-need data cannot be raised), so at most "
        "{best}.",
    },
    "tierviews.needed_how_sim": {
        "plural": "needed",
        "en_one": "Moving up the {needed} village closest to Mandiri plus reaches the simulation's {target} target.",
        "id": "Menaikkan {needed} desa yang paling dekat ke Mandiri plus mencapai target simulasi {target}.",
        "en": "Moving up the {needed} villages closest to Mandiri plus reaches the simulation's {target} target.",
    },
    "tierviews.needed_apply": {
        "plural": "needed",
        "en_one": "Move this {needed} village up in the scenario",
        "id": "Naikkan {needed} desa ini dalam skenario",
        "en": "Move these {needed} villages up in the scenario",
    },
    "tierviews.moves": {"id": "Perpindahan dalam skenario: {moves}.", "en": "Moves in the scenario: {moves}."},
    "tierviews.move_part": {
        "plural": "n",
        "en_one": "{n} village {dari} → {ke}",
        "id": "{n} desa {dari} → {ke}",
        "en": "{n} villages {dari} → {ke}",
    },
    "scenarios.reason.move_up_to": {
        "plural": "n",
        "en_one": "the one village closest to {to}; {dari} → {ke}: {changes}",
        "id": "satu dari {n} desa paling dekat ke {to}; {dari} → {ke}: {changes}",
        "en": "one of the {n} villages closest to {to}; {dari} → {ke}: {changes}",
    },
}
