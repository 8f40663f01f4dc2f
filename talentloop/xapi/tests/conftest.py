"""A source system with its credentials, an xAPI client for Django's test client, and a statement builder."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass

import pytest
from django.test import Client

from talentloop.learning.tests.factories import LearningItemFactory
from talentloop.xapi import services

ADL = "http://adlnet.gov/expapi/verbs/"
COURSE_ID = "https://lms.example.test/courses/sql-basics"


@dataclass
class Lms:
    system: object
    key: str
    secret: str

    def headers(self, version: str | None = "1.0.3") -> dict:
        token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        out = {"HTTP_AUTHORIZATION": f"Basic {token}"}
        if version:
            out["HTTP_X_EXPERIENCE_API_VERSION"] = version
        return out

    def post(self, body, *, version: str | None = "1.0.3", client: Client | None = None):
        return (client or Client()).post("/xapi/statements", json.dumps(body), content_type="application/json",
                                         **self.headers(version))

    def put(self, statement_id, body, *, version: str | None = "1.0.3"):
        return Client().put(f"/xapi/statements?statementId={statement_id}", json.dumps(body),
                            content_type="application/json", **self.headers(version))

    def get(self, query: str = "", *, version: str | None = "1.0.3"):
        return Client().get(f"/xapi/statements{query}", **self.headers(version))


@pytest.fixture
def lms(db) -> Lms:
    system, secret = services.create_source_system("Moodle")
    return Lms(system, system.key, secret)


@pytest.fixture
def course(db):
    return LearningItemFactory(slug="sql-basics", title="SQL basics", activity_id=COURSE_ID)


def statement(verb: str = "completed", *, email: str = "ada@example.test", activity: str = COURSE_ID,
              statement_id: str | None = "auto", **extra) -> dict:
    out = {
        "actor": {"objectType": "Agent", "name": "Ada", "mbox": f"mailto:{email}"},
        "verb": {"id": ADL + verb, "display": {"en-GB": verb}},
        "object": {"objectType": "Activity", "id": activity},
        "timestamp": "2026-11-20T10:30:00Z",
        **extra,
    }
    if statement_id == "auto":
        out["id"] = str(uuid.uuid4())
    elif statement_id is not None:
        out["id"] = statement_id
    return out
