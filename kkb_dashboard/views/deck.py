"""The meeting deck: the brief's content as a PowerPoint file (python-pptx) — a title slide with region, period and
filters, the KPIs, NATIVE charts (tier mix, progress toward the Mandiri-plus target, activity trend) that can be
edited in PowerPoint, the map picture, the Kampung KB that stopped reporting, and the sources.

Built from `meeting.gather` like the brief. Every text is in the chosen language and every number written the
language's way: data labels carry their text (`24,28 %`), and the axes and labels have number formats that write
the separators as literal text (`1.161` in Indonesian, `1,161` in English): a plain `#,##0` takes the separators of
the computer that opens the file, whatever the deck's language.
"""

from __future__ import annotations

import datetime as dt
import io
from html import escape

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Emu, Inches, Pt

from kkb_dashboard.rules import schema

from .. import i18n
from ..i18n import t
from ..rules.filters import Filters
from . import meeting
from .charts import TARGET_COLOR, TIER_COLORS
from .charts.activities import COUNT_COLOR, short_month
from .maps import png

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
_MARGIN = Inches(0.5)
_BODY_TOP = Inches(1.35)
_DARK, _GREY, _WARNING = RGBColor(0x22, 0x22, 0x22), RGBColor(0x55, 0x55, 0x55), RGBColor(0xE6, 0x61, 0x01)
_PLUS_COLOR = TIER_COLORS["Berkelanjutan"]
#: Rows of the silent Kampung KB on their slide; the rest are counted in a note.
SILENT_ROWS = 10
#: Their columns' widths (inches): name, desa, kecamatan, tier, last report, days since.
_SILENT_WIDTHS = (2.7, 2.2, 2.0, 1.6, 2.2, 1.63)
#: Rows of the follow-up list on its slide, and its column widths (inches): kecamatan, desa, Kampung KB, from, to,
#: the change needed.
CLOSEST_ROWS = 8
_CLOSEST_WIDTHS = (1.6, 1.7, 2.0, 1.2, 1.2, 4.63)
_ROW = Inches(0.42)


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _text(slide, left, top, width, height, lines: list[tuple[str, int, bool, RGBColor]], align=PP_ALIGN.LEFT):
    """A text box of (text, size in pt, bold, colour) paragraphs that wraps inside its box."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for index, (text, size, bold, color) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, color
    return frame


def _slide(deck, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    _text(slide, _MARGIN, Inches(0.35), WIDTH - 2 * _MARGIN, Inches(0.9), [(title, 28, True, _DARK)])
    return slide


def _body_box():
    return _MARGIN, _BODY_TOP, WIDTH - 2 * _MARGIN, HEIGHT - _BODY_TOP - Inches(0.4)


def _style_chart(chart, legend: bool) -> None:
    chart.has_title = False  # the slide's title says it
    chart.font.size = Pt(14)
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(14)


def count_format(lang: str) -> str:
    """The number format of a count in `lang`, separators as literal text: 1.161 (id), 1,161 (en). A format's `,`
    means "the computer's thousands separator", so each group is its own condition (counts stay below 10⁹)."""
    sep = "." if lang == "id" else ","
    return f'[>=1000000]#"{sep}"###"{sep}"##0;[>=1000]#"{sep}"##0;0'


def percent_format(lang: str) -> str:
    """The number format of a whole percentage on an axis in `lang`: `40 %` (id), `40%` (en)."""
    return '0" %"' if lang == "id" else '0"%"'


def _number_format(axis_or_labels, code: str) -> None:
    axis_or_labels.number_format, axis_or_labels.number_format_is_linked = code, False


def _label(point, text: str, size: int = 14, color: RGBColor = _DARK, position=None, code: str | None = None) -> None:
    """A data label with its own text (the language's number format), not PowerPoint's; `code` is the number
    format the label falls back to when someone resets its text in PowerPoint."""
    label = point.data_label
    frame = label.text_frame
    frame.text = text
    if code is not None:  # c:numFmt follows c:tx in a label (python-pptx has no property for a point's format)
        label._dLbl.tx.addnext(parse_xml(f'<c:numFmt {nsdecls("c")} formatCode="{escape(code)}" sourceLinked="0"/>'))
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.color.rgb = Pt(size), color
    if position is not None:
        label.position = position


# --- slides ------------------------------------------------------------------------------------------------------


def _title_slide(deck, m: meeting.Meeting) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    lang = m.lang
    lines = [(t("meeting.deck_title", lang, region=m.region), 36, True, _DARK), ("", 12, False, _DARK)]
    lines += [(line, 20, False, _DARK) for line in m.filters_text]
    lines += [("", 12, False, _DARK), (t("exports.brief_generated", lang, date=_date(m)), 14, False, _GREY)]
    if m.synthetic:
        lines.append((t("exports.brief_synthetic", lang), 14, True, _WARNING))
    _text(slide, _MARGIN, Inches(1.6), WIDTH - 2 * _MARGIN, Inches(5), lines)


def _date(m: meeting.Meeting) -> str:
    return i18n.format_date(m.generated, m.lang)


def _kpi_slide(deck, m: meeting.Meeting) -> None:
    slide = _slide(deck, t("meeting.deck_kpis", m.lang, month=m.month))
    cards = meeting.kpi_cards(m.kpis, m.lang)
    gap = Inches(0.25)
    width = (WIDTH - 2 * _MARGIN - gap * (len(cards) - 1)) / len(cards)
    for index, card in enumerate(cards):
        left = _MARGIN + index * (width + gap)
        box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, Inches(2), Emu(int(width)), Inches(3))
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xF4, 0xF2, 0xF8)
        box.line.color.rgb = RGBColor(0xBB, 0xBB, 0xBB)
        _text(
            slide,
            left + Inches(0.15),
            Inches(2.15),
            Emu(int(width - Inches(0.3))),
            Inches(2.7),
            [(card["label"], 16, False, _GREY), (card["value"], 32, True, _DARK), (card["detail"], 14, False, _GREY)],
        )


def _tier_slide(deck, m: meeting.Meeting) -> None:
    lang = m.lang
    slide = _slide(deck, t("exports.chart_tiers", lang, month=m.month))
    counts = [int(m.counts.get(tier, 0)) for tier in schema.TIERS]
    data = CategoryChartData()
    data.categories = list(schema.TIERS)
    data.add_series(t("exports.kpi_kampung", lang), counts)
    left, top, _, height = _body_box()
    chart = slide.shapes.add_chart(XL_CHART_TYPE.DOUGHNUT, left, top, Inches(7.5), height, data).chart
    _style_chart(chart, legend=True)
    total = sum(counts)
    counts_code = count_format(lang)
    _number_format(chart.plots[0].series[0].data_labels, counts_code)
    for point, tier, n in zip(chart.plots[0].series[0].points, schema.TIERS, counts, strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(TIER_COLORS[tier])
        share = i18n.format_percent(100 * n / total if total else None, 1, lang)
        light = tier in ("Dasar", "Berkelanjutan")
        _label(point, f"{i18n.format_number(n, lang=lang)}\n{share}" if n else "", 14, _white(light), code=counts_code)
    plus = meeting.kpi_cards(m.kpis, lang)[1]
    _text(
        slide,
        Inches(8.4),
        Inches(2.6),
        Inches(4.4),
        Inches(3),
        [
            (plus["label"], 18, False, _GREY),
            (plus["value"], 44, True, _rgb(_PLUS_COLOR)),
            (plus["detail"], 16, False, _GREY),
        ],
    )


def _white(on_dark: bool) -> RGBColor:
    return RGBColor(0xFF, 0xFF, 0xFF) if on_dark else _DARK


def _progress_slide(deck, m: meeting.Meeting) -> None:
    lang = m.lang
    slide = _slide(deck, t("meeting.progress_heading", lang))
    if m.progress.empty:
        _text(slide, *_body_box(), [(t("exports.empty", lang), 20, False, _GREY)])
        return
    names = [str(name) for name in m.progress["nama"]]
    shares = [float(v) if v == v else 0.0 for v in m.progress["mandiri_plus_persen"]]
    data = CategoryChartData()
    data.categories = names
    target = m.target_persen
    if target is not None:  # drawn first, as an outline the Mandiri-plus bar fills up to where it stands
        data.add_series(
            t("meeting.series_target", lang, value=i18n.format_percent(target, 0, lang)), [float(target)] * len(names)
        )
    data.add_series(t("meeting.series_plus", lang), shares)
    left, top, width, height = _body_box()
    if target is None:
        height -= Inches(0.5)
        note = t("meeting.progress_no_target", lang, year=m.kpis.get("tahun") or "–")
        _text(slide, left, top + height, width, Inches(0.5), [(note, 14, False, _GREY)])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data).chart
    _style_chart(chart, legend=True)
    chart.plots[0].overlap, chart.plots[0].gap_width = 100, 60
    chart.category_axis.reverse_order = True  # the first sub-region on top, as in the tables
    chart.category_axis.tick_labels.font.size = Pt(14 if len(names) <= 12 else 10)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = 0, 100
    axis.has_major_gridlines = True
    _number_format(axis.tick_labels, percent_format(lang))
    *goal, plus = chart.plots[0].series
    plus.format.fill.solid()
    plus.format.fill.fore_color.rgb = _rgb(_PLUS_COLOR)
    size = 12 if len(names) <= 12 else 9
    whole = percent_format(lang)  # a format's decimal point is the computer's: the labels' text carries decimals
    _number_format(plus.data_labels, whole)
    for point, share in zip(plus.points, shares, strict=True):
        _label(point, i18n.format_percent(share, 1, lang), size, _DARK, XL_LABEL_POSITION.OUTSIDE_END, whole)
    for series in goal:
        series.format.fill.background()
        series.format.line.color.rgb = _rgb(TARGET_COLOR)
        series.format.line.width = Pt(2)


def _trend_slide(deck, m: meeting.Meeting) -> None:
    lang = m.lang
    slide = _slide(deck, t("activities.trend_title", lang))
    trend = m.trend.groupby("periode", as_index=False)["jumlah"].sum().sort_values("periode")
    if trend.empty:
        _text(slide, *_body_box(), [(t("exports.empty", lang), 20, False, _GREY)])
        return
    data = CategoryChartData()
    data.categories = [short_month(month, lang) for month in trend["periode"]]
    counts = [int(n) for n in trend["jumlah"]]
    data.add_series(t("activities.axis_count", lang), counts)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, *_body_box(), data).chart
    _style_chart(chart, legend=False)
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.minimum_scale = 0
    _number_format(chart.value_axis.tick_labels, count_format(lang))
    series = chart.plots[0].series[0]
    _number_format(series.data_labels, count_format(lang))
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(COUNT_COLOR)
    if len(counts) <= 24:
        for point, n in zip(series.points, counts, strict=True):
            _label(
                point, i18n.format_number(n, lang=lang), 12, _DARK, XL_LABEL_POSITION.OUTSIDE_END, count_format(lang)
            )


def _map_slide(deck, m: meeting.Meeting, static_dir=None) -> None:
    lang = m.lang
    picture = png.map_picture(m.f, m.values, lang, static_dir=static_dir)
    slide = _slide(deck, t("meeting.map_heading", lang) + (f": {picture.title}" if picture else ""))
    left, top, width, height = _body_box()
    if picture is None:
        _text(slide, left, top, width, height, [(t("exports.brief_no_map", lang), 20, False, _GREY)])
        return
    room_w, room_h = width - Inches(3), height
    scale = min(room_w / picture.width, room_h / picture.height)
    shown_w, shown_h = int(picture.width * scale), int(picture.height * scale)
    slide.shapes.add_picture(io.BytesIO(picture.png), left, top, Emu(shown_w), Emu(shown_h))
    legend_left = left + shown_w + Inches(0.4)
    for index, (color, label) in enumerate(picture.legend):
        y = top + Inches(0.2) + index * Inches(0.45)
        swatch = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, legend_left, y, Inches(0.3), Inches(0.3))
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = _rgb(color)
        swatch.line.color.rgb = RGBColor(0x99, 0x99, 0x99)
        _text(
            slide, legend_left + Inches(0.4), y - Inches(0.07), Inches(2.4), Inches(0.45), [(label, 14, False, _DARK)]
        )


def _silent_slide(deck, m: meeting.Meeting) -> None:
    table = meeting.silent_table(m, limit=SILENT_ROWS)
    _table_slide(deck, table, _SILENT_WIDTHS, t("meeting.deck_silent_none", m.lang))


def _closest_slide(deck, m: meeting.Meeting) -> None:
    table = meeting.closest_table(m, limit=CLOSEST_ROWS)
    _table_slide(deck, table, _CLOSEST_WIDTHS, t("followup.closest_none", m.lang))


def _table_slide(deck, table: meeting.Table, widths: tuple[float, ...], none: str) -> None:
    """A slide with a table's heading and rows (or the sentence `none`), and its note below."""
    slide = _slide(deck, table.heading)
    left, top, width, height = _body_box()
    if not table.rows:
        _text(slide, left, top, width, height, [(none, 20, False, _DARK)])
        return
    rows = len(table.rows) + 1
    grid = slide.shapes.add_table(rows, len(table.columns), left, top, width, _ROW * rows).table
    for column, inches in zip(grid.columns, widths, strict=True):
        column.width = Inches(inches)
    for col, column in enumerate(table.columns):
        _cell(grid.cell(0, col), column.label, column.numeric, bold=True)
    for row, cells in enumerate(table.rows, start=1):
        for col, cell in enumerate(cells):
            _cell(grid.cell(row, col), cell.text, cell.numeric)
    if table.note:
        below = top + _ROW * rows + Inches(0.2)
        _text(slide, left, below, width, Inches(0.5), [(table.note, 14, False, _GREY)])


def _cell(cell, text: str, numeric: bool, bold: bool = False) -> None:
    cell.text = text
    paragraph = cell.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT if numeric else PP_ALIGN.LEFT
    for run in paragraph.runs:
        run.font.size, run.font.bold = Pt(13), bold


def _sources_slide(deck, m: meeting.Meeting) -> None:
    slide = _slide(deck, t("exports.brief_sources", m.lang))
    lines = [(line, 16, False, _DARK) for line in m.sources]
    _text(slide, *_body_box(), lines)


# --- the file ----------------------------------------------------------------------------------------------------


def render(m: meeting.Meeting, *, static_dir=None) -> bytes:
    """The deck of a gathered meeting as .pptx bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = t("meeting.deck_title", m.lang, region=m.region)
    deck.core_properties.language = "id-ID" if m.lang == "id" else "en-GB"
    _title_slide(deck, m)
    _kpi_slide(deck, m)
    _tier_slide(deck, m)
    _progress_slide(deck, m)
    _trend_slide(deck, m)
    _map_slide(deck, m, static_dir)
    _silent_slide(deck, m)
    _closest_slide(deck, m)
    _sources_slide(deck, m)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def deck_for(store, f: Filters, lang: str = "id", *, today: dt.date | None = None) -> bytes:
    """The meeting deck of a view (`meeting.gather`, then `render`)."""
    return render(meeting.gather(store, f, lang, today=today))


#: The download's file name: `presentasi_rapat_36.72_2024-12.pptx`.
deck_name = meeting.deck_name
