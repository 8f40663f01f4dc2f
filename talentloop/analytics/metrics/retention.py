"""Retention of marketplace participants against everyone else employed on the same day, with Wilson intervals for
each group and Newcombe's hybrid score interval for the difference (stats.py)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q

from talentloop.analytics.filters import Filters
from talentloop.analytics.metrics.common import Context, employed_on, people_q
from talentloop.analytics.stats import newcombe_difference, wilson
from talentloop.analytics.tables import BAR, NONE, SUPPRESSED, Chart, Column, Table
from talentloop.marketplace.lifecycle import ApplicationStatus
from talentloop.marketplace.models import ApplicationStatusChange
from talentloop.people.models import Employee

LOOKBACK_DAYS = 365  # participation counts in the year before the period starts


def participation_window(f: Filters) -> tuple[dt.datetime, dt.datetime]:
    return f.since - dt.timedelta(days=LOOKBACK_DAYS), f.since


def retention(f: Filters, ctx: Context) -> tuple[list[Table], list[str]]:
    guard = ctx.guard
    since, until = participation_window(f)
    took_part = ApplicationStatusChange.objects.filter(
        Q(application__opportunity__type=f.type) if f.type else Q(),  # department and location filter the people
        application__applicant=OuterRef("pk"), to_status=ApplicationStatus.ACCEPTED, event="", at__gte=since, at__lt=until,
    )
    retained = Q(leave_date__isnull=True) | Q(leave_date__gte=f.end)  # employed on the last day
    groups = {
        row["participant"]: row
        for row in Employee.objects.filter(employed_on(f.start), people_q(f))
        .annotate(participant=Exists(took_part))
        .values("participant")
        .annotate(people=Count("pk"), retained=Count("pk", filter=retained))
        .order_by()
    }
    rows, shown = [], {}
    for key, label in ((True, "Participants"), (False, "Non-participants")):
        g = groups.get(key, {"people": 0, "retained": 0})
        n, k = g["people"], g["retained"]
        rate = guard.share(k, n)
        low = high = None
        if rate is not None and rate is not SUPPRESSED:
            low, high = (round(100 * x, 1) for x in wilson(k, n))
            shown[key] = (k, n)
        rows.append({
            "group": label, "people": guard.count(n),
            "retained": guard.counted(k, n),
            "retention": rate,
            "ci_low": SUPPRESSED if rate is SUPPRESSED else low,
            "ci_high": SUPPRESSED if rate is SUPPRESSED else high,
        })
    difference = {"comparison": "Participants minus non-participants", "difference": None, "ci_low": None, "ci_high": None}
    if True in shown and False in shown:
        d, low, high = newcombe_difference(*shown[True], *shown[False])
        difference.update(difference=round(100 * d, 1), ci_low=round(100 * low, 1), ci_high=round(100 * high, 1))
    elif any(rows[i]["retention"] is SUPPRESSED for i in (0, 1)):
        difference.update(difference=SUPPRESSED, ci_low=SUPPRESSED, ci_high=SUPPRESSED)

    period = f"{f.start.isoformat()} to {f.end.isoformat()}"
    notes = []
    if (f.end - f.start).days + 1 not in (365, 366):
        notes.append(f"The period is not a year: this is retention over {(f.end - f.start).days + 1} days, not 12-month retention.")
    return [
        Table(
            key="retention", title=f"Retention from {period}",
            columns=[
                Column("group", "Group", is_label=True),
                Column("people", "Employed on the first day", "people"),
                Column("retained", "Still employed on the last day", "people"),
                Column("retention", "Retention", "%"),
                Column("ci_low", "95% confidence interval, low (Wilson)", "%"),
                Column("ci_high", "95% confidence interval, high (Wilson)", "%"),
            ],
            rows=rows, chart=Chart(BAR, x="group", series=("retention",)),
            note="Participants took a seat on an opportunity (an offer accepted) in the year before the first day.",
        ),
        Table(
            key="difference", title="Difference in retention",
            columns=[
                Column("comparison", "Comparison", is_label=True),
                Column("difference", "Difference", "percentage points"),
                Column("ci_low", "95% confidence interval, low (Newcombe)", "percentage points"),
                Column("ci_high", "95% confidence interval, high (Newcombe)", "percentage points"),
            ],
            rows=[difference], chart=Chart(NONE),
            note="An interval that contains 0 means the data cannot tell the groups apart. Participation is not "
            "assigned at random: people who take part may differ in other ways.",
        ),
    ], notes
