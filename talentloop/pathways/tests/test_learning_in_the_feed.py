"""Learning in the "for you" feed: items tailored to the opportunities the person nearly fits, their target roles
and the skills they want to grow, each with its reason."""

from __future__ import annotations

from talentloop.learning.tests.factories import (
    LearningItemFactory,
    LearningItemSkillFactory,
    LearningRecordFactory,
)
from talentloop.pathways import services
from talentloop.pathways.suggest import learning_for
from talentloop.people.models import Aspiration
from talentloop.testing import factories as f


def _sql(org):
    return org.gig.skill_needs.get(skill__slug="sql").skill


def test_an_item_closing_the_last_gap_of_gigs_and_a_target_role_comes_first_with_its_reason(org):
    sql = _sql(org)
    second = f.OpportunityFactory(owner=org.owner, title="Month-end dashboards")
    f.OpportunitySkillFactory(opportunity=second, skill=sql, level=2)
    role = f.RoleFactory(slug="data-analyst", title="Data analyst")
    f.RoleSkillFactory(role=role, skill=sql, proficiency=2)
    services.start_pathway(org.personas(org.employee), role)
    good = LearningItemFactory(title="SQL for analysts", duration_minutes=120)
    LearningItemSkillFactory(item=good, skill=sql, target_level=2)
    weak = LearningItemFactory(title="SQL taster", duration_minutes=30)
    LearningItemSkillFactory(item=weak, skill=sql, target_level=1)  # below the level asked: closes nothing
    [top] = learning_for(org.personas(org.employee))
    assert top.item == good
    assert top.reason == "closes SQL: the last gap for 2 gigs; your target role Data analyst"


def test_a_skill_to_grow_counts_and_completed_items_are_left_out(org):
    stats = f.SkillFactory(slug="statistics", label="Statistics")
    aspiration = Aspiration.objects.create(employee=org.employee)
    aspiration.skills_to_grow.add(stats)
    item = LearningItemFactory(title="Statistics 101")
    LearningItemSkillFactory(item=item, skill=stats, target_level=2)
    assert [s.reason for s in learning_for(org.personas(org.employee))] == ["closes Statistics: a skill you want to grow"]
    LearningRecordFactory(employee=org.employee, item=item, status="completed")
    assert learning_for(org.personas(org.employee)) == []


def test_the_feed_page_and_the_api_show_them(org):
    item = LearningItemFactory(title="SQL for analysts")
    LearningItemSkillFactory(item=item, skill=_sql(org), target_level=2)
    page = org.client(org.employee).get("/for-you/").text
    assert "Learning for you" in page and "SQL for analysts" in page and "the last gap for 1 gig" in page
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_login(org.employee.user)
    body = api.get("/api/v1/me/learning-suggestions/").json()
    assert [(s["title"], s["skills"]) for s in body] == [("SQL for analysts", ["SQL"])]
    api.force_login(org.outsider)
    assert api.get("/api/v1/me/learning-suggestions/").status_code == 404
