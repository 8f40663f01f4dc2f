"""Posting and editing an opportunity with its skill needs; publishing, closing, reopening and cancelling."""

from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityStatus
from talentloop.marketplace.models import Opportunity, OpportunitySkill
from talentloop.testing import factories as f


def _form(**overrides) -> dict:
    data = {
        "type": "project", "title": "Build the forecasting model", "description": "Three months of modelling.",
        "department": "finance", "role": "", "hours_per_week": "6", "seats": "2",
        "start_date": "2027-02-01", "end_date": "2027-04-30", "work_mode": "remote", "location": "",
        "needs-TOTAL_FORMS": "3", "needs-INITIAL_FORMS": "0", "needs-MIN_NUM_FORMS": "0", "needs-MAX_NUM_FORMS": "30",
        "needs-0-skill": "Python", "needs-0-need": "required", "needs-0-level": "4",
        "needs-1-skill": "sql", "needs-1-need": "nice_to_have", "needs-1-level": "2",
        "needs-2-skill": "", "needs-2-need": "required", "needs-2-level": "3",
        "action": "publish",
    }
    data.update(overrides)
    return data


def test_it_shows_the_owner_an_empty_form_with_skill_rows(org):
    page = org.client(org.owner).get("/opportunities/new/").text
    assert "Post an opportunity" in page
    assert 'name="needs-TOTAL_FORMS" value="3"' in page
    assert '<option value="finance" selected>Finance</option>' in page
    assert 'id="id_needs-0-skill"' in page and 'list="skill-options"' in page
    assert '<label for="id_needs-0-skill">Skill</label>' in page


def test_it_publishes_an_opportunity_with_its_skill_needs(org):
    response = org.client(org.owner).post("/opportunities/new/", _form())
    opportunity = Opportunity.objects.get(title="Build the forecasting model")
    assert response["Location"] == f"/opportunities/{opportunity.public_id}/"
    assert opportunity.status == OpportunityStatus.OPEN
    assert opportunity.owner == org.owner
    assert opportunity.hours_per_week == 6 and opportunity.seats == 2
    needs = {(n.skill.slug, n.need, n.level) for n in opportunity.skill_needs.select_related("skill")}
    assert needs == {("python", "required", 4), ("sql", "nice_to_have", 2)}


def test_it_saves_a_draft_without_skills_but_will_not_publish_it_without_a_required_skill(org):
    client = org.client(org.owner)
    client.post("/opportunities/new/", _form(**{"needs-0-skill": "", "needs-1-skill": "", "action": "draft"}))
    draft = Opportunity.objects.get(title="Build the forecasting model")
    assert draft.status == OpportunityStatus.DRAFT

    response = client.post(f"/opportunities/{draft.public_id}/status/", {"to": "open"})
    assert response.status_code == 400
    assert "Add at least one required skill before publishing." in response.text
    draft.refresh_from_db()
    assert draft.status == OpportunityStatus.DRAFT


def test_it_names_each_invalid_field(org):
    response = org.client(org.owner).post(
        "/opportunities/new/", _form(title="", hours_per_week="80", end_date="2027-01-01", **{"needs-1-skill": "Telepathy"})
    )
    assert response.status_code == 400
    page = response.text
    assert 'id="id_title_error">This field is required.' in page
    assert 'id="id_hours_per_week_error">Ensure this value is less than or equal to 60.' in page
    assert 'id="id_end_date_error">Must be on or after the start date.' in page
    assert 'id="id_needs-1-skill_error">There is no skill called “Telepathy”' in page
    assert not Opportunity.objects.filter(title="").exists()
    assert Opportunity.objects.count() == 1


def test_it_puts_the_services_duplicate_skill_error_on_the_right_row(org):
    response = org.client(org.owner).post(
        "/opportunities/new/", _form(**{"needs-1-skill": "", "needs-2-skill": "python"})
    )
    assert response.status_code == 400
    assert 'id="id_needs-2-skill_error">Python is listed twice.' in response.text
    assert Opportunity.objects.count() == 1


def test_it_adds_a_skill_row_without_saving(org):
    response = org.client(org.owner).post("/opportunities/new/", _form(action="more"))
    assert response.status_code == 200
    assert 'name="needs-TOTAL_FORMS" value="4"' in response.text
    assert 'id="id_needs-3-skill"' in response.text
    assert Opportunity.objects.count() == 1


def test_it_edits_fields_and_replaces_the_skill_needs(org):
    client = org.client(org.owner)
    page = client.get(f"/opportunities/{org.gig.public_id}/edit/").text
    assert 'value="Automate the month-end report"' in page
    assert 'value="2027-01-04"' in page
    assert 'name="needs-0-skill" value="Python"' in page

    data = _form(title="Automate the quarter-end report", action="save", **{
        "needs-INITIAL_FORMS": "2", "needs-0-skill": "Python", "needs-0-level": "2",
        "needs-1-skill": "SQL", "needs-1-DELETE": "on", "type": "gig",
    })
    response = client.post(f"/opportunities/{org.gig.public_id}/edit/", data)
    assert response["Location"] == f"/opportunities/{org.gig.public_id}/"
    org.gig.refresh_from_db()
    assert org.gig.title == "Automate the quarter-end report"
    assert [(n.skill.slug, n.level) for n in OpportunitySkill.objects.filter(opportunity=org.gig)] == [("python", 2)]


def test_it_refuses_to_leave_an_open_opportunity_without_a_required_skill(org):
    data = _form(action="save", **{"needs-0-need": "growth", "needs-1-skill": ""})
    response = org.client(org.owner).post(f"/opportunities/{org.gig.public_id}/edit/", data)
    assert response.status_code == 400
    assert "Skills: Add at least one required skill before publishing." in response.text
    org.gig.refresh_from_db()
    assert org.gig.title == "Automate the month-end report"  # nothing half saved
    assert org.gig.skill_needs.count() == 2


def test_it_closes_reopens_and_cancels_and_then_refuses_to_edit(org):
    client = org.client(org.owner)
    url = f"/opportunities/{org.gig.public_id}/status/"
    assert client.post(url, {"to": "closed"})["Location"] == f"/opportunities/{org.gig.public_id}/"
    assert ">Reopen</button>" in client.get(f"/opportunities/{org.gig.public_id}/").text
    client.post(url, {"to": "open"})
    client.post(url, {"to": "cancelled"})
    org.gig.refresh_from_db()
    assert org.gig.status == OpportunityStatus.CANCELLED
    assert client.get(f"/opportunities/{org.gig.public_id}/edit/").status_code == 409


def test_it_lets_only_the_owner_edit(org):
    for who, status in [(org.employee, 403), (org.manager, 403), (org.outsider, 404)]:
        client = org.client(who)
        assert client.get(f"/opportunities/{org.gig.public_id}/edit/").status_code == status
        assert client.post(f"/opportunities/{org.gig.public_id}/status/", {"to": "closed"}).status_code == status
    org.gig.refresh_from_db()
    assert org.gig.status == OpportunityStatus.OPEN


def test_it_does_not_let_someone_without_posting_rights_post(org):
    org.colleague.can_post_opportunities = False
    org.colleague.save()
    assert org.client(org.colleague).get("/opportunities/new/").status_code == 403
    assert org.client(org.outsider).post("/opportunities/new/", _form()).status_code == 403
    assert Opportunity.objects.count() == 1


def test_it_answers_409_on_the_seats_field_when_fewer_seats_than_offers_are_asked(org):
    org.gig.seats = 2
    org.gig.save()
    for person in (org.employee, org.colleague):
        f.ApplicationFactory(opportunity=org.gig, applicant=person, status=ApplicationStatus.OFFERED)
    data = _form(action="save", seats="1", type="gig", **{"needs-INITIAL_FORMS": "2"})
    response = org.client(org.owner).post(f"/opportunities/{org.gig.public_id}/edit/", data)
    assert response.status_code == 409
    assert 'id="id_seats_error">2 seats are already offered or taken; seats cannot go below that.' in response.text
    org.gig.refresh_from_db()
    assert org.gig.seats == 2
