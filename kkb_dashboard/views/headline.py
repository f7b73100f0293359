"""The sentence at the top of every page and the strip of active filters under it (pure: figures in, text out).

The headline says the view's message from the data in one line — region, month, Kampung KB, the Mandiri-plus share
and how far it is from the year's target, in points and in villages. The filter strip names the region, the period
and every tier or activity filter, so numbers filtered by a link are never read as totals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from ..i18n import format_month, format_number, format_percent, t
from ..rules import regions
from ..rules.filters import Filters


def villages_short(total: int, plus: int, target_persen: float) -> int:
    """How many more Mandiri-plus Kampung KB the target asks for: ⌈total × target %⌉ − plus, never below 0."""
    wanted = math.ceil(total * target_persen / 100 - 1e-9)  # 40 % of 25 is 10, not 11 from float noise
    return max(wanted - plus, 0)


def _target_clause(k: dict, lang: str) -> str:
    """ "— 9,6 poin di bawah target 40 % (kurang 3 desa)", "— target 40 % tercapai (+2,1 poin)" or no target;
    "target simulasi 40 %" when `k["target_simulasi"]` says the target is a simulation's, not an imported one."""
    target, share = k.get("target_persen"), k.get("mandiri_plus_persen")
    if target is None:
        return t("headline.no_target", lang, tahun=k.get("tahun") or "–")
    gap = share - target
    sim = bool(k.get("target_simulasi"))  # a what-if's own target, not the region's imported one
    values = {"target": format_percent(target, 0, lang), "gap": format_number(abs(gap), 1, lang)}
    if gap < 0 or villages_short(k["jumlah_kampung"], k["mandiri_plus"], target):
        short = villages_short(k["jumlah_kampung"], k["mandiri_plus"], target)
        return t(
            "headline.below_sim" if sim else "headline.below", lang, short=format_number(short, lang=lang), **values
        )
    return t("headline.met_sim" if sim else "headline.met", lang, **values)


def sentence(f: Filters, k: dict, lang: str = "id") -> str:
    """The headline from the figures of the view `f` (the keys of `metrics.headline_figures`): "Kota Cilegon,
    Desember 2024: 23 Kampung KB; Mandiri plus 30,4 % — 9,6 poin di bawah target 40 % (kurang 3 desa)". Empty when
    there is no month to speak of."""
    if not f.sampai:
        return ""
    where = f"{regions.name_of(f.wilayah)}, {format_month(f.sampai, lang)}"
    total = k.get("jumlah_kampung") or 0
    if not total:
        return t("headline.none", lang, where=where)
    return t(
        "headline.sentence",
        lang,
        where=where,
        kampung=format_number(total, lang=lang),
        persen=format_percent(k.get("mandiri_plus_persen"), 1, lang),
        target=_target_clause(k, lang),
    )


@dataclass(frozen=True)
class Part:
    """One item of the filter strip: its label, its value, and whether it narrows the figures (a filter)."""

    label: str
    value: str
    narrows: bool = False


def _period(f: Filters, lang: str) -> str:
    if not f.dari or not f.sampai:
        return "–"
    if f.dari == f.sampai:
        return format_month(f.sampai, lang)
    return f"{format_month(f.dari, lang)} – {format_month(f.sampai, lang)}"


def _region(f: Filters) -> str:
    names = [regions.name_of(code) for code in regions.ancestors(f.wilayah)]
    return " › ".join(["Indonesia", *names])


def filter_strip(f: Filters, lang: str = "id") -> list[Part]:
    """Region, period, tiers and activity types of the view; a tier or activity filter is marked as narrowing."""
    everything = t("ui.all", lang)
    return [
        Part(t("headline.region", lang), _region(f)),
        Part(t("headline.period", lang), _period(f, lang)),
        Part(t("ui.tiers", lang), ", ".join(f.tingkat) or everything, bool(f.tingkat)),
        Part(t("ui.activity_types", lang), ", ".join(f.kegiatan) or everything, bool(f.kegiatan)),
    ]


def filter_note(f: Filters, lang: str = "id") -> str:
    """A warning sentence when tiers or activity types narrow the figures, else empty."""
    return t("headline.filtered", lang) if f.tingkat or f.kegiatan else ""


def markup(text: str, parts: list[Part], note: str = "") -> str:
    """The headline and the filter strip as HTML (every text escaped; no blank line, so Markdown leaves it be)."""
    chips = "".join(
        f'<span class="kkb-chip{" kkb-chip-on" if part.narrows else ""}"><b>{escape(part.label)}:</b> '
        f"{escape(part.value)}</span>"
        for part in parts
    )
    head = f'<div class="kkb-headline">{escape(text)}</div>' if text else ""
    warn = f'<span class="kkb-filter-note">{escape(note)}</span>' if note else ""
    return f'<div class="kkb-view">{head}<div class="kkb-strip">{chips}{warn}</div></div>'
