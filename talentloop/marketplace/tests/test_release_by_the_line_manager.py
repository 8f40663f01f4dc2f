"""Releasing time: who decides, what an overdue request becomes (escalated, then expired, or expired at once),
reminders, and who is told. Time travels through `timers.run(now)`, never by sleeping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentloop.errors import Conflict, Forbidden
from talentloop.marketplace import services, timers
from talentloop.marketplace.access import awaiting_release
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.notifications.models import Notification
from talentloop.organisation.models import OrganisationSettings, OverdueRelease
from talentloop.testing import factories as f


@pytest.fixture
def offered(org):
    """Ada's gig application with an offer; Maria (her manager) reports to Dora (the director)."""
    director = f.EmployeeFactory(user__first_name="Dora", user__last_name="Director", department=org.manager.department)
    org.manager.manager = director
    org.manager.save()
    a = services.apply(org.personas(org.employee), org.gig).application
    a = services.move_application(org.personas(org.owner), a, S.OFFERED)
    return a, director


def _settings(**kwargs):
    s = OrganisationSettings.objects.get_or_create(pk=1)[0]
    for k, v in kwargs.items():
        setattr(s, k, v)
    s.save()


def test_an_offer_asks_the_line_manager_to_release_and_tells_her(org, offered):
    a, _ = offered
    assert (a.release_required, a.release_approver) == (True, org.manager)
    assert list(awaiting_release(org.manager)) == [a]
    note = Notification.objects.get(recipient=org.manager.user, kind="release_requested")
    assert "Ada Lovelace" in note.title and note.url == "/team/"
    with pytest.raises(Conflict):  # no accepting before the release
        services.move_application(org.personas(org.employee), a, S.ACCEPTED)


def test_the_line_manager_declines_with_a_reason_the_applicant_sees(org, offered):
    a, _ = offered
    with pytest.raises(services.InvalidInput):
        services.move_application(org.personas(org.manager), a, S.DECLINED)
    a = services.move_application(org.personas(org.manager), a, S.DECLINED, "Quarter-end close needs you")
    assert a.decision_reason == "Quarter-end close needs you"
    note = Notification.objects.get(recipient=org.employee.user, title__startswith="News on your application")
    assert "Quarter-end close needs you" in note.body


def test_an_overdue_release_is_escalated_to_the_managers_manager_then_expires(org, offered):
    a, director = offered
    now = timezone.now()
    assert timers.run(now + dt.timedelta(days=4))["escalated"] == 0  # five days by default
    report = timers.run(now + dt.timedelta(days=5, minutes=1))
    assert report["escalated"] == 1
    a.refresh_from_db()
    assert (a.status, a.release_approver, a.release_escalated_at is not None) == (S.OFFERED, director, True)
    escalation = a.changes.get(event="escalated")
    assert (escalation.from_status, escalation.to_status, escalation.actor_role) == ("offered", "offered", "system")
    assert "now with Dora Director" in escalation.reason
    assert Notification.objects.filter(recipient=director.user, kind="release_escalated").exists()
    assert list(awaiting_release(director)) == [a]
    assert list(awaiting_release(org.manager)) == []
    # Either may still decide; here the director releases.
    assert timers.run(now + dt.timedelta(days=5, minutes=2))["escalated"] == 0  # not twice
    services.move_application(org.personas(director), a, S.RELEASED)
    a.refresh_from_db()
    assert a.status == S.RELEASED


def test_an_escalated_release_nobody_answers_expires(org, offered):
    a, _ = offered
    later = timezone.now() + dt.timedelta(days=5, minutes=1)
    timers.run(later)
    report = timers.run(later + dt.timedelta(days=5, minutes=1))
    a.refresh_from_db()
    assert (report["expired"], a.status) == (1, S.EXPIRED)
    assert Notification.objects.filter(recipient=org.employee.user, kind="release_expired").exists()
    assert services.seats_taken(org.gig) == 0  # the seat is free again


def test_where_the_rule_is_to_expire_an_overdue_release_expires_at_once(org, offered):
    a, _ = offered
    _settings(overdue_release=OverdueRelease.EXPIRE, release_wait_days=2)
    report = timers.run(timezone.now() + dt.timedelta(days=2, minutes=1))
    a.refresh_from_db()
    assert (report["escalated"], report["expired"], a.status) == (0, 1, S.EXPIRED)


def test_with_nobody_above_the_escalation_goes_to_the_talent_admins(org):
    a = services.apply(org.personas(org.employee), org.gig).application
    a = services.move_application(org.personas(org.owner), a, S.OFFERED)
    timers.run(timezone.now() + dt.timedelta(days=6))
    a.refresh_from_db()
    assert a.release_approver is None and a.release_escalated_at is not None
    assert Notification.objects.filter(recipient=org.talent_admin, kind="release_escalated").exists()
    assert S.RELEASED in services.moves_for(org.personas(org.talent_admin), a)
    services.move_application(org.personas(org.talent_admin), a, S.RELEASED)


def test_a_colleague_or_the_outsider_cannot_release(org, offered):
    a, _ = offered
    with pytest.raises(Forbidden):
        services.move_application(org.personas(org.colleague), a, S.RELEASED)
    with pytest.raises(Forbidden):
        services.move_application(org.personas(org.outsider), a, S.RELEASED)


def test_a_release_waiting_past_the_reminder_days_reminds_once(org, offered):
    now = timezone.now()
    assert timers.run(now + dt.timedelta(days=3, minutes=1))["reminders"] == 1
    assert timers.run(now + dt.timedelta(days=3, minutes=2))["reminders"] == 0
    assert Notification.objects.filter(recipient=org.manager.user, kind="reminder").count() == 1


def test_accepted_work_starts_on_its_start_date_and_invitations_expire(org):
    a = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=S.ACCEPTED)
    invited = f.ApplicationFactory(opportunity=f.OpportunityFactory(owner=org.owner), applicant=org.employee, status=S.INVITED)
    report = timers.run(dt.datetime.combine(org.gig.start_date, dt.time(9), tzinfo=dt.UTC))
    a.refresh_from_db()
    invited.refresh_from_db()
    assert (report["started"], a.status) == (1, S.ACTIVE)
    assert (report["invitations_expired"], invited.status) == (1, S.EXPIRED)


def test_the_owner_learns_the_release_decision_and_an_expiry(org, offered):
    a, _ = offered
    services.move_application(org.personas(org.manager), a, S.RELEASED)
    note = Notification.objects.get(recipient=org.owner.user, title__contains="released the time of")
    assert note.title == "Maria Manager released the time of Ada Lovelace"
    other = f.ApplicationFactory(opportunity=f.OpportunityFactory(owner=org.owner, title="Second gig"), applicant=org.colleague,
                                 status=S.OFFERED)
    services.system_move(other, S.EXPIRED, "overdue")
    assert Notification.objects.filter(recipient=org.owner.user, title__contains="The offer to Carl Colleague expired").exists()
