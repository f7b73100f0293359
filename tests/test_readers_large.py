"""A large CSV is parsed straight from the file (`readers._large_csv_grid`): it must read exactly as the general
path reads the same file, whatever its encoding, separator, title rows or blank lines."""

from __future__ import annotations

import pandas as pd
import pytest

from kkb_dashboard.rules import schema
from kkb_dashboard.storage import readers

HEADER = "kode_desa;tanggal;jenis_kegiatan;jumlah;keterangan"
ROWS = ["36.72.01.1001;2024-05-27;Posyandu;3;Balai RW 02", "", "36.72.01.1002;27/05/2024;BKB;1;Café Ñusa"]
CASES = {
    "utf-8": ("\n".join([HEADER, *ROWS]) + "\n").encode("utf-8"),
    "utf-8 with BOM, title rows, CRLF": ("\r\n".join(["Laporan Mei;;", "", HEADER, *ROWS])).encode("utf-8-sig"),
    "utf-16 with BOM": ("\n".join([HEADER, *ROWS]) + "\n").encode("utf-16"),
    "windows-1252": ("\n".join([HEADER, *ROWS]) + "\n").encode("cp1252"),
    "commas": ("\n".join([h.replace(";", ",") for h in [HEADER, *ROWS]]) + "\n").encode("utf-8"),
}


def _read(path, monkeypatch, threshold: int) -> readers.RawTable:
    monkeypatch.setattr(readers, "_LARGE_CSV", threshold)
    return readers.read_table(path, schema.KINDS["kegiatan"])


@pytest.mark.parametrize("name", CASES)
def test_a_large_csv_reads_as_the_general_path_reads_it(name, tmp_path, monkeypatch):
    path = tmp_path / "kegiatan.csv"
    path.write_bytes(CASES[name])
    general, large = _read(path, monkeypatch, 10**12), _read(path, monkeypatch, 0)
    pd.testing.assert_frame_equal(
        general.frame.astype(str).reset_index(drop=True), large.frame.astype(str).reset_index(drop=True)
    )
    assert (general.columns, general.header_row, general.separator, general.overflow_rows) == (
        large.columns,
        large.header_row,
        large.separator,
        large.overflow_rows,
    )
    assert general.frame["_row"].tolist() == large.frame["_row"].tolist()
    assert "Café Ñusa" in large.frame["keterangan"].tolist()
