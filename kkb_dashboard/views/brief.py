"""The meeting brief: one self-contained HTML file that opens from disk with no network and prints on A4 — the
view in words, the KPIs, the tier donut and the activity trend, the map, progress toward the target, the Kampung KB
that stopped reporting, the villages closest to their next tier with the one change each needs, and the sources.

Every picture is drawn on the server by the same builders as the Ringkasan page (`charts.pictures` for the donut and
the trend, `maps.small_map` for the map), so the file needs no script at all. The page comes from the Jinja2
template `html/brief.html.j2` with autoescape: every text from data is escaped there; the pictures are markup the
builders have already escaped.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import jinja2
from markupsafe import Markup

from .. import i18n
from ..i18n import t
from ..rules.filters import Filters
from . import maps, meeting
from .charts import pictures


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kkb_dashboard.views", "html"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(m: meeting.Meeting, *, static_dir=None) -> str:
    """The brief of a gathered meeting as one HTML document."""
    lang = m.lang
    small_map = maps.small_map(m.f, m.values, lang, static_dir=static_dir) if len(m.values) else None
    return (
        _environment()
        .get_template("brief.html.j2")
        .render(
            lang=lang,
            title=t("exports.brief_title", lang, region=m.region),
            generated=t("exports.brief_generated", lang, date=i18n.format_date(m.generated, lang)),
            warning=t("exports.brief_synthetic", lang) if m.synthetic else "",
            headings={
                "filters": t("exports.brief_filters", lang),
                "kpis": t("exports.brief_kpis", lang),
                "charts": t("exports.brief_charts", lang),
                "tiers": t("exports.chart_tiers", lang, month=m.month),
                "map": t("meeting.map_heading", lang),
                "sources": t("exports.brief_sources", lang),
            },
            filters=m.filters_text,
            cards=meeting.kpi_cards(m.kpis, lang),
            # Markup the picture builders drew and escaped themselves (see charts.pictures, maps.small_map).
            donut=Markup(pictures.tier_donut(m.counts, lang, m.target_persen)),
            trend=Markup(pictures.monthly_trend(m.trend, lang)),
            map=Markup(small_map) if small_map else None,
            no_map=t("exports.brief_no_map", lang),
            tables=[meeting.progress_table(m), meeting.silent_table(m), meeting.closest_table(m)],
            sources=m.sources,
        )
    )


def brief_for(store, f: Filters, lang: str = "id", *, today: dt.date | None = None) -> str:
    """The meeting brief of a view (`meeting.gather`, then `render`)."""
    return render(meeting.gather(store, f, lang, today=today))


def brief_name(f: Filters) -> str:
    """The download's file name: `ringkasan_rapat_36.72_2024-12.html`."""
    return meeting.file_name(f, "ringkasan_rapat", "html")
