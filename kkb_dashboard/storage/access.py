"""Who may do what: the users of a dashboard with login (e-mail, role, regions) and the checks made with them.

Roles: a `viewer` sees every page; an `operator` also imports rows inside their region(s); an `admin` imports
anywhere and manages boundaries and users. Users live in the store's `users` table and are managed with
`python -m kkb_dashboard users add|list|remove` (or by an admin on the Data page). Without login configured
(a laptop) the one local user may do everything (`LOCAL`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from ..errors import InputError
from ..i18n import t
from ..rules import regions
from .store import Store

ROLES = ("viewer", "operator", "admin")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class User:
    """A person allowed in: `email` (lower case), `role` (one of ROLES), `wilayah` (an operator's region codes)."""

    email: str
    role: str
    wilayah: tuple[str, ...] = ()

    @property
    def can_import(self) -> bool:
        """Operators and admins import; viewers only look."""
        return self.role in ("operator", "admin")

    @property
    def can_manage(self) -> bool:
        """Admins also fetch boundaries and manage users."""
        return self.role == "admin"

    @property
    def scope(self) -> tuple[str, ...] | None:
        """The regions this user may import into: None = everywhere (admin), else the operator's codes."""
        return None if self.role == "admin" else self.wilayah

    @property
    def imported_by(self) -> str | None:
        """What the import log records for this user (None for the local user of a laptop)."""
        return self.email or None


#: The one user of a dashboard without login: everything allowed, as on a laptop.
LOCAL = User("", "admin")


# --- pure checks ---------------------------------------------------------------------------------------------


def normalize_email(text: object, lang: str = "id") -> str:
    """`text` as a stored e-mail address (trimmed, lower case); InputError when it is not one."""
    email = str(text or "").strip().lower()
    if not _EMAIL.match(email):
        raise InputError(t("access.bad_email", lang, email=email))
    return email


def normalize_codes(codes, lang: str = "id") -> tuple[str, ...]:
    """Region codes as stored (zero-padded, dotted, known to the registry, sorted, once each); InputError names
    the first code that is not one."""
    found = []
    for value in codes or ():
        code = regions.normalize_code(value)
        if code is None or not regions.is_known(code):
            raise InputError(t("access.bad_code", lang, code=value))
        found.append(code)
    return tuple(sorted(set(found)))


def inside(code: str | None, scope: tuple[str, ...] | None) -> bool:
    """Whether `code` lies in one of the regions of `scope` (None = everywhere; an empty scope holds nothing)."""
    if scope is None:
        return True
    return bool(code) and any(code == region or code.startswith(region + ".") for region in scope)


def scope_label(scope: tuple[str, ...]) -> str:
    """The regions of a scope as people read them: `36.72 Kota Cilegon, 36.04 Kabupaten Serang`."""
    return ", ".join(regions.label(code) for code in scope)


# --- the users table -------------------------------------------------------------------------------------------


def add_user(email: str, role: str, wilayah=(), *, db=None, lang: str = "id") -> User:
    """Add a user, or change the role and regions of one already there; returns the stored user.

    An operator needs at least one region; a viewer's or admin's regions are not kept (they do not restrict)."""
    if role not in ROLES:
        raise InputError(t("access.bad_role", lang, role=role, roles=" | ".join(ROLES)))
    user = User(normalize_email(email, lang), role, normalize_codes(wilayah, lang) if role == "operator" else ())
    if role == "operator" and not user.wilayah:
        raise InputError(t("access.operator_needs_region", lang))
    with Store(db) as store, store.transaction():
        store.execute("DELETE FROM users WHERE email = ?", [user.email])
        store.execute(
            "INSERT INTO users (email, role, wilayah, waktu) VALUES (?, ?, ?, ?)",
            [user.email, user.role, " ".join(user.wilayah), dt.datetime.now()],
        )
    return user


def remove_user(email: str, *, db=None, lang: str = "id") -> bool:
    """Remove a user; False when there was none with that e-mail."""
    address = normalize_email(email, lang)
    with Store(db) as store, store.transaction():
        found = store.scalar("SELECT count(*) FROM users WHERE email = ?", [address])
        store.execute("DELETE FROM users WHERE email = ?", [address])
    return bool(found)


def list_users(db=None) -> list[User]:
    """Every user, by e-mail (none while the store has no users table yet)."""
    rows = _rows(db, "SELECT email, role, wilayah FROM users ORDER BY email")
    return [User(r.email, r.role, tuple((r.wilayah or "").split())) for r in rows.itertuples()]


def find_user(email: str | None, db=None) -> User | None:
    """The user with this e-mail (any case), or None."""
    address = str(email or "").strip().lower()
    if not address:
        return None
    rows = _rows(db, "SELECT email, role, wilayah FROM users WHERE email = ?", [address])
    return (
        None
        if rows.empty
        else User(rows.iloc[0]["email"], rows.iloc[0]["role"], tuple(rows.iloc[0]["wilayah"].split()))
    )


def users_table(users: list[User], lang: str = "id") -> pd.DataFrame:
    """Users as a table to show: e-mail, role, regions (code and name)."""
    return pd.DataFrame(
        {
            t("access.col_email", lang): [u.email for u in users],
            t("access.col_role", lang): [t(f"access.role_{u.role}", lang) for u in users],
            t("access.col_wilayah", lang): [scope_label(u.wilayah) or "–" for u in users],
        }
    )


def _rows(db, query: str, params: list | None = None) -> pd.DataFrame:
    """A read of the users table, read-only; an empty frame while the store or the table does not exist yet."""
    from . import store as store_module

    if not store_module.exists(db):
        return pd.DataFrame(columns=["email", "role", "wilayah"])
    with Store(db, read_only=True) as store:
        if not store.scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'users' "
            "AND table_schema = current_schema()"
        ):
            return pd.DataFrame(columns=["email", "role", "wilayah"])
        return store.sql(query, params)


# --- an operator's import ----------------------------------------------------------------------------------------


def restrict(raw, checked, scope: tuple[str, ...] | None, lang: str = "id") -> None:
    """Reject, row by row, the valid rows of `checked` (a validation.Validated of `raw`) located outside `scope`:
    each gets an error naming its row, the code column, the code and the fix, and is no longer stored.
    Nothing happens for an unrestricted scope (None)."""
    if scope is None:
        return
    column = "kode_desa" if _by_desa(checked) else "kode_wilayah"
    if checked.bulk is not None:
        _restrict_bulk(raw, checked, scope, column, lang)
        return
    frame = checked.frame
    outside = ~frame[column].map(lambda code: inside(code, scope)).astype(bool)
    for row, code in zip(frame.loc[outside, "_row"], frame.loc[outside, column], strict=True):
        checked.errors.append(_issue(raw, int(row), column, code, scope, lang))
    rejected = set(frame.loc[outside, "_row"].astype(int))
    for outcome in checked.rows:
        if outcome["row"] in rejected:
            outcome["status"] = "rejected"
    checked.frame = frame[~outside].reset_index(drop=True)


def _by_desa(checked) -> bool:
    from ..rules import schema

    return schema.KINDS[checked.kind].by_desa


def _issue(raw, row: int, column: str, code, scope, lang: str):
    from .validation import Issue

    header = raw.columns.get(column, column)
    where = t("data.where", lang, row=row, column=header)
    problem = t("access.outside_scope", lang, code=code, wilayah=scope_label(scope))
    return Issue(row, header, None if code is None else str(code), where + problem, "access.outside_scope")


def _restrict_bulk(raw, checked, scope, column: str, lang: str) -> None:
    """The same for a large table whose valid rows are still in DuckDB (bulk.BulkRows: the parsed rows `p` less
    the `rejected` row numbers): rows outside are added to `rejected`, so the valid rows no longer hold them;
    every one is counted and the first `bulk.MAX_ISSUES` are listed."""
    from . import bulk

    con = checked.bulk.con
    quoted = [code.replace("'", "''") for code in scope]
    within = " OR ".join(f"\"{column}\" = '{code}' OR starts_with(\"{column}\", '{code}.')" for code in quoted)
    con.execute(
        f'CREATE TEMP TABLE outside_scope AS SELECT _row, "{column}" AS code FROM p '
        f'ANTI JOIN rejected USING (_row) WHERE "{column}" IS NULL OR NOT ({within})'
    )
    count = con.execute("SELECT count(*) FROM outside_scope").fetchall()[0][0]
    listed = con.execute(f"SELECT _row, code FROM outside_scope ORDER BY _row LIMIT {bulk.MAX_ISSUES}").fetchall()
    for row, code in listed:
        checked.errors.append(_issue(raw, int(row), column, code, scope, lang))
        checked.rows.append({"row": int(row), column: code, "match": "code", "score": 100.0, "status": "rejected"})
    con.execute("INSERT INTO rejected SELECT _row FROM outside_scope")
    checked.rejected_rows = (checked.rejected_rows or 0) + count


def own_imports(entries: pd.DataFrame, email: str) -> pd.DataFrame:
    """The import-log rows `email` imported (none in a log written before imports were signed)."""
    if "imported_by" not in entries.columns:
        return entries.iloc[0:0]
    return entries[entries["imported_by"] == email]


def carry_users(target, fresh) -> None:
    """Copy the users of the store `target` into `fresh`, the store built to replace it (importer.load_demo; a
    DuckDB file or a PostgreSQL schema, whose tables all replace the target's): rebuilding the data must not
    lock anyone out."""
    rows = _rows(target, "SELECT email, role, wilayah, waktu FROM users")
    if rows.empty:
        return
    with Store(fresh) as store, store.transaction():
        for row in rows.itertuples(index=False):
            store.execute("INSERT INTO users (email, role, wilayah, waktu) VALUES (?, ?, ?, ?)", list(row))
