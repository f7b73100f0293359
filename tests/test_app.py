"""The app as a whole in AppTest on the demo data: the link reopens the view, bad parameters fall back with a
notice, the language switch, a first request to a page URL still runs under app.py, and `streamlit run` finds
its server there."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _sidebar(at: AppTest) -> dict:
    return {
        w.key: w.value
        for w in [*at.sidebar.selectbox, *at.sidebar.multiselect, *at.sidebar.select_slider, *at.sidebar.radio]
    }


def test_a_link_reopens_the_same_view(demo_db):
    at = _app(
        wilayah="36.72", dari="2023-03", sampai="2023-12", tingkat="Mandiri,Berkelanjutan", kegiatan="BKB", lang="en"
    )
    assert not at.exception
    widgets = _sidebar(at)
    assert (widgets["w_prov"], widgets["w_kab"], widgets["w_kec"]) == ("36", "36.72", None)
    assert widgets["w_bulan"] == ("2023-03", "2023-12")
    assert widgets["w_tingkat"] == ["Mandiri", "Berkelanjutan"] and widgets["w_kegiatan"] == ["BKB"]
    assert widgets["w_lang"] == "en" and at.title[0].value == "Overview — Kota Cilegon"
    # … and the view is written back into the link, so copying it gives the same view again
    expected = {
        "wilayah": "36.72",
        "dari": "2023-03",
        "sampai": "2023-12",
        "tingkat": "Mandiri,Berkelanjutan",
        "kegiatan": "BKB",
        "lang": "en",
    }
    assert {key: at.query_params.get(key) for key in expected} == expected


def test_changing_the_region_updates_the_link_and_survives_a_page_switch(demo_db):
    at = _app()
    at.selectbox(key="w_prov").set_value("36").run()
    at.selectbox(key="w_kab").set_value("36.04").run()
    assert at.query_params["wilayah"] == "36.04"
    at.switch_page("pages/kegiatan.py").run()
    assert not at.exception and any("Kabupaten Serang" in c.value for c in at.caption)
    assert _sidebar(at)["w_kab"] == "36.04"


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"wilayah": "99.99"}, "wilayah=99.99"),
        ({"sampai": "2024-13"}, "sampai=2024-13"),
        ({"tingkat": "Juara"}, "tingkat=Juara"),
    ],
)
def test_a_bad_link_parameter_falls_back_with_a_notice(demo_db, params, shown):
    at = _app(**params)
    assert not at.exception
    assert any(shown in w.value for w in at.warning)
    assert at.title[0].value.startswith("Ringkasan")


def test_language_switch_changes_every_label(demo_db):
    at = _app(wilayah="36.04")
    assert at.title[0].value == "Ringkasan — Kabupaten Serang" and at.metric[0].label == "Kampung KB"
    at.radio(key="w_lang").set_value("en").run()
    assert at.title[0].value == "Overview — Kabupaten Serang"
    assert at.metric[1].label == "Mandiri plus" and at.metric[2].label == "Activities last month"
    assert at.query_params["lang"] == "en"


@pytest.mark.folder_mode
def test_a_first_request_to_a_page_url_still_runs_under_app_py(demo_db):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.query_params["wilayah"] = "36.72"
    at.run()
    at.switch_page("pages/klasifikasi.py").run()  # AppTest starts each run in the pages/ folder mode
    assert not at.exception
    assert _sidebar(at)["w_kab"] == "36.72"  # the sidebar of app.py ran, with the view from the link
    assert "Kota Cilegon" in at.title[0].value


def test_streamlit_run_serves_app_py_with_its_start_up_work():
    """`streamlit run app.py` finds the server in app.py; importing it starts no visit (no page runs, nothing
    heavy is imported before the server answers), leaves Streamlit's old `pages/` folder mode off, so the first
    visit runs once, and marks Streamlit's REPL check (a walk over the first page's call stack) as done; the
    start-up work imports what the first page needs and reads the national map outlines of its small map, but not
    python-pptx (only a click on the deck's button needs it)."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(REPO / "app.py")
    assert found.is_asgi_app and found.app_name == "app"
    probe = (
        "import sys, app, streamlit as st; assert isinstance(app.app, st.App); "
        "assert 'kkb_dashboard.ui' not in sys.modules and 'kkb_dashboard.views.metrics' not in sys.modules; "
        "from streamlit.runtime.pages_manager import PagesManager; assert PagesManager.uses_pages_directory is False; "
        "from streamlit import delta_generator; assert delta_generator._use_warning_has_been_displayed; "
        "from kkb_dashboard import warmup; warmup.prepare(); warmup.wait(); "
        "assert {'kkb_dashboard.ui', 'kkb_dashboard.views.charts.pictures'} <= set(sys.modules); "
        "assert 'pptx' not in sys.modules; "
        "from kkb_dashboard.views.maps import svg; assert svg._read_outlines.cache_info().currsize == 2; "
        "import gc; assert gc.get_freeze_count() > 10_000"
    )  # what is loaded by then is set aside from the GC
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_map_layers_are_built_after_the_first_page(monkeypatch):
    """The start-up's layer build (seconds of CPU) waits until the first visit's page has run, so it does not slow
    that page down on 2 cores; then it builds."""
    from kkb_dashboard import warmup
    from kkb_dashboard.views.maps import layers

    built = threading.Event()
    monkeypatch.setattr(layers, "build_cached", built.set)
    monkeypatch.setattr(warmup, "_done", threading.Event())
    monkeypatch.setattr(warmup, "_first_run", threading.Event())
    monkeypatch.setattr(warmup, "AFTER_FIRST_RUN_S", 0.0)
    warmup._done.set()  # `prepare` has finished
    worker = threading.Thread(target=warmup.build_layers, daemon=True)
    worker.start()
    assert not built.wait(0.5)  # no page has run yet
    warmup.run_ended()
    assert built.wait(10)
    worker.join(10)
