"""The national-scale benchmark: the dashboard's fast paths side by side with the naive baseline, in one run.

`python bench/run.py [--quick] [--json] [--out bench/results/<file>.json] [--db STORE] [--no-browser]`

- Data: `tools.national.generate` + `importer.import_file` (timed: the import, rollups included).
  `--quick`: one province (Banten unless `--prov`); the full run: all 83,762 desa.
- Filter changes: 24 views (regions at every level, month ranges, tiers, activity types); for each page the
  library calls the page makes through `ui.cached` on a cache miss, each with its own read-only Store as
  `ui.cached` opens one: p50/p95 per view. Then each page's whole script in AppTest (sidebar, data calls all
  missing the cache, figures, tables, download buttons), the what-if page too: p50/p95 per view.
- Baseline (`bench/naive.py`, the issue's naive path): every rerun re-reads the raw tables whole, filters and
  groups them in pandas, classifies tiers from the raw profiles, and the map embeds the full-resolution boundaries
  in its figure. Checked to compute the same region table as the fast path. At national scale it takes tens of
  seconds per view, so it runs on the first `--baseline-views` views (4). It runs last, after the browser probe,
  with the map payloads: it holds the raw tables in memory, which would slow every phase measured after it.
- Map payload: the figure JSON per level (geometry by URL, values only) vs the same figure with the
  full-resolution geometry embedded.
- Concurrency: 10 sessions in threads, each changing a filter on its page, reading the result for 0.5–2 s
  (seeded) and changing again, 12 times: p95 of a change vs one session alone. Also the burst figure (no reading
  time: 10 changes at the very same instant on 2 cores, which arithmetic bounds to ≥ 5× one change).
- Browser (Playwright, headless Debian Chromium, already open): cold start = `streamlit run` → the first page
  usable (its script finished, title shown, no element waiting for its code, every chart drawn), on a fresh server
  and tab, median of 3. After each, the official reads the page 2 s; then, on the second server, Peta opened by
  its address (a new page load: `map_first_paint_new_load_s`); on the third, Peta reached as an official does, by
  its sidebar link: first map paint (`map_first_paint_s`, the figure of the target), p50 of three measure
  changes, of each drill-down click from Indonesia to a desa (click → new map drawn) and of each breadcrumb step
  back up; a map counts as drawn once MapLibre has drawn the new figure's boundaries and the page's loading sign
  is gone. The server's peak RSS. `--probe-only`: the store, the layers and this probe alone. Conditions are checked on
  every animation frame, not by Playwright's selector polling, whose back-off (up to 500 ms) would blur
  sub-second figures.
Prints the figures and which targets are met or missed. Speed is proven here, never in tests.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import random
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
import naive  # noqa: E402

from kkb_dashboard import i18n  # noqa: E402
from kkb_dashboard.rules import regions  # noqa: E402
from kkb_dashboard.rules.filters import Filters, month_range  # noqa: E402
from kkb_dashboard.storage import rollups  # noqa: E402
from kkb_dashboard.storage.store import Store  # noqa: E402
from kkb_dashboard.views import activities, metrics, tiers  # noqa: E402

TARGETS = {
    "filter_p50_ms": 150,
    "speedup": 10,
    "map_payload_bytes": 1_000_000,
    "import_s": 60,
    "cold_start_s": 2,
    "map_first_paint_s": 3,
    "map_step_p50_s": 1.5,
    "peak_rss_mb": 1500,
    "concurrency_ratio": 3,
}
PAGES = {
    "ringkasan": [metrics.kpis, tiers.region_counts, lambda s, f: activities.trend(activities.cells(s, f), f)],
    "kegiatan": [
        lambda s, f: _activity_tables(activities.cells(s, f), activities.kampung_count(s, f), f),
        activities.silent,
        activities.region_ranking,
        activities.partner_agencies,
    ],
    "klasifikasi": [
        tiers.region_counts,
        tiers.distribution,
        lambda s, f: tiers.transition(s, f, f.dari, f.sampai),
        tiers.village_scores,
    ],
    "peta": [metrics.region_table],
}


def _activity_tables(cells, kampung: int, f: Filters) -> list:
    """What the Kegiatan page makes of its cached `activities.cells` and `activities.kampung_count`."""
    return [
        activities.kpis(cells, kampung, f),
        activities.heatmap(cells, f),
        activities.trend(cells, f, "Posyandu"),
        activities.participants(cells, f),
        activities.family_functions(cells, f),
    ]


def run_page(db: Path, page: str, f: Filters) -> None:
    """One filter change on `page`: each of its calls as `ui.cached` runs it on a miss (its own read-only Store)."""
    for call in PAGES[page]:
        with Store(db, read_only=True) as store:
            call(store, f)


# ---------------------------------------------------------------------------------------------- data

_IMPORT = """
import json, resource, sys, time
from pathlib import Path
from kkb_dashboard.storage import importer
from kkb_dashboard.rules import regions
regions.registry()  # once per process, as the app and the CLI load it
started = time.perf_counter()
for kind, path in json.loads(sys.argv[2]).items():
    report = importer.import_file(Path(path), kind, db=Path(sys.argv[1]), synthetic=True)
    if report.exit_code:
        raise SystemExit(f"import of {kind} failed: {report.as_json()['errors'][:3]}")
print(json.dumps({"import_s": round(time.perf_counter() - started, 1),
                  "import_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def build_store(db: Path, provinces: list[str] | None) -> dict:
    """A fresh store at `db` with the national dataset (or `provinces`): the seeded files under data/national
    (generated when missing), imported by `importer.import_file` in a child process, so the import's time and peak
    RSS (rollups included) are its own."""
    from bench_import_national import ORDER, _dataset

    db.unlink(missing_ok=True)
    folder = REPO / "data" / "national" / (f"prov-{provinces[0]}" if provinces else "")
    paths, generated = _dataset(folder, provinces, regenerate=False)
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT, str(db), json.dumps({k: str(paths[k]) for k in ORDER})],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])  # the importer may print progress before
    return {
        "source": f"tools.national files ({folder.relative_to(REPO)}) + importer.import_file "
        "(rollups refreshed by the import)",
        "generate_s": generated,
        **figures,
    }


def views(provinces: list[str] | None, n: int = 24) -> list[Filters]:
    """`n` views cycling over levels, month ranges, tiers and activity types (seeded, deterministic)."""
    top = [p for p in regions.children("")["kode"] if not provinces or p in provinces]
    kabs = [k for p in top for k in regions.children(p)["kode"]]
    kecs = [c for k in kabs[:6] for c in regions.children(k)["kode"][:3]]
    places = ([""] if not provinces else []) + top[:3] + kabs[:: max(1, len(kabs) // 6)][:6] + kecs[::3][:5]
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


def _figures(samples: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(_percentile(samples, 0.95), 1),
        "n": len(samples),
    }


def _timed(step) -> float:
    started = time.perf_counter()
    step()
    return 1000 * (time.perf_counter() - started)


def time_pages(db: Path, chosen: list[Filters]) -> dict:
    """The fast path: milliseconds per filter change on each page."""
    run_page(db, "ringkasan", chosen[0])  # the shared connection is opened once per process, as in the app
    return {page: _figures([_timed(lambda f=f, page=page: run_page(db, page, f)) for f in chosen]) for page in PAGES}


_WHOLE_PAGES = """
import json, sys, time
from streamlit.testing.v1 import AppTest
from kkb_dashboard.views.maps import layers as mapdata
from kkb_dashboard import ui, warmup
from kkb_dashboard.rules.filters import Filters
warmup.prepare()  # what a server does as it starts (app.py's lifespan), before its first visitor
app, pages = sys.argv[1], json.loads(sys.argv[2])
chosen = [Filters(v["wilayah"], v["dari"], v["sampai"], tuple(v["tingkat"]), tuple(v["kegiatan"]))
          for v in json.loads(sys.argv[3])]
out = {}
for page in pages:
    samples = []
    for f in chosen:
        if page == "peta" and not mapdata.available(*mapdata.layer_for(f.wilayah)):
            continue  # no boundaries for this view here: the page would only say how to get them
        at = AppTest.from_file(app, default_timeout=600)
        for key, value in f.to_query().items():
            at.query_params[key] = value
        at.run()  # the session is open (on the overview of this view) ...
        ui.data._cached_call.clear()  # ... and every data call of the page misses the cache, as on a new view
        at.switch_page(f"pages/{page}.py")
        started = time.perf_counter()
        at.run()
        samples.append(1000 * (time.perf_counter() - started))
        if at.exception:
            raise SystemExit(f"{page} {f.to_query()}: {at.exception[0].value}")
    out[page] = samples
print(json.dumps(out))
"""
#: Pages timed whole (`time_whole_pages`): the four above and the what-if page.
WHOLE_PAGES = (*PAGES, "simulasi")


def time_whole_pages(db: Path, cache: Path, chosen: list[Filters]) -> dict:
    """Each page's whole script per filter change, in AppTest (a child process on `db`): the sidebar, the data
    calls (all missing the cache), the figures, tables and download buttons, as a server runs it. The direct calls
    above leave out what a page does around its data, e.g. writing files for its download buttons."""
    env = {**os.environ, "KKB_DB": str(db), "KKB_BOUNDARY_CACHE": str(cache)}
    views_json = json.dumps(
        [
            {
                "wilayah": f.wilayah,
                "dari": f.dari,
                "sampai": f.sampai,
                "tingkat": list(f.tingkat),
                "kegiatan": list(f.kegiatan),
            }
            for f in chosen
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", _WHOLE_PAGES, str(REPO / "app.py"), json.dumps(WHOLE_PAGES), views_json],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    samples = json.loads(done.stdout.strip().splitlines()[-1])
    return {page: _figures(values) for page, values in samples.items()}


def time_baseline(db: Path, chosen: list[Filters]) -> dict:
    """The naive path (`naive.PAGES`): the raw tables re-read and grouped in pandas on every change."""

    def change(page: str, f: Filters) -> None:
        with Store(db, read_only=True) as store:
            naive.PAGES[page](store, f)

    return {page: _figures([_timed(lambda f=f, page=page: change(page, f)) for f in chosen]) for page in PAGES}


def concurrency(
    db: Path,
    chosen: list[Filters],
    sessions: int = 10,
    changes: int = 12,
    reading: tuple[float, float] | None = (0.5, 2.0),
) -> dict:
    """`sessions` threads, each on its own page changing filters `changes` times, reading the result for a seeded
    0.5–2 s between changes (`reading=None`: all at once, no pause): p50/p95 of a change."""
    samples: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(sessions)
    pages = list(PAGES)

    def session(number: int) -> None:
        rng = random.Random(number)
        start.wait()
        for k in range(changes):
            if reading:
                time.sleep(rng.uniform(*reading))
            page, f = pages[(number + k) % len(pages)], chosen[(number * 3 + k) % len(chosen)]
            took = _timed(lambda page=page, f=f: run_page(db, page, f))
            with lock:
                samples.append(took)

    threads = [threading.Thread(target=session, args=(i,)) for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"sessions": sessions, "reading_s": list(reading) if reading else None, **_figures(samples)}


def single_session(db: Path, chosen: list[Filters], changes: int = 120) -> dict:
    """One session alone making as many changes as the 10 sessions of `concurrency` together (pages and views in
    turn), so both p95 come from as many samples: p50/p95 of a change."""
    pages = list(PAGES)
    return _figures(
        [_timed(lambda k=k: run_page(db, pages[k % len(pages)], chosen[k % len(chosen)])) for k in range(changes)]
    )


# ---------------------------------------------------------------------------------------------- map payload


def map_payloads(db: Path, wilayahs: list[str]) -> dict:
    """Figure JSON bytes per level: geometry by URL, values only (the app) vs the full-resolution geometry embedded
    (the baseline)."""
    from kkb_dashboard.views import maps
    from kkb_dashboard.views.maps import layers

    out = {}
    with Store(db, read_only=True) as store:
        for code in wilayahs:
            f = Filters(code, "2024-01", "2024-12")
            level, prov = layers.layer_for(code)
            values = metrics.region_table(store, f)
            fig = maps.choropleth(
                values, geojson_url=layers.geometry_url(level, prov), metric="mandiri_plus_persen", wilayah=code
            )
            entry = {"level": level, "url_bytes": len(fig.to_json())}
            fig.update_traces(geojson=naive.full_geometry(code))
            entry["embedded_bytes"] = len(fig.to_json())
            entry["ratio"] = round(entry["embedded_bytes"] / entry["url_bytes"], 1)
            out[code or "indonesia"] = entry
    return out


def build_layers(cache: Path) -> dict:
    """The map's static files for the browser probe, from the reference boundaries beside the repository imported
    into `cache` (the probe's server reads that cache), then built as the app builds them after an import: every
    cached layer (`layers.build_cached`, what the Data page runs after fetching boundaries, and what a server's
    start-up runs when a layer is stale). The national kecamatan file fills the cache for every province, so
    building only Banten's would leave the other 37 stale: each probe server would then build them in the
    background during the probe, which a real start does only once after boundaries are imported outside the app."""
    from bench_maps import LAYERS, SHARED, _import

    from kkb_dashboard.storage import boundaries
    from kkb_dashboard.views.maps import layers

    started = time.perf_counter()
    for level, prov, source in LAYERS:
        if source and (level, prov) in {("provinsi", None), ("kabkota", None), ("kecamatan", "36"), ("desa", "36")}:
            _import(SHARED / source, level, cache)
    built = layers.build_cached(cache)
    stale = [
        layers.file_name(level, prov)
        for level, prov, _ in boundaries.cached_files(cache)
        if not layers.up_to_date(level, prov, cache_dir=cache)
    ]
    return {
        "layers": len(built),
        "build_s": round(time.perf_counter() - started, 1),
        "stale_after_build": stale,  # a layer the build could not make: the server would try it again
    }


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


_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
#: Checked on every animation frame (`polling="raf"`): `wait_for_selector` polls with a back-off that reaches
#: 500 ms, which would add up to half a second to any figure here.
_SCRIPT_DONE = f"() => !!document.querySelector('{_IDLE}')"
#: A page is usable when its script has finished, its title is shown, no element is still waiting for its code
#: (Streamlit shows a skeleton meanwhile) and every chart on it is drawn (a plotly map: its style and tiles loaded).
_PAGE_READY = f"""() => {{ const app = document.querySelector('{_IDLE}');
    if (!app || !app.querySelector('h1') || app.querySelector('[data-testid="stSkeleton"]')) return false;
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {{
        const gd = chart.querySelector('.js-plotly-plot');
        if (!gd || !gd._fullLayout || !gd.querySelector('.main-svg')) return false;
        const map = gd._fullLayout.map;
        const m = map && map._subplot && map._subplot.map;
        if (map && !(m && m.loaded() && m.areTilesLoaded())) return false;
    }}
    return true; }}"""
_MAP = "document.querySelector('[data-testid=\"stPlotlyChart\"] .js-plotly-plot')"
_MAP_READY = f"""() => {{ const gd = {_MAP}; const m = gd && gd._fullLayout && gd._fullLayout.map
    && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
    return !!m && m.loaded() && m.areTilesLoaded() && !!m.getSource && gd.data[0].locations.length > 0
        && !document.querySelector('.kkb-map-loading:not([hidden])'); }}"""
_PIXEL = f"""([lon, lat]) => {{ const m = {_MAP}._fullLayout.map._subplot.map; const p = m.project([lon, lat]);
    const r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }}"""
#: The map is drawn with WebGL (MapLibre): software GL in headless Chromium without a GPU (as tests/test_browser.py).
#: Debian's Chromium as a user starts it, except that WebGL may fall back to software (SwiftShader) on a machine
#: without a GPU (this one): the map needs WebGL. The rest of the page keeps Chromium's own software compositor.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def drill_path(cache: Path, start: str) -> list[tuple[str, str, float, float]]:
    """From `start` down to a desa: (code, name, lon, lat) of one child per level, a point inside its boundary."""
    from kkb_dashboard.storage import boundaries

    out, code = [], start
    while regions.level_of(code) < 4 if code else True:
        child = regions.children(code)["kode"].iloc[0] if code else "36"
        level = {1: "provinsi", 2: "kabkota", 3: "kecamatan", 4: "desa"}[regions.level_of(child)]
        layer = boundaries.load(level, child[:2] if level in ("kecamatan", "desa") else None, cache)
        shape = layer.loc[layer["kode"] == child, "geometry"]
        if shape.empty:
            break
        point = shape.iloc[0].representative_point()
        out.append((child, regions.name_of(child), point.x, point.y))
        code = child
    return out


#: Cold starts measured, each on a fresh server and a fresh browser tab; the median is the figure.
COLD_STARTS = 3
#: How long the official reads the first page before going on (the map probes start after it).
READING_MS = 2000


def _start_server(
    env: dict, app: Path = REPO / "app.py", settings: tuple[str, ...] = ()
) -> tuple[subprocess.Popen, int, float, float]:
    """`streamlit run app.py` as a user starts it (`app` and extra `settings` flags for another app, run from its
    folder): (process, port, start time, seconds until healthy)."""
    import urllib.request

    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(app),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            *settings,
        ],
        cwd=app.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return server, port, started, time.perf_counter() - started
        except OSError:
            if time.perf_counter() - started > 60:
                server.terminate()
                raise SystemExit("streamlit did not start") from None
            time.sleep(0.02)


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


def browser_probe(db: Path, cache: Path, start: str) -> dict:
    """Cold start (median of `COLD_STARTS`), the Peta page's first map paint, recolour and each drill-down click,
    the server's peak RSS."""
    from playwright.sync_api import sync_playwright

    out: dict = {"cold_start_runs_s": [], "health_runs_s": []}
    path = drill_path(cache, start)
    # The package byte-compiled, as after any earlier start (this machine sets PYTHONDONTWRITEBYTECODE=1, which
    # would otherwise compile its 40 modules from source on every start).
    compileall.compile_dir(REPO / "kkb_dashboard", quiet=1)
    env = {**os.environ, "KKB_DB": str(db), "KKB_BOUNDARY_CACHE": str(cache)}
    env.pop("KKB_STATIC_DIR", None)  # Streamlit serves static/ beside app.py
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)  # the user's browser
        try:
            for run in range(COLD_STARTS):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})  # nothing of the app cached
                page.goto("about:blank")
                page.wait_for_timeout(2000)  # the browser has settled, as one the official opened earlier
                server, port, started, healthy = _start_server(env)
                try:
                    page.goto(f"http://127.0.0.1:{port}/?wilayah={start}", wait_until="commit")
                    page.wait_for_function(_PAGE_READY, polling="raf", timeout=120_000)
                    out["cold_start_runs_s"].append(round(time.perf_counter() - started, 2))
                    out["health_runs_s"].append(round(healthy, 2))
                    page.wait_for_timeout(READING_MS)
                    if run == COLD_STARTS - 2:
                        out["map_first_paint_new_load_s"] = _first_paint_new_load(page, port, start)
                    if run == COLD_STARTS - 1:
                        out |= _peta_probe(page, port, start, path)
                        out["server_peak_rss_mb"] = _peak_rss_mb(server.pid)
                finally:
                    _stop(server)
                    page.close()
        finally:
            browser.close()
    out["cold_start_s"] = statistics.median(out["cold_start_runs_s"])
    out["health_s"] = statistics.median(out["health_runs_s"])
    return out


def _first_paint_new_load(page, port: int, start: str) -> float | None:
    """Peta's first map paint when the official opens its address (a bookmark, a shared link) in the tab of the
    first page: a new page load, which keeps only what the browser caches."""
    try:
        t0 = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/peta?wilayah={start}", wait_until="commit")
        page.wait_for_function(_MAP_READY, timeout=60_000)
        return round(time.perf_counter() - t0, 2)
    except Exception:  # noqa: BLE001 — reported as missing, the other figures still count
        return None


def _peta_probe(page, port: int, start: str, path: list) -> dict:
    """On a running server: the Peta page's first map paint reached as an official does (a click on Peta in the
    sidebar of the first page), a recolour and the drill-down clicks."""
    out = {}
    try:
        t0 = time.perf_counter()
        page.locator('[data-testid="stSidebarNav"] a[href*="peta"]').first.click()
        page.wait_for_function(_MAP_READY, timeout=60_000)
        out["map_first_paint_s"] = round(time.perf_counter() - t0, 2)
        out["map_recolour_runs_s"] = [_recolour(page, option) for option in (1, 2, 0)]
        out["map_recolour_p50_s"] = statistics.median(out["map_recolour_runs_s"])
        out["drill_s"] = _drill(page, path)
        out["drill_p50_s"] = statistics.median(step["s"] for step in out["drill_s"])
        out["breadcrumb_s"] = _breadcrumb(page, start, path)
        out["breadcrumb_p50_s"] = statistics.median(step["s"] for step in out["breadcrumb_s"])
    except Exception as exc:  # noqa: BLE001 — reported, the other figures still count
        out["map_probe_error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return out


def _settled(page) -> None:
    page.wait_for_function(_SCRIPT_DONE, polling="raf", timeout=120_000)


def _recolour(page, option: int) -> float:
    """Pick measure number `option` in the map's select box (a fragment rerun); seconds until the map is drawn
    again."""
    page.wait_for_timeout(800)  # the GeoJSON is drawn a moment after the style reports loaded
    colours = f"() => {{ const gd = {_MAP}; return gd && gd.data ? JSON.stringify(gd.data[0].z.slice(0, 50)) : null; }}"
    before = page.evaluate(colours)
    t0 = time.perf_counter()
    page.get_by_label(i18n.t("maps.metric", "id")).click()
    page.locator('[role="option"]').nth(option).click()
    # The chart is briefly absent while the fragment reruns: null is "not yet", not a change.
    page.wait_for_function(
        f"(b) => {{ const now = ({colours})(); return now !== null && now !== b; }}", arg=before, timeout=60_000
    )
    page.wait_for_function(_MAP_READY, timeout=60_000)
    return round(time.perf_counter() - t0, 2)


def _drill(page, path: list[tuple[str, str, float, float]]) -> list[dict]:
    """Click each region of `path` on the map: seconds from the click to the next map drawn (a desa: its card)."""
    steps = []
    for code, name, lon, lat in path:
        page.wait_for_function(_MAP_READY, timeout=60_000)
        page.wait_for_timeout(800)
        x, y = page.evaluate(_PIXEL, [lon, lat])
        t0 = time.perf_counter()
        page.mouse.click(x, y)
        if regions.level_of(code) < 4:
            page.wait_for_function(
                "(n) => document.querySelector('h1').innerText.endsWith(n)", arg=name, timeout=60_000
            )
            _settled(page)
            page.wait_for_function(_MAP_READY, timeout=60_000)
        else:
            page.get_by_role("heading", name=name).first.wait_for(timeout=60_000)
            _settled(page)
        steps.append({"kode": code, "nama": name, "s": round(time.perf_counter() - t0, 2)})
    return steps


def _breadcrumb(page, start: str, path: list[tuple[str, str, float, float]]) -> list[dict]:
    """From the desa's kecamatan map back up to `start`, one breadcrumb at a time: seconds from the click to the
    parent's map drawn."""
    steps = []
    kecamatan = [code for code, *_ in path if regions.level_of(code) == 3]
    here = kecamatan[0] if kecamatan else None
    while here and here != start and regions.level_of(here) > regions.level_of(start):
        parent = regions.parent_of(here)
        name = regions.name_of(parent)
        page.wait_for_function(_MAP_READY, timeout=60_000)
        page.wait_for_timeout(800)
        t0 = time.perf_counter()
        page.get_by_role("button", name=name, exact=True).first.click()
        page.wait_for_function("(n) => document.querySelector('h1').innerText.endsWith(n)", arg=name, timeout=60_000)
        _settled(page)
        page.wait_for_function(_MAP_READY, timeout=60_000)
        steps.append({"kode": parent, "nama": name, "s": round(time.perf_counter() - t0, 2)})
        here = parent
    return steps


# ---------------------------------------------------------------------------------------------- report


def _calibration() -> dict:
    """Seconds for two fixed workloads, median of 3 each: a pure-Python loop (10 M additions) and a pandas one (a
    2 M-row frame grouped by text keys, 300 tiny merges: allocation- and memory-bound like the pages). The same VM
    type is not always as fast (a shared host), and runs of different days compare through these figures."""
    import numpy as np
    import pandas as pd

    def loop() -> float:
        started, total = time.perf_counter(), 0
        for i in range(10_000_000):
            total += i
        return time.perf_counter() - started

    def frames() -> float:
        rng = np.random.default_rng(0)
        started = time.perf_counter()
        frame = pd.DataFrame({"k": rng.integers(0, 5000, 2_000_000), "v": rng.random(2_000_000)})
        frame.assign(s=frame["k"].astype(str)).groupby("s")["v"].agg(["sum", "size"]).sort_values("sum")
        for _ in range(300):
            pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}).merge(pd.DataFrame({"a": [1, 2]}), on="a")
        return time.perf_counter() - started

    return {
        name: round(statistics.median(work() for _ in range(3)), 3)
        for name, work in (("python_loop_s", loop), ("pandas_s", frames))
    }


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    ram = (
        int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        / 1024**2
    )
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(ram, 1),
        "cpu": cpu,
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "date": dt.date.today().isoformat(),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
        "calibration": _calibration(),
    }


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def verdicts(result: dict) -> dict:
    fast, base = result["pages"]["fast"], result["pages"]["baseline"]
    out = {}
    for page in fast:
        speedup = base[page]["p50_ms"] / max(fast[page]["p50_ms"], 0.1)
        result["pages"].setdefault("speedup_p50", {})[page] = round(speedup, 1)
        out[f"{page}: p50 ≤ {TARGETS['filter_p50_ms']} ms"] = fast[page]["p50_ms"] <= TARGETS["filter_p50_ms"]
        out[f"{page}: ≥ {TARGETS['speedup']}× baseline"] = speedup >= TARGETS["speedup"]
    for page, figures in result["pages"].get("whole", {}).items():
        out[f"{page}: whole page p50 ≤ {TARGETS['filter_p50_ms']} ms"] = figures["p50_ms"] <= TARGETS["filter_p50_ms"]
    out["every map payload ≤ 1 MB"] = all(
        e["url_bytes"] <= TARGETS["map_payload_bytes"] for e in result["map_payload"].values()
    )
    conc, single = result["concurrency"], result["single_session"]
    result["concurrency"]["ratio_p95"] = round(conc["sessions_reading"]["p95_ms"] / single["p95_ms"], 2)
    result["concurrency"]["burst_ratio_p95"] = round(conc["burst"]["p95_ms"] / single["p95_ms"], 2)
    out[f"10 sessions p95 ≤ {TARGETS['concurrency_ratio']}× single"] = (
        result["concurrency"]["ratio_p95"] <= TARGETS["concurrency_ratio"]
    )
    if result["data"].get("import_s") is not None:
        out["import ≤ 60 s"] = result["data"]["import_s"] <= TARGETS["import_s"]
        out["import peak RSS ≤ 1.5 GB"] = result["data"]["import_peak_rss_mb"] <= TARGETS["peak_rss_mb"]
    probe = result.get("browser") or {}
    out |= probe_verdicts(probe)
    return out


def probe_verdicts(probe: dict) -> dict:
    """The browser probe's targets: cold start, Peta's first paint, each map step (p50), the server's memory."""
    out = {}
    if probe.get("cold_start_s") is not None:
        out[f"cold start ≤ {TARGETS['cold_start_s']} s"] = probe["cold_start_s"] <= TARGETS["cold_start_s"]
    if probe.get("map_first_paint_s") is not None:
        out[f"first Peta paint ≤ {TARGETS['map_first_paint_s']} s"] = (
            probe["map_first_paint_s"] <= TARGETS["map_first_paint_s"]
        )
    for step in ("map_recolour", "drill", "breadcrumb"):
        if probe.get(f"{step}_p50_s") is not None:
            out[f"{step} p50 ≤ {TARGETS['map_step_p50_s']} s"] = probe[f"{step}_p50_s"] <= TARGETS["map_step_p50_s"]
    if probe.get("server_peak_rss_mb") is not None:
        out["server peak RSS ≤ 1.5 GB"] = probe["server_peak_rss_mb"] <= TARGETS["peak_rss_mb"]
    out["browser map probe ran"] = bool(probe.get("drill_s")) if probe else False
    return out


def probe_only(args) -> None:
    """`--probe-only`: the browser probe on a store of `--prov` (or `--db`), with its verdicts."""
    out = REPO / "bench" / "out"
    out.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kkb-probe-", dir=out))
    result: dict = {"scale": f"provinsi {args.prov}", "machine": machine(), "targets": TARGETS}
    try:
        db = args.db or work / "kkb.duckdb"
        result["data"] = {"source": f"existing store {db}"} if args.db else build_store(db, [args.prov])
        cache = work / "boundaries"
        result["map_layers"] = build_layers(cache)
        result["browser"] = browser_probe(db, cache, args.prov)
        result["verdicts"] = probe_verdicts(result["browser"])
        result["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]  # other jobs may start meanwhile
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(result, indent=1, ensure_ascii=False, default=str)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    print(
        text if args.json else "\n".join(f"{'MET   ' if ok else 'MISSED'} {n}" for n, ok in result["verdicts"].items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one province (< 5 min)")
    parser.add_argument("--prov", default="36", help="the province of --quick")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    parser.add_argument("--db", type=Path, help="use this store as it is (skip generating and importing)")
    parser.add_argument(
        "--baseline-views",
        type=int,
        default=None,
        help="views for the naive baseline (default: all with --quick, 4 at national scale)",
    )
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--probe-only", action="store_true", help="only the store, the map layers and the browser probe"
    )
    args = parser.parse_args()
    if args.probe_only:
        return probe_only(args)
    provinces = [args.prov] if args.quick else None
    out = REPO / "bench" / "out"  # git-ignored: absent on a fresh clone
    out.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kkb-bench-", dir=out))
    result: dict = {
        "scale": f"provinsi {args.prov}" if args.quick else "national",
        "machine": machine(),
        "targets": TARGETS,
    }
    try:
        db = args.db or work / "kkb.duckdb"
        result["data"] = {"source": f"existing store {db}"} if args.db else build_store(db, provinces)
        with Store(db, read_only=True) as store:
            result["data"]["rows"] = store.row_counts()
            assert rollups.current(store), "rollups are stale"
        chosen = views(provinces)
        few = args.baseline_views or (len(chosen) if args.quick else 4)
        result["views"] = [f.to_query() for f in chosen]
        result["pages"] = {"fast": time_pages(db, chosen)}
        result["single_session"] = single_session(db, chosen)
        result["concurrency"] = {
            "sessions_reading": concurrency(db, chosen),
            "burst": concurrency(db, chosen, reading=None),
        }
        result["fast_peak_rss_mb"] = _rss_mb()
        cache = work / "boundaries"
        result["map_layers"] = build_layers(cache)
        result["pages"]["whole"] = time_whole_pages(db, cache, chosen)
        if not args.no_browser:
            result["browser"] = browser_probe(db, cache, args.prov if args.quick else "")
        # The baseline last: at national scale it holds ~12 GB in this process, and phases measured after it ran
        # slower than on their own (2026-12-02: whole pages +5–15 %, cold start +0.3 s).
        with Store(db, read_only=True) as store:
            result["baseline_check"] = [naive.check(store, f) for f in (chosen[0], chosen[7])]
        result["pages"]["baseline"] = time_baseline(db, chosen[:few])
        result["pages"]["baseline_views"] = few
        kab = regions.children(args.prov)["kode"].iloc[0]
        places = ([] if args.quick else [""]) + [args.prov, kab, regions.children(kab)["kode"].iloc[0]]
        result["map_payload"] = map_payloads(db, places)
        result["bench_peak_rss_mb"] = _rss_mb()
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
