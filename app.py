"""Dasbor Kampung KB — entry point: page config, navigation and the shared sidebar (language, region)."""

import streamlit as st

from kkb_dashboard import ui

st.set_page_config(page_title="Dasbor Kampung KB", page_icon=":material/holiday_village:", layout="wide")
ui.sidebar()
pages = [
    st.Page("pages/ringkasan.py", title=ui.tr("ui.page_ringkasan"), icon=":material/dashboard:",
            url_path="ringkasan", default=True),
    st.Page("pages/data.py", title=ui.tr("ui.page_data"), icon=":material/upload_file:", url_path="data"),
]
st.navigation(pages).run()
