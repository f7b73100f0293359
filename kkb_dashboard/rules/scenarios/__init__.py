"""What-if scenarios over Kampung KB tiers: `progress` against targets (a module) and the operations, re-exported.

Callers write `scenarios.run(...)`, `scenarios.move_up_closest(...)`, `scenarios.needed_for_target(...)` as before
the split; progress against targets is `scenarios.progress.progress(...)` (the module keeps its function's name).
"""

from . import progress
from .operations import (
    MoveUpClosest,
    Pick,
    Reasons,
    ScenarioResult,
    SetValues,
    compare,
    lift_texts,
    move_up_closest,
    needed_for_target,
    pick,
    run,
    set_values,
)

__all__ = [
    "MoveUpClosest",
    "Pick",
    "Reasons",
    "ScenarioResult",
    "SetValues",
    "compare",
    "lift_texts",
    "move_up_closest",
    "needed_for_target",
    "pick",
    "progress",
    "run",
    "set_values",
]
