"""Two requests carrying the same statement at the same moment store it once and record it once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from talentloop.learning.services import record_of
from talentloop.xapi.models import Statement
from talentloop.xapi.tests.conftest import statement

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_identical_puts_at_once_both_succeed_and_record_once(org, lms, course):
    sent = statement()
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def put() -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(lms.put(sent["id"], sent).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=put) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert statuses == [204, 204]
    assert Statement.objects.count() == 1
    assert record_of(org.employee, course).events.filter(outcome="completed").count() == 1
