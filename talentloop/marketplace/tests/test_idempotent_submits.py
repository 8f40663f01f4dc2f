"""Double submits and back-button resubmits change nothing the second time: posting an opportunity with the same
form key, an API retry with the same Idempotency-Key, applying twice, the same move twice."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from talentloop.errors import Conflict
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.models import Application, ApplicationStatusChange, Opportunity


def _form(org, key):
    return {
        "type": "gig", "title": "Tidy the supplier list", "description": "Two weeks.", "department": org.owner.department.slug,
        "hours_per_week": "4", "seats": "1", "work_mode": "remote", "submission_key": str(key), "action": "publish",
        "needs-TOTAL_FORMS": "1", "needs-INITIAL_FORMS": "0", "needs-0-skill": "Python", "needs-0-need": "required", "needs-0-level": "3",
    }


def test_posting_the_same_form_twice_makes_one_opportunity(org):
    owner = org.client(org.owner)
    form = owner.get("/opportunities/new/").text
    assert 'name="submission_key"' in form
    key = uuid.uuid4()
    first = owner.post("/opportunities/new/", _form(org, key))
    second = owner.post("/opportunities/new/", _form(org, key))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Opportunity.objects.filter(title="Tidy the supplier list").count() == 1


def test_someone_elses_key_is_refused(org):
    key = uuid.uuid4()
    org.client(org.owner).post("/opportunities/new/", _form(org, key))
    with pytest.raises(Conflict):
        services.create_opportunity(org.personas(org.manager), {}, [], submission_key=key)


def test_an_api_retry_with_the_same_idempotency_key_answers_with_the_first(org):
    api = APIClient()
    api.force_authenticate(org.owner.user)
    body = {"type": "gig", "title": "Tidy the supplier list", "description": "Two weeks.", "hours_per_week": 4,
            "skill_needs": [{"skill": "python", "level": 3}]}
    key = str(uuid.uuid4())
    first = api.post("/api/v1/opportunities/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    second = api.post("/api/v1/opportunities/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201 and second.status_code == 201
    assert first.json()["public_id"] == second.json()["public_id"]
    bad = api.post("/api/v1/opportunities/", body, format="json", HTTP_IDEMPOTENCY_KEY="not-a-uuid")
    assert bad.status_code == 400 and "Idempotency-Key" in bad.json()["errors"]


def test_the_same_move_twice_is_recorded_once(org):
    a = services.apply(org.personas(org.employee), org.gig).application
    ada, olga = org.client(org.employee), org.client(org.owner)
    for _ in range(2):
        assert olga.post(f"/applications/{a.public_id}/move/", {"to": "shortlisted"}).status_code == 302
        assert ada.post(f"/opportunities/{org.gig.public_id}/apply/", {"message": "again"}).status_code == 302
    assert Application.objects.filter(applicant=org.employee).count() == 1
    assert ApplicationStatusChange.objects.filter(application=a, to_status=S.SHORTLISTED).count() == 1
    # A stale resubmit of an earlier step (back button) changes nothing and says what is allowed now.
    olga.post(f"/applications/{a.public_id}/move/", {"to": "offered"})
    stale = olga.post(f"/applications/{a.public_id}/move/", {"to": "shortlisted"})
    assert stale.status_code == 409
    a.refresh_from_db()
    assert a.status == S.OFFERED
