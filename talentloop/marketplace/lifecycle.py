"""Application and opportunity lifecycles as plain data: which status may follow which, and who may move it.

No Django imports: the services enforce these rules, the tests read them, the docs draw them.
"""

from __future__ import annotations

from enum import StrEnum


class OpportunityType(StrEnum):
    GIG = "gig"
    PROJECT = "project"
    MENTORSHIP = "mentorship"
    JOB_SHADOWING = "job_shadowing"
    FREELANCE = "freelance"
    PERMANENT_ROLE = "permanent_role"


OPPORTUNITY_TYPE_LABELS = {
    OpportunityType.GIG: "gig",
    OpportunityType.PROJECT: "stretch project",
    OpportunityType.MENTORSHIP: "mentorship",
    OpportunityType.JOB_SHADOWING: "job shadowing",
    OpportunityType.FREELANCE: "part-time internal freelancing",
    OpportunityType.PERMANENT_ROLE: "permanent role",
}

# Types whose time comes out of the day job: the applicant's line manager releases it.
NEEDS_RELEASE = frozenset({OpportunityType.GIG, OpportunityType.PROJECT, OpportunityType.FREELANCE})


class OpportunityStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


OPPORTUNITY_TRANSITIONS: dict[OpportunityStatus, frozenset[OpportunityStatus]] = {
    OpportunityStatus.DRAFT: frozenset({OpportunityStatus.OPEN, OpportunityStatus.CANCELLED}),
    OpportunityStatus.OPEN: frozenset({OpportunityStatus.CLOSED, OpportunityStatus.CANCELLED}),
    OpportunityStatus.CLOSED: frozenset({OpportunityStatus.OPEN}),
    OpportunityStatus.CANCELLED: frozenset(),
}


class ApplicationStatus(StrEnum):
    INVITED = "invited"
    APPLIED = "applied"
    SHORTLISTED = "shortlisted"
    OFFERED = "offered"
    RELEASED = "released"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"
    EXPIRED = "expired"


class Actor(StrEnum):
    APPLICANT = "applicant"
    OWNER = "owner"
    LINE_MANAGER = "line_manager"
    SYSTEM = "system"


S = ApplicationStatus
TERMINAL = frozenset({S.COMPLETED, S.WITHDRAWN, S.DECLINED, S.EXPIRED})
# An offer reserves a seat; so does every later status on the way to completion.
HOLDS_SEAT = frozenset({S.OFFERED, S.RELEASED, S.ACCEPTED, S.ACTIVE, S.COMPLETED})
# Statuses in which the application is still moving (an application in them blocks a second one).
LIVE = frozenset(set(S) - {S.WITHDRAWN, S.DECLINED, S.EXPIRED})

# (from, to) -> who may make the move.
_MOVES: dict[tuple[S, S], frozenset[Actor]] = {
    (S.INVITED, S.APPLIED): frozenset({Actor.APPLICANT}),
    (S.INVITED, S.WITHDRAWN): frozenset({Actor.APPLICANT, Actor.OWNER}),
    (S.INVITED, S.EXPIRED): frozenset({Actor.SYSTEM}),
    (S.APPLIED, S.SHORTLISTED): frozenset({Actor.OWNER}),
    (S.APPLIED, S.OFFERED): frozenset({Actor.OWNER}),
    (S.APPLIED, S.DECLINED): frozenset({Actor.OWNER}),
    (S.APPLIED, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
    (S.APPLIED, S.EXPIRED): frozenset({Actor.SYSTEM}),
    (S.SHORTLISTED, S.OFFERED): frozenset({Actor.OWNER}),
    (S.SHORTLISTED, S.DECLINED): frozenset({Actor.OWNER}),
    (S.SHORTLISTED, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
    (S.SHORTLISTED, S.EXPIRED): frozenset({Actor.SYSTEM}),
    (S.OFFERED, S.RELEASED): frozenset({Actor.LINE_MANAGER}),
    (S.OFFERED, S.ACCEPTED): frozenset({Actor.APPLICANT}),
    (S.OFFERED, S.DECLINED): frozenset({Actor.OWNER, Actor.LINE_MANAGER}),
    (S.OFFERED, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
    (S.OFFERED, S.EXPIRED): frozenset({Actor.SYSTEM}),
    (S.RELEASED, S.ACCEPTED): frozenset({Actor.APPLICANT}),
    (S.RELEASED, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
    (S.RELEASED, S.EXPIRED): frozenset({Actor.SYSTEM}),
    (S.ACCEPTED, S.ACTIVE): frozenset({Actor.OWNER, Actor.SYSTEM}),
    (S.ACCEPTED, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
    (S.ACTIVE, S.COMPLETED): frozenset({Actor.OWNER}),
    (S.ACTIVE, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
}


def allowed_moves(current: S, *, needs_release: bool) -> dict[S, frozenset[Actor]]:
    """The statuses that may follow `current`, each with who may move there.

    Where the line manager must release the time, an offer is accepted only once released;
    elsewhere there is nothing to release.
    """
    moves = {to: who for (frm, to), who in _MOVES.items() if frm == current}
    if current == S.OFFERED:
        if needs_release:
            moves.pop(S.ACCEPTED, None)
        else:
            moves.pop(S.RELEASED, None)
    return moves


def next_statuses(current: S, *, needs_release: bool) -> list[str]:
    return sorted(str(s) for s in allowed_moves(current, needs_release=needs_release))


def can_move(current: S, to: S, actor: Actor, *, needs_release: bool) -> bool:
    return actor in allowed_moves(current, needs_release=needs_release).get(to, frozenset())


def every_move() -> list[tuple[S, S, frozenset[Actor]]]:
    return [(frm, to, who) for (frm, to), who in _MOVES.items()]
