"""The activity and map-data tests again on PostgreSQL: their queries must run on both stores.

Same mechanism as `test_store_postgres` (fixtures in `pgfixtures`); a module of its own because the map tests'
`demo` fixture is a database while the tier-view tests' is an open store. Needs `KKB_TEST_DATABASE_URL`.
"""
# ruff: noqa: F401, F811 — test functions and fixtures are imported to be collected here.

from __future__ import annotations

import pytest
from pgfixtures import NEEDS_SERVER, built_demo, data_dir, db, pg_database, server
from test_activities import (
    register,
    rows,
    test_family_functions_count_other_and_empty_honestly,
    test_few_regions_are_listed_once,
    test_heatmap_cells_are_the_sums_of_jumlah,
    test_heatmap_keeps_months_without_data_and_only_chosen_types,
    test_heatmap_shows_zero_cells,
    test_kpis_against_the_csv,
    test_month_before_the_range_still_counts_for_the_comparison,
    test_monthly_trend_is_reusable_with_metrics_monthly_activity,
    test_months_without_reports_make_every_kampung_silent,
    test_names_are_escaped_in_hover_and_labels,
    test_no_kampung_gives_empty_tables_not_errors,
    test_participants_per_type,
    test_partner_agencies_count_each_agency_of_a_row,
    test_region_prefix_is_respected,
    test_region_ranking_is_activities_per_kampung_per_month,
    test_silent_kampung_have_no_report_in_three_months,
    test_tier_filter_keeps_only_kampung_of_the_chosen_tiers,
    test_tiny_store_aggregations,
    test_trend_of_one_type_with_participants,
    tiny_store,
)
from test_maps import test_desa_card, test_indicator_values_latest_period

from kkb_dashboard.storage.store import Store

pytestmark = NEEDS_SERVER


@pytest.fixture(scope="module")
def demo_store(built_demo):
    """A read-only store on the demo database, as in test_activities."""
    with Store(built_demo, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def demo(built_demo):
    """The demo database, as in test_maps."""
    return built_demo
