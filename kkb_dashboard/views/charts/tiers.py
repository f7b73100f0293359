"""Tier charts (pure: data in, `go.Figure` out): the region's tier donut, tiers per sub-region against the
target, the transition matrix, and baseline vs scenario side by side.

Tier order is always `schema.TIERS`, coloured with `TIER_COLORS`; region names go through `html.escape`
because plotly renders hover and tick text as HTML.
"""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

from kkb_dashboard.rules import schema

from ...i18n import format_number, format_percent, t
from . import SEQUENTIAL, TARGET_COLOR, TIER_COLORS, figure, layout, zero_grey_scale


def tier_distribution(
    counts: dict, lang: str = "id", target_persen: float | None = None, title: str | None = None
) -> go.Figure:
    """A donut of Kampung KB per tier for a whole region, the Mandiri-plus share (and target) in the middle."""
    tiers = list(schema.TIERS)
    values = [int(counts.get(tier, 0)) for tier in tiers]
    total = sum(values)
    share = 100 * (counts.get("Mandiri", 0) + counts.get("Berkelanjutan", 0)) / total if total else None
    slices = [(format_number(v, 0, lang), format_percent(100 * v / total if total else None, 1, lang)) for v in values]
    centre = t("tierviews.donut_center", lang, share=format_percent(share, 1, lang))
    if target_persen is not None:
        centre += "<br>" + t("tierviews.donut_target", lang, value=format_percent(target_persen, 0, lang))
    return figure(
        dict(
            type="pie",
            labels=tiers,
            values=values,
            hole=0.55,
            sort=False,
            direction="clockwise",
            marker={"colors": [TIER_COLORS[tier] for tier in tiers]},
            # count and share written by us, as on the cards (52,0 %), not plotly's own percent (52%)
            text=[f"{number}<br>{percent}" for number, percent in slices],
            textinfo="text",
            textposition="inside",
            insidetextorientation="horizontal",
            customdata=[f"{number} ({percent})" for number, percent in slices],
            hovertemplate="%{label}: %{customdata}<extra></extra>",
        ),
        layout(title, 380, lang, annotations=[{"text": centre, "showarrow": False, "font": {"size": 16}}]),
    )


def tier_bars(
    table: pd.DataFrame,
    lang: str = "id",
    percent: bool = True,
    target_persen: float | None = None,
    title: str | None = None,
) -> go.Figure:
    """Stacked tier bars per sub-region (`tiers.distribution` rows), as % of its Kampung KB or counts.

    In % mode the Mandiri-plus share is drawn as markers against a target line at `target_persen`; in count
    mode each sub-region's target count (`target_mandiri_plus`) is a marker.
    """
    names = [escape(str(n)) for n in table["nama"]]
    total = table["jumlah_kampung"].where(table["jumlah_kampung"] > 0)
    traces = []
    for tier in (tier for tier in schema.TIERS if tier in table):
        y = (100 * table[tier] / total).round(2) if percent else table[tier]
        traces.append(
            dict(
                type="bar",
                x=names,
                y=list(y),
                name=tier,
                marker={"color": TIER_COLORS[tier]},
                # the hover in the user's format: "205 (52,0 %)" / "205 (52.0%)", not plotly's bare "(52,0)"
                customdata=[
                    [format_number(n, lang=lang), format_percent(p, 1, lang)]
                    for n, p in zip(table[tier], y, strict=True)
                ],
                hovertemplate=f"%{{x}}<br>{tier}: %{{customdata[0]}} (%{{customdata[1]}})<extra></extra>"
                if percent
                else f"%{{x}}<br>{tier}: %{{customdata[0]}}<extra></extra>",
            )
        )
    if percent:
        traces += _share_and_target(names, table, target_persen, lang)
    elif "target_mandiri_plus" in table and table["target_mandiri_plus"].notna().any():
        traces.append(
            dict(
                type="scatter",
                x=names,
                y=list(table["target_mandiri_plus"].to_numpy(dtype=float, na_value=float("nan"))),
                mode="markers",
                name=t("tierviews.target_count", lang),
                marker={"symbol": "line-ew-open", "size": 28, "color": TARGET_COLOR, "line": {"width": 3}},
            )
        )
    axis = t("tierviews.axis_persen" if percent else "tierviews.axis_jumlah", lang)
    # legend: tiers in reading order, not plotly's reversed stack order
    return figure(
        traces,
        layout(
            title,
            420,
            lang,
            barmode="stack",
            # above the bars: below them it covered the sub-regions' names, which take the room they need there
            # (plotly_white's automargin, named here so a template change cannot undo it)
            legend={"traceorder": "normal", "y": 1.02, "yanchor": "bottom"},
            xaxis={"automargin": True},
            yaxis={"title": {"text": axis}, "range": [0, 105] if percent else None},
        ),
    )


def _share_and_target(names: list[str], table: pd.DataFrame, target: float | None, lang: str) -> list[dict]:
    out = [
        dict(
            type="scatter",
            x=names,
            y=list(table["mandiri_plus_persen"]),
            mode="markers",
            name=t("tierviews.mandiri_plus_share", lang),
            marker={"symbol": "diamond", "size": 12, "color": "#000000", "line": {"color": "#ffffff", "width": 1}},
            customdata=[format_percent(v, 1, lang) for v in table["mandiri_plus_persen"]],
            hovertemplate="%{x}<br>Mandiri plus: %{customdata}<extra></extra>",
        )
    ]
    if target is not None:
        out.append(
            dict(
                type="scatter",
                x=names,
                y=[float(target)] * len(names),
                mode="lines+markers",
                name=t("tierviews.target_line", lang, value=format_percent(target, 0, lang)),
                line={"color": TARGET_COLOR, "dash": "dash", "width": 3},
                marker={
                    "symbol": "line-ew",
                    "size": 28,
                    "color": TARGET_COLOR,
                    "line": {"color": TARGET_COLOR, "width": 3},
                },
                hovertemplate=f"Target: {format_percent(target, 0, lang)}<extra></extra>",
            )
        )
    return out


def transition_heatmap(
    matrix: pd.DataFrame, lang: str = "id", month_a: str = "", month_b: str = "", title: str | None = None
) -> go.Figure:
    """The from × to count matrix of `tiers.transition` as an annotated heatmap (rows: the earlier tier)."""
    tiers = list(schema.TIERS)
    z = matrix.reindex(index=tiers, columns=tiers, fill_value=0).to_numpy().tolist()
    text = [[format_number(v, 0, lang) for v in row] for row in z]
    top = max([v for row in z for v in row] + [1])
    return figure(
        dict(
            type="heatmap",
            z=z,
            x=tiers,
            y=tiers,
            text=text,
            texttemplate="%{text}",
            # 0 cells in the map's no-data grey; 1 and up from light to dark
            colorscale=zero_grey_scale(SEQUENTIAL, top),
            zmin=0,
            zmax=top,
            showscale=False,
            hovertemplate="%{y} → %{x}: %{z}<extra></extra>",
        ),
        layout(
            title,
            400,
            lang,
            xaxis={"title": {"text": t("tierviews.trans_x", lang, month=month_b)}},
            yaxis={"title": {"text": t("tierviews.trans_x", lang, month=month_a)}, "autorange": "reversed"},
        ),
    )


def scenario_bars(counts: pd.DataFrame, lang: str = "id", title: str | None = None) -> go.Figure:
    """Baseline and scenario side by side (`tiers.simulate`'s "counts"): two panels of horizontal stacked
    tier bars sharing the sub-region axis, so even 30 kecamatan stay readable."""
    names = [escape(str(n)) for n in counts["nama"]]
    # Kampung KB are counted whole: with at most 5 in a sub-region plotly would tick 0.5, 1.5…
    sides = [counts[[f"{tier.lower()}_{side}" for tier in schema.TIERS]].sum(axis=1) for side in ("awal", "skenario")]
    top = max([int(total.max()) for total in sides if len(total)] + [1])
    whole = {"dtick": 1, "range": [0, top * 1.05]} if top <= 5 else {}
    traces, axes, titles = [], {}, []
    for i, (side, key, domain) in enumerate(
        (("awal", "tierviews.baseline", [0.0, 0.48]), ("skenario", "tierviews.scenario", [0.52, 1.0]))
    ):
        panel = "" if i == 0 else "2"  # the layout plotly's make_subplots(1, 2, shared_yaxes=True) makes
        for tier in schema.TIERS:
            traces.append(
                dict(
                    type="bar",
                    y=names,
                    x=[int(v) for v in counts[f"{tier.lower()}_{side}"]],
                    name=tier,
                    orientation="h",
                    marker={"color": TIER_COLORS[tier]},
                    legendgroup=tier,
                    showlegend=i == 0,
                    hovertemplate=f"%{{y}}<br>{tier}: %{{x}}<extra></extra>",
                    xaxis=f"x{panel}",
                    yaxis=f"y{panel}",
                )
            )
        axes[f"xaxis{panel}"] = {
            "anchor": f"y{panel}",
            "domain": domain,
            "title": {"text": t("tierviews.axis_jumlah", lang)},
            "tickfont": {"size": 14},  # the second panel's too, not only the layout's default first axis
            **whole,
        }
        axes[f"yaxis{panel}"] = (
            {"anchor": "x", "domain": [0.0, 1.0], "autorange": "reversed"}
            if i == 0
            else {"anchor": "x2", "domain": [0.0, 1.0], "matches": "y", "showticklabels": False}
        )
        titles.append(
            {
                "text": t(key, lang),
                "font": {"size": 16},
                "showarrow": False,
                "x": sum(domain) / 2,
                "xanchor": "center",
                "xref": "paper",
                "y": 1.0,
                "yanchor": "bottom",
                "yref": "paper",
            }
        )
    return figure(
        traces,
        layout(
            title,
            max(320, 140 + 24 * len(names)),
            lang,
            barmode="stack",
            # below the axis titles whatever the height: a legend placed on the plot's scale sat on them when
            # there were only a few sub-regions (three provinces)
            legend={"traceorder": "normal", "yref": "container", "y": 0, "yanchor": "bottom"},
            margin={"b": 60},
            annotations=titles,
            **axes,
        ),
    )
