"""The demo dataset: published Kampung KB facts plus a seeded synthetic layer, one CSV per file kind.

Real rows (registers, targets and indicators as reported in the news, 2023–2024) say where they come from in
`keterangan`; every generated row says SINTETIS there. Profiles are built backwards from a planned tier per
Kampung KB (which of the Input/Proses/Output indices pass), so the tier mix is chosen, not left to chance,
and a few villages sit one step below the next tier. Run `python -m tools.demo` to rewrite `data/demo`.
"""

from __future__ import annotations

import csv
from pathlib import Path

from kkb_dashboard.rules import schema

from .facts import (
    ACTIVITIES,
    CPR,
    DEMO_DIR,
    INDICES,
    KIE_SEKSI,
    MAX_SCORE,
    MAX_SUM,
    MKJP,
    NOTE_CILEGON,
    NOTE_LAMPUNG,
    NOTE_MAMPANG,
    NOTE_POKJA,
    NOTE_POKJA_MEETING,
    NOTE_REPORTED,
    ORDERS,
    PASS_SUM,
    POKTAN,
    SEED,
    SET_BANDS,
    SINTETIS,
    UNMET,
    Village,
)
from .plan import pattern_of, register, scores_as_of, tier_of
from .profiles import village_profiles
from .reports import indicator_table, real_meetings, reported_tiers, target_rows, village_activities

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
    kegiatan = real_meetings() + [row for v in villages for row in village_activities(v, seed)]
    kegiatan.sort(key=lambda r: (r["kode_desa"], r["periode"], r["jenis_kegiatan"], r.get("seksi", "")))
    return {
        "kampung": [_register_row(v) for v in villages],
        "kegiatan": kegiatan,
        "profil": [row for v in villages for row in village_profiles(v, seed)],
        "klasifikasi": reported_tiers(villages, seed),
        "target": target_rows(),
        "indikator": indicator_table(seed),
    }


def generate(out_dir: Path = DEMO_DIR, seed: int = SEED) -> dict[str, Path]:
    """Write `<kind>.csv` for each of the six tabular kinds into `out_dir`; returns kind → path.

    The same seed gives byte-identical files.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return {kind: _write(out_dir / f"{kind}.csv", kind, rows) for kind, rows in tables(seed).items()}


__all__ = [
    "ACTIVITIES",
    "CPR",
    "DEMO_DIR",
    "INDICES",
    "KIE_SEKSI",
    "MAX_SCORE",
    "MAX_SUM",
    "MKJP",
    "NOTE_CILEGON",
    "NOTE_LAMPUNG",
    "NOTE_MAMPANG",
    "NOTE_POKJA",
    "NOTE_POKJA_MEETING",
    "NOTE_REPORTED",
    "ORDERS",
    "PASS_SUM",
    "POKTAN",
    "SEED",
    "SET_BANDS",
    "SINTETIS",
    "UNMET",
    "generate",
    "pattern_of",
    "register",
    "scores_as_of",
    "tables",
    "tier_of",
]
