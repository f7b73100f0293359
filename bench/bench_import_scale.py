"""Imports at scale, and viewing while one runs (issue 15, item 7): one command, figures as JSON in bench/results/.

`python bench/bench_import_scale.py [--data DIR] [--csv-mb 200] [--sessions 10] [--only national csv browse]`

- national: `bench_import_national.py` in a child process (its own peak RSS): 83,762 Kampung KB, 1.96 M profiles,
  19.4 M activities through `importer.import_file`, each kind one stored import (a new version of the store:
  copy, write, rename), with the copy's own seconds. Targets: ≤ 30 s in total, peak RSS ≤ 1 GB.
- csv: a generated CSV of `--csv-mb` MB of dated activities for the demo's Kampung KB (months the demo lacks),
  imported by the CLI (`python -m kkb_dashboard import … --kind kegiatan --json`) into a demo store, in a child
  process whose peak RSS is read with `wait4`. Target: peak RSS ≤ 1 GB.
- browse: `streamlit run app.py` on a demo store; `--sessions` Chromium tabs (one browser, Playwright's async
  API) each open a page (Ringkasan, Kegiatan, Klasifikasi, Simulasi, Peta, Data, regions in turn), wait until it is
  usable (script finished, title shown, nothing left loading), read it for 0.5–2 s (seeded) and open the next.
  First idle, then while the CLI imports the same CSV into the very store the server reads. A page load is an
  error when it shows an exception box or the unexpected-error notice, or does not finish in 120 s. Target:
  p95 during the import ≤ 2× the idle p95, 0 errors.

The machine is shared: compare figures of one run, or of runs in the same conditions (`load_avg` is recorded).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kkb_dashboard import config, i18n  # noqa: E402
from kkb_dashboard.rules import schema  # noqa: E402
from kkb_dashboard.storage import importer  # noqa: E402

TARGETS = {"national_s": 30, "national_rss_mb": 1024, "csv_rss_mb": 1024, "browse_p95_ratio": 2.0}
PAGES = ("ringkasan", "kegiatan", "klasifikasi", "simulasi", "peta", "data")
WILAYAH = ("36", "36.04", "36.72", "36.73", "")
_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
_READY = f"""() => {{ const app = document.querySelector('{_IDLE}');
    return !!app && !!app.querySelector('h1') && !app.querySelector('[data-testid="stSkeleton"]'); }}"""
UNEXPECTED = (i18n.t("ui.unexpected", "id"), "Traceback", "Could not set lock", "IOException")
CHROMIUM_ARGS = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-first-run"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _figures(seconds: list[float]) -> dict:
    if not seconds:
        return {"n": 0}
    return {
        "n": len(seconds),
        "p50_s": round(statistics.median(seconds), 2),
        "p95_s": round(_percentile(seconds, 0.95), 2),
        "max_s": round(max(seconds), 2),
    }


def _run_child(command: list[str], env: dict | None = None, stdout=None) -> tuple[int, float, float]:
    """Run `command`; (exit code, seconds, its peak RSS in MB from wait4)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, env=env, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode(errors="replace")
    if child.returncode not in (0, 1):
        print(stderr[-3000:], file=sys.stderr)
    return child.returncode, time.perf_counter() - started, round(usage.ru_maxrss / 1024, 1)


# --- national -------------------------------------------------------------------------------------------------


def national(data: Path | None) -> dict:
    """The national import in a child process, as bench_import_national.py reports it."""
    command = [sys.executable, str(REPO / "bench" / "bench_import_national.py")]
    command += ["--data", str(data)] if data else []
    with tempfile.TemporaryFile() as out:
        code, _, rss = _run_child(command, stdout=out)
        out.seek(0)
        result = json.loads(out.read()) if code == 0 else {"exit_code": code}
    result["child_peak_rss_mb"] = rss
    return result


# --- a large CSV ----------------------------------------------------------------------------------------------


def write_csv(path: Path, megabytes: int) -> dict:
    """Dated activities for the demo's Kampung KB, one row per village, type and day from January 2025 on (the
    demo ends in December 2024), each row its own key, until the file holds `megabytes` MB."""
    import csv

    villages = [row["kode_desa"] for row in csv.DictReader((config.demo_dir() / "kampung.csv").open())]
    limit, rows, day = megabytes * 1_000_000, 0, dt.date(2025, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["kode_desa", "tanggal", "jenis_kegiatan", "jumlah", "peserta", "keterangan"])
        while handle.tell() < limit:
            for kind in schema.ACTIVITY_TYPES:
                for number, village in enumerate(villages):
                    note = f"laporan rutin kelompok kegiatan desa {rows}"
                    out.writerow([village, day.isoformat(), kind, 1, 10 + number % 40, note])
                    rows += 1
            day += dt.timedelta(days=1)
    if day > dt.date.today():
        raise SystemExit(f"{megabytes} MB of activities reach past today ({day}): ask for fewer")
    return {"rows": rows, "bytes": path.stat().st_size, "last_day": day.isoformat()}


def import_command(csv_path: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "kkb_dashboard", "import", str(csv_path), "--kind", "kegiatan", "--json"] + [
        "--db",
        str(db),
    ]


def csv_import(csv_path: Path, folder: Path) -> dict:
    """The CLI import of the CSV into a fresh demo store: seconds, exit code, the child's peak RSS, rows stored."""
    db = folder / "csv" / "kkb.duckdb"
    db.parent.mkdir(parents=True)
    importer.load_demo(db)
    env = {**os.environ, "PYTHONPATH": str(REPO), "KKB_DATA_DIR": str(db.parent)}
    with tempfile.TemporaryFile() as out:
        code, seconds, rss = _run_child(import_command(csv_path, db), env, stdout=out)
        out.seek(0)
        report = json.loads(out.read() or b"{}")
    return {
        "exit_code": code,
        "seconds": round(seconds, 1),
        "peak_rss_mb": rss,
        "rows_imported": report.get("rows_imported"),
        "rows_rejected": report.get("rows_rejected"),
        "first_errors": [e["message"] for e in report.get("errors", [])[:3]],
    }


# --- browsing while importing ---------------------------------------------------------------------------------


async def _session(browser, url: str, number: int, until, samples: list, errors: list) -> None:
    """One person: open a page, wait until usable, read it, open the next, until `until()` says stop."""
    rng = random.Random(number)
    page = await browser.new_page(viewport={"width": 1366, "height": 768})
    visit = number
    try:
        while not until(visit - number):
            name, wilayah = PAGES[visit % len(PAGES)], WILAYAH[(visit // len(PAGES)) % len(WILAYAH)]
            visit += 1
            started = time.perf_counter()
            try:
                await page.goto(f"{url}/{name}?wilayah={wilayah}", wait_until="commit")
                await page.wait_for_function(_READY, polling=100, timeout=120_000)
                await page.wait_for_timeout(300)  # a rerun that starts right after the first run
                await page.wait_for_function(_READY, polling=100, timeout=120_000)
                seconds = time.perf_counter() - started - 0.3
                body = await page.inner_text("body")
                shown = [w for w in UNEXPECTED if w in body]
                if await page.locator('[data-testid="stException"]').count() or shown:
                    errors.append({"page": name, "wilayah": wilayah, "shown": shown, "text": body[:300]})
                else:
                    samples.append(seconds)
            except Exception as exc:  # noqa: BLE001 — a page that never became usable is an error, counted
                errors.append({"page": name, "wilayah": wilayah, "error": f"{type(exc).__name__}: {exc}"[:300]})
            await page.wait_for_timeout(rng.uniform(500, 2000))
    finally:
        await page.close()


async def _browse(url: str, sessions: int, csv_path: Path, db: Path, idle_loads: int) -> dict:
    from playwright.async_api import async_playwright

    out: dict = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            warm: list = []
            await _session(browser, url, 0, lambda done: done >= len(PAGES) * 2, warm, [])  # caches, map layers
            idle, idle_errors = [], []
            await asyncio.gather(
                *(_session(browser, url, n, lambda d: d >= idle_loads, idle, idle_errors) for n in range(sessions))
            )
            env = {**os.environ, "PYTHONPATH": str(REPO), "KKB_DATA_DIR": str(db.parent)}
            log = (db.parent / "import.json").open("w")
            started = time.perf_counter()
            child = subprocess.Popen(import_command(csv_path, db), cwd=REPO, env=env, stdout=log, stderr=log)
            busy, busy_errors = [], []
            await asyncio.gather(
                *(
                    _session(browser, url, n, lambda d: child.poll() is not None and d >= 1, busy, busy_errors)
                    for n in range(sessions)
                )
            )
            out["import_seconds"] = round(time.perf_counter() - started, 1)
            out["import_exit_code"] = child.wait()
            log.close()
        finally:
            await browser.close()
    out |= {"idle": _figures(idle), "idle_errors": idle_errors, "during": _figures(busy), "errors": busy_errors}
    if idle and busy:
        out["p95_ratio"] = round(_percentile(busy, 0.95) / _percentile(idle, 0.95), 2)
    return out


def browse(csv_path: Path, folder: Path, sessions: int, idle_loads: int) -> dict:
    """`streamlit run` on a demo store, `sessions` tabs browsing idle, then while the CLI imports the CSV into it."""
    sys.path.insert(0, str(REPO / "tests"))
    from browser_support import streamlit_server

    data = folder / "browse"
    data.mkdir()
    importer.load_demo(data / "kkb.duckdb")
    shared = REPO.parent / "shared"
    with streamlit_server(data, shared) as url:
        result = asyncio.run(_browse(url, sessions, csv_path, data / "kkb.duckdb", idle_loads))
    result["errors_count"] = len(result["errors"]) + len(result["idle_errors"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="folder of the national Parquet files (made when missing)")
    parser.add_argument("--csv-mb", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--idle-loads", type=int, default=6, help="page loads per session before the import")
    parts = ("national", "csv", "browse")
    parser.add_argument("--only", nargs="+", choices=parts, default=list(parts))
    parser.add_argument("--out", type=Path, help="default: bench/results/<date>-import-scale.json")
    args = parser.parse_args()
    result: dict = {"benchmark": "imports at scale", "targets": TARGETS, "load_avg_at_start": os.getloadavg()}
    out = args.out or REPO / "bench" / "results" / f"{dt.date.today().isoformat()}-import-scale.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    (REPO / "bench" / "out").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="kkb-import-scale-", dir=REPO / "bench" / "out"))
    try:
        if "national" in args.only:
            result["national"] = national(args.data)
            _write(out, result)  # each part as soon as it is measured: a long run stopped later keeps it
        if {"csv", "browse"} & set(args.only):
            csv_path = folder / "kegiatan_besar.csv"
            result["csv_file"] = write_csv(csv_path, args.csv_mb)
            if "csv" in args.only:
                result["csv"] = csv_import(csv_path, folder)
                _write(out, result)
            if "browse" in args.only:
                result["browse"] = browse(csv_path, folder, args.sessions, args.idle_loads)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result["load_avg_at_end"] = os.getloadavg()
    result["verdicts"] = verdicts(result)
    _write(out, result)
    for name, ok in result["verdicts"].items():
        print(f"{'MET   ' if ok else 'MISSED'} {name}")
    print(f"written to {out}")


def _write(out: Path, result: dict) -> None:
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")


def verdicts(result: dict) -> dict:
    out = {}
    national = result.get("national", {})
    if national.get("total_seconds") is not None:
        out[f"national import ≤ {TARGETS['national_s']} s"] = national["total_seconds"] <= TARGETS["national_s"]
        out["national import peak RSS ≤ 1 GB"] = national["child_peak_rss_mb"] <= TARGETS["national_rss_mb"]
    if csv := result.get("csv"):
        out["CSV import succeeded"] = csv["exit_code"] == 0
        out["CSV import peak RSS ≤ 1 GB"] = csv["peak_rss_mb"] <= TARGETS["csv_rss_mb"]
    if browsing := result.get("browse"):
        out["browsing during the import: 0 errors"] = browsing["errors_count"] == 0
        out["browsing p95 during the import ≤ 2× idle"] = browsing.get("p95_ratio", 99) <= TARGETS["browse_p95_ratio"]
    return out


if __name__ == "__main__":
    main()
