"""The inbox page: one's own notifications only, unread first and in bold, read by following them, "mark all
read", twenty a page in a fixed number of queries, and "Inbox (N)" in the navigation."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talentloop.notifications.api import notify
from talentloop.notifications.models import Notification


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="h3"><a href="/notifications/[0-9a-f-]+/">(?:<strong>)?([^<]+)', html)


def _nav_inbox(html: str) -> str:
    return re.search(r'<ul class="nav-user">.*?>(Inbox \(\d+\))</a>', html, re.S).group(1)


def test_it_lists_unread_first_in_bold_then_the_read_newest_first(org):
    ada = org.employee.user
    for i, title in enumerate(["Oldest unread", "Read one", "Newest unread"]):
        notify(ada, "application_update", title)
        Notification.objects.filter(title=title).update(created_at=timezone.now() - timedelta(hours=10 - i))
    Notification.objects.filter(title="Read one").update(read_at=timezone.now())

    html = org.client(org.employee).get("/notifications/").text
    assert _titles(html) == ["Newest unread", "Oldest unread", "Read one"]
    assert "<strong>Newest unread</strong>" in html and "<strong>Read one</strong>" not in html
    assert "2 unread of 3." in html
    assert _nav_inbox(html) == "Inbox (2)"


def test_following_a_notification_marks_it_read_and_goes_where_it_points(org):
    url = f"/opportunities/{org.gig.public_id}/"
    notify(org.employee.user, "invited", "You are invited", url=url, actor=org.owner.user)
    n = Notification.objects.get()
    client = org.client(org.employee)

    response = client.get(f"/notifications/{n.public_id}/")
    assert response.status_code == 302 and response["Location"] == url
    n.refresh_from_db()
    first_read = n.read_at
    assert first_read is not None
    client.get(f"/notifications/{n.public_id}/")
    n.refresh_from_db()
    assert n.read_at == first_read  # the first reading time stays
    assert _nav_inbox(client.get("/notifications/").text) == "Inbox (0)"


def test_a_notification_without_a_url_leads_back_to_the_inbox(org):
    notify(org.employee.user, "reminder", "Remember")
    n = Notification.objects.get()
    assert org.client(org.employee).get(f"/notifications/{n.public_id}/")["Location"] == "/notifications/"


def test_nobody_sees_or_reads_someone_elses_notifications(org):
    notify(org.employee.user, "application_update", "Ada's private news")
    n = Notification.objects.get()
    for who in (org.outsider, org.manager, org.talent_admin):
        client = org.client(who)
        assert "Ada&#x27;s private news" not in client.get("/notifications/").text
        assert client.get(f"/notifications/{n.public_id}/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read_reads_only_ones_own(org):
    notify(org.employee.user, "application_update", "One")
    notify(org.employee.user, "application_update", "Two")
    notify(org.manager.user, "release_requested", "The manager's")
    client = org.client(org.employee)
    assert client.get("/notifications/read-all/").status_code == 405  # a write needs a POST
    response = client.post("/notifications/read-all/", follow=True)
    assert "Marked 2 notifications read." in response.text
    assert not Notification.objects.filter(recipient=org.employee.user, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=org.manager.user).read_at is None


def test_it_pages_by_twenty_in_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    for i in range(45):
        notify(org.employee.user, "application_update", f"Update {i}")
    client = org.client(org.employee)
    client.get("/notifications/")  # warm the session
    with django_assert_max_num_queries(8):
        first = client.get("/notifications/").text
    assert len(_titles(first)) == 20 and "Page 1 of 3" in first
    last = client.get("/notifications/?page=3").text
    assert len(_titles(last)) == 5
    assert client.get("/notifications/?page=abc").status_code == 200  # a bad page number shows the first page
    assert "Page 3 of 3" in client.get("/notifications/?page=99").text


def test_the_inbox_asks_to_sign_in(client, db):
    response = client.get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_navigation_counts_unread_in_one_query(org):
    notify(org.employee.user, "invited", "Invited")
    client = org.client(org.employee)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").text
    assert _nav_inbox(html) == "Inbox (1)"
    assert len([q for q in queries if "notifications_notification" in q["sql"]]) == 1
    assert _nav_inbox(org.client(org.outsider).get("/").text) == "Inbox (0)"
