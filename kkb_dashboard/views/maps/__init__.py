"""Map figures (pure: data in, figure out): the plotly choropleth, the overview's small SVG picture, the folium export.

The plotly figure references the layer's static GeoJSON by URL (`mapdata.geometry_url`) and carries only codes,
values and hover text, so a rerun sends a few kilobytes. Numbers are drawn in up to five Cividis classes
(`charts.SEQUENTIAL`, readable with colour-blindness) with a legend that states the unit; tiers in the shared tier
colours, regions or desa without a Kampung KB in grey. Every name from data is HTML-escaped before it reaches
hover text, popups or tooltips.
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ...i18n import format_date, format_month, format_number, t
from ...rules import regions
from ...rules.filters import Filters
from ...storage import schema
from ...storage.store import Store
from .. import charts, offline
from ..charts import NO_KAMPUNG_COLOR, SEQUENTIAL, TIER_COLORS
from . import layers as mapdata
from . import leaflet as popups

INDICATOR = "indikator:"
TIER_METRIC = "tingkat_dominan"

#: The labels' font: Noto Sans SemiBold, Latin subset (OFL 1.1), served from `static/fonts/` (tools/build_fonts.py).
#: MapLibre loads it through the style's `font-faces` and draws the glyphs itself: no glyph server, no network.
LABEL_FONT = "Noto Sans SemiBold"
LABEL_FONT_FILE = "noto-sans-latin-600-normal.woff2"
FONT_URL = f"app/static/fonts/{LABEL_FONT_FILE}"
#: The style's label layer; the choropleth traces are drawn below it (`below`), so names stay on top.
LABEL_LAYER = "kkb-labels"
_OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


@dataclass(frozen=True)
class Metric:
    """A column of `metrics.region_table` that can be mapped: its unit (i18n key) and decimals shown."""

    column: str
    unit: str
    decimals: int


METRICS = {
    "jumlah_kampung": Metric("jumlah_kampung", "maps.unit_kampung", 0),
    "cakupan_persen": Metric("cakupan_persen", "maps.unit_percent", 1),
    "mandiri_plus_persen": Metric("mandiri_plus_persen", "maps.unit_percent_kampung", 1),
    TIER_METRIC: Metric(TIER_METRIC, "maps.unit_tier", 0),
    "kegiatan_per_kampung_bulan": Metric("kegiatan_per_kampung_bulan", "maps.unit_rate", 2),
    "hari_sejak_laporan": Metric("hari_sejak_laporan", "maps.unit_days", 0),
}
#: At desa level a share of desa or of Kampung KB is 0 or 100 for each desa: not worth a map.
_DESA_METRICS = (TIER_METRIC, "kegiatan_per_kampung_bulan", "hari_sejak_laporan")


# --- which measure -------------------------------------------------------------------------------------------


def desa_level(wilayah: str) -> bool:
    """True when the map of `wilayah` shows desa (a kecamatan is chosen)."""
    return regions.level_of(wilayah) >= 3


def metric_options(wilayah: str, indicators: list[str] = ()) -> list[str]:
    """The measures offered for the map of `wilayah`: the built-in ones, then `indikator:<name>` overlays."""
    built_in = list(_DESA_METRICS if desa_level(wilayah) else METRICS)
    return built_in + [INDICATOR + name for name in indicators]


def known_metric(metric: str) -> bool:
    """Is `metric` a measure at all (at some level), as opposed to a mistyped link value?"""
    return metric in METRICS or (metric.startswith(INDICATOR) and len(metric) > len(INDICATOR))


def default_metric(wilayah: str) -> str:
    """Tiers at desa level (every Kampung KB in its tier colour), else the number of Kampung KB."""
    return TIER_METRIC if desa_level(wilayah) else "jumlah_kampung"


def metric_label(metric: str, lang: str = "id", wilayah: str = "") -> str:
    """The measure's name as shown in the selector and the legend."""
    if metric.startswith(INDICATOR):
        return t("maps.metric_indikator", lang, name=metric[len(INDICATOR) :])
    if metric == TIER_METRIC and desa_level(wilayah):
        return t("maps.metric_tingkat_desa", lang)
    return t(f"maps.metric_{metric}", lang)


# --- indicators (table `indikator`) --------------------------------------------------------------------------


def _sub_pattern(wilayah: str) -> tuple[str, int]:
    """LIKE pattern and code length of the regions one level below `wilayah`."""
    length = {0: 2, 1: 5, 2: 8, 3: 13}[min(regions.level_of(wilayah), 3)]
    return (f"{wilayah}.%" if wilayah else "%"), length


def _period_key(column: str) -> str:
    # A yearly figure (`2024`) counts from January of that year: it is the figure for that year.
    return f"CASE WHEN length({column}) = 4 THEN {column} || '-01' ELSE {column} END"


def indicator_names(store: Store, wilayah: str) -> list[str]:
    """Imported indicators that have values for the sub-regions of `wilayah`."""
    pattern, length = _sub_pattern(wilayah)
    rows = store.sql(
        "SELECT DISTINCT indikator FROM indikator WHERE kode_wilayah LIKE ? "
        "AND length(kode_wilayah) = ? AND nilai IS NOT NULL ORDER BY 1",
        [pattern, length],
    )
    return list(rows["indikator"])


def indicator_values(store: Store, f: Filters, indikator: str) -> pd.DataFrame:
    """One row per sub-region of `f.wilayah` (kode, nama, nilai, satuan, periode): the indicator's latest
    value for a period up to `f.sampai` (NaN where there is none)."""
    pattern, length = _sub_pattern(f.wilayah)
    where = "kode_wilayah LIKE ? AND length(kode_wilayah) = ? AND indikator = ? AND nilai IS NOT NULL"
    params: list = [pattern, length, indikator]
    if f.sampai:
        where += f" AND {_period_key('periode')} <= ?"
        params.append(f.sampai)
    # Plain SQL (no QUALIFY) so it runs on DuckDB and PostgreSQL alike.
    query = (
        f"SELECT kode, nilai, satuan, periode FROM (SELECT kode_wilayah AS kode, nilai, satuan, periode, "
        f"row_number() OVER (PARTITION BY kode_wilayah ORDER BY {_period_key('periode')} DESC) AS urutan "
        f"FROM indikator WHERE {where}) AS terbaru WHERE urutan = 1"
    )
    latest = store.sql(query, params)
    subs = regions.children(f.wilayah)[["kode", "nama"]]
    return subs.merge(latest, on="kode", how="left")


# --- classes and colours -------------------------------------------------------------------------------------


def _nice(value: float) -> float:
    """`value` rounded to two significant digits (legend edges people can read)."""
    if value == 0 or not math.isfinite(value):
        return value
    digits = 1 - int(math.floor(math.log10(abs(value))))
    return round(value, digits)


def class_breaks(values, classes: int = len(SEQUENTIAL)) -> list[float]:
    """Ascending class edges (at most `classes` classes): a class holds values from its lower edge up to (not
    including) the next; the last one includes the maximum.

    Few distinct values get a class each. Otherwise the edges are quantiles of the *distinct* values, rounded to
    two significant digits: with most regions at 0 (no Kampung KB yet) plain quantiles would all be 0 and the
    map one colour.
    """
    distinct = np.unique(pd.Series(values, dtype="float64").dropna().to_numpy())
    if not len(distinct):
        return []
    if len(distinct) <= classes:
        step = _nice(float(np.diff(distinct).min())) if len(distinct) > 1 else 1.0
        return [float(v) for v in distinct] + [float(distinct[-1]) + step]
    low, high = float(distinct[0]), float(distinct[-1])
    inner = [_nice(float(q)) for q in np.quantile(distinct, np.linspace(0, 1, classes + 1)[1:-1])]
    return sorted({low, high, *[q for q in inner if low < q < high]})


def _one_per_value(edges: list[float], values) -> bool:
    return set(pd.Series(values, dtype="float64").dropna()) == set(edges[:-1])


def legend_ticks(edges: list[float], values, metric: str, lang: str = "id") -> tuple[list[float], list[str]]:
    """Where the legend's ticks go and what they say: each class's value at its middle when every value has a
    class of its own, else the class edges."""
    if _one_per_value(edges, values):
        middles = [(a + b) / 2 for a, b in zip(edges, edges[1:], strict=False)]
        return middles, [format_value(e, metric, lang) for e in edges[:-1]]
    return edges, [format_value(e, metric, lang) for e in edges]


#: Which of the five Cividis classes to use for fewer classes: the greyish middle one only when all five are
#: needed, so a class is not mistaken for the light grey of "no data".
_PICKS = {1: (3,), 2: (0, 3), 3: (0, 1, 3), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}


def class_colors(count: int) -> list[str]:
    """`count` (1–5) Cividis colours, light to dark."""
    return [SEQUENTIAL[i] for i in _PICKS[count]]


def stepped_scale(edges: list[float], colors: list[str]) -> list[list]:
    """A plotly colorscale with one flat step per class, so the map shows classes, not a gradient."""
    low, span = edges[0], edges[-1] - edges[0]
    scale = []
    for index, color in enumerate(colors):
        scale += [[(edges[index] - low) / span, color], [(edges[index + 1] - low) / span, color]]
    return scale


def class_of(value: float, edges: list[float]) -> int | None:
    """The class index of `value` (None for a missing value)."""
    if value is None or pd.isna(value):
        return None
    return int(min(max(np.searchsorted(edges, value, side="right") - 1, 0), len(edges) - 2))


def _tier_index(values: pd.Series) -> pd.Series:
    """-1 for no Kampung KB, else the tier's position in schema.TIERS."""
    return values.map({tier: i for i, tier in enumerate(schema.TIERS)}).fillna(-1).astype(int)


def _tier_scale() -> list[list]:
    colors = [NO_KAMPUNG_COLOR, *TIER_COLORS.values()]
    return stepped_scale([-1.5 + i for i in range(len(colors) + 1)], colors)


# --- values, hover and legend --------------------------------------------------------------------------------


def _frame(values: pd.DataFrame, metric: str) -> tuple[pd.DataFrame, str]:
    """(kode, nama, value, kampung) of the measure, and its unit (`satuan` for indicators)."""
    if metric.startswith(INDICATOR):
        units = values.get("satuan", pd.Series(dtype=object)).dropna()
        frame = values.assign(value=values["nilai"], kampung=np.nan)
        return frame, str(units.iloc[0]) if len(units) else ""
    frame = values.assign(value=values[METRICS[metric].column], kampung=values["jumlah_kampung"])
    return frame, ""


def format_value(value, metric: str, lang: str = "id") -> str:
    """A value as shown in hover, tooltips and the legend (Indonesian number format for `id`)."""
    if value is None or pd.isna(value):
        return t("maps.no_data", lang)
    if metric == TIER_METRIC:
        return str(value)
    decimals = METRICS[metric].decimals if metric in METRICS else (0 if float(value).is_integer() else 2)
    return format_number(float(value), decimals, lang)


def unit_text(metric: str, lang: str, unit: str = "") -> str:
    """The legend's unit: `%`, `kegiatan/KKB/bulan`, `hari`… or an indicator's `satuan`."""
    return unit if metric.startswith(INDICATOR) else t(METRICS[metric].unit, lang)


def _customdata(frame: pd.DataFrame, metric: str, unit: str, lang: str) -> list[list[str]]:
    """Per region: [name, value with its unit, the lines below it] — escaped, formatted in `lang`."""
    names = [html.escape(str(n)) for n in frame["nama"]]
    shown = [html.escape(s) for s in _value_texts(frame, metric, unit, lang)]
    rows = frame.to_dict("records")
    return [[n, v, _extra_line(row, metric, lang)] for n, v, row in zip(names, shown, rows, strict=True)]


def tier_mix(row, lang: str = "id") -> str:
    """`Dasar 3 · Berkembang 5 · Mandiri 1` — the tiers of a region's Kampung KB, the empty ones left out."""
    parts = [f"{tier} {format_number(_plain(row.get(tier)), 0, lang)}" for tier in schema.TIERS if row.get(tier)]
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
    count = format_number(_plain(row.get("kampung")), 0, lang)
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


def zero_means_none(values) -> pd.Series:
    """The values as floats with 0 turned into NaN: on the map zero and no data share one grey class."""
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").astype("float64")
    return numbers.where(numbers != 0)


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
        z = [int(v) if float(v).is_integer() else float(v) for v in shown.fillna(low + width / 2)]
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
    code → (lon, lat, room), `mapdata.Layer.labels`); the roomiest region gets the lowest sort key, so MapLibre
    places its name first and drops the names that would collide."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [labels[code][0], labels[code][1]]},
            "properties": {"nama": label_text(str(name)), "urutan": -labels[code][2]},
        }
        for code, name in zip(frame["kode"], frame["nama"], strict=True)
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

    `bounds` (code → box, `mapdata.feature_bounds`) frames the view on these regions in a `width` × `height`
    frame (the chart's width as laid out, legend included). `selected` (a code) is outlined. `labels` (code →
    label point, `mapdata.Layer.labels`) names the regions on the map. `basemap=True` puts OpenStreetMap tiles
    underneath, which needs internet; the default white background works offline.
    """
    frame, unit = _frame(values, metric)
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
    box = mapdata.bbox_of(bounds or {}, frame["kode"])
    return charts.figure(
        traces,
        {
            "map": {
                "style": map_style(label_features(frame, labels or {}), basemap),
                **mapdata.view(box, width=width - LEGEND_WIDTH, height=height),
            },
            "height": height,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "separators": charts.separators(lang),
            "uirevision": wilayah,
            "font": {"size": 14},
            "showlegend": False,
        },
    )


def small_map(
    f: Filters, values: pd.DataFrame, lang: str = "id", *, metric: str | None = None, static_dir=None
) -> str | None:
    """The overview's compact map of the view as HTML: an SVG picture of the sub-regions in the map's classes and
    colours, each naming itself and its value on hover, and the legend below. No plotly, no WebGL: it draws at
    once on any PC. None when the layer is not built yet or nothing matches (say so and point to the Peta page).
    """
    level, prov = mapdata.layer_for(f.wilayah)
    if values.empty:
        return None
    width, height, paths = mapdata.picture(level, prov, values["kode"], static_dir)
    if not paths:
        return None
    metric = metric or default_metric(f.wilayah)
    frame, unit = _frame(values, metric)
    colors, legend = feature_colors(values, metric, lang)
    label = metric_label(metric, lang, f.wilayah)
    unit = "" if metric == TIER_METRIC else unit_text(metric, lang, unit)
    shapes = []
    for code, name, shown in zip(frame["kode"], frame["nama"], _value_texts(frame, metric, unit, lang), strict=True):
        if code in paths:
            tip = html.escape(f"{name} ({code})\n{label}: {shown}")
            shapes.append(f'<path d="{paths[code]}" fill="{colors[code]}"><title>{tip}</title></path>')
    keys = "".join(
        f'<span style="white-space:nowrap;margin-right:12px"><span style="display:inline-block;'
        f"width:12px;height:12px;background:{c};border:1px solid #999;vertical-align:middle;"
        f'margin-right:4px"></span>{html.escape(str(text))}</span>'
        for c, text in legend
    )
    title = html.escape(label + (f" ({unit})" if unit else ""))
    return (
        f'<figure class="kkb-small-map" style="margin:0">'
        f"<style>.kkb-small-map path:hover{{stroke:#222;stroke-width:1.5}}</style>"
        f'<svg viewBox="-2 -2 {width + 4} {height + 4}" role="img" aria-label="{title}" '
        f'style="width:100%;height:auto;max-height:320px;display:block" stroke="#fff" stroke-width="0.6" '
        f'stroke-linejoin="round" fill-rule="evenodd">{"".join(shapes)}</svg>'
        f'<figcaption style="font-size:13px;line-height:1.8"><b>{title}</b><br>{keys}</figcaption></figure>'
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
    """The figures behind the map, one row per region, with headers in `lang` (for display and download)."""
    head = {"kode": t("maps.col_kode", lang), "nama": t("maps.col_nama", lang)}
    if metric.startswith(INDICATOR):
        head |= {
            "nilai": metric[len(INDICATOR) :],
            "satuan": t("maps.col_satuan", lang),
            "periode": t("maps.col_periode", lang),
        }
        return values[list(head)].rename(columns=head)
    for column in _TABLE_COLUMNS:
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
        "maps.card_hari_sejak_laporan": format_number(_plain(row.get("hari_sejak_laporan")), 0, lang),
    }
    return pd.DataFrame(
        {
            t("maps.col_field", lang): [t(k, lang) for k in shown],
            t("maps.col_value", lang): [str(v) for v in shown.values()],
        }
    )


def _text(value) -> str:
    return "–" if value is None or pd.isna(value) or value == "" else str(value)


def _plain(value):
    return None if value is None or pd.isna(value) else float(value)


# --- folium (Leaflet): a standalone HTML map to hand out -----------------------------------------------------


def feature_colors(values: pd.DataFrame, metric: str, lang: str = "id") -> tuple[dict[str, str], list[tuple]]:
    """Code → fill colour, and the legend as (colour, label) pairs, the same classes as the plotly map."""
    frame, _ = _frame(values, metric)
    if metric == TIER_METRIC:
        palette = {None: NO_KAMPUNG_COLOR, **TIER_COLORS}
        colors = {
            k: palette.get(v if isinstance(v, str) else None)
            for k, v in zip(frame["kode"], frame["value"], strict=True)
        }
        return colors, [(NO_KAMPUNG_COLOR, t("maps.no_kampung", lang)), *[(c, k) for k, c in TIER_COLORS.items()]]
    shown = zero_means_none(frame["value"].to_numpy())
    edges = class_breaks(shown)
    steps = class_colors(len(edges) - 1) if edges else []
    colors = {
        k: NO_KAMPUNG_COLOR if class_of(v, edges) is None else steps[class_of(v, edges)]
        for k, v in zip(frame["kode"], shown, strict=True)
    }
    if edges and _one_per_value(edges, shown):
        legend = [(c, format_value(edges[i], metric, lang)) for i, c in enumerate(steps)]
    else:
        legend = [
            (c, f"{format_value(edges[i], metric, lang)} – {format_value(edges[i + 1], metric, lang)}")
            for i, c in enumerate(steps)
        ]
    return colors, [(NO_KAMPUNG_COLOR, t("maps.zero_or_no_data", lang)), *legend]


def _no_template(markup: str) -> str:
    """Braces as character references: branca compiles every piece of a folium page as a Jinja template, so a
    name like `{{ … }}` from an imported file would otherwise be evaluated on the server."""
    return markup.replace("{", "&#123;").replace("}", "&#125;")


def _safe(text: str) -> str:
    """Text from data for folium HTML: HTML-escaped and with no template syntax left."""
    return _no_template(html.escape(str(text)))


def _value_texts(frame: pd.DataFrame, metric: str, unit: str, lang: str) -> list[str]:
    """Each region's value as read in a tooltip or popup, with its unit (not escaped): `12,5 %`, `Mandiri`."""
    if metric == TIER_METRIC:
        return [v if isinstance(v, str) else t("maps.no_kampung", lang) for v in frame["value"]]
    return [format_value(v, metric, lang) + (f" {unit}" if unit and pd.notna(v) else "") for v in frame["value"]]


def _popup_frame(values: pd.DataFrame, geometry, metric: str, lang: str, wilayah: str = ""):
    """The features to draw: geometry joined to values, with escaped, formatted text properties."""
    frame, unit = _frame(values, metric)
    colors, _ = feature_colors(values, metric, lang)
    shown = _value_texts(frame, metric, unit_text(metric, lang, unit), lang)
    kampung = [format_number(_plain(k), 0, lang) for k in frame["kampung"]]
    text = pd.DataFrame(
        {
            "kode": frame["kode"],
            "nama": [_safe(str(n)) for n in frame["nama"]],
            "nilai": [_safe(s) for s in shown],
            "kampung": kampung,
            "warna": [colors[k] for k in frame["kode"]],
            "popup": popups.region_popups(
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

    `geometry` is a GeoDataFrame with `kode` and `geometry` (e.g. `mapdata.load_static`). Without `basemap`
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
    level, prov = mapdata.layer_for(f.wilayah)
    geometry = mapdata.load_static(level, prov, static_dir)
    if geometry is None:
        raise FileNotFoundError(mapdata.static_path(level, prov, static_dir))
    return offline.inline_leaflet(folium_html(values, geometry, metric=metric, f=f, lang=lang, basemap=basemap))
