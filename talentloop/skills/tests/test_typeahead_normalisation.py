"""The typeahead also offers the skills a text most likely means ("py scripting" → Python), after the skills that
contain it; a submitted text is still resolved exactly, and the resemblance only goes into the error."""

import re

import pytest
from django.core.exceptions import ValidationError

from talentloop.marketplace.models import OpportunitySkill
from talentloop.people.models import EmployeeSkill, SkillEvidence
from talentloop.skills.models import Skill
from talentloop.skills.views import resolve_skill, typeahead_options
from talentloop.testing import factories as f


@pytest.fixture
def taxonomy(org):
    """Python and Kubernetes with some of their aliases from the starter taxonomy, and a few neighbours."""
    python = Skill.objects.get(slug="python")
    for alias in ("python3", "py", "python scripting"):
        f.SkillAliasFactory(skill=python, alias=alias)
    kubernetes = f.SkillFactory(slug="kubernetes", label="Kubernetes")
    f.SkillAliasFactory(skill=kubernetes, alias="kube")
    f.SkillFactory(slug="people-management", label="People management")
    f.SkillFactory(slug="excel", label="Microsoft Excel")
    return org


def _options(client, q) -> list[tuple[str, str]]:
    response = client.get("/skills/typeahead/", {"q": q})
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]*)">([^<]*)</option>', response.text)


def test_it_offers_the_skill_a_loose_phrase_means_after_the_substring_matches(taxonomy):
    options = _options(taxonomy.client(taxonomy.employee), "py scripting")
    assert ("Python", "close to what you typed") in options


def test_it_offers_the_skill_behind_a_typo(taxonomy):
    options = _options(taxonomy.client(taxonomy.employee), "kubernets")
    assert options[0] == ("Kubernetes", "close to what you typed")


def test_substring_matches_come_first_and_are_not_offered_twice(taxonomy):
    options = _options(taxonomy.client(taxonomy.employee), "management")
    labels = [label for label, _ in options]
    assert labels[0] == "People management"
    assert options[0][1] != "close to what you typed"
    assert len(labels) == len(set(labels))


def test_it_offers_nothing_close_for_nonsense_or_a_word_start(taxonomy):
    client = taxonomy.client(taxonomy.employee)
    assert _options(client, "zzz") == []
    assert _options(client, "underwater basket weaving") == []
    # Two letters are the start of a word: only what contains them, no guesses.
    assert all(hint != "close to what you typed" for _, hint in _options(client, "ku"))


def test_it_still_offers_at_most_twelve(taxonomy):
    for i in range(15):
        f.SkillFactory(slug=f"kube-tool-{i}", label=f"Kubernetes tool {i:02d}")
    assert len(typeahead_options("kubernetes")) == 12
    assert len(typeahead_options("kubernets")) <= 12


def test_the_typeahead_writes_nothing(taxonomy):
    counts = (EmployeeSkill.objects.count(), SkillEvidence.objects.count(), OpportunitySkill.objects.count(), Skill.objects.count())
    client = taxonomy.client(taxonomy.employee)
    for q in ("py scripting", "kubernets", "python"):
        _options(client, q)
    assert counts == (EmployeeSkill.objects.count(), SkillEvidence.objects.count(), OpportunitySkill.objects.count(), Skill.objects.count())


def test_resolve_skill_never_maps_a_loose_phrase_and_says_what_it_may_mean(taxonomy):
    with pytest.raises(ValidationError) as caught:
        resolve_skill("py scripting")
    assert caught.value.messages == ["There is no skill called “py scripting”. Did you mean “Python”?"]


def test_resolve_skill_names_a_typo_s_skill(taxonomy):
    with pytest.raises(ValidationError) as caught:
        resolve_skill("Kubernets")
    assert caught.value.messages[0].startswith("There is no skill called “Kubernets”. Did you mean “Kubernetes”")


def test_resolve_skill_still_resolves_exact_names_and_aliases(taxonomy):
    assert resolve_skill("PYTHON").slug == "python"
    assert resolve_skill("python scripting").slug == "python"
    assert resolve_skill("kube").slug == "kubernetes"


def test_resolve_skill_says_plainly_when_nothing_is_close(taxonomy):
    with pytest.raises(ValidationError) as caught:
        resolve_skill("Underwater basket weaving")
    assert caught.value.messages == [
        "There is no skill called “Underwater basket weaving” in the taxonomy. Try another word or a shorter part of it."
    ]


def test_a_form_shows_the_did_you_mean_and_adds_nothing(taxonomy):
    before = EmployeeSkill.objects.count()
    response = taxonomy.client(taxonomy.employee).post("/me/skills/", {"skill": "py scripting", "proficiency": "2"})
    assert response.status_code == 400
    assert 'id="id_skill_error">There is no skill called “py scripting”. Did you mean “Python”?' in response.text
    assert EmployeeSkill.objects.count() == before
