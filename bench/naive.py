"""The naive baseline the benchmark compares against: what a straightforward Streamlit app does on every rerun.

Each page re-reads the raw tables it needs whole (`SELECT * FROM kegiatan`: no rollups, no filter pushed into the
store), filters and groups them in pandas, classifies the tiers from the raw profiles, and the map embeds the
full-resolution boundaries (the reference GeoJSON beside the repository) in the figure it sends.

The figures are the dashboard's own: `check()` compares the baseline's region table, tier counts and activity
sums with the fast path's for a view, so the two sides of a ratio compute the same thing.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd

from kkb_dashboard.rules import classification, regions, schema
from kkb_dashboard.rules.filters import Filters, shift_month
from kkb_dashboard.storage import queries
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import metrics

SHARED_GEO = Path(__file__).resolve().parents[2] / "shared" / "geo"


def read(store: Store, *kinds: str) -> dict[str, pd.DataFrame]:
    """The raw tables, whole, as a rerun of the naive app reads them."""
    return {kind: store.sql(f"SELECT * FROM {kind}") for kind in kinds}


def _inside(frame: pd.DataFrame, wilayah: str) -> pd.DataFrame:
    return frame[frame["kode_desa"].str.startswith(wilayah)] if wilayah else frame


def _in_range(kegiatan: pd.DataFrame, f: Filters, dari: str | None = None) -> pd.DataFrame:
    rows = _inside(kegiatan, f.wilayah)
    rows = rows[rows["periode"].between(dari or f.dari, f.sampai)]
    return rows[rows["jenis_kegiatan"].isin(f.kegiatan)] if f.kegiatan else rows


def villages(raw: dict[str, pd.DataFrame], f: Filters, *, tier_filter: bool = True) -> pd.DataFrame:
    """`metrics.village_table` computed in pandas from the raw tables."""
    kampung = _inside(raw["kampung"], f.wilayah)
    end, year = metrics.month_end(f.sampai), int(f.sampai[:4])
    formed = pd.to_datetime(kampung["tanggal_pencanangan"]) <= end
    formed |= kampung["tanggal_pencanangan"].isna() & (
        kampung["tahun_pencanangan"].isna() | (kampung["tahun_pencanangan"] <= year)
    )
    kampung = kampung[formed.fillna(False)].sort_values("kode_desa").reset_index(drop=True)
    profil = _inside(raw["profil"], f.wilayah)
    profil = queries.profile_types(profil[profil["periode"] <= f.sampai].copy())
    kegiatan = _inside(raw["kegiatan"], f.wilayah)
    until = kegiatan[kegiatan["periode"] <= f.sampai]
    mentions = until.loc[until["instansi"].notna() & (until["instansi"] != ""), ["kode_desa", "periode", "instansi"]]
    table = kampung[["kode_desa", "nama_kampung"]].merge(
        classification.classify_kampung(kampung["kode_desa"], profil, f.sampai, mentions), on="kode_desa", how="left"
    )
    table["bulan_aktif"] = queries.months_active(kampung, f).to_numpy()
    names = regions.registry().set_index("kode")["nama"]
    table.insert(1, "nama_desa", table["kode_desa"].map(names))
    table.insert(2, "kecamatan", table["kode_desa"].str.slice(0, 8).map(names))
    activity = _in_range(kegiatan, f).groupby("kode_desa")["jumlah"].sum()
    table["kegiatan"] = table["kode_desa"].map(activity).fillna(0).astype(int)
    by_month = pd.to_datetime(until["periode"] + "-01") + pd.offsets.MonthEnd(0)
    reported = by_month.where(until["tanggal"].isna(), pd.to_datetime(until["tanggal"]))
    last = reported.groupby(until["kode_desa"]).max()
    table["laporan_terakhir"] = pd.to_datetime(table["kode_desa"].map(last.to_dict()))
    table["hari_sejak_laporan"] = (end - table["laporan_terakhir"]).dt.days.astype("Int64")
    if tier_filter and f.tingkat:
        table = table[table["klasifikasi"].isin(f.tingkat)]
    return table.reset_index(drop=True)


def ringkasan(store: Store, f: Filters) -> list:
    raw = read(store, "kampung", "profil", "kegiatan")
    every = villages(raw, f, tier_filter=False)
    plus = int(every["klasifikasi"].isin(schema.MANDIRI_PLUS).sum())
    months = _in_range(raw["kegiatan"], f, shift_month(f.sampai, -1)).groupby("periode")["jumlah"].sum()
    silent = len(metrics.silent_among(every, f.sampai))
    trend = _in_range(raw["kegiatan"], f).groupby("periode")[["jumlah", "peserta"]].sum()
    return [len(every), plus, months, silent, metrics.tier_counts(every), trend]


def kegiatan(store: Store, f: Filters) -> list:
    raw = read(store, "kampung", "profil", "kegiatan")
    chosen = villages(raw, f)
    rows = _in_range(raw["kegiatan"], f)
    if f.tingkat:
        rows = rows[rows["kode_desa"].isin(chosen["kode_desa"])]
    heatmap = rows.groupby(["jenis_kegiatan", "periode"])["jumlah"].sum().unstack("periode")
    trend = rows[rows["jenis_kegiatan"] == "Posyandu"].groupby("periode")[["jumlah", "peserta"]].sum()
    people = rows.groupby("jenis_kegiatan")[["jumlah", "peserta"]].sum()
    functions = rows.groupby(rows["seksi"].fillna(""))["jumlah"].sum()
    named = rows.assign(instansi=rows["instansi"].fillna("").str.split(";")).explode("instansi")
    named = named[named["instansi"].str.strip() != ""]
    partners = named.groupby(named["instansi"].str.strip()).agg(
        kegiatan=("jumlah", "sum"), kampung=("kode_desa", "nunique")
    )
    ranking = region_table(f, chosen).sort_values("kegiatan_per_kampung_bulan", ascending=False)
    return [heatmap, trend, people, functions, partners, ranking, metrics.silent_among(chosen, f.sampai)]


def klasifikasi(store: Store, f: Filters) -> list:
    raw = read(store, "kampung", "profil", "kegiatan")
    now = villages(raw, f)
    before = villages(raw, Filters(f.wilayah, f.dari, f.dari, f.tingkat, f.kegiatan), tier_filter=False)
    moves = now[["kode_desa", "klasifikasi"]].merge(
        before[["kode_desa", "klasifikasi"]], on="kode_desa", suffixes=("", "_dari")
    )
    transition = pd.crosstab(moves["klasifikasi_dari"], moves["klasifikasi"])
    return [metrics.tier_counts(now), region_table(f, now), transition, now]


def peta(store: Store, f: Filters) -> list:
    """The region table from the raw tables, and the figure with the full-resolution geometry embedded."""
    from kkb_dashboard.views import maps

    raw = read(store, "kampung", "profil", "kegiatan")
    table = region_table(f, villages(raw, f))
    fig = maps.choropleth(table, geojson_url="embedded", metric="mandiri_plus_persen", wilayah=f.wilayah)
    fig.update_traces(geojson=full_geometry(f.wilayah))
    return [table, fig.to_json()]


PAGES = {"ringkasan": ringkasan, "kegiatan": kegiatan, "klasifikasi": klasifikasi, "peta": peta}


def full_geometry(wilayah: str) -> dict:
    """The reference layer one level below `wilayah`, read whole and filtered to its children (every rerun)."""
    level = regions.level_of(wilayah) if wilayah else 0
    if level >= 2:
        prov = wilayah[:2]
        gz = SHARED_GEO / "desa" / f"idn_desa_{prov}.geojson.gz"
        source = (
            json.loads(gzip.decompress(gz.read_bytes()))
            if level == 3
            else json.loads((SHARED_GEO / "idn_kecamatan.geojson").read_text())
        )
    else:
        source = json.loads(
            (SHARED_GEO / ("idn_provinsi.geojson" if level == 0 else "idn_kabkota.geojson")).read_text()
        )
    width = {0: 2, 1: 5, 2: 8, 3: 13}[level]
    keep = [
        feature
        for feature in source["features"]
        if feature["properties"]["kode"].startswith(wilayah) and len(feature["properties"]["kode"]) == width
    ]
    for feature in keep:
        feature["id"] = feature["properties"]["kode"]
    return {"type": "FeatureCollection", "features": keep}


def region_table(f: Filters, villages: pd.DataFrame) -> pd.DataFrame:
    """`metrics.region_table` from the baseline's village rows, summed per sub-region in pandas."""
    width = regions.CODE_WIDTH[min(f.level + 1, 4)]
    by_sub = villages.assign(kode=villages["kode_desa"].str.slice(0, width))
    counts = (
        by_sub.pivot_table(index="kode", columns="klasifikasi", values="kode_desa", aggfunc="count", observed=False)
        .reindex(columns=list(schema.TIERS))
        .fillna(0)
        .astype(int)
    )
    grouped = by_sub.groupby("kode")
    sums = counts.join(
        pd.DataFrame(
            {
                "kegiatan": grouped["kegiatan"].sum(),
                "bulan_aktif": grouped["bulan_aktif"].sum(),
                "hari_sejak_laporan": grouped["hari_sejak_laporan"].median(),
            }
        ),
        how="outer",
    )
    return metrics.region_rows(f, sums.rename_axis("kode").reset_index())


def check(store: Store, f: Filters) -> dict:
    """The baseline's figures against the fast path's for one view: equal or the benchmark stops."""
    raw = read(store, "kampung", "profil", "kegiatan")
    slow = region_table(f, villages(raw, f))
    fast = metrics.region_table(store, f)
    columns = ["kode", "jumlah_kampung", *schema.TIERS, "kegiatan", "kegiatan_per_kampung_bulan"]
    pd.testing.assert_frame_equal(
        slow[columns].reset_index(drop=True), fast[columns].reset_index(drop=True), check_dtype=False
    )
    return {"view": f.to_query(), "sub_regions": len(fast), "kampung": int(fast["jumlah_kampung"].sum()), "equal": True}
