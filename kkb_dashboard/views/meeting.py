"""What a meeting takes away, gathered once for the brief (HTML) and the deck (PowerPoint): the view in words,
the KPIs, the tier mix, progress toward the Mandiri-plus target per sub-region, the monthly activity trend, the
sub-regions' figures for the map, the Kampung KB that stopped reporting, the sources and the demo flag.

Pure data (no HTML, no slides): `brief` and `deck` draw it with the same builders the pages use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from .. import i18n
from ..i18n import t
from ..rules import regions
from ..rules.filters import Filters
from . import activities, followup, metrics, tiers


@dataclass(frozen=True)
class Meeting:
    """One view's figures for a meeting, in `lang`."""

    f: Filters
    lang: str
    region: str  # "Kota Cilegon (36.72)"
    filters_text: list[str]
    kpis: dict  # metrics.kpis
    counts: dict[str, int]  # tiers.region_counts
    trend: pd.DataFrame  # activities.trend: periode, jumlah, peserta
    values: pd.DataFrame  # metrics.region_table: the map's figures
    progress: pd.DataFrame  # tiers.distribution: sub-regions with Kampung KB
    silent: pd.DataFrame  # activities.silent
    closest: pd.DataFrame  # followup.closest_list: per kecamatan, the villages closest to their next tier
    sources: list[str] = field(default_factory=list)
    synthetic: bool = False
    generated: dt.date = field(default_factory=dt.date.today)

    @property
    def month(self) -> str:
        """The month the figures are for, in words (`Desember 2024`), or `–`."""
        return i18n.format_month(self.f.sampai, self.lang) if self.f.sampai else "–"

    @property
    def target_persen(self) -> float | None:
        return self.kpis.get("target_persen")


def describe_filters(f: Filters, lang: str = "id") -> list[str]:
    """The view in words, one line per filter (region, months, tiers, activity types)."""
    everything = t("exports.brief_all", lang)
    lines = [t("exports.brief_region", lang, value=regions.label(f.wilayah))]
    if f.dari and f.sampai:
        first, last = i18n.format_month(f.dari, lang), i18n.format_month(f.sampai, lang)
        lines.append(t("exports.brief_months", lang, first=first, last=last))
    lines.append(t("exports.brief_tiers", lang, value=", ".join(f.tingkat) or everything))
    lines.append(t("exports.brief_types", lang, value=", ".join(f.kegiatan) or everything))
    return lines


def sources(store, lang: str = "id") -> tuple[list[str], bool]:
    """The sources to cite (last import, region codes, boundaries) and whether any import was synthetic."""
    from ..storage import boundaries

    log = store.import_log()
    cited = [t("data_page.sources_codes", lang), boundaries.ATTRIBUTION[lang]]
    if log.empty:
        return cited, False
    last = log.iloc[0]
    when = i18n.format_date(pd.Timestamp(last["waktu"]).date(), lang)
    synthetic = bool(log["synthetic"].fillna(False).astype(bool).any())
    return [t("exports.source_last_import", lang, file=last["file"], when=when), *cited], synthetic


def gather(store, f: Filters, lang: str = "id", *, today: dt.date | None = None) -> Meeting:
    """The meeting's figures for the view `f` (a month `f.sampai` is needed for tiers and silence)."""
    cited, synthetic = sources(store, lang)
    return Meeting(
        f=f,
        lang=lang,
        region=regions.label(f.wilayah),
        filters_text=describe_filters(f, lang),
        kpis=metrics.kpis(store, f),
        counts=tiers.region_counts(store, f),
        trend=activities.trend(activities.cells(store, f), f),
        values=metrics.region_table(store, f),
        progress=tiers.distribution(store, f),
        silent=activities.silent(store, f),
        closest=followup.closest_list(store, f, lang),
        sources=cited,
        synthetic=synthetic,
        generated=today or dt.date.today(),
    )


def file_name(f: Filters, stem: str, suffix: str) -> str:
    """A download's name: `ringkasan_rapat_36.72_2024-12.html`."""
    return f"{stem}_{f.wilayah or 'indonesia'}_{f.sampai or 'semua'}.{suffix}"


def deck_name(f: Filters) -> str:
    """The deck download's file name: `presentasi_rapat_36.72_2024-12.pptx` (here, not in `deck`, so a page can
    name the download without importing python-pptx before the button is clicked)."""
    return file_name(f, "presentasi_rapat", "pptx")


# --- the KPI cards ---------------------------------------------------------------------------------------------


def kpi_cards(kpis: dict, lang: str = "id") -> list[dict[str, str]]:
    """The overview's four cards (label, value, detail) from `metrics.kpis`, in the language's number format."""
    return [_card_kampung(kpis, lang), _card_plus(kpis, lang), _card_activity(kpis, lang), _card_silent(kpis, lang)]


def _card(label: str, value: str, detail: str) -> dict[str, str]:
    return {"label": label, "value": value, "detail": detail}


def _card_kampung(k: dict, lang: str) -> dict[str, str]:
    detail = t(
        "exports.kpi_kampung_detail",
        lang,
        share=i18n.format_percent(k.get("cakupan_persen"), lang=lang),
        desa=i18n.format_number(k.get("jumlah_desa"), lang=lang),
    )
    if k.get("target_kampung") is not None:
        detail += "; " + t(
            "exports.kpi_target_kampung", lang, target=i18n.format_number(k["target_kampung"], lang=lang)
        )
    return _card(t("exports.kpi_kampung", lang), i18n.format_number(k.get("jumlah_kampung"), lang=lang), detail)


def _card_plus(k: dict, lang: str) -> dict[str, str]:
    n = i18n.format_number(k.get("mandiri_plus"), lang=lang)
    if k.get("target_persen") is None:
        detail = t("exports.kpi_plus_no_target", lang, n=n, year=k.get("tahun") or "–")
    else:
        gap = k.get("selisih_persen")
        sign = "+" if gap is not None and gap > 0 else ""
        detail = t(
            "exports.kpi_plus_detail",
            lang,
            n=n,
            target=i18n.format_percent(k["target_persen"], lang=lang),
            gap=sign + i18n.format_number(gap, 2, lang),
        )
    return _card(t("exports.kpi_plus", lang), i18n.format_percent(k.get("mandiri_plus_persen"), lang=lang), detail)


def _card_activity(k: dict, lang: str) -> dict[str, str]:
    before = t("exports.kpi_activity_detail", lang, n=i18n.format_number(k.get("kegiatan_bulan_lalu"), lang=lang))
    return _card(t("exports.kpi_activity", lang), i18n.format_number(k.get("kegiatan_bulan_ini"), lang=lang), before)


def _card_silent(k: dict, lang: str) -> dict[str, str]:
    return _card(
        t("exports.kpi_silent", lang),
        i18n.format_number(k.get("tanpa_laporan_3_bulan"), lang=lang),
        t("exports.kpi_silent_detail", lang),
    )


# --- the tables, formatted in the meeting's language ------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A table cell's text in the language's format, and whether it is a number (right-aligned)."""

    text: str
    numeric: bool = False


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    heading: str
    columns: list[Column]
    rows: list[list[Cell]]
    note: str = ""


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _number(value: object, lang: str, decimals: int = 0) -> Cell:
    return Cell("–" if _missing(value) else i18n.format_number(float(value), decimals, lang), True)


def _percent(value: object, lang: str) -> Cell:
    return Cell("–" if _missing(value) else i18n.format_percent(float(value), 2, lang), True)


def _date(value: object, lang: str) -> Cell:
    return Cell(t("meeting.never_reported", lang) if _missing(value) else i18n.format_date(pd.Timestamp(value), lang))


def _text(value: object) -> Cell:
    return Cell("–" if _missing(value) or value == "" else str(value))


def progress_table(m: Meeting) -> Table:
    """Per sub-region with Kampung KB: Kampung KB, Mandiri plus (count and %) and the count the target asks."""
    lang = m.lang
    keys = ("nama", "jumlah_kampung", "mandiri_plus", "mandiri_plus_persen", "target_mandiri_plus")
    columns = [Column(t(f"tierviews.col.{key}", lang), key != "nama") for key in keys]
    rows = [
        [
            _text(row.nama),
            _number(row.jumlah_kampung, lang),
            _number(row.mandiri_plus, lang),
            _percent(row.mandiri_plus_persen, lang),
            _number(row.target_mandiri_plus, lang),
        ]
        for row in m.progress.itertuples(index=False)
    ]
    note = "" if m.target_persen is not None else t("meeting.progress_no_target", lang, year=m.kpis.get("tahun") or "–")
    return Table(t("meeting.progress_heading", lang), columns, rows, note)


_SILENT_KEYS = ("nama_kampung", "nama_desa", "kecamatan", "klasifikasi", "laporan_terakhir", "hari_sejak_laporan")


def silent_table(m: Meeting, limit: int | None = None) -> Table:
    """The Kampung KB with no report in the last 3 months (never-reported first), at most `limit` rows with a
    note of how many more there are."""
    lang = m.lang
    labels = {
        "laporan_terakhir": "meeting.col_laporan_terakhir",
        "hari_sejak_laporan": "meeting.col_hari_sejak_laporan",
    }
    columns = [
        Column(t(labels.get(key, f"tierviews.col.{key}"), lang), key == "hari_sejak_laporan") for key in _SILENT_KEYS
    ]
    shown = m.silent if limit is None else m.silent.head(limit)
    rows = [
        [
            _text(row.nama_kampung),
            _text(row.nama_desa),
            _text(row.kecamatan),
            _text(row.klasifikasi),
            _date(row.laporan_terakhir, lang),
            _number(row.hari_sejak_laporan, lang),
        ]
        for row in shown.itertuples(index=False)
    ]
    more = len(m.silent) - len(shown)
    if not len(m.silent):
        note = t("activities.silent_none", lang)
    elif more:
        note = t(
            "meeting.one_more_row" if more == 1 else "meeting.more_rows", lang, n=i18n.format_number(more, 0, lang)
        )
    else:
        note = ""
    return Table(t("activities.silent_heading", lang), columns, rows, note)


def closest_table(m: Meeting, limit: int | None = None) -> Table:
    """The follow-up list: per kecamatan, the villages closest to their next tier and the one change each needs
    (`followup.closest_list`), at most `limit` rows with a note of how many more there are."""
    lang = m.lang
    keys = ["kecamatan", "nama_desa", "nama_kampung", "dari", "ke", "perubahan"]
    columns = [Column(t(f"followup.col.{key}", lang)) for key in keys]
    shown = m.closest if limit is None else m.closest.head(limit)
    rows = [[_text(getattr(row, key)) for key in keys] for row in shown.itertuples(index=False)]
    more = len(m.closest) - len(shown)
    if not len(m.closest):
        note = t("followup.closest_none", lang)
    elif more:
        key = "meeting.one_more_closest" if more == 1 else "meeting.more_closest"
        note = t(key, lang, n=i18n.format_number(more, 0, lang))
    else:
        note = ""
    heading = t("followup.closest_heading", lang, n=followup.CLOSEST_PER_KECAMATAN)
    return Table(heading, columns, rows, note)
