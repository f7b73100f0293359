"""Follow-up for a meeting: what changed since the last meeting's month ("sejak rapat lalu"), and per kecamatan the
Kampung KB to call on — silent ones, and the villages closest to their next tier with the one change each needs —
as tables and as plain text to paste into a chat message.

Pure functions: the first argument is a read-only `Store` (pages call them through `ui.cached`; the brief and the
deck may call them directly), the rest plain values. Every figure is read through the existing query functions
(metrics, activities, views.tiers, rules.classification), so a number here is the number on the other pages.
The view's tier and activity-type filters do not apply: a follow-up is about every Kampung KB of the region.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema

from ..i18n import format_date, format_month, format_number, format_percent, t
from ..rules import classification, lift, regions, scenarios
from ..rules.filters import Filters, shift_month
from ..storage.store import Store
from . import activities, metrics, tiers
from .tables import short_date

#: How many months before the view's last month the last meeting is taken to be, when no month is chosen.
DEFAULT_GAP = 3
#: Villages closest to their next tier listed per kecamatan (a chat message stays short).
CLOSEST_PER_KECAMATAN = 3

MOVE_COLUMNS = ["kode_desa", "nama_desa", "kecamatan", "nama_kampung", "dari", "ke", "arah"]
#: Newly silent and reporting-again Kampung KB: the silent list's columns (`metrics.SILENT_COLUMNS`) without the
#: days since the last report, which says nothing about a Kampung KB that reports again.
SILENCE_CHANGE_COLUMNS = [c for c in metrics.SILENT_COLUMNS if c != "hari_sejak_laporan"]
NEW_COLUMNS = ["kode_desa", "nama_desa", "kecamatan", "nama_kampung", "tanggal_pencanangan", "klasifikasi"]
#: The village, its tier now and next, then the change: read first, within 1366 px (`shown` puts the code last).
CLOSEST_COLUMNS = ["kode_desa", "nama_desa", "kecamatan", "dari", "ke", "perubahan", "nama_kampung", "langkah"]


def _all_kampung(f: Filters) -> Filters:
    """The view without its tier and activity-type filters: a follow-up counts every Kampung KB."""
    return replace(f, tingkat=(), kegiatan=())


# ---------------------------------------------------------------------------------------------- the meeting month


def meeting_choices(months: list[str], sampai: str | None) -> list[str]:
    """Months a last meeting may be in: those with data before the view's last month, latest first."""
    return sorted((m for m in months if sampai and m < sampai), reverse=True)


def default_meeting(months: list[str], sampai: str | None) -> str | None:
    """`DEFAULT_GAP` months before `sampai`, or the earliest month offered when the data starts later."""
    choices = meeting_choices(months, sampai)
    if not choices:
        return None
    wanted = shift_month(sampai, -DEFAULT_GAP)
    return wanted if wanted in choices else min(choices, key=lambda m: abs(_months(m, wanted)))


def _months(a: str, b: str) -> int:
    return (int(a[:4]) - int(b[:4])) * 12 + int(a[5:7]) - int(b[5:7])


# ---------------------------------------------------------------------------------------------- since the meeting


def kampung_count(store: Store, f: Filters) -> int:
    """Kampung KB of f.wilayah formed by f.sampai, whatever their tier (`activities.kampung_count`)."""
    return activities.kampung_count(store, _all_kampung(f))


def since_meeting(store: Store, f: Filters, rapat: str) -> dict:
    """What changed in f.wilayah between the end of month `rapat` and the end of f.sampai.

    Returns {"meeting": `rapat`, "month": f.sampai, "moves": tier moves of the Kampung KB formed by `rapat`
    (MOVE_COLUMNS; arah "naik" or "turun"), "moved_up"/"moved_down" (counts), "newly_silent": Kampung KB silent now
    (no activity report for 3 months, `activities.silent`) that were not at `rapat` — new Kampung KB included,
    "reporting_again": silent at `rapat`, reporting now (both SILENCE_CHANGE_COLUMNS, tier as of f.sampai),
    "new_kampung": Kampung KB formed after `rapat` (NEW_COLUMNS), "then"/"now": `metrics.kpis` figures at `rapat`
    and at f.sampai (jumlah_kampung, mandiri_plus, mandiri_plus_persen, target_persen of f.sampai's year, …)}.
    """
    now = _all_kampung(f)
    then = replace(now, sampai=rapat)
    moved = tiers.transition(store, now, rapat, f.sampai)["moved"]
    silent_then, silent_now = _silent(store, then), _silent(store, now)
    return {
        "meeting": rapat,
        "month": f.sampai,
        "moves": _moves(store, moved, f),
        "moved_up": int((_direction(moved) == "naik").sum()),
        "moved_down": int((_direction(moved) == "turun").sum()),
        "newly_silent": _silent_rows(silent_now[~silent_now["kode_desa"].isin(silent_then["kode_desa"])]),
        "reporting_again": _reporting_again(store, now, silent_then, silent_now),
        "new_kampung": _new_kampung(store, now, rapat),
        "then": metrics.kpis(store, then),
        "now": metrics.kpis(store, now),
    }


def _silent(store: Store, f: Filters) -> pd.DataFrame:
    return activities.silent(store, f)


def _direction(moved: pd.DataFrame) -> pd.Series:
    rank = {tier: i for i, tier in enumerate(schema.TIERS)}
    up = moved["ke"].map(rank) > moved["dari"].map(rank)
    return pd.Series(np.where(up, "naik", "turun"), index=moved.index, dtype=object)


def _register(store: Store, f: Filters) -> pd.DataFrame:
    """The Kampung KB register of the region as of f.sampai: kode_desa, nama_kampung, tanggal_pencanangan."""
    kampung = metrics.kampung_as_of(store, f.wilayah, f.sampai)
    return kampung[["kode_desa", "nama_kampung", "tanggal_pencanangan", "tahun_pencanangan"]]


def _moves(store: Store, moved: pd.DataFrame, f: Filters) -> pd.DataFrame:
    if moved.empty:
        return pd.DataFrame(columns=MOVE_COLUMNS)
    names = _register(store, f).set_index("kode_desa")["nama_kampung"]
    out = moved.assign(nama_kampung=moved["kode_desa"].map(names), arah=_direction(moved))
    return out[MOVE_COLUMNS].reset_index(drop=True)


def _silent_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.reindex(columns=SILENCE_CHANGE_COLUMNS).reset_index(drop=True)


def _reporting_again(store: Store, f: Filters, silent_then: pd.DataFrame, silent_now: pd.DataFrame) -> pd.DataFrame:
    """Silent at the meeting, reporting now: their latest report and tier as of f.sampai."""
    again = silent_then.loc[~silent_then["kode_desa"].isin(silent_now["kode_desa"]), ["kode_desa"]]
    if again.empty:
        return pd.DataFrame(columns=SILENCE_CHANGE_COLUMNS)
    table = tiers.village_scores(store, f).set_index("kode_desa")
    last = metrics.last_reports(store, f.wilayah, f.sampai).set_index("kode_desa")["terakhir"]
    out = metrics.with_names(again)
    out["nama_kampung"] = out["kode_desa"].map(table["nama_kampung"])
    out["klasifikasi"] = out["kode_desa"].map(table["klasifikasi"])
    out["laporan_terakhir"] = pd.to_datetime(out["kode_desa"].map(last.to_dict())).dt.date
    return out[SILENCE_CHANGE_COLUMNS].reset_index(drop=True)


def _new_kampung(store: Store, f: Filters, rapat: str) -> pd.DataFrame:
    """Kampung KB formed after the end of `rapat`, up to f.sampai, with their tier as of f.sampai."""
    before = set(metrics.kampung_as_of(store, f.wilayah, rapat)["kode_desa"])
    register = _register(store, f)
    new = register[~register["kode_desa"].isin(before)]
    if new.empty:
        return pd.DataFrame(columns=NEW_COLUMNS)
    tier = tiers.village_scores(store, f).set_index("kode_desa")["klasifikasi"]
    out = metrics.with_names(new.copy())
    # a register may give only the year a Kampung KB was formed: then the year is what is shown
    dates = pd.to_datetime(out["tanggal_pencanangan"]).dt.date.astype(object)
    out["tanggal_pencanangan"] = dates.where(dates.notna(), out["tahun_pencanangan"].astype("Int64").astype(object))
    out["klasifikasi"] = out["kode_desa"].map(tier)
    return out[NEW_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- follow-up lists


def silent_list(store: Store, f: Filters) -> pd.DataFrame:
    """The silent Kampung KB of f.wilayah as of f.sampai (no activity report for 3 months; never-reported first
    within each kecamatan): kode_kecamatan, then `metrics.SILENT_COLUMNS`."""
    silent = _silent(store, _all_kampung(f))
    columns = ["kode_kecamatan", *metrics.SILENT_COLUMNS]
    if silent.empty:
        return pd.DataFrame(columns=columns)
    out = silent.assign(kode_kecamatan=silent["kode_desa"].str.slice(0, 8))
    out["_never"] = out["laporan_terakhir"].notna()  # False (never reported) sorts first
    out = out.sort_values(["kode_kecamatan", "_never", "laporan_terakhir", "kode_desa"], kind="stable")
    return out[columns].reset_index(drop=True)


def closest_list(
    store: Store, f: Filters, lang: str = "id", per_kecamatan: int = CLOSEST_PER_KECAMATAN
) -> pd.DataFrame:
    """Per kecamatan, the `per_kecamatan` Kampung KB closest to their next tier (`lift.lift_options`, the tier
    explanation's "what would lift it"), each with the one change that lifts it, in `lang`: kode_kecamatan,
    CLOSEST_COLUMNS (dari = tier now, ke = the tier that change reaches, langkah = score steps)."""
    columns = ["kode_kecamatan", *CLOSEST_COLUMNS]
    kampung = metrics.kampung_as_of(store, f.wilayah, f.sampai) if f.sampai else pd.DataFrame()
    if kampung.empty:
        return pd.DataFrame(columns=columns)
    # the tiers as Simulasi reads them: each village's latest profile, not every month's
    classified = classification.classify_kampung(
        kampung["kode_desa"],
        metrics.latest_profiles(store, f.wilayah, f.sampai),
        f.sampai,
        metrics.partner_mentions(store, f.wilayah, f.sampai),
    )
    options = lift.lift_options(classified)
    options = options[np.isfinite(options["biaya"])].assign(kode_kecamatan=lambda o: o["kode_desa"].str.slice(0, 8))
    chosen = (
        options.sort_values(["kode_kecamatan", "biaya", "kode_desa"], kind="stable")
        .groupby("kode_kecamatan", sort=False)
        .head(per_kecamatan)
        .reset_index(drop=True)
    )
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    chosen["perubahan"] = scenarios.lift_texts(classified, chosen, lang)
    names = kampung.set_index("kode_desa")["nama_kampung"]
    out = metrics.with_names(chosen.rename(columns={"klasifikasi": "dari"}))
    out["nama_kampung"] = out["kode_desa"].map(names)
    out["langkah"] = out["langkah"].astype(int)
    return out[columns]


# ---------------------------------------------------------------------------------------------- text for a chat


def chat_text(
    region: str, sampai: str, silent: pd.DataFrame, closest: pd.DataFrame, lang: str = "id", since: str = ""
) -> str:
    """The follow-up lists as plain text for a chat message (WhatsApp style: *bold* headings): a title, the
    `since` line when given, then per kecamatan its silent Kampung KB and its villages closest to the next tier,
    one line each. `silent` and `closest` are `silent_list` and `closest_list`."""
    lines = [f"*{t('followup.chat_title', lang, region=region, month=format_month(sampai, lang))}*"]
    if since:
        lines.append(since)
    kecamatan = sorted(set(silent["kode_kecamatan"]) | set(closest["kode_kecamatan"]))
    if not kecamatan:
        lines += ["", t("followup.chat_nothing", lang)]
    for code in kecamatan:
        lines += ["", f"*{t('followup.chat_kecamatan', lang, name=_name(code))}*"]
        quiet = silent[silent["kode_kecamatan"] == code]
        if len(quiet):
            lines.append(t("followup.chat_silent", lang, n=format_number(len(quiet), lang=lang)))
            lines += [
                f"- {_village(row)}: {_last_report(row['laporan_terakhir'], lang)}" for _, row in quiet.iterrows()
            ]
        near = closest[closest["kode_kecamatan"] == code]
        if len(near):
            lines.append(t("followup.chat_closest", lang))
            lines += [
                f"- {_village(row)}, {row['dari']} → {row['ke']}: {row['perubahan']}" for _, row in near.iterrows()
            ]
    return "\n".join(lines) + "\n"


def since_text(summary: dict, lang: str = "id") -> str:
    """One line summing up `since_meeting`: moves, silence, Mandiri plus then → now against the target, new ones."""
    then, now = summary["then"], summary["now"]
    target = now.get("target_persen")
    return t(
        "followup.since_line",
        lang,
        rapat=format_month(summary["meeting"], lang),
        up=format_number(summary["moved_up"], lang=lang),
        down=format_number(summary["moved_down"], lang=lang),
        silent=format_number(len(summary["newly_silent"]), lang=lang),
        again=format_number(len(summary["reporting_again"]), lang=lang),
        then=format_percent(then.get("mandiri_plus_persen"), 2, lang),
        now=format_percent(now.get("mandiri_plus_persen"), 2, lang),
        target=t("followup.since_target", lang, target=format_percent(target, 0, lang))
        if target is not None
        else t("followup.no_target", lang),
        new=format_number(len(summary["new_kampung"]), lang=lang),
    )


def cards(summary: dict, lang: str = "id") -> list[dict]:
    """The four cards of `since_meeting`, as text: [{"label", "value", "delta" (or None), "help" (or None),
    "signed" (the delta is a signed change to colour)}] — Mandiri plus now (points since the meeting), tier moves
    up / down, newly silent (and reporting again), new Kampung KB."""
    rapat = format_month(summary["meeting"], lang)
    then, now = summary["then"].get("mandiri_plus_persen"), summary["now"].get("mandiri_plus_persen")
    points = None if then is None or now is None else round(now - then, 2)
    number = lambda n: format_number(n, lang=lang)  # noqa: E731
    return [
        {
            "label": t("followup.kpi_mandiri", lang),
            "value": format_percent(now, 2, lang),
            "delta": None if points is None else t("followup.kpi_mandiri_delta", lang, points=_signed(points, lang)),
            "help": t("followup.kpi_mandiri_help", lang, rapat=rapat),
            "signed": True,
        },
        {
            "label": t("followup.kpi_moves", lang),
            "value": f"{number(summary['moved_up'])} / {number(summary['moved_down'])}",
            "delta": None,
            "help": None,
            "signed": False,
        },
        {
            "label": t("followup.kpi_silent", lang),
            "value": number(len(summary["newly_silent"])),
            "delta": t("followup.kpi_silent_delta", lang, n=number(len(summary["reporting_again"]))),
            "help": t("followup.kpi_silent_help", lang, rapat=rapat),
            "signed": False,
        },
        {
            "label": t("followup.kpi_new", lang),
            "value": number(len(summary["new_kampung"])),
            "delta": None,
            "help": None,
            "signed": False,
        },
    ]


def progress_texts(summary: dict, region: str, lang: str = "id") -> list[str]:
    """Progress toward the Mandiri-plus target in sentences: then → now, and the gap to f.sampai's year's target."""
    then, now = summary["then"], summary["now"]
    number = lambda n: format_number(n, lang=lang)  # noqa: E731
    texts = [
        t(
            "followup.progress",
            lang,
            then=format_percent(then["mandiri_plus_persen"], 2, lang),
            then_n=number(then["mandiri_plus"]),
            then_total=number(then["jumlah_kampung"]),
            rapat=format_month(summary["meeting"], lang),
            now=format_percent(now["mandiri_plus_persen"], 2, lang),
            now_n=number(now["mandiri_plus"]),
            now_total=number(now["jumlah_kampung"]),
            sampai=format_month(summary["month"], lang),
        )
    ]
    target, year = now.get("target_persen"), now.get("tahun")
    if target is None:
        return [*texts, t("followup.progress_no_target", lang, year=year, region=region)]
    short = tiers.ceil_share(target, now["jumlah_kampung"]) - now["mandiri_plus"]
    if short <= 0:
        return [*texts, t("followup.progress_met", lang, year=year, target=format_percent(target, 0, lang))]
    points = target - (now["mandiri_plus_persen"] or 0.0)
    texts.append(
        t(
            "followup.progress_short",
            lang,
            year=year,
            target=format_percent(target, 0, lang),
            short=number(short),
            points=format_number(points, 2, lang),
        )
    )
    return texts


def _signed(value: float, lang: str) -> str:
    return ("+" if value > 0 else "") + format_number(value, 2, lang)


def _name(code: str) -> str:
    return regions.name_of(code) if regions.is_known(code) else code


def _village(row: pd.Series) -> str:
    name = row["nama_desa"] if isinstance(row["nama_desa"], str) else row["kode_desa"]
    kampung = row.get("nama_kampung")
    return f"{name} ({kampung})" if isinstance(kampung, str) and kampung.strip() else name


def _last_report(value: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return t("followup.never_reported", lang)
    return t("followup.last_report", lang, date=format_date(pd.Timestamp(value).date(), lang))


# ---------------------------------------------------------------------------------------------- for display


def shown(frame: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """A list as a reader sees it, for `ui.table`: kode_kecamatan dropped and kode_desa last (names are read first;
    the code stays, offices name a village by it), arah translated, headers translated. Dates stay dates, so the
    table sorts them by date and writes them in `lang`; a date column holding a year alone for some villages
    ("2024": only the year is known) is written out as text, since no date stands for a year."""
    out = frame.drop(columns=[c for c in ("kode_kecamatan",) if c in frame]).copy()
    out = out[[c for c in out.columns if c != "kode_desa"] + ["kode_desa"]]  # names first, the code last
    for column in ("laporan_terakhir", "tanggal_pencanangan"):
        if column in out and not _all_dates(out[column]):
            out[column] = [_date_text(v, lang) for v in out[column]]
    if "arah" in out:
        out["arah"] = [t(f"followup.arah.{v}", lang) for v in out["arah"]]
    return out.rename(columns={c: t(f"followup.col.{c}", lang) for c in out.columns})


def _all_dates(values: pd.Series) -> bool:
    """True when every known value is a date (or there is none): the column can be shown as dates."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return True
    return all(isinstance(v, dt.date) for v in values.dropna())


#: The change column's width in the closest-to-next-tier table (px), and its longest row in lines.
CHANGE_WIDTH, CHANGE_LINES = 460, 4


def change_row_height(changes: pd.Series, width: int = CHANGE_WIDTH) -> int | None:
    """A row height (px) at which every change reads without hovering, wrapped in a column `width` px wide: None
    (one line, the table's own height) when all fit on one line, else enough lines for the longest, at most
    CHANGE_LINES. A character of the table's font is taken as 7 px wide; a line as 21 px, plus 16 px of padding.
    Streamlit wraps a cell's text only in rows taller than 4rem, so a wrapped row is never lower than 65 px."""
    longest = int(changes.astype(str).str.len().max()) if len(changes) else 0
    lines = min(math.ceil(longest * 7 / (width - 16)), CHANGE_LINES)
    return None if lines <= 1 else max(16 + 21 * lines, 65)


def _date_text(value: object, lang: str) -> str:
    """A date as every table writes it ("30 Sep 2024"), a year alone as "2024", nothing as "–"."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) or pd.isna(value):
        return "–"
    if isinstance(value, int | np.integer):
        return str(int(value))
    return short_date(pd.Timestamp(value).date(), lang)
