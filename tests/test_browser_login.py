"""A real login: Chromium signs in to a real `streamlit run app.py` through a real OpenID Connect provider
(`oidc-provider-mock`) started on 127.0.0.1 by the test, as an anonymous visitor, a viewer, an operator of one
kab/kota and an admin. Login is configured the way an office would: an `[auth]` section in a secrets.toml
(given to the server with `STREAMLIT_SECRETS_FILES`, so the repository's `.streamlit/` is untouched)."""

from __future__ import annotations

import threading

import pytest
from browser_support import VIEWPORT, no_exception, settle, streamlit_server

from kkb_dashboard.storage import access, importer
from kkb_dashboard.storage.store import Store

pytestmark = pytest.mark.browser

VIEWER, OPERATOR, ADMIN = "pembaca@dinas.go.id", "operator.cilegon@dinas.go.id", "admin@dinas.go.id"
UPLOAD = (
    "kode_desa,tanggal,jenis_kegiatan,jumlah\r\n"
    "36.72.01.1005,2024-06-03,BKB,2\r\n"
    "36.04.05.2001,2024-06-04,BKB,1\r\n"  # Kabupaten Serang: outside the operator's Kota Cilegon
    "36.72.01.1004,2024-06-05,Posyandu,3\r\n"
)


@pytest.fixture(scope="module")
def provider():
    """The OpenID Connect provider on a free loopback port: its login form signs in whatever e-mail is typed."""
    from oidc_provider_mock import app
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@pytest.fixture(scope="module")
def site(tmp_path_factory, shared, provider):
    """The dashboard on the demo data with three users, login configured against `provider`."""
    from browser_support import CHROMIUM

    if not CHROMIUM or not __import__("pathlib").Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    data = tmp_path_factory.mktemp("login-data")
    db = data / "kkb.duckdb"
    importer.load_demo(db)
    access.add_user(VIEWER, "viewer", db=db)
    access.add_user(OPERATOR, "operator", ["36.72"], db=db)
    access.add_user(ADMIN, "admin", db=db)
    secrets = data / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "kkb-test-cookie-secret-of-some-length"\n'
        'client_id = "kkb-dashboard"\n'
        'client_secret = "kkb-dashboard-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    with streamlit_server(data, shared, env={"STREAMLIT_SECRETS_FILES": str(secrets)}) as url:
        yield {"url": url, "db": db, "data": data}


def _sign_in(browser, site, provider, email: str, path: str = "/"):
    """A fresh browser profile that signs in as `email` and then opens `path`."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(site["url"] + "/")
    settle(page)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{provider}/oauth2/authorize*", timeout=60_000)
    page.fill('input[name="sub"]', email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{site['url']}/**", timeout=60_000)
    settle(page)
    # back from the provider the app runs again once it has put the view in the link: wait for that run's title
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)
    if path != "/":
        page.goto(site["url"] + path)
        settle(page)
    return page


def _shot(page, name: str) -> None:
    from pathlib import Path

    folder = Path("/tmp/shots-login")
    if folder.is_dir():  # the screenshots a change is looked at with; not part of the assertions
        page.screenshot(path=str(folder / f"{name}.png"))


def test_an_anonymous_visitor_sees_only_the_login_page(site, browser):
    for path in ("/", "/data", "/peta?wilayah=36.72", "/?lang=en"):
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(site["url"] + path)
        settle(page)
        no_exception(page)
        label = "Sign in" if "lang=en" in path else "Masuk"
        assert page.get_by_role("button", name=label).count() == 1, path
        for figure in ("stMetric", "stPlotlyChart", "stDataFrame", "stImage", "stFileUploader", "stTabs"):
            assert page.locator(f'[data-testid="{figure}"]').count() == 0, (path, figure)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0, path
        assert "Page not found" not in page.inner_text("body"), path  # a shared link lands on the login page
        _shot(page, "login_" + ("en" if "lang=en" in path else "id"))
        context.close()


def test_an_unregistered_email_is_told_to_ask_the_admin(site, browser, provider):
    page = _sign_in(browser, site, provider, "tamu@dinas.go.id")
    no_exception(page)
    assert "Akun belum terdaftar" in page.locator("h1").first.inner_text()
    assert "minta admin" in page.inner_text("body").lower()
    assert page.locator('[data-testid="stMetric"], [data-testid="stPlotlyChart"]').count() == 0
    _shot(page, "unknown_id")
    page.context.close()


def test_a_viewer_sees_every_page_and_no_import(site, browser, provider):
    page = _sign_in(browser, site, provider, VIEWER)
    page.locator('[data-testid="stMetric"]').nth(3).wait_for(timeout=90_000)  # the overview's four cards
    no_exception(page)
    assert "pembaca" in page.locator('[data-testid="stSidebar"]').inner_text()
    for path in ("/peta", "/kegiatan", "/klasifikasi", "/simulasi", "/data"):
        page.goto(site["url"] + path)
        settle(page)
        no_exception(page)
        assert page.locator("h1").count() >= 1, path
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert "tidak dapat mengimpor" in page.inner_text("body")
    assert page.get_by_role("button", name="Impor semua baris").count() == 0
    _shot(page, "viewer_data_id")
    page.context.close()


def test_an_operator_imports_only_rows_of_their_kab_kota(site, browser, provider, tmp_path):
    page = _sign_in(browser, site, provider, OPERATOR, "/data?lang=en")
    assert "You can import rows in: Kota Cilegon (36.72)" in page.inner_text("body")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Kind of data").click()
    page.get_by_role("option", name="kegiatan").first.click()
    settle(page)
    upload = tmp_path / "kegiatan juni.csv"
    upload.write_text(UPLOAD)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    page.get_by_text("1 error — this row is rejected").wait_for(timeout=90_000)
    settle(page)
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values == ["3", "2", "1"]  # read, valid, rejected
    _shot(page, "operator_preview_en")
    page.get_by_role("button", name="Import only the 2 valid rows").click()
    page.get_by_text("2 rows imported into 'kegiatan'.").wait_for(timeout=90_000)
    settle(page)
    assert page.get_by_role("button", name="Import only the 2 valid rows").is_disabled()
    no_exception(page)
    with Store(site["db"], read_only=True) as store:
        newest = store.import_log().iloc[0]
        stored = store.sql("SELECT kode_desa FROM kegiatan WHERE tanggal >= DATE '2024-06-03' ORDER BY 1")
    assert (newest["file"], newest["imported_by"], newest["rows_rejected"]) == ("kegiatan juni.csv", OPERATOR, 1)
    assert stored["kode_desa"].tolist() == ["36.72.01.1004", "36.72.01.1005"]
    # the reason, row by row, in the downloadable outcome table
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"]').filter(has_text="CSV").first.click()
    outcomes = open(download.value.path(), encoding="utf-8-sig").read()
    assert "36.04.05.2001" in outcomes and "outside your region(s)" in outcomes
    page.context.close()


def test_an_admin_manages_boundaries_and_users(site, browser, provider):
    page = _sign_in(browser, site, provider, ADMIN, "/data")
    no_exception(page)
    tabs = page.get_by_role("tab")
    assert tabs.all_inner_texts()[-1] == "Pengguna"
    tabs.filter(has_text="Batas wilayah").click()
    download = page.get_by_role("button", name="Unduh batas wilayah")
    download.wait_for(timeout=60_000)  # the tab's content is shown a moment after the click
    assert download.count() == 1
    tabs.filter(has_text="Pengguna").click()
    page.get_by_text("Tambah atau ubah pengguna").wait_for()
    _shot(page, "admin_users_id")
    page.get_by_label("E-mail").fill("baru@dinas.go.id")
    page.get_by_role("button", name="Simpan pengguna").click()
    page.get_by_text("disimpan sebagai pembaca").wait_for(timeout=60_000)
    assert access.find_user("baru@dinas.go.id", site["db"]) == access.User("baru@dinas.go.id", "viewer")
    page.context.close()
