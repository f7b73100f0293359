"""Editing profiles the rule's way: apply score targets (a lift, a scenario), move a rate, set a list's names.

Every change is the cheapest one that reaches the target (see `lift`); the edited frame is classified again to
see the new tier."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema

from .lift import poktan_additions
from .tier_rule import (
    AGENCY_LOOKUP,
    BANDS,
    FLAG_COLUMNS,
    PARTNER_AGENCIES,
    POKTAN,
    SCORE_NAMES,
    SET_INDICATORS,
    VOCABULARY_LOOKUP,
    band_score,
    max_numerator,
    min_numerator,
    numbers,
    parse_set,
    quantities,
    score_values,
)

# ---------------------------------------------------------------------------------------------- applying a lift


def _ensure(frame: pd.DataFrame, column: str) -> None:
    if column not in frame:
        frame[column] = pd.array([pd.NA] * len(frame), dtype="boolean" if column in FLAG_COLUMNS else "Int64")


def _add_counts(frame: pd.DataFrame, column: str, rows: np.ndarray, amount: np.ndarray) -> None:
    # Rows with nothing to add (or no computable amount: missing data) keep their value, even when missing.
    amount = np.broadcast_to(np.asarray(amount, dtype=float), np.shape(rows))
    keep = np.isfinite(amount) & (amount != 0)
    rows, amount = np.asarray(rows)[keep], amount[keep]
    if not rows.size:
        return
    _ensure(frame, column)
    current = np.nan_to_num(numbers(frame, column)[rows])
    frame[column] = frame[column].astype("Int64")
    frame.loc[frame.index[rows], column] = (current + amount).astype(np.int64)


def _set_flag(frame: pd.DataFrame, column: str, rows: np.ndarray) -> None:
    _ensure(frame, column)
    frame[column] = frame[column].astype("boolean")
    frame.loc[frame.index[rows], column] = True


def _add_names(
    frame: pd.DataFrame,
    column: str,
    rows: np.ndarray,
    how_many: np.ndarray,
    candidates: tuple[str, ...],
    lookup: dict[str, str],
) -> None:
    """Append the first `how_many` candidates a row does not have yet (as canonical names)."""
    values = (
        frame[column].astype("object").to_numpy(copy=True)
        if column in frame
        else np.full(len(frame), None, dtype=object)
    )
    for row, k in zip(rows, how_many.astype(int), strict=True):
        have = parse_set(values[row], lookup)
        extra = [c for c in candidates if c not in have][:k]
        extra += [f"Mitra lain {i + 1}" for i in range(k - len(extra))]  # only for agencies (open set)
        values[row] = ";".join([*sorted(have), *extra]) if have or extra else ""
    frame[column] = values


def _apply_step(
    frame: pd.DataFrame,
    name: str,
    rows: np.ndarray,
    target: np.ndarray,
    q: dict[str, np.ndarray],
    v: dict[str, np.ndarray],
) -> None:
    """Change the profile of `rows` so that score `name` reaches `target` (the cheapest way, see `lift._step_quantity`);
    `q` and `v` are the frame's current quantities and values."""
    if name == "pokja":
        _set_flag(frame, "pokja_ada", rows)
        members = q["anggota"][rows] > 0
        train = ((target == 3) & ~members) | (target == 4)
        _set_flag(frame, "pokja_terlatih", rows[train])
        record = rows[(target == 4) & ~members]
        _add_counts(frame, "pokja_anggota", record, 1.0 - q["anggota"][record])
    elif name == "plkb_regulasi":
        _set_flag(frame, "regulasi", rows)  # a decree is the usual first step
        _set_flag(frame, "plkb_pendamping", rows[target == 3])
    elif name in SET_INDICATORS:
        column, names = SET_INDICATORS[name]
        need = np.asarray(BANDS[name], dtype=float)[target - 2] - v[name][rows]
        _add_names(frame, column, rows, need, names, VOCABULARY_LOOKUP[column])
    elif name == "mitra":
        need = np.asarray(BANDS[name], dtype=float)[target - 2] - v[name][rows]
        _add_names(frame, "instansi_mitra", rows, need, PARTNER_AGENCIES, AGENCY_LOOKUP)
    else:
        _apply_rate_step(frame, q, name, rows, np.asarray(BANDS[name], dtype=float)[target - 2])


def move_rate(frame: pd.DataFrame, name: str, rows: np.ndarray, target_pct: np.ndarray | float) -> None:
    """Change the counts of `rows` (positions) in place so the rounded percentage of `name` reaches `target_pct`.

    `name` is poktan, cpr, mkjp (at least the target) or unmet_need (at most the target). The cheapest way:
    poktan participants where a point costs fewest families; new contraceptive users split so the long-acting
    share never falls; users switching to a long-acting method (one new MKJP user when there are none);
    fewer IAT, then TIAL couples.
    """
    rows = np.asarray(rows, dtype=np.int64)
    part = frame.iloc[rows].reset_index(drop=True)  # work on the rows only: frames can be national
    _apply_rate_step(
        part,
        quantities(part),
        name,
        np.arange(len(rows)),
        np.broadcast_to(np.asarray(target_pct, dtype=float), np.shape(rows)),
    )
    _write_rows(frame, part, rows)


def set_members(frame: pd.DataFrame, column: str, rows: np.ndarray, names: Iterable[str], add: bool) -> None:
    """Set (or, with `add`, extend) the `;`-joined set `column` of `rows` (positions) in place, canonically."""
    lookup = AGENCY_LOOKUP if column == "instansi_mitra" else VOCABULARY_LOOKUP[column]
    new = {lookup.get(schema.header_key(n), n) for n in names}
    values = (
        frame[column].astype("object").to_numpy(copy=True)
        if column in frame
        else np.full(len(frame), None, dtype=object)
    )
    for row in rows:
        members = (parse_set(values[row], lookup) | new) if add else new
        values[row] = ";".join(sorted(members))
    frame[column] = values


def _apply_rate_step(
    frame: pd.DataFrame, q: dict[str, np.ndarray], name: str, rows: np.ndarray, edge: np.ndarray
) -> None:
    if name == "poktan":
        added, _ = poktan_additions(q["poktan_num"][rows], q["poktan_den"][rows], edge)
        for i, p in enumerate(POKTAN):
            _add_counts(frame, f"peserta_{p}", rows, added[:, i])
    elif name == "cpr":
        users, mkjp = q["users"][rows], q["mkjp"][rows]
        need = np.maximum(0.0, min_numerator(q["pus"][rows], edge) - users)
        # New users keep at least the current long-acting share, so the MKJP score never falls.
        with np.errstate(divide="ignore", invalid="ignore"):
            long_acting = np.where(users > 0, np.ceil(need * mkjp / users), 0.0)
        _add_counts(frame, "kb_implan", rows, long_acting)
        _add_counts(frame, "kb_suntik", rows, need - long_acting)
    elif name == "mkjp":
        users, mkjp = q["users"][rows], q["mkjp"][rows]
        need = np.where(users > 0, np.maximum(0.0, min_numerator(np.maximum(users, 1), edge) - mkjp), 1.0)
        _add_counts(frame, "kb_implan", rows, need)
        left = np.where(users > 0, need, 0.0)
        for method in ("kb_suntik", "kb_pil", "kb_kondom"):  # switched from short-acting methods
            take = np.minimum(left, np.nan_to_num(numbers(frame, method)[rows]))
            _add_counts(frame, method, rows, -take)
            left = left - take
    else:  # unmet need
        need = np.maximum(0.0, q["unmet"][rows] - max_numerator(q["pus"][rows], edge))
        for column in ("tidak_kb_iat", "tidak_kb_tial"):
            take = np.minimum(need, np.nan_to_num(numbers(frame, column)[rows]))
            _add_counts(frame, column, rows, -take)
            need = need - take


def apply_score_targets(
    profil: pd.DataFrame, targets: pd.DataFrame | np.ndarray, current: np.ndarray | None = None
) -> pd.DataFrame:
    """A copy of `profil` (rows in order, fresh index) changed so each score reaches its target (1–4).

    `targets` has one column per SCORE_NAMES (or is an N×12 array); a target at or below the current score
    changes nothing. `current` (N×12) saves recomputing the scores when the caller has them fresh.
    Re-run `classify` on the result to see the new tier.
    """
    frame = profil.reset_index(drop=True)
    wanted = targets[list(SCORE_NAMES)].to_numpy() if isinstance(targets, pd.DataFrame) else np.asarray(targets)
    if current is None:
        v = score_values(quantities(frame))
        current = np.column_stack([band_score(n, v[n]) for n in SCORE_NAMES])
    touched = np.flatnonzero((wanted > current).any(axis=1))
    if not touched.size:
        return frame.copy()
    part = frame.iloc[touched].reset_index(drop=True)
    q = quantities(part)
    v = score_values(q)
    for i, name in enumerate(SCORE_NAMES):  # CPR before MKJP: the MKJP step sees the users CPR added
        now = band_score(name, v[name])
        rows = np.flatnonzero(wanted[touched, i] > now)
        if rows.size:
            _apply_step(part, name, rows, wanted[touched[rows], i], q, v)
            q |= quantities(part, after_step=name)  # only what the step changed is read again
            v = score_values(q)
    return _write_back(frame, part, touched)


def _write_back(frame: pd.DataFrame, part: pd.DataFrame, touched: np.ndarray) -> pd.DataFrame:
    if len(touched) == len(frame):  # every row changed (touched is ascending): part is the whole result
        return part
    out = frame.copy()
    _write_rows(out, part, touched)
    return out


def _write_rows(frame: pd.DataFrame, part: pd.DataFrame, rows: np.ndarray) -> None:
    """frame.iloc[rows] = part, in place, column by column (adopting part's dtype where it changed)."""
    for column in part.columns:
        if column not in frame:
            frame[column] = pd.array([pd.NA] * len(frame), dtype=part[column].dtype)
        if frame[column].dtype != part[column].dtype:
            frame[column] = frame[column].astype(part[column].dtype)
        frame.loc[frame.index[rows], column] = part[column].to_numpy()
