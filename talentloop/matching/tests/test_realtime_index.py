"""The index follows every write on the very next request, incrementally, in every worker process."""

from __future__ import annotations

from talentloop.marketplace import services as marketplace
from talentloop.marketplace.services import SkillNeedInput
from talentloop.matching import services as matching
from talentloop.matching.models import MatchingChange
from talentloop.matching.services import LiveIndex
from talentloop.people import services as people
from talentloop.testing import factories as f


def feed_ids(org, who=None):
    items, _ = matching.feed(org.personas(who or org.employee))
    return [item.opportunity.pk for item in items]


def test_the_feed_ranks_open_opportunities_and_explains_them(org):
    sql_gig = f.OpportunityFactory(owner=org.owner, title="SQL clean-up")
    f.OpportunitySkillFactory(opportunity=sql_gig, skill=f.SkillFactory(slug="sql"), level=3)
    items, total = matching.feed(org.personas(org.employee))
    assert total == 2
    assert [i.opportunity for i in items] == [org.gig, sql_gig]
    why = items[0].match
    assert [line.skill for line in why.matched] == ["Python"]
    assert why.matched[0].evidence == () or isinstance(why.matched[0].evidence, tuple)
    assert [line.skill for line in why.missing] == ["SQL"]


def test_a_profile_edit_changes_the_very_next_feed(org):
    sql = f.SkillFactory(slug="sql", label="SQL")
    sql_gig = f.OpportunityFactory(owner=org.owner, title="SQL clean-up")
    f.OpportunitySkillFactory(opportunity=sql_gig, skill=sql, level=4)
    assert feed_ids(org) == [org.gig.pk, sql_gig.pk]
    built = matching._live.index
    me = org.personas(org.employee)
    people.remove_skill(me, org.employee, org.gig.skill_needs.get(need="required").skill)
    people.set_skill(me, org.employee, sql, 5)
    assert feed_ids(org) == [sql_gig.pk, org.gig.pk]
    assert matching._live.index is built, "updated in place, not rebuilt"


def test_a_new_or_closed_opportunity_changes_the_very_next_feed(org):
    assert feed_ids(org) == [org.gig.pk]
    python = org.gig.skill_needs.get(need="required").skill
    new = marketplace.create_opportunity(
        org.personas(org.owner),
        {"type": "mentorship", "title": "Python mentoring", "description": "Weekly hour.", "department": org.owner.department,
         "role": None, "hours_per_week": 1, "seats": 1, "location": None, "work_mode": "remote", "start_date": None, "end_date": None,
         "mentorship_direction": "mentee_asks"},
        [SkillNeedInput(python, "required", 2)], publish=True,
    )
    assert set(feed_ids(org)) == {org.gig.pk, new.pk}
    marketplace.change_opportunity_status(org.personas(org.owner), org.gig, "closed")
    assert feed_ids(org) == [new.pk]


def test_applying_removes_the_opportunity_from_the_feed_and_a_completion_reaches_the_index(org):
    application = marketplace.apply(org.personas(org.employee), org.gig).application
    assert feed_ids(org) == []
    owner = org.personas(org.owner)
    marketplace.move_application(owner, application, "offered")
    ix = matching._live.index
    with matching.current_index():
        assert ix.person(org.employee.pk).load == 1
        assert ix.opportunity(org.gig.pk).seats_free == 0


def test_two_worker_processes_agree_after_their_next_request(org):
    first, second = LiveIndex(), LiveIndex()
    with first.current(), second.current():
        pass
    sql = f.SkillFactory(slug="sql", label="SQL")
    people.set_skill(org.personas(org.employee), org.employee, sql, 4)
    with first.current() as a, second.current() as b:
        assert a.person(org.employee.pk).skills == b.person(org.employee.pk).skills
        assert sql.pk in a.person(org.employee.pk).skills
    assert first.last == second.last == MatchingChange.objects.latest("id").pk


def test_a_rolled_back_write_leaves_no_stamp(org):
    import pytest
    from django.db import transaction

    before = MatchingChange.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        people.update_profile(org.personas(org.employee), org.employee, {"weekly_hours_available": 2})
        assert MatchingChange.objects.count() == before + 1
        raise RuntimeError("the request fails after the write")
    assert MatchingChange.objects.count() == before


def test_candidates_are_only_people_who_opted_in_and_exclude_the_owner(org):
    names = [c.employee for c in matching.candidates(org.personas(org.owner), org.gig)]
    assert names == [org.employee]
    org.employee.open_to_opportunities = False
    people.update_profile(org.personas(org.employee), org.employee, {"open_to_opportunities": False})
    assert matching.candidates(org.personas(org.owner), org.gig) == []


def test_only_the_owner_or_a_talent_admin_searches_candidates(org):
    import pytest

    from talentloop.errors import Forbidden

    for who in (org.employee, org.manager, org.colleague, org.outsider, org.lod_admin):
        with pytest.raises(Forbidden):
            matching.candidates(org.personas(who), org.gig)
    assert [c.employee for c in matching.candidates(org.personas(org.talent_admin), org.gig)] == [org.employee]


def test_the_free_query_is_read_part_by_part(org):
    k8s = f.SkillFactory(slug="kubernetes", label="Kubernetes")
    f.SkillAliasFactory(skill=k8s, alias="k8s")
    parsed = matching.parse_query("k8s at level 3 or more, 8 free hours a week, remote, juggling")
    assert parsed.query.skills == ((k8s.pk, 3),)
    assert parsed.query.min_hours == 8 and parsed.query.work_mode == "remote"
    assert parsed.not_understood == ["juggling"]
