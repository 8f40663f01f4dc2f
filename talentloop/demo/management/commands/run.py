"""`talentloop run`: migrate, load the demo organisation if the database is empty, print the sign-ins, and serve,
with the background worker (`talentloop worker`) running beside the server until the server stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from talentloop.demo.generator import DEMO_PERSONAS, organisation_exists, sign_ins_table

# The same Python and settings as this process; `python -m talentloop.cli` is the `talentloop` script.
WORKER_ARGS = [sys.executable, "-m", "talentloop.cli", "worker"]
WORKER_STOP_SECONDS = 30  # time to finish the task in hand before it is killed


@contextmanager
def background_worker(stdout, site_url: str) -> Iterator[subprocess.Popen | None]:
    """`talentloop worker` as a child process while the block runs, stopped when it ends however it ends.

    Not started when tasks run inline (TASKS_BACKEND set to the immediate backend): nothing would be queued.
    The child gets its own session so that Ctrl-C reaches only the server; we then stop the worker with one
    SIGTERM, which lets it finish the task in hand (a second signal would cut it short).
    """
    if not isinstance(task_backends["default"], DatabaseBackend):
        stdout.write("\nBackground tasks run inline (TASKS_BACKEND): no worker started.")
        yield None
        return
    # Links in emails point at the address being served, unless SITE_URL says otherwise.
    env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL") or site_url}
    process = subprocess.Popen(WORKER_ARGS, env=env, start_new_session=True)  # noqa: S603 - our own command, no user input
    stdout.write(f"\nBackground worker started (process {process.pid}); it stops with the server.")
    # runserver does not catch SIGTERM: turn it into an exit, so that the worker is stopped below too.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        yield process
    finally:
        if previous is not None:  # None: a handler not set from Python, which cannot be put back
            signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Command(BaseCommand):
    help = "Set up the database, load the demo organisation when it is empty, and serve the app."
    requires_system_checks = []  # runserver checks once the database is migrated

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--employees", type=int, default=2000, help="size of the demo organisation if one is built (default 2,000)")
        parser.add_argument("--no-worker", action="store_true", help="serve only; run `talentloop worker` yourself")

    def handle(self, *args, host: str, port: int, employees: int, no_worker: bool = False, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout)
        self.stdout.write("Database migrated.")
        existed = organisation_exists()
        call_command("demo", employees=employees, if_empty=True, stdout=self.stdout)  # prints the sign-ins when it builds
        if existed:
            demo_users = User.objects.filter(username__in=[p.username for p in DEMO_PERSONAS])
            if demo_users.exists():
                self.stdout.write("\nDemo sign-ins (one per persona):")
                self.stdout.write("\n".join(sign_ins_table(settings.TALENTLOOP["DEMO_PASSWORD"], with_can_do=True)))
            else:
                self.stdout.write("\nThis database was not built by `talentloop demo`: there are no demo sign-ins.")
        with nullcontext() if no_worker else background_worker(self.stdout, f"http://{host}:{port}"):
            self.stdout.write(f"\nServing http://{host}:{port}/ (Ctrl-C stops)\n")
            call_command("runserver", f"{host}:{port}", use_reloader=False)
