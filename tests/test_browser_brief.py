"""The files handed out after a meeting, opened as a recipient opens them: from disk (file://) in Chromium with
every request that is not the file itself aborted. The brief shows its map picture and its charts; the standalone
Leaflet map draws its polygons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from browser_support import VIEWPORT

from kkb_dashboard.rules.filters import Filters
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import brief, maps, metrics

pytestmark = pytest.mark.browser

CILEGON = Filters("36.72", "2024-01", "2024-12")


def _offline(browser, path):
    """A tab at `path` (file://) in which every other request is aborted; the URLs it tried are recorded."""
    page = browser.new_page(viewport=VIEWPORT)
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


def test_the_leaflet_download_draws_its_polygons_offline(browser, with_geo, demo_db, tmp_path):
    with Store(demo_db, read_only=True) as store:
        values = metrics.region_table(store, CILEGON)
    document = maps.folium_download(values, metric="jumlah_kampung", f=CILEGON, lang="id")
    path = tmp_path / "peta.html"
    path.write_bytes(document)
    page = _offline(browser, path)
    page.wait_for_selector("path.leaflet-interactive", timeout=30_000)
    shapes = page.locator("path.leaflet-interactive")
    assert shapes.count() == len(values)  # one polygon per kecamatan of Kota Cilegon
    box = shapes.first.bounding_box()
    assert box and box["width"] > 5 and box["height"] > 5
    assert not page.locator("#kkb-leaflet-missing").is_visible()  # Leaflet loaded: no "map unavailable" note
    assert [url for url in page.blocked if url.startswith("http")] == []  # nothing asked of the network
    page.evaluate("() => document.getElementById('kkb-leaflet-missing')?.remove()")
    shapes.first.click(force=True)  # its popup names the region, from the popup template
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert popup.locator("b").inner_text() in set(values["nama"])
    assert "Kode" in popup.inner_text() and "Jumlah Kampung KB" in popup.inner_text()
    page.screenshot(path=str(tmp_path / "peta_offline.png"))
    page.close()


_SHAPES = """(selector) => Array.from(document.querySelectorAll(selector)).filter((shape) => {
    const box = shape.getBoundingClientRect(); const style = getComputedStyle(shape);
    return box.width > 2 && box.height > 2 && style.visibility !== "hidden" && style.display !== "none"; }).length"""


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_brief_shows_its_map_and_charts_offline(browser, with_geo, demo_db, tmp_path, lang):
    with Store(demo_db, read_only=True) as store:
        document = brief.brief_for(store, CILEGON, lang, today=dt.date(2024, 12, 31))
    path = tmp_path / brief.brief_name(CILEGON)
    path.write_text(document, encoding="utf-8")
    page = _offline(browser, path)
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


#: The two download buttons' labels per language.
_LABELS = {
    "id": ("Unduh ringkasan rapat (HTML)", "Unduh presentasi (PPTX)"),
    "en": ("Download the meeting brief (HTML)", "Download the deck (PPTX)"),
}


def _downloads_side_by_side(page, lang: str, shots: Path) -> None:
    """Both buttons on one row (deck right of the brief); each gives its file: the deck with its three native
    charts, the brief with its map element."""
    import io

    from browser_support import no_exception, settle
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE

    brief_label, deck_label = _LABELS[lang]
    brief_button = page.get_by_role("button", name=brief_label)
    deck_button = page.get_by_role("button", name=deck_label)
    brief_button.scroll_into_view_if_needed()
    left, right = brief_button.bounding_box(), deck_button.bounding_box()
    assert abs(left["y"] - right["y"]) < 5 and right["x"] > left["x"] + left["width"]
    with page.expect_download(timeout=120_000) as download:
        deck_button.click()
    assert download.value.suggested_filename == "presentasi_rapat_36.72_2024-12.pptx"
    presentation = Presentation(io.BytesIO(Path(download.value.path()).read_bytes()))
    types = {s.chart.chart_type for slide in presentation.slides for s in slide.shapes if s.has_chart}
    assert types == {XL_CHART_TYPE.DOUGHNUT, XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.COLUMN_CLUSTERED}
    settle(page)
    page.screenshot(path=str(shots / f"ringkasan_{lang}.png"))
    with page.expect_download(timeout=120_000) as download:
        brief_button.click()
    assert download.value.suggested_filename == "ringkasan_rapat_36.72_2024-12.html"
    assert 'id="peta"' in Path(download.value.path()).read_text(encoding="utf-8")
    settle(page)
    no_exception(page)


def test_ringkasan_offers_the_brief_and_the_deck_side_by_side(server, browser, tmp_path):
    from browser_support import open_page, settle

    page = open_page(browser, f"{server}/ringkasan?wilayah=36.72&dari=2024-01&sampai=2024-12")
    _downloads_side_by_side(page, "id", tmp_path)
    page.get_by_text("English", exact=True).click()
    # The switch reruns the page and then writes `lang=en` into the link; wait for both before clicking a download,
    # so the click does not land on a button of a run that is being replaced.
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=60_000)
    settle(page)
    page.get_by_role("button", name=_LABELS["en"][1]).wait_for(timeout=60_000)
    settle(page)
    _downloads_side_by_side(page, "en", tmp_path)
    page.close()


_COUNT_RUNS = """() => { window.kkbRuns = 0; const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(() => { if (app.getAttribute('data-test-script-state') === 'running') window.kkbRuns++; })
        .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""


@pytest.mark.parametrize("button", [0, 1], ids=["brief", "deck"])
def test_a_download_click_does_not_rerun_the_page(server, browser, button):
    """Streamlit builds the file after the click; a rerun started by the same click could drop the file being
    built, and the official would get nothing. So the click downloads and the page does not run again."""
    from browser_support import no_exception, open_page, settle

    page = open_page(browser, f"{server}/?wilayah=36.72&dari=2024-01&sampai=2024-12")
    settle(page)
    page.evaluate(_COUNT_RUNS)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name=_LABELS["id"][button]).click()
    assert download.value.suggested_filename.startswith(("ringkasan_rapat_36.72", "presentasi_rapat_36.72"))
    page.wait_for_timeout(1500)
    assert page.evaluate("window.kkbRuns") == 0
    no_exception(page)
    page.close()
