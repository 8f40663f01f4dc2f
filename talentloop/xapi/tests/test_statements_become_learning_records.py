"""Which statements become learning records (the mapping in docs/xapi.md), and which are kept with the reason."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.learning.models import ItemKind
from talentloop.learning.services import record_of
from talentloop.learning.tests.factories import LearningItemFactory
from talentloop.testing import factories as f
from talentloop.xapi.models import Outcome, Statement
from talentloop.xapi.tests.conftest import statement


def _send(lms, sent) -> Statement:
    assert lms.post(sent).status_code == 200
    return Statement.objects.get(pk=sent["id"])


def test_a_completion_by_a_known_person_on_a_known_activity_becomes_a_learning_record(org, lms, course):
    stored = _send(lms, statement("completed", email="ADA@example.test", result={"score": {"scaled": 0.75}}))
    assert stored.outcome == Outcome.PROCESSED
    record = record_of(org.employee, course)
    assert record.status == "completed"
    assert record.score == 0.75
    assert record.source == "xapi:Moodle"
    assert record.completed_at == dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)


def test_an_account_is_matched_to_the_user_name(org, lms, course):
    sent = statement("completed")
    sent["actor"] = {"account": {"homePage": "https://lms.example.test", "name": "ada"}}
    assert _send(lms, sent).outcome == Outcome.PROCESSED
    assert record_of(org.employee, course).status == "completed"


@pytest.mark.parametrize(("verb", "result", "status"), [
    ("passed", {"success": True, "score": {"raw": 45, "max": 50}}, "passed"),
    ("failed", {"success": False, "score": {"scaled": 0.3}}, "failed"),
    ("completed", {"success": False}, "failed"),
    ("attempted", None, "enrolled"),
    ("launched", None, "enrolled"),
    ("registered", None, "enrolled"),
])
def test_each_recorded_verb_gives_its_learning_outcome(org, lms, verb, result, status):
    item = LearningItemFactory(slug="sql-test", kind=ItemKind.ASSESSMENT)
    sent = statement(verb, activity=item.activity_id, **({"result": result} if result else {}))
    assert _send(lms, sent).outcome == Outcome.PROCESSED
    assert record_of(org.employee, item).status == status


def test_progress_comes_from_the_cmi5_extension_or_the_score(org, lms, course):
    progress = "https://w3id.org/xapi/cmi5/result/extensions/progress"
    _send(lms, statement("progressed", result={"extensions": {progress: 40}}))
    assert (record_of(org.employee, course).status, record_of(org.employee, course).progress) == ("in_progress", 40)
    _send(lms, statement("progressed", result={"score": {"scaled": 0.6}}))
    assert record_of(org.employee, course).progress == 60


def test_other_verbs_are_kept_but_ignored(org, lms, course):
    stored = _send(lms, statement("experienced"))
    assert stored.outcome == Outcome.IGNORED_VERB
    assert record_of(org.employee, course) is None


def test_an_unknown_activity_is_kept_with_the_reason(org, lms, course):
    stored = _send(lms, statement(activity="https://lms.example.test/courses/unknown"))
    assert stored.outcome == Outcome.UNKNOWN_ACTIVITY
    assert stored.note == "No catalog item has the activity id https://lms.example.test/courses/unknown."
    assert record_of(org.employee, course) is None


def test_an_unknown_person_is_kept_with_the_reason(org, lms, course):
    stored = _send(lms, statement(email="nobody@example.test"))
    assert stored.outcome == Outcome.UNKNOWN_PERSON
    assert stored.note == "No employee has the email nobody@example.test."


def test_two_people_with_one_email_are_not_guessed_between(org, lms, course):
    f.EmployeeFactory(user__username="ada2", user__email="ada@example.test")
    stored = _send(lms, statement())
    assert stored.outcome == Outcome.UNKNOWN_PERSON
    assert stored.note == "More than one employee has the email ada@example.test."
    assert record_of(org.employee, course) is None


def test_an_actor_talentloop_cannot_read_is_an_unknown_person(org, lms, course):
    sent = statement()
    sent["actor"] = {"mbox_sha1sum": "a" * 40}
    stored = _send(lms, sent)
    assert stored.outcome == Outcome.UNKNOWN_PERSON
    assert "mbox_sha1sum" in stored.note


def test_a_statement_without_timestamp_is_recorded_at_the_time_stored(org, lms, course):
    sent = statement()
    del sent["timestamp"]
    stored = _send(lms, sent)
    assert stored.timestamp == stored.stored
    assert record_of(org.employee, course).completed_at == stored.stored
