"""SQL text of the bulk executor's checks (`bulk._Bulk`): quoting, the blank and free-text cell rules, each
column's error SELECT and each kind's warning SELECTs over the parsed view `p`.

Pure string building: no connection here, so each rule can be read (and tested) apart from the executor that runs it.
The rules mirror the row-by-row path (`values`, `rowrules`) so both judge every cell alike.
"""

from __future__ import annotations

from kkb_dashboard.rules.schema import Column

from .readers import ROW
from .rowrules import CONTRACEPTIVE_USERS, DENOMINATORS


def duckdb_type(sql_type: str) -> str:
    """A store column type as DuckDB spells it (`DOUBLE PRECISION` → `DOUBLE`)."""
    return sql_type.replace(" PRECISION", "")


def literal(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def quote(name: str) -> str:
    """`name` as a quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def blank_sql(column: str, sql_type: str, cast: bool = False) -> str:
    """SQL: the cell is blank as readers._is_blank sees it (NULL, NaN, or only spaces)."""
    name = quote(column)
    if sql_type in ("DOUBLE", "FLOAT"):
        return f"({name} IS NULL OR isnan({name}))"
    if sql_type == "VARCHAR" or cast:
        return f"({name} IS NULL OR trim(CAST({name} AS VARCHAR)) = '')"
    return f"({name} IS NULL)"


#: The characters Python's `str.strip` removes (`values.is_empty`, `values.parse_text`), for DuckDB's `trim`.
_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
#: `values._CONTROL` for DuckDB's regular expressions.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{7f}-\x{9f}]"


def text_sql(cell: str) -> dict[str, str]:
    """`values.parse_text` of a text cell as SQL, so that a column of free text (a distinct value per row) is not
    parsed value by value in Python: blank → empty; a control character → its problem; else the text stripped."""
    spaces = literal(_WHITESPACE)
    empty = f"({cell} IS NULL OR trim({cell}, {spaces}) = '')"
    control = f"regexp_extract({cell}, '{_CONTROL}')"
    bad = f"(NOT {empty} AND {control} <> '')"
    return {
        "value": f"CASE WHEN NOT {empty} AND NOT {bad} THEN trim({cell}, {spaces}) END",
        "problem": f"CASE WHEN {bad} THEN 'data.control_character' END",
        "params": f"CASE WHEN {bad} THEN json_object('code', 'U+' || format('{{:04X}}', ord({control}))) END",
        "empty": empty,
        "join": "",
    }


def column_errors(column: Column, order: int, sql: dict[str, str], code: str) -> str:
    """SELECT of one column's errors: a problem from its parser, or an empty required cell.

    `sql` is the column's parsed expressions (`bulk._Bulk._parse_column`), `code` the kind's code column."""
    empty_key = (
        ("data.no_location" if column.name == "kode_desa" else "data.required_empty")
        if column.name == code
        else "data.required_empty"
    )
    required = column.required or column.name == code
    empty = f"WHEN {required} AND {sql['empty']} THEN '{empty_key}'"
    raw = f"CAST(s.{quote(column.name)} AS VARCHAR)"
    return (
        f"SELECT * FROM (SELECT s.{ROW} AS {ROW}, {order} AS ord, '{column.name}' AS col, "
        f"CASE WHEN {sql['problem']} IS NOT NULL THEN {raw} END AS raw, "
        f"CASE WHEN {sql['problem']} IS NOT NULL THEN {sql['problem']} {empty} END AS key, "
        f"{sql['params']} AS params FROM src s{sql['join']}) WHERE key IS NOT NULL"
    )


def kind_warnings(kind: str, columns: set[str], header, registered: bool) -> list[tuple[str, str, str]]:
    """(column, message key, SQL SELECT of _row, value and params JSON) of the kind's warnings over view `p`.

    `columns` are the file's columns, `header(name)` the column as the file names it; `registered`: the table
    `register_rows` holds the register's codes (kegiatan rows of an unregistered Kampung KB are warned)."""
    if kind == "kampung" and {"lat", "lon"} & columns:
        lat = "lat" if "lat" in columns else "NULL::DOUBLE"
        lon = "lon" if "lon" in columns else "NULL::DOUBLE"
        return [
            (
                "lat",
                "data.point_outside_indonesia",
                f"SELECT {ROW}, concat(coalesce(CAST({lat} AS VARCHAR), 'None'), ', ', "
                f"coalesce(CAST({lon} AS VARCHAR), 'None')), NULL FROM p WHERE ({lat} IS NOT NULL AND NOT "
                f"{lat} BETWEEN -11.5 AND 6.5) OR ({lon} IS NOT NULL AND NOT {lon} BETWEEN 94.5 AND 141.5)",
            )
        ]
    if kind == "kegiatan" and registered:
        return [
            (
                "kode_desa",
                "data.not_registered",
                f"SELECT {ROW}, kode_desa, NULL FROM p WHERE kode_desa IS NOT NULL AND kode_desa NOT IN "
                f"(SELECT kode_desa FROM register_rows WHERE kode_desa IS NOT NULL)",
            )
        ]
    if kind == "profil":
        return _profile_warnings(columns, header)
    return []


def _profile_warnings(have: set[str], header) -> list[tuple[str, str, str]]:
    out = []
    for part, whole in DENOMINATORS:
        if part in have and whole in have:
            out.append(
                (
                    part,
                    "data.above_denominator",
                    f"SELECT {ROW}, CAST({part} AS VARCHAR), json_object('whole', "
                    f"{literal(header(whole))}, 'total', {whole}) FROM p "
                    f"WHERE {whole} IS NOT NULL AND coalesce({part}, 0) > {whole}",
                )
            )
    users = " + ".join(f"coalesce({c}, 0)" for c in CONTRACEPTIVE_USERS if c in have)
    if users and "pus" in have:
        out.append(
            (
                "pus",
                "data.cpr_above_100",
                f"SELECT {ROW}, CAST(pus AS VARCHAR), json_object('users', "
                f"{users}) FROM p WHERE pus IS NOT NULL AND {users} > pus",
            )
        )
    return out
