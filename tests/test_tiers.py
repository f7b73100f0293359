"""The tier rule (tier-rule.md): worked example, every band edge, rounding, missing data, partner agencies from
kegiatan, as-of classification, transitions, the cheapest lift and the explanations. Fixtures built in code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import profile_frame as frame
from conftest import worked_profile as worked
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkb_dashboard.rules import classification, explanation, lift, profile_edits, schema, tier_rule

BOOLS = ("pokja_ada", "pokja_terlatih", "plkb_pendamping", "regulasi")
SETS = ("sumber_dana", "program_aktif", "penggunaan_data", "mekanisme_operasional", "instansi_mitra")
PARTNERS = [a for a in schema.AGENCIES if a not in schema.OWN_OFFICES]
HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def one(**changes: object) -> pd.Series:
    return classification.classify(frame(worked(**changes))).iloc[0]


# ---------------------------------------------------------------------------------------------- the rule


def test_worked_example():
    row = one()
    scores = [int(row[f"skor_{n}"]) for n in tier_rule.SCORE_NAMES]
    assert scores == [4, 3, 3, 2, 2, 3, 4, 3, 3, 4, 4, 3]
    assert (row["indeks_input"], row["indeks_proses"], row["indeks_output"]) == (2.80, 3.33, 3.50)
    assert (row["lulus_input"], row["lulus_proses"], row["lulus_output"]) == (False, True, True)
    assert row["klasifikasi"] == "Mandiri"
    assert [row[f"pct_{p}"] for p in tier_rule.POKTAN] == [25, 15, 40, 4, 20]
    assert (row["pct_poktan"], row["pct_cpr"], row["pct_mkjp"], row["pct_unmet"]) == (21, 58, 26, 8)
    assert (
        row["n_sumber_dana"],
        row["n_program"],
        row["n_sarana"],
        row["n_data"],
        row["n_mekanisme"],
        row["n_mitra"],
    ) == (3, 4, 1, 3, 5, 5)


def test_cpr_tie_goes_to_even():
    row = one(pus=200, kb_iud=0, kb_mow=0, kb_mop=0, kb_kondom=0, kb_implan=0, kb_suntik=101, kb_pil=0)
    assert row["pct_cpr"] == 50 and row["skor_cpr"] == 3
    row = one(pus=200, kb_iud=0, kb_mow=0, kb_mop=0, kb_kondom=0, kb_implan=0, kb_suntik=103, kb_pil=0)
    assert row["pct_cpr"] == 52 and row["skor_cpr"] == 4  # 51.5 → 52


def test_unmet_tie_goes_to_even():
    assert one(pus=200, tidak_kb_iat=17, tidak_kb_tial=0)["pct_unmet"] == 8  # 8.5 → 8
    assert one(pus=200, tidak_kb_iat=19, tidak_kb_tial=0)["pct_unmet"] == 10  # 9.5 → 10
    assert one(pus=200, tidak_kb_iat=19, tidak_kb_tial=0)["skor_unmet_need"] == 2


@pytest.mark.parametrize(
    ("total", "n", "expected"),
    [(14, 5, 2.80), (10, 3, 3.33), (11, 3, 3.67), (8, 3, 2.67), (9, 3, 3.00), (11, 4, 2.75), (15, 5, 3.00)],
)
def test_index_rounding(total, n, expected):
    assert tier_rule.index_value(np.array([total]), n)[0] == expected


@pytest.mark.parametrize(
    ("passes", "tier"),
    [
        ((False, False, False), "Dasar"),
        ((True, False, False), "Dasar"),
        ((False, False, True), "Dasar"),
        ((True, True, False), "Berkembang"),
        ((True, False, True), "Mandiri"),
        ((False, True, True), "Mandiri"),
        ((True, True, True), "Berkelanjutan"),
    ],
)
def test_tier_from_passes(passes, tier):
    index = tier_rule.tier_index(*(np.array([p]) for p in passes))[0]
    assert schema.TIERS[index] == tier


# ---------------------------------------------------------------------------------------------- band edges


def _names(vocabulary: str, n: int, skip: tuple[str, ...] = ()) -> str:
    return ";".join([v for v in schema.VOCABULARIES[vocabulary] if v not in skip][:n])


def _set_indicator(name: str, value: int) -> dict:
    """Profile changes that give indicator `name` the whole-number value `value`."""
    if name == "pokja":
        return {"pokja_ada": value >= 1, "pokja_terlatih": value >= 2, "pokja_anggota": 5 if value >= 3 else 0}
    if name == "sumber_dana":
        return {"sumber_dana": _names("sumber_dana", value)}
    if name == "program":
        return {"program_aktif": _names("program_aktif", value, tier_rule.FACILITIES)}
    if name == "sarana":
        return {"program_aktif": ";".join(tier_rule.FACILITIES[:value])}
    if name == "plkb_regulasi":
        return {"plkb_pendamping": value >= 1, "regulasi": value >= 2}
    if name == "penggunaan_data":
        return {"penggunaan_data": _names("penggunaan_data", value)}
    if name == "mekanisme":
        return {"mekanisme_operasional": _names("mekanisme_operasional", value)}
    if name == "mitra":
        return {"instansi_mitra": ";".join(PARTNERS[:value])}
    if name == "poktan":
        dens = dict(keluarga_balita=100, keluarga_remaja=100, keluarga_lansia=100, keluarga=100, remaja=100)
        return {**dens, **{f"peserta_{p}": value for p in tier_rule.POKTAN}}
    if name == "cpr":
        return dict(pus=100, kb_iud=0, kb_mow=0, kb_mop=0, kb_kondom=0, kb_implan=0, kb_suntik=value, kb_pil=0)
    if name == "mkjp":
        return dict(kb_iud=value, kb_mow=0, kb_mop=0, kb_kondom=0, kb_implan=0, kb_suntik=100 - value, kb_pil=0)
    return dict(pus=100, tidak_kb_iat=value, tidak_kb_tial=0)


# Written from tier-rule.md by hand (not from tier_rule.BANDS): (value, score) just below, at and above each edge.
EDGES = {
    "pokja": [(0, 1), (1, 2), (2, 3), (3, 4)],
    "sumber_dana": [(0, 1), (1, 2), (2, 3), (3, 3), (4, 3), (5, 4), (6, 4)],
    "program": [(0, 1), (1, 2), (2, 2), (3, 3), (4, 3), (5, 4), (6, 4), (8, 4)],
    "sarana": [(0, 1), (1, 2), (2, 3)],
    "plkb_regulasi": [(0, 1), (1, 2), (2, 3)],
    "penggunaan_data": [(0, 1), (1, 2), (2, 3), (3, 3), (4, 4), (5, 4)],
    "mekanisme": [(0, 1), (1, 2), (2, 2), (3, 3), (4, 3), (5, 4)],
    "mitra": [(0, 1), (1, 2), (3, 2), (4, 3), (5, 3), (6, 3), (7, 4), (8, 4)],
    "poktan": [(9, 1), (10, 2), (11, 2), (19, 2), (20, 2), (21, 3), (22, 3), (29, 3), (30, 3), (31, 4), (32, 4)],
    "cpr": [(0, 1), (29, 1), (30, 2), (31, 2), (39, 2), (40, 2), (41, 3), (42, 3), (49, 3), (50, 3), (51, 4), (52, 4)],
    "mkjp": [(0, 1), (19, 1), (20, 2), (21, 2), (22, 2), (23, 3), (24, 3), (25, 4), (26, 4)],
    "unmet_need": [(0, 4), (5, 4), (6, 4), (7, 3), (8, 3), (9, 3), (10, 2), (11, 2), (12, 2), (13, 1), (14, 1)],
}


@pytest.mark.parametrize(("name", "value", "score"), [(n, v, s) for n, pairs in EDGES.items() for v, s in pairs])
def test_band_edges(name, value, score):
    row = one(**_set_indicator(name, value))
    assert row[tier_rule.VALUE_COLUMNS[name]] == value
    assert row[f"skor_{name}"] == score


def test_rounded_before_comparison():
    # 29.5 % rounds to 30 (even) → score 2; 40.5 % rounds to 40 → still 2; 30.5 → 30 → 2.
    assert one(pus=200, kb_suntik=59, kb_iud=0, kb_mow=0, kb_kondom=0, kb_implan=0, kb_pil=0)["skor_cpr"] == 2
    assert one(pus=200, kb_suntik=81, kb_iud=0, kb_mow=0, kb_kondom=0, kb_implan=0, kb_pil=0)["skor_cpr"] == 2
    # unmet 12.5 % → 12 → score 2 (a naive "> 12.1" on the raw value would say 1)
    assert one(pus=200, tidak_kb_iat=25, tidak_kb_tial=0)["skor_unmet_need"] == 2


@pytest.mark.parametrize("pct", [0, 1, 20, 29, 30, 41, 50, 51, 99, 100])
@pytest.mark.parametrize("den", [1, 3, 7, 200, 333, 400, 1000])
def test_min_and_max_numerator_match_round(den, pct):
    low = int(tier_rule.min_numerator(np.array([float(den)]), pct)[0])
    assert round(100 * low / den) >= pct and (low == 0 or round(100 * (low - 1) / den) < pct)
    high = int(tier_rule.max_numerator(np.array([float(den)]), pct)[0])
    assert round(100 * high / den) <= pct and round(100 * (high + 1) / den) > pct


# ---------------------------------------------------------------------------------------------- zeros and missing


def test_zero_denominators():
    row = one(
        pus=0,
        kb_iud=0,
        kb_mow=0,
        kb_mop=0,
        kb_kondom=0,
        kb_implan=0,
        kb_suntik=0,
        kb_pil=0,
        keluarga_balita=0,
        keluarga_remaja=0,
        keluarga_lansia=0,
        keluarga=0,
        remaja=0,
    )
    assert row["pct_cpr"] == 0 and row["skor_cpr"] == 1
    assert row["pct_mkjp"] == 0 and row["skor_mkjp"] == 1
    assert row["pct_poktan"] == 0 and row["skor_poktan"] == 1
    assert row["pct_unmet"] == 0 and row["skor_unmet_need"] == 4  # "a zero denominator gives 0", and 0 ≤ 6


def test_missing_profile_scores_one_everywhere():
    row = classification.classify(classification.missing_profile_row("36.72.01.1005", "2024-05")).iloc[0]
    assert [row[f"skor_{n}"] for n in tier_rule.SCORE_NAMES] == [1] * 12
    assert row["klasifikasi"] == "Dasar" and not row["ada_profil"]


@pytest.mark.parametrize("missing", [{"pus": pd.NA}, {m: pd.NA for m in tier_rule.KB_METHODS}])
def test_missing_cpr_inputs_score_one(missing):
    row = one(**missing)
    assert pd.isna(row["pct_cpr"]) and row["skor_cpr"] == 1


def test_missing_methods_and_unmet_score_one():
    row = one(**{m: pd.NA for m in tier_rule.KB_METHODS}, tidak_kb_iat=pd.NA, tidak_kb_tial=pd.NA)
    assert (row["skor_mkjp"], row["skor_unmet_need"]) == (1, 1)
    assert one(kb_pil=pd.NA)["peserta_kb"] == 170  # one blank method among reported ones counts 0


def test_missing_booleans_and_sets_count_as_none():
    row = one(pokja_ada=pd.NA, plkb_pendamping=pd.NA, regulasi=pd.NA, sumber_dana=pd.NA, program_aktif="")
    assert (row["skor_pokja"], row["skor_plkb_regulasi"], row["skor_sumber_dana"], row["skor_program"]) == (1,) * 4


def test_set_counting_ignores_case_spaces_and_duplicates():
    row = one(
        program_aktif=" bkb ; BKR;pik r; sekretariat kkb ;BKB",
        sumber_dana="dana desa;APBD ;apbd",
        instansi_mitra="dinkes; Dinas Kesehatan ;BKKBN;dp3ap2kb; puskesmas",
    )
    assert (row["n_program"], row["n_sarana"], row["n_sumber_dana"], row["n_mitra"]) == (3, 1, 2, 2)


# ---------------------------------------------------------------------------------------------- partner agencies


def _kegiatan(*rows: tuple[str, str, str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "kode_desa": k,
                "periode": p,
                "jenis_kegiatan": "KIE",
                "jumlah": 1,
                "peserta": 10,
                "seksi": "Reproduksi",
                "instansi": i,
            }
            for k, p, i in rows
        ]
    )


def test_partner_agencies_from_kegiatan_up_to_the_period():
    kegiatan = _kegiatan(
        ("36.72.01.1005", "2023-01", "Dinkes;Puskesmas;Perwakilan BKKBN"),
        ("36.72.01.1005", "2023-05", "Dukcapil;OPD PPKB;dinkes"),
        ("36.72.01.1005", "2023-06", "PUPR"),
        ("36.72.01.1005", "2023-07", "BPS;Kemenag"),  # after the period
        ("36.72.01.1005", "2023-02", None),
        ("36.72.01.2001", "2023-01", "Dinsos"),
    )  # another village
    row = classification.classify(frame(worked(instansi_mitra=pd.NA)), kegiatan).iloc[0]
    assert row["n_mitra"] == 4 and row["skor_mitra"] == 3 and row["mitra_dari_kegiatan"]
    assert tier_rule.parse_set(row["instansi_mitra"]) == {"Dinkes", "Puskesmas", "Dukcapil", "PUPR"}


def test_as_of_a_month_partners_count_up_to_that_month_not_the_profiles():
    profile = frame(worked(instansi_mitra=pd.NA))  # the worked example's profile is dated 2023-06
    kegiatan = _kegiatan(
        ("36.72.01.1005", "2023-06", "Dinkes;Puskesmas;Dukcapil"),
        ("36.72.01.1005", "2023-09", "PUPR;BPS;Kemenag;Dinsos"),
    )
    july = classification.classify_kampung(["36.72.01.1005"], profile, "2023-07", kegiatan).iloc[0]
    october = classification.classify_kampung(["36.72.01.1005"], profile, "2023-10", kegiatan).iloc[0]
    assert (july["n_mitra"], july["skor_mitra"]) == (3, 2)
    assert (october["n_mitra"], october["skor_mitra"]) == (7, 4)


def test_partner_agencies_from_profile_win_over_kegiatan():
    kegiatan = _kegiatan(("36.72.01.1005", "2023-01", "BPS;Dinsos;Disdik;TP PKK"))
    row = classification.classify(frame(worked()), kegiatan).iloc[0]
    assert row["n_mitra"] == 5 and not row["mitra_dari_kegiatan"]


def test_reclassifying_is_stable():
    kegiatan = _kegiatan(("36.72.01.1005", "2023-01", "Dinkes;BPS"))
    first = classification.classify(frame(worked(instansi_mitra=pd.NA), worked(kode_desa="36.72.01.1006")), kegiatan)
    again = classification.classify(first)
    pd.testing.assert_frame_equal(first, again)


# ---------------------------------------------------------------------------------------------- as of a month


def test_latest_profile_on_or_before():
    profil = frame(
        worked(periode="2023-01", pus=100),
        worked(periode="2023-06", pus=200),
        worked(periode="2023-09", pus=300),
        worked(kode_desa="36.72.01.1006", periode="2023-08"),
    )
    codes = ["36.72.01.1005", "36.72.01.1006", "36.72.01.1007"]
    result = classification.classify_kampung(codes, profil, "2023-07")
    assert list(result["kode_desa"]) == codes
    assert list(result["ada_profil"]) == [True, False, False]
    assert result["pus"].iloc[0] == 200 and result["periode_profil"].iloc[0] == "2023-06"
    assert (result["periode"] == "2023-07").all()
    assert list(result["klasifikasi"]) == ["Mandiri", "Dasar", "Dasar"]
    assert result.iloc[1][[f"skor_{n}" for n in tier_rule.SCORE_NAMES]].tolist() == [1] * 12


def test_transitions_matrix_sums_to_villages():
    profil = frame(
        worked(periode="2023-01", plkb_pendamping=False, kb_suntik=10, kb_pil=0),  # Dasar
        worked(periode="2023-12"),  # → Mandiri
        worked(kode_desa="36.72.02.1001", periode="2023-01"),
        worked(kode_desa="36.04.01.2001", periode="2023-01", regulasi=True),
    )
    codes = ["36.72.01.1005", "36.72.02.1001", "36.04.01.2001", "36.04.01.2002"]
    matrix, moved = classification.transitions(codes, profil, "2023-06", "2023-12")
    assert matrix.to_numpy().sum() == len(codes)
    assert list(matrix.index) == list(schema.TIERS) and list(matrix.columns) == list(schema.TIERS)
    assert matrix.loc["Dasar", "Mandiri"] == 1 and matrix.loc["Mandiri", "Mandiri"] == 1
    assert moved.to_dict("records") == [{"kode_desa": "36.72.01.1005", "dari": "Dasar", "ke": "Mandiri"}]
    by_region, _ = classification.transitions(codes, profil, "2023-06", "2023-12", lambda c: c[:5])
    assert by_region.to_numpy().sum() == len(codes)
    assert by_region.loc[("36.04", "Berkelanjutan"), "Berkelanjutan"] == 1


def test_compare_reported():
    computed = classification.classify(frame(worked(), worked(kode_desa="36.72.01.1006")))
    reported = pd.DataFrame(
        {
            "kode_desa": ["36.72.01.1005", "36.72.01.1006", "36.72.01.9999"],
            "periode": ["2023-06"] * 3,
            "klasifikasi": ["mandiri", "Berkelanjutan", "Dasar"],
        }
    )
    rate, disagreements = classification.compare_reported(computed, reported)
    assert rate == 0.5
    assert disagreements.to_dict("records") == [
        {"kode_desa": "36.72.01.1006", "periode": "2023-06", "dilaporkan": "Berkelanjutan", "dihitung": "Mandiri"}
    ]


# ---------------------------------------------------------------------------------------------- the way up


def test_lift_options_cheapest_and_tie_broken_by_relative_size():
    classified = classification.classify(frame(worked()))
    option = lift.lift_options(classified).iloc[0]
    # Input 2.80 needs one step; a 5th program (+1 on 4 → 25 %) is smaller than a 2nd facility or the SK (100 %).
    assert (option["ke"], option["langkah"], option["perubahan"]) == ("Berkelanjutan", 1, "program+1")
    assert option["biaya"] == pytest.approx(1 + 0.25 / 1.25)


def test_lift_options_counts_users_needed():
    classified = classification.classify(frame(worked(kb_suntik=10, kb_pil=20)))  # CPR 25 %, Output 2.75 → Dasar
    option = lift.lift_options(classified).iloc[0]
    assert option["klasifikasi"] == "Dasar" and option["ke"] == "Mandiri"
    assert option["naik_cpr"] == 1 and option["jumlah_cpr"] == 18  # 118/400 = 29.5 → 30 (even)


def test_lift_options_skip_top_tier_and_missing_data():
    top = worked(regulasi=True)
    stuck = worked(
        kode_desa="36.72.01.1006",
        pus=pd.NA,
        **{m: pd.NA for m in tier_rule.KB_METHODS},
        instansi_mitra="",
        penggunaan_data="",
        mekanisme_operasional="",
        tidak_kb_iat=pd.NA,
        tidak_kb_tial=pd.NA,
        sumber_dana="",
        program_aktif="",
        pokja_ada=False,
    )
    options = lift.lift_options(classification.classify(frame(top, stuck)))
    assert list(options["kode_desa"]) == ["36.72.01.1006"]
    assert options["ke"].iloc[0] == "Berkembang"  # input and proses can still be raised


def test_lift_impossible_when_only_missing_data_helps():
    row = worked(
        **{m: pd.NA for m in tier_rule.KB_METHODS},
        pus=pd.NA,
        peserta_bkb=0,
        peserta_bkr=0,
        peserta_bkl=0,
        peserta_uppka=0,
        peserta_pikr=0,
        keluarga_balita=0,
        keluarga_remaja=0,
        keluarga_lansia=0,
        keluarga=0,
        remaja=0,
        regulasi=True,
    )  # Berkembang; Output can never pass
    options = lift.lift_options(classification.classify(frame(row)))
    assert options["ke"].iloc[0] is None and np.isinf(options["biaya"].iloc[0])
    assert "lengkapi" in explanation.explain(frame(row))["naik"]["ringkasan"]


def test_explanation_texts_in_both_languages_name_the_quantity():
    row = classification.classify(frame(worked(kb_suntik=10, kb_pil=20))).iloc[0]
    for lang, users in (("id", "peserta KB"), ("en", "contraceptive users")):
        text = explanation.explain(row, lang)
        assert set(text["skor"]) == set(tier_rule.SCORE_NAMES)
        assert text["indeks"]["output"]["teks"].startswith("Indeks Output 2,75" if lang == "id" else "Output")
        assert text["naik"]["ke"] == "Mandiri"
        sentence = text["naik"]["teks"][0]
        assert users in sentence and "18" in sentence
        assert ("25 % → 30 %" if lang == "id" else "25% → 30%") in sentence
        assert any("BKKBN" in note for note in text["catatan"])
    assert explanation.explain(row, "id")["naik"]["teks"][0] == (
        "Indeks Output 2,75: satu skor output naik satu tingkat cukup — CPR 25 % → 30 % (tambah 18 peserta KB)"
    )


@pytest.mark.parametrize(
    ("changes", "word"),
    [
        ({"pokja_terlatih": False, "pokja_anggota": 0, "plkb_pendamping": False}, "Pokja"),
        ({"program_aktif": "BKB", "plkb_pendamping": False}, "PLKB"),
        ({"instansi_mitra": "Dinkes", "penggunaan_data": "PK dan pemutakhiran"}, "instansi mitra"),
    ],
)
def test_explanations_name_actions(changes, word):
    text = explanation.explain(frame(worked(**changes)), "id")
    assert text["naik"] is not None
    assert any(word.lower() in s.lower() for s in text["naik"]["perubahan"] + [str(text["skor"])])


def test_every_message_has_both_languages():
    from kkb_dashboard.i18n import tiers as messages

    for key, entry in messages.MESSAGES.items():
        assert entry.get("id") and entry.get("en"), key


# ---------------------------------------------------------------------------------------------- properties

NAMES = {c: list(schema.VOCABULARIES[c]) for c in SETS if c != "instansi_mitra"}
COUNT = st.one_of(st.none(), st.integers(0, 400))


@st.composite
def profiles(draw: st.DrawFn, code: str = "36.72.01.1005") -> dict:
    row: dict = {"kode_desa": code, "periode": "2023-06"}
    for column in BOOLS:
        row[column] = draw(st.one_of(st.none(), st.booleans()))
    for column, names in NAMES.items():
        row[column] = ";".join(draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names))))
    row["instansi_mitra"] = ";".join(draw(st.lists(st.sampled_from(list(schema.AGENCIES)), unique=True, max_size=9)))
    for column in schema.PROFILE_COLUMNS:
        if column not in row:
            row[column] = draw(COUNT)
    return row


@HYPOTHESIS
@given(profiles(), st.sampled_from(tier_rule.SCORE_NAMES))
def test_raising_one_score_never_lowers_the_tier(row, name):
    before = classification.classify(frame(row))
    targets = before[[f"skor_{n}" for n in tier_rule.SCORE_NAMES]].to_numpy().copy()
    col = tier_rule.SCORE_NAMES.index(name)
    targets[0, col] = min(targets[0, col] + 1, tier_rule.MAX_SCORE[name])
    after = classification.classify(profile_edits.apply_score_targets(before, targets))
    assert after["tingkat"].iloc[0] >= before["tingkat"].iloc[0]
    for n in tier_rule.SCORE_NAMES:  # no other score falls
        assert after[f"skor_{n}"].iloc[0] >= before[f"skor_{n}"].iloc[0]
    assert after[f"skor_{name}"].iloc[0] >= targets[0, col] or not _movable(before.iloc[0], name)


def _movable(row: pd.Series, name: str) -> bool:
    """Whether counts can move this score: not when its data is missing or every denominator is 0."""
    if name == "poktan":
        return any(
            not pd.isna(row[d]) and row[d] > 0
            for d in ("keluarga_balita", "keluarga_remaja", "keluarga_lansia", "keluarga", "remaja")
        )
    if name in ("cpr", "unmet_need"):
        return not pd.isna(row[tier_rule.VALUE_COLUMNS[name]]) and row["pus"] > 0
    return name != "mkjp" or not pd.isna(row["pct_mkjp"])


RAISES = [
    ("peserta_bkb", 1),
    ("peserta_bkl", 7),
    ("peserta_pikr", 3),
    ("kb_iud", 1),
    ("kb_implan", 5),
    ("tidak_kb_iat", -1),
    ("tidak_kb_tial", -4),
    ("pokja_anggota", 1),
]


@HYPOTHESIS
@given(profiles(), st.sampled_from(RAISES), st.sampled_from(BOOLS), st.sampled_from(sorted(NAMES)))
def test_raising_an_underlying_input_never_lowers_the_tier(row, count_change, flag, set_column):
    base = classification.classify(frame(row))["tingkat"].iloc[0]
    column, delta = count_change
    changed = dict(row)
    changed[column] = max(0, (row[column] or 0) + delta) if row[column] is not None or delta > 0 else None
    assert classification.classify(frame(changed))["tingkat"].iloc[0] >= base
    assert classification.classify(frame({**row, flag: True}))["tingkat"].iloc[0] >= base
    extra = ";".join([row[set_column], *NAMES[set_column]])
    assert classification.classify(frame({**row, set_column: extra}))["tingkat"].iloc[0] >= base


@HYPOTHESIS
@given(st.lists(profiles(), min_size=1, max_size=6))
def test_lift_reaches_the_tier_it_promises(rows):
    rows = [{**r, "kode_desa": f"36.72.01.{1001 + i}"} for i, r in enumerate(rows)]
    classified = classification.classify(frame(*rows))
    options = lift.lift_options(classified)
    options = options[np.isfinite(options["biaya"])]
    if options.empty:
        return
    before = classified.set_index("kode_desa").loc[options["kode_desa"]].reset_index()
    targets = (
        before[[f"skor_{n}" for n in tier_rule.SCORE_NAMES]].to_numpy()
        + options[[f"naik_{n}" for n in tier_rule.SCORE_NAMES]].to_numpy()
    )
    after = classification.classify(profile_edits.apply_score_targets(before, targets))
    assert (after["tingkat"].to_numpy() >= before["tingkat"].to_numpy() + 1).all()
    reached = [schema.TIERS.index(k) for k in options["ke"]]
    assert (after["tingkat"].to_numpy() >= reached).all()
    assert (options["langkah"].to_numpy() == options[[f"naik_{n}" for n in tier_rule.SCORE_NAMES]].sum(axis=1)).all()
