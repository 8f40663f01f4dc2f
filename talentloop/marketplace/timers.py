"""What happens with time: overdue releases are escalated or expire, accepted work starts on its start date,
unanswered invitations expire, and people are reminded of what waits on them. `run(now)` is called by the
worker's scheduler every few minutes; running it twice at the same moment does nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from talentloop.accounts.personas import talent_admin_users
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityStatus
from talentloop.marketplace.models import Application, Completion, Opportunity
from talentloop.organisation.models import OverdueRelease
from talentloop.organisation.models import current as org_settings

S = ApplicationStatus
INVITATION_DAYS = 14  # an invitation nobody answers expires after two weeks


def _notify(*args, **kwargs) -> None:
    from talentloop.notifications.api import notify

    notify(*args, **kwargs)


def overdue_releases(now: dt.datetime) -> dict[str, int]:
    """Release requests older than the organisation's wait: escalated once (then given as long again) or expired."""
    settings = org_settings()
    wait = dt.timedelta(days=settings.release_wait_days)
    counts = {"escalated": 0, "expired": 0}
    waiting = Application.objects.filter(status=S.OFFERED, release_required=True).select_related("opportunity")
    if settings.overdue_release == OverdueRelease.ESCALATE:
        stale = list(waiting.filter(release_escalated_at__lte=now - wait))  # escalated earlier and overdue again
        for application in waiting.filter(release_escalated_at__isnull=True, status_changed_at__lte=now - wait):
            services.escalate_release(application, f"no answer within {settings.release_wait_days} days", now=now)
            counts["escalated"] += 1
    else:
        stale = list(waiting.filter(status_changed_at__lte=now - wait))
    for application in stale:
        services.system_move(application, S.EXPIRED, f"the time was not released within {settings.release_wait_days} days")
        counts["expired"] += 1
    return counts


def stale_invitations(now: dt.datetime) -> int:
    n = 0
    for application in Application.objects.filter(status=S.INVITED, status_changed_at__lte=now - dt.timedelta(days=INVITATION_DAYS)):
        services.system_move(application, S.EXPIRED, f"the invitation was not answered within {INVITATION_DAYS} days")
        n += 1
    return n


def starts(now: dt.datetime) -> int:
    """Accepted work starts on its start date (the owner may start it earlier)."""
    today = now.date()
    n = 0
    for application in Application.objects.filter(status=S.ACCEPTED, opportunity__start_date__lte=today):
        services.system_move(application, S.ACTIVE, "the start date came")
        n += 1
    return n


def reminders(now: dt.datetime) -> int:
    """One reminder per status and person: owners of applications waiting, line managers of releases waiting,
    participants and owners of half-confirmed completions, approvers of opportunities waiting."""
    settings = org_settings()
    cutoff = now - dt.timedelta(days=settings.reminder_days)
    n = 0
    due = Application.objects.filter(reminded_at__isnull=True, status_changed_at__lte=cutoff).select_related(
        "opportunity__owner__user", "applicant__user", "release_approver__user"
    )
    for application in due.filter(status__in=[S.APPLIED, S.SHORTLISTED]):
        opp = application.opportunity
        _notify(opp.owner.user, "reminder", f"{application.applicant.name} waits for an answer on “{opp.title}”",
                f"Their application has been {application.status} for {settings.reminder_days} days or more.",
                f"/opportunities/{opp.public_id}/applicants/")
        n += _mark(application, now)
    for application in due.filter(status=S.OFFERED, release_required=True):
        deciders = [application.release_approver.user] if application.release_approver else list(talent_admin_users())
        for user in deciders:
            _notify(user, "reminder", f"Release {application.applicant.name} for “{application.opportunity.title}”?",
                    "The request waits on you; without an answer it will be escalated or expire.", "/team/")
        n += _mark(application, now)
    halfway = Completion.objects.filter(
        Q(owner_confirmed_at__isnull=True) ^ Q(participant_confirmed_at__isnull=True),
        application__status=S.ACTIVE, application__reminded_at__isnull=True,
    ).filter(Q(owner_confirmed_at__lte=cutoff) | Q(participant_confirmed_at__lte=cutoff)).select_related(
        "application__opportunity__owner__user", "application__applicant__user"
    )
    for completion in halfway:
        application = completion.application
        opp = application.opportunity
        if completion.owner_confirmed_at is None:
            _notify(opp.owner.user, "reminder", f"Rate {application.applicant.name}'s work on “{opp.title}”",
                    "They confirmed the completion; your ratings finish it.", f"/applications/{application.public_id}/complete/")
        else:
            _notify(application.applicant.user, "reminder", f"Confirm you completed “{opp.title}”",
                    "The owner rated your work; confirming adds the skills to your profile.", "/applications/")
        n += _mark(application, now)
    # An opportunity waiting for approval: a reminder every `reminder_days` (its updated_at marks the last one).
    for opportunity in Opportunity.objects.filter(status=OpportunityStatus.PENDING_APPROVAL, updated_at__lte=cutoff).select_related(
        "owner__manager__user"
    ):
        for user in services.approvers_of(opportunity):
            _notify(user, "reminder", f"“{opportunity.title}” still waits for your approval", "",
                    f"/opportunities/{opportunity.public_id}/")
        n += 1
        Opportunity.objects.filter(pk=opportunity.pk).update(updated_at=now)
    return n


def _mark(application: Application, now: dt.datetime) -> int:
    Application.objects.filter(pk=application.pk).update(reminded_at=now)
    return 1


def run(now: dt.datetime) -> dict[str, int]:
    """Every timer once; each step in its own transaction so one failure does not undo the others."""
    report: dict[str, int] = {}
    with transaction.atomic():
        report.update(overdue_releases(now))
    with transaction.atomic():
        report["invitations_expired"] = stale_invitations(now)
    with transaction.atomic():
        report["started"] = starts(now)
    with transaction.atomic():
        report["reminders"] = reminders(now)
    return report
