"""Import one file: read it, validate every row, keep the original, store the valid rows in one transaction.

All or nothing by default: one rejected row and nothing is stored. With `skip_invalid` the valid rows are
stored and the rejected ones reported. The report is the same for the CLI (`--json`) and the Data page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import access, merging, rollups

from .. import config
from ..errors import InputError
from ..i18n import t
from . import store as store_module
from .concurrency import StoreUnavailable
from .readers import ROW, RawTable, read_table
from .store import Store
from .validation import Issue, Validated, validate


@dataclass
class ImportReport:
    """What happened to a file and to each of its rows."""

    kind: str
    file: str
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    rows: list[dict] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    import_id: int | None = None
    sha256: str | None = None
    #: set when the whole file was unusable (exit code 2)
    unusable: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    preview: pd.DataFrame | None = None
    #: the valid rows, parsed (kept for previews and for classifying a file without storing it)
    frame: pd.DataFrame | None = None

    @property
    def exit_code(self) -> int:
        """0 every row imported · 1 a row rejected · 2 unusable input."""
        if self.unusable:
            return 2
        return 1 if self.rows_rejected else 0

    def as_json(self) -> dict:
        """The CLI's contract: kind, rows_read, rows_imported, rows_rejected, rows, errors, warnings.

        `rows_imported` counts rows actually stored: 0 when a rejected row stopped the import (the
        attribute itself keeps the valid rows' count, which a preview offers to import)."""
        errors = [e.as_dict() for e in self.errors]
        if self.unusable:
            errors.insert(0, {"row": None, "column": None, "value": None, "message": self.unusable})
        return {
            "kind": self.kind,
            "file": self.file,
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported if self.import_id is not None else 0,
            "rows_rejected": self.rows_rejected,
            "rows": [
                {k: r.get(k) for k in ("row", "kode_desa", "match", "score")}
                | ({"kode_wilayah": r["kode_wilayah"]} if "kode_wilayah" in r else {})
                for r in self.rows
            ],
            "errors": errors,
            "warnings": [w.as_dict() for w in self.warnings],
            "import_id": self.import_id,
        }


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    path: str | Path,
    kind: str,
    *,
    db: str | Path | None = None,
    wilayah: str | None = None,
    sheet: str | None = None,
    skip_invalid: bool = False,
    synthetic: bool = False,
    lang: str = "id",
    source: str | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    scope: tuple[str, ...] | None = None,
    imported_by: str | None = None,
) -> ImportReport:
    """Import `path` as `kind` into the store at `db`; `dry_run` validates and stores nothing (preview).

    `source` is the name to report (an uploaded file's original name). Never raises for bad input: the
    report says what was wrong (`unusable` for the whole file, `errors` per row). `scope` (an operator's region
    codes, see access.User.scope) rejects rows outside them row by row; `imported_by` is logged with the import.
    """
    path = Path(path)
    report = ImportReport(kind, source or path.name)
    if kind not in schema.KINDS:
        report.unusable = t("data.unknown_kind", lang, kind=kind, accepted=", ".join(schema.ALL_KINDS))
        return report
    try:
        raw = read_table(path, schema.KINDS[kind], sheet=sheet, source=report.file, lang=lang)
        with _open_store(db) as store:  # read-only: a file is checked while other imports run
            checked = validate(
                raw, schema.KINDS[kind], wilayah=wilayah, lang=lang, today=today, register=_register(store)
            )
        try:
            access.restrict(raw, checked, scope, lang)
            _fill(report, raw, checked, dry_run)
            if dry_run or (report.rows_rejected and not skip_invalid) or not report.rows_imported:
                return report
            report.sha256 = sha256_of(path)
            # The write lock is taken here: a second import waits its turn (see `concurrency`).
            with Store(db) as store:
                stored = _keep_original(path, report.sha256, store.path)
                import_id = _save(
                    store,
                    kind,
                    checked,
                    {
                        "file": report.file,
                        "kind": kind,
                        "sha256": report.sha256,
                        "stored_path": str(stored),
                        "sheet": raw.sheet,
                        "wilayah": wilayah,
                        "rows_read": report.rows_read,
                        "rows_imported": report.rows_imported,
                        "rows_rejected": report.rows_rejected,
                        "warnings": len(report.warnings),
                        "skip_invalid": skip_invalid,
                        "synthetic": synthetic,
                        "imported_by": imported_by,
                    },
                )
                checked.close()  # the rows are stored: the validation's memory goes before the rollups take theirs
                rollups.refresh(store, kind)  # pre-summed tables the dashboard reads (storage/rollups)
            report.import_id = import_id  # only once the new version of the store is in place
        finally:
            checked.close()
    except StoreUnavailable as exc:
        report.unusable = exc.text(lang)
    except InputError as exc:
        report.unusable = exc.message
    return report


def _open_store(db):
    """The store to check a file against, read-only (nothing when there is none yet)."""
    return Store(db, read_only=True) if store_module.exists(db) else _NoStore()


class _NoStore:
    """Stands in for a store that does not exist yet during a preview (nothing registered)."""

    path = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def _register(store) -> pd.DataFrame | None:
    """The Kampung KB registered so far (None for a store that has none yet: new, or made by an older version)."""
    if not isinstance(store, Store) or not store.has_table("kampung"):
        return None
    return store.sql("SELECT kode_desa, nama_kampung FROM kampung")


def _save(store: Store, kind: str, checked: Validated, log: dict) -> int:
    """Store the valid rows: streamed from DuckDB for a large table, else from the validated frame. Columns the
    file does not carry keep their stored values (merging)."""
    if checked.bulk is not None:
        rows = checked.bulk
        absent = merging.absent_columns(kind, rows.present)
        rows.keep(kind, merging.stored_values(store, kind, absent, rows.codes))
        return store.bulk_insert(kind, rows, log)
    frame = checked.frame.drop(columns=ROW)
    code = "kode_desa" if schema.KINDS[kind].by_desa else "kode_wilayah"
    absent = merging.absent_columns(kind, frame.columns)
    stored = merging.stored_values(store, kind, absent, lambda: frame[code])
    return store.save_import(kind, merging.fill(frame, kind, stored), log)


def _fill(report: ImportReport, raw: RawTable, checked: Validated, dry_run: bool = False) -> None:
    report.rows_read = checked.rows_read
    report.rows_rejected = checked.rejected_count
    report.rows_imported = report.rows_read - report.rows_rejected
    report.rows, report.errors, report.warnings = checked.rows, checked.errors, checked.warnings
    report.columns = raw.columns
    report.preview = raw.frame.head(20)
    # A large table's valid rows become a DataFrame only for a preview (a stored import streams them instead).
    report.frame = checked.frame if checked.bulk is None else checked.bulk.frame() if dry_run else None


def _keep_original(path: Path, sha256: str, db_path: Path) -> Path:
    """Copy the original under uploads/, named by its hash, so the same file is kept once."""
    folder = config.uploads_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sha256}{path.suffix.lower()}"
    if not target.exists():
        shutil.copyfile(path, target)
    return target


#: Demo files in the order they must be imported (the register first: activities refer to it).
DEMO_ORDER = ("kampung", "target", "indikator", "kegiatan", "profil", "klasifikasi")


def load_demo(db: str | Path | None = None, lang: str = "id") -> list[ImportReport]:
    """Rebuild the store at `db` from the demo dataset in `data/demo/` (marked synthetic in the log).

    The demo is built in a scratch store beside the target (a `.new` file, or a fresh PostgreSQL schema) and
    replaces the old contents only after every file imported cleanly (a rename, or one transaction).
    """
    target = store_module.locate(db)
    fresh = store_module.scratch(target)
    reports = []
    try:
        for kind in DEMO_ORDER:
            report = import_file(config.demo_dir() / f"{kind}.csv", kind, db=fresh, synthetic=True, lang=lang)
            reports.append(report)
            if report.exit_code:
                return reports
        access.carry_users(target, fresh)  # the data is rebuilt, the people who may see it stay
        # a file's uploads/ is beside both files (a server's in the data folder): the log's paths stay right
        with store_module.write_lock(target):  # not between another import's copy and its rename
            store_module.replace(target, fresh)
    finally:
        store_module.discard(fresh)
    return reports


def ensure_data(db: str | Path | None = None) -> Path | str:
    """The store's location (a file path or a database URL). A missing DuckDB file is built from the demo
    dataset; a PostgreSQL database gets its tables but never the demo unasked (it is shared: run
    `python -m kkb_dashboard demo` to load it there)."""
    target = store_module.locate(db)
    if store_module.is_url(target):
        Store(target).close()
    elif not target.exists():
        load_demo(target)
    return target
