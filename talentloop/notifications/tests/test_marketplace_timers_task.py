"""The timers task hands the moment to the marketplace's timers (escalations, expiries, reminders) and answers
their counts; the scheduler enqueues it every five minutes."""

from __future__ import annotations

import pytest
from django_tasks import TaskResultStatus

from talentloop.notifications.tasks import run_marketplace_timers

# The marketplace's timers module lands in its own change; until then this test has nothing to call.
timers = pytest.importorskip("talentloop.marketplace.timers")


def test_it_runs_the_marketplace_timers_and_answers_their_counts(org):
    result = run_marketplace_timers.enqueue()  # inline in tests
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    counts = result.return_value
    assert isinstance(counts, dict) and all(isinstance(k, str) and isinstance(v, int) for k, v in counts.items())
