"""Learn to qualify, as a small optimisation: the shortest set of learning items that closes a person's skill gaps.

Pure: no Django. A gap is a skill held at `held` (0 = not held) where `asked` is wanted. By the learning rules
(learning/rules.py) a teaching item (course, module, programme) completed lifts the level one step toward its
target, and an assessing item (assessment, micro-certification) passed sets it to its target. So an item helps
close a gap only if its target for the skill is at least the level asked; then a teaching item is worth one step
and an assessing item closes the gap at once. A gap of g steps needs g teaching items, or one assessing item.

The shortest set minimises the total duration (minutes) subject to every gap being closed, solved exactly as a
0-1 integer programme with HiGHS (scipy.optimize.milp, as the staffing optimiser is). Gaps no item can close are
reported as such instead of making the problem infeasible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


@dataclass(frozen=True)
class Gap:
    skill_id: int
    held: int  # 0 when not held
    asked: int

    @property
    def steps(self) -> int:
        return max(0, self.asked - self.held)


@dataclass(frozen=True)
class Item:
    item_id: int
    minutes: int
    assessing: bool
    targets: dict[int, int]  # skill id -> target level


@dataclass(frozen=True)
class Plan:
    item_ids: list[int]  # in the order to take them: teaching items first (they build up), assessments last
    minutes: int
    closes: dict[int, list[int]]  # skill id -> the chosen items that count toward it
    unclosable: list[int]  # skill ids no item in the catalogue can close


def _worth(item: Item, gap: Gap) -> int:
    """How many of the gap's steps the item closes."""
    target = item.targets.get(gap.skill_id, 0)
    if target < gap.asked:
        return 0
    return gap.steps if item.assessing else 1


def shortest_plan(gaps: list[Gap], items: list[Item]) -> Plan:
    gaps = [g for g in gaps if g.steps > 0]
    unclosable = [g.skill_id for g in gaps if sum(min(_worth(i, g), g.steps) for i in items) < g.steps]
    gaps = [g for g in gaps if g.skill_id not in unclosable]
    useful = [i for i in items if any(_worth(i, g) for g in gaps)]
    if not gaps or not useful:
        return Plan([], 0, {}, unclosable)
    worth = np.array([[min(_worth(i, g), g.steps) for i in useful] for g in gaps], dtype=float)
    need = np.array([g.steps for g in gaps], dtype=float)
    # Minutes first; a tiny per-item term breaks ties toward fewer items (and items of no stated duration still count).
    cost = np.array([max(i.minutes, 0) + 1e-3 for i in useful], dtype=float)
    result = milp(
        c=cost, constraints=LinearConstraint(worth, lb=need, ub=np.inf), integrality=np.ones(len(useful)),
        bounds=Bounds(0, 1),
    )
    if result.x is None:  # cannot happen once unclosable gaps are set apart; kept as a plain guard
        return Plan([], 0, {}, unclosable + [g.skill_id for g in gaps])
    chosen = [i for i, x in zip(useful, result.x, strict=True) if x > 0.5]
    chosen.sort(key=lambda i: (i.assessing, -sum(1 for g in gaps if _worth(i, g)), i.minutes, i.item_id))
    closes = {g.skill_id: [i.item_id for i in chosen if _worth(i, g)] for g in gaps}
    return Plan([i.item_id for i in chosen], sum(i.minutes for i in chosen), closes, unclosable)
