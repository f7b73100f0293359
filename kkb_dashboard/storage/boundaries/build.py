"""Building boundary layers from the upstream SQL dumps: scanning the INSERT rows, [lat, lng] paths to
polygons in GeoJSON order, repairing invalid ones. Pure: text in, GeoDataFrame out (no network, no files)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ...rules import regions

_PRECISION = 1e-6
#: The columns of every layer, cached or imported.
COLUMNS = ["kode", "nama", "level", "geometry"]


# ---------------------------------------------------------------- SQL dump scanning

_STRING = r"'([^'\\]*(?:(?:\\.|'')[^'\\]*)*)'"
_NUMBER = r"(?:NULL|[-+0-9.eE]+)"
_ROW = re.compile(
    rf"\(\s*{_STRING}\s*,\s*(?:{_STRING}|NULL)\s*,\s*{_NUMBER}\s*,\s*{_NUMBER}\s*,\s*(?:{_STRING}|NULL)\s*\)",
    re.S,
)
_ESCAPE = re.compile(r"\\(.)|''", re.S)
_ESCAPES = {"0": "\0", "n": "\n", "r": "\r", "t": "\t", "b": "\b", "Z": "\x1a"}


def _unescape(text: str) -> str:
    """Undo MySQL string escaping: backslash escapes and doubled quotes."""
    if "\\" not in text and "''" not in text:
        return text
    return _ESCAPE.sub(lambda m: "'" if m.group(1) is None else _ESCAPES.get(m.group(1), m.group(1)), text)


def parse_dump(text: str) -> list[tuple[str, str, str | None]]:
    """Rows of a `wilayah_boundaries` INSERT dump as (kode, nama, path JSON text or None).

    Only the text after the first `INSERT INTO` is scanned, so the licence header cannot produce rows.
    """
    start = text.find("INSERT INTO")
    if start < 0:
        return []
    rows = []
    for match in _ROW.finditer(text, start):
        kode, nama, path = match.group(1, 2, 3)
        nama = _unescape(nama).strip() if nama is not None else ""
        rows.append((_unescape(kode).strip(), nama, _unescape(path) if path is not None else None))
    return rows


# ---------------------------------------------------------------- geometry


def _ring(coords: list) -> np.ndarray | None:
    """[[lat, lng], ...] → a closed [lng, lat] ring rounded to 1e-6°, or None when degenerate."""
    arr = np.asarray(coords, dtype=float)
    if arr.ndim != 2 or arr.shape[0] < 3 or arr.shape[1] < 2:
        return None
    arr = np.round(arr[:, [1, 0]], 6)
    if not np.array_equal(arr[0], arr[-1]):
        arr = np.vstack([arr, arr[:1]])
    x, y = arr[:, 0], arr[:, 1]
    if len(arr) < 4 or np.dot(x[:-1], y[1:]) == np.dot(x[1:], y[:-1]):  # fewer than 3 points or zero area
        return None
    return arr


def _polygon(rings: list) -> shapely.Polygon | None:
    """One upstream polygon (shell then holes) → a shapely Polygon; None when the shell is degenerate."""
    built = [_ring(r) for r in rings]
    if not built or built[0] is None:
        return None
    return shapely.Polygon(built[0], [r for r in built[1:] if r is not None])


def _depth(value: object) -> int:
    depth = 0
    while isinstance(value, list) and value:
        value, depth = value[0], depth + 1
    return depth


def path_to_geometry(path: list | None) -> shapely.Geometry | None:
    """An upstream `path` (depth 3 Polygon, depth 4 MultiPolygon, [lat, lng]) → a shapely geometry or None."""
    depth = _depth(path)
    if depth < 2:
        return None
    polygons = {2: [[path]], 3: [path]}.get(depth, path)
    parts = [p for p in (_polygon(rings) for rings in polygons) if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def polygonal(geom: shapely.Geometry | None) -> shapely.Geometry | None:
    """Keep only the Polygon/MultiPolygon parts of `geom`; None when nothing areal is left."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    polygons = [q for p in parts for q in shapely.get_parts(p)]
    if not polygons:
        return None
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def repair(geometries: Iterable, codes: Iterable[str]) -> tuple[np.ndarray, list[str]]:
    """Make invalid geometries valid (`make_valid` structure + 1e-6 grid) and keep only polygonal parts.

    Returns the geometries (None where nothing areal is left) and the codes that needed repair.
    """
    geoms = np.array(list(geometries), dtype=object)
    codes = list(codes)
    present = ~shapely.is_missing(geoms)
    bad = present & ~shapely.is_valid(geoms)
    if bad.any():
        fixed = shapely.make_valid(geoms[bad], method="structure", keep_collapsed=False)
        geoms[bad] = shapely.set_precision(fixed, _PRECISION)
    geoms = np.array([polygonal(g) for g in geoms], dtype=object)
    return geoms, [c for c, b in zip(codes, bad, strict=True) if b]


def feature_frame(kode: list[str], nama: list[str], geometry: Iterable) -> gpd.GeoDataFrame:
    """The cached layout: kode, nama, level, geometry in EPSG:4326, sorted by kode."""
    frame = gpd.GeoDataFrame(
        {"kode": pd.Series(kode, dtype=object), "nama": pd.Series(nama, dtype=object)},
        geometry=gpd.GeoSeries(list(geometry), crs="EPSG:4326"),
    )
    frame.insert(2, "level", frame["kode"].map(regions.level_of).astype("int64"))
    return frame[COLUMNS].sort_values("kode", ignore_index=True)


def _json(text: str | None) -> list | None:
    """The parsed `path`; None for NULL or malformed JSON (the code is then reported as empty)."""
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def dump_to_frame(text: str, level: int) -> tuple[gpd.GeoDataFrame, list[str], list[str]]:
    """An upstream SQL dump → (features of `level`, repaired codes, codes without a usable polygon)."""
    rows = [r for r in parse_dump(text) if regions.level_of(r[0]) == level]
    geoms = [path_to_geometry(_json(p)) for _, _, p in rows]
    codes = [r[0] for r in rows]
    geoms, repaired = repair(geoms, codes)
    keep = [g is not None for g in geoms]
    empty = [c for c, k in zip(codes, keep, strict=True) if not k]
    frame = feature_frame(
        [c for c, k in zip(codes, keep, strict=True) if k],
        [r[1] for r, k in zip(rows, keep, strict=True) if k],
        geoms[keep],
    )
    return frame, repaired, empty
