"""Data: upload a file of any kind — preview, detected columns, every row's outcome — then import all rows or only
the valid ones; the import log; XLSX templates and the data dictionary; boundaries; sources and licences."""

import streamlit as st

from kkb_dashboard import ui
from kkb_dashboard.plaintext import plain
from kkb_dashboard.rules import schema
from kkb_dashboard.storage import access, boundaries
from kkb_dashboard.views import data_page, templates
from kkb_dashboard.views.maps import layers

lang = ui.lang()
user = ui.current_user()
st.title(ui.tr("data_page.page_title"))
ui.view_header(ui.current_filters())
ui.data_source_note(ui.data_version())
upload, log, forms, shapes, sources, *people = st.tabs(
    [ui.tr(f"data_page.tab_{name}") for name in ("import", "log", "templates", "boundaries", "sources")]
    + ([ui.tr("access.tab_users")] if user.can_manage and ui.login_configured() else [])
)

with upload, ui.friendly_errors():
    if not user.can_import:
        st.info(ui.tr("access.viewer_no_import"))
    else:
        if user.scope is not None:
            st.caption(ui.tr("access.operator_scope", wilayah=access.scope_label(user.scope)))
        kind = st.selectbox(
            ui.tr("ui.kind"), list(schema.KINDS), key="upload_kind", format_func=lambda k: data_page.kind_label(k, lang)
        )
        uploaded = st.file_uploader(ui.tr("ui.file"), type=["xlsx", "xlsm", "csv", "parquet"], key="upload_file")
        sheet = ui.sheet_choice(uploaded)
        wilayah = st.text_input(
            ui.tr("ui.parent_region"), value=ui.selected_region(), help=ui.tr("ui.parent_help"), key="upload_wilayah"
        )
        if uploaded is None:
            st.caption(ui.tr("data_page.templates_help"))
        else:
            preview = ui.preview_upload(uploaded, kind, wilayah=wilayah, sheet=sheet)
            if preview.unusable:
                st.error(plain(f"{preview.file}: {preview.unusable}"))
                ui.data_errors_help()
            else:
                st.markdown(f"**{ui.tr('data_page.preview_heading')}**")
                ui.table(preview.preview, words=False, height=200, key="upload_preview")
                st.markdown(f"**{ui.tr('data_page.detected_heading')}**")
                ui.table(data_page.detected_columns(preview, lang), key="upload_columns")
                for column, (label, value) in zip(st.columns(3), data_page.counts(preview, lang), strict=True):
                    column.metric(ui.tr(label), value)
                st.markdown(f"**{ui.tr('data_page.outcomes_heading')}**")
                outcomes = data_page.row_outcomes(preview, lang)
                ui.table(outcomes, height=240, key="upload_outcomes")
                ui.table_downloads(outcomes, f"hasil_{kind}", "outcomes")
                if preview.errors:
                    st.error(ui.tr("ui.errors_heading", n=len(preview.errors)))
                    ui.table(data_page.issue_table(preview.errors), key="upload_errors")
                    ui.data_errors_help()
                if preview.warnings:
                    st.warning(ui.tr("ui.warnings_heading", n=len(preview.warnings)))
                    ui.table(data_page.issue_table(preview.warnings), key="upload_warnings")
                done = ui.upload_result(uploaded, kind, wilayah, sheet)
                imported = done is not None and done.import_id is not None
                left, right = st.columns(2)
                left.button(
                    ui.tr("ui.import_all"),
                    disabled=bool(preview.rows_rejected) or imported,
                    type="primary",
                    key="import_all",
                    on_click=ui.import_upload,
                    args=(kind, wilayah, sheet, False),
                )
                right.button(
                    ui.tr("ui.import_valid", n=preview.rows_imported),
                    key="import_valid",
                    disabled=not preview.rows_rejected or not preview.rows_imported or imported,
                    on_click=ui.import_upload,
                    args=(kind, wilayah, sheet, True),
                )
                if not preview.rows_imported:
                    st.info(ui.tr("data_page.nothing_valid"))
                if done is not None and not imported:
                    st.error(ui.tr("data_page.import_failed", reason=plain(done.unusable or done.file)))
                elif imported:
                    st.success(ui.tr("ui.imported", n=done.rows_imported, kind=kind))

with log, ui.friendly_errors():
    entries = ui.import_log(ui.data_version())
    if user.email and user.role == "operator" and st.toggle(ui.tr("access.only_mine"), value=True, key="log_mine"):
        entries = access.own_imports(entries, user.email)
    if entries.empty:
        st.info(ui.tr("data_page.log_empty"))
    else:
        ui.table(entries, first=ui.IMPORT_LOG_ORDER, key="import_log")
        ui.table_downloads(entries, "riwayat_impor", "import_log")

with forms, ui.friendly_errors():
    st.caption(ui.tr("data_page.templates_help"))
    buttons = st.columns(3)
    for number, kind in enumerate(schema.KINDS):
        buttons[number % 3].download_button(
            ui.tr("data_page.template_button", kind=kind),
            ui.cached(templates.template_xlsx, kind, lang),
            file_name=templates.template_name(kind),
            key=f"template_{kind}",
            icon=":material/download:",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",  # a template needs no rerun of the page
        )
    st.subheader(ui.tr("data_page.dictionary_heading"))
    dictionary = ui.cached(templates.data_dictionary, lang)
    ui.table(dictionary, key="data_dictionary")
    ui.table_downloads(dictionary, "kamus_data", "dictionary")

with shapes, ui.friendly_errors():
    st.caption(ui.tr("data_page.boundaries_help"))
    shipped = data_page.shipped_layers(lang)
    if shipped:  # what the map draws with no download
        st.markdown(ui.tr("data_page.boundaries_shipped") + "\n" + "".join(f"\n- {line}" for line in shipped))
    status = data_page.boundary_status(lang)
    if status.empty:
        st.info(ui.tr("data_page.boundaries_none"))
    else:
        st.markdown(ui.tr("data_page.boundaries_downloaded"))
        ui.table(status, key="boundary_status")
    if not user.can_manage:
        st.caption(ui.tr("access.admin_only_boundaries"))
    else:
        level = st.selectbox(
            ui.tr("data_page.level"),
            boundaries.LEVELS,
            key="boundary_level",
            format_func=lambda code: data_page.level_label(code, lang),
        )
        provinces = data_page.province_options()
        prov = st.selectbox(
            ui.tr("data_page.province"),
            list(provinces),
            format_func=provinces.get,
            index=None,
            placeholder=ui.tr("data_page.national"),
            key="boundary_prov",
        )
        if st.button(
            ui.tr("data_page.download_boundaries"),
            key="boundary_fetch",
            icon=":material/download:",
            disabled=data_page.needs_province(level) and not prov,
        ):
            bar = st.progress(0.0)
            result = boundaries.fetch(level, prov, lang=lang, progress=lambda part, text: bar.progress(part, text=text))
            layers.build_cached()  # the map's files now, not on the first visit to Peta
            for box, text in data_page.fetch_messages(result, lang):
                getattr(st, box)(text)

with sources:
    st.markdown(ui.tr("data_page.sources_codes"))
    st.markdown(boundaries.ATTRIBUTION[lang])
    with st.expander(ui.tr("data_page.license_heading")):
        st.code(boundaries.license_text(), language=None)
    st.caption(ui.tr("data_page.sources_demo"))
    ui.data_folder_note()  # the sources themselves are the lines above, once

for tab in people:  # admins, with login configured
    with tab, ui.friendly_errors():
        ui.users_admin(user)

ui.page_help("data")
