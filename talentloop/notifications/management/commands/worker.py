"""`talentloop worker`: runs the background tasks waiting in the database queue, and the scheduler that
enqueues the periodic ones (marketplace timers every five minutes, daily and weekly digests).

One process, one loop: tick the scheduler, run every task that is ready (django-tasks-db's worker in its batch
mode), sleep, again. Ctrl-C or SIGTERM stops it after the task in hand. Several workers may run at once: the
queue hands each task to one of them, and the scheduler records each slot once (scheduler.py).
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from talentloop.notifications import scheduler


def positive_seconds(value: str) -> float:
    seconds = float(value)
    if not 0 < seconds <= 3600:
        raise ValueError(value)
    return seconds


class Command(BaseCommand):
    help = "Run the background tasks (emails, digests, marketplace timers) and the scheduler of the periodic ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true",
            help="Enqueue what is due, run every task waiting, then exit (for cron, or to drain the queue).",
        )
        parser.add_argument("--no-scheduler", action="store_true", help="Only run queued tasks; enqueue nothing periodic.")
        parser.add_argument(
            "--interval", type=positive_seconds, default=2.0, help="Seconds to wait when the queue is empty (default 2)."
        )

    def handle(self, *args, once: bool, no_scheduler: bool, interval: float, verbosity: int, **options) -> None:
        backend = task_backends["default"]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                f"The worker runs the database queue, but TASKS uses {type(backend).__name__}: "
                "unset TASKS_BACKEND (tasks then wait in the database for this worker)."
            )
        if verbosity < 2:
            # The library's worker logs each start and stop of a batch; ours starts one every few seconds.
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        worker = Worker(
            queue_names=["*"], excluded_queue_names=[], interval=interval, batch=True, backend_name=backend.alias,
            startup_delay=False, max_tasks=None, worker_id=get_random_string(32),
        )
        if not once:
            worker.configure_signals()  # stop after the task in hand, not in the middle of it
            self.stdout.write(
                f"Worker {worker.worker_id[:8]} running tasks from the database queue"
                f"{'' if no_scheduler else ', with the scheduler'} (Ctrl-C stops)."
            )
        while True:
            if not no_scheduler:
                scheduler.tick(timezone.now())
            worker.run()
            if once or not worker.running:
                return
            time.sleep(interval)
