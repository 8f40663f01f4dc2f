"""Personal API tokens: made and revoked through /api/v1/me/tokens/, used as `Authorization: Bearer tl_...`."""

from __future__ import annotations

from rest_framework.test import APIClient

from talentloop.accounts.models import PersonalToken


def _make_token(api, who, name="nightly export") -> dict:
    response = api(who).post("/api/v1/me/tokens/", {"name": name}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def _bearer(secret: str) -> APIClient:
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return c


def test_it_creates_a_token_and_shows_the_secret_only_once(org, api):
    made = _make_token(api, org.employee)
    assert made["secret"].startswith("tl_")
    assert made["prefix"] == made["secret"][:10]
    assert made["name"] == "nightly export"
    listed = api(org.employee).get("/api/v1/me/tokens/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == made["id"]
    assert "secret" not in listed["results"][0]
    assert made["secret"] not in PersonalToken.objects.get().key_hash


def test_a_script_signs_in_with_its_bearer_token(org, api):
    secret = _make_token(api, org.employee)["secret"]
    response = _bearer(secret).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["name"] == "Ada Lovelace"
    assert PersonalToken.objects.get().last_used_at is not None


def test_a_token_needs_no_csrf_token_to_write(org, api):
    secret = _make_token(api, org.employee)["secret"]
    c = APIClient(enforce_csrf_checks=True)
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = c.patch("/api/v1/me/", {"weekly_hours_available": 4}, format="json")
    assert response.status_code == 200
    assert response.json()["weekly_hours_available"] == 4


def test_a_revoked_token_is_rejected(org, api):
    made = _make_token(api, org.employee)
    assert api(org.employee).delete(f"/api/v1/me/tokens/{made['id']}/").status_code == 204
    response = _bearer(made["secret"]).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Authorization header: unknown or revoked token."
    assert response["WWW-Authenticate"] == "Bearer"
    assert api(org.employee).get("/api/v1/me/tokens/").json()["count"] == 0


def test_an_unknown_or_malformed_token_is_rejected(org):
    for header in ["Bearer tl_not-a-real-token", "Bearer", "Bearer two parts"]:
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=header)
        response = c.get("/api/v1/opportunities/")
        assert response.status_code == 401, header
        assert response.json()["errors"]["detail"]


def test_a_token_of_a_deactivated_account_is_rejected(org, api):
    secret = _make_token(api, org.employee)["secret"]
    org.employee.user.is_active = False
    org.employee.user.save()
    assert _bearer(secret).get("/api/v1/me/").status_code == 401


def test_nobody_can_revoke_someone_elses_token(org, api):
    made = _make_token(api, org.employee)
    response = api(org.owner).delete(f"/api/v1/me/tokens/{made['id']}/")
    assert response.status_code == 404
    assert PersonalToken.objects.filter(pk=made["id"]).exists()
    assert api(org.owner).get("/api/v1/me/tokens/").json()["count"] == 0


def test_token_names_are_validated(org, api):
    c = api(org.employee)
    assert c.post("/api/v1/me/tokens/", {}, format="json").json()["errors"] == {"name": ["This field is required."]}
    blank = c.post("/api/v1/me/tokens/", {"name": "  "}, format="json")
    assert blank.status_code == 400
    assert list(blank.json()["errors"]) == ["name"]
    too_long = c.post("/api/v1/me/tokens/", {"name": "x" * 101}, format="json")
    assert too_long.status_code == 400
    assert "name" in too_long.json()["errors"]
    unknown = c.post("/api/v1/me/tokens/", {"name": "ok", "scope": "admin"}, format="json")
    assert unknown.status_code == 400
    assert "scope" in unknown.json()["errors"]
    _make_token(api, org.employee, "ci")
    twice = c.post("/api/v1/me/tokens/", {"name": "ci"}, format="json")
    assert twice.status_code == 409
    assert twice.json()["errors"] == {"name": ["You already have a token named 'ci'."]}
    assert PersonalToken.objects.count() == 1


def test_the_outsider_may_hold_a_token_but_sees_nothing_private_with_it(org, api):
    secret = _make_token(api, org.outsider)["secret"]
    c = _bearer(secret)
    assert c.get("/api/v1/people/").json()["count"] == 0
    assert c.get("/api/v1/opportunities/").json()["count"] == 0
    assert c.get(f"/api/v1/people/{org.employee.public_id}/").status_code == 404
