"""Scenario operations over Kampung KB tiers, and how many villages must move up for a region to reach a target.

A scenario starts from the profiles "as of" a month (`classification.classify_kampung`), applies operations in order —
`move_up_closest(n)`, `set_values(selection, changes)`, `pick(codes)` — re-classifying after each, and compares
tier counts per region (and targets, see `progress`) before and after, with a reason for every village it touched.
`needed_for_target` names the villages `move_up_closest` would lift for a target. Pure: never touches a store.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema

from ...i18n import LANGUAGES, t
from .. import classification, explanation, lift, profile_edits, tier_rule
from . import progress

Reasons = dict[str, dict[str, list[str]]]  # kode_desa → lang → sentences


def _reason(reasons: Reasons, code: str, key: str, **values_by_lang: Mapping[str, object]) -> None:
    for lang in LANGUAGES:
        values = {k: (v[lang] if isinstance(v, dict) else v) for k, v in values_by_lang.items()}
        reasons.setdefault(code, {}).setdefault(lang, []).append(t(key, lang, **values))


def _changes_text(
    before: pd.DataFrame, after: pd.DataFrame, languages: Iterable[str] = LANGUAGES
) -> list[dict[str, str]]:
    """Per row, the score changes between two classified frames as one sentence per language of `languages`."""
    scores = [f"skor_{n}" for n in tier_rule.SCORE_NAMES]
    moved = after[scores].to_numpy() > before[scores].to_numpy()
    languages = tuple(languages)
    sentences = {lang: [[] for _ in range(len(before))] for lang in languages}
    # Score by score, the moved rows only, as plain dicts of only the columns the sentence reads: a classified
    # frame has ~100 columns, and a national what-if lifts thousands of villages.
    for j, name in enumerate(tier_rule.SCORE_NAMES):
        rows = np.flatnonzero(moved[:, j])
        if not rows.size:
            continue
        columns = [c for c in explanation.CHANGE_COLUMNS[name] if c in before]
        pairs = zip(
            before[columns].iloc[rows].to_dict("records"), after[columns].iloc[rows].to_dict("records"), strict=True
        )
        for row, (b, a) in zip(rows, pairs, strict=True):
            for lang in languages:
                sentences[lang][row].append(explanation.describe_change(b, a, name, lang))
    return [{lang: "; ".join(sentences[lang][i]) for lang in languages} for i in range(len(before))]


def _lift(
    state: pd.DataFrame, codes: Iterable[str], key: str, min_tier: str | None = None, **values: object
) -> tuple[pd.DataFrame, Reasons]:
    """Move each village in `codes` to its next tier (at least `min_tier`) by its closest change (see
    lift.lift_options); each reason names the move as it happens (`dari` → `ke`, which may skip a tier)."""
    chosen = state[state["kode_desa"].isin(set(codes)) & (state["tingkat"] < 3)]
    options = lift.lift_options(chosen, min_tier=min_tier)
    options = options[np.isfinite(options["biaya"])].set_index("kode_desa")
    current = state[[f"skor_{n}" for n in tier_rule.SCORE_NAMES]].to_numpy()  # the state is freshly classified
    targets = current.copy()
    rows = np.flatnonzero(state["kode_desa"].isin(options.index).to_numpy())
    steps = options.loc[state["kode_desa"].to_numpy()[rows], [f"naik_{n}" for n in tier_rule.SCORE_NAMES]]
    targets[rows] += steps.to_numpy()
    profile = profile_edits.apply_score_targets(state, targets, current)
    after = classification.classify(profile.iloc[rows])
    reasons: Reasons = {}
    texts = _changes_text(state.iloc[rows], after)
    for i, (row, text) in enumerate(zip(rows, texts, strict=True)):
        code = state["kode_desa"].iat[row]
        dari, ke = state["klasifikasi"].iat[row], after["klasifikasi"].iat[i]
        _reason(reasons, code, key, changes=text, tier=ke, dari=dari, ke=ke, **values)
    for code in set(chosen["kode_desa"]) - set(options.index):
        _reason(reasons, code, "scenarios.reason.no_change")
    return profile, reasons


@dataclass(frozen=True)
class MoveUpClosest:
    """Lift the `n` villages closest to their next tier (closest by `lift.lift_options`' biaya); with `to`, the
    `n` villages below `to` closest to reaching it (`to="Mandiri"`: the villages that count for a Mandiri-plus
    target, lifted exactly as `needed_for_target` lists them)."""

    n: int
    to: str | None = None

    def apply(self, state: pd.DataFrame) -> tuple[pd.DataFrame, Reasons]:
        """(changed profiles, reasons) for a classified state."""
        below = state if self.to is None else state[state["tingkat"] < schema.TIERS.index(self.to)]
        options = lift.lift_options(below, min_tier=self.to)
        codes = options.loc[np.isfinite(options["biaya"]), "kode_desa"].head(self.n)
        key = "scenarios.reason.move_up" if self.to is None else "scenarios.reason.move_up_to"
        return _lift(state, codes, key, min_tier=self.to, n=self.n, to=_tier_goal(self.to))


@dataclass(frozen=True)
class Pick:
    """Lift hand-picked villages to their next tier by their closest change."""

    codes: tuple[str, ...]

    def apply(self, state: pd.DataFrame) -> tuple[pd.DataFrame, Reasons]:
        """(changed profiles, reasons) for a classified state."""
        return _lift(state, self.codes, "scenarios.reason.pick")


@dataclass(frozen=True)
class SetValues:
    """Set or add indicator values for a group of villages (see `set_values`)."""

    selection: object
    changes: Mapping[str, object] = field(default_factory=dict)

    def apply(self, state: pd.DataFrame) -> tuple[pd.DataFrame, Reasons]:
        """(changed profiles, reasons) for a classified state."""
        rows = np.flatnonzero(_select(state, self.selection))
        frame = state.reset_index(drop=True).copy()
        for key, value in self.changes.items():
            frame = _change(frame, rows, key, value)
        reasons: Reasons = {}
        if self.changes:
            text = "; ".join(f"{k} = {_plain(v)}" for k, v in self.changes.items())
            for code in frame["kode_desa"].to_numpy()[rows]:
                _reason(reasons, code, "scenarios.reason.set_values", changes=text)
        return frame, reasons


def move_up_closest(n: int, to: str | None = None) -> MoveUpClosest:
    """Operation: the N villages closest to their next tier move up to it (a move may skip a tier when that is
    as close: Dasar → Mandiri); with `to` (a tier), the N villages below it closest to reaching it do."""
    if to is not None and to not in schema.TIERS:
        raise ValueError(f"unknown tier {to!r}")
    return MoveUpClosest(int(n), to)


def _tier_goal(to: str | None) -> str:
    """How a reason names the goal tier: "Mandiri plus" for Mandiri (it counts Berkelanjutan too)."""
    return "Mandiri plus" if to == "Mandiri" else (to or "")


def pick(codes: Iterable[str]) -> Pick:
    """Operation: the hand-picked villages move up to their next tier by their closest change."""
    return Pick(tuple(codes))


def set_values(selection: object, changes: Mapping[str, object]) -> SetValues:
    """Operation: set or add indicator values for the selected villages, then re-classify.

    `selection`: a region code (every village under it; "" = all), a list of kode_desa, a boolean mask or a
    function frame → mask. `changes`, applied in order:
    - a profile column → set it: `{"pokja_terlatih": True}`, `{"pus": 400}`, `{"program_aktif": "BKB;BKR"}`;
    - the column name with `+` → add: `{"peserta_bkb+": 20}`, `{"program_aktif+": "BKR"}` (set members);
    - `cpr_plus_points`, `mkjp_plus_points`, `poktan_plus_points`: n → the counts that raise that rounded
      percentage by n points (new contraceptive users keep the village's long-acting share; MKJP points come
      from users switching to a long-acting method); `unmet_minus_points`: n → fewer couples with unmet need;
    - `skor_<name>`: k → the cheapest change that makes that score at least k.
    """
    return SetValues(selection, dict(changes))


def _plain(value: object) -> str:
    return ";".join(value) if isinstance(value, list | tuple | set) else str(value)


def _select(state: pd.DataFrame, selection: object) -> np.ndarray:
    codes = state["kode_desa"].astype(str)
    if callable(selection):
        return np.asarray(selection(state), dtype=bool)
    if isinstance(selection, str):
        return ((codes == selection) | codes.str.startswith(selection + ".") | (selection == "")).to_numpy()
    if isinstance(selection, pd.Series | np.ndarray) and np.asarray(selection).dtype == bool:
        return np.asarray(selection, dtype=bool)
    return codes.isin({str(c) for c in selection}).to_numpy()


_RATE_KEYS = {
    "cpr_plus_points": ("cpr", 1),
    "mkjp_plus_points": ("mkjp", 1),
    "poktan_plus_points": ("poktan", 1),
    "unmet_minus_points": ("unmet_need", -1),
}


def _change(frame: pd.DataFrame, rows: np.ndarray, key: str, value: object) -> pd.DataFrame:
    if key in _RATE_KEYS:
        name, sign = _RATE_KEYS[key]
        column = tier_rule.VALUE_COLUMNS[name]
        current = classification.classify(frame.iloc[rows], only=[column])[column].to_numpy()
        ok = ~np.isnan(current)  # missing CPR/MKJP/unmet data cannot be moved by points
        profile_edits.move_rate(frame, name, rows[ok], current[ok] + sign * float(value))
        return frame
    if key.startswith("skor_"):
        targets = classification.classify(frame, only=[f"skor_{n}" for n in tier_rule.SCORE_NAMES]).to_numpy().copy()
        col = tier_rule.SCORE_NAMES.index(key[5:])
        targets[rows, col] = np.maximum(targets[rows, col], int(value))
        return profile_edits.apply_score_targets(frame, targets)
    add = key.endswith("+")
    column = key.rstrip("+")
    if column not in schema.PROFILE_COLUMNS:
        raise KeyError(f"unknown change {key!r}")
    if column in tier_rule.SET_COLUMNS:
        profile_edits.set_members(frame, column, rows, _names_of(value), add=add)
    elif column in tier_rule.FLAG_COLUMNS:
        frame[column] = frame[column].astype("boolean")
        frame.loc[rows, column] = bool(value)
    else:
        current = pd.to_numeric(frame[column], errors="coerce").fillna(0).to_numpy()[rows] if add else 0
        frame[column] = frame[column].astype("Int64")
        frame.loc[rows, column] = np.asarray(current + int(value), dtype=np.int64)
    return frame


def _names_of(value: object) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value]


# ---------------------------------------------------------------------------------------------- run


@dataclass
class ScenarioResult:
    """Baseline and scenario side by side.

    baseline / scenario: classified frames (one row per Kampung KB, as of the month). counts: per region
    (wilayah), jumlah_kampung and for each tier and Mandiri plus `<x>_awal`, `<x>_skenario`, plus
    persen_mandiri_plus_awal/_skenario. progress: per target, baseline vs scenario (`progress` columns with
    suffixes `_awal` and `_skenario`), None without targets. changes: every village an operation touched —
    kode_desa, wilayah, dari, ke, naik (tier rose), alasan (id), reason (en).
    """

    baseline: pd.DataFrame
    scenario: pd.DataFrame
    counts: pd.DataFrame
    progress: pd.DataFrame | None
    changes: pd.DataFrame


def run(
    baseline_profil: pd.DataFrame,
    kampung_codes: Iterable[str] | pd.DataFrame,
    periode: str,
    operations: Iterable[MoveUpClosest | Pick | SetValues] = (),
    targets: pd.DataFrame | None = None,
    region_code_of: progress.RegionOf = progress.kabkota_of,
    kegiatan: pd.DataFrame | None = None,
) -> ScenarioResult:
    """Apply `operations` in order to the profiles as of `periode` and compare with the baseline.

    With no operations the scenario is the baseline, exactly. Targets are read for the year of `periode`.
    """
    baseline = classification.classify_kampung(kampung_codes, baseline_profil, periode, kegiatan)
    state, reasons = baseline, {}
    for operation in operations:
        profile, why = operation.apply(state)
        state = classification.classify(profile)
        for code, texts in why.items():
            for lang, sentences in texts.items():
                reasons.setdefault(code, {}).setdefault(lang, []).extend(sentences)
    return compare(baseline, state, periode, targets, region_code_of, reasons)


def compare(
    baseline: pd.DataFrame,
    scenario: pd.DataFrame,
    periode: str,
    targets: pd.DataFrame | None = None,
    region_code_of: progress.RegionOf = progress.kabkota_of,
    reasons: Reasons | None = None,
) -> ScenarioResult:
    """The comparison `run` returns, of two tier frames (kode_desa, klasifikasi, tingkat; the same villages in
    the same order; `scenario` is `baseline` itself when nothing changed) and the reasons of each change."""
    return ScenarioResult(
        baseline=baseline,
        scenario=scenario,
        counts=_compare_counts(baseline, scenario, region_code_of),
        progress=_compare_progress(baseline, scenario, targets, periode),
        changes=_village_changes(baseline, scenario, reasons or {}, region_code_of),
    )


def _tier_counts(frame: pd.DataFrame, wilayah: pd.Series) -> pd.DataFrame:
    """Villages per region (`wilayah`, one per row of `frame`) and tier, Mandiri plus, total and its share."""
    region, names = pd.factorize(wilayah, sort=True)
    tier = pd.Categorical(frame["klasifikasi"], categories=list(schema.TIERS)).codes
    cells = np.zeros((len(names), len(schema.TIERS)), dtype=np.int64)
    known = (region >= 0) & (tier >= 0)
    np.add.at(cells, (region[known], tier[known]), 1)
    table = pd.DataFrame(cells, index=pd.Index(names, name="wilayah"), columns=[c.lower() for c in schema.TIERS])
    table["mandiri_plus"] = table["mandiri"] + table["berkelanjutan"]
    table["jumlah_kampung"] = table[[c.lower() for c in schema.TIERS]].sum(axis=1)
    table["persen_mandiri_plus"] = (100.0 * table["mandiri_plus"] / table["jumlah_kampung"]).round(2)
    return table


def _compare_counts(baseline: pd.DataFrame, scenario: pd.DataFrame, region_of: progress.RegionOf) -> pd.DataFrame:
    wilayah = baseline["kode_desa"].map(region_of)
    before = _tier_counts(baseline, wilayah)
    if scenario is baseline:  # no operation
        after = before
    else:  # operations keep the villages and their order
        same = scenario["kode_desa"].equals(baseline["kode_desa"])
        after = _tier_counts(scenario, wilayah if same else scenario["kode_desa"].map(region_of))
    if after is not before:
        after = after.reindex(before.index, fill_value=0)
    columns = {"jumlah_kampung": before["jumlah_kampung"]}  # one frame at the end: column by column is slow
    for column in before.columns.drop("jumlah_kampung"):
        columns[f"{column}_awal"] = before[column]
        columns[f"{column}_skenario"] = after[column]
    return pd.DataFrame(columns, index=before.index).reset_index()


def _compare_progress(
    baseline: pd.DataFrame, scenario: pd.DataFrame, targets: pd.DataFrame | None, periode: str
) -> pd.DataFrame | None:
    if targets is None:
        return None
    year = int(periode[:4])
    wanted = progress.target_table(targets)
    wanted = wanted[wanted["tahun"] == year]
    counted = ["kode_desa", "klasifikasi"]  # a classified frame has ~100 columns: `assign` would copy them all
    before = progress.progress(baseline[counted].assign(tahun=year), wanted)
    keys = ["kode_wilayah", "tahun"]
    if scenario is baseline:  # no operation: both sides are the baseline (what the merge below gives, without a merge)
        rest = before.drop(columns=keys)
        return pd.concat([before[keys], rest.add_suffix("_awal"), rest.add_suffix("_skenario")], axis=1)
    after = progress.progress(scenario[counted].assign(tahun=year), wanted)
    return before.merge(after, on=keys, suffixes=("_awal", "_skenario"))


def _village_changes(
    baseline: pd.DataFrame, scenario: pd.DataFrame, reasons: Reasons, region_of: progress.RegionOf
) -> pd.DataFrame:
    codes = list(reasons)
    before = baseline.set_index("kode_desa")["tingkat"]
    after = scenario.set_index("kode_desa")["tingkat"]
    rows = [
        {
            "kode_desa": c,
            "wilayah": region_of(c),
            "dari": schema.TIERS[before[c]],
            "ke": schema.TIERS[after[c]],
            "naik": bool(after[c] > before[c]),
            "alasan": " · ".join(reasons[c].get("id", [])),
            "reason": " · ".join(reasons[c].get("en", [])),
        }
        for c in codes
    ]
    columns = ["kode_desa", "wilayah", "dari", "ke", "naik", "alasan", "reason"]
    return pd.DataFrame(rows, columns=columns)


def needed_for_target(
    classified: pd.DataFrame,
    region_code: str,
    target_persen: float,
    lang: str = "id",
    villages: bool = True,
    check: bool | None = None,
) -> dict:
    """How many and which villages must become Mandiri or Berkelanjutan for `region_code` to reach
    `target_persen` % Mandiri plus, closest first (a Dasar or Berkembang village may need several tiers) —
    the villages `move_up_closest(needed, to="Mandiri")` moves.

    Returns plain data: {"region" (the code), "target_percent", "kampung_kb" (how many), "mandiri_plus" (how many),
    "mandiri_plus_percent", "needed" (villages to move up), "enough" (enough villages can be lifted), "liftable"
    (villages below Mandiri with a computable way up to it), "villages": [{"kode_desa", "from_tier", "to_tier",
    "change" (text in `lang`), "cost"}]}. With `villages` False no list ("villages" empty): the change texts are
    most of the work; `check` (default: `villages`) still searches the ways up, for "enough" and "liftable" (None
    without it).
    """
    inside = classified[_select(classified, region_code)].reset_index(drop=True)
    total, plus = len(inside), int(progress.mandiri_plus(inside).sum())
    required = math.ceil(Fraction(str(target_persen)) * total / 100)
    needed = max(0, required - plus)
    check = villages if check is None else check
    listed, liftable = [], None
    if needed and (villages or check):  # a met target needs no lift search
        below = inside[~progress.mandiri_plus(inside)]
        if villages:
            options = lift.lift_options(below, min_tier="Mandiri")
            options = options[np.isfinite(options["biaya"])]
            liftable = len(options)
        else:  # the count alone
            liftable = lift.liftable(below, min_tier="Mandiri")
    if needed and villages:
        chosen = options.head(needed)
        texts = lift_texts(below, chosen, lang)
        listed = [
            {
                "kode_desa": str(r.kode_desa),
                "from_tier": str(r.klasifikasi),
                "to_tier": str(r.ke),
                "change": text,
                "cost": round(float(r.biaya), 4),
            }
            for r, text in zip(chosen.itertuples(), texts, strict=True)
        ]
    return {
        "region": region_code,
        "target_percent": float(target_persen),
        "kampung_kb": total,
        "mandiri_plus": plus,
        "mandiri_plus_percent": round(100.0 * plus / total, 2) if total else 0.0,
        "needed": needed,
        "enough": True if not needed else None if liftable is None else liftable >= needed,
        "liftable": liftable,
        "villages": listed,
    }


def lift_texts(classified: pd.DataFrame, chosen: pd.DataFrame, lang: str) -> list[str]:
    """For each row of `chosen` (rows of `lift.lift_options` of `classified`), the change that lifts that village,
    as one sentence in `lang` (what the village must do, e.g. "CPR 47 % → 51 % (tambah 9 peserta KB)")."""
    rows = classified.set_index("kode_desa").loc[chosen["kode_desa"]].reset_index()
    targets = (
        rows[[f"skor_{n}" for n in tier_rule.SCORE_NAMES]].to_numpy()
        + chosen[[f"naik_{n}" for n in tier_rule.SCORE_NAMES]].to_numpy()
    )
    after = classification.classify(profile_edits.apply_score_targets(rows, targets))
    return [text[lang] for text in _changes_text(rows, after, (lang,))]
