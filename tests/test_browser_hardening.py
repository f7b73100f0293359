"""User text stays text in a real browser: a link parameter written as Markdown, a bare web address and an
e-mail address in it are shown as typed inside the page's notice, and none of them becomes a link (GitHub
Markdown would link `http://…`, `www.…` and `name@host` even when escaped)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from browser_support import no_exception, open_page

pytestmark = pytest.mark.browser

HOSTILE = "[Login ulang](http://evil.example) www.evil.com ana@evil.example **tebal** :red[merah]"


@pytest.mark.parametrize(
    ("path", "param"),
    [("ringkasan", "wilayah"), ("kegiatan", "jenis"), ("peta", "metrik"), ("simulasi", "ubah")],
)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_link_parameter_is_shown_as_typed_and_links_nowhere(server, browser, path, param, lang):
    extra = "" if param == "wilayah" else "&wilayah=36.04"
    page = open_page(browser, f"{server}/{path}?lang={lang}{extra}&{param}={quote(HOSTILE)}")
    no_exception(page)
    notices = page.locator('[data-testid="stAlert"]').filter(has_text=f"{param}=")
    assert notices.count() == 1, page.inner_text("body")[:1500]
    assert notices.locator("a, strong, b, [style*='color']").count() == 0
    assert f"{param}={HOSTILE}" in notices.inner_text().replace("\u2060", "")
    folder = Path("/tmp/shots-login")
    if folder.is_dir():  # the screenshots a change is looked at with; not part of the assertions
        page.screenshot(path=str(folder / f"link_{path}_{lang}.png"))
    page.close()
