"""Administrative boundaries: download the pinned upstream SQL dumps or import a user's file; cache them.

The upstream is `cahyadsn/wilayah_boundaries` (MIT), whose `path` column holds [lat, lng] JSON arrays.
Everything is converted once to GeoJSON order, repaired, and cached as GeoParquet per layer under
`config.boundary_cache_dir()`: `provinsi.parquet`, `kabkota.parquet` (national, filled province by
province), `kecamatan_PP.parquet` and `desa_PP.parquet`. Reruns of the app only read those files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import shapely

from . import config, regions
from .errors import InputError
from .i18n import t

LEVELS = ("provinsi", "kabkota", "kecamatan", "desa")
#: Upstream `db/prov/wilayah_boundaries_prov_N.sql` → the provinces it holds.
PROV_FILES: dict[int, tuple[str, ...]] = {
    1: ("11", "12", "13", "14", "15"),
    2: ("16", "17", "18", "19", "21"),
    3: ("31", "32", "33", "34", "35"),
    4: ("36", "51", "52", "53", "61"),
    5: ("62", "63", "64", "65", "71"),
    6: ("72", "73", "74", "75", "76"),
    7: ("81", "82", "91", "92"),
    8: ("93", "94", "95", "96"),
}
TIMEOUT_SECONDS = 60
_DOWNLOAD_WORKERS = 4
_PRECISION = 1e-6
_COLUMNS = ["kode", "nama", "level", "geometry"]

ATTRIBUTION = {lang: t("boundaries.attribution", lang, commit=config.BOUNDARY_COMMIT[:7]) for lang in ("id", "en")}
_LICENSE_FILE = Path(__file__).resolve().parent / "licenses" / "wilayah_boundaries-MIT.txt"

Progress = Callable[[float, str], None]


@dataclass
class FetchResult:
    """What one `fetch` did: counts, the URLs downloaded or missing, repaired codes and the time taken."""

    level: str
    prov: str | None
    features: int = 0
    files: list[str] = field(default_factory=list)
    skipped_cached: bool = False
    repaired: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0
    bytes_downloaded: int = 0
    #: Codes whose upstream path was NULL or had no usable ring; they are left out of the layer.
    empty: list[str] = field(default_factory=list)


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


def license_text() -> str:
    """The upstream MIT licence, which must be shown or shipped with any data derived from it."""
    return _LICENSE_FILE.read_text(encoding="utf-8")


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


def _polygonal(geom: shapely.Geometry | None) -> shapely.Geometry | None:
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
    geoms = np.array([_polygonal(g) for g in geoms], dtype=object)
    return geoms, [c for c, b in zip(codes, bad, strict=True) if b]


def _frame(kode: list[str], nama: list[str], geometry: Iterable) -> gpd.GeoDataFrame:
    """The cached layout: kode, nama, level, geometry in EPSG:4326, sorted by kode."""
    frame = gpd.GeoDataFrame(
        {"kode": pd.Series(kode, dtype=object), "nama": pd.Series(nama, dtype=object)},
        geometry=gpd.GeoSeries(list(geometry), crs="EPSG:4326"),
    )
    frame.insert(2, "level", frame["kode"].map(regions.level_of).astype("int64"))
    return frame[_COLUMNS].sort_values("kode", ignore_index=True)


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
    frame = _frame(
        [c for c, k in zip(codes, keep, strict=True) if k],
        [r[1] for r, k in zip(rows, keep, strict=True) if k],
        geoms[keep],
    )
    return frame, repaired, empty


# ---------------------------------------------------------------- what to download


@dataclass(frozen=True)
class _Source:
    """One upstream file and the code prefixes (provinces or kab/kota) it provides."""

    path: str
    keys: tuple[str, ...]


def _check_level(level: str, lang: str) -> str:
    if level not in LEVELS:
        raise InputError(t("boundaries.level_unknown", lang, level=level, choices=", ".join(LEVELS)))
    return level


def _check_prov(level: str, prov: str | None, lang: str) -> str | None:
    """The normalised province code; InputError when it is needed and absent, or unknown."""
    if prov is None or prov == "":
        if level in ("kecamatan", "desa"):
            raise InputError(t("boundaries.prov_required", lang, level=level))
        return None
    code = regions.normalize_code(prov)
    if code is None or regions.level_of(code) != 1 or not regions.is_known(code):
        raise InputError(t("boundaries.prov_unknown", lang, prov=prov))
    return code


def _sources(level: str, prov: str | None) -> list[_Source]:
    """The upstream files that make up one layer (national or one province)."""
    if level == "provinsi":
        return [_Source(f"db/prov/wilayah_boundaries_prov_{n}.sql", keys) for n, keys in PROV_FILES.items()]
    if level == "kabkota":
        provs = [prov] if prov else regions.children("")["kode"].tolist()
        return [_Source(f"db/kab/wilayah_boundaries_kab_{p}.sql", (p,)) for p in provs]
    if level == "kecamatan":
        return [_Source(f"db/kec/wilayah_boundaries_kec_{prov}.sql", (prov,))]
    kabs = regions.children(prov)["kode"].tolist()
    return [_Source(f"db/kel/{prov}/wilayah_boundaries_kel_{k}.sql", (k,)) for k in kabs]


def cache_path(level: str, prov: str | None = None, cache_dir: str | os.PathLike | None = None) -> Path:
    """The GeoParquet file of a layer: national for provinsi/kabkota, per province for kecamatan/desa."""
    root = Path(cache_dir) if cache_dir else config.boundary_cache_dir()
    return root / (f"{level}_{prov}.parquet" if level in ("kecamatan", "desa") else f"{level}.parquet")


def _cached_codes(path: Path) -> list[str]:
    """The codes already in a cached layer (reads only the `kode` column)."""
    if not path.exists():
        return []
    return pq.read_table(path, columns=["kode"]).column("kode").to_pylist()


def _needed(sources: list[_Source], cached: list[str], force: bool) -> tuple[list[_Source], set[str]]:
    """Sources with at least one key absent from the cache, and the absent keys themselves."""
    if force:
        return sources, {k for s in sources for k in s.keys}
    widths = {len(k) for s in sources for k in s.keys}
    have = {c[:w] for c in cached for w in widths}
    todo = [s for s in sources if any(k not in have for k in s.keys)]
    return todo, {k for s in todo for k in s.keys if k not in have}


# ---------------------------------------------------------------- download


def _base(base_url: str | None) -> str:
    """The base URL without a trailing slash; a plain folder path becomes a file:// URL."""
    base = (base_url or config.boundary_url()).rstrip("/")
    return base if "://" in base else Path(base).resolve().as_uri()


def _is_missing(error: urllib.error.URLError) -> bool:
    if isinstance(error, urllib.error.HTTPError):
        return error.code in (404, 410)
    return isinstance(error.reason, FileNotFoundError)


def _download(url: str, level: str, lang: str) -> bytes | None:
    """The bytes at `url`; None when the file does not exist there; InputError on any other failure."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            return response.read()
    except urllib.error.URLError as error:
        if _is_missing(error):
            return None
        raise InputError(t("boundaries.network", lang, url=url, reason=error, level=level)) from error
    except (OSError, ValueError) as error:
        raise InputError(t("boundaries.network", lang, url=url, reason=error, level=level)) from error


def _downloads(urls: list[str], level: str, lang: str) -> Iterator[tuple[str, bytes | None]]:
    """(url, bytes or None) in order; up to four downloads run at once while the caller parses."""
    pool = ThreadPoolExecutor(max_workers=_DOWNLOAD_WORKERS)
    try:
        futures = [pool.submit(_download, url, level, lang) for url in urls]
        for url, future in zip(urls, futures, strict=True):
            yield url, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------- cache files


def _write_atomic(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write GeoParquet to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _merge_into(path: Path, new: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Cached features plus `new`, where `new` replaces cached features with the same codes; written back."""
    if path.exists():
        old = gpd.read_parquet(path)
        old = old[~old["kode"].isin(new["kode"])]
        new = pd.concat([old[_COLUMNS], new[_COLUMNS]], ignore_index=True)
    merged = gpd.GeoDataFrame(new, geometry="geometry", crs="EPSG:4326")
    merged = merged.sort_values("kode", ignore_index=True)
    _write_atomic(merged, path)
    return merged


# ---------------------------------------------------------------- fetch


def _collect(
    result: FetchResult, sources: list[_Source], base: str, keys: set[str], progress: Progress | None, lang: str
) -> list[gpd.GeoDataFrame]:
    """Download and convert `sources`, keeping only features under `keys`; fills `result` as it goes."""
    level_number = regions.LEVEL_NUMBERS[result.level]
    frames = []
    urls = [f"{base}/{s.path}" for s in sources]
    for done, (url, data) in enumerate(_downloads(urls, result.level, lang), start=1):
        if data is None:
            if result.level != "kabkota" or result.prov:
                raise InputError(t("boundaries.missing", lang, url=url, level=result.level))
            result.missing.append(url)
        else:
            frames.append(_convert(result, url, data, keys, level_number, lang))
        if progress:
            progress(
                done / len(urls),
                t("boundaries.progress", lang, name=url.rsplit("/", 1)[-1], done=done, total=len(urls)),
            )
    return frames


def _convert(result: FetchResult, url: str, data: bytes, keys: set[str], level: int, lang: str) -> gpd.GeoDataFrame:
    """One downloaded dump → features under `keys`, recording bytes, repairs and empty codes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if "INSERT INTO" not in text:
        raise InputError(t("boundaries.bad_dump", lang, url=url, level=result.level))
    frame, repaired, empty = dump_to_frame(text, level)
    width = len(next(iter(keys)))
    frame = frame[frame["kode"].str.slice(0, width).isin(keys)]
    result.files.append(url)
    result.bytes_downloaded += len(data)
    result.repaired += [c for c in repaired if c[:width] in keys]
    result.empty += [c for c in empty if c[:width] in keys]
    return frame


def fetch(
    level: str,
    prov: str | None = None,
    *,
    base_url: str | None = None,
    cache_dir: str | os.PathLike | None = None,
    progress: Progress | None = None,
    force: bool = False,
    lang: str = "id",
) -> FetchResult:
    """Download, convert and cache one boundary layer; only files not yet cached are downloaded.

    `level` is provinsi, kabkota, kecamatan or desa. kecamatan and desa need `prov` (one province at a
    time); kabkota without `prov` is national, and upstream files missing there are listed in
    `FetchResult.missing` instead of failing. `force=True` downloads everything again. `progress(fraction,
    text)` is called once per file. Raises InputError (with the URL and the fix) for a missing file or a
    network failure.
    """
    started = time.perf_counter()
    prov = _check_prov(_check_level(level, lang), prov, lang)
    result = FetchResult(level=level, prov=prov)
    path = cache_path(level, prov, cache_dir)
    todo, keys = _needed(_sources(level, prov), _cached_codes(path), force)
    if not todo:
        result.skipped_cached = True
        cached = load(level, prov, cache_dir)
        result.features = 0 if cached is None else len(cached)
        if progress:
            progress(1.0, t("boundaries.progress_cached", lang, level=level))
    else:
        frames = _collect(result, todo, _base(base_url), keys, progress, lang)
        if not frames:
            raise InputError(t("boundaries.missing", lang, url=result.missing[0], level=level))
        _merge_into(path, pd.concat(frames, ignore_index=True))
        result.features = len(load(level, prov, cache_dir))
    result.seconds = time.perf_counter() - started
    return result


# ---------------------------------------------------------------- reading the cache


def _cached_files(cache_dir: str | os.PathLike | None) -> list[tuple[str, str | None, Path]]:
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
    _check_level(level, "id")
    prov = regions.normalize_code(prov) if prov else None
    if level in ("kecamatan", "desa") and prov is None:
        paths = [p for lv, _, p in _cached_files(cache_dir) if lv == level]
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
    for level, prov, path in _cached_files(cache_dir):
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


# ---------------------------------------------------------------- a user's own file

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
        _check_level(wanted, lang)
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
    geoms = np.array([_polygonal(g) for g in frame.geometry], dtype=object)
    codes, rejected = _rejects(frame[column], geoms, lang)
    keep = np.array([c is not None for c in codes], dtype=bool)
    kept = [c for c in codes if c is not None]
    found_level = _level(kept, level, path, lang)
    fixed, repaired = repair(geoms[keep], kept)
    result = _frame(kept, _names(frame, keep, kept), fixed)
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
            _merge_into(cache_path(report.level, prov, cache_dir), part)
    else:
        _merge_into(cache_path(report.level, None, cache_dir), frame)
    return report
