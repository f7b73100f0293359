"""The Tindak lanjut page in a real browser at 1366×768: a copied link with `rapat=` reopens the same meeting month,
the cards are on the first screen, choosing another month rewrites the link, and the chat text is there to copy."""

from __future__ import annotations

import pytest
from browser_support import VIEWPORT, no_exception, open_page, settle

pytestmark = pytest.mark.browser

LINK = "tindak_lanjut?wilayah=36.72&dari=2024-01&sampai=2024-12&rapat=2023-12"


def test_the_meeting_month_travels_in_the_link(server, browser):
    page = open_page(browser, f"{server}/{LINK}")
    no_exception(page)
    assert page.locator("h1").first.inner_text() == "Tindak lanjut — Kota Cilegon"
    month = page.get_by_role("combobox", name="Bulan rapat lalu")
    assert month.input_value() == "Desember 2023" and "rapat=2023-12" in page.url
    cards = page.locator('[data-testid="stMetric"]')
    # The cards are drawn after the month box; wait for them rather than count a page still being drawn.
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stMetric\"]').length === 4")
    for i in range(4):  # the four cards on the first screen of a projector
        box = cards.nth(i).bounding_box()
        assert box is not None and box["y"] + box["height"] <= VIEWPORT["height"], cards.nth(i).inner_text()
    assert "10" in cards.nth(3).inner_text()  # 13 Kampung KB in 2023, 23 by 2024

    month.click()
    page.get_by_role("option", name="Juni 2024", exact=True).click()
    settle(page)
    page.wait_for_function("() => location.search.includes('rapat=2024-06')", timeout=30_000)
    no_exception(page)
    code = page.locator('[data-testid="stCode"]').first.inner_text()
    assert code.startswith("*Tindak lanjut Kampung KB — Kota Cilegon, Desember 2024*")
    assert "Sejak rapat Juni 2024: " in code
    copied = page.url  # the link a user copies now
    page.close()

    assert "rapat=2024-06" in copied
    again = open_page(browser, copied)
    assert again.get_by_role("combobox", name="Bulan rapat lalu").input_value() == "Juni 2024"
    again.close()
