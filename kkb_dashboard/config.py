"""Where things live: the database, uploads, caches and the boundary source, each overridable by environment."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository's data folder: the demo dataset (in git) and local databases and caches (git-ignored).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: The upstream boundary repository (MIT, Cahya DSN), pinned to the commit the dashboard was checked against.
BOUNDARY_COMMIT = "3c5a7960f4d227a38489094d84252bdbb3f978a5"
DEFAULT_BOUNDARY_URL = f"https://raw.githubusercontent.com/cahyadsn/wilayah_boundaries/{BOUNDARY_COMMIT}"


def data_dir() -> Path:
    """The folder for local state; `KKB_DATA_DIR` moves it (tests use a temporary one)."""
    return Path(os.environ.get("KKB_DATA_DIR") or DATA_DIR)


def database_url() -> str | None:
    """`KKB_DATABASE_URL` (`postgresql://user:pass@host:port/db`): when set, the store is that PostgreSQL
    database instead of the DuckDB file, so several app replicas can share one database."""
    return os.environ.get("KKB_DATABASE_URL") or None


def db_path(override: str | os.PathLike | None = None) -> Path:
    """The DuckDB file: an explicit `--db`, else `KKB_DB`, else `data/kkb.duckdb`."""
    if override:
        return Path(override)
    if os.environ.get("KKB_DB"):
        return Path(os.environ["KKB_DB"])
    return data_dir() / "kkb.duckdb"


def uploads_dir(db: Path | None) -> Path:
    """Imported originals are kept next to the database file they went into; for a database server
    (`db` None) in the local data folder of the machine that imported them."""
    return db.parent / "uploads" if db is not None else data_dir() / "uploads"


def boundary_cache_dir() -> Path:
    """Converted boundaries (GeoParquet and the static GeoJSON the map loads)."""
    return Path(os.environ.get("KKB_BOUNDARY_CACHE") or data_dir() / "boundaries")


def boundary_url() -> str:
    """Base URL of the boundary SQL dumps: `KKB_BOUNDARY_URL` (http(s):// or file://), else upstream."""
    return (os.environ.get("KKB_BOUNDARY_URL") or DEFAULT_BOUNDARY_URL).rstrip("/")


def demo_dir() -> Path:
    """The demo dataset shipped in git."""
    return DATA_DIR / "demo"


def write_wait_s() -> float:
    """How long an import waits for another one to finish before it gives up with a message: `KKB_WRITE_WAIT`
    seconds, default 300."""
    return float(os.environ.get("KKB_WRITE_WAIT") or 300)


def read_wait_s() -> float:
    """How long a reader waits for a program that holds the store file open for writing (not one of the
    dashboard's imports, which never do): `KKB_READ_WAIT` seconds, default 10."""
    return float(os.environ.get("KKB_READ_WAIT") or 10)
