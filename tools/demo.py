"""The demo dataset: published Kampung KB facts plus a seeded synthetic layer, one CSV per file kind.

Real rows (registers, targets and indicators as reported in the news, 2023–2024) say where they come from in
`keterangan`; every generated row says SINTETIS there. Profiles are built backwards from a planned tier per
Kampung KB (which of the Input/Proses/Output indices pass), so the tier mix is chosen, not left to chance,
and a few villages sit one step below the next tier. Run `python -m tools.demo` to rewrite `data/demo`.
"""

from __future__ import annotations

import csv
import functools
import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kkb_dashboard import config, regions, schema
from kkb_dashboard.rules import tier_rule
from kkb_dashboard.schema import header_key

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


def _rng(seed: int, *parts: object) -> random.Random:
    """A generator for one village and one thing: stable whatever else the generator draws."""
    return random.Random("|".join(map(str, (seed, *parts))))


def _month_after(date_text: str) -> str:
    """The first month after a `YYYY-MM(-DD)` date; a bare year counts from its January."""
    if len(date_text) == 4:
        return f"{date_text}-01"
    year, month = int(date_text[:4]), int(date_text[5:7])
    return f"{year + month // 12}-{month % 12 + 1:02d}"


def _code_in(parent: str, name: str) -> str:
    """The desa/kelurahan code of `name` inside `parent`, matching as the code list spells it."""
    wanted = header_key(NEWS_SPELLINGS.get(header_key(name), name))
    found = regions.descendants(parent, 4)
    hits = found[found["nama"].map(header_key) == wanted]
    if len(hits) != 1:
        raise LookupError(f"{name!r} in {parent}: {len(hits)} matches")
    return hits["kode"].iloc[0]


# ---------------------------------------------------------------- the register


def _cilegon() -> list[Village]:
    """The 13 of 2023 and the Pokja kelurahan of 27 May 2024 not already among them."""
    villages = [
        Village(_code_in(CILEGON, desa), f"KKB {nama}" if nama else "", "2023", keterangan=NOTE_CILEGON, size="kota")
        for nama, desa in CILEGON_2023
    ]
    known = {v.kode for v in villages}
    for desa in CILEGON_POKJA_2024:
        kode = _code_in(CILEGON, desa)
        if kode not in known:
            villages.append(Village(kode, tanggal="2024", keterangan=NOTE_POKJA, start="2024-01", size="kota"))
    for v in villages:
        if v.kode in _pokja_codes():
            v.base = (2, *v.base[1:])  # a Pokja that meets exists
    return villages


def _lampung_barat() -> list[Village]:
    """All 136 pekon and kelurahan, designated by one SK Bupati in May 2024."""
    codes = regions.descendants(LAMPUNG_BARAT, 4)["kode"]
    base = (1, 1, 1, 1, 2, *(1,) * 7)  # the SK is a founding regulation
    return [
        Village(
            k,
            tanggal="2024-05",
            cakupan="Desa",
            nomor_sk=LAMPUNG_BARAT_SK,
            keterangan=NOTE_LAMPUNG,
            start=_month_after("2024-05"),
            size="pekon",
            base=base,
        )
        for k in codes
    ]


def _mampang() -> Village:
    """Kelurahan Mampang (Kec. Pancoran Mas), Depok's candidate in the 2025 provincial assessment."""
    kode = _code_in(DEPOK, "Mampang")
    assert regions.name_of(regions.parent_of(kode)) == "Pancoran Mas"
    return Village(kode, keterangan=NOTE_MAMPANG, size="Mampang", patterns={MONTHS[0]: "IO", C1: "IPO", C2: "IPO"})


def _serang(rng: random.Random, seed: int) -> list[Village]:
    """234 of Kabupaten Serang's 326 desa, formed 2017–2023: synthetic."""
    desa = regions.descendants(SERANG, 4)
    names = dict(zip(desa["kode"], desa["nama"], strict=True))
    chosen = sorted(rng.sample(sorted(names), 234))
    note = f"{SINTETIS} (data demo, generator kkb_dashboard.demo seed {seed})"
    villages = []
    for kode in chosen:
        year = rng.choices(range(2017, 2024), weights=(2, 4, 4, 3, 3, 3, 2))[0]
        month, day = rng.randint(1, 9 if year == 2023 else 12), rng.randint(1, 28)
        cakupan = rng.choices(("Desa", "Dusun", "RW"), weights=(7, 2, 1))[0]
        tanggal = f"{year}-{month:02d}-{day:02d}"
        villages.append(
            Village(
                kode,
                f"KKB {names[kode]}",
                tanggal,
                cakupan,
                keterangan=note,
                size=cakupan,
                start=max(MONTHS[0], _month_after(tanggal)),
            )
        )
    return villages


def register(seed: int = SEED) -> list[Village]:
    """Every Kampung KB of the demo, with its tier plan and score path, ordered by code."""
    rng = random.Random(seed)
    serang, cilegon, lampung, mampang = _serang(rng, seed), _cilegon(), _lampung_barat(), _mampang()
    _plan_checkpoints(serang, SERANG_C1, SERANG_UPGRADES, rng)
    _plan_checkpoints([v for v in cilegon if v.start < C1], CILEGON_C1, CILEGON_UPGRADES, rng)
    _plan_checkpoints([v for v in cilegon if v.start > C1], None, (), rng, CILEGON_NEW_C2)
    _plan_checkpoints(lampung, None, (), rng, LAMPUNG_C2)
    villages = sorted([*serang, *cilegon, *lampung, mampang], key=lambda v: v.kode)
    _choose_reporting(villages, rng)
    for v in villages:
        _plan_path(v, rng, seed)
    return villages


# ---------------------------------------------------------------- the tier plan


def tier_of(pattern: str) -> str:
    """The tier when the indices named in `pattern` ("I", "P", "O") pass (`tier_rule.tier_index`)."""
    passes = (np.array([letter in pattern]) for letter in INDICES)
    return schema.TIERS[int(tier_rule.tier_index(*passes)[0])]


def _deal(villages: list[Village], counts: dict[str, int], rng: random.Random) -> list[str]:
    """Patterns for `villages` in the exact numbers of `counts`, shuffled."""
    patterns = [p for p, n in counts.items() for _ in range(n)]
    assert len(patterns) == len(villages), (len(patterns), len(villages))
    rng.shuffle(patterns)
    return patterns


def _plan_checkpoints(
    villages: list[Village],
    c1: dict[str, int] | None,
    upgrades: tuple,
    rng: random.Random,
    c2: dict[str, int] | None = None,
) -> None:
    """Set each village's pattern at 2023-10 and 2024-10, then a start pattern a step or none below."""
    if c1:
        for v, p in zip(villages, _deal(villages, c1, rng), strict=True):
            v.patterns = {C1: p, C2: p}
        for source, target, n in upgrades:
            pool = [v for v in villages if v.patterns[C1] == source == v.patterns[C2]]
            for v in rng.sample(pool, n):
                v.patterns[C2] = target
    else:
        for v, p in zip(villages, _deal(villages, c2, rng), strict=True):
            v.patterns = {C2: p}
    for v in villages:
        first = v.patterns[min(v.patterns)]
        if v.start < min(v.patterns):
            drop = rng.choice(first) if first and rng.random() < 0.4 else ""
            v.patterns[v.start] = first.replace(drop, "") if drop else first


def _choose_reporting(villages: list[Village], rng: random.Random) -> None:
    """Who leaves instansi_mitra empty, who names its own office, who stops reporting in the last quarter."""
    for v in villages:
        v.from_kegiatan = rng.random() < FROM_KEGIATAN_SHARE
        v.own_office = rng.random() < 0.3
    for region, n in STOPPED.items():
        pool = [v for v in villages if v.region == region and not v.from_kegiatan and v.start <= "2024-04"]
        for v in rng.sample(pool, n):
            v.stopped, v.end = True, "2024-07"
            v.patterns[v.end] = v.patterns.pop(C2)


def _sums_for(
    pattern: str, cap: dict[str, int], low: dict[str, int], near: float, rng: random.Random
) -> dict[str, int]:
    """Index sums (of the scores) that pass exactly the indices in `pattern`, none above `cap`."""
    sums = {}
    for ix in INDICES:
        if ix in pattern:
            sums[ix] = rng.randint(PASS_SUM[ix], min(cap[ix], PASS_SUM[ix] + 2))
        else:
            top = min(cap[ix], PASS_SUM[ix] - 1)
            sums[ix] = top if rng.random() < near else rng.randint(low[ix], top)
    return sums


def _anchor_sums(v: Village, rng: random.Random) -> dict[str, dict[str, int]]:
    """Index sums at the checkpoints, latest first so that they never fall over time."""
    low = {ix: sum(v.base[a:b]) for ix, (a, b) in INDICES.items()}
    cap, out = dict(MAX_SUM), {}
    for month in sorted(v.patterns, reverse=True):
        # Near the next tier: a failing index one score short of passing, more often at the last checkpoint.
        out[month] = cap = _sums_for(v.patterns[month], cap, low, 0.35 if month == v.end else 0.15, rng)
    return out


def _plan_path(v: Village, rng: random.Random, seed: int) -> None:
    """Profile steps (first month, then each quarter) with scores rising to the planned index sums."""
    v.steps = sorted({v.start, *(q for q in QUARTERS if v.start < q <= v.end)})
    anchors = _anchor_sums(v, rng)
    marks = [i for i, m in enumerate(v.steps) if m in anchors]
    sums = {}
    for i, j in zip(marks, marks[1:] + marks[-1:], strict=True):
        a, b = anchors[v.steps[i]], anchors[v.steps[j]]
        for k in range(i, j + 1):
            sums[k] = {ix: a[ix] + (b[ix] - a[ix]) * (k - i) // max(j - i, 1) for ix in INDICES}
    draw, scores = _rng(seed, v.kode, "scores"), list(v.base)
    v.scores = []
    for k in range(len(v.steps)):
        for ix, (a, b) in INDICES.items():
            while sum(scores[a:b]) < sums[k][ix]:
                scores[draw.choice([s for s in range(a, b) if scores[s] < MAX_SCORE[s]])] += 1
        v.scores.append(tuple(scores))


def pattern_of(scores: tuple[int, ...]) -> str:
    """Which indices pass for these 12 scores."""
    return "".join(ix for ix, (a, b) in INDICES.items() if sum(scores[a:b]) >= PASS_SUM[ix])


def scores_as_of(v: Village, month: str) -> tuple[int, ...] | None:
    """The planned scores of the latest profile step on or before `month` (None before the first)."""
    done = [s for m, s in zip(v.steps, v.scores, strict=True) if m <= month]
    return done[-1] if done else None


# ---------------------------------------------------------------- profiles


def _order(seed: int, kode: str, name: str) -> list[str]:
    """A village's own order of a vocabulary: likelier items first, the rest shuffled."""
    rng = _rng(seed, kode, "order", name)
    weights = ORDERS[name]
    return sorted(weights, key=lambda item: -rng.random() * weights[item])


def _prefix(seed: int, kode: str, name: str, score: int) -> list[str]:
    """The items of a set column that give `score`: a prefix of the village's order, so sets only grow."""
    lo, hi = SET_BANDS[name][score]
    return _order(seed, kode, name)[: _rng(seed, kode, "n", name, score).randint(lo, hi)]


def _set_text(items: list[str]) -> str:
    """`;`-separated; "tidak ada" says none explicitly (an empty instansi_mitra means "take it from kegiatan")."""
    return ";".join(items) if items else "tidak ada"


def _families(v: Village, seed: int, year: int) -> dict[str, int]:
    """Family counts, growing a little from 2023 to 2024."""
    rng = _rng(seed, v.kode, "keluarga")
    keluarga = rng.randint(*FAMILIES[v.size])
    shares = {
        "pus": (0.55, 0.7),
        "remaja": (0.6, 0.9),
        "keluarga_balita": (0.2, 0.3),
        "keluarga_remaja": (0.25, 0.35),
        "keluarga_lansia": (0.15, 0.3),
    }
    counts = {"keluarga": keluarga, **{k: round(keluarga * rng.uniform(*r)) for k, r in shares.items()}}
    growth = 1 + rng.uniform(0.005, 0.02) if year == 2024 else 1
    return {k: round(n * growth) for k, n in counts.items()}


def _pct(count: int, denom: int) -> int:
    """The portal's rounded percentage (ties to even)."""
    return round(count * 100 / denom) if denom else 0


def _is_tie(count: int, denom: int) -> bool:
    """True when count/denom×100 ends in exactly .5: avoided, as float rounding may go either way."""
    return denom > 0 and (200 * count) % denom == 0 and (200 * count // denom) % 2 == 1


def _count_in_band(denom: int, target: float, band: tuple[int, int]) -> int | None:
    """A count near target % of denom whose rounded percentage is in band, or None."""
    guess = round(target * denom / 100)
    for k in sorted(range(max(0, guess - 4), min(denom, guess + 4) + 1), key=lambda k: abs(k - guess)):
        if band[0] <= _pct(k, denom) <= band[1] and not _is_tie(k, denom):
            return k
    return None


def _poktan(fam: dict[str, int], score: int, rng: random.Random) -> dict[str, int]:
    """Poktan participants whose mean rounded percentage lands in the band of `score`."""
    columns = {
        "peserta_bkb": "keluarga_balita",
        "peserta_bkr": "keluarga_remaja",
        "peserta_bkl": "keluarga_lansia",
        "peserta_uppka": "keluarga",
        "peserta_pikr": "remaja",
    }
    (lo, hi), band = POKTAN[score]
    target, factors = rng.uniform(lo, hi), [rng.uniform(0.6, 1.4) for _ in columns]
    mean = sum(factors) / len(factors)
    counts = {c: round(target * f / mean * fam[d] / 100) for (c, d), f in zip(columns.items(), factors, strict=True)}
    for c, d in columns.items():
        while _is_tie(counts[c], fam[d]):
            counts[c] += 1
    assert band[0] <= round(sum(_pct(counts[c], fam[d]) for c, d in columns.items()) / 5) <= band[1]
    return counts


def _contraception(fam: dict[str, int], cpr: int, mkjp: int, rng: random.Random) -> dict[str, int]:
    """Users by method: CPR and MKJP share in the bands of their scores."""
    pus = fam["pus"]
    users = _count_in_band(pus, rng.uniform(*CPR[cpr][0]), CPR[cpr][1])
    long_acting = None
    while long_acting is None:  # a few users more when no count gives the narrow MKJP band
        long_acting = _count_in_band(users, rng.uniform(*MKJP[mkjp][0]), MKJP[mkjp][1])
        users += long_acting is None
    assert CPR[cpr][1][0] <= _pct(users, pus) <= CPR[cpr][1][1] and not _is_tie(users, pus)
    iud, mow = round(long_acting * rng.uniform(0.3, 0.4)), round(long_acting * rng.uniform(0.08, 0.15))
    mop = min(long_acting - iud - mow, round(long_acting * 0.02))
    short = users - long_acting
    suntik, pil = round(short * rng.uniform(0.6, 0.7)), round(short * rng.uniform(0.22, 0.3))
    return {
        "kb_iud": iud,
        "kb_mow": mow,
        "kb_mop": mop,
        "kb_kondom": short - suntik - pil,
        "kb_implan": long_acting - iud - mow - mop,
        "kb_suntik": suntik,
        "kb_pil": pil,
    }


def _non_users(fam: dict[str, int], unmet: int, rng: random.Random) -> dict[str, int]:
    """Non-users by reason; IAT + TIAL make the unmet need of the score."""
    pus = fam["pus"]
    need = _count_in_band(pus, rng.uniform(*UNMET[unmet][0]), UNMET[unmet][1])
    iat = round(need * rng.uniform(0.35, 0.55))
    return {
        "tidak_kb_hamil": round(pus * rng.uniform(0.02, 0.04)),
        "tidak_kb_ingin_anak_segera": round(pus * rng.uniform(0.03, 0.06)),
        "tidak_kb_iat": iat,
        "tidak_kb_tial": need - iat,
    }


def _output_values(v: Village, seed: int, year: int, scores: tuple[int, ...]) -> dict[str, int]:
    """Family counts, participants, users and non-users for the output scores 9–12."""
    fam = _families(v, seed, year)
    poktan, cpr, mkjp, unmet = scores[8:12]
    return {
        **fam,
        **_poktan(fam, poktan, _rng(seed, v.kode, "poktan", poktan, year)),
        **_contraception(fam, cpr, mkjp, _rng(seed, v.kode, "kb", cpr, mkjp, year)),
        **_non_users(fam, unmet, _rng(seed, v.kode, "unmet", unmet, year)),
    }


def _yes(flag: bool) -> str:
    return "ya" if flag else "tidak"


def _input_values(v: Village, seed: int, scores: tuple[int, ...]) -> dict[str, str]:
    """Pokja, funding, programs, facilities, field officer and regulation for the input scores 1–5."""
    pokja, dana, program, fasilitas, plkb_reg = scores[:5]
    members = _rng(seed, v.kode, "anggota").randint(7, 21)
    regulation_first = bool(v.nomor_sk) or _rng(seed, v.kode, "reg").random() < 0.3
    return {
        "pokja_ada": _yes(pokja >= 2),
        "pokja_anggota": str(members if pokja >= 3 else 0),
        "pokja_terlatih": _yes(pokja == 4),
        "sumber_dana": _set_text(_prefix(seed, v.kode, "sumber_dana", dana)),
        "program_aktif": _set_text(
            _prefix(seed, v.kode, "program", program) + _prefix(seed, v.kode, "fasilitas", fasilitas)
        ),
        "plkb_pendamping": _yes(plkb_reg == 3 or (plkb_reg == 2 and not regulation_first)),
        "regulasi": _yes(plkb_reg == 3 or (plkb_reg == 2 and regulation_first)),
    }


def partners(v: Village, seed: int, scores: tuple[int, ...]) -> list[str]:
    """The partner agencies that give the agency score (never the program's own offices)."""
    return _prefix(seed, v.kode, "instansi_mitra", scores[7])


def _process_values(v: Village, seed: int, scores: tuple[int, ...]) -> dict[str, str]:
    """Data sources, mechanisms and partner agencies for the process scores 6–8."""
    named = partners(v, seed, scores) + (["OPD PPKB"] if v.own_office else [])
    return {
        "penggunaan_data": _set_text(_prefix(seed, v.kode, "penggunaan_data", scores[5])),
        "mekanisme_operasional": _set_text(_prefix(seed, v.kode, "mekanisme_operasional", scores[6])),
        "instansi_mitra": "" if v.from_kegiatan else _set_text(named),
    }


def _profiles(v: Village, seed: int) -> list[dict[str, str]]:
    """The village's profile rows: its first month, then each quarter in which something changed."""
    rows, last = [], None
    for month, scores in zip(v.steps, v.scores, strict=True):
        values = {
            **_input_values(v, seed, scores),
            **_process_values(v, seed, scores),
            **{k: str(n) for k, n in _output_values(v, seed, int(month[:4]), scores).items()},
        }
        # Scores too: with instansi_mitra left empty, a new partner only counts from a profile's month on.
        if (values, scores) != last:
            rows.append({"kode_desa": v.kode, "periode": month, **values, "keterangan": SINTETIS})
        last = values, scores
    return rows


# ---------------------------------------------------------------- activities


def _activity_months(v: Village) -> list[str]:
    """Months with activity: from the first active month; none in the last quarter for stopped villages."""
    return [m for m in MONTHS if m >= v.start and not (v.stopped and m in SILENT_MONTHS)]


def _month_rows(
    v: Village, month: str, scores: tuple[int, ...], rng: random.Random, seed: int
) -> list[dict[str, object]]:
    """One month's activity rows; more active villages (higher scores) report more."""
    programs = set(_prefix(seed, v.kode, "program", scores[2]) + _prefix(seed, v.kode, "fasilitas", scores[3]))
    if scores[0] >= 2:
        programs.add("pokja")
    intensity = 0.45 + 0.55 * sum(scores) / sum(MAX_SCORE)
    rows = []
    for jenis, chance, needs, peserta, seksi in ACTIVITIES:
        if (needs and needs not in programs) or rng.random() > chance * intensity:
            continue
        if jenis == "Pertemuan Pokja" and month == "2024-05" and v.kode in _pokja_codes():
            continue  # the real meeting of 27 May 2024 is there already
        rows.append(
            {
                "jenis_kegiatan": jenis,
                "jumlah": rng.choice((1, 1, 1, 2, 2, 3, 4)) if jenis == "Posyandu" else rng.choice((1, 1, 1, 2)),
                "peserta": rng.randint(*peserta),
                "seksi": seksi or rng.choice(KIE_SEKSI),
            }
        )
    if not rows and v.from_kegiatan:  # its partners are read from kegiatan: report every month
        rows.append(
            {"jenis_kegiatan": "Posyandu", "jumlah": 1, "peserta": rng.randint(25, 90), "seksi": "Perlindungan"}
        )
    return rows


@functools.cache
def _pokja_codes() -> frozenset[str]:
    """The 12 Cilegon kelurahan whose Pokja met on 27 May 2024."""
    return frozenset(_code_in(CILEGON, desa) for desa in CILEGON_POKJA_2024)


def _agencies(rows: list[dict], allowed: list[str], new: list[str], v: Village, rng: random.Random) -> None:
    """Name partners in the rows: newly needed ones in the first row, else 0–2 of those already working."""
    for i, row in enumerate(rows):
        picked = rng.sample(allowed, min(len(allowed), rng.choice((0, 0, 1, 1, 2))))
        if v.own_office and rng.random() < 0.15:
            picked.append("OPD PPKB")
        picked = list(dict.fromkeys((new if i == 0 else []) + picked))
        row["instansi"] = ";".join(picked)


def _activities(v: Village, seed: int) -> list[dict[str, object]]:
    """Monthly activity counts for the village's active months."""
    rng, seen, out = _rng(seed, v.kode, "kegiatan"), set(), []
    for month in _activity_months(v):
        scores = scores_as_of(v, month)
        allowed = partners(v, seed, scores)
        rows = _month_rows(v, month, scores, rng, seed)
        _agencies(rows, allowed, [a for a in allowed if a not in seen], v, rng)
        seen.update(a for row in rows for a in row["instansi"].split(";") if a)
        out += [{"kode_desa": v.kode, "periode": month, **row, "keterangan": SINTETIS} for row in rows]
    return out


def _real_meetings() -> list[dict[str, object]]:
    """The Pokja meetings of 27 May 2024 in 12 Cilegon kelurahan."""
    return [
        {
            "kode_desa": _code_in(CILEGON, desa),
            "tanggal": "2024-05-27",
            "periode": "2024-05",
            "jenis_kegiatan": "Pertemuan Pokja",
            "jumlah": 1,
            "keterangan": NOTE_POKJA_MEETING,
        }
        for desa in CILEGON_POKJA_2024
    ]


# ---------------------------------------------------------------- reported tiers, targets, indicators


def _klasifikasi(villages: list[Village], seed: int, month: str = "2024-06") -> list[dict[str, str]]:
    """Cilegon's tiers as reported elsewhere in `month`: the planned tier, except three disagreements."""
    cilegon = [v for v in villages if v.region == CILEGON and scores_as_of(v, month)]
    wrong = {v.kode for v in _rng(seed, "klasifikasi").sample(cilegon, 3)}
    rows = []
    for v in cilegon:
        tier = schema.TIERS.index(tier_of(pattern_of(scores_as_of(v, month))))
        if v.kode in wrong:  # reported one tier off: upward unless already at the top
            tier = tier + 1 if tier < len(schema.TIERS) - 1 else tier - 1
        rows.append({"kode_desa": v.kode, "periode": month, "klasifikasi": schema.TIERS[tier], "keterangan": SINTETIS})
    return rows


#: (kode_wilayah, tahun, target_kampung, target_mandiri_plus_persen, target_mandiri_plus, keterangan)
TARGETS = (
    ("36", 2023, 1161, 40, 474, "Berita 2023: target Provinsi Banten (dilaporkan)"),
    (SERANG, 2023, 234, 40, 94, "Berita 2023: target Kabupaten Serang (dilaporkan)"),
    (SERANG, 2024, 260, 40, 104, SINTETIS),
    (CILEGON, 2024, 30, 40, 12, SINTETIS),
    (LAMPUNG_BARAT, 2024, 136, 20, 27, SINTETIS),
    (DEPOK, 2024, 63, 30, 19, SINTETIS),
)
#: Figures reported in the news, kept as reported even where they disagree with the targets.
REPORTED = (
    ("36", "2023", "persen mandiri plus (dilaporkan)", "24.28", "%"),
    ("36", "2023", "jumlah mandiri plus (dilaporkan)", "220", "kampung"),
    (SERANG, "2023", "jumlah mandiri plus (dilaporkan)", "40", "kampung"),
)
INDICATORS = (
    ("jumlah penduduk", "jiwa"),
    ("PUS", "pasangan"),
    ("balita", "jiwa"),
    ("keluarga berisiko stunting (KRS)", "keluarga"),
    ("prevalensi stunting (%)", "%"),
    ("CPR (%)", "%"),
    ("unmet need (%)", "%"),
)
#: Per kab/kota, 2023: population, stunting %, CPR %, unmet need % (plausible, not official).
REGION_LEVELS = {
    SERANG: (1_720_000, 24.0, 60.5, 12.8),
    CILEGON: (452_000, 19.5, 58.0, 13.5),
    LAMPUNG_BARAT: (310_000, 21.0, 63.0, 11.0),
    DEPOK: (2_120_000, 13.5, 56.0, 14.0),
}


def _targets() -> list[dict[str, object]]:
    """Targets: Banten and Serang 2023 as reported; 2024 for the demo regions, synthetic."""
    names = (
        "kode_wilayah",
        "tahun",
        "target_kampung",
        "target_mandiri_plus_persen",
        "target_mandiri_plus",
        "keterangan",
    )
    return [dict(zip(names, row, strict=True)) for row in TARGETS]


def _kecamatan_values(kec: str, share: float, region: str, year: int, seed: int) -> dict[str, float]:
    """One kecamatan's synthetic indicators for a year."""
    rng = _rng(seed, kec, "indikator")
    people, stunting, cpr, unmet = REGION_LEVELS[region]
    later = year == 2024
    penduduk = round(people * share * (1.012 if later else 1))
    return {
        "jumlah penduduk": penduduk,
        "PUS": round(penduduk * rng.uniform(0.155, 0.175)),
        "balita": round(penduduk * rng.uniform(0.075, 0.09)),
        "keluarga berisiko stunting (KRS)": round(penduduk / 3.6 * rng.uniform(0.12, 0.25) * (0.93 if later else 1)),
        "prevalensi stunting (%)": stunting + rng.uniform(-4, 4) - 1.6 * later,
        "CPR (%)": cpr + rng.uniform(-5, 5) + 0.8 * later,
        "unmet need (%)": unmet + rng.uniform(-3, 3) - 0.5 * later,
    }


def _aggregate(values: list[dict[str, float]]) -> dict[str, float]:
    """Kab/kota values from its kecamatan: counts add up, percentages are weighted by their denominators."""
    total = {k: sum(v[k] for v in values) for k in values[0] if "%" not in k}
    weights = {"prevalensi stunting (%)": "balita", "CPR (%)": "PUS", "unmet need (%)": "PUS"}
    for k, w in weights.items():
        total[k] = sum(v[k] * v[w] for v in values) / total[w]
    return total


def _indicator_rows(kode: str, year: int, values: dict[str, float]) -> list[dict[str, object]]:
    return [
        {
            "kode_wilayah": kode,
            "periode": str(year),
            "indikator": name,
            "nilai": f"{values[name]:.1f}" if unit == "%" else str(int(values[name])),
            "satuan": unit,
            "keterangan": SINTETIS,
        }
        for name, unit in INDICATORS
    ]


def _indicators(seed: int) -> list[dict[str, object]]:
    """Reported Banten/Serang figures, then synthetic indicators per kab/kota and kecamatan, 2023 and 2024."""
    rows = [
        dict(zip(("kode_wilayah", "periode", "indikator", "nilai", "satuan"), r, strict=True), keterangan=NOTE_REPORTED)
        for r in REPORTED
    ]
    for region in DEMO_REGIONS:
        kecs = regions.descendants(region, 3)["kode"].tolist()
        weights = [_rng(seed, k, "bobot").uniform(0.5, 1.5) for k in kecs]
        for year in (2023, 2024):
            values = [
                _kecamatan_values(k, w / sum(weights), region, year, seed) for k, w in zip(kecs, weights, strict=True)
            ]
            rows += _indicator_rows(region, year, _aggregate(values))
            for k, v in zip(kecs, values, strict=True):
                rows += _indicator_rows(k, year, v)
    return rows


# ---------------------------------------------------------------- writing


def _register_row(v: Village) -> dict[str, str]:
    return {
        "kode_desa": v.kode,
        "nama_kampung": v.nama_kampung,
        "tanggal_pencanangan": v.tanggal,
        "cakupan": v.cakupan,
        "nomor_sk": v.nomor_sk,
        "keterangan": v.keterangan,
    }


def _write(path: Path, kind: str, rows: list[dict[str, object]]) -> Path:
    """One CSV with the kind's canonical columns, UTF-8, `,`, `\\n` line ends."""
    columns = [c.name for c in schema.KINDS[kind].columns]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, restval="", extrasaction="raise", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def tables(seed: int = SEED) -> dict[str, list[dict[str, object]]]:
    """The rows of every demo file kind, in file order."""
    villages = register(seed)
    kegiatan = _real_meetings() + [row for v in villages for row in _activities(v, seed)]
    kegiatan.sort(key=lambda r: (r["kode_desa"], r["periode"], r["jenis_kegiatan"], r.get("seksi", "")))
    return {
        "kampung": [_register_row(v) for v in villages],
        "kegiatan": kegiatan,
        "profil": [row for v in villages for row in _profiles(v, seed)],
        "klasifikasi": _klasifikasi(villages, seed),
        "target": _targets(),
        "indikator": _indicators(seed),
    }


def generate(out_dir: Path = DEMO_DIR, seed: int = SEED) -> dict[str, Path]:
    """Write `<kind>.csv` for each of the six tabular kinds into `out_dir`; returns kind → path.

    The same seed gives byte-identical files.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return {kind: _write(out_dir / f"{kind}.csv", kind, rows) for kind, rows in tables(seed).items()}


if __name__ == "__main__":
    for kind, path in generate().items():
        print(f"{kind:12} {path}  {path.stat().st_size:>9,} bytes")
