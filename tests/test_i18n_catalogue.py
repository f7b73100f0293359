"""Every text is there in both languages, with the same placeholders, and counts read right in English."""

from __future__ import annotations

import re
import string
from pathlib import Path

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


# --- every key is used, and only through its full name or a listed prefix ---------------------------------------

REPO = Path(__file__).resolve().parents[1]
#: Keys the code builds from a prefix and a value (`t(f"tables.col.{name}")`): only these prefixes may do so, and
#: each must be written so in the code. Any other key must appear in the code in full, quoted.
DYNAMIC_PREFIXES = {
    "access.role_",
    "activities.level_",
    "activities.seksi.",
    "columns.",
    "data_page.kind_",
    "data_page.match_",
    "data_page.tab_",
    "exports.accept_",
    "exports.col_",
    "exports.type_",
    "followup.arah.",
    "followup.col.",
    "help.",
    "maps.metric_",
    "store.",
    "tables.col.",
    "tables.value.",
    "tiers.action.",
    "tiers.index.",
    "tiers.score.",
    "tiers.value.",
    "tierviews.change.",
    "tierviews.col.",
    "tierviews.kpi_",
    "tierviews.mode_",
    "ui.level_",
}
#: English nouns that change with a count: a placeholder written right before one (an adjective may stand
#: between) is a count, and its entry needs a singular (`"plural"` and `"en_one"`).
_COUNTED = re.compile(
    r"\{(\w+)\} (?:[A-Za-z-]+ )?(?:rows|villages|errors|warnings|months|regions|files|geometries|agencies|"
    r"participants|users|members|couples|seconds|steps|indices|days|activities)\b"
)
#: Placeholders that stand before such a noun without being its count (`{index_lower} score steps`).
_NOT_COUNTS = {"index_lower"}
#: A score's ratio of two village totals ("995 contraceptive users ÷ 2,144 couples (PUS)", quoted in the guide):
#: a village's couples and users are never one, and one singular form could not serve both counts.
_RATIOS = {"tiers.value.cpr", "tiers.value.mkjp", "tiers.value.unmet_need"}


def _code() -> str:
    """The app's source outside the catalogues: the package, the pages and app.py."""
    files = [*REPO.glob("kkb_dashboard/**/*.py"), *REPO.glob("pages/*.py"), REPO / "app.py"]
    return "\n".join(path.read_text(encoding="utf-8") for path in files if "i18n" not in path.parts)


@pytest.fixture(scope="module")
def code() -> str:
    return _code()


def test_every_key_is_used_by_its_name_or_a_listed_prefix(code):
    quoted = set(re.findall(r"""["']([a-z_]+\.[A-Za-z0-9_.]+)["']""", code))
    unused = [key for key in i18n.CATALOG if key not in quoted and not any(key.startswith(p) for p in DYNAMIC_PREFIXES)]
    assert unused == [], f"orphaned translation keys (delete them, or use them): {unused}"


def test_keys_are_built_only_from_listed_prefixes(code):
    built = set(re.findall(r"""\bt[r]?\(\s*f["']([a-z_]+\.[A-Za-z0-9_.]*)\{""", code))
    assert built - DYNAMIC_PREFIXES == set(), "a key built from a prefix not in DYNAMIC_PREFIXES"
    for prefix in DYNAMIC_PREFIXES:  # the list does not outlive the code that needs it
        assert re.search(rf"""f["']{re.escape(prefix)}\{{""", code), prefix
        assert any(key.startswith(prefix) for key in i18n.CATALOG), prefix


@pytest.mark.parametrize("key", sorted(i18n.CATALOG))
def test_a_count_before_a_noun_has_a_singular_in_english(key):
    entry = i18n.CATALOG[key]
    counts = {m[1] for m in _COUNTED.finditer(entry["en"])} - _NOT_COUNTS
    if key in _RATIOS:
        return
    assert len(counts) <= 1, f"{key}: one count per text can have its singular; write the others as 'noun: {{n}}'"
    if counts:
        assert entry.get("plural") in counts and entry.get("en_one"), f"{key}: counts {counts} need an en_one text"
        assert not _COUNTED.search(entry["en_one"].replace("{" + entry["plural"] + "}", "1")), key


def test_a_count_written_out_as_text_still_reads_in_the_singular():
    assert i18n.t("ui.errors_heading", "en", n="1") == "1 error — this row is rejected"
    assert i18n.t("ui.errors_heading", "en", n="1.161") == "1.161 errors — these rows are rejected"
    assert i18n.t("tierviews.needed_apply", "en", needed="1") == "Move this 1 village up in the scenario"
