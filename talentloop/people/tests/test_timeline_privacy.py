"""The timeline follows the profile's privacy: it goes with the person's skills. The person, their line managers
and talent admins see it; others only as the person shares their skills; the outsider sees nothing."""

from __future__ import annotations

import pytest

from talentloop.people.models import ProfileVisibility
from talentloop.testing import journeys

ENDORSEMENT = "Ada automated the whole report."


@pytest.fixture
def completed(org):
    python = org.gig.skill_needs.get(skill__slug="python").skill
    return journeys.complete(org.gig, org.employee, {python: 4}, hours=24, endorsement=ENDORSEMENT)


def _page(org, who):
    return org.client(who).get(f"/people/{org.employee.public_id}/")


def _api(org, who):
    return org.client(who).get(f"/api/v1/people/{org.employee.public_id}/timeline/")


@pytest.mark.parametrize("who", ["employee", "manager", "talent_admin"])
def test_she_her_manager_and_talent_admins_see_it(org, completed, who):
    viewer = getattr(org, who)
    page = _page(org, viewer)
    assert page.status_code == 200 and ENDORSEMENT in page.text
    api = _api(org, viewer)
    assert api.status_code == 200 and api.json()["results"][0]["endorsement"] == ENDORSEMENT


def test_the_outsider_sees_nothing(org, completed):
    assert _page(org, org.outsider).status_code == 404
    api = _api(org, org.outsider)
    assert api.status_code == 404 and ENDORSEMENT not in api.text


def test_a_colleague_she_has_not_opened_her_profile_to_sees_nothing(org, completed):
    org.employee.open_to_opportunities = False
    org.employee.save()
    assert _page(org, org.colleague).status_code == 404
    api = _api(org, org.colleague)
    assert api.status_code == 404 and ENDORSEMENT not in api.text


def test_a_colleague_who_sees_her_profile_but_not_her_skills_sees_no_timeline(org, completed):
    # Carl may post opportunities and Ada is open to them, but she keeps her skills from owners.
    org.employee.share_skills_with_owners = False
    org.employee.save()
    page = _page(org, org.colleague)
    assert page.status_code == 200 and "Ada Lovelace" in page.text
    assert "Experience" not in page.text and ENDORSEMENT not in page.text
    assert _api(org, org.colleague).status_code == 404


def test_a_colleague_she_shares_her_skills_with_sees_it(org, completed):
    org.employee.open_to_opportunities = False
    org.employee.profile_visibility = ProfileVisibility.ORGANISATION
    org.employee.save()
    assert ENDORSEMENT in _page(org, org.colleague).text
    assert _api(org, org.colleague).status_code == 200


def test_an_lod_admin_without_a_relation_sees_nothing(org, completed):
    assert _page(org, org.lod_admin).status_code == 404
    assert _api(org, org.lod_admin).status_code == 404
