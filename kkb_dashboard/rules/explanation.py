"""Sentences that explain a tier (Indonesian or English): each score's values, each index, and the way up."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema

from ..i18n import format_number, format_percent, t
from .classification import classify
from .lift import lift_plan
from .profile_edits import apply_score_targets
from .tier_rule import (
    AGENCY_LOOKUP,
    INDEX_NAMES,
    INDEX_SCORES,
    POKTAN,
    SCORE_NAMES,
    SET_INDICATORS,
    VALUE_COLUMNS,
    VOCABULARY_LOOKUP,
    parse_set,
)

# ---------------------------------------------------------------------------------------------- explanations


def _num(value: object, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else format_number(float(value), 0, lang)


def _pct(value: object, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else format_percent(float(value), 0, lang)


def _yes(value: object, lang: str) -> str:
    return t("tiers.yes" if value is True or (not pd.isna(value) and bool(value)) else "tiers.no", lang)


def _names(row: pd.Series, name: str) -> set[str]:
    if name == "mitra":
        return parse_set(row.get("instansi_mitra"), AGENCY_LOOKUP) - schema.OWN_OFFICES
    column, names = SET_INDICATORS[name]
    return parse_set(row.get(column), VOCABULARY_LOOKUP[column]) & set(names)


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
    plan = lift_plan(classified, np.array([r["tingkat"] + 1]))
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
