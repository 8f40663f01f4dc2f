"""Mentorships: mentors offer topics, skills and a number of mentees; mentees ask; matching works both ways;
reverse mentoring is allowed; sessions are logged by either side, once per submission."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.models import MentorshipSession
from talentloop.marketplace.services import SkillNeedInput
from talentloop.matching import services as matching
from talentloop.people.models import Aspiration
from talentloop.testing import factories as f

BASE = {"title": "Mentoring", "description": "An hour a fortnight.", "role": None, "hours_per_week": 1, "location": None,
        "work_mode": "remote", "start_date": None, "end_date": None}


def _post(org, who, **data):
    fields = BASE | {"type": "mentorship", "department": who.department, "seats": 1} | data
    return fields


def test_a_mentorship_must_say_who_offers_and_a_mentee_asks_for_one_mentor(org):
    python = org.gig.skill_needs.get(skill__slug="python").skill
    with pytest.raises(InvalidInput) as caught:
        services.create_opportunity(org.personas(org.owner), _post(org, org.owner), [SkillNeedInput(python, "growth", 3)])
    assert "mentorship_direction" in caught.value.errors
    with pytest.raises(InvalidInput) as caught:
        services.create_opportunity(
            org.personas(org.employee), _post(org, org.employee, mentorship_direction="mentee_asks", seats=3),
            [SkillNeedInput(python, "required", 4)],
        )
    assert "seats" in caught.value.errors
    with pytest.raises(InvalidInput) as caught:
        services.create_opportunity(
            org.personas(org.owner), BASE | {"type": "gig", "department": org.owner.department, "seats": 1, "topics": ["x"],
                                              "reverse_mentoring": True}, [SkillNeedInput(python, "required", 2)],
        )
    assert {"topics", "reverse_mentoring"} <= set(caught.value.errors)


def test_a_mentor_offers_topics_and_skills_to_several_mentees_and_publishes_with_growth_skills_only(org):
    sql = org.gig.skill_needs.get(skill__slug="sql").skill
    opp = services.create_opportunity(
        org.personas(org.owner),
        _post(org, org.owner, mentorship_direction="mentor_offers", seats=3, topics=[" SQL for finance ", "Careers"], reverse_mentoring=True),
        [SkillNeedInput(sql, "growth", 3)], publish=True,
    )
    assert (opp.status, opp.seats, opp.topics, opp.reverse_mentoring) == ("open", 3, ["SQL for finance", "Careers"], True)


def test_matching_works_both_ways(org):
    """A mentor's offer reaches the mentee who wants to grow its skill; a mentee's ask reaches the people who hold it."""
    sql = org.gig.skill_needs.get(skill__slug="sql").skill
    python = org.gig.skill_needs.get(skill__slug="python").skill
    aspiration = Aspiration.objects.create(employee=org.employee)
    aspiration.skills_to_grow.add(sql)
    offer = services.create_opportunity(
        org.personas(org.owner), _post(org, org.owner, mentorship_direction="mentor_offers"), [SkillNeedInput(sql, "growth", 3)], publish=True,
    )
    feed, _ = matching.feed(org.personas(org.employee), k=10)
    mine = next(item for item in feed if item.opportunity.pk == offer.pk)
    assert mine.match.growth == ["SQL"]
    # Carl asks for a Python mentor; Ada holds Python 4, so the ask ranks her among its candidates.
    ask = services.create_opportunity(
        org.personas(org.colleague), _post(org, org.colleague, mentorship_direction="mentee_asks"),
        [SkillNeedInput(python, "required", 3)], publish=True,
    )
    org.employee.open_to_opportunities = True
    org.employee.save()
    from talentloop.matching import stamps

    stamps.people_changed(org.employee.pk)
    candidates = matching.candidates(org.personas(org.colleague), ask)
    assert candidates and candidates[0].employee.pk == org.employee.pk


@pytest.fixture
def active_mentorship(org):
    sql = org.gig.skill_needs.get(skill__slug="sql").skill
    opp = f.OpportunityFactory(owner=org.owner, type="mentorship", mentorship_direction="mentor_offers", seats=2)
    f.OpportunitySkillFactory(opportunity=opp, skill=sql, need="growth")
    return f.ApplicationFactory(opportunity=opp, applicant=org.employee, status=S.ACTIVE, created_at=timezone.now() - dt.timedelta(days=30))


def test_either_side_logs_sessions_and_the_same_submission_is_logged_once(org, active_mentorship):
    a = active_mentorship
    today = timezone.localdate()
    key = uuid.uuid4()
    first = services.log_session(org.personas(org.employee), a, today, 45, "Joins and windows", submission_key=key)
    again = services.log_session(org.personas(org.employee), a, today, 45, "Joins and windows", submission_key=key)
    assert first.pk == again.pk
    services.log_session(org.personas(org.owner), a, today - dt.timedelta(days=7), 60)
    assert MentorshipSession.objects.filter(application=a).count() == 2
    assert services.default_completion_hours(a) == 2  # 105 minutes, rounded


@pytest.mark.parametrize(("held_on_days", "minutes", "field"), [(1, 30, "held_on"), (0, 2, "minutes"), (0, 601, "minutes")])
def test_a_bad_session_names_the_field(org, active_mentorship, held_on_days, minutes, field):
    with pytest.raises(InvalidInput) as caught:
        services.log_session(org.personas(org.employee), active_mentorship, timezone.localdate() + dt.timedelta(days=held_on_days), minutes)
    assert field in caught.value.errors
    assert not MentorshipSession.objects.exists()


def test_only_the_two_of_them_log_and_only_while_active(org, active_mentorship):
    for who in (org.manager, org.colleague, org.outsider):
        with pytest.raises(Forbidden):
            services.log_session(org.personas(who), active_mentorship, timezone.localdate(), 30)
    gig_app = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=S.ACTIVE)
    with pytest.raises(Conflict):
        services.log_session(org.personas(org.employee), gig_app, timezone.localdate(), 30)


def test_a_mentorship_needs_no_release(org):
    sql = org.gig.skill_needs.get(skill__slug="sql").skill
    opp = f.OpportunityFactory(owner=org.owner, type="mentorship", mentorship_direction="mentor_offers")
    f.OpportunitySkillFactory(opportunity=opp, skill=sql, need="growth")
    a = services.apply(org.personas(org.employee), opp).application
    a = services.move_application(org.personas(org.owner), a, S.OFFERED)
    assert a.release_required is False
    assert services.move_application(org.personas(org.employee), a, S.ACCEPTED).status == S.ACCEPTED


def test_a_mentees_rating_of_their_mentor_is_an_endorsement_not_verification(org):
    python = org.gig.skill_needs.get(skill__slug="python").skill
    ask = f.OpportunityFactory(owner=org.colleague, type="mentorship", mentorship_direction="mentee_asks")
    f.OpportunitySkillFactory(opportunity=ask, skill=python, level=3)
    a = f.ApplicationFactory(opportunity=ask, applicant=org.employee, status=S.ACTIVE)  # Ada mentors Carl
    services.submit_owner_completion(org.personas(org.colleague), a, [services.RatingInput(python, 5)], hours=6)
    services.confirm_participant_completion(org.personas(org.employee), a)
    es = org.employee.skills.get(skill=python)
    evidence = es.evidence.get(source="peer_endorsement")
    assert (evidence.verified, evidence.proficiency, es.verified) == (False, 5, False)
