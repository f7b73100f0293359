"""Tindak lanjut: what changed since the last meeting (`?rapat=2024-06`) — tier moves, newly silent and reporting
again, Mandiri plus then and now against the target, new Kampung KB — and per kecamatan the Kampung KB to follow
up: silent ones, and those closest to their next tier with the one change each needs; as tables, XLSX and text
ready to paste into a chat message."""

import streamlit as st

from kkb_dashboard import i18n, ui
from kkb_dashboard.rules import regions
from kkb_dashboard.views import followup

f = ui.current_filters()
lang = ui.lang()
region = regions.name_of(f.wilayah)
st.title(ui.tr("followup.page_title") + " — " + region)
ui.view_header(f)
ui.data_source_note(ui.data_version())

with ui.friendly_errors():
    if not f.sampai:
        st.info(ui.tr("followup.no_month"))
        st.stop()
    month = i18n.format_month(f.sampai, lang)
    if not ui.cached(followup.kampung_count, f):
        st.info(ui.tr("followup.no_kampung", region=region, month=month))
        st.stop()
    st.caption(ui.tr("followup.scope", region=region, month=month))

    # --- since the last meeting -------------------------------------------------------------------------------
    st.subheader(ui.tr("followup.since_heading"))
    choices = followup.meeting_choices(ui.months(ui.data_version()), f.sampai)
    since = None
    if not choices:
        st.info(ui.tr("followup.no_earlier", month=month))
    else:
        with st.columns([1, 3])[0]:
            rapat = ui.meeting_month(choices, followup.default_meeting(choices, f.sampai))
        since = ui.cached(followup.since_meeting, f, rapat)
        for column, card in zip(st.columns(4), followup.cards(since, lang), strict=True):
            column.metric(
                card["label"],
                card["value"],
                card["delta"],
                help=card["help"],
                delta_color="normal" if card["signed"] else "off",
                delta_arrow="auto" if card["signed"] else "off",
            )
        for line in followup.progress_texts(since, region, lang):
            st.write(line)
        rapat_text = i18n.format_month(rapat, lang)
        lists = [
            ("moves", "followup.tab_moves", "followup.none_moves", "pindah"),
            ("newly_silent", "followup.tab_silent", "followup.none_silent", "baru_tidak_melapor"),
            ("reporting_again", "followup.tab_again", "followup.none_again", "kembali_melapor"),
            ("new_kampung", "followup.tab_new", "followup.none_new", "kampung_baru"),
        ]
        tabs = st.tabs([ui.tr(label, n=i18n.format_number(len(since[key]), lang=lang)) for key, label, _, _ in lists])
        for tab, (key, _, empty, name) in zip(tabs, lists, strict=True):
            with tab:
                if since[key].empty:
                    st.info(ui.tr(empty, rapat=rapat_text))
                    continue
                table = followup.shown(since[key], lang)
                ui.table(table)
                ui.table_downloads(table, f"sejak_rapat_{rapat}_{name}_{f.wilayah or 'id'}_{f.sampai}", f"fu_{key}")

    # --- follow-up lists per kecamatan ----------------------------------------------------------------------------
    st.subheader(ui.tr("followup.lists_heading"))
    if f.level < 2:
        st.info(ui.tr("followup.lists_level"))
        st.stop()
    silent = ui.cached(followup.silent_list, f)
    closest = ui.cached(followup.closest_list, f, lang)
    st.markdown("**" + ui.tr("followup.silent_heading", n=i18n.format_number(len(silent), lang=lang)) + "**")
    if silent.empty:
        st.success(ui.tr("followup.silent_none"))
    else:
        table = followup.shown(silent, lang)
        ui.table(table)
        ui.table_downloads(table, f"tidak_melapor_{f.wilayah}_{f.sampai}", "fu_silent_list")
    st.markdown("**" + ui.tr("followup.closest_heading", n=followup.CLOSEST_PER_KECAMATAN) + "**")
    if closest.empty:
        st.info(ui.tr("followup.closest_none"))
    else:
        table = followup.shown(closest, lang)
        # the change wide and wrapped: each one read without hovering or scrolling sideways
        change = i18n.t("followup.col.perubahan", lang)
        ui.table(
            table,
            column_config={change: st.column_config.TextColumn(width=followup.CHANGE_WIDTH)},
            row_height=followup.change_row_height(closest["perubahan"]),
        )
        ui.table_downloads(table, f"paling_dekat_naik_{f.wilayah}_{f.sampai}", "fu_closest_list")

    st.markdown("**" + ui.tr("followup.chat_heading") + "**")
    st.caption(ui.tr("followup.chat_help"))
    text = followup.chat_text(
        region, f.sampai, silent, closest, lang, followup.since_text(since, lang) if since else ""
    )
    st.code(text, language=None, wrap_lines=True, height=min(320, 48 + 24 * text.count("\n")))
    st.download_button(
        ui.tr("followup.download_txt"),
        text.encode("utf-8"),
        file_name=f"tindak_lanjut_{f.wilayah}_{f.sampai}.txt",
        mime="text/plain",
        key="fu_chat_txt",
        icon=":material/download:",
        on_click="ignore",
    )

ui.page_help("tindak_lanjut")
