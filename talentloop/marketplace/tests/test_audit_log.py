"""The audit log: a talent admin reads every status change of applications and opportunities made through the
services (who, when, from, to, why) as one list, newest first, in pages that cost a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentloop.marketplace import services
from talentloop.marketplace.audit import AuditFilter, AuditKind, audit_log
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.lifecycle import OpportunityStatus
from talentloop.marketplace.models import ApplicationStatusChange, OpportunityStatusChange
from talentloop.testing import journeys


@pytest.fixture
def changes(org):
    """Olga publishes and closes a project; Ada completes the gig; Carl applies and is declined."""
    python = org.gig.skill_needs.get(skill__slug="python").skill
    project = journeys.draft(org.owner, python, type="project", title="Budget dashboard")
    owner = org.personas(org.owner)
    services.change_opportunity_status(owner, project, OpportunityStatus.OPEN)
    journeys.complete(org.gig, org.employee, {python: 4})
    carl = services.apply(org.personas(org.colleague), project).application
    services.move_application(owner, carl, S.DECLINED, "We need more SQL")
    services.change_opportunity_status(owner, project, OpportunityStatus.CLOSED, "Staffed from finance")
    return {"project": project, "carl": carl}


def _admin_page(org, query=""):
    return org.client(org.talent_admin).get(f"/audit-log/{query}")


def test_the_admin_sees_every_change_newest_first_with_who_when_from_to_and_why(org, changes):
    log = audit_log(org.personas(org.talent_admin), AuditFilter())
    entries = log[0:100]
    assert log.count() == len(entries) == ApplicationStatusChange.objects.count() + OpportunityStatusChange.objects.count()
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    closed, declined = entries[0], entries[1]
    assert (closed.kind, closed.opportunity_title, closed.from_status, closed.to_status) == (
        AuditKind.OPPORTUNITY, "Budget dashboard", "open", "closed")
    assert (closed.actor_name, closed.actor_role, closed.reason, closed.person_name) == (
        "Olga Owner", "owner", "Staffed from finance", "Olga Owner")
    assert (declined.kind, declined.person_name, declined.from_status, declined.to_status) == (
        AuditKind.APPLICATION, "Carl Colleague", "applied", "declined")
    assert (declined.actor_name, declined.actor_role, declined.reason) == ("Olga Owner", "owner", "We need more SQL")
    released = next(e for e in entries if e.to_status == "released")
    assert (released.person_name, released.actor_name, released.actor_role) == ("Ada Lovelace", "Maria Manager", "line_manager")
    confirmed = [e.event for e in entries if e.event]
    assert sorted(confirmed) == ["owner_confirmed", "participant_confirmed"]


def test_the_page_shows_the_rows(org, changes):
    response = _admin_page(org)
    assert response.status_code == 200
    page = response.text
    assert "Budget dashboard" in page and "Staffed from finance" in page and "We need more SQL" in page
    assert "Maria Manager" in page and "(line manager)" in page
    assert f'href="/people/{org.colleague.public_id}/"' in page
    assert "owner confirmed completion" in page


def test_the_api_answers_the_same_rows_paginated(org, changes):
    client = org.client(org.talent_admin)
    body = client.get("/api/v1/audit-log/?page_size=2").json()
    total = ApplicationStatusChange.objects.count() + OpportunityStatusChange.objects.count()
    assert body["count"] == total and len(body["results"]) == 2 and body["next"]
    first = body["results"][0]
    assert first["kind"] == "opportunity" and first["opportunity"]["title"] == "Budget dashboard"
    assert (first["from_status"], first["to_status"], first["actor"], first["actor_role"], first["reason"]) == (
        "open", "closed", "Olga Owner", "owner", "Staffed from finance")
    assert first["person"] == {"public_id": str(org.owner.public_id), "name": "Olga Owner"}
    second = client.get(body["next"]).json()["results"][0]
    assert (second["kind"], second["application"], second["person"]["name"]) == (
        "application", str(changes["carl"].public_id), "Carl Colleague")
    assert dt.datetime.fromisoformat(second["at"]) <= dt.datetime.fromisoformat(first["at"])


def test_a_page_costs_the_same_queries_whatever_the_log_holds(org, changes, django_assert_max_num_queries):
    admin = org.personas(org.talent_admin)
    assert admin.is_talent_admin
    python = org.gig.skill_needs.get(skill__slug="python").skill
    for n in range(45):
        opportunity = journeys.draft(org.owner, python, title=f"Extra {n}")
        services.change_opportunity_status(admin, opportunity, OpportunityStatus.OPEN)
    with CaptureQueriesContext(connection) as page:
        log = audit_log(admin, AuditFilter())
        assert log.count() > 50 and len(log[0:50]) == 50
    assert len(page.captured_queries) == 5  # two counts, the page's keys, its application rows, its opportunity rows
    client = org.client(org.talent_admin)
    with django_assert_max_num_queries(12):
        assert client.get("/audit-log/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/audit-log/").status_code == 200
