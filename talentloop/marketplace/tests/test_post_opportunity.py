"""Posting and editing opportunities with their skill needs; publishing and closing."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import OpportunityStatus
from talentloop.marketplace.models import Opportunity
from talentloop.marketplace.services import SkillNeedInput
from talentloop.testing import factories as f


def _data(org, **over):
    data = {
        "type": "project", "title": "Data quality sprint", "description": "Clean up the customer tables.",
        "department": org.owner.department, "role": None, "hours_per_week": 6, "seats": 2, "location": None,
        "work_mode": "remote", "start_date": dt.date(2027, 2, 1), "end_date": dt.date(2027, 4, 30),
    }
    return data | over


def test_an_owner_posts_and_publishes_with_skill_needs(org):
    sql = f.SkillFactory(slug="sql")
    python = f.SkillFactory(slug="python")
    opp = services.create_opportunity(
        org.personas(org.owner), _data(org),
        [SkillNeedInput(sql, "required", 3), SkillNeedInput(python, "growth", 2)], publish=True,
    )
    assert opp.status == OpportunityStatus.OPEN and opp.published_at is not None
    assert sorted(opp.skill_needs.values_list("skill__slug", "need", "level")) == [("python", "growth", 2), ("sql", "required", 3)]


def test_publishing_needs_a_required_skill(org):
    with pytest.raises(InvalidInput) as exc:
        services.create_opportunity(org.personas(org.owner), _data(org), [], publish=True)
    assert "skill_needs" in exc.value.errors
    assert not Opportunity.objects.filter(title="Data quality sprint").exists()


def test_bad_input_names_every_field_and_writes_nothing(org):
    sql = f.SkillFactory(slug="sql")
    data = _data(org, type="party", title=" ", hours_per_week=0, seats=0, work_mode="moon", end_date=dt.date(2027, 1, 1))
    with pytest.raises(InvalidInput) as exc:
        services.create_opportunity(org.personas(org.owner), data, [SkillNeedInput(sql, "required", 9), SkillNeedInput(sql, "must", 3)])
    assert {"type", "title", "hours_per_week", "seats", "work_mode", "end_date", "skill_needs[0].level", "skill_needs[1].skill", "skill_needs[1].need"} <= set(exc.value.errors)
    assert Opportunity.objects.count() == 1  # only the fixture's gig


def test_true_is_not_a_number_of_seats_or_hours(org):
    with pytest.raises(InvalidInput) as exc:
        services.create_opportunity(org.personas(org.owner), _data(org, seats=True, hours_per_week=True), [])
    assert {"seats", "hours_per_week"} <= set(exc.value.errors)


def test_people_not_allowed_to_post_cannot(org):
    org.colleague.can_post_opportunities = False
    org.colleague.save()
    for who in (org.colleague, org.outsider):
        with pytest.raises(Forbidden):
            services.create_opportunity(org.personas(who), _data(org), [])


def test_only_the_owner_or_a_talent_admin_edits(org):
    with pytest.raises(Forbidden):
        services.update_opportunity(org.personas(org.employee), org.gig, {"title": "Mine now"})
    services.update_opportunity(org.personas(org.talent_admin), org.gig, {"title": "Renamed"})
    org.gig.refresh_from_db()
    assert org.gig.title == "Renamed"


def test_seats_cannot_drop_below_those_offered(org):
    a = services.apply(org.personas(org.employee), org.gig).application
    services.update_opportunity(org.personas(org.owner), org.gig, {"seats": 3})
    services.move_application(org.personas(org.owner), a, "offered")
    other = f.ApplicationFactory(opportunity=org.gig)
    services.move_application(org.personas(org.owner), other, "offered")
    with pytest.raises(Conflict) as exc:
        services.update_opportunity(org.personas(org.owner), org.gig, {"seats": 1})
    assert "seats" in exc.value.errors


def test_opportunity_status_moves_follow_the_rules(org):
    owner = org.personas(org.owner)
    services.change_opportunity_status(owner, org.gig, "closed")
    services.change_opportunity_status(owner, org.gig, "open")
    services.change_opportunity_status(owner, org.gig, "cancelled")
    with pytest.raises(Conflict) as exc:
        services.change_opportunity_status(owner, org.gig, "open")
    assert exc.value.extra["allowed"] == []
    with pytest.raises(InvalidInput):
        services.change_opportunity_status(owner, org.gig, "archived")
