"""Take a screenshot of every page of a running dashboard at 1366×768, a projector's size (for docs/ and review).

Usage: start the dashboard (`.venv/bin/streamlit run app.py`), then
`.venv/bin/python docs/screenshots.py http://localhost:8501 [view …]` → docs/screenshots/<view>.png (every view
when none is named).
Each picture is the window as a meeting room sees it, without scrolling: normal mode, and presentation mode
(`presentasi=1`: sidebar folded, the headline and large figures). Needs Playwright and Debian's Chromium
(`apt-get install chromium`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "screenshots"
VIEWPORT = {"width": 1366, "height": 768}
_PERIOD = "dari=2024-01&sampai=2024-12"
#: view → the link that opens it (the meeting scenario: Kota Cilegon, Kab. Serang's what-if)
VIEWS = {
    "ringkasan": f"?wilayah=36.72&{_PERIOD}",
    "ringkasan_presentasi": f"?wilayah=36.72&{_PERIOD}&presentasi=1",
    "ringkasan_presentasi_en": f"?wilayah=36.04&{_PERIOD}&presentasi=1&lang=en",
    "ringkasan_en": f"?wilayah=36.04&{_PERIOD}&lang=en",
    "peta": f"peta?wilayah=36.72&{_PERIOD}",
    "peta_desa": f"peta?wilayah=36.72.01&{_PERIOD}&metrik=tingkat_dominan",
    "kegiatan": f"kegiatan?wilayah=36.04&{_PERIOD}",
    "kegiatan_filter": f"kegiatan?wilayah=36.04&{_PERIOD}&tingkat=Mandiri&kegiatan=Posyandu&presentasi=1",
    "klasifikasi": f"klasifikasi?wilayah=36.72&{_PERIOD}",
    "klasifikasi_presentasi_en": f"klasifikasi?wilayah=36.72&{_PERIOD}&presentasi=1&lang=en",
    "simulasi": "simulasi?wilayah=36.04&tahun=2023&target=40",
    "simulasi_en": "simulasi?wilayah=36.04&tahun=2023&target=40&lang=en",
    "data": "data?wilayah=36.72",
    "peta_en": f"peta?wilayah=36&{_PERIOD}&lang=en",
    "tindak_lanjut": f"tindak_lanjut?wilayah=36.72&{_PERIOD}&rapat=2024-06",
    "tindak_lanjut_en": f"tindak_lanjut?wilayah=36.72&{_PERIOD}&rapat=2024-06&lang=en",
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
#: The Peta map (MapLibre in plotly) has drawn its style, tiles and boundaries (its loading sign is gone).
MAP_READY = """() => { const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const m = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot
        && gd._fullLayout.map._subplot.map;
    return !!m && m.loaded() && m.areTilesLoaded() && !document.querySelector('.kkb-map-loading:not([hidden])'); }"""


def main(base: str, names: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path in VIEWS.items():
            if names and name not in names:
                continue
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(f"{base.rstrip('/')}/{path}")
            page.wait_for_selector(READY, timeout=300_000)
            page.wait_for_timeout(5000)  # maps and charts draw after the script finishes
            page.wait_for_selector(READY, timeout=300_000)
            if path.startswith("peta"):
                page.wait_for_function(MAP_READY, timeout=300_000)
                page.wait_for_timeout(2000)  # the GeoJSON is drawn a moment after the tiles
            page.screenshot(path=OUT / f"{name}.png")
            print(OUT / f"{name}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8501", sys.argv[2:])
