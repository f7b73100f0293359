"""The boundary cache: one GeoParquet file per layer under `config.boundary_cache_dir()` (`provinsi.parquet`,
`kabkota.parquet`, `kecamatan_PP.parquet`, `desa_PP.parquet`), written atomically, read by the map."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq

from ... import config
from ...errors import InputError
from ...i18n import t
from ...rules import regions
from .build import COLUMNS

LEVELS = ("provinsi", "kabkota", "kecamatan", "desa")


def check_level(level: str, lang: str) -> str:
    if level not in LEVELS:
        raise InputError(t("boundaries.level_unknown", lang, level=level, choices=", ".join(LEVELS)))
    return level


def cache_path(level: str, prov: str | None = None, cache_dir: str | os.PathLike | None = None) -> Path:
    """The GeoParquet file of a layer: national for provinsi/kabkota, per province for kecamatan/desa."""
    root = Path(cache_dir) if cache_dir else config.boundary_cache_dir()
    return root / (f"{level}_{prov}.parquet" if level in ("kecamatan", "desa") else f"{level}.parquet")


def cached_codes(path: Path) -> list[str]:
    """The codes already in a cached layer (reads only the `kode` column)."""
    if not path.exists():
        return []
    return pq.read_table(path, columns=["kode"]).column("kode").to_pylist()


def _write_atomic(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write GeoParquet to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def merge_into(path: Path, new: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Cached features plus `new`, where `new` replaces cached features with the same codes; written back."""
    if path.exists():
        old = gpd.read_parquet(path)
        old = old[~old["kode"].isin(new["kode"])]
        new = pd.concat([old[COLUMNS], new[COLUMNS]], ignore_index=True)
    merged = gpd.GeoDataFrame(new, geometry="geometry", crs="EPSG:4326")
    merged = merged.sort_values("kode", ignore_index=True)
    _write_atomic(merged, path)
    return merged


def cached_files(cache_dir: str | os.PathLike | None) -> list[tuple[str, str | None, Path]]:
    """(level, prov or None, file) for every cached layer, in level then province order."""
    root = Path(cache_dir) if cache_dir else config.boundary_cache_dir()
    found = []
    for path in sorted(root.glob("*.parquet")) if root.exists() else []:
        level, _, prov = path.stem.partition("_")
        if level in LEVELS:
            found.append((level, prov or None, path))
    return sorted(found, key=lambda f: (LEVELS.index(f[0]), f[1] or ""))


def load(level: str, prov: str | None = None, cache_dir: str | os.PathLike | None = None) -> gpd.GeoDataFrame | None:
    """The cached layer (kode, nama, level, geometry; EPSG:4326), or None when nothing is cached.

    With `prov`, only that province's features; kecamatan/desa with `prov=None` joins every cached province.
    """
    check_level(level, "id")
    prov = regions.normalize_code(prov) if prov else None
    if level in ("kecamatan", "desa") and prov is None:
        paths = [p for lv, _, p in cached_files(cache_dir) if lv == level]
    else:
        paths = [p for p in [cache_path(level, prov, cache_dir)] if p.exists()]
    if not paths:
        return None
    frame = pd.concat([gpd.read_parquet(p) for p in paths], ignore_index=True)
    if prov and level in ("provinsi", "kabkota"):
        frame = frame[frame["kode"].str.slice(0, 2) == prov].reset_index(drop=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326") if len(frame) else None


def status(cache_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per cached layer: level, prov ("" for national layers), features, bytes, modified."""
    rows = []
    for level, prov, path in cached_files(cache_dir):
        stat = path.stat()
        modified = dt.datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0)
        rows.append(
            {
                "level": level,
                "prov": prov or "",
                "features": pq.ParquetFile(path).metadata.num_rows,
                "bytes": stat.st_size,
                "modified": modified,
            }
        )
    return pd.DataFrame(rows, columns=["level", "prov", "features", "bytes", "modified"])
