"""A real browser on a real server while a real CLI import runs in another process: every page keeps opening with
the last data and no error, and the new month is there once the import is in.

`streamlit run app.py` on the demo; `python -m kkb_dashboard import` of 30,000 generated activities of January 2025
for the demo's Kampung KB (a month the demo does not have) into the same file; Chromium reloads the pages in a loop
until the import ends. Skipped (with the reason) where Chromium is not installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from activity_data import write_activities
from browser_support import CHROMIUM, no_exception, open_page, streamlit_server

from kkb_dashboard import i18n

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
PAGES = ("ringkasan", "kegiatan", "klasifikasi", "simulasi", "peta", "data")
UNEXPECTED = (i18n.t("ui.unexpected", "id"), "Could not set lock", "IOException")


@pytest.fixture(scope="module")
def served(tmp_path_factory, shared):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    data = tmp_path_factory.mktemp("browser-import")
    with streamlit_server(data, shared) as url:
        yield url, data


def _latest_month(page) -> str:
    """The end of the month range the page shows (the latest month with data), as the link keeps it (`sampai`)."""
    return page.url.split("sampai=")[1][:7]


def _check(page, name: str) -> None:
    no_exception(page)
    body = page.inner_text("body")
    assert not [words for words in UNEXPECTED if words in body], (name, body[:2000])
    assert page.locator("h1").count() >= 1, name


def test_pages_keep_serving_during_a_cli_import_and_show_the_new_month_after(served, browser, tmp_path):
    url, data = served
    first = open_page(browser, f"{url}/ringkasan?wilayah=36")
    _check(first, "ringkasan")
    assert _latest_month(first) == "2024-12"
    first.close()

    activities = write_activities(tmp_path / "kegiatan_januari_2025.csv", "2025-01", 30000)
    command = [sys.executable, "-m", "kkb_dashboard", "import", str(activities), "--kind", "kegiatan", "--json"]
    command += ["--db", str(data / "kkb.duckdb")]
    env = {**os.environ, "PYTHONPATH": str(REPO), "KKB_DATA_DIR": str(data)}
    report, errors = tmp_path / "report.json", tmp_path / "errors.txt"
    with report.open("w") as out, errors.open("w") as err:  # files, not pipes: the report holds every row
        importing = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=err)
        loads = 0
        try:
            while importing.poll() is None or loads < len(PAGES):
                name = PAGES[loads % len(PAGES)]
                page = open_page(browser, f"{url}/{name}?wilayah=36")
                _check(page, name)
                page.close()
                loads += 1
        finally:
            importing.wait(timeout=600)
    assert importing.returncode == 0, errors.read_text()
    assert "Traceback" not in errors.read_text()
    assert json.loads(report.read_text())["rows_imported"] == 30000

    # the server reads the store's version at most every 2 seconds: a few reloads at most
    for _ in range(10):
        after = open_page(browser, f"{url}/ringkasan?wilayah=36")
        _check(after, "ringkasan")
        latest = _latest_month(after)
        after.close()
        if latest == "2025-01":
            break
    assert latest == "2025-01"  # the new month is the latest one in the month range
