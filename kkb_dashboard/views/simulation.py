"""Data for the Simulasi (what-if) page: a `Scenario` as plain values and from the link, what its widgets
offer, and `simulate` — the region's profiles as of a year through the `scenarios` operations, baseline against
scenario, with the villages that must move up for the target.

Pure functions: the first argument is a read-only `Store` (pages call them through `ui.cached`), the rest plain
hashable values (a `Scenario`, codes, years), so the cache keys are plain. Nothing here renders and nothing here
writes to the store: a scenario lives in memory only.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import pandas as pd

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import queries

from ..i18n import format_number, t
from ..rules import regions, scenarios
from ..rules.filters import Filters
from ..storage.store import Store
from . import metrics
from .tiers import target_persen

#: The Mandiri-plus target (%) of a region and year without an imported one.
DEFAULT_TARGET = 40.0

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
    """What the Simulasi widgets offer: {"target": the imported target or 40, "imported_target": the imported
    target or None, "month": the month tiers are
    read at, "villages": {kode_desa: "Desa (Kecamatan)"} of the region's Kampung KB, "sub_regions": {code: name}
    of sub-regions with Kampung KB}."""
    month = metrics.year_month(store, tahun)
    kampung = metrics.kampung_as_of(store, wilayah, month, ("kode_desa",))
    names = regions.names(kampung["kode_desa"]).fillna(kampung["kode_desa"])
    kecamatan = kampung["kode_desa"].str.slice(0, 8)
    kecamatan = regions.names(kecamatan).fillna(kecamatan)
    codes = kampung["kode_desa"].tolist()  # plain strings: iterating a column of Arrow text is slow
    desa = {code: f"{name} ({kec})" for code, name, kec in zip(codes, names.tolist(), kecamatan.tolist(), strict=True)}
    width = regions.CODE_WIDTH[min(regions.level_of(wilayah) + 1, 4)]
    subs = sorted({code[:width] for code in codes})
    imported = target_persen(store, wilayah, tahun)
    return {
        "target": DEFAULT_TARGET if imported is None else imported,
        "imported_target": imported,
        "month": month,
        "villages": desa,
        "sub_regions": {code: names.get(code, code) for code in subs},
    }


def _sub_region(code: str, width: int) -> str:
    return code[:width]


def simulate(store: Store, scenario: Scenario, lang: str = "id", needed_list: bool = True) -> dict:
    """Run `scenario` on the region's profiles as of its year (December or the latest month): baseline vs
    scenario. Returns {"month", "kampung_kb" (how many), "target_percent", "target_imported" (True when the target
    is the region's imported one, False when it is the simulation's own: the 40 % default or a typed value),
    "target_count" (Mandiri plus villages
    the target asks for), "baseline" and "scenario" ({mandiri_plus, percent, met, gap_points, gap_villages}; a gap
    is negative when short), "counts" (a frame per sub-region: kode, nama, tier counts `<tier>_awal` /
    `<tier>_skenario` lower-case, persen_awal, persen_skenario), "changes" (a frame: kode_desa, nama_desa,
    kecamatan, dari, ke, alasan in `lang`), "moves" (`moves` of the changes), "needed"
    (scenarios.needed_for_target on the scenario; "villages" as a frame of kode_desa, nama_desa, kecamatan, dari,
    ke, perubahan — empty without `needed_list`; "enough" None when `_checks_needed` says no)}. The frames' columns
    are the tables' names, which `tiers.labelled` turns into headers in the user's language."""
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
        kampung = metrics.kampung_as_of(store, code, month, ("kode_desa",))
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
        "month": month,
        "kampung_kb": len(result.baseline),
        "target_percent": float(persen),
        "target_imported": imported is not None and float(persen) == float(imported),
        "target_count": None if progress is None else _int(progress["target_mandiri_plus_awal"]),
        "baseline": _side(progress, "awal"),
        "scenario": _side(progress, "skenario"),
        "counts": _counts(result.counts),
        "changes": _changes(result.changes, lang),
        "moves": moves(result.changes),
        "needed": _needed(result.scenario, code, persen, lang, needed_list, checked),
    }


def _checks_needed(code: str, needed_list: bool) -> bool:
    """Whether `simulate` searches the ways up to Mandiri plus (for "enough"): with the list, or for a kab/kota or
    kecamatan even without it — what the page must say when the target cannot be reached; for a provinsi or
    Indonesia the search takes seconds and waits for the list to be unfolded."""
    return needed_list or regions.level_of(code) >= 2


def moves(changes: pd.DataFrame) -> list[dict]:
    """The tier moves of a scenario's changes as they happen, counted: [{"from_tier", "to_tier", "n"}], from the lowest
    tier and then the farthest move (Dasar → Mandiri is one move, not "one tier up"); unchanged villages left out."""
    moved = changes[changes["dari"] != changes["ke"]]
    counts = moved.groupby(["dari", "ke"]).size()
    order = sorted(counts.index, key=lambda pair: (schema.TIERS.index(pair[0]), -schema.TIERS.index(pair[1])))
    return [{"from_tier": dari, "to_tier": ke, "n": int(counts[(dari, ke)])} for dari, ke in order]


def moves_text(moved: list[dict], lang: str = "id") -> str:
    """`moves` as one sentence: "Perpindahan: 11 desa Dasar → Mandiri, 43 desa Berkembang → Berkelanjutan."."""
    parts = [
        t("tierviews.move_part", lang, n=format_number(m["n"], lang=lang), dari=m["from_tier"], ke=m["to_tier"])
        for m in moved
    ]
    return t("tierviews.moves", lang, moves=", ".join(parts)) if parts else ""


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _side(progress: pd.Series | None, suffix: str) -> dict:
    """One side of the comparison from the progress row's `_awal` or `_skenario` columns."""
    if progress is None:
        return {"mandiri_plus": 0, "percent": 0.0, "met": None, "gap_points": None, "gap_villages": None}
    met = progress[f"tercapai_{suffix}"]
    return {
        "mandiri_plus": int(progress[f"mandiri_plus_{suffix}"]),
        "percent": float(progress[f"persen_mandiri_plus_{suffix}"]),
        "met": None if pd.isna(met) else bool(met),
        "gap_points": float(progress[f"selisih_persen_{suffix}"]),
        "gap_villages": _int(progress[f"selisih_jumlah_{suffix}"]),
    }


def _counts(counts: pd.DataFrame) -> pd.DataFrame:
    tiers_low = [tier.lower() for tier in schema.TIERS]
    columns = [f"{tier}_{side}" for side in ("awal", "skenario") for tier in tiers_low]
    out = pd.DataFrame(
        {
            "kode": counts["wilayah"],
            "nama": regions.names(counts["wilayah"]).fillna(counts["wilayah"]),
            "jumlah_kampung": counts["jumlah_kampung"],
            # the shares before the tier counts: read first, within 1366 px
            "persen_awal": counts["persen_mandiri_plus_awal"],
            "persen_skenario": counts["persen_mandiri_plus_skenario"],
        }
    )
    for column in columns:
        out[column] = counts[column].astype(int)
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
    frame = pd.DataFrame(needed["villages"], columns=["kode_desa", "from_tier", "to_tier", "change"])
    needed["villages"] = metrics.with_names(frame.rename(columns=_NEEDED_COLUMNS))
    return needed


#: The needed villages' keys → the table's column names (the headers `tiers.labelled` knows).
_NEEDED_COLUMNS = {"from_tier": "dari", "to_tier": "ke", "change": "perubahan"}


#: Texts naming the target → their wording for a target that is the simulation's own, not an imported one.
_SIMULATION_TARGET_KEYS = {
    "tierviews.kpi_target": "tierviews.kpi_target_sim",
    "tierviews.met": "tierviews.met_sim",
    "tierviews.met_exactly": "tierviews.met_exactly_sim",
    "tierviews.missed": "tierviews.missed_sim",
    "tierviews.needed": "tierviews.needed_sim",
    "tierviews.not_enough": "tierviews.not_enough_sim",
    "tierviews.needed_how": "tierviews.needed_how_sim",
}


def target_key(key: str, result: dict) -> str:
    """`key`, or its "target simulasi" wording when the scenario's target is the simulation's own (no imported
    target, or another value typed in), so a text never presents a what-if target as the region's official one."""
    return key if result["target_imported"] else _SIMULATION_TARGET_KEYS[key]


def headline_view(f: Filters, result: dict, tahun: int) -> tuple[Filters, dict]:
    """The view and figures the Simulasi headline and filter strip speak of: what the cards show — the simulated
    year's month, every tier and activity (a scenario runs on all the region's villages) and the scenario's target."""
    view = dataclasses.replace(f, dari=result["month"], sampai=result["month"], tingkat=(), kegiatan=())
    figures = {  # in the keys of `metrics.kpis`, which the headline reads
        "jumlah_kampung": result["kampung_kb"],
        "mandiri_plus": result["baseline"]["mandiri_plus"],
        "mandiri_plus_persen": result["baseline"]["percent"],
        "target_persen": result["target_percent"],
        "target_simulasi": not result["target_imported"],  # the headline must not present it as the official one
        "tahun": tahun,
    }
    return view, figures
