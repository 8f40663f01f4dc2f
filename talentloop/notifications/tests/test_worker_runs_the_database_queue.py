"""`talentloop worker` with the real database queue: a notification's email waits in the database after the
commit, and one pass of the worker (--once) sends it and records the task as done."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from talentloop.notifications.api import notify
from talentloop.notifications.models import Notification
from talentloop.testing import factories as f

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# transactional_db: the email is queued only when the write really commits, as in production.
def test_an_email_goes_through_the_queue_and_the_worker_sends_it(transactional_db, settings):
    settings.TASKS = DATABASE_QUEUE
    ada = f.UserFactory(username="ada", email="ada@example.test")
    with transaction.atomic():
        notify(ada, "invited", "You are invited: Automate the month-end report", url="/opportunities/")
        assert not DBTaskResult.objects.exists()  # nothing queued before the commit

    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "talentloop.notifications.tasks.send_notification_email"
    assert queued.status == "READY"
    assert mail.outbox == []  # waiting for a worker

    call_command("worker", "--once", "--no-scheduler")

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and queued.finished_at is not None
    [email] = mail.outbox
    assert email.subject == "You are invited: Automate the month-end report" and email.to == ["ada@example.test"]
    assert Notification.objects.get().emailed_at is not None

    call_command("worker", "--once", "--no-scheduler")  # nothing left: a second pass sends nothing
    assert len(mail.outbox) == 1


def test_the_worker_refuses_a_setup_without_the_database_queue(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="The worker runs the database queue"):
        call_command("worker", "--once")
