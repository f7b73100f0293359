"""Texts for the tiers area, keyed by a stable name: {"id": Bahasa Indonesia, "en": English}."""

_LABELS = {
    "pokja": ("Pokja", "Working group (Pokja)"),
    "sumber_dana": ("Sumber dana", "Funding sources"),
    "program": ("Program aktif", "Active programs"),
    "sarana": ("Sarana", "Facilities"),
    "plkb_regulasi": ("PKB/PLKB dan regulasi", "Field officer and regulation"),
    "penggunaan_data": ("Penggunaan data", "Data sources used"),
    "mekanisme": ("Mekanisme operasional", "Operating mechanisms"),
    "mitra": ("Instansi mitra", "Partner agencies"),
    "poktan": ("Partisipasi poktan", "Poktan participation"),
    "cpr": ("CPR", "CPR"),
    "mkjp": ("MKJP", "Long-acting methods (MKJP)"),
    "unmet_need": ("Unmet need", "Unmet need"),
}

MESSAGES: dict[str, dict[str, str]] = {
    **{f"tiers.score.{k}": {"id": i, "en": e} for k, (i, e) in _LABELS.items()},
    "tiers.index.input": {"id": "Input", "en": "Input"},
    "tiers.index.proses": {"id": "Proses", "en": "Process"},
    "tiers.index.output": {"id": "Output", "en": "Output"},
    "tiers.yes": {"id": "ya", "en": "yes"},
    "tiers.no": {"id": "tidak", "en": "no"},
    "tiers.none": {"id": "tidak ada", "en": "none"},
    # What lies behind each score.
    "tiers.value.pokja": {
        "plural": "anggota",
        "en_one": "Pokja: formed {ada}, {anggota} member, trained {terlatih} → score {skor}",
        "id": "Pokja: terbentuk {ada}, {anggota} anggota, sudah dilatih {terlatih} → skor {skor}",
        "en": "Pokja: formed {ada}, {anggota} members, trained {terlatih} → score {skor}",
    },
    "tiers.value.count": {"id": "{label}: {n} ({names}) → skor {skor}", "en": "{label}: {n} ({names}) → score {skor}"},
    "tiers.value.program": {
        "id": "Program aktif (tanpa Sekretariat KKB dan Rumah DataKu): {n} ({names}) → skor {skor}",
        "en": "Active programs (not counting Sekretariat KKB and Rumah DataKu): {n} ({names}) → score {skor}",
    },
    "tiers.value.sarana": {
        "id": "Sarana (Sekretariat KKB, Rumah DataKu): {n} ({names}) → skor {skor}",
        "en": "Facilities (Sekretariat KKB, Rumah DataKu): {n} ({names}) → score {skor}",
    },
    "tiers.value.plkb_regulasi": {
        "id": "PKB/PLKB pendamping: {plkb}; regulasi (SK): {regulasi} → skor {skor}",
        "en": "Field officer (PKB/PLKB): {plkb}; founding regulation (SK): {regulasi} → score {skor}",
    },
    "tiers.value.mitra": {
        "id": "Instansi mitra ({source}, tanpa OPD PPKB dan Perwakilan BKKBN): {n} ({names}) → skor {skor}",
        "en": "Partner agencies ({source}, not counting OPD PPKB and Perwakilan BKKBN): {n} ({names}) → score {skor}",
    },
    "tiers.source.profil": {"id": "dari profil", "en": "from the profile"},
    "tiers.source.kegiatan": {"id": "dari kegiatan s.d. {periode}", "en": "from activities up to {periode}"},
    "tiers.value.poktan": {
        "id": "Partisipasi poktan: rata-rata {pct} (BKB {bkb}, BKR {bkr}, BKL {bkl}, UPPKA {uppka}, "
        "PIK-R {pikr}) → skor {skor}",
        "en": "Poktan participation: mean {pct} (BKB {bkb}, BKR {bkr}, BKL {bkl}, UPPKA {uppka}, "
        "PIK-R {pikr}) → score {skor}",
    },
    "tiers.value.cpr": {
        "id": "CPR: {users} peserta KB ÷ {pus} PUS = {pct} → skor {skor}",
        "en": "CPR: {users} contraceptive users ÷ {pus} couples (PUS) = {pct} → score {skor}",
    },
    "tiers.value.mkjp": {
        "id": "MKJP: {mkjp} peserta MKJP ÷ {users} peserta KB = {pct} → skor {skor}",
        "en": "MKJP share: {mkjp} long-acting users ÷ {users} contraceptive users = {pct} → score {skor}",
    },
    "tiers.value.unmet_need": {
        "id": "Unmet need: {unmet} PUS (IAT + TIAL) ÷ {pus} PUS = {pct} → skor {skor}",
        "en": "Unmet need: {unmet} couples (IAT + TIAL) ÷ {pus} couples (PUS) = {pct} → score {skor}",
    },
    "tiers.value.missing": {"id": "{label}: data belum lengkap → skor 1", "en": "{label}: data incomplete → score 1"},
    "tiers.value.no_profile": {
        "id": "Belum ada profil untuk periode ini: setiap indikator profil diberi skor 1",
        "en": "No profile for this period: every profile-based indicator scores 1",
    },
    # Indices and tier.
    "tiers.index.text": {
        "id": "Indeks {index} {value} ({scores}): {verdict} (batas lulus 3,00)",
        "en": "{index} index {value} ({scores}): {verdict} (pass mark 3.00)",
    },
    "tiers.index.pass": {"id": "lulus", "en": "passes"},
    "tiers.index.fail": {"id": "belum lulus", "en": "does not pass"},
    "tiers.tier.text": {
        "id": "{n} indeks lulus ({names}) → {tier}",
        "en": "{n} indices pass ({names}) → {tier}",
        "en_one": "1 index passes ({names}) → {tier}",
        "plural": "n",
    },
    # The way up.
    "tiers.lift.index_one": {
        "id": "Indeks {index} {value}: satu skor {index_lower} naik satu tingkat cukup — {changes}",
        "en": "{index} index {value}: raising one {index_lower} score by one level is enough — {changes}",
    },
    "tiers.lift.index_many": {
        "id": "Indeks {index} {value}: perlu {steps} langkah skor {index_lower} — {changes}",
        "en": "{index} index {value}: {steps} {index_lower} score steps needed — {changes}",
        "en_one": "{index} index {value}: 1 {index_lower} score step needed — {changes}",
        "plural": "steps",
    },
    "tiers.lift.summary": {
        "id": "Naik ke {tier} dengan {steps} langkah skor",
        "en": "Up to {tier} with {steps} score steps",
        "en_one": "Up to {tier} with 1 score step",
        "plural": "steps",
    },
    "tiers.lift.impossible": {
        "id": "Perubahan untuk naik tingkat belum dapat dihitung: lengkapi data CPR, MKJP dan unmet need "
        "(PUS dan peserta KB) yang masih kosong",
        "en": "No change to reach the next tier can be computed: fill in the missing CPR, MKJP and unmet need "
        "data (couples and contraceptive users)",
    },
    # One change, before → after.
    "tiers.change.pokja": {"id": "Pokja: {actions}", "en": "Pokja: {actions}"},
    "tiers.action.form_pokja": {"id": "bentuk Pokja", "en": "form a Pokja"},
    "tiers.action.train_pokja": {"id": "latih Pokja", "en": "train the Pokja"},
    "tiers.action.members_pokja": {"id": "catat anggota Pokja", "en": "record the Pokja's members"},
    "tiers.action.regulasi": {"id": "tetapkan regulasi (SK)", "en": "issue a founding regulation (SK)"},
    "tiers.action.plkb": {"id": "tugaskan PKB/PLKB pendamping", "en": "assign a field officer (PKB/PLKB)"},
    "tiers.change.count": {
        "id": "{label} {before} → {after} (tambah {added}: {names})",
        "en": "{label} {before} → {after} (add {added}: {names})",
    },
    "tiers.change.mitra": {
        "plural": "added",
        "en_one": "partner agencies {before} → {after} (add {added} agency other than OPD PPKB and Perwakilan BKKBN)",
        "id": "instansi mitra {before} → {after} (tambah {added} instansi, di luar OPD PPKB dan Perwakilan BKKBN)",
        "en": "partner agencies {before} → {after} (add {added} agencies other than OPD PPKB and Perwakilan BKKBN)",
    },
    "tiers.change.poktan": {
        "plural": "added",
        "en_one": "poktan participation {before} → {after} (add {added} participant: {detail})",
        "id": "partisipasi poktan {before} → {after} (tambah {added} peserta: {detail})",
        "en": "poktan participation {before} → {after} (add {added} participants: {detail})",
    },
    "tiers.change.cpr": {
        "id": "CPR {before} → {after} (tambah {added} peserta KB)",
        "en": "CPR {before} → {after} ({added} more contraceptive users)",
    },
    "tiers.change.mkjp_switch": {
        "plural": "added",
        "en_one": "MKJP share {before} → {after} ({added} user switches to a long-acting method)",
        "id": "MKJP {before} → {after} ({added} peserta KB beralih ke MKJP)",
        "en": "MKJP share {before} → {after} ({added} users switch to a long-acting method)",
    },
    "tiers.change.mkjp_add": {
        "id": "MKJP {before} → {after} (tambah {added} peserta MKJP)",
        "en": "MKJP share {before} → {after} ({added} more long-acting users)",
    },
    "tiers.change.unmet_need": {
        "plural": "added",
        "en_one": "unmet need {before} → {after} ({added} fewer couple with unmet need)",
        "id": "unmet need {before} → {after} ({added} PUS unmet need lebih sedikit)",
        "en": "unmet need {before} → {after} ({added} fewer couples with unmet need)",
    },
    "tiers.note.mitra": {
        "id": "Instansi mitra dihitung tanpa kantor program sendiri (OPD PPKB dan Perwakilan BKKBN), sesuai "
        "aturan. Portal nasional mengecualikan kode keduanya dari kolom yang salah sehingga ikut "
        "menghitungnya; skor mitra di portal bisa lebih tinggi.",
        "en": "Partner agencies are counted without the program's own offices (OPD PPKB and Perwakilan "
        "BKKBN), as the rule intends. The national portal excludes their ids from the wrong column and so "
        "counts them; its partner score can be higher.",
    },
    # Scenarios.
    "scenarios.reason.move_up": {
        "plural": "n",
        "en_one": "the one village closest to the tier above; {dari} → {ke}: {changes}",
        "id": "satu dari {n} desa paling dekat ke tingkat di atasnya; {dari} → {ke}: {changes}",
        "en": "one of the {n} villages closest to the tier above; {dari} → {ke}: {changes}",
    },
    "scenarios.reason.set_values": {"id": "nilai diubah: {changes}", "en": "values changed: {changes}"},
    "scenarios.reason.pick": {
        "id": "dipilih untuk naik; {dari} → {ke}: {changes}",
        "en": "picked to move up; {dari} → {ke}: {changes}",
    },
    "scenarios.reason.no_change": {
        "id": "tidak ada perubahan yang dapat dihitung",
        "en": "no change could be computed",
    },
}
