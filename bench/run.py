"""The national-scale benchmark: the dashboard's fast paths side by side with the naive baseline, in one run.

`python bench/run.py [--quick] [--json] [--out bench/results/<file>.json] [--db STORE] [--browser/--no-browser]`

- Data: `kkb_dashboard.national.generate` + `importer.import_file` (timed: the import, rollups included) when the
  national generator is there, else `bench/synth.py` (written straight with SQL) + `rollups.refresh_all` (timed).
  `--quick`: one province (Banten unless `--prov`); the full run: all 83,762 desa.
- Filter changes: ≥ 20 views (regions at every level, month ranges, tiers, activity types); for each page the
  library calls the page makes (what `ui.cached` runs on a cache miss), timed per view: p50/p95.
  Baseline = the same calls with the rollups switched off (raw rows read and grouped in pandas, tiers classified on
  every call — the code before the rollups); at national scale it runs on fewer views (it takes seconds each).
- Map payload: the figure JSON per level (geometry by URL, values only) vs the same figure with the geometry
  embedded (the static layer when built — already simplified, so the baseline is understated).
- Concurrency: 10 threads, each its own read-only store, changing views at the same time: p95 vs single.
- Browser (Playwright, headless Debian Chromium): `streamlit run` on a free port → first page script finished
  (cold start), the Peta page's first map paint and the recolour after a measure change; the server's peak RSS.
Prints the figures and which targets are met or missed. Speed is proven here, never in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import duckdb  # noqa: E402

from kkb_dashboard import activities, importer, metrics, regions, rollups, tierviews  # noqa: E402
from kkb_dashboard.filters import Filters, month_range  # noqa: E402
from kkb_dashboard.store import Store  # noqa: E402

TARGETS = {"filter_p50_ms": 150, "speedup": 10, "map_payload_bytes": 1_000_000, "import_s": 60, "cold_start_s": 3,
           "peak_rss_mb": 1500, "concurrency_ratio": 3}
PAGES = {
    "ringkasan": lambda s, f: [metrics.kpis(s, f), tierviews.region_counts(s, f), activities.trend(s, f, None)],
    "kegiatan": lambda s, f: [activities.kpis(s, f), activities.stale(s, f), activities.heatmap(s, f),
                              activities.region_ranking(s, f), activities.trend(s, f, "Posyandu"),
                              activities.participants(s, f), activities.family_functions(s, f),
                              activities.partner_agencies(s, f)],
    "klasifikasi": lambda s, f: [tierviews.region_counts(s, f), tierviews.distribution(s, f),
                                 tierviews.transition(s, f, f.dari, f.sampai), tierviews.village_scores(s, f)],
    "peta": lambda s, f: [metrics.region_table(s, f)],
}


# ---------------------------------------------------------------------------------------------- data

def build_store(db: Path, provinces: list[str] | None, out: Path) -> dict:
    """A store at `db` with the dataset; returns how it was made and how long the import took."""
    try:
        from kkb_dashboard import national
    except ImportError:
        national = None
    db.unlink(missing_ok=True)
    if national is not None:
        started = time.perf_counter()
        paths = national.generate(out / "files", provinces=provinces)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        for kind in ("kampung", "target", "profil", "kegiatan"):
            report = importer.import_file(paths[kind], kind, db=db, synthetic=True)
            if report.exit_code:
                raise SystemExit(f"import of {kind} failed: {report.as_json()['errors'][:3]}")
        return {"source": "kkb_dashboard.national + importer.import_file (rollups refreshed by the import hook)",
                "generate_s": round(generated, 1), "import_s": round(time.perf_counter() - started, 1)}
    from synth import synthesize

    synthesize(db, provinces)
    started = time.perf_counter()
    with Store(db) as store:
        rollups.refresh_all(store)
    return {"source": "bench/synth.py (SQL, no import path) + rollups.refresh_all", "import_s": None,
            "rollups_s": round(time.perf_counter() - started, 1)}


def views(provinces: list[str] | None, n: int = 24) -> list[Filters]:
    """`n` views cycling over levels, month ranges, tiers and activity types (seeded, deterministic)."""
    top = [p for p in regions.children("")["kode"] if not provinces or p in provinces]
    kabs = [k for p in top for k in regions.children(p)["kode"]]
    kecs = [c for k in kabs[:6] for c in regions.children(k)["kode"][:3]]
    places = ([""] if not provinces else []) + top[:3] + kabs[::max(1, len(kabs) // 6)][:6] + kecs[::3][:5]
    months = month_range("2023-01", "2024-12")
    tier_sets = [(), (), ("Mandiri", "Berkelanjutan"), ("Dasar",)]
    type_sets = [(), (), ("Posyandu", "BKB"), ()]
    out = []
    for i in range(n):
        end = months[-1 - (i * 5) % 12]
        start = months[months.index(end) - (11 if i % 2 == 0 else 5)]
        out.append(Filters(places[i % len(places)], start, end, tier_sets[i % 4], type_sets[(i // 2) % 4]))
    return out


# ---------------------------------------------------------------------------------------------- timing

def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_pages(db: Path, chosen: list[Filters], *, fast: bool) -> dict:
    """Milliseconds per view for each page's calls (a fresh store per view, as `ui.cached` opens one)."""
    original = rollups.fresh
    if not fast:
        rollups.fresh = lambda store, group: False  # the base-table path: what the pages did before rollups
    try:
        out = {}
        for page, calls in PAGES.items():
            samples = []
            for f in chosen:
                started = time.perf_counter()
                with Store(db, read_only=True) as store:
                    calls(store, f)
                samples.append(1000 * (time.perf_counter() - started))
            out[page] = {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(_percentile(samples, .95), 1),
                         "n": len(samples)}
        return out
    finally:
        rollups.fresh = original


def concurrency(db: Path, chosen: list[Filters], sessions: int = 10) -> dict:
    """Every page's calls for every view in `sessions` threads at once: p50/p95 of a view's time."""
    samples: list[float] = []
    lock = threading.Lock()

    def session(offset: int) -> None:
        for k in range(len(chosen)):
            f = chosen[(k + offset) % len(chosen)]
            started = time.perf_counter()
            with Store(db, read_only=True) as store:
                for calls in PAGES.values():
                    calls(store, f)
            with lock:
                samples.append(1000 * (time.perf_counter() - started))

    threads = [threading.Thread(target=session, args=(i * 3,)) for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"sessions": sessions, "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(_percentile(samples, .95), 1), "n": len(samples)}


def single_all_pages(db: Path, chosen: list[Filters]) -> dict:
    samples = []
    for f in chosen:
        started = time.perf_counter()
        with Store(db, read_only=True) as store:
            for calls in PAGES.values():
                calls(store, f)
        samples.append(1000 * (time.perf_counter() - started))
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(_percentile(samples, .95), 1)}


# ---------------------------------------------------------------------------------------------- map payload

def map_payloads(db: Path, wilayahs: list[str]) -> dict:
    """Figure JSON bytes per level: geometry by URL (the app) vs embedded (the baseline, when a layer is built)."""
    from kkb_dashboard import mapdata, maps

    out = {}
    with Store(db, read_only=True) as store:
        for code in wilayahs:
            f = Filters(code, "2024-01", "2024-12")
            level, prov = mapdata.layer_for(code)
            values = metrics.region_table(store, f)
            fig = maps.choropleth(values, geojson_url=mapdata.geometry_url(level, prov), metric="mandiri_plus_persen",
                                  wilayah=code)
            entry = {"level": level, "url_bytes": len(fig.to_json())}
            path = mapdata.static_path(level, prov)
            if path.exists():
                fig.update_traces(geojson=json.loads(path.read_text()))
                entry["embedded_bytes"] = len(fig.to_json())
            out[code or "indonesia"] = entry
    return out


# ---------------------------------------------------------------------------------------------- browser

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int) -> float | None:
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total = max(total, int(line.split()[1]) / 1024)
        except OSError:
            continue
    return round(total, 1) if total else None


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def browser_probe(db: Path, wilayah: str) -> dict:
    """Cold start, first page and first map paint, recolour time, the server's peak RSS (real server, Chromium)."""
    import urllib.request

    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {**os.environ, "KKB_DB": str(db)}
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless",
                               "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out: dict = {}
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                if time.perf_counter() - started > 60:
                    raise SystemExit("streamlit did not start") from None
                time.sleep(0.05)
        out["health_s"] = round(time.perf_counter() - started, 2)
        idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/?wilayah={wilayah}", wait_until="domcontentloaded")
            page.wait_for_selector(idle, timeout=120_000)
            out["cold_start_s"] = round(time.perf_counter() - started, 2)
            try:  # the Peta page must be registered in app.py and its layer built
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/peta?wilayah={wilayah}", wait_until="domcontentloaded")
                page.wait_for_selector(".js-plotly-plot canvas", timeout=60_000)
                page.wait_for_selector(idle, timeout=60_000)
                out["map_first_paint_s"] = round(time.perf_counter() - t0, 2)
                out["map_recolour_s"] = _recolour(page, idle)
            except Exception as exc:  # noqa: BLE001 — reported, the other figures still count
                out["map_probe_error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
            browser.close()
        out["server_peak_rss_mb"] = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return out


def _recolour(page, idle: str) -> float | None:
    """Pick another measure in the map's select box; seconds until the script is idle again."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="")
    selects = page.locator('section[data-testid="stMain"] [data-testid="stSelectbox"]')
    if not selects.count():
        return None
    t0 = time.perf_counter()
    selects.first.click()
    options = page.locator('[role="option"]')
    options.nth(1 if options.count() > 1 else 0).click()
    page.wait_for_timeout(50)
    page.wait_for_selector(idle, timeout=120_000)
    del box
    return round(time.perf_counter() - t0, 2)


# ---------------------------------------------------------------------------------------------- report

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    ram = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))) / 1024 ** 2
    return {"nproc": os.cpu_count(), "ram_gb": round(ram, 1), "cpu": cpu, "python": platform.python_version(),
            "duckdb": duckdb.__version__, "date": dt.date.today().isoformat()}


def verdicts(result: dict) -> dict:
    fast, base = result["pages"]["rollups"], result["pages"]["baseline"]
    out = {}
    for page in fast:
        speedup = base[page]["p50_ms"] / max(fast[page]["p50_ms"], 0.1)
        result["pages"].setdefault("speedup_p50", {})[page] = round(speedup, 1)
        out[f"{page}: p50 ≤ {TARGETS['filter_p50_ms']} ms"] = fast[page]["p50_ms"] <= TARGETS["filter_p50_ms"]
        out[f"{page}: ≥ {TARGETS['speedup']}× baseline"] = speedup >= TARGETS["speedup"]
    out["every map payload ≤ 1 MB"] = all(e["url_bytes"] <= TARGETS["map_payload_bytes"]
                                          for e in result["map_payload"].values())
    conc = result["concurrency"]
    out[f"10 sessions p95 ≤ {TARGETS['concurrency_ratio']}× single"] = (
        conc["p95_ms"] <= TARGETS["concurrency_ratio"] * result["single_all_pages"]["p95_ms"])
    if result["data"].get("import_s") is not None:
        out["import ≤ 60 s"] = result["data"]["import_s"] <= TARGETS["import_s"]
    probe = result.get("browser") or {}
    if probe.get("cold_start_s") is not None:
        out["cold start ≤ 3 s"] = probe["cold_start_s"] <= TARGETS["cold_start_s"]
    if probe.get("server_peak_rss_mb") is not None:
        out["server peak RSS ≤ 1.5 GB"] = probe["server_peak_rss_mb"] <= TARGETS["peak_rss_mb"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one province (< 5 min)")
    parser.add_argument("--prov", default="36", help="the province of --quick")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    parser.add_argument("--db", type=Path, help="use this store as it is (skip generating and importing)")
    parser.add_argument("--baseline-views", type=int, default=None, help="views for the baseline (default: all "
                        "with --quick, 4 at national scale)")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    provinces = [args.prov] if args.quick else None
    work = Path(tempfile.mkdtemp(prefix="kkb-bench-", dir=REPO / "bench" / "out"))
    result: dict = {"scale": f"provinsi {args.prov}" if args.quick else "national", "machine": machine(),
                    "targets": TARGETS}
    try:
        db = args.db or work / "kkb.duckdb"
        result["data"] = {"source": f"existing store {db}"} if args.db else build_store(db, provinces, work)
        with Store(db, read_only=True) as store:
            result["data"]["rows"] = store.row_counts()
            assert rollups.fresh(store, "kegiatan") and rollups.fresh(store, "kampung"), "rollups are stale"
        chosen = views(provinces)
        few = args.baseline_views or (len(chosen) if args.quick else 4)
        result["views"] = [f.to_query() for f in chosen]
        result["pages"] = {"rollups": time_pages(db, chosen, fast=True),
                           "baseline": time_pages(db, chosen[:few], fast=False)}
        result["pages"]["baseline_views"] = few
        result["single_all_pages"] = single_all_pages(db, chosen)
        result["concurrency"] = concurrency(db, chosen)
        places = [""] + ([args.prov, regions.children(args.prov)["kode"].iloc[0]] if args.quick else
                         ["36", "36.04", "36.04.01"])
        places.append(regions.children(places[-1])["kode"].iloc[0])
        result["map_payload"] = map_payloads(db, places[:4] if not args.quick else places[1:])
        result["bench_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        if not args.no_browser:
            result["browser"] = browser_probe(db, chosen[1].wilayah if args.quick else "")
        result["verdicts"] = verdicts(result)
    finally:
        if not args.db:
            shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(result, indent=1, ensure_ascii=False, default=str)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    if args.json:
        print(text)
    else:
        for name, ok in result["verdicts"].items():
            print(f"{'MET   ' if ok else 'MISSED'} {name}")


if __name__ == "__main__":
    main()
