"""An application's whole path through the web pages: apply, shortlist, offer, release, accept, start, complete."""

import re

from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityType
from talentloop.marketplace.models import Application
from talentloop.testing import factories as f


def _move(client, application, to, **extra):
    return client.post(f"/applications/{application.public_id}/move/", {"to": to, **extra})


def _buttons(html: str) -> set[str]:
    return set(re.findall(r'name="to" value="(\w+)"', html))


def test_it_takes_an_application_from_apply_to_complete_through_the_views(org):
    ada, olga, maria = org.client(org.employee), org.client(org.owner), org.client(org.manager)
    gig_url = f"/opportunities/{org.gig.public_id}/"

    response = ada.post(gig_url + "apply/", {"message": "I automate reports in Python."})
    assert response["Location"] == gig_url
    application = Application.objects.get(applicant=org.employee)
    assert application.status == ApplicationStatus.APPLIED
    assert "Your application to “Automate the month-end report” is sent." in ada.get(gig_url).text

    applicants = olga.get(gig_url + "applicants/").text
    assert "I automate reports in Python." in applicants
    assert _buttons(applicants) == {"shortlisted", "offered", "declined"}
    assert _move(olga, application, "shortlisted", next=gig_url + "applicants/")["Location"] == gig_url + "applicants/"
    assert _buttons(olga.get(gig_url + "applicants/").text) == {"offered", "declined"}
    _move(olga, application, "offered")

    # A gig takes time from the day job: Ada cannot accept before Maria releases it.
    assert _buttons(ada.get("/applications/").text) == {"withdrawn"}
    assert _buttons(maria.get("/team/").text) == {"released", "declined"}
    _move(maria, application, "released", next="/team/")

    assert _buttons(ada.get("/applications/").text) == {"accepted", "withdrawn"}
    assert _move(ada, application, "accepted")["Location"] == "/applications/"
    _move(olga, application, "active")

    # Completing: the owner rates on the completion page, then Ada confirms.
    applicants = olga.get(gig_url + "applicants/").text
    assert f'href="/applications/{application.public_id}/complete/"' in applicants
    form = olga.get(f"/applications/{application.public_id}/complete/").text
    assert 'name="skill_python"' in form and 'name="skill_sql"' in form
    response = olga.post(f"/applications/{application.public_id}/complete/", {"skill_python": "5", "skill_sql": "", "hours": "30"})
    assert response.status_code == 302
    assert "rated your work: confirm the completion" in ada.get("/applications/").text
    _move(ada, application, "completed")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    history = ada.get("/applications/").text
    for step in ["applied", "shortlisted", "offered", "released", "accepted", "active", "completed"]:
        assert f"— {step}" in history
    assert "owner confirmed completion" in history and "participant confirmed completion" in history
    assert history.count("<time datetime=") == 9
    assert "by the line manager" in history
    assert _buttons(history) == set()


def test_it_answers_a_second_apply_with_the_first_application(org):
    ada = org.client(org.employee)
    ada.post(f"/opportunities/{org.gig.public_id}/apply/", {"message": "first"})
    response = ada.post(f"/opportunities/{org.gig.public_id}/apply/", {"message": "again"}, follow=True)
    assert "You have already applied to “Automate the month-end report”." in response.text
    assert Application.objects.filter(applicant=org.employee).count() == 1


def test_it_answers_a_move_that_is_not_allowed_now_with_409_and_the_moves_still_open(org):
    application = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=ApplicationStatus.OFFERED)
    response = _move(org.client(org.employee), application, "accepted")
    assert response.status_code == 409
    assert "An application that is offered cannot become accepted" in response.text
    assert "What you can do now:" in response.text
    assert _buttons(response.text) == {"withdrawn"}


def test_it_treats_a_repeated_move_as_harmless(org):
    application = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    olga = org.client(org.owner)
    assert _move(olga, application, "shortlisted").status_code == 302
    assert _move(olga, application, "shortlisted").status_code == 302
    assert application.changes.count() == 2  # the factory's row and one shortlist


def test_it_refuses_a_move_by_someone_who_may_see_but_not_make_it(org):
    application = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    response = _move(org.client(org.employee), application, "shortlisted")
    assert response.status_code == 403
    assert "Only the owner may move this application to shortlisted." in response.text


def test_it_hides_other_peoples_applications_from_uninvolved_people(org):
    application = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    for who in [org.colleague, org.outsider]:
        assert _move(org.client(who), application, "withdrawn").status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


def test_it_keeps_a_permanent_role_application_from_the_manager_without_consent(org):
    role = f.OpportunityFactory(owner=org.owner, type=OpportunityType.PERMANENT_ROLE, title="Head of reporting")
    ada = org.client(org.employee)
    ada.post(f"/opportunities/{role.public_id}/apply/", {"message": "Quietly interested"})
    application = Application.objects.get(opportunity=role)
    assert application.share_with_manager is False
    assert _move(org.client(org.manager), application, "declined", reason="no").status_code == 404

    other = f.OpportunityFactory(owner=org.owner, type=OpportunityType.PERMANENT_ROLE)
    ada.post(f"/opportunities/{other.public_id}/apply/", {"share_with_manager": "on"})
    assert Application.objects.get(opportunity=other).share_with_manager is True


def test_it_shows_the_declined_applicant_the_reason(org):
    application = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    _move(org.client(org.owner), application, "declined", reason="We need more SQL experience")
    page = org.client(org.employee).get("/applications/").text
    assert "Olga Owner wrote: “We need more SQL experience”" in page
    # Ada holds Python 4 (asked 3) but no SQL (nice to have, level 2): the gap and its level are named.
    assert "<strong>SQL</strong>: asked 2 · working, you have not on your profile." in page


def test_it_lets_an_invited_person_accept_the_invitation_with_the_apply_form(org):
    invitation = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=ApplicationStatus.INVITED)
    ada = org.client(org.employee)
    page = ada.get(f"/opportunities/{org.gig.public_id}/").text
    assert "<h2 id=\"apply-heading\">Accept the invitation</h2>" in page
    assert _buttons(page) == {"withdrawn"}
    assert "Decline the invitation" in page
    ada.post(f"/opportunities/{org.gig.public_id}/apply/", {"message": "Gladly"})
    invitation.refresh_from_db()
    assert invitation.status == ApplicationStatus.APPLIED
    assert invitation.message == "Gladly"
