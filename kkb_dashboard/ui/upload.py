"""The Data page's upload: validated once per file, imported once per click, under the visitor's import scope."""

from __future__ import annotations

import hashlib
import logging
import secrets
import tempfile
from pathlib import Path

import streamlit as st

from ..storage.concurrency import waiting_notice
from ..storage.importer import ImportReport, import_file
from .data import data_version, database, lang, tr
from .login import current_user

log = logging.getLogger(__name__)


def run_import(
    uploaded, kind: str, *, wilayah: str | None, sheet: str | None, skip_invalid: bool, dry_run: bool
) -> ImportReport:
    """Import (or preview) an uploaded file: written to a temporary file, reported under its own name."""
    suffix = Path(uploaded.name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(uploaded.getvalue())
        user = current_user()
        report = _import_in_turn(
            path,
            kind,
            db=database(),
            wilayah=wilayah or None,
            sheet=sheet,
            skip_invalid=skip_invalid,
            lang=lang(),
            source=uploaded.name,
            dry_run=dry_run,
            scope=user.scope,
            imported_by=user.imported_by,
        )
    if report.import_id is not None:
        st.cache_data.clear()
    return report


def _import_in_turn(*args, **options) -> ImportReport:
    """`import_file`; while another import holds the store, a notice says this one waits its turn."""
    waiting = st.empty()
    with waiting_notice(lambda seconds: waiting.info(tr("store.waiting", seconds=round(seconds)))):
        report = import_file(*args, **options)
    waiting.empty()
    return report


def upload_key(uploaded, kind: str, wilayah: str | None, sheet: str | None) -> tuple:
    """What a preview or an import of this upload depends on: the file's SHA-256 (computed once per upload),
    the kind, parent region, sheet, language and the user's import scope."""
    digests = st.session_state.setdefault("_upload_sha256", {})
    if uploaded.file_id not in digests:
        digests[uploaded.file_id] = hashlib.sha256(uploaded.getvalue()).hexdigest()
    return (digests[uploaded.file_id], kind, wilayah or "", sheet, lang(), current_user().scope)


def preview_upload(uploaded, kind: str, *, wilayah: str | None, sheet: str | None) -> ImportReport:
    """The upload's preview (`run_import` with `dry_run`), validated once per file and choices and data version,
    not on every rerun; only the latest is kept (a report holds the file's valid rows)."""
    key = (*upload_key(uploaded, kind, wilayah, sheet), data_version())
    previews = st.session_state.setdefault("_previews", {})
    if key not in previews:
        previews.clear()
        previews[key] = run_import(uploaded, kind, wilayah=wilayah, sheet=sheet, skip_invalid=False, dry_run=True)
    return previews[key]


def import_upload(kind: str, wilayah: str | None, sheet: str | None, skip_invalid: bool) -> None:
    """An import button's on_click: import the uploaded file once. It runs before the page is drawn again, so the
    buttons are then drawn disabled; a click that still arrives for a file already imported does nothing."""
    uploaded = st.session_state.get("upload_file")
    if uploaded is None:
        return
    key = upload_key(uploaded, kind, wilayah, sheet)
    results = st.session_state.setdefault("_imports", {})
    if key in results and results[key].import_id is not None:
        return
    try:
        results[key] = run_import(
            uploaded, kind, wilayah=wilayah, sheet=sheet, skip_invalid=skip_invalid, dry_run=False
        )
    except Exception:  # noqa: BLE001 — a callback's error would otherwise be drawn as a traceback
        error_id = secrets.token_hex(4)
        log.exception("import failed (error id %s)", error_id)
        results[key] = ImportReport(
            kind, uploaded.name, unusable=f"{tr('ui.unexpected')} {tr('access.error_id', id=error_id)}"
        )


def upload_result(uploaded, kind: str, wilayah: str | None, sheet: str | None) -> ImportReport | None:
    """The import of this upload made by a button in this session, if any."""
    return st.session_state.get("_imports", {}).get(upload_key(uploaded, kind, wilayah, sheet))
