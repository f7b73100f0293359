"""A seeded national synthetic dataset: a Kampung KB in every desa/kelurahan, 24 months of data, as Parquet.

Every row is synthetic and says SINTETIS in `keterangan`. What is generated, all vectorised with numpy:

- `kampung.parquet`: one Kampung KB per desa of the region registry (`regions.registry()`, 83,762 desa). The
  Kepmendagri list also names 360 desa that have no boundary polygon; the registry cannot tell them apart at
  run time, so they get a Kampung KB too (pass `codes=` to `tables` for an explicit list). About 8 % are formed
  during the first year of the window and report only from the month after.
- `profil.parquet`: one profile per Kampung KB per month (monthly, not only on change: a national portal
  collects one every month), so the tier as of a month is that month's profile. The 12 scores are planned first
  (a tier pattern per village at the last month, about a quarter Mandiri plus, more or less per kab/kota),
  rise over the window, and the profile values are built backwards from them with the demo's bands
  (`demo.SET_BANDS`, `demo.POKTAN` …), clipped with `tier_rule.min_numerator`/`max_numerator` so that the rule's
  rounding gives the planned score.
- `kegiatan.parquet`: per village and month about 10 of the demo's activity types with a count (`jumlah`),
  participants, the family function and sometimes a partner agency; ~20 M rows nationally. 3 % of the villages
  stop reporting in the last quarter.
- `target.parquet`: per kab/kota and year, a Kampung KB in every desa and 30 % (first year) / 40 % Mandiri plus.

`python -m tools.national OUT_DIR [--prov 36 ...] [--seed 2025] [--months 24] [--end 2024-12]`.
The same arguments give the same files. Import them with `python -m kkb_dashboard import FILE --kind KIND`.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kkb_dashboard.rules import regions, schema, tier_rule
from tools import demo

SEED = 2025
KINDS = ("kampung", "target", "profil", "kegiatan")
NOTE = demo.SINTETIS
#: The tier pattern (which of Input/Proses/Output pass) at the last month: 25 % Mandiri plus (IO, PO, IPO).
PATTERN_MIX = {"": 0.20, "I": 0.15, "P": 0.08, "O": 0.07, "IP": 0.25, "IO": 0.12, "PO": 0.05, "IPO": 0.08}
#: Spread of the Mandiri-plus share between kab/kota (log-normal factor on those patterns' weights).
REGION_SPREAD = 0.45
FORMED_IN_WINDOW = 0.08
STOPPED_SHARE = 0.03
#: Mean number of activity types a village reports in a month.
TYPES_PER_MONTH = 10.6
_INDEX_SLICES = tuple(demo.INDICES.values())
_SCORE_MAX = np.array(demo.MAX_SCORE)
_PARQUET_ROW_GROUP = 1 << 20


# ---------------------------------------------------------------- public API


def months_ending(end: str, count: int) -> list[str]:
    """`count` months `YYYY-MM` ending with `end`, ascending."""
    last = pd.Period(end, freq="M")
    return [str(last - k) for k in range(count - 1, -1, -1)]


def desa_codes(provinces: list[str] | None = None) -> np.ndarray:
    """The desa/kelurahan codes of the registry (all, or inside `provinces`), ascending."""
    reg = regions.registry()
    desa = reg[reg["level"] == 4]
    if provinces:
        desa = desa[desa["kode_prov"].isin([str(p).zfill(2) for p in provinces])]
    return desa["kode"].to_numpy(dtype=object)


def tables(
    seed: int = SEED,
    provinces: list[str] | None = None,
    months: int = 24,
    end: str = "2024-12",
    codes: np.ndarray | None = None,
) -> dict[str, pd.DataFrame]:
    """The four tables (kampung, target, profil, kegiatan) as DataFrames with categorical text columns."""
    rng = np.random.default_rng(seed)
    codes = desa_codes(provinces) if codes is None else np.asarray(codes, dtype=object)
    window = months_ending(end, months)
    plan = _Plan(codes, window, rng)
    return {
        "kampung": plan.kampung(),
        "target": plan.targets(),
        "profil": plan.profiles(),
        "kegiatan": plan.activities(),
    }


def generate(
    out_dir: str | Path, seed: int = SEED, provinces: list[str] | None = None, months: int = 24, end: str = "2024-12"
) -> dict[str, Path]:
    """Write `<kind>.parquet` for kampung, target, profil and kegiatan into `out_dir`; returns kind → path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, frame in tables(seed, provinces, months, end).items():
        paths[kind] = out_dir / f"{kind}.parquet"
        table = pa.Table.from_pandas(frame, preserve_index=False)
        pq.write_table(table, paths[kind], row_group_size=_PARQUET_ROW_GROUP, compression="zstd")
    return paths


# ---------------------------------------------------------------- helpers


def _categorical(values: np.ndarray, categories) -> pd.Categorical:
    """Codes into `categories` (−1 = missing) as a pandas Categorical (a Parquet dictionary column)."""
    return pd.Categorical.from_codes(np.asarray(values, dtype=np.int32), categories=list(categories))


def _weighted_orders(rng: np.random.Generator, n: int, weights: list[float]) -> np.ndarray:
    """Per village, a random order of the items, likelier (heavier) items first (exponential race)."""
    keys = rng.exponential(size=(n, len(weights))) / np.asarray(weights, dtype=float)
    return np.argsort(keys, axis=1, kind="stable")


def _prefix_masks(orders: np.ndarray, bits: np.ndarray) -> np.ndarray:
    """Bit masks of each prefix of each village's order: column k holds the first k items."""
    chosen = bits[orders]
    return np.concatenate([np.zeros((len(orders), 1), dtype=np.int64), np.cumsum(chosen, axis=1)], axis=1)


def _set_strings(masks: np.ndarray, names: list[str], empty: str = "tidak ada") -> pd.Categorical:
    """`;`-joined names (vocabulary order) for each bit mask, as a categorical built from the distinct masks."""
    distinct, inverse = np.unique(masks, return_inverse=True)
    labels = [";".join(n for i, n in enumerate(names) if m >> i & 1) or empty for m in distinct]
    return pd.Categorical.from_codes(inverse.astype(np.int32), categories=labels)


def _count_for_score(score: np.ndarray, bands: dict[int, tuple[int, int]], u: np.ndarray) -> np.ndarray:
    """How many items give `score` (a fixed fraction `u` of its band, so a set only grows as its score does)."""
    lo = np.array([bands.get(s, (0, 0))[0] for s in range(5)])[score]
    hi = np.array([bands.get(s, (0, 0))[1] for s in range(5)])[score]
    return lo + np.minimum((u * (hi - lo + 1)).astype(np.int64), hi - lo)


def _in_band(den: np.ndarray, target_pct: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A whole count near target % of `den` whose rounded percentage lies in [lo, hi] whenever one exists."""
    guess = np.round(target_pct * den / 100.0)
    low = np.maximum(tier_rule.min_numerator(den, lo), 0)
    high = np.minimum(tier_rule.max_numerator(den, hi), den)
    return np.clip(guess, low, np.maximum(low, high)).astype(np.int64)


def _band_arrays(table: dict[int, tuple], part: int) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) per score 0–4 of the demo's output tables (part 0 = target range, 1 = band)."""
    lo = np.array([table.get(s, table[1])[part][0] for s in range(5)], dtype=float)
    hi = np.array([table.get(s, table[1])[part][1] for s in range(5)], dtype=float)
    return lo, hi


# ---------------------------------------------------------------- the plan


class _Plan:
    """Villages, their score path over the window, and the rows built from it (one instance per dataset)."""

    def __init__(self, codes: np.ndarray, window: list[str], rng: np.random.Generator):
        self.codes, self.window, self.rng = codes, window, rng
        self.n, self.m = len(codes), len(window)
        self.kab = pd.factorize(np.array([c[:5] for c in codes], dtype=object), sort=True)
        self.first = self._formation()
        self.stopped = rng.random(self.n) < STOPPED_SHARE
        self.scores = self._score_path()  # (n, m, 12) int8
        self.rows_v, self.rows_m = self._active_rows()

    # --- who exists when
    def _formation(self) -> np.ndarray:
        """Index of each village's first reporting month (0 for the ones formed before the window)."""
        late = self.rng.random(self.n) < FORMED_IN_WINDOW
        return np.where(late, self.rng.integers(1, max(2, self.m // 2), self.n), 0)

    def _active_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """(village, month) of every profile: from formation on, none in the last quarter for stopped ones."""
        v, m = np.divmod(np.arange(self.n * self.m), self.m)
        keep = (m >= self.first[v]) & ~(self.stopped[v] & (m >= self.m - 3))
        return v[keep], m[keep]

    # --- scores
    def _patterns(self) -> np.ndarray:
        """(n, 3) booleans: which of Input, Proses, Output pass at the last month."""
        names = list(PATTERN_MIX)
        weights = np.tile(np.array(list(PATTERN_MIX.values())), (len(self.kab[1]), 1))
        plus = np.array([demo.tier_of(p) in schema.MANDIRI_PLUS for p in names])
        weights[:, plus] *= np.exp(self.rng.normal(0, REGION_SPREAD, len(self.kab[1])))[:, None]
        cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)[self.kab[0]]
        chosen = (self.rng.random(self.n)[:, None] > cumulative).sum(axis=1).clip(0, len(names) - 1)
        return np.array([[ix in names[c] for ix in demo.INDICES] for c in range(len(names))])[chosen]

    def _index_sums(self, passes: np.ndarray) -> np.ndarray:
        """(n, 3) score sums per index: passing ones at the mark or a little above, failing ones below it."""
        sums = np.empty((self.n, 3), dtype=np.int64)
        for i, (ix, (a, b)) in enumerate(demo.INDICES.items()):
            mark, top, low = demo.PASS_SUM[ix], demo.MAX_SUM[ix], b - a
            up = self.rng.integers(mark, min(top, mark + 2) + 1, self.n)
            near = self.rng.random(self.n) < 0.3  # one score short of passing: the next tier is close
            down = np.where(near, mark - 1, self.rng.integers(low, mark, self.n))
            sums[:, i] = np.where(passes[:, i], up, down)
        return sums

    def _spread(self, scores: np.ndarray, units: np.ndarray, cols: slice, grow: bool) -> None:
        """Add (or remove) `units` score points per village over the components in `cols`, at random."""
        part = scores[:, cols]  # a view: edits go into `scores`
        for _ in range(int(units.max(initial=0))):
            room = (part < _SCORE_MAX[cols]) if grow else (part > 1)
            todo = (units > 0) & room.any(axis=1)
            if not todo.any():
                break
            keys = np.where(room, self.rng.random(part.shape), -1.0)
            pick = keys.argmax(axis=1)
            rows = np.flatnonzero(todo)
            part[rows, pick[rows]] += 1 if grow else -1
            units = units - todo

    def _score_path(self) -> np.ndarray:
        """(n, m, 12) scores per month: a start plan below the end plan, each missing point gained in a month."""
        end = np.ones((self.n, 12), dtype=np.int64)
        sums = self._index_sums(self._patterns())
        for i, cols in enumerate(_INDEX_SLICES):
            self._spread(end, sums[:, i] - (cols[1] - cols[0]), slice(*cols), grow=True)
        start = end.copy()
        for cols in _INDEX_SLICES:
            drop = self.rng.choice(4, self.n, p=(0.45, 0.25, 0.2, 0.1))
            self._spread(start, drop, slice(*cols), grow=False)
        gains = end - start  # points each component gains over the window, each in its own random month
        path = np.repeat(start.astype(np.int8)[:, None, :], self.m, axis=1)
        for level in range(1, 4):
            month = self.rng.integers(self.first[:, None] + 1, self.m, (self.n, 12)).clip(max=self.m - 1)
            gained = gains >= level
            steps = np.zeros((self.n, self.m + 1, 12), dtype=np.int8)
            v, c = np.nonzero(gained)
            steps[v, month[v, c], c] = 1
            path += np.cumsum(steps[:, :-1], axis=1)
        return path.astype(np.int8)

    # --- tables
    def kampung(self) -> pd.DataFrame:
        """The register: one Kampung KB per desa, named after it, formed before or during the window."""
        reg = regions.registry().set_index("kode")
        names = reg.loc[self.codes, "nama"].to_numpy(dtype=object)
        years = self.rng.integers(2016, int(self.window[0][:4]), self.n)
        days = self.rng.integers(0, 365, self.n)
        before = pd.to_datetime(years.astype(str), format="%Y") + pd.to_timedelta(days, unit="D")
        in_window = pd.PeriodIndex(np.array(self.window)[np.maximum(self.first - 1, 0)], freq="M").to_timestamp()
        formed = np.where(
            self.first > 0, in_window + pd.to_timedelta(self.rng.integers(0, 28, self.n), unit="D"), before
        )
        cakupan = self.rng.choice(3, self.n, p=(0.7, 0.2, 0.1))
        return pd.DataFrame(
            {
                "kode_desa": _categorical(np.arange(self.n), self.codes),
                "nama_kampung": pd.array([f"KKB {n}" for n in names], dtype="string"),
                "tanggal_pencanangan": pd.to_datetime(formed).date,
                "cakupan": _categorical(cakupan, ("Desa", "Dusun", "RW")),
                "keterangan": _categorical(np.zeros(self.n), [NOTE]),
            }
        )

    def targets(self) -> pd.DataFrame:
        """Per kab/kota and year of the window: every desa a Kampung KB; 30 % then 40 % Mandiri plus."""
        kab_codes, counts = self.kab[1], np.bincount(self.kab[0])
        rows = []
        years = sorted({int(m[:4]) for m in self.window})
        for k, year in enumerate(years):
            pct = 30.0 if k == 0 and len(years) > 1 else 40.0
            rows.append(
                pd.DataFrame(
                    {
                        "kode_wilayah": np.asarray(kab_codes, dtype=object),
                        "tahun": year,
                        "target_kampung": counts,
                        "target_mandiri_plus_persen": pct,
                        "target_mandiri_plus": np.round(counts * pct / 100).astype(np.int64),
                        "keterangan": NOTE,
                    }
                )
            )
        return pd.concat(rows, ignore_index=True)

    def profiles(self) -> pd.DataFrame:
        """One profile per active village-month, built backwards from its planned scores."""
        v, m = self.rows_v, self.rows_m
        s = self.scores[v, m].astype(np.int64)
        frame = {"kode_desa": _categorical(v, self.codes), "periode": _categorical(m, self.window)}
        frame.update(self._input_columns(v, s))
        frame.update(self._output_columns(v, m, s))
        frame["keterangan"] = _categorical(np.zeros(len(v)), [NOTE])
        columns = ["kode_desa", "periode", *schema.PROFILE_COLUMNS, "keterangan"]
        return pd.DataFrame({c: frame[c] for c in columns})

    def _input_columns(self, v: np.ndarray, s: np.ndarray) -> dict[str, object]:
        """Pokja, the set columns and the field officer/regulation flags for scores 1–8."""
        rng, n = self.rng, self.n
        members = rng.integers(7, 22, n)[v]
        regulation_first = (rng.random(n) < 0.4)[v]
        out = {
            "pokja_ada": s[:, 0] >= 2,
            "pokja_anggota": np.where(s[:, 0] >= 3, members, 0).astype(np.int32),
            "pokja_terlatih": s[:, 0] == 4,
            "plkb_pendamping": (s[:, 4] == 3) | ((s[:, 4] == 2) & ~regulation_first),
            "regulasi": (s[:, 4] == 3) | ((s[:, 4] == 2) & regulation_first),
        }
        self.program_masks = self._set_masks(
            v, s[:, 2], "program", schema.VOCABULARIES["program_aktif"]
        ) | self._set_masks(v, s[:, 3], "fasilitas", schema.VOCABULARIES["program_aktif"])
        out["program_aktif"] = _set_strings(self.program_masks, list(schema.VOCABULARIES["program_aktif"]))
        for column, score in (("sumber_dana", 1), ("penggunaan_data", 5), ("mekanisme_operasional", 6)):
            band = "mekanisme_operasional" if column == "mekanisme_operasional" else column
            masks = self._set_masks(v, s[:, score], band, schema.VOCABULARIES[column])
            out[column] = _set_strings(masks, list(schema.VOCABULARIES[column]))
        agencies = list(schema.AGENCIES)
        self.partner_masks = self._set_masks(v, s[:, 7], "instansi_mitra", schema.AGENCIES)
        own = (self.rng.random(n) < 0.3)[v] * (1 << agencies.index("OPD PPKB"))  # named, never counted
        out["instansi_mitra"] = _set_strings(self.partner_masks | own, agencies)
        return out

    def _set_masks(self, v: np.ndarray, score: np.ndarray, band: str, vocabulary) -> np.ndarray:
        """Bit masks (over `vocabulary`) of the items that give `score`: a prefix of the village's own order."""
        weights = demo.ORDERS[band]
        names = list(vocabulary)
        bits = np.array([1 << names.index(item) for item in weights], dtype=np.int64)
        prefixes = _prefix_masks(_weighted_orders(self.rng, self.n, list(weights.values())), bits)
        count = _count_for_score(score, demo.SET_BANDS[band], self.rng.random(self.n)[v])
        return prefixes[v, count]

    def _output_columns(self, v: np.ndarray, m: np.ndarray, s: np.ndarray) -> dict[str, np.ndarray]:
        """Family counts, poktan participants, contraceptive users and non-users for scores 9–12."""
        rng, n = self.rng, self.n
        kelurahan = np.array([c[9] == "1" for c in self.codes])
        base = np.exp(rng.normal(np.log(900), 0.5, n)) * np.where(kelurahan, 2.5, 1.0)
        keluarga = np.round(base.clip(150, 9000)[v] * (1 + 0.001 * m)).astype(np.int64)
        shares = {
            "pus": (0.55, 0.7),
            "remaja": (0.6, 0.9),
            "keluarga_balita": (0.2, 0.3),
            "keluarga_remaja": (0.25, 0.35),
            "keluarga_lansia": (0.15, 0.3),
        }
        out = {"keluarga": keluarga}
        for column, (lo, hi) in shares.items():
            out[column] = np.round(keluarga * rng.uniform(lo, hi, n)[v]).astype(np.int64)
        out.update(self._poktan(v, s[:, 8], out))
        out.update(self._contraception(v, s[:, 9], s[:, 10], s[:, 11], out["pus"]))
        return {k: np.asarray(x, dtype=np.int32) for k, x in out.items()}

    def _target(self, v: np.ndarray, score: np.ndarray, table: dict) -> np.ndarray:
        """A target percentage for each row from the score's range, steady per village with a little noise."""
        lo, hi = _band_arrays(table, 0)
        u = (self.rng.random(self.n)[v] + self.rng.uniform(-0.1, 0.1, len(v))).clip(0, 1)
        return lo[score] + u * (hi[score] - lo[score])

    def _poktan(self, v: np.ndarray, score: np.ndarray, fam: dict) -> dict[str, np.ndarray]:
        """Participants of the five poktan, each percentage inside the score's band (so the mean is too)."""
        lo, hi = _band_arrays(demo.POKTAN, 1)
        target = self._target(v, score, demo.POKTAN)
        columns = {
            "peserta_bkb": "keluarga_balita",
            "peserta_bkr": "keluarga_remaja",
            "peserta_bkl": "keluarga_lansia",
            "peserta_uppka": "keluarga",
            "peserta_pikr": "remaja",
        }
        out = {}
        for column, den in columns.items():
            factor = self.rng.uniform(0.85, 1.15, self.n)[v]
            out[column] = _in_band(fam[den], target * factor, lo[score], np.minimum(hi[score], 100))
        return out

    def _contraception(self, v, cpr, mkjp, unmet, pus) -> dict[str, np.ndarray]:
        """Users by method (CPR and MKJP share in their bands) and non-users by reason (unmet need)."""
        users = _in_band(pus, self._target(v, cpr, demo.CPR), *(b[cpr] for b in _band_arrays(demo.CPR, 1)))
        long_acting = _in_band(users, self._target(v, mkjp, demo.MKJP), *(b[mkjp] for b in _band_arrays(demo.MKJP, 1)))
        need = _in_band(pus, self._target(v, unmet, demo.UNMET), *(b[unmet] for b in _band_arrays(demo.UNMET, 1)))
        iud, mow, mop = (np.floor(long_acting * f).astype(np.int64) for f in (0.35, 0.1, 0.02))
        short = users - long_acting
        suntik, pil = (np.floor(short * f).astype(np.int64) for f in (0.65, 0.25))
        iat = np.floor(need * self.rng.uniform(0.35, 0.55, self.n)[v]).astype(np.int64)
        return {
            "kb_iud": iud,
            "kb_mow": mow,
            "kb_mop": mop,
            "kb_kondom": short - suntik - pil,
            "kb_implan": long_acting - iud - mow - mop,
            "kb_suntik": suntik,
            "kb_pil": pil,
            "tidak_kb_hamil": np.round(pus * 0.03).astype(np.int64),
            "tidak_kb_ingin_anak_segera": np.round(pus * 0.045).astype(np.int64),
            "tidak_kb_iat": iat,
            "tidak_kb_tial": need - iat,
        }

    def activities(self) -> pd.DataFrame:
        """About TYPES_PER_MONTH activity types per active village-month, likelier with more programs active."""
        chance, gate, seksi = self._activity_chances()
        v, m = self.rows_v, self.rows_m
        intensity = 0.8 + 0.2 * self.scores[v, m].sum(axis=1) / _SCORE_MAX.sum()
        parts = []
        for j in range(len(demo.ACTIVITIES)):
            p = chance[j] * intensity * np.where(gate[j] & self.program_masks == gate[j], 1.0, 0.35)
            hit = np.flatnonzero(self.rng.random(len(v)) < p)
            parts.append((np.full(len(hit), j, dtype=np.int8), hit))
        jenis = np.concatenate([p[0] for p in parts])
        row = np.concatenate([p[1] for p in parts])
        order = np.lexsort((jenis, row))  # village by village, month by month, as a report would list them
        jenis, row = jenis[order], row[order]
        return self._activity_frame(jenis, row, seksi)

    def _activity_chances(self) -> tuple[np.ndarray, np.ndarray, list]:
        """Per type: monthly chance (scaled to TYPES_PER_MONTH), the program bit it needs, its seksi."""
        programs = list(schema.VOCABULARIES["program_aktif"])
        raw = np.array([a[1] for a in demo.ACTIVITIES]) ** 0.35
        chance = (raw * TYPES_PER_MONTH / raw.sum() / 0.8).clip(max=0.98)
        gate = np.array([1 << programs.index(a[2]) if a[2] in programs else 0 for a in demo.ACTIVITIES])
        return chance, gate, [a[4] for a in demo.ACTIVITIES]

    def _activity_frame(self, jenis: np.ndarray, row: np.ndarray, seksi: list) -> pd.DataFrame:
        """Counts, participants, family function and an occasional partner agency for each activity row."""
        rng, k = self.rng, len(row)
        names = [a[0] for a in demo.ACTIVITIES]
        peserta_lo = np.array([a[3][0] for a in demo.ACTIVITIES])[jenis]
        peserta_hi = np.array([a[3][1] for a in demo.ACTIVITIES])[jenis]
        posyandu = jenis == names.index("Posyandu")
        jumlah = np.where(posyandu, rng.choice([1, 1, 1, 2, 2, 3, 4], k), rng.choice([1, 1, 1, 2], k))
        functions = list(schema.FAMILY_FUNCTIONS)
        fixed = np.array([functions.index(s) if s else -1 for s in seksi])[jenis]
        kie = np.array([functions.index(s) for s in demo.KIE_SEKSI])[rng.integers(0, len(demo.KIE_SEKSI), k)]
        return pd.DataFrame(
            {
                "kode_desa": _categorical(self.rows_v[row], self.codes),
                "periode": _categorical(self.rows_m[row], self.window),
                "jenis_kegiatan": _categorical(jenis, names),
                "jumlah": jumlah.astype(np.int32),
                "peserta": (peserta_lo + (rng.random(k) * (peserta_hi - peserta_lo + 1)).astype(np.int64)).astype(
                    np.int32
                ),
                "seksi": _categorical(np.where(fixed >= 0, fixed, kie), functions),
                "instansi": self._activity_partners(row),
                "keterangan": _categorical(np.zeros(k), [NOTE]),
            }
        )

    def _activity_partners(self, row: np.ndarray) -> pd.Categorical:
        """One of the village's partner agencies on about one row in ten, else empty."""
        agencies = list(schema.AGENCIES)
        masks = self.partner_masks[row]
        named = np.flatnonzero((self.rng.random(len(row)) < 0.1) & (masks > 0))
        bits = np.array([(masks[named] >> i) & 1 for i in range(len(agencies))]).T
        pick = np.where(bits > 0, self.rng.random(bits.shape), -1.0).argmax(axis=1)
        codes = np.full(len(row), -1, dtype=np.int32)
        codes[named] = pick
        return _categorical(codes, agencies)


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> None:
    """`python -m tools.national OUT_DIR [--prov 36 ...] [--seed N] [--months 24] [--end 2024-12]`."""
    parser = argparse.ArgumentParser(prog="python -m tools.national", description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--prov", nargs="*", help="province codes (default: all 38)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--end", default="2024-12")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = generate(args.out_dir, args.seed, args.prov, args.months, args.end)
    for kind, path in paths.items():
        rows = pq.ParquetFile(path).metadata.num_rows
        print(f"{kind:10} {rows:>12,} rows {path.stat().st_size:>14,} bytes  {path}")
    print(f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
