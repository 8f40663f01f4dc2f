"""Opportunities through the API: browse with the shared filters, read one, post, edit, publish and close.
Bad input is a 400 naming the field; a refused request writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentloop.marketplace.models import Opportunity, OpportunitySkill
from talentloop.testing import factories as f

URL = "/api/v1/opportunities/"


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {o["title"] for o in response.json()["results"]}


def _post(org, **overrides) -> dict:
    body = {
        "type": "project", "title": "Build the forecasting model", "description": "Twelve weeks with the finance team.",
        "hours_per_week": 6, "start_date": "2027-02-01", "end_date": "2027-04-30", "seats": 2, "work_mode": "hybrid",
        "skill_needs": [{"skill": "python", "need": "required", "level": 3}, {"skill": "sql", "need": "growth", "level": 2}],
    }
    return {**body, **overrides}


def test_the_list_shows_open_opportunities_unless_a_status_is_asked(org, api):
    f.OpportunityFactory(owner=org.owner, title="Closed one", status="closed")
    f.OpportunityFactory(owner=org.owner, title="Olga's draft", status="draft", published_at=None)
    f.OpportunityFactory(owner=org.manager, title="Maria's draft", status="draft", published_at=None)
    assert _titles(api(org.employee).get(URL)) == {"Automate the month-end report"}
    assert _titles(api(org.employee).get(URL + "?status=closed")) == {"Closed one"}
    assert _titles(api(org.employee).get(URL + "?status=draft")) == set()
    assert _titles(api(org.owner).get(URL + "?status=draft")) == {"Olga's draft"}
    assert _titles(api(org.talent_admin).get(URL + "?status=draft")) == {"Olga's draft", "Maria's draft"}
    assert len(_titles(api(org.owner).get(URL + "?status=open&status=closed&status=draft"))) == 3


def test_the_shared_filters_narrow_the_list(org, api):
    london = f.LocationFactory(slug="london", name="London")
    f.OpportunityFactory(owner=org.manager, title="Mentor a new hire", type="mentorship", hours_per_week=1, location=london)
    shadow = f.OpportunityFactory(owner=org.manager, title="Shadow the CFO", type="job_shadowing", work_mode="onsite")
    f.OpportunitySkillFactory(opportunity=shadow, skill=f.SkillFactory(slug="finance", label="Finance"))
    c = api(org.employee)
    assert _titles(c.get(URL + "?type=mentorship")) == {"Mentor a new hire"}
    assert _titles(c.get(URL + "?type=mentorship&type=job_shadowing")) == {"Mentor a new hire", "Shadow the CFO"}
    assert _titles(c.get(URL + "?skill=python")) == {"Automate the month-end report"}
    assert _titles(c.get(URL + "?q=month-end report")) == {"Automate the month-end report"}
    assert _titles(c.get(URL + "?q=finance")) == {"Shadow the CFO"}  # matches a skill label
    assert _titles(c.get(URL + "?max_hours=2")) == {"Mentor a new hire"}
    assert _titles(c.get(URL + "?location=london")) == {"Mentor a new hire"}
    assert _titles(c.get(URL + "?work_mode=onsite")) == {"Shadow the CFO"}
    assert _titles(c.get(URL + "?department=finance")) == {"Automate the month-end report"}


@pytest.mark.parametrize("query, field", [
    ("?type=hackathon", "type"), ("?skill=telepathy", "skill"), ("?max_hours=lots", "max_hours"),
    ("?max_hours=0", "max_hours"), ("?status=archived", "status"), ("?department=atlantis", "department"),
])
def test_a_bad_filter_is_a_400_naming_it(org, api, query, field):
    response = api(org.employee).get(URL + query)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_the_list_is_paginated(org, api):
    for i in range(4):
        f.OpportunityFactory(owner=org.manager, title=f"Gig {i}")
    c = api(org.employee)
    page1 = c.get(URL + "?page_size=2").json()
    page3 = c.get(URL + "?page_size=2&page=3").json()
    assert page1["count"] == 5
    assert len(page1["results"]) == 2 and len(page3["results"]) == 1
    assert page3["next"] is None and page3["previous"].endswith("page=2&page_size=2")
    seen = [o["public_id"] for p in (1, 2, 3) for o in c.get(URL + f"?page_size=2&page={p}").json()["results"]]
    assert len(set(seen)) == 5
    assert c.get(URL + "?page=4&page_size=2").status_code == 404


def test_an_opportunity_shows_its_owner_needs_seats_and_my_part(org, api):
    c = api(org.employee)
    url = f"{URL}{org.gig.public_id}/"
    gig = c.get(url).json()
    assert gig["owner"] == {"public_id": str(org.owner.public_id), "name": "Olga Owner"}
    assert gig["department"] == {"slug": "finance", "name": "Finance"}
    assert (gig["type"], gig["type_label"], gig["seats"], gig["seats_taken"]) == ("gig", "gig", 1, 0)
    assert gig["skill_needs"] == [
        {"skill": "python", "label": "Python", "need": "required", "level": 3},
        {"skill": "sql", "label": "SQL", "need": "nice_to_have", "level": 2},
    ]
    assert gig["my_application"] is None
    assert gig["can_edit"] is False
    applied = c.post(f"{url}apply/", {}, format="json").json()
    assert c.get(url).json()["my_application"] == {"public_id": applied["public_id"], "status": "applied"}
    assert api(org.owner).get(url).json()["can_edit"] is True
    assert api(org.talent_admin).get(url).json()["can_edit"] is True


def test_seats_taken_counts_offers_and_later_stages(org, api):
    f.ApplicationFactory(opportunity=org.gig, status="offered")
    f.ApplicationFactory(opportunity=org.gig, status="applied")
    f.ApplicationFactory(opportunity=org.gig, status="withdrawn")
    assert api(org.employee).get(f"{URL}{org.gig.public_id}/").json()["seats_taken"] == 1
    assert api(org.employee).get(URL + "?skill=python&skill=sql").json()["results"][0]["seats_taken"] == 1


def test_an_owner_posts_a_draft_then_publishes_it(org, api):
    c = api(org.owner)
    created = c.post(URL, _post(org), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["department"]["slug"], body["seats"], body["can_edit"]) == ("draft", "finance", 2, True)
    assert [n["skill"] for n in body["skill_needs"]] == ["python", "sql"]
    published = c.post(f"{URL}{body['public_id']}/status", {"status": "open"}, format="json")
    assert published.status_code == 200
    assert published.json()["status"] == "open"
    assert published.json()["published_at"] is not None


def test_an_owner_posts_and_publishes_at_once(org, api):
    created = api(org.owner).post(URL, _post(org, publish=True, department="engineering"), format="json")
    assert created.status_code == 201
    assert created.json()["status"] == "open"
    assert created.json()["department"]["slug"] == "engineering"


@pytest.mark.parametrize("overrides, field", [
    ({"skill_needs": [{"skill": "cobol", "level": 3}]}, "skill_needs[0].skill"),
    ({"skill_needs": [{"skill": "python", "level": 3}, {"skill": "python", "level": 2}]}, "skill_needs[1].skill"),
    ({"skill_needs": [{"skill": "python", "level": 9}]}, "skill_needs[0].level"),
    ({"skill_needs": [{"skill": "python", "level": 3, "need": "essential"}]}, "skill_needs[0].need"),
    ({"skill_needs": [{"skill": "python"}]}, "skill_needs[0].level"),
    ({"skill_needs": ["python"]}, "skill_needs[0]"),
    ({"skill_needs": "python"}, "skill_needs"),
    ({"skill_needs": [{"skill": "python", "level": 3}] * 31}, "skill_needs"),
    ({"end_date": "2027-01-01"}, "end_date"),
    ({"start_date": "next monday"}, "start_date"),
    ({"start_date": "2027-02-30"}, "start_date"),
    ({"hours_per_week": 0}, "hours_per_week"),
    ({"hours_per_week": 61}, "hours_per_week"),
    ({"hours_per_week": "six"}, "hours_per_week"),
    ({"hours_per_week": True}, "hours_per_week"),
    ({"seats": 501}, "seats"),
    ({"type": "hackathon"}, "type"),
    ({"type": None}, "type"),
    ({"work_mode": "moon"}, "work_mode"),
    ({"title": ""}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"department": "atlantis"}, "department"),
    ({"role": "astronaut"}, "role"),
    ({"location": {"slug": "london"}}, "location"),
    ({"owner": "someone-else"}, "owner"),
    ({"status": "open"}, "status"),
])
def test_a_bad_opportunity_is_a_400_naming_the_field_and_writes_nothing(org, api, overrides, field):
    response = api(org.owner).post(URL, _post(org, **overrides), format="json")
    assert response.status_code == 400, response.json()
    assert list(response.json()["errors"]) == [field]
    assert response.json()["errors"][field][0]
    assert Opportunity.objects.count() == 1
    assert OpportunitySkill.objects.count() == 2


def test_a_missing_opportunity_names_every_required_field(org, api):
    response = api(org.owner).post(URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"type", "title", "description", "hours_per_week", "skill_needs"}


def test_publishing_without_a_required_skill_is_refused_and_nothing_is_written(org, api):
    body = _post(org, publish=True, skill_needs=[{"skill": "sql", "need": "growth", "level": 2}])
    response = api(org.owner).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"skill_needs": ["Add at least one required skill before publishing."]}
    assert Opportunity.objects.count() == 1


def test_the_owner_edits_an_opportunity(org, api):
    url = f"{URL}{org.gig.public_id}/"
    response = api(org.owner).patch(
        url, {"title": "Automate month-end", "hours_per_week": 5, "skill_needs": [{"skill": "sql", "level": 4}]}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["hours_per_week"]) == ("Automate month-end", 5)
    assert body["skill_needs"] == [{"skill": "sql", "label": "SQL", "need": "required", "level": 4}]
    untouched = api(org.owner).patch(url, {"description": "New words."}, format="json").json()
    assert untouched["skill_needs"] == body["skill_needs"]


def test_an_edit_is_checked_against_the_stored_dates(org, api):
    response = api(org.owner).patch(f"{URL}{org.gig.public_id}/", {"end_date": "2026-12-01"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"end_date": ["Must be on or after the start date."]}
    org.gig.refresh_from_db()
    assert org.gig.end_date == dt.date(2027, 3, 26)


def test_only_the_owner_or_a_talent_admin_edits(org, api):
    url = f"{URL}{org.gig.public_id}/"
    refused = api(org.employee).patch(url, {"title": "Mine now"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only the owner or a talent admin may change this opportunity."
    assert api(org.talent_admin).patch(url, {"title": "Tidied"}, format="json").status_code == 200
    org.gig.refresh_from_db()
    assert org.gig.title == "Tidied"


def test_seats_cannot_drop_below_those_taken(org, api):
    org.gig.seats = 2
    org.gig.save()
    f.ApplicationFactory(opportunity=org.gig, status="offered")
    f.ApplicationFactory(opportunity=org.gig, status="accepted")
    response = api(org.owner).patch(f"{URL}{org.gig.public_id}/", {"seats": 1}, format="json")
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["seats"]


def test_put_is_not_offered(org, api):
    response = api(org.owner).put(f"{URL}{org.gig.public_id}/", _post(org), format="json")
    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "PUT" not allowed.'


def test_status_changes_follow_the_lifecycle(org, api):
    c = api(org.owner)
    url = f"{URL}{org.gig.public_id}/status/"
    assert c.post(url, {"status": "closed"}, format="json").json()["status"] == "closed"
    assert c.post(url, {"status": "open"}, format="json").json()["status"] == "open"
    assert c.post(url, {"status": "cancelled"}, format="json").json()["status"] == "cancelled"
    stuck = c.post(url, {"status": "open"}, format="json")
    assert stuck.status_code == 409
    assert stuck.json()["allowed"] == []
    edit = c.patch(f"{URL}{org.gig.public_id}/", {"title": "Revived"}, format="json")
    assert edit.status_code == 409


@pytest.mark.parametrize("body, field", [({"status": "archived"}, "status"), ({"status": "pending_approval"}, "status"), ({}, "status")])
def test_a_bad_status_is_a_400(org, api, body, field):
    response = api(org.owner).post(f"{URL}{org.gig.public_id}/status/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_draft_cannot_be_closed_and_the_answer_lists_what_it_can_become(org, api):
    draft = f.OpportunityFactory(owner=org.owner, status="draft", published_at=None)
    response = api(org.owner).post(f"{URL}{draft.public_id}/status/", {"status": "closed"}, format="json")
    assert response.status_code == 409
    assert response.json()["allowed"] == ["cancelled", "open", "pending_approval"]


def test_only_the_owner_changes_the_status(org, api):
    response = api(org.employee).post(f"{URL}{org.gig.public_id}/status/", {"status": "closed"}, format="json")
    assert response.status_code == 403
    org.gig.refresh_from_db()
    assert org.gig.status == "open"


def _more_opportunities(org, n: int) -> None:
    for _ in range(n):
        opportunity = f.OpportunityFactory(owner=f.EmployeeFactory(department=org.gig.department))
        f.OpportunitySkillFactory(opportunity=opportunity)
        f.OpportunitySkillFactory(opportunity=opportunity, need="growth")
        f.ApplicationFactory(opportunity=opportunity, applicant=org.employee)
        f.ApplicationFactory(opportunity=opportunity, status="offered")


@pytest.mark.parametrize("persona", ["employee", "owner", "talent_admin"])
def test_the_list_takes_the_same_few_queries_for_many_opportunities(org, api, persona, django_assert_max_num_queries):
    c = api(getattr(org, persona))
    c.get(URL)
    _more_opportunities(org, 2)
    with CaptureQueriesContext(connection) as few:
        assert c.get(URL + "?page_size=100").status_code == 200
    _more_opportunities(org, 10)
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as many:
        response = c.get(URL + "?page_size=100&skill=python&skill=sql&q=opportunity")
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert c.get(URL + "?page_size=100").json()["count"] == 13
    assert len(many) == len(few)


def test_an_edit_checks_each_skill_need_whole(org, api):
    response = api(org.owner).patch(f"{URL}{org.gig.public_id}/", {"title": "New", "skill_needs": [{"need": "growth"}]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "skill_needs[0].skill": ["This field is required."],
        "skill_needs[0].level": ["This field is required."],
    }
    org.gig.refresh_from_db()
    assert org.gig.title == "Automate the month-end report"
    assert org.gig.skill_needs.count() == 2
