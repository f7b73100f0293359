"""Benchmark: time to build the demo database from `data/demo/` (every kind, one transaction each).

Prints JSON; no assertions. Usage: `.venv/bin/python bench/bench_import.py [--repeat 3]`.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kkb_dashboard.rules import regions  # noqa: E402
from kkb_dashboard.storage import importer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    regions.registry()
    registry_seconds = time.perf_counter() - started
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            reports = importer.load_demo(Path(folder) / "kkb.duckdb")
            runs.append(
                {"seconds": round(time.perf_counter() - started, 3), "rows": {r.kind: r.rows_imported for r in reports}}
            )
    print(
        json.dumps(
            {
                "benchmark": "demo import",
                "machine": f"{platform.machine()} {platform.node()}",
                "registry_load_seconds": round(registry_seconds, 3),
                "runs": runs,
                "best_seconds": min(r["seconds"] for r in runs),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
