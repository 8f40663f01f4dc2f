"""Every transition of every type's lifecycle, made through the services by each actor the table names, with
its audit row and the side effects the type promises; and every move the table does not list refused with 409."""

from __future__ import annotations

import pytest

from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import Actor, MentorshipDirection, every_move, lifecycles
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.lifecycle import OpportunityType as T
from talentloop.marketplace.models import ApplicationStatusChange, Completion
from talentloop.people.models import EmployeeSkill, RoleChange
from talentloop.testing import factories as f

CASES = [
    pytest.param(t, release, frm, to, actor, id=f"{t}{'+release' if release else ''}:{frm}->{to} by {actor}")
    for t, release in lifecycles()
    for frm, to, who in every_move(t, needs_release=release)
    for actor in sorted(who)
]


def _statuses(t, release) -> set[S]:
    """The statuses an application of this lifecycle can be in."""
    return {s for a, b, _ in every_move(t, needs_release=release) for s in (a, b)}


ILLEGAL = [
    pytest.param(t, release, frm, to, id=f"{t}{'+release' if release else ''}:{frm}-x->{to}")
    for t, release in lifecycles()
    for frm in sorted(_statuses(t, release))
    for to in S
    if to != frm and to not in {b for a, b, _ in every_move(t, needs_release=release) if a == frm}
]


def _opportunity(org, t: T, release: bool):
    extra = {}
    if t == T.JOB_SHADOWING:
        extra["total_hours"] = 16 if release else 4  # the release threshold is 8 hours in all by default
    if t == T.MENTORSHIP:
        extra["mentorship_direction"] = MentorshipDirection.MENTOR_OFFERS
    if t == T.PERMANENT_ROLE:
        extra["role"] = f.RoleFactory(title="Data engineer")
    opp = f.OpportunityFactory(owner=org.owner, type=t, seats=2, department=org.owner.department, **extra)
    f.OpportunitySkillFactory(opportunity=opp, skill=org.gig.skill_needs.get(skill__slug="python").skill, level=3)
    return opp


@pytest.mark.parametrize(("t", "release", "frm", "to", "actor"), CASES)
def test_the_transition_works_for_its_actor_and_is_recorded(org, t, release, frm, to, actor):
    opp = _opportunity(org, t, release)
    a = f.ApplicationFactory(opportunity=opp, applicant=org.employee, status=frm)
    assert a.release_required == (release and frm in services.HOLDS_SEAT)
    people = {Actor.APPLICANT: org.employee, Actor.OWNER: org.owner, Actor.LINE_MANAGER: org.manager}
    if actor == Actor.SYSTEM:
        moved = services.system_move(a, to, "overdue")
    elif to == S.COMPLETED:
        python = opp.skill_needs.get().skill
        owner, me = org.personas(org.owner), org.personas(org.employee)
        if actor == Actor.OWNER:  # the participant confirmed first; the owner's ratings complete it
            services.confirm_participant_completion(me, a)
            moved = services.submit_owner_completion(owner, a, [services.RatingInput(python, 5)], hours=20, endorsement="Superb")
        else:  # the owner rated first; the participant's confirmation completes it
            services.submit_owner_completion(owner, a, [services.RatingInput(python, 5)], hours=20)
            moved = services.confirm_participant_completion(me, a)
        es = EmployeeSkill.objects.get(employee=org.employee, skill=python)
        assert (es.proficiency, es.verified) == (5, True)
        assert es.evidence.filter(source="gig_feedback", verified=True, proficiency=5).exists()
        assert Completion.objects.get(application=a).completed_at is not None
    else:
        reason = "not this time" if to == S.DECLINED else ""
        moved = services.move_application(org.personas(people[actor]), a, to, reason)
    moved.refresh_from_db()
    assert moved.status == to
    last = ApplicationStatusChange.objects.filter(application=a, event="").last()
    assert (last.from_status, last.to_status, last.actor_role) == (frm, to, actor)
    if actor != Actor.SYSTEM:
        assert last.actor == people[actor].user
    if to == S.OFFERED:
        assert moved.release_required == release
        assert moved.release_approver == (org.manager if release else None)
    if t == T.PERMANENT_ROLE and to == S.ACTIVE:
        change = RoleChange.objects.get(employee=org.employee)
        assert (change.to_job_title, change.to_department) == ("Data engineer", org.owner.department)


@pytest.mark.parametrize(("t", "release", "frm", "to"), ILLEGAL)
def test_a_move_the_table_does_not_list_is_refused_with_the_allowed_next_states(org, t, release, frm, to):
    opp = _opportunity(org, t, release)
    a = f.ApplicationFactory(opportunity=opp, applicant=org.employee, status=frm)
    with pytest.raises((Conflict, Forbidden, InvalidInput)) as caught:
        # As a talent admin (who may act as the owner everywhere) so the refusal is the lifecycle's, not a permission.
        services.move_application(org.personas(org.talent_admin), a, to, "a reason")
    if isinstance(caught.value, Conflict):
        allowed = caught.value.extra["allowed"]
        assert to not in allowed
        assert allowed == sorted({str(b) for x, b, _ in every_move(t, needs_release=release) if x == frm})
    a.refresh_from_db()
    assert a.status == frm
