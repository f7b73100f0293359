"""A user's boundary file is checked like data: coordinates that are not degrees, an empty collection, a feature
without a code and a zipped Shapefile missing a part each get a sentence naming the cause, and the JSON report of
`boundaries import` is strict (no NaN). Files are built here from two squares in Banten."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from test_cli_import import _no_nan, run_cli

from kkb_dashboard.errors import InputError
from kkb_dashboard.storage import boundaries

CILEGON = shapely.box(105.95, -6.10, 106.10, -5.90)
SERANG = shapely.box(106.10, -6.25, 106.30, -5.95)
UTM_48S = 32748


def _collection(features: list[dict], crs: dict | None = None) -> dict:
    return {"type": "FeatureCollection", "features": features} | ({"crs": crs} if crs else {})


def _feature(code: object, geometry: shapely.Geometry) -> dict:
    return {"type": "Feature", "properties": {"kode": code}, "geometry": shapely.geometry.mapping(geometry)}


def _geojson(tmp_path: Path, data: dict, name: str = "batas.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _in_utm(geometry: shapely.Geometry) -> shapely.Geometry:
    return gpd.GeoSeries([geometry], crs=4326).to_crs(UTM_48S).iloc[0]


def test_a_geojson_in_utm_metres_without_crs_is_refused_naming_the_cause(tmp_path):
    path = _geojson(tmp_path, _collection([_feature("36.72", _in_utm(CILEGON))]))
    with pytest.raises(InputError) as raised:
        boundaries.read_boundary_file(path)
    assert "terproyeksi" in raised.value.message and "EPSG:4326" in raised.value.message
    with pytest.raises(InputError, match="projected coordinates"):
        boundaries.read_boundary_file(path, lang="en")


def test_the_same_file_with_its_crs_declared_is_reprojected(tmp_path):
    crs = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{UTM_48S}"}}
    path = _geojson(tmp_path, _collection([_feature("36.72", _in_utm(CILEGON))], crs))
    frame, report = boundaries.read_boundary_file(path)
    assert str(UTM_48S) in report.crs_from
    assert frame.total_bounds == pytest.approx(CILEGON.bounds, abs=1e-6)


def test_a_lon_lat_geojson_still_imports(tmp_path):
    frame, report = boundaries.read_boundary_file(_geojson(tmp_path, _collection([_feature("36.72", CILEGON)])))
    assert frame["kode"].tolist() == ["36.72"] and report.level == "kabkota"


def test_the_cli_refuses_a_projected_file_and_stores_nothing(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("KKB_BOUNDARY_CACHE", str(cache))
    monkeypatch.setenv("KKB_STATIC_DIR", str(tmp_path / "static"))  # a CLI import builds the map's files there
    path = _geojson(tmp_path, _collection([_feature("36.72", _in_utm(CILEGON))]))
    result = run_cli("boundaries", "import", path)
    assert result.returncode == 2 and "EPSG:4326" in result.stderr
    assert not cache.exists() or not any(cache.rglob("*.parquet"))


@pytest.mark.parametrize("lang,words", [("id", "tidak berisi satu fitur pun"), ("en", "holds no features")])
def test_an_empty_feature_collection_says_it_is_empty(tmp_path, lang, words):
    with pytest.raises(InputError, match=words) as raised:
        boundaries.read_boundary_file(_geojson(tmp_path, _collection([])), lang=lang)
    assert "kolom yang ada: )" not in raised.value.message


def test_a_feature_without_a_code_is_reported_and_the_json_is_strict(tmp_path, monkeypatch):
    """Numeric codes with one missing become a float column holding NaN: reported as an empty code, null in JSON."""
    monkeypatch.setenv("KKB_BOUNDARY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("KKB_STATIC_DIR", str(tmp_path / "static"))
    path = _geojson(tmp_path, _collection([_feature(3672, CILEGON), _feature(None, SERANG)]))
    result = run_cli("boundaries", "import", path)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout, parse_constant=_no_nan)
    assert report["rows"] == 1 and report["level"] == "kabkota"
    [[row, value, reason]] = report["rejected"]
    assert (row, value) == (2, None) and "kode kosong" in reason


def _shapefile_zip(tmp_path: Path, parts: tuple[str, ...]) -> Path:
    folder = tmp_path / "shp"
    folder.mkdir()
    gpd.GeoDataFrame({"kode": ["36.72"]}, geometry=[CILEGON], crs=4326).to_file(folder / "batas.shp")
    path = tmp_path / "batas.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for suffix in parts:
            archive.write(folder / f"batas{suffix}", f"batas{suffix}")
    return path


def test_a_zipped_shapefile_without_shx_names_the_missing_part(tmp_path):
    path = _shapefile_zip(tmp_path, (".shp", ".dbf", ".prj"))
    with pytest.raises(InputError) as raised:
        boundaries.read_boundary_file(path)
    assert "batas.shx" in raised.value.message and "out of bounds" not in raised.value.message
    with pytest.raises(InputError, match="is missing beside batas.shp"):
        boundaries.read_boundary_file(path, lang="en")


def test_a_complete_zipped_shapefile_imports(tmp_path):
    frame, _ = boundaries.read_boundary_file(_shapefile_zip(tmp_path, (".shp", ".shx", ".dbf", ".prj")))
    assert frame["kode"].tolist() == ["36.72"]


def test_a_cli_boundary_import_builds_the_map_file_at_once(tmp_path, monkeypatch):
    """As the Data page does after a download: the imported layer's map file is there before anyone opens Peta."""
    monkeypatch.setenv("KKB_BOUNDARY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("KKB_STATIC_DIR", str(tmp_path / "static"))
    path = _geojson(tmp_path, _collection([_feature("36.72", CILEGON), _feature("36.04", SERANG)]))
    result = run_cli("boundaries", "import", path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["layers_built"] == 1
    drawn = json.loads((tmp_path / "static" / "geo" / "kabkota.geojson").read_text(encoding="utf-8"))
    assert sorted(f["id"] for f in drawn["features"]) == ["36.04", "36.72"]


def test_a_failed_map_build_keeps_the_import_report_and_exit_code(tmp_path, monkeypatch, capsys):
    """The boundaries are stored before the map files are built: a build that fails says so, and the import's own
    report and exit code stand (strict JSON, `layers_built` null)."""
    from kkb_dashboard import cli
    from kkb_dashboard.views.maps import layers

    def broken(*args, **kwargs):
        raise RuntimeError("GEOS went away")

    monkeypatch.setenv("KKB_BOUNDARY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("KKB_STATIC_DIR", str(tmp_path / "static"))
    monkeypatch.setattr(layers, "build_cached", broken)
    path = _geojson(tmp_path, _collection([_feature("36.72", CILEGON)]))
    assert cli.main(["--lang", "en", "boundaries", "import", str(path)]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out, parse_constant=_no_nan)
    assert report["rows"] == 1 and report["layers_built"] is None
    assert "map files could not be prepared" in err and "Traceback" not in err
