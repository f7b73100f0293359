"""Every text is there in both languages, with the same placeholders, and counts read right in English."""

from __future__ import annotations

import string

import pytest

from kkb_dashboard import i18n


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(i18n.CATALOG))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    entry = i18n.CATALOG[key]
    assert entry.get("id") and entry.get("en"), f"{key}: a text is missing"
    assert _fields(entry["id"]) == _fields(entry["en"]), key
    if "plural" in entry:
        assert entry["plural"] in _fields(entry["en"]), key
        assert _fields(entry["en_one"]) <= _fields(entry["en"]), key  # the singular needs nothing the plural lacks


@pytest.mark.parametrize(
    ("key", "values", "one", "many"),
    [
        ("data.rejected_nothing_stored", {}, "1 row was rejected", "2 rows were rejected"),
        ("tiers.lift.summary", {"tier": "Mandiri"}, "Up to Mandiri with 1 score step", "with 2 score steps"),
        ("tiers.tier.text", {"names": "Input", "tier": "Dasar"}, "1 index passes (Input)", "2 indices pass"),
    ],
)
def test_a_count_of_one_reads_in_the_singular_in_english(key, values, one, many):
    count = i18n.CATALOG[key]["plural"]
    assert one in i18n.t(key, "en", **values, **{count: 1})
    assert many in i18n.t(key, "en", **values, **{count: 2})
    # Indonesian nouns do not change with the count: the one text, with the number written in
    assert i18n.t(key, "id", **values, **{count: 1}) == i18n.CATALOG[key]["id"].format(**values, **{count: 1})
