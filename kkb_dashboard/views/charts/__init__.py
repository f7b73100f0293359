"""Plotly chart builders (pure: data in, figure out). Shared here: the tier colours and common layout.

Colours are readable by colour-blind people: tiers use ColorBrewer's PuOr diverging scheme (orange = Dasar,
dark purple = Berkelanjutan, so "Mandiri plus" reads as the purples); numbers use Viridis classes.
"""

from __future__ import annotations

import functools

import plotly.graph_objects as go

from kkb_dashboard.rules import schema


@functools.cache
def use_plotly_white() -> None:
    """Make plotly's `plotly_white` its default template, once, before the first figure: the specification sent is
    the same as with `update_layout(template="plotly_white")` on each figure, which copies the whole template every
    time. Not on import: loading the template is a noticeable part of the server's start-up work, and the first page
    (Ringkasan, drawn as pictures) makes no figure."""
    import plotly.io as pio

    pio.templates.default = "plotly_white"


TIER_COLORS = {"Dasar": "#e66101", "Berkembang": "#fdb863", "Mandiri": "#b2abd2", "Berkelanjutan": "#5e3c99"}
NO_KAMPUNG_COLOR = "#e5e5e5"
#: Five Viridis classes, light to dark (numeric maps, heatmaps): none of them grey, which is the colour of zero and
#: of no data on every map and chart (as the map's caption says).
SEQUENTIAL = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
TARGET_COLOR = "#c51b7d"

assert tuple(TIER_COLORS) == schema.TIERS

#: The plotly mode bar: keep the PNG download (charts as pictures for slides), drop the rest of the clutter.
CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
}


#: Plotly's number separators (decimal, thousands) per language: 24,28 and 1.161 in Bahasa Indonesia.
SEPARATORS = {"id": ",.", "en": ".,"}


def separators(lang: str) -> str:
    """Plotly's `separators` for the language (Bahasa Indonesia's for an unknown one)."""
    return SEPARATORS.get(lang, SEPARATORS["id"])


def layout(title: str | None = None, height: int = 380, lang: str = "id", **more: object) -> dict:
    """Projector-friendly defaults (larger type, no chart junk, legend below, the language's number format) as a
    layout dict, with `more` on top (a dict merged into the default of the same name). Give it whole to
    `figure(…)` (or `go.Figure(…, layout=…)`): one pass, where each `update_*` call would check and copy again."""
    out = {
        "title": {"text": title} if title else None,
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        "font": {"size": 14},
        # Streamlit's chart theme writes ticks, legend and hover text at 12 px unless the figure names a size:
        # named here, so every chart's text is at least 14 px, readable on a projector.
        "xaxis": {"tickfont": {"size": 14}},
        "yaxis": {"tickfont": {"size": 14}},
        "legend": {"orientation": "h", "y": -0.15, "font": {"size": 14}},
        "hoverlabel": {"font": {"size": 14}},
        "separators": separators(lang),
    }
    for key, value in more.items():
        out[key] = {**out[key], **value} if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def base_layout(fig: go.Figure, title: str | None = None, height: int = 380, lang: str = "id") -> go.Figure:
    """`layout`'s defaults applied to a figure already made."""
    fig.update_layout(layout(title, height, lang))
    return fig


def figure(data: dict | list[dict], layout: dict) -> go.Figure:
    """A figure from plotly's plain form: traces as dicts (each with its `type`) and a `layout` dict.

    Plotly checks and copies every property as a figure is built, a large share of a chart-heavy page's time. The
    builders' output is checked by the tests instead — each builder's figure, rebuilt with
    plotly's checks on, gives the same JSON (`tests/test_charts.py`) — so here the checks are off (plotly's
    figure-level `_validate` switch). Give plain values or numpy arrays, nested dicts rather than `marker_color`.
    """
    use_plotly_white()
    traces = [data] if isinstance(data, dict) else data
    return go.Figure(data=[_set(trace) for trace in traces], layout=_set(layout), _validate=False)


def _set(spec: dict) -> dict:
    """`spec` without the properties given as None: plotly reads None as "not set" and leaves them out."""

    def inner(value):
        if isinstance(value, dict):
            return _set(value)
        return [_set(v) for v in value] if isinstance(value, list) and value and isinstance(value[0], dict) else value

    return {key: inner(value) for key, value in spec.items() if value is not None}


def scale(colors: tuple[str, ...] | list[str]) -> list[list]:
    """Colours spread evenly from 0 to 1, as plotly's colorscale pairs."""
    return [[i / (len(colors) - 1), color] for i, color in enumerate(colors)]


def zero_grey_scale(colors: tuple[str, ...] | list[str], zmax: float) -> list[list]:
    """A colorscale for counts on `zmin=0 … zmax`: 0 in the no-data grey (as on the map), then `colors` spread over
    1 … `zmax`, so a cell with nothing in it never takes a colour of the scale."""
    top = max(float(zmax), 1.0)
    cut = 0.5 / top
    last = len(colors) - 1
    # the last stop exactly 1: plotly.js draws a scale ending at 1.0000000000000002 in its default red–blue
    spread = [[1.0 if i == last else cut + (1 - cut) * i / last, color] for i, color in enumerate(colors)]
    return [[0, NO_KAMPUNG_COLOR], [cut, NO_KAMPUNG_COLOR], *spread]
