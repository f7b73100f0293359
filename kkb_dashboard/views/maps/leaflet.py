"""The standalone Leaflet (folium) map to hand out: the same classes and colours as the plotly map, escaped
tooltips, and popups from the Jinja2 template `html/popup.html.j2` with autoescape (a region's name as the title
and (label, value) rows below it, every text from data escaped by the template).
"""

from __future__ import annotations

import html
from functools import cache

import jinja2
import pandas as pd

from ...i18n import format_month, format_number, t
from ...rules import regions
from ...rules.filters import Filters
from .. import offline
from . import layers
from .choropleth import table_for
from .classes import feature_colors
from .measures import INDICATOR, measure_frame, metric_label, plain_number, unit_text, value_texts


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


def _no_template(markup: str) -> str:
    """Braces as character references: branca compiles every piece of a folium page as a Jinja template, so a
    name like `{{ … }}` from an imported file would otherwise be evaluated on the server."""
    return markup.replace("{", "&#123;").replace("}", "&#125;")


def _safe(text: str) -> str:
    """Text from data for folium HTML: HTML-escaped and with no template syntax left."""
    return _no_template(html.escape(str(text)))


def _popup_frame(values: pd.DataFrame, geometry, metric: str, lang: str, wilayah: str = ""):
    """The features to draw: geometry joined to values, with escaped, formatted text properties."""
    frame, unit = measure_frame(values, metric)
    colors, _ = feature_colors(values, metric, lang)
    shown = value_texts(frame, metric, unit_text(metric, lang, unit), lang)
    kampung = [format_number(plain_number(k), 0, lang) for k in frame["kampung"]]
    text = pd.DataFrame(
        {
            "kode": frame["kode"],
            "nama": [_safe(str(n)) for n in frame["nama"]],
            "nilai": [_safe(s) for s in shown],
            "kampung": kampung,
            "warna": [colors[k] for k in frame["kode"]],
            "popup": region_popups(
                frame,
                shown,
                kampung,
                metric_label(metric, lang, wilayah),
                lang,
                with_kampung=metric != "jumlah_kampung" and not metric.startswith(INDICATOR),  # no repeat
            ),
        }
    )
    joined = geometry[["kode", "geometry"]].merge(text, on="kode", how="inner")
    return joined


def _legend_html(title: str, legend: list[tuple[str, str]]) -> str:
    rows = "".join(
        f'<div><span style="display:inline-block;width:14px;height:14px;background:{c};'
        f'margin-right:6px;border:1px solid #999"></span>{_safe(str(label))}</div>'
        for c, label in legend
    )
    return (
        f'<div style="position:absolute;bottom:24px;left:12px;z-index:1000;background:#fff;padding:8px;'
        f'border:1px solid #ccc;font:13px sans-serif"><b>{title}</b>{rows}</div>'
    )


def folium_map(
    values: pd.DataFrame, geometry, *, metric: str, lang: str = "id", wilayah: str = "", basemap: bool = False
):
    """A folium (Leaflet) map of the view: the same classes and colours, escaped tooltips and popups.

    `geometry` is a GeoDataFrame with `kode` and `geometry` (e.g. `layers.load_static`). Without `basemap`
    there are no tiles (works without a tile server); `folium_download` inlines Leaflet (`offline.inline_leaflet`).
    """
    import folium

    features = _popup_frame(values, geometry, metric, lang, wilayah)
    label = metric_label(metric, lang, wilayah)
    fmap = folium.Map(
        tiles="OpenStreetMap" if basemap else None,
        height="70vh",
        control_scale=True,
        zoom_start=5,
        location=[-2.5, 118.0],
    )
    if not features.empty:
        minx, miny, maxx, maxy = features.total_bounds
        fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    fields = ["nama", "kode", "nilai"] + ([] if metric.startswith(INDICATOR) else ["kampung"])
    aliases = [
        _safe(a) for a in (t("maps.col_nama", lang), t("maps.hover_code", lang), label, t("maps.hover_kampung", lang))
    ][: len(fields)]
    folium.GeoJson(
        features.to_json(),
        name=_safe(label),
        style_function=lambda feature: {
            "fillColor": feature["properties"]["warna"],
            "color": "#ffffff",
            "weight": 0.8,
            "fillOpacity": 0.85,
        },
        highlight_function=lambda feature: {"weight": 2.5, "color": "#333333"},
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, localize=False),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False, localize=False),  # popups.popup_html
    ).add_to(fmap)
    _, legend = feature_colors(values, metric, lang)
    fmap.get_root().html.add_child(folium.Element(_legend_html(_safe(label), legend)))
    return fmap


_LEAFLET_CHECK = """<script>
window.addEventListener("load", function () {
  var note = document.getElementById("kkb-leaflet-missing");
  if (window.L && note) { note.style.display = "none"; }
});
</script>"""


def folium_html(
    values: pd.DataFrame, geometry, *, metric: str, f: Filters, lang: str = "id", basemap: bool = False
) -> bytes:
    """A standalone HTML file of the current view: title and filters, the Leaflet map, a note shown when
    Leaflet cannot load (offline) instead of a blank box, and the figures as a plain table."""
    import branca.element as element

    label = metric_label(metric, lang, f.wilayah)
    title = t("maps.html_title", lang, metric=label, region=regions.name_of(f.wilayah))
    every = t("maps.all", lang)
    filters_line = t(
        "maps.html_filters",
        lang,
        dari=format_month(f.dari, lang) if f.dari else "–",
        sampai=format_month(f.sampai, lang) if f.sampai else "–",
        tiers=", ".join(f.tingkat) or every,
        types=", ".join(f.kegiatan) or every,
    )
    page = element.Figure(title=_safe(title))
    page.html.add_child(
        element.Element(
            f'<h2 style="font-family:sans-serif">{_safe(title)}</h2>'
            f'<p style="font-family:sans-serif">{_safe(filters_line)}</p>'
            f'<div id="kkb-leaflet-missing" style="font-family:sans-serif;padding:12px;margin:8px 0;'
            f'background:#fff3cd;border:1px solid #e0c36c">{_safe(t("maps.leaflet_missing", lang))}</div>'
        )
    )
    page.add_child(folium_map(values, geometry, metric=metric, lang=lang, wilayah=f.wilayah, basemap=basemap))
    table = table_for(values, metric, lang)
    table = _no_template(table.astype(object).where(table.notna(), "–").to_html(index=False, escape=True, border=0))
    page.add_child(
        _below_the_map()(f'<div style="font-family:sans-serif;margin-top:12px">{table}</div>' + _LEAFLET_CHECK)
    )
    return page.render().encode("utf-8")


def _below_the_map():
    """A branca element whose HTML lands after the map's div (the map adds its div while the page renders)."""
    from branca.element import MacroElement
    from jinja2 import Template

    class BelowTheMap(MacroElement):
        _template = Template("{% macro html(this, kwargs) %}{{ this.content }}{% endmacro %}")

        def __init__(self, content: str):
            super().__init__()
            self.content = content

    return BelowTheMap


def folium_download(
    values: pd.DataFrame, *, metric: str, f: Filters, lang: str = "id", basemap: bool = False, static_dir=None
) -> bytes:
    """`folium_html` of the view with the layer's simplified static geometry (for a deferred download)."""
    level, prov = layers.layer_for(f.wilayah)
    geometry = layers.load_static(level, prov, static_dir)
    if geometry is None:
        raise FileNotFoundError(layers.static_path(level, prov, static_dir))
    return offline.inline_leaflet(folium_html(values, geometry, metric=metric, f=f, lang=lang, basemap=basemap))
