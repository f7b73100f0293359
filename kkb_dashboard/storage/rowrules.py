"""The rules a row of an imported table is held to that both executors of `validation` apply.

The row-by-row executor (`validation`) and the bulk executor for large tables (`bulk`) read these same
definitions, so a code or a profile is judged alike whichever executor checks it. Cell parsers live in `values`.
"""

from __future__ import annotations

from ..rules import regions
from ..rules.values import Problem

#: Participants of a family group and the families they come from: more participants than families is a warning.
DENOMINATORS = (
    ("peserta_bkb", "keluarga_balita"),
    ("peserta_bkr", "keluarga_remaja"),
    ("peserta_bkl", "keluarga_lansia"),
    ("peserta_uppka", "keluarga"),
    ("peserta_pikr", "remaja"),
)
#: Users of each contraceptive method: together more than the couples of childbearing age (`pus`) is a warning.
CONTRACEPTIVE_USERS = ("kb_iud", "kb_mow", "kb_mop", "kb_kondom", "kb_implan", "kb_suntik", "kb_pil")


def code_problem(value: object, level: int, scope: str | None) -> tuple[str | None, Problem]:
    """(code, None) for a usable region code at `level` (0: any level) inside `scope`, else (None, (message
    key, params))."""
    code = regions.normalize_code(value)
    if code is None:
        return None, ("data.bad_code", {})
    if not regions.is_known(code):
        return None, ("data.unknown_code", {"code": code})
    if level and regions.level_of(code) != level:
        return None, (
            "data.wrong_level",
            {
                "code": code,
                "level": regions.LEVEL_LABELS[regions.level_of(code)],
                "expected": regions.LEVEL_LABELS[level],
            },
        )
    if scope and not (code == scope or code.startswith(scope + ".")):
        return None, ("data.outside_wilayah", {"code": code, "wilayah": regions.label(scope)})
    return code, None
