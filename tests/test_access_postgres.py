"""The users and the operator's scope again on PostgreSQL (fixtures in `pgfixtures`): users shared by every
replica, kept when the data is rebuilt, and an import log made before login gaining `imported_by`."""

# ruff: noqa: F401, F811 — test functions and fixtures are imported to be collected here; fixtures are then named
# as parameters

from __future__ import annotations

import psycopg
from pgfixtures import NEEDS_SERVER, data_dir, db, pg_database, server
from test_access import (
    INSIDE,
    _kegiatan,
    test_a_cli_import_is_logged_under_the_account_that_ran_it,
    test_an_admin_or_a_laptop_imports_everywhere,
    test_rebuilding_the_demo_keeps_the_users,
    test_rows_outside_the_operators_region_are_rejected_one_by_one,
    test_targets_of_a_wider_region_are_outside_an_operators_kab_kota,
    test_users_add_list_remove,
    test_users_add_refuses_bad_input_with_a_sentence,
)

from kkb_dashboard.storage import access, importer
from kkb_dashboard.storage.store import Store

pytestmark = NEEDS_SERVER


def test_an_old_import_log_gets_imported_by_and_the_users_table(db, write_csv):
    with psycopg.connect(db, autocommit=True) as con:  # a database made before there was login
        con.execute("CREATE TABLE import_log (import_id BIGINT, waktu TIMESTAMP, file VARCHAR, kind VARCHAR)")
        con.execute("INSERT INTO import_log VALUES (1, now(), 'lama.csv', 'kegiatan')")
    assert access.list_users(db) == []  # read before any writer came by: no users table yet, no error
    with Store(db) as store:
        columns = store.sql("SELECT column_name FROM information_schema.columns WHERE table_name = 'import_log'")
    assert "imported_by" in set(columns["column_name"])
    access.add_user("ana@dinas.go.id", "admin", db=db)
    assert access.find_user("Ana@Dinas.go.id", db) == access.User("ana@dinas.go.id", "admin")
