"""Snapshots of the heaviest figures: skills supply (every holding of every person) and monthly active people
(every action recorded over three years). At 100,000 people each is a scan of about a million rows that SQLite
groups in a second or more, too slow for a page; the worker takes them every hour (and the demo when it is built),
and a page reads a few thousand cells instead (docs/analytics.md, "Snapshots").

A snapshot is used only while it is fresh (taken within MAX_AGE): when the worker stops, the pages compute the
figures on the spot again, slower but never stale. Skills supply is a state: the snapshot stands for it only when
the period ends on or after the snapshot's day (a period ending earlier counts the people employed on its last
day, on the spot). Monthly active people of whole months before the snapshot's month are history: any period reads
them, and computes the months the snapshot does not hold (the current month, a month the period cuts) on the spot.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from talentloop.analytics.filters import MAX_PERIOD_YEARS, Filters, month_end
from talentloop.analytics.models import FamilySupply, MonthlyActive, SkillSupply, Snapshot

log = logging.getLogger(__name__)

SKILL_SUPPLY, MONTHLY_ACTIVE = "skill_supply", "monthly_active"
MAX_AGE = dt.timedelta(hours=2)  # the worker takes them hourly: one missed run is tolerated
MONTHS_KEPT = MAX_PERIOD_YEARS * 12 + 1  # the longest period, and the month it may start in
NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # the stamp of a snapshot created to be locked, before its first cells


def usable(name: str, f: Filters, now: dt.datetime | None = None) -> Snapshot | None:
    """The snapshot `name` when it is fresh and, for skills supply, when the period ends on or after its day."""
    now = now or timezone.now()
    snapshot = Snapshot.objects.filter(name=name, taken_at__gt=now - MAX_AGE, taken_at__lte=now).first()
    if snapshot is None or (name == SKILL_SUPPLY and f.end < snapshot.as_of):
        return None
    return snapshot


def cells(model: type[Model], f: Filters) -> QuerySet:
    """The snapshot's cells for the department and location filters (each person is in one cell of each)."""
    q = model.objects.all()
    if f.department:
        q = q.filter(department__slug=f.department)
    if f.location:
        q = q.filter(location__slug=f.location)
    return q


def note(snapshot: Snapshot, what: str) -> str:
    taken = timezone.localtime(snapshot.taken_at)
    return (f"{what} as counted at {taken:%H:%M} on {taken:%Y-%m-%d} (site time) by the hourly snapshot, not at "
            "this moment: changes since then show at the next one.")


def stored_months(snapshot: Snapshot | None, f: Filters) -> set[dt.date]:
    """The months of the period that the monthly-active snapshot holds: whole calendar months inside the period,
    before the snapshot's month and no older than the snapshot keeps."""
    if snapshot is None:
        return set()
    current = snapshot.as_of.replace(day=1)
    first = _months_before(current, MONTHS_KEPT)
    return {m for m in f.months() if first <= m < current and m >= f.start and month_end(m) <= f.end}


def take(now: dt.datetime | None = None) -> dict[str, int]:
    """Take every snapshot again, replacing the last (each in one transaction). Answers the cells written."""
    # Imported here: the metrics read this module, and the snapshots are made with the metrics' own queries.
    from talentloop.analytics.metrics.adoption import active_by_month
    from talentloop.analytics.metrics.skills import SUPPLY, Families, family_supply, skill_supply

    now = now or timezone.now()
    today = timezone.localdate(now)
    written = {}

    started = time.perf_counter()
    families = Families()
    family_rows = [
        FamilySupply(family_id=r["family"], department_id=r["department"], location_id=r["location"],
                     **{k: r[k] for k in SUPPLY})
        for r in family_supply(today, Q(), families, "location")
    ]
    skill_rows = [SkillSupply(skill_id=r["skill"], department_id=r["department"], location_id=r["location"],
                              verified_practitioners=r["n"])
                  for r in skill_supply(today, Q(), "department", "location")]
    _replace(SKILL_SUPPLY, today, now, started, (FamilySupply, family_rows), (SkillSupply, skill_rows))
    written[SKILL_SUPPLY] = len(family_rows) + len(skill_rows)

    started = time.perf_counter()
    current = today.replace(day=1)
    first = _months_before(current, MONTHS_KEPT)
    active_rows = [MonthlyActive(month=month, department_id=department, location_id=location, active=n)
                   for month, department, location, n in active_by_month(first, current - dt.timedelta(days=1))]
    _replace(MONTHLY_ACTIVE, today, now, started, (MonthlyActive, active_rows))
    written[MONTHLY_ACTIVE] = len(active_rows)
    log.info("Analytics snapshots taken: %s", ", ".join(f"{k} {v:,} cells" for k, v in written.items()))
    return written


def _replace(name: str, today: dt.date, now: dt.datetime, started: float, *tables: tuple[type[Model], list]) -> None:
    """Replace the cells of the snapshot `name` and stamp it, in one transaction. One taker at a time: the header
    row is locked first (created, never fresh, if missing), so a second run at the same moment (the command beside
    the worker) waits and then replaces the first one's cells instead of adding its own to them."""
    Snapshot.objects.get_or_create(name=name, defaults={"as_of": today, "taken_at": NEVER, "seconds": 0})
    with transaction.atomic():
        snapshot = Snapshot.objects.select_for_update().get(name=name)
        for model, rows in tables:
            model.objects.all().delete()
            model.objects.bulk_create(rows, batch_size=2000)
        snapshot.as_of, snapshot.taken_at, snapshot.seconds = today, now, round(time.perf_counter() - started, 3)
        snapshot.save()


def _months_before(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)

