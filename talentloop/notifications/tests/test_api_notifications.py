"""/api/v1/me/notifications/ and /api/v1/me/notification-preferences/: one's own only, bad input named."""

from __future__ import annotations

import yaml
from django.core.management import call_command

from talentloop.notifications.api import notify
from talentloop.notifications.models import Notification, NotificationPreference

BASE = "/api/v1/me/notifications/"
PREFS = "/api/v1/me/notification-preferences/"


def _two_for_ada(org) -> tuple[Notification, Notification]:
    notify(org.employee.user, "invited", "You are invited", "Olga invites you.", f"/opportunities/{org.gig.public_id}/",
           actor=org.owner.user)
    notify(org.employee.user, "application_update", "You are shortlisted")
    first, second = Notification.objects.order_by("pk")
    first.read_at = first.created_at
    first.save()
    return first, second


def test_it_lists_my_notifications_newest_first_with_an_unread_filter(org, api, django_assert_max_num_queries):
    read, unread = _two_for_ada(org)
    notify(org.manager.user, "release_requested", "Not Ada's")
    client = api(org.employee)
    with django_assert_max_num_queries(4):
        listed = client.get(BASE).json()
    assert listed["count"] == 2
    assert [n["title"] for n in listed["results"]] == ["You are shortlisted", "You are invited"]
    invited = listed["results"][1]
    assert invited == {
        "public_id": str(read.public_id), "kind": "invited", "kind_label": "You are invited to apply",
        "title": "You are invited", "body": "Olga invites you.", "url": f"/opportunities/{org.gig.public_id}/",
        "actor_name": "Olga Owner", "created_at": invited["created_at"], "read_at": invited["read_at"], "unread": False,
    }
    assert [n["public_id"] for n in client.get(BASE, {"unread": "true"}).json()["results"]] == [str(unread.public_id)]
    assert [n["public_id"] for n in client.get(BASE, {"unread": "false"}).json()["results"]] == [str(read.public_id)]


def test_a_bad_unread_filter_is_a_400_naming_it(org, api):
    response = api(org.employee).get(BASE, {"unread": "maybe"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"unread": ["Must be a valid boolean."]}


def test_it_marks_one_and_all_read(org, api):
    _, unread = _two_for_ada(org)
    client = api(org.employee)
    response = client.post(f"{BASE}{unread.public_id}/read/")
    assert response.status_code == 200
    assert response.json()["unread"] is False and response.json()["read_at"]
    notify(org.employee.user, "reminder", "Remember")
    notify(org.employee.user, "reminder", "Remember again")
    assert client.post(f"{BASE}read-all/").json() == {"marked": 2}
    assert client.post(f"{BASE}read-all").json() == {"marked": 0}
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_someone_elses_notification_is_a_404(org, api):
    _, unread = _two_for_ada(org)
    for who in (org.outsider, org.manager):
        client = api(who)
        assert client.get(f"{BASE}{unread.public_id}/").status_code == 404
        assert client.post(f"{BASE}{unread.public_id}/read/").status_code == 404
        assert client.get(BASE).json()["count"] == 0
    unread.refresh_from_db()
    assert unread.read_at is None
    assert api().get(BASE).status_code in (401, 403)


def test_it_answers_and_changes_my_preferences(org, api):
    client = api(org.employee)
    assert client.get(PREFS).json() == {
        "email_waiting_on_you": True, "email_applications": True, "email_activity": False, "email_digest": True,
        "digest_frequency": "weekly", "last_digest_at": None,
    }
    response = client.patch(PREFS, {"digest_frequency": "daily", "email_activity": True}, format="json")
    assert response.status_code == 200
    assert response.json()["digest_frequency"] == "daily" and response.json()["email_activity"] is True
    pref = NotificationPreference.objects.get(user=org.employee.user)
    assert (pref.digest_frequency, pref.email_activity, pref.email_waiting_on_you) == ("daily", True, True)


def test_bad_preferences_are_a_400_naming_the_field(org, api):
    client = api(org.employee)
    cases = [
        ({"digest_frequency": "hourly"}, "digest_frequency"),
        ({"email_digest": "perhaps"}, "email_digest"),
        ({"email_everything": True}, "email_everything"),
        ({"last_digest_at": "2026-01-01T00:00:00Z"}, "last_digest_at"),
    ]
    for body, field in cases:
        response = client.patch(PREFS, body, format="json")
        assert response.status_code == 400, body
        assert field in response.json()["errors"], response.json()
    assert client.patch(PREFS, [1, 2], format="json").status_code == 400
    assert not NotificationPreference.objects.exists()


def test_the_openapi_document_describes_them(tmp_path, db):
    target = tmp_path / "schema.yml"
    call_command("spectacular", file=str(target))
    document = yaml.safe_load(target.read_text())
    for path in [BASE, f"{BASE}{{public_id}}/", f"{BASE}{{public_id}}/read/", f"{BASE}read-all/", PREFS]:
        assert path.removeprefix("/api/v1") in {p.removeprefix("/api/v1") for p in document["paths"]}, path
    assert document["components"]["schemas"]["DigestFrequency"]["enum"] == ["off", "daily", "weekly"]
