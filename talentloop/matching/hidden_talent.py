"""Hidden talent, as the candidates page and the API show it: the ranked candidates of matching.services, the
free query read part by part, and for each person only what ProfileAccess lets the viewer see — the explanation
included: held levels and evidence only if the person shares their skills with owners, growth skills and
preference hits (which come from their aspirations) only if they share their aspirations."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from talentloop.accounts.personas import Personas
from talentloop.errors import Forbidden, InvalidInput, NotFound
from talentloop.marketplace import services as marketplace
from talentloop.marketplace.access import can_edit_opportunity, visible_opportunities
from talentloop.marketplace.lifecycle import LIVE
from talentloop.marketplace.models import Application, Opportunity
from talentloop.matching import services as matching
from talentloop.people.access import ProfileAccess, ProfileView
from talentloop.people.models import Employee, EmployeeSkill

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def require_owner(p: Personas, opportunity: Opportunity) -> None:
    if not can_edit_opportunity(p, opportunity):
        raise Forbidden("Only the owner of this opportunity or a talent admin can search candidates for it.")


def owned_opportunity(p: Personas, public_id) -> Opportunity:
    """The opportunity, if the viewer may search candidates for it: 403 for anyone who never may (neither an
    opportunity owner nor a talent admin), 404 if they cannot see it, 403 if it is someone else's."""
    if not (p.is_talent_admin or p.is_opportunity_owner):
        raise Forbidden("Only the owner of an opportunity or a talent admin can search candidates for it.")
    opportunity = (
        visible_opportunities(p).select_related("owner__user", "department", "location").filter(public_id=public_id).first()
    )
    if opportunity is None:
        raise NotFound("No such opportunity.")
    require_owner(p, opportunity)
    return opportunity


def redact(match: matching.ExplainedMatch, view: ProfileView) -> matching.ExplainedMatch:
    """The explanation with only what the viewer may see of the person."""
    if not view.skills:
        def hide(lines):
            return [dataclasses.replace(s, held=None, verified=False, via_level=None, evidence=()) for s in lines]

        match = dataclasses.replace(match, matched=hide(match.matched), partial=hide(match.partial), missing=hide(match.missing))
    if not view.aspirations:
        match = dataclasses.replace(match, growth=[], preference_hits=[])
    return match


@dataclass(frozen=True)
class Candidate:
    employee: Employee
    view: ProfileView
    match: matching.ExplainedMatch
    status: str | None  # a live application's status (invited, applied...), if the index has not caught up yet


@dataclass(frozen=True)
class Search:
    text: str
    parsed: matching.ParsedQuery | None
    candidates: list[Candidate]
    invited: list[Application]  # live applications to the opportunity, invitations first


def search(p: Personas, opportunity: Opportunity, text: str = "", *, limit: int = DEFAULT_LIMIT) -> Search:
    require_owner(p, opportunity)
    text = (text or "").strip()
    parsed = matching.parse_query(text) if text else None
    items = matching.candidates(p, opportunity, query=parsed.query if parsed else None, k=limit)
    prefetch_related_objects([i.employee for i in items], Prefetch("skills", queryset=EmployeeSkill.objects.select_related("skill")))
    access = ProfileAccess(p)
    live = list(
        Application.objects.filter(opportunity=opportunity, status__in=sorted(LIVE))
        .select_related("applicant__user", "applicant__department")
        .order_by("status", "applicant__user__last_name")
    )
    status = {a.applicant_id: a.status for a in live}
    candidates = []
    for item in items:
        view = access.view_of(item.employee)
        candidates.append(Candidate(item.employee, view, redact(item.match, view), status.get(item.employee.pk)))
    live.sort(key=lambda a: (a.status != "invited", a.applicant.name))
    return Search(text, parsed, candidates, live)


def invite(p: Personas, opportunity: Opportunity, employee_public_id, message: str = "") -> tuple[Employee, marketplace.ApplyResult]:
    """Invite a person found by the search; anyone the viewer may not see is "unknown", whether or not they exist."""
    require_owner(p, opportunity)
    candidate = ProfileAccess(p).visible_employees().select_related("user").filter(public_id=employee_public_id).first()
    if candidate is None:
        raise InvalidInput({"employee": ["Unknown employee."]})
    return candidate, marketplace.invite(p, opportunity, candidate, message)
