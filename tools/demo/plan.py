"""The register of Kampung KB and each one's tier plan: which indices pass at which month, as 12 scores."""

from __future__ import annotations

import random

import numpy as np

from kkb_dashboard.rules import regions, schema, tier_rule

from .facts import (
    C1,
    C2,
    CILEGON,
    CILEGON_2023,
    CILEGON_C1,
    CILEGON_NEW_C2,
    CILEGON_POKJA_2024,
    CILEGON_UPGRADES,
    DEPOK,
    FROM_KEGIATAN_SHARE,
    INDICES,
    LAMPUNG_BARAT,
    LAMPUNG_BARAT_SK,
    LAMPUNG_C2,
    MAX_SCORE,
    MAX_SUM,
    MONTHS,
    NOTE_CILEGON,
    NOTE_LAMPUNG,
    NOTE_MAMPANG,
    NOTE_POKJA,
    PASS_SUM,
    QUARTERS,
    SEED,
    SERANG,
    SERANG_C1,
    SERANG_UPGRADES,
    SINTETIS,
    STOPPED,
    Village,
    code_in,
    month_after,
    pokja_codes,
    seeded_rng,
)

# ---------------------------------------------------------------- the register


def _cilegon() -> list[Village]:
    """The 13 of 2023 and the Pokja kelurahan of 27 May 2024 not already among them."""
    villages = [
        Village(code_in(CILEGON, desa), f"KKB {nama}" if nama else "", "2023", keterangan=NOTE_CILEGON, size="kota")
        for nama, desa in CILEGON_2023
    ]
    known = {v.kode for v in villages}
    for desa in CILEGON_POKJA_2024:
        kode = code_in(CILEGON, desa)
        if kode not in known:
            villages.append(Village(kode, tanggal="2024", keterangan=NOTE_POKJA, start="2024-01", size="kota"))
    for v in villages:
        if v.kode in pokja_codes():
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
            start=month_after("2024-05"),
            size="pekon",
            base=base,
        )
        for k in codes
    ]


def _mampang() -> Village:
    """Kelurahan Mampang (Kec. Pancoran Mas), Depok's candidate in the 2025 provincial assessment."""
    kode = code_in(DEPOK, "Mampang")
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
                start=max(MONTHS[0], month_after(tanggal)),
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
    draw, scores = seeded_rng(seed, v.kode, "scores"), list(v.base)
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
