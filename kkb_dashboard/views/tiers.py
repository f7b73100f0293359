"""Data for the Klasifikasi (tiers) and Simulasi (what-if) pages, built on metrics, tiers and scenarios.

Pure functions: the first argument is a read-only `Store` (pages call them through `ui.cached`), the rest plain
hashable values (`Filters`, codes, months, a `Scenario`), so the cache keys are plain. Nothing here renders and
nothing here writes to the store: a scenario lives in memory only.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace
from fractions import Fraction

import pandas as pd

from ..i18n import format_number, t
from ..rules import classification, regions, scenarios, tier_rule
from ..rules.explanation import explain
from ..rules.filters import Filters
from ..storage import queries, schema
from ..storage.store import Store
from . import metrics

DEFAULT_TARGET = 40.0
SCORE_COLUMNS = tuple(f"skor_{n}" for n in tier_rule.SCORE_NAMES)
INDEX_COLUMNS = tuple(f"indeks_{g}" for g in tier_rule.INDEX_NAMES)


# ---------------------------------------------------------------------------------------------- labels


def labelled(frame: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """A copy of `frame` with known column names translated (score columns get the score's name)."""
    names = {}
    for column in frame.columns:
        if column.startswith("skor_") and column[5:] in tier_rule.SCORE_NAMES:
            names[column] = t(f"tiers.score.{column[5:]}", lang)
        elif f"tierviews.col.{column}" in _catalog():
            names[column] = t(f"tierviews.col.{column}", lang)
    return frame.rename(columns=names)


@functools.cache
def _catalog() -> frozenset[str]:
    from ..i18n import CATALOG

    return frozenset(CATALOG)


def target_persen(store: Store, wilayah: str, tahun: int | None) -> float | None:
    """The imported Mandiri-plus target (%) of a region and year, or None."""
    row = metrics.target_of(store, wilayah, tahun) if tahun else None
    value = row.get("target_mandiri_plus_persen") if row else None
    return None if value is None or value != value else float(value)


# ---------------------------------------------------------------------------------------------- distribution


def distribution(store: Store, f: Filters) -> pd.DataFrame:
    """Tier counts per sub-region with Kampung KB (one level below f.wilayah), as of f.sampai.

    Columns: kode, nama, jumlah_kampung, the four tiers (only those chosen in f.tingkat, when any), mandiri_plus,
    mandiri_plus_persen, target_mandiri_plus (the Kampung KB the region's target % of the year of f.sampai asks
    of each sub-region, rounded up; NA without a target). Counts and percentages are of every Kampung KB,
    whatever tiers are shown.
    """
    shown = [tier for tier in schema.TIERS if not f.tingkat or tier in f.tingkat]
    columns = ["kode", "nama", "jumlah_kampung", *shown, "mandiri_plus", "mandiri_plus_persen", "target_mandiri_plus"]
    if not f.sampai:
        return pd.DataFrame(columns=columns)
    table = metrics.region_table(store, replace(f, tingkat=()))
    table = table[table["jumlah_kampung"] > 0].reset_index(drop=True)
    if table.empty:
        return pd.DataFrame(columns=columns)
    target = target_persen(store, f.wilayah, int(f.sampai[:4]))
    table["target_mandiri_plus"] = pd.array(
        [pd.NA if target is None else ceil_share(target, n) for n in table["jumlah_kampung"]], dtype="Int64"
    )
    return table[columns]


def ceil_share(persen: float, total: int) -> int:
    """⌈persen % of total⌉, exact for decimal percentages (40 % of 234 = 93.6 → 94), as scenarios counts it."""
    return math.ceil(Fraction(str(persen)) * int(total) / 100)


def region_counts(store: Store, f: Filters) -> dict[str, int]:
    """Kampung KB per tier for the whole region as of f.sampai (every tier, in order)."""
    if not f.sampai:
        return dict.fromkeys(schema.TIERS, 0)
    counts = queries.tier_summary(store, f, pd.Timestamp(f.sampai + "-01").date())
    return {tier: counts[tier] for tier in schema.TIERS}


# ---------------------------------------------------------------------------------------------- transitions


def transition(store: Store, f: Filters, month_a: str, month_b: str) -> dict:
    """Tier moves between two months for the Kampung KB of f.wilayah formed by the earlier month.

    Returns {"matrix": from × to counts (index dari, columns ke, every tier), "moved": kode_desa, nama_desa,
    kecamatan, dari, ke, "jumlah": villages compared, "bulan": the earlier month}.
    """
    matrix, moved, compared = queries.tier_moves(store, f, month_a, month_b)
    moved = (
        metrics.with_names(moved)
        if len(moved)
        else pd.DataFrame(columns=["kode_desa", "nama_desa", "kecamatan", "dari", "ke"])
    )
    return {"matrix": matrix, "moved": moved, "jumlah": compared, "bulan": min(month_a, month_b)}


# ---------------------------------------------------------------------------------------------- villages


def village_scores(store: Store, f: Filters) -> pd.DataFrame:
    """One row per Kampung KB (metrics.village_table): names, tier, the 3 indices and the 12 sub-scores."""
    columns = [
        "kode_desa",
        "nama_desa",
        "kecamatan",
        "nama_kampung",
        "klasifikasi",
        *INDEX_COLUMNS,
        *SCORE_COLUMNS,
        "periode_profil",
    ]
    if not f.sampai:
        return pd.DataFrame(columns=columns)
    rows = queries.villages(store, f, ("klasifikasi", *INDEX_COLUMNS, *SCORE_COLUMNS, "periode_profil"))
    return metrics.with_names(rows).reindex(columns=columns)


def selected_code(table: pd.DataFrame, rows: list[int]) -> str | None:
    """The kode_desa of the one selected row of `table` (positions from a dataframe selection), or None."""
    if not rows or rows[0] >= len(table):
        return None
    return str(table["kode_desa"].iloc[rows[0]])


def selection_of(table: pd.DataFrame, kode_desa: str | None) -> dict | None:
    """A dataframe `selection_default` selecting the row of `kode_desa` (from the link), or None."""
    rows = [i for i, code in enumerate(table["kode_desa"]) if code == kode_desa] if kode_desa else []
    return {"selection": {"rows": rows[:1], "columns": []}} if rows else None


def explanation(store: Store, f: Filters, kode_desa: str, lang: str = "id") -> dict:
    """`explanation.explain` of one Kampung KB as of f.sampai, plus its name (`nama`)."""
    classified = classification.classify_kampung(
        [kode_desa],
        metrics.profiles(store, kode_desa, f.sampai),
        f.sampai,
        metrics.partner_mentions(store, kode_desa, f.sampai),
    )
    result = explain(classified, lang)
    result["nama"] = regions.label(kode_desa) if regions.is_known(kode_desa) else kode_desa
    return result


def explanation_table(explained: dict, lang: str = "id") -> pd.DataFrame:
    """The 12 sub-scores of an explanation as rows: indeks, indikator, skor, keterangan."""
    rows = [
        {
            "indeks": t(f"tiers.index.{group}", lang),
            "indikator": t(f"tiers.score.{name}", lang),
            "skor": explained["skor"][name]["skor"],
            "keterangan": explained["skor"][name]["teks"],
        }
        for group, names in tier_rule.INDEX_SCORES.items()
        for name in names
    ]
    return pd.DataFrame(rows, columns=["indeks", "indikator", "skor", "keterangan"])


# ---------------------------------------------------------------------------------------------- reported


def reported_vs_computed(store: Store, f: Filters) -> dict:
    """Reported tiers (`klasifikasi` kind) of f.wilayah up to f.sampai against the tiers computed as of each
    report's own month. Returns {"rate" (0–1, NaN when none), "jumlah", "selisih": kode_desa, nama_desa,
    kecamatan, periode, dilaporkan, dihitung}."""
    reported = store.sql(
        "SELECT kode_desa, periode, klasifikasi FROM klasifikasi WHERE kode_desa LIKE ? "
        "AND periode <= ? ORDER BY kode_desa, periode",
        [f"{f.wilayah}%" if f.wilayah else "%", f.sampai or "9999-99"],
    )
    computed = [
        classification.classify_kampung(
            group["kode_desa"],
            metrics.profiles(store, f.wilayah, month),
            month,
            metrics.partner_mentions(store, f.wilayah, month),
        )
        for month, group in reported.groupby("periode")
    ]
    if not computed:
        empty = pd.DataFrame(columns=["kode_desa", "nama_desa", "kecamatan", "periode", "dilaporkan", "dihitung"])
        return {"rate": float("nan"), "jumlah": 0, "selisih": empty}
    rate, disagreements = classification.compare_reported(pd.concat(computed, ignore_index=True), reported)
    return {"rate": rate, "jumlah": len(reported), "selisih": metrics.with_names(disagreements)}


# ---------------------------------------------------------------------------------------------- scenarios

#: Indicator changes offered for a group: key → (kind, the `scenarios.set_values` change it makes).
#: kind: "flag" (no value), "points" (a whole number of percentage points), a vocabulary name (one member).
CHANGES = {
    "pokja_ada": ("flag", "pokja_ada"),
    "pokja_terlatih": ("flag", "pokja_terlatih"),
    "regulasi": ("flag", "regulasi"),
    "plkb": ("flag", "plkb_pendamping"),
    "cpr": ("points", "cpr_plus_points"),
    "mkjp": ("points", "mkjp_plus_points"),
    "poktan": ("points", "poktan_plus_points"),
    "unmet": ("points", "unmet_minus_points"),
    "program": ("program_aktif", "program_aktif+"),
    "sumber_dana": ("sumber_dana", "sumber_dana+"),
}


@dataclass(frozen=True)
class Scenario:
    """One what-if, as plain values (a cache key and the link's `?target=40&tahun=2023…`).

    Operations, applied in this order: `ubah` (a CHANGES key) with `nilai` for the villages under `untuk`
    (a sub-region code; "" = the whole region), then the hand-picked `pilih` villages (each to its next tier),
    then the `naik` villages below Mandiri closest to becoming Mandiri plus.
    """

    wilayah: str
    tahun: int
    target: float | None = None  # None: the imported target of the region and year, else 40 %
    naik: int = 0
    ubah: str = ""
    nilai: str = ""
    untuk: str = ""
    pilih: tuple[str, ...] = ()

    def operations(self) -> list:
        """The `scenarios` operations this scenario applies, in order."""
        ops = []
        if self.ubah in CHANGES and (CHANGES[self.ubah][0] == "flag" or self.nilai):
            ops.append(scenarios.set_values(self.untuk or self.wilayah, {CHANGES[self.ubah][1]: self._value()}))
        if self.pilih:
            ops.append(scenarios.pick(self.pilih))
        if self.naik > 0:  # toward the target: the villages `needed_for_target` lists, lifted the same way
            ops.append(scenarios.move_up_closest(self.naik, to="Mandiri"))
        return ops

    def _value(self) -> object:
        kind = CHANGES[self.ubah][0]
        if kind == "flag":
            return True
        return int(self.nilai) if kind == "points" else self.nilai

    def to_query(self) -> dict[str, str]:
        """Link parameters (only what differs from an empty scenario, plus target and year)."""
        query = {
            "target": "" if self.target is None else _plain_number(self.target),
            "tahun": str(self.tahun),
            "naik": str(self.naik or ""),
            "ubah": self.ubah,
            "nilai": self.nilai if self.ubah else "",
            "untuk": self.untuk if self.ubah else "",
            "pilih": ",".join(self.pilih),
        }
        return {key: value for key, value in query.items() if value}


def _plain_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


SCENARIO_KEYS = ("target", "tahun", "naik", "ubah", "nilai", "untuk", "pilih")


def scenario_from_query(
    params: dict[str, str], wilayah: str, years: list[int], default_year: int
) -> tuple[Scenario, list[tuple[str, str]]]:
    """A Scenario from link parameters, and (parameter, bad value) notices for the values that fell back.

    Without a valid `target` the scenario's target is None (the imported target, else 40 %).
    """
    notices: list[tuple[str, str]] = []
    tahun = _int_param(params, "tahun", default_year, notices)
    if tahun not in years:
        notices.append(("tahun", params.get("tahun", str(tahun))))
        tahun = default_year
    target = _float_param(params, "target", None, notices)
    if target is not None and not 0 <= target <= 100:
        notices.append(("target", params["target"]))
        target = None
    naik = max(0, _int_param(params, "naik", 0, notices))
    ubah = params.get("ubah", "")
    if ubah and ubah not in CHANGES:
        notices.append(("ubah", ubah))
        ubah = ""
    nilai = _checked_value(ubah, params.get("nilai", ""), notices)
    untuk = params.get("untuk", "")
    inside = untuk.startswith(f"{wilayah}.") if wilayah else True
    if untuk and not (inside and regions.is_known(untuk)):
        notices.append(("untuk", untuk))
        untuk = ""
    pilih = tuple(c for c in params.get("pilih", "").split(",") if c)
    unknown = [c for c in pilih if not (regions.level_of(c) == 4 and c.startswith(wilayah) and regions.is_known(c))]
    if unknown:
        notices.append(("pilih", ",".join(unknown)))
        pilih = tuple(c for c in pilih if c not in unknown)
    return Scenario(wilayah, tahun, target, naik, ubah, nilai, untuk, pilih), notices


def _int_param(params: dict[str, str], key: str, default: int, notices: list) -> int:
    try:
        return int(params[key]) if params.get(key) else default
    except ValueError:
        notices.append((key, params[key]))
        return default


def _float_param(params: dict[str, str], key: str, default: float | None, notices: list) -> float | None:
    try:
        return float(params[key].replace(",", ".")) if params.get(key) else default
    except ValueError:
        notices.append((key, params[key]))
        return default


def _checked_value(ubah: str, nilai: str, notices: list) -> str:
    if not ubah or CHANGES[ubah][0] == "flag":
        return ""
    kind = CHANGES[ubah][0]
    ok = nilai.lstrip("-").isdigit() if kind == "points" else nilai in schema.VOCABULARIES[kind]
    if nilai and not ok:
        notices.append(("nilai", nilai))
    return nilai if ok else ""


def widget_value(ubah: str, nilai: str) -> int | str:
    """A link's `nilai` as its widget holds it: a whole number of points, or a name."""
    return int(nilai) if CHANGES[ubah][0] == "points" else nilai


def known(codes: tuple[str, ...], offered: dict[str, str]) -> list[str]:
    """The `codes` a widget offers (a link may name villages not formed in the chosen year)."""
    return [code for code in codes if code in offered]


def default_year(years_with_data: list[int], sampai: str | None) -> int | None:
    """The year of the view's last month when it has data, else the latest year with data."""
    if sampai and int(sampai[:4]) in years_with_data:
        return int(sampai[:4])
    return years_with_data[-1] if years_with_data else None


def years(store: Store) -> list[int]:
    """Years that have monthly data, ascending."""
    return sorted({int(month[:4]) for month in metrics.available_months(store)})


def scenario_options(store: Store, wilayah: str, tahun: int) -> dict:
    """What the Simulasi widgets offer: {"target": the imported target or 40, "bulan": the month tiers are
    read at, "desa": {kode_desa: "Desa (Kecamatan)"} of the region's Kampung KB, "untuk": {code: name} of
    sub-regions with Kampung KB}."""
    month = metrics.year_month(store, tahun)
    kampung = metrics.kampung_as_of(store, wilayah, month)
    names = regions.names(kampung["kode_desa"]).fillna(kampung["kode_desa"])
    kecamatan = kampung["kode_desa"].str.slice(0, 8)
    kecamatan = regions.names(kecamatan).fillna(kecamatan)
    desa = {code: f"{name} ({kec})" for code, name, kec in zip(kampung["kode_desa"], names, kecamatan, strict=True)}
    width = regions.CODE_WIDTH[min(regions.level_of(wilayah) + 1, 4)]
    subs = sorted({code[:width] for code in kampung["kode_desa"]})
    imported = target_persen(store, wilayah, tahun)
    return {
        "target": DEFAULT_TARGET if imported is None else imported,
        "bulan": month,
        "desa": desa,
        "untuk": {code: names.get(code, code) for code in subs},
    }


def _sub_region(code: str, width: int) -> str:
    return code[:width]


def simulate(store: Store, scenario: Scenario, lang: str = "id", needed_list: bool = True) -> dict:
    """Run `scenario` on the region's profiles as of its year (December or the latest month): baseline vs
    scenario. Returns {"bulan", "jumlah_kampung", "target_persen", "target_jumlah", "awal" and "skenario"
    ({mandiri_plus, persen, tercapai, selisih_persen, selisih_jumlah}), "counts" (per sub-region: kode, nama,
    tier counts `<tier>_awal`/`<tier>_skenario` lower-case, persen_awal, persen_skenario), "changes" (kode_desa,
    nama_desa, kecamatan, dari, ke, alasan in `lang`), "moves" (`moves` of the changes), "needed"
    (scenarios.needed_for_target on the scenario, with names; "desa" as a frame, empty without `needed_list`;
    "cukup" None when `_checks_needed` says no)}."""
    month = metrics.year_month(store, scenario.tahun)
    code = scenario.wilayah
    imported = target_persen(store, code, scenario.tahun)
    persen = scenario.target if scenario.target is not None else (DEFAULT_TARGET if imported is None else imported)
    target = pd.DataFrame({"kode_wilayah": [code], "tahun": [scenario.tahun], "target_mandiri_plus_persen": [persen]})
    width = {0: 2, 1: 5, 2: 8}.get(regions.level_of(code), 13)
    region_of = functools.partial(_sub_region, width=width)
    operations = scenario.operations()
    checked = _checks_needed(code, needed_list)
    if not operations and not checked:
        # Nothing to change and no lift search: the villages' tiers as of the month are all it needs.
        baseline = queries.villages(store, Filters(code, sampai=month), ("klasifikasi", "tingkat"), tingkat=())
        result = scenarios.compare(baseline, baseline, month, target, region_of)
    else:
        kampung = metrics.kampung_as_of(store, code, month)
        result = scenarios.run(
            metrics.latest_profiles(store, code, month),
            kampung["kode_desa"],
            month,
            operations,
            target,
            region_of,
            metrics.partner_mentions(store, code, month),
        )
    progress = result.progress.iloc[0] if result.progress is not None and len(result.progress) else None
    return {
        "bulan": month,
        "jumlah_kampung": len(result.baseline),
        "target_persen": float(persen),
        "target_jumlah": None if progress is None else _int(progress["target_mandiri_plus_awal"]),
        "awal": _side(progress, "awal"),
        "skenario": _side(progress, "skenario"),
        "counts": _counts(result.counts),
        "changes": _changes(result.changes, lang),
        "moves": moves(result.changes),
        "needed": _needed(result.scenario, code, persen, lang, needed_list, checked),
    }


def _checks_needed(code: str, needed_list: bool) -> bool:
    """Whether `simulate` searches the ways up to Mandiri plus (for "cukup"): with the list, or for a kab/kota or
    kecamatan even without it — what the page must say when the target cannot be reached; for a provinsi or
    Indonesia the search takes seconds and waits for the list to be unfolded."""
    return needed_list or regions.level_of(code) >= 2


def moves(changes: pd.DataFrame) -> list[dict]:
    """The tier moves of a scenario's changes as they happen, counted: [{"dari", "ke", "n"}], from the lowest
    tier and then the farthest move (Dasar → Mandiri is one move, not "one tier up"); unchanged villages left out."""
    moved = changes[changes["dari"] != changes["ke"]]
    counts = moved.groupby(["dari", "ke"]).size()
    order = sorted(counts.index, key=lambda pair: (schema.TIERS.index(pair[0]), -schema.TIERS.index(pair[1])))
    return [{"dari": dari, "ke": ke, "n": int(counts[(dari, ke)])} for dari, ke in order]


def moves_text(moved: list[dict], lang: str = "id") -> str:
    """`moves` as one sentence: "Perpindahan: 11 desa Dasar → Mandiri, 43 desa Berkembang → Berkelanjutan."."""
    parts = [
        t("tierviews.move_part", lang, n=format_number(m["n"], lang=lang), dari=m["dari"], ke=m["ke"]) for m in moved
    ]
    return t("tierviews.moves", lang, moves=", ".join(parts)) if parts else ""


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _side(progress: pd.Series | None, suffix: str) -> dict:
    if progress is None:
        return {"mandiri_plus": 0, "persen": 0.0, "tercapai": None, "selisih_persen": None, "selisih_jumlah": None}
    tercapai = progress[f"tercapai_{suffix}"]
    return {
        "mandiri_plus": int(progress[f"mandiri_plus_{suffix}"]),
        "persen": float(progress[f"persen_mandiri_plus_{suffix}"]),
        "tercapai": None if pd.isna(tercapai) else bool(tercapai),
        "selisih_persen": float(progress[f"selisih_persen_{suffix}"]),
        "selisih_jumlah": _int(progress[f"selisih_jumlah_{suffix}"]),
    }


def _counts(counts: pd.DataFrame) -> pd.DataFrame:
    tiers_low = [tier.lower() for tier in schema.TIERS]
    columns = [f"{tier}_{side}" for side in ("awal", "skenario") for tier in tiers_low]
    out = pd.DataFrame(
        {
            "kode": counts["wilayah"],
            "nama": regions.names(counts["wilayah"]).fillna(counts["wilayah"]),
            "jumlah_kampung": counts["jumlah_kampung"],
        }
    )
    for column in columns:
        out[column] = counts[column].astype(int)
    out["persen_awal"] = counts["persen_mandiri_plus_awal"]
    out["persen_skenario"] = counts["persen_mandiri_plus_skenario"]
    return out


def _changes(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = changes[["kode_desa", "dari", "ke"]].copy()
    out["alasan"] = changes["alasan" if lang == "id" else "reason"]
    return (
        metrics.with_names(out)
        if len(out)
        else out.assign(nama_desa=None, kecamatan=None)[["kode_desa", "nama_desa", "kecamatan", "dari", "ke", "alasan"]]
    )


def _needed(classified: pd.DataFrame, code: str, target: float, lang: str, villages: bool, check: bool) -> dict:
    needed = scenarios.needed_for_target(classified, code, target, lang, villages, check=check)
    frame = pd.DataFrame(needed["desa"], columns=["kode_desa", "dari", "ke", "perubahan", "biaya"])
    needed["desa"] = metrics.with_names(frame.drop(columns="biaya"))
    return needed
