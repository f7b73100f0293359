"""`python -m kkb_dashboard`: import files, summarise, classify, simulate, fetch boundaries, rebuild the demo.

The JSON printed by `import`, `summary`, `tiers` and `scenario` is a contract other tools rely on.
Exit codes: 0 success · 1 rows rejected · 2 unusable input. A user never sees a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import numbers
import sys
from collections.abc import Callable

from .errors import InputError
from .i18n import t
from .rules import regions
from .storage.concurrency import StoreUnavailable, waiting_notice

_LEVELS = tuple(regions.LEVELS.values())  # geopandas (via boundaries) is imported only when a command needs it

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kkb_dashboard", description="Dasbor Kampung KB")
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="bahasa pesan / message language")
    commands = parser.add_subparsers(dest="command", required=True)

    imp = commands.add_parser("import", help="impor berkas (kampung, kegiatan, profil, ...)")
    imp.add_argument("file")
    imp.add_argument(
        "--kind", required=True, help="kampung | kegiatan | profil | klasifikasi | target | indikator | batas"
    )
    imp.add_argument("--wilayah", help="wilayah induk untuk mencocokkan nama, mis. 36.72")
    imp.add_argument("--sheet", help="nama sheet Excel (bawaan: sheet pertama)")
    imp.add_argument("--level", help="untuk --kind batas: provinsi | kabkota | kecamatan | desa")
    imp.add_argument("--db")
    imp.add_argument("--skip-invalid", action="store_true", help="simpan baris valid saja")
    imp.add_argument("--json", action="store_true")

    summary = commands.add_parser("summary", help="ringkasan wilayah")
    summary.add_argument("--wilayah", default="")
    summary.add_argument("--periode", help="YYYY-MM")
    summary.add_argument("--db")
    summary.add_argument("--json", action="store_true")

    tiers = commands.add_parser("tiers", help="klasifikasi berkas profil tanpa menyimpan")
    tiers.add_argument("file")
    tiers.add_argument("--wilayah")
    tiers.add_argument("--sheet")
    tiers.add_argument("--json", action="store_true")

    scenario = commands.add_parser("scenario", help="berapa desa harus naik untuk mencapai target")
    scenario.add_argument("--wilayah", required=True)
    scenario.add_argument("--tahun", type=int, required=True)
    scenario.add_argument("--target-persen", type=_percent, default=None, help="0–100")
    scenario.add_argument("--db")
    scenario.add_argument("--json", action="store_true")

    bounds = commands.add_parser("boundaries", help="batas wilayah: unduh, impor, status")
    actions = bounds.add_subparsers(dest="action", required=True)
    fetch = actions.add_parser("fetch")
    fetch.add_argument("--level", required=True, choices=_LEVELS)
    fetch.add_argument("--prov")
    fetch.add_argument("--force", action="store_true")
    bimport = actions.add_parser("import")
    bimport.add_argument("file")
    bimport.add_argument("--level", choices=_LEVELS)
    bimport.add_argument("--code-column")
    actions.add_parser("status")

    demo = commands.add_parser("demo", help="bangun ulang basis data demo")
    demo.add_argument("--db")
    upgrade = commands.add_parser("upgrade", help="perbarui basis data dari versi lama (ringkasan praolah)")
    upgrade.add_argument("--db")
    _users_parser(commands)
    return parser


def _users_parser(commands) -> None:
    users = commands.add_parser("users", help="pengguna dasbor dengan login: tambah, daftar, hapus")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="tambah atau ubah pengguna")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=("viewer", "operator", "admin"))
    add.add_argument("--wilayah", nargs="+", default=[], metavar="KODE", help="wilayah operator, mis. 36.72")
    add.add_argument("--db")
    listing = actions.add_parser("list", help="daftar pengguna")
    listing.add_argument("--db")
    listing.add_argument("--json", action="store_true")
    remove = actions.add_parser("remove", help="hapus pengguna")
    remove.add_argument("email")
    remove.add_argument("--db")


def _percent(text: str) -> float:
    """A share in percent as the command line takes it: a finite number from 0 to 100."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= 100):
        raise argparse.ArgumentTypeError(f"{text!r}: 0–100")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = _HANDLERS[args.command]
    try:
        with waiting_notice(lambda seconds: _say_waiting(seconds, args.lang)):
            return handler(args)
    except StoreUnavailable as exc:  # busy, locked, full, read-only or missing: said in the user's language
        print(exc.text(args.lang), file=sys.stderr)
        _json_failure(args, exc.text(args.lang))
        return 2
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        _json_failure(args, str(exc))
        return 2
    except Exception as exc:  # noqa: BLE001 — a user gets a sentence, never a traceback
        message = t("cli.unexpected", args.lang, error=f"{type(exc).__name__}: {exc}")
        print(message, file=sys.stderr)
        _json_failure(args, message)
        return 2


def _say_waiting(seconds: float, lang: str) -> None:
    """An import waits for another one: say so on the terminal (stderr, so `--json` output stays JSON)."""
    print(t("store.waiting", lang, seconds=round(seconds)), file=sys.stderr, flush=True)


def _json_failure(args: argparse.Namespace, message: str) -> None:
    """With --json, stdout stays JSON when a command fails: the import report's shape with the message as its
    one error, `tiers`' empty list, or `{"errors": [...]}` (the sentence is on stderr too)."""
    if not getattr(args, "json", False):
        return
    error = {"row": None, "column": None, "value": None, "message": message}
    if args.command == "import":
        counts = {"rows_read": 0, "rows_imported": 0, "rows_rejected": 0}
        _print_json({"kind": args.kind, "file": args.file, **counts, "rows": [], "errors": [error], "warnings": []})
    else:
        _print_json([] if args.command == "tiers" else {"errors": [error]})


def _print_json(data: object) -> None:
    """Strict JSON (RFC 8259): NaN and infinities, which other tools cannot parse, are written as null."""
    print(json.dumps(_strict(data), ensure_ascii=False, indent=2, default=str, allow_nan=False))


def _strict(value: object) -> object:
    if isinstance(value, dict):
        return {key: _strict(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(item) for item in value]
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    return value if value is None or isinstance(value, str | bool) else _scalar(value)


def _scalar(value: object) -> object:
    """pandas' missing markers (NA, NaT) become null; anything else is written as text by json's `default`."""
    try:
        return None if value != value else value  # NaT != NaT; pd.NA raises TypeError on bool()
    except TypeError:
        return None
    except ValueError:  # an array: not a missing marker
        return value


def _import(args) -> int:
    if args.kind == "batas":
        from .storage import boundaries

        report = boundaries.import_file(args.file, level=args.level, lang=args.lang)
        _print_json(
            {
                "kind": "batas",
                "rows": report.rows,
                "level": report.level,
                "repaired": report.repaired,
                "rejected": report.rejected,
                "layers_built": _build_layers(args.lang),
            }
        )
        return 1 if report.rejected else 0
    from .storage.importer import import_file

    report = import_file(
        args.file,
        args.kind,
        db=args.db,
        wilayah=args.wilayah,
        sheet=args.sheet,
        skip_invalid=args.skip_invalid,
        lang=args.lang,
        imported_by=_who(),
    )
    if args.json:
        _print_json(report.as_json())
    else:
        _print_import(report, args.lang)
    return report.exit_code


def _print_import(report, lang: str) -> None:
    if report.unusable:
        print(f"{report.file}: {report.unusable}", file=sys.stderr)
        return
    if report.rows:
        print(t("cli.rows_header", lang))
    for row in report.rows:
        print(
            f"  {row['row']:>6}  {row.get('kode_desa') or row.get('kode_wilayah') or '-':<14} "
            f"{row['match']:<12} {row['score']:>5}"
        )
    for issue in report.errors:
        print(f"{report.file}: {issue.message}", file=sys.stderr)
    for issue in report.warnings:
        print(f"{report.file}: ! {issue.message}", file=sys.stderr)
    stored = report.rows_imported if report.import_id is not None else 0
    print(t("data.imported", lang, imported=stored, read=report.rows_read, kind=report.kind))
    if report.rows_rejected and report.import_id is None:
        print(t("data.rejected_nothing_stored", lang, rejected=report.rows_rejected))


def _summary(args) -> int:
    from .views.metrics import summary

    data = summary(args.wilayah, args.periode, db=args.db)
    if args.json:
        _print_json(data)
    else:
        print("\n".join(_summary_lines(data, args.lang)))
    return 0


def _summary_lines(data: dict, lang: str) -> list[str]:
    """`summary` for a reader: region and month, coverage, tiers, activities; words and numbers in `lang`."""
    from .i18n import format_month, format_number, format_percent
    from .views.tables import value_text

    month = format_month(data["month"], lang) if data["month"] else "–"
    region = f"{data['name']} ({data['region']})" if data["region"] else data["name"]

    def counts(named: dict[str, int]) -> str:
        return " · ".join(f"{value_text(name, lang)} {format_number(n, lang=lang)}" for name, n in named.items())

    return [
        t("cli.summary_title", lang, region=region, month=month),
        t(
            "cli.summary_kampung",
            lang,
            n=format_number(data["kampung_kb"], lang=lang),
            desa=format_number(data["desa"], lang=lang),
            cover=format_percent(data["coverage_percent"], 2, lang),
        ),
        t("cli.summary_tiers", lang, counts=counts(data["tiers"])),
        t("cli.summary_activities", lang, month=month, counts=counts(data["activities"])),
    ]


def _tiers(args) -> int:
    from .rules.classification import classify
    from .storage.importer import import_file

    report = import_file(args.file, "profil", wilayah=args.wilayah, sheet=args.sheet, lang=args.lang, dry_run=True)
    for message in ([report.unusable] if report.unusable else []) + [e.message for e in report.errors]:
        print(f"{report.file}: {message}", file=sys.stderr)
    if report.unusable:
        if args.json:
            _print_json([])
        return 2
    _print_json(_tier_records(classify(report.frame)) if report.frame is not None and len(report.frame) else [])
    return report.exit_code


def _tier_records(classified) -> list[dict]:
    """The `tiers` contract, English-keyed like `scenario`: kode_desa, month, scores {the rule's 12 score names},
    indices {input, proses, output}, tier."""
    from .rules.tier_rule import INDEX_NAMES, SCORE_NAMES

    return [
        {
            "kode_desa": row["kode_desa"],
            "month": row["periode"],
            "scores": {name: int(row[f"skor_{name}"]) for name in SCORE_NAMES},
            "indices": {name: float(row[f"indeks_{name}"]) for name in INDEX_NAMES},
            "tier": row["klasifikasi"],
        }
        for row in classified.to_dict("records")
    ]


def _scenario(args) -> int:
    from .views.metrics import needed_for_target

    _print_json(needed_for_target(args.wilayah, args.tahun, args.target_persen, db=args.db, lang=args.lang))
    return 0


def _build_layers(lang: str) -> int | None:
    """The map's file of every cached boundary layer that lacks a current one, as the Data page builds them after a
    download: the first visit to Peta (or the next server start) then draws at once. Returns how many were built,
    or None when the build failed: the boundaries are stored by then, so the command's report and exit code stand,
    and the page builds what is missing on first use (said on stderr, details in the log)."""
    from .views.maps import layers

    try:
        return len(layers.build_cached())
    except Exception:  # noqa: BLE001 — the import itself succeeded; the map files are an extra
        log.exception("building the map files failed")
        print(t("boundaries.layers_not_built", lang), file=sys.stderr)
        return None


def _boundaries(args) -> int:
    from .storage import boundaries

    if args.action == "fetch":
        prov = regions.normalize_code(args.prov) if args.prov else None
        result = boundaries.fetch(
            args.level,
            prov,
            force=args.force,
            lang=args.lang,
            progress=lambda fraction, text: print(f"[{fraction:4.0%}] {text}", file=sys.stderr),
        )
        _print_json(
            {
                "level": result.level,
                "prov": result.prov,
                "features": result.features,
                "files": len(result.files),
                "cached": result.skipped_cached,
                "repaired": len(result.repaired),
                "missing": result.missing,
                "seconds": round(result.seconds, 2),
                "layers_built": _build_layers(args.lang),
            }
        )
        return 1 if result.missing else 0
    if args.action == "import":
        report = boundaries.import_file(args.file, level=args.level, code_column=args.code_column, lang=args.lang)
        _print_json(
            {
                "rows": report.rows,
                "level": report.level,
                "code_column": report.code_column,
                "repaired": report.repaired,
                "rejected": report.rejected,
                "assumed_wgs84": report.assumed_wgs84,
                "layers_built": _build_layers(args.lang),
            }
        )
        return 1 if report.rejected else 0
    print(boundaries.status().to_string(index=False))
    return 0


def _demo(args) -> int:
    from .storage.importer import load_demo

    for report in load_demo(db=args.db, lang=args.lang):
        print(f"{report.kind:<12} {report.rows_imported:>7} / {report.rows_read:<7} {report.file}")
        if report.exit_code:
            print(report.unusable or "\n".join(e.message for e in report.errors[:5]), file=sys.stderr)
            return report.exit_code
    return 0


def _upgrade(args) -> int:
    """Open the store for writing, which brings its schema and rollups up to date (`Store`)."""
    from .storage import store as store_module

    if not store_module.exists(args.db):
        raise StoreUnavailable("missing", store_module.locate(args.db))
    with store_module.Store(args.db) as store:
        where = store.name
    print(t("store.upgraded", args.lang, path=where))
    return 0


def _users(args) -> int:
    from kkb_dashboard.storage import access

    if args.action == "add":
        user = access.add_user(args.email, args.role, args.wilayah, db=args.db, lang=args.lang)
        where = f" — {access.scope_label(user.wilayah)}" if user.wilayah else ""
        print(t("access.user_added", args.lang, email=user.email, role=user.role, wilayah=where))
        return 0
    if args.action == "remove":
        if not access.remove_user(args.email, db=args.db, lang=args.lang):
            print(t("access.user_missing", args.lang, email=args.email), file=sys.stderr)
            return 1
        print(t("access.user_removed", args.lang, email=args.email.strip().lower()))
        return 0
    users = access.list_users(args.db)
    if args.json:
        _print_json([{"email": u.email, "role": u.role, "wilayah": list(u.wilayah)} for u in users])
    elif not users:
        print(t("access.no_users", args.lang), file=sys.stderr)
    for user in [] if args.json else users:
        print(f"{user.email:<40} {user.role:<9} {access.scope_label(user.wilayah)}")
    return 0


def _who() -> str | None:
    """The account a CLI import is logged under (the operating system's user name)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return None


_HANDLERS = {
    "import": _import,
    "summary": _summary,
    "tiers": _tiers,
    "scenario": _scenario,
    "boundaries": _boundaries,
    "demo": _demo,
    "upgrade": _upgrade,
    "users": _users,
}
