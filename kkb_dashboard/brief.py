"""The meeting brief: one self-contained HTML file (plotly.js inlined once, map geometry embedded) that opens
offline and prints on A4 — the filters used, the KPIs, the tier and activity charts, the map, the sources.

`meeting_brief` takes plain values only; `brief_for` gathers them from the store for a view (`Filters`).
Every text from data is HTML-escaped; plotly's own JSON escapes `<` and `/`, so a name cannot end a script.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import shapely
from plotly.offline import get_plotlyjs

from . import charts, i18n, metrics, regions, schema
from .filters import Filters
from .i18n import t

#: Degrees: ~50 m simplification and ~11 m rounding keep a kab/kota's kecamatan map to a few hundred KB.
SIMPLIFY_DEGREES = 0.0005
ROUND_DIGITS = 4
_MAP_TRACES = ("choroplethmap", "choroplethmapbox", "choropleth")
_FIGURE_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}

_CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "Segoe UI", Arial, sans-serif; color: #222; max-width: 190mm; margin: 0 auto; padding: 8px; }
h1 { font-size: 22pt; margin: 0 0 4px; } h2 { font-size: 15pt; border-bottom: 2px solid #5e3c99; margin-top: 18px; }
.generated { color: #555; margin: 0 0 10px; }
.warning { border: 2px solid #e66101; background: #fff3e6; padding: 6px 10px; font-weight: bold; }
.filters li { margin: 2px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; }
.card { flex: 1 1 40mm; border: 1px solid #bbb; border-radius: 4px; padding: 6px 10px; }
.card .label { font-size: 10pt; color: #555; } .card .value { font-size: 20pt; font-weight: bold; }
.card .detail { font-size: 9pt; color: #444; }
figure { margin: 10px 0; page-break-inside: avoid; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 4px; }
table { border-collapse: collapse; font-size: 9pt; width: 100%; page-break-inside: auto; }
th, td { border: 1px solid #ccc; padding: 2px 5px; text-align: left; } td.num { text-align: right; }
tr { page-break-inside: avoid; } thead { display: table-header-group; }
footer { margin-top: 16px; font-size: 9pt; color: #444; }
@media print { body { max-width: none; } .warning { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


# --- plain pieces ------------------------------------------------------------------------------------------


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _cell(value: object, lang: str) -> tuple[str, bool]:
    """A table cell's text in the language's number format, and whether it is a number."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return "–", False
    if isinstance(value, bool):
        return str(value), False
    if isinstance(value, int):
        return i18n.format_number(value, lang=lang), True
    if isinstance(value, float):
        return i18n.format_number(value, 0 if value.is_integer() else 2, lang), True
    if isinstance(value, dt.datetime | pd.Timestamp | dt.date):
        return i18n.format_date(value, lang), False
    return str(value), False


def table_html(frame: pd.DataFrame, lang: str = "id") -> str:
    """An HTML table of `frame`: every header and cell escaped, numbers in the language's format."""
    head = "".join(f"<th>{_esc(c)}</th>" for c in frame.columns)
    rows = []
    for record in frame.astype(object).itertuples(index=False):
        cells = [_cell(v.item() if hasattr(v, "item") else v, lang) for v in record]
        rows.append(
            "<tr>"
            + "".join(
                f'<td class="num">{_esc(text)}</td>' if numeric else f"<td>{_esc(text)}</td>" for text, numeric in cells
            )
            + "</tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def kpi_cards(kpis: dict, lang: str = "id") -> list[tuple[str, str, str]]:
    """(label, value, detail) cards. A `metrics.kpis` dict gets the overview's four cards, formatted in the
    language's number format; any other dict is shown as label → value (numbers formatted)."""
    if "jumlah_kampung" not in kpis:
        return [(str(label), _cell(value, lang)[0], "") for label, value in kpis.items()]
    return [_card_kampung(kpis, lang), _card_plus(kpis, lang), _card_activity(kpis, lang), _card_stale(kpis, lang)]


def _card_kampung(k: dict, lang: str) -> tuple[str, str, str]:
    detail = t(
        "exports.kpi_kampung_detail",
        lang,
        share=i18n.format_percent(k.get("cakupan_persen"), lang=lang),
        desa=i18n.format_number(k.get("jumlah_desa"), lang=lang),
    )
    if k.get("target_kampung") is not None:
        detail += "; " + t(
            "exports.kpi_target_kampung", lang, target=i18n.format_number(k["target_kampung"], lang=lang)
        )
    return t("exports.kpi_kampung", lang), i18n.format_number(k["jumlah_kampung"], lang=lang), detail


def _card_plus(k: dict, lang: str) -> tuple[str, str, str]:
    n = i18n.format_number(k.get("mandiri_plus"), lang=lang)
    if k.get("target_persen") is None:
        detail = t("exports.kpi_plus_no_target", lang, n=n, year=k.get("tahun") or "–")
    else:
        gap = k.get("selisih_persen")
        sign = "+" if gap is not None and gap > 0 else ""
        detail = t(
            "exports.kpi_plus_detail",
            lang,
            n=n,
            target=i18n.format_percent(k["target_persen"], lang=lang),
            gap=sign + i18n.format_number(gap, 2, lang),
        )
    return t("exports.kpi_plus", lang), i18n.format_percent(k.get("mandiri_plus_persen"), lang=lang), detail


def _card_activity(k: dict, lang: str) -> tuple[str, str, str]:
    before = t("exports.kpi_activity_detail", lang, n=i18n.format_number(k.get("kegiatan_bulan_lalu"), lang=lang))
    return t("exports.kpi_activity", lang), i18n.format_number(k.get("kegiatan_bulan_ini"), lang=lang), before


def _card_stale(k: dict, lang: str) -> tuple[str, str, str]:
    return (
        t("exports.kpi_stale", lang),
        i18n.format_number(k.get("tanpa_laporan_3_bulan"), lang=lang),
        t("exports.kpi_stale_detail", lang),
    )


def describe_filters(f: Filters, lang: str = "id") -> list[str]:
    """The view in words, one line per filter (region, months, tiers, activity types)."""
    everything = t("exports.brief_all", lang)
    lines = [t("exports.brief_region", lang, value=regions.label(f.wilayah))]
    if f.dari and f.sampai:
        lines.append(
            t(
                "exports.brief_months",
                lang,
                first=i18n.format_month(f.dari, lang),
                last=i18n.format_month(f.sampai, lang),
            )
        )
    lines.append(t("exports.brief_tiers", lang, value=", ".join(f.tingkat) or everything))
    lines.append(t("exports.brief_types", lang, value=", ".join(f.kegiatan) or everything))
    return lines


# --- map geometry ------------------------------------------------------------------------------------------


def _feature_id(feature: dict, featureidkey: str) -> object:
    value: object = feature
    for part in featureidkey.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _rounded(coords: object, digits: int) -> object:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return [round(float(c), digits) for c in coords]
    return [_rounded(c, digits) for c in coords] if isinstance(coords, list | tuple) else coords


def compact_geojson(
    geojson: dict,
    keep: Iterable[object] | None = None,
    featureidkey: str = "id",
    *,
    tolerance: float = SIMPLIFY_DEGREES,
    digits: int = ROUND_DIGITS,
) -> dict:
    """A smaller FeatureCollection: only the features whose id is in `keep` (all when None), simplified
    by `tolerance` degrees (topology kept) and rounded to `digits` decimals. The input is not changed."""
    wanted = None if keep is None else {str(k) for k in keep}
    features = []
    for feature in geojson.get("features", []):
        if wanted is not None and str(_feature_id(feature, featureidkey)) not in wanted:
            continue
        geometry = feature.get("geometry")
        if geometry:
            shape = shapely.simplify(shapely.geometry.shape(geometry), tolerance, preserve_topology=True)
            mapped = shapely.geometry.mapping(shape)
            geometry = {"type": mapped["type"], "coordinates": _rounded(mapped["coordinates"], digits)}
        features.append({**{k: v for k, v in feature.items() if k != "geometry"}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def inline_geometry(
    fig: go.Figure, geojson: dict, *, tolerance: float = SIMPLIFY_DEGREES, digits: int = ROUND_DIGITS
) -> go.Figure:
    """A copy of `fig` whose map traces carry `geojson` itself (compacted to their locations) instead of a
    URL: a URL to the app's static file would not load from a brief opened offline."""
    copy = go.Figure(fig)
    for trace in copy.data:
        if trace.type in _MAP_TRACES:
            key = trace.featureidkey or "id"
            keep = list(trace.locations) if trace.locations is not None else None
            trace.geojson = compact_geojson(geojson, keep, key, tolerance=tolerance, digits=digits)
    return copy


def _external_geojson(fig: go.Figure) -> bool:
    return any(t.type in _MAP_TRACES and isinstance(t.geojson, str) for t in fig.data)


# --- the document ------------------------------------------------------------------------------------------


def _figure_html(fig: go.Figure) -> str:
    return pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        config=_FIGURE_CONFIG,
        default_width="100%",
        default_height=f"{fig.layout.height or 380}px",
        validate=False,
    )


def _section(heading: str, body: str) -> str:
    return f"<section><h2>{_esc(heading)}</h2>{body}</section>" if body else ""


def _cards_html(kpis: dict, lang: str) -> str:
    cards = [
        f'<div class="card"><div class="label">{_esc(label)}</div><div class="value">{_esc(value)}</div>'
        f'<div class="detail">{_esc(detail)}</div></div>'
        for label, value, detail in kpi_cards(kpis, lang)
    ]
    return f'<div class="cards">{"".join(cards)}</div>' if cards else ""


def _figures_html(figures: list[tuple[str, go.Figure]]) -> str:
    parts = []
    for caption, fig in figures:
        if _external_geojson(fig):
            raise ValueError(f"figure {caption!r}: its geojson is a URL; call inline_geometry(fig, geojson) first")
        if caption and fig.layout.title.text:  # the caption is the title; a second one inside wastes A4 space
            fig = go.Figure(fig).update_layout(title=None, margin_t=20)
        parts.append(f"<figure><figcaption>{_esc(caption)}</figcaption>{_figure_html(fig)}</figure>")
    return "".join(parts)


def _list_html(items: Iterable[str], css: str = "") -> str:
    rows = "".join(f"<li>{_esc(item)}</li>" for item in items)
    return f'<ul class="{css}">{rows}</ul>' if rows else ""


def meeting_brief(
    *,
    title: str,
    filters_text: list[str],
    kpis: dict,
    figures: list[tuple[str, go.Figure]],
    tables: list[tuple[str, pd.DataFrame]],
    notes: list[str],
    lang: str = "id",
    synthetic: bool = False,
    sources: list[str] | None = None,
    today: dt.date | None = None,
) -> str:
    """One self-contained HTML document: title, generation date (Indonesian format in `id`), the demo flag
    when `synthetic`, the filters used, KPI cards (`metrics.kpis` or label → value), figures (captions with
    plotly figures; map traces must hold their geojson inline, see `inline_geometry`), tables, notes and
    sources. plotly.js is inlined once; nothing is loaded from the network."""
    generated = t("exports.brief_generated", lang, date=i18n.format_date(today or dt.date.today(), lang))
    script = f"<script>window.PlotlyConfig = {{MathJaxConfig: 'local'}};</script><script>{get_plotlyjs()}</script>"
    body = [
        f"<h1>{_esc(title)}</h1>",
        f'<p class="generated">{_esc(generated)}</p>',
        f'<p class="warning">{_esc(t("exports.brief_synthetic", lang))}</p>' if synthetic else "",
        _section(t("exports.brief_filters", lang), _list_html(filters_text, "filters")),
        _section(t("exports.brief_kpis", lang), _cards_html(kpis, lang)),
        _section(t("exports.brief_charts", lang), _figures_html(figures)),
        _section(
            t("exports.brief_tables", lang),
            "".join(f"<h3>{_esc(name)}</h3>{table_html(frame, lang)}" for name, frame in tables),
        ),
        _section(t("exports.brief_notes", lang), _list_html(notes)),
        f"<footer><h2>{_esc(t('exports.brief_sources', lang))}</h2>{_list_html(sources or [])}</footer>",
    ]
    return (
        f'<!DOCTYPE html><html lang="{_esc(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_esc(title)}</title>'
        f"<style>{_CSS}</style>{script if figures else ''}</head><body>{''.join(body)}</body></html>"
    )


# --- default figures (used when the chart modules of the other pages are not there) ------------------------


def tier_figure(counts: dict[str, int], lang: str = "id", month: str | None = None) -> go.Figure:
    """Horizontal bars of Kampung KB per tier, in tier order and colours."""
    tiers = list(schema.TIERS)
    fig = go.Figure(
        go.Bar(
            x=[counts.get(tier, 0) for tier in tiers],
            y=tiers,
            orientation="h",
            marker_color=[charts.TIER_COLORS[tier] for tier in tiers],
            text=[i18n.format_number(counts.get(tier, 0), lang=lang) for tier in tiers],
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    title = t("exports.chart_tiers", lang, month=i18n.format_month(month, lang) if month else "–")
    fig.update_xaxes(title=t("exports.axis_count", lang))
    return _layout(fig, title, lang, 300)


def activity_figure(monthly: pd.DataFrame, lang: str = "id") -> go.Figure:
    """Activities per month (all chosen types together) as a line."""
    totals = monthly.groupby("periode")["jumlah"].sum() if len(monthly) else pd.Series(dtype="int64")
    labels = [i18n.format_month(m, lang) for m in totals.index]
    fig = go.Figure(
        go.Scatter(
            x=labels,
            y=totals.tolist(),
            mode="lines+markers",
            line_color="#5e3c99",
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    fig.update_xaxes(title=t("exports.axis_month", lang))
    fig.update_yaxes(title=t("exports.axis_activities", lang), rangemode="tozero")
    return _layout(fig, t("exports.chart_activity", lang), lang, 320)


def _layout(fig: go.Figure, title: str, lang: str, height: int) -> go.Figure:
    return charts.base_layout(fig, title, height, lang)


def _zoom(bounds: tuple[float, float, float, float]) -> tuple[dict, float]:
    west, south, east, north = bounds
    span = max(east - west, (north - south) * 1.3, 1e-3)
    return {"lon": (west + east) / 2, "lat": (south + north) / 2}, max(0.0, min(12.0, math.log2(360 / span) - 0.3))


def map_figure(layer, table: pd.DataFrame, lang: str = "id") -> go.Figure:
    """A white-background choropleth of Kampung KB per sub-region, geometry inline (simplified, rounded)."""
    layer = layer[layer["kode"].isin(table["kode"])]
    layer = layer.assign(geometry=layer.geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True))
    geojson = compact_geojson(layer[["kode", "geometry"]].__geo_interface__, featureidkey="properties.kode")
    names = [html.escape(str(n)) for n in table["nama"]]
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            featureidkey="properties.kode",
            locations=table["kode"],
            z=table["jumlah_kampung"],
            colorscale=[[i / (len(charts.SEQUENTIAL) - 1), c] for i, c in enumerate(charts.SEQUENTIAL)],
            marker_line_width=0.5,
            marker_line_color="#666",
            customdata=list(zip(names, table["kode"], strict=True)),
            colorbar={"title": {"text": t("exports.axis_count", lang)}},
            hovertemplate="%{customdata[0]} (%{customdata[1]}): %{z}<extra></extra>",
        )
    )
    center, zoom = _zoom(tuple(layer.total_bounds))
    fig.update_layout(map={"style": "white-bg", "center": center, "zoom": zoom})
    return _layout(fig, t("exports.chart_map", lang), lang, 420)


# --- gathering a view from the store -----------------------------------------------------------------------


def _chart_builders():
    """The pages' chart builders when they exist, else this module's minimal ones."""
    try:
        from .charts.tiers import tier_distribution
    except ImportError:
        tier_distribution = None
    try:
        from .charts.activities import monthly_trend
    except ImportError:
        monthly_trend = None
    return tier_distribution, monthly_trend


def _map_layer(f: Filters):
    from . import boundaries

    level = min(f.level + 1, 4)
    prov = f.wilayah[:2] if level >= 3 else None
    layer = boundaries.load(boundaries.LEVELS[level - 1], prov)
    if layer is None:
        return None
    inside = layer[layer["kode"].str.startswith(f.wilayah)] if f.wilayah else layer
    return inside if len(inside) else None


def _region_summary(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = {
        "kode": t("exports.col_kode", lang),
        "nama": t("exports.col_nama", lang),
        "jumlah_kampung": t("exports.col_kampung", lang),
        **{tier: tier for tier in schema.TIERS},
        "mandiri_plus_persen": t("exports.col_plus_persen", lang),
    }
    shown = table[table["jumlah_kampung"] > 0] if (table["jumlah_kampung"] > 0).any() else table
    return shown[list(columns)].rename(columns=columns).reset_index(drop=True)


def _figures(
    store, f: Filters, villages: pd.DataFrame, table: pd.DataFrame, target: float | None, lang: str
) -> tuple[list, list]:
    tier_distribution, monthly_trend = _chart_builders()
    counts = metrics.tier_counts(villages)
    monthly = metrics.monthly_activity(store, f)
    tiers_fig = tier_distribution(counts, lang, target) if tier_distribution else tier_figure(counts, lang, f.sampai)
    trend = monthly_trend(monthly, lang) if monthly_trend else activity_figure(monthly, lang)
    month = i18n.format_month(f.sampai, lang) if f.sampai else "–"
    figures = [(t("exports.chart_tiers", lang, month=month), tiers_fig), (t("exports.chart_activity", lang), trend)]
    layer = _map_layer(f)
    if layer is None or table.empty:
        return figures, [t("exports.brief_no_map", lang)]
    return [*figures, (t("exports.chart_map", lang), map_figure(layer, table, lang))], []


def _sources(store, lang: str) -> tuple[list[str], bool]:
    from . import boundaries

    log = store.import_log()
    sources = [t("exports.sources_codes", lang), boundaries.ATTRIBUTION[lang]]
    if log.empty:
        return sources, False
    last = log.iloc[0]
    when = i18n.format_date(pd.Timestamp(last["waktu"]).date(), lang)
    return [t("exports.source_last_import", lang, file=last["file"], when=when), *sources], bool(
        log["synthetic"].fillna(False).astype(bool).any()
    )


def brief_for(store, f: Filters, lang: str = "id", *, today: dt.date | None = None) -> str:
    """The meeting brief of a view: KPIs (`metrics.kpis`), tier counts, monthly activity, the map of the
    sub-regions when their boundaries are downloaded, the per-region table, the demo flag and the sources."""
    villages = metrics.village_table(store, f)
    table = metrics.region_table(store, f, villages)
    kpis = metrics.kpis(store, f)
    figures, notes = _figures(store, f, villages, table, kpis.get("target_persen"), lang)
    sources, synthetic = _sources(store, lang)
    tables = [(t("exports.table_regions", lang), _region_summary(table, lang))] if len(table) else []
    return meeting_brief(
        title=t("exports.brief_title", lang, region=regions.label(f.wilayah)),
        filters_text=describe_filters(f, lang),
        kpis=kpis,
        figures=figures,
        tables=tables,
        notes=notes,
        lang=lang,
        synthetic=synthetic,
        sources=sources,
        today=today,
    )


def brief_name(f: Filters) -> str:
    """The download's file name: `ringkasan_rapat_36.72_2024-12.html`."""
    return f"ringkasan_rapat_{f.wilayah or 'indonesia'}_{f.sampai or 'semua'}.html"
