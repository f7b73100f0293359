"""The re-import tests (`test_reimport`) again on PostgreSQL: a column a file lacks keeps its stored values there too.

Needs `KKB_TEST_DATABASE_URL` (`.ci/run` starts a server on loopback); skipped with that reason without it.
"""
# ruff: noqa: F401, F811 — test functions and fixtures are imported to be collected here

from __future__ import annotations

from pgfixtures import NEEDS_SERVER, data_dir, db, pg_database, server
from test_reimport import (
    path_kind,
    test_a_new_row_gets_nothing_from_other_rows,
    test_a_short_register_keeps_the_fields_it_does_not_carry,
    test_activities_keep_participants_and_partners_by_their_whole_key,
    test_an_empty_cell_in_a_present_column_is_a_deliberate_blank,
    test_targets_keep_the_percentage_when_only_counts_are_sent,
)

pytestmark = NEEDS_SERVER
