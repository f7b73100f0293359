"""Geometry of the static layers: specks dropped, shared edges simplified once, snapped, within the size budget;
label points; and the framing of a plotly map on a set of features. Heavy work runs once per layer build."""

from __future__ import annotations

import gzip
import json
import math
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:
    import geopandas as gpd

MAX_BYTES = 5_000_000
MAX_GZIP_BYTES = 1_500_000


@dataclass(frozen=True)
class Simplify:
    """How hard one level is simplified. Degrees; 0.001° is about 110 m."""

    #: Visvalingam–Whyatt tolerance of `coverage_simplify` (≈ √ of the triangle areas removed).
    tolerance: float
    #: Parts of a multipolygon smaller than this (deg²) are dropped; a feature's largest part always stays.
    min_area: float
    #: Coordinates are snapped to this grid (1e-4° ≈ 11 m, 1e-5° ≈ 1 m).
    grid: float
    #: Slivers between neighbours narrower than this are merged away by `coverage_clean`.
    gap: float


#: Chosen by measuring the national layers and every province's desa (bench/bench_maps.py).
SETTINGS = {
    "provinsi": Simplify(tolerance=0.005, min_area=1e-5, grid=1e-4, gap=0.0),
    "kabkota": Simplify(tolerance=0.002, min_area=5e-6, grid=1e-4, gap=0.0),
    "kecamatan": Simplify(tolerance=0.001, min_area=1e-6, grid=1e-5, gap=1e-4),
    "desa": Simplify(tolerance=0.0005, min_area=1e-7, grid=1e-5, gap=1e-4),
}
#: When a file is still over budget, the tolerance is multiplied by these in turn.
_HARDER = (1, 2, 4, 8)


def _drop_specks(geoms: np.ndarray, min_area: float) -> np.ndarray:
    """Each geometry without the parts smaller than `min_area`, always keeping its largest part."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    area = shapely.area(parts)
    order = np.lexsort((-area, owner))
    largest = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
    keep = area >= min_area
    keep[largest] = True
    out = np.empty(len(geoms), dtype=object)
    # A MultiPolygon of one part is fine in GeoJSON, so every geometry becomes a multipolygon here.
    built = shapely.multipolygons(parts[keep], indices=owner[keep])
    out[: len(built)] = built
    return out


def _snap(geoms: np.ndarray, grid: float) -> np.ndarray:
    """Snap to `grid`; a small region that would collapse there keeps a 1e-6° grid instead (codes never vanish)."""
    snapped = shapely.set_precision(geoms, grid)
    lost = shapely.is_empty(snapped) | ~shapely.is_valid(snapped)
    if lost.any():
        snapped[lost] = shapely.set_precision(geoms[lost], 1e-6)
    return snapped


def _simplified(cleaned: np.ndarray, original: np.ndarray, settings: Simplify, tolerance: float) -> np.ndarray:
    out = _snap(shapely.coverage_simplify(cleaned, tolerance), settings.grid)
    # Cleaning can hand a sliver of a region entirely to its neighbour; then fall back to its own outline.
    empty = shapely.is_empty(out) | shapely.is_missing(out)
    if empty.any():
        alone = shapely.simplify(original[empty], tolerance / 10, preserve_topology=True)
        out[empty] = _snap(shapely.make_valid(alone), 1e-6)
    return out


def feature_collection(codes: list[str], geoms: np.ndarray) -> str:
    """A compact GeoJSON FeatureCollection: `id` and `properties.kode` only."""
    features = [
        f'{{"type":"Feature","id":{json.dumps(c)},"properties":{{"kode":{json.dumps(c)}}},'
        f'"geometry":{shapely.to_geojson(g)}}}'
        for c, g in zip(codes, geoms, strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def _bounds_json(codes: list[str], geoms: np.ndarray) -> str:
    boxes = shapely.bounds(geoms)
    return json.dumps(
        {c: [round(float(v), 4) for v in box] for c, box in zip(codes, boxes, strict=True)}, separators=(",", ":")
    )


def label_points(geoms) -> np.ndarray:
    """Where each geometry's name goes, as rows of (lon, lat, room): the centre of the largest circle inside its
    largest part (the pole of inaccessibility, so the point is inside even for a crescent or a ring-shaped
    region), and that circle's radius in degrees (how much room the name has: the roomiest are placed first)."""
    geoms = np.asarray(geoms, dtype=object)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    area = shapely.area(parts)
    order = np.lexsort((-area, owner))
    largest = parts[order[np.r_[True, owner[order][1:] != owner[order][:-1]]]]
    minx, miny, maxx, maxy = shapely.bounds(largest).T
    tolerance = np.maximum(np.hypot(maxx - minx, maxy - miny) / 500, 1e-6)
    circles = shapely.maximum_inscribed_circle(largest, tolerance)
    centres = shapely.get_point(circles, 0)
    return np.column_stack([shapely.get_x(centres), shapely.get_y(centres), shapely.length(circles)])


def _labels_json(codes: list[str], geoms: np.ndarray) -> str:
    points = label_points(geoms)
    return json.dumps(
        {
            c: [round(float(x), 5), round(float(y), 5), round(float(r), 5)]
            for c, (x, y, r) in zip(codes, points, strict=True)
        },
        separators=(",", ":"),
    )


def write_labels(path: Path) -> Path:
    """Write the labels sidecar of the layer file `path` from its own (simplified) geometry; returns its path."""
    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    codes = [f["properties"]["kode"] for f in features]
    geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
    target = path.with_suffix(".labels.json")
    write_atomic(target, _labels_json(codes, geoms))
    return target


def within_budget(text: str) -> bool:
    """≤ 5 MB as served, ≤ 1.5 MB gzipped."""
    data = text.encode("utf-8")
    return len(data) <= MAX_BYTES and len(gzip.compress(data, 6)) <= MAX_GZIP_BYTES


def layer_geojson(frame: gpd.GeoDataFrame, level: str) -> tuple[str, str]:
    """(GeoJSON text, bounds JSON text) for a cached layer, simplified harder until it is within budget."""
    settings = SETTINGS[level]
    codes = frame["kode"].tolist()
    original = np.asarray(frame.geometry.values, dtype=object)
    cleaned = shapely.coverage_clean(_drop_specks(original, settings.min_area), gap_width=settings.gap)
    for factor in _HARDER:
        geoms = _simplified(cleaned, original, settings, settings.tolerance * factor)
        text = feature_collection(codes, geoms)
        if within_budget(text):
            break
    return text, _bounds_json(codes, geoms)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# --- framing the view ------------------------------------------------------------------------------------------


def bbox_of(boxes: dict[str, tuple[float, float, float, float]], codes) -> tuple[float, float, float, float] | None:
    """The box around the given codes' features (None when none of them has a feature)."""
    found = np.array([boxes[c] for c in codes if c in boxes], dtype=float)
    if not len(found):
        return None
    return (found[:, 0].min(), found[:, 1].min(), found[:, 2].max(), found[:, 3].max())


def _mercator(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def view(bbox: tuple[float, float, float, float] | None, width: int = 800, height: int = 560) -> dict:
    """`center` and `zoom` of a plotly map (512-px tiles) showing `bbox` in a `width` × `height` frame."""
    if bbox is None:
        return {"center": {"lon": 118.0, "lat": -2.5}, "zoom": 3.4}
    minx, miny, maxx, maxy = bbox
    span_x = max(maxx - minx, 1e-4)
    span_y = max(_mercator(maxy) - _mercator(miny), 1e-6)
    zoom = min(math.log2(width * 360 / (512 * span_x)), math.log2(height * 2 * math.pi / (512 * span_y)))
    center_y = (_mercator(maxy) + _mercator(miny)) / 2
    lat = math.degrees(2 * math.atan(math.exp(center_y)) - math.pi / 2)
    return {"center": {"lon": round((minx + maxx) / 2, 5), "lat": round(lat, 5)}, "zoom": round(zoom - 0.15, 2)}
