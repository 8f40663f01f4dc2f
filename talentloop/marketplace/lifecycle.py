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

# Types whose time comes out of the day job: the applicant's line manager releases it. Job shadowing needs a
# release only from a configurable number of hours (see release_required); the other types never do.
NEEDS_RELEASE = frozenset({OpportunityType.GIG, OpportunityType.PROJECT, OpportunityType.FREELANCE})
# Types whose publication needs approval when they ask more hours a week than the organisation's threshold.
NEEDS_PUBLISH_APPROVAL = NEEDS_RELEASE


def release_required(type: OpportunityType | str, *, total_hours: int | None, shadowing_release_hours: int) -> bool:
    """Whether the applicant's line manager must release the time before the offer can be accepted."""
    if type in NEEDS_RELEASE:
        return True
    if type == OpportunityType.JOB_SHADOWING:
        return total_hours is not None and total_hours >= shadowing_release_hours
    return False


def publish_needs_approval(type: OpportunityType | str, hours_per_week: int, *, threshold: int) -> bool:
    return type in NEEDS_PUBLISH_APPROVAL and hours_per_week > threshold


class OpportunityStatus(StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class MentorshipDirection(StrEnum):
    MENTOR_OFFERS = "mentor_offers"  # a mentor offers topics and skills to a number of mentees; mentees apply
    MENTEE_ASKS = "mentee_asks"  # a mentee asks for a mentor in some skills; mentors apply


OS = OpportunityStatus
OPPORTUNITY_TRANSITIONS: dict[OpportunityStatus, frozenset[OpportunityStatus]] = {
    OS.DRAFT: frozenset({OS.OPEN, OS.PENDING_APPROVAL, OS.CANCELLED}),
    OS.PENDING_APPROVAL: frozenset({OS.OPEN, OS.DRAFT, OS.CANCELLED}),
    OS.OPEN: frozenset({OS.CLOSED, OS.CANCELLED}),
    OS.CLOSED: frozenset({OS.OPEN, OS.PENDING_APPROVAL}),
    OS.CANCELLED: frozenset(),
}


class OpportunityActor(StrEnum):
    OWNER = "owner"  # the owner, or a talent admin
    APPROVER = "approver"  # the owner's line manager, or a talent admin


# (from, to) -> who may make the move. Publishing above the hours threshold goes to pending_approval instead of
# open (the service decides which); an approver approves (-> open) or sends it back with a reason (-> draft).
OPPORTUNITY_MOVES: dict[tuple[OS, OS], frozenset[OpportunityActor]] = {
    (OS.DRAFT, OS.OPEN): frozenset({OpportunityActor.OWNER}),
    (OS.DRAFT, OS.PENDING_APPROVAL): frozenset({OpportunityActor.OWNER}),
    (OS.DRAFT, OS.CANCELLED): frozenset({OpportunityActor.OWNER}),
    (OS.PENDING_APPROVAL, OS.OPEN): frozenset({OpportunityActor.APPROVER}),
    (OS.PENDING_APPROVAL, OS.DRAFT): frozenset({OpportunityActor.APPROVER, OpportunityActor.OWNER}),
    (OS.PENDING_APPROVAL, OS.CANCELLED): frozenset({OpportunityActor.OWNER}),
    (OS.OPEN, OS.CLOSED): frozenset({OpportunityActor.OWNER}),
    (OS.OPEN, OS.CANCELLED): frozenset({OpportunityActor.OWNER}),
    (OS.CLOSED, OS.OPEN): frozenset({OpportunityActor.OWNER}),
    (OS.CLOSED, OS.PENDING_APPROVAL): frozenset({OpportunityActor.OWNER}),
}
assert {frm: frozenset(to for (f, to) in OPPORTUNITY_MOVES if f == frm) for frm in OS} == OPPORTUNITY_TRANSITIONS


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
    (S.ACTIVE, S.COMPLETED): frozenset({Actor.OWNER, Actor.APPLICANT}),
    (S.ACTIVE, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
}


# Each type's own differences from the common table.
# - A permanent role ends in `active`: the person has moved into the role (their profile records the move); there is
#   nothing to complete and no way back. The line manager cannot decline an internal move (no talent hoarding).
# - Completing needs both sides: the owner rates the skills applied, the participant confirms (either order); the
#   move to `completed` is made by whichever confirmation comes second.
_TYPE_REMOVES: dict[OpportunityType, frozenset[tuple[S, S, Actor]]] = {
    OpportunityType.PERMANENT_ROLE: frozenset({
        (S.ACTIVE, S.COMPLETED, Actor.OWNER), (S.ACTIVE, S.COMPLETED, Actor.APPLICANT),
        (S.ACTIVE, S.WITHDRAWN, Actor.APPLICANT), (S.OFFERED, S.DECLINED, Actor.LINE_MANAGER),
    }),
}


def allowed_moves(current: S, *, type: OpportunityType | str, needs_release: bool) -> dict[S, frozenset[Actor]]:
    """The statuses that may follow `current` for an opportunity of `type`, each with who may move there.

    Where the line manager must release the time, an offer is accepted only once released;
    elsewhere there is nothing to release.
    """
    removes = _TYPE_REMOVES.get(OpportunityType(type), frozenset())
    moves: dict[S, frozenset[Actor]] = {}
    for (frm, to), who in _MOVES.items():
        if frm != current:
            continue
        who = frozenset(a for a in who if (frm, to, a) not in removes)
        if who:
            moves[to] = who
    if current == S.OFFERED:
        if needs_release:
            moves.pop(S.ACCEPTED, None)
        else:
            moves.pop(S.RELEASED, None)
    return moves


def next_statuses(current: S, *, type: OpportunityType | str, needs_release: bool) -> list[str]:
    return sorted(str(s) for s in allowed_moves(current, type=type, needs_release=needs_release))


def can_move(current: S, to: S, actor: Actor, *, type: OpportunityType | str, needs_release: bool) -> bool:
    return actor in allowed_moves(current, type=type, needs_release=needs_release).get(to, frozenset())


def every_move(type: OpportunityType | str, *, needs_release: bool) -> list[tuple[S, S, frozenset[Actor]]]:
    """Every (from, to, who) of one type's lifecycle (with or without a release step), from the statuses it can reach."""
    reachable, frontier = set(), [S.INVITED, S.APPLIED]
    while frontier:
        status = frontier.pop()
        if status not in reachable:
            reachable.add(status)
            frontier += allowed_moves(status, type=type, needs_release=needs_release)
    return [
        (frm, to, who) for frm in S if frm in reachable
        for to, who in allowed_moves(frm, type=type, needs_release=needs_release).items()
    ]


def lifecycles() -> list[tuple[OpportunityType, bool]]:
    """Every distinct lifecycle: each type, with the release step where the type can need one."""
    out = []
    for t in OpportunityType:
        if t in NEEDS_RELEASE:
            out.append((t, True))
        elif t == OpportunityType.JOB_SHADOWING:
            out += [(t, True), (t, False)]
        else:
            out.append((t, False))
    return out


def mermaid(type: OpportunityType | str, *, needs_release: bool) -> str:
    """The type's application lifecycle as a Mermaid state diagram (docs/workflows.md holds these; a test checks
    that they match this table)."""
    start = [S.INVITED, S.APPLIED]
    lines = ["stateDiagram-v2", *(f"    [*] --> {s}" for s in start)]
    for frm, to, who in every_move(type, needs_release=needs_release):
        label = ", ".join(a.value.replace("_", " ") for a in sorted(who))
        lines.append(f"    {frm} --> {to}: {label}")
    ends = [s for s in S if s in TERMINAL] + ([S.ACTIVE] if OpportunityType(type) == OpportunityType.PERMANENT_ROLE else [])
    reachable = {to for _, to, _ in every_move(type, needs_release=needs_release)} | set(start)
    lines += [f"    {s} --> [*]" for s in ends if s in reachable]
    return "\n".join(lines)


def opportunity_mermaid() -> str:
    lines = ["stateDiagram-v2", "    [*] --> draft"]
    for (frm, to), who in OPPORTUNITY_MOVES.items():
        lines.append(f"    {frm} --> {to}: {', '.join(sorted(a.value for a in who))}")
    lines.append("    cancelled --> [*]")
    return "\n".join(lines)
