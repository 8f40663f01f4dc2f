"""people.services.add_inferred_skills: the write behind confirming suggested skills."""

import pytest

from talentloop.errors import Forbidden, InvalidInput
from talentloop.matching.models import MatchingChange
from talentloop.people.models import EmployeeSkill, EvidenceSource, SkillEvidence
from talentloop.people.services import InferredSkill, add_inferred_skills
from talentloop.skills.models import Skill
from talentloop.testing import factories as f


@pytest.fixture
def skills(org):
    return Skill.objects.get(slug="sql"), f.SkillFactory(slug="kubernetes", label="Kubernetes")


def _counts():
    return EmployeeSkill.objects.count(), SkillEvidence.objects.count()


def test_it_adds_each_skill_with_one_piece_of_inferred_unverified_evidence(org, skills):
    sql, kubernetes = skills
    added, skipped = add_inferred_skills(org.personas(org.employee), org.employee, [
        InferredSkill(sql, 3, "Built pipelines in SQL."), InferredSkill(kubernetes, 2, "Ran them on Kubernetes."),
    ])
    assert [es.skill for es in added] == [sql, kubernetes] and skipped == []
    for es in added:
        es.refresh_from_db()
        assert es.verified is False
        assert list(es.evidence.values_list("source", "verified")) == [(EvidenceSource.INFERRED, False)]
    assert MatchingChange.objects.filter(kind=MatchingChange.Kind.PERSON, object_id=org.employee.pk).exists()


def test_a_held_skill_is_skipped_and_never_lowered(org, skills):
    python = Skill.objects.get(slug="python")
    added, skipped = add_inferred_skills(org.personas(org.employee), org.employee, [InferredSkill(python, 1, "py")])
    assert added == [] and skipped == [python]
    held = EmployeeSkill.objects.get(employee=org.employee, skill=python)
    assert held.proficiency == 4 and not held.evidence.filter(source=EvidenceSource.INFERRED).exists()


def test_a_talent_admin_may_add_them_for_a_person(org, skills):
    added, _ = add_inferred_skills(org.personas(org.talent_admin), org.employee, [InferredSkill(skills[1], 2, "")])
    assert added[0].evidence.get().recorded_by == org.talent_admin


@pytest.mark.parametrize("who", ["colleague", "manager", "owner", "outsider", "lod_admin"])
def test_nobody_else_may_add_them(org, skills, who):
    before = _counts()
    with pytest.raises(Forbidden):
        add_inferred_skills(org.personas(getattr(org, who)), org.employee, [InferredSkill(skills[1], 2, "")])
    assert _counts() == before


def test_it_checks_everything_before_writing_anything(org, skills):
    sql, kubernetes = skills
    retired = f.SkillFactory(slug="flash", label="Adobe Flash", is_active=False)
    before = _counts()
    with pytest.raises(InvalidInput) as caught:
        add_inferred_skills(org.personas(org.employee), org.employee, [
            InferredSkill(kubernetes, 2, "fine"), InferredSkill(sql, 9, "level"), InferredSkill(retired, 2, "retired"),
            InferredSkill(kubernetes, 3, "twice"), InferredSkill(Skill.objects.get(slug="python"), 2, "x" * 501),
        ])
    assert set(caught.value.errors) == {"skills[1]", "skills[2]", "skills[3]", "skills[4]"}
    assert _counts() == before


def test_nothing_ticked_is_an_error(org):
    with pytest.raises(InvalidInput):
        add_inferred_skills(org.personas(org.employee), org.employee, [])
