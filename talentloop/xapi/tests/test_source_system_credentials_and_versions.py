"""Every xAPI request is a source system's (HTTP Basic) speaking a supported xAPI version."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from talentloop.xapi import services
from talentloop.xapi.models import SourceSystem, Statement, hash_secret
from talentloop.xapi.tests.conftest import statement


def _basic(key: str, secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode(),
            "HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}


def test_the_secret_is_stored_only_as_a_hash(lms):
    stored = SourceSystem.objects.get(pk=lms.system.pk)
    assert stored.secret_hash == hash_secret(lms.secret)
    assert lms.secret not in stored.secret_hash
    assert stored.key.startswith("xapi_")


@pytest.mark.parametrize("headers", [
    {},
    {"HTTP_AUTHORIZATION": "Bearer something"},
    {"HTTP_AUTHORIZATION": "Basic not-base64!"},
])
def test_a_request_without_basic_credentials_is_refused_with_a_challenge(lms, headers):
    response = Client().get("/xapi/statements", HTTP_X_EXPERIENCE_API_VERSION="1.0.3", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert response.json()["detail"].startswith("Send the source system's key and secret")


def test_a_wrong_secret_or_an_inactive_system_is_refused(lms):
    assert Client().get("/xapi/statements", **_basic(lms.key, "wrong")).status_code == 401
    assert Client().get("/xapi/statements", **_basic(lms.key, lms.secret)).status_code == 200
    SourceSystem.objects.filter(pk=lms.system.pk).update(is_active=False)
    response = Client().post("/xapi/statements", statement(), content_type="application/json", **_basic(lms.key, lms.secret))
    assert response.status_code == 401
    assert not Statement.objects.exists()


def test_a_replaced_secret_stops_the_old_one_at_once(lms):
    new_secret = services.replace_secret(lms.system)
    assert Client().get("/xapi/statements", **_basic(lms.key, lms.secret)).status_code == 401
    assert Client().get("/xapi/statements", **_basic(lms.key, new_secret)).status_code == 200


def test_posting_needs_no_csrf_token(lms, course):
    client = Client(enforce_csrf_checks=True)
    assert lms.post(statement(), client=client).status_code == 200


@pytest.mark.parametrize(("sent", "answered"), [("1.0.0", "1.0.3"), ("1.0.3", "1.0.3"), ("1.0", "1.0.3"), ("2.0.0", "2.0.0")])
def test_supported_versions_are_answered_with_the_version_header(lms, sent, answered):
    response = lms.get(version=sent)
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == answered


@pytest.mark.parametrize("sent", [None, "0.95", "1.1.0", "3.0.0", "latest"])
def test_a_missing_or_unsupported_version_is_a_bad_request(lms, sent):
    response = lms.post(statement(), version=sent)
    assert response.status_code == 400
    assert "X-Experience-API-Version" in response.json()["errors"]
    assert not Statement.objects.exists()


def test_about_lists_the_versions_without_needing_the_version_header(lms):
    response = Client().get("/xapi/about", **lms.headers(version=None))
    assert response.status_code == 200
    assert {"1.0.3", "2.0.0"} <= set(response.json()["version"])
    # A 1.0.x client hears only of 1.0.x (tincan refuses an About that lists 2.0.0).
    assert Client().get("/xapi/about", **lms.headers(version="1.0.3")).json()["version"] == ["1.0.0", "1.0.1", "1.0.2", "1.0.3"]
    assert Client().get("/xapi/about").status_code == 401
