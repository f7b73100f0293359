"""The lift optimiser: for every village, the cheapest set of score steps that reaches a higher tier."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from kkb_dashboard.rules import schema

from .tier_rule import (
    BANDS,
    INDEX_NAMES,
    INDEX_PASS_SUM,
    INDEX_SCORES,
    MAX_SCORE,
    POKTAN,
    SCORE_NAMES,
    band_score,
    max_numerator,
    min_numerator,
    percent,
    quantities,
    score_values,
    tier_index,
)

# ---------------------------------------------------------------------------------------------- the way up
# A change is a set of "score steps" (one indicator up one band). Each step has a quantity (how many more
# funding sources, contraceptive users, …) and a relative size (quantity ÷ current amount, at least ÷ 1). The
# cheapest lift to a tier is the fewest steps, tie-broken by the smallest total relative size; cost
# `biaya = steps + R/(1 + R)` keeps that order in one number. Per index, a small dynamic programme over its
# scores finds the cheapest way to add exactly the missing steps; then every combination of indices that would
# pass is tried. Missing CPR/MKJP/unmet data cannot be raised by a quantity: those steps are impossible (∞).


def _pokja_flips(q: dict[str, np.ndarray], target: int) -> np.ndarray:
    members, trained = q["anggota"] > 0, q["pokja_terlatih"]
    flips = (~q["pokja_ada"]).astype(float)
    if target == 3:
        flips += ~(members | trained)
    elif target == 4:
        flips += (~members).astype(float) + (~trained)
    return flips


def poktan_additions(num: np.ndarray, den: np.ndarray, edge: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
    """Participants to add per poktan (N×5) so the mean percentage rounds to ≥ `edge`, and whether possible.

    Points go to the poktan with the fewest families per point first (smallest denominator), none above
    100 % while another still has room; a zero denominator cannot gain points.
    """
    pct = np.nan_to_num(percent(num, den))
    remaining = np.maximum(0.0, 5.0 * np.asarray(edge, dtype=float) - 2.0 - pct.sum(axis=1))  # mean ≥ edge − ½
    order = np.argsort(np.where(den > 0, den, np.inf), axis=1, kind="stable")
    rows, new = np.arange(len(pct)), pct.copy()
    for cap in (100.0, np.inf):
        for k in range(len(POKTAN)):
            col = order[:, k]
            room = np.where(den[rows, col] > 0, np.clip(cap - new[rows, col], 0.0, None), 0.0)
            take = np.minimum(remaining, room)
            new[rows, col] += take
            remaining = remaining - take
    with np.errstate(invalid="ignore"):
        needed = np.where((new > pct) & (den > 0), np.maximum(0.0, min_numerator(den, new) - num), 0.0)
    return needed, remaining <= 0


def _step_quantity(
    q: dict[str, np.ndarray], v: dict[str, np.ndarray], name: str, target: int
) -> tuple[np.ndarray, np.ndarray]:
    """(quantity to change, current amount) for `name` to reach score `target`; ∞ where impossible."""
    edge = BANDS[name][target - 2]
    if name == "pokja":
        return _pokja_flips(q, target), np.ones(len(v[name]))
    if name in ("sumber_dana", "program", "sarana", "penggunaan_data", "mekanisme", "mitra", "plkb_regulasi"):
        return np.maximum(0.0, edge - v[name]), np.asarray(v[name], dtype=float)
    if name == "poktan":
        added, possible = poktan_additions(q["poktan_num"], q["poktan_den"], edge)
        return np.where(possible, added.sum(axis=1), np.inf), q["poktan_num"].sum(axis=1)
    with np.errstate(invalid="ignore"):
        if name == "cpr":
            ok = (q["pus"] > 0) & ~np.isnan(q["users"])
            need = np.maximum(0.0, min_numerator(q["pus"], edge) - q["users"])
            return np.where(ok, need, np.inf), q["users"]
        if name == "mkjp":  # switch users to a long-acting method; with no users at all, one new MKJP user
            need = np.where(q["users"] > 0, np.maximum(0.0, min_numerator(q["users"], edge) - q["mkjp"]), 1.0)
            return np.where(q["kb_missing"], np.inf, need), q["mkjp"]
        ok = ~np.isnan(q["unmet"]) & (q["pus"] > 0)
        need = np.maximum(0.0, q["unmet"] - max_numerator(q["pus"], edge))
        return np.where(ok, need, np.inf), q["unmet"]


def _step_tables(
    q: dict[str, np.ndarray], v: dict[str, np.ndarray], scores: dict[str, np.ndarray]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name → (quantity N×4, relative size N×4), column k = reaching score k+1; 0 where already there."""
    n = len(scores["pokja"])
    tables = {}
    for name in SCORE_NAMES:
        quantity, relative = np.zeros((n, 4)), np.zeros((n, 4))
        quantity[:, MAX_SCORE[name] :] = relative[:, MAX_SCORE[name] :] = np.inf
        for target in range(2, MAX_SCORE[name] + 1):
            amount, base = _step_quantity(q, v, name, target)
            amount = np.where(scores[name] >= target, 0.0, amount)
            quantity[:, target - 1] = amount
            relative[:, target - 1] = amount / np.maximum(np.nan_to_num(base), 1.0)
        tables[name] = (quantity, relative)
    return tables


def _cheapest_in_group(relative: list[np.ndarray], current: list[np.ndarray], depth: int) -> tuple[np.ndarray, list]:
    """best[i, d] = least total relative size to add exactly d ≤ depth steps over the group's scores, with
    the steps taken on each score (for backtracking)."""
    n = len(current[0])
    best = np.full((n, depth + 1), np.inf)
    best[:, 0] = 0.0
    choices = []
    for rel, cur in zip(relative, current, strict=True):
        # cost of j extra steps on this score = relative size to reach score cur + j (∞ beyond the top)
        idx = cur[:, None] - 1 + np.arange(4)[None, :]
        step = np.where(idx <= 3, np.take_along_axis(rel, np.minimum(idx, 3), axis=1), np.inf)
        new, arg = np.full_like(best, np.inf), np.zeros(best.shape, dtype=np.int8)
        for j in range(min(4, depth + 1)):
            cand = best[:, : depth + 1 - j] + step[:, j : j + 1]
            better = cand < new[:, j:]
            np.copyto(new[:, j:], cand, where=better)  # in place: this loop is the lift's hot path
            np.copyto(arg[:, j:], j, where=better)
        best = new
        choices.append(arg)
    return best, choices


def _backtrack(choices: list[np.ndarray], steps: np.ndarray) -> list[np.ndarray]:
    rows, left, taken = np.arange(len(steps)), steps.copy(), []
    for arg in reversed(choices):
        j = arg[rows, left]
        taken.append(j)
        left = left - j
    return taken[::-1]


def lift_plan(classified: pd.DataFrame, min_tier: np.ndarray) -> dict[str, np.ndarray]:
    """Cheapest score targets that make each row's tier ≥ `min_tier` (0–3), vectorised over rows.

    Returns scores and targets (N×12), quantity (N×12, at the target), steps, relative, tier reached (−1 if
    impossible) and cost.
    """
    q = quantities(classified)
    v = score_values(q)
    scores = {n: band_score(n, v[n]) for n in SCORE_NAMES}
    tables = _step_tables(q, v, scores)
    rows = np.arange(len(classified))
    deficit, cost, picks = {}, {}, {}
    for group, names in INDEX_SCORES.items():
        total = sum(scores[n] for n in names)
        deficit[group] = np.clip(INDEX_PASS_SUM[group] - total, 0, None)
        depth = int(deficit[group].max(initial=0))  # no deeper than the largest deficit: saves time and memory
        best, choices = _cheapest_in_group([tables[n][1] for n in names], [scores[n] for n in names], depth)
        cost[group] = best[rows, deficit[group]]
        picks[group] = _backtrack(choices, deficit[group])
    options = list(itertools.product((False, True), repeat=3))
    keys = np.full((len(rows), len(options)), np.inf)
    for k, chosen in enumerate(options):
        passes = [c | (deficit[g] == 0) for c, g in zip(chosen, INDEX_NAMES, strict=True)]
        steps = sum(deficit[g] * c for c, g in zip(chosen, INDEX_NAMES, strict=True))
        rel = sum(np.where(c, cost[g], 0.0) for c, g in zip(chosen, INDEX_NAMES, strict=True))
        ok = np.isfinite(rel) & (tier_index(*passes) >= min_tier)
        with np.errstate(invalid="ignore"):
            keys[:, k] = np.where(ok, steps + rel / (1.0 + rel), np.inf)
    best_option = keys.argmin(axis=1)
    feasible = np.isfinite(keys[rows, best_option])
    current = np.column_stack([scores[n] for n in SCORE_NAMES])
    targets = current.copy()
    for g_pos, group in enumerate(INDEX_NAMES):
        use = feasible & np.array([options[o][g_pos] for o in best_option], dtype=bool)
        for name, j in zip(INDEX_SCORES[group], picks[group], strict=True):
            col = SCORE_NAMES.index(name)
            targets[:, col] = np.where(use, current[:, col] + j, current[:, col])
    quantity = np.column_stack(
        [
            np.take_along_axis(tables[n][0], (targets[:, i] - 1)[:, None], axis=1)[:, 0]
            for i, n in enumerate(SCORE_NAMES)
        ]
    )
    steps = (targets - current).sum(axis=1)
    passes = [
        (sum(targets[:, SCORE_NAMES.index(n)] for n in INDEX_SCORES[g]) >= INDEX_PASS_SUM[g]) for g in INDEX_NAMES
    ]
    return {
        "scores": current,
        "targets": targets,
        "quantity": quantity,
        "steps": steps,
        "cost": keys[rows, best_option],
        "reached": np.where(feasible, tier_index(*passes), -1),
    }


def _lift_frame(classified: pd.DataFrame, min_tier: np.ndarray) -> pd.DataFrame:
    plan = lift_plan(classified, min_tier)
    feasible = plan["reached"] >= 0
    out = pd.DataFrame(
        {
            "kode_desa": classified["kode_desa"].to_numpy(),
            "periode": classified["periode"].to_numpy(),
            "klasifikasi": classified["klasifikasi"].to_numpy(),
        }
    )
    tiers = np.asarray((*schema.TIERS, None), dtype=object)
    out["ke"] = tiers[plan["reached"]]
    out["langkah"] = pd.Series(plan["steps"], dtype="Int64").where(feasible, pd.NA)
    out["biaya"] = plan["cost"]
    steps = plan["targets"] - plan["scores"]
    label = np.full(len(out), "", dtype=object)
    for i, name in enumerate(SCORE_NAMES):
        taken = np.where(feasible, steps[:, i], 0)
        out[f"naik_{name}"] = taken
        out[f"jumlah_{name}"] = np.where(taken > 0, plan["quantity"][:, i], 0.0)
        label = label + np.array(["", *(f"{name}+{k};" for k in (1, 2, 3))], dtype=object)[taken]
    out["perubahan"] = [text[:-1] for text in label]  # drop the last ";"
    return out


def liftable(classified: pd.DataFrame, min_tier: str | None = None) -> int:
    """How many villages below the top tier have a computable way to their next tier (or `min_tier`): the rows
    of `lift_options` with a finite `biaya`, counted without writing out each one's change."""
    below = classified[classified["tingkat"] < 3].reset_index(drop=True)
    return int(np.isfinite(lift_plan(below, _wanted(below, min_tier))["cost"]).sum())


def _wanted(below: pd.DataFrame, min_tier: str | None) -> np.ndarray:
    """The tier index each village of `below` is lifted to: the next, or `min_tier` when that is higher."""
    wanted = below["tingkat"].to_numpy() + 1
    return wanted if min_tier is None else np.maximum(wanted, schema.TIERS.index(min_tier))


def lift_options(classified: pd.DataFrame, min_tier: str | None = None) -> pd.DataFrame:
    """Per village below the top tier, the cheapest change that reaches its next tier (or `min_tier`).

    Columns: kode_desa, periode, klasifikasi (now), ke (tier reached; may skip a tier when that is as cheap;
    None when no change can be computed, e.g. missing CPR data is the only way up), langkah (score steps),
    biaya (langkah + R/(1+R), R = total relative size of the quantity changes; ∞ when impossible),
    perubahan (e.g. "cpr+1;mitra+1"), naik_<score> (steps) and jumlah_<score> (the quantity: users, sources,
    participants, agencies … to add; for unmet need, couples fewer; for MKJP, users switching).
    Sorted cheapest first.
    """
    below = classified[classified["tingkat"] < 3].reset_index(drop=True)
    return _lift_frame(below, _wanted(below, min_tier)).sort_values("biaya", kind="stable").reset_index(drop=True)
