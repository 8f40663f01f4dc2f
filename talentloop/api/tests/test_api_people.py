"""People through the API: only those the viewer may see, and of each only what the viewer may see.
Hidden parts of a profile are absent from the answer, not null."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentloop.people.models import Aspiration, ProfileVisibility, SkillEvidence
from talentloop.testing import factories as f

BASIC = {"public_id", "name", "job_title", "department", "location"}
SKILLS = {"skills"}
AVAILABILITY = {"weekly_hours_available", "work_mode"}
ASPIRATIONS = {"aspirations"}
PRIVATE = {"summary", "role", "manager", "hire_date", "leave_date", "visibility"}


def _people(api, who, query="") -> dict[str, dict]:
    response = api(who).get(f"/api/v1/people/{query}")
    assert response.status_code == 200
    return {p["name"]: p for p in response.json()["results"]}


def test_an_employee_sees_herself_whole_and_no_private_colleague(org, api):
    people = _people(api, org.employee)
    assert set(people) == {"Ada Lovelace"}
    assert set(people["Ada Lovelace"]) == BASIC | SKILLS | AVAILABILITY | ASPIRATIONS | PRIVATE


def test_a_line_manager_sees_her_reports_with_skills_and_private_details_but_not_unshared_aspirations(org, api):
    people = _people(api, org.manager)
    assert set(people) == {"Ada Lovelace", "Carl Colleague", "Maria Manager"}
    ada = people["Ada Lovelace"]
    assert set(ada) == BASIC | SKILLS | AVAILABILITY | PRIVATE
    assert ada["skills"][0]["skill"] == "python"
    assert ada["hire_date"] == "2020-01-06"
    org.employee.share_aspirations_with_manager = True
    org.employee.save()
    assert "aspirations" in _people(api, org.manager)["Ada Lovelace"]


def test_an_owner_sees_people_open_to_opportunities_and_only_what_they_share(org, api):
    people = _people(api, org.owner)
    assert set(people) == {"Ada Lovelace", "Olga Owner"}  # Carl has not opted in
    ada = people["Ada Lovelace"]
    assert set(ada) == BASIC | SKILLS | AVAILABILITY
    for hidden in ("aspirations", "hire_date", "leave_date", "summary", "visibility", "manager"):
        assert hidden not in ada
    org.employee.share_skills_with_owners = False
    org.employee.share_availability_with_owners = False
    org.employee.save()
    assert set(_people(api, org.owner)["Ada Lovelace"]) == BASIC


def test_a_profile_visible_to_the_organisation_shows_name_title_and_shared_skills(org, api):
    org.owner.profile_visibility = ProfileVisibility.ORGANISATION
    org.owner.share_skills_with_owners = False
    org.owner.save()
    olga = _people(api, org.employee)["Olga Owner"]
    assert set(olga) == BASIC
    assert olga["job_title"] == "Finance lead"
    assert olga["department"] == {"slug": "finance", "name": "Finance"}


def test_a_talent_admin_sees_everyone_and_everything(org, api):
    people = _people(api, org.talent_admin)
    assert len(people) == 4
    assert all(set(p) == BASIC | SKILLS | AVAILABILITY | ASPIRATIONS | PRIVATE for p in people.values())


def test_skills_carry_proficiency_verification_and_an_evidence_summary(org, api):
    held = org.employee.skills.get()
    SkillEvidence.objects.create(employee_skill=held, source="self_declared", proficiency=3, observed_on="2026-01-05")
    SkillEvidence.objects.create(
        employee_skill=held, source="assessment", proficiency=4, observed_on="2026-03-02", verified=True, note="private note"
    )
    held.verified = True
    held.save()
    skill = _people(api, org.owner)["Ada Lovelace"]["skills"][0]
    assert skill == {
        "skill": "python", "label": "Python", "proficiency": 4, "verified": True,
        "evidence": {"count": 2, "sources": ["assessment", "self_declared"], "latest_on": "2026-03-02"},
    }


def test_one_person_is_found_by_public_id_only_if_visible(org, api):
    ok = api(org.owner).get(f"/api/v1/people/{org.employee.public_id}/")
    assert ok.status_code == 200
    assert ok.json()["name"] == "Ada Lovelace"
    assert "aspirations" not in ok.json()
    hidden = api(org.owner).get(f"/api/v1/people/{org.colleague.public_id}/")
    assert hidden.status_code == 404
    missing = api(org.owner).get(f"/api/v1/people/{uuid.uuid4()}/")
    assert hidden.json() == missing.json()  # hidden and missing look the same
    assert api(org.owner).get(f"/api/v1/people/{org.colleague.pk}/").status_code == 404  # no sequential ids


def test_an_applicant_becomes_visible_to_the_owner_of_the_opportunity(org, api):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.colleague)
    carl = _people(api, org.owner)["Carl Colleague"]
    assert set(carl) == BASIC | SKILLS | AVAILABILITY


def test_people_are_filtered_by_name_title_department_and_location(org, api):
    london = f.LocationFactory(slug="london", name="London")
    org.colleague.location = london
    org.colleague.save()
    assert set(_people(api, org.manager, "?q=ada")) == {"Ada Lovelace"}
    assert set(_people(api, org.manager, "?q=engineering manager")) == {"Maria Manager"}
    assert set(_people(api, org.talent_admin, "?department=finance")) == {"Olga Owner"}
    assert set(_people(api, org.manager, "?location=london")) == {"Carl Colleague"}
    bad = api(org.manager).get("/api/v1/people/?department=atlantis")
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["department"]


def test_people_are_paginated(org, api):
    c = api(org.talent_admin)
    first = c.get("/api/v1/people/?page_size=3").json()
    assert first["count"] == 4
    assert len(first["results"]) == 3
    assert first["next"].endswith("page=2&page_size=3")
    second = c.get("/api/v1/people/?page_size=3&page=2").json()
    names = [p["name"] for p in first["results"] + second["results"]]
    assert sorted(names) == sorted({*names})
    assert c.get("/api/v1/people/?page=9").status_code == 404


def _grow(n: int, department) -> None:
    role = f.RoleFactory()
    for _ in range(n):
        person = f.EmployeeFactory(department=department, open_to_opportunities=True, share_aspirations_with_owners=True)
        for _ in range(2):
            held = f.EmployeeSkillFactory(employee=person)
            SkillEvidence.objects.create(employee_skill=held, source="self_declared", proficiency=3, observed_on="2026-01-05")
        aspiration = Aspiration.objects.create(employee=person, opportunity_types=["gig"])
        aspiration.target_roles.add(role)
        aspiration.skills_to_grow.add(f.SkillFactory())


@pytest.mark.parametrize("persona", ["owner", "manager", "talent_admin"])
def test_the_list_takes_the_same_few_queries_for_many_people(org, api, persona, django_assert_max_num_queries):
    c = api(getattr(org, persona))
    c.get("/api/v1/people/")  # warm up the session
    _grow(2, org.gig.department)
    with CaptureQueriesContext(connection) as few:
        assert c.get("/api/v1/people/?page_size=100").status_code == 200
    _grow(12, org.gig.department)
    with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as many:
        response = c.get("/api/v1/people/?page_size=100")
    assert response.json()["count"] >= 12
    assert len(many) == len(few)
