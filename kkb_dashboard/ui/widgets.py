"""Small widgets the pages share: tables in the user's language with their downloads, the overview's cards and
small map, error boxes, the last import and data folder lines, the meeting month, the help box.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import streamlit as st

from .. import config, i18n
from ..errors import InputError
from ..plaintext import plain
from ..rules import filters
from ..storage.concurrency import StoreUnavailable
from ..views import metrics, tables
from .data import cached, import_log, lang, tr

log = logging.getLogger(__name__)


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


def data_folder_note() -> None:
    """Where this installation keeps its data (the store, uploads, boundaries)."""
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
        shown = _shown(*tables.cell_texts(frame, lang(), first=first, percent=percent, words=words))
        return st.dataframe(shown, hide_index=True, **options)
    part, positions, options = _paged(frame, first, words, options)
    shown = _shown(*tables.cell_texts(part, lang(), first=first, percent=percent, words=words))
    event = st.dataframe(shown, hide_index=True, **options)
    if not isinstance(event, dict) or "selection" not in event:
        return event
    rows = [positions[row] for row in event["selection"]["rows"] if row < len(positions)]
    # a new event: the widget's own state (read-only) stays in the page's positions
    return SimpleNamespace(selection=SimpleNamespace(**{**dict(event["selection"]), "rows": rows}))


def _shown(data: pd.DataFrame, texts: dict[int, np.ndarray]):
    """A pandas Styler of `data` that gives `st.dataframe` the text of each cell (`tables.cell_texts`) as
    `tables.styled` would, made a column at a time instead of a cell at a time.

    Streamlit sends a Styler's values with a text per cell: it reads the texts from the Styler's `_compute` and
    `_translate` (pandas' own rendering, cell by cell, several microseconds a cell; `marshall_styler` in
    streamlit/elements/lib/pandas_styler_utils.py, Streamlit 1.67) and shows every cell it is not given as
    `str(value)`. This Styler answers those two calls with only the cells whose text differs from that: a
    national table's page of thousands of cells, mostly small counts and names, costs a few hundred entries.
    `tests/test_tables.py` reads the texts a page sends, in both languages."""
    styler = data.style
    cells = []
    for position, shown in texts.items():
        plain = data.iloc[:, position].astype(str).to_numpy(dtype=object)  # what Streamlit shows without a text
        for row in np.flatnonzero(shown != plain).tolist():
            cells.append({"id": f"row{row}_col{position}", "display_value": shown[row]})
    translated = {"body": [cells], "table_styles": [], "cellstyle": []}
    styler._compute = lambda: styler
    styler._translate = lambda *args, **kwargs: translated
    return styler


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
        tr("ui.kpi_silent"), i18n.format_number(k["tanpa_laporan_3_bulan"], lang=lang_), help=tr("ui.kpi_silent_help")
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
    and draws the boundaries at `geojson_url`; it goes once MapLibre has drawn them, and the region names wait
    for it. Mounted per layer URL, so a new level shows it again; the element itself takes no room
    (`presentation.css`)."""
    from ..views.maps import LABEL_LAYER

    key = f"kkbloading_{chart_key}_{hashlib.sha1(geojson_url.encode()).hexdigest()[:10]}"
    data = {"chart": chart_key, "url": geojson_url, "text": tr("maps.loading"), "labels": LABEL_LAYER}
    _MAP_LOADING(key=key, data=data)


def _chart_code_file() -> str | None:
    """The file name of the plotly chart code in the installed Streamlit's build (`PlotlyChart.<hash>.js`), or None
    when a Streamlit version names it otherwise: then nothing is loaded ahead and charts load it as before."""
    found = list((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


_CHART_CODE_FILE = _chart_code_file()
_CHART_CODE = st.components.v2.component(
    "kkb_chart_code", js=(Path(__file__).parents[1] / "assets" / "chart_code.js").read_text(encoding="utf-8")
)


def chart_code_ahead() -> None:
    """Has the browser load the plotly chart code while the reader looks at the page, once per tab: the first
    page (Ringkasan) draws no plotly chart, and without this the first visit to Peta first fetches and runs that
    4.7 MB script before the map can start. The element takes no room (`presentation.css`)."""
    if _CHART_CODE_FILE:
        _CHART_CODE(key="kkbchartcode", data={"chunk": _CHART_CODE_FILE})


def small_map(f: filters.Filters) -> None:
    """The overview's compact map of the sub-regions, or a pointer to the Peta page while it is not built."""
    from ..views import maps

    markup = maps.small_map(f, cached(metrics.region_table, f), lang())
    if markup is None:
        st.caption(tr("maps.small_missing"))
    else:
        st.markdown(markup, unsafe_allow_html=True)


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
