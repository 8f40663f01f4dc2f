"""Aspirations on my profile: target roles, skills to grow, wanted opportunity types and work modes."""

from talentloop.marketplace.lifecycle import OpportunityType
from talentloop.people.models import Aspiration, WorkMode
from talentloop.testing import factories as f


def test_it_saves_aspirations_with_a_skill_to_grow_typed_by_name(org):
    lead = f.RoleFactory(slug="tech-lead", title="Tech lead", level=4)
    f.SkillFactory(slug="mentoring", label="Mentoring")
    client = org.client(org.employee)
    response = client.post("/me/aspirations/", {
        "target_roles": ["tech-lead"],
        "add_skill_to_grow": "Mentoring",
        "opportunity_types": [OpportunityType.MENTORSHIP, OpportunityType.GIG],
        "work_modes": [WorkMode.REMOTE],
    })
    assert response["Location"] == "/me/#aspirations"
    aspiration = Aspiration.objects.get(employee=org.employee)
    assert list(aspiration.target_roles.all()) == [lead]
    assert [s.label for s in aspiration.skills_to_grow.all()] == ["Mentoring"]
    assert aspiration.opportunity_types == ["gig", "mentorship"]
    assert aspiration.work_modes == ["remote"]
    page = client.get("/me/").text
    assert 'value="mentoring"' in page and "checked" in page.split('value="mentoring"')[1][:40]


def test_it_drops_a_skill_to_grow_when_she_unticks_it(org):
    client = org.client(org.employee)
    f.SkillFactory(slug="mentoring", label="Mentoring")
    client.post("/me/aspirations/", {"add_skill_to_grow": "mentoring"})
    client.post("/me/aspirations/", {"skills_to_grow": []})
    assert not Aspiration.objects.get(employee=org.employee).skills_to_grow.exists()


def test_it_names_the_field_when_too_many_target_roles_are_chosen(org):
    roles = [f.RoleFactory(slug=f"role-{i}") for i in range(6)]
    response = org.client(org.employee).post("/me/aspirations/", {"target_roles": [r.slug for r in roles]})
    assert response.status_code == 400
    assert 'id="id_target_roles_error">At most 5 target roles.' in response.text
    assert not Aspiration.objects.filter(employee=org.employee).exists()


def test_it_names_the_field_when_the_skill_to_grow_is_unknown(org):
    response = org.client(org.employee).post("/me/aspirations/", {"add_skill_to_grow": "Telepathy"})
    assert response.status_code == 400
    assert 'id="id_add_skill_to_grow_error">There is no skill called “Telepathy”' in response.text
