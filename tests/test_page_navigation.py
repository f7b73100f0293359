"""Every file in pages/ is a page of the app: app.py's `st.navigation` registers it under its address
(`ui.PAGE_PATHS`), and opening it through app.py runs it with the sidebar's view, no exception and its title."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_app

from kkb_dashboard import ui

PAGES = sorted(path.stem for path in (Path(__file__).resolve().parents[1] / "pages").glob("*.py"))


def test_every_page_file_has_an_address_and_every_address_a_page():
    assert PAGES == sorted(ui.PAGE_PATHS)


def test_app_registers_every_address_and_serves_ringkasan_at_the_root(demo_db):
    at = open_app(None, {"wilayah": "36.72"})
    assert not at.exception
    registered = {info["url_pathname"]: info for info in at._registered_pages.values()}
    assert set(ui.PAGE_PATHS) <= set(registered)  # a link to /peta, /ringkasan … names a page
    assert Path(registered[""]["script_path"]).name == "ringkasan.py"  # the root is Ringkasan
    for path in set(ui.PAGE_PATHS) - {"ringkasan"}:
        assert Path(registered[path]["script_path"]).name == f"{path}.py"


@pytest.mark.parametrize("page", PAGES)
def test_each_page_opens_through_app_py_with_the_linked_view(demo_db, page):
    at = open_app(page, {"wilayah": "36.72", "lang": "en"})  # fails when app.py does not register the page
    assert not at.exception, at.exception
    assert at.sidebar.radio  # app.py's sidebar ran around the page
    name = next(
        i["page_name"] for i in at._registered_pages.values() if i.get("script_path", "").endswith(page + ".py")
    )
    assert at.title and at.title[0].value.startswith(name), ([t.value for t in at.title], name)  # this page ran
    assert at.query_params["wilayah"] in ("36.72", ["36.72"])  # with the view from the link
