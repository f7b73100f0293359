"""Simulasi: what if villages move up? Target and year, the tier engine's operations, baseline vs scenario side
by side, and the villages that must move up for the target. The store never changes; the link keeps the
scenario (`?target=40&tahun=2023&naik=5…`)."""

import functools

import streamlit as st

from kkb_dashboard import i18n, ui
from kkb_dashboard.rules import regions, schema
from kkb_dashboard.views import charts, simulation, tiers
from kkb_dashboard.views.charts import tiers as tier_charts

f = ui.current_filters()
lang = ui.lang()
region = regions.name_of(f.wilayah)
st.title(ui.tr("tierviews.page_simulasi") + " — " + region)
header = st.empty()  # the headline speaks of the simulated year's month, known once the year is chosen below
st.caption(ui.tr("tierviews.sim_intro"))

with ui.friendly_errors():
    years = ui.cached(simulation.years)
    if not years:
        ui.view_header(f, into=header)
        st.info(ui.tr("tierviews.no_month"))
        st.stop()

    # --- the scenario's settings: from the link on a fresh session, then from the widgets ------------------
    if not st.session_state.get("_sim_restored"):
        st.session_state["_sim_restored"] = True
        linked, notices = simulation.scenario_from_query(
            {key: st.query_params.get(key, "") for key in simulation.SCENARIO_KEYS},
            f.wilayah,
            years,
            simulation.default_year(years, f.sampai),
        )
        offered = ui.cached(simulation.scenario_options, f.wilayah, linked.tahun)
        st.session_state["sim_tahun"] = linked.tahun
        if linked.target is not None:
            st.session_state[f"sim_target_{f.wilayah}_{linked.tahun}"] = float(linked.target)
        st.session_state["sim_naik"] = min(linked.naik, len(offered["villages"]))
        st.session_state["sim_ubah"] = linked.ubah
        if linked.nilai:
            st.session_state[f"sim_nilai_{linked.ubah}"] = simulation.widget_value(linked.ubah, linked.nilai)
        st.session_state[f"sim_untuk_{f.wilayah}"] = linked.untuk if linked.untuk in offered["sub_regions"] else ""
        st.session_state[f"sim_pilih_{f.wilayah}_{linked.tahun}"] = simulation.known(linked.pilih, offered["villages"])
        if notices:
            st.warning(ui.tr("ui.bad_link", value=ui.plain(", ".join(f"{k}={v}" for k, v in notices))))

    left, right = st.columns(2)
    tahun = left.selectbox(ui.tr("tierviews.year"), years, key="sim_tahun")
    offered = ui.cached(simulation.scenario_options, f.wilayah, tahun)
    st.session_state.setdefault(f"sim_target_{f.wilayah}_{tahun}", float(offered["target"]))
    target = right.number_input(
        ui.tr("tierviews.target_input"),
        min_value=0.0,
        max_value=100.0,
        step=1.0,
        format="%g",  # 40, not 40.0; 37.5 stays 37.5
        key=f"sim_target_{f.wilayah}_{tahun}",
    )
    imported = offered["imported_target"]  # say whose target it is: an imported one or the simulation's own
    if imported is None or float(target) != float(imported):
        right.caption(
            ui.tr("tierviews.target_default", year=tahun, region=region, target=i18n.format_percent(target, 0, lang))
            if imported is None
            else ui.tr(
                "tierviews.target_typed",
                year=tahun,
                imported=i18n.format_percent(imported, 0, lang),
                target=i18n.format_percent(target, 0, lang),
            )
        )
    if not offered["villages"]:
        st.info(ui.tr("tierviews.no_kampung"))
        st.stop()

    st.subheader(ui.tr("tierviews.ops_heading"))
    st.caption(ui.tr("tierviews.op_order"))
    ops = st.columns(3)
    naik = ops[0].number_input(
        ui.tr("tierviews.op_naik"), min_value=0, max_value=len(offered["villages"]), step=1, key="sim_naik"
    )
    ubah = ops[1].selectbox(
        ui.tr("tierviews.op_ubah"),
        ["", *simulation.CHANGES],
        key="sim_ubah",
        # the page's language, not ui.tr's lookup at call time: Streamlit may format an option outside this run
        format_func=lambda k: i18n.t(f"tierviews.change.{k}" if k else "tierviews.op_ubah_none", lang),
    )
    kind = simulation.CHANGES[ubah][0] if ubah else "flag"
    nilai = ""
    if kind == "points":
        st.session_state.setdefault(f"sim_nilai_{ubah}", 5)
        nilai = str(
            ops[1].number_input(ui.tr("tierviews.op_nilai_points"), min_value=1, max_value=50, key=f"sim_nilai_{ubah}")
        )
    elif kind != "flag":
        nilai = ops[1].selectbox(ui.tr("tierviews.op_nilai_name"), schema.VOCABULARIES[kind], key=f"sim_nilai_{ubah}")
    untuk = ops[1].selectbox(
        ui.tr("tierviews.op_untuk"),
        ["", *offered["sub_regions"]],
        key=f"sim_untuk_{f.wilayah}",
        format_func=lambda c: offered["sub_regions"].get(c) or i18n.t("tierviews.op_semua", lang, region=region),
        disabled=not ubah,
    )
    pilih = ops[2].multiselect(
        ui.tr("tierviews.op_pilih"),
        list(offered["villages"]),
        key=f"sim_pilih_{f.wilayah}_{tahun}",
        format_func=offered["villages"].get,
        placeholder=ui.tr("tierviews.op_pilih_placeholder"),
    )
    scenario = simulation.Scenario(f.wilayah, int(tahun), float(target), int(naik), ubah, nilai, untuk, tuple(pilih))
    linked = scenario.to_query()
    for key in simulation.SCENARIO_KEYS:  # mirror the scenario in the link
        if key in linked and st.query_params.get(key) != linked[key]:
            st.query_params[key] = linked[key]
        elif key not in linked and key in st.query_params:
            del st.query_params[key]

    # --- baseline vs scenario ------------------------------------------------------------------------------
    listing = bool(st.session_state.get("sim_needed_open"))  # the villages' list below is unfolded
    result = ui.cached(simulation.simulate, scenario, lang, listing)
    target_text = i18n.format_percent(result["target_percent"], 0, lang)
    says = functools.partial(simulation.target_key, result=result)  # "target simulasi" unless imported
    ui.view_header(*simulation.headline_view(f, result, int(tahun)), into=header)
    cards = st.columns(3)
    for card, side in zip(cards, ("baseline", "scenario"), strict=False):
        card.metric(
            ui.tr(f"tierviews.kpi_{side}"),
            i18n.format_percent(result[side]["percent"], 2, lang),
            help=ui.tr("tierviews.kpi_target_help", count=result[side]["mandiri_plus"], total=result["kampung_kb"]),
        )
    cards[2].metric(
        ui.tr(says("tierviews.kpi_target")),
        target_text,
        help=ui.tr("tierviews.kpi_target_help", count=result["target_count"], total=result["kampung_kb"]),
    )
    outcome = result["scenario"]
    verdict = "tierviews.met" if outcome["met"] else "tierviews.missed"
    if outcome["met"] and not outcome["gap_villages"]:
        verdict = "tierviews.met_exactly"  # not "0 villages to spare"
    (st.success if outcome["met"] else st.warning)(
        ui.tr(
            says(verdict),
            target=target_text,
            count=abs(outcome["gap_villages"] or 0),
            points=i18n.format_number(abs(outcome["gap_points"] or 0), 2, lang),
        )
    )
    if result["moves"]:
        st.write(simulation.moves_text(result["moves"], lang))
    # --- how many villages the target still needs, and the scenario that moves them ----------------------------
    needed = result["needed"]
    count = i18n.format_number(needed["needed"], lang=lang)
    if needed["needed"]:
        st.write(
            ui.tr(
                says("tierviews.needed"),
                target=target_text,
                region=region,
                year=tahun,
                needed=count,
                plus=i18n.format_number(needed["mandiri_plus"], lang=lang),
                total=i18n.format_number(needed["kampung_kb"], lang=lang),
            )
        )
    if needed["needed"] and needed["enough"] is False:  # one sentence on why moving villages cannot reach it
        best = 100 * (needed["mandiri_plus"] + needed["liftable"]) / needed["kampung_kb"]
        st.warning(
            ui.tr(
                says("tierviews.not_enough"),
                target=target_text,
                n=i18n.format_number(needed["liftable"], lang=lang),
                needed=count,
                best=i18n.format_percent(best, 2, lang),
            )
        )
    elif needed["needed"] and needed["enough"]:
        st.write(ui.tr(says("tierviews.needed_how"), needed=count, target=target_text))
        st.button(
            ui.tr("tierviews.needed_apply", needed=count),
            key="sim_apply_needed",
            icon=":material/trending_up:",
            on_click=lambda: st.session_state.update(
                sim_naik=min(int(naik) + needed["needed"], len(offered["villages"]))
            ),
        )
    st.plotly_chart(
        tier_charts.scenario_bars(
            result["counts"], lang, ui.tr("tierviews.sim_counts_title", month=i18n.format_month(result["month"], lang))
        ),
        config=charts.CONFIG,
        key="sim_bars",
    )
    counts = tiers.labelled(result["counts"], lang)
    ui.table(counts)
    ui.table_downloads(counts, f"simulasi_per_wilayah_{tahun}", "sim_counts")

    st.subheader(ui.tr("tierviews.changes_heading"))
    if result["changes"].empty:
        st.info(ui.tr("tierviews.no_changes"))
    else:
        changed = tiers.labelled(result["changes"], lang)
        ui.table(changed)
        ui.table_downloads(changed, f"simulasi_perubahan_{tahun}", "sim_changes")

    # --- which villages the target still needs -------------------------------------------------------------
    st.subheader(ui.tr("tierviews.needed_heading"))
    if not needed["needed"]:
        st.success(ui.tr("tierviews.needed_none"))
    else:
        # Folded: finding the villages and what each must change is most of a what-if; unfolding reruns the page
        # with the list (`listing` above), and it stays while unfolded.
        with st.expander(
            ui.tr("tierviews.needed_list", n=i18n.format_number(needed["needed"], lang=lang)),
            key="sim_needed_open",
            on_change="rerun",
        ) as folded:
            if folded.open and listing:
                listed = tiers.labelled(needed["villages"], lang)
                ui.table(listed)
                ui.table_downloads(listed, f"desa_untuk_target_{tahun}", "sim_needed")

ui.page_help("simulasi")
