"""Another person's profile shows only what ProfileAccess allows, and 404 when nothing (existence stays hidden)."""

from talentloop.marketplace.lifecycle import ApplicationStatus
from talentloop.people.models import ProfileVisibility
from talentloop.testing import factories as f


def _page(client, employee):
    return client.get(f"/people/{employee.public_id}/")


def test_it_shows_her_line_manager_everything_but_unshared_aspirations(org):
    org.employee.summary = "Loves tidy data."
    org.employee.save()
    response = _page(org.client(org.manager), org.employee)
    assert response.status_code == 200
    page = response.text
    assert "Ada Lovelace" in page and "Software engineer" in page
    assert "Loves tidy data." in page
    assert "Python · 4" in page
    assert "8 hours a week for opportunities" in page
    assert "Aspirations" not in page


def test_it_shows_an_opportunity_owner_only_what_an_opted_in_person_shares(org):
    org.employee.summary = "Loves tidy data."
    org.employee.share_availability_with_owners = False
    org.employee.save()
    page = _page(org.client(org.owner), org.employee).text
    assert "Ada Lovelace" in page
    assert "Python · 4" in page
    assert "Loves tidy data." not in page
    assert "hours a week" not in page


def test_it_answers_404_for_a_private_profile_the_viewer_may_not_see(org):
    # Carl is private and not open to opportunities: Ada sees nothing, exactly as for a missing person.
    hidden = _page(org.client(org.employee), org.colleague)
    missing = org.client(org.employee).get("/people/00000000-0000-0000-0000-000000000000/")
    assert hidden.status_code == missing.status_code == 404
    assert "Carl" not in hidden.text


def test_it_shows_colleagues_a_profile_made_visible_to_the_organisation(org):
    org.colleague.profile_visibility = ProfileVisibility.ORGANISATION
    org.colleague.save()
    f.EmployeeSkillFactory(employee=org.colleague, skill=f.SkillFactory(slug="sql", label="SQL"), proficiency=2)
    page = _page(org.client(org.employee), org.colleague).text
    assert "Carl Colleague" in page and "SQL · 2" in page
    assert "hours a week" not in page


def test_it_lets_the_owner_see_an_applicant_who_has_not_opted_in(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.colleague, status=ApplicationStatus.APPLIED)
    assert _page(org.client(org.owner), org.colleague).status_code == 200


def test_it_shows_the_outsider_nobody(org):
    client = org.client(org.outsider)
    for person in [org.employee, org.manager, org.owner, org.colleague]:
        response = _page(client, person)
        assert response.status_code == 404
        assert person.name not in response.text
