"""Kegiatan: activity types by month, regions compared, a type's trend, participants, the 8 family functions,
partner agencies and the Kampung KB that stopped reporting — every part under the sidebar's filters."""

import streamlit as st

from kkb_dashboard import i18n, ui
from kkb_dashboard.rules import regions
from kkb_dashboard.views import activities, charts, metrics
from kkb_dashboard.views.charts import activities as activity_charts


def draw(fig, key: str) -> None:
    """A chart with the shared mode bar (PNG download)."""
    st.plotly_chart(fig, config=charts.CONFIG, key=key)


def table(frame, name: str, key: str) -> None:
    """A chart's numbers as a table with CSV/XLSX downloads, folded away: drawn only while unfolded (unfolding
    reruns the page, its data cached), so the six folded tables cost nothing on a filter change."""
    with st.expander(ui.tr("activities.show_table"), key=f"{key}_open", on_change="rerun") as folded:
        if folded.open:
            ui.table(frame)
            ui.table_downloads(frame, name, key)


def choose_type(f) -> str:
    """The trend's activity type: from the link on arrival (`?jenis=`), then from the selectbox."""
    from_link = "jenis" not in st.session_state
    requested = st.query_params.get("jenis") if from_link else st.session_state["jenis"]
    jenis, replaced = activities.pick_type(requested, f)
    if replaced and from_link:
        st.warning(ui.tr("ui.bad_link", value=ui.plain(f"jenis={requested}")))
    st.session_state["jenis"] = jenis
    label = lambda jenis: activity_charts.activity_label(jenis, ui.lang())  # noqa: E731 — "Lainnya" in the language
    st.selectbox(ui.tr("activities.trend_pick"), activities.types_shown(f), key="jenis", format_func=label)
    if st.query_params.get("jenis") != st.session_state["jenis"]:
        st.query_params["jenis"] = st.session_state["jenis"]
    return st.session_state["jenis"]


f = ui.current_filters()
if f.sampai:  # the page's queries (the headline's figures first), overlapping its drawing
    ui.prefetch(
        (metrics.headline, f),
        (activities.cells, f),
        (activities.kampung_count, f),
        (activities.silent, f),
        (activities.region_ranking, f),
        (activities.partner_agencies, f),
    )
st.title(ui.tr("activities.page_title"))
ui.view_header(f)
lang = ui.lang()

with ui.friendly_errors():
    if not f.sampai:
        st.info(ui.tr("activities.no_months"))
    else:
        st.caption(
            ui.tr(
                "activities.intro",
                region=regions.name_of(f.wilayah),
                first=i18n.format_month(f.dari, lang),
                last=i18n.format_month(f.sampai, lang),
            )
        )
        cells = ui.cached(activities.cells, f)
        numbers = activities.kpis(cells, ui.cached(activities.kampung_count, f), f)
        silent = ui.cached(activities.silent, f)
        cols = st.columns(4)
        cols[0].metric(
            ui.tr("activities.kpi_total"),
            i18n.format_number(numbers["kegiatan"], lang=lang),
            help=ui.tr(
                "activities.kpi_total_help",
                months=numbers["bulan"],
                kampung=i18n.format_number(numbers["jumlah_kampung"], lang=lang),
            ),
        )
        cols[1].metric(ui.tr("activities.kpi_rate"), i18n.format_number(numbers["per_kampung_bulan"], 2, lang))
        cols[2].metric(
            ui.tr("activities.kpi_month", month=i18n.format_month(f.sampai, lang)),
            i18n.format_number(numbers["bulan_ini"], lang=lang),
            delta=i18n.format_number(numbers["selisih"], lang=lang),
            help=ui.tr(
                "activities.kpi_month_help",
                month=i18n.format_month(numbers["bulan_lalu_periode"], lang),
                value=i18n.format_number(numbers["bulan_lalu"], lang=lang),
            ),
        )
        cols[3].metric(ui.tr("activities.kpi_silent"), i18n.format_number(len(silent), lang=lang))

        if not numbers["kegiatan"]:
            st.info(ui.tr("activities.empty"))
        else:
            st.subheader(ui.tr("activities.heatmap_heading"))
            grid = activities.heatmap(cells, f)
            draw(activity_charts.heatmap(grid, lang), "heatmap")
            table(grid, "kegiatan_jenis_bulan", "heatmap_table")

            st.subheader(ui.tr("activities.region_heading"))
            ranking = ui.cached(activities.region_ranking, f)
            if ranking.empty:
                st.info(ui.tr("activities.region_none"))
            else:
                level = ui.tr(f"activities.level_{min(f.level + 1, 4)}")
                draw(activity_charts.region_bars(ranking, level, lang), "regions")
                st.caption(ui.tr("activities.region_caption"))
                table(ranking, "kegiatan_per_wilayah", "regions_table")

            st.subheader(ui.tr("activities.trend_heading"))
            jenis = choose_type(f)
            monthly = activities.trend(cells, f, jenis)
            if monthly.empty or not monthly["jumlah"].sum():  # a line, not an empty chart
                st.info(ui.tr("activities.trend_none", jenis=activity_charts.activity_label(jenis, lang)))
            else:
                draw(activity_charts.monthly_trend(monthly, lang, jenis), "trend")
            table(monthly, f"tren_{jenis}", "trend_table")

            st.subheader(ui.tr("activities.participants_heading"))
            people = activities.participants(cells, f)
            draw(activity_charts.participants(people, lang), "participants")
            table(people, "peserta_per_jenis", "participants_table")

            st.subheader(ui.tr("activities.seksi_heading"))
            seksi = activities.family_functions(cells, f)
            draw(activity_charts.family_functions(seksi, lang), "seksi")
            st.caption(ui.tr("activities.seksi_caption"))
            table(seksi, "kegiatan_per_fungsi_keluarga", "seksi_table")

            st.subheader(ui.tr("activities.agencies_heading"))
            partners = ui.cached(activities.partner_agencies, f)
            if partners.empty:
                st.info(ui.tr("activities.agencies_none"))
            else:
                draw(activity_charts.agencies(partners, lang), "agencies")
                st.caption(ui.tr("activities.agencies_caption"))
                table(partners, "instansi_mitra", "agencies_table")

        st.subheader(ui.tr("activities.silent_heading"))
        st.caption(
            ui.tr(
                "activities.silent_caption",
                first=i18n.format_month(numbers["tanpa_laporan_dari"], lang),
                last=i18n.format_month(f.sampai, lang),
            )
        )
        if silent.empty:
            st.success(ui.tr("activities.silent_none"))
        else:
            ui.table(silent)
            ui.table_downloads(silent, "kampung_tanpa_laporan", "silent_table")

ui.page_help("kegiatan")
