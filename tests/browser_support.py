"""Shared by the real-browser tests: Debian's Chromium, a `streamlit run app.py` server on a free loopback port,
and the waits Streamlit's own e2e suite uses. Fixtures built on these are in conftest.py (`server`, `browser`)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The map is drawn with WebGL (MapLibre): software GL keeps it drawing in headless Chromium without a GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The projector-sized window every browser test uses.
VIEWPORT = {"width": 1366, "height": 768}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(data: Path, shared: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port with its data in `data` (the demo is loaded on first start),
    boundaries from the local mirror in `shared`; yields the base URL, stops the server after."""
    full_env = {
        **os.environ,
        "KKB_DATA_DIR": str(data),
        "KKB_DB": str(data / "kkb.duckdb"),
        "KKB_BOUNDARY_URL": (shared / "geo" / "raw").as_uri(),
        **(env or {}),
    }
    full_env.pop("KKB_STATIC_DIR", None)
    port = free_port()
    log = (data / "server.log").open("w")
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, cwd=REPO, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def wait_healthy(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("streamlit exited during start-up")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("streamlit did not become healthy")


def settle(page, timeout: float = 90_000) -> None:
    """Wait until the script has finished running (Streamlit's own e2e convention)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_timeout(500)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def open_page(browser, url: str, viewport: dict | None = None):
    """A new tab at `url` (1366×768 unless said otherwise), once the script has finished."""
    page = browser.new_page(viewport=viewport or VIEWPORT)
    page.goto(url)
    settle(page)
    return page


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.inner_text("body")[:2000]
    assert "Traceback" not in page.inner_text("body")


#: The Peta page's plotly map (MapLibre underneath), the wait until it has drawn its layers, and the page pixel of
#: a (lon, lat) on it: shared by the tests that click the map.
MAP = "document.querySelector('[data-testid=\"stPlotlyChart\"] .js-plotly-plot')"
MAP_READY = f"""() => {{ const gd = {MAP}; const m = gd && gd._fullLayout && gd._fullLayout.map
    && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
    return !!m && m.loaded() && m.areTilesLoaded(); }}"""
MAP_PIXEL = f"""([lon, lat]) => {{ const m = {MAP}._fullLayout.map._subplot.map; const p = m.project([lon, lat]);
    const r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }}"""
