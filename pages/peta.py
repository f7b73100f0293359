"""Peta: a choropleth one level below the chosen region — click a region to go down, the breadcrumb to go back."""

import functools

import streamlit as st

from kkb_dashboard import ui
from kkb_dashboard.errors import InputError
from kkb_dashboard.rules import regions
from kkb_dashboard.storage import boundaries
from kkb_dashboard.views import charts, maps, metrics
from kkb_dashboard.views.maps import layers

#: The map at 1366×768: it starts under the title and the one row of breadcrumb and measure, and ends at the
#: window's bottom edge. Widths are the chart's as laid out there (sidebar open), to frame the regions.
MAP_HEIGHT = 500
MAP_WIDTH = 900
DESA_MAP_WIDTH = 660


def _crumbs(wilayah: str) -> None:
    """Indonesia › Banten › Kota Cilegon: every crumb but the last goes back up to that region."""
    trail = ["", *regions.ancestors(wilayah)]
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        for index, code in enumerate(trail):
            st.button(
                regions.name_of(code),
                key=f"peta_crumb_{index}",
                type="tertiary",
                on_click=ui.go_to_region,
                args=(code,),
                disabled=code == wilayah,
                help=ui.tr("maps.breadcrumb_help", name=regions.name_of(code)),
            )
            if code != wilayah:
                st.markdown("›", width="content")


def _on_select() -> None:
    """A click on the map: go down to that region; at desa level show its Kampung KB card instead. Only the
    choropleth's own regions count (trace 0): the outline of a clicked desa is not clickable and the names are
    part of the map's style, not a trace."""
    points = [p for p in st.session_state["peta"].selection.points if p.get("curve_number", 0) == 0]
    code = points[0].get("location") if points else None
    if not code:
        return
    if regions.level_of(code) <= 3:
        ui.go_to_region(code)
    else:
        st.session_state["peta_desa"] = code


def _metric(wilayah: str) -> str:
    """The measure chosen, mirrored in the link as `?metrik=`. A measure this level does not offer (the count of
    Kampung KB after drilling down to desa) falls back to the level's default quietly; only a value that is no
    measure at all, i.e. a mistyped link, gets a notice."""
    options = maps.metric_options(wilayah, ui.cached(maps.indicator_names, wilayah))
    if st.session_state.get("peta_metrik") not in options:
        wanted = st.query_params.get("metrik")
        if wanted and not maps.known_metric(wanted):
            st.warning(ui.tr("ui.bad_link", value=ui.plain(f"metrik={wanted}")))
        st.session_state["peta_metrik"] = wanted if wanted in options else maps.default_metric(wilayah)
    metric = st.selectbox(
        ui.tr("maps.metric"),
        options,
        key="peta_metrik",
        format_func=lambda m: maps.metric_label(m, ui.lang(), wilayah),
        label_visibility="collapsed",
    )
    st.query_params["metrik"] = metric
    return metric


def _fetch(level: str, prov: str | None) -> None:
    bar = st.progress(0.0, text=ui.tr("maps.fetching"))
    layers.build_static(level, prov, lang=ui.lang(), progress=lambda done, text: bar.progress(done, text=text))
    bar.empty()
    st.rerun()


def _empty_state(level: str, prov: str | None) -> None:
    """No boundaries on this computer: fetch them once on first use; if that fails, say how to get them."""
    tried = st.session_state.setdefault("peta_tried", set())
    if (level, prov) not in tried:
        tried.add((level, prov))
        try:
            _fetch(level, prov)
        except InputError as exc:
            st.warning(ui.plain(exc))
    st.info(ui.tr("maps.empty_title", layer=layers.file_name(level, prov)))
    st.markdown(ui.tr("maps.empty_howto", level=level, prov_arg=f" --prov {prov}" if prov else ""))
    if st.button(ui.tr("maps.fetch_button"), type="primary", key="peta_fetch", icon=":material/download:"):
        _fetch(level, prov)


def _selected_desa(f) -> str | None:
    """The desa clicked on this kecamatan's map, if any."""
    code = st.session_state.get("peta_desa")
    return code if code and regions.parent_of(code) == f.wilayah else None


def _desa_card(f) -> None:
    """Beside the map: the clicked desa's Kampung KB card, or what a click there does."""
    code = _selected_desa(f)
    if not code:
        st.caption(ui.tr("maps.click_hint_desa"))
        return
    card = maps.desa_card(ui.cached(metrics.village_table, f), code, ui.lang())
    if card is None:
        st.info(ui.tr("maps.card_none", name=regions.name_of(code), month=f.sampai or "–"))
        return
    st.subheader(ui.tr("maps.card_title", name=regions.name_of(code)))
    ui.table(card)


@st.fragment
def _map(f, level: str, prov: str | None, lang: str) -> None:
    """Breadcrumb, measure selector, the map (with the desa card beside it at desa level), the table and the
    downloads: a fragment, so a new measure, the basemap switch or a desa's card reruns only this part; a click
    that drills down reruns the whole page."""
    if ui.selected_region() != f.wilayah:
        st.rerun(scope="app")
    if not layers.up_to_date(level, prov) and not layers.shipped(level, prov, f.wilayah):
        with st.spinner(ui.tr("maps.building", level=level)):
            layers.build_static(level, prov, lang=lang)
    crumbs, choose, switch = st.columns([5, 4, 2], vertical_alignment="center")
    with crumbs:
        _crumbs(f.wilayah)
    with choose:
        metric = _metric(f.wilayah)
    basemap = switch.toggle(ui.tr("maps.basemap"), key="peta_basemap", help=ui.tr("maps.basemap_help"))
    indicator = metric.removeprefix(maps.INDICATOR) if metric.startswith(maps.INDICATOR) else None
    values = ui.cached(maps.indicator_values, f, indicator) if indicator else ui.cached(metrics.region_table, f)
    desa = maps.desa_level(f.wilayah)
    layer = layers.layer_source(level, prov, f.wilayah)
    fig = maps.choropleth(
        values,
        geojson_url=layer.url,
        metric=metric,
        lang=lang,
        wilayah=f.wilayah,
        bounds=layer.bounds,
        labels=layer.labels,
        basemap=basemap,
        height=MAP_HEIGHT,
        width=DESA_MAP_WIDTH if desa else MAP_WIDTH,
        selected=_selected_desa(f) if desa else None,
    )
    where, card = st.columns([3, 1]) if desa else (st.container(), None)
    where.plotly_chart(fig, on_select=_on_select, selection_mode="points", key="peta", config=charts.CONFIG)
    with where:
        ui.map_loading("peta", layer.url)
    if card is not None:
        with card:
            _desa_card(f)
    hint = "" if desa else ui.tr("maps.click_hint") + " "
    st.caption(hint + ui.tr("maps.grey_note", source=boundaries.ATTRIBUTION[lang]))
    st.subheader(ui.tr("maps.table_heading"))
    table = maps.table_for(values, metric, lang)
    ui.table(table, percent=[maps.metric_label(m, lang) for m in ("cakupan_persen", "mandiri_plus_persen")])
    ui.table_downloads(table, f"peta_{f.wilayah or 'indonesia'}", key="peta_table")
    st.download_button(
        ui.tr("maps.download_html"),
        help=ui.tr("maps.download_html_help"),
        mime="text/html",
        data=functools.partial(maps.folium_download, values, metric=metric, f=f, lang=lang, basemap=basemap),
        file_name=f"peta_{f.wilayah or 'indonesia'}.html",
        key="peta_html",
        on_click="ignore",
        icon=":material/map:",
    )


filters = ui.current_filters()
if filters.sampai:  # the headline's figures, read while the page reads the map's
    ui.prefetch((metrics.headline, filters))
st.title(f"{ui.tr('maps.page_title')} — {regions.name_of(filters.wilayah)}")
header = st.empty()  # the headline, drawn here once the map is
with ui.friendly_errors():
    layer = layers.layer_for(filters.wilayah)
    if layers.needs_fetch(*layer) and not layers.shipped(*layer, filters.wilayah):
        _crumbs(filters.wilayah)
        _empty_state(*layer)
    else:
        _map(filters, *layer, ui.lang())
ui.view_header(filters, into=header)

ui.page_help("peta")
