"""Ringkasan: the region at a glance — coverage, Mandiri plus against the target, activity, silence, the tier
mix, the monthly trend and a small map — and the meeting brief to take away."""

import streamlit as st

from kkb_dashboard import activities, brief, charts, metrics, regions, tierviews, ui
from kkb_dashboard.charts import activities as activity_charts
from kkb_dashboard.charts import tiers as tier_charts

f = ui.current_filters()
lang = ui.lang()
st.title(ui.tr("ui.page_ringkasan") + " — " + regions.name_of(f.wilayah))
ui.data_source_note(ui.data_version())

with ui.friendly_errors():
    if not f.sampai:
        st.info(ui.tr("ui.no_data"))
        st.stop()
    kpis = ui.cached(metrics.kpis, f)
    ui.kpi_cards(kpis)
    left, right = st.columns(2)
    counts = ui.cached(tierviews.region_counts, f)
    left.plotly_chart(tier_charts.tier_distribution(counts, lang, kpis["target_persen"]), config=charts.CONFIG,
                      key="ringkasan_tiers")
    right.plotly_chart(activity_charts.monthly_trend(ui.cached(activities.trend, f, None), lang),
                       config=charts.CONFIG, key="ringkasan_trend")
    ui.small_map(f)
    st.download_button(ui.tr("ui.brief_download"), data=lambda: ui.cached(brief.brief_for, f, lang),
                       file_name=brief.brief_name(f), mime="text/html", icon=":material/summarize:",
                       type="primary", help=ui.tr("ui.brief_help"))
