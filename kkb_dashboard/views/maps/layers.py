"""Static boundary files for the map: simplified once per layer, served by Streamlit, fetched by the browser by URL.

Heavy geometry work happens here, once, never on a rerun. `build_static` reads the boundary cache
(`boundaries.load`), cleans it into a polygonal coverage, drops specks of islands, simplifies shared edges once
for both neighbours (`shapely.coverage_simplify`, so no gaps or overlaps appear between regions), snaps to a
grid and writes `static/geo/<level>.geojson` (provinsi, kabkota: national) or `static/geo/<level>_<PP>.geojson`
(kecamatan, desa: one province), with only `id` and `kode` per feature, plus a sidecar `<name>.bounds.json`
(code → [minx, miny, maxx, maxy]) from which the map is framed and, for the levels named on the map, a sidecar
`<name>.labels.json` (code → [lon, lat, room]: where its name goes). A figure then carries only the file's URL,
codes and values. Budgets: each file ≤ 5 MB and ≤ 1.5 MB gzipped; a layer over budget is simplified harder.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import json
import math
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from ...errors import InputError
from ...i18n import t
from ...rules import regions
from ...storage import boundaries

#: Compact layers committed in git under `static/layers/` (built by tools/build_layers.py from the pinned upstream):
#: the national provinsi and kab/kota layers and the demo regions' kecamatan and desa, so the map draws on a first
#: start with no network. Used only while the boundary cache lacks the layer; anything built from it wins.
SHIPPED_DIR = "layers"
MAX_BYTES = 5_000_000
MAX_GZIP_BYTES = 1_500_000
#: Where Streamlit serves `static/` (`server.enableStaticServing`); relative, so any base path works.
URL_PREFIX = "app/static/geo"
_REPO_STATIC = Path(__file__).resolve().parents[3] / "static"
_NATIONAL = ("provinsi", "kabkota")
#: Levels whose regions are named on the map; desa are too many and too small to name.
LABELLED = ("provinsi", "kabkota", "kecamatan")

Progress = Callable[[float, str], None]


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


# --- names and places ------------------------------------------------------------------------------------------


def static_root(static_dir: str | os.PathLike | None = None) -> Path:
    """The folder Streamlit serves: `static_dir`, else `KKB_STATIC_DIR`, else the repository's `static/`."""
    return Path(static_dir or os.environ.get("KKB_STATIC_DIR") or _REPO_STATIC)


def file_name(level: str, prov: str | None = None) -> str:
    """`provinsi.geojson`, `kabkota.geojson` (national) or `desa_36.geojson` (one province)."""
    return f"{level}.geojson" if level in _NATIONAL else f"{level}_{prov}.geojson"


def static_path(level: str, prov: str | None = None, static_dir: str | os.PathLike | None = None) -> Path:
    """The GeoJSON file of a layer under `static/geo/`."""
    return static_root(static_dir) / "geo" / file_name(level, prov)


def bounds_path(level: str, prov: str | None = None, static_dir: str | os.PathLike | None = None) -> Path:
    """The sidecar with each feature's bounding box."""
    return static_path(level, prov, static_dir).with_suffix(".bounds.json")


def labels_path(level: str, prov: str | None = None, static_dir: str | os.PathLike | None = None) -> Path:
    """The sidecar with where each feature's name goes (levels in `LABELLED` only)."""
    return static_path(level, prov, static_dir).with_suffix(".labels.json")


def geometry_url(level: str, prov: str | None = None, static_dir: str | os.PathLike | None = None) -> str:
    """The URL the browser fetches the layer from, with the file's version so a rebuilt file is refetched."""
    path = static_path(level, prov, static_dir)
    version = f"?v={int(path.stat().st_mtime)}" if path.exists() else ""
    return f"{URL_PREFIX}/{path.name}{version}"


def shipped_path(level: str, prov: str | None = None, static_dir: str | os.PathLike | None = None) -> Path:
    """The compact layer shipped in git under `static/layers/`."""
    return static_root(static_dir) / SHIPPED_DIR / file_name(level, prov)


def _drawn_path(level: str, prov: str | None, static_dir) -> Path:
    """The built layer when there is one, else the shipped one (for pictures and the folium export)."""
    built = static_path(level, prov, static_dir)
    return built if built.exists() else shipped_path(level, prov, static_dir)


def layer_for(wilayah: str) -> tuple[str, str | None]:
    """The layer drawn one level below `wilayah`: Indonesia → (provinsi, None); a provinsi → (kabkota, PP),
    drawn from the national kabkota file; a kab/kota → (kecamatan, PP); a kecamatan → (desa, PP)."""
    level = regions.level_of(wilayah)
    if level == 0:
        return "provinsi", None
    return regions.LEVELS[min(level + 1, 4)], wilayah[:2]


# --- what is there ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _read_bounds(path: str, mtime: float) -> dict[str, tuple[float, float, float, float]]:
    with open(path, encoding="utf-8") as handle:
        return {code: tuple(box) for code, box in json.load(handle).items()}


def feature_bounds(
    level: str, prov: str | None = None, static_dir: str | os.PathLike | None = None
) -> dict[str, tuple[float, float, float, float]]:
    """Code → (minx, miny, maxx, maxy) of every feature in the layer's static file ({} when not built)."""
    path = bounds_path(level, prov, static_dir)
    if not path.exists():
        return {}
    return _read_bounds(str(path), path.stat().st_mtime)


def _boxes(path: Path) -> dict[str, tuple[float, float, float, float]]:
    bounds = path.with_suffix(".bounds.json")
    return _read_bounds(str(bounds), bounds.stat().st_mtime) if bounds.exists() else {}


@functools.lru_cache(maxsize=64)
def _read_labels(path: str, mtime: float) -> dict[str, tuple[float, float, float]]:
    with open(path, encoding="utf-8") as handle:
        return {code: tuple(point) for code, point in json.load(handle).items()}


def _labels(path: Path) -> dict[str, tuple[float, float, float]]:
    """Code → (lon, lat, room) beside the layer file `path` ({} when it has none)."""
    labels = path.with_suffix(".labels.json")
    return _read_labels(str(labels), labels.stat().st_mtime) if labels.exists() else {}


def _covers(boxes: dict, wilayah: str) -> bool:
    """Does a layer hold the regions drawn for `wilayah` (those whose code starts with it)?"""
    prefix = wilayah + "." if wilayah else ""
    return any(code.startswith(prefix) for code in boxes)


def shipped(level: str, prov: str | None, wilayah: str = "", static_dir: str | os.PathLike | None = None) -> bool:
    """Is there a shipped layer holding the sub-regions of `wilayah`?"""
    path = shipped_path(level, prov, static_dir)
    return path.exists() and _covers(_boxes(path), wilayah)


@dataclass(frozen=True)
class Layer:
    """What a map needs of a layer: the URL the browser fetches, each feature's box (for the framing) and where
    each feature's name goes (empty for desa)."""

    url: str
    bounds: dict[str, tuple[float, float, float, float]]
    labels: dict[str, tuple[float, float, float]] = dataclasses.field(default_factory=dict)


def _url(path: Path) -> str:
    """The served URL of a file under the static folder, with its version so a rebuilt file is refetched."""
    version = f"?v={int(path.stat().st_mtime)}" if path.exists() else ""
    return f"app/static/{path.parent.name}/{path.name}{version}"


def layer_source(
    level: str,
    prov: str | None = None,
    wilayah: str = "",
    *,
    cache_dir: str | os.PathLike | None = None,
    static_dir: str | os.PathLike | None = None,
) -> Layer:
    """The layer to draw `wilayah`'s sub-regions from: the one built from the boundary cache when it is current,
    else the shipped one when it holds them, else the built file (whatever is there)."""
    built = static_path(level, prov, static_dir)
    if not up_to_date(level, prov, cache_dir=cache_dir, static_dir=static_dir) and shipped(
        level, prov, wilayah, static_dir
    ):
        chosen = shipped_path(level, prov, static_dir)
    else:
        chosen = built
    if not chosen.exists():
        return Layer(_url(chosen), {})
    return Layer(_url(chosen), _boxes(chosen), _labels(chosen) if level in LABELLED else {})


def build_cached(cache_dir: str | os.PathLike | None = None, static_dir: str | os.PathLike | None = None) -> list[Path]:
    """Build the static file of every cached layer that lacks a current one (at server start-up and after an
    import), so no visitor waits for it; returns the files written. A layer that fails is left for the page."""
    written = []
    for level, prov, _ in boundaries.cached_files(cache_dir):
        if up_to_date(level, prov, cache_dir=cache_dir, static_dir=static_dir):
            continue
        try:
            written.append(build_static(level, prov, cache_dir=cache_dir, static_dir=static_dir))
        except (InputError, OSError, ValueError):
            continue
    return written


def available(level: str, prov: str | None = None, static_dir: str | os.PathLike | None = None) -> bool:
    """Is the layer's static file there (for kabkota with `prov`: does it hold that province's kab/kota)?"""
    if not static_path(level, prov, static_dir).exists():
        return False
    codes = feature_bounds(level, prov, static_dir)
    return any(c.startswith(prov + ".") for c in codes) if level == "kabkota" and prov else bool(codes)


def _cache_file(level: str, prov: str | None, cache_dir) -> Path:
    return boundaries.cache_path(level, None if level in _NATIONAL else prov, cache_dir)


def needs_fetch(level: str, prov: str | None = None, cache_dir: str | os.PathLike | None = None) -> bool:
    """True when the boundary cache lacks the layer (or, for kabkota with `prov`, that province)."""
    path = _cache_file(level, prov, cache_dir)
    if not path.exists():
        return True
    if level == "kabkota" and prov:
        import pyarrow.parquet as pq

        codes = pq.read_table(path, columns=["kode"]).column("kode").to_pylist()
        return not any(c.startswith(prov + ".") for c in codes)
    return False


def up_to_date(
    level: str,
    prov: str | None = None,
    *,
    cache_dir: str | os.PathLike | None = None,
    static_dir: str | os.PathLike | None = None,
) -> bool:
    """The static file exists, is not older than the cached layer, and holds what `prov` needs."""
    source, target = _cache_file(level, prov, cache_dir), static_path(level, prov, static_dir)
    if not (source.exists() and target.exists() and bounds_path(level, prov, static_dir).exists()):
        return False
    if level in LABELLED and not labels_path(level, prov, static_dir).exists():
        return False
    return target.stat().st_mtime >= source.stat().st_mtime and available(level, prov, static_dir)


# --- geometry ----------------------------------------------------------------------------------------------------


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
    _write_atomic(target, _labels_json(codes, geoms))
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


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# --- the build -------------------------------------------------------------------------------------------------


def _checked(level: str, prov: str | None, lang: str) -> str | None:
    if level not in boundaries.LEVELS:
        raise InputError(t("boundaries.level_unknown", lang, level=level, choices=", ".join(boundaries.LEVELS)))
    code = regions.normalize_code(prov) if prov else None
    if prov and (code is None or regions.level_of(code) != 1):
        raise InputError(t("boundaries.prov_unknown", lang, prov=prov))
    if level not in _NATIONAL and code is None:
        raise InputError(t("boundaries.prov_required", lang, level=level))
    return code


def build_static(
    level: str,
    prov: str | None = None,
    *,
    cache_dir: str | os.PathLike | None = None,
    static_dir: str | os.PathLike | None = None,
    progress: Progress | None = None,
    lang: str = "id",
) -> Path:
    """Make sure the layer's static GeoJSON exists and is current; returns its path.

    Fetches the boundaries first when the cache lacks them (`boundaries.fetch`, `progress` passed through;
    raises InputError saying how to get them when that fails). Skips the work when the file is up to date.
    For kabkota, `prov` only asks that this province be present; the file stays national.
    """
    prov = _checked(level, prov, lang)
    if needs_fetch(level, prov, cache_dir):
        boundaries.fetch(level, prov, cache_dir=cache_dir, progress=progress, lang=lang)
    target = static_path(level, prov, static_dir)
    if up_to_date(level, prov, cache_dir=cache_dir, static_dir=static_dir):
        return target
    if progress:
        progress(1.0, t("maps.building", lang, level=level))
    frame = boundaries.load(level, None if level in _NATIONAL else prov, cache_dir)
    if frame is None:
        raise InputError(t("maps.no_boundaries", lang, level=level, prov=prov or ""))
    text, boxes = layer_geojson(frame, level)
    _write_atomic(bounds_path(level, prov, static_dir), boxes)
    _write_atomic(target, text)
    if level in LABELLED:
        write_labels(target)
    return target


def load_static(
    level: str, prov: str | None = None, static_dir: str | os.PathLike | None = None
) -> gpd.GeoDataFrame | None:
    """The simplified layer as a GeoDataFrame (kode, geometry), e.g. for the folium map (the shipped one when none
    is built); None if there is neither."""
    path = _drawn_path(level, prov, static_dir)
    if not path.exists():
        return None
    frame = gpd.read_file(path, engine="pyogrio")
    return frame[["kode", "geometry"]].set_crs("EPSG:4326", allow_override=True)


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


# --- a small picture of the layer (SVG) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Outline:
    """A feature's rings (exteriors and holes) one after another, projected: x in radians of longitude, y Web
    Mercator; ring `i` is `x[starts[i]:starts[i + 1]]`."""

    x: np.ndarray
    y: np.ndarray
    starts: np.ndarray


@functools.lru_cache(maxsize=8)
def _read_outlines(path: str, mtime: float) -> dict[str, Outline]:
    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    out = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = [ring for polygon in polygons for ring in polygon]
        points = np.asarray([point for ring in rings for point in ring], dtype=float).reshape(-1, 2)
        starts = np.cumsum([0] + [len(ring) for ring in rings])
        out[feature["properties"]["kode"]] = Outline(np.radians(points[:, 0]), _mercator_y(points[:, 1]), starts)
    return out


def _mercator_y(lat: np.ndarray) -> np.ndarray:
    return np.log(np.tan(np.pi / 4 + np.radians(np.clip(lat, -85.0, 85.0)) / 2))


#: A ring smaller than this on the picture (units²) is left out, unless it is the region's largest: specks of
#: islands would only add bytes.
_MIN_PICTURE_AREA = 3.0


def _path(outline: Outline, left: float, top: float, scale: float) -> str:
    """SVG path data of one feature: each ring snapped to whole units, repeated points dropped, in relative
    moves; rings under `_MIN_PICTURE_AREA` dropped but the largest."""
    x = np.rint((outline.x - left) * scale).astype(np.int64)
    y = np.rint((top - outline.y) * scale).astype(np.int64)
    ring = np.repeat(np.arange(len(outline.starts) - 1), np.diff(outline.starts))
    keep = np.ones(len(x), dtype=bool)
    keep[1:] = (np.diff(x) != 0) | (np.diff(y) != 0) | (np.diff(ring) != 0)
    x, y, ring = x[keep], y[keep], ring[keep]
    starts = np.flatnonzero(np.r_[True, np.diff(ring) != 0])
    ends = np.r_[starts[1:], len(x)]
    nxt = np.arange(1, len(x) + 1)
    nxt[ends - 1] = starts  # each ring closes on its first point
    area = np.abs(np.add.reduceat(x * y[nxt] - x[nxt] * y, starts)) / 2
    counts = ends - starts
    largest = int(np.argmax(np.where(counts >= 3, area, -1)))
    steps = []
    for index, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        if counts[index] < 3 or (area[index] < _MIN_PICTURE_AREA and index != largest):
            continue
        moves = np.column_stack([np.diff(x[start:end]), np.diff(y[start:end])]).ravel().tolist()
        steps.append(f"M{x[start]} {y[start]}l" + " ".join(map(str, moves)) + "z")
    return "".join(steps)


@functools.lru_cache(maxsize=64)
def _picture(
    path: str, mtime: float, codes: tuple[str, ...], width: int, height: int
) -> tuple[int, int, dict[str, str]]:
    shapes = _read_outlines(path, mtime)
    found = [(code, shapes[code]) for code in codes if code in shapes]
    if not found:
        return 0, 0, {}
    left = min(o.x.min() for _, o in found)
    right = max(o.x.max() for _, o in found)
    bottom = min(o.y.min() for _, o in found)
    top = max(o.y.max() for _, o in found)
    scale = min(width / max(right - left, 1e-9), height / max(top - bottom, 1e-9))
    paths = {code: _path(outline, left, top, scale) for code, outline in found}
    return round((right - left) * scale), round((top - bottom) * scale), {c: p for c, p in paths.items() if p}


def read_national_outlines(static_dir: str | os.PathLike | None = None) -> None:
    """Read the national provinsi and kab/kota layers into `picture`'s cache: the overview of Indonesia and of any
    province draws its small map from one of these two files (done at server start, see `warmup`)."""
    for level in _NATIONAL:
        path = _drawn_path(level, None, static_dir)
        if path.exists():
            _read_outlines(str(path), path.stat().st_mtime)


def picture(
    level: str,
    prov: str | None,
    codes,
    static_dir: str | os.PathLike | None = None,
    *,
    width: int = 1000,
    height: int = 400,
) -> tuple[int, int, dict[str, str]]:
    """The features of `codes` as SVG path data on a picture of at most `width` × `height` units, Web Mercator
    like the plotly map and framed on these features: (picture width, picture height, code → path). Points are
    snapped to whole units and specks of islands left out, so Indonesia's provinces take ~55 KB instead of the
    file's 590 KB. Cached per file version and codes, so a rerun only colours it; empty when not built (nor
    shipped)."""
    path = _drawn_path(level, prov, static_dir)
    if not path.exists():
        return 0, 0, {}
    return _picture(str(path), path.stat().st_mtime, tuple(sorted(codes)), width, height)
