"""The scheduler: timers every five minutes, analytics snapshots every hour, daily digests at the digest hour, weekly ones on Mondays at that
hour; each slot enqueued once, whatever restarts, and a first start sends no digest straight away."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django_tasks import default_task_backend

from talentloop.notifications import scheduler
from talentloop.notifications.models import ScheduledJob

TUESDAY = datetime(2026, 11, 24, 10, 2, tzinfo=UTC)


@pytest.fixture
def queue(settings, db):
    """A queue that only records what is enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.TALENTLOOP_DIGEST_HOUR = 8

    def enqueued() -> list[tuple[str, dict]]:
        out = [(r.task.name, r.kwargs) for r in default_task_backend.results]
        default_task_backend.results.clear()
        return out

    return enqueued


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_a_first_start_runs_the_timers_related_skills_and_snapshots_but_waits_for_the_digest_hour(queue):
    assert scheduler.tick(TUESDAY) == ["marketplace-timers", "related-skills", "analytics-snapshots"]
    assert queue() == [("run_marketplace_timers", {}), ("recompute_related_skills", {}), ("take_analytics_snapshots", {})]
    assert set(ScheduledJob.objects.values_list("name", flat=True)) == {
        "marketplace-timers", "daily-digests", "weekly-digests", "related-skills", "analytics-snapshots",
    }


def test_a_restart_in_the_same_slot_enqueues_nothing(queue):
    scheduler.tick(TUESDAY)
    queue()
    assert scheduler.tick(TUESDAY) == []
    assert scheduler.tick(at(24, 10, 4)) == []
    assert queue() == []


def test_timers_run_every_five_minutes(queue):
    scheduler.tick(TUESDAY)
    assert scheduler.tick(at(24, 10, 5)) == ["marketplace-timers"]
    assert scheduler.tick(at(24, 10, 9)) == []
    assert scheduler.tick(at(24, 10, 10)) == ["marketplace-timers"]


def test_analytics_snapshots_are_taken_every_hour(queue):
    scheduler.tick(TUESDAY)  # 10:02
    assert scheduler.tick(at(24, 10, 55)) == ["marketplace-timers"]
    assert scheduler.tick(at(24, 11, 0)) == ["marketplace-timers", "analytics-snapshots"]
    assert scheduler.tick(at(24, 11, 30)) == ["marketplace-timers"]


def test_daily_digests_go_at_the_digest_hour_and_weekly_ones_on_mondays(queue):
    scheduler.tick(TUESDAY)
    queue()
    assert scheduler.tick(at(25, 7, 59)) == ["marketplace-timers", "related-skills", "analytics-snapshots"]  # nightly, at 03:00
    assert scheduler.tick(at(25, 8, 0)) == ["marketplace-timers", "daily-digests", "analytics-snapshots"]
    assert ("send_digests", {"frequency": "daily"}) in queue()
    assert scheduler.tick(at(25, 8, 1)) == []
    for day in (26, 27, 28, 29):
        assert "weekly-digests" not in scheduler.tick(at(day, 8))
    assert scheduler.tick(at(30, 8, 0)) == [  # a Monday
        "marketplace-timers", "daily-digests", "weekly-digests", "related-skills", "analytics-snapshots",
    ]
    assert ("send_digests", {"frequency": "weekly"}) in queue()


def test_slots_missed_while_no_worker_ran_are_enqueued_once(queue):
    scheduler.tick(TUESDAY)
    queue()
    # Down from Tuesday to the next Tuesday: one catch-up of each, not one per missed slot.
    assert scheduler.tick(datetime(2026, 12, 1, 9, tzinfo=UTC)) == [
        "marketplace-timers", "daily-digests", "weekly-digests", "related-skills", "analytics-snapshots",
    ]
    assert len(queue()) == 5


def test_the_digest_hour_is_local_time(queue, settings):
    settings.TIME_ZONE = "America/New_York"  # UTC-5 in November
    scheduler.tick(TUESDAY)  # 05:02 in New York
    assert scheduler.tick(at(24, 12, 55)) == ["marketplace-timers", "analytics-snapshots"]  # 07:55 in New York
    assert scheduler.tick(at(24, 13)) == ["marketplace-timers", "daily-digests", "analytics-snapshots"]  # 08:00 in New York


def test_an_idle_tick_only_reads(queue, django_assert_num_queries):
    scheduler.tick(TUESDAY)
    with django_assert_num_queries(1):
        assert scheduler.tick(at(24, 10, 3)) == []


def test_related_skills_are_recomputed_every_night_at_three(queue):
    scheduler.tick(TUESDAY)
    queue()
    assert "related-skills" not in scheduler.tick(at(25, 2, 55))
    assert "related-skills" in scheduler.tick(at(25, 3, 0))
    assert ("recompute_related_skills", {}) in queue()
    assert "related-skills" not in scheduler.tick(at(25, 23, 0))
