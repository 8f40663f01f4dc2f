"""Managers: talent each line manager lent to other teams (exported) and took in (imported), and how they decided
the releases they were asked for."""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Avg, CharField, DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value

from talentloop.analytics.filters import Filters
from talentloop.analytics.metrics.common import (
    Context,
    count_distinct,
    days,
    in_period,
    opportunity_q,
    people_q,
    person_name,
    quote,
    select_from,
)
from talentloop.analytics.metrics.marketplace import FILL, changes_to
from talentloop.analytics.tables import BAR, SUPPRESSED, Chart, Column, Guard, Table
from talentloop.marketplace.lifecycle import Actor, ApplicationStatus
from talentloop.marketplace.models import ApplicationStatusChange
from talentloop.people.models import Department, Employee

S = ApplicationStatus
LIST_LIMIT = 200
EXPORTED, IMPORTED = "exported", "imported"


def only_type(f: Filters) -> Filters:
    """The filters for the opportunities: department and location filter the managers, not where their people went."""
    return replace(f, department="", location="")


def managers(f: Filters, ctx: Context) -> tuple[list[Table], list[str]]:
    guard = ctx.guard
    return [_exchange(f, guard), _exchange_by_department(f, guard), _releases(f, guard), _releases_by_department(f, guard)], []


def credits(f: Filters):
    """(manager, person, seat, direction) for every seat taken in the period that credits a line manager, as a UNION ALL.

    Exported: the manager's direct reports took seats on opportunities owned outside the team (not by the manager,
    not by one of the manager's reports). Imported: people from outside the team took seats on opportunities owned
    by the manager or by one of the manager's reports."""
    fills = changes_to(FILL, only_type(f))
    applicant, owner = "application__applicant", "application__opportunity__owner"

    def rows(queryset, manager: str, direction: str):
        return queryset.filter(people_q(f, f"{manager}__")).order_by().values(
            manager=F(manager), person=F(applicant), seat=F("pk"), direction=Value(direction, output_field=CharField()),
        )

    lent = (fills.filter(**{f"{applicant}__manager__isnull": False})
            .exclude(**{owner: F(f"{applicant}__manager")}).exclude(**{f"{owner}__manager": F(f"{applicant}__manager")}))
    by_owner = (fills.filter(Exists(Employee.objects.filter(manager=OuterRef(owner))))
                .exclude(**{applicant: F(owner)}).exclude(**{f"{applicant}__manager": F(owner)}))
    by_owners_manager = (fills.filter(**{f"{owner}__manager__isnull": False})
                         .exclude(**{applicant: F(f"{owner}__manager")}).exclude(**{f"{applicant}__manager": F(f"{owner}__manager")}))
    return rows(lent, f"{applicant}__manager", EXPORTED).union(
        rows(by_owner, owner, IMPORTED), rows(by_owners_manager, f"{owner}__manager", IMPORTED), all=True
    )


def _exchange_counts() -> str:
    """The four distinct counts of `_exchange` over the credits `u`: people and seats, exported and imported."""
    person, seat, direction = (quote(c) for c in ("person", "seat", "direction"))

    def count(of: str, kind: str) -> str:
        return f"COUNT(DISTINCT CASE WHEN u.{direction} = '{kind}' THEN u.{of} END)"

    return f"{count(person, EXPORTED)}, {count(seat, EXPORTED)}, {count(person, IMPORTED)}, {count(seat, IMPORTED)}"


def _exchange_row(guard: Guard, exported_people: int, exported_seats: int, imported_people: int, imported_seats: int) -> dict:
    """The four figures of a row of `_exchange_counts`, seats hidden with the people who took them."""
    return {
        "exported_people": guard.count(exported_people), "exported_seats": guard.value(exported_seats, exported_people),
        "imported_people": guard.count(imported_people), "imported_seats": guard.value(imported_seats, imported_people),
    }


def _exchange(f: Filters, guard: Guard) -> Table:
    m = quote("manager")
    counted = select_from(credits(f), (
        f"SELECT u.{m}, {_exchange_counts()} "  # noqa: S608 - no user input in the SQL
        f"FROM {{rows}} GROUP BY u.{m} ORDER BY 3 DESC, 5 DESC, u.{m} LIMIT {LIST_LIMIT}"
    ))
    people = {
        e["pk"]: e for e in Employee.objects.filter(pk__in=[r[0] for r in counted])
        .values("pk", "public_id", "user__first_name", "user__last_name", "user__username", "department__name")
    }
    rows = []
    for manager_id, exported_people, exported_seats, imported_people, imported_seats in counted:
        e = people[manager_id]
        rows.append({
            "manager": person_name(e["user__first_name"], e["user__last_name"], e["user__username"]),
            "manager_id": str(e["public_id"]), "department": e["department__name"],
            **_exchange_row(guard, exported_people, exported_seats, imported_people, imported_seats),
        })
    return Table(
        key="talent_exchange", title="Talent exported and imported by line managers",
        columns=[
            Column("manager", "Line manager", is_label=True), Column("manager_id", "Person id", is_label=True),
            Column("department", "Department", is_label=True),
            Column("exported_people", "Reports lent to other teams", "people"),
            Column("exported_seats", "Seats they took", "seats"),
            Column("imported_people", "People taken in from other teams", "people"),
            Column("imported_seats", "Seats they took", "seats"),
        ],
        rows=rows, chart=Chart(BAR, x="manager", series=("exported_seats", "imported_seats")),
        note=f"Seats taken (offers accepted) in the period; the team is the manager and today's direct reports. At most "
        f"{LIST_LIMIT} managers, the most seats exported first." + _all_hidden(rows, guard),
    )


def _exchange_by_department(f: Filters, guard: Guard) -> Table:
    """`_exchange` added up by the managers' department, counting each person and seat once per department (one
    lent by two of its managers' teams in the period is one person)."""
    m, pk, department_id, name = quote("manager"), quote("id"), quote("department_id"), quote("name")
    employees, departments = quote(Employee._meta.db_table), quote(Department._meta.db_table)
    counted = select_from(credits(f), (
        f"SELECT d.{name}, {_exchange_counts()} "  # noqa: S608 - no user input in the SQL
        f"FROM {{rows}} JOIN {employees} e ON e.{pk} = u.{m} JOIN {departments} d ON d.{pk} = e.{department_id} "
        f"GROUP BY d.{pk}, d.{name} ORDER BY d.{name}"
    ))
    rows = [{"department": department, **_exchange_row(guard, *figures)} for department, *figures in counted]
    return Table(
        key="talent_exchange_by_department", title="Talent exported and imported by line managers, by their department",
        columns=[
            Column("department", "Managers' department", is_label=True),
            Column("exported_people", "Reports lent to other teams", "people"),
            Column("exported_seats", "Seats they took", "seats"),
            Column("imported_people", "People taken in from other teams", "people"),
            Column("imported_seats", "Seats they took", "seats"),
        ],
        rows=rows, chart=Chart(BAR, x="department", series=("exported_seats", "imported_seats")),
        note="The table above added up by each manager's department: a person or seat counts once per department. "
        "Teams are the managers' teams, so a person lent from one team of a department to another counts as exported "
        "and imported by that department.",
    )


RELEASED, DECLINED, LAPSED = (Q(to_status=S.RELEASED), Q(to_status=S.DECLINED, actor_role=Actor.LINE_MANAGER),
                               Q(to_status=S.EXPIRED))
RELEASE_AGGREGATES = {
    "people": count_distinct("application__applicant", RELEASED | DECLINED | LAPSED),
    "released": count_distinct("application__applicant", RELEASED),
    "declined": count_distinct("application__applicant", DECLINED),
    "lapsed": count_distinct("application__applicant", LAPSED),
    "wait": Avg(F("at") - F("offered_at"), filter=RELEASED | DECLINED),
    "waited": count_distinct("application__applicant", RELEASED | DECLINED),
}


def _decided_releases(f: Filters) -> QuerySet:
    """The release decisions (and lapses) in the period, each with the time of the offer it answered."""
    offered_at = Subquery(
        ApplicationStatusChange.objects.filter(application=OuterRef("application"), to_status=S.OFFERED, event="", at__lte=OuterRef("at"))
        .order_by("-at").values("at")[:1],
        output_field=DateTimeField(),
    )
    decided = ApplicationStatusChange.objects.filter(
        in_period(f, "at"), opportunity_q(only_type(f), "application__opportunity__"), people_q(f, "application__release_approver__"),
        application__release_required=True, application__release_approver__isnull=False, event="", from_status=S.OFFERED,
    )
    return decided.filter(RELEASED | DECLINED | LAPSED).annotate(offered_at=offered_at)


def _release_row(guard: Guard, g: dict) -> dict:
    outcomes = {k: guard.count(g[k]) for k in ("released", "declined", "lapsed")}
    # The people asked are (nearly) the sum of the outcomes: hidden with any of them, or it gives it back.
    asked = SUPPRESSED if SUPPRESSED in outcomes.values() else guard.count(g["people"])
    return {"asked": asked, **outcomes, "average_days": guard.value(days(g["wait"]), g["waited"])}


def _releases(f: Filters, guard: Guard) -> Table:
    annotated = _decided_releases(f)
    grouped = list(
        annotated.values("application__release_approver__public_id", "application__release_approver__user__first_name",
                         "application__release_approver__user__last_name", "application__release_approver__user__username")
        .annotate(**RELEASE_AGGREGATES).order_by("-people", "application__release_approver__user__last_name")[:LIST_LIMIT]
    )
    whole = annotated.aggregate(**RELEASE_AGGREGATES)

    def row(label: str, pid: str, g: dict) -> dict:
        return {"manager": label, "manager_id": pid, **_release_row(guard, g)}

    rows = [row(person_name(g["application__release_approver__user__first_name"], g["application__release_approver__user__last_name"],
                            g["application__release_approver__user__username"]),
                str(g["application__release_approver__public_id"]), g) for g in grouped]
    total = Guard.total(rows, row("All managers", "", whole), keep=["manager", "manager_id"])
    return Table(
        key="releases", title="Releases asked of line managers",
        columns=[
            Column("manager", "Asked of", is_label=True), Column("manager_id", "Person id", is_label=True),
            Column("asked", "People whose release was decided or lapsed", "people"),
            Column("released", "Released", "people"), Column("declined", "Declined", "people"),
            Column("lapsed", "Offer expired waiting", "people"),
            Column("average_days", "Average time from offer to decision", "days"),
        ],
        rows=[*rows, total], chart=Chart(BAR, x="manager", series=("released", "declined", "lapsed")),
        note="Decisions in the period on offers that needed the line manager to release the person's time; asked of: "
        "the line manager, or their manager after an escalation." + _all_hidden(rows, guard),
    )


def _releases_by_department(f: Filters, guard: Guard) -> Table:
    """`_releases` added up by the department of the manager asked, each person counted once per department."""
    grouped = (_decided_releases(f).values("application__release_approver__department__name")
               .annotate(**RELEASE_AGGREGATES).order_by("application__release_approver__department__name"))
    rows = [{"department": g["application__release_approver__department__name"], **_release_row(guard, g)} for g in grouped]
    return Table(
        key="releases_by_department", title="Releases asked of line managers, by their department",
        columns=[
            Column("department", "Department of the manager asked", is_label=True),
            Column("asked", "People whose release was decided or lapsed", "people"),
            Column("released", "Released", "people"), Column("declined", "Declined", "people"),
            Column("lapsed", "Offer expired waiting", "people"),
            Column("average_days", "Average time from offer to decision", "days"),
        ],
        rows=rows, chart=Chart(BAR, x="department", series=("released", "declined", "lapsed")),
        note="The table above added up by the department of the manager asked: a person counts once per department.",
    )


def _all_hidden(rows: list[dict], guard: Guard) -> str:
    """The note of a per-manager table none of whose figures about people can be shown: every manager's are about
    too few people. Rows still hold SUPPRESSED here; a 0 is shown (it is about nobody), so it does not count."""
    figures = [v for row in rows for v in row.values() if v is SUPPRESSED or isinstance(v, int | float)]
    if SUPPRESSED not in figures or any(v is not SUPPRESSED and v != 0 for v in figures):
        return ""
    return (f" Every figure per manager is hidden: fewer than {guard.min_group} people per manager in this period. "
            "The table by department below adds them up.")
