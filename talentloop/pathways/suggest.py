"""Learning in the feed: the catalogue items worth a person's time now, each with its reason.

An item earns points for the gaps it closes (by the learning rules: its target reaches the level asked):
2 for each open opportunity in the person's feed where it closes the last gap, 1 where it closes one of several,
2 for each target role (aspirations and pathways) with the skill below the role's level, and 1 for a skill the
person wants to grow. Items already completed are left out; ties go to the shorter item. The reason names what
it closes: "closes SQL, the last gap for 4 gigs and your target role Data analyst".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from talentloop.accounts.personas import Personas
from talentloop.learning.models import LearningItem, LearningItemSkill, LearningRecord
from talentloop.marketplace.models import Opportunity, OpportunitySkill, SkillNeed
from talentloop.matching import services as matching
from talentloop.pathways.models import Pathway
from talentloop.people.models import Aspiration, Employee, EmployeeSkill
from talentloop.roles.models import RoleSkill

FEED_DEPTH = 50  # how far down the feed "opportunities you nearly fit" are looked for
NEARLY = 2  # at most this many gaps make an opportunity one the person nearly fits
DONE = ("completed", "passed")


@dataclass
class Suggestion:
    item: LearningItem
    score: float = 0.0
    skills: set[str] = field(default_factory=set)
    last_gap_for: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # type label -> opportunities
    some_gap_for: int = 0
    roles: set[str] = field(default_factory=set)
    grows: set[str] = field(default_factory=set)

    @property
    def reason(self) -> str:
        parts = []
        if self.last_gap_for:
            kinds = ", ".join(f"{n} {label}{'s' if n > 1 else ''}" for label, n in sorted(self.last_gap_for.items()))
            parts.append(f"the last gap for {kinds}")
        if self.some_gap_for:
            parts.append(f"a gap for {self.some_gap_for} more opportunit{'ies' if self.some_gap_for > 1 else 'y'} you nearly fit")
        if self.roles:
            parts.append(f"your target role{'s' if len(self.roles) > 1 else ''} {', '.join(sorted(self.roles))}")
        if self.grows:
            parts.append("a skill you want to grow")
        return f"closes {', '.join(sorted(self.skills))}" + (f": {'; '.join(parts)}" if parts else "")


def learning_for(p: Personas, k: int = 5) -> list[Suggestion]:
    employee: Employee | None = p.employee
    if employee is None:
        return []
    held = dict(EmployeeSkill.objects.filter(employee=employee).values_list("skill_id", "proficiency"))
    # Opportunities the person nearly fits, from the top of their feed: skill -> [(level asked, type label, last gap?)]
    type_labels = dict(Opportunity._meta.get_field("type").choices)
    labels = {
        pk: type_labels[t] for pk, t in Opportunity.objects.filter(pk__in=matching.feed_ids(p, k=FEED_DEPTH)).values_list("pk", "type")
    }
    opportunity_gaps: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for opp_id, skill_id, level in OpportunitySkill.objects.filter(
        opportunity_id__in=list(labels), need__in=[SkillNeed.REQUIRED, SkillNeed.NICE_TO_HAVE]
    ).values_list("opportunity_id", "skill_id", "level"):
        if held.get(skill_id, 0) < level:
            opportunity_gaps[opp_id].append((skill_id, level, labels[opp_id]))
    near = {o: gaps for o, gaps in opportunity_gaps.items() if len(gaps) <= NEARLY}
    # Target roles (aspirations and pathways) and skills to grow.
    aspiration = Aspiration.objects.filter(employee=employee).prefetch_related("target_roles", "skills_to_grow").first()
    role_ids = set(Pathway.objects.filter(employee=employee).values_list("role_id", flat=True))
    grow: set[int] = set()
    if aspiration is not None:
        role_ids |= {r.pk for r in aspiration.target_roles.all()}
        grow = {s.pk for s in aspiration.skills_to_grow.all()}
    role_gaps: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for skill_id, level, title in RoleSkill.objects.filter(role_id__in=role_ids).values_list("skill_id", "proficiency", "role__title"):
        if held.get(skill_id, 0) < level:
            role_gaps[skill_id].append((level, title))
    wanted = {s for gaps in near.values() for s, _, _ in gaps} | set(role_gaps) | grow
    if not wanted:
        return []
    done = LearningRecord.objects.filter(employee=employee, status__in=DONE).values("item_id")
    rows = LearningItemSkill.objects.filter(skill_id__in=wanted, item__is_active=True).exclude(item_id__in=done).values_list(
        "item_id", "skill_id", "target_level", "skill__label"
    )
    teaches: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for item_id, skill_id, target, label in rows:
        teaches[item_id].append((skill_id, target, label))
    catalogue = LearningItem.objects.in_bulk(list(teaches))
    out = []
    for item_id, taught in teaches.items():
        s = Suggestion(catalogue[item_id])
        targets = {skill_id: (target, label) for skill_id, target, label in taught}
        for gaps in near.values():
            closed = [g for g in gaps if g[0] in targets and targets[g[0]][0] >= g[1]]
            if not closed:
                continue
            s.skills |= {targets[g[0]][1] for g in closed}
            if len(closed) == len(gaps):
                s.last_gap_for[gaps[0][2]] += 1
                s.score += 2
            else:
                s.some_gap_for += 1
                s.score += 1
        for skill_id, (target, label) in targets.items():
            for level, title in role_gaps.get(skill_id, []):
                if target >= level:
                    s.roles.add(title)
                    s.skills.add(label)
                    s.score += 2
            if skill_id in grow and target > held.get(skill_id, 0):
                s.grows.add(label)
                s.skills.add(label)
                s.score += 1
        if s.score > 0:
            out.append(s)
    out.sort(key=lambda s: (-s.score, s.item.duration_minutes, s.item.title))
    return out[:k]
