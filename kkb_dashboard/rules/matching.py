"""Match region names written by people to Kemendagri codes, inside a parent region the user names.

Exact first, after folding case, spaces, punctuation and prefixes (Kel., Kelurahan, Desa, Ds., Pekon,
Gampong, Nagari, KKB, Kab., Kota, Kec.): "Lebak Gede" = "Lebakgede", "Kota Bumi" = "Kotabumi". Then
approximate, with a 0–100 score: "Deringo" ≈ "Dringo". Ambiguous names and weak scores are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from . import regions

#: Prefixes people write before a name; removed before comparing (longest first).
PREFIXES = (
    "kelurahan",
    "kel",
    "desa",
    "ds",
    "pekon",
    "gampong",
    "nagari",
    "kampung kb",
    "kampungkb",
    "kkb",
    "kabupaten",
    "kab",
    "kota administrasi",
    "kota adm",
    "kota",
    "kecamatan",
    "kec",
    "distrik",
    "provinsi",
    "prov",
)
_ONE_PREFIX = re.compile(r"^(?:" + "|".join(re.escape(p) for p in PREFIXES) + r")\b[\s.]*")
_PREFIX = re.compile(r"^(?:(?:" + "|".join(re.escape(p) for p in PREFIXES) + r")\b[\s.]*)+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")
_ABBREVIATIONS = (
    (re.compile(r"^kab\b\.?"), "kabupaten"),
    (re.compile(r"^kec\b\.?"), "kecamatan"),
    (re.compile(r"^kel\b\.?"), "kelurahan"),
    (re.compile(r"^ds\b\.?"), "desa"),
    (re.compile(r"^prov\b\.?"), "provinsi"),
    (re.compile(r"^kota adm\b\.?"), "kota administrasi"),
)

#: Approximate matches need this score (rapidfuzz ratio of folded names, 0–100) …
MIN_SCORE = 85.0
#: … and must beat the runner-up by this much, otherwise the name is ambiguous.
MIN_MARGIN = 5.0


def fold(name: object, strip_prefix: bool = True) -> str:
    """`Kel. Lebak Gede` → `lebakgede`: lower case, prefixes, spaces and punctuation removed."""
    text = str(name).lower().strip()
    if strip_prefix:
        text = _PREFIX.sub("", text)
    else:
        for pattern, word in _ABBREVIATIONS:
            text = pattern.sub(word, text)
    return _NOT_ALNUM.sub("", text)


@dataclass(frozen=True)
class Match:
    """The outcome for one name: `match` is exact, approximate or failed; `candidates` explain a failure."""

    code: str | None
    match: str
    score: float
    candidates: tuple[str, ...] = ()
    reason: str = ""  # not_found | ambiguous | weak


class NameMatcher:
    """Matches names against the regions of one level inside a parent region; results are memoised."""

    def __init__(self, candidates: pd.DataFrame):
        """`candidates` has columns kode and nama (e.g. `regions.descendants("36.72", 4)`)."""
        self.codes = list(candidates["kode"])
        self.names = list(candidates["nama"])
        self.folded = [fold(n) for n in self.names]
        # Whole names are indexed too: a "prefix" can be part of a real name ("Kota Bumi" is Kotabumi).
        self._whole: dict[str, list[int]] = {}
        self._by_fold: dict[str, list[int]] = {}
        for index, name in enumerate(self.names):
            self._whole.setdefault(fold(name, strip_prefix=False), []).append(index)
            self._by_fold.setdefault(self.folded[index], []).append(index)
        self._memo: dict[str, Match] = {}

    def __call__(self, name: object) -> Match:
        whole = fold(name, strip_prefix=False)
        if whole not in self._memo:
            index = self._whole_name(str(name).lower().strip())
            self._memo[whole] = (
                Match(self.codes[index], "exact", 100.0) if index is not None else self._match(fold(name))
            )
        return self._memo[whole]

    def _whole_name(self, text: str) -> int | None:
        """The one region whose whole name is `text`, or `text` after removing leading prefixes one by one:
        in "Kel. Kota Bumi" only "Kel." is a prefix, "Kota Bumi" is the name (Kotabumi)."""
        while True:
            exact = self._whole.get(fold(text, strip_prefix=False), [])
            if len(exact) == 1:
                return exact[0]
            shorter = _ONE_PREFIX.sub("", text)
            if shorter == text:
                return None
            text = shorter

    def _label(self, index: int) -> str:
        return f"{self.names[index]} ({self.codes[index]})"

    def _match(self, key: str) -> Match:
        if not key:
            return Match(None, "failed", 0.0, reason="not_found")
        exact = self._by_fold.get(key, [])
        if len(exact) == 1:
            return Match(self.codes[exact[0]], "exact", 100.0)
        if len(exact) > 1:
            return Match(None, "failed", 100.0, tuple(self._label(i) for i in exact), "ambiguous")
        return self._approximate(key)

    def _approximate(self, key: str) -> Match:
        found = process.extract(key, self.folded, scorer=fuzz.ratio, limit=3)
        if not found or found[0][1] < MIN_SCORE:
            near = tuple(self._label(i) for _, score, i in found if score >= 60)
            return Match(None, "failed", found[0][1] if found else 0.0, near, "not_found")
        best_score, best_index = found[0][1], found[0][2]
        rivals = [i for _, score, i in found[1:] if best_score - score < MIN_MARGIN]
        if rivals:
            labels = tuple(self._label(i) for i in (best_index, *rivals))
            return Match(None, "failed", round(best_score, 1), labels, "ambiguous")
        return Match(self.codes[best_index], "approximate", round(best_score, 1))


def matcher_for(parent: str, level: int) -> NameMatcher:
    """A matcher over the regions of `level` inside `parent` (`""` = all of Indonesia)."""
    return NameMatcher(regions.descendants(parent, level))
