"""Every API error is JSON {"detail": summary, "errors": {field: [reasons]}}: malformed JSON, bodies of the
wrong shape, unknown endpoints, wrong methods; and no garbage input ever causes a 500 or a partial write."""

from __future__ import annotations

import pytest

from talentloop.accounts.models import PersonalToken
from talentloop.marketplace.models import Application, Opportunity, OpportunitySkill
from talentloop.people.models import Aspiration, Employee, EmployeeSkill
from talentloop.roles.models import Role
from talentloop.skills.models import Skill
from talentloop.testing import factories as f


def _is_error_body(response) -> bool:
    body = response.json()
    return (
        set(body) - {"allowed"} == {"detail", "errors"}
        and isinstance(body["detail"], str) and body["detail"]
        and all(isinstance(v, list) and v and all(isinstance(m, str) for m in v) for v in body["errors"].values())
    )


@pytest.fixture
def targets(org):
    """(who, method, url) for every write endpoint, each as a persona allowed to use it."""
    f.RoleFactory(slug="analyst-2")
    application = f.ApplicationFactory(opportunity=org.gig, applicant=org.colleague)
    gig = f"/api/v1/opportunities/{org.gig.public_id}"
    return [
        (org.owner, "post", "/api/v1/opportunities/"),
        (org.owner, "patch", f"{gig}/"),
        (org.owner, "post", f"{gig}/status/"),
        (org.employee, "post", f"{gig}/apply/"),
        (org.owner, "post", f"{gig}/invite/"),
        (org.owner, "post", f"/api/v1/applications/{application.public_id}/move/"),
        (org.employee, "patch", "/api/v1/me/"),
        (org.employee, "post", "/api/v1/me/skills/"),
        (org.employee, "put", "/api/v1/me/aspirations/"),
        (org.employee, "post", "/api/v1/me/tokens/"),
        (org.talent_admin, "post", "/api/v1/skills/"),
        (org.talent_admin, "patch", "/api/v1/skills/python/"),
        (org.talent_admin, "post", "/api/v1/roles/"),
        (org.talent_admin, "patch", "/api/v1/roles/analyst-2/"),
    ]


def _state() -> tuple:
    """A fingerprint of everything the write endpoints could change."""
    return (
        list(Opportunity.objects.order_by("pk").values_list("title", "status", "hours_per_week", "seats", "end_date")),
        list(OpportunitySkill.objects.order_by("pk").values_list("skill_id", "level")),
        list(Application.objects.order_by("pk").values_list("status", "message")),
        list(Employee.objects.order_by("pk").values_list("summary", "weekly_hours_available", "work_mode", "location_id")),
        list(EmployeeSkill.objects.order_by("pk").values_list("skill_id", "proficiency")),
        Aspiration.objects.count(),
        PersonalToken.objects.count(),
        list(Skill.objects.order_by("pk").values_list("slug", "label", "category_id")),
        list(Role.objects.order_by("pk").values_list("slug", "title", "level")),
    )


def test_malformed_json_is_a_400_everywhere(org, api, targets):
    for who, method, url in targets:
        response = getattr(api(who), method)(url, data='{"title": "unfinished', content_type="application/json")
        assert response.status_code == 400, url
        assert response.json()["detail"].startswith("JSON parse error")
        assert _is_error_body(response)


GARBAGE_BODIES = ["null", "[]", "[{}]", '"text"', "42", "true", '{"": ""}', '{"a": {"b": [1, {"c": null}]}}', "NaN"]


@pytest.mark.parametrize("raw", GARBAGE_BODIES)
def test_a_body_that_is_not_the_expected_object_is_a_400_and_changes_nothing(org, api, targets, raw):
    before = _state()
    for who, method, url in targets:
        response = getattr(api(who), method)(url, data=raw, content_type="application/json")
        assert response.status_code == 400, (url, raw, response.json())
        assert _is_error_body(response), (url, raw)
    assert _state() == before


WEIRD_VALUES = [None, "", [], {}, -1, 0, 10**20, 1.5, True, "\x00", "\U0001d54f" * 5000, ["python"], {"slug": "python"}, "NaN"]
FIELDS = [
    "type", "title", "description", "department", "role", "hours_per_week", "start_date", "end_date", "seats", "location",
    "work_mode", "skill_needs", "publish", "status", "message", "share_with_manager", "employee", "reason",
    "summary", "weekly_hours_available", "open_to_opportunities", "profile_visibility", "share_skills_with_owners",
    "skill", "proficiency", "note", "link", "target_roles", "skills_to_grow", "opportunity_types", "work_modes",
    "open_to_relocation", "name", "slug", "label", "category", "skill_type", "is_active", "aliases", "related",
    "external_ids", "family", "level", "skills",
]


@pytest.mark.parametrize("value", WEIRD_VALUES, ids=lambda v: repr(v)[:20])
def test_weird_values_in_any_field_never_cause_a_500(org, api, targets, value):
    """Every field each endpoint might read, set to one odd value: a 4xx naming fields, never a 500."""
    for who, method, url in targets:
        body = dict.fromkeys(FIELDS, value)
        response = getattr(api(who), method)(url, body, format="json")
        assert 400 <= response.status_code < 500, (url, value, response.status_code)
        assert _is_error_body(response), (url, value)


@pytest.mark.parametrize("value", WEIRD_VALUES, ids=lambda v: repr(v)[:20])
def test_one_weird_value_in_a_skill_need_is_a_400_naming_it(org, api, value):
    body = {
        "type": "gig", "title": "t", "description": "d", "hours_per_week": 2,
        "skill_needs": [{"skill": "python", "level": 3}, {"skill": "sql", "level": value}],
    }
    response = api(org.owner).post("/api/v1/opportunities/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["skill_needs[1].level"]
    assert Opportunity.objects.count() == 1


def test_an_unknown_endpoint_is_a_json_404(org, api):
    for url in ["/api/v1/nothing-here/", "/api/v1/opportunities/42/", "/api/v1/people/not-a-uuid/", "/api/v2/"]:
        response = api(org.employee).get(url)
        assert response.status_code == 404, url
        if url.startswith("/api/v1/"):
            assert _is_error_body(response)


def test_a_wrong_method_is_a_json_405(org, api):
    response = api(org.employee).delete(f"/api/v1/opportunities/{org.gig.public_id}/")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.', "errors": {"detail": ['Method "DELETE" not allowed.']}}


def test_an_unsupported_content_type_is_a_json_415(org, api):
    response = api(org.employee).post(
        f"/api/v1/opportunities/{org.gig.public_id}/apply/", data="<xml/>", content_type="application/xml"
    )
    assert response.status_code == 415
    assert _is_error_body(response)
    assert not Application.objects.filter(applicant=org.employee).exists()


def test_a_form_encoded_body_works_like_json(org, api):
    response = api(org.employee).post(f"/api/v1/opportunities/{org.gig.public_id}/apply/", {"message": "From a form"})
    assert response.status_code == 201
    assert response.json()["message"] == "From a form"


def test_an_error_names_every_bad_field_at_once(org, api):
    response = api(org.employee).patch(
        "/api/v1/me/", {"weekly_hours_available": 99, "work_mode": "moon", "location": "atlantis"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "weekly_hours_available": ["Ensure this value is less than or equal to 60."],
        "work_mode": ['"moon" is not a valid choice.'],
        "location": ["Unknown location: atlantis."],
    }
    assert response.json()["detail"] == (
        "weekly_hours_available: Ensure this value is less than or equal to 60.; "
        'work_mode: "moon" is not a valid choice.; location: Unknown location: atlantis.'
    )


@pytest.mark.parametrize("url, field", [
    ("/api/v1/opportunities/?department=%00", "department"), ("/api/v1/opportunities/?skill=%00", "skill"),
    ("/api/v1/people/?q=%00", "q"), ("/api/v1/skills/?category=%00", "category"), ("/api/v1/roles/?family=%00", "family"),
])
def test_a_null_character_in_a_filter_is_a_400_on_every_database(org, api, url, field):
    response = api(org.talent_admin).get(url)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_null_character_in_a_slug_reference_is_a_400_on_every_database(org, api):
    response = api(org.employee).post("/api/v1/me/skills/", {"skill": "py\x00thon", "proficiency": 3}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"skill": ["Null characters are not allowed."]}
