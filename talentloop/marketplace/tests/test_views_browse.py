"""Browsing and searching opportunities with the shared filter, as a full page or an htmx fragment."""

from talentloop.marketplace.lifecycle import OpportunityStatus, OpportunityType
from talentloop.people.models import WorkMode
from talentloop.testing import factories as f


def _titles(response) -> list[str]:
    return [part.split("</a>")[0].split(">")[-1] for part in response.text.split('<h3><a href="/opportunities/')[1:]]


def test_it_lists_open_opportunities_by_default(org):
    f.OpportunityFactory(title="Closed gig", status=OpportunityStatus.CLOSED)
    f.OpportunityFactory(title="Someone's draft", status=OpportunityStatus.DRAFT, published_at=None)
    response = org.client(org.employee).get("/opportunities/")
    assert response.status_code == 200
    assert _titles(response) == ["Automate the month-end report"]
    assert "1 opportunity" in response.text
    assert "Python 3" in response.text and "SQL 2" in response.text


def test_it_shows_closed_ones_when_asked_but_never_someone_elses_draft(org):
    f.OpportunityFactory(title="Closed gig", status=OpportunityStatus.CLOSED)
    f.OpportunityFactory(title="Someone's draft", status=OpportunityStatus.DRAFT, published_at=None)
    response = org.client(org.employee).get("/opportunities/?status=closed&status=draft")
    assert _titles(response) == ["Closed gig"]


def test_it_filters_by_type_department_hours_work_mode_and_text(org):
    mentoring = f.OpportunityFactory(title="Mentor a graduate", type=OpportunityType.MENTORSHIP,
                                     hours_per_week=2, work_mode=WorkMode.ONSITE)
    client = org.client(org.employee)
    assert _titles(client.get("/opportunities/?type=mentorship")) == ["Mentor a graduate"]
    assert _titles(client.get("/opportunities/?department=finance")) == ["Automate the month-end report"]
    assert _titles(client.get("/opportunities/?max_hours=3")) == ["Mentor a graduate"]
    assert _titles(client.get("/opportunities/?work_mode=onsite")) == ["Mentor a graduate"]
    assert _titles(client.get("/opportunities/?q=month-end")) == ["Automate the month-end report"]
    assert mentoring.title not in _titles(client.get("/opportunities/?type=gig"))


def test_it_filters_by_skill_typed_as_label_alias_or_slug(org):
    python = org.gig.skills.get(slug="python")
    f.SkillAliasFactory(skill=python, alias="py3")
    client = org.client(org.employee)
    for typed in ["Python", "py3", "python"]:
        response = client.get("/opportunities/", {"skill": typed})
        assert _titles(response) == ["Automate the month-end report"], typed
    f.SkillFactory(slug="go", label="Go")
    assert _titles(client.get("/opportunities/?skill=Go")) == []


def test_it_names_the_filter_when_the_skill_is_unknown(org):
    response = org.client(org.employee).get("/opportunities/?skill=Telepathy")
    assert response.status_code == 400
    assert "Skill: There is no skill called “Telepathy” in the taxonomy." in response.text


def test_it_answers_htmx_with_the_results_fragment_only(org):
    response = org.client(org.employee).get("/opportunities/?type=gig", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert '<h2 id="results-heading">1 opportunity</h2>' in response.text
    assert '<span id="results-announcer" hx-swap-oob="innerHTML">1 opportunity found</span>' in response.text
    assert "HX-Request" in response["Vary"]


def test_it_answers_an_htmx_history_restore_with_the_whole_page(org):
    response = org.client(org.employee).get(
        "/opportunities/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.text


def test_it_has_a_filter_form_that_works_with_and_without_javascript(org):
    page = org.client(org.employee).get("/opportunities/").text
    assert '<form method="get" action="/opportunities/"' in page
    assert 'hx-get="/opportunities/" hx-target="#results" hx-push-url="true"' in page
    assert 'list="skill-options"' in page and 'hx-get="/skills/typeahead/"' in page
    assert '<label for="id_type_0"><input type="checkbox" name="type" value="gig"' in page


def test_it_pages_through_many_results_in_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    skill = org.gig.skills.get(slug="python")
    for i in range(30):
        opportunity = f.OpportunityFactory(title=f"Gig number {i:02d}")
        f.OpportunitySkillFactory(opportunity=opportunity, skill=skill)
        f.OpportunitySkillFactory(opportunity=opportunity)
    client = org.client(org.employee)
    client.get("/for-you/")  # the first request of a process builds the matching index
    with django_assert_max_num_queries(15):  # with the employee's match on every card: one lock, two queries
        first = client.get("/opportunities/")
    assert len(_titles(first)) == 20
    assert "Page 1 of 2" in first.text
    assert 'href="?page=2"' in first.text
    with django_assert_max_num_queries(15):
        second = client.get("/opportunities/?page=2")
    assert len(_titles(second)) == 11


def test_it_shows_the_outsider_no_opportunities(org):
    response = org.client(org.outsider).get("/opportunities/")
    assert "0 opportunities" in response.text
    assert "Automate the month-end report" not in response.text
