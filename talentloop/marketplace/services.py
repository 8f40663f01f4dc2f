"""The only code that writes opportunities and applications: named, atomic actions with their rules.

Every application status change takes the opportunity's row lock first (then the application's), so two
requests cannot both take the last seat, and writes a row to ApplicationStatusChange with who, when and why;
every opportunity status change writes an OpportunityStatusChange. Notifications are written in the same
transaction (their emails go out after commit).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.marketplace import notices
from talentloop.marketplace.access import can_edit_opportunity
from talentloop.marketplace.lifecycle import (
    HOLDS_SEAT,
    LIVE,
    OPPORTUNITY_MOVES,
    Actor,
    ApplicationStatus,
    MentorshipDirection,
    OpportunityActor,
    OpportunityStatus,
    OpportunityType,
    allowed_moves,
    next_statuses,
    publish_needs_approval,
    release_required,
)
from talentloop.marketplace.models import (
    Application,
    ApplicationStatusChange,
    ChangeEvent,
    Completion,
    MentorshipSession,
    Opportunity,
    OpportunitySkill,
    OpportunityStatusChange,
    SkillNeed,
    SkillRating,
)
from talentloop.matching import stamps
from talentloop.organisation.models import current as org_settings
from talentloop.people.models import (
    MAX_WEEKLY_HOURS,
    Department,
    Employee,
    EvidenceSource,
    Location,
    WorkMode,
)
from talentloop.people.services import record_internal_move, record_observed_skill
from talentloop.roles.models import Role
from talentloop.skills.models import Skill

MAX_SKILL_NEEDS = 30
MAX_TOPICS = 10
EDITABLE_FIELDS = (
    "type", "title", "description", "department", "role", "hours_per_week", "start_date", "end_date",
    "seats", "location", "work_mode", "total_hours", "mentorship_direction", "topics", "reverse_mentoring",
)
FIELD_DEFAULTS = {"total_hours": None, "mentorship_direction": "", "topics": [], "reverse_mentoring": False}


@dataclass(frozen=True)
class SkillNeedInput:
    skill: Skill
    need: str
    level: int


def needs_release(opportunity: Opportunity) -> bool:
    """Whether an offer made now on this opportunity needs the line manager's release (the organisation's rule)."""
    if opportunity.type != OpportunityType.JOB_SHADOWING:  # only job shadowing reads a setting (spares list pages a query)
        return release_required(opportunity.type, total_hours=opportunity.total_hours, shadowing_release_hours=0)
    return release_required(
        opportunity.type, total_hours=opportunity.total_hours, shadowing_release_hours=org_settings().shadowing_release_hours
    )


def application_needs_release(application: Application, opportunity: Opportunity | None = None) -> bool:
    """From the offer on, what was decided at the offer; before it, what the rule says today."""
    if application.status in HOLDS_SEAT:
        return application.release_required
    return needs_release(opportunity or application.opportunity)


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
    _validate_type_fields(data, errors)
    if errors:
        raise InvalidInput(errors)


def _validate_type_fields(data: dict, errors: dict[str, list[str]]) -> None:
    """Each type's own fields: job shadowing is short and counted in hours in all; a mentorship says who offers."""
    kind = data.get("type")
    total = data.get("total_hours")
    if kind == OpportunityType.JOB_SHADOWING:
        limit = org_settings().shadowing_max_hours
        if not _is_int(total) or not 1 <= total <= limit:
            errors["total_hours"] = [f"Job shadowing is short: give the hours in all, a whole number from 1 to {limit}."]
    elif total is not None:
        errors["total_hours"] = ["Only job shadowing is counted in hours in all; leave it empty."]
    direction = data.get("mentorship_direction") or ""
    topics = data.get("topics") or []
    if kind == OpportunityType.MENTORSHIP:
        if direction not in {d.value for d in MentorshipDirection}:
            errors["mentorship_direction"] = [f"Say who offers: one of {', '.join(d.value for d in MentorshipDirection)}."]
        if direction == MentorshipDirection.MENTEE_ASKS and data.get("seats") not in (None, 1):
            errors["seats"] = ["A mentee asks for one mentor: seats must be 1."]
    else:
        if direction:
            errors["mentorship_direction"] = ["Only a mentorship has a direction."]
        if data.get("reverse_mentoring"):
            errors["reverse_mentoring"] = ["Only a mentorship can be reverse mentoring."]
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        errors["topics"] = ["Must be a list of short texts."]
    elif len(topics) > MAX_TOPICS or any(len(t) > 80 or not t.strip() for t in topics):
        errors["topics"] = [f"At most {MAX_TOPICS} topics of 1 to 80 characters each."]
    elif topics and kind != OpportunityType.MENTORSHIP:
        errors["topics"] = ["Only a mentorship has topics."]
    if not isinstance(data.get("reverse_mentoring", False), bool):
        errors["reverse_mentoring"] = ["Must be true or false."]


def _replace_skill_needs(opportunity: Opportunity, needs: Iterable[SkillNeedInput]) -> None:
    opportunity.skill_needs.all().delete()
    OpportunitySkill.objects.bulk_create(
        OpportunitySkill(opportunity=opportunity, skill=n.skill, need=n.need, level=n.level) for n in needs
    )


def _require_publishable(opportunity: Opportunity) -> None:
    if opportunity.mentorship_direction == MentorshipDirection.MENTOR_OFFERS:
        # A mentor offers what mentees will grow: any skill will do, usually as "you will grow".
        if not opportunity.skill_needs.exists():
            raise InvalidInput({"skill_needs": ["Add at least one skill you mentor in before publishing."]})
    elif not opportunity.skill_needs.filter(need=SkillNeed.REQUIRED).exists():
        raise InvalidInput({"skill_needs": ["Add at least one required skill before publishing."]})


def _field(data: dict, name: str):
    return data.get(name, FIELD_DEFAULTS.get(name))


@transaction.atomic
def create_opportunity(
    p: Personas, data: dict, skill_needs: list[SkillNeedInput], *, publish: bool = False, submission_key: uuid.UUID | None = None
) -> Opportunity:
    """Create a draft (and publish it, or ask for approval, when `publish`). The same `submission_key` twice (a double
    submit, a back-button resubmit, an API retry) answers with the opportunity the first one made."""
    owner = p.employee
    if owner is None or not p.is_opportunity_owner:
        raise Forbidden("You are not allowed to post opportunities.")
    if submission_key is not None:
        earlier = Opportunity.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            if earlier.owner_id != owner.pk:
                raise Conflict({"submission_key": ["This key was used by someone else; send a new one."]})
            return earlier
    fields = {k: _field(data, k) for k in EDITABLE_FIELDS}
    fields["topics"] = [t.strip() for t in fields["topics"]] if isinstance(fields["topics"], list) else fields["topics"]
    _validate_opportunity(fields, skill_needs)
    opportunity = Opportunity.objects.create(owner=owner, status=OpportunityStatus.DRAFT, submission_key=submission_key, **fields)
    OpportunityStatusChange.objects.create(
        opportunity=opportunity, from_status="", to_status=OpportunityStatus.DRAFT, actor=p.user,
        actor_role=OpportunityActor.OWNER, at=timezone.now(),
    )
    _replace_skill_needs(opportunity, skill_needs)
    if publish:
        _publish(p, opportunity)
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
    if (
        opportunity.status == OpportunityStatus.OPEN
        and merged["hours_per_week"] > (opportunity.approved_hours_per_week or 0)
        and publish_needs_approval(merged["type"], merged["hours_per_week"], threshold=org_settings().publish_approval_hours)
    ):
        raise Conflict({"hours_per_week": [
            f"More than {org_settings().publish_approval_hours} hours a week needs approval: close the opportunity, "
            "change the hours and publish it again to ask for approval."
        ]})
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


def opportunity_actor_roles(p: Personas, opportunity: Opportunity) -> set[OpportunityActor]:
    roles: set[OpportunityActor] = set()
    if can_edit_opportunity(p, opportunity):
        roles.add(OpportunityActor.OWNER)
    if p.is_talent_admin or (p.employee is not None and opportunity.owner.manager_id == p.employee.pk):
        roles.add(OpportunityActor.APPROVER)
    return roles


def opportunity_moves_for(p: Personas, opportunity: Opportunity) -> list[str]:
    """The statuses this person may move the opportunity to (publishing is shown as `open` even where it will go
    to approval first)."""
    mine = opportunity_actor_roles(p, opportunity)
    current = OpportunityStatus(opportunity.status)
    out = {str(to) for (frm, to), who in OPPORTUNITY_MOVES.items() if frm == current and who & mine}
    if str(OpportunityStatus.PENDING_APPROVAL) in out:
        out.discard(str(OpportunityStatus.PENDING_APPROVAL))
        out.add(str(OpportunityStatus.OPEN))
    return sorted(out)


def approvers_of(opportunity: Opportunity) -> list:
    """Who decides a publication: the owner's line manager, or where there is none the talent admins."""
    from talentloop.accounts.personas import talent_admin_users

    manager = opportunity.owner.manager
    if manager is not None and manager.leave_date is None:
        return [manager.user]
    return list(talent_admin_users())


def _move_opportunity(
    opportunity: Opportunity, to: OpportunityStatus, p: Personas | None, actor: OpportunityActor, reason: str = ""
) -> None:
    current = OpportunityStatus(opportunity.status)
    if to == current:
        return
    if (current, to) not in OPPORTUNITY_MOVES:
        allowed = sorted(str(t) for (f, t) in OPPORTUNITY_MOVES if f == current)
        raise Conflict(
            {"status": [f"An opportunity that is {current} cannot become {to}; allowed: {', '.join(allowed) or 'none'}."]},
            extra={"allowed": allowed},
        )
    if to in (OpportunityStatus.OPEN, OpportunityStatus.PENDING_APPROVAL):
        _require_publishable(opportunity)
    if to == OpportunityStatus.OPEN:
        opportunity.published_at = opportunity.published_at or timezone.now()
        opportunity.closed_at = None
    elif to in (OpportunityStatus.CLOSED, OpportunityStatus.CANCELLED):
        opportunity.closed_at = timezone.now()
    opportunity.status = to
    opportunity.save(update_fields=["status", "published_at", "closed_at", "approved_hours_per_week", "updated_at"])
    OpportunityStatusChange.objects.create(
        opportunity=opportunity, from_status=current, to_status=to,
        actor=p.user if p is not None and p.user.is_authenticated else None, actor_role=actor, reason=reason, at=timezone.now(),
    )
    stamps.opportunities_changed(opportunity.pk)


def publishing_asks_approval(opportunity: Opportunity) -> bool:
    """Whether publishing now goes to approval: above the organisation's hours threshold and beyond what was approved."""
    threshold = org_settings().publish_approval_hours
    return publish_needs_approval(opportunity.type, opportunity.hours_per_week, threshold=threshold) and (
        opportunity.approved_hours_per_week is None or opportunity.hours_per_week > opportunity.approved_hours_per_week
    )


def _publish(p: Personas, opportunity: Opportunity) -> None:
    """Open it, or, above the organisation's hours threshold and beyond what was approved, ask for approval."""
    if publishing_asks_approval(opportunity):
        threshold = org_settings().publish_approval_hours
        _move_opportunity(
            opportunity, OpportunityStatus.PENDING_APPROVAL, p, OpportunityActor.OWNER,
            f"{opportunity.hours_per_week} hours a week is above the {threshold} that can be published without approval",
        )
        for user in approvers_of(opportunity):
            notices.approval_requested(user, opportunity, p.user)
    else:
        _move_opportunity(opportunity, OpportunityStatus.OPEN, p, OpportunityActor.OWNER)


@transaction.atomic
def change_opportunity_status(p: Personas, opportunity: Opportunity, to: str, reason: str = "") -> Opportunity:
    """Publish, approve, send back, close, reopen or cancel. The owner's `open` goes to approval first where the
    organisation's rule asks for it; an approver's `open` approves and `draft` sends back (with a reason)."""
    opportunity = Opportunity.objects.select_for_update(of=("self",)).select_related("owner__manager__user").get(pk=opportunity.pk)
    try:
        target = OpportunityStatus(to)
    except ValueError as exc:
        raise InvalidInput({"status": [f"Must be one of: {', '.join(OpportunityStatus)}."]}) from exc
    reason = (reason or "").strip()
    if len(reason) > 1000:
        raise InvalidInput({"reason": ["At most 1,000 characters."]})
    mine = opportunity_actor_roles(p, opportunity)
    if not mine:
        raise Forbidden("Only the owner or a talent admin may change this opportunity's status.")
    current = OpportunityStatus(opportunity.status)
    if target == current:
        return opportunity
    if current == OpportunityStatus.PENDING_APPROVAL and target in (OpportunityStatus.OPEN, OpportunityStatus.DRAFT) and (
        OpportunityActor.APPROVER in mine
    ):
        if target == OpportunityStatus.DRAFT and not reason and OpportunityActor.OWNER not in mine:
            raise InvalidInput({"reason": ["Say why it goes back to the owner; they will see it."]})
        if target == OpportunityStatus.OPEN:
            opportunity.approved_hours_per_week = opportunity.hours_per_week
        _move_opportunity(opportunity, target, p, OpportunityActor.APPROVER, reason)
        if p.employee is None or p.employee.pk != opportunity.owner_id:
            notices.publication_decided(opportunity, approved=target == OpportunityStatus.OPEN, reason=reason, actor=p.user)
        return opportunity
    if OpportunityActor.OWNER not in mine:
        if current == OpportunityStatus.PENDING_APPROVAL:
            raise Forbidden("Only the owner's line manager or a talent admin may approve or send back this opportunity.")
        raise Forbidden("Only the owner or a talent admin may change this opportunity's status.")
    if target == OpportunityStatus.OPEN and current in (OpportunityStatus.DRAFT, OpportunityStatus.CLOSED):
        _publish(p, opportunity)
        return opportunity
    if (current, target) in OPPORTUNITY_MOVES and OpportunityActor.OWNER not in OPPORTUNITY_MOVES[(current, target)]:
        raise Forbidden("Only the owner's line manager or a talent admin may approve this opportunity.")
    if target == OpportunityStatus.CANCELLED:
        _end_applications_of_cancelled(opportunity)
    _move_opportunity(opportunity, target, p, OpportunityActor.OWNER, reason)
    return opportunity


def _end_applications_of_cancelled(opportunity: Opportunity) -> None:
    """Cancelling ends the applications still waiting (they expire, and each applicant is told); people already
    accepted or at work must be completed or withdrawn first."""
    started = opportunity.applications.filter(status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.ACTIVE]).count()
    if started:
        raise Conflict(
            {"status": [f"{started} people have accepted or started; complete their work or let them withdraw before cancelling."]},
            extra={"allowed": sorted(str(t) for (f, t) in OPPORTUNITY_MOVES if f == opportunity.status and t != OpportunityStatus.CANCELLED)},
        )
    waiting = opportunity.applications.filter(
        status__in=[ApplicationStatus.INVITED, ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED,
                    ApplicationStatus.OFFERED, ApplicationStatus.RELEASED]
    ).select_related("applicant__user", "applicant__manager__user")
    for application in waiting.select_for_update(of=("self",)):
        application.opportunity = opportunity
        current = application.status
        _record(application, current, ApplicationStatus.EXPIRED, None, Actor.SYSTEM, "the opportunity was cancelled")
        application.save(update_fields=["status", "status_changed_at", "reminded_at"])
        notices.application_moved(application, current, actor=None)


# --- applications --------------------------------------------------------------------------------------------


def _record(
    application: Application, frm: str, to: str, p: Personas | None, actor: Actor, reason: str,
    event: str = ChangeEvent.MOVE,
) -> None:
    now = timezone.now()
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=frm,
        to_status=to,
        actor=p.user if p is not None and p.user.is_authenticated else None,
        actor_role=actor,
        reason=reason,
        event=event,
        at=now,
    )
    if event != ChangeEvent.MOVE:
        return
    application.status = to
    application.status_changed_at = now
    application.reminded_at = None
    # Seats, applications and demand on the person change the rankings on both sides.
    stamps.people_changed(application.applicant_id)
    stamps.opportunities_changed(application.opportunity_id)


def _lock_opportunity(opportunity: Opportunity) -> Opportunity:
    return Opportunity.objects.select_for_update(of=("self",)).select_related("owner__user", "owner__manager").get(pk=opportunity.pk)


def _lock_application(application: Application, opportunity: Opportunity) -> Application:
    locked = Application.objects.select_for_update(of=("self",)).select_related("applicant__user", "applicant__manager__user").get(
        pk=application.pk
    )
    locked.opportunity = opportunity
    return locked


def _lock_both(application: Application) -> tuple[Application, Opportunity]:
    """The opportunity's row lock first, then the application's: always in this order, so no two writers deadlock."""
    opportunity = _lock_opportunity(application.opportunity)
    return _lock_application(application, opportunity), opportunity


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
                    existing.opportunity = opportunity
                    existing.message = message or existing.message
                    existing.share_with_manager = share_with_manager
                    _record(existing, existing.status, ApplicationStatus.APPLIED, p, Actor.APPLICANT, "accepted the invitation")
                    existing.save()
                    notices.application_received(existing)
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
            application.save(update_fields=["status", "status_changed_at", "reminded_at"])
            notices.application_received(application)
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
        application.save(update_fields=["status", "status_changed_at", "reminded_at"])
        notices.invited(application, p.user)
        return ApplyResult(application, created=True)


def actor_roles(p: Personas, application: Application) -> set[Actor]:
    """What this person is to the application. Releasing belongs to the line manager and, once a request is
    escalated, to the approver it went to; where nobody is left to decide (no manager), to the talent admins."""
    roles: set[Actor] = set()
    emp = p.employee
    if emp is not None and application.applicant_id == emp.pk:
        roles.add(Actor.APPLICANT)
    if emp is not None and application.opportunity.owner_id == emp.pk:
        roles.add(Actor.OWNER)
    if emp is not None and emp.pk in (application.applicant.manager_id, application.release_approver_id):
        roles.add(Actor.LINE_MANAGER)
    if p.is_talent_admin:
        roles.add(Actor.OWNER)
        if application.release_required and application.release_approver_id is None:
            roles.add(Actor.LINE_MANAGER)
    if Actor.APPLICANT in roles:
        # Nobody releases their own time or makes themself an offer.
        roles &= {Actor.APPLICANT}
    return roles


def _moves(application: Application, opportunity: Opportunity) -> dict[ApplicationStatus, frozenset[Actor]]:
    return allowed_moves(
        ApplicationStatus(application.status), type=opportunity.type,
        needs_release=application_needs_release(application, opportunity),
    )


def moves_for(p: Personas, application: Application) -> list[str]:
    """The next statuses this person may move the application to (for buttons and the API)."""
    mine = actor_roles(p, application)
    moves = _moves(application, application.opportunity)
    out = {str(to) for to, who in moves.items() if who & mine}
    if str(ApplicationStatus.COMPLETED) in out and Actor.APPLICANT in mine:
        completion = getattr(application, "completion", None)  # a missing one-to-one raises an AttributeError
        if completion is not None and completion.participant_confirmed_at is not None:
            out.discard(str(ApplicationStatus.COMPLETED))  # confirmed; now the owner's rating is awaited
    return sorted(out)


def _allowed_or_conflict(application: Application, opportunity: Opportunity, target: ApplicationStatus) -> dict:
    moves = _moves(application, opportunity)
    if target not in moves:
        current = ApplicationStatus(application.status)
        allowed = next_statuses(current, type=opportunity.type, needs_release=application_needs_release(application, opportunity))
        raise Conflict(
            {"status": [f"An application that is {current} cannot become {target}; allowed: {', '.join(allowed) or 'none'}."]},
            extra={"allowed": allowed},
        )
    return moves


def _after_move(application: Application, opportunity: Opportunity, frm: ApplicationStatus, p: Personas | None) -> None:
    """What follows a status change: the release request on an offer, the move into a permanent role, notices."""
    to = ApplicationStatus(application.status)
    if to == ApplicationStatus.OFFERED:
        application.release_required = needs_release(opportunity)
        application.release_approver = application.applicant.manager if application.release_required else None
        if application.release_approver is not None and application.release_approver.leave_date is not None:
            application.release_approver = None
        application.release_escalated_at = None
        application.save(update_fields=["release_required", "release_approver", "release_escalated_at"])
        if application.release_required:
            notices.release_requested(application)
        elif opportunity.type == OpportunityType.PERMANENT_ROLE and application.applicant.manager is not None:
            notices.manager_told_of_offer(application)
    if to == ApplicationStatus.ACTIVE and opportunity.type == OpportunityType.PERMANENT_ROLE:
        notices.moved_into_role(application, application.applicant.manager)
        role = opportunity.role
        record_internal_move(
            application.applicant, job_title=role.title if role is not None else opportunity.title, role=role,
            department=opportunity.department, manager=opportunity.owner, effective_on=timezone.localdate(),
            reason=f"internal permanent role: {opportunity.title}",
        )
    notices.application_moved(application, frm, actor=p.user if p is not None else None)


@transaction.atomic
def system_move(application: Application, to: str, reason: str) -> Application:
    """A move made by Talentloop itself (an expiry, a start on the start date), allowed only where the
    lifecycle gives it to the system."""
    application, opportunity = _lock_both(application)
    current, target = ApplicationStatus(application.status), ApplicationStatus(to)
    if target == current:
        return application
    moves = _moves(application, opportunity)
    if Actor.SYSTEM not in moves.get(target, frozenset()):
        allowed = sorted(str(s) for s, who in moves.items() if Actor.SYSTEM in who)
        raise Conflict({"status": [f"Talentloop cannot move an application that is {current} to {target}."]}, extra={"allowed": allowed})
    _record(application, current, target, None, Actor.SYSTEM, reason)
    application.save(update_fields=["status", "status_changed_at", "reminded_at"])
    _after_move(application, opportunity, current, None)
    return application


@transaction.atomic
def escalate_release(application: Application, reason: str, *, now: dt.datetime | None = None) -> Application:
    """An overdue release goes to the line manager's manager (or, with none, to the talent admins)."""
    application, _ = _lock_both(application)
    if application.status != ApplicationStatus.OFFERED or not application.release_required or application.release_escalated_at:
        return application
    manager = application.applicant.manager
    skip = manager.manager if manager is not None else None
    if skip is not None and (skip.leave_date is not None or skip.pk == application.applicant_id):
        skip = None
    application.release_approver = skip
    application.release_escalated_at = now or timezone.now()
    application.save(update_fields=["release_approver", "release_escalated_at"])
    to_whom = skip.name if skip is not None else "the talent admins"
    _record(application, application.status, application.status, None, Actor.SYSTEM, f"{reason}; now with {to_whom}", ChangeEvent.ESCALATED)
    notices.release_escalated(application)
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
    application, opportunity = _lock_both(application)
    current = ApplicationStatus(application.status)
    if target == current:
        return application
    moves = _allowed_or_conflict(application, opportunity, target)
    mine = actor_roles(p, application) & moves[target]
    if not mine:
        who = ", ".join(sorted(a.replace("_", " ") for a in moves[target]))
        raise Forbidden(f"Only the {who} may move this application to {target}.")
    if target == ApplicationStatus.COMPLETED:
        # Completing takes both sides; the owner's side carries the skill ratings.
        if Actor.APPLICANT in mine:
            return _confirm_as_participant(p, application, opportunity)
        raise InvalidInput({"ratings": ["Rate the skills applied to complete it (the completion form)."]})
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
    application.save(update_fields=["status", "status_changed_at", "decision_reason", "reminded_at"])
    _after_move(application, opportunity, current, p)
    return application


@transaction.atomic
def consent_to_tell_manager(p: Personas, application: Application) -> Application:
    """The applicant of a confidential permanent-role application lets their line manager see it now."""
    application, _ = _lock_both(application)
    if Actor.APPLICANT not in actor_roles(p, application):
        raise Forbidden("Only the applicant may share their application with their line manager.")
    if application.share_with_manager:
        return application
    application.share_with_manager = True
    application.save(update_fields=["share_with_manager"])
    _record(application, application.status, application.status, p, Actor.APPLICANT, "", ChangeEvent.CONSENT)
    if application.applicant.manager is not None:
        notices.manager_told_of_application(application)
    return application


# --- completion ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingInput:
    skill: Skill
    level: int


def _active_or_conflict(application: Application, opportunity: Opportunity) -> None:
    if application.status != ApplicationStatus.ACTIVE:
        allowed = next_statuses(
            ApplicationStatus(application.status), type=opportunity.type,
            needs_release=application_needs_release(application, opportunity),
        )
        raise Conflict(
            {"status": [f"Only an active application can be completed; this one is {application.status}; allowed: {', '.join(allowed) or 'none'}."]},
            extra={"allowed": allowed},
        )
    if opportunity.type == OpportunityType.PERMANENT_ROLE:
        raise Conflict({"status": ["A permanent role is taken, not completed: the move is already recorded."]}, extra={"allowed": []})


def default_completion_hours(application: Application) -> int:
    """Mentoring: the sessions logged. Otherwise the weekly hours times the weeks from the start to today."""
    opportunity = application.opportunity
    if opportunity.type == OpportunityType.MENTORSHIP:
        minutes = sum(application.sessions.values_list("minutes", flat=True))
        return max(1, round(minutes / 60))
    if opportunity.type == OpportunityType.JOB_SHADOWING and opportunity.total_hours:
        return opportunity.total_hours
    started = application.changes.filter(to_status=ApplicationStatus.ACTIVE, event="").values_list("at", flat=True).first()
    start = started.date() if started else (opportunity.start_date or timezone.localdate())
    end = min(timezone.localdate(), opportunity.end_date) if opportunity.end_date else timezone.localdate()
    weeks = max(1, round(((end - start).days + 1) / 7))
    return max(1, min(5000, weeks * opportunity.hours_per_week))


@transaction.atomic
def submit_owner_completion(
    p: Personas, application: Application, ratings: list[RatingInput], hours: int, endorsement: str = ""
) -> Application:
    """The owner's side of completing: the observed proficiency of each skill applied, the hours, an endorsement.
    Sending the same again is harmless; before the participant confirms, the owner may correct it."""
    application, opportunity = _lock_both(application)
    if Actor.OWNER not in actor_roles(p, application):
        raise Forbidden("Only the owner of the opportunity may rate the skills applied.")
    if application.status == ApplicationStatus.COMPLETED:
        return application
    _active_or_conflict(application, opportunity)
    errors: dict[str, list[str]] = {}
    if not ratings:
        errors["ratings"] = ["Rate at least one skill the person applied."]
    if len(ratings) > MAX_SKILL_NEEDS:
        errors["ratings"] = [f"At most {MAX_SKILL_NEEDS} skills."]
    seen: set[int] = set()
    for i, r in enumerate(ratings):
        if r.skill.pk in seen:
            errors[f"ratings[{i}].skill"] = [f"{r.skill.label} is rated twice."]
        seen.add(r.skill.pk)
        if not _is_int(r.level) or not 1 <= r.level <= 5:
            errors[f"ratings[{i}].level"] = ["Must be a proficiency from 1 to 5."]
        if not r.skill.is_active:
            errors[f"ratings[{i}].skill"] = [f"{r.skill.label} is retired from the taxonomy."]
    if not _is_int(hours) or not 1 <= hours <= 5000:
        errors["hours"] = ["Must be a whole number of hours from 1 to 5,000."]
    endorsement = (endorsement or "").strip()
    if len(endorsement) > 2000:
        errors["endorsement"] = ["At most 2,000 characters."]
    if errors:
        raise InvalidInput(errors)
    completion, _ = Completion.objects.select_for_update().get_or_create(application=application)
    first = completion.owner_confirmed_at is None
    completion.hours, completion.endorsement = hours, endorsement
    completion.owner_confirmed_at, completion.owner_confirmed_by = timezone.now(), p.user
    completion.save()
    completion.ratings.all().delete()
    SkillRating.objects.bulk_create(SkillRating(completion=completion, skill=r.skill, level=r.level) for r in ratings)
    if first:
        _record(application, application.status, application.status, p, Actor.OWNER, "", ChangeEvent.OWNER_CONFIRMED)
    if completion.participant_confirmed_at is not None:
        _finish(p, application, opportunity, completion, Actor.OWNER)
    elif first:
        notices.completion_to_confirm(application, p.user)
    return application


def _confirm_as_participant(p: Personas, application: Application, opportunity: Opportunity) -> Application:
    _active_or_conflict(application, opportunity)
    completion, _ = Completion.objects.select_for_update().get_or_create(application=application)
    if completion.participant_confirmed_at is not None:
        return application
    completion.participant_confirmed_at = timezone.now()
    completion.save(update_fields=["participant_confirmed_at"])
    _record(application, application.status, application.status, p, Actor.APPLICANT, "", ChangeEvent.PARTICIPANT_CONFIRMED)
    if completion.owner_confirmed_at is not None:
        _finish(p, application, opportunity, completion, Actor.APPLICANT)
    else:
        notices.completion_to_rate(application, p.user)
    return application


@transaction.atomic
def confirm_participant_completion(p: Personas, application: Application) -> Application:
    """The participant's side of completing; confirming twice is harmless."""
    application, opportunity = _lock_both(application)
    if Actor.APPLICANT not in actor_roles(p, application):
        raise Forbidden("Only the participant confirms their own completion.")
    if application.status == ApplicationStatus.COMPLETED:
        return application
    return _confirm_as_participant(p, application, opportunity)


def evidence_source(opportunity: Opportunity) -> tuple[str, bool]:
    """Gig feedback from the owner is verified evidence; a mentee rating their mentor (a mentee's ask) is a peer's
    endorsement: welcome, but not verification."""
    if opportunity.mentorship_direction == MentorshipDirection.MENTEE_ASKS:
        return EvidenceSource.PEER_ENDORSEMENT, False
    return EvidenceSource.GIG_FEEDBACK, True


def _finish(p: Personas, application: Application, opportunity: Opportunity, completion: Completion, actor: Actor) -> None:
    current = ApplicationStatus(application.status)
    _record(application, current, ApplicationStatus.COMPLETED, p, actor, "both sides confirmed")
    application.save(update_fields=["status", "status_changed_at", "reminded_at"])
    completion.completed_at = timezone.now()
    completion.save(update_fields=["completed_at"])
    source, verified = evidence_source(opportunity)
    owner_name = opportunity.owner.name
    kind = opportunity.get_type_display()
    for rating in completion.ratings.select_related("skill"):
        record_observed_skill(
            application.applicant, rating.skill, rating.level, source=source, verified=verified,
            note=f"{kind} “{opportunity.title}”, rated by {owner_name}", link=f"/opportunities/{opportunity.public_id}/",
            recorded_by=completion.owner_confirmed_by,
        )
    notices.application_moved(application, current, actor=p.user)


# --- mentorship sessions ---------------------------------------------------------------------------------------


@transaction.atomic
def log_session(
    p: Personas, application: Application, held_on: dt.date, minutes: int, notes: str = "",
    *, submission_key: uuid.UUID | None = None,
) -> MentorshipSession:
    """Mentor or mentee logs a session of an active mentorship. The same submission key twice logs it once."""
    application, opportunity = _lock_both(application)
    if submission_key is not None:
        earlier = MentorshipSession.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            if earlier.application_id != application.pk:
                raise Conflict({"submission_key": ["This key was used for another mentorship; send a new one."]})
            return earlier
    mine = actor_roles(p, application)
    if not mine & {Actor.APPLICANT, Actor.OWNER} or (Actor.OWNER in mine and p.employee is None):
        raise Forbidden("Only the mentor and the mentee log sessions.")
    if opportunity.type != OpportunityType.MENTORSHIP:
        raise Conflict({"opportunity": ["Sessions are logged for mentorships only."]})
    if application.status != ApplicationStatus.ACTIVE:
        raise Conflict({"status": [f"Sessions are logged while the mentorship is active; it is {application.status}."]})
    errors: dict[str, list[str]] = {}
    if not isinstance(held_on, dt.date):
        errors["held_on"] = ["Must be a date (YYYY-MM-DD)."]
    elif held_on > timezone.localdate():
        errors["held_on"] = ["Log a session once it has been held (not in the future)."]
    elif held_on < application.created_at.date():
        errors["held_on"] = ["This date is before the mentorship began."]
    if not _is_int(minutes) or not 5 <= minutes <= 600:
        errors["minutes"] = ["Must be a whole number of minutes from 5 to 600."]
    notes = (notes or "").strip()
    if len(notes) > 2000:
        errors["notes"] = ["At most 2,000 characters."]
    if errors:
        raise InvalidInput(errors)
    session = MentorshipSession.objects.create(
        application=application, held_on=held_on, minutes=minutes, notes=notes, logged_by=p.user, submission_key=submission_key,
    )
    notices.session_logged(session, p.user)
    return session
