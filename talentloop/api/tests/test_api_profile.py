"""My profile through /api/v1/me/: read it whole, change what I may, declare skills, set aspirations.
Every bad value is a 400 naming the field, and a rejected request changes nothing."""

from __future__ import annotations

import pytest

from talentloop.people.models import Employee, EmployeeSkill, SkillEvidence
from talentloop.testing import factories as f


def _ada(org) -> Employee:
    return Employee.objects.get(pk=org.employee.pk)


def test_i_read_my_whole_profile(org, api):
    me = api(org.employee).get("/api/v1/me/").json()
    assert me["name"] == "Ada Lovelace"
    assert me["manager"] == {"public_id": str(org.manager.public_id), "name": "Maria Manager"}
    assert me["visibility"]["open_to_opportunities"] is True
    assert me["visibility"]["profile_visibility"] == "private"
    assert me["weekly_hours_available"] == 8
    assert me["aspirations"] == {
        "target_roles": [], "skills_to_grow": [], "opportunity_types": [], "work_modes": [], "open_to_relocation": False,
    }


def test_i_change_my_availability_and_visibility(org, api):
    f.LocationFactory(slug="lisbon", name="Lisbon")
    response = api(org.employee).patch(
        "/api/v1/me/",
        {"weekly_hours_available": 12, "work_mode": "remote", "location": "lisbon", "summary": "Analytical engines.",
         "profile_visibility": "organisation", "share_aspirations_with_owners": True},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["weekly_hours_available"], body["work_mode"], body["location"]["slug"]) == (12, "remote", "lisbon")
    assert body["visibility"]["profile_visibility"] == "organisation"
    ada = _ada(org)
    assert (ada.weekly_hours_available, ada.summary, ada.share_aspirations_with_owners) == (12, "Analytical engines.", True)
    assert api(org.employee).patch("/api/v1/me/", {"location": None}, format="json").json()["location"] is None


@pytest.mark.parametrize("body, field", [
    ({"weekly_hours_available": 61}, "weekly_hours_available"),
    ({"weekly_hours_available": -1}, "weekly_hours_available"),
    ({"weekly_hours_available": "many"}, "weekly_hours_available"),
    ({"weekly_hours_available": 2.5}, "weekly_hours_available"),
    ({"work_mode": "moon"}, "work_mode"),
    ({"profile_visibility": "everyone"}, "profile_visibility"),
    ({"location": "atlantis"}, "location"),
    ({"location": 7}, "location"),
    ({"open_to_opportunities": "perhaps"}, "open_to_opportunities"),
    ({"summary": "x" * 4001}, "summary"),
    ({"summary": ["a", "list"]}, "summary"),
    ({"hire_date": "2001-01-01"}, "hire_date"),
    ({"can_post_opportunities": True}, "can_post_opportunities"),
])
def test_a_bad_profile_change_names_the_field_and_changes_nothing(org, api, body, field):
    response = api(org.employee).patch("/api/v1/me/", {"summary": "changed", **body} if field != "summary" else body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert response.json()["errors"][field][0]
    ada = _ada(org)
    assert (ada.summary, ada.weekly_hours_available, ada.work_mode) == ("", 8, "hybrid")


def test_unknown_location_names_it(org, api):
    response = api(org.employee).patch("/api/v1/me/", {"location": "atlantis"}, format="json")
    assert response.json()["errors"] == {"location": ["Unknown location: atlantis."]}


def test_i_declare_a_skill_and_raise_it_later(org, api):
    f.SkillFactory(slug="sql")
    c = api(org.employee)
    created = c.post("/api/v1/me/skills/", {"skill": "sql", "proficiency": 2, "note": "evening course"}, format="json")
    assert created.status_code == 201
    assert created.json()["proficiency"] == 2
    assert created.json()["evidence"][0]["source"] == "self_declared"
    assert created.json()["evidence"][0]["note"] == "evening course"
    raised = c.post("/api/v1/me/skills/", {"skill": "sql", "proficiency": 3, "link": "https://example.test/cert"}, format="json")
    assert raised.status_code == 200
    assert raised.json()["proficiency"] == 3
    assert len(raised.json()["evidence"]) == 2
    listed = c.get("/api/v1/me/skills/").json()
    assert [(s["skill"], s["proficiency"]) for s in listed["results"]] == [("python", 4), ("sql", 3)]


def test_i_remove_a_skill(org, api):
    c = api(org.employee)
    assert c.delete("/api/v1/me/skills/python/").status_code == 204
    assert not EmployeeSkill.objects.filter(employee=org.employee).exists()
    again = c.delete("/api/v1/me/skills/python/")
    assert again.status_code == 404
    assert again.json()["errors"] == {"skill": ["Python is not on this profile."]}
    assert c.delete("/api/v1/me/skills/no-such-skill/").json()["errors"] == {"skill": ["Unknown skill: no-such-skill."]}


@pytest.mark.parametrize("body, field", [
    ({"skill": "cobol", "proficiency": 3}, "skill"),
    ({"skill": ["python"], "proficiency": 3}, "skill"),
    ({"proficiency": 3}, "skill"),
    ({"skill": "python", "proficiency": 0}, "proficiency"),
    ({"skill": "python", "proficiency": 6}, "proficiency"),
    ({"skill": "python", "proficiency": "expert"}, "proficiency"),
    ({"skill": "python", "proficiency": None}, "proficiency"),
    ({"skill": "python", "proficiency": 3, "link": "ftp://example.test"}, "link"),
    ({"skill": "python", "proficiency": 3, "note": "x" * 501}, "note"),
    ({"skill": "python", "proficiency": 3, "verified": True}, "verified"),
])
def test_a_bad_skill_declaration_names_the_field_and_writes_nothing(org, api, body, field):
    response = api(org.employee).post("/api/v1/me/skills/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert EmployeeSkill.objects.get(employee=org.employee).proficiency == 4
    assert not SkillEvidence.objects.exists()


def test_a_retired_skill_cannot_be_declared(org, api):
    f.SkillFactory(slug="fortran-77", label="Fortran 77", is_active=False)
    response = api(org.employee).post("/api/v1/me/skills/", {"skill": "fortran-77", "proficiency": 5}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"skill": ["Fortran 77 is retired from the taxonomy."]}


def test_i_set_my_aspirations(org, api):
    f.RoleFactory(slug="data-engineer-3", title="Data engineer", level=3)
    f.SkillFactory(slug="spark", label="Spark")
    c = api(org.employee)
    response = c.put(
        "/api/v1/me/aspirations/",
        {"target_roles": ["data-engineer-3"], "skills_to_grow": ["spark", "sql"],
         "opportunity_types": ["project", "gig", "gig"], "work_modes": ["remote"], "open_to_relocation": True},
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "target_roles": [{"slug": "data-engineer-3", "title": "Data engineer"}],
        "skills_to_grow": [{"slug": "spark", "label": "Spark"}, {"slug": "sql", "label": "SQL"}],
        "opportunity_types": ["gig", "project"],
        "work_modes": ["remote"],
        "open_to_relocation": True,
    }
    assert c.get("/api/v1/me/aspirations/").json() == response.json()
    cleared = c.put("/api/v1/me/aspirations/", {}, format="json").json()
    assert cleared["target_roles"] == [] and cleared["open_to_relocation"] is False


@pytest.mark.parametrize("body, field", [
    ({"target_roles": ["astronaut"]}, "target_roles"),
    ({"target_roles": "astronaut"}, "target_roles"),
    ({"skills_to_grow": ["telepathy"]}, "skills_to_grow"),
    ({"opportunity_types": ["hackathon"]}, "opportunity_types"),
    ({"work_modes": ["underwater"]}, "work_modes"),
    ({"open_to_relocation": "sometimes"}, "open_to_relocation"),
    ({"wishes": ["ponies"]}, "wishes"),
])
def test_bad_aspirations_name_the_field_and_change_nothing(org, api, body, field):
    api(org.employee).put("/api/v1/me/aspirations/", {"opportunity_types": ["gig"]}, format="json")
    response = api(org.employee).put("/api/v1/me/aspirations/", {"opportunity_types": ["project"], **body}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert _ada(org).aspiration.opportunity_types == ["gig"]


def test_at_most_five_target_roles(org, api):
    slugs = [f.RoleFactory().slug for _ in range(6)]
    response = api(org.employee).put("/api/v1/me/aspirations/", {"target_roles": slugs}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"target_roles": ["At most 5 target roles."]}
