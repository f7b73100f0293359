"""Who may do what: users managed with `python -m kkb_dashboard users …`, an operator's import limited to their
regions row by row, the import log signed, and the pure checks behind them."""

from __future__ import annotations

import json

import duckdb
import pytest

from kkb_dashboard import cli
from kkb_dashboard.storage import access, importer, readers
from kkb_dashboard.storage.store import Store

CILEGON = "36.72"
INSIDE, OUTSIDE = "36.72.01.1005", "36.04.05.2001"  # a desa of Kota Cilegon, one of Kabupaten Serang


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- users from the CLI -------------------------------------------------------------------------------------


def test_users_add_list_remove(capsys, db):
    assert _run(capsys, "users", "add", "Ana@Dinas.go.id", "--role", "operator", "--wilayah", "3672")[0] == 0
    assert _run(capsys, "users", "add", "kepala@dinas.go.id", "--role", "admin")[0] == 0
    assert _run(capsys, "users", "add", "staf@dinas.go.id", "--role", "viewer", "--wilayah", "36")[0] == 0
    code, out, _ = _run(capsys, "users", "list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"email": "ana@dinas.go.id", "role": "operator", "wilayah": [CILEGON]},
        {"email": "kepala@dinas.go.id", "role": "admin", "wilayah": []},
        {"email": "staf@dinas.go.id", "role": "viewer", "wilayah": []},  # a viewer's regions restrict nothing
    ]
    code, out, _ = _run(capsys, "users", "list")
    assert "ana@dinas.go.id" in out and "Kota Cilegon" in out
    # adding again changes the role and regions, it does not duplicate the user
    assert _run(capsys, "users", "add", "ana@dinas.go.id", "--role", "operator", "--wilayah", "36.72", "36.04")[0] == 0
    assert access.find_user("ANA@dinas.go.id") == access.User("ana@dinas.go.id", "operator", ("36.04", CILEGON))
    assert len(access.list_users()) == 3
    code, out, _ = _run(capsys, "users", "remove", "staf@dinas.go.id")
    assert code == 0 and "dihapus" in out
    assert access.find_user("staf@dinas.go.id") is None
    code, _, err = _run(capsys, "--lang", "en", "users", "remove", "staf@dinas.go.id")
    assert code == 1 and "There is no user staf@dinas.go.id" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["users", "add", "ana", "--role", "viewer"], "'ana' bukan alamat e-mail"),
        (["users", "add", "ana@dinas.go.id", "--role", "operator"], "Operator perlu setidaknya satu wilayah"),
        (["users", "add", "ana@dinas.go.id", "--role", "operator", "--wilayah", "99.99"], "'99.99' bukan kode"),
    ],
)
def test_users_add_refuses_bad_input_with_a_sentence(capsys, db, argv, message):
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert access.list_users() == []


def test_users_list_on_a_store_from_before_login(capsys, db):
    with duckdb.connect(str(db)) as con:  # a store made before there were users: no users table
        con.execute("CREATE TABLE import_log (import_id BIGINT)")
    assert access.list_users(db) == [] and access.find_user("ana@dinas.go.id", db) is None
    code, _, err = _run(capsys, "users", "list")
    assert code == 0 and "Belum ada pengguna" in err


# --- the import log records who imported ---------------------------------------------------------------------


def _kegiatan(write_csv, *codes: str):
    rows = [[code, f"2024-05-{27 + n:02d}", "BKB", 2] for n, code in enumerate(codes)]
    return write_csv("kegiatan.csv", [["kode_desa", "tanggal", "jenis_kegiatan", "jumlah"], *rows])


def test_an_old_import_log_gets_imported_by_and_keeps_its_rows(db, write_csv):
    old_columns = "import_id BIGINT, waktu TIMESTAMP, file VARCHAR, kind VARCHAR, sha256 VARCHAR, stored_path VARCHAR, "
    old_columns += "sheet VARCHAR, wilayah VARCHAR, rows_read BIGINT, rows_imported BIGINT, rows_rejected BIGINT, "
    old_columns += "warnings BIGINT, skip_invalid BOOLEAN, synthetic BOOLEAN"
    with duckdb.connect(str(db)) as con:
        con.execute(f"CREATE TABLE import_log ({old_columns})")
        con.execute("INSERT INTO import_log (import_id, file, kind) VALUES (1, 'lama.csv', 'kegiatan')")
    report = importer.import_file(_kegiatan(write_csv, INSIDE), "kegiatan", imported_by="ana@dinas.go.id")
    assert report.exit_code == 0, report.errors
    with Store(read_only=True) as store:
        log = store.import_log()
    assert log[["file", "imported_by"]].fillna("-").values.tolist() == [
        ["kegiatan.csv", "ana@dinas.go.id"],
        ["lama.csv", "-"],
    ]


def test_a_cli_import_is_logged_under_the_account_that_ran_it(capsys, db, write_csv, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "operator-kota")
    code, _, _ = _run(capsys, "import", str(_kegiatan(write_csv, INSIDE)), "--kind", "kegiatan", "--json")
    assert code == 0
    with Store(read_only=True) as store:
        assert store.import_log()["imported_by"].tolist() == ["operator-kota"]


# --- an operator imports only inside their regions -------------------------------------------------------------


@pytest.mark.parametrize("bulk_path", [False, True], ids=["row-by-row", "bulk"])
def test_rows_outside_the_operators_region_are_rejected_one_by_one(db, write_csv, monkeypatch, bulk_path):
    if bulk_path:  # the DuckDB path that large tables take, on a small file
        monkeypatch.setattr(readers, "LARGE_TABLE", 1)
    path = _kegiatan(write_csv, INSIDE, OUTSIDE, INSIDE)
    preview = importer.import_file(path, "kegiatan", scope=(CILEGON,), dry_run=True, lang="en")
    assert (preview.rows_read, preview.rows_imported, preview.rows_rejected) == (3, 2, 1)
    assert preview.exit_code == 1
    [issue] = preview.errors
    assert (issue.row, issue.column, issue.value) == (3, "kode_desa", OUTSIDE)
    assert issue.message.startswith("Row 3, column 'kode_desa': code 36.04.05.2001 lies outside your region(s)")
    assert "Kota Cilegon" in issue.message and "ask your admin" in issue.message
    assert [r["row"] for r in preview.rows if r.get("status") == "rejected"] == [3]
    # all or nothing by default: nothing stored; with skip_invalid only the two rows inside
    assert importer.import_file(path, "kegiatan", scope=(CILEGON,)).import_id is None
    done = importer.import_file(path, "kegiatan", scope=(CILEGON,), skip_invalid=True, imported_by="ana@dinas.go.id")
    assert done.import_id is not None and done.rows_imported == 2
    with Store(read_only=True) as store:
        assert set(store.table("kegiatan")["kode_desa"]) == {INSIDE}
        assert store.import_log()["imported_by"].tolist() == ["ana@dinas.go.id"]


def test_an_admin_or_a_laptop_imports_everywhere(db, write_csv):
    report = importer.import_file(_kegiatan(write_csv, INSIDE, OUTSIDE), "kegiatan", scope=access.LOCAL.scope)
    assert report.exit_code == 0 and report.rows_imported == 2


def test_targets_of_a_wider_region_are_outside_an_operators_kab_kota(db, write_csv):
    path = write_csv(
        "target.csv", [["kode_wilayah", "tahun", "target_kampung"], ["36", 2024, 300], [CILEGON, 2024, 20]]
    )
    report = importer.import_file(path, "target", scope=(CILEGON,), dry_run=True)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(2, "kode_wilayah", "36")]
    assert "di luar wilayah Anda" in report.errors[0].message


# --- pure checks -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "scope", "expected"),
    [
        (INSIDE, (CILEGON,), True),
        (CILEGON, (CILEGON,), True),
        (OUTSIDE, (CILEGON,), False),
        ("36.720.01.1001", (CILEGON,), False),  # a prefix of the text is not a parent region
        ("36", (CILEGON,), False),
        (None, (CILEGON,), False),
        (OUTSIDE, ("36.04", CILEGON), True),
        (OUTSIDE, None, True),
        (OUTSIDE, (), False),
    ],
)
def test_inside(code, scope, expected):
    assert access.inside(code, scope) is expected


@pytest.mark.parametrize(
    ("user", "can_import", "can_manage", "scope"),
    [
        (access.User("a@b.id", "viewer"), False, False, ()),
        (access.User("a@b.id", "operator", (CILEGON,)), True, False, (CILEGON,)),
        (access.User("a@b.id", "admin"), True, True, None),
        (access.LOCAL, True, True, None),
    ],
)
def test_roles(user, can_import, can_manage, scope):
    assert (user.can_import, user.can_manage, user.scope) == (can_import, can_manage, scope)


def test_normalize_codes():
    assert access.normalize_codes(["3672", "36.72", "36"]) == ("36", CILEGON)
    with pytest.raises(Exception, match="'36.99' bukan kode wilayah"):
        access.normalize_codes(["36.99"])


def test_rebuilding_the_demo_keeps_the_users(capsys, db):
    assert _run(capsys, "users", "add", "kepala@dinas.go.id", "--role", "admin")[0] == 0
    assert _run(capsys, "users", "add", "ana@dinas.go.id", "--role", "operator", "--wilayah", "36.72")[0] == 0
    assert _run(capsys, "demo")[0] == 0
    assert [(u.email, u.role, u.wilayah) for u in access.list_users()] == [
        ("ana@dinas.go.id", "operator", (CILEGON,)),
        ("kepala@dinas.go.id", "admin", ()),
    ]
