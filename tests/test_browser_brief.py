"""The files handed out after a meeting, opened as a recipient opens them: from disk (file://) in Chromium with
every request that is not the file itself aborted. The brief shows its map picture and its charts; the standalone
Leaflet map draws its polygons."""

from __future__ import annotations

import datetime as dt

import pytest
from browser_support import VIEWPORT

from kkb_dashboard import brief, maps, metrics
from kkb_dashboard.filters import Filters
from kkb_dashboard.store import Store

pytestmark = pytest.mark.browser

CILEGON = Filters("36.72", "2024-01", "2024-12")


@pytest.fixture(scope="module")
def chromium():
    from browser_support import CHROMIUM, CHROMIUM_ARGS

    playwright_sync = pytest.importorskip("playwright.sync_api")
    with playwright_sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _offline(chromium, path):
    """A tab at `path` (file://) in which every other request is aborted; the URLs it tried are recorded."""
    page = chromium.new_page(viewport=VIEWPORT)
    target = path.as_uri()
    page.blocked = []

    def route(request_route):
        if request_route.request.url == target:
            request_route.continue_()
        else:
            page.blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(target, wait_until="load")
    return page


def test_the_leaflet_download_draws_its_polygons_offline(chromium, with_geo, demo_db, tmp_path):
    with Store(demo_db, read_only=True) as store:
        values = metrics.region_table(store, CILEGON)
    document = maps.folium_download(values, metric="jumlah_kampung", f=CILEGON, lang="id")
    path = tmp_path / "peta.html"
    path.write_bytes(document)
    page = _offline(chromium, path)
    page.wait_for_selector("path.leaflet-interactive", timeout=30_000)
    shapes = page.locator("path.leaflet-interactive")
    assert shapes.count() == len(values)  # one polygon per kecamatan of Kota Cilegon
    box = shapes.first.bounding_box()
    assert box and box["width"] > 5 and box["height"] > 5
    assert not page.locator("#kkb-leaflet-missing").is_visible()  # Leaflet loaded: no "map unavailable" note
    assert [url for url in page.blocked if url.startswith("http")] == []  # nothing asked of the network
    page.close()


_SHAPES = """(selector) => Array.from(document.querySelectorAll(selector)).filter((shape) => {
    const box = shape.getBoundingClientRect(); const style = getComputedStyle(shape);
    return box.width > 2 && box.height > 2 && style.visibility !== "hidden" && style.display !== "none"; }).length"""


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_brief_shows_its_map_and_charts_offline(chromium, with_geo, demo_db, tmp_path, lang):
    with Store(demo_db, read_only=True) as store:
        document = brief.brief_for(store, CILEGON, lang, today=dt.date(2024, 12, 31))
    path = tmp_path / brief.brief_name(CILEGON)
    path.write_text(document, encoding="utf-8")
    page = _offline(chromium, path)
    peta = page.locator("#peta svg")
    assert peta.count() == 1
    box = peta.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200
    assert page.evaluate(_SHAPES, "#peta svg path") == 8  # Kota Cilegon's kecamatan, each drawn with a size
    filled = page.evaluate(
        "() => Array.from(document.querySelectorAll('#peta svg path')).map((p) => getComputedStyle(p).fill)"
    )
    assert all(color not in ("none", "rgba(0, 0, 0, 0)") for color in filled)
    assert page.evaluate(_SHAPES, ".kkb-tier-donut svg circle") == 4  # one slice per tier present in Cilegon
    assert page.evaluate(_SHAPES, ".kkb-trend svg rect:not([data-hover])") == 12  # a bar per month of 2024
    assert page.blocked == []  # the file asked for nothing at all
    page.close()
