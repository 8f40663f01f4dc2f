"""Emails: plain text with the title, the body and an absolute link, sent after the caller's commit, only for
the categories a person wants by email (actions waiting on them and application updates by default)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from talentloop.notifications.api import notify
from talentloop.notifications.models import Notification, NotificationPreference


def test_it_emails_an_invitation_after_the_commit_with_an_absolute_link(org, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://talent.example.org/"
    url = f"/opportunities/{org.gig.public_id}/"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(org.employee.user, "invited", "You are invited: Automate the month-end report",
               "Olga Owner invites you to apply.", url, actor=org.owner.user)
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    [email] = mail.outbox
    assert email.to == ["ada@example.test"]
    assert email.subject == "You are invited: Automate the month-end report"
    assert email.body.startswith("Olga Owner invites you to apply.\n\nOpen in Talentloop: "
                                 f"https://talent.example.org{url}\n")
    assert "https://talent.example.org/notifications/preferences/" in email.body
    assert email.content_subtype == "plain" and not getattr(email, "alternatives", None)
    assert Notification.objects.get().emailed_at is not None


def test_a_rolled_back_write_sends_no_email(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify(org.employee.user, "invited", "You are invited")
        raise RuntimeError("rolled back")
    assert mail.outbox == []


@pytest.mark.parametrize("kind, emailed", [
    ("invited", True), ("release_requested", True), ("release_escalated", True), ("approval_requested", True),
    ("completion_to_confirm", True), ("application_update", True), ("digest", True),
    ("application_received", False), ("opportunity_approved", False), ("session_logged", False),
])
def test_the_defaults_email_what_waits_on_you_and_application_updates(org, django_capture_on_commit_callbacks, kind, emailed):
    with django_capture_on_commit_callbacks(execute=True):
        notify(org.employee.user, kind, "Something happened")
    assert len(mail.outbox) == (1 if emailed else 0)
    assert Notification.objects.filter(kind=kind).count() == 1  # the inbox gets it either way


def test_it_follows_the_persons_choice_per_category(org, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=org.employee.user, email_waiting_on_you=False, email_activity=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(org.employee.user, "invited", "Invited")
        notify(org.employee.user, "application_received", "Someone applied")
    assert [m.subject for m in mail.outbox] == ["Someone applied"]


def test_it_reads_the_preferences_again_when_the_email_goes_out(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(org.employee.user, "invited", "Invited")
    NotificationPreference.objects.create(user=org.employee.user, email_waiting_on_you=False)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_an_account_without_an_email_address_gets_the_inbox_only(org, django_capture_on_commit_callbacks):
    org.employee.user.email = ""
    org.employee.user.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(org.employee.user, "invited", "Invited")
    assert callbacks == [] and mail.outbox == []
    assert Notification.objects.count() == 1
