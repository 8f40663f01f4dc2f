"""Job shadowing is short, counted in hours in all, and needs no release below a configurable number of hours.
A permanent-role application is confidential: the line manager learns of it only at offer stage or with consent,
cannot block it, and taking the role is recorded as a move on the profile."""

from __future__ import annotations

import pytest

from talentloop.errors import Conflict, InvalidInput
from talentloop.marketplace import services
from talentloop.marketplace.access import visible_applications
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.services import SkillNeedInput
from talentloop.notifications.models import Notification
from talentloop.organisation.models import OrganisationSettings
from talentloop.people.models import RoleChange
from talentloop.testing import factories as f


def _shadowing(org, total_hours):
    opp = f.OpportunityFactory(owner=org.owner, type="job_shadowing", total_hours=total_hours, seats=2)
    f.OpportunitySkillFactory(opportunity=opp, skill=org.gig.skill_needs.get(skill__slug="python").skill, level=1)
    return opp


@pytest.mark.parametrize(("total_hours", "release"), [(4, False), (7, False), (8, True), (24, True)])
def test_shadowing_needs_a_release_from_the_threshold_on(org, total_hours, release):
    a = services.apply(org.personas(org.employee), _shadowing(org, total_hours)).application
    a = services.move_application(org.personas(org.owner), a, S.OFFERED)
    assert a.release_required is release
    if not release:
        assert services.move_application(org.personas(org.employee), a, S.ACCEPTED).status == S.ACCEPTED


def test_the_threshold_is_the_organisations_and_an_offer_keeps_the_rule_it_was_made_under(org):
    OrganisationSettings.objects.update_or_create(pk=1, defaults={"shadowing_release_hours": 30})
    a = services.apply(org.personas(org.employee), _shadowing(org, 24)).application
    a = services.move_application(org.personas(org.owner), a, S.OFFERED)
    assert a.release_required is False
    OrganisationSettings.objects.filter(pk=1).update(shadowing_release_hours=8)
    assert services.move_application(org.personas(org.employee), a, S.ACCEPTED).status == S.ACCEPTED


@pytest.mark.parametrize(("total_hours", "ok"), [(None, False), (0, False), (40, True), (41, False)])
def test_shadowing_is_short(org, total_hours, ok):
    data = {"type": "job_shadowing", "title": "Shadow a controller", "description": "Two days.", "department": org.owner.department,
            "role": None, "hours_per_week": 8, "seats": 2, "location": None, "work_mode": "onsite", "start_date": None,
            "end_date": None, "total_hours": total_hours}
    needs = [SkillNeedInput(org.gig.skill_needs.get(skill__slug="python").skill, "required", 1)]
    if ok:
        assert services.create_opportunity(org.personas(org.owner), data, needs).total_hours == total_hours
    else:
        with pytest.raises(InvalidInput) as caught:
            services.create_opportunity(org.personas(org.owner), data, needs)
        assert list(caught.value.errors) == ["total_hours"]


@pytest.fixture
def role_opening(org):
    role = f.RoleFactory(title="Finance analyst")
    opp = f.OpportunityFactory(owner=org.owner, type="permanent_role", role=role, hours_per_week=37, department=org.owner.department)
    f.OpportunitySkillFactory(opportunity=opp, skill=org.gig.skill_needs.get(skill__slug="python").skill)
    return opp


def test_the_line_manager_sees_nothing_until_the_offer(org, role_opening):
    a = services.apply(org.personas(org.employee), role_opening, "I'd love to move to finance").application
    maria = org.personas(org.manager)
    a = services.move_application(org.personas(org.owner), a, S.SHORTLISTED)
    assert a not in visible_applications(maria)
    assert not Notification.objects.filter(recipient=org.manager.user).exists()
    assert "Finance analyst" not in org.client(org.manager).get("/team/").text
    a = services.move_application(org.personas(org.owner), a, S.OFFERED)
    assert a in visible_applications(maria)
    note = Notification.objects.get(recipient=org.manager.user)
    assert "offered the role" in note.title


def test_with_consent_the_manager_is_told_earlier(org, role_opening):
    a = services.apply(org.personas(org.employee), role_opening).application
    a = services.consent_to_tell_manager(org.personas(org.employee), a)
    assert a in visible_applications(org.personas(org.manager))
    assert a.changes.filter(event="consent").exists()
    assert Notification.objects.filter(recipient=org.manager.user, title__contains="shares an application").exists()
    services.consent_to_tell_manager(org.personas(org.employee), a)  # twice is harmless
    assert Notification.objects.filter(recipient=org.manager.user).count() == 1


def test_the_line_manager_cannot_block_the_move_and_taking_the_role_is_recorded(org, role_opening):
    a = services.apply(org.personas(org.employee), role_opening).application
    a = services.move_application(org.personas(org.owner), a, S.OFFERED)
    assert a.release_required is False
    assert services.moves_for(org.personas(org.manager), a) == []
    with pytest.raises(Conflict):
        services.move_application(org.personas(org.employee), a, S.RELEASED)
    a = services.move_application(org.personas(org.employee), a, S.ACCEPTED)
    a = services.move_application(org.personas(org.owner), a, S.ACTIVE)
    org.employee.refresh_from_db()
    change = RoleChange.objects.get(employee=org.employee)
    assert (change.from_job_title, change.to_job_title) == ("Software engineer", "Finance analyst")
    assert (org.employee.job_title, org.employee.department, org.employee.manager) == ("Finance analyst", org.owner.department, org.owner)
    with pytest.raises(Conflict):  # nothing follows the move
        services.move_application(org.personas(org.owner), a, S.COMPLETED)


def test_the_team_page_shows_the_offer_the_notice_points_to_and_nothing_before(org, role_opening):
    a = services.apply(org.personas(org.employee), role_opening).application
    maria = org.client(org.manager)
    assert role_opening.title not in maria.get("/team/").text
    services.move_application(org.personas(org.owner), a, S.OFFERED)
    note = Notification.objects.get(recipient=org.manager.user)
    page = maria.get(note.url).text
    assert "Your team's applications" in page and role_opening.title in page


def test_a_move_under_ones_own_report_keeps_the_org_chart_free_of_loops(org, role_opening):
    org.owner.manager = org.employee  # Olga reports to Ada; Ada takes Olga's opening
    org.owner.save()
    a = f.ApplicationFactory(opportunity=role_opening, applicant=org.employee, status=S.ACCEPTED)
    services.move_application(org.personas(org.owner), a, S.ACTIVE)
    org.employee.refresh_from_db()
    assert org.employee.job_title == "Finance analyst" and org.employee.manager == org.manager


def test_the_former_manager_is_told_of_the_move(org, role_opening):
    a = f.ApplicationFactory(opportunity=role_opening, applicant=org.employee, status=S.ACCEPTED)
    services.move_application(org.personas(org.owner), a, S.ACTIVE)
    note = Notification.objects.get(recipient=org.manager.user, title__contains="moved to")
    assert "reporting to Olga Owner" in note.body
