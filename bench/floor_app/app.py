"""The floor of `bench_floor.py`: a bare two-page Streamlit app on the same machine, browser and map as the
dashboard — a title and a sentence, then one plotly choropleth map of Banten's kab/kota (the shipped layer). What
the dashboard's probe figures cannot go below with Streamlit and plotly here."""

import json
from pathlib import Path

import streamlit as st

LAYER = Path(__file__).resolve().parents[2] / "static" / "layers" / "kabkota.geojson"


def first() -> None:
    st.title("Ringkasan")
    st.write("Kampung KB")


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


st.navigation([st.Page(first, title="Ringkasan", default=True), st.Page(peta, title="Peta", url_path="peta")]).run()
