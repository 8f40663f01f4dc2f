"""The pure rules of learning/rules.py, without a database."""

from __future__ import annotations

import pytest

from talentloop.learning import rules


@pytest.mark.parametrize(
    ("held", "target", "after"),
    [(None, 3, 1), (None, 1, 1), (1, 4, 2), (2, 3, 3), (3, 3, 3), (4, 2, 4), (5, 5, 5)],
)
def test_a_completion_moves_one_step_toward_the_target(held, target, after):
    assert rules.level_after_completion(held, target) == after


@pytest.mark.parametrize(("held", "target", "after"), [(None, 3, 3), (1, 4, 4), (4, 2, 4), (3, 3, 3)])
def test_a_pass_sets_the_target_when_higher(held, target, after):
    assert rules.level_after_pass(held, target) == after


@pytest.mark.parametrize("target", [0, 6])
def test_targets_outside_the_scale_are_refused(target):
    with pytest.raises(ValueError, match="proficiency"):
        rules.level_after_completion(2, target)


def test_records_only_move_forward():
    assert rules.moves_forward(None, "enrolled", assessing=False)
    assert not rules.moves_forward("completed", "completed", assessing=False)
    assert rules.moves_forward("failed", "completed", assessing=False)
    assert not rules.moves_forward("completed", "failed", assessing=False)
    assert rules.moves_forward("completed", "failed", assessing=True)
    assert not rules.moves_forward("passed", "failed", assessing=True)


def test_evidence_is_given_once():
    assert rules.evidence_is_new(None, "completed", assessing=False)
    assert not rules.evidence_is_new("completed", "passed", assessing=False)
    assert not rules.evidence_is_new(None, "completed", assessing=True)
    assert rules.evidence_is_new("failed", "passed", assessing=True)
