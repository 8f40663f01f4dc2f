"""Digests: the new opportunities in a person's "for you" feed since their last digest, above the score
threshold, counted by type ("3 new gigs match your skills"); nothing when nothing is new; never twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.marketplace.lifecycle import OpportunityType
from talentloop.matching import services as matching
from talentloop.matching import stamps
from talentloop.notifications.digest import DIGEST_MIN_SCORE, DigestMatch, compose, send_digests
from talentloop.notifications.models import Notification, NotificationPreference
from talentloop.testing import factories as f


def _python_opportunity(org, title: str, type_=OpportunityType.GIG, published_days_ago: float = 1, **kwargs):
    opportunity = f.OpportunityFactory(
        owner=org.owner, title=title, type=type_, published_at=timezone.now() - timedelta(days=published_days_ago), **kwargs
    )
    f.OpportunitySkillFactory(opportunity=opportunity, skill=f.SkillFactory(slug="python"), level=3)
    stamps.opportunities_changed(opportunity.pk)  # as the marketplace's services do, so the live index sees it
    return opportunity


@pytest.fixture
def new_gigs(org):
    """Three new gigs Ada fits (the org's own and two more), a new one far from her skills, an old one."""
    _python_opportunity(org, "Clean the sales data", published_days_ago=0.5)
    _python_opportunity(org, "Script the expense checks", published_days_ago=3)
    unrelated = f.OpportunityFactory(owner=org.owner, title="Run the office move", published_at=timezone.now() - timedelta(days=1))
    f.OpportunitySkillFactory(opportunity=unrelated, skill=f.SkillFactory(slug="logistics", label="Logistics"), level=4)
    _python_opportunity(org, "Last month's gig", published_days_ago=20)


def test_it_counts_the_new_matches_by_type_and_sends_one_digest(org, new_gigs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = send_digests("weekly")
    assert result == {"checked": 4, "sent": 1}  # the four employees; only Ada has new matches
    digest = Notification.objects.get()
    assert digest.recipient == org.employee.user and digest.kind == "digest"
    assert digest.title == "3 new gigs match your skills"
    assert digest.url == "/for-you/"
    assert digest.body.startswith("Best matches:\n- ")
    for title in ["Automate the month-end report", "Clean the sales data", "Script the expense checks"]:
        assert f"- {title} (gig, " in digest.body
    assert "Run the office move" not in digest.body and "Last month's gig" not in digest.body
    [email] = mail.outbox
    assert email.to == ["ada@example.test"] and email.subject == "3 new gigs match your skills"
    assert NotificationPreference.objects.filter(last_digest_at__isnull=False).count() == 4


def test_a_second_run_sends_nothing(org, new_gigs):
    now = timezone.now()
    assert send_digests("weekly", now=now)["sent"] == 1
    assert send_digests("weekly", now=now + timedelta(minutes=5)) == {"checked": 0, "sent": 0}
    assert Notification.objects.count() == 1


def test_the_next_digest_counts_only_what_came_after_the_last(org, new_gigs):
    now = timezone.now()
    send_digests("weekly", now=now)
    _python_opportunity(org, "Port the report to SQL", type_=OpportunityType.PROJECT, published_days_ago=0)
    assert send_digests("weekly", now=now + timedelta(days=7))["sent"] == 1
    latest = Notification.objects.order_by("-pk").first()
    assert latest.title == "1 new stretch project matches your skills"
    assert "Port the report to SQL" in latest.body and "Clean the sales data" not in latest.body


def test_nothing_is_sent_without_new_matches_but_the_window_moves_on(org):
    org.gig.published_at = timezone.now() - timedelta(days=30)
    org.gig.save()
    now = timezone.now()
    assert send_digests("weekly", now=now) == {"checked": 4, "sent": 0}
    assert not Notification.objects.exists()
    assert NotificationPreference.objects.get(user=org.employee.user).last_digest_at == now


def test_it_follows_each_persons_frequency(org, new_gigs):
    NotificationPreference.objects.create(user=org.employee.user, digest_frequency="daily")
    NotificationPreference.objects.create(user=org.colleague.user, digest_frequency="off")
    now = timezone.now()
    assert send_digests("weekly", now=now) == {"checked": 2, "sent": 0}  # the manager and the owner
    assert send_digests("daily", now=now) == {"checked": 1, "sent": 1}  # Ada
    digest = Notification.objects.get()
    # A daily digest looks one day back the first time: only the gigs of the last day.
    assert digest.title == "2 new gigs match your skills"
    assert send_digests("daily", now=now + timedelta(hours=12))["checked"] == 0  # not due yet
    assert send_digests("daily", now=now + timedelta(hours=23, minutes=30))["checked"] == 1  # due, early by half an hour


def test_people_who_left_or_cannot_sign_in_get_no_digest(org, new_gigs):
    org.employee.user.is_active = False
    org.employee.user.save()
    org.colleague.leave_date = timezone.localdate() - timedelta(days=1)
    org.colleague.save()
    assert send_digests("weekly") == {"checked": 2, "sent": 0}  # the manager and the owner


def test_mixed_types_are_counted_one_line_each():
    title, body = compose([
        DigestMatch("A", "gig", 0.9), DigestMatch("B", "gig", 0.5), DigestMatch("C", "mentorship", 0.8),
        DigestMatch("D", "job_shadowing", 0.45),
    ])
    assert title == "4 new opportunities match your skills"
    assert body.splitlines()[:3] == [
        "2 new gigs match your skills.", "1 new mentorship matches your skills.",
        "1 new job shadowing opportunity matches your skills.",
    ]
    assert "- A (gig, 90% match)" in body and body.index("- A") < body.index("- C") < body.index("- B")


def test_matches_below_the_threshold_do_not_count(org):
    # Ada holds none of the gig's skills: it is in her feed, but below the threshold.
    org.gig.skill_needs.all().delete()
    f.OpportunitySkillFactory(opportunity=org.gig, skill=f.SkillFactory(slug="accounting", label="Accounting"), level=4)
    [item], _ = matching.feed(Personas(org.employee.user))
    assert item.opportunity == org.gig and item.match.score < DIGEST_MIN_SCORE
    assert send_digests("weekly")["sent"] == 0


def test_an_unknown_frequency_is_refused(db):
    with pytest.raises(ValueError, match="Unknown digest frequency"):
        send_digests("hourly")
