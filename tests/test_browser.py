"""A real browser on a real server: Debian's Chromium driven by Playwright against `streamlit run app.py`.

Opens the map, waits for it to draw, clicks a region, sees the breadcrumb change, then opens every page and finds
no exception text. Skipped (with the reason) where Chromium is not installed; `.ci/run` installs it.
"""

from __future__ import annotations

import pytest
from browser_support import MAP_PIXEL, MAP_READY
from browser_support import no_exception as _no_exception
from browser_support import open_page as _open
from browser_support import settle as _settle

pytestmark = pytest.mark.browser

PAGES = ("ringkasan", "peta", "kegiatan", "klasifikasi", "simulasi", "tindak_lanjut", "data")


def test_every_page_opens_without_an_exception(server, browser):
    for name in PAGES:
        page = _open(browser, f"{server}/{name}?wilayah=36.72")
        _no_exception(page)
        assert page.locator("h1").count() >= 1, name
        assert "wilayah=36.72" in page.url, name  # the view from the link survived the page's own run
        page.close()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_shared_link_to_any_page_reopens_its_view(server, browser, lang):
    """A copied link names the page by its address; Ringkasan's is both the root and /ringkasan."""
    ringkasan = {"id": "Ringkasan — Kota Cilegon", "en": "Overview — Kota Cilegon"}[lang]
    for path in ("", *PAGES):
        page = _open(browser, f"{server}/{path}?wilayah=36.72&dari=2024-01&sampai=2024-06&lang={lang}")
        _no_exception(page)
        body = page.inner_text("body")
        assert "Page not found" not in body and "You have requested page" not in body, path
        assert "Kota Cilegon" in page.locator(".kkb-view").first.inner_text(), path  # the linked region …
        assert "2024-06" in page.url and f"lang={lang}" in page.url, path  # … and the rest of the view
        if path in ("", "ringkasan"):
            assert page.locator("h1").first.inner_text() == ringkasan, path
            assert page.url.startswith(f"{server}/?"), page.url  # one address for Ringkasan in the bar
        page.close()


def _click_map(page, lon: float, lat: float) -> None:
    page.wait_for_function(MAP_READY, timeout=90_000)
    page.wait_for_timeout(1000)  # the GeoJSON is drawn a moment after the style reports loaded
    x, y = page.evaluate(MAP_PIXEL, [lon, lat])
    page.mouse.click(x, y)
    _settle(page)


def _title(page) -> str:
    return page.locator("h1").first.inner_text()


def test_click_the_map_to_drill_down_and_the_breadcrumb_to_go_back(server, browser):
    page = _open(browser, f"{server}/peta")
    assert _title(page).endswith("Indonesia")
    _click_map(page, 106.15, -6.35)  # inside Banten
    page.wait_for_function("() => document.querySelector('h1').innerText.includes('Banten')", timeout=60_000)
    assert "wilayah=36" in page.url
    _settle(page)
    _click_map(page, 106.03, -6.0)  # Kota Cilegon
    page.wait_for_function("() => document.querySelector('h1').innerText.includes('Kota Cilegon')", timeout=60_000)
    back_to_banten = page.get_by_role("button", name="Banten", exact=True)
    assert back_to_banten.count() == 1 and page.get_by_role("button", name="Indonesia", exact=True).count() == 1
    _no_exception(page)
    back_to_banten.click()
    _settle(page)
    page.wait_for_function("() => document.querySelector('h1').innerText.endsWith('Banten')", timeout=60_000)
    _no_exception(page)
    page.close()


def test_the_overview_map_is_drawn_and_names_each_province(server, browser):
    peta = _open(browser, f"{server}/peta?wilayah=")  # the first visit to a map builds the provinsi layer
    peta.wait_for_function(MAP_READY, timeout=90_000)
    peta.close()
    page = _open(browser, f"{server}/ringkasan?wilayah=")
    _no_exception(page)
    svg = page.locator(".kkb-small-map svg")
    box = svg.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 100  # the browser kept and drew the picture
    assert svg.locator("path").count() == 38  # every province of Indonesia
    tips = svg.locator("path > title").evaluate_all("titles => titles.map(t => t.textContent)")
    assert any(tip.startswith("Banten (36)\nJumlah Kampung KB: ") for tip in tips)
    for chart in (".kkb-tier-donut svg", ".kkb-trend svg"):  # the overview's charts are pictures too
        box = page.locator(chart).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100
    assert page.locator(".kkb-tier-donut svg circle").count() >= 1
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    page.close()
