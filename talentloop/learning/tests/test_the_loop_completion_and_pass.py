"""The loop: a completion or a pass puts evidence on the skills an item teaches and moves proficiency by the rule."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.learning import services
from talentloop.learning.models import ItemKind, LearningRecordEvent
from talentloop.learning.tests.factories import LearningItemFactory, LearningItemSkillFactory
from talentloop.matching.models import MatchingChange
from talentloop.people.models import EmployeeSkill, SkillEvidence
from talentloop.testing.factories import EmployeeSkillFactory, SkillFactory

pytestmark = pytest.mark.django_db


def held(employee, slug):
    es = EmployeeSkill.objects.filter(employee=employee, skill__slug=slug).first()
    return None if es is None else es.proficiency


def course_teaching(*pairs, kind=ItemKind.COURSE):
    item = LearningItemFactory(kind=kind)
    for slug, level in pairs:
        LearningItemSkillFactory(item=item, skill=SkillFactory(slug=slug, label=slug.upper()), target_level=level)
    return item


def test_a_completed_course_lifts_the_held_level_one_step_toward_the_target(org):
    ada = org.employee
    EmployeeSkillFactory(employee=ada, skill=SkillFactory(slug="sql"), proficiency=1)
    item = course_teaching(("sql", 4))
    services.record_result(ada, item, "completed")
    assert held(ada, "sql") == 2
    ev = SkillEvidence.objects.get(employee_skill__employee=ada, employee_skill__skill__slug="sql")
    assert (ev.source, ev.proficiency, ev.verified) == ("learning_completion", 4, False)
    assert EmployeeSkill.objects.get(employee=ada, skill__slug="sql").verified is False


def test_a_first_course_on_a_new_skill_gives_awareness(org):
    item = course_teaching(("sql", 3))
    services.record_result(org.employee, item, "completed")
    assert held(org.employee, "sql") == 1


def test_a_completion_never_lifts_above_the_target_nor_lowers_the_level(org):
    ada = org.employee  # holds python at 4 (the org fixture)
    item = course_teaching(("python", 2), ("sql", 1))
    services.record_result(ada, item, "completed")
    assert held(ada, "python") == 4
    assert held(ada, "sql") == 1
    assert SkillEvidence.objects.filter(employee_skill__employee=ada, source="learning_completion").count() == 2


@pytest.mark.parametrize("kind", [ItemKind.MODULE, ItemKind.PROGRAMME])
def test_modules_and_programmes_teach_like_courses(org, kind):
    EmployeeSkillFactory(employee=org.employee, skill=SkillFactory(slug="sql"), proficiency=2)
    item = course_teaching(("sql", 5), kind=kind)
    services.record_result(org.employee, item, "completed")
    assert held(org.employee, "sql") == 3


@pytest.mark.parametrize("kind", [ItemKind.ASSESSMENT, ItemKind.MICRO_CERTIFICATION])
def test_a_passed_assessment_gives_verified_evidence_and_the_target_level(org, kind):
    ada = org.employee
    EmployeeSkillFactory(employee=ada, skill=SkillFactory(slug="sql"), proficiency=1)
    item = course_teaching(("sql", 4), kind=kind)
    services.record_result(ada, item, "passed", score=0.82)
    es = EmployeeSkill.objects.get(employee=ada, skill__slug="sql")
    assert (es.proficiency, es.verified) == (4, True)
    ev = es.evidence.get()
    assert (ev.source, ev.proficiency, ev.verified) == ("assessment", 4, True)


def test_a_passed_assessment_never_lowers_a_level(org):
    item = course_teaching(("python", 2), kind=ItemKind.ASSESSMENT)
    services.record_result(org.employee, item, "passed")
    assert held(org.employee, "python") == 4


def test_a_completed_assessment_without_a_result_and_a_failure_give_no_evidence(org):
    item = course_teaching(("sql", 3), kind=ItemKind.ASSESSMENT)
    services.record_result(org.employee, item, "completed")
    record = services.record_result(org.employee, item, "failed", score=0.3)
    assert record.status == "failed" and record.score == 0.3
    assert held(org.employee, "sql") is None
    assert not SkillEvidence.objects.filter(employee_skill__employee=org.employee, employee_skill__skill__slug="sql").exists()


def test_a_retake_passed_after_a_failure_counts(org):
    item = course_teaching(("sql", 3), kind=ItemKind.ASSESSMENT)
    services.record_result(org.employee, item, "failed")
    services.record_result(org.employee, item, "passed")
    assert held(org.employee, "sql") == 3


def test_a_failed_course_gives_no_evidence(org):
    item = course_teaching(("sql", 3))
    services.record_result(org.employee, item, "failed")
    assert held(org.employee, "sql") is None


def test_a_passed_course_counts_as_a_completion_not_an_assessment(org):
    item = course_teaching(("sql", 3))
    services.record_result(org.employee, item, "passed")
    ev = SkillEvidence.objects.get(employee_skill__employee=org.employee, employee_skill__skill__slug="sql")
    assert (ev.source, ev.verified) == ("learning_completion", False)
    assert held(org.employee, "sql") == 1


def test_completed_then_passed_writes_the_evidence_once(org):
    item = course_teaching(("sql", 3))
    services.record_result(org.employee, item, "completed")
    services.record_result(org.employee, item, "passed")
    assert SkillEvidence.objects.filter(employee_skill__employee=org.employee, employee_skill__skill__slug="sql").count() == 1
    assert held(org.employee, "sql") == 1


def test_the_same_outcome_again_changes_nothing(org):
    item = course_teaching(("sql", 3))
    first = services.record_result(org.employee, item, "completed", at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    again = services.record_result(org.employee, item, "completed", at=dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC))
    assert again.pk == first.pk and again.completed_at == dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    assert held(org.employee, "sql") == 1
    assert LearningRecordEvent.objects.filter(record=first).count() == 1


def test_a_late_enrolment_or_progress_does_not_move_a_record_back(org):
    item = course_teaching(("sql", 3))
    services.record_result(org.employee, item, "completed")
    services.record_result(org.employee, item, "enrolled")
    record = services.record_progress(org.employee, item, 40)
    assert (record.status, record.progress) == ("completed", 100)


def test_a_pass_is_never_undone_by_a_later_failure(org):
    item = course_teaching(("sql", 3), kind=ItemKind.ASSESSMENT)
    services.record_result(org.employee, item, "passed", score=0.9)
    record = services.record_result(org.employee, item, "failed", score=0.1)
    assert (record.status, record.score) == ("passed", 0.9)
    assert held(org.employee, "sql") == 3


def test_the_person_is_stamped_so_the_feed_changes_on_the_next_request(org):
    item = course_teaching(("sql", 3))
    before = MatchingChange.objects.filter(kind="person", object_id=org.employee.pk).count()
    services.record_result(org.employee, item, "enrolled")
    assert MatchingChange.objects.filter(kind="person", object_id=org.employee.pk).count() == before
    services.record_result(org.employee, item, "completed")
    assert MatchingChange.objects.filter(kind="person", object_id=org.employee.pk).count() == before + 1


def test_retired_skills_get_no_evidence(org):
    item = course_teaching(("sql", 3))
    item.taught_skills.get().skill.__class__.objects.filter(slug="sql").update(is_active=False)
    services.record_result(org.employee, item, "completed")
    assert held(org.employee, "sql") is None


def test_the_event_keeps_the_levels_the_completion_gave(org):
    item = course_teaching(("sql", 3), ("python", 5))
    record = services.record_result(org.employee, item, "completed", source="xapi:moodle")
    event = record.events.get()
    assert event.evidence_levels == {"python": 5, "sql": 1}
    assert (event.outcome, event.status, event.source) == ("completed", "completed", "xapi:moodle")
    assert record.source == "xapi:moodle"


def test_a_completion_asks_credentials_to_issue_what_is_newly_earned(org, monkeypatch):
    from talentloop.credentials import api as credentials

    asked: list[int] = []
    monkeypatch.setattr(credentials, "on_evidence_changed", asked.append)
    item = course_teaching(("sql", 3))
    services.record_result(org.employee, item, "enrolled")
    assert asked == []
    services.record_result(org.employee, item, "completed")
    services.record_result(org.employee, item, "completed")
    assert asked == [org.employee.pk]
