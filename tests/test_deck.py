"""The meeting deck: a .pptx that python-pptx opens, with native charts (tier mix, progress toward the target,
activity trend) whose series hold the figures, labels in the chosen language, the map picture, the silent Kampung KB
table and a title slide with region, period and filters."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from test_brief import EVIL, _meeting

from kkb_dashboard.rules.filters import Filters
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import activities, deck, followup, metrics, tiers
from kkb_dashboard.views.charts import SEQUENTIAL, TIER_COLORS

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
CILEGON = Filters("36.72", "2024-01", "2024-12")


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _texts(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def _charts(presentation) -> dict:
    return {
        shape.chart.chart_type: shape.chart
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.has_chart
    }


def _labels(chart, series: int = 0) -> list[str]:
    points = chart.plots[0].series[series].points
    return [points[i].data_label.text_frame.text for i in range(len(points))]


@pytest.fixture(scope="module")
def cilegon(tmp_path_factory, geo, built_demo):
    """The Cilegon deck in both languages, with the page's own figures to compare with."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KKB_STATIC_DIR", str(geo["static"]))
        with Store(built_demo, read_only=True) as store:
            return {
                "id": _open(deck.deck_for(store, CILEGON, "id", today=dt.date(2024, 12, 31))),
                "en": _open(deck.deck_for(store, CILEGON, "en", today=dt.date(2024, 12, 31))),
                "counts": tiers.region_counts(store, CILEGON),
                "villages": metrics.village_table(store, CILEGON),
                "silent": activities.silent(store, CILEGON),
                "closest": followup.closest_list(store, CILEGON, "en"),
            }


def test_title_slide_names_region_period_and_filters(cilegon):
    first = _texts(cilegon["id"].slides[0])
    assert "Rapat Kampung KB — Kota Cilegon (36.72)" in first
    assert "Bulan: Januari 2024 – Desember 2024" in first and "Klasifikasi: semua" in first
    assert "Dibuat 31 Desember 2024" in first and "SINTETIS" in first
    english = _texts(cilegon["en"].slides[0])
    assert "Kampung KB meeting — Kota Cilegon (36.72)" in english and "Months: January 2024 – December 2024" in english


def test_native_charts_of_the_three_figures(cilegon):
    charts = _charts(cilegon["id"])
    assert set(charts) == {XL_CHART_TYPE.DOUGHNUT, XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.COLUMN_CLUSTERED}


def test_tier_mix_holds_the_counts_in_tier_colours(cilegon):
    donut = _charts(cilegon["id"])[XL_CHART_TYPE.DOUGHNUT]
    assert list(donut.plots[0].categories) == ["Dasar", "Berkembang", "Mandiri", "Berkelanjutan"]
    values = list(donut.plots[0].series[0].values)
    register = pd.read_csv(DEMO / "kampung.csv", dtype=str)
    formed = register["kode_desa"].str.startswith("36.72.") & (register["tanggal_pencanangan"].str[:7] <= "2024-12")
    assert sum(values) == formed.sum() == 23  # every Kampung KB of Kota Cilegon formed by December 2024
    assert values == [cilegon["counts"][tier] for tier in TIER_COLORS]
    colours = [str(point.format.fill.fore_color.rgb) for point in donut.plots[0].series[0].points]
    assert colours == [c.lstrip("#").upper() for c in TIER_COLORS.values()]
    assert _labels(donut)[0] == "10\n43,5 %"
    assert _labels(_charts(cilegon["en"])[XL_CHART_TYPE.DOUGHNUT])[0] == "10\n43.5%"


def test_progress_per_kecamatan_against_the_target(cilegon):
    bars = _charts(cilegon["id"])[XL_CHART_TYPE.BAR_CLUSTERED]
    villages = cilegon["villages"]
    by_kecamatan = villages.groupby("kecamatan", sort=False)["klasifikasi"]
    expected = (100 * by_kecamatan.apply(lambda s: s.isin(["Mandiri", "Berkelanjutan"]).mean())).round(2)
    names = list(bars.plots[0].categories)
    assert sorted(names) == sorted(expected.index)
    target, plus = bars.plots[0].series
    assert list(plus.values) == [pytest.approx(expected[name]) for name in names]
    assert target.name == "Target 40 %" and set(target.values) == {40.0}
    assert _labels(bars, 1)[names.index("Purwakarta")] == "100,0 %"


def test_activity_trend_equals_the_reports(cilegon):
    columns = _charts(cilegon["id"])[XL_CHART_TYPE.COLUMN_CLUSTERED]
    reports = pd.read_csv(DEMO / "kegiatan.csv", dtype={"kode_desa": str, "periode": str})
    cilegon_2024 = reports[
        reports["kode_desa"].str.startswith("36.72.") & reports["periode"].between("2024-01", "2024-12")
    ]
    per_month = cilegon_2024.groupby("periode")["jumlah"].sum()
    assert list(columns.plots[0].series[0].values) == [float(n) for n in per_month]
    assert list(columns.plots[0].categories)[:2] == ["Jan 2024", "Feb 2024"]
    assert list(_charts(cilegon["en"])[XL_CHART_TYPE.COLUMN_CLUSTERED].plots[0].categories)[4] == "May 2024"


def test_map_picture_is_drawn_in_the_map_colours(cilegon):
    pictures = [s for slide in cilegon["id"].slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    image = Image.open(io.BytesIO(pictures[0].image.blob)).convert("RGB")
    assert image.width > 300 and image.height > 300
    colours = {colour for _, colour in image.getcolors(maxcolors=1_000_000) or []}
    lightest = tuple(int(SEQUENTIAL[0][i : i + 2], 16) for i in (1, 3, 5))
    assert lightest in colours  # the lightest class, exactly as the SVG map fills it
    painted = sum(n for n, colour in image.getcolors(maxcolors=1_000_000) if colour != (255, 255, 255))
    assert painted > 0.2 * image.width * image.height


def test_silent_kampung_kb_table(cilegon):
    silent = cilegon["silent"]
    assert len(silent) == 2
    tables = [s.table for slide in cilegon["id"].slides for s in slide.shapes if s.has_table]
    assert len(tables) == 2  # the silent Kampung KB, then the follow-up list
    rows = [[cell.text for cell in row.cells] for row in tables[0].rows]
    assert rows[0][:2] == ["Nama Kampung KB", "Desa/Kelurahan"]
    assert sorted(r[1] for r in rows[1:]) == sorted(silent["nama_desa"])
    assert all(r[4] == "30 September 2024" for r in rows[1:])


def test_follow_up_slide_lists_the_villages_closest_to_their_next_tier(cilegon):
    everything = cilegon["closest"]
    assert len(everything) > deck.CLOSEST_ROWS  # 3 per kecamatan in 8 kecamatan: cut, with a note
    closest = everything.head(deck.CLOSEST_ROWS)
    slide = next(s for s in cilegon["en"].slides if "Closest to the next tier" in _texts(s))
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["District", "Village", "Kampung KB name", "From", "To", "Change needed"]
    assert [r[1] for r in rows[1:]] == closest["nama_desa"].tolist()
    assert [r[5] for r in rows[1:]] == closest["perubahan"].tolist()
    assert f"… and {len(everything) - deck.CLOSEST_ROWS} more villages (see the Follow-up page)." in _texts(slide)


def test_names_stay_text_and_long_lists_are_cut_with_a_note(tmp_path):
    m = _meeting()
    many = pd.concat([m.silent] * 10, ignore_index=True)
    presentation = _open(deck.render(_meeting(silent=many), static_dir=tmp_path))
    everything = "\n".join(_texts(slide) for slide in presentation.slides)
    assert EVIL in everything  # shown literally, as a name
    assert "… dan 10 Kampung KB lainnya" in everything
    table = [s.table for slide in presentation.slides for s in slide.shapes if s.has_table][0]
    assert len(table.rows) == deck.SILENT_ROWS + 1
    assert f"Sarana: {EVIL}" in everything  # the follow-up list's change text, literally
    assert "Peta tidak disertakan" in everything  # no boundaries in tmp_path: said, not a blank slide


def test_without_a_target_the_progress_slide_says_so(tmp_path):
    m = _meeting("en", kpis=_meeting().kpis | {"target_persen": None})
    presentation = _open(deck.render(m, static_dir=tmp_path))
    bars = _charts(presentation)[XL_CHART_TYPE.BAR_CLUSTERED]
    assert len(bars.plots[0].series) == 1
    assert "No Mandiri-plus target for 2023 yet." in "\n".join(_texts(s) for s in presentation.slides)


def test_deck_name():
    assert deck.deck_name(CILEGON) == "presentasi_rapat_36.72_2024-12.pptx"


def _shown(code: str, value: float) -> str:
    """What PowerPoint writes for `value` with the number format `code`, for the formats the deck uses:
    conditional sections, digit placeholders and quoted literal text (no `,` or `.`, which follow the computer)."""
    sections = re.findall(r'(?:"[^"]*"|[^;"])+', code)
    chosen = next((s for s in sections if (m := re.match(r"\[>=(\d+)\]", s)) and value >= int(m[1])), sections[-1])
    tokens = re.findall(r'"[^"]*"|[#0]|[^#0"]', re.sub(r"^\[[^\]]*\]", "", chosen))
    assert not {",", "."} & set(tokens), f"{code!r} leaves a separator to the computer"
    digits, out = str(round(value)), []
    slots = [i for i, token in enumerate(tokens) if token in "#0"]
    for i, token in reversed(list(enumerate(tokens))):
        if token not in "#0":
            out.append(token.strip('"'))
        elif i == slots[0]:
            out.append(digits or ("0" if token == "0" else ""))
            digits = ""
        else:
            out.append(digits[-1] if digits else ("0" if token == "0" else ""))
            digits = digits[:-1]
    return "".join(reversed(out))


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("id", ["0", "999", "1.161", "24.280", "1.234.567"]), ("en", ["0", "999", "1,161", "24,280", "1,234,567"])],
)
def test_count_format_writes_the_languages_separators_on_any_computer(lang, shown):
    assert [_shown(deck.count_format(lang), n) for n in (0, 999, 1161, 24280, 1234567)] == shown


def _label_formats(chart, series: int = 0) -> set[str]:
    """The number formats of a series' labels and of each of its points' labels."""
    ser = chart.plots[0].series[series]._element
    return {el.get("formatCode") for el in ser.xpath("./c:dLbls/c:numFmt | ./c:dLbls/c:dLbl/c:numFmt")}


@pytest.mark.parametrize(("lang", "count", "percent"), [("id", "1.161", "40 %"), ("en", "1,161", "40%")])
def test_axes_and_labels_follow_the_decks_language(cilegon, lang, count, percent):
    charts = _charts(cilegon[lang])
    trend, bars, donut = (
        charts[k] for k in (XL_CHART_TYPE.COLUMN_CLUSTERED, XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.DOUGHNUT)
    )
    for axis in (trend.value_axis, bars.value_axis):
        assert not axis.tick_labels.number_format_is_linked
    assert _shown(trend.value_axis.tick_labels.number_format, 1161) == count
    assert _shown(bars.value_axis.tick_labels.number_format, 40) == percent
    for chart, series, value, expected in ((trend, 0, 1161, count), (donut, 0, 1161, count), (bars, 1, 40, percent)):
        formats = _label_formats(chart, series)
        assert formats and {_shown(code, value) for code in formats} == {expected}
