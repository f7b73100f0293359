"""Messages about the store itself: another import running, a full disk, a read-only folder, a missing file."""

MESSAGES = {
    "store.busy": {
        "plural": "seconds",
        "en_one": "Another import into {path} was still running after waiting {seconds} second: nothing was "
        "stored. Import again once it has finished.",
        "id": "Impor lain ke {path} masih berjalan setelah {seconds} detik menunggu: tidak ada yang disimpan. "
        "Ulangi impor setelah impor itu selesai.",
        "en": "Another import into {path} was still running after waiting {seconds} seconds: nothing was stored. "
        "Import again once it has finished.",
    },
    "store.waiting": {
        "plural": "seconds",
        "en_one": "Another import is running; this one waits its turn (at most {seconds} second)…",
        "id": "Impor lain sedang berjalan; impor ini menunggu gilirannya (paling lama {seconds} detik)…",
        "en": "Another import is running; this one waits its turn (at most {seconds} seconds)…",
    },
    "store.locked": {
        "id": "Basis data {path} sedang dibuka untuk ditulis oleh program lain (bukan impor dasbor). "
        "Tutup program itu, lalu coba lagi.",
        "en": "The database {path} is held open for writing by another program (not a dashboard import). "
        "Close that program, then try again.",
    },
    "store.full": {
        "id": "Disk penuh saat menulis {path}: tidak ada yang disimpan, data lama utuh. "
        "Kosongkan ruang disk, lalu ulangi impor.",
        "en": "The disk is full while writing {path}: nothing was stored, the data is unchanged. "
        "Free some disk space, then import again.",
    },
    "store.read_only": {
        "id": "Tidak bisa menulis {path} (folder atau berkas hanya-baca, atau tanpa izin tulis): tidak ada yang "
        "disimpan. Pilih folder yang bisa ditulis (--db atau KKB_DB) atau perbaiki izinnya.",
        "en": "Cannot write {path} (a read-only folder or file, or no write permission): nothing was stored. "
        "Choose a writable folder (--db or KKB_DB) or fix its permissions.",
    },
    "store.missing": {
        "id": "Basis data tidak ditemukan: {path}. Periksa --db atau KKB_DB, atau buat dulu dengan impor "
        "(python -m kkb_dashboard import …) atau demo (python -m kkb_dashboard demo).",
        "en": "Database not found: {path}. Check --db or KKB_DB, or create it first with an import "
        "(python -m kkb_dashboard import …) or the demo (python -m kkb_dashboard demo).",
    },
    "store.outdated": {
        "id": "Basis data {path} dibuat oleh versi dasbor yang lebih lama dan belum diperbarui. Perbarui dengan "
        "python -m kkb_dashboard upgrade --db {path} (atau impor berkas apa pun), lalu muat ulang halaman.",
        "en": "The database {path} was made by an older version of the dashboard and is not upgraded yet. Upgrade "
        "it with python -m kkb_dashboard upgrade --db {path} (or import any file), then reload the page.",
    },
    "store.upgraded": {
        "id": "Basis data {path} sudah mutakhir.",
        "en": "The database {path} is up to date.",
    },
    "store.arriving": {
        "id": "Data baru sedang diimpor; halaman ini menampilkan data terakhir sampai impor selesai.",
        "en": "New data is being imported; this page shows the last complete data until the import finishes.",
    },
}
