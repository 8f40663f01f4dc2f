"""Statements about unknown people or activities are listed for L&OD and talent admins, who reprocess them once the
catalog or the people are fixed; nobody else sees them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from talentloop.learning.models import LearningItem
from talentloop.learning.services import record_of
from talentloop.xapi import services
from talentloop.xapi.models import Outcome, Statement
from talentloop.xapi.tests.conftest import statement

UNKNOWN_COURSE = "https://lms.example.test/courses/data-ethics"


@pytest.fixture
def unmatched(org, lms, course):
    lms.post([statement(activity=UNKNOWN_COURSE), statement(email="new.starter@example.test"), statement("experienced")])
    return Statement.objects.exclude(outcome=Outcome.IGNORED_VERB)


@pytest.mark.parametrize("who", ["lod_admin", "talent_admin"])
def test_admins_see_the_unmatched_statements_with_the_reason(org, unmatched, who):
    response = org.client(getattr(org, who)).get("/xapi/unmatched/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No catalog item has the activity id https://lms.example.test/courses/data-ethics." in page
    assert "No employee has the email new.starter@example.test." in page
    assert "experienced" not in page  # ignored verbs are not waiting for anyone
    assert "2 unmatched statements" in page


@pytest.mark.parametrize("who", ["employee", "manager", "outsider"])
def test_nobody_else_sees_them_or_reprocesses(org, unmatched, who):
    client = org.client(getattr(org, who))
    response = client.get("/xapi/unmatched/")
    assert response.status_code == 403
    assert "new.starter" not in response.content.decode()
    assert client.post("/xapi/unmatched/reprocess/").status_code == 403
    assert Statement.objects.filter(outcome__in=[Outcome.UNKNOWN_ACTIVITY, Outcome.UNKNOWN_PERSON]).count() == 2


def test_signed_out_visitors_are_sent_to_sign_in(unmatched):
    response = Client().get("/xapi/unmatched/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_reprocessing_after_the_catalog_is_fixed_makes_the_learning_record(org, unmatched, course):
    LearningItem.objects.filter(pk=course.pk).update(activity_id=UNKNOWN_COURSE)
    response = org.client(org.lod_admin).post("/xapi/unmatched/reprocess/", follow=True)
    assert "Reprocessed: 1 now recorded as learning, 1 still unmatched." in response.content.decode()
    fixed = Statement.objects.get(activity_id=UNKNOWN_COURSE)
    assert fixed.outcome == Outcome.PROCESSED
    assert fixed.note == ""
    assert record_of(org.employee, course).status == "completed"
    assert record_of(org.employee, course).source == "xapi:Moodle"


def test_reprocessing_one_statement_after_the_person_is_fixed(org, unmatched, course):
    waiting = Statement.objects.get(outcome=Outcome.UNKNOWN_PERSON)
    org.colleague.user.email = "new.starter@example.test"
    org.colleague.user.save()
    response = org.client(org.talent_admin).post("/xapi/unmatched/reprocess/", {"statement": str(waiting.id)})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.outcome == Outcome.PROCESSED
    assert record_of(org.colleague, course).status == "completed"
    assert Statement.objects.get(activity_id=UNKNOWN_COURSE).outcome == Outcome.UNKNOWN_ACTIVITY


def test_reprocessing_twice_records_once(org, unmatched, course):
    LearningItem.objects.filter(pk=course.pk).update(activity_id=UNKNOWN_COURSE)
    p = org.personas(org.lod_admin)
    assert services.reprocess(p).processed == 1
    assert services.reprocess(p).processed == 0
    assert record_of(org.employee, course).events.filter(outcome="completed").count() == 1


def test_the_list_costs_the_same_queries_however_long(org, lms, course):
    client = org.client(org.lod_admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/xapi/unmatched/").status_code == 200
        return len(captured)

    lms.post(statement(activity=UNKNOWN_COURSE))
    one = queries()
    lms.post([statement(activity=f"{UNKNOWN_COURSE}/{n}") for n in range(30)])
    assert queries() == one
