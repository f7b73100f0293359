"""The overview's two charts as SVG pictures drawn on the server (pure: data in, HTML out): the tier donut and
the monthly activity trend.

Ringkasan is the page everyone opens first. Drawn as plotly figures, its two charts would make the browser load and run
plotly's bundle before the page is usable. As pictures they show with the page, on any PC. Each part names its value on
hover (SVG `<title>`), and the numbers are written the language's way. The same charts with plotly's zoom and PNG
download are on Klasifikasi, Kegiatan and in the meeting brief. Every text goes through `html.escape`.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from kkb_dashboard.rules import schema

from ...i18n import format_number, format_percent, t
from . import TIER_COLORS
from .activities import COUNT_COLOR, PEOPLE_COLOR, short_month

_CAPTION = '<figcaption style="font-size:14px;line-height:1.8">{}</figcaption>'


def _key(color: str, text: str, line: bool = False) -> str:
    """One legend entry: a colour swatch (a square, or a short line) and its text."""
    shape = "height:3px;width:16px;margin-bottom:3px" if line else "height:12px;width:12px;border:1px solid #999"
    return (
        f'<span style="white-space:nowrap;margin-right:12px"><span style="display:inline-block;{shape};'
        f'background:{color};vertical-align:middle;margin-right:4px"></span>{escape(text)}</span>'
    )


# ---------------------------------------------------------------------------------------------- tier donut


def tier_donut(counts: dict, lang: str = "id", target_persen: float | None = None) -> str:
    """Kampung KB per tier as a donut (`tiers.region_counts`), the Mandiri-plus share and target in the middle,
    each tier's count and share in the legend and on hover."""
    values = {tier: int(counts.get(tier, 0)) for tier in schema.TIERS}
    total = sum(values.values())
    ring = 2 * math.pi * 70  # circumference of the ring's centre line (radius 70 of a 200 × 200 picture)
    slices, labels, keys, start = [], [], [], 0.0
    for tier, n in values.items():
        share = 100 * n / total if total else 0.0
        text = f"{tier}: {format_number(n, lang=lang)} ({format_percent(share, 1, lang)})"
        keys.append(_key(TIER_COLORS[tier], text))
        if n:  # a slice is a dash of the ring's stroke, starting at 12 o'clock, clockwise
            length = ring * n / total
            slices.append(
                f'<circle cx="100" cy="100" r="70" fill="none" stroke="{TIER_COLORS[tier]}" '
                f'stroke-width="40" stroke-dasharray="{length:.2f} {ring - length:.2f}" '
                f'stroke-dashoffset="{-start:.2f}" transform="rotate(-90 100 100)">'
                f"<title>{escape(text)}</title></circle>"
            )
            if share >= 5:  # its count and share on the slice, readable from the back of a meeting room
                labels.append(_slice_label(tier, n, share, (start + length / 2) / ring, lang))
            start += length
    plus = values["Mandiri"] + values["Berkelanjutan"]
    centre = [("Mandiri plus", 13), (format_percent(100 * plus / total if total else None, 1, lang), 20)]
    if target_persen is not None:
        centre.append((t("tierviews.donut_target", lang, value=format_percent(target_persen, 0, lang)), 13))
    lines = "".join(
        f'<text x="100" y="{100 + 20 * (i - (len(centre) - 1) / 2) + 6:.0f}" font-size="{size}" '
        f'text-anchor="middle">{escape(text)}</text>'
        for i, (text, size) in enumerate(centre)
    )
    label = escape(t("tierviews.donut_label", lang))
    svg = (
        f'<svg viewBox="0 0 200 200" role="img" aria-label="{label}" style="width:100%;height:auto;'
        f'max-height:280px;display:block">{"".join(slices)}{"".join(labels)}{lines}</svg>'
    )
    hover = "<style>.kkb-tier-donut circle:hover{opacity:.8}</style>"
    return f'{hover}<figure class="kkb-tier-donut" style="margin:0">{svg}{_CAPTION.format("".join(keys))}</figure>'


#: Tiers dark enough for white text on their slice.
_DARK_TIERS = frozenset({"Dasar", "Berkelanjutan"})


def _slice_label(tier: str, n: int, share: float, turn: float, lang: str) -> str:
    """Count and share in the middle of a slice whose centre is `turn` (0–1) of the way round from 12 o'clock."""
    angle = 2 * math.pi * turn - math.pi / 2
    x, y = 100 + 70 * math.cos(angle), 100 + 70 * math.sin(angle)
    fill = "#fff" if tier in _DARK_TIERS else "#222"
    return (
        f'<text x="{x:.1f}" y="{y - 2:.1f}" font-size="12" text-anchor="middle" fill="{fill}" '
        f'pointer-events="none">{format_number(n, lang=lang)}<tspan x="{x:.1f}" dy="13">'
        f"{format_percent(share, 1, lang)}</tspan></text>"
    )


# ---------------------------------------------------------------------------------------------- monthly trend

_W, _H, _LEFT, _RIGHT, _TOP, _BOTTOM = 640, 280, 60, 60, 12, 38
#: Axis text in picture units: the trend is drawn about 540 px wide beside the donut at 1366 px (13 px text) and
#: wider in presentation mode, with the sidebar folded (over 14 px).
_TICK = 15


def _nice_top(value: float) -> tuple[float, float]:
    """(axis top, tick step): four or five round steps (1, 2 or 5 × 10^k) that cover `value`."""
    if value <= 0:
        return 1.0, 0.25
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return step * math.ceil(value / step), step


def _axis(top: float, step: float, x: float, anchor: str, lang: str) -> str:
    """Tick labels of a value axis at `x`, with grid lines for the left one."""
    out, value = [], 0.0
    while value <= top + step / 2:
        y = _TOP + (_H - _TOP - _BOTTOM) * (1 - value / top)
        if anchor == "end":
            out.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        decimals = 0 if step >= 1 else 2
        out.append(
            f'<text x="{x}" y="{y + 5:.1f}" font-size="{_TICK}" text-anchor="{anchor}">'
            f"{format_number(value, decimals, lang)}</text>"
        )
        value += step
    return "".join(out)


def monthly_trend(frame: pd.DataFrame, lang: str = "id") -> str:
    """Activities per month as bars, participants as a line on the right axis (`activities.trend`: periode,
    jumlah, peserta); hovering a month names both figures."""
    data = frame.groupby("periode", as_index=False)[["jumlah", "peserta"]].sum().sort_values("periode")
    months = list(data["periode"])
    count_label, people = t("activities.axis_count", lang), t("activities.axis_participants", lang)
    top_n, step_n = _nice_top(float(data["jumlah"].max()) if months else 0.0)
    top_p, step_p = _nice_top(float(data["peserta"].max()) if months else 0.0)
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    slot = plot_w / max(len(months), 1)
    every = max(1, math.ceil(len(months) / 8))  # at most 8 month labels, so they never overlap
    bars, points, labels, hovers = [], [], [], []
    for i, (month, n, p) in enumerate(zip(months, data["jumlah"], data["peserta"], strict=True)):
        x = _LEFT + slot * i
        height = plot_h * n / top_n
        bars.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{_TOP + plot_h - height:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{height:.1f}" fill="{COUNT_COLOR}"/>'
        )
        points.append((x + slot / 2, _TOP + plot_h * (1 - p / top_p)))
        if i % every == 0:
            labels.append(
                f'<text x="{x + slot / 2:.1f}" y="{_H - 12}" font-size="{_TICK}" text-anchor="middle">'
                f"{escape(short_month(month, lang))}</text>"
            )
        tip = (
            f"{short_month(month, lang)}\n{count_label}: {format_number(n, lang=lang)}\n"
            f"{people}: {format_number(p, lang=lang)}"
        )
        hovers.append(
            f'<rect data-hover x="{x:.1f}" y="{_TOP}" width="{slot:.1f}" height="{plot_h}" '
            f'fill="#000" fill-opacity="0"><title>{escape(tip)}</title></rect>'
        )
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PEOPLE_COLOR}"/>' for x, y in points)
    title = t("activities.trend_title", lang)
    svg = (
        f'<svg viewBox="0 0 {_W} {_H}" role="img" aria-label="{escape(title)}" style="width:100%;height:auto;'
        f'display:block">{_axis(top_n, step_n, _LEFT - 6, "end", lang)}'
        f"{_axis(top_p, step_p, _W - _RIGHT + 6, 'start', lang)}{''.join(bars)}"
        f'<polyline points="{line}" fill="none" stroke="{PEOPLE_COLOR}" stroke-width="3"/>{dots}'
        f"{''.join(labels)}{''.join(hovers)}</svg>"
    )
    caption = _CAPTION.format(
        f'<span style="font-size:15px;font-weight:600">{escape(title)}</span><br>'
        f"{_key(COUNT_COLOR, count_label)}{_key(PEOPLE_COLOR, people, line=True)}"
    )
    hover = "<style>.kkb-trend rect[data-hover]:hover{fill-opacity:.08}</style>"
    return f'{hover}<figure class="kkb-trend" style="margin:0">{caption}{svg}</figure>'
