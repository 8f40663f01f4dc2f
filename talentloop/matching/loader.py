"""Read people and opportunities from the database into the engine's records, in a few set-based queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from talentloop.marketplace.lifecycle import HOLDS_SEAT, LIVE, ApplicationStatus, OpportunityStatus
from talentloop.marketplace.models import Application, Opportunity, OpportunitySkill
from talentloop.matching.engine import Need, OpportunityRecord, PersonRecord
from talentloop.people.models import Aspiration, Employee, EmployeeSkill
from talentloop.roles.models import RoleSkill
from talentloop.skills.models import RelatedSkill

# Demand on a person, for diversification: invitations waiting and seats they hold on unfinished work.
LOAD_STATUSES = sorted({ApplicationStatus.INVITED} | (HOLDS_SEAT - {ApplicationStatus.COMPLETED}))
CHUNK = 20_000


def _chunks(ids: list[int] | None) -> Iterable[list[int] | None]:
    if ids is None:
        yield None
        return
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def related_triples() -> list[tuple[int, int, float]]:
    """Every related-skill pair the engine may use: all but those an admin rejected."""
    return list(RelatedSkill.objects.filter(rejected=False).values_list("from_skill_id", "to_skill_id", "weight"))


def people(ids: list[int] | None = None) -> tuple[list[PersonRecord], list[int]]:
    """Records of the given employees (all when None), and the ids that no longer exist."""
    records: list[PersonRecord] = []
    seen: set[int] = set()
    for chunk in _chunks(ids):
        def only(qs, field="employee_id", chunk=chunk):
            return qs if chunk is None else qs.filter(**{f"{field}__in": chunk})

        skills: dict[int, dict[int, tuple[int, bool]]] = defaultdict(dict)
        for emp, skill, level, verified in only(EmployeeSkill.objects.all()).values_list("employee_id", "skill_id", "proficiency", "verified").iterator(chunk_size=50_000):
            skills[emp][skill] = (level, verified)
        aspirations = {a["employee_id"]: a for a in only(Aspiration.objects.all()).values("id", "employee_id", "opportunity_types", "work_modes", "open_to_relocation")}
        by_aspiration = {a["id"]: a["employee_id"] for a in aspirations.values()}
        grow: dict[int, set[int]] = defaultdict(set)
        for asp_id, skill in Aspiration.skills_to_grow.through.objects.filter(aspiration_id__in=list(by_aspiration)).values_list("aspiration_id", "skill_id"):
            grow[by_aspiration[asp_id]].add(skill)
        targets: dict[int, set[int]] = defaultdict(set)
        for asp_id, role in Aspiration.target_roles.through.objects.filter(aspiration_id__in=list(by_aspiration)).values_list("aspiration_id", "role_id"):
            targets[role].add(by_aspiration[asp_id])
        if targets:
            for role, skill, level in RoleSkill.objects.filter(role_id__in=list(targets)).values_list("role_id", "skill_id", "proficiency"):
                for emp in targets[role]:
                    held = skills[emp].get(skill)
                    if held is None or held[0] < level:  # the gap to the target role is where one grows
                        grow[emp].add(skill)
        applied: dict[int, set[int]] = defaultdict(set)
        load: dict[int, int] = defaultdict(int)
        apps = only(Application.objects.filter(status__in=sorted(LIVE - {ApplicationStatus.COMPLETED})), "applicant_id")
        for emp, opp, status in apps.values_list("applicant_id", "opportunity_id", "status").iterator(chunk_size=50_000):
            applied[emp].add(opp)
            if status in LOAD_STATUSES:
                load[emp] += 1
        fields = ("id", "weekly_hours_available", "work_mode", "location_id", "department_id", "open_to_opportunities", "leave_date")
        for row in only(Employee.objects.all(), "id").values_list(*fields).iterator(chunk_size=50_000):
            emp, hours, mode, location, department, is_open, leave = row
            asp = aspirations.get(emp, {})
            seen.add(emp)
            records.append(PersonRecord(
                id=emp, skills=skills.get(emp, {}), weekly_hours=hours, work_mode=mode, location_id=location,
                department_id=department, open_to_opportunities=is_open, active=leave is None,
                wanted_types=frozenset(asp.get("opportunity_types") or ()), wanted_modes=frozenset(asp.get("work_modes") or ()),
                grow_skills=frozenset(grow.get(emp, ())), open_to_relocation=bool(asp.get("open_to_relocation")),
                applied=frozenset(applied.get(emp, ())), load=load.get(emp, 0),
            ))
    gone = [] if ids is None else sorted(set(ids) - seen)
    return records, gone


def opportunities(ids: list[int] | None = None) -> list[OpportunityRecord]:
    """Records of the given opportunities (all open ones when None); closed ones come back with is_open False."""
    records: list[OpportunityRecord] = []
    for chunk in _chunks(ids):
        qs = Opportunity.objects.all() if chunk is not None else Opportunity.objects.filter(status=OpportunityStatus.OPEN)
        if chunk is not None:
            qs = qs.filter(id__in=chunk)
        qs = qs.annotate(taken=Count("applications", filter=Q(applications__status__in=sorted(HOLDS_SEAT))))
        rows = list(qs.values_list("id", "type", "owner_id", "department_id", "hours_per_week", "work_mode", "location_id",
                                   "seats", "taken", "end_date", "status"))
        needs: dict[int, list[Need]] = defaultdict(list)
        need_qs = OpportunitySkill.objects.filter(opportunity_id__in=[r[0] for r in rows]) if chunk is not None else \
            OpportunitySkill.objects.filter(opportunity__status=OpportunityStatus.OPEN)
        for opp, skill, need, level in need_qs.values_list("opportunity_id", "skill_id", "need", "level").iterator(chunk_size=50_000):
            needs[opp].append(Need(skill, need, level))
        for opp, type_, owner, dept, hours, mode, location, seats, taken, end, status in rows:
            records.append(OpportunityRecord(
                id=opp, type=type_, owner_id=owner, department_id=dept, hours=hours, work_mode=mode, location_id=location,
                needs=tuple(needs.get(opp, ())), seats_free=seats - taken, end_day=end.toordinal() if end else None,
                is_open=status == OpportunityStatus.OPEN,
            ))
    return records
