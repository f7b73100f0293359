"""Activity reports per village and month, the reported tiers, targets and indicators (real and synthetic)."""

from __future__ import annotations

import random

from kkb_dashboard.rules import regions, schema

from .facts import (
    ACTIVITIES,
    CILEGON,
    CILEGON_POKJA_2024,
    DEMO_REGIONS,
    DEPOK,
    KIE_SEKSI,
    LAMPUNG_BARAT,
    MAX_SCORE,
    MONTHS,
    NOTE_POKJA_MEETING,
    NOTE_REPORTED,
    SERANG,
    SILENT_MONTHS,
    SINTETIS,
    Village,
    code_in,
    pokja_codes,
    seeded_rng,
)
from .plan import pattern_of, scores_as_of, tier_of
from .profiles import partners, prefix

# ---------------------------------------------------------------- activities


def _activity_months(v: Village) -> list[str]:
    """Months with activity: from the first active month; none in the last quarter for stopped villages."""
    return [m for m in MONTHS if m >= v.start and not (v.stopped and m in SILENT_MONTHS)]


def _month_rows(
    v: Village, month: str, scores: tuple[int, ...], rng: random.Random, seed: int
) -> list[dict[str, object]]:
    """One month's activity rows; more active villages (higher scores) report more."""
    programs = set(prefix(seed, v.kode, "program", scores[2]) + prefix(seed, v.kode, "fasilitas", scores[3]))
    if scores[0] >= 2:
        programs.add("pokja")
    intensity = 0.45 + 0.55 * sum(scores) / sum(MAX_SCORE)
    rows = []
    for jenis, chance, needs, peserta, seksi in ACTIVITIES:
        if (needs and needs not in programs) or rng.random() > chance * intensity:
            continue
        if jenis == "Pertemuan Pokja" and month == "2024-05" and v.kode in pokja_codes():
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


def _agencies(rows: list[dict], allowed: list[str], new: list[str], v: Village, rng: random.Random) -> None:
    """Name partners in the rows: newly needed ones in the first row, else 0–2 of those already working."""
    for i, row in enumerate(rows):
        picked = rng.sample(allowed, min(len(allowed), rng.choice((0, 0, 1, 1, 2))))
        if v.own_office and rng.random() < 0.15:
            picked.append("OPD PPKB")
        picked = list(dict.fromkeys((new if i == 0 else []) + picked))
        row["instansi"] = ";".join(picked)


def village_activities(v: Village, seed: int) -> list[dict[str, object]]:
    """Monthly activity counts for the village's active months."""
    rng, seen, out = seeded_rng(seed, v.kode, "kegiatan"), set(), []
    for month in _activity_months(v):
        scores = scores_as_of(v, month)
        allowed = partners(v, seed, scores)
        rows = _month_rows(v, month, scores, rng, seed)
        _agencies(rows, allowed, [a for a in allowed if a not in seen], v, rng)
        seen.update(a for row in rows for a in row["instansi"].split(";") if a)
        out += [{"kode_desa": v.kode, "periode": month, **row, "keterangan": SINTETIS} for row in rows]
    return out


def real_meetings() -> list[dict[str, object]]:
    """The Pokja meetings of 27 May 2024 in 12 Cilegon kelurahan."""
    return [
        {
            "kode_desa": code_in(CILEGON, desa),
            "tanggal": "2024-05-27",
            "periode": "2024-05",
            "jenis_kegiatan": "Pertemuan Pokja",
            "jumlah": 1,
            "keterangan": NOTE_POKJA_MEETING,
        }
        for desa in CILEGON_POKJA_2024
    ]


# ---------------------------------------------------------------- reported tiers, targets, indicators


def reported_tiers(villages: list[Village], seed: int, month: str = "2024-06") -> list[dict[str, str]]:
    """Cilegon's tiers as reported elsewhere in `month`: the planned tier, except three disagreements."""
    cilegon = [v for v in villages if v.region == CILEGON and scores_as_of(v, month)]
    wrong = {v.kode for v in seeded_rng(seed, "klasifikasi").sample(cilegon, 3)}
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


def target_rows() -> list[dict[str, object]]:
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
    rng = seeded_rng(seed, kec, "indikator")
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


def indicator_table(seed: int) -> list[dict[str, object]]:
    """Reported Banten/Serang figures, then synthetic indicators per kab/kota and kecamatan, 2023 and 2024."""
    rows = [
        dict(zip(("kode_wilayah", "periode", "indikator", "nilai", "satuan"), r, strict=True), keterangan=NOTE_REPORTED)
        for r in REPORTED
    ]
    for region in DEMO_REGIONS:
        kecs = regions.descendants(region, 3)["kode"].tolist()
        weights = [seeded_rng(seed, k, "bobot").uniform(0.5, 1.5) for k in kecs]
        for year in (2023, 2024):
            values = [
                _kecamatan_values(k, w / sum(weights), region, year, seed) for k, w in zip(kecs, weights, strict=True)
            ]
            rows += _indicator_rows(region, year, _aggregate(values))
            for k, v in zip(kecs, values, strict=True):
                rows += _indicator_rows(k, year, v)
    return rows
