"""The audit log's filters (kind, opportunity type, who made the change, dates, words) narrow the page, the API
and the CSV export alike; the CSV holds every filtered row, not one page."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.lifecycle import OpportunityStatus
from talentloop.marketplace.models import ApplicationStatusChange, OpportunityStatusChange
from talentloop.testing import journeys


@pytest.fixture
def changes(org):
    python = org.gig.skill_needs.get(skill__slug="python").skill
    owner = org.personas(org.owner)
    project = journeys.draft(org.owner, python, type="project", title="Budget dashboard")
    services.change_opportunity_status(owner, project, OpportunityStatus.OPEN)
    carl = services.apply(org.personas(org.colleague), project).application
    services.move_application(owner, carl, S.DECLINED, "=HYPERLINK(\"http://evil.test\")")
    ada = services.apply(org.personas(org.employee), org.gig).application
    services.move_application(org.personas(org.employee), ada, S.WITHDRAWN, "Too busy this quarter")
    return {"project": project}


def _api(org, query: str) -> list[dict]:
    response = org.client(org.talent_admin).get(f"/api/v1/audit-log/?page_size=200&{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _csv(org, query: str = "") -> list[dict]:
    response = org.client(org.talent_admin).get(f"/audit-log/csv/?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="talentloop-audit-log-')
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_kind_keeps_applications_or_opportunities(org, changes):
    assert {r["kind"] for r in _api(org, "kind=opportunity")} == {"opportunity"}
    assert len(_api(org, "kind=application")) == ApplicationStatusChange.objects.count()


def test_type_keeps_one_opportunity_type(org, changes):
    rows = _api(org, "type=project")
    assert rows and {r["opportunity"]["type"] for r in rows} == {"project"}


def test_actor_role_keeps_the_changes_made_in_that_part(org, changes):
    rows = _api(org, "actor_role=applicant")
    assert rows and {r["actor_role"] for r in rows} == {"applicant"}
    assert {r["actor"] for r in rows} == {"Carl Colleague", "Ada Lovelace"}


def test_words_find_the_opportunity_title_and_the_persons_name(org, changes):
    assert {r["opportunity"]["title"] for r in _api(org, "q=budget")} == {"Budget dashboard"}
    by_name = _api(org, "q=lovelace")
    assert by_name and {r["person"]["name"] for r in by_name} == {"Ada Lovelace"}
    assert _api(org, "q=budget+lovelace") == []


def test_the_date_range_is_inclusive_of_both_days(org, changes):
    today = timezone.localdate()
    assert len(_api(org, f"start={today}&end={today}")) == ApplicationStatusChange.objects.count() + OpportunityStatusChange.objects.count()
    assert _api(org, f"end={today - dt.timedelta(days=1)}") == []
    assert _api(org, f"start={today + dt.timedelta(days=1)}") == []


def test_bad_filters_are_refused_with_the_field_named(org, changes):
    client = org.client(org.talent_admin)
    response = client.get("/api/v1/audit-log/?kind=everything&start=2026-05-02&end=2026-05-01")
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    response = client.get("/api/v1/audit-log/?start=2026-05-02&end=2026-05-01")
    assert response.status_code == 400 and response.json()["errors"]["end"] == ["Must be on or after the first day."]
    assert client.get("/api/v1/audit-log/?colour=red").status_code == 400
    page = client.get("/audit-log/?start=2026-05-02&end=2026-05-01")
    assert page.status_code == 400 and "Must be on or after the first day." in page.text


def test_the_page_filters_and_links_to_the_csv_of_the_same_filters(org, changes):
    page = org.client(org.talent_admin).get("/audit-log/?kind=application&q=budget").text
    assert "Budget dashboard" in page and "Too busy this quarter" not in page
    assert 'href="/audit-log/csv/?kind=application&amp;q=budget"' in page


def test_the_csv_holds_every_filtered_row_with_who_when_from_to_and_why(org, changes):
    rows = _csv(org, "kind=application")
    assert len(rows) == ApplicationStatusChange.objects.count()
    withdrawn = next(r for r in rows if r["to_status"] == "withdrawn")
    assert (withdrawn["person"], withdrawn["actor"], withdrawn["actor_role"], withdrawn["from_status"], withdrawn["reason"]) == (
        "Ada Lovelace", "Ada Lovelace", "applicant", "applied", "Too busy this quarter")
    assert dt.datetime.fromisoformat(withdrawn["at"]).tzinfo is not None
    assert len(_csv(org)) == ApplicationStatusChange.objects.count() + OpportunityStatusChange.objects.count()


def test_the_csv_does_not_let_a_reason_run_as_a_spreadsheet_formula(org, changes):
    declined = next(r for r in _csv(org, "q=budget") if r["to_status"] == "declined")
    assert declined["reason"].startswith("'=HYPERLINK")
