"""Maps of the view (pure: data in, figure out): which measure (`measures`), its classes and colours (`classes`),
the plotly choropleth (`choropleth`), the overview's small SVG map (`svg`) and its PNG (`png`), the standalone
Leaflet map (`leaflet`); the static layer files they draw from (`layers`, `geometry`).

The names below are what pages, the brief and the tests call as `maps.X`.
"""

from .choropleth import (
    FONT_URL,
    LABEL_FONT,
    LABEL_FONT_FILE,
    LABEL_LAYER,
    LEGEND_CHARS,
    LEGEND_WIDTH,
    choropleth,
    desa_card,
    label_features,
    label_text,
    legend_title,
    map_style,
    table_for,
    tier_mix,
)
from .classes import class_breaks, class_colors, class_of, feature_colors, legend_ticks, stepped_scale
from .leaflet import folium_download, folium_html, folium_map
from .measures import (
    INDICATOR,
    METRICS,
    TIER_METRIC,
    Metric,
    default_metric,
    desa_level,
    format_value,
    indicator_names,
    indicator_values,
    known_metric,
    metric_label,
    metric_options,
    unit_text,
)
from .svg import small_map

__all__ = [
    "FONT_URL",
    "INDICATOR",
    "LABEL_FONT",
    "LABEL_FONT_FILE",
    "LABEL_LAYER",
    "LEGEND_CHARS",
    "LEGEND_WIDTH",
    "METRICS",
    "TIER_METRIC",
    "Metric",
    "choropleth",
    "class_breaks",
    "class_colors",
    "class_of",
    "default_metric",
    "desa_card",
    "desa_level",
    "feature_colors",
    "folium_download",
    "folium_html",
    "folium_map",
    "format_value",
    "indicator_names",
    "indicator_values",
    "known_metric",
    "label_features",
    "label_text",
    "legend_ticks",
    "legend_title",
    "map_style",
    "metric_label",
    "metric_options",
    "small_map",
    "stepped_scale",
    "table_for",
    "tier_mix",
    "unit_text",
]
