"""Skills supply against demand by skill family and department, the largest gaps and the emerging skills."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When

from talentloop.analytics import snapshots
from talentloop.analytics.filters import Filters
from talentloop.analytics.metrics.common import (
    MAX_CATEGORY_DEPTH,
    Context,
    count_distinct,
    employed_on,
    open_during,
    opportunity_q,
    people_q,
)
from talentloop.analytics.metrics.learning import (
    DEMAND_NEEDS,
    active_skills,
    asked_by_skill,
    targeted_by_skill,
)
from talentloop.analytics.models import FamilySupply, SkillSupply, Snapshot
from talentloop.analytics.tables import BAR, HEATMAP, SUPPRESSED, Chart, Column, Guard, Table
from talentloop.marketplace.models import OpportunitySkill
from talentloop.pathways.models import Pathway
from talentloop.people.models import Department, Employee, EmployeeSkill
from talentloop.skills.models import SkillCategory

PRACTITIONER = 3  # supply "at level" counts proficiency 3 (practitioner) and above
TOP = 10


def skills(f: Filters, ctx: Context) -> tuple[list[Table], list[str]]:
    notes = []
    families = Families()
    if families.too_deep:
        notes.append(f"Some skill categories are deeper than {MAX_CATEGORY_DEPTH} levels: their skills are grouped under "
                     f"their ancestor {MAX_CATEGORY_DEPTH - 1} levels up, not under the top of the tree.")
    snapshot = snapshots.usable(snapshots.SKILL_SUPPLY, f)
    if snapshot is not None:
        notes.append(snapshots.note(snapshot, "Supply"))
    asked, ranked = asked_by_skill(f), active_skills()
    return [_heatmap(f, ctx, families, snapshot), _largest_gaps(f, ctx, asked, ranked, snapshot), _emerging(f, asked, ranked)], notes


class Families:
    """The skill family (the top of the category tree) of every category, worked out in Python from the small
    category table, so that the big queries group by a CASE on the category instead of joining the tree 8 times."""

    def __init__(self) -> None:
        rows = list(SkillCategory.objects.values_list("pk", "parent_id", "name"))
        parent = {pk: parent_id for pk, parent_id, _ in rows}
        self.names = {pk: name for pk, _, name in rows}
        self.of: dict[int, int] = {}
        self.too_deep = False
        for pk in parent:
            node = pk
            # Up at most MAX_CATEGORY_DEPTH - 1 parents, as deep as the tree is walked in SQL before (and as the note says).
            for _ in range(MAX_CATEGORY_DEPTH - 1):
                if parent[node] is None:
                    break
                node = parent[node]
            else:
                self.too_deep = self.too_deep or parent[node] is not None
            self.of[pk] = node

    def case(self, category_path: str) -> Case:
        """The family id of the category at `category_path` (its id field), as a CASE over the families."""
        members: dict[int, list[int]] = {}
        for category, family in self.of.items():
            members.setdefault(family, []).append(category)
        return Case(*[When(**{f"{category_path}__in": sorted(ids)}, then=Value(family)) for family, ids in sorted(members.items())],
                    default=Value(None), output_field=IntegerField())


SUPPLY = ("holders", "verified_holders", "practitioners", "verified_practitioners")


def family_supply(day: dt.date, people: Q, families: Families, *by: str) -> QuerySet:
    """The supply counts (SUPPLY) of people employed on `day` passing `people` (a Q on the employee), per skill family
    and department, and per each field of the employee in `by` (the snapshot adds the location)."""
    held = EmployeeSkill.objects.filter(employed_on(day, "employee__"), people, skill__is_active=True)
    return (
        held.annotate(family=families.case("skill__category_id"), department=F("employee__department"),
                      **{name: F(f"employee__{name}") for name in by})
        .values("family", "department", *by)
        .annotate(
            holders=Count("employee", distinct=True),
            verified_holders=count_distinct("employee", Q(verified=True)),
            practitioners=count_distinct("employee", Q(proficiency__gte=PRACTITIONER)),
            verified_practitioners=count_distinct("employee", Q(verified=True, proficiency__gte=PRACTITIONER)),
        ).order_by()
    )


def skill_supply(day: dt.date, people: Q, *by: str) -> QuerySet:
    """Skill id -> the people employed on `day` passing `people` holding it verified at level 3 or above (per each
    field of the employee in `by` too)."""
    employed = Employee.objects.filter(employed_on(day), people).order_by().values("pk")
    # The people as one list the database builds once rather than a join for every holding: half the time.
    return (
        EmployeeSkill.objects.filter(employee__in=employed, verified=True, proficiency__gte=PRACTITIONER)
        .annotate(**{name: F(f"employee__{name}") for name in by})
        .order_by().values("skill", *by).annotate(n=Count("pk"))
    )


def _heatmap(f: Filters, ctx: Context, families: Families, snapshot: Snapshot | None) -> Table:
    guard = ctx.guard
    if snapshot is None:
        cells = family_supply(f.end, people_q(f, "employee__"), families)
    else:
        cells = (snapshots.cells(FamilySupply, f).values("family", "department")
                 .annotate(**{name: Sum(name) for name in SUPPLY}).order_by())
    supply = {(r["family"], r["department"]): r for r in cells}
    asked = {
        (r["family"], r["department"]): r["opportunities"]
        for r in OpportunitySkill.objects.filter(open_during(f, "opportunity__"), opportunity_q(f, "opportunity__"), need__in=DEMAND_NEEDS)
        .annotate(family=families.case("skill__category_id"), department=F("opportunity__department"))
        .values("family", "department").annotate(opportunities=Count("opportunity", distinct=True)).order_by()
    }
    aimed = {
        (r["family"], r["department"]): r["people"]
        for r in Pathway.objects.filter(employed_on(f.end, "employee__"), people_q(f, "employee__"))
        .annotate(family=families.case("role__role_skills__skill__category_id"), department=F("employee__department"))
        .exclude(family=None)
        .values("family", "department").annotate(people=Count("employee", distinct=True)).order_by()
    }
    keys = set(supply) | set(asked) | set(aimed)
    names = families.names
    departments = dict(Department.objects.filter(pk__in={k[1] for k in keys}).values_list("pk", "name"))
    rows = []
    for key in sorted(keys, key=lambda k: (names.get(k[0], ""), departments.get(k[1], ""))):
        s = supply.get(key, {})
        verified_practitioners, pathway_people, opportunities = s.get("verified_practitioners", 0), aimed.get(key, 0), asked.get(key, 0)
        gap = opportunities + pathway_people - verified_practitioners
        rows.append({
            "family": names.get(key[0], ""), "department": departments.get(key[1], ""),
            **_supply(guard, s.get("holders", 0), s.get("verified_holders", 0), s.get("practitioners", 0), verified_practitioners),
            "opportunities": opportunities, "pathway_people": guard.count(pathway_people),
        })
        rows[-1]["gap"] = SUPPRESSED if rows[-1]["verified_practitioners"] is SUPPRESSED or guard.small(pathway_people) else gap
    return Table(
        key="supply_demand", title="Skills supply and demand by skill family and department",
        columns=[
            Column("family", "Skill family", is_label=True), Column("department", "Department", is_label=True),
            Column("declared", "People holding a skill of the family", "people"),
            Column("verified", "with verified evidence", "people"),
            Column("practitioners", "at level 3 or above", "people"),
            Column("verified_practitioners", "verified at level 3 or above", "people"),
            Column("opportunities", "Opportunities asking for it", "opportunities"),
            Column("pathway_people", "People on a pathway to a role asking for it", "people"),
            Column("gap", "Gap (opportunities + pathway people - verified at level 3+)", "count"),
        ],
        rows=rows, chart=Chart(HEATMAP, x="department", y="family", value="gap"),
        note="Supply: people employed on the last day of the period. Demand: opportunities open in the period (in "
        "their own department) and pathways of people employed on the last day (in their department).",
    )


def _supply(guard: Guard, holders: int, verified: int, practitioners: int, verified_practitioners: int) -> dict:
    """The four supply counts of a cell: each nested in the one before it (verified holders among holders...), so
    a count is hidden when the people between it and the larger one are few."""
    return {
        "declared": guard.count(holders),
        "verified": guard.within(verified, holders),
        "practitioners": guard.within(practitioners, holders),
        "verified_practitioners": SUPPRESSED if guard.small(verified_practitioners)
        or guard.small(verified - verified_practitioners) or guard.small(practitioners - verified_practitioners)
        else verified_practitioners,
    }


def _largest_gaps(f: Filters, ctx: Context, asked: dict[int, int], ranked: list[tuple[int, str, str]],
                  snapshot: Snapshot | None) -> Table:
    guard = ctx.guard
    if snapshot is None:
        supply = dict(skill_supply(f.end, people_q(f)).values_list("skill", "n"))
    else:
        supply = dict(snapshots.cells(SkillSupply, f).values("skill").annotate(n=Sum("verified_practitioners"))
                      .order_by().values_list("skill", "n"))
    aimed = targeted_by_skill(f)
    gaps = []
    for pk, label, category in ranked:  # only skills someone asks for
        asking, pathway_people = asked.get(pk, 0), aimed.get(pk, 0)
        if asking or pathway_people:
            gap = asking + pathway_people - supply.get(pk, 0)
            if gap > 0:
                gaps.append({"label": label, "category__name": category, "asking": asking, "pathway_people": pathway_people,
                             "supply": supply.get(pk, 0), "gap": gap})
    ranked_gaps = sorted(gaps, key=lambda r: -r["gap"])[:TOP]  # stable: ties keep the database's order of labels
    rows = [{
        "skill": r["label"], "category": r["category__name"], "opportunities": r["asking"],
        "pathway_people": guard.count(r["pathway_people"]), "supply": guard.count(r["supply"]),
        "gap": SUPPRESSED if guard.small(r["supply"]) or guard.small(r["pathway_people"]) else r["gap"],
    } for r in ranked_gaps]
    return Table(
        key="largest_gaps", title="Largest skill gaps",
        columns=[
            Column("skill", "Skill", is_label=True), Column("category", "Category", is_label=True),
            Column("opportunities", "Opportunities asking for it", "opportunities"),
            Column("pathway_people", "People on a pathway to a role asking for it", "people"),
            Column("supply", "People verified at level 3 or above", "people"),
            Column("gap", "Gap", "count"),
        ],
        rows=rows, chart=Chart(BAR, x="skill", series=("gap",)), note=f"The {TOP} largest; ties by name.",
    )


def _emerging(f: Filters, asked: dict[int, int], ranked: list[tuple[int, str, str]]) -> Table:
    length = f.end - f.start + dt.timedelta(days=1)
    before = asked_by_skill(Filters(start=f.start - length, end=f.start - dt.timedelta(days=1), department=f.department,
                                    location=f.location, type=f.type))
    growing = [
        {"label": label, "category__name": category, "now": asked[pk], "before": before.get(pk, 0), "growth": asked[pk] - before.get(pk, 0)}
        for pk, label, category in ranked if asked.get(pk, 0) - before.get(pk, 0) > 0
    ]
    ranked = sorted(growing, key=lambda r: -r["growth"])[:TOP]  # stable: ties keep the database's order of labels
    return Table(
        key="emerging", title="Emerging skills",
        columns=[
            Column("skill", "Skill", is_label=True), Column("category", "Category", is_label=True),
            Column("now", "Opportunities asking for it in the period", "opportunities"),
            Column("before", "in the period before", "opportunities"),
            Column("growth", "Growth", "opportunities"),
        ],
        rows=[{"skill": r["label"], "category": r["category__name"], "now": r["now"], "before": r["before"], "growth": r["growth"]}
              for r in ranked],
        chart=Chart(BAR, x="skill", series=("growth",)),
        note=f"The {TOP} skills asked by the most more opportunities open in the period than in the period of the same "
        "length just before.",
    )
