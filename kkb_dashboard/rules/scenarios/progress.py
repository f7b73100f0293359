"""Progress of regions against their Kampung KB targets: how many villages are Mandiri plus (Mandiri or
Berkelanjutan) per region and year, and whether each target given is met. Pure: never touches a store."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema

RegionOf = Callable[[str], str]


def kabkota_of(kode_desa: str) -> str:
    """The kab/kota code of a desa code: `36.72.01.1005` → `36.72` (the default scenario grouping)."""
    return kode_desa[:5]


def mandiri_plus(frame: pd.DataFrame) -> pd.Series:
    """True for each row of a classified frame whose tier is Mandiri or Berkelanjutan."""
    return frame["klasifikasi"].isin(schema.MANDIRI_PLUS)


def _latest_per_year(tiers_by_village: pd.DataFrame) -> pd.DataFrame:
    """One row per village and year (the latest periode in the year); `tahun` NA when there is no date."""
    # Only the columns counted: a classified frame has ~100, and copying and sorting them all is the slow part.
    frame = tiers_by_village[[c for c in ("kode_desa", "klasifikasi", "tahun", "periode") if c in tiers_by_village]]
    if "tahun" not in frame:
        frame["tahun"] = frame["periode"].astype(str).str[:4] if "periode" in frame else pd.NA
    frame["tahun"] = pd.to_numeric(frame["tahun"], errors="coerce").astype("Int64")
    if "periode" in frame:
        frame = frame.sort_values("periode")
    return frame.drop_duplicates(["kode_desa", "tahun"], keep="last")


def _counts_by_region(
    villages: pd.DataFrame, region_of: RegionOf | None, wanted: set[str] | None = None
) -> pd.DataFrame:
    """kode_wilayah, tahun, jumlah_kampung, mandiri_plus — for every ancestor level (only the regions in `wanted`
    when given), or by `region_of`."""
    codes = villages["kode_desa"].astype(str)
    if region_of is not None:
        regions = [codes.map(region_of)]
    else:  # every level a target may be set at: Indonesia, provinsi, kab/kota, kecamatan, desa
        widths = [0, 2, 5, 8, None]
        if wanted is not None:  # only the levels of the regions asked about
            lengths = {len(code) for code in wanted}
            widths = [w for w in widths if (w in lengths if w is not None else bool(lengths - {0, 2, 5, 8}))] or [0]
        regions = [pd.Series("", index=codes.index) if w == 0 else codes.str[:w] if w else codes for w in widths]
    parts = [
        pd.DataFrame({"kode_wilayah": r, "tahun": villages["tahun"], "mp": mandiri_plus(villages)}) for r in regions
    ]
    long = pd.concat(parts, ignore_index=True)
    if wanted is not None:
        long = long[long["kode_wilayah"].isin(wanted)]
    grouped = long.groupby(["kode_wilayah", "tahun"], dropna=False)[
        "mp"
    ]  # two plain aggregations: named aggregation is slower
    return pd.DataFrame({"jumlah_kampung": grouped.size(), "mandiri_plus": grouped.sum()}).reset_index()


def progress(
    tiers_by_village: pd.DataFrame, targets: pd.DataFrame | None = None, region_code_of: RegionOf | None = None
) -> pd.DataFrame:
    """Per region and year: Kampung KB count and Mandiri-plus share against the targets.

    `tiers_by_village`: kode_desa, klasifikasi and `tahun` or `periode` (the latest periode per village and
    year counts; with neither, one snapshot matched to every target year). `targets` (kind `target`):
    kode_wilayah at any level, tahun, target_kampung, target_mandiri_plus_persen and/or target_mandiri_plus.
    Without `region_code_of`, a target counts every village under its code; with it, villages are grouped by
    `region_code_of(kode_desa)` and every group appears, with or without a target.

    Columns: kode_wilayah, tahun, jumlah_kampung, target_kampung, kampung_tercapai, mandiri_plus,
    persen_mandiri_plus (of jumlah_kampung, 2 decimals), target_mandiri_plus_persen, target_mandiri_plus (the
    count given, or the percentage of target_kampung — of jumlah_kampung when there is none — rounded up),
    tercapai (every Mandiri-plus target given is met), selisih_persen (points; negative = short) and
    selisih_jumlah (villages; negative = short).
    """
    villages = _latest_per_year(tiers_by_village)
    targets = target_table(targets)
    # Without region_code_of only the targets' regions are kept (a right join below), so only they are counted.
    counts = _counts_by_region(villages, region_code_of, None if region_code_of else set(targets["kode_wilayah"]))
    snapshot = counts["tahun"].isna().all()
    if snapshot:  # no dates: the one snapshot is compared with every target year
        counts = counts.drop(columns="tahun")
        out = counts.merge(targets, on="kode_wilayah", how="left" if region_code_of else "right")
    else:
        out = counts.merge(targets, on=["kode_wilayah", "tahun"], how="left" if region_code_of else "right")
    return _judge(out)


def target_table(targets: pd.DataFrame | None) -> pd.DataFrame:
    """The targets (kind `target`, or None) with every target column present, `tahun` as a nullable integer."""
    columns = ["kode_wilayah", "tahun", "target_kampung", "target_mandiri_plus_persen", "target_mandiri_plus"]
    frame = pd.DataFrame(columns=columns) if targets is None else targets.copy()
    for column in columns[1:]:
        if column not in frame:
            frame[column] = np.nan
    frame = frame[columns].copy()
    frame["kode_wilayah"] = frame["kode_wilayah"].fillna("").astype(str)
    frame["tahun"] = pd.to_numeric(frame["tahun"], errors="coerce").astype("Int64")
    return frame


def _judge(out: pd.DataFrame) -> pd.DataFrame:
    out["jumlah_kampung"] = out["jumlah_kampung"].fillna(0).astype(int)
    out["mandiri_plus"] = out["mandiri_plus"].fillna(0).astype(int)
    persen = 100.0 * out["mandiri_plus"] / out["jumlah_kampung"].where(out["jumlah_kampung"] > 0)
    out["persen_mandiri_plus"] = persen.fillna(0.0).round(2)
    pct_target = pd.to_numeric(out["target_mandiri_plus_persen"], errors="coerce")
    base = pd.to_numeric(out["target_kampung"], errors="coerce").fillna(out["jumlah_kampung"])
    derived = [_ceil_percent_of(p, b) for p, b in zip(pct_target, base, strict=True)]
    given = pd.to_numeric(out["target_mandiri_plus"], errors="coerce")
    out["target_mandiri_plus"] = given.fillna(pd.Series(derived, index=out.index, dtype=float)).astype("Int64")
    target_kampung = pd.to_numeric(out["target_kampung"], errors="coerce")
    out["kampung_tercapai"] = (out["jumlah_kampung"] >= target_kampung.fillna(np.inf)).where(target_kampung.notna())
    out["selisih_persen"] = (out["persen_mandiri_plus"] - pct_target).round(2)
    out["selisih_jumlah"] = out["mandiri_plus"] - out["target_mandiri_plus"]
    met_pct = (out["selisih_persen"] >= 0) | pct_target.isna()
    met_count = (out["selisih_jumlah"] >= 0).fillna(True).astype(bool)
    has_target = pct_target.notna() | out["target_mandiri_plus"].notna()
    out["tercapai"] = (met_pct & met_count).where(has_target)
    order = [
        "kode_wilayah",
        "tahun",
        "jumlah_kampung",
        "target_kampung",
        "kampung_tercapai",
        "mandiri_plus",
        "persen_mandiri_plus",
        "target_mandiri_plus_persen",
        "target_mandiri_plus",
        "tercapai",
        "selisih_persen",
        "selisih_jumlah",
    ]
    return out[[c for c in order if c in out]].sort_values(["kode_wilayah"]).reset_index(drop=True)


def _ceil_percent_of(percent: float, base: float) -> float:
    """⌈percent % of base⌉, exact for decimal percentages (40 % of 234 = 93.6 → 94)."""
    if pd.isna(percent) or pd.isna(base):
        return np.nan
    return float(math.ceil(Fraction(str(percent)) * int(base) / 100))
