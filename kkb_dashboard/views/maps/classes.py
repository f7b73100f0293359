"""Classes and colours of a map: class edges, the legend's ticks, the stepped colour scale, each region's fill."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ...i18n import t
from ..charts import NO_KAMPUNG_COLOR, SEQUENTIAL, TIER_COLORS
from .measures import METRICS, TIER_METRIC, format_value, measure_frame


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


def one_per_value(edges: list[float], values) -> bool:
    """Does every value have a class of its own (few distinct values)? Then the legend names values, not ranges."""
    return set(pd.Series(values, dtype="float64").dropna()) == set(edges[:-1])


def legend_ticks(edges: list[float], values, metric: str, lang: str = "id") -> tuple[list[float], list[str]]:
    """Where the legend's ticks go and what they say: each class's value at its middle when every value has a
    class of its own, else the class edges. For whole numbers an edge reads as the first number of the class above
    it (an edge of 8.4 between "5 – 8" and "9 – 13" reads "9"), the top edge as the largest value."""
    if one_per_value(edges, values):
        return class_middles(edges), [format_value(e, metric, lang) for e in edges[:-1]]
    if whole_numbers(metric, values):
        shown = [*map(math.ceil, edges[:-1]), math.floor(edges[-1])]
        return edges, [format_value(e, metric, lang) for e in shown]
    return edges, [format_value(e, metric, lang) for e in edges]


def class_middles(edges: list[float]) -> list[float]:
    """The middle of each class: a value the interactive map can colour without landing on a class's edge."""
    return [(a + b) / 2 for a, b in zip(edges, edges[1:], strict=False)]


def whole_numbers(metric: str, values) -> bool:
    """Is `metric` a measure of whole numbers: a built-in one shown with no decimals (Kampung KB, days), or an
    imported indicator whose values are all finite whole numbers?"""
    if metric in METRICS:
        return METRICS[metric].decimals == 0
    shown = pd.Series(values, dtype="float64").dropna().to_numpy()
    return bool(np.all(np.isfinite(shown) & (shown == np.floor(shown))))


#: Which of the five Viridis classes to use for fewer classes: spread from light to dark.
_PICKS = {1: (3,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}


def class_colors(count: int) -> list[str]:
    """`count` (1–5) Viridis colours, light to dark."""
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
    index = int(class_indexes([value], edges)[0])
    return None if index < 0 else index


def class_indexes(values, edges: list[float]) -> np.ndarray:
    """The class index of each of `values`, -1 for a missing one (the grey of zero and no data)."""
    numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(dtype="float64")
    if len(edges) < 2:
        return np.full(len(numbers), -1)
    found = np.clip(np.searchsorted(edges, numbers, side="right") - 1, 0, len(edges) - 2)
    return np.where(np.isnan(numbers), -1, found)


def zero_means_none(values) -> pd.Series:
    """The values as floats with 0 turned into NaN: on the map zero and no data share one grey class."""
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").astype("float64")
    return numbers.where(numbers != 0)


def feature_colors(values: pd.DataFrame, metric: str, lang: str = "id") -> tuple[dict[str, str], list[tuple]]:
    """Code → fill colour, and the legend as (colour, label) pairs, the same classes as the plotly map."""
    frame, _ = measure_frame(values, metric)
    if metric == TIER_METRIC:
        palette = {None: NO_KAMPUNG_COLOR, **TIER_COLORS}
        colors = {
            k: palette.get(v if isinstance(v, str) else None)
            for k, v in zip(frame["kode"].tolist(), frame["value"].tolist(), strict=True)
        }
        return colors, [(NO_KAMPUNG_COLOR, t("maps.no_kampung", lang)), *[(c, k) for k, c in TIER_COLORS.items()]]
    shown = zero_means_none(frame["value"].to_numpy())
    edges = class_breaks(shown)
    steps = class_colors(len(edges) - 1) if edges else []
    palette = [*steps, NO_KAMPUNG_COLOR]  # index -1: missing
    colors = dict(zip(frame["kode"].tolist(), (palette[i] for i in class_indexes(shown, edges)), strict=True))
    if edges and one_per_value(edges, shown):
        legend = [(c, format_value(edges[i], metric, lang)) for i, c in enumerate(steps)]
    else:
        legend = list(zip(steps, class_labels(edges, shown, metric, lang), strict=True))
    return colors, [(NO_KAMPUNG_COLOR, t("maps.zero_or_no_data", lang)), *legend]


def class_labels(edges: list[float], values, metric: str, lang: str = "id") -> list[str]:
    """The legend's text of each class of `class_breaks`. A measure of whole numbers — a built-in one shown with
    no decimals (Kampung KB, days), or an imported indicator whose values are all whole — reads as the numbers each
    class holds: "1 – 4", "5 – 7", "8 – 234" for edges 1, 4.2, 7.4, 234, so no value seems to sit in two classes.
    Other measures read as the edges their classes share ("20 – 40")."""
    whole = whole_numbers(metric, values)
    labels = []
    for index, (low, high) in enumerate(zip(edges, edges[1:], strict=False)):
        # A class holds its lower edge up to, not including, the next one; the last one also holds its top.
        first, last = math.ceil(low), (math.floor(high) if index == len(edges) - 2 else math.ceil(high) - 1)
        if whole and first == last:
            labels.append(format_value(first, metric, lang))
        elif whole and first < last:
            labels.append(f"{format_value(first, metric, lang)} – {format_value(last, metric, lang)}")
        else:
            labels.append(f"{format_value(low, metric, lang)} – {format_value(high, metric, lang)}")
    return labels
