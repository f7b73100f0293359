"""Data for the Klasifikasi (tiers) page, built on metrics, the tier rule and classification: tier counts per
region, transitions between two months, each village's scores and their explanation, reported against computed.

Pure functions: the first argument is a read-only `Store` (pages call them through `ui.cached`), the rest plain
hashable values (`Filters`, codes, months), so the cache keys are plain. Nothing here renders and nothing here
writes to the store. The Simulasi page's data is in `simulation`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace
from fractions import Fraction

import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import queries

from ..i18n import t
from ..rules import classification, regions, tier_rule
from ..rules.explanation import explain
from ..rules.filters import Filters
from ..storage.store import Store
from . import metrics

SCORE_COLUMNS = tuple(f"skor_{n}" for n in tier_rule.SCORE_NAMES)
INDEX_COLUMNS = tuple(f"indeks_{g}" for g in tier_rule.INDEX_NAMES)


# ---------------------------------------------------------------------------------------------- labels


def labelled(frame: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """A copy of `frame` with known column names translated (score columns get the score's name)."""
    names = {}
    for column in frame.columns:
        if column.startswith("skor_") and column[5:] in tier_rule.SCORE_NAMES:
            names[column] = t(f"tiers.score.{column[5:]}", lang)
        elif f"tierviews.col.{column}" in _catalog():
            names[column] = t(f"tierviews.col.{column}", lang)
    return frame.rename(columns=names)


@functools.cache
def _catalog() -> frozenset[str]:
    from ..i18n import CATALOG

    return frozenset(CATALOG)


def target_persen(store: Store, wilayah: str, tahun: int | None) -> float | None:
    """The imported Mandiri-plus target (%) of a region and year, or None."""
    row = metrics.target_of(store, wilayah, tahun) if tahun else None
    value = row.get("target_mandiri_plus_persen") if row else None
    return None if value is None or value != value else float(value)


# ---------------------------------------------------------------------------------------------- distribution


def distribution(store: Store, f: Filters) -> pd.DataFrame:
    """Tier counts per sub-region with Kampung KB (one level below f.wilayah), as of f.sampai.

    Columns: kode, nama, jumlah_kampung, the four tiers (only those chosen in f.tingkat, when any), mandiri_plus,
    mandiri_plus_persen, target_mandiri_plus (the Kampung KB the region's target % of the year of f.sampai asks
    of each sub-region, rounded up; NA without a target). Counts and percentages are of every Kampung KB,
    whatever tiers are shown.
    """
    shown = [tier for tier in schema.TIERS if not f.tingkat or tier in f.tingkat]
    columns = ["kode", "nama", "jumlah_kampung", *shown, "mandiri_plus", "mandiri_plus_persen", "target_mandiri_plus"]
    if not f.sampai:
        return pd.DataFrame(columns=columns)
    table = metrics.region_tiers(store, replace(f, tingkat=()))
    table = table[table["jumlah_kampung"] > 0].reset_index(drop=True)
    if table.empty:
        return pd.DataFrame(columns=columns)
    target = target_persen(store, f.wilayah, int(f.sampai[:4]))
    table["target_mandiri_plus"] = pd.array(
        [pd.NA if target is None else ceil_share(target, n) for n in table["jumlah_kampung"]], dtype="Int64"
    )
    return table[columns]


def ceil_share(persen: float, total: int) -> int:
    """⌈persen % of total⌉, exact for decimal percentages (40 % of 234 = 93.6 → 94), as scenarios counts it."""
    return math.ceil(Fraction(str(persen)) * int(total) / 100)


def region_counts(store: Store, f: Filters) -> dict[str, int]:
    """Kampung KB per tier for the whole region as of f.sampai (every tier, in order)."""
    if not f.sampai:
        return dict.fromkeys(schema.TIERS, 0)
    counts = queries.tier_summary(store, f, pd.Timestamp(f.sampai + "-01").date())
    return {tier: counts[tier] for tier in schema.TIERS}


# ---------------------------------------------------------------------------------------------- transitions


def transition(store: Store, f: Filters, month_a: str, month_b: str) -> dict:
    """Tier moves between two months for the Kampung KB of f.wilayah formed by the earlier month.

    Returns {"matrix": from × to counts (index dari, columns ke, every tier), "moved": kode_desa, nama_desa,
    kecamatan, dari, ke, "jumlah": villages compared, "bulan": the earlier month}.
    """
    matrix, moved, compared = queries.tier_moves(store, f, month_a, month_b)
    moved = (
        metrics.with_names(moved)
        if len(moved)
        else pd.DataFrame(columns=["kode_desa", "nama_desa", "kecamatan", "dari", "ke"])
    )
    return {"matrix": matrix, "moved": moved, "jumlah": compared, "bulan": min(month_a, month_b)}


# ---------------------------------------------------------------------------------------------- villages


def village_scores(store: Store, f: Filters) -> pd.DataFrame:
    """One row per Kampung KB (metrics.village_table): names, tier, the 3 indices and the 12 sub-scores."""
    columns = [
        "kode_desa",
        "nama_desa",
        "kecamatan",
        "nama_kampung",
        "klasifikasi",
        *INDEX_COLUMNS,
        *SCORE_COLUMNS,
        "periode_profil",
    ]
    if not f.sampai:
        return pd.DataFrame(columns=columns)
    rows = queries.villages(store, f, ("klasifikasi", *INDEX_COLUMNS, *SCORE_COLUMNS, "periode_profil"))
    return metrics.with_names(rows).reindex(columns=columns)


def selected_code(table: pd.DataFrame, rows: list[int]) -> str | None:
    """The kode_desa of the one selected row of `table` (positions from a dataframe selection), or None."""
    if not rows or rows[0] >= len(table):
        return None
    return str(table["kode_desa"].iloc[rows[0]])


def selection_of(table: pd.DataFrame, kode_desa: str | None) -> dict | None:
    """A dataframe `selection_default` selecting the row of `kode_desa` (from the link), or None."""
    codes = table["kode_desa"].tolist() if kode_desa else []  # plain strings: iterating Arrow text is slow
    rows = [i for i, code in enumerate(codes) if code == kode_desa]
    return {"selection": {"rows": rows[:1], "columns": []}} if rows else None


def explanation(store: Store, f: Filters, kode_desa: str, lang: str = "id") -> dict:
    """`explanation.explain` of one Kampung KB as of f.sampai, plus its name (`nama`)."""
    classified = classification.classify_kampung(
        [kode_desa],
        metrics.profiles(store, kode_desa, f.sampai),
        f.sampai,
        metrics.partner_mentions(store, kode_desa, f.sampai),
    )
    result = explain(classified, lang)
    result["nama"] = regions.label(kode_desa) if regions.is_known(kode_desa) else kode_desa
    return result


def explanation_table(explained: dict, lang: str = "id") -> pd.DataFrame:
    """The 12 sub-scores of an explanation as rows: indeks, indikator, skor, keterangan."""
    rows = [
        {
            "indeks": t(f"tiers.index.{group}", lang),
            "indikator": t(f"tiers.score.{name}", lang),
            "skor": explained["skor"][name]["skor"],
            "keterangan": explained["skor"][name]["teks"],
        }
        for group, names in tier_rule.INDEX_SCORES.items()
        for name in names
    ]
    return pd.DataFrame(rows, columns=["indeks", "indikator", "skor", "keterangan"])


# ---------------------------------------------------------------------------------------------- reported


def reported_vs_computed(store: Store, f: Filters) -> dict:
    """Reported tiers (`klasifikasi` kind) of f.wilayah up to f.sampai against the tiers computed as of each
    report's own month. Returns {"rate" (0–1, NaN when none), "jumlah", "selisih": kode_desa, nama_desa,
    kecamatan, periode, dilaporkan, dihitung}."""
    reported = store.sql(
        "SELECT kode_desa, periode, klasifikasi FROM klasifikasi WHERE kode_desa LIKE ? "
        "AND periode <= ? ORDER BY kode_desa, periode",
        [f"{f.wilayah}%" if f.wilayah else "%", f.sampai or "9999-99"],
    )
    computed = [
        classification.classify_kampung(
            group["kode_desa"],
            metrics.profiles(store, f.wilayah, month),
            month,
            metrics.partner_mentions(store, f.wilayah, month),
        )
        for month, group in reported.groupby("periode")
    ]
    if not computed:
        empty = pd.DataFrame(columns=["kode_desa", "nama_desa", "kecamatan", "periode", "dilaporkan", "dihitung"])
        return {"rate": float("nan"), "jumlah": 0, "selisih": empty}
    rate, disagreements = classification.compare_reported(pd.concat(computed, ignore_index=True), reported)
    return {"rate": rate, "jumlah": len(reported), "selisih": metrics.with_names(disagreements)}
