"""Data: upload a file, see every row's outcome, import all or only the valid rows; the import log; sources."""

import streamlit as st

from kkb_dashboard import schema, ui

st.title(ui.tr("ui.page_data"))
version = ui.data_version()
ui.data_source_note(version)

st.subheader(ui.tr("ui.upload_heading"))
kind = st.selectbox(ui.tr("ui.kind"), list(schema.KINDS), key="upload_kind",
                    format_func=lambda k: f"{k} — {schema.KINDS[k].description}")
uploaded = st.file_uploader(ui.tr("ui.file"), type=["xlsx", "csv", "parquet"], key="upload_file")
sheet = ui.sheet_choice(uploaded)
wilayah = st.text_input(ui.tr("ui.parent_region"), value=ui.selected_region(), help=ui.tr("ui.parent_help"))

if uploaded is not None:
    with ui.friendly_errors():
        preview = ui.run_import(uploaded, kind, wilayah=wilayah, sheet=sheet, skip_invalid=False, dry_run=True)
        ui.show_report(preview)
        if not preview.unusable:
            left, right = st.columns(2)
            all_rows = left.button(ui.tr("ui.import_all"), disabled=bool(preview.rows_rejected), type="primary")
            valid_only = right.button(ui.tr("ui.import_valid", n=preview.rows_imported),
                                      disabled=not preview.rows_rejected or not preview.rows_imported)
            if all_rows or valid_only:
                done = ui.run_import(uploaded, kind, wilayah=wilayah, sheet=sheet, skip_invalid=valid_only,
                                     dry_run=False)
                st.success(ui.tr("ui.imported", n=done.rows_imported if done.import_id else 0, kind=kind))

st.subheader(ui.tr("ui.log_heading"))
st.dataframe(ui.import_log(ui.data_version()), hide_index=True)
st.subheader(ui.tr("ui.sources_heading"))
ui.attribution()
