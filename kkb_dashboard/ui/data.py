"""The data every page reads: the language, the store, its version, and calls cached on plain keys.

Cache keys are plain values (region code, month, the store's modification time), never DataFrames, so an
import shows up on the next rerun and nothing heavy is recomputed on a rerun that changes nothing.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import threading

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from .. import i18n
from ..storage.importer import ensure_data
from ..storage.store import Store
from ..storage.store import version as store_version
from ..views import tables

log = logging.getLogger(__name__)

#: The import log's columns a user reads first (file, time, rows read / imported / rejected, who).
IMPORT_LOG_ORDER = tables.IMPORT_LOG_ORDER


# --- language ----------------------------------------------------------------------------------------------


def under_app() -> None:
    """Make sure the run goes through app.py (st.navigation), never a page file on its own.

    A `pages/` folder beside app.py makes Streamlit start a session in its old folder mode when the first request
    names a page URL (e.g. a shared link to /peta): it then runs that page without app.py, so no sidebar and no
    filters. Switching the old mode off and rerunning once puts the session back under app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def lang() -> str:
    """The chosen language: `id` unless the user switched to English."""
    under_app()
    return st.session_state.get("_view", {}).get("lang", i18n.DEFAULT_LANGUAGE)


def tr(key: str, **values: object) -> str:
    """`i18n.t` in the chosen language."""
    return i18n.t(key, lang(), **values)


# --- data --------------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _database() -> str:
    return str(ensure_data())


def database() -> str:
    """The store: a DuckDB file path or a `postgresql://` URL; the demo is loaded on a first local start."""
    return _database()


@st.cache_data(show_spinner=False, ttl=2)
def _version(target: str) -> float:
    return store_version(target)


def data_version() -> float:
    """Changes whenever an import lands (file time, or the database's latest import): part of every cache key.
    Read at most every 2 seconds, so a page's many cached calls do not each open the database."""
    return _version(database())


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_call(name: str, args: tuple, version: float):
    module_name, _, qualname = name.partition(":")
    func = getattr(importlib.import_module(module_name), qualname)
    if next(iter(inspect.signature(func).parameters), None) == "store":
        with Store(database(), read_only=True) as store:
            return func(store, *args)
    return func(*args)


def cached(func, *args):
    """`func(*args)` cached on its name, the plain hashable `args` and the store's version; a function whose
    first parameter is `store` gets a read-only Store. Never pass DataFrames (they would be the cache key)."""
    return _cached_call(_name(func), args, data_version())


def _name(func) -> str:
    return f"{func.__module__}:{func.__qualname__}"


def prefetch(*calls: tuple) -> None:
    """Start the page's data calls early, `(func, *args)` each as `cached` takes them, in one helper thread that
    works from the last to the first while the page asks for them from the first: DuckDB runs a query without
    Python's lock, so on 2 cores the two overlap. Each result is computed once (the cache holds a lock per key),
    and an error is left for the page's own call to show."""
    ctx = get_script_run_ctx()
    version = data_version()

    def work() -> None:
        for func, *args in reversed(calls):
            try:
                _cached_call(_name(func), tuple(args), version)
            except Exception:  # noqa: BLE001 — not cached: the page's own call raises it where it is shown
                log.debug("prefetch of %s failed", func.__qualname__, exc_info=True)

    helper = threading.Thread(target=work, name="kkb-prefetch", daemon=True)
    add_script_run_ctx(helper, ctx)
    helper.start()


@st.cache_data(show_spinner=False)
def import_log(version: float) -> pd.DataFrame:
    """The import log, newest first."""
    with Store(database(), read_only=True) as store:
        return store.import_log()
