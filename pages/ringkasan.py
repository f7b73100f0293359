"""Ringkasan: the region at a glance — coverage, Mandiri plus against the target, activity, silence, the tier
mix, the monthly trend and a small map — and the meeting brief to take away."""

import streamlit as st

from kkb_dashboard import ui
from kkb_dashboard.rules import regions
from kkb_dashboard.views import activities, brief, meeting, metrics, tiers
from kkb_dashboard.views.charts import pictures


def deck_file(f, lang: str) -> bytes:
    """The meeting deck, made when its button is clicked: python-pptx and the map picture's modules load then, not
    on the page's first run."""
    from kkb_dashboard.views import deck

    return ui.cached(deck.deck_for, f, lang)


f = ui.current_filters()
lang = ui.lang()
if f.sampai:  # the page's queries (the headline's figures first), overlapping its drawing
    ui.prefetch((metrics.kpis, f), (tiers.region_counts, f), (activities.cells, f), (metrics.region_table, f))
st.title(ui.tr("ui.page_ringkasan") + " — " + regions.name_of(f.wilayah))
ui.view_header(f, ui.cached(metrics.kpis, f) if f.sampai else None)  # the cards' figures
ui.data_source_note(ui.data_version())

with ui.friendly_errors():
    if not f.sampai:
        st.info(ui.tr("ui.no_data"))
        st.stop()
    kpis = ui.cached(metrics.kpis, f)
    ui.kpi_cards(kpis)
    left, right = st.columns([2, 3])
    counts = ui.cached(tiers.region_counts, f)
    left.markdown(pictures.tier_donut(counts, lang, kpis["target_persen"]), unsafe_allow_html=True)
    monthly = activities.trend(ui.cached(activities.cells, f), f)
    right.markdown(pictures.monthly_trend(monthly, lang), unsafe_allow_html=True)
    ui.small_map(f)
    downloads = st.container(horizontal=True)
    downloads.download_button(
        ui.tr("ui.brief_download"),
        data=lambda: ui.cached(brief.brief_for, f, lang),
        file_name=brief.brief_name(f),
        mime="text/html",
        icon=":material/summarize:",
        type="primary",
        help=ui.tr("ui.brief_help"),
        on_click="ignore",  # no rerun: a rerun would drop the file Streamlit is still building for this click
    )
    downloads.download_button(
        ui.tr("meeting.deck_download"),
        data=lambda: deck_file(f, lang),
        file_name=meeting.deck_name(f),
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:",
        help=ui.tr("meeting.deck_help"),
        on_click="ignore",
    )

ui.page_help("ringkasan")
