"""Skills: supply against demand by family and department, the largest gaps, the emerging skills."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.analytics.metrics.common import MAX_CATEGORY_DEPTH
from talentloop.analytics.tests.builders import at, by_label, opportunity, set_min_group
from talentloop.pathways.models import Pathway
from talentloop.people.models import EmployeeSkill
from talentloop.skills.models import Skill
from talentloop.testing import factories as f


@pytest.fixture
def skills(org):
    set_min_group(1)
    finance = org.owner.department
    fin1 = f.EmployeeFactory(department=finance)
    technology = f.SkillCategoryFactory(name="Technology")
    programming = f.SkillCategoryFactory(name="Programming", parent=technology)
    business = f.SkillCategoryFactory(name="Business")
    python, sql = Skill.objects.get(slug="python"), Skill.objects.get(slug="sql")
    Skill.objects.filter(pk__in=[python.pk, sql.pk]).update(category=programming)
    excel = f.SkillFactory(label="Excel", category=business)
    # Supply. Engineering: Ada Python 4 verified, Carl Python 2, Maria SQL 3 verified. Finance: Olga Excel 3
    # verified, fin1 Excel 1.
    EmployeeSkill.objects.filter(employee=org.employee, skill=python).update(verified=True)
    f.EmployeeSkillFactory(employee=org.colleague, skill=python, proficiency=2)
    f.EmployeeSkillFactory(employee=org.manager, skill=sql, proficiency=3, verified=True)
    f.EmployeeSkillFactory(employee=org.owner, skill=excel, proficiency=3, verified=True)
    f.EmployeeSkillFactory(employee=fin1, skill=excel, proficiency=1)
    f.EmployeeSkillFactory(employee=f.EmployeeFactory(department=finance, leave_date=dt.date(2025, 6, 1)), skill=excel)  # left

    def opp(owner, published, closed=None, status="open", **needs):
        o = opportunity(owner, "gig", published, status=status, closed_at=at(closed) if closed else None)
        for skill, need in needs.values():
            f.OpportunitySkillFactory(opportunity=o, skill=skill, need=need)
        return o

    opp(org.owner, "2025-03-01", "2025-05-01", "closed", a=(python, "required"), b=(excel, "growth"))  # Ga, Finance
    opp(org.manager, "2024-10-01", a=(sql, "required"), b=(excel, "nice_to_have"))  # Gb, Engineering, open since 2024
    opp(org.manager, None, status="draft", a=(python, "required"))  # never published
    opp(org.manager, "2024-01-01", "2024-06-01", "closed", a=(python, "required"))  # Gd, only in 2024
    opp(org.manager, "2025-07-01", a=(python, "required"), b=(sql, "required"))  # Ge, Engineering
    role = f.RoleFactory()
    f.RoleSkillFactory(role=role, skill=python)
    f.RoleSkillFactory(role=role, skill=excel)
    Pathway.objects.create(employee=org.colleague, role=role, initial_steps=3)  # Engineering
    Pathway.objects.create(employee=fin1, role=role, initial_steps=4)  # Finance


def test_the_heatmap_crosses_skill_families_with_departments(metric, skills):
    t = metric("skills", start="2025-01-01", end="2025-12-31").table("supply_demand")
    cells = {(r["family"], r["department"]): r for r in t.rows}
    # Technology (Python and SQL sit in Programming, under Technology) x Engineering: holders Ada, Carl, Maria = 3;
    # verified Ada, Maria = 2; level 3+ Ada (4), Maria (3) = 2, both verified = 2. Opportunities open in 2025 in
    # Engineering asking for it: Gb (SQL), Ge (Python, SQL) = 2. Pathways: Carl = 1. Gap 2 + 1 - 2 = 1.
    assert cells["Technology", "Engineering"] == {
        "family": "Technology", "department": "Engineering", "declared": 3, "verified": 2, "practitioners": 2,
        "verified_practitioners": 2, "opportunities": 2, "pathway_people": 1, "gap": 1}
    # Technology x Finance: nobody holds it; Ga asks Python; fin1 is on the pathway: gap 1 + 1 - 0 = 2.
    assert cells["Technology", "Finance"] == {
        "family": "Technology", "department": "Finance", "declared": 0, "verified": 0, "practitioners": 0,
        "verified_practitioners": 0, "opportunities": 1, "pathway_people": 1, "gap": 2}
    # Business x Finance: Olga and fin1 hold Excel (the leaver does not count); Olga verified at 3. Ga lists Excel
    # only as a skill to grow: no demand. fin1's pathway asks for Excel: gap 0 + 1 - 1 = 0.
    assert cells["Business", "Finance"] == {
        "family": "Business", "department": "Finance", "declared": 2, "verified": 1, "practitioners": 1,
        "verified_practitioners": 1, "opportunities": 0, "pathway_people": 1, "gap": 0}
    # Business x Engineering: Gb wants Excel (nice to have), Carl's pathway too: gap 1 + 1 - 0 = 2.
    assert cells["Business", "Engineering"]["gap"] == 2
    assert len(cells) == 4
    assert t.chart.kind == "heatmap" and (t.chart.x, t.chart.y, t.chart.value) == ("department", "family", "gap")


def test_the_largest_gaps_and_the_emerging_skills(metric, skills):
    result = metric("skills", start="2025-01-01", end="2025-12-31")
    gaps = by_label(result, "largest_gaps")
    # Python: asked by Ga, Ge = 2; pathways Carl, fin1 = 2; verified at 3+: Ada = 1: gap 3.
    # Excel: asked by Gb = 1; pathways 2; Olga = 1: gap 2. SQL: Gb, Ge = 2; no pathway; Maria = 1: gap 1.
    assert [(s, r["opportunities"], r["pathway_people"], r["supply"], r["gap"]) for s, r in gaps.items()] == [
        ("Python", 2, 2, 1, 3), ("Excel", 1, 2, 1, 2), ("SQL", 2, 0, 1, 1)]
    emerging = by_label(result, "emerging")
    # 2025 against the 365 days before: Python 2 (Ga, Ge) against 1 (Gd); SQL 2 (Gb, Ge) against 1 (Gb);
    # Excel 1 (Gb) against 1 (Gb): no growth.
    assert [(s, r["now"], r["before"], r["growth"]) for s, r in emerging.items()] == [("Python", 2, 1, 1), ("SQL", 2, 1, 1)]


def test_families_are_found_down_to_the_deepest_level_walked(metric, org):
    node = root = f.SkillCategoryFactory(name="Root")
    for depth in range(1, MAX_CATEGORY_DEPTH):
        node = f.SkillCategoryFactory(name=f"Level {depth}", parent=node)
    deep = f.SkillFactory(label="Deep skill", category=node)
    f.EmployeeSkillFactory(employee=org.employee, skill=deep)
    set_min_group(1)
    cells = {(r["family"], r["department"]) for r in metric("skills").table("supply_demand").rows}
    assert (root.name, "Engineering") in cells


def test_a_deeper_tree_is_grouped_under_the_deepest_ancestor_walked_and_says_so(metric, org):
    node = f.SkillCategoryFactory(name="Top")
    for depth in range(1, MAX_CATEGORY_DEPTH + 1):
        node = f.SkillCategoryFactory(name=f"Level {depth}", parent=node)
    f.EmployeeSkillFactory(employee=org.employee, skill=f.SkillFactory(category=node))
    set_min_group(1)
    result = metric("skills")
    assert ("Level 1", "Engineering") in {(r["family"], r["department"]) for r in result.table("supply_demand").rows}
    assert any("deeper than" in note for note in result.notes)
