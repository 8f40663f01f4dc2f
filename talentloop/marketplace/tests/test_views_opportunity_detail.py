"""The opportunity page: skills by need, seats, owner, dates, the apply form and the viewer's application."""

from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityStatus, OpportunityType
from talentloop.testing import factories as f


def _page(client, opportunity):
    return client.get(f"/opportunities/{opportunity.public_id}/")


def test_it_shows_skills_by_need_seats_owner_and_dates(org):
    f.OpportunitySkillFactory(opportunity=org.gig, skill=f.SkillFactory(slug="excel", label="Excel"), need="growth", level=2)
    f.ApplicationFactory(opportunity=org.gig, applicant=org.colleague, status=ApplicationStatus.OFFERED)
    org.gig.seats = 2
    org.gig.save()
    page = _page(org.client(org.employee), org.gig).text
    assert "<h1>Automate the month-end report" in page
    assert "Olga Owner, Finance lead" in page
    assert "2 (1 taken)" in page
    assert "4 Jan 2027 to 26 Mar 2027" in page
    required, rest = page.split("<h3>Required</h3>")[1].split("<h3>Nice to have</h3>")
    assert "Python · level 3 <span class=\"muted\">(you: 4)</span>" in required
    nice, growth = rest.split("<h3>You will grow</h3>")
    assert "SQL · level 2" in nice
    assert "Excel · level 2" in growth


def test_it_offers_the_employee_an_apply_form_without_manager_consent_for_a_gig(org):
    page = _page(org.client(org.employee), org.gig).text
    assert f'action="/opportunities/{org.gig.public_id}/apply/"' in page
    assert '<label for="id_message">Message to the owner</label>' in page
    assert "share_with_manager" not in page


def test_it_asks_for_manager_consent_on_a_permanent_role(org):
    role = f.OpportunityFactory(owner=org.owner, type=OpportunityType.PERMANENT_ROLE, title="Head of reporting")
    page = _page(org.client(org.employee), role).text
    assert 'name="share_with_manager"' in page
    assert "Applications to permanent roles are confidential" in page


def test_it_shows_the_viewer_her_application_status_and_history_instead_of_the_form(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=ApplicationStatus.SHORTLISTED)
    page = _page(org.client(org.employee), org.gig).text
    assert "Your application" in page
    assert '<span class="badge badge-shortlisted">shortlisted</span>' in page
    assert "<time datetime=" in page
    assert f'action="/opportunities/{org.gig.public_id}/apply/"' not in page
    assert 'name="to" value="withdrawn"' in page


def test_it_gives_the_owner_her_controls_and_no_apply_form(org):
    page = _page(org.client(org.owner), org.gig).text
    assert f'href="/opportunities/{org.gig.public_id}/applicants/"' in page
    assert f'href="/opportunities/{org.gig.public_id}/edit/"' in page
    assert ">Close</button>" in page and ">Cancel</button>" in page
    assert ">Publish</button>" not in page
    assert "/apply/" not in page


def test_it_hides_a_draft_from_everyone_but_its_owner(org):
    draft = f.OpportunityFactory(owner=org.owner, status=OpportunityStatus.DRAFT, published_at=None)
    assert _page(org.client(org.employee), draft).status_code == 404
    assert _page(org.client(org.owner), draft).status_code == 200
    assert ">Publish</button>" in _page(org.client(org.owner), draft).text


def test_it_hides_every_opportunity_from_the_outsider(org):
    response = _page(org.client(org.outsider), org.gig)
    assert response.status_code == 404
    assert "Automate" not in response.text
