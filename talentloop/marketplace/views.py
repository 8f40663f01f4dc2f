"""Marketplace pages: browse and search, opportunity detail, post and edit with skill needs, the owner's
applicants, my applications, and the one endpoint that moves an application (every button posts there)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from talentloop.accounts.forms import add_domain_errors
from talentloop.accounts.personas import Personas, personas
from talentloop.accounts.views import domain_error_response
from talentloop.errors import Conflict, DomainError, InvalidInput
from talentloop.marketplace import services
from talentloop.marketplace.access import can_edit_opportunity, visible_applications, visible_opportunities
from talentloop.marketplace.forms import (
    OPPORTUNITY_MOVE_LABELS,
    ApplyForm,
    BrowseFilter,
    MoveForm,
    OpportunityForm,
    OpportunityStatusForm,
    SkillNeedFormSet,
)
from talentloop.marketplace.lifecycle import (
    LIVE,
    OPPORTUNITY_TRANSITIONS,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityType,
)
from talentloop.marketplace.models import Application, Opportunity, OpportunitySkill, SkillNeed
from talentloop.matching import services as matching
from talentloop.people.access import ProfileAccess
from talentloop.people.models import EmployeeSkill

PAGE_SIZE = 20
# Required skills first, then nice-to-have, then the ones the person will grow; higher levels first.
NEEDS_IN_ORDER = OpportunitySkill.objects.select_related("skill").order_by(
    Case(
        When(need=SkillNeed.REQUIRED, then=Value(0)),
        When(need=SkillNeed.NICE_TO_HAVE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    ),
    "-level",
    "skill__label",
)
EXTRA_NEED_ROWS = 2
S = ApplicationStatus
STATUS_ORDER = {s.value: i for i, s in enumerate(S)}


# --- buttons: the moves a person may make ----------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    to: str
    label: str
    needs_reason: bool = False
    primary: bool = True


MOVE_LABELS = {
    S.APPLIED: "Accept the invitation",  # the only move to applied is from an invitation
    S.SHORTLISTED: "Shortlist",
    S.OFFERED: "Offer",
    S.RELEASED: "Release",
    S.ACCEPTED: "Accept",
    S.ACTIVE: "Start",
    S.COMPLETED: "Complete",
    S.WITHDRAWN: "Withdraw",
    S.DECLINED: "Decline",
}


def moves_of(p: Personas, application: Application) -> list[Move]:
    """The buttons for the moves services.moves_for allows this person; declining asks for a reason."""
    moves = []
    for to in services.moves_for(p, application):
        status = S(to)
        moves.append(
            Move(
                to=to,
                label=MOVE_LABELS.get(status, to.capitalize()),
                needs_reason=status == S.DECLINED,
                primary=status not in (S.WITHDRAWN, S.DECLINED),
            )
        )
    return sorted(moves, key=lambda m: (not m.primary, STATUS_ORDER[m.to]))


def _status_moves(opportunity: Opportunity) -> list[tuple[str, str]]:
    current = OpportunityStatus(opportunity.status)
    moves = sorted(OPPORTUNITY_TRANSITIONS[current], key=lambda s: list(OpportunityStatus).index(s))
    labels = {**OPPORTUNITY_MOVE_LABELS}
    if current == OpportunityStatus.CLOSED:
        labels[OpportunityStatus.OPEN] = "Reopen"
    return [(str(s), labels[s]) for s in moves]


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# --- browse ----------------------------------------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def browse(request):
    p = personas(request)
    data = request.GET.copy()
    if not data.getlist("status"):
        data.setlist("status", [OpportunityStatus.OPEN])  # open only unless asked otherwise
    queryset = visible_opportunities(p).select_related("owner__user", "department", "location").prefetch_related(
        Prefetch("skill_needs", queryset=NEEDS_IN_ORDER)
    )
    filterset = BrowseFilter(data, queryset=queryset, request=request)
    valid = filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # The employee's match with each card of the page: one index lock and two queries for the page.
    matches = matching.explain_many(p, list(page)) if p.employee is not None else {}
    for o in page:
        o.match = matches.get(o.pk)
    context = {"filter": filterset, "form": filterset.form, "page": page, "valid": valid}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "marketplace/_results.html" if partial else "marketplace/browse.html"
    return render(request, template, context, status=200 if valid else 400)


# --- detail and applying ---------------------------------------------------------------------------------------


def _visible_opportunity(p: Personas, public_id) -> Opportunity:
    return get_object_or_404(
        visible_opportunities(p).select_related("owner__user", "department", "location", "role"), public_id=public_id
    )


def _detail_context(request, opportunity: Opportunity, apply_form: ApplyForm | None = None) -> dict:
    p = personas(request)
    emp = p.employee
    needs = list(NEEDS_IN_ORDER.filter(opportunity=opportunity))
    held = {}
    if emp is not None:
        held = dict(
            EmployeeSkill.objects.filter(employee=emp, skill_id__in=[n.skill_id for n in needs]).values_list("skill_id", "proficiency")
        )
    groups = []
    for need, label in SkillNeed.choices:
        rows = [(n, held.get(n.skill_id)) for n in needs if n.need == need]
        if rows:
            groups.append((need, label, rows))
    application = None
    if emp is not None:
        application = (
            Application.objects.filter(opportunity=opportunity, applicant=emp)
            .select_related("applicant__user")
            .prefetch_related("changes")
            .order_by("-created_at")
            .first()
        )
        if application is not None:
            application.opportunity = opportunity
    is_owner = can_edit_opportunity(p, opportunity)
    can_apply = (
        emp is not None
        and opportunity.status == OpportunityStatus.OPEN
        and opportunity.owner_id != emp.pk
        and (application is None or application.status not in LIVE or application.status == S.INVITED)
    )
    permanent = opportunity.type == OpportunityType.PERMANENT_ROLE
    return {
        "match": matching.why(p, opportunity),
        "opportunity": opportunity,
        "need_groups": groups,
        "seats_taken": services.seats_taken(opportunity),
        "application": application,
        # An invitation is accepted with the apply form (it carries the message), not with a bare button.
        "moves": [m for m in moves_of(p, application) if not (can_apply and m.to == S.APPLIED)]
        if application is not None and application.status in LIVE
        else [],
        "can_apply": can_apply,
        "apply_form": apply_form or (ApplyForm(permanent_role=permanent) if can_apply else None),
        "is_owner": is_owner,
        "status_moves": _status_moves(opportunity) if is_owner else [],
        "needs_release": services.needs_release(opportunity),
    }


@login_required
def detail(request, public_id):
    opportunity = _visible_opportunity(personas(request), public_id)
    return render(request, "marketplace/detail.html", _detail_context(request, opportunity))


@login_required
@require_POST
def apply(request, public_id):
    p = personas(request)
    opportunity = _visible_opportunity(p, public_id)
    form = ApplyForm(request.POST, permanent_role=opportunity.type == OpportunityType.PERMANENT_ROLE)
    if form.is_valid():
        try:
            result = services.apply(
                p, opportunity, form.cleaned_data["message"],
                share_with_manager=form.cleaned_data.get("share_with_manager", False),
            )
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except DomainError as exc:
            return domain_error_response(request, exc, back=reverse("marketplace:detail", args=[opportunity.public_id]))
        else:
            if result.created:
                messages.success(request, f"Your application to “{opportunity.title}” is sent.")
            else:
                messages.info(request, f"You have already applied to “{opportunity.title}”.")
            return redirect("marketplace:detail", public_id=opportunity.public_id)
    context = _detail_context(request, opportunity, apply_form=form)
    return render(request, "marketplace/detail.html", context, status=400)


@login_required
@require_POST
def change_status(request, public_id):
    p = personas(request)
    opportunity = _visible_opportunity(p, public_id)
    if not can_edit_opportunity(p, opportunity):
        raise PermissionDenied("Only the owner or a talent admin may change this opportunity's status.")
    form = OpportunityStatusForm(request.POST)
    back = reverse("marketplace:detail", args=[opportunity.public_id])
    if not form.is_valid():
        return domain_error_response(request, InvalidInput({"status": form.errors["to"]}), back=back)
    try:
        opportunity = services.change_opportunity_status(p, opportunity, form.cleaned_data["to"])
    except DomainError as exc:
        opportunity.refresh_from_db()
        return domain_error_response(
            request, exc, back=back, opportunity=opportunity, status_moves=_status_moves(opportunity)
        )
    messages.success(request, f"“{opportunity.title}” is now {opportunity.status}.")
    return redirect(back)


# --- post and edit ---------------------------------------------------------------------------------------------


def _opportunity_forms(request, *, initial: dict, needs_initial: list[dict]):
    if request.method == "POST":
        data = request.POST.copy()
        if request.POST.get("action") == "more":
            key = "needs-TOTAL_FORMS"
            data[key] = str(min(int(data.get(key) or 0) + 1, services.MAX_SKILL_NEEDS))
        return OpportunityForm(data), SkillNeedFormSet(data, prefix="needs")
    formset = SkillNeedFormSet(prefix="needs", initial=needs_initial)
    formset.extra = EXTRA_NEED_ROWS if needs_initial else EXTRA_NEED_ROWS + 1
    return OpportunityForm(initial=initial), formset


def _place_errors(form, formset, rows: list[int], exc: DomainError) -> list[str]:
    """Put the service's errors on the form field or skill row they name; the rest go above the rows."""
    leftover = []
    for name, msgs in exc.errors.items():
        if name.startswith("skill_needs[") and "]." in name:
            index, field = name[len("skill_needs[") :].split("].", 1)
            row = rows[int(index)] if index.isdigit() and int(index) < len(rows) else None
            if row is not None and field in formset.forms[row].fields:
                formset.forms[row].add_error(field, list(msgs))
                continue
            leftover.extend(msgs)
        elif name in form.fields:
            form.add_error(name, list(msgs))
        else:
            leftover.extend(msgs)
    return leftover


def _save_opportunity(request, opportunity: Opportunity | None, form, formset):
    """Validate, call the service, and answer: a redirect on success, the form again with errors otherwise."""
    p = personas(request)
    action = request.POST.get("action", "draft")
    if action == "more" or not (form.is_valid() and formset.is_valid()):
        return None, [], 200 if action == "more" else 400
    data = dict(form.cleaned_data)
    needs, rows = formset.needs()
    try:
        with transaction.atomic():
            if opportunity is None:
                opportunity = services.create_opportunity(p, data, needs, publish=action == "publish")
            else:
                opportunity = services.update_opportunity(p, opportunity, data, needs)
                if action == "publish":
                    services.change_opportunity_status(p, opportunity, OpportunityStatus.OPEN)
    except DomainError as exc:
        if exc.status_code in (403, 404):
            raise
        return None, _place_errors(form, formset, rows, exc), exc.status_code
    return opportunity, [], 302


def _render_opportunity_form(request, opportunity, form, formset, errors, status):
    context = {"opportunity": opportunity, "form": form, "formset": formset, "needs_errors": errors}
    return render(request, "marketplace/form.html", context, status=status)


@login_required
def create(request):
    p = personas(request)
    if p.employee is None or not p.is_opportunity_owner:
        raise PermissionDenied("You are not allowed to post opportunities.")
    form, formset = _opportunity_forms(
        request, initial={"department": p.employee.department.slug, "seats": 1}, needs_initial=[]
    )
    if request.method != "POST":
        return _render_opportunity_form(request, None, form, formset, [], 200)
    try:
        saved, errors, status = _save_opportunity(request, None, form, formset)
    except DomainError as exc:
        return domain_error_response(request, exc)
    if saved is not None:
        published = saved.status == OpportunityStatus.OPEN
        messages.success(request, f"“{saved.title}” is {'published' if published else 'saved as a draft'}.")
        return redirect("marketplace:detail", public_id=saved.public_id)
    return _render_opportunity_form(request, None, form, formset, errors, status)


@login_required
def edit(request, public_id):
    p = personas(request)
    opportunity = _visible_opportunity(p, public_id)
    if not can_edit_opportunity(p, opportunity):
        raise PermissionDenied("Only the owner or a talent admin may edit this opportunity.")
    if opportunity.status == OpportunityStatus.CANCELLED:
        return domain_error_response(
            request, Conflict("A cancelled opportunity cannot be edited.", extra={"allowed": []}),
            back=reverse("marketplace:detail", args=[opportunity.public_id]),
        )
    initial = {
        "type": opportunity.type, "title": opportunity.title, "description": opportunity.description,
        "department": opportunity.department.slug, "role": opportunity.role.slug if opportunity.role else None,
        "hours_per_week": opportunity.hours_per_week, "seats": opportunity.seats,
        "start_date": opportunity.start_date, "end_date": opportunity.end_date, "work_mode": opportunity.work_mode,
        "location": opportunity.location.slug if opportunity.location else None,
    }
    needs_initial = [
        {"skill": n.skill, "need": n.need, "level": n.level} for n in NEEDS_IN_ORDER.filter(opportunity=opportunity)
    ]
    form, formset = _opportunity_forms(request, initial=initial, needs_initial=needs_initial)
    if request.method != "POST":
        return _render_opportunity_form(request, opportunity, form, formset, [], 200)
    try:
        saved, errors, status = _save_opportunity(request, opportunity, form, formset)
    except DomainError as exc:
        return domain_error_response(request, exc)
    if saved is not None:
        messages.success(request, f"“{saved.title}” is saved{' and published' if request.POST.get('action') == 'publish' else ''}.")
        return redirect("marketplace:detail", public_id=saved.public_id)
    return _render_opportunity_form(request, opportunity, form, formset, errors, status)


# --- applicants and applications -------------------------------------------------------------------------------


@login_required
def applicants(request, public_id):
    p = personas(request)
    opportunity = _visible_opportunity(p, public_id)
    if not can_edit_opportunity(p, opportunity):
        raise PermissionDenied("Only the owner of this opportunity sees its applicants.")
    access = ProfileAccess(p)
    applications = list(
        opportunity.applications.select_related("applicant__user", "applicant__department", "applicant__location")
        .prefetch_related(
            "changes",
            Prefetch("applicant__skills", queryset=EmployeeSkill.objects.select_related("skill")),
        )
    )
    rows = []
    for a in applications:
        a.opportunity = opportunity
        rows.append((a, access.view_of(a.applicant), moves_of(p, a)))
    rows.sort(key=lambda r: (r[0].status not in LIVE, STATUS_ORDER[r[0].status], r[0].created_at))
    context = {
        "opportunity": opportunity,
        "rows": rows,
        "seats_taken": services.seats_taken(opportunity),
        "needs_release": services.needs_release(opportunity),
    }
    return render(request, "marketplace/applicants.html", context)


@login_required
def my_applications(request):
    p = personas(request)
    emp = p.employee
    applications = []
    if emp is not None:
        applications = list(
            Application.objects.filter(applicant=emp)
            .select_related("applicant__user", "opportunity__owner__user", "opportunity__department")
            .prefetch_related("changes")
            .order_by("-status_changed_at")
        )
    rows = [(a, moves_of(p, a)) for a in applications]
    return render(request, "marketplace/my_applications.html", {"rows": rows, "has_profile": emp is not None})


@login_required
@require_POST
def move(request, public_id):
    p = personas(request)
    application = get_object_or_404(
        visible_applications(p).select_related("applicant__user", "opportunity__owner__user"), public_id=public_id
    )
    form = MoveForm(request.POST)
    back = _safe_next(request, reverse("marketplace:my_applications"))
    if form.is_valid():
        to = form.cleaned_data["to"]
        try:
            services.move_application(p, application, to, form.cleaned_data["reason"])
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except DomainError as exc:
            if exc.status_code == 404:
                raise Http404 from exc
            application.refresh_from_db()
            return domain_error_response(request, exc, back=back, application=application, moves=moves_of(p, application))
        else:
            who = "Your application" if application.applicant_id == getattr(p.employee, "pk", None) else (
                f"The application of {application.applicant.name}"
            )
            messages.success(request, f"{who} to “{application.opportunity.title}” is now {to}.")
            return redirect(back)
    # The form again, with its error (in practice: a decline without a reason, sent without JavaScript checks).
    to = form.data.get("to", "")
    label = MOVE_LABELS[S(to)] if to in STATUS_ORDER and S(to) in MOVE_LABELS else ""
    context = {"application": application, "form": form, "back": back, "label": label}
    return render(request, "marketplace/move.html", context, status=400)
