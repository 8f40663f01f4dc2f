"""Bad input to the record services is refused with the field named and nothing written; only the person records
their own learning, and only L&OD admins (or xAPI) record an assessment's result."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.learning import services
from talentloop.learning.models import ItemKind, LearningRecord
from talentloop.learning.tests.factories import LearningItemFactory, LearningItemSkillFactory
from talentloop.people.models import EmployeeSkill

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "finished"}, "outcome"),
        ({"outcome": "passed", "score": 1.5}, "score"),
        ({"outcome": "passed", "score": float("nan")}, "score"),
        ({"outcome": "passed", "score": True}, "score"),
        ({"outcome": "completed", "at": dt.datetime(2026, 1, 1, 9)}, "at"),
        ({"outcome": "completed", "source": ""}, "source"),
        ({"outcome": "completed", "source": "x" * 121}, "source"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(org, kwargs, field):
    item = LearningItemFactory()
    outcome = kwargs.pop("outcome")
    with pytest.raises(InvalidInput) as caught:
        services.record_result(org.employee, item, outcome, **kwargs)
    assert field in caught.value.errors
    assert not LearningRecord.objects.exists()


@pytest.mark.parametrize("percent", [-1, 101, 50.5, "50", True])
def test_progress_must_be_a_whole_percent(org, percent):
    with pytest.raises(InvalidInput) as caught:
        services.record_progress(org.employee, LearningItemFactory(), percent)
    assert "percent" in caught.value.errors
    assert not LearningRecord.objects.exists()


def test_progress_never_goes_down(org):
    item = LearningItemFactory()
    services.record_progress(org.employee, item, 60)
    record = services.record_progress(org.employee, item, 30)
    assert (record.status, record.progress) == ("in_progress", 60)
    assert record.events.count() == 1


def test_the_outsider_has_no_learning_records(org):
    with pytest.raises(Forbidden):
        services.enrol(org.personas(org.outsider), LearningItemFactory())


def test_a_person_cannot_self_declare_an_assessment(org):
    item = LearningItemFactory(kind=ItemKind.ASSESSMENT)
    LearningItemSkillFactory(item=item, target_level=4)
    with pytest.raises(Forbidden, match="not self-declared"):
        services.mark_completed(org.personas(org.employee), item)
    assert not LearningRecord.objects.exists()


def test_only_lod_admins_record_results(org):
    item = LearningItemFactory(kind=ItemKind.ASSESSMENT)
    LearningItemSkillFactory(item=item, skill__slug="sql", target_level=3)
    for who in (org.employee, org.manager, org.talent_admin, org.outsider):
        with pytest.raises(Forbidden):
            services.record_assessment_result(org.personas(who), org.employee, item, "passed")
    services.record_assessment_result(org.personas(org.lod_admin), org.employee, item, "passed", score=0.7)
    assert EmployeeSkill.objects.get(employee=org.employee, skill__slug="sql").proficiency == 3


def test_retired_items_take_no_new_enrolments_from_the_ui(org):
    item = LearningItemFactory(is_active=False)
    with pytest.raises(Conflict):
        services.enrol(org.personas(org.employee), item)


def test_who_sees_whose_records(org):
    ada = org.employee
    assert services.can_view_records_of(org.personas(ada), ada)
    assert services.can_view_records_of(org.personas(org.manager), ada)
    assert services.can_view_records_of(org.personas(org.lod_admin), ada)
    assert services.can_view_records_of(org.personas(org.talent_admin), ada)
    assert not services.can_view_records_of(org.personas(org.colleague), ada)
    assert not services.can_view_records_of(org.personas(org.owner), ada)
    assert not services.can_view_records_of(org.personas(org.outsider), ada)


def test_an_activity_id_finds_its_item(org):
    item = LearningItemFactory(activity_id="https://lms.example.test/courses/sql-101")
    assert services.item_for_activity("https://lms.example.test/courses/sql-101") == item
    assert services.item_for_activity("https://lms.example.test/courses/unknown") is None
    assert services.item_for_activity("") is None
