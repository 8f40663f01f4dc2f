"""The OpenAPI document: generated without a warning, valid, served as YAML and JSON, with a local Swagger UI."""

from __future__ import annotations

import json

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS


def test_it_generates_a_valid_document_without_warnings(tmp_path, db):
    GENERATOR_STATS.reset()  # warnings from other tests' schema requests must not count here
    target = tmp_path / "schema.yml"
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(target))
    document = yaml.safe_load(target.read_text())
    paths = document["paths"]
    for path in [
        "/api/v1/skills/", "/api/v1/skill-categories/", "/api/v1/roles/", "/api/v1/departments/", "/api/v1/locations/",
        "/api/v1/people/{public_id}/", "/api/v1/me/", "/api/v1/me/skills/{slug}/", "/api/v1/me/aspirations/",
        "/api/v1/me/tokens/", "/api/v1/opportunities/{public_id}/apply/", "/api/v1/opportunities/{public_id}/invite/",
        "/api/v1/opportunities/{public_id}/status/", "/api/v1/applications/{public_id}/move/",
    ]:
        assert path in paths, path
    assert document["components"]["securitySchemes"]["personalToken"] == {
        "type": "http", "scheme": "bearer", "description": "A personal API token (tl_...) made with POST /api/v1/me/tokens/.",
    }


def test_it_documents_the_fields_a_viewer_may_not_see_as_optional(tmp_path, db):
    target = tmp_path / "schema.yml"
    call_command("spectacular", file=str(target))
    person = yaml.safe_load(target.read_text())["components"]["schemas"]["Person"]
    assert sorted(person["required"]) == ["department", "job_title", "location", "name", "public_id"]
    assert {"skills", "aspirations", "hire_date", "visibility"} <= set(person["properties"])


@pytest.mark.parametrize("query, content_type", [("", "application/vnd.oai.openapi"), ("?format=json", "application/vnd.oai.openapi+json")])
def test_the_app_serves_the_document_to_anyone(client, db, query, content_type):
    response = client.get(f"/api/v1/schema/{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    body = response.content.decode()
    document = json.loads(body) if "json" in content_type else yaml.safe_load(body)
    assert document["info"]["title"] == "Talentloop API"
    assert "/api/v1/opportunities/" in document["paths"]


def test_swagger_ui_is_served_from_the_app_not_a_cdn(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "/api/v1/schema/" in page
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs"):
        assert cdn not in page
