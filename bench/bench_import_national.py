"""Benchmark: import the national synthetic dataset (`tools.national`) into a fresh DuckDB store.

Generates the Parquet files first when they are missing (`data/national/`, or `data/national/prov-36/` with
`--quick`), then imports kampung, target, profil and kegiatan through `importer.import_file`, the normal import
(validation, original kept, one transaction, import log, and whatever the importer refreshes after a store).
Prints JSON: rows, seconds per kind and in total (the rollup refresh the importer runs after each store is also
shown on its own), peak RSS, file sizes. Then, outside the total, `monthly`: what an operator's next monthly file
costs in that national store — the last month's activities of one kab/kota again, with changed counts (a
correction), imported the same way. No assertions. The seconds spent copying the store (each stored import
writes a new version of it, see `concurrency`) are shown per kind. Targets (issue 15): total ≤ 30 s, peak RSS ≤ 1 GB.

Usage: `.venv/bin/python bench/bench_import_national.py [--quick] [--data DIR] [--regenerate]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kkb_dashboard import config  # noqa: E402
from kkb_dashboard.rules import regions  # noqa: E402
from kkb_dashboard.storage import concurrency, importer  # noqa: E402

ORDER = ("kampung", "target", "profil", "kegiatan")


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _timed_rollups(skip: bool) -> dict[str, float]:
    """Wrap `rollups.refresh` (if the importer calls one) to add up its time per kind, or skip it."""
    spent: dict[str, float] = {}
    refresh = getattr(importer, "rollups", None)
    if refresh is None or not hasattr(refresh, "refresh"):
        return spent
    original = refresh.refresh

    def timed(store, kind, *args, **kwargs):
        started = time.perf_counter()
        try:
            return None if skip else original(store, kind, *args, **kwargs)
        finally:
            spent[kind] = spent.get(kind, 0.0) + time.perf_counter() - started

    refresh.refresh = timed
    return spent


def _timed_copies() -> list[float]:
    """Time each copy of the store a writer makes (`concurrency.FileWriter`: every stored import writes a new
    version of the store, a copy of the last one) and each publish (sync and rename)."""
    spent: list[float] = []
    original = concurrency._copy

    def timed(source, target):
        started = time.perf_counter()
        try:
            return original(source, target)
        finally:
            spent.append(time.perf_counter() - started)

    concurrency._copy = timed
    return spent


def _dataset(folder: Path, provinces: list[str] | None, regenerate: bool) -> tuple[dict[str, Path], float | None]:
    paths = {kind: folder / f"{kind}.parquet" for kind in ORDER}
    if not regenerate and all(p.exists() for p in paths.values()):
        return paths, None
    started = time.perf_counter()
    # In a child process, so that the generator's memory does not count in the import's peak RSS.
    subprocess.run(
        [sys.executable, "-m", "tools.national", str(folder), *(["--prov", *provinces] if provinces else [])],
        check=True,
        cwd=Path(__file__).resolve().parents[1],
        stdout=sys.stderr,
    )
    return paths, round(time.perf_counter() - started, 2)


def _monthly(kegiatan: Path, scratch: Path, db: Path, rollup_seconds: dict[str, float]) -> dict:
    """Import the last month's activities of the first kab/kota again with every count plus one, as a CSV."""
    path = str(kegiatan).replace("'", "''")
    rows = duckdb.sql(
        f"SELECT * REPLACE (jumlah + 1 AS jumlah) FROM read_parquet('{path}') WHERE periode = "
        f"(SELECT max(periode) FROM read_parquet('{path}')) AND kode_desa LIKE "
        f"(SELECT substr(min(kode_desa), 1, 5) FROM read_parquet('{path}')) || '%'"
    ).df()
    target = scratch / "kegiatan-bulanan.csv"
    rows.to_csv(target, index=False)
    before = rollup_seconds.get("kegiatan", 0.0)
    started = time.perf_counter()
    report = importer.import_file(target, "kegiatan", db=db, synthetic=True)
    return {
        "rows_imported": report.rows_imported,
        "rows_rejected": report.rows_rejected,
        "seconds": round(time.perf_counter() - started, 2),
        "rollup_seconds": round(rollup_seconds.get("kegiatan", 0.0) - before, 2),
    }


def main() -> None:
    """Generate (or reuse) the dataset, import it into a fresh store, print the figures as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one province (Banten, 36)")
    parser.add_argument("--data", type=Path, help="folder of the Parquet files")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--without-rollups", action="store_true", help="skip the rollup refresh after each import")
    args = parser.parse_args()
    provinces = ["36"] if args.quick else None
    folder = args.data or (config.DATA_DIR / "national" / ("prov-36" if args.quick else ""))
    paths, generate_seconds = _dataset(folder, provinces, args.regenerate)
    started = time.perf_counter()
    regions.registry()  # once per process, as the app and the CLI load it
    registry_seconds = round(time.perf_counter() - started, 2)
    rollup_seconds = _timed_rollups(args.without_rollups)
    copies = _timed_copies()
    kinds = {}
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "kkb.duckdb"
        total = time.perf_counter()
        for kind in ORDER:
            started, copied = time.perf_counter(), len(copies)
            report = importer.import_file(paths[kind], kind, db=db, synthetic=True)
            seconds = time.perf_counter() - started
            kinds[kind] = {
                "rows_read": report.rows_read,
                "rows_imported": report.rows_imported,
                "rows_rejected": report.rows_rejected,
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "unusable": report.unusable,
                "seconds": round(seconds, 2),
                "rollup_seconds": round(rollup_seconds.get(kind, 0.0), 2),
                "store_copy_seconds": round(sum(copies[copied:]), 2),
                "store_bytes_after": db.stat().st_size,
                "peak_rss_mb_so_far": _peak_rss_mb(),
                "file_bytes": paths[kind].stat().st_size,
            }
        total_seconds = time.perf_counter() - total
        refresh_seconds = sum(rollup_seconds.values())  # before the monthly file adds its own
        db_bytes = db.stat().st_size
        monthly = _monthly(paths["kegiatan"], Path(scratch), db, rollup_seconds)
    print(
        json.dumps(
            {
                "benchmark": "national import"
                + (" (quick: Banten 36)" if args.quick else "")
                + (" without rollups" if args.without_rollups else ""),
                "machine": f"{platform.machine()} {platform.node()}, {os.cpu_count()} cores, "
                f"load average {os.getloadavg()[0]:.1f} at the end",
                "generate_seconds": generate_seconds,
                "registry_load_seconds": registry_seconds,
                "kinds": kinds,
                "total_seconds": round(total_seconds, 2),
                "total_seconds_without_rollups": round(total_seconds - refresh_seconds, 2),
                "store_copy_seconds": round(sum(copies), 2),
                "peak_rss_mb": _peak_rss_mb(),
                "database_bytes": db_bytes,
                "monthly": monthly,
                "targets": {"total_seconds": 30, "peak_rss_mb": 1024},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
