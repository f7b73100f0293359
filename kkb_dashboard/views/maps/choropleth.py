"""The plotly map (pure: data in, figure out) and the tables beside it.

The figure references the layer's static GeoJSON by URL (`layers.geometry_url`) and carries only codes, values and
hover text, so a rerun sends a few kilobytes. Numbers are drawn in up to five Viridis classes (`charts.SEQUENTIAL`,
readable with colour-blindness) with a legend that states the unit; tiers in the shared tier colours, regions or
desa without a Kampung KB in grey. Every name from data is HTML-escaped before it reaches hover text.
"""

from __future__ import annotations

import html
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kkb_dashboard.rules import schema

from ...i18n import format_date, format_number, t
from .. import charts
from ..charts import NO_KAMPUNG_COLOR, TIER_COLORS
from . import geometry
from .classes import (
    class_breaks,
    class_colors,
    class_indexes,
    class_middles,
    legend_ticks,
    stepped_scale,
    zero_means_none,
)
from .measures import INDICATOR, TIER_METRIC, measure_frame, metric_label, plain_number, unit_text, value_texts

#: The labels' font: Noto Sans SemiBold, Latin subset (OFL 1.1), served from `static/fonts/` (tools/build_fonts.py).
#: MapLibre loads it through the style's `font-faces` and draws the glyphs itself: no glyph server, no network.
LABEL_FONT = "Noto Sans SemiBold"
LABEL_FONT_FILE = "noto-sans-latin-600-normal.woff2"
FONT_URL = f"app/static/fonts/{LABEL_FONT_FILE}"
#: The style's label layer; the choropleth traces are drawn below it (`below`), so names stay on top.
LABEL_LAYER = "kkb-labels"
_OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


def _tier_index(values: pd.Series) -> pd.Series:
    """-1 for no Kampung KB, else the tier's position in schema.TIERS."""
    return values.map({tier: i for i, tier in enumerate(schema.TIERS)}).fillna(-1).astype(int)


def _tier_scale() -> list[list]:
    colors = [NO_KAMPUNG_COLOR, *TIER_COLORS.values()]
    return stepped_scale([-1.5 + i for i in range(len(colors) + 1)], colors)


def _customdata(frame: pd.DataFrame, metric: str, unit: str, lang: str) -> list[list[str]]:
    """Per region: [name, value with its unit, the lines below it] — escaped, formatted in `lang`."""
    names = [html.escape(str(n)) for n in frame["nama"]]
    shown = [html.escape(s) for s in value_texts(frame, metric, unit, lang)]
    rows = frame.to_dict("records")
    return [[n, v, _extra_line(row, metric, lang)] for n, v, row in zip(names, shown, rows, strict=True)]


def tier_mix(row, lang: str = "id") -> str:
    """`Dasar 3 · Berkembang 5 · Mandiri 1` — the tiers of a region's Kampung KB, the empty ones left out."""
    parts = [f"{tier} {format_number(plain_number(row.get(tier)), 0, lang)}" for tier in schema.TIERS if row.get(tier)]
    return " · ".join(parts)


def _extra_line(row, metric: str, lang: str) -> str:
    """The hover's second line: the number of Kampung KB and their tier mix, unless the value already says it
    (the count itself, a desa's own tier) or the measure is an imported indicator."""
    if metric.startswith(INDICATOR) or pd.isna(row.get("kampung")) or not row.get("kampung"):
        return ""
    mix = tier_mix(row, lang)
    if metric == "jumlah_kampung":
        return f"<br>{mix}" if mix else ""
    if metric == TIER_METRIC and row.get("kampung") <= 1:  # a desa: its tier is the value shown
        return ""
    count = format_number(plain_number(row.get("kampung")), 0, lang)
    return f"<br>{t('maps.hover_kampung', lang)}: {count}" + (f" ({mix})" if mix else "")


def _hovertemplate(label: str) -> str:
    return f"<b>%{{customdata[0]}}</b><br>{html.escape(label)}: %{{customdata[1]}}%{{customdata[2]}}<extra></extra>"


def _colorbar(title: str, tickvals: list[float], ticktext: list[str]) -> dict:
    return {
        "title": {"text": title, "side": "top"},
        "tickvals": tickvals,
        "ticktext": ticktext,
        "thickness": 16,
        "len": 0.9,
        "outlinewidth": 0,
        "ticks": "outside",
    }


# --- the plotly map ------------------------------------------------------------------------------------------


def _trace(frame: pd.DataFrame, geojson_url: str, **kwargs) -> dict:
    # Fully opaque, selected or not: plotly fades the regions not clicked, and faded Dasar orange reads as
    # Berkembang. The clicked region is outlined by its own trace instead (`_outline`).
    return dict(
        type="choroplethmap",
        below=LABEL_LAYER,
        geojson=geojson_url,
        featureidkey="properties.kode",
        locations=list(frame["kode"]),
        marker={"line": {"width": 0.6, "color": "#ffffff"}, "opacity": 1},
        selected={"marker": {"opacity": 1}},
        unselected={"marker": {"opacity": 1}},
        **kwargs,
    )


def _numeric_trace(
    frame: pd.DataFrame, geojson_url: str, title: str, customdata, template: str, lang: str, metric: str
) -> dict:
    """One trace for every region: classes of the values above zero, and below them a grey class for zero and
    no data, labelled so in the legend."""
    shown = zero_means_none(frame["value"].to_numpy())
    edges = class_breaks(shown)
    grey_label = t("maps.zero_or_no_data", lang)
    if not edges:
        scale = [[0, NO_KAMPUNG_COLOR], [1, NO_KAMPUNG_COLOR]]
        z, zmin, zmax, ticks = [0] * len(frame), -0.5, 0.5, ([0], [grey_label])
    else:
        width = (edges[-1] - edges[0]) / (len(edges) - 1)
        low = edges[0] - width
        scale = stepped_scale([low, *edges], [NO_KAMPUNG_COLOR, *class_colors(len(edges) - 1)])
        # Each region is given its class's middle, not its value: plotly.js places a step's bounds at
        # zmin + position × (zmax − zmin), and float rounding can put a bound just above an edge, so a value on
        # the edge took the class below, even the grey of no data. Hover texts come from `customdata`.
        middles = np.array([low + width / 2, *class_middles(edges)])
        z = middles[class_indexes(shown, edges) + 1].tolist()
        tickvals, ticktext = legend_ticks(edges, shown, metric, lang)
        zmin, zmax, ticks = low, edges[-1], ([low + width / 2, *tickvals], [grey_label, *ticktext])
    return _trace(
        frame,
        geojson_url,
        z=z,
        zmin=zmin,
        zmax=zmax,
        colorscale=scale,
        colorbar=_colorbar(title, *ticks),
        customdata=customdata,
        hovertemplate=template,
        name=title,
    )


def _tier_trace(frame: pd.DataFrame, geojson_url: str, title: str, customdata, template: str, lang: str) -> dict:
    labels = [t("maps.no_kampung", lang), *schema.TIERS]
    return _trace(
        frame,
        geojson_url,
        z=list(_tier_index(frame["value"])),
        zmin=-1.5,
        zmax=len(schema.TIERS) - 0.5,
        colorscale=_tier_scale(),
        customdata=customdata,
        hovertemplate=template,
        name=title,
        colorbar=_colorbar(title, list(range(-1, len(schema.TIERS))), labels),
    )


def _outline(code: str, geojson_url: str) -> dict:
    """The clicked region drawn again on top as a dark outline with no fill, so it stands out while every region
    keeps its colour; not hoverable or clickable."""
    return dict(
        type="choroplethmap",
        geojson=geojson_url,
        featureidkey="properties.kode",
        locations=[code],
        z=[0],
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale=False,
        marker={"line": {"width": 3, "color": "#1a1a1a"}, "opacity": 1},
        hoverinfo="skip",
        name="selected",
        below=LABEL_LAYER,
    )


#: Room the vertical legend takes at the map's right (px), left out when framing the regions; its title is
#: wrapped to `LEGEND_CHARS` characters a line so that it stays within it.
LEGEND_WIDTH = 190
LEGEND_CHARS = 20


def legend_title(label: str, unit: str = "") -> str:
    """The legend's title, escaped, in lines of at most `LEGEND_CHARS` characters (a long word stays whole), the
    unit in brackets on a line of its own."""
    lines = textwrap.wrap(label, LEGEND_CHARS, break_long_words=False) or [""]
    if unit:
        lines += textwrap.wrap(f"({unit})", LEGEND_CHARS, break_long_words=False)
    return "<br>".join(html.escape(line) for line in lines)


def label_text(name: str) -> str:
    """A region's name as written on the map: `Kab. Serang` for `Kabupaten Serang` (shorter, so more fit)."""
    return name.replace("Kabupaten ", "Kab. ", 1) if name.startswith("Kabupaten ") else name


def label_features(frame: pd.DataFrame, labels: dict) -> dict:
    """A GeoJSON FeatureCollection of the names of the regions in `frame` that have a label point (`labels`:
    code → (lon, lat, room), `layers.Layer.labels`); the roomiest region gets the lowest sort key, so MapLibre
    places its name first and drops the names that would collide."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [labels[code][0], labels[code][1]]},
            "properties": {"nama": label_text(str(name)), "urutan": -labels[code][2]},
        }
        for code, name in zip(frame["kode"].tolist(), frame["nama"].tolist(), strict=True)
        if code in labels
    ]
    return {"type": "FeatureCollection", "features": features}


def map_style(names: dict, basemap: bool = False) -> dict:
    """The MapLibre style under the choropleth: a white background (or OpenStreetMap tiles with `basemap`, which
    need internet) and, above the regions, their names in dark text with a white halo, drawn from the local font.
    Names that would overlap are left out by MapLibre's collision detection."""
    sources = {LABEL_LAYER: {"type": "geojson", "data": names}}
    layers = [{"id": "kkb-background", "type": "background", "paint": {"background-color": "#ffffff"}}]
    if basemap:
        sources["osm"] = {
            "type": "raster",
            "tiles": ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"],
            "tileSize": 256,
            "attribution": _OSM_ATTRIBUTION,
        }
        layers.append({"id": "osm", "type": "raster", "source": "osm"})
    layers.append(
        {
            "id": LABEL_LAYER,
            "type": "symbol",
            "source": LABEL_LAYER,
            "layout": {
                "text-field": ["get", "nama"],
                "text-font": [LABEL_FONT],
                "text-size": 14,
                "text-max-width": 8,
                "text-padding": 3,
                "symbol-sort-key": ["get", "urutan"],
            },
            "paint": {"text-color": "#1a1a1a", "text-halo-color": "#ffffff", "text-halo-width": 1.8},
        }
    )
    return {
        "version": 8,
        "name": "kkb",
        "sources": sources,
        "font-faces": {LABEL_FONT: FONT_URL},
        "layers": layers,
    }


def choropleth(
    values: pd.DataFrame,
    *,
    geojson_url: str,
    metric: str,
    lang: str = "id",
    wilayah: str = "",
    bounds: dict | None = None,
    height: int = 560,
    width: int = 900,
    basemap: bool = False,
    selected: str | None = None,
    labels: dict | None = None,
) -> go.Figure:
    """A plotly `Choroplethmap` of `metric` for the rows of `values` (`metrics.region_table`, or
    `indicator_values` for `indikator:<name>`), drawn from the static GeoJSON at `geojson_url`.

    `bounds` (code → box, `layers.feature_bounds`) frames the view on these regions in a `width` × `height`
    frame (the chart's width as laid out, legend included). `selected` (a code) is outlined. `labels` (code →
    label point, `layers.Layer.labels`) names the regions on the map. `basemap=True` puts OpenStreetMap tiles
    underneath, which needs internet; the default white background works offline.
    """
    frame, unit = measure_frame(values, metric)
    label = metric_label(metric, lang, wilayah)
    unit = unit_text(metric, lang, unit)
    title = legend_title(label, "" if metric == TIER_METRIC else unit)
    customdata = _customdata(frame, metric, "" if metric == TIER_METRIC else unit, lang)
    template = _hovertemplate(label)
    if metric == TIER_METRIC:
        traces = [_tier_trace(frame, geojson_url, title, customdata, template, lang)]
    else:
        traces = [_numeric_trace(frame, geojson_url, title, customdata, template, lang, metric)]
    if selected and selected in set(frame["kode"]):
        traces.append(_outline(selected, geojson_url))
    box = geometry.bbox_of(bounds or {}, frame["kode"])
    return charts.figure(
        traces,
        {
            "map": {
                "style": map_style(label_features(frame, labels or {}), basemap),
                **geometry.view(box, width=width - LEGEND_WIDTH, height=height),
            },
            "height": height,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "separators": charts.separators(lang),
            "uirevision": wilayah,
            "font": {"size": 14},
            "showlegend": False,
        },
    )


# --- tables for the page -------------------------------------------------------------------------------------

_TABLE_COLUMNS = (
    "jumlah_desa",
    "jumlah_kampung",
    "cakupan_persen",
    *schema.TIERS,
    "mandiri_plus_persen",
    TIER_METRIC,
    "kegiatan_per_kampung_bulan",
    "hari_sejak_laporan",
)


def table_for(values: pd.DataFrame, metric: str, lang: str = "id") -> pd.DataFrame:
    """The figures behind the map, one row per region, with headers in `lang` (for display and download): code,
    name, the measure on the map, then the others."""
    head = {"kode": t("maps.col_kode", lang), "nama": t("maps.col_nama", lang)}
    if metric.startswith(INDICATOR):
        head |= {
            "nilai": metric[len(INDICATOR) :],
            "satuan": t("maps.col_satuan", lang),
            "periode": t("maps.col_periode", lang),
        }
        return values[list(head)].rename(columns=head)
    # the measure on the map first, beside the names: a wide table's last columns may be off screen at 1366 px
    for column in sorted(_TABLE_COLUMNS, key=lambda c: c != metric):
        head[column] = (
            column
            if column in schema.TIERS
            else (t("maps.col_jumlah_desa", lang) if column == "jumlah_desa" else metric_label(column, lang))
        )
    return values[[c for c in head if c in values]].rename(columns=head)


def desa_card(villages: pd.DataFrame, kode_desa: str, lang: str = "id") -> pd.DataFrame | None:
    """The Kampung KB of one desa as (field, value) rows, from `metrics.village_table`; None if it has none."""
    rows = villages[villages["kode_desa"] == kode_desa]
    if rows.empty:
        return None
    row = rows.iloc[0]
    last = row.get("laporan_terakhir")
    shown = {
        "maps.card_nama_kampung": _text(row.get("nama_kampung")),
        "maps.card_kecamatan": _text(row.get("kecamatan")),
        "maps.card_klasifikasi": _text(row.get("klasifikasi")),
        "maps.card_kegiatan": format_number(row.get("kegiatan"), 0, lang),
        "maps.card_laporan_terakhir": format_date(last.date(), lang) if pd.notna(last) else "–",
        "maps.card_hari_sejak_laporan": format_number(plain_number(row.get("hari_sejak_laporan")), 0, lang),
    }
    return pd.DataFrame(
        {
            t("maps.col_field", lang): [t(k, lang) for k in shown],
            t("maps.col_value", lang): [str(v) for v in shown.values()],
        }
    )


def _text(value) -> str:
    return "–" if value is None or pd.isna(value) or value == "" else str(value)
