"""The Leaflet map's popups: rendered from a Jinja2 template with autoescape, so a name is always text."""

from __future__ import annotations

import pandas as pd

from kkb_dashboard.views.maps import leaflet

EVIL = "<img src=x onerror=alert(1)>{{ 7*7 }}"


def test_popup_escapes_every_text_from_data():
    markup = leaflet.popup_html(EVIL, [("Kode", "36.72.01"), (EVIL, "12 kampung")])
    assert "<img" not in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert markup.count("&#123;&#123; 7*7 &#125;&#125;") == 2  # shown as braces, never evaluated by branca
    assert "{" not in markup and "49" not in markup
    assert "<th" in markup and "<b>" in markup  # the template's own markup stays markup


def test_region_popups_in_the_chosen_language():
    frame = pd.DataFrame({"kode": ["36.72.01"], "nama": ["Cibeber"]})
    (indonesian,) = leaflet.region_popups(frame, ["4 kampung"], ["4"], "Jumlah Kampung KB", "id")
    assert "<b>Cibeber</b>" in indonesian and "Kode" in indonesian and ">4 kampung<" in indonesian
    (english,) = leaflet.region_popups(frame, ["4"], ["4"], "Kampung KB", "en", with_kampung=False)
    assert "Code" in english and english.count("<tr>") == 2
