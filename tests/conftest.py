"""Shared fixtures: an isolated data folder for every test, the shared reference data, and file writers.

Fixture files are written by the tests into `tmp_path` (no binary fixtures in git), in the shapes officials'
exports really have: `;`-separated CSV from Excel, Windows-1252, title rows above the header, merged cells.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
REPO = Path(__file__).resolve().parents[1]


def open_app(page: str | None = None, params: dict[str, str] | None = None, *, timeout: float = 120, **settings):
    """AppTest of app.py with link parameters, run once, then on `pages/<page>.py` (None: the default page) and run
    again. A page that app.py's `st.navigation` does not register fails here (AppTest.switch_page refuses it): a
    page test never passes without the page being reachable in the app. `settings` are set on the AppTest before
    the first run (`secrets`, `user`)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()  # the store's path is a cached resource; every test has its own
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=timeout)
    for name, value in settings.items():
        if name == "secrets":
            at.secrets.update(value)
        else:
            setattr(at, name, value)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    # switch_page before a first run would run the page alone, without app.py's sidebar (and the link)
    at.run()
    if page is not None:
        at.switch_page(f"pages/{page}.py")
        at.run()
    return at


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    """Every test gets its own data folder and database, so none touches the repository's `data/`."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("KKB_DATA_DIR", str(folder))
    monkeypatch.setenv("KKB_DB", str(folder / "kkb.duckdb"))
    return folder


@pytest.fixture
def db(data_dir) -> Path:
    """The test's database file (what `KKB_DB` points to)."""
    return data_dir / "kkb.duckdb"


@pytest.fixture(scope="session")
def shared() -> Path:
    """`../shared` beside the repository (reference data); tests that need it skip when it is missing."""
    if not SHARED.is_dir():
        pytest.skip(f"shared reference data not found at {SHARED}")
    return SHARED


@pytest.fixture
def write_csv(tmp_path):
    """Write `lines` (lists of cells; `[]` is a blank line) as a CSV file and return its path."""

    def write(name: str, lines: list[list[object]], *, sep: str = ",", encoding: str = "utf-8") -> Path:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(lines)  # quotes a cell holding `sep`
        path = tmp_path / name
        path.write_bytes(buffer.getvalue().encode(encoding))
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path):
    """Write sheets (name → rows; `[]` is a blank row) as an .xlsx file, optionally merging cell ranges."""
    from openpyxl import Workbook

    def write(name: str, sheets: dict[str, list[list[object]]], *, merge: dict[str, list[str]] | None = None) -> Path:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for number, row in enumerate(rows, start=1):
                for column, value in enumerate(row, start=1):
                    if value is not None:
                        sheet.cell(row=number, column=column, value=value)
            for cells in (merge or {}).get(title, []):
                sheet.merge_cells(cells)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture(autouse=True)
def _navigation_mode(request, monkeypatch):
    """AppTest starts every run as a fresh server would: with `pages/` beside app.py, Streamlit's old folder mode,
    which the app leaves with one rerun (`ui.data.under_app`) — and a rerun drops a button click. A real server leaves
    the old mode for good after its first run, so AppTest runs start where a running server is."""
    from streamlit.runtime.pages_manager import PagesManager

    if request.node.get_closest_marker("folder_mode"):
        return  # the test checks how the app leaves the old mode itself
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory) -> Path:
    """The demo database, built once per test run from data/demo (every file imports cleanly)."""
    from kkb_dashboard.storage import importer

    path = tmp_path_factory.mktemp("demo") / "kkb.duckdb"
    reports = importer.load_demo(path)
    assert [r.exit_code for r in reports] == [0] * len(importer.DEMO_ORDER), [r.errors[:3] for r in reports]
    return path


@pytest.fixture
def demo_db(built_demo, db) -> Path:
    """A copy of the demo database as this test's store; the app's caches start empty."""
    import shutil

    import streamlit as st

    shutil.copyfile(built_demo, db)
    st.cache_resource.clear()
    st.cache_data.clear()
    return db


@pytest.fixture(scope="session")
def geo(tmp_path_factory, shared) -> dict:
    """Boundary cache and static files: national layers and Banten's desa imported, Banten's kecamatan fetched
    from the local mirror of the upstream dumps."""
    from kkb_dashboard.storage import boundaries
    from kkb_dashboard.views.maps import layers

    root = tmp_path_factory.mktemp("geo")
    cache, static = root / "cache", root / "static"
    for level, name in (
        ("provinsi", "idn_provinsi.geojson"),
        ("kabkota", "idn_kabkota.geojson"),
        ("desa", "idn_desa_36_banten.geojson"),
    ):
        boundaries.import_file(shared / "geo" / name, level=level, cache_dir=cache)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KKB_BOUNDARY_URL", (shared / "geo" / "raw").as_uri())
        for level, prov in (("provinsi", None), ("kabkota", None), ("kecamatan", "36"), ("desa", "36")):
            layers.build_static(level, prov, cache_dir=cache, static_dir=static)
    return {"cache": cache, "static": static}


@pytest.fixture
def with_geo(geo, demo_db, monkeypatch) -> dict:
    """The demo database with those boundaries, as the app finds them."""
    monkeypatch.setenv("KKB_BOUNDARY_CACHE", str(geo["cache"]))
    monkeypatch.setenv("KKB_STATIC_DIR", str(geo["static"]))
    return geo


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared):
    """`streamlit run app.py` on a free loopback port, on the demo data, boundaries from the local mirror."""
    from browser_support import CHROMIUM, streamlit_server

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with streamlit_server(tmp_path_factory.mktemp("browser-data"), shared) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS

    playwright_sync = pytest.importorskip("playwright.sync_api")
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown text escaped by `kkb_dashboard.plaintext.plain`: no backslashes, no
    invisible word joiners (AppTest gives an element's Markdown source, not its rendered text)."""
    return markdown.replace("\\", "").replace("\u2060", "")


# --- tier-rule profiles built in code (test_tiers, test_scenarios) ------------------------------------------------

_PROFILE_BOOLS = ("pokja_ada", "pokja_terlatih", "plkb_pendamping", "regulasi")
_PROFILE_SETS = ("sumber_dana", "program_aktif", "penggunaan_data", "mekanisme_operasional", "instansi_mitra")


def worked_profile(**changes: object) -> dict:
    """The worked example of tier-rule.md (Mandiri) as one profile row, with `changes`."""
    from kkb_dashboard.rules import schema

    row = dict(
        kode_desa="36.72.01.1005",
        periode="2023-06",
        pokja_ada=True,
        pokja_anggota=9,
        pokja_terlatih=True,
        sumber_dana="APBD;Dana Desa;CSR",
        program_aktif="BKB;BKR;BKL;UPPKA;Sekretariat KKB",
        plkb_pendamping=True,
        regulasi=False,
        penggunaan_data="PK dan pemutakhiran;Potensi Desa;Data sektoral",
        mekanisme_operasional=";".join(schema.VOCABULARIES["mekanisme_operasional"]),
        instansi_mitra="Dinkes;Puskesmas;Dukcapil;PUPR;Kemenag",
        pus=400,
        keluarga=400,
        remaja=150,
        keluarga_balita=120,
        keluarga_remaja=80,
        keluarga_lansia=50,
        peserta_bkb=30,
        peserta_bkr=12,
        peserta_bkl=20,
        peserta_uppka=15,
        peserta_pikr=30,
        kb_iud=20,
        kb_mow=10,
        kb_mop=0,
        kb_kondom=10,
        kb_implan=30,
        kb_suntik=100,
        kb_pil=60,
        tidak_kb_hamil=5,
        tidak_kb_ingin_anak_segera=3,
        tidak_kb_iat=14,
        tidak_kb_tial=20,
    )
    row.update(changes)
    return row


def profile_frame(*rows: dict):
    """Profiles with the importer's dtypes: boolean, `;`-joined object sets, Int64 counts."""
    import pandas as pd

    from kkb_dashboard.rules import schema

    data = pd.DataFrame(list(rows))
    for column in schema.PROFILE_COLUMNS:
        if column not in data:
            data[column] = pd.NA
        kind = "boolean" if column in _PROFILE_BOOLS else ("object" if column in _PROFILE_SETS else "Int64")
        data[column] = data[column].astype(kind)
    return data
