"""Learning to earning (did learning lead to use and to moves?) and the audit of the learning catalog."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
)
from django.utils import timezone

from talentloop.analytics.filters import Filters
from talentloop.analytics.metrics.common import (
    Context,
    count_distinct,
    count_of,
    employed_on,
    in_period,
    month_index,
    open_during,
    opportunity_q,
    people_q,
)
from talentloop.analytics.tables import BAR, LINE, NONE, Chart, Column, Guard, Table
from talentloop.credentials.models import Credential
from talentloop.learning.models import LearningItem, LearningItemSkill, LearningRecord, RecordStatus
from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityType
from talentloop.marketplace.models import ApplicationStatusChange, OpportunitySkill, SkillNeed
from talentloop.pathways.models import Pathway
from talentloop.people.models import Employee, RoleChange
from talentloop.roles.models import RoleSkill
from talentloop.skills.models import Skill

DONE = (RecordStatus.COMPLETED, RecordStatus.PASSED)
APPLY_WITHIN = dt.timedelta(days=90)
LEARNED_BEFORE_MOVE = dt.timedelta(days=365)
# Where a learned skill is applied: work, not mentoring or shadowing.
APPLYING_TYPES = (OpportunityType.GIG, OpportunityType.PROJECT, OpportunityType.FREELANCE, OpportunityType.PERMANENT_ROLE)
DEMAND_NEEDS = (SkillNeed.REQUIRED, SkillNeed.NICE_TO_HAVE)
LIST_LIMIT = 100


def completions(f: Filters):
    """Completions (completed or passed) in the period of items that teach at least one skill."""
    return LearningRecord.objects.filter(
        in_period(f, "completed_at"), Exists(LearningItemSkill.objects.filter(item=OuterRef("item"))), status__in=DONE
    )


def learning_to_earning(f: Filters, ctx: Context) -> tuple[list[Table], list[str]]:
    guard = ctx.guard
    types = [t for t in APPLYING_TYPES if not f.type or t == f.type]
    # A seat taken, within 90 days after the completion, on an opportunity that asks for a skill the item teaches.
    applied = ApplicationStatusChange.objects.filter(
        application__applicant=OuterRef("employee"), to_status=ApplicationStatus.ACCEPTED, event="",
        at__gt=OuterRef("completed_at"),
        at__lte=ExpressionWrapper(OuterRef("completed_at") + APPLY_WITHIN, output_field=DateTimeField()),
        application__opportunity__type__in=types,
        application__opportunity__skill_needs__skill__in=LearningItemSkill.objects.filter(item=OuterRef(OuterRef("item"))).values("skill"),
    )
    done = completions(f).filter(employee=OuterRef("pk"))
    learners = Employee.objects.filter(people_q(f)).aggregate(
        learners=Count("pk", filter=Q(Exists(done))),
        applied=Count("pk", filter=Q(Exists(done.filter(Exists(applied))))),
    )
    # A move in the period into a role, after completing (in the year before) an item teaching a skill the role asks.
    prepared = LearningRecord.objects.filter(
        employee=OuterRef("employee"), status__in=DONE,
        completed_at__date__lt=OuterRef("effective_on"),
        completed_at__date__gte=ExpressionWrapper(OuterRef("effective_on") - LEARNED_BEFORE_MOVE, output_field=DateField()),
        item__taught_skills__skill__in=RoleSkill.objects.filter(role=OuterRef(OuterRef("to_role"))).values("skill"),
    )
    moves = (
        RoleChange.objects.filter(people_q(f, "employee__"), effective_on__gte=f.start, effective_on__lte=f.end, to_role__isnull=False)
        .annotate(prepared=Exists(prepared))
        .aggregate(movers=Count("employee", distinct=True), ready=count_distinct("employee", Q(prepared=True)))
    )
    rows = [
        _share_row(guard, "Learners who applied a learned skill within 90 days", learners["learners"], learners["applied"]),
        _share_row(guard, "People who moved into a role after learning its skills", moves["movers"], moves["ready"]),
    ]
    notes = []
    if f.end + APPLY_WITHIN > timezone.localdate():
        notes.append("Completions in the last 90 days have had less than 90 days to be applied: the first share may still rise.")
    return [
        Table(
            key="learning_to_earning", title="Learning to earning",
            columns=[
                Column("measure", "Measure", is_label=True),
                Column("base", "Out of", "people"),
                Column("counted", "Counted", "people"),
                Column("share", "Share", "%"),
            ],
            rows=rows, chart=Chart(BAR, x="measure", series=("share",)),
            note="Learners: completed (or passed) an item teaching a skill in the period. Applied: took a seat on a gig, "
            "project, freelancing engagement or permanent role asking for a skill the item teaches within 90 days after. "
            "Moves: internal moves into a role in the period, after completing an item teaching one of the role's skills "
            "in the year before.",
        ),
        _credentials(f, guard),
    ], notes


def _share_row(guard: Guard, label: str, base: int, counted: int) -> dict:
    return {"measure": label, "base": guard.count(base), "counted": guard.counted(counted, base), "share": guard.share(counted, base)}


def _credentials(f: Filters, guard: Guard) -> Table:
    by_month = {
        f.months()[row["month"]]: row
        for row in Credential.objects.filter(in_period(f, "issued_at"), people_q(f, "employee__"))
        .annotate(month=month_index("issued_at", f)).values("month")
        .annotate(issued=Count("pk"), people=Count("employee", distinct=True)).order_by()
    }
    rows = []
    for m in f.months():
        g = by_month.get(m, {"issued": 0, "people": 0})
        rows.append({"month": m, "issued": guard.value(g["issued"], g["people"]), "people": guard.count(g["people"])})
    return Table(
        key="credentials", title="Credentials issued",
        columns=[Column("month", "Month", is_label=True), Column("issued", "Credentials issued", "credentials"),
                 Column("people", "People", "people")],
        rows=rows, chart=Chart(LINE, x="month", series=("issued",)),
        note="Counted when issued, including credentials revoked since.",
    )


# --- learning-asset audit ------------------------------------------------------------------------------------------


def asked_by_skill(f: Filters) -> dict[int, int]:
    """Skill id -> the opportunities open in the period that ask for it (required or nice to have). One grouped
    query: a correlated count per skill took seconds at 100,000 people.

    Grouped on `skill + 0` rather than the column: on the column SQLite walks the skill index and fetches every
    opportunity in skill order, five times slower at 100,000 people than reading them in order and sorting."""
    return dict(
        OpportunitySkill.objects.filter(open_during(f, "opportunity__"), opportunity_q(f, "opportunity__"), need__in=DEMAND_NEEDS)
        .order_by().values(skill_key=F("skill") + 0).annotate(n=Count("opportunity", distinct=True)).values_list("skill_key", "n")
    )


def targeted_by_skill(f: Filters) -> dict[int, int]:
    """Skill id -> the people employed on the last day with a pathway whose target role asks for it."""
    return dict(
        Pathway.objects.filter(employed_on(f.end, "employee__"), people_q(f, "employee__"), role__role_skills__skill__isnull=False)
        .order_by().values("role__role_skills__skill").annotate(n=Count("employee", distinct=True))
        .values_list("role__role_skills__skill", "n")
    )


def active_skills() -> list[tuple[int, str, str]]:
    """(id, label, category name) of the active skills in the database's order of labels, which ranked lists keep
    for their ties."""
    return list(Skill.objects.filter(is_active=True).order_by("label", "pk").values_list("pk", "label", "category__name"))


def learning_audit(f: Filters, ctx: Context) -> tuple[list[Table], list[str]]:
    done = completions_any(f)
    asked, targeted = asked_by_skill(f), targeted_by_skill(f)
    taught = set(LearningItemSkill.objects.filter(item__is_active=True).values_list("skill", flat=True).distinct())
    # In demand: asked by an opportunity open in the period, or by the target role of a pathway.
    demanded = [s for s in active_skills() if asked.get(s[0]) or targeted.get(s[0])]
    return [
        _catalog(done, ctx.guard), _coverage(demanded, taught), _unused(f, done, ctx.guard),
        _untaught(demanded, taught, asked, targeted, ctx.guard),
    ], []


def _catalog(done, guard: Guard) -> Table:
    focus = {
        row["compliance"]: row
        for row in LearningItem.objects.filter(is_active=True)
        .annotate(completions=count_of(done.filter(item=OuterRef("pk"))))
        .values("compliance")
        .annotate(items=Count("pk"), unused=Count("pk", filter=Q(completions=0)))
        .order_by()
    }
    learners = {
        row["item__compliance"]: row
        for row in done.values("item__compliance").annotate(people=Count("employee", distinct=True), completions=Count("pk")).order_by()
    }
    rows = []
    for compliance, label in ((False, "Skills-first"), (True, "Compliance")):
        g = focus.get(compliance, {"items": 0, "unused": 0})
        done_here = learners.get(compliance, {"people": 0, "completions": 0})
        rows.append({
            "focus": label, "items": g["items"], "completions": guard.value(done_here["completions"], done_here["people"]),
            "learners": guard.count(done_here["people"]), "unused": g["unused"],
            "unused_pct": round(100 * g["unused"] / g["items"], 1) if g["items"] else None,
        })
    return Table(
        key="catalog", title="Skills-first and compliance learning (active items)",
        columns=[
            Column("focus", "Focus", is_label=True), Column("items", "Items", "items"),
            Column("completions", "Completions in the period", "completions"), Column("learners", "Learners", "people"),
            Column("unused", "Items nobody completed", "items"), Column("unused_pct", "Items nobody completed", "%"),
        ],
        rows=rows, chart=Chart(BAR, x="focus", series=("items", "unused")),
    )


def _coverage(demanded: list[tuple[int, str, str]], taught: set[int]) -> Table:
    demand = {"in_demand": len(demanded), "covered": sum(1 for s in demanded if s[0] in taught)}
    share = round(100 * demand["covered"] / demand["in_demand"], 1) if demand["in_demand"] else None
    return Table(
        key="coverage", title="In-demand skills covered by learning",
        columns=[Column("in_demand", "Skills in demand", "skills"), Column("covered", "Taught by at least one active item", "skills"),
                 Column("covered_pct", "Covered", "%")],
        rows=[{**demand, "covered_pct": share}], chart=Chart(NONE),
        note="In demand: asked (required or nice to have) by an opportunity open in the period, or by the target role of "
        "a pathway of someone employed on the last day of the period.",
    )


def _unused(f: Filters, done, guard: Guard) -> Table:
    enrolled = LearningRecord.objects.filter(people_q(f, "employee__"), in_period(f, "enrolled_at"), item=OuterRef("pk"))
    items = (
        LearningItem.objects.filter(is_active=True).exclude(Exists(done.filter(item=OuterRef("pk"))))
        .annotate(enrolled=count_of(enrolled))
        .order_by("title", "pk").values("title", "kind", "compliance", "enrolled")[:LIST_LIMIT]
    )
    return Table(
        key="unused_items", title="Items nobody completed in the period",
        columns=[Column("title", "Item", is_label=True), Column("kind", "Kind", is_label=True),
                 Column("focus", "Focus", is_label=True), Column("enrolled", "Enrolled in the period", "people")],
        rows=[{"title": i["title"], "kind": i["kind"], "focus": "compliance" if i["compliance"] else "skills-first",
               "enrolled": guard.count(i["enrolled"])} for i in items],
        chart=Chart(NONE), note=f"At most {LIST_LIMIT}, by title.",
    )


def _untaught(demanded: list[tuple[int, str, str]], taught: set[int], asked: dict[int, int], targeted: dict[int, int],
              guard: Guard) -> Table:
    # Most asked first; sorted() is stable, so ties keep the database's order of labels.
    skills = sorted(
        ({"label": label, "category__name": category, "asking": asked.get(pk, 0), "pathway_people": targeted.get(pk, 0)}
         for pk, label, category in demanded if pk not in taught),
        key=lambda s: (-s["asking"], -s["pathway_people"]),
    )[:LIST_LIMIT]
    return Table(
        key="untaught_skills", title="Skills in demand with no learning",
        columns=[Column("skill", "Skill", is_label=True), Column("category", "Category", is_label=True),
                 Column("opportunities", "Opportunities asking for it", "opportunities"),
                 Column("pathway_people", "People on a pathway to a role asking for it", "people")],
        rows=[{"skill": s["label"], "category": s["category__name"], "opportunities": s["asking"],
               "pathway_people": guard.count(s["pathway_people"])} for s in skills],
        chart=Chart(BAR, x="skill", series=("opportunities",)), note=f"At most {LIST_LIMIT}, the most asked first.",
    )


def completions_any(f: Filters):
    """Completions (completed or passed) in the period of any item, by people who pass the filters."""
    return LearningRecord.objects.filter(in_period(f, "completed_at"), people_q(f, "employee__"), status__in=DONE)
