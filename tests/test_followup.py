"""Follow-up and "sejak rapat lalu": tier moves, silence, progress and new Kampung KB since a meeting, checked against
figures computed straight from the demo CSV files (pandas and `classification.classify_kampung`, not the store's SQL or
rollups); the follow-up lists against the Klasifikasi explanation card; the chat text and the `rapat` link value on
small inputs built in code."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from test_tierviews import csv_tiers

from kkb_dashboard import config
from kkb_dashboard.rules import explanation, schema
from kkb_dashboard.rules.filters import Filters, meeting_from_query
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import followup, tables

DEMO = config.demo_dir()
SERANG = Filters("36.04", "2024-01", "2024-12")
CILEGON = Filters("36.72", "2024-01", "2024-12")


@pytest.fixture(scope="module")
def demo(built_demo):
    """A read-only store on the demo database (a DuckDB file, or a PostgreSQL database in the _postgres run)."""
    with Store(built_demo, read_only=True) as store:
        yield store


# ---------------------------------------------------------------------------------------------- independent figures


def _month_end(month: str) -> pd.Timestamp:
    return pd.Timestamp(month + "-01") + pd.offsets.MonthEnd(0)


def _formed_by(prefix: str, month: str) -> set[str]:
    """kampung.csv: formed by the end of `month` (a year alone counts from its January; no date: always)."""
    kampung = pd.read_csv(DEMO / "kampung.csv", dtype=str, keep_default_na=False)
    inside = kampung[kampung["kode_desa"].str.startswith(prefix + ".")]
    date = inside["tanggal_pencanangan"]
    start = pd.to_datetime(date.where(date.str.len() != 4, date + "-01-01").replace({"": None}), format="mixed")
    return set(inside.loc[start.isna() | (start <= _month_end(month)), "kode_desa"])


def _silent(prefix: str, month: str) -> set[str]:
    """kegiatan.csv: Kampung KB formed by `month` with no report in the 3 months up to it (a row without a date
    counts on its month's last day)."""
    rows = pd.read_csv(DEMO / "kegiatan.csv", dtype=str, keep_default_na=False)
    rows = rows[rows["kode_desa"].str.startswith(prefix + ".") & (rows["periode"] <= month)]
    when = pd.to_datetime(rows["tanggal"].replace({"": None})).fillna(
        pd.to_datetime(rows["periode"] + "-01") + pd.offsets.MonthEnd(0)
    )
    last = when.groupby(rows["kode_desa"]).max()
    window = pd.Timestamp(month + "-01") - pd.DateOffset(months=2)
    return {code for code in _formed_by(prefix, month) if code not in last or last[code] < window}


# ---------------------------------------------------------------------------------------------- since the meeting


@pytest.mark.parametrize(("f", "rapat"), [(SERANG, "2024-06"), (CILEGON, "2023-12"), (SERANG, "2023-03")])
def test_tier_moves_since_the_meeting(demo, f, rapat):
    then = csv_tiers(f.wilayah, rapat).set_index("kode_desa")["klasifikasi"]
    now = csv_tiers(f.wilayah, f.sampai, formed_by=rapat).set_index("kode_desa")["klasifikasi"]
    moved = now[now != then.reindex(now.index)]
    result = followup.since_meeting(demo, f, rapat)
    got = result["moves"].set_index("kode_desa")
    assert got["dari"].to_dict() == then[moved.index].to_dict()
    assert got["ke"].to_dict() == moved.to_dict()
    up = sum(schema.TIERS.index(moved[c]) > schema.TIERS.index(then[c]) for c in moved.index)
    assert (result["moved_up"], result["moved_down"]) == (up, len(moved) - up)
    assert set(got["arah"]) <= {"naik", "turun"} and (got["arah"] == "naik").sum() == up
    assert got["nama_desa"].notna().all() and len(moved) > 0


@pytest.mark.parametrize(("f", "rapat"), [(SERANG, "2024-06"), (SERANG, "2023-09"), (CILEGON, "2023-12")])
def test_silence_since_the_meeting(demo, f, rapat):
    then, now = _silent(f.wilayah, rapat), _silent(f.wilayah, f.sampai)
    result = followup.since_meeting(demo, f, rapat)
    assert set(result["newly_silent"]["kode_desa"]) == now - then
    assert set(result["reporting_again"]["kode_desa"]) == then - now
    assert list(result["newly_silent"].columns) == followup.SILENCE_CHANGE_COLUMNS
    # reporting again: the date shown is a report after the meeting's 3-month window
    for last in result["reporting_again"]["laporan_terakhir"]:
        assert pd.Timestamp(last) >= pd.Timestamp(f.sampai + "-01") - pd.DateOffset(months=2)


def test_the_demo_has_changes_of_every_kind(demo):
    # the cases the checks above compare, so none of them passes on two empty sets
    assert len(_silent("36.04", "2024-12") - _silent("36.04", "2024-06")) == 16  # newly silent
    assert len(_silent("36.04", "2023-09") - _silent("36.04", "2024-12")) == 3  # reporting again
    assert len(_formed_by("36.72", "2024-12") - _formed_by("36.72", "2023-12")) == 10  # new Kampung KB


def test_new_kampung_since_the_meeting(demo):
    # Kota Cilegon: 13 Kampung KB in 2023, 23 by 2024 (the published figures)
    result = followup.since_meeting(demo, CILEGON, "2023-12")
    expected = _formed_by("36.72", "2024-12") - _formed_by("36.72", "2023-12")
    assert len(expected) == 10 and set(result["new_kampung"]["kode_desa"]) == expected
    tiers_now = csv_tiers("36.72", "2024-12").set_index("kode_desa")["klasifikasi"]
    assert result["new_kampung"].set_index("kode_desa")["klasifikasi"].to_dict() == tiers_now[list(expected)].to_dict()
    assert (result["then"]["jumlah_kampung"], result["now"]["jumlah_kampung"]) == (13, 23)


def test_progress_toward_the_target(demo):
    result = followup.since_meeting(demo, SERANG, "2024-06")
    for side, month in (("then", "2024-06"), ("now", "2024-12")):
        tier = csv_tiers("36.04", month)["klasifikasi"]
        plus = int(tier.isin(schema.MANDIRI_PLUS).sum())
        assert (result[side]["mandiri_plus"], result[side]["jumlah_kampung"]) == (plus, len(tier))
        assert result[side]["mandiri_plus_persen"] == pytest.approx(100 * plus / len(tier))
    assert result["now"]["target_persen"] == 40.0  # target.csv: Kabupaten Serang 2024
    texts = followup.progress_texts(result, "Kabupaten Serang", "id")
    now = result["now"]
    short = -(-40 * now["jumlah_kampung"] // 100) - now["mandiri_plus"]  # ⌈40 % of the Kampung KB⌉ − Mandiri plus
    assert texts[0].startswith("Mandiri plus 20,09 % (47 dari 234) pada Juni 2024 → ")
    assert f"kurang {short} desa Mandiri plus" in texts[1]
    cards = followup.cards(result, "en")
    assert [c["label"] for c in cards] == ["Mandiri plus", "Tier up / down", "Newly silent", "New Kampung KB"]
    assert cards[0]["delta"] == "+5.13 points" and "since June 2024" in cards[0]["help"]  # 20.09 % → 25.21 %
    assert cards[1]["value"] == f"{result['moved_up']} / {result['moved_down']}"


# ---------------------------------------------------------------------------------------------- follow-up lists


def test_silent_list_per_kecamatan(demo):
    listed = followup.silent_list(demo, SERANG)
    assert set(listed["kode_desa"]) == _silent("36.04", "2024-12")
    assert (listed["kode_kecamatan"] == listed["kode_desa"].str.slice(0, 8)).all()
    assert listed["kode_kecamatan"].is_monotonic_increasing  # grouped by kecamatan


def test_closest_list_gives_the_change_of_the_explanation_card(demo):
    listed = followup.closest_list(demo, SERANG, "id")
    classified = csv_tiers("36.04", "2024-12").set_index("kode_desa")
    assert listed.groupby("kode_kecamatan").size().max() == followup.CLOSEST_PER_KECAMATAN
    below = classified[classified["tingkat"] < 3]
    assert set(listed["kode_kecamatan"]) == set(below.index.str.slice(0, 8))  # every kecamatan with one below the top
    for kecamatan in ("36.04.05", "36.04.09"):  # the card of every village of two kecamatan, computed one by one
        cards = {
            code: explanation.explain(classified.loc[[code]].reset_index(), "id")["naik"]
            for code in below.index[below.index.str.startswith(kecamatan + ".")]
        }
        mine = listed[listed["kode_kecamatan"] == kecamatan]
        closest = sorted(cards, key=lambda code: (cards[code]["biaya"], code))[: followup.CLOSEST_PER_KECAMATAN]
        assert list(mine["kode_desa"]) == closest
        for row in mine.itertuples():
            card = cards[row.kode_desa]
            assert (row.dari, row.ke, row.langkah) == (
                classified.loc[row.kode_desa, "klasifikasi"],
                card["ke"],
                card["langkah"],
            )
            assert row.perubahan == "; ".join(card["perubahan"])


def test_closest_list_in_english(demo):
    listed = followup.closest_list(demo, Filters("36.04.05", "2024-01", "2024-12"), "en")
    assert len(listed) == followup.CLOSEST_PER_KECAMATAN
    classified = csv_tiers("36.04", "2024-12").set_index("kode_desa")
    for row in listed.itertuples():
        card = explanation.explain(classified.loc[[row.kode_desa]].reset_index(), "en")["naik"]
        assert row.perubahan == "; ".join(card["perubahan"])
    assert not listed["perubahan"].str.contains("tambah|peserta|beralih").any()


@pytest.mark.parametrize(
    ("lang", "title", "heading", "never", "last", "closest"),
    [
        ("id", "*Tindak lanjut Kampung KB — Kota Cilegon, Desember 2024*", "*Kecamatan Cibeber*",
         "belum pernah melapor", "laporan terakhir 30 September 2024", "Paling dekat naik tingkat:"),
        ("en", "*Kampung KB follow-up — Kota Cilegon, December 2024*", "*Cibeber District*",
         "never reported", "last report 30 September 2024", "Closest to the next tier:"),
    ],
)  # fmt: skip
def test_chat_text(lang, title, heading, never, last, closest):
    silent = pd.DataFrame(
        {
            "kode_kecamatan": ["36.72.01", "36.72.01"],
            "kode_desa": ["36.72.01.1003", "36.72.01.1004"],
            "nama_desa": ["Kalitimbang", "Karangasem"],
            "nama_kampung": [None, "<b>KKB *Teratai*</b>"],
            "laporan_terakhir": [None, pd.Timestamp("2024-09-30").date()],
        }
    )
    near = pd.DataFrame(
        {
            "kode_kecamatan": ["36.72.02"],
            "kode_desa": ["36.72.02.1001"],
            "nama_desa": ["Bagendung"],
            "nama_kampung": ["KKB Raudhatunnisa"],
            "dari": ["Dasar"],
            "ke": ["Mandiri"],
            "perubahan": ["CPR 47 % → 51 % (tambah 9 peserta KB)"],
        }
    )
    text = followup.chat_text("Kota Cilegon", "2024-12", silent, near, lang, since="Sejak rapat Juni 2024: …")
    lines = text.splitlines()
    assert lines[0] == title and lines[1] == "Sejak rapat Juni 2024: …"
    assert lines[3] == heading and lines[4].endswith("(2):")
    assert lines[5] == f"- Kalitimbang: {never}"
    assert lines[6] == f"- Karangasem (<b>KKB *Teratai*</b>): {last}"  # a name stays as typed, plain text
    assert lines[8] == heading.replace("Cibeber", "Cilegon") and lines[9] == closest
    assert lines[10] == "- Bagendung (KKB Raudhatunnisa), Dasar → Mandiri: CPR 47 % → 51 % (tambah 9 peserta KB)"
    assert text.endswith("\n") and len(lines) == 11


def test_chat_text_with_nothing_to_follow_up():
    empty = pd.DataFrame(columns=["kode_kecamatan", "kode_desa", "nama_desa", "nama_kampung", "laporan_terakhir"])
    text = followup.chat_text("Kota Cilegon", "2024-12", empty, empty, "id")
    assert text.splitlines()[-1] == "Tidak ada Kampung KB yang perlu ditindaklanjuti."


def test_shown_reads_like_the_cards_and_keeps_dates_sortable():
    frame = pd.DataFrame(
        {
            "kode_kecamatan": ["36.72.01", "36.72.01"],
            "kode_desa": ["36.72.01.1003", "36.72.01.1004"],
            "nama_desa": ["Kalitimbang", "Bulakan"],
            "nama_kampung": [None, "KKB Tulip"],
            "laporan_terakhir": [dt.date(2024, 5, 27), dt.date(2024, 10, 3)],
            "arah": ["turun", "naik"],
        }
    )
    out = followup.shown(frame, "id")
    assert list(out.columns) == ["Desa/Kelurahan", "Nama Kampung KB", "Laporan terakhir", "Arah", "Kode desa"]
    assert list(out["Arah"]) == ["turun", "naik"] and list(followup.shown(frame, "en")["Direction"]) == ["down", "up"]
    # dates stay dates: "3 Okt 2024" sorts after "27 Mei 2024", not before it as text would
    assert list(out["Laporan terakhir"]) == [dt.date(2024, 5, 27), dt.date(2024, 10, 3)]
    shown = _styled_text(tables.styled(out, "id"))
    assert list(shown["Laporan terakhir"]) == ["27 Mei 2024", "3 Okt 2024"] and shown["Nama Kampung KB"][0] == "–"
    assert list(_styled_text(tables.styled(followup.shown(frame, "en"), "en"))["Last report"]) == [
        "27 May 2024",
        "3 Oct 2024",
    ]
    # a year alone ("2024": only the year is known) is no date: the column is written out as text
    formed = pd.DataFrame({"kode_desa": ["a", "b"], "tanggal_pencanangan": [2024, dt.date(2023, 8, 1)]})
    assert list(followup.shown(formed, "id")["Tanggal pencanangan"]) == ["2024", "1 Agu 2023"]


def _styled_text(styler) -> pd.DataFrame:
    """What a styled table shows: the display text of every cell."""
    rows = [
        [c["display_value"] for c in row if c.get("type") == "td"] for row in styler._translate(False, False)["body"]
    ]
    return pd.DataFrame(rows, columns=list(styler.data.columns))


@pytest.mark.parametrize(
    ("longest", "height"),
    [(0, None), (63, None), (64, 65), (126, 65), (127, 79), (190, 79), (191, 100), (600, 100)],
)
def test_a_change_row_is_tall_enough_to_read_the_longest_change(longest, height):
    # 460 px less padding at 7 px a character: 63 characters a line; 2 lines are below Streamlit's 4rem, where
    # it starts wrapping, so 65 px; at most 4 lines
    assert followup.change_row_height(pd.Series(["x" * longest, "short"])) == height


# ---------------------------------------------------------------------------------------------- the meeting month

MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]


@pytest.mark.parametrize(
    ("value", "expected", "notices"),
    [
        ("2024-06", "2024-06", []),
        ("", None, []),
        ("2024-13", None, [("rapat", "2024-13")]),
        ("2024-12", None, [("rapat", "2024-12")]),  # not before the view's last month
        ("2019-01", None, [("rapat", "2019-01")]),  # no data then
        ("juni", None, [("rapat", "juni")]),
    ],
)
def test_meeting_from_the_link(value, expected, notices):
    choices = followup.meeting_choices(MONTHS, "2024-12")
    assert meeting_from_query(value, choices) == (expected, notices)


def test_meeting_choices_and_default():
    assert followup.meeting_choices(MONTHS, "2024-04") == ["2024-03", "2024-02", "2024-01"]
    assert followup.default_meeting(MONTHS, "2024-12") == "2024-09"
    assert followup.default_meeting(MONTHS, "2024-02") == "2024-01"  # the data starts later than 3 months back
    assert followup.default_meeting(MONTHS, "2024-01") is None


def test_since_text(demo):
    result = followup.since_meeting(demo, SERANG, "2024-06")
    assert list(result) == [  # English keys, as the CLI's JSON has (the tables keep the store's column names)
        "meeting",
        "month",
        "moves",
        "moved_up",
        "moved_down",
        "newly_silent",
        "reporting_again",
        "new_kampung",
        "then",
        "now",
    ]
    up, silent = result["moved_up"], len(result["newly_silent"])
    assert followup.since_text(result, "id") == (
        f"Sejak rapat Juni 2024: {up} naik tingkat, 0 turun; {silent} baru tidak melapor, 0 kembali melapor; "
        "Mandiri plus 20,09 % → 25,21 % (target 40 %); 0 Kampung KB baru."
    )
    empty = {
        "meeting": "2024-06",
        "moved_up": 0,
        "moved_down": 0,
        "newly_silent": [],
        "reporting_again": [],
        "new_kampung": [],
        "then": {"mandiri_plus_persen": None},
        "now": {"mandiri_plus_persen": None, "target_persen": None},
    }
    assert followup.since_text(empty, "en") == (
        "Since the June 2024 meeting: 0 up a tier, 0 down; 0 newly silent, 0 reporting again; "
        "Mandiri plus – → – (no target set); 0 new Kampung KB."
    )
