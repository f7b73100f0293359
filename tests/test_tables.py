"""Tables in the user's language: headers, numbers, dates, months, "–" for empty cells, first columns first —
while the values underneath stay numbers, so a column sorts as numbers; and on the pages, in both languages."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from kkb_dashboard.views import tables

REPO = Path(__file__).resolve().parents[1]


def _shown(styler) -> pd.DataFrame:
    """What the table shows: the Styler's display text of every cell."""
    translated = styler._translate(False, False)
    rows = [[cell["display_value"] for cell in row if cell.get("type") == "td"] for row in translated["body"]]
    return pd.DataFrame(rows, columns=list(styler.data.columns))


FRAME = pd.DataFrame(
    {
        "kode_desa": ["36.72.01.1003", "36.72.01.1004", "36.72.02.1001"],
        "nama_kampung": ["KKB Cibeber", None, "KKB Kalitimbang"],
        "jumlah_kampung": [1161, 999, 5],
        "mandiri_plus_persen": [24.28, 71.78, 5.1],
        "target_mandiri_plus": pd.array([12, None, 3], dtype="Int64"),
        "laporan_terakhir": [dt.date(2024, 9, 30), None, dt.date(2024, 5, 27)],
        "periode": ["2024-06", "2024-01", "2023-12"],
        "status": ["ok", "rejected", "ok"],
        "fungsi_keluarga": [True, False, True],
    }
)


@pytest.mark.parametrize(
    ("lang", "headers", "row0", "row1"),
    [
        (
            "id",
            ["Kode desa", "Nama Kampung KB", "Kampung KB", "% Mandiri plus", "Target Mandiri plus (Kampung KB)"],
            ["36.72.01.1003", "KKB Cibeber", "1.161", "24,28 %", "12", "30 Sep 2024", "Juni 2024", "diterima", "ya"],
            ["36.72.01.1004", "–", "999", "71,78 %", "–", "–", "Januari 2024", "ditolak", "tidak"],
        ),
        (
            "en",
            ["Village code", "Kampung KB name", "Kampung KB", "% Mandiri plus", "Mandiri-plus target (Kampung KB)"],
            ["36.72.01.1003", "KKB Cibeber", "1,161", "24.28%", "12", "30 Sep 2024", "June 2024", "accepted", "yes"],
            ["36.72.01.1004", "–", "999", "71.78%", "–", "–", "January 2024", "rejected", "no"],
        ),
    ],
)
def test_cells_read_like_the_cards_in_each_language(lang, headers, row0, row1):
    styler = tables.styled(FRAME, lang)
    shown = _shown(styler)
    assert list(shown.columns[:5]) == headers
    assert not any("_" in str(c) for c in shown.columns)  # no snake_case header
    assert list(shown.iloc[0]) == row0 and list(shown.iloc[1]) == row1
    assert "None" not in shown.to_string() and "nan" not in shown.to_string().lower()


def test_values_underneath_stay_numbers_so_sorting_is_numeric():
    data = tables.styled(FRAME, "id").data
    counts = data["Kampung KB"]
    assert pd.api.types.is_numeric_dtype(counts.dtype)
    assert list(counts.sort_values()) == [5, 999, 1161]  # not "1.161" < "5" < "999" as text
    target = data["Target Mandiri plus (Kampung KB)"]
    assert pd.api.types.is_float_dtype(target.dtype) and math.isinf(target.iloc[1])  # empty: sorts first, shows –
    assert sorted(data["Bulan"]) == ["2023-12", "2024-01", "2024-06"]  # months sort by date, not by name
    assert data["Laporan terakhir"].notna().all()  # an empty date is the earliest date (Streamlit shows None)


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("UTC", "UTC"), ("Asia/Jakarta", "UTC+7"), ("Asia/Kolkata", "UTC+5:30"), ("America/Sao_Paulo", "UTC-3")],
)
def test_a_server_time_header_names_the_servers_zone(monkeypatch, zone, shown):
    # issue 14 review: "4 Dec 2026 02:13" did not say its zone; the log stores the server's naive local time
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert tables.label("waktu", "id") == f"Waktu ({shown})"
        assert tables.label("waktu", "en") == f"Time ({shown})"
        assert tables.label("rows_read", "en") == "Rows read"  # other headers unchanged
    finally:
        monkeypatch.undo()
        time.tzset()


def test_dates_with_a_time_and_the_import_log_order():
    log = pd.DataFrame(
        {
            "import_id": [2],
            "waktu": pd.to_datetime(["2024-09-30 14:05:00"]),
            "file": ["kegiatan_mei.csv"],
            "kind": ["kegiatan"],
            "sha256": ["ab" * 32],
            "rows_read": [6500],
            "rows_imported": [6498],
            "rows_rejected": [2],
        }
    )
    log = pd.concat([log, log.assign(waktu=pd.NaT, import_id=1)], ignore_index=True)
    shown = _shown(tables.styled(log, "id", first=tables.IMPORT_LOG_ORDER))
    assert list(shown.columns[:5]) == [
        "Berkas",
        f"Waktu ({tables.server_zone()})",
        "Baris dibaca",
        "Baris diimpor",
        "Baris ditolak",
    ]
    assert list(shown.iloc[0][:5]) == ["kegiatan_mei.csv", "30 Sep 2024 14:05", "6.500", "6.498", "2"]
    assert shown.iloc[1, 1] == "–"


def test_months_as_headers_and_lainnya_in_english():
    grid = pd.DataFrame({"seksi": ["Lainnya"], "2024-06": [3], "2024-07": [4]})
    shown = _shown(tables.styled(grid, "en"))
    assert list(shown.columns) == ["Family function (seksi)", "Jun 2024", "Jul 2024"]
    assert shown.iloc[0, 0] == "Other"
    months = _shown(tables.styled(pd.DataFrame({"periode": ["2024-06", None]}), "en"))
    assert list(months.iloc[:, 0]) == ["June 2024", "–"]  # not "None"


def test_export_keeps_values_and_translates_headers():
    out = tables.for_export(FRAME, "en")
    assert list(out.columns[:3]) == ["Village code", "Kampung KB name", "Kampung KB"]
    assert list(out["Kampung KB"]) == [1161, 999, 5] and list(out["Status"]) == ["accepted", "rejected", "accepted"]


def test_a_users_own_file_keeps_its_words():
    shown = _shown(tables.styled(pd.DataFrame({"keterangan": ["ok", None]}), "en", words=False))
    assert list(shown.iloc[:, 0]) == ["ok", "–"]


# --- on the pages -----------------------------------------------------------------------------------------


def _display(element) -> pd.DataFrame:
    """The text a page's st.dataframe shows: the Styler's display values as sent to the browser."""
    raw = element.proto.arrow_data.styler.display_values
    return pa.ipc.open_stream(io.BytesIO(raw)).read_pandas() if raw else element.value


def _run(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("lang", "first", "number"),
    [
        ("id", ["Berkas", "Waktu (UTC)", "Baris dibaca"], r"^\d+$|^\d{1,3}(\.\d{3})+$"),
        ("en", ["File", "Time (UTC)", "Rows read"], r"^\d+$|^\d{1,3}(,\d{3})+$"),
    ],
)
def test_import_log_starts_with_what_a_user_reads_first(demo_db, lang, first, number, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")  # the log's times are the server clock's: the header names its zone
    time.tzset()
    at = _run("data", lang=lang)
    log = next(d for d in at.dataframe if first[0] in d.value.columns and first[1] in d.value.columns)
    shown = _display(log)
    assert list(shown.columns[:3]) == first
    assert all(re.match(number, str(v)) for v in shown[first[2]])
    assert re.match(r"^\d{1,2} \w{3} \d{4} \d{2}:\d{2}$", shown[first[1]].iloc[0])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_silent_kampung_table_speaks_the_language(demo_db, lang):
    at = _run("kegiatan", lang=lang, wilayah="36.04", dari="2024-01", sampai="2024-12")
    silent = _display(at.dataframe[-1])
    headers = {"id": ["Kode desa", "Desa/kelurahan", "Kecamatan"], "en": ["Village code", "Village", "District"]}
    assert list(silent.columns[:3]) == headers[lang]
    assert not any("_" in c for c in silent.columns)
    last = {"id": "Laporan terakhir", "en": "Last report"}[lang]
    assert all(re.match(r"^(\d{1,2} \w{3} \d{4}|–)$", v) for v in silent[last])
    assert "None" not in silent.to_string()


def _large_table(lang: str, rows: int = 3000) -> None:
    import pandas as pd
    import streamlit as st

    from kkb_dashboard import ui
    from kkb_dashboard.ui import shared_view

    st.session_state.setdefault("_view", {**shared_view._VIEW_DEFAULTS, "lang": lang})
    ui.table(
        pd.DataFrame(
            {
                "kode_desa": [f"36.04.05.{2000 + i}" for i in range(rows)],
                "nama_kampung": [None if i % 7 == 0 else f"KKB {i}" for i in range(rows)],
                **{f"skor_{n}": [(i * 7) % 10_000 + n for i in range(rows)] for n in range(6)},
                "kantor_sendiri": [i % 2 == 0 for i in range(rows)],
            }
        ),
        key="large",
    )


def _frame_table(lang: str, frame) -> None:
    import streamlit as st

    from kkb_dashboard import ui
    from kkb_dashboard.ui import shared_view

    st.session_state.setdefault("_view", {**shared_view._VIEW_DEFAULTS, "lang": lang})
    ui.table(frame)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_page_sends_every_cell_as_the_styled_table_shows_it(lang):
    # `ui.table` sends only the cells whose text differs from the value's own ("5" stays "5"): the browser must
    # still show every cell as `tables.styled` writes it — counts, percents, empty cells, dates, months, words
    at = AppTest.from_function(_frame_table, args=(lang, FRAME), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    sent = at.dataframe[0].proto.arrow_data.styler.display_values
    shown = pa.ipc.open_stream(io.BytesIO(sent)).read_pandas()
    expected = _shown(tables.styled(FRAME, lang))
    assert list(shown.columns) == list(expected.columns)
    assert shown.astype(str).values.tolist() == expected.astype(str).values.tolist()
    assert pd.api.types.is_numeric_dtype(at.dataframe[0].value[expected.columns[2]].dtype)  # values stay numbers


def _caption(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


@pytest.mark.parametrize(
    ("lang", "sep", "rows", "sort", "descending"),
    [
        ("id", ".", "Baris 1–555 dari 3.000", "Skor 0", "Terbalik (terbesar, Z–A dulu)"),
        ("en", ",", "Rows 1–555 of 3,000", "Skor 0", "Reversed (largest, Z–A first)"),
    ],
)
def test_a_table_too_large_to_style_at_once_is_styled_a_page_at_a_time(lang, sep, rows, sort, descending):
    at = AppTest.from_function(_large_table, args=(lang,), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    size = tables.STYLED_CELLS // 9  # nine columns
    shown = _display(at.dataframe[0])
    assert len(shown) == size and shown.size <= tables.STYLED_CELLS
    headers = {"id": ["Kode desa", "Nama Kampung KB"], "en": ["Village code", "Kampung KB name"]}[lang]
    assert list(shown.columns[:2]) == headers
    assert "None" not in shown.to_string()
    assert rows in _caption(at)
    score = next(c for c in shown.columns if c.endswith(" 0"))
    assert score == sort
    # sort the whole table on a score, largest first: the page starts with the largest value of all 3,000 rows,
    # written the language's way (9.999 / 9,999) and sorted as a number (9.999 before 999)
    at.selectbox(key="large_sort").set_value("skor_0").run()
    assert at.toggle(key="large_desc").label == descending
    at.toggle(key="large_desc").set_value(True).run()
    assert not at.exception, at.exception
    shown = _display(at.dataframe[0])
    assert shown[score].iloc[0] == f"9{sep}999" and at.dataframe[0].value[score].iloc[0] == 9999
    values = at.dataframe[0].value[score].tolist()
    assert values == sorted(values, reverse=True)
    assert pd.api.types.is_numeric_dtype(at.dataframe[0].value[score].dtype)  # the browser sorts numbers too
    # the last page holds the rest, smallest last
    last = -(-3000 // size)
    at.number_input(key="large_page").set_value(last).run()
    last_page = at.dataframe[0].value[score].tolist()
    assert len(last_page) == 3000 - (last - 1) * size and last_page[-1] == 0 and max(last_page) <= values[-1]


@pytest.mark.parametrize(
    ("kpis", "lang", "expected"),
    [
        (
            {"jumlah_kampung": 25, "mandiri_plus": 11, "mandiri_plus_persen": 44.0, "target_persen": 40.0},
            "id",
            "Kota Cilegon, Juni 2024: 25 Kampung KB; Mandiri plus 44,0 % — target 40 % tercapai (4,0 poin di atasnya)",
        ),
        ({"jumlah_kampung": 0}, "en", "Kota Cilegon, June 2024: no Kampung KB yet"),
    ],
)
def test_headline_when_the_target_is_met_or_there_is_nothing(kpis, lang, expected):
    from kkb_dashboard.rules.filters import Filters
    from kkb_dashboard.views import headline

    assert headline.sentence(Filters("36.72", "2024-01", "2024-06"), kpis, lang) == expected


def _large_selection() -> None:
    import pandas as pd
    import streamlit as st

    from kkb_dashboard import ui

    frame = pd.DataFrame({f"skor_{n}": range(3000) for n in range(9)}).assign(
        kode_desa=[f"K{i:04d}" for i in range(3000)]
    )
    event = ui.table(
        frame,
        key="picked",
        on_select="rerun",
        selection_mode="single-row",
        selection_default={"selection": {"rows": [2500], "columns": []}},
    )
    st.text(f"picked {event.selection.rows}")


def test_a_linked_row_of_a_large_table_opens_its_page_and_stays_selected():
    at = AppTest.from_function(_large_selection, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    size = tables.STYLED_CELLS // 10
    assert at.number_input(key="picked_page").value == 2500 // size + 1  # the page holding row 2,500
    assert at.text[0].value == "picked [2500]"  # the selection as a position in the whole table


def test_pages_of_a_large_table_hold_every_row_once_in_order_of_the_column():
    frame = pd.DataFrame({"a": [3.5, None, 1.0, 2.0, None, 10.0], "b": ["x", 1, "y", None, 2, "z"]})
    assert tables.sorted_positions(frame, "a", False) == [2, 3, 0, 5, 1, 4]  # numbers as numbers, empty last
    assert tables.sorted_positions(frame, "a", True) == [5, 0, 3, 2, 1, 4]
    assert sorted(tables.sorted_positions(frame, "b", False)) == list(range(6))  # mixed kinds: no error
    size = tables.STYLED_CELLS // 10
    wide = pd.DataFrame({f"c{n}": range(2 * size + 100) for n in range(10)})  # ten columns: pages of `size` rows
    assert tables.page_size(wide) == size and tables.pages(wide) == 3
    shown = [tables.page(wide, "c0", True, n)[1] for n in (1, 2, 3)]
    assert [len(p) for p in shown] == [size, size, 100] and sum(shown, []) == list(range(2 * size + 99, -1, -1))
    assert tables.page(wide, "c0", True, 9)[1] == shown[2]  # a page past the end is the last one
