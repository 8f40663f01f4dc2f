"""The lifecycle table itself: pure data, no database."""

from talentloop.marketplace.lifecycle import (
    HOLDS_SEAT,
    TERMINAL,
    Actor,
    allowed_moves,
    can_move,
    every_move,
)
from talentloop.marketplace.lifecycle import (
    ApplicationStatus as S,
)


def test_terminal_statuses_have_no_way_out():
    for status in TERMINAL:
        assert allowed_moves(status, needs_release=True) == {}
        assert allowed_moves(status, needs_release=False) == {}


def test_an_offer_needing_release_cannot_be_accepted_before_the_manager_releases_it():
    assert not can_move(S.OFFERED, S.ACCEPTED, Actor.APPLICANT, needs_release=True)
    assert can_move(S.OFFERED, S.RELEASED, Actor.LINE_MANAGER, needs_release=True)
    assert can_move(S.RELEASED, S.ACCEPTED, Actor.APPLICANT, needs_release=True)


def test_without_release_the_applicant_accepts_the_offer_directly():
    assert can_move(S.OFFERED, S.ACCEPTED, Actor.APPLICANT, needs_release=False)
    assert S.RELEASED not in allowed_moves(S.OFFERED, needs_release=False)


def test_only_the_system_expires_applications():
    for frm, to, who in every_move():
        if to == S.EXPIRED:
            assert who == {Actor.SYSTEM}, frm


def test_every_status_is_reachable_and_every_live_status_can_end():
    reachable = {S.APPLIED, S.INVITED}
    for _ in range(len(S)):
        for frm, to, _who in every_move():
            if frm in reachable:
                reachable.add(to)
    assert reachable == set(S)
    for status in set(S) - TERMINAL:
        assert any(to in TERMINAL for to in allowed_moves(status, needs_release=True)), status


def test_seats_are_held_from_the_offer_on():
    assert {S.OFFERED, S.RELEASED, S.ACCEPTED, S.ACTIVE, S.COMPLETED} == HOLDS_SEAT
