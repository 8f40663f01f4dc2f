"""The lifecycle tables themselves: pure data, no database."""

from talentloop.marketplace.lifecycle import (
    HOLDS_SEAT,
    OPPORTUNITY_MOVES,
    OPPORTUNITY_TRANSITIONS,
    TERMINAL,
    Actor,
    OpportunityActor,
    OpportunityStatus,
    allowed_moves,
    can_move,
    every_move,
    lifecycles,
    publish_needs_approval,
    release_required,
)
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.lifecycle import OpportunityType as T


def test_terminal_statuses_have_no_way_out():
    for t, release in lifecycles():
        for status in TERMINAL:
            assert allowed_moves(status, type=t, needs_release=release) == {}


def test_an_offer_needing_release_cannot_be_accepted_before_the_manager_releases_it():
    assert not can_move(S.OFFERED, S.ACCEPTED, Actor.APPLICANT, type=T.GIG, needs_release=True)
    assert can_move(S.OFFERED, S.RELEASED, Actor.LINE_MANAGER, type=T.GIG, needs_release=True)
    assert can_move(S.RELEASED, S.ACCEPTED, Actor.APPLICANT, type=T.GIG, needs_release=True)


def test_without_release_the_applicant_accepts_the_offer_directly():
    assert can_move(S.OFFERED, S.ACCEPTED, Actor.APPLICANT, type=T.MENTORSHIP, needs_release=False)
    assert S.RELEASED not in allowed_moves(S.OFFERED, type=T.MENTORSHIP, needs_release=False)


def test_only_the_system_expires_applications():
    for t, release in lifecycles():
        for frm, to, who in every_move(t, needs_release=release):
            if to == S.EXPIRED:
                assert who == {Actor.SYSTEM}, (t, frm)


def test_every_status_is_reachable_and_every_live_status_can_end():
    for t, release in lifecycles():
        reachable = {S.APPLIED, S.INVITED}
        moves = every_move(t, needs_release=release)
        for _ in range(len(S)):
            for frm, to, _who in moves:
                if frm in reachable:
                    reachable.add(to)
        expected = set(S) - ({S.COMPLETED} if t == T.PERMANENT_ROLE else set()) - (set() if release else {S.RELEASED})
        assert reachable == expected, t
        for status in reachable - TERMINAL:
            if t == T.PERMANENT_ROLE and status == S.ACTIVE:
                continue  # the person has moved into the role: nothing follows
            assert any(to in TERMINAL for to in allowed_moves(status, type=t, needs_release=release)), (t, status)


def test_a_permanent_role_ends_with_the_move_and_its_line_manager_cannot_block_it():
    assert allowed_moves(S.ACTIVE, type=T.PERMANENT_ROLE, needs_release=False) == {}
    assert not can_move(S.OFFERED, S.DECLINED, Actor.LINE_MANAGER, type=T.PERMANENT_ROLE, needs_release=False)
    assert can_move(S.OFFERED, S.DECLINED, Actor.OWNER, type=T.PERMANENT_ROLE, needs_release=False)


def test_both_sides_can_make_the_completing_move():
    assert allowed_moves(S.ACTIVE, type=T.GIG, needs_release=True)[S.COMPLETED] == {Actor.OWNER, Actor.APPLICANT}


def test_which_types_need_a_release():
    assert {t for t in T if release_required(t, total_hours=None, shadowing_release_hours=8)} == {T.GIG, T.PROJECT, T.FREELANCE}
    assert not release_required(T.JOB_SHADOWING, total_hours=7, shadowing_release_hours=8)
    assert release_required(T.JOB_SHADOWING, total_hours=8, shadowing_release_hours=8)


def test_publishing_needs_approval_above_the_threshold_for_time_taking_types_only():
    assert publish_needs_approval(T.GIG, 11, threshold=10)
    assert not publish_needs_approval(T.GIG, 10, threshold=10)
    assert not publish_needs_approval(T.PERMANENT_ROLE, 40, threshold=10)
    assert not publish_needs_approval(T.MENTORSHIP, 12, threshold=10)


def test_the_opportunity_table_and_its_actors_agree():
    assert set(OPPORTUNITY_MOVES) == {(a, b) for a, tos in OPPORTUNITY_TRANSITIONS.items() for b in tos}
    assert OPPORTUNITY_MOVES[(OpportunityStatus.PENDING_APPROVAL, OpportunityStatus.OPEN)] == {OpportunityActor.APPROVER}
    assert OPPORTUNITY_TRANSITIONS[OpportunityStatus.CANCELLED] == frozenset()


def test_seats_are_held_from_the_offer_on():
    assert {S.OFFERED, S.RELEASED, S.ACCEPTED, S.ACTIVE, S.COMPLETED} == HOLDS_SEAT
