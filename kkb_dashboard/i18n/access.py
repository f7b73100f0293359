"""Texts of login, roles and users, and of the hardening around them (error ids, upload limits)."""

MESSAGES: dict[str, dict[str, str]] = {
    "access.bad_email": {
        "id": "'{email}' bukan alamat e-mail. Tulis alamat lengkap, mis. nama@dinas.go.id.",
        "en": "'{email}' is not an e-mail address. Write the full address, e.g. name@office.go.id.",
    },
    "access.bad_code": {
        "id": "'{code}' bukan kode wilayah yang dikenal. Tulis kode Kemendagri, mis. 36.72 (Kota Cilegon).",
        "en": "'{code}' is not a known region code. Write a Kemendagri code, e.g. 36.72 (Kota Cilegon).",
    },
    "access.bad_role": {
        "id": "Peran '{role}' tidak dikenal. Pilih salah satu: {roles}.",
        "en": "Unknown role '{role}'. Choose one of: {roles}.",
    },
    "access.operator_needs_region": {
        "id": "Operator perlu setidaknya satu wilayah: tambahkan --wilayah KODE (mis. --wilayah 36.72).",
        "en": "An operator needs at least one region: add --wilayah CODE (e.g. --wilayah 36.72).",
    },
    "access.outside_scope": {
        "id": "kode {code} berada di luar wilayah Anda ({wilayah}). Hapus baris ini atau impor hanya baris yang "
        "valid; bila wilayah ini memang tugas Anda, minta admin menambahkannya ke akun Anda.",
        "en": "code {code} lies outside your region(s) ({wilayah}). Remove this row or import only the valid "
        "rows; if this region is yours to report, ask your admin to add it to your account.",
    },
    "access.role_viewer": {"id": "pembaca", "en": "viewer"},
    "access.role_operator": {"id": "operator", "en": "operator"},
    "access.role_admin": {"id": "admin", "en": "admin"},
    "access.col_email": {"id": "e-mail", "en": "e-mail"},
    "access.col_role": {"id": "peran", "en": "role"},
    "access.col_wilayah": {"id": "wilayah", "en": "regions"},
    "access.user_added": {
        "id": "{email} disimpan sebagai {role}{wilayah}.",
        "en": "{email} saved as {role}{wilayah}.",
    },
    "access.user_removed": {"id": "{email} dihapus.", "en": "{email} removed."},
    "access.user_missing": {
        "id": "Tidak ada pengguna {email}. Lihat daftarnya dengan `users list`.",
        "en": "There is no user {email}. See the list with `users list`.",
    },
    "access.no_users": {
        "id": "Belum ada pengguna. Tambahkan dengan: python -m kkb_dashboard users add EMAIL --role admin",
        "en": "No users yet. Add one with: python -m kkb_dashboard users add EMAIL --role admin",
    },
    # the login gate
    "access.login_title": {"id": "Dasbor Kampung KB", "en": "Kampung KB Dashboard"},
    "access.login_text": {
        "id": "Dasbor ini hanya untuk petugas yang terdaftar. Masuk dengan akun kantor Anda.",
        "en": "This dashboard is for registered officials only. Sign in with your office account.",
    },
    "access.login_button": {"id": "Masuk", "en": "Sign in"},
    "access.logout_button": {"id": "Keluar", "en": "Sign out"},
    "access.unknown_title": {"id": "Akun belum terdaftar", "en": "Account not registered"},
    "access.unknown_text": {
        "id": "Anda masuk sebagai {email}, tetapi akun ini belum terdaftar di dasbor. Minta admin dasbor "
        "menambahkan Anda (peran pembaca, operator atau admin), lalu muat ulang halaman ini.",
        "en": "You are signed in as {email}, but this account is not registered on the dashboard. Ask the "
        "dashboard's admin to add you (as viewer, operator or admin), then reload this page.",
    },
    "access.signed_in": {"id": "Masuk sebagai {email} ({role})", "en": "Signed in as {email} ({role})"},
    # the Data page
    "access.viewer_no_import": {
        "id": "Peran Anda (pembaca) dapat melihat semua halaman tetapi tidak dapat mengimpor. Minta admin bila "
        "Anda perlu mengimpor data.",
        "en": "Your role (viewer) can see every page but cannot import. Ask your admin if you need to import data.",
    },
    "access.operator_scope": {
        "id": "Anda dapat mengimpor baris di wilayah: {wilayah}. Baris di luar wilayah ini ditolak.",
        "en": "You can import rows in: {wilayah}. Rows outside these regions are rejected.",
    },
    "access.admin_only_boundaries": {
        "id": "Hanya admin yang dapat mengunduh batas wilayah.",
        "en": "Only an admin can download boundaries.",
    },
    "access.only_mine": {"id": "Hanya impor saya", "en": "Only my imports"},
    "access.tab_users": {"id": "Pengguna", "en": "Users"},
    "access.users_help": {
        "id": "Siapa yang boleh masuk dan apa perannya. Pembaca melihat semua halaman; operator juga mengimpor "
        "baris di wilayahnya; admin mengimpor di mana saja, mengunduh batas wilayah dan mengelola pengguna.",
        "en": "Who may sign in and with which role. A viewer sees every page; an operator also imports rows in "
        "their regions; an admin imports anywhere, downloads boundaries and manages users.",
    },
    "access.add_heading": {"id": "Tambah atau ubah pengguna", "en": "Add or change a user"},
    "access.field_email": {"id": "E-mail", "en": "E-mail"},
    "access.field_role": {"id": "Peran", "en": "Role"},
    "access.field_wilayah": {
        "id": "Wilayah operator (kode, pisahkan dengan spasi)",
        "en": "Operator's regions (codes, separated by spaces)",
    },
    "access.save_user": {"id": "Simpan pengguna", "en": "Save user"},
    "access.remove_heading": {"id": "Hapus pengguna", "en": "Remove a user"},
    "access.remove_user": {"id": "Hapus", "en": "Remove"},
    # hardening
    "access.error_id": {
        "id": "Kode kesalahan: {id} (sebutkan saat melapor).",
        "en": "Error id: {id} (quote it when reporting).",
    },
}
