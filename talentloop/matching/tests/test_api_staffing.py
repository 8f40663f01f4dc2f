"""POST /api/v1/staffing/proposals/ and /api/v1/staffing/invitations/: the staffing optimiser for talent admins.
A proposal never gives an opportunity more people than its free seats or a person more hours than they have."""

from __future__ import annotations

import random
import uuid
from collections import Counter, defaultdict

import pytest
from rest_framework.test import APIClient

from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityType
from talentloop.marketplace.models import Application
from talentloop.people.models import Employee, WorkMode
from talentloop.testing import factories as f

PROPOSALS = "/api/v1/staffing/proposals/"
INVITATIONS = "/api/v1/staffing/invitations/"


def api(who) -> APIClient:
    client = APIClient()
    client.force_login(who.user if hasattr(who, "user") else who)
    return client


@pytest.fixture
def busy_org(org):
    """Twelve opportunities with 1-3 seats (one seat already taken on one of them) and 4-12 hours, eighteen people
    with 0-16 free hours and random levels in four skills: seats and hours both bind."""
    rng = random.Random(7)
    skills = [org.gig.skills.get(slug="python"), org.gig.skills.get(slug="sql")]
    skills += [f.SkillFactory(slug=f"skill-x{i}", label=f"Skill X{i}") for i in range(2)]
    departments = [f.DepartmentFactory(slug=f"dept-{i}", name=f"Dept {i}") for i in range(3)]
    opportunities = [org.gig]
    for i in range(11):
        o = f.OpportunityFactory(owner=org.owner, title=f"Opportunity {i:02d}", seats=rng.randint(1, 3),
                                 hours_per_week=rng.choice([4, 6, 8, 12]),
                                 type=rng.choice([OpportunityType.GIG, OpportunityType.PROJECT]))
        for skill in rng.sample(skills, 2):
            f.OpportunitySkillFactory(opportunity=o, skill=skill, level=rng.randint(1, 4))
        opportunities.append(o)
    taken = opportunities[1]
    taken.seats = 2
    taken.save()
    f.ApplicationFactory(opportunity=taken, status=ApplicationStatus.ACCEPTED)
    for _ in range(18):
        person = f.EmployeeFactory(open_to_opportunities=True, weekly_hours_available=rng.randint(0, 16),
                                   work_mode=WorkMode.REMOTE, department=rng.choice(departments))
        for skill in rng.sample(skills, rng.randint(1, 3)):
            f.EmployeeSkillFactory(employee=person, skill=skill, proficiency=rng.randint(1, 5))
    return opportunities


def _check_limits(body: dict) -> None:
    hours: dict[str, int] = defaultdict(int)
    for staffed in body["opportunities"]:
        assert 0 < len(staffed["assignments"]) <= staffed["seats_free"]
        for a in staffed["assignments"]:
            hours[a["person"]["public_id"]] += 0 if staffed["type"] == "permanent_role" else staffed["hours_per_week"]
    free = dict(Employee.objects.filter(public_id__in=list(hours)).values_list("public_id", "weekly_hours_available"))
    for person, used in hours.items():
        assert used <= free[uuid.UUID(person)], person


def test_a_proposal_never_exceeds_seats_or_hours_and_explains_each_pair(org, busy_org):
    response = api(org.talent_admin).post(PROPOSALS, {}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "optimal"
    assert body["filled"] == len(body["invitations"]) > 0
    assert body["seats_free"] == sum(o.seats for o in busy_org) - 1  # one seat is already accepted
    assert body["filled"] <= body["seats_free"]
    _check_limits(body)
    scores = [a["score"] for s in body["opportunities"] for a in s["assignments"]]
    assert body["total_score"] == pytest.approx(sum(scores), abs=1e-3)
    first = body["opportunities"][0]["assignments"][0]
    assert set(first["match"]["components"]) == {"fit", "interest", "availability", "discount"}
    assert first["match"]["score"] == first["score"]
    assert {"public_id", "name"} == set(first["person"])
    pairs = Counter((p["opportunity"], p["employee"]) for p in body["invitations"])
    assert max(pairs.values()) == 1


def test_filters_and_a_minimum_share(org, busy_org):
    client = api(org.talent_admin)
    gigs = client.post(PROPOSALS, {"types": ["gig"]}, format="json").json()
    assert {s["type"] for s in gigs["opportunities"]} == {"gig"}
    finance = client.post(PROPOSALS, {"department": "finance"}, format="json").json()
    assert {s["department"]["slug"] for s in finance["opportunities"]} == {"finance"}
    shared = client.post(PROPOSALS, {"min_share": {"department": "dept-0", "share": 0.5}}, format="json").json()
    _check_limits(shared)
    in_dept = set(Employee.objects.filter(department__slug="dept-0").values_list("public_id", flat=True))
    chosen = [a["person"]["public_id"] for s in shared["opportunities"] for a in s["assignments"]]
    assert shared["share_filled"] == sum(1 for c in chosen if uuid.UUID(c) in in_dept)
    assert shared["share_filled"] >= 0.5 * shared["filled"]
    bad = client.post(PROPOSALS, {"types": ["party"], "min_share": {"department": "nowhere", "share": 2}}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) >= {"types[0]", "min_share.department", "min_share.share"}


def test_the_proposal_becomes_invitations_once(org, busy_org):
    client = api(org.talent_admin)
    proposal = client.post(PROPOSALS, {}, format="json").json()
    response = client.post(INVITATIONS, {"pairs": proposal["invitations"], "message": "Have a look."}, format="json")
    assert response.status_code == 200
    assert response.json() == {"created": proposal["filled"], "existing": 0, "skipped": []}
    invited = Application.objects.filter(status=ApplicationStatus.INVITED)
    assert invited.count() == proposal["filled"]
    assert {(str(a.opportunity.public_id), str(a.applicant.public_id)) for a in invited} == {
        (p["opportunity"], p["employee"]) for p in proposal["invitations"]
    }
    again = client.post(INVITATIONS, {"pairs": proposal["invitations"]}, format="json").json()
    assert again == {"created": 0, "existing": proposal["filled"], "skipped": []}
    assert Application.objects.filter(status=ApplicationStatus.INVITED).count() == proposal["filled"]


def test_pairs_that_no_longer_hold_are_skipped_with_the_reason(org):
    client = api(org.talent_admin)
    org.employee.open_to_opportunities = False
    org.employee.save()
    body = client.post(INVITATIONS, {"pairs": [
        {"opportunity": str(org.gig.public_id), "employee": str(org.employee.public_id)},
        {"opportunity": "00000000-0000-0000-0000-000000000000", "employee": str(org.employee.public_id)},
    ]}, format="json").json()
    assert body["created"] == 0
    assert body["skipped"] == [
        {"opportunity": "Automate the month-end report", "person": "Ada Lovelace", "reason": "employee: This person is not open to opportunities."},
        {"opportunity": "00000000-0000-0000-0000-000000000000", "person": "Ada Lovelace", "reason": "unknown opportunity"},
    ]
    assert client.post(INVITATIONS, {"pairs": []}, format="json").status_code == 400


@pytest.mark.parametrize("who", ["employee", "owner", "manager", "outsider", "lod_admin"])
def test_only_talent_admins_may_use_it(org, who):
    client = api(getattr(org, who))
    assert client.post(PROPOSALS, {}, format="json").status_code == 403
    pair = {"opportunity": str(org.gig.public_id), "employee": str(org.employee.public_id)}
    assert client.post(INVITATIONS, {"pairs": [pair]}, format="json").status_code == 403
    assert not Application.objects.exists()
