"""Region summaries on the demo database, checked against counts made directly from the demo CSV files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kkb_dashboard import config
from kkb_dashboard.rules import regions, schema
from kkb_dashboard.storage import importer
from kkb_dashboard.views import metrics

DEMO = config.demo_dir()
REPO = Path(__file__).resolve().parents[1]


def _kampung() -> pd.DataFrame:
    return pd.read_csv(DEMO / "kampung.csv", dtype=str)


def test_every_demo_row_is_imported(built_demo):
    from kkb_dashboard.storage.store import Store

    with Store(built_demo, read_only=True) as store:
        counts = store.row_counts()
    for kind in ("kampung", "target", "klasifikasi", "profil", "kegiatan"):
        assert counts[kind] == len(pd.read_csv(DEMO / f"{kind}.csv")), kind
    assert counts["import_log"] == len(importer.DEMO_ORDER)


def test_cilegon_summary_matches_the_register(demo_db):
    kampung = _kampung()
    in_cilegon = kampung[kampung["kode_desa"].str.startswith("36.72.")]
    formed_2023 = in_cilegon[in_cilegon["tanggal_pencanangan"].str[:4] <= "2023"]
    data = metrics.summary("36.72", "2023-12", db=demo_db)
    assert data["name"] == "Kota Cilegon"
    assert data["desa"] == 43
    assert data["kampung_kb"] == len(formed_2023) == 13
    assert data["coverage_percent"] == round(100 * 13 / 43, 2)
    assert sum(data["tiers"].values()) == 13
    assert list(data["tiers"]) == list(schema.TIERS)


def test_activity_counts_are_the_month_sum(demo_db):
    kegiatan = pd.read_csv(DEMO / "kegiatan.csv", dtype={"jumlah": int})
    month = kegiatan[(kegiatan["periode"] == "2024-05") & kegiatan["kode_desa"].str.startswith("36.04.")]
    expected = month.groupby("jenis_kegiatan")["jumlah"].sum().to_dict()
    data = metrics.summary("36.04", "2024-05", db=demo_db)
    assert {k: v for k, v in data["activities"].items() if v} == expected


def test_national_summary_counts_every_desa(demo_db):
    data = metrics.summary("", "2024-12", db=demo_db)
    assert data["name"] == "Indonesia"
    assert data["desa"] == len(regions.descendants("", 4)) == 83_762
    assert data["kampung_kb"] == len(_kampung())


def test_cli_summary_json_contract(demo_db):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kkb_dashboard",
            "summary",
            "--wilayah",
            "3604",
            "--periode",
            "2023-12",
            "--db",
            str(demo_db),
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    # English keys, as `scenario --json` has (README: "summary --json prints one object")
    assert list(data) == ["region", "name", "month", "desa", "kampung_kb", "coverage_percent", "tiers", "activities"]
    assert (data["region"], data["month"], data["kampung_kb"]) == ("36.04", "2023-12", 234)
    # Kab. Serang's published 2023 figure: 40 Kampung KB Mandiri plus; the demo's profiles reproduce it.
    assert data["tiers"]["Mandiri"] + data["tiers"]["Berkelanjutan"] == 40


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "id",
            [
                "Kota Cilegon (36.72), Desember 2024",
                "Kampung KB: 23 di 43 desa/kelurahan (cakupan 53,49 %)",
                "Klasifikasi: Dasar 10 · Berkembang 6 · Mandiri 5 · Berkelanjutan 2",
            ],
        ),
        (
            "en",
            [
                "Kota Cilegon (36.72), December 2024",
                "Kampung KB: 23 in 43 villages (coverage 53.49%)",
                "Tiers: Dasar 10 · Berkembang 6 · Mandiri 5 · Berkelanjutan 2",
            ],
        ),
    ],
)
def test_cli_summary_text_is_in_the_users_language(demo_db, lang, lines):
    done = subprocess.run(
        [sys.executable, "-m", "kkb_dashboard", "--lang", lang, "summary", "--wilayah", "36.72"]
        + ["--periode", "2024-12", "--db", str(demo_db)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    shown = done.stdout.splitlines()
    assert shown[:3] == lines
    activities = "Kegiatan Desember 2024: " if lang == "id" else "Activities in December 2024: "
    assert shown[3].startswith(activities + "BKB 13 · BKR 2 · ") and "Posyandu 30" in shown[3]
    assert ("Lainnya 0" if lang == "id" else "Other 0") in shown[3]


def test_unknown_region_is_refused_without_traceback(demo_db):
    done = subprocess.run(
        [sys.executable, "-m", "kkb_dashboard", "summary", "--wilayah", "99.99", "--db", str(demo_db), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "99.99" in done.stderr


def test_villages_formed_but_not_yet_reporting_are_listed_as_silent(demo_db):
    from kkb_dashboard.rules.filters import Filters
    from kkb_dashboard.storage.store import Store

    formed = _kampung()[_kampung()["kode_desa"].str.startswith("18.04.")]
    with Store(demo_db, read_only=True) as store:
        villages = metrics.village_table(store, Filters("18.04", "2024-01", "2024-05"))
        silent = metrics.silent_among(villages, "2024-05")
    assert len(villages) == len(formed) == 136
    assert villages["laporan_terakhir"].isna().all()
    assert len(silent) == 136


@pytest.mark.parametrize("sampai", ["2024-12", "2025-03"], ids=["month-with-data", "month-after-the-data"])
def test_a_region_with_no_kampung_kb_gives_empty_tables(demo_db, sampai):
    from kkb_dashboard.rules.filters import Filters
    from kkb_dashboard.storage.store import Store

    with Store(demo_db, read_only=True) as store:
        f = Filters("11", "2024-01", sampai)
        villages = metrics.village_table(store, f)
        table = metrics.region_table(store, f)
    assert villages.empty
    assert table["jumlah_kampung"].sum() == 0 and len(table) == len(regions.children("11"))


def test_activity_rate_counts_only_the_months_a_kampung_kb_existed(demo_db):
    from kkb_dashboard.rules.filters import Filters
    from kkb_dashboard.storage.store import Store

    kegiatan = pd.read_csv(DEMO / "kegiatan.csv", dtype={"jumlah": int})
    lampung = kegiatan[
        kegiatan["kode_desa"].str.startswith("18.04.") & kegiatan["periode"].between("2024-01", "2024-12")
    ]
    with Store(demo_db, read_only=True) as store:
        table = metrics.region_table(store, Filters("18", "2024-01", "2024-12"))
    row = table.set_index("kode").loc["18.04"]
    # 136 pekon/kelurahan designated in May 2024: May..December is 8 months each, not 12.
    assert row["kegiatan"] == lampung["jumlah"].sum()
    assert row["kegiatan_per_kampung_bulan"] == round(lampung["jumlah"].sum() / (136 * 8), 2)


def test_partner_mentions_first_month_of_each_text_and_the_same_tiers(demo_db):
    from kkb_dashboard.rules import classification
    from kkb_dashboard.storage.store import Store

    with Store(demo_db, read_only=True) as store:
        raw = store.sql(
            "SELECT kode_desa, periode, instansi FROM kegiatan WHERE kode_desa LIKE '36.%' "
            "AND instansi IS NOT NULL AND instansi <> '' AND periode <= '2024-06'"
        )
        mentions = metrics.partner_mentions(store, "36", "2024-06")
        kampung = metrics.kampung_as_of(store, "36", "2024-06")["kode_desa"]
        profiles = metrics.profiles(store, "36", "2024-06")
    assert len(raw) > len(mentions) > 0  # the same texts month after month, each kept once
    expected = raw.groupby(["kode_desa", "instansi"])["periode"].min()
    got = mentions.set_index(["kode_desa", "instansi"])["periode"]
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    # what the tier rule makes of them is what it makes of every report
    by_rows = classification.classify_kampung(kampung, profiles, "2024-06", raw)
    by_texts = classification.classify_kampung(kampung, profiles, "2024-06", mentions)
    pd.testing.assert_series_equal(by_rows["skor_mitra"], by_texts["skor_mitra"])
    assert (by_texts["mitra_dari_kegiatan"] & (by_texts["n_mitra"] > 0)).any()  # the rule did use them
    pd.testing.assert_series_equal(by_rows["klasifikasi"], by_texts["klasifikasi"])
