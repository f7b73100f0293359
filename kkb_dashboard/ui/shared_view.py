"""The view every page shares: the sidebar that picks it (language, region cascade, months, tiers, activity
types), the link that keeps it, the headline that states it, and the page's look (presentation mode).
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from kkb_dashboard.rules import schema

from .. import i18n
from ..plaintext import plain
from ..rules import filters, regions
from ..storage.concurrency import StoreUnavailable
from ..storage.store import Store, import_running
from ..views import headline, metrics, presentation
from .data import cached, data_version, database, lang, tr, under_app

log = logging.getLogger(__name__)

_REGION_KEYS = ("prov", "kab", "kec")
#: The browser tab's icon (drawn for the project), served with the page: no font fetched from another host.
ICON = str(Path(__file__).parents[1] / "assets" / "icon.png")


def go_to(page) -> None:
    """Run `page` (an `st.Page` of the navigation) instead of this one, keeping every link parameter: the view a
    shared link names stays the view the visitor sees."""
    params = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    if notice := st.session_state.get("_notice_shown"):  # a bad link's notice, said on the page the visitor sees
        st.session_state["_notice"] = notice
    st.switch_page(page, query_params=params)


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


def view_state() -> dict:
    """The chosen view (language, regions, months, tiers, activity types, presentation) of this session."""
    if "_view" not in st.session_state:
        st.session_state["_view"] = dict(_VIEW_DEFAULTS)
    return st.session_state["_view"]


def _sync(name: str) -> None:
    value = st.session_state[f"w_{name}"]
    if name == "bulan" and not (isinstance(value, tuple | list) and len(value) == 2):
        return  # a month range is a pair; Streamlit's AppTest client sends a range slider back as one value
    view_state()[name] = tuple(value) if name == "bulan" else value
    if name in _REGION_KEYS:
        for deeper in _REGION_KEYS[_REGION_KEYS.index(name) + 1 :]:
            view_state()[deeper] = None


def bind_to_view(name: str) -> dict:
    """Keyword arguments that bind a widget to the view's `name`."""
    st.session_state[f"w_{name}"] = view_state()[name]
    return {"key": f"w_{name}", "on_change": _sync, "args": (name,)}


def _restore_from_link(available: list[str]) -> None:
    """On a fresh session, take the view from the link; bad values fall back with a notice."""
    if st.session_state.get("_restored"):
        return
    st.session_state["_restored"] = True
    view = view_state()
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
        if view_state().get(key):
            chosen = view_state()[key]
    return chosen


def _region_cascade() -> None:
    parent, view = "", view_state()
    for level, key in enumerate(_REGION_KEYS, start=1):
        options = _options(parent)
        if view.get(key) not in options:
            view[key] = None
        st.selectbox(
            tr(f"ui.level_{level}"),
            list(options),
            format_func=lambda code, o=options: o[code],
            placeholder=tr("ui.all"),
            **bind_to_view(key),
        )
        if not view.get(key):
            for deeper in _REGION_KEYS[level:]:
                view[deeper] = None
            return
        parent = view[key]


def _month_range(available: list[str]) -> tuple[str | None, str | None]:
    if not available:
        return None, None
    default, view = filters.default_filters(available[-1]), view_state()
    current = view.get("bulan")
    if not current or current[0] not in available or current[1] not in available:
        view["bulan"] = (max(default.dari, available[0]), default.sampai)
    if len(available) == 1:
        return available[0], available[0]
    first, last = st.select_slider(
        tr("ui.months"), options=available, format_func=lambda m: i18n.format_month(m, lang()), **bind_to_view("bulan")
    )
    return first, last


def sidebar() -> filters.Filters:
    """Language, region cascade, month range, tiers and activity types — kept in the link. Returns the view."""
    under_app()  # before any widget exists, so the rerun it may need discards nothing
    available = _months_or_notice()
    _restore_from_link(available)
    with st.sidebar:
        st.radio(
            "Bahasa / Language",
            i18n.LANGUAGES,
            horizontal=True,
            format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
            **bind_to_view("lang"),
        )
        st.toggle(tr("ui.presentation"), help=tr("ui.presentation_help"), **bind_to_view("presentasi"))
        _region_cascade()
        dari, sampai = _month_range(available)
        tingkat = st.multiselect(tr("ui.tiers"), schema.TIERS, placeholder=tr("ui.all"), **bind_to_view("tingkat"))
        kegiatan = st.multiselect(
            tr("ui.activity_types"), list(schema.ACTIVITY_TYPES), placeholder=tr("ui.all"), **bind_to_view("kegiatan")
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
    under_app()
    return st.session_state.get("_filters", filters.Filters())


def go_to_region(code: str) -> None:
    """Drill down or back up: set the sidebar cascade to `code` (call from a widget callback)."""
    ancestors = regions.ancestors(code)[: len(_REGION_KEYS)]
    for index, key in enumerate(_REGION_KEYS):
        view_state()[key] = ancestors[index] if index < len(ancestors) else None


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
    return bool(view_state().get("presentasi"))


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
    top of every page (both modes). `figures` (in the keys of `metrics.headline_figures`) are the page's own when it
    has read them (the KPI cards, the tier counts) or shows another period (Simulasi: the chosen year); else the
    view's are read. `into` is a placeholder drawn earlier."""
    lang_ = lang()
    if figures is None and f.sampai:
        figures = cached(metrics.headline, f)
    text = headline.sentence(f, figures, lang_) if f.sampai else ""
    parts = headline.filter_strip(f, lang_)
    (into or st).markdown(headline.markup(text, parts, headline.filter_note(f, lang_)), unsafe_allow_html=True)
