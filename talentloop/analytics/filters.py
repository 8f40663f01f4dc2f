"""The filters every metric takes (a period, a department, a location, an opportunity type), read and checked once
for the pages and the API alike: a bad value is an InvalidInput naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.utils import timezone

from talentloop.errors import InvalidInput
from talentloop.marketplace.lifecycle import OpportunityType
from talentloop.people.models import Department, Location

MAX_PERIOD_YEARS = 3
PERIOD = ("start", "end")
DEPARTMENT, LOCATION, TYPE = "department", "location", "type"
ALL_FILTERS = (*PERIOD, DEPARTMENT, LOCATION, TYPE)


@dataclass(frozen=True)
class Filters:
    start: dt.date  # first day, inclusive, in the site's time zone
    end: dt.date  # last day, inclusive
    department: str = ""  # a department's slug: that department only (not its sub-departments)
    location: str = ""  # a location's slug
    type: str = ""  # an opportunity type

    @property
    def since(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def until(self) -> dt.datetime:
        """The first instant after the period."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "department": self.department, "location": self.location, "type": self.type}

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = month_end(day) + dt.timedelta(days=1)
        return months


def month_end(day: dt.date) -> dt.date:
    """The last day of the month `day` is in."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The twelve months ending today."""
    end = today or timezone.localdate()
    return years_before(end, 1) + dt.timedelta(days=1), end


def parse_filters(params: Mapping[str, str], accepted: Collection[str] = ALL_FILTERS, *, today: dt.date | None = None) -> Filters:
    """Filters from query parameters. Unknown names, filters the metric does not take, malformed dates, an unknown
    department, location or type, and periods that are reversed, in the future or over three years are refused."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    for name in sorted(set(params) - set(ALL_FILTERS)):
        errors[name] = [f"Unknown filter; expected one of: {', '.join(ALL_FILTERS)}."]
    for name in sorted((set(params) & set(ALL_FILTERS)) - set(accepted)):
        if params[name]:
            errors[name] = ["This metric cannot be filtered by it."]

    def day(name: str) -> dt.date | None:
        text = (params.get(name) or "").strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            errors[name] = ["Must be a date as YYYY-MM-DD."]
            return None

    start, end = day("start"), day("end")
    default_start, default_end = default_period(end or today)
    start, end = start or default_start, end or default_end
    if "start" not in errors and "end" not in errors:
        if end > today:
            errors["end"] = ["Must not be after today."]
        elif start > end:
            errors["end"] = ["Must be on or after the start."]
        elif start < years_before(end, MAX_PERIOD_YEARS):
            errors["start"] = [f"The period may be at most {MAX_PERIOD_YEARS} years long."]

    department = (params.get(DEPARTMENT) or "").strip()
    location = (params.get(LOCATION) or "").strip()
    otype = (params.get(TYPE) or "").strip()
    if otype and otype not in set(OpportunityType) and TYPE not in errors:
        errors[TYPE] = [f"Must be one of: {', '.join(OpportunityType)}."]
    if department and DEPARTMENT not in errors and not Department.objects.filter(slug=department).exists():
        errors[DEPARTMENT] = [f"Unknown department: {department}."]
    if location and LOCATION not in errors and not Location.objects.filter(slug=location).exists():
        errors[LOCATION] = [f"Unknown location: {location}."]
    if errors:
        raise InvalidInput(errors)
    return Filters(start=start, end=end, department=department, location=location, type=otype)
