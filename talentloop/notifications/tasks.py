"""Background tasks, run by `talentloop worker` from the database queue (inline in tests).

Arguments are plain JSON values (ids, names): a task may run in another process, minutes later.
"""

from __future__ import annotations

from django_tasks import task

from talentloop.notifications import services


@task(priority=10)  # before digests and timers: a person is waiting for these
def send_notification_email(notification_id: int) -> bool:
    """Email one notification if it still should be (see services.send_email)."""
    return services.send_email(notification_id)
