"""Activity aggregations and charts, checked against pandas sums over data/demo/kegiatan.csv and a tiny store."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from kkb_dashboard import config
from kkb_dashboard.rules import regions, schema
from kkb_dashboard.rules.filters import Filters, month_range
from kkb_dashboard.storage import importer
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import activities, metrics
from kkb_dashboard.views.charts import activities as charts

DEMO = config.demo_dir()
SERANG = Filters("36.04", "2024-01", "2024-06")


def _kpis(store, f: Filters) -> dict:
    """The Kegiatan page's headline, as the page makes it."""
    return activities.kpis(activities.cells(store, f), activities.kampung_count(store, f), f)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """A read-only store on the demo database, built once for the module."""
    path = tmp_path_factory.mktemp("demo") / "kkb.duckdb"
    importer.load_demo(path)
    with Store(path, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    """The demo activity rows, straight from the CSV."""
    frame = pd.read_csv(
        DEMO / "kegiatan.csv", dtype={"kode_desa": str, "periode": str, "seksi": str, "instansi": str, "tanggal": str}
    )
    return frame


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    return pd.read_csv(DEMO / "kampung.csv", dtype=str)


def _in_view(rows: pd.DataFrame, f: Filters) -> pd.DataFrame:
    chosen = rows[rows["kode_desa"].str.startswith(f.wilayah) & rows["periode"].between(f.dari, f.sampai)]
    return chosen[chosen["jenis_kegiatan"].isin(f.kegiatan)] if f.kegiatan else chosen


def _formed_by(register: pd.DataFrame, wilayah: str, month: str) -> pd.DataFrame:
    """Kampung KB of the register formed by the end of `month` (a year alone counts from January)."""
    formed = register["tanggal_pencanangan"].fillna("1900").str[:7]
    inside = register["kode_desa"].str.startswith(wilayah)
    return register[inside & (formed <= month)]


# --- type × month --------------------------------------------------------------------------------------------


def test_heatmap_cells_are_the_sums_of_jumlah(demo_store, rows):
    table = activities.heatmap(activities.cells(demo_store, SERANG), SERANG).set_index("jenis_kegiatan")
    expected = _in_view(rows, SERANG).pivot_table(
        index="jenis_kegiatan", columns="periode", values="jumlah", aggfunc="sum"
    )
    assert list(table.index) == list(schema.ACTIVITY_TYPES)
    assert list(table.columns) == month_range("2024-01", "2024-06")
    assert table.loc["BKB", "2024-03"] == expected.loc["BKB", "2024-03"]
    for jenis in expected.index:
        assert table.loc[jenis].tolist() == expected.loc[jenis].fillna(0).astype(int).tolist(), jenis
    assert table.loc["Lainnya"].sum() == 0  # no row of that type: shown as zeros, not left out


def test_heatmap_keeps_months_without_data_and_only_chosen_types(demo_store, rows):
    f = Filters("36.04", "2024-11", "2025-02", kegiatan=("BKB", "PIK-R"))
    table = activities.heatmap(activities.cells(demo_store, f), f).set_index("jenis_kegiatan")
    assert list(table.index) == ["BKB", "PIK-R"]
    assert list(table.columns) == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert table[["2025-01", "2025-02"]].to_numpy().sum() == 0
    expected = _in_view(rows, f).groupby(["jenis_kegiatan", "periode"])["jumlah"].sum()
    assert table.loc["PIK-R", "2024-12"] == expected[("PIK-R", "2024-12")]


@pytest.mark.parametrize("wilayah", ["", "36", "36.72", "36.72.01", "18.04"])
def test_region_prefix_is_respected(demo_store, rows, wilayah):
    f = Filters(wilayah, "2023-01", "2024-12")
    total = activities.heatmap(activities.cells(demo_store, f), f).drop(columns="jenis_kegiatan").to_numpy().sum()
    assert total == _in_view(rows, f)["jumlah"].sum()


# --- tiers ---------------------------------------------------------------------------------------------------


def test_tier_filter_keeps_only_kampung_of_the_chosen_tiers(demo_store, rows):
    f = Filters("36.04", "2024-01", "2024-06", tingkat=("Mandiri", "Berkelanjutan"))
    classified = metrics.tiers_as_of(demo_store, "36.04", "2024-06")
    chosen = set(classified.loc[classified["klasifikasi"].isin(f.tingkat), "kode_desa"])
    assert 0 < len(chosen) < 234
    expected = _in_view(rows, f)
    expected = expected[expected["kode_desa"].isin(chosen)]
    table = activities.heatmap(activities.cells(demo_store, f), f).set_index("jenis_kegiatan")
    assert table.to_numpy().sum() == expected["jumlah"].sum()
    assert table.loc["Posyandu"].sum() == expected.loc[expected["jenis_kegiatan"] == "Posyandu", "jumlah"].sum()
    numbers = _kpis(demo_store, f)
    assert numbers["jumlah_kampung"] == len(chosen)
    assert numbers["kegiatan"] == expected["jumlah"].sum()


# --- regions -------------------------------------------------------------------------------------------------


def test_region_ranking_is_activities_per_kampung_per_month(demo_store, rows, register):
    kampung = _formed_by(register, "36.04", "2024-06")
    active = _in_view(rows, SERANG)
    active = active[active["kode_desa"].isin(kampung["kode_desa"])]
    per_kec = active.groupby(active["kode_desa"].str[:8])["jumlah"].sum()
    counts = kampung.groupby(kampung["kode_desa"].str[:8]).size()
    rates = (per_kec.reindex(counts.index).fillna(0) / (counts * 6)).round(2)
    ranked = rates.sort_values(ascending=False)
    table = activities.region_ranking(demo_store, SERANG)
    top, bottom = table[table["kelompok"] == "atas"], table[table["kelompok"] == "bawah"]
    assert len(top) == 10 and len(bottom) == 10
    assert dict(zip(top["kode"], top["kegiatan_per_kampung_bulan"], strict=True)) == pytest.approx(
        ranked.head(10).to_dict()
    )
    assert dict(zip(bottom["kode"], bottom["kegiatan_per_kampung_bulan"], strict=True)) == pytest.approx(
        ranked.tail(10).to_dict()
    )
    assert top["nama"].iloc[0] == regions.name_of(top["kode"].iloc[0])
    assert list(top["kegiatan_per_kampung_bulan"]) == sorted(top["kegiatan_per_kampung_bulan"], reverse=True)


def test_few_regions_are_listed_once(demo_store):
    table = activities.region_ranking(demo_store, Filters("36.72", "2024-01", "2024-12"))
    assert len(table) == 8 and set(table["kelompok"]) == {"atas"}
    assert table["kode"].is_unique


# --- trend, participants, family functions, agencies --------------------------------------------------------


def test_trend_of_one_type_with_participants(demo_store, rows):
    table = activities.trend(activities.cells(demo_store, SERANG), SERANG, "BKB")
    view = _in_view(rows, SERANG)
    expected = view[view["jenis_kegiatan"] == "BKB"].groupby("periode")[["jumlah", "peserta"]].sum()
    assert list(table["periode"]) == SERANG.months()
    assert table["jumlah"].tolist() == expected["jumlah"].astype(int).tolist()
    assert table["peserta"].tolist() == expected["peserta"].astype(int).tolist()
    everything = activities.trend(activities.cells(demo_store, SERANG), SERANG)
    assert everything["jumlah"].sum() == view["jumlah"].sum()


def test_participants_per_type(demo_store, rows):
    table = activities.participants(activities.cells(demo_store, SERANG), SERANG).set_index("jenis_kegiatan")
    view = _in_view(rows, SERANG)
    expected = view.groupby("jenis_kegiatan")["peserta"].sum()
    assert table.loc["Posyandu", "peserta"] == expected["Posyandu"]
    assert table.loc["KIE", "kegiatan"] == view.loc[view["jenis_kegiatan"] == "KIE", "jumlah"].sum()
    assert table["peserta"].sum() == expected.sum()
    assert pd.isna(table.loc["Lainnya", "peserta_per_kegiatan"])  # no activity: no average, not zero
    # the mean as it is, not rounded to one decimal: a table writing two decimals would show 23.20 for 23.23
    bkb = table.loc["BKB"]
    assert table.loc["BKB", "peserta_per_kegiatan"] == bkb["peserta"] / bkb["kegiatan_dengan_peserta"]


def test_family_functions_count_other_and_empty_honestly(demo_store, rows):
    f = Filters("36.72", "2024-05", "2024-05")
    table = activities.family_functions(activities.cells(demo_store, f), f)
    view = _in_view(rows, f)
    expected = view.groupby(view["seksi"].fillna(""))["jumlah"].sum()
    assert list(table["seksi"][:9]) == [*activities.FAMILY_FUNCTIONS, "Lainnya"]
    assert len(activities.FAMILY_FUNCTIONS) == 8
    assert pd.isna(table["seksi"].iloc[9])
    assert table["kegiatan"].iloc[9] == expected[""] == 12  # the 12 real Pokja meetings name no seksi
    assert table["kegiatan"].iloc[8] == expected.get("Lainnya", 0)
    by_name = dict(zip(table["seksi"][:8], table["kegiatan"][:8], strict=True))
    assert by_name == {name: expected.get(name, 0) for name in activities.FAMILY_FUNCTIONS}
    assert table["persen"].sum() == pytest.approx(100, abs=0.05)
    assert table["fungsi_keluarga"].tolist() == [True] * 8 + [False, False]


def test_partner_agencies_count_each_agency_of_a_row(demo_store, rows):
    table = activities.partner_agencies(demo_store, SERANG).set_index("instansi")
    view = _in_view(rows, SERANG).dropna(subset=["instansi"])
    named = view.assign(instansi=view["instansi"].str.split(";")).explode("instansi")
    expected = named.groupby("instansi").agg(kegiatan=("jumlah", "sum"), kampung=("kode_desa", "nunique"))
    assert table[["kegiatan", "kampung"]].sort_index().equals(expected.sort_index().astype(int))
    assert table.loc["OPD PPKB", "kantor_sendiri"]
    assert not table.loc["Puskesmas", "kantor_sendiri"]
    assert list(table["kegiatan"]) == sorted(table["kegiatan"], reverse=True)


# --- silent Kampung KB and KPIs ------------------------------------------------------------------------------


def test_silent_kampung_have_no_report_in_three_months(demo_store, rows, register):
    f = Filters("", "2024-01", "2024-12")
    kampung = _formed_by(register, "", "2024-12")
    last = rows[rows["periode"] <= "2024-12"].groupby("kode_desa")["periode"].max()
    expected = {code for code in kampung["kode_desa"] if last.get(code, "") < "2024-10"}
    table = activities.silent(demo_store, f)
    assert set(table["kode_desa"]) == expected
    assert len(expected) > 0


def test_kpis_against_the_csv(demo_store, rows, register):
    numbers = _kpis(demo_store, SERANG)
    view = _in_view(rows, Filters("36.04", "2024-05", "2024-06"))
    by_month = view.groupby("periode")["jumlah"].sum()
    assert numbers["kegiatan"] == _in_view(rows, SERANG)["jumlah"].sum()
    assert numbers["jumlah_kampung"] == len(_formed_by(register, "36.04", "2024-06")) == 234
    assert numbers["per_kampung_bulan"] == pytest.approx(numbers["kegiatan"] / (234 * 6))
    assert (numbers["bulan_ini"], numbers["bulan_lalu"]) == (by_month["2024-06"], by_month["2024-05"])
    assert numbers["selisih"] == by_month["2024-06"] - by_month["2024-05"]


def test_month_before_the_range_still_counts_for_the_comparison(demo_store, rows):
    numbers = _kpis(demo_store, Filters("36.72", "2024-03", "2024-03"))
    previous = _in_view(rows, Filters("36.72", "2024-02", "2024-02"))["jumlah"].sum()
    assert numbers["bulan_lalu"] == previous > 0


@pytest.mark.parametrize("f", [Filters("11", "2024-01", "2024-06"), Filters("18.04", "2023-01", "2023-06"), Filters()])
def test_no_kampung_gives_empty_tables_not_errors(demo_store, f):
    assert _kpis(demo_store, f)["kegiatan"] == 0
    assert activities.region_ranking(demo_store, f).empty
    assert activities.silent(demo_store, f).empty
    assert activities.partner_agencies(demo_store, f).empty
    assert activities.family_functions(activities.cells(demo_store, f), f)["kegiatan"].sum() == 0


def test_months_without_reports_make_every_kampung_silent(demo_store):
    f = Filters("36.04", "2025-01", "2025-03")
    assert _kpis(demo_store, f)["kegiatan"] == 0
    assert len(activities.silent(demo_store, f)) == 234
    assert activities.region_ranking(demo_store, f)["kegiatan_per_kampung_bulan"].eq(0).all()


@pytest.mark.parametrize(
    ("requested", "kegiatan", "expected"),
    [
        ("BKR", (), ("BKR", False)),
        (None, (), ("BKB", False)),
        ("Nope", (), ("BKB", True)),
        ("BKB", ("PAUD", "KIE"), ("PAUD", True)),
        ("KIE", ("PAUD", "KIE"), ("KIE", False)),
    ],
)
def test_pick_type(requested, kegiatan, expected):
    assert activities.pick_type(requested, Filters(kegiatan=kegiatan)) == expected


# --- a tiny store built in the test ---------------------------------------------------------------------------


@pytest.fixture
def tiny_store(db, write_csv):
    """Two Kampung KB of Kota Cilegon; one partner name that is HTML, one own office, one empty seksi."""
    desa = list(regions.descendants("36.72.01", 4)["kode"][:2])
    kampung = write_csv(
        "kampung.csv",
        [
            ["kode_desa", "nama_kampung", "tanggal_pencanangan"],
            [desa[0], "KKB <b>Satu</b>", "2023"],
            [desa[1], "KKB Dua", "2023"],
        ],
    )
    kegiatan = write_csv(
        "kegiatan.csv",
        [
            ["kode_desa", "periode", "jenis_kegiatan", "jumlah", "peserta", "seksi", "instansi"],
            [desa[0], "2024-01", "BKB", "3", "30", "Reproduksi", "<img src=x onerror=alert(1)>;Dinkes"],
            [desa[0], "2024-02", "Bina Keluarga Remaja", "2", "", "", "DP3AP2KB"],
            [desa[1], "2024-02", "BKB", "1", "12", "Lainnya", "Dinas Kesehatan"],
        ],
    )
    for path, kind in ((kampung, "kampung"), (kegiatan, "kegiatan")):
        report = importer.import_file(path, kind, db=db)
        assert report.exit_code == 0, report.errors
    with Store(db, read_only=True) as store:
        yield store, desa


def test_tiny_store_aggregations(tiny_store):
    store, desa = tiny_store
    f = Filters("36.72", "2024-01", "2024-02")
    grid = activities.heatmap(activities.cells(store, f), f).set_index("jenis_kegiatan")
    assert grid.loc["BKB"].tolist() == [3, 1] and grid.loc["BKR"].tolist() == [0, 2]
    partners = activities.partner_agencies(store, f).set_index("instansi")
    assert partners.loc["Dinkes", "kegiatan"] == 4 and partners.loc["Dinkes", "kampung"] == 2
    assert partners.loc["OPD PPKB", "kantor_sendiri"]  # DP3AP2KB is the program's own office
    seksi = activities.family_functions(activities.cells(store, f), f)
    assert seksi["kegiatan"].tolist()[-2:] == [1, 2]  # Lainnya 1, empty 2
    people = activities.participants(activities.cells(store, f), f).set_index("jenis_kegiatan")
    assert people.loc["BKR", "peserta"] == 0 and people.loc["BKR", "kegiatan_dengan_peserta"] == 0
    assert _kpis(store, f)["per_kampung_bulan"] == pytest.approx(6 / (2 * 2))


def test_names_are_escaped_in_hover_and_labels(tiny_store):
    store, _ = tiny_store
    fig = charts.agencies(activities.partner_agencies(store, Filters("36.72", "2024-01", "2024-02")))
    labels = [label for trace in fig.data for label in trace.y]
    assert "&lt;img src=x onerror=alert(1)&gt;" in labels
    assert not any("<img" in label for label in labels)
    frame = pd.DataFrame(
        {
            "kode": ["36.72.01", "36.72.02"],
            "nama": ["<script>x</script>", "A & B"],
            "jumlah_kampung": [1, 2],
            "kegiatan": [3, 4],
            "kegiatan_per_kampung_bulan": [3.0, 2.0],
            "kelompok": ["atas", "atas"],
        }
    )
    spec = json.loads(charts.region_bars(frame, "Kecamatan").to_json())
    assert spec["data"][0]["y"] == ["&lt;script&gt;x&lt;/script&gt;", "A &amp; B"]
    assert "<script>" not in json.dumps(spec)


# --- charts --------------------------------------------------------------------------------------------------


def test_monthly_trend_is_reusable_with_metrics_monthly_activity(demo_store):
    long = metrics.monthly_activity(demo_store, SERANG)  # one row per month and type, no participants
    fig = charts.monthly_trend(long, "id")
    assert list(fig.data[0].x) == SERANG.months() and len(fig.data) == 1
    assert list(fig.data[0].y) == long.groupby("periode")["jumlah"].sum().tolist()
    with_people = charts.monthly_trend(activities.trend(activities.cells(demo_store, SERANG), SERANG), "en")
    assert [trace.type for trace in with_people.data] == ["bar", "scatter"]
    assert with_people.layout.yaxis2.overlaying == "y"


@pytest.mark.parametrize(
    ("lang", "separators", "title"),
    [("id", ",.", "Kegiatan per jenis dan bulan"), ("en", ".,", "Activities by type and month")],
)
def test_charts_follow_the_language(demo_store, lang, separators, title):
    fig = charts.heatmap(activities.heatmap(activities.cells(demo_store, SERANG), SERANG), lang)
    assert fig.layout.separators == separators and fig.layout.title.text == title
    assert fig.layout.xaxis.ticktext[4] == {"id": "Mei 2024", "en": "May 2024"}[lang]
    seksi = activities.family_functions(activities.cells(demo_store, SERANG), SERANG)
    labels = charts.family_functions(seksi, lang).data[0].y
    assert labels[-1] == {"id": "(tidak diisi)", "en": "(not stated)"}[lang]


def test_heatmap_shows_zero_cells(demo_store):
    fig = charts.heatmap(activities.heatmap(activities.cells(demo_store, SERANG), SERANG))
    assert list(fig.data[0].y)[-1] == "Lainnya" and list(fig.data[0].z[-1]) == [0] * 6
    assert fig.data[0].zmin == 0


def test_library_and_charts_do_not_import_streamlit():
    source = Path(activities.__file__).read_text() + Path(charts.__file__).read_text()
    assert "import streamlit" not in source


@pytest.mark.parametrize(("counts", "dtick"), [([0, 0, 0], 1), ([0, 3, 1], 1), ([4, 12, 30], None)])
def test_a_count_axis_ticks_whole_numbers(counts, dtick):
    # issue 14 review: a type with no activities drew 0.2 / 0.8 ticks on a count axis
    frame = pd.DataFrame({"periode": ["2024-01", "2024-02", "2024-03"], "jumlah": counts, "peserta": counts})
    fig = charts.monthly_trend(frame, "id", "Lainnya")
    assert fig.layout.yaxis.dtick == dtick and fig.layout.yaxis2.dtick == dtick
    if dtick:
        assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] >= 1
