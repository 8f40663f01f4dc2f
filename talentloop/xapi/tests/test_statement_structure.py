"""What makes a statement malformed, and the reason given: checked without a database."""

from __future__ import annotations

import copy

import pytest

from talentloop.xapi.statements import StatementError, canonical, parse_statement
from talentloop.xapi.tests.conftest import COURSE_ID, statement


def _with(path: str, value):
    data = statement()
    target = data
    *parents, last = path.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    if value is _DROP:
        del target[last]
    else:
        target[last] = value
    return data


_DROP = object()


def test_a_well_formed_statement_is_read():
    parsed = parse_statement(statement("passed", email="Ada@Example.TEST", result={"success": True, "score": {"scaled": 0.9}}))
    assert parsed.verb_id == "http://adlnet.gov/expapi/verbs/passed"
    assert parsed.actor_mbox == "mailto:ada@example.test"
    assert parsed.object_id == COURSE_ID
    assert parsed.success is True
    assert parsed.score.as_fraction() == 0.9
    assert parsed.timestamp.isoformat() == "2026-11-20T10:30:00+00:00"


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        ("id", "not-a-uuid", "id: must be a UUID string"),
        ("actor", _DROP, "actor: is required"),
        ("actor.account", {"homePage": "https://lms.example.test", "name": "ada"}, "actor: must have exactly one identifier (found mbox, account)"),
        ("actor.mbox", "ada@example.test", "actor.mbox: must be a mailto: IRI"),
        ("actor.objectType", "Robot", "actor.objectType: must be Agent or Group"),
        ("verb", _DROP, "verb: is required"),
        ("verb.id", "completed", "verb.id: must be an absolute IRI"),
        ("verb.display", "completed", "verb.display: must be a language map"),
        ("object", _DROP, "object: is required"),
        ("object.id", _DROP, "object.id: is required for an activity"),
        ("object.id", "not an iri", "object.id: must be an absolute IRI"),
        ("result.success", "yes", "result.success: must be true or false"),
        ("result.completion", 1, "result.completion: must be true or false"),
        ("result.score", {"scaled": 1.5}, "result.score.scaled: must be between -1 and 1"),
        ("result.score", {"scaled": "0.5"}, "result.score.scaled: must be a number"),
        ("result.score", {"raw": 12, "min": 0, "max": 10}, "result.score.raw: must not be more than max"),
        ("result.duration", "90 minutes", "result.duration: must be an ISO 8601 duration"),
        ("timestamp", "yesterday", "timestamp: must be an ISO 8601 date and time"),
        ("timestamp", "2026-11-20", "timestamp: must be an ISO 8601 date and time"),
        ("timestamp", "2026-13-40T10:00:00Z", "timestamp: '2026-13-40T10:00:00Z' is not an ISO 8601 date and time"),
        ("mood", "happy", "statement: unknown property mood"),
        ("context.registration", "abc", "context.registration: must be a UUID string"),
        ("version", "0.95", "version: must be 1.0.0 to 1.0.3 or 2.0.x"),
    ],
)
def test_a_malformed_statement_is_refused_with_the_reason(path, value, reason):
    with pytest.raises(StatementError) as caught:
        parse_statement(_with(path, value))
    assert str(caught.value).startswith(reason)


def test_an_account_names_the_person_instead_of_an_mbox():
    data = statement()
    data["actor"] = {"account": {"homePage": "https://lms.example.test", "name": "ada"}}
    parsed = parse_statement(data)
    assert (parsed.actor_mbox, parsed.actor_account_name) == ("", "ada")


def test_a_voiding_statement_points_at_a_statement():
    target = statement()["id"]
    voiding = statement("voided")
    voiding["object"] = {"objectType": "StatementRef", "id": target}
    assert str(parse_statement(voiding).voids) == target
    voiding["object"] = {"objectType": "Activity", "id": COURSE_ID}
    with pytest.raises(StatementError, match="voiding statement's object must be a StatementRef"):
        parse_statement(voiding)


def test_a_raw_score_is_scaled_between_min_and_max():
    parsed = parse_statement(statement(result={"score": {"raw": 30, "min": 10, "max": 50}}))
    assert parsed.score.as_fraction() == 0.5
    assert parse_statement(statement(result={"score": {"scaled": -0.5}})).score.as_fraction() == 0.0


def test_the_same_statement_compares_equal_whatever_the_lrs_added_or_the_time_zone():
    sent = statement()
    again = copy.deepcopy(sent) | {"stored": "2026-11-21T00:00:00Z", "version": "1.0.3", "timestamp": "2026-11-20T11:30:00+01:00"}
    assert canonical(sent) == canonical(again)
    assert canonical(sent) != canonical(sent | {"result": {"success": False}})
