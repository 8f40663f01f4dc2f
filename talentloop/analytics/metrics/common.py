"""What the metrics share: who counts as employed, the filters as query conditions, counting subqueries, months.

Analytics reads other apps' models directly, read-only: the figures must be aggregated in the database, which no
app's public functions offer. It never writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connections
from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.analytics.filters import Filters
from talentloop.analytics.tables import Guard


@dataclass(frozen=True)
class Money:
    currency: str
    cost_per_external_hire: int
    hours_unlocked_hourly_rate: int


@dataclass(frozen=True)
class Context:
    personas: Personas
    guard: Guard
    money: Money


def employed_on(day: dt.date, prefix: str = "") -> Q:
    """Employed on `day`: hired on or before it, and no leave date or one on or after it (the leave date is the last
    day employed, as the bias audit reads it)."""
    return Q(**{f"{prefix}hire_date__lte": day}) & (Q(**{f"{prefix}leave_date__isnull": True}) | Q(**{f"{prefix}leave_date__gte": day}))


def employed_during(first: dt.date, last: dt.date, prefix: str = "") -> Q:
    """Employed on at least one day from `first` to `last`."""
    return Q(**{f"{prefix}hire_date__lte": last}) & (Q(**{f"{prefix}leave_date__isnull": True}) | Q(**{f"{prefix}leave_date__gte": first}))


def people_q(f: Filters, prefix: str = "") -> Q:
    """The department and location filters on a person (their current department and location)."""
    q = Q()
    if f.department:
        q &= Q(**{f"{prefix}department__slug": f.department})
    if f.location:
        q &= Q(**{f"{prefix}location__slug": f.location})
    return q


def opportunity_q(f: Filters, prefix: str = "", *, with_type: bool = True) -> Q:
    """The department, location and type filters on an opportunity (its own department and location)."""
    q = Q()
    if f.department:
        q &= Q(**{f"{prefix}department__slug": f.department})
    if f.location:
        q &= Q(**{f"{prefix}location__slug": f.location})
    if with_type and f.type:
        q &= Q(**{f"{prefix}type": f.type})
    return q


def in_period(f: Filters, field: str) -> Q:
    """A timestamp within the period (whole days, site time zone)."""
    return Q(**{f"{field}__gte": f.since, f"{field}__lt": f.until})


def open_during(f: Filters, prefix: str = "") -> Q:
    """An opportunity published (open to applications) on at least one day of the period."""
    return (
        Q(**{f"{prefix}published_at__lt": f.until})
        & (Q(**{f"{prefix}closed_at__isnull": True}) | Q(**{f"{prefix}closed_at__gte": f.since}))
        & ~Q(**{f"{prefix}status__in": ["draft", "pending_approval"]})
    )


def count_of(queryset: QuerySet, field: str = "pk", *, distinct: bool = False) -> Coalesce:
    """A correlated COUNT over `queryset` (which refers to the outer row with OuterRef), 0 when it finds nothing."""
    counted = (
        queryset.order_by().annotate(_all=Value(1)).values("_all")
        .annotate(n=Count(field, distinct=distinct)).values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def count_distinct(field: str, condition: Q) -> Count:
    """COUNT(DISTINCT field) of the rows meeting `condition`. Written with CASE rather than FILTER: SQLite refuses
    a FILTER clause on a DISTINCT aggregate."""
    return Count(Case(When(condition, then=F(field))), distinct=True)


def select_from(rows: QuerySet, select: str) -> list[tuple]:
    """Run `select` (SQL whose FROM is the placeholder {rows}) over a compiled queryset, typically a UNION, which
    Django cannot group. Column names in `select` must be quoted with quote(); values stay parameters."""
    sql, params = rows.query.get_compiler(rows.db).as_sql()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(select.format(rows=f"({sql}) u"), params)
        return cursor.fetchall()


def quote(name: str, using: str = "default") -> str:
    return connections[using].ops.quote_name(name)


def duration(later: str, earlier: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def days(value: dt.timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 86400, 1)


def month_index(field: str, f: Filters) -> Case:
    """Which month of the period (0 = the first of f.months()) the timestamp `field` falls in, for rows already
    inside the period. Comparisons with the months' first instants rather than a date function: SQLite runs its
    date functions in Python, row by row, which is what made a year of activity slow."""
    starts = [timezone.make_aware(dt.datetime.combine(m, dt.time.min)) for m in f.months()[1:]]
    return Case(
        *[When(**{f"{field}__lt": start}, then=Value(i)) for i, start in enumerate(starts)],
        default=Value(len(starts)), output_field=IntegerField(),
    )


def person_name(first: str | None, last: str | None, username: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or (username or "")


# Skill families are the top-level nodes of the category tree. The tree is walked (skills.Families) by following
# `parent` at most this many times less one (taxonomies imported from ESCO are four levels deep); a deeper node is
# grouped under its ancestor that many levels up, and the metric says so in a note.
MAX_CATEGORY_DEPTH = 8
