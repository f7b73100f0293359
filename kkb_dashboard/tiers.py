"""The Kampung KB tier rule (`tier-rule.md`): 12 sub-scores, three indices, the tier, and the cheapest way up.

Pure, vectorised functions over DataFrames (no streamlit, no store). `classify` scores profiles as the importer
produces them; `classify_kampung` does it "as of" a month for a register of Kampung KB; `lift_options` finds, for
every village, the cheapest set of score steps that reaches the next tier; `explain` turns one row into sentences.

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
import itertools
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from . import schema
from .i18n import format_number, format_percent, t

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
_POKTAN_DENOMINATORS = ("keluarga_balita", "keluarga_remaja", "keluarga_lansia", "keluarga", "remaja")
KB_METHODS = ("kb_iud", "kb_mow", "kb_mop", "kb_kondom", "kb_implan", "kb_suntik", "kb_pil")
MKJP_METHODS = ("kb_iud", "kb_mow", "kb_mop", "kb_implan")
FACILITIES = ("Sekretariat KKB", "Rumah DataKu")
_BOOLEANS = ("pokja_ada", "pokja_terlatih", "plkb_pendamping", "regulasi")
_SETS = ("sumber_dana", "program_aktif", "penggunaan_data", "mekanisme_operasional", "instansi_mitra")
FLAG_COLUMNS, SET_COLUMNS = _BOOLEANS, _SETS
_COUNTS = tuple(c for c in schema.PROFILE_COLUMNS if c not in _BOOLEANS and c not in _SETS)
_INDEX_PASS_SUM = {g: 3 * len(s) for g, s in INDEX_SCORES.items()}  # mean ≥ 3.00 ⇔ sum ≥ 3n

# Vocabulary each set indicator counts: (profile column, names counted).
_PROGRAMS = tuple(n for n in schema.VOCABULARIES["program_aktif"] if n not in FACILITIES)
SET_INDICATORS = {
    "sumber_dana": ("sumber_dana", tuple(schema.VOCABULARIES["sumber_dana"])),
    "program": ("program_aktif", _PROGRAMS),
    "sarana": ("program_aktif", FACILITIES),
    "penggunaan_data": ("penggunaan_data", tuple(schema.VOCABULARIES["penggunaan_data"])),
    "mekanisme": ("mekanisme_operasional", tuple(schema.VOCABULARIES["mekanisme_operasional"])),
}
_PARTNERS = tuple(n for n in schema.AGENCIES if n not in schema.OWN_OFFICES)


# ---------------------------------------------------------------------------------------------- basic maths


def band_score(name: str, values: np.ndarray) -> np.ndarray:
    """The 1–4 score of indicator `name` for whole-number `values`; NaN (missing) scores 1."""
    edges = np.asarray(BANDS[name], dtype=float)
    v = np.asarray(values, dtype=float)[:, None]
    # Comparisons with NaN are False, so a missing value gets 1 without a special case.
    passed = (v <= edges) if name in LOWER_IS_BETTER else (v >= edges)
    return 1 + passed.sum(axis=1)


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


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    series = frame[column]
    if not pd.api.types.is_numeric_dtype(series.dtype):  # numbers as text: coerced (a scenario reads ~30 per run)
        series = pd.to_numeric(series, errors="coerce")
    return series.to_numpy(dtype="float64", na_value=np.nan)


def _flags(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    series = frame[column]
    if series.dtype == bool:
        return series.to_numpy()
    return series.astype("boolean").fillna(False).to_numpy(dtype=bool)


def _lookup(names: Iterable[str]) -> dict[str, str]:
    return {schema.header_key(n): n for n in names}


_VOCAB_LOOKUP = {col: schema.canonical_lookup(v) for col, v in schema.VOCABULARIES.items()}
_AGENCY_LOOKUP = schema.canonical_lookup(schema.AGENCIES)


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
    return frozenset(parse_set(text, _AGENCY_LOOKUP if vocabulary == "instansi_mitra" else _VOCAB_LOOKUP[vocabulary]))


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


#: The profile columns a lift step on each score writes (see `_apply_step`), as the part of `_quantities` to read
#: again after it.
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


def _quantities(frame: pd.DataFrame, after_step: str | None = None) -> dict[str, np.ndarray]:
    """Every number the 12 scores and the lift search need, as numpy arrays; with `after_step` (a score name)
    only those a lift step on that score changes, to update an earlier result."""
    part = _STEP_PART[after_step] if after_step else None
    q: dict[str, np.ndarray] = {}
    if part in (None, "pokja"):
        q |= {c: _flags(frame, c) for c in _BOOLEANS}
        q["anggota"] = np.nan_to_num(_numbers(frame, "pokja_anggota"))
    for name, (column, names) in SET_INDICATORS.items():
        if part in (None, column):
            q[f"n_{name}"] = _count_members(_column(frame, column), column, names)
    if part in (None, "instansi_mitra"):
        q["n_mitra"] = _count_members(_column(frame, "instansi_mitra"), "instansi_mitra", None, schema.OWN_OFFICES)
    if part in (None, "poktan"):
        q["poktan_num"] = np.column_stack([np.nan_to_num(_numbers(frame, f"peserta_{p}")) for p in POKTAN])
        q["poktan_den"] = np.column_stack([np.nan_to_num(_numbers(frame, d)) for d in _POKTAN_DENOMINATORS])
    if part in (None, "kb"):
        methods = np.column_stack([_numbers(frame, m) for m in KB_METHODS])
        q["kb_missing"] = np.isnan(methods).all(axis=1)
        q["users"] = np.where(q["kb_missing"], np.nan, np.nansum(methods, axis=1))
        q["mkjp"] = np.where(q["kb_missing"], np.nan, np.nansum(methods[:, [0, 1, 2, 4]], axis=1))
    if part is None:
        q["pus"] = _numbers(frame, "pus")
    if part in (None, "unmet"):
        unmet = np.column_stack([_numbers(frame, "tidak_kb_iat"), _numbers(frame, "tidak_kb_tial")])
        q["unmet"] = np.where(np.isnan(unmet).all(axis=1), np.nan, np.nansum(unmet, axis=1))
    return q


def _column(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column] if column in frame else pd.Series(pd.NA, index=frame.index, dtype="object")


def _values(q: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
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


# ---------------------------------------------------------------------------------------------- partner agencies


def _fill_partner_agencies(frame: pd.DataFrame, kegiatan: pd.DataFrame) -> pd.DataFrame:
    """Where `instansi_mitra` is missing, the partner agencies named in that village's kegiatan up to its periode.

    The program's own offices (schema.OWN_OFFICES) are excluded: the intended rule, not the portal's quirk.
    Rows filled this way get `mitra_dari_kegiatan` True.
    """
    frame = frame.copy()
    if "instansi_mitra" not in frame:
        frame["instansi_mitra"] = pd.Series(pd.NA, index=frame.index, dtype="object")
    todo = np.flatnonzero(frame["instansi_mitra"].isna().to_numpy())
    column = frame["instansi_mitra"].astype("object")
    if todo.size:  # the reports are read only when a profile leaves its partners out
        first = _first_mention(kegiatan)
        wanted = pd.DataFrame(
            {"row": todo, "kode_desa": frame["kode_desa"].to_numpy()[todo], "batas": frame["periode"].to_numpy()[todo]}
        )
        hits = wanted.merge(first, on="kode_desa")
        hits = hits[hits["periode"] <= hits["batas"]].sort_values(["row", "instansi"])
        names = hits.groupby("row")["instansi"].agg(";".join).reindex(todo, fill_value="")
        column.iloc[todo] = names.to_numpy()
    frame["instansi_mitra"] = column
    flag = (
        frame["mitra_dari_kegiatan"].astype(bool).to_numpy()
        if "mitra_dari_kegiatan" in frame
        else np.zeros(len(frame), dtype=bool)
    )
    flag[todo] = True
    frame["mitra_dari_kegiatan"] = flag
    return frame


def _first_mention(kegiatan: pd.DataFrame) -> pd.DataFrame:
    """kode_desa, instansi (canonical, own offices dropped), periode of its first mention."""
    k = kegiatan
    periode = k["periode"] if "periode" in k else pd.Series(pd.NA, index=k.index, dtype="object")
    if "tanggal" in k:  # a dated row's month
        periode = periode.fillna(pd.to_datetime(k["tanggal"], errors="coerce").dt.strftime("%Y-%m"))
    rows = pd.DataFrame(
        {
            "kode_desa": k["kode_desa"].to_numpy(),
            "periode": periode.to_numpy(),
            "instansi": _column(k, "instansi").to_numpy(),
        }
    ).dropna()
    # A village repeats the same few texts month after month: first mention per text, then each distinct text
    # parsed once (`metrics.partner_mentions` already groups them in the store; raw report rows work the same).
    rows = rows.groupby(["kode_desa", "instansi"], as_index=False)["periode"].min()
    names = {text: sorted(parse_set(text, _AGENCY_LOOKUP) - schema.OWN_OFFICES) for text in rows["instansi"].unique()}
    rows["instansi"] = rows["instansi"].map(names)
    rows = rows.explode("instansi").dropna(subset=["instansi"])
    first = rows.groupby(["kode_desa", "instansi"], as_index=False)["periode"].min()
    return first.astype({"kode_desa": object, "instansi": object, "periode": object})


# ---------------------------------------------------------------------------------------------- classify


def classify(profil: pd.DataFrame, kegiatan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score every profile row: the input columns, then the values, 12 scores, 3 indices and the tier.

    Added columns: `pokja_tingkat` (0–3), `n_sumber_dana`, `n_program`, `n_sarana`, `n_plkb_regulasi`, `n_data`,
    `n_mekanisme`, `n_mitra`, `mitra_dari_kegiatan`, `pct_bkb` … `pct_pikr`, `pct_poktan`, `pct_cpr`, `pct_mkjp`,
    `pct_unmet` (float, NaN when missing), `peserta_kb`, `peserta_mkjp`, `pus_unmet`, `skor_<name>` for each of
    SCORE_NAMES, `indeks_input/proses/output`, `lulus_input/proses/output`, `tingkat` (0–3) and `klasifikasi`.
    A classified frame can be classified again (the computed columns are replaced).
    """
    frame = profil.drop(columns=[c for c in _COMPUTED if c in profil]).reset_index(drop=True)
    if kegiatan is not None:
        frame = _fill_partner_agencies(frame, kegiatan)
    from_kegiatan = _flags(frame, "mitra_dari_kegiatan")
    frame = frame.drop(columns=["mitra_dari_kegiatan"], errors="ignore")
    q = _quantities(frame)
    v = _values(q)
    out = {"pokja_tingkat": v["pokja"].astype(np.int64)}
    for name in ("sumber_dana", "program", "sarana", "plkb_regulasi", "penggunaan_data", "mekanisme", "mitra"):
        out[VALUE_COLUMNS[name]] = np.asarray(v[name], dtype=np.int64)
    out["mitra_dari_kegiatan"] = from_kegiatan
    for i, p in enumerate(POKTAN):
        out[f"pct_{p}"] = v["poktan_pct"][:, i]
    for name in ("poktan", "cpr", "mkjp", "unmet_need"):
        out[VALUE_COLUMNS[name]] = v[name]
    out.update(peserta_kb=q["users"], peserta_mkjp=q["mkjp"], pus_unmet=q["unmet"])
    scores = {name: band_score(name, v[name]) for name in SCORE_NAMES}
    out.update({f"skor_{name}": s.astype(np.int64) for name, s in scores.items()})
    out.update(_indices_and_tier(scores))
    return pd.concat([frame, pd.DataFrame(out)], axis=1)


def _indices_and_tier(scores: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for group, names in INDEX_SCORES.items():
        total = sum(scores[n] for n in names)
        out[f"indeks_{group}"] = index_value(total, len(names))
    for group in INDEX_NAMES:
        out[f"lulus_{group}"] = out[f"indeks_{group}"] >= PASS_MARK
    tier = tier_index(out["lulus_input"], out["lulus_proses"], out["lulus_output"])
    out["tingkat"] = tier
    out["klasifikasi"] = np.asarray(schema.TIERS, dtype=object)[tier]
    return out


_COMPUTED = (
    "pokja_tingkat",
    *VALUE_COLUMNS.values(),
    *(f"pct_{p}" for p in POKTAN),
    "peserta_kb",
    "peserta_mkjp",
    "pus_unmet",
    *(f"skor_{n}" for n in SCORE_NAMES),
    *(f"indeks_{g}" for g in INDEX_NAMES),
    *(f"lulus_{g}" for g in INDEX_NAMES),
    "tingkat",
    "klasifikasi",
)


# ---------------------------------------------------------------------------------------------- as of a month


def missing_profile_row(kode_desa: str, periode: str) -> pd.DataFrame:
    """A one-row profile for a Kampung KB with no profile: every indicator missing, `ada_profil` False."""
    return _missing_profiles([kode_desa], periode)


def _missing_profiles(codes: list[str], periode: str) -> pd.DataFrame:
    n = len(codes)
    data: dict[str, object] = {"kode_desa": pd.Series(codes, dtype=object), "periode": [periode] * n}
    for column in schema.PROFILE_COLUMNS:
        dtype = "boolean" if column in _BOOLEANS else ("object" if column in _SETS else "Int64")
        data[column] = pd.Series([pd.NA] * n, dtype=dtype)
    data["ada_profil"] = np.zeros(n, dtype=bool)
    return pd.DataFrame(data)


def _codes(kampung_codes: Iterable[str] | pd.DataFrame | pd.Series) -> list[str]:
    if isinstance(kampung_codes, pd.DataFrame):
        kampung_codes = kampung_codes["kode_desa"]
    return list(dict.fromkeys(str(c) for c in kampung_codes))


def latest_profiles(kampung_codes: Iterable[str] | pd.DataFrame, profil: pd.DataFrame, periode: str) -> pd.DataFrame:
    """For each Kampung KB, its latest profile with periode ≤ `periode`, or a missing-profile row.

    Columns: the profile's, with `periode` = `periode` (the month asked about), `periode_profil` (the month of
    the profile used, NA when none) and `ada_profil`.
    """
    codes = _codes(kampung_codes)
    # Plain object indexes: pandas' arrow-string isin/get_indexer with a list is slow at 84,000 codes.
    before = profil[(profil["periode"].astype(object) <= periode).to_numpy()]
    kode, kode_names = pd.factorize(before["kode_desa"].to_numpy(dtype=object))
    month = pd.factorize(before["periode"].to_numpy(dtype=object), sort=True)[0]
    order = np.lexsort((month, kode))  # by village, then month: the last row of each village is its latest
    last = order[np.r_[kode[order][1:] != kode[order][:-1], True]] if len(order) else order
    latest = before.iloc[last]
    names = pd.Index(np.asarray(kode_names, dtype=object)[kode[last]])
    where = names.get_indexer(pd.Index(codes, dtype=object))
    found = latest.iloc[where[where >= 0]].assign(ada_profil=True)
    absent = [c for c, w in zip(codes, where, strict=True) if w < 0]
    frame = (
        pd.concat([found, _missing_profiles(absent, periode)], ignore_index=True)
        if absent
        else found.reset_index(drop=True)
    )
    order = np.empty(len(codes), dtype=np.int64)  # back into the order of `codes`
    order[where >= 0] = np.arange(len(found))
    order[where < 0] = len(found) + np.arange(len(absent))
    frame = frame.iloc[np.argsort(order)].reset_index(drop=True)
    frame["periode_profil"] = frame["periode"].where(frame["ada_profil"], None)
    return frame


def classify_kampung(
    kampung_codes: Iterable[str] | pd.DataFrame,
    profil: pd.DataFrame,
    periode: str,
    kegiatan: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Tiers "as of" `periode` (YYYY-MM) for every Kampung KB: `classify` of `latest_profiles`.

    A Kampung KB with no profile scores 1 on every profile-based indicator. Partner agencies named in its
    kegiatan are not profile data, so with `kegiatan` they still count for the partner score (this never changes
    its tier: with every other score at 1 no index can reach 3.00). When a profile lists no partner agencies,
    those named in kegiatan up to the end of the month asked about count (data-model.md: "up to the end of the
    period"), so an agency that joins after the last profile still counts.
    """
    frame = latest_profiles(kampung_codes, profil, periode)
    frame["periode"] = periode
    return classify(frame, kegiatan)


def transitions(
    kampung_codes: Iterable[str] | pd.DataFrame,
    profil: pd.DataFrame,
    month_a: str,
    month_b: str,
    regions_level_code: Callable[[str], str] | str | None = None,
    kegiatan: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tier moves between two months: (from × to count matrix, moved villages kode_desa/dari/ke).

    `regions_level_code` groups the matrix by region: a function kode_desa → region code (e.g.
    `lambda c: c[:5]` for kab/kota) or the name of a column of `kampung_codes`. The matrix then has a
    (wilayah, dari) index. Every tier appears in both axes, so the counts sum to the number of villages.
    """
    codes = _codes(kampung_codes)
    a = classify_kampung(codes, profil, month_a, kegiatan)[["kode_desa", "klasifikasi"]]
    b = classify_kampung(codes, profil, month_b, kegiatan)[["kode_desa", "klasifikasi"]]
    pairs = a.merge(b, on="kode_desa", suffixes=("_a", "_b")).rename(
        columns={"klasifikasi_a": "dari", "klasifikasi_b": "ke"}
    )
    tiers = pd.CategoricalDtype(list(schema.TIERS), ordered=True)
    pairs = pairs.astype({"dari": tiers, "ke": tiers})
    keys = ["dari"]
    if regions_level_code is not None:
        pairs["wilayah"] = _region_of(pairs["kode_desa"], kampung_codes, regions_level_code)
        keys = ["wilayah", "dari"]
    matrix = pairs.groupby(keys, observed=False)["ke"].value_counts().unstack("ke").fillna(0).astype(int)
    moved = pairs[pairs["dari"] != pairs["ke"]].reset_index(drop=True)
    return matrix, moved


def _region_of(codes: pd.Series, register: object, how: Callable[[str], str] | str) -> pd.Series:
    if callable(how):
        return codes.map(how)
    lookup = register.set_index("kode_desa")[how]  # a column of the register frame
    return codes.map(lookup)


def compare_reported(computed: pd.DataFrame, reported: pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """Share of reported tiers (`klasifikasi` kind) the computed tiers agree with, and the disagreements.

    Rows are matched on kode_desa and periode; tier names are compared case-insensitively. The rate is NaN
    when no row matches. Disagreements: kode_desa, periode, dilaporkan, dihitung.
    """
    by_key = {schema.header_key(tier): tier for tier in schema.TIERS}
    left = reported[["kode_desa", "periode", "klasifikasi"]].rename(columns={"klasifikasi": "dilaporkan"})
    left["dilaporkan"] = left["dilaporkan"].map(lambda v: by_key.get(schema.header_key(v), v))
    right = computed[["kode_desa", "periode", "klasifikasi"]].rename(columns={"klasifikasi": "dihitung"})
    both = left.merge(right, on=["kode_desa", "periode"])
    same = both["dilaporkan"] == both["dihitung"]
    rate = float(same.mean()) if len(both) else float("nan")
    return rate, both[~same].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- the way up
# A change is a set of "score steps" (one indicator up one band). Each step has a quantity (how many more
# funding sources, contraceptive users, …) and a relative size (quantity ÷ current amount, at least ÷ 1). The
# cheapest lift to a tier is the fewest steps, tie-broken by the smallest total relative size; cost
# `biaya = steps + R/(1 + R)` keeps that order in one number. Per index, a small dynamic programme over its
# scores finds the cheapest way to add exactly the missing steps; then every combination of indices that would
# pass is tried. Missing CPR/MKJP/unmet data cannot be raised by a quantity: those steps are impossible (∞).


def _pokja_flips(q: dict[str, np.ndarray], target: int) -> np.ndarray:
    members, trained = q["anggota"] > 0, q["pokja_terlatih"]
    flips = (~q["pokja_ada"]).astype(float)
    if target == 3:
        flips += ~(members | trained)
    elif target == 4:
        flips += (~members).astype(float) + (~trained)
    return flips


def _poktan_additions(num: np.ndarray, den: np.ndarray, edge: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
    """Participants to add per poktan (N×5) so the mean percentage rounds to ≥ `edge`, and whether possible.

    Points go to the poktan with the fewest families per point first (smallest denominator), none above
    100 % while another still has room; a zero denominator cannot gain points.
    """
    pct = np.nan_to_num(percent(num, den))
    remaining = np.maximum(0.0, 5.0 * np.asarray(edge, dtype=float) - 2.0 - pct.sum(axis=1))  # mean ≥ edge − ½
    order = np.argsort(np.where(den > 0, den, np.inf), axis=1, kind="stable")
    rows, new = np.arange(len(pct)), pct.copy()
    for cap in (100.0, np.inf):
        for k in range(len(POKTAN)):
            col = order[:, k]
            room = np.where(den[rows, col] > 0, np.clip(cap - new[rows, col], 0.0, None), 0.0)
            take = np.minimum(remaining, room)
            new[rows, col] += take
            remaining = remaining - take
    with np.errstate(invalid="ignore"):
        needed = np.where((new > pct) & (den > 0), np.maximum(0.0, min_numerator(den, new) - num), 0.0)
    return needed, remaining <= 0


def _step_quantity(
    q: dict[str, np.ndarray], v: dict[str, np.ndarray], name: str, target: int
) -> tuple[np.ndarray, np.ndarray]:
    """(quantity to change, current amount) for `name` to reach score `target`; ∞ where impossible."""
    edge = BANDS[name][target - 2]
    if name == "pokja":
        return _pokja_flips(q, target), np.ones(len(v[name]))
    if name in ("sumber_dana", "program", "sarana", "penggunaan_data", "mekanisme", "mitra", "plkb_regulasi"):
        return np.maximum(0.0, edge - v[name]), np.asarray(v[name], dtype=float)
    if name == "poktan":
        added, possible = _poktan_additions(q["poktan_num"], q["poktan_den"], edge)
        return np.where(possible, added.sum(axis=1), np.inf), q["poktan_num"].sum(axis=1)
    with np.errstate(invalid="ignore"):
        if name == "cpr":
            ok = (q["pus"] > 0) & ~np.isnan(q["users"])
            need = np.maximum(0.0, min_numerator(q["pus"], edge) - q["users"])
            return np.where(ok, need, np.inf), q["users"]
        if name == "mkjp":  # switch users to a long-acting method; with no users at all, one new MKJP user
            need = np.where(q["users"] > 0, np.maximum(0.0, min_numerator(q["users"], edge) - q["mkjp"]), 1.0)
            return np.where(q["kb_missing"], np.inf, need), q["mkjp"]
        ok = ~np.isnan(q["unmet"]) & (q["pus"] > 0)
        need = np.maximum(0.0, q["unmet"] - max_numerator(q["pus"], edge))
        return np.where(ok, need, np.inf), q["unmet"]


def _step_tables(
    q: dict[str, np.ndarray], v: dict[str, np.ndarray], scores: dict[str, np.ndarray]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name → (quantity N×4, relative size N×4), column k = reaching score k+1; 0 where already there."""
    n = len(scores["pokja"])
    tables = {}
    for name in SCORE_NAMES:
        quantity, relative = np.zeros((n, 4)), np.zeros((n, 4))
        quantity[:, MAX_SCORE[name] :] = relative[:, MAX_SCORE[name] :] = np.inf
        for target in range(2, MAX_SCORE[name] + 1):
            amount, base = _step_quantity(q, v, name, target)
            amount = np.where(scores[name] >= target, 0.0, amount)
            quantity[:, target - 1] = amount
            relative[:, target - 1] = amount / np.maximum(np.nan_to_num(base), 1.0)
        tables[name] = (quantity, relative)
    return tables


def _cheapest_in_group(relative: list[np.ndarray], current: list[np.ndarray], depth: int) -> tuple[np.ndarray, list]:
    """best[i, d] = least total relative size to add exactly d ≤ depth steps over the group's scores, with
    the steps taken on each score (for backtracking)."""
    n = len(current[0])
    best = np.full((n, depth + 1), np.inf)
    best[:, 0] = 0.0
    choices = []
    for rel, cur in zip(relative, current, strict=True):
        # cost of j extra steps on this score = relative size to reach score cur + j (∞ beyond the top)
        idx = cur[:, None] - 1 + np.arange(4)[None, :]
        step = np.where(idx <= 3, np.take_along_axis(rel, np.minimum(idx, 3), axis=1), np.inf)
        new, arg = np.full_like(best, np.inf), np.zeros(best.shape, dtype=np.int8)
        for j in range(min(4, depth + 1)):
            cand = best[:, : depth + 1 - j] + step[:, j : j + 1]
            better = cand < new[:, j:]
            np.copyto(new[:, j:], cand, where=better)  # in place: this loop is the lift's hot path
            np.copyto(arg[:, j:], j, where=better)
        best = new
        choices.append(arg)
    return best, choices


def _backtrack(choices: list[np.ndarray], steps: np.ndarray) -> list[np.ndarray]:
    rows, left, taken = np.arange(len(steps)), steps.copy(), []
    for arg in reversed(choices):
        j = arg[rows, left]
        taken.append(j)
        left = left - j
    return taken[::-1]


def _lift_plan(classified: pd.DataFrame, min_tier: np.ndarray) -> dict[str, np.ndarray]:
    """Cheapest score targets that make each row's tier ≥ `min_tier` (0–3), vectorised over rows.

    Returns scores and targets (N×12), quantity (N×12, at the target), steps, relative, tier reached (−1 if
    impossible) and cost.
    """
    q = _quantities(classified)
    v = _values(q)
    scores = {n: band_score(n, v[n]) for n in SCORE_NAMES}
    tables = _step_tables(q, v, scores)
    rows = np.arange(len(classified))
    deficit, cost, picks = {}, {}, {}
    for group, names in INDEX_SCORES.items():
        total = sum(scores[n] for n in names)
        deficit[group] = np.clip(_INDEX_PASS_SUM[group] - total, 0, None)
        depth = int(deficit[group].max(initial=0))  # no deeper than the largest deficit: saves time and memory
        best, choices = _cheapest_in_group([tables[n][1] for n in names], [scores[n] for n in names], depth)
        cost[group] = best[rows, deficit[group]]
        picks[group] = _backtrack(choices, deficit[group])
    options = list(itertools.product((False, True), repeat=3))
    keys = np.full((len(rows), len(options)), np.inf)
    for k, chosen in enumerate(options):
        passes = [c | (deficit[g] == 0) for c, g in zip(chosen, INDEX_NAMES, strict=True)]
        steps = sum(deficit[g] * c for c, g in zip(chosen, INDEX_NAMES, strict=True))
        rel = sum(np.where(c, cost[g], 0.0) for c, g in zip(chosen, INDEX_NAMES, strict=True))
        ok = np.isfinite(rel) & (tier_index(*passes) >= min_tier)
        with np.errstate(invalid="ignore"):
            keys[:, k] = np.where(ok, steps + rel / (1.0 + rel), np.inf)
    best_option = keys.argmin(axis=1)
    feasible = np.isfinite(keys[rows, best_option])
    current = np.column_stack([scores[n] for n in SCORE_NAMES])
    targets = current.copy()
    for g_pos, group in enumerate(INDEX_NAMES):
        use = feasible & np.array([options[o][g_pos] for o in best_option], dtype=bool)
        for name, j in zip(INDEX_SCORES[group], picks[group], strict=True):
            col = SCORE_NAMES.index(name)
            targets[:, col] = np.where(use, current[:, col] + j, current[:, col])
    quantity = np.column_stack(
        [
            np.take_along_axis(tables[n][0], (targets[:, i] - 1)[:, None], axis=1)[:, 0]
            for i, n in enumerate(SCORE_NAMES)
        ]
    )
    steps = (targets - current).sum(axis=1)
    passes = [
        (sum(targets[:, SCORE_NAMES.index(n)] for n in INDEX_SCORES[g]) >= _INDEX_PASS_SUM[g]) for g in INDEX_NAMES
    ]
    return {
        "scores": current,
        "targets": targets,
        "quantity": quantity,
        "steps": steps,
        "cost": keys[rows, best_option],
        "reached": np.where(feasible, tier_index(*passes), -1),
    }


def _lift_frame(classified: pd.DataFrame, min_tier: np.ndarray) -> pd.DataFrame:
    plan = _lift_plan(classified, min_tier)
    feasible = plan["reached"] >= 0
    out = pd.DataFrame(
        {
            "kode_desa": classified["kode_desa"].to_numpy(),
            "periode": classified["periode"].to_numpy(),
            "klasifikasi": classified["klasifikasi"].to_numpy(),
        }
    )
    tiers = np.asarray((*schema.TIERS, None), dtype=object)
    out["ke"] = tiers[plan["reached"]]
    out["langkah"] = pd.Series(plan["steps"], dtype="Int64").where(feasible, pd.NA)
    out["biaya"] = plan["cost"]
    steps = plan["targets"] - plan["scores"]
    label = np.full(len(out), "", dtype=object)
    for i, name in enumerate(SCORE_NAMES):
        taken = np.where(feasible, steps[:, i], 0)
        out[f"naik_{name}"] = taken
        out[f"jumlah_{name}"] = np.where(taken > 0, plan["quantity"][:, i], 0.0)
        label = label + np.array(["", *(f"{name}+{k};" for k in (1, 2, 3))], dtype=object)[taken]
    out["perubahan"] = [text[:-1] for text in label]  # drop the last ";"
    return out


def lift_options(classified: pd.DataFrame, min_tier: str | None = None) -> pd.DataFrame:
    """Per village below the top tier, the cheapest change that reaches its next tier (or `min_tier`).

    Columns: kode_desa, periode, klasifikasi (now), ke (tier reached; may skip a tier when that is as cheap;
    None when no change can be computed, e.g. missing CPR data is the only way up), langkah (score steps),
    biaya (langkah + R/(1+R), R = total relative size of the quantity changes; ∞ when impossible),
    perubahan (e.g. "cpr+1;mitra+1"), naik_<score> (steps) and jumlah_<score> (the quantity: users, sources,
    participants, agencies … to add; for unmet need, couples fewer; for MKJP, users switching).
    Sorted cheapest first.
    """
    below = classified[classified["tingkat"] < 3].reset_index(drop=True)
    wanted = below["tingkat"].to_numpy() + 1
    if min_tier is not None:
        wanted = np.maximum(wanted, schema.TIERS.index(min_tier))
    return _lift_frame(below, wanted).sort_values("biaya", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- applying a lift


def _ensure(frame: pd.DataFrame, column: str) -> None:
    if column not in frame:
        frame[column] = pd.array([pd.NA] * len(frame), dtype="boolean" if column in _BOOLEANS else "Int64")


def _add_counts(frame: pd.DataFrame, column: str, rows: np.ndarray, amount: np.ndarray) -> None:
    # Rows with nothing to add (or no computable amount: missing data) keep their value, even when missing.
    amount = np.broadcast_to(np.asarray(amount, dtype=float), np.shape(rows))
    keep = np.isfinite(amount) & (amount != 0)
    rows, amount = np.asarray(rows)[keep], amount[keep]
    if not rows.size:
        return
    _ensure(frame, column)
    current = np.nan_to_num(_numbers(frame, column)[rows])
    frame[column] = frame[column].astype("Int64")
    frame.loc[frame.index[rows], column] = (current + amount).astype(np.int64)


def _set_flag(frame: pd.DataFrame, column: str, rows: np.ndarray) -> None:
    _ensure(frame, column)
    frame[column] = frame[column].astype("boolean")
    frame.loc[frame.index[rows], column] = True


def _add_names(
    frame: pd.DataFrame,
    column: str,
    rows: np.ndarray,
    how_many: np.ndarray,
    candidates: tuple[str, ...],
    lookup: dict[str, str],
) -> None:
    """Append the first `how_many` candidates a row does not have yet (as canonical names)."""
    values = (
        frame[column].astype("object").to_numpy(copy=True)
        if column in frame
        else np.full(len(frame), None, dtype=object)
    )
    for row, k in zip(rows, how_many.astype(int), strict=True):
        have = parse_set(values[row], lookup)
        extra = [c for c in candidates if c not in have][:k]
        extra += [f"Mitra lain {i + 1}" for i in range(k - len(extra))]  # only for agencies (open set)
        values[row] = ";".join([*sorted(have), *extra]) if have or extra else ""
    frame[column] = values


def _apply_step(
    frame: pd.DataFrame,
    name: str,
    rows: np.ndarray,
    target: np.ndarray,
    q: dict[str, np.ndarray],
    v: dict[str, np.ndarray],
) -> None:
    """Change the profile of `rows` so that score `name` reaches `target` (the cheapest way, see _step_quantity);
    `q` and `v` are the frame's current quantities and values."""
    if name == "pokja":
        _set_flag(frame, "pokja_ada", rows)
        members = q["anggota"][rows] > 0
        train = ((target == 3) & ~members) | (target == 4)
        _set_flag(frame, "pokja_terlatih", rows[train])
        record = rows[(target == 4) & ~members]
        _add_counts(frame, "pokja_anggota", record, 1.0 - q["anggota"][record])
    elif name == "plkb_regulasi":
        _set_flag(frame, "regulasi", rows)  # a decree is the usual first step
        _set_flag(frame, "plkb_pendamping", rows[target == 3])
    elif name in SET_INDICATORS:
        column, names = SET_INDICATORS[name]
        need = np.asarray(BANDS[name], dtype=float)[target - 2] - v[name][rows]
        _add_names(frame, column, rows, need, names, _VOCAB_LOOKUP[column])
    elif name == "mitra":
        need = np.asarray(BANDS[name], dtype=float)[target - 2] - v[name][rows]
        _add_names(frame, "instansi_mitra", rows, need, _PARTNERS, _AGENCY_LOOKUP)
    else:
        _apply_rate_step(frame, q, name, rows, np.asarray(BANDS[name], dtype=float)[target - 2])


def move_rate(frame: pd.DataFrame, name: str, rows: np.ndarray, target_pct: np.ndarray | float) -> None:
    """Change the counts of `rows` (positions) in place so the rounded percentage of `name` reaches `target_pct`.

    `name` is poktan, cpr, mkjp (at least the target) or unmet_need (at most the target). The cheapest way:
    poktan participants where a point costs fewest families; new contraceptive users split so the long-acting
    share never falls; users switching to a long-acting method (one new MKJP user when there are none);
    fewer IAT, then TIAL couples.
    """
    rows = np.asarray(rows, dtype=np.int64)
    part = frame.iloc[rows].reset_index(drop=True)  # work on the rows only: frames can be national
    _apply_rate_step(
        part,
        _quantities(part),
        name,
        np.arange(len(rows)),
        np.broadcast_to(np.asarray(target_pct, dtype=float), np.shape(rows)),
    )
    _write_rows(frame, part, rows)


def set_members(frame: pd.DataFrame, column: str, rows: np.ndarray, names: Iterable[str], add: bool) -> None:
    """Set (or, with `add`, extend) the `;`-joined set `column` of `rows` (positions) in place, canonically."""
    lookup = _AGENCY_LOOKUP if column == "instansi_mitra" else _VOCAB_LOOKUP[column]
    new = {lookup.get(schema.header_key(n), n) for n in names}
    values = (
        frame[column].astype("object").to_numpy(copy=True)
        if column in frame
        else np.full(len(frame), None, dtype=object)
    )
    for row in rows:
        members = (parse_set(values[row], lookup) | new) if add else new
        values[row] = ";".join(sorted(members))
    frame[column] = values


def _apply_rate_step(
    frame: pd.DataFrame, q: dict[str, np.ndarray], name: str, rows: np.ndarray, edge: np.ndarray
) -> None:
    if name == "poktan":
        added, _ = _poktan_additions(q["poktan_num"][rows], q["poktan_den"][rows], edge)
        for i, p in enumerate(POKTAN):
            _add_counts(frame, f"peserta_{p}", rows, added[:, i])
    elif name == "cpr":
        users, mkjp = q["users"][rows], q["mkjp"][rows]
        need = np.maximum(0.0, min_numerator(q["pus"][rows], edge) - users)
        # New users keep at least the current long-acting share, so the MKJP score never falls.
        with np.errstate(divide="ignore", invalid="ignore"):
            long_acting = np.where(users > 0, np.ceil(need * mkjp / users), 0.0)
        _add_counts(frame, "kb_implan", rows, long_acting)
        _add_counts(frame, "kb_suntik", rows, need - long_acting)
    elif name == "mkjp":
        users, mkjp = q["users"][rows], q["mkjp"][rows]
        need = np.where(users > 0, np.maximum(0.0, min_numerator(np.maximum(users, 1), edge) - mkjp), 1.0)
        _add_counts(frame, "kb_implan", rows, need)
        left = np.where(users > 0, need, 0.0)
        for method in ("kb_suntik", "kb_pil", "kb_kondom"):  # switched from short-acting methods
            take = np.minimum(left, np.nan_to_num(_numbers(frame, method)[rows]))
            _add_counts(frame, method, rows, -take)
            left = left - take
    else:  # unmet need
        need = np.maximum(0.0, q["unmet"][rows] - max_numerator(q["pus"][rows], edge))
        for column in ("tidak_kb_iat", "tidak_kb_tial"):
            take = np.minimum(need, np.nan_to_num(_numbers(frame, column)[rows]))
            _add_counts(frame, column, rows, -take)
            need = need - take


def apply_score_targets(
    profil: pd.DataFrame, targets: pd.DataFrame | np.ndarray, current: np.ndarray | None = None
) -> pd.DataFrame:
    """A copy of `profil` (rows in order, fresh index) changed so each score reaches its target (1–4).

    `targets` has one column per SCORE_NAMES (or is an N×12 array); a target at or below the current score
    changes nothing. `current` (N×12) saves recomputing the scores when the caller has them fresh.
    Re-run `classify` on the result to see the new tier.
    """
    frame = profil.reset_index(drop=True)
    wanted = targets[list(SCORE_NAMES)].to_numpy() if isinstance(targets, pd.DataFrame) else np.asarray(targets)
    if current is None:
        v = _values(_quantities(frame))
        current = np.column_stack([band_score(n, v[n]) for n in SCORE_NAMES])
    touched = np.flatnonzero((wanted > current).any(axis=1))
    if not touched.size:
        return frame.copy()
    part = frame.iloc[touched].reset_index(drop=True)
    q = _quantities(part)
    v = _values(q)
    for i, name in enumerate(SCORE_NAMES):  # CPR before MKJP: the MKJP step sees the users CPR added
        now = band_score(name, v[name])
        rows = np.flatnonzero(wanted[touched, i] > now)
        if rows.size:
            _apply_step(part, name, rows, wanted[touched[rows], i], q, v)
            q |= _quantities(part, after_step=name)  # only what the step changed is read again
            v = _values(q)
    return _write_back(frame, part, touched)


def _write_back(frame: pd.DataFrame, part: pd.DataFrame, touched: np.ndarray) -> pd.DataFrame:
    if len(touched) == len(frame):  # every row changed (touched is ascending): part is the whole result
        return part
    out = frame.copy()
    _write_rows(out, part, touched)
    return out


def _write_rows(frame: pd.DataFrame, part: pd.DataFrame, rows: np.ndarray) -> None:
    """frame.iloc[rows] = part, in place, column by column (adopting part's dtype where it changed)."""
    for column in part.columns:
        if column not in frame:
            frame[column] = pd.array([pd.NA] * len(frame), dtype=part[column].dtype)
        if frame[column].dtype != part[column].dtype:
            frame[column] = frame[column].astype(part[column].dtype)
        frame.loc[frame.index[rows], column] = part[column].to_numpy()


# ---------------------------------------------------------------------------------------------- explanations


def _num(value: object, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else format_number(float(value), 0, lang)


def _pct(value: object, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else format_percent(float(value), 0, lang)


def _yes(value: object, lang: str) -> str:
    return t("tiers.yes" if value is True or (not pd.isna(value) and bool(value)) else "tiers.no", lang)


def _names(row: pd.Series, name: str) -> set[str]:
    if name == "mitra":
        return parse_set(row.get("instansi_mitra"), _AGENCY_LOOKUP) - schema.OWN_OFFICES
    column, names = SET_INDICATORS[name]
    return parse_set(row.get(column), _VOCAB_LOOKUP[column]) & set(names)


def _listed(names: Iterable[str], lang: str) -> str:
    return ", ".join(sorted(names)) or t("tiers.none", lang)


def score_text(row: pd.Series, name: str, lang: str = "id") -> str:
    """One sentence: the values behind score `name` of a classified row, and the score."""
    skor, label = int(row[f"skor_{name}"]), t(f"tiers.score.{name}", lang)
    if name == "pokja":
        return t(
            "tiers.value.pokja",
            lang,
            ada=_yes(row.get("pokja_ada"), lang),
            anggota=_num(row.get("pokja_anggota"), lang),
            terlatih=_yes(row.get("pokja_terlatih"), lang),
            skor=skor,
        )
    if name == "plkb_regulasi":
        return t(
            "tiers.value.plkb_regulasi",
            lang,
            plkb=_yes(row.get("plkb_pendamping"), lang),
            regulasi=_yes(row.get("regulasi"), lang),
            skor=skor,
        )
    if name in SET_INDICATORS or name == "mitra":
        names = _listed(_names(row, name), lang)
        n = int(row[VALUE_COLUMNS[name]])
        if name == "mitra":
            source = (
                t("tiers.source.kegiatan", lang, periode=row["periode"])
                if row.get("mitra_dari_kegiatan")
                else t("tiers.source.profil", lang)
            )
            return t("tiers.value.mitra", lang, source=source, n=n, names=names, skor=skor)
        key = f"tiers.value.{name}" if name in ("program", "sarana") else "tiers.value.count"
        return t(key, lang, label=label, n=n, names=names, skor=skor)
    if name == "poktan":
        return t(
            "tiers.value.poktan",
            lang,
            pct=_pct(row["pct_poktan"], lang),
            skor=skor,
            **{p: _pct(row[f"pct_{p}"], lang) for p in POKTAN},
        )
    if pd.isna(row[VALUE_COLUMNS[name]]):
        return t("tiers.value.missing", lang, label=label)
    shared = {
        "pct": _pct(row[VALUE_COLUMNS[name]], lang),
        "skor": skor,
        "users": _num(row["peserta_kb"], lang),
        "pus": _num(row.get("pus"), lang),
    }
    if name == "mkjp":
        return t("tiers.value.mkjp", lang, mkjp=_num(row["peserta_mkjp"], lang), **shared)
    if name == "unmet_need":
        return t("tiers.value.unmet_need", lang, unmet=_num(row["pus_unmet"], lang), **shared)
    return t("tiers.value.cpr", lang, **shared)


#: What `describe_change` reads of a classified row for each score: a caller describing many rows can pass only
#: these (a classified frame has ~100 columns, and turning them all into dicts is the slow part).
CHANGE_COLUMNS = {
    "pokja": ("pokja_ada", "pokja_terlatih", "pokja_anggota"),
    "plkb_regulasi": ("regulasi", "plkb_pendamping"),
    **{name: (VALUE_COLUMNS[name], column) for name, (column, _) in SET_INDICATORS.items()},
    "mitra": ("n_mitra", "instansi_mitra"),
    "poktan": ("pct_poktan", *(f"peserta_{p}" for p in POKTAN)),
    "cpr": ("pct_cpr", "peserta_kb"),
    "mkjp": ("pct_mkjp", "peserta_kb", "peserta_mkjp"),
    "unmet_need": ("pct_unmet", "pus_unmet"),
}


def describe_change(before: pd.Series | dict, after: pd.Series | dict, name: str, lang: str = "id") -> str:
    """One sentence naming the quantity that changed for score `name` between two classified rows (Series or dicts)."""
    if name in ("pokja", "plkb_regulasi"):
        return _describe_actions(before, after, name, lang)
    if name in SET_INDICATORS or name == "mitra":
        b, a = int(before[VALUE_COLUMNS[name]]), int(after[VALUE_COLUMNS[name]])
        if name == "mitra":
            return t("tiers.change.mitra", lang, before=b, after=a, added=a - b)
        added = _names(after, name) - _names(before, name)
        return t(
            "tiers.change.count",
            lang,
            label=t(f"tiers.score.{name}", lang),
            before=b,
            after=a,
            added=a - b,
            names=_listed(added, lang),
        )
    pct = VALUE_COLUMNS[name]
    moved = {"before": _pct(before[pct], lang), "after": _pct(after[pct], lang)}
    if name == "poktan":
        gains = {p: _gain(before, after, f"peserta_{p}") for p in POKTAN}
        detail = ", ".join(f"{p.upper().replace('PIKR', 'PIK-R')} +{_num(g, lang)}" for p, g in gains.items() if g)
        return t("tiers.change.poktan", lang, added=_num(sum(gains.values()), lang), detail=detail, **moved)
    if name == "cpr":
        return t("tiers.change.cpr", lang, added=_num(_gain(before, after, "peserta_kb"), lang), **moved)
    if name == "mkjp":
        key = "tiers.change.mkjp_add" if not before["peserta_kb"] else "tiers.change.mkjp_switch"
        return t(key, lang, added=_num(_gain(before, after, "peserta_mkjp"), lang), **moved)
    return t("tiers.change.unmet_need", lang, added=_num(-_gain(before, after, "pus_unmet"), lang), **moved)


def _gain(before: pd.Series, after: pd.Series, column: str) -> float:
    value = lambda row: 0.0 if pd.isna(row.get(column)) else float(row[column])  # noqa: E731
    return value(after) - value(before)


def _describe_actions(before: pd.Series, after: pd.Series, name: str, lang: str) -> str:
    def turned_on(column: str) -> bool:
        return _flag_value(after.get(column)) and not _flag_value(before.get(column))

    if name == "plkb_regulasi":
        acts = [
            t(f"tiers.action.{k}", lang)
            for k, c in (("regulasi", "regulasi"), ("plkb", "plkb_pendamping"))
            if turned_on(c)
        ]
        return "; ".join(acts)
    acts = [
        t(f"tiers.action.{k}", lang)
        for k, c in (("form_pokja", "pokja_ada"), ("train_pokja", "pokja_terlatih"))
        if turned_on(c)
    ]
    if _gain(before, after, "pokja_anggota") > 0:
        acts.append(t("tiers.action.members_pokja", lang))
    return t("tiers.change.pokja", lang, actions=", ".join(acts))


def _flag_value(value: object) -> bool:
    return False if value is None or pd.isna(value) else bool(value)


def _as_frame(row: pd.Series | pd.DataFrame) -> pd.DataFrame:
    if isinstance(row, pd.DataFrame):
        return row.iloc[:1].reset_index(drop=True)
    return row.to_frame().T.reset_index(drop=True).infer_objects()


def explain(row: pd.Series | pd.DataFrame, lang: str = "id") -> dict:
    """Every sub-score with the values behind it, the indices, the tier and the smallest change up, as text.

    Takes one profile or classified row (a Series or a one-row frame). Returns a dict: kode_desa, periode,
    klasifikasi, ada_profil, skor {name: {skor, teks}}, indeks {input|proses|output: {nilai, lulus, teks}},
    tingkat (sentence), naik (None at the top; else {ke, langkah, biaya, perubahan [sentences per score],
    teks [one sentence per index that must change], ringkasan}) and catatan (notes, e.g. the partner-agency rule).
    """
    classified = classify(_as_frame(row))
    r = classified.iloc[0]
    has_profile = _flag_value(r.get("ada_profil", True))
    indices = {
        g: {"nilai": float(r[f"indeks_{g}"]), "lulus": bool(r[f"lulus_{g}"]), "teks": _index_text(r, g, lang)}
        for g in INDEX_NAMES
    }
    passed = [t(f"tiers.index.{g}", lang) for g in INDEX_NAMES if indices[g]["lulus"]]
    notes = [t("tiers.note.mitra", lang)] + ([] if has_profile else [t("tiers.value.no_profile", lang)])
    return {
        "kode_desa": r["kode_desa"],
        "periode": r["periode"],
        "klasifikasi": r["klasifikasi"],
        "ada_profil": has_profile,
        "skor": {n: {"skor": int(r[f"skor_{n}"]), "teks": score_text(r, n, lang)} for n in SCORE_NAMES},
        "indeks": indices,
        "tingkat": t(
            "tiers.tier.text",
            lang,
            n=len(passed),
            names=", ".join(passed) or t("tiers.none", lang),
            tier=r["klasifikasi"],
        ),
        "naik": _lift_explained(classified, lang),
        "catatan": notes,
    }


def _index_text(r: pd.Series, group: str, lang: str) -> str:
    scores = " + ".join(str(int(r[f"skor_{n}"])) for n in INDEX_SCORES[group])
    verdict = t("tiers.index.pass" if r[f"lulus_{group}"] else "tiers.index.fail", lang)
    return t(
        "tiers.index.text",
        lang,
        index=t(f"tiers.index.{group}", lang),
        value=format_number(float(r[f"indeks_{group}"]), 2, lang),
        scores=scores,
        verdict=verdict,
    )


def _lift_explained(classified: pd.DataFrame, lang: str) -> dict | None:
    r = classified.iloc[0]
    if r["tingkat"] >= 3:
        return None
    plan = _lift_plan(classified, np.array([r["tingkat"] + 1]))
    if plan["reached"][0] < 0:
        return {
            "ke": None,
            "langkah": None,
            "biaya": float("inf"),
            "perubahan": [],
            "teks": [],
            "ringkasan": t("tiers.lift.impossible", lang),
        }
    after = classify(apply_score_targets(classified, plan["targets"])).iloc[0]
    steps = dict(zip(SCORE_NAMES, plan["targets"][0] - plan["scores"][0], strict=True))
    changes = {n: describe_change(r, after, n, lang) for n in SCORE_NAMES if steps[n] > 0}
    texts = []
    for group in INDEX_NAMES:
        mine = [n for n in INDEX_SCORES[group] if n in changes]
        if not mine:
            continue
        count = sum(int(steps[n]) for n in mine)
        label = t(f"tiers.index.{group}", lang)
        texts.append(
            t(
                "tiers.lift.index_one" if count == 1 else "tiers.lift.index_many",
                lang,
                index=label,
                value=format_number(float(r[f"indeks_{group}"]), 2, lang),
                index_lower=label.lower(),
                steps=count,
                changes="; ".join(changes[n] for n in mine),
            )
        )
    tier = schema.TIERS[plan["reached"][0]]
    return {
        "ke": tier,
        "langkah": int(plan["steps"][0]),
        "biaya": float(plan["cost"][0]),
        "perubahan": list(changes.values()),
        "teks": texts,
        "ringkasan": t("tiers.lift.summary", lang, tier=tier, steps=int(plan["steps"][0])),
    }
