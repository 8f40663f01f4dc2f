"""Whole journeys through the marketplace's services, for tests that need real history (status changes, completions,
sessions, role changes) rather than rows put straight into a status."""

from __future__ import annotations

from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.lifecycle import OpportunityStatus
from talentloop.marketplace.models import Application, Opportunity
from talentloop.people.models import Employee
from talentloop.skills.models import Skill


def _as(who: Employee) -> Personas:
    return Personas(who.user)


def draft(owner: Employee, skill: Skill, **fields) -> Opportunity:
    """A draft that may be published: one required skill."""
    from talentloop.testing import factories as f

    opportunity = f.OpportunityFactory(owner=owner, status=OpportunityStatus.DRAFT, published_at=None, **fields)
    f.OpportunitySkillFactory(opportunity=opportunity, skill=skill, level=3)
    return opportunity


def take_up(opportunity: Opportunity, applicant: Employee, *, message: str = "") -> Application:
    """Apply, be offered (with a reason), released by the line manager where needed, accept, and start."""
    owner = _as(opportunity.owner)
    application = services.apply(_as(applicant), opportunity, message).application
    application = services.move_application(owner, application, S.OFFERED, "a strong fit")
    if application.release_required:
        application = services.move_application(_as(application.release_approver), application, S.RELEASED, "time freed")
    application = services.move_application(_as(applicant), application, S.ACCEPTED)
    return services.move_application(owner, application, S.ACTIVE)


def complete(
    opportunity: Opportunity, applicant: Employee, ratings: dict[Skill, int], *, hours: int = 20, endorsement: str = "",
    session_minutes: tuple[int, ...] = (),
) -> Application:
    """The whole path to completed: take it up, log any mentoring sessions, the owner rates, the participant confirms."""
    application = take_up(opportunity, applicant)
    for minutes in session_minutes:
        services.log_session(_as(applicant), application, timezone.localdate(), minutes)
    rated = [services.RatingInput(skill, level) for skill, level in ratings.items()]
    services.submit_owner_completion(_as(opportunity.owner), application, rated, hours=hours, endorsement=endorsement)
    return services.confirm_participant_completion(_as(applicant), application)


def move_into_role(opportunity: Opportunity, applicant: Employee) -> Application:
    """A permanent role taken: active records the move on the person's profile."""
    return take_up(opportunity, applicant)
