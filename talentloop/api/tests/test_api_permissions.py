"""The permission matrix: what each persona may read and write, with the outsider (signed in, no employee
profile) seeing nothing private: only 403, 404 or empty lists."""

from __future__ import annotations

import pytest

from talentloop.marketplace.models import Opportunity
from talentloop.roles.models import Role
from talentloop.skills.models import Skill
from talentloop.testing import factories as f

PERSONAS = ["employee", "manager", "owner", "colleague", "lod_admin", "talent_admin", "outsider"]
TAXONOMY = ["/api/v1/skills/", "/api/v1/skill-categories/", "/api/v1/roles/", "/api/v1/departments/", "/api/v1/locations/"]
PRIVATE_LISTS = ["/api/v1/people/", "/api/v1/opportunities/", "/api/v1/applications/"]


def _who(org, persona):
    return getattr(org, persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", TAXONOMY)
def test_the_taxonomy_is_read_by_employees_and_admins_only(org, api, persona, url):
    response = api(_who(org, persona)).get(url)
    if persona == "outsider":
        assert response.status_code == 403
        assert response.json()["detail"] == "Only employees and admins may use this."
    else:
        assert response.status_code == 200
        assert "results" in response.json()


@pytest.mark.parametrize("url", PRIVATE_LISTS)
def test_the_outsider_gets_empty_lists(org, api, url):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    response = api(org.outsider).get(url)
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_the_outsider_finds_no_single_object(org, api):
    application = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    c = api(org.outsider)
    for url in [
        f"/api/v1/people/{org.employee.public_id}/",
        f"/api/v1/opportunities/{org.gig.public_id}/",
        f"/api/v1/applications/{application.public_id}/",
        "/api/v1/me/",
        "/api/v1/me/aspirations/",
    ]:
        response = c.get(url)
        assert response.status_code == 404, url
        assert set(response.json()) == {"detail", "errors"}


def test_the_outsider_can_change_nothing(org, api):
    application = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    c = api(org.outsider)
    attempts = [
        ("post", f"/api/v1/opportunities/{org.gig.public_id}/apply/", {}, 404),
        ("post", f"/api/v1/opportunities/{org.gig.public_id}/status/", {"status": "closed"}, 404),
        ("patch", f"/api/v1/opportunities/{org.gig.public_id}/", {"title": "mine now"}, 404),
        ("post", f"/api/v1/applications/{application.public_id}/move/", {"status": "withdrawn"}, 404),
        ("post", "/api/v1/opportunities/", {"type": "gig"}, 403),
        ("patch", "/api/v1/me/", {"summary": "hello"}, 404),
        ("post", "/api/v1/me/skills/", {"skill": "python", "proficiency": 3}, 404),
        ("put", "/api/v1/me/aspirations/", {}, 404),
        ("post", "/api/v1/skills/", {"slug": "x", "label": "X", "category": "nowhere"}, 403),
        ("post", "/api/v1/roles/", {}, 403),
    ]
    for method, url, body, expected in attempts:
        response = getattr(c, method)(url, body, format="json")
        assert response.status_code == expected, (method, url, response.json())
    org.gig.refresh_from_db()
    assert (org.gig.title, org.gig.status) == ("Automate the month-end report", "open")
    application.refresh_from_db()
    assert application.status == "applied"
    assert Opportunity.objects.count() == 1


@pytest.mark.parametrize("persona, allowed", [
    ("employee", False), ("manager", False), ("owner", False), ("lod_admin", True), ("talent_admin", True),
])
def test_only_talent_and_lod_admins_write_skills(org, api, persona, allowed):
    f.SkillCategoryFactory(slug="languages", name="Languages")
    response = api(_who(org, persona)).post(
        "/api/v1/skills/", {"slug": "kotlin", "label": "Kotlin", "category": "languages"}, format="json"
    )
    assert response.status_code == (201 if allowed else 403)
    assert Skill.objects.filter(slug="kotlin").exists() == allowed


@pytest.mark.parametrize("persona, allowed", [
    ("employee", False), ("manager", False), ("owner", False), ("lod_admin", False), ("talent_admin", True),
])
def test_only_talent_admins_write_roles(org, api, persona, allowed):
    f.RoleFamilyFactory(slug="engineering", name="Engineering")
    response = api(_who(org, persona)).post(
        "/api/v1/roles/", {"slug": "engineer-2", "title": "Engineer", "family": "engineering", "level": 2}, format="json"
    )
    assert response.status_code == (201 if allowed else 403)
    assert Role.objects.filter(slug="engineer-2").exists() == allowed


def test_an_employee_who_may_not_post_gets_403_before_any_validation(org, api):
    org.colleague.can_post_opportunities = False
    org.colleague.save()
    response = api(org.colleague).post("/api/v1/opportunities/", {"title": ""}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "You are not allowed to post opportunities."


@pytest.mark.parametrize("persona, expected", [
    ("employee", 404), ("manager", 404), ("colleague", 404), ("owner", 200), ("talent_admin", 200), ("outsider", 404),
])
def test_a_draft_is_seen_only_by_its_owner_and_talent_admins(org, api, persona, expected):
    draft = f.OpportunityFactory(owner=org.owner, status="draft", published_at=None)
    assert api(_who(org, persona)).get(f"/api/v1/opportunities/{draft.public_id}/").status_code == expected
