"""Learning-asset audit: skills-first against compliance, in-demand skills covered, unused items, untaught skills."""

from __future__ import annotations

import pytest

from talentloop.analytics.tests.builders import by_label, item, opportunity, record, set_min_group
from talentloop.pathways.models import Pathway
from talentloop.skills.models import Skill
from talentloop.testing import factories as f


@pytest.fixture
def catalog(org):
    set_min_group(1)
    python, sql = Skill.objects.get(slug="python"), Skill.objects.get(slug="sql")
    excel, negotiation = f.SkillFactory(label="Excel"), f.SkillFactory(label="Negotiation")
    a = item("A: Python in practice", python)
    b = item("B: Excel for analysts", excel)
    c = item("C: Code of conduct", compliance=True)
    d = item("D: Data protection", compliance=True)
    item("E: SQL (retired)", sql, active=False)
    fin1 = f.EmployeeFactory(department=org.owner.department)
    record(org.employee, a, completed="2025-03-01")
    record(org.colleague, a, status="passed", completed="2025-04-01")
    record(org.owner, c, completed="2025-05-01")
    record(fin1, b, status="in_progress", enrolled="2025-05-01")
    record(org.manager, d, completed="2024-11-01")  # before the period
    gig = opportunity(org.owner, "gig", "2025-02-01")
    f.OpportunitySkillFactory(opportunity=gig, skill=python)
    f.OpportunitySkillFactory(opportunity=gig, skill=negotiation, need="nice_to_have")
    role = f.RoleFactory()
    f.RoleSkillFactory(role=role, skill=sql)
    Pathway.objects.create(employee=org.colleague, role=role, initial_steps=2)


def test_the_catalog_by_focus(metric, catalog):
    table = by_label(metric("learning-audit", start="2025-01-01", end="2025-12-31"), "catalog")
    # Skills-first, active: A, B = 2 items; completions A by Ada and Carl = 2 (2 learners); B unused: 1/2 = 50%.
    assert table["Skills-first"] == {"focus": "Skills-first", "items": 2, "completions": 2, "learners": 2, "unused": 1, "unused_pct": 50.0}
    # Compliance: C, D = 2; C by Olga = 1; D completed only in 2024: unused, 1/2 = 50%.
    assert table["Compliance"] == {"focus": "Compliance", "items": 2, "completions": 1, "learners": 1, "unused": 1, "unused_pct": 50.0}


def test_in_demand_skills_their_coverage_unused_items_and_untaught_skills(metric, catalog):
    result = metric("learning-audit", start="2025-01-01", end="2025-12-31")
    # In demand: Python and Negotiation (the gig open in 2025), SQL (Carl's pathway) = 3. Taught by an active item:
    # Python (A); SQL only by the retired E = 1 of 3 = 33.3%.
    assert result.table("coverage").rows == [{"in_demand": 3, "covered": 1, "covered_pct": 33.3}]
    unused = by_label(result, "unused_items")
    # Nobody completed B (fin1 enrolled in May) or D in 2025; by title.
    assert [(t, r["enrolled"]) for t, r in unused.items()] == [("B: Excel for analysts", 1), ("D: Data protection", 0)]
    untaught = by_label(result, "untaught_skills")
    assert [(s, r["opportunities"], r["pathway_people"]) for s, r in untaught.items()] == [("Negotiation", 1, 0), ("SQL", 0, 1)]
