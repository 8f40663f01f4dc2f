"""`talentloop run` serves with the background worker beside it, and stops the worker when serving ends."""

from __future__ import annotations

import os
import sys
import time
from io import StringIO

import pytest
from django.core.management import call_command

from talentloop.demo.management.commands import run
from talentloop.testing import factories as f

pytestmark = pytest.mark.django_db

# Stands in for `talentloop worker` (its own tests run it for real): a process that says who it is and waits.
STAND_IN = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(120)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _serve_with(monkeypatch, tmp_path, *args: str) -> tuple[str, list[bool]]:
    pid_file = tmp_path / "worker.pid"
    monkeypatch.setattr(run, "WORKER_ARGS", [sys.executable, "-c", STAND_IN, str(pid_file)])
    alive_while_serving: list[bool] = []

    def fake_call_command(name, *a, **options):
        if name != "runserver":
            return call_command(name, *a, **options)
        deadline = time.monotonic() + 10
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        alive_while_serving.append(pid_file.exists() and _alive(int(pid_file.read_text())))
        return None

    monkeypatch.setattr(run, "call_command", fake_call_command)
    f.DepartmentFactory()  # an organisation already: `run` leaves it as it is instead of building the demo
    out = StringIO()
    call_command("run", "--port", "8765", "--employees", "20", *args, stdout=out)
    return out.getvalue(), alive_while_serving


def test_it_starts_the_worker_while_serving_and_stops_it_after(monkeypatch, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    output, alive_while_serving = _serve_with(monkeypatch, tmp_path)
    assert alive_while_serving == [True]
    assert "Background worker started (process " in output
    assert not _alive(int((tmp_path / "worker.pid").read_text()))  # stopped (and reaped) when serving ended


def test_the_real_command_line_is_talentloop_worker():
    assert [sys.executable, "-m", "talentloop.cli", "worker"] == run.WORKER_ARGS


def test_no_worker_is_started_when_tasks_run_inline_or_when_asked_not_to(monkeypatch, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    output, _ = _serve_with(monkeypatch, tmp_path)
    assert "Background tasks run inline (TASKS_BACKEND): no worker started." in output
    assert not (tmp_path / "worker.pid").exists()

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    output, _ = _serve_with(monkeypatch, tmp_path, "--no-worker")
    assert "Background worker" not in output and not (tmp_path / "worker.pid").exists()
