"""The Data page's upload preview with values that used to abort it (NaN, inf, 1e308, a NUL byte, year 0001) and
with whole-file problems: every bad cell is a rejected row with its message, in the user's language."""

from __future__ import annotations

import pytest
from test_page_data import _tables, app  # noqa: F401 — a fixture used by name

from kkb_dashboard import i18n

PROFILE = (
    "kode_desa,periode,pus,keterangan\r\n"
    "36.72.01.1005,2024-05,NaN,\r\n"
    "36.72.01.1004,2024-05,inf,\r\n"
    "36.72.05.1004,2024-05,1e308,\r\n"
    "36.72.06.1003,0001-01,10,\r\n"
    "36.72.03.1001,2024-05,10,a\x00b\r\n"
    "36.72.04.1005,2024-05,120,baik\r\n"
)


def _upload(at, kind: str, name: str, content: bytes):
    at.selectbox(key="upload_kind").set_value(kind).run()
    at.file_uploader(key="upload_file").set_value((name, content, "text/csv")).run()
    assert not at.exception
    return at


@pytest.mark.parametrize(("lang", "words"), [("id", "bukan angka yang terhingga"), ("en", "not a finite number")])
def test_the_preview_lists_every_bad_number_as_a_rejected_row(app, lang, words):  # noqa: F811
    at = _upload(app(lang=lang), "profil", "profil mei.csv", PROFILE.encode())
    # the tables speak the page's language (kkb_dashboard.views.tables)
    status, message = i18n.t("tables.col.status", lang), i18n.t("tables.col.message", lang)
    outcomes = _tables(at, status)[0]
    rejected, ok = i18n.t("tables.value.rejected", lang), i18n.t("tables.value.ok", lang)
    assert outcomes[status].tolist() == [rejected] * 5 + [ok]
    messages = " ".join(_tables(at, message)[0][message])
    assert words in messages and "U+0000" in messages and "1990" in messages
    assert [m.value for m in at.metric] == ["6", "1", "5"]
    assert at.button(key="import_all").disabled


def test_a_duplicated_header_is_one_message_naming_the_file(app):  # noqa: F811
    at = _upload(app(), "kampung", "ganda.csv", b"kode_desa,nama_kampung,Nama Kampung KB\r\n36.72.01.1005,A,B\r\n")
    assert any("muncul lebih dari sekali" in e.value and "ganda.csv" in e.value for e in at.error)
