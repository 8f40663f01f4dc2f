"""Applications through the API: apply (twice is harmless), invite, list and filter, read one with its history
and the moves open to the viewer, and move it: 409 with the allowed statuses for an illegal move, 403 for
a move the viewer may not make. Permanent-role applications stay hidden from the line manager before an offer."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentloop.marketplace.models import Application, ApplicationStatusChange
from talentloop.testing import factories as f


def _apply(api, who, opportunity, **body):
    return api(who).post(f"/api/v1/opportunities/{opportunity.public_id}/apply/", body, format="json")


def _move(api, who, application_id, status, reason=""):
    return api(who).post(f"/api/v1/applications/{application_id}/move", {"status": status, "reason": reason}, format="json")


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {a["public_id"] for a in response.json()["results"]}


def test_applying_answers_201_with_the_application_and_its_first_status(org, api):
    response = _apply(api, org.employee, org.gig, message="I automate things.")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "applied"
    assert body["message"] == "I automate things."
    assert body["opportunity"]["public_id"] == str(org.gig.public_id)
    assert body["applicant"] == {"public_id": str(org.employee.public_id), "name": "Ada Lovelace"}
    assert [(h["from"], h["to"], h["actor_role"]) for h in body["history"]] == [("", "applied", "applicant")]
    assert body["next_statuses"] == ["withdrawn"]


def test_applying_twice_returns_the_same_application_with_200(org, api):
    first = _apply(api, org.employee, org.gig)
    second = _apply(api, org.employee, org.gig, message="Did it go through?")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["public_id"] == second.json()["public_id"]
    assert Application.objects.filter(opportunity=org.gig).count() == 1


@pytest.mark.parametrize("body, field", [
    ({"message": "x" * 4001}, "message"),
    ({"message": ["a", "list"]}, "message"),
    ({"share_with_manager": "please"}, "share_with_manager"),
    ({"cover_letter": "hi"}, "cover_letter"),
])
def test_a_bad_application_is_a_400_and_writes_nothing(org, api, body, field):
    response = _apply(api, org.employee, org.gig, **body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not Application.objects.exists()


def test_applying_where_one_may_not(org, api):
    closed = f.OpportunityFactory(owner=org.owner, status="closed")
    assert _apply(api, org.employee, closed).status_code == 409
    own = _apply(api, org.owner, org.gig)
    assert own.status_code == 403
    assert own.json()["detail"] == "You cannot apply to your own opportunity."
    draft = f.OpportunityFactory(owner=org.owner, status="draft", published_at=None)
    assert _apply(api, org.employee, draft).status_code == 404
    assert api(org.employee).post(f"/api/v1/opportunities/{uuid.uuid4()}/apply/", {}, format="json").status_code == 404
    assert not Application.objects.exists()


def test_each_viewer_lists_the_applications_they_may_see(org, api):
    mine = _apply(api, org.employee, org.gig).json()["public_id"]
    other_gig = f.OpportunityFactory(owner=org.manager)
    carls = _apply(api, org.colleague, other_gig).json()["public_id"]
    assert _ids(api(org.employee).get("/api/v1/applications/")) == {mine}
    assert _ids(api(org.owner).get("/api/v1/applications/")) == {mine}
    assert _ids(api(org.manager).get("/api/v1/applications/")) == {mine, carls}
    assert _ids(api(org.manager).get("/api/v1/applications/?role=reports")) == {mine, carls}
    assert _ids(api(org.manager).get("/api/v1/applications/?role=owned")) == {carls}
    assert _ids(api(org.manager).get("/api/v1/applications/?role=mine")) == set()
    assert _ids(api(org.colleague).get("/api/v1/applications/")) == {carls}
    assert _ids(api(org.talent_admin).get("/api/v1/applications/")) == {mine, carls}
    assert _ids(api(org.talent_admin).get("/api/v1/applications/?role=mine")) == set()
    assert api(org.colleague).get(f"/api/v1/applications/{mine}/").status_code == 404


def test_applications_filter_by_status_and_opportunity(org, api):
    mine = _apply(api, org.employee, org.gig).json()["public_id"]
    other_gig = f.OpportunityFactory(owner=org.owner)
    carls = _apply(api, org.colleague, other_gig).json()["public_id"]
    _move(api, org.owner, carls, "shortlisted")
    c = api(org.owner)
    assert _ids(c.get("/api/v1/applications/?status=shortlisted")) == {carls}
    assert _ids(c.get("/api/v1/applications/?status=shortlisted&status=applied")) == {mine, carls}
    assert _ids(c.get(f"/api/v1/applications/?opportunity={org.gig.public_id}")) == {mine}
    assert _ids(c.get("/api/v1/applications/?type=gig&page_size=1")) <= {mine, carls}


@pytest.mark.parametrize("query, field", [
    ("?status=hired", "status"), ("?opportunity=not-a-uuid", "opportunity"), ("?role=boss", "role"),
])
def test_a_bad_application_filter_is_a_400(org, api, query, field):
    response = api(org.owner).get("/api/v1/applications/" + query)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_one_application_shows_its_history_and_the_viewers_next_moves(org, api):
    application = _apply(api, org.employee, org.gig).json()["public_id"]
    _move(api, org.owner, application, "shortlisted", "Strong Python.")
    owner_view = api(org.owner).get(f"/api/v1/applications/{application}/").json()
    assert [(h["from"], h["to"], h["actor_role"], h["reason"]) for h in owner_view["history"]] == [
        ("", "applied", "applicant", ""),
        ("applied", "shortlisted", "owner", "Strong Python."),
    ]
    assert all(h["at"] for h in owner_view["history"])
    assert owner_view["next_statuses"] == ["declined", "offered"]
    assert api(org.employee).get(f"/api/v1/applications/{application}/").json()["next_statuses"] == ["withdrawn"]
    assert api(org.manager).get(f"/api/v1/applications/{application}/").json()["next_statuses"] == []


def test_a_gig_goes_from_application_to_completion_through_the_api(org, api):
    a = _apply(api, org.employee, org.gig).json()["public_id"]
    for who, status in [
        (org.owner, "offered"), (org.manager, "released"), (org.employee, "accepted"), (org.owner, "active"),
    ]:
        response = _move(api, who, a, status)
        assert response.status_code == 200, (status, response.json())
        assert response.json()["status"] == status
    rated = api(org.owner).post(f"/api/v1/applications/{a}/completion/",
                                {"ratings": [{"skill": "python", "level": 5}], "hours": 24, "endorsement": "Great"}, format="json")
    assert rated.status_code == 200 and rated.json()["status"] == "active"
    assert _move(api, org.owner, a, "completed").status_code == 400  # the owner's side is the ratings, already sent
    done = api(org.employee).post(f"/api/v1/applications/{a}/confirm-completion/")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    completion = api(org.employee).get(f"/api/v1/applications/{a}/completion/").json()
    assert (completion["hours"], completion["ratings"]) == (24, [{"skill": "python", "label": "Python", "level": 5}])
    assert ApplicationStatusChange.objects.filter(application__public_id=a, event="").count() == 6


def test_an_illegal_move_is_a_409_listing_the_allowed_statuses(org, api):
    a = _apply(api, org.employee, org.gig).json()["public_id"]
    response = _move(api, org.owner, a, "completed")
    assert response.status_code == 409
    assert response.json()["allowed"] == ["declined", "expired", "offered", "shortlisted", "withdrawn"]
    assert list(response.json()["errors"]) == ["status"]
    assert Application.objects.get(public_id=a).status == "applied"


def test_a_move_the_viewer_may_not_make_is_a_403(org, api):
    a = _apply(api, org.employee, org.gig).json()["public_id"]
    response = _move(api, org.employee, a, "shortlisted")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the owner may move this application to shortlisted."
    _move(api, org.owner, a, "offered")
    assert _move(api, org.owner, a, "released").status_code == 403  # the line manager releases
    assert Application.objects.get(public_id=a).status == "offered"


@pytest.mark.parametrize("body, field", [
    ({"status": "hired"}, "status"), ({}, "status"), ({"status": "declined", "reason": "x" * 1001}, "reason"),
    ({"status": "declined", "reason": ""}, "reason"), ({"status": "declined", "reason": "No.", "notify": False}, "notify"),
])
def test_a_bad_move_is_a_400_naming_the_field(org, api, body, field):
    a = _apply(api, org.employee, org.gig).json()["public_id"]
    response = api(org.owner).post(f"/api/v1/applications/{a}/move/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert Application.objects.get(public_id=a).status == "applied"


def test_the_last_seat_cannot_be_offered_twice(org, api):
    first = _apply(api, org.employee, org.gig).json()["public_id"]
    second = _apply(api, org.colleague, org.gig).json()["public_id"]
    assert _move(api, org.owner, first, "offered").status_code == 200
    full = _move(api, org.owner, second, "offered")
    assert full.status_code == 409
    assert full.json()["errors"] == {"seats": ["All 1 seats are taken."]}


class TestPermanentRoleConfidentiality:
    """The applicant's line manager learns of a permanent-role application only at offer stage, or with consent."""

    @pytest.fixture
    def role_opening(self, org):
        opening = f.OpportunityFactory(owner=org.owner, type="permanent_role", title="Head of data")
        f.OpportunitySkillFactory(opportunity=opening, skill=f.SkillFactory(slug="python"))
        return opening

    def test_the_manager_sees_nothing_before_an_offer(self, org, api, role_opening):
        a = _apply(api, org.employee, role_opening).json()["public_id"]
        manager = api(org.manager)
        assert _ids(manager.get("/api/v1/applications/")) == set()
        assert _ids(manager.get("/api/v1/applications/?role=reports")) == set()
        assert manager.get(f"/api/v1/applications/{a}/").status_code == 404
        assert _move(api, org.manager, a, "declined", "Stay with us").status_code == 404
        _move(api, org.owner, a, "shortlisted")
        assert _ids(manager.get("/api/v1/applications/")) == set()

    def test_the_manager_sees_it_from_the_offer_on(self, org, api, role_opening):
        a = _apply(api, org.employee, role_opening).json()["public_id"]
        _move(api, org.owner, a, "offered")
        assert _ids(api(org.manager).get("/api/v1/applications/")) == {a}
        assert api(org.manager).get(f"/api/v1/applications/{a}/").json()["status"] == "offered"

    def test_the_manager_sees_it_at_once_with_the_applicants_consent(self, org, api, role_opening):
        a = _apply(api, org.employee, role_opening, share_with_manager=True).json()["public_id"]
        assert _ids(api(org.manager).get("/api/v1/applications/")) == {a}

    def test_a_gig_application_is_not_confidential(self, org, api):
        a = _apply(api, org.employee, org.gig).json()["public_id"]
        assert _ids(api(org.manager).get("/api/v1/applications/")) == {a}


def test_an_owner_invites_a_person_open_to_opportunities(org, api):
    c = api(org.owner)
    url = f"/api/v1/opportunities/{org.gig.public_id}/invite/"
    invited = c.post(url, {"employee": str(org.employee.public_id), "message": "Your Python!"}, format="json")
    assert invited.status_code == 201
    assert invited.json()["status"] == "invited"
    again = c.post(url, {"employee": str(org.employee.public_id)}, format="json")
    assert again.status_code == 200
    assert again.json()["public_id"] == invited.json()["public_id"]
    accepted = _apply(api, org.employee, org.gig)
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "applied"
    assert accepted.json()["public_id"] == invited.json()["public_id"]


@pytest.mark.parametrize("employee, field, message", [
    (None, "employee", "This field is required."),
    ("not-a-uuid", "employee", "Must be a valid UUID."),
    ("random", "employee", "Unknown employee."),
    ("colleague", "employee", "Unknown employee."),  # exists, but not open to opportunities: the owner cannot see him
    ("owner", "employee", "The owner cannot be invited to their own opportunity."),
])
def test_an_invitation_to_someone_not_available_is_a_400(org, api, employee, field, message):
    value = {"random": str(uuid.uuid4()), "colleague": str(org.colleague.public_id), "owner": str(org.owner.public_id)}.get(
        employee, employee
    )
    body = {} if value is None else {"employee": value}
    response = api(org.owner).post(f"/api/v1/opportunities/{org.gig.public_id}/invite/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert not Application.objects.exists()


def test_only_the_owner_invites(org, api):
    response = api(org.manager).post(
        f"/api/v1/opportunities/{org.gig.public_id}/invite/", {"employee": str(org.employee.public_id)}, format="json"
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


def _more_applications(org, n: int) -> None:
    for _ in range(n):
        opportunity = f.OpportunityFactory(owner=org.owner)
        f.ApplicationFactory(opportunity=opportunity, applicant=f.EmployeeFactory(manager=org.manager))
        f.ApplicationFactory(opportunity=opportunity, applicant=org.employee, status="shortlisted")


@pytest.mark.parametrize("persona", ["employee", "owner", "manager", "talent_admin"])
def test_the_list_takes_the_same_few_queries_for_many_applications(org, api, persona, django_assert_max_num_queries):
    c = api(getattr(org, persona))
    c.get("/api/v1/applications/")
    _more_applications(org, 2)
    with CaptureQueriesContext(connection) as few:
        assert c.get("/api/v1/applications/?page_size=100").status_code == 200
    _more_applications(org, 10)
    with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as many:
        assert c.get("/api/v1/applications/?page_size=100").json()["count"] >= 10
    assert len(many) == len(few)
