"""The audit log: every application and opportunity status change (who, when, from, to, why) as one list, newest
first, for talent admins; and one opportunity's own status history for the people involved in it. Read-only: the
rows are written by marketplace.services with each change.

The log is one UNION ALL of the two change tables, each side filtered, ordered by time and cut to a page; a page
costs five queries whatever the log holds (see AuditLog). An index on `at` in each table lets the database merge
two ordered scans and stop at the page instead of sorting every change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import User
from django.db.models import CharField, F, Q, QuerySet, UUIDField, Value
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.errors import Forbidden, InvalidInput
from talentloop.marketplace.lifecycle import Actor, OpportunityActor, OpportunityType
from talentloop.marketplace.models import (
    ApplicationStatusChange,
    ChangeEvent,
    Opportunity,
    OpportunityStatusChange,
)
from talentloop.people.models import Employee

MAX_QUERY_TERMS = 8
EVENT_LABELS = dict(ChangeEvent.choices)


class AuditKind(StrEnum):
    APPLICATION = "application"
    OPPORTUNITY = "opportunity"


ACTOR_ROLES: tuple[str, ...] = tuple(sorted({a.value for a in Actor} | {a.value for a in OpportunityActor}))


def role_label(role: str) -> str:
    return role.replace("_", " ")


def can_view_audit_log(p: Personas) -> bool:
    """Talent admins only. The log names every applicant, including confidential permanent-role applications
    before any offer, and the reasons for declines: HR's record, not L&OD's (who read aggregates in analytics)."""
    return p.is_talent_admin


@dataclass(frozen=True)
class AuditFilter:
    kind: str = ""  # "", or one of AuditKind
    type: str = ""  # "", or an opportunity type
    actor_role: str = ""  # "", or one of ACTOR_ROLES
    start: dt.date | None = None  # first day, inclusive, in the site's time zone
    end: dt.date | None = None  # last day, inclusive
    q: str = ""  # words to find in the opportunity's title, the person's name or the actor's name

    def __post_init__(self):
        errors: dict[str, list[str]] = {}
        if self.kind and self.kind not in set(AuditKind):
            errors["kind"] = [f"Must be one of: {', '.join(AuditKind)}."]
        if self.type and self.type not in set(OpportunityType):
            errors["type"] = [f"Must be one of: {', '.join(OpportunityType)}."]
        if self.actor_role and self.actor_role not in ACTOR_ROLES:
            errors["actor_role"] = [f"Must be one of: {', '.join(ACTOR_ROLES)}."]
        if self.start and self.end and self.end < self.start:
            errors["end"] = ["Must be on or after the first day."]
        if len(self.q) > 200:
            errors["q"] = ["At most 200 characters."]
        if errors:
            raise InvalidInput(errors)

    @property
    def terms(self) -> list[str]:
        return self.q.split()[:MAX_QUERY_TERMS]


@dataclass(frozen=True)
class AuditEntry:
    kind: AuditKind
    at: dt.datetime
    opportunity_id: uuid.UUID
    opportunity_title: str
    opportunity_type: str
    application_id: uuid.UUID | None  # application changes only
    person_id: uuid.UUID | None  # the applicant; for an opportunity change, its owner
    person_name: str
    from_status: str  # empty for the first status
    to_status: str
    event: str  # empty for a status change; otherwise a step that keeps the status (see ChangeEvent)
    actor_name: str  # empty for Talentloop itself, or an account since deleted
    actor_role: str
    reason: str

    @property
    def event_label(self) -> str:
        return EVENT_LABELS.get(self.event, self.event) if self.event else ""

    @property
    def actor_role_label(self) -> str:
        return role_label(self.actor_role)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _conditions(f: AuditFilter, *, opportunity: str, person: str) -> Q:
    """The filter on one side: `opportunity` and `person` are the paths from the change to them."""
    cond = Q()
    if f.type:
        cond &= Q(**{f"{opportunity}__type": f.type})
    if f.actor_role:
        cond &= Q(actor_role=f.actor_role)
    if f.start:
        cond &= Q(at__gte=_day_start(f.start))
    if f.end:
        cond &= Q(at__lt=_day_start(f.end + dt.timedelta(days=1)))
    for term in f.terms:
        # Each word's matches are found once in the small tables, then the changes are kept by id.
        users = User.objects.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term)).values("pk")
        cond &= (
            Q(**{f"{opportunity}__in": Opportunity.objects.filter(title__icontains=term).values("pk")})
            | Q(**{f"{person}__in": Employee.objects.filter(user__in=users).values("pk")})
            | Q(actor__in=users)
        )
    return cond


# The columns of one row of the log, the same on both sides of the UNION (first the change's own, then the
# names each side gives to what it shows).
_OWN = ("pk", "at", "from_status", "to_status", "actor_role", "reason", "actor__first_name", "actor__last_name", "actor__username")
_SHOWN = ("row_kind", "row_event", "opp_public_id", "opp_title", "opp_type", "app_public_id",
          "person_public_id", "person_first", "person_last", "person_username")
_COLUMNS = _OWN + _SHOWN


def _shown(kind: AuditKind, *, opportunity: str, person: str, application: str | None) -> dict:
    return {
        "row_kind": Value(str(kind), output_field=CharField()),
        "row_event": F("event") if application else Value("", output_field=CharField()),
        "opp_public_id": F(f"{opportunity}__public_id"),
        "opp_title": F(f"{opportunity}__title"),
        "opp_type": F(f"{opportunity}__type"),
        "app_public_id": F(f"{application}__public_id") if application else Value(None, output_field=UUIDField()),
        "person_public_id": F(f"{person}__public_id"),
        "person_first": F(f"{person}__user__first_name"),
        "person_last": F(f"{person}__user__last_name"),
        "person_username": F(f"{person}__user__username"),
    }


def _full_name(first: str | None, last: str | None, username: str | None) -> str:
    """User.get_full_name(), or the username, from the columns."""
    return f"{first or ''} {last or ''}".strip() or (username or "")


def _entry(row: tuple) -> AuditEntry:
    r = dict(zip(_COLUMNS, row, strict=True))
    return AuditEntry(
        kind=AuditKind(r["row_kind"]), at=r["at"], opportunity_id=r["opp_public_id"], opportunity_title=r["opp_title"],
        opportunity_type=r["opp_type"], application_id=r["app_public_id"], person_id=r["person_public_id"],
        person_name=_full_name(r["person_first"], r["person_last"], r["person_username"]),
        from_status=r["from_status"], to_status=r["to_status"], event=r["row_event"],
        actor_name=_full_name(r["actor__first_name"], r["actor__last_name"], r["actor__username"]),
        actor_role=r["actor_role"], reason=r["reason"],
    )


class AuditLog:
    """The filtered log as a sequence Django's Paginator (and DRF's pagination) can page: count() and slices.

    A page takes five queries: the two sides' counts, the page's keys (a UNION ALL of (pk, at, kind), newest
    first, cut to the page: no joins, so the sort stays cheap) and each side's rows of the page with what they
    show. The CSV export reads every row with one UNION ALL of the joined rows instead, in chunks.
    """

    def __init__(self, f: AuditFilter):
        self.filter = f
        # (kind, the filtered changes, the joins that name what they show)
        self.sides: list[tuple[AuditKind, QuerySet, dict]] = []
        if f.kind in ("", AuditKind.APPLICATION):
            opportunity, person = "application__opportunity", "application__applicant"
            self.sides.append((
                AuditKind.APPLICATION,
                ApplicationStatusChange.objects.filter(_conditions(f, opportunity=opportunity, person=person)).order_by(),
                _shown(AuditKind.APPLICATION, opportunity=opportunity, person=person, application="application"),
            ))
        if f.kind in ("", AuditKind.OPPORTUNITY):
            opportunity, person = "opportunity", "opportunity__owner"
            self.sides.append((
                AuditKind.OPPORTUNITY,
                OpportunityStatusChange.objects.filter(_conditions(f, opportunity=opportunity, person=person)).order_by(),
                _shown(AuditKind.OPPORTUNITY, opportunity=opportunity, person=person, application=None),
            ))

    def count(self) -> int:
        return sum(changes.count() for _, changes, _ in self.sides)

    def __len__(self) -> int:
        return self.count()

    @staticmethod
    def _union(querysets: list[QuerySet]) -> QuerySet:
        first, *others = querysets
        rows = first.union(*others, all=True) if others else first
        return rows.order_by("-at", "-row_kind", "-pk")

    def __getitem__(self, index: slice) -> list[AuditEntry]:
        if not isinstance(index, slice):
            raise TypeError("The audit log is read by pages (slices).")
        keys = list(self._union([
            changes.annotate(row_kind=Value(str(kind), output_field=CharField())).values_list("pk", "at", "row_kind")
            for kind, changes, _ in self.sides
        ])[index])
        found: dict[tuple[str, int], AuditEntry] = {}
        for kind, changes, shown in self.sides:
            ids = [pk for pk, _, k in keys if k == kind]
            if ids:
                for row in changes.model.objects.filter(pk__in=ids).order_by().annotate(**shown).values_list(*_COLUMNS):
                    found[(kind, row[0])] = _entry(row)
        return [found[(k, pk)] for pk, _, k in keys]

    def __iter__(self) -> Iterator[AuditEntry]:
        """Every row, newest first, fetched in chunks (for the CSV export)."""
        rows = self._union([changes.annotate(**shown).values_list(*_COLUMNS) for _, changes, shown in self.sides])
        for row in rows.iterator(chunk_size=2000):
            yield _entry(row)


def audit_log(p: Personas, f: AuditFilter) -> AuditLog:
    if not can_view_audit_log(p):
        raise Forbidden("The audit log is open only to talent admins.")
    return AuditLog(f)


# --- one opportunity's history ---------------------------------------------------------------------------------


def may_see_opportunity_history(p: Personas, opportunity: Opportunity) -> bool:
    """The people involved: whoever may change its status (the owner, the owner's line manager who approves
    publication, talent admins). The history holds opportunity status changes only, never applications."""
    from talentloop.marketplace.services import opportunity_actor_roles

    return bool(opportunity_actor_roles(p, opportunity))


def opportunity_history(p: Personas, opportunity: Opportunity) -> list[OpportunityStatusChange] | None:
    """The opportunity's status changes, oldest first, with their actors; None when the viewer is not involved."""
    if not may_see_opportunity_history(p, opportunity):
        return None
    return list(opportunity.changes.select_related("actor").order_by("at", "pk"))
