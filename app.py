"""Dasbor Kampung KB — entry point: page config, the shared sidebar (language, region, months, tiers, activity
types — all kept in the link) and navigation between the six pages.

`streamlit run app.py` imports this file to find `app`, the server (an `st.App` whose start-up prepares what the
first page needs, see `kkb_dashboard.warmup`); each visit then runs it as a script (`__name__ == "__main__"`).
"""

import streamlit as st

from kkb_dashboard import warmup

if __name__ != "__main__":  # imported by `streamlit run`: the server
    from streamlit import delta_generator
    from streamlit.runtime.pages_manager import PagesManager

    # Every visit runs app.py and its `st.navigation`, which switches Streamlit's old `pages/` folder mode off;
    # switched off before the first visit, that visit needs no extra run to leave it (`ui._under_app`).
    PagesManager.uses_pages_directory = False
    # At a process's first element Streamlit checks whether it runs in a Python REPL, to warn that an app is
    # started with `streamlit run`: the check walks the first page's whole call stack and reads each frame's
    # source file, on that page's time. This process is `streamlit run`, so the warning never applies.
    delta_generator._use_warning_has_been_displayed = True
    app = st.App(__file__, lifespan=warmup.lifespan)
else:  # a visit's run
    warmup.wait()
    from kkb_dashboard import ui

    # The tab icon is a file in the repository: a `:material/…:` icon would be fetched from a font host.
    st.set_page_config(page_title="Dasbor Kampung KB", page_icon=ui.ICON, layout="wide")
    user = ui.gate()  # with login configured: only registered users get past this line
    ui.sidebar()
    ui.account_box(user)
    ui.page_style()
    # Ringkasan is the default page, served at the app's root ("/?wilayah=…"). Streamlit still reserves a default
    # page's own url_path without serving it, so the default takes an address no link uses and a hidden page owns
    # /ringkasan: it sends the visitor to the root with the link's parameters, and a link to /ringkasan?… reopens
    # the same view instead of "Page not found".
    home = st.Page(
        "pages/ringkasan.py",
        title=ui.tr("ui.page_ringkasan"),
        icon=":material/dashboard:",
        url_path="beranda",
        default=True,
    )
    pages = [
        home,
        st.Page(lambda: ui.go_to(home), title=ui.tr("ui.page_ringkasan"), url_path="ringkasan", visibility="hidden"),
        st.Page("pages/peta.py", title=ui.tr("maps.page_title"), icon=":material/map:", url_path="peta"),
        st.Page(
            "pages/kegiatan.py", title=ui.tr("activities.page_title"), icon=":material/event_note:", url_path="kegiatan"
        ),
        st.Page(
            "pages/klasifikasi.py",
            title=ui.tr("tierviews.page_klasifikasi"),
            icon=":material/military_tech:",
            url_path="klasifikasi",
        ),
        st.Page(
            "pages/simulasi.py",
            title=ui.tr("tierviews.page_simulasi"),
            icon=":material/query_stats:",
            url_path="simulasi",
        ),
        st.Page(
            "pages/tindak_lanjut.py",
            title=ui.tr("followup.page_title"),
            icon=":material/checklist:",
            url_path="tindak_lanjut",
        ),
        st.Page("pages/data.py", title=ui.tr("ui.page_data"), icon=":material/upload_file:", url_path="data"),
    ]
    try:
        with ui.friendly_errors():  # anything a page does not catch itself: a sentence and an error id, no traceback
            st.navigation(pages).run()
        with ui.friendly_errors():  # after the page: the plotly chart code, loaded while the reader looks at it
            ui.chart_code_ahead()
    finally:
        warmup.run_ended()
