"""Completing takes both sides: the owner rates each skill applied (observed proficiency) and may endorse; the
participant confirms. Then the ratings become evidence, proficiency moves by the documented rule, the hours are
kept, and the participant's feed changes."""

from __future__ import annotations

import pytest

from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.models import Completion
from talentloop.matching import services as matching
from talentloop.people import services as people
from talentloop.people.models import EmployeeSkill
from talentloop.people.proficiency import level_after_observation
from talentloop.testing import factories as f


@pytest.mark.parametrize(("held", "verified", "observed", "after"), [
    (None, False, 3, 3),  # nothing held: the observed level
    (2, False, 4, 4),  # observed higher: raised
    (3, True, 3, 3),  # the same
    (4, False, 2, 2),  # lower, and the held level was only self-declared: observed work wins
    (4, True, 2, 4),  # lower, but proven before: one lower observation does not erase proof
])
def test_the_proficiency_rule(held, verified, observed, after):
    assert level_after_observation(held, observed, held_is_verified=verified) == after


def test_the_rule_refuses_a_level_outside_one_to_five():
    with pytest.raises(ValueError):
        level_after_observation(3, 6, held_is_verified=False)


@pytest.fixture
def active(org):
    return f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=S.ACTIVE)


def _skills(org):
    return org.gig.skill_needs.get(skill__slug="python").skill, org.gig.skill_needs.get(skill__slug="sql").skill


def test_owner_ratings_and_the_participants_confirmation_make_verified_evidence(org, active):
    python, sql = _skills(org)
    owner, ada = org.personas(org.owner), org.personas(org.employee)
    a = services.submit_owner_completion(owner, active, [services.RatingInput(python, 5), services.RatingInput(sql, 2)], 36, "Automated it all")
    assert a.status == S.ACTIVE  # waiting for Ada
    assert not EmployeeSkill.objects.filter(employee=org.employee, skill=sql).exists()
    a = services.confirm_participant_completion(ada, a)
    assert a.status == S.COMPLETED
    completion = Completion.objects.get(application=a)
    assert (completion.hours, completion.endorsement, completion.completed_at is not None) == (36, "Automated it all", True)
    py = EmployeeSkill.objects.get(employee=org.employee, skill=python)
    new = EmployeeSkill.objects.get(employee=org.employee, skill=sql)
    assert (py.proficiency, py.verified, new.proficiency, new.verified) == (5, True, 2, True)
    evidence = py.evidence.get(source="gig_feedback")
    assert evidence.verified and evidence.recorded_by == org.owner.user
    assert "rated by Olga Owner" in evidence.note


def test_completion_changes_the_participants_feed(org, active):
    python, _ = _skills(org)
    expert = f.OpportunityFactory(owner=org.owner, title="Rewrite the forecasting model")
    f.OpportunitySkillFactory(opportunity=expert, skill=python, level=5)
    before = {i.opportunity.pk: i.match.score for i in matching.feed(org.personas(org.employee), k=10)[0]}
    services.submit_owner_completion(org.personas(org.owner), active, [services.RatingInput(python, 5)], 20)
    services.confirm_participant_completion(org.personas(org.employee), active)
    after = {i.opportunity.pk: i.match.score for i in matching.feed(org.personas(org.employee), k=10)[0]}
    assert after[expert.pk] > before[expert.pk]


def test_a_lower_rating_does_not_erase_a_verified_level_but_replaces_a_self_declared_one(org, active):
    python, sql = _skills(org)
    people.record_observed_skill(org.employee, sql, 4, source="manager_assessed", verified=True)
    services.submit_owner_completion(org.personas(org.owner), active, [services.RatingInput(python, 2), services.RatingInput(sql, 2)], 10)
    services.confirm_participant_completion(org.personas(org.employee), active)
    levels = dict(EmployeeSkill.objects.filter(employee=org.employee).values_list("skill__slug", "proficiency"))
    assert levels == {"python": 2, "sql": 4}  # Python 4 was self-declared; SQL 4 was a manager's assessment


def test_either_order_completes_once_and_confirming_twice_is_harmless(org, active):
    python, _ = _skills(org)
    ada, owner = org.personas(org.employee), org.personas(org.owner)
    services.confirm_participant_completion(ada, active)
    services.confirm_participant_completion(ada, active)
    assert S.COMPLETED not in services.moves_for(ada, active)
    services.submit_owner_completion(owner, active, [services.RatingInput(python, 4)], 12)
    services.submit_owner_completion(owner, active, [services.RatingInput(python, 4)], 12)  # a resubmit after completing
    active.refresh_from_db()
    assert active.status == S.COMPLETED
    assert active.changes.filter(to_status=S.COMPLETED, event="").count() == 1
    assert EmployeeSkill.objects.get(employee=org.employee, skill=python).evidence.filter(source="gig_feedback").count() == 1


def test_the_owner_may_correct_ratings_before_the_participant_confirms(org, active):
    python, sql = _skills(org)
    owner = org.personas(org.owner)
    services.submit_owner_completion(owner, active, [services.RatingInput(python, 3)], 12)
    services.submit_owner_completion(owner, active, [services.RatingInput(sql, 3)], 14, "Corrected")
    completion = Completion.objects.get(application=active)
    assert [(r.skill.slug, r.level) for r in completion.ratings.all()] == [("sql", 3)]
    assert completion.hours == 14


@pytest.mark.parametrize(("ratings", "hours", "field"), [
    ([], 10, "ratings"), ([("python", 6)], 10, "ratings[0].level"), ([("python", 3), ("python", 4)], 10, "ratings[1].skill"),
    ([("python", 3)], 0, "hours"),
])
def test_bad_ratings_name_the_field_and_write_nothing(org, active, ratings, hours, field):
    skills = {"python": _skills(org)[0]}
    with pytest.raises(InvalidInput) as caught:
        services.submit_owner_completion(org.personas(org.owner), active, [services.RatingInput(skills[s], lv) for s, lv in ratings], hours)
    assert field in caught.value.errors
    assert not Completion.objects.exists()


def test_only_the_owner_rates_and_only_an_active_application(org, active):
    python, _ = _skills(org)
    for who in (org.employee, org.manager, org.outsider):
        with pytest.raises(Forbidden):
            services.submit_owner_completion(org.personas(who), active, [services.RatingInput(python, 3)], 5)
    accepted = f.ApplicationFactory(opportunity=f.OpportunityFactory(owner=org.owner), applicant=org.colleague, status=S.ACCEPTED)
    with pytest.raises(Conflict) as caught:
        services.submit_owner_completion(org.personas(org.owner), accepted, [services.RatingInput(python, 3)], 5)
    assert caught.value.extra["allowed"] == ["active", "withdrawn"]
