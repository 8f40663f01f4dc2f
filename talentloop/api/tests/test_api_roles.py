"""Roles of the job architecture through the API: any employee reads them with their required skills;
talent admins create and change them."""

from __future__ import annotations

import pytest

from talentloop.roles.models import Role
from talentloop.testing import factories as f


@pytest.fixture
def architecture(org):
    data = f.RoleFamilyFactory(slug="data", name="Data")
    f.RoleFamilyFactory(slug="finance", name="Finance")
    analyst = f.RoleFactory(slug="data-analyst-2", title="Data analyst", family=data, level=2)
    f.RoleSkillFactory(role=analyst, skill=f.SkillFactory(slug="sql"), proficiency=3)
    f.RoleSkillFactory(role=analyst, skill=f.SkillFactory(slug="python"), proficiency=2, is_essential=False)
    f.RoleFactory(slug="data-engineer-3", title="Data engineer", family=data, level=3)
    return analyst


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [r["slug"] for r in response.json()["results"]]


def test_a_role_shows_its_family_level_and_required_skills(org, api, architecture):
    role = api(org.employee).get("/api/v1/roles/data-analyst-2/").json()
    assert role == {
        "slug": "data-analyst-2", "title": "Data analyst", "family": {"slug": "data", "name": "Data"}, "level": 2,
        "description": "",
        "skills": [
            {"skill": "sql", "label": "SQL", "proficiency": 3, "is_essential": True},
            {"skill": "python", "label": "Python", "proficiency": 2, "is_essential": False},
        ],
    }


def test_roles_are_filtered_and_paginated(org, api, architecture):
    c = api(org.employee)
    assert _slugs(c.get("/api/v1/roles/?family=data")) == ["data-analyst-2", "data-engineer-3"]
    assert _slugs(c.get("/api/v1/roles/?level=3")) == ["data-engineer-3"]
    assert _slugs(c.get("/api/v1/roles/?skill=sql")) == ["data-analyst-2"]
    assert _slugs(c.get("/api/v1/roles/?q=engineer")) == ["data-engineer-3"]
    page = c.get("/api/v1/roles/?page_size=1").json()
    assert (page["count"], len(page["results"])) == (2, 1)
    for query, field in [("?family=astrology", "family"), ("?level=eleven", "level"), ("?level=11", "level")]:
        response = c.get("/api/v1/roles/" + query)
        assert response.status_code == 400, query
        assert list(response.json()["errors"]) == [field]


def test_a_talent_admin_creates_a_role_and_changes_its_skills(org, api, architecture):
    c = api(org.talent_admin)
    created = c.post("/api/v1/roles/", {
        "slug": "data-analyst-3", "title": "Data analyst", "family": "data", "level": 3,
        "skills": [{"skill": "sql", "proficiency": 4}],
    }, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["skills"] == [{"skill": "sql", "label": "SQL", "proficiency": 4, "is_essential": True}]
    changed = c.patch("/api/v1/roles/data-analyst-3/", {"skills": [{"skill": "python", "proficiency": 3, "is_essential": False}]}, format="json")
    assert changed.status_code == 200
    assert [s["skill"] for s in changed.json()["skills"]] == ["python"]
    assert c.patch("/api/v1/roles/data-analyst-3/", {"description": "Owns the dashboards."}, format="json").json()["skills"]


@pytest.mark.parametrize("body, field, code", [
    ({"family": "astrology"}, "family", 400),
    ({"level": 11}, "level", 400),
    ({"level": "senior"}, "level", 400),
    ({"skills": [{"skill": "telepathy", "proficiency": 3}]}, "skills[0].skill", 400),
    ({"skills": [{"skill": "sql", "proficiency": 6}]}, "skills[0].proficiency", 400),
    ({"skills": [{"skill": "sql"}]}, "skills[0].proficiency", 400),
    ({"skills": [{"skill": "sql", "proficiency": 3}, {"skill": "sql", "proficiency": 4}]}, "skills[1].skill", 400),
    ({"slug": "data-engineer-3"}, "slug", 409),
    ({"title": "Data engineer", "level": 3}, "title", 409),
])
def test_a_bad_role_is_refused_naming_the_field_and_nothing_is_written(org, api, architecture, body, field, code):
    c = api(org.talent_admin)
    body = {"slug": "data-scientist-2", "title": "Data scientist", "family": "data", "level": 2, **body}
    response = c.post("/api/v1/roles/", body, format="json")
    assert response.status_code == code, response.json()
    assert list(response.json()["errors"]) == [field]
    assert Role.objects.count() == 2
    assert architecture.role_skills.count() == 2
