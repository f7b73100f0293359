"""The building blocks of the data dictionary: header matching, Column and Kind, number ranges, and the
controlled vocabularies (tiers, activity types, family functions, profile sets, partner agencies).

`kinds.py` builds the six file kinds from these; `schema` re-exports both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def header_key(text: object) -> str:
    """Header matching ignores case, spaces and punctuation: `Kode Wilayah` and `kode_wilayah` → `kodewilayah`."""
    return re.sub(r"[^0-9a-z]", "", str(text).lower()) if text is not None else ""


@dataclass(frozen=True)
class Column:
    """One column of a file kind.

    `type` is one of: text, code, int, float, bool, date, period, year, tanggal_or_year, tier,
    activity, seksi, agencies, or `set:<vocabulary>` for `;`-separated names from VOCABULARIES.
    `bounds` (low, high) is the plausible range of a number column: a value outside it rejects the row.
    Every int column has one (a count is never negative); every number must be finite.
    """

    name: str
    type: str = "text"
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""
    bounds: tuple[float, float] | None = None

    def keys(self) -> set[str]:
        """All header spellings that name this column, as `header_key` sees them."""
        return {header_key(self.name), *(header_key(a) for a in self.aliases)}


@dataclass(frozen=True)
class Kind:
    """A file kind: its columns, the columns that identify a row (for duplicates and re-imports). What a row of
    it is, in words, is a text of each language (`data_page.kind_<name>` in the i18n catalogue)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    #: `indikator` in wide form keeps every unknown column as an indicator.
    keeps_extra_columns: bool = False
    #: identifies its row by a Kampung KB (kode_desa or names); otherwise by `kode_wilayah`.
    by_desa: bool = True
    extra: dict = field(default_factory=dict)

    def column(self, name: str) -> Column:
        """The column called `name`."""
        return next(c for c in self.columns if c.name == name)


#: Plausible ranges of numbers. A Kampung KB is one desa/kelurahan: the most populous have a few hundred
#: thousand inhabitants, so a count of people or families there stays below PEOPLE_IN_DESA.
PEOPLE_IN_DESA = (0, 500_000)
#: A region's number of Kampung KB: Indonesia has fewer than 100 000 desa/kelurahan.
KAMPUNG_IN_REGION = (0, 100_000)
PERCENT = (0, 100)
#: Degrees; a lat and lon swapped stay inside (and get the "outside Indonesia" warning, which says so).
LATITUDE = (-180, 180)
LONGITUDE = (-180, 180)
#: Regional indicators hold anything from a rate to a budget in rupiah: only absurd magnitudes are refused.
INDICATOR_VALUE = (-1e15, 1e15)

ACTIVITY_TYPES: dict[str, tuple[str, ...]] = {
    "BKB": ("Bina Keluarga Balita",),
    "BKR": ("Bina Keluarga Remaja",),
    "BKL": ("Bina Keluarga Lansia",),
    "UPPKA": (
        "UPPKS",
        "Usaha Peningkatan Pendapatan Keluarga Akseptor",
        "Usaha Peningkatan Pendapatan Keluarga Sejahtera",
    ),
    "PIK-R": ("PIK R", "PIKR", "PIK Remaja", "Pusat Informasi dan Konseling Remaja"),
    "Posyandu": (),
    "Posyandu Remaja": ("Posremaja", "Posyandu Rem"),
    "PAUD": (),
    "KIE": ("penyuluhan", "Komunikasi Informasi dan Edukasi", "KIE penyuluhan"),
    "Advokasi": (),
    "Pelayanan KB": ("pelayanan KB-KR", "Pelayanan KBKR", "Pelayanan KB KR", "Yan KB"),
    "Rumah DataKu": ("Rumah Dataku", "RDK", "Rumah Data Kependudukan"),
    "Dashat": ("Dapur Sehat Atasi Stunting", "DASHAT"),
    "Pertemuan Pokja": ("Rapat Pokja", "Pokja"),
    "Staff meeting / Minilok": ("Staff meeting", "Minilok", "Lokakarya mini", "Staf meeting"),
    "Pertemuan kader IMP": ("Kader IMP", "Pertemuan IMP", "Rapat kader IMP"),
    "Lainnya": ("Lain-lain", "Lain lain", "Other"),
}

FAMILY_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "Agama": ("keagamaan",),
    "Sosial Budaya": ("sosial-budaya", "sosbud"),
    "Cinta Kasih": ("cinta dan kasih sayang", "kasih sayang"),
    "Perlindungan": (),
    "Reproduksi": (),
    "Sosialisasi dan Pendidikan": ("sosialisasi & pendidikan", "pendidikan", "sosialisasi pendidikan"),
    "Ekonomi": (),
    "Pembinaan Lingkungan": ("lingkungan", "pembinaan lingkungan hidup"),
    "Lainnya": ("lain-lain",),
}

#: Controlled vocabularies of the profile's set columns: canonical name → accepted spellings.
VOCABULARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "sumber_dana": {
        "APBN": (),
        "APBD": ("APBD Provinsi", "APBD Kabupaten", "APBD Kota"),
        "Dana Desa": ("DD", "APBDes", "ADD", "Alokasi Dana Desa"),
        "Donasi/Hibah": ("Donasi", "Hibah", "Donasi Hibah"),
        "CSR": (),
        "Swadaya": ("Swadaya masyarakat",),
    },
    "program_aktif": {
        "BKB": (),
        "BKR": (),
        "BKL": (),
        "UPPKA": ("UPPKS",),
        "PIK-R": ("PIKR", "PIK R", "PIK Remaja"),
        "Sekretariat KKB": ("Sekretariat", "Sekretariat Kampung KB"),
        "Rumah DataKu": ("Rumah Dataku", "RDK"),
        "Pelayanan KB-KR": ("Pelayanan KB", "Pelayanan KBKR", "Yan KB"),
        "Kependudukan": (),
        "Sektor Lain": ("Lintas sektor", "Sektor lainnya"),
    },
    "penggunaan_data": {
        "PK dan pemutakhiran": ("PK", "PK & updates", "Pendataan Keluarga", "PK dan update", "PK & pemutakhiran"),
        "Data rutin BKKBN": ("Data rutin", "routine BKKBN data", "Data rutin BKKBN"),
        "Potensi Desa": ("Podes", "Profil desa"),
        "Data sektoral": ("sector data", "Data sektor", "Data sektoral lain"),
        "Lainnya": ("other", "Lain-lain"),
    },
    "mekanisme_operasional": {
        "Rapat perencanaan": ("planning meeting", "Perencanaan"),
        "Rapat koordinasi": ("coordination meeting", "Koordinasi", "Rakor"),
        "Sosialisasi": ("socialisation", "socialization"),
        "Monitoring dan evaluasi": ("Monev", "monitoring & evaluation", "Monitoring & evaluasi"),
        "Penyusunan laporan": ("report writing", "Pelaporan", "Laporan"),
    },
}

#: Partner agencies with common spellings. Any other name is kept as written (the set is open).
AGENCIES: dict[str, tuple[str, ...]] = {
    "Dinkes": ("Dinas Kesehatan",),
    "Puskesmas": ("PKM",),
    "Dukcapil": ("Disdukcapil",),
    "PUPR": ("Dinas PUPR",),
    "BPS": (),
    "Kemenag": ("KUA", "Kementerian Agama"),
    "Dinsos": ("Dinas Sosial",),
    "Disdik": ("Dinas Pendidikan", "Disdikbud"),
    "CSR": (),
    "TP PKK": ("PKK",),
    "Babinsa": ("TNI",),
    "Bhabinkamtibmas": ("Polri",),
    "DPMD": ("Dinas PMD", "DPMPD"),
    # The program's own offices: never counted as partners (tier-rule.md, indicator 8).
    "OPD PPKB": ("DP3AP2KB", "DPPKB", "Dinas PPKB", "OPD KB", "DP2KB", "DP3AKB", "DPPKBP3A", "DP2KBP3A"),
    "Perwakilan BKKBN": ("BKKBN", "Perwakilan BKKBN Provinsi", "Kemendukbangga", "Kemendukbangga/BKKBN"),
}
OWN_OFFICES = frozenset({"OPD PPKB", "Perwakilan BKKBN"})

TIERS = ("Dasar", "Berkembang", "Mandiri", "Berkelanjutan")
MANDIRI_PLUS = ("Mandiri", "Berkelanjutan")


def canonical_lookup(vocabulary: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """header_key(spelling) → canonical name, for every canonical name and its spellings."""
    lookup = {}
    for canonical, spellings in vocabulary.items():
        for spelling in (canonical, *spellings):
            lookup[header_key(spelling)] = canonical
    return lookup
