"""The marketplace: opportunities posted, applications, matches made, fills, fill rate, time to fill, hours
unlocked (by type and by month), internal mobility and gig-to-permanent conversions."""

from __future__ import annotations

from django.db.models import Avg, CharField, Count, Exists, F, OuterRef, Q, Sum, Value

from talentloop.analytics.filters import Filters
from talentloop.analytics.metrics.common import (
    Context,
    count_distinct,
    days,
    duration,
    employed_during,
    in_period,
    month_index,
    opportunity_q,
    people_q,
)
from talentloop.analytics.tables import BAR, LINE, NONE, Chart, Column, Guard, Table
from talentloop.marketplace.lifecycle import OPPORTUNITY_TYPE_LABELS, ApplicationStatus, OpportunityType
from talentloop.marketplace.models import Application, ApplicationStatusChange, Completion, Opportunity
from talentloop.people.models import Employee, RoleChange

S = ApplicationStatus
MATCH = S.OFFERED  # a match made: an owner offered a person a seat
FILL = S.ACCEPTED  # a fill: the person took the seat (after the release, where one is needed)
TRY_OUT_TYPES = (OpportunityType.GIG, OpportunityType.PROJECT, OpportunityType.FREELANCE)


def marketplace(f: Filters, ctx: Context) -> tuple[list[Table], list[str]]:
    taken = seats_taken(f)
    return [_by_type(f, ctx.guard, taken), _by_month(f, ctx.guard, taken), _mobility(f, ctx.guard)], []


def changes_to(status: str, f: Filters):
    """Status changes to `status` in the period on opportunities that pass the filters (one per application and status:
    a status is reached once, except after a reopening, which counts again)."""
    return ApplicationStatusChange.objects.filter(
        in_period(f, "at"), opportunity_q(f, "application__opportunity__"), to_status=status, event=""
    )


def hours_unlocked(f: Filters):
    """Completions confirmed by both sides in the period, with the hours the owner recorded."""
    return Completion.objects.filter(in_period(f, "completed_at"), opportunity_q(f, "application__opportunity__"))


def _grouped(queryset, key: str, **aggregates) -> dict:
    return {row[key]: row for row in queryset.order_by().values(key).annotate(**aggregates)}


def seats_taken(f: Filters) -> dict[int, int]:
    """Opportunity id -> fills in the period, for the opportunities posted in the period (the fill rate's cohort).
    Once for the whole metric: a correlated count per opportunity took seconds at 100,000 people."""
    return dict(
        changes_to(FILL, f).filter(in_period(f, "application__opportunity__published_at"))
        .order_by().values("application__opportunity").annotate(n=Count("pk")).values_list("application__opportunity", "n")
    )


def _figures(f: Filters, taken: dict[int, int], on_opportunity, on_change, on_application, on_completion, *,
             month: bool = False) -> dict:
    """Every figure of the marketplace grouped by one key, given as an expression on each model (the type, the
    month, or a constant for the whole): four queries. `taken` is seats_taken(f)."""
    k = {"opportunity": on_opportunity, "change": on_change, "application": on_application, "completion": on_completion}

    # Opportunities posted, and the fill rate: of their seats, the share taken by the end of the period (an
    # opportunity's filled seats capped at its seats), folded from the few posted opportunities.
    posted: dict = {}
    for pk, key, seats in Opportunity.objects.filter(in_period(f, "published_at"), opportunity_q(f)).annotate(g=k["opportunity"]) \
            .order_by().values_list("pk", "g", "seats"):
        g = posted.setdefault(key, {"posted": 0, "seats": 0, "cohort_seats": 0, "seats_filled": 0, "fillers": 0})
        g["posted"] += 1
        g["seats"] += seats
        g["cohort_seats"] += seats
        g["seats_filled"] += min(taken.get(pk, 0), seats)
        g["fillers"] += taken.get(pk, 0) > 0
    applications = _grouped(
        Application.objects.filter(in_period(f, "created_at"), opportunity_q(f, "opportunity__")).annotate(g=k["application"]), "g",
        applications=Count("pk"), applicants=Count("applicant", distinct=True),
    )
    # Matches made and fills in one pass over the period's status changes.
    matches, fills = {}, {}
    for row in (
        ApplicationStatusChange.objects.filter(in_period(f, "at"), opportunity_q(f, "application__opportunity__"),
                                               to_status__in=[MATCH, FILL], event="")
        .annotate(g=k["change"]).order_by().values("g", "to_status")
        .annotate(n=Count("pk"), people=Count("application__applicant", distinct=True),
                  wait=Avg(duration("at", "application__opportunity__published_at"), filter=Q(to_status=FILL)))
    ):
        if row["to_status"] == MATCH:
            matches[row["g"]] = {"matches": row["n"], "matched": row["people"]}
        else:
            fills[row["g"]] = {"fills": row["n"], "filled": row["people"], "time_to_fill": row["wait"]}
    hours = _grouped(
        hours_unlocked(f).annotate(g=k["completion"]), "g",
        hours=Sum("hours"), participants=Count("application__applicant", distinct=True),
    )
    keys = set(posted) | set(applications) | set(matches) | set(fills) | set(hours)
    out = {}
    for key in keys:
        merged: dict = {}
        for part in (posted, applications, matches, fills, hours):
            merged.update(part.get(key, {}))
        out[f.months()[key] if month else key] = merged
    return out


def _row(guard: Guard, label_key: str, label, g: dict) -> dict:
    seats = g.get("cohort_seats") or 0
    filled_seats = g.get("seats_filled") or 0
    fill_rate = None
    if seats:
        # The seats filled are about the people who took them; the seats left empty are about nobody.
        fill_rate = guard.value(round(100 * filled_seats / seats, 1), filled_seats)
    applicants, matched, filled, participants = (g.get(k, 0) for k in ("applicants", "matched", "filled", "participants"))
    return {
        label_key: label,
        "posted": g.get("posted", 0),
        "applications": guard.value(g.get("applications", 0), applicants),
        "applicants": guard.count(applicants),
        "matches": guard.value(g.get("matches", 0), matched),
        "fills": guard.value(g.get("fills", 0), filled),
        "fill_rate": fill_rate,
        "time_to_fill": guard.value(days(g.get("time_to_fill")), filled),
        "hours_unlocked": guard.value(g.get("hours") or 0, participants),
    }


_COLUMNS = [
    Column("posted", "Opportunities posted", "opportunities"),
    Column("applications", "Applications", "applications"),
    Column("applicants", "Applicants", "people"),
    Column("matches", "Matches made (offers)", "offers"),
    Column("fills", "Fills (offers accepted)", "seats"),
    Column("fill_rate", "Fill rate of the seats posted", "%"),
    Column("time_to_fill", "Average time to fill", "days"),
    Column("hours_unlocked", "Hours unlocked", "hours"),
]


def _by_type(f: Filters, guard: Guard, taken: dict[int, int]) -> Table:
    figures = _figures(
        f, taken, F("type"), F("application__opportunity__type"), F("opportunity__type"), F("application__opportunity__type")
    )
    types = [t for t in OpportunityType if not f.type or t == f.type]
    rows = [_row(guard, "type", OPPORTUNITY_TYPE_LABELS[t], figures.get(str(t), {})) for t in types]
    everything = Value("all", output_field=CharField())
    whole = _figures(f, taken, everything, everything, everything, everything).get("all", {})
    total = Guard.total(rows, _row(guard, "type", "All types", whole), keep=["type"])
    return Table(
        key="by_type", title="Marketplace by opportunity type", columns=[Column("type", "Type", is_label=True), *_COLUMNS],
        rows=[*rows, total], chart=Chart(BAR, x="type", series=("posted", "applications", "matches", "fills")),
        note="The last row is all types together; it has no figure where a type's is suppressed.",
    )


def _by_month(f: Filters, guard: Guard, taken: dict[int, int]) -> Table:
    figures = _figures(
        f, taken, month_index("published_at", f), month_index("at", f), month_index("created_at", f), month_index("completed_at", f),
        month=True,
    )
    rows = [_row(guard, "month", m, figures.get(m, {})) for m in f.months()]
    return Table(
        key="by_month", title="Marketplace by month", columns=[Column("month", "Month", is_label=True), *_COLUMNS],
        rows=rows, chart=Chart(LINE, x="month", series=("posted", "applications", "matches", "fills")),
        note="The fill rate of a month is that of the seats posted in it, taken by the end of the period.",
    )


def _mobility(f: Filters, guard: Guard) -> Table:
    headcount = Employee.objects.filter(employed_during(f.start, f.end), people_q(f)).count()
    moves = RoleChange.objects.filter(people_q(f, "employee__"), effective_on__gte=f.start, effective_on__lte=f.end).aggregate(
        moves=Count("pk"), movers=Count("employee", distinct=True)
    )
    tried_out = ApplicationStatusChange.objects.filter(
        application__applicant=OuterRef("application__applicant"), to_status=S.COMPLETED, event="",
        application__opportunity__type__in=TRY_OUT_TYPES,
        application__opportunity__department=OuterRef("application__opportunity__department"), at__lt=OuterRef("at"),
    )
    permanent = (
        changes_to(S.ACTIVE, f).filter(people_q(f, "application__applicant__"), application__opportunity__type=OpportunityType.PERMANENT_ROLE)
        .annotate(after_gig=Exists(tried_out))
        .aggregate(people=Count("application__applicant", distinct=True),
                   converted=count_distinct("application__applicant", Q(after_gig=True)))
    )
    row = {
        "headcount": guard.count(headcount),
        "movers": guard.counted(moves["movers"], headcount),
        "moves": guard.value(moves["moves"], moves["movers"]),
        "mobility_rate": guard.share(moves["movers"], headcount),
        "permanent_moves": guard.count(permanent["people"]),
        "converted": guard.counted(permanent["converted"], permanent["people"]),
        "converted_pct": guard.share(permanent["converted"], permanent["people"]),
    }
    return Table(
        key="mobility", title="Internal mobility",
        columns=[
            Column("headcount", "Employed in the period", "people"),
            Column("movers", "People who moved", "people"),
            Column("moves", "Internal moves", "moves"),
            Column("mobility_rate", "Internal mobility rate", "%"),
            Column("permanent_moves", "People who took a permanent role through the marketplace", "people"),
            Column("converted", "Gig-to-permanent conversions", "people"),
            Column("converted_pct", "Gig-to-permanent conversions", "%"),
        ],
        rows=[row], chart=Chart(NONE),
        note="Moves are not filtered by opportunity type; conversions are permanent roles taken after completing a gig, "
        "project or freelancing engagement in the same department.",
    )
