"""The query-layer and upgrade tests of `test_rollups` again on PostgreSQL: every figure equals the one computed
from the base tables, and a store an older version left behind is upgraded the same way. A module of its own: the
older-store tests clone the demo database, which no other test of the module may hold open meanwhile.
Needs `KKB_TEST_DATABASE_URL`.
"""
# ruff: noqa: F401, F811 — test functions and fixtures are imported to be collected here.

from __future__ import annotations

from pgfixtures import NEEDS_SERVER, built_demo, data_dir, db, demo_db, pg_database, server
from test_rollups import (
    test_a_new_store_has_its_rollups_empty,
    test_an_older_store_read_only_says_which_command_upgrades_it,
    test_the_first_write_upgrades_an_older_store,
    test_the_upgrade_command_brings_an_older_store_up_to_date,
    test_views_equal_figures_computed_from_the_base_tables,
)

pytestmark = NEEDS_SERVER
