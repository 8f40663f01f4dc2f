"""Suggest skills from a text on the profile: suggestions are shown with their confidence and passage, and only the
skills the person ticks and confirms are added, as inferred evidence that never counts as verified."""

import pytest

from talentloop.marketplace.models import OpportunitySkill
from talentloop.people.models import EmployeeSkill, EvidenceSource, SkillEvidence
from talentloop.skills.models import Skill
from talentloop.testing import factories as f

CV = """Data engineer at Acme.
Built nightly pipelines in Python and SQL; ran them on Kubernetes.
Wrote <b>dashboards</b> & reports in Microsoft Excel for the finance team."""


@pytest.fixture
def taxonomy(org):
    f.SkillFactory(slug="kubernetes", label="Kubernetes")
    f.SkillFactory(slug="excel", label="Microsoft Excel")
    return org


def _counts():
    return EmployeeSkill.objects.count(), SkillEvidence.objects.count(), OpportunitySkill.objects.count()


def _suggest(client, text=CV):
    return client.post("/me/skills/suggest/", {"text": text})


def test_the_page_starts_from_the_person_s_summary_and_is_linked_from_the_profile(taxonomy):
    ada = taxonomy.employee
    ada.summary = "I automate reports."
    ada.save()
    client = taxonomy.client(ada)
    assert 'href="/me/skills/suggest/"' in client.get("/me/").text
    page = client.get("/me/skills/suggest/").text
    assert "I automate reports.</textarea>" in page


def test_suggesting_shows_skills_with_confidence_and_the_marked_passage_and_writes_nothing(taxonomy):
    before = _counts()
    response = _suggest(taxonomy.client(taxonomy.employee))
    assert response.status_code == 200
    page = response.text
    assert 'value="kubernetes"' in page and 'value="excel"' in page and 'value="sql"' in page
    assert "95% · very likely" in page and "named in the text" in page
    assert "ran them on <mark>Kubernetes</mark>." in page
    # The text is escaped, the mark is ours.
    assert "&lt;b&gt;dashboards&lt;/b&gt; &amp; reports in <mark>Microsoft Excel</mark>" in page
    assert "<b>dashboards</b>" not in page
    assert _counts() == before


def test_skills_already_on_the_profile_are_marked_and_not_offered(taxonomy):
    page = _suggest(taxonomy.client(taxonomy.employee)).text
    assert 'value="python"' not in page
    assert "Already on your profile" in page
    assert "<li>Python <small" in page


def test_confirming_adds_exactly_the_ticked_skills_as_inferred_unverified_evidence(taxonomy):
    ada = taxonomy.employee
    before = _counts()
    response = taxonomy.client(ada).post("/me/skills/suggest/add/", {
        "text": CV, "add": ["kubernetes", "sql"], "level_kubernetes": "2", "level_sql": "3", "level_excel": "4",
    })
    assert response.status_code == 302
    assert response.url == "/me/#skills"
    assert _counts() == (before[0] + 2, before[1] + 2, before[2])
    added = {es.skill.slug: es for es in EmployeeSkill.objects.filter(employee=ada, skill__slug__in=["kubernetes", "sql", "excel"])}
    assert set(added) == {"kubernetes", "sql"}
    assert added["kubernetes"].proficiency == 2 and added["sql"].proficiency == 3
    for es in added.values():
        assert es.verified is False
        (evidence,) = es.evidence.all()
        assert evidence.source == EvidenceSource.INFERRED and evidence.verified is False
        assert evidence.recorded_by == ada.user
    assert added["kubernetes"].evidence.get().note == "ran them on Kubernetes."


def test_the_profile_labels_the_inferred_evidence(taxonomy):
    client = taxonomy.client(taxonomy.employee)
    client.post("/me/skills/suggest/add/", {"text": CV, "add": ["kubernetes"], "level_kubernetes": "2"})
    page = client.get("/me/").text
    assert '<small class="badge badge-inferred">inferred (suggestion)</small>' in page
    assert "inferred (suggestion), level 2 — ran them on Kubernetes." in page


def test_a_held_skill_is_never_changed_by_a_suggestion(taxonomy):
    ada = taxonomy.employee
    python = EmployeeSkill.objects.get(employee=ada, skill__slug="python")
    response = taxonomy.client(ada).post("/me/skills/suggest/add/", {"text": CV, "add": ["python"], "level_python": "1"})
    assert response.status_code == 400  # not offered, so it cannot be ticked
    python.refresh_from_db()
    assert python.proficiency == 4 and not python.evidence.filter(source=EvidenceSource.INFERRED).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": CV, "add": ["telepathy"], "level_telepathy": "3"}, "Select a valid choice. telepathy is not one of the available choices."),
        ({"text": CV, "add": ["kubernetes"], "level_kubernetes": "9"}, "Select a valid choice. 9 is not one of the available choices."),
        ({"text": CV, "add": ["kubernetes"], "level_kubernetes": ""}, "Choose a level for each ticked skill."),
        ({"text": CV}, "Tick at least one suggested skill."),
        ({"text": "", "add": ["kubernetes"], "level_kubernetes": "2"}, "This field is required."),
    ],
)
def test_bad_input_is_a_form_error_and_writes_nothing(taxonomy, data, message):
    before = _counts()
    response = taxonomy.client(taxonomy.employee).post("/me/skills/suggest/add/", data)
    assert response.status_code == 400
    assert message in response.text
    assert _counts() == before


def test_an_empty_text_is_a_form_error(taxonomy):
    response = _suggest(taxonomy.client(taxonomy.employee), text="   ")
    assert response.status_code == 400
    assert "Paste or type a text to suggest skills from." in response.text


def test_someone_without_a_profile_cannot_add_inferred_skills(taxonomy):
    client = taxonomy.client(taxonomy.outsider)
    before = _counts()
    assert client.post("/me/skills/suggest/add/", {"text": CV, "add": ["kubernetes"], "level_kubernetes": "2"}).status_code == 403
    assert client.get("/me/skills/suggest/").status_code == 403
    assert _counts() == before


def test_it_answers_signed_in_people_only(taxonomy):
    from django.test import Client

    assert Client().post("/me/skills/suggest/", {"text": CV}).status_code == 302
    assert Skill.objects.filter(slug="kubernetes").exists()
