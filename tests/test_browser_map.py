"""Peta in a real browser at 1366×768 on the layers shipped in git: drill down three levels with map clicks, never
see the false "unknown link" warning, find the map's top inside the window, and open a desa's card beside the map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from browser_support import MAP_PIXEL, MAP_READY, VIEWPORT, no_exception, open_page, settle

pytestmark = pytest.mark.browser

LAYERS = Path(__file__).resolve().parents[1] / "static" / "layers"
BAD_LINK = ("tautan tidak dikenal", "not recognised", "metrik=")


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


def test_drill_down_three_levels_without_a_link_warning(server, browser):
    page = open_page(browser, f"{server}/peta")
    for layer, code, name in (
        ("provinsi", "36", "Banten"),
        ("kabkota", "36.72", "Kota Cilegon"),
        ("kecamatan_36", "36.72.01", "Cibeber"),
    ):
        click(page, *inside(layer, code))
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
