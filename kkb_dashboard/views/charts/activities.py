"""Activity charts (pure: a table from `kkb_dashboard.views.activities` in, a plotly figure out).

Names from the data (regions, agencies) are HTML-escaped before they reach a label or hover, because plotly
renders a subset of HTML there. Months stay `YYYY-MM` in the data and are labelled in the chosen language.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ... import i18n
from ..tables import value_text
from . import SEQUENTIAL, figure, layout, zero_grey_scale

#: Bars and lines: a dark blue Viridis class for counts, a contrasting one for participants.
COUNT_COLOR, PEOPLE_COLOR, OTHER_COLOR = SEQUENTIAL[3], "#c4a000", "#969696"
#: Whole numbers with thousands separators on axes (plotly's default writes 10k, which reads oddly in Indonesian).
COUNT_FORMAT = ",~f"


def short_month(periode: str, lang: str = "id") -> str:
    """`2024-08` → `Agu 2024` (the first three letters are the usual abbreviation in both languages)."""
    name, year = i18n.format_month(periode, lang).split(" ")
    return f"{name[:3]} {year}"


def _months_axis(months: list[str], lang: str, **more: object) -> dict:
    """A category axis of months labelled `Agu 2024`, every month shown even without data."""
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": months,
        "tickvals": months,
        "ticktext": [short_month(m, lang) for m in months],
        **more,
    }


def _bar_height(count: int) -> int:
    return max(260, 26 * count + 140)


def _unique_labels(names: pd.Series, codes: pd.Series) -> list[str]:
    """Escaped names; a name that occurs twice gets its code, so plotly does not merge the two bars."""
    doubled = names.duplicated(keep=False)
    return [html.escape(f"{n} ({c})" if d else str(n)) for n, c, d in zip(names, codes, doubled, strict=True)]


def _zmax(values) -> float:
    """The top of a count scale: the largest count, at least 1 (so a table of zeros is all grey)."""
    return max(float(np.nanmax(values)) if np.size(values) else 0.0, 1.0)


def heatmap(frame: pd.DataFrame, lang: str = "id") -> go.Figure:
    """Activity type × month (from `activities.heatmap`): one cell per type and month, zeros shown."""
    months = [c for c in frame.columns if c != "jenis_kegiatan"]
    values = frame[months].to_numpy()
    labels = [[i18n.format_month(m, lang) for m in months]] * len(frame)
    return figure(
        dict(
            type="heatmap",
            z=values,
            x=months,
            y=[html.escape(activity_label(v, lang)) for v in frame["jenis_kegiatan"]],
            customdata=labels,
            colorscale=zero_grey_scale(SEQUENTIAL, _zmax(values)),
            zmin=0,
            zmax=_zmax(values),
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": i18n.t("activities.axis_count", lang)}},
            texttemplate="%{z:,.0f}" if len(months) <= 12 else None,
            hovertemplate=f"%{{y}}<br>%{{customdata}}<br>{i18n.t('activities.hover_count', lang)}: "
            "%{z:,.0f}<extra></extra>",
        ),
        layout=layout(
            i18n.t("activities.heatmap_title", lang),
            _bar_height(len(frame)),
            lang,
            xaxis=_months_axis(months, lang, title={"text": i18n.t("activities.axis_month", lang)}),
            yaxis={"autorange": "reversed", "title": {"text": i18n.t("activities.axis_type", lang)}},
        ),
    )


def _region_trace(part: pd.DataFrame, lang: str, panel: str) -> dict:
    hover = (
        f"<b>%{{y}}</b><br>{i18n.t('activities.hover_code', lang)}: %{{customdata[0]}}<br>"
        f"{i18n.t('activities.axis_rate', lang)}: %{{x:,.2f}}<br>"
        f"{i18n.t('activities.hover_count', lang)}: %{{customdata[1]:,.0f}}<br>"
        f"{i18n.t('activities.hover_kampung', lang)}: %{{customdata[2]:,.0f}}<extra></extra>"
    )
    return dict(
        type="bar",
        x=part["kegiatan_per_kampung_bulan"].to_numpy(),
        y=_unique_labels(part["nama"], part["kode"]),
        orientation="h",
        marker={"color": COUNT_COLOR},
        hovertemplate=hover,
        showlegend=False,
        customdata=part[["kode", "kegiatan", "jumlah_kampung"]].to_numpy(),
        texttemplate="%{x:,.2f}",
        textposition="outside",
        cliponaxis=False,
        xaxis=f"x{panel}",
        yaxis=f"y{panel}",
    )


#: Room between the two panels of `region_bars`, as a share of the width.
_PANEL_GAP = 0.25


def region_bars(frame: pd.DataFrame, level_label: str, lang: str = "id") -> go.Figure:
    """Activities per Kampung KB per month per sub-region (from `activities.region_ranking`): the highest
    and, when there are more than fit, the lowest, side by side; highest on top."""
    top, bottom = frame[frame["kelompok"] == "atas"], frame[frame["kelompok"] == "bawah"]
    panels = [(top, "activities.region_top")] + ([(bottom, "activities.region_bottom")] if len(bottom) else [])
    width = (1 - _PANEL_GAP * (len(panels) - 1)) / len(panels)
    # One scale for both panels, so a longer bar is always a larger figure, with room for the figures outside
    highest = pd.concat([part["kegiatan_per_kampung_bulan"] for part, _ in panels]).max()
    scale = {"range": [0, float(highest) * 1.2]} if pd.notna(highest) and highest > 0 else {"rangemode": "tozero"}
    traces, axes, titles = [], {}, []
    for i, (part, key) in enumerate(panels):  # the layout plotly's make_subplots makes, built in one go
        panel, start = "" if i == 0 else str(i + 1), i * (width + _PANEL_GAP)
        traces.append(_region_trace(part, lang, panel))
        axes[f"xaxis{panel}"] = {
            "anchor": f"y{panel}",
            "domain": [start, start + width],
            **scale,
            "title": {"text": i18n.t("activities.axis_rate", lang)},
            "tickfont": {"size": 14},
        }
        axes[f"yaxis{panel}"] = {
            "anchor": f"x{panel}",
            "domain": [0.0, 1.0],
            "autorange": "reversed",
            "tickfont": {"size": 14},  # the second panel's names as large as the first's
        }
        titles.append(
            {
                "text": i18n.t(key, lang),
                "font": {"size": 16},
                "showarrow": False,
                "x": start + width / 2,
                "xanchor": "center",
                "xref": "paper",
                "y": 1.0,
                "yanchor": "bottom",
                "yref": "paper",
            }
        )
    title = i18n.t("activities.region_title", lang, level=level_label.lower())
    return figure(traces, layout(title, _bar_height(max(len(top), len(bottom))), lang, **axes, annotations=titles))


def monthly_trend(frame: pd.DataFrame, lang: str = "id", jenis: str | None = None) -> go.Figure:
    """Activities per month as bars, with participants as a line on a second axis when the frame has a
    `peserta` column. `frame` has `periode` and `jumlah` (several rows of a month are added up, so
    `metrics.monthly_activity` works as well as `activities.trend`). Shared with the overview page."""
    columns = [c for c in ("jumlah", "peserta") if c in frame.columns]
    data = frame.groupby("periode", as_index=False)[columns].sum().sort_values("periode")
    months = list(data["periode"])
    labels = [i18n.format_month(m, lang) for m in months]
    count_label = i18n.t("activities.axis_count", lang)
    traces = [
        dict(
            type="bar",
            x=months,
            y=data["jumlah"].to_numpy(),
            name=count_label,
            marker={"color": COUNT_COLOR},
            customdata=labels,
            hovertemplate=f"%{{customdata}}<br>{count_label}: %{{y:,.0f}}<extra></extra>",
        )
    ]
    second = {}
    if "peserta" in data:
        people = i18n.t("activities.axis_participants", lang)
        traces.append(
            dict(
                type="scatter",
                x=months,
                y=data["peserta"].to_numpy(),
                name=people,
                yaxis="y2",
                mode="lines+markers",
                line={"color": PEOPLE_COLOR, "width": 3},
                customdata=labels,
                hovertemplate=f"%{{customdata}}<br>{people}: %{{y:,.0f}}<extra></extra>",
            )
        )
        second["yaxis2"] = {
            "title": {"text": people},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
            "tickmode": "auto",
            "tickformat": COUNT_FORMAT,
            **_whole_ticks(data["peserta"]),
        }
    title = (
        i18n.t("activities.trend_title_type", lang, jenis=html.escape(activity_label(jenis, lang)))
        if jenis
        else i18n.t("activities.trend_title", lang)
    )
    return figure(
        traces,
        layout(
            title,
            380,
            lang,
            xaxis=_months_axis(months, lang),
            **second,
            yaxis={
                "title": {"text": count_label},
                "rangemode": "tozero",
                "tickformat": COUNT_FORMAT,
                **_whole_ticks(data["jumlah"]),
            },
        ),
    )


def _whole_ticks(counts: pd.Series) -> dict:
    """Axis settings that keep a count axis on whole numbers: with at most 5 (or none), plotly would tick 0.2,
    0.4…; a tick every 1 from 0 to at least 1 instead."""
    top = float(counts.max()) if len(counts) else 0.0
    return {"dtick": 1, "range": [0, max(top, 1) * 1.05]} if not top > 5 else {}


def participants(frame: pd.DataFrame, lang: str = "id") -> go.Figure:
    """Participants per activity type (from `activities.participants`), with activities and participants per
    activity in the hover."""
    people = i18n.t("activities.axis_participants", lang)
    hover = (
        f"<b>%{{y}}</b><br>{people}: %{{x:,.0f}}<br>{i18n.t('activities.hover_count', lang)}: "
        f"%{{customdata[0]:,.0f}}<br>{i18n.t('activities.hover_per_activity', lang)}: %{{customdata[1]:,.1f}}"
        "<extra></extra>"
    )
    return figure(
        dict(
            type="bar",
            x=frame["peserta"].to_numpy(),
            y=[html.escape(activity_label(v, lang)) for v in frame["jenis_kegiatan"]],
            orientation="h",
            marker={"color": PEOPLE_COLOR},
            hovertemplate=hover,
            customdata=frame[["kegiatan", "peserta_per_kegiatan"]].to_numpy(dtype=float),
            texttemplate="%{x:,.0f}",
            textposition="outside",
            cliponaxis=False,
        ),
        layout(
            i18n.t("activities.participants_title", lang),
            _bar_height(len(frame)),
            lang,
            yaxis={"autorange": "reversed"},
            xaxis=_count_axis(people),
        ),
    )


def _count_axis(label: str) -> dict:
    """A value axis of counts from zero, whole numbers with thousands separators."""
    return {"title": {"text": label}, "rangemode": "tozero", "tickformat": COUNT_FORMAT}


def activity_label(jenis: str, lang: str = "id") -> str:
    """An activity type as a chart names it: program names as they are (BKB, Posyandu), "Lainnya" in the language."""
    return str(value_text(jenis, lang))


def seksi_label(seksi: str | None, lang: str = "id") -> str:
    """A family function's label in the language; an empty one says so."""
    if seksi is None or seksi != seksi:
        return i18n.t("activities.seksi_empty", lang)
    key = f"activities.seksi.{seksi}"
    return i18n.t(key, lang) if key in i18n.CATALOG else str(seksi)


def family_functions(frame: pd.DataFrame, lang: str = "id") -> go.Figure:
    """Activities per family function (from `activities.family_functions`): the 8 functions in colour,
    Lainnya and the rows that left it empty in grey, every one shown even at zero."""
    colors = [COUNT_COLOR if is_function else OTHER_COLOR for is_function in frame["fungsi_keluarga"]]
    share = i18n.t("activities.seksi_share", lang)
    hover = (
        f"<b>%{{y}}</b><br>{i18n.t('activities.hover_count', lang)}: %{{x:,.0f}}<br>{share}: "
        "%{customdata:,.2f} %<extra></extra>"
    )
    return figure(
        dict(
            type="bar",
            x=frame["kegiatan"].to_numpy(),
            y=[html.escape(seksi_label(s, lang)) for s in frame["seksi"]],
            orientation="h",
            marker={"color": colors},
            customdata=frame["persen"].to_numpy(),
            hovertemplate=hover,
            texttemplate="%{x:,.0f}",
            textposition="outside",
            cliponaxis=False,
        ),
        layout(
            i18n.t("activities.seksi_title", lang),
            _bar_height(len(frame)),
            lang,
            yaxis={"autorange": "reversed"},
            xaxis=_count_axis(i18n.t("activities.axis_count", lang)),
        ),
    )


def agencies(frame: pd.DataFrame, lang: str = "id") -> go.Figure:
    """Activities each agency took part in (from `activities.partner_agencies`), most first; the program's
    own offices in grey, in their own legend entry saying they do not count for the tier rule."""
    order = [html.escape(str(v)) for v in frame["instansi"]]
    traces = []
    for own, key, color in (
        (False, "activities.agencies_partner", COUNT_COLOR),
        (True, "activities.agencies_own", OTHER_COLOR),
    ):
        part = frame[frame["kantor_sendiri"] == own]
        hover = (
            f"<b>%{{y}}</b><br>{i18n.t('activities.hover_count', lang)}: %{{x:,.0f}}<br>"
            f"{i18n.t('activities.hover_kampung', lang)}: %{{customdata:,.0f}}<extra></extra>"
        )
        traces.append(
            dict(
                type="bar",
                x=part["kegiatan"].to_numpy(),
                y=[html.escape(str(v)) for v in part["instansi"]],
                orientation="h",
                name=i18n.t(key, lang),
                marker={"color": color},
                customdata=part["kampung"].to_numpy(),
                hovertemplate=hover,
                texttemplate="%{x:,.0f}",
                textposition="outside",
                cliponaxis=False,
            )
        )
    # one bar per agency: stacking keeps each bar centred instead of leaving room for the other group
    return figure(
        traces,
        layout(
            i18n.t("activities.agencies_title", lang),
            _bar_height(len(frame)),
            lang,
            barmode="stack",
            legend={"traceorder": "normal"},
            yaxis={"categoryorder": "array", "categoryarray": order, "autorange": "reversed"},
            xaxis=_count_axis(i18n.t("activities.axis_count", lang)),
        ),
    )
