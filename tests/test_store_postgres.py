"""The store, importer, metrics, tier views and CLI tests again on PostgreSQL, plus what only a server has.

The same test functions as the DuckDB modules run here against a database of their own (fixtures in
`pgfixtures`): all or nothing, re-imports, typed values, the CLI's `import` and `summary --json`, the demo.
Needs `KKB_TEST_DATABASE_URL` (`.ci/run` starts a server on loopback); skipped with that reason without it.
"""
# ruff: noqa: F401, F811 — test functions and fixtures are imported to be collected here; fixtures are then named
# as parameters, which ruff reads as redefinitions.

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from pgfixtures import (
    NEEDS_SERVER,
    built_demo,
    clone,
    data_dir,
    db,
    demo_db,
    drop,
    fresh_database,
    pg_database,
    server,
)
from test_cli_import import (
    test_a_rejected_row_exits_1_and_stores_nothing,
    test_every_row_imported_exits_0,
    test_messages_in_english,
    test_newcomer_imports_cilegon_by_kelurahan_names,
    test_newcomer_sees_every_rows_outcome_without_json,
    test_sheet_and_db_options,
    test_skip_invalid_stores_the_valid_rows_and_still_exits_1,
    test_unusable_input_exits_2_with_a_sentence,
    test_unusable_input_without_json_prints_the_sentence_to_stderr,
)
from test_metrics import (
    test_a_region_with_no_kampung_kb_gives_empty_tables,
    test_activity_counts_are_the_month_sum,
    test_activity_rate_counts_only_the_months_a_kampung_kb_existed,
    test_cilegon_summary_matches_the_register,
    test_cli_summary_json_contract,
    test_every_demo_row_is_imported,
    test_national_summary_counts_every_desa,
    test_unknown_region_is_refused_without_traceback,
    test_villages_formed_but_not_yet_reporting_are_listed_as_silent,
)
from test_store import (
    KAMPUNG,
    load,
    stored,
    test_a_later_file_with_the_same_keys_replaces_values,
    test_a_new_store_has_every_table_empty,
    test_a_preview_stores_nothing_and_creates_no_database,
    test_an_excel_original_is_kept_with_its_suffix,
    test_importing_the_same_file_twice_changes_nothing_and_keeps_the_original_once,
    test_one_bad_row_stores_nothing_in_any_table,
    test_skip_invalid_stores_exactly_the_valid_rows,
    test_stored_values_are_typed,
)
from test_tierviews import (
    test_distribution_per_kecamatan_matches_the_csv,
    test_distribution_without_data,
    test_operations_change_the_scenario_not_the_store,
    test_picked_villages_and_points,
    test_region_counts_and_the_tier_filter,
    test_reported_before_any_report,
    test_reported_vs_computed_on_cilegon,
    test_scenario_options_and_years,
    test_selection_and_explanation,
    test_serang_2023_needs_54_of_234,
    test_transition_matrix_sums_and_matches_the_csv,
    test_transition_month_order_and_no_moves,
    test_village_scores_have_12_scores_and_3_indices,
)

from kkb_dashboard import config
from kkb_dashboard.storage import importer, store
from kkb_dashboard.storage.store import Store

pytestmark = NEEDS_SERVER
REPO = Path(__file__).resolve().parents[1]


# --- fixtures of the tier-view tests, on PostgreSQL -------------------------------------------------------------


@pytest.fixture
def demo(built_demo, db):
    clone(built_demo, db)
    with Store(db, read_only=True) as opened:
        yield opened


@pytest.fixture
def empty(server):
    database = fresh_database()
    Store(database).close()  # the tables, no rows
    with Store(database, read_only=True) as opened:
        yield opened
    drop(database)


# --- atomicity when a statement fails ---------------------------------------------------------------------------


class _FailingConnection:
    """A psycopg connection whose statements starting with `prefix` fail, as a full disk would."""

    def __init__(self, connection, prefix: str):
        self._connection, self._prefix = connection, prefix

    def execute(self, query, *args, **kwargs):
        if str(query).lstrip().startswith(self._prefix):
            import psycopg

            raise psycopg.OperationalError(f"simulated failure in: {str(query)[:40]}")
        return self._connection.execute(query, *args, **kwargs)

    def cursor(self, *args, **kwargs):
        cursor = self._connection.cursor(*args, **kwargs)
        return _FailingCopy(cursor) if self._prefix == "COPY" else cursor

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._connection.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._connection, name)


class _FailingCopy:
    """A cursor whose COPY fails halfway, as a dropped connection would."""

    def __init__(self, cursor):
        self._cursor = cursor

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._cursor.__exit__(*exc)

    def copy(self, *args, **kwargs):
        import psycopg

        raise psycopg.OperationalError("simulated failure in COPY")

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def _table(kind: str, *columns: str) -> list[tuple]:
    with Store(read_only=True) as opened:
        return [tuple(r) for r in opened.sql(f"SELECT {', '.join(columns)} FROM {kind} ORDER BY kode_desa").values]


@pytest.mark.parametrize(
    "prefix",
    ["CREATE TEMP TABLE staged", "COPY", "DELETE FROM kampung", "INSERT INTO kampung", "INSERT INTO import_log"],
)
def test_a_failure_inside_the_transaction_changes_nothing(load, stored, prefix):
    import psycopg

    connect = psycopg.connect
    renamed = [KAMPUNG[0], ["36.72.01.1005", "KKB Teratai Baru", "2017"], ["36.72.06.1004", "KKB Sakura", "2020"]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(psycopg, "connect", lambda *a, **k: _FailingConnection(connect(*a, **k), prefix))
        with pytest.raises(psycopg.OperationalError):
            load("kampung", renamed, name="kampung_baru.csv")
    with Store() as opened:
        assert opened.row_counts() == stored
    assert _table("kampung", "nama_kampung") == [("KKB Teratai",), ("KKB Kosambi",), ("KKB Rampai",)]


def test_a_constraint_the_server_enforces_rolls_the_whole_import_back(load, stored, db):
    with Store(db) as opened:  # a real error raised by the server itself in the middle of the transaction
        opened.con.execute("ALTER TABLE kampung ADD CONSTRAINT no_sakura CHECK (nama_kampung <> 'KKB Sakura')")
    import psycopg

    renamed = [KAMPUNG[0], ["36.72.01.1005", "KKB Teratai Baru", "2017"], ["36.72.06.1004", "KKB Sakura", "2020"]]
    with pytest.raises(psycopg.errors.CheckViolation):
        load("kampung", renamed, name="kampung_baru.csv")
    with Store() as opened:
        assert opened.row_counts() == stored
    assert _table("kampung", "nama_kampung") == [("KKB Teratai",), ("KKB Kosambi",), ("KKB Rampai",)]


# --- what only a shared server has ------------------------------------------------------------------------------


def test_imports_from_several_replicas_at_once_get_their_own_ids(write_csv, db):
    path = write_csv("kampung.csv", KAMPUNG, sep=";")
    Store(db).close()
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(importer.import_file(path, "kampung"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.exit_code for r in reports] == [0] * 4
    assert sorted(r.import_id for r in reports) == [1, 2, 3, 4]
    with Store(db, read_only=True) as opened:
        assert opened.row_counts()["kampung"] == 3 and opened.row_counts()["import_log"] == 4


def test_a_read_only_store_refuses_writes(stored, db):
    import psycopg

    with Store(db, read_only=True) as opened, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        opened.sql("DELETE FROM kampung")


def test_results_have_the_same_types_and_values_as_duckdb(built_demo, tmp_path):
    duck = tmp_path / "demo.duckdb"
    assert [r.exit_code for r in importer.load_demo(duck)] == [0] * len(importer.DEMO_ORDER)
    queries = [
        f"SELECT * FROM {kind} ORDER BY ALL_KEYS"
        for kind in ("kampung", "kegiatan", "profil", "klasifikasi", "target", "indikator")
    ]
    queries += [
        "SELECT kode_desa, sum(jumlah) AS n, count(*) AS rows, max(tanggal) AS last FROM kegiatan "
        "WHERE kode_desa LIKE ? GROUP BY kode_desa ORDER BY kode_desa",
        "SELECT kind, rows_read, skip_invalid, synthetic, sheet FROM import_log ORDER BY import_id",
    ]
    with Store(duck, read_only=True) as left, Store(built_demo, read_only=True) as right:
        for query in queries:
            if "ALL_KEYS" in query:
                kind = query.split()[3]
                order = ", ".join(f'"{c}"' for c in store.table_columns(kind) if c != "import_id")
                query = query.replace("ALL_KEYS", order)
            params = ["36.72%"] if "?" in query else None
            pd.testing.assert_frame_equal(left.sql(query, params), right.sql(query, params), obj=query[:60])


def test_the_demo_replaces_everything_or_nothing(write_csv, db, tmp_path, monkeypatch):
    importer.import_file(write_csv("kampung.csv", KAMPUNG, sep=";"), "kampung")
    broken = tmp_path / "demo"
    broken.mkdir()
    for kind in importer.DEMO_ORDER:
        text = (config.demo_dir() / f"{kind}.csv").read_text(encoding="utf-8")
        (broken / f"{kind}.csv").write_text(
            text + ("\n36.72.01.1005,2024-05,Senam\n" if kind == "kegiatan" else ""), encoding="utf-8"
        )
    with monkeypatch.context() as patch:
        patch.setattr(config, "demo_dir", lambda: broken)
        reports = importer.load_demo(db)
    assert reports[-1].kind == "kegiatan" and reports[-1].exit_code == 1
    with Store(db, read_only=True) as opened:
        assert opened.row_counts()["kampung"] == 3 and opened.row_counts()["import_log"] == 1
        assert not opened.scalar(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'kkb\\_scratch\\_%'"
        )

    assert all(r.exit_code == 0 for r in importer.load_demo(db))
    with Store(db, read_only=True) as opened:
        counts = opened.row_counts()
        assert counts["kampung"] == len(pd.read_csv(config.demo_dir() / "kampung.csv"))
        assert counts["import_log"] == len(importer.DEMO_ORDER)  # the register imported before is gone
        assert opened.import_log()["synthetic"].all()


def test_a_new_database_gets_its_tables_but_not_the_demo(db):
    assert not db.exists()
    assert importer.ensure_data() == db
    assert db.exists()
    with Store(read_only=True) as opened:
        assert sum(opened.row_counts().values()) == 0


def test_the_version_changes_with_every_import(write_csv, db):
    Store(db).close()
    before = store.version(db)
    importer.import_file(write_csv("kampung.csv", KAMPUNG, sep=";"), "kampung")
    after = store.version(db)
    assert after > before
    assert store.version(db) == after


def test_cli_demo_then_summary_on_the_server(db):
    done = subprocess.run(
        [sys.executable, "-m", "kkb_dashboard", "demo"], capture_output=True, text=True, cwd=REPO, timeout=300
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "kkb_dashboard", "summary", "--wilayah", "36.72", "--periode", "2024-12", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert '"kampung_kb": 23' in done.stdout


def test_bulk_insert_stores_what_save_import_stores(built_demo, db):
    import duckdb

    with Store(built_demo, read_only=True) as source:
        rows = source.sql("SELECT * FROM kegiatan ORDER BY kode_desa, periode, jenis_kegiatan, tanggal")
    rows.loc[0, "keterangan"], rows.loc[1, "keterangan"] = "", None  # an empty text stays empty, NULL stays NULL
    columns = {c: t for c, t in store.table_columns("kegiatan").items() if c != "import_id"}
    local = duckdb.connect()
    local.register("rows", rows)
    typed = "SELECT " + ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in columns.items()) + " FROM rows"
    with Store(db) as target:
        first = target.bulk_insert("kegiatan", local.sql(typed).to_arrow_reader(5000), {"kind": "kegiatan"})
        second = target.bulk_insert("kegiatan", local.sql(typed).to_arrow_reader(5000), {"kind": "kegiatan"})
        stored = target.sql("SELECT * FROM kegiatan ORDER BY kode_desa, periode, jenis_kegiatan, tanggal")
        assert (first, second) == (1, 2) and target.row_counts()["import_log"] == 2
    assert len(stored) == len(rows)  # the second import replaced the first's rows
    pd.testing.assert_frame_equal(stored.drop(columns="import_id"), rows.drop(columns="import_id"))
    assert stored.loc[0, "keterangan"] == "" and pd.isna(stored.loc[1, "keterangan"])
