"""Pathways to a target role: the gap (skills x levels), an ordered plan of learning, gigs and mentors with hours
and weeks, progress as steps complete, and the roles that lie next (skill proximity and moves seen)."""

from __future__ import annotations

import pytest

from talentloop.learning import services as learning
from talentloop.learning.tests.factories import LearningItemFactory, LearningItemSkillFactory
from talentloop.pathways import services
from talentloop.pathways.models import Pathway
from talentloop.people.models import RoleChange
from talentloop.testing import factories as f


@pytest.fixture
def analyst(org):
    """A role asking Python 4 and SQL 3; Ada holds Python 4 and no SQL; she has 8 hours a week free."""
    role = f.RoleFactory(slug="data-analyst", title="Data analyst")
    python = org.gig.skill_needs.get(skill__slug="python").skill
    sql = org.gig.skill_needs.get(skill__slug="sql").skill
    f.RoleSkillFactory(role=role, skill=python, proficiency=4)
    f.RoleSkillFactory(role=role, skill=sql, proficiency=3)
    return role, sql


def test_the_plan_shows_the_gap_and_orders_learning_gigs_and_mentors(org, analyst):
    role, sql = analyst
    exam = LearningItemFactory(title="SQL assessment", kind="assessment", duration_minutes=120)
    LearningItemSkillFactory(item=exam, skill=sql, target_level=3)
    stretch = f.OpportunityFactory(owner=org.owner, title="Clean the sales data", hours_per_week=2)
    f.OpportunitySkillFactory(opportunity=stretch, skill=sql, need="growth")
    mentoring = f.OpportunityFactory(owner=org.manager, type="mentorship", mentorship_direction="mentor_offers", title="SQL clinic")
    f.OpportunitySkillFactory(opportunity=mentoring, skill=sql, need="growth")
    plan = services.plan_for_role(org.employee, role)
    assert [(g.skill.label, g.held, g.target) for g in plan.gaps] == [("Python", 4, 4), ("SQL", 0, 3)]
    assert [(s.kind, s.title) for s in plan.steps] == [
        ("learning", "SQL assessment"), ("opportunity", "Clean the sales data"), ("mentor", "Mentoring by Maria Manager: SQL clinic"),
    ]
    assert plan.steps[0].hours == 2.0
    assert plan.weeks == round(plan.hours / 8, 1)
    assert plan.progress is None  # not followed yet


def test_progress_moves_as_steps_complete(org, analyst):
    role, sql = analyst
    course = LearningItemFactory(title="SQL basics", duration_minutes=60)
    LearningItemSkillFactory(item=course, skill=sql, target_level=3)
    services.start_pathway(org.personas(org.employee), role)
    assert Pathway.objects.get(employee=org.employee).initial_steps == 3
    assert role in org.employee.aspiration.target_roles.all()
    learning.record_result(org.employee, course, "completed")  # one step toward SQL 3
    plan = services.plan_for_role(org.employee, role)
    assert plan.progress == pytest.approx(1 / 3, abs=0.001)
    assert "SQL basics" not in [s.title for s in plan.steps]  # done: no longer a step


def test_next_roles_rank_by_skill_proximity_and_by_moves_seen(org, analyst):
    assert analyst  # the data analyst role exists beside the ones made here
    python = org.gig.skill_needs.get(skill__slug="python").skill
    near = f.RoleFactory(slug="python-developer", title="Python developer")
    f.RoleSkillFactory(role=near, skill=python, proficiency=4)
    far = f.RoleFactory(slug="controller", title="Controller")
    f.RoleSkillFactory(role=far, skill=f.SkillFactory(slug="ifrs", label="IFRS"), proficiency=4)
    current = f.RoleFactory(slug="software-engineer", title="Software engineer")
    org.employee.role = current
    org.employee.save()
    ranked = services.next_roles(org.employee)
    assert [n.role.title for n in ranked][:2] == ["Python developer", "Data analyst"]
    assert ranked[-1].role.title == "Controller" and ranked[-1].proximity == 0
    for _ in range(3):  # people in Ada's role have moved to Controller three times
        RoleChange.objects.create(employee=org.colleague, effective_on="2026-01-01", from_job_title="x", to_job_title="y",
                                  from_role=current, to_role=far)
    ranked = {n.role.title: n for n in services.next_roles(org.employee)}
    assert ranked["Controller"].moves_seen == 3 and ranked["Controller"].score == 0.3


def test_the_pages_show_the_plan_and_follow_a_pathway(org, analyst):
    role, _ = analyst
    ada = org.client(org.employee)
    explorer = ada.get("/pathways/").text
    assert "Roles that lie next" in explorer and "Data analyst" in explorer
    page = ada.get(f"/pathways/{role.slug}/").text
    assert "<th scope=\"row\">SQL</th><td>0</td><td>3</td><td>3</td>" in page
    assert ada.post(f"/pathways/{role.slug}/start/").status_code == 302
    assert "Progress since you started" in ada.get(f"/pathways/{role.slug}/").text
    assert org.client(org.outsider).get("/pathways/").status_code == 403


def test_next_roles_leave_out_the_steps_down_the_persons_own_ladder(org, analyst):
    family = f.RoleFamilyFactory(slug="engineering", name="Engineering")
    junior = f.RoleFactory(slug="junior-engineer", title="Junior engineer", family=family, level=1)
    senior = f.RoleFactory(slug="senior-engineer", title="Senior engineer", family=family, level=3)
    mid = f.RoleFactory(slug="engineer", title="Engineer", family=family, level=2)
    python = org.gig.skill_needs.get(skill__slug="python").skill
    for role in (junior, senior, mid):
        f.RoleSkillFactory(role=role, skill=python, proficiency=2)
    org.employee.role = mid
    org.employee.save()
    titles = [n.role.title for n in services.next_roles(org.employee, k=10)]
    assert "Senior engineer" in titles and "Junior engineer" not in titles and "Engineer" not in titles
