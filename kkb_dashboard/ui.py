"""The one module that imports streamlit: cached loaders, the shared sidebar and small widgets for the pages.

Cache keys are plain values (region code, month, the store's modification time), never DataFrames, so an
import shows up on the next rerun and nothing heavy is recomputed on a rerun that changes nothing.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import logging
import tempfile
import threading
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from . import config, filters, headline, i18n, metrics, presentation, regions, schema, tables
from .errors import InputError
from .importer import ImportReport, ensure_data, import_file
from .store import Store
from .store import version as store_version

log = logging.getLogger(__name__)

_REGION_KEYS = ("prov", "kab", "kec")
#: The import log's columns a user reads first (file, time, rows read / imported / rejected, who).
IMPORT_LOG_ORDER = tables.IMPORT_LOG_ORDER
#: The browser tab's icon (drawn for the project), served with the page: no font fetched from another host.
ICON = str(Path(__file__).parent / "assets" / "icon.png")


# --- language ----------------------------------------------------------------------------------------------


def _under_app() -> None:
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
    _under_app()
    return st.session_state.get("_view", _VIEW_DEFAULTS)["lang"]


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


def run_import(
    uploaded, kind: str, *, wilayah: str | None, sheet: str | None, skip_invalid: bool, dry_run: bool
) -> ImportReport:
    """Import (or preview) an uploaded file: written to a temporary file, reported under its own name."""
    suffix = Path(uploaded.name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(uploaded.getvalue())
        report = import_file(
            path,
            kind,
            db=database(),
            wilayah=wilayah or None,
            sheet=sheet,
            skip_invalid=skip_invalid,
            lang=lang(),
            source=uploaded.name,
            dry_run=dry_run,
        )
    if report.import_id is not None:
        st.cache_data.clear()
    return report


# --- the shared sidebar ------------------------------------------------------------------------------------

_LINK_KEYS = ("wilayah", "dari", "sampai", "tingkat", "kegiatan")


@st.cache_data(show_spinner=False)
def months(version: float) -> list[str]:
    """Months with data in the store, ascending."""
    with Store(database(), read_only=True) as store:
        return metrics.available_months(store)


def _options(parent: str) -> dict[str, str]:
    frame = regions.children(parent)
    return dict(zip(frame["kode"], frame["nama"], strict=True))


# The view lives in plain session keys (`_view`), not in widget state: Streamlit drops a widget's state on a
# run where the widget is not drawn, and a page switch must not lose the region. Each widget is seeded from the
# view before it is drawn, and its on_change callback writes the new value back.
_VIEW_DEFAULTS = {
    "lang": i18n.DEFAULT_LANGUAGE,
    "prov": None,
    "kab": None,
    "kec": None,
    "bulan": None,
    "tingkat": [],
    "kegiatan": [],
    "presentasi": False,
}


def _view() -> dict:
    if "_view" not in st.session_state:
        st.session_state["_view"] = dict(_VIEW_DEFAULTS)
    return st.session_state["_view"]


def _sync(name: str) -> None:
    value = st.session_state[f"w_{name}"]
    if name == "bulan" and not (isinstance(value, tuple | list) and len(value) == 2):
        return  # a month range is a pair; Streamlit's AppTest client sends a range slider back as one value
    _view()[name] = tuple(value) if name == "bulan" else value
    if name in _REGION_KEYS:
        for deeper in _REGION_KEYS[_REGION_KEYS.index(name) + 1 :]:
            _view()[deeper] = None


def _widget(name: str) -> dict:
    """Keyword arguments that bind a widget to the view's `name`."""
    st.session_state[f"w_{name}"] = _view()[name]
    return {"key": f"w_{name}", "on_change": _sync, "args": (name,)}


def _restore_from_link(available: list[str]) -> None:
    """On a fresh session, take the view from the link; bad values fall back with a notice."""
    if st.session_state.get("_restored"):
        return
    st.session_state["_restored"] = True
    view = _view()
    params = {key: st.query_params.get(key, "") for key in _LINK_KEYS}
    if st.query_params.get("lang") in i18n.LANGUAGES:
        view["lang"] = st.query_params["lang"]
    view["presentasi"] = presentation.from_link(st.query_params.get(presentation.LINK_KEY))
    chosen, notices = filters.from_query(params, available[-1] if available else None)
    for key, ancestor in zip(_REGION_KEYS, regions.ancestors(chosen.wilayah), strict=False):
        view[key] = ancestor
    if chosen.dari and chosen.sampai:
        view["bulan"] = (chosen.dari, chosen.sampai)
    view["tingkat"], view["kegiatan"] = list(chosen.tingkat), list(chosen.kegiatan)
    if notices:
        shown = ", ".join(f"{name}={value}" for name, value in notices)
        st.session_state["_notice"] = i18n.t("ui.bad_link", lang(), value=shown)


def selected_region() -> str:
    """The deepest region chosen in the sidebar cascade (`""` = Indonesia)."""
    chosen = ""
    for key in _REGION_KEYS:
        if _view().get(key):
            chosen = _view()[key]
    return chosen


def _region_cascade() -> None:
    parent, view = "", _view()
    for level, key in enumerate(_REGION_KEYS, start=1):
        options = _options(parent)
        if view.get(key) not in options:
            view[key] = None
        st.selectbox(
            tr(f"ui.level_{level}"),
            list(options),
            format_func=lambda code, o=options: o[code],
            placeholder=tr("ui.all"),
            **_widget(key),
        )
        if not view.get(key):
            for deeper in _REGION_KEYS[level:]:
                view[deeper] = None
            return
        parent = view[key]


def _month_range(available: list[str]) -> tuple[str | None, str | None]:
    if not available:
        return None, None
    default, view = filters.default_filters(available[-1]), _view()
    current = view.get("bulan")
    if not current or current[0] not in available or current[1] not in available:
        view["bulan"] = (max(default.dari, available[0]), default.sampai)
    if len(available) == 1:
        return available[0], available[0]
    first, last = st.select_slider(
        tr("ui.months"), options=available, format_func=lambda m: i18n.format_month(m, lang()), **_widget("bulan")
    )
    return first, last


def sidebar() -> filters.Filters:
    """Language, region cascade, month range, tiers and activity types — kept in the link. Returns the view."""
    _under_app()  # before any widget exists, so the rerun it may need discards nothing
    available = months(data_version())
    _restore_from_link(available)
    with st.sidebar:
        st.radio(
            "Bahasa / Language",
            i18n.LANGUAGES,
            horizontal=True,
            format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
            **_widget("lang"),
        )
        st.toggle(tr("ui.presentation"), help=tr("ui.presentation_help"), **_widget("presentasi"))
        _region_cascade()
        dari, sampai = _month_range(available)
        tingkat = st.multiselect(tr("ui.tiers"), schema.TIERS, placeholder=tr("ui.all"), **_widget("tingkat"))
        kegiatan = st.multiselect(
            tr("ui.activity_types"), list(schema.ACTIVITY_TYPES), placeholder=tr("ui.all"), **_widget("kegiatan")
        )
    chosen = filters.Filters(
        selected_region(),
        dari,
        sampai,
        tuple(t for t in schema.TIERS if t in tingkat),
        tuple(k for k in schema.ACTIVITY_TYPES if k in kegiatan),
    )
    st.session_state["_filters"] = chosen
    _mirror_in_link(chosen)
    if notice := st.session_state.pop("_notice", None):
        st.warning(notice)
    return chosen


def current_filters() -> filters.Filters:
    """The view chosen in the sidebar on this run (pages call this first)."""
    _under_app()
    return st.session_state.get("_filters", filters.Filters())


def go_to_region(code: str) -> None:
    """Drill down or back up: set the sidebar cascade to `code` (call from a widget callback)."""
    ancestors = regions.ancestors(code)[: len(_REGION_KEYS)]
    for index, key in enumerate(_REGION_KEYS):
        _view()[key] = ancestors[index] if index < len(ancestors) else None


def _mirror_in_link(chosen: filters.Filters) -> None:
    query = chosen.to_query()
    for key in _LINK_KEYS:
        if key in query:
            if st.query_params.get(key) != query[key]:
                st.query_params[key] = query[key]
        elif key in st.query_params:
            del st.query_params[key]
    if st.query_params.get("lang") != lang():
        st.query_params["lang"] = lang()
    if presenting():
        if st.query_params.get(presentation.LINK_KEY) != "1":
            st.query_params[presentation.LINK_KEY] = "1"
    elif presentation.LINK_KEY in st.query_params:
        del st.query_params[presentation.LINK_KEY]


def presenting() -> bool:
    """Presentation mode is on (sidebar toggle, kept in the link as `presentasi=1`)."""
    return bool(_view().get("presentasi"))


def page_style() -> None:
    """The page's look for this run: presentation mode collapses the sidebar and enlarges the figures (call once,
    after `sidebar`, from app.py)."""
    on = presenting()
    if st.session_state.get("_presenting_shown", False) != on:  # on a change only: a user's own collapse holds
        st.session_state["_presenting_shown"] = on
        st.set_page_config(initial_sidebar_state="collapsed" if on else "expanded")
    st.markdown(presentation.css(on), unsafe_allow_html=True)


def view_header(f: filters.Filters) -> None:
    """The headline sentence made from the view's figures and the strip of its region, period and filters, at the
    top of every page (both modes)."""
    lang_ = lang()
    text = headline.sentence(f, cached(metrics.kpis, f), lang_) if f.sampai else ""
    parts = headline.filter_strip(f, lang_)
    st.markdown(headline.markup(text, parts, headline.filter_note(f, lang_)), unsafe_allow_html=True)


# --- small shared widgets ----------------------------------------------------------------------------------


def data_source_note(version: float) -> None:
    """Say where the data comes from, and loudly when it is the (partly synthetic) demo."""
    entries = import_log(version)
    if entries.empty:
        st.info(tr("ui.no_data"))
        return
    if entries["synthetic"].fillna(False).any():
        st.warning(tr("ui.demo_banner"))
    last = entries.iloc[0]
    st.caption(tr("ui.last_import", file=last["file"], when=i18n.format_date(last["waktu"].date(), lang())))


@contextlib.contextmanager
def friendly_errors():
    """Show an error box that says what to do instead of a traceback."""
    try:
        yield
    except InputError as exc:
        st.error(str(exc))
    except Exception:  # noqa: BLE001 — logged for maintainers, a sentence for the user
        log.exception("page failed")
        st.error(tr("ui.unexpected"))


def attribution() -> None:
    """Data sources and licences (boundaries, region codes)."""
    from . import boundaries

    st.caption(boundaries.ATTRIBUTION[lang()])
    st.caption(tr("ui.codes_source"))
    st.caption(tr("ui.paths", data=str(config.data_dir())))


def sheet_choice(uploaded) -> str | None:
    """For an Excel upload with several sheets, let the user pick one (the first by default)."""
    if uploaded is None or not uploaded.name.lower().endswith((".xlsx", ".xlsm")):
        return None
    from .readers import sheet_names

    try:
        names = sheet_names(uploaded)
    except Exception:  # noqa: BLE001 — the import itself reports an unreadable workbook
        return None
    return st.selectbox(tr("ui.sheet"), names, key="upload_sheet") if len(names) > 1 else None


def table(frame: pd.DataFrame, *, first: tuple[str, ...] = (), percent=(), words: bool = True, **options):
    """`st.dataframe` of `frame` in the user's language (`tables.styled`: headers, numbers, dates, months, "–"),
    sorting on the values; `options` go to `st.dataframe` (key, height, selection…), whose result is returned."""
    if frame.size > tables.STYLED_CELLS:  # e.g. every Kampung KB of Indonesia: labels and words only
        shown, config = tables.plain(frame, lang(), first=first)
        return st.dataframe(shown, hide_index=True, column_config=config, **options)
    shown = tables.styled(frame, lang(), first=first, percent=percent, words=words)
    return st.dataframe(shown, hide_index=True, **options)


def table_downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and XLSX download buttons for a table (formula-like cells neutralised). The file is written when the
    button is clicked, not on every rerun (the 83,762 Kampung KB of Indonesia take ~20 s as XLSX), and the click
    does not rerun the page."""
    from .exports import to_csv_bytes, to_xlsx_bytes

    lang_ = lang()  # headers and words in the user's language, values kept as values (when clicked)
    left, right = st.columns(2)
    left.download_button(
        tr("ui.download_csv"),
        lambda: to_csv_bytes(tables.for_export(frame, lang_)),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        tr("ui.download_xlsx"),
        lambda: to_xlsx_bytes(tables.for_export(frame, lang_), name),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )


def kpi_cards(k: dict) -> None:
    """The overview's four cards: Kampung KB and coverage, Mandiri plus vs target, activities, silence."""
    lang_ = lang()
    cols = st.columns(4)
    cols[0].metric(
        tr("ui.kpi_kampung"),
        i18n.format_number(k["jumlah_kampung"], lang=lang_),
        tr(
            "ui.kpi_cakupan_delta",
            persen=i18n.format_percent(k["cakupan_persen"], lang=lang_),
            desa=i18n.format_number(k["jumlah_desa"], lang=lang_),
        ),
        delta_color="off",
        delta_arrow="off",
    )
    delta, color, arrow = _target_delta(k)
    cols[1].metric(
        tr("ui.kpi_mandiri_plus"),
        i18n.format_percent(k["mandiri_plus_persen"], lang=lang_),
        delta,
        delta_color=color,
        delta_arrow=arrow,
        help=tr("ui.kpi_mandiri_plus_help", n=i18n.format_number(k["mandiri_plus"], lang=lang_)),
    )
    now, before = k["kegiatan_bulan_ini"], k["kegiatan_bulan_lalu"]
    cols[2].metric(
        tr("ui.kpi_kegiatan"),
        i18n.format_number(now, lang=lang_),
        None
        if now is None or before is None
        else tr("ui.kpi_vs_last", diff=f"{now - before:+,}".replace(",", "." if lang_ == "id" else ",")),
        help=tr("ui.kpi_kegiatan_help"),
    )
    cols[3].metric(
        tr("ui.kpi_stale"), i18n.format_number(k["tanpa_laporan_3_bulan"], lang=lang_), help=tr("ui.kpi_stale_help")
    )


def _target_delta(k: dict) -> tuple[str, str, str]:
    """The Mandiri-plus card's line under the figure, its colour and arrow: below the target in red with a down
    arrow, at or above it in green with an up arrow, no target in grey without an arrow."""
    lang_, gap = lang(), k["selisih_persen"]
    if gap is None:
        return tr("ui.kpi_no_target_year", tahun=k["tahun"] or "–"), "gray", "off"
    values = {
        "gap": i18n.format_number(abs(gap), 1, lang_),
        "target": i18n.format_percent(k["target_persen"], 0, lang_),
    }
    if gap < 0:
        return tr("ui.kpi_below", **values), "red", "down"
    return tr("ui.kpi_above", **values), "green", "up"


def small_map(f: filters.Filters) -> None:
    """The overview's compact map of the sub-regions, or a pointer to the Peta page while it is not built."""
    from . import maps

    markup = maps.small_map(f, cached(metrics.region_table, f), lang())
    if markup is None:
        st.caption(tr("maps.small_missing"))
    else:
        st.markdown(markup, unsafe_allow_html=True)
