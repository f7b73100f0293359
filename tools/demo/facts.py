"""The demo's fixed inputs: months, regions, published facts and notes, the tier rule's shape (from
`rules.tier_rule`), the bands and preferences the generator draws from, and the `Village` it plans."""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

from kkb_dashboard import config
from kkb_dashboard.rules import regions, schema, tier_rule
from kkb_dashboard.rules.schema import header_key

SEED = 2024
DEMO_DIR = config.demo_dir()
SINTETIS = "SINTETIS"
MONTHS = tuple(f"{year}-{month:02d}" for year in (2023, 2024) for month in range(1, 13))
QUARTERS = tuple(m for m in MONTHS if m[5:] in ("01", "04", "07", "10"))
LAST_MONTH = MONTHS[-1]
#: Months with no activity reported by the villages that "stopped reporting".
SILENT_MONTHS = MONTHS[-3:]

CILEGON, SERANG, LAMPUNG_BARAT, DEPOK = "36.72", "36.04", "18.04", "32.76"
DEMO_REGIONS = (SERANG, CILEGON, LAMPUNG_BARAT, DEPOK)

# ---- published facts (data-model.md, "Published figures to reproduce") ----
CILEGON_2023 = (
    ("Teratai", "Karang Asem"),
    ("Kosambi", "Panggung Rawi"),
    ("Melati", "Rawa Arum"),
    ("Wijaya Kusuma", "Taman Sari"),
    ("Asafa", "Tegal Bunder"),
    ("Raudhatunnisa", "Bagendung"),
    ("Tulip", "Cikerai"),
    ("Rampai", "Deringo"),
    ("Lumba-Lumba", "Kepuh"),
    ("Sakura", "Gerem"),
    ("Kemangi", "Kota Bumi"),
    ("", "Banjar Negara"),
    ("", "Sukmajaya"),
)
CILEGON_POKJA_2024 = (
    "Ciwedus",
    "Bendungan",
    "Bulakan",
    "Kalitimbang",
    "Kubangsari",
    "Banjarnegara",
    "Warnasari",
    "Citangkil",
    "Sukmajaya",
    "Kebon Dalem",
    "Kotasari",
    "Lebak Gede",
)
#: News spellings that no case/space normalisation turns into the code list's name.
NEWS_SPELLINGS = {"deringo": "Dringo"}
LAMPUNG_BARAT_SK = "B/100/KPTS/III.06/2024"

NOTE_CILEGON = "Berita 2023: 13 Kampung KB Kota Cilegon"
NOTE_POKJA = (
    "Terdaftar dari berita rapat Pokja 12 kelurahan Kota Cilegon, 27 Mei 2024 (tanggal pembentukan tidak diketahui)"
)
NOTE_POKJA_MEETING = "Data nyata (berita): rapat Pokja Kampung KB 12 kelurahan Kota Cilegon, 27 Mei 2024"
NOTE_LAMPUNG = (
    f"SK Bupati Lampung Barat No. {LAMPUNG_BARAT_SK} (Mei 2024): seluruh 136 pekon dan kelurahan ditetapkan Kampung KB"
)
NOTE_MAMPANG = (
    "Berita Okt 2024: Kelurahan Mampang (Kec. Pancoran Mas) dipilih mewakili Kota Depok "
    "pada penilaian Kampung KB tingkat provinsi 2025"
)
NOTE_REPORTED = "dilaporkan (berita 2023)"

# ---- the tier rule's shape (tier-rule.md, from `tier_rule`): 12 scores in three indices ----
#: Index letter → (first, end) position of its scores in SCORE_NAMES.
INDICES = {
    group[0].upper(): (tier_rule.SCORE_NAMES.index(names[0]), tier_rule.SCORE_NAMES.index(names[-1]) + 1)
    for group, names in tier_rule.INDEX_SCORES.items()
}
PASS_SUM = {group[0].upper(): total for group, total in tier_rule.INDEX_PASS_SUM.items()}
MAX_SCORE = tuple(tier_rule.MAX_SCORE[name] for name in tier_rule.SCORE_NAMES)
MAX_SUM = {ix: sum(MAX_SCORE[a:b]) for ix, (a, b) in INDICES.items()}


def _count_bands(edges: tuple[int, ...], most: int) -> dict[int, tuple[int, int]]:
    """Score → (fewest, most) whole numbers that give it, for a count scored by `edges` (BANDS) up to `most`."""
    lows = (0, *edges)
    return {s + 1: (lo, (lows[s + 1] - 1) if s + 1 < len(lows) else most) for s, lo in enumerate(lows)}


def _percent_bands(name: str) -> dict[int, tuple[int, int]]:
    """Score → (lowest, highest) rounded percentage that gives it (unmet need: lower is better)."""
    if name in tier_rule.LOWER_IS_BETTER:
        highs = (100, *tier_rule.BANDS[name])
        return {s + 1: ((highs[s + 1] + 1) if s + 1 < len(highs) else 0, high) for s, high in enumerate(highs)}
    return _count_bands(tier_rule.BANDS[name], 100)


#: Preference weights: the likelier items come first in a village's (shuffled) order.
ORDERS = {
    "sumber_dana": {"Dana Desa": 6, "APBD": 4, "Swadaya": 3, "APBN": 2, "CSR": 1, "Donasi/Hibah": 1},
    "program": {
        "BKB": 8,
        "Pelayanan KB-KR": 5,
        "BKR": 4,
        "BKL": 4,
        "UPPKA": 3,
        "PIK-R": 2,
        "Kependudukan": 2,
        "Sektor Lain": 1,
    },
    "fasilitas": {"Sekretariat KKB": 5, "Rumah DataKu": 2},
    "penggunaan_data": {
        "PK dan pemutakhiran": 6,
        "Data rutin BKKBN": 4,
        "Potensi Desa": 3,
        "Data sektoral": 2,
        "Lainnya": 1,
    },
    "mekanisme_operasional": {
        "Rapat koordinasi": 5,
        "Sosialisasi": 5,
        "Penyusunan laporan": 3,
        "Rapat perencanaan": 2,
        "Monitoring dan evaluasi": 2,
    },
    "instansi_mitra": {
        "Puskesmas": 9,
        "TP PKK": 8,
        "Dinkes": 5,
        "Kemenag": 4,
        "Babinsa": 4,
        "Bhabinkamtibmas": 3,
        "DPMD": 3,
        "Dukcapil": 2,
        "Disdik": 2,
        "Dinsos": 2,
        "BPS": 1,
        "PUPR": 1,
        "CSR": 1,
    },
}
#: The score each set column's items count for (BANDS name), and Score → (fewest, most) items that give it.
_SET_SCORES = {
    "sumber_dana": "sumber_dana",
    "program": "program",
    "fasilitas": "sarana",
    "penggunaan_data": "penggunaan_data",
    "mekanisme_operasional": "mekanisme",
    "instansi_mitra": "mitra",
}
SET_BANDS = {key: _count_bands(tier_rule.BANDS[name], len(ORDERS[key])) for key, name in _SET_SCORES.items()}


def _output_bands(name: str, targets: dict[int, tuple[float, float]]) -> dict[int, tuple[tuple, tuple[int, int]]]:
    return {score: (targets[score], band) for score, band in _percent_bands(name).items()}


#: Output scores 9–12: (target range drawn from, band of rounded percentages that gives the score).
POKTAN = _output_bands("poktan", {1: (3, 7), 2: (13, 17), 3: (23, 28), 4: (34, 46)})
CPR = _output_bands("cpr", {1: (18, 26), 2: (32, 38), 3: (43, 48), 4: (54, 66)})
MKJP = _output_bands("mkjp", {1: (8, 17), 2: (21, 21), 3: (23.5, 23.5), 4: (26, 38)})
UNMET = _output_bands("unmet_need", {1: (13.5, 18), 2: (10.5, 11.5), 3: (7.5, 8.5), 4: (2, 5.5)})

# ---- activities: (jenis, monthly probability, program needed, peserta range, seksi) ----
ACTIVITIES = (
    ("Posyandu", 0.9, None, (25, 90), "Perlindungan"),
    ("BKB", 0.8, "BKB", (12, 45), "Sosialisasi dan Pendidikan"),
    ("BKR", 0.45, "BKR", (8, 30), "Reproduksi"),
    ("BKL", 0.45, "BKL", (10, 35), "Perlindungan"),
    ("UPPKA", 0.3, "UPPKA", (5, 20), "Ekonomi"),
    ("PIK-R", 0.25, "PIK-R", (10, 40), "Reproduksi"),
    ("Pelayanan KB", 0.35, "Pelayanan KB-KR", (5, 30), "Reproduksi"),
    ("KIE", 0.3, None, (15, 60), None),
    ("Dashat", 0.15, None, (10, 30), "Pembinaan Lingkungan"),
    ("Rumah DataKu", 0.2, "Rumah DataKu", (3, 10), "Lainnya"),
    ("Pertemuan Pokja", 0.2, "pokja", (6, 20), "Lainnya"),
    ("Posyandu Remaja", 0.1, None, (10, 40), "Reproduksi"),
    ("PAUD", 0.1, None, (10, 40), "Sosialisasi dan Pendidikan"),
    ("Staff meeting / Minilok", 0.08, None, (5, 15), "Lainnya"),
    ("Pertemuan kader IMP", 0.08, None, (5, 20), "Reproduksi"),
    ("Advokasi", 0.03, None, (5, 20), "Lainnya"),
)
KIE_SEKSI = tuple(f for f in schema.FAMILY_FUNCTIONS if f != "Lainnya")

# ---- the tier plan: counts of pass patterns (which indices pass) and upgrades between checkpoints ----
#: Checkpoints: the profile as of 2023-12 is the 2023-10 one, as of 2024-12 the 2024-10 one.
C1, C2 = "2023-10", "2024-10"
SERANG_C1 = {"": 40, "I": 40, "P": 20, "O": 24, "IP": 70, "IO": 20, "PO": 10, "IPO": 10}  # 40 Mandiri plus
SERANG_UPGRADES = (
    ("O", "IO", 8),
    ("I", "IO", 4),
    ("IP", "IPO", 7),  # +19 Mandiri plus → 59 (25 %)
    ("", "I", 10),
    ("I", "IP", 12),
    ("P", "IP", 8),
    ("IO", "IPO", 5),
)
CILEGON_C1 = {"": 2, "I": 2, "P": 1, "O": 1, "IP": 3, "IO": 2, "PO": 1, "IPO": 1}
CILEGON_UPGRADES = (("IP", "IPO", 1), ("I", "IP", 1), ("O", "IO", 1))
CILEGON_NEW_C2 = {"": 3, "I": 2, "O": 1, "IP": 3, "IO": 1}
LAMPUNG_C2 = {"": 60, "I": 25, "P": 10, "O": 8, "IP": 23, "IO": 6, "PO": 2, "IPO": 2}
#: Villages per region that report no activity in the last three months.
STOPPED = {SERANG: 16, CILEGON: 2}
#: Share of villages that leave `instansi_mitra` empty (the count then comes from their kegiatan).
FROM_KEGIATAN_SHARE = 0.2

#: Family-count ranges (keluarga) per kind of Kampung KB.
FAMILIES = {
    "Desa": (600, 2500),
    "Dusun": (220, 600),
    "RW": (200, 420),
    "kota": (1500, 6000),
    "pekon": (250, 1100),
    "Mampang": (7000, 7600),
}


@dataclass
class Village:
    """One Kampung KB: its register row and its synthetic plan (patterns at checkpoints, score path)."""

    kode: str
    nama_kampung: str = ""
    tanggal: str = ""
    cakupan: str = ""
    nomor_sk: str = ""
    keterangan: str = ""
    start: str = MONTHS[0]  # first month with synthetic profile and activity data
    end: str = C2  # last profile step
    size: str = "Desa"  # key of FAMILIES
    base: tuple[int, ...] = (1,) * 12
    patterns: dict[str, str] = field(default_factory=dict)  # checkpoint month → pattern
    from_kegiatan: bool = False  # instansi_mitra left empty
    stopped: bool = False
    own_office: bool = False  # also names OPD PPKB among partners (never counted)
    steps: list[str] = field(default_factory=list)
    scores: list[tuple[int, ...]] = field(default_factory=list)

    @property
    def region(self) -> str:
        """The kabupaten/kota code."""
        return self.kode[:5]


def seeded_rng(seed: int, *parts: object) -> random.Random:
    """A generator for one village and one thing: stable whatever else the generator draws."""
    return random.Random("|".join(map(str, (seed, *parts))))


def month_after(date_text: str) -> str:
    """The first month after a `YYYY-MM(-DD)` date; a bare year counts from its January."""
    if len(date_text) == 4:
        return f"{date_text}-01"
    year, month = int(date_text[:4]), int(date_text[5:7])
    return f"{year + month // 12}-{month % 12 + 1:02d}"


def code_in(parent: str, name: str) -> str:
    """The desa/kelurahan code of `name` inside `parent`, matching as the code list spells it."""
    wanted = header_key(NEWS_SPELLINGS.get(header_key(name), name))
    found = regions.descendants(parent, 4)
    hits = found[found["nama"].map(header_key) == wanted]
    if len(hits) != 1:
        raise LookupError(f"{name!r} in {parent}: {len(hits)} matches")
    return hits["kode"].iloc[0]


@functools.cache
def pokja_codes() -> frozenset[str]:
    """The 12 Cilegon kelurahan whose Pokja met on 27 May 2024."""
    return frozenset(code_in(CILEGON, desa) for desa in CILEGON_POKJA_2024)
