"""The documented rules of learning records: how an outcome moves a record, and how a completion or a pass moves a
held proficiency. Pure: no Django. docs/learning.md states the same rules in words.

A record only moves forward. Each kind of item ranks the statuses; an outcome that would not raise the record's
rank changes nothing (so the same outcome twice, or a statement arriving late, is harmless):

- teaching items (course, module, programme): enrolled < in progress < failed < completed < passed;
- assessing items (assessment, micro-certification): enrolled < in progress < completed < failed < passed
  (an assessment completed without a result can still be failed or passed; a pass is never undone).

Evidence, once, when a record first reaches a status that gives it:

- a teaching item completed (or passed) gives unverified `learning_completion` evidence at the item's target level
  for each skill it teaches, and lifts the held level by one step toward the target: never above the target, never
  down. Nothing held counts as 0, so a first course gives level 1 (awareness).
- an assessing item passed gives verified `assessment` evidence at the target level, and the held level becomes the
  target if that is higher (never down: a pass shows "at least this level").
- a failure, an enrolment and progress give no evidence.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    ENROLLED = "enrolled"
    PROGRESSED = "progressed"
    COMPLETED = "completed"
    PASSED = "passed"
    FAILED = "failed"


# The status each outcome leads to.
STATUS_OF_OUTCOME = {
    Outcome.ENROLLED: "enrolled",
    Outcome.PROGRESSED: "in_progress",
    Outcome.COMPLETED: "completed",
    Outcome.PASSED: "passed",
    Outcome.FAILED: "failed",
}

_TEACHING_RANK = {"enrolled": 0, "in_progress": 1, "failed": 2, "completed": 3, "passed": 4}
_ASSESSING_RANK = {"enrolled": 0, "in_progress": 1, "completed": 2, "failed": 3, "passed": 4}


def rank(status: str, *, assessing: bool) -> int:
    return (_ASSESSING_RANK if assessing else _TEACHING_RANK)[status]


def moves_forward(current: str | None, new: str, *, assessing: bool) -> bool:
    """Whether a record in `current` (None: no record yet) moves to `new`."""
    return current is None or rank(new, assessing=assessing) > rank(current, assessing=assessing)


def gives_evidence(status: str, *, assessing: bool) -> bool:
    return status == "passed" if assessing else status in {"completed", "passed"}


def evidence_is_new(current: str | None, new: str, *, assessing: bool) -> bool:
    """Evidence is written once: when the record first reaches a status that gives it."""
    return gives_evidence(new, assessing=assessing) and not (current and gives_evidence(current, assessing=assessing))


def _check(level: int, name: str) -> None:
    if not 1 <= level <= 5:
        raise ValueError(f"{name} {level} is not a proficiency from 1 to 5")


def level_after_completion(held: int | None, target: int) -> int:
    """A teaching item completed: one step toward the target, never above it, never down."""
    _check(target, "target level")
    current = held or 0
    if current >= target:
        return current
    return min(target, current + 1)


def level_after_pass(held: int | None, target: int) -> int:
    """An assessing item passed: the target if that is higher than the held level."""
    _check(target, "target level")
    return max(held or 0, target)
