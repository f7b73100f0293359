"""The bulk executor of `validation`: large tables (≥ readers.LARGE_TABLE rows) checked inside an in-memory DuckDB.

The rows never become Python objects. Each column's distinct values are parsed once in Python with the very
parsers the small-file path uses (`values.parser_for`, `rowrules.code_problem`), so both paths accept and
reject exactly the same cells; the results go back into DuckDB as a small lookup table and one join per column
gives every row its parsed value and problem. A column whose every distinct value parses to itself (the usual
case for typed Parquet) needs no join at all, and free text (often a distinct value per row) is checked in SQL by
the same rule (`bulk_sql.text_sql`). Kind checks (periods, defaults, warnings) and duplicate keys are
SQL over the parsed view. Every rejected row is counted; messages are kept for the first `MAX_ISSUES` rows per
column and problem (plus one line saying how many more), because a file of 20 million bad rows must not become
20 million messages. The valid rows, typed as the store keeps them, go into a DuckDB store by their query run on
the store's own connection (`BulkRows.into`), or leave as a stream of Arrow batches (PostgreSQL's COPY).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from kkb_dashboard.rules import schema
from kkb_dashboard.rules.schema import Column, Kind
from kkb_dashboard.storage import readers

from ..rules import regions
from ..rules.values import is_empty, parser_for
from .bulk_sql import blank_sql, column_errors, duckdb_type, kind_warnings, quote, text_sql
from .readers import ROW, RawTable
from .rowrules import code_problem
from .store import table_columns

#: Kinds the bulk path handles (indikator, with its wide form, always takes the row-by-row path).
KINDS = frozenset({"kampung", "kegiatan", "profil", "klasifikasi", "target"})
#: Messages kept per column and problem; the rest are counted.
MAX_ISSUES = 100
#: Rejected rows listed in the row outcomes (the accepted ones are only counted).
MAX_OUTCOMES = 1000
#: Rows per streamed batch (DuckDB's row group size: a DuckDB table appending the batches fills whole groups).
_BATCH_ROWS = 122_880
_VALUE_TYPES = {
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "tanggal_or_year": "DATE",
    "year": "INTEGER",
}
_NAMES = frozenset(schema.LOCATION_COLUMNS[1:]) | {"nama_kampung"}


def eligible(raw: RawTable, kind: Kind) -> bool:
    """Whether `raw` goes the bulk way: a large table of a bulk kind, located by codes, with typed or text cells.

    Rows located by names (no code) need the name matcher row by row: a table with name columns takes the bulk
    path only when every row has a code (checked later, `needs_names`)."""
    code = "kode_desa" if kind.by_desa else "kode_wilayah"
    if kind.name not in KINDS or raw.row_count < _threshold() or code not in raw.columns:
        return False
    if raw.parquet is not None:
        return True
    # A grid from CSV holds text only; an Excel grid mixes native values, which the row path reads as they are.
    return all(
        pd.api.types.infer_dtype(raw.frame[c], skipna=True) in ("string", "empty")
        for c in raw.frame.columns
        if c != ROW
    )


def _threshold() -> int:
    return readers.LARGE_TABLE  # read at call time: tests lower it to send small files this way


#: DuckDB's memory for validating one large table: with the writer's (store.WRITE_MEMORY_LIMIT) and the rows read
#: it keeps an import of a 200 MB CSV under 1 GB (bench/bench_import_scale.py).
MEMORY_LIMIT = "256MB"


@dataclass
class BulkRows:
    """The valid rows of a bulk validation, still inside DuckDB: stream them, materialise a DataFrame, or run their
    query on the store's own DuckDB connection (`into`)."""

    con: duckdb.DuckDBPyConnection
    query: str
    #: stored columns the rows carry (from the file or derived from it); the others are NULL in `query`
    present: tuple[str, ...] = ()
    #: the key's first column (kode_desa or kode_wilayah)
    code: str = "kode_desa"
    #: what `query` reads besides the file, in the order made: ("table", name) for a table of the validation,
    #: ("view", CREATE VIEW statement), ("frame", name, object) for a registered frame
    parts: list[tuple] = field(default_factory=list)

    def codes(self) -> list[str]:
        """The distinct codes of the valid rows."""
        return [r[0] for r in self.con.sql(f"SELECT DISTINCT {quote(self.code)} FROM ({self.query})").fetchall()]

    def keep(self, kind: str, stored: pd.DataFrame | None) -> None:
        """Take the columns of `stored` (merging.stored_values) that the rows lack from the stored row of the
        same key, so that `batches` and `frame` carry them (see merging)."""
        if stored is None:
            return
        columns = table_columns(kind)
        key = [k for k in schema.KINDS[kind].key if k in stored.columns]
        self.con.register("kept_rows", stored)
        match = " AND ".join(
            f"v.{quote(k)} IS NOT DISTINCT FROM CAST(k.{quote(k)} AS {duckdb_type(columns[k])})" for k in key
        )
        kept = ", ".join(
            f"CAST(k.{quote(c)} AS {duckdb_type(columns[c])}) AS {quote(c)}" for c in stored if c not in key
        )
        self.query = f"SELECT v.* REPLACE ({kept}) FROM ({self.query}) v LEFT JOIN kept_rows k ON {match}"
        self.parts.append(("frame", "kept_rows", stored))

    def batches(self, rows: int = _BATCH_ROWS):
        """A pyarrow RecordBatchReader over the valid rows (read it once)."""
        return self.con.sql(self.query).to_arrow_reader(rows)

    def frame(self) -> pd.DataFrame:
        """Every valid row as a DataFrame (previews and classifying a file that is not stored)."""
        return self.con.sql(self.query).df()

    def into(self, con: duckdb.DuckDBPyConnection) -> str:
        """`query`, made runnable on another DuckDB connection (the store's writer), so the rows go into the store
        without leaving the engine (streamed as Arrow they cost a copy out and a copy in): the tables it joins
        (one row per distinct cell, and the rejected rows) are copied there as temporary tables, its views made
        again as temporary views, its frames registered. `forget` removes them."""
        for part in self.parts:
            if part[0] == "table":
                con.register("_copied", self.con.sql(f"SELECT * FROM {part[1]}").to_arrow_table())
                con.execute(f"CREATE OR REPLACE TEMP TABLE {part[1]} AS SELECT * FROM _copied")
                con.unregister("_copied")
            elif part[0] == "view":
                con.execute(part[1].replace("CREATE VIEW", "CREATE OR REPLACE TEMP VIEW", 1))
            else:
                con.register(part[1], part[2])
        return self.query

    def forget(self, con: duckdb.DuckDBPyConnection) -> None:
        """Remove from `con` what `into` made there."""
        for part in reversed(self.parts):
            if part[0] == "frame":
                con.unregister(part[1])
            else:
                name = part[1] if part[0] == "table" else part[1].split()[2]
                con.execute(f"DROP {part[0].upper()} IF EXISTS temp.{name}")

    def close(self) -> None:
        """Free the in-memory database."""
        self.con.close()


class _Bulk:
    """One table's validation: the source view, its parsed view, and the issues found."""

    def __init__(self, raw: RawTable, kind: Kind, scope: str | None, issues, today: dt.date, register):
        self.raw, self.kind, self.scope, self.issues, self.today = raw, kind, scope, issues, today
        #: what the valid rows' query reads (`BulkRows.parts`), recorded as it is made
        self.parts: list[tuple] = []
        # DuckDB would keep up to 80 % of the RAM for the scans; capped so a national import stays in the app's
        # memory budget (it spills to a temporary folder instead)
        self.con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
        self.code = "kode_desa" if kind.by_desa else "kode_wilayah"
        self._source()
        self.types = dict(self.con.execute("SELECT column_name, column_type FROM (DESCRIBE src)").fetchall())
        self.present = [c for c in kind.columns if c.name in self.source_columns]
        self.register = register
        self.rejected_issues: list[tuple] = []

    # --- the source
    def _source(self) -> None:
        raw = self.raw
        if raw.parquet is not None:
            names = ", ".join(f"{quote(original)} AS {quote(name)}" for name, original in raw.parquet_columns.items())
            path = str(raw.parquet).replace("'", "''")
            self._view(
                f"CREATE VIEW file_rows AS SELECT file_row_number + 2 AS {ROW}, {names} "
                f"FROM read_parquet('{path}', file_row_number = true)"
            )
            types = dict(self.con.execute("SELECT column_name, column_type FROM (DESCRIBE file_rows)").fetchall())
            blank = " AND ".join(blank_sql(c, types[c]) for c in raw.parquet_columns)
            # Blank rows found once (there are seldom any), not on every one of the many scans of `src`.
            self.con.execute(f"CREATE TEMP TABLE blank_rows AS SELECT {ROW} FROM file_rows WHERE {blank}")
            skip = self.con.execute("SELECT count(*) FROM blank_rows").fetchall()[0][0]
            if skip:
                self.parts.append(("table", "blank_rows"))
            self._view(
                "CREATE VIEW src AS SELECT * FROM file_rows" + (f" ANTI JOIN blank_rows USING ({ROW})" if skip else "")
            )
            self.source_columns = list(raw.parquet_columns)
        else:
            frame = raw.frame.astype({c: "string" for c in raw.frame.columns if c != ROW})
            # As Arrow (the text columns are Arrow arrays already): DuckDB scans a pandas frame's text through
            # Python objects, a copy several times the file's size.
            rows = pa.Table.from_pandas(frame, preserve_index=False)
            self.con.register("frame_rows", rows)
            self.parts.append(("frame", "frame_rows", rows))
            self._view("CREATE VIEW src AS SELECT * FROM frame_rows")
            self.source_columns = [c for c in raw.frame.columns if c != ROW]

    def _view(self, sql: str) -> None:
        """CREATE VIEW `sql`, recorded as a part of the valid rows' query."""
        self.con.execute(sql)
        self.parts.append(("view", sql))

    def needs_names(self) -> bool:
        """True when some row has no code but a name to locate it by (validation._locate_by_name)."""
        names = [c for c in self.source_columns if c in _NAMES]
        if not self.kind.by_desa or not names:
            return False
        some_name = " OR ".join(f"NOT {blank_sql(c, 'VARCHAR', cast=True)}" for c in names)
        no_code = blank_sql(self.code, "VARCHAR", cast=True)
        query = f"SELECT count(*) FROM (SELECT 1 FROM src WHERE {no_code} AND ({some_name}) LIMIT 1)"
        return bool(self.con.execute(query).fetchall()[0][0])

    # --- parsing each column through its distinct values
    def _parse_column(self, column: Column, i: int) -> dict[str, str]:
        """SQL expressions (value, problem, params, empty, and year for formation dates) for one column."""
        name = column.name
        if column.type == "text" and self.types.get(name) == "VARCHAR":
            return text_sql(f"s.{quote(name)}")
        table = f"d{i}"
        self.con.execute(f"CREATE TEMP TABLE {table} AS SELECT DISTINCT {quote(name)} AS raw FROM src")
        distinct = self.con.execute(f"SELECT rowid, raw FROM {table}").fetchall()
        parse = self._parser(column)
        parsed = [(rid, *_outcome(raw, parse)) for rid, raw in distinct]
        if all(
            problem is None and not empty and _same(raw, value)
            for (_, raw), (_, value, problem, _, empty) in zip(distinct, parsed, strict=True)
        ):
            source = f"s.{quote(name)}"
            return {"value": source, "problem": "NULL", "params": "NULL", "empty": f"({source} IS NULL)", "join": ""}
        sql_type = _VALUE_TYPES.get(column.type, "VARCHAR")
        # Built column by column: a frame built from the tuples would turn counts with a None into NaN floats.
        ids, values, problems, params, empties = zip(*parsed, strict=True)
        lookup = pd.DataFrame(
            {
                "id": pd.array(ids, dtype="int64"),
                "value": pd.array([_text(v[0] if isinstance(v, tuple) else v) for v in values], dtype="string"),
                "year": pd.array([v[1] if isinstance(v, tuple) else None for v in values], dtype="Int64"),
                "problem": pd.array(problems, dtype="string"),
                "params": pd.array(params, dtype="string"),
                "empty": np.array(empties, dtype=bool),
            }
        )
        self.con.register("lookup_rows", lookup)
        self.con.execute(
            f"CREATE TEMP TABLE m{i} AS SELECT d.raw, CAST(l.value AS {sql_type}) AS value, "
            f"l.year, l.problem, l.params, l.empty FROM {table} d JOIN lookup_rows l ON d.rowid = l.id"
        )
        self.con.unregister("lookup_rows")
        self.parts.append(("table", f"m{i}"))
        alias = f"m{i}"
        return {
            "value": f"{alias}.value",
            "problem": f"{alias}.problem",
            "params": f"{alias}.params",
            "empty": f"coalesce({alias}.empty, true)",
            "year": f"{alias}.year",
            "join": f" LEFT JOIN m{i} {alias} ON s.{quote(name)} = {alias}.raw",
        }

    def _parser(self, column: Column):
        if column.name == self.code:
            level = 4 if self.kind.by_desa else 0
            return lambda value: code_problem(value, level, self.scope)
        return parser_for(column.type, self.today, column.bounds)

    def parse(self) -> None:
        """Build view `p`: `_row`, each column's parsed value, and table `bad` with every error found so far."""
        selects, joins, errors = [f"s.{ROW}"], [], []
        for i, column in enumerate(self.present):
            if column.name in _NAMES and not (column.name == "nama_kampung" and self.kind.name == "kampung"):
                continue
            sql = self._parse_column(column, i)
            joins.append(sql["join"])
            selects.append(f"{sql['value']} AS {quote(column.name)}")
            if column.type == "tanggal_or_year":
                selects.append(f"{sql.get('year', 'NULL')} AS tahun_pencanangan")
            if sql["problem"] != "NULL" or column.required or column.name == self.code:  # else no cell is wrong
                errors.append(column_errors(column, i, sql, self.code))
        self._view(f"CREATE VIEW p0 AS SELECT {', '.join(selects)} FROM src s{''.join(joins)}")
        errors.insert(
            0,
            f"SELECT NULL::BIGINT AS {ROW}, 0 AS ord, NULL::VARCHAR AS col, NULL::VARCHAR AS raw, "
            "NULL::VARCHAR AS key, NULL::VARCHAR AS params WHERE false",
        )
        self.con.execute(f"CREATE TEMP TABLE bad AS {' UNION ALL '.join(errors)}")
        for row in self.raw.overflow_rows:
            self.con.execute(
                "INSERT INTO bad VALUES (?, -1, NULL, NULL, 'data.overflow_cells', ?)",
                [row, json.dumps({"separator": self.raw.separator or ","})],
            )

    # --- the kind's own checks, on the parsed rows
    def kind_view(self) -> None:
        """View `p`: `p0` with the kind's derived columns (kegiatan: the month of a dated row, jumlah 1)."""
        columns = set(self.source_columns)
        if self.kind.name != "kegiatan":
            self._view("CREATE VIEW p AS SELECT * FROM p0")
            return
        periode = "periode" if "periode" in columns else "NULL::VARCHAR"
        if "tanggal" in columns:
            periode = f"coalesce(strftime(tanggal, '%Y-%m'), {periode})"
        jumlah = "coalesce(jumlah, 1)" if "jumlah" in columns else "1::BIGINT"
        replaced = [c for c in ("periode", "jumlah") if c in columns]
        exclude = f" EXCLUDE ({', '.join(replaced)})" if replaced else ""
        self._view(f"CREATE VIEW p AS SELECT *{exclude}, {periode} AS periode, {jumlah} AS jumlah FROM p0")
        order = len(self.kind.columns)
        self.con.execute(
            f"INSERT INTO bad SELECT {ROW}, {order}, 'periode', NULL, 'data.no_period', NULL FROM p "
            f"WHERE periode IS NULL AND {ROW} NOT IN "
            f"(SELECT {ROW} FROM bad WHERE col IN ('tanggal', 'periode'))"
        )

    def duplicates(self) -> None:
        """Rows whose key repeats an earlier row's: the later ones are errors naming the first.

        Grouping 20 million rows by five text columns takes DuckDB seconds and gigabytes; so each row's key is
        hashed, the hashes sorted in numpy, and only rows whose hash repeats are grouped exactly."""
        view = {r[0] for r in self.con.execute("SELECT column_name FROM (DESCRIBE p)").fetchall()}
        key = [c for c in self.kind.key if c in view]
        cols = ", ".join(quote(c) for c in key)
        located = f"{quote(key[0])} IS NOT NULL"
        hashes = np.sort(self.con.sql(f"SELECT hash({cols}) AS h FROM p WHERE {located}").fetchnumpy()["h"])
        repeated = np.unique(hashes[1:][hashes[1:] == hashes[:-1]])
        del hashes
        if not len(repeated):
            return
        self.con.register("repeated_hashes", pd.DataFrame({"h": repeated}))
        self.con.execute(
            f"CREATE TEMP TABLE candidates AS SELECT {ROW}, {cols} FROM p "
            f"WHERE {located} AND hash({cols}) IN (SELECT h FROM repeated_hashes)"
        )
        self.con.execute(
            f"CREATE TEMP TABLE dup AS SELECT {cols}, min({ROW}) AS first FROM candidates "
            f"GROUP BY ALL HAVING count(*) > 1"
        )
        match = " AND ".join(f"k.{quote(c)} IS NOT DISTINCT FROM d.{quote(c)}" for c in key)
        params = f"json_object('first', d.first, 'key', '{', '.join(key)}')"
        self.con.execute(
            f"INSERT INTO bad SELECT k.{ROW}, {len(self.kind.columns) + 1}, '{key[0]}', "
            f"CAST(k.{quote(key[0])} AS VARCHAR), 'data.duplicate', {params} "
            f"FROM candidates k JOIN dup d ON {match} WHERE k.{ROW} <> d.first"
        )

    def warnings(self) -> list[tuple[str, str, str]]:
        """(column, message key, SQL SELECT of _row, value and params JSON) of the kind's warnings."""
        registered = self.kind.name == "kegiatan" and self.register is not None
        if registered:
            self.con.register("register_rows", self.register[["kode_desa"]].astype("string"))
        return kind_warnings(self.kind.name, set(self.source_columns), self.issues.header, registered)

    # --- reporting
    def report_errors(self) -> int:
        """Errors into the collector (first MAX_ISSUES per column and problem); returns the rejected row count."""
        rows = self.con.execute(
            f"SELECT {ROW}, col, raw, key, params, n, total FROM (SELECT *, row_number() OVER "
            f"(PARTITION BY ord, key ORDER BY {ROW}) AS n, count(*) OVER (PARTITION BY ord, key) AS total "
            f"FROM bad) WHERE n <= {MAX_ISSUES} ORDER BY ord, key, {ROW}"
        ).fetchall()
        self._collect(self.issues.error, rows)
        return self.con.execute(f"SELECT count(DISTINCT {ROW}) FROM bad").fetchall()[0][0]

    def report_warnings(self) -> None:
        """Warnings into the collector, first MAX_ISSUES per check."""
        for column, key, select in self.warnings():
            rows = self.con.execute(
                f"SELECT *, '{column}', '{key}' FROM ({select}) w ORDER BY 1 LIMIT {MAX_ISSUES + 1}"
            ).fetchall()
            total = (
                self.con.execute(f"SELECT count(*) FROM ({select}) w").fetchall()[0][0]
                if len(rows) > MAX_ISSUES
                else len(rows)
            )
            self._collect(
                self.issues.warn,
                [(r[0], r[3], r[1], r[4], r[2], n, total) for n, r in enumerate(rows[:MAX_ISSUES], start=1)],
            )

    def _collect(self, add, rows) -> None:
        for row, col, raw, key, params, n, total in rows:
            values = json.loads(params) if params else {}
            if key == "data.not_registered":
                values = {"code": regions.label(raw)}
            add(row, col, raw, key, **values)
            if n == MAX_ISSUES and total > MAX_ISSUES:
                example = (
                    self.issues.errors[-1].message if add == self.issues.error else self.issues.warnings[-1].message
                )
                add(
                    None,
                    col,
                    None,
                    "bulk.more_issues",
                    column=self.issues.header(col),
                    count=total - MAX_ISSUES,
                    shown=MAX_ISSUES,
                    example=example,
                )

    def outcomes(self) -> list[dict]:
        """Row outcomes of the first MAX_OUTCOMES rejected rows (accepted rows are only counted)."""
        code = self.code
        rows = self.con.execute(
            f"SELECT {ROW}, {quote(code)} FROM p WHERE {ROW} IN (SELECT {ROW} FROM bad) "
            f"ORDER BY {ROW} LIMIT {MAX_OUTCOMES}"
        ).fetchall()
        out = []
        for row, value in rows:
            entry = {
                "row": int(row),
                "kode_desa": value,
                "match": "code" if value else "failed",
                "score": 100.0 if value else 0.0,
                "status": "rejected",
            }
            if not self.kind.by_desa:
                entry.update(kode_wilayah=value, kode_desa=value if value and regions.level_of(value) == 4 else None)
            out.append(entry)
        return out

    def valid_rows(self) -> BulkRows:
        """The valid rows as the store's columns (import_id aside), typed as stored."""
        view = {r[0] for r in self.con.execute("SELECT column_name FROM (DESCRIBE p)").fetchall()}
        columns = {c: t for c, t in table_columns(self.kind.name).items() if c != "import_id"}
        select = ", ".join(
            f"CAST({quote(c) if c in view else 'NULL'} AS {duckdb_type(t)}) AS {quote(c)}" for c, t in columns.items()
        )
        self.con.execute(f"CREATE TEMP TABLE rejected AS SELECT DISTINCT {ROW} FROM bad")
        self.parts.append(("table", "rejected"))
        present = tuple(c for c in columns if c in view)
        query = f"SELECT {select} FROM p ANTI JOIN rejected USING ({ROW})"
        return BulkRows(self.con, query, present, self.code, list(self.parts))


def validate(raw: RawTable, kind: Kind, scope: str | None, issues, today: dt.date, register):
    """Validate a large table; returns (rows_read, outcomes, rejected row count, BulkRows), or None when some
    row must be located by name (the caller then takes the row-by-row path)."""
    bulk = _Bulk(raw, kind, scope, issues, today, register)
    try:
        if bulk.needs_names():
            bulk.con.close()
            return None
        bulk.parse()
        bulk.kind_view()
        bulk.duplicates()
        rejected = bulk.report_errors()
        bulk.report_warnings()
        rows_read = bulk.con.execute("SELECT count(*) FROM src").fetchall()[0][0]
        return rows_read, bulk.outcomes(), rejected, bulk.valid_rows()
    except Exception:
        bulk.con.close()
        raise


def _outcome(raw: object, parse) -> tuple[object, str | None, str | None, bool]:
    """(value, problem key, params JSON, empty) of one distinct cell."""
    if is_empty(raw):
        return None, None, None, True
    value, problem = parse(raw)
    if problem is None:
        return value, None, None, False
    return None, problem[0], json.dumps(problem[1], default=str), False


def _same(raw: object, value: object) -> bool:
    """The parsed value is the cell itself (so the column needs no lookup)."""
    return raw is None and value is None or type(raw) is type(value) and raw == value


def _text(value: object) -> str | None:
    """A parsed value as text DuckDB casts back (None stays NULL)."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)
