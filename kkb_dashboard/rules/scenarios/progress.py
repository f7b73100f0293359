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


def _counts_by_region(villages: pd.DataFrame, region_of: RegionOf) -> pd.DataFrame:
    """kode_wilayah, tahun, jumlah_kampung, mandiri_plus per region (`region_of` of each village's code) and year."""
    frame = pd.DataFrame(
        {
            "kode_wilayah": villages["kode_desa"].astype(str).map(region_of),
            "tahun": villages["tahun"],
            "mp": mandiri_plus(villages),
        }
    )
    grouped = frame.groupby(["kode_wilayah", "tahun"], dropna=False)["mp"]  # two plain aggregations: named is slower
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
    if region_code_of is None:  # each target's villages counted: a row per target
        return _judge(_counted_targets(villages, targets))
    counts = _counts_by_region(villages, region_code_of)
    if counts["tahun"].isna().all():  # no dates: the one snapshot is compared with every target year
        out = counts.drop(columns="tahun").merge(targets, on="kode_wilayah", how="left")
    else:
        out = counts.merge(targets, on=["kode_wilayah", "tahun"], how="left")
    return _judge(out)


def _counted_targets(villages: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """The rows of `targets` (in their order) with jumlah_kampung and mandiri_plus: the villages under each target's
    code (every village for "", those whose code starts with a provinsi, kab/kota or kecamatan code, else the desa
    itself) of its year (a target's NA year: the villages with none) — of any year when none of the villages under
    the targets has one (a snapshot). Codes are sorted once and each target's villages found by binary search."""
    codes = villages["kode_desa"].astype(str).to_numpy(dtype=str)
    plus = mandiri_plus(villages).to_numpy(dtype=bool)
    found, years = pd.factorize(villages["tahun"], use_na_sentinel=True)  # -1: no year
    order = np.argsort(codes, kind="stable")
    codes, plus, found = codes[order], plus[order], found[order]
    wanted = targets["kode_wilayah"].tolist()
    spans = [_span(codes, code) for code in wanted]
    under = np.zeros(len(codes), dtype=bool)
    for low, high in spans:
        under[low:high] = True
    snapshot = not (found[under] >= 0).any()
    position = {year: k for k, year in enumerate(years.tolist())}
    total, with_plus = np.zeros(len(targets), dtype=np.int64), np.zeros(len(targets), dtype=np.int64)
    for i, ((low, high), year) in enumerate(zip(spans, targets["tahun"].tolist(), strict=True)):
        inside = slice(low, high)
        if not snapshot:  # this year's villages only
            same = found[inside] == (-1 if year is pd.NA else position.get(int(year), -2))
            total[i], with_plus[i] = same.sum(), (plus[inside] & same).sum()
        else:
            total[i], with_plus[i] = high - low, plus[inside].sum()
    counts = pd.DataFrame({"jumlah_kampung": total, "mandiri_plus": with_plus}, index=targets.index)
    return pd.concat(
        [targets[["kode_wilayah", "tahun"]], counts, targets.drop(columns=["kode_wilayah", "tahun"])], axis=1
    )


def _span(codes: np.ndarray, code: str) -> tuple[int, int]:
    """The positions [low, high) in sorted desa `codes` of the villages under a target's `code`."""
    if code == "":
        return 0, len(codes)
    if len(code) in (2, 5, 8):  # a provinsi, kab/kota or kecamatan: every desa code that starts with it
        return int(np.searchsorted(codes, code, "left")), int(np.searchsorted(codes, code + "\U0010ffff", "left"))
    return int(np.searchsorted(codes, code, "left")), int(np.searchsorted(codes, code, "right"))  # a desa


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
    """The counts against the targets: shares, the targets as counts, gaps and whether each is met (the columns
    of `progress`). Worked out on arrays, the frame made once: a frame of a row or two costs far more per step."""
    jumlah = out["jumlah_kampung"].fillna(0).astype(int)
    plus = out["mandiri_plus"].fillna(0).astype(int)
    n, m = jumlah.to_numpy(), plus.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        persen = np.where(n > 0, 100.0 * m / np.where(n > 0, n, 1), 0.0).round(2)
    pct_target = pd.to_numeric(out["target_mandiri_plus_persen"], errors="coerce").to_numpy(dtype=float)
    target_kampung = pd.to_numeric(out["target_kampung"], errors="coerce").to_numpy(dtype=float)
    base = np.where(np.isnan(target_kampung), n, target_kampung)
    derived = np.array([_ceil_percent_of(p, b) for p, b in zip(pct_target, base, strict=True)], dtype=float)
    given = pd.to_numeric(out["target_mandiri_plus"], errors="coerce").to_numpy(dtype=float)
    target_plus = pd.Series(np.where(np.isnan(given), derived, given), index=out.index).astype("Int64")
    gap_villages = plus - target_plus
    gaps = gap_villages.to_numpy(dtype=float, na_value=np.nan)
    gap_points = (persen - pct_target).round(2)
    with np.errstate(invalid="ignore"):
        met = ((gap_points >= 0) | np.isnan(pct_target)) & ((gaps >= 0) | np.isnan(gaps))
        reached = pd.Series(n >= np.where(np.isnan(target_kampung), np.inf, target_kampung), index=out.index)
    judged = pd.DataFrame(
        {
            "kode_wilayah": out["kode_wilayah"],
            "tahun": out["tahun"],
            "jumlah_kampung": jumlah,
            "target_kampung": out["target_kampung"],
            "kampung_tercapai": reached.where(~np.isnan(target_kampung)),
            "mandiri_plus": plus,
            "persen_mandiri_plus": persen,
            "target_mandiri_plus_persen": out["target_mandiri_plus_persen"],
            "target_mandiri_plus": target_plus,
            "tercapai": pd.Series(met, index=out.index).where(~np.isnan(pct_target) | target_plus.notna().to_numpy()),
            "selisih_persen": gap_points,
            "selisih_jumlah": gap_villages,
        },
        index=out.index,
    )
    return judged.sort_values(["kode_wilayah"]).reset_index(drop=True)


def _ceil_percent_of(percent: float, base: float) -> float:
    """⌈percent % of base⌉, exact for decimal percentages (40 % of 234 = 93.6 → 94)."""
    if pd.isna(percent) or pd.isna(base):
        return np.nan
    return float(math.ceil(Fraction(str(percent)) * int(base) / 100))
