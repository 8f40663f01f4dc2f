"""Profile writes: availability, visibility, skills with evidence, aspirations; each validated."""

from __future__ import annotations

import pytest

from talentloop.errors import Forbidden, InvalidInput, NotFound
from talentloop.people import services
from talentloop.people.models import EmployeeSkill, EvidenceSource, SkillEvidence
from talentloop.testing import factories as f


def test_a_person_updates_availability_and_visibility(org):
    me = org.personas(org.employee)
    services.update_profile(me, org.employee, {"weekly_hours_available": 10, "work_mode": "remote", "share_aspirations_with_owners": True})
    org.employee.refresh_from_db()
    assert (org.employee.weekly_hours_available, org.employee.work_mode) == (10, "remote")
    assert org.employee.share_aspirations_with_owners


def test_bad_profile_input_names_each_field_and_writes_nothing(org):
    me = org.personas(org.employee)
    with pytest.raises(InvalidInput) as exc:
        services.update_profile(me, org.employee, {"weekly_hours_available": 99, "work_mode": "moon", "open_to_opportunities": "yes", "job_title": "CEO"})
    assert set(exc.value.errors) == {"weekly_hours_available", "work_mode", "open_to_opportunities", "job_title"}
    org.employee.refresh_from_db()
    assert org.employee.weekly_hours_available == 8


def test_nobody_else_edits_a_profile(org):
    for who in (org.manager, org.owner, org.colleague, org.outsider, org.lod_admin):
        with pytest.raises(Forbidden):
            services.update_profile(org.personas(who), org.employee, {"weekly_hours_available": 1})
    services.update_profile(org.personas(org.talent_admin), org.employee, {"weekly_hours_available": 1})


def test_declaring_a_skill_adds_self_declared_evidence(org):
    sql = f.SkillFactory(slug="sql", label="SQL")
    es = services.set_skill(org.personas(org.employee), org.employee, sql, 2, note="evening course")
    ev = SkillEvidence.objects.get(employee_skill=es)
    assert (ev.source, ev.proficiency, ev.verified) == (EvidenceSource.SELF_DECLARED, 2, False)
    assert not es.verified


def test_a_manager_assessment_is_verified_evidence(org):
    python = f.SkillFactory(slug="python")
    es = services.set_skill(org.personas(org.manager), org.employee, python, 5)
    assert es.verified and es.proficiency == 5
    assert es.evidence.filter(source=EvidenceSource.MANAGER_ASSESSED, verified=True).exists()


def test_others_cannot_set_someone_elses_skills(org):
    python = f.SkillFactory(slug="python")
    for who in (org.owner, org.colleague, org.outsider):
        with pytest.raises(Forbidden):
            services.set_skill(org.personas(who), org.employee, python, 5)


def test_a_skill_level_must_be_one_to_five(org):
    python = f.SkillFactory(slug="python")
    for bad in (0, 6, "3", True):
        with pytest.raises(InvalidInput) as exc:
            services.set_skill(org.personas(org.employee), org.employee, python, bad)
        assert "proficiency" in exc.value.errors


def test_removing_a_skill_not_held_is_not_found(org):
    sql = f.SkillFactory(slug="sql")
    with pytest.raises(NotFound):
        services.remove_skill(org.personas(org.employee), org.employee, sql)
    services.remove_skill(org.personas(org.employee), org.employee, f.SkillFactory(slug="python"))
    assert not EmployeeSkill.objects.filter(employee=org.employee).exists()


def test_aspirations_are_saved_and_validated(org):
    role = f.RoleFactory(title="Data engineer")
    sql = f.SkillFactory(slug="sql")
    me = org.personas(org.employee)
    a = services.set_aspirations(me, org.employee, target_roles=[role], skills_to_grow=[sql], opportunity_types=["gig", "mentorship"], work_modes=["remote"])
    assert list(a.target_roles.all()) == [role] and a.opportunity_types == ["gig", "mentorship"]
    with pytest.raises(InvalidInput) as exc:
        services.set_aspirations(me, org.employee, target_roles=[], skills_to_grow=[], opportunity_types=["party"], work_modes=["moon"])
    assert set(exc.value.errors) == {"opportunity_types", "work_modes"}
