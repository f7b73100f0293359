"""The six file kinds the dashboard imports (kampung, kegiatan, profil, klasifikasi, target, indikator): their
columns, aliases, types and keys.
"""

from __future__ import annotations

from .columns import (
    INDICATOR_VALUE,
    KAMPUNG_IN_REGION,
    LATITUDE,
    LONGITUDE,
    PEOPLE_IN_DESA,
    PERCENT,
    VOCABULARIES,
    Column,
    Kind,
)

# Where a row is, when it has no code: names matched inside the parent region the user names.
_NAME_COLUMNS = (
    Column(
        "kode_desa",
        "code",
        ("kode wilayah", "kode kelurahan", "kode desa", "kode", "kode kel", "kdepum"),
        example="36.72.01.1005",
    ),
    Column("provinsi", "text", ("prov", "nama provinsi"), example="Banten"),
    Column(
        "kabupaten_kota",
        "text",
        ("kab/kota", "kabupaten/kota", "kota", "kabupaten", "kab"),
        example="Kota Cilegon",
    ),
    Column(
        "kecamatan",
        "text",
        ("kec", "nama kecamatan"),
        example="Cibeber",
    ),
    Column(
        "desa_kelurahan",
        "text",
        (
            "desa/kelurahan",
            "kel",
            "kelurahan",
            "desa",
            "pekon",
            "nagari",
            "gampong",
            "nama desa",
            "nama kelurahan",
            "desa/kel",
        ),
        example="Karang Asem",
    ),
)
_NOTE = Column(
    "keterangan",
    "text",
    ("catatan", "ket", "sumber"),
)

#: The kind names with the columns that say where a row is (used for row matching).
LOCATION_COLUMNS = tuple(c.name for c in _NAME_COLUMNS)

KAMPUNG = Kind(
    "kampung",
    (
        *_NAME_COLUMNS,
        Column(
            "nama_kampung",
            "text",
            ("nama kampung kb", "nama kkb", "kampung", "nama kampung"),
            example="KKB Teratai",
        ),
        Column(
            "tanggal_pencanangan",
            "tanggal_or_year",
            ("tanggal pembentukan", "tgl pencanangan", "tahun pembentukan", "tahun pencanangan"),
            example="2023-03-15",
        ),
        Column("cakupan", "text", ("wilayah cakupan",), example="Desa"),
        Column(
            "nomor_sk",
            "text",
            ("sk", "no sk", "nomor sk"),
            example="B/100/KPTS/III.06/2024",
        ),
        Column(
            "lat",
            "float",
            ("latitude", "lintang"),
            example="-6.0",
            bounds=LATITUDE,
        ),
        Column(
            "lon",
            "float",
            ("longitude", "bujur", "lng"),
            example="106.0",
            bounds=LONGITUDE,
        ),
        _NOTE,
    ),
    key=("kode_desa",),
)

KEGIATAN = Kind(
    "kegiatan",
    (
        *_NAME_COLUMNS,
        Column(
            "nama_kampung",
            "text",
            ("nama kampung kb", "nama kkb", "kampung"),
        ),
        Column("tanggal", "date", ("date", "tgl", "tanggal kegiatan"), example="2024-05-27"),
        Column(
            "periode",
            "period",
            ("bulan", "periode laporan", "bulan laporan"),
            example="2024-05",
        ),
        Column(
            "jenis_kegiatan",
            "activity",
            ("kegiatan", "jenis", "program", "poktan", "jenis kegiatan"),
            required=True,
            example="BKB",
        ),
        Column(
            "jumlah",
            "int",
            ("frekuensi", "kali", "jumlah kegiatan"),
            example="2",
            bounds=(0, 1_000),
        ),
        Column("peserta", "int", ("jumlah peserta",), example="25", bounds=PEOPLE_IN_DESA),
        Column(
            "seksi",
            "seksi",
            ("fungsi keluarga", "fungsi"),
            example="Reproduksi",
        ),
        Column(
            "instansi",
            "agencies",
            ("mitra", "instansi pendukung", "instansi mitra"),
            example="Puskesmas; Dinkes",
        ),
        _NOTE,
    ),
    key=("kode_desa", "tanggal", "periode", "jenis_kegiatan", "seksi"),
)

_BOOL_ALIASES = ("pokja_ada", "pokja_terlatih", "plkb_pendamping", "regulasi")
_SET_ALIASES = ("sumber_dana", "program_aktif", "penggunaan_data", "mekanisme_operasional")
_COUNT_COLUMNS = (
    "pokja_anggota",
    "pus",
    "keluarga",
    "remaja",
    "keluarga_balita",
    "keluarga_remaja",
    "keluarga_lansia",
    "peserta_bkb",
    "peserta_bkr",
    "peserta_bkl",
    "peserta_uppka",
    "peserta_pikr",
    "kb_iud",
    "kb_mow",
    "kb_mop",
    "kb_kondom",
    "kb_implan",
    "kb_suntik",
    "kb_pil",
    "tidak_kb_hamil",
    "tidak_kb_ingin_anak_segera",
    "tidak_kb_iat",
    "tidak_kb_tial",
)
_EXTRA_ALIASES = {
    "pokja_ada": ("ada pokja", "pokja"),
    "pokja_anggota": ("anggota pokja", "jumlah anggota pokja"),
    "pokja_terlatih": ("pokja dilatih", "pelatihan pokja"),
    "plkb_pendamping": ("pkb/plkb", "plkb", "pkb"),
    "regulasi": ("sk", "regulasi/sk"),
    "instansi_mitra": ("mitra", "instansi"),
    "pus": ("jumlah pus",),
    "keluarga": ("jumlah keluarga", "kk"),
}
#: The profile's indicator columns, in tier-rule.md order.
PROFILE_COLUMNS = (
    "pokja_ada",
    "pokja_anggota",
    "pokja_terlatih",
    "sumber_dana",
    "program_aktif",
    "plkb_pendamping",
    "regulasi",
    "penggunaan_data",
    "mekanisme_operasional",
    "instansi_mitra",
    *_COUNT_COLUMNS[1:],
)

PROFIL = Kind(
    "profil",
    (
        *_NAME_COLUMNS,
        Column(
            "periode",
            "period",
            ("bulan", "periode laporan"),
            required=True,
            example="2024-05",
        ),
        *(Column(c, "bool", _EXTRA_ALIASES.get(c, ()), example="ya") for c in _BOOL_ALIASES),
        *(
            Column(
                c,
                f"set:{c}",
                _EXTRA_ALIASES.get(c, ()),
                example="; ".join(list(VOCABULARIES[c])[:2]),
            )
            for c in _SET_ALIASES
        ),
        Column(
            "instansi_mitra",
            "agencies",
            _EXTRA_ALIASES["instansi_mitra"],
            example="Dinkes; Puskesmas",
        ),
        *(
            Column(
                c,
                "int",
                _EXTRA_ALIASES.get(c, ()),
                example="0",
                bounds=(0, 1_000) if c == "pokja_anggota" else PEOPLE_IN_DESA,
            )
            for c in _COUNT_COLUMNS
        ),
        _NOTE,
    ),
    key=("kode_desa", "periode"),
)

KLASIFIKASI = Kind(
    "klasifikasi",
    (
        *_NAME_COLUMNS,
        Column("periode", "period", ("bulan",), required=True, example="2024-05"),
        Column(
            "klasifikasi",
            "tier",
            ("tingkat", "kategori", "strata", "klasifikasi kampung kb"),
            required=True,
            example="Mandiri",
        ),
        _NOTE,
    ),
    key=("kode_desa", "periode"),
)

_REGION_CODE = Column(
    "kode_wilayah",
    "code",
    ("kode", "kode wilayah", "kode prov", "kode kab", "kode kab/kota"),
    required=True,
    example="36.04",
)

TARGET = Kind(
    "target",
    (
        _REGION_CODE,
        Column("tahun", "year", ("year", "tahun target"), required=True, example="2023"),
        Column(
            "target_kampung",
            "int",
            ("target kampung kb", "target jumlah kampung", "target"),
            example="234",
            bounds=KAMPUNG_IN_REGION,
        ),
        Column(
            "target_mandiri_plus_persen",
            "float",
            ("target mandiri plus (%)", "target persen mandiri", "target mandiri persen"),
            example="40",
            bounds=PERCENT,
        ),
        Column(
            "target_mandiri_plus",
            "int",
            ("target mandiri", "target jumlah mandiri"),
            example="94",
            bounds=KAMPUNG_IN_REGION,
        ),
        _NOTE,
    ),
    key=("kode_wilayah", "tahun"),
    by_desa=False,
)

INDIKATOR = Kind(
    "indikator",
    (
        _REGION_CODE,
        Column(
            "periode",
            "period_or_year",
            ("tahun", "bulan", "year"),
            required=True,
            example="2024",
        ),
        Column(
            "indikator",
            "text",
            ("nama indikator", "variabel"),
            example="prevalensi stunting (%)",
        ),
        Column(
            "nilai",
            "float",
            ("value", "angka"),
            example="21.5",
            bounds=INDICATOR_VALUE,
        ),
        Column("satuan", "text", ("unit",), example="%"),
        _NOTE,
    ),
    key=("kode_wilayah", "periode", "indikator"),
    keeps_extra_columns=True,
    by_desa=False,
)

KINDS: dict[str, Kind] = {k.name: k for k in (KAMPUNG, KEGIATAN, PROFIL, KLASIFIKASI, TARGET, INDIKATOR)}
#: `batas` (boundaries) is read by kkb_dashboard.storage.boundaries, not by the tabular readers.
ALL_KINDS = (*KINDS, "batas")
