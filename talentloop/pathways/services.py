"""Learn to qualify and pathways: for an opportunity a person does not fully fit, or a role they aim at, the missing
skills and the shortest learning that closes them (plan.py decides; this module reads and explains), with the gigs,
projects and mentors that grow the same skills, and the roles that lie next from where the person stands."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from talentloop.accounts.personas import Personas
from talentloop.errors import Forbidden
from talentloop.learning.models import LearningItem, LearningItemSkill, LearningRecord
from talentloop.marketplace.lifecycle import MentorshipDirection, OpportunityStatus, OpportunityType
from talentloop.marketplace.models import Opportunity, OpportunitySkill, SkillNeed
from talentloop.matching import stamps
from talentloop.pathways.models import Pathway
from talentloop.pathways.plan import Gap, Item, Plan, shortest_plan
from talentloop.people.models import Aspiration, Employee, EmployeeSkill, RoleChange
from talentloop.roles.models import Role, RoleSkill
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


def _shortest_learning(employee: Employee, gaps: list[Gap]) -> tuple[Plan, dict[int, LearningItem]]:
    """The shortest plan over the active catalogue items teaching the gaps' skills that the person has not already
    completed or passed, with those items by id."""
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
    items = [Item(i, catalogue[i].duration_minutes, catalogue[i].is_assessing, t) for i, t in targets.items()]
    return shortest_plan(gaps, items), catalogue


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
    plan, catalogue = _shortest_learning(employee, gaps)
    by_need = {n.skill_id: n for n in needs}
    order = {SkillNeed.REQUIRED: 0, SkillNeed.NICE_TO_HAVE: 1}
    out = [
        SkillGap(by_need[g.skill_id].skill, by_need[g.skill_id].need, g.held, g.asked,
                 [catalogue[i] for i in plan.closes.get(g.skill_id, [])], g.skill_id not in plan.unclosable)
        for g in gaps
    ]
    out.sort(key=lambda g: (order.get(g.need, 2), -(g.asked - g.held), g.skill.label))
    return QualifyPlan(out, [catalogue[i] for i in plan.item_ids], plan.minutes)


# --- pathways to a target role ---------------------------------------------------------------------------------

ROUTES_PER_SKILL = 3
NEXT_ROLES = 5


@dataclass(frozen=True)
class RoleGap:
    skill: Skill
    held: int
    target: int

    @property
    def steps(self) -> int:
        return max(0, self.target - self.held)


@dataclass(frozen=True)
class Step:
    """One step of the plan: a learning item, an opportunity that grows a missing skill, or a mentor."""

    kind: str  # learning | opportunity | mentor
    title: str
    url: str
    skills: list[str]
    hours: float
    detail: str = ""


@dataclass(frozen=True)
class RolePlan:
    role: Role
    gaps: list[RoleGap]  # every skill of the role, held against target (the chart)
    steps: list[Step]
    hours: float
    weeks: float | None  # at the person's weekly hours available; None when they have none
    progress: float | None  # 0..1 since the pathway started; None without a pathway
    unclosable: list[str]  # missing skills no learning item reaches

    @property
    def missing(self) -> list[RoleGap]:
        return [g for g in self.gaps if g.steps]


def _role_gaps(employee: Employee, role: Role) -> list[RoleGap]:
    needs = list(RoleSkill.objects.filter(role=role).select_related("skill").order_by("-proficiency", "skill__label"))
    held = dict(
        EmployeeSkill.objects.filter(employee=employee, skill_id__in=[n.skill_id for n in needs]).values_list("skill_id", "proficiency")
    )
    return [RoleGap(n.skill, held.get(n.skill_id, 0), n.proficiency) for n in needs]


def plan_for_role(employee: Employee, role: Role) -> RolePlan:
    """The gap to a role (skills x levels), and an ordered plan: the shortest learning that closes what it can, then
    open gigs and projects that grow the missing skills, then mentors who offer them; with hours and weeks."""
    gaps = _role_gaps(employee, role)
    missing = [g for g in gaps if g.steps]
    steps: list[Step] = []
    unclosable: list[str] = []
    if missing:
        plan, catalogue = _shortest_learning(employee, [Gap(g.skill.pk, g.held, g.target) for g in missing])
        labels = {g.skill.pk: g.skill.label for g in missing}
        unclosable = [labels[s] for s in plan.unclosable]
        for item_id in plan.item_ids:
            item = catalogue[item_id]
            taught = [labels[s] for s, ids in plan.closes.items() if item_id in ids]
            steps.append(Step("learning", item.title, f"/learning/{item.public_id}/", taught, round(item.duration_minutes / 60, 1),
                              item.get_kind_display()))
        steps += _opportunity_steps(employee, missing)
        steps += _mentor_steps(employee, missing)
    hours = round(sum(s.hours for s in steps), 1)
    weeks = round(hours / employee.weekly_hours_available, 1) if employee.weekly_hours_available else None
    pathway = Pathway.objects.filter(employee=employee, role=role).first()
    progress = None
    if pathway is not None:
        remaining = sum(g.steps for g in gaps)
        progress = 1.0 if pathway.initial_steps == 0 else round(max(0.0, 1 - remaining / pathway.initial_steps), 3)
    return RolePlan(role, gaps, steps, hours, weeks, progress, unclosable)


def _opportunity_steps(employee: Employee, missing: list[RoleGap]) -> list[Step]:
    """Open gigs and projects where the person would grow a missing skill (a "you will grow" need)."""
    opportunities = (
        Opportunity.objects.filter(
            status=OpportunityStatus.OPEN, type__in=[OpportunityType.GIG, OpportunityType.PROJECT, OpportunityType.FREELANCE],
            skill_needs__need=SkillNeed.GROWTH, skill_needs__skill_id__in=[g.skill.pk for g in missing],
        ).exclude(owner=employee).distinct().order_by("-published_at")[: ROUTES_PER_SKILL * 2]
    )
    labels = {g.skill.pk: g.skill.label for g in missing}
    out = []
    for o in opportunities.prefetch_related("skill_needs"):
        grown = [labels[n.skill_id] for n in o.skill_needs.all() if n.need == SkillNeed.GROWTH and n.skill_id in labels]
        weeks = ((o.end_date - o.start_date).days / 7) if o.start_date and o.end_date else 4
        out.append(Step("opportunity", o.title, f"/opportunities/{o.public_id}/", grown, round(o.hours_per_week * max(1.0, weeks), 1),
                        o.get_type_display()))
    return out


def _mentor_steps(employee: Employee, missing: list[RoleGap]) -> list[Step]:
    """Open mentorships offered in a missing skill; else people who hold it at the target and are open to it."""
    labels = {g.skill.pk: g.skill.label for g in missing}
    out = []
    offers = Opportunity.objects.filter(
        status=OpportunityStatus.OPEN, type=OpportunityType.MENTORSHIP, mentorship_direction=MentorshipDirection.MENTOR_OFFERS,
        skill_needs__skill_id__in=list(labels),
    ).exclude(owner=employee).select_related("owner__user").distinct()[:ROUTES_PER_SKILL]
    for o in offers.prefetch_related("skill_needs"):
        taught = [labels[n.skill_id] for n in o.skill_needs.all() if n.skill_id in labels]
        out.append(Step("mentor", f"Mentoring by {o.owner.name}: {o.title}", f"/opportunities/{o.public_id}/", taught,
                        round(o.hours_per_week * 8, 1), "mentorship, about 8 weeks"))
    covered = {s for step in out for s in step.skills}
    for gap in missing:
        if gap.skill.label in covered:
            continue
        holders = (
            EmployeeSkill.objects.filter(skill=gap.skill, proficiency__gte=gap.target, verified=True,
                                         employee__open_to_opportunities=True, employee__leave_date__isnull=True)
            .exclude(employee=employee).select_related("employee__user").order_by("-proficiency", "employee_id")[:1]
        )
        for h in holders:
            out.append(Step("mentor", f"Ask {h.employee.name} to mentor you", f"/people/{h.employee.public_id}/", [gap.skill.label],
                            8.0, f"holds {gap.skill.label} at {h.proficiency}, verified; open to opportunities"))
    return out


def start_pathway(p: Personas, role: Role) -> Pathway:
    """Start (or keep) a pathway to `role`; the role also becomes one of the person's target roles."""
    employee = p.employee
    if employee is None:
        raise Forbidden("Only employees follow pathways.")
    with transaction.atomic():
        pathway, created = Pathway.objects.get_or_create(
            employee=employee, role=role, defaults={"initial_steps": sum(g.steps for g in _role_gaps(employee, role))}
        )
        aspiration, _ = Aspiration.objects.get_or_create(employee=employee)
        aspiration.target_roles.add(role)
        if created:
            stamps.people_changed(employee.pk)  # a target role changes the growth part of the feed
    return pathway


def stop_pathway(p: Personas, role: Role) -> None:
    if p.employee is None:
        raise Forbidden("Only employees follow pathways.")
    Pathway.objects.filter(employee=p.employee, role=role).delete()


@dataclass(frozen=True)
class NextRole:
    role: Role
    proximity: float  # 0..1: how much of the role's skills the person already holds (level-weighted)
    moves_seen: int  # internal moves from the person's role to this one
    score: float


def next_roles(employee: Employee, k: int = NEXT_ROLES) -> list[NextRole]:
    """Roles ranked by skill proximity and by the internal moves the organisation has seen from the person's role;
    lower levels of the person's own role family are left out unless someone has moved there from their role.

    proximity = sum over the role's skills of min(1, held / asked) / number of skills;
    score = 0.7 * proximity + 0.3 * moves_seen / (the most moves seen to any role from here)."""
    held = dict(EmployeeSkill.objects.filter(employee=employee).values_list("skill_id", "proficiency"))
    credit: dict[int, list[float]] = {}
    for role_id, skill_id, level in RoleSkill.objects.values_list("role_id", "skill_id", "proficiency"):
        credit.setdefault(role_id, []).append(min(1.0, held.get(skill_id, 0) / level))
    moves: dict[int, int] = {}
    if employee.role_id is not None:
        moves = dict(
            RoleChange.objects.filter(from_role_id=employee.role_id, to_role__isnull=False)
            .values("to_role").annotate(n=Count("id")).values_list("to_role", "n")
        )
    most = max(moves.values(), default=0)
    # A step down the person's own ladder is not a next role (unless people have actually made that move here).
    below = set()
    if employee.role_id is not None:
        current = employee.role
        below = set(Role.objects.filter(family_id=current.family_id, level__lt=current.level).values_list("pk", flat=True))
    ranked = []
    for role_id, credits in credit.items():
        if role_id == employee.role_id or (role_id in below and not moves.get(role_id)):
            continue
        proximity = sum(credits) / len(credits)
        seen = moves.get(role_id, 0)
        ranked.append((0.7 * proximity + 0.3 * (seen / most if most else 0.0), proximity, seen, role_id))
    ranked.sort(key=lambda r: (-r[0], r[3]))
    roles = Role.objects.in_bulk([r[3] for r in ranked[:k]])
    return [NextRole(roles[r[3]], round(r[1], 3), r[2], round(r[0], 3)) for r in ranked[:k]]
