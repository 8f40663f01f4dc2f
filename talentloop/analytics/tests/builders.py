"""Small builders for the analytics tests: histories with exact timestamps (the factories make "now" ones)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from talentloop.credentials.models import Achievement, Credential, SigningKey
from talentloop.learning.models import LearningItem, LearningItemSkill, LearningRecord
from talentloop.marketplace.models import Application, ApplicationStatusChange, Completion
from talentloop.organisation.models import OrganisationSettings, current
from talentloop.testing import factories as f

_serial = itertools.count(1)


def at(day: str, hour: int = 12) -> dt.datetime:
    """Noon (by default) of an ISO day in the site's time zone: whole days apart, never near midnight."""
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


def set_min_group(n: int) -> None:
    current()
    OrganisationSettings.objects.filter(pk=1).update(analytics_min_group=n)


def opportunity(owner, type="gig", published: str | None = "2025-01-10", **kwargs):
    return f.OpportunityFactory(owner=owner, type=type, published_at=at(published) if published else None, **kwargs)


def journey(opp, person, *steps: tuple[str, str], actor_role: str = "owner", hours: int | None = None,
            completed: str | None = None, **fields) -> Application:
    """An application that went through `steps` ((status, ISO day), first one when it was made); `hours` and
    `completed` add a completion confirmed by both sides."""
    first_at = at(steps[0][1])
    app = Application.objects.create(opportunity=opp, applicant=person, status=steps[-1][0], created_at=first_at,
                                     status_changed_at=at(steps[-1][1]), **fields)
    previous = ""
    for status, day in steps:
        ApplicationStatusChange.objects.create(application=app, from_status=previous, to_status=status,
                                               actor_role=actor_role, at=at(day))
        previous = status
    if completed:
        Completion.objects.create(application=app, hours=hours, owner_confirmed_at=at(completed),
                                  participant_confirmed_at=at(completed), completed_at=at(completed))
    return app


def item(title: str, *skills, compliance: bool = False, active: bool = True) -> LearningItem:
    n = next(_serial)
    li = LearningItem.objects.create(slug=f"item-{n}", title=title, compliance=compliance, is_active=active)
    for skill in skills:
        LearningItemSkill.objects.create(item=li, skill=skill, target_level=3)
    return li


def record(person, learning_item, status: str = "completed", completed: str | None = None, enrolled: str = "2024-12-01"):
    return LearningRecord.objects.create(
        employee=person, item=learning_item, status=status, enrolled_at=at(enrolled),
        completed_at=at(completed) if completed else None, progress=100 if completed else 10,
    )


def credential(person, skill, issued: str) -> Credential:
    key = SigningKey.objects.first() or SigningKey.objects.create(kid="test", public_key_pem="-", private_key_pem="-")
    n = next(_serial)
    achievement = Achievement.objects.create(name=f"Achievement {n}", description="-", criteria_narrative="-", skill=skill, level=3)
    return Credential.objects.create(achievement=achievement, employee=person, issued_at=at(issued), signing_key=key,
                                     document={}, jwt="-", status_index=n)


def by_label(result, table: str) -> dict:
    """A table's rows by the value of their first column."""
    t = result.table(table)
    return {row[t.columns[0].key]: row for row in t.rows}
