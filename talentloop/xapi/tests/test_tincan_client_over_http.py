"""An independent xAPI client (Rustici's PyPI `tincan`, xAPI 1.0.3) sends real statements over HTTP to a running
Talentloop (pytest-django's live_server): a completion becomes a learning record, re-sending it changes nothing,
an unknown activity waits for the admins, and the client reads back what it sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from tincan import Activity, Agent, LanguageMap, RemoteLRS, Result, Score, Statement, Verb

from talentloop.learning.services import record_of
from talentloop.xapi.models import Outcome
from talentloop.xapi.models import Statement as StoredStatement
from talentloop.xapi.tests.conftest import ADL, COURSE_ID

# Transactional: the server thread must see the test's rows.
pytestmark = [pytest.mark.live_http, pytest.mark.django_db(transaction=True)]


def _statement(activity_id: str, *, verb: str = "completed", scaled: float = 0.9) -> Statement:
    return Statement(
        actor=Agent(name="Ada Lovelace", mbox="mailto:ada@example.test"),
        verb=Verb(id=ADL + verb, display=LanguageMap({"en-GB": verb})),
        object=Activity(id=activity_id),
        result=Result(success=True, completion=True, score=Score(scaled=scaled)),
        timestamp=dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC),
    )


def test_a_tincan_client_sends_statements_that_become_learning_records(live_server, org, lms, course):
    lrs = RemoteLRS(endpoint=live_server.url + "/xapi/", username=lms.key, password=lms.secret, version="1.0.3")

    about = lrs.about()
    assert about.success
    assert "1.0.3" in about.content.version

    # A completion by a known person on a catalog activity: stored and recorded.
    completed = _statement(COURSE_ID)
    saved = lrs.save_statement(completed)
    assert saved.success, saved.data
    assert completed.id is not None  # the LRS's id, read from its answer
    record = record_of(org.employee, course)
    assert (record.status, record.score, record.source) == ("completed", 0.9, "xapi:Moodle")

    # The same statement again (tincan PUTs it under its id now): 204, nothing new.
    again = lrs.save_statement(completed)
    assert again.success
    assert again.response.status == 204
    assert StoredStatement.objects.count() == 1
    assert record_of(org.employee, course).events.filter(outcome="completed").count() == 1

    # Other content under the same id is refused.
    changed = _statement(COURSE_ID, scaled=0.2)
    changed.id = completed.id
    conflict = lrs.save_statement(changed)
    assert not conflict.success
    assert conflict.response.status == 409

    # An activity the catalog does not know: kept, and listed for the admins.
    unknown = _statement("https://lms.example.test/courses/unknown", verb="passed")
    assert lrs.save_statement(unknown).success
    assert StoredStatement.objects.get(pk=unknown.id).outcome == Outcome.UNKNOWN_ACTIVITY
    admin_page = Client()
    admin_page.force_login(org.lod_admin)
    assert "https://lms.example.test/courses/unknown" in admin_page.get("/xapi/unmatched/").content.decode()

    # The client reads back what it sent, through its own parser.
    got = lrs.retrieve_statement(str(unknown.id))
    assert got.success, got.data
    assert str(got.content.id) == str(unknown.id)
    assert got.content.verb.id == ADL + "passed"
    assert got.content.object.id == "https://lms.example.test/courses/unknown"
    assert got.content.result.score.scaled == 0.9
    assert got.content.actor.mbox == "mailto:ada@example.test"

    listed = lrs.query_statements({"verb": Verb(id=ADL + "completed")})
    assert listed.success, listed.data
    assert [str(s.id) for s in listed.content.statements] == [str(completed.id)]


def test_a_tincan_client_with_a_wrong_secret_is_refused(live_server, lms):
    lrs = RemoteLRS(endpoint=live_server.url + "/xapi/", username=lms.key, password="wrong", version="1.0.3")
    response = lrs.save_statement(_statement(COURSE_ID))
    assert not response.success
    assert response.response.status == 401
    assert not StoredStatement.objects.exists()
