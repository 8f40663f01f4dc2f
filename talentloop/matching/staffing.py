"""Staffing proposals for talent admins: choose open opportunities, take each one's top candidates from the
matching index, and let the optimiser fill the free seats with the highest total score without booking anyone
beyond their weekly hours (optionally giving a department a minimum share of the seats). Then, on request,
invite every proposed pair through the marketplace's own invite (which re-checks each one).

Proposals are not stored: the page and the API run one on demand, and the invite step receives the pairs back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from talentloop.accounts.personas import Personas
from talentloop.errors import DomainError, Forbidden
from talentloop.marketplace import services as marketplace
from talentloop.marketplace.lifecycle import HOLDS_SEAT, OpportunityStatus, OpportunityType
from talentloop.marketplace.models import Application, Opportunity
from talentloop.matching import optimiser
from talentloop.matching import services as matching
from talentloop.people.models import Department, Employee

PER_OPPORTUNITY = 30  # candidates taken from the index for each opportunity
MAX_OPPORTUNITIES = 2000  # the most recently published open opportunities a proposal considers
MAX_PAIRS = 5000  # pairs the invite step accepts at once
TIME_LIMIT_S = 20.0


def require_talent_admin(p: Personas) -> None:
    if not p.is_talent_admin:
        raise Forbidden("Only talent admins can run the staffing optimiser.")


@dataclass(frozen=True)
class Assignment:
    person: Employee
    score: float
    match: matching.ExplainedMatch


@dataclass(frozen=True)
class Staffed:
    opportunity: Opportunity
    seats_free: int
    candidates: int  # candidates the optimiser could choose from
    assignments: list[Assignment]


@dataclass(frozen=True)
class Proposal:
    status: str  # optimal | infeasible | time_limit (see optimiser.StaffingResult)
    message: str
    seconds: float
    total_score: float
    seats_free: int
    filled: int
    candidates: int  # distinct people among the candidate pairs
    pairs: int
    capped: bool  # more open opportunities matched than MAX_OPPORTUNITIES
    share_department: Department | None
    share: float | None
    share_filled: int  # seats proposed to people of share_department
    opportunities: list[Staffed] = field(default_factory=list)

    @property
    def chosen(self) -> list[tuple[Opportunity, Assignment]]:
        return [(s.opportunity, a) for s in self.opportunities for a in s.assignments]


def _seats_taken():
    taken = (
        Application.objects.filter(opportunity=OuterRef("pk"), status__in=sorted(HOLDS_SEAT))
        .order_by().values("opportunity").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(taken, output_field=IntegerField()), Value(0))


def open_opportunities(*, types: Iterable[str] = (), department: Department | None = None):
    qs = Opportunity.objects.filter(status=OpportunityStatus.OPEN)
    if types:
        qs = qs.filter(type__in=sorted(types))
    if department is not None:
        qs = qs.filter(department=department)
    return qs


def propose(
    p: Personas,
    *,
    types: Iterable[str] = (),
    department: Department | None = None,
    share_department: Department | None = None,
    share: float | None = None,
    per_opportunity: int = PER_OPPORTUNITY,
) -> Proposal:
    """Fill the free seats of the chosen open opportunities with the best total match score."""
    require_talent_admin(p)
    qs = (
        open_opportunities(types=types, department=department)
        .annotate(taken=_seats_taken())
        .select_related("department", "owner__user")
        .order_by("-published_at", "-pk")
    )
    found = list(qs[: MAX_OPPORTUNITIES + 1])
    capped = len(found) > MAX_OPPORTUNITIES
    opportunities = [o for o in found[:MAX_OPPORTUNITIES] if o.seats - o.taken > 0]
    pairs = matching.candidate_pairs([o.pk for o in opportunities], per_opportunity=per_opportunity)

    opp_index = {o.pk: i for i, o in enumerate(opportunities)}
    person_ids = sorted({c.person_id for c in pairs})
    person_index = {pid: i for i, pid in enumerate(person_ids)}
    hours = {c.person_id: c.person_hours for c in pairs}
    departments = {c.person_id: c.person_department_id for c in pairs}
    # A permanent role is a move, not spare time: it books none of the person's free hours.
    opp_hours = [0 if o.type == OpportunityType.PERMANENT_ROLE else o.hours_per_week for o in opportunities]
    shares = None
    groups = None
    if share_department is not None and share:
        groups = np.array([1 if departments[pid] == share_department.pk else 0 for pid in person_ids], dtype=np.int64)
        shares = {1: float(share)}
    problem = optimiser.StaffingProblem(
        seats=np.array([o.seats - o.taken for o in opportunities], dtype=np.int64),
        opp_hours=np.array(opp_hours, dtype=np.int64),
        person_hours=np.array([max(0, hours[pid]) for pid in person_ids], dtype=np.int64),
        pair_opp=np.array([opp_index[c.opportunity_id] for c in pairs], dtype=np.int64),
        pair_person=np.array([person_index[c.person_id] for c in pairs], dtype=np.int64),
        pair_score=np.clip(np.array([c.score for c in pairs], dtype=float), 0.0, 1.0),
        person_group=groups,
        min_share=shares,
    )
    result = optimiser.solve(problem, time_limit=TIME_LIMIT_S)

    chosen = [pairs[int(i)] for i in result.pair_index]
    people = Employee.objects.select_related("user", "department").in_bulk([c.person_id for c in chosen])
    explained = matching.explain_matches([c.match for c in chosen])
    by_opportunity: dict[int, list[Assignment]] = defaultdict(list)
    for c, e in zip(chosen, explained, strict=True):
        if c.person_id in people:
            by_opportunity[c.opportunity_id].append(Assignment(people[c.person_id], c.score, e))
    per_opp_candidates: dict[int, int] = defaultdict(int)
    for c in pairs:
        per_opp_candidates[c.opportunity_id] += 1
    staffed = [
        Staffed(o, o.seats - o.taken, per_opp_candidates[o.pk], sorted(by_opportunity[o.pk], key=lambda a: -a.score))
        for o in opportunities
    ]
    return Proposal(
        status=result.status,
        message=result.message,
        seconds=result.seconds,
        total_score=round(result.total_score, 4),
        seats_free=int(problem.seats.sum()),
        filled=len(chosen),
        candidates=len(person_ids),
        pairs=len(pairs),
        capped=capped,
        share_department=share_department if shares else None,
        share=float(share) if shares else None,
        share_filled=sum(1 for c in chosen if share_department is not None and departments[c.person_id] == share_department.pk),
        opportunities=staffed,
    )


# --- invitations ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    opportunity: str  # title, or the public_id when unknown
    person: str  # name, or the public_id when unknown
    reason: str


@dataclass(frozen=True)
class InvitationSummary:
    created: int
    existing: int
    skipped: list[Skipped]

    @property
    def text(self) -> str:
        parts = [f"{self.created} invitation{'s' if self.created != 1 else ''} sent"]
        if self.existing:
            parts.append(f"{self.existing} already invited or applied")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return ", ".join(parts) + "."


def send_invitations(p: Personas, pairs: Iterable[tuple[str, str]], message: str = "") -> InvitationSummary:
    """Invite each (opportunity public_id, person public_id) through marketplace.services.invite, which checks
    again that the opportunity is open and the person open to opportunities. Inviting twice is harmless."""
    require_talent_admin(p)
    pairs = list(dict.fromkeys((str(o), str(e)) for o, e in pairs))
    opportunities = {str(o.public_id): o for o in Opportunity.objects.filter(public_id__in={o for o, _ in pairs})}
    people = {str(e.public_id): e for e in Employee.objects.select_related("user").filter(public_id__in={e for _, e in pairs})}
    created = existing = 0
    skipped: list[Skipped] = []
    for opp_id, person_id in pairs:
        opportunity, person = opportunities.get(opp_id), people.get(person_id)
        if opportunity is None or person is None:
            skipped.append(Skipped(
                opportunity.title if opportunity else opp_id, person.name if person else person_id,
                "unknown opportunity" if opportunity is None else "unknown person",
            ))
            continue
        try:
            result = marketplace.invite(p, opportunity, person, message)
        except DomainError as exc:
            skipped.append(Skipped(opportunity.title, person.name, exc.message))
            continue
        if result.created:
            created += 1
        else:
            existing += 1
    return InvitationSummary(created, existing, skipped)
