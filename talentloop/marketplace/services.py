"""The only code that writes opportunities and applications: named, atomic actions with their rules.

Every application status change takes the opportunity's row lock first (then the application's), so two
requests cannot both take the last seat, and writes a row to ApplicationStatusChange with who, when and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.marketplace.access import can_edit_opportunity
from talentloop.marketplace.lifecycle import (
    HOLDS_SEAT,
    LIVE,
    NEEDS_RELEASE,
    OPPORTUNITY_TRANSITIONS,
    Actor,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityType,
    allowed_moves,
    next_statuses,
)
from talentloop.marketplace.models import (
    Application,
    ApplicationStatusChange,
    Opportunity,
    OpportunitySkill,
    SkillNeed,
)
from talentloop.matching import stamps
from talentloop.people.models import MAX_WEEKLY_HOURS, Department, Employee, Location, WorkMode
from talentloop.roles.models import Role
from talentloop.skills.models import Skill

MAX_SKILL_NEEDS = 30
EDITABLE_FIELDS = (
    "type", "title", "description", "department", "role", "hours_per_week", "start_date", "end_date",
    "seats", "location", "work_mode",
)


@dataclass(frozen=True)
class SkillNeedInput:
    skill: Skill
    need: str
    level: int


def needs_release(opportunity: Opportunity) -> bool:
    return opportunity.type in NEEDS_RELEASE


def seats_taken(opportunity: Opportunity) -> int:
    return opportunity.applications.filter(status__in=sorted(HOLDS_SEAT)).count()


# --- opportunities -------------------------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate_opportunity(data: dict, needs: list[SkillNeedInput] | None) -> None:
    errors: dict[str, list[str]] = {}
    if data.get("type") not in {t.value for t in OpportunityType}:
        errors["type"] = [f"Must be one of: {', '.join(t.value for t in OpportunityType)}."]
    if not (data.get("title") or "").strip():
        errors["title"] = ["This field is required."]
    if not (data.get("description") or "").strip():
        errors["description"] = ["This field is required."]
    if not isinstance(data.get("department"), Department):
        errors["department"] = ["Choose a department."]
    if data.get("role") is not None and not isinstance(data["role"], Role):
        errors["role"] = ["Unknown role."]
    if data.get("location") is not None and not isinstance(data["location"], Location):
        errors["location"] = ["Unknown location."]
    hours = data.get("hours_per_week")
    if not _is_int(hours) or not 1 <= hours <= MAX_WEEKLY_HOURS:
        errors["hours_per_week"] = [f"Must be a whole number of hours from 1 to {MAX_WEEKLY_HOURS}."]
    seats = data.get("seats")
    if not _is_int(seats) or not 1 <= seats <= 500:
        errors["seats"] = ["Must be a whole number from 1 to 500."]
    if data.get("work_mode") not in WorkMode.values:
        errors["work_mode"] = [f"Must be one of: {', '.join(WorkMode.values)}."]
    start, end = data.get("start_date"), data.get("end_date")
    for name, value in (("start_date", start), ("end_date", end)):
        if value is not None and not isinstance(value, dt.date):
            errors[name] = ["Must be a date (YYYY-MM-DD)."]
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        errors["end_date"] = ["Must be on or after the start date."]
    if needs is not None:
        if len(needs) > MAX_SKILL_NEEDS:
            errors["skill_needs"] = [f"At most {MAX_SKILL_NEEDS} skills."]
        seen: set[int] = set()
        for i, need in enumerate(needs):
            if need.skill.pk in seen:
                errors[f"skill_needs[{i}].skill"] = [f"{need.skill.label} is listed twice."]
            seen.add(need.skill.pk)
            if need.need not in SkillNeed.values:
                errors[f"skill_needs[{i}].need"] = [f"Must be one of: {', '.join(SkillNeed.values)}."]
            if not _is_int(need.level) or not 1 <= need.level <= 5:
                errors[f"skill_needs[{i}].level"] = ["Must be a proficiency from 1 to 5."]
    if errors:
        raise InvalidInput(errors)


def _replace_skill_needs(opportunity: Opportunity, needs: Iterable[SkillNeedInput]) -> None:
    opportunity.skill_needs.all().delete()
    OpportunitySkill.objects.bulk_create(
        OpportunitySkill(opportunity=opportunity, skill=n.skill, need=n.need, level=n.level) for n in needs
    )


def _require_publishable(opportunity: Opportunity) -> None:
    if not opportunity.skill_needs.filter(need=SkillNeed.REQUIRED).exists():
        raise InvalidInput({"skill_needs": ["Add at least one required skill before publishing."]})


@transaction.atomic
def create_opportunity(p: Personas, data: dict, skill_needs: list[SkillNeedInput], *, publish: bool = False) -> Opportunity:
    owner = p.employee
    if owner is None or not p.is_opportunity_owner:
        raise Forbidden("You are not allowed to post opportunities.")
    _validate_opportunity(data, skill_needs)
    opportunity = Opportunity.objects.create(owner=owner, status=OpportunityStatus.DRAFT, **{k: data.get(k) for k in EDITABLE_FIELDS})
    _replace_skill_needs(opportunity, skill_needs)
    if publish:
        _move_opportunity(opportunity, OpportunityStatus.OPEN)
    stamps.opportunities_changed(opportunity.pk)
    return opportunity


@transaction.atomic
def update_opportunity(p: Personas, opportunity: Opportunity, data: dict, skill_needs: list[SkillNeedInput] | None = None) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not can_edit_opportunity(p, opportunity):
        raise Forbidden("Only the owner or a talent admin may edit this opportunity.")
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise Conflict("A cancelled opportunity cannot be edited.", extra={"allowed": []})
    merged = {k: getattr(opportunity, k) for k in EDITABLE_FIELDS} | {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    _validate_opportunity(merged, skill_needs)
    taken = seats_taken(opportunity)
    if merged["seats"] < taken:
        raise Conflict({"seats": [f"{taken} seats are already offered or taken; seats cannot go below that."]})
    if merged["type"] != opportunity.type and opportunity.applications.exists():
        raise Conflict({"type": ["The type cannot change once people have applied."]})
    for k, v in merged.items():
        setattr(opportunity, k, v)
    opportunity.save()
    if skill_needs is not None:
        _replace_skill_needs(opportunity, skill_needs)
        if opportunity.status == OpportunityStatus.OPEN:
            _require_publishable(opportunity)
    stamps.opportunities_changed(opportunity.pk)
    return opportunity


def _move_opportunity(opportunity: Opportunity, to: OpportunityStatus) -> None:
    current = OpportunityStatus(opportunity.status)
    if to == current:
        return
    if to not in OPPORTUNITY_TRANSITIONS[current]:
        allowed = sorted(OPPORTUNITY_TRANSITIONS[current])
        raise Conflict(
            {"status": [f"An opportunity that is {current} cannot become {to}; allowed: {', '.join(allowed) or 'none'}."]},
            extra={"allowed": allowed},
        )
    if to == OpportunityStatus.OPEN:
        _require_publishable(opportunity)
        opportunity.published_at = opportunity.published_at or timezone.now()
        opportunity.closed_at = None
    elif to in (OpportunityStatus.CLOSED, OpportunityStatus.CANCELLED):
        opportunity.closed_at = timezone.now()
    opportunity.status = to
    opportunity.save(update_fields=["status", "published_at", "closed_at", "updated_at"])
    stamps.opportunities_changed(opportunity.pk)


@transaction.atomic
def change_opportunity_status(p: Personas, opportunity: Opportunity, to: str) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not can_edit_opportunity(p, opportunity):
        raise Forbidden("Only the owner or a talent admin may change this opportunity's status.")
    try:
        target = OpportunityStatus(to)
    except ValueError as exc:
        raise InvalidInput({"status": [f"Must be one of: {', '.join(OpportunityStatus)}."]}) from exc
    _move_opportunity(opportunity, target)
    return opportunity


# --- applications --------------------------------------------------------------------------------------------


def _record(application: Application, frm: str, to: str, p: Personas | None, actor: Actor, reason: str) -> None:
    now = timezone.now()
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=frm,
        to_status=to,
        actor=p.user if p is not None and p.user.is_authenticated else None,
        actor_role=actor,
        reason=reason,
        at=now,
    )
    application.status = to
    application.status_changed_at = now
    # Seats, applications and demand on the person change the rankings on both sides.
    stamps.people_changed(application.applicant_id)
    stamps.opportunities_changed(application.opportunity_id)


def _lock_opportunity(opportunity: Opportunity) -> Opportunity:
    return Opportunity.objects.select_for_update().select_related("owner").get(pk=opportunity.pk)


@dataclass(frozen=True)
class ApplyResult:
    application: Application
    created: bool


def apply(p: Personas, opportunity: Opportunity, message: str = "", *, share_with_manager: bool = False) -> ApplyResult:
    """Apply to an open opportunity. Applying twice returns the first application (a double submit is harmless);
    applying after an invitation accepts the invitation."""
    applicant = p.employee
    if applicant is None:
        raise Forbidden("Only employees can apply.")
    if len(message) > 4000:
        raise InvalidInput({"message": ["At most 4,000 characters."]})
    try:
        with transaction.atomic():
            opportunity = _lock_opportunity(opportunity)
            if opportunity.owner_id == applicant.pk:
                raise Forbidden("You cannot apply to your own opportunity.")
            if applicant.leave_date is not None:
                raise Forbidden("Only current employees can apply.")
            existing = Application.objects.select_for_update().filter(
                opportunity=opportunity, applicant=applicant, status__in=sorted(LIVE)
            ).first()
            if existing is not None:
                if existing.status == ApplicationStatus.INVITED:
                    existing.message = message or existing.message
                    existing.share_with_manager = share_with_manager
                    _record(existing, existing.status, ApplicationStatus.APPLIED, p, Actor.APPLICANT, "accepted the invitation")
                    existing.save()
                return ApplyResult(existing, created=False)
            if opportunity.status != OpportunityStatus.OPEN:
                raise Conflict({"opportunity": [f"This opportunity is {opportunity.status}, not open for applications."]})
            application = Application(
                opportunity=opportunity,
                applicant=applicant,
                message=message,
                share_with_manager=share_with_manager,
                status=ApplicationStatus.APPLIED,
                status_changed_at=timezone.now(),
            )
            application.save()
            _record(application, "", ApplicationStatus.APPLIED, p, Actor.APPLICANT, "")
            application.save(update_fields=["status", "status_changed_at"])
            return ApplyResult(application, created=True)
    except IntegrityError:
        # A concurrent double submit won the race; answer with the application it created.
        existing = Application.objects.get(opportunity=opportunity, applicant=applicant, status__in=sorted(LIVE))
        return ApplyResult(existing, created=False)


def invite(p: Personas, opportunity: Opportunity, candidate: Employee, message: str = "") -> ApplyResult:
    """The owner invites a person who opted in to opportunities; inviting twice is harmless."""
    if len(message) > 1000:
        raise InvalidInput({"message": ["At most 1,000 characters."]})
    with transaction.atomic():
        opportunity = _lock_opportunity(opportunity)
        if not can_edit_opportunity(p, opportunity):
            raise Forbidden("Only the owner or a talent admin may invite people to this opportunity.")
        if opportunity.status != OpportunityStatus.OPEN:
            raise Conflict({"opportunity": [f"This opportunity is {opportunity.status}; publish it before inviting."]})
        if candidate.pk == opportunity.owner_id:
            raise InvalidInput({"employee": ["The owner cannot be invited to their own opportunity."]})
        if not candidate.open_to_opportunities or candidate.leave_date is not None:
            raise InvalidInput({"employee": ["This person is not open to opportunities."]})
        existing = Application.objects.filter(opportunity=opportunity, applicant=candidate, status__in=sorted(LIVE)).first()
        if existing is not None:
            return ApplyResult(existing, created=False)
        application = Application.objects.create(
            opportunity=opportunity, applicant=candidate, message=message,
            status=ApplicationStatus.INVITED, status_changed_at=timezone.now(),
        )
        _record(application, "", ApplicationStatus.INVITED, p, Actor.OWNER, message)
        application.save(update_fields=["status", "status_changed_at"])
        return ApplyResult(application, created=True)


def actor_roles(p: Personas, application: Application) -> set[Actor]:
    roles: set[Actor] = set()
    emp = p.employee
    if emp is not None and application.applicant_id == emp.pk:
        roles.add(Actor.APPLICANT)
    if emp is not None and application.opportunity.owner_id == emp.pk:
        roles.add(Actor.OWNER)
    if emp is not None and application.applicant.manager_id == emp.pk:
        roles.add(Actor.LINE_MANAGER)
    if p.is_talent_admin:
        roles.add(Actor.OWNER)
    return roles


def moves_for(p: Personas, application: Application) -> list[str]:
    """The next statuses this person may move the application to (for buttons and the API)."""
    mine = actor_roles(p, application)
    moves = allowed_moves(ApplicationStatus(application.status), needs_release=needs_release(application.opportunity))
    return sorted(str(to) for to, who in moves.items() if who & mine)


@transaction.atomic
def system_move(application: Application, to: str, reason: str) -> Application:
    """A move made by Talentloop itself (an expiry, a start on the start date), allowed only where the
    lifecycle gives it to the system."""
    opportunity = _lock_opportunity(application.opportunity)
    application = Application.objects.select_for_update().get(pk=application.pk)
    current, target = ApplicationStatus(application.status), ApplicationStatus(to)
    if target == current:
        return application
    moves = allowed_moves(current, needs_release=needs_release(opportunity))
    if Actor.SYSTEM not in moves.get(target, frozenset()):
        allowed = sorted(str(s) for s, who in moves.items() if Actor.SYSTEM in who)
        raise Conflict({"status": [f"Talentloop cannot move an application that is {current} to {target}."]}, extra={"allowed": allowed})
    _record(application, current, target, None, Actor.SYSTEM, reason)
    application.save(update_fields=["status", "status_changed_at"])
    return application


@transaction.atomic
def move_application(p: Personas, application: Application, to: str, reason: str = "") -> Application:
    """Move an application to `to`. Moving to the status it already has is a no-op (a double submit)."""
    try:
        target = ApplicationStatus(to)
    except ValueError as exc:
        raise InvalidInput({"status": [f"Must be one of: {', '.join(ApplicationStatus)}."]}) from exc
    reason = (reason or "").strip()
    if len(reason) > 1000:
        raise InvalidInput({"reason": ["At most 1,000 characters."]})
    opportunity = _lock_opportunity(application.opportunity)
    application = Application.objects.select_for_update().select_related("applicant").get(pk=application.pk)
    application.opportunity = opportunity
    current = ApplicationStatus(application.status)
    if target == current:
        return application
    release = needs_release(opportunity)
    moves = allowed_moves(current, needs_release=release)
    if target not in moves:
        allowed = next_statuses(current, needs_release=release)
        raise Conflict(
            {"status": [f"An application that is {current} cannot become {target}; allowed: {', '.join(allowed) or 'none'}."]},
            extra={"allowed": allowed},
        )
    mine = actor_roles(p, application) & moves[target]
    if not mine:
        who = ", ".join(sorted(a.replace("_", " ") for a in moves[target]))
        raise Forbidden(f"Only the {who} may move this application to {target}.")
    if target == ApplicationStatus.DECLINED and not reason:
        raise InvalidInput({"reason": ["Give a reason when declining; the applicant will see it."]})
    if target in HOLDS_SEAT and current not in HOLDS_SEAT:
        if opportunity.status != OpportunityStatus.OPEN:
            raise Conflict({"opportunity": [f"This opportunity is {opportunity.status}; offers need it open."]})
        if seats_taken(opportunity) >= opportunity.seats:
            raise Conflict({"seats": [f"All {opportunity.seats} seats are taken."]}, extra={"allowed": []})
    actor = sorted(mine)[0]
    _record(application, current, target, p, Actor(actor), reason)
    if target == ApplicationStatus.DECLINED:
        application.decision_reason = reason
    application.save(update_fields=["status", "status_changed_at", "decision_reason"])
    return application
