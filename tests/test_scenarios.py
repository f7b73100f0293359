"""What-if scenarios: progress against targets, the three operations, an empty scenario, needed_for_target."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import profile_frame as frame
from conftest import worked_profile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkb_dashboard.rules import classification, lift, scenarios, schema


def worked(**changes: object) -> dict:
    """tier-rule.md's worked example (Mandiri) in Kabupaten Serang, with `changes`."""
    return worked_profile(**{"kode_desa": "36.04.01.2001", **changes})


def berkembang(code: str, cpr: int) -> dict:
    """Input and Proses pass (SK added), Output fails only because CPR is `cpr` % (< 30) → Berkembang."""
    users = 400 * cpr // 100
    return worked(kode_desa=code, regulasi=True, kb_kondom=0, kb_suntik=0, kb_pil=users - 60)


def region() -> pd.DataFrame:
    """Kabupaten Serang-like: 10 Kampung KB, 2 Mandiri, 8 Berkembang with CPR 29 %, 28 %, …, 22 %."""
    rows = [worked(kode_desa="36.04.01.2001"), worked(kode_desa="36.04.01.2002")]
    rows += [berkembang(f"36.04.02.20{i:02d}", 29 - i) for i in range(8)]
    return frame(*rows)


# ---------------------------------------------------------------------------------------------- needed_for_target


def test_needed_for_target_picks_the_two_cheapest():
    classified = classification.classify(region())
    assert classified["klasifikasi"].value_counts().to_dict() == {"Berkembang": 8, "Mandiri": 2}
    result = scenarios.needed_for_target(classified, "36.04", 40)
    assert (result["kampung_kb"], result["mandiri_plus"], result["mandiri_plus_percent"]) == (10, 2, 20.0)
    assert result["needed"] == 2 and result["enough"]
    assert [d["kode_desa"] for d in result["villages"]] == ["36.04.02.2000", "36.04.02.2001"]  # CPR 29 %, 28 %
    first = result["villages"][0]
    assert (first["from_tier"], first["to_tier"]) == ("Berkembang", "Berkelanjutan")  # Output passing makes all three
    assert "CPR 29 % → 30 %" in first["change"] and "peserta KB" in first["change"]
    assert first["cost"] < result["villages"][1]["cost"]
    import json

    json.dumps(result)  # plain data for the CLI


def test_needed_for_target_already_met_and_outside_region():
    classified = classification.classify(region())
    assert scenarios.needed_for_target(classified, "36.04", 20)["needed"] == 0
    assert scenarios.needed_for_target(classified, "36.04.01", 40)["needed"] == 0  # 2 of 2
    empty = scenarios.needed_for_target(classified, "36.72", 40)
    assert (empty["kampung_kb"], empty["needed"], empty["villages"]) == (0, 0, [])


def test_needed_for_target_lifts_dasar_two_tiers():
    dasar = worked(kode_desa="36.04.03.2001", kb_suntik=10, kb_pil=20, plkb_pendamping=False)  # only Proses
    classified = classification.classify(frame(worked(), dasar))
    result = scenarios.needed_for_target(classified, "36.04", 100)
    assert result["villages"][0]["from_tier"] == "Dasar" and result["villages"][0]["to_tier"] in schema.MANDIRI_PLUS


# ---------------------------------------------------------------------------------------------- progress


def test_progress_against_targets():
    classified = classification.classify(region())
    targets = pd.DataFrame(
        {
            "kode_wilayah": ["36.04", "36", "36.72"],
            "tahun": [2023, 2023, 2023],
            "target_kampung": [234, np.nan, 5],
            "target_mandiri_plus_persen": [40, 40, np.nan],
            "target_mandiri_plus": [np.nan, np.nan, 1],
        }
    )
    result = scenarios.progress.progress(classified, targets).set_index("kode_wilayah")
    serang = result.loc["36.04"]
    assert (serang["jumlah_kampung"], serang["mandiri_plus"], serang["persen_mandiri_plus"]) == (10, 2, 20.0)
    assert serang["target_mandiri_plus"] == 94  # 40 % of 234 = 93.6 → 94
    assert not serang["kampung_tercapai"] and not serang["tercapai"]
    assert (serang["selisih_persen"], serang["selisih_jumlah"]) == (-20.0, -92)
    assert result.loc["36", "target_mandiri_plus"] == 4  # no target_kampung: 40 % of the 10 villages
    cilegon = result.loc["36.72"]
    assert cilegon["jumlah_kampung"] == 0 and not cilegon["tercapai"]


def test_progress_grouped_by_a_function_shows_every_region():
    classified = classification.classify(region())
    result = scenarios.progress.progress(classified, None, lambda code: code[:8])
    assert result.set_index("kode_wilayah")["mandiri_plus"].to_dict() == {"36.04.01": 2, "36.04.02": 0}


# ---------------------------------------------------------------------------------------------- operations


def run(*operations, targets=None):
    profil = region()
    return scenarios.run(profil, profil["kode_desa"], "2023-12", list(operations), targets=targets)


def test_empty_scenario_is_the_baseline():
    result = run()
    pd.testing.assert_frame_equal(result.baseline, result.scenario)
    assert result.changes.empty
    assert (result.counts["mandiri_plus_awal"] == result.counts["mandiri_plus_skenario"]).all()


def test_move_up_closest():
    result = run(scenarios.move_up_closest(3))
    assert result.changes["naik"].sum() == 3
    # CPR 29, 28, 27 %: 2, 6 and 10 more users are relatively smaller than a 5th program for the Mandiri ones
    assert sorted(result.changes["kode_desa"]) == ["36.04.02.2000", "36.04.02.2001", "36.04.02.2002"]
    counts = result.counts.set_index("wilayah").loc["36.04"]
    assert counts["mandiri_plus_skenario"] - counts["mandiri_plus_awal"] >= 1
    assert all(result.changes["alasan"].str.contains("paling dekat ke tingkat di atasnya; Berkembang → "))
    assert all(result.changes["reason"].str.contains("closest to the tier above; Berkembang → "))
    assert not result.changes["alasan"].str.contains("termurah|satu tingkat").any()


def test_move_up_to_mandiri_plus_moves_the_villages_the_target_needs():
    # 2 Mandiri of 10; 40 % needs 2 more. Toward a target, a Mandiri village moving to Berkelanjutan counts for
    # nothing: `to="Mandiri"` lifts only villages below Mandiri, the same ones and the same way as the list.
    classified = classification.classify(region())
    needed = scenarios.needed_for_target(classified, "36.04", 40)
    targets = pd.DataFrame({"kode_wilayah": ["36.04"], "tahun": [2023], "target_mandiri_plus_persen": [40]})
    result = run(scenarios.move_up_closest(needed["needed"], to="Mandiri"), targets=targets)
    assert sorted(result.changes["kode_desa"]) == sorted(d["kode_desa"] for d in needed["villages"])
    assert list(result.changes["ke"]) == [d["to_tier"] for d in needed["villages"]] == ["Berkelanjutan"] * 2
    progress = result.progress.iloc[0]
    assert (progress["mandiri_plus_skenario"], progress["tercapai_skenario"]) == (4, True)
    # named as it happens: a Berkembang village becoming Berkelanjutan is not "one tier up"
    assert all(result.changes["alasan"].str.contains("paling dekat ke Mandiri plus; Berkembang → Berkelanjutan: "))
    assert all(result.changes["reason"].str.contains("closest to Mandiri plus; Berkembang → Berkelanjutan: "))


def test_move_up_to_an_unknown_tier_is_refused():
    with pytest.raises(ValueError, match="Sedang"):
        scenarios.move_up_closest(3, to="Sedang")


def test_needed_for_target_says_when_villages_cannot_reach_it():
    # Without PUS, CPR and unmet need score 1 whatever changes: Output cannot pass, so a Berkembang village has
    # no way up to Mandiri plus. 2 Mandiri of 10 cannot reach 40 %.
    rows = [worked(kode_desa="36.04.01.2001"), worked(kode_desa="36.04.01.2002")]
    rows += [berkembang(f"36.04.02.20{i:02d}", 25) | {"pus": None} for i in range(8)]
    classified = classification.classify(frame(*rows))
    assert classified["klasifikasi"].value_counts().to_dict() == {"Berkembang": 8, "Mandiri": 2}
    for villages in (True, False):
        result = scenarios.needed_for_target(classified, "36.04", 40, villages=villages, check=True)
        assert (result["needed"], result["enough"], result["liftable"]) == (2, False, 0)
    unchecked = scenarios.needed_for_target(classified, "36.04", 40, villages=False)
    assert (unchecked["enough"], unchecked["liftable"]) == (None, None)
    assert scenarios.needed_for_target(classified, "36.04", 20, villages=False)["enough"] is True  # met


def test_liftable_counts_the_villages_with_a_way_up():
    # the count without the list is the list's length: the same search, the changes not written out
    stuck = [berkembang(f"36.04.03.20{i:02d}", 25) | {"pus": None} for i in range(3)]
    classified = classification.classify(frame(*region().to_dict("records"), *stuck))
    below = classified[~scenarios.progress.mandiri_plus(classified)]
    options = lift.lift_options(below, min_tier="Mandiri")
    assert lift.liftable(below, min_tier="Mandiri") == int(np.isfinite(options["biaya"]).sum()) == 8
    assert lift.liftable(below) == int(np.isfinite(lift.lift_options(below)["biaya"]).sum())
    result = scenarios.needed_for_target(classified, "36.04", 40, villages=False, check=True)
    assert (result["needed"], result["liftable"], result["enough"]) == (4, 8, True)  # ⌈40 % of 13⌉ − 2


_CODES = ["", "36", "32", "36.04", "36.72", "36.04.01", "36.04.02", "36.04.01.2001", "36.0", "99.99"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["36.04.01.2001", "36.04.01.2002", "36.04.02.2001", "36.72.01.1001", "32.01.01.2001"]),
            st.sampled_from(schema.TIERS),
            st.sampled_from([2023, 2024, None]),
        ),
        max_size=12,
    ),
    st.lists(st.tuples(st.sampled_from(_CODES), st.sampled_from([2023, 2024, None])), max_size=5),
)
def test_progress_counts_each_targets_villages(villages, wanted):
    # a target counts the villages under its code (a provinsi, kab/kota or kecamatan: the codes that start with it;
    # "" all; else the desa itself) of its year; of any year when no village under the targets has one
    frame_ = pd.DataFrame(villages, columns=["kode_desa", "klasifikasi", "tahun"]).astype({"tahun": "Int64"})
    targets = pd.DataFrame(wanted, columns=["kode_wilayah", "tahun"]).assign(target_mandiri_plus_persen=40.0)
    result = scenarios.progress.progress(frame_, targets)
    kept = frame_.drop_duplicates(["kode_desa", "tahun"], keep="last")

    def under(code: str, village: str) -> bool:
        return code == "" or village == code or (len(code) in (2, 5, 8) and village.startswith(code + "."))

    inside = [any(under(code, v) for code, _ in wanted) for v in kept["kode_desa"]]
    snapshot = kept["tahun"][inside].isna().all()
    expected = []
    for code, year in wanted:
        chosen = [
            under(code, v) and (snapshot or (pd.isna(y) if year is None else not pd.isna(y) and y == year))
            for v, y in zip(kept["kode_desa"], kept["tahun"], strict=True)
        ]
        rows = kept[np.array(chosen, dtype=bool)]
        plus = int(rows["klasifikasi"].isin(schema.MANDIRI_PLUS).sum())
        expected.append((code, None if year is None else year, len(rows), plus))
    got = [
        (code, None if year is pd.NA else int(year), int(n), int(plus))
        for code, year, n, plus in result[["kode_wilayah", "tahun", "jumlah_kampung", "mandiri_plus"]].itertuples(
            index=False
        )
    ]
    assert sorted(got, key=str) == sorted(expected, key=str)
    assert result["kode_wilayah"].tolist() == sorted(result["kode_wilayah"].tolist())


def test_pick_names_the_change():
    result = run(scenarios.pick(["36.04.02.2007"]))
    change = result.changes.iloc[0]
    assert (change["dari"], change["naik"]) == ("Berkembang", True)
    # 25 BKL participants (50 families: 2 per point) are cheaper than 30 new contraceptive users (CPR 22 → 30 %)
    assert change["alasan"].startswith("dipilih untuk naik; Berkembang → Berkelanjutan: ")
    assert "partisipasi poktan 21 % → 31 % (tambah 25 peserta: BKL +25)" in change["alasan"]
    assert "add 25 participants" in change["reason"]


def test_set_values_and_targets():
    targets = pd.DataFrame({"kode_wilayah": ["36.04"], "tahun": [2023], "target_mandiri_plus_persen": [40]})
    result = run(scenarios.set_values("36.04.02", {"cpr_plus_points": 5}), targets=targets)
    before, after = result.baseline.set_index("kode_desa"), result.scenario.set_index("kode_desa")
    moved = after["pct_cpr"] - before["pct_cpr"]
    assert (moved.filter(like="36.04.02") >= 5).all() and (moved.filter(like="36.04.01") == 0).all()
    progress = result.progress.iloc[0]
    assert progress["tercapai_awal"] == False and progress["tercapai_skenario"] == True  # noqa: E712
    assert progress["mandiri_plus_skenario"] > progress["mandiri_plus_awal"]


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        ({"pokja_terlatih": False}, lambda r: r["skor_pokja"] == 3),
        ({"program_aktif+": "PIK-R"}, lambda r: r["n_program"] == 5),
        ({"program_aktif": "BKB"}, lambda r: r["n_program"] == 1 and r["n_sarana"] == 0),
        ({"peserta_bkb+": 30}, lambda r: r["pct_bkb"] == 50),
        ({"unmet_minus_points": 3}, lambda r: r["pct_unmet"] <= 5),
        ({"skor_mitra": 4}, lambda r: r["n_mitra"] >= 7),
        ({"mkjp_plus_points": 10}, lambda r: r["pct_mkjp"] >= 36 and r["peserta_kb"] == 230),
    ],
)
def test_set_values_changes(changes, check):
    result = run(scenarios.set_values(["36.04.01.2001"], changes))
    row = result.scenario.set_index("kode_desa").loc["36.04.01.2001"]
    assert check(row)
    assert "nilai diubah" in result.changes.iloc[0]["alasan"]


def test_unknown_change_is_refused():
    with pytest.raises(KeyError):
        run(scenarios.set_values("36", {"bogus": 1}))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.booleans(), st.sampled_from(["", "BKB", "BKB;BKR;BKL"])),
        min_size=1,
        max_size=8,
    )
)
def test_empty_operations_reproduce_the_baseline(specs):
    rows = [
        worked(kode_desa=f"36.04.0{i % 3}.{2001 + i}", kb_pil=cpr * 4, regulasi=sk, program_aktif=programs)
        for i, (cpr, sk, programs) in enumerate(specs)
    ]
    profil = frame(*rows)
    plain = scenarios.run(profil, profil["kode_desa"], "2023-06", [])
    pd.testing.assert_frame_equal(plain.baseline, plain.scenario)
    noop = scenarios.run(profil, profil["kode_desa"], "2023-06", [scenarios.set_values("36", {})])
    assert list(noop.scenario["klasifikasi"]) == list(noop.baseline["klasifikasi"])
    pd.testing.assert_frame_equal(noop.counts, plain.counts)
