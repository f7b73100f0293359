"""The headline sentence and the filter strip on every page, and presentation mode kept in the link.

Expected figures are worked out here from the demo files (Kampung KB formed by the month, the year's target) and
the village table's tiers, not from the cards' code path; the sentence is written out by hand from them.
"""

from __future__ import annotations

import csv
import html
import math
import re
from pathlib import Path

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from kkb_dashboard.rules.filters import Filters
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import headline, metrics

REPO = Path(__file__).resolve().parents[1]
PAGES = ("ringkasan", "peta", "kegiatan", "klasifikasi", "simulasi", "tindak_lanjut", "data")


@pytest.mark.parametrize(
    ("total", "plus", "target", "short"),
    [(23, 7, 40, 3), (25, 10, 40, 0), (25, 9, 40, 1), (10, 0, 0, 0), (3, 3, 40, 0), (234, 60, 40, 34)],
)
def test_villages_short_is_the_target_count_rounded_up_minus_those_there(total, plus, target, short):
    assert headline.villages_short(total, plus, target) == short


def _run(page: str = "ringkasan", **params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "ringkasan":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def _view(at: AppTest) -> tuple[str, str]:
    """(headline, strip) as a reader sees them: tags dropped, entities decoded."""
    markup = next(m.value for m in at.markdown if 'class="kkb-view"' in m.value)
    head = re.search(r'class="kkb-headline">(.*?)</div>', markup)
    strip = re.search(r'class="kkb-strip">(.*)</div></div>', markup).group(1)
    return (html.unescape(head.group(1)) if head else ""), html.unescape(re.sub(r"<[^>]+>", "", strip))


def _cilegon_by_hand(demo_db) -> tuple[int, int, float]:
    """Kampung KB of Kota Cilegon formed by December 2024 (kampung.csv), those Mandiri plus (the village table's
    computed tiers) and the 2024 target (target.csv)."""
    with (REPO / "data/demo/kampung.csv").open(encoding="utf-8") as rows:
        total = sum(
            1
            for r in csv.DictReader(rows)
            if r["kode_desa"].startswith("36.72.") and r["tanggal_pencanangan"] <= "2024-12"
        )
    with (REPO / "data/demo/target.csv").open(encoding="utf-8") as rows:
        target = next(
            float(r["target_mandiri_plus_persen"])
            for r in csv.DictReader(rows)
            if (r["kode_wilayah"], r["tahun"]) == ("36.72", "2024")
        )
    with Store(demo_db, read_only=True) as store:
        villages = metrics.village_table(store, Filters("36.72", "2024-01", "2024-12"))
    assert len(villages) == total
    return total, int(villages["klasifikasi"].isin(["Mandiri", "Berkelanjutan"]).sum()), target


def test_headline_says_the_view_in_one_sentence_in_both_languages(demo_db):
    total, plus, target = _cilegon_by_hand(demo_db)
    share = 100 * plus / total
    short = math.ceil(total * target / 100) - plus
    assert short > 0  # the demo's Cilegon is below its 2024 target
    gap = f"{target - share:.1f}"
    at = _run(wilayah="36.72", dari="2024-01", sampai="2024-12")
    assert _view(at)[0] == (
        f"Kota Cilegon, Desember 2024: {total} Kampung KB; Mandiri plus {share:.1f} % — ".replace(".", ",")
        + f"{gap.replace('.', ',')} poin di bawah target {target:.0f} % (kurang {short} desa)"
    )
    at = _run(wilayah="36.72", dari="2024-01", sampai="2024-12", lang="en")
    assert _view(at)[0] == (
        f"Kota Cilegon, December 2024: {total} Kampung KB; Mandiri plus {share:.1f}% — "
        f"{gap} points below the {target:.0f}% target ({short} villages short)"
    )


def test_the_mandiri_plus_card_points_down_below_the_target_and_has_no_arrow_without_one(demo_db):
    at = _run(wilayah="36.72", dari="2024-01", sampai="2024-12")
    card = next(m for m in at.metric if m.label == "Mandiri plus")
    assert card.delta.startswith(_view(at)[0].split("— ")[1].split(" (")[0])  # "9,6 poin di bawah target 40 %"
    assert card.proto.direction == MetricProto.MetricDirection.DOWN
    assert card.proto.color == MetricProto.MetricColor.RED
    at = _run(wilayah="36.72", dari="2023-01", sampai="2023-03")  # no target imported for 2023
    card = next(m for m in at.metric if m.label == "Mandiri plus")
    assert card.delta == "belum ada target 2023"
    assert card.proto.direction == MetricProto.MetricDirection.NONE  # no arrow for "no target"
    assert "belum ada target untuk 2023" in _view(at)[0]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_states_region_period_and_filters(demo_db, page):
    at = _run(page, wilayah="36.04", dari="2024-01", sampai="2024-12", tingkat="Mandiri", kegiatan="Posyandu")
    head, strip = _view(at)
    assert head.startswith("Kabupaten Serang, Desember 2024: ")
    assert "Wilayah: Indonesia › Banten › Kabupaten Serang" in strip
    if page == "simulasi":  # a scenario is for one month (the chosen year's last) and every village of the region
        assert "Periode: Desember 2024" in strip and "Klasifikasi: Semua" in strip and "bukan total" not in strip
        return
    assert "Periode: Januari 2024 – Desember 2024" in strip
    assert "Klasifikasi: Mandiri" in strip and "Jenis kegiatan: Posyandu" in strip
    assert "bukan total" in strip  # filtered figures are said to be filtered


def test_without_filters_the_strip_says_all_in_english(demo_db):
    at = _run("klasifikasi", wilayah="36.72", dari="2024-06", sampai="2024-06", lang="en")
    head, strip = _view(at)
    assert head.startswith("Kota Cilegon, June 2024: ")
    assert "Period: June 2024" in strip and "Tiers: All" in strip and "Activity types: All" in strip
    assert "not the totals" not in strip


def _style(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("<style>"))


def test_presentation_mode_is_kept_in_the_link_and_enlarges_the_figures(demo_db):
    at = _run(wilayah="36.72", presentasi="1")
    assert at.toggle[0].value is True
    assert at.query_params["presentasi"] == ["1"] or at.query_params["presentasi"] == "1"
    big = '[data-testid="stMetricValue"]{font-size:3rem'  # 48 px: three times the 16 px body text
    assert big in _style(at)
    at.toggle[0].set_value(False).run()
    assert "presentasi" not in at.query_params
    assert big not in _style(at)
    at.toggle[0].set_value(True).run()
    assert "presentasi" in at.query_params


def test_link_text_in_the_strip_is_shown_as_text(demo_db):
    strip = headline.markup("<b>x</b>", [headline.Part("<i>a</i>", "*b* & c")], "")
    assert "<b>x</b>" not in strip and "&lt;b&gt;x&lt;/b&gt;" in strip and "&lt;i&gt;a&lt;/i&gt;" in strip
