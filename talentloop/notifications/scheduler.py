"""The scheduler: enqueues the periodic tasks when their time comes. The worker calls `tick` between batches.

django-tasks has no periodic scheduling, hence these few lines. Each job has slots (every five minutes; every
hour; each day at TALENTLOOP_DIGEST_HOUR local time; each Monday at that hour; each night at 03:00). A tick
enqueues a job when its latest slot is later than the one recorded for it in ScheduledJob, and records the slot in the same transaction as the
enqueue (the queue lives in the same database), so a restart, or a second worker, never enqueues a slot twice.
A slot missed while no worker ran is enqueued once at the next tick, not once per missed slot.

On the very first tick a job is only recorded, except the timers: a fresh installation does not send everyone a
digest the moment its worker starts, but waits for the next digest hour.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from talentloop.notifications import tasks
from talentloop.notifications.models import ScheduledJob

logger = logging.getLogger(__name__)

TIMERS_EVERY = timedelta(minutes=5)


def every_five_minutes(now: datetime) -> datetime:
    """The latest multiple of five minutes (UTC) at or before now."""
    step = int(TIMERS_EVERY.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // step * step, tz=UTC)


def daily(now: datetime) -> datetime:
    """Today at the digest hour (local time), or yesterday's when that is still to come."""
    local = timezone.localtime(now)
    slot = local.replace(hour=settings.TALENTLOOP_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return slot if slot <= local else slot - timedelta(days=1)


def weekly(now: datetime) -> datetime:
    """This week's Monday at the digest hour (local time), or last week's when that is still to come."""
    local = timezone.localtime(now)
    slot = (local - timedelta(days=local.weekday())).replace(hour=settings.TALENTLOOP_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return slot if slot <= local else slot - timedelta(days=7)


NIGHTLY_HOUR = 3  # local time: heavier recomputations run when nobody is waiting on the worker


def nightly(now: datetime) -> datetime:
    """Today at 03:00 (local time), or yesterday's when that is still to come."""
    local = timezone.localtime(now)
    slot = local.replace(hour=NIGHTLY_HOUR, minute=0, second=0, microsecond=0)
    return slot if slot <= local else slot - timedelta(days=1)


def hourly(now: datetime) -> datetime:
    """The start of the current hour (UTC)."""
    return now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Job:
    name: str
    task: Task
    slot: Callable[[datetime], datetime]  # the latest scheduled time at or before a moment
    kwargs: dict = field(default_factory=dict)
    on_first_tick: bool = False  # enqueue the current slot the first time the job is seen (else wait for the next)


JOBS: tuple[Job, ...] = (
    Job("marketplace-timers", tasks.run_marketplace_timers, every_five_minutes, on_first_tick=True),
    Job("daily-digests", tasks.send_digests, daily, {"frequency": "daily"}),
    Job("weekly-digests", tasks.send_digests, weekly, {"frequency": "weekly"}),
    Job("related-skills", tasks.recompute_related_skills, nightly, on_first_tick=True),  # a new install needs them
    Job("analytics-snapshots", tasks.take_analytics_snapshots, hourly, on_first_tick=True),  # the heavy analytics figures
)


def tick(now: datetime | None = None, jobs: tuple[Job, ...] = JOBS) -> list[str]:
    """Enqueue every job whose slot has come and was not enqueued yet. Answers the names enqueued."""
    now = now or timezone.now()
    # One read decides whether anything is due, so an idle tick takes no write lock (SQLite has only one).
    recorded = dict(ScheduledJob.objects.values_list("name", "last_slot"))
    enqueued = []
    for job in jobs:
        slot = job.slot(now)
        if job.name in recorded and recorded[job.name] >= slot:
            continue
        try:
            with transaction.atomic():
                row, created = ScheduledJob.objects.select_for_update().get_or_create(
                    name=job.name, defaults={"last_slot": slot, "enqueued_at": now}
                )
                if created and not job.on_first_tick:
                    continue
                if not created:
                    if row.last_slot >= slot:
                        continue
                    row.last_slot, row.enqueued_at = slot, now
                    row.save(update_fields=["last_slot", "enqueued_at"])
                job.task.enqueue(**job.kwargs)
        except IntegrityError:
            continue  # another worker recorded this job at the same moment: it enqueues the slot
        logger.info("Scheduler enqueued %s for %s", job.name, slot.isoformat())
        enqueued.append(job.name)
    return enqueued
