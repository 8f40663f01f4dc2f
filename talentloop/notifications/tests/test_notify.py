"""api.notify: an inbox row in the caller's transaction, never for one's own action or an inactive account,
and loud about programming errors (unknown kind, a url that leaves the site)."""

from __future__ import annotations

import pytest
from django.db import transaction

from talentloop.notifications.api import KINDS, notify
from talentloop.notifications.models import Notification

MARKETPLACE_KINDS = {
    "invited", "application_received", "application_update", "release_requested", "release_escalated", "release_expired",
    "approval_requested", "opportunity_approved", "opportunity_rejected", "completion_to_confirm", "completed",
    "session_logged", "reminder", "digest",
}


def test_it_knows_every_kind_the_marketplace_sends_with_a_label():
    assert set(KINDS) >= MARKETPLACE_KINDS
    assert all(label.strip() for label in KINDS.values())


def test_it_puts_a_notification_in_the_recipients_inbox(org):
    notify(org.employee.user, "invited", "You are invited: Automate the month-end report",
           "Olga invites you to apply.", f"/opportunities/{org.gig.public_id}/", actor=org.owner.user)
    n = Notification.objects.get()
    assert (n.recipient, n.actor, n.kind) == (org.employee.user, org.owner.user, "invited")
    assert n.title == "You are invited: Automate the month-end report"
    assert n.body == "Olga invites you to apply."
    assert n.url == f"/opportunities/{org.gig.public_id}/"
    assert n.read_at is None and n.emailed_at is None


def test_a_rolled_back_write_leaves_no_notification(org):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(org.employee.user, "application_update", "You are shortlisted")
        raise RuntimeError("the service failed after notifying")
    assert not Notification.objects.exists()


def test_nobody_is_told_about_their_own_action(org):
    notify(org.owner.user, "application_received", "You applied", actor=org.owner.user)
    assert not Notification.objects.exists()


def test_an_inactive_account_gets_nothing(org):
    org.colleague.user.is_active = False
    org.colleague.user.save()
    notify(org.colleague.user, "reminder", "Something waits on you")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("kind", ["", "invite", "DIGEST"])
def test_an_unknown_kind_is_a_programming_error(org, kind):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(org.employee.user, kind, "Hello")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "opportunities/", "/a b"])
def test_a_url_must_be_a_path_inside_the_site(org, url):
    with pytest.raises(ValueError, match="url must be a path inside Talentloop"):
        notify(org.employee.user, "invited", "Hello", url=url)


def test_a_title_is_needed(org):
    with pytest.raises(ValueError, match="needs a title"):
        notify(org.employee.user, "invited", "  ")


def test_a_long_title_becomes_one_clipped_line(org):
    notify(org.employee.user, "invited", "Line one\nline two " + "x" * 300)
    title = Notification.objects.get().title
    assert "\n" not in title and title.startswith("Line one line two ")
    assert len(title) == 200 and title.endswith("…")
