"""The overview's server-drawn charts: the tier donut and the monthly trend say on hover what the data says, in
the language's number format, with every slice and bar sized by its value."""

from __future__ import annotations

import html
import math
import re

import pandas as pd
import pytest

from kkb_dashboard.views.charts import TIER_COLORS, pictures
from kkb_dashboard.views.charts.activities import COUNT_COLOR

COUNTS = {"Dasar": 10, "Berkembang": 6, "Mandiri": 3, "Berkelanjutan": 1}


def _titles(markup: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", markup)]


def _slices(markup: str) -> dict[str, float]:
    """Tier colour → the length of its dash on the ring."""
    return {
        color: float(length)
        for color, length in re.findall(
            r'stroke="(#[0-9a-f]{6})" stroke-width="40" stroke-dasharray="([\d.]+) ', markup
        )
    }


def test_donut_names_each_tier_with_count_and_share():
    markup = pictures.tier_donut(COUNTS, "id", target_persen=40)
    assert _titles(markup) == [
        "Dasar: 10 (50,0 %)",
        "Berkembang: 6 (30,0 %)",
        "Mandiri: 3 (15,0 %)",
        "Berkelanjutan: 1 (5,0 %)",
    ]
    assert ">20,0 %<" in markup  # Mandiri plus in the middle: 4 of 20
    assert ">target 40 %<" in markup
    on_slices = re.findall(r'pointer-events="none">([^<]+)<tspan[^>]*>([^<]+)</tspan>', markup)
    assert on_slices == [("10", "50,0 %"), ("6", "30,0 %"), ("3", "15,0 %"), ("1", "5,0 %")]
    small = pictures.tier_donut({"Dasar": 99, "Mandiri": 1})
    assert re.findall(r'pointer-events="none">([^<]+)<tspan', small) == ["99"]  # a 1 % slice is too small to label


def test_donut_slices_are_sized_by_count_and_close_the_ring():
    slices = _slices(pictures.tier_donut(COUNTS, "en"))
    ring = 2 * math.pi * 70
    assert slices == pytest.approx({TIER_COLORS[t]: ring * n / 20 for t, n in COUNTS.items()}, abs=0.01)
    assert sum(slices.values()) == pytest.approx(ring, abs=0.05)


def test_donut_in_english_and_without_kampung_kb():
    assert "Dasar: 1,200 (100.0%)" in _titles(pictures.tier_donut({"Dasar": 1200}, "en"))
    empty = pictures.tier_donut({}, "id")
    assert _slices(empty) == {} and ">–<" in empty  # no share to show, no slice drawn
    assert "target" not in empty


def _trend(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["periode", "jumlah", "peserta"])


def test_trend_names_both_figures_of_every_month():
    markup = pictures.monthly_trend(_trend([("2024-01", 1200, 5400), ("2024-02", 0, 0), ("2024-03", 300, 900)]))
    assert _titles(markup) == [
        "Jan 2024\nKegiatan: 1.200\nPeserta: 5.400",
        "Feb 2024\nKegiatan: 0\nPeserta: 0",
        "Mar 2024\nKegiatan: 300\nPeserta: 900",
    ]
    assert "Tren kegiatan per bulan" in markup


def test_trend_bars_are_as_tall_as_their_values_on_one_scale():
    markup = pictures.monthly_trend(_trend([("2024-01", 400, 10), ("2024-02", 100, 20), ("2024-02", 100, 0)]))
    heights = [float(h) for h in re.findall(rf'height="([\d.]+)" fill="{COUNT_COLOR}"', markup)]
    assert len(heights) == 2  # rows of one month are added up
    assert heights[0] == pytest.approx(2 * heights[1])
    points = re.search(r'<polyline points="([^"]+)"', markup).group(1).split()
    assert len(points) == 2 and float(points[0].split(",")[1]) > float(points[1].split(",")[1])  # 10 below 20


def test_trend_axis_covers_the_largest_month_with_round_steps():
    markup = pictures.monthly_trend(_trend([("2024-01", 23_456, 1)]), "en")
    ticks = [int(t.replace(",", "")) for t in re.findall(r'text-anchor="end">([\d,]+)</text>', markup)]
    assert ticks == [0, 10_000, 20_000, 30_000]


def test_trend_labels_at_most_eight_months():
    months = pd.period_range("2023-01", "2024-12", freq="M").strftime("%Y-%m")
    markup = pictures.monthly_trend(_trend([(m, 5, 5) for m in months]))
    assert len(_titles(markup)) == 24
    assert len(re.findall(r'text-anchor="middle">\w{3} \d{4}</text>', markup)) <= 8
