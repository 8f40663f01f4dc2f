"""Background tasks, run by `talentloop worker` from the database queue (inline in tests).

Arguments are plain JSON values (ids, names): a task may run in another process, minutes later.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from talentloop.notifications import digest, services


@task(priority=10)  # before digests and timers: a person is waiting for these
def send_notification_email(notification_id: int) -> bool:
    """Email one notification if it still should be (see services.send_email)."""
    return services.send_email(notification_id)


@task()
def send_digests(frequency: str) -> dict[str, int]:
    """The daily or weekly digests of new matches that are due (the scheduler enqueues this)."""
    return digest.send_digests(frequency)


@task()
def run_marketplace_timers() -> dict[str, int]:
    """Release escalations and expiries, and reminders: the marketplace decides what is due at this moment."""
    # Imported here: the marketplace imports notifications.api, so importing it at module level would be a cycle.
    from talentloop.marketplace import timers

    return timers.run(timezone.now())


@task()
def recompute_related_skills() -> dict[str, int]:
    """Related skills from embeddings and co-occurrence, again, keeping every pair an admin decided (nightly)."""
    from talentloop.skills.related import recompute_related_skills as recompute

    summary = recompute()
    return {k: v for k, v in vars(summary).items() if isinstance(v, int)}


@task()
def take_analytics_snapshots() -> dict[str, int]:
    """The analytics snapshots (skills supply, monthly active people), again (hourly)."""
    from talentloop.analytics.snapshots import take

    return take()
