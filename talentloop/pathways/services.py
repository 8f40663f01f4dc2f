"""Learn to qualify: for an opportunity a person does not fully fit, the missing skills and the shortest set of
learning items from the catalogue that closes them (plan.py decides; this module reads and explains)."""

from __future__ import annotations

from dataclasses import dataclass

from talentloop.learning.models import LearningItem, LearningItemSkill, LearningRecord
from talentloop.marketplace.models import Opportunity, OpportunitySkill, SkillNeed
from talentloop.pathways.plan import Gap, Item, shortest_plan
from talentloop.people.models import Employee, EmployeeSkill
from talentloop.skills.models import Skill

DONE = ("completed", "passed")


@dataclass(frozen=True)
class SkillGap:
    skill: Skill
    need: str
    held: int  # 0: not held
    asked: int
    items: list[LearningItem]  # the chosen items that count toward it
    closable: bool


@dataclass(frozen=True)
class QualifyPlan:
    gaps: list[SkillGap]
    items: list[LearningItem]  # in the order to take them
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def learn_to_qualify(employee: Employee, opportunity: Opportunity) -> QualifyPlan:
    """Required and nice-to-have skills the person holds below the level asked, and the shortest set of active
    items (by total duration) that closes them; items the person already completed are left out."""
    needs = list(
        OpportunitySkill.objects.filter(opportunity=opportunity, need__in=[SkillNeed.REQUIRED, SkillNeed.NICE_TO_HAVE])
        .select_related("skill")
    )
    held = dict(
        EmployeeSkill.objects.filter(employee=employee, skill_id__in=[n.skill_id for n in needs]).values_list("skill_id", "proficiency")
    )
    gaps = [Gap(n.skill_id, held.get(n.skill_id, 0), n.level) for n in needs if held.get(n.skill_id, 0) < n.level]
    if not gaps:
        return QualifyPlan([], [], 0)
    done = LearningRecord.objects.filter(employee=employee, status__in=DONE).values("item_id")
    teaching = (
        LearningItemSkill.objects.filter(skill_id__in=[g.skill_id for g in gaps], item__is_active=True)
        .exclude(item_id__in=done)
        .values_list("item_id", "skill_id", "target_level")
    )
    targets: dict[int, dict[int, int]] = {}
    for item_id, skill_id, level in teaching:
        targets.setdefault(item_id, {})[skill_id] = level
    catalogue = LearningItem.objects.in_bulk(list(targets))
    plan = shortest_plan(
        gaps, [Item(i, catalogue[i].duration_minutes, catalogue[i].is_assessing, t) for i, t in targets.items()]
    )
    by_need = {n.skill_id: n for n in needs}
    order = {SkillNeed.REQUIRED: 0, SkillNeed.NICE_TO_HAVE: 1}
    out = [
        SkillGap(by_need[g.skill_id].skill, by_need[g.skill_id].need, g.held, g.asked,
                 [catalogue[i] for i in plan.closes.get(g.skill_id, [])], g.skill_id not in plan.unclosable)
        for g in gaps
    ]
    out.sort(key=lambda g: (order.get(g.need, 2), -(g.asked - g.held), g.skill.label))
    return QualifyPlan(out, [catalogue[i] for i in plan.item_ids], plan.minutes)
