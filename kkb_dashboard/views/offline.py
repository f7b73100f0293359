"""Standalone HTML that opens from disk with no network: folium's CDN links replaced by the vendored Leaflet.

folium links Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from CDNs. A map handed out as a file
(e-mail attachment, USB stick, an office without internet) then shows an empty box. Only Leaflet is needed to
draw polygons, tooltips and popups: it is inlined from `vendor/leaflet` (BSD-2, licence kept beside it) and every
other external script or stylesheet is dropped.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

#: `<script src="http…"></script>` and `<link … href="http…">`, as folium writes them in the page's head.
_EXTERNAL_SCRIPT = re.compile(r'<script\s+src="(?:https?:)?//[^"]*"\s*>\s*</script>', re.IGNORECASE)
_EXTERNAL_LINK = re.compile(r'<link\s+[^>]*href="(?:https?:)?//[^"]*"[^>]*>', re.IGNORECASE)
_LEAFLET = "leaflet@"


@cache
def leaflet_assets() -> tuple[str, str]:
    """(leaflet.js, leaflet.css) of the vendored Leaflet."""
    folder = resources.files("kkb_dashboard.views") / "vendor" / "leaflet"
    return (folder / "leaflet.js").read_text(encoding="utf-8"), (folder / "leaflet.css").read_text(encoding="utf-8")


def _script(match: re.Match) -> str:
    if _LEAFLET not in match.group(0):
        return ""
    script, _ = leaflet_assets()
    return f"<script>{script}</script>"


def _stylesheet(match: re.Match) -> str:
    if _LEAFLET not in match.group(0):
        return ""
    _, css = leaflet_assets()
    return f"<style>{css}</style>"


def inline_leaflet(document: bytes | str) -> bytes:
    """`document` (a rendered folium page) with Leaflet's script and stylesheet inlined and every other external
    script or stylesheet removed, as UTF-8 bytes."""
    text = document.decode("utf-8") if isinstance(document, bytes) else document
    # A function as replacement: the inlined code is taken as it is (no backslash or group escapes).
    text = _EXTERNAL_SCRIPT.sub(_script, text)
    text = _EXTERNAL_LINK.sub(_stylesheet, text)
    return text.encode("utf-8")
