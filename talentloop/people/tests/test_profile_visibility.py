"""Profiles are private by default; each persona sees only what the rules allow."""

from __future__ import annotations

from talentloop.people.access import EVERYTHING, NOTHING, ProfileAccess
from talentloop.people.models import ProfileVisibility
from talentloop.testing import factories as f


def access(org, who):
    return ProfileAccess(org.personas(who))


def test_a_new_profile_is_private_and_not_open_to_opportunities(db):
    employee = f.EmployeeFactory()
    assert employee.profile_visibility == ProfileVisibility.PRIVATE
    assert employee.open_to_opportunities is False
    assert employee.share_aspirations_with_owners is False


def test_a_person_and_talent_admins_see_everything(org):
    assert access(org, org.employee).view_of(org.employee) == EVERYTHING
    assert access(org, org.talent_admin).view_of(org.employee) == EVERYTHING


def test_the_outsider_sees_nothing_of_anyone(org):
    a = access(org, org.outsider)
    for person in (org.employee, org.manager, org.owner, org.colleague):
        assert a.view_of(person) == NOTHING
    assert not a.visible_employees().exists()
    assert not a.candidates().exists()


def test_an_lod_admin_without_a_profile_sees_no_profiles(org):
    assert not access(org, org.lod_admin).visible_employees().exists()


def test_a_line_manager_sees_reports_but_not_their_aspirations_unless_shared(org):
    view = access(org, org.manager).view_of(org.employee)
    assert view.basic and view.skills and view.availability and view.private
    assert not view.aspirations
    org.employee.share_aspirations_with_manager = True
    assert access(org, org.manager).view_of(org.employee).aspirations


def test_a_line_manager_sees_indirect_reports(org):
    grandchild = f.EmployeeFactory(manager=org.employee)
    assert access(org, org.manager).view_of(grandchild).skills
    assert grandchild.pk in access(org, org.manager).visible_employees().values_list("pk", flat=True)


def test_a_report_does_not_see_the_managers_private_profile(org):
    assert access(org, org.employee).view_of(org.manager) == NOTHING


def test_owners_see_only_opted_in_people_and_only_what_they_share(org):
    a = access(org, org.owner)
    view = a.view_of(org.employee)
    assert view.basic and view.skills and view.availability
    assert not view.aspirations and not view.private
    assert a.view_of(org.colleague) == NOTHING
    assert list(a.candidates()) == [org.employee]
    org.employee.share_skills_with_owners = False
    assert not access(org, org.owner).view_of(org.employee).skills


def test_people_who_opted_out_are_not_candidates_even_if_visible_to_colleagues(org):
    org.colleague.profile_visibility = ProfileVisibility.ORGANISATION
    org.colleague.save()
    a = access(org, org.owner)
    assert a.view_of(org.colleague).basic
    assert org.colleague not in a.candidates()


def test_a_leaver_is_not_a_candidate(org):
    org.employee.leave_date = org.employee.hire_date.replace(year=2026)
    org.employee.save()
    assert org.employee not in access(org, org.owner).candidates()


def test_an_owner_sees_the_applicants_to_her_opportunities(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.colleague)
    view = access(org, org.owner).view_of(org.colleague)
    assert view.basic and not view.private


def test_colleagues_see_an_organisation_visible_profile_but_not_private_details(org):
    org.employee.profile_visibility = ProfileVisibility.ORGANISATION
    org.employee.save()
    org.colleague.can_post_opportunities = False  # as an owner she would see what Ada shares with owners
    org.colleague.save()
    view = access(org, org.colleague).view_of(org.employee)
    assert view.basic and view.skills
    assert not view.availability and not view.aspirations and not view.private


def test_a_colleague_sees_nothing_of_a_private_profile(org):
    org.colleague.can_post_opportunities = False
    org.colleague.save()
    assert access(org, org.colleague).view_of(org.employee) == NOTHING
