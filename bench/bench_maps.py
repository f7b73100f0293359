"""Benchmark the map's static geometry and figure payloads against the budgets (≤ 5 MB, ≤ 1.5 MB gzipped per file,
≤ 1 MB of figure JSON per rerun).

Reads the national layers and Banten's desa from `../shared/geo` (reference data beside the repository), builds the
static files in a temporary folder exactly as the app does, and prints raw and gzipped sizes per level, then the
figure JSON bytes per level for the demo data. `--all-desa` also builds every province's desa from
`../shared/geo/desa/*.geojson.gz` (several minutes; the largest provinces decide the desa tolerance).

    .venv/bin/python bench/bench_maps.py [--all-desa]
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "geo"
sys.path.insert(0, str(ROOT))

from kkb_dashboard.storage import boundaries  # noqa: E402
from kkb_dashboard.views.maps import geometry  # noqa: E402
from kkb_dashboard.views.maps import layers as mapdata  # noqa: E402

LAYERS = [
    ("provinsi", None, "idn_provinsi.geojson"),
    ("kabkota", None, "idn_kabkota.geojson"),
    ("kecamatan", "36", "idn_kecamatan.geojson"),
    ("kecamatan", "35", None),
    ("kecamatan", "94", None),
    ("desa", "36", "idn_desa_36_banten.geojson"),
]


def _row(level: str, prov: str | None, seconds: float, features: int, static: Path) -> None:
    path = mapdata.static_path(level, prov, static)
    data = path.read_bytes()
    raw, packed = len(data), len(gzip.compress(data, 6))
    ok = raw <= geometry.MAX_BYTES and packed <= geometry.MAX_GZIP_BYTES
    print(
        f"{path.name:24} {features:6d} features  raw {raw / 1e6:6.2f} MB  gzip {packed / 1e6:5.2f} MB  "
        f"{seconds:5.1f} s  {'ok' if ok else 'OVER BUDGET'}",
        flush=True,
    )


def _import(source: Path, level: str, cache: Path) -> None:
    if source.suffix != ".gz":
        boundaries.import_file(source, level=level, cache_dir=cache)
        return
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / source.stem
        plain.write_bytes(gzip.decompress(source.read_bytes()))
        boundaries.import_file(plain, level=level, cache_dir=cache)


def layers(cache: Path, static: Path, all_desa: bool) -> None:
    """Import the shared layers into `cache`, build each static file and print its sizes."""
    for level, prov, source in LAYERS:
        if source:
            _import(SHARED / source, level, cache)
        started = time.perf_counter()
        mapdata.build_static(level, prov, cache_dir=cache, static_dir=static)
        _row(level, prov, time.perf_counter() - started, len(mapdata.feature_bounds(level, prov, static)), static)
    for source in sorted((SHARED / "desa").glob("idn_desa_*.geojson.gz")) if all_desa else []:
        prov = source.name.split("_")[2].split(".")[0]
        _import(source, "desa", cache)
        started = time.perf_counter()
        mapdata.build_static("desa", prov, cache_dir=cache, static_dir=static)
        _row("desa", prov, time.perf_counter() - started, len(mapdata.feature_bounds("desa", prov, static)), static)


def payloads(static: Path) -> None:
    """Figure JSON bytes per level on the demo data (Indonesia, Banten, Kota Cilegon, a kecamatan)."""
    from kkb_dashboard.rules.filters import default_filters
    from kkb_dashboard.storage import importer
    from kkb_dashboard.storage.store import Store
    from kkb_dashboard.views import maps, metrics

    db = Path(tempfile.mkdtemp()) / "demo.duckdb"
    importer.load_demo(db)
    with Store(db, read_only=True) as store:
        base = default_filters(metrics.latest_month(store))
        for wilayah in ("", "36", "36.72", "36.72.01", "36.04"):
            f = base.with_region(wilayah)
            level, prov = mapdata.layer_for(wilayah)
            values = metrics.region_table(store, f)
            for metric in ("jumlah_kampung", "tingkat_dominan"):
                fig = maps.choropleth(
                    values,
                    geojson_url=mapdata.geometry_url(level, prov, static),
                    metric=metric,
                    bounds=mapdata.feature_bounds(level, prov, static),
                )
                print(
                    f"figure {wilayah or 'Indonesia':10} {metric:18} {len(fig.to_json()):8,d} bytes "
                    f"({len(values)} regions)"
                )


def main() -> None:
    """Build into a temporary folder and print the sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all-desa", action="store_true", help="also every province's desa (slow)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_maps_"))
    os.environ.setdefault("KKB_DATA_DIR", str(work / "data"))
    layers(work / "cache", work / "static", args.all_desa)
    payloads(work / "static")


if __name__ == "__main__":
    main()
