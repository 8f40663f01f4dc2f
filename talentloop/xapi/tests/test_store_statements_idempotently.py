"""Statements are stored by id exactly once: POST and PUT, the same content again is harmless, other content conflicts;
GET returns one statement or a filtered StatementResult."""

from __future__ import annotations

import uuid

from talentloop.learning.models import LearningRecordEvent
from talentloop.learning.services import record_of
from talentloop.xapi.models import Statement
from talentloop.xapi.tests.conftest import ADL, COURSE_ID, statement


def test_post_stores_one_statement_and_answers_with_its_id(org, lms, course):
    sent = statement()
    response = lms.post(sent)
    assert response.status_code == 200
    assert response.json() == [sent["id"]]
    stored = Statement.objects.get(pk=sent["id"])
    assert stored.raw == sent
    assert stored.source == lms.system
    assert stored.version == "1.0.3"


def test_post_gives_ids_to_statements_without_one_in_order(org, lms, course):
    first, second = statement(statement_id=None), statement("attempted", statement_id=None)
    response = lms.post([first, second])
    assert response.status_code == 200
    ids = response.json()
    assert len(ids) == 2
    assert Statement.objects.get(pk=ids[0]).verb_id == ADL + "completed"
    assert Statement.objects.get(pk=ids[1]).verb_id == ADL + "attempted"
    assert Statement.objects.get(pk=ids[0]).raw["id"] == ids[0]


def test_the_same_statement_sent_again_changes_nothing(org, lms, course):
    sent = statement(result={"score": {"scaled": 0.8}})
    assert lms.post(sent).status_code == 200
    assert lms.post(sent).status_code == 200
    assert lms.put(sent["id"], sent).status_code == 204
    assert Statement.objects.count() == 1
    record = record_of(org.employee, course)
    assert record.status == "completed"
    assert LearningRecordEvent.objects.filter(record=record, outcome="completed").count() == 1


def test_put_stores_under_the_statement_id_and_is_idempotent(org, lms, course):
    sid = str(uuid.uuid4())
    sent = statement(statement_id=None)
    assert lms.put(sid, sent).status_code == 204
    assert lms.put(sid, sent).status_code == 204
    assert lms.put(sid, sent | {"id": sid}).status_code == 204
    assert Statement.objects.get().id == uuid.UUID(sid)


def test_the_same_id_with_other_content_is_a_conflict(org, lms, course):
    sent = statement()
    assert lms.put(sent["id"], sent).status_code == 204
    changed = sent | {"result": {"success": False}}
    response = lms.put(sent["id"], changed)
    assert response.status_code == 409
    assert "already stored" in response.json()["detail"]
    assert lms.post([statement(), changed]).status_code == 409
    assert Statement.objects.count() == 1  # the batch's other statement was not kept either
    assert Statement.objects.get().raw == sent


def test_put_needs_a_statement_id_that_matches(lms):
    sent = statement()
    assert lms.put("", sent).json()["errors"] == {"statementId": ["'' is not a UUID."]}
    response = lms.put(uuid.uuid4(), sent)
    assert response.status_code == 400
    assert "differs from statementId" in response.json()["detail"]


def test_a_malformed_statement_in_a_batch_rejects_the_batch_naming_it(lms, course):
    broken = statement()
    del broken["verb"]
    response = lms.post([statement(), broken])
    assert response.status_code == 400
    assert response.json()["errors"] == {"statement 1": ["verb: is required"]}
    assert not Statement.objects.exists()


def test_a_batch_with_one_id_twice_is_refused(lms):
    sent = statement()
    response = lms.post([sent, sent])
    assert response.status_code == 400
    assert "appears twice" in response.json()["detail"]


def test_a_body_that_is_not_json_is_a_bad_request(lms):
    from django.test import Client

    response = Client().post("/xapi/statements", "{nope", content_type="application/json", **lms.headers())
    assert response.status_code == 400
    assert response.json()["detail"].startswith("body: Not valid JSON")
    response = Client().post("/xapi/statements", "a=b", content_type="multipart/mixed", **lms.headers())
    assert response.status_code == 400
    assert "attachments are not supported" in response.json()["detail"]


def test_get_one_statement_by_id_with_what_the_lrs_adds(org, lms, course):
    sent = statement()
    lms.post(sent)
    response = lms.get(f"?statementId={sent['id']}")
    assert response.status_code == 200
    got = response.json()
    assert got["id"] == sent["id"]
    assert got["verb"] == sent["verb"]
    assert got["stored"].endswith("Z")
    assert got["authority"]["account"]["name"] == lms.key
    assert got["version"] == "1.0.0"
    assert "X-Experience-API-Consistent-Through" in response
    assert lms.get(f"?statementId={uuid.uuid4()}").status_code == 404


def test_a_system_reads_only_the_statements_it_sent(org, lms, course):
    from talentloop.xapi import services
    from talentloop.xapi.tests.conftest import Lms

    sent = statement()
    lms.post(sent)
    other_system, other_secret = services.create_source_system("Coursera")
    other = Lms(other_system, other_system.key, other_secret)
    assert other.get(f"?statementId={sent['id']}").status_code == 404
    assert other.get().json() == {"statements": [], "more": ""}


def test_get_filters_by_verb_activity_agent_and_time_and_pages_with_more(org, lms, course):
    other_course = "https://lms.example.test/courses/python"
    lms.post([statement("attempted"), statement("completed"), statement("completed", activity=other_course),
              statement("completed", email="maria@example.test")])
    completed = lms.get(f"?verb={ADL}completed").json()
    assert len(completed["statements"]) == 3
    assert completed["more"] == ""
    by_course = lms.get(f"?verb={ADL}completed&activity={COURSE_ID}").json()["statements"]
    assert len(by_course) == 2
    ada = lms.get('?agent={"mbox":"mailto:ada@example.test"}').json()["statements"]
    assert len(ada) == 3
    assert lms.get("?since=2999-01-01T00:00:00Z").json()["statements"] == []
    assert len(lms.get("?until=2999-01-01T00:00:00Z").json()["statements"]) == 4
    first = lms.get("?limit=3").json()
    assert len(first["statements"]) == 3
    assert first["more"].startswith("/xapi/statements?")
    rest = lms.get(first["more"].removeprefix("/xapi/statements")).json()
    assert len(rest["statements"]) == 1
    assert rest["more"] == ""
    seen = {s["id"] for s in first["statements"]} | {s["id"] for s in rest["statements"]}
    assert len(seen) == 4


def test_get_refuses_unknown_or_malformed_parameters(lms):
    assert lms.get("?colour=red").json()["errors"] == {"colour": ["Is not a parameter of the statements resource."]}
    assert lms.get("?since=yesterday").json()["errors"] == {"since": ["Must be an ISO 8601 date and time."]}
    assert lms.get("?limit=-1").status_code == 400
    assert lms.get(f"?statementId={uuid.uuid4()}&verb={ADL}completed").status_code == 400


def test_a_voiding_statement_hides_its_target_from_get(org, lms, course):
    sent = statement()
    lms.post(sent)
    voiding = statement("voided")
    voiding["object"] = {"objectType": "StatementRef", "id": sent["id"]}
    assert lms.post(voiding).status_code == 200
    assert Statement.objects.get(pk=sent["id"]).voided
    assert lms.get(f"?statementId={sent['id']}").status_code == 404
    assert lms.get(f"?voidedStatementId={sent['id']}").json()["id"] == sent["id"]
    assert [s["id"] for s in lms.get().json()["statements"]] == [voiding["id"]]
