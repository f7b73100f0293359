"""Boundaries from the pinned upstream (`cahyadsn/wilayah_boundaries`, MIT) or a mirror laid out like it:
which SQL dumps make a layer, downloading them (a few at once), and `fetch`, which builds and caches the layer.

The upstream's `path` column holds [lat, lng] JSON arrays; `build` converts them once, and reruns of the app only
read the cached files (`cache`)."""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ... import config
from ...errors import InputError
from ...i18n import t
from ...rules import regions
from .build import dump_to_frame
from .cache import cache_path, cached_codes, check_level, load, merge_into

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

ATTRIBUTION = {lang: t("boundaries.attribution", lang, commit=config.BOUNDARY_COMMIT[:7]) for lang in ("id", "en")}

_LICENSE_FILE = Path(__file__).resolve().parents[2] / "licenses" / "wilayah_boundaries-MIT.txt"

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


def license_text() -> str:
    """The upstream MIT licence, which must be shown or shipped with any data derived from it."""
    return _LICENSE_FILE.read_text(encoding="utf-8")


@dataclass(frozen=True)
class _Source:
    """One upstream file and the code prefixes (provinces or kab/kota) it provides."""

    path: str
    keys: tuple[str, ...]


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


def _needed(sources: list[_Source], cached: list[str], force: bool) -> tuple[list[_Source], set[str]]:
    """Sources with at least one key absent from the cache, and the absent keys themselves."""
    if force:
        return sources, {k for s in sources for k in s.keys}
    widths = {len(k) for s in sources for k in s.keys}
    have = {c[:w] for c in cached for w in widths}
    todo = [s for s in sources if any(k not in have for k in s.keys)]
    return todo, {k for s in todo for k in s.keys if k not in have}


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
    prov = _check_prov(check_level(level, lang), prov, lang)
    result = FetchResult(level=level, prov=prov)
    path = cache_path(level, prov, cache_dir)
    todo, keys = _needed(_sources(level, prov), cached_codes(path), force)
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
        merge_into(path, pd.concat(frames, ignore_index=True))
        result.features = len(load(level, prov, cache_dir))
    result.seconds = time.perf_counter() - started
    return result
