"""GET /api/v1/opportunities/{id}/candidates/?q=...&limit=...: hidden talent for the owner or a talent admin, each
person with only the profile fields the viewer may see and the match from the owner's side."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from talentloop.marketplace.models import Application
from talentloop.people.models import WorkMode
from talentloop.testing import factories as f


def api(who) -> APIClient:
    client = APIClient()
    client.force_login(who.user if hasattr(who, "user") else who)
    return client


def _url(org) -> str:
    return f"/api/v1/opportunities/{org.gig.public_id}/candidates/"


@pytest.fixture
def kim(org):
    kim = f.EmployeeFactory(user__username="kim", user__first_name="Kim", user__last_name="Kubernetes", job_title="SRE",
                            open_to_opportunities=True, weekly_hours_available=10, work_mode=WorkMode.REMOTE,
                            share_skills_with_owners=False, share_availability_with_owners=False)
    f.EmployeeSkillFactory(employee=kim, skill=org.gig.skills.get(slug="python"), proficiency=3)
    f.EmployeeSkillFactory(employee=kim, skill=f.SkillFactory(slug="kubernetes", label="Kubernetes"), proficiency=4)
    return kim


def test_it_lists_people_who_opted_in_with_only_the_fields_they_share(org, kim):
    f.EmployeeSkillFactory(employee=org.colleague, skill=org.gig.skills.get(slug="python"), proficiency=5)  # not opted in
    response = api(org.owner).get(_url(org))
    assert response.status_code == 200
    body = response.json()
    assert body["opportunity"] == str(org.gig.public_id)
    assert body["q"] == "" and body["understood"] == [] and body["not_understood"] == []
    ada, kim_out = body["results"]
    assert ada["name"] == "Ada Lovelace" and kim_out["name"] == "Kim Kubernetes"
    assert ada["job_title"] == "Software engineer"
    assert ada["department"] == {"slug": "engineering", "name": "Engineering"}
    assert ada["public_id"] == str(org.employee.public_id)
    assert ada["weekly_hours_available"] == 8 and [s["skill"] for s in ada["skills"]] == ["python"]
    assert "aspirations" not in ada and "summary" not in ada and "manager" not in ada
    assert {"skills", "weekly_hours_available", "work_mode"}.isdisjoint(kim_out)
    # The owner's side of the match; Kim's levels stay hidden there too.
    assert set(ada["match"]["components"]) == {"fit", "interest", "availability", "discount"}
    assert ada["match"]["matched"][0]["held"] == 4
    assert kim_out["match"]["partial"][0] | {"credit": None} == {
        "skill": "Python", "need": "required", "asked": 3, "held": None, "verified": False, "credit": None,
        "via": None, "via_level": None, "via_weight": None, "evidence": [],
    }
    assert ada["application_status"] is None


def test_the_free_query_is_read_and_reported(org, kim):
    body = api(org.owner).get(_url(org), {"q": "Kubernetes at level 3 or more, 8 free hours a week, remote, telepathy"}).json()
    assert [c["name"] for c in body["results"]] == ["Kim Kubernetes"]
    assert body["understood"] == ["Kubernetes at level 3 or more", "at least 8 free hours a week", "works or wants to work remote"]
    assert body["not_understood"] == ["telepathy"]


def test_limit_caps_the_list(org, kim):
    assert len(api(org.owner).get(_url(org), {"limit": 1}).json()["results"]) == 1
    assert api(org.owner).get(_url(org), {"limit": 0}).status_code == 400
    assert api(org.owner).get(_url(org), {"limit": 101}).status_code == 400


def test_a_talent_admin_sees_everything(org, kim):
    body = api(org.talent_admin).get(_url(org)).json()
    kim_out = body["results"][1]
    assert kim_out["skills"][0]["proficiency"] in (3, 4) and kim_out["weekly_hours_available"] == 10
    assert kim_out["match"]["partial"][0]["held"] == 3


@pytest.mark.parametrize("who", ["outsider", "employee", "manager", "colleague", "lod_admin"])
def test_anyone_else_gets_403(org, who):
    response = api(getattr(org, who)).get(_url(org))
    assert response.status_code == 403
    assert "Only the owner" in response.json()["detail"]


def test_unknown_or_invisible_opportunities_are_404(org):
    draft = f.OpportunityFactory(owner=org.owner, status="draft", published_at=None)
    assert api(org.employee).get(f"/api/v1/opportunities/{draft.public_id}/candidates/").status_code == 404
    assert api(org.owner).get("/api/v1/opportunities/00000000-0000-0000-0000-000000000000/candidates/").status_code == 404


def test_inviting_a_candidate_from_the_result_through_the_invite_endpoint(org, kim):
    client = api(org.owner)
    kim_id = client.get(_url(org)).json()["results"][1]["public_id"]
    response = client.post(f"/api/v1/opportunities/{org.gig.public_id}/invite/", {"employee": kim_id}, format="json")
    assert response.status_code == 201
    assert Application.objects.get(opportunity=org.gig).applicant == kim
    assert [c["name"] for c in client.get(_url(org)).json()["results"]] == ["Ada Lovelace"]


def test_the_list_takes_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    python = org.gig.skills.get(slug="python")
    for i in range(30):
        person = f.EmployeeFactory(open_to_opportunities=True, weekly_hours_available=8)
        f.EmployeeSkillFactory(employee=person, skill=python, proficiency=1 + i % 5)
    client = api(org.owner)
    client.get(_url(org))
    with django_assert_max_num_queries(24):
        body = client.get(_url(org)).json()
    assert len(body["results"]) == 31
