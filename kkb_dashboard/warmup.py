"""Server start-up: what the first page would otherwise do while its first visitor waits, done while that visitor's
browser is still loading the page's code — the imports (pandas, plotly, DuckDB, the dashboard's own modules) and the
region registry, then (while the first page starts) the national map outlines of Ringkasan's small map.

`streamlit run app.py` serves app.py's `st.App`, whose `lifespan` starts `prepare` in a background thread: the server
answers at once, and this work overlaps the browser's own start instead of following it. A page run calls `wait` before
its own imports, so the two never import at the same time. Light to import: nothing here imports more until the
thread runs.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
import time

log = logging.getLogger(__name__)

_started = threading.Event()
_done = threading.Event()
_first_run = threading.Event()
#: How long the layer build waits for the first visit's page to finish before it starts anyway (no visitor yet).
FIRST_RUN_WAIT_S = 10.0
#: After the first page run, the browser still fetches the page's element code and pictures from this server:
#: the layer build waits that long more, so it does not hold Python's lock while they are served.
AFTER_FIRST_RUN_S = 2.0


def prepare() -> None:
    """Import what the first page uses and read the region registry (any failure shows later, in the page), then
    set what is loaded by now aside from the garbage collector: modules and the 91,599-region registry live as long
    as the server, and every full collection would walk them again (a page rerun allocates enough to trigger one
    every few reruns). Pages may run from then on (`wait`); the national map outlines of Ringkasan's small map are
    read after that, while the first page draws what comes before its map (`svg` makes a page that needs them
    during the read wait for it rather than read them again)."""
    try:
        from . import ui  # noqa: F401
        from .rules import regions  # noqa: F401
        from .views import activities, brief, maps, tiers  # noqa: F401
        from .views.charts import pictures  # noqa: F401
        from .views.maps import svg

        regions.children("")  # reads the registry and indexes it by parent
        gc.freeze()  # no full collection first: the first page would wait for it
    except Exception:  # noqa: BLE001 — the page will import the same and show the error where it can be read
        log.exception("warm-up failed")
        return
    finally:
        _done.set()
    try:
        svg.read_national_outlines()  # the small map of Indonesia or of a province draws from these
    except Exception:  # noqa: BLE001 — the small map reads them itself and shows any error there
        log.exception("reading the map outlines failed")


def build_layers() -> None:
    """After `prepare` and the first visit's first page: the map's static file of every cached boundary layer that
    lacks a current one, so the first visit to Peta draws at once instead of building it (pages do not wait for
    this). Building a layer takes seconds of CPU: started earlier, it would slow the first page on 2 cores."""
    _done.wait()
    if _first_run.wait(FIRST_RUN_WAIT_S):
        time.sleep(AFTER_FIRST_RUN_S)
    try:
        from .views import charts
        from .views.maps import layers

        charts.use_plotly_white()  # for the first chart of another page
        layers.build_cached()
    except Exception:  # noqa: BLE001 — the Peta page builds what is still missing and shows any error there
        log.exception("building the map layers failed")


@contextlib.asynccontextmanager
async def lifespan(_app):
    """`st.App` lifespan: `prepare`, then `build_layers` (after the first page), in background threads while the
    server starts answering."""
    _started.set()
    threading.Thread(target=prepare, name="kkb-warm-up", daemon=True).start()
    threading.Thread(target=build_layers, name="kkb-map-layers", daemon=True).start()
    yield


def run_ended() -> None:
    """A page run has ended (app.py calls this after each): the first one lets `build_layers` start."""
    _first_run.set()


def wait() -> None:
    """Until the start-up's imports and registry are ready (at once when it never started: AppTest, or a script run
    on its own)."""
    if _started.is_set():
        _done.wait()
