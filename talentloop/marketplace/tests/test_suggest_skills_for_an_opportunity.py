"""Skills suggested from an opportunity's description on the post and edit form: shown, never saved; with htmx an
"Add" button per skill (the page's script fills a row), without JavaScript tick boxes that come back as skill rows.
Only the owner's own save writes a skill need."""

import pytest

from talentloop.marketplace.models import Opportunity, OpportunitySkill
from talentloop.people.models import EmployeeSkill, SkillEvidence
from talentloop.testing import factories as f

DESCRIPTION = "Automate the month-end report with Python and SQL, and move the jobs to Kubernetes. Charts in Microsoft Excel."


@pytest.fixture
def taxonomy(org):
    f.SkillFactory(slug="kubernetes", label="Kubernetes")
    f.SkillFactory(slug="excel", label="Microsoft Excel")
    return org


def _form(**overrides) -> dict:
    data = {
        "type": "project", "title": "Month-end automation", "description": DESCRIPTION,
        "department": "finance", "role": "", "hours_per_week": "6", "seats": "1",
        "start_date": "", "end_date": "", "work_mode": "remote", "location": "",
        "needs-TOTAL_FORMS": "2", "needs-INITIAL_FORMS": "0", "needs-MIN_NUM_FORMS": "0", "needs-MAX_NUM_FORMS": "30",
        "needs-0-skill": "Python", "needs-0-need": "required", "needs-0-level": "4",
        "needs-1-skill": "", "needs-1-need": "required", "needs-1-level": "3",
    }
    data.update(overrides)
    return data


def _counts():
    return Opportunity.objects.count(), OpportunitySkill.objects.count(), EmployeeSkill.objects.count(), SkillEvidence.objects.count()


def test_with_htmx_it_answers_the_suggestions_alone_with_an_add_button_each_and_saves_nothing(taxonomy):
    before = _counts()
    response = taxonomy.client(taxonomy.owner).post("/opportunities/new/", _form(suggest="1"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.text
    assert "<html" not in page
    assert 'data-add-skill="Kubernetes"' in page and 'data-add-skill="SQL"' in page
    assert 'data-add-skill="Python"' not in page  # already in a row
    assert "move the jobs to <mark>Kubernetes</mark>." in page
    assert 'name="suggested"' not in page
    assert _counts() == before


def test_the_form_offers_the_button_after_the_save_buttons(taxonomy):
    page = taxonomy.client(taxonomy.owner).get("/opportunities/new/").text
    assert page.index('value="publish"') < page.index('name="suggest"')
    assert 'hx-target="#skill-suggestions"' in page and 'id="skill-suggestions"' in page


def test_without_javascript_it_shows_the_form_again_with_a_tick_box_per_suggestion(taxonomy):
    before = _counts()
    response = taxonomy.client(taxonomy.owner).post("/opportunities/new/", _form(suggest="1"))
    assert response.status_code == 200
    page = response.text
    assert "Post an opportunity" in page
    assert '<input type="checkbox" name="suggested" value="kubernetes"' in page
    assert 'data-add-skill' not in page
    assert _counts() == before


def test_ticked_suggestions_come_back_as_skill_rows_unsaved_and_the_owner_saves_them(taxonomy):
    client = taxonomy.client(taxonomy.owner)
    before = _counts()
    # Kubernetes fills the empty row; SQL gets a new one.
    response = client.post("/opportunities/new/", _form(suggest="add", suggested=["kubernetes", "sql", "no-such-skill"]))
    assert response.status_code == 200
    page = response.text
    assert 'name="needs-1-skill" value="Kubernetes"' in page
    assert 'name="needs-2-skill" value="SQL"' in page
    assert 'name="needs-TOTAL_FORMS" value="3"' in page
    assert '<input type="checkbox" name="suggested" value="kubernetes"' not in page
    assert "Nothing is saved until you save the opportunity." in page
    assert _counts() == before

    saved = client.post("/opportunities/new/", _form(**{
        "needs-TOTAL_FORMS": "3", "needs-1-skill": "Kubernetes", "needs-2-skill": "SQL", "needs-2-need": "required",
        "needs-2-level": "3", "action": "draft",
    }))
    assert saved.status_code == 302
    opportunity = Opportunity.objects.get(title="Month-end automation")
    assert set(opportunity.skill_needs.values_list("skill__slug", flat=True)) == {"python", "kubernetes", "sql"}


def test_ticking_a_suggestion_and_pressing_save_does_not_save_yet(taxonomy):
    before = _counts()
    response = taxonomy.client(taxonomy.owner).post("/opportunities/new/", _form(suggested=["kubernetes"], action="publish"))
    assert response.status_code == 200
    assert 'name="needs-1-skill" value="Kubernetes"' in response.text
    assert _counts() == before


def test_an_empty_description_asks_for_one(taxonomy):
    response = taxonomy.client(taxonomy.owner).post("/opportunities/new/", _form(description="", suggest="1"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Write a description first" in response.text


def test_the_owner_gets_suggestions_on_the_edit_form_and_nobody_else_does(taxonomy):
    gig = taxonomy.gig
    url = f"/opportunities/{gig.public_id}/edit/"
    before = _counts()
    response = taxonomy.client(taxonomy.owner).post(url, _form(suggest="1"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-add-skill="Kubernetes"' in response.text
    assert taxonomy.client(taxonomy.employee).post(url, _form(suggest="1"), HTTP_HX_REQUEST="true").status_code == 403
    assert taxonomy.client(taxonomy.outsider).post("/opportunities/new/", _form(suggest="1")).status_code == 403
    assert _counts() == before
    gig.refresh_from_db()
    assert gig.title == "Automate the month-end report"
