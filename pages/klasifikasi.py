"""Klasifikasi: tiers per sub-region against the target, transitions between two months, every Kampung KB's
12 sub-scores with an explanation card, and reported vs computed tiers."""

import streamlit as st

from kkb_dashboard import i18n, ui
from kkb_dashboard.rules import regions
from kkb_dashboard.views import charts, metrics
from kkb_dashboard.views import tiers as tierviews
from kkb_dashboard.views.charts import tiers as tier_charts


def held(key: str, options: list, default):
    """What the selectbox keyed `key` will hold on this run: its state while still an option, else `default`."""
    value = st.session_state.get(key)
    return value if value in options else default


f = ui.current_filters()
lang = ui.lang()
if f.sampai:  # the page's queries (its tier counts, which the headline reads too, first), overlapping its drawing
    months = [m for m in ui.months(ui.data_version()) if m <= f.sampai]
    first = months.index(f.dari) if f.dari in months else 0
    month_a, month_b = held("klas_month_a", months, months[first]), held("klas_month_b", months, months[-1])
    ui.prefetch(
        (tierviews.region_counts, f),
        (tierviews.distribution, f),
        (tierviews.transition, f, month_a, month_b),
        (tierviews.village_scores, f),
        (tierviews.reported_vs_computed, f),
    )
st.title(ui.tr("tierviews.page_klasifikasi") + " — " + regions.name_of(f.wilayah))

with ui.friendly_errors():
    if not f.sampai:
        ui.view_header(f)
        st.info(ui.tr("tierviews.no_month"))
        st.stop()
    counts = ui.cached(tierviews.region_counts, f)
    target = ui.cached(tierviews.target_persen, f.wilayah, int(f.sampai[:4]))
    ui.view_header(f, metrics.headline_figures(counts, target, int(f.sampai[:4])))  # the page's own figures
    month = i18n.format_month(f.sampai, lang)
    st.caption(ui.tr("tierviews.as_of", month=month))
    if not sum(counts.values()):
        st.info(ui.tr("tierviews.no_kampung"))
        st.stop()

    # --- distribution per sub-region, against the target -------------------------------------------------
    st.subheader(ui.tr("tierviews.dist_heading"))
    if target is None:
        st.caption(ui.tr("tierviews.no_target", year=f.sampai[:4], region=regions.name_of(f.wilayah)))
    if f.tingkat:
        st.caption(ui.tr("tierviews.filtered_tiers"))
    table = ui.cached(tierviews.distribution, f)
    left, right = st.columns([2, 1])
    with left:
        mode = st.segmented_control(
            ui.tr("tierviews.mode"),
            ["persen", "jumlah"],
            default="persen",
            key="klas_mode",
            format_func=lambda m: ui.tr(f"tierviews.mode_{m}"),
        )
        fig = tier_charts.tier_bars(table, lang, percent=mode != "jumlah", target_persen=target)
        st.plotly_chart(fig, config=charts.CONFIG, key="klas_bars")
    with right:
        donut = tier_charts.tier_distribution(
            counts, lang, target, title=ui.tr("tierviews.dist_whole", region=regions.name_of(f.wilayah))
        )
        st.plotly_chart(donut, config=charts.CONFIG, key="klas_donut")
    if target is None:  # no target this year (the caption above says so): no column of "–"
        table = table.drop(columns="target_mandiri_plus")
    per_region = tierviews.labelled(table, lang)
    ui.table(per_region)
    ui.table_downloads(per_region, "klasifikasi_per_wilayah", "klas_dist")

    # --- transitions between two months --------------------------------------------------------------------
    st.subheader(ui.tr("tierviews.trans_heading"))
    pick_a, pick_b = st.columns(2)
    month_a = pick_a.selectbox(
        ui.tr("tierviews.month_a"),
        months,
        index=first,
        key="klas_month_a",
        format_func=lambda m: i18n.format_month(m, lang),
    )
    month_b = pick_b.selectbox(
        ui.tr("tierviews.month_b"),
        months,
        index=len(months) - 1,
        key="klas_month_b",
        format_func=lambda m: i18n.format_month(m, lang),
    )
    moves = ui.cached(tierviews.transition, f, month_a, month_b)
    if not moves["jumlah"]:
        st.info(ui.tr("tierviews.no_kampung"))
    else:
        label_a, label_b = i18n.format_month(month_a, lang), i18n.format_month(month_b, lang)
        st.plotly_chart(
            tier_charts.transition_heatmap(
                moves["matrix"], lang, label_a, label_b, ui.tr("tierviews.trans_title", a=label_a, b=label_b)
            ),
            config=charts.CONFIG,
            key="klas_transitions",
        )
        st.caption(
            ui.tr(
                "tierviews.trans_caption",
                n=i18n.format_number(moves["jumlah"], lang=lang),
                month=i18n.format_month(moves["bulan"], lang),
                moved=len(moves["moved"]),
            )
        )
        if moves["moved"].empty:
            st.info(ui.tr("tierviews.no_moves"))
        else:
            st.markdown("**" + ui.tr("tierviews.moved_heading") + "**")
            moved = tierviews.labelled(moves["moved"], lang)
            ui.table(moved)
            ui.table_downloads(moved, f"perpindahan_{month_a}_{month_b}", "klas_moved")

    # --- every Kampung KB with its 12 sub-scores; one selected row gets its explanation ---------------------
    st.subheader(ui.tr("tierviews.table_heading"))
    villages = ui.cached(tierviews.village_scores, f)
    shown = tierviews.labelled(villages, lang)
    linked = tierviews.selection_of(villages, st.query_params.get("desa"))  # a copied link reopens the card
    event = ui.table(
        shown,
        on_select="rerun",
        selection_mode="single-row",
        key="klas_villages",
        selection_default=linked,
    )
    ui.table_downloads(shown, "skor_kampung_kb", "klas_villages_dl")
    code = tierviews.selected_code(villages, event.selection.rows)
    if code:
        st.query_params["desa"] = code
    elif "desa" in st.query_params:
        del st.query_params["desa"]
    if code is None:
        st.info(ui.tr("tierviews.pick_row"))
    else:
        card = ui.cached(tierviews.explanation, f, code, lang)
        with st.container(border=True):
            st.markdown(f"#### {ui.tr('tierviews.card_title', name=ui.plain(card['nama']), tier=card['klasifikasi'])}")
            st.write(card["tingkat"])
            columns = st.columns(3)
            for column, (group, index) in zip(columns, card["indeks"].items(), strict=True):
                column.metric(
                    i18n.t(f"tiers.index.{group}", lang),
                    i18n.format_number(index["nilai"], 2, lang),
                    ui.tr("tierviews.index_pass" if index["lulus"] else "tierviews.index_fail"),
                    delta_color="normal" if index["lulus"] else "inverse",
                    delta_arrow="off",
                )
            st.markdown("**" + ui.tr("tierviews.scores_heading") + "**")
            scores = tierviews.labelled(tierviews.explanation_table(card, lang), lang)
            ui.table(scores, height=35 * 13 + 3)  # all 12 rows, no inner scrolling
            ui.table_downloads(scores, f"penjelasan_{code}", "klas_card")
            st.markdown("**" + ui.tr("tierviews.lift_heading") + "**")
            if card["naik"] is None:
                st.write(ui.tr("tierviews.top_tier"))
            else:
                st.write(card["naik"]["ringkasan"])
                st.markdown("\n".join(f"- {line}" for line in card["naik"]["teks"]))
            for note in card["catatan"]:
                st.caption(note)

    # --- reported vs computed ------------------------------------------------------------------------------
    st.subheader(ui.tr("tierviews.rep_heading"))
    report = ui.cached(tierviews.reported_vs_computed, f)
    if not report["jumlah"]:
        st.info(ui.tr("tierviews.rep_none", month=month))
    else:
        cards = st.columns(3)
        cards[0].metric(ui.tr("tierviews.rep_rate"), i18n.format_percent(100 * report["rate"], 2, lang))
        cards[1].metric(ui.tr("tierviews.rep_count"), i18n.format_number(report["jumlah"], lang=lang))
        cards[2].metric(ui.tr("tierviews.rep_diff"), i18n.format_number(len(report["selisih"]), lang=lang))
        st.caption(ui.tr("tierviews.rep_caption"))
        if report["selisih"].empty:
            st.success(ui.tr("tierviews.rep_all_agree"))
        else:
            different = tierviews.labelled(report["selisih"], lang)
            ui.table(different)
            ui.table_downloads(different, "klasifikasi_tidak_sesuai", "klas_reported")

ui.page_help("klasifikasi")
