"""The bulk executor checks free text in SQL (`bulk_sql.text_sql`): it must judge every cell as `values.parse_text`
does on the row-by-row path — blank, control character (with its code), or the text stripped."""

from __future__ import annotations

import json

import duckdb
import pyarrow as pa
import pytest

from kkb_dashboard.rules import values
from kkb_dashboard.storage import bulk, bulk_sql

CELLS = [
    "Balai RW 02",
    "  dua spasi  ",
    "\tTab dan baris\n",
    "\xa0tanpa putus\u3000",
    "\x85",
    " ",
    "",
    None,
    "KKB\x00Teratai",
    "a\x1fb",
    "\x1f",
    "akhir\x7f",
    "C1\x9f",
    "Café Ñusa",
]


@pytest.mark.parametrize("cell", CELLS)
def test_sql_text_check_agrees_with_parse_text(cell):
    con = duckdb.connect()
    con.register("s", pa.table({"c": pa.array([cell], pa.string())}))
    sql = bulk_sql.text_sql("s.c")
    value, problem, params, empty = con.execute(
        f"SELECT {sql['value']}, {sql['problem']}, {sql['params']}, {sql['empty']} FROM s"
    ).fetchone()
    expected = bulk._outcome(cell, values.parse_text)
    assert (value, problem, params and json.loads(params), empty) == (
        expected[0],
        expected[1],
        expected[2] and json.loads(expected[2]),
        expected[3],
    )
