"""The line manager's team page: reports with what they share, and offers waiting for her release."""

from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityType
from talentloop.marketplace.models import Application
from talentloop.people.models import Aspiration
from talentloop.testing import factories as f


def test_it_lists_her_reports_with_their_shared_data(org):
    aspiration = Aspiration.objects.create(employee=org.employee, opportunity_types=["job_shadowing"], work_modes=["onsite"])
    aspiration.skills_to_grow.add(f.SkillFactory(slug="leadership", label="Leadership"))
    org.employee.share_aspirations_with_manager = True
    org.employee.save()
    page = org.client(org.manager).get("/team/").text
    assert "Ada Lovelace" in page and "Carl Colleague" in page
    assert "Python · 4" in page
    assert "8 h/week for opportunities" in page
    assert "Leadership" in page  # Ada shares her aspirations
    assert "<dt>Wanted opportunities</dt><dd>job shadowing</dd>" in page
    assert "<dt>Work modes</dt><dd>on site</dd>" in page
    assert "Keeps aspirations private." in page  # Carl does not


def test_it_offers_release_and_decline_only_for_offers_that_need_her_release(org):
    gig_offer = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=ApplicationStatus.OFFERED)
    permanent = f.OpportunityFactory(owner=org.owner, type=OpportunityType.PERMANENT_ROLE, title="Head of reporting")
    f.ApplicationFactory(opportunity=permanent, applicant=org.colleague, status=ApplicationStatus.OFFERED)
    page = org.client(org.manager).get("/team/").text
    release_section = page.split("Your team's applications")[0]
    assert "Head of reporting" in page.split("Your team's applications")[1]  # offered: no longer confidential, nothing to release
    assert "Automate the month-end report" in release_section
    assert "Head of reporting" not in release_section
    assert f'action="/applications/{gig_offer.public_id}/move/"' in release_section
    assert 'name="to" value="released"' in release_section
    assert 'name="to" value="declined"' in release_section
    assert 'name="to" value="accepted"' not in release_section


def test_it_releases_the_time_and_comes_back_to_the_team_page(org):
    offer = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=ApplicationStatus.OFFERED)
    client = org.client(org.manager)
    response = client.post(f"/applications/{offer.public_id}/move/", {"to": "released", "next": "/team/"})
    assert response["Location"] == "/team/"
    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.RELEASED
    page = client.get("/team/").text
    assert "Nothing waits for your release." in page


def test_it_asks_for_a_reason_before_declining(org):
    offer = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=ApplicationStatus.OFFERED)
    client = org.client(org.manager)
    response = client.post(f"/applications/{offer.public_id}/move/", {"to": "declined", "reason": "", "next": "/team/"})
    assert response.status_code == 400
    assert 'id="id_reason_error">Give a reason when declining; the applicant will see it.' in response.text
    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.OFFERED

    client.post(f"/applications/{offer.public_id}/move/", {"to": "declined", "reason": "Quarter-end crunch", "next": "/team/"})
    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.DECLINED
    assert offer.decision_reason == "Quarter-end crunch"


def test_it_is_only_for_line_managers(org):
    assert org.client(org.employee).get("/team/").status_code == 403
    assert org.client(org.outsider).get("/team/").status_code == 403


def test_it_lists_a_big_team_in_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    for _ in range(20):
        report = f.EmployeeFactory(manager=org.manager)
        f.EmployeeSkillFactory(employee=report)
        f.ApplicationFactory(applicant=report, opportunity=f.OpportunityFactory(), status=ApplicationStatus.OFFERED)
    client = org.client(org.manager)
    with django_assert_max_num_queries(20):
        response = client.get("/team/")
    assert response.text.count("/move/") >= 40
    assert Application.objects.filter(status=ApplicationStatus.OFFERED).count() == 20
