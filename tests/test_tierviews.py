"""Data and charts for the Klasifikasi and Simulasi pages, checked against tiers computed straight from the demo
CSV files (pandas + `classification.classify_kampung`, not metrics' SQL path) and on small stores built in code."""

from __future__ import annotations

import json
import math
import shutil

import pandas as pd
import pytest

from kkb_dashboard import config, i18n
from kkb_dashboard.rules import classification, schema, tier_rule
from kkb_dashboard.rules.filters import Filters
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import metrics, simulation
from kkb_dashboard.views import tiers as tierviews
from kkb_dashboard.views.charts import tiers as tier_charts

DEMO = config.demo_dir()
CILEGON = Filters("36.72", "2024-01", "2024-12")
_BOOLS = ("pokja_ada", "pokja_terlatih", "plkb_pendamping", "regulasi")
_SETS = ("sumber_dana", "program_aktif", "penggunaan_data", "mekanisme_operasional", "instansi_mitra")


# ---------------------------------------------------------------------------------------------- independent tiers


def _csv_profiles() -> pd.DataFrame:
    """data/demo/profil.csv typed by hand: ya/tidak → bool, "tidak ada" → empty set, empty partner cell → missing."""
    frame = pd.read_csv(DEMO / "profil.csv", dtype=str, keep_default_na=False)
    for column in _BOOLS:
        frame[column] = frame[column].map({"ya": True, "tidak": False}).astype("boolean")
    for column in _SETS:
        frame[column] = frame[column].replace({"tidak ada": ""}).astype(object)
    frame["instansi_mitra"] = frame["instansi_mitra"].replace({"": None})
    counts = [c for c in schema.PROFILE_COLUMNS if c not in _BOOLS and c not in _SETS]
    for column in counts:
        frame[column] = pd.to_numeric(frame[column].replace({"": None})).astype("Int64")
    return frame


def _csv_kegiatan() -> pd.DataFrame:
    frame = pd.read_csv(DEMO / "kegiatan.csv", dtype=str, keep_default_na=False)
    frame = frame[frame["instansi"] != ""]
    return frame[["kode_desa", "periode", "instansi"]].replace({"periode": {"": None}})


def csv_tiers(prefix: str, month: str, formed_by: str | None = None) -> pd.DataFrame:
    """Tiers as of `month` of the Kampung KB under `prefix` formed by `formed_by` (default: `month`)."""
    kampung = pd.read_csv(DEMO / "kampung.csv", dtype=str, keep_default_na=False)
    formed = kampung["tanggal_pencanangan"].str[:7]
    inside = kampung["kode_desa"].str.startswith(prefix + ".") & ((formed == "") | (formed <= (formed_by or month)))
    profil = _csv_profiles()
    kegiatan = _csv_kegiatan()
    kegiatan = kegiatan[kegiatan["periode"] <= month]
    return classification.classify_kampung(
        kampung.loc[inside, "kode_desa"], profil[profil["periode"] <= month], month, kegiatan
    )


@pytest.fixture
def demo(built_demo, db):
    shutil.copyfile(built_demo, db)
    with Store(db, read_only=True) as store:
        yield store


@pytest.fixture
def empty(tmp_path):
    path = tmp_path / "empty.duckdb"
    Store(path).close()  # the schema, no rows
    with Store(path, read_only=True) as store:
        yield store


# ---------------------------------------------------------------------------------------------- distribution


def test_distribution_per_kecamatan_matches_the_csv(demo):
    expected = csv_tiers("36.72", "2024-12")
    expected = pd.crosstab(expected["kode_desa"].str[:8], expected["klasifikasi"]).reindex(
        columns=list(schema.TIERS), fill_value=0
    )
    table = tierviews.distribution(demo, CILEGON).set_index("kode")
    assert table["jumlah_kampung"].sum() == 23
    for tier in schema.TIERS:
        assert table[tier].to_dict() == expected[tier].to_dict(), tier
    plus = expected["Mandiri"] + expected["Berkelanjutan"]
    assert table["mandiri_plus_persen"].to_dict() == (100 * plus / expected.sum(axis=1)).round(2).to_dict()
    # the 2024 target of Kota Cilegon is 40 %: ⌈40 % of each kecamatan's Kampung KB⌉
    assert table["target_mandiri_plus"].tolist() == [math.ceil(0.4 * n - 1e-9) for n in table["jumlah_kampung"]]
    assert tierviews.target_persen(demo, "36.72", 2024) == 40.0
    assert tierviews.target_persen(demo, "36.72", 2023) is None


def test_region_counts_and_the_tier_filter(demo):
    expected = csv_tiers("36.72", "2024-12")["klasifikasi"].value_counts().to_dict()
    assert tierviews.region_counts(demo, CILEGON) == {t: expected.get(t, 0) for t in schema.TIERS}
    chosen = Filters("36.72", "2024-01", "2024-12", tingkat=("Mandiri",))
    table = tierviews.distribution(demo, chosen)
    assert "Dasar" not in table and "Mandiri" in table
    assert table["jumlah_kampung"].sum() == 23  # shares stay of all Kampung KB
    assert tierviews.region_counts(demo, chosen) == tierviews.region_counts(demo, CILEGON)


@pytest.mark.parametrize(
    "f",
    [
        Filters("", "2024-01", "2024-12"),
        Filters("36", "2024-01", "2024-06"),
        CILEGON,
        Filters("36.04", "2023-01", "2023-12", tingkat=("Dasar",), kegiatan=("Posyandu",)),
        Filters("36.72.01", "2024-01", "2024-12"),
    ],
    ids=["indonesia", "banten", "cilegon", "serang-filtered", "kecamatan"],
)
def test_region_tiers_are_the_region_tables_tier_columns(demo, f):
    # the distribution's lighter read gives the same counts and shares as the full table of the Peta page
    columns = ["kode", "nama", "jumlah_kampung", *schema.TIERS, "mandiri_plus", "mandiri_plus_persen"]
    full = metrics.region_table(demo, f)[columns]
    assert full["jumlah_kampung"].sum() > 0 or f.wilayah == ""
    pd.testing.assert_frame_equal(metrics.region_tiers(demo, f), full)


@pytest.mark.parametrize("wilayah", ["", "36", "36.04", "36.72", "36.72.01"])
def test_the_headline_reads_the_figures_the_cards_read(demo, wilayah):
    f = Filters(wilayah, "2023-01", "2023-12")
    kpis = metrics.kpis(demo, f)
    headline = metrics.headline(demo, f)
    assert headline == {key: kpis[key] for key in headline}
    assert headline["jumlah_kampung"] == sum(tierviews.region_counts(demo, f).values())
    # a page that has read its tier counts and target gives the headline the same figures
    own = metrics.headline_figures(tierviews.region_counts(demo, f), tierviews.target_persen(demo, wilayah, 2023), 2023)
    assert own == headline


def test_distribution_without_data(empty):
    assert tierviews.distribution(empty, Filters("36.72", None, None)).empty
    assert tierviews.distribution(empty, CILEGON).empty
    assert tierviews.region_counts(empty, CILEGON) == dict.fromkeys(schema.TIERS, 0)


# ---------------------------------------------------------------------------------------------- transitions


def test_transition_matrix_sums_and_matches_the_csv(demo):
    moves = tierviews.transition(demo, CILEGON, "2024-01", "2024-12")
    before = csv_tiers("36.72", "2024-01")
    after = csv_tiers("36.72", "2024-12", formed_by="2024-01").set_index("kode_desa")["klasifikasi"]
    pairs = before.assign(ke=before["kode_desa"].map(after))
    expected = pd.crosstab(pairs["klasifikasi"], pairs["ke"]).reindex(
        index=list(schema.TIERS), columns=list(schema.TIERS), fill_value=0
    )
    assert moves["jumlah"] == len(before) == int(moves["matrix"].to_numpy().sum())
    assert moves["matrix"].to_numpy().tolist() == expected.to_numpy().tolist()
    moved = pairs[pairs["klasifikasi"] != pairs["ke"]]
    assert sorted(moves["moved"]["kode_desa"]) == sorted(moved["kode_desa"])
    assert moves["moved"]["nama_desa"].notna().all()


def test_transition_month_order_and_no_moves(demo):
    same = tierviews.transition(demo, CILEGON, "2024-06", "2024-06")
    assert same["moved"].empty and list(same["moved"].columns)[:3] == ["kode_desa", "nama_desa", "kecamatan"]
    assert same["bulan"] == "2024-06"
    backwards = tierviews.transition(demo, CILEGON, "2024-12", "2023-06")
    assert backwards["bulan"] == "2023-06" and backwards["jumlah"] == 13  # formed by the earlier month


# ---------------------------------------------------------------------------------------------- villages


def test_village_scores_have_12_scores_and_3_indices(demo):
    table = tierviews.village_scores(demo, CILEGON)
    assert len(table) == 23
    assert all(f"skor_{n}" in table for n in tier_rule.SCORE_NAMES)
    assert all(f"indeks_{g}" in table for g in tier_rule.INDEX_NAMES)
    expected = csv_tiers("36.72", "2024-12").set_index("kode_desa")
    mine = table.set_index("kode_desa")
    for column in (*tierviews.SCORE_COLUMNS, "klasifikasi"):
        assert mine[column].to_dict() == expected.loc[mine.index, column].to_dict(), column


def test_selection_and_explanation(demo):
    table = tierviews.village_scores(demo, CILEGON)
    code = table["kode_desa"].iloc[3]
    assert tierviews.selection_of(table, code) == {"selection": {"rows": [3], "columns": []}}
    assert tierviews.selection_of(table, "99.99") is None and tierviews.selection_of(table, None) is None
    assert tierviews.selected_code(table, [3]) == code
    assert tierviews.selected_code(table, []) is None and tierviews.selected_code(table, [99]) is None
    card = tierviews.explanation(demo, CILEGON, code, "en")
    assert card["klasifikasi"] == table["klasifikasi"].iloc[3] and code in card["nama"]
    rows = tierviews.explanation_table(card, "en")
    assert len(rows) == 12 and rows["skor"].tolist() == table[list(tierviews.SCORE_COLUMNS)].iloc[3].tolist()
    assert "score" in rows["keterangan"].iloc[0]
    assert "Indikator" in tierviews.labelled(rows, "id")


# ---------------------------------------------------------------------------------------------- reported


def test_reported_vs_computed_on_cilegon(demo):
    report = tierviews.reported_vs_computed(demo, CILEGON)
    reported = pd.read_csv(DEMO / "klasifikasi.csv", dtype=str)
    reported = reported[reported["kode_desa"].str.startswith("36.72.")]
    computed = csv_tiers("36.72", "2024-06").set_index("kode_desa")["klasifikasi"]
    differ = reported[reported["kode_desa"].map(computed) != reported["klasifikasi"]]
    assert report["jumlah"] == len(reported) == 23
    assert len(report["selisih"]) == len(differ) == 3
    assert report["rate"] == pytest.approx(20 / 23)
    assert sorted(report["selisih"]["kode_desa"]) == sorted(differ["kode_desa"])
    assert list(report["selisih"].columns) == [
        "kode_desa",
        "nama_desa",
        "kecamatan",
        "periode",
        "dilaporkan",
        "dihitung",
    ]


def test_reported_before_any_report(demo, empty):
    before = tierviews.reported_vs_computed(demo, Filters("36.72", "2023-01", "2023-12"))
    assert before["jumlah"] == 0 and math.isnan(before["rate"]) and before["selisih"].empty
    assert tierviews.reported_vs_computed(empty, CILEGON)["jumlah"] == 0


# ---------------------------------------------------------------------------------------------- scenarios


def test_serang_2023_needs_54_of_234(demo):
    expected_plus = csv_tiers("36.04", "2023-12")["klasifikasi"].isin(schema.MANDIRI_PLUS).sum()
    result = simulation.simulate(demo, simulation.Scenario("36.04", 2023), "id")
    assert result["month"] == "2023-12" and result["kampung_kb"] == 234
    assert result["target_percent"] == 40.0 and result["target_count"] == math.ceil(0.4 * 234) == 94
    assert result["baseline"]["mandiri_plus"] == expected_plus == 40
    assert result["baseline"]["percent"] == round(100 * 40 / 234, 2) == 17.09
    assert result["scenario"] == result["baseline"] and result["changes"].empty
    needed = result["needed"]
    assert (needed["kampung_kb"], needed["mandiri_plus"], needed["needed"]) == (234, 40, 54)
    assert len(needed["villages"]) == 54 and needed["enough"]
    assert needed["villages"]["nama_desa"].notna().all() and needed["villages"]["perubahan"].str.len().gt(0).all()
    assert result["counts"]["jumlah_kampung"].sum() == 234
    folded = simulation.simulate(demo, simulation.Scenario("36.04", 2023), "id", needed_list=False)
    assert {k: v for k, v in folded.items() if k != "needed"}.keys() == result.keys() - {"needed"}
    assert folded["baseline"] == result["baseline"] and folded["counts"].equals(result["counts"])
    assert {k: folded["needed"][k] for k in ("kampung_kb", "mandiri_plus", "needed")} == {
        "kampung_kb": 234,
        "mandiri_plus": 40,
        "needed": 54,
    }
    # folded, the list is not searched, but for a kab/kota whether enough villages can move up still is
    assert folded["needed"]["villages"].empty and folded["needed"]["enough"] is True
    assert 54 <= folded["needed"]["liftable"] <= 234 - 40


def test_moving_the_needed_villages_reaches_the_target(demo):
    # The page's "54 desa dibutuhkan" and the scenario that moves 54 villages must agree (issue 14, item 6).
    needed = simulation.simulate(demo, simulation.Scenario("36.04", 2023, 40.0), "id", needed_list=False)["needed"]
    moved = simulation.simulate(demo, simulation.Scenario("36.04", 2023, 40.0, naik=needed["needed"]), "id", False)
    assert moved["scenario"]["mandiri_plus"] == 40 + 54 == math.ceil(0.4 * 234)
    assert moved["scenario"]["met"] and moved["needed"]["needed"] == 0
    # every move named as it happens, each ending in Mandiri plus, none of them from Mandiri
    assert sum(m["n"] for m in moved["moves"]) == 54 == len(moved["changes"])
    assert {m["to_tier"] for m in moved["moves"]} <= set(schema.MANDIRI_PLUS)
    assert {m["from_tier"] for m in moved["moves"]} <= {"Dasar", "Berkembang"}
    pairs = moved["changes"].groupby(["dari", "ke"]).size().to_dict()
    assert {(m["from_tier"], m["to_tier"]): m["n"] for m in moved["moves"]} == pairs
    text = simulation.moves_text(moved["moves"], "id")
    assert text.startswith("Perpindahan dalam skenario: ") and "desa Dasar → Mandiri" in text
    province = simulation.simulate(demo, simulation.Scenario("36", 2023, 40.0), "id", needed_list=False)["needed"]
    assert province["enough"] is None  # a provinsi's search waits for the list


def test_operations_change_the_scenario_not_the_store(demo):
    before = demo.sql("SELECT count(*) AS n, sum(pus) AS pus FROM profil").iloc[0].tolist()
    scenario = simulation.Scenario("36.04", 2023, 40.0, naik=10, ubah="pokja_terlatih", untuk="36.04.05")
    result = simulation.simulate(demo, scenario, "en")
    assert result["scenario"]["mandiri_plus"] >= result["baseline"]["mandiri_plus"] + 10
    assert result["needed"]["needed"] == 94 - result["scenario"]["mandiri_plus"]
    changes = result["changes"]
    set_rows = changes[changes["alasan"].str.contains("pokja_terlatih")]
    assert set_rows["kode_desa"].str.startswith("36.04.05.").all() and len(set_rows)
    assert changes["alasan"].str.contains("closest to Mandiri plus").sum() == 10
    counts = result["counts"]
    assert counts[[c for c in counts if c.endswith("_skenario") and c != "persen_skenario"]].to_numpy().sum() == 234
    assert demo.sql("SELECT count(*) AS n, sum(pus) AS pus FROM profil").iloc[0].tolist() == before


def test_picked_villages_and_points(demo):
    code = simulation.simulate(demo, simulation.Scenario("36.04", 2023), "id")["needed"]["villages"]["kode_desa"][0]
    picked = simulation.simulate(demo, simulation.Scenario("36.04", 2023, pilih=(code,)), "id")
    assert picked["changes"]["kode_desa"].tolist() == [code]
    cpr = simulation.simulate(demo, simulation.Scenario("36.04", 2023, 40, ubah="cpr", nilai="5"), "id")
    assert len(cpr["changes"]) > 100 and cpr["changes"]["alasan"].str.contains("cpr_plus_points = 5").all()


@pytest.mark.parametrize(
    ("params", "expected", "bad"),
    [
        (
            {
                "target": "45",
                "tahun": "2023",
                "naik": "3",
                "ubah": "program",
                "nilai": "BKR",
                "untuk": "36.04.05",
                "pilih": "36.04.05.2001",
            },
            simulation.Scenario("36.04", 2023, 45.0, 3, "program", "BKR", "36.04.05", ("36.04.05.2001",)),
            [],
        ),
        ({}, simulation.Scenario("36.04", 2024), []),
        ({"target": "40,5", "ubah": "cpr", "nilai": "5"}, simulation.Scenario("36.04", 2024, 40.5, 0, "cpr", "5"), []),
        (
            {"target": "x", "tahun": "1999", "naik": "a", "ubah": "zz", "untuk": "36.72.01", "pilih": "36.72.01.1003"},
            simulation.Scenario("36.04", 2024),
            ["target", "tahun", "naik", "ubah", "untuk", "pilih"],
        ),
        (
            {"target": "140", "ubah": "program", "nilai": "Nope"},
            simulation.Scenario("36.04", 2024, None, 0, "program"),
            ["target", "nilai"],
        ),
    ],
)
def test_scenario_from_the_link(params, expected, bad):
    scenario, notices = simulation.scenario_from_query(params, "36.04", [2023, 2024], 2024)
    assert scenario == expected
    assert sorted(name for name, _ in notices) == sorted(bad)


def test_scenario_link_round_trip():
    scenario = simulation.Scenario("36.04", 2023, 40.0, 5, "cpr", "5", "36.04.05", ("36.04.05.2001", "36.04.05.2002"))
    query = scenario.to_query()
    assert query == {
        "target": "40",
        "tahun": "2023",
        "naik": "5",
        "ubah": "cpr",
        "nilai": "5",
        "untuk": "36.04.05",
        "pilih": "36.04.05.2001,36.04.05.2002",
    }
    assert simulation.scenario_from_query(query, "36.04", [2023, 2024], 2024) == (scenario, [])
    assert simulation.Scenario("36.04", 2023).to_query() == {"tahun": "2023"}
    assert simulation.widget_value("cpr", "5") == 5 and simulation.widget_value("program", "BKR") == "BKR"


def test_scenario_options_and_years(demo, empty):
    offered = simulation.scenario_options(demo, "36.04", 2023)
    assert offered["target"] == 40.0 and offered["month"] == "2023-12" and len(offered["villages"]) == 234
    assert all(code.startswith("36.04.") for code in offered["sub_regions"])
    assert simulation.scenario_options(demo, "36.72", 2023)["target"] == 40.0  # none imported → 40
    assert simulation.scenario_options(demo, "18.04", 2024)["target"] == 20.0
    assert simulation.years(demo) == [2023, 2024] and simulation.years(empty) == []
    assert simulation.default_year([2023, 2024], "2023-05") == 2023
    assert simulation.default_year([2023, 2024], "2022-05") == 2024 and simulation.default_year([], None) is None
    assert simulation.known(("a", "b"), {"b": "B"}) == ["b"]


# ---------------------------------------------------------------------------------------------- charts


def _spec(fig) -> dict:
    return json.loads(fig.to_json())


def test_tier_bars_percent_counts_and_target():
    table = pd.DataFrame(
        {
            "kode": ["1", "2"],
            "nama": ["A <b>", "B"],
            "jumlah_kampung": [4, 2],
            "Dasar": [2, 0],
            "Berkembang": [1, 0],
            "Mandiri": [1, 1],
            "Berkelanjutan": [0, 1],
            "mandiri_plus": [1, 2],
            "mandiri_plus_persen": [25.0, 100.0],
            "target_mandiri_plus": pd.array([2, 1], dtype="Int64"),
        }
    )
    data = _spec(tier_charts.tier_bars(table, "id", True, 40.0))["data"]
    assert [d["name"] for d in data[:4]] == list(schema.TIERS)
    assert data[0]["y"] == [50.0, 0.0] and data[0]["x"] == ["A &lt;b&gt;", "B"]
    assert data[4]["y"] == [25.0, 100.0] and data[5]["y"] == [40.0, 40.0] and data[5]["name"] == "Target 40 %"
    counts = _spec(tier_charts.tier_bars(table, "en", False, 40.0))
    assert counts["data"][0]["y"] == [2, 0] and counts["data"][-1]["y"] == [2.0, 1.0]
    assert counts["layout"]["separators"] == ".,"
    assert len(_spec(tier_charts.tier_bars(table, "id", True, None))["data"]) == 5


def test_donut_heatmap_and_scenario_bars():
    donut = _spec(
        tier_charts.tier_distribution({"Dasar": 10, "Berkembang": 6, "Mandiri": 5, "Berkelanjutan": 2}, "id", 40)
    )
    assert donut["data"][0]["values"] == [10, 6, 5, 2] and donut["data"][0]["labels"] == list(schema.TIERS)
    assert "30,4 %" in donut["layout"]["annotations"][0]["text"] and "40 %" in donut["layout"]["annotations"][0]["text"]
    assert _spec(tier_charts.tier_distribution({}, "en"))["data"][0]["values"] == [0, 0, 0, 0]
    matrix = pd.DataFrame([[1, 2], [0, 3]], index=["Dasar", "Mandiri"], columns=["Dasar", "Mandiri"])
    heat = _spec(tier_charts.transition_heatmap(matrix, "id", "Jan", "Des"))["data"][0]
    assert heat["z"] == [[1, 0, 2, 0], [0, 0, 0, 0], [0, 0, 3, 0], [0, 0, 0, 0]]
    sides = (("awal", (2, 1, 0, 0)), ("skenario", (1, 1, 1, 0)))
    counts = pd.DataFrame(
        {
            "kode": ["1"],
            "nama": ["A"],
            "jumlah_kampung": [3],
            **{f"{t.lower()}_{s}": [v] for s, vals in sides for t, v in zip(schema.TIERS, vals, strict=True)},
        }
    )
    spec = _spec(tier_charts.scenario_bars(counts, "en"))
    bars = spec["data"]
    assert [b["name"] for b in bars] == list(schema.TIERS) * 2 and bars[0]["y"] == ["A"]
    assert [b["x"][0] for b in bars] == [2, 1, 0, 0, 1, 1, 1, 0]  # baseline panel, then scenario panel
    assert [b["xaxis"] for b in bars] == ["x"] * 4 + ["x2"] * 4
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["Baseline", "Scenario"]


@pytest.mark.parametrize(
    ("lang", "labels", "hover"),
    [
        ("id", ["205<br>52,0 %", "112<br>28,4 %", "50<br>12,7 %", "27<br>6,9 %"], "205 (52,0 %)"),
        ("en", ["205<br>52.0%", "112<br>28.4%", "50<br>12.7%", "27<br>6.9%"], "205 (52.0%)"),
    ],
)
def test_donut_labels_read_like_the_cards(lang, labels, hover):
    """The Klasifikasi donut's slices say count and share as Ringkasan's donut does (52,0 %, not plotly's 52%)."""
    counts = {"Dasar": 205, "Berkembang": 112, "Mandiri": 50, "Berkelanjutan": 27}
    pie = _spec(tier_charts.tier_distribution(counts, lang))["data"][0]
    assert (pie["text"], pie["textinfo"]) == (labels, "text")
    assert pie["customdata"][0] == hover and "%{percent}" not in pie["hovertemplate"]


def test_scenario_bars_keep_the_legend_off_the_axis_titles():
    """With three provinces the plot is short, and a legend placed on its scale (y=-0.15) covered the axis titles:
    the legend sits at the figure's bottom, and both panels write their ticks at the same size."""
    counts = pd.DataFrame(
        {"nama": ["Lampung", "Jawa Barat", "Banten"]}
        | {f"{tier.lower()}_{side}": [1, 0, 2] for tier in schema.TIERS for side in ("awal", "skenario")}
    )
    layout = _spec(tier_charts.scenario_bars(counts, "id"))["layout"]
    assert (layout["legend"]["yref"], layout["legend"]["y"], layout["legend"]["yanchor"]) == ("container", 0, "bottom")
    assert layout["xaxis"]["tickfont"] == layout["xaxis2"]["tickfont"] == {"size": 14}


@pytest.mark.parametrize(
    ("lang", "tier_hover", "share_hover"),
    [("id", ["1.205", "52,0 %"], "24,3 %"), ("en", ["1,205", "52.0%"], "24.3%")],
)
def test_tier_bar_hovers_write_counts_and_shares_in_the_users_format(lang, tier_hover, share_hover):
    # issue 14 review: the bar hover read "(52,0)" with no % sign, and "Mandiri plus: 24.3 %" in English
    table = pd.DataFrame(
        {
            "nama": ["Kota Cilegon"],
            "jumlah_kampung": [2317],
            "Dasar": [1205],
            "Berkembang": [550],
            "Mandiri": [400],
            "Berkelanjutan": [162],
            "mandiri_plus_persen": [24.2986],
        }
    )
    data = _spec(tier_charts.tier_bars(table, lang, percent=True, target_persen=40))["data"]
    dasar = next(trace for trace in data if trace["name"] == "Dasar")
    assert dasar["customdata"][0] == tier_hover and "%{customdata[1]}" in dasar["hovertemplate"]
    share = next(trace for trace in data if trace["name"] == i18n.t("tierviews.mandiri_plus_share", lang))
    assert share["customdata"][0] == share_hover and "%{y" not in share["hovertemplate"]
    counts = _spec(tier_charts.tier_bars(table, lang, percent=False))["data"]
    assert counts[0]["customdata"][0][0] == tier_hover[0] and "%{customdata[0]}" in counts[0]["hovertemplate"]
