"""Time fetching the national provinsi and kab/kota layers from a complete local HTTP mirror (prints JSON).

../shared/geo/raw holds only 3 of the 38 upstream kab files, so this builds a full temporary mirror: the 8
province dumps are copied and the 38 kab dumps are written back into the upstream SQL format ([lat, lng]
pairs) from ../shared/geo/idn_kabkota.geojson. Run: `.venv/bin/python bench/bench_boundaries.py`.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kkb_dashboard.rules import regions  # noqa: E402
from kkb_dashboard.storage import boundaries  # noqa: E402

GEO = Path(__file__).resolve().parents[2] / "shared" / "geo"
_ROWS_PER_INSERT = 10


def _latlng(coordinates: list, depth: int) -> list:
    """GeoJSON [lng, lat] nesting → upstream [lat, lng] nesting."""
    if depth == 0:
        return [coordinates[1], coordinates[0]]
    return [_latlng(c, depth - 1) for c in coordinates]


def _sql_row(feature: dict) -> str:
    props, geometry = feature["properties"], feature["geometry"]
    depth = 2 if geometry["type"] == "Polygon" else 3
    path = json.dumps(_latlng(geometry["coordinates"], depth), separators=(",", ":"))
    name = props["nama"].replace("\\", "\\\\").replace("'", "\\'")
    return f"\t('{props['kode']}','{name}',{props['lat']},{props['lng']},'{path}')"


def _sql_file(prov: str, features: list[dict]) -> str:
    """One upstream-style kab dump: header, DELETE, INSERT statements of a few rows each."""
    head = (
        f"/*\nfilename  : db/kab/wilayah_boundaries_kab_{prov}.sql (rebuilt for a benchmark)\n*/\n"
        f"DELETE FROM wilayah_boundaries WHERE kode BETWEEN '{prov}.00' AND '{prov}.99' "
        "AND LENGTH(kode)=5;\n"
    )
    rows = [_sql_row(f) for f in features]
    inserts = [
        "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
        + ",\n".join(rows[i : i + _ROWS_PER_INSERT])
        + ";\n"
        for i in range(0, len(rows), _ROWS_PER_INSERT)
    ]
    return head + "".join(inserts)


def build_mirror(root: Path) -> None:
    """Copy the province dumps and write all 38 kab dumps under `root` in the upstream layout."""
    shutil.copytree(GEO / "raw" / "db" / "prov", root / "db" / "prov")
    (root / "db" / "kab").mkdir(parents=True)
    features = json.loads((GEO / "idn_kabkota.geojson").read_text(encoding="utf-8"))["features"]
    by_prov: dict[str, list[dict]] = {}
    for feature in features:
        by_prov.setdefault(feature["properties"]["kode"][:2], []).append(feature)
    for prov, group in by_prov.items():
        text = _sql_file(prov, sorted(group, key=lambda f: f["properties"]["kode"]))
        (root / "db" / "kab" / f"wilayah_boundaries_kab_{prov}.sql").write_text(text, encoding="utf-8")


def _serve(root: Path) -> http.server.ThreadingHTTPServer:
    quiet = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    """Build the mirror, serve it, time both national fetches into a fresh cache, print JSON."""
    if not GEO.is_dir():
        sys.exit(f"shared geo data not found at {GEO}")
    with tempfile.TemporaryDirectory() as tmp:
        root, cache = Path(tmp) / "mirror", Path(tmp) / "cache"
        build_mirror(root)
        server = _serve(root)
        base = f"http://127.0.0.1:{server.server_port}"
        regions.registry()  # loaded once per process by the app anyway; keep it out of the timings
        report = {}
        for level in ("provinsi", "kabkota"):
            result = boundaries.fetch(level, base_url=base, cache_dir=cache)
            report[level] = {
                "seconds": round(result.seconds, 2),
                "features": result.features,
                "files": len(result.files),
                "missing": len(result.missing),
                "bytes_downloaded": result.bytes_downloaded,
                "repaired": len(result.repaired),
                "cache_bytes": boundaries.cache_path(level, None, cache).stat().st_size,
            }
        server.shutdown()
        server.server_close()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
