"""The one module that imports streamlit: cached loaders, the shared sidebar and small widgets for the pages.

Cache keys are plain values (region code, month, the store's modification time), never DataFrames, so an
import shows up on the next rerun and nothing heavy is recomputed on a rerun that changes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import inspect
import logging
import secrets
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from .. import config, i18n
from ..errors import InputError
from ..plaintext import plain
from ..rules import access, filters, regions
from ..storage import schema
from ..storage.concurrency import StoreUnavailable, waiting_notice
from ..storage.importer import ImportReport, ensure_data, import_file
from ..storage.store import Store, import_running
from ..storage.store import version as store_version
from ..views import headline, metrics, presentation, tables

log = logging.getLogger(__name__)

_REGION_KEYS = ("prov", "kab", "kec")
#: The import log's columns a user reads first (file, time, rows read / imported / rejected, who).
IMPORT_LOG_ORDER = tables.IMPORT_LOG_ORDER
#: Every page's address (`/peta?wilayah=…`): app.py registers each, the login gate answers each.
PAGE_PATHS = ("ringkasan", "peta", "kegiatan", "klasifikasi", "simulasi", "tindak_lanjut", "data")
#: The browser tab's icon (drawn for the project), served with the page: no font fetched from another host.
ICON = str(Path(__file__).parents[1] / "assets" / "icon.png")


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


def go_to(page) -> None:
    """Run `page` (an `st.Page` of the navigation) instead of this one, keeping every link parameter: the view a
    shared link names stays the view the visitor sees."""
    params = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    if notice := st.session_state.get("_notice_shown"):  # a bad link's notice, said on the page the visitor sees
        st.session_state["_notice"] = notice
    st.switch_page(page, query_params=params)


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
        user = current_user()
        report = _import_in_turn(
            path,
            kind,
            db=database(),
            wilayah=wilayah or None,
            sheet=sheet,
            skip_invalid=skip_invalid,
            lang=lang(),
            source=uploaded.name,
            dry_run=dry_run,
            scope=user.scope,
            imported_by=user.imported_by,
        )
    if report.import_id is not None:
        st.cache_data.clear()
    return report


def _import_in_turn(*args, **options) -> ImportReport:
    """`import_file`; while another import holds the store, a notice says this one waits its turn."""
    waiting = st.empty()
    with waiting_notice(lambda seconds: waiting.info(tr("store.waiting", seconds=round(seconds)))):
        report = import_file(*args, **options)
    waiting.empty()
    return report


# --- the shared sidebar ------------------------------------------------------------------------------------

_LINK_KEYS = ("wilayah", "dari", "sampai", "tingkat", "kegiatan")


@st.cache_data(show_spinner=False)
def months(version: float) -> list[str]:
    """Months with data in the store, ascending."""
    with Store(database(), read_only=True) as store:
        return metrics.available_months(store)


def _months_or_notice() -> list[str]:
    """The months with data, and a notice while an import is writing a new version. When the store cannot be
    read (its file removed, or held by another program), the reason and no months (the pages then show no
    data), never a traceback."""
    try:
        available = months(data_version())
    except StoreUnavailable as exc:
        log.warning("store unavailable (%s)", exc.reason, exc_info=True)
        first_run = not st.session_state.get("_restored")  # the view is not restored from the link yet
        chosen = st.query_params.get("lang") if first_run else None
        st.warning(exc.text(chosen if chosen in i18n.LANGUAGES else lang()))
        return []
    if import_running(database()):
        st.sidebar.caption(tr("store.arriving"))
    return available


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
        shown = plain(", ".join(f"{name}={value}" for name, value in notices))
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
    available = _months_or_notice()
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
    notice = st.session_state.pop("_notice", None)
    st.session_state["_notice_shown"] = notice  # `go_to` shows it again on the page it runs instead of this one
    if notice:
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


def view_header(f: filters.Filters, figures: dict | None = None, into=None) -> None:
    """The headline sentence made from the view's figures and the strip of its region, period and filters, at the
    top of every page (both modes). `figures` (as `metrics.kpis` gives them) replaces the view's own when the page
    shows figures of another period (Simulasi: the chosen year); `into` is a placeholder drawn earlier."""
    lang_ = lang()
    if figures is None and f.sampai:
        figures = cached(metrics.kpis, f)
    text = headline.sentence(f, figures, lang_) if f.sampai else ""
    parts = headline.filter_strip(f, lang_)
    (into or st).markdown(headline.markup(text, parts, headline.filter_note(f, lang_)), unsafe_allow_html=True)


# --- small shared widgets ----------------------------------------------------------------------------------


def data_source_note(version: float) -> None:
    """Say where the data comes from, and loudly when it is the (partly synthetic) demo."""
    try:
        entries = import_log(version)
    except StoreUnavailable:
        return  # the sidebar has said why the store cannot be read
    if entries.empty:
        st.info(tr("ui.no_data"))
        return
    if entries["synthetic"].fillna(False).any():
        st.warning(tr("ui.demo_banner"))
    last = entries.iloc[0]
    st.caption(tr("ui.last_import", file=plain(last["file"]), when=i18n.format_date(last["waktu"].date(), lang())))


@contextlib.contextmanager
def friendly_errors():
    """Show an error box that says what to do instead of a traceback."""
    try:
        yield
    except StoreUnavailable as exc:  # another import, a full disk …: the reason in the user's language
        log.warning("store unavailable (%s)", exc.reason, exc_info=True)
        st.warning(exc.text(lang()))
    except InputError as exc:
        st.error(plain(exc))
    except Exception:  # noqa: BLE001 — logged for maintainers, a sentence and an id for the user
        error_id = secrets.token_hex(4)
        log.exception("page failed (error id %s)", error_id)
        st.error(f"{tr('ui.unexpected')} {tr('access.error_id', id=error_id)}")


def attribution() -> None:
    """Data sources and licences (boundaries, region codes)."""
    from ..storage import boundaries

    st.caption(boundaries.ATTRIBUTION[lang()])
    st.caption(tr("ui.codes_source"))
    st.caption(tr("ui.paths", data=str(config.data_dir())))


def sheet_choice(uploaded) -> str | None:
    """For an Excel upload with several sheets, let the user pick one (the first by default)."""
    if uploaded is None or not uploaded.name.lower().endswith((".xlsx", ".xlsm")):
        return None
    from ..storage.readers import sheet_names

    try:
        names = sheet_names(uploaded)
    except Exception:  # noqa: BLE001 — the import itself reports an unreadable workbook
        return None
    return st.selectbox(tr("ui.sheet"), names, key="upload_sheet") if len(names) > 1 else None


def table(frame: pd.DataFrame, *, first: tuple[str, ...] = (), percent=(), words: bool = True, **options):
    """`st.dataframe` of `frame` in the user's language (`tables.styled`: headers, numbers, dates, months, "–"),
    sorting on the values; `options` go to `st.dataframe` (key, height, selection…), whose result is returned
    (a selection's rows are positions in `frame`). A table larger than `tables.STYLED_CELLS` is shown a page at a
    time, sorted over all its rows by a column the user picks (`_paged`)."""
    if frame.size <= tables.STYLED_CELLS:
        shown = tables.styled(frame, lang(), first=first, percent=percent, words=words)
        return st.dataframe(shown, hide_index=True, **options)
    part, positions, options = _paged(frame, first, words, options)
    shown = tables.styled(part, lang(), first=first, percent=percent, words=words)
    event = st.dataframe(shown, hide_index=True, **options)
    if not isinstance(event, dict) or "selection" not in event:
        return event
    rows = [positions[row] for row in event["selection"]["rows"] if row < len(positions)]
    # a new event: the widget's own state (read-only) stays in the page's positions
    return SimpleNamespace(selection=SimpleNamespace(**{**dict(event["selection"]), "rows": rows}))


def _paged(frame: pd.DataFrame, first: tuple[str, ...], words: bool, options: dict) -> tuple:
    """The page of a large table to show: sort column, order and page number above it (their keys from the
    table's `key`, or from its columns), a line saying which rows these are. A linked selection
    (`selection_default`, positions in `frame`) opens the page that holds its row."""
    lang_ = lang()
    base = options.get("key") or "table_" + hashlib.sha1("|".join(map(str, frame.columns)).encode()).hexdigest()[:8]
    columns = [c for c in first if c in frame.columns] + [c for c in frame.columns if c not in first]
    name = {c: tables.label(c, lang_) if words else str(c) for c in columns}
    sort_col, order_col, page_col = st.columns([3, 2, 2], vertical_alignment="bottom")
    by = sort_col.selectbox(tr("tables.page_sort"), columns, format_func=name.get, key=f"{base}_sort")
    descending = order_col.toggle(tr("tables.page_descending"), key=f"{base}_desc")
    count = tables.pages(frame)
    linked = (options.get("selection_default") or {}).get("selection", {}).get("rows", [])
    if st.session_state.get(f"{base}_page", 1) > count:  # a smaller table than the last run's
        st.session_state[f"{base}_page"] = count
    if linked and linked[0] < len(frame) and f"{base}_page" not in st.session_state:
        row = tables.sorted_positions(frame, by, descending).index(linked[0])
        st.session_state[f"{base}_page"] = row // tables.page_size(frame) + 1
    number = page_col.number_input(
        tr("tables.page_number", pages=i18n.format_number(count, lang=lang_)), 1, count, key=f"{base}_page", step=1
    )
    part, positions = tables.page(frame, by, descending, int(number))
    size = tables.page_size(frame)
    start = (int(number) - 1) * size + 1
    st.caption(
        tr(
            "tables.page_rows",
            start=i18n.format_number(start, lang=lang_),
            end=i18n.format_number(start + len(part) - 1, lang=lang_),
            total=i18n.format_number(len(frame), lang=lang_),
            column=name[by],
        )
    )
    options = dict(options)
    if "key" in options:  # a selection belongs to the rows it was made on
        options["key"] = f"{options['key']}_{by}_{int(descending)}_{int(number)}"
    if linked:
        on_page = [positions.index(row) for row in linked if row in positions]
        options["selection_default"] = {"selection": {"rows": on_page, "columns": []}} if on_page else None
    return part, positions, options


def table_downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and XLSX download buttons for a table (formula-like cells neutralised). The file is written when the
    button is clicked, not on every rerun (a national table takes long as XLSX), and the click
    does not rerun the page."""
    from ..views.exports import to_csv_bytes, to_xlsx_bytes

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


_MAP_LOADING = st.components.v2.component(
    "kkb_map_loading", js=(Path(__file__).parents[1] / "assets" / "map_loading.js").read_text(encoding="utf-8")
)


def map_loading(chart_key: str, geojson_url: str) -> None:
    """A sign over the map (the plotly chart with `chart_key`) in the user's language while the browser fetches
    and draws the boundaries at `geojson_url`; it goes once MapLibre has drawn them. Mounted per layer URL, so a
    new level shows it again; the element itself takes no room (`presentation.css`)."""
    key = f"kkbloading_{chart_key}_{hashlib.sha1(geojson_url.encode()).hexdigest()[:10]}"
    _MAP_LOADING(key=key, data={"chart": chart_key, "url": geojson_url, "text": tr("maps.loading")})


def small_map(f: filters.Filters) -> None:
    """The overview's compact map of the sub-regions, or a pointer to the Peta page while it is not built."""
    from ..views import maps

    markup = maps.small_map(f, cached(metrics.region_table, f), lang())
    if markup is None:
        st.caption(tr("maps.small_missing"))
    else:
        st.markdown(markup, unsafe_allow_html=True)


# --- who is visiting (optional login with st.login) ----------------------------------------------------------


def login_configured() -> bool:
    """Whether `.streamlit/secrets.toml` (or `--secrets.files`) has an `[auth]` section: then only registered
    users get in. Without it the app is a laptop's: one local user who may do everything."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


@st.cache_data(show_spinner=False, ttl=10)
def _registered(email: str, target: str) -> access.User | None:
    return access.find_user(email, target)


def gate() -> access.User:
    """The visitor as a user (call before anything is drawn). With login configured, an anonymous visitor gets
    the login page and an e-mail not in the users table the "ask your admin" page: both stop the run here, so
    no figure is ever computed for them. A removed user is shut out within 10 seconds."""
    user = access.LOCAL
    if login_configured():
        if not st.user.is_logged_in:
            _login_page()
        email = str(st.user.get("email") or "")
        user = _registered(email.strip().lower(), str(database()))
        if user is None:
            _unknown_page(email)
    st.session_state["_user"] = user
    return user


def current_user() -> access.User:
    """The user of this run (`gate` decided it; the local user without login)."""
    return st.session_state.get("_user", access.LOCAL)


def _gate_language() -> None:
    # The app's page addresses all lead here, with no page list in the sidebar: without this Streamlit would list
    # the files of pages/ for the visitor, or say "page not found" for a shared link such as /peta. The root is
    # the default page, whose own url_path Streamlit reserves without serving it: one no link uses.
    gate = [st.Page(_gate_page, title=tr("access.login_title"), url_path="masuk", default=True)]
    gate += [st.Page(_gate_page, title=tr("access.login_title"), url_path=path) for path in PAGE_PATHS]
    st.navigation(gate, position="hidden")
    if not st.session_state.get("_restored") and st.query_params.get("lang") in i18n.LANGUAGES:
        _view()["lang"] = st.query_params["lang"]
    st.radio(
        "Bahasa / Language",
        i18n.LANGUAGES,
        horizontal=True,
        format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
        **_widget("lang"),
    )


def _gate_page() -> None:
    """The one page registered while the gate is shown (never run: the gate stops the script first)."""


def _login_page() -> None:
    _gate_language()
    st.title(tr("access.login_title"))
    st.write(tr("access.login_text"))
    st.button(tr("access.login_button"), type="primary", key="login", icon=":material/login:", on_click=st.login)
    st.stop()


def _unknown_page(email: str) -> None:
    _gate_language()
    st.title(tr("access.unknown_title"))
    st.warning(tr("access.unknown_text", email=plain(email or "–")))
    st.button(tr("access.logout_button"), key="logout", icon=":material/logout:", on_click=st.logout)
    st.stop()


def account_box(user: access.User) -> None:
    """In the sidebar, when signed in: who, with which role, and the sign-out button."""
    if not user.email:
        return
    with st.sidebar:
        st.divider()
        st.caption(tr("access.signed_in", email=plain(user.email), role=tr(f"access.role_{user.role}")))
        st.button(tr("access.logout_button"), key="logout", icon=":material/logout:", on_click=st.logout)


# --- the Data page's upload: validated once per file, imported once per click -----------------------------------


def upload_key(uploaded, kind: str, wilayah: str | None, sheet: str | None) -> tuple:
    """What a preview or an import of this upload depends on: the file's SHA-256 (computed once per upload),
    the kind, parent region, sheet, language and the user's import scope."""
    digests = st.session_state.setdefault("_upload_sha256", {})
    if uploaded.file_id not in digests:
        digests[uploaded.file_id] = hashlib.sha256(uploaded.getvalue()).hexdigest()
    return (digests[uploaded.file_id], kind, wilayah or "", sheet, lang(), current_user().scope)


def preview_upload(uploaded, kind: str, *, wilayah: str | None, sheet: str | None) -> ImportReport:
    """The upload's preview (`run_import` with `dry_run`), validated once per file and choices and data version,
    not on every rerun; only the latest is kept (a report holds the file's valid rows)."""
    key = (*upload_key(uploaded, kind, wilayah, sheet), data_version())
    previews = st.session_state.setdefault("_previews", {})
    if key not in previews:
        previews.clear()
        previews[key] = run_import(uploaded, kind, wilayah=wilayah, sheet=sheet, skip_invalid=False, dry_run=True)
    return previews[key]


def import_upload(kind: str, wilayah: str | None, sheet: str | None, skip_invalid: bool) -> None:
    """An import button's on_click: import the uploaded file once. It runs before the page is drawn again, so the
    buttons are then drawn disabled; a click that still arrives for a file already imported does nothing."""
    uploaded = st.session_state.get("upload_file")
    if uploaded is None:
        return
    key = upload_key(uploaded, kind, wilayah, sheet)
    results = st.session_state.setdefault("_imports", {})
    if key in results and results[key].import_id is not None:
        return
    try:
        results[key] = run_import(
            uploaded, kind, wilayah=wilayah, sheet=sheet, skip_invalid=skip_invalid, dry_run=False
        )
    except Exception:  # noqa: BLE001 — a callback's error would otherwise be drawn as a traceback
        error_id = secrets.token_hex(4)
        log.exception("import failed (error id %s)", error_id)
        results[key] = ImportReport(
            kind, uploaded.name, unusable=f"{tr('ui.unexpected')} {tr('access.error_id', id=error_id)}"
        )


def upload_result(uploaded, kind: str, wilayah: str | None, sheet: str | None) -> ImportReport | None:
    """The import of this upload made by a button in this session, if any."""
    return st.session_state.get("_imports", {}).get(upload_key(uploaded, kind, wilayah, sheet))


def users_admin(user: access.User) -> None:
    """An admin's user management: the users, a form to add or change one, a button to remove one."""
    st.caption(tr("access.users_help"))
    if done := st.session_state.pop("_users_done", None):
        st.success(plain(done))
    users = access.list_users(database())
    st.dataframe(access.users_table(users, lang()), hide_index=True, key="users_table")
    with st.form("user_add", border=True):
        st.markdown(f"**{tr('access.add_heading')}**")
        email = st.text_input(tr("access.field_email"), key="user_email")
        role = st.selectbox(
            tr("access.field_role"), access.ROLES, format_func=lambda r: tr(f"access.role_{r}"), key="user_role"
        )
        codes = st.text_input(tr("access.field_wilayah"), key="user_wilayah")
        if st.form_submit_button(tr("access.save_user"), type="primary"):
            saved = access.add_user(email, role, codes.replace(",", " ").split(), db=database(), lang=lang())
            where = f" — {access.scope_label(saved.wilayah)}" if saved.wilayah else ""
            st.session_state["_users_done"] = tr(
                "access.user_added", email=saved.email, role=tr(f"access.role_{saved.role}"), wilayah=where
            )
            _registered.clear()
            st.rerun()
    others = [u.email for u in users if u.email != user.email]
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    gone = left.selectbox(tr("access.remove_heading"), others, index=None, key="user_remove_pick")
    if right.button(
        tr("access.remove_user"), key="user_remove", disabled=gone is None, icon=":material/person_remove:"
    ):
        access.remove_user(gone, db=database(), lang=lang())
        st.session_state["_users_done"] = tr("access.user_removed", email=gone)
        _registered.clear()
        st.rerun()


# --- the follow-up page's meeting month (kept in the link as `rapat`) ------------------------------------------


def meeting_month(choices: list[str], default: str) -> str:
    """The month of the last meeting: from the link (`rapat=2024-06`) on the page's first run in a session, then
    from its select box (latest month first); mirrored in the link. A bad link value falls back to `default` with
    a notice; a month no longer offered (the view's last month moved) falls back silently."""
    if "_rapat" not in st.session_state:
        linked, notices = filters.meeting_from_query(st.query_params.get("rapat", ""), choices)
        st.session_state["_rapat"] = linked or default
        if notices:
            st.warning(tr("ui.bad_link", value=", ".join(f"{name}={value}" for name, value in notices)))
    if st.session_state["_rapat"] not in choices:
        st.session_state["_rapat"] = default
    st.session_state["w_rapat"] = st.session_state["_rapat"]
    language = lang()
    st.selectbox(
        tr("followup.rapat"),
        choices,
        format_func=lambda month: i18n.format_month(month, language),
        help=tr("followup.rapat_help"),
        key="w_rapat",
        on_change=lambda: st.session_state.update(_rapat=st.session_state["w_rapat"]),
    )
    chosen = st.session_state["_rapat"]
    if st.query_params.get("rapat") != chosen:
        st.query_params["rapat"] = chosen
    return chosen


# --- help: each page's Bantuan box and the guide section behind it ------------------------------------------


def page_help(page: str) -> None:
    """The page's help, a button at the bottom of the sidebar that opens a panel: what the page answers and how to
    read its main chart, then the matching section of the guide (docs/panduan/, read at run time: our own text, so
    shown as Markdown). Called as the last line of a page; in the sidebar, it is in view whatever the page's
    length, and a popover adds no expander or caption that the pages' own tests count."""
    from ..views import guide

    with st.sidebar.popover(tr("help.title"), icon=":material/help:", width="stretch"):
        st.markdown(tr(f"help.{page}"))
        _guide_section(guide.section(page, lang()))


def data_errors_help() -> None:
    """Under the Data page's import report: where the guide explains the messages and how to fix a file."""
    from ..views import guide

    with st.expander(tr("help.data_errors"), icon=":material/menu_book:"):
        _guide_section(guide.data_errors(lang()))


def _guide_section(section) -> None:
    st.markdown(":small[" + tr("help.guide_source", title=section.title, path=section.path) + "]")
    st.markdown(section.markdown)
