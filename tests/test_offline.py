"""The standalone Leaflet map: folium's CDN links replaced by the vendored Leaflet, every other external asset
dropped, the page's own scripts kept."""

from __future__ import annotations

import re

import folium

from kkb_dashboard.views import offline


def _folium_page() -> str:
    fmap = folium.Map(tiles=None)
    square = {"type": "Polygon", "coordinates": [[[106, -6], [106.1, -6], [106.1, -5.9], [106, -6]]]}
    feature = {"type": "Feature", "properties": {"nama": "Cibeber"}, "geometry": square}
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [feature]},
        tooltip=folium.GeoJsonTooltip(fields=["nama"]),
    ).add_to(fmap)
    return fmap.get_root().render()


def test_folium_links_cdns_that_we_replace():
    page = _folium_page()
    assert re.search(r'<script src="https://[^"]*leaflet', page)
    assert "jquery" in page and "bootstrap" in page  # what folium links by itself


def test_leaflet_inlined_and_no_external_asset_left():
    page = offline.inline_leaflet(_folium_page()).decode("utf-8")
    script, css = offline.leaflet_assets()
    assert page.count(script) == 1 and page.count(css) == 1
    assert "Leaflet 1.9.4" in script
    assert not re.search(r"""<(?:script|link)[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "jquery" not in page.lower() and "bootstrap" not in page.lower()
    assert "L.geoJson(" in page or "L.geoJSON(" in page  # folium's own code that draws the polygons is kept
    assert "Cibeber" in page


def test_inlining_twice_changes_nothing_more():
    once = offline.inline_leaflet(_folium_page())
    assert offline.inline_leaflet(once) == once


def test_vendored_leaflet_keeps_its_licence():
    from importlib import resources

    licence = (resources.files("kkb_dashboard.views") / "vendor" / "leaflet" / "LICENSE").read_text(encoding="utf-8")
    assert "BSD" in licence or "Redistribution and use in source and binary forms" in licence
