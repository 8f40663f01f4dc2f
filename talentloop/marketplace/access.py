"""Who may see and act on opportunities and applications."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from talentloop.accounts.personas import Personas
from talentloop.marketplace.lifecycle import (
    HOLDS_SEAT,
    LIVE,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityType,
)
from talentloop.marketplace.models import Application, Opportunity
from talentloop.people.models import Employee

VISIBLE_TO_ALL = (OpportunityStatus.OPEN, OpportunityStatus.CLOSED)


def applicant_ids_for_owner(owner: Employee) -> frozenset[int]:
    return frozenset(
        Application.objects.filter(opportunity__owner=owner, status__in=sorted(LIVE)).values_list("applicant_id", flat=True)
    )


def visible_opportunities(p: Personas) -> QuerySet[Opportunity]:
    """Employees see open and closed opportunities, their own drafts, and what their reports ask them to approve;
    talent admins see all."""
    qs = Opportunity.objects.all()
    if p.is_talent_admin:
        return qs
    if p.employee is None:
        return qs.none()
    to_approve = Q(status=OpportunityStatus.PENDING_APPROVAL, owner__manager=p.employee)
    return qs.filter(Q(status__in=VISIBLE_TO_ALL) | Q(owner=p.employee) | to_approve)


def can_edit_opportunity(p: Personas, opportunity: Opportunity) -> bool:
    return p.is_talent_admin or (p.employee is not None and opportunity.owner_id == p.employee.pk)


def manager_may_see(application: Application) -> bool:
    """A permanent-role application is confidential: the line manager learns of it only at offer stage or with consent."""
    if application.opportunity.type != OpportunityType.PERMANENT_ROLE:
        return True
    return application.share_with_manager or application.status in HOLDS_SEAT


def visible_applications(p: Personas) -> QuerySet[Application]:
    """Your own applications, those to opportunities you own, and your direct reports' (confidentiality kept)."""
    qs = Application.objects.all()
    if p.is_talent_admin:
        return qs
    emp = p.employee
    if emp is None:
        return qs.none()
    confidential_hidden = Q(opportunity__type=OpportunityType.PERMANENT_ROLE) & Q(share_with_manager=False) & ~Q(status__in=sorted(HOLDS_SEAT))
    as_manager = Q(applicant__manager=emp) & ~confidential_hidden
    return qs.filter(Q(applicant=emp) | Q(opportunity__owner=emp) | as_manager)


def awaiting_release(employee: Employee) -> QuerySet[Application]:
    """Offers whose release waits on this person: their reports' (until escalated away) and those escalated to them."""
    return Application.objects.filter(
        Q(release_approver=employee) | Q(applicant__manager=employee, release_escalated_at__isnull=True),
        status=ApplicationStatus.OFFERED, release_required=True,
    ).order_by("status_changed_at")
