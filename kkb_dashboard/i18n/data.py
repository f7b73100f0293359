"""Texts for reading, validating and importing files: each problem says what is wrong and how to fix it."""

MESSAGES: dict[str, dict[str, str]] = {
    # whole-file problems
    "data.unreadable": {
        "id": "Berkas tidak dapat dibaca ({detail}). Simpan ulang sebagai .xlsx atau .csv (UTF-8) lalu coba lagi.",
        "en": "The file cannot be read ({detail}). Save it again as .xlsx or .csv (UTF-8) and retry.",
    },
    "data.xls_old": {
        "id": "Format .xls (Excel 97-2003) tidak didukung. Buka di Excel lalu Simpan Sebagai .xlsx.",
        "en": "The .xls format (Excel 97-2003) is not supported. Open it in Excel and Save As .xlsx.",
    },
    "data.unknown_format": {
        "id": "Jenis berkas '{suffix}' tidak didukung. Gunakan .xlsx, .csv atau .parquet.",
        "en": "File type '{suffix}' is not supported. Use .xlsx, .csv or .parquet.",
    },
    "data.unknown_kind": {
        "id": "Jenis data '{kind}' tidak dikenal. Pilih salah satu: {accepted}.",
        "en": "Unknown data kind '{kind}'. Choose one of: {accepted}.",
    },
    "data.no_sheet": {
        "id": "Sheet '{sheet}' tidak ada. Sheet yang ada: {sheets}.",
        "en": "There is no sheet '{sheet}'. The sheets are: {sheets}.",
    },
    "data.no_header": {
        "id": "Baris judul kolom tidak ditemukan untuk data '{kind}'. Pastikan ada baris judul dengan kolom "
        "seperti: {expected}. Unduh templat di halaman Data.",
        "en": "No header row found for '{kind}' data. Make sure a header row names columns such as: "
        "{expected}. Download the template on the Data page.",
    },
    "data.no_rows": {
        "id": "Berkas hanya berisi baris judul kolom (baris {header_row}) tanpa baris data, jadi tidak ada yang "
        "diimpor. Isi baris di bawah judul, atau pilih berkas yang benar.",
        "en": "The file holds only the header row (row {header_row}) and no data rows, so nothing was imported. "
        "Fill rows below the header, or choose the right file.",
    },
    "data.duplicate_header": {
        "id": "Kolom '{column}' muncul lebih dari sekali (judul {headers}, kolom {letters}). Hapus salah satunya "
        "atau ganti judulnya, agar tidak ada isian yang terbuang.",
        "en": "Column '{column}' appears more than once (headers {headers}, columns {letters}). Delete one of "
        "them or rename its header, so that no values are dropped.",
    },
    "data.xlsx_password": {
        "id": "Buku kerja Excel ini dilindungi kata sandi (terenkripsi), jadi isinya tidak dapat dibaca. Buka di "
        "Excel, hapus kata sandinya (File › Info › Proteksi Buku Kerja › Enkripsi dengan Kata Sandi, kosongkan), "
        "simpan, lalu unggah lagi.",
        "en": "This Excel workbook is password-protected (encrypted), so its contents cannot be read. Open it in "
        "Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, clear it), save "
        "and upload it again.",
    },
    "data.corrupt_workbook": {
        "id": "Buku kerja Excel ini rusak: bagian '{part}' tidak dapat dibaca ({detail}). Buka di Excel (Excel "
        "menawarkan perbaikan), simpan sebagai .xlsx baru, lalu unggah lagi.",
        "en": "This Excel workbook is damaged: part '{part}' cannot be read ({detail}). Open it in Excel (it "
        "offers a repair), save it as a new .xlsx and upload it again.",
    },
    "data.bad_bytes": {
        "id": "Baris {row} tidak dapat dibaca sebagai teks UTF-8 maupun Windows-1252. Simpan ulang berkas sebagai "
        "CSV UTF-8 (Excel: Simpan Sebagai › CSV UTF-8).",
        "en": "Line {row} can be read neither as UTF-8 nor as Windows-1252 text. Save the file again as CSV UTF-8 "
        "(Excel: Save As › CSV UTF-8).",
    },
    "data.bad_wilayah": {
        "id": "Wilayah '{value}' bukan kode wilayah Kemendagri yang dikenal. Contoh: 36.72 untuk Kota Cilegon.",
        "en": "Region '{value}' is not a known Kemendagri code. Example: 36.72 for Kota Cilegon.",
    },
    "data.missing_column": {
        "id": "Kolom wajib '{column}' tidak ada. Tambahkan kolom dengan salah satu judul: {aliases}.",
        "en": "Required column '{column}' is missing. Add a column headed one of: {aliases}.",
    },
    "data.missing_location": {
        "id": "Tidak ada kolom lokasi. Tambahkan kolom kode desa (judul: {aliases}) atau nama desa/kelurahan "
        "(judul: desa_kelurahan, kelurahan, desa) dan pilih wilayah induknya.",
        "en": "No location column. Add a desa code column (headed: {aliases}) or a desa/kelurahan name "
        "column (headed: desa_kelurahan, kelurahan, desa) and choose the parent region.",
    },
    "data.missing_when": {
        "id": "Kolom waktu tidak ada. Tambahkan kolom 'tanggal' (mis. 2024-05-27) atau 'periode' (mis. 2024-05).",
        "en": "No date column. Add a 'tanggal' column (e.g. 2024-05-27) or a 'periode' column (e.g. 2024-05).",
    },
    "data.missing_indicator": {
        "id": "Data indikator perlu kolom 'indikator' dan 'nilai' (bentuk panjang) atau satu kolom per "
        "indikator setelah 'kode_wilayah' dan 'periode' (bentuk lebar).",
        "en": "Indicator data needs 'indikator' and 'nilai' columns (long form) or one column per indicator "
        "after 'kode_wilayah' and 'periode' (wide form).",
    },
    # the data dictionary's limits (templates.accepted_values)
    "data.accept_range": {
        "id": "bilangan terhingga dari {low} sampai {high}; nilai di luarnya menolak baris",
        "en": "a finite number from {low} to {high}; a value outside rejects the row",
    },
    "data.accept_years": {"id": "tahun {low}–{high}", "en": "years {low}–{high}"},
    "data.accept_text": {
        "id": "teks bebas tanpa karakter kontrol (NUL dan sejenisnya menolak baris)",
        "en": "free text without control characters (NUL and the like reject the row)",
    },
    # where a cell problem is
    "data.where": {"id": "Baris {row}, kolom '{column}': ", "en": "Row {row}, column '{column}': "},
    # cell problems
    "data.required_empty": {
        "id": "wajib diisi. Isi sel ini atau hapus barisnya.",
        "en": "must not be empty. Fill this cell or delete the row.",
    },
    "data.not_number": {
        "id": "bukan angka. Tulis angka saja, mis. 24,5 atau 1200.",
        "en": "is not a number. Write a number only, e.g. 24.5 or 1200.",
    },
    "data.not_whole": {
        "id": "harus bilangan bulat. Tulis jumlah tanpa desimal, mis. 12.",
        "en": "must be a whole number. Write the count without decimals, e.g. 12.",
    },
    "data.negative": {
        "id": "tidak boleh negatif. Tulis 0 atau lebih.",
        "en": "must not be negative. Write 0 or more.",
    },
    "data.not_finite": {
        "id": "bukan angka yang terhingga (NaN atau tak hingga). Tulis angka biasa, mis. 1200, atau kosongkan sel.",
        "en": "is not a finite number (NaN or infinity). Write an ordinary number, e.g. 1200, or leave the cell empty.",
    },
    "data.out_of_range": {
        "id": "di luar rentang yang masuk akal untuk kolom ini ({low} sampai {high}). Periksa angkanya "
        "(lihat kamus data di halaman Data).",
        "en": "is outside the plausible range of this column ({low} to {high}). Check the number "
        "(see the data dictionary on the Data page).",
    },
    "data.year_out_of_range": {
        "id": "tahunnya di luar {low}–{high}. Periksa tahunnya (mis. 2024, bukan 0024 atau 1900).",
        "en": "its year is outside {low}–{high}. Check the year (e.g. 2024, not 0024 or 1900).",
    },
    "data.control_character": {
        "id": "berisi karakter kontrol tak terlihat ({code}), biasanya dari berkas rusak atau salah encoding. "
        "Hapus karakter itu (ketik ulang selnya) lalu simpan lagi.",
        "en": "contains an invisible control character ({code}), usually from a damaged file or a wrong encoding. "
        "Remove it (retype the cell) and save again.",
    },
    "data.not_bool": {
        "id": "bukan ya/tidak. Tulis salah satu: ya, tidak, y, t, 1, 0, ada, tidak ada.",
        "en": "is not yes/no. Write one of: ya, tidak, y, t, 1, 0, true, false, ada, tidak ada.",
    },
    "data.not_date": {
        "id": "bukan tanggal. Tulis seperti 2024-05-27, 27/05/2024 atau 27 Mei 2024.",
        "en": "is not a date. Write it like 2024-05-27, 27/05/2024 or 27 Mei 2024.",
    },
    "data.not_date_or_year": {
        "id": "bukan tanggal atau tahun. Tulis seperti 2023-03-15 atau 2023.",
        "en": "is not a date or a year. Write it like 2023-03-15 or 2023.",
    },
    "data.future_date": {
        "id": "tanggal di masa depan (hari ini {today}). Periksa tahunnya.",
        "en": "is a date in the future (today is {today}). Check the year.",
    },
    "data.not_period": {
        "id": "bukan bulan laporan. Tulis seperti 2024-05, 05/2024 atau Mei 2024.",
        "en": "is not a reporting month. Write it like 2024-05, 05/2024 or Mei 2024.",
    },
    "data.future_period": {
        "id": "bulan di masa depan (bulan ini {today}). Periksa tahun dan bulannya.",
        "en": "is a month in the future (this month is {today}). Check the year and month.",
    },
    "data.not_year": {"id": "bukan tahun. Tulis seperti 2024.", "en": "is not a year. Write it like 2024."},
    "data.not_period_or_year": {
        "id": "bukan tahun atau bulan. Tulis seperti 2024 atau 2024-05.",
        "en": "is not a year or month. Write it like 2024 or 2024-05.",
    },
    "data.unknown_activity": {
        "id": "jenis kegiatan tidak dikenal. Gunakan salah satu: {accepted}.",
        "en": "unknown activity type. Use one of: {accepted}.",
    },
    "data.unknown_seksi": {
        "id": "fungsi keluarga tidak dikenal. Gunakan salah satu: {accepted}.",
        "en": "unknown family function. Use one of: {accepted}.",
    },
    "data.unknown_tier": {
        "id": "klasifikasi tidak dikenal. Gunakan salah satu: {accepted}.",
        "en": "unknown tier. Use one of: {accepted}.",
    },
    "data.unknown_set_item": {
        "id": "nama tidak dikenal: {items}. Gunakan nama dari daftar ini, dipisah titik koma: {accepted}.",
        "en": "unknown names: {items}. Use names from this list, separated by semicolons: {accepted}.",
    },
    # locations
    "data.no_location": {
        "id": "lokasi kosong. Isi kode desa (10 digit) atau nama desa/kelurahan.",
        "en": "no location. Fill in the desa code (10 digits) or the desa/kelurahan name.",
    },
    "data.bad_code": {
        "id": "bukan kode wilayah. Kode desa/kelurahan punya 10 digit, mis. 36.72.01.1005 atau 3672011005.",
        "en": "is not a region code. A desa/kelurahan code has 10 digits, e.g. 36.72.01.1005 or 3672011005.",
    },
    "data.unknown_code": {
        "id": "kode {code} tidak ada dalam daftar Kemendagri 2025. Periksa angkanya, atau hapus kode dan "
        "isi nama desa/kelurahan agar dicocokkan.",
        "en": "code {code} is not in the Kemendagri 2025 list. Check the digits, or remove the code and "
        "fill in the desa/kelurahan name to match it.",
    },
    "data.wrong_level": {
        "id": "kode {code} adalah kode {level}, padahal yang diminta kode {expected}. Tulis kode lengkapnya.",
        "en": "code {code} is a {level} code, but a {expected} code is expected. Write the full code.",
    },
    "data.outside_wilayah": {
        "id": "kode {code} berada di luar wilayah yang dipilih, {wilayah}. Periksa kodenya atau pilih wilayah lain.",
        "en": "code {code} lies outside the chosen region, {wilayah}. Check the code or choose another region.",
    },
    "data.ambiguous_name": {
        "id": "nama ini cocok dengan lebih dari satu wilayah di {where}: {candidates}. Tambahkan kolom "
        "kecamatan atau tulis kode desanya.",
        "en": "this name matches more than one region in {where}: {candidates}. Add a kecamatan column "
        "or write the desa code.",
    },
    "data.name_not_found_near": {
        "id": "nama tidak ditemukan di {where}. Mungkin maksudnya: {candidates}. Perbaiki ejaannya atau tulis kodenya.",
        "en": "name not found in {where}. Did you mean: {candidates}? Fix the spelling or write the code.",
    },
    "data.name_not_found": {
        "id": "nama tidak ditemukan di {where}. Periksa ejaan dan wilayah induk yang dipilih, atau tulis kodenya.",
        "en": "name not found in {where}. Check the spelling and the chosen parent region, or write the code.",
    },
    "data.need_wilayah": {
        "id": "nama saja tidak cukup untuk menentukan desa. Pilih wilayah induk (mis. --wilayah 36.72) atau "
        "tambahkan kolom kecamatan dan kabupaten/kota.",
        "en": "a name alone does not identify the desa. Choose the parent region (e.g. --wilayah 36.72) or "
        "add kecamatan and kabupaten/kota columns.",
    },
    "data.no_period": {
        "id": "tanggal dan periode kosong. Isi salah satu.",
        "en": "both date and period are empty. Fill one of them.",
    },
    "data.duplicate": {
        "id": "baris ganda: sama dengan baris {first} ({key}). Gabungkan keduanya (mis. jumlahkan 'jumlah') "
        "atau hapus salah satu.",
        "en": "duplicate row: same as row {first} ({key}). Merge them (e.g. add up 'jumlah') or delete one.",
    },
    "data.overflow_cells": {
        "id": "baris ini punya isian di kolom tanpa judul, mungkin sel yang memuat '{separator}' terpecah. "
        'Beri tanda kutip pada sel itu ("APBD; Dana Desa"), pakai pemisah lain di dalam sel, atau simpan '
        "sebagai .xlsx.",
        "en": "this row has values under no header; a cell containing '{separator}' was probably split. Quote "
        'that cell ("APBD; Dana Desa"), use another separator inside it, or save as .xlsx.',
    },
    # warnings
    "data.not_registered": {
        "id": "{code} belum terdaftar sebagai Kampung KB. Impor register Kampung KB-nya juga.",
        "en": "{code} is not registered as a Kampung KB. Import its Kampung KB register too.",
    },
    "data.above_denominator": {
        "id": "lebih besar dari '{whole}' ({total}). Periksa angkanya.",
        "en": "is larger than '{whole}' ({total}). Check the numbers.",
    },
    "data.cpr_above_100": {
        "id": "jumlah peserta KB ({users}) melebihi PUS, sehingga CPR di atas 100 %. Periksa angkanya.",
        "en": "contraceptive users ({users}) exceed PUS, so CPR is above 100%. Check the numbers.",
    },
    "data.percent_out_of_range": {
        "id": "persentase di luar 0–100. Periksa angkanya.",
        "en": "percentage outside 0–100. Check the number.",
    },
    "data.point_outside_indonesia": {
        "id": "titik koordinat di luar Indonesia. Periksa lintang (lat) dan bujur (lon); mungkin tertukar.",
        "en": "the point lies outside Indonesia. Check lat and lon; they may be swapped.",
    },
    # import outcomes
    "data.imported": {
        "plural": "read",
        "en_one": "{imported} of {read} row imported into '{kind}'.",
        "id": "{imported} dari {read} baris diimpor ke '{kind}'.",
        "en": "{imported} of {read} rows imported into '{kind}'.",
    },
    "data.rejected_nothing_stored": {
        "id": "{rejected} baris ditolak, jadi tidak ada yang disimpan. Perbaiki baris yang ditolak, atau pilih "
        "'impor hanya baris yang valid' (--skip-invalid).",
        "en": "{rejected} rows were rejected, so nothing was stored. Fix the rejected rows, or choose "
        "'import only valid rows' (--skip-invalid).",
        "en_one": "1 row was rejected, so nothing was stored. Fix the rejected row, or choose "
        "'import only valid rows' (--skip-invalid).",
        "plural": "rejected",
    },
}
