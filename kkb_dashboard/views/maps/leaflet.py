"""The standalone Leaflet map's popups, from the Jinja2 template `html/popup.html.j2` with autoescape: a region's
name as the title and (label, value) rows below it, every text from data escaped by the template."""

from __future__ import annotations

from functools import cache

import jinja2

from ...i18n import t


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("kkb_dashboard.views", "html"), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return environment.get_template("popup.html.j2")


def popup_html(title: str, rows: list[tuple[str, str]]) -> str:
    """One popup's HTML: `title` in bold, then a row per (label, value); nothing in them is read as markup.

    Braces become character references (shown the same): branca compiles the folium page's pieces as Jinja
    templates, so `{{ … }}` in an imported name would otherwise be evaluated on the server."""
    return _template().render(title=title, rows=rows).replace("{", "&#123;").replace("}", "&#125;")


def region_popups(
    frame, shown: list[str], kampung: list[str], label: str, lang: str, *, with_kampung: bool = True
) -> list[str]:
    """A popup per region of `maps`' frame (kode, nama): its code, the measure's value (`shown`, with its unit)
    and, unless `with_kampung` is off (an imported indicator), its Kampung KB (`kampung`)."""
    out = []
    for name, code, value, count in zip(frame["nama"], frame["kode"], shown, kampung, strict=True):
        rows = [(t("maps.hover_code", lang), str(code)), (label, value)]
        if with_kampung:
            rows.append((t("maps.hover_kampung", lang), count))
        out.append(popup_html(str(name), rows))
    return out
