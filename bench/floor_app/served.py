"""The floor app (`app.py`) served as the dashboard serves itself: `streamlit run served.py` finds `app`, an `st.App`,
so the pages run under the same server stack and start-up settings as the dashboard's `app.py`.

With `FLOOR_IMPORTS=1` in the environment, the server's start-up also imports the libraries the dashboard's first
page reads its data with (pandas, NumPy, PyArrow, DuckDB) in a background thread, as `kkb_dashboard.warmup` does,
and a visit that starts before they are imported waits for them. On 2 cores they are usually imported before the
visit's script starts: what they add is their CPU beside the browser loading the page. No data is read and no
dashboard code is imported."""

import contextlib
import os
import runpy
import threading
from pathlib import Path

import streamlit as st

_started = threading.Event()
_done = threading.Event()


def _import_data_libraries() -> None:
    try:
        import duckdb  # noqa: F401
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    finally:
        _done.set()


@contextlib.asynccontextmanager
async def _lifespan(_app):
    if os.environ.get("FLOOR_IMPORTS") == "1":
        _started.set()
        threading.Thread(target=_import_data_libraries, name="floor-imports", daemon=True).start()
    yield


if __name__ != "__main__":  # imported by `streamlit run`: the server, set up as the dashboard's app.py sets it up
    from streamlit import delta_generator
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False  # the first visit needs no extra run to leave the pages/ mode
    delta_generator._use_warning_has_been_displayed = True  # no REPL check on the first element
    app = st.App(__file__, lifespan=_lifespan)
else:  # a visit's run: the floor app's pages, once the start-up's imports (if any were started) are done
    import served  # the module the server imported (a visit runs this file as a new script): its events

    if served._started.is_set():  # never set when no server started them (AppTest, a plain `python served.py`)
        served._done.wait()
    runpy.run_path(str(Path(__file__).with_name("app.py")), run_name="__main__")
