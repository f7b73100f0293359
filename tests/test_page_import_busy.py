"""Every page while another process imports (AppTest on the demo data): the last complete data with a short notice,
the new data once the import is in; a program holding the file for writing is a sentence, never a traceback."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
from conftest import shown
from streamlit.testing.v1 import AppTest
from test_concurrency import Writer

from kkb_dashboard.storage.store import connections

REPO = Path(__file__).resolve().parents[1]
PAGES = ("pages/peta.py", "pages/kegiatan.py", "pages/klasifikasi.py", "pages/simulasi.py", "pages/data.py")
ARRIVING = "Data baru sedang diimpor; halaman ini menampilkan data terakhir sampai impor selesai."
#: A real import in another process, held after its rows and summary tables are written (before the new version is
#: swapped in) until told to go on: it registers a 24th Kampung KB in Kota Cilegon (36.72; 23 in the demo).
PAUSED_IMPORT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kkb_dashboard.storage import importer, rollups

    refresh = rollups.refresh

    def refresh_then_wait(store, kind):
        refresh(store, kind)
        print("written", flush=True)
        sys.stdin.readline()

    rollups.refresh = refresh_then_wait
    register = Path(sys.argv[1]).with_name("kampung_baru.csv")
    register.write_text("kode_desa,nama_kampung,tahun_pencanangan\\n36.72.01.1001,KKB Baru,2020\\n")
    assert importer.import_file(register, "kampung", db=sys.argv[1]).exit_code == 0
    """
)


def _kampung_card(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Kampung KB")


def _open(wilayah: str = "36.72") -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params["wilayah"] = wilayah
    return at.run()


def test_every_page_serves_the_last_data_while_an_import_writes_and_the_new_data_after(demo_db):
    before = _open()
    assert not before.exception
    assert _kampung_card(before) == "23"
    writer = Writer(demo_db, PAUSED_IMPORT)
    try:
        during = _open()
        assert not during.exception and not during.error
        assert _kampung_card(during) == "23"
        assert ARRIVING in [c.value for c in during.sidebar.caption]
        for page in PAGES:
            during.switch_page(page).run()
            assert not during.exception, page
            assert not [e.value for e in during.error], page
    finally:
        writer.close()
    time.sleep(2.5)  # the store's version is read at most every 2 seconds (ui.data_version)
    after = _open()
    assert not after.exception
    assert _kampung_card(after) == "24"
    assert ARRIVING not in [c.value for c in after.sidebar.caption]


def test_a_program_holding_the_file_is_a_sentence_not_a_traceback(demo_db, monkeypatch):
    monkeypatch.setenv("KKB_READ_WAIT", "0.5")
    connections.READERS.close_all()
    hold = "import duckdb, sys\ncon = duckdb.connect(sys.argv[1])\nprint('holding', flush=True)\nsys.stdin.readline()\n"
    writer = Writer(demo_db, hold)
    try:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.query_params["lang"] = "en"
        at.run()
    finally:
        writer.close()
    assert not at.exception
    [warning] = at.warning
    assert warning.value == (
        f"The database {demo_db} is held open for writing by another program (not a dashboard import). "
        "Close that program, then try again."
    )


@pytest.fixture(autouse=True)
def _no_reader_left():
    """Each test opens the demo copy afresh: a reader of the previous test's file is not reused."""
    yield
    connections.READERS.close_all()


def test_an_import_from_the_data_page_while_another_runs_is_refused_with_the_reason(demo_db, monkeypatch):
    monkeypatch.setenv("KKB_WRITE_WAIT", "1")
    upload = "kode_desa,tanggal,jenis_kegiatan,jumlah\r\n36.72.01.1005,2024-05-27,BKB,2\r\n"
    at = _open()
    at.switch_page("pages/data.py").run()
    at.selectbox(key="upload_kind").set_value("kegiatan").run()
    at.file_uploader(key="upload_file").set_value(("kegiatan mei.csv", upload.encode(), "text/csv")).run()
    assert not at.exception and not at.error
    writer = Writer(demo_db)
    try:
        at.button(key="import_all").click().run()
    finally:
        writer.close()
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [
        f"Tidak ada yang disimpan: Impor lain ke {demo_db} masih berjalan setelah 1 detik menunggu: tidak ada yang "
        "disimpan. Ulangi impor setelah impor itu selesai."
    ]
    at.button(key="import_all").click().run()  # once the other import is done, the same click stores the file
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["1 baris diimpor ke 'kegiatan'."]
