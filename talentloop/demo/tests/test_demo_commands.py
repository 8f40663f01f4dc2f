"""`talentloop demo` and `talentloop run`: what they build, refuse and print."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from talentloop.demo.generator import build_demo
from talentloop.demo.management.commands import run
from talentloop.people.models import Employee

pytestmark = pytest.mark.django_db


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("employees", ["19", "0", "-5"])
def test_it_rejects_fewer_than_20_employees(employees):
    with pytest.raises(CommandError, match="at least 20"):
        demo("--employees", employees)
    assert not Employee.objects.exists()


def test_it_rejects_too_few_opportunities():
    with pytest.raises(CommandError, match="opportunities must be at least 12"):
        demo("--employees", "30", "--opportunities", "3")
    assert not Employee.objects.exists()


def test_it_builds_the_organisation_and_prints_the_summary_and_sign_ins():
    output = demo("--employees", "30", "--seed", "4")

    assert Employee.objects.count() == 30
    assert "30 employees" in output
    for username in ("employee", "manager", "owner", "lod", "talent"):
        assert f" {username} " in output
    assert settings.TALENTLOOP["DEMO_PASSWORD"] in output


def test_it_leaves_an_existing_organisation_alone_with_if_empty():
    build_demo(30, seed=1)
    before = sorted(User.objects.values_list("username", flat=True))

    output = demo("--employees", "40", "--if-empty")

    assert "left as it is" in output
    assert sorted(User.objects.values_list("username", flat=True)) == before


def test_it_refuses_to_build_over_an_organisation_without_replace():
    build_demo(30, seed=1)

    with pytest.raises(CommandError, match="--replace"):
        demo("--employees", "40")
    assert Employee.objects.count() == 30


def test_it_replaces_the_organisation_and_keeps_superusers():
    User.objects.create_superuser("admin", "admin@example.test", "x")
    build_demo(30, seed=1)

    demo("--employees", "25", "--seed", "2", "--replace")

    assert Employee.objects.count() == 25
    assert User.objects.filter(username="admin", is_superuser=True).exists()
    assert User.objects.count() == 26


def test_run_migrates_loads_the_demo_when_empty_prints_the_sign_ins_and_serves(monkeypatch):
    served = []

    def fake_call_command(name, *args, **options):
        if name == "runserver":
            served.append((args, options))
            return None
        return call_command(name, *args, **options)

    monkeypatch.setattr(run, "call_command", fake_call_command)
    out = StringIO()

    call_command("run", "--port", "8765", "--employees", "30", stdout=out)

    assert Employee.objects.count() == 30
    output = out.getvalue()
    assert output.count("Demo sign-ins") == 1
    assert "employee" in output and "releases her time" in output and settings.TALENTLOOP["DEMO_PASSWORD"] in output
    assert served == [(("127.0.0.1:8765",), {"use_reloader": False})]

    out = StringIO()
    call_command("run", "--port", "8765", "--employees", "40", stdout=out)
    assert Employee.objects.count() == 30  # the second run leaves the organisation alone
    assert "left as it is" in out.getvalue() and out.getvalue().count("Demo sign-ins") == 1
