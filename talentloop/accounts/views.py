"""Web pages for accounts: the home page of each persona, API tokens, and the friendly error pages.

`domain_error_response` is shared by every app's views: it turns a service's DomainError into the
403/404/409 page (409 with the next steps still allowed), so no view ever answers with a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_POST

from talentloop.accounts import services
from talentloop.accounts.forms import TokenForm, add_domain_errors
from talentloop.accounts.personas import personas
from talentloop.errors import DomainError, Forbidden, NotFound
from talentloop.marketplace.access import awaiting_release
from talentloop.marketplace.lifecycle import (
    LIVE,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityType,
)
from talentloop.marketplace.models import Application, Opportunity
from talentloop.matching import services as matching
from talentloop.people.models import Aspiration, Employee, EmployeeSkill
from talentloop.roles.models import Role
from talentloop.skills.models import Skill, SkillAlias, SkillCategory

STATUS_ORDER = [str(s) for s in ApplicationStatus]
OPEN_APPLICATION_STATUSES = sorted(LIVE - {ApplicationStatus.COMPLETED})


# --- error pages -----------------------------------------------------------------------------------------------


def error_400(request, exception=None):
    return render(request, "errors/400.html", {"message": ""}, status=400)


def error_403(request, exception=None):
    message = str(exception) if exception is not None and str(exception) else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # No context processors, no database: the error may be the database itself.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def domain_error_response(request: HttpRequest, exc: DomainError, **context) -> HttpResponse:
    """The page for a DomainError the view could not show on a form: 403, 404, 409 (with next steps) or 400."""
    if isinstance(exc, NotFound):
        return error_404(request)
    if isinstance(exc, Forbidden):
        return render(request, "errors/403.html", {"message": exc.message}, status=403)
    template = "errors/409.html" if exc.status_code == 409 else "errors/400.html"
    context = {"message": exc.message, "errors": exc.errors, "allowed": exc.extra.get("allowed"), **context}
    return render(request, template, context, status=exc.status_code)


# --- home ------------------------------------------------------------------------------------------------------


@login_required
def home(request):
    p = personas(request)
    emp = p.employee
    context: dict = {"p": p}
    if emp is not None:
        context["employee_section"] = _employee_section(p, emp)
        if p.is_line_manager:
            context["manager_section"] = _manager_section(emp)
        if p.is_opportunity_owner:
            context["owner_section"] = _owner_section(emp)
    if p.is_lod_admin:
        context["lod_section"] = _lod_section()
    if p.is_talent_admin:
        context["talent_section"] = _talent_section(p)
    return render(request, "home/home.html", context)


def _employee_section(p, emp: Employee) -> dict:
    applications = list(
        Application.objects.filter(applicant=emp, status__in=OPEN_APPLICATION_STATUSES)
        .select_related("opportunity__department")
        .order_by("-status_changed_at")[:10]
    )
    feed, total = matching.feed(p, k=5)
    return {
        "applications": applications,
        "feed": feed,
        "feed_total": total,
        "hints": _completeness_hints(emp, skill_count=EmployeeSkill.objects.filter(employee=emp).count()),
    }


def _completeness_hints(emp: Employee, *, skill_count: int) -> list[tuple[str, str]]:
    hints = []
    if not emp.summary.strip():
        hints.append(("Write a short summary of what you do and what you enjoy.", "profile"))
    if skill_count < 3:
        hints.append((f"Add at least three skills with their levels (you have {skill_count}).", "skills"))
    if emp.weekly_hours_available == 0:
        hints.append(("Say how many hours a week you could give to opportunities.", "profile"))
    if emp.location_id is None:
        hints.append(("Add your location so that nearby opportunities can find you.", "profile"))
    aspiration = Aspiration.objects.filter(employee=emp).first()
    if aspiration is None or not (aspiration.opportunity_types or aspiration.target_roles.exists()):
        hints.append(("Tell us what you aspire to: target roles and the kinds of opportunity you want.", "aspirations"))
    if not emp.open_to_opportunities:
        hints.append(("You are hidden from opportunity owners; opt in if you would like to be invited.", "visibility"))
    return hints


def _manager_section(emp: Employee) -> dict:
    reports = list(emp.reports.filter(leave_date__isnull=True).select_related("user", "department"))
    awaiting = list(awaiting_release(emp).select_related("applicant__user", "opportunity"))
    to_approve = list(Opportunity.objects.filter(status=OpportunityStatus.PENDING_APPROVAL, owner__manager=emp).select_related("owner__user"))
    return {"reports": reports, "awaiting_release": awaiting, "awaiting_approval": to_approve}


def _owner_section(emp: Employee) -> dict:
    opportunities = list(
        emp.owned_opportunities.exclude(status=OpportunityStatus.CANCELLED).order_by("status", "-created_at")[:20]
    )
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Application.objects.filter(opportunity__in=opportunities)
        .values("opportunity_id", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts.setdefault(row["opportunity_id"], {})[row["status"]] = row["n"]
    for opportunity in opportunities:
        by_status = counts.get(opportunity.pk, {})
        opportunity.applicant_counts = [(s, by_status[s]) for s in STATUS_ORDER if s in by_status]
        opportunity.applicant_total = sum(by_status.values())
    return {"opportunities": opportunities}


def _lod_section() -> dict:
    return {
        "skills": Skill.objects.filter(is_active=True).count(),
        "retired_skills": Skill.objects.filter(is_active=False).count(),
        "families": SkillCategory.objects.filter(parent__isnull=True).count(),
        "categories": SkillCategory.objects.count(),
        "aliases": SkillAlias.objects.count(),
        "roles": Role.objects.count(),
    }


def _talent_section(p) -> dict:
    from talentloop.marketplace.views import moves_of  # marketplace.views imports this module

    by_status = dict(Application.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    totals = Opportunity.objects.aggregate(
        open=Count("id", filter=Q(status=OpportunityStatus.OPEN)),
        draft=Count("id", filter=Q(status=OpportunityStatus.DRAFT)),
        permanent=Count("id", filter=Q(status=OpportunityStatus.OPEN, type=OpportunityType.PERMANENT_ROLE)),
    )
    return {
        "employees": Employee.objects.filter(leave_date__isnull=True).count(),
        "open_to_opportunities": Employee.objects.filter(leave_date__isnull=True, open_to_opportunities=True).count(),
        "opportunities": totals,
        "applications": [(s, by_status[s]) for s in STATUS_ORDER if s in by_status],
        "applications_total": sum(by_status.values()),
        # Where nobody is left to decide (no manager, or none above an overdue one), the talent admins do.
        "releases": [
            (a, moves_of(p, a)) for a in Application.objects.filter(
                status=ApplicationStatus.OFFERED, release_required=True, release_approver__isnull=True
            ).select_related("applicant__user", "applicant__manager", "opportunity__owner__user").order_by("status_changed_at")[:50]
        ],
        "approvals": list(
            Opportunity.objects.filter(status=OpportunityStatus.PENDING_APPROVAL, owner__manager__isnull=True).select_related("owner__user")[:50]
        ),
    }


# --- personal API tokens (shown on the profile page) -------------------------------------------------------


@login_required
@require_POST
def create_token(request):
    form = TokenForm(request.POST, prefix="token")
    status = 400
    if form.is_valid():
        try:
            token, secret = services.create_personal_token(request.user, form.cleaned_data["name"])
        except DomainError as exc:
            add_domain_errors(form, exc)
            status = exc.status_code
        else:
            # Shown once on the next page, then gone: only its hash is stored.
            request.session["new_token"] = {"name": token.name, "secret": secret}
            messages.success(request, f"Token “{token.name}” created. Copy its secret now: it will not be shown again.")
            return redirect("people:me")
    from talentloop.people.views import render_profile

    return render_profile(request, token_form=form, status=status)


@login_required
@require_POST
def revoke_token(request, token_id: int):
    try:
        services.revoke_personal_token(request.user, token_id)
    except DomainError as exc:
        return domain_error_response(request, exc)
    messages.success(request, "Token revoked; scripts using it can no longer sign in.")
    return redirect("people:me")
