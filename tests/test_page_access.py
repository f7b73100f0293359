"""The login gate and the roles in AppTest on the demo data (login configured with an `[auth]` secret, the user
set as `st.user` would be after a real login — tests/test_browser_login.py drives the real one), and the Data
page's hardening: a preview validated once per file, an import made once however often its button is clicked,
an unexpected error shown with an id, user text never read as Markdown."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kkb_dashboard.storage import access
from kkb_dashboard.ui import upload

REPO = Path(__file__).resolve().parents[1]
AUTH = {
    "redirect_uri": "http://127.0.0.1:8671/oauth2callback",
    "cookie_secret": "a-secret-long-enough-for-tests",
    "client_id": "kkb",
    "client_secret": "kkb-secret",
    "server_metadata_url": "http://127.0.0.1:8679/.well-known/openid-configuration",
}
UPLOAD = (
    "kode_desa,tanggal,jenis_kegiatan,jumlah\r\n"
    "36.72.01.1005,2024-05-27,BKB,2\r\n"
    "36.04.05.2001,2024-05-28,BKB,1\r\n"
    "36.72.01.1005,2024-05-29,Senam pagi,1\r\n"
)


@pytest.fixture
def app(demo_db, db, monkeypatch):
    """Open a page of the app on a copy of the demo store (conftest's `demo_db`) as `email` (None: anonymous;
    login configured unless `login=False`)."""
    monkeypatch.chdir(REPO)
    access.add_user("viewer@dinas.go.id", "viewer", db=db)
    access.add_user("operator@dinas.go.id", "operator", ["36.72"], db=db)
    access.add_user("admin@dinas.go.id", "admin", db=db)

    def open_page(email: str | None, page: str | None = "pages/data.py", *, login: bool = True, **params) -> AppTest:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
        if login:
            at.secrets["auth"] = AUTH
            at.user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email}
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, at.exception
        return at

    return open_page


def _tabs(at: AppTest) -> list[str]:
    return [tab.label for tab in at.tabs]


def test_anonymous_visitor_sees_only_the_login_page(app):
    at = app(None, page=None)
    assert [b.key for b in at.button] == ["login"]
    assert at.title[0].value == "Dasbor Kampung KB"
    assert not at.metric and not at.dataframe and not at.tabs and not at.get("plotly_chart")
    assert not at.sidebar.selectbox  # no region cascade: nothing about the data
    at = app(None, page=None, lang="en")
    assert at.button(key="login").label == "Sign in"


def test_an_unregistered_email_is_asked_to_see_the_admin(app):
    at = app("[tamu](http://evil.example)@x.id", page=None)
    assert at.title[0].value == "Akun belum terdaftar"
    [warning] = at.warning
    assert "minta admin" in warning.value.lower()
    # shown as typed, never as a link (escaped, and bare addresses broken by an invisible word joiner)
    assert "\\[tamu\\]\\(http\\:\u2060//evil.example\\)\u2060\\@x.id" in warning.value
    assert not at.metric and not at.dataframe and [b.key for b in at.button] == ["logout"]


def test_a_viewer_sees_the_pages_but_cannot_import(app):
    at = app("viewer@dinas.go.id", page=None)
    assert at.metric  # the overview's cards
    assert "viewer@dinas.go.id" in at.sidebar.caption[-1].value.replace("\\", "").replace("\u2060", "")
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert any("tidak dapat mengimpor" in i.value for i in at.info)
    assert not at.get("file_uploader")
    assert "boundary_fetch" not in [b.key for b in at.button]
    assert "Pengguna" not in _tabs(at)


def test_an_operator_imports_inside_their_region_and_sees_their_imports(app):
    at = app("operator@dinas.go.id")
    assert any("Kota Cilegon" in c.value for c in at.caption)
    at.selectbox(key="upload_kind").set_value("kegiatan")
    at.file_uploader(key="upload_file").set_value(("kegiatan juni.csv", UPLOAD.encode(), "text/csv")).run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["3", "1", "2"]  # read, valid, rejected
    # the tables speak the page's language (kkb_dashboard.views.tables): Baris, Nilai, Pesan
    errors = [frame.value for frame in at.dataframe if {"Nilai", "Pesan"} <= set(frame.value.columns)][0]
    assert sorted(errors["Baris"]) == [3, 4]  # outside the region; an unknown activity type (the usual rules)
    [outside] = errors[errors["Baris"] == 3].to_dict("records")
    assert "di luar wilayah Anda" in outside["Pesan"] and outside["Nilai"] == "36.04.05.2001"
    at.button(key="import_valid").click().run()
    assert "1 baris diimpor ke 'kegiatan'." in [s.value for s in at.success]
    log = [frame.value for frame in at.dataframe if "No. impor" in frame.value.columns][0]
    assert log["Diimpor oleh"].tolist() == ["operator@dinas.go.id"]  # only theirs (the demo's are not)
    assert "boundary_fetch" not in [b.key for b in at.button] and "Pengguna" not in _tabs(at)


def test_an_admin_manages_boundaries_and_users(app):
    at = app("admin@dinas.go.id")
    assert "boundary_fetch" in [b.key for b in at.button]
    assert _tabs(at)[-1] == "Pengguna"
    users = [frame.value for frame in at.dataframe if "peran" in frame.value.columns][0]
    assert users["e-mail"].tolist() == ["admin@dinas.go.id", "operator@dinas.go.id", "viewer@dinas.go.id"]
    at.text_input(key="user_email").set_value("baru@dinas.go.id")
    at.selectbox(key="user_role").set_value("operator")
    at.text_input(key="user_wilayah").set_value("36.04")
    at.button[[b.label for b in at.button].index("Simpan pengguna")].click().run()
    assert not at.exception
    assert access.find_user("baru@dinas.go.id") == access.User("baru@dinas.go.id", "operator", ("36.04",))
    at.selectbox(key="user_remove_pick").set_value("viewer@dinas.go.id").run()
    at.button(key="user_remove").click().run()
    assert access.find_user("viewer@dinas.go.id") is None


def test_without_login_the_laptop_behaves_as_before(app):
    at = app(None, login=False)
    assert at.get("file_uploader") and "boundary_fetch" in [b.key for b in at.button]
    assert "Pengguna" not in _tabs(at) and not [b for b in at.button if b.key == "logout"]


# --- hardening of the Data page -------------------------------------------------------------------------------


def test_the_preview_is_validated_once_per_file(app, monkeypatch):
    calls = []
    real = upload.import_file

    def counting(*args, **kwargs):
        calls.append(kwargs["dry_run"])
        return real(*args, **kwargs)

    monkeypatch.setattr(upload, "import_file", counting)
    at = app(None, login=False)
    at.selectbox(key="upload_kind").set_value("kegiatan")
    at.file_uploader(key="upload_file").set_value(("kegiatan.csv", UPLOAD.encode(), "text/csv")).run()
    for _ in range(3):  # reruns that change nothing about the file
        at.run()
    assert calls == [True]
    at.text_input(key="upload_wilayah").set_value("36.72").run()  # a new parent region: validated again
    assert calls == [True, True]


def test_a_second_click_does_not_import_again(app):
    at = app(None, login=False)
    at.selectbox(key="upload_kind").set_value("kegiatan")
    at.file_uploader(key="upload_file").set_value(("kegiatan juni.csv", UPLOAD.encode(), "text/csv")).run()
    at.button(key="import_valid").click().run()
    assert at.button(key="import_valid").disabled and at.button(key="import_all").disabled
    for _ in range(2):  # reruns (another widget, a second tab) do not import again either
        at.run()
    assert not at.exception
    assert "2 baris diimpor ke 'kegiatan'." in [s.value for s in at.success]
    log = [frame.value for frame in at.dataframe if "No. impor" in frame.value.columns][0]
    assert log["Berkas"].tolist().count("kegiatan juni.csv") == 1


def test_an_unexpected_error_shows_an_id_not_a_traceback(app, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail /srv/kkb")

    monkeypatch.setattr(upload, "import_file", broken)
    at = app(None, login=False)
    at.file_uploader(key="upload_file").set_value(("kegiatan.csv", UPLOAD.encode(), "text/csv")).run()
    assert not at.exception
    [error] = [e.value for e in at.error if "Kode kesalahan" in e.value]
    assert "secret detail" not in error
    error_id = error.split("Kode kesalahan: ")[1].split(" ")[0]
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_link_parameter_is_shown_as_text(app):
    at = app(None, page=None, login=False, wilayah="[Login ulang](http://evil.example)")
    shown = [w.value for w in at.warning if "wilayah=" in w.value]
    assert shown and "wilayah=\\[Login ulang\\]\\(http\\:\u2060//evil.example\\)" in shown[0]


def test_server_settings():
    settings = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert settings["server"]["address"] == "127.0.0.1"
    assert settings["server"]["maxUploadSize"] == 200
    assert settings["client"]["showErrorDetails"] == "none"


@pytest.mark.parametrize(
    ("page", "param"),
    [("pages/kegiatan.py", "jenis"), ("pages/peta.py", "metrik"), ("pages/simulasi.py", "ubah")],
)
def test_a_pages_own_link_parameter_is_shown_as_text(app, page, param, request):
    if page == "pages/peta.py":
        request.getfixturevalue("with_geo")  # the map's boundaries, as the app finds them
    at = app(None, page=page, login=False, wilayah="36.04", **{param: "[Login ulang](http://evil.example)"})
    shown = [w.value for w in at.warning if f"{param}=" in w.value]
    assert shown, [w.value for w in at.warning]
    assert f"{param}=\\[Login ulang\\]\\(http\\:\u2060//evil.example\\)" in shown[0]


def test_an_error_a_page_does_not_catch_shows_an_id(app, monkeypatch, caplog):
    from kkb_dashboard.rules import regions

    def broken(code):
        raise RuntimeError("secret detail /srv/kkb")

    monkeypatch.setattr(regions, "name_of", broken)  # the overview's title, outside its own error box
    at = app(None, page=None, login=False)
    assert not at.exception
    [error] = [e.value for e in at.error if "Kode kesalahan" in e.value]
    assert "secret detail" not in error
    assert any(error.split("Kode kesalahan: ")[1].split(" ")[0] in r.getMessage() for r in caplog.records)
