"""Generated activity reports for the demo's Kampung KB: files big enough that importing them takes a while, written
as an operator's export would be (one dated activity a row)."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TYPES = ("Posyandu", "BKB", "BKR", "BKL", "KIE", "Pelayanan KB", "PIK-R", "UPPKA")


def demo_villages() -> list[str]:
    """Every Kampung KB of the demo register (their desa codes)."""
    with (REPO / "data" / "demo" / "kampung.csv").open(encoding="utf-8") as handle:
        return [row["kode_desa"] for row in csv.DictReader(handle)]


def write_activities(path: Path, month: str, rows: int) -> Path:
    """`rows` activities in `month` (YYYY-MM), spread over the demo's Kampung KB, days and types; returns `path`."""
    villages = demo_villages()
    number = -1
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["kode_desa", "tanggal", "jenis_kegiatan", "jumlah", "peserta", "keterangan"])
        keys = itertools.product(range(1, 29), TYPES, villages)  # each row its own key: none replaces another
        for number, (day, kind, village) in enumerate(itertools.islice(keys, rows)):
            out.writerow([village, f"{month}-{day:02d}", kind, 1, 10 + number % 40, f"laporan {number}"])
    if number + 1 < rows:
        raise ValueError(f"at most {number + 1} distinct activities a month for the demo's Kampung KB")
    return path
