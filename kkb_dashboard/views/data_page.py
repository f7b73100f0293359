"""Tables for the Data page (pure): what an import or preview found, the boundary layers, the choices offered.

The page only draws what these return; row outcomes get translated labels and the errors of their row.
"""

from __future__ import annotations

import pandas as pd

from kkb_dashboard.storage import boundaries

from .. import i18n
from ..i18n import t
from ..rules import regions
from ..storage.importer import ImportReport
from .maps import layers

_MATCHES = ("code", "exact", "approximate", "failed")


def match_label(match: str | None, lang: str = "id") -> str:
    """`approximate` → "nama mirip — periksa"; unknown values are shown as they are."""
    return t(f"data_page.match_{match}", lang) if match in _MATCHES else str(match or "")


def detected_columns(report: ImportReport, lang: str = "id") -> pd.DataFrame:
    """The headers found in the file and the column each was read as."""
    return pd.DataFrame({t("exports.col_column", lang): list(report.columns), "header": list(report.columns.values())})


def row_outcomes(report: ImportReport, lang: str = "id") -> pd.DataFrame:
    """One row per data row: row number, code, how it was located (code/exact/approximate/failed), score,
    status and the messages of its errors."""
    messages: dict[int, list[str]] = {}
    for issue in report.errors:
        if issue.row is not None:
            messages.setdefault(issue.row, []).append(issue.message)
    rows = [
        {
            "row": r["row"],
            "kode": r.get("kode_wilayah") or r.get("kode_desa"),
            "match": match_label(r.get("match"), lang),
            "score": r.get("score"),
            "status": r.get("status"),
            "pesan": " · ".join(messages.get(r["row"], [])),
        }
        for r in report.rows
    ]
    return pd.DataFrame(rows, columns=["row", "kode", "match", "score", "status", "pesan"])


def issue_table(issues: list) -> pd.DataFrame:
    """Errors or warnings as a table: row, column, value, message."""
    return pd.DataFrame([i.as_dict() for i in issues], columns=["row", "column", "value", "message"])


def counts(report: ImportReport, lang: str = "id") -> list[tuple[str, str]]:
    """(label key, formatted number) for rows read, valid and rejected."""
    return [
        ("ui.rows_read", i18n.format_number(report.rows_read, lang=lang)),
        ("ui.rows_ok", i18n.format_number(report.rows_imported, lang=lang)),
        ("ui.rows_rejected", i18n.format_number(report.rows_rejected, lang=lang)),
    ]


def kind_label(kind: str, lang: str = "id") -> str:
    """`kegiatan — Kegiatan: satu baris per kegiatan, …` for the kind picker: the name a file and the CLI use,
    then what one row is, in `lang`."""
    return f"{kind} — {kind_description(kind, lang)}"


def kind_description(kind: str, lang: str = "id") -> str:
    """What one row of `kind` is (`Register Kampung KB: satu baris per Kampung KB`), in `lang`."""
    return t(f"data_page.kind_{kind}", lang)


def province_options() -> dict[str, str]:
    """Province code → name, for the boundary download."""
    provinces = regions.children("")
    return dict(zip(provinces["kode"], provinces["nama"], strict=True))


def level_label(level: str, lang: str = "id") -> str:
    """A boundary level ("kabkota") as the sidebar names it ("Kabupaten/Kota", "Regency/City")."""
    number = {name: n for n, name in regions.LEVELS.items()}[level]
    return t(f"ui.level_{number}", lang)


def shipped_layers(lang: str = "id", static_dir=None) -> list[str]:
    """The boundary layers that ship with the dashboard (`static/layers/`), one line a level in `lang`:
    "Provinsi: seluruh Indonesia", "Kecamatan: Lampung, Banten" — what the map draws with no download."""
    folder = layers.static_root(static_dir) / layers.SHIPPED_DIR
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.geojson")):
        level, _, prov = path.stem.partition("_")
        if level in regions.LEVELS.values():
            found.setdefault(level, []).append(prov)
    names, national = province_options(), t("data_page.national", lang)
    return [
        f"{level_label(level, lang)}: " + ", ".join(names.get(p, p) if p else national for p in sorted(found[level]))
        for level in regions.LEVELS.values()
        if level in found
    ]


def boundary_status(lang: str = "id") -> pd.DataFrame:
    """The downloaded boundary layers with province names: level, provinsi, features, size (KB), modified."""
    status = boundaries.status()
    names, national = province_options(), t("data_page.national", lang)
    return pd.DataFrame(
        {
            t("data_page.level", lang): [level_label(level, lang) for level in status["level"]],
            t("data_page.province", lang): [names.get(p, national) if p else national for p in status["prov"]],
            "features": status["features"],
            "KB": (status["bytes"] / 1024).round(0).astype("int64"),
            "modified": status["modified"],
        }
    )


def needs_province(level: str) -> bool:
    """kecamatan and desa are downloaded one province at a time."""
    return level in ("kecamatan", "desa")


def fetch_messages(result: boundaries.FetchResult, lang: str = "id") -> list[tuple[str, str]]:
    """("success"/"info"/"warning", text) lines describing a `boundaries.fetch` result."""
    features = i18n.format_number(result.features, lang=lang)
    if result.skipped_cached:
        lines = [("info", t("data_page.boundaries_cached", lang, features=features, level=result.level))]
    else:
        lines = [
            (
                "success",
                t(
                    "data_page.boundaries_done",
                    lang,
                    features=features,
                    level=result.level,
                    files=len(result.files),
                    seconds=i18n.format_number(result.seconds, 1, lang),
                ),
            )
        ]
    if result.missing:
        lines.append(("warning", t("data_page.boundaries_missing", lang, codes=", ".join(result.missing))))
    if result.repaired:
        lines.append(("info", t("data_page.boundaries_repaired", lang, n=len(result.repaired))))
    return lines
