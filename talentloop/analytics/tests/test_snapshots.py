"""The snapshots of skills supply and monthly active people: the pages read them when they are fresh and give the
very figures they would compute on the spot; stale ones, and periods they cannot stand for, are computed on the spot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.analytics import snapshots
from talentloop.analytics.filters import Filters
from talentloop.analytics.models import FamilySupply, MonthlyActive, SkillSupply, Snapshot
from talentloop.analytics.services import run_metric
from talentloop.analytics.tests.builders import set_min_group
from talentloop.demo.generator import build_demo
from talentloop.notifications.tasks import take_analytics_snapshots
from talentloop.people.models import Department, EmployeeSkill, Location

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    build_demo(500, seed=1)
    set_min_group(1)  # nothing suppressed: every figure is compared
    return Personas(User.objects.get(username="talent"))


def figures(p: Personas, name: str, **params: str) -> tuple[list[dict], list[str]]:
    result = run_metric(p, name, params)
    return [{"key": t.key, "rows": t.rows} for t in result.tables], result.notes


def live(p: Personas, name: str, **params: str) -> list[dict]:
    taken = list(Snapshot.objects.all())
    Snapshot.objects.all().delete()
    try:
        return figures(p, name, **params)[0]
    finally:
        Snapshot.objects.bulk_create(taken)


def filter_sets() -> list[dict[str, str]]:
    department = Department.objects.order_by("slug").values_list("slug", flat=True).first()
    location = Location.objects.order_by("slug").values_list("slug", flat=True).first()
    today = timezone.localdate()
    return [
        {}, {"department": department}, {"location": location}, {"department": department, "location": location},
        {"start": (today - dt.timedelta(days=200)).isoformat()},  # cuts a month: that month is counted on the spot
    ]


def test_the_demo_takes_the_snapshots_and_the_pages_read_them(demo):
    assert set(Snapshot.objects.values_list("name", flat=True)) == {snapshots.SKILL_SUPPLY, snapshots.MONTHLY_ACTIVE}
    assert FamilySupply.objects.exists() and SkillSupply.objects.exists() and MonthlyActive.objects.exists()
    for name in ("skills", "adoption"):
        _, notes = figures(demo, name)
        assert any("hourly snapshot" in n for n in notes), name


@pytest.mark.parametrize("name", ["skills", "adoption"])
def test_a_fresh_snapshot_gives_the_figures_computed_on_the_spot(demo, name):
    for params in filter_sets():
        read, notes = figures(demo, name, **params)
        assert any("hourly snapshot" in n for n in notes), params
        assert read == live(demo, name, **params), params


def test_the_snapshot_sums_people_once_across_departments_and_locations(demo):
    # Every person is in one department and one location: the cells add up to the people who hold a skill.
    held = EmployeeSkill.objects.filter(employee__leave_date__isnull=True, skill__is_active=True)
    holders = held.values("employee").distinct().count()
    by_family = FamilySupply.objects.values("family").distinct().count()
    assert by_family > 1
    assert sum(FamilySupply.objects.values_list("holders", flat=True)) >= holders  # a person holds several families
    verified = held.filter(verified=True, proficiency__gte=3)
    assert sum(SkillSupply.objects.values_list("verified_practitioners", flat=True)) == verified.count()


def test_a_stale_snapshot_is_not_read(demo):
    Snapshot.objects.update(taken_at=timezone.now() - snapshots.MAX_AGE - dt.timedelta(minutes=1))
    for name in ("skills", "adoption"):
        _, notes = figures(demo, name)
        assert not any("hourly snapshot" in n for n in notes), name


def test_changes_show_at_the_next_snapshot(demo):
    before, _ = figures(demo, "skills")
    EmployeeSkill.objects.filter(verified=True).update(verified=False)  # every verification withdrawn
    assert figures(demo, "skills")[0] == before  # the snapshot still counts them...
    assert live(demo, "skills") != before  # ...the figures on the spot do not
    take_analytics_snapshots.enqueue()  # what the worker runs every hour (inline in tests)
    after, _ = figures(demo, "skills")
    assert after == live(demo, "skills")
    assert all(r["verified"] in (0, None) for r in after[0]["rows"])


def test_supply_of_a_period_ending_before_the_snapshot_is_computed_on_the_spot(demo):
    end = timezone.localdate() - dt.timedelta(days=40)
    f = Filters(start=end - dt.timedelta(days=100), end=end)
    assert snapshots.usable(snapshots.SKILL_SUPPLY, f) is None
    assert snapshots.usable(snapshots.MONTHLY_ACTIVE, f) is not None  # history: its whole months are read
    _, notes = figures(demo, "skills", start=f.start.isoformat(), end=f.end.isoformat())
    assert not any("hourly snapshot" in n for n in notes)


def test_the_months_read_from_the_snapshot_are_whole_and_before_its_own():
    snapshot = Snapshot(name=snapshots.MONTHLY_ACTIVE, as_of=dt.date(2026, 11, 26), taken_at=timezone.now(), seconds=0)
    f = Filters(start=dt.date(2025, 11, 27), end=dt.date(2026, 11, 26))
    stored = snapshots.stored_months(snapshot, f)
    # November 2025 is cut by the period and November 2026 is the snapshot's own month: both counted on the spot.
    assert dt.date(2025, 11, 1) not in stored and dt.date(2026, 11, 1) not in stored
    assert sorted(stored) == [dt.date(2025, 12, 1), *[dt.date(2026, m, 1) for m in range(1, 11)]]
    assert snapshots.stored_months(None, f) == set()
    old = Filters(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))  # before the 37 months the snapshot keeps
    assert snapshots.stored_months(snapshot, old) == set()


def test_the_command_takes_them(demo):
    from io import StringIO

    from django.core.management import call_command

    Snapshot.objects.all().delete()
    out = StringIO()
    call_command("analytics-snapshots", stdout=out)
    assert "skill_supply" in out.getvalue() and "monthly_active" in out.getvalue()
    assert Snapshot.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_takers_at_once_leave_one_snapshot_not_two(monkeypatch):
    """The command beside the worker: on separate connections, each replaces the cells, neither adds to the other's
    (the header row's lock serialises them; SQLite's IMMEDIATE transactions do too)."""
    import threading

    from django.db import connections

    build_demo(40, seed=3)
    snapshots.take()
    once = {model: model.objects.count() for model in (FamilySupply, SkillSupply, MonthlyActive)}
    # Widen the window between deleting the old cells and writing the new ones.
    real_bulk_create = FamilySupply.objects.bulk_create

    def slow_bulk_create(rows, **kwargs):
        import time

        time.sleep(0.3)
        return real_bulk_create(rows, **kwargs)

    monkeypatch.setattr(FamilySupply.objects, "bulk_create", slow_bulk_create)
    barrier, errors = threading.Barrier(2), []

    def take():
        try:
            barrier.wait(timeout=10)
            snapshots.take()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert {model: model.objects.count() for model in once} == once
