"""Boundaries: download from a local mirror of the upstream SQL dumps, convert, cache; import users' files.

The mirror is the partial upstream copy in ../shared/geo/raw (served over HTTP on 127.0.0.1 and as file://);
the converted layers beside it are the reference the conversion is checked against.
"""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from kkb_dashboard import config
from kkb_dashboard.errors import InputError
from kkb_dashboard.storage import boundaries

SHARED = Path(__file__).resolve().parents[2] / "shared"
GEO = SHARED / "geo"
RAW = GEO / "raw"

pytestmark = pytest.mark.skipif(not RAW.is_dir(), reason=f"shared boundary mirror not found at {RAW}")


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the mirror quietly and remembers every path requested."""

    requests: list[str] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


# The upstream mirror in ../shared grows over time (kab/kota and kecamatan of every province since 2026-12), so the
# tests serve their own partial copy of it with known gaps: kab/kota files of only three provinces, no kecamatan
# file of Aceh (11). Links, not copies: nothing is duplicated.
KAB_KEPT = ("18", "32", "36")
KEC_LEFT_OUT = "11"


@pytest.fixture(scope="module")
def partial_raw(tmp_path_factory) -> Path:
    """A mirror folder linking to ../shared/geo/raw's files, with the gaps above."""
    root = tmp_path_factory.mktemp("raw")
    for source in RAW.rglob("*"):
        if source.is_dir():
            continue
        relative = source.relative_to(RAW)
        code = source.stem.rsplit("_", 1)[-1]
        if relative.parts[:2] == ("db", "kab") and code not in KAB_KEPT:
            continue
        if relative.parts[:2] == ("db", "kec") and code == KEC_LEFT_OUT:
            continue
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).symlink_to(source)
    return root


@pytest.fixture(scope="module")
def mirror(partial_raw):
    """An HTTP server on a free port serving the partial mirror: `.url`, and `.requests` (paths hit)."""
    handler = type("Handler", (_CountingHandler,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(partial_raw)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield type("Mirror", (), {"url": f"http://127.0.0.1:{server.server_port}", "requests": handler.requests})
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def cache(mirror, tmp_path_factory):
    """One cache with provinsi, kabkota 36, kecamatan 36 and desa 36 fetched over HTTP; results by level."""
    cache_dir = tmp_path_factory.mktemp("boundaries")
    calls = []
    results = {
        level: boundaries.fetch(
            level, prov, base_url=mirror.url, cache_dir=cache_dir, progress=lambda f, text: calls.append((f, text))
        )
        for level, prov in [("provinsi", None), ("kabkota", "36"), ("kecamatan", "36"), ("desa", "36")]
    }
    return type("Cache", (), {"dir": cache_dir, "results": results, "progress": calls})


@functools.cache
def _shared(name: str, prov: str | None = None) -> gpd.GeoDataFrame:
    frame = gpd.read_file(GEO / name, where=f"kode_prov = '{prov}'" if prov else None)
    return frame.sort_values("kode", ignore_index=True)


_SHARED_LAYERS = {
    "provinsi": ("idn_provinsi.geojson", None),
    "kabkota": ("idn_kabkota.geojson", "36"),
    "kecamatan": ("idn_kecamatan.geojson", "36"),
    "desa": ("idn_desa_36_banten.geojson", None),
}


# ---------------------------------------------------------------- fetch


_COUNTS = [("provinsi", 38), ("kabkota", 8), ("kecamatan", 155), ("desa", 1552)]


@pytest.mark.parametrize("level,count", _COUNTS)
def test_fetch_matches_shared_layer_codes(cache, level, count):
    layer = boundaries.load(level, "36" if level != "provinsi" else None, cache_dir=cache.dir)
    reference = _shared(*_SHARED_LAYERS[level])
    assert cache.results[level].features == count == len(layer)
    assert layer["kode"].tolist() == reference["kode"].tolist()
    assert list(layer.columns) == ["kode", "nama", "level", "geometry"]
    assert set(layer["level"]) == {boundaries.LEVELS.index(level) + 1}


def test_desa_36_has_43_in_kota_cilegon(cache):
    desa = boundaries.load("desa", "36", cache_dir=cache.dir)
    assert (desa["kode"].str.slice(0, 5) == "36.72").sum() == 43
    assert len(cache.results["desa"].files) == 8


@pytest.mark.parametrize("level", list(_SHARED_LAYERS))
def test_fetched_geometry_is_lnglat_valid_polygons(cache, level):
    layer = boundaries.load(level, "36" if level != "provinsi" else None, cache_dir=cache.dir)
    assert layer.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = layer.total_bounds
    # lng first: Indonesia spans about 94.97..141.02 E and -11.01..6.08 N (PROVENANCE.md)
    assert 94 <= minx <= maxx <= 142 and -11.1 <= miny <= maxy <= 7
    assert layer.is_valid.all()
    assert set(layer.geom_type) <= {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize("level", list(_SHARED_LAYERS))
def test_fetched_areas_match_shared_layer(cache, level):
    layer = boundaries.load(level, "36" if level != "provinsi" else None, cache_dir=cache.dir)
    reference = _shared(*_SHARED_LAYERS[level])
    sample = layer.merge(reference[["kode", "geometry"]], on="kode", suffixes=("", "_ref"))
    sample = sample.iloc[:: max(1, len(sample) // 40)]
    ratio = shapely.area(sample["geometry"].values) / shapely.area(sample["geometry_ref"].values)
    assert abs(ratio - 1).max() < 0.02


def test_provinsi_repairs_are_reported(cache):
    result = cache.results["provinsi"]
    assert result.repaired and set(result.repaired) <= set(_shared("idn_provinsi.geojson")["kode"])
    assert len(result.files) == 8 and result.missing == [] and not result.skipped_cached


def test_progress_is_reported_per_file(cache):
    fractions = [f for f, _ in cache.progress]
    assert len(fractions) == 8 + 1 + 1 + 8
    assert fractions[7] == 1.0 and all(0 < f <= 1 for f in fractions)
    assert "wilayah_boundaries_prov_1.sql" in cache.progress[0][1]


def test_second_fetch_is_served_from_cache(cache, mirror):
    before = len(mirror.requests)
    result = boundaries.fetch("desa", "36", base_url=mirror.url, cache_dir=cache.dir)
    assert result.skipped_cached and result.features == 1552 and result.files == []
    assert len(mirror.requests) == before


def test_force_downloads_again(mirror, tmp_path):
    boundaries.fetch("kabkota", "36", base_url=mirror.url, cache_dir=tmp_path)
    before = len(mirror.requests)
    result = boundaries.fetch("kabkota", "36", base_url=mirror.url, cache_dir=tmp_path, force=True)
    assert not result.skipped_cached and len(mirror.requests) == before + 1 and result.features == 8


def test_national_kabkota_lists_missing_provinces_and_caches_the_rest(mirror, tmp_path):
    result = boundaries.fetch("kabkota", base_url=mirror.url, cache_dir=tmp_path)
    assert len(result.missing) == 35 and all(u.startswith(mirror.url + "/db/kab/") for u in result.missing)
    assert sorted(u.rsplit("_", 1)[-1] for u in result.files) == ["18.sql", "32.sql", "36.sql"]
    layer = boundaries.load("kabkota", cache_dir=tmp_path)
    assert set(layer["kode"].str.slice(0, 2)) == {"18", "32", "36"} and result.features == len(layer)
    assert len(boundaries.load("kabkota", "32", cache_dir=tmp_path)) == 27


def test_kabkota_per_province_merges_into_national_file(mirror, tmp_path):
    boundaries.fetch("kabkota", "36", base_url=mirror.url, cache_dir=tmp_path)
    boundaries.fetch("kabkota", "18", base_url=mirror.url, cache_dir=tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.parquet")) == ["kabkota.parquet"]
    assert set(boundaries.load("kabkota", cache_dir=tmp_path)["kode"].str.slice(0, 2)) == {"18", "36"}


def test_file_url_works(tmp_path):
    result = boundaries.fetch("kecamatan", "36", base_url=RAW.as_uri(), cache_dir=tmp_path)
    assert result.features == 155 and result.files[0].startswith("file://")


@pytest.mark.parametrize("base", ["http", "file"])
def test_missing_file_is_an_input_error_naming_the_url(mirror, partial_raw, tmp_path, base):
    base_url = mirror.url if base == "http" else partial_raw.as_uri()
    with pytest.raises(InputError) as error:
        boundaries.fetch("kecamatan", "11", base_url=base_url, cache_dir=tmp_path)
    message = str(error.value)
    assert f"{base_url}/db/kec/wilayah_boundaries_kec_11.sql" in message
    assert "KKB_BOUNDARY_URL" in message and "boundaries import" in message
    assert not list(tmp_path.glob("*.parquet"))


def test_a_mirror_serving_something_else_is_an_input_error(tmp_path):
    (tmp_path / "db" / "kec").mkdir(parents=True)
    (tmp_path / "db" / "kec" / "wilayah_boundaries_kec_36.sql").write_bytes(b"\xff<html>login</html>")
    with pytest.raises(InputError, match="INSERT"):
        boundaries.fetch("kecamatan", "36", base_url=tmp_path.as_uri(), cache_dir=tmp_path / "cache")


def test_network_failure_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="127.0.0.1:9"):
        boundaries.fetch("kabkota", "36", base_url="http://127.0.0.1:9", cache_dir=tmp_path)


@pytest.mark.parametrize("level", ["kecamatan", "desa"])
def test_kecamatan_and_desa_need_a_province(tmp_path, level):
    with pytest.raises(InputError, match="per provinsi"):
        boundaries.fetch(level, cache_dir=tmp_path)
    with pytest.raises(InputError, match="one province at a time"):
        boundaries.fetch(level, cache_dir=tmp_path, lang="en")


def test_unknown_level_and_province_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="kelurahan"):
        boundaries.fetch("kelurahan", "36", cache_dir=tmp_path)
    with pytest.raises(InputError, match="'37'"):
        boundaries.fetch("kecamatan", "37", cache_dir=tmp_path)


def test_status_lists_cached_layers(cache):
    table = boundaries.status(cache.dir)
    assert table[["level", "prov", "features"]].values.tolist() == [
        ["provinsi", "", 38],
        ["kabkota", "", 8],
        ["kecamatan", "36", 155],
        ["desa", "36", 1552],
    ]
    assert (table["bytes"] > 0).all()


def test_load_without_cache_is_none(tmp_path):
    assert boundaries.load("desa", cache_dir=tmp_path) is None
    assert boundaries.load("provinsi", cache_dir=tmp_path) is None
    assert boundaries.status(tmp_path).empty


def test_cache_dir_defaults_to_config(monkeypatch, tmp_path):
    monkeypatch.setenv("KKB_BOUNDARY_CACHE", str(tmp_path))
    monkeypatch.setenv("KKB_BOUNDARY_URL", RAW.as_uri())
    assert boundaries.fetch("kabkota", "36").features == 8
    assert (config.boundary_cache_dir() / "kabkota.parquet").exists()


# ---------------------------------------------------------------- SQL parsing, built in code

_DUMP = """/* header with ('xx','not a row',0,0,'[]') */
DELETE FROM wilayah_boundaries WHERE kode BETWEEN '71.00' AND '71.99';
INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES
\t('71.01','Ma\\'U',-6.0,106.0,'[[[-6.0,106.0],[-6.0,106.1],[-6.1,106.1]]]'),
\t('71.02','Ma''Ta',-6.0,106.0,'[[[[-6.0,106.0],[-6.0,106.1],[-6.1,106.1],[-6.0,106.0]]],[[[-7,107],[-7,107.1],[-7.1,107.1]]]]'),
\t('71.03','Kosong',NULL,NULL,NULL),
\t('71.04','Garis',-6.0,106.0,'[[[-6.0,106.0],[-6.0,106.1],[-6.0,106.2]]]'),
\t('71.05','Rusak',-6.0,106.0,'[[[-6.0,106.0],[-6.0');
"""


def test_parse_dump_unescapes_names_and_skips_the_header():
    rows = boundaries.parse_dump(_DUMP)
    assert [(k, n) for k, n, _ in rows] == [
        ("71.01", "Ma'U"),
        ("71.02", "Ma'Ta"),
        ("71.03", "Kosong"),
        ("71.04", "Garis"),
        ("71.05", "Rusak"),
    ]
    assert rows[2][2] is None


def test_dump_to_frame_swaps_closes_and_drops_degenerate():
    frame, repaired, empty = boundaries.dump_to_frame(_DUMP, level=2)
    assert frame["kode"].tolist() == ["71.01", "71.02"] and repaired == []
    assert empty == ["71.03", "71.04", "71.05"]
    polygon, multi = frame.geometry
    assert polygon.geom_type == "Polygon" and polygon.exterior.coords[0] == polygon.exterior.coords[-1]
    assert polygon.bounds == (106.0, -6.1, 106.1, -6.0)
    assert multi.geom_type == "MultiPolygon" and len(multi.geoms) == 2


def test_repair_reports_and_fixes_a_bow_tie():
    geoms, repaired = boundaries.repair([_bow_tie(106.8, -6.4), shapely.box(0, 0, 1, 1)], ["a", "b"])
    assert repaired == ["a"] and shapely.is_valid(geoms).all()
    assert {g.geom_type for g in geoms} <= {"Polygon", "MultiPolygon"}


# ---------------------------------------------------------------- a user's own file


def _bow_tie(x: float, y: float) -> shapely.Polygon:
    return shapely.Polygon([(x, y), (x + 0.01, y + 0.01), (x + 0.01, y), (x, y + 0.01)])


@pytest.fixture
def depok() -> gpd.GeoDataFrame:
    """Five Kota Depok desa with only a code, a name and the geometry."""
    frame = gpd.read_file(GEO / "idn_desa_3276_kota_depok.geojson", max_features=5)
    return frame[["kode", "nama", "geometry"]]


def _write(frame: gpd.GeoDataFrame, tmp_path: Path, kind: str) -> Path:
    if kind == "geojson":
        frame.to_file(tmp_path / "b.geojson", driver="GeoJSON")
        return tmp_path / "b.geojson"
    if kind == "gpkg":
        frame.to_file(tmp_path / "b.gpkg", layer="desa", driver="GPKG")
        return tmp_path / "b.gpkg"
    if kind == "parquet":
        frame.to_parquet(tmp_path / "b.parquet")
        return tmp_path / "b.parquet"
    (tmp_path / "shp").mkdir()
    frame.to_file(tmp_path / "shp" / "b.shp")
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as archive:
        for part in (tmp_path / "shp").iterdir():
            archive.write(part, part.name)
    return tmp_path / "b.zip"


@pytest.mark.parametrize("kind", ["geojson", "gpkg", "zip", "parquet"])
def test_read_boundary_file_formats(depok, tmp_path, kind):
    frame, report = boundaries.read_boundary_file(_write(depok, tmp_path, kind))
    assert frame["kode"].tolist() == sorted(depok["kode"]) and report.rows == 5
    assert report.level == "desa" and report.code_column == "kode" and report.rejected == []
    assert frame.crs.to_epsg() == 4326 and list(frame.columns) == ["kode", "nama", "level", "geometry"]
    assert not report.assumed_wgs84


def test_projected_file_is_reprojected(depok, tmp_path):
    path = _write(depok.to_crs(32748), tmp_path, "gpkg")
    frame, report = boundaries.read_boundary_file(path)
    assert "32748" in report.crs_from and frame.crs.to_epsg() == 4326
    assert frame.total_bounds == pytest.approx(depok.total_bounds, abs=1e-6)


def test_file_without_crs_is_assumed_wgs84(depok, tmp_path):
    path = _write(depok.set_crs(None, allow_override=True), tmp_path, "parquet")
    frame, report = boundaries.read_boundary_file(path)
    assert report.assumed_wgs84 and report.crs_from is None and frame.crs.to_epsg() == 4326


def test_projected_file_without_crs_is_an_input_error(depok, tmp_path):
    path = _write(depok.to_crs(32748).set_crs(None, allow_override=True), tmp_path, "parquet")
    with pytest.raises(InputError, match="CRS"):
        boundaries.read_boundary_file(path)


def test_invalid_polygon_is_repaired_and_reported(depok, tmp_path):
    depok = depok.copy()
    depok.loc[0, "geometry"] = _bow_tie(106.8, -6.4)
    frame, report = boundaries.read_boundary_file(_write(depok, tmp_path, "gpkg"))
    assert report.repaired == [depok.loc[0, "kode"]] and frame.is_valid.all()


def test_codes_without_dots_and_other_column_names(depok, tmp_path):
    depok = depok.rename(columns={"kode": "KDEPUM"}).assign(KDEPUM=depok["kode"].str.replace(".", ""))
    frame, report = boundaries.read_boundary_file(_write(depok, tmp_path, "gpkg"))
    assert report.code_column == "KDEPUM" and frame["kode"].str.startswith("32.76.").all()


def test_code_column_found_by_its_values(depok, tmp_path):
    depok = depok.rename(columns={"kode": "wilayah"})
    _, report = boundaries.read_boundary_file(_write(depok, tmp_path, "geojson"))
    assert report.code_column == "wilayah"


def test_bad_rows_are_rejected_with_row_numbers(depok, tmp_path):
    depok = depok.copy()
    depok.loc[1, "kode"] = "99.99.99.9999"
    depok.loc[3, "kode"] = "bukan kode"
    frame, report = boundaries.read_boundary_file(_write(depok, tmp_path, "gpkg"))
    assert [(row, value) for row, value, _ in report.rejected] == [(2, "99.99.99.9999"), (4, "bukan kode")]
    assert report.rows == len(frame) == 3 and "Kemendagri" in report.rejected[0][2]


def test_mixed_levels_are_an_input_error(depok, tmp_path):
    depok = depok.copy()
    depok.loc[0, "kode"] = "32.76"
    with pytest.raises(InputError, match="bercampur") as error:
        boundaries.read_boundary_file(_write(depok, tmp_path, "gpkg"))
    assert error.value.file.endswith("b.gpkg")


def test_requested_level_must_match(depok, tmp_path):
    with pytest.raises(InputError, match="kecamatan"):
        boundaries.read_boundary_file(_write(depok, tmp_path, "gpkg"), level="kecamatan")
    assert boundaries.read_boundary_file(_write(depok, tmp_path, "geojson"), level="desa")[1].rows == 5


def test_no_code_column_is_an_input_error(depok, tmp_path):
    with pytest.raises(InputError, match="--code-column"):
        boundaries.read_boundary_file(_write(depok[["nama", "geometry"]], tmp_path, "gpkg"))
    with pytest.raises(InputError, match="'kd'"):
        boundaries.read_boundary_file(_write(depok, tmp_path, "geojson"), code_column="kd")


def test_unreadable_file_is_an_input_error(tmp_path):
    (tmp_path / "b.geojson").write_text("not json")
    with pytest.raises(InputError, match="GeoPackage") as error:
        boundaries.read_boundary_file(tmp_path / "b.geojson")
    assert error.value.file.endswith("b.geojson")


def test_import_then_load_returns_imported_features(depok, tmp_path):
    cache_dir = tmp_path / "cache"
    report = boundaries.import_file(_write(depok, tmp_path, "gpkg"), level="desa", cache_dir=cache_dir)
    loaded = boundaries.load("desa", "32", cache_dir=cache_dir)
    assert report.rows == 5 and loaded["kode"].tolist() == sorted(depok["kode"])
    assert (cache_dir / "desa_32.parquet").exists()


def test_import_replaces_cached_features_with_the_same_code(mirror, depok, tmp_path):
    boundaries.fetch("kabkota", "36", base_url=mirror.url, cache_dir=tmp_path)
    square = shapely.box(106.0, -6.1, 106.1, -6.0)
    mine = gpd.GeoDataFrame({"kode": ["3672"]}, geometry=[square], crs="EPSG:4326")
    mine.to_file(tmp_path / "cilegon.geojson")
    boundaries.import_file(tmp_path / "cilegon.geojson", cache_dir=tmp_path)
    layer = boundaries.load("kabkota", "36", cache_dir=tmp_path).set_index("kode")
    assert len(layer) == 8 and layer.loc["36.72", "geometry"].equals(square)
    assert layer.loc["36.72", "nama"] == "Kota Cilegon"


def test_attribution_and_license():
    assert "cahyadsn/wilayah_boundaries" in boundaries.ATTRIBUTION["id"]
    assert "3c5a796" in boundaries.ATTRIBUTION["en"] and "MIT" in boundaries.ATTRIBUTION["en"]
    assert boundaries.license_text().startswith("MIT License") and "Cahya DSN" in boundaries.license_text()


def test_runtime_code_never_reads_shared():
    package = Path(boundaries.__file__).parent
    for module in package.glob("*.py"):
        assert "shared" not in module.read_text(encoding="utf-8"), module
