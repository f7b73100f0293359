"""Take a screenshot of every page of a running dashboard (for docs/ and review).

Usage: start the dashboard (`.venv/bin/streamlit run app.py`), then
`.venv/bin/python docs/screenshots.py http://localhost:8501` → docs/screenshots/<page>.png.
Needs Playwright and Debian's Chromium (`apt-get install chromium`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "screenshots"
#: page → the link that opens the view shown (the meeting scenario: Kota Cilegon, Kab. Serang's what-if)
VIEWS = {
    "ringkasan": "ringkasan?wilayah=36.72",
    "peta": "peta?wilayah=36.72",
    "peta_desa": "peta?wilayah=36.72.01&metrik=tingkat_dominan",
    "kegiatan": "kegiatan?wilayah=36.04",
    "klasifikasi": "klasifikasi?wilayah=36.72",
    "simulasi": "simulasi?wilayah=36.04&tahun=2023&target=40",
    "data": "data?wilayah=36.72",
    "ringkasan_en": "ringkasan?wilayah=36.04&lang=en",
}
ARGS = [
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def main(base: str) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path in VIEWS.items():
            page = browser.new_page(viewport={"width": 1440, "height": 2000})
            page.goto(f"{base.rstrip('/')}/{path}")
            page.wait_for_selector(READY, timeout=120_000)
            page.wait_for_timeout(5000)  # maps and charts draw after the script finishes
            page.wait_for_selector(READY, timeout=120_000)
            page.screenshot(path=OUT / f"{name}.png", full_page=True)
            print(OUT / f"{name}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8501")
