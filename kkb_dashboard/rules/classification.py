"""Classifying Kampung KB: `classify` scores profile rows; `classify_kampung` does it "as of" a month for a
register (each village's latest profile on or before it); `transitions` and `compare_reported` compare tiers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema

from .tier_rule import (
    AGENCY_LOOKUP,
    FLAG_COLUMNS,
    INDEX_NAMES,
    INDEX_SCORES,
    PASS_MARK,
    POKTAN,
    SCORE_NAMES,
    SET_COLUMNS,
    VALUE_COLUMNS,
    band_score,
    column_or_missing,
    flags,
    index_value,
    parse_set,
    quantities,
    score_values,
    tier_index,
)

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
            "instansi": column_or_missing(k, "instansi").to_numpy(),
        }
    ).dropna()
    # A village repeats the same few texts month after month: first mention per text, then each distinct text
    # parsed once (`metrics.partner_mentions` already groups them in the store; raw report rows work the same).
    rows = rows.groupby(["kode_desa", "instansi"], as_index=False)["periode"].min()
    names = {text: sorted(parse_set(text, AGENCY_LOOKUP) - schema.OWN_OFFICES) for text in rows["instansi"].unique()}
    rows["instansi"] = rows["instansi"].map(names)
    rows = rows.explode("instansi").dropna(subset=["instansi"])
    first = rows.groupby(["kode_desa", "instansi"], as_index=False)["periode"].min()
    return first.astype({"kode_desa": object, "instansi": object, "periode": object})


# ---------------------------------------------------------------------------------------------- classify


def classify(
    profil: pd.DataFrame, kegiatan: pd.DataFrame | None = None, *, only: Iterable[str] | None = None
) -> pd.DataFrame:
    """Score every profile row: the input columns, then the values, 12 scores, 3 indices and the tier; with
    `only`, just those of the added columns, in that order (a caller that keeps the profile rows apart need not
    have them copied).

    Added columns: `pokja_tingkat` (0–3), `n_sumber_dana`, `n_program`, `n_sarana`, `n_plkb_regulasi`, `n_data`,
    `n_mekanisme`, `n_mitra`, `mitra_dari_kegiatan`, `pct_bkb` … `pct_pikr`, `pct_poktan`, `pct_cpr`, `pct_mkjp`,
    `pct_unmet` (float, NaN when missing), `peserta_kb`, `peserta_mkjp`, `pus_unmet`, `skor_<name>` for each of
    SCORE_NAMES, `indeks_input/proses/output`, `lulus_input/proses/output`, `tingkat` (0–3) and `klasifikasi`.
    A classified frame can be classified again (the computed columns are replaced).
    """
    frame = profil.drop(columns=[c for c in _COMPUTED if c in profil]).reset_index(drop=True)
    if kegiatan is not None:
        frame = _fill_partner_agencies(frame, kegiatan)
    from_kegiatan = flags(frame, "mitra_dari_kegiatan")
    frame = frame.drop(columns=["mitra_dari_kegiatan"], errors="ignore")
    q = quantities(frame)
    v = score_values(q)
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
    if only is not None:
        return pd.DataFrame({name: out[name] for name in only})
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
        dtype = "boolean" if column in FLAG_COLUMNS else ("object" if column in SET_COLUMNS else "Int64")
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
