"""The only code that writes profiles: visibility, availability, skills with evidence and aspirations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.errors import Forbidden, InvalidInput, NotFound
from talentloop.marketplace.lifecycle import OpportunityType
from talentloop.matching import stamps
from talentloop.people.access import ProfileAccess
from talentloop.people.models import (
    MAX_WEEKLY_HOURS,
    VERIFIED_SOURCES,
    Aspiration,
    Department,
    Employee,
    EmployeeSkill,
    EvidenceSource,
    Location,
    ProfileVisibility,
    RoleChange,
    SkillEvidence,
    WorkMode,
)
from talentloop.people.proficiency import level_after_observation
from talentloop.roles.models import Role
from talentloop.skills.models import Skill

PROFILE_FIELDS = {
    "summary", "weekly_hours_available", "work_mode", "location", "open_to_opportunities", "profile_visibility",
    "share_skills_with_owners", "share_availability_with_owners", "share_aspirations_with_owners",
    "share_aspirations_with_manager",
}
BOOL_FIELDS = {f for f in PROFILE_FIELDS if f.startswith(("open_", "share_"))}


def _require_self_or_admin(p: Personas, employee: Employee) -> None:
    if not (p.is_talent_admin or (p.employee is not None and p.employee.pk == employee.pk)):
        raise Forbidden("Only the person themself or a talent admin may change this profile.")


@transaction.atomic
def update_profile(p: Personas, employee: Employee, data: dict) -> Employee:
    _require_self_or_admin(p, employee)
    errors: dict[str, list[str]] = {}
    unknown = set(data) - PROFILE_FIELDS
    for name in sorted(unknown):
        errors[name] = ["This field cannot be changed here."]
    if "weekly_hours_available" in data:
        hours = data["weekly_hours_available"]
        if not isinstance(hours, int) or isinstance(hours, bool) or not 0 <= hours <= MAX_WEEKLY_HOURS:
            errors["weekly_hours_available"] = [f"Must be a whole number of hours from 0 to {MAX_WEEKLY_HOURS}."]
    if "work_mode" in data and data["work_mode"] not in WorkMode.values:
        errors["work_mode"] = [f"Must be one of: {', '.join(WorkMode.values)}."]
    if "profile_visibility" in data and data["profile_visibility"] not in ProfileVisibility.values:
        errors["profile_visibility"] = [f"Must be one of: {', '.join(ProfileVisibility.values)}."]
    if "location" in data and data["location"] is not None and not isinstance(data["location"], Location):
        errors["location"] = ["Unknown location."]
    if "summary" in data and (not isinstance(data["summary"], str) or len(data["summary"]) > 4000):
        errors["summary"] = ["Must be text of at most 4,000 characters."]
    for name in BOOL_FIELDS & set(data):
        if not isinstance(data[name], bool):
            errors[name] = ["Must be true or false."]
    if errors:
        raise InvalidInput(errors)
    for k, v in data.items():
        setattr(employee, k, v)
    employee.save()
    stamps.people_changed(employee.pk)
    return employee


def _evidence_changed(employee_id: int) -> None:
    """New evidence may meet an achievement's criteria: the credentials app issues what is newly earned on commit."""
    from talentloop.credentials.api import on_evidence_changed  # credentials reads people's models

    on_evidence_changed(employee_id)


def _refresh_verified(es: EmployeeSkill) -> None:
    es.verified = es.evidence.filter(verified=True).exists()
    es.save(update_fields=["verified", "proficiency", "updated_at"])


@transaction.atomic
def set_skill(
    p: Personas, employee: Employee, skill: Skill, proficiency: int, *, note: str = "", link: str = ""
) -> EmployeeSkill:
    """Declare (as the person) or assess (as a line manager) a skill at a level, with evidence.

    The profile shows the latest level declared or assessed; a manager's assessment is verified evidence.
    """
    errors: dict[str, list[str]] = {}
    if not isinstance(proficiency, int) or isinstance(proficiency, bool) or not 1 <= proficiency <= 5:
        errors["proficiency"] = ["Must be a proficiency from 1 (awareness) to 5 (expert)."]
    if not skill.is_active:
        errors["skill"] = [f"{skill.label} is retired from the taxonomy."]
    if len(note) > 500:
        errors["note"] = ["At most 500 characters."]
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = ["Must be an http(s) address."]
    if errors:
        raise InvalidInput(errors)
    is_self = p.employee is not None and p.employee.pk == employee.pk
    if is_self or p.is_talent_admin:
        source = EvidenceSource.SELF_DECLARED if is_self else EvidenceSource.MANAGER_ASSESSED
    elif p.employee is not None and employee.pk in ProfileAccess(p).report_ids:
        source = EvidenceSource.MANAGER_ASSESSED
    else:
        raise Forbidden("Only the person, their line managers or a talent admin may set their skills.")
    es, _ = EmployeeSkill.objects.select_for_update().get_or_create(
        employee=employee, skill=skill, defaults={"proficiency": proficiency}
    )
    es.proficiency = proficiency
    SkillEvidence.objects.create(
        employee_skill=es, source=source, proficiency=proficiency, observed_on=timezone.localdate(),
        link=link, note=note, verified=source in VERIFIED_SOURCES, recorded_by=p.user,
    )
    _refresh_verified(es)
    stamps.people_changed(employee.pk)
    _evidence_changed(employee.pk)
    return es


@dataclass(frozen=True)
class InferredSkill:
    """A skill suggested from a text and confirmed by the person: the level they chose, the passage behind it."""

    skill: Skill
    proficiency: int
    passage: str


@transaction.atomic
def add_inferred_skills(p: Personas, employee: Employee, items: list[InferredSkill]) -> tuple[list[EmployeeSkill], list[Skill]]:
    """Add the suggested skills the person ticked, each with inferred evidence (never verified).

    Skills already on the profile are skipped, not changed: a suggestion never lowers, raises or re-dates anything.
    Everything is checked before anything is written. Returns (the skills added, the skills skipped).
    """
    _require_self_or_admin(p, employee)
    errors: dict[str, list[str]] = {}
    if not items:
        errors["skills"] = ["Tick at least one suggested skill."]
    seen: set[int] = set()
    for i, item in enumerate(items):
        problems = []
        if not isinstance(item.skill, Skill) or not item.skill.is_active:
            problems.append("This skill is not in the taxonomy (or is retired).")
        elif item.skill.pk in seen:
            problems.append(f"{item.skill.label} is listed twice.")
        else:
            seen.add(item.skill.pk)
        if not isinstance(item.proficiency, int) or isinstance(item.proficiency, bool) or not 1 <= item.proficiency <= 5:
            problems.append("Must be a proficiency from 1 (awareness) to 5 (expert).")
        if not isinstance(item.passage, str) or len(item.passage) > 500:
            problems.append("The passage must be text of at most 500 characters.")
        if problems:
            errors[f"skills[{i}]"] = problems
    if errors:
        raise InvalidInput(errors)
    added: list[EmployeeSkill] = []
    skipped: list[Skill] = []
    today = timezone.localdate()
    for item in items:
        es, created = EmployeeSkill.objects.get_or_create(
            employee=employee, skill=item.skill, defaults={"proficiency": item.proficiency, "verified": False}
        )
        if not created:
            skipped.append(item.skill)
            continue
        SkillEvidence.objects.create(
            employee_skill=es, source=EvidenceSource.INFERRED, proficiency=item.proficiency, observed_on=today,
            note=item.passage, verified=False, recorded_by=p.user,
        )
        added.append(es)
    if added:
        stamps.people_changed(employee.pk)
        _evidence_changed(employee.pk)
    return added, skipped


def record_observed_skill(
    employee: Employee, skill: Skill, observed: int, *, source: str, verified: bool, note: str = "", link: str = "",
    recorded_by=None,
) -> EmployeeSkill:
    """Observed evidence (gig feedback, for instance) of `skill` at `observed`: adds the evidence and moves the held
    level by the rule in people/proficiency.py. Runs inside the caller's transaction, which holds its locks."""
    es = EmployeeSkill.objects.select_for_update().filter(employee=employee, skill=skill).first()
    held = es.proficiency if es is not None else None
    held_is_verified = es is not None and es.evidence.filter(verified=True, proficiency__gte=es.proficiency).exists()
    level = level_after_observation(held, observed, held_is_verified=held_is_verified)
    if es is None:
        es = EmployeeSkill.objects.create(employee=employee, skill=skill, proficiency=level)
    es.proficiency = level
    SkillEvidence.objects.create(
        employee_skill=es, source=source, proficiency=observed, observed_on=timezone.localdate(),
        link=link, note=note[:500], verified=verified and source in VERIFIED_SOURCES, recorded_by=recorded_by,
    )
    _refresh_verified(es)
    stamps.people_changed(employee.pk)
    _evidence_changed(employee.pk)
    return es


def record_internal_move(
    employee: Employee, *, job_title: str, role: Role | None, department: Department, manager: Employee | None,
    effective_on, reason: str,
) -> RoleChange:
    """The person takes an internal permanent role: their profile changes and the move is kept on their timeline.
    Runs inside the caller's transaction."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    change = RoleChange.objects.create(
        employee=employee, effective_on=effective_on, from_job_title=employee.job_title, to_job_title=job_title[:200],
        from_role=employee.role, to_role=role, from_department=employee.department, to_department=department,
        reason=reason[:300],
    )
    employee.job_title = job_title[:200]
    employee.role = role or employee.role
    employee.department = department
    if manager is not None and not _reports_to(manager, employee):
        employee.manager = manager  # the hiring manager, unless that would close a loop in the org chart
    employee.save(update_fields=["job_title", "role", "department", "manager", "updated_at"])
    stamps.people_changed(employee.pk)
    return change


def _reports_to(person: Employee, boss: Employee) -> bool:
    """Whether `person` is `boss` or sits anywhere below them (walking up at most a few dozen levels)."""
    seen: set[int] = set()
    current: Employee | None = person
    while current is not None and current.pk not in seen and len(seen) < 50:
        if current.pk == boss.pk:
            return True
        seen.add(current.pk)
        current = current.manager
    return False


@transaction.atomic
def remove_skill(p: Personas, employee: Employee, skill: Skill) -> None:
    _require_self_or_admin(p, employee)
    deleted, _ = EmployeeSkill.objects.filter(employee=employee, skill=skill).delete()
    if not deleted:
        raise NotFound({"skill": [f"{skill.label} is not on this profile."]})
    stamps.people_changed(employee.pk)


@transaction.atomic
def set_aspirations(
    p: Personas,
    employee: Employee,
    *,
    target_roles: list[Role],
    skills_to_grow: list[Skill],
    opportunity_types: list[str],
    work_modes: list[str],
    open_to_relocation: bool = False,
) -> Aspiration:
    _require_self_or_admin(p, employee)
    errors: dict[str, list[str]] = {}
    bad_types = sorted(set(opportunity_types) - {t.value for t in OpportunityType})
    if bad_types:
        errors["opportunity_types"] = [f"Unknown type(s): {', '.join(bad_types)}."]
    bad_modes = sorted(set(work_modes) - set(WorkMode.values))
    if bad_modes:
        errors["work_modes"] = [f"Unknown work mode(s): {', '.join(bad_modes)}."]
    if len(target_roles) > 5:
        errors["target_roles"] = ["At most 5 target roles."]
    if len(skills_to_grow) > 20:
        errors["skills_to_grow"] = ["At most 20 skills to grow."]
    if errors:
        raise InvalidInput(errors)
    aspiration, _ = Aspiration.objects.get_or_create(employee=employee)
    aspiration.opportunity_types = sorted(set(opportunity_types))
    aspiration.work_modes = sorted(set(work_modes))
    aspiration.open_to_relocation = bool(open_to_relocation)
    aspiration.save()
    aspiration.target_roles.set(target_roles)
    aspiration.skills_to_grow.set(skills_to_grow)
    stamps.people_changed(employee.pk)
    return aspiration
