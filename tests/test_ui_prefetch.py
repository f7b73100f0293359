"""`ui.prefetch`: a page's data calls started early in a helper thread are each computed once, the page gets the
same results as without it, and an error is left for the page's own call to show."""

from __future__ import annotations

import threading
import time

from streamlit.testing.v1 import AppTest

CALLS: list[int] = []
_LOCK = threading.Lock()


def slow(x: int) -> int:
    """A data call that takes a while, counting how often it runs."""
    time.sleep(0.05)
    with _LOCK:
        CALLS.append(x)
    return 10 * x


def broken() -> None:
    raise ValueError("no such month")


def _page() -> None:
    import streamlit as st
    from test_ui_prefetch import CALLS, broken, slow

    from kkb_dashboard import ui

    ui.prefetch(*((slow, x) for x in range(6)), (broken,))
    st.write(str([ui.cached(slow, x) for x in range(6)]))
    try:
        ui.cached(broken)
    except ValueError as error:
        st.write(f"error: {error}")
    st.write(str(sorted(CALLS)))


def test_prefetch_computes_each_call_once_and_leaves_errors_to_the_page(demo_db):
    CALLS.clear()
    at = AppTest.from_function(_page, default_timeout=30).run()
    assert not at.exception
    shown = [m.value for m in at.markdown]
    assert shown[0] == str([0, 10, 20, 30, 40, 50])
    assert shown[1] == "error: no such month"
    assert shown[2] == str([0, 1, 2, 3, 4, 5])  # each once: the helper and the page never computed one twice
