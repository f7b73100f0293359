"""Static boundary files for the map: simplified once per layer, served by Streamlit, fetched by the browser by URL.

Heavy geometry work happens once, never on a rerun. `build_static` reads the boundary cache (`boundaries.load`),
has `geometry.layer_geojson` clean it into a polygonal coverage, drop specks of islands, simplify shared edges once
for both neighbours (`shapely.coverage_simplify`, so no gaps or overlaps appear between regions) and snap to a
grid, and writes `static/geo/<level>.geojson` (provinsi, kabkota: national) or `static/geo/<level>_<PP>.geojson`
(kecamatan, desa: one province), with only `id` and `kode` per feature, plus a sidecar `<name>.bounds.json`
(code → [minx, miny, maxx, maxy]) from which the map is framed and, for the levels named on the map, a sidecar
`<name>.labels.json` (code → [lon, lat, room]: where its name goes). A figure then carries only the file's URL,
codes and values. Budgets: each file ≤ 5 MB and ≤ 1.5 MB gzipped; a layer over budget is simplified harder.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import InputError
from ...i18n import t
from ...rules import regions

if TYPE_CHECKING:
    import geopandas as gpd

# The boundary cache (`storage.boundaries`), geopandas and the geometry build are imported where a layer is built
# or read as a frame: the pages that only draw a built layer (Ringkasan's small map, a first page) never load them.

#: Compact layers committed in git under `static/layers/` (built by tools/build_layers.py from the pinned upstream):
#: the national provinsi and kab/kota layers and the demo regions' kecamatan and desa, so the map draws on a first
#: start with no network. Used only while the boundary cache lacks the layer; anything built from it wins.
SHIPPED_DIR = "layers"
#: Where Streamlit serves `static/` (`server.enableStaticServing`); relative, so any base path works.
URL_PREFIX = "app/static/geo"
_REPO_STATIC = Path(__file__).resolve().parents[3] / "static"
NATIONAL_LEVELS = ("provinsi", "kabkota")
#: Levels whose regions are named on the map; desa are too many and too small to name.
LABELLED = ("provinsi", "kabkota", "kecamatan")

Progress = Callable[[float, str], None]


# --- names and places ------------------------------------------------------------------------------------------


def static_root(static_dir: str | os.PathLike | None = None) -> Path:
    """The folder Streamlit serves: `static_dir`, else `KKB_STATIC_DIR`, else the repository's `static/`."""
    return Path(static_dir or os.environ.get("KKB_STATIC_DIR") or _REPO_STATIC)


def file_name(level: str, prov: str | None = None) -> str:
    """`provinsi.geojson`, `kabkota.geojson` (national) or `desa_36.geojson` (one province)."""
    return f"{level}.geojson" if level in NATIONAL_LEVELS else f"{level}_{prov}.geojson"


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


def drawn_path(level: str, prov: str | None, static_dir) -> Path:
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
    from ...storage import boundaries

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
    from ...storage import boundaries

    return boundaries.cache_path(level, None if level in NATIONAL_LEVELS else prov, cache_dir)


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


# --- the build -------------------------------------------------------------------------------------------------


def _checked(level: str, prov: str | None, lang: str) -> str | None:
    from ...storage import boundaries

    if level not in boundaries.LEVELS:
        raise InputError(t("boundaries.level_unknown", lang, level=level, choices=", ".join(boundaries.LEVELS)))
    code = regions.normalize_code(prov) if prov else None
    if prov and (code is None or regions.level_of(code) != 1):
        raise InputError(t("boundaries.prov_unknown", lang, prov=prov))
    if level not in NATIONAL_LEVELS and code is None:
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
    from ...storage import boundaries
    from .geometry import layer_geojson, write_atomic, write_labels

    prov = _checked(level, prov, lang)
    if needs_fetch(level, prov, cache_dir):
        boundaries.fetch(level, prov, cache_dir=cache_dir, progress=progress, lang=lang)
    target = static_path(level, prov, static_dir)
    if up_to_date(level, prov, cache_dir=cache_dir, static_dir=static_dir):
        return target
    if progress:
        progress(1.0, t("maps.building", lang, level=level))
    frame = boundaries.load(level, None if level in NATIONAL_LEVELS else prov, cache_dir)
    if frame is None:
        raise InputError(t("maps.no_boundaries", lang, level=level, prov=prov or ""))
    text, boxes = layer_geojson(frame, level)
    write_atomic(bounds_path(level, prov, static_dir), boxes)
    write_atomic(target, text)
    if level in LABELLED:
        write_labels(target)
    return target


def load_static(
    level: str, prov: str | None = None, static_dir: str | os.PathLike | None = None
) -> gpd.GeoDataFrame | None:
    """The simplified layer as a GeoDataFrame (kode, geometry), e.g. for the folium map (the shipped one when none
    is built); None if there is neither."""
    import geopandas as gpd

    path = drawn_path(level, prov, static_dir)
    if not path.exists():
        return None
    frame = gpd.read_file(path, engine="pyogrio")
    return frame[["kode", "geometry"]].set_crs("EPSG:4326", allow_override=True)
