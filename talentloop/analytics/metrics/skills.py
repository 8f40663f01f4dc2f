"""Skills supply against demand by skill family and department, the largest gaps and the emerging skills."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from talentloop.analytics.filters import Filters
from talentloop.analytics.metrics.common import (
    MAX_CATEGORY_DEPTH,
    Context,
    count_distinct,
    count_of,
    employed_on,
    family_of,
    open_during,
    opportunity_q,
    people_q,
)
from talentloop.analytics.metrics.learning import DEMAND_NEEDS
from talentloop.analytics.tables import BAR, HEATMAP, SUPPRESSED, Chart, Column, Guard, Table
from talentloop.marketplace.models import OpportunitySkill
from talentloop.pathways.models import Pathway
from talentloop.people.models import Department, EmployeeSkill
from talentloop.skills.models import Skill, SkillCategory

PRACTITIONER = 3  # supply "at level" counts proficiency 3 (practitioner) and above
TOP = 10


def skills(f: Filters, ctx: Context) -> tuple[list[Table], list[str]]:
    notes = []
    if SkillCategory.objects.filter(**{"parent" + "__parent" * (MAX_CATEGORY_DEPTH - 1) + "__isnull": False}).exists():
        notes.append(f"Some skill categories are deeper than {MAX_CATEGORY_DEPTH} levels: their skills are grouped under "
                     f"their ancestor {MAX_CATEGORY_DEPTH - 1} levels up, not under the top of the tree.")
    return [_heatmap(f, ctx), _largest_gaps(f, ctx), _emerging(f)], notes


def _heatmap(f: Filters, ctx: Context) -> Table:
    guard = ctx.guard
    held = EmployeeSkill.objects.filter(employed_on(f.end, "employee__"), people_q(f, "employee__"), skill__is_active=True)
    supply = {
        (r["family"], r["department"]): r
        for r in held.annotate(family=family_of("skill__category"), department=F("employee__department"))
        .values("family", "department")
        .annotate(
            holders=Count("employee", distinct=True),
            verified_holders=count_distinct("employee", Q(verified=True)),
            practitioners=count_distinct("employee", Q(proficiency__gte=PRACTITIONER)),
            verified_practitioners=count_distinct("employee", Q(verified=True, proficiency__gte=PRACTITIONER)),
        ).order_by()
    }
    asked = {
        (r["family"], r["department"]): r["opportunities"]
        for r in OpportunitySkill.objects.filter(open_during(f, "opportunity__"), opportunity_q(f, "opportunity__"), need__in=DEMAND_NEEDS)
        .annotate(family=family_of("skill__category"), department=F("opportunity__department"))
        .values("family", "department").annotate(opportunities=Count("opportunity", distinct=True)).order_by()
    }
    aimed = {
        (r["family"], r["department"]): r["people"]
        for r in Pathway.objects.filter(employed_on(f.end, "employee__"), people_q(f, "employee__"))
        .annotate(family=family_of("role__role_skills__skill__category"), department=F("employee__department"))
        .exclude(family=None)
        .values("family", "department").annotate(people=Count("employee", distinct=True)).order_by()
    }
    keys = set(supply) | set(asked) | set(aimed)
    families = dict(SkillCategory.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "name"))
    departments = dict(Department.objects.filter(pk__in={k[1] for k in keys}).values_list("pk", "name"))
    rows = []
    for key in sorted(keys, key=lambda k: (families.get(k[0], ""), departments.get(k[1], ""))):
        s = supply.get(key, {})
        verified_practitioners, pathway_people, opportunities = s.get("verified_practitioners", 0), aimed.get(key, 0), asked.get(key, 0)
        gap = opportunities + pathway_people - verified_practitioners
        rows.append({
            "family": families.get(key[0], ""), "department": departments.get(key[1], ""),
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


def _largest_gaps(f: Filters, ctx: Context) -> Table:
    guard = ctx.guard
    asked = OpportunitySkill.objects.filter(open_during(f, "opportunity__"), opportunity_q(f, "opportunity__"),
                                            skill=OuterRef("pk"), need__in=DEMAND_NEEDS)
    held = EmployeeSkill.objects.filter(employed_on(f.end, "employee__"), people_q(f, "employee__"), skill=OuterRef("pk"),
                                        verified=True, proficiency__gte=PRACTITIONER)
    aimed = Pathway.objects.filter(employed_on(f.end, "employee__"), people_q(f, "employee__"), role__role_skills__skill=OuterRef("pk"))
    ranked = (
        # Only skills someone asks for: the counts below are correlated, so they run for those alone.
        Skill.objects.filter(Q(Exists(asked)) | Q(Exists(aimed)), is_active=True)
        .annotate(asking=count_of(asked, "opportunity", distinct=True), supply=count_of(held),
                  pathway_people=count_of(aimed, "employee", distinct=True))
        .annotate(gap=F("asking") + F("pathway_people") - F("supply"))
        .filter(Q(asking__gt=0) | Q(pathway_people__gt=0), gap__gt=0)
        .order_by("-gap", "label").values("label", "category__name", "asking", "pathway_people", "supply", "gap")[:TOP]
    )
    rows = [{
        "skill": r["label"], "category": r["category__name"], "opportunities": r["asking"],
        "pathway_people": guard.count(r["pathway_people"]), "supply": guard.count(r["supply"]),
        "gap": SUPPRESSED if guard.small(r["supply"]) or guard.small(r["pathway_people"]) else r["gap"],
    } for r in ranked]
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


def _emerging(f: Filters) -> Table:
    length = f.end - f.start + dt.timedelta(days=1)
    before = Filters(start=f.start - length, end=f.start - dt.timedelta(days=1), department=f.department,
                     location=f.location, type=f.type)

    def asking(period: Filters):
        return OpportunitySkill.objects.filter(open_during(period, "opportunity__"), opportunity_q(period, "opportunity__"),
                                               skill=OuterRef("pk"), need__in=DEMAND_NEEDS)

    ranked = (
        Skill.objects.filter(Exists(asking(f)), is_active=True)
        .annotate(now=count_of(asking(f), "opportunity", distinct=True), before=count_of(asking(before), "opportunity", distinct=True))
        .annotate(growth=Coalesce(F("now") - F("before"), Value(0), output_field=IntegerField()))
        .filter(growth__gt=0).order_by("-growth", "label")
        .values("label", "category__name", "now", "before", "growth")[:TOP]
    )
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
