"""A person's recognition timeline: completed gigs, projects, mentoring, job shadowing and freelancing, and the
internal moves into permanent roles, as one list of experiences, newest first. Read-only.

Ratings and endorsements are skills evidence, so the timeline is shown to whoever may see the person's skills
(people.access.ProfileView.skills); the callers check that. Built in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.marketplace.access import visible_opportunities
from talentloop.marketplace.lifecycle import ApplicationStatus, MentorshipDirection, OpportunityType
from talentloop.marketplace.models import (
    Application,
    ApplicationStatusChange,
    ChangeEvent,
    MentorshipSession,
    SkillRating,
)
from talentloop.people.models import Employee, RoleChange


class ExperienceKind(StrEnum):
    GIG = "gig"
    PROJECT = "project"
    MENTEE = "mentorship_mentee"
    MENTOR = "mentorship_mentor"
    JOB_SHADOWING = "job_shadowing"
    FREELANCE = "freelance"
    ROLE_CHANGE = "role_change"


KIND_LABELS = {
    ExperienceKind.GIG: "gig",
    ExperienceKind.PROJECT: "stretch project",
    ExperienceKind.MENTEE: "mentorship (as mentee)",
    ExperienceKind.MENTOR: "mentorship (as mentor)",
    ExperienceKind.JOB_SHADOWING: "job shadowing",
    ExperienceKind.FREELANCE: "part-time internal freelancing",
    ExperienceKind.ROLE_CHANGE: "role change",
}

_KIND_OF_TYPE = {
    OpportunityType.GIG: ExperienceKind.GIG,
    OpportunityType.PROJECT: ExperienceKind.PROJECT,
    OpportunityType.JOB_SHADOWING: ExperienceKind.JOB_SHADOWING,
    OpportunityType.FREELANCE: ExperienceKind.FREELANCE,
}


@dataclass(frozen=True)
class RatedSkill:
    slug: str
    label: str
    level: int  # the proficiency the owner observed, 1 to 5


@dataclass(frozen=True)
class Experience:
    kind: ExperienceKind
    title: str
    # Set only when the viewer may see the opportunity (the title then links to it).
    opportunity_id: uuid.UUID | None
    owner_name: str  # who ran it: the opportunity's owner; for a role change, empty
    started_on: dt.date | None
    ended_on: dt.date | None  # completed on; for a role change, the day it took effect
    hours: int | None
    skills: tuple[RatedSkill, ...] = ()
    endorsement: str = ""
    endorsed_by: str = ""
    mentored: int | None = None  # "Mentored n": how many mentees completed with this person as their mentor
    detail: str = ""  # a role change's from → to and department

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _session_minutes():
    minutes = (
        MentorshipSession.objects.filter(application=OuterRef("pk")).order_by().values("application")
        .annotate(n=Sum("minutes")).values("n")
    )
    return Coalesce(Subquery(minutes, output_field=IntegerField()), 0)


def _started_at():
    """When the application became active (the first such change), or nothing."""
    started = ApplicationStatusChange.objects.filter(
        application=OuterRef("pk"), to_status=ApplicationStatus.ACTIVE, event=ChangeEvent.MOVE
    ).order_by("at", "pk").values("at")[:1]
    return Subquery(started)


def _completed(base):
    return (
        base.filter(status=ApplicationStatus.COMPLETED)
        .select_related("opportunity__owner__user", "completion__owner_confirmed_by")
        .annotate(session_minutes=_session_minutes(), started_at=_started_at())
        .order_by()
    )


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def _user_name(user) -> str:
    return "" if user is None else (user.get_full_name() or user.get_username())


def _hours(application: Application) -> int | None:
    """Mentoring counts the sessions held; everything else the hours the owner confirmed."""
    if application.opportunity.type == OpportunityType.MENTORSHIP and application.session_minutes:
        return max(1, round(application.session_minutes / 60))
    completion = getattr(application, "completion", None)
    return completion.hours if completion is not None else None


def _as_participant(a: Application, visible: set[int]) -> Experience:
    opportunity = a.opportunity
    if opportunity.type == OpportunityType.MENTORSHIP:
        # Who applies to a mentor's offer is a mentee; who answers a mentee's ask is the mentor.
        asks = opportunity.mentorship_direction == MentorshipDirection.MENTEE_ASKS
        kind = ExperienceKind.MENTOR if asks else ExperienceKind.MENTEE
    else:
        kind = _KIND_OF_TYPE[OpportunityType(opportunity.type)]
    completion = getattr(a, "completion", None)
    ratings = completion.ratings.all() if completion is not None else []
    return Experience(
        kind=kind,
        title=opportunity.title,
        opportunity_id=opportunity.public_id if opportunity.pk in visible else None,
        owner_name=opportunity.owner.name,
        started_on=_day(a.started_at) or opportunity.start_date,
        ended_on=_day(completion.completed_at if completion is not None else None) or _day(a.status_changed_at),
        hours=_hours(a),
        skills=tuple(RatedSkill(r.skill.slug, r.skill.label, r.level) for r in ratings),
        endorsement=completion.endorsement if completion is not None else "",
        endorsed_by=_user_name(completion.owner_confirmed_by) if completion is not None and completion.endorsement else "",
    )


def _as_owner(applications: list[Application], visible: set[int]) -> Experience:
    """One owned mentorship: a mentor's offer ("Mentored n") or a mentee's own ask. The other participants are
    not named: their mentoring is on their own timelines, under their own privacy settings."""
    opportunity = applications[0].opportunity
    offers = opportunity.mentorship_direction == MentorshipDirection.MENTOR_OFFERS
    minutes = sum(a.session_minutes for a in applications)
    hours = max(1, round(minutes / 60)) if minutes else sum(_hours(a) or 0 for a in applications)
    starts = [d for d in (_day(a.started_at) or opportunity.start_date for a in applications) if d is not None]
    ends = [d for d in (_day(a.completion.completed_at) if hasattr(a, "completion") else None for a in applications) if d]
    return Experience(
        kind=ExperienceKind.MENTOR if offers else ExperienceKind.MENTEE,
        title=opportunity.title,
        opportunity_id=opportunity.public_id if opportunity.pk in visible else None,
        owner_name=opportunity.owner.name,
        started_on=min(starts, default=None),
        ended_on=max(ends, default=None) or _day(max(a.status_changed_at for a in applications)),
        hours=hours or None,
        mentored=len(applications) if offers else None,
    )


def _role_change(change: RoleChange) -> Experience:
    moved_department = change.to_department_id != change.from_department_id and change.to_department is not None
    detail = f"from {change.from_job_title}" + (f", into {change.to_department.name}" if moved_department else "")
    return Experience(
        kind=ExperienceKind.ROLE_CHANGE, title=change.to_job_title, opportunity_id=None, owner_name="",
        started_on=None, ended_on=change.effective_on, hours=None, detail=detail,
    )


def timeline_for(employee: Employee, *, viewer: Personas | None = None) -> list[Experience]:
    """Every experience of the person, newest first, in five queries whatever their number.

    The viewer decides only which titles link to their opportunity (those the viewer may see); without a viewer
    none do. Whether the viewer may see the timeline at all is the caller's check (ProfileView.skills).
    """
    ratings = Prefetch("completion__ratings", queryset=SkillRating.objects.select_related("skill").order_by("-level", "skill__label"))
    participated = list(_completed(Application.objects.filter(applicant=employee)).prefetch_related(ratings))
    owned = list(
        _completed(Application.objects.filter(opportunity__owner=employee, opportunity__type=OpportunityType.MENTORSHIP))
    )
    changes = list(RoleChange.objects.filter(employee=employee).select_related("to_department"))
    opportunity_ids = {a.opportunity_id for a in participated} | {a.opportunity_id for a in owned}
    visible: set[int] = set()
    if viewer is not None and opportunity_ids:
        visible = set(visible_opportunities(viewer).filter(pk__in=opportunity_ids).values_list("pk", flat=True))

    experiences = [_as_participant(a, visible) for a in participated]
    by_opportunity: dict[int, list[Application]] = defaultdict(list)
    for a in owned:
        by_opportunity[a.opportunity_id].append(a)
    experiences += [_as_owner(apps, visible) for apps in by_opportunity.values()]
    experiences += [_role_change(c) for c in changes]
    experiences.sort(key=lambda e: (e.ended_on or dt.date.min, e.started_on or dt.date.min, e.title), reverse=True)
    return experiences
