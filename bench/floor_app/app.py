"""The floor of `bench_floor.py`: a bare two-page Streamlit app on the same machine, browser and map as the
dashboard — a title and a sentence, then one plotly choropleth map of Banten's kab/kota (the shipped layer). What
the dashboard's probe figures cannot go below with Streamlit and plotly here.

Opened with `?widgets=1`, it has seven pages with icons and its first page draws the kinds of element the
dashboard's first page draws, with fixed values and no data read (no pandas, no DuckDB): the sidebar's language,
presentation mode, two region boxes, month range, tiers and activity types; the headline and its filter strip,
the data note, four cards, two small SVG pictures and an SVG map, two download buttons, the page's help, and a
custom component that draws nothing (as the dashboard's `ui.chart_code_ahead`). What those elements alone take to
appear on this machine, the floor of the dashboard's cold start."""

import json
from pathlib import Path

import streamlit as st

LAYER = Path(__file__).resolve().parents[2] / "static" / "layers" / "kabkota.geojson"


_MONTHS = [f"2024-{month:02d}" for month in range(1, 13)]
#: A component that draws nothing, like the dashboard's element that loads the chart code ahead.
_NOTHING = st.components.v2.component("floor_nothing", js="export default function () {}")
_SVG = (
    '<svg width="{w}" height="160" viewBox="0 0 {w} 160">'
    '<rect x="10" y="10" width="{b}" height="140" fill="#e66101"/></svg>'
)


def first() -> None:
    if not st.query_params.get("widgets"):
        st.title("Ringkasan")
        st.write("Kampung KB")
        return
    with st.sidebar:
        st.radio("Bahasa / Language", ["id", "en"], horizontal=True)
        st.toggle("Mode presentasi", help="Sidebar dilipat, angka besar.")
        st.selectbox("Provinsi", ["Banten", "Jawa Barat"])
        st.selectbox("Kabupaten/Kota", ["Semua", "Kabupaten Serang", "Kota Cilegon"])
        st.select_slider("Rentang bulan", options=_MONTHS, value=(_MONTHS[0], _MONTHS[-1]))
        st.multiselect("Klasifikasi", ["Dasar", "Berkembang", "Mandiri", "Berkelanjutan"], placeholder="Semua")
        st.multiselect("Jenis kegiatan", ["Posyandu", "BKB", "BKR", "BKL", "UPPKA"], placeholder="Semua")
    st.title("Ringkasan — Banten")
    st.markdown(
        "**Banten, Desember 2024: 1.552 Kampung KB; Mandiri plus 30,4 %** — *Wilayah:* Banten · *Periode:* 2024"
    )
    st.caption("Impor terakhir: kegiatan.csv, 4 Des 2026")
    st.warning("Data sintetis untuk demo.")
    for card, (label, value, delta) in zip(
        st.columns(4),
        [
            ("Kampung KB", "1.552", None),
            ("Mandiri plus", "30,4 %", "-9,6 poin"),
            ("Kegiatan", "12.345", "+3 %"),
            ("Diam", "12", "-2"),
        ],
        strict=True,
    ):
        card.metric(label, value, delta=delta)
    left, right = st.columns([2, 3])
    left.markdown(_SVG.format(w=220, b=120), unsafe_allow_html=True)
    right.markdown(_SVG.format(w=360, b=300), unsafe_allow_html=True)
    st.markdown(_SVG.format(w=600, b=560), unsafe_allow_html=True)
    downloads = st.container(horizontal=True)
    downloads.download_button(
        "Unduh ringkasan rapat",
        data="x",
        file_name="ringkasan.html",
        type="primary",
        on_click="ignore",
        icon=":material/summarize:",
    )
    downloads.download_button(
        "Unduh deck", data="x", file_name="deck.pptx", on_click="ignore", icon=":material/slideshow:"
    )
    with st.sidebar.popover("Bantuan", icon=":material/help:", width="stretch"):
        st.markdown("Halaman ini menjawab …")
    _NOTHING(key="floor_component")


def peta() -> None:
    import plotly.graph_objects as go

    st.title("Peta")
    features = [f for f in json.loads(LAYER.read_text(encoding="utf-8"))["features"] if f["id"].startswith("36")]
    codes = [f["id"] for f in features]
    fig = go.Figure(
        go.Choroplethmap(
            geojson={"type": "FeatureCollection", "features": features}, locations=codes, z=list(range(len(codes)))
        )
    )
    fig.update_layout(
        map_style="white-bg",
        map_center={"lon": 106.1, "lat": -6.4},
        map_zoom=7,
        height=560,
        margin=dict(l=0, r=0, t=0, b=0),
    )
    st.plotly_chart(fig)


pages = [st.Page(first, title="Ringkasan", default=True), st.Page(peta, title="Peta", url_path="peta")]
if st.query_params.get("widgets"):  # the dashboard's seven pages, each with its icon
    pages = [
        st.Page(first, title="Ringkasan", icon=":material/dashboard:", default=True),
        st.Page(peta, title="Peta", icon=":material/map:", url_path="peta"),
        *(
            st.Page(first, title=title, icon=icon, url_path=path)
            for title, icon, path in (
                ("Kegiatan", ":material/event_note:", "kegiatan"),
                ("Klasifikasi", ":material/military_tech:", "klasifikasi"),
                ("Simulasi", ":material/query_stats:", "simulasi"),
                ("Tindak lanjut", ":material/checklist:", "tindak_lanjut"),
                ("Data", ":material/upload_file:", "data"),
            )
        ),
    ]
st.navigation(pages).run()
