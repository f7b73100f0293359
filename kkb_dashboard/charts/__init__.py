"""Plotly chart builders (pure: data in, figure out). Shared here: the tier colours and common layout.

Colours are readable by colour-blind people: tiers use ColorBrewer's PuOr diverging scheme (orange = Dasar,
dark purple = Berkelanjutan, so "Mandiri plus" reads as the purples); numeric maps use Cividis classes.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from .. import schema

#: Every figure starts from plotly's `plotly_white`, set once as plotly's default template: the specification sent
#: is the same as with `update_layout(template="plotly_white")` on each figure, which copies the whole template
#: (~6 ms a figure, a third of the Kegiatan page's time).
pio.templates.default = "plotly_white"

TIER_COLORS = {"Dasar": "#e66101", "Berkembang": "#fdb863", "Mandiri": "#b2abd2", "Berkelanjutan": "#5e3c99"}
NO_KAMPUNG_COLOR = "#e5e5e5"
#: Five Cividis classes, light to dark (for numeric choropleths).
SEQUENTIAL = ("#fee838", "#c4b56c", "#7f7c75", "#3f4d6b", "#00204d")
TARGET_COLOR = "#c51b7d"

assert tuple(TIER_COLORS) == schema.TIERS

#: The plotly mode bar: keep the PNG download (charts as pictures for slides), drop the rest of the clutter.
CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2},
          "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"]}


#: Plotly's number separators (decimal, thousands) per language: 24,28 and 1.161 in Bahasa Indonesia.
SEPARATORS = {"id": ",.", "en": ".,"}


def base_layout(fig: go.Figure, title: str | None = None, height: int = 380, lang: str = "id") -> go.Figure:
    """Projector-friendly defaults: larger type, no chart junk, legend below, the language's number format."""
    fig.update_layout(title=title, height=height, margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
                      font={"size": 14}, legend={"orientation": "h", "y": -0.15},
                      separators=SEPARATORS.get(lang, SEPARATORS["id"]))
    return fig
