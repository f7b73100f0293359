"""Peta in a real browser at 1366×768 on the layers shipped in git: region names drawn on the map at provinsi,
kab/kota and kecamatan level; drill down three levels with map clicks (on the names themselves), never see the false
"unknown link" warning, find the map's top inside the window, and open a desa's card beside the map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from browser_support import MAP, MAP_PIXEL, MAP_READY, VIEWPORT, no_exception, open_page, settle

pytestmark = pytest.mark.browser

LAYERS = Path(__file__).resolve().parents[1] / "static" / "layers"
_LABELS = f"""() => {{ const gd = {MAP}; const m = gd && gd._fullLayout && gd._fullLayout.map
    && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
    if (!m || !m.getLayer("kkb-labels")) return [];
    return m.queryRenderedFeatures({{layers: ["kkb-labels"]}}).map(f => f.properties.nama); }}"""
_REGIONS_DRAWN = f"""() => {{ const m = {MAP}._fullLayout.map._subplot.map;
    const fills = m.getStyle().layers.filter(l => l.type === "fill").map(l => l.id);
    return m.queryRenderedFeatures({{layers: fills}}).length; }}"""
BAD_LINK = ("tautan tidak dikenal", "not recognised", "metrik=")


def label_point(layer: str, code: str) -> tuple[float, float]:
    """Where a region's name is drawn (the shipped labels sidecar), lon/lat."""
    lon, lat, _ = json.loads((LAYERS / f"{layer}.labels.json").read_text(encoding="utf-8"))[code]
    return lon, lat


def drawn_names(page, expected: set[str]) -> list[str]:
    """The names MapLibre has drawn, once some of `expected` are among them (the font loads a moment later)."""
    page.wait_for_function(f"() => ({_LABELS})().some(n => {sorted(expected)!r}.includes(n))", timeout=60_000)
    page.wait_for_timeout(500)
    return page.evaluate(_LABELS)


def inside(layer: str, code: str) -> tuple[float, float]:
    """A point surely inside a region of a shipped layer (lon, lat)."""
    features = json.loads((LAYERS / f"{layer}.geojson").read_text(encoding="utf-8"))["features"]
    shape = next(shapely.from_geojson(json.dumps(f["geometry"])) for f in features if f["id"] == code)
    point = shape.point_on_surface()
    return point.x, point.y


def click(page, lon: float, lat: float) -> None:
    page.wait_for_function(MAP_READY, timeout=90_000)
    page.wait_for_timeout(1000)  # the GeoJSON is drawn a moment after the style reports loaded
    x, y = page.evaluate(MAP_PIXEL, [lon, lat])
    page.mouse.click(x, y)
    settle(page)


def alerts(page) -> str:
    return " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())


def wait_title(page, name: str) -> None:
    page.wait_for_function(f"() => document.querySelector('h1').innerText.includes({name!r})", timeout=90_000)
    settle(page)


#: Each step: the layer clicked, the region, its name as on the map, and names that must be drawn beside it.
STEPS = (
    ("provinsi", "36", "Banten", {"Banten", "Jawa Timur", "Aceh", "Papua"}),
    ("kabkota", "36.72", "Kota Cilegon", {"Kota Cilegon", "Kab. Serang", "Kab. Lebak", "Kab. Pandeglang"}),
    ("kecamatan_36", "36.72.01", "Cibeber", {"Cibeber", "Cilegon", "Ciwandan", "Pulomerak"}),
)


def test_drill_down_three_levels_without_a_link_warning(server, browser):
    """Each level names its regions (dark text, white halo, from the local font); a click on a region's name,
    where the text lies over the polygon, still goes down to that region."""
    page = open_page(browser, f"{server}/peta")
    for layer, code, name, beside in STEPS:
        page.wait_for_function(MAP_READY, timeout=90_000)
        names = drawn_names(page, beside)
        assert name in names and len(set(names) & beside) >= 3, names
        click(page, *label_point(layer, code))
        wait_title(page, name)
        assert f"wilayah={code}" in page.url
        text = alerts(page)
        assert not any(bad in text for bad in BAD_LINK), text
        box = page.locator('[data-testid="stPlotlyChart"]').first.bounding_box()
        assert 0 <= box["y"] <= VIEWPORT["height"] / 2, box  # the map starts in the window's upper half
        assert box["y"] + box["height"] <= VIEWPORT["height"] + 40, box  # and nearly all of it is on screen
    no_exception(page)
    page.close()


def test_a_desa_card_opens_beside_the_map(server, browser):
    page = open_page(browser, f"{server}/peta?wilayah=36.72.01")
    click(page, *inside("desa_36", "36.72.01.1003"))
    heading = page.get_by_role("heading", name="Kampung KB di", exact=False)
    heading.first.wait_for(timeout=60_000)
    card, chart = heading.first.bounding_box(), page.locator('[data-testid="stPlotlyChart"]').first.bounding_box()
    assert card["x"] >= chart["x"] + chart["width"] - 5  # to the right of the map, not below it
    assert card["y"] + card["height"] <= VIEWPORT["height"]  # on screen without scrolling
    no_exception(page)
    page.close()


@pytest.mark.parametrize(("lang", "text"), [("id", "Memuat peta…"), ("en", "Loading the map…")])
def test_a_loading_sign_while_the_boundaries_load(server, browser, lang, text):
    """While the browser fetches a level's boundaries (held back here for a few seconds) the map says so in the
    user's language; once MapLibre has drawn them the sign is gone, and a new level shows it again."""
    page = browser.new_page(viewport=VIEWPORT)

    def slow(route):
        page.wait_for_timeout(4000)
        route.continue_()

    page.route("**/app/static/layers/*.geojson*", slow)
    page.goto(f"{server}/peta?lang={lang}")
    sign = page.locator(".kkb-map-loading")
    sign.wait_for(state="visible", timeout=60_000)
    assert sign.inner_text().endswith(text)
    page.wait_for_function(f"() => !!{MAP} && !!{MAP}._fullLayout.map", timeout=60_000)
    page.wait_for_timeout(1500)  # the style (names included) is loaded; the regions are still held back
    assert page.evaluate(_LABELS) == []  # no names floating over an empty map
    sign.wait_for(state="hidden", timeout=60_000)
    assert page.evaluate(_REGIONS_DRAWN) > 30  # the sign goes once the regions are drawn, not before
    assert "Banten" in drawn_names(page, {"Banten"})  # and then the names are drawn
    click(page, *inside("provinsi", "36"))  # a new level: the kab/kota layer is held back too
    sign.wait_for(state="visible", timeout=60_000)
    sign.wait_for(state="hidden", timeout=60_000)
    wait_title(page, "Banten")
    no_exception(page)
    page.close()


def test_the_chart_code_loads_while_ringkasan_is_read(server, browser):
    """Ringkasan draws no plotly chart; while it is read the browser loads Streamlit's plotly chart code, so a
    click on Peta in the sidebar draws the map without fetching that code first."""
    page = browser.new_page(viewport=VIEWPORT)
    fetched = []
    page.on("request", lambda request: "/PlotlyChart." in request.url and fetched.append(request.url))
    page.goto(f"{server}/?wilayah=36")
    settle(page)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    page.wait_for_function("() => window.__kkbChartCode === 'loaded'", timeout=60_000)
    assert len(fetched) == 1
    page.locator('[data-testid="stSidebarNav"] a[href*="peta"]').first.click()
    page.wait_for_function(MAP_READY, timeout=90_000)
    assert len(fetched) == 1  # Streamlit's own import found the module loaded
    no_exception(page)
    page.close()
