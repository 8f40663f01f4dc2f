"""Adoption: how many people have completed profiles, aspirations and opted in, by department; and how many people
are active each month (from the activity the product records: there is no log of sign-ins)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from talentloop.analytics import snapshots
from talentloop.analytics.filters import Filters, month_end
from talentloop.analytics.metrics.common import (
    Context,
    count_of,
    employed_during,
    employed_on,
    in_period,
    month_index,
    people_q,
    quote,
    select_from,
)
from talentloop.analytics.models import MonthlyActive
from talentloop.analytics.tables import BAR, LINE, Chart, Column, Guard, Table
from talentloop.learning.models import LearningRecordEvent
from talentloop.marketplace.models import ApplicationStatusChange, Opportunity
from talentloop.people.models import Aspiration, Employee, EmployeeSkill, SkillEvidence

PROFILE_MIN_SKILLS = 3


def adoption(f: Filters, ctx: Context) -> tuple[list[Table], list[str]]:
    monthly, notes = _monthly_active(f, ctx.guard)
    return [_by_department(f, ctx.guard), monthly], notes


def _by_department(f: Filters, guard: Guard) -> Table:
    skills = count_of(EmployeeSkill.objects.filter(employee=OuterRef("pk")))
    aspiring = Aspiration.objects.filter(employee=OuterRef("pk")).filter(
        Q(target_roles__isnull=False) | Q(skills_to_grow__isnull=False)
    )
    grouped = (
        Employee.objects.filter(employed_on(f.end), people_q(f))
        .annotate(skill_count=skills, aspires=Exists(aspiring))
        .values("department__slug", "department__name")
        .annotate(
            headcount=Count("pk"),
            completed=Count("pk", filter=Q(skill_count__gte=PROFILE_MIN_SKILLS) & ~Q(summary="")),
            aspirations=Count("pk", filter=Q(aspires=True)),
            opted_in=Count("pk", filter=Q(open_to_opportunities=True)),
        )
        .order_by("department__name")
    )
    rows, totals = [], {"headcount": 0, "completed": 0, "aspirations": 0, "opted_in": 0}
    for g in grouped:
        for key in totals:
            totals[key] += g[key]
        rows.append(_adoption_row(guard, g["department__name"], g))
    total = Guard.total(rows, _adoption_row(guard, "All departments", totals), keep=["department"])
    return Table(
        key="profiles", title="Profiles by department (people employed on the last day of the period)",
        columns=[
            Column("department", "Department", is_label=True),
            Column("headcount", "Headcount", "people"),
            Column("completed", "Profiles completed", "people"),
            Column("completed_pct", "Profiles completed", "%"),
            Column("aspirations", "With aspirations", "people"),
            Column("aspirations_pct", "With aspirations", "%"),
            Column("opted_in", "Open to opportunities", "people"),
            Column("opted_in_pct", "Open to opportunities", "%"),
        ],
        rows=[*rows, total],
        chart=Chart(BAR, x="department", series=("completed_pct", "aspirations_pct", "opted_in_pct")),
        note="The last row adds up the departments; it has no figure where a department's is suppressed.",
    )


def _adoption_row(guard: Guard, label: str, g: dict) -> dict:
    n = g["headcount"]
    return {
        "department": label,
        "headcount": guard.count(n),
        "completed": guard.counted(g["completed"], n),
        "completed_pct": guard.share(g["completed"], n),
        "aspirations": guard.counted(g["aspirations"], n),
        "aspirations_pct": guard.share(g["aspirations"], n),
        "opted_in": guard.counted(g["opted_in"], n),
        "opted_in_pct": guard.share(g["opted_in"], n),
    }


def activity(f: Filters, windows: list[tuple[dt.datetime, dt.datetime]] | None = None):
    """(user, month) of everything people did themselves in the period, without repeats: a status change they made
    to an application, learning progress, skill evidence they recorded, an opportunity they created. `month` is
    the month's place in f.months(). With `windows` ([since, until) pairs inside the period), only what happened
    in them.

    By the user's id, which the big tables hold, and only users who are people passing the filters, as one list
    the database builds once: joining every row to its user and employee made a year at 100,000 people slow."""
    people = Employee.objects.filter(people_q(f)).order_by()

    def when(field: str) -> Q:
        if windows is None:
            return in_period(f, field)
        q = Q(pk__in=[])
        for since, until in windows:
            q |= Q(**{f"{field}__gte": since, f"{field}__lt": until})
        return q

    def by_person(user: str) -> Q | Exists:
        # A whole period: the people drive (an index of each one's actions). A few days: the actions in them do
        # (an index on their time), each checked to be a person's.
        if windows is None:
            return Q(**{f"{user}__in": people.values("user_id")})
        return Exists(people.filter(user=OuterRef(user)))

    sources = [
        ApplicationStatusChange.objects.filter(when("at"), by_person("actor"))
        .values(person=F("actor"), month=month_index("at", f)),
        LearningRecordEvent.objects.filter(when("at"), people_q(f, "record__employee__"))
        .values(person=F("record__employee__user"), month=month_index("at", f)),
        SkillEvidence.objects.filter(when("created_at"), by_person("recorded_by"))
        .values(person=F("recorded_by"), month=month_index("created_at", f)),
        Opportunity.objects.filter(when("created_at"), people_q(f, "owner__"))
        .values(person=F("owner__user"), month=month_index("created_at", f)),
    ]
    return sources[0].order_by().union(*[s.order_by() for s in sources[1:]])


def active_by_month(first: dt.date, last: dt.date) -> list[tuple[dt.date, int, int | None, int]]:
    """(month, department id, location id, people active) for the months from `first` to `last`, by the
    department and location people have now: what the monthly-active snapshot holds."""
    f = Filters(start=first, end=last)
    months = f.months()
    month, person = quote("month"), quote("person")
    employee = quote(Employee._meta.db_table)
    counted = select_from(activity(f), (
        f"SELECT u.{month}, e.{quote('department_id')}, e.{quote('location_id')}, COUNT(*) FROM {{rows}} "  # noqa: S608 - no user input in the SQL
        f"JOIN {employee} e ON e.{quote('user_id')} = u.{person} GROUP BY 1, 2, 3"
    ))
    return [(months[i], department, location, n) for i, department, location, n in counted]


def _monthly_active(f: Filters, guard: Guard) -> tuple[Table, list[str]]:
    months = f.months()
    snapshot = snapshots.usable(snapshots.MONTHLY_ACTIVE, f)
    stored = snapshots.stored_months(snapshot, f)
    active = dict(
        snapshots.cells(MonthlyActive, f).filter(month__in=stored).values("month").annotate(n=Sum("active"))
        .order_by().values_list("month", "n")
    ) if stored else {}
    # The months the snapshot does not hold, counted on the spot: the whole period when it holds none of them.
    windows = [(w.since, w.until) for w in (Filters(start=max(m, f.start), end=min(month_end(m), f.end))
                                            for m in months if m not in stored)] if stored else None
    if windows is None or windows:
        # Django cannot group a UNION: the database counts it with one statement around the compiled union.
        month = quote("month")
        active.update({months[i]: n for i, n in select_from(activity(f, windows), f"SELECT u.{month}, COUNT(*) FROM {{rows}} GROUP BY u.{month}")})  # noqa: S608 - no user input in the SQL
    headcounts = Employee.objects.filter(people_q(f)).aggregate(**{
        f"m{i}": Count("pk", filter=employed_during(max(m, f.start), min(month_end(m), f.end)))
        for i, m in enumerate(months)
    })
    rows = []
    for i, m in enumerate(months):
        n, heads = active.get(m, 0), headcounts[f"m{i}"]
        rows.append({
            "month": m, "headcount": guard.count(heads), "active": guard.counted(n, heads), "active_pct": guard.share(n, heads),
        })
    table = Table(
        key="monthly_active", title="Monthly active people",
        columns=[
            Column("month", "Month", is_label=True),
            Column("headcount", "Employed in the month", "people"),
            Column("active", "Active", "people"),
            Column("active_pct", "Active", "%"),
        ],
        rows=rows, chart=Chart(LINE, x="month", series=("active",)),
        note="Active: did something in Talentloop that it records with a date (an application step they took, learning "
        "progress, skill evidence they recorded, an opportunity they created). Sign-ins are not recorded.",
    )
    return table, [snapshots.note(snapshot, "Active people of whole months before this one")] if stored else []
