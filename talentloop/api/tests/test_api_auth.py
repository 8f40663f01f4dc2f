"""Signing in to the API: the browser's session (with CSRF on writes) and anonymous requests."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

ENDPOINTS = [
    "/api/v1/", "/api/v1/skills/", "/api/v1/skill-categories/", "/api/v1/roles/", "/api/v1/departments/",
    "/api/v1/locations/", "/api/v1/people/", "/api/v1/me/", "/api/v1/me/skills/", "/api/v1/me/aspirations/",
    "/api/v1/me/tokens/", "/api/v1/opportunities/", "/api/v1/applications/",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_requests_get_401_json(org, url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "errors": {"detail": ["Authentication credentials were not provided."]},
    }
    assert response["WWW-Authenticate"] == "Bearer"


def test_anonymous_writes_are_refused_and_write_nothing(org):
    c = APIClient()
    assert c.post(f"/api/v1/opportunities/{org.gig.public_id}/apply/", {}, format="json").status_code == 401
    assert c.post("/api/v1/me/tokens/", {"name": "x"}, format="json").status_code == 401
    assert org.gig.applications.count() == 0


def test_the_browser_session_reads_the_api(org, api):
    response = api(org.employee).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["public_id"] == str(org.employee.public_id)


def test_a_session_write_without_the_csrf_token_is_refused(org):
    c = APIClient(enforce_csrf_checks=True)
    c.force_login(org.employee.user)
    response = c.post(f"/api/v1/opportunities/{org.gig.public_id}/apply/", {"message": "hi"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert org.gig.applications.count() == 0


def test_a_session_write_with_the_csrf_token_goes_through(org):
    c = APIClient(enforce_csrf_checks=True)
    c.force_login(org.employee.user)
    secret = "a" * 32
    c.cookies["csrftoken"] = secret
    response = c.post(
        f"/api/v1/opportunities/{org.gig.public_id}/apply/", {"message": "hi"}, format="json", HTTP_X_CSRFTOKEN=secret
    )
    assert response.status_code == 201
