"""The Kampung KB tier rule's arithmetic (`tier-rule.md`): its constants, and profile columns → values → scores.

Pure, vectorised functions over numpy arrays and DataFrames (no streamlit, no store). The other `rules` modules
build on it: `classification` scores profiles, `lift` finds the cheapest way up, `profile_edits` writes a lift
back into a profile, `explanation` turns a row into sentences.

Rounding, exactly as the portal does it:
- percentages are `round(100 · num / den)` ties-to-even (`np.round`); `100 · num` is computed first so that a true
  tie such as 101/200 is exactly 50.5 in floating point and goes to 50;
- an index is the mean of its integer scores in hundredths, rounded half-up on the exact fraction
  (`(200 · sum + n) // (2n)`): 14/5 → 2.80, 10/3 → 3.33. With 3, 4 or 5 scores no third-decimal tie can occur,
  so half-up and ties-to-even agree; doing it in integers avoids 2.9999… surprises. It passes at ≥ 3.00.

Missing values: booleans → False, sets → empty, counts → 0, except CPR, MKJP and unmet need, which score 1 when
their inputs are missing (CPR: PUS missing or every method count missing; MKJP: every method count missing;
unmet: PUS missing or both IAT and TIAL missing). A single missing method count among reported ones counts as 0.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema

SCORE_NAMES = (
    "pokja",
    "sumber_dana",
    "program",
    "sarana",
    "plkb_regulasi",
    "penggunaan_data",
    "mekanisme",
    "mitra",
    "poktan",
    "cpr",
    "mkjp",
    "unmet_need",
)
INDEX_NAMES = ("input", "proses", "output")
INDEX_SCORES = {"input": SCORE_NAMES[:5], "proses": SCORE_NAMES[5:8], "output": SCORE_NAMES[8:]}
PASS_MARK = 3.00

#: The value a score needs for 2, 3, 4 (≥ it; for unmet need ≤ it), on rounded whole numbers.
BANDS: dict[str, tuple[int, ...]] = {
    "pokja": (1, 2, 3),
    "sumber_dana": (1, 2, 5),
    "program": (1, 3, 5),
    "sarana": (1, 2),
    "plkb_regulasi": (1, 2),
    "penggunaan_data": (1, 2, 4),
    "mekanisme": (1, 3, 5),
    "mitra": (1, 4, 7),
    "poktan": (10, 21, 31),
    "cpr": (30, 41, 51),
    "mkjp": (20, 23, 25),
    "unmet_need": (12, 9, 6),
}
LOWER_IS_BETTER = frozenset({"unmet_need"})
MAX_SCORE = {name: 1 + len(edges) for name, edges in BANDS.items()}

#: The value column behind each score in `classify`'s result.
VALUE_COLUMNS = {
    "pokja": "pokja_tingkat",
    "sumber_dana": "n_sumber_dana",
    "program": "n_program",
    "sarana": "n_sarana",
    "plkb_regulasi": "n_plkb_regulasi",
    "penggunaan_data": "n_data",
    "mekanisme": "n_mekanisme",
    "mitra": "n_mitra",
    "poktan": "pct_poktan",
    "cpr": "pct_cpr",
    "mkjp": "pct_mkjp",
    "unmet_need": "pct_unmet",
}
POKTAN = ("bkb", "bkr", "bkl", "uppka", "pikr")
POKTAN_DENOMINATORS = ("keluarga_balita", "keluarga_remaja", "keluarga_lansia", "keluarga", "remaja")
KB_METHODS = ("kb_iud", "kb_mow", "kb_mop", "kb_kondom", "kb_implan", "kb_suntik", "kb_pil")
MKJP_METHODS = ("kb_iud", "kb_mow", "kb_mop", "kb_implan")
FACILITIES = ("Sekretariat KKB", "Rumah DataKu")
#: Profile columns that are yes/no flags, and those that hold `;`-joined names.
FLAG_COLUMNS = ("pokja_ada", "pokja_terlatih", "plkb_pendamping", "regulasi")
SET_COLUMNS = ("sumber_dana", "program_aktif", "penggunaan_data", "mekanisme_operasional", "instansi_mitra")
INDEX_PASS_SUM = {g: 3 * len(s) for g, s in INDEX_SCORES.items()}  # mean ≥ 3.00 ⇔ sum ≥ 3n

# Vocabulary each set indicator counts: (profile column, names counted).
_PROGRAMS = tuple(n for n in schema.VOCABULARIES["program_aktif"] if n not in FACILITIES)
SET_INDICATORS = {
    "sumber_dana": ("sumber_dana", tuple(schema.VOCABULARIES["sumber_dana"])),
    "program": ("program_aktif", _PROGRAMS),
    "sarana": ("program_aktif", FACILITIES),
    "penggunaan_data": ("penggunaan_data", tuple(schema.VOCABULARIES["penggunaan_data"])),
    "mekanisme": ("mekanisme_operasional", tuple(schema.VOCABULARIES["mekanisme_operasional"])),
}
PARTNER_AGENCIES = tuple(n for n in schema.AGENCIES if n not in schema.OWN_OFFICES)


# ---------------------------------------------------------------------------------------------- basic maths


def band_score(name: str, values: np.ndarray) -> np.ndarray:
    """The 1–4 score of indicator `name` for whole-number `values`; NaN (missing) scores 1."""
    edges = np.sort(np.asarray(BANDS[name], dtype=float))
    v = np.asarray(values, dtype=float)
    # The edges passed, counted by one binary search per value: v ≥ edge (or v ≤ edge when lower is better).
    if name in LOWER_IS_BETTER:
        passed = len(edges) - np.searchsorted(edges, v, side="left")
    else:
        passed = np.searchsorted(edges, v, side="right")
    return 1 + np.where(np.isnan(v), 0, passed)  # a missing value passes no edge


def percent(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """round(100·num/den) ties-to-even; 0 where den is 0; NaN where num or den is missing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.round(100.0 * num / den)
    return np.where(den == 0, 0.0, pct)


def min_numerator(den: np.ndarray, pct: np.ndarray | int) -> np.ndarray:
    """The smallest whole n with round(100·n/den) ≥ pct (ties-to-even), for den > 0."""
    need = (2.0 * pct - 1.0) * den  # 100n/den ≥ pct − ½  ⇔  200n ≥ (2·pct − 1)·den
    tie = (np.fmod(need, 200.0) == 0) & (np.fmod(pct, 2) == 0)  # exactly pct − ½ rounds up only to even
    return np.where(tie, need / 200.0, np.floor(need / 200.0) + 1.0)


def max_numerator(den: np.ndarray, pct: np.ndarray | int) -> np.ndarray:
    """The largest whole n with round(100·n/den) ≤ pct (ties-to-even), for den > 0."""
    limit = (2.0 * pct + 1.0) * den  # 100n/den ≤ pct + ½  ⇔  200n ≤ (2·pct + 1)·den
    tie = (np.fmod(limit, 200.0) == 0) & (np.fmod(pct, 2) == 0)  # exactly pct + ½ rounds down only to even
    return np.where(tie, limit / 200.0, np.ceil(limit / 200.0) - 1.0)


def index_value(score_sum: np.ndarray, n: int) -> np.ndarray:
    """Mean of n integer scores rounded to 2 decimals, half-up on the exact fraction (see module docstring)."""
    hundredths = (200 * np.asarray(score_sum, dtype=np.int64) + n) // (2 * n)
    return hundredths / 100.0


def tier_index(lulus_input: np.ndarray, lulus_proses: np.ndarray, lulus_output: np.ndarray) -> np.ndarray:
    """0 Dasar · 1 Berkembang · 2 Mandiri · 3 Berkelanjutan, from which indices pass."""
    passes = lulus_input.astype(int) + lulus_proses.astype(int) + lulus_output.astype(int)
    return np.select([passes == 3, (passes == 2) & lulus_output, passes == 2], [3, 2, 1], default=0)


# ---------------------------------------------------------------------------------------------- inputs


def numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    series = frame[column]
    if not pd.api.types.is_numeric_dtype(series.dtype):  # numbers as text: coerced (a scenario reads ~30 per run)
        series = pd.to_numeric(series, errors="coerce")
    return series.to_numpy(dtype="float64", na_value=np.nan)


def flags(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    series = frame[column]
    if series.dtype == bool:
        return series.to_numpy()
    return series.astype("boolean").fillna(False).to_numpy(dtype=bool)


VOCABULARY_LOOKUP = {col: schema.canonical_lookup(v) for col, v in schema.VOCABULARIES.items()}
AGENCY_LOOKUP = schema.canonical_lookup(schema.AGENCIES)


def parse_set(text: object, lookup: dict[str, str] | None = None) -> set[str]:
    """`;`-joined names → canonical names; spelling-insensitive (case, spaces, punctuation).

    With a `lookup` (header_key → canonical), names it does not know are kept as written.
    """
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return set()
    items = (part.strip() for part in str(text).split(";"))
    lookup = lookup or {}
    return {lookup.get(schema.header_key(i), i) for i in items if schema.header_key(i)}


@functools.lru_cache(maxsize=1_000_000)
def _parsed(text: str, vocabulary: str) -> frozenset[str]:
    # Scenarios re-classify the same strings many times; parsing (regex per item) is the slow part.
    return frozenset(
        parse_set(text, AGENCY_LOOKUP if vocabulary == "instansi_mitra" else VOCABULARY_LOOKUP[vocabulary])
    )


def _count_members(
    series: pd.Series, vocabulary: str, counted: Iterable[str] | None = None, excluded: Iterable[str] = ()
) -> np.ndarray:
    """How many distinct `counted` names (all but `excluded` when None) each `;`-joined cell holds."""
    # Parse each distinct string once: profiles repeat the same few combinations thousands of times.
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    counted_set = frozenset(counted) if counted is not None else None
    excluded_set = frozenset(excluded)
    sizes = [
        len(
            (_parsed(str(u), vocabulary) & counted_set)
            if counted_set is not None
            else _parsed(str(u), vocabulary) - excluded_set
        )
        for u in uniques
    ]
    return np.array([*sizes, 0])[codes]  # code −1 (missing) picks the trailing 0


#: The profile columns a lift step on each score writes (see `profile_edits._apply_step`), as the part of
#: `quantities` to read again after it.
_STEP_PART = {
    "pokja": "pokja",
    "plkb_regulasi": "pokja",
    "mitra": "instansi_mitra",
    "poktan": "poktan",
    "cpr": "kb",
    "mkjp": "kb",
    "unmet_need": "unmet",
    **{name: column for name, (column, _) in SET_INDICATORS.items()},
}


def quantities(frame: pd.DataFrame, after_step: str | None = None) -> dict[str, np.ndarray]:
    """Every number the 12 scores and the lift search need, as numpy arrays; with `after_step` (a score name)
    only those a lift step on that score changes, to update an earlier result."""
    part = _STEP_PART[after_step] if after_step else None
    q: dict[str, np.ndarray] = {}
    if part in (None, "pokja"):
        q |= {c: flags(frame, c) for c in FLAG_COLUMNS}
        q["anggota"] = np.nan_to_num(numbers(frame, "pokja_anggota"))
    for name, (column, names) in SET_INDICATORS.items():
        if part in (None, column):
            q[f"n_{name}"] = _count_members(column_or_missing(frame, column), column, names)
    if part in (None, "instansi_mitra"):
        q["n_mitra"] = _count_members(
            column_or_missing(frame, "instansi_mitra"), "instansi_mitra", None, schema.OWN_OFFICES
        )
    if part in (None, "poktan"):
        q["poktan_num"] = np.column_stack([np.nan_to_num(numbers(frame, f"peserta_{p}")) for p in POKTAN])
        q["poktan_den"] = np.column_stack([np.nan_to_num(numbers(frame, d)) for d in POKTAN_DENOMINATORS])
    if part in (None, "kb"):
        methods = np.column_stack([numbers(frame, m) for m in KB_METHODS])
        q["kb_missing"] = np.isnan(methods).all(axis=1)
        q["users"] = np.where(q["kb_missing"], np.nan, np.nansum(methods, axis=1))
        q["mkjp"] = np.where(q["kb_missing"], np.nan, np.nansum(methods[:, [0, 1, 2, 4]], axis=1))
    if part is None:
        q["pus"] = numbers(frame, "pus")
    if part in (None, "unmet"):
        unmet = np.column_stack([numbers(frame, "tidak_kb_iat"), numbers(frame, "tidak_kb_tial")])
        q["unmet"] = np.where(np.isnan(unmet).all(axis=1), np.nan, np.nansum(unmet, axis=1))
    return q


def column_or_missing(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column] if column in frame else pd.Series(pd.NA, index=frame.index, dtype="object")


def score_values(q: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The whole-number value behind each score (pokja: 0–3 level; percentages already rounded)."""
    member_or_trained = (q["anggota"] > 0) | q["pokja_terlatih"]
    both = (q["anggota"] > 0) & q["pokja_terlatih"]
    pokja = q["pokja_ada"] * (1 + member_or_trained + both)
    poktan_pct = np.nan_to_num(percent(q["poktan_num"], q["poktan_den"]))
    # The mean of five whole numbers has a fraction of .0/.2/.4/.6/.8, so no rounding tie can occur here.
    return {
        "pokja": pokja.astype(float),
        "sumber_dana": q["n_sumber_dana"],
        "program": q["n_program"],
        "sarana": q["n_sarana"],
        "plkb_regulasi": q["plkb_pendamping"] * 1 + q["regulasi"] * 1,
        "penggunaan_data": q["n_penggunaan_data"],
        "mekanisme": q["n_mekanisme"],
        "mitra": q["n_mitra"],
        "poktan": np.round(poktan_pct.sum(axis=1) / 5.0),
        "poktan_pct": poktan_pct,
        "cpr": percent(q["users"], q["pus"]),
        "mkjp": percent(q["mkjp"], q["users"]),
        "unmet_need": percent(q["unmet"], q["pus"]),
    }
