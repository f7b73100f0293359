"""A user's own boundary file (GeoJSON, GeoPackage, zipped Shapefile, GeoParquet): read, checked, reprojected,
repaired, and merged into the cache in the same layout as downloaded layers."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ...errors import InputError
from ...i18n import t
from ...rules import regions
from .build import feature_frame, polygonal, repair
from .cache import cache_path, check_level, merge_into


@dataclass
class BoundaryReport:
    """What `read_boundary_file` found: rows kept, level, code column, CRS, repairs and rejected rows."""

    rows: int
    level: str
    code_column: str
    crs_from: str | None
    repaired: list[str] = field(default_factory=list)
    #: (row number counted from 1, the value as found, why it was rejected)
    rejected: list[tuple[int, object, str]] = field(default_factory=list)
    assumed_wgs84: bool = False
    #: Codes that appeared on several rows; their parts were merged into one feature.
    merged: list[str] = field(default_factory=list)


_CODE_NAMES = ("kode", "kode_wilayah", "kode_desa", "kode_kec", "kode_kab", "kode_prov", "kdepum", "id")
_NAME_NAMES = ("nama", "name", "nama_wilayah", "namobj")


def _read_any(path: Path, layer: str | None, lang: str) -> gpd.GeoDataFrame:
    """GeoParquet, or anything GDAL reads (GeoJSON, GeoPackage, zipped Shapefile); InputError otherwise."""
    try:
        if path.suffix.lower() == ".parquet":
            frame = gpd.read_parquet(path)
        else:
            if path.suffix.lower() == ".zip":
                _check_shapefile_parts(path, lang)
            source = f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)
            if layer is not None:
                _check_layer(source, layer, path, lang)
            frame = gpd.read_file(source, layer=layer, engine="pyogrio")
    except InputError:
        raise
    except Exception as error:  # GDAL, pyarrow and JSON errors all mean "not a readable spatial file"
        raise InputError(t("boundaries.unreadable", lang, reason=error), file=str(path)) from error
    if frame.empty:
        raise InputError(t("boundaries.empty", lang), file=str(path))
    return frame


#: A Shapefile is read from its geometry (.shp), its index (.shx) and its attributes (.dbf), zipped together.
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf")


def _check_shapefile_parts(path: Path, lang: str) -> None:
    """Every .shp in a zip needs its .shx and .dbf beside it (GDAL otherwise reads no rows, or fails obscurely)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        names = {name.lower() for name in archive.namelist()}
    for shp in sorted(n for n in names if n.endswith(".shp")):
        stem = shp[: -len(".shp")]
        missing = [stem + suffix for suffix in _SHAPEFILE_PARTS if stem + suffix not in names]
        if missing:
            raise InputError(
                t("boundaries.shapefile_incomplete", lang, shp=shp, missing=", ".join(missing)), file=str(path)
            )


def _check_layer(source: str, layer: str, path: Path, lang: str) -> None:
    import pyogrio

    names = [str(n) for n in pyogrio.list_layers(source)[:, 0]]
    if layer not in names:
        raise InputError(t("boundaries.layer_missing", lang, layer=layer, layers=", ".join(names)), file=str(path))


def _to_wgs84(frame: gpd.GeoDataFrame, path: Path, lang: str) -> tuple[gpd.GeoDataFrame, str | None, bool]:
    """The frame in EPSG:4326, the CRS it came in (None if it had none), and whether WGS84 was assumed.

    A file without a CRS, or with a geographic one (GDAL gives every GeoJSON EPSG:4326 whether or not it has a
    `crs` member), must hold degrees: numbers beyond ±180/±90 are projected coordinates (UTM metres, say) and
    are refused rather than stored as lon/lat."""
    if frame.crs is None or frame.crs.is_geographic:
        _check_degrees(frame, path, lang)
    if frame.crs is None:
        return frame.set_crs("EPSG:4326"), None, True
    crs_from = frame.crs.to_string()
    wgs84 = frame if frame.crs.to_epsg() == 4326 else frame.to_crs("EPSG:4326")
    _check_degrees(wgs84, path, lang)  # a wrongly declared CRS can project to infinities
    return wgs84, crs_from, False


def _check_degrees(frame: gpd.GeoDataFrame, path: Path, lang: str) -> None:
    minx, miny, maxx, maxy = frame.total_bounds
    if frame.geometry.notna().any() and not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        bounds = ", ".join(f"{v:.0f}" for v in frame.total_bounds)
        raise InputError(t("boundaries.projected_no_crs", lang, bounds=bounds), file=str(path))


def _code_share(values: pd.Series, known: bool) -> float:
    """The share of non-empty values that normalise to a code (and, if `known`, exist in the registry)."""
    values = values.dropna()
    if values.empty:
        return 0.0
    codes = [regions.normalize_code(v) for v in values]
    return sum(c is not None and (not known or regions.is_known(c)) for c in codes) / len(codes)


def _code_column(frame: gpd.GeoDataFrame, code_column: str | None, path: Path, lang: str) -> str:
    """The explicit column, else a conventionally named one holding codes, else the first column of codes."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    if code_column:
        if code_column not in columns:
            raise InputError(
                t("boundaries.code_column_absent", lang, column=code_column, columns=", ".join(map(str, columns))),
                file=str(path),
            )
        return code_column
    by_name = {str(c).lower(): c for c in columns}
    for name in _CODE_NAMES:
        if name in by_name and _code_share(frame[by_name[name]], known=False) >= 0.5:
            return by_name[name]
    for column in columns:
        if _code_share(frame[column], known=True) >= 0.8:
            return column
    raise InputError(t("boundaries.no_code_column", lang, columns=", ".join(map(str, columns))), file=str(path))


def _rejects(values: pd.Series, geoms: np.ndarray, lang: str) -> tuple[list, list[tuple[int, object, str]]]:
    """Normalised codes (None for rejected rows) and the rejected rows as (row, value, reason)."""
    codes, rejected = [], []
    for row, (value, geom) in enumerate(zip(values, geoms, strict=True), start=1):
        value = None if value is None or pd.isna(value) else value  # NaN is no code, and not JSON either
        code = regions.normalize_code(value) if value is not None else None
        reason = (
            "boundaries.reject_no_code"
            if value is None or str(value).strip() == ""
            else "boundaries.reject_unparseable"
            if code is None
            else "boundaries.reject_unknown"
            if not regions.is_known(code)
            else "boundaries.reject_no_geometry"
            if geom is None
            else None
        )
        codes.append(None if reason else code)
        if reason:
            rejected.append((row, value, t(reason, lang)))
    return codes, rejected


def _level(codes: list[str], level: str | int | None, path: Path, lang: str) -> str:
    """The one level all codes share; InputError for mixed levels or a level other than the one asked for."""
    found = sorted({regions.level_of(c) for c in codes})
    if len(found) > 1:
        levels = ", ".join(regions.LEVELS[n] for n in found)
        raise InputError(t("boundaries.mixed_levels", lang, levels=levels), file=str(path))
    wanted = regions.LEVELS.get(level, level) if level is not None else None
    if wanted is not None:
        check_level(wanted, lang)
        if found and regions.LEVELS[found[0]] != wanted:
            raise InputError(
                t("boundaries.wrong_level", lang, found=regions.LEVELS[found[0]], expected=wanted, example=codes[0]),
                file=str(path),
            )
    return regions.LEVELS[found[0]] if found else wanted or ""


def _names(frame: gpd.GeoDataFrame, keep: np.ndarray, codes: list[str]) -> list[str]:
    """Names from a name column when the file has one, else the official names of the codes."""
    by_name = {str(c).lower(): c for c in frame.columns}
    column = next((by_name[n] for n in _NAME_NAMES if n in by_name), None)
    if column is None:
        return [regions.name_of(c) for c in codes]
    return [
        str(v).strip() if pd.notna(v) else regions.name_of(c)
        for v, c in zip(frame[column].to_numpy()[keep], codes, strict=True)
    ]


def _dissolve(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """One feature per code: rows sharing a code (multipart features split over rows) are unioned."""
    dup = frame["kode"].duplicated(keep=False)
    if not dup.any():
        return frame, []
    merged = (
        frame[dup].groupby("kode", sort=False).agg({"nama": "first", "level": "first", "geometry": shapely.union_all})
    )
    whole = pd.concat([frame[~dup], merged.reset_index()], ignore_index=True)
    whole = gpd.GeoDataFrame(whole, geometry="geometry", crs="EPSG:4326")
    return whole.sort_values("kode", ignore_index=True), sorted(merged.index)


def read_boundary_file(
    path: str | os.PathLike,
    *,
    level: str | int | None = None,
    code_column: str | None = None,
    layer: str | None = None,
    lang: str = "id",
) -> tuple[gpd.GeoDataFrame, BoundaryReport]:
    """A user's boundary file as (kode, nama, level, geometry in EPSG:4326) plus a report of what was done.

    Reads GeoJSON, GeoPackage (first or `layer`), a zipped Shapefile and GeoParquet. Codes come from
    `code_column` or a detected column and are normalised; rows with unusable codes or no polygon are
    rejected and listed; invalid polygons are repaired. Raises InputError for an unreadable file, no code
    column, mixed levels, or codes of a level other than `level`.
    """
    path = Path(path)
    frame, crs_from, assumed = _to_wgs84(_read_any(path, layer, lang), path, lang)
    column = _code_column(frame, code_column, path, lang)
    geoms = np.array([polygonal(g) for g in frame.geometry], dtype=object)
    codes, rejected = _rejects(frame[column], geoms, lang)
    keep = np.array([c is not None for c in codes], dtype=bool)
    kept = [c for c in codes if c is not None]
    found_level = _level(kept, level, path, lang)
    fixed, repaired = repair(geoms[keep], kept)
    result = feature_frame(kept, _names(frame, keep, kept), fixed)
    result, merged = _dissolve(result[result.geometry.notna()].reset_index(drop=True))
    if result.empty:
        raise InputError(t("boundaries.no_rows", lang, rejected=len(rejected)), file=str(path))
    report = BoundaryReport(
        rows=len(result),
        level=found_level,
        code_column=str(column),
        crs_from=crs_from,
        repaired=repaired,
        rejected=rejected,
        assumed_wgs84=assumed,
        merged=merged,
    )
    return result, report


def import_file(
    path: str | os.PathLike,
    *,
    level: str | int | None = None,
    code_column: str | None = None,
    layer: str | None = None,
    cache_dir: str | os.PathLike | None = None,
    lang: str = "id",
) -> BoundaryReport:
    """Read a user's boundary file and merge it into the cache (its features replace cached ones by code).

    Stored in the same layout as `fetch`, so the app uses it exactly like downloaded boundaries.
    """
    frame, report = read_boundary_file(path, level=level, code_column=code_column, layer=layer, lang=lang)
    if report.level in ("kecamatan", "desa"):
        for prov, part in frame.groupby(frame["kode"].str.slice(0, 2)):
            merge_into(cache_path(report.level, prov, cache_dir), part)
    else:
        merge_into(cache_path(report.level, None, cache_dir), frame)
    return report
