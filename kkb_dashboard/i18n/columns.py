"""What each column of a file kind holds, for the data dictionary and the templates' instructions sheet.

`columns.<name>` serves every kind with that column; `columns.<kind>.<name>` is a column that means something else
in one kind (a `periode` of a profile is its month; of an indicator, a year or a month).
"""

_NAMED = "Nama {what} (jika tanpa kode)", "Name of the {what} (when there is no code)"
_YES_NO = "ya/tidak", "yes/no"
_NAMES = "nama dipisah `;`", "names separated by `;`"
_NOT_USING = "PUS bukan peserta KB: {why}", "Couples (PUS) not using contraception: {why}"
_USING = "Peserta KB aktif: {method}", "Active contraceptive users: {method}"

_TEXTS: dict[str, tuple[str, str]] = {
    # where a row is
    "kode_desa": (
        "Kode desa/kelurahan Kemendagri, 10 digit (boleh dengan titik)",
        "Kemendagri code of the desa/kelurahan, 10 digits (dots allowed)",
    ),
    "provinsi": (_NAMED[0].format(what="provinsi"), _NAMED[1].format(what="province")),
    "kabupaten_kota": (_NAMED[0].format(what="kabupaten/kota"), _NAMED[1].format(what="regency/city")),
    "kecamatan": (_NAMED[0].format(what="kecamatan"), _NAMED[1].format(what="kecamatan (district)")),
    "desa_kelurahan": (_NAMED[0].format(what="desa/kelurahan"), _NAMED[1].format(what="desa/kelurahan")),
    "kode_wilayah": ("Kode wilayah tingkat mana pun", "Region code of any level"),
    "keterangan": (
        "Catatan bebas; data demo yang dibuat generator ditandai SINTETIS di sini",
        "Free notes; demo data made by the generator is marked SINTETIS (synthetic) here",
    ),
    # kampung
    "nama_kampung": ("Nama Kampung KB; boleh kosong", "Name of the Kampung KB; may be empty"),
    "tanggal_pencanangan": ("Tanggal atau tahun pencanangan", "Date or year the Kampung KB was launched"),
    "cakupan": ("RW, Dusun atau Desa", "RW, Dusun or Desa (the area it covers)"),
    "nomor_sk": ("Nomor SK penetapan", "Number of the decree (SK) that established it"),
    "lat": ("Lintang titik di dalam desa", "Latitude of a point inside the desa"),
    "lon": ("Bujur titik di dalam desa", "Longitude of a point inside the desa"),
    # kegiatan
    "kegiatan.nama_kampung": (
        "Nama Kampung KB (dengan --wilayah), jika tanpa kode dan nama desa",
        "Name of the Kampung KB (with --wilayah), when there is no code and no desa name",
    ),
    "tanggal": ("Tanggal kegiatan", "Date of the activity"),
    "kegiatan.periode": ("Bulan (YYYY-MM) bila tanpa tanggal", "Month (YYYY-MM) when there is no date"),
    "jenis_kegiatan": (
        "Jenis kegiatan (BKB, BKR, BKL, UPPKA, PIK-R, Posyandu, KIE, ...)",
        "Activity type (BKB, BKR, BKL, UPPKA, PIK-R, Posyandu, KIE, ...)",
    ),
    "jumlah": ("Berapa kali (bawaan 1)", "How many times (1 if empty)"),
    "peserta": ("Jumlah peserta", "Number of participants"),
    "seksi": ("Salah satu 8 fungsi keluarga", "One of the 8 family functions"),
    "instansi": ("Instansi mitra, dipisah `;`", "Partner agencies, separated by `;`"),
    # profil
    "profil.periode": ("Bulan profil (YYYY-MM)", "Month of the profile (YYYY-MM)"),
    "pokja_ada": _YES_NO,
    "pokja_terlatih": _YES_NO,
    "plkb_pendamping": _YES_NO,
    "regulasi": _YES_NO,
    "sumber_dana": _NAMES,
    "program_aktif": _NAMES,
    "penggunaan_data": _NAMES,
    "mekanisme_operasional": _NAMES,
    "instansi_mitra": (
        "Instansi mitra dipisah `;` (kosong: diambil dari kegiatan)",
        "Partner agencies separated by `;` (empty: taken from the activities)",
    ),
    "pokja_anggota": ("Jumlah anggota Pokja", "Number of Pokja members"),
    "pus": ("Jumlah pasangan usia subur (PUS)", "Couples of reproductive age (PUS)"),
    "keluarga": ("Jumlah keluarga", "Number of families"),
    "remaja": ("Jumlah remaja", "Number of adolescents"),
    "keluarga_balita": ("Keluarga dengan balita", "Families with children under five"),
    "keluarga_remaja": ("Keluarga dengan remaja", "Families with adolescents"),
    "keluarga_lansia": ("Keluarga dengan lansia", "Families with elderly members"),
    **{
        f"peserta_{group}": (f"Keluarga peserta {name}", f"Families taking part in {name}")
        for group, name in (("bkb", "BKB"), ("bkr", "BKR"), ("bkl", "BKL"), ("uppka", "UPPKA"), ("pikr", "PIK-R"))
    },
    **{
        f"kb_{method}": (_USING[0].format(method=id_name), _USING[1].format(method=en_name))
        for method, id_name, en_name in (
            ("iud", "IUD", "IUD"),
            ("mow", "MOW (tubektomi)", "MOW (female sterilisation)"),
            ("mop", "MOP (vasektomi)", "MOP (male sterilisation)"),
            ("kondom", "kondom", "condom"),
            ("implan", "implan", "implant"),
            ("suntik", "suntik", "injectable"),
            ("pil", "pil", "pill"),
        )
    },
    "tidak_kb_hamil": (_NOT_USING[0].format(why="hamil"), _NOT_USING[1].format(why="pregnant")),
    "tidak_kb_ingin_anak_segera": (
        _NOT_USING[0].format(why="ingin anak segera"),
        _NOT_USING[1].format(why="want a child soon"),
    ),
    "tidak_kb_iat": (
        _NOT_USING[0].format(why="ingin anak ditunda (IAT)"),
        _NOT_USING[1].format(why="want to delay a child (IAT)"),
    ),
    "tidak_kb_tial": (
        _NOT_USING[0].format(why="tidak ingin anak lagi (TIAL)"),
        _NOT_USING[1].format(why="want no more children (TIAL)"),
    ),
    # klasifikasi
    "klasifikasi.periode": ("Bulan klasifikasi (YYYY-MM)", "Month of the tier (YYYY-MM)"),
    "klasifikasi": ("Dasar, Berkembang, Mandiri atau Berkelanjutan", "Dasar, Berkembang, Mandiri or Berkelanjutan"),
    # target
    "tahun": ("Tahun target", "Year of the target"),
    "target_kampung": ("Target jumlah Kampung KB", "Target number of Kampung KB"),
    "target_mandiri_plus_persen": ("Target % Mandiri + Berkelanjutan", "Target % Mandiri + Berkelanjutan"),
    "target_mandiri_plus": ("Target jumlah Mandiri + Berkelanjutan", "Target number of Mandiri + Berkelanjutan"),
    # indikator
    "indikator.periode": ("YYYY atau YYYY-MM", "YYYY or YYYY-MM"),
    "indikator": ("Nama indikator (bentuk panjang)", "Name of the indicator (long form)"),
    "nilai": ("Nilai (bentuk panjang)", "Value (long form)"),
    "satuan": ("Satuan", "Unit"),
}

MESSAGES: dict[str, dict[str, str]] = {
    f"columns.{name}": {"id": id_text, "en": en_text} for name, (id_text, en_text) in _TEXTS.items()
}
