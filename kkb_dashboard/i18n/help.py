"""Texts of the in-app help: each page's Bantuan box (what it answers, how to read its main chart) and the pointers
to the guide: {"id": Bahasa, "en": English}."""

MESSAGES: dict[str, dict[str, str]] = {
    "help.title": {"id": "Bantuan halaman ini", "en": "Help for this page"},
    "help.guide_source": {
        "id": "Dari panduan: **{title}** (`{path}`)",
        "en": "From the guide: **{title}** (`{path}`)",
    },
    "help.ringkasan": {
        "id": "Halaman ini menjawab: berapa Kampung KB, berapa persen desa tercakup, seberapa jauh Mandiri plus dari "
        "target tahun ini, dan apakah kegiatan bulan terakhir naik atau turun. Donat menunjukkan sebaran tingkat; "
        "tren menunjukkan kegiatan per bulan (arahkan tetikus untuk angkanya).",
        "en": "This page answers: how many Kampung KB, what share of villages they cover, how far Mandiri plus is "
        "from this year's target, and whether last month's activities rose or fell. The donut shows the tier mix; "
        "the trend shows activities per month (hover for the figures).",
    },
    "help.peta": {
        "id": "Halaman ini menjawab: di wilayah mana angkanya tinggi atau rendah. Warna makin gelap berarti nilai "
        "makin tinggi; abu-abu berarti nol atau tidak ada data. Klik wilayah untuk turun satu tingkat, klik jejak di "
        "atas peta untuk naik; di tingkat desa warnanya adalah tingkat setiap Kampung KB.",
        "en": "This page answers: where the figure is high or low. Darker means higher; grey means zero or no data. "
        "Click a region to go one level down, the breadcrumb above the map to go back up; at village level the "
        "colour is each Kampung KB's tier.",
    },
    "help.kegiatan": {
        "id": "Halaman ini menjawab: kegiatan apa yang berjalan, kapan dan di mana. Peta panas menunjukkan jenis "
        "kegiatan per bulan (abu-abu = tidak ada kegiatan); di bawahnya wilayah yang paling dan paling sedikit aktif, "
        "fungsi keluarga, instansi mitra, dan Kampung KB yang tidak melapor 3 bulan.",
        "en": "This page answers: which activities run, when and where. The heatmap shows activity types per month "
        "(grey = none); below it the most and least active regions, family functions, partner agencies, and the "
        "Kampung KB silent for 3 months.",
    },
    "help.klasifikasi": {
        "id": "Halaman ini menjawab: berapa Kampung KB di setiap tingkat per wilayah dan seberapa jauh dari garis "
        "target. Pilih satu desa di tabel untuk membuka kartu penjelasan: 12 skor, 3 indeks (lulus bila 3,00 atau "
        "lebih) dan perubahan terkecil untuk naik tingkat.",
        "en": "This page answers: how many Kampung KB are in each tier per region, and how far from the target line. "
        "Pick a village in the table to open its explanation card: 12 scores, 3 indices (passing at 3.00 or more) "
        "and the smallest change to move up.",
    },
    "help.simulasi": {
        "id": "Halaman ini menjawab: bagaimana jika. Berapa desa yang harus naik ke Mandiri plus untuk mencapai "
        "target, desa mana yang paling dekat, dan apa yang harus berubah di tiap desa. Grafik membandingkan keadaan "
        "sekarang dengan skenario.",
        "en": "This page answers: what if. How many villages must reach Mandiri plus for the target, which are "
        "closest, and what each must change. The chart compares today with the scenario.",
    },
    "help.tindak_lanjut": {
        "id": "Halaman ini menjawab: apa yang berubah sejak rapat lalu (pilih bulannya) dan apa yang harus "
        "ditindaklanjuti per kecamatan. Daftarnya bisa diunduh sebagai Excel atau teks untuk pesan WhatsApp.",
        "en": "This page answers: what changed since the last meeting (pick its month) and what to follow up per "
        "district. The lists download as Excel or as text for a WhatsApp message.",
    },
    "help.data": {
        "id": "Halaman ini untuk memasukkan data: pilih jenis berkas, unggah, periksa hasil setiap baris, lalu impor. "
        "Templat Excel dan kamus data ada di tab Templat; setiap impor tercatat di Riwayat impor.",
        "en": "This page brings data in: choose the kind, upload, check every row's outcome, then import. Excel "
        "templates and the data dictionary are in the Templates tab; every import is recorded in the Import log.",
    },
    "help.data_errors": {
        "id": "Cara memperbaiki berkas: panduan Menyiapkan data",
        "en": "How to fix the file: the guide, Preparing data",
    },
}
