"""Ringkasan: the region's Kampung KB coverage, tier counts and this month's activities."""

import streamlit as st

from kkb_dashboard import i18n, regions, ui

wilayah = ui.selected_region()
st.title(ui.tr("ui.page_ringkasan") + " — " + regions.name_of(wilayah))
version = ui.data_version()
ui.data_source_note(version)

with ui.friendly_errors():
    data = ui.summary(wilayah, None, version)
    lang = ui.lang()
    cols = st.columns(3)
    cols[0].metric(ui.tr("ui.kpi_kampung"), i18n.format_number(data["jumlah_kampung"], lang=lang))
    cols[1].metric(ui.tr("ui.kpi_cakupan"), i18n.format_percent(data["cakupan_persen"], lang=lang),
                   help=ui.tr("ui.kpi_cakupan_help", desa=i18n.format_number(data["jumlah_desa"], lang=lang)))
    cols[2].metric(ui.tr("ui.kpi_periode"), i18n.format_month(data["periode"], lang) if data["periode"] else "–")
    st.subheader(ui.tr("ui.tiers_heading"))
    st.bar_chart(data["klasifikasi"], horizontal=True)
    st.subheader(ui.tr("ui.activities_heading", month=i18n.format_month(data["periode"], lang)
                       if data["periode"] else "–"))
    st.bar_chart({k: v for k, v in data["kegiatan"].items() if v}, horizontal=True)
