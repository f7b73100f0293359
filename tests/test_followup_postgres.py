"""The follow-up tests again on PostgreSQL: "sejak rapat lalu" and the lists read through the same query functions,
which must give the same figures on both stores. Needs `KKB_TEST_DATABASE_URL` (see `pgfixtures`)."""
# ruff: noqa: F401, F811 — test functions and fixtures are imported to be collected here.

from __future__ import annotations

from pgfixtures import NEEDS_SERVER, built_demo, data_dir, db, pg_database, server
from test_followup import (
    demo,
    test_closest_list_gives_the_change_of_the_explanation_card,
    test_new_kampung_since_the_meeting,
    test_progress_toward_the_target,
    test_silence_since_the_meeting,
    test_silent_list_per_kecamatan,
    test_since_text,
    test_tier_moves_since_the_meeting,
)

pytestmark = NEEDS_SERVER
