"""Rollups made at import: equal to direct aggregations of the base tables, kept right by re-imports, part of
every store's schema (made for a new one, upgraded on an older one's first write or by `upgrade`, a clear message
when an older one is only read), and the views read through `queries` equal figures computed here from the base
tables — for months the rollups hold and for a month after the data, which `queries` reads from the base tables."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pandas as pd
import pytest

from kkb_dashboard import cli
from kkb_dashboard.rules import schema, tier_rule
from kkb_dashboard.rules.filters import Filters
from kkb_dashboard.storage import access, importer, queries, rollups
from kkb_dashboard.storage.concurrency import StoreUnavailable
from kkb_dashboard.storage.store import Store
from kkb_dashboard.views import activities, metrics, tiers


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "kkb.duckdb"
    assert not any(r.exit_code for r in importer.load_demo(path))
    return path


@pytest.fixture
def demo_db(built_demo, db):
    shutil.copyfile(built_demo, db)
    return db


def _activity_sums(store: Store, width: int) -> pd.DataFrame:
    rows = store.sql("SELECT * FROM kegiatan")
    rows["kode_wilayah"] = rows["kode_desa"].str.slice(0, width)
    rows["jumlah_peserta"] = rows["jumlah"].where(rows["peserta"].notna())
    keys = ["kode_wilayah", "periode", "jenis_kegiatan", "seksi"]
    sums = rows.groupby(keys, dropna=False)[["jumlah", "peserta", "jumlah_peserta"]].sum().reset_index()
    return sums.sort_values(keys).reset_index(drop=True).astype({c: "int64" for c in queries.SUMS})


def _source(level: str) -> str:
    """The activity sums of a level as a table to select from (per desa: `rollups.DESA`)."""
    return rollups.DESA if level == "desa" else f"ru_kegiatan_{level}"


def _stored(store: Store, table: str) -> pd.DataFrame:
    """The rollup's rows summed per group (the desa table may split a group: readers always sum)."""
    keys = ["kode_wilayah", "periode", "jenis_kegiatan", "seksi"]
    frame = store.sql(f"SELECT * FROM {table}")
    frame = frame.fillna({c: 0 for c in queries.SUMS}).astype({c: "int64" for c in queries.SUMS})
    frame = frame.groupby(keys, dropna=False)[list(queries.SUMS)].sum().reset_index()
    return frame.sort_values(keys).reset_index(drop=True)[[*keys, *queries.SUMS]]


def test_desa_activity_rollup_sums_dated_reports_and_keeps_code_order(write_csv, db):
    """A desa's monthly count and its dated reports of the same month: the dated ones summed into one row, the
    monthly count kept as it is. The monthly counts come in the order imported, then the dated sums sorted by code
    (a file exported by region, in code order, gives a region one contiguous range in each)."""
    _import(
        write_csv,
        db,
        "kampung",
        [
            ["kode_desa", "nama_kampung", "tahun_pencanangan"],
            ["36.72.03.1001", "Kampung C", 2021],
            ["36.72.02.1001", "Kampung B", 2021],
            ["36.72.01.1001", "Kampung A", 2021],
        ],
    )
    _import(
        write_csv,
        db,
        "kegiatan",
        [
            ["kode_desa", "periode", "tanggal", "jenis_kegiatan", "jumlah", "peserta"],
            ["36.72.03.1001", "2024-01", "", "BKB", 5, ""],
            ["36.72.02.1001", "2024-01", "", "BKB", 3, ""],
            ["36.72.01.1001", "2024-01", "2024-01-05", "BKB", 1, 10],
            ["36.72.01.1001", "2024-01", "2024-01-19", "BKB", 2, ""],
            ["36.72.01.1001", "2024-01", "", "BKB", 4, 40],
        ],
    )
    with Store(db, read_only=True) as store:
        rows = store.sql(f"SELECT kode_wilayah, jumlah, peserta, jumlah_peserta FROM {rollups.DESA}")
    assert list(rows["kode_wilayah"]) == ["36.72.03.1001", "36.72.02.1001", "36.72.01.1001", "36.72.01.1001"]
    desa = rows[rows["kode_wilayah"] == "36.72.01.1001"].sort_values("jumlah")
    assert desa[["jumlah", "peserta", "jumlah_peserta"]].astype("Int64").values.tolist() == [[3, 10, 1], [4, 40, 4]]


@pytest.mark.parametrize("level", ["desa", "kec", "kab"])
def test_activity_rollups_equal_direct_sums(built_demo, level):
    with Store(built_demo, read_only=True) as store:
        assert rollups.fresh(store, "kegiatan") and rollups.fresh(store, "kampung")
        pd.testing.assert_frame_equal(
            _stored(store, _source(level)), _activity_sums(store, rollups.WIDTH[level]), check_dtype=False
        )


def test_partner_rollup_counts_each_named_agency(built_demo):
    with Store(built_demo, read_only=True) as store:
        rows = store.sql(
            "SELECT kode_desa, periode, jenis_kegiatan, instansi, jumlah FROM kegiatan WHERE instansi IS NOT NULL"
        )
        stored = store.sql("SELECT instansi, sum(jumlah) AS n FROM ru_mitra GROUP BY 1")
    named = rows.assign(instansi=rows["instansi"].str.split(";")).explode("instansi")
    named["instansi"] = named["instansi"].str.strip()
    named = named[named["instansi"] != ""].reset_index().drop_duplicates(["index", "instansi"])
    expected = named.groupby("instansi")["jumlah"].sum()
    assert stored.set_index("instansi")["n"].astype(int).sort_index().to_dict() == expected.sort_index().to_dict()


def test_tier_rollup_equals_classifying_each_month(built_demo):
    with Store(built_demo, read_only=True) as store:
        stored = store.sql("SELECT * FROM ru_kampung_bulan")
        for month in ("2023-01", "2023-07", "2024-03", "2024-12"):
            kampung = metrics.kampung_as_of(store, "", month)
            direct = metrics.tiers_as_of(store, "", month).set_index("kode_desa")
            rows = stored[(stored["periode"] == month) & stored["terbentuk"]].set_index("kode_desa").sort_index()
            assert list(rows.index) == sorted(kampung["kode_desa"])
            for column in (
                "klasifikasi",
                "indeks_input",
                "indeks_proses",
                "indeks_output",
                *(f"skor_{n}" for n in tier_rule.SCORE_NAMES),
            ):
                assert rows[column].tolist() == direct.loc[rows.index, column].tolist(), (month, column)
            last = metrics.last_reports(store, "", month).set_index("kode_desa")["terakhir"]
            expected = rows.index.to_series().map(last.to_dict())
            assert (
                pd.to_datetime(rows["terakhir"]).fillna(pd.Timestamp(0))
                == pd.to_datetime(expected).fillna(pd.Timestamp(0))
            ).all(), month


def test_month_list_read_from_the_rollup_equals_the_tables(built_demo):
    with Store(built_demo, read_only=True) as store:
        assert rollups.fresh(store, "kampung")
        scanned = store.sql(
            "SELECT DISTINCT periode FROM (SELECT periode FROM kegiatan UNION ALL SELECT periode "
            "FROM profil) m WHERE periode IS NOT NULL ORDER BY 1"
        )["periode"].tolist()
        assert metrics.available_months(store) == scanned and len(scanned) >= 24


def _import(write_csv, db, kind: str, lines: list[list[object]]) -> None:
    report = importer.import_file(write_csv(f"{kind}.csv", lines), kind, db=db)
    assert report.exit_code == 0, report.as_json()


def test_reimport_keeps_rollups_consistent(write_csv, db):
    """A small store built in the test: a re-import with changed counts replaces the sums, never adds to them."""
    head = ["kode_desa", "periode", "jenis_kegiatan", "jumlah", "peserta", "seksi", "instansi"]
    _import(
        write_csv,
        db,
        "kampung",
        [
            ["kode_desa", "nama_kampung", "tahun_pencanangan"],
            ["36.72.01.1001", "Kampung A", 2023],
            ["36.72.02.1001", "Kampung B", 2023],
        ],
    )
    first = [
        head,
        ["36.72.01.1001", "2024-01", "BKB", 2, 10, "Cinta Kasih", "Puskesmas;Babinsa"],
        ["36.72.02.1001", "2024-01", "Posyandu", 3, "", "Perlindungan", ""],
    ]
    _import(write_csv, db, "kegiatan", first)
    with Store(db, read_only=True) as store:
        assert store.sql("SELECT sum(jumlah) FROM ru_kegiatan_kab").iloc[0, 0] == 5
        assert (
            int(store.scalar(f"SELECT jumlah_peserta FROM {rollups.DESA} WHERE jenis_kegiatan = 'Posyandu'") or 0) == 0
        )
    second = [head, ["36.72.01.1001", "2024-01", "BKB", 7, 10, "Cinta Kasih", "Puskesmas"]]
    _import(write_csv, db, "kegiatan", second)
    with Store(db, read_only=True) as store:
        assert rollups.fresh(store, "kegiatan") and rollups.fresh(store, "kampung")
        assert store.sql("SELECT sum(jumlah) FROM ru_kegiatan_kab").iloc[0, 0] == 10
        assert store.sql("SELECT instansi, jumlah FROM ru_mitra").to_dict("records") == [
            {"instansi": "Puskesmas", "jumlah": 7}
        ]
        kampung = store.sql("SELECT kode_desa, kegiatan FROM ru_kampung_bulan WHERE periode = '2024-01' ORDER BY 1")
        assert kampung["kegiatan"].tolist() == [7, 3]
        assert metrics.kpis(store, Filters("36.72", "2024-01", "2024-01"))["kegiatan_bulan_ini"] == 10


def test_partner_rollup_splits_each_text_once_and_sums_across_texts(write_csv, db):
    """An agency named twice in one row counts once; separators alone name nobody; two texts naming the same agency
    in one desa and month add up."""
    _import(
        write_csv,
        db,
        "kampung",
        [["kode_desa", "nama_kampung", "tahun_pencanangan"], ["36.72.01.1001", "Kampung A", 2023]],
    )
    _import(
        write_csv,
        db,
        "kegiatan",
        [
            ["kode_desa", "periode", "jenis_kegiatan", "seksi", "jumlah", "instansi"],
            ["36.72.01.1001", "2024-01", "BKB", "Cinta Kasih", 2, "Puskesmas; Puskesmas"],
            ["36.72.01.1001", "2024-01", "BKB", "Perlindungan", 3, "Babinsa;Puskesmas"],
            ["36.72.01.1001", "2024-01", "BKB", "Reproduksi", 4, " ; "],
        ],
    )
    with Store(db, read_only=True) as store:
        stored = store.sql("SELECT instansi, jumlah FROM ru_mitra ORDER BY instansi").to_dict("records")
    assert stored == [{"instansi": "Babinsa", "jumlah": 3}, {"instansi": "Puskesmas", "jumlah": 5}]


def test_a_later_import_makes_rollups_stale_until_refreshed(built_demo, tmp_path):
    path = tmp_path / "stale.duckdb"
    shutil.copyfile(built_demo, path)
    with Store(path) as store:
        store.con.execute("UPDATE ru_status SET import_id = import_id - 100")
    with Store(path, read_only=True) as store:
        assert not rollups.fresh(store, "kegiatan")
    with Store(path) as store:
        rollups.refresh_all(store)
        assert rollups.fresh(store, "kegiatan") and rollups.fresh(store, "kampung")


def _tier_rollup(path) -> pd.DataFrame:
    with Store(path, read_only=True) as store:
        frame = store.sql("SELECT * FROM ru_kampung_bulan")
    columns = sorted(frame.columns)
    return frame[columns].sort_values(["periode", "kode_desa"]).reset_index(drop=True)


def _rebuilt(path, tmp_path) -> pd.DataFrame:
    """The tier rollup of a copy of the store at `path` rebuilt from scratch (every cell classified)."""
    copy = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(path, copy)
    with Store(copy) as store:
        store.con.execute("DELETE FROM ru_status")
        rollups.refresh_all(store)
    return _tier_rollup(copy)


def test_demo_import_rollups_equal_a_full_rebuild(demo_db, tmp_path):
    """The demo's imports refresh only what each touched (profiles after activities here): same cells."""
    pd.testing.assert_frame_equal(_tier_rollup(demo_db), _rebuilt(demo_db, tmp_path), check_dtype=False)


@pytest.mark.parametrize("chunk", [None, 1], ids=["one-part", "a-part-per-village"])
@pytest.mark.parametrize("new_month", [False, True], ids=["stored-months", "new-month"])
def test_incremental_refresh_after_activities_equals_a_full_rebuild(
    demo_db, write_csv, tmp_path, new_month, chunk, monkeypatch
):
    """An activity import naming partner agencies for villages whose profile names none (their tier reads the
    activities), one for a village with no profile, and maybe a new month: the incremental refresh updates the
    activity columns, keeps the other tiers and adds the month for every Kampung KB, as a rebuild does — also
    when the villages are updated in many parts."""
    if chunk:  # every part one village: the cells made and written by the threads, and the activity updates
        monkeypatch.setattr(rollups.build, "DESA_CHUNK", chunk)
        monkeypatch.setattr(rollups.build, "NAMED", chunk)
        monkeypatch.setattr(rollups.cells, "DESA_CHUNK", chunk)
    with Store(demo_db, read_only=True) as store:
        blank = store.sql(
            "SELECT kode_desa, min(periode) AS p FROM profil WHERE instansi_mitra IS NULL GROUP BY 1 ORDER BY 1 LIMIT 2"
        )
        none = store.scalar("SELECT min(kode_desa) FROM kampung WHERE kode_desa NOT IN (SELECT kode_desa FROM profil)")
        named = store.scalar(
            "SELECT kode_desa FROM profil GROUP BY kode_desa HAVING count(instansi_mitra) = "
            "count(*) AND min(periode) = '2023-01' ORDER BY 1 LIMIT 1"
        )  # only activities change
    codes = [*blank["kode_desa"], *([none] if none else []), named]
    head = ["kode_desa", "periode", "jenis_kegiatan", "jumlah", "peserta", "seksi", "instansi"]
    rows = [
        [code, month, "KIE", 3, 20, "Sosialisasi dan Pendidikan", "Dinkes;Kemenag;Babinsa;Disdik"]
        for code in codes
        for month in ("2023-03", "2024-02")
    ]
    extra = [[codes[0], "2025-01", "BKB", 1, "", "Cinta Kasih", ""]] if new_month else []
    _import(write_csv, demo_db, "kegiatan", [head, *rows, *extra])
    with Store(demo_db, read_only=True) as store:
        assert rollups.fresh(store, "kampung") and ("2025-01" in rollups.months(store)) == new_month
    pd.testing.assert_frame_equal(_tier_rollup(demo_db), _rebuilt(demo_db, tmp_path), check_dtype=False)


def test_incremental_refresh_after_profiles_equals_a_full_rebuild(demo_db, write_csv, tmp_path):
    """A profile import for one village in an early month changes its tier from then on, no one else's."""
    with Store(demo_db, read_only=True) as store:
        row = store.sql("SELECT * FROM profil ORDER BY kode_desa, periode LIMIT 1")
    row = row.drop(columns=["import_id"]).assign(
        periode="2023-02", pokja_ada=True, pokja_terlatih=True, regulasi=True, plkb_pendamping=True
    )
    lines = [
        list(row.columns),
        *[
            ["" if pd.isna(v) else ("ya" if v is True else "tidak" if v is False else v) for v in values]
            for values in row.itertuples(index=False)
        ],
    ]
    _import(write_csv, demo_db, "profil", lines)
    pd.testing.assert_frame_equal(_tier_rollup(demo_db), _rebuilt(demo_db, tmp_path), check_dtype=False)


VIEWS = [
    Filters("", "2024-01", "2024-12"),
    Filters("36", "2023-06", "2024-06"),
    Filters("36.04", "2024-01", "2024-12", ("Mandiri", "Berkelanjutan")),
    Filters("36.72", "2023-01", "2024-12", (), ("Posyandu", "BKB")),
    Filters("18.04", "2024-06", "2024-11", ("Dasar",), ("KIE",)),
    Filters("36.72.01", "2024-01", "2024-12"),
    # a month after the data: the rollups do not hold it, `queries` reads the base tables
    Filters("36", "2024-10", "2025-02", ("Berkembang", "Mandiri")),
    Filters("18.04", "2024-11", "2025-03", (), ("KIE",)),
]


@pytest.mark.parametrize("f", VIEWS, ids=lambda f: f"{f.wilayah or 'id'}-{f.sampai}-{len(f.tingkat)}-{len(f.kegiatan)}")
def test_views_equal_figures_computed_from_the_base_tables(built_demo, f):
    """Each figure against the same figure made here from the base tables: the tiers by `classify_kampung`
    of the stored profiles (`metrics.tiers_as_of`, the CLI's summary), the activities summed from the raw rows."""
    with Store(built_demo, read_only=True) as store:
        assert (f.sampai in queries.months(store)) == (f.sampai < "2025-01")
        classified = metrics.tiers_as_of(store, f.wilayah, f.sampai)
        chosen = classified[classified["klasifikasi"].isin(f.tingkat or schema.TIERS)]
        raw = store.sql("SELECT * FROM kegiatan")
        raw = raw[raw["kode_desa"].str.startswith(f.wilayah)]
        counts = classified["klasifikasi"].value_counts()
        assert tiers.region_counts(store, f) == {tier: int(counts.get(tier, 0)) for tier in schema.TIERS}
        assert activities.kampung_count(store, f) == len(chosen)
        table = metrics.village_table(store, f)
        assert table["kode_desa"].tolist() == sorted(chosen["kode_desa"])
        assert (
            table["klasifikasi"].tolist()
            == chosen.set_index("kode_desa").loc[table["kode_desa"], "klasifikasi"].tolist()
        )
        scores = tiers.village_scores(store, f).set_index("kode_desa")
        assert scores["skor_pokja"].tolist() == chosen.set_index("kode_desa").loc[scores.index, "skor_pokja"].tolist()

        typed = raw[raw["jenis_kegiatan"].isin(f.kegiatan)] if f.kegiatan else raw
        in_range = typed[typed["periode"].between(f.dari, f.sampai)]
        assert dict(zip(table["kode_desa"], table["kegiatan"], strict=True)) == {
            code: int(in_range.loc[in_range["kode_desa"] == code, "jumlah"].sum()) for code in table["kode_desa"]
        }
        cells = activities.cells(store, f)
        kept = in_range[in_range["kode_desa"].isin(chosen["kode_desa"])] if f.tingkat else in_range
        assert int(cells.loc[cells["periode"] >= f.dari, "jumlah"].sum()) == int(kept["jumlah"].sum())
        agencies = activities.partner_agencies(store, f).set_index("instansi")["kegiatan"].to_dict()
        named = kept.assign(instansi=kept["instansi"].fillna("").str.split(";")).explode("instansi")
        named["instansi"] = named["instansi"].str.strip()
        named = named[named["instansi"] != ""].reset_index().drop_duplicates(["index", "instansi"])
        assert agencies == {k: int(v) for k, v in named.groupby("instansi")["jumlah"].sum().items()}

        cards = metrics.kpis(store, f)
        assert cards["jumlah_kampung"] == len(classified)
        assert cards["mandiri_plus"] == int(classified["klasifikasi"].isin(schema.MANDIRI_PLUS).sum())
        assert cards["kegiatan_bulan_ini"] == int(typed.loc[typed["periode"] == f.sampai, "jumlah"].sum())
        regions_ = metrics.region_table(store, f)
        assert int(regions_["jumlah_kampung"].sum()) == len(chosen)
        assert int(regions_["kegiatan"].sum()) == int(
            in_range.loc[in_range["kode_desa"].isin(chosen["kode_desa"]), "jumlah"].sum()
        )
        silent = activities.silent(store, f)
        assert set(silent["kode_desa"]) <= set(chosen["kode_desa"])
        moves = tiers.transition(store, f, f.dari, f.sampai)
        assert (
            int(moves["matrix"].to_numpy().sum())
            == moves["jumlah"]
            == len(metrics.kampung_as_of(store, f.wilayah, f.dari))
        )


def _older(demo_db, how: str):
    """The demo store (this test's copy) as an older version left it: no rollups, rollups behind its imports, or
    the per-desa sums as a table holding a copy of every monthly count (before `ru_kegiatan_tanggal`)."""
    with Store(demo_db) as store:
        if how == "copied-counts":
            store.execute(f"CREATE TABLE ru_kegiatan_desa AS SELECT * FROM {rollups.DESA}")
            store.execute("DROP TABLE ru_kegiatan_tanggal")
        elif how == "none":
            tables = store.sql(
                "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'ru_%' "
                "AND table_schema = current_schema()"
            )
            for name in tables["table_name"]:
                store.execute(f"DROP TABLE {name}")
        else:
            store.execute("UPDATE ru_status SET import_id = import_id - 1")
    return demo_db


OLDER = pytest.mark.parametrize(
    "how", ["none", "behind", "copied-counts"], ids=["no-rollups", "rollups-behind", "copied-counts"]
)
VIEW = Filters("36", "2024-01", "2024-12", ("Mandiri",))


@OLDER
def test_an_older_store_read_only_says_which_command_upgrades_it(demo_db, how):
    path = _older(demo_db, how)
    with Store(path, read_only=True) as store:
        for read in (metrics.available_months, lambda s: activities.kampung_count(s, VIEW)):
            with pytest.raises(StoreUnavailable) as caught:
                read(store)
            assert caught.value.reason == "outdated"
            assert f"python -m kkb_dashboard upgrade --db {store.name}" in caught.value.text("en")
            assert "Perbarui dengan python -m kkb_dashboard upgrade" in caught.value.text("id")
        with pytest.raises(StoreUnavailable):
            activities.cells(store, replace(VIEW, tingkat=()))  # the activity sums too, not only the tiers


@OLDER
def test_an_older_store_read_only_still_names_its_latest_month(demo_db, how):
    # the CLI's summary and scenario pick their month from it: they answered on such a store before the rollups
    path = _older(demo_db, how)
    with Store(path, read_only=True) as store:
        assert metrics.latest_month(store) == "2024-12"
        assert metrics.year_month(store, 2024) == "2024-12"


def _figures(path) -> list:
    with Store(path, read_only=True) as store:
        return [
            pd.Series(metrics.available_months(store), dtype=object),
            metrics.region_table(store, VIEW),
            activities.cells(store, VIEW).sort_values(list(activities.CELL_BY)).reset_index(drop=True),
            _tier_rollup(path),
        ]


def _same_figures(path, reference) -> None:
    for mine, theirs in zip(_figures(path), _figures(reference), strict=True):
        if isinstance(mine, pd.Series):
            pd.testing.assert_series_equal(mine, theirs)
        else:
            pd.testing.assert_frame_equal(mine, theirs, check_dtype=False)


@OLDER
def test_the_upgrade_command_brings_an_older_store_up_to_date(built_demo, demo_db, how, capsys):
    path = _older(demo_db, how)
    assert cli.main(["--lang", "en", "upgrade", "--db", str(path)]) == 0
    assert "is up to date" in capsys.readouterr().out
    _same_figures(path, built_demo)


def test_the_upgrade_drops_the_per_desa_copy_of_the_counts(demo_db):
    path = _older(demo_db, "copied-counts")
    assert cli.main(["upgrade", "--db", str(path)]) == 0
    with Store(path, read_only=True) as store:
        assert not store.has_table("ru_kegiatan_desa") and store.has_table("ru_kegiatan_tanggal")
        counted = store.scalar("SELECT count(*) FROM kegiatan WHERE tanggal IS NULL")
        dated = store.scalar("SELECT count(*) FROM ru_kegiatan_tanggal")
        assert store.scalar(f"SELECT count(*) FROM {rollups.DESA}") == counted + dated


def test_a_failed_write_of_the_tier_rollup_keeps_the_store_as_it_was(demo_db, write_csv, monkeypatch):
    """The tier rollup's parts are written by a second connection's thread: its error reaches the import, and
    neither the rows nor any part of the rollup are kept."""
    from kkb_dashboard.storage.rollups import build, cells

    with Store(demo_db, read_only=True) as store:
        before = {name: store.sql(f"SELECT * FROM {name}") for name in ("profil", "ru_kampung_bulan", "import_log")}
        profile = store.sql("SELECT * FROM profil ORDER BY kode_desa, periode").head(1)
    written = []

    def fails_second(store, frame, **how):
        if written:
            raise OSError("No space left on device")
        written.append(len(frame))
        return cells.store_cells(store, frame, **how)

    monkeypatch.setattr(build, "store_cells", fails_second)
    monkeypatch.setattr(build, "DESA_CHUNK", 2)
    monkeypatch.setattr(cells, "DESA_CHUNK", 2)
    row = profile.drop(columns=["import_id"]).assign(periode="2025-01")  # a month new to the rollup: every village
    lines = [
        list(row.columns),
        *[
            ["" if pd.isna(v) else ("ya" if v is True else "tidak" if v is False else v) for v in values]
            for values in row.itertuples(index=False)
        ],
    ]
    report = importer.import_file(write_csv("profil.csv", lines), "profil", db=demo_db, lang="en")
    assert report.import_id is None and report.rows_imported == 1, report.errors
    assert "disk" in report.unusable.lower(), report.unusable  # the cause, named as for any full disk
    assert written  # the first part was written before the second failed
    with Store(demo_db, read_only=True) as store:
        for name, rows in before.items():
            pd.testing.assert_frame_equal(store.sql(f"SELECT * FROM {name}"), rows)


def test_the_upgrade_command_on_a_missing_store_says_so(tmp_path, capsys):
    assert cli.main(["upgrade", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err
    assert not (tmp_path / "none.duckdb").exists()


def test_the_first_write_upgrades_an_older_store(built_demo, demo_db):
    """Any write, even one that touches no data (a user added), brings the rollups up to date."""
    path = _older(demo_db, "none")
    access.add_user("ops@example.org", "viewer", db=path)
    with Store(path, read_only=True) as store:
        assert rollups.current(store)
    _same_figures(path, built_demo)


def test_a_new_store_has_its_rollups_empty(db):
    Store(db).close()
    with Store(db, read_only=True) as store:
        assert rollups.current(store)
        assert metrics.available_months(store) == []
        assert activities.kampung_count(store, Filters("36", "2024-01", "2024-01")) == 0


def _activity_tables(path) -> dict[str, pd.DataFrame]:
    with Store(path, read_only=True) as store:
        tables = {level: _stored(store, _source(level)) for level in rollups.WIDTH}
        tables["bulan"] = store.sql("SELECT * FROM ru_kegiatan_bulan ORDER BY kode_desa, periode")
        tables["mitra"] = store.sql(
            "SELECT kode_desa, periode, jenis_kegiatan, instansi, sum(jumlah) AS jumlah FROM ru_mitra "
            "GROUP BY ALL ORDER BY ALL"
        )
    return tables


def test_monthly_imports_refresh_only_their_months_and_equal_a_full_rebuild(demo_db, write_csv, tmp_path):
    """An operator's monthly files on the demo: a new month, then a correction of an old month (changed counts, a
    new dated report, a new partner agency), then the first month for the first and last Kampung KB (every cell
    of the tier rollup in range). Every activity and tier rollup equals the direct sums and a rebuild from
    scratch, and the months no file touched keep their rows."""
    head = ["kode_desa", "periode", "tanggal", "jenis_kegiatan", "jumlah", "peserta", "seksi", "instansi"]
    with Store(demo_db, read_only=True) as store:
        desa = list(store.sql("SELECT kode_desa FROM kampung ORDER BY 1 LIMIT 3")["kode_desa"])
        last = store.scalar("SELECT max(kode_desa) FROM kampung")
        first_month = store.scalar("SELECT min(periode) FROM ru_bulan")
        untouched = store.sql("SELECT * FROM ru_kegiatan_kec WHERE periode = '2024-03' ORDER BY ALL")
    _import(
        write_csv,
        demo_db,
        "kegiatan",
        [head, *([code, "2025-01", "", "BKB", 3, 30, "Cinta Kasih", "Puskesmas"] for code in desa)],
    )
    _import(
        write_csv,
        demo_db,
        "kegiatan",
        [
            head,
            [desa[0], "2024-06", "", "Posyandu", 9, 90, "Perlindungan", "Puskesmas; Koramil"],
            [desa[1], "2024-06", "2024-06-11", "Posyandu", 2, "", "Perlindungan", ""],
        ],
    )
    _import(
        write_csv,
        demo_db,
        "kegiatan",
        [head, *([code, first_month, "", "Pokja", 1, "", "Reproduksi", ""] for code in (desa[0], last))],
    )
    with Store(demo_db, read_only=True) as store:
        assert rollups.current(store)
        for level in rollups.WIDTH:
            pd.testing.assert_frame_equal(
                _stored(store, _source(level)), _activity_sums(store, rollups.WIDTH[level]), check_dtype=False
            )
        again = store.sql("SELECT * FROM ru_kegiatan_kec WHERE periode = '2024-03' ORDER BY ALL")
        koramil = store.sql("SELECT sum(jumlah) FROM ru_mitra WHERE instansi = 'Koramil'").iloc[0, 0]
    pd.testing.assert_frame_equal(again, untouched)
    assert koramil == 9
    copy = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(demo_db, copy)
    with Store(copy) as store:
        store.con.execute("DELETE FROM ru_status")
        rollups.refresh_all(store)
    for name, table in _activity_tables(demo_db).items():
        pd.testing.assert_frame_equal(table, _activity_tables(copy)[name], check_dtype=False, obj=name)
    pd.testing.assert_frame_equal(_tier_rollup(demo_db), _rebuilt(demo_db, tmp_path), check_dtype=False)
