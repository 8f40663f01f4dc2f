"""The workflow steps through the API: mentoring sessions (an Idempotency-Key retry logs once), a permanent-role
applicant's consent, the approver's decision on a publication, and bad input named by field."""

from __future__ import annotations

import uuid

from django.utils import timezone

from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.models import MentorshipSession
from talentloop.testing import factories as f


def _mentorship(org):
    opp = f.OpportunityFactory(owner=org.owner, type="mentorship", mentorship_direction="mentor_offers")
    f.OpportunitySkillFactory(opportunity=opp, need="growth")
    return f.ApplicationFactory(opportunity=opp, applicant=org.employee, status=S.ACTIVE,
                                created_at=timezone.now() - timezone.timedelta(days=10))


def test_a_session_is_logged_once_per_idempotency_key_and_listed_for_both_sides(org, api):
    a = _mentorship(org)
    url = f"/api/v1/applications/{a.public_id}/sessions/"
    body = {"held_on": str(timezone.localdate()), "minutes": 50, "notes": "Career paths"}
    key = str(uuid.uuid4())
    first = api(org.employee).post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api(org.employee).post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert MentorshipSession.objects.count() == 1
    listed = api(org.owner).get(url).json()
    assert [(s["minutes"], s["notes"]) for s in listed] == [(50, "Career paths")]
    assert api(org.outsider).get(url).status_code == 404


def test_a_bad_session_is_a_400_naming_the_field(org, api):
    a = _mentorship(org)
    url = f"/api/v1/applications/{a.public_id}/sessions/"
    response = api(org.employee).post(url, {"held_on": "2999-01-01", "minutes": 50}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["held_on"]
    response = api(org.employee).post(url, {"held_on": str(timezone.localdate()), "minutes": 2}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["minutes"]
    assert not MentorshipSession.objects.exists()


def test_consent_lets_the_line_manager_see_a_permanent_role_application(org, api):
    role = f.OpportunityFactory(owner=org.owner, type="permanent_role")
    f.OpportunitySkillFactory(opportunity=role)
    a = api(org.employee).post(f"/api/v1/opportunities/{role.public_id}/apply/", {}, format="json").json()["public_id"]
    assert api(org.manager).get(f"/api/v1/applications/{a}/").status_code == 404
    shared = api(org.employee).post(f"/api/v1/applications/{a}/share-with-manager/")
    assert shared.status_code == 200 and shared.json()["share_with_manager"] is True
    assert shared.json()["history"][-1]["event"] == "consent"
    assert api(org.manager).get(f"/api/v1/applications/{a}/").status_code == 200
    assert api(org.owner).post(f"/api/v1/applications/{a}/share-with-manager/").status_code == 403


def test_the_approver_approves_a_publication_through_the_api(org, api):
    org.owner.manager = org.manager
    org.owner.save()
    opp = f.OpportunityFactory(owner=org.owner, type="gig", hours_per_week=20, status="draft")
    f.OpportunitySkillFactory(opportunity=opp)
    url = f"/api/v1/opportunities/{opp.public_id}/status/"
    asked = api(org.owner).post(url, {"status": "open"}, format="json")
    assert asked.status_code == 200 and asked.json()["status"] == "pending_approval"
    assert api(org.manager).get(f"/api/v1/opportunities/{opp.public_id}/").json()["next_statuses"] == ["draft", "open"]
    refused = api(org.manager).post(url, {"status": "draft"}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    approved = api(org.manager).post(url, {"status": "open"}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "open"
    assert approved.json()["approved_hours_per_week"] == 20
    assert api(org.employee).post(url, {"status": "closed"}, format="json").status_code == 403
