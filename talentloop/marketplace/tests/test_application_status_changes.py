"""Every application status change through the service: who may make it, what it records, what it refuses."""

from __future__ import annotations

import pytest

from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.lifecycle import OpportunityType
from talentloop.marketplace.models import ApplicationStatusChange
from talentloop.testing import factories as f


def _apply(org, opportunity=None):
    return services.apply(org.personas(org.employee), opportunity or org.gig, "I would love to help").application


def test_it_records_the_first_status_and_its_time(org):
    application = _apply(org)
    assert application.status == S.APPLIED
    change = ApplicationStatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.actor_role) == ("", "applied", "applicant")
    assert change.actor == org.employee.user
    assert change.at == application.status_changed_at


def test_a_gig_goes_from_applied_to_completed_with_every_change_recorded(org):
    a = _apply(org)
    owner, manager, me = org.personas(org.owner), org.personas(org.manager), org.personas(org.employee)
    a = services.move_application(owner, a, "shortlisted")
    a = services.move_application(owner, a, "offered")
    a = services.move_application(manager, a, "released")
    a = services.move_application(me, a, "accepted")
    a = services.move_application(owner, a, "active")
    python = org.gig.skill_needs.get(skill__slug="python").skill
    a = services.submit_owner_completion(owner, a, [services.RatingInput(python, 4)], hours=24)
    a = services.move_application(me, a, "completed")  # the participant's confirmation completes it
    history = list(a.changes.filter(event="").values_list("from_status", "to_status", "actor_role"))
    assert history == [
        ("", "applied", "applicant"),
        ("applied", "shortlisted", "owner"),
        ("shortlisted", "offered", "owner"),
        ("offered", "released", "line_manager"),
        ("released", "accepted", "applicant"),
        ("accepted", "active", "owner"),
        ("active", "completed", "applicant"),
    ]
    assert list(a.changes.exclude(event="").values_list("event", flat=True)) == ["owner_confirmed", "participant_confirmed"]
    times = list(a.changes.values_list("at", flat=True))
    assert times == sorted(times)


def test_a_mentorship_offer_is_accepted_without_a_release(org):
    mentorship = f.OpportunityFactory(owner=org.owner, type=OpportunityType.MENTORSHIP, mentorship_direction="mentor_offers")
    a = _apply(org, mentorship)
    a = services.move_application(org.personas(org.owner), a, "offered")
    a = services.move_application(org.personas(org.employee), a, "accepted")
    assert a.status == S.ACCEPTED
    with pytest.raises(Conflict):
        services.move_application(org.personas(org.manager), a, "released")


def test_it_refuses_an_illegal_transition_with_the_allowed_next_states(org):
    a = _apply(org)
    with pytest.raises(Conflict) as exc:
        services.move_application(org.personas(org.owner), a, "completed")
    assert exc.value.status_code == 409
    assert exc.value.extra["allowed"] == ["declined", "expired", "offered", "shortlisted", "withdrawn"]


def test_it_refuses_a_move_by_someone_not_entitled_to_it(org):
    a = _apply(org)
    for who in (org.employee, org.manager, org.colleague, org.outsider):
        with pytest.raises(Forbidden):
            services.move_application(org.personas(who), a, "shortlisted")
    a = services.move_application(org.personas(org.owner), a, "offered")
    for who in (org.owner, org.employee, org.colleague):
        with pytest.raises(Forbidden):
            services.move_application(org.personas(who), a, "released")


def test_declining_needs_a_reason_and_keeps_it(org):
    a = _apply(org)
    with pytest.raises(InvalidInput) as exc:
        services.move_application(org.personas(org.owner), a, "declined")
    assert "reason" in exc.value.errors
    a = services.move_application(org.personas(org.owner), a, "declined", "We need SQL at level 3")
    assert a.decision_reason == "We need SQL at level 3"
    assert a.changes.last().reason == "We need SQL at level 3"


def test_moving_to_the_current_status_again_is_harmless(org):
    a = _apply(org)
    services.move_application(org.personas(org.owner), a, "shortlisted")
    a = services.move_application(org.personas(org.owner), a, "shortlisted")
    assert a.changes.count() == 2


def test_an_unknown_status_names_the_field(org):
    a = _apply(org)
    with pytest.raises(InvalidInput) as exc:
        services.move_application(org.personas(org.owner), a, "hired")
    assert "status" in exc.value.errors


def test_an_offer_cannot_exceed_the_seats(org):
    other = f.EmployeeFactory(open_to_opportunities=True)
    first = _apply(org)
    second = services.apply(org.personas(other), org.gig).application
    services.move_application(org.personas(org.owner), first, "offered")
    with pytest.raises(Conflict) as exc:
        services.move_application(org.personas(org.owner), second, "offered")
    assert "seats" in exc.value.errors
    second.refresh_from_db()
    assert second.status == S.APPLIED
    assert second.changes.count() == 1


def test_a_withdrawal_frees_the_seat(org):
    other = f.EmployeeFactory(open_to_opportunities=True)
    first = _apply(org)
    second = services.apply(org.personas(other), org.gig).application
    services.move_application(org.personas(org.owner), first, "offered")
    services.move_application(org.personas(org.employee), first, "withdrawn")
    assert services.move_application(org.personas(org.owner), second, "offered").status == S.OFFERED


def test_applying_twice_returns_the_first_application(org):
    first = services.apply(org.personas(org.employee), org.gig)
    again = services.apply(org.personas(org.employee), org.gig)
    assert first.created and not again.created
    assert again.application.pk == first.application.pk


def test_one_may_apply_again_after_withdrawing(org):
    a = _apply(org)
    services.move_application(org.personas(org.employee), a, "withdrawn")
    again = services.apply(org.personas(org.employee), org.gig)
    assert again.created and again.application.pk != a.pk


def test_an_owner_cannot_apply_to_their_own_opportunity(org):
    with pytest.raises(Forbidden):
        services.apply(org.personas(org.owner), org.gig)


def test_the_outsider_cannot_apply(org):
    with pytest.raises(Forbidden):
        services.apply(org.personas(org.outsider), org.gig)


def test_one_cannot_apply_to_a_closed_opportunity(org):
    services.change_opportunity_status(org.personas(org.owner), org.gig, "closed")
    with pytest.raises(Conflict):
        services.apply(org.personas(org.employee), org.gig)


def test_an_invitation_becomes_an_application_when_the_person_applies(org):
    invited = services.invite(org.personas(org.owner), org.gig, org.employee, "You would be great").application
    assert invited.status == S.INVITED
    result = services.apply(org.personas(org.employee), org.gig)
    assert not result.created and result.application.status == S.APPLIED
    assert list(result.application.changes.values_list("to_status", flat=True)) == ["invited", "applied"]


def test_only_people_open_to_opportunities_can_be_invited(org):
    with pytest.raises(InvalidInput):
        services.invite(org.personas(org.owner), org.gig, org.colleague)
    with pytest.raises(Forbidden):
        services.invite(org.personas(org.colleague), org.gig, org.employee)


def test_the_system_expires_stale_applications_and_people_cannot(org):
    a = _apply(org)
    with pytest.raises(Forbidden):
        services.move_application(org.personas(org.owner), a, "expired")
    a = services.system_move(a, "expired", "no answer within 14 days")
    assert a.changes.last().actor is None
    with pytest.raises(Conflict):
        services.system_move(a, "applied", "")
