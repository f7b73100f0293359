"""The Ringkasan page in AppTest on the demo data: the small overview map is a picture of the sub-regions that
agrees with the cards and names each region on hover, and says how to get boundaries when there are none."""

from __future__ import annotations

import html
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from kkb_dashboard.rules import regions

REPO = Path(__file__).resolve().parents[1]


def run_page(**params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def _small_map(at: AppTest) -> str | None:
    return next((m.value for m in at.markdown if "kkb-small-map" in m.value), None)


def _card(at: AppTest, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label).replace(".", ""))


def test_overview_map_names_every_region_and_agrees_with_the_cards(with_geo):
    at = run_page(wilayah="36")
    markup = _small_map(at)
    tips = [html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", markup)]
    kab = regions.children("36")
    assert len(tips) == len(kab)  # one shape per kab/kota of Banten
    for code, name in zip(kab["kode"], kab["nama"], strict=True):
        assert any(tip.startswith(f"{name} ({code})\nJumlah Kampung KB: ") for tip in tips)
    counted = sum(int(t.rsplit(": ", 1)[1].split()[0].replace(".", "")) for t in tips)
    assert counted == _card(at, "Kampung KB")  # the map adds up to the card above it
    assert "<svg" in markup


def _picture(at: AppTest, css: str) -> str:
    return next(m.value for m in at.markdown if f'class="{css}"' in m.value)


def test_overview_charts_are_pictures_that_agree_with_the_cards(demo_db):
    at = run_page(wilayah="36.72", dari="2024-01", sampai="2024-12")
    assert not at.get("plotly_chart")  # no chart library for the browser to load on the first page
    tiers = [html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", _picture(at, "kkb-tier-donut"))]
    assert sum(int(t.split(": ")[1].split()[0].replace(".", "")) for t in tiers) == _card(at, "Kampung KB")
    months = re.findall(r"<title>([^<]*)</title>", _picture(at, "kkb-trend"))
    assert len(months) == 12 and months[0].startswith("Jan 2024\nKegiatan: ")
    last = int(months[-1].split("\n")[1].split(": ")[1].replace(".", ""))
    assert last == _card(at, "Kegiatan bulan terakhir")  # December's bar is the card's month


def test_overview_map_one_level_down(with_geo):
    markup = _small_map(run_page(wilayah="36.72"))  # Kota Cilegon: its kecamatan
    assert markup.count("<path") == len(regions.children("36.72"))


def test_no_boundaries_says_how_to_get_them(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_STATIC_DIR", str(tmp_path / "empty"))
    at = run_page(wilayah="36")
    assert _small_map(at) is None
    assert any("buka halaman Peta untuk mengunduh batas wilayah" in c.value for c in at.caption)


def test_a_store_from_an_older_version_says_which_command_upgrades_it(demo_db):
    """Rollups an older version left behind: no figures from a half-made store, and no traceback — the page says,
    in the user's language, which command upgrades the store."""
    from kkb_dashboard.storage.store import Store

    with Store(demo_db) as store:
        store.execute("UPDATE ru_status SET import_id = import_id - 1")
    for lang, words in (("id", "Perbarui dengan"), ("en", "Upgrade it with")):
        at = run_page(wilayah="36", lang=lang)
        warnings = " ".join(w.value for w in at.warning)
        assert words in warnings and f"python -m kkb_dashboard upgrade --db {demo_db}" in warnings
        assert not at.metric  # no card from a store that is not current
