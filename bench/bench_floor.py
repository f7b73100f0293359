"""What Streamlit and plotly alone take on this machine: the browser probe of `run.py` on a bare two-page app
(`floor_app/app.py`), so the dashboard's cold start and first Peta paint can be read against a floor measured in
the same conditions.

    python bench/bench_floor.py [--rounds 3] [--out FILE]

Figures, each the median of `--rounds` fresh servers and tabs: `cold_start_s` (`streamlit run` → the first page
usable, as `run.py` judges it), `map_first_paint_s` (2 s on the first page, then its sidebar link to the map
page → the map drawn) and `widgets_cold_start_s` (the first page opened with `?widgets=1`: the kinds of element
the dashboard's first page shows, without its data — see `floor_app/app.py`); then the same page served as the
dashboard serves itself, an `st.App` (`floor_app/served.py`): `widgets_served_cold_start_s`, and with the start-up
also importing the libraries the dashboard reads its data with (pandas, NumPy, PyArrow, DuckDB) in a background
thread, as the dashboard's warm-up does: `widgets_imports_cold_start_s` (the two served ones in turns). Needs
`requirements-test.txt` (Playwright) and Debian's Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402 — the probe's conditions, browser flags and calibration

#: The dashboard's own server settings (`.streamlit/config.toml`) that change how fast a page starts.
SETTINGS = (
    "--server.fileWatcherType",
    "none",
    "--runner.postScriptGC",
    "false",
    "--runner.magicEnabled",
    "false",
    "--client.toolbarMode",
    "minimal",
)


@contextlib.contextmanager
def first_page(browser, query: str = "", script: str = "app.py", env: dict | None = None):
    """A fresh server of `floor_app/<script>` and a fresh tab, its first page opened (`query`: the link's
    parameters) and usable: yields the tab and the seconds from `streamlit run` to that."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto("about:blank")
    page.wait_for_timeout(2000)
    server, port, started, _ = run._start_server({**os.environ, **(env or {})}, HERE / "floor_app" / script, SETTINGS)
    try:
        page.goto(f"http://127.0.0.1:{port}/{query}", wait_until="commit")
        page.wait_for_function(run._PAGE_READY, polling="raf", timeout=120_000)
        yield page, time.perf_counter() - started
    finally:
        run._stop(server)
        page.close()


def one_round(browser, index: int = 0) -> dict:
    """Seconds to the bare first page, then to the map reached by its link; then, each on another fresh server, to
    the first page drawn with the dashboard's kinds of element: by `app.py`, then by `served.py` without and with
    the data libraries' import (those two in turns, which one first by the round's `index`)."""
    with first_page(browser) as (page, cold):
        page.wait_for_timeout(run.READING_MS)
        clicked = time.perf_counter()
        page.locator('[data-testid="stSidebarNav"] a[href*="peta"]').first.click()
        page.wait_for_function(run._MAP_READY, polling="raf", timeout=60_000)
        painted = time.perf_counter() - clicked
    with first_page(browser, "?widgets=1") as (_, widgets):
        pass
    served = {}
    for imports in ("", "1") if index % 2 == 0 else ("1", ""):
        with first_page(browser, "?widgets=1", "served.py", {"FLOOR_IMPORTS": imports}) as (_, seconds):
            served[imports] = seconds
    return {
        "cold_start_s": round(cold, 2),
        "map_first_paint_s": round(painted, 2),
        "widgets_cold_start_s": round(widgets, 2),
        "widgets_served_cold_start_s": round(served[""], 2),
        "widgets_imports_cold_start_s": round(served["1"], 2),
        "served_first": "plain" if index % 2 == 0 else "imports",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    machine = run.machine()  # before the rounds: its load average is the one at the start
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=run.CHROMIUM_ARGS)
        try:
            rounds = [one_round(browser, index) for index in range(args.rounds)]
        finally:
            browser.close()
    result = {
        "date": machine["date"],
        "machine": machine,
        "load_avg_at_start": machine["load_avg_at_start"],
        "calibration": machine["calibration"],
        "rounds": rounds,
        **{
            key: statistics.median(r[key] for r in rounds)
            for key in (
                "cold_start_s",
                "map_first_paint_s",
                "widgets_cold_start_s",
                "widgets_served_cold_start_s",
                "widgets_imports_cold_start_s",
            )
        },
        "load_avg_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
