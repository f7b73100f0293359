"""Build the compact map layers committed under `static/layers/` from the pinned upstream boundary dumps.

The map draws from these on a first start with no network: the national provinsi and kab/kota layers and the
kecamatan and desa of the demo regions (data/demo). They are downloaded and converted by the same code as the
app's own boundary download (`boundaries.fetch`, `boundaries.dump_to_frame`) from `cahyadsn/wilayah_boundaries`
at `config.BOUNDARY_COMMIT` (MIT; the licence is copied beside the layers), then simplified for display by
`geometry.layer_geojson` (the national layers with the tolerances multiplied by `--harder`: drawn small, they
carry the most features). Run from the repository root:

    python tools/build_layers.py                      # from the pinned upstream (needs internet)
    python tools/build_layers.py --source file:///…   # from a local mirror laid out like upstream
    python tools/build_layers.py --labels-only        # only where the names go, from the layers already here
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import sys
import tempfile
import urllib.request
from pathlib import Path

import geopandas as gpd
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kkb_dashboard import config  # noqa: E402
from kkb_dashboard.storage import boundaries  # noqa: E402
from kkb_dashboard.views.maps import geometry  # noqa: E402
from kkb_dashboard.views.maps import layers as mapdata  # noqa: E402

#: Provinces whose kecamatan are shipped, and the kab/kota whose desa are (None: the whole province).
KECAMATAN = ("18", "32", "36")
DESA = {"36": None, "18": ("18.04",), "32": ("32.76",)}


def _desa_of(prov: str, kabs: tuple[str, ...], source: str, cache: Path):
    """The desa of some kab/kota of a province: their upstream files converted like `boundaries.fetch` does."""
    frames = []
    for kab in kabs:
        url = f"{source}/db/kel/{prov}/wilayah_boundaries_kel_{kab}.sql"
        with urllib.request.urlopen(url, timeout=boundaries.TIMEOUT_SECONDS) as response:
            frame, _, _ = boundaries.dump_to_frame(response.read().decode("utf-8"), 4)
        frames.append(frame[frame["kode"].str.startswith(kab + ".")])
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


def layers(source: str, cache: Path):
    """(level, prov, cached frame) of every shipped layer, fetched into the temporary `cache`."""
    for level in ("provinsi", "kabkota"):
        boundaries.fetch(level, base_url=source, cache_dir=cache)
        yield level, None, boundaries.load(level, None, cache)
    for prov in KECAMATAN:
        boundaries.fetch("kecamatan", prov, base_url=source, cache_dir=cache)
        yield "kecamatan", prov, boundaries.load("kecamatan", prov, cache)
    for prov, kabs in DESA.items():
        if kabs is None:
            boundaries.fetch("desa", prov, base_url=source, cache_dir=cache)
            yield "desa", prov, boundaries.load("desa", prov, cache)
        else:
            yield "desa", prov, _desa_of(prov, kabs, source, cache)


def _write(out: Path, level: str, prov: str | None, frame, harder: float) -> int:
    """Write one layer and its bounds; returns its gzipped size."""
    original = geometry.SETTINGS[level]
    geometry.SETTINGS[level] = dataclasses.replace(original, tolerance=original.tolerance * harder)
    try:
        text, boxes = geometry.layer_geojson(frame, level)
    finally:
        geometry.SETTINGS[level] = original
    path = out / mapdata.file_name(level, prov)
    path.write_text(text, encoding="utf-8")
    path.with_suffix(".bounds.json").write_text(boxes, encoding="utf-8")
    if level in mapdata.LABELLED:
        geometry.write_labels(path)
    return len(gzip.compress(text.encode("utf-8"), 9))


def labels_only(out: Path) -> int:
    """The labels sidecar of every shipped layer of a named level, from the layer files as they are."""
    for path in sorted(out.glob("*.geojson")):
        if path.stem.split("_")[0] in mapdata.LABELLED:
            print(geometry.write_labels(path).name)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=config.boundary_url(), help="base URL of the upstream dumps")
    parser.add_argument("--out", type=Path, default=REPO / "static" / mapdata.SHIPPED_DIR)
    parser.add_argument("--harder", type=float, default=2.0, help="tolerance factor (national layers)")
    parser.add_argument("--labels-only", action="store_true", help="only the labels sidecars of the layers in --out")
    args = parser.parse_args(argv)
    if args.labels_only:
        return labels_only(args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for level, prov, frame in layers(args.source.rstrip("/"), Path(tmp)):
            size = _write(args.out, level, prov, frame, args.harder if prov is None else 1.0)
            total += size
            print(f"{mapdata.file_name(level, prov)}: {len(frame)} features, {size / 1e6:.2f} MB gzipped")
    (args.out / "LICENSE-wilayah_boundaries.txt").write_text(boundaries.license_text(), encoding="utf-8")
    print(f"total {total / 1e6:.2f} MB gzipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
