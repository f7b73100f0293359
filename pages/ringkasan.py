"""Ringkasan: the region at a glance — coverage, Mandiri plus against the target, activity, silence; the brief."""

import streamlit as st

from kkb_dashboard import metrics, regions, ui

f = ui.current_filters()
st.title(ui.tr("ui.page_ringkasan") + " — " + regions.name_of(f.wilayah))
ui.data_source_note(ui.data_version())

with ui.friendly_errors():
    if not f.sampai:
        st.info(ui.tr("ui.no_data"))
        st.stop()
    ui.kpi_cards(ui.cached(metrics.kpis, f))
