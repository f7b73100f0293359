"""The meeting brief: one self-contained HTML file that opens from disk with no network and prints on A4 — the
view in words, the KPIs, the tier donut and the activity trend, the map, progress toward the target, the Kampung KB
that stopped reporting, and the sources.

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

from . import i18n, maps, meeting
from .charts import pictures
from .filters import Filters
from .i18n import t


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kkb_dashboard", "html"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def kpi_cards(kpis: dict, lang: str = "id") -> list[dict[str, str]]:
    """The overview's four cards (label, value, detail) from `metrics.kpis`, in the language's number format."""
    return [_card_kampung(kpis, lang), _card_plus(kpis, lang), _card_activity(kpis, lang), _card_stale(kpis, lang)]


def _card(label: str, value: str, detail: str) -> dict[str, str]:
    return {"label": label, "value": value, "detail": detail}


def _card_kampung(k: dict, lang: str) -> dict[str, str]:
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
    return _card(t("exports.kpi_kampung", lang), i18n.format_number(k.get("jumlah_kampung"), lang=lang), detail)


def _card_plus(k: dict, lang: str) -> dict[str, str]:
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
    return _card(t("exports.kpi_plus", lang), i18n.format_percent(k.get("mandiri_plus_persen"), lang=lang), detail)


def _card_activity(k: dict, lang: str) -> dict[str, str]:
    before = t("exports.kpi_activity_detail", lang, n=i18n.format_number(k.get("kegiatan_bulan_lalu"), lang=lang))
    return _card(t("exports.kpi_activity", lang), i18n.format_number(k.get("kegiatan_bulan_ini"), lang=lang), before)


def _card_stale(k: dict, lang: str) -> dict[str, str]:
    return _card(
        t("exports.kpi_stale", lang),
        i18n.format_number(k.get("tanpa_laporan_3_bulan"), lang=lang),
        t("exports.kpi_stale_detail", lang),
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
            cards=kpi_cards(m.kpis, lang),
            # Markup the picture builders drew and escaped themselves (see charts.pictures, maps.small_map).
            donut=Markup(pictures.tier_donut(m.counts, lang, m.target_persen)),
            trend=Markup(pictures.monthly_trend(m.trend, lang)),
            map=Markup(small_map) if small_map else None,
            no_map=t("exports.brief_no_map", lang),
            tables=[meeting.progress_table(m), meeting.silent_table(m)],
            sources=m.sources,
        )
    )


def brief_for(store, f: Filters, lang: str = "id", *, today: dt.date | None = None) -> str:
    """The meeting brief of a view (`meeting.gather`, then `render`)."""
    return render(meeting.gather(store, f, lang, today=today))


def brief_name(f: Filters) -> str:
    """The download's file name: `ringkasan_rapat_36.72_2024-12.html`."""
    return meeting.file_name(f, "ringkasan_rapat", "html")
