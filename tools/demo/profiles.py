"""Profiles built backwards from a village's planned scores: set columns, poktan, contraception, unmet need."""

from __future__ import annotations

import random

from .facts import CPR, FAMILIES, MKJP, ORDERS, POKTAN, SET_BANDS, SINTETIS, UNMET, Village, seeded_rng

# ---------------------------------------------------------------- profiles


def _order(seed: int, kode: str, name: str) -> list[str]:
    """A village's own order of a vocabulary: likelier items first, the rest shuffled."""
    rng = seeded_rng(seed, kode, "order", name)
    weights = ORDERS[name]
    return sorted(weights, key=lambda item: -rng.random() * weights[item])


def prefix(seed: int, kode: str, name: str, score: int) -> list[str]:
    """The items of a set column that give `score`: a prefix of the village's order, so sets only grow."""
    lo, hi = SET_BANDS[name][score]
    return _order(seed, kode, name)[: seeded_rng(seed, kode, "n", name, score).randint(lo, hi)]


def _set_text(items: list[str]) -> str:
    """`;`-separated; "tidak ada" says none explicitly (an empty instansi_mitra means "take it from kegiatan")."""
    return ";".join(items) if items else "tidak ada"


def _families(v: Village, seed: int, year: int) -> dict[str, int]:
    """Family counts, growing a little from 2023 to 2024."""
    rng = seeded_rng(seed, v.kode, "keluarga")
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
        **_poktan(fam, poktan, seeded_rng(seed, v.kode, "poktan", poktan, year)),
        **_contraception(fam, cpr, mkjp, seeded_rng(seed, v.kode, "kb", cpr, mkjp, year)),
        **_non_users(fam, unmet, seeded_rng(seed, v.kode, "unmet", unmet, year)),
    }


def _yes(flag: bool) -> str:
    return "ya" if flag else "tidak"


def _input_values(v: Village, seed: int, scores: tuple[int, ...]) -> dict[str, str]:
    """Pokja, funding, programs, facilities, field officer and regulation for the input scores 1–5."""
    pokja, dana, program, fasilitas, plkb_reg = scores[:5]
    members = seeded_rng(seed, v.kode, "anggota").randint(7, 21)
    regulation_first = bool(v.nomor_sk) or seeded_rng(seed, v.kode, "reg").random() < 0.3
    return {
        "pokja_ada": _yes(pokja >= 2),
        "pokja_anggota": str(members if pokja >= 3 else 0),
        "pokja_terlatih": _yes(pokja == 4),
        "sumber_dana": _set_text(prefix(seed, v.kode, "sumber_dana", dana)),
        "program_aktif": _set_text(
            prefix(seed, v.kode, "program", program) + prefix(seed, v.kode, "fasilitas", fasilitas)
        ),
        "plkb_pendamping": _yes(plkb_reg == 3 or (plkb_reg == 2 and not regulation_first)),
        "regulasi": _yes(plkb_reg == 3 or (plkb_reg == 2 and regulation_first)),
    }


def partners(v: Village, seed: int, scores: tuple[int, ...]) -> list[str]:
    """The partner agencies that give the agency score (never the program's own offices)."""
    return prefix(seed, v.kode, "instansi_mitra", scores[7])


def _process_values(v: Village, seed: int, scores: tuple[int, ...]) -> dict[str, str]:
    """Data sources, mechanisms and partner agencies for the process scores 6–8."""
    named = partners(v, seed, scores) + (["OPD PPKB"] if v.own_office else [])
    return {
        "penggunaan_data": _set_text(prefix(seed, v.kode, "penggunaan_data", scores[5])),
        "mekanisme_operasional": _set_text(prefix(seed, v.kode, "mekanisme_operasional", scores[6])),
        "instansi_mitra": "" if v.from_kegiatan else _set_text(named),
    }


def village_profiles(v: Village, seed: int) -> list[dict[str, str]]:
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
