"""Skills on my profile: added by label, slug or alias (typeahead or plain form), with evidence, removed."""

from talentloop.people.models import EmployeeSkill, EvidenceSource, SkillEvidence
from talentloop.testing import factories as f


def _skill(org, label):
    return EmployeeSkill.objects.select_related("skill").get(employee=org.employee, skill__label=label)


def test_it_adds_a_skill_typed_as_its_label_with_level_and_evidence(org):
    f.SkillFactory(slug="postgresql", label="PostgreSQL")
    client = org.client(org.employee)
    response = client.post("/me/skills/", {
        "skill": "postgresql", "proficiency": "3", "note": "Ran the reporting database", "link": "https://example.test/db",
    })
    assert response.status_code == 302
    assert response["Location"] == "/me/#skills"
    es = _skill(org, "PostgreSQL")
    assert es.proficiency == 3
    evidence = es.evidence.get()
    assert evidence.source == EvidenceSource.SELF_DECLARED
    assert evidence.note == "Ran the reporting database"
    page = client.get("/me/").text
    assert "PostgreSQL is on your profile at level 3." in page
    assert "Ran the reporting database" in page


def test_it_resolves_an_alias_to_its_skill(org):
    k8s = f.SkillFactory(slug="kubernetes", label="Kubernetes")
    f.SkillAliasFactory(skill=k8s, alias="k8s")
    org.client(org.employee).post("/me/skills/", {"skill": "K8S", "proficiency": "2"})
    assert _skill(org, "Kubernetes").proficiency == 2


def test_it_says_when_the_typed_skill_is_unknown(org):
    response = org.client(org.employee).post("/me/skills/", {"skill": "Underwater basket weaving", "proficiency": "2"})
    assert response.status_code == 400
    assert 'id="id_skill_error">There is no skill called “Underwater basket weaving” in the taxonomy.' in response.text
    assert 'value="Underwater basket weaving"' in response.text


def test_it_says_when_the_typed_skill_is_ambiguous_and_lists_the_candidates(org):
    f.SkillFactory(slug="data-analysis", label="Data analysis")
    f.SkillFactory(slug="data-modelling", label="Data modelling")
    response = org.client(org.employee).post("/me/skills/", {"skill": "data", "proficiency": "2"})
    assert response.status_code == 400
    assert "“data” matches several skills: “Data analysis”, “Data modelling”. Pick one of them." in response.text


def test_it_refuses_a_retired_skill(org):
    f.SkillFactory(slug="flash", label="Adobe Flash", is_active=False)
    response = org.client(org.employee).post("/me/skills/", {"skill": "Adobe Flash", "proficiency": "2"})
    assert response.status_code == 400
    assert "There is no skill called “Adobe Flash”" in response.text


def test_it_adds_evidence_and_a_new_level_to_a_skill_she_holds(org):
    client = org.client(org.employee)
    client.post("/me/skills/python/evidence/", {"proficiency": "5", "note": "Led the migration"})
    es = _skill(org, "Python")
    assert es.proficiency == 5
    assert SkillEvidence.objects.filter(employee_skill=es, note="Led the migration").exists()


def test_it_names_the_field_when_the_evidence_link_is_not_an_address(org):
    response = org.client(org.employee).post("/me/skills/python/evidence/", {"proficiency": "4", "link": "not a link"})
    assert response.status_code == 400
    assert 'id="id_ev_python_link_error">Enter a valid URL.' in response.text


def test_it_removes_a_skill(org):
    client = org.client(org.employee)
    response = client.post("/me/skills/python/remove/")
    assert response["Location"] == "/me/#skills"
    assert not EmployeeSkill.objects.filter(employee=org.employee).exists()
    assert "Python is removed from your profile." in client.get("/me/").text
    assert client.post("/me/skills/python/remove/").status_code == 404
